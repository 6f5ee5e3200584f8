/*
 * store_newsroom: what the web newsroom needs from the store beyond store.h:
 * saving an item by its id with optimistic concurrency and a revision in one
 * write, the newsroom's item list with filters, the trash, revisions, uploaded
 * media and embargo preview links. store.h conventions: enum store_err,
 * store_errmsg(); tables from schema version 2.
 *
 * Writes that must be whole use a savepoint, so every function here may be called
 * inside or outside a caller's store_begin()/store_commit() (the newsroom wraps a
 * save and its audit entry in one transaction).
 * Ownership: what is handed out is the caller's; free with the matching _free.
 */
#ifndef PR_STORE_NEWSROOM_H
#define PR_STORE_NEWSROOM_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Status filter of the newsroom's list. */
enum nr_status {
	NR_ST_ANY = 0,     /* everything but the trash */
	NR_ST_DRAFT,
	NR_ST_SCHEDULED,   /* published, dated in the future */
	NR_ST_EMBARGOED,   /* published, embargo_until in the future */
	NR_ST_PUBLISHED,   /* public now */
	NR_ST_TRASH,       /* deleted_at != 0 */
};

struct nr_item_query {
	enum nr_status status;
	int kind;               /* enum item_kind, or -1 for all */
	const char *lang;       /* NULL or "" for all */
	int64_t author_id;      /* 0 for all */
	const char *search;     /* words the title contains (case-insensitive for ASCII); NULL or "" */
	int64_t now;            /* for scheduled / embargoed / published */
	int64_t offset, limit;  /* limit 0 = no limit */
};

/* Matching items, most recently updated first (trash: most recently deleted first). */
enum store_err store_nr_item_list(struct store *s, const struct nr_item_query *q,
				  struct item **out, size_t *n);
enum store_err store_nr_item_count(struct store *s, const struct nr_item_query *q,
				   int64_t *count);

/*
 * Saves it by id: it->id == 0 inserts a new item; otherwise updates the row with
 * that id, but only while its revision is still base_revision. On success
 * it->revision is the new revision number (1 for a new item), it->id and
 * it->updated are set, and a row (item, it->revision, user_id, now, snapshot) is
 * added to revisions. baseline, when not NULL, is the snapshot of the stored item
 * as it was before this save: it is recorded as revision base_revision if that
 * revision has no row yet (items that came from the command line).
 *
 * Errors: STORE_CONFLICT with *stale = 1 when someone saved in between (nothing is
 * written); STORE_CONFLICT with *stale = 0 when another item has the same language
 * and slug; STORE_NOTFOUND when the id does not exist.
 */
enum store_err store_nr_item_save(struct store *s, struct item *it, int64_t base_revision,
				  const char *snapshot, const char *baseline, int64_t user_id,
				  int64_t now, int *stale);

/* Status changes that do not touch the content (no new revision): */
enum store_err store_nr_item_unpublish(struct store *s, int64_t id, int64_t now);
/* deleted_at = now (the trash) or 0 (restored). */
enum store_err store_nr_item_trash(struct store *s, int64_t id, int64_t now, int trashed);
/* Sets translation_key of one item (linking a translation to an item that had none). */
enum store_err store_nr_item_set_translation(struct store *s, int64_t id, const char *key);
/* The time zones named in the newsroom for an item's publication and embargo
 * times (item_zones): "" for none named. */
#define ITEM_ZONE_MAX 64
struct item_zones {
	char publish[ITEM_ZONE_MAX], embargo[ITEM_ZONE_MAX];
};
/* Item id's zones (both "" when it has none), and setting them, in the caller's
 * transaction. */
enum store_err store_nr_zones_get(struct store *s, int64_t id, struct item_zones *z);
enum store_err store_nr_zones_set(struct store *s, int64_t id, const struct item_zones *z);
/* Whether an item other than except_id has lang and slug: 1 taken, 0 free. */
enum store_err store_nr_slug_taken(struct store *s, const char *lang, const char *slug,
				   int64_t except_id, int *taken);

/* Revisions: the JSON snapshots kept by every save. */
struct nr_revision {
	int64_t number;
	int64_t user_id;
	char user_name[64];     /* "" when the user is unknown or deleted */
	int64_t created;
	char *data;             /* the snapshot; NULL in lists */
};
/* All revisions of an item, newest first (data NULL). */
enum store_err store_nr_revision_list(struct store *s, int64_t item_id,
				      struct nr_revision **out, size_t *n);
/* One revision with its data; STORE_NOTFOUND if absent. Free with nr_revision_clear. */
enum store_err store_nr_revision_get(struct store *s, int64_t item_id, int64_t number,
				     struct nr_revision *out);
void nr_revision_clear(struct nr_revision *r);
void nr_revisions_free(struct nr_revision *r, size_t n);

/* Media: uploaded files, kept in the database under a name pressroom chose. */
struct nr_media {
	char name[96];          /* "3f2a9c1d0b7e4a51.png" */
	char type[48];          /* "image/png" */
	int64_t size;
	char sha256[65];
	char original_name[256];/* as the browser sent it, for display only */
	int64_t user_id;
	int64_t created;
	unsigned char *data;    /* the bytes (store_nr_media_get only); free() */
};
/*
 * Adds a file. *existed says it was there already under that name (same content:
 * nothing is written). data must be m->size bytes.
 */
enum store_err store_nr_media_add(struct store *s, const struct nr_media *m,
				  const void *data, int *existed);
/* A file with its data; STORE_NOTFOUND if absent. */
enum store_err store_nr_media_get(struct store *s, const char *name, struct nr_media *out);
/* Newest first, without data; free(*out). */
enum store_err store_nr_media_list(struct store *s, int64_t offset, int64_t limit,
				   struct nr_media **out, size_t *n);
enum store_err store_nr_media_count(struct store *s, int64_t *count);
enum store_err store_nr_media_delete(struct store *s, const char *name);
/*
 * How many items (drafts and the trash included: they can come back) link to
 * /media/<name> in their text, and the title of one of them (cut to titlesz).
 */
enum store_err store_nr_media_uses(struct store *s, const char *name, int64_t *count,
				   char *title, size_t titlesz);

/* Preview links of embargoed or unpublished items: only the token's hash is stored. */
struct nr_preview {
	char token_hash[65];
	int64_t created;
	int revoked;
};
enum store_err store_nr_preview_add(struct store *s, const char *token_hash, int64_t item_id,
				    int64_t now);
/* The item of a link that exists and is not revoked; STORE_NOTFOUND otherwise. */
enum store_err store_nr_preview_item(struct store *s, const char *token_hash, int64_t *item_id);
/* The links of an item, newest first; free(*out). */
enum store_err store_nr_preview_list(struct store *s, int64_t item_id, struct nr_preview **out,
				     size_t *n);
/* Revokes one link of the item; STORE_NOTFOUND if it has no such link. */
enum store_err store_nr_preview_revoke(struct store *s, int64_t item_id, const char *token_hash);

#endif
