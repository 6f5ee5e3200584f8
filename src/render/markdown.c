#include "markdown.h"

#include <ctype.h>
#include <limits.h>
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/utf8.h"
#include "escape.h"

/* md4c flags: GitHub-like without task lists, and raw HTML off so that it comes
 * out as text (and is escaped like any other text). */
#define MARKDOWN_MD_FLAGS                                                         \
	(MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS |    \
	 MD_FLAG_NOHTML)

/* A link or image target longer than this is dropped rather than copied. */
#define MARKDOWN_URL_MAX ((size_t)32 << 10)
/* Titles and code languages longer than this are left out. */
#define MARKDOWN_ATTR_MAX ((size_t)4 << 10)
/* Block quotes and lists nested deeper than this keep their text, not their tags
 * (500 '>' would otherwise open 500 <blockquote>). */
#define MARKDOWN_BLOCK_MAX 48
/* Spans nested deeper than this are rendered as their text only. */
#define MARKDOWN_SPAN_MAX 128
/* Zero bytes after the copy of the input handed to md4c (see markdown_render). */
#define MARKDOWN_PAD 16

struct md_state {
	struct buf *out;
	unsigned flags;
	const char *own;            /* the site's base_url (markdown_render_site), or NULL */
	size_t nown;
	int depth;                  /* blocks entered and not left, MD_BLOCK_DOC included */
	int top_ol;                 /* inside a top-level ordered list (its depth is 2) */
	unsigned long long ol_next; /* number of the next item of that list */
	unsigned long long last_anchor; /* highest pN emitted; anchors only grow, so ids are unique */
	size_t p_start;             /* offset in out where the open paragraph's content starts */
	unsigned long turns;        /* turns emitted so far */
	/* Open spans, innermost last. md4c 0.4.8 can report a span's leave without
	 * its enter (e.g. a '*' inside an image destination), so a leave that does not
	 * match the innermost open span is ignored, and whatever is still open when a
	 * block starts or ends is closed there: the output stays balanced. */
	struct {
		unsigned char type;
		unsigned char emitted; /* its opening tag was written */
	} spans[MARKDOWN_SPAN_MAX];
	int nspans;
	int span_overflow;          /* spans entered beyond MARKDOWN_SPAN_MAX */
	int img_depth;              /* images open */
	int img_emitted;            /* the outermost open image became <img ... alt=" */
	int a_open;                 /* an <a> is open */
};

/* ---------------------------------------------------------------- UTF-8, entities */

static size_t utf8_put(char *d, unsigned long cp)
{
	/* Besides the invalid ones, C1 controls and noncharacters are not allowed in
	 * HTML text either. */
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    (cp >= 0x80 && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	    (cp & 0xFFFE) == 0xFFFE)
		cp = 0xFFFD;
	return utf8_encode((unsigned)cp, (unsigned char *)d);
}

/* The few named entities we decode: the basic ones plus the typography common in
 * press texts. Everything else md4c reports as an entity stays literal text. */
