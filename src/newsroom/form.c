/* The editor's fields: reading, showing a stored item, and checking. */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/tz.h"

const char *const nr_field_names[NF_COUNT] = {
	"kind", "title", "lead", "body", "date", "time", "zone", "lang", "slug",
	"source_url", "source_title", "series", "part", "tags", "translation_of",
	"embargo_date", "embargo_time", "embargo_zone",
};

void nr_form_read(struct nr_form *f, const struct http_request *req)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < NF_COUNT; i++) {
		const char *v = http_field(req, nr_field_names[i]);
		f->v[i] = v ? v : "";
	}
}

static const char *form_when(struct arena *a, int64_t t, const char *zone, int time)
{
	struct civil c;
	if (tz_civil(zone, t, &c))
		tz_civil("UTC", t, &c);
	char s[32];
	if (!time)
		snprintf(s, sizeof(s), "%04d-%02d-%02d", c.year, c.month, c.day);
	else if (c.sec)
		snprintf(s, sizeof(s), "%02d:%02d:%02d", c.hour, c.min, c.sec);
	else
		snprintf(s, sizeof(s), "%02d:%02d", c.hour, c.min);
	const char *r = arena_strdup(a, s);
	return r ? r : "";
}

void nr_form_from_item(struct nr_form *f, const struct item *it, const char *zone,
		       const char *embargo_zone, struct arena *a)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < NF_COUNT; i++)
		f->v[i] = "";
	f->v[NF_KIND] = item_kind_slug(it->kind);
	f->v[NF_TITLE] = it->title;
	f->v[NF_LEAD] = it->lead;
	f->v[NF_BODY] = it->body;
	f->v[NF_DATE] = form_when(a, it->published, zone, 0);
	f->v[NF_TIME] = form_when(a, it->published, zone, 1);
	f->v[NF_ZONE] = zone;
	f->v[NF_LANG] = it->lang;
	f->v[NF_SLUG] = it->slug;
	f->v[NF_SOURCE_URL] = it->source_url;
	f->v[NF_SOURCE_TITLE] = it->source_title;
	f->v[NF_SERIES] = it->series;
	f->v[NF_EMB_ZONE] = embargo_zone;
	if (it->part) {
		char p[16];
		snprintf(p, sizeof(p), "%d", it->part);
		const char *s = arena_strdup(a, p);
		f->v[NF_PART] = s ? s : "";
	}
	size_t len = 0;
	for (size_t i = 0; i < it->ntags; i++)
		len += strlen(it->tags[i]) + 2;
	char *tags = arena_alloc(a, len + 1);
	if (tags) {
		tags[0] = '\0';
		size_t at = 0;
		for (size_t i = 0; i < it->ntags; i++) {
			size_t n = strlen(it->tags[i]);
			if (i) {
				memcpy(tags + at, ", ", 2);
				at += 2;
			}
			memcpy(tags + at, it->tags[i], n);
			at += n;
			tags[at] = '\0';
		}
		f->v[NF_TAGS] = tags;
	}
	if (it->embargo_until) {
		f->v[NF_EMB_DATE] = form_when(a, it->embargo_until, embargo_zone, 0);
		f->v[NF_EMB_TIME] = form_when(a, it->embargo_until, embargo_zone, 1);
	}
}

static int form_fail(struct nr_form *f, enum nr_field k, const char *fmt, const char *arg)
{
	if (!f->err[k][0]) {
		snprintf(f->err[k], sizeof(f->err[k]), fmt, arg);
		f->nerr++;
	}
	return -1;
}

/* A whole number of exactly n digits at s. */
static int form_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int nr_parse_when(const char *date, const char *time, const char *zone, int64_t *out,
		  char *err, size_t errsz)
{
	int y, mo, d, h = 0, mi = 0, s = 0;
	if (strlen(date) != 10 || form_digits(date, 4, &y) || date[4] != '-' ||
	    form_digits(date + 5, 2, &mo) || date[7] != '-' || form_digits(date + 8, 2, &d)) {
		snprintf(err, errsz, "'%.40s' is not a date like 2026-09-22", date);
		return -1;
	}
	size_t tl = strlen(time);
	if (tl && ((tl != 5 && tl != 8) || form_digits(time, 2, &h) || time[2] != ':' ||
		   form_digits(time + 3, 2, &mi) ||
		   (tl == 8 && (time[5] != ':' || form_digits(time + 6, 2, &s))))) {
		snprintf(err, errsz, "'%.40s' is not a time like 09:00", time);
		return -1;
	}
	if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > tz_days_in_month(y, mo)) {
		snprintf(err, errsz, "%.40s is not a day of the calendar", date);
		return -1;
	}
	if (h > 23 || mi > 59 || s > 59) {
		snprintf(err, errsz, "%.40s is not a time of day", time);
		return -1;
	}
	if (tz_valid(zone)) {
		snprintf(err, errsz, "'%.60s' is not a time zone; pick one from the list", zone);
		return -1;
	}
	if (tz_to_utc(zone, y, mo, d, h, mi, s, out)) {
		snprintf(err, errsz, "%.40s %.20s does not exist in %.60s", date, time, zone);
		return -1;
	}
	return 0;
}

