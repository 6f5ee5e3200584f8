#include "urls.h"

#include <string.h>
#include <strings.h>

#include "../render/escape.h"
#include "../store/item.h"

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
