/*
 * assets: the theme's static files (site.css, clock.js), loaded once at start from
 * the binary or from a folder, and looked up by exact name. A name is never turned
 * into a path at request time, so no request can reach a file outside the theme.
 */
#ifndef PR_ASSETS_H
#define PR_ASSETS_H

#include <stddef.h>
#include <stdint.h>

struct asset {
	char name[64];
	char *data;
	size_t size;
	const char *content_type;
	int64_t mtime;
	char etag[24];
};

struct assets {
	struct asset *v;
	size_t n;
};

/* dir NULL: the embedded theme. Returns 0, or -1 with a message in err. */
int assets_load(struct assets *a, const char *dir, char *err, size_t errsz);
void assets_free(struct assets *a);
const struct asset *assets_find(const struct assets *a, const char *name);
/* Content type (with charset for text) from a file name's extension. */
const char *assets_type(const char *name);
/* A strong ETag of data, quoted. */
void assets_etag(const char *data, size_t n, char out[24]);

#endif
