/*
 * Every item as Markdown with YAML front matter, DIR/<lang>/<slug>.md, in the
 * form src/cli/frontmatter.c reads back (docs/internals/export.md), and the media
 * library's files as DIR/media/<name> with DIR/media.yaml saying each one's uploaded
 * name and time, which src/import/mdtree.c takes back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/tz.h"
#include "../site/config.h"
#include "../site/urls.h"
#include "../store/store_feeds.h"
#include "../store/store_newsroom.h"
#include "export.h"

#define EXPORT_CHUNK 256

/* "2017-11-30T10:00:00+03:00": the wall clock in the site's zone with its offset.
 * -1, writing nothing, for a time no reader takes back (outside the years 1-9999). */
static int export_date(struct buf *o, const char *zone, int64_t t)
{
	struct civil c;
	if (tz_civil(zone, t, &c)) {
		if (tz_civil("UTC", t, &c))
			return -1;
		c.offset = 0;
	}
	if (c.year < 1 || c.year > 9999)
		return -1;
	int off = c.offset < 0 ? -c.offset : c.offset;
	buf_addf(o, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month, c.day, c.hour,
		 c.min, c.sec, c.offset < 0 ? '-' : '+', off / 3600, off / 60 % 60);
	/* An offset with seconds (historic zones) cannot be written: use UTC then. */
	if (off % 60) {
		struct civil u;
		tz_civil("UTC", t, &u);
		buf_truncate(o, o->len - 25);
		buf_addf(o, "%04d-%02d-%02dT%02d:%02d:%02dZ", u.year, u.month, u.day, u.hour, u.min,
			 u.sec);
	}
	return 0;
}

static void export_key(struct buf *o, const char *key, const char *value)
{
	if (!*value)
		return;
	buf_adds(o, key);
	buf_lit(o, ": ");
	export_yaml_str(o, value);
	buf_addc(o, '\n');
}

/* The folder being written: its manifest, and the names written. */
struct export_md {
	int dirfd;
	const char *dir;
	const volatile sig_atomic_t *cancel;
	struct export_manifest man;
	struct buf written;    /* names relative to dir, each NUL-ended */
	/* Each file changed, put in place only once all are written: a failed or
	 * stopped export leaves the folder as it was (export_stage_at). */
	struct buf staged;
};

/* Notes name in the manifest (before its file is written): 0 or -1. */
static int export_md_note(struct export_md *x, const char *name, struct buf *err)
{
	export_manifest_add(&x->man, name);
	return export_manifest_flush(&x->man, err);
}

/* Writes data as DIR/name, noted in the manifest already. */
static int export_md_put(struct export_md *x, const char *name, const void *data, size_t n,
			 struct buf *err)
{
	if (x->cancel && *x->cancel) {
		buf_lit(err, "interrupted");
		return -1;
	}
	if (export_stage_at(x->dirfd, x->dir, name, data, n, &x->staged, err))
		return -1;
	buf_adds(&x->written, name);
	buf_addc(&x->written, '\0');
	return 0;
}

/* Writes doc as DIR/name. */
static int export_md_doc(struct export_md *x, const char *name, const struct buf *doc,
			 struct buf *err)
{
	if (buf_failed(doc)) {
		buf_addf(err, "%s/%s: out of memory", x->dir, name);
		return -1;
	}
	if (export_md_note(x, name, err))
		return -1;
	return export_md_put(x, name, doc->data, doc->len, err);
}

/* DIR/site.yaml: the settings the site has set (pressroom config), which import
 * takes back where the site it goes to has none. */
static int export_settings(struct store *s, struct export_md *x, struct buf *doc,
			   struct export_markdown_result *res, struct buf *err)
{
	buf_reset(doc);
	buf_lit(doc, "# The site's settings (pressroom config). pressroom import takes them back\n"
		     "# where the site it imports into has none of its own.\n");
	for (const struct config_key *k = config_keys; k->name; k++) {
		char *v = NULL;
		enum store_err e = store_setting_get(s, k->name, &v);
		if (e == STORE_OK && v && *v) {
			export_key(doc, k->name, v);
			res->settings++;
		}
		free(v);
		if (e != STORE_OK && e != STORE_NOTFOUND) {
			buf_adds(err, store_errmsg(s));
			return -1;
		}
	}
	return export_md_doc(x, "site.yaml", doc, err);
}

struct export_md_feed {
	struct buf *doc;
	size_t n;
};

