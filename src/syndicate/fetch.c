/*
 * fetch: see fetch.h. The address check sits in the open-socket callback rather
 * than on the URL's host name: only the address curl is really about to connect
 * to tells the truth (a name may resolve to 127.0.0.1, a redirect may point
 * anywhere, and "2130706433" or "0x7f.1" are 127.0.0.1 too).
 */
#include "fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../base/lazylib.h"

/* libcurl is opened on the first fetch (lazylib.h): other commands never load it. */
#define CURL_SYMS(X)                                                                          \
	X(curl_global_init) X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_perform)        \
	X(curl_easy_getinfo) X(curl_easy_strerror) X(curl_easy_cleanup) X(curl_slist_append) \
	X(curl_slist_free_all)
LAZYLIB_DEFINE(lazy_curl, PR_SONAME_CURL, CURL_SYMS)
/* curl.h's compile-time option checks are macros of these two names. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init (*lazy_curl_syms.curl_global_init)
#define curl_easy_init (*lazy_curl_syms.curl_easy_init)
#define curl_easy_setopt (*lazy_curl_syms.curl_easy_setopt)
#define curl_easy_perform (*lazy_curl_syms.curl_easy_perform)
#define curl_easy_getinfo (*lazy_curl_syms.curl_easy_getinfo)
#define curl_easy_strerror (*lazy_curl_syms.curl_easy_strerror)
#define curl_easy_cleanup (*lazy_curl_syms.curl_easy_cleanup)
#define curl_slist_append (*lazy_curl_syms.curl_slist_append)
#define curl_slist_free_all (*lazy_curl_syms.curl_slist_free_all)
#define FETCH_NEEDS "fetching feeds"

struct fetch_ctx {
	struct fetch_result *r;
	const struct fetch_request *rq;
	int refused;           /* an address was refused */
	char refused_addr[64];
	int toobig;
	size_t max;            /* body cap */
	char encoding[64];     /* the last response's Content-Encoding, for a message */
};

static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static void fetch_init_once(void)
{
	/* A failed load is reported by fetch_url, which loads again (and fails again). */
	if (!lazylib_load(&lazy_curl, FETCH_NEEDS, NULL, 0))
		curl_global_init(CURL_GLOBAL_DEFAULT);
}
void fetch_global_init(void) { pthread_once(&fetch_once, fetch_init_once); }

/* IPv4 address a (host byte order): 1 if public. */
static int fetch_v4_public(uint32_t a)
{
	static const struct {
		uint32_t net;
		int bits;
	} blocked[] = {
		{0x00000000, 8},   /* 0/8 this network, 0.0.0.0 */
		{0x0A000000, 8},   /* 10/8 private */
		{0x64400000, 10},  /* 100.64/10 shared (CGNAT) */
		{0x7F000000, 8},   /* 127/8 loopback */
		{0xA9FE0000, 16},  /* 169.254/16 link-local, cloud metadata */
		{0xAC100000, 12},  /* 172.16/12 private */
		{0xC0000000, 24},  /* 192.0.0/24 IETF protocol assignments */
		{0xC0000200, 24},  /* 192.0.2/24 documentation */
		{0xC0586300, 24},  /* 192.88.99/24 6to4 relay */
		{0xC0A80000, 16},  /* 192.168/16 private */
		{0xC6120000, 15},  /* 198.18/15 benchmarking */
		{0xC6336400, 24},  /* 198.51.100/24 documentation */
		{0xCB007100, 24},  /* 203.0.113/24 documentation */
		{0xE0000000, 4},   /* 224/4 multicast */
		{0xF0000000, 4},   /* 240/4 reserved, 255.255.255.255 */
	};
	for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++) {
		uint32_t mask = blocked[i].bits ? 0xFFFFFFFFu << (32 - blocked[i].bits) : 0;
		if ((a & mask) == blocked[i].net)
			return 0;
	}
	return 1;
}

