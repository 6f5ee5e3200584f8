/*
 * The HTTP side of pressroom. Why the shape: pages are rendered rarely and served
 * often, so each cached page is a ready MHD_Response that many connections queue
 * at once; the cache's read lock is held across MHD_queue_response so an entry
 * cannot be freed while a thread is handing it out.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../base/clock.h"
#include "../base/lazylib.h"
#include "../site/urls.h"
#include "assets.h"

/* libmicrohttpd is opened when the server starts (base/lazylib.h): the other
 * commands do not load it, nor GnuTLS with it. */
#define MHD_SYMS(X)                                                                           \
	X(MHD_start_daemon) X(MHD_stop_daemon) X(MHD_create_response_from_buffer)            \
	X(MHD_add_response_header) X(MHD_queue_response) X(MHD_destroy_response)             \
	X(MHD_lookup_connection_value) X(MHD_get_connection_values) X(MHD_get_connection_info) \
	X(MHD_create_post_processor) X(MHD_post_process) X(MHD_destroy_post_processor)      \
	X(MHD_suspend_connection) X(MHD_resume_connection)
LAZYLIB_DEFINE(lazy_mhd, PR_SONAME_MHD, MHD_SYMS)
#define MHD_start_daemon (*lazy_mhd_syms.MHD_start_daemon)
#define MHD_stop_daemon (*lazy_mhd_syms.MHD_stop_daemon)
#define MHD_create_response_from_buffer (*lazy_mhd_syms.MHD_create_response_from_buffer)
#define MHD_add_response_header (*lazy_mhd_syms.MHD_add_response_header)
#define MHD_queue_response (*lazy_mhd_syms.MHD_queue_response)
#define MHD_destroy_response (*lazy_mhd_syms.MHD_destroy_response)
#define MHD_lookup_connection_value (*lazy_mhd_syms.MHD_lookup_connection_value)
#define MHD_get_connection_values (*lazy_mhd_syms.MHD_get_connection_values)
#define MHD_get_connection_info (*lazy_mhd_syms.MHD_get_connection_info)
#define MHD_create_post_processor (*lazy_mhd_syms.MHD_create_post_processor)
#define MHD_post_process (*lazy_mhd_syms.MHD_post_process)
#define MHD_destroy_post_processor (*lazy_mhd_syms.MHD_destroy_post_processor)
#define MHD_suspend_connection (*lazy_mhd_syms.MHD_suspend_connection)
#define MHD_resume_connection (*lazy_mhd_syms.MHD_resume_connection)

#define CACHE_SLOTS 8192          /* power of two */
#define CACHE_MAX_USED (CACHE_SLOTS * 5 / 8)
#define CACHE_MAX_PATH 512
#define WATCH_INTERVAL_MS 200
#define SERVER_MAX_THREADS 64
#define SERVER_MAX_CONNECTIONS 4000
/*
 * Slow and greedy clients (docs/internals/limits.md). MHD's own timeout only
 * closes a connection that sends nothing for SERVER_IDLE_SECONDS, so a client that
 * trickles a byte now and then (slow headers, slow body, slow read) would keep it
 * forever; every connection therefore also has a deadline for its current phase,
 * and the watcher thread shuts down the socket of any connection past it. And MHD's
 * per-IP limit counts per daemon, while we run one daemon per thread: the limit is
 * kept here instead, across all of them.
 */
#define SERVER_IDLE_SECONDS 10    /* nothing received or sent for this long */
#define SERVER_HEAD_SECONDS 10    /* request line and headers, from connect or the last response */
#define SERVER_BODY_SECONDS 20    /* a request body: this, */
#define SERVER_BODY_RATE 16384    /* plus 1 s per this many bytes it declares */
#define SERVER_SEND_SECONDS 180   /* a response, from the end of its request */
#define SERVER_PER_IP 256         /* open connections from one address, all daemons */
#define SERVER_FD_RESERVE 256     /* descriptors kept for the database, files, fetches */
#define CONN_BUCKETS 1024         /* power of two */
/*
 * The app (newsroom, preview links, media) runs on threads of its own: a newsroom
 * save may wait for the database's write lock (up to NR_BUSY_MS while another
 * process writes), and on a daemon's thread that wait would hold up every public
 * page of the connections that daemon serves. Its connection is suspended
 * meanwhile and resumed with the answer.
 */
#define SERVER_APP_THREADS 4

/* img-src has http: too: the sanitizer keeps a feed's or an old post's images over
 * http (and a browser upgrades them on an https page), which a policy without it
 * blocked from showing. */
static const char server_csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; "
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

struct cache_entry {
	char *path;
	struct MHD_Response *resp;
	int status;
	char etag[24];
	int64_t expires;
	uint64_t gen;
};

struct server {
	struct site *site;
	const struct http_app *app;
	struct assets assets;
	struct MHD_Daemon *daemons[SERVER_MAX_THREADS];
	unsigned ndaemons;
	pthread_rwlock_t lock;
	struct cache_entry slots[CACHE_SLOTS];
	size_t used;
	atomic_uint_fast64_t gen;
	int quiet;
	/* Every open connection, chained by address hash, under conn_lock. */
	pthread_mutex_t conn_lock;
	struct conn *conns[CONN_BUCKETS];
	atomic_uint_fast64_t refused, reaped;
	/* Requests for the app, waiting for one of its threads (struct dyn's next). */
	pthread_mutex_t app_lock;
	pthread_cond_t app_cond;
	struct dyn *app_head, *app_tail;
	int app_stop;                    /* under app_lock: answer on the daemon's thread */
	pthread_t app_threads[SERVER_APP_THREADS];
	unsigned napp;
	/* A site under a path of its host (base_url "https://mfa.example/press"): base is
	 * that base_url and rb its host and path, under lock (server_base_load); based
	 * is rb.npath != 0, read without it, so that a site at the root skips it all. */
	char base[2048];
	struct url_rebase rb;
	atomic_int based;
};

