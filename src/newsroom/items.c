/* The list of items with filters and title search, and the trash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nr.h"

#define NR_PER_PAGE 25

static const struct {
	const char *value, *label;
	enum nr_status st;
} nr_statuses[] = {
	{"", "Any status", NR_ST_ANY},
	{"draft", "Drafts", NR_ST_DRAFT},
	{"scheduled", "Scheduled", NR_ST_SCHEDULED},
	{"embargoed", "Embargoed", NR_ST_EMBARGOED},
	{"published", "Published", NR_ST_PUBLISHED},
};

static void nr_option(struct buf *o, const char *value, const char *label, int selected)
{
	buf_lit(o, "<option value=\"");
	esc_attr_s(o, value);
	buf_adds(o, selected ? "\" selected>" : "\">");
	esc_html_s(o, label);
	buf_lit(o, "</option>\n");
}

/* The current filters as a query string (escaped for an attribute), without page. */
static void nr_filter_query(struct buf *o, const struct http_request *req)
{
	static const char *const keys[] = {"status", "kind", "lang", "author", "q"};
	int first = 1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = http_query(req, keys[i]);
		if (!v || !*v)
			continue;
		struct buf t;
		buf_init(&t, 4096);
		buf_adds(&t, first ? "?" : "&");
		buf_adds(&t, keys[i]);
		buf_addc(&t, '=');
		esc_url_s(&t, v);
		esc_attr_s(o, buf_str(&t));
		buf_release(&t);
		first = 0;
	}
	buf_adds(o, first ? "?" : "&amp;");
}

/* The author column: the account's name; an item no account wrote (an import, a
 * followed feed, 'pressroom add') has none. */
static const char *nr_author(const struct user *users, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (users[i].id == id)
			return users[i].name;
	return id ? "(unknown)" : "(no account)";
}

