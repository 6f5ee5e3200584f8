/*
 * The media library's files for export --markdown (export.h): read from the store a
 * chunk of names at a time and one file's bytes at a time, so that memory holds
 * one file however large the library is.
 */
#include <stdlib.h>
#include <string.h>

#include "../newsroom/media.h"
#include "export.h"

#define EXPORT_MEDIA_CHUNK 256

int export_media_each(struct store *s, int (*fn)(void *ctx, const struct nr_media *m), void *ctx,
		      struct buf *err)
{
	for (int64_t off = 0;; off += EXPORT_MEDIA_CHUNK) {
		struct nr_media *v;
		size_t n;
		if (store_nr_media_list(s, off, EXPORT_MEDIA_CHUNK, &v, &n)) {
			buf_addf(err, "media: %s", store_errmsg(s));
			return -1;
		}
		int rc = 0;
		for (size_t i = 0; i < n && !rc; i++) {
			/* The name becomes a file name: only the names uploads get
			 * (16 hex digits and a known extension) ever do. */
			if (!nr_media_name_ok(v[i].name))
				continue;
			struct nr_media m;
			if (store_nr_media_get(s, v[i].name, &m)) {
				buf_addf(err, "media/%s: %s", v[i].name, store_errmsg(s));
				rc = -1;
				break;
			}
			rc = fn(ctx, &m);
			free(m.data);
		}
		free(v);
		if (rc)
			return -1;
		if (n < EXPORT_MEDIA_CHUNK)
			return 0;
	}
}
