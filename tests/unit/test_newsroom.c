/* The newsroom's pure parts (diff, snapshots, media sniffing, the editor's form
 * checks) and its store functions on a temporary database. */
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

#include "../../src/http/request.h"
#include "../../src/newsroom/diff.h"
#include "../../src/newsroom/form.h"
#include "../../src/newsroom/media.h"
#include "../../src/newsroom/snapshot.h"
#include "../../src/store/store_auth.h"
#include "../../src/store/store_newsroom.h"

/* The diff as "+x\n-y\n y\n" for easy comparison. */
static char *diff_str(const char *a, const char *b)
{
	struct diff_line *d;
	size_t n;
	if (nr_diff_lines(a, b, &d, &n))
		return NULL;
	struct buf o;
	buf_init(&o, 0);
	for (size_t i = 0; i < n; i++) {
		buf_addc(&o, d[i].op == DIFF_SAME ? ' ' : d[i].op == DIFF_DEL ? '-' : '+');
		buf_add(&o, d[i].s, d[i].n);
		buf_addc(&o, '\n');
	}
	free(d);
	char *s = buf_detach(&o, NULL);
	return s ? s : strdup("");
}

TEST(newsroom_diff_lines)
{
	char *s;
	CHECK_STR(s = diff_str("a\nb\nc\n", "a\nb\nc\n"), " a\n b\n c\n");
	free(s);
	CHECK_STR(s = diff_str("a\nb\nc", "a\nx\nc"), " a\n-b\n+x\n c\n");
	free(s);
	CHECK_STR(s = diff_str("", "one\ntwo"), "+one\n+two\n");
	free(s);
	CHECK_STR(s = diff_str("one\ntwo\n", NULL), "-one\n-two\n");
	free(s);
	CHECK_STR(s = diff_str("a\nb\nc\nd\n", "b\nc\ne\nd\n"), "-a\n b\n c\n+e\n d\n");
	free(s);
	/* Removed lines come before added ones within a change. */
	CHECK_STR(s = diff_str("x\n1\n2\ny\n", "x\n3\n4\ny\n"), " x\n-1\n-2\n+3\n+4\n y\n");
	free(s);
	struct diff_line *d;
	size_t n;
	CHECK(nr_diff_lines("same", "same", &d, &n) == 0 && !nr_diff_changed(d, n));
	free(d);
	CHECK(nr_diff_lines("same", "other", &d, &n) == 0 && nr_diff_changed(d, n));
	free(d);
}

TEST(newsroom_diff_large_falls_back)
{
	/* 3000 distinct lines each side: past DIFF_MAX_CELLS, all removed then all added. */
	struct buf a, b;
	buf_init(&a, 0);
	buf_init(&b, 0);
	for (int i = 0; i < 3000; i++) {
		buf_addf(&a, "a%d\n", i);
		buf_addf(&b, "b%d\n", i);
	}
	struct diff_line *d;
	size_t n;
	CHECK(nr_diff_lines(buf_str(&a), buf_str(&b), &d, &n) == 0);
	CHECK(n == 6000);
	CHECK(d[0].op == DIFF_DEL && d[2999].op == DIFF_DEL && d[3000].op == DIFF_ADD);
	free(d);
	buf_release(&a);
	buf_release(&b);
}

TEST(newsroom_snapshot_roundtrip)
{
	struct item it, back;
	item_init(&it);
	item_init(&back);
	it.kind = KIND_INTERVIEW;
	it.status = STATUS_PUBLISHED;
	it.published = 1790000000;
	it.part = 2;
	it.embargo_until = 1790003600;
	it.author_id = 7;
	item_set_s(&it.title, "Quote \" backslash \\ <script>alert(1)</script> \xD0\x9F\xF0\x9F\x98\x80");
	item_set_s(&it.body, "line one\nline two\ttab\r\n");
	item_set_s(&it.lang, "ru");
	item_set_s(&it.slug, "a-b");
	item_set_s(&it.series, "s");
	item_set_s(&it.translation_key, "item-3");
	item_add_tag(&it, "t1", 2);
	item_add_tag(&it, "t \"2\"", 6);
	struct buf b;
	buf_init(&b, 0);
	nr_snapshot_write(&b, &it);
	CHECK_LACKS(buf_str(&b), "<script>");
	CHECK(nr_snapshot_read(buf_str(&b), &back) == 0);
	CHECK(back.kind == KIND_INTERVIEW && back.status == STATUS_PUBLISHED);
	CHECK(back.published == 1790000000 && back.part == 2 && back.embargo_until == 1790003600);
	CHECK(back.author_id == 7);
	CHECK_STR(back.title, it.title);
	CHECK_STR(back.body, it.body);
	CHECK_STR(back.lang, "ru");
	CHECK_STR(back.translation_key, "item-3");
	CHECK(back.ntags == 2);
	if (back.ntags == 2)
		CHECK_STR(back.tags[1], "t \"2\"");
	buf_release(&b);
	item_clear(&it);
	item_clear(&back);
}

