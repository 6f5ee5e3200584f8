/*
 * export: everything out of pressroom, in two forms.
 *
 *  - export_markdown(): every item (drafts and scheduled ones too; not the trash)
 *    as a Markdown file with YAML front matter, DIR/<lang>/<slug>.md, and every
 *    file of the media library as DIR/media/<name>, written so that `pressroom
 *    import DIR` into an empty site gives the same items, field for field, and the
 *    same files (docs/internals/export.md lists the keys). One snapshot of the
 *    store: an item saved meanwhile is in the folder whole or not at all.
 *  - export_static(): the whole public site as files under DIR that any static
 *    web server serves: every page through site_render(), so the copy is byte for
 *    byte what `pressroom serve` sends. /x/y becomes DIR/x/y/index.html; feeds,
 *    sitemap.xml and robots.txt keep their names; where other tools had the feed
 *    (site_legacy_feeds, per language), which the server redirects, the copy has
 *    the feed itself, the same bytes as its feed.rss or feed.atom (/feed becomes
 *    DIR/feed/index.html, /index.xml DIR/index.xml), since a feed reader follows
 *    no page's meta refresh; the theme goes to DIR/static/,
 *    the media files public pages link to DIR/media/ (what /media/<name> serves);
 *    the not-found page is DIR/404.html. A folder holding db is refused.
 *
 * Into a folder that has files already, files are written atomically (a
 * temporary file in the same folder, then rename), so a server reading DIR during
 * an export sees old or new files, never half of one; into a new or empty folder
 * (nobody serves it yet) static pages are written in place, which is cheaper.
 * DIR/.pressroom-export lists what the exports wrote; the next one removes the
 * files of that list that the site no longer has (export_manifest_begin below). Errors
 * name the path and are lowercase: "DIR/items/x/index.html: no space left on
 * device". Both return 0, or -1 with the message in err.
 */
#ifndef PR_EXPORT_H
#define PR_EXPORT_H

#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../base/strset.h"
#include "../store/store.h"
#include "../store/store_newsroom.h"

struct export_markdown_result {
	size_t written;        /* items */
	size_t trashed;        /* items in the trash, not written */
	size_t media;          /* files of the media library */
	size_t settings;       /* settings written to site.yaml */
	size_t feeds;          /* followed feeds written to feeds.yaml */
	size_t feed_entries;   /* the entries they have brought, with them */
	size_t removed;        /* files of the last export into dir the site no longer has */
	int kept;              /* it failed, and dir is as it was */
};

/* cancel: NULL, or set (by a signal) to stop; the files are put in place only once
 * all are written, so a failed or stopped export leaves dir as it was. replace: files
 * no earlier export wrote may be replaced (export_stage_foreign). */
int export_markdown(struct store *s, const char *dir, const volatile sig_atomic_t *cancel,
		    int replace, struct export_markdown_result *res, struct buf *err);

struct export_static_options {
	unsigned threads;      /* 0: one per CPU (at most 16) */
	int progress;          /* draw a progress bar (it still needs a terminal) */
	const volatile sig_atomic_t *cancel; /* NULL, or set (by a signal) to stop */
	int replace;           /* replace files no earlier export wrote (export_stage_foreign) */
	/* NULL, or the path the copy is served under ("/press": the copy's home page
	 * is https://host/press/): every link of its pages from the root of the host,
	 * and every absolute one (feeds, sitemap, canonical), starts with it, in place
	 * of base_url's own path if it has one. url_base_path_ok() checks it. NULL:
	 * base_url's path (a site served under one), else the root. */
	const char *base_path;
};


struct export_static_result {
	size_t pages;          /* HTML pages, 404.html included */
	size_t feeds;          /* RSS, Atom, JSON feeds */
	size_t other;          /* sitemap.xml, robots.txt, redirect stubs */
	size_t assets;         /* files under static/ */
	size_t media;          /* files of the media library, under media/ */
	uint64_t bytes;
	size_t broken;         /* links on the pages to paths the site does not serve */
	size_t unsafe;         /* paths that cannot be a file (a series named ".."), skipped */
	size_t removed;        /* files of the last export into dir that the site no longer has */
	int default_base_url;  /* base_url is still CONFIG_BASE_URL_DEFAULT */
	int kept;              /* it failed, and dir is as it was (an earlier copy, or
				* nothing: what a first export wrote is removed) */
};

