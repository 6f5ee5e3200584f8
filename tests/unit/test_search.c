/* Search: the tokenizer, the query parser, the index kept in step, visibility. */
#include "test.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../src/store/fts_stem.h"
#include "../../src/store/store_internal.h"
#include "../../src/store/store_search.h"

#define NOW 1700000000
#define DAY 86400

/* ---- the tokenizer, on its own --------------------------------------------------- */

/* Whether the fts5 table t (one column, our tokenizer) finds the row for query q. */
static int tok_matches(const char *doc, const char *q)
{
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	int found = -1;
	sqlite3_stmt *st = NULL;
	if (fts_stem_register(db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='pressroom')", NULL,
			 NULL, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(db, "INSERT INTO t (x) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		found = sqlite3_column_int(st, 0);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return found;
}

TEST(search_tokenizer_stems_and_folds)
{
	CHECK(tok_matches("New sanctions were announced", "sanction") == 1);
	CHECK(tok_matches("the SANCTIONED companies", "sanctions") == 1);
	CHECK(tok_matches("Заявления МИД", "заявление") == 1);
	CHECK(tok_matches("ЗАЯВЛЕНИЕ посольства", "заявлениям") == 1);
	CHECK(tok_matches("Новогодняя ёлка", "ЕЛКА") == 1);
	CHECK(tok_matches("Новогодняя елка", "Ёлки") == 1);
	/* Decomposed й (и + U+0306) is the same letter. */
	CHECK(tok_matches("Новый музей", "музеи\xCC\x86") == 1);
	CHECK(tok_matches("Ministère des Affaires étrangères", "ÉTRANGÈRES") == 1);
	CHECK(tok_matches("visa-free travel", "visa") == 1);
	CHECK(tok_matches("visa-free travel", "\"visa free\"") == 1);
	CHECK(tok_matches("the embassy's reply", "embassy") == 1);
	/* Prefix queries match the words as written, also where the stem differs. */
	CHECK(tok_matches("the embassy", "embassy*") == 1);
	CHECK(tok_matches("the government", "governm*") == 1);
	CHECK(tok_matches("посольство России", "посольст*") == 1);
	CHECK(tok_matches("sanctions", "sanct*") == 1);
	CHECK(tok_matches("the embassy", "consulate") == 0);
	/* Punctuation, symbols and invalid UTF-8 separate words. */
	CHECK(tok_matches("one\xE2\x80\x94two\xFFthree", "three") == 1);
	CHECK(tok_matches("2024 summit", "2024") == 1);
}

TEST(search_fold_table)
{
	CHECK(fts_stem_fold('A') == 'a');
	CHECK(fts_stem_fold(0x410) == 0x430);   /* А а */
	CHECK(fts_stem_fold(0x401) == 0x435);   /* Ё -> е */
	CHECK(fts_stem_fold(0x451) == 0x435);   /* ё -> е */
	CHECK(fts_stem_fold(0x404) == 0x454);   /* Є є */
	CHECK(fts_stem_fold(0xC9) == 0xE9);     /* É é */
	CHECK(fts_stem_fold(0x141) == 0x142);   /* Ł ł */
	CHECK(fts_stem_fold(0x3A3) == 0x3C3);   /* Σ σ */
	CHECK(fts_stem_fold(0x3C2) == 0x3C3);   /* ς σ */
	CHECK(fts_stem_fold(0xD7) == 0xD7);
	CHECK(!fts_stem_is_word(','));
	CHECK(!fts_stem_is_word(0x2014));
	CHECK(!fts_stem_is_word(0xAB));
	CHECK(!fts_stem_is_word(-1));
	CHECK(fts_stem_is_word(0x436));
	CHECK(fts_stem_is_word('7'));
}

/* ---- the query parser ------------------------------------------------------------- */

static const char *parse(const char *text, struct buf *b, int *terms)
{
	buf_reset(b);
	struct search_parsed p = store_search_parse(text, b);
	if (terms)
		*terms = p.terms;
	return buf_str(b);
}

TEST(search_parse_makes_safe_queries)
{
	struct buf b;
	buf_init(&b, 0);
	int n;
	CHECK_STR(parse("sanction", &b, &n), "\"sanction\"");
	CHECK(n == 1);
	CHECK_STR(parse("  two   words ", &b, &n), "\"two\" \"words\"");
	CHECK(n == 2);
	CHECK_STR(parse("\"a phrase\" word", &b, &n), "\"a phrase\" \"word\"");
	CHECK_STR(parse("sanct*", &b, NULL), "\"sanct\"*");
	CHECK_STR(parse("\"visa fre\"*", &b, NULL), "\"visa fre\"*");
	/* Prefixes need 3 characters, and a query has at most 4 of them. */
	CHECK_STR(parse("co* fé*", &b, NULL), "\"co\" \"fé\"");
	CHECK_STR(parse("жур*", &b, NULL), "\"жур\"*");
	CHECK_STR(parse("aaa* bbb* ccc* ddd* eee*", &b, NULL),
		  "\"aaa\"* \"bbb\"* \"ccc\"* \"ddd\"* \"eee\"");
	CHECK_STR(parse("\"unbalanced quote", &b, NULL), "\"unbalanced quote\"");
	CHECK_STR(parse("a \"b", &b, NULL), "\"a\" \"b\"");
	CHECK_STR(parse("AND OR NOT", &b, NULL), "\"AND\" \"OR\" \"NOT\"");
	CHECK_STR(parse("NEAR(a b, 2)", &b, NULL), "\"NEAR a\" \"b\" \"2\"");
	CHECK_STR(parse("title:secret", &b, NULL), "\"title secret\"");
	CHECK_STR(parse("{title lead}: x", &b, NULL), "\"title\" \"lead\" \"x\"");
	CHECK_STR(parse("^start -minus +plus (paren)", &b, NULL),
		  "\"start\" \"minus\" \"plus\" \"paren\"");
	CHECK_STR(parse("co-operation", &b, NULL), "\"co operation\"");
	CHECK_STR(parse("\"\"\"", &b, &n), "");
	CHECK(n == 0);
	CHECK_STR(parse("*** ^ () - \"", &b, &n), "");
	CHECK(n == 0);
	CHECK_STR(parse("", &b, &n), "");
	CHECK(n == 0);
	CHECK_STR(parse(NULL, &b, &n), "");
	CHECK(n == 0);
	CHECK_STR(parse("заявление МИД", &b, NULL), "\"заявление\" \"МИД\"");
	/* Invalid UTF-8 never reaches the query. */
	CHECK_STR(parse("ab\xFF\xFE" "cd", &b, NULL), "\"ab cd\"");
	buf_release(&b);
}

TEST(search_parse_limits)
{
	struct buf b;
	buf_init(&b, 0);
	struct buf q;
	buf_init(&q, 0);
	for (int i = 0; i < 40; i++)
		buf_addf(&q, "w%d ", i);
	buf_reset(&b);
	struct search_parsed p = store_search_parse(buf_str(&q), &b);
	CHECK(p.terms == SEARCH_MAX_TERMS);
	CHECK(p.truncated);
	CHECK_HAS(buf_str(&b), "\"w31\"");
	CHECK_LACKS(buf_str(&b), "\"w32\"");
	/* 10 kB of one word: only the first SEARCH_MAX_BYTES count, cut at a character. */
	buf_reset(&q);
	for (int i = 0; i < 5000; i++)
		buf_lit(&q, "ж");
	buf_reset(&b);
	p = store_search_parse(buf_str(&q), &b);
	CHECK(p.terms == 1 && p.truncated);
	CHECK(b.len == SEARCH_MAX_BYTES + 2);
	buf_release(&q);
	buf_release(&b);
}

/* ---- the store -------------------------------------------------------------------- */

struct fixture {
	char path[64];
	struct store *s;
};

static int fx_open(struct fixture *f)
{
	snprintf(f->path, sizeof(f->path), "/tmp/pressroom-search-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	char err[512];
	if (store_open(f->path, STORE_OPEN_CREATE, &f->s, err, sizeof(err))) {
		fprintf(stderr, "  %s\n", err);
		return -1;
	}
	return 0;
}

static void fx_close(struct fixture *f)
{
	store_close(f->s);
	char p[96];
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
}

static int64_t fx_put(struct fixture *f, const char *lang, const char *slug, enum item_kind kind,
		      int64_t published, const char *title, const char *lead, const char *body)
{
	struct item it;
	item_init(&it);
	item_set_s(&it.lang, lang);
	item_set_s(&it.slug, slug);
	item_set_s(&it.title, title);
	item_set_s(&it.lead, lead);
	item_set_s(&it.body, body);
	it.kind = kind;
	it.published = published;
	int64_t id = store_item_put(f->s, &it, NULL) ? -1 : it.id;
	item_clear(&it);
	return id;
}

/* Runs text with no filters; returns the number of hits (total), -1 on error; the
 * slugs of the hits, space-separated, go to slugs. */
static int64_t fx_search(struct fixture *f, const char *text, struct buf *slugs)
{
	struct search_query q = {.text = text, .now = NOW, .kind = -1, .limit = 50};
	struct search_result r;
	enum store_err e = store_search(f->s, &q, &r);
	if (slugs) {
		buf_reset(slugs);
		for (size_t i = 0; i < r.n; i++)
			buf_addf(slugs, "%s%s", i ? " " : "", r.hits[i].item.slug);
		buf_str(slugs);
	}
	int64_t total = e ? (e == STORE_INVALID ? -2 : -1) : r.total;
	store_search_result_clear(&r);
	return total;
}

static void fx_sample(struct fixture *f)
{
	fx_put(f, "en", "sanctions", KIND_STATEMENT, NOW - 10 * DAY, "Statement on new sanctions",
	       "The Ministry comments on the sanctions announced today.",
	       "The **sanctions** are unlawful. The Embassy will reply in due course.");
	fx_put(f, "en", "ferry", KIND_NEWS, NOW - 5 * DAY, "Ferry timetable to Port Aster",
	       "Summer ferries.", "The ferry leaves at noon. Sanctions do not apply to ferries.");
	fx_put(f, "ru", "zayavlenie", KIND_STATEMENT, NOW - 3 * DAY, "Заявления МИД",
	       "О новых санкциях.", "Посольство выступило с заявлением. Ёлка на площади.");
	fx_put(f, "en", "visa", KIND_PRESS_RELEASE, NOW - 1 * DAY, "Visa-free travel",
	       "From May, travel is visa-free.", "A phrase test: the quick brown fox.");
}

TEST(search_finds_stems_phrases_prefixes)
{
	struct fixture f;
	if (fx_open(&f)) {
		CHECK(!"open");
		return;
	}
	fx_sample(&f);
	struct buf b;
	buf_init(&b, 0);
	CHECK(fx_search(&f, "sanction", &b) == 2);
	/* The title match ranks above the body-only match. */
	CHECK_STR(buf_str(&b), "sanctions ferry");
	CHECK(fx_search(&f, "заявление", &b) == 1);
	CHECK_STR(buf_str(&b), "zayavlenie");
	CHECK(fx_search(&f, "санкции", &b) == 1);
	CHECK(fx_search(&f, "елка", &b) == 1);
	CHECK(fx_search(&f, "\"quick brown fox\"", &b) == 1);
	CHECK(fx_search(&f, "\"brown quick fox\"", &b) == 0);
	CHECK(fx_search(&f, "embass*", &b) == 1);
	CHECK(fx_search(&f, "ferr*", &b) == 1);
	CHECK(fx_search(&f, "visa free", &b) == 1);
	CHECK(fx_search(&f, "sanctions ferry", &b) == 1);
	CHECK_STR(buf_str(&b), "ferry");
	CHECK(fx_search(&f, "nothingmatches", &b) == 0);
	CHECK(fx_search(&f, "***", &b) == -2);
	buf_release(&b);
	fx_close(&f);
}

TEST(search_snippets_and_marks)
{
	struct fixture f;
	if (fx_open(&f)) {
		CHECK(!"open");
		return;
	}
	fx_sample(&f);
	struct search_query q = {.text = "sanctions", .now = NOW, .kind = -1};
	struct search_result r;
	CHECK(store_search(f.s, &q, &r) == STORE_OK);
	CHECK(r.n == 2);
	if (r.n == 2) {
		CHECK_STR(r.hits[0].title, "Statement on new \x01sanctions\x02");
		CHECK_HAS(r.hits[0].snippet, "\x01sanctions\x02");
		CHECK_STR(r.hits[0].item.title, "Statement on new sanctions");
		CHECK_STR(r.hits[0].item.lang, "en");
		CHECK(r.hits[0].item.kind == KIND_STATEMENT);
		CHECK(r.hits[0].item.published == NOW - 10 * DAY);
		CHECK_HAS(r.hits[1].snippet, "\x01Sanctions\x02");
	}
	store_search_result_clear(&r);
	/* No body match: the lead, highlighted. */
	q.text = "summer";
	CHECK(store_search(f.s, &q, &r) == STORE_OK);
	CHECK(r.n == 1 && r.n && !strcmp(r.hits[0].snippet, "\x01Summer\x02 ferries."));
	store_search_result_clear(&r);
	fx_close(&f);
}

TEST(search_filters_and_pages)
{
	struct fixture f;
	if (fx_open(&f)) {
		CHECK(!"open");
		return;
	}
	fx_sample(&f);
	for (int i = 0; i < 25; i++) {
		char slug[32], title[64];
		snprintf(slug, sizeof(slug), "bulk-%02d", i);
		snprintf(title, sizeof(title), "Consular notice %d", i);
		fx_put(&f, i % 2 ? "ru" : "en", slug, i % 3 ? KIND_NEWS : KIND_COMMENT,
		       NOW - (100 + i) * DAY, title, "", "Consular hours change.");
	}
	struct search_query q = {.text = "consular", .now = NOW, .kind = -1, .limit = 10};
	struct search_result r;
	CHECK(store_search(f.s, &q, &r) == STORE_OK && r.total == 25 && r.n == 10);
	store_search_result_clear(&r);
	q.offset = 20;
	CHECK(store_search(f.s, &q, &r) == STORE_OK && r.total == 25 && r.n == 5);
	store_search_result_clear(&r);
	q.offset = 30;
	CHECK(store_search(f.s, &q, &r) == STORE_OK && r.total == 25 && r.n == 0);
	store_search_result_clear(&r);
	q.offset = 0;
	q.lang = "ru";
	CHECK(store_search(f.s, &q, &r) == STORE_OK && r.total == 12);
	store_search_result_clear(&r);
	q.lang = NULL;
	q.kind = KIND_COMMENT;
	CHECK(store_search(f.s, &q, &r) == STORE_OK && r.total == 9);
	store_search_result_clear(&r);
	q.kind = -1;
	q.from = NOW - 104 * DAY;   /* bulk-00..04 are at 100..104 days back */
	q.to = NOW - 100 * DAY;
	CHECK(store_search(f.s, &q, &r) == STORE_OK && r.total == 4);
	store_search_result_clear(&r);
	fx_close(&f);
}

TEST(search_only_public_items)
{
	struct fixture f;
	if (fx_open(&f)) {
		CHECK(!"open");
		return;
	}
	struct item it;
	const char *slugs[] = {"pub", "draft", "scheduled", "embargoed", "trashed"};
	for (size_t i = 0; i < 5; i++) {
		item_init(&it);
		item_set_s(&it.lang, "en");
		item_set_s(&it.slug, slugs[i]);
		item_set_s(&it.title, "Harbour regatta");
		it.published = NOW - DAY;
		if (i == 1)
			it.status = STATUS_DRAFT;
		if (i == 2)
			it.published = NOW + DAY;
		if (i == 3)
			it.embargo_until = NOW + 3600;
		if (i == 4)
			it.deleted_at = NOW - 60;
		CHECK(store_item_put(f.s, &it, NULL) == STORE_OK);
		item_clear(&it);
	}
	struct buf b;
	buf_init(&b, 0);
	CHECK(fx_search(&f, "regatta", &b) == 1);
	CHECK_STR(buf_str(&b), "pub");
	buf_release(&b);
	fx_close(&f);
}

TEST(search_index_follows_changes)
{
	struct fixture f;
	if (fx_open(&f)) {
		CHECK(!"open");
		return;
	}
	/* Add. */
	CHECK(fx_search(&f, "lighthouse", NULL) == 0);
	int64_t id = fx_put(&f, "en", "light", KIND_NEWS, NOW - DAY, "The old lighthouse", "", "");
	CHECK(id > 0);
	CHECK(fx_search(&f, "lighthouse", NULL) == 1);
	/* Edit the title: the old words go, the new come. */
	fx_put(&f, "en", "light", KIND_NEWS, NOW - DAY, "The new observatory", "", "");
	CHECK(fx_search(&f, "lighthouse", NULL) == 0);
	CHECK(fx_search(&f, "observatory", NULL) == 1);
	/* Unpublish, publish again. */
	struct item it;
	item_init(&it);
	CHECK(store_item_get(f.s, id, &it) == STORE_OK);
	it.status = STATUS_DRAFT;
	CHECK(store_item_put(f.s, &it, NULL) == STORE_OK);
	CHECK(fx_search(&f, "observatory", NULL) == 0);
	it.status = STATUS_PUBLISHED;
	CHECK(store_item_put(f.s, &it, NULL) == STORE_OK);
	CHECK(fx_search(&f, "observatory", NULL) == 1);
	item_clear(&it);
	/* A rolled-back edit leaves the index as it was. */
	CHECK(store_begin(f.s) == STORE_OK);
	fx_put(&f, "en", "light", KIND_NEWS, NOW - DAY, "The rolled back title", "", "");
	CHECK(fx_search(&f, "rolled", NULL) == 1);
	store_rollback(f.s);
	CHECK(fx_search(&f, "rolled", NULL) == 0);
	CHECK(fx_search(&f, "observatory", NULL) == 1);
	/* Delete. */
	CHECK(store_item_delete(f.s, id) == STORE_OK);
	CHECK(fx_search(&f, "observatory", NULL) == 0);
	/* The index agrees with its content table. */
	CHECK(sqlite3_exec(store_db(f.s),
			   "INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)",
			   NULL, NULL, NULL) == SQLITE_OK);
	fx_close(&f);
}

TEST(search_any_query_is_safe)
{
	struct fixture f;
	if (fx_open(&f)) {
		CHECK(!"open");
		return;
	}
	fx_sample(&f);
	static const char *const nasty[] = {
		"\"", "\"\"", "\"a", "a\"", "a\" OR \"b", "AND", "OR", "NOT", "a AND", "OR b",
		"NOT a", "a NOT", "NEAR", "NEAR(", "NEAR(a b)", "NEAR(a b, 1)", "title:a",
		"-title:a", "{title lead}:a", "{", "}", "title:", ":", "^", "^a", "a^", "-", "-a",
		"+", "+a", "(", ")", "(a", "a)", "((a))", "*", "a*", "*a", "a**", "\"a\"*",
		"\"a*\"", "rowid:1", "items_fts:a", "a OR b AND c NOT d", "'", "';DROP TABLE items;--",
		"%", "_", "\\", "\x01", "\x02\x01", "\xC0\xAF", "\xED\xA0\x80",
		"\xF4\x90\x80\x80", "sanction*\"(", "\u0417\u0430\u044f\u0432:\u043b",
	};
	for (size_t i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
		int64_t n = fx_search(&f, nasty[i], NULL);
		if (n == -1)
			fprintf(stderr, "  query %s: %s\n", nasty[i], store_errmsg(f.s));
		CHECK(n >= 0 || n == -2);
	}
	/* Random bytes, and 10 kB of text. */
	srand(7);
	char q[64];
	for (int i = 0; i < 3000; i++) {
		size_t len = (size_t)(rand() % 40);
		for (size_t k = 0; k < len; k++)
			q[k] = (char)(1 + rand() % 255);
		q[len] = '\0';
		int64_t n = fx_search(&f, q, NULL);
		if (n == -1)
			fprintf(stderr, "  random query: %s\n", store_errmsg(f.s));
		CHECK(n >= 0 || n == -2);
	}
	struct buf big;
	buf_init(&big, 0);
	for (int i = 0; i < 1000; i++)
		buf_lit(&big, "\"OR x* ");
	CHECK(fx_search(&f, buf_str(&big), NULL) >= 0);
	buf_release(&big);
	fx_close(&f);
}

/* A site made before search (schema 2) gets its index built by migrations 3 and 5. */
TEST(search_migration_indexes_existing_items)
{
	struct fixture f;
	if (fx_open(&f)) {
		CHECK(!"open");
		return;
	}
	fx_sample(&f);
	CHECK(sqlite3_exec(store_db(f.s),
			   "DROP TRIGGER items_fts_insert; DROP TRIGGER items_fts_delete;"
			   " DROP TRIGGER items_fts_update; DROP TABLE items_fts; DROP INDEX items_search;",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(fx_search(&f, "sanction", NULL) == -1);
	CHECK(sqlite3_exec(store_db(f.s), store_search_schema_v3, NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(store_db(f.s), store_search_schema_v5, NULL, NULL, NULL) == SQLITE_OK);
	CHECK(fx_search(&f, "sanction", NULL) == 2);
	fx_put(&f, "en", "later", KIND_NEWS, NOW - DAY, "Sanctions again", "", "");
	CHECK(fx_search(&f, "sanction", NULL) == 3);
	fx_close(&f);
}
