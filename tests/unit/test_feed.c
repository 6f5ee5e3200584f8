/*
 * Feeds and sitemap: every output parsed (libxml2 for XML, a strict checker for
 * JSON), escaping checked by round trip, dates and links checked by value, and the
 * written feeds handed to tests/feeds/check_feeds.py (feedparser) when it can run.
 */
#include "test.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "../../src/render/feed.h"
#include "../../src/site/urls.h"

/* ---- fixtures ---- */

static struct config feed_cfg(void)
{
	struct config c;
	memset(&c, 0, sizeof c);
	c.site_name = "Embassy & <Consulate> \"Press\"";
	c.base_url = "https://example.org";
	c.timezone = "Europe/Moscow";
	c.language = "en";
	c.description = "News of the embassy";
	c.per_page = 20;
	return c;
}

#define T0 1512037800 /* 2017-11-30T10:30:00Z, a Thursday */

static const char SCRIPT_TITLE[] = "New <script>alert(1)</script> rules & \"quotes\" 'too'";
static const char RU_TITLE[] = "Интервью посла газете «Известия»";

/* items[0]: tags, source, hostile title; [1]: Russian interview; [2]: plain; [3]: draft. */
/* The tags of feed_items' items (struct item points at its tags). */
static char *feed_tags[4][2];

static void feed_items(struct item it[4])
{
	memset(it, 0, 4 * sizeof *it);
	memset(feed_tags, 0, sizeof(feed_tags));
	for (int i = 0; i < 4; i++)
		it[i].tags = feed_tags[i];
	it[0].kind = KIND_PRESS_RELEASE;
	it[0].status = STATUS_PUBLISHED;
	it[0].published = T0;
	it[0].updated = T0 + 3600;
	it[0].title = (char *)SCRIPT_TITLE;
	it[0].lead = "Lead with ]]> and <b>tags</b>";
	it[0].body = "Body <script>alert(2)</script> ]]> & more";
	it[0].lang = "en";
	it[0].slug = "visa-rules";
	it[0].source_url = "https://mid.ru/a?b=1&c=2";
	it[0].source_title = "MFA \"statement\" <b>";
	it[0].tags[0] = "visas";
	it[0].tags[1] = "consular & <help>";
	it[0].ntags = 2;

	it[1].kind = KIND_INTERVIEW;
	it[1].status = STATUS_PUBLISHED;
	it[1].published = T0 - 86400;
	it[1].updated = T0 - 86400;
	it[1].title = (char *)RU_TITLE;
	it[1].lead = "Посол ответил на вопросы.";
	it[1].body = "Вопрос: Как дела?\n\nПосол: Хорошо.";
	it[1].lang = "ru";
	it[1].slug = "intervyu-posla";
	it[1].source_url = "";
	it[1].source_title = "";

	it[2].kind = KIND_NEWS;
	it[2].status = STATUS_PUBLISHED;
	it[2].published = T0 - 2 * 86400;
	it[2].updated = 0; /* never edited: updated falls back to published */
	it[2].title = "Plain news";
	it[2].lead = "";
	it[2].body = "Text.";
	it[2].lang = "en";
	it[2].slug = "plain-news";
	it[2].source_url = "";
	it[2].source_title = "";

	it[3] = it[2];
	it[3].status = STATUS_DRAFT;
	it[3].slug = "secret-draft";
	it[3].title = "Secret draft";
}

static struct feed_meta feed_meta_for(const struct config *c, const char *self)
{
	struct feed_meta m = {c, NULL, NULL, self, "/", T0, NULL};
	return m;
}

/* ---- XML ---- */

/* Parses s strictly (no network, no recovery); NULL unless well-formed with namespaces. */
static xmlDocPtr xml_parse(const char *s, size_t n)
{
	xmlParserCtxtPtr ctx = xmlNewParserCtxt();
	if (!ctx)
		return NULL;
	xmlDocPtr doc = xmlCtxtReadMemory(ctx, s, (int)n, "feed.xml", NULL, XML_PARSE_NONET);
	if (doc && (!ctx->wellFormed || !ctx->nsWellFormed)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctx);
	return doc;
}

/* The string value of XPath expr (wrapped in string()); caller frees. */
static char *xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
	xmlXPathRegisterNs(ctx, BAD_CAST "content",
			   BAD_CAST "http://purl.org/rss/1.0/modules/content/");
	xmlXPathRegisterNs(ctx, BAD_CAST "s",
			   BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
	struct buf e;
	buf_init(&e, 0);
	buf_lit(&e, "string(");
	buf_adds(&e, expr);
	buf_lit(&e, ")");
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST buf_str(&e), ctx);
	char *r = strdup(o && o->stringval ? (const char *)o->stringval : "(xpath failed)");
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	buf_release(&e);
	return r;
}

#define CHECK_XP(doc, expr, want)                  \
	do {                                       \
		char *got_ = xp((doc), (expr));    \
		CHECK_STR(got_, (want));           \
		free(got_);                        \
	} while (0)

#define CHECK_XP_HAS(doc, expr, want)              \
	do {                                       \
		char *got_ = xp((doc), (expr));    \
		CHECK_HAS(got_, (want));           \
		free(got_);                        \
	} while (0)

#define CHECK_XP_LACKS(doc, expr, want)            \
	do {                                       \
		char *got_ = xp((doc), (expr));    \
		CHECK_LACKS(got_, (want));         \
		free(got_);                        \
	} while (0)

/* ---- JSON: a strict RFC 8259 checker (UTF-8 included) ---- */

struct jp {
	const unsigned char *s, *end;
	int depth;
};

static void jp_ws(struct jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static int jp_lit(struct jp *p, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(p->end - p->s) < n || memcmp(p->s, w, n))
		return -1;
	p->s += n;
	return 0;
}

