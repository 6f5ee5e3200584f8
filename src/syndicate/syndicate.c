/* Feeds into items (see syndicate.h), and the poller thread of the server. */
#include "syndicate.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../base/clock.h"
#include "../base/tz.h"
#include "../base/strset.h"
#include "../base/waiter.h"
#include "../import/import.h"
#include "../render/sanitize.h"
#include "../site/config.h"
#include "../site/page.h"
#include "fetch.h"
#include "parse.h"

#define SYND_TITLE_MAX 300

/* FNV-1a 64 of n strings, each ended by a byte no UTF-8 text has. */
static unsigned long long synd_hash_of(const char *const *parts, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		for (const char *p = parts[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0xFF) * 1099511628211ULL;
	}
	return h;
}

/* The entry as the feed has it. */
static unsigned long long synd_hash(const struct feed_entry *e)
{
	const char *parts[] = {e->title, e->link, e->content, e->summary};
	return synd_hash_of(parts, sizeof parts / sizeof parts[0]);
}

/* The fields of its item that an entry sets (synd_fill), as they are now. */
static unsigned long long synd_hash_item(const struct item *it)
{
	const char *parts[] = {it->title, it->lead, it->body, it->source_url, it->source_title};
	return synd_hash_of(parts, sizeof parts / sizeof parts[0]);
}

/*
 * feed_entries.updated is "<the entry's fingerprint>|w<16 hex>": the entry's date as
 * written and synd_hash, then the hash of the item's fields as this feed last wrote
 * them. Rows written before the "|w" part have none: their items count as unedited.
 * Returns the length of the entry's part of old, and sets *written (0 if none).
 */
static size_t synd_fp_split(const char *old, unsigned long long *written)
{
	size_t n = strlen(old);
	*written = 0;
	if (n < 18 || old[n - 18] != '|' || old[n - 17] != 'w')
		return n;
	char *end;
	unsigned long long w = strtoull(old + n - 16, &end, 16);
	if (*end || !w)
		return n;
	*written = w;
	return n - 18;
}

/* Ends the fingerprint fp (its entry's part fpn bytes long) with the "|w" part. */
static void synd_fp_written(char *fp, size_t fpsz, int fpn, unsigned long long written)
{
	snprintf(fp + fpn, fpsz - (size_t)fpn, "|w%016llx", written);
}

/*
 * Sets the fields an entry owns: title, body, lead, source. body: the text as
 * synd_fill made it before, with its files' links made local (synd_media), or
 * NULL to make it from the entry. Returns -1 on OOM.
 */
static int synd_fill(struct item *it, const struct feed_doc *doc, const struct feed_entry *e,
		     const char *body)
{
	struct buf b;
	buf_init(&b, SANITIZE_MAX_INPUT * 4);
	int r = 0;
	const char *html = *e->content ? e->content : e->summary;
	const char *base = e->base && *e->base ? e->base : NULL;
	if (body)
		buf_adds(&b, body);
	else if (sanitize_markdown(&b, html, strlen(html), base, 0))
		r = -1;
	r |= item_set_s(&it->body, buf_str(&b));
	buf_reset(&b);
	buf_adds(&b, e->title);
	if (!b.len) {
		/* An untitled entry (allowed in RSS) is named by its first words. */
		sanitize_text(&b, html, strlen(html));
		buf_cut_text(&b, 80);
	}
	if (!b.len)
		buf_lit(&b, "Untitled entry");
	buf_cut_text(&b, SYND_TITLE_MAX);
	r |= item_set_s(&it->title, buf_str(&b));
	buf_reset(&b);
	if (*e->content && *e->summary) {
		sanitize_text(&b, e->summary, strlen(e->summary));
		buf_cut_text(&b, ITEM_LEAD_CUT);
	}
	r |= item_set_s(&it->lead, buf_str(&b));
	buf_release(&b);
	r |= item_set_s(&it->source_url, !item_valid_url(e->link) ? e->link : "");
	r |= item_set_s(&it->source_title, *doc->title ? doc->title : e->title);
	return r ? -1 : 0;
}

/* A new item's language: the feed's (a Russian ministry's feed brings Russian
 * items), unless it is the site's own (an "en-us" feed on an "en-GB" site: the
 * site's tag, so its items are not under a prefix of their own); else the site's. */
static const char *synd_lang(const struct feed_row *f, const struct feed_doc *doc,
			     const char *site)
{
	if (*f->lang) /* the press office's word for it (syndicate --lang) */
		return f->lang;
	size_t k = strcspn(site, "-");
	/* <language>Russian</language>: the language so called; a code no one knows
	 * ("xx") would make a section of its own: the site's then. */
	const char *lang = doc->lang[0] ? doc->lang : page_lang_named(doc->lang_name);
	if (!lang || !page_lang_english(lang) ||
	    (strcspn(lang, "-") == k && !strncasecmp(lang, site, k)))
		return site;
	return lang;
}

/* A slug from the title that no item of lang has yet. */
static enum store_err synd_slug(struct store *s, struct item *it)
{
	char base[128], slug[160];
	item_slugify(it->title, base, sizeof base);
	if (!base[0] || item_valid_slug(base))
		snprintf(base, sizeof base, "entry");
	/* The title's slug; taken, with the entry's day ("daily-briefing-2026-09-22",
	 * as a title that comes back every day needs); then numbered on that day. */
	struct civil c = {0};
	tz_civil("UTC", it->published, &c);
	snprintf(slug, sizeof slug, "%s", base);
	for (int k = 1; k <= 1000; k++) {
		struct item other;
		item_init(&other);
		enum store_err e = store_item_get_slug(s, it->lang, slug, &other);
		item_clear(&other);
		if (e == STORE_NOTFOUND)
			return item_set_s(&it->slug, slug) ? STORE_IO : STORE_OK;
		if (e)
			return e;
		snprintf(slug, sizeof slug, k == 1 ? "%s-%04d-%02d-%02d" : "%s-%04d-%02d-%02d-%d", base,
			 c.year, c.month, c.day, k);
	}
	return STORE_CONFLICT; /* (said by the caller, for this entry alone) */
}

