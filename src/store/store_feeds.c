/*
 * store_feeds for SQLite: the feeds and feed_entries tables of schema v2. Every
 * value goes through a bound parameter; messages follow store_sqlite.c.
 */
#include "store_feeds.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "store_internal.h"

#define FEED_COLUMNS                                                                \
	"id, url, publish, allow_private, interval, last_run, last_status, etag, "   \
	"last_modified, created, fetch_media,"                                       \
	" coalesce((SELECT lang FROM feed_langs WHERE feed_id = feeds.id), ''),"   \
	" coalesce((SELECT at FROM feed_asks WHERE feed_id = feeds.id), 0)"

void store_feed_key_cap(char *k)
{
	size_t n = strlen(k);
	if (n <= FEED_KEY_MAX)
		return;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)k[i];
		h *= 0x100000001b3ULL;
	}
	size_t cut = utf8_start(k, FEED_KEY_KEEP);
	snprintf(k + cut, n + 1 - cut, "#%016llx", (unsigned long long)h);
}

void store_feed_key_sql(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *k = sqlite3_value_text(argv[0]);
	if (!k) {
		if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
			sqlite3_result_null(c);
		else
			sqlite3_result_error_nomem(c);
		return;
	}
	char *copy = sqlite3_mprintf("%s", (const char *)k);
	if (!copy) {
		sqlite3_result_error_nomem(c);
		return;
	}
	store_feed_key_cap(copy);
	sqlite3_result_text(c, copy, -1, sqlite3_free);
}

static const char *feeds_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

static int feeds_row(sqlite3_stmt *st, void *row)
{
	struct feed_row *f = row;
	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	store_column_copy(f->url, sizeof(f->url), st, 1);
	f->publish = sqlite3_column_int(st, 2);
	f->allow_private = sqlite3_column_int(st, 3);
	f->interval = sqlite3_column_int64(st, 4);
	f->last_run = sqlite3_column_int64(st, 5);
	store_column_copy(f->last_status, sizeof(f->last_status), st, 6);
	store_column_copy(f->etag, sizeof(f->etag), st, 7);
	store_column_copy(f->last_modified, sizeof(f->last_modified), st, 8);
	f->created = sqlite3_column_int64(st, 9);
	f->fetch_media = sqlite3_column_int(st, 10);
	store_column_copy(f->lang, sizeof(f->lang), st, 11);
	f->asked = sqlite3_column_int64(st, 12);
	return 0;
}

/* Feed id's own language: lang, or none when lang is "". */
static enum store_err feeds_put_lang(struct store *s, int64_t id, const char *lang)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, *lang ? "INSERT INTO feed_langs (feed_id, lang) VALUES (?, ?)"
			   " ON CONFLICT (feed_id) DO UPDATE SET lang = excluded.lang"
			 : "DELETE FROM feed_langs WHERE feed_id = ?",
		&st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	if (*lang)
		store_bind_text(st, 2, lang);
	return store_step_done(s, st, "change feed");
}

/* Binds a feed's options, the first four parameters of st, in this order. */
static void feeds_bind_options(sqlite3_stmt *st, const struct feed_row *f)
{
	sqlite3_bind_int(st, 1, f->publish ? 1 : 0);
	sqlite3_bind_int(st, 2, f->allow_private ? 1 : 0);
	sqlite3_bind_int(st, 3, f->fetch_media ? 1 : 0);
	sqlite3_bind_int64(st, 4, f->interval);
}

static enum store_err feeds_add(struct store *s, const struct feed_row *f, int64_t *id,
				int *again)
{
	/* A feed removed before comes back with its entries (and its id); its
	 * validators go, so that the first run reads the whole feed again. */
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "UPDATE feeds SET publish = ?, allow_private = ?, fetch_media = ?, interval = ?,"
		   " removed = 0, last_run = 0, last_status = '', etag = '', last_modified = ''"
		   " WHERE url = ? AND removed = 1 RETURNING id",
		&st, "query feeds");
	if (e)
		return e;
	feeds_bind_options(st, f);
	store_bind_text(st, 5, f->url);
	int rc = sqlite3_step(st);
	int64_t old = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail_msg(s, rc, "add feed");
	if (again)
		*again = old != 0;
	if (old) {
		if (id)
			*id = old;
		return feeds_put_lang(s, old, f->lang);
	}
	e = store_prepare_as(
		s, "INSERT INTO feeds (publish, allow_private, fetch_media, interval, url, created)"
		   " VALUES (?, ?, ?, ?, ?, ?)",
		&st, "query feeds");
	if (e)
		return e;
	feeds_bind_options(st, f);
	store_bind_text(st, 5, f->url);
	sqlite3_bind_int64(st, 6, clock_now());
	e = store_step_done(s, st, "add feed");
	if (e == STORE_CONFLICT)
		return store_set_msg(s, e, "this feed is followed already ('pressroom syndicate "
					   "set' changes its options)");
	int64_t made = sqlite3_last_insert_rowid(store_db(s));
	if (!e && id)
		*id = made;
	return e ? e : feeds_put_lang(s, made, f->lang);
}