static int jp_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int jp_string(struct jp *p)
{
	if (p->s >= p->end || *p->s++ != '"')
		return -1;
	while (p->s < p->end) {
		unsigned c = *p->s++;
		if (c == '"')
			return 0;
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			if (p->s >= p->end)
				return -1;
			c = *p->s++;
			if (c == 'u') {
				for (int i = 0; i < 4; i++)
					if (p->s >= p->end || !jp_hex(*p->s++))
						return -1;
			} else if (!strchr("\"\\/bfnrt", (int)c)) {
				return -1;
			}
		} else if (c >= 0x80) {
			size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
			if (!len || c > 0xF4 || (size_t)(p->end - p->s) < len - 1)
				return -1;
			unsigned cp = c & (0x3F >> (len - 1));
			for (size_t i = 1; i < len; i++) {
				if ((*p->s & 0xC0) != 0x80)
					return -1;
				cp = (cp << 6) | (*p->s++ & 0x3F);
			}
			static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
			if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
				return -1;
		}
	}
	return -1;
}

static int jp_value(struct jp *p);

static int jp_number(struct jp *p)
{
	const unsigned char *st = p->s;
	if (p->s < p->end && *p->s == '-')
		p->s++;
	if (p->s < p->end && *p->s == '0')
		p->s++;
	else if (p->s < p->end && *p->s >= '1' && *p->s <= '9')
		while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
			p->s++;
	else
		return -1;
	if (p->s < p->end && *p->s == '.') {
		p->s++;
		if (p->s >= p->end || *p->s < '0' || *p->s > '9')
			return -1;
		while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
			p->s++;
	}
	if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
		p->s++;
		if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
			p->s++;
		if (p->s >= p->end || *p->s < '0' || *p->s > '9')
			return -1;
		while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
			p->s++;
	}
	return p->s > st ? 0 : -1;
}

static int jp_container(struct jp *p, char close)
{
	if (++p->depth > 64)
		return -1;
	p->s++;
	jp_ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		p->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			jp_ws(p);
			if (jp_string(p))
				return -1;
			jp_ws(p);
			if (p->s >= p->end || *p->s++ != ':')
				return -1;
		}
		if (jp_value(p))
			return -1;
		jp_ws(p);
		if (p->s >= p->end)
			return -1;
		char c = (char)*p->s++;
		if (c == close)
			break;
		if (c != ',')
			return -1;
	}
	p->depth--;
	return 0;
}

static int jp_value(struct jp *p)
{
	jp_ws(p);
	if (p->s >= p->end)
		return -1;
	switch (*p->s) {
	case '{': return jp_container(p, '}');
	case '[': return jp_container(p, ']');
	case '"': return jp_string(p);
	case 't': return jp_lit(p, "true");
	case 'f': return jp_lit(p, "false");
	case 'n': return jp_lit(p, "null");
	default: return jp_number(p);
	}
}

static int json_valid(const char *s, size_t n)
{
	struct jp p = {(const unsigned char *)s, (const unsigned char *)s + n, 0};
	if (jp_value(&p))
		return 0;
	jp_ws(&p);
	return p.s == p.end;
}

/* ---- feedparser, through tests/feeds/check_feeds.py, when it can run here ---- */

static const char CHECKER[] = "tests/feeds/check_feeds.py";

static int can_run_checker(void)
{
	static int state = -1;
	if (state < 0) {
		state = access("/usr/bin/python3", X_OK) == 0 && access(CHECKER, R_OK) == 0 &&
			system("/usr/bin/python3 -c 'import feedparser' 2>/dev/null") == 0;
		if (!state)
			fprintf(stderr, "  note: feedparser check skipped (no /usr/bin/python3, "
					"python3-feedparser or %s from here)\n", CHECKER);
	}
	return state;
}

static int write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(b->data ? b->data : "", 1, b->len, f);
	return fclose(f) == 0 && w == b->len ? 0 : -1;
}

/* Writes each feed to dir/name and runs the checker on all; returns its exit status. */
/* quiet: the run is expected to fail; its FAIL lines would only mislead a reader. */
static int run_checker(struct buf *feeds, const char *const *names, size_t n, int quiet)
{
	char dir[] = "/tmp/pressroom-feed-XXXXXX";
	if (!mkdtemp(dir))
		return -1;
	struct buf cmd, path;
	buf_init(&cmd, 0);
	buf_init(&path, 0);
	buf_lit(&cmd, "/usr/bin/python3 ");
	buf_adds(&cmd, CHECKER);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, names[i]);
		if (write_file(buf_str(&path), &feeds[i]))
			rc = -1;
		buf_addf(&cmd, " %s", buf_str(&path)); /* mkdtemp names need no quoting */
	}
	if (quiet)
		buf_lit(&cmd, " >/dev/null 2>&1");
	else
		buf_lit(&cmd, " >&2");
	if (rc == 0)
		rc = system(buf_str(&cmd));
	for (size_t i = 0; i < n; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, names[i]);
		unlink(buf_str(&path));
	}
	rmdir(dir);
	buf_release(&cmd);
	buf_release(&path);
	return rc;
}

/* ---- tests ---- */

static void check_times(int64_t t, const char *r3339, const char *r822)
{
	struct buf b;
	buf_init(&b, 0);
	feed_time_rfc3339(&b, t);
	CHECK_STR(buf_str(&b), r3339);
	buf_reset(&b);
	feed_time_rfc822(&b, t);
	CHECK_STR(buf_str(&b), r822);
	buf_release(&b);
}

TEST(feed_times)
{
	check_times(T0, "2017-11-30T10:30:00Z", "Thu, 30 Nov 2017 10:30:00 +0000");
	check_times(0, "1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 +0000");
	check_times(-1, "1969-12-31T23:59:59Z", "Wed, 31 Dec 1969 23:59:59 +0000");
	check_times(1709251199, "2024-02-29T23:59:59Z", "Thu, 29 Feb 2024 23:59:59 +0000");
	check_times(951782400, "2000-02-29T00:00:00Z", "Tue, 29 Feb 2000 00:00:00 +0000");
	check_times(INT64_MAX, "9999-12-31T23:59:59Z", "Fri, 31 Dec 9999 23:59:59 +0000");
	check_times(INT64_MIN, "0001-01-01T00:00:00Z", "Mon, 01 Jan 0001 00:00:00 +0000");
}

