#include "item.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/utf8.h"

/* Programmer mistakes (a kind out of range) stop here. */
#define ITEM_ABORT(what)                                                              \
	do {                                                                          \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, (what));           \
		abort();                                                              \
	} while (0)

/*
 * The one empty string that every empty field of a new item points at: item_init
 * allocates nothing (a list of 10,000 items made 90,000 allocations of one byte
 * before its rows were even read), and item_set replaces it. Never freed, never
 * written to: a field is only ever replaced, not edited in place.
 */
static char item_empty_shared[1];

static void item_free_field(char *p)
{
	if (p != item_empty_shared)
		free(p);
}

void item_init(struct item *it)
{
	memset(it, 0, sizeof(*it));
	it->kind = KIND_NEWS;
	it->status = STATUS_PUBLISHED;
	it->title = item_empty_shared;
	it->lead = item_empty_shared;
	it->body = item_empty_shared;
	it->lang = item_empty_shared;
	it->slug = item_empty_shared;
	it->source_url = item_empty_shared;
	it->source_title = item_empty_shared;
	it->series = item_empty_shared;
	it->translation_key = item_empty_shared;
}

void item_clear(struct item *it)
{
	char **fields[] = {&it->title,	    &it->lead,	       &it->body,   &it->lang,
			   &it->slug,	    &it->source_url,   &it->source_title,
			   &it->series,	    &it->translation_key};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		item_free_field(*fields[i]);
		*fields[i] = NULL;
	}
	for (size_t i = 0; i < it->ntags && i < ITEM_MAX_TAGS; i++)
		free(it->tags[i]);
	free(it->tags);
	it->tags = NULL;
	it->ntags = 0;
}

int item_set(char **field, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return -1;
	char *p = malloc(n + 1);
	if (!p)
		return -1;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	item_free_field(*field);
	*field = p;
	return 0;
}

int item_set_text(char **field, const char *s, size_t n)
{
	if (!memchr(s, '\r', n))
		return item_set(field, s, n);
	char *t = malloc(n + 1);
	if (!t)
		return -1;
	size_t j = 0;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			t[j++] = s[i] == '\r' ? '\n' : s[i];
	int r = item_set(field, t, j);
	free(t);
	return r;
}

int item_set_field(char **field, const char *s, size_t n)
{
	if (n)
		return item_set(field, s, n);
	item_free_field(*field);
	*field = item_empty_shared;
	return 0;
}

int item_set_s(char **field, const char *s)
{
	return item_set(field, s ? s : "", s ? strlen(s) : 0);
}

int item_add_tag(struct item *it, const char *s, size_t n)
{
	for (size_t i = 0; i < it->ntags; i++)
		if (strlen(it->tags[i]) == n && memcmp(it->tags[i], s, n) == 0)
			return 0;
	if (it->ntags >= ITEM_MAX_TAGS)
		return -1;
	if (!it->tags && !(it->tags = calloc(ITEM_MAX_TAGS, sizeof(*it->tags))))
		return -1;
	char *p = NULL;
	if (item_set(&p, s, n))
		return -1;
	it->tags[it->ntags++] = p;
	return 0;
}

static const struct {
	const char *slug, *label, *plural;
} item_kinds[KIND_COUNT] = {
	[KIND_PRESS_RELEASE] = {"press-release", "Press release", "Press releases"},
	[KIND_NEWS] = {"news", "News", "News"},
	[KIND_STATEMENT] = {"statement", "Statement", "Statements"},
	[KIND_INTERVIEW] = {"interview", "Interview", "Interviews"},
	[KIND_MEDIA_REPLY] = {"media-reply", "Reply to a media question",
			      "Replies to media questions"},
	[KIND_SPEECH] = {"speech", "Speech", "Speeches"},
	[KIND_ARTICLE] = {"article", "Article", "Articles"},
	[KIND_COMMENT] = {"comment", "Comment", "Comments"},
};

const char *item_kind_slug(enum item_kind k)
{
	if ((unsigned)k >= KIND_COUNT)
		ITEM_ABORT("item kind out of range");
	return item_kinds[k].slug;
}

const char *item_kind_label(enum item_kind k)
{
	if ((unsigned)k >= KIND_COUNT)
		ITEM_ABORT("item kind out of range");
	return item_kinds[k].label;
}

const char *item_kind_plural(enum item_kind k)
{
	if ((unsigned)k >= KIND_COUNT)
		ITEM_ABORT("item kind out of range");
	return item_kinds[k].plural;
}

int item_kind_parse(const char *s, size_t n)
{
	if (!s)
		return -1;
	for (int k = 0; k < KIND_COUNT; k++)
		if (strlen(item_kinds[k].slug) == n && memcmp(item_kinds[k].slug, s, n) == 0)
			return k;
	return -1;
}

