/*
 * import: items from other tools into the store, all or nothing.
 *
 * A reader (mdtree.c: a Hugo/Jekyll content/ folder; plaintext.c: a plain-text
 * news page; the WXR reader) fills a struct import_batch with parsed items and
 * with the files or parts it skipped and why. Nothing is written while reading:
 * a bad file makes the reader return -1 with one message "FILE:LINE: what" in
 * err, and the caller writes nothing. import_commit() then writes the batch in
 * one transaction.
 *
 * Idempotent: items are matched by (lang, slug); an item equal in every field the
 * reader sets to the stored one is skipped as unchanged, so a second import of the
 * same input writes nothing and reports "added 0, updated 0".
 *
 * Ownership: the batch owns its items, names and notes; import_batch_clear()
 * frees them. A batch is used by one thread at a time.
 */
#ifndef PR_IMPORT_H
#define PR_IMPORT_H

#include <signal.h>
#include <stddef.h>

#include "../base/buf.h"
#include "../store/store.h"
#include "../store/store_feeds.h"
#include "../store/store_newsroom.h"

struct fm_defaults;

/* At most this many files or items in one import. */
#define IMPORT_MAX_ITEMS 200000

/* At most this many old addresses of a file lead to one item (more are said). */
#define IMPORT_MAX_ALIASES 50

struct import_entry {
	char *name;          /* where it came from, for messages: "content/a.md", "page.txt:13" */
	size_t slug_line;    /* the line of its slug: in name's file (a Markdown file), or 0 */
	struct item it;
	/* The slug to take instead of it.slug when that one is another item's: an
	 * entry of a news page is its date and title, and the same title on another
	 * day ("Comment by the Embassy spokesperson") is another item, not an update.
	 * NULL: it.slug names this item, whatever is stored under it. */
	char *alt_slug;
	/* With alt_slug: the stored item is this entry's on another day too when it has
	 * the entry's title (a WordPress post: its slug is its own, and a date edited
	 * there is the same post). */
	int alt_keeps_title;
	/* With alt_slug: the slug to take when the stored item under its slug (or its
	 * alt_slug) is of the same day but says something else (another title and
	 * lead): a news page's two long titles cut to one slug, the cut slug and a hash
	 * of the entry's date and title; NULL when the title was not cut. */
	char *tie_slug;
	/* A tie settled on the page (the entry higher on it took its tie_slug): the cut
	 * slug it gave up, which the entry below it has. When the store holds this
	 * entry's item under it (imported before the other one was on the page, below
	 * it), import_commit gives it back and the other takes its own tie_slug. */
	char *tie_plain;
	/* A news page's entry: when nothing is stored under its slugs, the one item of
	 * its day and language with its lead (not empty) is its own, with the title
	 * corrected since (the slug made from it changed): it keeps that item's slug. */
	int by_lead;
	/* A news page's list entry: it says an item's date, title and lead only. The
	 * item it updates keeps what the entry does not say (the body, series, part,
	 * source and tags of its full article, imported from the page before). */
	int list_entry;
	/* A news page's full article: the page says no lead for it, so the item it
	 * updates keeps its own (its list entry's). */
	int keeps_lead;
	/* Its date is a guess (a Jekyll draft without one: its file's modification
	 * time, which a touch or a fresh clone changes): the item it updates keeps its
	 * own date. */
	int guessed_date;
	/* Its date is a day without a time (a news page's "21.09.2018"): its midnight
	 * in the site's zone, which a change of zone moves; the import's fingerprint
	 * takes the day, so that the same page again changes nothing. */
	int day_only;
	/* Its date had no time, whichever importer read it (day_only, a Markdown file's
	 * "date: 2018-02-15"): said in its import mark, so that a change of the site's
	 * zone keeps its day (store_timezone_set). Not in the fingerprint, which for a
	 * Markdown file stays the time it was read as. */
	int dated_by_day;
	/* The zones its date and embargo were typed in (a file's zone: and
	 * embargo_zone:, as export --markdown writes them; "": none named). */
	struct item_zones zones;
	/* Set when the entry took its dated slug because another day's item has its
	 * own: said if that makes a new item (not on every later import). */
	char alt_note[200];
	/* Slugs the entry may be stored under from before, tried in order when nothing
	 * is under it.slug (a tree's file: its name's, before a file of that name came
	 * in another folder; its title's, which versions before this one gave it): an
	 * item there with the entry's date is the entry's, and keeps that address. */
	char *old_slugs[2];
	/* What the source calls the entry, unique there (a WordPress post: its blog's
	 * address and post number), or NULL: an item an import wrote for it before is
	 * the entry's, whatever its slug (a draft's, from its title) says now. */
	char *origin;
	/* old_slugs[0] is the slug this entry was claimed under before it joined a
	 * series (import_join_series): its own, though claimed. */
	int old_slug_own;
	/* A news page's full article: the series its title names ("X (continued)",
	 * "X. Part 2", or X again: series "x"). When the site has parts of that series
	 * in the entry's language, the entry is the one of them of its date and title,
	 * else the part after the last: "To be continued..." on an earlier page, and
	 * here what followed. NULL: no such link. */
	char *series_next;
	/* Old addresses of the item (url_alias_path's form, each ending in '\n'), which
	 * the site redirects to it (store_alias_put), at most IMPORT_MAX_ALIASES; NULL:
	 * none. made_aliases: those
	 * of them the old site made (of a file's path, of a Jekyll permalink pattern),
	 * which made_known says are all it made (else those an earlier import of the
	 * source made stay: the config could not be read, --no-site-addresses, a
	 * folder read outside its site). aliases_keep: an address an earlier import of
	 * the source gave stays even when this one does not give it (a WordPress post's
	 * old permalinks, which WordPress kept answering). */
	char *aliases;
	char *made_aliases;
	int made_known;
	int aliases_keep;
	int updated;         /* import_commit changed the stored item under its slug */
	/* Its place among the entries of its date to the second, 1 unless the input
	 * says (export --markdown's same_time_order): import_batch_sort_ties. */
	int order;
	size_t seq;          /* its place when added: the sort keeps it among equals */
};

