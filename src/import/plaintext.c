/*
 * A plain-text news page, as an embassy's site shows it when copied as text
 * (docs/internals/import.md has the format):
 *
 *   header      a date line ("26 September 2018"), clock lines ("Moscow: 16:20"),
 *               a contact block ("Consular queries:" then phone, e-mail, address)
 *   PRESS RELEASES AND NEWS
 *               "dd.mm.yyyy", a title line, the article's paragraphs, maybe
 *               "To be continued..." and the source's URL on a line of its own
 *   LATEST EVENTS
 *               "dd.mm.yyyy - Title" (hyphen, en or em dash) then the lead
 *               paragraph and maybe more (the entry's text), repeated; an "all
 *               messages" link line may end it
 *   footer      the site's copyright line ("© 2018 ...") and what follows it: no news
 *
 * Lines are compared after trimming spaces, tabs and no-break spaces (the page's
 * empty paragraphs are often a lone U+00A0).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/tz.h"
#include "../base/utf8.h"
#include "../cli/frontmatter.h"
#include "../render/markdown.h"
#include "import.h"

struct pt_line {
	const char *s;  /* trimmed */
	size_t n;
	int no;         /* 1-based */
};

struct pt {
	const char *name;
	const char *tz;
	const char *lang;
	struct pt_line *lines;
	size_t nlines;
	struct import_batch *b;
	struct pt_header *hdr;
	struct buf *err;
};

static int pt_fail(struct pt *p, int line, const char *fmt, const char *arg)
{
	buf_reset(p->err);
	buf_addf(p->err, "%s:%d: ", p->name, line);
	buf_addf(p->err, fmt, arg);
	return -1;
}

/* Length of a whitespace or no-break space at s, 0 if none. */
static size_t pt_space(const char *s, size_t n)
{
	if (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v'))
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	/* U+2009 thin space, U+202F narrow no-break space */
	if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x89 || (unsigned char)s[2] == 0xAF))
		return 3;
	return 0;
}

static void pt_trim(const char **s, size_t *n)
{
	size_t k;
	while (*n && (k = pt_space(*s, *n))) {
		*s += k;
		*n -= k;
	}
	for (;;) {
		if (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r')) {
			(*n)--;
		} else if (*n >= 2 && (unsigned char)(*s)[*n - 2] == 0xC2 &&
			   (unsigned char)(*s)[*n - 1] == 0xA0) {
			*n -= 2;
		} else if (*n >= 3 && (unsigned char)(*s)[*n - 3] == 0xE2 &&
			   (unsigned char)(*s)[*n - 2] == 0x80 &&
			   ((unsigned char)(*s)[*n - 1] == 0x89 || (unsigned char)(*s)[*n - 1] == 0xAF)) {
			*n -= 3;
		} else {
			break;
		}
	}
}

/* 0 if s[0..n) is valid UTF-8 without NUL bytes, else the offset of the first bad byte + 1. */
static size_t pt_bad_utf8(const char *str, size_t n);

const char *import_text_encoding(const char *text, size_t n, int *line)
{
	*line = 1;
	/* UTF-16: its mark, or (without one) a NUL byte in every other place. */
	size_t nul[2] = {0, 0}, k = n < 512 ? n : 512;
	for (size_t i = 0; i < k; i++)
		nul[i & 1] += !text[i];
	if ((n >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) ||
	    (k >= 8 && (nul[0] * 10 > k * 3 || nul[1] * 10 > k * 3) && (!nul[0] || !nul[1])))
		return "UTF-16 text (Notepad's \"Unicode\"): save it as UTF-8 and import it again";
	size_t bad = pt_bad_utf8(text, n);
	if (!bad || memchr(text, '\0', n)) /* a binary file: no text at all */
		return NULL;
	for (size_t i = 0; i + 1 < bad; i++)
		*line += text[i] == '\n';
	return "not UTF-8 (a page saved as windows-1251 or KOI8-R?): save it as UTF-8 and "
	       "import it again";
}

static size_t pt_bad_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		size_t l = s[i] ? utf8_decode(s + i, n - i, NULL) : 0;
		if (!l)
			return i + 1;
		i += l;
	}
	return 0;
}

/* The start of a line for a message: at most 60 bytes, whole characters, no controls. */
static const char *pt_snip(const struct pt_line *l, char out[72])
{
	size_t n = l->n < 60 ? l->n : 60;
	while (n < l->n && n > 0 && ((unsigned char)l->s[n] & 0xC0) == 0x80)
		n--;
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)l->s[i] < 0x20 ? '?' : l->s[i];
	out[n] = '\0';
	return out;
}

static int pt_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static int pt_num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* "dd.mm.yyyy" at the start of the line (d and m may have one digit), or ISO's
 * "yyyy-mm-dd". Returns its length, 0 if none. */
static size_t pt_date(const struct pt_line *l, int *d, int *m, int *y)
{
	const char *s = l->s;
	size_t n = l->n, i = 0, a, b;
	if (n >= 10 && pt_digits(s, 4) && s[4] == '-' && pt_digits(s + 5, 2) && s[7] == '-' &&
	    pt_digits(s + 8, 2) && (n == 10 || s[10] < '0' || s[10] > '9')) {
		*y = pt_num(s, 4);
		*m = pt_num(s + 5, 2);
		*d = pt_num(s + 8, 2);
		return 10;
	}
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < 1 || i > 2 || i >= n || s[i] != '.')
		return 0;
	a = ++i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i - a < 1 || i - a > 2 || i >= n || s[i] != '.')
		return 0;
	b = ++i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i - b != 4 || (i < n && s[i] >= '0' && s[i] <= '9'))
		return 0;
	*d = pt_num(s, a - 1);
	*m = pt_num(s + a, b - 1 - a);
	*y = pt_num(s + b, 4);
	return i;
}

