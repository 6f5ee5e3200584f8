/*
 * strset: a set of strings, open addressing with owned copies (FNV-1a). Zeroed,
 * it is empty; strset_free() leaves it empty again. Not locked: one writer, or
 * readers only.
 */
#ifndef PR_STRSET_H
#define PR_STRSET_H

#include <stddef.h>

struct strset {
	char **v;
	size_t cap, n;
};

int strset_has(const struct strset *s, const char *k);
/* Adds a copy of k. Returns 1 if added, 0 if it was there, -1 out of memory. */
int strset_add(struct strset *s, const char *k);
void strset_free(struct strset *s);

/* Whether the list of len bytes (lines separated, or each ended, by '\n'; NULL:
 * empty) has the line e of n bytes (n > 0). For the short lists of an item's old
 * addresses, where a set would cost more than it saves. */
int strlist_has(const char *list, size_t len, const char *e, size_t n);

#endif
