#include "frontmatter.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "../base/clock.h"
#include "../base/datetext.h"
#include "../base/tz.h"
#include "../base/utf8.h"
#include "fm_toml.h"

#define FM_MAX_KEYS 256
#define FM_MAX_DEPTH 64
#define FM_MAX_TITLE 500
#define FM_MAX_SOURCE_TITLE 500
#define FM_MAX_SERIES 200
#define FM_MAX_TAG 100

struct fm {
	const char *name;
	struct buf *err;
	int failed;
	const char *yaml; /* the front matter, between the --- lines */
	size_t yaml_n;
	size_t first; /* file line of the front matter's first line */
	size_t last;  /* file line of the closing --- */
	yaml_parser_t parser;
	struct item *it;
	const char *zone, *lang;
	char *keys[FM_MAX_KEYS]; /* keys seen so far, for duplicates */
	size_t nkeys;
	int have_title, have_date, have_lead, have_slug, have_lang, have_publish, have_updated;
	/* date, publishDate and lastmod each as a day alone ("2018-02-15", no time) */
	int date_day, publish_day, updated_day;
	int64_t publish_date;         /* Hugo's publishDate, the date when date is absent */
	int64_t expiry_date;          /* Hugo's expiryDate (have_expiry) */
	int have_expiry;
	const struct fm_defaults *d;
	int draft, unpublished;
	size_t title_line;
	char *description, *summary, *excerpt; /* lead stand-ins, used when lead is absent */
	int page_layout; /* layout: page or type: page (Jekyll's and Hugo's pages) */
	const char *page; /* why it is a page (FM_PAGE) */
};

__attribute__((format(printf, 3, 4))) static int fm_fail(struct fm *f, size_t line,
							 const char *fmt, ...)
{
	if (f->failed)
		return -1;
	f->failed = 1;
	buf_addf(f->err, "%s:%zu: ", f->name, line);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(f->err, fmt, ap);
	va_end(ap);
	return -1;
}


const char *fm_show(const char *s, size_t n, char out[FM_SHOW])
{
	size_t o = 0, i = 0;
	while (i < n) {
		size_t l = utf8_decode((const unsigned char *)s + i, n - i, NULL);
		if (l == 0)
			l = 1;
		if (o + l > 60) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		for (size_t k = 0; k < l; k++) {
			unsigned char c = (unsigned char)s[i + k];
			out[o++] = l == 1 && (c < 0x20 || c == 0x7f) ? '?' : (char)c;
		}
		i += l;
	}
	out[o] = '\0';
	return out;
}

static int fm_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int fm_digit(char c) { return c >= '0' && c <= '9'; }

/* s[0..n) as a whole number of 1 to 6 digits, else 0. */
static long fm_whole(const char *s, size_t n)
{
	if (!n || n > 6)
		return 0;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!fm_digit(s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void fm_trim(const char **s, size_t *n)
{
	while (*n && fm_space(**s))
		(*s)++, (*n)--;
	while (*n && fm_space((*s)[*n - 1]))
		(*n)--;
}

/* Whether s holds a control character; tabs pass always, line breaks when multiline. */
static int fm_has_control(const char *s, size_t n, int multiline)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && !(multiline && c == '\n')) || c == 0x7f)
			return 1;
	}
	return 0;
}

static int fm_valid_utf8(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t l = utf8_decode((const unsigned char *)s + i, n - i, NULL);
		if (!l)
			return 0;
		i += l;
	}
	return 1;
}

/* Line of the file at which libyaml's mark points, kept inside the front matter. */
static size_t fm_mark_line(const struct fm *f, const yaml_mark_t *m)
{
	size_t line = m->line < f->last - f->first ? f->first + m->line : f->last;
	return line;
}

static int fm_yaml_fail(struct fm *f)
{
	yaml_parser_t *p = &f->parser;
	if (p->error == YAML_MEMORY_ERROR)
		return fm_fail(f, 1, "out of memory");
	size_t line;
	if (p->error == YAML_READER_ERROR) {
		line = f->first;
		for (size_t i = 0; i < p->problem_offset && i < f->yaml_n; i++)
			line += f->yaml[i] == '\n';
		if (line > f->last)
			line = f->last;
	} else if (p->context && p->problem_mark.index + 1 >= f->yaml_n) {
		/* The construct ran to the end ("while scanning a quoted scalar"): its
		 * start is where the writer has to look (an unclosed quote). */
		line = fm_mark_line(f, &p->context_mark);
		const char *what = strchr(p->context + 6, ' '); /* "while scanning |a quoted scalar" */
		return fm_fail(f, line, "bad YAML: %s starts here and is never closed",
			       what ? what + 1 : p->context);
	} else {
		line = fm_mark_line(f, &p->problem_mark);
	}
	return fm_fail(f, line, "bad YAML: %s", p->problem ? p->problem : "malformed");
}

static int fm_next(struct fm *f, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&f->parser, ev))
		return fm_yaml_fail(f);
	return 0;
}

static size_t fm_line(const struct fm *f, const yaml_event_t *ev)
{
	return fm_mark_line(f, &ev->start_mark);
}

/* Consumes the rest of a list or mapping whose start event was just read. */
static int fm_skip(struct fm *f, const yaml_event_t *start)
{
	if (start->type != YAML_SEQUENCE_START_EVENT && start->type != YAML_MAPPING_START_EVENT)
		return 0;
	int depth = 1;
	while (depth > 0) {
		yaml_event_t ev;
		if (fm_next(f, &ev))
			return -1;
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		size_t line = fm_line(f, &ev);
		yaml_event_delete(&ev);
		if (depth > FM_MAX_DEPTH)
			return fm_fail(f, line, "values nested more than %d deep", FM_MAX_DEPTH);
	}
	return 0;
}

