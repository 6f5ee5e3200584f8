/*
 * Secret preview links (/preview/<token>): the saved version of an item for those
 * given the link, marked EMBARGOED while its embargo runs. Only the token's hash is
 * stored; the token itself is shown once, when the link is made. Once the item is
 * public the link leads to its public page.
 */
#include <stdio.h>
#include <string.h>

#include "../base/tz.h"
#include "../site/urls.h"
#include "nr.h"

static void pv_not_found(struct nr_ctx *c)
{
	c->rep->status = 404;
	nr_begin(c, "Preview link not found");
	buf_lit(c->o, "<p>This preview link does not exist or has been revoked. Ask the press "
		      "office for a new one.</p>\n");
	nr_end(c);
}

void nr_preview_link(struct nr_ctx *c, const char *token)
{
	if (strnlen(token, AUTH_TOKEN_CHARS + 1) > AUTH_TOKEN_CHARS || !*token) {
		pv_not_found(c);
		return;
	}
	char hash[65];
	auth_token_hash(token, hash);
	int64_t id = 0;
	enum store_err e = store_nr_preview_item(c->s, hash, &id);
	struct item it;
	item_init(&it);
	if (!e)
		e = store_item_get(c->s, id, &it);
	if (e == STORE_NOTFOUND || (!e && it.deleted_at)) {
		pv_not_found(c);
	} else if (e) {
		nr_store_failed(c);
	} else if (item_is_public(&it, c->now)) {
		struct buf u;
		buf_init(&u, 2048);
		url_item(&u, &c->cfg, &it);
		nr_redirect(c, buf_str(&u));
		buf_release(&u);
	} else {
		char banner[200];
		struct civil cv;
		if (it.embargo_until > c->now) {
			if (tz_civil(c->cfg.timezone, it.embargo_until, &cv))
				tz_civil("UTC", it.embargo_until, &cv);
			snprintf(banner, sizeof(banner),
				 "EMBARGOED until %04d-%02d-%02d %02d:%02d %s \xE2\x80\x94 not for "
				 "publication before then",
				 cv.year, cv.month, cv.day, cv.hour, cv.min, cv.abbr);
		} else {
			snprintf(banner, sizeof(banner),
				 "PREVIEW \xE2\x80\x94 not yet published; do not share");
		}
		nr_render_public(c, &it, banner);
	}
	item_clear(&it);
}

/* POST /admin/items/N/links (make one) and /admin/items/N/links/revoke. */
void nr_preview_links(struct nr_ctx *c, struct item *it, const char *rest)
{
	if (!nr_post_ok(c))
		return;
	if (!strcmp(rest, "/links/revoke")) {
		const char *h = http_field(c->req, "link");
		enum store_err e = store_begin(c->s);
		if (!e)
			e = store_nr_preview_revoke(c->s, it->id, h ? h : "");
		if (!e) {
			nr_audit(c, "preview-link-revoked", it->id, it->title);
			e = store_commit(c->s);
		}
		if (e) {
			store_rollback(c->s);
			if (e == STORE_NOTFOUND)
				nr_fail(c, 404, "No such link", "This item has no such preview link.");
			else
				nr_store_failed(c);
			return;
		}
		char loc[96];
		snprintf(loc, sizeof(loc), "/admin/items/%lld?done=revoked", (long long)it->id);
		nr_redirect(c, loc);
		return;
	}
	if (it->deleted_at) {
		nr_fail(c, 409, "In the trash", "This item is in the trash: restore it first.");
		return;
	}
	char token[AUTH_TOKEN_CHARS + 4], hash[65];
	auth_random_token(token);
	auth_token_hash(token, hash);
	enum store_err e = store_begin(c->s);
	if (!e)
		e = store_nr_preview_add(c->s, hash, it->id, c->now);
	if (!e)
		nr_audit(c, "preview-link", it->id, it->title);
	if (!nr_commit(c, e))
		return;
	struct buf url;
	buf_init(&url, 4096);
	buf_adds(&url, c->cfg.base_url);
	buf_lit(&url, "/preview/");
	buf_adds(&url, token);
	nr_begin(c, "Preview link made");
	struct buf *o = c->o;
	buf_lit(o, "<p>Anyone with this link sees the saved version of \xE2\x80\x9C");
	esc_html_s(o, it->title);
	buf_lit(o, "\xE2\x80\x9D");
	if (it->embargo_until > c->now) {
		buf_lit(o, ", marked EMBARGOED until ");
		nr_when(c, it->embargo_until);
	}
	buf_lit(o, ". It is shown only now: copy it before you leave this page.</p>\n"
		   "<div class=\"field\">\n<label for=\"preview-url\">Preview link</label>\n"
		   "<input id=\"preview-url\" type=\"text\" readonly class=\"copy\" value=\"");
	esc_attr_s(o, buf_str(&url));
	buf_lit(o, "\">\n</div>\n<p><a id=\"preview-open\" href=\"/preview/");
	esc_attr_s(o, token);
	buf_lit(o, "\" target=\"_blank\">Open it</a> \xC2\xB7 ");
	buf_addf(o, "<a href=\"/admin/items/%lld\">Back to the editor</a></p>\n", (long long)it->id);
	nr_end(c);
	buf_release(&url);
}
