#include "test.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/base/buf.h"
#include "../../src/base/tz.h"
#include "../../src/cli/frontmatter.h"
#include "../../src/store/item.h"

/* One parse with its item and message; fm_done() frees both. */
struct fm_case {
	struct item it;
	struct buf err;
	int rc;
};

static int fm_run_n(struct fm_case *c, const char *zone, const char *text, size_t n)
{
	struct fm_defaults d = {.timezone = zone, .lang = "en"};
	item_init(&c->it);
	buf_init(&c->err, 0);
	c->rc = fm_parse("x.md", text, n, &d, &c->it, &c->err);
	return c->rc;
}

static int fm_run(struct fm_case *c, const char *zone, const char *text)
{
	return fm_run_n(c, zone, text, strlen(text));
}

static void fm_done(struct fm_case *c)
{
	item_clear(&c->it);
	buf_release(&c->err);
}

/* Parses text and checks it fails with a message starting with want. */
static void fm_bad(const char *file, int line, const char *text, const char *want)
{
	struct fm_case c;
	fm_run(&c, "Europe/Moscow", text);
	const char *got = buf_str(&c.err);
	if (c.rc != -1 || strncmp(got, want, strlen(want)) != 0)
		test_fail_str(file, line, "error", got, want);
	if (strchr(got, '\n'))
		test_fail_str(file, line, "one line", got, want);
	fm_done(&c);
}
#define FM_BAD(text, want) fm_bad(__FILE__, __LINE__, (text), (want))

/* Checks that its tags are want, in order, as one "a|b|c" string. */
static void fm_tags_are(const char *file, int line, const struct item *it, const char *want)
{
	struct buf got;
	buf_init(&got, 0);
	for (size_t i = 0; i < it->ntags; i++) {
		if (i)
			buf_addc(&got, '|');
		buf_adds(&got, it->tags[i]);
	}
	if (strcmp(buf_str(&got), want))
		test_fail_str(file, line, "tags", buf_str(&got), want);
	buf_release(&got);
}
#define CHECK_TAGS(it, want) fm_tags_are(__FILE__, __LINE__, &(it), (want))

/* Hugo's TOML front matter reads as the same YAML would: strings of the four kinds,
 * a date with a space, arrays over lines with comments, and what follows [params]
 * (or a dotted key, an inline table) is not the page's. */
TEST(fm_toml)
{
	struct fm_case c;
	fm_run(&c, "Europe/Moscow",
	       "+++\n"
	       "# made by hugo new\n"
	       "title = \"The \\\"Harbour\\\" museum \\u00e9\"\n"
	       "date = 2024-03-01 10:00:00+03:00\n"
	       "draft = true\n"
	       "tags = [\n  \"culture\",  # why\n  'museums',\n]\n"
	       "description = \"\"\"\nTwo\nlines.\"\"\"\n"
	       "slug = 'harbour-museum'\n"
	       "source_title = 'Ministry \\ Press'\n"
	       "author = { name = \"Press\", title = \"x\" }\n"
	       "params.title = \"not this\"\n"
	       "weight = -3\nratio = +1_000.5e3\nshown = true\nmax = inf\nat = 07:32:00\n"
	       "\n[params]\ntitle = \"not this either\"\n"
	       "[ params . 'a b' ]  # a quoted part\nx = 1\n[[menu.main]]\nname = \"Home\"\n"
	       "+++\n"
	       "Body.\n");
	CHECK_STR(buf_str(&c.err), "");
	CHECK(c.rc == 0);
	CHECK_STR(c.it.title, "The \"Harbour\" museum \xC3\xA9");
	CHECK(c.it.published == 1709276400);
	CHECK(c.it.status == STATUS_DRAFT);
	CHECK_TAGS(c.it, "culture|museums");
	CHECK_STR(c.it.lead, "Two\nlines.");
	CHECK_STR(c.it.slug, "harbour-museum");
	CHECK_STR(c.it.source_title, "Ministry \\ Press");
	CHECK_STR(c.it.body, "Body.\n");
	fm_done(&c);
	/* After a line-ending backslash, a '#' is the string's, not a comment. */
	fm_run(&c, "UTC", "+++\ntitle = \"T\"\ndate = 2017-01-01\nlead = \"\"\"\\\n  # Our statement\n  text\"\"\"\n+++\n");
	CHECK_STR(buf_str(&c.err), "");
	CHECK_STR(c.it.lead, "# Our statement\n  text");
	fm_done(&c);
	/* A mistake further down names its line of the file. */
	fm_run(&c, "UTC", "+++\ntitle = \"T\"\n\n\ndate = 2017-13-01\n+++\n");
	CHECK(c.rc == -1 && !strncmp(buf_str(&c.err), "x.md:5: ", 8));
	fm_done(&c);
}