struct import_note {
	char *name;          /* the file or part skipped */
	char *why;           /* "section index (_index.md)" */
};

/* A file for the media library (a `media/` folder, as export --markdown writes it):
 * checked when read, read again and checked once more when written; a named one
 * takes its uploaded name and time from b->meta when listed there. */
struct import_media {
	char *path;          /* as opened: "site/media/3f2a9c1d0b7e4a51.png" */
	char name[96];       /* its name in the library */
	int named;           /* the file's own name must be that name (a media/ folder);
			      * else it is a page bundle's file, "photo.jpg" */
	char *original;      /* the name it was published under (a fetched file's URL's
			      * last part), or NULL: its path's */
};

/* What an export's media.yaml says of a file of its media/ folder: the name it was
 * uploaded as and when, which the file's own name (its content's) does not keep. */
struct import_media_meta {
	char name[96];       /* the file's name in the library */
	char *original_name; /* as uploaded; NULL: not given (the file's own name is used) */
	int64_t created;     /* when it was uploaded, if dated */
	int dated;           /* 0: not given (the time of the import is used) */
	size_t line;         /* its entry's line in media.yaml */
	int found;           /* a file of the media/ folder has that name */
};

/* A site setting (pressroom config) read from an export's site.yaml, checked. */
struct import_setting {
	char *key, *value;
};

/* A followed feed from an export's feeds.yaml, with the entries it had brought. */
struct import_feed_entry {
	char *key;           /* the entry's id in its feed */
	char *item;          /* its item, "lang/slug", or "" (deleted on purpose) */
	char *seen;          /* its fingerprint (syndicate.c) */
	size_t line;
};

