/*
 * The media library (/admin/media: upload, list, the Markdown to paste) and the
 * files themselves (/media/<name>). A file is accepted only if its bytes say it is
 * JPEG, PNG, WebP or PDF (media.h); it is served with that type, nosniff, a year's
 * immutable caching (the name is its content hash), and PDFs as attachments, so
 * nothing uploaded is ever rendered as a page of this site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media.h"
#include "nr.h"

#define MEDIA_PER_PAGE 30

void nr_media_serve(struct nr_ctx *c, const char *name)
{
	if (strcmp(c->req->method, "GET") && strcmp(c->req->method, "HEAD")) {
		c->rep->status = 405;
		c->rep->content_type = "text/plain; charset=utf-8";
		http_reply_header(c->rep, "Allow", "GET, HEAD");
		buf_lit(c->o, "Method not allowed\n");
		return;
	}
	struct nr_media m;
	enum store_err e = nr_media_name_ok(name) ? store_nr_media_get(c->s, name, &m) : STORE_NOTFOUND;
	const struct nr_media_type *t = e ? NULL : nr_media_type_of(m.name);
	if (e == STORE_NOTFOUND || (!e && !t)) {
		if (!e)
			free(m.data);
		c->rep->status = 404;
		c->rep->content_type = "text/plain; charset=utf-8";
		buf_lit(c->o, "No such file\n");
		return;
	}
	if (e) {
		fprintf(stderr, "pressroom: media: %s\n", store_errmsg(c->s));
		c->rep->status = 500;
		c->rep->content_type = "text/plain; charset=utf-8";
		buf_lit(c->o, "The file could not be read just now\n");
		return;
	}
	c->rep->content_type = t->mime;
	c->rep->cache_control = "public, max-age=31536000, immutable";
	char etag[24];
	snprintf(etag, sizeof(etag), "\"%.16s\"", m.sha256);
	http_reply_header(c->rep, "ETag", etag);
	if (!t->image) {
		char cd[160];
		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", m.name);
		http_reply_header(c->rep, "Content-Disposition", cd);
	}
	const char *inm = http_header(c->req, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		c->rep->status = 304;
	} else {
		buf_add(c->o, m.data, (size_t)m.size);
		if (buf_failed(c->o)) {
			buf_reset(c->o);
			c->rep->status = 500;
			c->rep->content_type = "text/plain; charset=utf-8";
			buf_lit(c->o, "The file could not be sent just now\n");
		}
	}
	free(m.data);
}

/* The Markdown that shows (image) or links (document) a file. */
static void media_markdown(struct buf *b, const struct nr_media *m, const struct nr_media_type *t)
{
	/* The original name, without the characters Markdown would take as syntax. */
	struct buf label;
	buf_init(&label, 512);
	for (const char *p = m->original_name; *p; p++)
		if (!strchr("[]()<>!\\*_`", *p) && (unsigned char)*p >= 0x20)
			buf_addc(&label, *p);
	const char *l = label.len ? buf_str(&label) : m->name;
	if (t && t->image)
		buf_addf(b, "![%s](/media/%s)", l, m->name);
	else
		buf_addf(b, "[%s](/media/%s)", l, m->name);
	buf_release(&label);
}

/* The browser's file name, without any folder part, cut to fit. */
static void media_original(const char *sent, char *out, size_t n)
{
	const char *base = sent ? sent : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t len = strlen(base);
	if (len >= n) {
		len = n - 1;
		while (len && ((unsigned char)base[len] & 0xC0) == 0x80)
			len--; /* not in the middle of a character */
	}
	memcpy(out, base, len);
	out[len] = '\0';
}

/* The library; problem is an upload's (shown at the file field), other_problem
 * anything else's (a deletion). */