static int fm_is_null(const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || ev->data.scalar.tag)
		return 0;
	return n == 0 || (n == 1 && s[0] == '~') ||
	       (n == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

/*
 * The value of key as one trimmed string; *s is NULL for a YAML null. Lists,
 * mappings and aliases are errors: every key read here takes one value.
 */
static int fm_scalar(struct fm *f, const char *key, const yaml_event_t *ev, const char **s,
		     size_t *n)
{
	size_t line = fm_line(f, ev);
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		break;
	case YAML_ALIAS_EVENT:
		return fm_fail(f, line, "%s: YAML aliases are not supported", key);
	case YAML_SEQUENCE_START_EVENT:
		return fm_fail(f, line, "%s must be a single value, not a list", key);
	case YAML_MAPPING_START_EVENT:
		return fm_fail(f, line, "%s must be a single value, not a mapping", key);
	default:
		return fm_fail(f, line, "%s has no value", key);
	}
	if (fm_is_null(ev)) {
		*s = NULL;
		*n = 0;
		return 0;
	}
	*s = (const char *)ev->data.scalar.value;
	*n = ev->data.scalar.length;
	if (!fm_valid_utf8(*s, *n))
		return fm_fail(f, line, "%s is not valid UTF-8", key);
	fm_trim(s, n);
	return 0;
}

/* A one-line text value: no control characters, at most max bytes. */
static int fm_text(struct fm *f, const char *key, size_t line, const char *s, size_t n,
		   size_t max, char **field)
{
	if (fm_has_control(s, n, 0))
		return fm_fail(f, line, "%s must be one line without control characters", key);
	if (n > max)
		return fm_fail(f, line, "%s is longer than %zu bytes", key, max);
	if (item_set(field, s, n))
		return fm_fail(f, line, "out of memory");
	return 0;
}

enum { FM_DATE_FORM = -1, FM_DATE_IMPOSSIBLE = -2, FM_DATE_ZONE = -3 };

/* Reads min..max digits at s[*i]; returns their value or -1. */
static int fm_digits(const char *s, size_t n, size_t *i, int min, int max)
{
	int v = 0, k = 0;
	while (*i < n && k < max && fm_digit(s[*i])) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k < min ? -1 : v;
}

static void fm_blanks(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
}

/* w's instant: at its offset, else as a wall clock in zone. 0 or FM_DATE_*. */
static int fm_word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !strncasecmp(s, w, n);
}

static int fm_date_utc(const struct date_text *w, const char *zone, int64_t *out)
{
	if (w->zoned) {
		*out = tz_utc_from_civil(w->y, w->mo, w->d, w->h, w->mi, w->sec) - w->off;
		return 0;
	}
	int r = tz_to_utc(zone, w->y, w->mo, w->d, w->h, w->mi, w->sec, out);
	return r == 0 ? 0 : r == -2 ? FM_DATE_IMPOSSIBLE : FM_DATE_ZONE;
}

/*
 * YYYY-M[M]-D[D] [(T|blanks)H[H]:MM[:SS[.fraction]]] [blanks] [Z | ±H[H][[:]MM]], the
 * YAML timestamp forms plus Jekyll's "+0300". Without an offset the time is a wall
 * clock in zone. Returns 0 or FM_DATE_*.
 */
static int fm_date(const char *s, size_t n, const char *zone, int64_t *out)
{
	size_t i = 0;
	int y, mo, d, h = 0, mi = 0, se = 0, has_off = 0;
	long off = 0;
	if ((y = fm_digits(s, n, &i, 4, 4)) < 0 || i >= n || s[i++] != '-')
		return FM_DATE_FORM;
	if ((mo = fm_digits(s, n, &i, 1, 2)) < 0 || i >= n || s[i++] != '-')
		return FM_DATE_FORM;
	if ((d = fm_digits(s, n, &i, 1, 2)) < 0)
		return FM_DATE_FORM;
	if (i < n) {
		if (s[i] == 'T' || s[i] == 't')
			i++;
		else if (s[i] == ' ' || s[i] == '\t')
			fm_blanks(s, n, &i);
		else
			return FM_DATE_FORM;
		if ((h = fm_digits(s, n, &i, 1, 2)) < 0 || i >= n || s[i++] != ':')
			return FM_DATE_FORM;
		if ((mi = fm_digits(s, n, &i, 2, 2)) < 0)
			return FM_DATE_FORM;
		if (i < n && s[i] == ':') {
			i++;
			if ((se = fm_digits(s, n, &i, 2, 2)) < 0)
				return FM_DATE_FORM;
			if (i < n && s[i] == '.') {
				size_t k = ++i;
				while (i < n && fm_digit(s[i]))
					i++;
				if (i == k || i - k > 9)
					return FM_DATE_FORM;
			}
		}
		fm_blanks(s, n, &i);
		if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
			i++;
			has_off = 1;
		} else if (i < n && (s[i] == '+' || s[i] == '-')) {
			long sign = s[i++] == '-' ? -1 : 1;
			int oh, om = 0;
			if ((oh = fm_digits(s, n, &i, 1, 2)) < 0)
				return FM_DATE_FORM;
			if (i < n && s[i] == ':')
				i++;
			if (i < n && (om = fm_digits(s, n, &i, 2, 2)) < 0)
				return FM_DATE_FORM;
			if (oh > 23 || om > 59)
				return FM_DATE_IMPOSSIBLE;
			off = sign * (oh * 3600L + om * 60L);
			has_off = 1;
		}
		/* A zone's name after it, as Jekyll sites and `date` write: "+0300 MSK" (the
		 * offset rules), or "UTC", "GMT" alone (another name alone says no offset). */
		fm_blanks(s, n, &i);
		size_t z = i;
		while (i < n && i - z < 6 && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
			i++;
		if (i > z && !has_off) {
			if (!fm_word_is(s + z, i - z, "UTC") && !fm_word_is(s + z, i - z, "GMT") &&
			    !fm_word_is(s + z, i - z, "UT"))
				return FM_DATE_FORM;
			has_off = 1;
		}
		if (i != n)
			return FM_DATE_FORM;
	}
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > tz_days_in_month(y, mo) || h > 23 ||
	    mi > 59 || se > 59)
		return FM_DATE_IMPOSSIBLE;
	const struct date_text w = {.y = y, .mo = mo, .d = d, .h = h, .mi = mi, .sec = se,
				    .zoned = has_off, .off = (int)off};
	return fm_date_utc(&w, zone, out);
}