struct import_feed {
	struct feed_row row; /* url, publish, allow_private, fetch_media, interval */
	struct import_feed_entry *v;
	size_t n;
	size_t line;
};

struct import_batch {
	struct import_entry *v;
	size_t n, cap;
	struct import_setting *settings;  /* written only where the site has none */
	size_t nsettings, capsettings;
	struct import_media *media;
	size_t nmedia, capmedia;
	struct import_media_meta *meta;   /* sorted by name once read */
	size_t nmeta, capmeta;
	char *meta_path;                  /* the media.yaml they came from, or NULL */
	struct import_feed *feeds;        /* followed here after the items are written */
	size_t nfeeds, capfeeds;
	struct import_note *notes;   /* skipped files and parts, in reading order */
	size_t nnotes, capnotes;
	/* Lines the reader wants shown (what it recognised besides items); owned. */
	struct buf info;
	/* The host of the site the items come from, when the reader knows it (a
	 * WordPress export's); else "". */
	char origin[256];
	/* The site's time zone (NULL: UTC): an entry with an alt_slug is the stored item
	 * of its slug when both fall on one day there. */
	const char *zone;
	/* import_fetch_media takes files of any host, not only the origin's (a feed's
	 * entries link their own photos and documents, often on a CDN). */
	int media_any_host;
	/* NULL, or set (by a signal) to stop: import_commit then writes nothing and
	 * says "interrupted"; import_mdtree stops reading the same way. */
	const volatile sig_atomic_t *cancel;
	/* The press office's own files (pressroom add), not another tool's: written
	 * over what an import left, and the import's mark stays, so that importing
	 * that source again keeps this edit (import_commit). */
	int edit;
};

/* import_source_mark's fingerprint: hex digits. */
#define IMPORT_MARK_LEN 32

struct import_result {
	size_t added, updated, unchanged;
	size_t media_added, media_unchanged;   /* files of the media library */
	size_t settings_set, settings_kept;    /* kept: the site had a value of its own */
	size_t feeds_added, feeds_kept;        /* kept: followed here already */
	size_t feed_entries_added, feed_entries_known;
	size_t feed_entries_unlinked;          /* their item is neither imported nor here */
	size_t aliases_added;                  /* old addresses that now lead to an item */
};

void import_batch_init(struct import_batch *b);
void import_batch_clear(struct import_batch *b);
/* Appends an item_init()ed entry named name; NULL when out of memory. */
struct item *import_batch_add(struct import_batch *b, const char *name);
/* Appends a setting (both copied; checked by the caller). -1 when out of memory. */
int import_batch_setting(struct import_batch *b, const char *key, const char *value);
/*
 * DIR/site.yaml as export --markdown writes it: a mapping of setting names (pressroom
 * config) to values, each checked with config_check and added to the batch; its
 * "feeds" list is counted in b->info, not followed (their entries would come back
 * as new items). Returns 0, or -1 with "path:LINE: what" in err.
 */
int import_settings_read(const char *path, struct import_batch *b, struct buf *err);
/* The line of libyaml's error in text[0..len): its mark, or for a reader error (bad
 * UTF-8), which sets only an offset, the line of that byte. */
struct yaml_parser_s;
size_t import_yaml_error_line(const struct yaml_parser_s *p, const char *text, size_t len);
/* Sets p's input to text[0..len) as UTF-8, a leading byte order mark skipped (libyaml,
 * told the encoding, counts it as a column and misreads the indentation below it);
 * returns the bytes skipped: errors' lines are import_yaml_error_line(p, text + that,
 * len - that). */
size_t import_yaml_input(struct yaml_parser_s *p, const char *text, size_t len);
/*
 * DIR/media.yaml as export --markdown writes it: a list of the media/ folder's files,
 * each a mapping of name (the library's name, nr_media_name_ok), original_name (text,
 * at most 255 bytes) and uploaded (a date as front matter's date: reads it; one
 * without an offset is in d's time zone), into b->meta sorted by name. An unknown
 * field, a field given twice, a bad value, a NUL byte, an alias or anchor, a name
 * listed twice, a second document or a file over 16 MiB is an error. Returns 0, or
 * -1 with "path:LINE: what" in err.
 */
