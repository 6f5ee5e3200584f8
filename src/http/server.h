/*
 * server: the public site over HTTP with libmicrohttpd.
 *
 * Owns the daemon, the page cache and the watcher thread. Pages come from
 * site_render() and are kept as ready responses until site_changed() reports a
 * change or their expiry passes. The server never exits on a bad request: bad
 * framing gets 400 and the connection is closed.
 */
#ifndef PR_SERVER_H
#define PR_SERVER_H

#include "../site/site.h"
#include "request.h"

struct server_options {
	const char *listen;       /* "127.0.0.1:8080", "[::1]:8080" */
	const char *static_dir;   /* NULL: the theme compiled into the binary */
	unsigned threads;         /* 0: one per CPU */
	int quiet;
	const struct http_app *app; /* dynamic paths (the newsroom), or NULL */
};

/* Serves until SIGINT/SIGTERM. Returns 0, or 1 with a message on stderr. */
int server_run(struct site *site, const struct server_options *o);

/*
 * Framing checks that libmicrohttpd 0.9.75 does not make. Given the request's
 * headers, returns NULL if acceptable, else a short reason for the 400.
 */
struct MHD_Connection;
const char *server_framing_error(struct MHD_Connection *c, const char *version);

#endif
