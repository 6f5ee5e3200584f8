/* One item: kind, date, body, source link, series navigation, OpenGraph and
 * schema.org NewsArticle JSON-LD. */
#include <stdio.h>
#include <string.h>

#include "../base/i18n.h"
#include "../base/tz.h"
#include "../render/escape.h"
#include "../render/feed.h"
#include "../render/markdown.h"
#include "pages.h"
#include "urls.h"

static void item_jsonld(struct page *p, const struct item *it)
{
	struct buf *o = p->out;
	buf_lit(o, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
		   "\"@type\":\"NewsArticle\",\"headline\":\"");
	esc_json_s(o, it->title);
	buf_lit(o, "\",\"description\":\"");
	esc_json_s(o, it->lead);
	buf_lit(o, "\",\"datePublished\":\"");
	feed_time_rfc3339(o, it->published);
	buf_lit(o, "\",\"dateModified\":\"");
	feed_time_rfc3339(o, it->updated > it->published ? it->updated : it->published);
	buf_lit(o, "\",\"inLanguage\":\"");
	esc_json_s(o, it->lang);
	buf_lit(o, "\",\"articleSection\":\"");
	esc_json_s(o, page_kind_label(it->kind));
	buf_lit(o, "\",\"mainEntityOfPage\":\"");
	struct buf url;
	buf_init(&url, 4096);
	url_base(&url, p->cfg);
	url_item(&url, p->cfg, it);
	esc_json_s(o, buf_str(&url));
	buf_release(&url);
	buf_lit(o, "\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"");
	esc_json_s(o, p->cfg->site_name);
	buf_lit(o, "\"},\"author\":{\"@type\":\"Organization\",\"name\":\"");
	esc_json_s(o, p->cfg->site_name);
	buf_lit(o, "\"}");
	if (*it->source_url) {
		buf_lit(o, ",\"isBasedOn\":\"");
		esc_json_s(o, it->source_url);
		buf_lit(o, "\"");
	}
	if (it->ntags) {
		buf_lit(o, ",\"keywords\":[");
		for (size_t i = 0; i < it->ntags; i++) {
			buf_adds(o, i ? ",\"" : "\"");
			esc_json_s(o, it->tags[i]);
			buf_lit(o, "\"");
		}
		buf_lit(o, "]");
	}
	buf_lit(o, "}</script>\n");
}

/* A link to another item from this page: its own URL, or on a fallback page the same
 * item under the page's language, so that the reader stays in that language. */
static void item_link(struct page *p, const struct item *it, int fallback)
{
	if (fallback)
		url_item_in(p->out, p->cfg, p->lang, it);
	else
		url_item(p->out, p->cfg, it);
}

/* Links the parts of a series both ways: previous, next, and the list of parts. */
static int item_series_nav(struct page *p, const struct item *it, int fallback)
{
	if (!*it->series)
		return 0;
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = it->lang,
			       .series = it->series, .brief = 1};
	struct item *parts;
	size_t n;
	if (store_item_list(p->site->store, &q, &parts, &n))
		return -1;
	struct buf *o = p->out;
	if (n > 1) {
		size_t at = n;
		for (size_t i = 0; i < n; i++)
			if (parts[i].id == it->id)
				at = i;
		buf_lit(o, "<nav class=\"series\" aria-label=\"");
		esc_attr_s(o, _("Series"));
		buf_lit(o, "\">\n<h2>");
		esc_html_s(o, _("This series"));
		buf_lit(o, "</h2>\n");
		if (at < n && at > 0) {
			buf_lit(o, "<p><a rel=\"prev\" href=\"");
			item_link(p, &parts[at - 1], fallback);
			buf_lit(o, "\">\xE2\x86\x90 ");
			esc_html_s(o, _("Previous part:"));
			buf_lit(o, " ");
			esc_html_s(o, parts[at - 1].title);
			buf_lit(o, "</a></p>\n");
		}
		if (at + 1 < n) {
			buf_lit(o, "<p><a rel=\"next\" href=\"");
			item_link(p, &parts[at + 1], fallback);
			buf_lit(o, "\">");
			esc_html_s(o, _("Next part:"));
			buf_lit(o, " ");
			esc_html_s(o, parts[at + 1].title);
			buf_lit(o, " \xE2\x86\x92</a></p>\n");
		}
		buf_lit(o, "<ol>\n");
		for (size_t i = 0; i < n; i++) {
			if (i == at) {
				buf_lit(o, "<li aria-current=\"page\">");
				esc_html_s(o, parts[i].title);
				buf_lit(o, "</li>\n");
				continue;
			}
			buf_lit(o, "<li><a href=\"");
			item_link(p, &parts[i], fallback);
			buf_lit(o, "\">");
			esc_html_s(o, parts[i].title);
			buf_lit(o, "</a></li>\n");
		}
		buf_lit(o, "</ol>\n</nav>\n");
	} else if (*it->series && it->part > 1) {
		char part[64];
		snprintf(part, sizeof(part), _("Part %d."), it->part);
		buf_lit(o, "<p class=\"series\">");
		esc_html_s(o, part);
		buf_lit(o, "</p>\n");
	}
	store_items_free(parts, n);
	return 0;
}

