/*
 * store_alias_* for SQLite: the item_aliases table of schema v14; and
 * store_import_mark_*, the import_marks table of v15: what imports left on their
 * items. Every value goes through a bound parameter; messages follow store_sqlite.c.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/strset.h"
#include "../base/tz.h"
#include "store.h"
#include "store_internal.h"

enum store_err store_alias_put(struct store *s, const char *path, int64_t item_id, int *changed)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s,
		"INSERT INTO item_aliases (path, item_id) VALUES (?, ?)"
		" ON CONFLICT (path) DO UPDATE SET item_id = excluded.item_id"
		" WHERE item_id <> excluded.item_id",
		&st, "write old address");
	if (e)
		return e;
	store_bind_text(st, 1, path);
	sqlite3_bind_int64(st, 2, item_id);
	e = store_step_done(s, st, "write old address");
	if (changed)
		*changed = !e && sqlite3_changes(store_db(s)) > 0;
	return e;
}

enum store_err store_alias_delete(struct store *s, const char *path, int64_t item_id)
{
	return store_step_text_id(s, "DELETE FROM item_aliases WHERE path = ? AND item_id = ?", path,
				  item_id, "remove old address", "remove old address: not this item's");
}

/* The item id sql (one parameter: key) selects into *item_id; STORE_NOTFOUND when
 * none. what names it in messages. */
static enum store_err aliases_item_of(struct store *s, const char *sql, const char *key,
				      int64_t *item_id, const char *what)
{
	sqlite3_stmt *st;
	*item_id = 0;
	enum store_err e = store_prepare_as(s, sql, &st, what);
	if (e)
		return e;
	store_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*item_id = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		e = STORE_NOTFOUND;
	else
		e = store_fail_msg(s, rc, what);
	sqlite3_finalize(st);
	return e;
}

enum store_err store_alias_find(struct store *s, const char *path, int64_t *item_id)
{
	return aliases_item_of(s, "SELECT item_id FROM item_aliases WHERE path = ?", path, item_id,
			       "read old address");
}

static int alias_row(sqlite3_stmt *st, void *alias)
{
	struct store_alias *a = alias;
	const char *p = (const char *)sqlite3_column_text(st, 0);
	a->item_id = sqlite3_column_int64(st, 1);
	return !(a->path = strdup(p ? p : ""));
}

static void alias_drop(void *v, size_t n)
{
	store_aliases_free(v, n);
}

enum store_err store_alias_list(struct store *s, int64_t item_id, struct store_alias **out,
				size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s,
		item_id ? "SELECT path, item_id FROM item_aliases WHERE item_id = ? ORDER BY path"
			: "SELECT path, item_id FROM item_aliases ORDER BY item_id, path",
		&st, "list old addresses");
	if (e)
		return e;
	if (item_id)
		sqlite3_bind_int64(st, 1, item_id);
	e = store_step_rows(s, st, sizeof(**out), alias_row, alias_drop, "list old addresses", out, n);
	sqlite3_finalize(st);
	return e;
}

const struct store_alias *store_aliases_of(const struct store_alias *v, size_t n, int64_t id,
					   size_t *count)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].item_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n && v[end].item_id == id)
		end++;
	*count = end - lo;
	return end > lo ? v + lo : NULL;
}

