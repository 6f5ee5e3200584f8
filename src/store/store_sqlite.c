/*
 * The SQLite implementation of store.h: one file, WAL, synchronous=FULL.
 * Why: WAL lets the server read while the command line writes, and FULL makes an
 * acknowledged commit survive power loss, not only a process crash.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "fts_stem.h"
#include "store_feeds.h"
#include "store_search.h"
/* What the other files of this store use; included so that the compiler checks the
 * definitions here against their declarations. */
#include "store_internal.h"

/* 'PRSS': marks the file as a pressroom site. */
#define STORE_APP_ID 0x50525353
/* How long a connection waits for another process's lock before it says "locked". */
#define STORE_BUSY_MS 5000

/*
 * The read statements the public pages run again and again (an item by slug, a
 * list, a count), kept prepared: parsing and planning the SQL cost more than
 * running it (an export of 10,000 items spent a fifth of its time in the parser).
 * A kept statement is always reset when its caller is done (store_finish), so it
 * never holds a read transaction open between calls.
 */
#define STORE_STMT_CACHE 32
struct store_stmt {
	char *sql;              /* owned; NULL = free slot */
	sqlite3_stmt *st;
	int busy;               /* handed out, not yet finished */
};

struct store {
	sqlite3 *db;
	char path[1024];
	char msg[1024];
	struct store_stmt stmts[STORE_STMT_CACHE];
};

/* Schema migrations: entry N-1 takes a database from version N-1 to N. Only ever append. */
static const char store_schema_v1[] =
	"CREATE TABLE items ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('draft', 'published')),"
	" published INTEGER NOT NULL,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" title TEXT NOT NULL,"
	" lead TEXT NOT NULL DEFAULT '',"
	" body TEXT NOT NULL DEFAULT '',"
	" lang TEXT NOT NULL,"
	" slug TEXT NOT NULL,"
	" source_url TEXT NOT NULL DEFAULT '',"
	" source_title TEXT NOT NULL DEFAULT '',"
	" series TEXT NOT NULL DEFAULT '',"
	" part INTEGER NOT NULL DEFAULT 0,"
	" UNIQUE (lang, slug));"
	"CREATE INDEX items_by_time ON items (status, published);"
	"CREATE INDEX items_by_kind ON items (kind, status, published);"
	"CREATE INDEX items_by_series ON items (series, part) WHERE series <> '';"
	"CREATE TABLE item_tags ("
	" item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" tag TEXT NOT NULL,"
	" PRIMARY KEY (item_id, pos)) WITHOUT ROWID;"
	"CREATE INDEX item_tags_by_tag ON item_tags (tag);"
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL,"
	" updated INTEGER NOT NULL) WITHOUT ROWID;";

/* Version 2: the newsroom (accounts, sessions, revisions, audit, media, embargo,
 * trash), translations and syndication. */
static const char store_schema_v2[] =
	"ALTER TABLE items ADD COLUMN translation_key TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE items ADD COLUMN author_id INTEGER;"
	"ALTER TABLE items ADD COLUMN embargo_until INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE items ADD COLUMN deleted_at INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE items ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
	"CREATE INDEX items_by_translation ON items (translation_key) WHERE translation_key <> '';"
	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" role TEXT NOT NULL CHECK (role IN ('contributor', 'editor', 'admin')),"
	" pwhash TEXT NOT NULL,"
	" disabled INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL);"
	"CREATE TABLE sessions ("
	" token_hash TEXT PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	" csrf TEXT NOT NULL,"
	" created INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" addr TEXT NOT NULL DEFAULT '') WITHOUT ROWID;"
	"CREATE TABLE login_failures ("
	" key TEXT PRIMARY KEY,"
	" count INTEGER NOT NULL,"
	" first INTEGER NOT NULL,"
	" locked_until INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE TABLE revisions ("
	" id INTEGER PRIMARY KEY,"
	" item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
	" number INTEGER NOT NULL,"
	" user_id INTEGER,"
	" created INTEGER NOT NULL,"
	" data TEXT NOT NULL,"
	" UNIQUE (item_id, number));"
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" at INTEGER NOT NULL,"
	" user_id INTEGER,"
	" user_name TEXT NOT NULL DEFAULT '',"
	" action TEXT NOT NULL,"
	" item_id INTEGER,"
	" detail TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX audit_by_time ON audit (at);"
	"CREATE TABLE media ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" type TEXT NOT NULL,"
	" size INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" original_name TEXT NOT NULL DEFAULT '',"
	" data BLOB NOT NULL,"
	" user_id INTEGER,"
	" created INTEGER NOT NULL);"
	"CREATE TABLE preview_links ("
	" token_hash TEXT PRIMARY KEY,"
	" item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
	" created INTEGER NOT NULL,"
	" revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE TABLE feeds ("
	" id INTEGER PRIMARY KEY,"
	" url TEXT NOT NULL UNIQUE,"
	" publish INTEGER NOT NULL DEFAULT 0,"
	" allow_private INTEGER NOT NULL DEFAULT 0,"
	" interval INTEGER NOT NULL DEFAULT 900,"
	" last_run INTEGER NOT NULL DEFAULT 0,"
	" last_status TEXT NOT NULL DEFAULT '',"
	" etag TEXT NOT NULL DEFAULT '',"
	" last_modified TEXT NOT NULL DEFAULT '',"
	" created INTEGER NOT NULL);"
	"CREATE TABLE feed_entries ("
	" feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
	" entry_key TEXT NOT NULL,"
	" item_id INTEGER REFERENCES items (id) ON DELETE SET NULL,"
	" updated TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (feed_id, entry_key)) WITHOUT ROWID;";

/*
 * Version 4: indexes that cover every column the public lists filter on, so that
 * counting, paging (OFFSET) and listing times read only the index: a row's
 * embargo_until and deleted_at sit after its body, and reading them from the
 * table walks the body's overflow pages (a 10,000-item archive page took 35 ms).
 * id follows published so that "ORDER BY published DESC, id DESC" is the index's order.
 */
static const char store_schema_v4[] =
	"CREATE INDEX items_public ON items (status, deleted_at, lang, published, id, embargo_until, kind);"
	"CREATE INDEX items_public_kind ON items (status, deleted_at, lang, kind, published, id, embargo_until);";

/* What bumps content_version on a change of items (version 6; again in 7). */
#define STORE_CONTENT_ITEM_TRIGGERS                                               \
	"CREATE TRIGGER content_items_ins AFTER INSERT ON items BEGIN"            \
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"                \
	"CREATE TRIGGER content_items_upd AFTER UPDATE ON items BEGIN"            \
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"                \
	"CREATE TRIGGER content_items_del AFTER DELETE ON items BEGIN"            \
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"

/*
 * Version 6: a counter of changes to what the public site shows (items, their
 * tags, settings), bumped by triggers in the writing transaction. PRAGMA
 * data_version also moves for sessions, audit rows and login failures, and the
 * public page cache must not be dropped for those.
 */
