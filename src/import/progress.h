/*
 * progress: a one-line progress bar on stderr, drawn only when stderr is a
 * terminal (isatty), so logs, pipes and tests see nothing of it:
 *
 *   importing    312/10000 [=====>                        ]   3%
 *
 * Redrawn at most every 100 ms (and at 100%); progress_done() ends the line.
 * A struct progress is used by one thread at a time; it owns nothing.
 */
#ifndef PR_PROGRESS_H
#define PR_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

struct progress {
	const char *label;  /* "importing"; a static string */
	size_t total;
	int on;             /* stderr is a terminal */
	int drawn;          /* something is on the line */
	size_t done;        /* the last progress_set */
	int64_t last_ms;
};

void progress_init(struct progress *p, const char *label, size_t total);
/* Shows done of total (clamped); cheap enough to call for every unit. */
void progress_set(struct progress *p, size_t done);
/* Shows the last state set and ends the line (nothing when nothing was drawn): a
 * run that stopped on an error shows where, not a full bar. */
void progress_done(struct progress *p);
/* Formats the bar for done/total into out (tests; no terminal needed). */
void progress_format(const char *label, size_t done, size_t total, char *out, size_t outsz);

#endif
