/*
 * TOML front matter (Hugo's "+++" blocks) as the YAML the front matter reader takes:
 * see fm_toml.h. One pass over the block with a cursor; every output line stands for
 * the input line of the same number, so messages name the file's lines.
 */
#include "fm_toml.h"

#include <string.h>

struct toml {
	const char *s;
	size_t n, i;
	size_t line;       /* 1-based, within the block */
	struct buf *out;   /* the YAML; NULL while a value is only skipped */
	const char *why;
	size_t why_line;
};

/* The first mistake, on line (a construct never closed: the line it starts on). */
static int toml_fail_at(struct toml *t, size_t line, const char *why)
{
	if (!t->why) {
		t->why = why;
		t->why_line = line;
	}
	return -1;
}

static int toml_fail(struct toml *t, const char *why)
{
	return toml_fail_at(t, t->line, why);
}

static void toml_put(struct toml *t, const char *p, size_t n)
{
	if (t->out)
		buf_add(t->out, p, n);
}

static void toml_putc(struct toml *t, char c)
{
	if (t->out)
		buf_addc(t->out, c);
}

static int toml_at(const struct toml *t, const char *w)
{
	size_t k = strlen(w);
	return t->n - t->i >= k && !memcmp(t->s + t->i, w, k);
}

/* Spaces and tabs; with lines, also newlines and comments (inside an array). */
static void toml_blank(struct toml *t, int lines)
{
	while (t->i < t->n) {
		char c = t->s[t->i];
		if (c == ' ' || c == '\t' || c == '\r') {
			t->i++;
		} else if (lines && c == '\n') {
			t->i++;
			t->line++;
		} else if (lines && c == '#') {
			while (t->i < t->n && t->s[t->i] != '\n')
				t->i++;
		} else {
			break;
		}
	}
}

/* Past a string's opening quote q (or three: 1 returned, a multi-line string, whose
 * newline right after the quotes is not part of it); the YAML scalar's quote out. */
static int toml_open(struct toml *t, char q)
{
	char three[4] = {q, q, q, '\0'};
	int multi = toml_at(t, three);
	t->i += multi ? 3 : 1;
	if (multi && toml_at(t, "\r\n"))
		t->i++;
	if (multi && t->i < t->n && t->s[t->i] == '\n') {
		t->i++;
		t->line++;
	}
	toml_putc(t, '"');
	return multi;
}

/* 1 after the string's closing quote(s), if they are here: three end a multi-line
 * one, and up to two more before them are content (written as lit). */
static int toml_close(struct toml *t, char q, int multi, const char *lit)
{
	char three[4] = {q, q, q, '\0'};
	if (!(multi ? toml_at(t, three) : t->s[t->i] == q))
		return 0;
	while (multi && t->i + 3 < t->n && t->s[t->i + 3] == q) {
		toml_put(t, lit, strlen(lit));
		t->i++;
	}
	t->i += multi ? 3 : 1;
	toml_putc(t, '"');
	return 1;
}

/* A basic string ("..." with TOML's escapes, which YAML's double quotes share) or a
 * multi-line one ("""..."""), written as a YAML double-quoted scalar. */
static int toml_basic(struct toml *t)
{
	size_t from = t->line;
	int multi = toml_open(t, '"');
	for (;;) {
		if (t->i >= t->n)
			return toml_fail_at(t, from, "a string is never closed");
		char c = t->s[t->i];
		if (toml_close(t, '"', multi, "\\\""))
			return 0;
		if (c == '\n') {
			if (!multi)
				return toml_fail(t, "a string is never closed on its line");
			toml_put(t, "\\n", 2);
			t->i++;
			t->line++;
		} else if (c == '\\') {
			if (t->i + 1 >= t->n)
				return toml_fail_at(t, from, "a string is never closed");
			char e = t->s[t->i + 1];
			size_t k = t->i + 1;
			while (multi && k < t->n && (t->s[k] == ' ' || t->s[k] == '\t' || t->s[k] == '\r'))
				k++;
			if (multi && k < t->n && t->s[k] == '\n') {
				/* A line-ending backslash: the newline and the blanks after it go
				 * (a '#' after them is text: there are no comments in a string). */
				t->i = k;
				while (t->i < t->n && strchr(" \t\r\n", t->s[t->i])) {
					t->line += t->s[t->i] == '\n';
					t->i++;
				}
				continue;
			}
			if (!strchr("btnfr\"\\uU", e))
				return toml_fail(t, "a string has an escape TOML does not know");
			toml_put(t, t->s + t->i, 2);
			t->i += 2;
		} else if (c == '\t' || (unsigned char)c >= 0x20) {
			if (c == '"')
				toml_put(t, "\\\"", 2);
			else
				toml_putc(t, c);
			t->i++;
		} else if (c == '\r') {
			t->i++;
		} else {
			return toml_fail(t, "a control character in a string");
		}
	}
}