/* Whether s has a control character other than tab, newline and CR (allow_nl). */
static int form_has_control(const char *s, int allow_nl)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 || *p == 0x7F) && !(allow_nl && (*p == '\n' || *p == '\r' || *p == '\t')))
			return 1;
	return 0;
}

/* Copies s[0..n) with surrounding spaces removed into the item field. */
static int form_set_trim(char **field, const char *s)
{
	size_t n = strlen(s);
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return item_set(field, s, n);
}

/* s past its leading spaces, tabs and line ends. */
static const char *form_trim_blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

/* The field without its trailing spaces, tabs and line ends: 0, or -1 (memory). */
static int form_trim_end(char **field)
{
	size_t n = strlen(*field);
	while (n && strchr(" \t\n", (*field)[n - 1]))
		n--;
	if (!(*field)[n])
		return 0;
	char *t = strndup(*field, n);
	int r = t ? item_set(field, t, n) : -1;
	free(t);
	return r;
}

/* s past its leading blank lines (the text starts with its first line, as a
 * Markdown file's body does). */
static const char *form_skip_blank_lines(const char *s)
{
	for (const char *p = s;; p++) {
		if (*p == '\n')
			s = p + 1;
		else if (*p != ' ' && *p != '\t' && *p != '\r')
			return s;
	}
}

/* The body with CR LF made LF: browsers send textareas with CR LF. */
static int form_set_text(char **field, const char *s) { return item_set_text(field, s, strlen(s)); }

