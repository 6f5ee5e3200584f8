/*
 * datetext: a date written as text, read into its civil fields: RFC 822/1123
 * ("Tue, 22 Sep 2026 10:00:00 +0300", the RSS form), RFC 850, asctime,
 * RFC 3339 / ISO 8601 ("2026-09-22T10:00:00+03:00", "2026-09-22 10:00:00") and
 * English "September 22, 2026" / "Sep 22 2026" with an optional "10:00[:00]"
 * and zone. Months and days may be named in Russian too, as Russian sites' feeds
 * write them ("Вт, 22 сен 2026 10:00:00 +0300", "22 сентября 2026"): a month by
 * its first three letters in either case. Zones: numeric, UT/UTC/GMT/Z, the US names of RFC 822, CET/CEST,
 * BST, WET/WEST, EET/EEST, MSK; the military letters count as UTC in RFC 822
 * dates, as RFC 1123 says (their signs were printed the wrong way round in RFC
 * 822); any other name (IST: India, Ireland or Israel?) is not read. Blanks
 * around it and an RFC 822 comment after it ("+0000 (UTC)") are allowed.
 * Used by the feed reader (feed_parse_date) and the front matter (fm_read_date).
 */
#ifndef PR_DATETEXT_H
#define PR_DATETEXT_H

struct date_text {
	int y, mo, d, h, mi, sec; /* sec may be 60 (a leap second) */
	int zoned;                /* the text named a zone or an offset ... */
	int off;                  /* ... this many seconds east of UTC (else 0) */
};

/* Reads s into *w; 0, or -1 if it is none of the forms, names an unknown zone,
 * or is no real date between 1970 and 9999. */
int date_text_parse(const char *s, struct date_text *w);

#endif
