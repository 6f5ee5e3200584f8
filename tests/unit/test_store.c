/* The store's change counters: what drops the public page cache and what must not. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/store/store.h"
#include "../../src/store/store_auth.h"
#include "../../src/store/store_newsroom.h"
#include "test.h"

static struct store *store_temp(char *path, size_t n)
{
	snprintf(path, n, "/tmp/pressroom-store-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	close(fd);
	unlink(path);
	struct store *s;
	char err[512];
	return store_open(path, STORE_OPEN_CREATE, &s, err, sizeof(err)) ? NULL : s;
}

static void store_temp_remove(struct store *s, const char *path)
{
	store_close(s);
	char p[300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* One stored item; status 1 published, 0 draft. Returns its id (0 on failure). */
static int64_t store_put_one(struct store *s, const char *lang, const char *slug, int status,
			     int64_t published, int64_t embargo)
{
	struct item it;
	item_init(&it);
	item_set_s(&it.title, slug);
	item_set_s(&it.lang, lang);
	item_set_s(&it.slug, slug);
	it.status = status ? STATUS_PUBLISHED : STATUS_DRAFT;
	it.published = published;
	it.embargo_until = embargo;
	int64_t id = store_item_put(s, &it, NULL) == STORE_OK ? it.id : 0;
	item_clear(&it);
	return id;
}

TEST(store_content_version_moves_for_content_only)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	int64_t v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0;
	CHECK(store_content_version(s, &v0) == STORE_OK);

	/* Bookkeeping the public site does not show: the counter stays. */
	CHECK(store_audit_add(s, 0, "cli", "login-failed", 0, "x", 100) == STORE_OK);
	struct login_failures f = {.count = 1, .first = 100};
	CHECK(store_login_failures_set(s, "addr:127.0.0.1", &f) == STORE_OK);
	CHECK(store_content_version(s, &v1) == STORE_OK);
	CHECK(v1 == v0);

	/* An item, then a setting: the counter moves each time. */
	int64_t id = store_put_one(s, "en", "counter", 1, 100, 0);
	CHECK(id != 0);
	CHECK(store_content_version(s, &v2) == STORE_OK);
	CHECK(v2 > v1);
	CHECK(store_setting_set(s, "site_name", "Counter site") == STORE_OK);
	CHECK(store_content_version(s, &v3) == STORE_OK);
	CHECK(v3 > v2);
	CHECK(store_item_delete(s, id) == STORE_OK);
	CHECK(store_content_version(s, &v4) == STORE_OK);
	CHECK(v4 > v3);
	store_temp_remove(s, path);
}

/* The page size of a file: what SQLite says of it, opened on its own. */
static int store_file_page_size(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int size = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			size = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return size;
}

/* A new site's file has 16 KiB pages (an item of a few kB in one page); a file made
 * with SQLite's 4 KiB default keeps them, and reads and writes as before. */
TEST(store_page_size_of_new_and_old_files)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(store_put_one(s, "en", "paged", 1, 100, 0) != 0);
	store_close(s);
	CHECK(store_file_page_size(path) == 16384);

	/* An older file: SQLite's 4 KiB pages, as every site made before had. */
	sqlite3 *db;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM; "
			       "PRAGMA journal_mode = WAL",
			   NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK(store_file_page_size(path) == 4096);
	char err[512];
	CHECK(store_open(path, STORE_OPEN_EXISTING, &s, err, sizeof(err)) == STORE_OK);
	if (!s)
		return;
	int64_t id = store_put_one(s, "en", "old-file", 1, 100, 0);
	CHECK(id != 0);
	struct item it;
	item_init(&it);
	CHECK(store_item_get_slug(s, "en", "paged", &it) == STORE_OK);
	CHECK_STR(it.slug, "paged");
	item_clear(&it);
	store_close(s);
	CHECK(store_file_page_size(path) == 4096);
	s = NULL;
	CHECK(store_open(path, STORE_OPEN_EXISTING, &s, err, sizeof(err)) == STORE_OK);
	if (s)
		store_temp_remove(s, path);
}