static const struct {
	const char *name;
	unsigned cp;
} md_entities[] = {
	{"amp", '&'},      {"lt", '<'},        {"gt", '>'},       {"quot", '"'},
	{"apos", '\''},    {"nbsp", 0xA0},     {"laquo", 0xAB},   {"raquo", 0xBB},
	{"ndash", 0x2013}, {"mdash", 0x2014},  {"hellip", 0x2026}, {"lsquo", 0x2018},
	{"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D}, {"bdquo", 0x201E},
	{"copy", 0xA9},    {"reg", 0xAE},      {"trade", 0x2122}, {"euro", 0x20AC},
	{"deg", 0xB0},     {"sect", 0xA7},     {"middot", 0xB7},  {"numero", 0x2116},
};

/*
 * Decodes the entity s[0..n) ("&name;", "&#123;", "&#x1F;") into d (at least 4
 * bytes). Returns the length written, or 0 if the entity is not one we know.
 * Numeric references to 0, surrogates or beyond U+10FFFF give U+FFFD.
 */
static size_t entity_decode(const char *s, size_t n, char *d)
{
	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	s++;
	n -= 2;
	if (s[0] == '#') {
		unsigned long cp = 0;
		size_t i = 1;
		int hex = i < n && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		if (i >= n)
			return 0;
		for (; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			unsigned v;
			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				v = c - 'A' + 10;
			else
				return 0;
			cp = cp * (hex ? 16 : 10) + v;
			if (cp > 0x10FFFF)
				cp = 0x110000; /* stays invalid, cannot overflow */
		}
		return utf8_put(d, cp);
	}
	for (size_t k = 0; k < sizeof md_entities / sizeof md_entities[0]; k++) {
		if (strlen(md_entities[k].name) == n && memcmp(md_entities[k].name, s, n) == 0)
			return utf8_put(d, md_entities[k].cp);
	}
	return 0;
}

/*
 * Appends the decoded value of an md4c attribute to d (raw, not escaped).
 * Returns 0, or 1 if it held a named entity we do not know (kept as written).
 */
static int attr_decode(struct buf *d, const MD_ATTRIBUTE *a)
{
	int unknown = 0;
	if (!a->text || !a->size || !a->substr_offsets || !a->substr_types)
		return 0;
	for (size_t i = 0; a->substr_offsets[i] < a->size; i++) {
		MD_OFFSET off = a->substr_offsets[i];
		MD_OFFSET end = a->substr_offsets[i + 1];
		if (end > a->size || end < off)
			end = a->size;
		const char *s = a->text + off;
		size_t n = end - off;
		char u[4];
		size_t un;
		switch (a->substr_types[i]) {
		case MD_TEXT_ENTITY:
			un = entity_decode(s, n, u);
			if (un) {
				buf_add(d, u, un);
			} else {
				unknown = 1;
				buf_add(d, s, n);
			}
			break;
		case MD_TEXT_NULLCHAR:
			buf_lit(d, "\xEF\xBF\xBD");
			break;
		default:
			buf_add(d, s, n);
			break;
		}
	}
	return unknown;
}

/* ---------------------------------------------------------------- URLs */

/* Whether c is one of the characters of set (never for NUL, unlike strchr). */
static int in_set(const char *set, char c)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/*
 * Allowed: http:, https:, mailto: (any case), and relative URLs, i.e. those with
 * no ':' before the first '/', '?' or '#'. The part before that first delimiter
 * (the would-be scheme) must hold no control character, space or backslash,
 * since browsers strip or reinterpret those. http: and https: must go on with
 * "//" and a host: "http:x" is no valid URL.
 */
size_t markdown_bare_link(struct buf *out, const char *s, size_t n)
{
	size_t skip = n >= 8 && !strncasecmp(s, "https://", 8)  ? 8
		      : n >= 7 && !strncasecmp(s, "http://", 7) ? 7
		      : n >= 4 && !strncasecmp(s, "www.", 4)    ? 4
								: 0;
	if (!skip || skip >= n || !isalnum((unsigned char)s[skip]))
		return 0;
	size_t len = skip;
	while (len < n) {
		unsigned char c = (unsigned char)s[len];
		if (c <= 0x20 || c >= 0x7F || strchr("<>\"`{}|\\^", c))
			break;
		len++;
	}
	/* What ends a sentence around the address is not part of it. */
	for (;;) {
		char c = s[len - 1];
		size_t open = 0, close = 0;
		if (c == ')' || c == ']') {
			for (size_t i = 0; i < len; i++) {
				open += s[i] == (c == ')' ? '(' : '[');
				close += s[i] == c;
			}
		}
		if (len > skip + 1 && (strchr(".,:;!?'*", c) || close > open))
			len--;
		else
			break;
	}
	if (skip == 4) {
		/* No scheme, so no autolink: [www.x.org/a_b](http://www.x.org/a_b). */
		buf_addc(out, '[');
		for (size_t i = 0; i < len; i++) {
			if (strchr("\\*_`[]<>&!", s[i]))
				buf_addc(out, '\\');
			buf_addc(out, s[i]);
		}
		buf_lit(out, "](http://");
		for (size_t i = 0; i < len; i++) {
			if (strchr("()'", s[i]))
				buf_addf(out, "%%%02X", (unsigned char)s[i]);
			else
				buf_addc(out, s[i]);
		}
		buf_addc(out, ')');
	} else {
		/* A CommonMark autolink: no escape is read inside it. */
		buf_addc(out, '<');
		buf_add(out, s, len);
		buf_addc(out, '>');
	}
	return len;
}

int markdown_url_allowed(const char *url, size_t n)
{
	static const char *const schemes[] = {"http", "https", "mailto"};
	size_t i;
	if (!url)
		return n == 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c == ':' || c == '/' || c == '?' || c == '#')
			break;
		if (c <= 0x20 || c == 0x7F || c == '\\')
			return 0;
	}
	if (i == n || url[i] != ':')
		return 1;
	for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
		size_t sl = strlen(schemes[k]);
		if (sl != i)
			continue;
		size_t j = 0;
		while (j < sl) {
			unsigned char c = (unsigned char)url[j];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)schemes[k][j])
				break;
			j++;
		}
		if (j < sl)
			continue;
		if (k == 2)
			return 1;
		/* http(s): needs "//" and a host, else it is no valid URL. */
		return n > i + 3 && url[i + 1] == '/' && url[i + 2] == '/' &&
		       (unsigned char)url[i + 3] > 0x20 && url[i + 3] != 0x7F &&
		       !in_set("/?#\\", url[i + 3]);
	}
	return 0;
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* End of the authority ("//host:port") of url[0..n), or 0 if it has none: only
 * there may '[' and ']' stay (IPv6 literals). */
