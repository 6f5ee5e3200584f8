/*
 * pressroom backup FILE: a consistent copy of the site while it keeps serving.
 *
 * Why the shape:
 * - SQLite's online backup API copies pages, so the copy is a byte-faithful database
 *   (search index, media, sessions and all), not a re-export.
 * - The source connection holds one read transaction for the whole copy. In WAL mode
 *   that pins a snapshot without blocking anyone: the server reads and writes on, and
 *   the copy is the site as it was at that instant. Without it, every commit by
 *   another connection would restart the copy from page 1, and under steady writes a
 *   large site might never finish.
 * - Small steps with a short sleep between them keep the copy from hogging the disk
 *   and the CPU that the server is using.
 * - The copy is written to a temporary file next to FILE, checked (integrity_check),
 *   synced, and only then renamed over FILE, and the folder synced: FILE is either the
 *   old file or a whole new copy, never half of one, whatever fails or kills us.
 *
 * Reaching into the store: the backup API needs the source's sqlite3 handle, which
 * only src/store/ normally sees (store_internal.h). This one command is the exception;
 * it opens the site through store_open first so that a file that is not a pressroom
 * site is refused exactly as every other command refuses it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../store/store.h"
#include "../store/store_internal.h"
#include "cli.h"

#define BACKUP_STEP_PAGES 256 /* 1 MiB a step with 4 KiB pages */
#define BACKUP_SLEEP_NS 2000000L /* 2 ms between steps */
#define BACKUP_BUSY_TRIES 2500 /* x 2 ms: give up after ~5 s locked */

static const char backup_usage[] = "usage: pressroom [--db SITE] backup FILE\n";

static void backup_sleep(long ns)
{
	struct timespec ts = {0, ns};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Why a result code failed, in words a press officer can act on. */
static const char *backup_why(sqlite3 *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL: return "the disk is full";
	case SQLITE_READONLY: return "the file or its folder is read-only";
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return "the database is locked by another process";
	case SQLITE_NOMEM: return "out of memory";
	case SQLITE_CANTOPEN: return "cannot open it";
	default: return db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	}
}

/* Removes the temporary copy and anything SQLite may have left beside it. */
void cli_unlink_db(const char *tmp)
{
	static const char *const sfx[] = {"", "-journal", "-wal", "-shm"};
	char p[PATH_MAX + 16];
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", tmp, sfx[i]);
		unlink(p);
	}
}

/* fsync(2) of a path (a file, or a folder for the rename). Returns 0 or errno. */
static int backup_fsync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int rc = fsync(fd) ? errno : 0;
	/* Some file systems cannot sync a folder; the rename is then as durable as they allow. */
	if (dir && (rc == EINVAL || rc == EROFS))
		rc = 0;
	close(fd);
	return rc;
}

/* The folder of path into out ("." when it has none). */
static void backup_dirname(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, n, ".");
	else if (slash == path)
		snprintf(out, n, "/");
	else
		snprintf(out, n, "%.*s", (int)(slash - path), path);
}

/*
 * Checks that FILE may be written: not the site itself (nor its -wal/-shm), not a
 * folder, and, if it exists, an SQLite file (an earlier backup) or empty, so that a
 * slip of the keyboard cannot replace a document with a database.
 * Returns 0, or prints why not and returns 1.
 */
static int backup_check_target(const char *src, const char *dst)
{
	struct stat ss, ds;
	if (stat(src, &ss)) {
		fprintf(stderr, "pressroom: %s: cannot read: %s\n", src, strerror(errno));
		return 1;
	}
	char side[PATH_MAX + 8];
	for (int i = 0; i < 3; i++) {
		static const char *const sfx[] = {"", "-wal", "-shm"};
		snprintf(side, sizeof(side), "%s%s", src, sfx[i]);
		struct stat x;
		if (stat(side, &x) == 0 && stat(dst, &ds) == 0 && x.st_dev == ds.st_dev &&
		    x.st_ino == ds.st_ino) {
			fprintf(stderr, "pressroom: backup: %s is the site's own %s; "
					"choose another file for the copy\n",
				dst, i ? "journal" : "database");
			return 1;
		}
	}
	if (stat(dst, &ds) != 0) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "pressroom: backup: %s: %s\n", dst, strerror(errno));
		return 1;
	}
	if (S_ISDIR(ds.st_mode)) {
		fprintf(stderr, "pressroom: backup: %s is a folder; name the file of the copy, "
				"e.g. %s/pressroom-backup.db\n",
			dst, dst);
		return 1;
	}
	if (!S_ISREG(ds.st_mode)) {
		fprintf(stderr, "pressroom: backup: %s is not a regular file; left untouched\n", dst);
		return 1;
	}
	if (ds.st_size == 0)
		return 0;
	char head[16] = {0};
	int fd = open(dst, O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, head, sizeof(head)) : -1;
	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof(head) || memcmp(head, "SQLite format 3", 16) != 0) {
		fprintf(stderr, "pressroom: backup: %s exists and is not a database; "
				"left untouched (remove it or choose another name)\n",
			dst);
		return 1;
	}
	return 0;
}

/* Opens the site: read-write so an old schema is upgraded, read-only if that is all we may. */
static struct store *backup_open_site(const char *db)
{
	struct store *s;
	char err[1200];
	enum store_err e = store_open(db, STORE_OPEN_EXISTING, &s, err, sizeof(err));
	if (e == STORE_READONLY)
		e = store_open(db, STORE_OPEN_READONLY, &s, err, sizeof(err));
	if (e) {
		fprintf(stderr, "pressroom: %s\n", err);
		return NULL;
	}
	return s;
}

