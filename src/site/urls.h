/*
 * urls: the one place that knows the public site's paths (docs/internals/routes.md).
 * Each function appends a path (starting with '/') to b; url_abs() makes it absolute
 * with the site's base URL. Paths for the default language have no prefix; any
 * other language's paths start with "/<lang>".
 *
 * The URL of a page (an item, a list and its pages, a series, the search page) ends
 * in '/' when c->dir_urls is set (the static copy: "/items/x/", "/ru/archive/",
 * "/kind/news/page/2/"), so that a plain web server answers it from the folder's
 * index.html without a redirect; the live server's have none ("/items/x"), and
 * answers the other form with a 301 (site.c). A language's home is "/" or "/ru/"
 * either way. Files (feeds, "/search/index.json", "/opensearch.xml") never end in '/'.
 */
#ifndef PR_URLS_H
#define PR_URLS_H

#include "../base/buf.h"
#include "../store/item.h"
#include "config.h"

/* "/items/<slug>" or "/ru/items/<slug>" (+ '/' with dir_urls, as every page below) */
void url_item(struct buf *b, const struct config *c, const struct item *it);
/* "" for the default language, "/ru" otherwise */
void url_lang_prefix(struct buf *b, const struct config *c, const char *lang);
/* Appends c->base_url (no trailing slash): prefix a path with it. */
void url_base(struct buf *b, const struct config *c);

/*
 * Any page of a language: the prefix then path, which starts with '/' and is put
 * in as it is (not escaped). url_path(b, c, "ru", "/archive") -> "/ru/archive"
 * ("/ru/archive/" with dir_urls); the home of a language is "/" or "/ru/". lang
 * NULL or "" is the default.
 */
void url_path(struct buf *b, const struct config *c, const char *lang, const char *path);
/* A file of a language, never with a trailing '/': url_file(b, c, "ru",
 * "/search/index.json") -> "/ru/search/index.json". */
void url_file(struct buf *b, const struct config *c, const char *lang, const char *path);
/*
 * What follows base, the URL of a list's first page (from url_path, url_kind or
 * url_month, so with its '/' under dir_urls), to make its page n: nothing for
 * n <= 1, else "/page/<n>" ("page/<n>/" after a base ending in '/', with dir_urls).
 */
void url_list_page_suffix(struct buf *b, const struct config *c, const char *base, int64_t n);
/* "/kind/<kind>" under lang's prefix. */
void url_kind(struct buf *b, const struct config *c, const char *lang, int kind);
/* "/archive/<yyyy>/<mm>" under lang's prefix. */
void url_month(struct buf *b, const struct config *c, const char *lang, int year, int month);
/* "/series/<name>" (escaped) under lang's prefix. */
void url_series(struct buf *b, const struct config *c, const char *lang, const char *series);
/* "/feed.<fmt>" or "/kind/<kind>/feed.<fmt>" (kind -1: the whole site's) under lang's prefix. */
void url_feed(struct buf *b, const struct config *c, const char *lang, int kind, const char *fmt);
/* "/<lang>/items/<slug>": the item shown under another language's prefix, as a page
 * of a language that has no translation of it shows the default language's item. */
void url_item_in(struct buf *b, const struct config *c, const char *lang, const struct item *it);
/* Whether lang is the site's default language (case-insensitive; NULL/"" is). */
int url_is_default_lang(const struct config *c, const char *lang);

/*
 * An item's old address (a page's aliases, url or permalink, a WordPress post's
 * link) as the path the site knows it by: a full URL's path, percent-decoded
 * unless decoded is set (a request's path is already), without a "#part", a
 * trailing '/' or "/index.html" ("/2017/interview/" and "/2017/interview" are one
 * address). Appends it to out and returns 0; or returns -1 with why (a static
 * text) for what cannot be one: relative, with a query, the home page, an empty
 * or "." or ".." part, a part that starts with '.' (a hidden file's name: a web
 * server keeps .htaccess and the like, and a static copy its .pressroom-export), a
 * control byte, a pattern such as ":title", too long, under
 * /static, /media or /admin (the site's own files and newsroom). The one query
 * kept is a WordPress shortlink's, "/?p=123" (also from "/index.php?p=123"): such
 * an address has a '?', and the server looks it up from the home page's query
 * (site_render_shortlink); a static copy cannot answer it.
 */
#define URL_ALIAS_MAX 500
int url_alias_path(const char *s, size_t n, int decoded, struct buf *out, const char **why);
/* Whether an old address (url_alias_path's form) is a WordPress shortlink, "/?p=12"
 * (or a network blog's, "/ru/?p=12"). */
int url_alias_is_shortlink(const char *path);
/* Where a WordPress shortlink's query may follow the plen bytes of path ("/",
 * "/index.php", a blog's "/ru/" or "/ru/index.php"): the length of the blog's folder
 * before that last '/' (0 for "/"), or -1 when the path is no such place. */
