/* pressroom user: the newsroom's accounts, from the command line. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../base/clock.h"
#include "../base/tz.h"
#include "../newsroom/auth.h"
#include "../site/config.h"
#include "cli.h"

#define USER_USAGE                                                                   \
	"usage: pressroom user add NAME [--role contributor|editor|admin]   (password on stdin)\n" \
	"       pressroom user passwd NAME                                  (password on stdin)\n" \
	"       pressroom user list\n"                                                   \
	"       pressroom user disable NAME\n"                                           \
	"       pressroom user enable NAME\n"                                            \
	"       pressroom user role NAME contributor|editor|admin\n"

/* The buffer of a password as read: the longest allowed, a byte to see it is longer, NUL. */
#define USER_PW_BUF (AUTH_PW_MAX + 2)

static int user_usage(void)
{
	fputs(USER_USAGE, stderr);
	return 2;
}

static int user_store_error(struct store *s)
{
	fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
	return 1;
}

/*
 * Reads one line from fd with read(2), byte by byte: nothing beyond the line is
 * consumed and no stdio buffer keeps a copy of the password. Keeps at most
 * USER_PW_BUF - 1 bytes. Returns the length of the whole line (it may exceed what
 * was kept), -1 at end of input before any byte, -2 if the line holds a NUL byte,
 * -3 on a read error.
 */
static long user_read_line(int fd, char buf[USER_PW_BUF])
{
	long n = 0;
	int nul = 0, any = 0;
	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -3;
		if (r == 0)
			break;
		any = 1;
		if (c == '\n')
			break;
		if (c == '\0')
			nul = 1;
		if (n < USER_PW_BUF - 1)
			buf[n] = c;
		if (n < 1L << 30)
			n++;
	}
	/* A line from a file written on Windows ends in CR LF: the CR is not the password's. */
	if (n > 0 && n <= USER_PW_BUF - 1 && buf[n - 1] == '\r')
		n--;
	buf[n < USER_PW_BUF - 1 ? n : USER_PW_BUF - 1] = '\0';
	if (!any)
		return -1;
	return nul ? -2 : n;
}

/* Prompts on stderr and reads a line from the terminal on stdin without echo. */
static long user_read_noecho(const char *prompt, char buf[USER_PW_BUF])
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	int have = tcgetattr(STDIN_FILENO, &old) == 0;
	if (have) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	long n = user_read_line(STDIN_FILENO, buf);
	if (have)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return n;
}

/*
 * Gets a new password for name into pw: from the terminal (twice, without echo)
 * or the first line of standard input. Returns 0, or 1 after printing why not.
 */
static int user_password(const char *name, char pw[USER_PW_BUF])
{
	long n;
	if (isatty(STDIN_FILENO)) {
		char prompt[128], again[USER_PW_BUF];
		snprintf(prompt, sizeof(prompt), "password for '%s': ", name);
		n = user_read_noecho(prompt, pw);
		if (n >= 0) {
			long m = user_read_noecho("the same again: ", again);
			int same = m == n && m <= AUTH_PW_MAX && !strcmp(pw, again);
			sodium_memzero(again, sizeof(again));
			if (!same) {
				fprintf(stderr, "pressroom: password: the two entries differ\n");
				return 1;
			}
		}
	} else {
		n = user_read_line(STDIN_FILENO, pw);
	}
	const char *problem = NULL;
	if (n == -1)
		problem = "none given (it is read from the first line of standard input)";
	else if (n == -2)
		problem = "must not contain a NUL byte";
	else if (n == -3)
		problem = "cannot read standard input";
	else if (n > AUTH_PW_MAX)
		problem = "must be 12 to 256 characters";
	else
		problem = auth_password_problem(pw);
	if (problem) {
		fprintf(stderr, "pressroom: password: %s\n", problem);
		return 1;
	}
	return 0;
}

/* Reads and hashes a new password for name into hash. Returns 0, or 1 after printing why not. */
static int user_new_hash(const char *name, char hash[crypto_pwhash_STRBYTES])
{
	char pw[USER_PW_BUF];
	int rc = user_password(name, pw);
	if (!rc) {
		enum auth_result r = auth_hash_password(pw, hash, crypto_pwhash_STRBYTES);
		if (r != AUTH_OK) {
			fprintf(stderr, "pressroom: password: %s\n",
				r == AUTH_WEAK ? "must be 12 to 256 characters of UTF-8"
					       : "hashing failed (out of memory?)");
			rc = 1;
		}
	}
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

/* Finds the user called name; prints "user 'x': no such user" if there is none. */
static int user_find(struct store *s, const char *name, struct user *u)
{
	enum store_err e = store_user_get(s, name, u);
	if (e == STORE_NOTFOUND) {
		fprintf(stderr, "pressroom: user '%s': no such user\n", name);
		return 1;
	}
	return e ? user_store_error(s) : 0;
}

/* Ends a transaction begun by the caller: commits if e is STORE_OK, else rolls back. */
static int user_finish(struct store *s, enum store_err e)
{
	if (!e)
		e = store_commit(s);
	if (e) {
		user_store_error(s);
		store_rollback(s);
		return 1;
	}
	return 0;
}

static enum store_err user_audit(struct store *s, const char *action, const char *detail)
{
	return store_audit_add(s, 0, "cli", action, 0, detail, clock_now());
}

static int user_add(struct store *s, int argc, char **argv)
{
	const char *name = NULL, *role_s = "contributor";
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role_s = argv[++i];
		else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			return user_usage();
	}
	if (!name)
		return user_usage();
	enum user_role role = user_role_parse(role_s);
	if (!role) {
		fprintf(stderr, "pressroom: role '%s': must be contributor, editor or admin\n", role_s);
		return 2;
	}
	if (user_valid_name(name) != 0) {
		fprintf(stderr, "pressroom: user name '%s': must be 1 to 60 of a-z A-Z 0-9 . _ - @, "
				"not starting with '-'\n", name);
		return 1;
	}
	struct user u;
	enum store_err e = store_user_get(s, name, &u);
	if (!e) {
		fprintf(stderr, "pressroom: user '%s' exists already\n", name);
		return 1;
	}
	if (e != STORE_NOTFOUND)
		return user_store_error(s);
	char hash[crypto_pwhash_STRBYTES];
	if (user_new_hash(name, hash))
		return 1;
	char detail[128];
	snprintf(detail, sizeof(detail), "user '%s' role %s", name, user_role_name(role));
	e = store_begin(s);
	if (!e)
		e = store_user_add(s, name, role, hash, NULL);
	if (!e)
		e = user_audit(s, "user-add", detail);
	if (user_finish(s, e))
		return 1;
	printf("added user '%s' (%s)\n", name, user_role_name(role));
	return 0;
}

