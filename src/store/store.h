/*
 * store: the one interface between pressroom and its content database.
 *
 * Nothing outside src/store/ sees SQL. The SQLite implementation (store_sqlite.c)
 * is the embedded default; a PostgreSQL one would implement this same header.
 *
 * Threads: a struct store is one connection and must be used by one thread at a
 * time (callers hold their own lock or open one store per thread).
 * Errors: every fallible function returns enum store_err; store_errmsg() then says
 * what and where in a lowercase message that stays valid until the next call.
 * Ownership: items and strings handed out are the caller's (item_clear / free).
 */
#ifndef PR_STORE_H
#define PR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "item.h"

struct buf;

enum store_err {
	STORE_OK = 0,
	STORE_NOTFOUND,   /* no such item / setting */
	STORE_NOTADB,     /* the file is not a pressroom database */
	STORE_EXISTS,     /* init over an existing site */
	STORE_BUSY,       /* locked by another process past the timeout */
	STORE_READONLY,
	STORE_FULL,       /* disk full */
	STORE_INVALID,    /* bad argument */
	STORE_CONFLICT,   /* unique constraint (lang+slug) */
	STORE_IO,         /* anything else the database reported */
};

enum store_open_mode {
	STORE_OPEN_EXISTING = 0,  /* the site must exist */
	STORE_OPEN_CREATE = 1,    /* create a new site; refuse a file that has content */
	STORE_OPEN_READONLY = 2,
};

struct store;

enum store_err store_open(const char *path, enum store_open_mode mode, struct store **out,
			  char *errmsg, size_t errsz);
void store_close(struct store *s);
const char *store_errmsg(const struct store *s);
/* Forgets the last message: a caller can then tell whether what it did next
 * recorded one. */
void store_errmsg_clear(struct store *s);
/* For a caller whose own allocation failed while it worked with s: records
 * "FILE: out of memory" as the message and returns STORE_IO. */
enum store_err store_oom(struct store *s);

/* Transactions: writes between begin and commit are whole or not at all. */
/* How long a write waits for another process's write lock before STORE_BUSY
 * (default 5000 ms: a command can wait; a server thread should not, long). */
void store_busy_timeout(struct store *s, int ms);

enum store_err store_begin(struct store *s);
enum store_err store_commit(struct store *s);
void store_rollback(struct store *s);

/*
 * A snapshot for a long read-only job (the static export): one read transaction,
 * so that every read until store_snapshot_end() sees the site as it was at this
 * call, whatever other processes write meanwhile, and the file is locked once
 * instead of once per read. *version is the content version the snapshot
 * sees (store_content_version), so that jobs on several connections can check
 * they all see the same site. Not inside store_begin().
 */
enum store_err store_snapshot_begin(struct store *s, int64_t *version);
void store_snapshot_end(struct store *s);

/*
 * Inserts the item, or updates the one with the same (lang, slug). Sets it->id and
 * it->updated: now, or for a new item the it->updated it came with when that is
 * after 0 and before now (an imported item's last change). *created says which
 * happened (may be NULL).
 */
enum store_err store_item_put(struct store *s, struct item *it, int *created);
enum store_err store_item_get(struct store *s, int64_t id, struct item *out);
enum store_err store_item_get_slug(struct store *s, const char *lang, const char *slug,
				   struct item *out);
enum store_err store_item_delete(struct store *s, int64_t id);
/* Gives item id the slug slug (in its language); STORE_CONFLICT when another item
 * has it, STORE_NOTFOUND when there is no item id. Nothing else of it changes. */
enum store_err store_item_rename(struct store *s, int64_t id, const char *slug);

struct item_query {
	int public_only;      /* only published items dated at or before now */
	int64_t now;
	int kind;             /* enum item_kind, or -1 for all */
	const char *lang;     /* NULL for all */
	int64_t from, to;     /* published in [from, to); to == 0 means no upper bound */
	const char *series;   /* NULL for all; else items of this series, by part */
	int64_t offset, limit;/* limit 0 = no limit */
	int64_t after_published, after_id; /* with after_id > 0: only the items after
			       * (published, after_id) in the newest-first order, i.e.
			       * (published, id) < (after_published, after_id): the next
			       * chunk of a long list without an OFFSET to skip */
	int oldest_first;
	int with_text;        /* only items with a text beyond their lead (a body) */
	int brief;            /* lists: body and tags left empty (not read); the rest is read */
	int entries;          /* the public lists' entries: only id, kind, status, published,
			       * title, lead, lang, slug, embargo_until and deleted_at are
			       * read, all from the index items_entries; the rest is empty */
	int paths;            /* lists of links (the sitemap, the export's list of pages):
			       * only id, kind, status, published, updated, lang, slug,
			       * series, translation_key, embargo_until and deleted_at are
			       * read, all from the index items_public; the rest is empty.
			       * Without a language they come by language (the last tag in
			       * the index's order first), each newest first: the index's
			       * own order, no sort of them all */
};

/* The items matching q, newest first (series: by part). Free with store_items_free. */
enum store_err store_item_list(struct store *s, const struct item_query *q, struct item **out,
			       size_t *n);
enum store_err store_item_count(struct store *s, const struct item_query *q, int64_t *count);
void store_items_free(struct item *items, size_t n);
/* Publication times of the matching items, newest first (for month indexes). */
enum store_err store_item_times(struct store *s, const struct item_query *q, int64_t **out,
				size_t *n);