/* A literal string ('...', '''...''': no escapes), as a YAML double-quoted scalar. */
static int toml_literal(struct toml *t)
{
	size_t from = t->line;
	int multi = toml_open(t, '\'');
	for (;;) {
		if (t->i >= t->n)
			return toml_fail_at(t, from, "a string is never closed");
		char c = t->s[t->i];
		if (toml_close(t, '\'', multi, "'"))
			return 0;
		if (c == '\n') {
			if (!multi)
				return toml_fail(t, "a string is never closed on its line");
			toml_put(t, "\\n", 2);
			t->line++;
		} else if (c == '"' || c == '\\') {
			toml_putc(t, '\\');
			toml_putc(t, c);
		} else if (c != '\r') {
			toml_putc(t, c);
		}
		t->i++;
	}
}

static int toml_value(struct toml *t, int depth);

/* [a, b, ...] over any number of lines, as a YAML flow sequence on one. */
static int toml_array(struct toml *t, int depth)
{
	size_t from = t->line;
	t->i++;
	toml_putc(t, '[');
	int first = 1;
	for (;;) {
		toml_blank(t, 1);
		if (t->i >= t->n)
			return toml_fail_at(t, from, "an array is never closed");
		if (t->s[t->i] == ']') {
			t->i++;
			toml_putc(t, ']');
			return 0;
		}
		if (!first)
			toml_put(t, ", ", 2);
		if (toml_value(t, depth + 1))
			return -1;
		first = 0;
		toml_blank(t, 1);
		if (t->i < t->n && t->s[t->i] == ',')
			t->i++;
		else if (t->i < t->n && t->s[t->i] != ']')
			return toml_fail(t, "a comma or ']' should follow an array's value");
	}
}

/* { k = v, ... } on one line: not a field pressroom reads; skipped, as null. */
static int toml_inline_table(struct toml *t, int depth)
{
	struct buf *keep = t->out;
	t->out = NULL;
	t->i++;
	int rc = 0;
	for (;;) {
		toml_blank(t, 0);
		if (t->i >= t->n || t->s[t->i] == '\n') {
			rc = toml_fail(t, "an inline table is never closed on its line");
			break;
		}
		if (t->s[t->i] == '}') {
			t->i++;
			break;
		}
		if (t->s[t->i] == '"' ? toml_basic(t) : t->s[t->i] == '\'' ? toml_literal(t) : 0) {
			rc = -1;
			break;
		}
		while (t->i < t->n && strchr(" \t=,}\n\"'", t->s[t->i]) == NULL)
			t->i++;
		toml_blank(t, 0);
		if (t->i < t->n && (t->s[t->i] == '=' || t->s[t->i] == ',')) {
			int eq = t->s[t->i] == '=';
			t->i++;
			toml_blank(t, 0);
			if (eq && toml_value(t, depth + 1)) {
				rc = -1;
				break;
			}
		}
	}
	t->out = keep;
	if (!rc)
		toml_put(t, "null", 4);
	return rc;
}

/* A bare value: a boolean, a number, a date or time (its space before the time
 * too: "1979-05-27 07:32:00Z"), copied as the YAML scalar it reads as. */
static int toml_bare(struct toml *t)
{
	size_t a = t->i;
	while (t->i < t->n && !strchr(" \t\r\n,]}#", t->s[t->i]))
		t->i++;
	if (t->i - a == 10 && t->s[a + 4] == '-' && t->s[a + 7] == '-' && t->i + 3 < t->n &&
	    t->s[t->i] == ' ' && t->s[t->i + 1] >= '0' && t->s[t->i + 1] <= '9' &&
	    t->s[t->i + 3] == ':') {
		t->i++;
		while (t->i < t->n && !strchr(" \t\r\n,]}#", t->s[t->i]))
			t->i++;
	}
	if (t->i == a)
		return toml_fail(t, "a value should follow '='");
	/* A number, a date or time, or a word TOML has: any other word is a string
	 * without its quotes (kind = press-release), which TOML (and Hugo) refuse. */
	static const char *const words[] = {"true", "false", "inf", "+inf", "-inf", "nan", "+nan",
					    "-nan", NULL};
	int word = 0;
	for (size_t k = 0; words[k]; k++)
		word |= strlen(words[k]) == t->i - a && !memcmp(t->s + a, words[k], t->i - a);
	char c0 = t->s[a];
	if (!word && !(c0 >= '0' && c0 <= '9') && !((c0 == '+' || c0 == '-') && t->i - a > 1))
		return toml_fail(t, "a value TOML does not know (a string needs quotes)");
	for (size_t k = a; k < t->i; k++)
		if (!strchr("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-.:_ ",
			    t->s[k]))
			return toml_fail(t, "a value TOML does not know (a string needs quotes)");
	toml_put(t, t->s + a, t->i - a);
	return 0;
}

static int toml_value(struct toml *t, int depth)
{
	if (depth > 32)
		return toml_fail(t, "arrays nested too deep");
	if (t->i >= t->n)
		return toml_fail(t, "a value should follow '='");
	char c = t->s[t->i];
	return c == '"'	 ? toml_basic(t)
	       : c == '\'' ? toml_literal(t)
	       : c == '['  ? toml_array(t, depth)
	       : c == '{'  ? toml_inline_table(t, depth)
			   : toml_bare(t);
}