static const char store_schema_v6[] =
	"CREATE TABLE content_version (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL);"
	"INSERT INTO content_version (id, v) VALUES (1, 1);"
	STORE_CONTENT_ITEM_TRIGGERS
	"CREATE TRIGGER content_tags_ins AFTER INSERT ON item_tags BEGIN"
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"
	"CREATE TRIGGER content_tags_del AFTER DELETE ON item_tags BEGIN"
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"
	"CREATE TRIGGER content_settings_ins AFTER INSERT ON settings BEGIN"
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"
	"CREATE TRIGGER content_settings_upd AFTER UPDATE ON settings BEGIN"
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"
	"CREATE TRIGGER content_settings_del AFTER DELETE ON settings BEGIN"
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;";

/*
 * Version 7: items again with body as its last column. SQLite stores a row's
 * columns in order and a long body spills into overflow pages, so reading any
 * column after it (lang, slug, series, ...) walked the whole body: every list,
 * feed and sitemap row read its item's full text. The rows keep their ids (the
 * search index and the tables that point at items stay valid); indexes and
 * triggers, which go with the old table, are made again; items_public now also
 * holds what a link to an item needs (item_query.paths). store_migrate() turns
 * foreign keys off around it, so that dropping the old table cascades nothing.
 */
static const char store_schema_v7[] =
	"CREATE TABLE items_v7 ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('draft', 'published')),"
	" published INTEGER NOT NULL,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" title TEXT NOT NULL,"
	" lead TEXT NOT NULL DEFAULT '',"
	" lang TEXT NOT NULL,"
	" slug TEXT NOT NULL,"
	" source_url TEXT NOT NULL DEFAULT '',"
	" source_title TEXT NOT NULL DEFAULT '',"
	" series TEXT NOT NULL DEFAULT '',"
	" part INTEGER NOT NULL DEFAULT 0,"
	" translation_key TEXT NOT NULL DEFAULT '',"
	" author_id INTEGER,"
	" embargo_until INTEGER NOT NULL DEFAULT 0,"
	" deleted_at INTEGER NOT NULL DEFAULT 0,"
	" revision INTEGER NOT NULL DEFAULT 1,"
	" body TEXT NOT NULL DEFAULT '',"
	" UNIQUE (lang, slug));"
	"INSERT INTO items_v7 (id, kind, status, published, created, updated, title, lead, lang,"
	" slug, source_url, source_title, series, part, translation_key, author_id,"
	" embargo_until, deleted_at, revision, body)"
	" SELECT id, kind, status, published, created, updated, title, lead, lang,"
	" slug, source_url, source_title, series, part, translation_key, author_id,"
	" embargo_until, deleted_at, revision, body FROM items;"
	"DROP TABLE items;"
	"ALTER TABLE items_v7 RENAME TO items;"
	"CREATE INDEX items_by_time ON items (status, published);"
	"CREATE INDEX items_by_kind ON items (kind, status, published);"
	"CREATE INDEX items_by_series ON items (series, part) WHERE series <> '';"
	"CREATE INDEX items_by_translation ON items (translation_key) WHERE translation_key <> '';"
	"CREATE INDEX items_public ON items (status, deleted_at, lang, published, id, embargo_until,"
	" kind, updated, slug, series, translation_key);"
	"CREATE INDEX items_public_kind ON items (status, deleted_at, lang, kind, published, id, embargo_until);"
	"CREATE INDEX items_search ON items (id, status, published, embargo_until, deleted_at, kind, lang);"
	STORE_SEARCH_TRIGGERS
	STORE_CONTENT_ITEM_TRIGGERS;

/*
 * Version 8: embargoed items (few) by the time their embargo lifts. The next time
 * the public site changes by itself (store_next_scheduled) is the earliest of the
 * scheduled items (items_by_time) and the embargoed ones; without this index that
 * was a walk of every published item at every start and cache refresh (11 ms for
 * 10,000 items).
 */
static const char store_schema_v8[] =
	"CREATE INDEX items_by_embargo ON items (embargo_until) WHERE embargo_until > 0;";

/*
 * Version 9: the entries of the public lists (date, kind, title, lead, link), in
 * the order they are shown, with the columns that choose them. An item's row is
 * most of a page (its body is on it), so a list of 10,000 entries read 10,000
 * table pages; from this index it reads about 900 (item_query.entries).
 */
static const char store_schema_v9[] =
	"CREATE INDEX items_entries ON items (status, deleted_at, lang, published, id,"
	" embargo_until, kind, slug, title, lead);";

/*
 * Version 10: a feed may copy the files its entries link to (images, PDFs) into
 * the media library (syndicate add --fetch-media); feeds followed before do not.
 */
static const char store_schema_v10[] =
	"ALTER TABLE feeds ADD COLUMN fetch_media INTEGER NOT NULL DEFAULT 0;";

/*
 * Version 11: a feed no longer followed keeps its row, marked removed, and the
 * rows of the entries it brought: following it again (or the same entries through
 * another feed, found by key) never imports one of them twice.
 */
static const char store_schema_v11[] =
	"ALTER TABLE feeds ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX feed_entries_by_key ON feed_entries (entry_key);";

/*
 * Version 12: keys stored before feeds cut long ones (store_feed_key_cap, through
 * the SQL function store_migrate gives the connection) are cut the same way, or the
 * next run would not know those entries and would import them again. A long key
 * whose cut form the feed has already is dropped: the row of the cut key stands for
 * the same entry.
 */
#define STORE_STR_(x) #x
#define STORE_STR(x) STORE_STR_(x)
static const char store_schema_v12[] =
	"UPDATE OR IGNORE feed_entries SET entry_key = pressroom_feed_key(entry_key)"
	" WHERE length(CAST(entry_key AS BLOB)) > " STORE_STR(FEED_KEY_MAX) ";"
	"DELETE FROM feed_entries WHERE length(CAST(entry_key AS BLOB)) > " STORE_STR(
		FEED_KEY_MAX) ";";

/* Version 13: a feed's own language (syndicate --lang), when the press office gives
 * one: a table of its own, so that the step can run on any version-12 file. */
static const char store_schema_v13[] =
	"CREATE TABLE IF NOT EXISTS feed_langs ("
	" feed_id INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,"
	" lang TEXT NOT NULL);";

/* Version 14: old addresses of items (store_alias_put), which the public site
 * redirects; a change to them is a change to what it shows. Each statement may run
 * again on a file that has them (as version 13's). */
static const char store_schema_v14[] =
	"CREATE TABLE IF NOT EXISTS item_aliases ("
	" path TEXT PRIMARY KEY,"
	" item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS item_aliases_item ON item_aliases (item_id);"
	"CREATE TRIGGER IF NOT EXISTS content_aliases_ins AFTER INSERT ON item_aliases BEGIN"
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"
	"CREATE TRIGGER IF NOT EXISTS content_aliases_upd AFTER UPDATE ON item_aliases BEGIN"
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;"
	"CREATE TRIGGER IF NOT EXISTS content_aliases_del AFTER DELETE ON item_aliases BEGIN"
	" UPDATE content_version SET v = v + 1 WHERE id = 1; END;";

/* Version 15: what the last import wrote to an item (store_import_mark_put): the
 * fingerprint of its source and the item's revision then (a later import of an
 * unchanged source leaves the item alone, edited here or not), and the source's own
 * name for it, where it has one (a WordPress post's number on its blog: the post is
 * that item whatever its slug becomes there). */
