/* A progress bar on stderr, only when it is a terminal. */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../base/clock.h"

#define PROGRESS_WIDTH 30

void progress_format(const char *label, size_t done, size_t total, char *out, size_t outsz)
{
	if (done > total)
		done = total;
	size_t pct = total ? done * 100 / total : 100;
	size_t fill = total ? done * PROGRESS_WIDTH / total : PROGRESS_WIDTH;
	char bar[PROGRESS_WIDTH + 1];
	for (size_t i = 0; i < PROGRESS_WIDTH; i++)
		bar[i] = i < fill ? '=' : (i == fill ? '>' : ' ');
	bar[PROGRESS_WIDTH] = '\0';
	/* The head '>' sits on the last '=' once the bar is full. */
	if (fill == PROGRESS_WIDTH)
		bar[PROGRESS_WIDTH - 1] = '=';
	snprintf(out, outsz, "%-10s %6zu/%zu [%s] %3zu%%", label, done, total, bar, pct);
}

void progress_init(struct progress *p, const char *label, size_t total)
{
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->total = total;
	p->on = isatty(STDERR_FILENO);
}

static void progress_draw(struct progress *p, size_t done)
{
	char line[160];
	progress_format(p->label, done, p->total, line, sizeof(line));
	fprintf(stderr, "\r%s", line);
	fflush(stderr);
	p->drawn = 1;
}

void progress_set(struct progress *p, size_t done)
{
	p->done = done;
	if (!p->on)
		return;
	int64_t now = clock_ms();
	if (p->drawn && done < p->total && now - p->last_ms < 100)
		return;
	p->last_ms = now;
	progress_draw(p, done);
}

void progress_done(struct progress *p)
{
	if (!p->on || !p->drawn)
		return;
	progress_draw(p, p->done);
	fputc('\n', stderr);
	p->drawn = 0;
}