/* The other forms front matter has (Hugo reads them too): "November 30, 2017",
 * "30 Nov 2017 10:00", RFC 1123 "Thu, 30 Nov 2017 10:00:00 +0300" (datetext.h);
 * without a zone, a wall clock in zone. Returns 0 or FM_DATE_*. */
static int fm_date_text(const char *s, size_t n, const char *zone, int64_t *out)
{
	char t[96];
	struct date_text w;
	if (n >= sizeof(t) || memchr(s, '\0', n))
		return FM_DATE_FORM;
	memcpy(t, s, n);
	t[n] = '\0';
	if (date_text_parse(t, &w))
		return FM_DATE_FORM;
	if (w.sec == 60)
		w.sec = 59;
	return fm_date_utc(&w, zone, out);
}

static int fm_bool(const char *s, size_t n, int *out)
{
	static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
	for (size_t i = 0; i < 3; i++) {
		if (n == strlen(yes[i]) && !strncasecmp(s, yes[i], n))
			return *out = 1, 0;
		if (n == strlen(no[i]) && !strncasecmp(s, no[i], n))
			return *out = 0, 0;
	}
	return -1;
}


static int fm_set_lang(struct fm *f, size_t line, const char *s, size_t n, const char *what)
{
	char tag[72];
	char shown[FM_SHOW];
	if (n >= sizeof(tag) || memchr(s, '\0', n))
		return fm_fail(f, line, "%s '%s' is not a language tag like en, ru or en-GB", what,
			       fm_show(s, n, shown));
	memcpy(tag, s, n);
	tag[n] = '\0';
	if (item_valid_lang(tag))
		return fm_fail(f, line, "%s '%s' is not a language tag like en, ru or en-GB", what,
			       fm_show(s, n, shown));
	item_lang_case(tag);
	if (item_set(&f->it->lang, tag, n))
		return fm_fail(f, line, "out of memory");
	return 0;
}

static int fm_tag(struct fm *f, size_t line, const char *s, size_t n)
{
	char shown[FM_SHOW];
	fm_trim(&s, &n);
	if (n == 0)
		return 0;
	if (fm_has_control(s, n, 0))
		return fm_fail(f, line, "tag '%s' must be one line without control characters",
			       fm_show(s, n, shown));
	if (n > FM_MAX_TAG)
		return fm_fail(f, line, "tag '%s' is longer than %d bytes", fm_show(s, n, shown),
			       FM_MAX_TAG);
	struct item *it = f->it;
	for (size_t i = 0; i < it->ntags; i++)
		if (strlen(it->tags[i]) == n && !memcmp(it->tags[i], s, n))
			return 0;
	if (it->ntags >= ITEM_MAX_TAGS)
		return fm_fail(f, line, "too many tags (at most %d)", ITEM_MAX_TAGS);
	if (item_add_tag(it, s, n))
		return fm_fail(f, line, "out of memory");
	return 0;
}

/* aliases, permalink, url: the addresses the page had (one, or a list), each as
 * "LINE\tKEY\tVALUE\n" into d->addresses; values that are not one line are left. */
static int fm_addresses(struct fm *f, const char *key, const yaml_event_t *ev)
{
	struct buf *out = f->d->addresses;
	int list = ev->type == YAML_SEQUENCE_START_EVENT;
	if (!list && ev->type != YAML_SCALAR_EVENT)
		return fm_skip(f, ev);
	for (;;) {
		yaml_event_t item;
		const yaml_event_t *e = ev;
		if (list) {
			if (fm_next(f, &item))
				return -1;
			e = &item;
		}
		if (e->type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&item);
			return 0;
		}
		const char *s = (const char *)e->data.scalar.value;
		size_t n = e->type == YAML_SCALAR_EVENT ? e->data.scalar.length : 0;
		int r = 0;
		if (n && n <= 500 && fm_valid_utf8(s, n) && !fm_has_control(s, n, 0))
			buf_addf(out, "%zu\t%s\t%.*s\n", fm_line(f, e), key, (int)n, s);
		else if (e->type != YAML_SCALAR_EVENT)
			r = fm_skip(f, e);
		if (list)
			yaml_event_delete(&item);
		if (!list || r)
			return r;
	}
}

/* tags, categories, category: a list of strings, or one comma-separated string
 * (in a Jekyll site, comma- or blank-separated). */
static int fm_tags(struct fm *f, const char *key, const yaml_event_t *ev)
{
	size_t line = fm_line(f, ev);
	/* A Jekyll post's categories make its address there (mdtree_jekyll_address):
	 * each value as written goes to the addresses too (an item of a categories:
	 * list as categories_item: one category, where a string is split). */
	const int cats = f->d && f->d->addresses && f->d->jekyll &&
			 (!strcmp(key, "categories") || !strcmp(key, "category"));
	if (ev->type == YAML_SCALAR_EVENT) {
		const char *s;
		size_t n;
		if (fm_scalar(f, key, ev, &s, &n))
			return -1;
		if (cats && s && n && n <= 500 && !fm_has_control(s, n, 0))
			buf_addf(f->d->addresses, "%zu\t%s\t%.*s\n", line, key, (int)n, s);
		const int blanks = f->d && f->d->jekyll;
		while (s && n) {
			size_t l = 0;
			while (l < n && s[l] != ',' && !(blanks && (s[l] == ' ' || s[l] == '\t')))
				l++;
			const int sep = l < n;
			if (fm_tag(f, line, s, l))
				return -1;
			s += l, n -= l;
			if (sep)
				s++, n--;
		}
		return 0;
	}
	if (ev->type != YAML_SEQUENCE_START_EVENT)
		return fm_fail(f, line, "%s must be a list of strings or one comma-separated string",
			       key);
	for (;;) {
		yaml_event_t item;
		if (fm_next(f, &item))
			return -1;
		int r = 0;
		if (item.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&item);
			return 0;
		}
		if (item.type != YAML_SCALAR_EVENT) {
			r = fm_fail(f, fm_line(f, &item), "%s must be a list of strings", key);
		} else if (!fm_is_null(&item)) {
			const char *s = (const char *)item.data.scalar.value;
			size_t n = item.data.scalar.length;
			r = fm_valid_utf8(s, n) ? fm_tag(f, fm_line(f, &item), s, n)
						: fm_fail(f, fm_line(f, &item), "%s is not valid UTF-8", key);
			if (!r && cats && n && n <= 500 && !fm_has_control(s, n, 0))
				buf_addf(f->d->addresses, "%zu\t%s\t%.*s\n", fm_line(f, &item),
					 !strcmp(key, "categories") ? "categories_item" : key,
					 (int)n, s);
		}
		yaml_event_delete(&item);
		if (r)
			return -1;
	}
}