static const char store_schema_v15[] =
	"CREATE TABLE IF NOT EXISTS import_marks ("
	" item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
	" source TEXT NOT NULL,"
	" revision INTEGER NOT NULL,"
	" origin TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX IF NOT EXISTS import_marks_origin ON import_marks (origin) WHERE origin <> '';";

/* Version 16: items by language and date, whatever their status: an import finds
 * the item of a news page's entry by its day (import_by_lead), which walked every
 * item for each entry (10,000 entries took 18 s; the public indexes begin with the
 * status). */
static const char store_schema_v16[] =
	"CREATE INDEX IF NOT EXISTS items_by_lang_time ON items (lang, published);";

/* Version 17: the time zones a press officer named in the newsroom for an item's
 * publication and embargo times (store_nr_zones_set): its editor shows them in
 * those zones again, not in the site's. No row: the site's zone. */
static const char store_schema_v17[] =
	"CREATE TABLE IF NOT EXISTS item_zones ("
	" item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
	" publish TEXT NOT NULL DEFAULT '',"
	" embargo TEXT NOT NULL DEFAULT '');";

/* Version 18: whether the last import read an item's date as a day alone, with no
 * time (store_import_mark_put): a change of the site's zone keeps such an item's
 * day (store_timezone_set) and leaves a real midnight as it is. No row beside an
 * import mark: a mark written before, where a midnight is taken for a day. A table
 * of its own, as every migration from 12 on may run again (IF NOT EXISTS). */
static const char store_schema_v18[] =
	"CREATE TABLE IF NOT EXISTS import_days ("
	" item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
	" by_day INTEGER NOT NULL);";

/* Version 19: the old addresses imports gave each item, by source (the file, or
 * the WordPress post) and whether the old site made it (store_import_aliases_set):
 * one a later import of that source no longer gives is taken off the item. None
 * for an address an import wrote before: it stays. */
static const char store_schema_v19[] =
	"CREATE TABLE IF NOT EXISTS import_aliases ("
	" item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
	" path TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" made INTEGER NOT NULL,"
	" PRIMARY KEY (item_id, path)) WITHOUT ROWID;";

/* Version 20: a press officer's "Read now" for a feed (store_feed_ask_read): its
 * time. The server's poller reads a feed asked for after its last reading began
 * whatever its interval or its backoff after failures. */
static const char store_schema_v20[] =
	"CREATE TABLE IF NOT EXISTS feed_asks ("
	" feed_id INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,"
	" at INTEGER NOT NULL);";

/* Versions 3 and 5: the full-text index (store_search.c). */
static const char *const store_migrations[] = {
	store_schema_v1,        store_schema_v2, store_search_schema_v3, store_schema_v4,
	store_search_schema_v5, store_schema_v6, store_schema_v7,        store_schema_v8,
	store_schema_v9,        store_schema_v10,        store_schema_v11,        store_schema_v12,
	store_schema_v13,       store_schema_v14,        store_schema_v15,        store_schema_v16,
	store_schema_v17,       store_schema_v18,        store_schema_v19,        store_schema_v20};
#define STORE_SCHEMA_VERSION ((int)(sizeof(store_migrations) / sizeof(store_migrations[0])))

static enum store_err store_code(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW: return STORE_OK;
	case SQLITE_NOTADB: return STORE_NOTADB;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return STORE_BUSY;
	case SQLITE_READONLY: return STORE_READONLY;
	case SQLITE_FULL: return STORE_FULL;
	case SQLITE_CONSTRAINT: return STORE_CONFLICT;
	case SQLITE_NOTFOUND: return STORE_NOTFOUND;
	default: return STORE_IO;
	}
}

/* Records a message naming the file and what the database said; returns the error. */
static enum store_err store_fail(struct store *s, int rc, const char *what)
{
	enum store_err e = store_code(rc);
	const char *why;
	switch (e) {
	case STORE_BUSY: why = "the database is locked by another process"; break;
	case STORE_READONLY: why = "the database file is read-only"; break;
	case STORE_FULL: why = "the disk is full"; break;
	case STORE_NOTADB: why = "not a pressroom database (not an SQLite file)"; break;
	/* The connection's message only if this error is the connection's (a tokenizer
	 * that failed to register, say, leaves it at "not an error"). */
	default:
		why = s->db && (sqlite3_extended_errcode(s->db) & 0xff) == (rc & 0xff)
			      ? sqlite3_errmsg(s->db)
			      : sqlite3_errstr(rc);
		break;
	}
	snprintf(s->msg, sizeof(s->msg), "%s: %s: %s", s->path, what, why);
	return e;
}

const char *store_errmsg(const struct store *s) { return s->msg; }
void store_errmsg_clear(struct store *s) { s->msg[0] = '\0'; }

enum store_err store_oom(struct store *s)
{
	snprintf(s->msg, sizeof(s->msg), "%s: out of memory", s->path);
	return STORE_IO;
}

enum store_err store_exec(struct store *s, const char *sql, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? STORE_OK : store_fail(s, rc, what);
}

enum store_err store_prepare_as(struct store *s, const char *sql, sqlite3_stmt **st,
				const char *what)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, what);
	/* No statement from OK: the SQL was empty, i.e. the buffer it was built in ran
	 * out of memory (buf_str gives ""); stepping NULL would say "API misuse". */
	if (!*st) {
		snprintf(s->msg, sizeof(s->msg), "%s: %s: out of memory", s->path, what);
		return STORE_IO;
	}
	return STORE_OK;
}

static enum store_err store_prepare(struct store *s, const char *sql, sqlite3_stmt **st)
{
	return store_prepare_as(s, sql, st, "query");
}

/*
 * A read statement for sql from the cache, prepared on first use; give it back
 * with store_finish(). When the cache is full, or the same statement is in use
 * already (a caller nested in another), a fresh one that store_finish() finalizes.
 */
static enum store_err store_prepare_cached(struct store *s, const char *sql, sqlite3_stmt **st)
{
	struct store_stmt *free_slot = NULL;
	for (size_t i = 0; i < STORE_STMT_CACHE; i++) {
		struct store_stmt *c = &s->stmts[i];
		if (!c->sql) {
			if (!free_slot)
				free_slot = c;
			continue;
		}
		if (!c->busy && !strcmp(c->sql, sql)) {
			c->busy = 1;
			*st = c->st;
			return STORE_OK;
		}
	}
	if (!free_slot)
		return store_prepare(s, sql, st);
	char *copy = strdup(sql);
	if (!copy)
		return store_prepare(s, sql, st);
	int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	if (rc != SQLITE_OK) {
		free(copy);
		return store_fail(s, rc, "query");
	}
	free_slot->sql = copy;
	free_slot->st = *st;
	free_slot->busy = 1;
	return STORE_OK;
}

/* Done with a statement of store_prepare_cached: reset and kept, or finalized. */
static void store_finish(struct store *s, sqlite3_stmt *st)
{
	for (size_t i = 0; i < STORE_STMT_CACHE; i++) {
		struct store_stmt *c = &s->stmts[i];
		if (c->sql && c->st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			c->busy = 0;
			return;
		}
	}
	sqlite3_finalize(st);
}