/* Copies every page of src into dst. Returns SQLITE_OK or the failing code. */
static int backup_copy(sqlite3 *src, sqlite3 *dst, int *pages)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return sqlite3_errcode(dst);
	int rc, busy = 0;
	for (;;) {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			if (++busy > BACKUP_BUSY_TRIES)
				break;
		} else if (rc != SQLITE_OK) {
			break;
		} else {
			busy = 0;
		}
		backup_sleep(BACKUP_SLEEP_NS);
	}
	*pages = sqlite3_backup_pagecount(b);
	/* finish reports the error of the last step, if any. */
	int frc = sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = frc;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* integrity_check of the finished copy: only a sound copy takes FILE's name. */
static int backup_verify(sqlite3 *dst, char *why, size_t n)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(dst, "PRAGMA integrity_check(1)", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		snprintf(why, n, "%s", backup_why(dst, rc));
		return rc;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && strstr(r, "error code=7")) {
			/* The check could not read a page for want of memory (SQLITE_NOMEM). */
			snprintf(why, n, "out of memory while checking the copy");
			rc = SQLITE_NOMEM;
		} else if (r && strcmp(r, "ok") != 0) {
			snprintf(why, n, "the copy failed its integrity check: %s", r);
			rc = SQLITE_CORRUPT;
		} else {
			rc = SQLITE_OK;
		}
	} else {
		snprintf(why, n, "%s", backup_why(dst, rc));
	}
	sqlite3_finalize(st);
	return rc;
}

int cli_backup(const char *db, int argc, char **argv)
{
	if (argc != 1 || !*argv[0] || argv[0][0] == '-') {
		fputs(backup_usage, stderr);
		return 2;
	}
	const char *file = argv[0];
	if (strlen(file) > PATH_MAX - 32) {
		fprintf(stderr, "pressroom: backup: %.60s...: the name is too long\n", file);
		return 2;
	}
	return cli_backup_to(db, file, 0);
}

int cli_backup_to(const char *db, const char *file, int quiet)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct store *s = backup_open_site(db);
	if (!s)
		return 1;
	if (backup_check_target(db, file)) {
		store_close(s);
		return 1;
	}
	sqlite3 *src = store_db(s);
	sqlite3 *dst = NULL;
	char tmp[PATH_MAX];
	char dir[PATH_MAX];
	char why[600] = "";
	int status = 1, fd = -1, pages = 0, in_read = 0;
	backup_dirname(file, dir, sizeof(dir));
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", file);
	fd = mkstemp(tmp);
	if (fd < 0) {
		int err = errno;
		fprintf(stderr, "pressroom: backup: %s: cannot create a file in %s: %s\n", file, dir,
			err == ENOSPC ? "the disk is full"
			: err == EROFS ? "the file system is read-only"
				       : strerror(err));
		tmp[0] = '\0';
		goto out;
	}
	close(fd);
	fd = -1;
	/* The copy is the site as it is now: one read transaction pins the snapshot (WAL). */
	int rc = sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "pressroom: %s: cannot read: %s\n", db, backup_why(src, rc));
		goto out;
	}
	in_read = 1;
	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(dst, 1);
		rc = backup_copy(src, dst, &pages);
	}
	if (rc != SQLITE_OK) {
		/* A lock or a read error is the site's; anything else the copy's. */
		int pc = rc & 0xff;
		int site_side = dst && (pc == SQLITE_BUSY || pc == SQLITE_LOCKED || pc == SQLITE_CORRUPT ||
					pc == SQLITE_NOTADB || rc == SQLITE_IOERR_READ ||
					rc == SQLITE_IOERR_SHORT_READ);
		fprintf(stderr, "pressroom: backup: %s: %s\n", site_side ? db : file,
			backup_why(dst, rc));
		goto out;
	}
	sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	in_read = 0;
	if (backup_verify(dst, why, sizeof(why)) != SQLITE_OK) {
		fprintf(stderr, "pressroom: backup: %s: %s; the old file, if any, is kept\n", file, why);
		goto out;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		fprintf(stderr, "pressroom: backup: %s: %s\n", file, sqlite3_errstr(rc));
		goto out;
	}
	int err = backup_fsync_path(tmp, 0);
	if (!err && rename(tmp, file))
		err = errno;
	if (err) {
		fprintf(stderr, "pressroom: backup: %s: cannot write: %s\n", file,
			err == ENOSPC ? "the disk is full" : strerror(err));
		goto out;
	}
	tmp[0] = '\0';
	err = backup_fsync_path(dir, 1);
	if (err)
		fprintf(stderr, "pressroom: backup: %s: warning: cannot sync the folder: %s\n", dir,
			strerror(err));
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	struct stat st;
	double mib = stat(file, &st) == 0 ? (double)st.st_size / (1024.0 * 1024.0) : 0;
	if (!quiet)
		printf("backed up %s to %s: %d pages, %.1f MiB, %.2f s\n", db, file, pages, mib, secs);
	status = 0;
out:
	if (in_read)
		sqlite3_exec(src, "ROLLBACK", NULL, NULL, NULL);
	if (dst)
		sqlite3_close(dst);
	if (tmp[0])
		cli_unlink_db(tmp);
	store_close(s);
	return status;
}
