/*
 * Hugo shortcodes and Jekyll Liquid tags rewritten as Markdown (shortcode.h).
 *
 * One pass over the body: text between tags is copied as it is; each tag is either
 * replaced, dropped or left in place and reported. Both tools run their tags
 * everywhere in a file, code blocks included, so this does too; their own escapes
 * (a comment mark just inside a shortcode's braces, {% raw %}) give their text as written.
 */
#include "shortcode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../render/escape.h"

/* A tag longer than this is not taken as one. */
#define SC_TAG_MAX 4096
/* Room for anything taken from one tag (its values, a path made of one). */
#define SC_BUF_MAX (SC_TAG_MAX * 2 + 64)
/* Arguments read of one shortcode; a tag with more is kept as text. */
#define SC_ARGS_MAX 16
/* Paired tags open at once whose closing tag is still to be dropped. */
#define SC_DEPTH_MAX 16
/* Bytes of a kept tag quoted in its report line. */
#define SC_SHOW_MAX 80
/* A Liquid output tag ({{ x }}) is read on one line of at most this many bytes. */
#define SC_OUT_MAX 256

struct sc_arg {
	const char *key;     /* NULL: a positional argument */
	size_t keyn;
	const char *val;     /* without its quotes */
	size_t valn;
	char quote;          /* '"': Go escapes apply; '`' or 0: as written */
};

struct sc_tag {
	const char *start, *end;  /* "{{<" ... past ">}}" */
	char delim;               /* '<' or '%' */
	int closing;              /* {{< /name >}} */
	const char *name;
	size_t namen;
	struct sc_arg args[SC_ARGS_MAX];
	size_t nargs;
};

/* A tag that may close another: where it starts and the name it carries. */
struct sc_mark {
	const char *name;
	size_t n;
	const char *at;
};

/* Every such tag of one dialect in the body, sorted by name then place. */
struct sc_marks {
	struct sc_mark *v;
	size_t n, cap;
	int built;
};

struct sc_run {
	struct shortcode_ctx *c;
	struct buf *out;
	const char *copied;   /* the body before this is in out, or dropped */
	const char *counted;  /* newlines are counted up to here */
	size_t line;          /* the line of counted */
	int changed;
	struct {
		const char *name;
		size_t n;
	} open[SC_DEPTH_MAX]; /* paired tags replaced, whose closing tag goes too */
	int nopen;
	const char *body;
	struct sc_marks marks[3]; /* closing tags: Hugo, Liquid, WordPress (sc_marks_find) */
	int oom;
	struct buf val;       /* an argument's value, decoded */
	struct buf url;       /* a resolved cross-reference */
};

/* ---------------------------------------------------------------- output */

static int sc_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static const char *sc_ws(const char *p)
{
	while (sc_space(*p))
		p++;
	return p;
}

/* needle in the first max bytes of p (a match may end after them), or NULL. */
static const char *sc_find(const char *p, size_t max, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i < max && p[i]; i++)
		if (p[i] == needle[0] && !strncmp(p + i, needle, n))
			return p + i;
	return NULL;
}

/* The same, but NULL as well when stop comes first: a tag never holds another's
 * opening, so a search that meets one ends there and the body is read once. */
static const char *sc_find_stop(const char *p, size_t max, const char *needle, const char *stop)
{
	size_t n = strlen(needle), sn = strlen(stop);
	for (size_t i = 0; i < max && p[i]; i++) {
		if (p[i] == needle[0] && !strncmp(p + i, needle, n))
			return p + i;
		if (p[i] == stop[0] && !strncmp(p + i, stop, sn))
			return NULL;
	}
	return NULL;
}

/* Where the line at p ends, looking at most max bytes ahead. */
static const char *sc_line_end(const char *p, size_t max)
{
	size_t i = 0;
	while (i < max && p[i] && p[i] != '\n')
		i++;
	return p + i;
}

/* Copies the body up to p into out. */
static void sc_flush(struct sc_run *r, const char *p)
{
	buf_add(r->out, r->copied, (size_t)(p - r->copied));
	r->copied = p;
}

/* The body from start to end is replaced by what is written to out next. */
static void sc_replace(struct sc_run *r, const char *start, const char *end)
{
	sc_flush(r, start);
	r->copied = end;
	r->changed = 1;
}

static size_t sc_line(struct sc_run *r, const char *p)
{
	for (; r->counted < p; r->counted++)
		r->line += *r->counted == '\n';
	return r->line;
}

/* s on one line, shortened to SC_SHOW_MAX bytes (at a character's start). */
static void sc_quote(struct buf *b, const char *s, size_t n)
{
	size_t shown = n > SC_SHOW_MAX ? SC_SHOW_MAX : n;
	while (shown < n && shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80)
		shown--;
	for (size_t i = 0; i < shown; i++)
		buf_addc(b, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
	if (shown < n)
		buf_lit(b, "...");
}

/* Appends "FILE:LINE: {{< tag >}} what" to the report, the tag quoted (sc_quote). */
static void sc_say(struct sc_run *r, const char *start, const char *end, const char *what)
{
	struct buf *b = r->c->report;
	buf_addf(b, "%s:%zu: ", r->c->name, sc_line(r, start));
	sc_quote(b, start, (size_t)(end - start));
	buf_adds(b, " ");
	buf_adds(b, what);
	buf_addc(b, '\n');
}

static void sc_keep(struct sc_run *r, const char *start, const char *end, const char *why)
{
	struct buf what;
	buf_init(&what, 512);
	buf_lit(&what, "kept as text: ");
	buf_adds(&what, why);
	sc_say(r, start, end, buf_str(&what));
	if (buf_failed(&what))
		r->c->report->err = what.err;
	buf_release(&what);
	r->c->kept++;
}

/* Text that Markdown must show as written: its ASCII punctuation that could
 * start a span is escaped, and line breaks become spaces. */
static void sc_md_text(struct buf *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r')
			c = ' ';
		else if (strchr("\\`*_[]<>&!~|", c) && c)
			buf_addc(o, '\\');
		buf_addc(o, c);
	}
}

