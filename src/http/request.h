/*
 * request: what a dynamic handler (the newsroom, preview links, uploaded media)
 * sees of an HTTP request, and what it answers. Handlers never see libmicrohttpd:
 * the server fills a struct http_request from the connection (headers, cookies,
 * query, and the whole form body, urlencoded or multipart, parsed with MHD's
 * PostProcessor under size caps) and sends the struct http_reply back.
 *
 * Ownership: every string of a request lives in req->arena and is valid until the
 * handler returns. A reply's body and headers are owned by the reply
 * (http_reply_init / http_reply_release).
 */
#ifndef PR_REQUEST_H
#define PR_REQUEST_H

#include <stddef.h>

#include "../base/arena.h"
#include "../base/buf.h"

struct http_kv {
	const char *name;
	const char *value;      /* NUL-terminated; for files the raw bytes (len) */
	size_t len;
	const char *filename;   /* multipart file parts: the name the browser sent; else NULL */
	const char *type;       /* multipart: the part's Content-Type as sent; else NULL */
};

#define HTTP_MAX_FIELDS 256

struct http_request {
	struct arena *arena;
	const char *method;     /* "GET", "POST", ... */
	const char *path;       /* percent-decoded, without the query */
	const char *addr;       /* client address, "127.0.0.1" */
	int tls;                /* served over TLS (Secure cookies) */
	struct http_kv *headers;
	size_t nheaders;
	struct http_kv *cookies;
	size_t ncookies;
	struct http_kv *query;
	size_t nquery;
	struct http_kv *form;   /* POST body fields and files, in order */
	size_t nform;
	const char *form_error; /* NULL, or why the body was refused ("upload too large") */
};

/* Case-insensitive for headers, exact for the rest. NULL if absent. */
const char *http_header(const struct http_request *r, const char *name);
const char *http_cookie(const struct http_request *r, const char *name);
const char *http_query(const struct http_request *r, const char *name);
const char *http_field(const struct http_request *r, const char *name);
/* The first form part with that name (for files: check ->filename). */
const struct http_kv *http_part(const struct http_request *r, const char *name);

#define HTTP_MAX_REPLY_HEADERS 16

struct http_reply {
	int status;                 /* default 200 */
	const char *content_type;   /* static string; default text/html; charset=utf-8 */
	struct buf body;
	const char *cache_control;  /* static string; default "no-store" */
	char *hname[HTTP_MAX_REPLY_HEADERS];
	char *hvalue[HTTP_MAX_REPLY_HEADERS];
	size_t nheaders;
};

void http_reply_init(struct http_reply *r);
void http_reply_release(struct http_reply *r);
/* Adds a header (copied). Returns -1 when full or out of memory. */
int http_reply_header(struct http_reply *r, const char *name, const char *value);
/* 303 See Other to location (after a POST). */
void http_reply_redirect(struct http_reply *r, const char *location);

/*
 * A dynamic part of the site: handle() is called for every request whose path
 * starts with one of prefixes ("/admin", "/preview/", "/media/"), from any of the
 * server's threads at once. It must fill reply; it may not keep pointers into req.
 */
struct http_app {
	const char *const *prefixes;    /* NULL-terminated */
	void *ctx;
	void (*handle)(void *ctx, const struct http_request *req, struct http_reply *reply);
	size_t max_body;                /* total POST body cap, bytes */
};

/* Parses "a=1&b=%20x" into kv pairs in arena; returns the count (at most max). */
size_t http_parse_urlencoded(struct arena *a, const char *s, size_t n, struct http_kv *out,
			     size_t max);
/* Parses a Cookie header into kv pairs; returns the count. */
size_t http_parse_cookies(struct arena *a, const char *s, struct http_kv *out, size_t max);

#endif
