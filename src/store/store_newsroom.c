/*
 * The SQLite side of store_newsroom.h. Why items are written here and not with
 * store_item_put(): the newsroom edits an item by its id (its language and slug may
 * change) and must refuse a save based on an old revision, which needs the check
 * and the write in one savepoint.
 */
#include "store_newsroom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "store_internal.h"

static enum store_err nr_exec(struct store *s, const char *sql, const char *what)
{
	int rc = sqlite3_exec(store_db(s), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? STORE_OK : store_fail_msg(s, rc, what);
}

/* Runs fn inside a savepoint: whole or not at all, within or without a transaction. */
static enum store_err nr_savepoint_end(struct store *s, enum store_err e)
{
	if (e) {
		sqlite3_exec(store_db(s), "ROLLBACK TO nr; RELEASE nr", NULL, NULL, NULL);
		return e;
	}
	return nr_exec(s, "RELEASE nr", "write");
}

/* ---- the item list ------------------------------------------------------------- */

static void nr_where(struct buf *sql, const struct nr_item_query *q)
{
	switch (q->status) {
	case NR_ST_ANY: buf_lit(sql, " WHERE deleted_at = 0"); break;
	case NR_ST_DRAFT: buf_lit(sql, " WHERE deleted_at = 0 AND status = 'draft'"); break;
	case NR_ST_SCHEDULED:
		buf_lit(sql, " WHERE deleted_at = 0 AND status = 'published' AND published > :now");
		break;
	case NR_ST_EMBARGOED:
		buf_lit(sql, " WHERE deleted_at = 0 AND status = 'published' AND embargo_until > :now");
		break;
	case NR_ST_PUBLISHED:
		buf_lit(sql, " WHERE deleted_at = 0 AND status = 'published' AND published <= :now"
			     " AND embargo_until <= :now");
		break;
	case NR_ST_TRASH: buf_lit(sql, " WHERE deleted_at <> 0"); break;
	}
	if (q->kind >= 0)
		buf_lit(sql, " AND kind = :kind");
	if (q->lang && *q->lang)
		buf_lit(sql, " AND lang = :lang");
	if (q->author_id)
		buf_lit(sql, " AND author_id = :author");
	if (q->search && *q->search)
		buf_lit(sql, " AND title LIKE :search ESCAPE '\\'");
}

static void nr_bind_query(sqlite3_stmt *st, const struct nr_item_query *q, struct buf *like)
{
	int i;
	if ((i = sqlite3_bind_parameter_index(st, ":now")))
		sqlite3_bind_int64(st, i, q->now);
	if ((i = sqlite3_bind_parameter_index(st, ":kind")))
		store_bind_text(st, i, item_kind_slug((enum item_kind)q->kind));
	if ((i = sqlite3_bind_parameter_index(st, ":lang")))
		store_bind_text(st, i, q->lang);
	if ((i = sqlite3_bind_parameter_index(st, ":author")))
		sqlite3_bind_int64(st, i, q->author_id);
	if ((i = sqlite3_bind_parameter_index(st, ":search"))) {
		/* The words as typed, with LIKE's own wildcards taken literally. */
		buf_addc(like, '%');
		for (const char *p = q->search; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_addc(like, '\\');
			buf_addc(like, *p);
		}
		buf_addc(like, '%');
		store_bind_text(st, i, buf_str(like));
	}
	if ((i = sqlite3_bind_parameter_index(st, ":limit")))
		sqlite3_bind_int64(st, i, q->limit ? q->limit : -1);
	if ((i = sqlite3_bind_parameter_index(st, ":offset")))
		sqlite3_bind_int64(st, i, q->offset);
}

enum store_err store_nr_item_list(struct store *s, const struct nr_item_query *q,
				  struct item **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct buf sql, like;
	buf_init(&sql, 4096);
	buf_init(&like, 4096);
	buf_lit(&sql, "SELECT id FROM items");
	nr_where(&sql, q);
	if (q->status == NR_ST_TRASH)
		buf_lit(&sql, " ORDER BY deleted_at DESC, id DESC");
	else
		buf_lit(&sql, " ORDER BY updated DESC, id DESC");
	buf_lit(&sql, " LIMIT :limit OFFSET :offset");
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, buf_str(&sql), &st, "query");
	buf_release(&sql);
	if (e) {
		buf_release(&like);
		return e;
	}
	nr_bind_query(st, q, &like);
	int64_t *ids = NULL;
	size_t len = 0;
	e = store_step_int64s(s, st, &ids, &len, "list items");
	sqlite3_finalize(st);
	buf_release(&like);
	/* The rows themselves through store_item_get, the one reader of an item row. */
	struct item *items = e || !len ? NULL : calloc(len, sizeof(*items));
	if (!e && len && !items)
		e = store_set_msg(s, STORE_IO, "out of memory");
	size_t got = 0;
	for (size_t i = 0; !e && i < len; i++) {
		item_init(&items[got]);
		e = store_item_get(s, ids[i], &items[got]);
		got++;
	}
	free(ids);
	if (e) {
		store_items_free(items, got);
		return e;
	}
	*out = items;
	*n = got;
	return STORE_OK;
}

