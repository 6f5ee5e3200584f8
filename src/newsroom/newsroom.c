/* The newsroom app: opening it, routing a request to its page, the page frame and
 * the helpers every page shares. */
#include "newsroom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/tz.h"
#include "nr.h"

static const char *const nr_prefixes[] = {"/admin", "/preview/", "/media/", NULL};

static int nr_zone_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The zones of tzdata's zone.tab, plus UTC; a short list if it cannot be read. */
static void nr_load_zones(struct newsroom *nr)
{
	static const char *const fallback[] = {"UTC", "Europe/London", "Europe/Moscow",
					       "Europe/Paris", "America/New_York", "Asia/Tokyo"};
	size_t cap = 512;
	nr->zones = calloc(cap, sizeof(char *));
	if (!nr->zones)
		return;
	FILE *f = fopen("/usr/share/zoneinfo/zone.tab", "r");
	char line[512];
	while (f && fgets(line, sizeof(line), f) && nr->nzones + 1 < cap) {
		if (line[0] == '#')
			continue;
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		char *z = t2 + 1;
		z[strcspn(z, "\t\n")] = '\0';
		if (!tz_valid(z) && (nr->zones[nr->nzones] = strdup(z)))
			nr->nzones++;
	}
	if (f)
		fclose(f);
	if (!nr->nzones)
		for (size_t i = 1; i < sizeof(fallback) / sizeof(fallback[0]); i++)
			if ((nr->zones[nr->nzones] = strdup(fallback[i])))
				nr->nzones++;
	if ((nr->zones[nr->nzones] = strdup("UTC")))
		nr->nzones++;
	qsort(nr->zones, nr->nzones, sizeof(char *), nr_zone_cmp);
}

static void nr_handle(void *ctx, const struct http_request *req, struct http_reply *rep);

int newsroom_open(struct newsroom *nr, const char *db, struct site *site, char *err,
		  size_t errsz)
{
	memset(nr, 0, sizeof(*nr));
	nr->site = site;
	if (auth_init()) {
		snprintf(err, errsz, "newsroom: libsodium could not be initialised");
		return -1;
	}
	/* On a read-only file the newsroom still opens: its pages say why a save fails. */
	enum store_open_mode mode = STORE_OPEN_EXISTING;
	enum store_err e = store_open(db, mode, &nr->store, err, errsz);
	if (e == STORE_READONLY) {
		mode = STORE_OPEN_READONLY;
		e = store_open(db, mode, &nr->store, err, errsz);
	}
	if (e)
		return -1;
	if (store_open(db, mode, &nr->login_store, err, errsz)) {
		store_close(nr->store);
		return -1;
	}
	/* A save waits for another program's write (an import) at most a second, on
	 * one of the server's app threads (its connection suspended meanwhile, so the
	 * public pages of the same daemon thread do not wait with it); the other
	 * newsroom requests wait for nr->lock. A save that gives up shows the form
	 * again with the text kept. */
	store_busy_timeout(nr->store, NR_BUSY_MS);
	store_busy_timeout(nr->login_store, NR_BUSY_MS);
	pthread_mutex_init(&nr->lock, NULL);
	pthread_mutex_init(&nr->login_lock, NULL);
	nr_load_zones(nr);
	nr->app.prefixes = nr_prefixes;
	nr->app.ctx = nr;
	nr->app.handle = nr_handle;
	nr->app.max_body = NR_MAX_POST;
	return 0;
}

void newsroom_close(struct newsroom *nr)
{
	store_close(nr->store);
	store_close(nr->login_store);
	pthread_mutex_destroy(&nr->lock);
	pthread_mutex_destroy(&nr->login_lock);
	for (size_t i = 0; i < nr->nzones; i++)
		free(nr->zones[i]);
	free(nr->zones);
	memset(nr, 0, sizeof(*nr));
}

const struct http_app *newsroom_app(struct newsroom *nr) { return &nr->app; }

/* ---- helpers ------------------------------------------------------------------- */

