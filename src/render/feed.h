/*
 * feed: the site's syndication feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) and its
 * sitemap, each appended to a struct buf.
 *
 * Invariants: the output is well-formed XML (UTF-8, declared) or valid JSON for any
 * input: every text goes through its context's escaper (esc_xml / esc_json), which
 * replaces invalid UTF-8 and drops characters XML cannot carry. Item content is the
 * full body as HTML (markdown_render, MD_TURNS for interviews and media replies),
 * plus a "Source:" paragraph when the item has a source URL; in XML it is carried as
 * escaped text, never CDATA.
 * Items: the caller passes the items to list, in the order to list them (newest
 * first), already filtered to what readers may see; drafts are skipped as a last
 * guard. Nothing is limited here except the sitemap, which stops at 50,000 URLs.
 * Errors: none of their own; allocation failure and the buf's cap stick in the buf
 * (check buf_failed() once at the end). Nothing is kept after a call returns.
 * Links follow cfg->dir_urls (urls.h: "/items/x/" in a static copy); ids do not:
 * an entry's id (Atom id, JSON Feed id, RSS guid) is the item's URL without the
 * '/', as the live server's, whatever serves the feed. In a static copy the RSS
 * guid, being then not the link, says isPermaLink="false".
 */
#ifndef PR_FEED_H
#define PR_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../site/config.h"
#include "../store/item.h"

struct feed_meta {
	const struct config *cfg;  /* base_url, site_name (author), description */
	const char *title;         /* feed title; NULL = cfg->site_name */
	const char *lang;          /* feed language; NULL or "" = cfg->language */
	const char *self_path;     /* path of the feed itself: "/feed.atom" */
	const char *html_path;     /* path of the page it mirrors: "/" or "/kind/news" */
	int64_t updated;           /* newest item change, UTC */
	/* Atom's feed id, when not html_path: the page's path as the live server has
	 * it ("/kind/news" where a static copy links "/kind/news/"), so that the id
	 * is the same wherever the site is served. NULL = html_path. */
	const char *id_path;
};

/* Most URLs a sitemap may hold (sitemaps.org protocol). */
#define FEED_SITEMAP_MAX_URLS 50000

/* RSS 2.0 with atom:link rel=self, permalink guids, content:encoded. */
void feed_rss(struct buf *b, const struct feed_meta *m, const struct item *items, size_t n);
/* Atom 1.0: feed id is the absolute html URL, entry id the absolute item URL. */
void feed_atom(struct buf *b, const struct feed_meta *m, const struct item *items, size_t n);
/* JSON Feed 1.1. */
void feed_json(struct buf *b, const struct feed_meta *m, const struct item *items, size_t n);
/*
 * sitemaps.org urlset: the site paths given (each starting with '/', e.g. "/",
 * "/archive", "/kind/news"; not escaped again beyond XML) then every item with its
 * lastmod. Items given that share a translation_key are each other's translations:
 * each lists the whole set as <xhtml:link rel="alternate" hreflang> (itself too),
 * plus hreflang="x-default" for the one in cfg->language if there is one.
 */
void sitemap_xml(struct buf *b, const struct config *cfg, const char *const *paths,
		 size_t npaths, const struct item *items, size_t n);

/* "2017-11-30T10:30:00Z" (UTC). Times outside years 1..9999 are clamped into them. */
void feed_time_rfc3339(struct buf *b, int64_t t);
/* "Thu, 30 Nov 2017 10:30:00 +0000" (UTC, four-digit year). Clamped likewise. */
void feed_time_rfc822(struct buf *b, int64_t t);

#endif
