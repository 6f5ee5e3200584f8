/* Feed parsing, the XML refusals, dates and the SSRF address check. Run from the
 * top of the tree (tests/run-all.sh does). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	/* Not a feed. */
	const char *html = "<html><body>x</body></html>";
	CHECK(feed_parse(html, strlen(html), NULL, &d, err, sizeof err) == -1);
	CHECK_HAS(err, "not an RSS or Atom feed");
}

TEST(syndicate_dates)
{
	CHECK(feed_parse_date("Tue, 22 Sep 2026 10:00:00 +0300") == 1790060400);
	CHECK(feed_parse_date("22 Sep 2026 07:00 GMT") == 1790060400);
	CHECK(feed_parse_date("Tue, 22 Sep 2026 03:00:00 EDT") == 1790060400);
	CHECK(feed_parse_date("2026-09-22T07:00:00Z") == 1790060400);
	CHECK(feed_parse_date("2026-09-22T10:00:00.123+03:00") == 1790060400);
	CHECK(feed_parse_date("2026-09-22 07:00:00") == 1790060400);
	CHECK(feed_parse_date("0000-00-00 00:00:00") == 0);
	CHECK(feed_parse_date("2026-02-30T00:00:00Z") == 0);
	CHECK(feed_parse_date("yesterday") == 0);
	CHECK(feed_parse_date("") == 0);
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
