/*
 * store_search: full-text search over the items (docs/internals/search.md).
 *
 * The index: an FTS5 table items_fts over title, lead and body, with the
 * tokenizer "pressroom" (fts_stem.h), external content (it stores no copy of the
 * text, only the index) kept in step with items by triggers, so an insert, edit or
 * delete changes the index inside the same transaction. Whether an item may be
 * found is decided at query time from its row in items (published, dated at or
 * before now, not embargoed, not in the trash), so unpublishing, scheduling and
 * the trash need no index change at all.
 *
 * Queries: what a reader typed goes through store_search_parse(), which makes a
 * query FTS5 cannot misread: every word a quoted string, so operators, column
 * filters and stray quotes are only words. store.h conventions apply (enum
 * store_err, store_errmsg()).
 */
#ifndef PR_STORE_SEARCH_H
#define PR_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "item.h"
#include "store.h"

/* At most this many bytes of a query, and this many terms (words or phrases), are used. */
#define SEARCH_MAX_BYTES 1000
#define SEARCH_MAX_TERMS 32
/* A prefix query needs a word of at least this many characters ("con*"; "co*" is the
 * word "co"), and at most this many terms of a query are prefix queries: short and
 * many prefixes each merge thousands of words' lists. */
#define SEARCH_MIN_PREFIX 3
#define SEARCH_MAX_PREFIXES 4

/* Marker bytes around each match in search_hit.title / .snippet. They are control
 * characters, which the HTML escaper drops, so a stray one in an item's text can
 * never become markup by itself; the page turns the pairs into <mark>..</mark>. */
#define SEARCH_MARK_OPEN '\x01'
#define SEARCH_MARK_CLOSE '\x02'

/*
 * The triggers that keep items_fts in step with items, in one transaction with each
 * change. On items, so a migration that rebuilds items makes them again.
 */
#define STORE_SEARCH_TRIGGERS                                                         \
	"CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN"                 \
	" INSERT INTO items_fts (rowid, title, lead, body) VALUES (new.id, new.title, new.lead, new.body);" \
	" END;"                                                                       \
	"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"                 \
	" INSERT INTO items_fts (items_fts, rowid, title, lead, body)"                \
	"  VALUES ('delete', old.id, old.title, old.lead, old.body);"                 \
	" END;"                                                                       \
	"CREATE TRIGGER items_fts_update AFTER UPDATE OF id, title, lead, body ON items" \
	" WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.lead IS NOT new.lead" \
	"  OR old.body IS NOT new.body BEGIN"                                         \
	" INSERT INTO items_fts (items_fts, rowid, title, lead, body)"                \
	"  VALUES ('delete', old.id, old.title, old.lead, old.body);"                 \
	" INSERT INTO items_fts (rowid, title, lead, body) VALUES (new.id, new.title, new.lead, new.body);" \
	" END;"

/* Schema version 3: the index and its triggers; version 5: the index with prefixes
 * and the covering index items_search (both in store_migrations[]). */
extern const char store_search_schema_v3[];
extern const char store_search_schema_v5[];

struct search_parsed {
	int terms;       /* terms in the query; 0: nothing to search for */
	int truncated;   /* the text was longer than SEARCH_MAX_BYTES or had more terms */
};

/*
 * Turns text (what a reader typed) into an FTS5 query in out:
 *   - "a phrase" stays a phrase; an unbalanced quote runs to the end of the text;
 *   - every other run of non-space characters is one quoted term (so NEAR, AND,
 *     title:x, ^, -, +, parentheses are words or separators, never operators);
 *     a run with several words ("co-operation") is matched as a phrase;
 *   - a '*' right after the last letter of a term ("sanct*", "a phrase"*) makes it a
 *     prefix query, if that word has SEARCH_MIN_PREFIX characters and the query has
 *     no more than SEARCH_MAX_PREFIXES of them;
 *   - terms with no letter or digit are dropped; at most SEARCH_MAX_TERMS terms and
 *     SEARCH_MAX_BYTES bytes of text are considered.
 * Terms are ANDed. The result always parses as FTS5 when terms > 0.
 */
struct search_parsed store_search_parse(const char *text, struct buf *out);

struct search_query {
	const char *text;     /* what the reader typed */
	int64_t now;          /* only items public at this time are found */
	int kind;             /* enum item_kind, or -1 for all */
	const char *lang;     /* NULL or "" for all */
	int64_t from, to;     /* published in [from, to); 0 = no bound */
	int64_t offset, limit;/* limit 0 = 10 */
};

struct search_hit {
	/* Filled: id, kind, status, published, lang, slug, title, lead; the rest empty. */
	struct item item;
	char *title;          /* the title with matches between SEARCH_MARK_* bytes */
	char *snippet;        /* a fragment of the body (or the lead) likewise; may be "" */
};

struct search_result {
	struct search_hit *hits;   /* n of them, best first */
	size_t n;
	int64_t total;             /* all matches of the query and filters */
	struct search_parsed parsed;
};

/*
 * Runs q. Ranking is bm25 with the title weighing 10, the lead 4 and the body 1; ties
 * go to the newer item. Returns STORE_INVALID ("nothing to search for") when the
 * text has no term after store_search_parse(); then out->parsed says so too.
 * out is the caller's: store_search_result_clear() it after any return.
 */
enum store_err store_search(struct store *s, const struct search_query *q,
			    struct search_result *out);
void store_search_result_clear(struct search_result *r);

#endif
