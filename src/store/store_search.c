/*
 * Full-text search for the SQLite store (contract in store_search.h).
 * Why the shape: the hits of a page are found in one ranked query, and the
 * snippets made afterwards for those hits only, because SQLite would otherwise
 * compute snippet() for every match before sorting. The matches are joined to items
 * through the covering index items_search (CROSS JOIN: the index drives, items
 * follow), because the visibility columns sit after the body in each row and
 * reading them there costs a walk through the body's overflow pages: 3x slower on
 * 100,000 items.
 */
#include "store_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fts_stem.h"
#include "store_internal.h"

/*
 * External content: the index reads the text from items when it needs it (snippets,
 * 'rebuild'), so the text is stored once. The update trigger fires only when the
 * text changed: publishing, the trash and scheduling are read from items at query
 * time and need no reindexing.
 */
const char store_search_schema_v3[] =
	"CREATE VIRTUAL TABLE items_fts USING fts5("
	" title, lead, body, content='items', content_rowid='id', tokenize='pressroom');"
	"INSERT INTO items_fts (items_fts) VALUES ('rebuild');"
	STORE_SEARCH_TRIGGERS;

/*
 * Version 5: the index again with 3-character prefixes (prefix='3'), because the
 * shortest prefix queries (SEARCH_MIN_PREFIX) would otherwise merge thousands of
 * words' lists; and items_search, what a search reads of each match, without the row
 * and its overflow pages. The triggers are on items and name items_fts, so they
 * carry on with the new table.
 */
const char store_search_schema_v5[] =
	"DROP TABLE items_fts;"
	"CREATE VIRTUAL TABLE items_fts USING fts5("
	" title, lead, body, content='items', content_rowid='id', tokenize='pressroom',"
	" prefix='3');"
	"INSERT INTO items_fts (items_fts) VALUES ('rebuild');"
	"CREATE INDEX items_search ON items (id, status, published, embargo_until, deleted_at,"
	" kind, lang);";

/* ---- the query parser ---------------------------------------------------------- */

static int search_is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/*
 * Appends [s, s+n) as one quoted FTS5 string: word characters are copied, any run of
 * other characters becomes one space (so the string holds no quote and the tokenizer
 * sees the same words). *prefix (in: wanted) is cleared when the last word is shorter
 * than SEARCH_MIN_PREFIX characters. Returns 0 and appends nothing when there is no
 * word in it.
 */
static int search_add_term(struct buf *out, const char *s, size_t n, int *prefix, int first)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int words = 0;
	while (i < n) {
		int32_t cp;
		i += fts_stem_utf8(u + i, n - i, &cp);
		if (fts_stem_is_word(cp)) {
			words = 1;
			break;
		}
	}
	if (!words)
		return 0;
	if (!first)
		buf_addc(out, ' ');
	buf_addc(out, '"');
	int gap = 0, any = 0;
	size_t last = 0;   /* characters in the last word */
	for (i = 0; i < n;) {
		int32_t cp;
		size_t cl = fts_stem_utf8(u + i, n - i, &cp);
		if (fts_stem_is_word(cp)) {
			if (gap && any)
				buf_addc(out, ' ');
			buf_add(out, s + i, cl);
			last = gap ? 1 : last + 1;
			gap = 0;
			any = 1;
		} else {
			gap = 1;
		}
		i += cl;
	}
	buf_addc(out, '"');
	if (*prefix && last < SEARCH_MIN_PREFIX)
		*prefix = 0;
	if (*prefix)
		buf_addc(out, '*');
	return 1;
}

/* Whether the character after the last word character of [s, s+n) is '*'. */
static int search_is_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, after = 0;
	int seen = 0;
	while (i < n) {
		int32_t cp;
		i += fts_stem_utf8(u + i, n - i, &cp);
		if (fts_stem_is_word(cp)) {
			after = i;
			seen = 1;
		}
	}
	return seen && after < n && s[after] == '*';
}