/* A link destination: the bytes Markdown would end or split it at are %-encoded. */
static void sc_md_dest(struct buf *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == '<' || c == '>' || c == '(' || c == ')' || c == '\\' ||
		    c == 0x7F) {
			buf_addc(o, '%');
			buf_addc(o, hex[c >> 4]);
			buf_addc(o, hex[c & 15]);
		} else {
			buf_addc(o, (char)c);
		}
	}
}

/* A link title, between double quotes. */
static void sc_md_title(struct buf *o, const char *s, size_t n)
{
	buf_lit(o, " \"");
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r')
			c = ' ';
		else if (c == '"' || c == '\\')
			buf_addc(o, '\\');
		buf_addc(o, c);
	}
	buf_addc(o, '"');
}

/* code as a fenced block of language lang (may be empty), on lines of its own. */
static void sc_md_fence(struct sc_run *r, const char *lang, size_t langn, const char *code,
			size_t n, const char *after)
{
	struct buf *o = r->out;
	/* Hugo and Jekyll both drop the line break after the opening tag and the
	 * blank end before the closing one. */
	if (n && code[0] == '\r')
		code++, n--;
	if (n && code[0] == '\n')
		code++, n--;
	while (n && sc_space(code[n - 1]))
		n--;
	size_t run = 0, longest = 0;
	for (size_t i = 0; i < n; i++) {
		run = code[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	if (o->len && o->data[o->len - 1] != '\n')
		buf_addc(o, '\n');
	size_t fence = longest >= 3 ? longest + 1 : 3;
	for (size_t i = 0; i < fence; i++)
		buf_addc(o, '`');
	buf_add(o, lang, langn);
	buf_addc(o, '\n');
	buf_add(o, code, n);
	if (n)
		buf_addc(o, '\n');
	for (size_t i = 0; i < fence; i++)
		buf_addc(o, '`');
	if (*after && *after != '\n' && *after != '\r')
		buf_addc(o, '\n');
}

/* ---------------------------------------------------------------- closing tags */

static void sc_mark_add(struct sc_run *r, struct sc_marks *m, const char *name, size_t n,
			const char *at)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct sc_mark *v = realloc(m->v, cap * sizeof(*v));
		if (!v) {
			r->oom = 1;
			return;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = (struct sc_mark){name, n, at};
}

static int sc_mark_cmp(const void *a, const void *b)
{
	const struct sc_mark *x = a, *y = b;
	int c = memcmp(x->name, y->name, x->n < y->n ? x->n : y->n);
	if (c)
		return c;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * The first tag named name at or after p, from m, which build fills with every tag
 * of its dialect on the first call: finding a closing tag is then a binary search,
 * however many tags the body has and whether or not they are ever closed.
 */
static const char *sc_marks_find(struct sc_run *r, struct sc_marks *m,
				 void (*build)(struct sc_run *, struct sc_marks *), const char *name,
				 size_t n, const char *p)
{
	if (!m->built) {
		m->built = 1;
		build(r, m);
		if (m->n)
			qsort(m->v, m->n, sizeof(*m->v), sc_mark_cmp);
	}
	struct sc_mark key = {name, n, p};
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sc_mark_cmp(&m->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->v[lo].n == n && !memcmp(m->v[lo].name, name, n) ? m->v[lo].at
										: NULL;
}

/* ---------------------------------------------------------------- Hugo */

/* Whether p is the end of a tag opened with "{{" delim: ">}}" or "%}}". */
static int sc_close_at(const char *p, char delim)
{
	return p[0] == (delim == '<' ? '>' : '%') && p[1] == '}' && p[2] == '}';
}

static int sc_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '/' || c == '.';
}

/* A quoted value at p ('"' or '`'): its end quote, or NULL. */
static const char *sc_quoted_end(const char *p, const char *lim)
{
	char q = *p++;
	for (; *p && p < lim; p++) {
		if (q == '"' && *p == '\\' && p[1])
			p++;
		else if (*p == q)
			return p;
		else if (p[0] == '{' && p[1] == '{')
			return NULL; /* another tag's opening: this one was never closed */
	}
	return NULL;
}

/* Reads the shortcode tag at q ("{{<" or "{{%"). -1 when it is not a whole one. */
static int sc_hugo_parse(const char *q, struct sc_tag *t)
{
	const char *lim = q + SC_TAG_MAX;
	memset(t, 0, sizeof *t);
	t->start = q;
	t->delim = q[2];
	const char *p = sc_ws(q + 3);
	if (*p == '/') {
		t->closing = 1;
		p = sc_ws(p + 1);
	}
	t->name = p;
	while (p < lim && sc_name_char(*p) && !(*p == '/' && sc_close_at(p + 1, t->delim)))
		p++;
	t->namen = (size_t)(p - t->name);
	if (!t->namen || t->name[0] == '/')
		return -1;
	for (;;) {
		p = sc_ws(p);
		if (p >= lim)
			return -1;
		if (*p == '/' && sc_close_at(p + 1, t->delim))
			p++;
		if (sc_close_at(p, t->delim)) {
			t->end = p + 3;
			return 0;
		}
		if (!*p || p >= lim || t->nargs == SC_ARGS_MAX || t->closing)
			return -1;
		struct sc_arg *a = &t->args[t->nargs++];
		const char *k = p;
		while ((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		       (*k >= '0' && *k <= '9') || *k == '_' || *k == '-')
			k++;
		if (k > p && *k == '=') {
			a->key = p;
			a->keyn = (size_t)(k - p);
			p = k + 1;
		}
		if (*p == '"' || *p == '`') {
			const char *e = sc_quoted_end(p, lim);
			if (!e)
				return -1;
			a->quote = *p;
			a->val = p + 1;
			a->valn = (size_t)(e - p - 1);
			p = e + 1;
		} else {
			/* A tag does not hold another: "{{" means this one was never closed. */
			if (p[0] == '{' && p[1] == '{')
				return -1;
			a->val = p;
			while (*p && p < lim && !sc_space(*p) && !sc_close_at(p, t->delim) &&
			       !(*p == '/' && sc_close_at(p + 1, t->delim)) && !(p[0] == '{' && p[1] == '{'))
				p++;
			if (p >= lim)
				return -1;
			a->valn = (size_t)(p - a->val);
		}
	}
}

static int sc_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && !memcmp(s, name, n);
}

/* The argument named key, else the positional one at pos (-1: none); NULL if absent. */
static const struct sc_arg *sc_arg(const struct sc_tag *t, const char *key, int pos)
{
	int i = 0;
	for (size_t k = 0; k < t->nargs; k++) {
		const struct sc_arg *a = &t->args[k];
		if (a->key ? key && sc_is(a->key, a->keyn, key) : pos == i++)
			return a;
	}
	return NULL;
}

/* r->val = the argument's value, decoded; 0, or -1 when absent. */
static int sc_val(struct sc_run *r, const struct sc_tag *t, const char *key, int pos)
{
	const struct sc_arg *a = sc_arg(t, key, pos);
	buf_reset(&r->val);
	if (!a)
		return -1;
	for (size_t i = 0; i < a->valn; i++) {
		char c = a->val[i];
		if (a->quote == '"' && c == '\\' && i + 1 < a->valn) {
			c = a->val[++i];
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		buf_addc(&r->val, c);
	}
	buf_addc(&r->val, '\0');
	if (buf_failed(&r->val)) {
		/* Cannot happen within SC_TAG_MAX; if it did, the argument is not read. */
		buf_reset(&r->val);
		return -1;
	}
	r->val.len--;
	return 0;
}

/* Whether s[0..n) can be a fenced block's language: 1 to 64 letters, digits and
 * "_+#.-" (no backtick, no space: the fence line would end up something else). */
static int sc_lang_ok(const char *s, size_t n)
{
	if (!n || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || (s[i] && strchr("_+#.-", s[i]))))
			return 0;
	return 1;
}

/* Whether the value is 1 to 64 bytes of what charset allows ("a": letters and
 * digits, "-" and "_" too when dash). */
static int sc_id_ok(const struct buf *v, int digits_only, int dash)
{
	if (!v->len || v->len > 64)
		return 0;
	for (size_t i = 0; i < v->len; i++) {
		char c = v->data[i];
		int ok = (c >= '0' && c <= '9') ||
			 (!digits_only && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
					   (dash && (c == '-' || c == '_'))));
		if (!ok)
			return 0;
	}
	return 1;
}

static void sc_hugo_marks(struct sc_run *r, struct sc_marks *m)
{
	struct sc_tag t;
	for (const char *q = r->body; (q = strstr(q, "{{")); q++)
		if ((q[2] == '<' || q[2] == '%') && !sc_hugo_parse(q, &t) && t.closing)
			sc_mark_add(r, m, t.name, t.namen, q);
}

/* The first closing tag of name after p, or -1. */
static int sc_hugo_find_close(struct sc_run *r, const char *p, const char *name, size_t n,
			      struct sc_tag *close)
{
	const char *at = sc_marks_find(r, &r->marks[0], sc_hugo_marks, name, n, p);
	return at && !sc_hugo_parse(at, close) ? 0 : -1;
}

/* A link to a post elsewhere: "[title](url)" or "<url>". */
static void sc_link(struct sc_run *r, const char *title, size_t titlen, const char *url)
{
	if (titlen) {
		buf_addc(r->out, '[');
		sc_md_text(r->out, title, titlen);
		buf_lit(r->out, "](");
		sc_md_dest(r->out, url, strlen(url));
		buf_addc(r->out, ')');
	} else {
		buf_addc(r->out, '<');
		buf_adds(r->out, url);
		buf_addc(r->out, '>');
	}
}

static const char *sc_hugo_figure(struct sc_run *r, const struct sc_tag *t)
{
	struct buf src, alt, title, link, caption;
	buf_init(&src, SC_BUF_MAX);
	buf_init(&alt, SC_BUF_MAX);
	buf_init(&title, SC_BUF_MAX);
	buf_init(&link, SC_BUF_MAX);
	buf_init(&caption, SC_BUF_MAX);
	struct buf *dst[] = {&src, &alt, &title, &link, &caption};
	static const char *const keys[] = {"src", "alt", "title", "link", "caption"};
	for (size_t i = 0; i < 5; i++)
		if (!sc_val(r, t, keys[i], -1))
			buf_add(dst[i], r->val.data, r->val.len);
	if (!src.len) {
		sc_keep(r, t->start, t->end, "a figure without src");
	} else {
		sc_replace(r, t->start, t->end);
		/* Hugo's own figure takes its alt text from the caption when it has none. */
		const struct buf *a = alt.len ? &alt : caption.len ? &caption : &title;
		if (link.len)
			buf_addc(r->out, '[');
		buf_lit(r->out, "![");
		sc_md_text(r->out, a->data, a->len);
		buf_lit(r->out, "](");
		sc_md_dest(r->out, src.data, src.len);
		if (title.len)
			sc_md_title(r->out, title.data, title.len);
		buf_addc(r->out, ')');
		if (link.len) {
			buf_lit(r->out, "](");
			sc_md_dest(r->out, link.data, link.len);
			buf_addc(r->out, ')');
		}
		if (caption.len) {
			/* The caption is Markdown in Hugo too: a paragraph of its own. */
			buf_lit(r->out, "\n\n");
			buf_add(r->out, caption.data, caption.len);
		}
		r->c->rewritten[SC_FIGURE]++;
	}
	for (size_t i = 0; i < 5; i++)
		buf_release(dst[i]);
	return t->end;
}

/* youtube, vimeo, instagram, tweet, x, gist: a link to the post. 1 when name is none
 * of them. */
static int sc_hugo_post(struct sc_run *r, const struct sc_tag *t)
{
	char url[256];
	struct buf title;
	buf_init(&title, SC_BUF_MAX);
	const char *bad = NULL;
	enum shortcode_kind kind = SC_POST;
	if (sc_is(t->name, t->namen, "youtube") || sc_is(t->name, t->namen, "vimeo")) {
		int yt = t->name[0] == 'y';
		kind = SC_VIDEO;
		if (!sc_val(r, t, "title", -1))
			buf_add(&title, r->val.data, r->val.len);
		if (sc_val(r, t, "id", 0) || !sc_id_ok(&r->val, !yt, 1))
			bad = yt ? "a YouTube id is letters, digits, '-' and '_'"
				 : "a Vimeo id is digits";
		else
			snprintf(url, sizeof url, yt ? "https://www.youtube.com/watch?v=%s"
						   : "https://vimeo.com/%s",
				 r->val.data);
	} else if (sc_is(t->name, t->namen, "instagram")) {
		if (sc_val(r, t, "id", 0) || !sc_id_ok(&r->val, 0, 1))
			bad = "an Instagram id is letters, digits, '-' and '_'";
		else
			snprintf(url, sizeof url, "https://www.instagram.com/p/%s/", r->val.data);
	} else if (sc_is(t->name, t->namen, "tweet") || sc_is(t->name, t->namen, "x")) {
		char user[80] = "i";
		if (!sc_val(r, t, "user", -1)) {
			if (!sc_id_ok(&r->val, 0, 1) || r->val.len >= sizeof user)
				bad = "a user name is letters, digits and '_'";
			else
				memcpy(user, r->val.data, r->val.len + 1);
		}
		if (!bad && (sc_val(r, t, "id", 0) || !sc_id_ok(&r->val, 1, 0)))
			bad = "a post's id is digits";
		if (!bad)
			snprintf(url, sizeof url, "https://x.com/%s/status/%s", user, r->val.data);
	} else if (sc_is(t->name, t->namen, "gist")) {
		char user[80];
		if (sc_val(r, t, NULL, 0) || !sc_id_ok(&r->val, 0, 1) || r->val.len >= sizeof user) {
			bad = "a gist needs its user and id";
		} else {
			memcpy(user, r->val.data, r->val.len + 1);
			if (sc_val(r, t, NULL, 1) || !sc_id_ok(&r->val, 0, 0))
				bad = "a gist needs its user and id";
			else
				snprintf(url, sizeof url, "https://gist.github.com/%s/%s", user,
					 r->val.data);
		}
	} else {
		buf_release(&title);
		return 1;
	}
	if (bad) {
		sc_keep(r, t->start, t->end, bad);
	} else {
		sc_replace(r, t->start, t->end);
		sc_link(r, title.data, title.len, url);
		r->c->rewritten[kind]++;
	}
	buf_release(&title);
	return 0;
}

/* ref and relref: the path of the item the file named becomes. */
static void sc_cross_ref(struct sc_run *r, const char *start, const char *end, const char *ref)
{
	const char *hash = strchr(ref, '#');
	size_t n = hash ? (size_t)(hash - ref) : strlen(ref);
	struct buf path;
	buf_init(&path, SC_BUF_MAX);
	buf_add(&path, ref, n);
	int rc = SC_REF_NONE;
	buf_reset(&r->url);
	if (!n && hash)
		rc = 0; /* "#anchor": on the same page */
	else if (n && r->c->resolve)
		rc = r->c->resolve(r->c->resolve_ctx, r->c->name, buf_str(&path), &r->url);
	if (rc == 0) {
		sc_replace(r, start, end);
		buf_add(r->out, r->url.data, r->url.len);
		if (hash)
			sc_md_dest(r->out, hash, strlen(hash));
		r->c->rewritten[SC_REF]++;
	} else {
		struct buf why;
		buf_init(&why, 512);
		buf_adds(&why, rc == SC_REF_MANY ? "'" : "no imported file is '");
		sc_quote(&why, path.data, path.len);
		buf_adds(&why, rc == SC_REF_MANY ? "' names more than one imported file" : "'");
		sc_keep(r, start, end, buf_str(&why));
		buf_release(&why);
	}
	buf_release(&path);
}

/* Drops the opening tag t of a paired shortcode whose closing tag comes later, which
 * goes when it is reached. */
static void sc_open_pair(struct sc_run *r, const struct sc_tag *t)
{
	sc_replace(r, t->start, t->end);
	r->open[r->nopen].name = t->name;
	r->open[r->nopen].n = t->namen;
	r->nopen++;
}

static const char *sc_hugo(struct sc_run *r, const char *q)
{
	const char *p = sc_ws(q + 3);
	char d = q[2];
	if (p[0] == '/' && p[1] == '*') {
		/* A comment mark just inside the braces: Hugo's escape, shown without it. */
		const char *e = p + 2, *lim = q + SC_TAG_MAX;
		while (e < lim && (e = sc_find_stop(e, (size_t)(lim - e), "*/", "{{")) &&
		       !sc_close_at(sc_ws(e + 2), d))
			e += 2;
		if (!e || e >= lim)
			return q + 3;
		const char *end = sc_ws(e + 2) + 3;
		sc_replace(r, q, end);
		buf_addc(r->out, '{');
		buf_addc(r->out, '{');
		buf_addc(r->out, d);
		buf_add(r->out, p + 2, (size_t)(e - p - 2));
		buf_addc(r->out, d == '<' ? '>' : '%');
		buf_lit(r->out, "}}");
		r->c->rewritten[SC_RAW]++;
		return end;
	}
	struct sc_tag t, close;
	if (sc_hugo_parse(q, &t)) {
		sc_keep(r, q, sc_line_end(q, SC_SHOW_MAX + 1),
			d == '<' ? "no \">}}\" closes it within 4 KiB"
				 : "no \"%}}\" closes it within 4 KiB");
		return q + 3;
	}
	if (t.closing) {
		if (r->nopen && r->open[r->nopen - 1].n == t.namen &&
		    !memcmp(r->open[r->nopen - 1].name, t.name, t.namen)) {
			r->nopen--;
			sc_replace(r, t.start, t.end);
		} else {
			sc_keep(r, t.start, t.end, "a closing tag without its opening one");
		}
		return t.end;
	}
	if (sc_is(t.name, t.namen, "figure"))
		return sc_hugo_figure(r, &t);
	if (!sc_hugo_post(r, &t))
		return t.end;
	if (sc_is(t.name, t.namen, "ref") || sc_is(t.name, t.namen, "relref")) {
		if (sc_val(r, &t, "path", 0))
			sc_keep(r, t.start, t.end, "a reference without a path");
		else
			sc_cross_ref(r, t.start, t.end, buf_str(&r->val));
		return t.end;
	}
	int paired = !sc_hugo_find_close(r, t.end, t.name, t.namen, &close);
	if (sc_is(t.name, t.namen, "highlight") || sc_is(t.name, t.namen, "comment")) {
		if (!paired) {
			sc_keep(r, t.start, t.end, "its closing tag is missing");
			return t.end;
		}
		sc_replace(r, t.start, close.end);
		if (t.name[0] == 'h') {
			if (sc_val(r, &t, NULL, 0) || !sc_lang_ok(r->val.data, r->val.len))
				buf_reset(&r->val);
			sc_md_fence(r, r->val.data, r->val.len, t.end, (size_t)(close.start - t.end),
				    close.end);
			r->c->rewritten[SC_HIGHLIGHT]++;
		} else {
			r->c->rewritten[SC_COMMENT]++;
		}
		return close.end;
	}
	int details = sc_is(t.name, t.namen, "details");
	if (!paired) {
		/* One standing alone makes something of its arguments that Markdown has no
		 * words for (a gallery, a map, a form). */
		sc_keep(r, t.start, t.end,
			details ? "its closing tag is missing"
				: "pressroom has no Markdown for this shortcode; edit the item");
		return t.end;
	}
	if (r->nopen == SC_DEPTH_MAX) {
		sc_keep(r, t.start, t.end, "nested too deep");
		return t.end;
	}
	/* A pair frames its text (a notice, a tab, a column): the text stays. */
	sc_open_pair(r, &t);
	if (details) {
		if (!sc_val(r, &t, "summary", -1) && r->val.len) {
			buf_lit(r->out, "**");
			sc_md_text(r->out, r->val.data, r->val.len);
			buf_lit(r->out, "**\n\n");
		}
		r->c->rewritten[SC_DETAILS]++;
	} else {
		sc_say(r, t.start, t.end, "and its closing tag are dropped, the text between them kept");
		r->c->rewritten[SC_WRAPPER]++;
	}
	return t.end;
}

/* ---------------------------------------------------------------- Liquid */

struct sc_liquid {
	const char *start, *end;  /* "{%" ... past "%}" */
	const char *name;
	size_t namen;
	const char *args;         /* trimmed */
	size_t argsn;
};

static int sc_liquid_parse(const char *q, struct sc_liquid *t)
{
	const char *p = q + 2, *lim = q + SC_TAG_MAX;
	if (*p == '-')
		p++;
	p = sc_ws(p);
	t->start = q;
	t->name = p;
	while ((*p >= 'a' && *p <= 'z') || *p == '_')
		p++;
	t->namen = (size_t)(p - t->name);
	const char *e = sc_find_stop(p, SC_TAG_MAX, "%}", "{%");
	if (!t->namen || !e || e > lim)
		return -1;
	t->end = e + 2;
	if (e > p && e[-1] == '-')
		e--;
	p = sc_ws(p);
	while (e > p && sc_space(e[-1]))
		e--;
	t->args = p;
	t->argsn = e > p ? (size_t)(e - p) : 0;
	return 0;
}

static void sc_liquid_marks(struct sc_run *r, struct sc_marks *m)
{
	struct sc_liquid t;
	for (const char *q = r->body; (q = strstr(q, "{%")); q++)
		if (!sc_liquid_parse(q, &t))
			sc_mark_add(r, m, t.name, t.namen, q);
}

/* The first {% endNAME %} after p. */
static int sc_liquid_find_end(struct sc_run *r, const char *p, const char *end_name,
			      struct sc_liquid *t)
{
	const char *at =
		sc_marks_find(r, &r->marks[1], sc_liquid_marks, end_name, strlen(end_name), p);
	return at && !sc_liquid_parse(at, t) ? 0 : -1;
}

static const char *sc_liquid_tag(struct sc_run *r, const char *q)
{
	struct sc_liquid t, end;
	if (sc_liquid_parse(q, &t))
		return q + 2;
	static const char *const blocks[][2] = {
		{"raw", "endraw"}, {"comment", "endcomment"}, {"highlight", "endhighlight"}};
	for (size_t i = 0; i < 3; i++) {
		if (!sc_is(t.name, t.namen, blocks[i][0]))
			continue;
		if (sc_liquid_find_end(r, t.end, blocks[i][1], &end)) {
			sc_keep(r, t.start, t.end, "its end tag is missing");
			return t.end;
		}
		sc_replace(r, t.start, end.end);
		const char *in = t.end;
		size_t n = (size_t)(end.start - t.end);
		if (i == 0) {
			buf_add(r->out, in, n);
			r->c->rewritten[SC_RAW]++;
		} else if (i == 1) {
			r->c->rewritten[SC_COMMENT]++;
		} else {
			size_t ln = 0;
			while (ln < t.argsn && !sc_space(t.args[ln]))
				ln++;
			sc_md_fence(r, t.args, sc_lang_ok(t.args, ln) ? ln : 0, in, n, end.end);
			r->c->rewritten[SC_HIGHLIGHT]++;
		}
		return end.end;
	}
	if (sc_is(t.name, t.namen, "post_url") || sc_is(t.name, t.namen, "link")) {
		char ref[1024];
		const char *a = t.args;
		size_t n = t.argsn;
		if (n >= 2 && (a[0] == '"' || a[0] == '\'') && a[n - 1] == a[0])
			a++, n -= 2;
		if (!n || n >= sizeof ref || memchr(a, '{', n) || memchr(a, ' ', n)) {
			sc_keep(r, t.start, t.end, "a reference pressroom cannot read");
		} else {
			memcpy(ref, a, n);
			ref[n] = '\0';
			sc_cross_ref(r, t.start, t.end, ref);
		}
		return t.end;
	}
	sc_keep(r, t.start, t.end, "Liquid tags are not run; edit the item");
	return t.end;
}

/* {{ site.baseurl }}, {{ site.url }}: nothing, links stay on the site. {{ "/x" |
 * relative_url }} and absolute_url: /x. Anything else that looks like Liquid is
 * kept and said; "{{" followed by something else is left alone. */
static const char *sc_liquid_out(struct sc_run *r, const char *q)
{
	const char *p = q + 2;
	if (*p == '-')
		p++;
	p = sc_ws(p);
	const char *e = sc_find(p, SC_OUT_MAX, "}}"), *nl = e ? memchr(p, '\n', (size_t)(e - p)) : NULL;
	if (!e || nl)
		return q + 1;
	const char *end = e + 2;
	if (e > p && e[-1] == '-')
		e--;
	while (e > p && sc_space(e[-1]))
		e--;
	size_t n = (size_t)(e - p);
	if (sc_is(p, n, "site.baseurl") || sc_is(p, n, "site.url")) {
		sc_replace(r, q, end);
		r->c->rewritten[SC_SITE_URL]++;
		return end;
	}
	if ((*p == '"' || *p == '\'') && n > 2) {
		const char *close = memchr(p + 1, *p, n - 1);
		if (close) {
			const char *f = close + 1;
			while (f < e && sc_space(*f))
				f++;
			if (f < e && *f == '|') {
				f++;
				while (f < e && sc_space(*f))
					f++;
				if (sc_is(f, (size_t)(e - f), "relative_url") ||
				    sc_is(f, (size_t)(e - f), "absolute_url")) {
					sc_replace(r, q, end);
					buf_add(r->out, p + 1, (size_t)(close - p - 1));
					r->c->rewritten[SC_SITE_URL]++;
					return end;
				}
			}
		}
	}
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' || *p == '"' ||
	    *p == '\'') {
		sc_keep(r, q, end, "Liquid output is not run; edit the item");
		return end;
	}
	return q + 1; /* not Liquid; "{{{<" holds a shortcode at q + 1 */
}

/* ---------------------------------------------------------------- WordPress */

/* [name attrs], [name attrs /] or [name attrs]inner[/name], as WordPress reads them. */
struct sc_wp {
	struct sc_tag t;          /* start, end (past the closing tag when enclosing), name, args */
	const char *inner;        /* the enclosed HTML, or NULL */
	size_t innern;
};

static int sc_wp_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* WordPress's attribute forms: name="v", name='v', name=v, "v", v. -1 if more than
 * SC_ARGS_MAX. */
static int sc_wp_args(struct sc_tag *t, const char *p, const char *end)
{
	while (p < end) {
		while (p < end && sc_space(*p))
			p++;
		if (p == end)
			break;
		if (t->nargs == SC_ARGS_MAX)
			return -1;
		struct sc_arg *a = &t->args[t->nargs++];
		const char *k = p;
		while (k < end && sc_wp_name_char(*k))
			k++;
		if (k > p && k < end && *k == '=') {
			a->key = p;
			a->keyn = (size_t)(k - p);
			p = k + 1;
		}
		if (p < end && (*p == '"' || *p == '\'')) {
			const char *e = memchr(p + 1, *p, (size_t)(end - p - 1));
			if (!e)
				e = end;
			a->val = p + 1;
			a->valn = (size_t)(e - p - 1);
			p = e < end ? e + 1 : end;
		} else {
			a->val = p;
			while (p < end && !sc_space(*p))
				p++;
			a->valn = (size_t)(p - a->val);
		}
	}
	return 0;
}

/* The length of the name of a WordPress closing tag at q ("[/name]"), or 0. */
static size_t sc_wp_close_name(const char *q)
{
	size_t n = 0;
	while (n < 64 && sc_wp_name_char(q[2 + n]))
		n++;
	return n && q[2 + n] == ']' ? n : 0;
}

static void sc_wp_marks(struct sc_run *r, struct sc_marks *m)
{
	for (const char *q = r->body; (q = strstr(q, "[/")); q++) {
		size_t n = sc_wp_close_name(q);
		if (n)
			sc_mark_add(r, m, q + 2, n, q);
	}
}

/* The closing tag "[/name]" after p, or NULL. */
static const char *sc_wp_find_close(struct sc_run *r, const char *p, const char *name, size_t n)
{
	return sc_marks_find(r, &r->marks[2], sc_wp_marks, name, n, p);
}

/* The tag at q ('['), with what it encloses when its closing tag follows; -1 when
 * it is not one. */
static int sc_wp_parse(struct sc_run *r, const char *q, struct sc_wp *w)
{
	memset(w, 0, sizeof *w);
	struct sc_tag *t = &w->t;
	t->start = q;
	t->name = q + 1;
	const char *p = t->name;
	while (sc_wp_name_char(*p) && p - q < 64)
		p++;
	t->namen = (size_t)(p - t->name);
	/* "[youtube=URL]" is Jetpack's. */
	if (!t->namen || (*p != ']' && *p != '/' && *p != '=' && !sc_space(*p)))
		return -1;
	const char *e = p;
	while (*e && *e != ']' && *e != '[' && e - q < SC_TAG_MAX)
		e++;
	if (*e != ']')
		return -1;
	int self = e > p && e[-1] == '/';
	if (sc_wp_args(t, p, self ? e - 1 : e))
		return -1;
	t->end = e + 1;
	const char *close = self ? NULL : sc_wp_find_close(r, t->end, t->name, t->namen);
	if (close) {
		w->inner = t->end;
		w->innern = (size_t)(close - t->end);
		t->end = close + 3 + t->namen;
	}
	return 0;
}

/* w becomes a paragraph holding a link to url (http or https only); -1 if url is
 * not one. */
static int sc_wp_link(struct sc_run *r, const struct sc_wp *w, const char *url, size_t n)
{
	while (n && sc_space(*url))
		url++, n--;
	while (n && sc_space(url[n - 1]))
		n--;
	if (!((n > 7 && !strncmp(url, "http://", 7)) || (n > 8 && !strncmp(url, "https://", 8))) ||
	    memchr(url, '<', n) || memchr(url, '"', n) || memchr(url, ' ', n) || memchr(url, '\n', n))
		return -1;
	sc_replace(r, w->t.start, w->t.end);
	buf_lit(r->out, "<p><a href=\"");
	esc_attr(r->out, url, n);
	buf_lit(r->out, "\">");
	esc_html(r->out, url, n);
	buf_lit(r->out, "</a></p>");
	return 0;
}

/* [caption]<a><img></a> Text[/caption]: a figure, the text after the image its
 * caption (or the caption attribute, as older versions wrote it). */
static int sc_wp_caption(struct sc_run *r, const struct sc_wp *w)
{
	if (!w->inner)
		return -1;
	const char *in = w->inner, *end = in + w->innern, *img = NULL;
	for (const char *p = in; p + 4 < end && !img; p++)
		if (!strncasecmp(p, "<img", 4) && (sc_space(p[4]) || p[4] == '/' || p[4] == '>'))
			img = p;
	const char *after = img ? memchr(img, '>', (size_t)(end - img)) : NULL;
	if (!after)
		return -1;
	after++;
	const char *a = after;
	while (a < end && sc_space(*a))
		a++;
	if (end - a >= 4 && !strncasecmp(a, "</a>", 4))
		after = a + 4;
	sc_replace(r, w->t.start, w->t.end);
	buf_lit(r->out, "<figure>");
	buf_add(r->out, in, (size_t)(after - in));
	const char *cap = after;
	size_t capn = (size_t)(end - after);
	while (capn && sc_space(*cap))
		cap++, capn--;
	buf_lit(r->out, "<figcaption>");
	if (capn)
		buf_add(r->out, cap, capn);
	else if (!sc_val(r, &w->t, "caption", -1))
		esc_html(r->out, r->val.data, r->val.len);
	buf_lit(r->out, "</figcaption></figure>");
	return 0;
}

/* The URL of [youtube URL], [youtube=URL] (Jetpack), [vimeo ID] or [vimeo URL]. */
static int sc_wp_video(struct sc_run *r, const struct sc_wp *w, int vimeo)
{
	if (sc_val(r, &w->t, NULL, 0))
		return -1;
	const char *v = r->val.data;
	size_t n = r->val.len;
	if (n && v[0] == '=')
		v++, n--;
	struct buf id = {.data = (char *)v, .len = n};
	if (vimeo && sc_id_ok(&id, 1, 0)) {
		char url[96];
		snprintf(url, sizeof url, "https://vimeo.com/%.*s", (int)n, v);
		return sc_wp_link(r, w, url, strlen(url));
	}
	return sc_wp_link(r, w, v, n);
}

/* [video src=...], [audio mp3=...]: a link to the file. */
static int sc_wp_media(struct sc_run *r, const struct sc_wp *w)
{
	static const char *const srcs[] = {"src", "mp4", "m4v", "webm", "ogv",
					   "mp3", "ogg", "wav", "m4a",	"flac"};
	for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++)
		if (!sc_val(r, &w->t, srcs[i], -1) && !sc_wp_link(r, w, r->val.data, r->val.len))
			return 0;
	return -1;
}

