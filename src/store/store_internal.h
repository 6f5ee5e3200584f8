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
/* Records "FILE: msg" as the message of error e; returns e. */
enum store_err store_set_msg(struct store *s, enum store_err e, const char *msg);

/* Prepares sql; on failure records "FILE: what: why". An empty statement (SQL built
 * in a buffer that ran out of memory) is reported as out of memory. */
enum store_err store_prepare_as(struct store *s, const char *sql, sqlite3_stmt **st,
				const char *what);
/* Steps a statement that returns no rows (or one, ignored), then finalizes it. */
enum store_err store_step_done(struct store *s, sqlite3_stmt *st, const char *what);
/* Binds v, or "" for NULL, without copying: v must outlive the statement's step. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);

#endif