int64_t nr_id(const char *s)
{
	if (!s || !*s || *s == '0' || strlen(s) > 15)
		return 0;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int nr_role_at_least(const struct nr_ctx *c, enum user_role r)
{
	return c->authed && c->sess.role >= r;
}

int nr_can_edit(const struct nr_ctx *c, const struct item *it)
{
	if (!c->authed)
		return 0;
	if (c->sess.role >= ROLE_EDITOR)
		return 1;
	return it->author_id == c->sess.user_id && it->status == STATUS_DRAFT && !it->deleted_at;
}

const char *nr_item_state(const struct nr_ctx *c, const struct item *it)
{
	if (it->deleted_at)
		return "In trash";
	if (it->status == STATUS_DRAFT)
		return "Draft";
	if (it->embargo_until > c->now)
		return "Embargoed";
	if (it->published > c->now)
		return "Scheduled";
	return "Published";
}

void nr_when(struct nr_ctx *c, int64_t t) { nr_when_in(c, t, c->cfg.timezone); }

void nr_when_in(struct nr_ctx *c, int64_t t, const char *zone)
{
	struct civil cv;
	if (tz_civil(zone, t, &cv))
		tz_civil("UTC", t, &cv);
	/* datetime: the moment in UTC, as HTML wants it ("2018-09-25T09:00:00Z"). */
	struct civil u;
	if (tz_civil("UTC", t, &u))
		memset(&u, 0, sizeof u);
	buf_addf(c->o, "<time datetime=\"%04d-%02d-%02dT%02d:%02d:%02dZ\">%04d-%02d-%02d %02d:%02d",
		 u.year, u.month, u.day, u.hour, u.min, u.sec, cv.year, cv.month, cv.day, cv.hour,
		 cv.min);
	if (cv.sec)
		buf_addf(c->o, ":%02d", cv.sec);
	buf_lit(c->o, " ");
	esc_html_s(c->o, cv.abbr);
	buf_lit(c->o, "</time>");
}

void nr_size(struct buf *o, int64_t n)
{
	if (n < 1024)
		buf_addf(o, "%lld B", (long long)n);
	else if (n < 1024 * 1024)
		buf_addf(o, "%.1f KB", (double)n / 1024);
	else
		buf_addf(o, "%.1f MB", (double)n / (1024 * 1024));
}

void nr_audit(struct nr_ctx *c, const char *action, int64_t item_id, const char *detail)
{
	if (store_audit_add(c->s, c->sess.user_id, c->sess.user_name, action, item_id,
			    detail ? detail : "", c->now))
		fprintf(stderr, "pressroom: audit: %s\n", store_errmsg(c->s));
}

void nr_zone_options(struct nr_ctx *c, const char *zone)
{
	int found = 0;
	for (size_t i = 0; i < c->nr->nzones; i++)
		if (!strcmp(c->nr->zones[i], zone))
			found = 1;
	if (!found && *zone) {
		buf_lit(c->o, "<option selected value=\"");
		esc_attr_s(c->o, zone);
		buf_lit(c->o, "\">");
		esc_html_s(c->o, zone);
		buf_lit(c->o, "</option>\n");
	}
	for (size_t i = 0; i < c->nr->nzones; i++) {
		buf_adds(c->o, strcmp(c->nr->zones[i], zone) ? "<option>" : "<option selected>");
		esc_html_s(c->o, c->nr->zones[i]);
		buf_lit(c->o, "</option>\n");
	}
}

void nr_csrf(struct nr_ctx *c)
{
	buf_lit(c->o, "<input type=\"hidden\" name=\"csrf\" value=\"");
	esc_attr_s(c->o, c->sess.csrf);
	buf_lit(c->o, "\">\n");
}

void nr_redirect(struct nr_ctx *c, const char *location)
{
	http_reply_redirect(c->rep, location);
}

/* ---- the page frame ----------------------------------------------------------------- */

static void nr_nav_link(struct nr_ctx *c, const char *href, const char *label)
{
	const char *path = c->req->path;
	size_t n = strlen(href);
	int current = !strcmp(path, href) ||
		      (!strncmp(path, href, n) && path[n] == '/' && strcmp(href, "/admin/items") != 0) ||
		      (!strcmp(href, "/admin/items") && !strncmp(path, "/admin/items/", 13) &&
		       strcmp(path, "/admin/items/new") != 0);
	buf_lit(c->o, "<li><a href=\"");
	buf_adds(c->o, href);
	buf_adds(c->o, current ? "\" aria-current=\"page\">" : "\">");
	esc_html_s(c->o, label);
	buf_lit(c->o, "</a></li>\n");
}

void nr_begin(struct nr_ctx *c, const char *title)
{
	struct buf *o = c->o;
	buf_reset(o);
	buf_lit(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>");
	esc_html_s(o, title);
	buf_lit(o, " \xE2\x80\x94 Newsroom \xE2\x80\x94 ");
	esc_html_s(o, c->cfg.site_name ? c->cfg.site_name : "pressroom");
	buf_lit(o, "</title>\n<link rel=\"stylesheet\" href=\"/static/admin.css\">\n"
		   "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
		   "<script src=\"/static/admin.js\" defer></script>\n</head>\n<body class=\"nr\">\n"
		   "<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"nr-header\">\n"
		   "<p class=\"nr-brand\"><a href=\"/admin/items\">");
	esc_html_s(o, c->cfg.site_name ? c->cfg.site_name : "pressroom");
	buf_lit(o, "</a> <span>Newsroom</span></p>\n");
	if (c->authed) {
		buf_lit(o, "<nav class=\"nr-nav\" aria-label=\"Newsroom\">\n<ul>\n");
		nr_nav_link(c, "/admin/items", "Items");
		nr_nav_link(c, "/admin/items/new", "New item");
		nr_nav_link(c, "/admin/media", "Media");
		nr_nav_link(c, "/admin/trash", "Trash");
		if (nr_role_at_least(c, ROLE_EDITOR)) {
			nr_nav_link(c, "/admin/feeds", "Feeds");
			nr_nav_link(c, "/admin/audit", "Audit log");
		}
		if (nr_role_at_least(c, ROLE_ADMIN)) {
			nr_nav_link(c, "/admin/users", "Users");
			nr_nav_link(c, "/admin/settings", "Settings");
		}
		buf_lit(o, "<li><a href=\"/\">Public site</a></li>\n</ul>\n</nav>\n"
			   "<form class=\"nr-logout\" method=\"post\" action=\"/admin/logout\">\n");
		nr_csrf(c);
		buf_lit(o, "<span class=\"nr-user\"><a href=\"/admin/account\" title=\"Your account\"");
		if (!strcmp(c->req->path, "/admin/account"))
			buf_lit(o, " aria-current=\"page\"");
		buf_lit(o, ">");
		esc_html_s(o, c->sess.user_name);
		buf_lit(o, "</a> (");
		buf_adds(o, user_role_name(c->sess.role));
		buf_lit(o, ")</span> <button type=\"submit\">Log out</button>\n</form>\n");
	}
	buf_lit(o, "</header>\n<main id=\"main\">\n<h1>");
	esc_html_s(o, title);
	buf_lit(o, "</h1>\n");
}

void nr_end(struct nr_ctx *c)
{
	buf_lit(c->o, "</main>\n<footer class=\"nr-footer\">\n<p>pressroom newsroom \xC2\xB7 "
		      "times are shown in ");
	esc_html_s(c->o, c->cfg.timezone ? c->cfg.timezone : "UTC");
	buf_lit(c->o, "</p>\n</footer>\n</body>\n</html>\n");
}

void nr_fail(struct nr_ctx *c, int status, const char *title, const char *text)
{
	c->rep->status = status;
	nr_begin(c, title);
	buf_lit(c->o, "<p class=\"notice error\" role=\"alert\">");
	esc_html_s(c->o, text);
	buf_lit(c->o, "</p>\n<p><a href=\"/admin/items\">Back to the items</a></p>\n");
	nr_end(c);
}

void nr_store_failed(struct nr_ctx *c)
{
	fprintf(stderr, "pressroom: newsroom: %s\n", store_errmsg(c->s));
	nr_fail(c, 500, "Something went wrong",
		"The database could not do this just now; nothing was changed. Please try again.");
}

int nr_commit(struct nr_ctx *c, enum store_err e)
{
	if (!e)
		e = store_commit(c->s);
	if (!e)
		return 1;
	store_rollback(c->s);
	nr_store_failed(c);
	return 0;
}

int nr_post_ok(struct nr_ctx *c)
{
	if (strcmp(c->req->method, "POST") != 0) {
		http_reply_header(c->rep, "Allow", "POST");
		nr_fail(c, 405, "Not a form", "This address takes a form sent from the newsroom.");
		return 0;
	}
	if (!auth_csrf_ok(&c->sess, http_field(c->req, "csrf"))) {
		nr_fail(c, 403, "Refused",
			"This form did not carry the newsroom's security token, or it has expired. "
			"Nothing was changed. Go back, reload the page and try again.");
		return 0;
	}
	return 1;
}

void nr_button_form(struct nr_ctx *c, const char *action, const char *field, const char *value,
		    const char *label, const char *cls)
{
	struct buf *o = c->o;
	buf_lit(o, "<form class=\"inline\" method=\"post\" action=\"");
	esc_attr_s(o, action);
	buf_lit(o, "\">\n");
	nr_csrf(c);
	buf_addf(o, "<input type=\"hidden\" name=\"%s\" value=\"", field);
	esc_attr_s(o, value);
	buf_lit(o, "\">\n<button type=\"submit\"");
	if (cls)
		buf_addf(o, " class=\"%s\"", cls);
	buf_addf(o, " aria-label=\"%s ", label);
	esc_attr_s(o, value);
	buf_addf(o, "\">%s</button>\n</form>\n", label);
}

/* The notices of ?done=CODE: a fixed set, so no text from the address is shown. */
void nr_flash(struct nr_ctx *c)
{
	static const char *const done[][2] = {
		{"saved", "Saved."},
		{"created", "Created. It is a draft until it is published."},
		{"published", "Published: it is on the public site now."},
		{"scheduled", "Scheduled: it will appear on the public site by itself at its time."},
		{"embargoed", "Saved under embargo: it becomes public by itself when the embargo ends."},
		{"unpublished", "Unpublished: it is a draft again and off the public site."},
		{"trashed", "Moved to the trash. It can be restored from there."},
		{"restored", "Restored from the trash."},
		{"purged", "Deleted for good."},
		{"reverted", "The revision was restored as a new revision."},
		{"revoked", "The preview link was revoked: it no longer opens."},
		{"alias-added", "The old address was added: it leads here now."},
		{"alias-known", "That old address leads here already."},
		{"alias-removed", "The old address was removed: it no longer leads here."},
		{"uploaded", "Uploaded."},
		{"settings", "Settings saved. The public site shows them within a second."},
		{"feed-added", "The feed is followed: the server reads it within seconds, then at its interval."},
		{"feed-again", "The feed is followed again: the entries it brought before stay known."},
		{"feed-removed", "The feed is no longer followed. The items it brought stay."},
		{"feed-changed", "The feed's options were saved: its next entries follow them."},
		{"feed-read", "The server reads the feed within seconds (at most once every ten): "
			      "its new entries then show under Items."},
		{"user-added", "The account was created."},
		{"user-changed", "The account was changed."},
		{"password", "Your password was changed. Your other sessions have ended."},
		{"media-deleted", "The file was deleted. Copies that browsers or a CDN keep may "
				  "still show for a while."},
	};
	const char *code = http_query(c->req, "done");
	if (!code)
		return;
	for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++)
		if (!strcmp(code, done[i][0])) {
			buf_lit(c->o, "<p class=\"notice ok\" role=\"status\">");
			esc_html_s(c->o, done[i][1]);
			buf_lit(c->o, "</p>\n");
		}
}

int nr_trim_field(const char *v, char *out, size_t n)
{
	v = v ? v + strspn(v, " \t\r\n") : "";
	size_t len = strlen(v);
	while (len && strchr(" \t\r\n", v[len - 1]))
		len--;
	out[0] = '\0';
	if (len >= n)
		return -1;
	memcpy(out, v, len);
	out[len] = '\0';
	return 0;
}

void nr_field_error(struct buf *o, const char *id, const char *msg)
{
	if (!msg)
		return;
	buf_addf(o, "<p class=\"error\" id=\"%s\">", id);
	esc_html_s(o, msg);
	buf_lit(o, "</p>\n");
}

void nr_form_top(struct nr_ctx *c, int status, const char *title, const char *problem)
{
	c->rep->status = status;
	nr_begin(c, title);
	nr_flash(c);
	if (problem) {
		buf_lit(c->o, "<p class=\"notice error\" role=\"alert\">");
		esc_html_s(c->o, problem);
		buf_lit(c->o, "</p>\n");
	}
}

void nr_render_public(struct nr_ctx *c, const struct item *it, const char *banner)
{
	if (!c->nr->site) {
		nr_fail(c, 503, "No preview", "Previews need the public site.");
		return;
	}
	struct site_response r;
	buf_init(&r.body, 0);
	site_render_item(c->nr->site, it, banner, &r);
	buf_reset(c->o);
	buf_add(c->o, r.body.data ? r.body.data : "", r.body.len);
	c->rep->status = r.status;
	c->rep->content_type = r.content_type;
	http_reply_header(c->rep, "X-Robots-Tag", "noindex, nofollow");
	buf_release(&r.body);
}

/* ---- routing ------------------------------------------------------------------------ */

static void nr_route(struct nr_ctx *c)
{
	const char *path = c->req->path;
	const char *rest = path + 6; /* after "/admin" */
	if (!strcmp(rest, "") || !strcmp(rest, "/")) {
		nr_redirect(c, "/admin/items");
		return;
	}
	if (!strcmp(rest, "/logout")) {
		nr_logout(c);
		return;
	}
	if (!strcmp(rest, "/items")) {
		nr_items(c, 0);
		return;
	}
	if (!strcmp(rest, "/trash")) {
		nr_items(c, 1);
		return;
	}
	if (!strncmp(rest, "/items/", 7)) {
		nr_edit(c, rest + 7);
		return;
	}
	if (!strcmp(rest, "/preview")) {
		nr_preview_form(c);
		return;
	}
	if (!strcmp(rest, "/media/delete")) {
		nr_media_delete(c);
		return;
	}
	if (!strcmp(rest, "/media")) {
		nr_media(c);
		return;
	}
	if (!strcmp(rest, "/audit")) {
		nr_audit_page(c);
		return;
	}
	if (!strcmp(rest, "/account")) {
		nr_account(c);
		return;
	}
	if (!strcmp(rest, "/settings")) {
		nr_settings(c);
		return;
	}
	if (!strcmp(rest, "/users") || !strncmp(rest, "/users/", 7)) {
		nr_users(c, rest + 6);
		return;
	}
	if (!strcmp(rest, "/feeds") || !strncmp(rest, "/feeds/", 7)) {
		nr_feeds(c, rest + 6);
		return;
	}
	nr_fail(c, 404, "Page not found", "There is no newsroom page at this address.");
}

static void nr_handle(void *ctx, const struct http_request *req, struct http_reply *rep)
{
	struct newsroom *nr = ctx;
	struct nr_ctx c = {.nr = nr, .s = nr->store, .req = req, .rep = rep, .o = &rep->body};
	c.now = nr->now_override ? nr->now_override : clock_now();
	const char *path = req->path;
	if (strncmp(path, "/admin", 6) == 0 && path[6] && path[6] != '/') {
		rep->status = 404;
		rep->content_type = "text/plain; charset=utf-8";
		buf_lit(&rep->body, "Not found\n");
		return;
	}
	if (!strcmp(path, "/admin/login")) {
		nr_login(&c);
		return;
	}
	pthread_mutex_lock(&nr->lock);
	if (config_load(c.s, &c.cfg)) {
		pthread_mutex_unlock(&nr->lock);
		fprintf(stderr, "pressroom: newsroom: %s\n", store_errmsg(c.s));
		rep->status = 500;
		rep->content_type = "text/plain; charset=utf-8";
		buf_lit(&rep->body, "The newsroom could not read the site's settings; try again.\n");
		return;
	}
	if (!strncmp(path, "/media/", 7)) {
		nr_media_serve(&c, path + 7);
	} else if (!strncmp(path, "/preview/", 9)) {
		nr_preview_link(&c, path + 9);
	} else {
		const char *token = http_cookie(req, AUTH_COOKIE);
		enum auth_result ar = token && *token ? auth_session_check(c.s, token, c.now, &c.sess)
						      : AUTH_BAD;
		c.authed = ar == AUTH_OK;
		if (ar == AUTH_ERROR) {
			nr_store_failed(&c);
		} else if (!c.authed && (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD"))) {
			/* Back to this page after logging in; only newsroom paths are kept. */
			struct buf loc;
			buf_init(&loc, 4096);
			buf_lit(&loc, "/admin/login?next=");
			esc_url_s(&loc, path);
			nr_redirect(&c, buf_failed(&loc) ? "/admin/login" : buf_str(&loc));
			buf_release(&loc);
		} else if (!c.authed) {
			nr_fail(&c, 403, "Not logged in",
				"Your session has ended or you are not logged in: nothing was changed. "
				"Log in and try again.");
		} else {
			nr_route(&c);
		}
	}
	config_clear(&c.cfg);
	pthread_mutex_unlock(&nr->lock);
}
