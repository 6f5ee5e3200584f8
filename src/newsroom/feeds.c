/*
 * The feeds the site follows (a ministry's RSS or Atom feed), for editors: each with
 * what its entries become, how often it is read, when it was last read and how that
 * went (a feed that fails says why here, where the press office looks), a Read now
 * button (the ministry put a statement up a minute ago), a Remove button, and a form
 * to follow one more. The server's poller reads the list again
 * every second, so a feed added here is read within seconds.
 *
 * What the command line can do besides (pressroom syndicate): a feed on a private or
 * loopback address (--allow-private), copying its files (--fetch-media), a language
 * of its own: choices for whoever runs the server, not for a web form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../store/store_feeds.h"
#include "../syndicate/syndicate.h"
#include "nr.h"

struct feeds_form {
	const char *url, *minutes;
	int publish;
	const char *err_url, *err_minutes;
};

static void feeds_page(struct nr_ctx *c, int status, const struct feeds_form *f)
{
	struct feed_row *feeds = NULL;
	size_t n = 0;
	if (store_feed_list(c->s, &feeds, &n)) {
		nr_store_failed(c);
		return;
	}
	struct buf *o = c->o;
	nr_form_top(c, status, "Feeds", f ? "The feed was not added: see below." : NULL);
	buf_lit(o, "<p class=\"help\">Feeds the site follows, such as the ministry's: their new "
		   "entries become items here, with the entry's link as their source. An entry "
		   "seen before is never taken twice; one changed there updates its item unless "
		   "it was edited here.</p>\n");
	if (!n) {
		buf_lit(o, "<p>The site follows no feed yet.</p>\n");
	} else {
		buf_lit(o, "<div class=\"table-wrap\">\n<table class=\"nr-feeds\">\n<thead>\n<tr>"
			   "<th scope=\"col\">Feed</th><th scope=\"col\">New entries</th>"
			   "<th scope=\"col\">Read every</th><th scope=\"col\">Last read</th>"
			   "<th scope=\"col\">Result</th><th scope=\"col\">Change</th></tr>\n"
			   "</thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct feed_row *r = &feeds[i];
			buf_lit(o, "<tr>\n<td class=\"nr-feed-url\"><a href=\"");
			esc_attr_s(o, r->url);
			buf_lit(o, "\" rel=\"noopener noreferrer\">");
			esc_html_s(o, r->url);
			buf_addf(o, "</a></td>\n<td>%s</td>\n<td>",
				 r->publish ? "published at once" : "drafts");
			int64_t every = feed_poll_interval(r);
			if (every % 60)
				buf_addf(o, "%lld s", (long long)every);
			else
				buf_addf(o, "%lld min", (long long)(every / 60));
			buf_lit(o, "</td>\n<td>");
			if (r->last_run)
				nr_when(c, r->last_run);
			else
				buf_lit(o, "not yet");
			if (r->asked > r->last_run)
				buf_lit(o, "<br><em class=\"nr-feed-asked\">to be read now</em>");
			int bad = !strncmp(r->last_status, "error", 5);
			buf_addf(o, "</td>\n<td%s>", bad ? " class=\"error\"" : "");
			esc_html_s(o, *r->last_status ? r->last_status : "\xE2\x80\x94");
			long long id = (long long)r->id;
			buf_addf(o, "</td>\n<td class=\"nr-feed-actions\">\n<form class=\"inline\" "
				    "method=\"post\" action=\"/admin/feeds/%lld/set\">\n", id);
			nr_csrf(c);
			buf_addf(o, "<label><input type=\"checkbox\" name=\"publish\" value=\"1\"%s> "
				    "publish at once</label>\n<label for=\"fd-min-%lld\">every</label> "
				    "<input id=\"fd-min-%lld\" name=\"minutes\" type=\"number\" min=\"1\" "
				    "max=\"1440\" required value=\"%lld\"> min\n"
				    "<button type=\"submit\">Save</button>\n</form>\n",
				 r->publish ? " checked" : "", id, id, (long long)(r->interval + 59) / 60);
			char action[64];
			snprintf(action, sizeof(action), "/admin/feeds/%lld/read", id);
			nr_button_form(c, action, "url", r->url, "Read now", NULL);
			snprintf(action, sizeof(action), "/admin/feeds/%lld/remove", id);
			nr_button_form(c, action, "url", r->url, "Stop following", "danger");
			buf_lit(o, "</td>\n</tr>\n");
		}
		buf_lit(o, "</tbody>\n</table>\n</div>\n");
	}
	buf_lit(o, "<h2 id=\"add\">Follow a feed</h2>\n"
		   "<form class=\"nr-form nr-feed-add\" method=\"post\" action=\"/admin/feeds\">\n");
	nr_csrf(c);
	buf_adds(o, f && f->err_url ? "<div class=\"field has-error\">\n" : "<div class=\"field\">\n");
	buf_addf(o, "<label for=\"fd-url\">Address of the feed or of its web page</label>\n"
		    "<input id=\"fd-url\" name=\"url\" type=\"url\" required maxlength=\"%d\" "
		    "placeholder=\"https://mfa.example/en/news/rss\" "
		    "aria-describedby=\"h-fd-url e-fd-url\" value=\"",
		 FEED_URL_MAX - 1);
	esc_attr_s(o, f && f->url ? f->url : "");
	buf_lit(o, "\">\n");
	nr_field_error(o, "e-fd-url", f ? f->err_url : NULL);
	buf_lit(o, "<p class=\"help\" id=\"h-fd-url\">An RSS or Atom feed; a news page that names "
		   "its feed will do.</p>\n</div>\n");
	buf_adds(o, f && f->err_minutes ? "<div class=\"field has-error\">\n" : "<div class=\"field\">\n");
	buf_lit(o, "<label for=\"fd-minutes\">Read it every (minutes)</label>\n"
		   "<input id=\"fd-minutes\" name=\"minutes\" type=\"number\" min=\"1\" max=\"1440\" "
		   "required aria-describedby=\"e-fd-minutes\" value=\"");
	esc_attr_s(o, f && f->minutes ? f->minutes : "15");
	buf_lit(o, "\">\n");
	nr_field_error(o, "e-fd-minutes", f ? f->err_minutes : NULL);
	buf_addf(o, "</div>\n<div class=\"field\">\n<label><input type=\"checkbox\" name=\"publish\" "
		    "value=\"1\"%s> Publish new entries at once (else they wait as drafts)</label>\n"
		    "</div>\n<p class=\"actions\"><button type=\"submit\" class=\"primary\">Follow"
		    "</button></p>\n</form>\n",
		 f && f->publish ? " checked" : "");
	nr_end(c);
	free(feeds);
}

/* The minutes field of a form: 1 to 1440, else 0. */
static long feeds_minutes(const char *v)
{
	char *end = NULL;
	long m = v ? strtol(v, &end, 10) : 0;
	return !v || end == v || *end || m < 1 || m > 1440 ? 0 : m;
}