static int fm_kind(struct fm *f, size_t line, const char *s, size_t n)
{
	int k = s ? item_kind_parse(s, n) : -1;
	if (k >= 0) {
		f->it->kind = (enum item_kind)k;
		return 0;
	}
	struct buf kinds;
	buf_init(&kinds, 1024);
	for (int i = 0; i < KIND_COUNT; i++) {
		if (i)
			buf_lit(&kinds, ", ");
		buf_adds(&kinds, item_kind_slug((enum item_kind)i));
	}
	char shown[FM_SHOW];
	int r = fm_fail(f, line, "unknown kind '%s'; use one of %s", fm_show(s, n, shown),
			buf_str(&kinds));
	buf_release(&kinds);
	return r;
}

int fm_read_date(const char *key, const char *s, size_t n, const char *zone, int64_t *out,
		 struct buf *why)
{
	char shown[FM_SHOW];
	int r = fm_date(s, n, zone ? zone : "UTC", out);
	/* (A text that starts like 2017-11-30 is held to fm_date's forms.) */
	if (r == FM_DATE_FORM && !(n >= 5 && fm_digit(s[0]) && fm_digit(s[1]) && fm_digit(s[2]) &&
				   fm_digit(s[3]) && s[4] == '-'))
		r = fm_date_text(s, n, zone ? zone : "UTC", out);
	if (r == FM_DATE_FORM)
		buf_addf(why,
			 "%s '%s' is not like 2017-11-30, 2017-11-30 10:00, "
			 "2017-11-30T10:00:00+03:00 or November 30, 2017",
			 key, fm_show(s, n, shown));
	else if (r == FM_DATE_IMPOSSIBLE)
		buf_addf(why, "impossible %s '%s'", key, fm_show(s, n, shown));
	else if (r == FM_DATE_ZONE)
		buf_addf(why, "%s '%s': unknown time zone '%s'", key, fm_show(s, n, shown),
			 zone ? zone : "UTC");
	return r ? -1 : 0;
}

/* Whether a date as fm_read_date reads it is a day alone, with no time. */
static int fm_day_alone(const char *s, size_t n) { return n == 10; }

/* A date or time key's value s[0..n) into *out, in the file's zone (a time, in a
 * Hugo site's timeZone); -1 with the message ("KEY '...' is not like ...") when it
 * is none. */
static int fm_time(struct fm *f, const char *key, size_t line, const char *s, size_t n,
		   int64_t *out)
{
	struct buf why;
	buf_init(&why, 4096);
	const char *zone = f->d && f->d->hugo_zone && !fm_day_alone(s, n) ? f->d->hugo_zone : f->zone;
	int r = fm_read_date(key, s, n, zone, out, &why);
	if (r)
		r = fm_fail(f, line, "%s", buf_failed(&why) ? "out of memory" : buf_str(&why));
	buf_release(&why);
	return r;
}

/* Whether Jekyll's YAML reader takes date s (n bytes; plain: not quoted) for a
 * timestamp, which it reads as UTC where it names no offset: a plain value with
 * seconds ("2021-06-15 10:00:00"). Jekyll reads the others in the site's zone. */
static int fm_yaml_timestamp(const char *s, size_t n, int plain)
{
	size_t colons = 0;
	for (size_t i = 0; i < n; i++)
		colons += s[i] == ':';
	return plain && colons >= 2;
}


/* fm_time of a key that may be empty (then nothing is set); *have says it was given. */
static int fm_time_opt(struct fm *f, const char *key, size_t line, const char *s, size_t n,
		       int64_t *out, int *have)
{
	if (!s || n == 0)
		return 0;
	if (fm_time(f, key, line, s, n, out))
		return -1;
	*have = 1;
	return 0;
}

/* The edit distance of a and b (letters in any case), or 3 when it is 3 or more. */
static int fm_distance(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b);
	if (an > 40 || bn > 40 || (an > bn ? an - bn : bn - an) > 2)
		return 3;
	int row[41], prev[41];
	for (size_t j = 0; j <= bn; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= an; i++) {
		row[0] = (int)i;
		for (size_t j = 1; j <= bn; j++) {
			int sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			int del = prev[j] + 1, ins = row[j - 1] + 1;
			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, row, sizeof(row));
	}
	return prev[bn] < 3 ? prev[bn] : 3;
}

/* Whether key is k mistyped by a slip of the fingers: one letter too many or too
 * few, or two neighbours swapped (1); one letter wrong (2); else 0. In any case. */
static int fm_slip(const char *key, const char *k)
{
	size_t a = strlen(key), b = strlen(k);
	if (a + 1 == b || b + 1 == a)
		return fm_distance(key, k) == 1;
	if (a != b)
		return 0;
	size_t i = 0;
	while (i < a && tolower((unsigned char)key[i]) == tolower((unsigned char)k[i]))
		i++;
	if (i == a)
		return 0;
	if (!strcasecmp(key + i + 1, k + i + 1))
		return 2;
	return i + 1 < a && tolower((unsigned char)key[i]) == tolower((unsigned char)k[i + 1]) &&
	       tolower((unsigned char)key[i + 1]) == tolower((unsigned char)k[i]) &&
	       !strcasecmp(key + i + 2, k + i + 2);
}