static void media_page(struct nr_ctx *c, int status, const char *problem,
		       const char *other_problem, const char *done_name)
{
	int64_t page = nr_id(http_query(c->req, "page"));
	if (page < 1)
		page = 1;
	struct nr_media *v = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_nr_media_count(c->s, &total) ||
	    store_nr_media_list(c->s, (page - 1) * MEDIA_PER_PAGE, MEDIA_PER_PAGE, &v, &n)) {
		nr_store_failed(c);
		return;
	}
	struct buf *o = c->o;
	nr_form_top(c, status, "Media", other_problem);
	if (problem) {
		buf_lit(o, "<p class=\"notice error\" role=\"alert\" id=\"upload-error\">");
		esc_html_s(o, problem);
		buf_lit(o, "</p>\n");
	}
	if (done_name) {
		buf_lit(o, "<p class=\"notice ok\" role=\"status\">Uploaded as ");
		esc_html_s(o, done_name);
		buf_lit(o, ". Paste its Markdown (below) into an item's text.</p>\n");
	}
	buf_lit(o, "<form class=\"nr-form nr-upload\" method=\"post\" action=\"/admin/media\" "
		   "enctype=\"multipart/form-data\">\n");
	nr_csrf(c);
	buf_lit(o, "<div class=\"field");
	buf_adds(o, problem ? " has-error" : "");
	buf_lit(o, "\">\n<label for=\"f-file\">File</label>\n<input id=\"f-file\" name=\"file\" "
		   "type=\"file\" required accept=\"image/jpeg,image/png,image/webp,application/pdf\" "
		   "aria-describedby=\"h-file");
	buf_adds(o, problem ? " upload-error\"" : "\"");
	buf_lit(o, ">\n<p class=\"help\" id=\"h-file\">Images (JPEG, PNG, WebP) and PDF documents, "
		   "up to 10 MB. The type is checked from the file's content.</p>\n</div>\n"
		   "<p class=\"actions\"><button type=\"submit\" class=\"primary\">Upload</button></p>\n"
		   "</form>\n");
	buf_addf(o, "<h2>Library</h2>\n<p class=\"nr-count\">%lld file%s</p>\n", (long long)total,
		 total == 1 ? "" : "s");
	if (n)
		buf_lit(o, "<ul class=\"nr-media\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct nr_media_type *t = nr_media_type_of(v[i].name);
		buf_lit(o, "<li class=\"media-entry\">\n");
		if (t && t->image) {
			buf_lit(o, "<img src=\"/media/");
			esc_attr_s(o, v[i].name);
			buf_lit(o, "\" alt=\"");
			esc_attr_s(o, v[i].original_name);
			buf_lit(o, "\" loading=\"lazy\" width=\"160\">\n");
		} else {
			buf_lit(o, "<p class=\"doc-icon\" aria-hidden=\"true\">PDF</p>\n");
		}
		buf_lit(o, "<div>\n<p><a href=\"/media/");
		esc_attr_s(o, v[i].name);
		buf_lit(o, "\">");
		esc_html_s(o, v[i].name);
		buf_lit(o, "</a> \xC2\xB7 ");
		esc_html_s(o, v[i].type);
		buf_lit(o, " \xC2\xB7 ");
		nr_size(o, v[i].size);
		buf_lit(o, " \xC2\xB7 ");
		nr_when(c, v[i].created);
		buf_lit(o, "</p>\n<p class=\"orig\">Uploaded as \xE2\x80\x9C");
		esc_html_s(o, v[i].original_name);
		buf_lit(o, "\xE2\x80\x9D</p>\n");
		struct buf md;
		buf_init(&md, 1024);
		media_markdown(&md, &v[i], t);
		buf_addf(o, "<label for=\"md-%zu\">Markdown to paste</label>\n<input id=\"md-%zu\" "
			    "class=\"copy markdown\" type=\"text\" readonly value=\"", i, i);
		esc_attr_s(o, buf_str(&md));
		buf_lit(o, "\">\n");
		if (nr_role_at_least(c, ROLE_EDITOR)) {
			nr_button_form(c, "/admin/media/delete", "name", v[i].name, "Delete",
				       "danger");
		}
		buf_lit(o, "</div>\n</li>\n");
		buf_release(&md);
	}
	if (n)
		buf_lit(o, "</ul>\n");
	int64_t pages = (total + MEDIA_PER_PAGE - 1) / MEDIA_PER_PAGE;
	if (pages > 1) {
		buf_lit(o, "<nav class=\"pager\" aria-label=\"Pages\">\n");
		if (page > 1)
			buf_addf(o, "<a rel=\"prev\" href=\"/admin/media?page=%lld\">\xE2\x86\x90 Newer</a>\n",
				 (long long)(page - 1));
		buf_addf(o, "<span>Page %lld of %lld</span>\n", (long long)page, (long long)pages);
		if (page < pages)
			buf_addf(o, "<a rel=\"next\" href=\"/admin/media?page=%lld\">Older \xE2\x86\x92</a>\n",
				 (long long)(page + 1));
		buf_lit(o, "</nav>\n");
	}
	nr_end(c);
	free(v);
}

