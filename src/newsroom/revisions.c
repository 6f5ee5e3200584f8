/* Revisions of an item: the list, what changed between two, and restoring one. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/tz.h"
#include "diff.h"
#include "nr.h"
#include "snapshot.h"

#define REV_CONTEXT 3   /* unchanged lines shown around a change */

static void rev_list(struct nr_ctx *c, const struct item *it)
{
	struct nr_revision *revs = NULL;
	size_t n = 0;
	if (store_nr_revision_list(c->s, it->id, &revs, &n)) {
		nr_store_failed(c);
		return;
	}
	struct buf *o = c->o;
	struct buf title;
	buf_init(&title, 1024);
	buf_lit(&title, "Revisions: ");
	buf_adds(&title, it->title);
	nr_begin(c, buf_str(&title));
	buf_release(&title);
	nr_flash(c);
	buf_addf(o, "<p><a href=\"/admin/items/%lld\">Back to the editor</a></p>\n", (long long)it->id);
	if (!n) {
		buf_lit(o, "<p>No revisions yet: every save in the newsroom keeps one.</p>\n");
		nr_end(c);
		return;
	}
	buf_addf(o, "<form method=\"get\" action=\"/admin/items/%lld/diff\">\n"
		    "<div class=\"table-wrap\">\n<table class=\"nr-revisions\">\n<caption>Pick two "
		    "revisions to see what changed between them.</caption>\n<thead>\n<tr>"
		    "<th scope=\"col\">Revision</th><th scope=\"col\">Saved</th><th scope=\"col\">By</th>"
		    "<th scope=\"col\">From</th><th scope=\"col\">To</th></tr>\n</thead>\n<tbody>\n",
		 (long long)it->id);
	for (size_t i = 0; i < n; i++) {
		long long num = (long long)revs[i].number;
		buf_addf(o, "<tr>\n<td>%lld%s</td>\n<td>", num,
			 revs[i].number == it->revision ? " (current)" : "");
		nr_when(c, revs[i].created);
		buf_lit(o, "</td>\n<td>");
		esc_html_s(o, revs[i].user_name[0] ? revs[i].user_name : "(before the newsroom)");
		buf_addf(o, "</td>\n<td><input type=\"radio\" name=\"a\" value=\"%lld\" "
			    "aria-label=\"Compare from revision %lld\"%s></td>\n"
			    "<td><input type=\"radio\" name=\"b\" value=\"%lld\" "
			    "aria-label=\"Compare to revision %lld\"%s></td>\n</tr>\n",
			 num, num, i == (n > 1 ? 1 : 0) ? " checked" : "", num, num,
			 i == 0 ? " checked" : "");
	}
	buf_lit(o, "</tbody>\n</table>\n</div>\n<p class=\"actions\"><button type=\"submit\" "
		   "class=\"primary\">Show changes</button></p>\n</form>\n");
	buf_lit(o, "<h2>Restore a revision</h2>\n<p class=\"help\">Restoring brings back the "
		   "text and fields of that revision as a new revision; the status and the "
		   "publication time stay as they are now.</p>\n<ul class=\"nr-restore\">\n");
	for (size_t i = 0; i < n; i++) {
		if (revs[i].number == it->revision)
			continue;
		long long num = (long long)revs[i].number;
		buf_addf(o, "<li><form method=\"post\" action=\"/admin/items/%lld/revisions/%lld/restore\">\n",
			 (long long)it->id, num);
		nr_csrf(c);
		buf_addf(o, "<input type=\"hidden\" name=\"revision\" value=\"%lld\">\n"
			    "<button type=\"submit\">Restore revision %lld</button>\n</form></li>\n",
			 (long long)it->revision, num);
	}
	buf_lit(o, "</ul>\n");
	nr_end(c);
	nr_revisions_free(revs, n);
}

