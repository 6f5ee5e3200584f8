/*
 * frontmatter: fm_parse() on any file. On success the item must be one the store
 * accepts (a title, a valid kind, slug and language, a valid source URL or none,
 * tags within ITEM_MAX_TAGS); on failure the message must be exactly one line
 * "posts/fuzz.md:LINE: ..." with LINE within the file.
 */
#include "fuzz.h"

#include "../../src/cli/frontmatter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct fm_defaults d = {.timezone = "Europe/London", .lang = "en"};
	struct item it;
	item_init(&it);
	struct buf err;
	buf_init(&err, 4096);
	if (fm_parse("posts/fuzz.md", text, size, &d, &it, &err) == 0) {
		if (!*it.title || strchr(it.title, '\n'))
			FZ_FAIL("accepted an empty or multi-line title");
		if ((unsigned)it.kind >= KIND_COUNT)
			FZ_FAIL("kind %d out of range", (int)it.kind);
		if (item_valid_slug(it.slug) != 0)
			FZ_FAIL("accepted invalid slug '%s'", it.slug);
		if (item_valid_lang(it.lang) != 0)
			FZ_FAIL("accepted invalid lang '%s'", it.lang);
		if (*it.source_url && item_valid_url(it.source_url) != 0)
			FZ_FAIL("accepted invalid source '%s'", it.source_url);
		if (it.ntags > ITEM_MAX_TAGS)
			FZ_FAIL("%zu tags", it.ntags);
		if (it.part < 0 || it.part > 9999)
			FZ_FAIL("part %d", it.part);
		if (err.len)
			FZ_FAIL("success with a message: %s", buf_str(&err));
	} else {
		const char *m = buf_str(&err);
		const char *prefix = "posts/fuzz.md:";
		if (strncmp(m, prefix, strlen(prefix)))
			FZ_FAIL("message without 'NAME:': '%s'", m);
		char *end;
		long line = strtol(m + strlen(prefix), &end, 10);
		size_t lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += text[i] == '\n';
		if (line < 1 || (size_t)line > lines || strncmp(end, ": ", 2))
			FZ_FAIL("bad line in '%s' (file has %zu lines)", m, lines);
		if (strchr(m, '\n'))
			FZ_FAIL("message of several lines: '%s'", m);
	}
	item_clear(&it);
	buf_release(&err);
	return 0;
}