/* A snapshot sees the site as it was when it began, whatever another connection
 * writes meanwhile; after it ends, the connection sees the new site. */
TEST(store_snapshot_holds_while_another_connection_writes)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	struct store *other = NULL;
	char err[512];
	CHECK(store_open(path, STORE_OPEN_EXISTING, &other, err, sizeof(err)) == STORE_OK);
	if (!other) {
		store_temp_remove(s, path);
		return;
	}
	struct item it;
	item_init(&it);
	item_set_s(&it.title, "Before");
	item_set_s(&it.lang, "en");
	item_set_s(&it.slug, "snap");
	it.published = 100;
	CHECK(store_item_put(s, &it, NULL) == STORE_OK);

	int64_t v0 = 0, v1 = 0, v2 = 0;
	CHECK(store_snapshot_begin(s, &v0) == STORE_OK);
	item_set_s(&it.title, "After");
	CHECK(store_item_put(other, &it, NULL) == STORE_OK);
	CHECK(store_content_version(other, &v1) == STORE_OK);
	CHECK(v1 > v0);

	struct item got;
	item_init(&got);
	CHECK(store_item_get_slug(s, "en", "snap", &got) == STORE_OK);
	CHECK(got.title && !strcmp(got.title, "Before"));
	CHECK(store_content_version(s, &v2) == STORE_OK);
	CHECK(v2 == v0);
	item_clear(&got);

	store_snapshot_end(s);
	item_init(&got);
	CHECK(store_item_get_slug(s, "en", "snap", &got) == STORE_OK);
	CHECK(got.title && !strcmp(got.title, "After"));
	item_clear(&got);
	item_clear(&it);
	store_close(other);
	store_temp_remove(s, path);
}

/* A paths list (item_query.paths) has what a link needs, the same as a full list,
 * and leaves the text empty. */
TEST(store_paths_list_has_what_links_need)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	static const char *const langs[] = {"en", "ru", "en"};
	static const char *const slugs[] = {"visit", "vizit", "talks"};
	for (int i = 0; i < 3; i++) {
		struct item it;
		item_init(&it);
		item_set_s(&it.title, "A title");
		item_set_s(&it.body, "A body long enough to matter.");
		item_set_s(&it.lang, langs[i]);
		item_set_s(&it.slug, slugs[i]);
		if (i < 2)
			item_set_s(&it.translation_key, "visit-2024");
		if (i == 2) {
			item_set_s(&it.series, "talks");
			it.part = 1;
		}
		it.kind = KIND_STATEMENT;
		it.published = 100 + i;
		CHECK(store_item_put(s, &it, NULL) == STORE_OK);
		item_clear(&it);
	}
	struct item_query full = {.public_only = 1, .now = 1000, .kind = -1, .lang = "en"};
	struct item_query links = full;
	links.paths = 1;
	struct item *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	CHECK(store_item_list(s, &full, &a, &na) == STORE_OK);
	CHECK(store_item_list(s, &links, &b, &nb) == STORE_OK);
	CHECK(na == 2 && nb == 2);
	for (size_t i = 0; i < na && i < nb; i++) {
		CHECK(a[i].id == b[i].id && a[i].kind == b[i].kind && a[i].status == b[i].status);
		CHECK(a[i].published == b[i].published && a[i].updated == b[i].updated);
		CHECK(!strcmp(a[i].lang, b[i].lang) && !strcmp(a[i].slug, b[i].slug));
		CHECK(!strcmp(a[i].series, b[i].series));
		CHECK(!strcmp(a[i].translation_key, b[i].translation_key));
		CHECK(!strcmp(b[i].title, "") && !strcmp(b[i].body, ""));
	}
	/* Newest first, like every list. */
	CHECK(nb == 2 && !strcmp(b[0].slug, "talks") && !strcmp(b[1].slug, "visit"));
	store_items_free(a, na);
	store_items_free(b, nb);
	/* Of every language: by language, the last first, each newest first (the
	 * index's order: no sort of the whole list). */
	links.lang = NULL;
	CHECK(store_item_list(s, &links, &b, &nb) == STORE_OK);
	CHECK(nb == 3 && !strcmp(b[0].slug, "vizit") && !strcmp(b[1].slug, "talks") &&
	      !strcmp(b[2].slug, "visit"));
	store_items_free(b, nb);
	store_temp_remove(s, path);
}

