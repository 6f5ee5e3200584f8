/*
 * shortcode: Hugo shortcodes and Liquid tags rewritten in an imported body,
 * shortcode_rewrite(), and WordPress's in a post, shortcode_rewrite_wp(), on any
 * text. The result is whole: 0 leaves the output empty,
 * 1 gives a body without NUL bytes; each report line names the file and a line of
 * the body, and each line but those of dropped pairs is a tag counted as kept.
 */
#include "fuzz.h"

#include "../../src/import/shortcode.h"

/* References beginning with 'a' name one item, with 'b' several, others none. */
static int fz_resolve(void *ctx, const char *from, const char *ref, struct buf *url)
{
	(void)ctx;
	if (strcmp(from, "a.md"))
		FZ_FAIL("resolver asked for %s", from);
	if (ref[0] == 'b')
		return SC_REF_MANY;
	if (ref[0] != 'a')
		return SC_REF_NONE;
	buf_lit(url, "/items/a");
	return 0;
}

static void fz_check(const struct shortcode_ctx *c, const char *body, size_t lines, int wp,
		     int r, const struct buf *out, const struct buf *report)
{
	if (r < 0)
		FZ_FAIL("failed with memory to spare");
	if (r == 0 && out->len)
		FZ_FAIL("unchanged, with %zu bytes of output", out->len);
	if (r == 1 && memchr(out->data, '\0', out->len))
		FZ_FAIL("a NUL byte in the output");
	if (!strchr(body, wp ? '[' : '{') && (r || report->len))
		FZ_FAIL("a body without a tag's first byte was changed or reported");
	size_t kept = 0;
	const char *p = buf_str(report), *end = p + report->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			FZ_FAIL("a report line without its line break");
		unsigned long line = 0;
		if (strncmp(p, "a.md:", 5) || sscanf(p + 5, "%lu", &line) != 1 || line < 10 ||
		    line >= 10 + lines)
			FZ_FAIL("report line %.*s", (int)(nl - p), p);
		/* Every line says a tag was kept, but for a pair whose tags were dropped. */
		static const char dropped[] =
			" and its closing tag are dropped, the text between them kept";
		size_t dl = sizeof(dropped) - 1;
		kept += !((size_t)(nl - p) >= dl && !memcmp(nl - dl, dropped, dl));
		p = nl + 1;
	}
	if (kept != c->kept)
		FZ_FAIL("%zu lines say kept, %zu counted", kept, c->kept);
	/* What WordPress's links become is only ever http or https. */
	for (const char *h = out->data; wp && r && (h = strstr(h, "<a href=\"")); h++)
		if (strncmp(h + 9, "http://", 7) && strncmp(h + 9, "https://", 8) && !strstr(body, "<a"))
			FZ_FAIL("a link that is not http(s): %.40s", h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 262144)
		return 0;
	char *body = malloc(size + 1);
	if (!body)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	size_t lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += body[i] == '\n';
	for (int wp = 0; wp < 2; wp++) {
		struct buf out, report;
		buf_init(&out, (size_t)64 << 20);
		buf_init(&report, (size_t)64 << 20);
		struct shortcode_ctx c = {
			.name = "a.md", .line = 10, .resolve = fz_resolve, .report = &report};
		int r = wp ? shortcode_rewrite_wp(&c, body, &out) : shortcode_rewrite(&c, body, &out);
		fz_check(&c, body, lines, wp, r, &out, &report);
		buf_release(&out);
		buf_release(&report);
	}
	free(body);
	return 0;
}
