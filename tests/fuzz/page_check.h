/*
 * Checks on a rendered response, shared by the targets that render pages
 * (fuzz_page.c, fuzz_form.c, fuzz_request.c).
 */
#ifndef PR_FUZZ_PAGE_CHECK_H
#define PR_FUZZ_PAGE_CHECK_H

#include "fuzz.h"

#include <libxml/parser.h>

#include "../../src/site/site.h"

/* An HTML page must pass the checker; a feed or sitemap must be well-formed XML. */
static inline void fz_check_response(const char *what, const struct site_response *r)
{
	const char *body = r->body.data ? r->body.data : "";
	size_t n = r->body.len;
	if (r->status != 200 && r->status != 301 && r->status != 404)
		FZ_FAIL("%s: status %d: %.*s", what, r->status, (int)(n < 300 ? n : 300), body);
	if (r->status == 301 && (strpbrk(r->location, "\r\n") || !r->location[0]))
		FZ_FAIL("%s: bad Location '%s'", what, r->location);
	if (!r->content_type)
		FZ_FAIL("%s: no content type", what);
	if (!strncmp(r->content_type, "text/html", 9)) {
		fz_html_require(what, body, n, FZ_PAGE);
	} else if (strstr(r->content_type, "xml")) {
		xmlDocPtr d = xmlReadMemory(body, (int)n, "page.xml", NULL,
					    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!d)
			FZ_FAIL("%s: not well-formed XML: %.*s", what, (int)(n < 300 ? n : 300), body);
		xmlFreeDoc(d);
	}
}

#endif