TEST(feed_urls)
{
	struct config c = feed_cfg();
	struct item it[4];
	feed_items(it);
	struct buf b;
	buf_init(&b, 0);
	url_item(&b, &c, &it[0]);
	CHECK_STR(buf_str(&b), "/items/visa-rules");
	buf_reset(&b);
	url_item(&b, &c, &it[1]);
	CHECK_STR(buf_str(&b), "/ru/items/intervyu-posla");
	buf_reset(&b);
	url_lang_prefix(&b, &c, "EN");
	url_lang_prefix(&b, &c, "");
	CHECK_STR(buf_str(&b), "");
	url_lang_prefix(&b, &c, "ru");
	CHECK_STR(buf_str(&b), "/ru");
	buf_reset(&b);
	c.base_url = "https://example.org/";
	url_base(&b, &c);
	CHECK_STR(buf_str(&b), "https://example.org");
	buf_reset(&b);
	it[0].slug = "a/b?c";
	url_item(&b, &c, &it[0]);
	CHECK_STR(buf_str(&b), "/items/a%2Fb%3Fc");
	buf_release(&b);
}

/* A static copy's URLs (config.dir_urls): pages end in '/', files and a language's
 * home do not change, and a list's later pages have one '/' before "page". */
TEST(feed_urls_dir)
{
	struct config c = feed_cfg();
	c.dir_urls = 1;
	struct item it[4];
	feed_items(it);
	struct buf b;
	buf_init(&b, 0);
	url_item(&b, &c, &it[1]);
	CHECK_STR(buf_str(&b), "/ru/items/intervyu-posla/");
	buf_reset(&b);
	url_item_in(&b, &c, "ru", &it[2]);
	CHECK_STR(buf_str(&b), "/ru/items/plain-news/");
	buf_reset(&b);
	url_path(&b, &c, "ru", "/");
	url_path(&b, &c, "en", "/");
	url_path(&b, &c, "en", "/archive");
	CHECK_STR(buf_str(&b), "/ru///archive/");
	buf_reset(&b);
	url_kind(&b, &c, "ru", KIND_NEWS);
	url_month(&b, &c, NULL, 2017, 11);
	url_series(&b, &c, NULL, "a b");
	CHECK_STR(buf_str(&b), "/ru/kind/news//archive/2017/11//series/a%20b/");
	buf_reset(&b);
	url_feed(&b, &c, "ru", KIND_NEWS, "atom");
	buf_addc(&b, ' ');
	url_feed(&b, &c, NULL, -1, "rss");
	buf_addc(&b, ' ');
	url_file(&b, &c, "ru", "/search/index.json");
	CHECK_STR(buf_str(&b), "/ru/kind/news/feed.atom /feed.rss /ru/search/index.json");
	buf_reset(&b);
	url_list_page_suffix(&b, &c, "/archive/", 1);
	url_list_page_suffix(&b, &c, "/archive/", 2);
	CHECK_STR(buf_str(&b), "page/2/");
	c.dir_urls = 0;
	buf_reset(&b);
	url_list_page_suffix(&b, &c, "/archive", 12);
	url_kind(&b, &c, NULL, KIND_NEWS);
	CHECK_STR(buf_str(&b), "/page/12/kind/news");
	buf_release(&b);
}

/* In a static copy the feeds link "/items/x/" but keep the server's ids: Atom <id>,
 * JSON Feed "id" and the RSS guid (then not a permalink). */
TEST(feed_ids_dir)
{
	struct config c = feed_cfg();
	c.dir_urls = 1;
	struct item it[4];
	feed_items(it);
	struct feed_meta m = feed_meta_for(&c, "/feed.atom");
	m.html_path = "/kind/news/";
	m.id_path = "/kind/news";
	struct buf b;
	buf_init(&b, 0);
	feed_atom(&b, &m, it, 4);
	CHECK_HAS(buf_str(&b), "<id>https://example.org/kind/news</id>");
	CHECK_HAS(buf_str(&b), "href=\"https://example.org/kind/news/\"");
	CHECK_HAS(buf_str(&b), "<id>https://example.org/items/plain-news</id>");
	CHECK_HAS(buf_str(&b), "href=\"https://example.org/items/plain-news/\"");
	buf_reset(&b);
	feed_rss(&b, &m, it, 4);
	CHECK_HAS(buf_str(&b), "<link>https://example.org/items/plain-news/</link>\n"
			       "<guid isPermaLink=\"false\">https://example.org/items/plain-news</guid>");
	buf_reset(&b);
	feed_json(&b, &m, it, 4);
	CHECK_HAS(buf_str(&b), "\"id\":\"https://example.org/items/plain-news\","
			       "\"url\":\"https://example.org/items/plain-news/\"");
	buf_release(&b);
}