/* Reads one integer from a single-row statement. */
static enum store_err store_int(struct store *s, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_cached(s, sql, &st);
	if (e)
		return e;
	e = store_step_int64(s, st, out, "query");
	store_finish(s, st);
	return e;
}

/*
 * Looks at the file before SQLite does: an empty or missing file is "new", a file
 * that does not start with SQLite's header is not ours, and we never write to it.
 * Returns 0 new, 1 an SQLite file, -1 not an SQLite file, -2 cannot read.
 * Why through SQLite's VFS and not open()/close(): closing any descriptor of a file
 * drops every POSIX lock the process holds on it, also those of connections already
 * open to it (the server opens several); another process may then checkpoint and
 * delete the WAL under them, and they read a stale file from then on. The unix VFS
 * keeps such a descriptor open until the process's locks on the file are gone.
 */
static int store_sniff(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return errno == ENOENT ? 0 : -2;
	if (st.st_size == 0)
		return 0;
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
	char *full = vfs ? calloc(1, (size_t)vfs->mxPathname + 1) : NULL;
	sqlite3_file *f = vfs ? calloc(1, (size_t)vfs->szOsFile) : NULL;
	int kind = -2, outflags = 0;
	if (full && f && vfs->xFullPathname(vfs, path, vfs->mxPathname + 1, full) == SQLITE_OK &&
	    vfs->xOpen(vfs, full, f, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &outflags) == SQLITE_OK) {
		char head[16];
		int rc = f->pMethods->xRead(f, head, sizeof(head), 0);
		if (rc == SQLITE_OK)
			kind = memcmp(head, "SQLite format 3", 16) == 0 ? 1 : -1;
		else if (rc == SQLITE_IOERR_SHORT_READ)
			kind = -1;
		f->pMethods->xClose(f);
	}
	free(f);
	free(full);
	return kind;
}

/* Whether path has no WAL with content beside it (nothing an immutable open would miss). */
static int store_no_wal(const char *path)
{
	char wal[1100];
	struct stat st;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	return stat(wal, &st) != 0 || st.st_size == 0;
}

/* Whether the WAL index (-shm) is beside path: a connection has it open, or had. */
static int store_has_shm(const char *path)
{
	char shm[1100];
	struct stat st;
	snprintf(shm, sizeof(shm), "%s-shm", path);
	return stat(shm, &st) == 0;
}

/* "file:PATH?immutable=1" with PATH percent-encoded where a URI needs it. */
static void store_immutable_uri(const char *path, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	o += (size_t)snprintf(out, n, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p && o + 4 < n; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/._-~", *p)) {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
	snprintf(out + o, n - o, "?immutable=1");
}

/*
 * fresh: a new, empty file, whose page size can still be chosen (not once it is
 * in WAL mode). 16 KiB holds an item of a few kB (an interview of 5 kB) with its
 * row instead of spilling it over a second page: an export of 10,000 such items
 * reads the file in 8,000 reads instead of 21,000 (bench/hugo.sh).
 */
static enum store_err store_configure(struct store *s, int readonly, int fresh)
{
	enum store_err e = store_exec(s, "PRAGMA foreign_keys = ON", "open");
	if (e || readonly)
		return e;
	if (fresh)
		e = store_exec(s, "PRAGMA page_size = 16384", "open");
	if (!e)
		e = store_exec(s, "PRAGMA journal_mode = WAL", "open");
	if (!e)
		e = store_exec(s, "PRAGMA synchronous = FULL", "open");
	return e;
}

/*
 * Brings the schema from version 'from' to the newest in one transaction; a new
 * file (from == 0) also gets our application_id. Either every step lands or none.
 * Foreign keys are off meanwhile (SQLite ignores that pragma inside a transaction),
 * because a step that rebuilds a table drops the old one; the links are checked
 * before the commit instead.
 */
static enum store_err store_migrate(struct store *s, int64_t from)
{
	if (from >= STORE_SCHEMA_VERSION)
		return STORE_OK;
	enum store_err e = store_exec(s, "PRAGMA foreign_keys = OFF", "upgrade schema");
	if (e)
		return e;
	if (sqlite3_create_function(s->db, "pressroom_feed_key", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
				    store_feed_key_sql, NULL, NULL) != SQLITE_OK) {
		snprintf(s->msg, sizeof(s->msg), "%s: upgrade schema: %s", s->path,
			 sqlite3_errmsg(s->db));
		e = STORE_IO;
	}
	if (!e)
		e = store_exec(s, "BEGIN IMMEDIATE", "upgrade schema");
	for (int64_t v = from; v < STORE_SCHEMA_VERSION && !e; v++)
		e = store_exec(s, store_migrations[v], "upgrade schema");
	int64_t broken = 0;
	if (!e)
		e = store_int(s, "SELECT count(*) FROM pragma_foreign_key_check", &broken);
	if (!e && broken) {
		snprintf(s->msg, sizeof(s->msg), "%s: upgrade schema: %lld rows point at rows that "
			 "are not there (PRAGMA foreign_key_check lists them); the file was left "
			 "as it was", s->path, (long long)broken);
		e = STORE_IO;
	}
	char pragmas[128];
	snprintf(pragmas, sizeof(pragmas), "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 STORE_APP_ID, STORE_SCHEMA_VERSION);
	if (!e)
		e = store_exec(s, pragmas, "upgrade schema");
	if (!e)
		e = store_exec(s, "COMMIT", "upgrade schema");
	if (e)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	enum store_err fk = store_exec(s, "PRAGMA foreign_keys = ON", "upgrade schema");
	return e ? e : fk;
}

enum store_err store_open(const char *path, enum store_open_mode mode, struct store **out,
			  char *errmsg, size_t errsz)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(errmsg, errsz, "%s: out of memory", path);
		return STORE_IO;
	}
	snprintf(s->path, sizeof(s->path), "%s", path);
	enum store_err e = STORE_OK;
	int kind = store_sniff(path);
	if (kind == -2) {
		snprintf(s->msg, sizeof(s->msg), "%s: cannot read: %s", path, strerror(errno));
		e = STORE_IO;
		goto out;
	}
	if (kind == -1) {
		snprintf(s->msg, sizeof(s->msg),
			 "%s: not a pressroom database (not an SQLite file); left untouched", path);
		e = STORE_NOTADB;
		goto out;
	}
	if (kind == 0 && mode != STORE_OPEN_CREATE) {
		snprintf(s->msg, sizeof(s->msg),
			 "%s: no site here; create one with 'pressroom init'", path);
		e = STORE_NOTFOUND;
		goto out;
	}
	/*
	 * A site we may not write (a read-only mount, a file without write permission):
	 * a write is refused here, in words that say why, and reading falls back to a
	 * read-only open. On a read-only file system SQLite cannot make the WAL index
	 * (-shm) beside the file and would fail with "unable to open database file", so
	 * there, with no WAL left to read, the file is opened immutable: nobody can change it.
	 */
	int ro_errno = kind == 1 && access(path, W_OK) != 0 ? errno : 0;
	if ((ro_errno == EROFS || ro_errno == EACCES) && mode != STORE_OPEN_READONLY) {
		snprintf(s->msg, sizeof(s->msg), "%s: open: the database file is read-only (%s)", path,
			 ro_errno == EROFS ? "a read-only file system" : "no permission to write it");
		e = STORE_READONLY;
		goto out;
	}
	char uri[3 * sizeof(s->path) + 32];
	const char *name = path;
	/* One thread at a time per connection (store.h), so SQLite need not lock each call. */
	int flags = SQLITE_OPEN_NOMUTEX;
	/* The same where only the permissions forbid it (an export run by another user
	 * than the site's) and no WAL index is there: a connection that writes would
	 * have made one (and then SQLite reads it as it is). */
	if ((ro_errno == EROFS || (ro_errno == EACCES && !store_has_shm(path))) &&
	    mode == STORE_OPEN_READONLY && store_no_wal(path)) {
		store_immutable_uri(path, uri, sizeof(uri));
		name = uri;
		flags |= SQLITE_OPEN_URI;
	}
	flags |= mode == STORE_OPEN_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (mode == STORE_OPEN_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(name, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		e = store_fail(s, rc, "open");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* Before the first read: a process holding the file's lock a moment (a checkpoint,
	 * an exclusive-mode connection) is waited for, not taken for a failure. */
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	/* The search index's tokenizer, before any statement can touch the index. */
	rc = fts_stem_register(s->db);
	if (rc != SQLITE_OK) {
		e = store_fail(s, rc, "open: registering the search tokenizer (is FTS5 there?)");
		goto out;
	}
	int64_t ver = 0;
	if (kind == 1) {
		int64_t app = 0;
		e = store_int(s, "PRAGMA application_id", &app);
		if (!e)
			e = store_int(s, "PRAGMA user_version", &ver);
		if (e)
			goto out;
		if (app != STORE_APP_ID) {
			snprintf(s->msg, sizeof(s->msg),
				 "%s: an SQLite database, but not a pressroom site; left untouched",
				 path);
			e = STORE_NOTADB;
			goto out;
		}
		if (ver > STORE_SCHEMA_VERSION) {
			snprintf(s->msg, sizeof(s->msg),
				 "%s: made by a newer pressroom (schema %lld, this one knows %d)",
				 path, (long long)ver, STORE_SCHEMA_VERSION);
			e = STORE_NOTADB;
			goto out;
		}
		if (mode == STORE_OPEN_CREATE) {
			snprintf(s->msg, sizeof(s->msg), "%s: a site exists here already", path);
			e = STORE_EXISTS;
			goto out;
		}
	}
	e = store_configure(s, mode == STORE_OPEN_READONLY, kind == 0);
	if (!e && mode != STORE_OPEN_READONLY)
		e = store_migrate(s, kind == 0 ? 0 : ver);
	else if (!e && ver < STORE_SCHEMA_VERSION) {
		snprintf(s->msg, sizeof(s->msg),
			 "%s: made by an older pressroom; open it once read-write to upgrade it", path);
		e = STORE_NOTADB;
	}
out:
	if (e) {
		snprintf(errmsg, errsz, "%s", s->msg);
		store_close(s);
		return e;
	}
	*out = s;
	return STORE_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < STORE_STMT_CACHE; i++) {
		if (s->stmts[i].sql) {
			sqlite3_finalize(s->stmts[i].st);
			free(s->stmts[i].sql);
		}
	}
	sqlite3_close_v2(s->db);
	free(s);
}

