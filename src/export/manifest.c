/*
 * DIR/.pressroom-export: the files exports into DIR wrote (export.h). The list is
 * written before the files are: an export that fails or is killed part-way leaves
 * a list marked unfinished that still names every file it may have written, so
 * that the next export that finishes removes those of them the site no longer has
 * (a retracted statement never stays on the copy because an export was stopped).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"

#define MANIFEST_NAME ".pressroom-export"

static const char manifest_finished[] =
	"# pressroom export: the files the last export into this folder wrote. The next\n"
	"# export removes those of them that the site no longer has.\n";
/* The first line tells the two apart (export_unfinished). */
static const char manifest_unfinished[] =
	"# pressroom export, unfinished: an export into this folder stopped before it\n"
	"# wrote everything. The files below are those it may have written; the next\n"
	"# export removes those of them that the site no longer has.\n";

/* The line that names the export's kind ("# kind: static"); lists written before
 * it was added have none, and any export may follow them. */
static const char manifest_kind[] = "# kind: ";

/* Appends the kind line of kind to text. */
static void manifest_add_kind(struct buf *text, const char *kind)
{
	buf_adds(text, manifest_kind);
	buf_adds(text, kind);
	buf_addc(text, '\n');
}

/* 1 if line is the first line of a list marked unfinished. */
static int manifest_says_unfinished(const char *line)
{
	return !strncmp(line, manifest_unfinished, strcspn(manifest_unfinished, "\n"));
}

