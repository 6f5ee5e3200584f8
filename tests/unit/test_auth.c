/*
 * auth and store_auth: passwords, logins, throttling, sessions, CSRF, the hashing
 * slots. argon2id at 64 MiB costs ~0.1-0.3 s a hash, so this file runs about a
 * dozen of them: failures use passwords under 12 bytes (refused without hashing)
 * and the lockout is driven through the 'now' argument, never by sleeping.
 */
#include "test.h"

#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../../src/newsroom/auth.h"
#include "../../src/store/store_internal.h"

#define T0 ((int64_t)1800000000)   /* a fixed 'now' */
#define GOOD_PW "correct horse battery staple"

/* A fresh site in a temporary folder; auth_db_close removes it. */
struct auth_db {
	char dir[64], path[96];
	struct store *s;
};

static int auth_db_open(struct auth_db *d)
{
	snprintf(d->dir, sizeof(d->dir), "/tmp/pressroom-auth-XXXXXX");
	d->s = NULL;
	if (!mkdtemp(d->dir))
		return -1;
	snprintf(d->path, sizeof(d->path), "%s/site.db", d->dir);
	char err[1200];
	if (store_open(d->path, STORE_OPEN_CREATE, &d->s, err, sizeof(err))) {
		fprintf(stderr, "  %s\n", err);
		return -1;
	}
	return auth_init();
}

static void auth_db_close(struct auth_db *d)
{
	store_close(d->s);
	const char *suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s%s", d->path, suffix[i]);
		unlink(p);
	}
	rmdir(d->dir);
}

/* The hash of GOOD_PW, made once for every test that needs an account. */
static const char *auth_good_hash(void)
{
	static char hash[crypto_pwhash_STRBYTES];
	if (!hash[0] && auth_hash_password(GOOD_PW, hash, sizeof(hash)) != AUTH_OK)
		hash[0] = '\0';
	return hash;
}

static int64_t auth_add_user(struct auth_db *d, const char *name, enum user_role role)
{
	int64_t id = 0;
	const char *h = auth_good_hash();
	if (!h[0] || store_user_add(d->s, name, role, h, &id) != STORE_OK)
		return 0;
	return id;
}