TEST(fm_hugo)
{
	struct fm_case c;
	fm_run(&c, "Europe/Moscow",
	       "---\n"
	       "title: \"Ambassador meets the press\"\n"
	       "date: 2017-11-30T10:00:00+03:00\n"
	       "draft: false\n"
	       "tags: [\"press\", \"Russia\"]\n"
	       "categories:\n"
	       "  - news\n"
	       "  - press\n"
	       "description: A short lead.\n"
	       "layout: post\n"
	       "translationKey: meeting\n"
	       "aliases: [/old/path, /older]\n"
	       "weight: 10\n"
	       "author: {name: Press office, email: press@example.com}\n"
	       "id: 42\n"
	       "---\n"
	       "\n"
	       "\n"
	       "Body **text**.\n"
	       "\n"
	       "More.\n");
	CHECK(c.rc == 0);
	CHECK_STR(buf_str(&c.err), "");
	CHECK_STR(c.it.title, "Ambassador meets the press");
	CHECK(c.it.published == tz_utc_from_civil(2017, 11, 30, 7, 0, 0));
	CHECK(c.it.updated == c.it.published);
	CHECK(c.it.kind == KIND_NEWS);
	CHECK(c.it.status == STATUS_PUBLISHED);
	CHECK_STR(c.it.lead, "A short lead.");
	CHECK_TAGS(c.it, "press|Russia|news");
	CHECK_STR(c.it.slug, "ambassador-meets-the-press");
	CHECK_STR(c.it.lang, "en");
	CHECK_STR(c.it.body, "Body **text**.\n\nMore.\n");
	CHECK(c.it.part == 0);
	CHECK_STR(c.it.source_url, "");
	fm_done(&c);
}

TEST(fm_jekyll)
{
	struct fm_case c;
	fm_run(&c, "Europe/Moscow",
	       "---\n"
	       "layout: post\n"
	       "title:  \"Заявление посольства\"\n"
	       "date:   2017-11-30 10:00:00 +0300\n"
	       "categories: [statements, press]\n"
	       "tags: press, Moscow ,  , embassy\n"
	       "kind: statement\n"
	       "lang: ru\n"
	       "published: true\n"
	       "---\n"
	       "Текст заявления.\n");
	CHECK(c.rc == 0);
	CHECK_STR(buf_str(&c.err), "");
	CHECK_STR(c.it.title, "Заявление посольства");
	CHECK(c.it.published == tz_utc_from_civil(2017, 11, 30, 7, 0, 0));
	CHECK(c.it.kind == KIND_STATEMENT);
	CHECK_STR(c.it.lang, "ru");
	CHECK_STR(c.it.slug, "zayavlenie-posolstva");
	CHECK_TAGS(c.it, "statements|press|Moscow|embassy");
	CHECK(c.it.status == STATUS_PUBLISHED);
	CHECK_STR(c.it.body, "Текст заявления.\n");
	fm_done(&c);
}

TEST(fm_all_keys)
{
	struct fm_case c;
	fm_run(&c, "UTC",
	       "\xef\xbb\xbf---\r\n"
	       "title: '  Interview with the Ambassador  '\r\n"
	       "date: 2017-11-30\r\n"
	       "kind: interview\r\n"
	       "lead: |\r\n"
	       "  First line.\r\n"
	       "  Second line.\r\n"
	       "description: not used\r\n"
	       "summary: not used either\r\n"
	       "slug: interview-2017\r\n"
	       "lang: en-gb\r\n"
	       "source: https://example.com/interview?id=1\r\n"
	       "source_title: Example Times\r\n"
	       "series: Ambassador's interviews\r\n"
	       "part: 3\r\n"
	       "draft: yes\r\n"
	       "...\r\n"
	       "Body\r\n");
	CHECK(c.rc == 0);
	CHECK_STR(buf_str(&c.err), "");
	CHECK_STR(c.it.title, "Interview with the Ambassador");
	CHECK(c.it.published == tz_utc_from_civil(2017, 11, 30, 0, 0, 0));
	CHECK(c.it.kind == KIND_INTERVIEW);
	CHECK_STR(c.it.lead, "First line.\nSecond line.");
	CHECK_STR(c.it.slug, "interview-2017");
	CHECK_STR(c.it.lang, "en-GB");
	CHECK_STR(c.it.source_url, "https://example.com/interview?id=1");
	CHECK_STR(c.it.source_title, "Example Times");
	CHECK_STR(c.it.series, "Ambassador's interviews");
	CHECK(c.it.part == 3);
	CHECK(c.it.status == STATUS_DRAFT);
	CHECK_STR(c.it.body, "Body\n"); /* stored with LF, as the newsroom stores a textarea */
	fm_done(&c);
	fm_run(&c, "UTC", "---\ntitle: T\ndate: 2017-11-30\nlang: ZH-hant-tw\n---\n");
	CHECK_STR(c.it.lang, "zh-Hant-TW");
	fm_done(&c);
}

TEST(fm_defaults_and_nulls)
{
	struct fm_case c;
	fm_run(&c, "UTC",
	       "---\n"
	       "title: Hello\n"
	       "date: 2017-11-30\n"
	       "lead: ~\n"
	       "summary: The summary.\n"
	       "slug:\n"
	       "lang: null\n"
	       "source: ''\n"
	       "tags:\n"
	       "part:\n"
	       "published: false\n"
	       "---\n");
	CHECK(c.rc == 0);
	CHECK_STR(buf_str(&c.err), "");
	/* An explicit null lead is still a lead: description/summary stand in only when absent. */
	CHECK_STR(c.it.lead, "");
	CHECK_STR(c.it.slug, "hello");
	CHECK_STR(c.it.lang, "en");
	CHECK_STR(c.it.source_url, "");
	CHECK(c.it.ntags == 0);
	CHECK(c.it.part == 0);
	CHECK(c.it.status == STATUS_DRAFT); /* Jekyll's published: false */
	CHECK_STR(c.it.body, "");
	fm_done(&c);

	fm_run(&c, "UTC", "---\ntitle: Hello\ndate: 2017-11-30\nsummary: The summary.\n---\nx");
	CHECK(c.rc == 0);
	CHECK_STR(c.it.lead, "The summary.");
	CHECK_STR(c.it.body, "x");
	fm_done(&c);

	/* NULL defaults: UTC and English. */
	item_init(&c.it);
	buf_init(&c.err, 0);
	const char *t = "---\ntitle: Hi\ndate: 2017-11-30 10:00\n---\n";
	CHECK(fm_parse("x.md", t, strlen(t), NULL, &c.it, &c.err) == 0);
	CHECK(c.it.published == tz_utc_from_civil(2017, 11, 30, 10, 0, 0));
	CHECK_STR(c.it.lang, "en");
	fm_done(&c);
}