void nr_items(struct nr_ctx *c, int trash)
{
	const struct http_request *req = c->req;
	struct buf *o = c->o;
	struct nr_item_query q = {.status = trash ? NR_ST_TRASH : NR_ST_ANY, .kind = -1,
				  .now = c->now, .limit = NR_PER_PAGE};
	const char *status = http_query(req, "status");
	const char *kind = http_query(req, "kind");
	const char *lang = http_query(req, "lang");
	const char *author = http_query(req, "author");
	const char *search = http_query(req, "q");
	if (!trash && status)
		for (size_t i = 0; i < sizeof(nr_statuses) / sizeof(nr_statuses[0]); i++)
			if (!strcmp(status, nr_statuses[i].value))
				q.status = nr_statuses[i].st;
	if (kind && *kind)
		q.kind = item_kind_parse(kind, strlen(kind));
	if (lang && *lang && !item_valid_lang(lang))
		q.lang = lang;
	q.author_id = nr_id(author);
	if (search && *search && strlen(search) <= 200)
		q.search = search;
	int64_t page = nr_id(http_query(req, "page"));
	if (page < 1)
		page = 1;
	q.offset = (page - 1) * NR_PER_PAGE;

	struct item *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct user *users = NULL;
	size_t nusers = 0;
	char **langs = NULL;
	size_t nlangs = 0;
	struct item_query lq = {.kind = -1};
	if (store_nr_item_count(c->s, &q, &total) || store_nr_item_list(c->s, &q, &items, &n) ||
	    store_user_list(c->s, &users, &nusers) ||
	    store_item_langs(c->s, &lq, &langs, &nlangs)) {
		store_items_free(items, n);
		free(users);
		nr_store_failed(c);
		return;
	}

	nr_begin(c, trash ? "Trash" : "Items");
	nr_flash(c);
	if (!trash)
		nr_feeds_failing(c);
	if (!trash) {
		buf_lit(o, "<p class=\"nr-top-actions\"><a class=\"button primary\" "
			   "href=\"/admin/items/new\">New item</a></p>\n"
			   "<form class=\"nr-filters\" method=\"get\" action=\"/admin/items\" "
			   "role=\"search\" aria-label=\"Filter items\">\n"
			   "<div class=\"field\"><label for=\"q\">Title contains</label>\n"
			   "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"");
		esc_attr_s(o, search ? search : "");
		buf_lit(o, "\"></div>\n<div class=\"field\"><label for=\"status\">Status</label>\n"
			   "<select id=\"status\" name=\"status\">\n");
		for (size_t i = 0; i < sizeof(nr_statuses) / sizeof(nr_statuses[0]); i++)
			nr_option(o, nr_statuses[i].value, nr_statuses[i].label, q.status == nr_statuses[i].st);
		buf_lit(o, "</select></div>\n<div class=\"field\"><label for=\"kind\">Kind</label>\n"
			   "<select id=\"kind\" name=\"kind\">\n");
		nr_option(o, "", "Any kind", q.kind < 0);
		for (int k = 0; k < KIND_COUNT; k++)
			nr_option(o, item_kind_slug((enum item_kind)k),
				  item_kind_label((enum item_kind)k), q.kind == k);
		buf_lit(o, "</select></div>\n<div class=\"field\"><label for=\"lang\">Language</label>\n"
			   "<select id=\"lang\" name=\"lang\">\n");
		nr_option(o, "", "Any language", !q.lang);
		for (size_t i = 0; i < nlangs; i++)
			nr_option(o, langs[i], langs[i], q.lang && !strcmp(q.lang, langs[i]));
		buf_lit(o, "</select></div>\n<div class=\"field\"><label for=\"author\">Author</label>\n"
			   "<select id=\"author\" name=\"author\">\n");
		nr_option(o, "", "Anyone", !q.author_id);
		for (size_t i = 0; i < nusers; i++) {
			char id[24];
			snprintf(id, sizeof(id), "%lld", (long long)users[i].id);
			nr_option(o, id, users[i].name, q.author_id == users[i].id);
		}
		buf_lit(o, "</select></div>\n<p class=\"actions\"><button type=\"submit\">Show</button> "
			   "<a href=\"/admin/items\">Clear</a></p>\n</form>\n");
	} else {
		buf_lit(o, "<p>Items in the trash are off the public site. Restore one to bring it "
			   "back as it was.</p>\n");
	}
	buf_addf(o, "<p class=\"nr-count\">%lld item%s</p>\n", (long long)total, total == 1 ? "" : "s");
	if (n) {
		buf_lit(o, "<div class=\"table-wrap\">\n<table class=\"nr-items\">\n<thead>\n<tr>"
			   "<th scope=\"col\">Title</th><th scope=\"col\">Kind</th>"
			   "<th scope=\"col\">Language</th><th scope=\"col\">Status</th>"
			   "<th scope=\"col\">Author</th><th scope=\"col\">");
		buf_adds(o, trash ? "Deleted" : "Changed");
		buf_lit(o, "</th>");
		if (trash)
			buf_lit(o, "<th scope=\"col\">Actions</th>");
		buf_lit(o, "</tr>\n</thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct item *it = &items[i];
			buf_lit(o, "<tr>\n<td>");
			if (!trash && nr_can_edit(c, it)) {
				buf_addf(o, "<a href=\"/admin/items/%lld\">", (long long)it->id);
				esc_html_s(o, it->title);
				buf_lit(o, "</a>");
			} else {
				esc_html_s(o, it->title);
			}
			buf_lit(o, "</td>\n<td>");
			esc_html_s(o, item_kind_label(it->kind));
			buf_lit(o, "</td>\n<td>");
			esc_html_s(o, it->lang);
			buf_lit(o, "</td>\n<td><span class=\"state state-");
			const char *st = nr_item_state(c, it);
			/* "In trash" -> "trash", "Draft" -> "draft": a class of letters only. */
			const char *cls = strrchr(st, ' ') ? strrchr(st, ' ') + 1 : st;
			buf_addc(o, (char)(cls[0] | 0x20));
			buf_adds(o, cls + 1);
			buf_lit(o, "\">");
			esc_html_s(o, st);
			buf_lit(o, "</span>");
			if (!strcmp(st, "Scheduled") || !strcmp(st, "Published")) {
				buf_lit(o, " ");
				nr_when(c, it->published);
			} else if (!strcmp(st, "Embargoed")) {
				buf_lit(o, " until ");
				nr_when(c, it->embargo_until);
			}
			buf_lit(o, "</td>\n<td>");
			esc_html_s(o, nr_author(users, nusers, it->author_id));
			buf_lit(o, "</td>\n<td>");
			nr_when(c, trash ? it->deleted_at : it->updated);
			buf_lit(o, "</td>\n");
			if (trash) {
				buf_lit(o, "<td>");
				if (nr_role_at_least(c, ROLE_EDITOR) ||
				    (it->author_id == c->sess.user_id && it->status == STATUS_DRAFT)) {
					buf_addf(o, "<form method=\"post\" action=\"/admin/items/%lld/restore\">\n",
						 (long long)it->id);
					nr_csrf(c);
					buf_lit(o, "<button type=\"submit\">Restore</button>\n</form>\n");
				}
				if (nr_role_at_least(c, ROLE_ADMIN)) {
					buf_addf(o, "<form method=\"post\" action=\"/admin/items/%lld/purge\">\n",
						 (long long)it->id);
					nr_csrf(c);
					buf_lit(o, "<button type=\"submit\" class=\"danger\">Delete for good</button>\n"
						   "</form>\n");
				}
				buf_lit(o, "</td>\n");
			}
			buf_lit(o, "</tr>\n");
		}
		buf_lit(o, "</tbody>\n</table>\n</div>\n");
	} else {
		buf_lit(o, "<p>");
		buf_adds(o, trash ? "The trash is empty." : "No item matches.");
		buf_lit(o, "</p>\n");
	}
	int64_t pages = (total + NR_PER_PAGE - 1) / NR_PER_PAGE;
	if (pages > 1) {
		const char *base = trash ? "/admin/trash" : "/admin/items";
		buf_lit(o, "<nav class=\"pager\" aria-label=\"Pages\">\n");
		if (page > 1) {
			buf_lit(o, "<a rel=\"prev\" href=\"");
			buf_adds(o, base);
			nr_filter_query(o, req);
			buf_addf(o, "page=%lld\">\xE2\x86\x90 Newer</a>\n", (long long)(page - 1));
		}
		buf_addf(o, "<span>Page %lld of %lld</span>\n", (long long)page, (long long)pages);
		if (page < pages) {
			buf_lit(o, "<a rel=\"next\" href=\"");
			buf_adds(o, base);
			nr_filter_query(o, req);
			buf_addf(o, "page=%lld\">Older \xE2\x86\x92</a>\n", (long long)(page + 1));
		}
		buf_lit(o, "</nav>\n");
	}
	nr_end(c);
	store_items_free(items, n);
	free(users);
	store_langs_free(langs, nlangs);
}
