#include "tz.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

int tz_valid(const char *zone)
{
	if (!zone || !*zone || strlen(zone) > 64 || zone[0] == '/' || strstr(zone, ".."))
		return -1;
	for (const char *p = zone; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '_' || c == '-' || c == '+'))
			return -1;
	}
	/* The last zone found valid, per thread: pages ask about the same zone thousands
	 * of times, and each answer would otherwise cost an access() call. */
	static _Thread_local char last[72];
	if (last[0] && !strcmp(last, zone))
		return 0;
	/* A zone is a TZif file: not a folder ("Europe"), not leapseconds or a table. */
	char path[128], magic[4];
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int ok = fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) &&
		 read(fd, magic, 4) == 4 && !memcmp(magic, "TZif", 4);
	if (fd >= 0)
		close(fd);
	if (!ok)
		return -1;
	snprintf(last, sizeof(last), "%s", zone);
	return 0;
}

int tz_days_in_month(int year, int month)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return d[month - 1];
}

int tz_day_start(const char *zone, const char *ymd, int after, int64_t *t)
{
	if (strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (ymd[i] < '0' || ymd[i] > '9'))
			return -1;
	int y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
	int m = (ymd[5] - '0') * 10 + (ymd[6] - '0');
	int d = (ymd[8] - '0') * 10 + (ymd[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > tz_days_in_month(y, m))
		return -1;
	if (after && ++d > tz_days_in_month(y, m)) {
		d = 1;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	if (tz_to_utc(zone, y, m, d, 0, 0, 0, t) && tz_to_utc("UTC", y, m, d, 0, 0, 0, t))
		return -1;
	if (!*t)
		*t = 1;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's method). */
static int64_t tz_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t tz_utc_from_civil(int year, int month, int day, int hour, int min, int sec)
{
	return tz_days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
}

/*
 * Sets TZ to zone for a conversion; caller holds tz_lock. TZ is left set after
 * the conversion (nothing else reads it): setting and re-reading the zone file on
 * every call made a page with a month index cost thousands of file reads.
 */
static char tz_current[72];

static void tz_enter(const char *zone)
{
	if (strcmp(tz_current, zone) != 0) {
		setenv("TZ", zone, 1);
		tzset();
		snprintf(tz_current, sizeof(tz_current), "%s", zone);
	}
}

/*
 * UTC by arithmetic (Howard Hinnant's civil_from_days): pages ask for UTC times
 * several times each (datetime attributes, JSON-LD), and going through the
 * lock and localtime_r made the threads of an export queue up on tz_lock.
 * Years 1..9999 only; the rest go through the C library as before.
 */
static int tz_civil_utc(int64_t t, struct civil *out)
{
	if (t < -62135596800LL || t > 253402300799LL)
		return -1;
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	out->year = (int)(yoe + era * 400 + (m <= 2));
	out->month = (int)m;
	out->day = (int)d;
	out->hour = (int)(secs / 3600);
	out->min = (int)(secs / 60 % 60);
	out->sec = (int)(secs % 60);
	out->wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
	out->offset = 0;
	snprintf(out->abbr, sizeof(out->abbr), "UTC");
	return 0;
}

int tz_civil(const char *zone, int64_t t, struct civil *out)
{
	if (tz_valid(zone))
		return -1;
	if (!strcmp(zone, "UTC") && tz_civil_utc(t, out) == 0)
		return 0;
	struct tm tm;
	time_t tt = (time_t)t;
	pthread_mutex_lock(&tz_lock);
	tz_enter(zone);
	int ok = localtime_r(&tt, &tm) != NULL;
	pthread_mutex_unlock(&tz_lock);
	if (!ok)
		return -1;
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->hour = tm.tm_hour;
	out->min = tm.tm_min;
	out->sec = tm.tm_sec;
	out->wday = tm.tm_wday;
	out->offset = (int)tm.tm_gmtoff;
	out->abbr[0] = '\0';
	if (tm.tm_zone) {
		strncpy(out->abbr, tm.tm_zone, sizeof(out->abbr) - 1);
		out->abbr[sizeof(out->abbr) - 1] = '\0';
	}
	return 0;
}

int tz_to_utc(const char *zone, int year, int month, int day, int hour, int min, int sec,
	      int64_t *out)
{
	if (tz_valid(zone))
		return -1;
	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
	    day > tz_days_in_month(year, month) || hour < 0 || hour > 23 || min < 0 || min > 59 ||
	    sec < 0 || sec > 59)
		return -2;
	int64_t wall = tz_utc_from_civil(year, month, day, hour, min, sec);
	/*
	 * Try the offsets in effect a day either side of the wall time: the candidate
	 * whose own offset maps back to the wall time is the answer. Taking the earliest
	 * match resolves overlaps; no match means a gap, resolved to the later offset.
	 */
	struct civil a, b;
	if (tz_civil(zone, wall - 86400, &a) || tz_civil(zone, wall + 86400, &b))
		return -1;
	int offs[2] = {a.offset, b.offset};
	int64_t best = INT64_MAX;
	for (int i = 0; i < 2; i++) {
		int64_t cand = wall - offs[i];
		struct civil c;
		if (tz_civil(zone, cand, &c))
			return -1;
		if (c.offset == offs[i] && cand < best)
			best = cand;
	}
	if (best == INT64_MAX)
		best = wall - (a.offset < b.offset ? a.offset : b.offset);
	*out = best;
	return 0;
}