/* Every response carries these, whatever its status (tests/load/headers.py). */
static void server_security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Security-Policy", server_csp);
	MHD_add_response_header(r, "Referrer-Policy", "strict-origin-when-cross-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

/* ...and every response with a body its type, with the charset for text. */
static void server_headers(struct MHD_Response *r, const char *type)
{
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	server_security_headers(r);
}

static void server_http_date(char *out, size_t n, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	gmtime_r(&tt, &tm);
	strftime(out, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static struct MHD_Response *server_make(const char *body, size_t n, const char *type,
					enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(n, (void *)body, mode);
	if (r)
		server_headers(r, type);
	return r;
}

static enum MHD_Result server_simple(struct MHD_Connection *c, unsigned status, const char *text,
				     int close)
{
	struct MHD_Response *r = server_make(text, strlen(text), "text/plain; charset=utf-8",
					     MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result server_not_modified(struct MHD_Connection *c, const char *etag)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	/* No Content-Type: a 304 has no body, and its headers update the cached 200's. */
	server_security_headers(r);
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, r);
	MHD_destroy_response(r);
	return ret;
}

/* Whether the client's If-None-Match names etag (a list, or "*"). */
static int server_etag_matches(struct MHD_Connection *c, const char *etag)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (!inm)
		return 0;
	if (!strcmp(inm, "*"))
		return 1;
	size_t n = strlen(etag);
	for (const char *p = inm; (p = strstr(p, etag)); p += n)
		return 1;
	return 0;
}

/* ---- framing ---------------------------------------------------------------- */

struct framing {
	int host, content_length, transfer_encoding, bad_name, bad_length, bad_te;
};

static enum MHD_Result server_framing_iter(void *cls, enum MHD_ValueKind kind, const char *key,
					   const char *value)
{
	struct framing *f = cls;
	(void)kind;
	if (!*key || strpbrk(key, " \t\r\n"))
		f->bad_name = 1;
	if (!strcasecmp(key, "host"))
		f->host++;
	if (!strcasecmp(key, "content-length")) {
		f->content_length++;
		if (!value || !*value || value[strspn(value, "0123456789")] != '\0' || strlen(value) > 18)
			f->bad_length = 1;
	}
	if (!strcasecmp(key, "transfer-encoding")) {
		f->transfer_encoding++;
		if (!value || strcasecmp(value, "chunked") != 0)
			f->bad_te = 1;
	}
	return MHD_YES;
}

const char *server_framing_error(struct MHD_Connection *c, const char *version)
{
	struct framing f = {0};
	MHD_get_connection_values(c, MHD_HEADER_KIND, server_framing_iter, &f);
	if (f.bad_name)
		return "malformed header name";
	if (!strcmp(version, MHD_HTTP_VERSION_1_1) && f.host != 1)
		return f.host ? "more than one Host header" : "HTTP/1.1 request without Host";
	if (f.host > 1)
		return "more than one Host header";
	if (f.content_length && f.transfer_encoding)
		return "both Content-Length and Transfer-Encoding";
	if (f.content_length > 1)
		return "more than one Content-Length";
	if (f.bad_length)
		return "invalid Content-Length";
	if (f.transfer_encoding > 1 || f.bad_te)
		return "unsupported Transfer-Encoding";
	return NULL;
}

/* ---- page cache --------------------------------------------------------------- */

static size_t cache_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

/* Caller holds the lock (read or write). Returns the slot for path: its entry or an empty one. */
static struct cache_entry *cache_slot(struct server *s, const char *path)
{
	size_t i = cache_hash(path) & (CACHE_SLOTS - 1);
	while (s->slots[i].path && strcmp(s->slots[i].path, path) != 0)
		i = (i + 1) & (CACHE_SLOTS - 1);
	return &s->slots[i];
}

/* Caller holds the write lock. */
static void cache_clear(struct server *s)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (s->slots[i].path) {
			free(s->slots[i].path);
			MHD_destroy_response(s->slots[i].resp);
			s->slots[i].path = NULL;
			s->slots[i].resp = NULL;
		}
	}
	s->used = 0;
}

static int cache_fresh(struct server *s, const struct cache_entry *e, int64_t now)
{
	return e->path && e->gen == atomic_load(&s->gen) && (!e->expires || now < e->expires);
}

/* Queues the cached response for path if fresh. Returns 1 and sets *ret if served. */
static int cache_serve(struct server *s, struct MHD_Connection *c, const char *path,
		       enum MHD_Result *ret)
{
	int served = 0;
	int64_t now = (int64_t)time(NULL);
	pthread_rwlock_rdlock(&s->lock);
	struct cache_entry *e = cache_slot(s, path);
	if (cache_fresh(s, e, now)) {
		if (e->status == MHD_HTTP_OK && server_etag_matches(c, e->etag))
			*ret = server_not_modified(c, e->etag);
		else
			*ret = MHD_queue_response(c, (unsigned)e->status, e->resp);
		served = 1;
	}
	pthread_rwlock_unlock(&s->lock);
	return served;
}