/* [gallery ids="7,8,9"]: a paragraph of those attachments' images, in that order.
 * 0 done; 1 kept and said (no image found); -1 not one pressroom reads (no ids). */
static int sc_wp_gallery(struct sc_run *r, const struct sc_wp *w)
{
	if (sc_val(r, &w->t, "ids", -1) || !r->val.len)
		return -1;
	struct buf html;
	buf_init(&html, SC_BUF_MAX * 8);
	size_t found = 0, missing = 0;
	char ids[SC_BUF_MAX];
	snprintf(ids, sizeof ids, "%s", r->val.data);
	for (char *p = ids; *p;) {
		size_t n = strcspn(p, ",");
		char id[32];
		size_t k = 0;
		for (size_t i = 0; i < n && k + 1 < sizeof id; i++)
			if (!sc_space(p[i]))
				id[k++] = p[i];
		id[k] = '\0';
		const char *alt = "";
		const char *url = k ? r->c->attachment(r->c->attachment_ctx, id, &alt) : NULL;
		if (url) {
			buf_adds(&html, found ? " <img src=\"" : "<p><img src=\"");
			esc_attr_s(&html, url);
			buf_lit(&html, "\" alt=\"");
			esc_attr_s(&html, alt ? alt : "");
			buf_lit(&html, "\">");
			found++;
		} else if (k) {
			missing++;
		}
		p += n + (p[n] == ',');
	}
	int rc = 0;
	if (!found) {
		sc_keep(r, w->t.start, w->t.end, "none of its images is in the export; edit the item");
		rc = 1;
	} else {
		buf_lit(&html, "</p>");
		sc_replace(r, w->t.start, w->t.end);
		buf_add(r->out, html.data, html.len);
		if (missing) {
			char said[120];
			snprintf(said, sizeof said, "became %zu image%s; %zu of its ids %s not in the export",
				 found, found == 1 ? "" : "s", missing, missing == 1 ? "is" : "are");
			sc_say(r, w->t.start, w->t.end, said);
		}
	}
	if (buf_failed(&html))
		r->oom = 1;
	buf_release(&html);
	return rc;
}

