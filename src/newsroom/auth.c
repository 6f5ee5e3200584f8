/*
 * auth: the contract is in auth.h; the reasons are here and in docs/internals/auth.md.
 */
#include "auth.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/utf8.h"

#define AUTH_OPSLIMIT 3ULL
#define AUTH_MEMLIMIT ((size_t)64 * 1024 * 1024)
#define AUTH_TOKEN_BYTES 32
#define AUTH_TOKEN_LEN 43   /* base64url of 32 bytes without padding */

_Static_assert(crypto_pwhash_STRBYTES <= sizeof(((struct user *)0)->pwhash),
	       "struct user must hold a libsodium password hash");
_Static_assert(sodium_base64_ENCODED_LEN(AUTH_TOKEN_BYTES,
					  sodium_base64_VARIANT_URLSAFE_NO_PADDING) <= AUTH_TOKEN_CHARS,
	       "AUTH_TOKEN_CHARS must hold a token");
_Static_assert(AUTH_TOKEN_CHARS <= sizeof(((struct auth_session *)0)->csrf),
	       "the CSRF field must hold a token");

/*
 * A login for an unknown name verifies against this hash (of a random password
 * nobody knows, with the same parameters as real ones), so that it costs the same
 * time as a login with a wrong password for a real name.
 */
static const char auth_dummy_hash[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=3,p=1$nTvZiwTxRz9FaJmu5Q5ORA$"
	"LbBqDEqQGpd/g+KD6i7dRSrXT4fCfz49IbykxUuiFKI";

/* The hashing slots: a counting semaphore on a monotonic clock. */
static pthread_mutex_t auth_slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t auth_slot_cond;
static pthread_once_t auth_slot_once = PTHREAD_ONCE_INIT;
static int auth_slots_used;

static void auth_slot_init(void)
{
	pthread_condattr_t a;
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&auth_slot_cond, &a);
	pthread_condattr_destroy(&a);
}

int auth_slot_take(int wait_ms)
{
	pthread_once(&auth_slot_once, auth_slot_init);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	if (wait_ms < 0)
		wait_ms = 0;
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	int r = 0;
	pthread_mutex_lock(&auth_slot_lock);
	while (auth_slots_used >= AUTH_MAX_HASHING) {
		if (pthread_cond_timedwait(&auth_slot_cond, &auth_slot_lock, &until) == ETIMEDOUT &&
		    auth_slots_used >= AUTH_MAX_HASHING) {
			r = -1;
			break;
		}
	}
	if (!r)
		auth_slots_used++;
	pthread_mutex_unlock(&auth_slot_lock);
	return r;
}

void auth_slot_give(void)
{
	pthread_once(&auth_slot_once, auth_slot_init);
	pthread_mutex_lock(&auth_slot_lock);
	if (auth_slots_used <= 0) {
		fprintf(stderr, "%s:%d: auth_slot_give without auth_slot_take\n", __FILE__, __LINE__);
		abort();
	}
	auth_slots_used--;
	pthread_cond_signal(&auth_slot_cond);
	pthread_mutex_unlock(&auth_slot_lock);
}

int auth_init(void)
{
	pthread_once(&auth_slot_once, auth_slot_init);
	return sodium_init() < 0 ? -1 : 0;
}


const char *auth_password_problem(const char *password)
{
	if (!password)
		return "must be 12 to 256 characters";
	/* strnlen: a huge input is refused without reading all of it. */
	size_t n = strnlen(password, AUTH_PW_MAX + 1);
	if (n < AUTH_PW_MIN || n > AUTH_PW_MAX)
		return "must be 12 to 256 characters";
	if (utf8_valid_prefix((const unsigned char *)password, n) != n)
		return "must be valid UTF-8";
	return NULL;
}

enum auth_result auth_hash_password(const char *password, char *out, size_t outsz)
{
	if (outsz)
		out[0] = '\0';
	if (auth_password_problem(password))
		return AUTH_WEAK;
	if (outsz < crypto_pwhash_STRBYTES)
		return AUTH_ERROR;
	if (auth_slot_take(AUTH_BUSY_WAIT_MS))
		return AUTH_BUSY;
	/* The whole password goes to argon2: nothing is cut. */
	int r = crypto_pwhash_str_alg(out, password, strlen(password), AUTH_OPSLIMIT, AUTH_MEMLIMIT,
				      crypto_pwhash_ALG_ARGON2ID13);
	auth_slot_give();
	return r == 0 ? AUTH_OK : AUTH_ERROR;
}

void auth_random_token(char out[AUTH_TOKEN_CHARS + 4])
{
	unsigned char bin[AUTH_TOKEN_BYTES];
	randombytes_buf(bin, sizeof(bin));
	sodium_bin2base64(out, AUTH_TOKEN_CHARS + 4, bin, sizeof(bin),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bin, sizeof(bin));
}

void auth_token_hash(const char *token, char out[65])
{
	unsigned char d[32];
	crypto_generichash(d, sizeof(d), (const unsigned char *)(token ? token : ""),
			   token ? strlen(token) : 0, NULL, 0);
	sodium_bin2hex(out, 65, d, sizeof(d));
}