static uint32_t fetch_v4_at(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int fetch_v6_public(const unsigned char *a)
{
	static const unsigned char zero[16];
	/* ::/96 holds ::, ::1 and the deprecated IPv4-compatible forms: none is a web server. */
	if (!memcmp(a, zero, 12))
		return 0;
	/* ::ffff:0:0/96 mapped IPv4 and 64:ff9b::/96 NAT64: judge the IPv4 inside. */
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
	static const unsigned char nat64[12] = {0, 0x64, 0xFF, 0x9B};
	if (!memcmp(a, mapped, 12) || !memcmp(a, nat64, 12))
		return fetch_v4_public(fetch_v4_at(a + 12));
	/* ::ffff:0:0:0/96 (SIIT translated) likewise. */
	static const unsigned char siit[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0};
	if (!memcmp(a, siit, 12))
		return fetch_v4_public(fetch_v4_at(a + 12));
	if (a[0] == 0x20 && a[1] == 0x02) /* 2002::/16 6to4: IPv4 in bits 16-47 */
		return fetch_v4_public(fetch_v4_at(a + 2));
	if ((a[0] & 0xFE) == 0xFC)                       /* fc00::/7 unique local */
		return 0;
	if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80)       /* fe80::/10 link-local */
		return 0;
	if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0)       /* fec0::/10 site-local */
		return 0;
	if (a[0] == 0xFF)                                /* ff00::/8 multicast */
		return 0;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) /* 2001:db8::/32 */
		return 0;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) /* 2001::/32 Teredo */
		return 0;
	static const unsigned char discard[8] = {0x01, 0x00};
	if (!memcmp(a, discard, 8))                      /* 100::/64 discard */
		return 0;
	return 1;
}

int fetch_addr_public(const struct sockaddr *sa)
{
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return fetch_v4_public(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
		return fetch_v6_public(in6->sin6_addr.s6_addr);
	}
	return 0; /* AF_UNIX and anything else */
}

int fetch_ip_public(const char *text)
{
	char tmp[64];
	size_t n = text ? strlen(text) : 0;
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, text, n + 1);
	if (tmp[0] == '[' && tmp[n - 1] == ']') {
		memmove(tmp, tmp + 1, n - 2);
		tmp[n - 2] = '\0';
	}
	char *pct = strchr(tmp, '%'); /* zone id: fe80::1%eth0 */
	if (pct)
		*pct = '\0';
	struct in6_addr a6;
	if (inet_pton(AF_INET6, tmp, &a6) == 1)
		return fetch_v6_public(a6.s6_addr);
	struct in_addr a4;
	if (inet_aton(tmp, &a4))
		return fetch_v4_public(ntohl(a4.s_addr));
	return -1;
}

static curl_socket_t fetch_opensocket(void *clientp, curlsocktype purpose,
				      struct curl_sockaddr *address)
{
	struct fetch_ctx *ctx = clientp;
	(void)purpose;
	if (!ctx->rq->allow_private && !fetch_addr_public(&address->addr)) {
		ctx->refused = 1;
		char host[INET6_ADDRSTRLEN] = "?";
		if (address->family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&address->addr)->sin_addr, host,
				  sizeof host);
		else if (address->family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&address->addr)->sin6_addr, host,
				  sizeof host);
		snprintf(ctx->refused_addr, sizeof ctx->refused_addr, "%s", host);
		return CURL_SOCKET_BAD;
	}
	return socket(address->family, address->socktype, address->protocol);
}

static size_t fetch_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct fetch_ctx *ctx = ud;
	size_t n = size * nmemb;
	if (ctx->r->body.len + n > ctx->max) {
		ctx->toobig = 1;
		return 0; /* aborts the transfer */
	}
	buf_add(&ctx->r->body, p, n);
	return buf_failed(&ctx->r->body) ? 0 : n;
}

/* Copies a header's value (trimmed) if line is "name: value". */
static void fetch_header_value(const char *line, size_t n, const char *name, char *dst, size_t dsz)
{
	size_t nl = strlen(name);
	if (n <= nl + 1 || strncasecmp(line, name, nl) || line[nl] != ':')
		return;
	const char *v = line + nl + 1;
	const char *end = line + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	size_t len = (size_t)(end - v);
	if (len >= dsz)
		len = 0; /* too long to be a validator worth keeping */
	memcpy(dst, v, len);
	dst[len] = '\0';
}

