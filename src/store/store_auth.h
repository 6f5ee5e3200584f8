/*
 * store_auth: accounts, sessions, login throttling and the audit log, as part of
 * the store interface (store.h conventions: enum store_err, store_errmsg()).
 * Implemented for SQLite in store_auth.c; tables come from schema version 2.
 * Tokens are never stored: only their hashes (hex of a BLAKE2b/SHA-256 digest).
 */
#ifndef PR_STORE_AUTH_H
#define PR_STORE_AUTH_H

#include <stdint.h>

#include "store.h"

enum user_role { ROLE_CONTRIBUTOR = 1, ROLE_EDITOR = 2, ROLE_ADMIN = 3 };

struct user {
	int64_t id;
	char name[64];
	enum user_role role;
	int disabled;
	int64_t created;
	char pwhash[192];     /* libsodium crypto_pwhash_str output */
};

const char *user_role_name(enum user_role r);
/* Returns the role for "contributor" / "editor" / "admin", or 0. */
enum user_role user_role_parse(const char *s);
/* 0 if name is a valid account name: 1-60 of a-z A-Z 0-9 . _ - @, not starting with '-';
 * -1 if not. Note: 0 means valid (like tz_valid), so test it as `if (user_valid_name(n) != 0)`. */
int user_valid_name(const char *name);

/* STORE_INVALID for a bad name, role or empty hash; STORE_CONFLICT "user 'x' exists already".
 * id may be NULL. */
enum store_err store_user_add(struct store *s, const char *name, enum user_role role,
			      const char *pwhash, int64_t *id);
/* get / get_id / set_*: STORE_NOTFOUND ("user 'x': no such user") if absent. */
enum store_err store_user_get(struct store *s, const char *name, struct user *out);
enum store_err store_user_get_id(struct store *s, int64_t id, struct user *out);
enum store_err store_user_set_password(struct store *s, int64_t id, const char *pwhash);
enum store_err store_user_set_role(struct store *s, int64_t id, enum user_role role);
enum store_err store_user_set_disabled(struct store *s, int64_t id, int disabled);
/* All users by name; free(*out) (NULL when there are none). */
enum store_err store_user_list(struct store *s, struct user **out, size_t *n);

struct session_row {
	int64_t user_id;
	char csrf[72];
	int64_t created, last_seen;
};

enum store_err store_session_add(struct store *s, const char *token_hash, int64_t user_id,
				 const char *csrf, const char *addr, int64_t now);
/* STORE_NOTFOUND if absent. Does not check expiry: the caller does. */
enum store_err store_session_get(struct store *s, const char *token_hash, struct session_row *out);
enum store_err store_session_touch(struct store *s, const char *token_hash, int64_t now);
enum store_err store_session_delete(struct store *s, const char *token_hash);
enum store_err store_session_delete_user(struct store *s, int64_t user_id);
/* Deletes the user's sessions except the one whose token hashes to keep_hash. */
enum store_err store_session_delete_others(struct store *s, int64_t user_id,
					   const char *keep_hash);
/* Deletes the sessions last seen before older_than. */
enum store_err store_session_expire(struct store *s, int64_t older_than);

/* Login throttling, keyed by "user:NAME" or "addr:IP". */
struct login_failures {
	int64_t count, first, locked_until;
};
/* An absent key reads as all zero (STORE_OK). */
enum store_err store_login_failures_get(struct store *s, const char *key,
					struct login_failures *out);
enum store_err store_login_failures_set(struct store *s, const char *key,
					const struct login_failures *f);
enum store_err store_login_failures_clear(struct store *s, const char *key);
/* Forgets keys that are not locked at now and whose first failure is before older_than. */
enum store_err store_login_failures_prune(struct store *s, int64_t now, int64_t older_than);

/* Audit log: who did what to which item, when. */
struct audit_row {
	int64_t id, at, user_id, item_id;
	char *user_name, *action, *detail;   /* owned; audit_rows_free */
};
/* user_id and item_id 0 are stored as NULL (no user, no item); read back as 0. */
enum store_err store_audit_add(struct store *s, int64_t user_id, const char *user_name,
			       const char *action, int64_t item_id, const char *detail, int64_t at);
/* Newest first; limit 0 = all. */
enum store_err store_audit_list(struct store *s, int64_t offset, int64_t limit,
				struct audit_row **out, size_t *n);
void audit_rows_free(struct audit_row *rows, size_t n);

#endif
