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

void url_item(struct buf *b, const struct config *c, const struct item *it)
{
	url_lang_prefix(b, c, it->lang);
	buf_lit(b, "/items/");
	esc_url_s(b, it->slug);
}

void url_path(struct buf *b, const struct config *c, const char *lang, const char *path)
{
	url_lang_prefix(b, c, lang);
	buf_adds(b, path && *path ? path : "/");
}

void url_kind(struct buf *b, const struct config *c, const char *lang, int kind)
{
	url_lang_prefix(b, c, lang);
	buf_lit(b, "/kind/");
	buf_adds(b, item_kind_slug((enum item_kind)kind));
}

void url_month(struct buf *b, const struct config *c, const char *lang, int year, int month)
{
	url_lang_prefix(b, c, lang);
	buf_addf(b, "/archive/%04d/%02d", year, month);
}

void url_series(struct buf *b, const struct config *c, const char *lang, const char *series)
{
	url_lang_prefix(b, c, lang);
	buf_lit(b, "/series/");
	esc_url_s(b, series);
}

void url_feed(struct buf *b, const struct config *c, const char *lang, int kind, const char *fmt)
{
	if (kind >= 0)
		url_kind(b, c, lang, kind);
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
}
