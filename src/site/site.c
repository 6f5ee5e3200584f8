/* The site: opening it, routing a path to its page, and noticing change. */
#include "site.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <time.h>

#include "../base/clock.h"
#include "../base/i18n.h"
#include "../render/escape.h"
#include "pages.h"
#include "urls.h"

/* Fills site->langs: the default language, then each language of a public item. */
static void site_load_langs(struct site *site, int64_t now)
{
	size_t n = 0;
	snprintf(site->langs[n++], SITE_LANG_MAX, "%s", site->cfg.language);
	struct item_query q = {.public_only = 1, .now = now, .kind = -1};
	char **langs;
	size_t nl;
	if (store_item_langs(site->store, &q, &langs, &nl) == STORE_OK) {
		for (size_t i = 0; i < nl && n < SITE_MAX_LANGS; i++)
			if (strlen(langs[i]) < SITE_LANG_MAX && strcmp(langs[i], site->langs[0]) != 0)
				snprintf(site->langs[n++], SITE_LANG_MAX, "%s", langs[i]);
		store_langs_free(langs, nl);
	}
	site->nlangs = n;
	/* Each language's catalogue is opened here, at start (one thread) or when a
	 * language first appears, not by whichever page asks first (i18n_warm). */
	for (size_t i = 0; i < n; i++)
		i18n_warm(site->langs[i]);
}

int site_has_lang(const struct site *site, const char *lang)
{
	for (size_t i = 0; i < site->nlangs; i++)
		if (!strcmp(site->langs[i], lang))
			return 1;
	return 0;
}

int site_open(struct site *site, const char *path, char *err, size_t errsz)
{
	memset(site, 0, sizeof(*site));
	enum store_err e = store_open(path, STORE_OPEN_EXISTING, &site->store, err, errsz);
	/* A read-only file is still a site to serve; only writes (the newsroom's) fail. */
	if (e == STORE_READONLY)
		e = store_open(path, STORE_OPEN_READONLY, &site->store, err, errsz);
	if (e)
		return -1;
	if (config_load(site->store, &site->cfg)) {
		snprintf(err, errsz, "%s", store_errmsg(site->store));
		store_close(site->store);
		return -1;
	}
	pthread_mutex_init(&site->lock, NULL);
	store_data_version(site->store, &site->data_version);
	store_content_version(site->store, &site->content_version);
	store_next_scheduled(site->store, site_now(site), &site->next_scheduled);
	site_load_langs(site, site_now(site));
	/* Before any server thread: binds the catalogues, unsets LANGUAGE. */
	i18n_init();
	return 0;
}

void site_close(struct site *site)
{
	site_months_clear(site);
	config_clear(&site->cfg);
	store_close(site->store);
	pthread_mutex_destroy(&site->lock);
}

int64_t site_now(const struct site *site)
{
	return site->now_override ? site->now_override : clock_now();
}

void site_base_url(struct site *site, char *url, size_t n)
{
	pthread_mutex_lock(&site->lock);
	const char *u = site->cfg.base_url ? site->cfg.base_url : "";
	if (strlen(u) < n)
		memcpy(url, u, strlen(u) + 1);
	else if (n)
		url[0] = '\0';
	pthread_mutex_unlock(&site->lock);
}

int site_changed(struct site *site)
{
	int changed = 0;
	pthread_mutex_lock(&site->lock);
	int64_t v = 0, now = site_now(site);
	/* data_version is a cheap check that anything was committed; only a change to
	 * what readers see (not a session touch or an audit row) drops the pages. */
	if (store_data_version(site->store, &v) == STORE_OK && v != site->data_version) {
		site->data_version = v;
		int64_t c = 0;
		if (store_content_version(site->store, &c) != STORE_OK || c != site->content_version) {
			site->content_version = c;
			changed = 1;
		}
	}
	if (site->next_scheduled && site->next_scheduled <= now)
		changed = 1;
	if (changed) {
		struct config c;
		if (config_load(site->store, &c) == STORE_OK) {
			c.dir_urls = site->cfg.dir_urls;   /* not a setting: the renderer's */
			config_clear(&site->cfg);
			site->cfg = c;
		}
		store_next_scheduled(site->store, now, &site->next_scheduled);
		site_load_langs(site, now);
		site_months_clear(site);
	}
	pthread_mutex_unlock(&site->lock);
	return changed;
}