/* One integer from SQL with one text parameter. */
static int64_t auth_sql_int(struct auth_db *d, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(store_db(d->s), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

TEST(auth_user_names_roles)
{
	CHECK(user_valid_name("alice") == 0);
	CHECK(user_valid_name("press.office_2-x@example") == 0);
	CHECK(user_valid_name("") != 0);
	CHECK(user_valid_name("-alice") != 0);
	CHECK(user_valid_name("al ice") != 0);
	CHECK(user_valid_name("al'ice") != 0);
	CHECK(user_valid_name("\xc3\xa9lise") != 0);
	char n60[61], n61[62];
	memset(n60, 'a', 60);
	n60[60] = '\0';
	memset(n61, 'a', 61);
	n61[61] = '\0';
	CHECK(user_valid_name(n60) == 0);
	CHECK(user_valid_name(n61) != 0);
	CHECK(user_role_parse("editor") == ROLE_EDITOR);
	CHECK(user_role_parse("admin") == ROLE_ADMIN);
	CHECK(user_role_parse("contributor") == ROLE_CONTRIBUTOR);
	CHECK(user_role_parse("Admin") == 0);
	CHECK(user_role_parse(NULL) == 0);
	CHECK_STR(user_role_name(ROLE_EDITOR), "editor");
}

TEST(auth_store_users)
{
	struct auth_db d;
	if (auth_db_open(&d)) {
		CHECK(!"open a temporary site");
		return;
	}
	int64_t a = 0, b = 0;
	CHECK(store_user_add(d.s, "zoe", ROLE_ADMIN, "$argon2id$x", &a) == STORE_OK);
	CHECK(store_user_add(d.s, "adam", ROLE_CONTRIBUTOR, "$argon2id$y", &b) == STORE_OK);
	CHECK(a > 0 && b > 0 && a != b);
	CHECK(store_user_add(d.s, "zoe", ROLE_EDITOR, "$argon2id$z", NULL) == STORE_CONFLICT);
	CHECK_HAS(store_errmsg(d.s), "user 'zoe' exists already");
	CHECK(store_user_add(d.s, "bad name", ROLE_EDITOR, "h", NULL) == STORE_INVALID);
	CHECK(store_user_add(d.s, "carl", 7, "h", NULL) == STORE_INVALID);
	CHECK(store_user_add(d.s, "carl", ROLE_EDITOR, "", NULL) == STORE_INVALID);

	struct user u;
	CHECK(store_user_get(d.s, "nobody", &u) == STORE_NOTFOUND);
	CHECK_HAS(store_errmsg(d.s), "user 'nobody': no such user");
	CHECK(store_user_get(d.s, "zoe", &u) == STORE_OK);
	CHECK(u.id == a && u.role == ROLE_ADMIN && !u.disabled);
	CHECK_STR(u.pwhash, "$argon2id$x");
	CHECK(store_user_set_role(d.s, a, ROLE_EDITOR) == STORE_OK);
	CHECK(store_user_set_disabled(d.s, a, 1) == STORE_OK);
	CHECK(store_user_set_password(d.s, a, "$argon2id$w") == STORE_OK);
	CHECK(store_user_get_id(d.s, a, &u) == STORE_OK);
	CHECK(u.role == ROLE_EDITOR && u.disabled);
	CHECK_STR(u.pwhash, "$argon2id$w");
	CHECK(store_user_set_role(d.s, 9999, ROLE_EDITOR) == STORE_NOTFOUND);
	CHECK(store_user_get_id(d.s, 9999, &u) == STORE_NOTFOUND);

	struct user *list = NULL;
	size_t n = 0;
	CHECK(store_user_list(d.s, &list, &n) == STORE_OK);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(list[0].name, "adam");
		CHECK_STR(list[1].name, "zoe");
	}
	free(list);

	/* A name that looks like SQL is just a name: parameters are bound. */
	CHECK(store_user_get(d.s, "x' OR '1'='1", &u) == STORE_NOTFOUND);

	CHECK(store_audit_add(d.s, 0, "cli", "user-add", 0, "first", T0) == STORE_OK);
	CHECK(store_audit_add(d.s, a, "zoe", "login", 0, "second", T0 + 1) == STORE_OK);
	struct audit_row *rows = NULL;
	CHECK(store_audit_list(d.s, 0, 0, &rows, &n) == STORE_OK);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(rows[0].action, "login");
		CHECK(rows[0].user_id == a);
		CHECK_STR(rows[1].user_name, "cli");
		CHECK(rows[1].user_id == 0 && rows[1].item_id == 0);
	}
	audit_rows_free(rows, n);
	CHECK(store_audit_list(d.s, 1, 1, &rows, &n) == STORE_OK);
	CHECK(n == 1 && !strcmp(rows[0].detail, "first"));
	audit_rows_free(rows, n);
	auth_db_close(&d);
}

TEST(auth_password_rules)
{
	CHECK(auth_init() == 0);
	char pw[300], hash[crypto_pwhash_STRBYTES];
	memset(pw, 'a', sizeof(pw));
	pw[11] = '\0';
	CHECK_STR(auth_password_problem(pw), "must be 12 to 256 characters");
	CHECK(auth_hash_password(pw, hash, sizeof(hash)) == AUTH_WEAK);
	memset(pw, 'a', sizeof(pw));
	pw[257] = '\0';
	CHECK(auth_hash_password(pw, hash, sizeof(hash)) == AUTH_WEAK);
	CHECK(auth_password_problem("") != NULL);
	CHECK(auth_password_problem(NULL) != NULL);
	/* Not UTF-8: a lone continuation byte, an overlong '/', a surrogate, a cut sequence. */
	CHECK_STR(auth_password_problem("abcdefghijk\x80"), "must be valid UTF-8");
	CHECK(auth_password_problem("abcdefghijk\xc0\xaf") != NULL);
	CHECK(auth_password_problem("abcdefghijk\xed\xa0\x80") != NULL);
	CHECK(auth_password_problem("abcdefghijk\xe2\x82") != NULL);
	CHECK(auth_hash_password("abcdefghijk\xff", hash, sizeof(hash)) == AUTH_WEAK);
	CHECK(auth_password_problem("пароль пароль") == NULL);   /* 13 letters, 25 bytes */
	CHECK(auth_hash_password(GOOD_PW, hash, 16) == AUTH_ERROR);

	/* 12 and 256 bytes are accepted; the hash is argon2id, 64 MiB, 3 passes. */
	memset(pw, 'b', sizeof(pw));
	pw[12] = '\0';
	CHECK(auth_hash_password(pw, hash, sizeof(hash)) == AUTH_OK);
	CHECK(!strncmp(hash, "$argon2id$", 10));
	CHECK_HAS(hash, "m=65536,t=3");
	memset(pw, 'c', sizeof(pw));
	pw[256] = '\0';
	CHECK(auth_hash_password(pw, hash, sizeof(hash)) == AUTH_OK);
	CHECK(crypto_pwhash_str_verify(hash, pw, 256) == 0);
}

