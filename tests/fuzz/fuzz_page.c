/*
 * page: the item page template, through site_render_item() (what the newsroom's
 * preview shows) on the sample site, with every text field of the item chosen
 * by the fuzzer. Each free-text field starts with a marker "<fz" so that an
 * unescaped field shows up as "<fz" in the page; besides, the page must pass the
 * page checker (balanced, no event handler, no script but JSON-LD whose text
 * holds no '<', no javascript: link, no raw '>' in text).
 * Input: a byte for kind and part, then NUL-separated fields: title, lead, body,
 * source title, series, tags (comma-separated), slug, lang, source URL, banner.
 * Slug, lang and source URL are used only when valid (as the store requires).
 */
#include "page_check.h"
#include "sample_site.h"

static struct site site;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char path[256], err[256];
	fz_sample_site(path, sizeof(path));
	if (site_open(&site, path, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s\n", err);
		exit(1);
	}
	site.now_override = 1790000000;
	return 0;
}

enum { F_TITLE, F_LEAD, F_BODY, F_SOURCE_TITLE, F_SERIES, F_TAGS, F_SLUG, F_LANG, F_URL,
       F_BANNER, F_COUNT };

static void set_marked(char **field, const char *marker, const char *v)
{
	size_t n = strlen(marker) + strlen(v) + 1;
	char *s = malloc(n);
	if (!s)
		abort();
	snprintf(s, n, "%s%s", marker, v);
	if (item_set_s(field, s))
		abort();
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65536)
		return 0;
	unsigned b = data[0];
	char *f[F_COUNT];
	fz_split(data + 1, size - 1, '\0', f, F_COUNT);
	struct item it;
	item_init(&it);
	it.kind = (enum item_kind)(b % KIND_COUNT);
	it.status = STATUS_PUBLISHED;
	it.published = it.updated = 1780000000 + (int64_t)b * 86400;
	it.part = b & 0x80 ? (int)(b & 7) : 0;
	set_marked(&it.title, "<fz title>", f[F_TITLE]);
	set_marked(&it.lead, "<fz lead>", f[F_LEAD]);
	set_marked(&it.body, "<fz body>", f[F_BODY]);
	set_marked(&it.source_title, "<fz source>", f[F_SOURCE_TITLE]);
	if (f[F_SERIES][0] || it.part)
		set_marked(&it.series, "<fz series>", f[F_SERIES]);
	for (char *t = f[F_TAGS], *next; t && it.ntags < 4; t = next) {
		next = strchr(t, ',');
		if (next)
			*next++ = '\0';
		char tag[256];
		snprintf(tag, sizeof(tag), "<fz tag>%s", t);
		if (item_add_tag(&it, tag, strlen(tag)))
			abort();
	}
	if (item_set_s(&it.slug, item_valid_slug(f[F_SLUG]) == 0 ? f[F_SLUG] : "fuzz-item") ||
	    item_set_s(&it.lang, item_valid_lang(f[F_LANG]) == 0 ? f[F_LANG] : "en") ||
	    item_set_s(&it.source_url, item_valid_url(f[F_URL]) == 0 ? f[F_URL] : ""))
		abort();
	char banner[512];
	snprintf(banner, sizeof(banner), "<fz banner>%s", f[F_BANNER]);

	struct site_response r;
	buf_init(&r.body, 64u << 20);
	site_render_item(&site, &it, b & 0x40 ? banner : NULL, &r);
	if (r.status != 200)
		FZ_FAIL("site_render_item: status %d: %s", r.status, buf_str(&r.body));
	if (fz_has_ci(r.body.data ? r.body.data : "", r.body.len, "<fz"))
		FZ_FAIL("an item field reached the page unescaped: %s", buf_str(&r.body));
	fz_check_response("item page", &r);
	buf_release(&r.body);
	item_clear(&it);
	fz_free_parts(f, F_COUNT);
	return 0;
}