/* What a run does with an entry. */
enum synd_act {
	SYND_ADD,     /* never seen: a new item */
	SYND_SKIP,    /* unchanged, or its item was deleted on purpose */
	SYND_KEEP,    /* changed upstream, but its item was edited here since */
	SYND_UPDATE,  /* changed upstream: its item is written again */
	SYND_ADOPT,   /* new to this feed, brought by another (or this one, removed and
		       * followed again): its item (or its deletion) is this entry's */
};

/* What the feed's rows say of entry e, whose fingerprint is fp (its entry's part
 * fpn bytes long). Reads only. *item_id, *written: as store_feed_entry_get and
 * synd_fp_split give them; it: the item, loaded for SYND_KEEP and SYND_UPDATE. */
/* Whether the document has no entry of key (store_feed_entry_relink's gone). */
static int synd_key_gone(void *ctx, const char *key)
{
	const struct feed_doc *doc = ctx;
	for (size_t i = 0; i < doc->n; i++)
		if (!strcmp(doc->entries[i].key, key))
			return 0;
	return 1;
}

static enum store_err synd_classify(struct store *s, const struct feed_row *f,
				    const struct feed_doc *doc, const struct feed_entry *e,
				    const char *fp, int fpn, enum synd_act *act, int64_t *item_id,
				    unsigned long long *written, struct item *it)
{
	char *old = NULL;
	*item_id = 0;
	*written = 0;
	enum store_err err = store_feed_entry_get(s, f->id, e->key, item_id, &old);
	/* A new id with a link this feed brought before under an id it no longer has
	 * (a CMS that renumbered its guids, or moved them to https): that entry. */
	if (err == STORE_NOTFOUND && strcmp(e->key, e->link))
		err = store_feed_entry_relink(s, f->id, e->link, synd_key_gone, (void *)doc,
					      item_id, &old);
	if (err == STORE_NOTFOUND) {
		err = store_feed_entry_elsewhere(s, f->id, e->key, item_id, &old);
		*act = err == STORE_NOTFOUND ? SYND_ADD : SYND_ADOPT;
		/* What the other feed wrote, so that an item edited here since stays so
		 * (its text now is not what a feed wrote). A row from before the "|w"
		 * part: its item counts as unedited, as in the feed that wrote it. */
		if (!err)
			synd_fp_split(old, written);
		free(old);
		if (!err && *item_id) {
			err = store_item_get(s, *item_id, it);
			if (err == STORE_NOTFOUND) {
				*item_id = 0;
				err = STORE_OK;
			}
		}
		return err == STORE_NOTFOUND ? STORE_OK : err;
	}
	if (err)
		return err;
	size_t oldn = synd_fp_split(old, written);
	if (!*item_id || (oldn == (size_t)fpn && !strncmp(old, fp, oldn))) {
		*act = SYND_SKIP;
	} else {
		err = store_item_get(s, *item_id, it);
		if (err == STORE_NOTFOUND) {
			*act = SYND_SKIP;
			err = STORE_OK;
		} else if (!err) {
			/* Edited in the newsroom since this feed wrote it? */
			*act = *written && synd_hash_item(it) != *written ? SYND_KEEP : SYND_UPDATE;
		}
	}
	free(old);
	return err;
}

/* The fingerprint of entry e into fp (its size fpsz); returns the entry's part's length.
 * The date as written is cut at 150 bytes, on a character's start: the fingerprint
 * goes to an export's YAML, which must be valid UTF-8. */
static int synd_fp(char *fp, size_t fpsz, const struct feed_entry *e)
{
	size_t n = strlen(e->updated_raw);
	if (n > 150) {
		n = 150;
		while (n && ((unsigned char)e->updated_raw[n] & 0xC0) == 0x80)
			n--;
	}
	return snprintf(fp, fpsz, "%.*s#%016llx", (int)n, e->updated_raw, synd_hash(e));
}

/* "entry 3 (“Title”): why" as a line of notes: an entry not taken, or taken
 * with something to say. */
__attribute__((format(printf, 4, 5))) static void
synd_note(struct buf *notes, const struct feed_doc *doc, const struct feed_entry *e,
	  const char *why, ...)
{
	struct buf t;
	buf_init(&t, 4096);
	buf_adds(&t, *e->title ? e->title : *e->link ? e->link : "untitled");
	buf_cut_text(&t, 80);
	buf_addf(notes, "entry %zu (\"%s\"): ", e->pos, buf_str(&t));
	va_list ap;
	va_start(ap, why);
	buf_vaddf(notes, why, ap);
	va_end(ap);
	buf_addc(notes, '\n');
	buf_release(&t);
}

/* One entry inside the run's transaction. body: as synd_fill takes it. notes: a
 * line for each entry not taken (synd_note). */
