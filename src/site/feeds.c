/* Feeds (RSS, Atom, JSON Feed), the sitemap and robots.txt, from the store. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../render/feed.h"
#include "pages.h"
#include "urls.h"

#define FEED_ITEMS 30

int feed_page_render(struct page *p, int kind, const char *fmt, struct site_response *r)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = kind, .lang = p->lang,
			       .limit = FEED_ITEMS};
	struct item *items;
	size_t n;
	if (store_item_list(p->site->store, &q, &items, &n))
		return -1;
	char self[96], html[64], title[256];
	snprintf(html, sizeof(html), "%s%s", kind >= 0 ? "/kind/" : "/",
		 kind >= 0 ? item_kind_slug((enum item_kind)kind) : "");
	snprintf(self, sizeof(self), "%s%sfeed.%s", kind >= 0 ? html : "", kind >= 0 ? "/" : "/", fmt);
	if (kind >= 0)
		snprintf(title, sizeof(title), "%s: %s", p->cfg->site_name,
			 item_kind_plural((enum item_kind)kind));
	else
		snprintf(title, sizeof(title), "%s", p->cfg->site_name);
	int64_t updated = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t t = items[i].updated > items[i].published ? items[i].updated : items[i].published;
		if (t > updated)
			updated = t;
	}
	struct feed_meta m = {.cfg = p->cfg, .title = title, .lang = p->lang, .self_path = self,
			      .html_path = html, .updated = updated};
	if (!strcmp(fmt, "rss")) {
		feed_rss(p->out, &m, items, n);
		r->content_type = "application/rss+xml; charset=utf-8";
	} else if (!strcmp(fmt, "atom")) {
		feed_atom(p->out, &m, items, n);
		r->content_type = "application/atom+xml; charset=utf-8";
	} else {
		feed_json(p->out, &m, items, n);
		r->content_type = "application/feed+json; charset=utf-8";
	}
	r->last_modified = updated;
	store_items_free(items, n);
	return 0;
}

int sitemap_render(struct page *p, struct site_response *r)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1};
	struct item *items;
	size_t n;
	if (store_item_list(p->site->store, &q, &items, &n))
		return -1;
	const char *paths[2 + KIND_COUNT];
	char kind_paths[KIND_COUNT][48];
	size_t np = 0;
	paths[np++] = "/";
	paths[np++] = "/archive";
	for (int k = 0; k < KIND_COUNT; k++) {
		snprintf(kind_paths[k], sizeof(kind_paths[k]), "/kind/%s", item_kind_slug((enum item_kind)k));
		paths[np++] = kind_paths[k];
	}
	sitemap_xml(p->out, p->cfg, paths, np, items, n);
	r->content_type = "application/xml; charset=utf-8";
	store_items_free(items, n);
	return 0;
}

void robots_render(struct page *p, struct site_response *r)
{
	buf_lit(p->out, "User-agent: *\nDisallow: /admin\nAllow: /\n\nSitemap: ");
	url_base(p->out, p->cfg);
	buf_lit(p->out, "/sitemap.xml\n");
	r->content_type = "text/plain; charset=utf-8";
}