/* Parses a positive decimal number that fills [s, s+n); 0 if it is not one. */
static int64_t site_number(const char *s, size_t n)
{
	int64_t v = 0;
	if (!n || n > 9 || *s == '0')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * Splits "rest" of a list path: "" is page 1, "/page/N" page N (N >= 2); anything
 * else -1. Sets *redirect when the path is "/page/1".
 */
static int64_t site_page_suffix(const char *rest, int *redirect)
{
	*redirect = 0;
	if (!*rest)
		return 1;
	if (strncmp(rest, "/page/", 6) != 0)
		return -1;
	int64_t n = site_number(rest + 6, strlen(rest + 6));
	if (n == 1)
		*redirect = 1;
	return n ? n : -1;
}

/* A slug as the store allows it: [a-z0-9-], at most 120. */
static int site_slug_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 120)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* r->location = the page's language prefix + the formatted path. */
static void site_location(struct page *p, struct site_response *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void site_location(struct page *p, struct site_response *r, const char *fmt, ...)
{
	char path[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	struct buf b;
	buf_init(&b, sizeof(r->location) - 1);
	url_path(&b, p->cfg, p->lang, path);
	snprintf(r->location, sizeof(r->location), "%s", buf_failed(&b) ? "/" : buf_str(&b));
	buf_release(&b);
}

/*
 * Where the tools a press office comes from put a site's feed: WordPress's /feed/
 * (and /feed/rss2/, /feed/atom/), Ghost's /rss/, Hugo's /index.xml, jekyll-feed's
 * /feed.xml (Atom) and the common /rss.xml and /atom.xml. Journalists subscribed
 * there keep their subscription: a 301 to our feed of that format (feed readers
 * follow it and update the address). Returns "rss" or "atom", or NULL.
 */
const char *const site_legacy_feeds[][2] = {
	{"/feed", "rss"},       {"/feed/rss2", "rss"}, {"/feed/rss", "rss"},
	{"/rss", "rss"},        {"/rss.xml", "rss"},   {"/index.xml", "rss"},
	{"/feed/atom", "atom"}, {"/atom.xml", "atom"}, {"/feed.xml", "atom"},
	{NULL, NULL},
};

/* r: a 301 to the page's language's feed of format fmt ("rss", "atom"). */
static void site_feed_moved(struct page *p, struct site_response *r, const char *fmt)
{
	struct buf b;
	buf_init(&b, sizeof(r->location) - 1);
	url_feed(&b, p->cfg, p->lang, -1, fmt);
	snprintf(r->location, sizeof(r->location), "%s", buf_failed(&b) ? "/" : buf_str(&b));
	buf_release(&b);
	r->status = 301;
}

static const char *site_legacy_feed(const char *path)
{
	for (size_t i = 0; site_legacy_feeds[i][0]; i++)
		if (!strcmp(path, site_legacy_feeds[i][0]))
			return site_legacy_feeds[i][1];
	return NULL;
}

/* How much of an old address is the site's own path in front ("/press" of
 * "/press/2017/x" and of "/press/?p=12", for a site under /press): 0 if none. */
size_t site_under_len(const struct config *c, const char *path)
{
	const char *under;
	size_t n = url_base_path(c->base_url, &under);
	return n && !strncmp(path, under, n) && path[n] == '/' ? n : 0;
}

/*
 * A static copy's /shortlinks.json: {"/?p=12": "/items/flood-relief/", ...}, each
 * WordPress shortlink ("/?p=12", a network blog's "/ru/?p=12") of a public item, for
 * /static/shortlink.js on the copy's home pages, since no server there answers the
 * query.
 */
static int site_shortlinks_render(struct page *p, struct site_response *r)
{
	struct store_alias *v;
	size_t n;
	if (store_alias_list(p->site->store, 0, &v, &n))
		return -1;
	struct buf *o = p->out, u;
	buf_init(&u, 2048);
	int rc = 0, first = 1;
	buf_lit(o, "{");
	for (size_t i = 0; i < n && !rc; i++) {
		if (!url_alias_is_shortlink(v[i].path))
			continue;
		struct item it;
		item_init(&it);
		enum store_err e = store_item_get(p->site->store, v[i].item_id, &it);
		if (e && e != STORE_NOTFOUND)
			rc = -1;
		if (!e && item_is_public(&it, p->now)) {
			buf_reset(&u);
			url_item(&u, p->cfg, &it);
			buf_adds(o, first ? "\n\"" : ",\n\"");
			/* As shortlink.js asks it: from the copy's root, under its path. */
			esc_json_s(o, v[i].path + site_under_len(p->cfg, v[i].path));
			buf_lit(o, "\": \"");
			esc_json_s(o, buf_str(&u));
			buf_lit(o, "\"");
			first = 0;
		}
		item_clear(&it);
	}
	buf_lit(o, "\n}\n");
	buf_release(&u);
	store_aliases_free(v, n);
	r->content_type = "application/json; charset=utf-8";
	return rc;
}

static int site_route(struct page *p, const char *path, struct site_response *r)
{
	int redirect;
	int64_t pg;
	if (!strcmp(path, "/"))
		return home_render(p, r);
	if (!strncmp(path, "/items/", 7) && site_slug_ok(path + 7))
		return item_page_render(p, path + 7, r);
	if (!strcmp(path, "/feed.rss") || !strcmp(path, "/feed.atom") || !strcmp(path, "/feed.json"))
		return feed_page_render(p, -1, path + 6, r);
	if (!strcmp(path, "/sitemap.xml"))
		return sitemap_render(p, r);
	if (!strcmp(path, "/search"))
		return search_render(p, r);
	if (p->site->static_copy && !strcmp(path, "/search/index.json"))
		return search_index_render(p, r);
	if (p->site->static_copy && !strcmp(path, "/shortlinks.json"))
		return site_shortlinks_render(p, r);
	if (!strcmp(path, "/opensearch.xml"))
		return opensearch_render(p, r);
	if (!strcmp(path, "/robots.txt")) {
		robots_render(p, r);
		return 0;
	}
	if (!strncmp(path, "/archive", 8)) {
		const char *rest = path + 8;
		/* /archive/yyyy/mm[/page/n] */
		if (rest[0] == '/' && strlen(rest) >= 8 && rest[5] == '/' &&
		    site_number(rest + 1, 4) && (rest[8] == '\0' || rest[8] == '/')) {
			int year = (int)site_number(rest + 1, 4);
			int month = (rest[6] - '0') * 10 + (rest[7] - '0');
			if (rest[6] >= '0' && rest[6] <= '1' && rest[7] >= '0' && rest[7] <= '9' &&
			    month >= 1 && month <= 12 && year >= 1) {
				pg = site_page_suffix(rest + 8, &redirect);
				if (redirect) {
					site_location(p, r, "/archive/%04d/%02d", year, month);
					r->status = 301;
					return 0;
				}
				if (pg > 0)
					return list_render(p, -1, year, month, pg, r);
			}
		}
		pg = site_page_suffix(rest, &redirect);
		if (redirect) {
			site_location(p, r, "/archive");
			r->status = 301;
			return 0;
		}
		if (pg > 0)
			return list_render(p, -1, 0, 0, pg, r);
	}
	if (!strncmp(path, "/kind/", 6)) {
		const char *k = path + 6;
		const char *slash = strchr(k, '/');
		size_t klen = slash ? (size_t)(slash - k) : strlen(k);
		int kind = item_kind_parse(k, klen);
		if (kind >= 0) {
			const char *rest = k + klen;
			if (!strcmp(rest, "/feed.rss") || !strcmp(rest, "/feed.atom") ||
			    !strcmp(rest, "/feed.json"))
				return feed_page_render(p, kind, rest + 6, r);
			pg = site_page_suffix(rest, &redirect);
			if (redirect) {
				site_location(p, r, "/kind/%s", item_kind_slug((enum item_kind)kind));
				r->status = 301;
				return 0;
			}
			if (pg > 0)
				return list_render(p, kind, 0, 0, pg, r);
		}
	}
	if (!strncmp(path, "/series/", 8) && path[8] && strlen(path) < 300)
		return series_render(p, path + 8, r);
	const char *legacy = site_legacy_feed(path);
	if (legacy) {
		/* A static copy cannot redirect, and a feed reader follows no page's
		 * meta refresh: the feed itself is there (a web server serves a name
		 * ending in .xml as XML, a folder's index.html as HTML: readers go by
		 * the content). */
		if (p->site->static_copy)
			return feed_page_render(p, -1, legacy, r);
		site_feed_moved(p, r, legacy);
		return 0;
	}
	page_not_found(p, r);
	return 0;
}

void site_render(struct site *site, const char *path, struct site_response *r)
{
	site_render_query(site, path, NULL, 0, r);
}

void site_response_reset(struct site_response *r)
{
	buf_reset(&r->body);
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	r->expires = 0;
	r->last_modified = 0;
	r->location[0] = '\0';
	r->old_address = 0;
	r->why[0] = '\0';
}

/* r->why of a page that failed, from its body's buffer or the store's message; under
 * the site's lock, where the store's message is still this thread's. */
static void site_response_why(const struct site *site, struct site_response *r)
{
	const char *store = store_errmsg(site->store);
	if (buf_failed(&r->body))
		snprintf(r->why, sizeof(r->why), "%s",
			 r->body.err == BUF_TOOBIG ? "larger than a page may be" : "out of memory");
	else if (*store)
		snprintf(r->why, sizeof(r->why), "%s", store);
	else
		/* Without a store message, what failed was an allocation of the page code
		 * (its other refusals cannot happen with a valid configuration). */
		snprintf(r->why, sizeof(r->why), "%s", "out of memory (no database error recorded)");
}

void site_response_error(const struct site *site, struct site_response *r)
{
	site_response_why(site, r);
	buf_reset(&r->body);
	buf_lit(&r->body, "The page could not be made just now; please try again.\n");
	r->status = 500;
	r->content_type = "text/plain; charset=utf-8";
	r->expires = site_now(site) + 1;
}

/*
 * The page of path, under the site's lock: another language's pages sit under
 * "/<lang>"; the default language has no prefix. Only languages that have public
 * items do: "/xx/..." of any other is a 404. Returns the path without the prefix;
 * lang (SITE_LANG_MAX bytes) holds the page's language when it had one.
 */
static const char *site_page_enter(struct site *site, const char *path, struct page *p,
				   struct site_response *r, char *lang)
{
	*p = (struct page){.site = site, .cfg = &site->cfg, .out = &r->body,
			   .lang = site->cfg.language, .now = site_now(site)};
	size_t seg = strcspn(path + 1, "/");
	if (seg > 0 && seg < SITE_LANG_MAX) {
		memcpy(lang, path + 1, seg);
		lang[seg] = '\0';
		if (strcmp(lang, site->cfg.language) != 0 && site_has_lang(site, lang)) {
			p->lang = lang;
			path = path[seg + 1] ? path + seg + 1 : "/";
		}
	}
	return path;
}

/*
 * A page's address with a trailing '/' ("/items/x/", "/archive/", "/ru/kind/news/"),
 * as a static copy links it (urls.h), is a 301 to the page's own address, with the
 * query when there is one (only "/search/" is given it), so that links into a copy
 * keep working when the site moves to this server. path is without the language
 * prefix and ends in '/' (not the home "/"). Returns 1 when r is that 301, or the
 * failure of the page (rc set); 0 when the path without its '/' is no page (a
 * 404, a file such as "/feed.rss/"): then r is to be made again from path.
 */
static int site_slash_redirect(struct page *p, const char *path, struct site_response *r,
			       int *rc)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	char *bare = strndup(path, n);
	if (!bare) {
		*rc = -1;
		return 1;
	}
	*rc = site_route(p, bare, r);
	int page = !*rc && (r->status == 200 || r->status == 301) &&
		   !strncmp(r->content_type, "text/html", 9);
	if (*rc || !page) {
		free(bare);
		return *rc != 0;
	}
	if (r->status == 200) {
		/* The page's own address (the live server's: no '/' at the end), each
		 * segment encoded again: path was decoded. */
		struct buf b;
		buf_init(&b, sizeof(r->location) - 1);
		url_lang_prefix(&b, p->cfg, p->lang);
		for (const char *s = bare; *s;) {
			size_t seg = strcspn(s, "/");
			esc_url(&b, s, seg);
			s += seg;
			if (*s == '/')
				buf_addc(&b, *s++);
		}
		for (size_t i = 0; i < p->nparams; i++) {
			buf_addc(&b, i ? '&' : '?');
			esc_url_s(&b, p->params[i].name);
			buf_addc(&b, '=');
			esc_url_s(&b, p->params[i].value);
		}
		/* An address too long for a Location (a long search) is answered with
		 * the page itself. */
		if (!buf_failed(&b))
			snprintf(r->location, sizeof(r->location), "%s", buf_str(&b));
		buf_release(&b);
		if (!r->location[0]) {
			free(bare);
			return 1;
		}
	}
	/* (A 301 already, e.g. to an item's translation: straight there.) */
	r->status = 301;
	r->last_modified = 0;
	free(bare);
	return 1;
}

/*
 * A path no page answers that is an old address of a public item (store_alias_put,
 * from an import): r becomes a 301 to the item's page. full is the whole path, with
 * its language prefix: decoded (a request's), or not (an address we made, such as
 * a shortlink's "/?p=12"). Returns 1 when r is that 301; 0 when the path stays a
 * 404; -1 when the store failed.
 */
static int site_alias(struct page *p, const char *full, int decoded, struct site_response *r)
{
	struct buf path;
	buf_init(&path, URL_ALIAS_MAX + 16);
	const char *why;
	int64_t id = 0;
	int rc = 0;
	enum store_err e = url_alias_path(full, strlen(full), decoded, &path, &why)
				   ? STORE_NOTFOUND
				   : store_alias_find(p->site->store, buf_str(&path), &id);
	/* A site under a path that took over a blog at the same place: its old addresses
	 * have the path in front ("/press/2017/x"), and a request has it taken off. */
	const char *under;
	size_t nunder = url_base_path(p->cfg->base_url, &under);
	if (e == STORE_NOTFOUND && nunder && path.len) {
		buf_insert(&path, 0, under, nunder);
		if (!buf_failed(&path))
			e = store_alias_find(p->site->store, buf_str(&path), &id);
	}
	buf_release(&path);
	if (e)
		return e == STORE_NOTFOUND ? 0 : -1;
	struct item it;
	item_init(&it);
	e = store_item_get(p->site->store, id, &it);
	if (!e && item_is_public(&it, p->now)) {
		struct buf to;
		buf_init(&to, sizeof(r->location) - 1);
		url_item(&to, p->cfg, &it);
		if (!buf_failed(&to)) {
			snprintf(r->location, sizeof(r->location), "%s", buf_str(&to));
			r->status = 301;
			r->old_address = 1;
			rc = 1;
		}
		buf_release(&to);
	} else if (e && e != STORE_NOTFOUND) {
		rc = -1;
	}
	item_clear(&it);
	return rc;
}

int site_is_shortlink(const char *path) { return url_shortlink_blog(path, strlen(path)) >= 0; }

/* WordPress's feed without pretty permalinks ("/?feed=rss2"): our feed's format. */
static const char *site_wp_feed(const char *feed)
{
	if (!feed)
		return NULL;
	if (!strcmp(feed, "rss2") || !strcmp(feed, "rss") || !strcmp(feed, "rdf"))
		return "rss";
	return !strcmp(feed, "atom") ? "atom" : NULL;
}

int site_render_shortlink(struct site *site, const char *path, const char *id, const char *feed,
			  struct site_response *r)
{
	char addr[160];
	int blog = url_shortlink_blog(path, strlen(path));
	const char *fmt = !blog ? site_wp_feed(feed) : NULL;
	if (blog < 0 || (!fmt && (!id || strlen(id) > 20)))
		return 0;
	snprintf(addr, sizeof(addr), "%.*s/?p=%s", blog, path, id ? id : "");
	site_response_reset(r);
	pthread_mutex_lock(&site->lock);
	store_errmsg_clear(site->store);
	struct page p;
	char lang[SITE_LANG_MAX];
	site_page_enter(site, "/", &p, r, lang);
	locale_t prev = i18n_use(p.lang);
	int rc = 1;
	if (fmt)
		site_feed_moved(&p, r, fmt);
	else
		rc = site_alias(&p, addr, 0, r);
	if (rc > 0)
		page_moved(&p, r);
	i18n_restore(prev);
	if (rc < 0 || buf_failed(&r->body)) {
		site_response_error(site, r);
		rc = 1;
	}
	pthread_mutex_unlock(&site->lock);
	return rc;
}

void site_render_query(struct site *site, const char *path, const struct site_param *params,
		       size_t nparams, struct site_response *r)
{
	site_response_reset(r);
	pthread_mutex_lock(&site->lock);
	/* Whatever the store says from here on is about this page (r->why). */
	store_errmsg_clear(site->store);
	struct page p;
	char lang[SITE_LANG_MAX];
	const char *full = path;
	path = site_page_enter(site, path, &p, r, lang);
	p.params = params;
	p.nparams = nparams;
	/* The interface text of this page in its language, on this thread only. */
	locale_t prev = i18n_use(p.lang);
	int rc = 0;
	size_t n = strlen(path);
	/* (Never in a static copy, whose own links end in '/': the export asks for
	 * each page without it.) */
	if (!(n > 1 && path[n - 1] == '/' && !site->cfg.dir_urls &&
	      site_slash_redirect(&p, path, r, &rc))) {
		site_response_reset(r);
		rc = site_route(&p, path, r);
	}
	if (!rc && r->status == 404)
		rc = site_alias(&p, full, 1, r) < 0 ? -1 : 0;
	if (!rc && r->status == 301)
		page_moved(&p, r);
	/* A page holds until the next item becomes public: a cache drops it at that
	 * second, not at the watcher's next look, so no page lags an item's own page. */
	if (site->next_scheduled && (!r->expires || site->next_scheduled < r->expires))
		r->expires = site->next_scheduled;
	i18n_restore(prev);
	/* Under the lock: the store's message is this thread's until it unlocks. */
	if (rc || buf_failed(&r->body))
		site_response_error(site, r);
	pthread_mutex_unlock(&site->lock);
}

int site_render_lists(struct site *site, const char *path,
		      int (*emit)(void *ctx, const char *path, struct site_response *r), void *ctx,
		      struct site_response *r)
{
	site_response_reset(r);
	pthread_mutex_lock(&site->lock);
	store_errmsg_clear(site->store);
	struct page p;
	char lang[SITE_LANG_MAX];
	const char *rest = site_page_enter(site, path, &p, r, lang);
	size_t plen = strlen(path) - strlen(rest);
	if (strcmp(rest, "/archive") != 0 || plen >= SITE_LANG_MAX + 2) {
		pthread_mutex_unlock(&site->lock);
		site_render(site, path, r);
		return emit(ctx, path, r);
	}
	char prefix[SITE_LANG_MAX + 2];
	memcpy(prefix, path, plen);
	prefix[plen] = '\0';
	locale_t prev = i18n_use(p.lang);
	int rc = list_render_all(&p, prefix, emit, ctx, r);
	i18n_restore(prev);
	pthread_mutex_unlock(&site->lock);
	return rc;
}

void site_render_item(struct site *site, const struct item *it, const char *banner,
		      struct site_response *r)
{
	site_response_reset(r);
	pthread_mutex_lock(&site->lock);
	store_errmsg_clear(site->store);
	struct page p = {.site = site, .cfg = &site->cfg, .out = &r->body,
			 .lang = *it->lang ? it->lang : site->cfg.language, .now = site_now(site)};
	locale_t prev = i18n_use(p.lang);
	int rc = item_page_render_item(&p, it, banner, r);
	i18n_restore(prev);
	int failed = rc || buf_failed(&r->body);
	if (failed)
		site_response_why(site, r);
	pthread_mutex_unlock(&site->lock);
	if (failed) {
		buf_reset(&r->body);
		buf_lit(&r->body, "The preview could not be made just now; please try again.\n");
		r->status = 500;
		r->content_type = "text/plain; charset=utf-8";
	}
}