/* store_feed_entries_each's callback: one entry of feeds.yaml. */
static int export_feed_entry(void *ctx, const char *key, const char *lang, const char *slug,
			     const char *updated)
{
	struct export_md_feed *x = ctx;
	if (!x->n++)
		buf_lit(x->doc, "  entries:\n");
	buf_lit(x->doc, "    - key: ");
	export_yaml_str(x->doc, key);
	buf_lit(x->doc, "\n      item: ");
	if (*lang) {
		buf_addc(x->doc, '"');
		buf_adds(x->doc, lang); /* a language tag and a slug: nothing to escape */
		buf_addc(x->doc, '/');
		buf_adds(x->doc, slug);
		buf_addc(x->doc, '"');
	} else {
		buf_lit(x->doc, "\"\"");
	}
	buf_lit(x->doc, "\n      seen: ");
	export_yaml_str(x->doc, updated);
	buf_addc(x->doc, '\n');
	return buf_failed(x->doc);
}

/*
 * DIR/feeds.yaml, when the site follows feeds: each with its options and the entries
 * it has brought (their items by language and slug; "" for one deleted on purpose),
 * so that import follows them again and none of those entries comes back as a new
 * item (import.h: import_feeds_read).
 */
static int export_feeds(struct store *s, struct export_md *x, struct buf *doc,
			struct export_markdown_result *res, struct buf *err)
{
	struct feed_row *feeds = NULL;
	size_t n = 0;
	if (store_feed_list(s, &feeds, &n)) {
		buf_adds(err, store_errmsg(s));
		return -1;
	}
	buf_reset(doc);
	buf_lit(doc, "# The feeds the site follows (pressroom syndicate list) and the entries each has\n"
		     "# brought, with their items (\"\": deleted on purpose) and fingerprints. pressroom\n"
		     "# import follows them again, and none of these entries comes back as a new item.\n");
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct feed_row *f = &feeds[i];
		buf_lit(doc, "- url: ");
		export_yaml_str(doc, f->url);
		buf_addf(doc,
			 "\n  publish: %s\n  allow_private: %s\n  fetch_media: %s\n  interval: %lld\n",
			 f->publish ? "true" : "false", f->allow_private ? "true" : "false",
			 f->fetch_media ? "true" : "false", (long long)f->interval);
		if (*f->lang)
			buf_addf(doc, "  lang: %s\n", f->lang);
		struct export_md_feed fx = {.doc = doc};
		if (store_feed_entries_each(s, f->id, export_feed_entry, &fx)) {
			buf_adds(err, buf_failed(doc) ? "feeds.yaml: out of memory" : store_errmsg(s));
			rc = -1;
		}
		res->feed_entries += fx.n;
	}
	res->feeds = n;
	free(feeds);
	if (rc || !n)
		return rc;
	return export_md_doc(x, "feeds.yaml", doc, err);
}

/* One item's file content; -1 if one of its times cannot be written. same_time: 0,
 * or its place (2, 3, ...) among the items before it of the same date to the second. */
static int export_item_md(struct buf *o, const struct item *it, const char *zone, int same_time,
			  const struct store_alias *aliases, size_t naliases,
			  const struct item_zones *zones)
{
	buf_lit(o, "---\n");
	export_key(o, "title", it->title);
	buf_lit(o, "date: ");
	if (export_date(o, zone, it->published))
		return -1;
	buf_addc(o, '\n');
	if (same_time)
		buf_addf(o, "same_time_order: %d\n", same_time);
	/* Hugo's name for it: feeds and the sitemap keep it after an import. */
	buf_lit(o, "lastmod: ");
	if (export_date(o, zone, it->updated))
		return -1;
	buf_addc(o, '\n');
	export_key(o, "kind", item_kind_slug(it->kind));
	export_key(o, "lang", it->lang);
	export_key(o, "slug", it->slug);
	export_key(o, "lead", it->lead);
	export_key(o, "source", it->source_url);
	export_key(o, "source_title", it->source_title);
	export_key(o, "series", it->series);
	if (it->part)
		buf_addf(o, "part: %d\n", it->part);
	if (it->ntags) {
		buf_lit(o, "tags: [");
		for (size_t i = 0; i < it->ntags; i++) {
			if (i)
				buf_lit(o, ", ");
			export_yaml_str(o, it->tags[i]);
		}
		buf_lit(o, "]\n");
	}
	export_key(o, "translationKey", it->translation_key);
	/* Hugo's name for a page's old addresses; the import keeps them (redirects). */
	if (naliases) {
		buf_lit(o, "aliases:\n");
		struct buf enc;
		buf_init(&enc, 4 * URL_ALIAS_MAX + 16);
		for (size_t i = 0; i < naliases; i++) {
			/* As the import reads it back (url_alias_path decodes). */
			buf_reset(&enc);
			url_alias_typed(&enc, aliases[i].path);
			buf_lit(o, "  - ");
			export_yaml_str(o, buf_str(&enc));
			buf_addc(o, '\n');
		}
		buf_release(&enc);
	}
	if (it->embargo_until) {
		/* Read back by the front matter: an imported copy stays under embargo. */
		buf_lit(o, "embargo_until: ");
		if (export_date(o, zone, it->embargo_until))
			return -1;
		buf_addc(o, '\n');
	}
	/* The zones its times were typed in, in the newsroom (item_zones). */
	export_key(o, "zone", zones->publish);
	if (it->embargo_until)
		export_key(o, "embargo_zone", zones->embargo);
	buf_adds(o, it->status == STATUS_DRAFT ? "draft: true\n" : "draft: false\n");
	buf_lit(o, "---\n");
	/* Exactly the stored body: the reader keeps what follows the closing line. */
	buf_adds(o, it->body);
	return 0;
}

