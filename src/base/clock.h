/*
 * clock: the current time for everything that stamps or compares dates.
 * PRESSROOM_NOW (seconds since the epoch) fixes it, for golden-file tests only.
 * And a monotonic clock for how long things take.
 */
#ifndef PR_CLOCK_H
#define PR_CLOCK_H

#include <stdint.h>

int64_t clock_now(void);
/* Milliseconds of the monotonic clock, for intervals and deadlines (never fixed). */
int64_t clock_ms(void);

#endif
