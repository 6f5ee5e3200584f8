/*
 * request: what the server does with a request for a public page, in the pieces
 * that run without a libmicrohttpd connection: the query string through
 * http_parse_urlencoded() (our percent-decoding), the Cookie header through
 * http_parse_cookies(), and the routing of the path through site_render() /
 * site_render_query() on the sample site, as server.c calls them. Every response
 * must be 200, 301 or 404 (a hostile path is never a 500), a page must pass the
 * page checker, a feed or sitemap must be well-formed XML.
 * Input: the path (as MHD hands it over: percent-decoded), '\n', the query
 * string, '\n', the Cookie header.
 */
#include "page_check.h"
#include "sample_site.h"

#include "../../src/http/request.h"

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

	/* The route, as server_request() picks it. */
	const char *path = part[0];
	if (path[0] != '/' || strlen(path) > 2000)
		path = "/404";
	if (strncmp(path, "/static/", 8) != 0) {
		struct site_response r;
		buf_init(&r.body, 64u << 20);
		if (site_path_takes_query(path)) {
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