/* Midnight of d.m.y in the page's zone; -1 with a message for an impossible date. */
static int pt_time(struct pt *p, const struct pt_line *l, int d, int m, int y, int64_t *t)
{
	char shown[16];
	snprintf(shown, sizeof(shown), "%02d.%02d.%04d", d, m, y);
	if (y < 1900 || y > 2999 || tz_to_utc(p->tz, y, m, d, 0, 0, 0, t))
		return pt_fail(p, l->no, "impossible date '%s'", shown);
	return 0;
}

/*
 * s[0..n) lowercased into out (outsz bytes, always NUL-ended, cut when too long):
 * ASCII and Russian letters (A-Z, U+0410-U+042F and U+0401), the rest as it is, so
 * that Russian headings, titles and "Продолжение следует" match in any case.
 */
static void pt_fold(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 2 < outsz; i++) {
		unsigned char c = (unsigned char)s[i], d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		if (c >= 'A' && c <= 'Z') {
			out[o++] = (char)(c + 32);
		} else if (c == 0xD0 && d >= 0x90 && d <= 0x9F) { /* А-П -> а-п */
			out[o++] = (char)0xD0;
			out[o++] = (char)(d + 0x20);
			i++;
		} else if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) { /* Р-Я -> р-я */
			out[o++] = (char)0xD1;
			out[o++] = (char)(d - 0x20);
			i++;
		} else if (c == 0xD0 && d == 0x81) { /* Ё -> ё */
			out[o++] = (char)0xD1;
			out[o++] = (char)0x91;
			i++;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

/* Whether l is word (lowercase), in any case, whatever spaces (no-break ones too)
 * stand between its words, and with a colon or an arrow ("»", "›", "→", ">") after
 * it: "Latest\u00A0events:", "All messages »". */
static int pt_is(const struct pt_line *l, const char *word)
{
	char low[128], norm[128];
	if (l->n >= sizeof(low))
		return 0;
	pt_fold(l->s, l->n, low, sizeof(low));
	size_t o = 0;
	for (const char *s = low; *s;) {
		size_t sp = pt_space(s, strlen(s));
		if (sp) {
			if (o && norm[o - 1] != ' ')
				norm[o++] = ' ';
			s += sp;
		} else {
			norm[o++] = *s++;
		}
	}
	for (;;) {
		if (o && (norm[o - 1] == ' ' || norm[o - 1] == ':' || norm[o - 1] == '>'))
			o--;
		else if (o >= 2 && !memcmp(norm + o - 2, "\xC2\xBB", 2))
			o -= 2;
		else if (o >= 3 && (!memcmp(norm + o - 3, "\xE2\x80\xBA", 3) ||
				    !memcmp(norm + o - 3, "\xE2\x86\x92", 3)))
			o -= 3;
		else
			break;
	}
	norm[o] = '\0';
	return !strcmp(norm, word);
}

/* The link line that may end the list: "All messages", "Все сообщения", ... */
static int pt_footer(const struct pt_line *l)
{
	static const char *const words[] = {
		"all messages", "all news", "archive", "more news", "all press releases",
		/* все сообщения */
		"\xD0\xB2\xD1\x81\xD0\xB5 \xD1\x81\xD0\xBE\xD0\xBE\xD0\xB1\xD1\x89\xD0\xB5\xD0\xBD\xD0\xB8\xD1\x8F",
		"\xD0\xB2\xD1\x81\xD0\xB5 \xD0\xBD\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8", /* все новости */
		"\xD0\xB0\xD1\x80\xD1\x85\xD0\xB8\xD0\xB2",                  /* архив */
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (pt_is(l, words[i]))
			return 1;
	return 0;
}

/* Whether s[0..n) ends with words (ASCII in any case), and maybe a '.'. */
static int pt_ends(const char *s, size_t n, const char *words)
{
	size_t w = strlen(words);
	if (n && s[n - 1] == '.')
		n--;
	return n >= w && !strncasecmp(s + n - w, words, w);
}

/* Whether s[0..n) starts with words (ASCII in any case): the length to skip, with
 * the spaces after them, 0 if not. */
static size_t pt_starts(const char *s, size_t n, const char *words)
{
	size_t w = strlen(words), k;
	if (n < w || strncasecmp(s, words, w))
		return 0;
	while (w < n && (k = pt_space(s + w, n - w)))
		w += k;
	return w;
}

/* Whether a year (19xx or 20xx, not part of a longer number) starts at s[i] of s[0..n). */
static int pt_year_at(const char *s, size_t n, size_t i)
{
	return i + 4 <= n && (s[i] == '1' || s[i] == '2') && (s[i + 1] == '9' || s[i + 1] == '0') &&
	       pt_digits(s + i, 4) && (i + 4 == n || s[i + 4] < '0' || s[i + 4] > '9') &&
	       (i == 0 || s[i - 1] < '0' || s[i - 1] > '9');
}

/*
 * The page's copyright line, which ends it: "© 2018 Embassy...", "© Embassy,
 * 2005-2018", "Copyright © 2018 ...", "(c) 2018 ...", "... All rights reserved."
 * The sign or the word wants a year: an entry's text goes on past "Copyright law
 * ..." and a photo's "© Reuters", and past "(c) to sign ..." in a list of clauses
 * (a lone "(c)" wants the year right after it).
 */
static int pt_copyright(const struct pt_line *l)
{
	const char *s = l->s;
	size_t n = l->n, word = pt_starts(s, n, "copyright"), k;
	int sign = 0; /* 2 for "©", 1 for "(c)" */
	s += word;
	n -= word;
	if ((k = pt_starts(s, n, "\xC2\xA9")))
		sign = 2;
	else if ((k = pt_starts(s, n, "(c)")))
		sign = 1;
	s += k;
	n -= k;
	int anywhere = (sign == 2 || (sign && word)) && l->n <= 200;
	for (size_t i = 0; (word || sign) && i < n && (i == 0 || anywhere); i++)
		if (pt_year_at(s, n, i))
			return 1;
	s = l->s;
	n = l->n;
	return pt_ends(s, n, "all rights reserved") ||
	       /* все права защищены / Все права защищены */
	       pt_ends(s, n, "\xD0\xB2\xD1\x81\xD0\xB5 \xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD0\xB0 "
			    "\xD0\xB7\xD0\xB0\xD1\x89\xD0\xB8\xD1\x89\xD0\xB5\xD0\xBD\xD1\x8B") ||
	       pt_ends(s, n, "\xD0\x92\xD1\x81\xD0\xB5 \xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD0\xB0 "
			    "\xD0\xB7\xD0\xB0\xD1\x89\xD0\xB8\xD1\x89\xD0\xB5\xD0\xBD\xD1\x8B");
}

/* The page's two headings, in English and in Russian (lowercase, as pt_is wants). */
static const char *const pt_news_heads[] = {"press releases and news",
					    "\xD0\xBF\xD1\x80\xD0\xB5\xD1\x81\xD1\x81-\xD1\x80\xD0\xB5"
					    "\xD0\xBB\xD0\xB8\xD0\xB7\xD1\x8B \xD0\xB8 \xD0\xBD\xD0\xBE"
					    "\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8"};
static const char *const pt_events_heads[] = {
	"latest events", "\xD0\xBF\xD0\xBE\xD1\x81\xD0\xBB\xD0\xB5\xD0\xB4\xD0\xBD\xD0\xB8"
			 "\xD0\xB5 \xD1\x81\xD0\xBE\xD0\xB1\xD1\x8B\xD1\x82\xD0\xB8\xD1\x8F"};

/* 1 for the English heading, 2 for the Russian, 0 if l is not one of heads. */
static int pt_heading(const struct pt_line *l, const char *const heads[2])
{
	return pt_is(l, heads[0]) ? 1 : pt_is(l, heads[1]) ? 2 : 0;
}

/* "To be continued..." or "Продолжение следует..." with dots or an ellipsis, any case,
 * or in brackets ("(To be continued)"). */
static int pt_continued(const struct pt_line *l)
{
	static const char *const words[] = {
		"to be continued", "\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB4\xD0\xBE\xD0\xBB\xD0\xB6\xD0"
				   "\xB5\xD0\xBD\xD0\xB8\xD0\xB5 \xD1\x81\xD0\xBB\xD0\xB5\xD0\xB4"
				   "\xD1\x83\xD0\xB5\xD1\x82"};
	char low[128];
	if (l->n >= sizeof(low))
		return 0;
	pt_fold(l->s, l->n, low, sizeof(low));
	int bracket = low[0] == '(';
	for (size_t w = 0; w < 2; w++) {
		size_t k = strlen(words[w]);
		if (strncmp(low + bracket, words[w], k))
			continue;
		size_t i = bracket + k;
		while (low[i] == '.' || low[i] == ' ' || !strncmp(low + i, "\xE2\x80\xA6", 3))
			i += low[i] == '.' || low[i] == ' ' ? 1 : 3;
		if (bracket && low[i] == ')')
			i++;
		return low[i] == '\0';
	}
	return 0;
}

/* A line that is nothing but an http(s) URL. */
static int pt_is_url(const struct pt_line *l)
{
	if (!((l->n > 7 && !strncasecmp(l->s, "http://", 7)) ||
	      (l->n > 8 && !strncasecmp(l->s, "https://", 8))))
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->s[i] == ' ' || l->s[i] == '\t')
			return 0;
	return 1;
}

enum item_kind import_guess_kind(const char *title)
{
	/* English and Russian words (lowercase UTF-8; Russian stems, so that every case
	 * of the noun matches): "ответ "/"ответы " reply (a whole word), "вопрос сми" media question, "интервью",
	 * "заявлени" statement, "позици" position, "комментари" comment. */
	static const struct {
		const char *word;
		enum item_kind kind;
	} words[] = {
		{"reply", KIND_MEDIA_REPLY},
		{"media question", KIND_MEDIA_REPLY},
		{"\xD0\xBE\xD1\x82\xD0\xB2\xD0\xB5\xD1\x82 ", KIND_MEDIA_REPLY}, /* "ответ ", not "ответственность" */
		{"\xD0\xBE\xD1\x82\xD0\xB2\xD0\xB5\xD1\x82\xD1\x8B ", KIND_MEDIA_REPLY},
		{"\xD0\xB2\xD0\xBE\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81 \xD1\x81\xD0\xBC\xD0\xB8",
		 KIND_MEDIA_REPLY},
		{"interview", KIND_INTERVIEW},
		{"\xD0\xB8\xD0\xBD\xD1\x82\xD0\xB5\xD1\x80\xD0\xB2\xD1\x8C\xD1\x8E", KIND_INTERVIEW},
		{"statement", KIND_STATEMENT},
		{"position", KIND_STATEMENT},
		{"\xD0\xB7\xD0\xB0\xD1\x8F\xD0\xB2\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB8", KIND_STATEMENT},
		{"\xD0\xBF\xD0\xBE\xD0\xB7\xD0\xB8\xD1\x86\xD0\xB8", KIND_STATEMENT},
		{"comment", KIND_COMMENT},
		{"\xD0\xBA\xD0\xBE\xD0\xBC\xD0\xBC\xD0\xB5\xD0\xBD\xD1\x82\xD0\xB0\xD1\x80\xD0\xB8",
		 KIND_COMMENT},
	};
	char low[1024];
	pt_fold(title, strlen(title), low, sizeof(low) - 1);
	strcat(low, " "); /* a whole word at the end ends with a space too */
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(low, words[i].word))
			return words[i].kind;
	return KIND_NEWS;
}

