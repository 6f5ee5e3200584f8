/* Feed parsing, the XML refusals, dates and the SSRF address check. Run from the
 * top of the tree (tests/run-all.sh does). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/base/buf.h"
#include "../../src/render/sanitize.h"
#include "../../src/store/item.h"
#include "../../src/syndicate/fetch.h"
#include "../../src/syndicate/parse.h"
#include "test.h"

static char *synd_read(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = malloc(1 << 20);
	*n = data ? fread(data, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (data)
		data[*n] = '\0';
	return data;
}

static int synd_parse_file(const char *path, struct feed_doc *doc, char *err, size_t errsz)
{
	size_t n = 0;
	char *data = synd_read(path, &n);
	if (!data) {
		snprintf(err, errsz, "cannot read %s", path);
		return -2;
	}
	int rc = feed_parse(data, n, "https://mfa.veloria.example/en/feed.xml", doc, err, errsz);
	free(data);
	return rc;
}

TEST(syndicate_parse_rss)
{
	struct feed_doc d;
	char err[512];
	CHECK(synd_parse_file("tests/data/feeds/rss.xml", &d, err, sizeof err) == 0);
	CHECK_STR(d.title, "Ministry of Foreign Affairs of Veloria");
	CHECK(d.n == 3);
	if (d.n == 3) {
		CHECK_STR(d.entries[0].key, "mfa-101");
		CHECK_STR(d.entries[0].title, "Statement on the treaty centenary");
		CHECK_STR(d.entries[0].link, "https://mfa.veloria.example/en/news/101");
		CHECK_HAS(d.entries[0].content, "<strong>welcomes</strong>");
		CHECK(d.entries[0].published == 1790060400); /* 2026-09-22 07:00 UTC */
		/* No guid: the link is the key. */
		CHECK_STR(d.entries[1].key, "https://mfa.veloria.example/en/news/100");
		CHECK_HAS(d.entries[1].summary, "javascript:");
		CHECK_STR(d.entries[2].key, "");
	}
	feed_doc_clear(&d);
}

TEST(syndicate_parse_atom)
{
	struct feed_doc d;
	char err[512];
	CHECK(synd_parse_file("tests/data/feeds/atom.xml", &d, err, sizeof err) == 0);
	CHECK_STR(d.title, "Veloria Government News");
	CHECK(d.n == 2);
	if (d.n == 2) {
		CHECK_STR(d.entries[0].key, "tag:gov.veloria.example,2026:news-7");
		CHECK_STR(d.entries[0].title, "Trade talks resume");
		CHECK_STR(d.entries[0].link, "https://mfa.veloria.example/news/trade-talks");
		CHECK_HAS(d.entries[0].content, "<b>Monday</b>");
		CHECK_STR(d.entries[0].updated_raw, "2026-09-23T11:00:00Z");
		CHECK(d.entries[0].published == 1790146800); /* 07:00 UTC */
		CHECK_HAS(d.entries[1].content, "<a href=\"https://gov.veloria.example/x\">there</a>");
		CHECK_STR(d.entries[1].link, "");
	}
	feed_doc_clear(&d);
}

static double synd_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