/* "Also in: Русский, Français": links to the item's translations. */
static void item_translations(struct page *p, const struct item *tr, size_t n)
{
	if (!n)
		return;
	struct buf *o = p->out;
	buf_lit(o, "<p class=\"translations\">");
	esc_html_s(o, _("Also in:"));
	for (size_t i = 0; i < n; i++) {
		buf_adds(o, i ? ", <a href=\"" : " <a href=\"");
		url_item(o, p->cfg, &tr[i]);
		buf_lit(o, "\" hreflang=\"");
		esc_attr_s(o, tr[i].lang);
		buf_lit(o, "\" lang=\"");
		esc_attr_s(o, tr[i].lang);
		buf_lit(o, "\">");
		esc_html_s(o, page_lang_autonym(tr[i].lang));
		buf_lit(o, "</a>");
	}
	buf_lit(o, "</p>\n");
}

/* The note above an item shown in place of a translation the page's language lacks. */
static void item_fallback_notice(struct page *p, const struct item *it)
{
	const char *here = page_lang_english(p->lang), *orig = page_lang_english(it->lang);
	char text[512];
	if (here && orig)
		/* TRANSLATORS: "in Russian", "the English original": see the contexts
		 * "not available in" and "the original in". */
		snprintf(text, sizeof(text), _("This item is not available in %s; showing the %s "
					       "original."),
			 C_("not available in", here), C_("the original in", orig));
	else
		snprintf(text, sizeof(text), "%s",
			 _("This item is not available in this language; showing the original."));
	buf_lit(p->out, "<p class=\"notice\" role=\"note\">");
	esc_html_s(p->out, text);
	buf_lit(p->out, "</p>\n");
}

/* The article itself, its interface text in the item's language. */
static int item_article(struct page *p, const struct item *it, const struct item *tr, size_t ntr,
			int fallback)
{
	struct buf *o = p->out;
	buf_lit(o, "<article class=\"item item-");
	buf_adds(o, item_kind_slug(it->kind));
	buf_lit(o, "\"");
	if (strcmp(it->lang, p->lang) != 0) {
		buf_lit(o, " lang=\"");
		esc_attr_s(o, it->lang);
		buf_lit(o, "\"");
	}
	buf_lit(o, ">\n<header>\n<p class=\"kind\"><a href=\"");
	url_kind(o, p->cfg, p->lang, (int)it->kind);
	buf_lit(o, "\">");
	esc_html_s(o, page_kind_label(it->kind));
	buf_lit(o, "</a></p>\n<h1>");
	esc_html_s(o, it->title);
	buf_lit(o, "</h1>\n<p class=\"meta\">");
	page_time(p, it->published, 1);
	if (*it->series && it->part) {
		char part[64];
		snprintf(part, sizeof(part), _("Part %d"), it->part);
		buf_lit(o, " \xC2\xB7 ");
		esc_html_s(o, part);
	}
	buf_lit(o, "</p>\n");
	if (*it->lead) {
		page_lead(o, it->lead);
	}
	item_translations(p, tr, ntr);
	buf_lit(o, "</header>\n<div class=\"body\">\n");
	unsigned flags = it->kind == KIND_INTERVIEW || it->kind == KIND_MEDIA_REPLY ? MD_TURNS : 0;
	if (p->cfg->dir_urls)
		flags |= MD_DIR_URLS;
	markdown_render_site(o, it->body, strlen(it->body), flags, p->cfg->base_url);
	buf_lit(o, "</div>\n");
	if (*it->source_url) {
		buf_lit(o, "<p class=\"source\">");
		esc_html_s(o, _("Source:"));
		buf_lit(o, " <a href=\"");
		esc_attr_s(o, it->source_url);
		buf_lit(o, "\">");
		esc_html_s(o, *it->source_title ? it->source_title : it->source_url);
		buf_lit(o, "</a></p>\n");
	}
	if (it->ntags) {
		buf_lit(o, "<ul class=\"tags\" aria-label=\"");
		esc_attr_s(o, _("Tags"));
		buf_lit(o, "\">\n");
		for (size_t i = 0; i < it->ntags; i++) {
			buf_lit(o, "<li>");
			esc_html_s(o, it->tags[i]);
			buf_lit(o, "</li>\n");
		}
		buf_lit(o, "</ul>\n");
	}
	int rc = item_series_nav(p, it, fallback);
	buf_lit(o, "</article>\n");
	return rc;
}