/*
 * Appends a line of plain text as Markdown that shows exactly that text: the
 * characters Markdown would read as markup are escaped, except a leading "12. ",
 * which stays a numbered paragraph (the site gives those stable anchors).
 */
static void pt_markdown_line(struct buf *o, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i < 10 && i + 1 < n && s[i] == '.' && s[i + 1] == ' ') {
		buf_add(o, s, i + 2);
		s += i + 2;
		n -= i + 2;
	} else if (i > 0 && i < n && s[i] == ')') {
		buf_add(o, s, i);
		buf_lit(o, "\\)");
		s += i + 1;
		n -= i + 1;
	} else if (n && strchr("#>+-=|~:", s[0])) {
		buf_addc(o, '\\');
	}
	for (size_t k = 0; k < n; k++) {
		/* An address in the text is a link, whole ("…/foreign_policy/…"). */
		size_t l = (k == 0 || !isalnum((unsigned char)s[k - 1])) ? markdown_bare_link(o, s + k, n - k) : 0;
		if (l) {
			k += l - 1;
			continue;
		}
		if (strchr("\\*_`[]<>&!", s[k]) && s[k])
			buf_addc(o, '\\');
		buf_addc(o, s[k]);
	}
}

/*
 * One line of an article's text (l) into body as Markdown (pt_markdown_line): it
 * goes on the paragraph before (*para: a line of it came last), after a line
 * break; a blank line ended that. A line that starts with a speaker's label
 * ("Answer:") starts a turn of its own, as a page pasted without blank lines
 * between them has it ("Question: ...", "Answer: ..."), after a line of another
 * turn or of a paragraph that is none ("The Minister answered questions.").
 */
