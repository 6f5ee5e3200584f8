#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/tz.h"
#include "../store/item.h"
#include "urls.h"

const struct config_key config_keys[] = {
	{"site_name", "the site's name, shown in every page's header", "Press Office"},
	{"base_url", "the public address, e.g. https://press.example.org, or under a path https://mfa.example/press", CONFIG_BASE_URL_DEFAULT},
	{"timezone", "IANA time zone of the site's dates, e.g. Europe/London", "UTC"},
	{"language", "default language (BCP 47), e.g. en", "en"},
	{"description", "one line about the site, for feeds and search engines", ""},
	{"contact_title", "heading of the contact block", "Contacts"},
	{"contact_phone", "telephone shown in the contact block", ""},
	{"contact_email", "e-mail shown in the contact block", ""},
	{"contact_address", "postal address shown in the contact block", ""},
	{"clocks", "clocks on the home page: Label=Zone pairs, comma-separated, "
		   "e.g. Moscow=Europe/Moscow,London=Europe/London", ""},
	{"per_page", "items per page of the archive and lists (1-100)", "20"},
	{NULL, NULL, NULL},
};

static const struct config_key *config_find(const char *key)
{
	for (const struct config_key *k = config_keys; k->name; k++)
		if (strcmp(k->name, key) == 0)
			return k;
	return NULL;
}

static int config_parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Parses "Label=Zone, Label=Zone" into c->clocks (c may be NULL to only check). */
static int config_parse_clocks(const char *v, struct config *c, struct buf *err)
{
	size_t n = 0;
	const char *p = v;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (!eq) {
			buf_addf(err, "clocks: '%.*s' is not Label=Zone", (int)(end - p), p);
			return -1;
		}
		const char *ls = p, *le = eq;
		while (le > ls && le[-1] == ' ')
			le--;
		const char *zs = eq + 1, *ze = end;
		while (zs < ze && *zs == ' ')
			zs++;
		while (ze > zs && ze[-1] == ' ')
			ze--;
		char zone[80];
		if (le == ls || (size_t)(ze - zs) >= sizeof(zone) || le - ls > 40) {
			buf_addf(err, "clocks: '%.*s' is not Label=Zone", (int)(end - p), p);
			return -1;
		}
		memcpy(zone, zs, (size_t)(ze - zs));
		zone[ze - zs] = '\0';
		if (tz_valid(zone)) {
			buf_addf(err, "clocks: '%s' is not an IANA time zone", zone);
			return -1;
		}
		if (n == CONFIG_MAX_CLOCKS) {
			buf_addf(err, "clocks: at most %d clocks", CONFIG_MAX_CLOCKS);
			return -1;
		}
		if (c) {
			c->clocks[n].label = strndup(ls, (size_t)(le - ls));
			c->clocks[n].zone = strdup(zone);
			if (!c->clocks[n].label || !c->clocks[n].zone) {
				free(c->clocks[n].label);
				free(c->clocks[n].zone);
				buf_lit(err, "out of memory");
				return -1;
			}
			c->nclocks = n + 1;
		}
		n++;
		p = end;
	}
	return 0;
}

static int config_valid_email(const char *v)
{
	const char *at = strchr(v, '@');
	if (!at || at == v || !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return -1;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>\"'(),;:\\[]", *p))
			return -1;
	return 0;
}

/* Checks one value; returns 0 or -1 with a message in err. */
static int config_check_key(const char *key, struct buf *err)
{
	if (config_find(key))
		return 0;
	buf_addf(err, "unknown setting '%s' (see 'pressroom config')", key);
	return -1;
}

void config_tidy(const char *key, char *v)
{
	/* A base URL is kept without its trailing slash, so paths can be appended. */
	size_t len = strlen(v);
	if (!strcmp(key, "base_url") && len > 8 && v[len - 1] == '/')
		v[len - 1] = '\0';
}

/* config_check; stored: a value read back, which rules added since it was set
 * (a base URL's path or international host) do not refuse: a site upgraded with
 * one keeps its address rather than falling back to the default's 127.0.0.1. */
static int config_check_in(const char *key, const char *v, struct buf *err, int stored)
{
	if (config_check_key(key, err))
		return -1;
	long n;
	if (strlen(v) > 2000) {
		buf_addf(err, "%s: value longer than 2000 bytes", key);
		return -1;
	}
	if (item_valid_utf8(v)) {
		buf_addf(err, "%s: not valid UTF-8", key);
		return -1;
	}
	if (!strcmp(key, "timezone") && tz_valid(v)) {
		buf_addf(err, "timezone: '%s' is not an IANA time zone (e.g. Europe/London)", v);
		return -1;
	}
	if (!strcmp(key, "language") && item_valid_lang(v)) {
		buf_addf(err, "language: '%s' is not a BCP 47 language tag (e.g. en, ru, en-GB)", v);
		return -1;
	}
	if (!strcmp(key, "base_url")) {
		if (item_valid_url(v) || strchr(v, '?') || strchr(v, '#')) {
			buf_addf(err, "base_url: '%s' is not an http(s) address without query", v);
			return -1;
		}
		/* A site under a path of its host ("https://mfa.example/press"): the server
		 * answers there and puts its pages' links under it (url_base_path). */
		const char *host = strstr(v, "//") + 2, *path = strchr(host, '/');
		const char *why = path && path[1] ? url_base_path_new(path) : NULL;
		if (!stored && why) {
			buf_addf(err, "base_url: '%s': its path '%s' %s", v, path, why);
			return -1;
		}
		for (const char *c = host; !stored && *c && c != path; c++)
			if ((unsigned char)*c >= 0x80) {
				buf_addf(err, "base_url: '%s': write the host in its ASCII form "
					      "(IDNA, xn--...), as feeds and the sitemap need it", v);
				return -1;
			}
	}
	if (!strcmp(key, "per_page") && config_parse_int(v, 1, 100, &n)) {
		buf_addf(err, "per_page: '%s' is not a number from 1 to 100", v);
		return -1;
	}
	if (!strcmp(key, "contact_email") && *v && config_valid_email(v)) {
		buf_addf(err, "contact_email: '%s' is not an e-mail address", v);
		return -1;
	}
	if (!strcmp(key, "clocks") && config_parse_clocks(v, NULL, err))
		return -1;
	if (!strcmp(key, "site_name") && !*v) {
		buf_lit(err, "site_name: must not be empty");
		return -1;
	}
	return 0;
}