struct search_parsed store_search_parse(const char *text, struct buf *out)
{
	struct search_parsed r = {0, 0};
	size_t n = text ? strlen(text) : 0;
	if (n > SEARCH_MAX_BYTES) {
		n = SEARCH_MAX_BYTES;
		/* Cut at a character boundary. */
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
		r.truncated = 1;
	}
	size_t i = 0;
	int prefixes = 0;
	while (i < n) {
		unsigned char c = (unsigned char)text[i];
		if (search_is_space(c)) {
			i++;
			continue;
		}
		if (r.terms == SEARCH_MAX_TERMS) {
			r.truncated = 1;
			break;
		}
		const char *t;
		size_t len;
		int prefix;
		if (c == '"') {
			/* A phrase, to the closing quote or, unbalanced, to the end. */
			t = text + i + 1;
			const char *q = memchr(t, '"', n - i - 1);
			len = q ? (size_t)(q - t) : n - i - 1;
			i += 1 + len + (q ? 1 : 0);
			prefix = i < n && text[i] == '*';
			if (prefix)
				i++;
			else
				prefix = search_is_prefix(t, len);
		} else {
			t = text + i;
			while (i < n && !search_is_space((unsigned char)text[i]) && text[i] != '"')
				i++;
			len = (size_t)(text + i - t);
			prefix = search_is_prefix(t, len);
		}
		prefix = prefix && prefixes < SEARCH_MAX_PREFIXES;
		r.terms += search_add_term(out, t, len, &prefix, r.terms == 0);
		prefixes += prefix;
	}
	return r;
}

/* ---- searching ------------------------------------------------------------------- */

#define SEARCH_FROM                                                                    \
	" FROM items_fts CROSS JOIN items i INDEXED BY items_search"                     \
	" ON i.id = items_fts.rowid"                                                     \
	" WHERE items_fts MATCH :q AND i.status = 'published' AND i.published <= :now"    \
	" AND i.embargo_until <= :now AND i.deleted_at = 0"

/* Appends the filters of q; binding is by name in search_bind. */
static void search_where(struct buf *sql, const struct search_query *q)
{
	buf_lit(sql, SEARCH_FROM);
	if (q->kind >= 0)
		buf_lit(sql, " AND i.kind = :kind");
	if (q->lang && *q->lang)
		buf_lit(sql, " AND i.lang = :lang");
	if (q->from)
		buf_lit(sql, " AND i.published >= :from");
	if (q->to)
		buf_lit(sql, " AND i.published < :to");
}

/* Hits per page: 10 by default, at most 1000. */
static int64_t search_limit(const struct search_query *q)
{
	return q->limit <= 0 ? 10 : q->limit > 1000 ? 1000 : q->limit;
}

static void search_bind(sqlite3_stmt *st, const struct search_query *q, const char *match)
{
	int i;
	if ((i = sqlite3_bind_parameter_index(st, ":q")))
		sqlite3_bind_text(st, i, match, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":now")))
		sqlite3_bind_int64(st, i, q->now);
	if ((i = sqlite3_bind_parameter_index(st, ":kind")))
		sqlite3_bind_text(st, i, item_kind_slug((enum item_kind)q->kind), -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":lang")))
		sqlite3_bind_text(st, i, q->lang, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":from")))
		sqlite3_bind_int64(st, i, q->from);
	if ((i = sqlite3_bind_parameter_index(st, ":to")))
		sqlite3_bind_int64(st, i, q->to);
	if ((i = sqlite3_bind_parameter_index(st, ":limit")))
		sqlite3_bind_int64(st, i, search_limit(q));
	if ((i = sqlite3_bind_parameter_index(st, ":offset")))
		sqlite3_bind_int64(st, i, q->offset > 0 ? q->offset : 0);
}

static int search_text(sqlite3_stmt *st, int col, char **field)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return item_set(field, t ? (const char *)t : "", t ? (size_t)sqlite3_column_bytes(st, col) : 0);
}

/* The ranked hits of one page. */
static enum store_err search_hits(struct store *s, const struct search_query *q, const char *match,
				  struct search_result *out)
{
	struct buf sql;
	buf_init(&sql, 4096);
	buf_lit(&sql, "SELECT i.id, i.kind, i.published, i.lang, i.slug, i.title, i.lead");
	search_where(&sql, q);
	buf_lit(&sql, " ORDER BY bm25(items_fts, 10.0, 4.0, 1.0), i.published DESC, i.id DESC"
		      " LIMIT :limit OFFSET :offset");
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, buf_str(&sql), &st, "search");
	buf_release(&sql);
	if (e)
		return e;
	search_bind(st, q, match);
	size_t cap = (size_t)search_limit(q);
	out->hits = calloc(cap, sizeof(*out->hits));
	if (!out->hits) {
		sqlite3_finalize(st);
		return store_set_msg(s, STORE_IO, "search: out of memory");
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < cap) {
		struct search_hit *h = &out->hits[out->n++];
		item_init(&h->item);
		h->title = NULL;
		h->snippet = NULL;
		h->item.id = sqlite3_column_int64(st, 0);
		int k = item_kind_parse((const char *)sqlite3_column_text(st, 1),
					(size_t)sqlite3_column_bytes(st, 1));
		h->item.kind = k < 0 ? KIND_NEWS : (enum item_kind)k;
		h->item.status = STATUS_PUBLISHED;
		h->item.published = sqlite3_column_int64(st, 2);
		int bad = search_text(st, 3, &h->item.lang) | search_text(st, 4, &h->item.slug) |
			  search_text(st, 5, &h->item.title) | search_text(st, 6, &h->item.lead);
		if (bad) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	if (rc == SQLITE_NOMEM)
		e = store_set_msg(s, STORE_IO, "search: out of memory");
	else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		e = store_fail_msg(s, rc, "search");
	sqlite3_finalize(st);
	return e;
}