void store_busy_timeout(struct store *s, int ms) { sqlite3_busy_timeout(s->db, ms); }
enum store_err store_begin(struct store *s) { return store_exec(s, "BEGIN IMMEDIATE", "begin"); }
enum store_err store_commit(struct store *s) { return store_exec(s, "COMMIT", "commit"); }
enum store_err store_snapshot_begin(struct store *s, int64_t *version)
{
	/* No memory map: its pages would count as ours, and the whole site file
	 * would show in the export's peak memory. */
	enum store_err e = store_exec(s, "BEGIN", "snapshot");
	/* A deferred BEGIN reads nothing: the first read fixes the snapshot. */
	if (!e && (e = store_content_version(s, version)))
		store_rollback(s);
	return e;
}

void store_snapshot_end(struct store *s) { store_rollback(s); }

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

void store_column_copy(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

#define ITEM_COLUMNS                                                                \
	"id, kind, status, published, updated, title, lead, body, lang, slug, "      \
	"source_url, source_title, series, part, "                                   \
	"(SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM item_tags "       \
	"WHERE item_id = items.id ORDER BY pos)), "                                  \
	"translation_key, embargo_until, coalesce(author_id, 0), revision, deleted_at"
/*
 * The same columns for lists that show neither body nor tags (item_query.brief):
 * copying 10,000 bodies and running the tags subquery for each row were most of
 * the cost of reading a whole archive.
 */
#define ITEM_COLUMNS_BRIEF                                                          \
	"id, kind, status, published, updated, title, lead, '', lang, slug, "        \
	"source_url, source_title, series, part, NULL, "                             \
	"translation_key, embargo_until, coalesce(author_id, 0), revision, deleted_at"

/* The columns of item_query.entries, all in the index items_entries (schema 9). */
#define ITEM_COLUMNS_ENTRIES                                                        \
	"id, kind, status, published, 0, title, lead, '', lang, slug, "              \
	"'', '', '', 0, NULL, "                                                      \
	"'', embargo_until, 0, 0, deleted_at"

/* The columns of item_query.paths, all in the index items_public (schema 7), so that
 * a list of 10,000 links reads that index and not one table page per item. */
#define ITEM_COLUMNS_PATHS                                                          \
	"id, kind, status, published, updated, '', '', '', lang, slug, "             \
	"'', '', series, 0, NULL, "                                                  \
	"translation_key, embargo_until, 0, 0, deleted_at"

static int store_row_text(sqlite3_stmt *st, int col, char **field)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return item_set_field(field, t ? (const char *)t : "",
			      t ? (size_t)sqlite3_column_bytes(st, col) : 0);
}

/* Fills it (item_init'ed) from a row selected with ITEM_COLUMNS. */
static int store_row_item(sqlite3_stmt *st, struct item *it)
{
	it->id = sqlite3_column_int64(st, 0);
	int k = item_kind_parse((const char *)sqlite3_column_text(st, 1),
				(size_t)sqlite3_column_bytes(st, 1));
	it->kind = k < 0 ? KIND_NEWS : (enum item_kind)k;
	const unsigned char *status = sqlite3_column_text(st, 2);
	it->status = status && strcmp((const char *)status, "published") == 0 ? STATUS_PUBLISHED
									    : STATUS_DRAFT;
	it->published = sqlite3_column_int64(st, 3);
	it->updated = sqlite3_column_int64(st, 4);
	int r = 0;
	r |= store_row_text(st, 5, &it->title);
	r |= store_row_text(st, 6, &it->lead);
	r |= store_row_text(st, 7, &it->body);
	r |= store_row_text(st, 8, &it->lang);
	r |= store_row_text(st, 9, &it->slug);
	r |= store_row_text(st, 10, &it->source_url);
	r |= store_row_text(st, 11, &it->source_title);
	r |= store_row_text(st, 12, &it->series);
	it->part = sqlite3_column_int(st, 13);
	const char *tags = (const char *)sqlite3_column_text(st, 14);
	while (tags && *tags) {
		const char *nl = strchr(tags, '\n');
		size_t len = nl ? (size_t)(nl - tags) : strlen(tags);
		r |= item_add_tag(it, tags, len);
		tags = nl ? nl + 1 : NULL;
	}
	r |= store_row_text(st, 15, &it->translation_key);
	it->embargo_until = sqlite3_column_int64(st, 16);
	it->author_id = sqlite3_column_int64(st, 17);
	it->revision = sqlite3_column_int64(st, 18);
	it->deleted_at = sqlite3_column_int64(st, 19);
	return r;
}

