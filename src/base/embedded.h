/*
 * embedded: files compiled into the binary by tools/embed (the sample site under
 * "sample/", the theme under "static/"). Read-only, static storage.
 */
#ifndef PR_EMBEDDED_H
#define PR_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;   /* "sample/01-interview.md", "static/site.css" */
	const char *data;   /* NUL-terminated */
	size_t size;
};

/* Ended by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

#endif