enum store_err store_nr_item_count(struct store *s, const struct nr_item_query *q,
				   int64_t *count)
{
	struct buf sql, like;
	buf_init(&sql, 4096);
	buf_init(&like, 4096);
	buf_lit(&sql, "SELECT count(*) FROM items");
	nr_where(&sql, q);
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, buf_str(&sql), &st, "query");
	buf_release(&sql);
	if (!e) {
		nr_bind_query(st, q, &like);
		e = store_step_int64(s, st, count, "count items");
		sqlite3_finalize(st);
	}
	buf_release(&like);
	return e;
}

/* ---- saving -------------------------------------------------------------------- */

enum store_err store_nr_slug_taken(struct store *s, const char *lang, const char *slug,
				   int64_t except_id, int *taken)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT 1 FROM items WHERE lang = ? AND slug = ? AND id <> ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, lang);
	store_bind_text(st, 2, slug);
	sqlite3_bind_int64(st, 3, except_id);
	int rc = sqlite3_step(st);
	*taken = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_fail_msg(s, rc, "check slug");
	sqlite3_finalize(st);
	return e;
}

enum store_err store_nr_zones_get(struct store *s, int64_t id, struct item_zones *z)
{
	z->publish[0] = z->embargo[0] = '\0';
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "SELECT publish, embargo FROM item_zones WHERE item_id = ?", &st, "read time zones");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* "" when out of memory: none, the site's zone. */
		store_column_copy(z->publish, sizeof z->publish, st, 0);
		store_column_copy(z->embargo, sizeof z->embargo, st, 1);
	} else if (rc != SQLITE_DONE) {
		e = store_fail_msg(s, rc, "read time zones");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_nr_zones_set(struct store *s, int64_t id, const struct item_zones *z)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "INSERT INTO item_zones (item_id, publish, embargo) VALUES (?, ?, ?) "
		   "ON CONFLICT (item_id) DO UPDATE SET publish = excluded.publish, "
		   "embargo = excluded.embargo",
		&st, "write time zones");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, z->publish);
	store_bind_text(st, 3, z->embargo);
	return store_step_done(s, st, "write time zones");
}

static enum store_err nr_add_revision(struct store *s, int64_t item_id, int64_t number,
				      int64_t user_id, int64_t created, const char *data,
				      int ignore)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, ignore ? "INSERT OR IGNORE INTO revisions (item_id, number, user_id, created, data) "
			    "VALUES (?, ?, nullif(?, 0), ?, ?)"
			  : "INSERT INTO revisions (item_id, number, user_id, created, data) "
			    "VALUES (?, ?, nullif(?, 0), ?, ?)",
		&st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, number);
	sqlite3_bind_int64(st, 3, user_id);
	sqlite3_bind_int64(st, 4, created);
	store_bind_text(st, 5, data);
	return store_step_done(s, st, "write revision");
}