static int form_tags(struct nr_form *f, struct item *it)
{
	for (size_t i = 0; i < it->ntags; i++)
		free(it->tags[i]);
	it->ntags = 0;
	const char *p = f->v[NF_TAGS];
	if (form_has_control(p, 0))
		return form_fail(f, NF_TAGS, "%stags must be one line", "");
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		if (n > NR_MAX_TAG)
			return form_fail(f, NF_TAGS, "a tag is longer than 100 bytes%s", "");
		int dup = 0;
		for (size_t i = 0; i < it->ntags; i++)
			if (strlen(it->tags[i]) == n && !memcmp(it->tags[i], p, n))
				dup = 1;
		if (!dup) {
			if (it->ntags == ITEM_MAX_TAGS)
				return form_fail(f, NF_TAGS, "at most 32 tags%s", "");
			if (item_add_tag(it, p, n))
				return form_fail(f, NF_TAGS, "out of memory%s", "");
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

int nr_form_check(struct nr_form *f, const char *default_lang, int64_t now, struct item *it)
{
	char msg[200];
	for (int i = 0; i < NF_COUNT; i++)
		if (!f->v[i])
			f->v[i] = "";
	int k = item_kind_parse(f->v[NF_KIND], strlen(f->v[NF_KIND]));
	if (k < 0)
		form_fail(f, NF_KIND, "pick the kind of message%s", "");
	else
		it->kind = (enum item_kind)k;

	const char *title = f->v[NF_TITLE];
	while (*title == ' ')
		title++;
	if (!*title)
		form_fail(f, NF_TITLE, "a title is needed%s", "");
	else if (strlen(title) > NR_MAX_TITLE)
		form_fail(f, NF_TITLE, "the title is longer than 500 bytes%s", "");
	else if (form_has_control(title, 0))
		form_fail(f, NF_TITLE, "the title must be one line%s", "");
	else if (form_set_trim(&it->title, title))
		form_fail(f, NF_TITLE, "out of memory%s", "");

	/* What an import of the site's own Markdown export reads back the same: a
	 * lead without control characters and without blank space around it, a text
	 * of valid UTF-8 that starts with its first line. */
	if (strlen(f->v[NF_LEAD]) > NR_MAX_LEAD)
		form_fail(f, NF_LEAD, "the lead is longer than 2000 bytes%s", "");
	else if (form_has_control(f->v[NF_LEAD], 1) || item_valid_utf8(f->v[NF_LEAD]))
		form_fail(f, NF_LEAD, "the lead holds control characters or bytes that are not "
				      "text (pasted from another program?): type it again%s", "");
	else if (form_set_text(&it->lead, form_trim_blank(f->v[NF_LEAD])) ||
		 form_trim_end(&it->lead))
		form_fail(f, NF_LEAD, "out of memory%s", "");
	if (strlen(f->v[NF_BODY]) > NR_MAX_BODY)
		form_fail(f, NF_BODY, "the text is longer than 512 KiB%s", "");
	else if (item_valid_utf8(f->v[NF_BODY]))
		form_fail(f, NF_BODY, "the text holds bytes that are not text (UTF-8)%s", "");
	else if (form_set_text(&it->body, form_skip_blank_lines(f->v[NF_BODY])))
		form_fail(f, NF_BODY, "out of memory%s", "");

	const char *zone = *f->v[NF_ZONE] ? f->v[NF_ZONE] : "UTC";
	if (!*f->v[NF_DATE] && !*f->v[NF_TIME])
		it->published = now;
	else if (!*f->v[NF_DATE])
		form_fail(f, NF_DATE, "a date is needed with the time%s", "");
	else if (nr_parse_when(f->v[NF_DATE], f->v[NF_TIME], zone, &it->published, msg, sizeof(msg)))
		form_fail(f, tz_valid(zone) ? NF_ZONE : NF_DATE, "%s", msg);

	const char *lang = *f->v[NF_LANG] ? f->v[NF_LANG] : default_lang;
	char tag[72];
	if (item_valid_lang(lang) || strlen(lang) >= sizeof(tag)) {
		form_fail(f, NF_LANG, "'%.40s' is not a language tag like en, ru or en-GB", lang);
	} else {
		/* "EN" and "en" are one language (its pages are under one prefix). */
		snprintf(tag, sizeof(tag), "%s", lang);
		item_lang_case(tag);
		if (item_set_s(&it->lang, tag))
			form_fail(f, NF_LANG, "out of memory%s", "");
	}

	f->slug_auto = !*f->v[NF_SLUG];
	if (f->slug_auto) {
		char slug[128];
		item_slugify(it->title, slug, sizeof(slug));
		if (!f->err[NF_TITLE][0] && item_valid_slug(slug))
			form_fail(f, NF_SLUG, "no address can be made from this title: type one "
					      "(a-z, 0-9 and -)%s", "");
		else if (item_set_s(&it->slug, slug))
			form_fail(f, NF_SLUG, "out of memory%s", "");
	} else if (item_valid_slug(f->v[NF_SLUG])) {
		form_fail(f, NF_SLUG, "'%.120s' is not an address: a-z, 0-9 and - only, at most 120",
			  f->v[NF_SLUG]);
	} else if (item_set_s(&it->slug, f->v[NF_SLUG])) {
		form_fail(f, NF_SLUG, "out of memory%s", "");
	}

	if (*f->v[NF_SOURCE_URL] && item_valid_url(f->v[NF_SOURCE_URL]))
		form_fail(f, NF_SOURCE_URL, "'%.200s' is not an http or https address",
			  f->v[NF_SOURCE_URL]);
	else if (item_set_s(&it->source_url, f->v[NF_SOURCE_URL]))
		form_fail(f, NF_SOURCE_URL, "out of memory%s", "");
	if (strlen(f->v[NF_SOURCE_TITLE]) > NR_MAX_SOURCE_TITLE ||
	    form_has_control(f->v[NF_SOURCE_TITLE], 0))
		form_fail(f, NF_SOURCE_TITLE, "one line of at most 500 bytes%s", "");
	else if (form_set_trim(&it->source_title, f->v[NF_SOURCE_TITLE]))
		form_fail(f, NF_SOURCE_TITLE, "out of memory%s", "");

	if (strlen(f->v[NF_SERIES]) > NR_MAX_SERIES || form_has_control(f->v[NF_SERIES], 0) ||
	    !item_series_name_ok(f->v[NF_SERIES]))
		form_fail(f, NF_SERIES, "one line of at most 200 bytes, without '/', not '.' or '..'%s",
			  "");
	else if (form_set_trim(&it->series, f->v[NF_SERIES]))
		form_fail(f, NF_SERIES, "out of memory%s", "");
	it->part = 0;
	if (*f->v[NF_PART]) {
		char *end;
		long p = strtol(f->v[NF_PART], &end, 10);
		if (*end || p < 1 || p > 9999)
			form_fail(f, NF_PART, "'%.20s' is not a whole number from 1 to 9999", f->v[NF_PART]);
		else if (!*it->series)
			form_fail(f, NF_PART, "a part needs the name of its series%s", "");
		else
			it->part = (int)p;
	}
	form_tags(f, it);

	f->translation_of = 0;
	if (*f->v[NF_TRANSLATION]) {
		char *end;
		long long id = strtoll(f->v[NF_TRANSLATION], &end, 10);
		if (*end || id < 1)
			form_fail(f, NF_TRANSLATION, "pick an item from the list%s", "");
		else
			f->translation_of = id;
	}

	it->embargo_until = 0;
	const char *ezone = *f->v[NF_EMB_ZONE] ? f->v[NF_EMB_ZONE] : zone;
	if (*f->v[NF_EMB_DATE]) {
		if (nr_parse_when(f->v[NF_EMB_DATE], f->v[NF_EMB_TIME], ezone, &it->embargo_until, msg,
				  sizeof(msg)))
			form_fail(f, tz_valid(ezone) ? NF_EMB_ZONE : NF_EMB_DATE, "%s", msg);
	} else if (*f->v[NF_EMB_TIME]) {
		form_fail(f, NF_EMB_DATE, "an embargo needs a date%s", "");
	}
	return f->nerr;
}