TEST(syndicate_refuses_doctype_and_entities)
{
	static const char *const files[] = {
		"tests/data/feeds/xxe.xml", "tests/data/feeds/laughs.xml",
		"tests/data/feeds/doctype-external.xml", "tests/data/feeds/utf16-doctype.xml",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct feed_doc d;
		char err[512] = "";
		double t0 = synd_seconds();
		int rc = synd_parse_file(files[i], &d, err, sizeof err);
		double dt = synd_seconds() - t0;
		if (rc != -1)
			test_fail_str(__FILE__, __LINE__, "refused", files[i], "rc -1");
		else
			CHECK(strstr(err, "DOCTYPE") || strstr(err, "entit"));
		CHECK(dt < 1.0);
	}
	/* A DOCTYPE hidden behind comments and PIs is found by the SAX hook too. */
	const char *sneaky = "<?xml version=\"1.0\"?><!-- c --><?pi x?>\n<!DOCTYPE x [<!ENTITY a \"b\">]><rss/>";
	char err[512];
	int line = -1;
	CHECK(feed_xml_read(sneaky, strlen(sneaky), NULL, err, sizeof err, &line) == NULL);
	CHECK(line == 2);
	/* A well-formedness error names its line. */
	struct feed_doc d;
	CHECK(synd_parse_file("tests/data/feeds/broken.xml", &d, err, sizeof err) == -1);
	CHECK_HAS(err, "line 3:");
	/* A control character pasted into a post (0x0B from a word processor) is named
	 * on its line, not as the CDATA section it stops; and a file cut inside CDATA
	 * gets libxml2's words for it, not "Unregistered error message". */
	const char *vt = "<rss><channel>\n<item><description><![CDATA[one\ntwo \x0B three]]>"
			 "</description></item></channel></rss>";
	CHECK(feed_xml_read(vt, strlen(vt), NULL, err, sizeof err, &line) == NULL);
	CHECK_HAS(err, "3: a control character (0x0B) that XML does not allow");
	CHECK(line == 3);
	const char *cut = "<rss><channel>\n<item><description><![CDATA[cut off\nhere";
	CHECK(feed_xml_read(cut, strlen(cut), NULL, err, sizeof err, &line) == NULL);
	CHECK(!strstr(err, "Unregistered") && !strchr(err, '\n') && !strstr(err, "cut off"));
	/* Not a feed. */
	const char *html = "<html><body>x</body></html>";
	CHECK(feed_parse(html, strlen(html), NULL, &d, err, sizeof err) == -1);
	CHECK_HAS(err, "not an RSS or Atom feed");
	/* A web page given for its feed is said to be one, not a DTD. */
	const char *page = "\n<!doctype html><html><body>x</body></html>";
	CHECK(feed_parse(page, strlen(page), NULL, &d, err, sizeof err) == -1);
	CHECK_HAS(err, "2: a web page (<!DOCTYPE html>), not an RSS or Atom feed");
}

/* RSS 0.91's own DOCTYPE (Netscape's public id, no internal subset) is read past,
 * never loaded; any other DOCTYPE, or that one with a subset, is refused; an entity
 * its DTD would have defined is an error on its line. */
TEST(syndicate_rss091_doctype)
{
	static const char *const ok[] = {
		"<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS "
		"0.91//EN\"\n \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss "
		"version=\"0.91\"><channel><title>Old</title><item><title>One</title><link>"
		"http://a.example/1</link></item></channel></rss>",
		"<!DOCTYPE rss PUBLIC '-//Netscape Communications//DTD RSS 0.91//EN'><rss><channel>"
		"<title>Old</title><item><title>One</title><link>http://a.example/1</link></item>"
		"</channel></rss>"};
	for (size_t i = 0; i < 2; i++) {
		struct feed_doc d;
		char err[512] = "";
		CHECK(feed_parse(ok[i], strlen(ok[i]), NULL, &d, err, sizeof err) == 0);
		CHECK_STR(err, "");
		CHECK(d.n == 1);
		if (d.n == 1)
			CHECK_STR(d.entries[0].title, "One");
		feed_doc_clear(&d);
	}
	static const char *const bad[] = {
		"<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"x.dtd\" "
		"[<!ENTITY a \"b\">]><rss><channel><title>&a;</title></channel></rss>",
		"<!DOCTYPE rss PUBLIC \"-//Other//DTD RSS 0.91//EN\" \"x.dtd\"><rss/>",
		"<!DOCTYPE rss SYSTEM \"file:///etc/passwd\"><rss/>",
		"<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
		"\"file:///etc/passwd\"><rss><channel><title>&xxe;</title></channel></rss>"};
	for (size_t i = 0; i < 4; i++) {
		struct feed_doc d;
		char err[512] = "";
		CHECK(feed_parse(bad[i], strlen(bad[i]), NULL, &d, err, sizeof err) == -1);
		CHECK(i < 3 ? strstr(err, "DOCTYPE") != NULL : strstr(err, "xxe") != NULL);
	}
}

