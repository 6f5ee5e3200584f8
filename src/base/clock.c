#include "clock.h"

#include <stdlib.h>
#include <time.h>

int64_t clock_now(void)
{
	const char *fixed = getenv("PRESSROOM_NOW");
	if (fixed && *fixed) {
		char *end;
		long long v = strtoll(fixed, &end, 10);
		if (!*end && v > 0)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}

int64_t clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