struct server_params {
	struct site_param v[SITE_MAX_PARAMS];
	size_t n;
};

static enum MHD_Result server_param(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	struct server_params *p = cls;
	(void)kind;
	if (p->n == SITE_MAX_PARAMS)
		return MHD_NO;
	p->v[p->n++] = (struct site_param){key, value ? value : ""};
	return MHD_YES;
}

/* ---- a site under a path of its host ----------------------------------------- */

/* Takes the path of the site's base_url (url_base_path), at the start and after
 * each change of the settings. */
static void server_base_load(struct server *s)
{
	char u[sizeof(s->base)];
	site_base_url(s->site, u, sizeof(u));
	const char *path;
	size_t n = url_base_path(u, &path);
	pthread_rwlock_wrlock(&s->lock);
	memcpy(s->base, u, strlen(u) + 1);
	url_rebase_init(&s->rb, s->base, n, 0);
	atomic_store(&s->based, s->rb.npath != 0);
	pthread_rwlock_unlock(&s->lock);
}

/*
 * url without the site's path: "/press/items/x" is "/items/x", "/press" is "/". One
 * not under it is taken as it is: a proxy that took the path off before passing
 * the request on ("location /press/ { proxy_pass http://127.0.0.1:8080/; }").
 */
static const char *server_unbase(struct server *s, const char *url)
{
	if (!atomic_load(&s->based))
		return url;
	pthread_rwlock_rdlock(&s->lock);
	size_t n = s->rb.npath;
	int under = n && !strncmp(url, s->rb.path, n) && (url[n] == '/' || !url[n]);
	pthread_rwlock_unlock(&s->lock);
	return !under ? url : url[n] ? url + n : "/";
}

/*
 * What the site and the newsroom made for the host's root, put under the site's
 * path: an HTML body's links (url_rebase_html; *body, malloc'd, is replaced), and a
 * header's path: a Location from the root, a cookie's "Path=/...". hv (a header's
 * value, or NULL) is set to the new value in out, or left. 0, or -1 out of memory
 * (nothing changed).
 */
static int server_rebase(struct server *s, const char *type, char **body, size_t *len,
			 const char *name, const char **hv, struct buf *out)
{
	if (!atomic_load(&s->based))
		return 0;
	int rc = 0;
	buf_reset(out);
	/* The base as it is now, copied: the cache's lock is not held over a page. The
	 * rebase server_base_load made is copied with it, its pointers moved into the
	 * copy (nothing of it is worked out again for each response). */
	char base[sizeof(s->base)];
	struct url_rebase rb;
	pthread_rwlock_rdlock(&s->lock);
	memcpy(base, s->base, sizeof(base));
	rb = s->rb;
	pthread_rwlock_unlock(&s->lock);
	if (!rb.npath)
		return 0;
	rb.host = base + (rb.host - s->base);
	rb.path = base + (rb.path - s->base);
	if (body && type && !strncmp(type, "text/html", 9) && *len) {
		url_rebase_html(&rb, *body, *len, out);
		size_t n;
		char *d = buf_failed(out) ? NULL : buf_detach(out, &n);
		if (d) {
			free(*body);
			*body = d;
			*len = n;
		} else {
			rc = -1;
		}
	} else if (hv && *hv) {
		const char *v = *hv, *at = NULL;
		if (!strcasecmp(name, "Location") && v[0] == '/' && v[1] != '/')
			at = v;
		else if (!strcasecmp(name, "Set-Cookie") && (at = strstr(v, "; Path=/")))
			at += 7;
		if (at) {
			buf_add(out, v, (size_t)(at - v));
			buf_add(out, rb.path, rb.npath);
			buf_adds(out, at);
			if (buf_failed(out))
				rc = -1;
			else
				*hv = buf_str(out);
		}
	}
	return rc;
}