/* The publication time of a file whose date line is date, in zone; INT64_MIN on error. */
static int64_t fm_date_in(const char *zone, const char *date)
{
	char text[256];
	snprintf(text, sizeof(text), "---\ntitle: T\ndate: %s\n---\n", date);
	struct fm_case c;
	int64_t t = fm_run(&c, zone, text) == 0 ? c.it.published : INT64_MIN;
	fm_done(&c);
	return t;
}

TEST(fm_date_forms)
{
	int64_t seven = tz_utc_from_civil(2017, 11, 30, 7, 0, 0);
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30 10:00") == seven);
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30T10:00") == seven);
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30 10:00:00") == seven);
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30t10:00:30") == seven + 30);
	CHECK(fm_date_in("Europe/Moscow", "\"2017-11-30 10:00\"") == seven);
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30") ==
	      tz_utc_from_civil(2017, 11, 29, 21, 0, 0));
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30T10:00:00Z") ==
	      tz_utc_from_civil(2017, 11, 30, 10, 0, 0));
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30T10:00:00.123+01:00") ==
	      tz_utc_from_civil(2017, 11, 30, 9, 0, 0));
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30 10:00:00 -05:30") ==
	      tz_utc_from_civil(2017, 11, 30, 15, 30, 0));
	CHECK(fm_date_in("UTC", "2017-1-5 9:05") == tz_utc_from_civil(2017, 1, 5, 9, 5, 0));
	/* DST: London is UTC+1 in July and UTC+0 in January. */
	CHECK(fm_date_in("Europe/London", "2018-07-01 12:00") ==
	      tz_utc_from_civil(2018, 7, 1, 11, 0, 0));
	CHECK(fm_date_in("Europe/London", "2018-01-01 12:00") ==
	      tz_utc_from_civil(2018, 1, 1, 12, 0, 0));
	CHECK(fm_date_in("UTC", "2016-02-29") == tz_utc_from_civil(2016, 2, 29, 0, 0, 0));
	/* The forms of English text and of feeds, which Hugo reads too: a wall clock in
	 * the file's zone unless they name one. */
	CHECK(fm_date_in("Europe/Moscow", "November 30, 2017 10:00") == seven);
	CHECK(fm_date_in("Europe/Moscow", "\"Nov 30 2017 10:00\"") == seven);
	CHECK(fm_date_in("Europe/Moscow", "30 November 2017 10:00:00") == seven);
	CHECK(fm_date_in("Europe/Moscow", "Thursday, November 30, 2017") ==
	      tz_utc_from_civil(2017, 11, 29, 21, 0, 0));
	CHECK(fm_date_in("Europe/Moscow", "Thu, 30 Nov 2017 07:00:00 GMT") == seven);
	CHECK(fm_date_in("UTC", "Nov 30, 2017 10:00 +0300") == seven);
	CHECK(fm_date_in("UTC", "30 Nov 2017 10:00 MSK") == seven);
}

TEST(fm_date_errors)
{
	FM_BAD("---\ntitle: T\ndate: 2017-02-30\n---\n", "x.md:3: impossible date '2017-02-30'");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30 25:00\n---\n",
	       "x.md:3: impossible date '2017-11-30 25:00'");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30 10:60\n---\n", "x.md:3: impossible date");
	FM_BAD("---\ntitle: T\ndate: 2017-13-01\n---\n", "x.md:3: impossible date '2017-13-01'");
	FM_BAD("---\ntitle: T\ndate: 2017-02-29\n---\n", "x.md:3: impossible date");
	FM_BAD("---\ntitle: T\ndate: 0000-01-01\n---\n", "x.md:3: impossible date");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30T10:00+25:00\n---\n", "x.md:3: impossible date");
	FM_BAD("---\ntitle: T\ndate: 30.11.2017\n---\n", "x.md:3: date '30.11.2017' is not like");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30 10\n---\n", "x.md:3: date '2017-11-30 10' is not");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30T10:00:00.\n---\n", "x.md:3: date");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30 10:00 MSK\n---\n", "x.md:3: date");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30 10:00 +\n---\n", "x.md:3: date");
	FM_BAD("---\ntitle: T\ndate: 17-11-30\n---\n", "x.md:3: date");
	FM_BAD("---\ntitle: T\ndate: February 30, 2017\n---\n", "x.md:3: date 'February 30, 2017' is not");
	FM_BAD("---\ntitle: T\ndate: November 30\n---\n", "x.md:3: date");
	FM_BAD("---\ntitle: T\ndate: November 30, 2017 10:00 IST\n---\n", "x.md:3: date");
	FM_BAD("---\ntitle: T\ndate:\n---\n", "x.md:3: date is empty");
	FM_BAD("---\ntitle: T\ndate: [2017-11-30]\n---\n", "x.md:3: date must be a single value");
	struct fm_case c;
	struct fm_defaults d = {.timezone = "Mars/Olympus", .lang = "en"};
	item_init(&c.it);
	buf_init(&c.err, 0);
	const char *t = "---\ntitle: T\ndate: 2017-11-30\n---\n";
	CHECK(fm_parse("x.md", t, strlen(t), &d, &c.it, &c.err) == -1);
	CHECK_STR(buf_str(&c.err), "x.md:3: date '2017-11-30': unknown time zone 'Mars/Olympus'");
	fm_done(&c);
}

