/*
 * The editor: every field of an item, save, preview, publish now, schedule,
 * unpublish, trash and restore. A save names the revision it was based on; if the
 * item moved on meanwhile the save is refused and the user's text comes back in
 * the form with who changed what (store_nr_item_save's optimistic check).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/tz.h"
#include "../site/urls.h"
#include "snapshot.h"
#include "nr.h"

/* Extra state of the editor page when it is shown again after a POST. */
struct ed_state {
	const char *problem;        /* the notice at the top, or NULL */
	int conflict;               /* the notice is a conflict: role alert, details */
	int64_t revision;           /* the revision the form is based on */
};

/* The zones an item's times are shown in: those named when it was last saved here
 * (store_nr_zones_get), else the site's; the embargo's, else the publication's. */
static void ed_zones_of(struct nr_ctx *c, int64_t id, struct item_zones *z)
{
	z->publish[0] = z->embargo[0] = '\0';
	/* Unreadable: shown in the site's zone, as before they were kept. */
	if (id && store_nr_zones_get(c->s, id, z))
		fprintf(stderr, "pressroom: newsroom: %s\n", store_errmsg(c->s));
	if (!*z->publish || tz_valid(z->publish))
		snprintf(z->publish, sizeof z->publish, "%s", c->cfg.timezone);
	if (!*z->embargo || tz_valid(z->embargo))
		snprintf(z->embargo, sizeof z->embargo, "%s", z->publish);
}

/* The zones the form named, where valid (nr_form_check has said what is not). */
static void ed_zones_of_form(struct nr_ctx *c, const struct nr_form *f, struct item_zones *z)
{
	const char *p = f->v[NF_ZONE], *e = f->v[NF_EMB_ZONE];
	/* An empty zone field is read as UTC (nr_form_check). */
	snprintf(z->publish, sizeof z->publish, "%s", !*p ? "UTC" : tz_valid(p) ? c->cfg.timezone : p);
	snprintf(z->embargo, sizeof z->embargo, "%s", *e && !tz_valid(e) ? e : z->publish);
}

/* Keeps the zones the saved form named for its times, so that its editor shows them
 * as they were typed; an embargo's only while it has one. The site's zone is kept
 * as none ("": whatever the site's zone is then), and an embargo's zone that is the
 * date's as none too (ed_zones_of reads them so). */
static enum store_err ed_zones_keep(struct nr_ctx *c, const struct item *it, const struct nr_form *f)
{
	struct item_zones z;
	ed_zones_of_form(c, f, &z);
	if (!it->embargo_until || !strcmp(z.embargo, z.publish))
		z.embargo[0] = '\0';
	if (!strcmp(z.publish, c->cfg.timezone))
		z.publish[0] = '\0';
	return store_nr_zones_set(c->s, it->id, &z);
}

/* "2026-09-22 09:00 BST" in zone, into out. */
static void ed_when_text(int64_t t, const char *zone, char *out, size_t n)
{
	struct civil cv;
	if (tz_civil(zone, t, &cv))
		tz_civil("UTC", t, &cv);
	if (cv.sec)
		snprintf(out, n, "%04d-%02d-%02d %02d:%02d:%02d %s", cv.year, cv.month, cv.day, cv.hour,
			 cv.min, cv.sec, cv.abbr);
	else
		snprintf(out, n, "%04d-%02d-%02d %02d:%02d %s", cv.year, cv.month, cv.day, cv.hour,
			 cv.min, cv.abbr);
}

/* ---- the form's fields ---- */

static void ed_described(struct nr_ctx *c, const struct nr_form *f, enum nr_field k, int help)
{
	const char *name = nr_field_names[k];
	if (f->err[k][0] || help) {
		buf_lit(c->o, " aria-describedby=\"");
		if (f->err[k][0])
			buf_addf(c->o, "e-%s%s", name, help ? " " : "");
		if (help)
			buf_addf(c->o, "h-%s", name);
		buf_lit(c->o, "\"");
	}
	if (f->err[k][0])
		buf_lit(c->o, " aria-invalid=\"true\"");
}

static void ed_field_start(struct nr_ctx *c, const struct nr_form *f, enum nr_field k,
			   const char *label)
{
	buf_adds(c->o, f->err[k][0] ? "<div class=\"field has-error\">\n" : "<div class=\"field\">\n");
	buf_addf(c->o, "<label for=\"f-%s\">", nr_field_names[k]);
	esc_html_s(c->o, label);
	buf_lit(c->o, "</label>\n");
}

static void ed_field_end(struct nr_ctx *c, const struct nr_form *f, enum nr_field k,
			 const char *help)
{
	if (f->err[k][0]) {
		buf_addf(c->o, "<p class=\"error\" id=\"e-%s\">", nr_field_names[k]);
		esc_html_s(c->o, f->err[k]);
		buf_lit(c->o, "</p>\n");
	}
	if (help) {
		buf_addf(c->o, "<p class=\"help\" id=\"h-%s\">", nr_field_names[k]);
		esc_html_s(c->o, help);
		buf_lit(c->o, "</p>\n");
	}
	buf_lit(c->o, "</div>\n");
}

