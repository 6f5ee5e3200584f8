/*
 * Logging in and out. Why a second connection: a login hashes a password (tens of
 * milliseconds, 64 MiB) and throttling may delay a failing one; both happen on
 * login_store under login_lock, so logged-in work goes on meanwhile.
 * The login form has no session yet, so its CSRF token is a double-submit pair: a
 * random value in a cookie limited to /admin/login and the same in a hidden field.
 */
#include <stdio.h>
#include <string.h>

#include "nr.h"

#define NR_LOGIN_COOKIE "pressroom_login"

/* The Set-Cookie of the session (or its removal when token is NULL). */
static void nr_session_cookie(struct nr_ctx *c, const char *token)
{
	struct buf v;
	buf_init(&v, 512);
	buf_adds(&v, AUTH_COOKIE "=");
	buf_adds(&v, token ? token : "");
	buf_lit(&v, "; HttpOnly; SameSite=Lax; Path=/");
	if (!token)
		buf_lit(&v, "; Max-Age=0");
	if (c->req->tls)
		buf_lit(&v, "; Secure");
	http_reply_header(c->rep, "Set-Cookie", buf_str(&v));
	buf_release(&v);
}

/* Where to go after logging in: a newsroom path only, never another site. */
static const char *nr_next(const char *next)
{
	if (!next || strncmp(next, "/admin", 6) != 0 || strpbrk(next, "\\\r\n") ||
	    !strncmp(next, "/admin/login", 12) || !strncmp(next, "/admin/logout", 13) ||
	    strlen(next) > 1000)
		return "/admin/items";
	return next;
}

static void nr_login_form(struct nr_ctx *c, int status, const char *name, const char *message)
{
	char token[AUTH_TOKEN_CHARS + 4];
	auth_random_token(token);
	struct buf ck;
	buf_init(&ck, 512);
	buf_adds(&ck, NR_LOGIN_COOKIE "=");
	buf_adds(&ck, token);
	buf_lit(&ck, "; HttpOnly; SameSite=Strict; Path=/admin/login");
	if (c->req->tls)
		buf_lit(&ck, "; Secure");
	http_reply_header(c->rep, "Set-Cookie", buf_str(&ck));
	buf_release(&ck);
	c->rep->status = status;
	nr_begin(c, "Log in");
	struct buf *o = c->o;
	if (message) {
		buf_lit(o, "<p class=\"notice error\" role=\"alert\" id=\"login-error\">");
		esc_html_s(o, message);
		buf_lit(o, "</p>\n");
	}
	buf_lit(o, "<form class=\"nr-form nr-login\" method=\"post\" action=\"/admin/login\">\n"
		   "<input type=\"hidden\" name=\"login_token\" value=\"");
	esc_attr_s(o, token);
	buf_lit(o, "\">\n<input type=\"hidden\" name=\"next\" value=\"");
	const char *next = http_query(c->req, "next");
	if (!next)
		next = http_field(c->req, "next");
	esc_attr_s(o, nr_next(next));
	buf_lit(o, "\">\n<div class=\"field\">\n<label for=\"f-name\">Name</label>\n"
		   "<input id=\"f-name\" name=\"name\" type=\"text\" autocomplete=\"username\" "
		   "autocapitalize=\"none\" spellcheck=\"false\" required maxlength=\"60\" value=\"");
	esc_attr_s(o, name ? name : "");
	buf_lit(o, "\">\n</div>\n<div class=\"field\">\n<label for=\"f-password\">Password</label>\n"
		   "<input id=\"f-password\" name=\"password\" type=\"password\" "
		   "autocomplete=\"current-password\" required maxlength=\"256\">\n</div>\n"
		   "<p class=\"actions\"><button type=\"submit\" class=\"primary\">Log in</button></p>\n"
		   "</form>\n");
	nr_end(c);
}

void nr_login(struct nr_ctx *c)
{
	struct newsroom *nr = c->nr;
	pthread_mutex_lock(&nr->login_lock);
	c->s = nr->login_store;
	if (config_load(c->s, &c->cfg)) {
		pthread_mutex_unlock(&nr->login_lock);
		c->rep->status = 500;
		c->rep->content_type = "text/plain; charset=utf-8";
		buf_lit(c->o, "The newsroom could not read the site's settings; try again.\n");
		return;
	}
	const struct http_request *req = c->req;
	if (strcmp(req->method, "POST") != 0) {
		nr_login_form(c, 200, NULL, NULL);
		goto out;
	}
	const char *name = http_field(req, "name");
	const char *pw = http_field(req, "password");
	const char *sent = http_field(req, "login_token");
	const char *cookie = http_cookie(req, NR_LOGIN_COOKIE);
	struct auth_session probe = {0};
	if (cookie)
		snprintf(probe.csrf, sizeof(probe.csrf), "%s", cookie);
	if (!cookie || !*cookie || !auth_csrf_ok(&probe, sent)) {
		nr_login_form(c, 403, name, "The login form had expired. Nothing was sent; please "
					    "log in again.");
		goto out;
	}
	if (!name || !pw || !*name || !*pw) {
		nr_login_form(c, 400, name, "Type your name and your password.");
		goto out;
	}
	struct auth_session sess;
	enum auth_result r = auth_login(c->s, name, pw, req->addr, c->now, &sess);
	switch (r) {
	case AUTH_OK:
		nr_session_cookie(c, sess.token);
		/* The login form's token has done its work. */
		http_reply_header(c->rep, "Set-Cookie",
				  NR_LOGIN_COOKIE "=; HttpOnly; SameSite=Strict; Path=/admin/login; Max-Age=0");
		http_reply_redirect(c->rep, nr_next(http_field(req, "next")));
		break;
	case AUTH_LOCKED:
		http_reply_header(c->rep, "Retry-After", "900");
		nr_login_form(c, 429, name, "Too many failed attempts: logging in is locked for a "
					    "while. Try again in 15 minutes, or ask an administrator.");
		break;
	case AUTH_BUSY:
		http_reply_header(c->rep, "Retry-After", "5");
		nr_login_form(c, 503, name, "The newsroom is busy; try again in a few seconds.");
		break;
	case AUTH_ERROR:
		fprintf(stderr, "pressroom: login: %s\n", store_errmsg(c->s));
		nr_login_form(c, 500, name, "Logging in failed on the server; try again.");
		break;
	default:
		nr_login_form(c, 403, name, "Wrong name or password.");
		break;
	}
out:
	config_clear(&c->cfg);
	c->s = nr->store;
	pthread_mutex_unlock(&nr->login_lock);
}

void nr_logout(struct nr_ctx *c)
{
	if (!nr_post_ok(c))
		return;
	auth_logout(c->s, http_cookie(c->req, AUTH_COOKIE));
	nr_session_cookie(c, NULL);
	http_reply_redirect(c->rep, "/admin/login");
}
