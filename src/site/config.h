/*
 * config: the site's settings, loaded from the store's settings table.
 *
 * A struct config is a snapshot: config_load() fills it, config_clear() frees it.
 * Every string is owned by the struct and never NULL after a successful load.
 * config_set() validates a value before writing it, so a stored config is valid.
 */
#ifndef PR_CONFIG_H
#define PR_CONFIG_H

#include <stddef.h>

#include "../base/buf.h"
#include "../store/store.h"

#define CONFIG_MAX_CLOCKS 8
/* The base_url a new site has: this machine. */
#define CONFIG_BASE_URL_DEFAULT "http://127.0.0.1:8080"

struct config_clock {
	char *label;     /* "Moscow" */
	char *zone;      /* "Europe/Moscow" */
};

struct config {
	char *site_name;
	char *base_url;        /* "https://example.org" without trailing slash */
	char *timezone;        /* IANA zone of the site's dates */
	char *language;        /* default language, BCP 47 */
	char *description;
	char *contact_title;   /* "Consular queries" */
	char *contact_phone;
	char *contact_email;
	char *contact_address;
	struct config_clock clocks[CONFIG_MAX_CLOCKS];
	size_t nclocks;
	int per_page;
	/* Not a setting (config_load leaves it 0): the URLs of pages end in '/'
	 * ("/items/x/", "/archive/"), for the static copy, where each page is a folder's
	 * index.html that a plain web server answers at that URL without a redirect.
	 * The export sets it with site.static_copy; urls.h reads it. */
	int dir_urls;
};

struct config_key {
	const char *name;
	const char *help;
	const char *fallback;
};

/* The known keys, their help text and default values, ended by a {NULL} entry. */
extern const struct config_key config_keys[];

enum store_err config_load(struct store *s, struct config *c);
void config_clear(struct config *c);
/*
 * Validates and stores one setting. Returns 0, or -1 with a message in err
 * ("unknown setting 'x'", "timezone: 'Mars/Base' is not an IANA time zone"). What
 * the change did besides (a new time zone's imported days kept: store_timezone_set)
 * is said in lines in said, when not NULL.
 */
int config_set(struct store *s, const char *key, const char *value, struct buf *err,
	       struct buf *said);
/* What config_set does to a value before checking it (a base URL's trailing slash
 * goes), in place. */
void config_tidy(const char *key, char *value);
/* The check config_set makes, without writing: 0, or -1 with the same message. */
int config_check(const char *key, const char *value, struct buf *err);

#endif