struct export_md_media {
	struct export_md *x;
	struct buf *err;
	struct export_markdown_result *res;
	struct buf *doc;       /* media.yaml so far */
	const char *zone;
};

/* export_media_each's callback: DIR/media/<name>, and its entry of media.yaml. The
 * file's own name is its content's, so the name it was uploaded as and when are
 * kept beside it or an import would lose them. */
static int export_md_media(void *ctx, const struct nr_media *m)
{
	struct export_md_media *mx = ctx;
	char name[sizeof(m->name) + 8];
	snprintf(name, sizeof(name), "media/%s", m->name);
	if (export_md_note(mx->x, name, mx->err) ||
	    export_md_put(mx->x, name, m->data, (size_t)m->size, mx->err))
		return -1;
	/* Every key even when empty: an empty original name comes back empty, not as
	 * the file's name. A time no reader takes (a damaged row) is left out: the
	 * import dates the file then. */
	buf_lit(mx->doc, "- name: ");
	export_yaml_str(mx->doc, m->name);
	buf_lit(mx->doc, "\n  original_name: ");
	export_yaml_str(mx->doc, m->original_name);
	size_t at = mx->doc->len;
	buf_lit(mx->doc, "\n  uploaded: \"");
	if (export_date(mx->doc, mx->zone, m->created))
		buf_truncate(mx->doc, at);
	else
		buf_addc(mx->doc, '"');
	buf_addc(mx->doc, '\n');
	mx->res->media++;
	return 0;
}

/* DIR/media/<name> for each file of the media library, then DIR/media.yaml when
 * there is one (import.h: import_media_meta_read). */
static int export_media(struct store *s, struct export_md *x, struct buf *doc, const char *zone,
			struct export_markdown_result *res, struct buf *err)
{
	buf_reset(doc);
	buf_lit(doc, "# The media library: each file's name as it was uploaded and when. pressroom "
		     "import takes them back.\n");
	struct export_md_media mx = {.x = x, .err = err, .res = res, .doc = doc, .zone = zone};
	if (export_media_each(s, export_md_media, &mx, err))
		return -1;
	return res->media ? export_md_doc(x, "media.yaml", doc, err) : 0;
}

