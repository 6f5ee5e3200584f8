/* Accounts, for admins: add, change role, disable or enable, set a new password.
 * An admin cannot demote or disable their own account, so the site always keeps
 * the admin who is doing the work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nr.h"

struct users_form {
	const char *name, *role;
	const char *err_name, *err_role, *err_password;
	const char *problem;
};

static void users_role_select(struct buf *o, const char *id, enum user_role cur)
{
	buf_addf(o, "<select id=\"%s\" name=\"role\">\n", id);
	for (int r = ROLE_CONTRIBUTOR; r <= ROLE_ADMIN; r++)
		buf_addf(o, "<option%s>%s</option>\n", (int)cur == r ? " selected" : "",
			 user_role_name((enum user_role)r));
	buf_lit(o, "</select>\n");
}

static void users_page(struct nr_ctx *c, int status, const struct users_form *f)
{
	struct user *users = NULL;
	size_t n = 0;
	if (store_user_list(c->s, &users, &n)) {
		nr_store_failed(c);
		return;
	}
	struct buf *o = c->o;
	nr_form_top(c, status, "Users", f ? f->problem : NULL);
	buf_lit(o, "<p class=\"help\">Contributors write and edit their own drafts. Editors edit, "
		   "schedule, publish and unpublish anything. Administrators also manage users and "
		   "settings.</p>\n<div class=\"table-wrap\">\n<table class=\"nr-users\">\n<thead>\n<tr>"
		   "<th scope=\"col\">Name</th><th scope=\"col\">Role</th><th scope=\"col\">Status</th>"
		   "<th scope=\"col\">Created</th><th scope=\"col\">Change</th></tr>\n</thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct user *u = &users[i];
		long long id = (long long)u->id;
		int self = u->id == c->sess.user_id;
		buf_lit(o, "<tr>\n<td>");
		esc_html_s(o, u->name);
		buf_adds(o, self ? " (you)</td>\n<td>" : "</td>\n<td>");
		buf_adds(o, user_role_name(u->role));
		buf_lit(o, "</td>\n<td>");
		buf_adds(o, u->disabled ? "disabled" : "active");
		buf_lit(o, "</td>\n<td>");
		nr_when(c, u->created);
		buf_lit(o, "</td>\n<td class=\"nr-user-actions\">\n");
		if (!self) {
			char sel[32];
			snprintf(sel, sizeof(sel), "role-%lld", id);
			buf_addf(o, "<form class=\"inline\" method=\"post\" action=\"/admin/users/%lld\">\n", id);
			nr_csrf(c);
			buf_addf(o, "<input type=\"hidden\" name=\"action\" value=\"role\">\n"
				    "<label class=\"sr-only\" for=\"%s\">Role of ", sel);
			esc_html_s(o, u->name);
			buf_lit(o, "</label>\n");
			users_role_select(o, sel, u->role);
			buf_lit(o, "<button type=\"submit\">Set role</button>\n</form>\n");
			buf_addf(o, "<form class=\"inline\" method=\"post\" action=\"/admin/users/%lld\">\n", id);
			nr_csrf(c);
			buf_addf(o, "<input type=\"hidden\" name=\"action\" value=\"%s\">\n"
				    "<button type=\"submit\"%s>%s</button>\n</form>\n",
				 u->disabled ? "enable" : "disable", u->disabled ? "" : " class=\"danger\"",
				 u->disabled ? "Enable" : "Disable");
		}
		char pid[32];
		snprintf(pid, sizeof(pid), "pw-%lld", id);
		buf_addf(o, "<form class=\"inline\" method=\"post\" action=\"/admin/users/%lld\">\n", id);
		nr_csrf(c);
		buf_addf(o, "<input type=\"hidden\" name=\"action\" value=\"password\">\n"
			    "<label class=\"sr-only\" for=\"%s\">New password for ", pid);
		esc_html_s(o, u->name);
		buf_addf(o, "</label>\n<input id=\"%s\" name=\"password\" type=\"password\" "
			    "autocomplete=\"new-password\" minlength=\"12\" maxlength=\"256\" required "
			    "placeholder=\"new password\">\n<button type=\"submit\">Set password</button>\n"
			    "</form>\n</td>\n</tr>\n", pid);
	}
	buf_lit(o, "</tbody>\n</table>\n</div>\n<h2 id=\"add\">Add a user</h2>\n"
		   "<form class=\"nr-form nr-user-add\" method=\"post\" action=\"/admin/users\">\n");
	nr_csrf(c);
	buf_adds(o, f && f->err_name ? "<div class=\"field has-error\">\n" : "<div class=\"field\">\n");
	buf_lit(o, "<label for=\"u-name\">Name</label>\n<input id=\"u-name\" name=\"name\" type=\"text\" "
		   "required maxlength=\"60\" autocomplete=\"off\" autocapitalize=\"none\" "
		   "aria-describedby=\"h-u-name e-u-name\" value=\"");
	esc_attr_s(o, f && f->name ? f->name : "");
	buf_lit(o, "\">\n");
	nr_field_error(o, "e-u-name", f ? f->err_name : NULL);
	buf_lit(o, "<p class=\"help\" id=\"h-u-name\">Letters, digits and . _ - @ (1 to 60).</p>\n"
		   "</div>\n<div class=\"field\">\n<label for=\"u-role\">Role</label>\n");
	users_role_select(o, "u-role", f && f->role ? user_role_parse(f->role) : ROLE_CONTRIBUTOR);
	nr_field_error(o, "e-u-role", f ? f->err_role : NULL);
	buf_adds(o, f && f->err_password ? "</div>\n<div class=\"field has-error\">\n"
					 : "</div>\n<div class=\"field\">\n");
	buf_lit(o, "<label for=\"u-password\">Password</label>\n<input id=\"u-password\" "
		   "name=\"password\" type=\"password\" autocomplete=\"new-password\" required "
		   "minlength=\"12\" maxlength=\"256\" aria-describedby=\"h-u-password e-u-password\">\n");
	nr_field_error(o, "e-u-password", f ? f->err_password : NULL);
	buf_lit(o, "<p class=\"help\" id=\"h-u-password\">12 to 256 characters. Give it to the "
		   "person by a safe way; they can change it on their own account page.</p>\n</div>\n"
		   "<p class=\"actions\"><button type=\"submit\" class=\"primary\">Add user</button></p>\n"
		   "</form>\n");
	nr_end(c);
	free(users);
}

static void users_add(struct nr_ctx *c)
{
	struct users_form f = {.name = http_field(c->req, "name"), .role = http_field(c->req, "role")};
	const char *pw = http_field(c->req, "password");
	enum user_role role = user_role_parse(f.role ? f.role : "");
	char hash[192];
	if (!f.name || user_valid_name(f.name))
		f.err_name = "not a valid name: letters, digits and . _ - @, 1 to 60, not starting with -";
	if (!role)
		f.err_role = "pick a role";
	if (!f.err_name && !f.err_role) {
		enum auth_result r = auth_hash_password(pw ? pw : "", hash, sizeof(hash));
		if (r == AUTH_WEAK)
			f.err_password = "a password of 12 to 256 characters (UTF-8) is needed";
		else if (r)
			f.err_password = "the password could not be hashed just now; try again";
	}
	if (f.err_name || f.err_role || f.err_password) {
		f.problem = "The user was not added: see below.";
		users_page(c, 422, &f);
		return;
	}
	int64_t id;
	enum store_err e = store_begin(c->s);
	if (!e)
		e = store_user_add(c->s, f.name, role, hash, &id);
	if (!e) {
		char detail[120];
		snprintf(detail, sizeof(detail), "%.64s as %s", f.name, user_role_name(role));
		nr_audit(c, "user-add", 0, detail);
		e = store_commit(c->s);
	}
	if (e) {
		store_rollback(c->s);
		if (e == STORE_CONFLICT) {
			f.err_name = "this name is taken";
			f.problem = "The user was not added: see below.";
			users_page(c, 422, &f);
		} else {
			nr_store_failed(c);
		}
		return;
	}
	nr_redirect(c, "/admin/users?done=user-added");
}

static void users_change(struct nr_ctx *c, int64_t id)
{
	struct user u;
	enum store_err e = store_user_get_id(c->s, id, &u);
	if (e == STORE_NOTFOUND) {
		nr_fail(c, 404, "No such user", "There is no such account.");
		return;
	}
	if (e) {
		nr_store_failed(c);
		return;
	}
	const char *action = http_field(c->req, "action");
	action = action ? action : "";
	int self = id == c->sess.user_id;
	char detail[160];
	struct users_form f = {0};
	if (self && (!strcmp(action, "role") || !strcmp(action, "disable"))) {
		f.problem = "You cannot change the role of your own account or disable it: ask "
			    "another administrator.";
		users_page(c, 403, &f);
		return;
	}
	/* A new password is hashed before the transaction: argon2 takes a while, and
	 * the write lock should not. */
	char hash[192];
	if (!strcmp(action, "password")) {
		const char *pw = http_field(c->req, "password");
		enum auth_result r = auth_hash_password(pw ? pw : "", hash, sizeof(hash));
		if (r) {
			f.problem = r == AUTH_WEAK ? "Not changed: a password of 12 to 256 characters is needed."
						   : "Not changed: the password could not be hashed just now.";
			users_page(c, 422, &f);
			return;
		}
	}
	e = store_begin(c->s);
	if (e) {
		nr_store_failed(c);
		return;
	}
	if (!strcmp(action, "role")) {
		enum user_role r = user_role_parse(http_field(c->req, "role") ? http_field(c->req, "role") : "");
		if (!r) {
			store_rollback(c->s);
			f.problem = "Pick a role from the list.";
			users_page(c, 422, &f);
			return;
		}
		e = store_user_set_role(c->s, id, r);
		snprintf(detail, sizeof(detail), "%.64s is now %s", u.name, user_role_name(r));
		if (!e)
			nr_audit(c, "user-role", 0, detail);
	} else if (!strcmp(action, "disable") || !strcmp(action, "enable")) {
		int dis = !strcmp(action, "disable");
		e = store_user_set_disabled(c->s, id, dis);
		if (!e && dis)
			e = store_session_delete_user(c->s, id);
		snprintf(detail, sizeof(detail), "%.64s", u.name);
		if (!e)
			nr_audit(c, dis ? "user-disable" : "user-enable", 0, detail);
	} else if (!strcmp(action, "password")) {
		e = store_user_set_password(c->s, id, hash);
		/* A new password ends the account's sessions, except the admin's own. */
		if (!e && !self)
			e = store_session_delete_user(c->s, id);
		snprintf(detail, sizeof(detail), "%.64s", u.name);
		if (!e)
			nr_audit(c, "user-password", 0, detail);
	} else {
		store_rollback(c->s);
		nr_fail(c, 400, "Unknown action", "The form asked for something this page does not do.");
		return;
	}
	if (nr_commit(c, e))
		nr_redirect(c, "/admin/users?done=user-changed");
}

void nr_users(struct nr_ctx *c, const char *rest)
{
	if (!nr_role_at_least(c, ROLE_ADMIN)) {
		nr_fail(c, 403, "Not allowed", "Only administrators manage users.");
		return;
	}
	int post = !strcmp(c->req->method, "POST");
	if (!*rest) {
		if (!post) {
			users_page(c, 200, NULL);
			return;
		}
		if (nr_post_ok(c))
			users_add(c);
		return;
	}
	int64_t id = rest[0] == '/' ? nr_id(rest + 1) : 0;
	if (!id || !post) {
		nr_fail(c, id ? 405 : 404, "Page not found", "There is no newsroom page at this address.");
		return;
	}
	if (nr_post_ok(c))
		users_change(c, id);
}