static size_t url_authority_end(const char *u, size_t n)
{
	size_t i = 0;
	while (i < n && !in_set(":/?#", u[i]))
		i++;
	if (i < n && u[i] == ':')
		i++;
	else
		i = 0;
	if (i + 2 > n || u[i] != '/' || u[i + 1] != '/')
		return 0;
	for (i += 2; i < n && !in_set("/?#", u[i]); i++)
		;
	return i;
}

/* Writes a decoded URL as an attribute value: bytes not valid in an HTML5 URL
 * (controls, space, non-ASCII, "<>\^`{|}, '[' and ']' outside the authority, a
 * second '#', a '%' not starting an escape) are percent-encoded, then the result is
 * attribute-escaped. */
/*
 * MD_DIR_URLS: where a link to a page of the site ("/items/x", "/archive?y#z")
 * takes the '/' its address has in a static copy (urls.h), so that a plain web
 * server answers it from the folder without a redirect; 0 when it is no such link
 * (another host, a file such as "/feed.rss" or "/media/a.png", already with '/').
 */
static size_t md_page_link_end(const char *u, size_t n)
{
	if (!u || n < 2 || u[0] != '/' || u[1] == '/')
		return 0;
	size_t end = 0;
	while (end < n && u[end] != '?' && u[end] != '#')
		end++;
	if (end < 2 || u[end - 1] == '/' || (n >= 8 && !memcmp(u, "/static/", 8)) ||
	    (n >= 7 && !memcmp(u, "/media/", 7)))
		return 0;
	size_t seg = end;
	while (seg > 0 && u[seg - 1] != '/')
		seg--;
	return memchr(u + seg, '.', end - seg) ? 0 : end;
}

static void url_put(struct buf *out, const char *u, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf t;
	size_t auth_end = url_authority_end(u, n);
	int hash = 0;
	buf_init(&t, 3 * MARKDOWN_URL_MAX + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u[i];
		int enc = c <= 0x20 || c >= 0x7F || in_set("\"<>\\^`{|}", (char)c);
		if ((c == '[' || c == ']') && i >= auth_end)
			enc = 1;
		if (c == '#')
			enc = hash++ > 0; /* only one fragment */
		if (c == '%' && !(i + 2 < n && is_hex((unsigned char)u[i + 1]) &&
				  is_hex((unsigned char)u[i + 2])))
			enc = 1;
		if (enc) {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(&t, e, 3);
		} else {
			buf_addc(&t, (char)c);
		}
	}
	if (!buf_failed(&t))
		esc_attr(out, t.data ? t.data : "", t.len);
	buf_release(&t);
}

/*
 * Decodes the target of a link or image into d. Returns 1 if it may be used:
 * no unknown entity, within the size cap, and markdown_url_allowed().
 */
static int url_decode_allowed(struct buf *d, const MD_ATTRIBUTE *a)
{
	if (a->size > MARKDOWN_URL_MAX)
		return 0;
	if (attr_decode(d, a) || buf_failed(d))
		return 0;
	return markdown_url_allowed(d->data ? d->data : "", d->len);
}

/* Writes ' name="value"' for a title-like attribute, if it is not empty. */
static void attr_put(struct buf *out, const char *name, const MD_ATTRIBUTE *a)
{
	struct buf t;
	if (!a->size || a->size > MARKDOWN_ATTR_MAX)
		return;
	buf_init(&t, 4 * MARKDOWN_ATTR_MAX);
	attr_decode(&t, a);
	if (!buf_failed(&t) && t.len) {
		buf_addc(out, ' ');
		buf_adds(out, name);
		buf_lit(out, "=\"");
		esc_attr(out, t.data, t.len);
		buf_addc(out, '"');
	}
	buf_release(&t);
}

/* Writes ' class="language-x"' for a fenced block's language, if any. */
static void lang_put(struct buf *out, const MD_ATTRIBUTE *a)
{
	struct buf t;
	if (!a->size || a->size > MARKDOWN_ATTR_MAX)
		return;
	buf_init(&t, 4 * MARKDOWN_ATTR_MAX);
	attr_decode(&t, a);
	if (!buf_failed(&t) && t.len) {
		/* md4c cuts the language at whitespace; a class token must hold none. */
		buf_lit(out, " class=\"language-");
		for (size_t i = 0; i < t.len; i++) {
			unsigned char c = (unsigned char)t.data[i];
			if (c <= 0x20 || c == 0x7F)
				t.data[i] = '-';
		}
		esc_attr(out, t.data, t.len);
		buf_addc(out, '"');
	}
	buf_release(&t);
}

/* ---------------------------------------------------------------- speaker turns */

/* Length of the UTF-8 letter at s usable in a label, 0 if none. first: only
 * uppercase ASCII or Cyrillic (U+0400..U+042F) is accepted. */
