/*
 * media: what an uploaded file is, from its bytes alone, and the name pressroom
 * gives it. The browser's file name and Content-Type are never trusted: only
 * JPEG, PNG, WebP and PDF are accepted, recognised by their magic bytes, and the
 * stored name is the first 16 hex digits of the content's SHA-256 plus the
 * extension of the sniffed type, so the same file uploaded twice is one file.
 */
#ifndef PR_MEDIA_H
#define PR_MEDIA_H

#include <stddef.h>

#define NR_MEDIA_MAX ((size_t)10 << 20)   /* 10 MiB per file */

struct nr_media_type {
	const char *mime;   /* "image/png" */
	const char *ext;    /* "png" */
	int image;          /* shown with ![](...) rather than linked */
};

/* The type of data, or NULL if it is none of the accepted ones. */
const struct nr_media_type *nr_media_sniff(const unsigned char *data, size_t n);
/* Hex SHA-256 of data into sha (65 bytes) and the stored name into name. */
void nr_media_name(const unsigned char *data, size_t n, const struct nr_media_type *t,
		   char sha[65], char *name, size_t namesz);
/* Whether s looks like a name nr_media_name makes (16 hex + '.' + known ext). */
int nr_media_name_ok(const char *s);
/* The type of a stored name, from its extension; NULL if unknown. */
const struct nr_media_type *nr_media_type_of(const char *name);

#endif