void store_aliases_free(struct store_alias *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

enum store_err store_import_mark_get(struct store *s, int64_t item_id, char *source, size_t n,
				     char *origin, size_t on, int *edited)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s,
		"SELECT m.source, m.revision <> i.revision, m.origin FROM import_marks m"
		" JOIN items i ON i.id = m.item_id WHERE m.item_id = ?",
		&st, "read import mark");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, item_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_column_copy(source, n, st, 0);
		*edited = sqlite3_column_int(st, 1) != 0;
		if (origin)
			store_column_copy(origin, on, st, 2);
	} else {
		e = rc == SQLITE_DONE ? STORE_NOTFOUND : store_fail_msg(s, rc, "read import mark");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_import_mark_put(struct store *s, int64_t item_id, const char *source,
				     const char *origin, int dated_by_day)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s,
		"INSERT OR REPLACE INTO import_marks (item_id, source, revision, origin)"
		" SELECT id, ?, revision, ? FROM items WHERE id = ?",
		&st, "write import mark");
	if (e)
		return e;
	store_bind_text(st, 1, source);
	store_bind_text(st, 2, origin ? origin : "");
	sqlite3_bind_int64(st, 3, item_id);
	if ((e = store_step_one(s, st, "write import mark", "write import mark: no such item")))
		return e;
	if ((e = store_prepare_as(s, "INSERT OR REPLACE INTO import_days (item_id, by_day) VALUES (?, ?)",
				  &st, "write import mark")))
		return e;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int(st, 2, dated_by_day != 0);
	return store_step_done(s, st, "write import mark");
}

enum store_err store_import_mark_origin(struct store *s, const char *origin, int64_t *item_id)
{
	return aliases_item_of(s, "SELECT item_id FROM import_marks WHERE origin = ? AND origin <> ''",
			       origin, item_id, "read import mark");
}

/* Whether the list ("a\nb\n"; NULL: none) has the line path. */
static int aliases_listed(const char *list, const char *path)
{
	return strlist_has(list, list ? strlen(list) : 0, path, strlen(path));
}

enum store_err store_import_aliases_set(struct store *s, int64_t item_id,
					const struct store_import_aliases *a, struct buf *removed)
{
	sqlite3_stmt *st, *del = NULL;
	enum store_err e = store_prepare_as(
		s, "SELECT path, made FROM import_aliases WHERE item_id = ? AND source = ?", &st,
		"read an import's old addresses");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, item_id);
	store_bind_text(st, 2, a->source);
	struct buf gone;
	buf_init(&gone, 0);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_text(st, 0);
		const int made = sqlite3_column_int(st, 1);
		if (p && !a->keep && !(made && !a->made_known) &&
		    !aliases_listed(a->given, (const char *)p)) {
			buf_adds(&gone, (const char *)p);
			buf_addc(&gone, '\n');
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		e = store_fail_msg(s, rc, "read an import's old addresses");
	else if (buf_failed(&gone))
		e = store_fail_msg(s, SQLITE_NOMEM, "read an import's old addresses");
	/* Each goes off the item (if it still leads there) and off the source's list. */
	sqlite3_stmt *off = NULL;
	if (!e && gone.len &&
	    !(e = store_prepare_as(s, "DELETE FROM item_aliases WHERE path = ? AND item_id = ?", &del,
				   "remove an old address")))
		e = store_prepare_as(s, "DELETE FROM import_aliases WHERE path = ? AND item_id = ?", &off,
				     "write an import's old addresses");
	for (const char *l = gone.len ? gone.data : NULL, *nl; !e && l && (nl = strchr(l, '\n'));
	     l = nl + 1) {
		for (int k = 0; k < 2 && !e; k++) {
			sqlite3_stmt *q = k ? off : del;
			sqlite3_reset(q);
			sqlite3_bind_text(q, 1, l, (int)(nl - l), SQLITE_STATIC);
			sqlite3_bind_int64(q, 2, item_id);
			if ((rc = sqlite3_step(q)) != SQLITE_DONE)
				e = store_fail_msg(s, rc, k ? "write an import's old addresses"
							    : "remove an old address");
			else if (!k && sqlite3_changes(store_db(s)) > 0)
				buf_add(removed, l, (size_t)(nl - l) + 1);
		}
	}
	sqlite3_finalize(del);
	sqlite3_finalize(off);
	buf_release(&gone);
	if (e || !a->given || !*a->given)
		return e;
	/* The source's now: what this import wrote, or a source gave before. */
	if ((e = store_prepare_as(
		     s,
		     "INSERT INTO import_aliases (item_id, path, source, made)"
		     " SELECT ?1, ?2, ?3, ?4 WHERE ?5 OR EXISTS (SELECT 1 FROM import_aliases"
		     " WHERE item_id = ?1 AND path = ?2)"
		     " ON CONFLICT (item_id, path) DO UPDATE SET source = excluded.source,"
		     " made = excluded.made",
		     &st, "write an import's old addresses")))
		return e;
	for (const char *l = a->given, *nl; !e && (nl = strchr(l, '\n')); l = nl + 1) {
		const size_t n = (size_t)(nl - l);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, item_id);
		sqlite3_bind_text(st, 2, l, (int)(nl - l), SQLITE_STATIC);
		store_bind_text(st, 3, a->source);
		sqlite3_bind_int(st, 4, strlist_has(a->made, a->made ? strlen(a->made) : 0, l, n));
		sqlite3_bind_int(st, 5, strlist_has(a->fresh, a->fresh ? strlen(a->fresh) : 0, l, n));
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			e = store_fail_msg(s, rc, "write an import's old addresses");
	}
	sqlite3_finalize(st);
	return e;
}