/* The feed's row and its language as one write, inside or outside a transaction. */
static enum store_err feeds_one_write(struct store *s, enum store_err e)
{
	if (e) {
		sqlite3_exec(store_db(s), "ROLLBACK TO feed_put; RELEASE feed_put", NULL, NULL, NULL);
		return e;
	}
	return store_exec(s, "RELEASE feed_put", "change feed");
}

enum store_err store_feed_add(struct store *s, const struct feed_row *f, int64_t *id,
			      int *again)
{
	enum store_err e = store_exec(s, "SAVEPOINT feed_put", "add feed");
	return e ? e : feeds_one_write(s, feeds_add(s, f, id, again));
}

enum store_err store_feed_list(struct store *s, struct feed_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT " FEED_COLUMNS " FROM feeds WHERE removed = 0 ORDER BY id", &st, "query feeds");
	if (e)
		return e;
	e = store_step_rows(s, st, sizeof(**out), feeds_row, NULL, "list feeds", out, n);
	sqlite3_finalize(st);
	return e;
}

static enum store_err feeds_get_one(struct store *s, sqlite3_stmt *st, struct feed_row *out)
{
	enum store_err e = STORE_OK;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		feeds_row(st, out);
	else if (rc == SQLITE_DONE)
		e = store_set_msg(s, STORE_NOTFOUND, "no such feed");
	else
		e = store_fail_msg(s, rc, "read feed");
	sqlite3_finalize(st);
	return e;
}

enum store_err store_feed_get(struct store *s, int64_t id, struct feed_row *out)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT " FEED_COLUMNS " FROM feeds WHERE id = ? AND removed = 0", &st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	return feeds_get_one(s, st, out);
}

enum store_err store_feed_get_url(struct store *s, const char *url, struct feed_row *out)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT " FEED_COLUMNS " FROM feeds WHERE url = ? AND removed = 0", &st, "query feeds");
	if (e)
		return e;
	store_bind_text(st, 1, url);
	return feeds_get_one(s, st, out);
}

static enum store_err feeds_set(struct store *s, const struct feed_row *f)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "UPDATE feeds SET publish = ?, allow_private = ?, fetch_media = ?, interval = ? WHERE id = ?"
		   " AND removed = 0",
		&st, "query feeds");
	if (e)
		return e;
	feeds_bind_options(st, f);
	sqlite3_bind_int64(st, 5, f->id);
	e = store_step_one(s, st, "change feed", "no such feed");
	return e ? e : feeds_put_lang(s, f->id, f->lang);
}

enum store_err store_feed_set(struct store *s, const struct feed_row *f)
{
	enum store_err e = store_exec(s, "SAVEPOINT feed_put", "change feed");
	return e ? e : feeds_one_write(s, feeds_set(s, f));
}

enum store_err store_feed_set_url(struct store *s, int64_t id, const char *url)
{
	return store_step_text_id(s, "UPDATE feeds SET url = ? WHERE id = ?", url, id, "move feed",
				  "no such feed");
}

enum store_err store_feed_ask_read(struct store *s, int64_t id, int64_t at)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "INSERT INTO feed_asks (feed_id, at) SELECT id, ?2 FROM feeds WHERE id = ?1"
		   " AND removed = 0 ON CONFLICT (feed_id) DO UPDATE SET at = excluded.at",
		&st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	return store_step_one(s, st, "ask for a feed's reading", "no such feed");
}

enum store_err store_feed_delete(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "UPDATE feeds SET removed = 1 WHERE id = ? AND removed = 0",
					    &st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	return store_step_one(s, st, "remove feed", "no such feed");
}

enum store_err store_feed_set_run(struct store *s, int64_t id, int64_t last_run, const char *status,
				  const char *etag, const char *last_modified)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s,
					 "UPDATE feeds SET last_run = ?, last_status = ?, etag = ?, "
					 "last_modified = ? WHERE id = ?",
					 &st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, last_run);
	store_bind_text(st, 2, status);
	store_bind_text(st, 3, etag);
	store_bind_text(st, 4, last_modified);
	sqlite3_bind_int64(st, 5, id);
	return store_step_done(s, st, "record feed run");
}

