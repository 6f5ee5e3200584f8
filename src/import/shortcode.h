/*
 * Hugo shortcodes and Jekyll Liquid tags in imported Markdown, rewritten as the
 * Markdown they stand for; WordPress's in an imported post's HTML, as HTML.
 *
 * Hugo and Jekyll run these when they build a page; pressroom renders the Markdown
 * alone, so a tag left in a body would be shown to readers as "{{< youtube x >}}".
 * The ones with a plain Markdown meaning are rewritten (shortcode_rewrite says which
 * and how); the others stay as text and each is reported, with its file and line,
 * so that the press office knows which items to look at.
 *
 * Cross-references ({{< ref >}}, {{< relref >}}, {% post_url %}, {% link %}) become
 * the path of the imported item they name, found by the caller's resolver: the
 * rewriting itself knows no files.
 */
#ifndef PR_IMPORT_SHORTCODE_H
#define PR_IMPORT_SHORTCODE_H

#include <stddef.h>

#include "../base/buf.h"

/* What can be rewritten, counted for the summary line. */
enum shortcode_kind {
	SC_FIGURE,
	SC_VIDEO,      /* youtube, vimeo */
	SC_POST,       /* tweet, x, instagram, gist: a link to the post */
	SC_HIGHLIGHT,  /* highlight, {% highlight %}: a fenced code block */
	SC_DETAILS,    /* details: its summary in bold, then its text */
	SC_REF,        /* ref, relref, post_url, link */
	SC_COMMENT,    /* comment, {% comment %}: dropped */
	SC_RAW,        /* {% raw %}, and Hugo's escape (a comment mark inside the tag): as written */
	SC_WRAPPER,    /* another paired shortcode: its tags dropped, its text kept */
	SC_SITE_URL,   /* {{ site.baseurl }}, {{ "/x" | relative_url }} */
	SC_GALLERY,    /* [gallery ids=...]: its images */
	SC_NKINDS
};

/*
 * Finds the item a cross-reference names. ref is as written in the tag, without
 * its "#anchor"; from is the referring file. Writes the item's site path ("/items/x")
 * to url and returns 0; returns SC_REF_NONE or SC_REF_MANY (nothing written).
 */
enum { SC_REF_NONE = 1, SC_REF_MANY = 2 };
typedef int (*shortcode_resolve_fn)(void *ctx, const char *from, const char *ref,
				    struct buf *url);

struct shortcode_ctx {
	const char *name;              /* the file, for messages */
	size_t line;                   /* the body's first line in that file */
	shortcode_resolve_fn resolve;  /* NULL: no cross-reference resolves */
	void *resolve_ctx;
	struct buf *report;            /* one line per tag kept as text is appended here */
	/* WordPress: the address of attachment id and its alt text (*alt), or NULL when
	 * the export has no such attachment. NULL: galleries stay as text. */
	const char *(*attachment)(void *ctx, const char *id, const char **alt);
	void *attachment_ctx;
	size_t rewritten[SC_NKINDS];   /* added up over every call */
	size_t kept;                   /* tags kept as text, over every call */
};

/*
 * Rewrites the tags of body (NUL-ended) into out (reset first). Returns 1 when
 * out differs from body, 0 when body had nothing to rewrite (out is then empty),
 * -1 when out of memory.
 */
int shortcode_rewrite(struct shortcode_ctx *c, const char *body, struct buf *out);

/*
 * The same for a WordPress post's HTML and WordPress's shortcodes, into HTML for the
 * sanitizer: [caption] becomes a figure with its caption, [embed], [youtube],
 * [vimeo], [video] and [audio] a paragraph with a link (http and https only),
 * [gallery ids="1,2"] a paragraph of its images (c->attachment finds them), [[x]]
 * is [x]; another shortcode enclosing text loses its tags. A gallery without ids
 * or images, [playlist] and any other tag with named attributes are kept and
 * reported; other brackets are text ("[sic]").
 */
int shortcode_rewrite_wp(struct shortcode_ctx *c, const char *html, struct buf *out);

/* Closes the listing in info: "NAME: tags rewritten as AS: figures 3, ...", then
 * "NAME: N tags kept as text (listed above)"; each line only when it has a count. */
void shortcode_said(const struct shortcode_ctx *c, const char *name, const char *as,
		    struct buf *info);

#endif
