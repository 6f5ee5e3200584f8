/* Writing export files: folders, atomic replacement, messages naming the path. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/utf8.h"
#include "../site/site.h"
#include "export.h"

/* "base/path" in a message; path alone when base is NULL (see export.h: at, base). */
static void export_name(struct buf *err, const char *base, const char *path)
{
	if (base) {
		buf_adds(err, base);
		buf_addc(err, '/');
	}
	buf_adds(err, path);
}

void export_fail_errno(struct buf *err, const char *base, const char *path, int e)
{
	const char *m = strerror(e);
	export_name(err, base, path);
	buf_lit(err, ": ");
	if (*m >= 'A' && *m <= 'Z' && !(m[1] >= 'A' && m[1] <= 'Z')) {
		buf_addc(err, (char)(*m + 32));
		m++;
	}
	buf_adds(err, m);
}

/*
 * export_fail_errno, but when path could not be made because one of its folders
 * is a file (ENOTDIR), that file is named: "www/media: exists and is not a folder",
 * not the path that could not be made below it.
 */
static void export_fail_at(struct buf *err, int at, const char *base, const char *path, int e)
{
	char part[4096];
	for (const char *p = strchr(path + 1, '/'); e == ENOTDIR && p; p = strchr(p + 1, '/')) {
		size_t n = (size_t)(p - path);
		struct stat st;
		if (n >= sizeof(part))
			break;
		memcpy(part, path, n);
		part[n] = '\0';
		if (!fstatat(at, part, &st, 0) && !S_ISDIR(st.st_mode)) {
			export_name(err, base, part);
			buf_lit(err, ": exists and is not a folder");
			return;
		}
	}
	export_fail_errno(err, base, path, e);
}

/*
 * The stat of the folder path is made in (at itself for a name without '/'): what
 * a file or folder made in an earlier copy takes its permissions from, so that a
 * web server that reads the copy reads the new pages too, whatever this process's
 * umask (a cron job's or a service's 077). 0, or -1.
 */
static int export_parent_stat(int at, const char *path, struct stat *st)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	if (!slash)
		return fstat(at, st);
	size_t n = (size_t)(slash - path);
	if (n >= sizeof(dir))
		return -1;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return fstatat(at, dir, st, 0);
}

/* mkdirat of dir; with keep, one made takes its parent's permissions. */
static int export_mkdir1(int at, const char *dir, int keep)
{
	if (mkdirat(at, dir, 0777))
		return -1;
	struct stat st;
	if (keep && !export_parent_stat(at, dir, &st))
		fchmodat(at, dir, st.st_mode & 07777, 0);
	return 0;
}

/*
 * Removes the folders of path's first n bytes that an export made: from the deepest
 * up to the one of the first made bytes (export_mkdirs' *made), never one above it
 * (a folder of the web master's, or one a link leads to), and only while empty.
 * One removed already (by a call for another file) is passed. Returns how many it
 * removed.
 */
static size_t export_unmake(int at, const char *path, size_t n, size_t made)
{
	char dir[4096];
	size_t gone = 0;
	if (!made || n >= sizeof(dir) || made > n)
		return 0;
	memcpy(dir, path, n);
	dir[n] = '\0';
	/* (One removed already, by an earlier call, is passed.) */
	for (char *slash; strlen(dir) >= made; *slash = '\0') {
		if (!unlinkat(at, dir, AT_REMOVEDIR))
			gone++;
		else if (errno != ENOENT)
			break;
		if (!(slash = strrchr(dir, '/')))
			break;
	}
	return gone;
}

/* mkdir -p of path's folder part (everything before the last '/'), at at; with keep,
 * each folder made takes its parent's permissions (export_parent_stat). *made: the
 * length of the path of the first folder it made, 0 if none (export_unmake); a
 * failure part-way removes what it made. */
