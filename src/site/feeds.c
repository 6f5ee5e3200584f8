/* Feeds (RSS, Atom, JSON Feed), the sitemap and robots.txt, from the store. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/strset.h"
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
	char title[256];
	struct buf self, html, id;
	buf_init(&self, 512);
	buf_init(&html, 512);
	buf_init(&id, 512);
	/* The feed's id is the page's address as the live server has it (feed.h). */
	struct config plain = *p->cfg;
	plain.dir_urls = 0;
	if (kind >= 0) {
		url_kind(&html, p->cfg, p->lang, kind);
		url_kind(&id, &plain, p->lang, kind);
	} else {
		url_path(&html, p->cfg, p->lang, "/");
		url_path(&id, &plain, p->lang, "/");
	}
	url_feed(&self, p->cfg, p->lang, kind, fmt);
	if (kind >= 0)
		snprintf(title, sizeof(title), "%s: %s", p->cfg->site_name,
			 page_kind_plural((enum item_kind)kind));
	else
		snprintf(title, sizeof(title), "%s", p->cfg->site_name);
	int64_t updated = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t t = items[i].updated > items[i].published ? items[i].updated : items[i].published;
		if (t > updated)
			updated = t;
	}
	struct feed_meta m = {.cfg = p->cfg, .title = title, .lang = p->lang,
			      .self_path = buf_str(&self), .html_path = buf_str(&html),
			      .id_path = buf_str(&id), .updated = updated};
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
	buf_release(&self);
	buf_release(&html);
	buf_release(&id);
	return 0;
}

int sitemap_render(struct page *p, struct site_response *r)
{
	/* Links only: what a sitemap entry needs is all in an index (store.h). */
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .paths = 1};
	struct item *items;
	size_t n;
	if (store_item_list(p->site->store, &q, &items, &n))
		return -1;
	/* The home and archive pages of every language, the pages of the kinds and the
	 * series it has items of, then every item (with its translations as hreflang
	 * alternates). */
	enum { PER_LANG = 2 + KIND_COUNT };
	const struct site *site = p->site;
	size_t np = 0;
	const char **paths = calloc(site->nlangs * PER_LANG + n, sizeof(*paths));
	struct buf all;
	buf_init(&all, 64 * 1024);
	size_t *offs = calloc(site->nlangs * PER_LANG + n, sizeof(*offs));
	unsigned char has[SITE_MAX_LANGS][KIND_COUNT];
	memset(has, 0, sizeof(has));
	if (!paths || !offs) {
		free(paths);
		free(offs);
		store_items_free(items, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t l = 0; l < site->nlangs; l++)
			if (!strcmp(items[i].lang, site->langs[l]) && (int)items[i].kind < KIND_COUNT)
				has[l][items[i].kind] = 1;
	for (size_t l = 0; l < site->nlangs; l++) {
		for (int k = -2; k < KIND_COUNT; k++) {
			if (k >= 0 && !has[l][k])
				continue; /* "nothing published here yet": no page to list */
			offs[np++] = all.len;
			if (k == -2)
				url_path(&all, p->cfg, site->langs[l], "/");
			else if (k == -1)
				url_path(&all, p->cfg, site->langs[l], "/archive");
			else
				url_kind(&all, p->cfg, site->langs[l], k);
			buf_addc(&all, '\0');
		}
	}
	struct strset series = {0};
	for (size_t i = 0; i < n; i++) {
		/* (One stored before names were checked has no page of its own.) */
		if (!*items[i].series || !item_series_name_ok(items[i].series))
			continue;
		size_t at = all.len;
		url_series(&all, p->cfg, items[i].lang, items[i].series);
		buf_addc(&all, '\0');
		int added = buf_failed(&all) ? -1 : strset_add(&series, all.data + at);
		if (added > 0)
			offs[np++] = at;
		else
			all.len = at;
	}
	strset_free(&series);
	int rc = 0;
	if (buf_failed(&all)) {
		rc = -1;
	} else {
		for (size_t i = 0; i < np; i++)
			paths[i] = all.data + offs[i];
		sitemap_xml(p->out, p->cfg, paths, np, items, n);
	}
	r->content_type = "application/xml; charset=utf-8";
	buf_release(&all);
	free(paths);
	free(offs);
	store_items_free(items, n);
	return rc;
}

void robots_render(struct page *p, struct site_response *r)
{
	/* Under a path of its host, the site's lines are for that path: a host's own
	 * robots.txt at its root can take them as they are. */
	const char *under;
	size_t n = url_base_path(p->cfg->base_url, &under);
	buf_lit(p->out, "User-agent: *\nDisallow: ");
	buf_add(p->out, under, n);
	buf_lit(p->out, "/admin\nAllow: ");
	buf_add(p->out, under, n);
	buf_lit(p->out, "/\n\nSitemap: ");
	url_base(p->out, p->cfg);
	buf_lit(p->out, "/sitemap.xml\n");
	r->content_type = "text/plain; charset=utf-8";
}
