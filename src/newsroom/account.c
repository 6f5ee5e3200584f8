/*
 * /admin/account: the logged-in user's own account. Anyone may change their own
 * password: the current one first (checked like a login, with the same throttling
 * and audit, so a session left open on a shared computer cannot be used to try
 * passwords fast), then the new one twice. The change ends the account's other
 * sessions; the one that made it goes on.
 */
#include <stdio.h>
#include <string.h>

#include "nr.h"

struct account_form {
	const char *err_current, *err_new, *err_repeat;
	const char *problem;
};

/* One password field with its label, help and error (ids f-NAME, h-NAME, e-NAME). */
static void account_field(struct buf *o, const char *name, const char *label,
			  const char *autocomplete, const char *help, const char *error)
{
	buf_adds(o, error ? "<div class=\"field has-error\">\n" : "<div class=\"field\">\n");
	buf_lit(o, "<label for=\"f-");
	buf_adds(o, name);
	buf_lit(o, "\">");
	esc_html_s(o, label);
	buf_lit(o, "</label>\n<input id=\"f-");
	buf_adds(o, name);
	buf_lit(o, "\" name=\"");
	buf_adds(o, name);
	buf_lit(o, "\" type=\"password\" required maxlength=\"256\" autocomplete=\"");
	buf_adds(o, autocomplete);
	buf_lit(o, "\" aria-describedby=\"");
	if (help) {
		buf_lit(o, "h-");
		buf_adds(o, name);
		buf_addc(o, ' ');
	}
	buf_lit(o, "e-");
	buf_adds(o, name);
	buf_lit(o, "\">\n");
	if (error) {
		buf_lit(o, "<p class=\"error\" id=\"e-");
		buf_adds(o, name);
		buf_lit(o, "\">");
		esc_html_s(o, error);
		buf_lit(o, "</p>\n");
	}
	if (help) {
		buf_lit(o, "<p class=\"help\" id=\"h-");
		buf_adds(o, name);
		buf_lit(o, "\">");
		esc_html_s(o, help);
		buf_lit(o, "</p>\n");
	}
	buf_lit(o, "</div>\n");
}

static void account_page(struct nr_ctx *c, int status, const struct account_form *f)
{
	struct buf *o = c->o;
	nr_form_top(c, status, "Your account", f ? f->problem : NULL);
	buf_lit(o, "<p>You are logged in as <strong>");
	esc_html_s(o, c->sess.user_name);
	buf_lit(o, "</strong> (");
	buf_adds(o, user_role_name(c->sess.role));
	buf_lit(o, ").</p>\n<h2>Change your password</h2>\n"
		   "<form class=\"nr-form nr-account\" method=\"post\" action=\"/admin/account\">\n");
	nr_csrf(c);
	account_field(o, "current", "Current password", "current-password", NULL,
		      f ? f->err_current : NULL);
	account_field(o, "new", "New password", "new-password",
		      "12 to 256 characters. Your other sessions end when it changes.",
		      f ? f->err_new : NULL);
	account_field(o, "repeat", "New password again", "new-password", NULL,
		      f ? f->err_repeat : NULL);
	buf_lit(o, "<p class=\"actions\"><button type=\"submit\" class=\"primary\">Change password"
		   "</button></p>\n</form>\n");
	nr_end(c);
}

static void account_change(struct nr_ctx *c)
{
	const char *cur = http_field(c->req, "current");
	const char *pw = http_field(c->req, "new");
	const char *again = http_field(c->req, "repeat");
	struct account_form f = {0};
	if (!cur || !*cur)
		f.err_current = "Type your current password.";
	if (!pw || !*pw)
		f.err_new = "Type the new password.";
	else if (auth_password_problem(pw))
		f.err_new = "It needs 12 to 256 characters of valid text.";
	else if (!again || strcmp(pw, again) != 0)
		f.err_repeat = "The two new passwords differ.";
	else if (!strcmp(pw, cur ? cur : ""))
		f.err_new = "The new password is the current one.";
	if (f.err_current || f.err_new || f.err_repeat) {
		f.problem = "Your password was not changed.";
		account_page(c, 422, &f);
		return;
	}
	switch (auth_check_password(c->s, c->sess.user_name, cur, c->req->addr, c->now)) {
	case AUTH_OK:
		break;
	case AUTH_LOCKED:
		http_reply_header(c->rep, "Retry-After", "900");
		f.problem = "Too many wrong passwords: changing it is locked for a while.";
		account_page(c, 429, &f);
		return;
	case AUTH_BUSY:
		http_reply_header(c->rep, "Retry-After", "5");
		f.problem = "The newsroom is busy; try again in a few seconds.";
		account_page(c, 503, &f);
		return;
	case AUTH_ERROR:
		nr_store_failed(c);
		return;
	default:
		f.err_current = "This is not your current password.";
		f.problem = "Your password was not changed.";
		account_page(c, 403, &f);
		return;
	}
	/* Hashed before the transaction: argon2 takes a while, and the write lock should not. */
	char hash[192];
	enum auth_result r = auth_hash_password(pw, hash, sizeof(hash));
	if (r) {
		f.problem = r == AUTH_BUSY ? "The newsroom is busy; try again in a few seconds."
					   : "The password could not be hashed just now; try again.";
		account_page(c, r == AUTH_BUSY ? 503 : 500, &f);
		return;
	}
	char keep[65] = "";
	const char *token = http_cookie(c->req, AUTH_COOKIE);
	if (token)
		auth_token_hash(token, keep);
	enum store_err e = store_begin(c->s);
	if (!e)
		e = store_user_set_password(c->s, c->sess.user_id, hash);
	if (!e)
		e = store_session_delete_others(c->s, c->sess.user_id, keep);
	if (!e)
		nr_audit(c, "password-changed", 0, "own password; other sessions ended");
	if (nr_commit(c, e))
		nr_redirect(c, "/admin/account?done=password");
}

void nr_account(struct nr_ctx *c)
{
	if (!strcmp(c->req->method, "POST")) {
		if (nr_post_ok(c))
			account_change(c);
		return;
	}
	account_page(c, 200, NULL);
}
