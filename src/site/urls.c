#include "urls.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../render/escape.h"
#include "../store/item.h"
#include "site.h"

void url_base(struct buf *b, const struct config *c)
{
	const char *base = c && c->base_url ? c->base_url : "";
	size_t n = strlen(base);
	/* The config validator forbids a trailing slash; strip one anyway so that
	 * base + "/path" never makes "//path". */
	while (n > 0 && base[n - 1] == '/')
		n--;
	buf_add(b, base, n);
}

/* BCP 47 tags are case-insensitive. */
int url_is_default_lang(const struct config *c, const char *lang)
{
	if (!lang || !*lang)
		return 1;
	const char *def = c && c->language ? c->language : "";
	return strcasecmp(lang, def) == 0;
}

void url_lang_prefix(struct buf *b, const struct config *c, const char *lang)
{
	if (url_is_default_lang(c, lang))
		return;
	buf_lit(b, "/");
	esc_url_s(b, lang);
}

/* The end of a page's URL: '/' in a static copy (c->dir_urls), where the page is
 * the index.html of a folder of that name; nothing on the live server. */
static void url_page_end(struct buf *b, const struct config *c)
{
	if (c && c->dir_urls)
		buf_lit(b, "/");
}

static void url_kind_bare(struct buf *b, const struct config *c, const char *lang, int kind)
{
	url_lang_prefix(b, c, lang);
	buf_lit(b, "/kind/");
	buf_adds(b, item_kind_slug((enum item_kind)kind));
}

void url_item(struct buf *b, const struct config *c, const struct item *it)
{
	url_item_in(b, c, it->lang, it);
}

void url_path(struct buf *b, const struct config *c, const char *lang, const char *path)
{
	url_lang_prefix(b, c, lang);
	if (!path || !*path || !strcmp(path, "/")) {
		buf_lit(b, "/");   /* a language's home: "/" or "/ru/" either way */
		return;
	}
	buf_adds(b, path);
	if (path[strlen(path) - 1] != '/')
		url_page_end(b, c);
}

void url_file(struct buf *b, const struct config *c, const char *lang, const char *path)
{
	url_lang_prefix(b, c, lang);
	buf_adds(b, path);
}

void url_kind(struct buf *b, const struct config *c, const char *lang, int kind)
{
	url_kind_bare(b, c, lang, kind);
	url_page_end(b, c);
}

void url_month(struct buf *b, const struct config *c, const char *lang, int year, int month)
{
	url_lang_prefix(b, c, lang);
	buf_addf(b, "/archive/%04d/%02d", year, month);
	url_page_end(b, c);
}

void url_series(struct buf *b, const struct config *c, const char *lang, const char *series)
{
	url_lang_prefix(b, c, lang);
	buf_lit(b, "/series/");
	esc_url_s(b, series);
	url_page_end(b, c);
}

void url_list_page_suffix(struct buf *b, const struct config *c, const char *base, int64_t n)
{
	if (n <= 1)
		return;
	size_t len = base ? strlen(base) : 0;
	if (!len || base[len - 1] != '/')
		buf_addc(b, '/');
	buf_lit(b, "page/");
	buf_add_uint(b, (uint64_t)n, 1);
	url_page_end(b, c);
}

void url_feed(struct buf *b, const struct config *c, const char *lang, int kind, const char *fmt)
{
	if (kind >= 0)
		url_kind_bare(b, c, lang, kind);
	else
		url_lang_prefix(b, c, lang);
	buf_lit(b, "/feed.");
	buf_adds(b, fmt);
}

void url_item_in(struct buf *b, const struct config *c, const char *lang, const struct item *it)
{
	url_lang_prefix(b, c, lang);
	buf_lit(b, "/items/");
	esc_url_s(b, it->slug);
	url_page_end(b, c);
}

int url_shortlink_blog(const char *path, size_t plen)
{
	if (plen >= 9 && !memcmp(path + plen - 9, "index.php", 9))
		plen -= 9;
	if (!plen || path[0] != '/' || path[plen - 1] != '/' || plen > 120)
		return -1;
	for (size_t i = 0; i < plen; i++)
		if (!isalnum((unsigned char)path[i]) && !strchr("/-_.", path[i]))
			return -1;
	return (int)plen - 1;
}

