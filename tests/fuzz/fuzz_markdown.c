/*
 * markdown: markdown_render() and its link filter markdown_url_allowed().
 * Input: one flag byte, then the text. Flag bit 0x80: the rest is a link target
 * for markdown_url_allowed(), checked against a browser's reading of its scheme;
 * else the rest is Markdown rendered with MD_TURNS if bit 0x01 is set, and the
 * HTML must pass the fragment checker (allow-listed elements, balanced, no
 * script, no event handler, no javascript:/data:/vbscript: target). With bit
 * 0x02 the text first goes through sanitize_markdown_body() (an importer's raw
 * HTML made Markdown), whose result must hold no raw HTML left to convert.
 */
#include "fuzz.h"

#include "../../src/render/markdown.h"
#include "../../src/render/sanitize.h"

/* The scheme a browser would see in url (lowercased into out, "" for none). */
static void url_scheme(const char *url, size_t n, char *out, size_t outsz)
{
	char s[64];
	size_t k = 0, i = 0;
	while (i < n && (unsigned char)url[i] <= 0x20)
		i++;
	for (; i < n && k < sizeof(s) - 1; i++) {
		if (url[i] == '\t' || url[i] == '\n' || url[i] == '\r')
			continue;
		s[k++] = (char)tolower((unsigned char)url[i]);
	}
	s[k] = '\0';
	out[0] = '\0';
	if (!isalpha((unsigned char)s[0]))
		return;
	size_t j = 1;
	while (j < k && (isalnum((unsigned char)s[j]) || s[j] == '+' || s[j] == '-' || s[j] == '.'))
		j++;
	if (j < k && s[j] == ':' && j < outsz) {
		memcpy(out, s, j);
		out[j] = '\0';
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned flags = data[0];
	const char *text = (const char *)data + 1;
	size_t n = size - 1;
	if (flags & 0x80) {
		if (markdown_url_allowed(text, n)) {
			char scheme[64];
			url_scheme(text, n, scheme, sizeof(scheme));
			if (scheme[0] && strcmp(scheme, "http") && strcmp(scheme, "https") &&
			    strcmp(scheme, "mailto"))
				FZ_FAIL("markdown_url_allowed let scheme '%s' through: %.*s", scheme,
					(int)n, text);
		}
		return 0;
	}
	struct buf conv;
	buf_init(&conv, 0);
	if (flags & 2) {
		int c = sanitize_markdown_body(&conv, text, n);
		struct markdown_range *r = NULL;
		size_t nr = 0;
		if (c == 1 && !buf_failed(&conv) &&
		    !markdown_html_blocks(conv.data ? conv.data : "", conv.len, &r, &nr) && nr)
			FZ_FAIL("sanitize_markdown_body left raw HTML at %zu: %.*s", r[0].beg,
				(int)(r[0].end - r[0].beg), conv.data + r[0].beg);
		free(r);
		if (c == 1) {
			text = conv.data ? conv.data : "";
			n = conv.len;
		}
	}
	struct buf out;
	buf_init(&out, 0);
	int rc = markdown_render(&out, text, n, flags & 1 ? MD_TURNS : 0);
	if (rc == 0 && !buf_failed(&out))
		fz_html_require("markdown_render", out.data ? out.data : "", out.len, FZ_FRAGMENT);
	buf_release(&out);
	buf_release(&conv);
	return 0;
}