TEST(newsroom_snapshot_rejects_malformed)
{
	static const char *const bad[] = {
		"", "{", "{\"title\":}", "{\"title\":\"x\"", "{\"kind\":\"bogus\"}",
		"{\"title\":\"\\ud800\"}", "{\"tags\":[1]}", "[]", "{\"title\":\"x\"} junk",
		"{\"title\":\"a\\u0000b\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct item it;
		item_init(&it);
		if (nr_snapshot_read(bad[i], &it) == 0)
			test_fail_str(__FILE__, __LINE__, "accepted", bad[i], "rejected");
		item_clear(&it);
	}
	/* Unknown members are skipped; \u escapes decode. */
	struct item it;
	item_init(&it);
	CHECK(nr_snapshot_read(" {\"future\": {\"a\": [1, 2.5e3, true, null]}, "
			       "\"title\": \"caf\\u00e9 \\ud83d\\ude00\"} ", &it) == 0);
	CHECK_STR(it.title, "caf\xC3\xA9 \xF0\x9F\x98\x80");
	item_clear(&it);
}

TEST(newsroom_media_sniff)
{
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
					    0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0};
	static const unsigned char webp[] = "RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0";
	static const unsigned char pdf[] = "%PDF-1.7\n%\xE2\xE3\n";
	static const unsigned char html[] = "<!DOCTYPE html><script>alert(1)</script>";
	static const unsigned char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
	static const unsigned char gif[] = "GIF89a\x01\0\x01\0";
	static const unsigned char riff_wav[] = "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0";
	const struct nr_media_type *t;
	CHECK((t = nr_media_sniff(jpeg, sizeof(jpeg))) && !strcmp(t->mime, "image/jpeg"));
	CHECK((t = nr_media_sniff(png, sizeof(png))) && !strcmp(t->ext, "png"));
	CHECK((t = nr_media_sniff(webp, sizeof(webp) - 1)) && !strcmp(t->mime, "image/webp"));
	CHECK((t = nr_media_sniff(pdf, sizeof(pdf) - 1)) && !strcmp(t->mime, "application/pdf") &&
	      !t->image);
	CHECK(!nr_media_sniff(html, sizeof(html) - 1));
	CHECK(!nr_media_sniff(svg, sizeof(svg) - 1));
	CHECK(!nr_media_sniff(gif, sizeof(gif) - 1));
	CHECK(!nr_media_sniff(riff_wav, sizeof(riff_wav) - 1));
	CHECK(!nr_media_sniff(png, 8));
	CHECK(!nr_media_sniff(NULL, 0));
	char sha[65], name[96];
	nr_media_name(png, sizeof(png), nr_media_sniff(png, sizeof(png)), sha, name, sizeof(name));
	CHECK(strlen(sha) == 64);
	CHECK(strlen(name) == 20 && !strncmp(name, sha, 16) && !strcmp(name + 16, ".png"));
	CHECK(nr_media_name_ok(name));
	CHECK(!nr_media_name_ok("../../etc/passwd"));
	CHECK(!nr_media_name_ok("0123456789abcdef.html"));
	CHECK(!nr_media_name_ok("0123456789ABCDEF.png"));
	CHECK(nr_media_name_ok("0123456789abcdef.pdf"));
}

/* A request whose form holds the given name/value pairs (NULL-ended). */
static void form_req(struct http_request *r, struct http_kv *kv, const char *const *pairs)
{
	memset(r, 0, sizeof(*r));
	size_t n = 0;
	for (; pairs[2 * n]; n++)
		kv[n] = (struct http_kv){pairs[2 * n], pairs[2 * n + 1], strlen(pairs[2 * n + 1]), NULL, NULL};
	r->form = kv;
	r->nform = n;
}