static void pt_body_line(struct buf *body, const struct pt_line *l, int *para)
{
	if (*para && markdown_speaker_len(l->s, l->n))
		*para = 0;
	buf_adds(body, *para ? "\n" : (body->len ? "\n\n" : ""));
	pt_markdown_line(body, l->s, l->n);
	*para = 1;
}

/* The host of an http(s) URL without "www.", for source_title. */
static void pt_host(const char *url, char *out, size_t outsz)
{
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	size_t n = strcspn(h, "/?#:");
	if (n > 4 && !strncasecmp(h, "www.", 4)) {
		h += 4;
		n -= 4;
	}
	snprintf(out, outsz, "%.*s", (int)n, h);
	for (char *c = out; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
}

static char *pt_entry_name(struct pt *p, int line, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s:%d", p->name, line);
	return out;
}

/* Fills the item's common fields; slug from the title (+ suffix), and the same
 * with the entry's date as its alt_slug (import.h): the page's entries of one
 * title on two days are two items. */
static int pt_item(struct pt *p, struct item *it, const struct pt_line *title, int64_t t,
		   const char *slug_suffix)
{
	char sn[72];
	if (title->n > 500)
		return pt_fail(p, title->no, "a title longer than 500 bytes: '%s'", pt_snip(title, sn));
	if (item_set(&it->title, title->s, title->n) || item_set_s(&it->lang, p->lang))
		return pt_fail(p, title->no, "%s", "out of memory");
	it->kind = import_guess_kind(it->title);
	it->status = STATUS_PUBLISHED;
	it->published = t;
	it->updated = t;
	if (p->b->n && &p->b->v[p->b->n - 1].it == it) {
		p->b->v[p->b->n - 1].day_only = 1;
		p->b->v[p->b->n - 1].dated_by_day = 1;
	}
	char slug[128], tie[160] = "", full[160], alt[160];
	int cut = item_slugify(it->title, slug, sizeof(slug) - 8);
	if (!*slug)
		return pt_fail(p, title->no, "the title '%s' makes no slug", pt_snip(title, sn));
	struct civil c;
	if (tz_civil(p->tz, t, &c))
		return pt_fail(p, title->no, "%s", "bad time zone");
	snprintf(full, sizeof(full), "%s%s", slug, slug_suffix);
	snprintf(alt, sizeof(alt), "%s-%04d-%02d-%02d%s", slug, c.year, c.month, c.day,
		 slug_suffix);
	if (cut) {
		/* Cut at 80 bytes, two long titles of one day can make one slug ("Embassy
		 * Press Officer's reply to a media question concerning the latest ..."):
		 * the second takes a hash of its date and full title after it (import.h,
		 * tie_slug). The date too: the same two headlines on another day tie
		 * again, and their ties must not be this day's (one item taken for two). */
		char day[16];
		snprintf(day, sizeof(day), "%04d-%02d-%02d\n", c.year, c.month, c.day);
		uint32_t h = 2166136261u;
		for (const unsigned char *d = (const unsigned char *)day; *d; d++)
			h = (h ^ *d) * 16777619u;
		for (const unsigned char *d = (const unsigned char *)it->title; *d; d++)
			h = (h ^ *d) * 16777619u;
		snprintf(tie, sizeof(tie), "%s-%06x%s", slug, (unsigned)(h & 0xFFFFFF), slug_suffix);
	}
	if (item_set_s(&it->slug, full) || import_batch_alt_slug(p->b, alt) ||
	    (*tie && !(p->b->v[p->b->n - 1].tie_slug = strdup(tie))))
		return pt_fail(p, title->no, "%s", "out of memory");
	p->b->v[p->b->n - 1].by_lead = 1;
	return 0;
}

/*
 * The series an article's title names (import.h, series_next): its slug without a
 * last word that says it goes on ("continued", "part 2", "продолжение", "часть 2",
 * "окончание", ...). 1 with it in out, or 0 when the title makes no slug.
 */
static int pt_series_of(const char *title, char *out, size_t outsz)
{
	static const char *const ends[] = {
		"-continued", "-continuation", "-conclusion", "-ending", "-the-end", "-end",
		"-final-part", "-prodolzhenie", "-okonchanie", "-zavershenie",
	};
	static const char *const parts[] = {"-part-", "-chast-"};
	item_slugify(title, out, outsz);
	if (!*out)
		return 0;
	size_t n = strlen(out);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		char *at = strstr(out, parts[i]);
		char *last = NULL;
		for (; at; at = strstr(at + 1, parts[i]))
			last = at;
		if (!last || !last[strlen(parts[i])])
			continue;
		const char *d = last + strlen(parts[i]);
		while (*d >= '0' && *d <= '9')
			d++;
		if (!*d && last > out) {
			*last = '\0';
			return 1;
		}
	}
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t e = strlen(ends[i]);
		if (n > e && !strcmp(out + n - e, ends[i])) {
			out[n - e] = '\0';
			return 1;
		}
	}
	return 1;
}