static enum store_err store_get_by(struct store *s, sqlite3_stmt *st, struct item *out)
{
	enum store_err e = STORE_OK;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (store_row_item(st, out)) {
			snprintf(s->msg, sizeof(s->msg), "%s: out of memory", s->path);
			e = STORE_IO;
		}
	} else if (rc == SQLITE_DONE) {
		snprintf(s->msg, sizeof(s->msg), "%s: no such item", s->path);
		e = STORE_NOTFOUND;
	} else {
		e = store_fail(s, rc, "read item");
	}
	store_finish(s, st);
	return e;
}

enum store_err store_item_get(struct store *s, int64_t id, struct item *out)
{
	sqlite3_stmt *st;
	enum store_err e =
		store_prepare_cached(s, "SELECT " ITEM_COLUMNS " FROM items WHERE id = ?", &st);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	return store_get_by(s, st, out);
}

enum store_err store_item_get_slug(struct store *s, const char *lang, const char *slug,
				   struct item *out)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_cached(
		s, "SELECT " ITEM_COLUMNS " FROM items WHERE lang = ? AND slug = ?", &st);
	if (e)
		return e;
	store_bind_text(st, 1, lang);
	store_bind_text(st, 2, slug);
	return store_get_by(s, st, out);
}

/* Runs a statement that returns no rows, then finalizes it. */
enum store_err store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	enum store_err e = rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : store_fail(s, rc, what);
	sqlite3_finalize(st);
	return e;
}

enum store_err store_step_one(struct store *s, sqlite3_stmt *st, const char *what,
			      const char *absent)
{
	enum store_err e = store_step_done(s, st, what);
	if (!e && sqlite3_changes(s->db) == 0)
		e = store_set_msg(s, STORE_NOTFOUND, absent);
	return e;
}

enum store_err store_step_text_id(struct store *s, const char *sql, const char *text, int64_t id,
				  const char *what, const char *absent)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare_as(s, sql, &st, what);
	if (e)
		return e;
	store_bind_text(st, 1, text);
	sqlite3_bind_int64(st, 2, id);
	return store_step_one(s, st, what, absent);
}

enum store_err store_item_row_write(struct store *s, struct item *it, int64_t id, int64_t now,
				   int64_t since, int64_t revision)
{
	sqlite3_stmt *st;
	enum store_err e;
	if (id)
		e = store_prepare(s,
				  "UPDATE items SET kind = ?1, status = ?2, published = ?3, "
				  "updated = ?4, title = ?5, lead = ?6, body = ?7, lang = ?8, "
				  "slug = ?9, source_url = ?10, source_title = ?11, series = ?12, "
				  "part = ?13, translation_key = ?15, "
				  "embargo_until = CASE WHEN ?16 < 0 THEN embargo_until ELSE ?16 END, "
				  "author_id = coalesce(nullif(?17, 0), author_id), "
				  "revision = coalesce(nullif(?18, 0), revision + 1), deleted_at = ?19 "
				  "WHERE id = ?14",
				  &st);
	else
		e = store_prepare(s,
				  "INSERT INTO items (kind, status, published, updated, title, "
				  "lead, body, lang, slug, source_url, source_title, series, part, "
				  "created, translation_key, embargo_until, author_id, revision, "
				  "deleted_at) "
				  "VALUES (?1, ?2, ?3, ?20, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?4, "
				  "?15, max(?16, 0), nullif(?17, 0), coalesce(nullif(?18, 0), 1), ?19)",
				  &st);
	if (e)
		return e;
	store_bind_text(st, 1, item_kind_slug(it->kind));
	store_bind_text(st, 2, it->status == STATUS_PUBLISHED ? "published" : "draft");
	sqlite3_bind_int64(st, 3, it->published);
	sqlite3_bind_int64(st, 4, now);
	store_bind_text(st, 5, it->title);
	store_bind_text(st, 6, it->lead);
	store_bind_text(st, 7, it->body);
	store_bind_text(st, 8, it->lang);
	store_bind_text(st, 9, it->slug);
	store_bind_text(st, 10, it->source_url);
	store_bind_text(st, 11, it->source_title);
	store_bind_text(st, 12, it->series);
	sqlite3_bind_int(st, 13, it->part);
	if (id)
		sqlite3_bind_int64(st, 14, id);
	else
		sqlite3_bind_int64(st, 20, since > 0 && since < now ? since : now);
	store_bind_text(st, 15, it->translation_key);
	sqlite3_bind_int64(st, 16, it->embargo_until);
	sqlite3_bind_int64(st, 17, it->author_id);
	sqlite3_bind_int64(st, 18, revision);
	sqlite3_bind_int64(st, 19, it->deleted_at);
	e = store_step_done(s, st, "write item");
	if (e)
		return e;
	int created_row = !id;
	if (!id)
		id = sqlite3_last_insert_rowid(s->db);
	if ((e = store_prepare(s, "DELETE FROM item_tags WHERE item_id = ?", &st)))
		return e;
	sqlite3_bind_int64(st, 1, id);
	if ((e = store_step_done(s, st, "write tags")))
		return e;
	for (size_t i = 0; i < it->ntags; i++) {
		if ((e = store_prepare(s, "INSERT INTO item_tags (item_id, pos, tag) VALUES (?, ?, ?)",
				       &st)))
			return e;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		store_bind_text(st, 3, it->tags[i]);
		if ((e = store_step_done(s, st, "write tags")))
			return e;
	}
	it->id = id;
	it->updated = since > 0 && since < now && created_row ? since : now;
	return STORE_OK;
}

static enum store_err store_item_write(struct store *s, struct item *it, int *created)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare(s, "SELECT id FROM items WHERE lang = ? AND slug = ?", &st);
	if (e)
		return e;
	store_bind_text(st, 1, it->lang);
	store_bind_text(st, 2, it->slug);
	int64_t id = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		e = store_fail(s, rc, "write item");
	sqlite3_finalize(st);
	if (e)
		return e;
	if (created)
		*created = id == 0;
	/* A new item keeps the time of its last change that it brings (an import's). */
	return store_item_row_write(s, it, id, clock_now(), it->updated, 0);
}

