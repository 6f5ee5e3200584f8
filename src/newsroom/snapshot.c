/* The JSON of a revision: a writer on esc_json and a small reader for its shape. */
#include "snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../render/escape.h"

static void snap_str(struct buf *b, const char *name, const char *v, int comma)
{
	buf_addf(b, "%s\"%s\":\"", comma ? "," : "", name);
	esc_json_s(b, v);
	buf_addc(b, '"');
}

void nr_snapshot_write(struct buf *b, const struct item *it)
{
	buf_addc(b, '{');
	snap_str(b, "kind", item_kind_slug(it->kind), 0);
	snap_str(b, "status", it->status == STATUS_PUBLISHED ? "published" : "draft", 1);
	buf_addf(b, ",\"published\":%lld", (long long)it->published);
	snap_str(b, "title", it->title, 1);
	snap_str(b, "lead", it->lead, 1);
	snap_str(b, "body", it->body, 1);
	snap_str(b, "lang", it->lang, 1);
	snap_str(b, "slug", it->slug, 1);
	snap_str(b, "source_url", it->source_url, 1);
	snap_str(b, "source_title", it->source_title, 1);
	snap_str(b, "series", it->series, 1);
	buf_addf(b, ",\"part\":%d,\"tags\":[", it->part);
	for (size_t i = 0; i < it->ntags; i++) {
		buf_adds(b, i ? ",\"" : "\"");
		esc_json_s(b, it->tags[i]);
		buf_addc(b, '"');
	}
	buf_addc(b, ']');
	snap_str(b, "translation_key", it->translation_key, 1);
	buf_addf(b, ",\"embargo_until\":%lld,\"author_id\":%lld}", (long long)it->embargo_until,
		 (long long)it->author_id);
}

/* ---- reading ---- */

struct snap {
	const char *p;
	struct buf tmp;
};

static void snap_ws(struct snap *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		s->p++;
}

static int snap_hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void snap_utf8(struct buf *b, unsigned cp)
{
	unsigned char u[4];
	buf_add(b, u, utf8_encode(cp, u));
}

/* Reads a string into s->tmp (reset first). */
static int snap_string(struct snap *s)
{
	buf_reset(&s->tmp);
	if (*s->p != '"')
		return -1;
	s->p++;
	for (;;) {
		unsigned char c = (unsigned char)*s->p;
		if (c == '\0' || c < 0x20)
			return -1;
		if (c == '"') {
			s->p++;
			break;
		}
		if (c != '\\') {
			buf_addc(&s->tmp, (char)c);
			s->p++;
			continue;
		}
		char e = s->p[1];
		s->p += 2;
		switch (e) {
		case '"': buf_addc(&s->tmp, '"'); break;
		case '\\': buf_addc(&s->tmp, '\\'); break;
		case '/': buf_addc(&s->tmp, '/'); break;
		case 'b': buf_addc(&s->tmp, '\b'); break;
		case 'f': buf_addc(&s->tmp, '\f'); break;
		case 'n': buf_addc(&s->tmp, '\n'); break;
		case 'r': buf_addc(&s->tmp, '\r'); break;
		case 't': buf_addc(&s->tmp, '\t'); break;
		case 'u': {
			unsigned cp, lo;
			if (snap_hex4(s->p, &cp))
				return -1;
			s->p += 4;
			if (cp >= 0xD800 && cp < 0xDC00) {
				if (s->p[0] != '\\' || s->p[1] != 'u' || snap_hex4(s->p + 2, &lo) ||
				    lo < 0xDC00 || lo > 0xDFFF)
					return -1;
				s->p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp < 0xE000) {
				return -1;
			}
			if (cp == 0)
				return -1;
			snap_utf8(&s->tmp, cp);
			break;
		}
		default: return -1;
		}
	}
	return buf_failed(&s->tmp) ? -1 : 0;
}

static int snap_int(struct snap *s, long long *out)
{
	char *end;
	long long v = strtoll(s->p, &end, 10);
	if (end == s->p)
		return -1;
	s->p = end;
	*out = v;
	return 0;
}