TEST(auth_password_not_truncated)
{
	CHECK(auth_init() == 0);
	char pw[201], hash[crypto_pwhash_STRBYTES];
	memset(pw, 'd', 200);
	pw[200] = '\0';
	CHECK(auth_hash_password(pw, hash, sizeof(hash)) == AUTH_OK);
	pw[199] = 'e';
	CHECK(crypto_pwhash_str_verify(hash, pw, 200) != 0);
	pw[199] = 'd';
	CHECK(crypto_pwhash_str_verify(hash, pw, 200) == 0);
}

TEST(auth_login_results)
{
	struct auth_db d;
	if (auth_db_open(&d)) {
		CHECK(!"open a temporary site");
		return;
	}
	int64_t id = auth_add_user(&d, "alice", ROLE_EDITOR);
	CHECK(id > 0);
	struct auth_session sess;
	CHECK(auth_login(d.s, "alice", GOOD_PW, "192.0.2.1", T0, &sess) == AUTH_OK);
	CHECK(sess.user_id == id && sess.role == ROLE_EDITOR);
	CHECK_STR(sess.user_name, "alice");
	CHECK(strlen(sess.token) == 43 && strlen(sess.csrf) == 43);
	CHECK(strcmp(sess.token, sess.csrf) != 0);

	CHECK(auth_login(d.s, "alice", "correct horse battery stapler", "192.0.2.1", T0, &sess) ==
	      AUTH_BAD);
	CHECK(sess.token[0] == '\0' && sess.user_id == 0);
	/* An unknown name answers the same, after a verify against the dummy hash. */
	CHECK(auth_login(d.s, "mallory", GOOD_PW, "192.0.2.1", T0, &sess) == AUTH_BAD);
	CHECK(store_user_set_disabled(d.s, id, 1) == STORE_OK);
	CHECK(auth_login(d.s, "alice", GOOD_PW, "192.0.2.2", T0, &sess) == AUTH_DISABLED);
	CHECK(sess.token[0] == '\0');

	/* Audit: one login, three failures, the failures naming the address. */
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM audit WHERE action = ?", "login") == 1);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM audit WHERE action = ?", "login-failed") == 3);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM audit WHERE detail LIKE ?",
			   "from 192.0.2.1: no such user") == 1);
	auth_db_close(&d);
}