static const char *sc_wp(struct sc_run *r, const char *q)
{
	static const char *const known[] = {"caption", "wp_caption", "embed",   "youtube", "vimeo",
					    "video",   "audio",	     "gallery", "playlist"};
	enum { K_CAPTION, K_WP_CAPTION, K_EMBED, K_YOUTUBE, K_VIMEO, K_VIDEO, K_AUDIO, K_GALLERY,
	       K_PLAYLIST, K_NONE };
	struct sc_wp w;
	if (q[1] == '/') {
		/* The closing tag of a pair whose opening tag was dropped goes too; one of
		 * an open pair out of order stays, said. Other "[/x]" are text. */
		size_t n = sc_wp_close_name(q);
		const char *end = q + 3 + n;
		if (!n)
			return q + 1;
		if (r->nopen && r->open[r->nopen - 1].n == n &&
		    !memcmp(r->open[r->nopen - 1].name, q + 2, n)) {
			r->nopen--;
			sc_replace(r, q, end);
			return end;
		}
		for (int i = 0; i < r->nopen; i++)
			if (r->open[i].n == n && !memcmp(r->open[i].name, q + 2, n)) {
				sc_keep(r, q, end, "a closing tag out of order");
				break;
			}
		return end;
	}
	int esc = q[1] == '[';
	if (sc_wp_parse(r, q + esc, &w))
		return q + 1;
	size_t k = 0;
	while (k < K_NONE && !sc_is(w.t.name, w.t.namen, known[k]))
		k++;
	if (esc) {
		/* [[caption]]: WordPress's escape, shown as [caption]. */
		if (k == K_NONE || *w.t.end != ']')
			return q + 2;
		sc_replace(r, q, w.t.end + 1);
		buf_add(r->out, q + 1, (size_t)(w.t.end - q - 1));
		r->c->rewritten[SC_RAW]++;
		return w.t.end + 1;
	}
	if (k == K_NONE) {
		if (w.inner && r->nopen < SC_DEPTH_MAX) {
			/* A page builder's row or column, a plugin's box: its text stays, and
			 * is read on. */
			sc_replace(r, w.t.start, w.inner);
			r->open[r->nopen].name = w.t.name;
			r->open[r->nopen].n = w.t.namen;
			r->nopen++;
			sc_say(r, w.t.start, w.inner,
			       "and its closing tag are dropped, the text between them kept");
			r->c->rewritten[SC_WRAPPER]++;
			return w.inner;
		}
		/* [sic], [1]: brackets in the text. Only a tag with named attributes is a
		 * plugin's for sure. */
		if (w.t.nargs && w.t.args[0].key)
			sc_keep(r, w.t.start, w.t.end,
				"pressroom has no HTML for this shortcode; edit the item");
		return w.t.end;
	}
	int ok = -1;
	enum shortcode_kind kind = SC_VIDEO;
	if (k == K_CAPTION || k == K_WP_CAPTION) {
		ok = sc_wp_caption(r, &w);
		kind = SC_FIGURE;
	} else if (k == K_EMBED) {
		ok = w.inner ? sc_wp_link(r, &w, w.inner, w.innern) : -1;
	} else if (k == K_YOUTUBE || k == K_VIMEO) {
		ok = sc_wp_video(r, &w, k == K_VIMEO);
	} else if (k == K_VIDEO || k == K_AUDIO) {
		ok = sc_wp_media(r, &w);
	} else if (k == K_GALLERY && r->c->attachment) {
		ok = sc_wp_gallery(r, &w);
		kind = SC_GALLERY;
		if (ok > 0)
			return w.t.end; /* said there */
	}
	if (!ok)
		r->c->rewritten[kind]++;
	else
		sc_keep(r, w.t.start, w.t.end,
			k == K_GALLERY || k == K_PLAYLIST
				? "its files are attachments, which are not imported; edit the item"
				: "pressroom cannot read it; edit the item");
	return w.t.end;
}