/* Renders path, stores the response when it may be cached, and queues it. */
static enum MHD_Result server_page(struct server *s, struct MHD_Connection *c, const char *path)
{
	enum MHD_Result ret;
	/* A page that reads the query string (/search) is made for every request and
	 * never cached, since the cache is keyed by the path alone. */
	int by_query = site_path_takes_query(path);
	uint64_t gen = atomic_load(&s->gen);
	struct site_response r;
	buf_init(&r.body, 64u << 20);
	/* A WordPress shortlink ("/?p=12") of an item here: its 301, made per request
	 * (the cache is keyed by the path alone); any other is the path's own page. */
	int home = site_is_shortlink(path);
	const char *wp = home ? MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "p") : NULL;
	const char *wf = home ? MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "feed") : NULL;
	if ((wp || wf) && site_render_shortlink(s->site, path, wp, wf, &r)) {
		by_query = 1;
	} else if (!by_query && cache_serve(s, c, path, &ret)) {
		buf_release(&r.body);
		return ret;
	} else if (by_query) {
		struct server_params q = {.n = 0};
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, server_param, &q);
		site_render_query(s->site, path, q.v, q.n, &r);
	} else {
		site_render(s->site, path, &r);
	}
	if (r.status == 500 && !s->quiet)
		fprintf(stderr, "pressroom: 500 %s: %s\n", path, r.why);
	size_t len;
	char *body = buf_detach(&r.body, &len);
	if (!body)
		return server_simple(c, 500, "out of memory\n", 1);
	/* Under a path: the page's links and its 301's Location (once: it is cached so). */
	const char *location = r.location;
	struct buf moved;
	buf_init(&moved, 0);
	if (server_rebase(s, r.content_type, &body, &len, NULL, NULL, &moved) ||
	    (r.status == 301 && server_rebase(s, NULL, NULL, NULL, "Location", &location, &moved))) {
		free(body);
		buf_release(&moved);
		return server_simple(c, 500, "out of memory\n", 1);
	}
	struct MHD_Response *resp = server_make(body, len, r.content_type, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		buf_release(&moved);
		return MHD_NO;
	}
	char etag[24];
	assets_etag(body, len, etag);
	if (r.status == 200) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=0, must-revalidate");
	} else if (r.status == 301) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location);
	} else {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	}
	if (r.last_modified) {
		char date[64];
		server_http_date(date, sizeof(date), r.last_modified);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	}
	buf_release(&moved);
	/* Only pages that exist are cached, so unknown paths cannot fill the cache. */
	int cached = 0;
	if (!by_query && (r.status == 200 || r.status == 301) && strlen(path) < CACHE_MAX_PATH) {
		pthread_rwlock_wrlock(&s->lock);
		/* A change while rendering makes this body stale already: do not keep it. */
		if (gen == atomic_load(&s->gen)) {
			if (s->used >= CACHE_MAX_USED)
				cache_clear(s);
			struct cache_entry *e = cache_slot(s, path);
			if (e->path) {
				MHD_destroy_response(e->resp);
				e->resp = NULL;
			} else if ((e->path = strdup(path))) {
				s->used++;
			}
			if (e->path) {
				/* The cache keeps the creator's reference to resp. */
				e->resp = resp;
				e->status = r.status;
				e->expires = r.expires;
				e->gen = gen;
				memcpy(e->etag, etag, sizeof(etag));
				cached = 1;
			}
		}
		if (cached) {
			if (r.status == 200 && server_etag_matches(c, etag))
				ret = server_not_modified(c, etag);
			else
				ret = MHD_queue_response(c, (unsigned)r.status, resp);
		}
		pthread_rwlock_unlock(&s->lock);
		if (cached)
			return ret;
	}
	if (r.status == 200 && server_etag_matches(c, etag))
		ret = server_not_modified(c, etag);
	else
		ret = MHD_queue_response(c, (unsigned)r.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- static assets ------------------------------------------------------------ */

static enum MHD_Result server_asset(struct server *s, struct MHD_Connection *c, const char *name)
{
	const struct asset *a = assets_find(&s->assets, name);
	if (!a)
		return server_page(s, c, "/404");
	char date[64];
	server_http_date(date, sizeof(date), a->mtime);
	if (server_etag_matches(c, a->etag))
		return server_not_modified(c, a->etag);
	/* If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2). */
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	struct tm tm = {0};
	if (ims && !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH)) {
		const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		if (end && !*end && (int64_t)timegm(&tm) >= a->mtime)
			return server_not_modified(c, a->etag);
	}
	struct MHD_Response *r = server_make(a->data, a->size, a->content_type, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, a->etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=3600");
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- dynamic paths (the newsroom) ------------------------------------------- */

struct dyn_field {
	char *name, *filename, *type;
	struct buf data;
};

enum dyn_state { DYN_READING, DYN_QUEUED, DYN_ANSWERED };

/* Per-connection state of a request to the app, from the first call to completion. */
struct dyn {
	int *marker;                 /* &dyn_marker: tells it from a static request */
	struct MHD_PostProcessor *pp;
	struct dyn_field fields[HTTP_MAX_FIELDS];
	size_t nfields;
	size_t body_bytes, max_body;
	const char *error;
	/* Once the request is whole: what the app sees and answers (dyn_prepare). */
	atomic_int state;            /* enum dyn_state */
	struct MHD_Connection *conn;
	struct dyn *next;            /* in the app's queue */
	struct arena arena;
	struct http_request req;
	struct http_reply reply;
	char addr[INET6_ADDRSTRLEN];
};

static int dyn_marker;

static void dyn_free(struct dyn *d)
{
	if (d->pp)
		MHD_destroy_post_processor(d->pp);
	for (size_t i = 0; i < d->nfields; i++) {
		free(d->fields[i].name);
		free(d->fields[i].filename);
		free(d->fields[i].type);
		buf_release(&d->fields[i].data);
	}
	if (d->req.arena) {
		http_reply_release(&d->reply);
		arena_release(&d->arena);
	}
	free(d);
}

static enum MHD_Result dyn_post(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *filename, const char *content_type,
				const char *transfer_encoding, const char *data, uint64_t off,
				size_t size)
{
	struct dyn *d = cls;
	(void)kind;
	(void)transfer_encoding;
	if (d->error)
		return MHD_YES;
	struct dyn_field *f = d->nfields ? &d->fields[d->nfields - 1] : NULL;
	if (!f || off == 0 || strcmp(f->name, key) != 0) {
		if (d->nfields == HTTP_MAX_FIELDS) {
			d->error = "too many form fields";
			return MHD_YES;
		}
		f = &d->fields[d->nfields];
		memset(f, 0, sizeof(*f));
		f->name = strdup(key);
		f->filename = filename ? strdup(filename) : NULL;
		f->type = content_type ? strdup(content_type) : NULL;
		buf_init(&f->data, d->max_body);
		d->nfields++;
		if (!f->name || (filename && !f->filename) || (content_type && !f->type)) {
			d->error = "out of memory";
			return MHD_YES;
		}
	}
	buf_add(&f->data, data, size);
	if (buf_failed(&f->data))
		d->error = "form too large";
	return MHD_YES;
}

struct dyn_collect {
	struct arena *a;
	struct http_kv *v;
	size_t n, max;
};

static enum MHD_Result dyn_collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *value)
{
	struct dyn_collect *c = cls;
	(void)kind;
	if (c->n == c->max)
		return MHD_NO;
	char *k = arena_strdup(c->a, key), *v = arena_strdup(c->a, value ? value : "");
	if (!k || !v)
		return MHD_NO;
	c->v[c->n++] = (struct http_kv){k, v, strlen(v), NULL, NULL};
	return MHD_YES;
}

static size_t dyn_values(struct MHD_Connection *c, enum MHD_ValueKind kind, struct arena *a,
			 struct http_kv **out)
{
	struct dyn_collect col = {a, arena_alloc(a, 64 * sizeof(struct http_kv)), 0, 64};
	if (!col.v)
		return 0;
	MHD_get_connection_values(c, kind, dyn_collect_kv, &col);
	*out = col.v;
	return col.n;
}

/* Builds the request the app sees, in d (its strings in d->arena). -1 if its
 * method and path could not be copied: it then points at MHD's, and is answered
 * on the daemon's thread. */
static int dyn_prepare(struct MHD_Connection *c, struct dyn *d, const char *url,
		       const char *method)
{
	struct arena *arena = &d->arena;
	arena_init(arena, 0);
	d->req = (struct http_request){.arena = arena, .addr = ""};
	struct http_request *req = &d->req;
	req->method = arena_strdup(arena, method);
	req->path = arena_strdup(arena, url);
	int whole = req->method && req->path;
	if (!whole) {
		req->method = method;
		req->path = url;
	}
	req->nheaders = dyn_values(c, MHD_HEADER_KIND, arena, &req->headers);
	req->nquery = dyn_values(c, MHD_GET_ARGUMENT_KIND, arena, &req->query);
	req->cookies = arena_alloc(arena, 32 * sizeof(struct http_kv));
	if (req->cookies)
		req->ncookies = http_parse_cookies(arena, http_header(req, "Cookie"), req->cookies, 32);
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, d->addr, sizeof(d->addr));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, d->addr, sizeof(d->addr));
		req->addr = d->addr;
	}
	req->form = arena_alloc(arena, (d->nfields ? d->nfields : 1) * sizeof(struct http_kv));
	for (size_t i = 0; req->form && i < d->nfields; i++) {
		struct dyn_field *f = &d->fields[i];
		req->form[i] = (struct http_kv){f->name, buf_str(&f->data), f->data.len, f->filename, f->type};
	}
	req->nform = req->form ? d->nfields : 0;
	req->form_error = d->error;
	http_reply_init(&d->reply);
	d->conn = c;
	return whole ? 0 : -1;
}