/* The next moment the public site changes by itself: the earliest time after now
 * at which a published item appears (its date, or its embargo if that is later);
 * drafts and the trash do not count. */
TEST(store_next_scheduled_finds_dates_and_embargoes)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	int64_t when = -1;
	CHECK(store_next_scheduled(s, 1000, &when) == STORE_OK && when == 0);
	CHECK(store_put_one(s, "en", "past", 1, 500, 0) != 0);
	CHECK(store_put_one(s, "en", "lifted", 1, 400, 900) != 0);
	CHECK(store_next_scheduled(s, 1000, &when) == STORE_OK && when == 0);
	CHECK(store_put_one(s, "en", "later", 1, 5000, 0) != 0);
	CHECK(store_next_scheduled(s, 1000, &when) == STORE_OK && when == 5000);
	/* Dated in the past, embargoed until 3000: it appears at 3000. */
	CHECK(store_put_one(s, "en", "embargoed", 1, 600, 3000) != 0);
	CHECK(store_next_scheduled(s, 1000, &when) == STORE_OK && when == 3000);
	/* Dated 2000 and embargoed until 4000: it appears at 4000, not 2000. */
	CHECK(store_put_one(s, "ru", "both", 1, 2000, 4000) != 0);
	CHECK(store_next_scheduled(s, 1000, &when) == STORE_OK && when == 3000);
	CHECK(store_next_scheduled(s, 3000, &when) == STORE_OK && when == 4000);
	/* A draft and a trashed item change nothing. */
	CHECK(store_put_one(s, "en", "draft", 0, 1500, 0) != 0);
	int64_t trashed = store_put_one(s, "en", "trashed", 1, 1200, 0);
	CHECK(trashed != 0);
	CHECK(store_nr_item_trash(s, trashed, 1000, 1) == STORE_OK);
	CHECK(store_next_scheduled(s, 1000, &when) == STORE_OK && when == 3000);
	CHECK(store_next_scheduled(s, 5000, &when) == STORE_OK && when == 0);
	store_temp_remove(s, path);
}

/* The languages with at least one public item, in order; the newsroom's list
 * (not public_only) has every language. */
TEST(store_item_langs_public_and_all)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(store_put_one(s, "ru", "a", 1, 100, 0) != 0);
	CHECK(store_put_one(s, "en", "b", 1, 100, 0) != 0);
	CHECK(store_put_one(s, "en", "c", 1, 200, 0) != 0);
	CHECK(store_put_one(s, "de", "d", 0, 100, 0) != 0);        /* a draft */
	CHECK(store_put_one(s, "fr", "e", 1, 9000, 0) != 0);       /* scheduled */
	CHECK(store_put_one(s, "uk", "f", 1, 100, 9000) != 0);     /* embargoed */
	CHECK(store_put_one(s, "sr-Latn", "g", 1, 100, 0) != 0);
	struct item_query q = {.public_only = 1, .now = 1000, .kind = -1};
	char **l = NULL;
	size_t n = 0;
	CHECK(store_item_langs(s, &q, &l, &n) == STORE_OK);
	CHECK(n == 3);
	if (n == 3) {
		CHECK_STR(l[0], "en");
		CHECK_STR(l[1], "ru");
		CHECK_STR(l[2], "sr-Latn");
	}
	store_langs_free(l, n);
	struct item_query all = {.now = 1000, .kind = -1};
	CHECK(store_item_langs(s, &all, &l, &n) == STORE_OK);
	CHECK(n == 6);
	if (n == 6) {
		CHECK_STR(l[0], "de");
		CHECK_STR(l[5], "uk");
	}
	store_langs_free(l, n);
	/* Once the embargo lifts, uk is a public language too. */
	q.now = 9500;
	CHECK(store_item_langs(s, &q, &l, &n) == STORE_OK);
	CHECK(n == 5);
	store_langs_free(l, n);
	store_temp_remove(s, path);
}

