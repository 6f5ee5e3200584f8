/*
 * store_auth for SQLite: users, sessions, login_failures and audit (schema v2).
 * Every value goes through a bound parameter; messages follow store_sqlite.c
 * ("FILE: what: why").
 */
#include "store_auth.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "store_internal.h"

static const char *const user_role_names[] = {NULL, "contributor", "editor", "admin"};

const char *user_role_name(enum user_role r)
{
	return r >= ROLE_CONTRIBUTOR && r <= ROLE_ADMIN ? user_role_names[r] : "unknown";
}

enum user_role user_role_parse(const char *s)
{
	for (int r = ROLE_CONTRIBUTOR; s && r <= ROLE_ADMIN; r++)
		if (!strcmp(s, user_role_names[r]))
			return (enum user_role)r;
	return 0;
}

int user_valid_name(const char *name)
{
	if (!name || !name[0] || name[0] == '-')
		return -1;
	size_t n = 0;
	for (const char *p = name; *p; p++, n++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '.' || c == '_' || c == '-' || c == '@';
		if (!ok || n >= 60)
			return -1;
	}
	return 0;
}

/* Like store_step_done, for an UPDATE of one user: STORE_NOTFOUND if no row changed. */
static enum store_err sa_user_update(struct store *s, sqlite3_stmt *st, int64_t id,
				     const char *what)
{
	enum store_err e = store_step_done(s, st, what);
	if (!e && sqlite3_changes(store_db(s)) == 0) {
		char msg[96];
		snprintf(msg, sizeof(msg), "user #%lld: no such user", (long long)id);
		e = store_set_msg(s, STORE_NOTFOUND, msg);
	}
	return e;
}

#define USER_COLUMNS "id, name, role, disabled, created, pwhash"

static int sa_row_user(sqlite3_stmt *st, void *row)
{
	struct user *u = row;
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	store_column_copy(u->name, sizeof(u->name), st, 1);
	u->role = user_role_parse((const char *)sqlite3_column_text(st, 2));
	u->disabled = sqlite3_column_int(st, 3) != 0;
	u->created = sqlite3_column_int64(st, 4);
	store_column_copy(u->pwhash, sizeof(u->pwhash), st, 5);
	return 0;
}

/* Reads one user from st (bound); "who" names it in the not-found message. */
static enum store_err sa_user_one(struct store *s, sqlite3_stmt *st, const char *who,
				  struct user *out)
{
	enum store_err e = STORE_OK;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sa_row_user(st, out);
	} else if (rc == SQLITE_DONE) {
		char msg[128];
		snprintf(msg, sizeof(msg), "%s: no such user", who);
		e = store_set_msg(s, STORE_NOTFOUND, msg);
	} else {
		e = store_fail_msg(s, rc, "read user");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_user_add(struct store *s, const char *name, enum user_role role,
			      const char *pwhash, int64_t *id)
{
	if (user_valid_name(name) != 0)
		return store_set_msg(s, STORE_INVALID,
				     "user name: 1 to 60 of a-z A-Z 0-9 . _ - @, not starting with '-'");
	if (role < ROLE_CONTRIBUTOR || role > ROLE_ADMIN)
		return store_set_msg(s, STORE_INVALID, "role: contributor, editor or admin");
	if (!pwhash || !pwhash[0] || strlen(pwhash) >= sizeof(((struct user *)0)->pwhash))
		return store_set_msg(s, STORE_INVALID, "password hash: missing or too long");
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "INSERT INTO users (name, role, pwhash, disabled, created) VALUES (?, ?, ?, 0, ?)",
		&st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, user_role_name(role));
	store_bind_text(st, 3, pwhash);
	sqlite3_bind_int64(st, 4, clock_now());
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		if (id)
			*id = sqlite3_last_insert_rowid(store_db(s));
	} else if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		char msg[128];
		snprintf(msg, sizeof(msg), "user '%s' exists already", name);
		e = store_set_msg(s, STORE_CONFLICT, msg);
	} else {
		e = store_fail_msg(s, rc, "add user");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_user_get(struct store *s, const char *name, struct user *out)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT " USER_COLUMNS " FROM users WHERE name = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, name);
	char who[96];
	snprintf(who, sizeof(who), "user '%.64s'", name ? name : "");
	return sa_user_one(s, st, who, out);
}

