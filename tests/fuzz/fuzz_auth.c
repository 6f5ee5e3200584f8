/*
 * auth: session cookies and CSRF tokens as an attacker sends them.
 * A scratch store holds one editor with a live session (token T, CSRF token C) and
 * a disabled user with a live session (token D). Input: a mode byte, then the
 * cookie token, '\n', the submitted CSRF token. Mode bit 0: the token is T with
 * the input XORed over its start; bit 1: likewise C for the CSRF token (so the
 * fuzzer gets near the real values). Must hold:
 *   - auth_session_check() is AUTH_OK exactly for T (never for D, never
 *     AUTH_ERROR), and then names the editor and C;
 *   - auth_csrf_ok() is 1 exactly when the submitted token is C, and never for a
 *     session whose CSRF token is empty;
 *   - auth_logout() of any other token leaves T's session alone.
 */
#include "fuzz.h"

#include "../../src/newsroom/auth.h"

#define NOW0 1790000000

static struct store *store;
static char token[AUTH_TOKEN_CHARS + 4], csrf[AUTH_TOKEN_CHARS + 4], dtoken[AUTH_TOKEN_CHARS + 4];
static int64_t editor_id;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char path[256], err[256], hash[65];
	fz_scratch("auth.db", path, sizeof(path));
	int64_t other_id;
	char dcsrf[AUTH_TOKEN_CHARS + 4];
	if (auth_init() || store_open(path, STORE_OPEN_CREATE, &store, err, sizeof(err))) {
		fprintf(stderr, "fuzz: auth set-up: %s\n", err);
		exit(1);
	}
	auth_random_token(token);
	auth_random_token(csrf);
	auth_random_token(dtoken);
	auth_random_token(dcsrf);
	enum store_err e = store_user_add(store, "editor", ROLE_EDITOR, "$argon2id$not-a-hash", &editor_id);
	if (!e)
		e = store_user_add(store, "gone", ROLE_ADMIN, "$argon2id$not-a-hash", &other_id);
	if (!e)
		e = store_user_set_disabled(store, other_id, 1);
	auth_token_hash(token, hash);
	if (!e)
		e = store_session_add(store, hash, editor_id, csrf, "192.0.2.1", NOW0);
	auth_token_hash(dtoken, hash);
	if (!e)
		e = store_session_add(store, hash, other_id, dcsrf, "192.0.2.2", NOW0);
	if (e) {
		fprintf(stderr, "fuzz: auth set-up: %s\n", store_errmsg(store));
		exit(1);
	}
	return 0;
}

/* s XOR x over its start, cut at the first NUL the XOR makes. */
static void xor_into(char *out, size_t outsz, const char *s, const char *x)
{
	snprintf(out, outsz, "%s", s);
	for (size_t i = 0; x[i] && out[i]; i++)
		out[i] = (char)(out[i] ^ x[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 512)
		return 0;
	unsigned mode = data[0];
	char *part[2];
	fz_split(data + 1, size - 1, '\n', part, 2);
	char tok[600], sub[600];
	if (mode & 1)
		xor_into(tok, sizeof(tok), token, part[0]);
	else
		snprintf(tok, sizeof(tok), "%s", part[0]);
	if (mode & 2)
		xor_into(sub, sizeof(sub), csrf, part[1]);
	else
		snprintf(sub, sizeof(sub), "%s", part[1]);

	struct auth_session sess;
	enum auth_result r = auth_session_check(store, tok, NOW0 + 100, &sess);
	int is_t = !strcmp(tok, token);
	if (r == AUTH_ERROR)
		FZ_FAIL("AUTH_ERROR for token '%s': %s", tok, store_errmsg(store));
	if ((r == AUTH_OK) != is_t)
		FZ_FAIL("auth_session_check('%s') = %d", tok, (int)r);
	if (r == AUTH_OK && (sess.user_id != editor_id || strcmp(sess.user_name, "editor") ||
			     strcmp(sess.csrf, csrf) || sess.token[0]))
		FZ_FAIL("the session of T came back wrong");

	struct auth_session known;
	memset(&known, 0, sizeof(known));
	snprintf(known.csrf, sizeof(known.csrf), "%s", csrf);
	if (auth_csrf_ok(&known, sub) != !strcmp(sub, csrf))
		FZ_FAIL("auth_csrf_ok('%s') wrong", sub);
	struct auth_session empty;
	memset(&empty, 0, sizeof(empty));
	if (auth_csrf_ok(&empty, sub))
		FZ_FAIL("a session without a CSRF token accepted '%s'", sub);
	/* An unterminated token field must be neither overread nor accepted. */
	memset(empty.csrf, 'A', sizeof(empty.csrf));
	if (auth_csrf_ok(&empty, sub))
		FZ_FAIL("an unterminated CSRF token matched '%s'", sub);

	if (!is_t) {
		auth_logout(store, tok);
		if (auth_session_check(store, token, NOW0 + 100, &sess) != AUTH_OK)
			FZ_FAIL("logout of '%s' ended T's session", tok);
	}
	fz_free_parts(part, 2);
	return 0;
}
