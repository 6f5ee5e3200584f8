#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/tz.h"
#include "../render/escape.h"
#include "page.h"
#include "urls.h"

static const char *const month_names[] = {"January", "February", "March",     "April",
					  "May",     "June",     "July",      "August",
					  "September", "October", "November", "December"};

static void page_feed_links(struct page *p, int kind)
{
	static const struct {
		const char *type, *ext, *name;
	} feeds[] = {
		{"application/rss+xml", "rss", "RSS"},
		{"application/atom+xml", "atom", "Atom"},
		{"application/feed+json", "json", "JSON Feed"},
	};
	for (size_t i = 0; i < sizeof(feeds) / sizeof(feeds[0]); i++) {
		buf_lit(p->out, "<link rel=\"alternate\" type=\"");
		buf_adds(p->out, feeds[i].type);
		buf_lit(p->out, "\" title=\"");
		esc_attr_s(p->out, p->cfg->site_name);
		if (kind >= 0) {
			buf_lit(p->out, ": ");
			esc_attr_s(p->out, item_kind_plural((enum item_kind)kind));
		}
		buf_addf(p->out, " (%s)\" href=\"", feeds[i].name);
		if (kind >= 0) {
			buf_lit(p->out, "/kind/");
			buf_adds(p->out, item_kind_slug((enum item_kind)kind));
		}
		buf_addf(p->out, "/feed.%s\">\n", feeds[i].ext);
	}
}

static void page_meta_tag(struct page *p, const char *attr, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_addf(p->out, "<meta %s=\"%s\" content=\"", attr, name);
	esc_attr_s(p->out, value);
	buf_lit(p->out, "\">\n");
}