/* 1 if line is a path an export could have written: relative, plain segments. */
static int manifest_name_ok(const char *p)
{
	if (!*p || *p == '/' || *p == '#' || !strcmp(p, MANIFEST_NAME))
		return 0;
	for (const char *seg = p; seg;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (!n || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		seg = end ? end + 1 : NULL;
	}
	return !strpbrk(p, "\r\\");
}

/* Opens the folder named p[0..n) in folder fd, not through a symbolic link: a link
 * in the copy (items -> /srv/x) must not lead a removal out of it. -1 (errno) if
 * it is missing, not a folder, a link, or a name longer than a file's can be. */
static int manifest_sub(int fd, const char *p, size_t n)
{
	char part[256];
	if (n >= sizeof(part)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(part, p, n);
	part[n] = '\0';
	return openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Opens folder rel of dirfd ("": dirfd itself, duplicated) one name at a time
 * (manifest_sub). -1 if any part is missing or not a folder. */
static int manifest_open_dir(int dirfd, const char *rel)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (const char *p = rel; fd >= 0 && *p;) {
		size_t n = strcspn(p, "/");
		int next = manifest_sub(fd, p, n);
		close(fd);
		fd = next;
		p += n;
		p += *p == '/';
	}
	return fd;
}

/*
 * The length of the name a temporary file of export_write_file_at was for,
 * "<name>.tmp-<pid>-<n>", when its process is gone (one still running may be
 * exporting here too); 0 if it is no such file.
 */
static size_t manifest_stale_tmp(const char *name)
{
	const char *t = strstr(name, ".tmp-");
	if (!t || t == name)
		return 0;
	for (const char *next; (next = strstr(t + 1, ".tmp-"));)
		t = next;
	char *end;
	long pid = strtol(t + 5, &end, 10);
	if (pid <= 0 || *end != '-' || !end[1])
		return 0;
	for (const char *d = end + 1; *d; d++)
		if (*d < '0' || *d > '9')
			return 0;
	if (pid == (long)getpid() || !(kill((pid_t)pid, 0) && errno == ESRCH))
		return 0;
	return (size_t)(t - name);
}

/* Removes, in folder rel, the temporary files of a process that is gone made for a
 * file of the last list (or for the list itself, at the top): a file of the same
 * shape that is someone else's stays. */
static void manifest_sweep_dir(struct export_manifest *m, const char *rel)
{
	int fd = manifest_open_dir(m->dirfd, rel);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct buf full;
	buf_init(&full, 8192);
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = manifest_stale_tmp(e->d_name);
		if (!n)
			continue;
		buf_reset(&full);
		if (*rel) {
			buf_adds(&full, rel);
			buf_addc(&full, '/');
		}
		buf_add(&full, e->d_name, n);
		int ours = !buf_failed(&full) && (strset_has(&m->old, buf_str(&full)) ||
						 (!*rel && !strcmp(buf_str(&full), MANIFEST_NAME)));
		if (ours && unlinkat(fd, e->d_name, 0) == 0)
			m->swept++;
	}
	buf_release(&full);
	closedir(d);
}

/* After an unfinished list: the folders of its files, each once. */
static int manifest_sweep(struct export_manifest *m)
{
	struct strset dirs = {0};
	char rel[4096];
	for (size_t i = 0; i < m->old.cap; i++) {
		const char *name = m->old.v[i];
		const char *slash = name ? strrchr(name, '/') : NULL;
		if (!slash || (size_t)(slash - name) >= sizeof(rel))
			continue;
		memcpy(rel, name, (size_t)(slash - name));
		rel[slash - name] = '\0';
		int a = strset_add(&dirs, rel);
		if (a < 0) {
			strset_free(&dirs);
			return -1;
		}
		if (a > 0)
			manifest_sweep_dir(m, rel);
	}
	strset_free(&dirs);
	return 0;
}

/* Reads the last list into m->old; 0 when there is none. */
static int manifest_read(struct export_manifest *m, struct buf *err)
{
	int fd = openat(m->dirfd, MANIFEST_NAME, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		export_fail_errno(err, m->dir, MANIFEST_NAME, errno);
		return -1;
	}
	m->had = 1;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		buf_lit(err, "out of memory");
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;
	for (int first = 1; (len = getline(&line, &cap, f)) > 0; first = 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (first && manifest_says_unfinished(line))
			m->unfinished = 1;
		if (!strncmp(line, manifest_kind, sizeof(manifest_kind) - 1) &&
		    strcmp(line + sizeof(manifest_kind) - 1, m->kind)) {
			buf_addf(err,
				 "%s: the files there are a %s export's (its " MANIFEST_NAME
				 " says so), which this %s export would remove: export into "
				 "another folder",
				 m->dir, line + sizeof(manifest_kind) - 1, m->kind);
			rc = -1;
			break;
		}
		if (manifest_name_ok(line) && strset_add(&m->old, line) < 0) {
			buf_lit(err, "out of memory");
			rc = -1;
			break;
		}
	}
	if (!rc && ferror(f)) {
		export_fail_errno(err, m->dir, MANIFEST_NAME, errno);
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

int export_manifest_begin(struct export_manifest *m, int dirfd, const char *dir, const char *kind,
			  struct buf *err)
{
	memset(m, 0, sizeof(*m));
	m->dirfd = dirfd;
	m->dir = dir;
	m->kind = kind;
	m->fd = -1;
	buf_init(&m->pending, 0);
	if (manifest_read(m, err))
		return -1;
	/* The top folder always: a kill while the list itself was written leaves its
	 * temporary copy there, and the list then still says finished. */
	manifest_sweep_dir(m, "");
	if (m->unfinished && manifest_sweep(m)) {
		buf_lit(err, "out of memory");
		return -1;
	}
	/* The last list again, marked unfinished, then this export's names appended. */
	struct buf text;
	buf_init(&text, 0);
	buf_add(&text, manifest_unfinished, sizeof(manifest_unfinished) - 1);
	manifest_add_kind(&text, kind);
	for (size_t i = 0; i < m->old.cap; i++)
		if (m->old.v[i]) {
			buf_adds(&text, m->old.v[i]);
			buf_addc(&text, '\n');
		}
	if (buf_failed(&text)) {
		buf_release(&text);
		buf_lit(err, "out of memory");
		return -1;
	}
	int rc = export_write_file_at(dirfd, dir, MANIFEST_NAME, text.data, text.len, err);
	buf_release(&text);
	if (rc)
		return -1;
	m->fd = openat(dirfd, MANIFEST_NAME, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
	if (m->fd < 0) {
		export_fail_errno(err, dir, MANIFEST_NAME, errno);
		return -1;
	}
	return 0;
}

void export_manifest_add(struct export_manifest *m, const char *name)
{
	if (strset_has(&m->old, name))
		return;
	buf_adds(&m->pending, name);
	buf_addc(&m->pending, '\n');
}

int export_manifest_flush(struct export_manifest *m, struct buf *err)
{
	if (buf_failed(&m->pending)) {
		buf_lit(err, "out of memory");
		return -1;
	}
	for (size_t off = 0; off < m->pending.len;) {
		ssize_t w = write(m->fd, m->pending.data + off, m->pending.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			export_fail_errno(err, m->dir, MANIFEST_NAME, w < 0 ? errno : EIO);
			return -1;
		}
		off += (size_t)w;
	}
	buf_reset(&m->pending);
	return 0;
}

static int manifest_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Removes rel from folder fd, then each folder of rel that this leaves empty; no
 * symbolic link is followed (manifest_open_dir). 1 removed, 0 not there (or not
 * reachable without a link), -1 (errno) failed. */
static int manifest_remove(int fd, const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (!slash) {
		if (!unlinkat(fd, rel, 0))
			return 1;
		return errno == ENOENT ? 0 : -1;
	}
	char part[256];
	size_t n = (size_t)(slash - rel);
	if (n >= sizeof(part))
		return 0;
	memcpy(part, rel, n);
	part[n] = '\0';
	int sub = manifest_sub(fd, part, n);
	if (sub < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ? 0 : -1;
	int r = manifest_remove(sub, slash + 1);
	int e = errno;
	close(sub);
	/* Fails, as it should, unless empty (a killed export's folder, when its file
	 * was never put in place, goes too). */
	if (r >= 0)
		unlinkat(fd, part, AT_REMOVEDIR);
	errno = e;
	return r;
}

/* Every name of the NUL-ended lists in one array; NULL out of memory. */
static const char **manifest_names(const struct buf *const *lists, size_t nlists, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < nlists; i++) {
		if (buf_failed(lists[i]))
			return NULL;
		for (size_t at = 0; at < lists[i]->len; at += strlen(lists[i]->data + at) + 1)
			(*n)++;
	}
	const char **v = malloc((*n ? *n : 1) * sizeof(*v));
	if (!v)
		return NULL;
	*n = 0;
	for (size_t i = 0; i < nlists; i++)
		for (size_t at = 0; at < lists[i]->len; at += strlen(lists[i]->data + at) + 1)
			v[(*n)++] = lists[i]->data + at;
	return v;
}

int export_manifest_end(struct export_manifest *m, const struct buf *const *lists, size_t nlists,
			size_t *removed, struct buf *err)
{
	struct strset set = {0};
	struct buf text, msg;
	buf_init(&text, 0);
	buf_init(&msg, 8192);
	int rc = -1;
	size_t n;
	const char **now = manifest_names(lists, nlists, &n);
	if (!now)
		goto oom;
	/* Sorted, so that two exports' lists compare with diff. */
	qsort(now, n, sizeof(*now), manifest_cmp);
	buf_add(&text, manifest_finished, sizeof(manifest_finished) - 1);
	manifest_add_kind(&text, m->kind);
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(now[i], now[i - 1]))
			continue;
		if (strset_add(&set, now[i]) < 0)
			goto oom;
		buf_adds(&text, now[i]);
		buf_addc(&text, '\n');
	}
	if (buf_failed(&text))
		goto oom;
	for (size_t i = 0; i < m->old.cap; i++) {
		char *name = m->old.v[i];
		if (!name || strset_has(&set, name))
			continue;
		int r = manifest_remove(m->dirfd, name);
		if (r > 0) {
			(*removed)++;
		} else if (r < 0) {
			buf_reset(&msg);
			export_fail_errno(&msg, m->dir, name, errno);
			fprintf(stderr, "pressroom: export: %s (a file of the last export, not removed)\n",
				buf_str(&msg));
		}
	}
	close(m->fd);
	m->fd = -1;
	rc = export_write_file_at(m->dirfd, m->dir, MANIFEST_NAME, text.data, text.len, err);
	goto out;
oom:
	buf_lit(err, "out of memory");
out:
	free(now);
	strset_free(&set);
	buf_release(&text);
	buf_release(&msg);
	return rc;
}

int export_manifest_abandon(struct export_manifest *m, struct buf *err)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	if (!m->had) {
		if (unlinkat(m->dirfd, MANIFEST_NAME, 0) && errno != ENOENT) {
			export_fail_errno(err, m->dir, MANIFEST_NAME, errno);
			return -1;
		}
		return 0;
	}
	const char **v = malloc((m->old.n ? m->old.n : 1) * sizeof(*v));
	struct buf text;
	buf_init(&text, 0);
	size_t n = 0;
	for (size_t i = 0; v && i < m->old.cap; i++)
		if (m->old.v[i])
			v[n++] = m->old.v[i];
	if (v)
		qsort(v, n, sizeof(*v), manifest_cmp);
	if (m->unfinished)
		buf_add(&text, manifest_unfinished, sizeof(manifest_unfinished) - 1);
	else
		buf_add(&text, manifest_finished, sizeof(manifest_finished) - 1);
	manifest_add_kind(&text, m->kind);
	for (size_t i = 0; i < n; i++) {
		buf_adds(&text, v[i]);
		buf_addc(&text, '\n');
	}
	int rc = -1;
	if (!v || buf_failed(&text))
		buf_lit(err, "out of memory");
	else
		rc = export_write_file_at(m->dirfd, m->dir, MANIFEST_NAME, text.data, text.len, err);
	free(v);
	buf_release(&text);
	return rc;
}

int export_manifest_undo(struct export_manifest *m, struct buf *err)
{
	if (m->had)
		return export_manifest_abandon(m, err);
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	/* The list on disk names every file this export may have written: each was
	 * noted (and flushed) before it was written. */
	if (manifest_read(m, err))
		return -1;
	m->had = 0;
	int rc = 0;
	for (size_t i = 0; i < m->old.cap; i++) {
		const char *name = m->old.v[i];
		int r = name ? manifest_remove(m->dirfd, name) : 0;
		if (r < 0 && !rc) {
			export_fail_errno(err, m->dir, name, errno);
			rc = -1;
		}
	}
	/* The list goes last, and only when every file it names is gone: one left
	 * stays named, for the next export to remove. */
	if (!rc && unlinkat(m->dirfd, MANIFEST_NAME, 0) && errno != ENOENT) {
		export_fail_errno(err, m->dir, MANIFEST_NAME, errno);
		rc = -1;
	}
	return rc;
}

void export_manifest_free(struct export_manifest *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	strset_free(&m->old);
	buf_release(&m->pending);
}

/* DIR/.pressroom-export opened for reading, or NULL (none, or a path too long). */
static FILE *manifest_fopen(const char *dir)
{
	char path[4200];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, MANIFEST_NAME) >= sizeof(path))
		return NULL;
	return fopen(path, "r");
}

int export_unfinished(const char *dir)
{
	FILE *f = manifest_fopen(dir);
	if (!f)
		return 0;
	char line[128];
	int r = fgets(line, sizeof(line), f) && manifest_says_unfinished(line);
	fclose(f);
	return r;
}

int export_own_markdown(const char *dir)
{
	FILE *f = manifest_fopen(dir);
	if (!f)
		return 0;
	char line[256];
	int kind = 0; /* 1 markdown, -1 another, 0 not said (before kinds were written) */
	for (int i = 0; i < 8 && !kind && fgets(line, sizeof(line), f) && line[0] == '#'; i++)
		if (!strncmp(line, manifest_kind, sizeof(manifest_kind) - 1))
			kind = strcmp(line + sizeof(manifest_kind) - 1, "markdown\n") ? -1 : 1;
	fclose(f);
	if (kind)
		return kind > 0;
	struct stat st;
	char path[4200];
	if ((size_t)snprintf(path, sizeof(path), "%s/site.yaml", dir) >= sizeof(path))
		return 0;
	return !lstat(path, &st) && S_ISREG(st.st_mode);
}
