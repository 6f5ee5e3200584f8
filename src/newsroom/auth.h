/*
 * auth: passwords, sessions, CSRF tokens and login throttling for the newsroom.
 *
 * Passwords: argon2id through libsodium, 64 MiB and 3 passes, 12 to 256 bytes
 * (UTF-8), never truncated. At most AUTH_MAX_HASHING hashes run at once; a login
 * beyond that waits briefly and is then refused (AUTH_BUSY), so a flood of logins
 * cannot take more than AUTH_MAX_HASHING x 64 MiB.
 * Sessions: 256-bit random tokens (base64url in the cookie), stored only hashed;
 * a new token at every login; idle timeout AUTH_IDLE_SECONDS; logout deletes the
 * session row. The CSRF token is per session, random, compared in constant time.
 * Throttling: failures per account ("user:NAME") and per address ("addr:IP").
 * The server never sleeps: from the AUTH_SLOW_AFTER-th failure on, the key is
 * locked for 2^(n - AUTH_SLOW_AFTER) seconds (at most AUTH_SLOW_MAX_SECONDS), and
 * from the AUTH_LOCK_AFTER-th for AUTH_LOCK_SECONDS. A locked key answers
 * AUTH_LOCKED (-> 429) without looking at the password. A success clears both
 * keys; failures older than AUTH_FAILURE_WINDOW are forgotten. Every failure is
 * logged to stderr and the audit log ("login-failed"); a success is audited
 * ("login"). A login for an unknown name verifies against a fixed dummy hash, so
 * that it takes as long as one for a known name.
 * Thread-safe: every function takes the store it should use; callers serialise
 * access to that store.
 */
#ifndef PR_AUTH_H
#define PR_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "../store/store_auth.h"

#define AUTH_PW_MIN 12
#define AUTH_PW_MAX 256
#define AUTH_MAX_HASHING 2
#define AUTH_IDLE_SECONDS (2 * 3600)
#define AUTH_SLOW_AFTER 3
#define AUTH_LOCK_AFTER 10
#define AUTH_LOCK_SECONDS (15 * 60)
#define AUTH_SLOW_MAX_SECONDS 60
#define AUTH_FAILURE_WINDOW 3600      /* seconds after the first failure that counts start over */
#define AUTH_BUSY_WAIT_MS 2000        /* how long a hash waits for a slot before AUTH_BUSY */
#define AUTH_TOUCH_SECONDS 60         /* last_seen is written at most this often */
#define AUTH_COOKIE "pressroom_session"
#define AUTH_TOKEN_CHARS 44   /* base64url of 32 bytes, no padding, plus NUL room */

enum auth_result {
	AUTH_OK = 0,
	AUTH_BAD,        /* wrong name or password (same answer for both) */
	AUTH_DISABLED,   /* the account is disabled (answered like AUTH_BAD to the client) */
	AUTH_LOCKED,     /* too many failures: 429 */
	AUTH_BUSY,       /* too many logins hashing at once: 503 */
	AUTH_WEAK,       /* password outside 12..256 bytes or not UTF-8 */
	AUTH_ERROR,      /* store or libsodium failure */
};

/* Call once before any other function (sodium_init). Returns 0 or -1. */
int auth_init(void);

/* NULL if password is acceptable as a new one, else what is wrong with it
 * ("must be 12 to 256 characters", "must be valid UTF-8"): a static string. */
const char *auth_password_problem(const char *password);
/* Hashes a new password into out (crypto_pwhash_STRBYTES = 128 bytes). AUTH_WEAK if it
 * is not acceptable, AUTH_BUSY if no hashing slot frees within AUTH_BUSY_WAIT_MS,
 * AUTH_ERROR if outsz is too small or libsodium fails (out of memory). */
enum auth_result auth_hash_password(const char *password, char *out, size_t outsz);

struct auth_session {
	int64_t user_id;
	char user_name[64];
	enum user_role role;
	char csrf[72];
	char token[AUTH_TOKEN_CHARS + 4];   /* only right after auth_login: the cookie value */
};

/*
 * Checks name and password (with throttling for name and addr), and on success
 * creates a new session. now is the current time.
 */
enum auth_result auth_login(struct store *s, const char *name, const char *password,
			    const char *addr, int64_t now, struct auth_session *out);
/*
 * What a login checks, throttled and audited the same way, without a new session:
 * for a form that asks a logged-in user for their password again (changing it).
 * AUTH_OK clears the failure counters.
 */
enum auth_result auth_check_password(struct store *s, const char *name, const char *password,
				     const char *addr, int64_t now);
/* Looks up the session of a cookie token; AUTH_BAD if none, expired (the row is then
 * deleted) or the user is disabled; AUTH_ERROR on a store failure. Touches last_seen
 * (at most every AUTH_TOUCH_SECONDS, so that reading pages does not write each time).
 * out->token is left empty. */
enum auth_result auth_session_check(struct store *s, const char *token, int64_t now,
				    struct auth_session *out);
/* Ends the session of token on the server. */
void auth_logout(struct store *s, const char *token);
/* 1 if the submitted CSRF token matches the session's (constant time). */
int auth_csrf_ok(const struct auth_session *sess, const char *submitted);
/* Fills out with a random URL-safe token of 32 random bytes (for preview links too). */
void auth_random_token(char out[AUTH_TOKEN_CHARS + 4]);
/* Hex digest of a token, for storage (BLAKE2b-256). */
void auth_token_hash(const char *token, char out[65]);

/*
 * The hashing slots (a counting semaphore of AUTH_MAX_HASHING), exposed for tests
 * and for anything else that runs argon2: auth_slot_take waits up to wait_ms for a
 * slot and returns 0 (the caller then owns it and must auth_slot_give it back) or
 * -1 if none freed in time.
 */
int auth_slot_take(int wait_ms);
void auth_slot_give(void);

#endif