/* attrs: literal attributes ("required maxlength=\"500\""), or "". */
static void ed_input(struct nr_ctx *c, const struct nr_form *f, enum nr_field k,
		     const char *label, const char *type, const char *attrs, const char *help)
{
	ed_field_start(c, f, k, label);
	buf_addf(c->o, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"", nr_field_names[k],
		 nr_field_names[k], type);
	if (*attrs) {
		buf_addc(c->o, ' ');
		buf_adds(c->o, attrs);
	}
	ed_described(c, f, k, help != NULL);
	buf_lit(c->o, " value=\"");
	esc_attr_s(c->o, f->v[k]);
	buf_lit(c->o, "\">\n");
	ed_field_end(c, f, k, help);
}

static void ed_textarea(struct nr_ctx *c, const struct nr_form *f, enum nr_field k,
			const char *label, int rows, const char *help)
{
	ed_field_start(c, f, k, label);
	buf_addf(c->o, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\"", nr_field_names[k],
		 nr_field_names[k], rows);
	ed_described(c, f, k, help != NULL);
	/* The newline after the tag is eaten by the parser, so a leading one survives. */
	buf_lit(c->o, ">\n");
	esc_html_s(c->o, f->v[k]);
	buf_lit(c->o, "</textarea>\n");
	ed_field_end(c, f, k, help);
}

static void ed_zone(struct nr_ctx *c, const struct nr_form *f, enum nr_field k, const char *label)
{
	ed_field_start(c, f, k, label);
	buf_addf(c->o, "<select id=\"f-%s\" name=\"%s\"", nr_field_names[k], nr_field_names[k]);
	ed_described(c, f, k, 0);
	buf_lit(c->o, ">\n");
	nr_zone_options(c, *f->v[k] ? f->v[k] : c->cfg.timezone);
	buf_lit(c->o, "</select>\n");
	ed_field_end(c, f, k, NULL);
}

static void ed_option(struct buf *o, const char *value, const char *label, int selected)
{
	buf_lit(o, "<option value=\"");
	esc_attr_s(o, value);
	buf_adds(o, selected ? "\" selected>" : "\">");
	esc_html_s(o, label);
	buf_lit(o, "</option>\n");
}

/* The "translation of" select: recent items of the site, as "[lang] title". */
static void ed_translation(struct nr_ctx *c, const struct nr_form *f, const struct item *it)
{
	struct nr_item_query q = {.status = NR_ST_ANY, .kind = -1, .now = c->now, .limit = 300};
	struct item *items = NULL;
	size_t n = 0;
	if (store_nr_item_list(c->s, &q, &items, &n))
		n = 0;
	ed_field_start(c, f, NF_TRANSLATION, "Translation of");
	buf_lit(c->o, "<select id=\"f-translation_of\" name=\"translation_of\"");
	ed_described(c, f, NF_TRANSLATION, 1);
	buf_lit(c->o, ">\n");
	ed_option(c->o, "", "Not a translation", !*f->v[NF_TRANSLATION]);
	for (size_t i = 0; i < n; i++) {
		if (items[i].id == it->id)
			continue;
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)items[i].id);
		struct buf label;
		buf_init(&label, 1024);
		buf_addf(&label, "[%s] ", items[i].lang);
		buf_adds(&label, items[i].title);
		ed_option(c->o, id, buf_str(&label), !strcmp(id, f->v[NF_TRANSLATION]));
		buf_release(&label);
	}
	buf_lit(c->o, "</select>\n");
	ed_field_end(c, f, NF_TRANSLATION,
		     "The same message in another language: the public pages link the two.");
	store_items_free(items, n);
}

/* ---- the editor page ---- */

static void ed_status_line(struct nr_ctx *c, const struct item *it)
{
	struct item_zones z;
	ed_zones_of(c, it->id, &z);
	struct buf *o = c->o;
	const char *st = nr_item_state(c, it);
	buf_lit(o, "<p class=\"nr-status\">Status: <strong>");
	esc_html_s(o, st);
	buf_lit(o, "</strong>");
	if (!strcmp(st, "Scheduled")) {
		buf_lit(o, " for ");
		nr_when_in(c, it->published, z.publish);
	} else if (!strcmp(st, "Embargoed")) {
		buf_lit(o, " until ");
		nr_when_in(c, it->embargo_until, z.embargo);
	} else if (!strcmp(st, "Published")) {
		buf_lit(o, " ");
		nr_when_in(c, it->published, z.publish);
	}
	buf_addf(o, " \xC2\xB7 revision %lld \xC2\xB7 changed ", (long long)it->revision);
	nr_when(c, it->updated);
	buf_lit(o, "</p>\n<ul class=\"nr-links\">\n");
	buf_addf(o, "<li><a href=\"/admin/items/%lld/preview\" target=\"_blank\">Preview the saved "
		    "version</a></li>\n<li><a href=\"/admin/items/%lld/revisions\">Revisions</a></li>\n",
		 (long long)it->id, (long long)it->id);
	if (item_is_public(it, c->now)) {
		buf_lit(o, "<li><a href=\"");
		struct buf u;
		buf_init(&u, 2048);
		url_item(&u, &c->cfg, it);
		esc_attr_s(o, buf_str(&u));
		buf_release(&u);
		buf_lit(o, "\">View on the public site</a></li>\n");
	}
	buf_lit(o, "</ul>\n");
	/* Where it was before (an imported page's old addresses, its address before a
	 * change here): the public site sends readers of those on to it. Editors have
	 * the list with its buttons beside the form (nr_aliases_section). */
	struct store_alias *al = NULL;
	size_t nal = 0;
	if (!nr_role_at_least(c, ROLE_EDITOR) &&
	    store_alias_list(c->s, it->id, &al, &nal) == STORE_OK && nal) {
		buf_lit(o, "<p class=\"nr-aliases\">Old addresses that lead here: ");
		for (size_t i = 0; i < nal && i < 20; i++) {
			buf_adds(o, i ? ", <code>" : "<code>");
			esc_html_s(o, al[i].path);
			buf_lit(o, "</code>");
		}
		if (nal > 20)
			buf_addf(o, " and %zu more", nal - 20);
		buf_lit(o, "</p>\n");
	}
	store_aliases_free(al, nal);
}