int auth_csrf_ok(const struct auth_session *sess, const char *submitted)
{
	if (!sess || !submitted)
		return 0;
	size_t n = strnlen(sess->csrf, sizeof(sess->csrf));
	/* The length is public (every token has AUTH_TOKEN_LEN characters); the bytes are not. */
	if (n != AUTH_TOKEN_LEN || strnlen(submitted, n + 1) != n)
		return 0;
	return sodium_memcmp(sess->csrf, submitted, n) == 0;
}

/*
 * Copies in to out for a log line or the audit log: printable ASCII stays, any other
 * byte (and ' and \) becomes \xHH; cut after max input bytes with "...".
 */
static void auth_printable(char *out, size_t outsz, const char *in, size_t max)
{
	size_t o = 0, i = 0;
	for (; in && in[i] && i < max && o + 8 < outsz; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outsz - o, "\\x%02x", c);
	}
	if (in && in[i] && o + 4 <= outsz) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static void auth_store_error(struct store *s)
{
	fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
}

/* Counts one more failure at now: the lockout grows with the count. */
static void auth_count_failure(struct login_failures *f, int64_t now)
{
	if (f->count > 0 && f->locked_until <= now && now - f->first > AUTH_FAILURE_WINDOW)
		*f = (struct login_failures){0};
	if (f->count == 0)
		f->first = now;
	f->count++;
	if (f->count >= AUTH_LOCK_AFTER) {
		f->locked_until = now + AUTH_LOCK_SECONDS;
	} else if (f->count >= AUTH_SLOW_AFTER) {
		int64_t d = (int64_t)1 << (f->count - AUTH_SLOW_AFTER);
		f->locked_until = now + (d < AUTH_SLOW_MAX_SECONDS ? d : AUTH_SLOW_MAX_SECONDS);
	}
}

/*
 * Records a failed login: both counters (read again: another login may have
 * counted while this one was hashing), the audit row, one stderr line. Returns
 * result, or AUTH_ERROR if the store failed.
 */
static enum auth_result auth_failed(struct store *s, enum auth_result result, const char *ukey,
				    const char *akey, const char *name, const char *addr,
				    int64_t user_id, const char *why, int64_t now)
{
	char pname[300], paddr[300], detail[400];
	auth_printable(pname, sizeof(pname), name, 64);
	auth_printable(paddr, sizeof(paddr), addr, 64);
	snprintf(detail, sizeof(detail), "from %s: %s", paddr, why);
	struct login_failures uf = {0}, af = {0};
	enum store_err e = store_begin(s);
	if (!e && ukey && !(e = store_login_failures_get(s, ukey, &uf))) {
		auth_count_failure(&uf, now);
		e = store_login_failures_set(s, ukey, &uf);
	}
	if (!e && !(e = store_login_failures_get(s, akey, &af))) {
		auth_count_failure(&af, now);
		e = store_login_failures_set(s, akey, &af);
	}
	if (!e)
		e = store_audit_add(s, user_id, pname, "login-failed", 0, detail, now);
	if (!e)
		e = store_login_failures_prune(s, now, now - AUTH_FAILURE_WINDOW);
	if (!e)
		e = store_commit(s);
	if (e) {
		auth_store_error(s);
		store_rollback(s);
		result = AUTH_ERROR;
	}
	fprintf(stderr, "pressroom: login failed for '%s' from %s (%lld failures)\n", pname, paddr,
		(long long)(ukey ? uf.count : af.count));
	return result;
}

/*
 * Clears the counters of a successful check and, for a login (out not NULL), makes
 * its session and audits it, in one transaction.
 */
static enum auth_result auth_succeeded(struct store *s, const struct user *u, const char *ukey,
				       const char *akey, const char *addr, int64_t now,
				       struct auth_session *out)
{
	char hash[65], paddr[300], detail[320];
	if (out) {
		auth_random_token(out->token);
		auth_random_token(out->csrf);
		auth_token_hash(out->token, hash);
	}
	auth_printable(paddr, sizeof(paddr), addr, 64);
	snprintf(detail, sizeof(detail), "from %s", paddr);
	enum store_err e = store_begin(s);
	if (!e)
		e = store_login_failures_clear(s, ukey);
	if (!e)
		e = store_login_failures_clear(s, akey);
	if (!e && out)
		e = store_session_expire(s, now - AUTH_IDLE_SECONDS);
	if (!e && out)
		e = store_session_add(s, hash, u->id, out->csrf, addr, now);
	if (!e && out)
		e = store_audit_add(s, u->id, u->name, "login", 0, detail, now);
	if (!e)
		e = store_commit(s);
	if (e) {
		auth_store_error(s);
		store_rollback(s);
		if (out)
			memset(out, 0, sizeof(*out));
		return AUTH_ERROR;
	}
	if (out) {
		out->user_id = u->id;
		snprintf(out->user_name, sizeof(out->user_name), "%s", u->name);
		out->role = u->role;
	}
	return AUTH_OK;
}