/* One field's diff as a list of lines, with long unchanged runs cut. */
static void rev_field(struct nr_ctx *c, const char *label, const char *a, const char *b)
{
	struct buf *o = c->o;
	struct diff_line *d = NULL;
	size_t n = 0;
	buf_lit(o, "<section class=\"diff-field\">\n<h3>");
	esc_html_s(o, label);
	buf_lit(o, "</h3>\n");
	if (nr_diff_lines(a, b, &d, &n)) {
		buf_lit(o, "<p>Too large to compare.</p>\n</section>\n");
		return;
	}
	if (!nr_diff_changed(d, n)) {
		buf_lit(o, "<p class=\"unchanged\">Unchanged.</p>\n</section>\n");
		free(d);
		return;
	}
	buf_lit(o, "<ol class=\"diff\">\n");
	for (size_t i = 0; i < n; i++) {
		if (d[i].op == DIFF_SAME) {
			/* Is a change within REV_CONTEXT lines before or after? */
			int near = 0;
			for (size_t j = i > REV_CONTEXT ? i - REV_CONTEXT : 0; j < n && j <= i + REV_CONTEXT; j++)
				if (d[j].op != DIFF_SAME)
					near = 1;
			if (!near) {
				size_t run = i;
				while (run < n && d[run].op == DIFF_SAME) {
					int close = 0;
					for (size_t j = run; j < n && j <= run + REV_CONTEXT; j++)
						if (d[j].op != DIFF_SAME)
							close = 1;
					if (close)
						break;
					run++;
				}
				buf_addf(o, "<li class=\"gap\">\xE2\x80\xA6 %zu unchanged line%s \xE2\x80\xA6</li>\n",
					 run - i, run - i == 1 ? "" : "s");
				i = run - 1;
				continue;
			}
			buf_lit(o, "<li class=\"same\"><span class=\"sign\" aria-hidden=\"true\"> </span>");
			esc_html(o, d[i].s, d[i].n);
			buf_lit(o, "</li>\n");
		} else if (d[i].op == DIFF_DEL) {
			buf_lit(o, "<li class=\"del\"><span class=\"sign\" aria-hidden=\"true\">\xE2\x88\x92</span><del>");
			esc_html(o, d[i].s, d[i].n);
			buf_lit(o, "</del></li>\n");
		} else {
			buf_lit(o, "<li class=\"add\"><span class=\"sign\" aria-hidden=\"true\">+</span><ins>");
			esc_html(o, d[i].s, d[i].n);
			buf_lit(o, "</ins></li>\n");
		}
	}
	buf_lit(o, "</ol>\n</section>\n");
	free(d);
}

static void rev_tags(const struct item *it, struct buf *b)
{
	for (size_t i = 0; i < it->ntags; i++) {
		buf_adds(b, it->tags[i]);
		buf_addc(b, '\n');
	}
}

static void rev_diff(struct nr_ctx *c, const struct item *it)
{
	int64_t a = nr_id(http_query(c->req, "a")), b = nr_id(http_query(c->req, "b"));
	struct nr_revision ra, rb;
	memset(&ra, 0, sizeof(ra));
	memset(&rb, 0, sizeof(rb));
	enum store_err e = a && b ? store_nr_revision_get(c->s, it->id, a, &ra) : STORE_NOTFOUND;
	if (!e)
		e = store_nr_revision_get(c->s, it->id, b, &rb);
	if (e == STORE_NOTFOUND) {
		nr_fail(c, 404, "No such revision", "Pick two revisions from the list of revisions.");
		goto out;
	}
	if (e) {
		nr_store_failed(c);
		goto out;
	}
	struct item ia, ib;
	item_init(&ia);
	item_init(&ib);
	if (nr_snapshot_read(ra.data, &ia) || nr_snapshot_read(rb.data, &ib)) {
		item_clear(&ia);
		item_clear(&ib);
		nr_fail(c, 500, "Unreadable revision", "A revision's record could not be read.");
		goto out;
	}
	struct buf title;
	buf_init(&title, 256);
	buf_addf(&title, "Changes from revision %lld to %lld", (long long)a, (long long)b);
	nr_begin(c, buf_str(&title));
	buf_release(&title);
	struct buf *o = c->o;
	buf_addf(o, "<p><a href=\"/admin/items/%lld/revisions\">All revisions</a> \xC2\xB7 "
		    "<a href=\"/admin/items/%lld\">Back to the editor</a></p>\n<p>Revision %lld: ",
		 (long long)it->id, (long long)it->id, (long long)a);
	nr_when(c, ra.created);
	buf_lit(o, ", ");
	esc_html_s(o, ra.user_name[0] ? ra.user_name : "(before the newsroom)");
	buf_addf(o, ". Revision %lld: ", (long long)b);
	nr_when(c, rb.created);
	buf_lit(o, ", ");
	esc_html_s(o, rb.user_name[0] ? rb.user_name : "(before the newsroom)");
	buf_lit(o, ".</p>\n<p class=\"help\">Lines marked \xE2\x88\x92 were removed, lines "
		   "marked + were added.</p>\n");
	static const struct {
		const char *label;
		size_t off;
	} text[] = {
		{"Title", offsetof(struct item, title)},
		{"Lead", offsetof(struct item, lead)},
		{"Text", offsetof(struct item, body)},
		{"Language", offsetof(struct item, lang)},
		{"Address (slug)", offsetof(struct item, slug)},
		{"Source address", offsetof(struct item, source_url)},
		{"Source name", offsetof(struct item, source_title)},
		{"Series", offsetof(struct item, series)},
		{"Translation key", offsetof(struct item, translation_key)},
	};
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		rev_field(c, text[i].label, *(char *const *)((const char *)&ia + text[i].off),
			  *(char *const *)((const char *)&ib + text[i].off));
	/* The other fields as one line each, so they diff the same way. */
	struct buf fa, fb;
	buf_init(&fa, 0);
	buf_init(&fb, 0);
	const struct item *pair[2] = {&ia, &ib};
	struct buf *out[2] = {&fa, &fb};
	for (int k = 0; k < 2; k++) {
		const struct item *x = pair[k];
		char when[64];
		struct civil cv;
		tz_civil(c->cfg.timezone, x->published, &cv);
		snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d:%02d %s", cv.year, cv.month,
			 cv.day, cv.hour, cv.min, cv.sec, cv.abbr);
		buf_addf(out[k], "kind: %s\nstatus: %s\ndate: %s\npart: %d\n", item_kind_slug(x->kind),
			 x->status == STATUS_PUBLISHED ? "published" : "draft", when, x->part);
		if (x->embargo_until) {
			tz_civil(c->cfg.timezone, x->embargo_until, &cv);
			buf_addf(out[k], "embargo until: %04d-%02d-%02d %02d:%02d:%02d %s\n", cv.year,
				 cv.month, cv.day, cv.hour, cv.min, cv.sec, cv.abbr);
		} else {
			buf_lit(out[k], "embargo until: none\n");
		}
	}
	rev_field(c, "Kind, status, date, part, embargo", buf_str(&fa), buf_str(&fb));
	buf_reset(&fa);
	buf_reset(&fb);
	rev_tags(&ia, &fa);
	rev_tags(&ib, &fb);
	rev_field(c, "Tags", buf_str(&fa), buf_str(&fb));
	buf_release(&fa);
	buf_release(&fb);
	nr_end(c);
	item_clear(&ia);
	item_clear(&ib);
