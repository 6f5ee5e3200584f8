/*
 * wxr: a WordPress export (WXR 1.x, an RSS 2.0 file with wp:, content: and
 * excerpt: elements) read into an import batch (src/import/import.h).
 *
 * Posts (wp:post_type "post") become items: status "publish" and "future" are
 * published, "draft", "pending" and "private" drafts, "trash" is skipped; the date
 * is wp:post_date_gmt (UTC), or wp:post_date in the site's zone when the GMT one
 * is empty or zero (drafts), else now; the slug is wp:post_name when it is a valid
 * slug, else made from the title; <category domain="post_tag|category"> become
 * tags, and a category whose nicename is a kind ("press-release") sets the kind
 * (default news); content:encoded is sanitized (sanitize.h, blank lines are
 * paragraphs as in WordPress) and stored as Markdown; excerpt:encoded is the
 * lead; the language is the primary subtag of the channel's <language> ("en-GB"
 * gives "en") when valid, else the site's.
 * Pages, attachments and every other post type are noted and skipped.
 * Identity is the batch's: (lang, slug), so a second import of the same file adds
 * nothing and updates nothing.
 * The XML is read by feed_xml_read() (no DTD, no entities, no network).
 * Returns 0, or -1 with "NAME:LINE: what" in err; nothing is written here.
 */
#ifndef PR_WXR_H
#define PR_WXR_H

#include <stddef.h>

#include "../import/import.h"

#define WXR_MAX_FILE ((size_t)256 << 20)

struct fm_defaults;

/* 1 if text looks like a WordPress export (an <rss> with the wp: namespace). */
int wxr_sniff(const char *text, size_t n);

int import_wxr(const char *name, const char *text, size_t n, const struct fm_defaults *d,
	       struct import_batch *b, struct buf *err);

#endif
