/* Site settings for admins: every key of `pressroom config`, each checked by
 * config_set(); all of a form's changes land together or none do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nr.h"

#define SET_MAX_KEYS 32

static int set_long(const char *key)
{
	return !strcmp(key, "description") || !strcmp(key, "contact_address") ||
	       !strcmp(key, "clocks");
}

static void set_page(struct nr_ctx *c, int status, const char *const *values,
		     char errs[][300], const char *problem)
{
	struct buf *o = c->o;
	nr_form_top(c, status, "Settings", problem);
	buf_lit(o, "<form class=\"nr-form nr-settings\" method=\"post\" action=\"/admin/settings\">\n");
	nr_csrf(c);
	size_t i = 0;
	for (const struct config_key *k = config_keys; k->name && i < SET_MAX_KEYS; k++, i++) {
		int bad = errs && errs[i][0];
		buf_adds(o, bad ? "<div class=\"field has-error\">\n" : "<div class=\"field\">\n");
		buf_addf(o, "<label for=\"s-%s\">%s</label>\n", k->name, k->name);
		if (!strcmp(k->name, "timezone")) {
			buf_addf(o, "<select id=\"s-%s\" name=\"%s\" aria-describedby=\"h-%s%s%s\">\n",
				 k->name, k->name, k->name, bad ? " e-" : "", bad ? k->name : "");
			nr_zone_options(c, values[i]);
			buf_lit(o, "</select>\n");
		} else if (set_long(k->name)) {
			buf_addf(o, "<textarea id=\"s-%s\" name=\"%s\" rows=\"2\" "
				    "aria-describedby=\"h-%s%s%s\"%s>\n",
				 k->name, k->name, k->name, bad ? " e-" : "", bad ? k->name : "",
				 bad ? " aria-invalid=\"true\"" : "");
			esc_html_s(o, values[i]);
			buf_lit(o, "</textarea>\n");
		} else {
			buf_addf(o, "<input id=\"s-%s\" name=\"%s\" type=\"text\" "
				    "aria-describedby=\"h-%s%s%s\"%s value=\"",
				 k->name, k->name, k->name, bad ? " e-" : "", bad ? k->name : "",
				 bad ? " aria-invalid=\"true\"" : "");
			esc_attr_s(o, values[i]);
			buf_lit(o, "\">\n");
		}
		if (bad) {
			buf_addf(o, "<p class=\"error\" id=\"e-%s\">", k->name);
			esc_html_s(o, errs[i]);
			buf_lit(o, "</p>\n");
		}
		buf_addf(o, "<p class=\"help\" id=\"h-%s\">", k->name);
		esc_html_s(o, k->help);
		if (*k->fallback) {
			buf_lit(o, " (default: ");
			esc_html_s(o, k->fallback);
			buf_lit(o, ")");
		}
		buf_lit(o, "</p>\n</div>\n");
	}
	buf_lit(o, "<p class=\"actions\"><button type=\"submit\" class=\"primary\">Save settings</button></p>\n"
		   "</form>\n");
	nr_end(c);
}

void nr_settings(struct nr_ctx *c)
{
	if (!nr_role_at_least(c, ROLE_ADMIN)) {
		nr_fail(c, 403, "Not allowed", "Only administrators change the site's settings.");
		return;
	}
	const char *values[SET_MAX_KEYS];
	char *stored[SET_MAX_KEYS] = {0};
	size_t n = 0;
	for (const struct config_key *k = config_keys; k->name && n < SET_MAX_KEYS; k++, n++) {
		enum store_err e = store_setting_get(c->s, k->name, &stored[n]);
		if (e && e != STORE_NOTFOUND) {
			for (size_t j = 0; j < n; j++)
				free(stored[j]);
			nr_store_failed(c);
			return;
		}
		values[n] = stored[n] ? stored[n] : k->fallback;
	}
	if (strcmp(c->req->method, "POST") != 0) {
		set_page(c, 200, values, NULL, NULL);
		goto out;
	}
	if (!nr_post_ok(c))
		goto out;
	char (*errs)[300] = calloc(SET_MAX_KEYS, sizeof(*errs));
	if (!errs) {
		nr_fail(c, 500, "Out of memory", "Nothing was changed.");
		goto out;
	}
	int bad = 0, changed = 0;
	enum store_err e = store_begin(c->s);
	if (e) {
		free(errs);
		nr_store_failed(c);
		goto out;
	}
	struct buf err, detail, said;
	buf_init(&err, 1024);
	buf_init(&detail, 2048);
	buf_init(&said, 1024);
	size_t i = 0;
	for (const struct config_key *k = config_keys; k->name && i < n; k++, i++) {
		const char *v = http_field(c->req, k->name);
		if (!v)
			continue;
		/* Textareas send CR LF; settings are one line. */
		char *one = arena_strdup(c->req->arena, v);
		for (char *p = one; p && *p; p++)
			if (*p == '\r' || *p == '\n')
				*p = ' ';
		v = one ? one : v;
		if (!strcmp(v, values[i]))
			continue;
		values[i] = v;
		buf_reset(&err);
		if (config_set(c->s, k->name, v, &err, &said)) {
			snprintf(errs[i], sizeof(errs[i]), "%s", buf_str(&err));
			bad++;
		} else {
			buf_adds(&detail, changed ? ", " : "");
			buf_adds(&detail, k->name);
			changed++;
		}
	}
	if (!bad && changed) {
		/* What the change did besides (imported days kept) goes in the log. */
		if (said.len) {
			buf_truncate(&said, said.len - 1);
			buf_addf(&detail, "; %s", buf_str(&said));
		}
		nr_audit(c, "settings", 0, buf_str(&detail));
		e = store_commit(c->s);
	} else {
		store_rollback(c->s);
	}
	if (e) {
		store_rollback(c->s);
		nr_store_failed(c);
	} else if (bad) {
		set_page(c, 422, values, errs,
			 "Not saved: the settings marked below are not valid; nothing was changed.");
	} else {
		nr_redirect(c, "/admin/settings?done=settings");
	}
	buf_release(&err);
	buf_release(&detail);
	buf_release(&said);
	free(errs);
out:
	for (size_t j = 0; j < n; j++)
		free(stored[j]);
}