/*
 * The highlighted title and a snippet for each hit: the body's best fragment when
 * the body matches, else the lead highlighted (else the body's beginning).
 */
static enum store_err search_snippets(struct store *s, const char *match, struct search_result *out)
{
	if (!out->n)
		return STORE_OK;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s,
		"SELECT highlight(items_fts, 0, char(1), char(2)),"
		" snippet(items_fts, 2, char(1), char(2), '\xE2\x80\xA6', 24),"
		" highlight(items_fts, 1, char(1), char(2))"
		" FROM items_fts WHERE items_fts MATCH ?1 AND rowid = ?2",
		&st, "search");
	if (e)
		return e;
	for (size_t i = 0; i < out->n && !e; i++) {
		struct search_hit *h = &out->hits[i];
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, h->item.id);
		int rc = sqlite3_step(st);
		const char *title = NULL, *snip = NULL;
		int tn = 0, sn = 0;
		if (rc == SQLITE_ROW) {
			title = (const char *)sqlite3_column_text(st, 0);
			tn = sqlite3_column_bytes(st, 0);
			snip = (const char *)sqlite3_column_text(st, 1);
			sn = sqlite3_column_bytes(st, 1);
			const char *lead = (const char *)sqlite3_column_text(st, 2);
			int ln = sqlite3_column_bytes(st, 2);
			if (lead && ln && (!snip || !memchr(snip, SEARCH_MARK_OPEN, (size_t)sn))) {
				snip = lead;
				sn = ln;
			}
		} else if (rc != SQLITE_DONE) {
			e = store_fail_msg(s, rc, "search");
			break;
		}
		if (!title) {   /* cannot happen for a hit; show the plain title */
			title = h->item.title;
			tn = (int)strlen(title);
		}
		h->title = NULL;
		h->snippet = NULL;
		if (item_set(&h->title, title, (size_t)tn) ||
		    item_set(&h->snippet, snip ? snip : "", snip ? (size_t)sn : 0))
			e = store_set_msg(s, STORE_IO, "search: out of memory");
	}
	sqlite3_finalize(st);
	return e;
}

static enum store_err search_count(struct store *s, const struct search_query *q, const char *match,
				   int64_t *total)
{
	struct buf sql;
	buf_init(&sql, 4096);
	buf_lit(&sql, "SELECT count(*)");
	search_where(&sql, q);
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, buf_str(&sql), &st, "search");
	buf_release(&sql);
	if (e)
		return e;
	search_bind(st, q, match);
	e = store_step_int64(s, st, total, "search");
	sqlite3_finalize(st);
	return e;
}

enum store_err store_search(struct store *s, const struct search_query *q,
			    struct search_result *out)
{
	memset(out, 0, sizeof(*out));
	struct buf match;
	buf_init(&match, 64 * 1024);
	out->parsed = store_search_parse(q->text, &match);
	enum store_err e = STORE_OK;
	if (buf_failed(&match))
		e = store_set_msg(s, STORE_IO, "search: out of memory");
	else if (!out->parsed.terms)
		e = store_set_msg(s, STORE_INVALID,
				  "search: nothing to search for; type words of letters or digits");
	if (!e)
		e = search_hits(s, q, buf_str(&match), out);
	if (!e) {
		/* A first page that is not full is all there is; else count. */
		if (q->offset <= 0 && (int64_t)out->n < search_limit(q))
			out->total = (int64_t)out->n;
		else
			e = search_count(s, q, buf_str(&match), &out->total);
	}
	if (!e)
		e = search_snippets(s, buf_str(&match), out);
	buf_release(&match);
	return e;
}

void store_search_result_clear(struct search_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		item_clear(&r->hits[i].item);
		free(r->hits[i].title);
		free(r->hits[i].snippet);
	}
	free(r->hits);
	r->hits = NULL;
	r->n = 0;
}
