/*
 * store_feeds: the followed feeds and the entries already taken from them, as part
 * of the store interface (store.h conventions: enum store_err, store_errmsg()).
 * Implemented for SQLite in store_feeds.c on the schema v2 tables feeds and
 * feed_entries. An entry row outlives its item (item_id 0 once the item is
 * deleted), so a deleted item is never imported again, and its feed (a removed
 * feed's row stays, marked, with its entries: schema v11).
 * Ownership: struct feed_row is plain data; lists are the caller's (free()).
 */
#ifndef PR_STORE_FEEDS_H
#define PR_STORE_FEEDS_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define FEED_URL_MAX 2048
/* An entry's key longer than FEED_KEY_MAX bytes is kept as its first FEED_KEY_KEEP
 * bytes (cut on a character's start), "#" and 16 hex digits of the whole key's
 * 64-bit FNV-1a hash: an export refuses keys over 4096 bytes (src/import/feeds.c),
 * and a feed's id is no place for a document. */
#define FEED_KEY_MAX 1024
#define FEED_KEY_KEEP 960
/* The seconds between a feed's polls. One on the internet (not --allow-private) is
 * polled at most every FEED_INTERVAL_PUBLIC seconds whatever its interval says: the
 * server is someone else's (feed_poll_interval). */
#define FEED_INTERVAL_MIN 1
#define FEED_INTERVAL_MAX (30 * 86400)
#define FEED_INTERVAL_PUBLIC 60

struct feed_row;
/* The seconds the server waits between f's polls: its interval, at least
 * FEED_INTERVAL_PUBLIC for a feed on the internet. */
int64_t feed_poll_interval(const struct feed_row *f);

struct feed_row {
	int64_t id;
	char url[FEED_URL_MAX];
	int publish;             /* new entries are published, not drafts */
	int allow_private;       /* may connect to loopback/private addresses */
	int fetch_media;         /* copies the files entries link to into the media library */
	char lang[16];           /* its items' language (syndicate --lang), "" = the one the
				  * feed names, else the site's */
	int64_t interval;        /* seconds between polls by the server */
	int64_t last_run;        /* UTC, 0 = never */
	char last_status[512];   /* "ok: added 1, updated 0, skipped 3" or the error */
	char etag[256];
	char last_modified[128];
	int64_t created;
	int64_t asked;           /* UTC of the last "Read now" (store_feed_ask_read), 0 = none */
};

/* Cuts key (UTF-8, NUL-terminated) in place as FEED_KEY_MAX says; a key of at most
 * FEED_KEY_MAX bytes is left as it is. The same key is cut the same way on every run,
 * and two keys that differ past the cut stay two. Schema v12 applies it to the keys
 * stored before it. */
void store_feed_key_cap(char *key);

/* Adds a feed (f->url, publish, allow_private, fetch_media, interval, lang); STORE_CONFLICT
 * if the URL is followed already. A feed removed before is followed again with the
 * entries it had brought (*again set, if again is not NULL). */
enum store_err store_feed_add(struct store *s, const struct feed_row *f, int64_t *id,
			      int *again);
/* All feeds by id. */
enum store_err store_feed_list(struct store *s, struct feed_row **out, size_t *n);
/* STORE_NOTFOUND if absent. */
enum store_err store_feed_get(struct store *s, int64_t id, struct feed_row *out);
enum store_err store_feed_get_url(struct store *s, const char *url, struct feed_row *out);
/* Sets feed f->id's publish, allow_private, fetch_media, interval and lang; its entries stay.
 * STORE_NOTFOUND if absent. */
enum store_err store_feed_set(struct store *s, const struct feed_row *f);
/* Follows feed id at url from now on (a page's feed found at its address), its
 * entries and options kept. STORE_CONFLICT when another row, followed or removed,
 * has that url; STORE_NOTFOUND if absent. */
enum store_err store_feed_set_url(struct store *s, int64_t id, const char *url);
/* A press officer asks for the feed to be read now (at: UTC): the server's poller
 * reads it once more if its last reading began before then, in an earlier second
 * (syndicate.c). At most
 * every FEED_ASK_GAP seconds after a reading ends. STORE_NOTFOUND if absent. */
#define FEED_ASK_GAP 10
enum store_err store_feed_ask_read(struct store *s, int64_t id, int64_t at);
/* Stops following the feed; its items stay, and so do the rows of its entries (the
 * feed's row is marked removed, out of every list): following it again imports none
 * of them twice. STORE_NOTFOUND if absent. */
enum store_err store_feed_delete(struct store *s, int64_t id);
/* Records a poll: its time, outcome and the validators for the next conditional GET. */
enum store_err store_feed_set_run(struct store *s, int64_t id, int64_t last_run, const char *status,
				  const char *etag, const char *last_modified);

/* The entry with this key of the feed: its item (0 = deleted) and fingerprint
 * (*updated is the caller's, may be NULL). STORE_NOTFOUND if never seen. */
enum store_err store_feed_entry_get(struct store *s, int64_t feed_id, const char *key,
				   int64_t *item_id, char **updated);
/* The entry with this key as any feed but feed_id brought it (one followed or
 * removed; one whose item is still there first): its item (0 = deleted) and, as
 * store_feed_entry_get gives it, that feed's fingerprint (what it wrote).
 * STORE_NOTFOUND if no other feed has brought it. */
enum store_err store_feed_entry_elsewhere(struct store *s, int64_t feed_id, const char *key,
					 int64_t *item_id, char **updated);
/* Each entry row of the feed, by key: fn gets its key, its item's language and slug
 * ("" and "" when the item was deleted or is in the trash) and its fingerprint; a
 * non-zero return stops the walk and is returned. */
enum store_err store_feed_entries_each(struct store *s, int64_t feed_id,
				       int (*fn)(void *ctx, const char *key, const char *lang,
						 const char *slug, const char *updated),
				       void *ctx);
/* The one entry row of the feed whose item's source link is link and whose key the
 * feed no longer has (gone(ctx, key) says so): an entry whose id changed upstream,
 * its link the same. Its item (not 0) and fingerprint, as store_feed_entry_get
 * gives them (the caller then writes the new key's row). STORE_NOTFOUND when no
 * row, or more than one, is such (two gone entries of one link are not guessed
 * between). */
enum store_err store_feed_entry_relink(struct store *s, int64_t feed_id, const char *link,
				       int (*gone)(void *ctx, const char *key), void *ctx,
				       int64_t *item_id, char **updated);
/* Inserts or replaces the entry row (item_id 0: its item was deleted). */
enum store_err store_feed_entry_put(struct store *s, int64_t feed_id, const char *key,
				   int64_t item_id, const char *updated);

#endif
