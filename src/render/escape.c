#include "escape.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../base/utf8.h"

enum esc_mode { ESC_HTML, ESC_ATTR, ESC_XML, ESC_JSON };

/* Length of the valid UTF-8 character at s (1..4), or 0 if the bytes there are not
 * one, or are U+FFFE or U+FFFF, which are no characters in XML. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned cp = 0;
	size_t len = utf8_decode(s, n, &cp);
	return cp == 0xFFFE || cp == 0xFFFF ? 0 : len;
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

#ifdef __SSE2__
/*
 * From s + i, skips the 16-byte blocks that hold no byte esc_special marks in
 * mode, and returns where the first marked byte is (or the start of the last
 * short block): the same bytes as the table, 16 at a time. A byte below 0x20 or
 * from 0x80 up is negative or small as a signed char: one compare finds both.
 */
static size_t esc_skip16(const unsigned char *s, size_t i, size_t n, enum esc_mode mode)
{
	const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F),
		      amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
		      /* the mode's own: " and ' (attribute, XML), " and \ (JSON), none (HTML) */
		      q1 = _mm_set1_epi8(mode == ESC_HTML ? '&' : '"'),
		      q2 = _mm_set1_epi8(mode == ESC_HTML ? '&' : mode == ESC_JSON ? '\\' : '\'');
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i m = _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del));
		m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)));
		m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, q1)));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, q2));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
	return i;
}
#endif

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
		/* The plain bytes of this mode are skipped, 16 at a time where the CPU can
		 * and then by table: most text is plain ASCII, and this loop is the hottest
		 * of a page (every body goes through it). Not after a non-ASCII byte, where
		 * more of them (Cyrillic) are likely to follow at once. */
#ifdef __SSE2__
		if (s[i] < 0x80)
			i = esc_skip16(s, i, n, mode);
#endif
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
