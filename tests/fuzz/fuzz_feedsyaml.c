/*
 * feedsyaml: the reader of an export's feeds.yaml, import_feeds_parse(), on any
 * text. What it accepts must be feeds the store takes (an http(s) URL, options in
 * range) with entries that have a key, no key twice in a feed, and an item that is
 * "" or LANGUAGE/SLUG; a refusal must be one "feeds.yaml:LINE: what" message.
 */
#include "import_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 262144)
		return 0;
	struct import_batch b;
	import_batch_init(&b);
	struct buf err;
	buf_init(&err, 4096);
	if (import_feeds_parse("feeds.yaml", (const char *)data, size, &b, &err) == 0) {
		for (size_t i = 0; i < b.nfeeds; i++) {
			const struct import_feed *f = &b.feeds[i];
			if (item_valid_url(f->row.url))
				FZ_FAIL("feeds: url '%s'", f->row.url);
			if (f->row.interval < FEED_INTERVAL_MIN || f->row.interval > FEED_INTERVAL_MAX)
				FZ_FAIL("feeds: interval %lld", (long long)f->row.interval);
			for (size_t k = 0; k < b.nfeeds; k++)
				if (k != i && !strcmp(b.feeds[k].row.url, f->row.url))
					FZ_FAIL("feeds: '%s' twice", f->row.url);
			for (size_t k = 0; k < f->n; k++) {
				const struct import_feed_entry *e = &f->v[k];
				if (!e->key || !*e->key || !e->item || !e->seen)
					FZ_FAIL("feeds: entry %zu incomplete", k);
				if (k && !strcmp(f->v[k - 1].key, e->key))
					FZ_FAIL("feeds: key '%s' twice", e->key);
				const char *slash = strchr(e->item, '/');
				if (*e->item && (!slash || item_valid_slug(slash + 1)))
					FZ_FAIL("feeds: item '%s'", e->item);
			}
		}
	} else {
		fz_check_message("import_feeds_parse", "feeds.yaml", buf_str(&err));
	}
	buf_release(&err);
	import_batch_clear(&b);
	return 0;
}
