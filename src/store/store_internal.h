/*
 * store_internal: what the other files of the SQLite store (store_auth.c, store_feeds.c, ...) need
 * from store_sqlite.c, which alone knows struct store. Only src/store/ includes it.
 */
#ifndef PR_STORE_INTERNAL_H
#define PR_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* The connection of s; owned by s. */
sqlite3 *store_db(struct store *s);
/* Records "FILE: what: why" from the SQLite result code rc; returns the matching error. */
enum store_err store_fail_msg(struct store *s, int rc, const char *what);
/* Runs sql (no rows); on failure records "FILE: what: why". */
enum store_err store_exec(struct store *s, const char *sql, const char *what);
/* Records "FILE: msg" as the message of error e; returns e. */
enum store_err store_set_msg(struct store *s, enum store_err e, const char *msg);

/* Prepares sql; on failure records "FILE: what: why". An empty statement (SQL built
 * in a buffer that ran out of memory) is reported as out of memory. */
enum store_err store_prepare_as(struct store *s, const char *sql, sqlite3_stmt **st,
				const char *what);
/* Steps a statement that returns no rows (or one, ignored), then finalizes it. */
enum store_err store_step_done(struct store *s, sqlite3_stmt *st, const char *what);
/* The same for an UPDATE or DELETE of one row: STORE_NOTFOUND with the message absent
 * ("no such feed") when it changed none. */
enum store_err store_step_one(struct store *s, sqlite3_stmt *st, const char *what,
			      const char *absent);
/* sql with two parameters, a text and an id, for the one row it changes (store_step_one:
 * STORE_NOTFOUND with absent when none). what names it in messages. */
enum store_err store_step_text_id(struct store *s, const char *sql, const char *text, int64_t id,
				  const char *what, const char *absent);
/* Binds v, or "" for NULL, without copying: v must outlive the statement's step. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Column col of the row st is on, copied into dst (n bytes, cut there); "" for NULL
 * (also what an allocation that failed gives). */
void store_column_copy(char *dst, size_t n, sqlite3_stmt *st, int col);

/* Steps st once: its first column into *out; a step that gives no row is an error
 * ("FILE: what: why"). The caller finalizes or finishes st. */
enum store_err store_step_int64(struct store *s, sqlite3_stmt *st, int64_t *out, const char *what);

/*
 * Room for one more element in the array *v points at (a pointer to any element
 * type; *cap elements of size bytes, len of them used), doubling it when full.
 * 0, or -1 when memory ran out (the array is then as it was).
 */
int store_grow(void *v, size_t *cap, size_t len, size_t size);

/*
 * Steps st to its end, one element of size bytes a row in the array *out points at
 * (a pointer to any element type; NULL when no row), *n of them: each zeroed, then
 * filled by row(st, element), which returns nonzero when memory ran out. Out of
 * memory or a failed step: what was read is freed with drop(array, count) (free()
 * when drop is NULL), *out is NULL and *n 0, the message recorded ("FILE: what:
 * why"). The caller finalizes or finishes st.
 */
enum store_err store_step_rows(struct store *s, sqlite3_stmt *st, size_t size,
			       int (*row)(sqlite3_stmt *st, void *element),
			       void (*drop)(void *array, size_t n), const char *what, void *out,
			       size_t *n);

/* store_step_rows of rows in ITEM_COLUMNS' shape, items in *out (free with
 * store_items_free), or of column 0 of each row into *out (free()). */
enum store_err store_step_items(struct store *s, sqlite3_stmt *st, struct item **out, size_t *n,
				const char *what);
enum store_err store_step_int64s(struct store *s, sqlite3_stmt *st, int64_t **out, size_t *n,
				 const char *what);

/*
 * Writes it as row id (0: a new row) with its tags: every column from it, updated
 * = now (a new row: since, when it is after 0 and not after now), revision =
 * revision (0: one more than before, 1 for a new row). Sets it->id and
 * it->updated. The caller holds a transaction or savepoint.
 */
enum store_err store_item_row_write(struct store *s, struct item *it, int64_t id, int64_t now,
				   int64_t since, int64_t revision);

/* pressroom_feed_key(KEY): store_feed_key_cap in SQL, for the schema's migrations. */
void store_feed_key_sql(sqlite3_context *c, int argc, sqlite3_value **argv);

#endif