/* export_markdown into dir, which is there. */
static int export_markdown_into(struct store *s, const char *dir, const volatile sig_atomic_t *cancel,
				int replace, struct export_markdown_result *res, struct buf *err)
{
	struct export_md x = {.dir = dir, .cancel = cancel};
	x.dirfd = export_open_dir(dir, err);
	if (x.dirfd < 0)
		return -1;
	buf_init(&x.written, 0);
	/* One read transaction: items and files as they were at one moment. */
	int64_t version;
	if (store_snapshot_begin(s, &version)) {
		buf_adds(err, store_errmsg(s));
		buf_release(&x.written);
		close(x.dirfd);
		return -1;
	}
	struct config cfg;
	if (config_load(s, &cfg)) {
		buf_adds(err, store_errmsg(s));
		store_snapshot_end(s);
		buf_release(&x.written);
		close(x.dirfd);
		return -1;
	}
	struct buf doc, path;
	buf_init(&doc, 0);
	buf_init(&path, 8192);
	buf_init(&x.staged, 0);
	int rc = export_manifest_begin(&x.man, x.dirfd, dir, "markdown", err);
	const int begun = !rc;
	/* Oldest first, a chunk at a time: memory stays small whatever the site's size.
	 * Each chunk's names go to the manifest before its files are written. */
	struct item_query q = {.kind = -1, .oldest_first = 1, .limit = EXPORT_CHUNK};
	struct store_alias *aliases = NULL;
	size_t naliases = 0;
	if (!rc && store_alias_list(s, 0, &aliases, &naliases)) {
		buf_adds(err, store_errmsg(s));
		rc = -1;
	}
	int64_t last = INT64_MIN;
	int same = 0;
	for (; !rc; q.offset += EXPORT_CHUNK) {
		struct item *items;
		size_t n;
		if (store_item_list(s, &q, &items, &n)) {
			buf_adds(err, store_errmsg(s));
			rc = -1;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			buf_reset(&path);
			buf_addf(&path, "%s/%s.md", items[i].lang, items[i].slug);
			if (!items[i].deleted_at)
				export_manifest_add(&x.man, buf_str(&path));
		}
		if (buf_failed(&path)) {
			buf_lit(err, "out of memory");
			rc = -1;
		} else {
			rc = export_manifest_flush(&x.man, err);
		}
		for (size_t i = 0; i < n && !rc; i++) {
			const struct item *it = &items[i];
			if (it->deleted_at) {
				res->trashed++;
				continue;
			}
			buf_reset(&doc);
			buf_reset(&path);
			/* Listed newest first and, within one second, last made first: the
			 * order comes back with the import (fm_defaults.order). */
			same = it->published == last && same < 999999 ? same + 1 : 1;
			last = it->published;
			size_t nal;
			const struct store_alias *al = store_aliases_of(aliases, naliases, it->id, &nal);
			struct item_zones zones;
			if (store_nr_zones_get(s, it->id, &zones)) {
				buf_adds(err, store_errmsg(s));
				rc = -1;
				break;
			}
			if (export_item_md(&doc, it, cfg.timezone, same > 1 ? same : 0, al, nal, &zones)) {
				buf_addf(err, "%s/%s/%s.md: its date or embargo time is outside the years "
					      "1-9999 and cannot be written",
					 dir, it->lang, it->slug);
				rc = -1;
				break;
			}
			buf_addf(&path, "%s/%s.md", it->lang, it->slug);
			if (buf_failed(&doc) || buf_failed(&path)) {
				buf_addf(err, "%s/%s/%s.md: out of memory", dir, it->lang, it->slug);
				rc = -1;
				break;
			}
			if (export_md_put(&x, buf_str(&path), doc.data, doc.len, err)) {
				rc = -1;
				break;
			}
			res->written++;
		}
		store_items_free(items, n);
		if (rc || n < EXPORT_CHUNK)
			break;
	}
	if (!rc)
		rc = export_settings(s, &x, &doc, res, err);
	if (!rc)
		rc = export_feeds(s, &x, &doc, res, err);
	if (!rc)
		rc = export_media(s, &x, &doc, cfg.timezone, res, err);
	store_aliases_free(aliases, naliases);
	const struct buf *staged[] = {&x.staged};
	if (!rc && !replace && export_stage_foreign(x.dirfd, dir, staged, 1, &x.man, err))
		rc = -1;
	if (rc && begun) {
		/* Nothing was put in place: the folder and its list are as they were. */
		export_stage_discard(x.dirfd, staged, 1);
		res->kept = 1;
		struct buf why;
		buf_init(&why, 4096);
		if (export_manifest_abandon(&x.man, &why))
			fprintf(stderr, "pressroom: export: %s\n", buf_str(&why));
		buf_release(&why);
	}
	if (!rc)
		rc = export_stage_commit(x.dirfd, dir, staged, 1, err);
	if (!rc) {
		const struct buf *lists[] = {&x.written};
		rc = export_manifest_end(&x.man, lists, 1, &res->removed, err);
	}
	export_manifest_free(&x.man);
	buf_release(&x.staged);
	store_snapshot_end(s);
	buf_release(&doc);
	buf_release(&path);
	buf_release(&x.written);
	close(x.dirfd);
	config_clear(&cfg);
	return rc;
}

int export_markdown(struct store *s, const char *dir, const volatile sig_atomic_t *cancel,
		    int replace, struct export_markdown_result *res, struct buf *err)
{
	memset(res, 0, sizeof(*res));
	size_t made;
	if (export_make_dir(dir, &made, err))
		return -1;
	int rc = export_markdown_into(s, dir, cancel, replace, res, err);
	/* A folder this export made goes again if it failed (only while empty). */
	if (rc)
		export_unmake_dir(dir, made);
	return rc;
}