/* ---------------------------------------------------------------- whole body */

static int sc_rewrite(struct shortcode_ctx *c, const char *body, struct buf *out, int wp)
{
	struct sc_run r = {
		.c = c, .out = out, .copied = body, .counted = body, .line = c->line, .body = body};
	buf_init(&r.val, SC_BUF_MAX);
	buf_init(&r.url, SC_BUF_MAX);
	buf_reset(out);
	for (const char *p = body; (p = strchr(p, wp ? '[' : '{'));) {
		if (wp)
			p = sc_wp(&r, p);
		else if (p[1] == '{' && (p[2] == '<' || p[2] == '%'))
			p = sc_hugo(&r, p);
		else if (p[1] == '%')
			p = sc_liquid_tag(&r, p);
		else if (p[1] == '{')
			p = sc_liquid_out(&r, p);
		else
			p++;
	}
	int failed = r.oom || buf_failed(c->report) || buf_failed(&r.val) || buf_failed(&r.url);
	buf_release(&r.val);
	buf_release(&r.url);
	for (size_t i = 0; i < 3; i++)
		free(r.marks[i].v);
	if (!r.changed) {
		buf_reset(out);
		return failed ? -1 : 0;
	}
	sc_flush(&r, body + strlen(body));
	return failed || buf_failed(out) ? -1 : 1;
}