/*
 * A WordPress shortlink's query ("p=123"), after "/" or "/index.php", or a network
 * blog's or a site in a folder ("/ru/", "/blog/index.php"): WordPress answers it for
 * any post, and puts it in every post's head (rel=shortlink), so such links are
 * about. Appends "/?p=123" ("/ru/?p=123") to out and returns 1; 0 when it is not one.
 */
static int url_shortlink(const char *path, size_t plen, const char *q, size_t qlen,
			 struct buf *out)
{
	int blog = url_shortlink_blog(path, plen);
	if (blog < 0)
		return 0;
	if (qlen < 3 || qlen > 2 + 18 || memcmp(q, "p=", 2) != 0 || q[2] == '0')
		return 0;
	for (size_t i = 2; i < qlen; i++)
		if (q[i] < '0' || q[i] > '9')
			return 0;
	buf_add(out, path, (size_t)blog);
	buf_lit(out, "/?");
	buf_add(out, q, qlen);
	return 1;
}

int url_alias_is_shortlink(const char *path) { return strstr(path, "/?p=") != NULL; }

void url_alias_typed(struct buf *out, const char *path)
{
	int utf8 = !item_valid_utf8(path), shortlink = url_alias_is_shortlink(path);
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if (!shortlink && (*c == '%' || *c == '#' || *c == '?' || (*c >= 0x80 && !utf8)))
			buf_addf(out, "%%%02X", *c);
		else
			buf_addc(out, (char)*c);
	}
}

int url_item_alias(struct buf *out, const struct config *c, const struct item *it)
{
	struct buf u;
	buf_init(&u, 2048);
	url_item(&u, c, it);
	const char *why;
	int rc = buf_failed(&u) ? -1 : url_alias_path(u.data, u.len, 0, out, &why);
	buf_release(&u);
	return rc;
}