/* Opens the site at db once per thread (read only), renders and writes it. */
int export_static(const char *db, const char *dir, const struct export_static_options *o,
		  struct export_static_result *res, struct buf *err);

/*
 * `pressroom serve --export DIR`: exports the site into dir now (NULL, with the
 * reason on stderr, if that fails), then keeps the copy in step from a thread of its
 * own: after each change readers would see (a commit to public content, a scheduled
 * or embargoed item's time) and a second without another, at most 10 s after the
 * first, it exports again (one thread; unchanged files are not rewritten, pages the
 * site no longer has are removed). A failed export is said on stderr and tried
 * again at the next change or a minute later. The copy never shows an item before
 * its time: each export renders the site as it is at that moment.
 */
struct export_mirror;
/* base_path: NULL, or export_static_options.base_path for every export. */
struct export_mirror *export_mirror_start(const char *db, const char *dir, const char *base_path,
					  int quiet);
void export_mirror_stop(struct export_mirror *m);

/* ---- used by both, and by tests ---- */

/* mkdir -p dir; *made: the length of the first folder of dir it made (0: none). -1
 * with "dir: why" in err. */
int export_make_dir(const char *dir, size_t *made, struct buf *err);
/* Removes the folders export_make_dir made (its *made), while they are empty. */
void export_unmake_dir(const char *dir, size_t made);
/* dir open as a folder for the *_at writers (O_PATH), or -1 with "dir: why" in err. */
int export_open_dir(const char *dir, struct buf *err);
/*
 * The writers take a folder and a path in it: at is an open descriptor of the
 * folder (O_PATH will do) and path is relative to it, so that the kernel does not
 * walk the folder's own path again for each of thousands of files; base is the
 * folder's name for messages ("base/path: why"). AT_FDCWD and NULL take path as it
 * is.
 *
 * export_write_file_at: writes data to path atomically, creating its folders; a
 * file that holds data already is left as it is (its time too). -1 with
 * "path: why" in err.
 */
int export_write_file_at(int at, const char *base, const char *path, const void *data,
			 size_t n, struct buf *err);
/*
 * An export over an earlier one puts its files in place only once all are written,
 * so that a full disk, an error or Ctrl-C midway leaves the earlier copy whole:
 *
 * export_stage_at: export_write_file_at's first half: nothing when path holds data
 * already; else data is written to a new temporary file beside path (its folders
 * made), and "tmp\0path\0made\0" appended to staged (made: the length of the first
 * folder made for it, in digits; "0" if none). -1 with "path: why" in err.
 * export_stage_commit: renames each staged file over its path, list by list; on a
 * failure, "path: why" in err and the files not yet in place are removed.
 * export_stage_discard: removes every staged file, and the folders made for them
 * that this leaves empty (never a folder that was there before).
 */
#define EXPORT_TMP_MAX 4200
int export_stage_at(int at, const char *base, const char *path, const void *data, size_t n,
		    struct buf *staged, struct buf *err);
int export_stage_commit(int at, const char *base, const struct buf *const *lists, size_t nlists,
			struct buf *err);
void export_stage_discard(int at, const struct buf *const *lists, size_t nlists);
struct export_manifest;
/* Before export_stage_commit: -1, the files named in err, when a staged file would
 * replace one that m's last list does not name (the web master's own index.html or
 * robots.txt, an old site's pages): not replaced without --replace. */
int export_stage_foreign(int at, const char *base, const struct buf *const *lists,
			 size_t nlists, const struct export_manifest *m, struct buf *err);
static inline int export_write_file(const char *path, const void *data, size_t n,
				    struct buf *err)
{
	return export_write_file_at(AT_FDCWD, NULL, path, data, n, err);
}
/*
 * Writes data to path, a file of a folder this export made (nobody serves it
 * yet): no temporary file and no rename, a third of export_write_file's system
 * calls. Makes the file's folder first; folder_made: the caller made it (a missing
 * one is still made). If path exists after all, falls back to export_write_file_at.
 * A failed write removes the part written.
 */
int export_write_new_at(int at, const char *base, const char *path, const void *data,
			size_t n, int folder_made, struct buf *err);
/* mkdir -p of the folder part of path (everything before its last '/'), at at: 0,
 * or -1 with "path: why" in err. */
