/* One item: kind, date, body, source link, series navigation, OpenGraph and
 * schema.org NewsArticle JSON-LD. */
#include <string.h>

#include "../base/tz.h"
#include "../render/escape.h"
#include "../render/markdown.h"
#include "pages.h"
#include "urls.h"

static void item_jsonld(struct page *p, const struct item *it)
{
	struct buf *o = p->out;
	struct civil c, u;
	tz_civil("UTC", it->published, &c);
	tz_civil("UTC", it->updated > it->published ? it->updated : it->published, &u);
	buf_lit(o, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
		   "\"@type\":\"NewsArticle\",\"headline\":\"");
	esc_json_s(o, it->title);
	buf_lit(o, "\",\"description\":\"");
	esc_json_s(o, it->lead);
	buf_addf(o, "\",\"datePublished\":\"%04d-%02d-%02dT%02d:%02d:%02dZ\","
		    "\"dateModified\":\"%04d-%02d-%02dT%02d:%02d:%02dZ\",\"inLanguage\":\"",
		 c.year, c.month, c.day, c.hour, c.min, c.sec, u.year, u.month, u.day, u.hour,
		 u.min, u.sec);
	esc_json_s(o, it->lang);
	buf_lit(o, "\",\"articleSection\":\"");
	esc_json_s(o, item_kind_label(it->kind));
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

/* Links the parts of a series both ways: previous, next, and the list of parts. */
static int item_series_nav(struct page *p, const struct item *it)
{
	if (!*it->series)
		return 0;
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = it->lang,
			       .series = it->series};
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
		buf_lit(o, "<nav class=\"series\" aria-label=\"Series\">\n<h2>This series</h2>\n");
		if (at < n && at > 0) {
			buf_lit(o, "<p><a rel=\"prev\" href=\"");
			url_item(o, p->cfg, &parts[at - 1]);
			buf_lit(o, "\">\xE2\x86\x90 Previous part: ");
			esc_html_s(o, parts[at - 1].title);
			buf_lit(o, "</a></p>\n");
		}
		if (at + 1 < n) {
			buf_lit(o, "<p><a rel=\"next\" href=\"");
			url_item(o, p->cfg, &parts[at + 1]);
			buf_lit(o, "\">Next part: ");
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
			url_item(o, p->cfg, &parts[i]);
			buf_lit(o, "\">");
			esc_html_s(o, parts[i].title);
			buf_lit(o, "</a></li>\n");
		}
		buf_lit(o, "</ol>\n</nav>\n");
	} else if (*it->series && it->part > 1) {
		buf_addf(o, "<p class=\"series\">Part %d.</p>\n", it->part);
	}
	store_items_free(parts, n);
	return 0;
}

int item_page_render(struct page *p, const char *slug, struct site_response *r)
{
	struct item it;
	item_init(&it);
	enum store_err e = store_item_get_slug(p->site->store, p->lang, slug, &it);
	if (e == STORE_NOTFOUND || (!e && !item_is_public(&it, p->now))) {
		item_clear(&it);
		page_not_found(p, r);
		return 0;
	}
	if (e) {
		item_clear(&it);
		return -1;
	}
	struct buf path;
	buf_init(&path, 1024);
	url_item(&path, p->cfg, &it);
	struct page_meta m = {.title = it.title, .description = it.lead, .path = buf_str(&path),
			      .item = &it, .kind = (int)it.kind};
	page_begin(p, &m);
	struct buf *o = p->out;
	buf_lit(o, "<article class=\"item item-");
	buf_adds(o, item_kind_slug(it.kind));
	buf_lit(o, "\">\n<header>\n<p class=\"kind\"><a href=\"/kind/");
	buf_adds(o, item_kind_slug(it.kind));
	buf_lit(o, "\">");
	esc_html_s(o, item_kind_label(it.kind));
	buf_lit(o, "</a></p>\n<h1>");
	esc_html_s(o, it.title);
	buf_lit(o, "</h1>\n<p class=\"meta\">");
	page_time(p, it.published, 1);
	if (*it.series && it.part)
		buf_addf(o, " \xC2\xB7 Part %d", it.part);
	buf_lit(o, "</p>\n");
	if (*it.lead) {
		buf_lit(o, "<p class=\"lead\">");
		esc_html_s(o, it.lead);
		buf_lit(o, "</p>\n");
	}
	buf_lit(o, "</header>\n<div class=\"body\">\n");
	unsigned flags = it.kind == KIND_INTERVIEW || it.kind == KIND_MEDIA_REPLY ? MD_TURNS : 0;
	markdown_render(o, it.body, strlen(it.body), flags);
	buf_lit(o, "</div>\n");
	if (*it.source_url) {
		buf_lit(o, "<p class=\"source\">Source: <a href=\"");
		esc_attr_s(o, it.source_url);
		buf_lit(o, "\">");
		esc_html_s(o, *it.source_title ? it.source_title : it.source_url);
		buf_lit(o, "</a></p>\n");
	}
	if (it.ntags) {
		buf_lit(o, "<ul class=\"tags\" aria-label=\"Tags\">\n");
		for (size_t i = 0; i < it.ntags; i++) {
			buf_lit(o, "<li>");
			esc_html_s(o, it.tags[i]);
			buf_lit(o, "</li>\n");
		}
		buf_lit(o, "</ul>\n");
	}
	int rc = item_series_nav(p, &it);
	buf_lit(o, "</article>\n");
	item_jsonld(p, &it);
	page_end(p);
	r->last_modified = it.updated;
	buf_release(&path);
	item_clear(&it);
	return rc;
}