static void feeds_add(struct nr_ctx *c)
{
	struct feeds_form f = {.url = http_field(c->req, "url"),
			       .minutes = http_field(c->req, "minutes"),
			       .publish = http_field(c->req, "publish") != NULL};
	struct feed_row row;
	memset(&row, 0, sizeof row);
	row.publish = f.publish;
	char why[400];
	char given[FEED_URL_MAX];
	if (nr_trim_field(f.url, given, sizeof given))
		f.err_url = "The address is longer than a feed's may be (2,047 bytes).";
	else if (!*given)
		f.err_url = "Give the feed's address.";
	else if (syndicate_url_check(given, 0, row.url, sizeof row.url, why, sizeof why))
		f.err_url = why;
	long minutes = feeds_minutes(f.minutes);
	if (!minutes)
		f.err_minutes = "A number of minutes from 1 to 1440 (a day).";
	row.interval = minutes * 60;
	if (f.err_url || f.err_minutes) {
		feeds_page(c, 400, &f);
		return;
	}
	int64_t id = 0;
	int again = 0;
	enum store_err e = store_begin(c->s);
	if (!e)
		e = store_feed_add(c->s, &row, &id, &again);
	if (e == STORE_CONFLICT) {
		store_rollback(c->s);
		f.err_url = "The site follows this feed already.";
		feeds_page(c, 409, &f);
		return;
	}
	if (!e)
		nr_audit(c, "feed-followed", 0, row.url);
	if (nr_commit(c, e))
		nr_redirect(c, again ? "/admin/feeds?done=feed-again" : "/admin/feeds?done=feed-added");
}