/* The earliest time > now at which a published item becomes public (its date or
 * embargo end, whichever is later); 0 if none. */
enum store_err store_next_scheduled(struct store *s, int64_t now, int64_t *when);
/* A number that changes whenever any connection commits a change to the file. */
enum store_err store_data_version(struct store *s, int64_t *v);
/* A number that changes whenever what the public site shows changes (items, tags,
 * settings), but not for sessions, audit rows or login failures. */
enum store_err store_content_version(struct store *s, int64_t *v);
/* The newest 'updated' time of any item or setting (for Last-Modified). */
enum store_err store_last_change(struct store *s, int64_t *when);

/* Settings: a key/value table. get returns STORE_NOTFOUND for an unset key; *value is the caller's. */
enum store_err store_setting_get(struct store *s, const char *key, char **value);
enum store_err store_setting_set(struct store *s, const char *key, const char *value);
enum store_err store_setting_delete(struct store *s, const char *key);

/*
 * Languages: the distinct languages of the items matching q (its lang is ignored),
 * sorted. *out is an array of n strings; free each and the array (store_langs_free).
 */
enum store_err store_item_langs(struct store *s, const struct item_query *q, char ***out,
				size_t *n);
void store_langs_free(char **langs, size_t n);
/*
 * The translations of it: the other items with its (non-empty) translation_key that
 * match q (public_only, now, kind, ...; q->lang NULL for every language), by
 * language, without body and tags (as item_query.brief). None when it has no key.
 * Free with store_items_free.
 */
enum store_err store_item_translations(struct store *s, const struct item *it,
				       const struct item_query *q, struct item **out, size_t *n);

/*
 * Old addresses: paths of the sites items came from (a page's aliases, a WordPress
 * post's link), in url_alias_path()'s form, each leading to one item; the public
 * site redirects them to the item's page. Deleting an item deletes its own.
 */
struct store_alias {
	char *path;
	int64_t item_id;
};
/* path now leads to item_id: added, or taken from the item it led to. *changed
 * (may be NULL) is 1 when that changed anything. */
enum store_err store_alias_put(struct store *s, const char *path, int64_t item_id, int *changed);
/* path no longer leads to item_id; STORE_NOTFOUND when it did not. */
enum store_err store_alias_delete(struct store *s, const char *path, int64_t item_id);
/* The item path leads to; STORE_NOTFOUND when none. */
enum store_err store_alias_find(struct store *s, const char *path, int64_t *item_id);
/* The old addresses of item_id, or of every item (item_id 0), by item then path.
 * Free with store_aliases_free. */
enum store_err store_alias_list(struct store *s, int64_t item_id, struct store_alias **out,
				size_t *n);
void store_aliases_free(struct store_alias *v, size_t n);
/* In v (n of them, by item as store_alias_list gives them), item id's: the first,
 * with their number in *count (0: none, and the result is NULL). */
const struct store_alias *store_aliases_of(const struct store_alias *v, size_t n, int64_t id,
					   size_t *count);

/*
 * Import marks: what the last import wrote to an item. store_import_mark_put
 * notes source (a fingerprint of what the import read for item_id, a short
 * string) with the item's revision now, and origin (what the source calls the
 * item, unique there; "" or NULL: nothing) and whether the item's date had no
 * time (dated_by_day); store_import_mark_get gives source
 * back (n bytes) and origin (on bytes; origin may be NULL) and sets *edited when
 * the item has been saved since;
 * store_import_mark_origin finds the item of an origin. STORE_NOTFOUND when no
 * import wrote such a mark.
 */
enum store_err store_import_mark_get(struct store *s, int64_t item_id, char *source, size_t n,
				     char *origin, size_t on, int *edited);
enum store_err store_import_mark_put(struct store *s, int64_t item_id, const char *source,
				     const char *origin, int dated_by_day);
enum store_err store_import_mark_origin(struct store *s, const char *origin, int64_t *item_id);
/* What an import gives an item of old addresses (store_import_aliases_set); each
 * list is addresses each followed by '\n', NULL or "" for none. */
struct store_import_aliases {
	const char *source; /* what gave them: a file, a WordPress post */
	const char *given;  /* every one it gives now */
	const char *fresh;  /* those of given this import wrote (or took from another item) */
	const char *made;   /* those of given the old site made (of a path, a pattern) */
	int made_known;     /* made is all the old site made; else those made before stay */
	int keep;           /* none given before goes (WordPress kept answering them) */
};
/* Notes what source a gives item_id now, in place of what it gave before: an
 * address it gave before and gives no longer (unless a->keep, or one the old site
 * made while !a->made_known) is taken off the item, if it still leads there, and
 * appended to removed (followed by '\n'). An address of given is the source's when
 * this import wrote it, or an import gave it before; not one the newsroom wrote, or
 * an import before schema 19, which stays whatever the source says later. */
enum store_err store_import_aliases_set(struct store *s, int64_t item_id,
					const struct store_import_aliases *a, struct buf *removed);
/* Sets the site's time zone, which was `was`, to zone. An imported item dated by
 * its day alone (its import mark says so; a mark from before schema 18, when its
 * time is midnight in `was`) keeps that day, now midnight in zone (its updated time
 * too where it was the same), when it is on the site already (a draft or a
 * scheduled one keeps its instant). *moved: how many. All of it or nothing, inside
 * a transaction or not. */
enum store_err store_timezone_set(struct store *s, const char *zone, const char *was, int64_t now,
				  int64_t *moved);

#endif