/* The rows store_import_days_keep looks at: an imported item's id and times. */
struct days_row {
	int64_t id, published, updated;
};

static int days_row_read(sqlite3_stmt *st, void *row)
{
	struct days_row *r = row;
	r->id = sqlite3_column_int64(st, 0);
	r->published = sqlite3_column_int64(st, 1);
	r->updated = sqlite3_column_int64(st, 2);
	return 0;
}

static enum store_err import_days_keep(struct store *s, const char *from, const char *to,
				       int64_t now, int64_t *moved)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s,
		"SELECT i.id, i.published, i.updated FROM items i JOIN import_marks m ON m.item_id = i.id"
		" LEFT JOIN import_days d ON d.item_id = i.id"
		" WHERE i.status = 'published' AND i.published <= ? AND i.embargo_until <= ?"
		" AND i.deleted_at = 0 AND coalesce(d.by_day, 1)",
		&st, "read imported items");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, now);
	struct days_row *v = NULL;
	size_t n = 0;
	e = store_step_rows(s, st, sizeof(*v), days_row_read, NULL, "read imported items", &v, &n);
	sqlite3_finalize(st);
	if (e)
		return e;
	if (n && (e = store_prepare_as(s,
				       "UPDATE items SET published = ?1, updated = CASE WHEN"
				       " updated = ?2 THEN ?1 ELSE updated END WHERE id = ?3",
				       &st, "keep the day of an imported item"))) {
		free(v);
		return e;
	}
	for (size_t i = 0; i < n && !e; i++) {
		struct civil c;
		char ymd[16];
		int64_t t;
		if (tz_civil(from, v[i].published, &c) || c.hour || c.min || c.sec)
			continue;
		snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", c.year, c.month, c.day);
		if (tz_day_start(to, ymd, 0, &t) || t == v[i].published)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, t);
		sqlite3_bind_int64(st, 2, v[i].published);
		sqlite3_bind_int64(st, 3, v[i].id);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			e = store_fail_msg(s, rc, "keep the day of an imported item");
		else
			(*moved)++;
	}
	if (n)
		sqlite3_finalize(st);
	free(v);
	return e;
}

enum store_err store_timezone_set(struct store *s, const char *zone, const char *was, int64_t now,
				  int64_t *moved)
{
	*moved = 0;
	enum store_err e = store_exec(s, "SAVEPOINT timezone", "change the time zone");
	if (e)
		return e;
	e = store_setting_set(s, "timezone", zone);
	if (!e && strcmp(was, zone))
		e = import_days_keep(s, was, zone, now, moved);
	if (e) {
		sqlite3_exec(store_db(s), "ROLLBACK TO timezone; RELEASE timezone", NULL, NULL, NULL);
		*moved = 0;
		return e;
	}
	return store_exec(s, "RELEASE timezone", "change the time zone");
}