static size_t fetch_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct fetch_ctx *ctx = ud;
	size_t n = size * nmemb;
	if (n >= 5 && !strncmp(p, "HTTP/", 5)) { /* a new response (after a redirect) */
		ctx->r->etag[0] = '\0';
		ctx->r->last_modified[0] = '\0';
		ctx->r->charset[0] = '\0';
		ctx->encoding[0] = '\0';
	}
	fetch_header_value(p, n, "content-encoding", ctx->encoding, sizeof ctx->encoding);
	char type[256] = "";
	fetch_header_value(p, n, "content-type", type, sizeof type);
	const char *cs = type[0] ? strcasestr(type, "charset=") : NULL;
	if (cs) {
		cs += 8;
		if (*cs == '"')
			cs++;
		size_t k = 0;
		/* A charset's name: letters, digits and ._:- only. */
		while (k + 1 < sizeof ctx->r->charset && cs[k] &&
		       (isalnum((unsigned char)cs[k]) || strchr("._:-", cs[k])))
			k++;
		memcpy(ctx->r->charset, cs, k);
		ctx->r->charset[k] = '\0';
	}
	fetch_header_value(p, n, "etag", ctx->r->etag, sizeof ctx->r->etag);
	fetch_header_value(p, n, "last-modified", ctx->r->last_modified,
			   sizeof ctx->r->last_modified);
	return n;
}

static int fetch_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
			  curl_off_t ulnow)
{
	struct fetch_ctx *ctx = ud;
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return ctx->rq->cancel && *ctx->rq->cancel;
}

enum fetch_err fetch_url(const struct fetch_request *rq, struct fetch_result *r, char *err,
			 size_t errsz)
{
	memset(r, 0, sizeof(*r));
	size_t max = rq->max_size ? rq->max_size : FETCH_MAX_SIZE;
	buf_init(&r->body, max + 1);
	err[0] = '\0';
	if (!rq->url || (strncasecmp(rq->url, "http://", 7) && strncasecmp(rq->url, "https://", 8))) {
		snprintf(err, errsz, "only http and https URLs can be fetched");
		return FETCH_REFUSED;
	}
	fetch_global_init();
	if (lazylib_load(&lazy_curl, FETCH_NEEDS, err, errsz))
		return FETCH_NET;
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(err, errsz, "cannot start a transfer");
		return FETCH_NET;
	}
	struct fetch_ctx ctx = {.r = r, .rq = rq, .max = max};
	struct curl_slist *hdrs = NULL;
	char line[512];
	if (rq->etag && *rq->etag) {
		snprintf(line, sizeof line, "If-None-Match: %s", rq->etag);
		hdrs = curl_slist_append(hdrs, line);
	}
	if (rq->last_modified && *rq->last_modified) {
		snprintf(line, sizeof line, "If-Modified-Since: %s", rq->last_modified);
		hdrs = curl_slist_append(hdrs, line);
	}
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)FETCH_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)FETCH_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "pressroom");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, fetch_opensocket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &ctx);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &ctx);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, fetch_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &ctx);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, fetch_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, &ctx);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	char *eff = NULL;
	if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff &&
	    strlen(eff) < sizeof r->url)
		snprintf(r->url, sizeof r->url, "%s", eff);
	enum fetch_err e = FETCH_OK;
	if (ctx.refused) {
		snprintf(err, errsz,
			 "refused to connect to %s: not a public address (--allow-private allows "
			 "it)",
			 ctx.refused_addr);
		e = FETCH_REFUSED;
	} else if (ctx.toobig || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(err, errsz, "larger than %zu bytes", max);
		e = FETCH_TOOBIG;
	} else if (rc == CURLE_ABORTED_BY_CALLBACK) {
		snprintf(err, errsz, "cancelled");
		e = FETCH_CANCELLED;
	} else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		snprintf(err, errsz, "redirected to a scheme other than http or https");
		e = FETCH_REFUSED;
	} else if (rc == CURLE_TOO_MANY_REDIRECTS) {
		snprintf(err, errsz, "more than %d redirects", FETCH_MAX_REDIRECTS);
		e = FETCH_NET;
	} else if ((rc == CURLE_WRITE_ERROR || rc == CURLE_BAD_CONTENT_ENCODING) && ctx.encoding[0]) {
		/* libcurl could not decode the body: "Failed writing received data" said
		 * nothing of why. */
		snprintf(err, errsz, "the body is not in the Content-Encoding the server names (%s)",
			 ctx.encoding);
		e = FETCH_NET;
	} else if (rc != CURLE_OK) {
		snprintf(err, errsz, "%s", curl_easy_strerror(rc));
		e = FETCH_NET;
	} else if (r->status == 304) {
		e = FETCH_NOT_MODIFIED;
	} else if (r->status != 200) {
		snprintf(err, errsz, "HTTP status %ld", r->status);
		e = FETCH_HTTP;
	} else if (buf_failed(&r->body)) {
		snprintf(err, errsz, "out of memory");
		e = FETCH_NET;
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	return e;
}
