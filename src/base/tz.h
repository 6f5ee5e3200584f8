/*
 * tz: civil time in named IANA zones, right across DST changes.
 *
 * Backed by the C library's zoneinfo reader; because that reader keys off the
 * process-wide TZ variable, every call here takes one lock and sets TZ when the
 * zone differs from the last one (TZ is left set: re-reading the zone file on
 * every call was the cost of a page). Nothing else in pressroom may call
 * localtime/mktime/tzset or read TZ.
 * Zones must name a file below /usr/share/zoneinfo (tz_valid checks).
 */
#ifndef PR_TZ_H
#define PR_TZ_H

#include <stdint.h>

struct civil {
	int year, month, day;      /* month 1..12, day 1..31 */
	int hour, min, sec;
	int wday;                  /* 0 = Sunday */
	int offset;                /* seconds east of UTC in effect */
	char abbr[16];             /* "MSK", "BST" */
};

/* 0 if zone is a valid IANA zone name ("Europe/Moscow", "UTC"). */
int tz_valid(const char *zone);
/* Civil time in zone at UTC time t. Returns 0, or -1 for an invalid zone. */
int tz_civil(const char *zone, int64_t t, struct civil *out);
/*
 * UTC time of the given wall-clock time in zone. Returns 0; -1 for an invalid
 * zone; -2 for an impossible date (30 February, 25:00). A time that falls in a DST
 * gap is taken as the instant after the gap; in an overlap, the earlier instant.
 */
int tz_to_utc(const char *zone, int year, int month, int day, int hour, int min, int sec,
	      int64_t *out);
/* Days in month (1..12) of year. */
int tz_days_in_month(int year, int month);
/*
 * The start of day ymd ("YYYY-MM-DD", year 1900 or later) in zone, or of the day
 * after when after (a date range's inclusive end), as UTC seconds into *t; in UTC
 * when zone is not one. Never 0 (1 instead: 0 means "no bound" to search). 0, or
 * -1 when ymd is not such a date.
 */
int tz_day_start(const char *zone, const char *ymd, int after, int64_t *t);
/* UTC seconds for a UTC civil time (no zone, no validation). */
int64_t tz_utc_from_civil(int year, int month, int day, int hour, int min, int sec);

#endif