/* Queues what the app answered (d->reply) on the connection. */
static enum MHD_Result dyn_reply(struct server *s, struct MHD_Connection *c, struct dyn *d)
{
	struct http_reply *reply = &d->reply;
	size_t len;
	char *body = buf_detach(&reply->body, &len);
	enum MHD_Result ret = MHD_NO;
	struct buf moved;
	buf_init(&moved, 0);
	int bad = !body || server_rebase(s, reply->content_type, &body, &len, NULL, NULL, &moved);
	struct MHD_Response *r = bad ? NULL : MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (r) {
		server_headers(r, reply->content_type);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, reply->cache_control);
		for (size_t i = 0; i < reply->nheaders && !bad; i++) {
			/* Under a path: a redirect's Location and a cookie's Path too. */
			const char *v = reply->hvalue[i];
			bad = server_rebase(s, NULL, NULL, NULL, reply->hname[i], &v, &moved);
			MHD_add_response_header(r, reply->hname[i], v);
		}
		ret = bad ? server_simple(c, 500, "out of memory\n", 1)
			  : MHD_queue_response(c, (unsigned)reply->status, r);
		MHD_destroy_response(r);
	} else {
		free(body);
		ret = server_simple(c, 500, "out of memory\n", 1);
	}
	buf_release(&moved);
	return ret;
}

/*
 * Hands d to the app's threads: the connection is suspended (its daemon serves
 * the others meanwhile) until a thread has the answer and resumes it. 0 when the
 * server is stopping or has no app threads: the caller answers on its own thread.
 */
static int dyn_submit(struct server *s, struct MHD_Connection *c, struct dyn *d)
{
	pthread_mutex_lock(&s->app_lock);
	if (s->app_stop || !s->napp) {
		pthread_mutex_unlock(&s->app_lock);
		return 0;
	}
	atomic_store(&d->state, DYN_QUEUED);
	/* Before a thread can take it: a resume must not come before the suspend. */
	MHD_suspend_connection(c);
	d->next = NULL;
	if (s->app_tail)
		s->app_tail->next = d;
	else
		s->app_head = d;
	s->app_tail = d;
	pthread_cond_signal(&s->app_cond);
	pthread_mutex_unlock(&s->app_lock);
	return 1;
}