/* The header, lines [0, end): date, clocks, contact block. */
static int pt_header(struct pt *p, size_t end)
{
	/* English, and Russian in the genitive ("26 сентября 2018"). */
	static const char *const months[] = {
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december",
		"\xD1\x8F\xD0\xBD\xD0\xB2\xD0\xB0\xD1\x80\xD1\x8F",
		"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD0\xB0\xD0\xBB\xD1\x8F",
		"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0",
		"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB5\xD0\xBB\xD1\x8F",
		"\xD0\xBC\xD0\xB0\xD1\x8F", "\xD0\xB8\xD1\x8E\xD0\xBD\xD1\x8F",
		"\xD0\xB8\xD1\x8E\xD0\xBB\xD1\x8F",
		"\xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82\xD0\xB0",
		"\xD1\x81\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F",
		"\xD0\xBE\xD0\xBA\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F",
		"\xD0\xBD\xD0\xBE\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F",
		"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB0\xD0\xB1\xD1\x80\xD1\x8F"};
	struct pt_header *h = p->hdr;
	int in_contact = 0;
	char sn[72];
	for (size_t i = 0; i < end; i++) {
		const struct pt_line *l = &p->lines[i];
		if (!l->n) {
			in_contact = 0;
			continue;
		}
		/* "26 September 2018" */
		int d = 0, y = 0;
		char mon[40] = "", low[64], one[64];
		snprintf(one, sizeof(one), "%.*s", (int)l->n, l->s);
		if (!h->date[0] && l->n < sizeof(one) &&
		    sscanf(one, "%2d %39s %4d", &d, mon, &y) == 3 && d >= 1 &&
		    d <= 31 && y >= 1900) {
			pt_fold(mon, strlen(mon), low, sizeof(low));
			for (size_t k = 0; k < sizeof(months) / sizeof(months[0]); k++)
				if (!strcmp(low, months[k])) {
					snprintf(h->date, sizeof(h->date), "%.*s", (int)l->n, l->s);
					h->ndate_line = l->no;
				}
			if (h->date[0])
				continue;
		}
		/* "Moscow: 16:20" */
		const char *colon = memchr(l->s, ':', l->n);
		if (colon && colon > l->s && (size_t)(colon - l->s) < sizeof(h->clock_label[0])) {
			const char *v = colon + 1;
			size_t vn = l->n - (size_t)(v - l->s);
			pt_trim(&v, &vn);
			if ((vn == 5 || vn == 4) && v[vn - 3] == ':' && pt_digits(v, vn - 3) &&
			    pt_digits(v + vn - 2, 2) && h->nclocks < PT_MAX_CLOCKS) {
				snprintf(h->clock_label[h->nclocks], sizeof(h->clock_label[0]), "%.*s",
					 (int)(colon - l->s), l->s);
				snprintf(h->clock_time[h->nclocks], sizeof(h->clock_time[0]), "%.*s",
					 (int)vn, v);
				h->nclocks++;
				continue;
			}
		}
		/* "Consular queries:" and the lines under it */
		if (l->s[l->n - 1] == ':' && !in_contact && !h->contact_title[0]) {
			snprintf(h->contact_title, sizeof(h->contact_title), "%.*s", (int)(l->n - 1), l->s);
			in_contact = 1;
			continue;
		}
		if (in_contact) {
			if (memchr(l->s, '@', l->n) && !memchr(l->s, ' ', l->n)) {
				snprintf(h->contact_email, sizeof(h->contact_email), "%.*s", (int)l->n, l->s);
			} else if (strspn(l->s, "+0123456789 ()-./") >= l->n && !h->contact_phone[0]) {
				snprintf(h->contact_phone, sizeof(h->contact_phone), "%.*s", (int)l->n, l->s);
			} else {
				size_t at = strlen(h->contact_address);
				snprintf(h->contact_address + at, sizeof(h->contact_address) - at, "%s%.*s",
					 at ? ", " : "", (int)l->n, l->s);
			}
			continue;
		}
		buf_addf(&p->b->info, "%s:%d: header line not understood, ignored: '%s'\n", p->name,
			 l->no, pt_snip(l, sn));
	}
	return 0;
}

/* A link line of the page's ("All messages"), said to be left out. */
static void pt_link_line(struct pt *p, const struct pt_line *l)
{
	buf_addf(&p->b->info, "%s:%d: '%.*s' link line at the end, ignored\n", p->name, l->no,
		 (int)l->n, l->s);
}

/* The page's own end, its copyright line (pt_copyright) at line i: it and what
 * follows it up to line to are the site's, not news; said, with how much that is. */
static void pt_page_end(struct pt *p, size_t i, size_t to)
{
	const struct pt_line *l = &p->lines[i];
	char sn[72];
	size_t more = 0;
	for (size_t k = i + 1; k < to; k++)
		more += p->lines[k].n != 0;
	buf_addf(&p->b->info,
		 "%s:%d: '%s' is the page's footer: it and the %zu line%s after it are not "
		 "imported\n",
		 p->name, l->no, pt_snip(l, sn), more, more == 1 ? "" : "s");
}

