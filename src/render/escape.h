/*
 * escape: one escaper per output context. Each appends to a buf and never fails on
 * its own (the buf's sticky error covers allocation). Input is UTF-8; invalid bytes
 * are replaced by U+FFFD so that output is always valid UTF-8, and control
 * characters other than tab/newline are dropped.
 */
#ifndef PR_ESCAPE_H
#define PR_ESCAPE_H

#include <stddef.h>
#include <string.h>

#include "../base/buf.h"

/* HTML text content: & < > escaped. */
void esc_html(struct buf *b, const char *s, size_t n);
/* Double-quoted attribute values: & < > " ' escaped. */
void esc_attr(struct buf *b, const char *s, size_t n);
/* XML text and attributes (feeds, sitemap): & < > " ' escaped, XML-illegal chars dropped. */
void esc_xml(struct buf *b, const char *s, size_t n);
/* Contents of a JSON string (without the quotes); < > & are \u-escaped so that the
 * result is also safe inside an HTML <script type="application/ld+json">. */
void esc_json(struct buf *b, const char *s, size_t n);
/* Percent-encodes everything but unreserved characters (a path segment or query value). */
void esc_url(struct buf *b, const char *s, size_t n);

/*
 * Whether the '=' at eq (in HTML that starts at start) ends the name of an href or src
 * attribute of a tag: where a page's links are, for the export's scan and the feeds'
 * rewrite. Text that reads href="/x" (a code sample, a lead: '"' is not escaped in
 * text) is none. In HTML that pressroom wrote, every '<' and '>' of text and of
 * attribute values is escaped (esc_html, esc_attr, md4c without raw HTML), so the
 * nearest of them before eq tells: '<', in a tag; '>', in text.
 */
static inline int esc_is_link_attr(const char *start, const char *eq)
{
	if (!((eq - start >= 4 && !memcmp(eq - 4, "href", 4)) ||
	      (eq - start >= 3 && !memcmp(eq - 3, "src", 3))))
		return 0;
	for (const char *p = eq; p > start;) {
		p--;
		if (*p == '<')
			return 1;
		if (*p == '>')
			return 0;
	}
	return 0;
}

/* NUL-terminated conveniences; NULL is treated as "". */
void esc_html_s(struct buf *b, const char *s);
void esc_attr_s(struct buf *b, const char *s);
void esc_xml_s(struct buf *b, const char *s);
void esc_json_s(struct buf *b, const char *s);
void esc_url_s(struct buf *b, const char *s);

#endif