TEST(feed_rss_content)
{
	struct config c = feed_cfg();
	struct item it[4];
	feed_items(it);
	struct feed_meta m = feed_meta_for(&c, "/feed.rss");
	struct buf b;
	buf_init(&b, 0);
	feed_rss(&b, &m, it, 4);
	CHECK(!buf_failed(&b));
	CHECK_LACKS(buf_str(&b), "<script");
	CHECK_LACKS(buf_str(&b), "Secret draft");
	xmlDocPtr d = xml_parse(b.data, b.len);
	CHECK(d != NULL);
	if (d) {
		CHECK_XP(d, "/rss/@version", "2.0");
		CHECK_XP(d, "/rss/channel/title", c.site_name);
		CHECK_XP(d, "/rss/channel/link", "https://example.org/");
		CHECK_XP(d, "/rss/channel/language", "en");
		CHECK_XP(d, "/rss/channel/a:link[@rel='self']/@href",
			 "https://example.org/feed.rss");
		CHECK_XP(d, "/rss/channel/lastBuildDate", "Thu, 30 Nov 2017 11:30:00 +0000");
		CHECK_XP(d, "count(/rss/channel/item)", "3");
		CHECK_XP(d, "/rss/channel/item[1]/title", SCRIPT_TITLE);
		CHECK_XP(d, "/rss/channel/item[1]/link", "https://example.org/items/visa-rules");
		CHECK_XP(d, "/rss/channel/item[1]/guid", "https://example.org/items/visa-rules");
		CHECK_XP(d, "/rss/channel/item[1]/guid/@isPermaLink", "true");
		CHECK_XP(d, "/rss/channel/item[1]/pubDate", "Thu, 30 Nov 2017 10:30:00 +0000");
		CHECK_XP(d, "count(/rss/channel/item[1]/category)", "3");
		CHECK_XP(d, "/rss/channel/item[1]/category[1]", item_kind_label(KIND_PRESS_RELEASE));
		CHECK_XP(d, "/rss/channel/item[1]/category[3]", "consular & <help>");
		/* A description is HTML to readers: the plain-text lead is escaped for it. */
		CHECK_XP(d, "/rss/channel/item[1]/description",
			 "Lead with ]]&gt; and &lt;b&gt;tags&lt;/b&gt;");
		/* Decoded once, content:encoded is HTML in which the body text is escaped. */
		CHECK_XP_HAS(d, "/rss/channel/item[1]/content:encoded", "&lt;script&gt;");
		CHECK_XP_LACKS(d, "/rss/channel/item[1]/content:encoded", "<script");
		CHECK_XP_HAS(d, "/rss/channel/item[1]/content:encoded",
			     "Source: <a href=\"https://mid.ru/a?b=1&amp;c=2\">"
			     "MFA \"statement\" &lt;b&gt;</a>");
		CHECK_XP(d, "/rss/channel/item[2]/title", RU_TITLE);
		CHECK_XP(d, "/rss/channel/item[2]/link",
			 "https://example.org/ru/items/intervyu-posla");
		CHECK_XP(d, "/rss/channel/item[2]/category", item_kind_label(KIND_INTERVIEW));
		CHECK_XP_LACKS(d, "/rss/channel/item[2]/content:encoded", "Source:");
		CHECK_XP(d, "count(/rss/channel/item[3]/description)", "0");
		xmlFreeDoc(d);
	}
	buf_release(&b);
}

TEST(feed_atom_content)
{
	struct config c = feed_cfg();
	struct item it[4];
	feed_items(it);
	struct feed_meta m = feed_meta_for(&c, "/kind/press-release/feed.atom");
	m.html_path = "/kind/press-release";
	m.title = "Press releases";
	struct buf b;
	buf_init(&b, 0);
	feed_atom(&b, &m, it, 4);
	CHECK(!buf_failed(&b));
	CHECK_LACKS(buf_str(&b), "<script");
	CHECK_LACKS(buf_str(&b), "Secret draft");
	xmlDocPtr d = xml_parse(b.data, b.len);
	CHECK(d != NULL);
	if (d) {
		CHECK_XP(d, "/a:feed/@xml:lang", "en");
		CHECK_XP(d, "/a:feed/a:id", "https://example.org/kind/press-release");
		CHECK_XP(d, "/a:feed/a:title", "Press releases");
		CHECK_XP(d, "/a:feed/a:updated", "2017-11-30T11:30:00Z");
		CHECK_XP(d, "/a:feed/a:link[@rel='self']/@href",
			 "https://example.org/kind/press-release/feed.atom");
		CHECK_XP(d, "/a:feed/a:link[@rel='alternate']/@href",
			 "https://example.org/kind/press-release");
		CHECK_XP(d, "/a:feed/a:author/a:name", c.site_name);
		CHECK_XP(d, "count(/a:feed/a:entry)", "3");
		CHECK_XP(d, "/a:feed/a:entry[1]/a:id", "https://example.org/items/visa-rules");
		CHECK_XP(d, "/a:feed/a:entry[1]/a:title", SCRIPT_TITLE);
		CHECK_XP(d, "/a:feed/a:entry[1]/a:link[@rel='alternate']/@href",
			 "https://example.org/items/visa-rules");
		CHECK_XP(d, "/a:feed/a:entry[1]/a:link[@rel='related']/@href", it[0].source_url);
		CHECK_XP(d, "/a:feed/a:entry[1]/a:published", "2017-11-30T10:30:00Z");
		CHECK_XP(d, "/a:feed/a:entry[1]/a:updated", "2017-11-30T11:30:00Z");
		CHECK_XP(d, "/a:feed/a:entry[1]/a:summary", it[0].lead);
		CHECK_XP(d, "/a:feed/a:entry[1]/a:content/@type", "html");
		CHECK_XP_HAS(d, "/a:feed/a:entry[1]/a:content", "]]&gt; &amp; more");
		CHECK_XP(d, "/a:feed/a:entry[1]/a:category[1]/@term", "press-release");
		CHECK_XP(d, "/a:feed/a:entry[1]/a:category[3]/@term", "consular & <help>");
		CHECK_XP(d, "/a:feed/a:entry[2]/@xml:lang", "ru");
		CHECK_XP(d, "/a:feed/a:entry[2]/a:title", RU_TITLE);
		CHECK_XP(d, "/a:feed/a:entry[3]/a:updated", "2017-11-28T10:30:00Z");
		CHECK_XP(d, "count(/a:feed/a:entry[3]/a:summary)", "0");
		xmlFreeDoc(d);
	}
	buf_release(&b);
}