/*
 * Paragraphs of lines [from, to) into body as Markdown; URL and "to be continued"
 * handled. The page's furniture after the last article is no article's text: link
 * lines at the section's end ("All press releases"), and, on a page without LATEST
 * EVENTS (to is the page's end), the copyright line and all after it; both said.
 */
static int pt_article(struct pt *p, size_t from, size_t to)
{
	char sn[72];
	size_t i = from, foot = to, links = to;
	for (size_t k = from; to == p->nlines && k < to && foot == to; k++)
		if (p->lines[k].n && pt_copyright(&p->lines[k]))
			foot = k;
	for (size_t k = foot; k > from && (!p->lines[k - 1].n || pt_footer(&p->lines[k - 1])); k--)
		if (p->lines[k - 1].n)
			links = k - 1;
	for (size_t k = links; k < foot; k++)
		if (p->lines[k].n)
			pt_link_line(p, &p->lines[k]);
	if (foot < to)
		pt_page_end(p, foot, to);
	to = links < foot ? links : foot;
	while (i < to) {
		while (i < to && !p->lines[i].n)
			i++;
		if (i >= to)
			break;
		const struct pt_line *dl = &p->lines[i];
		int d, m, y;
		size_t dn = pt_date(dl, &d, &m, &y);
		if (dn && dn < dl->n)
			return pt_fail(p, dl->no, "'%s': here an article's date (dd.mm.yyyy) is alone on "
				       "its line and its title on the next; 'dd.mm.yyyy - Title' "
				       "entries belong under LATEST EVENTS", pt_snip(dl, sn));
		if (dn != dl->n)
			return pt_fail(p, dl->no, "expected the article's date (dd.mm.yyyy), found '%s'",
				       pt_snip(dl, sn));
		int64_t t;
		if (pt_time(p, dl, d, m, y, &t))
			return -1;
		i++;
		while (i < to && !p->lines[i].n)
			i++;
		if (i >= to || pt_date(&p->lines[i], &d, &m, &y) == p->lines[i].n)
			return pt_fail(p, dl->no, "the article dated %s has no title", pt_snip(dl, sn));
		const struct pt_line *title = &p->lines[i++];
		/* The article runs to the next line that is only a date. */
		size_t end = i;
		while (end < to && !(p->lines[end].n && pt_date(&p->lines[end], &d, &m, &y) == p->lines[end].n))
			end++;
		int continued = 0;
		const struct pt_line *src = NULL;
		struct buf body;
		buf_init(&body, FM_MAX_FILE);
		int para = 0; /* inside a paragraph */
		for (size_t k = i; k < end; k++) {
			const struct pt_line *l = &p->lines[k];
			if (!l->n) {
				para = 0;
				continue;
			}
			if (pt_is_url(l) && (continued || k + 1 >= end || !p->lines[k + 1].n)) {
				/* The source link: a URL alone, after "To be continued..." or at the end. */
				int last = 1;
				for (size_t j = k + 1; j < end; j++)
					last &= !p->lines[j].n;
				if (last || continued) {
					if (src) {
						buf_release(&body);
						return pt_fail(p, l->no, "%s", "a second source link");
					}
					src = l;
					para = 0;
					continue;
				}
			}
			if (src) {
				/* Found by fuzzing: both refusals here leaked body
				 * (tests/fuzz/crashes/plaintext/). */
				buf_release(&body);
				return pt_fail(p, l->no, "text after the source link: '%s'", pt_snip(l, sn));
			}
			if (pt_continued(l))
				continued = 1;
			pt_body_line(&body, l, &para);
		}
		if (buf_failed(&body)) {
			buf_release(&body);
			return pt_fail(p, title->no, "%s", "the article is too long");
		}
		char name[1100];
		struct item *it = import_batch_add(p->b, pt_entry_name(p, title->no, name, sizeof(name)));
		if (!it) {
			buf_release(&body);
			return pt_fail(p, title->no, "%s", "out of memory");
		}
		int rc = pt_item(p, it, title, t, continued ? "-part-1" : "");
		if (!rc && item_set(&it->body, buf_str(&body), body.len))
			rc = pt_fail(p, title->no, "%s", "out of memory");
		buf_release(&body);
		if (rc)
			return -1;
		if (continued) {
			char series[128];
			item_slugify(it->title, series, sizeof(series));
			it->part = 1;
			if (item_set_s(&it->series, series))
				return pt_fail(p, title->no, "%s", "out of memory");
		}
		p->b->v[p->b->n - 1].keeps_lead = 1;
		char next[128];
		if (pt_series_of(it->title, next, sizeof(next)) &&
		    !(p->b->v[p->b->n - 1].series_next = strdup(next)))
			return pt_fail(p, title->no, "%s", "out of memory");
		if (src) {
			char url[2100], host[256];
			snprintf(url, sizeof(url), "%.*s", (int)src->n, src->s);
			if (src->n >= sizeof(url) || item_valid_url(url))
				return pt_fail(p, src->no, "not a valid source link: '%s'", pt_snip(src, sn));
			pt_host(url, host, sizeof(host));
			if (item_set_s(&it->source_url, url) || item_set_s(&it->source_title, host))
				return pt_fail(p, src->no, "%s", "out of memory");
		}
		i = end;
	}
	return 0;
}

/* "dd.mm.yyyy - Title" entries and their leads, lines [from, to). */
/* The length of the dash between an entry's date and title at s: '-' (or more of
 * them), or U+2010-U+2015 (hyphens, figure dash, en and em dash), U+2212 minus, or
 * the '|' or ':' some pages put there; 0 if none. */
static size_t pt_dash(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n && (s[0] == '|' || s[0] == ':'))
		return 1;
	if (n && s[0] == '-') {
		size_t k = 1;
		while (k < n && s[k] == '-')
			k++;
		return k;
	}
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x95)
		return 3;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92)
		return 3;
	return 0;
}