int export_make_folders_at(int at, const char *path, struct buf *err);
/*
 * Calls fn with each file of the media library and its bytes, one at a time, newest
 * first; a stored name that is not one uploads get (media.h) is passed over, so every
 * name fn sees is a safe file name. Stops at fn's first non-zero return. Returns 0,
 * or -1 (fn's failure, or "media: why" in err).
 */
int export_media_each(struct store *s, int (*fn)(void *ctx, const struct nr_media *m), void *ctx,
		      struct buf *err);
/* "base/path: no such file or directory" (strerror(e), lowercased) into err; path
 * alone when base is NULL. */
void export_fail_errno(struct buf *err, const char *base, const char *path, int e);

/*
 * DIR/.pressroom-export, the list of the files exports into DIR wrote (manifest.c),
 * kept by both exports. It is written before the files are, so that an export that
 * fails or is killed part-way leaves a list, marked unfinished, that still names
 * every file it may have written:
 *  - export_manifest_begin() reads the last list (refused if it is another kind's:
 *    a static copy and a Markdown export in one folder would remove each other's
 *    files; after an unfinished one, it also
 *    removes the temporary files that export left in those files' folders) and
 *    writes it again, marked unfinished;
 *  - export_manifest_add() notes a name to be written, export_manifest_flush()
 *    appends the noted names to the list: call it before writing their files;
 *  - export_manifest_end(), once everything is written: removes the files of the
 *    last list that are not in lists (nlists buffers of NUL-ended names: what was
 *    written) and the folders that leaves empty, counting them in *removed, and
 *    writes the names, sorted, as the finished list.
 * A file no export listed is never touched.
 */
struct export_manifest {
	int dirfd;             /* DIR, the caller's */
	const char *dir;       /* for messages */
	int fd;                /* the unfinished list, open for appending, or -1 */
	struct strset old;     /* the names of the last list */
	struct buf pending;    /* names noted, not yet appended */
	int unfinished;        /* the last export into DIR did not finish */
	const char *kind;      /* "static" or "markdown": a list of the other kind is
				* refused, not removed (export_manifest_begin) */
	size_t swept;          /* temporary files of a killed export removed */
	int had;               /* DIR had a list before this export */
};
int export_manifest_begin(struct export_manifest *m, int dirfd, const char *dir, const char *kind,
			  struct buf *err);
void export_manifest_add(struct export_manifest *m, const char *name);
int export_manifest_flush(struct export_manifest *m, struct buf *err);
int export_manifest_end(struct export_manifest *m, const struct buf *const *lists, size_t nlists,
			size_t *removed, struct buf *err);
/* An export that put nothing in place (export_stage_discard): the list is again the
 * one before it (none, if there was none). 0, or -1 with "DIR/.pressroom-export: why". */
int export_manifest_abandon(struct export_manifest *m, struct buf *err);
/* An export into a folder without a list (new or empty) that failed after writing
 * some files in place: removes every file its list names, the folders that leaves
 * empty, and the list, so the folder is as it was. 0, or -1 with "DIR/NAME: why"
 * (a file that could not be removed). */
int export_manifest_undo(struct export_manifest *m, struct buf *err);
void export_manifest_free(struct export_manifest *m);
/* 1 if dir holds an export --markdown of pressroom's own (its list says so, or a
 * list without a kind and a site.yaml): its files say everything explicitly and
 * their bodies are pressroom's, to be read back as they are (import_mdtree). */
int export_own_markdown(const char *dir);
/* 1 if DIR/.pressroom-export says the last export into DIR did not finish. */
int export_unfinished(const char *dir);

/* Appends s as a YAML double-quoted scalar that any YAML parser reads back as s. */
void export_yaml_str(struct buf *o, const char *s);
/*
 * The file, relative to the export folder, that serves the (decoded) site path:
 * "/" -> "index.html", "/items/x" -> "items/x/index.html", "/feed.rss" ->
 * "feed.rss", "/press/visit.html" (an item's old address) -> "press/visit.html". Returns -1 for a path that cannot safely be a file (a "." or ".."
 * segment, an empty segment, a NUL or control byte, too long).
 */
int export_file_for_path(const char *path, const char *const *langs, size_t nlangs,
			 struct buf *out);

#endif