int url_alias_path(const char *s, size_t n, int decoded, struct buf *out, const char **why)
{
	*why = NULL;
	size_t start = out->len;
	/* "#part" never reaches a server; a query would be lost. (In a request's path,
	 * decoded, a '#' or '?' was "%23" or "%3F": part of a name, as an old address
	 * given as "/c%23/" keeps it.) */
	const char *hash = decoded ? NULL : memchr(s, '#', n);
	if (hash)
		n = (size_t)(hash - s);
	/* A full URL's path: what follows the host. */
	if (n > 7 && (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8))) {
		size_t skip = s[4] == ':' ? 7 : 8;
		const char *slash = memchr(s + skip, '/', n - skip);
		const char *q = memchr(s + skip, '?', n - skip);
		/* "https://host?p=1": the home page's query. */
		if (q && (!slash || q < slash)) {
			if (url_shortlink("/", 1, q + 1, n - (size_t)(q - s) - 1, out))
				goto shortlink;
			*why = "an address with a query (?...), which a path cannot stand for";
			return -1;
		}
		if (!slash) {
			*why = "the home page of the old site";
			return -1;
		}
		n -= (size_t)(slash - s);
		s = slash;
	} else if (n > 1 && s[0] == '/' && s[1] == '/') {
		*why = "an address on another host (//host/...)";
		return -1;
	}
	if (!n || s[0] != '/') {
		*why = "a relative address (only one that starts with '/' or is a full URL is kept)";
		return -1;
	}
	const char *q = decoded ? NULL : memchr(s, '?', n);
	if (q) {
		if (url_shortlink(s, (size_t)(q - s), q + 1, n - (size_t)(q - s) - 1, out))
			goto shortlink;
		*why = "an address with a query (?...), which a path cannot stand for";
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		int pct = decoded ? -1 : pct_byte(s, n, i);
		if (pct >= 0) {
			c = pct;
			i += 2;
		}
		if (c < 0x20 || c == 0x7F || c == '\\') {
			*why = "an address with a control byte or a backslash";
			goto bad;
		}
		buf_addc(out, (char)c);
	}
	if (buf_failed(out)) {
		*why = "out of memory";
		goto bad;
	}
	/* "/x/", "/x/index.html" and "/x" are one address. */
	for (int again = 1; again;) {
		again = 0;
		size_t len = out->len - start;
		const char *p = out->data + start;
		if (len >= 11 && !memcmp(p + len - 11, "/index.html", 11)) {
			buf_truncate(out, out->len - 10);
			again = 1;
		} else if (len >= 10 && !memcmp(p + len - 10, "/index.htm", 10)) {
			buf_truncate(out, out->len - 9);
			again = 1;
		}
		while (out->len - start > 1 && out->data[out->len - 1] == '/') {
			buf_truncate(out, out->len - 1);
			again = 1;
		}
	}
	const char *p = buf_str(out) + start;
	size_t len = out->len - start;
	if (len <= 1) {
		*why = "the home page of the old site";
		goto bad;
	}
	if (len > URL_ALIAS_MAX) {
		*why = "longer than an old address may be here";
		goto bad;
	}
	/* The server answers these from its files or the newsroom, never from here
	 * (any path that starts "/admin" goes to the newsroom). */
	static const char *const own[] = {"static", "media", "admin", "preview"};
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		size_t ol = strlen(own[i]);
		if (!strncmp(p + 1, own[i], ol) && (p[1 + ol] == '/' || !p[1 + ol] || i == 2)) {
			*why = "an address of this site's own files or newsroom (/static, /media, "
			       "/admin, /preview)";
			goto bad;
		}
	}
	/* The copy's not-found page, and a page file used as a folder. */
	for (const char *seg = p + 1; *seg;) {
		size_t sl = strcspn(seg, "/");
		if ((sl == 8 && !memcmp(seg, "404.html", 8)) ||
		    (seg[sl] == '/' && ((sl == 10 && !memcmp(seg, "index.html", 10)) ||
					(sl == 9 && !memcmp(seg, "index.htm", 9))))) {
			*why = "an address of this site's own files (404.html, a folder named index.html)";
			goto bad;
		}
		seg += sl;
		if (*seg == '/')
			seg++;
	}
	for (const char *seg = p + 1; *seg;) {
		size_t sl = strcspn(seg, "/");
		if (!sl || (sl == 1 && seg[0] == '.') || (sl == 2 && seg[0] == '.' && seg[1] == '.')) {
			*why = "an address with an empty, '.' or '..' part";
			goto bad;
		}
		/* A hidden file's name (".htaccess", the static copy's own
		 * ".pressroom-export", ".well-known"): a web server keeps such names for
		 * itself, and a copy could not write an old address's page there. */
		if (seg[0] == '.') {
			*why = "an address with a part that starts with '.' (a hidden file such as "
			       ".htaccess, which a web server keeps for itself)";
			goto bad;
		}
		if (seg[0] == ':') {
			*why = "a pattern (:title, :year), not an address";
			goto bad;
		}
		seg += sl;
		if (*seg == '/')
			seg++;
	}
	return 0;
shortlink:
	if (!buf_failed(out))
		return 0;
	*why = "out of memory";
bad:
	buf_truncate(out, start);
	return -1;
}

/* ---- a site under a path ---------------------------------------------------------- */

const char *url_base_path_ok(const char *path)
{
	size_t n = strlen(path);
	if (path[0] != '/')
		return "does not start with '/'";
	if (n < 2)
		return "is the root itself: leave it out";
	if (n > 200)
		return "is longer than 200 bytes";
	if (path[n - 1] == '/')
		return "ends with '/' (write /press, not /press/)";
	for (const char *seg = path + 1; seg;) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);
		if (!len)
			return "has an empty segment ('//')";
		if ((len == 1 && seg[0] == '.') || (len == 2 && !memcmp(seg, "..", 2)))
			return "has a '.' or '..' segment";
		for (size_t i = 0; i < len; i++)
			if (!isalnum((unsigned char)seg[i]) && !strchr("-._~", seg[i]))
				return "has a character other than letters, digits and - . _ ~ "
				       "(ASCII) in a segment";
		seg = end ? end + 1 : NULL;
	}
	return NULL;
}