/* An app thread: answers queued requests until the server stops and none is left. */
static void *dyn_thread(void *arg)
{
	struct server *s = arg;
	for (;;) {
		pthread_mutex_lock(&s->app_lock);
		while (!s->app_head && !s->app_stop)
			pthread_cond_wait(&s->app_cond, &s->app_lock);
		struct dyn *d = s->app_head;
		if (d) {
			s->app_head = d->next;
			if (!s->app_head)
				s->app_tail = NULL;
		}
		pthread_mutex_unlock(&s->app_lock);
		if (!d)
			return NULL;
		s->app->handle(s->app->ctx, &d->req, &d->reply);
		struct MHD_Connection *c = d->conn;
		/* The daemon may free d as soon as the connection is resumed. */
		atomic_store(&d->state, DYN_ANSWERED);
		MHD_resume_connection(c);
	}
}

/* Starts the app's threads (with the caller's signal mask); without any, the app
 * answers on the daemons' threads. */
static void dyn_threads_start(struct server *s)
{
	pthread_mutex_init(&s->app_lock, NULL);
	pthread_cond_init(&s->app_cond, NULL);
	if (!s->app)
		return;
	while (s->napp < SERVER_APP_THREADS &&
	       !pthread_create(&s->app_threads[s->napp], NULL, dyn_thread, s))
		s->napp++;
}

/* Before the daemons stop (MHD wants no connection left suspended): every queued
 * request is answered and its connection resumed; later ones are answered inline
 * (dyn_submit still takes app_lock to see app_stop: dyn_threads_free, once the
 * daemons have stopped, destroys it). */
static void dyn_threads_stop(struct server *s)
{
	pthread_mutex_lock(&s->app_lock);
	s->app_stop = 1;
	pthread_cond_broadcast(&s->app_cond);
	pthread_mutex_unlock(&s->app_lock);
	for (unsigned i = 0; i < s->napp; i++)
		pthread_join(s->app_threads[i], NULL);
	s->napp = 0;
}

static void dyn_threads_free(struct server *s)
{
	pthread_mutex_destroy(&s->app_lock);
	pthread_cond_destroy(&s->app_cond);
}

static int dyn_match(const struct server *s, const char *url)
{
	if (!s->app)
		return 0;
	for (const char *const *p = s->app->prefixes; *p; p++)
		if (!strncmp(url, *p, strlen(*p)))
			return 1;
	return 0;
}

/* One call of MHD's access handler for a dynamic path. */
static enum MHD_Result dyn_request(struct server *s, struct MHD_Connection *c, const char *url,
				   const char *method, const char *upload_data,
				   size_t *upload_data_size, void **con_cls)
{
	struct dyn *d = *con_cls;
	if (d == NULL) {
		if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST"))
			return server_simple(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed\n", 1);
		d = calloc(1, sizeof(*d));
		if (!d)
			return MHD_NO;
		d->marker = &dyn_marker;
		d->max_body = s->app->max_body ? s->app->max_body : (size_t)1 << 20;
		*con_cls = d;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > d->max_body)
			return server_simple(c, MHD_HTTP_CONTENT_TOO_LARGE, "Request body too large\n", 1);
		if (!strcmp(method, "POST")) {
			d->pp = MHD_create_post_processor(c, 65536, dyn_post, d);
			if (!d->pp)
				return server_simple(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
						     "Forms must be application/x-www-form-urlencoded or multipart/form-data\n", 1);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		d->body_bytes += *upload_data_size;
		if (d->body_bytes > d->max_body) {
			*upload_data_size = 0;
			return server_simple(c, MHD_HTTP_CONTENT_TOO_LARGE, "Request body too large\n", 1);
		}
		if (d->pp && MHD_post_process(d->pp, upload_data, *upload_data_size) != MHD_YES && !d->error)
			d->error = "malformed form data";
		*upload_data_size = 0;
		return MHD_YES;
	}
	/* The request is whole: answered by an app thread (which resumes the
	 * connection and so calls this again), or here when there is none. */
	int st = atomic_load(&d->state);
	if (st == DYN_ANSWERED)
		return dyn_reply(s, c, d);
	if (st == DYN_QUEUED)
		return MHD_YES;
	if (!dyn_prepare(c, d, url, method) && dyn_submit(s, c, d))
		return MHD_YES;
	s->app->handle(s->app->ctx, &d->req, &d->reply);
	atomic_store(&d->state, DYN_ANSWERED);
	return dyn_reply(s, c, d);
}

/* ---- connections: per-address limit and deadlines ------------------------------ */

/*
 * One per open connection, from MHD's "started" to its "closed" notification (the
 * socket is closed only after that, so a shutdown() under conn_lock never hits a
 * reused descriptor). deadline is written by the connection's daemon thread and
 * read by the watcher.
 */
struct conn {
	struct conn *prev, *next;
	unsigned char addr[16];          /* IPv6, or IPv4-mapped */
	size_t bucket;
	int fd;
	int linked;                      /* in s->conns (else refused) */
	atomic_int cut;                  /* refused or past its deadline: answer nothing */
	atomic_int_fast64_t deadline;    /* monotonic ms */
};

static void conn_deadline(struct conn *k, int64_t ms_from_now)
{
	atomic_store(&k->deadline, clock_ms() + ms_from_now);
}

static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* Refuses (shuts down) a connection over the per-address limit; tracks the rest. */
static void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
			enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		struct conn *k = *socket_context;
		if (!k)
			return;
		pthread_mutex_lock(&s->conn_lock);
		if (k->linked) {
			if (k->prev)
				k->prev->next = k->next;
			else
				s->conns[k->bucket] = k->next;
			if (k->next)
				k->next->prev = k->prev;
		}
		pthread_mutex_unlock(&s->conn_lock);
		free(k);
		*socket_context = NULL;
		return;
	}
	const union MHD_ConnectionInfo *fi = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *ai = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct conn *k = calloc(1, sizeof(*k));
	*socket_context = k;
	if (!k || !fi) {
		/* Without its record a connection escapes the limits: refuse it. */
		if (fi)
			shutdown(fi->connect_fd, SHUT_RDWR);
		return;
	}
	k->fd = fi->connect_fd;
	const struct sockaddr *sa = ai ? ai->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET6) {
		memcpy(k->addr, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	} else if (sa && sa->sa_family == AF_INET) {
		k->addr[10] = k->addr[11] = 0xff;
		memcpy(k->addr + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	}
	conn_deadline(k, SERVER_HEAD_SECONDS * 1000);
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < 16; i++)
		h = (h ^ k->addr[i]) * 1099511628211ULL;
	k->bucket = (size_t)(h ^ (h >> 29)) & (CONN_BUCKETS - 1);
	unsigned same = 0;
	pthread_mutex_lock(&s->conn_lock);
	for (struct conn *o = s->conns[k->bucket]; o; o = o->next)
		same += !memcmp(o->addr, k->addr, 16);
	if (same < SERVER_PER_IP) {
		k->next = s->conns[k->bucket];
		if (k->next)
			k->next->prev = k;
		s->conns[k->bucket] = k;
		k->linked = 1;
	}
	pthread_mutex_unlock(&s->conn_lock);
	if (!k->linked) {
		atomic_store(&k->cut, 1);
		atomic_fetch_add(&s->refused, 1);
		shutdown(k->fd, SHUT_RDWR);
	}
}