TEST(fm_errors_exact)
{
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nlayout: a: b\n---\n",
	       "x.md:4: bad YAML: mapping values are not allowed in this context");
	FM_BAD("---\ntitle: Hello\n  kind: news\ndate: 2017-11-30\n---\n",
	       "x.md:3: bad YAML: mapping values are not allowed in this context");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nlayout: [post\n---\nbody\n",
	       "x.md:4: bad YAML: a flow sequence starts here and is never closed");
	FM_BAD("---\ntitle: \"Hello\ndate: 2017-11-30\n---\n",
	       "x.md:2: bad YAML: a quoted scalar starts here and is never closed");
	FM_BAD("---\ntitle: Hello\n\tdate: 2017-11-30\n---\n", "x.md:3: bad YAML: ");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nkind: pres-release\n---\n",
	       "x.md:4: unknown kind 'pres-release'; use one of press-release, news, statement, "
	       "interview, media-reply, speech, article, comment");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nlang: english\n---\n",
	       "x.md:4: lang 'english' is not a language tag");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nlang: en_GB\n---\n", "x.md:4: lang 'en_GB'");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nsource: javascript:alert(1)\n---\n",
	       "x.md:4: source 'javascript:alert(1)' is not an http or https URL");
	FM_BAD("---\ndate: 2017-11-30\n---\nbody\n", "x.md:1: missing title");
	FM_BAD("---\ntitle: Hello\n---\nbody\n", "x.md:1: missing date");
	FM_BAD("---\n---\nbody\n", "x.md:1: missing title");
	FM_BAD("---\n# only a comment\n---\n", "x.md:1: missing title");
	FM_BAD("---\ntitle: '   '\ndate: 2017-11-30\n---\n", "x.md:2: title is empty");
	FM_BAD("---\ntitle:\ndate: 2017-11-30\n---\n", "x.md:2: title is empty");
	/* TOML: its own mistakes, on their lines of the file. */
	FM_BAD("+++\ntitle = \"Hello\"\n+++\n", "x.md:1: missing date");
	FM_BAD("+++\ntitle = \"Hello\ndate = 2017-11-30\n+++\n",
	       "x.md:2: bad TOML: a string is never closed on its line");
	FM_BAD("+++\ntitle = \"\"\"Hello\n\ndate = 2017-11-30\n+++\n",
	       "x.md:2: bad TOML: a string is never closed");
	FM_BAD("+++\ntitle = \"H\"\ndate = 2017-11-30\ntags = [\"a\",\n\"b\"\n+++\n",
	       "x.md:4: bad TOML: an array is never closed");
	FM_BAD("+++\ntitle = \"H\"\n\ndate = someday\n+++\n", "x.md:4: ");
	FM_BAD("+++\ntitle = \"Hello\" there\n+++\n", "x.md:2: bad TOML: one 'key = value' to a line");
	FM_BAD("+++\ntitle = Hello there\n+++\n",
	       "x.md:2: bad TOML: a value TOML does not know (a string needs quotes)");
	FM_BAD("+++\ntitle \"Hello\"\n+++\n", "x.md:2: bad TOML: '=' should follow a key");
	/* A broken table header would have hidden the keys after it; a word without quotes
	 * is no TOML value (Hugo refuses both). */
	FM_BAD("+++\ntitle = \"T\"\ndate = 2018-01-02\n[x\nlead = \"L\"\n+++\n",
	       "x.md:4: bad TOML: a table's header should end with ']'");
	FM_BAD("+++\ntitle = \"T\"\ndate = 2018-01-02\n[[x]\n+++\n",
	       "x.md:4: bad TOML: a table's header should end with ']]'");
	FM_BAD("+++\ntitle = \"T\"\n[x y]\n+++\n", "x.md:3: bad TOML: a table's header should end with ']'");
	FM_BAD("+++\ntitle = \"T\"\n[]\n+++\n", "x.md:3: bad TOML: a table's name should follow '['");
	FM_BAD("+++\ntitle = \"T\"\n[a] b\n+++\n", "x.md:3: bad TOML: a table's header should be alone");
	FM_BAD("+++\ntitle = \"T\"\ndate = 2018-01-02\nkind = press-release\n+++\n",
	       "x.md:4: bad TOML: a value TOML does not know (a string needs quotes)");
	FM_BAD("+++\ntitle = \"a\\qb\"\n+++\n", "x.md:2: bad TOML: a string has an escape");
	FM_BAD("+++\ntitle = \"Hello\"\ndate = 2017-11-30\n", "x.md:1: the front matter is not "
	       "closed; end it with a +++ line");
	FM_BAD("{\"title\": \"x\"}\nbody\n", "x.md:1: JSON front matter is not supported");
	FM_BAD("# Hello\n\nJust Markdown.\n", "x.md:1: no front matter");
	FM_BAD("", "x.md:1: no front matter");
	FM_BAD("\n---\ntitle: a\n---\n", "x.md:1: no front matter");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\n", "x.md:1: the front matter is not closed");
	FM_BAD("---", "x.md:1: the front matter is not closed");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nTitle: Again\n---\n",
	       "x.md:4: duplicate key 'Title'");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nauthor: a\nauthor: b\n---\n",
	       "x.md:5: duplicate key 'author'");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\ntags: {a: b}\n---\n",
	       "x.md:4: tags must be a list of strings or one comma-separated string");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\ntags:\n  - a\n  - [b]\n---\n",
	       "x.md:6: tags must be a list of strings");
	FM_BAD("---\ntitle: [Hello]\ndate: 2017-11-30\n---\n",
	       "x.md:2: title must be a single value, not a list");
	FM_BAD("---\ntitle:\n  text: Hello\ndate: 2017-11-30\n---\n",
	       "x.md:3: title must be a single value, not a mapping");
	FM_BAD("---\nx: &a Hello\ntitle: *a\ndate: 2017-11-30\n---\n",
	       "x.md:3: title: YAML aliases are not supported");
	FM_BAD("---\n- title\n- date\n---\n", "x.md:2: the front matter must be 'key: value' lines");
	FM_BAD("---\n[a]: b\n---\n", "x.md:2: keys must be plain words");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nslug: Bad Slug\n---\n",
	       "x.md:4: slug 'Bad Slug' must be");
	FM_BAD("---\ntitle: \"!!!\"\ndate: 2017-11-30\n---\n",
	       "x.md:2: cannot make a slug from the title");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\npart: 0\n---\n",
	       "x.md:4: part '0' must be a whole number from 1 to 9999");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\npart: 10000\n---\n", "x.md:4: part '10000'");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\npart: -1\n---\n", "x.md:4: part '-1'");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\npart: 2.5\n---\n", "x.md:4: part '2.5'");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\ndraft: maybe\n---\n",
	       "x.md:4: draft must be true or false");
	FM_BAD("---\ntitle: \"a\\nb\"\ndate: 2017-11-30\n---\n",
	       "x.md:2: title must be one line without control characters");
	FM_BAD("---\ntitle: \"a\\0b\"\ndate: 2017-11-30\n---\n", "x.md:2: title must be one line");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\ntags: [\"a\\nb\"]\n---\n",
	       "x.md:4: tag 'a?b' must be one line");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nseries: [a]\n---\n",
	       "x.md:4: series must be a single value, not a list");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\n--- x\ntitle: Again\n---\n",
	       "x.md:4: more than one YAML document in the front matter");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nlayout: a\x01b\n---\n",
	       "x.md:4: bad YAML: control characters are not allowed");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\nlead: \"a\\x01\"\n---\n",
	       "x.md:4: lead contains control characters");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\n---\nok\n\xff\n", "x.md:6: invalid UTF-8");
	FM_BAD("---\ntitle: Hello \xc0\xaf\ndate: 2017-11-30\n---\n", "x.md:2: invalid UTF-8");
	FM_BAD("---\ntitle: Hello\ndate: 2017-11-30\n---\n\xed\xa0\x80\n", "x.md:5: invalid UTF-8");
}