static int user_passwd(struct store *s, const char *name)
{
	struct user u;
	if (user_find(s, name, &u))
		return 1;
	char hash[crypto_pwhash_STRBYTES];
	if (user_new_hash(name, hash))
		return 1;
	char detail[128];
	snprintf(detail, sizeof(detail), "user '%s'", name);
	enum store_err e = store_begin(s);
	if (!e)
		e = store_user_set_password(s, u.id, hash);
	if (!e)
		e = store_session_delete_user(s, u.id);
	if (!e)
		e = user_audit(s, "user-passwd", detail);
	if (user_finish(s, e))
		return 1;
	printf("user '%s': password changed; signed out everywhere\n", name);
	return 0;
}

static int user_set_disabled(struct store *s, const char *name, int disabled)
{
	struct user u;
	if (user_find(s, name, &u))
		return 1;
	char detail[128];
	snprintf(detail, sizeof(detail), "user '%s'", name);
	enum store_err e = store_begin(s);
	if (!e)
		e = store_user_set_disabled(s, u.id, disabled);
	if (!e && disabled)
		e = store_session_delete_user(s, u.id);
	if (!e)
		e = user_audit(s, disabled ? "user-disable" : "user-enable", detail);
	if (user_finish(s, e))
		return 1;
	printf("user '%s': %s\n", name, disabled ? "disabled; signed out everywhere" : "enabled");
	return 0;
}

static int user_set_role(struct store *s, const char *name, const char *role_s)
{
	enum user_role role = user_role_parse(role_s);
	if (!role) {
		fprintf(stderr, "pressroom: role '%s': must be contributor, editor or admin\n", role_s);
		return 2;
	}
	struct user u;
	if (user_find(s, name, &u))
		return 1;
	char detail[160];
	snprintf(detail, sizeof(detail), "user '%s' role %s -> %s", name, user_role_name(u.role),
		 user_role_name(role));
	enum store_err e = store_begin(s);
	if (!e)
		e = store_user_set_role(s, u.id, role);
	if (!e)
		e = user_audit(s, "user-role", detail);
	if (user_finish(s, e))
		return 1;
	printf("user '%s': %s\n", name, user_role_name(role));
	return 0;
}

static int user_list(struct store *s)
{
	struct config cfg;
	if (config_load(s, &cfg))
		return user_store_error(s);
	struct user *users = NULL;
	size_t n = 0;
	if (store_user_list(s, &users, &n)) {
		config_clear(&cfg);
		return user_store_error(s);
	}
	for (size_t i = 0; i < n; i++) {
		struct civil c;
		tz_civil(cfg.timezone, users[i].created, &c);
		printf("%s\t%s\t%s\t%04d-%02d-%02d\n", users[i].name, user_role_name(users[i].role),
		       users[i].disabled ? "disabled" : "active", c.year, c.month, c.day);
	}
	free(users);
	config_clear(&cfg);
	return 0;
}

int cli_user(const char *db, int argc, char **argv)
{
	if (argc == 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
		fputs(USER_USAGE, stdout);
		return 0;
	}
	if (argc < 1)
		return user_usage();
	const char *cmd = argv[0];
	int arity = 0;   /* the number of arguments with the subcommand; -1: options */
	if (!strcmp(cmd, "add"))
		arity = -1;
	else if (!strcmp(cmd, "list"))
		arity = 1;
	else if (!strcmp(cmd, "passwd") || !strcmp(cmd, "disable") || !strcmp(cmd, "enable"))
		arity = 2;
	else if (!strcmp(cmd, "role"))
		arity = 3;
	if (!arity) {
		fprintf(stderr, "pressroom: user: unknown command '%s'\n", cmd);
		return user_usage();
	}
	if (arity > 0 && argc != arity)
		return user_usage();
	if (auth_init()) {
		fprintf(stderr, "pressroom: libsodium: cannot initialise\n");
		return 1;
	}
	struct store *s;
	char err[1200];
	if (store_open(db, STORE_OPEN_EXISTING, &s, err, sizeof(err))) {
		fprintf(stderr, "pressroom: %s\n", err);
		return 1;
	}
	int rc;
	if (!strcmp(cmd, "add"))
		rc = user_add(s, argc - 1, argv + 1);
	else if (!strcmp(cmd, "passwd"))
		rc = user_passwd(s, argv[1]);
	else if (!strcmp(cmd, "disable"))
		rc = user_set_disabled(s, argv[1], 1);
	else if (!strcmp(cmd, "enable"))
		rc = user_set_disabled(s, argv[1], 0);
	else if (!strcmp(cmd, "role"))
		rc = user_set_role(s, argv[1], argv[2]);
	else
		rc = user_list(s);
	store_close(s);
	return rc;
}
