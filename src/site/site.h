/*
 * site: the public pages, rendered from the store into memory.
 *
 * site_render() maps a request path to a finished response body; the HTTP layer
 * caches what it returns and asks again only when site_changed() says the content
 * moved on, or when the response's expiry passes. The site owns one store
 * connection and the config snapshot; both are used under the site's lock, so
 * site_render() may be called from any thread.
 */
#ifndef PR_SITE_H
#define PR_SITE_H

#include <pthread.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../store/store.h"
#include "config.h"

/* Most languages a site shows; a tag is at most 35 bytes (item_valid_lang). */
#define SITE_MAX_LANGS 32
#define SITE_LANG_MAX 36

/* One language's month index (lists.c): the months with public items, newest first. */
struct site_months {
	char lang[SITE_LANG_MAX];   /* "" = a free slot */
	char zone[72];              /* the time zone the months are in */
	int64_t version;            /* store_content_version when made */
	int64_t from, until;        /* right for "now" in [from, until); until 0 = no end */
	int *keys;                  /* year * 12 + month - 1; owned */
	size_t n;
	char *html;                 /* the index as the archive pages show it; owned, or NULL */
	size_t html_len;
};

struct site {
	struct store *store;      /* owned */
	struct config cfg;        /* reloaded when the data changes */
	pthread_mutex_t lock;
	int64_t data_version;     /* last seen store_data_version */
	int64_t content_version;  /* last seen store_content_version */
	int64_t next_scheduled;   /* earliest future publication, 0 if none */
	int64_t now_override;     /* tests only: a fixed "now"; 0 = the clock */
	/* Rendering for export --static: /search searches /search/index.json in the
	 * browser, since no server answers queries there. */
	int static_copy;
	/* The languages the site shows: the default first, then those of public items,
	 * sorted; reloaded with the config. Only these have a "/<lang>" prefix. */
	char langs[SITE_MAX_LANGS][SITE_LANG_MAX];
	size_t nlangs;
	struct site_months months[SITE_MAX_LANGS];  /* cache of lists.c, under the lock */
};

struct site_response {
	int status;               /* 200, 301, 404, 500 */
	struct buf body;
	const char *content_type; /* static string */
	int64_t expires;          /* UTC second after which the body is stale; 0 = until a change */
	int64_t last_modified;    /* UTC; 0 = unknown */
	char location[512];       /* for 301 */
	int old_address;          /* the 301 is an item's old address (store_alias_put),
				   * not a page or redirect of the site's own */
	char why[400];            /* for 500: what failed, for a log or a message
				   * ("FILE: list items: why", "out of memory") */
};

/* Opens the store at path (must be a site) and loads the settings. */
int site_open(struct site *site, const char *path, char *err, size_t errsz);
void site_close(struct site *site);
int64_t site_now(const struct site *site);
/* The settings' base_url as it is now, copied into url under the site's lock ("" when
 * it does not fit in n bytes): the server answers under its path (url_base_path). */
void site_base_url(struct site *site, char *url, size_t n);
/* How much of an old address (url_alias_path's form) is the path of c's base_url in
 * front ("/press" of "/press/2017/x": a blog that was where the site is now): 0 if
 * none. The site answers such an address without it too. */
size_t site_under_len(const struct config *c, const char *path);
/* Whether lang is one of site->langs (exact tag). */
int site_has_lang(const struct site *site, const char *lang);

/*
 * Renders path (already percent-decoded, without query) into r, which the caller
 * has buf_init'ed. page is the ?page= number when given, else 0. A page's path
 * with a trailing '/' ("/items/x/", as a static copy links it) is a 301 to the path
 * without it (not under cfg.dir_urls).
 */
void site_render(struct site *site, const char *path, struct site_response *r);

/*
 * Renders every list page of a language from one reading of its items: path is
 * the language's archive ("/archive", "/ru/archive"), and its pages, every kind's
 * pages ("/kind/news", "/kind/news/page/2") and every month's with items
 * ("/archive/2026/11") are made, each exactly as site_render() of its own path
 * makes it, and handed to emit(ctx, page path, r) one after the other. Any other
 * path is rendered with site_render() and emitted once. r is the caller's
 * (buf_init'ed) and reused. Returns 0, or the first nonzero value emit()
 * returned (which stops it), or -1 out of memory. For the static export: the
 * lists of a 10,000-item site cost one query instead of a count, an OFFSET and
 * a month index per page.
 */
int site_render_lists(struct site *site, const char *path,
		      int (*emit)(void *ctx, const char *path, struct site_response *r), void *ctx,
		      struct site_response *r);

/* A decoded query parameter of a request. */
struct site_param {
	const char *name;
	const char *value;
};
#define SITE_MAX_PARAMS 16
/*
 * Whether the page at path reads the query string ("/search", "/<lang>/search", and
 * each with a trailing '/', whose 301 keeps the query):
 * the HTTP layer renders such a page for every request with site_render_query(),
 * and must not cache it by its path alone.
 */
int site_path_takes_query(const char *path);
/* Other tools' feed addresses ({path, "rss" or "atom"}, up to {NULL, NULL}): the
 * site answers each with a 301 to its feed of that format; in a static copy, one
 * ending in ".xml" is that feed itself. */
extern const char *const site_legacy_feeds[][2];
/* Whether path is where WordPress answers its shortlinks ("/?p=123"; a network
 * blog's "/ru/?p=123"; either with index.php). */
int site_is_shortlink(const char *path);
/* The response to a shortlink at path whose "p" is id (or NULL), "feed" feed (or
 * NULL): 1 when r is it (a 301 to the item whose old address is "<blog>/?p=<id>",
 * while it is public; for feed=rss2, rss, rdf or atom at "/", a 301 to that feed; or
 * a 500), 0 when there is none: the path is served as without the query (the home
 * page, from the cache). */
int site_render_shortlink(struct site *site, const char *path, const char *id, const char *feed,
			  struct site_response *r);
/* site_render() with the request's query parameters (params[0..nparams)). */
void site_render_query(struct site *site, const char *path, const struct site_param *params,
		       size_t nparams, struct site_response *r);

/*
 * Renders it as its public page will look, whether or not it is stored or public
 * yet (the newsroom's preview and embargo links), in the item's language. banner,
 * when not NULL, is shown as a notice (plain text) at the top of the page.
 */
void site_render_item(struct site *site, const struct item *it, const char *banner,
		      struct site_response *r);

/*
 * Checks whether anything visible changed since the last call: another process's
 * commit, or a scheduled item whose time has come. Reloads the config if so.
 * Returns 1 if the cached pages must be dropped.
 */
int site_changed(struct site *site);

/* The static assets (site.css, clock.js): name -> data, from the binary or a folder. */
struct site_asset {
	char name[64];
	const char *data;
	size_t size;
	const char *content_type;
	int64_t mtime;
	char etag[40];
};

#endif