/*
 * POST /admin/media/delete (editors and admins): removes a file that no item links
 * to. A file in use is refused with the title of an item that uses it, so that no
 * page loses an image it shows.
 */
void nr_media_delete(struct nr_ctx *c)
{
	if (!nr_post_ok(c))
		return;
	if (!nr_role_at_least(c, ROLE_EDITOR)) {
		nr_fail(c, 403, "Not allowed", "Only editors and administrators delete files.");
		return;
	}
	const char *name = http_field(c->req, "name");
	if (!name || !nr_media_name_ok(name)) {
		nr_fail(c, 404, "No such file", "There is no such file in the library.");
		return;
	}
	int64_t uses = 0;
	char title[200], problem[400];
	enum store_err e = store_begin(c->s);
	if (!e)
		e = store_nr_media_uses(c->s, name, &uses, title, sizeof(title));
	if (!e && uses) {
		store_rollback(c->s);
		snprintf(problem, sizeof(problem),
			 "%s was not deleted: %lld item%s link%s to it, such as \xE2\x80\x9C%s\xE2\x80\x9D. "
			 "Take it out of %s first.",
			 name, (long long)uses, uses == 1 ? "" : "s", uses == 1 ? "s" : "", title,
			 uses == 1 ? "that item" : "them");
		media_page(c, 409, NULL, problem, NULL);
		return;
	}
	if (!e)
		e = store_nr_media_delete(c->s, name);
	if (e == STORE_NOTFOUND) {
		store_rollback(c->s);
		nr_fail(c, 404, "No such file", "There is no such file in the library.");
		return;
	}
	if (!e)
		nr_audit(c, "media-delete", 0, name);
	if (nr_commit(c, e))
		nr_redirect(c, "/admin/media?done=media-deleted");
}

void nr_media(struct nr_ctx *c)
{
	if (strcmp(c->req->method, "POST") != 0) {
		media_page(c, 200, NULL, NULL, NULL);
		return;
	}
	if (!nr_post_ok(c))
		return;
	const struct http_kv *file = http_part(c->req, "file");
	char orig[256];
	media_original(file ? file->filename : NULL, orig, sizeof(orig));
	struct buf msg;
	buf_init(&msg, 1024);
	if (c->req->form_error) {
		buf_addf(&msg, "Not uploaded: %s. Files may be up to 10 MB.", c->req->form_error);
		media_page(c, 413, buf_str(&msg), NULL, NULL);
		goto out;
	}
	if (!file || !file->filename || !file->len) {
		media_page(c, 422, "Not uploaded: choose a file first (an empty file is not accepted).",
			   NULL, NULL);
		goto out;
	}
	if (file->len > NR_MEDIA_MAX) {
		buf_lit(&msg, "Not uploaded: \xE2\x80\x9C");
		buf_adds(&msg, orig);
		buf_lit(&msg, "\xE2\x80\x9D is ");
		nr_size(&msg, (int64_t)file->len);
		buf_lit(&msg, "; the limit is 10 MB.");
		media_page(c, 413, buf_str(&msg), NULL, NULL);
		goto out;
	}
	const struct nr_media_type *t = nr_media_sniff((const unsigned char *)file->value, file->len);
	if (!t) {
		buf_lit(&msg, "Not uploaded: \xE2\x80\x9C");
		buf_adds(&msg, orig);
		buf_lit(&msg, "\xE2\x80\x9D is not a JPEG, PNG or WebP image or a PDF document "
			      "(judged by its content, not its name).");
		media_page(c, 415, buf_str(&msg), NULL, NULL);
		goto out;
	}
	struct nr_media m;
	memset(&m, 0, sizeof(m));
	nr_media_name((const unsigned char *)file->value, file->len, t, m.sha256, m.name, sizeof(m.name));
	snprintf(m.type, sizeof(m.type), "%s", t->mime);
	snprintf(m.original_name, sizeof(m.original_name), "%s", orig);
	m.size = (int64_t)file->len;
	m.user_id = c->sess.user_id;
	m.created = c->now;
	int existed = 0;
	enum store_err e = store_begin(c->s);
	if (!e)
		e = store_nr_media_add(c->s, &m, file->value, &existed);
	if (!e && !existed)
		nr_audit(c, "upload", 0, m.name);
	if (nr_commit(c, e))
		media_page(c, 200, NULL, NULL, m.name);
out:
	buf_release(&msg);
}
