#include "test.h"

#include "../../src/base/tz.h"

/* A search's date bounds: the start of a day in the site's zone, or of the next
 * one for an inclusive end, across month, year and DST changes. */
/* tz_day_start's time, or -2 when it says the date is none. */
static int64_t day(const char *zone, const char *ymd, int after)
{
	int64_t t = 0;
	return tz_day_start(zone, ymd, after, &t) ? -2 : t;
}

TEST(tz_day_start_in_a_zone)
{
	/* Moscow is UTC+3 all year: 30.11.2017 starts at 29.11 21:00 UTC. */
	CHECK(day("Europe/Moscow", "2017-11-30", 0) ==
	      tz_utc_from_civil(2017, 11, 29, 21, 0, 0));
	CHECK(day("Europe/Moscow", "2017-11-30", 1) ==
	      tz_utc_from_civil(2017, 11, 30, 21, 0, 0));
	/* The day after 31 December is 1 January; London is on GMT then. */
	CHECK(day("Europe/London", "2017-12-31", 1) == tz_utc_from_civil(2018, 1, 1, 0, 0, 0));
	/* London in summer (BST, UTC+1); 29 February of a leap year. */
	CHECK(day("Europe/London", "2018-07-01", 0) ==
	      tz_utc_from_civil(2018, 6, 30, 23, 0, 0));
	CHECK(day("UTC", "2024-02-29", 1) == tz_utc_from_civil(2024, 3, 1, 0, 0, 0));
	/* An unknown zone counts as UTC; 1970-01-01 in UTC is 1, not 0 ("no bound"). */
	CHECK(day("Nowhere/City", "2017-11-30", 0) == tz_utc_from_civil(2017, 11, 30, 0, 0, 0));
	CHECK(day("UTC", "1970-01-01", 0) == 1);
	/* Before 1970: a time below 0, which is no error. */
	CHECK(day("UTC", "1960-01-01", 0) == tz_utc_from_civil(1960, 1, 1, 0, 0, 0));
}

TEST(tz_day_start_refuses_what_is_no_date)
{
	static const char *const bad[] = {"", "2017-11-3", "2017-11-300", "2017/11/30", "2017-13-01",
					  "2017-02-29", "2017-00-10", "2017-11-00", "1899-12-31",
					  "+017-11-30", "2017-+1-30", " 017-11-30", "30.11.2017"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(day("UTC", bad[i], 0) == -2);
}