static size_t label_char(const unsigned char *s, size_t n, int first)
{
	unsigned c = s[0];
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (first) {
		if (n >= 2 && c == 0xD0 && s[1] >= 0x80 && s[1] <= 0xAF)
			return 2;
		return 0;
	}
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
	    c == '\'')
		return 1;
	if (n < 2 || (s[1] & 0xC0) != 0x80)
		return 0;
	unsigned cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
	if ((c & 0xE0) != 0xC0)
		return 0;
	if (cp >= 0x400 && cp <= 0x4FF)
		return 2; /* Cyrillic */
	if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)
		return 2; /* Latin-1 and Latin Extended letters */
	return 0;
}

/*
 * If s[0..n) starts with a speaker label (1-5 words of letters separated by
 * single spaces, at most 40 bytes, starting with an uppercase letter), returns
 * its length; otherwise 0. The caller checks what follows (':' or "</strong>").
 */
static size_t label_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	int words = 1;
	size_t i, k;
	if (!n || !(k = label_char(s, n, 1)))
		return 0;
	for (i = k; i < n && i <= 40; i += k) {
		if (s[i] == ' ') {
			if (++words > 5 || i + 1 >= n || s[i + 1] == ' ')
				return 0;
			k = 1;
			continue;
		}
		k = label_char(s + i, n - i, 0);
		if (!k)
			return s[i - 1] == ' ' ? 0 : i;
	}
	return i <= 40 && i == n && s[i - 1] != ' ' ? i : 0;
}

size_t markdown_speaker_len(const char *s, size_t n)
{
	size_t L = label_len(s, n);
	return L && L < n && s[L] == ':' && (L + 1 == n || s[L + 1] == ' ') ? L + 1 : 0;
}

static const char strong_open[] = "<strong>";
static const char strong_close[] = "</strong>";

/* The opening of turn number n, '<p class="turn" id="tN">', with the speaker's
 * '<strong class="speaker">' when speaker: its length (at most 72 bytes). Made in
 * place: every paragraph of an interview is a turn. */
static size_t turn_head(char *h, unsigned long n, int speaker)
{
	static const char open[] = "<p class=\"turn\" id=\"t", sp[] = "<strong class=\"speaker\">";
	size_t len = sizeof open - 1;
	memcpy(h, open, len);
	len += buf_uint_digits(h + len, n, 0);
	h[len++] = '"';
	h[len++] = '>';
	if (speaker) {
		memcpy(h + len, sp, sizeof sp - 1);
		len += sizeof sp - 1;
	}
	return len;
}

/*
 * The paragraph's content is out[p_start..len). Inserts its opening tag, turning
 * it into a speaker turn when it starts with a label (plain or bold).
 */
static void paragraph_open(struct md_state *st)
{
	struct buf *out = st->out;
	size_t at = st->p_start;
	if ((st->flags & MD_TURNS) && !buf_failed(out) && out->data && at <= out->len) {
		const char *c = out->data + at;
		size_t n = out->len - at;
		size_t sl = sizeof strong_open - 1, scl = sizeof strong_close - 1;
		size_t L;
		int kind = 0; /* 1: plain label, 2: bold label (<strong> kept) */
		if (n > sl && memcmp(c, strong_open, sl) == 0) {
			L = label_len(c + sl, n - sl);
			if (sl + L >= n)
				L = 0;
			size_t after = sl + L + 1;
			if (L && c[sl + L] == ':' && n >= after + scl &&
			    memcmp(c + after, strong_close, scl) == 0 &&
			    (n == after + scl || c[after + scl] == ' ' || c[after + scl] == '\n'))
				kind = 2;
			/* "**Answer**: ..." -- the ':' moves inside the <strong>. */
			after = sl + L;
			if (!kind && L && c[after] == '<' && n > after + scl + 1 &&
			    memcmp(c + after, strong_close, scl) == 0 && c[after + scl] == ':' &&
			    (c[after + scl + 1] == ' ' || c[after + scl + 1] == '\n')) {
				memmove(out->data + at + after + 1, out->data + at + after, scl);
				out->data[at + after] = ':';
				kind = 2;
			}
		} else {
			L = label_len(c, n);
			if (L && L + 1 < n && c[L] == ':' && (c[L + 1] == ' ' || c[L + 1] == '\n'))
				kind = 1;
		}
		if (kind) {
			char head[96];
			size_t hl = turn_head(head, ++st->turns, kind == 1);
			if (kind == 1)
				buf_insert(out, at + L + 1, strong_close, scl);
			else
				buf_insert(out, at + sl - 1, " class=\"speaker\"", 16);
			buf_insert(out, at, head, hl);
			return;
		}
	}
	buf_insert(out, at, "<p>", 3);
}

/* ---------------------------------------------------------------- callbacks */

