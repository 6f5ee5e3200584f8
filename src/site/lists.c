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

/*
 * The months that have public items in p->lang (year * 12 + month - 1), newest
 * first, in *keys (owned by the site's cache). A page of the archive shows them
 * all, and reading every public item's time for each of a few hundred archive
 * pages was most of an export; so the list is kept per language in the site and
 * made again only when it may have changed: another commit (the store's data
 * version), another time zone, or a "now" outside the span in which no item
 * becomes public (from the time it was made to the next scheduled publication).
 */
static int list_months(struct page *p, struct site_months **out)
{
	struct site *site = p->site;
	const char *zone = p->cfg->timezone ? p->cfg->timezone : "";
	int64_t version;
	if (store_content_version(site->store, &version))
		return -1;
	struct site_months *slot = NULL;
	for (size_t i = 0; i < SITE_MAX_LANGS; i++) {
		struct site_months *m = &site->months[i];
		if (!m->lang[0]) {
			if (!slot)
				slot = m;
			continue;
		}
		if (strcmp(m->lang, p->lang) != 0)
			continue;
		if (m->version == version && !strcmp(m->zone, zone) && p->now >= m->from &&
		    (!m->until || p->now < m->until)) {
			*out = m;
			return 0;
		}
		slot = m;
		break;
	}
	if (!slot)
		slot = &site->months[0];
	if (strlen(p->lang) >= sizeof(slot->lang) || strlen(zone) >= sizeof(slot->zone))
		return -1;
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang};
	int64_t *times, until;
	size_t nt;
	if (store_next_scheduled(site->store, p->now, &until) ||
	    store_item_times(site->store, &q, &times, &nt))
		return -1;
	/* Times come newest first, so each month's items are together. */
	int *v = malloc((nt ? nt : 1) * sizeof(*v));
	if (!v) {
		free(times);
		return -1;
	}
	size_t len = 0;
	for (size_t i = 0; i < nt; i++) {
		struct civil c;
		if (tz_civil(zone, times[i], &c))
			continue;
		int key = c.year * 12 + c.month - 1;
		if (!len || v[len - 1] != key)
			v[len++] = key;
	}
	free(times);
	free(slot->keys);
	free(slot->html);
	slot->html = NULL;
	slot->html_len = 0;
	snprintf(slot->lang, sizeof(slot->lang), "%s", p->lang);
	snprintf(slot->zone, sizeof(slot->zone), "%s", zone);
	slot->version = version;
	slot->from = p->now;
	slot->until = until;
	slot->keys = v;
	slot->n = len;
	*out = slot;
	return 0;
}

void site_months_clear(struct site *site)
{
	for (size_t i = 0; i < SITE_MAX_LANGS; i++) {
		free(site->months[i].keys);
		free(site->months[i].html);
		memset(&site->months[i], 0, sizeof(site->months[i]));
	}
}

/* Links to every month that has items, newest first; made once per language and
 * kept with the months (a few hundred archive pages show the same index). */
static int list_month_index(struct page *p)
{
	struct site_months *m;
	if (list_months(p, &m))
		return -1;
	if (!m->n)
		return 0;
	if (!m->html) {
		struct buf o;
		buf_init(&o, 0);
		buf_lit(&o, "<nav class=\"months\" aria-labelledby=\"months-h\">\n"
			    "<h2 id=\"months-h\">");
		esc_html_s(&o, _("By month"));
		buf_lit(&o, "</h2>\n<ul>\n");
		for (size_t i = 0; i < m->n; i++) {
			int year = m->keys[i] / 12, month = m->keys[i] % 12 + 1;
			buf_lit(&o, "<li><a href=\"");
			url_month(&o, p->cfg, p->lang, year, month);
			buf_lit(&o, "\">");
			esc_html_s(&o, page_month(month, 0));
			buf_addf(&o, " %04d</a></li>\n", year);
		}
		buf_lit(&o, "</ul>\n</nav>\n");
		if (buf_failed(&o)) {
			buf_release(&o);
			return -1;
		}
		m->html = buf_detach(&o, &m->html_len);
	}
	buf_add(p->out, m->html, m->html_len);
	return 0;
}