/* Called by the watcher: shuts down every connection past its deadline. */
static void conn_reap(struct server *s)
{
	int64_t now = clock_ms();
	pthread_mutex_lock(&s->conn_lock);
	for (size_t b = 0; b < CONN_BUCKETS; b++) {
		for (struct conn *k = s->conns[b]; k; k = k->next) {
			if (now > atomic_load(&k->deadline) && !atomic_exchange(&k->cut, 1)) {
				shutdown(k->fd, SHUT_RDWR);
				atomic_fetch_add(&s->reaped, 1);
			}
		}
	}
	pthread_mutex_unlock(&s->conn_lock);
}

/*
 * Moves the connection's deadline as its request goes on: the first call of the
 * access handler means the headers are in, and the body (if any) may take
 * SERVER_BODY_SECONDS plus time for its declared length; a call without upload data
 * after that means the request is whole and the response may take
 * SERVER_SEND_SECONDS. Returns 0 if the connection was cut and must get nothing.
 */
static int conn_progress(struct server *s, struct MHD_Connection *c, int first, size_t upload)
{
	struct conn *k = conn_of(c);
	if (!k)
		return 1;
	if (atomic_load(&k->cut))
		return 0;
	if (first) {
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
		uint64_t cap = s->app && s->app->max_body ? s->app->max_body : (uint64_t)1 << 20;
		uint64_t n = cl ? strtoull(cl, NULL, 10) : te ? cap : 0;
		if (n > cap)
			n = cap;
		conn_deadline(k, SERVER_BODY_SECONDS * 1000 + (int64_t)(n * 1000 / SERVER_BODY_RATE));
	} else if (upload == 0) {
		conn_deadline(k, SERVER_SEND_SECONDS * 1000);
	}
	return 1;
}

/* ---- requests ----------------------------------------------------------------- */

static int server_marker;

static enum MHD_Result server_request(void *cls, struct MHD_Connection *c, const char *url,
				      const char *method, const char *version,
				      const char *upload_data, size_t *upload_data_size,
				      void **con_cls)
{
	struct server *s = cls;
	if (!conn_progress(s, c, *con_cls == NULL, *upload_data_size))
		return MHD_NO;
	url = server_unbase(s, url);
	if (*con_cls == NULL) {
		const char *why = server_framing_error(c, version);
		if (why) {
			*con_cls = &server_marker;
			if (!s->quiet)
				fprintf(stderr, "pressroom: 400 %s %s: %s\n", method, url, why);
			return server_simple(c, MHD_HTTP_BAD_REQUEST, "Bad request\n", 1);
		}
		if (dyn_match(s, url))
			return dyn_request(s, c, url, method, upload_data, upload_data_size, con_cls);
		*con_cls = &server_marker;
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
			return server_simple(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed\n", 1);
		if (*upload_data_size == 0)
			return MHD_YES;
	}
	if (*con_cls != &server_marker)
		return dyn_request(s, c, url, method, upload_data, upload_data_size, con_cls);
	/* GET and HEAD bodies are read and dropped. */
	if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (url[0] != '/' || strlen(url) > 2000)
		return server_page(s, c, "/404");
	if (!strncmp(url, "/static/", 8))
		return server_asset(s, c, url + 8);
	return server_page(s, c, url);
}

static void server_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			     enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	if (*con_cls && *con_cls != &server_marker)
		dyn_free(*con_cls);
	*con_cls = NULL;
	/* The next request on this connection has its headers' time from now. */
	struct conn *k = conn_of(c);
	if (k)
		conn_deadline(k, SERVER_HEAD_SECONDS * 1000);
}