/*
 * it's address as an old address of its own. keep: it is the address it had (its
 * slug or language changed while it was public), which leads to it from now on,
 * since links and bookmarks still say it. Else it is its new one, no longer an old
 * address (an item renamed back): dropped, so the editor does not list it.
 */
static enum store_err ed_old_address(struct nr_ctx *c, const struct item *it, int keep)
{
	struct buf path;
	buf_init(&path, URL_ALIAS_MAX + 16);
	enum store_err e = STORE_OK;
	if (!url_item_alias(&path, &c->cfg, it))
		e = keep ? store_alias_put(c->s, buf_str(&path), it->id, NULL)
			 : store_alias_delete(c->s, buf_str(&path), it->id);
	buf_release(&path);
	return e == STORE_NOTFOUND ? STORE_OK : e;
}

/* The small forms beside the editor: unpublish, trash, preview links. */
static void ed_side_actions(struct nr_ctx *c, const struct item *it)
{
	struct buf *o = c->o;
	long long id = (long long)it->id;
	buf_lit(o, "<section class=\"nr-side\" aria-labelledby=\"more-actions\">\n"
		   "<h2 id=\"more-actions\">More actions</h2>\n");
	if (it->status == STATUS_PUBLISHED && nr_role_at_least(c, ROLE_EDITOR)) {
		buf_addf(o, "<form method=\"post\" action=\"/admin/items/%lld/unpublish\">\n", id);
		nr_csrf(c);
		buf_lit(o, "<button type=\"submit\">Unpublish</button> <span class=\"help\">Takes it "
			   "off the public site; it becomes a draft.</span>\n</form>\n");
	}
	buf_addf(o, "<form method=\"post\" action=\"/admin/items/%lld/trash\">\n", id);
	nr_csrf(c);
	buf_lit(o, "<button type=\"submit\" class=\"danger\">Move to trash</button>\n</form>\n");
	buf_lit(o, "</section>\n");
	if (!nr_role_at_least(c, ROLE_EDITOR))
		return;
	struct nr_preview *links = NULL;
	size_t n = 0;
	if (store_nr_preview_list(c->s, it->id, &links, &n))
		n = 0;
	buf_lit(o, "<section class=\"nr-side\" aria-labelledby=\"preview-links\">\n"
		   "<h2 id=\"preview-links\">Secret preview links</h2>\n<p class=\"help\">A link shows "
		   "the saved version to anyone who has it, marked EMBARGOED while an embargo runs, "
		   "before it is public. Revoke a link to close it.</p>\n");
	size_t live = 0;
	for (size_t i = 0; i < n; i++)
		live += !links[i].revoked;
	if (live) {
		buf_lit(o, "<ul class=\"nr-preview-links\">\n");
		for (size_t i = 0; i < n; i++) {
			if (links[i].revoked)
				continue;
			buf_lit(o, "<li>Link made ");
			nr_when(c, links[i].created);
			buf_addf(o, " <form class=\"inline\" method=\"post\" "
				    "action=\"/admin/items/%lld/links/revoke\">\n", id);
			nr_csrf(c);
			buf_lit(o, "<input type=\"hidden\" name=\"link\" value=\"");
			esc_attr_s(o, links[i].token_hash);
			buf_lit(o, "\"><button type=\"submit\">Revoke</button>\n</form></li>\n");
		}
		buf_lit(o, "</ul>\n");
	}
	buf_addf(o, "<form method=\"post\" action=\"/admin/items/%lld/links\">\n", id);
	nr_csrf(c);
	buf_lit(o, "<button type=\"submit\">Make a preview link</button>\n</form>\n</section>\n");
	free(links);
	nr_aliases_section(c, it);
}

