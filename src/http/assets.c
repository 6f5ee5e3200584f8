#include "assets.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/embedded.h"

#define ASSET_MAX_SIZE (4u << 20)
#define ASSET_MAX_COUNT 256

const char *assets_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml; charset=utf-8"},
		{".png", "image/png"},
		{".jpg", "image/jpeg"},
		{".webp", "image/webp"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

void assets_etag(const char *data, size_t n, char out[24])
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)data[i];
		h *= 1099511628211ULL;
	}
	snprintf(out, 24, "\"%016llx\"", (unsigned long long)h);
}

/* Names we serve: letters, digits, '-', '_', one or more '.', no leading dot. */
static int assets_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (!n || n >= sizeof(((struct asset *)0)->name) || name[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

static int assets_add(struct assets *a, const char *name, char *data, size_t size, int64_t mtime)
{
	struct asset *v = realloc(a->v, (a->n + 1) * sizeof(*v));
	if (!v)
		return -1;
	a->v = v;
	struct asset *x = &a->v[a->n++];
	snprintf(x->name, sizeof(x->name), "%s", name);
	x->data = data;
	x->size = size;
	x->content_type = assets_type(name);
	x->mtime = mtime;
	assets_etag(data, size, x->etag);
	return 0;
}

static int assets_load_dir(struct assets *a, const char *dir, char *err, size_t errsz)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errsz, "%s: cannot open the theme folder: %s", dir, strerror(errno));
		return -1;
	}
	int dfd = dirfd(d);
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) && !rc) {
		if (!assets_name_ok(e->d_name))
			continue;
		/* Regular files directly in the folder only; no links followed. */
		int fd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct stat st;
		if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > ASSET_MAX_SIZE ||
		    a->n >= ASSET_MAX_COUNT) {
			close(fd);
			continue;
		}
		char *data = malloc((size_t)st.st_size + 1);
		ssize_t got = data ? read(fd, data, (size_t)st.st_size) : -1;
		close(fd);
		if (got != st.st_size) {
			free(data);
			snprintf(err, errsz, "%s/%s: cannot read", dir, e->d_name);
			rc = -1;
			break;
		}
		data[got] = '\0';
		if (assets_add(a, e->d_name, data, (size_t)got, (int64_t)st.st_mtime)) {
			free(data);
			snprintf(err, errsz, "out of memory");
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

int assets_load(struct assets *a, const char *dir, char *err, size_t errsz)
{
	a->v = NULL;
	a->n = 0;
	if (dir)
		return assets_load_dir(a, dir, err, errsz);
	/* Embedded files date from the build: the binary's own time stands for them. */
	struct stat st;
	int64_t mtime = stat("/proc/self/exe", &st) == 0 ? (int64_t)st.st_mtime : (int64_t)time(NULL);
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "static/", 7) != 0)
			continue;
		char *copy = malloc(f->size + 1);
		if (!copy || assets_add(a, f->name + 7, memcpy(copy, f->data, f->size + 1), f->size, mtime)) {
			free(copy);
			snprintf(err, errsz, "out of memory");
			return -1;
		}
	}
	return 0;
}

void assets_free(struct assets *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].data);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

const struct asset *assets_find(const struct assets *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].name, name))
			return &a->v[i];
	return NULL;
}