/* Skips any value (for members this version does not know). */
static int snap_skip(struct snap *s, int depth)
{
	if (depth > 16)
		return -1;
	snap_ws(s);
	char c = *s->p;
	if (c == '"')
		return snap_string(s);
	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';
		s->p++;
		snap_ws(s);
		if (*s->p == close) {
			s->p++;
			return 0;
		}
		for (;;) {
			if (c == '{') {
				snap_ws(s);
				if (snap_string(s))
					return -1;
				snap_ws(s);
				if (*s->p++ != ':')
					return -1;
			}
			if (snap_skip(s, depth + 1))
				return -1;
			snap_ws(s);
			if (*s->p == ',') {
				s->p++;
				continue;
			}
			if (*s->p++ != close)
				return -1;
			return 0;
		}
	}
	if (!strncmp(s->p, "true", 4) || !strncmp(s->p, "null", 4)) {
		s->p += 4;
		return 0;
	}
	if (!strncmp(s->p, "false", 5)) {
		s->p += 5;
		return 0;
	}
	long long v;
	if (snap_int(s, &v))
		return -1;
	if (*s->p == '.' || *s->p == 'e' || *s->p == 'E') {
		char *end;
		strtod(s->p - 1, &end);
		s->p = end > s->p ? end : s->p + 1;
	}
	return 0;
}

static char **snap_field(struct item *it, const char *name)
{
	if (!strcmp(name, "title")) return &it->title;
	if (!strcmp(name, "lead")) return &it->lead;
	if (!strcmp(name, "body")) return &it->body;
	if (!strcmp(name, "lang")) return &it->lang;
	if (!strcmp(name, "slug")) return &it->slug;
	if (!strcmp(name, "source_url")) return &it->source_url;
	if (!strcmp(name, "source_title")) return &it->source_title;
	if (!strcmp(name, "series")) return &it->series;
	if (!strcmp(name, "translation_key")) return &it->translation_key;
	return NULL;
}

static int snap_member(struct snap *s, const char *name, struct item *it)
{
	char **f = snap_field(it, name);
	long long v;
	if (f || !strcmp(name, "kind") || !strcmp(name, "status")) {
		if (snap_string(s))
			return -1;
		const char *t = buf_str(&s->tmp);
		if (f)
			return item_set(f, t, s->tmp.len);
		if (!strcmp(name, "kind")) {
			int k = item_kind_parse(t, s->tmp.len);
			if (k < 0)
				return -1;
			it->kind = (enum item_kind)k;
		} else {
			it->status = !strcmp(t, "published") ? STATUS_PUBLISHED : STATUS_DRAFT;
		}
		return 0;
	}
	if (!strcmp(name, "tags")) {
		for (size_t i = 0; i < it->ntags; i++)
			free(it->tags[i]);
		it->ntags = 0;
		if (*s->p++ != '[')
			return -1;
		snap_ws(s);
		if (*s->p == ']') {
			s->p++;
			return 0;
		}
		for (;;) {
			snap_ws(s);
			if (snap_string(s))
				return -1;
			if (it->ntags < ITEM_MAX_TAGS &&
			    item_add_tag(it, buf_str(&s->tmp), s->tmp.len))
				return -1;
			snap_ws(s);
			if (*s->p == ',') {
				s->p++;
				continue;
			}
			return *s->p++ == ']' ? 0 : -1;
		}
	}
	if (!strcmp(name, "published") || !strcmp(name, "part") || !strcmp(name, "embargo_until") ||
	    !strcmp(name, "author_id")) {
		if (snap_int(s, &v))
			return -1;
		if (!strcmp(name, "published"))
			it->published = v;
		else if (!strcmp(name, "part"))
			it->part = v < 0 || v > 9999 ? 0 : (int)v;
		else if (!strcmp(name, "embargo_until"))
			it->embargo_until = v;
		else
			it->author_id = v;
		return 0;
	}
	return snap_skip(s, 1);
}

int nr_snapshot_read(const char *json, struct item *it)
{
	struct snap s = {.p = json ? json : ""};
	buf_init(&s.tmp, (size_t)16 << 20);
	struct buf name;
	buf_init(&name, 256);
	int rc = -1;
	snap_ws(&s);
	if (*s.p++ != '{')
		goto out;
	snap_ws(&s);
	if (*s.p == '}') {
		s.p++;
		rc = 0;
		goto out;
	}
	for (;;) {
		snap_ws(&s);
		if (snap_string(&s))
			goto out;
		buf_reset(&name);
		buf_add(&name, s.tmp.data ? s.tmp.data : "", s.tmp.len);
		snap_ws(&s);
		if (*s.p++ != ':')
			goto out;
		snap_ws(&s);
		if (snap_member(&s, buf_str(&name), it))
			goto out;
		snap_ws(&s);
		if (*s.p == ',') {
			s.p++;
			continue;
		}
		if (*s.p++ != '}')
			goto out;
		break;
	}
	snap_ws(&s);
	rc = *s.p ? -1 : 0;
out:
	buf_release(&s.tmp);
	buf_release(&name);
	return rc;
}