/* "dd.mm.yy" then a dash: an entry with a year of two digits, which is refused. */
static int pt_short_year(const struct pt_line *l)
{
	const char *s = l->s;
	size_t n = l->n, i = 0;
	for (int part = 0; part < 3; part++) {
		size_t a = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i - a < 1 || i - a > 2 || (part < 2 && (i >= n || s[i++] != '.')))
			return 0;
	}
	const char *rest = s + i;
	size_t rn = n - i;
	pt_trim(&rest, &rn);
	return pt_dash(rest, rn) > 0;
}

static int pt_events(struct pt *p, size_t from, size_t to)
{
	struct item *cur = NULL;
	char sn[72];
	/* An entry's first paragraph is its lead (plain text); the ones after it, if
	 * any, its body, read as an article's (pt_body_line). A turn on a line of its
	 * own after the lead's first line starts the body (the lead told who spoke); a
	 * lead that is itself a turn keeps its lines ("Question: ..." then "Answer:
	 * ...", as the page's replies have both in one paragraph). */
	struct buf lead, body;
	buf_init(&lead, 64 << 10);
	buf_init(&body, FM_MAX_FILE);
	int para = 0, lead_turn = 0, past_lead = 0, rc = 0;
	const size_t first = p->b->n; /* this list's entries: first.. */
	for (size_t i = from; i <= to && !rc; i++) {
		const struct pt_line *l = i < to ? &p->lines[i] : NULL;
		int d, m, y;
		size_t dn = l ? pt_date(l, &d, &m, &y) : 0;
		const char *rest = NULL;
		size_t rn = 0;
		if (dn) {
			rest = l->s + dn;
			rn = l->n - dn;
			pt_trim(&rest, &rn);
			size_t dash = pt_dash(rest, rn);
			if (dash) {
				rest += dash;
				rn -= dash;
				pt_trim(&rest, &rn);
			} else if (para) {
				/* A line of a lead that starts with a date is the lead's. */
				dn = 0;
			} else if (!rn) {
				/* The date on a line of its own, the title on the next. */
				size_t k = i + 1;
				while (k < to && !p->lines[k].n)
					k++;
				/* Not the page's closing link: that is no title. */
				if (k < to && !pt_date(&p->lines[k], &(int){0}, &(int){0}, &(int){0}) &&
				    !pt_footer(&p->lines[k])) {
					rest = p->lines[k].s;
					rn = p->lines[k].n;
					i = k;
				}
			}
		} else if (l && !para && pt_short_year(l)) {
			rc = pt_fail(p, l->no, "'%s' has a two-digit year: write the date as dd.mm.yyyy",
				     pt_snip(l, sn));
			continue;
		}
		int footer = l && pt_footer(l);
		int end = l && !dn && pt_copyright(l);
		if (!l || dn || footer || end) {
			/* The entry before ends here. */
			if (cur) {
				if (item_set(&cur->lead, buf_str(&lead), lead.len) || buf_failed(&lead))
					rc = pt_fail(p, l ? l->no : (int)p->nlines, "%s",
						     "a lead is too long");
				else if (buf_failed(&body) ||
					 (body.len && item_set(&cur->body, buf_str(&body), body.len)))
					rc = pt_fail(p, l ? l->no : (int)p->nlines, "%s",
						     "an entry's text is too long");
				cur = NULL;
			}
			if (footer)
				pt_link_line(p, l);
			if (end && !rc) {
				pt_page_end(p, i, to);
				break;
			}
			if (!l || footer || rc)
				continue;
			if (!rn) {
				rc = pt_fail(p, l->no, "the entry dated %s has no title", pt_snip(l, sn));
				continue;
			}
			int64_t t;
			if (pt_time(p, l, d, m, y, &t)) {
				rc = -1;
				continue;
			}
			char name[1100];
			cur = import_batch_add(p->b, pt_entry_name(p, l->no, name, sizeof(name)));
			if (!cur) {
				rc = pt_fail(p, l->no, "%s", "out of memory");
				continue;
			}
			struct pt_line title = {rest, rn, l->no};
			rc = pt_item(p, cur, &title, t, "");
			p->b->v[p->b->n - 1].list_entry = 1;
			buf_reset(&lead);
			buf_reset(&body);
			para = lead_turn = past_lead = 0;
			continue;
		}
		if (!l->n) {
			para = 0;
			past_lead = lead.len > 0;
			continue;
		}
		if (!cur) {
			rc = pt_fail(p, l->no, "expected an entry 'dd.mm.yyyy - Title', found '%s'", pt_snip(l, sn));
			continue;
		}
		const int speaker = markdown_speaker_len(l->s, l->n) > 0;
		if (!past_lead && para && speaker && !lead_turn)
			past_lead = 1;
		if (past_lead) {
			pt_body_line(&body, l, &para);
			continue;
		}
		/* The lead is plain text: its lines joined by a space. */
		if (!para)
			lead_turn = speaker;
		buf_adds(&lead, para ? " " : "");
		buf_add(&lead, l->s, l->n);
		para = 1;
	}
	buf_release(&lead);
	buf_release(&body);
	/* The same entry twice, lead and all (archive pages pasted together): the first
	 * one, the other said. Two of one title and day that say different things are
	 * left for import_batch_check to refuse, naming both. Two long titles of one
	 * day cut to one slug: the one higher on the page takes its tie_slug. The list
	 * is newest first, so a page that later gets a new entry above an imported one
	 * gives the new one the tie: the imported one keeps its slug, and is found (and
	 * the other way round, import_commit swaps them back: tie_plain). */
	for (size_t i = first + 1; !rc && i < p->b->n; i++)
		for (size_t k = first; k < i; k++) {
			struct import_entry *ek = &p->b->v[k];
			const struct item *a = &ek->it, *e = &p->b->v[i].it;
			struct import_entry *ei = &p->b->v[i];
			if (a->published == e->published && strcmp(a->title, e->title) &&
			    !strcmp(a->slug, e->slug) && ek->tie_slug) {
				free(ek->tie_plain);
				ek->tie_plain = ek->it.slug;
				ek->it.slug = ek->tie_slug;
				ek->tie_slug = NULL;
				continue;
			}
			/* The higher one's title is not cut (its slug is the cut one's
			 * by chance): the lower one takes its tie. */
			if (a->published == e->published && strcmp(a->title, e->title) &&
			    !strcmp(a->slug, e->slug) && ei->tie_slug) {
				free(ei->it.slug);
				ei->it.slug = ei->tie_slug;
				ei->tie_slug = NULL;
				continue;
			}
			if (a->published != e->published || strcmp(a->title, e->title) ||
			    strcmp(a->lead, e->lead))
				continue;
			char note[1200];
			snprintf(note, sizeof(note), "the same entry as %s", p->b->v[k].name);
			if (import_batch_note(p->b, p->b->v[i].name, note)) {
				rc = pt_fail(p, 1, "%s", "out of memory");
				break;
			}
			import_batch_drop(p->b, i--);
			break;
		}
	return rc;
}

