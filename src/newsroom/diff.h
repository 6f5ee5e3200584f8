/*
 * diff: a line diff of two texts, for comparing revisions field by field.
 *
 * The result is the shortest edit script as a list of lines, each kept, removed
 * (only in a) or added (only in b), in an order that reads as a unified diff:
 * within a changed stretch the removed lines come before the added ones. Lines
 * are pointers into a and b (no copies), split at '\n'; a final line without
 * '\n' counts as a line. Cost is bounded: the common head and tail are cut first,
 * and when what is left has more than DIFF_MAX_CELLS line pairs the stretch is
 * shown as all removed then all added (still correct, only less minimal).
 */
#ifndef PR_DIFF_H
#define PR_DIFF_H

#include <stddef.h>

#define DIFF_MAX_CELLS ((size_t)4 << 20)

enum diff_op { DIFF_SAME = 0, DIFF_DEL, DIFF_ADD };

struct diff_line {
	enum diff_op op;
	const char *s;      /* into a (SAME, DEL) or b (ADD); not NUL-terminated */
	size_t n;           /* without the '\n' */
};

/*
 * Diffs a against b (NUL-terminated; NULL is ""). On success *out (free() it)
 * holds *n lines and 0 is returned; -1 when memory runs out.
 */
int nr_diff_lines(const char *a, const char *b, struct diff_line **out, size_t *n);
/* Whether the diff has any change. */
int nr_diff_changed(const struct diff_line *d, size_t n);

#endif