static int item_is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int item_is_digit(char c) { return c >= '0' && c <= '9'; }
static int item_is_alnum(char c) { return item_is_alpha(c) || item_is_digit(c); }

/* Counts the leading run of characters in s[0..n) that pass pred. */
static size_t item_span(const char *s, size_t n, int (*pred)(char))
{
	size_t i = 0;
	while (i < n && pred(s[i]))
		i++;
	return i;
}

/*
 * language [-script] [-region] *(-variant). Extlang, extensions (-u-...) and
 * private use (-x-...) are not accepted: nothing we publish needs them. The
 * grammar also allows 5-8 letter languages, but none is registered and allowing
 * them would let "english" through, so only 2-3 letters are taken.
 */
int item_valid_lang(const char *s)
{
	if (!s)
		return -1;
	size_t len = strlen(s);
	if (len == 0 || len > 64)
		return -1;
	int pos = 0; /* 0 language, 1 script, 2 region, 3 variants */
	size_t i = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && s[j] != '-')
			j++;
		const char *t = s + i;
		size_t n = j - i;
		if (n == 0 || item_span(t, n, item_is_alnum) != n)
			return -1;
		size_t alpha = item_span(t, n, item_is_alpha);
		size_t digit = item_span(t, n, item_is_digit);
		if (pos == 0) {
			if (alpha != n || n < 2 || n > 3)
				return -1;
			pos = 1;
		} else if (pos <= 1 && n == 4 && alpha == 4) {
			pos = 2;
		} else if (pos <= 2 && ((n == 2 && alpha == 2) || (n == 3 && digit == 3))) {
			pos = 3;
		} else if ((n >= 5 && n <= 8) || (n == 4 && item_is_digit(t[0]))) {
			pos = 3;
		} else {
			return -1;
		}
		if (j == len)
			return 0;
		i = j + 1; /* a trailing '-' leaves an empty subtag, rejected above */
	}
	return -1;
}

int item_valid_slug(const char *s)
{
	if (!s)
		return -1;
	size_t n = strlen(s);
	if (n < 1 || n > 120 || s[0] == '-' || s[n - 1] == '-')
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || item_is_digit(s[i]) || s[i] == '-'))
			return -1;
	return 0;
}


/*
 * Characters that break out of an attribute or a link, or that browsers rewrite
 * (a backslash becomes '/'), are refused anywhere in the URL.
 */
static int item_url_bad_byte(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '`' || c == '<' ||
	       c == '>' || c == '\\';
}

int item_series_name_ok(const char *s)
{
	return !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

void item_lang_case(char *s)
{
	for (size_t i = 0, idx = 0; s[i]; idx++) {
		size_t j = i;
		while (s[j] && s[j] != '-')
			j++;
		for (size_t k = i; k < j; k++)
			if (s[k] >= 'A' && s[k] <= 'Z')
				s[k] = (char)(s[k] + 32);
		if (idx > 0 && j - i == 4 && !(s[i] >= '0' && s[i] <= '9'))
			s[i] = (char)(s[i] - 32);
		else if (idx > 0 && j - i == 2)
			for (size_t k = i; k < j; k++)
				s[k] = (char)(s[k] - 32);
		i = s[j] ? j + 1 : j;
	}
}

int item_valid_utf8(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!l)
			return -1;
		i += l;
	}
	return 0;
}

int item_valid_url(const char *s)
{
	if (!s)
		return -1;
	size_t n = strlen(s);
	if (n == 0 || n > 2048)
		return -1;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t l = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (l == 0 || item_url_bad_byte((unsigned char)s[i]))
			return -1;
		i += l;
	}
	size_t i;
	if (n >= 7 && strncasecmp(s, "http://", 7) == 0)
		i = 7;
	else if (n >= 8 && strncasecmp(s, "https://", 8) == 0)
		i = 8;
	else
		return -1;
	size_t end = i;
	while (end < n && s[end] != '/' && s[end] != '?' && s[end] != '#')
		end++;
	/* s[i..end) is the authority: host [":" port]; no userinfo. */
	size_t h = i;
	if (h < end && s[h] == '[') {
		size_t k = h + 1;
		while (k < end && (item_is_digit(s[k]) || (s[k] >= 'a' && s[k] <= 'f') ||
				   (s[k] >= 'A' && s[k] <= 'F') || s[k] == ':' || s[k] == '.'))
			k++;
		if (k == h + 1 || k >= end || s[k] != ']')
			return -1;
		h = k + 1;
	} else {
		int alnum = 0;
		while (h < end && (item_is_alnum(s[h]) || s[h] == '.' || s[h] == '-' ||
				   (unsigned char)s[h] >= 0x80)) {
			alnum |= s[h] != '.' && s[h] != '-';
			h++;
		}
		if (!alnum)
			return -1;
	}
	if (h == end)
		return 0;
	if (s[h] != ':')
		return -1;
	size_t digits = end - h - 1;
	if (digits < 1 || digits > 5 || item_span(s + h + 1, digits, item_is_digit) != digits)
		return -1;
	long port = strtol(s + h + 1, NULL, 10);
	return port >= 1 && port <= 65535 ? 0 : -1;
}