static void ed_page(struct nr_ctx *c, const struct item *it, const struct nr_form *f,
		    const struct ed_state *st)
{
	struct buf *o = c->o;
	int editor = nr_role_at_least(c, ROLE_EDITOR);
	struct buf title;
	buf_init(&title, 1024);
	if (it->id) {
		buf_lit(&title, "Edit: ");
		buf_adds(&title, it->title);
	} else {
		buf_lit(&title, "New item");
	}
	nr_begin(c, buf_str(&title));
	buf_release(&title);
	nr_flash(c);
	if (st->problem) {
		buf_lit(o, "<div class=\"notice error\" role=\"alert\" id=\"form-problem\">\n<p>");
		esc_html_s(o, st->problem);
		buf_lit(o, "</p>\n");
		if (st->conflict)
			buf_addf(o, "<p><a href=\"/admin/items/%lld\" target=\"_blank\">Open the "
				    "current version in a new tab</a> \xC2\xB7 <a href=\"/admin/items/"
				    "%lld/revisions\" target=\"_blank\">Revisions</a></p>\n",
				 (long long)it->id, (long long)it->id);
		buf_lit(o, "</div>\n");
	}
	if (it->id)
		ed_status_line(c, it);
	buf_lit(o, "<form class=\"nr-form nr-editor\" method=\"post\" action=\"");
	if (it->id)
		buf_addf(o, "/admin/items/%lld", (long long)it->id);
	else
		buf_lit(o, "/admin/items/new");
	buf_lit(o, "\">\n");
	nr_csrf(c);
	buf_addf(o, "<input type=\"hidden\" name=\"revision\" value=\"%lld\">\n",
		 (long long)st->revision);

	buf_lit(o, "<fieldset>\n<legend>Message</legend>\n");
	ed_field_start(c, f, NF_KIND, "Kind");
	buf_lit(o, "<select id=\"f-kind\" name=\"kind\"");
	ed_described(c, f, NF_KIND, 0);
	buf_lit(o, ">\n");
	for (int k = 0; k < KIND_COUNT; k++)
		ed_option(o, item_kind_slug((enum item_kind)k), item_kind_label((enum item_kind)k),
			  !strcmp(f->v[NF_KIND], item_kind_slug((enum item_kind)k)));
	buf_lit(o, "</select>\n");
	ed_field_end(c, f, NF_KIND, NULL);
	ed_input(c, f, NF_TITLE, "Title", "text", "required maxlength=\"500\"", NULL);
	ed_textarea(c, f, NF_LEAD, "Lead", 3, "One or two sentences shown under the title and in lists.");
	ed_textarea(c, f, NF_BODY, "Text", 18,
		    "Markdown: a blank line between paragraphs, **bold**, *italic*, [link](https://...), "
		    "# heading, - list. In interviews, start a paragraph with \"Question:\" or a "
		    "speaker's name and a colon. Images: paste the Markdown from the media library.");
	buf_lit(o, "</fieldset>\n<fieldset>\n<legend>Date</legend>\n<div class=\"row\">\n");
	ed_input(c, f, NF_DATE, "Date", "date", "", NULL);
	ed_input(c, f, NF_TIME, "Time", "time", "step=\"1\"", NULL);
	ed_zone(c, f, NF_ZONE, "Time zone");
	buf_lit(o, "</div>\n<p class=\"help\">The publication date. \"Schedule\" publishes at this "
		   "time in the chosen zone, e.g. 09:00 Europe/Moscow.</p>\n</fieldset>\n"
		   "<fieldset>\n<legend>Language and address</legend>\n<div class=\"row\">\n");
	ed_input(c, f, NF_LANG, "Language", "text",
		 "maxlength=\"35\" autocapitalize=\"none\" spellcheck=\"false\"", "en, ru, en-GB");
	ed_input(c, f, NF_SLUG, "Address (slug)", "text",
		 "maxlength=\"120\" autocapitalize=\"none\" spellcheck=\"false\" pattern=\"[a-z0-9-]+\"",
		 "Left empty, it is made from the title.");
	buf_lit(o, "</div>\n");
	ed_translation(c, f, it);
	buf_lit(o, "</fieldset>\n<fieldset>\n<legend>Source, series and tags</legend>\n<div class=\"row\">\n");
	ed_input(c, f, NF_SOURCE_URL, "Source address", "url", "maxlength=\"2000\"", NULL);
	ed_input(c, f, NF_SOURCE_TITLE, "Source name", "text", "maxlength=\"500\"", NULL);
	buf_lit(o, "</div>\n<div class=\"row\">\n");
	ed_input(c, f, NF_SERIES, "Series", "text", "maxlength=\"200\"",
		 "Parts of one series link to each other.");
	ed_input(c, f, NF_PART, "Part", "number", "min=\"1\" max=\"9999\"", NULL);
	buf_lit(o, "</div>\n");
	ed_input(c, f, NF_TAGS, "Tags", "text", "maxlength=\"3400\"", "Separated by commas.");
	buf_lit(o, "</fieldset>\n<fieldset>\n<legend>Embargo</legend>\n<div class=\"row\">\n");
	ed_input(c, f, NF_EMB_DATE, "Embargo until (date)", "date", "", NULL);
	ed_input(c, f, NF_EMB_TIME, "Time", "time", "step=\"1\"", NULL);
	ed_zone(c, f, NF_EMB_ZONE, "Time zone");
	buf_lit(o, "</div>\n<p class=\"help\">A published item under embargo stays off the public "
		   "site until this time, then appears by itself. Leave the date empty for no "
		   "embargo.</p>\n</fieldset>\n<p class=\"actions\">\n");
	if (!it->id || it->status == STATUS_DRAFT)
		buf_lit(o, "<button type=\"submit\" name=\"action\" value=\"save\" class=\"primary\">"
			   "Save draft</button>\n");
	else
		buf_lit(o, "<button type=\"submit\" name=\"action\" value=\"save\" class=\"primary\">"
			   "Save changes</button>\n");
	buf_lit(o, "<button type=\"submit\" formaction=\"/admin/preview\" formtarget=\"_blank\" "
		   "name=\"action\" value=\"preview\">Preview</button>\n");
	if (editor)
		buf_lit(o, "<button type=\"submit\" name=\"action\" value=\"publish\">Publish now</button>\n"
			   "<button type=\"submit\" name=\"action\" value=\"schedule\">Schedule</button>\n");
	buf_lit(o, "</p>\n</form>\n");
	if (it->id)
		ed_side_actions(c, it);
	nr_end(c);
}