/* Runs one failing login with stderr sent to a file; returns what it printed. */
static void auth_login_stderr(struct auth_db *d, const char *name, const char *addr,
			      char *out, size_t outsz)
{
	char path[] = "/tmp/pressroom-auth-err-XXXXXX";
	int fd = mkstemp(path);
	out[0] = '\0';
	if (fd < 0)
		return;
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	struct auth_session sess;
	auth_login(d->s, name, "short", addr, T0, &sess);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ssize_t n = pread(fd, out, outsz - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
}

TEST(auth_login_lockout)
{
	struct auth_db d;
	if (auth_db_open(&d)) {
		CHECK(!"open a temporary site");
		return;
	}
	CHECK(auth_add_user(&d, "bob", ROLE_CONTRIBUTOR) > 0);
	struct auth_session sess;
	struct login_failures f;
	/* Passwords under 12 bytes fail without hashing: cheap failures. */
	for (int i = 0; i < AUTH_SLOW_AFTER - 1; i++)
		CHECK(auth_login(d.s, "bob", "nope", "198.51.100.7", T0, &sess) == AUTH_BAD);
	CHECK(store_login_failures_get(d.s, "user:bob", &f) == STORE_OK);
	CHECK(f.count == AUTH_SLOW_AFTER - 1 && f.locked_until == 0 && f.first == T0);
	CHECK(auth_login(d.s, "bob", "nope", "198.51.100.7", T0, &sess) == AUTH_BAD);
	CHECK(store_login_failures_get(d.s, "user:bob", &f) == STORE_OK);
	CHECK(f.locked_until == T0 + 1);
	/* Locked: even the right password is not looked at. */
	CHECK(auth_login(d.s, "bob", GOOD_PW, "203.0.113.9", T0, &sess) == AUTH_LOCKED);
	/* The lockout grows: 2 s, then 4 s. */
	CHECK(auth_login(d.s, "bob", "nope", "203.0.113.9", T0 + 1, &sess) == AUTH_BAD);
	CHECK(store_login_failures_get(d.s, "user:bob", &f) == STORE_OK);
	CHECK(f.locked_until == T0 + 1 + 2);
	CHECK(auth_login(d.s, "bob", "nope", "203.0.113.9", T0 + 3, &sess) == AUTH_BAD);
	CHECK(store_login_failures_get(d.s, "user:bob", &f) == STORE_OK);
	CHECK(f.locked_until == T0 + 3 + 4 && f.count == AUTH_SLOW_AFTER + 2);
	/* Once the lock has passed, the right password works and clears both keys. */
	CHECK(auth_login(d.s, "bob", GOOD_PW, "198.51.100.7", T0 + 7, &sess) == AUTH_OK);
	CHECK(store_login_failures_get(d.s, "user:bob", &f) == STORE_OK);
	CHECK(f.count == 0 && f.locked_until == 0);
	CHECK(store_login_failures_get(d.s, "addr:198.51.100.7", &f) == STORE_OK);
	CHECK(f.count == 0);

	/* The AUTH_LOCK_AFTER-th failure locks for AUTH_LOCK_SECONDS. */
	f = (struct login_failures){AUTH_LOCK_AFTER - 1, T0, 0};
	CHECK(store_login_failures_set(d.s, "user:bob", &f) == STORE_OK);
	CHECK(auth_login(d.s, "bob", "nope", "198.51.100.8", T0 + 10, &sess) == AUTH_BAD);
	CHECK(store_login_failures_get(d.s, "user:bob", &f) == STORE_OK);
	CHECK(f.locked_until == T0 + 10 + AUTH_LOCK_SECONDS);
	CHECK(auth_login(d.s, "bob", GOOD_PW, "198.51.100.9", T0 + 10 + AUTH_LOCK_SECONDS - 1,
			 &sess) == AUTH_LOCKED);

	/* Per address too: another name from a locked address is refused. */
	f = (struct login_failures){AUTH_LOCK_AFTER, T0, T0 + 100};
	CHECK(store_login_failures_set(d.s, "addr:192.0.2.99", &f) == STORE_OK);
	CHECK(auth_login(d.s, "carol", "whatever", "192.0.2.99", T0 + 50, &sess) == AUTH_LOCKED);

	/* Failures long past are forgotten. */
	f = (struct login_failures){5, T0 - 2 * AUTH_FAILURE_WINDOW, T0 - AUTH_FAILURE_WINDOW};
	CHECK(store_login_failures_set(d.s, "user:dave", &f) == STORE_OK);
	CHECK(auth_login(d.s, "dave", "nope", "192.0.2.50", T0, &sess) == AUTH_BAD);
	CHECK(store_login_failures_get(d.s, "user:dave", &f) == STORE_OK);
	CHECK(f.count == 1 && f.first == T0 && f.locked_until == 0);

	/* The stderr line: name escaped, address named, failures counted. */
	char err[512];
	auth_login_stderr(&d, "ev'e\n", "192.0.2.77", err, sizeof(err));
	CHECK_STR(err, "pressroom: login failed for 'ev\\x27e\\x0a' from 192.0.2.77 (1 failures)\n");
	auth_db_close(&d);
}

TEST(auth_sessions)
{
	struct auth_db d;
	if (auth_db_open(&d)) {
		CHECK(!"open a temporary site");
		return;
	}
	int64_t id = auth_add_user(&d, "carol", ROLE_ADMIN);
	struct auth_session login, sess;
	CHECK(auth_login(d.s, "carol", GOOD_PW, "192.0.2.3", T0, &login) == AUTH_OK);

	/* Stored only hashed: the raw token is nowhere in the table. */
	char hash[65];
	auth_token_hash(login.token, hash);
	CHECK(strlen(hash) == 64);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM sessions WHERE token_hash = ?", hash) == 1);
	CHECK(auth_sql_int(&d,
			   "SELECT count(*) FROM sessions WHERE instr(token_hash || csrf || addr, ?) > 0",
			   login.token) == 0);

	CHECK(auth_session_check(d.s, login.token, T0 + 10, &sess) == AUTH_OK);
	CHECK(sess.user_id == id && sess.role == ROLE_ADMIN);
	CHECK_STR(sess.user_name, "carol");
	CHECK_STR(sess.csrf, login.csrf);
	CHECK(sess.token[0] == '\0');
	/* last_seen is written at most every AUTH_TOUCH_SECONDS. */
	CHECK(auth_sql_int(&d, "SELECT last_seen FROM sessions WHERE token_hash = ?", hash) == T0);
	int64_t t = T0 + AUTH_IDLE_SECONDS;   /* idle exactly the limit: still valid */
	CHECK(auth_session_check(d.s, login.token, t, &sess) == AUTH_OK);
	CHECK(auth_sql_int(&d, "SELECT last_seen FROM sessions WHERE token_hash = ?", hash) == t);
	CHECK(auth_session_check(d.s, login.token, t + AUTH_IDLE_SECONDS + 1, &sess) == AUTH_BAD);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM sessions WHERE token_hash = ?", hash) == 0);

	/* Not a token, or a token of nothing. */
	CHECK(auth_session_check(d.s, NULL, T0, &sess) == AUTH_BAD);
	CHECK(auth_session_check(d.s, "", T0, &sess) == AUTH_BAD);
	char other[AUTH_TOKEN_CHARS + 4];
	auth_random_token(other);
	const char *b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	CHECK(strlen(other) == 43 && strspn(other, b64url) == 43);
	CHECK(auth_session_check(d.s, other, T0, &sess) == AUTH_BAD);

	/* Logout deletes the row; a disabled account's session no longer counts. */
	CHECK(auth_login(d.s, "carol", GOOD_PW, "192.0.2.3", T0, &login) == AUTH_OK);
	auth_token_hash(login.token, hash);
	auth_logout(d.s, login.token);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM sessions WHERE token_hash = ?", hash) == 0);
	CHECK(auth_session_check(d.s, login.token, T0 + 1, &sess) == AUTH_BAD);
	auth_logout(d.s, login.token);   /* twice is harmless */
	auth_logout(d.s, NULL);
	/* Ending all of a user's sessions (passwd, disable). */
	CHECK(store_session_add(d.s, "a-hash", id, "csrf", "", T0) == STORE_OK);
	CHECK(store_session_add(d.s, "b-hash", id, "csrf", "", T0) == STORE_OK);
	CHECK(store_session_delete_user(d.s, id) == STORE_OK);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM sessions WHERE user_id = ?", "1") == 0);
	auth_db_close(&d);
}

TEST(auth_session_disabled_user)
{
	struct auth_db d;
	if (auth_db_open(&d)) {
		CHECK(!"open a temporary site");
		return;
	}
	/* A session made directly (no hashing): the check must still refuse it once
	 * the account is disabled. */
	int64_t id = 0;
	CHECK(store_user_add(d.s, "erin", ROLE_EDITOR, "$argon2id$unused", &id) == STORE_OK);
	char token[AUTH_TOKEN_CHARS + 4], csrf[AUTH_TOKEN_CHARS + 4], hash[65];
	auth_random_token(token);
	auth_random_token(csrf);
	auth_token_hash(token, hash);
	CHECK(store_session_add(d.s, hash, id, csrf, "192.0.2.4", T0) == STORE_OK);
	struct auth_session sess;
	CHECK(auth_session_check(d.s, token, T0 + 1, &sess) == AUTH_OK);
	CHECK(store_user_set_disabled(d.s, id, 1) == STORE_OK);
	CHECK(auth_session_check(d.s, token, T0 + 2, &sess) == AUTH_BAD);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM sessions WHERE token_hash = ?", hash) == 0);
	/* store_session_expire drops what was last seen before the cut. */
	CHECK(store_session_add(d.s, "old", id, "c", "", T0 - 100) == STORE_OK);
	CHECK(store_session_add(d.s, "new", id, "c", "", T0) == STORE_OK);
	CHECK(store_session_expire(d.s, T0 - 50) == STORE_OK);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM sessions WHERE token_hash = ?", "old") == 0);
	CHECK(auth_sql_int(&d, "SELECT count(*) FROM sessions WHERE token_hash = ?", "new") == 1);
	auth_db_close(&d);
}

TEST(auth_csrf_compare)
{
	struct auth_session s;
	memset(&s, 0, sizeof(s));
	CHECK(!auth_csrf_ok(&s, ""));   /* a session without a token matches nothing */
	auth_random_token(s.csrf);
	char copy[sizeof(s.csrf)];
	memcpy(copy, s.csrf, sizeof(copy));
	CHECK(auth_csrf_ok(&s, copy));
	copy[42] = copy[42] == 'A' ? 'B' : 'A';
	CHECK(!auth_csrf_ok(&s, copy));
	memcpy(copy, s.csrf, sizeof(copy));
	copy[42] = '\0';
	CHECK(!auth_csrf_ok(&s, copy));
	CHECK(!auth_csrf_ok(&s, NULL));
	CHECK(!auth_csrf_ok(NULL, copy));
	char longer[64];
	snprintf(longer, sizeof(longer), "%sx", s.csrf);
	CHECK(!auth_csrf_ok(&s, longer));
}

static void *auth_give_later(void *arg)
{
	(void)arg;
	struct timespec t = {0, 100 * 1000000L};
	nanosleep(&t, NULL);
	auth_slot_give();
	return NULL;
}

static double auth_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

TEST(auth_hashing_slots)
{
	CHECK(auth_init() == 0);
	/* Fill every slot, as AUTH_MAX_HASHING logins hashing at once would. */
	int taken = 0;
	for (int i = 0; i < AUTH_MAX_HASHING; i++)
		taken += auth_slot_take(0) == 0;
	CHECK(taken == AUTH_MAX_HASHING);
	CHECK(auth_slot_take(20) == -1);
	/* A slot given back wakes a waiter. */
	pthread_t th;
	double t0 = auth_seconds();
	CHECK(pthread_create(&th, NULL, auth_give_later, NULL) == 0);
	CHECK(auth_slot_take(2000) == 0);
	CHECK(auth_seconds() - t0 < 1.5);
	pthread_join(th, NULL);
	/* Still full: a hash waits AUTH_BUSY_WAIT_MS and gives up (no CPU spent). */
	char hash[crypto_pwhash_STRBYTES];
	t0 = auth_seconds();
	CHECK(auth_hash_password(GOOD_PW, hash, sizeof(hash)) == AUTH_BUSY);
	double waited = auth_seconds() - t0;
	if (waited < AUTH_BUSY_WAIT_MS / 1000.0 - 0.1 || waited > AUTH_BUSY_WAIT_MS / 1000.0 + 5.0)
		fprintf(stderr, "  waited %.2f s for AUTH_BUSY\n", waited);
	CHECK(waited > AUTH_BUSY_WAIT_MS / 1000.0 - 0.1 && waited < AUTH_BUSY_WAIT_MS / 1000.0 + 5.0);
	for (int i = 0; i < AUTH_MAX_HASHING; i++)
		auth_slot_give();
	CHECK(auth_slot_take(0) == 0);
	auth_slot_give();
}