/*
 * A key fm_value does not read (fm_defaults.unknown): said, with the known key
 * (of known, n of them, or a list's) it is one or two letters away from; -1 (the
 * file refused) when it is a slip (fm_slip) of a key that decides when the item is
 * public: a letter too many or too few, or two swapped ("embargo_untill",
 * "draftt"), or one wrong in an embargo's key ("embargo_umtil"), but not a word of
 * its own such as "publisher" or "unpublished".
 */
static int fm_unknown(struct fm *f, const char *key, size_t line, const char *const *known,
		      size_t n)
{
	static const char *const timing[] = {"date",	    "draft",	   "published",
					     "embargo_until", "embargo", "publishDate",
					     "expiryDate"};
	for (size_t i = 0; i < sizeof(timing) / sizeof(timing[0]); i++) {
		int slip = fm_slip(key, timing[i]);
		if (slip == 1 || (slip == 2 && !strncmp(timing[i], "embargo", 7)))
			return fm_fail(f, line, "'%s' is no key pressroom reads: %s? (refused: with a "
				       "mistyped date, draft or embargo key the item could be "
				       "published early)", key, timing[i]);
	}
	static const char *const lists[] = {"tags", "categories", "aliases", "redirect_from"};
	const char *near = NULL;
	for (size_t i = 0; i < n + sizeof(lists) / sizeof(lists[0]) && !near; i++) {
		const char *k = i < n ? known[i] : lists[i - n];
		/* Two letters away from a long key, one from a short one ("name" is no "date"). */
		if (fm_distance(key, k) <= (strlen(k) > 5 ? 2 : 1))
			near = k;
	}
	buf_addf(f->d->unknown, "%s:%zu: '%.60s' is no key pressroom reads: ignored%s%s%s\n", f->name,
		 line, key, near ? " (" : "", near ? near : "", near ? "?)" : "");
	return 0;
}