TEST(syndicate_rss_title_html)
{
	/* Feeds put HTML in RSS titles, and escape entities twice: the visible text. */
	const char *x = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
			"<title>Foreign &amp;amp; Commonwealth Office&amp;nbsp;News</title>"
			"<item><title><![CDATA[Minister <b>meets</b> envoy &amp; staff]]></title>"
			"<guid>a</guid></item><item><title>Q&amp;amp;A: AT&amp;T</title><guid>b</guid></item>"
			"<item><title>  Plain   text  </title><guid>c</guid></item>"
			"<item><title>Q&amp;A: the &lt;Sea&gt; treaty, a &lt; b</title><guid>d</guid></item>"
			"<item><title>A &lt;em&gt;new&lt;/em&gt; &lt;br/&gt;line</title><guid>e</guid></item>"
			"</channel></rss>";
	struct feed_doc d;
	char err[512];
	CHECK(feed_parse(x, strlen(x), NULL, &d, err, sizeof err) == 0);
	CHECK(d.n == 5);
	if (d.n == 5) {
		CHECK_STR(d.entries[0].title, "Minister meets envoy & staff");
		CHECK_STR(d.entries[1].title, "Q&A: AT&T");
		CHECK_STR(d.entries[2].title, "Plain text");
		/* No tag of HTML: its '<' is the title's own. */
		CHECK_STR(d.entries[3].title, "Q&A: the <Sea> treaty, a < b");
		CHECK_STR(d.entries[4].title, "A new line");
	}
	/* The feed's own title the same way (the items' source name). */
	CHECK_STR(d.title, "Foreign & Commonwealth Office\xC2\xA0News");
	feed_doc_clear(&d);
}

/* Atom's type="text" content keeps its paragraphs and line breaks, escaped. */
TEST(syndicate_atom_text_content)
{
	const char *x = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
			"<title>T</title><entry><id>a</id><title>A</title>"
			"<content type=\"text\">Line one\nline two &lt;b&gt;\n\n  \nLine three\n</content>"
			"</entry></feed>";
	struct feed_doc d;
	char err[512];
	CHECK(feed_parse(x, strlen(x), NULL, &d, err, sizeof err) == 0);
	CHECK(d.n == 1);
	if (d.n == 1)
		CHECK_STR(d.entries[0].content,
			  "<p>Line one<br>\nline two &lt;b&gt;</p>\n<p>Line three</p>\n");
	feed_doc_clear(&d);
}

TEST(syndicate_dates)
{
	CHECK(feed_parse_date("Tue, 22 Sep 2026 10:00:00 +0300") == 1790060400);
	CHECK(feed_parse_date("22 Sep 2026 07:00 GMT") == 1790060400);
	CHECK(feed_parse_date("Tue, 22 Sep 2026 03:00:00 EDT") == 1790060400);
	CHECK(feed_parse_date("2026-09-22T07:00:00Z") == 1790060400);
	CHECK(feed_parse_date("2026-09-22T10:00:00.123+03:00") == 1790060400);
	CHECK(feed_parse_date("2026-09-22 07:00:00") == 1790060400);
	CHECK(feed_parse_date("September 22, 2026 10:00 +0300") == 1790060400);
	CHECK(feed_parse_date("Sep 22 2026 07:00") == 1790060400);
	CHECK(feed_parse_date("Tuesday, September 22, 2026 07:00:00 UTC") == 1790060400);
	CHECK(feed_parse_date("Sep 22, 26") == 0);
	CHECK(feed_parse_date("0000-00-00 00:00:00") == 0);
	CHECK(feed_parse_date("2026-02-30T00:00:00Z") == 0);
	CHECK(feed_parse_date("yesterday") == 0);
	CHECK(feed_parse_date("") == 0);
	/* Russian sites' feeds write their own names of days and months. */
	CHECK(feed_parse_date("Вт, 22 сен 2026 10:00:00 +0300") == 1790060400);
	CHECK(feed_parse_date("вторник, 22 Сентября 2026 10:00:00 +0300") == 1790060400);
	CHECK(feed_parse_date("22 СЕН 2026 07:00 GMT") == 1790060400);
	CHECK(feed_parse_date("Ср, 13 мая 2026 07:00:00 +0000") == 1778655600);
	CHECK(feed_parse_date("13 май 2026 07:00:00 +0000") == 1778655600);
	CHECK(feed_parse_date("Вт, 22 сян 2026 10:00:00 +0300") == 0);
	CHECK(feed_parse_date("Вт, 22 се") == 0);
}