static void put_text(struct md_state *st, const char *s, size_t n)
{
	if (st->img_depth && st->img_emitted)
		esc_attr(st->out, s, n);
	else
		esc_html(st->out, s, n);
}

static void spans_flush(struct md_state *st);

static int md_container(MD_BLOCKTYPE type)
{
	return type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL ||
	       type == MD_BLOCK_LI;
}

/* A heading's HTML level: one below Markdown's (the page's title is the <h1>), at
 * most 6. */
static unsigned md_h_level(const void *detail)
{
	const MD_BLOCK_H_DETAIL *d = detail;
	unsigned lvl = d ? d->level + 1 : 2;
	return lvl > 6 ? 6 : lvl;
}

static int md_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_state *st = ud;
	struct buf *out = st->out;
	int parent = st->depth;
	spans_flush(st);
	if (st->depth < INT_MAX)
		st->depth++;
	if (st->depth > MARKDOWN_BLOCK_MAX && md_container(type))
		return buf_failed(out);
	switch (type) {
	case MD_BLOCK_DOC:
		break;
	case MD_BLOCK_QUOTE:
		buf_lit(out, "<blockquote>\n");
		break;
	case MD_BLOCK_UL:
		buf_lit(out, "<ul>\n");
		break;
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;
		unsigned start = d ? d->start : 1;
		if (start != 1)
			buf_addf(out, "<ol start=\"%u\">\n", start);
		else
			buf_lit(out, "<ol>\n");
		/* (A page's anchors: not in HTML made to be read back as Markdown.) */
		if (parent == 1 && !(st->flags & MD_RAW_HTML)) {
			st->top_ol = 1;
			st->ol_next = start;
		}
		break;
	}
	case MD_BLOCK_LI:
		if (st->top_ol && parent == 2) {
			unsigned long long num = st->ol_next++;
			if (num > st->last_anchor) {
				st->last_anchor = num;
				buf_addf(out,
					 "<li id=\"p%llu\"><a class=\"pn\" href=\"#p%llu\" "
					 "aria-label=\"%llu\">\xC2\xB6</a> ",
					 num, num, num);
				break;
			}
		}
		buf_lit(out, "<li>");
		break;
	case MD_BLOCK_HR:
		buf_lit(out, "<hr>\n");
		break;
	case MD_BLOCK_H:
		buf_addf(out, "<h%u>", md_h_level(detail));
		break;
	case MD_BLOCK_CODE: {
		const MD_BLOCK_CODE_DETAIL *d = detail;
		buf_lit(out, "<pre><code");
		if (d)
			lang_put(out, &d->lang);
		buf_lit(out, ">");
		break;
	}
	case MD_BLOCK_HTML:
		/* Only produced with MD_RAW_HTML: its lines are written as they are. */
		break;
	case MD_BLOCK_P:
		st->p_start = out->len;
		break;
	case MD_BLOCK_TABLE:
		buf_lit(out, "<table>\n");
		break;
	case MD_BLOCK_THEAD:
		buf_lit(out, "<thead>\n");
		break;
	case MD_BLOCK_TBODY:
		buf_lit(out, "<tbody>\n");
		break;
	case MD_BLOCK_TR:
		buf_lit(out, "<tr>");
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		const MD_BLOCK_TD_DETAIL *d = detail;
		if (type == MD_BLOCK_TH)
			buf_lit(out, "<th");
		else
			buf_lit(out, "<td");
		switch (d ? d->align : MD_ALIGN_DEFAULT) {
		case MD_ALIGN_LEFT: buf_lit(out, " class=\"align-left\""); break;
		case MD_ALIGN_CENTER: buf_lit(out, " class=\"align-center\""); break;
		case MD_ALIGN_RIGHT: buf_lit(out, " class=\"align-right\""); break;
		default: break;
		}
		buf_addc(out, '>');
		break;
	}
	}
	return buf_failed(out);
}

static int md_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_state *st = ud;
	struct buf *out = st->out;
	spans_flush(st);
	if (st->depth > 0)
		st->depth--;
	/* (The depth it had when it was entered.) */
	if (st->depth + 1 > MARKDOWN_BLOCK_MAX && md_container(type)) {
		if (type == MD_BLOCK_LI)
			buf_addc(out, '\n'); /* items apart */
		return buf_failed(out);
	}
	switch (type) {
	case MD_BLOCK_DOC:
		break;
	case MD_BLOCK_QUOTE:
		buf_lit(out, "</blockquote>\n");
		break;
	case MD_BLOCK_UL:
		buf_lit(out, "</ul>\n");
		break;
	case MD_BLOCK_OL:
		buf_lit(out, "</ol>\n");
		if (st->depth == 1)
			st->top_ol = 0;
		break;
	case MD_BLOCK_LI:
		buf_lit(out, "</li>\n");
		break;
	case MD_BLOCK_HR:
		break;
	case MD_BLOCK_H:
		buf_addf(out, "</h%u>\n", md_h_level(detail));
		break;
	case MD_BLOCK_CODE:
		buf_lit(out, "</code></pre>\n");
		break;
	case MD_BLOCK_HTML:
		buf_lit(out, "\n");
		break;
	case MD_BLOCK_P:
		paragraph_open(st);
		buf_lit(out, "</p>\n");
		break;
	case MD_BLOCK_TABLE:
		buf_lit(out, "</table>\n");
		break;
	case MD_BLOCK_THEAD:
		buf_lit(out, "</thead>\n");
		break;
	case MD_BLOCK_TBODY:
		buf_lit(out, "</tbody>\n");
		break;
	case MD_BLOCK_TR:
		buf_lit(out, "</tr>\n");
		break;
	case MD_BLOCK_TH:
		buf_lit(out, "</th>");
		break;
	case MD_BLOCK_TD:
		buf_lit(out, "</td>");
		break;
	}
	return buf_failed(out);
}

