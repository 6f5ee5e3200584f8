#include "urls.h"

#include <string.h>
#include <strings.h>

#include "../render/escape.h"

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

/* Whether lang names the site's default language (BCP 47 tags are case-insensitive). */
static int url_is_default_lang(const struct config *c, const char *lang)
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
