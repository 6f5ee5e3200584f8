#include "test.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/render/escape.h"

/*
 * The escapers against a plain reference written from escape.h's rules, one byte
 * at a time: the escapers skip plain bytes 16 at a time where the CPU can, and a
 * special byte at any place in or after such a block must come out the same.
 */

enum ref_mode { REF_HTML, REF_ATTR, REF_XML, REF_JSON };

/* Length of the valid UTF-8 character at s (2..4), 0 if it is not one. */
static size_t ref_utf8(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (!len || s[0] > 0xF4 || n < len)
		return 0;
	uint32_t cp = s[0] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
	    cp == 0xFFFF)
		return 0;
	return len;
}

static void ref_escape(struct buf *b, const char *str, size_t n, enum ref_mode mode)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c >= 0x80) {
			size_t len = ref_utf8(s + i, n - i);
			if (len) {
				buf_add(b, s + i, len);
				i += len;
			} else {
				buf_lit(b, "\xEF\xBF\xBD");
				i++;
			}
			continue;
		}
		i++;
		if (mode == REF_JSON) {
			if (c == '\n')
				buf_lit(b, "\\n");
			else if (c == '\t')
				buf_lit(b, "\\t");
			else if (c == '\r')
				buf_lit(b, "\\r");
			else if (c < 0x20 || c == 0x7F)
				;
			else if (c == '"')
				buf_lit(b, "\\\"");
			else if (c == '\\')
				buf_lit(b, "\\\\");
			else if (c == '<')
				buf_lit(b, "\\u003c");
			else if (c == '>')
				buf_lit(b, "\\u003e");
			else if (c == '&')
				buf_lit(b, "\\u0026");
			else
				buf_addc(b, (char)c);
			continue;
		}
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
			;
		else if (c == '&')
			buf_lit(b, "&amp;");
		else if (c == '<')
			buf_lit(b, "&lt;");
		else if (c == '>')
			buf_lit(b, "&gt;");
		else if (c == '"' && mode != REF_HTML)
			buf_lit(b, "&quot;");
		else if (c == '\'' && mode != REF_HTML)
			buf_lit(b, "&#39;");
		else
			buf_addc(b, (char)c);
	}
}

static void (*const escapers[4])(struct buf *, const char *, size_t) = {esc_html, esc_attr,
									  esc_xml, esc_json};
static const char *const mode_names[4] = {"html", "attr", "xml", "json"};

/* 1 if every escaper gives the reference's output for s[0..n). */
static int same_as_reference(const char *s, size_t n)
{
	struct buf got, want;
	buf_init(&got, 0);
	buf_init(&want, 0);
	int ok = 1;
	for (int m = 0; m < 4 && ok; m++) {
		buf_reset(&got);
		buf_reset(&want);
		buf_lit(&got, "[");
		buf_lit(&want, "[");
		escapers[m](&got, s, n);
		ref_escape(&want, s, n, (enum ref_mode)m);
		ok = got.len == want.len && !memcmp(got.data, want.data, got.len);
		if (!ok)
			test_fail_str(__FILE__, __LINE__, mode_names[m], buf_str(&got),
				      buf_str(&want));
	}
	buf_release(&got);
	buf_release(&want);
	return ok;
}

TEST(escape_known_outputs)
{
	struct buf b;
	buf_init(&b, 0);
	const char *in = "Q&A <b>\"it's\"</b>\\ \x01\r\n\t\xD0\xB6\xFF";
	esc_html_s(&b, in);
	CHECK_STR(buf_str(&b), "Q&amp;A &lt;b&gt;\"it's\"&lt;/b&gt;\\ \n\t\xD0\xB6\xEF\xBF\xBD");
	buf_reset(&b);
	esc_attr_s(&b, in);
	CHECK_STR(buf_str(&b), "Q&amp;A &lt;b&gt;&quot;it&#39;s&quot;&lt;/b&gt;\\ \n\t\xD0\xB6\xEF\xBF\xBD");
	buf_reset(&b);
	esc_json_s(&b, in);
	CHECK_STR(buf_str(&b),
		  "Q\\u0026A \\u003cb\\u003e\\\"it's\\\"\\u003c/b\\u003e\\\\ \\r\\n\\t\xD0\xB6\xEF\xBF\xBD");
	buf_release(&b);
}

/* A special byte at every place of a long plain run, and plain runs of every
 * length before and after it: the block edges of the 16-byte skip. */
TEST(escape_special_at_every_offset)
{
	static const char *const specials[] = {"&", "<", ">", "\"", "'", "\\", "\n", "\t",
					       "\r", "\x01", "\x7F", "\x1F", " ", "~",
					       "\xD0\xB6", "\xC3", "\xFF", "\xE2\x82\xAC",
					       "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\xEF\xBF\xBE"};
	char s[128];
	int bad = 0;
	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]) && !bad; k++) {
		size_t sl = strlen(specials[k]);
		for (size_t at = 0; at < 48 && !bad; at++) {
			for (size_t tail = 0; tail < 40 && !bad; tail += 3) {
				size_t n = 0;
				for (size_t i = 0; i < at; i++)
					s[n++] = (char)('a' + i % 26);
				memcpy(s + n, specials[k], sl);
				n += sl;
				for (size_t i = 0; i < tail; i++)
					s[n++] = (char)('A' + i % 26);
				bad = !same_as_reference(s, n);
			}
		}
	}
	CHECK(!bad);
}

/* Random mixtures of plain text, specials, Cyrillic and broken UTF-8. */
TEST(escape_random_text_as_reference)
{
	static const char *const parts[] = {"a",	  "word ",	  "plain text here. ",
					    "&",	  "<",		  ">",
					    "\"",	  "'",		  "\\",
					    "\n",	  "\t",		  "\r",
					    "\x02",	  "\x7F",	  "\xD0\xB6\xD0\xB8",
					    "\xC3\xA9",	  "\xFF",	  "\xC3",
					    "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xED\xA0\x80",
					    "\xEF\xBF\xBF", "\xE0\x80\xAF", "0123456789abcdef"};
	const size_t np = sizeof(parts) / sizeof(parts[0]);
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	char s[2048];
	int bad = 0;
	for (int round = 0; round < 5000 && !bad; round++) {
		size_t n = 0;
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t count = (size_t)(seed >> 58); /* 0..63 parts */
		for (size_t j = 0; j < count; j++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			const char *p = parts[(seed >> 33) % np];
			size_t pl = strlen(p);
			memcpy(s + n, p, pl);
			n += pl;
		}
		bad = !same_as_reference(s, n);
	}
	CHECK(!bad);
}
