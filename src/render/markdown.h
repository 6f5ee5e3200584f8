/*
 * markdown: item bodies from Markdown (CommonMark + tables, strikethrough,
 * autolinks, via md4c's parser) to HTML, with our own renderer so that:
 *  - raw HTML in the source is never passed through: it comes out as escaped text
 *    (importers turn it into Markdown first: sanitize_markdown_body());
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
 * The output is a fragment of valid HTML5 (balanced, no inline script or style),
 * nested at most some 200 deep: block quotes and lists below 48 levels keep
 * their text without their tags, spans below 128 their text.
 *
 * Details of the output:
 *  - '# h' becomes <h2> and every level shifts down by one, capped at <h6>: the
 *    page owns <h1>.
 *  - Numbered paragraphs keep the <ol start="12"> numbering (the number is shown
 *    once, by the list marker) and each item gets the id and a small self-link:
 *    <li id="p12"><a class="pn" href="#p12" aria-label="12">¶</a> ...</li>.
 *    "Top-level" means a direct child of the document (not inside a list or a
 *    block quote). Ids only grow within one call, so a second list restarting
 *    at 1 gets no duplicate ids (its items past the highest number so far do).
 *  - Speaker labels: 1-5 words separated by single spaces, at most 40 bytes,
 *    starting with an ASCII or Cyrillic uppercase letter; other characters are
 *    letters (ASCII, Latin-1/Extended, Cyrillic), digits, '.', '-', '\''. The
 *    label is followed by ':' and a space or line break, or is the whole text of
 *    a leading bold span ending in ':' ("**Answer:** ..."; "**Answer**: ..." is
 *    accepted too and rendered the same). Ids t1, t2, ... and p12 ... are unique
 *    within one call; a page rendering several bodies must not combine them.
 *  - Links: <a href="..." title="...">; images: <img src="..." title="..."
 *    loading="lazy" alt="...">, markup inside alt text flattened to text. A
 *    target with a named entity other than amp lt gt quot apos nbsp (and the
 *    typographic ones decoded in text, see markdown.c) is dropped. Bytes not
 *    valid in a URL (space, controls, non-ASCII, "<>\^`{|}, a stray '%') are
 *    percent-encoded. Never an <a> inside an <a>.
 *  - Code: <pre><code class="language-x">, <code> for spans. Tables: <table>
 *    <thead> <tbody>, column alignment as class="align-left|center|right".
 *  - Entities in text are decoded (numeric ones, amp lt gt quot apos nbsp, and
 *    laquo raquo ndash mdash hellip quotes copy reg trade euro deg sect middot
 *    numero); any other named entity is shown as written. NUL and invalid
 *    references become U+FFFD; invalid UTF-8 is replaced by escape.h.
 */
#ifndef PR_MARKDOWN_H
#define PR_MARKDOWN_H

#include <stddef.h>

#include "../base/buf.h"

/* The length of the speaker's label that starts a turn in s[0..n) ("Question:",
 * "Sergey Lavrov:", plain, as MD_TURNS reads one: followed by a space or the end),
 * 0 if none. */
size_t markdown_speaker_len(const char *s, size_t n);

enum markdown_flags {
	MD_TURNS = 1,      /* detect Question/Answer speaker turns */
	/* Raw HTML blocks and spans are written as they are, unescaped. Never for a
	 * page: only for sanitize_markdown_body(), whose output goes through the
	 * allow-list (sanitize.h). */
	MD_RAW_HTML = 2,
	/* A link to a page of the site ("/items/x") ends in '/', as every page's
	 * address in a static copy does (config.dir_urls; urls.h). */
	MD_DIR_URLS = 4,
};

/*
 * Appends the HTML of src[0..n) to out (src need not be NUL-terminated; n == 0
 * appends nothing). Returns 0, or -1 if md4c failed, n is too large for md4c,
 * memory ran out, or out's sticky error is set (then out holds a partial result).
 */
int markdown_render(struct buf *out, const char *src, size_t n, unsigned flags);
/* markdown_render for a page of the site at own (its base_url, "https://h.example" or
 * "https://h.example/press", no '/' at the end; NULL: none): with MD_DIR_URLS, a full
 * link to one of its pages ("https://h.example/items/x", as imported posts write
 * them) takes the '/' too. */
int markdown_render_site(struct buf *out, const char *src, size_t n, unsigned flags,
			 const char *own);

/*
 * Whether a link target is allowed (see above). url is the decoded target
 * (url[0..n), NUL not needed). Allowed: a scheme of http, https or mailto in any
 * case, or no scheme at all (no ':' before the first '/', '?' or '#'); the part
 * before that first delimiter must hold no control character, space or
 * backslash. Returns 1 if allowed.
 */
int markdown_url_allowed(const char *url, size_t n);

/*
 * For turning plain text into Markdown (a news page's paragraphs, a WordPress
 * post's or a feed's HTML text): when s[0..n) starts with a bare web address,
 * "http://" or "https://" (any case) or "www." and then a letter or digit, appends
 * it as a Markdown link that shows the address as written and leads to it, and
 * returns its length in s; else returns 0 and appends nothing. The address runs
 * to a space, a control character, one of < > " ` { } | \ ^ or a byte outside
 * ASCII, less a trailing . , : ; ! ? ' * and a ) or ] it does not open. Without
 * this, the escapes that keep the text's '_' and '&' as text cut the address at
 * the first of them.
 */
size_t markdown_bare_link(struct buf *out, const char *s, size_t n);

/* A part of a Markdown source: bytes [beg, end). */
struct markdown_range {
	size_t beg, end;
};

/*
 * The top-level blocks of src[0..n) (direct children of the document: a
 * paragraph, a whole list, a whole block quote, an HTML block...) that hold raw
 * HTML as CommonMark reads it (an HTML block, an inline tag, a comment), each
 * as the whole lines it is written on (with their "\n", "\r" or "\r\n"), in
 * source order and never overlapping, into *out (malloc'ed,
 * free() it; NULL when *count is 0). Returns 0, or -1 out of memory or when
 * md4c fails.
 */
int markdown_html_blocks(const char *src, size_t n, struct markdown_range **out, size_t *count);

#endif