/* ---- actions ---- */

/* Loads item id for a change by this user: 404 / 403 pages, returns -1. */
static int ed_load(struct nr_ctx *c, int64_t id, struct item *it, int need_edit)
{
	enum store_err e = store_item_get(c->s, id, it);
	if (e == STORE_NOTFOUND) {
		nr_fail(c, 404, "No such item", "There is no item with this number.");
		return -1;
	}
	if (e) {
		nr_store_failed(c);
		return -1;
	}
	if (need_edit && !nr_can_edit(c, it)) {
		nr_fail(c, 403, "Not allowed",
			c->sess.role == ROLE_CONTRIBUTOR
				? "Contributors can change only their own drafts. Nothing was changed."
				: "You may not change this item. Nothing was changed.");
		return -1;
	}
	return 0;
}

/* Resolves "translation of": the key shared with the other item (made if it has none). */
static int ed_translation_key(struct nr_ctx *c, struct nr_form *f, struct item *it,
			      int64_t *link_id, char *key, size_t keysz)
{
	*link_id = 0;
	key[0] = '\0';
	if (!f->translation_of)
		return 0;
	struct item other;
	item_init(&other);
	enum store_err e = store_item_get(c->s, f->translation_of, &other);
	int rc = 0;
	if (e == STORE_NOTFOUND || (!e && (other.deleted_at || other.id == it->id))) {
		snprintf(f->err[NF_TRANSLATION], sizeof(f->err[0]), "pick an item from the list");
		f->nerr++;
	} else if (e) {
		rc = -1;
	} else if (!strcmp(other.lang, it->lang)) {
		snprintf(f->err[NF_TRANSLATION], sizeof(f->err[0]),
			 "that item is in the same language (%.40s): a translation is in another one",
			 other.lang);
		f->nerr++;
	} else if (*other.translation_key) {
		snprintf(key, keysz, "%s", other.translation_key);
	} else {
		snprintf(key, keysz, "item-%lld", (long long)other.id);
		*link_id = other.id;
	}
	item_clear(&other);
	return rc;
}

/* The id of an item that shares it's translation key, for the form; 0 if none. */
static int64_t ed_translation_of(struct nr_ctx *c, const struct item *it)
{
	if (!*it->translation_key)
		return 0;
	struct item_query q = {.kind = -1};
	struct item *tr = NULL;
	size_t n = 0;
	int64_t id = 0;
	if (!store_item_translations(c->s, it, &q, &tr, &n))
		for (size_t i = 0; i < n && !id; i++)
			if (!tr[i].deleted_at)
				id = tr[i].id;
	store_items_free(tr, n);
	return id;
}

static void ed_form_of_item(struct nr_ctx *c, const struct item *it, struct nr_form *f)
{
	struct item_zones z;
	ed_zones_of(c, it->id, &z);
	const char *pz = arena_strdup(c->req->arena, z.publish);
	const char *ez = arena_strdup(c->req->arena, z.embargo);
	nr_form_from_item(f, it, pz ? pz : c->cfg.timezone, ez ? ez : c->cfg.timezone,
			  c->req->arena);
	int64_t tid = ed_translation_of(c, it);
	if (tid) {
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)tid);
		const char *s = arena_strdup(c->req->arena, id);
		f->v[NF_TRANSLATION] = s ? s : "";
	}
}

/* Names the fields where the stored item differs from what the user sent. */
static void ed_conflict_text(struct nr_ctx *c, const struct item *cur, const struct item *mine,
			     struct buf *out)
{
	struct nr_revision *revs = NULL;
	size_t n = 0;
	store_nr_revision_list(c->s, cur->id, &revs, &n);
	char when[64];
	ed_when_text(cur->updated, c->cfg.timezone, when, sizeof(when));
	buf_lit(out, "Not saved: ");
	buf_adds(out, n && revs[0].user_name[0] ? revs[0].user_name : "someone else");
	buf_addf(out, " saved this item at %s (revision %lld) after you opened it, and nothing was "
		      "overwritten. Your text is kept below.",
		 when, (long long)cur->revision);
	nr_revisions_free(revs, n);
	static const struct {
		const char *label;
		size_t off;
	} fields[] = {
		{"title", offsetof(struct item, title)},
		{"lead", offsetof(struct item, lead)},
		{"text", offsetof(struct item, body)},
		{"language", offsetof(struct item, lang)},
		{"address", offsetof(struct item, slug)},
		{"source", offsetof(struct item, source_url)},
		{"series", offsetof(struct item, series)},
	};
	int any = 0;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *a = *(char *const *)((const char *)cur + fields[i].off);
		const char *b = *(char *const *)((const char *)mine + fields[i].off);
		if (strcmp(a, b) != 0) {
			buf_adds(out, any ? ", " : " The saved version differs from yours in: ");
			buf_adds(out, fields[i].label);
			any = 1;
		}
	}
	if (cur->kind != mine->kind || cur->published != mine->published) {
		buf_adds(out, any ? ", " : " The saved version differs from yours in: ");
		buf_adds(out, cur->kind != mine->kind ? "kind" : "date");
		any = 1;
	}
	buf_adds(out, any ? "." : "");
	buf_lit(out, " Compare with the current version, then save again: your save will then "
		     "replace it.");
}

