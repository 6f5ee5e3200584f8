/* Line diff by longest common subsequence over the changed middle. Why LCS and not
 * Myers: revisions are press releases of some hundred lines; a table over the
 * middle (after the common head and tail) is simple, exact and cheap enough, and
 * DIFF_MAX_CELLS caps the worst case. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct diff_text {
	const char **s;
	size_t *n;
	size_t count;
};

static int diff_split(const char *t, struct diff_text *out)
{
	out->s = NULL;
	out->n = NULL;
	out->count = 0;
	if (!t || !*t)
		return 0;
	size_t lines = 1;
	for (const char *p = t; *p; p++)
		if (*p == '\n' && p[1])
			lines++;
	out->s = malloc(lines * sizeof(*out->s));
	out->n = malloc(lines * sizeof(*out->n));
	if (!out->s || !out->n)
		return -1;
	const char *p = t;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		out->s[out->count] = p;
		out->n[out->count++] = len;
		p += len + (nl ? 1 : 0);
	}
	return 0;
}

static void diff_text_free(struct diff_text *t)
{
	free(t->s);
	free(t->n);
}

static int diff_eq(const struct diff_text *a, size_t i, const struct diff_text *b, size_t j)
{
	return a->n[i] == b->n[j] && !memcmp(a->s[i], b->s[j], a->n[i]);
}

static void diff_push(struct diff_line *v, size_t *len, enum diff_op op, const char *s, size_t n)
{
	v[*len].op = op;
	v[*len].s = s;
	v[*len].n = n;
	(*len)++;
}

int nr_diff_lines(const char *a, const char *b, struct diff_line **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct diff_text A, B;
	int rc = -1;
	uint32_t *t = NULL;
	struct diff_line *v = NULL;
	if (diff_split(a, &A) | diff_split(b, &B))
		goto out;
	v = malloc((A.count + B.count + 1) * sizeof(*v));
	if (!v)
		goto out;
	size_t len = 0, head = 0, tail = 0;
	while (head < A.count && head < B.count && diff_eq(&A, head, &B, head))
		head++;
	while (tail < A.count - head && tail < B.count - head &&
	       diff_eq(&A, A.count - 1 - tail, &B, B.count - 1 - tail))
		tail++;
	for (size_t i = 0; i < head; i++)
		diff_push(v, &len, DIFF_SAME, A.s[i], A.n[i]);
	size_t na = A.count - head - tail, nb = B.count - head - tail;
	if (na && nb && (na + 1) * (nb + 1) <= DIFF_MAX_CELLS)
		t = calloc((na + 1) * (nb + 1), sizeof(*t));
	if (t) {
		/* t[i][j]: LCS length of the middle suffixes from i and j. */
		size_t w = nb + 1;
		for (size_t i = na; i-- > 0;)
			for (size_t j = nb; j-- > 0;)
				t[i * w + j] = diff_eq(&A, head + i, &B, head + j)
						       ? t[(i + 1) * w + j + 1] + 1
						       : (t[(i + 1) * w + j] >= t[i * w + j + 1]
								  ? t[(i + 1) * w + j]
								  : t[i * w + j + 1]);
		size_t i = 0, j = 0;
		while (i < na || j < nb) {
			if (i < na && j < nb && diff_eq(&A, head + i, &B, head + j)) {
				diff_push(v, &len, DIFF_SAME, A.s[head + i], A.n[head + i]);
				i++;
				j++;
			} else if (i < na && (j == nb || t[(i + 1) * w + j] >= t[i * w + j + 1])) {
				diff_push(v, &len, DIFF_DEL, A.s[head + i], A.n[head + i]);
				i++;
			} else {
				diff_push(v, &len, DIFF_ADD, B.s[head + j], B.n[head + j]);
				j++;
			}
		}
	} else {
		if (na && nb && (na + 1) * (nb + 1) <= DIFF_MAX_CELLS)
			goto out;   /* the table was small enough: calloc failed */
		for (size_t i = 0; i < na; i++)
			diff_push(v, &len, DIFF_DEL, A.s[head + i], A.n[head + i]);
		for (size_t j = 0; j < nb; j++)
			diff_push(v, &len, DIFF_ADD, B.s[head + j], B.n[head + j]);
	}
	for (size_t i = A.count - tail; i < A.count; i++)
		diff_push(v, &len, DIFF_SAME, A.s[i], A.n[i]);
	*out = v;
	*n = len;
	v = NULL;
	rc = 0;
out:
	free(t);
	free(v);
	diff_text_free(&A);
	diff_text_free(&B);
	return rc;
}

int nr_diff_changed(const struct diff_line *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].op != DIFF_SAME)
			return 1;
	return 0;
}