out:
	nr_revision_clear(&ra);
	nr_revision_clear(&rb);
}

/* Restores the content of revision num as a new revision (status and dates stay). */
static void rev_restore(struct nr_ctx *c, const struct item *it, int64_t num)
{
	if (!nr_post_ok(c))
		return;
	struct nr_revision r;
	enum store_err e = store_nr_revision_get(c->s, it->id, num, &r);
	if (e == STORE_NOTFOUND) {
		nr_fail(c, 404, "No such revision", "That revision does not exist.");
		return;
	}
	if (e) {
		nr_store_failed(c);
		return;
	}
	struct item old, next;
	item_init(&old);
	item_init(&next);
	struct buf snap, base;
	buf_init(&snap, 0);
	buf_init(&base, 0);
	if (nr_snapshot_read(r.data, &old)) {
		nr_fail(c, 500, "Unreadable revision", "That revision's record could not be read.");
		goto out;
	}
	/* The current item, with the revision's content. */
	item_clear(&next);
	next = old;
	next.id = it->id;
	next.status = it->status;
	next.published = it->published;
	next.embargo_until = it->embargo_until;
	next.author_id = it->author_id;
	next.deleted_at = it->deleted_at;
	item_init(&old);   /* next owns the strings now */
	nr_snapshot_write(&snap, &next);
	nr_snapshot_write(&base, it);
	int stale = 0;
	int64_t based = nr_id(http_field(c->req, "revision"));
	e = store_begin(c->s);
	if (!e)
		e = store_nr_item_save(c->s, &next, based ? based : it->revision, buf_str(&snap),
				       buf_str(&base), c->sess.user_id, c->now, &stale);
	if (!e) {
		char detail[120];
		snprintf(detail, sizeof(detail), "revision %lld restored as revision %lld",
			 (long long)num, (long long)next.revision);
		nr_audit(c, "restore-revision", it->id, detail);
		e = store_commit(c->s);
	}
	if (e) {
		store_rollback(c->s);
		if (e == STORE_CONFLICT && stale)
			nr_fail(c, 409, "Not restored",
				"Someone saved this item after you opened its revisions; nothing was "
				"changed. Look at the revisions again and choose.");
		else if (e == STORE_CONFLICT)
			nr_fail(c, 409, "Not restored",
				"Another item now has that revision's address (slug); nothing was changed.");
		else
			nr_store_failed(c);
		goto out;
	}
	char loc[96];
	snprintf(loc, sizeof(loc), "/admin/items/%lld?done=reverted", (long long)it->id);
	nr_redirect(c, loc);
out:
	buf_release(&snap);
	buf_release(&base);
	item_clear(&old);
	item_clear(&next);
	nr_revision_clear(&r);
}

void nr_revisions(struct nr_ctx *c, struct item *it, const char *rest)
{
	if (!strcmp(rest, "/revisions")) {
		rev_list(c, it);
		return;
	}
	if (!strcmp(rest, "/diff")) {
		rev_diff(c, it);
		return;
	}
	/* /revisions/<n>/restore */
	const char *p = rest + 10;
	if (*p == '/') {
		char num[24];
		size_t len = strcspn(p + 1, "/");
		if (len < sizeof(num) && !strcmp(p + 1 + len, "/restore")) {
			memcpy(num, p + 1, len);
			num[len] = '\0';
			int64_t n = nr_id(num);
			if (n) {
				rev_restore(c, it, n);
				return;
			}
		}
	}
	nr_fail(c, 404, "Page not found", "There is no newsroom page at this address.");
}