int import_media_meta_read(const char *path, const struct fm_defaults *d, struct import_batch *b,
			   struct buf *err);
/* Once the media/ folder is read: each entry of b->meta that names none of its files
 * (b->media, named) is noted. -1 when out of memory. */
int import_media_meta_notes(struct import_batch *b);
/* The entry of b->meta for name, or NULL. */
const struct import_media_meta *import_media_meta_find(const struct import_batch *b,
							const char *name);
/* Appends a zeroed feed; NULL when out of memory. */
struct import_feed *import_batch_feed(struct import_batch *b);
/*
 * DIR/feeds.yaml as export --markdown writes it: a list of feeds (url; publish,
 * allow_private, fetch_media: true or false; interval: seconds; entries: a list of
 * key, item "lang/slug" or "", seen: fingerprint), each checked, into b->feeds. An
 * unknown field, a bad value, an alias, a feed or an entry listed twice is an error.
 * Returns 0, or -1 with "path:LINE: what" in err.
 */
int import_feeds_read(const char *path, struct import_batch *b, struct buf *err);
/* The same for text[0..len) read from path. */
int import_feeds_parse(const char *path, const char *text, size_t len, struct import_batch *b,
		       struct buf *err);
/*
 * Inside the caller's transaction, after the items: each feed of b followed (one the
 * site follows already keeps its own options), and each entry the site's feed does
 * not know recorded with its item, found by language and slug (none: recorded as
 * deleted, counted in feed_entries_unlinked), so that syndication never brings it
 * again. Returns 0, or -1 with "URL: why" in err.
 */
int import_feeds_write(struct store *s, struct import_batch *b, struct import_result *res,
		       struct buf *err);
/* Sets b->origin to the host of an http(s) URL (left as it is for anything else). */
void import_batch_origin(struct import_batch *b, const char *url);
/* When an entry's order is over 1: puts the entries oldest first and, within one
 * second, by order, then as they were (so that the ids of import_commit's new
 * items keep their order on the pages); else leaves them as they are. */
void import_batch_sort_ties(struct import_batch *b);
/* Sets the last entry's alt_slug (copied); -1 when out of memory. */
int import_batch_alt_slug(struct import_batch *b, const char *slug);
/* Puts slug (copied) first in e's old_slugs; -1 when out of memory. */
int import_entry_old_slug(struct import_entry *e, const char *slug);
/* Frees what an entry owns (not the entry). */
void import_entry_clear(struct import_entry *e);
/* Drops the last entry added (a reader that failed to fill it). */
void import_batch_drop_last(struct import_batch *b);
/* Drops entry i, the later ones moving up. */
void import_batch_drop(struct import_batch *b, size_t i);
/* Records a skipped file or part and why (both copied). -1 when out of memory. */
int import_batch_note(struct import_batch *b, const char *name, const char *why);
/*
 * Reads path (no symbolic link) into *data, grown as needed (so a caller reading many
 * files reuses it; free() it at the end), NUL-ended, length in *len. Returns 0;
 * IMPORT_READ_NOT_FILE or IMPORT_READ_TOO_LARGE (more than max bytes), nothing said;
 * or -1 with "path:1: why" in err.
 */
enum { IMPORT_READ_NOT_FILE = 1, IMPORT_READ_TOO_LARGE = 2 };
int import_read_file(const char *path, size_t max, char **data, size_t *cap, size_t *len,
		     struct buf *err);
/* import_read_file for a file read once, whole (an export's site.yaml, feeds.yaml,
 * media.yaml): 0 with its text in *data (free()); else -1 with "path:1: why" in err,
 * too_large being the why of a file over max bytes ("larger than 256 MiB: not a list
 * of media files"). */