enum store_err store_user_get_id(struct store *s, int64_t id, struct user *out)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	char who[64];
	snprintf(who, sizeof(who), "user #%lld", (long long)id);
	return sa_user_one(s, st, who, out);
}

enum store_err store_user_set_password(struct store *s, int64_t id, const char *pwhash)
{
	if (!pwhash || !pwhash[0] || strlen(pwhash) >= sizeof(((struct user *)0)->pwhash))
		return store_set_msg(s, STORE_INVALID, "password hash: missing or too long");
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "UPDATE users SET pwhash = ? WHERE id = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, pwhash);
	sqlite3_bind_int64(st, 2, id);
	return sa_user_update(s, st, id, "set password");
}

enum store_err store_user_set_role(struct store *s, int64_t id, enum user_role role)
{
	if (role < ROLE_CONTRIBUTOR || role > ROLE_ADMIN)
		return store_set_msg(s, STORE_INVALID, "role: contributor, editor or admin");
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "UPDATE users SET role = ? WHERE id = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, user_role_name(role));
	sqlite3_bind_int64(st, 2, id);
	return sa_user_update(s, st, id, "set role");
}

enum store_err store_user_set_disabled(struct store *s, int64_t id, int disabled)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "UPDATE users SET disabled = ? WHERE id = ?", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int(st, 1, disabled != 0);
	sqlite3_bind_int64(st, 2, id);
	return sa_user_update(s, st, id, "set disabled");
}

enum store_err store_user_list(struct store *s, struct user **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "SELECT " USER_COLUMNS " FROM users ORDER BY name", &st, "query");
	if (e)
		return e;
	e = store_step_rows(s, st, sizeof(**out), sa_row_user, NULL, "list users", out, n);
	sqlite3_finalize(st);
	return e;
}

enum store_err store_session_add(struct store *s, const char *token_hash, int64_t user_id,
				 const char *csrf, const char *addr, int64_t now)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s,
				      "INSERT INTO sessions (token_hash, user_id, csrf, created, last_seen, addr)"
				      " VALUES (?, ?, ?, ?, ?, ?)",
				      &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, user_id);
	store_bind_text(st, 3, csrf);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, now);
	store_bind_text(st, 6, addr);
	return store_step_done(s, st, "add session");
}

enum store_err store_session_get(struct store *s, const char *token_hash, struct session_row *out)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "SELECT user_id, csrf, created, last_seen FROM sessions WHERE token_hash = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, token_hash);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->user_id = sqlite3_column_int64(st, 0);
		store_column_copy(out->csrf, sizeof(out->csrf), st, 1);
		out->created = sqlite3_column_int64(st, 2);
		out->last_seen = sqlite3_column_int64(st, 3);
	} else if (rc == SQLITE_DONE) {
		e = store_set_msg(s, STORE_NOTFOUND, "no such session");
	} else {
		e = store_fail_msg(s, rc, "read session");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_session_touch(struct store *s, const char *token_hash, int64_t now)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, now);
	store_bind_text(st, 2, token_hash);
	return store_step_done(s, st, "touch session");
}

enum store_err store_session_delete(struct store *s, const char *token_hash)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "DELETE FROM sessions WHERE token_hash = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, token_hash);
	return store_step_done(s, st, "delete session");
}

enum store_err store_session_delete_user(struct store *s, int64_t user_id)
{
	return store_session_delete_others(s, user_id, "");
}

enum store_err store_session_delete_others(struct store *s, int64_t user_id,
					   const char *keep_hash)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, user_id);
	store_bind_text(st, 2, keep_hash);
	return store_step_done(s, st, "end sessions");
}