static void ed_save(struct nr_ctx *c, int64_t id)
{
	if (!nr_post_ok(c))
		return;
	const char *action = http_field(c->req, "action");
	if (!action || !*action)
		action = "save";
	if (strcmp(action, "save") && strcmp(action, "publish") && strcmp(action, "schedule")) {
		nr_fail(c, 400, "Unknown action", "The form asked for something the editor does not do.");
		return;
	}
	if (strcmp(action, "save") && !nr_role_at_least(c, ROLE_EDITOR)) {
		nr_fail(c, 403, "Not allowed",
			"Only editors publish and schedule. Your draft was not changed; save it and "
			"ask an editor.");
		return;
	}
	struct item cur, it;
	item_init(&cur);
	item_init(&it);
	struct nr_form f;
	nr_form_read(&f, c->req);
	struct buf snap, base, msg;
	buf_init(&snap, 0);
	buf_init(&base, 0);
	buf_init(&msg, 4096);
	struct ed_state st = {.revision = nr_id(http_field(c->req, "revision"))};
	if (id) {
		if (ed_load(c, id, &cur, 1))
			goto out;
		if (cur.deleted_at) {
			nr_fail(c, 409, "In the trash", "This item is in the trash: restore it first.");
			goto out;
		}
		it.id = cur.id;
		it.status = cur.status;
		it.author_id = cur.author_id;
		item_set_s(&it.translation_key, cur.translation_key);
	} else {
		it.status = STATUS_DRAFT;
		it.author_id = c->sess.user_id;
	}
	nr_form_check(&f, c->cfg.language, c->now, &it);
	int64_t link_id = 0;
	char key[128];
	if (ed_translation_key(c, &f, &it, &link_id, key, sizeof(key))) {
		nr_store_failed(c);
		goto out;
	}
	if (f.translation_of)
		item_set_s(&it.translation_key, key);
	else if (!*f.v[NF_TRANSLATION])
		item_set_s(&it.translation_key, "");
	const char *done = id ? "saved" : "created";
	if (!strcmp(action, "publish")) {
		it.status = STATUS_PUBLISHED;
		it.published = c->now;
		done = it.embargo_until > c->now ? "embargoed" : "published";
	} else if (!strcmp(action, "schedule")) {
		if (!f.err[NF_DATE][0] && it.published <= c->now) {
			snprintf(f.err[NF_DATE], sizeof(f.err[0]),
				 "to schedule, pick a time in the future (or use Publish now)");
			f.nerr++;
		}
		it.status = STATUS_PUBLISHED;
		done = it.embargo_until > it.published ? "embargoed" : "scheduled";
	} else if (it.status == STATUS_PUBLISHED && it.embargo_until > c->now) {
		done = "embargoed";
	}
	/* A slug made from the title steps aside for an existing one: title-2, title-3, ... */
	if (!f.nerr && f.slug_auto) {
		char slug[140];
		snprintf(slug, sizeof(slug), "%s", it.slug);
		for (int i = 2, taken = 1; taken && i < 100; i++) {
			if (store_nr_slug_taken(c->s, it.lang, slug, it.id, &taken)) {
				nr_store_failed(c);
				goto out;
			}
			if (taken) {
				char b[140];
				snprintf(b, sizeof(b), "%.110s-%d", it.slug, i);
				snprintf(slug, sizeof(slug), "%s", b);
			}
		}
		item_set_s(&it.slug, slug);
	}
	if (f.nerr) {
		c->rep->status = 422;
		buf_addf(&msg, "Not saved: %d field%s need%s attention; %s marked below.", f.nerr,
			 f.nerr == 1 ? "" : "s", f.nerr == 1 ? "s" : "", f.nerr == 1 ? "it is" : "they are");
		st.problem = buf_str(&msg);
		ed_page(c, id ? &cur : &it, &f, &st);
		goto out;
	}
	nr_snapshot_write(&snap, &it);
	if (id)
		nr_snapshot_write(&base, &cur);
	if (buf_failed(&snap) || buf_failed(&base)) {
		nr_fail(c, 500, "Too large", "The item could not be saved: out of memory.");
		goto out;
	}
	int stale = 0;
	/* What the save sets in it before it can fail: put back when it is rolled back,
	 * or a new item's form would go on as the item that was never stored. */
	const int64_t was_id = it.id, was_revision = it.revision, was_updated = it.updated;
	enum store_err e = store_begin(c->s);
	if (!e)
		e = store_nr_item_save(c->s, &it, st.revision, buf_str(&snap), id ? buf_str(&base) : NULL,
				       c->sess.user_id, c->now, &stale);
	if (!e)
		e = ed_zones_keep(c, &it, &f);
	if (!e && link_id)
		e = store_nr_item_set_translation(c->s, link_id, it.translation_key);
	int moved = id && (strcmp(cur.slug, it.slug) || strcmp(cur.lang, it.lang));
	if (!e && moved && item_is_public(&cur, c->now))
		e = ed_old_address(c, &cur, 1);
	if (!e && moved)
		e = ed_old_address(c, &it, 0);
	if (!e) {
		char detail[200];
		snprintf(detail, sizeof(detail), "revision %lld: %.150s", (long long)it.revision, it.title);
		nr_audit(c, !strcmp(action, "save") ? (id ? "save" : "create") : action, it.id, detail);
		e = store_commit(c->s);
	}
	if (e) {
		store_rollback(c->s);
		it.id = was_id;
		it.revision = was_revision;
		it.updated = was_updated;
		if (e == STORE_CONFLICT && stale) {
			/* Their version stays; the form is now based on it, and says so. */
			item_clear(&cur);
			item_init(&cur);
			if (store_item_get(c->s, id, &cur)) {
				nr_store_failed(c);
				goto out;
			}
			ed_conflict_text(c, &cur, &it, &msg);
			st.problem = buf_str(&msg);
			st.conflict = 1;
			st.revision = cur.revision;
			c->rep->status = 409;
			ed_page(c, &cur, &f, &st);
		} else if (e == STORE_CONFLICT) {
			snprintf(f.err[NF_SLUG], sizeof(f.err[0]),
				 "another item in this language has the address '%.120s': choose another",
				 it.slug);
			f.nerr = 1;
			st.problem = "Not saved: the address is taken; it is marked below.";
			c->rep->status = 422;
			ed_page(c, id ? &cur : &it, &f, &st);
		} else {
			/* The writer's text comes back in the form, whatever went wrong. */
			fprintf(stderr, "pressroom: newsroom: %s\n", store_errmsg(c->s));
			st.problem =
				e == STORE_BUSY
					? "Not saved: another program is writing to the site's database "
					  "(an import?). Your text is below: press Save again in a moment."
				: e == STORE_FULL
					? "Not saved: the server's disk is full. Your text is below: "
					  "copy it somewhere safe and tell the administrator."
					: "Not saved: the database could not store it just now. Your "
					  "text is below: try again.";
			c->rep->status = e == STORE_BUSY ? 503 : 500;
			if (e == STORE_BUSY)
				http_reply_header(c->rep, "Retry-After", "5");
			ed_page(c, id ? &cur : &it, &f, &st);
		}
		goto out;
	}
	char loc[96];
	snprintf(loc, sizeof(loc), "/admin/items/%lld?done=%s", (long long)it.id, done);
	nr_redirect(c, loc);
out:
	buf_release(&snap);
	buf_release(&base);
	buf_release(&msg);
	item_clear(&cur);
	item_clear(&it);
}