/* store_feed_entry_get, or with elsewhere store_feed_entry_elsewhere. */
static enum store_err feeds_entry(struct store *s, int64_t feed_id, const char *key, int elsewhere,
				  int64_t *item_id, char **updated)
{
	*item_id = 0;
	if (updated)
		*updated = NULL;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, elsewhere ? "SELECT coalesce(item_id, 0), updated FROM feed_entries"
			       " WHERE feed_id <> ? AND entry_key = ? ORDER BY item_id IS NULL LIMIT 1"
			     : "SELECT coalesce(item_id, 0), updated FROM feed_entries"
			       " WHERE feed_id = ? AND entry_key = ?",
		&st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, feed_id);
	store_bind_text(st, 2, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*item_id = sqlite3_column_int64(st, 0);
		if (updated) {
			const unsigned char *t = sqlite3_column_text(st, 1);
			*updated = strdup(t ? (const char *)t : "");
			if (!*updated)
				e = store_set_msg(s, STORE_IO, "out of memory");
		}
	} else if (rc == SQLITE_DONE) {
		e = STORE_NOTFOUND;
	} else {
		e = store_fail_msg(s, rc, "read feed entry");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_feed_entry_get(struct store *s, int64_t feed_id, const char *key,
				   int64_t *item_id, char **updated)
{
	return feeds_entry(s, feed_id, key, 0, item_id, updated);
}

enum store_err store_feed_entry_elsewhere(struct store *s, int64_t feed_id, const char *key,
					 int64_t *item_id, char **updated)
{
	return feeds_entry(s, feed_id, key, 1, item_id, updated);
}

enum store_err store_feed_entries_each(struct store *s, int64_t feed_id,
				       int (*fn)(void *ctx, const char *key, const char *lang,
						 const char *slug, const char *updated),
				       void *ctx)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "SELECT e.entry_key, coalesce(i.lang, ''), coalesce(i.slug, ''), e.updated"
		   " FROM feed_entries e LEFT JOIN items i ON i.id = e.item_id AND i.deleted_at = 0"
		   " WHERE e.feed_id = ? ORDER BY e.entry_key",
		&st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, feed_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ctx, feeds_text(st, 0), feeds_text(st, 1), feeds_text(st, 2), feeds_text(st, 3))) {
			e = store_set_msg(s, STORE_IO, "stopped");
			break;
		}
	if (!e && rc != SQLITE_DONE)
		e = store_fail_msg(s, rc, "list feed entries");
	sqlite3_finalize(st);
	return e;
}

int64_t feed_poll_interval(const struct feed_row *f)
{
	return !f->allow_private && f->interval < FEED_INTERVAL_PUBLIC ? FEED_INTERVAL_PUBLIC
								      : f->interval;
}

enum store_err store_feed_entry_relink(struct store *s, int64_t feed_id, const char *link,
				       int (*gone)(void *ctx, const char *key), void *ctx,
				       int64_t *item_id, char **updated)
{
	*item_id = 0;
	*updated = NULL;
	if (!*link)
		return STORE_NOTFOUND;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "SELECT e.entry_key, e.item_id, e.updated FROM feed_entries e"
		   " JOIN items i ON i.id = e.item_id WHERE e.feed_id = ? AND i.source_url = ?",
		&st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, feed_id);
	store_bind_text(st, 2, link);
	size_t found = 0;
	int rc = SQLITE_DONE;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		if (!k || !gone(ctx, k) || ++found > 1)
			continue;
		const char *u = (const char *)sqlite3_column_text(st, 2);
		*item_id = sqlite3_column_int64(st, 1);
		if (!(*updated = strdup(u ? u : "")))
			e = store_set_msg(s, STORE_IO, "out of memory");
	}
	if (!e && rc != SQLITE_DONE)
		e = store_fail_msg(s, rc, "read feed entry");
	sqlite3_finalize(st);
	if (!e && found != 1)
		e = STORE_NOTFOUND;
	if (e) {
		free(*updated);
		*updated = NULL;
		*item_id = 0;
	}
	return e;
}

enum store_err store_feed_entry_put(struct store *s, int64_t feed_id, const char *key,
				   int64_t item_id, const char *updated)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "INSERT INTO feed_entries (feed_id, entry_key, item_id, updated) "
		   "VALUES (?, ?, nullif(?, 0), ?) ON CONFLICT (feed_id, entry_key) DO UPDATE SET "
		   "item_id = excluded.item_id, updated = excluded.updated",
		&st, "query feeds");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, feed_id);
	store_bind_text(st, 2, key);
	sqlite3_bind_int64(st, 3, item_id);
	store_bind_text(st, 4, updated);
	return store_step_done(s, st, "write feed entry");
}