/* The dates feeds write that used to be read as none (and so the entry as "now"). */
TEST(syndicate_dates_zones_and_forms)
{
	static const struct {
		const char *s;
		int64_t want;
	} cases[] = {
		/* 2026-09-22 07:00 UTC, in zones RFC 822 names and some it does not */
		{"Tue, 22 Sep 2026 07:00:00 UT", 1790060400},
		{"Tue, 22 Sep 2026 07:00:00 Z", 1790060400},
		{"Tue, 22 Sep 2026 01:00:00 MDT", 1790060400},
		{"Tue, 22 Sep 2026 09:00:00 CEST", 1790060400},
		{"Tue, 22 Sep 2026 08:00:00 CET", 1790060400},
		{"Tue, 22 Sep 2026 08:00:00 BST", 1790060400},
		{"Tue, 22 Sep 2026 10:00:00 MSK", 1790060400},
		{"Tue, 22 Sep 2026 09:00:00 EET", 1790060400},
		{"Tue, 22 Sep 2026 10:00:00 EEST", 1790060400},
		{"Tue, 22 Sep 2026 07:00:00 WET", 1790060400},
		{"Tue, 22 Sep 2026 08:00:00 WEST", 1790060400},
		{"Tue, 22 Sep 2026 07:00:00 +0000 (UTC)", 1790060400},
		/* military letters: -0000, as RFC 1123 says; J is none */
		{"Tue, 22 Sep 2026 07:00:00 A", 1790060400},
		{"Tue, 22 Sep 2026 07:00:00 J", 0},
		{"2026-09-22T07:00:00A", 0},
		/* IST is India's, Ireland's or Israel's: not guessed */
		{"Tue, 22 Sep 2026 12:30:00 IST", 0},
		/* RFC 850, two-digit years */
		{"Tuesday, 22-Sep-26 07:00:00 GMT", 1790060400},
		{"Tuesday, 02-Jan-24 10:00:00 GMT", 1704189600},
		{"Friday, 31-Dec-99 23:59:59 GMT", 946684799},
		/* asctime, and date(1)'s with a zone */
		{"Tue Jan  2 10:00:00 2024", 1704189600},
		{"Tue Sep 22 07:00:00 2026", 1790060400},
		{"Tue Sep 22 09:00:00 CEST 2026", 1790060400},
		/* not after 1970-01-01T00:00:00Z: no item has that date, 0 says unread */
		{"1969-12-31T23:00:00Z", 0},
		{"1970-01-01T00:30:00+01:00", 0},
		{"Thu, 01 Jan 1970 00:00:01 GMT", 1},
		/* a date followed by more than a date is none */
		{"Tue, 22 Sep 2026 07:00:00 GMT and then a very long tail of words after it, "
		 "longer than any date",
		 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t got = feed_parse_date(cases[i].s);
		if (got != cases[i].want) {
			char g[32], w[32];
			snprintf(g, sizeof g, "%lld", (long long)got);
			snprintf(w, sizeof w, "%lld", (long long)cases[i].want);
			test_fail_str(__FILE__, __LINE__, cases[i].s, g, w);
		}
	}
}

/* An entry whose date is written but cannot be read says so in bad_date. */
TEST(syndicate_bad_date)
{
	struct feed_doc d;
	char err[512];
	CHECK(synd_parse_file("tests/data/feeds/bad-dates.xml", &d, err, sizeof err) == 0);
	CHECK(d.n == 6);
	if (d.n == 6) {
		CHECK(d.entries[0].published == 1790060400);
		CHECK(d.entries[0].bad_date == NULL);
		CHECK(d.entries[1].published == 0);
		CHECK_STR(d.entries[1].bad_date, "Tue, 22 Sep 2026 12:30:00 IST");
		CHECK(d.entries[2].published == 0);
		CHECK_STR(d.entries[2].bad_date, "1969-12-31T23:00:00Z");
		/* the dc:date is read, the pubDate is still worth a note */
		CHECK(d.entries[3].published == 1790060400);
		CHECK_STR(d.entries[3].bad_date, "the 22nd of September");
		CHECK(d.entries[4].published == 1790060400);
		CHECK_STR(d.entries[4].bad_date, "soon");
		/* an empty pubDate is no date, not a wrong one */
		CHECK(d.entries[5].bad_date == NULL);
	}
	feed_doc_clear(&d);
	CHECK(synd_parse_file("tests/data/feeds/atom-bad-date.xml", &d, err, sizeof err) == 0);
	CHECK(d.n == 1);
	if (d.n == 1)
		CHECK_STR(d.entries[0].bad_date, "23/09/2026 09:00");
	feed_doc_clear(&d);
	/* the atom.xml and rss.xml dates are all read */
	CHECK(synd_parse_file("tests/data/feeds/atom.xml", &d, err, sizeof err) == 0);
	for (size_t i = 0; i < d.n; i++)
		CHECK(d.entries[i].bad_date == NULL);
	feed_doc_clear(&d);
}

/* The Markdown the caller makes of html with e's base holds want. */
static void synd_check_resolved(const struct feed_entry *e, const char *html, const char *want)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	CHECK(sanitize_markdown(&b, html, strlen(html), *e->base ? e->base : NULL, 0) == 0);
	CHECK_HAS(buf_str(&b), want);
	buf_release(&b);
}