const char *url_base_path_new(const char *path)
{
	const char *why = url_base_path_ok(path);
	if (why)
		return why;
	/* The site's own names at its root: its routes and folders, the old blog feeds
	 * it redirects (site.c), and the files of a static copy. */
	static const char *const own[] = {
		"items",       "archive",        "kind",         "series",          "search",
		"feed.rss",    "feed.atom",      "feed.json",    "sitemap.xml",     "opensearch.xml",
		"robots.txt",  "shortlinks.json", "static",      "media",           "admin",
		"preview",     "404.html",       "index.html",   NULL};
	size_t seg = strcspn(path + 1, "/");
	for (size_t i = 0; own[i]; i++)
		if (strlen(own[i]) == seg && !memcmp(path + 1, own[i], seg))
			return "starts with the name of one of the site's own pages or folders";
	for (size_t i = 0; site_legacy_feeds[i][0]; i++) {
		const char *f = site_legacy_feeds[i][0] + 1;
		if (strcspn(f, "/") == seg && !memcmp(path + 1, f, seg))
			return "starts with the name of one of the site's own pages or folders";
	}
	return NULL;
}

size_t url_base_path(const char *base_url, const char **path)
{
	const char *u = base_url ? strstr(base_url, "//") : NULL;
	const char *p = u ? strchr(u + 2, '/') : NULL;
	*path = "";
	if (!p || !p[1] || url_base_path_ok(p))
		return 0;
	*path = p;
	return strlen(p);
}

/*
 * Whether a link written under path (NUL-ended: "/press") can be told from the
 * site's own links: not for a path stored before url_base_path_new refused it
 * ("/media": a body's "/media/a.png" is the site's own file, not one under the
 * path), nor for one whose first segment the site may take for a language prefix
 * (as long as site_page_enter reads one).
 */
static int url_path_told_apart(const char *path)
{
	char first[SITE_LANG_MAX] = "";
	size_t seg = strcspn(path + 1, "/");
	if (seg < sizeof(first)) {
		memcpy(first, path + 1, seg);
		first[seg] = '\0';
	}
	return !url_base_path_new(path) && (seg >= sizeof(first) || item_valid_lang(first));
}

void url_rebase_init(struct url_rebase *rb, const char *base_url, size_t npath, int own_root)
{
	const char *host = base_url ? strstr(base_url, "//") : NULL;
	memset(rb, 0, sizeof(*rb));
	if (!host || !host[2] || strlen(host) <= npath)
		return;
	rb->host = host;
	rb->nhost = strlen(host) - npath;
	rb->path = host + rb->nhost;
	rb->npath = npath;
	rb->own_root = own_root;
	rb->written_under = npath && !own_root && url_path_told_apart(rb->path);
}

void url_rebase_old(struct url_rebase *rb, const char *old)
{
	size_t n = strlen(old);
	if (n && rb->nhost && (n != rb->npath || memcmp(old, rb->path, n)) && url_path_told_apart(old)) {
		rb->old = old;
		rb->nold = n;
	}
}

/* Whether the path at p (up to end) is path (n bytes) or under it: "/press",
 * "/press/x", "/press?y", "/press#top" (and the end of an attribute's value after it). */
static int url_at(const char *path, size_t n, const char *p, const char *end)
{
	return n && (size_t)(end - p) >= n && !memcmp(p, path, n) &&
	       ((size_t)(end - p) == n || memchr("/\"'?#", p[n], 5));
}

static int url_at_path(const struct url_rebase *rb, const char *p, const char *end)
{
	return url_at(rb->path, rb->npath, p, end);
}

size_t url_written_under(const struct url_rebase *rb, const char *q, const char *end, int *old)
{
	size_t there = rb->written_under && url_at_path(rb, q, end) ? rb->npath : 0;
	size_t before = url_at(rb->old, rb->nold, q, end) ? rb->nold : 0;
	if (old)
		*old = before > there;
	return before > there ? before : there;
}