TEST(newsroom_form_valid)
{
	static const char *const f1[] = {
		"kind", "press-release", "title", "  Treaty signed  ", "lead", "Lead", "body",
		"Para\r\n\r\nTwo", "date", "2026-09-22", "time", "09:00", "zone", "Europe/Moscow",
		"lang", "", "slug", "", "source_url", "https://mfa.example/a", "tags", "a, b,, a , c",
		"series", "talks", "part", "2", "embargo_date", "2026-09-21", "embargo_time",
		"18:30:15", "embargo_zone", "UTC", NULL};
	struct http_kv kv[32];
	struct http_request r;
	form_req(&r, kv, f1);
	struct nr_form f;
	nr_form_read(&f, &r);
	struct item it;
	item_init(&it);
	CHECK(nr_form_check(&f, "en", 1000, &it) == 0);
	CHECK(it.kind == KIND_PRESS_RELEASE);
	CHECK_STR(it.title, "Treaty signed");
	CHECK_STR(it.body, "Para\n\nTwo");
	CHECK_STR(it.lang, "en");
	CHECK_STR(it.slug, "treaty-signed");
	CHECK(f.slug_auto);
	/* 09:00 in Moscow (UTC+3) is 06:00 UTC. */
	CHECK(it.published == 1790056800);
	CHECK(it.embargo_until == 1790015415);
	CHECK(it.ntags == 3);
	CHECK(it.part == 2);
	item_clear(&it);
	/* Empty date and time: now. */
	static const char *const f2[] = {"kind", "news", "title", "T", NULL};
	form_req(&r, kv, f2);
	nr_form_read(&f, &r);
	item_init(&it);
	CHECK(nr_form_check(&f, "en", 12345, &it) == 0);
	CHECK(it.published == 12345 && it.embargo_until == 0);
	item_clear(&it);
	/* What the Markdown export reads back the same: the lead without space around
	 * it, the body from its first line, the language in the registry's case. */
	static const char *const f3[] = {"kind", "news", "title", "T", "lead",
					 "  Lead line\r\nsecond  \r\n\r\n", "body", "\r\n  \r\nBody\r\n",
					 "lang", "EN-gb", NULL};
	form_req(&r, kv, f3);
	nr_form_read(&f, &r);
	item_init(&it);
	CHECK(nr_form_check(&f, "en", 1000, &it) == 0);
	CHECK_STR(it.lead, "Lead line\nsecond");
	CHECK_STR(it.body, "Body\n");
	CHECK_STR(it.lang, "en-GB");
	item_clear(&it);
}

TEST(newsroom_form_errors_named_by_field)
{
	static const char *const bad[] = {
		"kind", "pres-release", "title", "", "date", "2026-02-30", "time", "25:00", "zone",
		"Europe/London", "lang", "english!", "slug", "Bad Slug", "source_url",
		"javascript:alert(1)", "part", "3", "translation_of", "x", "embargo_time", "10:00",
		"body", "<script>alert(1)</script>", NULL};
	struct http_kv kv[32];
	struct http_request r;
	form_req(&r, kv, bad);
	struct nr_form f;
	nr_form_read(&f, &r);
	struct item it;
	item_init(&it);
	int n = nr_form_check(&f, "en", 1000, &it);
	CHECK(n == 9);
	CHECK(f.err[NF_KIND][0] && f.err[NF_TITLE][0] && f.err[NF_DATE][0] && f.err[NF_LANG][0]);
	CHECK(f.err[NF_SLUG][0] && f.err[NF_SOURCE_URL][0] && f.err[NF_PART][0]);
	CHECK(f.err[NF_TRANSLATION][0] && f.err[NF_EMB_DATE][0]);
	CHECK(!f.err[NF_BODY][0]);
	/* The user's text stays as typed. */
	CHECK_STR(f.v[NF_SLUG], "Bad Slug");
	CHECK_STR(f.v[NF_BODY], "<script>alert(1)</script>");
	item_clear(&it);
	/* A zone that is not one is named at the zone. */
	static const char *const bz[] = {"kind", "news", "title", "T", "date", "2026-01-01", "zone",
					 "Mars/Olympus", NULL};
	form_req(&r, kv, bz);
	nr_form_read(&f, &r);
	item_init(&it);
	CHECK(nr_form_check(&f, "en", 1000, &it) == 1 && f.err[NF_ZONE][0]);
	item_clear(&it);
	/* A form feed pasted into the lead, bytes that are not UTF-8 in the text: an
	 * import of the export would refuse them, so the form does. */
	static const char *const bc[] = {"kind", "news", "title", "T", "lead", "a\fb", "body",
					 "ok \xff\xfe", NULL};
	form_req(&r, kv, bc);
	nr_form_read(&f, &r);
	item_init(&it);
	CHECK(nr_form_check(&f, "en", 1000, &it) == 2 && f.err[NF_LEAD][0] && f.err[NF_BODY][0]);
	item_clear(&it);
	int64_t t;
	char err[200];
	CHECK(nr_parse_when("2026-03-29", "01:30", "Europe/London", &t, err, sizeof(err)) == 0);
	CHECK(nr_parse_when("2026-13-01", "", "UTC", &t, err, sizeof(err)) == -1);
	CHECK(nr_parse_when("26-1-1", "", "UTC", &t, err, sizeof(err)) == -1);
	CHECK(nr_parse_when("2026-01-01", "9:00", "UTC", &t, err, sizeof(err)) == -1);
}