/* Links and the content's relative URLs follow xml:base, nested, before the feed URL. */
TEST(syndicate_xml_base)
{
	static const struct {
		const char *link, *base;
	} want[] = {
		{"http://example.org/blog/posts/one", "http://example.org/blog/"},
		{"http://other.example/news/x/y", "http://other.example/news/"},
		/* a relative base inside the feed's; the content's own base */
		{"http://example.org/blog/2026/three", "http://example.org/media/"},
	};
	struct feed_doc d;
	char err[512];
	CHECK(synd_parse_file("tests/data/feeds/xmlbase-atom.xml", &d, err, sizeof err) == 0);
	CHECK_STR(d.link, "http://example.org/blog/");
	CHECK(d.n == 3);
	for (size_t i = 0; i < d.n && i < 3; i++) {
		CHECK_STR(d.entries[i].link, want[i].link);
		CHECK_STR(d.entries[i].base, want[i].base);
	}
	if (d.n == 3) {
		synd_check_resolved(&d.entries[0], d.entries[0].content,
				    "http://example.org/blog/img/one.png");
		synd_check_resolved(&d.entries[0], d.entries[0].content,
				    "http://example.org/blog/posts/two");
		synd_check_resolved(&d.entries[2], d.entries[2].content,
				    "http://example.org/media/three.jpg");
	}
	feed_doc_clear(&d);
	/* A relative xml:base resolves against the feed's URL. */
	const char *rel = "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='/blog/'>"
			  "<entry><id>a</id><link href='a.html'/></entry></feed>";
	CHECK(feed_parse(rel, strlen(rel), "https://mfa.veloria.example/en/feed.xml", &d, err,
			 sizeof err) == 0);
	if (d.n == 1) {
		CHECK_STR(d.entries[0].link, "https://mfa.veloria.example/blog/a.html");
		CHECK_STR(d.entries[0].base, "https://mfa.veloria.example/blog/");
	}
	feed_doc_clear(&d);
	/* Without xml:base, the entry's link is the base, as before, else the feed's URL. */
	CHECK(synd_parse_file("tests/data/feeds/atom.xml", &d, err, sizeof err) == 0);
	if (d.n == 2) {
		CHECK_STR(d.entries[0].base, "https://mfa.veloria.example/news/trade-talks");
		CHECK_STR(d.entries[1].base, "https://mfa.veloria.example/en/feed.xml");
	}
	feed_doc_clear(&d);
}

/* An RSS item without a link: its description's relative URLs resolve against the
 * feed's URL instead of being dropped. */