static enum store_err nr_save(struct store *s, struct item *it, int64_t base,
			      const char *snapshot, const char *baseline, int64_t user_id,
			      int64_t now, int *stale)
{
	sqlite3_stmt *st;
	enum store_err e;
	int64_t rev = 1;
	if (it->id) {
		if ((e = store_prepare_as(s, "SELECT revision, updated FROM items WHERE id = ?", &st, "query")))
			return e;
		sqlite3_bind_int64(st, 1, it->id);
		int rc = sqlite3_step(st);
		int64_t cur = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		int64_t updated = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return store_set_msg(s, STORE_NOTFOUND, "no such item");
		if (rc != SQLITE_ROW)
			return store_fail_msg(s, rc, "read item");
		if (cur != base) {
			*stale = 1;
			char msg[160];
			snprintf(msg, sizeof(msg), "item %lld is at revision %lld, not %lld",
				 (long long)it->id, (long long)cur, (long long)base);
			return store_set_msg(s, STORE_CONFLICT, msg);
		}
		if (baseline && (e = nr_add_revision(s, it->id, cur, 0, updated, baseline, 1)))
			return e;
		rev = cur + 1;
	}
	int taken = 0;
	if ((e = store_nr_slug_taken(s, it->lang, it->slug, it->id, &taken)))
		return e;
	if (taken) {
		char msg[200];
		snprintf(msg, sizeof(msg), "another item in '%.40s' has the slug '%.120s'", it->lang,
			 it->slug);
		return store_set_msg(s, STORE_CONFLICT, msg);
	}
	if ((e = store_item_row_write(s, it, it->id, now, now, rev)))
		return e;
	if ((e = nr_add_revision(s, it->id, rev, user_id, now, snapshot, 0)))
		return e;
	it->revision = rev;
	it->updated = now;
	return STORE_OK;
}

enum store_err store_nr_item_save(struct store *s, struct item *it, int64_t base_revision,
				  const char *snapshot, const char *baseline, int64_t user_id,
				  int64_t now, int *stale)
{
	*stale = 0;
	int64_t id = it->id;
	enum store_err e = nr_exec(s, "SAVEPOINT nr", "write item");
	if (e)
		return e;
	e = nr_savepoint_end(s, nr_save(s, it, base_revision, snapshot, baseline, user_id, now, stale));
	if (e)
		it->id = id;
	return e;
}

/* UPDATE items SET <set> WHERE id = ?1, with ?2 bound to v; NOTFOUND if no row. */
static enum store_err nr_item_update(struct store *s, int64_t id, const char *sql, int64_t v,
				     const char *text)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, sql, &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	if (text)
		store_bind_text(st, 2, text);
	else
		sqlite3_bind_int64(st, 2, v);
	return store_step_one(s, st, "update item", "no such item");
}

enum store_err store_nr_item_unpublish(struct store *s, int64_t id, int64_t now)
{
	return nr_item_update(s, id, "UPDATE items SET status = 'draft', updated = ?2 WHERE id = ?1",
			      now, NULL);
}

enum store_err store_nr_item_trash(struct store *s, int64_t id, int64_t now, int trashed)
{
	return trashed ? nr_item_update(s, id, "UPDATE items SET deleted_at = ?2, updated = ?2 WHERE id = ?1",
					now, NULL)
		       : nr_item_update(s, id, "UPDATE items SET deleted_at = 0, updated = ?2 WHERE id = ?1",
					now, NULL);
}

enum store_err store_nr_item_set_translation(struct store *s, int64_t id, const char *key)
{
	return nr_item_update(s, id, "UPDATE items SET translation_key = ?2 WHERE id = ?1", 0, key);
}

/* ---- revisions ------------------------------------------------------------------- */

static int nr_revision_row(sqlite3_stmt *st, void *rev)
{
	struct nr_revision *r = rev;
	r->number = sqlite3_column_int64(st, 0);
	r->user_id = sqlite3_column_int64(st, 1);
	store_column_copy(r->user_name, sizeof(r->user_name), st, 2);
	r->created = sqlite3_column_int64(st, 3);
	return 0;
}