void page_begin(struct page *p, const struct page_meta *m)
{
	struct buf *o = p->out;
	buf_lit(o, "<!DOCTYPE html>\n<html lang=\"");
	esc_attr_s(o, p->lang);
	buf_lit(o, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	if (m->title && strcmp(m->title, p->cfg->site_name) != 0) {
		esc_html_s(o, m->title);
		buf_lit(o, " \xE2\x80\x94 ");
	}
	esc_html_s(o, p->cfg->site_name);
	buf_lit(o, "</title>\n");
	page_meta_tag(p, "name", "description",
		      m->description && *m->description ? m->description : p->cfg->description);
	buf_lit(o, "<link rel=\"stylesheet\" href=\"/static/site.css\">\n");
	struct buf url;
	buf_init(&url, 4096);
	url_base(&url, p->cfg);
	buf_adds(&url, m->path);
	buf_lit(o, "<link rel=\"canonical\" href=\"");
	esc_attr_s(o, buf_str(&url));
	buf_lit(o, "\">\n");
	page_feed_links(p, m->kind);
	page_meta_tag(p, "property", "og:site_name", p->cfg->site_name);
	page_meta_tag(p, "property", "og:title", m->title);
	page_meta_tag(p, "property", "og:url", buf_str(&url));
	page_meta_tag(p, "property", "og:type", m->item ? "article" : "website");
	page_meta_tag(p, "property", "og:description", m->description);
	if (m->item) {
		struct buf t;
		buf_init(&t, 64);
		struct civil c;
		tz_civil("UTC", m->item->published, &c);
		buf_addf(&t, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.min,
			 c.sec);
		page_meta_tag(p, "property", "article:published_time", buf_str(&t));
		page_meta_tag(p, "property", "article:section", item_kind_label(m->item->kind));
		buf_release(&t);
	}
	buf_release(&url);
	if (m->clocks)
		buf_lit(o, "<script src=\"/static/clock.js\" defer></script>\n");
	buf_lit(o, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
		   "<header class=\"site-header\">\n<p class=\"site-name\"><a href=\"/\">");
	esc_html_s(o, p->cfg->site_name);
	buf_lit(o, "</a></p>\n<nav class=\"site-nav\" aria-label=\"Sections\">\n<ul>\n"
		   "<li><a href=\"/\">Home</a></li>\n"
		   "<li><a href=\"/archive\">All messages</a></li>\n");
	static const enum item_kind nav_kinds[] = {KIND_PRESS_RELEASE, KIND_NEWS, KIND_STATEMENT,
						   KIND_INTERVIEW, KIND_MEDIA_REPLY};
	for (size_t i = 0; i < sizeof(nav_kinds) / sizeof(nav_kinds[0]); i++) {
		buf_lit(o, "<li><a href=\"/kind/");
		buf_adds(o, item_kind_slug(nav_kinds[i]));
		buf_lit(o, "\">");
		esc_html_s(o, item_kind_plural(nav_kinds[i]));
		buf_lit(o, "</a></li>\n");
	}
	buf_lit(o, "</ul>\n</nav>\n</header>\n<main id=\"main\">\n");
}

void page_end(struct page *p)
{
	struct buf *o = p->out;
	buf_lit(o, "</main>\n<footer class=\"site-footer\">\n<p>");
	esc_html_s(o, p->cfg->site_name);
	buf_lit(o, "</p>\n<p class=\"feeds\">Follow: <a href=\"/feed.rss\">RSS</a> \xC2\xB7 "
		   "<a href=\"/feed.atom\">Atom</a> \xC2\xB7 <a href=\"/feed.json\">JSON Feed</a>"
		   " \xC2\xB7 <a href=\"/archive\">All messages</a></p>\n</footer>\n</body>\n</html>\n");
}

void page_date_long(struct page *p, int64_t t)
{
	struct civil c;
	if (tz_civil(p->cfg->timezone, t, &c))
		tz_civil("UTC", t, &c);
	buf_addf(p->out, "%d %s %04d", c.day, month_names[c.month - 1], c.year);
}

void page_date_short(struct page *p, int64_t t)
{
	struct civil c;
	if (tz_civil(p->cfg->timezone, t, &c))
		tz_civil("UTC", t, &c);
	buf_addf(p->out, "%02d.%02d.%04d", c.day, c.month, c.year);
}

void page_time(struct page *p, int64_t t, int longform)
{
	struct civil c;
	tz_civil("UTC", t, &c);
	buf_addf(p->out, "<time datetime=\"%04d-%02d-%02dT%02d:%02d:%02dZ\">", c.year, c.month,
		 c.day, c.hour, c.min, c.sec);
	if (longform)
		page_date_long(p, t);
	else
		page_date_short(p, t);
	buf_lit(p->out, "</time>");
}

void page_entry(struct page *p, const struct item *it, int show_kind)
{
	struct buf *o = p->out;
	buf_lit(o, "<li class=\"entry\">\n<p class=\"entry-head\">");
	page_time(p, it->published, 0);
	buf_lit(o, " \xE2\x80\x93 ");
	if (show_kind) {
		buf_lit(o, "<span class=\"kind\">");
		esc_html_s(o, item_kind_label(it->kind));
		buf_lit(o, "</span> \xE2\x80\x93 ");
	}
	buf_lit(o, "<a href=\"");
	url_item(o, p->cfg, it);
	buf_lit(o, "\">");
	esc_html_s(o, it->title);
	buf_lit(o, "</a></p>\n");
	if (*it->lead) {
		buf_lit(o, "<p class=\"lead\">");
		esc_html_s(o, it->lead);
		buf_lit(o, "</p>\n");
	}
	buf_lit(o, "</li>\n");
}

static void page_link_n(struct page *p, const char *base, int64_t n)
{
	esc_attr_s(p->out, base);
	if (n > 1)
		buf_addf(p->out, "%spage/%lld", base[strlen(base) - 1] == '/' ? "" : "/", (long long)n);
}

void page_pager(struct page *p, const char *base, int64_t page, int64_t pages)
{
	if (pages <= 1)
		return;
	struct buf *o = p->out;
	buf_lit(o, "<nav class=\"pager\" aria-label=\"Pages\">\n");
	if (page > 1) {
		buf_lit(o, "<a rel=\"prev\" href=\"");
		page_link_n(p, base, page - 1);
		buf_lit(o, "\">\xE2\x86\x90 Newer</a>\n");
	}
	buf_lit(o, "<ol>\n");
	for (int64_t i = 1; i <= pages; i++) {
		/* Long archives show the first, last and the pages around the current one. */
		if (pages > 11 && i > 2 && i < pages - 1 && (i < page - 3 || i > page + 3)) {
			if (i == 3 || i == page + 4)
				buf_lit(o, "<li class=\"gap\">\xE2\x80\xA6</li>\n");
			continue;
		}
		if (i == page) {
			buf_lit(o, "<li><a aria-current=\"page\" href=\"");
			page_link_n(p, base, i);
			buf_addf(o, "\">%lld</a></li>\n", (long long)i);
		} else {
			buf_lit(o, "<li><a href=\"");
			page_link_n(p, base, i);
			buf_addf(o, "\">%lld</a></li>\n", (long long)i);
		}
	}
	buf_lit(o, "</ol>\n");
	if (page < pages) {
		buf_lit(o, "<a rel=\"next\" href=\"");
		page_link_n(p, base, page + 1);
		buf_lit(o, "\">Older \xE2\x86\x92</a>\n");
	}
	buf_lit(o, "</nav>\n");
}

void page_not_found(struct page *p, struct site_response *r)
{
	buf_reset(&r->body);
	r->status = 404;
	r->content_type = "text/html; charset=utf-8";
	struct page_meta m = {.title = "Page not found", .path = "/404", .kind = -1};
	page_begin(p, &m);
	buf_lit(p->out, "<h1>Page not found</h1>\n<p>There is no page at this address. It may have "
			"moved, or the link may be mistyped.</p>\n<ul>\n<li><a href=\"/\">Home page</a></li>\n"
			"<li><a href=\"/archive\">All messages</a></li>\n</ul>\n");
	page_end(p);
}