TEST(syndicate_rss_item_without_link_has_a_base)
{
	struct feed_doc d;
	char err[512];
	CHECK(synd_parse_file("tests/data/feeds/rss-nolink.xml", &d, err, sizeof err) == 0);
	CHECK(d.n == 1);
	if (d.n == 1) {
		CHECK_STR(d.entries[0].link, "");
		CHECK_STR(d.entries[0].base, "https://mfa.veloria.example/en/feed.xml");
		synd_check_resolved(&d.entries[0], d.entries[0].summary,
				    "https://mfa.veloria.example/img/day.jpg");
		synd_check_resolved(&d.entries[0], d.entries[0].summary,
				    "https://mfa.veloria.example/en/more.html");
	}
	feed_doc_clear(&d);
	/* No feed URL either (a file imported): no base, and no string NULL. */
	size_t n = 0;
	char *data = synd_read("tests/data/feeds/rss-nolink.xml", &n);
	CHECK(data && feed_parse(data, n, NULL, &d, err, sizeof err) == 0);
	if (d.n == 1)
		CHECK_STR(d.entries[0].base, "");
	feed_doc_clear(&d);
	free(data);
}

/* 64-bit FNV-1a, as parse.c cuts keys with: written out again from its definition. */
static unsigned long long synd_fnv1a(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* One RSS item with the guid g. */
static int synd_parse_guid(const char *g, struct feed_doc *d)
{
	struct buf x;
	buf_init(&x, 1 << 20);
	buf_adds(&x, "<rss><channel><item><guid>");
	buf_adds(&x, g);
	buf_adds(&x, "</guid></item></channel></rss>");
	char err[512];
	int rc = feed_parse(buf_str(&x), x.len, "https://mfa.veloria.example/feed", d, err,
			    sizeof err);
	buf_release(&x);
	return rc;
}

/* A 5,000-byte guid made the site's export unimportable (keys over 4096 bytes are
 * refused there): it is cut, the same way on every run. */
TEST(syndicate_long_key_is_cut)
{
	char *g = malloc(5001);
	if (!g)
		return;
	for (int i = 0; i < 5000; i++)
		g[i] = (char)('a' + i % 26);
	g[5000] = '\0';
	char want[1100];
	snprintf(want, sizeof want, "%.960s#%016llx", g, synd_fnv1a(g));
	struct feed_doc d, d2;
	CHECK(synd_parse_guid(g, &d) == 0);
	CHECK(synd_parse_guid(g, &d2) == 0);
	if (d.n == 1 && d2.n == 1) {
		CHECK(strlen(d.entries[0].key) == 977);
		CHECK_STR(d.entries[0].key, want);
		CHECK_STR(d2.entries[0].key, d.entries[0].key);
	}
	feed_doc_clear(&d2);
	/* two keys alike up to the cut stay two */
	g[4000] = '!';
	CHECK(synd_parse_guid(g, &d2) == 0);
	if (d.n == 1 && d2.n == 1)
		CHECK(strcmp(d.entries[0].key, d2.entries[0].key) != 0);
	feed_doc_clear(&d2);
	feed_doc_clear(&d);
	/* 1024 bytes is kept whole */
	g[1024] = '\0';
	CHECK(synd_parse_guid(g, &d) == 0);
	if (d.n == 1)
		CHECK_STR(d.entries[0].key, g);
	feed_doc_clear(&d);
	free(g);
}

/* ISO-8859-1 in, UTF-8 out, in every string; the cut of a long key of two-byte
 * characters falls on a character's start. */
TEST(syndicate_strings_are_utf8)
{
	struct feed_doc d;
	char err[512];
	CHECK(synd_parse_file("tests/data/feeds/latin1-long-guid.xml", &d, err, sizeof err) == 0);
	CHECK_STR(d.title, "Minist\xC3\xA8re des Affaires \xC3\xA9trang\xC3\xA8res");
	CHECK(d.n == 1);
	if (d.n == 1) {
		struct feed_entry *e = &d.entries[0];
		const char *f[] = {e->key,     e->title,   e->link,	    e->base,
				   e->content, e->summary, e->updated_raw};
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
			if (!f[i] || item_valid_utf8(f[i]))
				test_fail_str(__FILE__, __LINE__, "valid UTF-8", f[i], "");
		CHECK_HAS(e->title, "D\xC3\xA9" "claration \xC2\xA7 1 \xC2\xBB");
		CHECK_HAS(e->summary, "\xC3\x80 la une");
		/* "x" and 700 "é": byte 960 is inside one, so 959 are kept */
		CHECK(strlen(e->key) == 959 + 17);
		CHECK(!strncmp(e->key, "x\xC3\xA9", 3));
		CHECK(e->key[959] == '#');
		CHECK(e->published == 1790060400);
	}
	feed_doc_clear(&d);
	/* Bytes that are not UTF-8 in a UTF-8 document: refused, nothing half-read. */
	const char *odd = "<rss><channel><item><title>caf\xE9 \xFF</title></item></channel></rss>";
	CHECK(feed_parse(odd, strlen(odd), NULL, &d, err, sizeof err) == -1);
	CHECK_HAS(err, "UTF-8");
}

TEST(syndicate_address_check)
{
	static const struct {
		const char *addr;
		int want;
	} cases[] = {
		{"93.184.216.34", 1}, {"8.8.8.8", 1}, {"2606:4700::1111", 1}, {"[2a00:1450::1]", 1},
		{"127.0.0.1", 0}, {"127.255.255.254", 0}, {"0.0.0.0", 0}, {"0", 0},
		{"10.0.0.1", 0}, {"10.255.255.255", 0}, {"172.16.0.1", 0}, {"172.31.255.255", 0},
		{"172.32.0.1", 1}, {"192.168.1.1", 0}, {"100.64.0.1", 0}, {"100.127.255.255", 0},
		{"100.128.0.1", 1}, {"169.254.169.254", 0}, {"169.254.0.1", 0}, {"224.0.0.1", 0},
		{"239.255.255.250", 0}, {"255.255.255.255", 0}, {"240.0.0.1", 0}, {"198.18.0.1", 0},
		{"192.0.2.1", 0},
		/* The same addresses spelled the ways inet_aton (and so getaddrinfo) reads them. */
		{"2130706433", 0},          /* 127.0.0.1 in decimal */
		{"0x7f000001", 0},          /* in hex */
		{"017700000001", 0},        /* in octal */
		{"0177.0.0.1", 0}, {"0x7f.0.0.1", 0}, {"127.1", 0}, {"127.0.1", 0},
		{"0xA9FEA9FE", 0},          /* 169.254.169.254 */
		{"2852039166", 0},          /* 169.254.169.254 in decimal */
		{"0251.0376.0251.0376", 0}, /* 169.254.169.254 in octal */
		{"012.0.0.1", 0},           /* 10.0.0.1 */
		{"0xc0.0xa8.1.1", 0},       /* 192.168.1.1 */
		/* IPv6 */
		{"::1", 0}, {"[::1]", 0}, {"::", 0}, {"0:0:0:0:0:0:0:1", 0}, {"fc00::1", 0},
		{"fd12:3456::1", 0}, {"fe80::1", 0}, {"fe80::1%eth0", 0}, {"febf::1", 0},
		{"ff02::1", 0}, {"::ffff:127.0.0.1", 0}, {"::ffff:7f00:1", 0},
		{"::ffff:169.254.169.254", 0}, {"::ffff:10.0.0.1", 0}, {"::ffff:8.8.8.8", 1},
		{"::127.0.0.1", 0}, {"64:ff9b::127.0.0.1", 0}, {"64:ff9b::8.8.8.8", 1},
		{"2002:7f00:1::", 0}, {"2002:0808:0808::1", 1}, {"2001:db8::1", 0},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", 0}, {"fec0::1", 0},
		/* Not addresses: names are checked after DNS, at connect. */
		{"localhost", -1}, {"example.org", -1}, {"", -1}, {"1.2.3.4.5", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = fetch_ip_public(cases[i].addr);
		if (got != cases[i].want) {
			char g[8], w[8];
			snprintf(g, sizeof g, "%d", got);
			snprintf(w, sizeof w, "%d", cases[i].want);
			test_fail_str(__FILE__, __LINE__, cases[i].addr, g, w);
		}
	}
	struct sockaddr_in6 un = {.sin6_family = AF_UNIX};
	CHECK(fetch_addr_public((struct sockaddr *)&un) == 0);
	CHECK(fetch_addr_public(NULL) == 0);
}

TEST(syndicate_fetch_refuses_loopback_and_schemes)
{
	/* The connect-time guard, without any server: loopback in several spellings. */
	static const char *const urls[] = {
		"http://127.0.0.1:9/feed.xml", "http://2130706433:9/", "http://0x7f.1:9/",
		"http://[::1]:9/", "http://localhost:9/", "http://[::ffff:127.0.0.1]:9/",
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		struct fetch_request rq = {.url = urls[i]};
		struct fetch_result r;
		char err[512];
		enum fetch_err e = fetch_url(&rq, &r, err, sizeof err);
		buf_release(&r.body);
		if (e != FETCH_REFUSED)
			test_fail_str(__FILE__, __LINE__, urls[i], err, "refused");
	}
	static const char *const bad[] = {"file:///etc/passwd", "gopher://x/", "ftp://x/", "dict://x/"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct fetch_request rq = {.url = bad[i], .allow_private = 1};
		struct fetch_result r;
		char err[512];
		CHECK(fetch_url(&rq, &r, err, sizeof err) == FETCH_REFUSED);
		buf_release(&r.body);
	}
}

/* An entry's source link: a guid that is a permalink when there is no <link>, and a
 * link with a space percent-encoded (it was dropped as no URL). */
TEST(syndicate_rss_links_from_guid_and_with_spaces)
{
	const char *x = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
			"<item><title>a</title><guid isPermaLink=\"true\">https://m.example/n/p.html</guid></item>"
			"<item><title>b</title><guid>https://m.example/n/q.html</guid></item>"
			"<item><title>c</title><guid isPermaLink=\"false\">https://m.example/n/r</guid></item>"
			"<item><title>d</title><link>https://m.example/n/a b.html</link><guid>x</guid></item>"
			"<item><title>e</title><guid>tag:m.example,2025:5</guid></item>"
			"</channel></rss>";
	struct feed_doc d;
	char err[512];
	CHECK(feed_parse(x, strlen(x), NULL, &d, err, sizeof err) == 0);
	CHECK(d.n == 5);
	if (d.n == 5) {
		CHECK_STR(d.entries[0].link, "https://m.example/n/p.html");
		feed_doc_clear(&d);
	}
	/* A relative one with a space, resolved against the feed's address. */
	const char *rel = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
			  "<item><title>r</title><link>/n/a b.html</link><guid>r</guid></item>"
			  "</channel></rss>";
	CHECK(feed_parse_as(rel, strlen(rel), "https://m.example/feed.xml", NULL, &d, err,
			    sizeof err) == 0 && d.n == 1);
	if (d.n == 1)
		CHECK_STR(d.entries[0].link, "https://m.example/n/a%20b.html");
	feed_doc_clear(&d);
	CHECK(feed_parse(x, strlen(x), NULL, &d, err, sizeof err) == 0);
	if (d.n == 5) {
		CHECK_STR(d.entries[1].link, "https://m.example/n/q.html");
		CHECK_STR(d.entries[2].link, "");
		CHECK_STR(d.entries[3].link, "https://m.example/n/a%20b.html");
		CHECK_STR(d.entries[4].link, "");
		CHECK_STR(d.entries[0].key, "https://m.example/n/p.html");
	}
	feed_doc_clear(&d);
}

/* UTF-8 Russian in a feed that says it is windows-1251: said as that, not as the
 * "premature end of data" libxml2 reaches after failing to convert it. */
TEST(syndicate_wrong_encoding_is_said)
{
	const char *x = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss version=\"2.0\">"
			"<channel><title>\xD0\x98\xD0\xB7\xD0\xB2\xD0\xB5\xD1\x81\xD1\x82\xD0\xB8\xD1\x8F \xE2\x80\x94 "
			"\xD0\x94</title><item><title>a</title><guid>1</guid></item></channel></rss>";
	struct feed_doc d;
	char err[512];
	CHECK(feed_parse(x, strlen(x), NULL, &d, err, sizeof err) == -1);
	CHECK_HAS(err, "its bytes are not in the encoding the feed names (windows-1251)");
}