/* Writes the closing markup of an open span that wrote its opening tag. */
static void span_close(struct md_state *st, int type, int emitted)
{
	struct buf *out = st->out;
	if (type == MD_SPAN_IMG) {
		if (st->img_depth > 0 && --st->img_depth == 0) {
			if (st->img_emitted)
				buf_lit(out, "\">");
			st->img_emitted = 0;
		}
		return;
	}
	if (!emitted)
		return;
	switch (type) {
	case MD_SPAN_EM:
		buf_lit(out, "</em>");
		break;
	case MD_SPAN_STRONG:
		buf_lit(out, "</strong>");
		break;
	case MD_SPAN_A:
		buf_lit(out, "</a>");
		st->a_open = 0;
		break;
	case MD_SPAN_CODE:
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY:
		buf_lit(out, "</code>");
		break;
	case MD_SPAN_DEL:
		buf_lit(out, "</del>");
		break;
	case MD_SPAN_U:
		buf_lit(out, "</u>");
		break;
	default:
		break;
	}
}

/* Closes every span still open (see struct md_state). */
static void spans_flush(struct md_state *st)
{
	while (st->nspans > 0) {
		st->nspans--;
		span_close(st, st->spans[st->nspans].type, st->spans[st->nspans].emitted);
	}
	st->span_overflow = 0;
	st->img_depth = 0;
	st->img_emitted = 0;
	st->a_open = 0;
}

/* Writes the opening markup of a span; returns whether it wrote any. */
static int span_open(struct md_state *st, MD_SPANTYPE type, void *detail)
{
	struct buf *out = st->out;
	if (type == MD_SPAN_IMG) {
		/* Only the outermost image becomes <img>; anything inside is alt text. */
		if (st->img_depth++ > 0)
			return 0;
		const MD_SPAN_IMG_DETAIL *d = detail;
		struct buf u;
		buf_init(&u, MARKDOWN_URL_MAX + 16);
		/* An empty src is not valid HTML: such an image is its alt text. */
		st->img_emitted = d && url_decode_allowed(&u, &d->src) && u.len > 0;
		if (st->img_emitted) {
			buf_lit(out, "<img src=\"");
			url_put(out, u.data ? u.data : "", u.len);
			buf_addc(out, '"');
			attr_put(out, "title", &d->title);
			buf_lit(out, " loading=\"lazy\" alt=\"");
		}
		buf_release(&u);
		return st->img_emitted;
	}
	if (st->img_depth)
		return 0; /* no markup inside alt text */
	switch (type) {
	case MD_SPAN_EM:
		buf_lit(out, "<em>");
		return 1;
	case MD_SPAN_STRONG:
		buf_lit(out, "<strong>");
		return 1;
	case MD_SPAN_A: {
		const MD_SPAN_A_DETAIL *d = detail;
		int ok;
		if (st->a_open || !d)
			return 0; /* never an <a> inside an <a> */
		struct buf u;
		buf_init(&u, MARKDOWN_URL_MAX + 16);
		ok = url_decode_allowed(&u, &d->href);
		size_t slash = 0;
		if (ok && (st->flags & MD_DIR_URLS)) {
			/* The site's own full address: its path from the root decides. */
			size_t at = st->nown && u.len > st->nown && !memcmp(u.data, st->own, st->nown) &&
					    u.data[st->nown] == '/'
					    ? st->nown
					    : 0;
			slash = md_page_link_end(u.data + at, u.len - at);
			slash += slash ? at : 0;
		}
		if (slash)
			buf_insert(&u, slash, "/", 1);
		if (ok) {
			buf_lit(out, "<a href=\"");
			url_put(out, u.data ? u.data : "", u.len);
			buf_addc(out, '"');
			attr_put(out, "title", &d->title);
			buf_addc(out, '>');
			st->a_open = 1;
		}
		buf_release(&u);
		return ok;
	}
	case MD_SPAN_CODE:
		buf_lit(out, "<code>");
		return 1;
	case MD_SPAN_DEL:
		buf_lit(out, "<del>");
		return 1;
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY:
		buf_lit(out, "<code class=\"math\">");
		return 1;
	case MD_SPAN_U:
		buf_lit(out, "<u>");
		return 1;
	default:
		return 0; /* wiki links are not enabled: text only */
	}
}