/* key = value (a bare or quoted key; a dotted one names a table's field: skipped). */
static int toml_pair(struct toml *t, int skip)
{
	struct buf key;
	buf_init(&key, 4096);
	int dotted = 0;
	for (;;) {
		struct buf *keep = t->out;
		t->out = &key;
		int rc = 0;
		char c = t->i < t->n ? t->s[t->i] : '\0';
		if (c == '"') {
			rc = toml_basic(t);
		} else if (c == '\'') {
			rc = toml_literal(t);
		} else {
			size_t a = t->i;
			while (t->i < t->n && (strchr("_-", t->s[t->i]) ||
					       (t->s[t->i] >= '0' && t->s[t->i] <= '9') ||
					       ((t->s[t->i] | 32) >= 'a' && (t->s[t->i] | 32) <= 'z')))
				t->i++;
			if (t->i == a)
				rc = toml_fail(t, "a line should be 'key = value' or a [table]");
			if (!rc) {
				buf_addc(&key, '"');
				buf_add(&key, t->s + a, t->i - a);
				buf_addc(&key, '"');
			}
		}
		t->out = keep;
		if (rc) {
			buf_release(&key);
			return -1;
		}
		toml_blank(t, 0);
		if (t->i < t->n && t->s[t->i] == '.') {
			dotted = 1;
			t->i++;
			toml_blank(t, 0);
			buf_reset(&key);
			continue;
		}
		break;
	}
	if (t->i >= t->n || t->s[t->i] != '=') {
		buf_release(&key);
		return toml_fail(t, "'=' should follow a key");
	}
	t->i++;
	toml_blank(t, 0);
	struct buf *keep = t->out;
	if (skip || dotted)
		t->out = NULL;
	else {
		buf_add(t->out, key.data, key.len);
		buf_lit(t->out, ": ");
	}
	buf_release(&key);
	int rc = toml_value(t, 0);
	t->out = keep;
	return rc;
}

/* A table's header, [params] or [[menu.main]] (a key, dotted or quoted), up to the
 * end of its line (a comment may follow): 0, or -1 with why. */
static int toml_header(struct toml *t)
{
	int twice = t->i + 1 < t->n && t->s[t->i + 1] == '[';
	t->i += twice ? 2 : 1;
	struct buf *keep = t->out;
	t->out = NULL;
	int rc = 0;
	for (;;) {
		toml_blank(t, 0);
		char c = t->i < t->n ? t->s[t->i] : '\0';
		size_t a = t->i;
		if (c == '"')
			rc = toml_basic(t);
		else if (c == '\'')
			rc = toml_literal(t);
		else
			while (t->i < t->n && (strchr("_-", t->s[t->i]) ||
					       (t->s[t->i] >= '0' && t->s[t->i] <= '9') ||
					       ((t->s[t->i] | 32) >= 'a' && (t->s[t->i] | 32) <= 'z')))
				t->i++;
		if (!rc && t->i == a)
			rc = toml_fail(t, "a table's name should follow '['");
		if (rc)
			break;
		toml_blank(t, 0);
		if (t->i < t->n && t->s[t->i] == '.') {
			t->i++;
			continue;
		}
		if (t->i >= t->n || t->s[t->i] != ']' || (twice && (t->i + 1 >= t->n || t->s[t->i + 1] != ']')))
			rc = toml_fail(t, twice ? "a table's header should end with ']]'"
						: "a table's header should end with ']'");
		else
			t->i += twice ? 2 : 1;
		break;
	}
	t->out = keep;
	if (rc)
		return -1;
	toml_blank(t, 0);
	if (t->i < t->n && t->s[t->i] != '\n' && t->s[t->i] != '#')
		return toml_fail(t, "a table's header should be alone on its line");
	return 0;
}

int fm_toml_to_yaml(const char *s, size_t n, struct buf *out, size_t *line, const char **why)
{
	struct toml t = {.s = s, .n = n, .line = 1, .out = out};
	int in_table = 0;
	while (t.i < t.n) {
		toml_blank(&t, 0);
		size_t at = t.line;
		if (t.i < t.n && t.s[t.i] == '[') {
			/* [params], [[menu.main]]: what follows is theirs, not the page's. */
			in_table = 1;
			if (toml_header(&t))
				break;
		} else if (t.i < t.n && t.s[t.i] != '#' && t.s[t.i] != '\n') {
			if (toml_pair(&t, in_table))
				break;
			toml_blank(&t, 0);
			if (t.i < t.n && t.s[t.i] != '\n' && t.s[t.i] != '#') {
				toml_fail(&t, "one 'key = value' to a line");
				break;
			}
		}
		while (t.i < t.n && t.s[t.i] != '\n')
			t.i++;
		/* One output line for each input line the statement took. */
		for (size_t k = at; k <= t.line; k++)
			buf_addc(out, '\n');
		if (t.i < t.n) {
			t.i++;
			t.line++;
		}
	}
	if (t.why) {
		*line = t.why_line;
		*why = t.why;
		return -1;
	}
	return buf_failed(out) ? -1 : 0;
}