int import_plaintext(const char *name, const char *text, size_t n, const char *tz,
		     const char *lang, struct import_batch *b, struct pt_header *hdr,
		     struct buf *err)
{
	struct pt p = {.name = name, .tz = tz ? tz : "UTC", .lang = lang ? lang : "en", .b = b,
		       .hdr = hdr, .err = err};
	memset(hdr, 0, sizeof(*hdr));
	size_t bad = pt_bad_utf8(text, n);
	if (bad) {
		int line = 1;
		for (size_t i = 0; i + 1 < bad; i++)
			line += text[i] == '\n';
		return pt_fail(&p, line, "%s", text[bad - 1] ? "not valid UTF-8: save the page as UTF-8 "
							   "and import it again" : "a NUL byte");
	}
	/* Skip a UTF-8 byte-order mark. */
	if (n >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		n -= 3;
	}
	size_t cap = 1;
	for (size_t i = 0; i < n; i++)
		cap += text[i] == '\n';
	p.lines = calloc(cap, sizeof(*p.lines));
	if (!p.lines)
		return pt_fail(&p, 1, "%s", "out of memory");
	for (size_t i = 0; i < n || (i == n && p.nlines == 0);) {
		const char *e = memchr(text + i, '\n', n - i);
		size_t len = e ? (size_t)(e - (text + i)) : n - i;
		struct pt_line *l = &p.lines[p.nlines];
		l->s = text + i;
		l->n = len;
		l->no = (int)p.nlines + 1;
		pt_trim(&l->s, &l->n);
		p.nlines++;
		i += len + 1;
		if (!e)
			break;
	}
	size_t news = p.nlines, events = p.nlines;
	int russian = 0, english = 0;
	for (size_t i = 0; i < p.nlines; i++) {
		int hn = pt_heading(&p.lines[i], pt_news_heads);
		int he = hn ? 0 : pt_heading(&p.lines[i], pt_events_heads);
		if (hn && news == p.nlines)
			news = i;
		else if (he && events == p.nlines)
			events = i;
		russian |= hn == 2 || he == 2;
		english |= hn == 1 || he == 1;
	}
	/* A page with Russian headings is in Russian, and one with English ones in
	 * English, whatever the site's language (an English variant of the site's
	 * stays). */
	if (russian)
		p.lang = "ru";
	else if (english && strncmp(p.lang, "en", 2))
		p.lang = "en";
	int rc = -1;
	if (news == p.nlines && events == p.nlines) {
		pt_fail(&p, 1, "%s", "not a news page: no 'PRESS RELEASES AND NEWS' or 'LATEST EVENTS' heading");
		goto out;
	}
	if (news != p.nlines && events != p.nlines && events < news) {
		pt_fail(&p, p.lines[news].no, "%s", "'PRESS RELEASES AND NEWS' after 'LATEST EVENTS'");
		goto out;
	}
	size_t first = news < events ? news : events;
	if (pt_header(&p, first))
		goto out;
	size_t before = b->n;
	if (news != p.nlines && pt_article(&p, news + 1, events))
		goto out;
	size_t articles = b->n;
	if (events != p.nlines && pt_events(&p, events + 1, p.nlines))
		goto out;
	/* An entry of the list that is the full article above: one item, with the entry's lead. */
	for (size_t i = articles; i < b->n; i++)
		for (size_t a = before; a < articles; a++) {
			struct item *art = &b->v[a].it, *ev = &b->v[i].it;
			if (!strcmp(art->title, ev->title) && art->published == ev->published) {
				if (!*art->lead && item_set_s(&art->lead, ev->lead)) {
					pt_fail(&p, 1, "%s", "out of memory");
					goto out;
				}
				if (import_batch_note(b, b->v[i].name, "the full article above, merged with it")) {
					pt_fail(&p, 1, "%s", "out of memory");
					goto out;
				}
				import_batch_drop(b, i--);
				break;
			}
		}
	rc = 0;
out:
	free(p.lines);
	return rc;
}

int import_plaintext_sniff(const char *text, size_t n)
{
	/* (A byte-order mark, as Notepad writes one: import_plaintext skips it too.) */
	if (n >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		n -= 3;
	}
	for (size_t i = 0; i < n;) {
		const char *e = memchr(text + i, '\n', n - i);
		struct pt_line l = {text + i, e ? (size_t)(e - (text + i)) : n - i, 0};
		pt_trim(&l.s, &l.n);
		if (pt_heading(&l, pt_news_heads) || pt_heading(&l, pt_events_heads))
			return 1;
		if (!e)
			break;
		i = (size_t)(e - text) + 1;
	}
	return 0;
}