size_t url_own_link(const struct url_rebase *rb, const char *q, const char *end, int *under)
{
	size_t sch = end - q >= 8 && !memcmp(q, "https://", 8)  ? 6
		     : end - q >= 7 && !memcmp(q, "http://", 7) ? 5
								: 0;
	*under = 0;
	if (!sch || !rb->nhost || (size_t)(end - q) <= sch + rb->nhost + 1 ||
	    strncasecmp(q + sch, rb->host, rb->nhost) || q[sch + rb->nhost] != '/' ||
	    q[sch + rb->nhost + 1] == '/')
		return 0;
	const char *path = q + sch + rb->nhost;
	/* The path itself ("https://host/press", "...press?x", "...press#top") is under it. */
	*under = url_at_path(rb, path, end);
	/* Elsewhere on a host the site shares (its base_url has a path): not the site's. */
	if (rb->npath && !*under && !rb->own_root)
		return 0;
	return sch + rb->nhost;
}

/* Whether html[i] starts the name of an element ("<a", "</a"): what only markup has,
 * since text escapes '<'. */
static int url_tag_start(const char *html, size_t n, size_t i)
{
	return html[i] == '<' && i + 1 < n &&
	       (((html[i + 1] | 0x20) >= 'a' && (html[i + 1] | 0x20) <= 'z') || html[i + 1] == '/');
}

void url_rebase_html(const struct url_rebase *rb, const char *html, size_t n, struct buf *out)
{
	buf_reset(out);
	size_t from = 0;
	/* Only attributes, inside a tag (between '<' and its '>', not in a quoted value),
	 * are links: text, a textarea's or a code sample's, is never changed, whatever it
	 * looks like ('"' is not escaped in text), so a saved form keeps what was typed. */
	int in_tag = 0, in_quote = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = html[i];
		if (!in_tag) {
			in_tag = url_tag_start(html, n, i);
			continue;
		}
		if (ch == '"') {
			in_quote = !in_quote;
			continue;
		}
		if (in_quote)
			continue;
		if (ch == '>') {
			in_tag = 0;
			continue;
		}
		if (ch != '=' || i + 2 >= n)
			continue;
		const char *v = html + i + 1; /* the value, its quote included */
		size_t at = 0, old = 0;
		int under;
		int action = i >= 7 && !memcmp(html + i - 6, "action", 6) &&
			     (html[i - 7] == ' ' || html[i - 7] == '\n');
		if (v[0] == '"' && v[1] == '/' && (i + 3 >= n || v[2] != '/') &&
		    (esc_is_link_attr(html, html + i) || action)) {
			/* Under the copy's path already: left; under the old one: replaced. */
			int is_old;
			size_t written = url_written_under(rb, v + 1, html + n, &is_old);
			at = !written || is_old ? i + 2 : 0;
			old = is_old ? written : 0;
		} else if (v[0] == '"' && v[1] == 'h' && esc_is_link_attr(html, html + i)) {
			size_t own = url_own_link(rb, v + 1, html + n, &under);
			at = own && !under ? i + 2 + own : 0;
		} else if (i >= 8 && !memcmp(html + i - 7, "content", 7) && v[0] == '"' &&
			   v[1] >= '0' && v[1] <= '9') {
			/* A refresh's content="0; url=/x" (layout.c's redirect page). */
			const char *u = memchr(v + 1, ';', (size_t)(html + n - v - 1));
			const char *q = u ? memchr(v + 1, '"', (size_t)(html + n - v - 1)) : NULL;
			if (u && q && u < q && u + 6 < q && !memcmp(u, "; url=/", 7) && u[7] != '/')
				at = (size_t)(u + 6 - html);
		}
		if (!at)
			continue;
		buf_add(out, html + from, at - from);
		buf_add(out, rb->path, rb->npath);
		from = at + old;
	}
	buf_add(out, html + from, n - from);
}