/* Page `page` of `pages` of a list whose page 1 is at base (with its language
 * prefix): items[0..n) are its entries. */
static int list_page_write(struct page *p, int kind, int year, int64_t page, int64_t pages,
			   const char *title, const char *base, const struct item *items, size_t n)
{
	struct buf path;
	buf_init(&path, 1024);
	buf_adds(&path, base);
	url_list_page_suffix(&path, p->cfg, base, page);
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
	page_pager(p, base, page, pages);
	int rc = 0;
	if (kind < 0 && !year)
		rc = list_month_index(p);
	page_end(p);
	buf_release(&path);
	return rc;
}

/* [from, to): the month's first second and the next month's, in the site's zone;
 * -1 when the zone cannot convert them. */
static int list_month_bounds(const struct page *p, int year, int month, int64_t *from,
			     int64_t *to)
{
	if (tz_to_utc(p->cfg->timezone, year, month, 1, 0, 0, 0, from) ||
	    tz_to_utc(p->cfg->timezone, month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1,
		      1, 0, 0, 0, to))
		return -1;
	return 0;
}

/*
 * The query, title and page-1 path (into base) of a list. Returns -1 when the
 * month cannot be a page (a time the zone cannot convert).
 */
static int list_setup(struct page *p, int kind, int year, int month, struct item_query *q,
		      char *title, size_t titlesz, struct buf *base)
{
	*q = (struct item_query){.public_only = 1, .now = p->now, .kind = kind, .lang = p->lang,
				 .entries = 1};
	if (year) {
		if (list_month_bounds(p, year, month, &q->from, &q->to))
			return -1;
		/* The month as a title names it: "November 2017", "Ноябрь 2017". */
		snprintf(title, titlesz, "%s %04d", page_month(month, 0), year);
		url_month(base, p->cfg, p->lang, year, month);
	} else if (kind >= 0) {
		snprintf(title, titlesz, "%s", page_kind_plural((enum item_kind)kind));
		url_kind(base, p->cfg, p->lang, kind);
	} else {
		snprintf(title, titlesz, "%s", _("All messages"));
		url_path(base, p->cfg, p->lang, "/archive");
	}
	return 0;
}

int list_render(struct page *p, int kind, int year, int month, int64_t page,
		struct site_response *r)
{
	struct item_query q;
	char title[128];
	struct buf base;
	buf_init(&base, 512);
	if (list_setup(p, kind, year, month, &q, title, sizeof(title), &base)) {
		buf_release(&base);
		page_not_found(p, r);
		return 0;
	}
	int64_t total;
	int rc = -1;
	if (store_item_count(p->site->store, &q, &total))
		goto out;
	int64_t per = p->cfg->per_page;
	int64_t pages = total ? (total + per - 1) / per : 1;
	/* A month with nothing in it is not a page. */
	if (page < 1 || page > pages || (year && !total)) {
		page_not_found(p, r);
		rc = 0;
		goto out;
	}
	q.limit = per;
	q.offset = (page - 1) * per;
	struct item *items;
	size_t n;
	if (store_item_list(p->site->store, &q, &items, &n))
		goto out;
	rc = list_page_write(p, kind, year, page, pages, title, buf_str(&base), items, n);
	store_items_free(items, n);
out:
	buf_release(&base);
	return rc;
}

/*
 * Every page of one list, whose items (all of them, in list order) are
 * items[0..n), each page emitted under path (page 1) or path + "/page/N".
 */
