/* Lists of items: the archive of all messages, a page per kind, a page per month,
 * and a series. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/i18n.h"
#include "../base/tz.h"
#include "../render/escape.h"
#include "pages.h"
#include "urls.h"

/* Links to every month that has items, newest first, grouped by year. */
static int list_month_index(struct page *p)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang};
	int64_t *times;
	size_t n;
	if (store_item_times(p->site->store, &q, &times, &n))
		return -1;
	struct buf *o = p->out;
	if (n) {
		buf_lit(o, "<nav class=\"months\" aria-labelledby=\"months-h\">\n"
			   "<h2 id=\"months-h\">");
		esc_html_s(o, _("By month"));
		buf_lit(o, "</h2>\n<ul>\n");
	}
	int last = -1;
	for (size_t i = 0; i < n; i++) {
		struct civil c;
		if (tz_civil(p->cfg->timezone, times[i], &c))
			continue;
		int key = c.year * 12 + c.month - 1;
		if (key == last)
			continue;
		last = key;
		buf_lit(o, "<li><a href=\"");
		url_month(o, p->cfg, p->lang, c.year, c.month);
		buf_lit(o, "\">");
		esc_html_s(o, page_month(c.month, 0));
		buf_addf(o, " %04d</a></li>\n", c.year);
	}
	if (n)
		buf_lit(o, "</ul>\n</nav>\n");
	free(times);
	return 0;
}

/* One page of a list whose page 1 is at base (with its language prefix). */
static int list_page(struct page *p, struct item_query *q, int kind, int year, int64_t page,
		     const char *title, const char *base, struct site_response *r)
{
	int64_t total;
	if (store_item_count(p->site->store, q, &total))
		return -1;
	int64_t per = p->cfg->per_page;
	int64_t pages = total ? (total + per - 1) / per : 1;
	if (page < 1 || page > pages) {
		page_not_found(p, r);
		return 0;
	}
	/* A month with nothing in it is not a page. */
	if (year && !total) {
		page_not_found(p, r);
		return 0;
	}
	q->limit = per;
	q->offset = (page - 1) * per;
	struct item *items;
	size_t n;
	if (store_item_list(p->site->store, q, &items, &n))
		return -1;
	struct buf path;
	buf_init(&path, 1024);
	buf_adds(&path, base);
	if (page > 1)
		buf_addf(&path, "/page/%lld", (long long)page);
	char full_title[192];
	if (page > 1)
		/* TRANSLATORS: a list's title and its page number: "All messages, page 2". */
		snprintf(full_title, sizeof(full_title), _("%s, page %lld"), title, (long long)page);
	else
		snprintf(full_title, sizeof(full_title), "%s", title);
	struct page_meta m = {.title = full_title, .path = buf_str(&path), .kind = year ? -1 : kind};
	page_begin(p, &m);
	struct buf *o = p->out;
	buf_lit(o, "<h1>");
	esc_html_s(o, full_title);
	buf_lit(o, "</h1>\n");
	if (n) {
		buf_lit(o, "<ol class=\"entries\">\n");
		for (size_t i = 0; i < n; i++)
			page_entry(p, &items[i], kind < 0);
		buf_lit(o, "</ol>\n");
	} else {
		buf_lit(o, "<p>");
		esc_html_s(o, _("Nothing has been published here yet."));
		buf_lit(o, "</p>\n");
	}
	store_items_free(items, n);
	page_pager(p, base, page, pages);
	int rc = 0;
	if (kind < 0 && !year)
		rc = list_month_index(p);
	page_end(p);
	buf_release(&path);
	return rc;
}

int list_render(struct page *p, int kind, int year, int month, int64_t page,
		struct site_response *r)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = kind, .lang = p->lang};
	char title[128];
	struct buf base;
	buf_init(&base, 512);
	if (year) {
		if (tz_to_utc(p->cfg->timezone, year, month, 1, 0, 0, 0, &q.from) ||
		    tz_to_utc(p->cfg->timezone, month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1,
			      1, 0, 0, 0, &q.to)) {
			page_not_found(p, r);
			return 0;
		}
		/* The month as a title names it: "November 2017", "Ноябрь 2017". */
		snprintf(title, sizeof(title), "%s %04d", page_month(month, 0), year);
		url_month(&base, p->cfg, p->lang, year, month);
	} else if (kind >= 0) {
		snprintf(title, sizeof(title), "%s", page_kind_plural((enum item_kind)kind));
		url_kind(&base, p->cfg, p->lang, kind);
	} else {
		snprintf(title, sizeof(title), "%s", _("All messages"));
		url_path(&base, p->cfg, p->lang, "/archive");
	}
	int rc = list_page(p, &q, kind, year, page, title, buf_str(&base), r);
	buf_release(&base);
	return rc;
}

int series_render(struct page *p, const char *series, struct site_response *r)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang,
			       .series = series};
	struct item *items;
	size_t n;
	if (store_item_list(p->site->store, &q, &items, &n))
		return -1;
	if (!n) {
		page_not_found(p, r);
		return 0;
	}
	struct buf path;
	buf_init(&path, 1024);
	url_series(&path, p->cfg, p->lang, series);
	struct page_meta m = {.title = items[0].title, .path = buf_str(&path), .kind = -1};
	page_begin(p, &m);
	struct buf *o = p->out;
	buf_lit(o, "<h1>");
	esc_html_s(o, items[0].title);
	buf_lit(o, "</h1>\n<p>");
	char parts[128];
	snprintf(parts, sizeof(parts), NG_("A series in %zu part.", "A series in %zu parts.", n), n);
	esc_html_s(o, parts);
	buf_lit(o, "</p>\n<ol class=\"entries\">\n");
	for (size_t i = 0; i < n; i++)
		page_entry(p, &items[i], 1);
	buf_lit(o, "</ol>\n");
	page_end(p);
	buf_release(&path);
	store_items_free(items, n);
	return 0;
}