int item_page_render(struct page *p, const char *slug, struct site_response *r)
{
	struct store *s = p->site->store;
	struct item it;
	item_init(&it);
	int fallback = 0;
	enum store_err e = store_item_get_slug(s, p->lang, slug, &it);
	if ((e == STORE_NOTFOUND || (!e && !item_is_public(&it, p->now))) &&
	    !url_is_default_lang(p->cfg, p->lang)) {
		/* A language without this item shows the default language's, marked so. */
		item_clear(&it);
		item_init(&it);
		e = store_item_get_slug(s, p->cfg->language, slug, &it);
		fallback = 1;
	}
	if (e == STORE_NOTFOUND || (!e && !item_is_public(&it, p->now))) {
		item_clear(&it);
		page_not_found(p, r);
		return 0;
	}
	if (e) {
		item_clear(&it);
		return -1;
	}
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1};
	struct item *tr;
	size_t ntr;
	if (store_item_translations(s, &it, &q, &tr, &ntr)) {
		item_clear(&it);
		return -1;
	}
	struct buf path;
	buf_init(&path, 1024);
	/* The language has its own translation after all: that is the page. */
	for (size_t i = 0; fallback && i < ntr; i++) {
		if (!strcmp(tr[i].lang, p->lang)) {
			url_item(&path, p->cfg, &tr[i]);
			snprintf(r->location, sizeof(r->location), "%s", buf_str(&path));
			r->status = 301;
			buf_release(&path);
			store_items_free(tr, ntr);
			item_clear(&it);
			return 0;
		}
	}
	/* A fallback page is a copy: its canonical URL is the original's. */
	url_item(&path, p->cfg, &it);
	struct page_meta m = {.title = it.title, .description = it.lead, .path = buf_str(&path),
			      .item = &it, .kind = (int)it.kind, .translations = tr,
			      .ntranslations = ntr, .fallback = fallback};
	page_begin(p, &m);
	if (fallback)
		item_fallback_notice(p, &it);
	locale_t prev = i18n_use(it.lang);
	int rc = item_article(p, &it, tr, ntr, fallback);
	i18n_restore(prev);
	item_jsonld(p, &it);
	page_end(p);
	r->last_modified = it.updated;
	buf_release(&path);
	store_items_free(tr, ntr);
	item_clear(&it);
	return rc;
}

/* The newsroom's previews: an item given in full, stored or not, public or not. */
int item_page_render_item(struct page *p, const struct item *it, const char *banner,
			  struct site_response *r)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1};
	struct item *tr = NULL;
	size_t ntr = 0;
	if (it->id && store_item_translations(p->site->store, it, &q, &tr, &ntr))
		return -1;
	struct buf path;
	buf_init(&path, 1024);
	url_item(&path, p->cfg, it);
	struct page_meta m = {.title = it->title, .description = it->lead, .path = buf_str(&path),
			      .item = it, .kind = (int)it->kind, .translations = tr,
			      .ntranslations = ntr};
	page_begin(p, &m);
	if (banner) {
		buf_lit(p->out, "<p class=\"banner\" role=\"status\"><strong>");
		esc_html_s(p->out, banner);
		buf_lit(p->out, "</strong></p>\n");
	}
	locale_t prev = i18n_use(it->lang);
	int rc = item_article(p, it, tr, ntr, 0);
	i18n_restore(prev);
	item_jsonld(p, it);
	page_end(p);
	r->last_modified = it->updated;
	buf_release(&path);
	store_items_free(tr, ntr);
	return rc;
}