enum store_err store_item_put(struct store *s, struct item *it, int *created)
{
	/* A savepoint makes the item and its tags one write, inside or outside a transaction. */
	enum store_err e = store_exec(s, "SAVEPOINT item_put", "write item");
	if (e)
		return e;
	e = store_item_write(s, it, created);
	if (e) {
		sqlite3_exec(s->db, "ROLLBACK TO item_put; RELEASE item_put", NULL, NULL, NULL);
		return e;
	}
	return store_exec(s, "RELEASE item_put", "write item");
}

enum store_err store_item_delete(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare(s, "DELETE FROM items WHERE id = ?", &st);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	e = store_step_done(s, st, "delete item");
	if (!e && sqlite3_changes(s->db) == 0) {
		snprintf(s->msg, sizeof(s->msg), "%s: no such item", s->path);
		e = STORE_NOTFOUND;
	}
	return e;
}

enum store_err store_item_rename(struct store *s, int64_t id, const char *slug)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare(s, "UPDATE items SET slug = ? WHERE id = ?", &st);
	if (e)
		return e;
	store_bind_text(st, 1, slug);
	sqlite3_bind_int64(st, 2, id);
	return store_step_one(s, st, "rename item", "no such item");
}

/* Appends the WHERE clause of q and binds nothing; store_query_bind binds in order. */
static void store_query_where(struct buf *sql, const struct item_query *q)
{
	buf_lit(sql, " WHERE 1");
	if (q->public_only)
		buf_lit(sql, " AND status = 'published' AND published <= :now"
			     " AND embargo_until <= :now AND deleted_at = 0");
	if (q->kind >= 0)
		buf_lit(sql, " AND kind = :kind");
	if (q->lang)
		buf_lit(sql, " AND lang = :lang");
	if (q->from)
		buf_lit(sql, " AND published >= :from");
	if (q->to)
		buf_lit(sql, " AND published < :to");
	if (q->series)
		buf_lit(sql, " AND series = :series");
	if (q->with_text)
		buf_lit(sql, " AND trim(body, ' ' || char(9, 10, 13)) <> ''");
	if (q->after_id > 0)
		buf_lit(sql, " AND (published, id) < (:after_published, :after_id)");
}

static void store_query_bind(sqlite3_stmt *st, const struct item_query *q)
{
	int i;
	if ((i = sqlite3_bind_parameter_index(st, ":now")))
		sqlite3_bind_int64(st, i, q->now);
	if ((i = sqlite3_bind_parameter_index(st, ":kind")))
		store_bind_text(st, i, item_kind_slug((enum item_kind)q->kind));
	if ((i = sqlite3_bind_parameter_index(st, ":lang")))
		store_bind_text(st, i, q->lang);
	if ((i = sqlite3_bind_parameter_index(st, ":from")))
		sqlite3_bind_int64(st, i, q->from);
	if ((i = sqlite3_bind_parameter_index(st, ":to")))
		sqlite3_bind_int64(st, i, q->to);
	if ((i = sqlite3_bind_parameter_index(st, ":series")))
		store_bind_text(st, i, q->series);
	if ((i = sqlite3_bind_parameter_index(st, ":after_published")))
		sqlite3_bind_int64(st, i, q->after_published);
	if ((i = sqlite3_bind_parameter_index(st, ":after_id")))
		sqlite3_bind_int64(st, i, q->after_id);
	if ((i = sqlite3_bind_parameter_index(st, ":limit")))
		sqlite3_bind_int64(st, i, q->limit ? q->limit : -1);
	if ((i = sqlite3_bind_parameter_index(st, ":offset")))
		sqlite3_bind_int64(st, i, q->offset);
}

static enum store_err store_query_prepare(struct store *s, const struct item_query *q,
					  const char *columns, sqlite3_stmt **st)
{
	struct buf sql;
	buf_init(&sql, 4096);
	buf_lit(&sql, "SELECT ");
	buf_adds(&sql, columns);
	buf_lit(&sql, " FROM items");
	/* Without a language the planner walks items_by_time and reads each row;
	 * items_public holds every column of a paths list, so a sort of it is cheaper. */
	if (q->paths)
		buf_lit(&sql, " INDEXED BY items_public");
	store_query_where(&sql, q);
	if (strncmp(columns, "count", 5) != 0) {
		if (q->series)
			buf_lit(&sql, " ORDER BY part, published");
		else if (q->paths && !q->lang && !q->oldest_first)
			buf_lit(&sql, " ORDER BY lang DESC, published DESC, id DESC");
		else if (q->oldest_first)
			buf_lit(&sql, " ORDER BY published, id");
		else
			buf_lit(&sql, " ORDER BY published DESC, id DESC");
		buf_lit(&sql, " LIMIT :limit OFFSET :offset");
	}
	enum store_err e = STORE_IO;
	if (buf_failed(&sql))
		snprintf(s->msg, sizeof(s->msg), "%s: out of memory", s->path);
	else
		e = store_prepare_cached(s, buf_str(&sql), st);
	buf_release(&sql);
	if (!e)
		store_query_bind(*st, q);
	return e;
}

enum store_err store_step_int64(struct store *s, sqlite3_stmt *st, int64_t *out, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, rc, what);
	*out = sqlite3_column_int64(st, 0);
	return STORE_OK;
}

int store_grow(void *v, size_t *cap, size_t len, size_t size)
{
	if (len < *cap)
		return 0;
	void *a;
	memcpy(&a, v, sizeof(a));
	size_t ncap = *cap ? *cap * 2 : 16;
	if (ncap > SIZE_MAX / size)
		return -1;
	void *b = realloc(a, ncap * size);
	if (!b)
		return -1;
	memcpy(v, &b, sizeof(b));
	*cap = ncap;
	return 0;
}

enum store_err store_step_rows(struct store *s, sqlite3_stmt *st, size_t size,
			       int (*row)(sqlite3_stmt *st, void *element),
			       void (*drop)(void *array, size_t n), const char *what, void *out,
			       size_t *n)
{
	unsigned char *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_grow(&v, &cap, len, size))
			break;
		unsigned char *el = v + len * size;
		memset(el, 0, size);
		len++;
		if (row(st, el))
			break;
	}
	enum store_err e = STORE_OK;
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_ROW) {
			e = STORE_IO;
			snprintf(s->msg, sizeof(s->msg), "%s: %s: out of memory", s->path, what);
		} else {
			e = store_fail(s, rc, what);
		}
		if (drop)
			drop(v, len);
		else
			free(v);
		v = NULL;
		len = 0;
	}
	memcpy(out, &v, sizeof(v));
	*n = len;
	return e;
}

static int store_row_item_at(sqlite3_stmt *st, void *it)
{
	item_init(it);
	return store_row_item(st, it);
}

static void store_items_drop(void *v, size_t n)
{
	store_items_free(v, n);
}

enum store_err store_step_items(struct store *s, sqlite3_stmt *st, struct item **out, size_t *n,
				const char *what)
{
	return store_step_rows(s, st, sizeof(**out), store_row_item_at, store_items_drop, what, out,
			       n);
}

static int store_row_int64(sqlite3_stmt *st, void *v)
{
	*(int64_t *)v = sqlite3_column_int64(st, 0);
	return 0;
}

enum store_err store_step_int64s(struct store *s, sqlite3_stmt *st, int64_t **out, size_t *n,
				 const char *what)
{
	return store_step_rows(s, st, sizeof(**out), store_row_int64, NULL, what, out, n);
}

