/* A set of strings: see strset.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strset.h"

static uint64_t strset_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int strset_has(const struct strset *s, const char *k)
{
	if (!s->cap)
		return 0;
	for (size_t i = (size_t)strset_hash(k) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->v[i])
			return 0;
		if (!strcmp(s->v[i], k))
			return 1;
	}
}

int strset_add(struct strset *s, const char *k)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		char **v = calloc(cap, sizeof(*v));
		if (!v)
			return -1;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->v[i])
				continue;
			size_t j = (size_t)strset_hash(s->v[i]) & (cap - 1);
			while (v[j])
				j = (j + 1) & (cap - 1);
			v[j] = s->v[i];
		}
		free(s->v);
		s->v = v;
		s->cap = cap;
	}
	size_t i = (size_t)strset_hash(k) & (s->cap - 1);
	for (; s->v[i]; i = (i + 1) & (s->cap - 1))
		if (!strcmp(s->v[i], k))
			return 0;
	if (!(s->v[i] = strdup(k)))
		return -1;
	s->n++;
	return 1;
}

void strset_free(struct strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int strlist_has(const char *list, size_t len, const char *e, size_t n)
{
	for (size_t at = 0; list && at < len;) {
		const char *nl = memchr(list + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - list) - at : len - at;
		if (l == n && !memcmp(list + at, e, n))
			return 1;
		at += l + 1;
	}
	return 0;
}