TEST(fm_limits_and_defaults)
{
	char text[700], title[502];
	memset(title, 'a', 501);
	title[501] = '\0';
	snprintf(text, sizeof(text), "---\ntitle: %.500s\ndate: 2017-11-30\n---\n", title);
	struct fm_case c;
	CHECK(fm_run(&c, "UTC", text) == 0);
	CHECK(strlen(c.it.title) == 500);
	CHECK(strlen(c.it.slug) == 80);
	fm_done(&c);
	snprintf(text, sizeof(text), "---\ntitle: %s\ndate: 2017-11-30\n---\n", title);
	FM_BAD(text, "x.md:2: title is longer than 500 bytes");
	snprintf(text, sizeof(text), "---\ntitle: T\ndate: 2017-11-30\ntags: [ok, %.101s]\n---\n",
		 title);
	FM_BAD(text, "x.md:4: tag 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' "
		     "is longer than 100 bytes");

	struct fm_defaults d = {.timezone = "UTC", .lang = "English"};
	item_init(&c.it);
	buf_init(&c.err, 0);
	const char *t = "---\ntitle: T\ndate: 2017-11-30\n---\n";
	CHECK(fm_parse("posts/a.md", t, strlen(t), &d, &c.it, &c.err) == -1);
	CHECK_STR(buf_str(&c.err),
		  "posts/a.md:1: default language 'English' is not a language tag like en, ru or en-GB");
	fm_done(&c);

	item_init(&c.it);
	buf_init(&c.err, 0);
	CHECK(fm_parse(NULL, NULL, 5, NULL, &c.it, &c.err) == -1);
	CHECK_STR(buf_str(&c.err), "(input):1: no front matter; the file must start with a --- line");
	fm_done(&c);

	/* The message is appended: the caller may collect several. */
	item_init(&c.it);
	buf_init(&c.err, 0);
	buf_lit(&c.err, "earlier; ");
	CHECK(fm_parse("b.md", "x", 1, NULL, &c.it, &c.err) == -1);
	CHECK_STR(buf_str(&c.err),
		  "earlier; b.md:1: no front matter; the file must start with a --- line");
	fm_done(&c);
}