TEST(feed_json_content)
{
	struct config c = feed_cfg();
	struct item it[4];
	feed_items(it);
	struct feed_meta m = feed_meta_for(&c, "/feed.json");
	struct buf b;
	buf_init(&b, 0);
	feed_json(&b, &m, it, 4);
	CHECK(!buf_failed(&b));
	CHECK(json_valid(b.data, b.len));
	const char *s = buf_str(&b);
	CHECK_LACKS(s, "<");
	CHECK_LACKS(s, "Secret draft");
	CHECK_HAS(s, "{\"version\":\"https://jsonfeed.org/version/1.1\",");
	CHECK_HAS(s, "\"home_page_url\":\"https://example.org/\"");
	CHECK_HAS(s, "\"feed_url\":\"https://example.org/feed.json\"");
	CHECK_HAS(s, "\"language\":\"en\"");
	CHECK_HAS(s, "\"title\":\"New \\u003cscript\\u003ealert(1)\\u003c/script\\u003e rules "
		     "\\u0026 \\\"quotes\\\" 'too'\"");
	CHECK_HAS(s, "\"id\":\"https://example.org/items/visa-rules\","
		     "\"url\":\"https://example.org/items/visa-rules\"");
	CHECK_HAS(s, "\"date_published\":\"2017-11-30T10:30:00Z\","
		     "\"date_modified\":\"2017-11-30T11:30:00Z\"");
	CHECK_HAS(s, "\"external_url\":\"https://mid.ru/a?b=1\\u0026c=2\"");
	CHECK_HAS(s, "\"tags\":[\"visas\",\"consular \\u0026 \\u003chelp\\u003e\"]");
	CHECK_HAS(s, "\"title\":\"Интервью посла газете «Известия»\"");
	CHECK_HAS(s, "\"url\":\"https://example.org/ru/items/intervyu-posla\"");
	CHECK_HAS(s, "\"language\":\"ru\"");
	CHECK_HAS(s, "\"tags\":[]");
	buf_release(&b);
}

TEST(feed_sitemap)
{
	struct config c = feed_cfg();
	struct item it[4];
	feed_items(it);
	static const char *const paths[] = {"/", "/archive", "/kind/news", "/ru/"};
	struct buf b;
	buf_init(&b, 0);
	sitemap_xml(&b, &c, paths, 4, it, 4);
	CHECK(!buf_failed(&b));
	xmlDocPtr d = xml_parse(b.data, b.len);
	CHECK(d != NULL);
	if (d) {
		CHECK_XP(d, "count(/s:urlset/s:url)", "7");
		CHECK_XP(d, "/s:urlset/s:url[1]/s:loc", "https://example.org/");
		CHECK_XP(d, "/s:urlset/s:url[3]/s:loc", "https://example.org/kind/news");
		CHECK_XP(d, "count(/s:urlset/s:url[1]/s:lastmod)", "0");
		CHECK_XP(d, "/s:urlset/s:url[5]/s:loc", "https://example.org/items/visa-rules");
		CHECK_XP(d, "/s:urlset/s:url[5]/s:lastmod", "2017-11-30T11:30:00Z");
		CHECK_XP(d, "/s:urlset/s:url[6]/s:loc",
			 "https://example.org/ru/items/intervyu-posla");
		xmlFreeDoc(d);
	}
	CHECK_LACKS(buf_str(&b), "secret-draft");
	buf_release(&b);
}

TEST(feed_empty)
{
	struct config c = feed_cfg();
	c.description = "";
	struct feed_meta m = feed_meta_for(&c, "/feed.rss");
	m.updated = 0;
	struct buf b[3];
	for (int i = 0; i < 3; i++)
		buf_init(&b[i], 0);
	feed_rss(&b[0], &m, NULL, 0);
	m.self_path = "/feed.atom";
	feed_atom(&b[1], &m, NULL, 0);
	m.self_path = "/feed.json";
	feed_json(&b[2], &m, NULL, 0);
	for (int i = 0; i < 2; i++) {
		xmlDocPtr d = xml_parse(b[i].data, b[i].len);
		CHECK(d != NULL);
		xmlFreeDoc(d);
	}
	CHECK(json_valid(b[2].data, b[2].len));
	CHECK_HAS(buf_str(&b[2]), "\"items\":[]");
	/* RSS requires a description: the title stands in for an empty one. */
	CHECK_HAS(buf_str(&b[0]), "<description>Embassy &amp;amp; &amp;lt;Consulate&amp;gt;");
	CHECK_HAS(buf_str(&b[1]), "<updated>1970-01-01T00:00:00Z</updated>");
	struct buf sm;
	buf_init(&sm, 0);
	sitemap_xml(&sm, &c, NULL, 0, NULL, 0);
	xmlDocPtr d = xml_parse(sm.data, sm.len);
	CHECK(d != NULL);
	xmlFreeDoc(d);
	if (can_run_checker()) {
		static const char *const names[] = {"empty.rss", "empty.atom", "empty.json"};
		CHECK(run_checker(b, names, 3, 0) == 0);
	}
	buf_release(&sm);
	for (int i = 0; i < 3; i++)
		buf_release(&b[i]);
}

/* Hostile bytes everywhere a string goes: invalid UTF-8, controls, ]]>, quotes. */
TEST(feed_hostile_input)
{
	static const char nasty[] = "a\x01\x02\x1b\x7f]]>\"'<&>\xff\xfe\xc0\xaf\xed\xa0\x80"
				    "\xef\xbf\xbe\xf4\x90\x80\x80\xe2\x82 z\r\n\t</script>";
	static const char *const paths[] = {"/", "/x?a=1&b=\"2\"<"};
	struct config c = feed_cfg();
	c.site_name = (char *)nasty;
	c.description = (char *)nasty;
	c.base_url = "https://example.org/a&b\"";
	struct item it[4];
	feed_items(it);
	for (int i = 0; i < 3; i++) {
		it[i].title = it[i].lead = it[i].body = it[i].source_title = (char *)nasty;
		it[i].slug = (char *)nasty;
		it[i].tags[0] = (char *)nasty;
		it[i].ntags = 1;
	}
	it[0].source_url = (char *)nasty;                       /* not a URL: text only */
	it[1].source_url = "https://example.com/?q=\"x\"&y=<z>"; /* a URL needing escapes */
	it[1].lang = "ru\"><x";
	struct feed_meta m = feed_meta_for(&c, "/feed?\"&<");
	m.title = nasty;
	m.lang = "en\" x=\"<";
	struct buf b[3], sm;
	for (int i = 0; i < 3; i++)
		buf_init(&b[i], 0);
	buf_init(&sm, 0);
	feed_rss(&b[0], &m, it, 4);
	feed_atom(&b[1], &m, it, 4);
	feed_json(&b[2], &m, it, 4);
	sitemap_xml(&sm, &c, paths, 2, it, 4);
	for (int i = 0; i < 2; i++) {
		CHECK(!buf_failed(&b[i]));
		xmlDocPtr d = xml_parse(b[i].data, b[i].len);
		CHECK(d != NULL);
		xmlFreeDoc(d);
		CHECK_LACKS(buf_str(&b[i]), "]]>");
	}
	CHECK(json_valid(b[2].data, b[2].len));
	xmlDocPtr d = xml_parse(sm.data, sm.len);
	CHECK(d != NULL);
	xmlFreeDoc(d);
	for (int i = 0; i < 3; i++)
		CHECK_LACKS(buf_str(&b[i]), "</script");
	CHECK_LACKS(buf_str(&b[0]), "<a href");
	CHECK_LACKS(buf_str(&b[0]), "&lt;a href=&quot;a");
	buf_release(&sm);
	for (int i = 0; i < 3; i++)
		buf_release(&b[i]);
}

