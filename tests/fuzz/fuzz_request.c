/*
 * request: what the server does with a request for a public page, in the pieces
 * that run without a libmicrohttpd connection: the query string through
 * http_parse_urlencoded() (our percent-decoding), the Cookie header through
 * http_parse_cookies(), and the routing of the path through site_render() /
 * site_render_query() on the sample site, as server.c calls them. Every response
 * must be 200, 301 or 404 (a hostile path is never a 500), a page must pass the
 * page checker, a feed or sitemap must be well-formed XML.
 * A WordPress shortlink or feed query of the home page goes through
 * site_render_shortlink() first, as server_page() does. The path, and the query
 * string read as an old address, go through url_alias_path(): what it keeps is a
 * path ('/' first, no control byte, at most URL_ALIAS_MAX bytes) that it keeps
 * unchanged when given again as a request's path, and a refusal leaves the buffer
 * as it was.
 * Input: the path (as MHD hands it over: percent-decoded), '\n', the query
 * string, '\n', the Cookie header.
 */
#include "page_check.h"
#include "sample_site.h"

#include "../../src/http/request.h"
#include "../../src/site/urls.h"

/* url_alias_path's promises for s[0..n) (decoded as a request's path or not). */
static void fz_alias(const char *s, size_t n, int decoded)
{
	struct buf b, again;
	buf_init(&b, 0);
	buf_init(&again, 0);
	buf_lit(&b, "X");
	const char *why = NULL;
	if (url_alias_path(s, n, decoded, &b, &why)) {
		if (!why || b.len != 1 || b.data[0] != 'X')
			FZ_FAIL("a refusal without a reason, or one that changed the buffer");
	} else {
		const char *p = buf_str(&b) + 1;
		size_t len = b.len - 1;
		if (why || p[0] != '/' || len > URL_ALIAS_MAX + 1 || strlen(p) != len)
			FZ_FAIL("kept '%s' (%zu bytes)", p, len);
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == 0x7F)
				FZ_FAIL("kept a control byte: '%s'", p);
		/* A request for what is stored finds it (a shortlink is asked for by
		 * its query, not its path). */
		if (!strchr(p, '?') && (url_alias_path(p, len, 1, &again, &why) ||
					strcmp(buf_str(&again), p)))
			FZ_FAIL("'%s' is '%s' when asked for", p, buf_str(&again));
	}
	buf_release(&b);
	buf_release(&again);
}

static struct site site;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char path[256], err[256];
	fz_sample_site(path, sizeof(path));
	if (site_open(&site, path, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s\n", err);
		exit(1);
	}
	site.now_override = 1790000000;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	char *part[3];
	fz_split(data, size, '\n', part, 3);
	struct arena a;
	arena_init(&a, 0);

	/* The query string. */
	struct http_kv q[64];
	size_t qlen = strlen(part[1]);
	size_t nq = http_parse_urlencoded(&a, part[1], qlen, q, 64);
	if (nq > 64)
		FZ_FAIL("%zu query pairs", nq);
	for (size_t i = 0; i < nq; i++) {
		if (!q[i].name || !q[i].value || q[i].value[q[i].len] != '\0')
			FZ_FAIL("query pair %zu malformed", i);
		/* Decoding never makes a value longer than its text. */
		if (q[i].len > qlen || strlen(q[i].name) > qlen)
			FZ_FAIL("query pair %zu longer than the query", i);
	}

	/* The Cookie header. */
	struct http_kv c[32];
	size_t nc = http_parse_cookies(&a, part[2], c, 32);
	if (nc > 32)
		FZ_FAIL("%zu cookies", nc);
	for (size_t i = 0; i < nc; i++)
		if (!c[i].name[0] || strchr(c[i].name, ';') || strchr(c[i].value, ';') ||
		    strlen(c[i].value) != c[i].len || strchr(c[i].name, '='))
			FZ_FAIL("cookie %zu malformed: '%s'='%s'", i, c[i].name, c[i].value);

	fz_alias(part[0], strlen(part[0]), 1);
	fz_alias(part[1], qlen, 0);

	/* The route, as server_request() picks it. */
	const char *path = part[0];
	if (path[0] != '/' || strlen(path) > 2000)
		path = "/404";
	const char *wp = NULL, *wf = NULL;
	for (size_t i = 0; i < nq; i++) {
		if (!wp && !strcmp(q[i].name, "p"))
			wp = q[i].value;
		if (!wf && !strcmp(q[i].name, "feed"))
			wf = q[i].value;
	}
	if (strncmp(path, "/static/", 8) != 0) {
		struct site_response r;
		buf_init(&r.body, 64u << 20);
		if (site_is_shortlink(path) && (wp || wf) &&
		    site_render_shortlink(&site, path, wp, wf, &r)) {
			if (r.status != 301 || !r.location[0])
				FZ_FAIL("shortlink p=%s feed=%s: %d", wp ? wp : "", wf ? wf : "", r.status);
		} else if (site_path_takes_query(path)) {
			struct site_param p[SITE_MAX_PARAMS];
			size_t np = 0;
			for (size_t i = 0; i < nq && np < SITE_MAX_PARAMS; i++)
				p[np++] = (struct site_param){q[i].name, q[i].value};
			site_render_query(&site, path, p, np, &r);
		} else {
			site_render(&site, path, &r);
		}
		fz_check_response(path, &r);
		buf_release(&r.body);
	}
	arena_release(&a);
	fz_free_parts(part, 3);
	return 0;
}