TEST(fm_error_is_one_message)
{
	struct fm_case c;
	fm_run(&c, "UTC", "---\ntitle: Hello\ndate: 2017-02-30\nkind: nope\n---\n");
	CHECK(c.rc == -1);
	CHECK_STR(buf_str(&c.err), "x.md:3: impossible date '2017-02-30'");
	fm_done(&c);
	/* A long bad value is shortened in the message. */
	char text[400];
	char big[200];
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(text, sizeof(text), "---\ntitle: T\ndate: 2017-11-30\nkind: %s\n---\n", big);
	fm_run(&c, "UTC", text);
	CHECK(c.rc == -1);
	CHECK(c.err.len < 250);
	CHECK_HAS(buf_str(&c.err), "zzz...'");
	fm_done(&c);
}

TEST(fm_nul_and_size)
{
	static const char t[] = "---\ntitle: Hello\ndate: 2017-11-30\n---\nbo\0dy\n";
	struct fm_case c;
	fm_run_n(&c, "UTC", t, sizeof(t) - 1);
	CHECK(c.rc == -1);
	CHECK_STR(buf_str(&c.err), "x.md:5: NUL byte in the file");
	fm_done(&c);

	size_t n = FM_MAX_FILE + 1;
	char *big = malloc(n);
	const char *head = "---\ntitle: Hello\ndate: 2017-11-30\n---\n";
	memset(big, 'a', n);
	memcpy(big, head, strlen(head));
	fm_run_n(&c, "UTC", big, n);
	CHECK(c.rc == -1);
	CHECK_STR(buf_str(&c.err), "x.md:1: file is larger than 4 MiB");
	fm_done(&c);
	fm_run_n(&c, "UTC", big, n - 1);
	CHECK(c.rc == 0);
	CHECK(strlen(c.it.body) == n - 1 - strlen(head));
	fm_done(&c);
	free(big);
}

TEST(fm_too_many)
{
	struct buf t;
	buf_init(&t, 0);
	buf_lit(&t, "---\ntitle: Hello\ndate: 2017-11-30\ntags:\n");
	for (int i = 0; i < ITEM_MAX_TAGS + 1; i++)
		buf_addf(&t, "  - t%d\n", i);
	buf_lit(&t, "---\n");
	struct fm_case c;
	fm_run(&c, "UTC", buf_str(&t));
	CHECK_STR(buf_str(&c.err), "x.md:37: too many tags (at most 32)");
	fm_done(&c);

	buf_reset(&t);
	buf_lit(&t, "---\ntitle: Hello\ndate: 2017-11-30\n");
	for (int i = 0; i < 300; i++)
		buf_addf(&t, "k%d: v\n", i);
	buf_lit(&t, "---\n");
	fm_run(&c, "UTC", buf_str(&t));
	CHECK_STR(buf_str(&c.err), "x.md:258: too many keys (at most 256)");
	fm_done(&c);

	/* Deep nesting in an ignored key is refused, not recursed into. */
	buf_reset(&t);
	buf_lit(&t, "---\ntitle: Hello\ndate: 2017-11-30\nlayout: ");
	for (int i = 0; i < 5000; i++)
		buf_addc(&t, '[');
	for (int i = 0; i < 5000; i++)
		buf_addc(&t, ']');
	buf_lit(&t, "\n---\n");
	fm_run(&c, "UTC", buf_str(&t));
	CHECK_HAS(buf_str(&c.err), "x.md:4: ");
	fm_done(&c);
	buf_release(&t);
}

/* Every prefix and many one-byte changes of a good file: no crash, and a message on failure. */
TEST(fm_robust_prefixes)
{
	const char *good = "\xef\xbb\xbf---\n"
			   "title: \"Заявление: \\u00e9 'x'\"\n"
			   "date: 2017-11-30T10:00:00.5+03:00\n"
			   "tags: [a, 'b', \"c\"]\n"
			   "aliases: &x [1, *x]\n"
			   "lead: >\n  folded\n  text\n"
			   "---\n"
			   "Body\n";
	size_t n = strlen(good);
	struct fm_case g;
	CHECK(fm_run(&g, "UTC", good) == 0);
	CHECK_STR(g.it.lead, "folded text");
	fm_done(&g);
	char *copy = malloc(n);
	static const char bytes[] = {'\0', '\n', ':', '-', '[', '{', '"', '\'', '&', '*',
				     '!',  '#',	 '|', '>', ' ', '\t', '\\', '\xff', '\x80', '%'};
	for (size_t len = 0; len <= n; len++) {
		memcpy(copy, good, len);
		struct fm_case c;
		if (fm_run_n(&c, "UTC", copy, len) != 0)
			CHECK(c.err.len > 0);
		fm_done(&c);
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t b = 0; b < sizeof(bytes); b++) {
			memcpy(copy, good, n);
			copy[i] = bytes[b];
			struct fm_case c;
			if (fm_run_n(&c, "UTC", copy, n) != 0)
				CHECK(c.err.len > 0 && !strchr(buf_str(&c.err), '\n'));
			fm_done(&c);
		}
	}
	free(copy);
}