int import_read_whole(const char *path, size_t max, const char *too_large, char **data,
		      size_t *len, struct buf *err);
/*
 * Reads path (no symbolic link) as a file for the media library: 0 with its bytes
 * in *data (free()) and *n, and its library name (media.h) in name; 1 with *why
 * (static text) when it cannot be one: too large, not JPEG/PNG/WebP/PDF, or (when
 * named) named otherwise than by its content, so that links to it would not match;
 * -1 with "path:1: why" in err when it cannot be read. sha: its hex SHA-256.
 */
int import_media_load(const char *path, int named, unsigned char **data, size_t *n,
		      char name[96], char sha[65], const char **why, struct buf *err);
/* Bytes as a file for the media library: NULL with its library name in name and its
 * hex SHA-256 in sha, or why they cannot be one (static text). */
const char *import_media_check(const unsigned char *d, size_t n, char name[96], char sha[65]);
/* Appends a checked media file (import_media_load gave 0), unless the batch has one of
 * that name already. -1 when out of memory. */
int import_batch_media(struct import_batch *b, const char *path, const char *name, int named);
/*
 * Markdown's link and image destinations in body ("](x", "](<x>", "]: x"; a textual
 * scan, so code spans count too): fn sees each (d, n) and returns 1 after writing its
 * replacement to to, 0 to leave it, -1 to stop. Returns 1 with the new body in out
 * (reset first), 0 when nothing was replaced, -1 when fn or memory failed.
 */
int import_dests_rewrite(const char *body, struct buf *out,
			 int (*fn)(void *ctx, const char *d, size_t n, struct buf *to), void *ctx);
/*
 * Checks that no two entries share a language and slug, but for two with alt_slugs
 * and different dates: import_commit moves the second one written to its alt_slug,
 * finding the first under the slug. Returns 0, or -1 with
 * "NAME:1: slug 'x' is also used by OTHER" in err.
 */
int import_batch_check(const struct import_batch *b, struct buf *err);

/*
 * Writes the batch in one transaction, entries in the order given (last_first:
 * from the last entry to the first, so that entries listed newest first get
 * ascending ids; an entry whose stored item is in the trash is not written but noted
 * in b->notes, after the reader's), then its media files (one already in the library is unchanged;
 * a file that changed since it was read fails the batch), then its settings where
 * the site has none of its own (set) or the same (neither); a site's own differing
 * value is kept. Returns 0, or -1 with a message in err after rolling back.
 * progress: when non-NULL, called with the count done so far.
 */
int import_commit(struct store *s, struct import_batch *b, int last_first,
		  struct import_result *res, struct buf *err,
		  void (*progress)(void *ctx, size_t done), void *ctx);

/*
 * Writes the batch's media files inside the caller's transaction, each read again
 * and checked (a file that changed since it was read fails): one already in the
 * library counts as unchanged. Returns 0, or -1 with "path: why" in err.
 */
int import_media_write(struct store *s, struct import_batch *b, struct import_result *res,
		       struct buf *err);

/*
 * The files the batch's items link to on the site they came from: each http(s) link
 * or image destination on b->origin's host (any host with b->media_any_host), or
 * under "/wp-content/uploads/" on any host, whose last segment has an extension other than a page's (.html, .php, ...).
 * fetch 0: one line in b->info says how many there are (none: nothing). fetch 1:
 * each is fetched once (fetch.h's limits, the media library's 10 MiB cap; a private
 * address only with allow_private), checked as a media file (import_media_check)
 * and written under its library name to a temporary folder, which f records; it
 * joins the batch's media and every link to it becomes /media/<name>. One that
 * cannot be fetched or taken is noted with the reason and its links stay as they
 * are. Returns 0, or -1 with a message in err (out of memory, the temporary
 * folder cannot be written, *cancel set: it stops the transfer in progress too;
 * cancel may be NULL). progress: (done, total) while fetching; may be NULL.
 * The files stay until import_fetched_clear(f), after import_commit has read them.
 */