static void server_log(void *cls, const char *fmt, va_list ap)
{
	struct server *s = cls;
	if (s->quiet)
		return;
	fputs("pressroom: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* Parses "ADDR:PORT" or "[V6]:PORT" into ss. */
static int server_parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof(*ss));
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
			return -1;
		*len = sizeof(*a);
		return 0;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, *host ? host : "0.0.0.0", &a->sin_addr) != 1)
		return -1;
	*len = sizeof(*a);
	return 0;
}

int server_run(struct site *site, const struct server_options *o)
{
	static struct server s;   /* large (the cache table); one per process */
	memset(&s, 0, sizeof(s));
	s.site = site;
	s.app = o->app;
	s.quiet = o->quiet;
	pthread_rwlock_init(&s.lock, NULL);
	pthread_mutex_init(&s.conn_lock, NULL);
	server_base_load(&s);
	char err[512];
	if (lazylib_load(&lazy_mhd, "serve", err, sizeof(err))) {
		fprintf(stderr, "pressroom: %s\n", err);
		return 1;
	}
	if (assets_load(&s.assets, o->static_dir, err, sizeof(err))) {
		fprintf(stderr, "pressroom: %s\n", err);
		return 1;
	}
	struct sockaddr_storage ss;
	socklen_t sl;
	const char *listen = o->listen ? o->listen : "127.0.0.1:8080";
	if (server_parse_listen(listen, &ss, &sl)) {
		fprintf(stderr, "pressroom: --listen %s: expected ADDR:PORT, e.g. 127.0.0.1:8080\n", listen);
		assets_free(&s.assets);
		return 1;
	}
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = o->threads ? o->threads : (unsigned)(ncpu > 0 ? ncpu : 1);
	/* Signals are taken by the main thread only, which also watches for changes. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	dyn_threads_start(&s);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME |
			 (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	/*
	 * One single-threaded daemon per thread, all on the same address with
	 * SO_REUSEPORT, so the kernel spreads connections across them. (With MHD's
	 * own thread pool, the first worker to wake accepts a whole burst and one
	 * core ends up serving every connection.)
	 */
	if (threads > SERVER_MAX_THREADS)
		threads = SERVER_MAX_THREADS;
	/* The connection limit must fit the descriptor limit, with room to spare for
	 * the database, static files and feed fetches: raise the soft limit as far as
	 * needed (and allowed), and lower the connection limit if that is not enough. */
	unsigned max_conns = SERVER_MAX_CONNECTIONS;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rlim_t want = SERVER_MAX_CONNECTIONS + SERVER_FD_RESERVE;
		if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
			rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
			max_conns = rl.rlim_cur > 2 * SERVER_FD_RESERVE ? (unsigned)(rl.rlim_cur - SERVER_FD_RESERVE)
									: (unsigned)(rl.rlim_cur / 2);
	}
	unsigned per_daemon = max_conns / threads ? max_conns / threads : 1;
	for (unsigned i = 0; i < threads; i++) {
		struct MHD_Daemon *d = MHD_start_daemon(
			flags, 0, NULL, NULL, server_request, &s,
			MHD_OPTION_EXTERNAL_LOGGER, server_log, &s,
			MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)(threads > 1),
			MHD_OPTION_CONNECTION_LIMIT, per_daemon,
			/* Per address: kept across daemons by conn_notify, not MHD. */
			MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)0,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_IDLE_SECONDS,
			MHD_OPTION_NOTIFY_CONNECTION, conn_notify, &s,
			/* Caps the request line and headers (larger requests get 414/431);
			 * MHD clears this much per request, so it is kept small. */
			MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
			MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
			MHD_OPTION_NOTIFY_COMPLETED, server_completed, &s,
			MHD_OPTION_END);
		if (!d) {
			fprintf(stderr, "pressroom: cannot listen on %s: %s\n", listen,
				errno ? strerror(errno) : "address in use or not available");
			dyn_threads_stop(&s);
			for (unsigned j = 0; j < s.ndaemons; j++)
				MHD_stop_daemon(s.daemons[j]);
			dyn_threads_free(&s);
			assets_free(&s.assets);
			return 1;
		}
		s.daemons[s.ndaemons++] = d;
	}
	if (!o->quiet)
		fprintf(stderr, "pressroom: serving %s on http://%s%.*s/\n", site->cfg.site_name, listen,
			(int)s.rb.npath, s.rb.path ? s.rb.path : "");
	struct timespec ts = {0, WATCH_INTERVAL_MS * 1000000L};
	for (;;) {
		int sig = sigtimedwait(&set, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (site_changed(site)) {
			server_base_load(&s);
			atomic_fetch_add(&s.gen, 1);
		}
		conn_reap(&s);
	}
	dyn_threads_stop(&s);
	for (unsigned j = 0; j < s.ndaemons; j++)
		MHD_stop_daemon(s.daemons[j]);
	dyn_threads_free(&s);
	pthread_rwlock_wrlock(&s.lock);
	cache_clear(&s);
	pthread_rwlock_unlock(&s.lock);
	pthread_rwlock_destroy(&s.lock);
	assets_free(&s.assets);
	pthread_mutex_destroy(&s.conn_lock);
	if (!o->quiet)
		fprintf(stderr, "pressroom: stopped (connections refused over the per-address limit: %llu, "
			"cut at their deadline: %llu)\n", (unsigned long long)atomic_load(&s.refused),
			(unsigned long long)atomic_load(&s.reaped));
	return 0;
}