TEST(fm_embargo)
{
	struct fm_case c;
	/* Not mentioned: the stored embargo is kept (ITEM_EMBARGO_KEEP). */
	fm_run(&c, "Europe/Moscow", "---\ntitle: A\ndate: 2026-01-02\n---\nx\n");
	CHECK(c.rc == 0);
	CHECK(c.it.embargo_until == ITEM_EMBARGO_KEEP);
	fm_done(&c);
	/* A wall-clock time in the site's zone, like date. */
	fm_run(&c, "Europe/Moscow",
	       "---\ntitle: A\ndate: 2026-01-02\nembargo_until: 2026-01-03 12:00\n---\nx\n");
	CHECK(c.rc == 0);
	CHECK(c.it.embargo_until == tz_utc_from_civil(2026, 1, 3, 9, 0, 0));
	fm_done(&c);
	/* Empty: lifted. */
	fm_run(&c, "UTC", "---\ntitle: A\ndate: 2026-01-02\nembargo: \"\"\n---\nx\n");
	CHECK(c.rc == 0);
	CHECK(c.it.embargo_until == 0);
	fm_done(&c);
	fm_run(&c, "UTC", "---\ntitle: A\ndate: 2026-01-02\nembargo_until: next week\n---\nx\n");
	CHECK(c.rc == -1);
	CHECK(strstr(buf_str(&c.err), ":4: embargo_until 'next week' is not like") != NULL);
	fm_done(&c);
}

/* The last change: Hugo's lastmod (what export --markdown writes), updated, Jekyll's
 * last_modified_at; without one, the date. And same_time_order into d.order. */
TEST(fm_lastmod_and_order)
{
	struct fm_case c;
	fm_run(&c, "Europe/Moscow", "---\ntitle: A\ndate: 2026-01-02\n---\nx\n");
	CHECK(c.rc == 0);
	CHECK(c.it.updated == c.it.published);
	fm_done(&c);
	const char *keys[] = {"lastmod", "updated", "last_modified_at"};
	for (size_t i = 0; i < 3; i++) {
		char text[200];
		snprintf(text, sizeof(text), "---\ntitle: A\ndate: 2026-01-02\n%s: 2026-01-05 12:30\n---\nx\n",
			 keys[i]);
		fm_run(&c, "Europe/Moscow", text);
		CHECK_STR(buf_str(&c.err), "");
		CHECK(c.it.updated == tz_utc_from_civil(2026, 1, 5, 9, 30, 0));
		fm_done(&c);
	}
	FM_BAD("---\ntitle: A\ndate: 2026-01-02\nlastmod: soon\n---\nx\n", "x.md:4: lastmod 'soon'");
	/* No date nor publishDate: Hugo dates the page by lastmod. */
	fm_run(&c, "UTC", "---\ntitle: A\nlastmod: 2026-01-05T09:30:00Z\n---\nx\n");
	CHECK(c.rc == 0);
	CHECK(c.it.published == tz_utc_from_civil(2026, 1, 5, 9, 30, 0));
	fm_done(&c);
	/* A Jekyll name's date comes first; a draft's file time (a guess) after it. */
	const char *lm = "---\ntitle: A\nlast_modified_at: 2026-01-05T09:30:00Z\n---\nx\n";
	int taken = 0;
	struct fm_defaults named = {.timezone = "UTC", .date = 86400};
	item_init(&c.it);
	buf_init(&c.err, 0);
	CHECK(fm_parse("x.md", lm, strlen(lm), &named, &c.it, &c.err) == 0);
	CHECK(c.it.published == 86400);
	fm_done(&c);
	named.date_taken = &taken;
	item_init(&c.it);
	buf_init(&c.err, 0);
	CHECK(fm_parse("x.md", lm, strlen(lm), &named, &c.it, &c.err) == 0);
	CHECK(c.it.published == tz_utc_from_civil(2026, 1, 5, 9, 30, 0) && !taken);
	fm_done(&c);
	int order = 1;
	struct fm_defaults d = {.timezone = "UTC", .order = &order};
	const char *text = "---\ntitle: A\ndate: 2026-01-02\nsame_time_order: 3\n---\nx\n";
	item_init(&c.it);
	buf_init(&c.err, 0);
	CHECK(fm_parse("x.md", text, strlen(text), &d, &c.it, &c.err) == 0);
	CHECK(order == 3);
	fm_done(&c);
	FM_BAD("---\ntitle: A\ndate: 2026-01-02\nsame_time_order: 0\n---\nx\n",
	       "x.md:4: same_time_order '0' must be a whole number from 1 to 999999");
	FM_BAD("---\ntitle: A\ndate: 2026-01-02\nsame_time_order: two\n---\nx\n",
	       "x.md:4: same_time_order 'two' must be");
}

/* A series names its page /series/<name>: no '/', not "." or "..". */
TEST(fm_series_names)
{
	FM_BAD("---\ntitle: A\ndate: 2026-01-02\nseries: \"../../x\"\n---\nx\n",
	       "x.md:4: series '../../x' names its page /series/<name>: no '/', not '.' or '..'");
	FM_BAD("---\ntitle: A\ndate: 2026-01-02\nseries: ..\n---\nx\n", "x.md:4: series '..'");
	struct fm_case c;
	fm_run(&c, "UTC", "---\ntitle: A\ndate: 2026-01-02\nseries: Interview 2026?\n---\nx\n");
	CHECK_STR(buf_str(&c.err), "");
	CHECK_STR(c.it.series, "Interview 2026?");
	fm_done(&c);
}