int fm_address_key(const char *k, size_t kn)
{
	static const char *const keys[] = {"aliases", "permalink", "url", "redirect_from"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (kn == strlen(keys[i]) && !strncasecmp(k, keys[i], kn))
			return 1;
	return 0;
}

/* Handles one top-level key whose value starts with ev. */
static int fm_value(struct fm *f, const char *key, const yaml_event_t *ev)
{
	struct item *it = f->it;
	size_t line = fm_line(f, ev);
	const char *s;
	size_t n;
	char shown[FM_SHOW];

	if (!strcasecmp(key, "tags") || !strcasecmp(key, "categories") ||
	    !strcasecmp(key, "category"))
		return fm_tags(f, key, ev);
	const int address = fm_address_key(key, strlen(key));
	if (f->d && f->d->addresses && address)
		return fm_addresses(f, key, ev);
	/* libyaml reads "<<: *defaults" as a key like any other: dropping it would drop
	 * what it merges in without a word. */
	if (!strcmp(key, "<<"))
		return fm_fail(f, line, "YAML merge keys (<<) are not supported; write the "
					"merged keys out in this file");

	static const char *const known[] = {"title",  "date",	  "kind",	  "lead",
					    "description", "summary", "slug", "lang",
					    "source", "source_title", "series", "part",
					    "draft",  "published", "translationKey",
					    "translation_key", "embargo_until", "embargo",
					    "publishDate", "lastmod", "updated", "last_modified_at",
					    "same_time_order", "expiryDate", "excerpt",
					    "layout", "type", "zone", "embargo_zone"};
	size_t which = 0;
	while (which < sizeof(known) / sizeof(known[0]) && strcasecmp(key, known[which]))
		which++;
	/* aliases, weight, author, id, ...; and a layout or type not of one word, which
	 * is a theme's business. */
	if (which == sizeof(known) / sizeof(known[0]) && f->d && f->d->unknown && !address &&
	    fm_unknown(f, key, line, known, sizeof(known) / sizeof(known[0])))
		return -1;
	if (which == sizeof(known) / sizeof(known[0]) ||
	    (which >= 25 && ev->type != YAML_SCALAR_EVENT))
		return fm_skip(f, ev);
	if (fm_scalar(f, key, ev, &s, &n))
		return -1;

	switch (which) {
	case 0: /* title */
		if (!s || n == 0)
			return fm_fail(f, line, "title is empty");
		f->have_title = 1;
		f->title_line = line;
		return fm_text(f, "title", line, s, n, FM_MAX_TITLE, &it->title);
	case 1: /* date */
		if (!s || n == 0)
			return fm_fail(f, line, "date is empty");
		/* As written, for the old site's address (a Hugo permalinks: pattern's
		 * date parts: mdtree_hugo_fill). */
		if (f->d && f->d->addresses && n <= 64 && !fm_has_control(s, n, 0))
			buf_addf(f->d->addresses, "%zu\tdate\t%.*s\n", line, (int)n, s);
		/* As Jekyll read it (fm_defaults.jekyll); a day alone is the site's day. */
		const char *site_zone = f->zone;
		if (f->d && f->d->jekyll &&
		    fm_yaml_timestamp(s, n, ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE))
			f->zone = "UTC";
		else if (f->d && f->d->jekyll && f->d->jekyll_zone && !fm_day_alone(s, n))
			f->zone = f->d->jekyll_zone;
		int r = fm_time(f, "date", line, s, n, &it->published);
		f->zone = site_zone;
		if (r)
			return -1;
		f->have_date = 1;
		f->date_day = fm_day_alone(s, n);
		return 0;
	case 19:   /* lastmod (Hugo, and export --markdown) */
	case 20:   /* updated */
	case 21: /* last_modified_at (Jekyll's plugin) */
		f->updated_day = s && fm_day_alone(s, n);
		return fm_time_opt(f, key, line, s, n, &it->updated, &f->have_updated);
	case 22: { /* same_time_order (export --markdown): see fm_defaults.order */
		long v = s ? fm_whole(s, n) : 0;
		if (v < 1)
			return fm_fail(f, line, "same_time_order '%s' must be a whole number from 1 "
				       "to 999999", fm_show(s ? s : "", s ? n : 0, shown));
		if (f->d && f->d->order)
			*f->d->order = (int)v;
		return 0;
	}
	case 23: /* expiryDate (Hugo): see fm_finish */
		return fm_time_opt(f, key, line, s, n, &f->expiry_date, &f->have_expiry);
	case 18: /* publishDate (Hugo): the date, when there is no date */
		f->publish_day = s && fm_day_alone(s, n);
		return fm_time_opt(f, key, line, s, n, &f->publish_date, &f->have_publish);
	case 2: /* kind */
		return fm_kind(f, line, s, n);
	case 3: /* lead */
		if (fm_has_control(s, n, 1))
			return fm_fail(f, line, "lead contains control characters");
		f->have_lead = 1;
		if (item_set(&it->lead, s, n))
			return fm_fail(f, line, "out of memory");
		return 0;
	case 27:   /* zone (export --markdown): the newsroom's zone of the date */
	case 28: { /* embargo_zone: of the embargo */
		if (!s || !n)
			return 0;
		if (n >= FM_ZONE_MAX || memchr(s, '\0', n))
			return fm_fail(f, line, "%s '%s' is not a time zone", key, fm_show(s, n, shown));
		char zone[FM_ZONE_MAX];
		memcpy(zone, s, n);
		zone[n] = '\0';
		if (tz_valid(zone))
			return fm_fail(f, line, "%s '%s' is not an IANA time zone (e.g. Europe/Moscow)",
				       key, fm_show(s, n, shown));
		char *to = f->d ? (which == 27 ? f->d->zone : f->d->embargo_zone) : NULL;
		if (to)
			memcpy(to, zone, n + 1);
		return 0;
	}
	case 25: /* layout (Jekyll) */
	case 26: /* type (Hugo) */
		f->page_layout |= s && fm_word_is(s, n, "page");
		return 0;
	case 4:	   /* description */
	case 5:	   /* summary */
	case 24: { /* excerpt (Jekyll) */
		char **slot = which == 4 ? &f->description
			      : which == 5 ? &f->summary
					   : &f->excerpt;
		if (fm_has_control(s, n, 1))
			return fm_fail(f, line, "%s contains control characters", key);
		if (s && n && item_set(slot, s, n))
			return fm_fail(f, line, "out of memory");
		return 0;
	}
	case 6: { /* slug */
		if (!s || n == 0)
			return 0;
		char slug[128];
		if (n < sizeof(slug)) {
			memcpy(slug, s, n);
			slug[n] = '\0';
		}
		/* A tree's "Visit_Report" is what Hugo makes its URL of: taken as a slug. */
		if (n < sizeof(slug) && !memchr(s, '\0', n) && item_valid_slug(slug) && f->d &&
		    f->d->slug_lenient) {
			char made[128];
			item_slugify(slug, made, sizeof(made));
			if (!item_valid_slug(made))
				memcpy(slug, made, sizeof(made));
		}
		if (n >= sizeof(slug) || memchr(s, '\0', n) || item_valid_slug(slug))
			return fm_fail(f, line,
				       "slug '%s' must be 1 to 120 of a-z, 0-9 and '-', "
				       "not starting or ending with '-'",
				       fm_show(s, n, shown));
		f->have_slug = 1;
		/* As written too: what the old site made the page's address of. */
		if (f->d && f->d->addresses && n <= 500 && fm_valid_utf8(s, n) && !fm_has_control(s, n, 0))
			buf_addf(f->d->addresses, "%zu\tslug\t%.*s\n", line, (int)n, s);
		return item_set_s(&it->slug, slug) ? fm_fail(f, line, "out of memory") : 0;
	}
	case 7: /* lang */
		if (!s || n == 0)
			return 0;
		f->have_lang = 1;
		return fm_set_lang(f, line, s, n, "lang");
	case 8: { /* source */
		if (!s || n == 0)
			return 0;
		char *url = NULL;
		if (item_set(&url, s, n))
			return fm_fail(f, line, "out of memory");
		int bad = strlen(url) != n || item_valid_url(url);
		free(url);
		if (bad)
			return fm_fail(f, line, "source '%s' is not an http or https URL",
				       fm_show(s, n, shown));
		return item_set(&it->source_url, s, n) ? fm_fail(f, line, "out of memory") : 0;
	}
	case 9: /* source_title */
		return fm_text(f, "source_title", line, s, n, FM_MAX_SOURCE_TITLE,
			       &it->source_title);
	case 10: /* series */
		if (fm_text(f, "series", line, s, n, FM_MAX_SERIES, &it->series))
			return -1;
		if (!item_series_name_ok(it->series))
			return fm_fail(f, line, "series '%s' names its page /series/<name>: no '/', "
				       "not '.' or '..'", fm_show(s, n, shown));
		return 0;
	case 11: { /* part */
		if (!s || n == 0) {
			it->part = 0;
			return 0;
		}
		long v = fm_whole(s, n);
		if (v < 1 || v > 9999)
			return fm_fail(f, line, "part '%s' must be a whole number from 1 to 9999",
				       fm_show(s, n, shown));
		it->part = (int)v;
		return 0;
	}
	case 12:   /* draft */
	case 13: { /* published (Jekyll): false means a draft */
		int v;
		if (!s || fm_bool(s, n, &v))
			return fm_fail(f, line, "%s must be true or false", key);
		if (which == 12)
			f->draft = v;
		else
			f->unpublished = !v;
		return 0;
	}
	case 14:   /* translationKey (Hugo) */
	case 15: { /* translation_key */
		if (!s || n == 0)
			return 0;
		if (n > 200 || fm_has_control(s, n, 0))
			return fm_fail(f, line, "%s must be one line of at most 200 bytes", key);
		return item_set(&it->translation_key, s, n) ? fm_fail(f, line, "out of memory") : 0;
	}
	case 16: /* embargo_until: empty lifts it */
	case 17: /* embargo */
		if (!s || n == 0) {
			it->embargo_until = 0;
			return 0;
		}
		return fm_time(f, key, line, s, n, &it->embargo_until);
	}
	return 0;
}

/* Reads the one mapping of the front matter and hands each key to fm_value(). */
static int fm_yaml(struct fm *f)
{
	yaml_event_t ev;
	if (fm_next(f, &ev)) /* stream start */
		return -1;
	yaml_event_delete(&ev);
	if (fm_next(f, &ev))
		return -1;
	if (ev.type == YAML_STREAM_END_EVENT) { /* nothing but comments */
		yaml_event_delete(&ev);
		return 0;
	}
	yaml_event_delete(&ev); /* document start */
	if (fm_next(f, &ev))
		return -1;
	if (ev.type != YAML_MAPPING_START_EVENT) {
		size_t line = fm_line(f, &ev);
		yaml_event_delete(&ev);
		return fm_fail(f, line, "the front matter must be 'key: value' lines");
	}
	yaml_event_delete(&ev);
	for (;;) {
		if (fm_next(f, &ev))
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		size_t line = fm_line(f, &ev);
		if (ev.type != YAML_SCALAR_EVENT) {
			yaml_event_delete(&ev);
			return fm_fail(f, line, "keys must be plain words");
		}
		char shown[FM_SHOW];
		const char *k = (const char *)ev.data.scalar.value;
		size_t kn = ev.data.scalar.length;
		int bad = kn == 0 || memchr(k, '\0', kn) != NULL;
		for (size_t i = 0; i < f->nkeys && !bad; i++)
			if (strlen(f->keys[i]) == kn && !strncasecmp(f->keys[i], k, kn))
				bad = 2;
		if (bad || f->nkeys >= FM_MAX_KEYS) {
			fm_show(k, kn, shown);
			yaml_event_delete(&ev);
			if (bad == 2)
				return fm_fail(f, line, "duplicate key '%s'", shown);
			if (bad)
				return fm_fail(f, line, "bad key '%s'", shown);
			return fm_fail(f, line, "too many keys (at most %d)", FM_MAX_KEYS);
		}
		char *key = NULL;
		int oom = item_set(&key, k, kn);
		yaml_event_delete(&ev);
		if (oom)
			return fm_fail(f, line, "out of memory");
		f->keys[f->nkeys++] = key;
		if (fm_next(f, &ev))
			return -1;
		int r = fm_value(f, key, &ev);
		yaml_event_delete(&ev);
		if (r)
			return -1;
	}
	if (fm_next(f, &ev)) /* document end */
		return -1;
	yaml_event_delete(&ev);
	if (fm_next(f, &ev))
		return -1;
	int more = ev.type != YAML_STREAM_END_EVENT;
	size_t line = fm_line(f, &ev);
	yaml_event_delete(&ev);
	if (more)
		return fm_fail(f, line, "more than one YAML document in the front matter");
	return 0;
}

/* Whether line s[0..n) is the delimiter d, perhaps followed by blanks. */
static int fm_is_delim(const char *s, size_t n, const char *d)
{
	if (n < 3 || memcmp(s, d, 3))
		return 0;
	for (size_t i = 3; i < n; i++)
		if (!fm_space(s[i]))
			return 0;
	return 1;
}

static size_t fm_line_end(const char *s, size_t n, size_t at)
{
	const char *nl = at < n ? memchr(s + at, '\n', n - at) : NULL;
	return nl ? (size_t)(nl - s) : n;
}

/* Fills in what the file left out and checks what needs the whole mapping. */
static int fm_finish(struct fm *f)
{
	struct item *it = f->it;
	if (!f->have_title)
		return fm_fail(f, 1, "missing title");
	const struct fm_defaults *d = f->d;
	/* A page (below) is one without a date of its own, whatever its lastmod. */
	if (!f->have_date && !f->have_publish && !(d && d->date > 0) && d &&
	    (d->dateless_page || (d->pages && f->page_layout))) {
		f->page = d->dateless_page && !f->page_layout ? d->dateless_page
							       : "a page (its layout or type is page), "
								 "not a dated item";
		return FM_PAGE;
	}
	/* Hugo dates a page by date, else publishDate, else lastmod; a file's name
	 * (Jekyll's) before lastmod, but not a draft's file time, which is a guess
	 * (date_taken asked). */
	if (!f->have_date && !f->have_publish && f->have_updated &&
	    !(d && d->date > 0 && !d->date_taken)) {
		it->published = it->updated;
		f->have_date = 1;
		f->date_day = f->updated_day;
	}
	if (!f->have_date && (f->have_publish || (d && d->date > 0))) {
		it->published = f->have_publish ? f->publish_date : d->date;
		f->have_date = 1;
		f->date_day = f->have_publish ? f->publish_day : d->date_day;
		if (!f->have_publish && d->date_taken)
			*d->date_taken = 1;
	}
	if (f->have_date && d && d->day_only)
		*d->day_only = f->date_day;
	if (!f->have_date && d && d->name_date_bad)
		return fm_fail(f, 1, "missing date: the file name's '%s' is no date", d->name_date_bad);
	if (!f->have_date)
		return fm_fail(f, 1, "missing date");
	/* Hugo's publishDate after date: the page waits for it (Hugo leaves it out of
	 * the site until then), here as an embargo that lifts then, the date shown
	 * being date. An embargo the file gives itself wins. */
	if (f->have_publish && f->publish_date > it->published &&
	    it->embargo_until == ITEM_EMBARGO_KEEP)
		it->embargo_until = f->publish_date;
	if (!f->have_lead) {
		const char *lead = f->description ? f->description
				   : f->summary   ? f->summary
						  : f->excerpt;
		if (lead && item_set_s(&it->lead, lead))
			return fm_fail(f, 1, "out of memory");
	}
	if (!f->have_lang && fm_set_lang(f, 1, f->lang, strlen(f->lang), "default language"))
		return -1;
	if (!*it->translation_key && d && d->translation_key &&
	    item_set_s(&it->translation_key, d->translation_key))
		return fm_fail(f, 1, "out of memory");
	if (!f->have_slug && d && d->slug && !item_valid_slug(d->slug)) {
		if (item_set_s(&it->slug, d->slug))
			return fm_fail(f, 1, "out of memory");
	} else if (!f->have_slug) {
		char slug[128];
		item_slugify(it->title, slug, sizeof(slug));
		if (item_valid_slug(slug))
			return fm_fail(f, f->title_line,
				       "cannot make a slug from the title; add a slug: line");
		if (item_set_s(&it->slug, slug))
			return fm_fail(f, 1, "out of memory");
	}
	/* Hugo's expiryDate passed: Hugo took the page off its site; here it is a
	 * draft, not published again by the import. (One still ahead is not kept:
	 * pressroom takes items off by hand.) */
	const int expired = f->have_expiry && f->expiry_date <= clock_now();
	it->status = f->draft || f->unpublished || expired ? STATUS_DRAFT : STATUS_PUBLISHED;
	if (!f->have_updated)
		it->updated = it->published;
	return 0;
}

int fm_parse(const char *name, const char *text, size_t n, const struct fm_defaults *d,
	     struct item *it, struct buf *err)
{
	struct fm f;
	memset(&f, 0, sizeof(f));
	f.name = name ? name : "(input)";
	f.err = err;
	f.it = it;
	f.zone = d && d->timezone ? d->timezone : "UTC";
	f.lang = d && d->lang ? d->lang : "en";
	f.d = d;
	/* A file that does not mention an embargo leaves the stored one as it is. */
	it->embargo_until = ITEM_EMBARGO_KEEP;
	if (!text)
		text = "", n = 0;
	if (n > FM_MAX_FILE)
		return fm_fail(&f, 1, "file is larger than 4 MiB");

	size_t line = 1;
	for (size_t i = 0; i < n;) {
		if (text[i] == '\n')
			line++;
		if (text[i] == '\0')
			return fm_fail(&f, line, "NUL byte in the file");
		size_t l = utf8_decode((const unsigned char *)text + i, n - i, NULL);
		if (!l)
			return fm_fail(&f, line, "invalid UTF-8");
		i += l;
	}

	size_t p = n >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
	size_t e = fm_line_end(text, n, p);
	/* Hugo writes TOML between +++ lines as often as YAML between --- lines. */
	int toml = fm_is_delim(text + p, e - p, "+++");
	if (!toml && p < n && text[p] == '{')
		return fm_fail(&f, 1, "JSON front matter is not supported; use YAML between --- "
				      "lines or TOML between +++ lines");
	if (!toml && !fm_is_delim(text + p, e - p, "---")) {
		/* Hugo and Jekyll publish no such file as a post (Jekyll copies it as it
		 * is): a README, notes. */
		if (d && d->pages) {
			buf_lit(err, "no front matter: not an item");
			return FM_PAGE;
		}
		return fm_fail(&f, 1, "no front matter; the file must start with a --- line");
	}
	size_t start = e < n ? e + 1 : n, q = start;
	line = 2;
	for (;;) {
		if (q >= n)
			return fm_fail(&f, 1, toml ? "the front matter is not closed; end it with a +++ line"
						   : "the front matter is not closed; end it with a --- line");
		e = fm_line_end(text, n, q);
		if (toml ? fm_is_delim(text + q, e - q, "+++")
			 : fm_is_delim(text + q, e - q, "---") || fm_is_delim(text + q, e - q, "..."))
			break;
		q = e + 1;
		line++;
	}
	f.yaml = text + start;
	f.yaml_n = q - start;
	f.first = 2;
	f.last = line;
	struct buf yaml;
	buf_init(&yaml, FM_MAX_FILE * 2);
	if (toml) {
		size_t at = 0;
		const char *why = NULL;
		if (fm_toml_to_yaml(f.yaml, f.yaml_n, &yaml, &at, &why)) {
			buf_release(&yaml);
			return fm_fail(&f, why ? f.first + at - 1 : 1, "bad TOML: %s",
				       why ? why : "out of memory");
		}
		f.yaml = yaml.data ? yaml.data : "";
		f.yaml_n = yaml.len;
	}

	/* The body: after the closing line, less leading blank lines. */
	size_t b = e < n ? e + 1 : n;
	while (b < n) {
		size_t le = fm_line_end(text, n, b), k = b;
		while (k < le && fm_space(text[k]))
			k++;
		if (k < le)
			break;
		b = le < n ? le + 1 : n;
	}

	it->kind = KIND_NEWS;
	it->status = STATUS_PUBLISHED;
	it->part = 0;
	if (!yaml_parser_initialize(&f.parser)) {
		buf_release(&yaml);
		return fm_fail(&f, 1, "out of memory");
	}
	yaml_parser_set_input_string(&f.parser, (const unsigned char *)f.yaml, f.yaml_n);
	yaml_parser_set_encoding(&f.parser, YAML_UTF8_ENCODING);
	int r = fm_yaml(&f);
	yaml_parser_delete(&f.parser);
	if (r == 0)
		r = fm_finish(&f);
	if (r == FM_PAGE)
		buf_addf(err, "no date: %s", f.page);
	/* A file from Windows (or a checkout with autocrlf) is the same item. */
	if (r == 0 && item_set_text(&it->body, text + b, n - b))
		r = fm_fail(&f, 1, "out of memory");
	for (size_t i = 0; i < f.nkeys; i++)
		free(f.keys[i]);
	free(f.description);
	free(f.summary);
	free(f.excerpt);
	buf_release(&yaml);
	return r == FM_PAGE ? FM_PAGE : r ? -1 : 0;
}
