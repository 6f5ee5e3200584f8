/*
 * clock: the current time for everything that stamps or compares dates.
 * PRESSROOM_NOW (seconds since the epoch) fixes it, for golden-file tests only.
 */
#ifndef PR_CLOCK_H
#define PR_CLOCK_H

#include <stdint.h>

int64_t clock_now(void);

#endif