struct import_fetched {
	char *dir;      /* the temporary folder, or NULL */
	char **files;   /* the files written to it */
	size_t nfiles;
};
int import_fetch_media(struct import_batch *b, const char *name, int fetch, int allow_private,
		       const volatile int *cancel, struct import_fetched *f, struct buf *err,
		       void (*progress)(void *ctx, size_t done, size_t total), void *ctx);
void import_fetched_clear(struct import_fetched *f);

/* Whether two items are equal in every field an import sets. */
int import_item_same(const struct item *a, const struct item *b);

/* ---- readers ---- */

/*
 * A folder of Markdown files with YAML front matter (Hugo's or Jekyll's content/),
 * read recursively. *.md and *.markdown files are items; "_index.*" (Hugo section
 * pages), an "index.*" at the top (the site's home page), README/LICENSE at the
 * top, hidden files and folders and Jekyll's _layouts/_includes/_site/_data/_sass
 * are skipped with a note; a file in a "_drafts" folder is a draft. The files of
 * a "media" folder at the top are the media library's (import_media_load; the
 * ones it refuses are noted and skipped), a media.yaml beside it giving the names
 * they were uploaded as and when (import_media_meta_read); Markdown in it is read
 * as anywhere. A page bundle's index.md (a folder's, below the top) that links or
 * shows a file of its folder ("photo.jpg", "./img/a.png") takes that file to the
 * media library and the link becomes /media/<name>; a linked file that cannot be one is noted. Symbolic
 * links are never followed (a link to a file in the tree is read at its target's
 * own place; one that leads out of the tree is noted and skipped). Kind defaults
 * to news. Hugo shortcodes and Liquid tags are rewritten as Markdown (shortcode.h),
 * cross-references resolved among the tree's files; those kept as text are listed in
 * b->info. Returns 0, or -1 with "FILE:LINE: what" in err.
 * progress: called with (files read, files found) while reading; may be NULL.
 */
int import_mdtree(const char *dir, const struct fm_defaults *d, struct import_batch *b,
		  struct buf *err, void (*progress)(void *ctx, size_t done, size_t total),
		  void *ctx);

/* The header of a plain-text news page: recognised, not items. */
#define PT_MAX_CLOCKS 8
struct pt_header {
	char date[64];                 /* "26 September 2018", "" if none */
	int ndate_line;
	char clock_label[PT_MAX_CLOCKS][48];
	char clock_time[PT_MAX_CLOCKS][8];
	size_t nclocks;
	char contact_title[128];       /* "Consular queries" */
	char contact_phone[128];
	char contact_email[128];
	char contact_address[256];
};

/*
 * A plain-text news page (docs/internals/import.md): the header (date, clocks,
 * contact block) into hdr; the full article under "PRESS RELEASES AND NEWS" and
 * each "dd.mm.yyyy - Title" entry of "LATEST EVENTS" with its lead paragraph into
 * b, in the page's order (newest first). Dates are midnight in zone tz; items get
 * language lang. name is used in messages and entry names. Returns 0, or -1 with
 * "NAME:LINE: what" in err.
 */
int import_plaintext(const char *name, const char *text, size_t n, const char *tz,
		     const char *lang, struct import_batch *b, struct pt_header *hdr,
		     struct buf *err);

/* Whether text looks like a plain-text news page (one of its two headings on a line). */
int import_plaintext_sniff(const char *text, size_t n);
/*
 * Why text, which no reader took, is not one they take when that is its encoding:
 * "UTF-16 ..." or "not UTF-8 (line N) ..." with what to do (save it as UTF-8), or
 * NULL when it is UTF-8. line: out, where.
 */
const char *import_text_encoding(const char *text, size_t n, int *line);

/* The kind a plain-text entry's title suggests (reply -> media-reply, ...). */
enum item_kind import_guess_kind(const char *title);

#endif
