/*
 * fetch: one HTTP(S) GET of a feed with libcurl, with the limits that make it safe
 * to point at any URL a user typed:
 *  - http and https only, for the first URL and every redirect;
 *  - at most FETCH_MAX_REDIRECTS redirects, each one checked again;
 *  - at most FETCH_MAX_SIZE bytes of (decoded) body, or the request's own cap,
 *    aborted beyond;
 *  - FETCH_CONNECT_TIMEOUT to connect, FETCH_TIMEOUT in all;
 *  - no proxy from the environment;
 *  - unless allow_private: no connection to a loopback, private, shared (CGNAT),
 *    link-local (cloud metadata), multicast, reserved, documentation or
 *    unspecified address, IPv4 or IPv6, mapped or embedded. The check runs on
 *    the address curl is about to connect to (CURLOPT_OPENSOCKETFUNCTION), after
 *    DNS, so decimal/octal/hex spellings, DNS rebinding and redirects are covered.
 * Thread-safe once fetch_global_init() has run (call it from the main thread
 * before starting others).
 */
#ifndef PR_FETCH_H
#define PR_FETCH_H

#include <stddef.h>
#include <sys/socket.h>

#include "../base/buf.h"

#define FETCH_MAX_SIZE ((size_t)5 << 20)
#define FETCH_MAX_REDIRECTS 5
#define FETCH_CONNECT_TIMEOUT 10
#define FETCH_TIMEOUT 30

enum fetch_err {
	FETCH_OK = 0,
	FETCH_NOT_MODIFIED,   /* 304 to a conditional request */
	FETCH_REFUSED,        /* the address is not allowed (SSRF guard) or a bad scheme */
	FETCH_TOOBIG,
	FETCH_HTTP,           /* a status other than 200 */
	FETCH_NET,            /* DNS, connect, TLS, timeout, too many redirects */
	FETCH_CANCELLED,
};

struct fetch_request {
	const char *url;
	int allow_private;
	const char *etag;           /* "" or NULL: unconditional */
	const char *last_modified;
	const volatile int *cancel; /* non-zero aborts the transfer; may be NULL */
	size_t max_size;            /* 0: FETCH_MAX_SIZE */
};

struct fetch_result {
	long status;
	struct buf body;            /* fetch_url() initialises it; caller releases */
	char etag[256];
	char last_modified[128];
	char charset[48];           /* the last response's Content-Type charset, or "" */
	char url[2048];             /* where the body came from, after redirects ("" if
				     * longer): the base of its relative links */
};

/* Opens libcurl (on first use: see base/lazylib.h) and initialises it. A library
 * that cannot be opened is reported by fetch_url, as FETCH_NET with the reason. */
void fetch_global_init(void);

/* GETs rq->url into r. Returns FETCH_OK (status 200) or an error with a lowercase
 * message in err. r->body is valid (maybe empty) whatever the result. */
enum fetch_err fetch_url(const struct fetch_request *rq, struct fetch_result *r, char *err,
			 size_t errsz);

/* 1 if connecting to this address is allowed without --allow-private. */
int fetch_addr_public(const struct sockaddr *sa);
/* The same for an address in text, as inet_pton (IPv6, brackets allowed) or
 * inet_aton (IPv4 in decimal, octal, hex and short forms) reads it. Returns 1
 * public, 0 not, -1 not an address. */
int fetch_ip_public(const char *text);

#endif