/* The feeds as a reader sees them: feedparser through tests/feeds/check_feeds.py. */
TEST(feed_feedparser)
{
	if (!can_run_checker())
		return;
	struct config c = feed_cfg();
	struct item it[4];
	feed_items(it);
	struct feed_meta m = feed_meta_for(&c, "/feed.rss");
	struct buf b[3];
	for (int i = 0; i < 3; i++)
		buf_init(&b[i], 0);
	feed_rss(&b[0], &m, it, 4);
	m.self_path = "/feed.atom";
	feed_atom(&b[1], &m, it, 4);
	m.self_path = "/feed.json";
	feed_json(&b[2], &m, it, 4);
	static const char *const names[] = {"feed.rss", "feed.atom", "feed.json"};
	CHECK(run_checker(b, names, 3, 0) == 0);
	/* And the checker does fail a broken feed. */
	buf_reset(&b[0]);
	buf_lit(&b[0], "<rss version=\"2.0\"><channel><title>x</title><item>");
	static const char *const bad[] = {"bad.rss"};
	CHECK(run_checker(b, bad, 1, 1) != 0);
	for (int i = 0; i < 3; i++)
		buf_release(&b[i]);
}

/* A cap too small for the feed sticks in the output buffer, never overflows it. */
TEST(feed_cap)
{
	struct config c = feed_cfg();
	struct item it[4];
	feed_items(it);
	struct feed_meta m = feed_meta_for(&c, "/feed.rss");
	for (size_t cap = 1; cap < 4096; cap *= 3) {
		struct buf b;
		buf_init(&b, cap);
		feed_atom(&b, &m, it, 4);
		CHECK(buf_failed(&b));
		CHECK(b.len <= cap);
		buf_release(&b);
	}
}

