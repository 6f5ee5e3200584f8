/*
 * feed: the RSS/Atom parser, feed_parse(), on any document, then what syndication
 * does with each entry (sanitize_markdown of the content, rendered, must be a
 * clean fragment; sanitize_text of the title; feed_parse_date of the date).
 * Every string of a parsed feed must be non-NULL, at most FEED_MAX_ENTRIES
 * entries; a link that item_valid_url() accepts (it becomes the item's source)
 * must really start with http:// or https://. A document that is refused is read as
 * a web page for the feed it names (feed_page_link), which must be an http(s) URL
 * other than the page's own.
 */
#include "fuzz.h"

#include "../../src/render/markdown.h"
#include "../../src/render/sanitize.h"
#include "../../src/store/item.h"
#include "../../src/store/store_feeds.h"
#include "../../src/syndicate/parse.h"

#define FEED_URL "https://mfa.example/news/feed.xml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 262144)
		return 0;
	struct feed_doc doc;
	memset(&doc, 0, sizeof(doc));
	char err[512] = "";
	if (feed_parse((const char *)data, size, FEED_URL, &doc, err, sizeof(err)) != 0) {
		if (!err[0] || strchr(err, '\n'))
			FZ_FAIL("refusal with message '%s'", err);
		feed_doc_clear(&doc);
		char link[2048];
		int found = feed_page_link((const char *)data, size, FEED_URL, link, sizeof(link));
		if (found == 1 && ((strncasecmp(link, "http://", 7) && strncasecmp(link, "https://", 8)) ||
				   !strcmp(link, FEED_URL) || strlen(link) >= sizeof(link)))
			FZ_FAIL("page link '%s'", link);
		return 0;
	}
	if (!doc.title || !doc.link)
		FZ_FAIL("NULL feed title or link");
	if (doc.n > FEED_MAX_ENTRIES)
		FZ_FAIL("%zu entries", doc.n);
	for (size_t i = 0; i < doc.n; i++) {
		struct feed_entry *e = &doc.entries[i];
		if (!e->key || !e->title || !e->link || !e->content || !e->summary || !e->updated_raw ||
		    !e->base)
			FZ_FAIL("entry %zu has a NULL string", i);
		if (strlen(e->key) > FEED_KEY_MAX)
			FZ_FAIL("entry %zu: a key of %zu bytes", i, strlen(e->key));
		if (*e->base && strncasecmp(e->base, "http://", 7) && strncasecmp(e->base, "https://", 8))
			FZ_FAIL("entry %zu: base '%s' is not http(s)", i, e->base);
		(void)feed_parse_date(e->updated_raw);
		if (item_valid_url(e->link) == 0 && strncasecmp(e->link, "http://", 7) &&
		    strncasecmp(e->link, "https://", 8))
			FZ_FAIL("item_valid_url accepted link '%s'", e->link);
		if (i >= 4)
			continue;
		struct buf md, h;
		buf_init(&md, 0);
		buf_init(&h, 0);
		const char *html = *e->content ? e->content : e->summary;
		if (sanitize_markdown(&md, html, strlen(html), *e->base ? e->base : NULL, 0) == 0 &&
		    markdown_render(&h, md.data ? md.data : "", md.len, 0) == 0)
			fz_html_require("feed entry", h.data ? h.data : "", h.len, FZ_FRAGMENT);
		buf_reset(&md);
		sanitize_text(&md, e->title, strlen(e->title));
		buf_release(&md);
		buf_release(&h);
	}
	feed_doc_clear(&doc);
	return 0;
}
