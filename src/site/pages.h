/*
 * pages: one function per page kind, each in its own file. Each renders into
 * p->out and fills r; a return of -1 means the store failed (a 500), and a page
 * that does not exist calls page_not_found().
 */
#ifndef PR_PAGES_H
#define PR_PAGES_H

#include "page.h"

int home_render(struct page *p, struct site_response *r);
int item_page_render(struct page *p, const char *slug, struct site_response *r);
/* An item given in full (stored or not, public or not), with an optional notice
 * (plain text) at the top: the newsroom's previews. */
int item_page_render_item(struct page *p, const struct item *it, const char *banner,
			  struct site_response *r);
/* Archive of all messages, one kind, or one month (kind -1 / year 0 when not used). */
int list_render(struct page *p, int kind, int year, int month, int64_t page,
		struct site_response *r);
/*
 * Every list page of p->lang from one reading of its items: the archive, each
 * kind, each month with items. For each page, r is filled exactly as
 * list_render() of that page fills it and emit(ctx, path of the page, r) is
 * called; prefix is the language's path prefix ("" or "/ru"). Returns 0, or the
 * first nonzero emit() returned (which stops it), or -1 out of memory.
 */
int list_render_all(struct page *p, const char *prefix,
		    int (*emit)(void *ctx, const char *path, struct site_response *r), void *ctx,
		    struct site_response *r);
/* lists.c keeps each language's month index in the site; this drops them all. */
void site_months_clear(struct site *site);
int series_render(struct page *p, const char *series, struct site_response *r);
/* Feeds: fmt is "rss", "atom" or "json"; kind -1 for the whole site. */
int feed_page_render(struct page *p, int kind, const char *fmt, struct site_response *r);
int sitemap_render(struct page *p, struct site_response *r);
/* /search?q=&kind=&lang=&from=&to=&page= (reads p->params) and its OpenSearch description. */
int search_render(struct page *p, struct site_response *r);
/* A language's public items' links, dates, kinds, languages, titles and leads as
 * JSON, newest first: what the static copy's search page searches
 * (site.static_copy only). list_render_all writes it from its own list. */
int search_index_render(struct page *p, struct site_response *r);
void search_index_write(struct page *p, const struct item *items, size_t n);
int opensearch_render(struct page *p, struct site_response *r);
void robots_render(struct page *p, struct site_response *r);

/* site.c: r as a page starts (200, HTML, no expiry, empty body; the store's last
 * message forgotten), and r as a failed page ends (500, a short plain-text body,
 * r->why from the body's buffer or the store's message). */
void site_response_reset(struct site_response *r);
void site_response_error(const struct site *site, struct site_response *r);

#endif