/*
 * Transliteration of Cyrillic (Russian as in the 2013 passport rules, which give
 * zh, kh, ts, ch, sh, shch; with the web's y/yo/yu/ya for й ё ю я and ъ ь dropped),
 * plus the Ukrainian, Belarusian, Serbian and Macedonian letters, indexed by the
 * small letter's code point - 0x400 (capitals are mapped onto it first).
 */
static const char *const item_cyrillic[0x60] = {
	[0x30] = "a",  [0x31] = "b",  [0x32] = "v",   [0x33] = "g",  [0x34] = "d",
	[0x35] = "e",  [0x36] = "zh", [0x37] = "z",   [0x38] = "i",  [0x39] = "y",
	[0x3a] = "k",  [0x3b] = "l",  [0x3c] = "m",   [0x3d] = "n",  [0x3e] = "o",
	[0x3f] = "p",  [0x40] = "r",  [0x41] = "s",   [0x42] = "t",  [0x43] = "u",
	[0x44] = "f",  [0x45] = "kh", [0x46] = "ts",  [0x47] = "ch", [0x48] = "sh",
	[0x49] = "shch", [0x4a] = "", [0x4b] = "y",   [0x4c] = "",   [0x4d] = "e",
	[0x4e] = "yu", [0x4f] = "ya", [0x51] = "yo",  [0x52] = "dj", [0x53] = "gj",
	[0x54] = "ye", [0x55] = "dz", [0x56] = "i",   [0x57] = "yi", [0x58] = "j",
	[0x59] = "lj", [0x5a] = "nj", [0x5b] = "c",   [0x5c] = "kj", [0x5e] = "u",
	[0x5f] = "dz",
};

/* Latin-1 letters with their accents dropped, indexed by code point - 0xc0. */
static const char *const item_latin1[0x40] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

/* The ASCII spelling of one code point, "" to drop it, or NULL for a separator. */
static const char *item_translit(unsigned cp, char one[2])
{
	if (cp < 0x80) {
		if (item_is_alnum((char)cp)) {
			one[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
			one[1] = '\0';
			return one;
		}
		return cp == '\'' ? "" : NULL;
	}
	if (cp == 0x2019) /* right single quote: "Russia's" -> "russias" */
		return "";
	if (cp >= 0xc0 && cp <= 0xff)
		return item_latin1[cp - 0xc0];
	if (cp >= 0x410 && cp <= 0x42f) /* capitals map onto the small letters */
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40f)
		cp += 0x50;
	else if (cp == 0x490 || cp == 0x491)
		return "g";
	if (cp >= 0x400 && cp < 0x460)
		return item_cyrillic[cp - 0x400];
	return NULL;
}

#define ITEM_SLUG_MAX 80

int item_slugify(const char *title, char *out, size_t outsz)
{
	if (!out || outsz == 0)
		return 0;
	size_t cap = outsz - 1 < ITEM_SLUG_MAX ? outsz - 1 : ITEM_SLUG_MAX;
	size_t len = 0, n = title ? strlen(title) : 0;
	int sep = 0, cut = 0;
	for (size_t i = 0; i < n && !cut;) {
		unsigned cp;
		char one[2];
		size_t l = utf8_decode((const unsigned char *)title + i, n - i, &cp);
		const char *t = l ? item_translit(cp, one) : NULL;
		i += l ? l : 1;
		if (!t) {
			sep = 1;
			continue;
		}
		size_t tl = strlen(t);
		if (tl == 0)
			continue;
		if (sep && len > 0) {
			if (len + 1 + tl > cap) {
				cut = 1;
				break;
			}
			out[len++] = '-';
		}
		sep = 0;
		if (len + tl > cap) {
			cut = 1;
			break;
		}
		memcpy(out + len, t, tl);
		len += tl;
	}
	/*
	 * A cut mid-word leaves a fragment; end at the previous word instead when that
	 * keeps at least half the slug.
	 */
	if (cut && !sep) {
		size_t k = len;
		while (k > 0 && out[k - 1] != '-')
			k--;
		if (k > 0 && k - 1 >= cap / 2)
			len = k - 1;
	}
	while (len > 0 && out[len - 1] == '-')
		len--;
	out[len] = '\0';
	return cut;
}
