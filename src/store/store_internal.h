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

#endif