/*
 * The checks of a login: throttling for name and addr, the account, the password.
 * AUTH_OK fills *u; a failure is counted, audited and logged (auth_failed).
 * ukey and akey (80 bytes each) get the throttling keys.
 */
static enum auth_result auth_verify(struct store *s, const char *name, const char *password,
				    const char *addr, int64_t now, struct user *u, char *ukey,
				    char *akey)
{
	name = name ? name : "";
	password = password ? password : "";
	addr = addr ? addr : "";
	/* A name that is not valid cannot exist: no per-name counter for it (that
	 * would let anyone fill the table with junk keys); the address still counts. */
	int valid_name = user_valid_name(name) == 0;
	snprintf(ukey, 80, "user:%s", valid_name ? name : "");
	snprintf(akey, 80, "addr:%.64s", addr);

	struct login_failures uf = {0}, af = {0};
	if ((valid_name && store_login_failures_get(s, ukey, &uf)) ||
	    store_login_failures_get(s, akey, &af)) {
		auth_store_error(s);
		return AUTH_ERROR;
	}
	if (uf.locked_until > now || af.locked_until > now) {
		char pname[300], paddr[300];
		auth_printable(pname, sizeof(pname), name, 64);
		auth_printable(paddr, sizeof(paddr), addr, 64);
		fprintf(stderr, "pressroom: login refused for '%s' from %s (locked)\n", pname, paddr);
		return AUTH_LOCKED;
	}

	int found = 0;
	if (valid_name) {
		enum store_err e = store_user_get(s, name, u);
		if (e && e != STORE_NOTFOUND) {
			auth_store_error(s);
			return AUTH_ERROR;
		}
		found = !e;
	}
	const char *why;
	int pw_ok = 0;
	if (auth_password_problem(password)) {
		/* No stored password breaks the rules, so this cannot match; the
		 * decision does not depend on the name, so skipping the hash leaks nothing. */
		why = "password outside the rules";
	} else {
		if (auth_slot_take(AUTH_BUSY_WAIT_MS))
			return AUTH_BUSY;
		int ok = crypto_pwhash_str_verify(found ? u->pwhash : auth_dummy_hash, password,
						  strlen(password)) == 0;
		auth_slot_give();
		pw_ok = found && ok;
		why = !found ? "no such user" : ok ? "account disabled" : "wrong password";
	}
	if (!pw_ok)
		return auth_failed(s, AUTH_BAD, valid_name ? ukey : NULL, akey, name, addr,
				   found ? u->id : 0, why, now);
	if (u->disabled)
		return auth_failed(s, AUTH_DISABLED, ukey, akey, name, addr, u->id, why, now);
	return AUTH_OK;
}

enum auth_result auth_login(struct store *s, const char *name, const char *password,
			    const char *addr, int64_t now, struct auth_session *out)
{
	memset(out, 0, sizeof(*out));
	struct user u;
	char ukey[80], akey[80];
	enum auth_result r = auth_verify(s, name, password, addr, now, &u, ukey, akey);
	return r ? r : auth_succeeded(s, &u, ukey, akey, addr ? addr : "", now, out);
}

enum auth_result auth_check_password(struct store *s, const char *name, const char *password,
				     const char *addr, int64_t now)
{
	struct user u;
	char ukey[80], akey[80];
	enum auth_result r = auth_verify(s, name, password, addr, now, &u, ukey, akey);
	return r ? r : auth_succeeded(s, &u, ukey, akey, addr ? addr : "", now, NULL);
}

enum auth_result auth_session_check(struct store *s, const char *token, int64_t now,
				    struct auth_session *out)
{
	memset(out, 0, sizeof(*out));
	if (!token || strnlen(token, AUTH_TOKEN_LEN + 1) != AUTH_TOKEN_LEN)
		return AUTH_BAD;
	char hash[65];
	auth_token_hash(token, hash);
	struct session_row row;
	enum store_err e = store_session_get(s, hash, &row);
	if (e == STORE_NOTFOUND)
		return AUTH_BAD;
	if (e)
		goto fail;
	struct user u;
	int gone = now - row.last_seen > AUTH_IDLE_SECONDS;
	if (!gone) {
		e = store_user_get_id(s, row.user_id, &u);
		if (e && e != STORE_NOTFOUND)
			goto fail;
		gone = e == STORE_NOTFOUND || u.disabled;
	}
	if (gone) {
		if (store_session_delete(s, hash))
			goto fail;
		return AUTH_BAD;
	}
	if (now - row.last_seen >= AUTH_TOUCH_SECONDS && store_session_touch(s, hash, now))
		goto fail;
	out->user_id = u.id;
	snprintf(out->user_name, sizeof(out->user_name), "%s", u.name);
	out->role = u.role;
	snprintf(out->csrf, sizeof(out->csrf), "%s", row.csrf);
	return AUTH_OK;
fail:
	auth_store_error(s);
	return AUTH_ERROR;
}

void auth_logout(struct store *s, const char *token)
{
	if (!token || !token[0])
		return;
	char hash[65];
	auth_token_hash(token, hash);
	if (store_session_delete(s, hash))
		auth_store_error(s);
}