static int list_pages(struct page *p, int kind, int year, int month, const char *path,
		      const struct item *items, size_t n,
		      int (*emit)(void *ctx, const char *path, struct site_response *r), void *ctx,
		      struct site_response *r)
{
	struct item_query q;
	char title[128];
	struct buf base, pagepath;
	buf_init(&base, 512);
	buf_init(&pagepath, 1024);
	int rc = 0;
	site_response_reset(r);
	/* A month with nothing in it is not a page. */
	if (list_setup(p, kind, year, month, &q, title, sizeof(title), &base) || (year && !n)) {
		page_not_found(p, r);
		rc = emit(ctx, path, r);
		goto out;
	}
	int64_t per = p->cfg->per_page;
	int64_t pages = n ? ((int64_t)n + per - 1) / per : 1;
	for (int64_t pg = 1; pg <= pages && !rc; pg++) {
		site_response_reset(r);
		size_t off = (size_t)((pg - 1) * per);
		size_t cnt = n - off < (size_t)per ? n - off : (size_t)per;
		buf_reset(&pagepath);
		buf_adds(&pagepath, path);
		if (pg > 1)
			buf_addf(&pagepath, "/page/%lld", (long long)pg);
		if (list_page_write(p, kind, year, pg, pages, title, buf_str(&base),
				    items ? items + off : NULL, cnt) ||
		    buf_failed(&r->body))
			site_response_error(p->site, r);
		rc = buf_failed(&pagepath) ? -1 : emit(ctx, buf_str(&pagepath), r);
	}
out:
	buf_release(&base);
	buf_release(&pagepath);
	return rc;
}

int list_render_all(struct page *p, const char *prefix,
		    int (*emit)(void *ctx, const char *path, struct site_response *r), void *ctx,
		    struct site_response *r)
{
	char path[SITE_LANG_MAX + 64];
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang,
			       .entries = 1};
	struct item *items = NULL, *sub = NULL;
	size_t n = 0;
	int rc;
	snprintf(path, sizeof(path), "%s/archive", prefix);
	if (strlen(prefix) > SITE_LANG_MAX) {
		rc = -1;
		goto out;
	}
	if (store_item_list(p->site->store, &q, &items, &n)) {
		site_response_reset(r);
		site_response_error(p->site, r);
		rc = emit(ctx, path, r);
		goto out;
	}
	if (!(sub = malloc((n ? n : 1) * sizeof(*sub)))) {
		rc = -1;
		goto out;
	}
	/* All messages. */
	rc = list_pages(p, -1, 0, 0, path, items, n, emit, ctx, r);
	/* Each kind: the archive's items of that kind, in the same order. The structs
	 * are shallow copies: their strings stay the archive's. */
	for (int k = 0; k < KIND_COUNT && !rc; k++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if ((int)items[i].kind == k)
				sub[m++] = items[i];
		snprintf(path, sizeof(path), "%s/kind/%s", prefix, item_kind_slug((enum item_kind)k));
		rc = list_pages(p, k, 0, 0, path, sub, m, emit, ctx, r);
	}
	/* Each month that has items (in the site's zone, as the month index has them):
	 * the archive's items in [first of the month, first of the next), as the
	 * month's own query has them. The archive is newest first (published DESC),
	 * so they are the run that starts at the month's newest item. */
	int last = -1;
	for (size_t i = 0; i < n && !rc;) {
		struct civil c;
		if (tz_civil(p->cfg->timezone, items[i].published, &c) ||
		    c.year * 12 + c.month - 1 == last) {
			i++;
			continue;
		}
		last = c.year * 12 + c.month - 1;
		int64_t from, to;
		int year = c.year, month = c.month;
		size_t end = i + 1, m = 0;
		/* A month the zone cannot bound is not a page (list_setup says so). */
		if (!list_month_bounds(p, year, month, &from, &to) && items[i].published >= from &&
		    items[i].published < to) {
			while (end < n && items[end].published >= from)
				end++;
			m = end - i;
		}
		snprintf(path, sizeof(path), "%s/archive/%04d/%02d", prefix, year, month);
		rc = list_pages(p, -1, year, month, path, items + i, m, emit, ctx, r);
		i = end;
	}
	/* The static copy's search index of this language: the same list again. */
	if (!rc && p->site->static_copy) {
		site_response_reset(r);
		search_index_write(p, items, n);
		r->content_type = "application/json; charset=utf-8";
		if (buf_failed(&r->body))
			site_response_error(p->site, r);
		snprintf(path, sizeof(path), "%s/search/index.json", prefix);
		rc = emit(ctx, path, r);
	}
out:
	free(sub);
	store_items_free(items, n);
	return rc;
}

int series_render(struct page *p, const char *series, struct site_response *r)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang,
			       .series = series, .brief = 1};
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