/* ---- the store ---- */

static struct store *nr_test_store(char *path, size_t n)
{
	snprintf(path, n, "/tmp/pressroom-unit-nr-%d.db", (int)getpid());
	unlink(path);
	struct store *s;
	char err[512];
	if (store_open(path, STORE_OPEN_CREATE, &s, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	return s;
}

static void nr_test_item(struct item *it, const char *title, const char *slug)
{
	item_init(it);
	item_set_s(&it->title, title);
	item_set_s(&it->slug, slug);
	item_set_s(&it->lang, "en");
	it->status = STATUS_DRAFT;
	it->published = 1000;
}

TEST(newsroom_store_save_and_conflict)
{
	char path[128];
	struct store *s = nr_test_store(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	struct item it;
	nr_test_item(&it, "First", "first");
	item_add_tag(&it, "x", 1);
	int stale = 0;
	CHECK(store_nr_item_save(s, &it, 0, "{\"v\":1}", NULL, 0, 2000, &stale) == STORE_OK);
	CHECK(it.id > 0 && it.revision == 1 && it.updated == 2000);
	int64_t id = it.id;
	/* A save based on revision 1 lands as 2; a second one based on 1 is refused. */
	item_set_s(&it.title, "Second");
	CHECK(store_nr_item_save(s, &it, 1, "{\"v\":2}", "{\"v\":1}", 0, 3000, &stale) == STORE_OK);
	CHECK(it.revision == 2 && it.id == id);
	item_set_s(&it.title, "Third");
	CHECK(store_nr_item_save(s, &it, 1, "{\"v\":3}", NULL, 0, 4000, &stale) == STORE_CONFLICT);
	CHECK(stale == 1);
	struct item got;
	item_init(&got);
	CHECK(store_item_get(s, id, &got) == STORE_OK);
	CHECK_STR(got.title, "Second");
	CHECK(got.revision == 2 && got.ntags == 1);
	item_clear(&got);
	/* Revisions 1 and 2, newest first, with their data. */
	struct nr_revision *revs;
	size_t n;
	CHECK(store_nr_revision_list(s, id, &revs, &n) == STORE_OK && n == 2);
	if (n == 2)
		CHECK(revs[0].number == 2 && revs[1].number == 1 && !revs[0].data);
	nr_revisions_free(revs, n);
	struct nr_revision r;
	CHECK(store_nr_revision_get(s, id, 1, &r) == STORE_OK);
	CHECK_STR(r.data, "{\"v\":1}");
	nr_revision_clear(&r);
	CHECK(store_nr_revision_get(s, id, 9, &r) == STORE_NOTFOUND);
	/* Another item cannot take the same language and slug. */
	struct item other;
	nr_test_item(&other, "Other", "first");
	CHECK(store_nr_item_save(s, &other, 0, "{}", NULL, 0, 5000, &stale) == STORE_CONFLICT);
	CHECK(stale == 0 && other.id == 0);
	int taken;
	CHECK(store_nr_slug_taken(s, "en", "first", 0, &taken) == STORE_OK && taken);
	CHECK(store_nr_slug_taken(s, "en", "first", id, &taken) == STORE_OK && !taken);
	/* An item from the command line (revision row missing) gets its baseline. */
	struct item cli;
	nr_test_item(&cli, "From the CLI", "cli");
	CHECK(store_item_put(s, &cli, NULL) == STORE_OK);
	CHECK(store_nr_item_save(s, &cli, 1, "{\"v\":\"new\"}", "{\"v\":\"old\"}", 0, 6000, &stale) ==
	      STORE_OK);
	CHECK(store_nr_revision_list(s, cli.id, &revs, &n) == STORE_OK && n == 2);
	nr_revisions_free(revs, n);
	CHECK(store_nr_item_save(s, &other, 7, "{}", NULL, 0, 5000, &stale) == STORE_CONFLICT);
	other.id = 999;
	CHECK(store_nr_item_save(s, &other, 1, "{}", NULL, 0, 5000, &stale) == STORE_NOTFOUND);
	item_clear(&it);
	item_clear(&other);
	item_clear(&cli);
	store_close(s);
	unlink(path);
}

TEST(newsroom_store_list_filters_and_trash)
{
	char path[128];
	struct store *s = nr_test_store(path, sizeof(path));
	if (!s)
		return;
	int64_t uid = 0;
	CHECK(store_user_add(s, "writer", ROLE_CONTRIBUTOR, "x", &uid) == STORE_OK);
	const int64_t now = 100000;
	struct {
		const char *title, *slug, *lang;
		enum item_status st;
		int64_t published, embargo;
		int kind;
		int64_t author;
	} rows[] = {
		{"Draft one", "d1", "en", STATUS_DRAFT, 1000, 0, KIND_NEWS, 0},
		{"Published 100%_", "p1", "en", STATUS_PUBLISHED, 1000, 0, KIND_STATEMENT, 0},
		{"Scheduled", "s1", "ru", STATUS_PUBLISHED, now + 60, 0, KIND_NEWS, 0},
		{"Embargoed", "e1", "en", STATUS_PUBLISHED, 1000, now + 60, KIND_NEWS, 0},
		{"Mine", "m1", "en", STATUS_DRAFT, 1000, 0, KIND_NEWS, 1},
	};
	int64_t ids[5];
	for (int i = 0; i < 5; i++) {
		struct item it;
		nr_test_item(&it, rows[i].title, rows[i].slug);
		item_set_s(&it.lang, rows[i].lang);
		it.status = rows[i].st;
		it.published = rows[i].published;
		it.embargo_until = rows[i].embargo;
		it.kind = (enum item_kind)rows[i].kind;
		it.author_id = rows[i].author ? uid : 0;
		int stale;
		CHECK(store_nr_item_save(s, &it, 0, "{}", NULL, 0, 1000 + i, &stale) == STORE_OK);
		ids[i] = it.id;
		item_clear(&it);
	}
	struct {
		struct nr_item_query q;
		int64_t want;
	} cases[] = {
		{{.status = NR_ST_ANY, .kind = -1, .now = now}, 5},
		{{.status = NR_ST_DRAFT, .kind = -1, .now = now}, 2},
		{{.status = NR_ST_SCHEDULED, .kind = -1, .now = now}, 1},
		{{.status = NR_ST_EMBARGOED, .kind = -1, .now = now}, 1},
		{{.status = NR_ST_PUBLISHED, .kind = -1, .now = now}, 1},
		{{.status = NR_ST_ANY, .kind = KIND_STATEMENT, .now = now}, 1},
		{{.status = NR_ST_ANY, .kind = -1, .lang = "ru", .now = now}, 1},
		{{.status = NR_ST_ANY, .kind = -1, .author_id = 1, .now = now}, 1},
		{{.status = NR_ST_ANY, .kind = -1, .search = "ONE", .now = now}, 1},
		/* LIKE's wildcards are taken literally. */
		{{.status = NR_ST_ANY, .kind = -1, .search = "100%_", .now = now}, 1},
		{{.status = NR_ST_ANY, .kind = -1, .search = "%", .now = now}, 1},
		{{.status = NR_ST_ANY, .kind = -1, .search = "_", .now = now}, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t count = -1;
		CHECK(store_nr_item_count(s, &cases[i].q, &count) == STORE_OK);
		if (count != cases[i].want)
			fprintf(stderr, "  case %zu: %lld, want %lld\n", i, (long long)count,
				(long long)cases[i].want);
		CHECK(count == cases[i].want);
	}
	/* Newest change first; limit and offset. */
	struct item *items;
	size_t n;
	struct nr_item_query q = {.status = NR_ST_ANY, .kind = -1, .now = now, .limit = 2, .offset = 1};
	CHECK(store_nr_item_list(s, &q, &items, &n) == STORE_OK && n == 2);
	if (n == 2)
		CHECK(items[0].id == ids[3] && items[1].id == ids[2]);
	store_items_free(items, n);
	/* Trash and restore. */
	CHECK(store_nr_item_trash(s, ids[0], now, 1) == STORE_OK);
	struct nr_item_query tq = {.status = NR_ST_TRASH, .kind = -1, .now = now};
	int64_t c = 0;
	CHECK(store_nr_item_count(s, &tq, &c) == STORE_OK && c == 1);
	CHECK(store_nr_item_count(s, &cases[0].q, &c) == STORE_OK && c == 4);
	CHECK(store_nr_item_trash(s, ids[0], now, 0) == STORE_OK);
	CHECK(store_nr_item_count(s, &tq, &c) == STORE_OK && c == 0);
	CHECK(store_nr_item_trash(s, 9999, now, 1) == STORE_NOTFOUND);
	/* Unpublish makes a draft. */
	CHECK(store_nr_item_unpublish(s, ids[1], now) == STORE_OK);
	struct item got;
	item_init(&got);
	CHECK(store_item_get(s, ids[1], &got) == STORE_OK && got.status == STATUS_DRAFT);
	item_clear(&got);
	CHECK(store_nr_item_set_translation(s, ids[1], "item-9") == STORE_OK);
	store_close(s);
	unlink(path);
}

TEST(newsroom_store_media_and_preview_links)
{
	char path[128];
	struct store *s = nr_test_store(path, sizeof(path));
	if (!s)
		return;
	struct nr_media m;
	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "0123456789abcdef.png");
	snprintf(m.type, sizeof(m.type), "image/png");
	snprintf(m.original_name, sizeof(m.original_name), "<b>x</b>.png");
	m.size = 5;
	m.created = 10;
	int existed = -1;
	CHECK(store_nr_media_add(s, &m, "ab\0cd", &existed) == STORE_OK && existed == 0);
	CHECK(store_nr_media_add(s, &m, "ab\0cd", &existed) == STORE_OK && existed == 1);
	struct nr_media got;
	CHECK(store_nr_media_get(s, m.name, &got) == STORE_OK);
	CHECK(got.size == 5 && got.data && !memcmp(got.data, "ab\0cd", 5));
	CHECK_STR(got.original_name, "<b>x</b>.png");
	free(got.data);
	CHECK(store_nr_media_get(s, "ffffffffffffffff.png", &got) == STORE_NOTFOUND);
	struct nr_media *list;
	size_t n;
	int64_t count;
	CHECK(store_nr_media_list(s, 0, 10, &list, &n) == STORE_OK && n == 1 && !list[0].data);
	free(list);
	CHECK(store_nr_media_count(s, &count) == STORE_OK && count == 1);
	CHECK(store_nr_media_delete(s, m.name) == STORE_OK);
	CHECK(store_nr_media_delete(s, m.name) == STORE_NOTFOUND);

	struct item it;
	nr_test_item(&it, "Embargoed", "emb");
	int stale;
	CHECK(store_nr_item_save(s, &it, 0, "{}", NULL, 0, 1, &stale) == STORE_OK);
	char h[65];
	memset(h, 'a', 64);
	h[64] = '\0';
	CHECK(store_nr_preview_add(s, h, it.id, 5) == STORE_OK);
	int64_t id = 0;
	CHECK(store_nr_preview_item(s, h, &id) == STORE_OK && id == it.id);
	struct nr_preview *pl;
	CHECK(store_nr_preview_list(s, it.id, &pl, &n) == STORE_OK && n == 1 && !pl[0].revoked);
	free(pl);
	CHECK(store_nr_preview_revoke(s, it.id + 1, h) == STORE_NOTFOUND);
	CHECK(store_nr_preview_revoke(s, it.id, h) == STORE_OK);
	CHECK(store_nr_preview_item(s, h, &id) == STORE_NOTFOUND);
	CHECK(store_nr_preview_item(s, "nope", &id) == STORE_NOTFOUND);
	item_clear(&it);
	store_close(s);
	unlink(path);
}
