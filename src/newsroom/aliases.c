/*
 * An item's old addresses in the editor: the list with a Remove button each and a
 * field to add one (an address the item had on the old site, say, that no import
 * brought). Editors only, like the publishing actions: an old address sends the
 * public site's readers somewhere.
 */
#include <stdio.h>
#include <string.h>

#include "../site/site.h"
#include "../site/urls.h"
#include "nr.h"

void nr_aliases_section(struct nr_ctx *c, const struct item *it)
{
	struct buf *o = c->o;
	long long id = (long long)it->id;
	struct store_alias *al = NULL;
	size_t n = 0;
	if (store_alias_list(c->s, it->id, &al, &n))
		n = 0;
	buf_lit(o, "<section class=\"nr-side\" aria-labelledby=\"old-addresses\">\n"
		   "<h2 id=\"old-addresses\">Old addresses</h2>\n<p class=\"help\">Addresses this "
		   "item had before, here or on the site it came from: the public site sends "
		   "their readers on to it.</p>\n");
	char action[64];
	snprintf(action, sizeof(action), "/admin/items/%lld/aliases/remove", id);
	if (n) {
		buf_lit(o, "<ul class=\"nr-alias-list\">\n");
		struct buf typed;
		buf_init(&typed, 4 * URL_ALIAS_MAX + 16);
		for (size_t i = 0; i < n; i++) {
			/* As the Add field reads it back: "/c%23sharp" for a name's '#'. */
			buf_reset(&typed);
			url_alias_typed(&typed, al[i].path);
			buf_lit(o, "<li><code>");
			esc_html_s(o, buf_str(&typed));
			buf_lit(o, "</code> ");
			nr_button_form(c, action, "path", al[i].path, "Remove", NULL);
			buf_lit(o, "</li>\n");
		}
		buf_release(&typed);
		buf_lit(o, "</ul>\n");
	}
	store_aliases_free(al, n);
	buf_addf(o, "<form method=\"post\" action=\"/admin/items/%lld/aliases\">\n", id);
	nr_csrf(c);
	buf_addf(o, "<div class=\"field\">\n<label for=\"alias-path\">Add an old address</label>\n"
		    "<input id=\"alias-path\" name=\"path\" type=\"text\" maxlength=\"%d\" "
		    "placeholder=\"/2019/05/old-page.html\" aria-describedby=\"alias-help\">\n"
		    "<p class=\"help\" id=\"alias-help\">A path of this site or a whole address of "
		    "the old one.</p>\n</div>\n<button type=\"submit\">Add</button>\n</form>\n"
		    "</section>\n",
		 URL_ALIAS_MAX + 200);
}

/* Back to the editor with a notice. */
static void al_back(struct nr_ctx *c, const struct item *it, const char *done)
{
	char loc[96];
	snprintf(loc, sizeof(loc), "/admin/items/%lld?done=%s#old-addresses", (long long)it->id,
		 done);
	nr_redirect(c, loc);
}

/* A refusal that quotes the address as given, with the way back to the item. */
static void al_refuse(struct nr_ctx *c, const struct item *it, int status, const char *addr,
		      const char *why)
{
	c->rep->status = status;
	nr_begin(c, "Old address not added");
	buf_lit(c->o, "<p class=\"notice error\" role=\"alert\">\xE2\x80\x9C");
	esc_html_s(c->o, addr);
	buf_lit(c->o, "\xE2\x80\x9D cannot lead to this item: ");
	esc_html_s(c->o, why);
	buf_addf(c->o, ". Nothing was changed.</p>\n<p><a href=\"/admin/items/%lld#old-addresses\">"
		       "Back to the item</a></p>\n",
		 (long long)it->id);
	nr_end(c);
}

/* Whether the public site answers path itself (a page, a feed, a redirect of its
 * own): an old address there would never be used. -1 when it cannot tell. */