static enum store_err synd_entry(struct store *s, const struct feed_row *f, const struct config *cfg,
				 const struct feed_doc *doc, const struct feed_entry *e,
				 const char *body, struct syndicate_stats *st, struct buf *notes)
{
	char fp[200];
	int fpn = synd_fp(fp, sizeof fp, e);
	int64_t item_id;
	unsigned long long written;
	enum synd_act act;
	struct item it;
	item_init(&it);
	enum store_err err = synd_classify(s, f, doc, e, fp, fpn, &act, &item_id, &written, &it);
	if (err) {
		item_clear(&it);
		return err;
	}
	switch (act) {
	case SYND_ADD:
		it.kind = KIND_NEWS;
		it.status = f->publish ? STATUS_PUBLISHED : STATUS_DRAFT;
		it.published = e->published ? e->published : e->updated ? e->updated : clock_now();
		if (item_set_s(&it.lang, synd_lang(f, doc, cfg->language))) {
			err = STORE_IO;
			break;
		}
		if (synd_fill(&it, doc, e, body)) {
			/* Not noted as seen: tried again at the next run. */
			synd_note(notes, doc, e, "its text is too large to take (over 8 MiB as HTML)");
			st->noted++;
			break;
		}
		if ((err = synd_slug(s, &it)) == STORE_CONFLICT) {
			synd_note(notes, doc, e, "1,000 items of its title on its day already: no "
						 "address left for it");
			st->noted++;
			err = STORE_OK;
			break;
		}
		if (err || (err = store_item_put(s, &it, NULL)))
			break;
		if (!e->published && !e->updated && e->bad_date)
			synd_note(notes, doc, e, "its date '%s' could not be read: the item is dated now",
				  e->bad_date);
		/* A year typed wrong upstream: said, as import says it. */
		struct civil c;
		if (it.status == STATUS_PUBLISHED && it.published > clock_now() + 366 * 86400LL &&
		    !tz_civil("UTC", it.published, &c))
			synd_note(notes, doc, e, "dated %04d-%02d-%02d, more than a year ahead: it waits "
						 "for that day (scheduled)", c.year, c.month, c.day);
		synd_fp_written(fp, sizeof fp, fpn, synd_hash_item(&it));
		if (!(err = store_feed_entry_put(s, f->id, e->key, it.id, fp)))
			st->added++;
		break;
	case SYND_SKIP:
		st->skipped++;
		break;
	case SYND_ADOPT:
	case SYND_KEEP:
		/* ADOPT: seen before, through another feed; noted for this one as it is,
		 * never imported twice. KEEP: the press office's text stays; the entry's
		 * new fingerprint is noted, so the same change upstream is reported once,
		 * not on every run. */
		synd_fp_written(fp, sizeof fp, fpn, written);
		err = store_feed_entry_put(s, f->id, e->key, item_id, fp);
		if (!err)
			++*(act == SYND_KEEP ? &st->kept : &st->skipped);
		break;
	case SYND_UPDATE:
		if (synd_fill(&it, doc, e, body)) {
			synd_note(notes, doc, e, "its new text is too large to take (over 8 MiB as "
						 "HTML); the item keeps the last one");
			st->noted++;
			break;
		}
		err = store_item_put(s, &it, NULL);
		synd_fp_written(fp, sizeof fp, fpn, synd_hash_item(&it));
		if (!err)
			err = store_feed_entry_put(s, f->id, e->key, item_id, fp);
		if (!err)
			st->updated++;
		break;
	}
	item_clear(&it);
	return err;
}

/*
 * Before the run's transaction, for a feed followed with fetch_media: the text of
 * each entry the run will add or update, made as synd_fill makes it, goes into b
 * (body[i] is its index + 1 there, 0 for the others), and the files it links to,
 * on any host, are fetched into b's media (import_fetch_media), their links made
 * /media/<name>. A file that cannot be copied is noted in b and keeps its link.
 * Returns 0, or -1 with a message in err (out of memory, the temporary folder,
 * cancel, a store error).
 */
static int synd_media(struct store *s, const struct feed_row *f, const struct feed_doc *doc,
		      const volatile int *cancel, struct import_batch *b, size_t *body,
		      struct import_fetched *fx, struct buf *err)
{
	b->media_any_host = 1;
	for (size_t i = 0; i < doc->n; i++) {
		const struct feed_entry *e = &doc->entries[i];
		if (!*e->key)
			continue;
		char fp[200];
		int fpn = synd_fp(fp, sizeof fp, e);
		int64_t item_id;
		unsigned long long written;
		enum synd_act act;
		struct item cur;
		item_init(&cur);
		enum store_err se =
			synd_classify(s, f, doc, e, fp, fpn, &act, &item_id, &written, &cur);
		item_clear(&cur);
		if (se) {
			buf_adds(err, store_errmsg(s));
			return -1;
		}
		if (act != SYND_ADD && act != SYND_UPDATE)
			continue;
		char where[64];
		snprintf(where, sizeof where, "entry %zu", e->pos);
		struct item *it = import_batch_add(b, where);
		if (!it) {
			buf_lit(err, "out of memory");
			return -1;
		}
		/* Too large: nothing to fetch; synd_entry says so. */
		if (synd_fill(it, doc, e, NULL)) {
			if (item_set_s(&it->body, "")) {
				buf_lit(err, "out of memory");
				return -1;
			}
			continue;
		}
		body[i] = b->n;
	}
	if (!b->n)
		return 0;
	return import_fetch_media(b, f->url, 1, f->allow_private, cancel, fx, err, NULL, NULL);
}

/* ---- a feed file imported once ------------------------------------------------- */

int feed_sniff(const char *text, size_t n)
{
	size_t k = n < 8192 ? n : 8192;
	return memmem(text, k, "<rss", 4) || memmem(text, k, "<feed", 5) ||
	       memmem(text, k, "<rdf:RDF", 8);
}

/* The slug an entry's link gives: its last path segment without an extension
 * ("/en/news/visit-of-the-minister.html"), lowercased, if that is a slug. */