/* A long list read a chunk at a time, each after the last item of the one before:
 * every item once, in the newest-first order, also where items share a time. */
TEST(store_list_chunks_after_last_item)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	static const int64_t times[] = {500, 300, 300, 300, 200, 900, 300, 100};
	char slug[16];
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		snprintf(slug, sizeof(slug), "i%zu", i);
		CHECK(store_put_one(s, "en", slug, 1, times[i], 0) != 0);
	}
	struct item_query all = {.public_only = 1, .now = 1000, .kind = -1, .lang = "en"};
	struct item *want;
	size_t nwant;
	CHECK(store_item_list(s, &all, &want, &nwant) == STORE_OK && nwant == 8);
	struct item_query q = all;
	q.limit = 3;
	q.paths = 1;
	size_t got = 0, chunks = 0;
	for (;;) {
		struct item *v;
		size_t n;
		CHECK(store_item_list(s, &q, &v, &n) == STORE_OK);
		for (size_t i = 0; i < n && got < nwant; i++, got++)
			CHECK(v[i].id == want[got].id);
		chunks++;
		if (n) {
			q.after_published = v[n - 1].published;
			q.after_id = v[n - 1].id;
		}
		store_items_free(v, n);
		if (n < 3 || chunks > 10)
			break;
	}
	CHECK(got == 8 && chunks == 3);
	store_items_free(want, nwant);
	store_temp_remove(s, path);
}

/* The public lists' entries (item_query.entries, read from the index items_entries)
 * are the full list's items, in its order, with the fields an entry shows. */
TEST(store_entries_as_full_list)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	static const struct {
		const char *lang;
		int kind, status;
		int64_t published, embargo;
		const char *lead;
	} rows[] = {
		{"en", KIND_NEWS, 1, 500, 0, "first lead"},	 {"en", KIND_STATEMENT, 1, 300, 0, ""},
		{"en", KIND_NEWS, 1, 300, 0, "same time"},	 {"en", KIND_NEWS, 0, 400, 0, "draft"},
		{"en", KIND_INTERVIEW, 1, 200, 2000, "embargo"}, {"ru", KIND_NEWS, 1, 600, 0, "ru"},
		{"en", KIND_NEWS, 1, 100, 0, "<b>&amp;</b>"},	 {"en", KIND_NEWS, 1, 1500, 0, "later"},
	};
	char slug[16];
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct item it;
		item_init(&it);
		snprintf(slug, sizeof(slug), "e%zu", i);
		item_set_s(&it.title, slug);
		item_set_s(&it.slug, slug);
		item_set_s(&it.lang, rows[i].lang);
		item_set_s(&it.lead, rows[i].lead);
		item_set_s(&it.body, "a body that entries do not read");
		it.kind = (enum item_kind)rows[i].kind;
		it.status = rows[i].status ? STATUS_PUBLISHED : STATUS_DRAFT;
		it.published = rows[i].published;
		it.embargo_until = rows[i].embargo;
		CHECK(store_item_put(s, &it, NULL) == STORE_OK);
		item_clear(&it);
	}
	struct item_query qs[] = {
		{.public_only = 1, .now = 1000, .kind = -1, .lang = "en"},
		{.public_only = 1, .now = 1000, .kind = KIND_NEWS, .lang = "en"},
		{.public_only = 1, .now = 1000, .kind = -1, .lang = "en", .from = 250, .to = 600},
		{.public_only = 1, .now = 3000, .kind = -1, .lang = "en", .limit = 2, .offset = 1},
	};
	static const size_t counts[] = {4, 3, 3, 2};
	for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
		struct item *full, *ent;
		size_t nfull, nent;
		CHECK(store_item_list(s, &qs[k], &full, &nfull) == STORE_OK);
		qs[k].entries = 1;
		CHECK(store_item_list(s, &qs[k], &ent, &nent) == STORE_OK);
		CHECK(nfull == counts[k] && nent == nfull);
		for (size_t i = 0; i < nent && i < nfull; i++) {
			CHECK(ent[i].id == full[i].id && ent[i].kind == full[i].kind);
			CHECK(ent[i].published == full[i].published);
			CHECK_STR(ent[i].title, full[i].title);
			CHECK_STR(ent[i].lead, full[i].lead);
			CHECK_STR(ent[i].lang, full[i].lang);
			CHECK_STR(ent[i].slug, full[i].slug);
			CHECK_STR(ent[i].body, "");
		}
		store_items_free(full, nfull);
		store_items_free(ent, nent);
	}
	store_temp_remove(s, path);
}

