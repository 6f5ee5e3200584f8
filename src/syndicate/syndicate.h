/*
 * syndicate: following upstream feeds. A run of one feed fetches it (fetch.h),
 * parses it (parse.h) and, in one transaction, turns each entry into an item:
 *  - identity: the entry's id (RSS guid, Atom id), else its link; an entry seen
 *    before (a row in feed_entries) is never imported again, not even after its
 *    item was deleted;
 *  - a new entry becomes a news item, a draft unless the feed was added with
 *    publish, dated by its published (else updated) date, with source_url = its
 *    link and source_title = the feed's title (else the entry's); its HTML
 *    (content, else summary) is sanitized and stored as Markdown
 *    (sanitize_markdown), relative links resolved against the entry's link; the
 *    slug is made from the title, with -2, -3... when taken;
 *  - an entry whose fingerprint (updated date + a hash of title, link and HTML)
 *    changed updates its item's title, body, lead and source; status, slug and
 *    date stay as the press office left them.
 * The feed's last_run and last_status are recorded whatever happened.
 * Thread-safety: one store per thread; the poller opens its own.
 */
#ifndef PR_SYNDICATE_H
#define PR_SYNDICATE_H

#include <stddef.h>

#include "../store/store_feeds.h"

struct syndicate_stats {
	size_t added, updated, skipped;
	/* changed upstream, but edited in the newsroom since the feed wrote them: their
	 * text was kept, not replaced */
	size_t kept;
	/* entries not taken, each with a line in the run's report saying why: no id
	 * and no link, the same id as an entry above, a text too large */
	size_t noted;
	/* feeds with fetch_media: the files linked from the entries written */
	size_t media_added, media_unchanged, media_failed;
	int not_modified;
};

/* Whether text looks like an RSS or Atom feed (check WordPress exports first). */
int feed_sniff(const char *text, size_t n);
/*
 * A feed file (an old site's RSS or Atom feed, a ministry's archive) imported once
 * into b: each dated entry an item as syndication would make it (title, text, lead,
 * the entry's link as its source), published at its date, its kind guessed from the
 * title (import_guess_kind), in lang; its slug from the link's last path segment
 * when that is one ("/news/visit.html": visit), else from the title, with -2, -3...
 * for repeats. An entry without a date is noted. Returns 0, or -1 with
 * "NAME:LINE: what" in err (not a feed, more than FEED_MAX_ENTRIES entries).
 */
struct import_batch;
struct buf;
int import_feed(const char *name, const char *text, size_t n, const char *lang,
		struct import_batch *b, struct buf *err);

/* "added 1, updated 0, skipped 3[, kept 1 edited here][; media files: added 2,
 * unchanged 0, not copied 1]" */
void syndicate_stats_line(char *out, size_t outsz, const struct syndicate_stats *st);

/*
 * Runs feed f now against store s. Returns 0, or -1 with a lowercase message in
 * err (fetch, parse or store error; nothing of the feed's entries was written).
 * cancel (may be NULL) aborts a transfer when it becomes non-zero.
 * A feed with fetch_media first copies the files that the entries to be added or
 * updated link to, on any host, into the media library (import.h:
 * import_fetch_media's limits and checks), outside the transaction; the items
 * link to /media/<name> and the files are written in the entries' transaction.
 * report (may be NULL): a line "URL: not copied (why); ..." for each file that
 * could not be, whose links still lead to its site.
 */
int syndicate_run(struct store *s, const struct feed_row *f, const volatile int *cancel,
		  struct syndicate_stats *st, struct buf *report, char *err, size_t errsz);

/* A feed's address as it is stored and looked up: without a "#part", its scheme and
 * host in lower case, in place ("HTTP://Example.org/feed#x" is example.org's feed). */
void syndicate_url_norm(char *url);
/*
 * url as the address of a feed to follow, into out (n bytes, syndicate_url_norm's
 * form). 0, or -1 with why (words without the URL, for a message that names it):
 * not an http or https URL with a host, a user name or password in it (it would be
 * stored and shown), too long, or a loopback, private or link-local host when
 * allow_private is not set (each poll would be refused).
 */
int syndicate_url_check(const char *url, int allow_private, char *out, size_t n, char *why,
			size_t whyn);

/*
 * Copies into the media library the files that the items feed f brought link to, on
 * any host (import_fetch_media's limits; a private address only when the feed
 * allows it), and makes those links /media/<name>: for items brought before the
 * feed had fetch_media, or whose files could not be copied then. The files are
 * fetched first; then, in one transaction, each item whose text changed is written
 * (st->updated; st->skipped: nothing to copy) with the files. An item edited or
 * deleted meanwhile is left as it is now (st->kept, a line in report). An item the
 * feed wrote and nobody edited stays unedited for the feed, so that corrections
 * upstream keep coming; one edited here stays edited. A file that cannot be copied
 * is a line "URL: not copied (why); ..." in report (st->media_failed) and its links
 * stay. Returns 0, or -1 with a message in err (store, out of memory, the temporary
 * folder, cancel), nothing written. progress: (done, total) while fetching; may be
 * NULL.
 */
int syndicate_fetch_media(struct store *s, const struct feed_row *f, const volatile int *cancel,
			  struct syndicate_stats *st, struct buf *report, struct buf *err,
			  void (*progress)(void *ctx, size_t done, size_t total), void *ctx);
/* The poller of `pressroom serve`: threads, each with its own store connection,
 * that run every feed whose interval has passed since its last run, a feed in one
 * thread at a time. */
struct syndicate_poller;
/* Returns NULL with a message on stderr if no thread can start. */
struct syndicate_poller *syndicate_poller_start(const char *db, int quiet);
/* Stops the threads (aborting the transfers in progress) and frees the poller. */
void syndicate_poller_stop(struct syndicate_poller *p);

#endif