static int synd_link_slug(const char *link, char *out, size_t outsz)
{
	const char *p = strstr(link, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (!p)
		return -1;
	size_t end = strcspn(p, "?#");
	while (end > 1 && p[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && p[start - 1] != '/')
		start--;
	size_t n = end - start;
	const char *dot = memrchr(p + start, '.', n);
	if (dot && dot > p + start)
		n = (size_t)(dot - (p + start));
	if (!n || n >= outsz)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = p[start + i];
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[n] = '\0';
	return item_valid_slug(out) ? -1 : 0;
}

int import_feed(const char *name, const char *text, size_t n, const char *lang,
		struct import_batch *b, struct buf *err)
{
	struct feed_doc doc;
	const struct feed_row no_row = {0}; /* a file has no settings of its own */
	char msg[600];
	if (feed_parse(text, n, NULL, &doc, msg, sizeof msg)) {
		/* parse.h's messages start with "line N: ". */
		const char *m = msg;
		unsigned long line = 1;
		if (!strncmp(m, "line ", 5) && sscanf(m + 5, "%lu", &line) == 1)
			m = strchr(m, ':') ? strchr(m, ':') + 1 : m;
		while (*m == ' ')
			m++;
		buf_addf(err, "%s:%lu: %s", name, line, m);
		return -1;
	}
	int rc = 0;
	if (doc.over) {
		buf_addf(err, "%s:1: %zu entries, more than the %d one file can bring; split it",
			 name, doc.n + doc.over, FEED_MAX_ENTRIES);
		rc = -1;
	}
	import_batch_origin(b, doc.link);
	/* Oldest first: the entries are listed newest first. */
	for (size_t i = doc.n; i-- > 0 && !rc;) {
		const struct feed_entry *e = &doc.entries[i];
		char where[700], slug[128];
		snprintf(where, sizeof where, "%s: entry %zu", name, e->pos);
		int64_t when = e->published ? e->published : e->updated;
		if (!when) {
			if (import_batch_note(b, where, "no date: an item needs one"))
				rc = -1;
			continue;
		}
		struct item *it = import_batch_add(b, where);
		if (!it || synd_fill(it, &doc, e, NULL) ||
		    item_set_s(&it->lang, synd_lang(&no_row, &doc, lang))) {
			rc = -1;
			break;
		}
		it->kind = import_guess_kind(it->title);
		it->status = STATUS_PUBLISHED;
		it->published = when;
		if (synd_link_slug(e->link, slug, sizeof slug)) {
			item_slugify(it->title, slug, sizeof slug);
			if (!slug[0] || item_valid_slug(slug))
				snprintf(slug, sizeof slug, "entry-%zu", i + 1);
		}
		/* Two entries of one title: -2, -3..., the same on every run. */
		char base[sizeof slug];
		memcpy(base, slug, sizeof slug);
		for (int k = 2; k < 10000; k++) {
			int taken = 0;
			for (size_t j = 0; j + 1 < b->n && !taken; j++)
				taken = !strcmp(b->v[j].it.slug, slug) && !strcmp(b->v[j].it.lang, lang);
			if (!taken)
				break;
			snprintf(slug, sizeof slug, "%.110s-%d", base, k);
		}
		if (item_set_s(&it->slug, slug))
			rc = -1;
	}
	if (rc && !err->len)
		buf_addf(err, "%s: out of memory", name);
	feed_doc_clear(&doc);
	return rc;
}

void syndicate_stats_line(char *out, size_t outsz, const struct syndicate_stats *st)
{
	struct buf b;
	buf_init(&b, 4096);
	buf_addf(&b, "added %zu, updated %zu, skipped %zu", st->added, st->updated, st->skipped);
	if (st->kept)
		buf_addf(&b, ", kept %zu edited here", st->kept);
	if (st->noted)
		buf_addf(&b, ", %zu not taken (the run's report says why)", st->noted);
	if (st->media_added || st->media_unchanged || st->media_failed)
		buf_addf(&b, "; media files: added %zu, unchanged %zu, not copied %zu",
			 st->media_added, st->media_unchanged, st->media_failed);
	snprintf(out, outsz, "%s", buf_str(&b));
	buf_release(&b);
}

/* Records a failed run: err and the feed's status. */
static int synd_failed(struct store *s, const struct feed_row *f, int64_t now, const char *msg,
		       char *err, size_t errsz)
{
	char status[512];
	snprintf(err, errsz, "%s", msg);
	snprintf(status, sizeof status, "error: %s", msg);
	store_feed_set_run(s, f->id, now, status, f->etag, f->last_modified);
	return -1;
}

/* b's media files, inside the caller's transaction, counted in st. */
static enum store_err synd_media_files(struct store *s, struct import_batch *b,
				       struct syndicate_stats *st, struct buf *err)
{
	struct import_result ir = {0};
	if (import_media_write(s, b, &ir, err))
		return STORE_IO;
	st->media_added = ir.media_added;
	st->media_unchanged = ir.media_unchanged;
	return STORE_OK;
}

/* The entries of doc into items, and b's media files, in one transaction. */
static enum store_err synd_write(struct store *s, const struct feed_row *f, const struct feed_doc *doc,
				 struct import_batch *b, const size_t *body,
				 const struct fetch_result *res, int64_t now, int moved,
				 struct syndicate_stats *st, struct buf *notes, struct buf *err)
{
	struct config cfg;
	if (config_load(s, &cfg)) {
		buf_adds(err, store_errmsg(s));
		return STORE_IO;
	}
	enum store_err e = store_begin(s);
	/* Oldest entries first (feeds list newest first), so ids follow time. */
	for (size_t i = doc->n; i-- > 0 && !e;) {
		if (!*doc->entries[i].key)
			continue; /* noted by synd_unique */
		const char *text = body && body[i] ? b->v[body[i] - 1].it.body : NULL;
		e = synd_entry(s, f, &cfg, doc, &doc->entries[i], text, st, notes);
	}
	if (e)
		buf_adds(err, store_errmsg(s));
	if (!e)
		e = synd_media_files(s, b, st, err);
	/* moved: f->url is the feed a page named, followed from now on. */
	if (!e && moved) {
		e = store_feed_set_url(s, f->id, f->url);
		if (e == STORE_CONFLICT)
			buf_addf(err, "this page names its feed, %s, which pressroom follows already "
				      "or followed before: follow that ('pressroom syndicate add %s') "
				      "and remove this one", f->url, f->url);
		else if (e)
			buf_adds(err, store_errmsg(s));
	}
	if (!e) {
		char line[200], status[512];
		syndicate_stats_line(line, sizeof line, st);
		snprintf(status, sizeof status, "ok: %s", line);
		e = store_feed_set_run(s, f->id, now, status, res->etag, res->last_modified);
		if (!e)
			e = store_commit(s);
		if (e)
			buf_adds(err, store_errmsg(s));
	}
	if (e)
		store_rollback(s);
	config_clear(&cfg);
	return e;
}

/*
 * Entries that cannot be told apart lose their key (and so are not taken), each
 * with a note: one with neither id nor link, and one with the id of an entry above
 * it (the first, the newest in a feed's order, is taken; taking both would write
 * the item twice on every run, once with each text).
 */
static int synd_unique(struct feed_doc *doc, struct syndicate_stats *st, struct buf *notes)
{
	struct strset seen = {0};
	int rc = 0;
	for (size_t i = 0; i < doc->n && !rc; i++) {
		struct feed_entry *e = &doc->entries[i];
		if (!*e->key) {
			synd_note(notes, doc, e, "neither an id nor a link: it cannot be told from "
						 "the others, so it is not taken");
			st->noted++;
			continue;
		}
		int a = strset_add(&seen, e->key);
		if (a < 0) {
			rc = -1;
		} else if (!a) {
			synd_note(notes, doc, e, "the same id as an entry above it: only the first "
						 "is taken");
			st->noted++;
			e->key[0] = '\0';
		}
	}
	strset_free(&seen);
	return rc;
}

void syndicate_url_norm(char *url)
{
	char *hash = strchr(url, '#');
	if (hash)
		*hash = '\0';
	char *p = strstr(url, "://");
	if (!p)
		return;
	for (char *c = url; c < p; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	for (char *c = p + 3; *c && *c != '/' && *c != '?'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
}

int syndicate_url_check(const char *url, int allow_private, char *out, size_t n, char *why,
			size_t whyn)
{
	const char *auth = strstr(url, "://");
	if (auth && memchr(auth + 3, '@', strcspn(auth + 3, "/?#"))) {
		snprintf(why, whyn, "a user name or password in the address is not accepted (it "
				    "would be stored and shown as it is)");
		return -1;
	}
	if (strlen(url) >= n || item_valid_url(url)) {
		snprintf(why, whyn, "not an http or https URL with a host");
		return -1;
	}
	snprintf(out, n, "%s", url);
	syndicate_url_norm(out);
	/* The host, as the address gives it: a literal address that is not public
	 * would be refused at every poll, so it is refused now, saying why. */
	char host[300];
	const char *h = strstr(out, "://") + 3;
	size_t hn = strcspn(h, "/?#");
	snprintf(host, sizeof host, "%.*s", (int)hn, h);
	char *colon = host[0] == '[' ? strstr(host, "]:") : strrchr(host, ':');
	if (colon)
		colon[host[0] == '['] = '\0';
	size_t hl = strlen(host);
	if (hl > 1 && host[hl - 1] == '.') /* "localhost." is localhost */
		host[hl - 1] = '\0';
	if (!allow_private && (fetch_ip_public(host) == 0 || !strcasecmp(host, "localhost") ||
			       (strlen(host) > 10 && !strcasecmp(host + strlen(host) - 10, ".localhost")))) {
		snprintf(why, whyn, "%s is a loopback, private or link-local address; pressroom "
				    "fetches from one only when the feed is added with --allow-private",
			 host);
		return -1;
	}
	return 0;
}

int syndicate_run(struct store *s, const struct feed_row *f, const volatile int *cancel,
		  struct syndicate_stats *st, struct buf *report, char *err, size_t errsz)
{
	memset(st, 0, sizeof(*st));
	err[0] = '\0';
	struct fetch_request rq = {.url = f->url, .allow_private = f->allow_private,
				   .etag = f->etag, .last_modified = f->last_modified,
				   .cancel = cancel};
	struct fetch_result res;
	char msg[600];
	int64_t now = clock_now();
	enum fetch_err fe = fetch_url(&rq, &res, msg, sizeof msg);
	if (fe == FETCH_NOT_MODIFIED) {
		st->not_modified = 1;
		buf_release(&res.body);
		store_feed_set_run(s, f->id, now, "ok: not modified", f->etag, f->last_modified);
		return 0;
	}
	if (fe) {
		buf_release(&res.body);
		return synd_failed(s, f, now, msg, err, errsz);
	}
	struct feed_doc doc;
	/* Relative links are the document's: where the last redirect led. */
	int rc = feed_parse_as(res.body.data ? res.body.data : "", res.body.len,
			       res.url[0] ? res.url : f->url, res.charset, &doc, msg, sizeof msg);
	/* A web page given for its feed (a ministry's news page): the feed it names,
	 * followed from there on (synd_write moves the row to its address). */
	struct feed_row page;
	char found[sizeof page.url];
	if (rc && feed_page_link(res.body.data ? res.body.data : "", res.body.len,
				 res.url[0] ? res.url : f->url, found, sizeof found) == 1) {
		buf_release(&res.body);
		page = *f;
		page.etag[0] = page.last_modified[0] = '\0';
		/* Checked and spelt as an address given to 'syndicate add' would be. */
		char bad[400];
		if (syndicate_url_check(found, f->allow_private, page.url, sizeof page.url, bad,
					sizeof bad)) {
			/* (Not quoted: it may carry a password.) */
			char why[sizeof bad + 64];
			snprintf(why, sizeof why, "the feed this page names: %s", bad);
			return synd_failed(s, f, now, why, err, errsz);
		}
		rq = (struct fetch_request){.url = page.url, .allow_private = f->allow_private,
					    .cancel = cancel};
		fe = fetch_url(&rq, &res, msg, sizeof msg);
		if (!fe)
			rc = feed_parse_as(res.body.data ? res.body.data : "", res.body.len,
					   res.url[0] ? res.url : page.url, res.charset, &doc, msg,
					   sizeof msg);
		if (fe || rc) {
			char why[sizeof msg + sizeof page.url + 64];
			snprintf(why, sizeof why, "the feed this page names, %s: %s", page.url, msg);
			buf_release(&res.body);
			return synd_failed(s, f, now, why, err, errsz);
		}
		f = &page;
	}
	buf_release(&res.body);
	if (rc)
		return synd_failed(s, f, now, msg, err, errsz);
	struct import_batch b;
	struct import_fetched fx = {0};
	struct buf e, notes;
	import_batch_init(&b);
	buf_init(&e, 1024);
	buf_init(&notes, (size_t)1 << 20);
	size_t *body = NULL;
	/* A language it names that is none the site knows: said, once a run. */
	const char *named = doc.lang[0] ? doc.lang : doc.lang_name;
	if (!*f->lang && *named &&
	    !page_lang_english(doc.lang[0] ? doc.lang : page_lang_named(named))) {
		struct config cfg;
		if (!config_load(s, &cfg)) {
			buf_addf(&notes, "its language '%.40s' is none pressroom knows: its items are "
					 "in the site's (%s); 'pressroom syndicate set %s --lang TAG' "
					 "names theirs\n", named, cfg.language, f->url);
			config_clear(&cfg);
		}
	}
	/* A feed of more entries than a run reads: the newest are read, the rest said. */
	if (doc.over)
		buf_addf(&notes, "%zu of its %zu entries not read, the oldest (%s): a run reads "
				 "the newest %d\n",
			 doc.over, doc.n + doc.over,
			 doc.oldest_first ? "the feed lists them first" : "at its end", FEED_MAX_ENTRIES);
	if (synd_unique(&doc, st, &notes) ||
	    (f->fetch_media && doc.n && !(body = calloc(doc.n, sizeof(*body))))) {
		buf_lit(&e, "out of memory");
		rc = -1;
	}
	if (!rc && body && synd_media(s, f, &doc, cancel, &b, body, &fx, &e))
		rc = -1;
	st->media_failed = b.nnotes;
	if (f == &page)
		buf_addf(&notes, "this address is a web page; it names its feed, %s: followed from "
				 "there from now on\n", f->url);
	if (!rc && synd_write(s, f, &doc, &b, body, &res, now, f == &page, st, &notes, &e))
		rc = -1;
	if (rc) {
		memset(st, 0, sizeof(*st));
		synd_failed(s, f, now, e.len ? buf_str(&e) : "out of memory", err, errsz);
	} else if (report) {
		buf_add(report, notes.data ? notes.data : "", notes.len);
		for (size_t i = 0; i < b.nnotes; i++)
			buf_addf(report, "%s: %s\n", b.notes[i].name, b.notes[i].why);
	}
	import_fetched_clear(&fx);
	import_batch_clear(&b);
	buf_release(&e);
	buf_release(&notes);
	free(body);
	feed_doc_clear(&doc);
	return rc;
}

/* ---- copying the files of items a feed brought before ------------------------ */

/* The entry rows of a feed whose items are on the site (store_feed_entries_each). */
struct synd_rows {
	struct import_batch *b;
	char **key;             /* key[i]: the entry of b->v[i] */
	size_t cap;
	int oom;                /* the walk stopped: out of memory */
};

static int synd_rows_add(void *ctx, const char *key, const char *lang, const char *slug,
			 const char *updated)
{
	struct synd_rows *r = ctx;
	(void)updated;
	if (!*lang)
		return 0; /* its item was deleted or is in the trash */
	if (r->b->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		char **v = realloc(r->key, cap * sizeof(*v));
		if (!v)
			return r->oom = -1;
		r->key = v;
		r->cap = cap;
	}
	char name[200];
	snprintf(name, sizeof name, "%s/%s", lang, slug);
	struct item *it = import_batch_add(r->b, name);
	if (!it || !(r->key[r->b->n - 1] = strdup(key))) {
		if (it)
			import_batch_drop_last(r->b);
		return r->oom = -1;
	}
	return 0;
}

/* Writes the items whose text changed (before[i]: synd_hash_item of b->v[i] as
 * read) and b's media files, in one transaction. */
static enum store_err synd_media_write(struct store *s, const struct feed_row *f,
				       struct import_batch *b, char **key,
				       const unsigned long long *before,
				       struct syndicate_stats *st, struct buf *report,
				       struct buf *err)
{
	enum store_err e = store_begin(s);
	for (size_t i = 0; i < b->n && !e; i++) {
		struct item *want = &b->v[i].it;
		unsigned long long now = synd_hash_item(want);
		if (now == before[i]) {
			st->skipped++;
			continue;
		}
		struct item cur;
		item_init(&cur);
		e = store_item_get(s, want->id, &cur);
		if (e == STORE_NOTFOUND || (!e && synd_hash_item(&cur) != before[i])) {
			/* Edited or deleted while the files were fetched: left as it is now. */
			buf_addf(report, "%s: changed while its files were fetched; not written, "
				 "run again\n", b->v[i].name);
			st->kept++;
			item_clear(&cur);
			e = STORE_OK;
			continue;
		}
		if (!e && item_set_s(&cur.body, want->body))
			e = STORE_IO;
		if (!e)
			e = store_item_put(s, &cur, NULL);
		char *old = NULL;
		int64_t item_id = 0;
		if (!e)
			e = store_feed_entry_get(s, f->id, key[i], &item_id, &old);
		unsigned long long written = 0;
		size_t oldn = old ? synd_fp_split(old, &written) : 0;
		/* Unedited as the feed wrote it: unedited still, so that corrections upstream
		 * keep coming. An item edited here stays marked so. */
		if (!e && item_id == cur.id && written == before[i] && oldn < 180) {
			char fp[200];
			memcpy(fp, old, oldn);
			fp[oldn] = '\0';
			synd_fp_written(fp, sizeof fp, (int)oldn, synd_hash_item(&cur));
			e = store_feed_entry_put(s, f->id, key[i], item_id, fp);
		}
		free(old);
		item_clear(&cur);
		if (!e)
			st->updated++;
	}
	if (e)
		buf_adds(err, store_errmsg(s));
	if (!e)
		e = synd_media_files(s, b, st, err);
	if (!e && (e = store_commit(s)))
		buf_adds(err, store_errmsg(s));
	if (e)
		store_rollback(s);
	return e;
}

int syndicate_fetch_media(struct store *s, const struct feed_row *f, const volatile int *cancel,
			  struct syndicate_stats *st, struct buf *report, struct buf *err,
			  void (*progress)(void *ctx, size_t done, size_t total), void *ctx)
{
	memset(st, 0, sizeof(*st));
	struct import_batch b;
	import_batch_init(&b);
	b.media_any_host = 1;
	struct synd_rows r = {.b = &b};
	struct import_fetched fx = {0};
	unsigned long long *before = NULL;
	int rc = 0;
	enum store_err e = store_feed_entries_each(s, f->id, synd_rows_add, &r);
	if (e) {
		buf_adds(err, r.oom ? "out of memory" : store_errmsg(s));
		rc = -1;
	}
	if (!rc && b.n && !(before = calloc(b.n, sizeof(*before)))) {
		buf_lit(err, "out of memory");
		rc = -1;
	}
	/* The items as they are now, by language and slug as the rows name them. */
	for (size_t i = 0; i < b.n && !rc; i++) {
		const char *name = b.v[i].name, *slash = strchr(name, '/');
		char lang[64];
		snprintf(lang, sizeof lang, "%.*s", (int)(slash - name), name);
		e = store_item_get_slug(s, lang, slash + 1, &b.v[i].it);
		if (e) {
			buf_addf(err, "%s: %s", name, store_errmsg(s));
			rc = -1;
		} else {
			before[i] = synd_hash_item(&b.v[i].it);
		}
	}
	if (!rc && b.n)
		rc = import_fetch_media(&b, f->url, 1, f->allow_private, cancel, &fx, err, progress,
					ctx);
	st->media_failed = b.nnotes;
	for (size_t i = 0; i < b.nnotes && !rc; i++)
		buf_addf(report, "%s: %s\n", b.notes[i].name, b.notes[i].why);
	if (!rc && b.n && synd_media_write(s, f, &b, r.key, before, st, report, err))
		rc = -1;
	if (rc)
		memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < b.n; i++)
		free(r.key[i]);
	free(r.key);
	free(before);
	import_fetched_clear(&fx);
	import_batch_clear(&b);
	return rc;
}

/* ---- the poller ----------------------------------------------------------------- */

/* Feeds are polled by POLLER_WORKERS threads, each with its own store connection,
 * so that a feed that never answers (up to FETCH_TIMEOUT a try) holds up one of
 * them, not every other feed. Feeds whose last try failed have all threads but one
 * at most (poller_claim): four that never answer cannot hold up the rest beyond
 * their first try. */
#define POLLER_WORKERS 4

/* What the server knows of a feed while it runs (feed id): how many polls failed
 * in a row and when to try next, when its last poll here began and ended, and
 * whether a worker has it now. Guarded by the poller's lock. */
struct poller_feed {
	int64_t id, next, began, done;
	unsigned fails;
	int busy;
};

struct syndicate_poller {
	struct poller_worker {
		pthread_t thread;
		struct store *store;
		struct syndicate_poller *p;
	} worker[POLLER_WORKERS];
	size_t nworkers;
	struct waiter w;          /* w.stop also cancels the transfers in progress */
	pthread_mutex_t lock;
	int quiet;
	struct poller_feed *feed;
	size_t nfeed, capfeed;
};

/* The record of feed id (a new one when it has none yet), or NULL when out of
 * memory. Called with p->lock held; the pointer is good until it is released. */
static struct poller_feed *poller_feed_of(struct syndicate_poller *p, int64_t id)
{
	for (size_t i = 0; i < p->nfeed; i++)
		if (p->feed[i].id == id)
			return &p->feed[i];
	if (p->nfeed == p->capfeed) {
		size_t cap = p->capfeed ? p->capfeed * 2 : 16;
		struct poller_feed *v = realloc(p->feed, cap * sizeof(*v));
		if (!v)
			return NULL;
		p->feed = v;
		p->capfeed = cap;
	}
	p->feed[p->nfeed] = (struct poller_feed){.id = id};
	return &p->feed[p->nfeed++];
}

/* After the fails-th failure in a row: the interval doubled for each (at most 64
 * times), at most a day unless the interval is longer. */
static int64_t poller_wait(int64_t interval, unsigned fails)
{
	int64_t w = interval;
	for (unsigned i = 0; i < fails && i < 6 && w < 86400; i++)
		w *= 2;
	return w > 86400 && interval <= 86400 ? 86400 : w;
}

/* 1 when f is due and no other worker has it: it is then this worker's. Its
 * last_run may be older than a poll another worker has just ended (the list was
 * read before), hence the record's own end time. A "Read now" (f->asked) since the
 * last reading began (in an earlier second: a reading that began in the second of
 * the press is taken for it) makes it due whatever its interval and backoff say,
 * but not within FEED_ASK_GAP seconds of a reading's end: the feed's server is
 * someone else's, and a button can be pressed again and again. */
static int poller_claim(struct syndicate_poller *p, const struct feed_row *f)
{
	int64_t now = clock_now(), every = feed_poll_interval(f);
	pthread_mutex_lock(&p->lock);
	struct poller_feed *r = poller_feed_of(p, f->id);
	/* began: a worker whose list was read before another's reading of the feed
	 * still has the old last_run, and the gap may be over when it gets there. */
	int asked = f->asked > f->last_run && !(r && f->asked <= r->began) &&
		    !(r && r->done && r->done + FEED_ASK_GAP > now);
	int mine = r && !r->busy &&
		   (asked || (!(f->last_run && f->last_run + every > now) &&
			      !(r->done && r->done + every > now) && !(r->fails && r->next > now)));
	/* One thread stays for the feeds that work: a failing feed's try waits while
	 * the others of its kind hold the rest (its next try is then a second later). */
	size_t failing = 0;
	for (size_t i = 0; mine && r->fails && i < p->nfeed; i++)
		failing += p->feed[i].busy && p->feed[i].fails;
	if (failing >= POLLER_WORKERS - 1)
		mine = 0;
	if (mine) {
		r->busy = 1;
		r->began = now;
	}
	pthread_mutex_unlock(&p->lock);
	return mine;
}

/* Gives f back after a poll that ended in rc; returns how long its next try
 * waits after a failure (0 after a success) and the failures in a row. */
static int64_t poller_release(struct syndicate_poller *p, const struct feed_row *f, int rc,
			      unsigned *fails)
{
	int64_t wait = 0, now = clock_now();
	pthread_mutex_lock(&p->lock);
	struct poller_feed *r = poller_feed_of(p, f->id);  /* found: it was claimed */
	if (rc && !p->w.stop) {
		r->fails++;
		wait = poller_wait(feed_poll_interval(f), r->fails);
		/* From the failure's end: a feed that timed out after 30 s was tried
		 * again at once when "in 10 s" counted from its start. */
		r->next = now + wait;
	} else if (!rc) {
		r->fails = 0;
	}
	r->done = now;
	r->busy = 0;
	*fails = r->fails;
	pthread_mutex_unlock(&p->lock);
	return wait;
}

static void poller_poll(struct poller_worker *pw, const struct feed_row *f)
{
	struct syndicate_poller *p = pw->p;
	struct syndicate_stats st;
	char err[700];
	struct buf report;
	buf_init(&report, (size_t)1 << 20);
	int rc = syndicate_run(pw->store, f, &p->w.stop, &st, &report, err, sizeof err);
	unsigned fails;
	int64_t wait = poller_release(p, f, rc, &fails);
	if (!p->quiet && !p->w.stop) {
		if (rc) {
			fprintf(stderr, "pressroom: feed %s: %s (failed %u time%s in a row: tried again "
					"in %lld s)\n",
				f->url, err, fails, fails == 1 ? "" : "s", (long long)wait);
		} else if (st.added || st.updated || st.kept || report.len) {
			char line[200];
			syndicate_stats_line(line, sizeof line, &st);
			fprintf(stderr, "pressroom: feed %s: %s\n%s", f->url, line, buf_str(&report));
		}
	}
	buf_release(&report);
}

static void *poller_main(void *arg)
{
	struct poller_worker *pw = arg;
	struct syndicate_poller *p = pw->p;
	/* The workers look at the list at different moments of each second. */
	long offset = 1000 * (long)(pw - p->worker) / POLLER_WORKERS;
	if (offset && waiter_sleep(&p->w, offset))
		return NULL;
	while (!waiter_sleep(&p->w, 1000)) {
		struct feed_row *feeds = NULL;
		size_t n = 0;
		if (store_feed_list(pw->store, &feeds, &n)) {
			if (!p->quiet && pw == p->worker)
				fprintf(stderr, "pressroom: feeds: %s\n", store_errmsg(pw->store));
			continue;
		}
		for (size_t i = 0; i < n && !p->w.stop; i++)
			if (poller_claim(p, &feeds[i]))
				poller_poll(pw, &feeds[i]);
		free(feeds);
	}
	return NULL;
}

void syndicate_poller_stop(struct syndicate_poller *p)
{
	if (!p)
		return;
	waiter_stop(&p->w);
	for (size_t i = 0; i < p->nworkers; i++) {
		pthread_join(p->worker[i].thread, NULL);
		store_close(p->worker[i].store);
	}
	pthread_mutex_destroy(&p->lock);
	waiter_destroy(&p->w);
	free(p->feed);
	free(p);
}

struct syndicate_poller *syndicate_poller_start(const char *db, int quiet)
{
	struct syndicate_poller *p = calloc(1, sizeof(*p));
	if (!p) {
		fprintf(stderr, "pressroom: out of memory\n");
		return NULL;
	}
	p->quiet = quiet;
	waiter_init(&p->w);
	pthread_mutex_init(&p->lock, NULL);
	fetch_global_init();
	for (size_t i = 0; i < POLLER_WORKERS; i++) {
		struct poller_worker *pw = &p->worker[i];
		char err[1200];
		pw->p = p;
		if (store_open(db, STORE_OPEN_EXISTING, &pw->store, err, sizeof err)) {
			fprintf(stderr, "pressroom: feeds: %s\n", err);
			break;
		}
		if (waiter_thread_start(&pw->thread, poller_main, pw)) {
			fprintf(stderr, "pressroom: feeds: cannot start a poller thread\n");
			store_close(pw->store);
			break;
		}
		p->nworkers++;
	}
	if (!p->nworkers) {
		syndicate_poller_stop(p);
		return NULL;
	}
	return p;
}