/* rest: "<id>/remove", "<id>/set" or "<id>/read" (what: 'r', 's' or 'n'). Its publish
 * and minutes change; what only the command line sets (private addresses, files,
 * language) stays. Read now is a wish for the server's poller (store_feed_ask_read). */
static void feeds_change(struct nr_ctx *c, const char *rest, char what)
{
	char num[24];
	size_t k = strcspn(rest, "/");
	snprintf(num, sizeof num, "%.*s", (int)(k < sizeof num ? k : 0), rest);
	int64_t id = nr_id(num);
	long minutes = feeds_minutes(http_field(c->req, "minutes"));
	if (what == 's' && !minutes) {
		nr_fail(c, 400, "Not changed", "Read it every: a number of minutes from 1 to 1440 (a "
					       "day). Nothing was changed.");
		return;
	}
	struct feed_row row;
	enum store_err e = id > 0 ? store_feed_get(c->s, id, &row) : STORE_NOTFOUND;
	if (!e)
		e = store_begin(c->s);
	if (!e && what == 's') {
		row.publish = http_field(c->req, "publish") != NULL;
		row.interval = minutes * 60;
		e = store_feed_set(c->s, &row);
	} else if (!e && what == 'n') {
		e = store_feed_ask_read(c->s, id, clock_now());
	} else if (!e) {
		e = store_feed_delete(c->s, id);
	}
	if (e == STORE_NOTFOUND) {
		store_rollback(c->s);
		nr_fail(c, 404, "No such feed", "The site does not follow this feed (stopped already?). "
						"Nothing was changed.");
		return;
	}
	static const char *const done[][2] = {{"feed-changed", "/admin/feeds?done=feed-changed"},
					      {"feed-removed", "/admin/feeds?done=feed-removed"},
					      {"feed-read-asked", "/admin/feeds?done=feed-read"}};
	size_t d = what == 's' ? 0 : what == 'r' ? 1 : 2;
	if (!e)
		nr_audit(c, done[d][0], 0, row.url);
	if (nr_commit(c, e))
		nr_redirect(c, done[d][1]);
}

void nr_feeds_failing(struct nr_ctx *c)
{
	struct feed_row *feeds = NULL;
	size_t n = 0, bad = 0, first = 0;
	if (!nr_role_at_least(c, ROLE_EDITOR) || store_feed_list(c->s, &feeds, &n))
		return;
	for (size_t i = n; i-- > 0;)
		if (!strncmp(feeds[i].last_status, "error", 5))
			bad++, first = i;
	if (bad) {
		struct buf *o = c->o;
		buf_lit(o, "<p class=\"notice error\" role=\"status\">");
		if (bad == 1) {
			buf_lit(o, "A followed feed could not be read: ");
			esc_html_s(o, feeds[first].url);
			buf_lit(o, " (");
			esc_html_s(o, feeds[first].last_status);
			buf_lit(o, "). ");
		} else {
			buf_addf(o, "%zu followed feeds could not be read. ", bad);
		}
		buf_lit(o, "Their new entries are not coming in: see <a href=\"/admin/feeds\">Feeds</a>.</p>\n");
	}
	free(feeds);
}

void nr_feeds(struct nr_ctx *c, const char *rest)
{
	if (!nr_role_at_least(c, ROLE_EDITOR)) {
		nr_fail(c, 403, "Editors only", "Only editors and administrators choose the feeds the "
						"site follows.");
		return;
	}
	if (!*rest && !strcmp(c->req->method, "GET")) {
		feeds_page(c, 200, NULL);
		return;
	}
	if (!nr_post_ok(c))
		return;
	size_t n = strlen(rest);
	if (!*rest)
		feeds_add(c);
	else if (n > 8 && rest[0] == '/' && !strcmp(rest + n - 7, "/remove"))
		feeds_change(c, rest + 1, 'r');
	else if (n > 5 && rest[0] == '/' && !strcmp(rest + n - 4, "/set"))
		feeds_change(c, rest + 1, 's');
	else if (n > 6 && rest[0] == '/' && !strcmp(rest + n - 5, "/read"))
		feeds_change(c, rest + 1, 'n');
	else
		nr_fail(c, 404, "Page not found", "There is no newsroom page at this address.");
}