/* Dates as Jekyll sites and `date` write them: a zone's name after the offset (the
 * offset rules) or UTC/GMT alone; another name alone is no offset, refused. */
TEST(fm_date_zone_names)
{
	int64_t seven = tz_utc_from_civil(2017, 11, 30, 7, 0, 0);
	CHECK(fm_date_in("UTC", "2017-11-30 10:00:00 +0300 MSK") == seven);
	CHECK(fm_date_in("UTC", "2017-11-30 10:00 +03:00 MSK") == seven);
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30 07:00:00 UTC") == seven);
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30 07:00:00 gmt") == seven);
	CHECK(fm_date_in("Europe/Moscow", "2017-11-30T07:00:00 UT") == seven);
	FM_BAD("---\ntitle: T\ndate: 2017-11-30 10:00:00 MSK\n---\n",
	       "x.md:3: date '2017-11-30 10:00:00 MSK' is not like");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30 10:00:00 +0300 MSKXYZW\n---\n", "x.md:3: date");
	FM_BAD("---\ntitle: T\ndate: 2017-11-30 10:00:00 UTC UTC\n---\n", "x.md:3: date");
}

/* Parses text with d; returns fm_parse's result, the message in c->err. */
static int fm_run_d(struct fm_case *c, const struct fm_defaults *d, const char *text)
{
	item_init(&c->it);
	buf_init(&c->err, 0);
	c->rc = fm_parse("x.md", text, strlen(text), d, &c->it, &c->err);
	return c->rc;
}

/* A tree's pages (fm_defaults.pages, dateless_page) are FM_PAGE with the reason;
 * without them, the same files are refused. A page with a date is an item. */
TEST(fm_pages)
{
	struct fm_case c;
	struct fm_defaults d = {.timezone = "UTC", .pages = 1};
	CHECK(fm_run_d(&c, &d, "# Contributing\n\nHow to help.\n") == FM_PAGE);
	CHECK_STR(buf_str(&c.err), "no front matter: not an item");
	fm_done(&c);
	CHECK(fm_run_d(&c, &d, "---\nlayout: page\ntitle: About\n---\nx\n") == FM_PAGE);
	CHECK_STR(buf_str(&c.err),
		  "no date: a page (its layout or type is page), not a dated item");
	fm_done(&c);
	CHECK(fm_run_d(&c, &d, "+++\ntype = \"page\"\ntitle = \"About\"\n+++\nx\n") == FM_PAGE);
	fm_done(&c);
	CHECK(fm_run_d(&c, &d, "---\nlayout: page\ntitle: About\nlastmod: 2020-01-02\n---\nx\n") ==
	      FM_PAGE);
	fm_done(&c);
	CHECK(fm_run_d(&c, &d, "---\nlayout: page\ntitle: Dated\ndate: 2020-01-02\n---\nx\n") == 0);
	CHECK_STR(c.it.title, "Dated");
	fm_done(&c);
	/* Without a page's layout, a missing date is an error unless the place says. */
	CHECK(fm_run_d(&c, &d, "---\nlayout: post\ntitle: News\n---\nx\n") == -1);
	CHECK_STR(buf_str(&c.err), "x.md:1: missing date");
	fm_done(&c);
	d.dateless_page = "a page here";
	CHECK(fm_run_d(&c, &d, "---\nlayout: post\ntitle: News\n---\nx\n") == FM_PAGE);
	CHECK_STR(buf_str(&c.err), "no date: a page here");
	fm_done(&c);
	/* Other errors stay errors. */
	CHECK(fm_run_d(&c, &d, "---\ntitle: [x\n---\nx\n") == -1);
	fm_done(&c);
	FM_BAD("---\nlayout: page\ntitle: About\n---\nx\n", "x.md:1: missing date");
	FM_BAD("# Contributing\n", "x.md:1: no front matter");
}

/* Jekyll's excerpt: is the lead when there is no lead, description or summary;
 * a Jekyll site's "categories: news consular" is two tags; "<<:" is refused; a
 * layout that is a list is the theme's, not an error. */
TEST(fm_jekyll_keys)
{
	struct fm_case c;
	struct fm_defaults d = {.timezone = "UTC", .jekyll = 1};
	CHECK(fm_run_d(&c, &d,
		       "---\ntitle: A\ndate: 2020-01-02\nexcerpt: The short of it.\n"
		       "categories: news  consular\ntags: visa, consular\n---\nx\n") == 0);
	CHECK_STR(c.it.lead, "The short of it.");
	CHECK_TAGS(c.it, "news|consular|visa");
	fm_done(&c);
	fm_run(&c, "UTC",
	       "---\ntitle: A\ndate: 2020-01-02\nexcerpt: E.\ndescription: D.\n"
	       "categories: news consular\nlayout: [a, b]\n---\nx\n");
	CHECK(c.rc == 0);
	CHECK_STR(c.it.lead, "D.");
	CHECK_TAGS(c.it, "news consular");
	fm_done(&c);
	FM_BAD("---\nbase: &b\n  kind: statement\ntitle: A\n<<: *b\ndate: 2020-01-02\n---\n",
	       "x.md:5: YAML merge keys (<<) are not supported; write the merged keys out");
}