enum store_err store_nr_revision_list(struct store *s, int64_t item_id,
				      struct nr_revision **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "SELECT r.number, coalesce(r.user_id, 0), coalesce(u.name, ''), r.created "
		   "FROM revisions r LEFT JOIN users u ON u.id = r.user_id "
		   "WHERE r.item_id = ? ORDER BY r.number DESC",
		&st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, item_id);
	e = store_step_rows(s, st, sizeof(**out), nr_revision_row, NULL, "list revisions", out, n);
	sqlite3_finalize(st);
	return e;
}

enum store_err store_nr_revision_get(struct store *s, int64_t item_id, int64_t number,
				     struct nr_revision *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "SELECT r.number, coalesce(r.user_id, 0), coalesce(u.name, ''), r.created, r.data "
		   "FROM revisions r LEFT JOIN users u ON u.id = r.user_id "
		   "WHERE r.item_id = ? AND r.number = ?",
		&st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, number);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->number = sqlite3_column_int64(st, 0);
		out->user_id = sqlite3_column_int64(st, 1);
		store_column_copy(out->user_name, sizeof(out->user_name), st, 2);
		out->created = sqlite3_column_int64(st, 3);
		const unsigned char *d = sqlite3_column_text(st, 4);
		out->data = strdup(d ? (const char *)d : "");
		if (!out->data)
			e = store_set_msg(s, STORE_IO, "out of memory");
	} else if (rc == SQLITE_DONE) {
		e = store_set_msg(s, STORE_NOTFOUND, "no such revision");
	} else {
		e = store_fail_msg(s, rc, "read revision");
	}
	sqlite3_finalize(st);
	return e;
}

void nr_revision_clear(struct nr_revision *r)
{
	free(r->data);
	r->data = NULL;
}

void nr_revisions_free(struct nr_revision *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nr_revision_clear(&r[i]);
	free(r);
}

/* ---- media ------------------------------------------------------------------------ */

enum store_err store_nr_media_add(struct store *s, const struct nr_media *m,
				  const void *data, int *existed)
{
	*existed = 0;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT 1 FROM media WHERE name = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, m->name);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) {
		*existed = 1;
		return STORE_OK;
	}
	if (rc != SQLITE_DONE)
		return store_fail_msg(s, rc, "read media");
	e = store_prepare_as(s, "INSERT INTO media (name, type, size, sha256, original_name, data, user_id, "
			  "created) VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0), ?)",
		       &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, m->name);
	store_bind_text(st, 2, m->type);
	sqlite3_bind_int64(st, 3, m->size);
	store_bind_text(st, 4, m->sha256);
	store_bind_text(st, 5, m->original_name);
	sqlite3_bind_blob64(st, 6, data, (sqlite3_uint64)m->size, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, m->user_id);
	sqlite3_bind_int64(st, 8, m->created);
	return store_step_done(s, st, "write media");
}

#define NR_MEDIA_COLUMNS "name, type, size, sha256, original_name, coalesce(user_id, 0), created"

static int nr_media_row(sqlite3_stmt *st, void *row)
{
	struct nr_media *m = row;
	memset(m, 0, sizeof(*m));
	store_column_copy(m->name, sizeof(m->name), st, 0);
	store_column_copy(m->type, sizeof(m->type), st, 1);
	m->size = sqlite3_column_int64(st, 2);
	store_column_copy(m->sha256, sizeof(m->sha256), st, 3);
	store_column_copy(m->original_name, sizeof(m->original_name), st, 4);
	m->user_id = sqlite3_column_int64(st, 5);
	m->created = sqlite3_column_int64(st, 6);
	return 0;
}

