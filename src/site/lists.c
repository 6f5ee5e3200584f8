/* Lists of items: the archive of all messages, a page per kind, a page per month,
 * and a series. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/tz.h"
#include "../render/escape.h"
#include "pages.h"
#include "urls.h"

static const char *const list_months[] = {"January", "February", "March",     "April",
					  "May",     "June",     "July",      "August",
					  "September", "October", "November", "December"};

/* Links to every month that has items, newest first, grouped by year. */
static int list_month_index(struct page *p)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang};
	int64_t *times;
	size_t n;
	if (store_item_times(p->site->store, &q, &times, &n))
		return -1;
	struct buf *o = p->out;
	if (n)
		buf_lit(o, "<nav class=\"months\" aria-labelledby=\"months-h\">\n"
			   "<h2 id=\"months-h\">By month</h2>\n<ul>\n");
	int last = -1;
	for (size_t i = 0; i < n; i++) {
		struct civil c;
		if (tz_civil(p->cfg->timezone, times[i], &c))
			continue;
		int key = c.year * 12 + c.month - 1;
		if (key == last)
			continue;
		last = key;
		buf_addf(o, "<li><a href=\"/archive/%04d/%02d\">%s %04d</a></li>\n", c.year, c.month,
			 list_months[c.month - 1], c.year);
	}
	if (n)
		buf_lit(o, "</ul>\n</nav>\n");
	free(times);
	return 0;
}

int list_render(struct page *p, int kind, int year, int month, int64_t page,
		struct site_response *r)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = kind, .lang = p->lang};
	char title[128], base[64];
	if (year) {
		if (tz_to_utc(p->cfg->timezone, year, month, 1, 0, 0, 0, &q.from) ||
		    tz_to_utc(p->cfg->timezone, month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1,
			      1, 0, 0, 0, &q.to)) {
			page_not_found(p, r);
			return 0;
		}
		snprintf(title, sizeof(title), "%s %04d", list_months[month - 1], year);
		snprintf(base, sizeof(base), "/archive/%04d/%02d", year, month);
	} else if (kind >= 0) {
		snprintf(title, sizeof(title), "%s", item_kind_plural((enum item_kind)kind));
		snprintf(base, sizeof(base), "/kind/%s", item_kind_slug((enum item_kind)kind));
	} else {
		snprintf(title, sizeof(title), "All messages");
		snprintf(base, sizeof(base), "/archive");
	}
	int64_t total;
	if (store_item_count(p->site->store, &q, &total))
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
	q.limit = per;
	q.offset = (page - 1) * per;
	struct item *items;
	size_t n;
	if (store_item_list(p->site->store, &q, &items, &n))
		return -1;
	char path[96];
	if (page > 1)
		snprintf(path, sizeof(path), "%s/page/%lld", base, (long long)page);
	else
		snprintf(path, sizeof(path), "%s", base);
	char full_title[160];
	if (page > 1)
		snprintf(full_title, sizeof(full_title), "%s, page %lld", title, (long long)page);
	else
		snprintf(full_title, sizeof(full_title), "%s", title);
	struct page_meta m = {.title = full_title, .path = path, .kind = year ? -1 : kind};
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
		buf_lit(o, "<p>Nothing has been published here yet.</p>\n");
	}
	store_items_free(items, n);
	page_pager(p, base, page, pages);
	int rc = 0;
	if (kind < 0 && !year)
		rc = list_month_index(p);
	page_end(p);
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
	buf_lit(&path, "/series/");
	esc_url_s(&path, series);
	struct page_meta m = {.title = items[0].title, .path = buf_str(&path), .kind = -1};
	page_begin(p, &m);
	struct buf *o = p->out;
	buf_lit(o, "<h1>");
	esc_html_s(o, items[0].title);
	buf_lit(o, "</h1>\n<p>A series in ");
	buf_addf(o, "%zu parts.</p>\n<ol class=\"entries\">\n", n);
	for (size_t i = 0; i < n; i++)
		page_entry(p, &items[i], 1);
	buf_lit(o, "</ol>\n");
	page_end(p);
	buf_release(&path);
	store_items_free(items, n);
	return 0;
}