/* unpublish, trash, restore, purge: one POST each, no content. */
static void ed_state_change(struct nr_ctx *c, int64_t id, const char *what)
{
	if (!nr_post_ok(c))
		return;
	struct item it;
	item_init(&it);
	int restore = !strcmp(what, "restore"), purge = !strcmp(what, "purge");
	if (ed_load(c, id, &it, 0))
		goto out;
	int allowed;
	if (!strcmp(what, "unpublish") || restore)
		allowed = nr_role_at_least(c, ROLE_EDITOR) ||
			  (restore && it.author_id == c->sess.user_id && it.status == STATUS_DRAFT);
	else if (purge)
		allowed = nr_role_at_least(c, ROLE_ADMIN);
	else
		allowed = nr_can_edit(c, &it);
	if (!allowed) {
		nr_fail(c, 403, "Not allowed", "Your role does not allow this. Nothing was changed.");
		goto out;
	}
	enum store_err e = store_begin(c->s);
	const char *done = "saved";
	if (!e) {
		if (!strcmp(what, "unpublish")) {
			e = store_nr_item_unpublish(c->s, id, c->now);
			done = "unpublished";
		} else if (!strcmp(what, "trash")) {
			e = store_nr_item_trash(c->s, id, c->now, 1);
			done = "trashed";
		} else if (restore) {
			e = store_nr_item_trash(c->s, id, c->now, 0);
			done = "restored";
		} else {
			e = store_item_delete(c->s, id);
			done = "purged";
		}
	}
	if (!e)
		nr_audit(c, what, purge ? 0 : id, it.title);
	if (!nr_commit(c, e))
		goto out;
	char loc[96];
	if (!strcmp(what, "trash") || purge)
		snprintf(loc, sizeof(loc), "/admin/trash?done=%s", done);
	else
		snprintf(loc, sizeof(loc), "/admin/items/%lld?done=%s", (long long)id, done);
	nr_redirect(c, loc);
out:
	item_clear(&it);
}