int url_shortlink_blog(const char *path, size_t plen);
/* An old address (url_alias_path's form) appended to out as it is to be written,
 * so that url_alias_path reads it back the same: a '%', '#' or '?' of a name and
 * the bytes of a path that is no UTF-8 percent-encoded, the rest as it is; a
 * shortlink ("/?p=12") as it is. */
void url_alias_typed(struct buf *out, const char *path);
/* it's own address in url_alias_path's form, appended to out: 0, or -1 (none). */
int url_item_alias(struct buf *out, const struct config *c, const struct item *it);

/* ---- a site under a path of its host ("https://mfa.example/press") ---------------- */

/* NULL when path can be a site's path under its host: '/' and segments of ASCII
 * letters, digits and "-._~", no "." or ".." segment, no "//", no '/' at the end
 * ("/press", "/en/press"); else what is wrong with it, for a message. */
const char *url_base_path_ok(const char *path);
/* url_base_path_ok's, and for a path to be taken now (a base_url set, a copy's
 * --base-path): NULL unless its first segment names a page or folder the site
 * makes at its root ("/archive", "/media", "/feed.xml"), which would be read as
 * both. A language's ("/uk") is allowed: see url_rebase's written_under. */
const char *url_base_path_new(const char *path);
/* The path of base_url (a config's) after its host ("/press" of
 * "https://mfa.example/press") into *path, and its length: 0 for none, and for one
 * url_base_path_ok refuses (a value stored before paths were taken: that site is
 * served from the root, as it was). */
size_t url_base_path(const char *base_url, const char **path);

/*
 * Putting the links of a page made for the host's root under a path. host is the
 * base URL after its scheme and before the path ("//mfa.example"), path the path
 * ("/press"); npath 0: nothing to put under. own_root: the host's root is the
 * site's (a site at the root, its copy moved under a path), so a full link to the
 * host outside the path is a link into the site; else (a site under a path of a
 * host it shares) it is somebody else's page and stays as it is.
 */
struct url_rebase {
	const char *host;
	size_t nhost;
	const char *path;
	size_t npath;
	int own_root;
	/* A link from the root that starts with the path ("/press/archive" in a body)
	 * was written under it already and is left: the site makes no such link itself.
	 * Set for a site under its own path (!own_root) whose path's first segment is
	 * not a language tag ("/uk": "/uk/..." is also the Ukrainian pages' prefix). */
	int written_under;
	/* The site's own path when its copy goes under another (export --base-path
	 * "/news" for a site at "/press": url_rebase_old): a link from the root written
	 * under it ("/press/archive", as the live site's bodies have them) is a link
	 * into the site, put under path in its place ("/news/archive"). */
	const char *old;
	size_t nold;
};
/* Fills rb from base_url ("https://mfa.example/press") and its path's length:
 * host is base_url's after the scheme, without the path. */
void url_rebase_init(struct url_rebase *rb, const char *base_url, size_t npath, int own_root);
/* Sets rb->old to the site's own path old (NUL-ended, kept by the caller) when it is
 * not rb->path, and links written under it can be told from the site's own: not a
 * path url_base_path_new refuses, nor one whose first segment is a language tag. */
void url_rebase_old(struct url_rebase *rb, const char *old);
/*
 * At q (an attribute's value, up to end): the length of "http(s)://host" when it is
 * an absolute link to the site's own host followed by a path ('/', not "//"), else
 * 0 (and 0 for one outside rb->path on a host the site shares: !own_root). *under:
 * that path is rb->path or under it (the site's own addresses, which base_url makes;
 * a link written into a body is from the host's root).
 */
size_t url_own_link(const struct url_rebase *rb, const char *q, const char *end, int *under);
/*
 * The length of the path a link from the root at q (up to end) was written under
 * ("/press", "/press/x", "/press?y"), else 0: rb->path (when rb->written_under) or
 * rb->old, the longer where both match ("/press/site/x" of a site at /press/site
 * whose copy is at /press). *old (may be NULL): it is rb->old, to be replaced.
 */
size_t url_written_under(const struct url_rebase *rb, const char *q, const char *end, int *old);
/*
 * html[0..n) into out (reset first) with every link from the root of the host
 * (href, src or a form's action "/...", and a refresh's "url=/...") under rb->path,
 * but one already there (rb->written_under), and one under rb->old with that path
 * in place of rb->old:
 * in attributes only, never in text (a textarea's, a code sample's). The site's
 * absolute links already are (base_url has the path); with own_root, one to the
 * host written into a body ("https://host/media/a.png", from the root) is put
 * under it too.
 */
void url_rebase_html(const struct url_rebase *rb, const char *html, size_t n, struct buf *out);

#endif