/* url_rebase_html of html for a site at base_url (its path npath bytes long). */
static const char *rebased(const char *base_url, size_t npath, int own_root, const char *html)
{
	static char out[2048];
	struct url_rebase rb;
	struct buf b;
	buf_init(&b, 0);
	url_rebase_init(&rb, base_url, npath, own_root);
	url_rebase_html(&rb, html, strlen(html), &b);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

TEST(url_rebase_links_only)
{
	const char *u = "https://mfa.example/press";
	/* Attributes from the root go under the path; a form's action too. */
	CHECK_STR(rebased(u, 6, 0, "<a href=\"/archive\">x</a><img src=\"/media/a.png\" alt=\"\">"),
		  "<a href=\"/press/archive\">x</a><img src=\"/press/media/a.png\" alt=\"\">");
	CHECK_STR(rebased(u, 6, 0, "<form method=\"get\" action=\"/search\">"),
		  "<form method=\"get\" action=\"/press/search\">");
	/* Text is never changed: a textarea's, a code sample's, a quoted value's. */
	CHECK_STR(rebased(u, 6, 0, "<textarea name=\"body\">see src=\"/x\" and href=\"/y\"</textarea>"),
		  "<textarea name=\"body\">see src=\"/x\" and href=\"/y\"</textarea>");
	CHECK_STR(rebased(u, 6, 0, "<p><code>&lt;img src=\"/media/x.png\"&gt;</code></p>"),
		  "<p><code>&lt;img src=\"/media/x.png\"&gt;</code></p>");
	CHECK_STR(rebased(u, 6, 0, "<input value=\"a href=/b\" data-action=\"/c\" title=\"src=\\\"/d\">"),
		  "<input value=\"a href=/b\" data-action=\"/c\" title=\"src=\\\"/d\">");
	/* Protocol-relative and other hosts stay; so does the site's own full address. */
	CHECK_STR(rebased(u, 6, 0, "<a href=\"//cdn.example/x\"></a><a href=\"https://other.example/x\"></a>"),
		  "<a href=\"//cdn.example/x\"></a><a href=\"https://other.example/x\"></a>");
	CHECK_STR(rebased(u, 6, 0, "<a href=\"https://mfa.example/press\"></a><a href=\"https://mfa.example/press?x\"></a>"
				   "<a href=\"https://mfa.example/press/items/x\"></a>"),
		  "<a href=\"https://mfa.example/press\"></a><a href=\"https://mfa.example/press?x\"></a>"
		  "<a href=\"https://mfa.example/press/items/x\"></a>");
	/* Elsewhere on a host the site shares: the host's own page, left. With own_root
	 * (a site at the root whose copy moves under a path), the site's, moved. */
	CHECK_STR(rebased(u, 6, 0, "<a href=\"https://mfa.example/en/about\"></a>"),
		  "<a href=\"https://mfa.example/en/about\"></a>");
	CHECK_STR(rebased(u, 6, 1, "<a href=\"https://mfa.example/en/about\"></a>"),
		  "<a href=\"https://mfa.example/press/en/about\"></a>");
	/* A link from the root already under the path (written so into a body) is left;
	 * one that only starts with the same letters is not. Under a language's name
	 * ("/uk", also the Ukrainian pages' prefix) or for a site at the root whose copy
	 * moves under a path (own_root), no link can be told apart: all go under it. */
	CHECK_STR(rebased(u, 6, 0, "<a href=\"/press/archive\"></a><a href=\"/press\"></a><a href=\"/press?q=x\"></a>"),
		  "<a href=\"/press/archive\"></a><a href=\"/press\"></a><a href=\"/press?q=x\"></a>");
	CHECK_STR(rebased(u, 6, 0, "<a href=\"/pressroom/x\"></a>"), "<a href=\"/press/pressroom/x\"></a>");
	CHECK_STR(rebased("https://gov.example/uk", 3, 0, "<a href=\"/uk/items/x\"></a>"),
		  "<a href=\"/uk/uk/items/x\"></a>");
	CHECK_STR(rebased(u, 6, 1, "<a href=\"/press/archive\"></a>"), "<a href=\"/press/press/archive\"></a>");
	CHECK_STR(rebased("https://gov.example/sl-rozaj-biske-1994", 20, 0, "<a href=\"/sl-rozaj-biske-1994/items/x\"></a>"),
		  "<a href=\"/sl-rozaj-biske-1994/sl-rozaj-biske-1994/items/x\"></a>");
	/* A path stored before such names were refused ("/media"): the site's own file. */
	CHECK_STR(rebased("https://gov.example/media", 6, 0, "<img src=\"/media/a.png\" alt=\"\">"),
		  "<img src=\"/media/media/a.png\" alt=\"\">");
	/* A redirect page's refresh. */
	CHECK_STR(rebased(u, 6, 0, "<meta http-equiv=\"refresh\" content=\"0; url=/items/x\">"),
		  "<meta http-equiv=\"refresh\" content=\"0; url=/press/items/x\">");
	CHECK_STR(rebased(u, 6, 0, "<meta http-equiv=\"refresh\" content=\"0; url=//x.example/\">"),
		  "<meta http-equiv=\"refresh\" content=\"0; url=//x.example/\">");
	/* At the root of its host there is nothing to do. */
	CHECK_STR(rebased("https://mfa.example", 0, 0, "<a href=\"/x\"></a>"), "<a href=\"/x\"></a>");
}

/* url_rebase_html of a copy under path /news of a site whose own path is old. */
static const char *rebased_from(const char *old, const char *html)
{
	static char out[2048];
	struct url_rebase rb;
	struct buf b;
	buf_init(&b, 0);
	url_rebase_init(&rb, "https://mfa.example/news", 5, 0);
	url_rebase_old(&rb, old);
	url_rebase_html(&rb, html, strlen(html), &b);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

TEST(url_rebase_from_the_sites_own_path)
{
	/* A body written for the site at /press, its copy under /news: the old path's
	 * place is taken, once; a look-alike and other links go under as before. */
	CHECK_STR(rebased_from("/press", "<a href=\"/press/archive\"></a><a href=\"/press\"></a>"
					 "<a href=\"/press?q=1\"></a><a href=\"/press#top\"></a>"
					 "<a href=\"/pressroom/x\"></a><a href=\"/archive\"></a>"),
		  "<a href=\"/news/archive\"></a><a href=\"/news\"></a><a href=\"/news?q=1\"></a>"
		  "<a href=\"/news#top\"></a><a href=\"/news/pressroom/x\"></a><a href=\"/news/archive\"></a>");
	/* Links already under the copy's path stay; text is never a link. */
	CHECK_STR(rebased_from("/press", "<a href=\"/news/x\"></a><p>href=\"/press/y\"</p>"),
		  "<a href=\"/news/x\"></a><p>href=\"/press/y\"</p>");
	/* The same path, a language-like one and one the site's own names refuse are
	 * not taken for the old path: their links go under as any other. */
	CHECK_STR(rebased_from("/news", "<a href=\"/news/x\"></a>"), "<a href=\"/news/x\"></a>");
	CHECK_STR(rebased_from("/uk", "<a href=\"/uk/items/x\"></a>"), "<a href=\"/news/uk/items/x\"></a>");
	CHECK_STR(rebased_from("/media", "<img src=\"/media/a.png\">"), "<img src=\"/news/media/a.png\">");
	CHECK_STR(rebased_from("", "<a href=\"/x\"></a>"), "<a href=\"/news/x\"></a>");
	/* One path under the other: the longer match says which it is. */
	CHECK_STR(rebased_from("/news/site", "<a href=\"/news/site/archive\"></a><a href=\"/news/x\"></a>"
					     "<a href=\"/news/sites\"></a>"),
		  "<a href=\"/news/archive\"></a><a href=\"/news/x\"></a><a href=\"/news/sites\"></a>");
}

/* url_alias_path: what an old address is looked up by, or why it cannot be one. */
static const char *alias_of(const char *in, int decoded)
{
	static char out[600];
	struct buf b;
	buf_init(&b, 0);
	buf_lit(&b, "X");
	const char *why = NULL;
	int rc = url_alias_path(in, strlen(in), decoded, &b, &why);
	snprintf(out, sizeof(out), "%s", rc ? why : buf_str(&b));
	/* What was in the buffer before stays, and nothing of a refused one. */
	if (buf_str(&b)[0] != 'X' || (rc && b.len != 1))
		snprintf(out, sizeof(out), "%s", "buffer damaged");
	else if (!rc)
		snprintf(out, sizeof(out), "%s", buf_str(&b) + 1);
	buf_release(&b);
	return out;
}

TEST(url_alias_paths)
{
	CHECK_STR(alias_of("/2017/11/30/interview/", 0), "/2017/11/30/interview");
	CHECK_STR(alias_of("/2017/interview/index.html", 0), "/2017/interview");
	CHECK_STR(alias_of("/a/index.htm/", 0), "/a");
	CHECK_STR(alias_of("/press/visit.html", 0), "/press/visit.html");
	CHECK_STR(alias_of("https://old.example/news/x/#top", 0), "/news/x");
	CHECK_STR(alias_of("HTTP://old.example/%D0%BD%20x", 0), "/\xD0\xBD x");
	CHECK_STR(alias_of("/a%20b", 1), "/a%20b");
	/* A request's decoded path: its '#' and '?' were part of a name ("%23"), as
	 * they are in an old address that gave them encoded. */
	CHECK_STR(alias_of("/c#-sharp/x", 1), "/c#-sharp/x");
	CHECK_STR(alias_of("/c%23-sharp/x#top", 0), "/c#-sharp/x");
	CHECK_STR(alias_of("/a%3Fb", 0), "/a?b");
	CHECK_STR(alias_of("/a?b", 1), "/a?b");
	CHECK_HAS(alias_of("https://old.example#x?p=1", 0), "home page");
	CHECK_STR(alias_of("/x///", 0), "/x");
	CHECK_HAS(alias_of("old/relative", 0), "relative");
	CHECK_HAS(alias_of("//cdn.example/x", 0), "another host");
	/* A WordPress shortlink is the one query kept, in one form. */
	CHECK_STR(alias_of("/?p=12", 0), "/?p=12");
	CHECK_STR(alias_of("https://old.example/?p=12#comments", 0), "/?p=12");
	CHECK_STR(alias_of("https://old.example?p=7", 0), "/?p=7");
	CHECK_STR(alias_of("/index.php?p=345", 0), "/?p=345");
	CHECK_HAS(alias_of("/?p=0", 0), "query");
	CHECK_HAS(alias_of("/?p=", 0), "query");
	CHECK_HAS(alias_of("/?p=12&preview=true", 0), "query");
	CHECK_HAS(alias_of("/?p=1x", 0), "query");
	CHECK_HAS(alias_of("/?p=1234567890123456789", 0), "query");
	CHECK_HAS(alias_of("/?page_id=3", 0), "query");
	/* A network's blog or a site in a folder has its own: under its folder. */
	CHECK_STR(alias_of("/news/?p=12", 0), "/news/?p=12");
	CHECK_STR(alias_of("https://old.example/ru/index.php?p=5", 0), "/ru/?p=5");
	CHECK_HAS(alias_of("/a%20b/?p=1", 0), "query");
	CHECK_HAS(alias_of("/news?p=12", 0), "query");
	CHECK_HAS(alias_of("https://old.example?x=1", 0), "query");
	CHECK_HAS(alias_of("/items/x?y", 0), "query");
	CHECK_HAS(alias_of("https://old.example", 0), "home page");
	CHECK_HAS(alias_of("https://old.example/index.html", 0), "home page");
	CHECK_HAS(alias_of("/", 0), "home page");
	CHECK_HAS(alias_of("/a/../b", 0), "'..'");
	CHECK_HAS(alias_of("/a//b", 0), "empty");
	CHECK_HAS(alias_of("/news/:title/", 0), "pattern");
	CHECK_HAS(alias_of("/a%00b", 0), "control");
	CHECK_HAS(alias_of("/a\\b", 0), "backslash");
	CHECK_HAS(alias_of("/static/site.css", 0), "own files");
	CHECK_HAS(alias_of("https://old.example/media/a.png", 0), "own files");
	CHECK_HAS(alias_of("/admin", 0), "own files");
	CHECK_HAS(alias_of("/administration/x", 0), "own files");
	CHECK_HAS(alias_of("/preview/abc", 0), "own files");
	CHECK_STR(alias_of("/previews/x", 0), "/previews/x");
	CHECK_HAS(alias_of("/404.html", 0), "own files");
	CHECK_HAS(alias_of("/ru/404.html", 0), "own files");
	CHECK_HAS(alias_of("/index.html/x", 0), "own files");
	CHECK_STR(alias_of("/a/index.html", 0), "/a");
	char longp[700];
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	CHECK_HAS(alias_of(longp, 0), "longer");
}

/* url_alias_typed: what the newsroom shows and export --markdown writes reads back
 * as the same address (a name's '#', '?' and '%', a path that is no UTF-8). */
TEST(url_alias_typed_round_trip)
{
	static const char *const paths[] = {"/c#sharp/x", "/a?b", "/50%", "/%41", "/\xD0\xBD x",
					    "/bad\xFF\xFEname", "/?p=12", "/plain/path.html"};
	struct buf t;
	buf_init(&t, 0);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		buf_reset(&t);
		url_alias_typed(&t, paths[i]);
		CHECK_STR(alias_of(buf_str(&t), 0), paths[i]);
	}
	buf_reset(&t);
	url_alias_typed(&t, "/c#sharp \xD0\xBD");
	CHECK_STR(buf_str(&t), "/c%23sharp \xD0\xBD");
	buf_release(&t);
}

/* An item that is its lead alone (a news page's list entry) has the lead as its
 * content in each format, not an empty content that readers show as a blank entry. */
TEST(feed_lead_only_item_has_content)
{
	struct config c = feed_cfg();
	struct item it[4];
	feed_items(it);
	it[2].lead = "Only a lead & no body.";
	it[2].body = "\n";
	struct buf b;
	buf_init(&b, 0);
	struct feed_meta m = feed_meta_for(&c, "/feed.rss");
	feed_rss(&b, &m, &it[2], 1);
	CHECK_HAS(buf_str(&b), "<content:encoded>&lt;p&gt;Only a lead &amp;amp; no body.&lt;/p&gt;</content:encoded>");
	buf_reset(&b);
	m = feed_meta_for(&c, "/feed.atom");
	feed_atom(&b, &m, &it[2], 1);
	CHECK_HAS(buf_str(&b), "<content type=\"html\">&lt;p&gt;Only a lead &amp;amp; no body.&lt;/p&gt;</content>");
	buf_reset(&b);
	m = feed_meta_for(&c, "/feed.json");
	feed_json(&b, &m, &it[2], 1);
	CHECK_HAS(buf_str(&b), "\"content_html\":\"\\u003cp\\u003eOnly a lead \\u0026amp; no body.\\u003c/p\\u003e\"");
	buf_release(&b);
}