int shortcode_rewrite(struct shortcode_ctx *c, const char *body, struct buf *out)
{
	return sc_rewrite(c, body, out, 0);
}

int shortcode_rewrite_wp(struct shortcode_ctx *c, const char *html, struct buf *out)
{
	return sc_rewrite(c, html, out, 1);
}

void shortcode_said(const struct shortcode_ctx *c, const char *name, const char *as,
		    struct buf *info)
{
	static const char *const names[SC_NKINDS] = {
		[SC_FIGURE] = "figures",
		[SC_VIDEO] = "videos and media",
		[SC_POST] = "posts elsewhere (tweet, instagram, gist)",
		[SC_HIGHLIGHT] = "code blocks",
		[SC_DETAILS] = "details",
		[SC_REF] = "cross-references",
		[SC_COMMENT] = "comments (dropped)",
		[SC_RAW] = "raw or escaped text",
		[SC_WRAPPER] = "other paired tags (tags dropped)",
		[SC_SITE_URL] = "site URLs",
		[SC_GALLERY] = "galleries",
	};
	int first = 1;
	for (size_t i = 0; i < SC_NKINDS; i++) {
		if (!c->rewritten[i])
			continue;
		if (first)
			buf_addf(info, "%s: tags rewritten as %s: ", name, as);
		buf_addf(info, "%s%s %zu", first ? "" : ", ", names[i], c->rewritten[i]);
		first = 0;
	}
	if (!first)
		buf_addc(info, '\n');
	if (c->kept)
		buf_addf(info, "%s: %zu tag%s kept as text (listed above)\n", name, c->kept,
			 c->kept == 1 ? "" : "s");
}
