#include "escape.h"

#include <string.h>

enum esc_mode { ESC_HTML, ESC_ATTR, ESC_XML, ESC_JSON };

/*
 * Length of the valid UTF-8 sequence at s (1..4), or 0 if the bytes there are not
 * one. Overlong forms, surrogates and values above U+10FFFF are invalid.
 */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	unsigned cp = c & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	/* U+FFFE/U+FFFF are not characters in XML. */
	if (cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return len;
}

/*
 * esc_special[c] has bit (1 << mode) set when byte c is not copied as it is in
 * that mode (bit 0 HTML, 1 attribute, 2 XML, 3 JSON): control bytes, DEL and every
 * byte >= 0x80 (UTF-8 is checked) in all modes; & < > in all; " and ' in
 * attributes and XML; " and \ in JSON.
 */
static const unsigned char esc_special[256] = {
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	0, 0, 14, 0, 0, 0, 15, 6, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 0, 15, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
};

static void esc_any(struct buf *b, const char *str, size_t n, enum esc_mode mode)
{
	const unsigned char *s = (const unsigned char *)str;
	/* An empty buf's data is NULL, and NULL + 0 is undefined behaviour (found by fuzzing:
	 * tests/fuzz/crashes/sanitize/, an <a href=""> that cleans to nothing). */
	if (!n)
		return;
	/* Bytes that need no escaping are copied in runs; 'run' is where the pending one starts. */
	size_t i = 0, run = 0;
	const unsigned char bit = (unsigned char)(1u << mode);
	while (i < n) {
		/* The plain bytes of this mode are skipped by table: most text is plain ASCII,
		 * and this loop is the hottest of a page (every body goes through it). */
		while (i < n && !(esc_special[s[i]] & bit))
			i++;
		if (i == n)
			break;
		unsigned char c = s[i];
		const char *rep = NULL;
		size_t adv = 1;
		if (c >= 0x80) {
			adv = utf8_valid_len(s + i, n - i);
			if (adv) {
				i += adv;
				continue;
			}
			rep = "\xEF\xBF\xBD";
			adv = 1;
		} else if (c < 0x20 || c == 0x7F) {
			if (mode == ESC_JSON) {
				if (c == '\n')
					rep = "\\n";
				else if (c == '\t')
					rep = "\\t";
				else if (c == '\r')
					rep = "\\r";
				else
					rep = "";
			} else if (c == '\n' || c == '\t') {
				i++;
				continue;
			} else {
				rep = "";
			}
		} else if (mode == ESC_JSON) {
			switch (c) {
			case '"': rep = "\\\""; break;
			case '\\': rep = "\\\\"; break;
			case '<': rep = "\\u003c"; break;
			case '>': rep = "\\u003e"; break;
			case '&': rep = "\\u0026"; break;
			default: break;
			}
		} else {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = mode == ESC_HTML ? NULL : "&quot;"; break;
			case '\'': rep = mode == ESC_HTML ? NULL : "&#39;"; break;
			default: break;
			}
		}
		if (!rep) {
			i++;
			continue;
		}
		buf_add(b, s + run, i - run);
		buf_adds(b, rep);
		i += adv;
		run = i;
	}
	buf_add(b, s + run, i - run);
}

void esc_html(struct buf *b, const char *s, size_t n) { esc_any(b, s, n, ESC_HTML); }
void esc_attr(struct buf *b, const char *s, size_t n) { esc_any(b, s, n, ESC_ATTR); }
void esc_xml(struct buf *b, const char *s, size_t n) { esc_any(b, s, n, ESC_XML); }
void esc_json(struct buf *b, const char *s, size_t n) { esc_any(b, s, n, ESC_JSON); }

void esc_url(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			char t[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(b, t, 3);
		}
	}
}

#define ESC_S(name)                                          \
	void name##_s(struct buf *b, const char *s)          \
	{                                                    \
		if (s)                                       \
			name(b, s, strlen(s));               \
	}
ESC_S(esc_html)
ESC_S(esc_attr)
ESC_S(esc_xml)
ESC_S(esc_json)
ESC_S(esc_url)