static int al_is_page(struct nr_ctx *c, const char *path)
{
	if (!c->nr->site)
		return 0;
	struct site_response r;
	buf_init(&r.body, 0);
	site_render(c->nr->site, path, &r);
	int st = r.status;
	buf_release(&r.body);
	return st == 404 ? 0 : st >= 500 ? -1 : 1;
}

static void al_add(struct nr_ctx *c, const struct item *it, const char *given)
{
	struct buf path, own;
	buf_init(&path, URL_ALIAS_MAX + 16);
	buf_init(&own, URL_ALIAS_MAX + 16);
	const char *why = NULL;
	int64_t other = 0;
	enum store_err e = STORE_OK;
	if (!*given) {
		why = "it is empty";
	} else if (url_alias_path(given, strlen(given), 0, &path, &why)) {
		/* why is set */
	} else {
		e = store_alias_find(c->s, buf_str(&path), &other);
		if (!url_item_alias(&own, &c->cfg, it) && !strcmp(buf_str(&own), buf_str(&path)))
			why = "it is the item's own address";
		else if (e == STORE_NOTFOUND)
			e = STORE_OK;
	}
	if (why) {
		al_refuse(c, it, 400, given, why);
	} else if (e) {
		nr_store_failed(c);
	} else if (other == it->id) {
		al_back(c, it, "alias-known");
	} else if (other) {
		struct item o;
		item_init(&o);
		struct buf t;
		buf_init(&t, 1024);
		buf_addf(&t, "it leads to another item already (");
		if (!store_item_get(c->s, other, &o)) {
			buf_lit(&t, "\xE2\x80\x9C");
			buf_adds(&t, o.title);
			buf_lit(&t, "\xE2\x80\x9D, ");
		}
		buf_addf(&t, "number %lld); remove it there first", (long long)other);
		al_refuse(c, it, 409, given, buf_failed(&t) ? "it leads to another item" : buf_str(&t));
		buf_release(&t);
		item_clear(&o);
	} else {
		int page = al_is_page(c, buf_str(&path));
		if (page) {
			al_refuse(c, it, page < 0 ? 503 : 409, given,
				  page < 0 ? "the public site could not be asked whether a page "
					     "is there; try again"
					   : "a page of this site is there, and readers get that page");
		} else {
			e = store_begin(c->s);
			if (!e)
				e = store_alias_put(c->s, buf_str(&path), it->id, NULL);
			if (!e)
				nr_audit(c, "old-address-added", it->id, buf_str(&path));
			if (nr_commit(c, e))
				al_back(c, it, "alias-added");
		}
	}
	buf_release(&path);
	buf_release(&own);
}

static void al_remove(struct nr_ctx *c, const struct item *it, const char *path)
{
	enum store_err e = store_begin(c->s);
	if (!e)
		e = store_alias_delete(c->s, path, it->id);
	if (!e)
		nr_audit(c, "old-address-removed", it->id, path);
	if (e == STORE_NOTFOUND) {
		store_rollback(c->s);
		nr_fail(c, 404, "No such old address",
			"This item has no such old address (removed already?). Nothing was changed.");
		return;
	}
	if (nr_commit(c, e))
		al_back(c, it, "alias-removed");
}

void nr_aliases(struct nr_ctx *c, const struct item *it, const char *rest)
{
	if (!nr_post_ok(c))
		return;
	if (it->deleted_at) {
		nr_fail(c, 409, "In the trash", "This item is in the trash: restore it first.");
		return;
	}
	const char *given = http_field(c->req, "path");
	if (!given)
		given = "";
	/* The stored path itself, as the list gave it (it may end in a space). */
	if (!strcmp(rest, "/aliases/remove")) {
		al_remove(c, it, given);
		return;
	}
	char buf[URL_ALIAS_MAX + 200];
	if (nr_trim_field(given, buf, sizeof(buf))) {
		al_refuse(c, it, 400, "(the address given)", "it is longer than an address may be");
		return;
	}
	al_add(c, it, buf);
}