static int md_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_state *st = ud;
	if (st->nspans >= MARKDOWN_SPAN_MAX) {
		if (st->span_overflow < INT_MAX)
			st->span_overflow++;
		return buf_failed(st->out);
	}
	int emitted = span_open(st, type, detail);
	st->spans[st->nspans].type = (unsigned char)type;
	st->spans[st->nspans].emitted = (unsigned char)emitted;
	st->nspans++;
	return buf_failed(st->out);
}

static int md_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_state *st = ud;
	(void)detail;
	if (st->span_overflow > 0) {
		st->span_overflow--;
		return buf_failed(st->out);
	}
	if (st->nspans == 0 || st->spans[st->nspans - 1].type != (unsigned char)type)
		return buf_failed(st->out); /* unmatched: ignored */
	st->nspans--;
	span_close(st, type, st->spans[st->nspans].emitted);
	return buf_failed(st->out);
}

static int md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
	struct md_state *st = ud;
	char u[4];
	size_t un;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		put_text(st, "\xEF\xBF\xBD", 3);
		break;
	case MD_TEXT_BR:
		if (st->img_depth)
			put_text(st, " ", 1);
		else
			buf_lit(st->out, "<br>\n");
		break;
	case MD_TEXT_SOFTBR:
		put_text(st, st->img_depth ? " " : "\n", 1);
		break;
	case MD_TEXT_ENTITY:
		un = entity_decode(text, size, u);
		if (un)
			put_text(st, u, un);
		else
			put_text(st, text, size);
		break;
	case MD_TEXT_HTML:
		/* Only with MD_RAW_HTML (without it md4c reads none): as it is. */
		if (st->flags & MD_RAW_HTML)
			buf_add(st->out, text, size);
		else
			put_text(st, text, size);
		break;
	default:
		/* NORMAL, CODE, LATEXMATH. */
		put_text(st, text, size);
		break;
	}
	return buf_failed(st->out);
}

/* md4c 0.4.8 reads one byte past the end of some inputs (e.g. ending in "[a]("), so
 * it parses a copy of src[0..n) followed by NUL padding: malloc'ed, or NULL. */
static char *md_copy(const char *src, size_t n)
{
	char *copy = malloc(n + MARKDOWN_PAD);
	if (copy) {
		memcpy(copy, src, n);
		memset(copy + n, 0, MARKDOWN_PAD);
	}
	return copy;
}

int markdown_render(struct buf *out, const char *src, size_t n, unsigned flags)
{
	return markdown_render_site(out, src, n, flags, NULL);
}

int markdown_render_site(struct buf *out, const char *src, size_t n, unsigned flags,
			 const char *own)
{
	struct md_state st;
	if (buf_failed(out))
		return -1;
	if (n == 0)
		return 0;
	if (!src || n > UINT_MAX - MARKDOWN_PAD)
		return -1;
	memset(&st, 0, sizeof st);
	st.out = out;
	st.flags = flags;
	st.own = own;
	st.nown = own ? strlen(own) : 0;
	while (st.nown && own[st.nown - 1] == '/')
		st.nown--;
	char *copy = md_copy(src, n);
	if (!copy)
		return -1;
	MD_PARSER p = {.enter_block = md_enter_block, .leave_block = md_leave_block,
		       .enter_span = md_enter_span, .leave_span = md_leave_span, .text = md_text};
	p.flags = MARKDOWN_MD_FLAGS & ~(flags & MD_RAW_HTML ? (unsigned)MD_FLAG_NOHTML : 0u);
	int rc = md_parse(copy, (MD_SIZE)n, &p, &st);
	free(copy);
	return rc == 0 && !buf_failed(out) ? 0 : -1;
}

/* ---------------------------------------------------------------- raw HTML blocks */

/* A top-level block as the scan saw it. */
struct md_scan_block {
	size_t beg, end; /* the whole lines from its first text of the source to its last */
	int html;
};

struct md_scan {
	const char *src;            /* md4c's copy of the source */
	size_t n;
	int depth;                  /* as md_state's */
	int html;                   /* the open top-level block holds raw HTML */
	int text;                   /* ... and text of the source was seen: lo, hi */
	size_t lo, hi;
	struct md_scan_block *v;    /* every top-level block with text, in order */
	size_t nv, cap;
	int oom;
};

static int scan_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_scan *sc = ud;
	(void)detail;
	if (++sc->depth == 2) {
		sc->html = type == MD_BLOCK_HTML;
		sc->text = 0;
	}
	return 0;
}

