/*
 * sanitize: the allow-list HTML sanitizer on hostile HTML.
 * Input: one flag byte (bit 0: SANITIZE_AUTOP; bit 1: with a base URL; bits 2-3:
 * which function), then the HTML. sanitize_html's output must pass the fragment
 * checker (no script, no on* attribute, no style, no javascript:/data: target,
 * balanced); sanitize_markdown's output, rendered by markdown_render, must too;
 * sanitize_text (plain text) is run for memory errors only.
 */
#include "fuzz.h"

#include "../../src/render/markdown.h"
#include "../../src/render/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65536)
		return 0;
	unsigned flags = data[0];
	const char *html = (const char *)data + 1;
	size_t n = size - 1;
	const char *base = flags & 2 ? "https://mfa.example/news/feed.xml" : NULL;
	unsigned sflags = flags & 1 ? SANITIZE_AUTOP : 0;
	struct buf out;
	buf_init(&out, 0);
	switch ((flags >> 2) & 3) {
	case 0:
	case 3:
		if (sanitize_html(&out, html, n, base, sflags) == 0) {
			const char *s = out.data ? out.data : "";
			/* The checker also refuses any attribute starting with "on" and any
			 * element off the allow-list; this says it in the words of the brief. */
			if (fz_has_ci(s, out.len, "<script"))
				FZ_FAIL("sanitize_html kept a script");
			fz_html_require("sanitize_html", s, out.len, FZ_FRAGMENT);
		}
		break;
	case 1:
		if (sanitize_markdown(&out, html, n, base, sflags) == 0) {
			struct buf h;
			buf_init(&h, 0);
			if (markdown_render(&h, out.data ? out.data : "", out.len, 0) == 0)
				fz_html_require("sanitize_markdown+markdown_render", h.data ? h.data : "",
						h.len, FZ_FRAGMENT);
			buf_release(&h);
		}
		break;
	case 2:
		sanitize_text(&out, html, n);
		break;
	}
	buf_release(&out);
	return 0;
}