static int export_mkdirs(int at, const char *base, const char *path, int keep, size_t *made,
			 struct buf *err)
{
	*made = 0;
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return 0;
	size_t n = (size_t)(slash - path);
	if (n >= sizeof(dir)) {
		export_name(err, base, path);
		buf_lit(err, ": path too long");
		return -1;
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
	/* errno is only read when mkdir failed: a success leaves an old EEXIST there. */
	int one = export_mkdir1(at, dir, keep) == 0;
	if (one)
		*made = n;
	if (one || errno == EEXIST) {
		struct stat st;
		if (!one && (fstatat(at, dir, &st, 0) || !S_ISDIR(st.st_mode))) {
			export_name(err, base, dir);
			buf_lit(err, ": exists and is not a folder");
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT) {
		export_fail_at(err, at, base, dir, errno);
		return -1;
	}
	/* Make the parents, then this one. */
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (export_mkdir1(at, dir, keep) == 0) {
			if (!*made)
				*made = (size_t)(p - dir);
		} else if (errno != EEXIST) {
			export_fail_at(err, at, base, dir, errno);
			export_unmake(at, dir, (size_t)(p - dir), *made);
			*made = 0;
			return -1;
		}
		*p = '/';
	}
	if (export_mkdir1(at, dir, keep) == 0) {
		if (!*made)
			*made = n;
	} else if (errno != EEXIST) {
		export_fail_at(err, at, base, dir, errno);
		export_unmake(at, dir, n, *made);
		*made = 0;
		return -1;
	}
	return 0;
}

int export_make_folders_at(int at, const char *path, struct buf *err)
{
	size_t made;
	return export_mkdirs(at, NULL, path, 0, &made, err);
}

int export_make_dir(const char *dir, size_t *made, struct buf *err)
{
	char probe[4200];
	*made = 0;
	if ((size_t)snprintf(probe, sizeof(probe), "%s/.", dir) >= sizeof(probe)) {
		buf_adds(err, dir);
		buf_lit(err, ": path too long");
		return -1;
	}
	return export_mkdirs(AT_FDCWD, NULL, probe, 0, made, err);
}

void export_unmake_dir(const char *dir, size_t made)
{
	export_unmake(AT_FDCWD, dir, strlen(dir), made);
}

int export_open_dir(const char *dir, struct buf *err)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		export_fail_errno(err, NULL, dir, errno);
	return fd;
}

/* Writes all of data to fd and closes it: 0, or the errno of what failed. */
static int export_fill(int fd, const void *data, size_t n)
{
	const char *p = data;
	size_t left = n;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;
			close(fd);
			return e;
		}
		p += w;
		left -= (size_t)w;
	}
	return close(fd) ? errno : 0;
}

int export_write_new_at(int at, const char *base, const char *path, const void *data,
			size_t n, int folder_made, struct buf *err)
{
	/* Most pages are DIR/x/y/index.html in a folder of their own that is not there
	 * yet: making it first (one mkdir) spares a failed open, unless the caller made
	 * it already (or likely did: a missing one is made below all the same). */
	const int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
	int fd = folder_made ? openat(at, path, flags, 0666) : -1;
	if (fd < 0 && (!folder_made || errno == ENOENT)) {
		size_t made;
		if (export_mkdirs(at, base, path, 0, &made, err))
			return -1;
		fd = openat(at, path, flags, 0666);
	}
	if (fd < 0 && errno == EEXIST)
		return export_write_file_at(at, base, path, data, n, err);
	if (fd < 0) {
		export_fail_at(err, at, base, path, errno);
		return -1;
	}
	int e = export_fill(fd, data, n);
	if (e) {
		unlinkat(at, path, 0);
		export_fail_errno(err, base, path, e);
		return -1;
	}
	return 0;
}

/*
 * 1 if path is a regular file holding exactly data: an export into a folder it
 * wrote before leaves such files alone, so that their times stay and a sync to
 * a server or a CDN (rsync, an upload of what changed) carries only the pages
 * that did change. Any doubt (unreadable, a different size, a short read) is 0.
 */
static int export_same(int at, const char *path, const void *data, size_t n)
{
	int fd = openat(at, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	struct stat st;
	int same = 0;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (uint64_t)st.st_size == (uint64_t)n) {
		char chunk[65536];
		size_t off = 0;
		same = 1;
		while (same && off < n) {
			size_t want = n - off < sizeof(chunk) ? n - off : sizeof(chunk);
			ssize_t got = read(fd, chunk, want);
			if (got < 0 && errno == EINTR)
				continue;
			same = got == (ssize_t)want && !memcmp(chunk, (const char *)data + off, want);
			off += want;
		}
	}
	close(fd);
	return same;
}


