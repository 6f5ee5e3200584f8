/* The audit log: who did what to which item, when (editors and admins). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nr.h"

#define AUDIT_PER_PAGE 50

void nr_audit_page(struct nr_ctx *c)
{
	if (!nr_role_at_least(c, ROLE_EDITOR)) {
		nr_fail(c, 403, "Not allowed", "The audit log is for editors and administrators.");
		return;
	}
	int64_t page = nr_id(http_query(c->req, "page"));
	if (page < 1)
		page = 1;
	struct audit_row *rows = NULL;
	size_t n = 0;
	/* One more than a page tells whether there is a next one. */
	if (store_audit_list(c->s, (page - 1) * AUDIT_PER_PAGE, AUDIT_PER_PAGE + 1, &rows, &n)) {
		nr_store_failed(c);
		return;
	}
	struct buf *o = c->o;
	nr_begin(c, "Audit log");
	size_t shown = n > AUDIT_PER_PAGE ? AUDIT_PER_PAGE : n;
	if (!shown) {
		buf_lit(o, "<p>Nothing is logged yet.</p>\n");
	} else {
		buf_lit(o, "<div class=\"table-wrap\">\n<table class=\"nr-audit\">\n<thead>\n<tr>"
			   "<th scope=\"col\">When</th><th scope=\"col\">Who</th><th scope=\"col\">What</th>"
			   "<th scope=\"col\">Item</th><th scope=\"col\">Detail</th></tr>\n</thead>\n<tbody>\n");
		for (size_t i = 0; i < shown; i++) {
			buf_lit(o, "<tr>\n<td>");
			nr_when(c, rows[i].at);
			buf_lit(o, "</td>\n<td>");
			esc_html_s(o, rows[i].user_name && *rows[i].user_name ? rows[i].user_name : "\xE2\x80\x94");
			buf_lit(o, "</td>\n<td>");
			esc_html_s(o, rows[i].action);
			buf_lit(o, "</td>\n<td>");
			if (rows[i].item_id)
				buf_addf(o, "<a href=\"/admin/items/%lld\">#%lld</a>", (long long)rows[i].item_id,
					 (long long)rows[i].item_id);
			buf_lit(o, "</td>\n<td>");
			esc_html_s(o, rows[i].detail);
			buf_lit(o, "</td>\n</tr>\n");
		}
		buf_lit(o, "</tbody>\n</table>\n</div>\n");
	}
	if (page > 1 || n > AUDIT_PER_PAGE) {
		buf_lit(o, "<nav class=\"pager\" aria-label=\"Pages\">\n");
		if (page > 1)
			buf_addf(o, "<a rel=\"prev\" href=\"/admin/audit?page=%lld\">\xE2\x86\x90 Newer</a>\n",
				 (long long)(page - 1));
		if (n > AUDIT_PER_PAGE)
			buf_addf(o, "<a rel=\"next\" href=\"/admin/audit?page=%lld\">Older \xE2\x86\x92</a>\n",
				 (long long)(page + 1));
		buf_lit(o, "</nav>\n");
	}
	nr_end(c);
	audit_rows_free(rows, n);
}
