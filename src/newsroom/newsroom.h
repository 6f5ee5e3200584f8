/*
 * newsroom: the web newsroom under /admin, preview links under /preview/ and
 * uploaded media under /media/, as one struct http_app for the server.
 *
 * Ownership and threads: the newsroom owns two store connections to the site's
 * file. `store` serves every page and action and is used under `lock` (one request
 * at a time: pages are small, and one writer keeps the saves simple); `login_store`
 * serves only logins, under `login_lock`, so that password hashing and the delays
 * of login throttling never hold up press officers who are already logged in. The
 * public site has its own connection and sees the newsroom's commits within a
 * second (it polls PRAGMA data_version). `site` is borrowed, for previews that
 * render exactly as the public page.
 * Every page checks the session and the role on the server; every POST checks
 * the CSRF token first (403, nothing changed). See docs/internals/newsroom.md.
 */
#ifndef PR_NEWSROOM_H
#define PR_NEWSROOM_H

#include <pthread.h>
#include <stdint.h>

#include "../http/request.h"
#include "../site/site.h"
#include "../store/store.h"

/* Total POST body cap: an upload of NR_MEDIA_MAX plus its form. */
#define NR_MAX_POST ((size_t)12 << 20)
/* How long a newsroom write waits for another program's write lock (ms). */
#define NR_BUSY_MS 1000

struct newsroom {
	struct site *site;              /* borrowed */
	struct store *store;            /* owned; under lock */
	pthread_mutex_t lock;
	struct store *login_store;      /* owned; under login_lock */
	pthread_mutex_t login_lock;
	struct http_app app;
	char **zones;                   /* IANA zones offered in the forms, sorted; owned */
	size_t nzones;
	int64_t now_override;           /* tests only: a fixed "now"; 0 = the clock */
};

/*
 * Opens the newsroom on the site file at db (auth_init included). site may be
 * NULL (no previews: unit tests). Returns 0, or -1 with a message in err.
 */
int newsroom_open(struct newsroom *nr, const char *db, struct site *site, char *err,
		  size_t errsz);
void newsroom_close(struct newsroom *nr);
/* The app to put in server_options.app; valid while nr is open. */
const struct http_app *newsroom_app(struct newsroom *nr);

#endif
