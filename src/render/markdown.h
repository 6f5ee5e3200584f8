/*
 * markdown: item bodies from Markdown (CommonMark + tables, strikethrough,
 * autolinks, via md4c's parser) to HTML, with our own renderer so that:
 *  - raw HTML in the source is never passed through: it comes out as escaped text;
 *  - link and image targets are limited to http:, https:, mailto: and relative
 *    URLs (checked after decoding entities, case-insensitively); any other target
 *    (javascript:, data:, vbscript:, ...) drops the link and keeps its text;
 *  - every text byte is escaped by escape.h;
 *  - the items of a top-level ordered list get stable anchors id="pN", N being the
 *    item's own number (so "12. ..." is #p12), with a link to themselves;
 *  - with MD_TURNS, a paragraph that starts with a speaker label ("Question:",
 *    "Sergey Lavrov:", "**Answer:**", "Q:") is a turn of an interview:
 *    <p class="turn" id="tN"><strong class="speaker">Label:</strong> rest</p>,
 *    N counting turns from 1.
 * The output is a fragment of valid HTML5 (balanced, no inline script or style).
 */
#ifndef PR_MARKDOWN_H
#define PR_MARKDOWN_H

#include <stddef.h>

#include "../base/buf.h"

enum markdown_flags {
	MD_TURNS = 1,      /* detect Question/Answer speaker turns */
};

/* Appends the HTML of src[0..n) to out. Returns 0, or -1 if md4c failed. */
int markdown_render(struct buf *out, const char *src, size_t n, unsigned flags);

/*
 * Whether a link target is allowed (see above). url is the decoded target.
 * Returns 1 if allowed.
 */
int markdown_url_allowed(const char *url, size_t n);

#endif