int config_check(const char *key, const char *v, struct buf *err)
{
	return config_check_in(key, v, err, 0);
}

/* The zone changes, and the imported items dated by their day alone keep it. */
static int config_set_timezone(struct store *s, const char *zone, struct buf *said,
			       struct buf *err)
{
	char *was = NULL;
	enum store_err e = store_setting_get(s, "timezone", &was);
	const char *from = was ? was : config_find("timezone")->fallback;
	int64_t moved = 0;
	if (!e || e == STORE_NOTFOUND)
		e = store_timezone_set(s, zone, from, clock_now(), &moved);
	if (e)
		buf_adds(err, store_errmsg(s));
	else if (moved && said)
		buf_addf(said, "%lld item%s imported with a date and no time kept %s day: %s "
			       "midnight in %s now, not in %s\n",
			 (long long)moved, moved == 1 ? "" : "s", moved == 1 ? "its" : "their",
			 moved == 1 ? "its" : "each one's", zone, from);
	free(was);
	return e ? -1 : 0;
}

int config_set(struct store *s, const char *key, const char *value, struct buf *err,
	       struct buf *said)
{
	if (config_check_key(key, err))
		return -1;
	char *v = strdup(value);
	if (!v) {
		buf_lit(err, "out of memory");
		return -1;
	}
	config_tidy(key, v);
	int r = config_check(key, v, err);
	if (!r && !strcmp(key, "timezone")) {
		r = config_set_timezone(s, v, said, err);
	} else if (!r && store_setting_set(s, key, v) != STORE_OK) {
		buf_adds(err, store_errmsg(s));
		r = -1;
	}
	free(v);
	return r;
}

static char **config_field(struct config *c, const char *key)
{
	if (!strcmp(key, "site_name")) return &c->site_name;
	if (!strcmp(key, "base_url")) return &c->base_url;
	if (!strcmp(key, "timezone")) return &c->timezone;
	if (!strcmp(key, "language")) return &c->language;
	if (!strcmp(key, "description")) return &c->description;
	if (!strcmp(key, "contact_title")) return &c->contact_title;
	if (!strcmp(key, "contact_phone")) return &c->contact_phone;
	if (!strcmp(key, "contact_email")) return &c->contact_email;
	if (!strcmp(key, "contact_address")) return &c->contact_address;
	return NULL;
}

enum store_err config_load(struct store *s, struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->per_page = 20;
	for (const struct config_key *k = config_keys; k->name; k++) {
		char *v = NULL;
		enum store_err e = store_setting_get(s, k->name, &v);
		if (e == STORE_NOTFOUND) {
			v = strdup(k->fallback);
		} else if (e) {
			config_clear(c);
			return e;
		}
		if (!v) {
			config_clear(c);
			return store_oom(s);
		}
		/* A value that no longer validates (zone data removed, ...) falls back. */
		struct buf err;
		buf_init(&err, 1024);
		if (config_check_in(k->name, v, &err, 1)) {
			free(v);
			v = strdup(k->fallback);
		}
		buf_release(&err);
		char **f = config_field(c, k->name);
		if (f) {
			*f = v;
			continue;
		}
		if (!strcmp(k->name, "per_page")) {
			long n;
			if (!config_parse_int(v, 1, 100, &n))
				c->per_page = (int)n;
		} else if (!strcmp(k->name, "clocks")) {
			struct buf err2;
			buf_init(&err2, 1024);
			config_parse_clocks(v ? v : "", c, &err2);
			buf_release(&err2);
		}
		free(v);
	}
	for (const struct config_key *k = config_keys; k->name; k++) {
		char **f = config_field(c, k->name);
		if (f && !*f) {
			config_clear(c);
			return store_oom(s);
		}
	}
	return STORE_OK;
}

void config_clear(struct config *c)
{
	for (const struct config_key *k = config_keys; k->name; k++) {
		char **f = config_field(c, k->name);
		if (f) {
			free(*f);
			*f = NULL;
		}
	}
	for (size_t i = 0; i < c->nclocks; i++) {
		free(c->clocks[i].label);
		free(c->clocks[i].zone);
	}
	c->nclocks = 0;
}