/*
 * data into a new temporary file beside path ("<path>.tmp-<pid>-<n>", in tmp),
 * making path's folders: 0; 1 when path holds data already (nothing written); -1
 * with "path: why" in err (the part written removed).
 */
static int export_write_tmp(int at, const char *base, const char *path, const void *data,
			    size_t n, char tmp[EXPORT_TMP_MAX], size_t *made_out, struct buf *err)
{
	*made_out = 0;
	if (export_same(at, path, data, n))
		return 1;
	static unsigned long counter;
	static long pid;
	/* Unique per process and call: threads may write side by side. The pid is asked
	 * once (a system call per file otherwise); a race only asks twice. */
	unsigned long c = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
	long me = __atomic_load_n(&pid, __ATOMIC_RELAXED);
	if (!me) {
		me = (long)getpid();
		__atomic_store_n(&pid, me, __ATOMIC_RELAXED);
	}
	if ((size_t)snprintf(tmp, EXPORT_TMP_MAX, "%s.tmp-%ld-%lu", path, me, c) >= EXPORT_TMP_MAX) {
		export_name(err, base, path);
		buf_lit(err, ": path too long");
		return -1;
	}
	/* A folder where the file goes would fail only at the rename, when other
	 * files of the copy may be in place already: refused here, before any. */
	struct stat st;
	int had = !fstatat(at, path, &st, AT_SYMLINK_NOFOLLOW);
	if (had && S_ISDIR(st.st_mode)) {
		export_fail_errno(err, base, path, EISDIR);
		return -1;
	}
	size_t made = 0;
	const char *slash = strrchr(path, '/');
	const size_t dirlen = slash ? (size_t)(slash - path) : 0;
	int fd = openat(at, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 && errno == ENOENT) {
		if (export_mkdirs(at, base, path, 1, &made, err))
			return -1;
		fd = openat(at, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	}
	if (fd < 0) {
		int e = errno;
		export_unmake(at, path, dirlen, made);
		export_fail_at(err, at, base, path, e);
		return -1;
	}
	*made_out = made;
	/* The permissions of the file it replaces, else its folder's (without x). */
	if (had && S_ISREG(st.st_mode))
		fchmod(fd, st.st_mode & 07777);
	else if (!export_parent_stat(at, path, &st))
		fchmod(fd, st.st_mode & 0666);
	int e = export_fill(fd, data, n);
	if (e) {
		unlinkat(at, tmp, 0);
		/* The folders made for it too: a full disk leaves no empty ones. */
		export_unmake(at, path, dirlen, made);
		export_fail_errno(err, base, path, e);
		return -1;
	}
	return 0;
}

/* Renames tmp over path: 0, or -1 with "path: why" in err (tmp removed). */
static int export_put_tmp(int at, const char *base, const char *tmp, const char *path,
			  struct buf *err)
{
	if (!renameat(at, tmp, at, path))
		return 0;
	int e = errno;
	unlinkat(at, tmp, 0);
	export_fail_errno(err, base, path, e);
	return -1;
}

int export_write_file_at(int at, const char *base, const char *path, const void *data,
			 size_t n, struct buf *err)
{
	char tmp[EXPORT_TMP_MAX];
	size_t made;
	int r = export_write_tmp(at, base, path, data, n, tmp, &made, err);
	return r ? (r > 0 ? 0 : -1) : export_put_tmp(at, base, tmp, path, err);
}

int export_stage_at(int at, const char *base, const char *path, const void *data, size_t n,
		    struct buf *staged, struct buf *err)
{
	char tmp[EXPORT_TMP_MAX];
	size_t made;
	int r = export_write_tmp(at, base, path, data, n, tmp, &made, err);
	if (r)
		return r > 0 ? 0 : -1;
	buf_adds(staged, tmp);
	buf_addc(staged, '\0');
	buf_adds(staged, path);
	buf_addc(staged, '\0');
	buf_addf(staged, "%zu", made);
	buf_addc(staged, '\0');
	if (buf_failed(staged)) {
		unlinkat(at, tmp, 0);
		export_name(err, base, path);
		buf_lit(err, ": out of memory");
		return -1;
	}
	return 0;
}

/* A place in staged lists ("tmp\0path\0made\0" each, export_stage_at). */
struct export_staged {
	const struct buf *const *lists;
	size_t nlists, l, off;
};

/* The entry at *at, which moves past it: its tmp, and *path and *made; NULL at the
 * end of the last list. */
static const char *export_staged_next(struct export_staged *at, const char **path, size_t *made)
{
	while (at->l < at->nlists && at->off >= at->lists[at->l]->len)
		at->l++, at->off = 0;
	if (at->l == at->nlists)
		return NULL;
	const char *d = at->lists[at->l]->data, *tmp = d + at->off;
	at->off += strlen(tmp) + 1;
	*path = d + at->off;
	at->off += strlen(*path) + 1;
	*made = strtoul(d + at->off, NULL, 10);
	at->off += strlen(d + at->off) + 1;
	return tmp;
}

/* export_stage_discard of the entries from "from" on. */
static void export_stage_discard_from(int at, const struct export_staged *from)
{
	/* Every file first, then the folders made for them (a new item's): only the
	 * export's own, never one that was there before, even empty. A folder made for
	 * one file holds the folders made later for others ("de/" for de/archive/ holds
	 * de/kind/): the passes go on while they remove any. */
	for (size_t pass = 0, gone = 1; pass < 2 || gone; pass++) {
		gone = 0;
		struct export_staged it = *from;
		const char *tmp, *path;
		size_t made;
		while ((tmp = export_staged_next(&it, &path, &made))) {
			if (!pass) {
				unlinkat(at, tmp, 0);
				continue;
			}
			const char *slash = strrchr(path, '/');
			gone += export_unmake(at, path, slash ? (size_t)(slash - path) : 0, made);
		}
	}
}

int export_stage_foreign(int at, const char *base, const struct buf *const *lists,
			 size_t nlists, const struct export_manifest *m, struct buf *err)
{
	struct export_staged it = {.lists = lists, .nlists = nlists};
	const char *path;
	size_t made, found = 0;
	struct stat st;
	while (export_staged_next(&it, &path, &made)) {
		if (strset_has(&m->old, path) || fstatat(at, path, &st, AT_SYMLINK_NOFOLLOW) ||
		    S_ISDIR(st.st_mode))
			continue;
		if (found < 3) {
			if (found)
				buf_lit(err, ", ");
			export_name(err, base, path);
		}
		found++;
	}
	if (!found)
		return 0;
	if (found > 3)
		buf_addf(err, " and %zu more", found - 3);
	buf_addf(err, ": %s this export would replace, which no earlier export wrote (its "
		      "list, .pressroom-export, does not name %s); move %s away, or export with "
		      "--replace to let it replace %s",
		 found == 1 ? "a file" : "files", found == 1 ? "it" : "them",
		 found == 1 ? "it" : "them", found == 1 ? "it" : "them");
	return -1;
}

void export_stage_discard(int at, const struct buf *const *lists, size_t nlists)
{
	const struct export_staged from = {.lists = lists, .nlists = nlists};
	export_stage_discard_from(at, &from);
}

int export_stage_commit(int at, const char *base, const struct buf *const *lists, size_t nlists,
			struct buf *err)
{
	for (size_t l = 0; l < nlists; l++) {
		if (buf_failed(lists[l])) {
			buf_lit(err, "out of memory");
			export_stage_discard(at, lists, nlists);
			return -1;
		}
	}
	struct export_staged it = {.lists = lists, .nlists = nlists};
	const char *tmp, *path;
	size_t made;
	while ((tmp = export_staged_next(&it, &path, &made))) {
		if (export_put_tmp(at, base, tmp, path, err)) {
			/* What is not in place yet is not left behind, nor the folders made
			 * for this one. */
			const char *slash = strrchr(path, '/');
			export_stage_discard_from(at, &it);
			export_unmake(at, path, slash ? (size_t)(slash - path) : 0, made);
			return -1;
		}
	}
	return 0;
}


void export_yaml_str(struct buf *o, const char *s)
{
	buf_addc(o, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned c;
		size_t n = utf8_decode(p, 4, &c); /* stops at the NUL */
		if (!n) {
			/* Not UTF-8 (an old upload's name cut mid-character): YAML would refuse
			 * the whole file, so the byte becomes U+FFFD. */
			buf_lit(o, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		if (c == '"')
			buf_lit(o, "\\\"");
		else if (c == '\\')
			buf_lit(o, "\\\\");
		else if (c == '\n')
			buf_lit(o, "\\n");
		else if (c == '\t')
			buf_lit(o, "\\t");
		else if (c == '\r')
			buf_lit(o, "\\r");
		else if (c < 0x20 || c == 0x7F)
			buf_addf(o, "\\x%02X", c);
		else if (c == 0x85)
			buf_lit(o, "\\N"); /* U+0085, U+2028, U+2029 are line breaks to YAML */
		else if (c == 0x2028 || c == 0x2029)
			buf_adds(o, c == 0x2028 ? "\\L" : "\\P");
		else if ((c >= 0x80 && c <= 0x9F) || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF)
			buf_addf(o, "\\u%04X", c); /* not printable to YAML: escaped */
		else
			buf_add(o, p, n);
		p += n;
	}
	buf_addc(o, '"');
}

int export_file_for_path(const char *path, const char *const *langs, size_t nlangs,
			 struct buf *out)
{
	size_t n = strlen(path);
	if (path[0] != '/' || n > 1024)
		return -1;
	/* Every segment a real name: no "", ".", "..", and no control bytes. */
	for (const char *seg = path + 1; *seg;) {
		size_t len = strcspn(seg, "/");
		if (len == 0 && seg[len] == '/')
			return -1;
		if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return -1;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)seg[i] < 0x20 || seg[i] == 0x7F)
				return -1;
		seg += len;
		if (*seg == '/')
			seg++;
	}
	/* The part after a language prefix decides whether it is a file name. */
	const char *rest = path;
	for (size_t i = 0; i < nlangs; i++) {
		size_t l = strlen(langs[i]);
		if (!strncmp(path + 1, langs[i], l) && (path[1 + l] == '/' || path[1 + l] == '\0')) {
			rest = path + 1 + l;
			break;
		}
	}
	/* "/series/x/" (a series named "x/") would be the file of "/series/x"; only a
	 * language's home ("/ru/") may end in '/'. */
	if (n > 1 && path[n - 1] == '/' && !(rest != path && !strcmp(rest, "/")))
		return -1;
	int file = !strcmp(rest, "/feed.rss") || !strcmp(rest, "/feed.atom") ||
		   !strcmp(rest, "/feed.json") || !strcmp(rest, "/search/index.json") ||
		   !strcmp(rest, "/opensearch.xml") || !strcmp(rest, "/404.html") ||
		   (rest == path && (!strcmp(path, "/sitemap.xml") || !strcmp(path, "/robots.txt") ||
				     !strcmp(path, "/shortlinks.json")));
	/* Other tools' feed file names ("/index.xml", "/ru/rss.xml"): the feed itself in
	 * a copy. */
	for (size_t i = 0; !file && site_legacy_feeds[i][0]; i++)
		file = !strcmp(rest, site_legacy_feeds[i][0]) && n > 4 && !strcmp(path + n - 4, ".xml");
	if (!file && !strncmp(rest, "/kind/", 6)) {
		const char *f = strrchr(rest, '/');
		file = f > rest + 6 && (!strcmp(f, "/feed.rss") || !strcmp(f, "/feed.atom") ||
					!strcmp(f, "/feed.json"));
	}
	if (!file && (!strncmp(path, "/static/", 8) || !strncmp(path, "/media/", 7))) {
		const char *name = strchr(path + 1, '/') + 1;
		file = *name && !strchr(name, '/');
	}
	/* An old address of an item that names a page file ("/press/visit.html", from
	 * another site: store_alias_put) is that file. (Not a series, whose name is
	 * free text: "/series/Talks.html" is a folder's index.html as any other.) */
	if (!file && n > 5 && strncmp(rest, "/series/", 8) &&
	    (!strcmp(path + n - 5, ".html") || (n > 4 && !strcmp(path + n - 4, ".htm"))))
		file = 1;
	buf_adds(out, path + 1);
	if (!file) {
		if (out->len && buf_str(out)[out->len - 1] != '/')
			buf_addc(out, '/');
		buf_lit(out, "index.html");
	}
	return buf_failed(out) ? -1 : 0;
}