TEST(store_aliases)
{
	char path[64];
	struct store *s = store_temp(path, sizeof(path));
	CHECK(s != NULL);
	if (!s)
		return;
	int64_t a = store_put_one(s, "en", "visit", 1, 100, 0);
	int64_t b = store_put_one(s, "en", "talk", 1, 200, 0);
	CHECK(a && b);
	int changed = -1;
	int64_t v0 = 0, v1 = 0, id = 0;
	CHECK(store_content_version(s, &v0) == STORE_OK);
	CHECK(store_alias_put(s, "/2017/visit", a, &changed) == STORE_OK && changed == 1);
	CHECK(store_alias_put(s, "/old/visit.html", a, &changed) == STORE_OK && changed == 1);
	CHECK(store_alias_put(s, "/old/talk", b, &changed) == STORE_OK && changed == 1);
	/* The same again changes nothing; the public pages follow a change only. */
	CHECK(store_content_version(s, &v1) == STORE_OK && v1 > v0);
	CHECK(store_alias_put(s, "/2017/visit", a, &changed) == STORE_OK && changed == 0);
	CHECK(store_content_version(s, &v0) == STORE_OK && v0 == v1);
	CHECK(store_alias_find(s, "/2017/visit", &id) == STORE_OK && id == a);
	CHECK(store_alias_find(s, "/2017/visit/", &id) == STORE_NOTFOUND && id == 0);
	/* An address taken by another item moves to it. */
	CHECK(store_alias_put(s, "/2017/visit", b, &changed) == STORE_OK && changed == 1);
	CHECK(store_alias_find(s, "/2017/visit", &id) == STORE_OK && id == b);
	struct store_alias *v;
	size_t n = 0, k = 0;
	CHECK(store_alias_list(s, 0, &v, &n) == STORE_OK && n == 3);
	if (n == 3) {
		CHECK(v[0].item_id == a && v[1].item_id == b && v[2].item_id == b);
		CHECK_STR(v[0].path, "/old/visit.html");
		CHECK_STR(v[1].path, "/2017/visit");
		CHECK_STR(v[2].path, "/old/talk");
		const struct store_alias *of = store_aliases_of(v, n, b, &k);
		CHECK(of == v + 1 && k == 2);
		CHECK(store_aliases_of(v, n, b + 1000, &k) == NULL && k == 0);
		CHECK(store_aliases_of(v, n, a, &k) == v && k == 1);
	}
	store_aliases_free(v, n);
	/* Deleting an item deletes its old addresses. */
	CHECK(store_item_delete(s, b) == STORE_OK);
	CHECK(store_alias_list(s, 0, &v, &n) == STORE_OK && n == 1);
	CHECK(store_alias_find(s, "/old/talk", &id) == STORE_NOTFOUND);
	store_aliases_free(v, n);
	store_temp_remove(s, path);
}