/* The banner of a preview of a stored item. */
static void ed_banner(struct nr_ctx *c, const struct item *it, const struct item_zones *z,
		      char *out, size_t n)
{
	char when[64];
	if (it->embargo_until > c->now) {
		ed_when_text(it->embargo_until, z->embargo, when, sizeof(when));
		snprintf(out, n, "EMBARGOED until %s \xE2\x80\x94 not for publication before then", when);
	} else if (it->status == STATUS_DRAFT) {
		snprintf(out, n, "PREVIEW \xE2\x80\x94 a draft, not published");
	} else if (it->published > c->now) {
		ed_when_text(it->published, z->publish, when, sizeof(when));
		snprintf(out, n, "PREVIEW \xE2\x80\x94 scheduled for %s", when);
	} else {
		snprintf(out, n, "PREVIEW \xE2\x80\x94 as published");
	}
}

void nr_preview_form(struct nr_ctx *c)
{
	if (!nr_post_ok(c))
		return;
	struct nr_form f;
	nr_form_read(&f, c->req);
	struct item it;
	item_init(&it);
	it.status = STATUS_DRAFT;
	nr_form_check(&f, c->cfg.language, c->now, &it);
	if (!*it.title)
		item_set_s(&it.title, "(no title yet)");
	if (!*it.lang)
		item_set_s(&it.lang, c->cfg.language);
	char banner[160];
	if (it.embargo_until > c->now) {
		struct item_zones z;
		ed_zones_of_form(c, &f, &z);
		ed_banner(c, &it, &z, banner, sizeof(banner));
	} else {
		snprintf(banner, sizeof(banner), "PREVIEW \xE2\x80\x94 not saved, not published");
	}
	nr_render_public(c, &it, banner);
	item_clear(&it);
}

void nr_edit(struct nr_ctx *c, const char *rest)
{
	int get = !strcmp(c->req->method, "GET") || !strcmp(c->req->method, "HEAD");
	if (!strcmp(rest, "new")) {
		if (!get) {
			ed_save(c, 0);
			return;
		}
		struct item it;
		item_init(&it);
		it.status = STATUS_DRAFT;
		item_set_s(&it.lang, c->cfg.language);
		it.published = c->now;
		struct nr_form f;
		nr_form_from_item(&f, &it, c->cfg.timezone, c->cfg.timezone, c->req->arena);
		f.v[NF_KIND] = item_kind_slug(KIND_PRESS_RELEASE);
		struct ed_state st = {0};
		ed_page(c, &it, &f, &st);
		item_clear(&it);
		return;
	}
	char num[24];
	size_t len = strcspn(rest, "/");
	if (len >= sizeof(num)) {
		nr_fail(c, 404, "Page not found", "There is no newsroom page at this address.");
		return;
	}
	memcpy(num, rest, len);
	num[len] = '\0';
	int64_t id = nr_id(num);
	const char *sub = rest + len;
	if (!id) {
		nr_fail(c, 404, "Page not found", "There is no newsroom page at this address.");
		return;
	}
	if (!*sub) {
		if (!get) {
			ed_save(c, id);
			return;
		}
		struct item it;
		item_init(&it);
		if (!ed_load(c, id, &it, 1)) {
			if (it.deleted_at) {
				nr_fail(c, 409, "In the trash",
					"This item is in the trash: restore it from the trash to edit it.");
			} else {
				struct nr_form f;
				ed_form_of_item(c, &it, &f);
				struct ed_state st = {.revision = it.revision};
				ed_page(c, &it, &f, &st);
			}
		}
		item_clear(&it);
		return;
	}
	if (!strcmp(sub, "/unpublish") || !strcmp(sub, "/trash") || !strcmp(sub, "/restore") ||
	    !strcmp(sub, "/purge")) {
		ed_state_change(c, id, sub + 1);
		return;
	}
	struct item it;
	item_init(&it);
	if (!strcmp(sub, "/preview")) {
		if (!ed_load(c, id, &it, 1)) {
			char banner[160];
			struct item_zones z;
			ed_zones_of(c, it.id, &z);
			ed_banner(c, &it, &z, banner, sizeof(banner));
			nr_render_public(c, &it, banner);
		}
	} else if (!strncmp(sub, "/revisions", 10) || !strcmp(sub, "/diff")) {
		if (!ed_load(c, id, &it, 1))
			nr_revisions(c, &it, sub);
	} else if (!strcmp(sub, "/aliases") || !strcmp(sub, "/aliases/remove")) {
		if (!nr_role_at_least(c, ROLE_EDITOR))
			nr_fail(c, 403, "Not allowed", "Only editors add and remove old addresses.");
		else if (!ed_load(c, id, &it, 1))
			nr_aliases(c, &it, sub);
	} else if (!strcmp(sub, "/links") || !strcmp(sub, "/links/revoke")) {
		if (!nr_role_at_least(c, ROLE_EDITOR))
			nr_fail(c, 403, "Not allowed", "Only editors make and revoke preview links.");
		else if (!ed_load(c, id, &it, 1))
			nr_preview_links(c, &it, sub);
	} else {
		nr_fail(c, 404, "Page not found", "There is no newsroom page at this address.");
	}
	item_clear(&it);
}
