/*
 * search: the reader's query, as typed, through store_search_parse() and
 * store_search(). Whatever the text, the FTS5 query made from it must run
 * without a syntax error (checked on an FTS5 table with the same tokenizer and
 * prefix index as the store's), and store_search() on the sample site must
 * answer STORE_OK, or STORE_INVALID exactly when the text has no term.
 * Input: the text (cut at a NUL, as an HTTP query value would be).
 */
#include "sample_site.h"

#include <sqlite3.h>

#include "../../src/store/fts_stem.h"
#include "../../src/store/store_search.h"

static sqlite3 *fts;
static sqlite3_stmt *match;
static struct store *store;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char path[256], err[256];
	fz_sample_site(path, sizeof(path));
	if (store_open(path, STORE_OPEN_READONLY, &store, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s\n", err);
		exit(1);
	}
	if (sqlite3_open(":memory:", &fts) != SQLITE_OK || fts_stem_register(fts) != SQLITE_OK ||
	    sqlite3_exec(fts,
			 "CREATE VIRTUAL TABLE t USING fts5(title, lead, body, tokenize='pressroom',"
			 " prefix='3');"
			 "INSERT INTO t VALUES ('Sanctions statement', 'The embassy said', 'consular"
			 " co-operation and the treaty');"
			 "INSERT INTO t VALUES ('Заявление посольства', 'О санкциях', 'ёлка и"
			 " консульство');",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(fts, "SELECT rowid FROM t WHERE t MATCH ?", -1, &match, NULL) !=
		    SQLITE_OK) {
		fprintf(stderr, "fuzz: fts5 set-up: %s\n", sqlite3_errmsg(fts));
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = fz_strndup(data, size);
	struct buf q;
	buf_init(&q, 0);
	struct search_parsed p = store_search_parse(text, &q);
	if (p.terms < 0 || p.terms > SEARCH_MAX_TERMS)
		FZ_FAIL("%d terms", p.terms);
	if (p.terms > 0 && !buf_failed(&q)) {
		sqlite3_reset(match);
		sqlite3_bind_text(match, 1, buf_str(&q), (int)q.len, SQLITE_STATIC);
		int rc;
		while ((rc = sqlite3_step(match)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE)
			FZ_FAIL("query '%s' made FTS5 query '%s': %s", text, buf_str(&q),
				sqlite3_errmsg(fts));
		sqlite3_reset(match);
		sqlite3_clear_bindings(match);
	}
	struct search_query sq = {.text = text, .now = 1790000000, .kind = -1, .limit = 5};
	if (size && data[0] & 1)
		sq.lang = "ru";
	struct search_result r;
	memset(&r, 0, sizeof(r));
	enum store_err e = store_search(store, &sq, &r);
	if (e == STORE_INVALID) {
		if (r.parsed.terms != 0)
			FZ_FAIL("STORE_INVALID with %d terms for '%s'", r.parsed.terms, text);
	} else if (e != STORE_OK) {
		FZ_FAIL("store_search('%s'): %d %s", text, (int)e, store_errmsg(store));
	} else {
		if (p.terms == 0)
			FZ_FAIL("STORE_OK for a text without terms: '%s'", text);
		for (size_t i = 0; i < r.n; i++)
			if (!r.hits[i].title || !r.hits[i].snippet)
				FZ_FAIL("hit %zu without title or snippet", i);
	}
	store_search_result_clear(&r);
	buf_release(&q);
	free(text);
	return 0;
}
