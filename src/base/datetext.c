/*
 * The civil date and time a text says, in the forms feeds and front matter have.
 * No zone database: a named zone is one of a short fixed list (datetext.h).
 */
#include "datetext.h"

#include <string.h>
#include <strings.h>

#include "tz.h"


static int date_num(const char **p, int min_digits, int max_digits, int *out)
{
	int v = 0, k = 0;
	while (k < max_digits && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	if (k < min_digits)
		return -1;
	*out = v;
	return 0;
}

static int date_valid(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
	       d <= tz_days_in_month(y, mo) && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 &&
	       s <= 60;
}

/* "+0300", "-07:00", "Z", "GMT", "EST", "CEST"... into seconds east of UTC; military
 * letters only where RFC 822 has them (rfc822). */
static int date_zone(const char *p, int *off, int rfc822)
{
	while (*p == ' ')
		p++;
	if (!*p) {
		*off = 0;
		return 0;
	}
	static const struct {
		const char *name;
		int minutes;
	} zones[] = {
		{"UT", 0},       {"UTC", 0},      {"GMT", 0},      {"Z", 0},
		/* RFC 822's own */
		{"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
		{"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60},
		/* Europe's, seen in feeds although no RFC names them */
		{"WET", 0},      {"WEST", 60},    {"BST", 60},     {"CET", 60},
		{"CEST", 2 * 60}, {"EET", 2 * 60}, {"EEST", 3 * 60}, {"MSK", 3 * 60},
	};
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		if (!strcasecmp(p, zones[i].name)) {
			*off = zones[i].minutes * 60;
			return 0;
		}
	/* RFC 822's military letters had their signs reversed, so RFC 1123 (5.2.14)
	 * reads them as -0000, an unknown zone: UTC is the best guess. J is not one. */
	if (rfc822 && *p >= 'A' && *p <= 'Z' && *p != 'J' && !p[1]) {
		*off = 0;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	int sign = *p == '-' ? -1 : 1;
	p++;
	int h, m = 0;
	if (date_num(&p, 2, 2, &h))
		return -1;
	if (*p == ':')
		p++;
	if (*p && date_num(&p, 2, 2, &m))
		return -1;
	if (*p || h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

/* A letter of a word: ASCII's, or a byte of a UTF-8 letter (Russian names). */
static int date_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

/* The first three letters of a Russian word at p in lower case (UTF-8, 6 bytes and
 * a NUL) into low; 0, or -1 when they are not three Cyrillic letters. */
static int date_ru_lower3(const char *p, char low[7])
{
	const unsigned char *s = (const unsigned char *)p;
	for (int i = 0; i < 3; i++, s += 2) {
		unsigned c = s[0] == 0xD0 || s[0] == 0xD1 ? (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F) : 0;
		if (c >= 0x410 && c <= 0x42F) /* А-Я */
			c += 0x20;
		if (c < 0x430 || c > 0x44F)
			return -1;
		low[2 * i] = (char)(0xC0 | c >> 6);
		low[2 * i + 1] = (char)(0x80 | (c & 0x3F));
	}
	low[6] = '\0';
	return 0;
}

/* The month that the word at p names (its first three letters, English or Russian:
 * "Nov", "November", "ноя", "ноября"), 1-12; else 0. */
static int date_month(const char *p)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
					     "jul", "aug", "sep", "oct", "nov", "dec"};
	for (int i = 0; i < 12; i++)
		if (!strncasecmp(p, months[i], 3))
			return i + 1;
	static const char *const ru[] = {"янв", "фев", "мар", "апр", "мая", "июн", "июл",
					 "авг", "сен", "окт", "ноя", "дек", "май"};
	char low[7];
	if (date_ru_lower3(p, low))
		return 0;
	for (int i = 0; i < 13; i++)
		if (!strcmp(low, ru[i]))
			return i == 12 ? 5 : i + 1;
	return 0;
}

static void date_skip_word(const char **p)
{
	while (date_is_alpha(**p))
		(*p)++;
}

static void date_skip_blanks(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/* "15:04[:05]". */
static int date_clock(const char **p, int *h, int *mi, int *sec)
{
	if (date_num(p, 1, 2, h) || *(*p)++ != ':' || date_num(p, 2, 2, mi))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (date_num(p, 2, 2, sec))
			return -1;
	}
	return 0;
}

/* What may end a date: nothing, or "15:04[:05]" and then a zone or not (zoned
 * says which). */
static int date_time_zone(const char *p, int *h, int *mi, int *sec, int *zoned, int *off,
			  int rfc822)
{
	if (!*p)
		return 0;
	if (date_clock(&p, h, mi, sec))
		return -1;
	date_skip_blanks(&p);
	*zoned = *p != '\0';
	return date_zone(p, off, rfc822);
}

/* A year of RFC 850 (two digits: 70-99 are 19xx, the rest 20xx), RFC 2822's obsolete
 * three digits (1900 + it) or four. */
static int date_year(const char **p, int *y)
{
	const char *at = *p;
	if (date_num(p, 2, 4, y))
		return -1;
	if (*p - at == 2)
		*y += *y < 70 ? 2000 : 1900;
	else if (*p - at == 3)
		*y += 1900;
	return 0;
}

int date_text_parse(const char *s, struct date_text *w)
{
	memset(w, 0, sizeof(*w));
	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t len = strlen(s);
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	/* RFC 822 allows a comment after the zone: "+0000 (UTC)". */
	if (len && s[len - 1] == ')') {
		const char *open = memrchr(s, '(', len);
		if (open) {
			len = (size_t)(open - s);
			while (len && s[len - 1] == ' ')
				len--;
		}
	}
	/* Longer than any date: not cut to a prefix that happens to read as one. */
	char tmp[80];
	if (len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	const char *p = tmp;
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, zoned = 0;
	if (p[0] >= '0' && p[0] <= '9' && len >= 10 && p[4] == '-') {
		/* RFC 3339 / ISO 8601, or WordPress "YYYY-MM-DD HH:MM:SS" (UTC). */
		if (date_num(&p, 4, 4, &y) || *p++ != '-' || date_num(&p, 2, 2, &mo) || *p++ != '-' ||
		    date_num(&p, 2, 2, &d))
			return -1;
		if (*p == 'T' || *p == 't' || *p == ' ') {
			p++;
			if (date_num(&p, 2, 2, &h) || *p++ != ':' || date_num(&p, 2, 2, &mi))
				return -1;
			if (*p == ':') {
				p++;
				if (date_num(&p, 2, 2, &sec))
					return -1;
				if (*p == '.' || *p == ',') {
					p++;
					while (*p >= '0' && *p <= '9')
						p++;
				}
			}
		}
		date_skip_blanks(&p);
		zoned = *p != '\0';
		if (date_zone(p, &off, 0))
			return -1;
	} else {
		/* The day's name, if any: "Tue, ", "Tuesday, " (RFC 850) or "Tue " (asctime). */
		if (date_is_alpha(*p) && !date_month(p)) {
			date_skip_word(&p);
			if (*p == ',')
				p++;
			date_skip_blanks(&p);
		}
		if (date_month(p)) {
			mo = date_month(p);
			date_skip_word(&p);
			if (*p == '.')
				p++;
			date_skip_blanks(&p);
			if (date_num(&p, 1, 2, &d))
				return -1;
			/* "January 2, 2006" or "Jan 2 2006", a time after it or not (as people
			 * write dates in English front matter). */
			const char *q = p;
			if (*q == ',')
				q++;
			date_skip_blanks(&q);
			if (q > p && !date_num(&q, 4, 4, &y) && (!*q || *q == ' ' || *q == ',')) {
				p = q;
				if (*p == ',')
					p++;
				date_skip_blanks(&p);
				if (date_time_zone(p, &h, &mi, &sec, &zoned, &off, 0))
					return -1;
				goto done;
			}
			/* asctime: "Jan  2 15:04:05 2006", or date(1)'s "... 15:04:05 UTC 2006". */
			if (*p != ' ')
				return -1;
			date_skip_blanks(&p);
			if (date_clock(&p, &h, &mi, &sec) || *p != ' ')
				return -1;
			date_skip_blanks(&p);
			char zone[8] = "";
			if (date_is_alpha(*p)) {
				const char *z = p;
				date_skip_word(&p);
				if ((size_t)(p - z) >= sizeof zone || *p != ' ')
					return -1;
				memcpy(zone, z, (size_t)(p - z));
				zone[p - z] = '\0';
				date_skip_blanks(&p);
			}
			if (date_num(&p, 4, 4, &y) || *p || date_zone(zone, &off, 0))
				return -1;
			zoned = zone[0] != '\0';
		} else {
			/* RFC 822 "02 Jan 2006 15:04[:05] zone" or RFC 850 "02-Jan-06 ...". */
			if (date_num(&p, 1, 2, &d) || (*p != ' ' && *p != '-'))
				return -1;
			p++;
			date_skip_blanks(&p);
			if (!(mo = date_month(p)))
				return -1;
			/* "Sep", "Sept.", "September" */
			while (*p && *p != ' ' && *p != '-')
				p++;
			if (*p == '-')
				p++;
			date_skip_blanks(&p);
			if (date_year(&p, &y))
				return -1;
			date_skip_blanks(&p);
			if (date_time_zone(p, &h, &mi, &sec, &zoned, &off, 1))
				return -1;
		}
	}
done:
	if (!date_valid(y, mo, d, h, mi, sec))
		return -1;
	if (sec == 60)
		sec = 59;
	*w = (struct date_text){.y = y, .mo = mo, .d = d, .h = h, .mi = mi, .sec = sec,
				.zoned = zoned, .off = zoned ? off : 0};
	return 0;
}