enum store_err store_nr_media_get(struct store *s, const char *name, struct nr_media *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT " NR_MEDIA_COLUMNS ", data FROM media WHERE name = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		nr_media_row(st, out);
		const void *d = sqlite3_column_blob(st, 7);
		size_t n = (size_t)sqlite3_column_bytes(st, 7);
		out->size = (int64_t)n;
		out->data = malloc(n ? n : 1);
		if (!out->data)
			e = store_set_msg(s, STORE_IO, "out of memory");
		else if (n)
			memcpy(out->data, d, n);
	} else if (rc == SQLITE_DONE) {
		e = store_set_msg(s, STORE_NOTFOUND, "no such file");
	} else {
		e = store_fail_msg(s, rc, "read media");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_nr_media_list(struct store *s, int64_t offset, int64_t limit,
				   struct nr_media **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT " NR_MEDIA_COLUMNS " FROM media "
					 "ORDER BY created DESC, id DESC LIMIT ? OFFSET ?", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, limit ? limit : -1);
	sqlite3_bind_int64(st, 2, offset);
	e = store_step_rows(s, st, sizeof(**out), nr_media_row, NULL, "list media", out, n);
	sqlite3_finalize(st);
	return e;
}

enum store_err store_nr_media_count(struct store *s, int64_t *count)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT count(*) FROM media", &st, "query");
	if (e)
		return e;
	e = store_step_int64(s, st, count, "count media");
	sqlite3_finalize(st);
	return e;
}

enum store_err store_nr_media_uses(struct store *s, const char *name, int64_t *count,
				   char *title, size_t titlesz)
{
	sqlite3_stmt *st;
	*count = 0;
	if (titlesz)
		title[0] = '\0';
	enum store_err e = store_prepare_as(
		s,
		"SELECT count(*), min(title) FROM items"
		" WHERE instr(body, '/media/' || ?1) > 0 OR instr(lead, '/media/' || ?1) > 0",
		&st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		const unsigned char *t = sqlite3_column_text(st, 1);
		if (t && titlesz)
			snprintf(title, titlesz, "%s", (const char *)t);
	} else {
		e = store_fail_msg(s, rc, "find the items that use a file");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_nr_media_delete(struct store *s, const char *name)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "DELETE FROM media WHERE name = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, name);
	return store_step_one(s, st, "delete media", "no such file");
}

/* ---- preview links ------------------------------------------------------------------ */

enum store_err store_nr_preview_add(struct store *s, const char *token_hash, int64_t item_id,
				    int64_t now)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "INSERT INTO preview_links (token_hash, item_id, created) "
					 "VALUES (?, ?, ?)", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, item_id);
	sqlite3_bind_int64(st, 3, now);
	return store_step_done(s, st, "write preview link");
}

enum store_err store_nr_preview_item(struct store *s, const char *token_hash, int64_t *item_id)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT item_id FROM preview_links "
					 "WHERE token_hash = ? AND revoked = 0", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, token_hash);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*item_id = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		e = store_set_msg(s, STORE_NOTFOUND, "no such preview link");
	else
		e = store_fail_msg(s, rc, "read preview link");
	sqlite3_finalize(st);
	return e;
}

static int nr_preview_row(sqlite3_stmt *st, void *preview)
{
	struct nr_preview *p = preview;
	store_column_copy(p->token_hash, sizeof(p->token_hash), st, 0);
	p->created = sqlite3_column_int64(st, 1);
	p->revoked = sqlite3_column_int(st, 2);
	return 0;
}

enum store_err store_nr_preview_list(struct store *s, int64_t item_id, struct nr_preview **out,
				     size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT token_hash, created, revoked FROM preview_links "
					 "WHERE item_id = ? ORDER BY created DESC, token_hash", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, item_id);
	e = store_step_rows(s, st, sizeof(**out), nr_preview_row, NULL, "list preview links", out, n);
	sqlite3_finalize(st);
	return e;
}

enum store_err store_nr_preview_revoke(struct store *s, int64_t item_id, const char *token_hash)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "UPDATE preview_links SET revoked = 1 "
					 "WHERE item_id = ? AND token_hash = ?", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, item_id);
	store_bind_text(st, 2, token_hash);
	return store_step_one(s, st, "revoke preview link", "no such preview link");
}