/* Past the end of the line at i, its "\n", "\r" or "\r\n" (md4c's line ends) too. */
static size_t scan_line_end(const struct md_scan *sc, size_t i)
{
	while (i < sc->n && sc->src[i] != '\n' && sc->src[i] != '\r')
		i++;
	if (i < sc->n && sc->src[i++] == '\r' && i < sc->n && sc->src[i] == '\n')
		i++;
	return i;
}

/* Whether the line at i (a line's start) is blank, or opens a code fence: the end
 * of what a block's last text may be followed by (a fence's first line has no
 * text, so the code block's lines start after it). */
static int scan_stop(const struct md_scan *sc, size_t i)
{
	size_t k = 0;
	while (i < sc->n && (sc->src[i] == ' ' || sc->src[i] == '\t'))
		i++, k++;
	if (k < 4 && i + 2 < sc->n && (sc->src[i] == '`' || sc->src[i] == '~') &&
	    sc->src[i + 1] == sc->src[i] && sc->src[i + 2] == sc->src[i])
		return 1;
	return i == sc->n || sc->src[i] == '\n' || sc->src[i] == '\r';
}

static int scan_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_scan *sc = ud;
	(void)detail;
	(void)type;
	if (sc->depth-- != 2 || !sc->text)
		return 0;
	/* The whole lines from the first text to the last: the block's markers
	 * ("> ", "- ", "# ") are on them. */
	size_t beg = sc->lo;
	while (beg > 0 && sc->src[beg - 1] != '\n' && sc->src[beg - 1] != '\r')
		beg--;
	if (sc->nv == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 8;
		struct md_scan_block *v = realloc(sc->v, cap * sizeof(*v));
		if (!v) {
			sc->oom = 1;
			return -1;
		}
		sc->v = v;
		sc->cap = cap;
	}
	sc->v[sc->nv++] = (struct md_scan_block){beg, scan_line_end(sc, sc->hi), sc->html};
	return 0;
}

static int scan_span(MD_SPANTYPE type, void *detail, void *ud)
{
	(void)type;
	(void)detail;
	(void)ud;
	return 0;
}

static int scan_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
	struct md_scan *sc = ud;
	if (sc->depth < 2)
		return 0;
	if (type == MD_TEXT_HTML)
		sc->html = 1;
	/* Line breaks and NULs are md4c's own strings, not the source's. */
	if (text < sc->src || text + size > sc->src + sc->n || !size)
		return 0;
	size_t lo = (size_t)(text - sc->src), hi = lo + size;
	if (!sc->text || lo < sc->lo)
		sc->lo = lo;
	if (!sc->text || hi > sc->hi)
		sc->hi = hi;
	sc->text = 1;
	return 0;
}

int markdown_html_blocks(const char *src, size_t n, struct markdown_range **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (n == 0)
		return 0;
	if (!src || n > UINT_MAX - MARKDOWN_PAD)
		return -1;
	char *copy = md_copy(src, n);
	if (!copy)
		return -1;
	struct md_scan sc = {.src = copy, .n = n};
	MD_PARSER p = {.flags = MARKDOWN_MD_FLAGS & ~(unsigned)MD_FLAG_NOHTML,
		       .enter_block = scan_enter_block, .leave_block = scan_leave_block,
		       .enter_span = scan_span, .leave_span = scan_span, .text = scan_text};
	int rc = md_parse(copy, (MD_SIZE)n, &p, &sc);
	struct markdown_range *r = NULL;
	size_t nr = 0;
	if (rc == 0 && !sc.oom && sc.nv && !(r = malloc(sc.nv * sizeof(*r))))
		rc = -1;
	for (size_t i = 0; rc == 0 && !sc.oom && i < sc.nv; i++) {
		if (!sc.v[i].html)
			continue;
		/* Its lines after its last text too, up to a blank line or the next
		 * block: a setext heading's underline, a table's row that md4c showed
		 * nothing of (more cells than columns). */
		size_t limit = i + 1 < sc.nv ? sc.v[i + 1].beg : n, end = sc.v[i].end;
		while (end < limit && !scan_stop(&sc, end))
			end = scan_line_end(&sc, end);
		if (end > limit)
			end = limit;
		/* Blocks start on lines of their own; should two ever share one, they go
		 * as one. */
		if (nr && sc.v[i].beg < r[nr - 1].end) {
			if (end > r[nr - 1].end)
				r[nr - 1].end = end;
		} else {
			r[nr++] = (struct markdown_range){sc.v[i].beg, end};
		}
	}
	free(copy);
	free(sc.v);
	if (rc != 0 || sc.oom) {
		free(r);
		return -1;
	}
	if (!nr) {
		free(r);
		r = NULL;
	}
	*out = r;
	*count = nr;
	return 0;
}
