/*
 * The static copy kept in step by `pressroom serve --export DIR` (export.h): a
 * thread with a site of its own watches what readers see (site_changed: a commit
 * that changed public content, or a scheduled or embargoed item's time passing)
 * and runs export_static into DIR once the site has been quiet for a moment.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/waiter.h"
#include "../site/site.h"
#include "export.h"

#define MIRROR_LOOK_MS 500        /* how often the site is looked at */
#define MIRROR_QUIET_MS 1000      /* a change waits this long for the next one... */
#define MIRROR_MAX_WAIT_MS 10000  /* ...but not longer than this in all */
#define MIRROR_RETRY_MS 60000     /* after a failed export */

struct export_mirror {
	pthread_t thread;
	char *db, *dir, *base_path;
	int quiet;
	struct site site;
	struct waiter w;
};

/* One export; its outcome on stderr (an error always, a success unless quiet).
 * first: the one before serving, whose failure stops the server. */
static int mirror_export(struct export_mirror *m, int first)
{
	struct export_static_options o = {.threads = 1, .base_path = m->base_path};
	struct export_static_result r;
	struct buf err;
	buf_init(&err, 8192);
	int64_t t0 = clock_ms();
	int rc = export_static(m->db, m->dir, &o, &r, &err);
	if (rc)
		fprintf(stderr, "pressroom: static copy %s: %s (%s)\n", m->dir, buf_str(&err),
			first ? "the server does not start without it"
			      : "tried again at the next change, or in a minute");
	else if (!m->quiet)
		fprintf(stderr, "pressroom: static copy %s: %zu pages, %zu feeds, %zu media files, %zu "
				"removed, in %.2f s\n", m->dir, r.pages, r.feeds, r.media, r.removed,
			(double)(clock_ms() - t0) / 1000.0);
	buf_release(&err);
	return rc;
}

static void *mirror_main(void *arg)
{
	struct export_mirror *m = arg;
	int due = 0;              /* the copy is behind the site */
	int64_t first = 0, last = 0, retry_at = 0;
	while (!waiter_sleep(&m->w, MIRROR_LOOK_MS)) {
		int64_t now = clock_ms();
		if (site_changed(&m->site)) {
			if (!due)
				first = now;
			due = 1;
			last = now;
			retry_at = 0;   /* a change is worth another try at once */
		}
		if (!due || (retry_at && now < retry_at))
			continue;
		/* Quiet for a moment (a save often comes with more), or waited long enough. */
		if (now - last < MIRROR_QUIET_MS && now - first < MIRROR_MAX_WAIT_MS)
			continue;
		if (mirror_export(m, 0))
			retry_at = clock_ms() + MIRROR_RETRY_MS;
		else
			due = 0;
	}
	return NULL;
}

struct export_mirror *export_mirror_start(const char *db, const char *dir, const char *base_path,
					  int quiet)
{
	struct export_mirror *m = calloc(1, sizeof(*m));
	char err[1200];
	if (!m || !(m->db = strdup(db)) || !(m->dir = strdup(dir)) ||
	    (base_path && !(m->base_path = strdup(base_path)))) {
		fprintf(stderr, "pressroom: out of memory\n");
		goto fail;
	}
	m->quiet = quiet;
	if (site_open(&m->site, db, err, sizeof(err))) {
		fprintf(stderr, "pressroom: static copy: %s\n", err);
		goto fail;
	}
	/* The first export now, before serving: a folder that cannot be written is said
	 * at start, not found out later. */
	if (mirror_export(m, 1)) {
		site_close(&m->site);
		goto fail;
	}
	waiter_init(&m->w);
	if (waiter_thread_start(&m->thread, mirror_main, m)) {
		fprintf(stderr, "pressroom: static copy: cannot start its thread\n");
		waiter_destroy(&m->w);
		site_close(&m->site);
		goto fail;
	}
	return m;
fail:
	if (m) {
		free(m->db);
		free(m->dir);
		free(m->base_path);
		free(m);
	}
	return NULL;
}

void export_mirror_stop(struct export_mirror *m)
{
	if (!m)
		return;
	waiter_stop(&m->w);
	pthread_join(m->thread, NULL);
	waiter_destroy(&m->w);
	site_close(&m->site);
	free(m->db);
	free(m->dir);
	free(m->base_path);
	free(m);
}
