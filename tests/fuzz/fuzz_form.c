/*
 * form: a newsroom editor's POST as an urlencoded body, through
 * http_parse_urlencoded(), nr_form_read() and nr_form_check(). A form that
 * passes must give an item the store accepts, and that item rendered by the
 * preview (site_render_item on the sample site) must pass the page checker (any
 * '<' the fuzzer typed must come out escaped: unescaped, it shows as a tag the
 * checker cannot parse, an event handler or an unbalanced element; fuzz_page.c
 * checks escaping with markers). A failed form must say why next to a field.
 * (MHD's PostProcessor, which parses multipart bodies in the server, cannot run
 * without a connection, so multipart is not fuzzed here; see docs/fuzzing.md.)
 * Input: the body, e.g. "kind=news&title=A&date=2026-01-02&time=10:00".
 */
#include "page_check.h"
#include "sample_site.h"

#include "../../src/newsroom/form.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct arena a;
	arena_init(&a, 0);
	struct http_kv kv[HTTP_MAX_FIELDS];
	struct http_request req = {.arena = &a, .method = "POST", .path = "/admin/items/new",
				   .addr = "192.0.2.1"};
	req.nform = http_parse_urlencoded(&a, (const char *)data, size, kv, HTTP_MAX_FIELDS);
	req.form = kv;
	if (req.nform > HTTP_MAX_FIELDS)
		FZ_FAIL("%zu fields", req.nform);
	for (size_t i = 0; i < req.nform; i++)
		if (!kv[i].name || !kv[i].value || kv[i].value[kv[i].len] != '\0' || kv[i].filename)
			FZ_FAIL("field %zu malformed", i);
	struct nr_form f;
	nr_form_read(&f, &req);
	struct item it;
	item_init(&it);
	int nerr = nr_form_check(&f, "en", 1790000000, &it);
	int counted = 0;
	for (int i = 0; i < NF_COUNT; i++)
		counted += f.err[i][0] != '\0';
	if ((nerr == 0) != (counted == 0))
		FZ_FAIL("nr_form_check returned %d with %d messages", nerr, counted);
	if (nerr == 0) {
		if (!*it.title || (unsigned)it.kind >= KIND_COUNT || item_valid_slug(it.slug) ||
		    item_valid_lang(it.lang) || (*it.source_url && item_valid_url(it.source_url)))
			FZ_FAIL("a passing form gave an item the store would refuse (slug '%s', "
				"lang '%s', source '%s')", it.slug, it.lang, it.source_url);
		it.status = STATUS_PUBLISHED;
		struct site_response r;
		buf_init(&r.body, 64u << 20);
		site_render_item(&site, &it, "Preview", &r);
		fz_check_response("preview", &r);
		buf_release(&r.body);
	}
	item_clear(&it);
	arena_release(&a);
	return 0;
}
