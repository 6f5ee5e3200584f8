/*
 * sanitize: untrusted HTML (feed entries, WordPress posts) made safe, with an
 * allow-list, on libxml2's HTML parser (no network, errors ignored).
 *
 * Kept: p br a[href title] em strong b i u s blockquote q cite ul ol[start] li
 * h2-h6 (h1 becomes h2) pre code table thead tbody tr th td img[src alt]
 * figure figcaption hr span sub sup abbr[title]. Every other attribute is
 * dropped (no on*, no style, no class, no id).
 * Dropped with everything inside: script style iframe frame frameset object
 * applet svg math form textarea select button noscript template head title meta
 * link base audio video canvas map noembed noframes xmp plaintext option portal
 * slot, comments and processing instructions. Any other element is unwrapped: its
 * text stays; so are HTML's void embed source param track input keygen, whose
 * "content" is what libxml2's parser put in them of what follows them.
 * Links: a[href] must pass markdown_url_allowed() (http, https, mailto or
 * relative) and img[src] must be http or https, both checked after entity
 * decoding and after removing whitespace and control characters the way a
 * browser does. With a base URL, relative targets are resolved against it first.
 * Structure: the output is a balanced HTML5 fragment that a strict HTML5 parser
 * reads without error: no block inside a paragraph or other phrasing element, no
 * <a> inside <a>, table rows and cells only where they belong, list items only
 * in lists. Below SANITIZE_MAX_DEPTH levels of elements the words stay without
 * their markup; so do those of a document over 32 KB nested deeper than libxml2's
 * 256 levels (parsing it with that limit lifted takes time growing with the square
 * of its depth).
 * Every text and attribute byte is written by escape.h.
 *
 * All functions append to out and return 0, or -1 if the input is larger than
 * SANITIZE_MAX_INPUT, the parser failed to allocate, or out's sticky error is set.
 * Empty input appends nothing and returns 0.
 */
#ifndef PR_SANITIZE_H
#define PR_SANITIZE_H

#include <stddef.h>

#include "../base/buf.h"

#define SANITIZE_MAX_INPUT ((size_t)8 << 20)
#define SANITIZE_MAX_DEPTH 200

enum sanitize_flags {
	/* Blank lines in text separate paragraphs and a single newline is a line break
	 * (WordPress content before wpautop). */
	SANITIZE_AUTOP = 1,
	/* sanitize_markdown: an img[src] may be relative too ("/media/a.png", as a
	 * Markdown page has it), not only http or https. */
	SANITIZE_RELATIVE_IMAGES = 2,
};

/* The sanitized HTML fragment. base may be NULL. */
int sanitize_html(struct buf *out, const char *html, size_t n, const char *base, unsigned flags);

/*
 * The same content as Markdown for an item body (rendered by markdown.h with raw
 * HTML off): paragraphs, line breaks, links, images, emphasis, strong,
 * strikethrough, code, code blocks, headings, block quotes, lists, tables (GFM),
 * rules. Text is escaped so that it reads back as the same text, never as markup.
 * Ends with one newline unless empty.
 */
int sanitize_markdown(struct buf *out, const char *html, size_t n, const char *base,
		      unsigned flags);

/*
 * A Markdown body (a Hugo or Jekyll page) with its raw HTML made Markdown: each
 * top-level block that holds any (an HTML block, "<br>", "<sup>", a comment such
 * as Hugo's "<!--more-->") is rendered with its HTML, put through
 * sanitize_markdown() with SANITIZE_RELATIVE_IMAGES, and takes the place of its
 * lines; the rest of the text is left as written. The renderer shows raw HTML as
 * text, so without this a page's "<figure>" would be read as words. Returns 1
 * with the new body appended to out, 0 if md has no raw HTML (out untouched),
 * -1 out of memory or over SANITIZE_MAX_INPUT.
 */
int sanitize_markdown_body(struct buf *out, const char *md, size_t n);

/* Only the visible text, whitespace collapsed, trimmed (for titles and leads). */
int sanitize_text(struct buf *out, const char *html, size_t n);

/*
 * Cleans a URL as a browser would before using it: removes leading and trailing
 * spaces and control characters and every tab, CR and LF inside. Writes it to out
 * (replacing its content). Exposed for tests.
 */
void sanitize_url_clean(struct buf *out, const char *url);

#endif
