/*
 * arena: a per-request allocator. Everything allocated from an arena is freed at
 * once by arena_release(); nothing is freed alone. Allocation failure returns NULL.
 * A cap bounds the total, so a request cannot take more than its share.
 */
#ifndef PR_ARENA_H
#define PR_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;      /* bytes handed out, for the cap */
	size_t cap;       /* 0 = 64 MiB */
};

void arena_init(struct arena *a, size_t cap);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

#endif