enum store_err store_session_expire(struct store *s, int64_t older_than)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "DELETE FROM sessions WHERE last_seen < ?", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, older_than);
	return store_step_done(s, st, "expire sessions");
}

enum store_err store_login_failures_get(struct store *s, const char *key,
					struct login_failures *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "SELECT count, first, locked_until FROM login_failures WHERE key = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->count = sqlite3_column_int64(st, 0);
		out->first = sqlite3_column_int64(st, 1);
		out->locked_until = sqlite3_column_int64(st, 2);
	} else if (rc != SQLITE_DONE) {
		e = store_fail_msg(s, rc, "read login failures");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_login_failures_set(struct store *s, const char *key,
					const struct login_failures *f)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "INSERT INTO login_failures (key, count, first, locked_until) VALUES (?, ?, ?, ?) "
		   "ON CONFLICT (key) DO UPDATE SET count = excluded.count, first = excluded.first,"
		   " locked_until = excluded.locked_until",
		&st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, f->count);
	sqlite3_bind_int64(st, 3, f->first);
	sqlite3_bind_int64(st, 4, f->locked_until);
	return store_step_done(s, st, "write login failures");
}

enum store_err store_login_failures_clear(struct store *s, const char *key)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, "DELETE FROM login_failures WHERE key = ?", &st, "query");
	if (e)
		return e;
	store_bind_text(st, 1, key);
	return store_step_done(s, st, "clear login failures");
}

enum store_err store_login_failures_prune(struct store *s, int64_t now, int64_t older_than)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(
		s, "DELETE FROM login_failures WHERE locked_until <= ? AND first < ?", &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, older_than);
	return store_step_done(s, st, "prune login failures");
}

enum store_err store_audit_add(struct store *s, int64_t user_id, const char *user_name,
			       const char *action, int64_t item_id, const char *detail, int64_t at)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s,
				      "INSERT INTO audit (at, user_id, user_name, action, item_id, detail)"
				      " VALUES (?, ?, ?, ?, ?, ?)",
				      &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, at);
	if (user_id)
		sqlite3_bind_int64(st, 2, user_id);
	else
		sqlite3_bind_null(st, 2);
	store_bind_text(st, 3, user_name);
	store_bind_text(st, 4, action);
	if (item_id)
		sqlite3_bind_int64(st, 5, item_id);
	else
		sqlite3_bind_null(st, 5);
	store_bind_text(st, 6, detail);
	return store_step_done(s, st, "write audit log");
}

static char *sa_dup(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	return strdup(t ? t : "");
}

static int sa_row_audit(sqlite3_stmt *st, void *row)
{
	struct audit_row *r = row;
	r->id = sqlite3_column_int64(st, 0);
	r->at = sqlite3_column_int64(st, 1);
	r->user_id = sqlite3_column_int64(st, 2);
	r->item_id = sqlite3_column_int64(st, 3);
	r->user_name = sa_dup(st, 4);
	r->action = sa_dup(st, 5);
	r->detail = sa_dup(st, 6);
	return !r->user_name || !r->action || !r->detail;
}

static void sa_audit_drop(void *v, size_t n)
{
	audit_rows_free(v, n);
}

enum store_err store_audit_list(struct store *s, int64_t offset, int64_t limit,
				struct audit_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s,
				      "SELECT id, at, coalesce(user_id, 0), coalesce(item_id, 0),"
				      " user_name, action, detail FROM audit"
				      " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
				      &st, "query");
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
	sqlite3_bind_int64(st, 2, offset > 0 ? offset : 0);
	e = store_step_rows(s, st, sizeof(**out), sa_row_audit, sa_audit_drop, "read audit log", out,
			    n);
	sqlite3_finalize(st);
	return e;
}

void audit_rows_free(struct audit_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++) {
		free(rows[i].user_name);
		free(rows[i].action);
		free(rows[i].detail);
	}
	free(rows);
}