enum store_err store_item_list(struct store *s, const struct item_query *q, struct item **out,
			       size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e =
		store_query_prepare(s, q,
				    q->paths     ? ITEM_COLUMNS_PATHS
				    : q->entries ? ITEM_COLUMNS_ENTRIES
				    : q->brief   ? ITEM_COLUMNS_BRIEF
						 : ITEM_COLUMNS,
				    &st);
	if (e)
		return e;
	e = store_step_items(s, st, out, n, "list items");
	store_finish(s, st);
	return e;
}

void store_items_free(struct item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		item_clear(&items[i]);
	free(items);
}

enum store_err store_item_count(struct store *s, const struct item_query *q, int64_t *count)
{
	sqlite3_stmt *st;
	enum store_err e = store_query_prepare(s, q, "count(*)", &st);
	if (e)
		return e;
	e = store_step_int64(s, st, count, "count items");
	store_finish(s, st);
	return e;
}

enum store_err store_item_times(struct store *s, const struct item_query *q, int64_t **out,
				size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	enum store_err e = store_query_prepare(s, q, "published", &st);
	if (e)
		return e;
	e = store_step_int64s(s, st, out, n, "list times");
	store_finish(s, st);
	return e;
}

enum store_err store_next_scheduled(struct store *s, int64_t now, int64_t *when)
{
	sqlite3_stmt *st;
	/* An item appears at max(published, embargo_until): the earliest such time
	 * after now is among the items published after now or embargoed past now,
	 * two small ranges of two indexes (named, so that a missing one is an error
	 * rather than a walk of every item). */
	enum store_err e = store_prepare_cached(
		s, "SELECT coalesce(min(t), 0) FROM ("
		   " SELECT max(published, embargo_until) AS t FROM items INDEXED BY items_by_time"
		   "  WHERE status = 'published' AND published > ?1 AND deleted_at = 0"
		   " UNION ALL"
		   " SELECT max(published, embargo_until) FROM items INDEXED BY items_by_embargo"
		   "  WHERE embargo_until > 0 AND embargo_until > ?1 AND status = 'published'"
		   "  AND deleted_at = 0)",
		&st);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, now);
	e = store_step_int64(s, st, when, "next scheduled");
	store_finish(s, st);
	return e;
}

enum store_err store_content_version(struct store *s, int64_t *v)
{
	return store_int(s, "SELECT v FROM content_version WHERE id = 1", v);
}

enum store_err store_data_version(struct store *s, int64_t *v)
{
	return store_int(s, "PRAGMA data_version", v);
}

enum store_err store_last_change(struct store *s, int64_t *when)
{
	return store_int(s,
			 "SELECT max(coalesce((SELECT max(updated) FROM items), 0),"
			 " coalesce((SELECT max(updated) FROM settings), 0))",
			 when);
}

enum store_err store_setting_get(struct store *s, const char *key, char **value)
{
	*value = NULL;
	sqlite3_stmt *st;
	enum store_err e = store_prepare(s, "SELECT value FROM settings WHERE key = ?", &st);
	if (e)
		return e;
	store_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		*value = strdup(v ? v : "");
		if (!*value) {
			snprintf(s->msg, sizeof(s->msg), "%s: out of memory", s->path);
			e = STORE_IO;
		}
	} else if (rc == SQLITE_DONE) {
		e = STORE_NOTFOUND;
	} else {
		e = store_fail(s, rc, "read setting");
	}
	sqlite3_finalize(st);
	return e;
}

enum store_err store_setting_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare(
		s, "INSERT INTO settings (key, value, updated) VALUES (?, ?, ?) "
		   "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
		&st);
	if (e)
		return e;
	store_bind_text(st, 1, key);
	store_bind_text(st, 2, value);
	sqlite3_bind_int64(st, 3, clock_now());
	return store_step_done(s, st, "write setting");
}

enum store_err store_setting_delete(struct store *s, const char *key)
{
	sqlite3_stmt *st;
	enum store_err e = store_prepare(s, "DELETE FROM settings WHERE key = ?", &st);
	if (e)
		return e;
	store_bind_text(st, 1, key);
	return store_step_done(s, st, "delete setting");
}

sqlite3 *store_db(struct store *s) { return s->db; }
enum store_err store_fail_msg(struct store *s, int rc, const char *what)
{
	return store_fail(s, rc, what);
}
enum store_err store_set_msg(struct store *s, enum store_err e, const char *msg)
{
	snprintf(s->msg, sizeof(s->msg), "%s: %s", s->path, msg);
	return e;
}

/* ---- languages and translations ---- */

static int store_row_lang(sqlite3_stmt *st, void *lang)
{
	return store_row_text(st, 0, lang);
}

static void store_langs_drop(void *v, size_t n)
{
	store_langs_free(v, n);
}

enum store_err store_item_langs(struct store *s, const struct item_query *q, char ***out,
				size_t *n)
{
	*out = NULL;
	*n = 0;
	struct item_query all = *q;
	all.lang = NULL;
	struct buf sql;
	buf_init(&sql, 4096);
	/* One index seek per language (the next lang after the last one found), not
	 * a walk of every item for DISTINCT: a site has a few languages and may have
	 * 100,000 items. The languages come in order. */
	buf_lit(&sql, "WITH RECURSIVE l(lang) AS (SELECT (SELECT min(lang) FROM items");
	store_query_where(&sql, &all);
	buf_lit(&sql, ") UNION ALL SELECT (SELECT min(lang) FROM items");
	store_query_where(&sql, &all);
	buf_lit(&sql, " AND lang > l.lang) FROM l WHERE l.lang IS NOT NULL)"
		      " SELECT lang FROM l WHERE lang IS NOT NULL");
	sqlite3_stmt *st;
	enum store_err e = store_prepare(s, buf_str(&sql), &st);
	buf_release(&sql);
	if (e)
		return e;
	store_query_bind(st, &all);
	e = store_step_rows(s, st, sizeof(**out), store_row_lang, store_langs_drop, "list languages",
			    out, n);
	sqlite3_finalize(st);
	return e;
}

void store_langs_free(char **langs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(langs[i]);
	free(langs);
}

enum store_err store_item_translations(struct store *s, const struct item *it,
				       const struct item_query *q, struct item **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!it->translation_key || !*it->translation_key)
		return STORE_OK;
	struct buf sql;
	buf_init(&sql, 4096);
	/* Links to translations need neither their text nor their tags. */
	buf_lit(&sql, "SELECT " ITEM_COLUMNS_BRIEF " FROM items");
	store_query_where(&sql, q);
	buf_lit(&sql, " AND translation_key = :tkey AND id <> :tid ORDER BY lang, published DESC");
	sqlite3_stmt *st;
	enum store_err e = store_prepare(s, buf_str(&sql), &st);
	buf_release(&sql);
	if (e)
		return e;
	store_query_bind(st, q);
	store_bind_text(st, sqlite3_bind_parameter_index(st, ":tkey"), it->translation_key);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":tid"), it->id);
	e = store_step_items(s, st, out, n, "list translations");
	sqlite3_finalize(st);
	return e;
}
