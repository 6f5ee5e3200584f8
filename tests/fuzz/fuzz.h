/*
 * fuzz: what the fuzz targets share. Each tests/fuzz/fuzz_NAME.c defines
 * LLVMFuzzerTestOneInput (and LLVMFuzzerInitialize when it needs a site or a
 * store); it is linked either with libFuzzer (`make fuzz`, build/fuzz/fuzz-NAME) or
 * with replay.c (`make check`, BUILD/replay-NAME), which feeds it every file of
 * tests/fuzz/corpus/NAME and tests/fuzz/crashes/NAME.
 *
 * A target checks more than "no crash": a broken invariant calls FZ_FAIL, which
 * prints what and aborts, so libFuzzer keeps the input as a crash and replay
 * reports it. Everything here is static: each target is one translation unit.
 */
#ifndef PR_FUZZ_H
#define PR_FUZZ_H

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FZ_FAIL(...) fz_fail(__FILE__, __LINE__, __VA_ARGS__)

__attribute__((noreturn, format(printf, 3, 4))) static inline void fz_fail(const char *file, int line,
								    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: invariant broken: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/* A NUL-terminated heap copy of data[0..n) (NUL bytes inside kept). free() it. */
static inline char *fz_strndup(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	if (n)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/*
 * Cuts data at each byte sep into at most max parts (the last takes the rest),
 * each a NUL-terminated heap copy in part[] (free each). Missing parts are "".
 * Returns the number of separators used, so that harnesses can tell parts apart.
 */
static inline size_t fz_split(const uint8_t *data, size_t n, uint8_t sep, char **part, size_t max)
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i < n && k + 1 < max; i++)
		if (data[i] == sep) {
			part[k++] = fz_strndup(data + start, i - start);
			start = i + 1;
		}
	size_t used = k;
	part[k++] = fz_strndup(data + start, n - start);
	while (k < max)
		part[k++] = fz_strndup((const uint8_t *)"", 0);
	return used;
}

static inline void fz_free_parts(char **part, size_t max)
{
	for (size_t i = 0; i < max; i++)
		free(part[i]);
}

/* Whether hay[0..n) contains needle, ASCII case-insensitively. */
static inline int fz_has_ci(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (!strncasecmp(hay + i, needle, m))
			return 1;
	return 0;
}

/* ---- a scratch directory, removed at exit ---------------------------------------- */

static char fz_dir[64];

static inline void fz_dir_remove(void)
{
	if (!fz_dir[0])
		return;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fz_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", fz_dir);
	fz_dir[0] = '\0';
}

/* A fresh directory under $TMPDIR (or /tmp); path of a file in it into out. */
static inline void fz_scratch(const char *file, char *out, size_t outsz)
{
	if (!fz_dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(fz_dir, sizeof(fz_dir), "%s/pressroom-fuzz-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(fz_dir)) {
			perror("fuzz: mkdtemp");
			exit(1);
		}
		atexit(fz_dir_remove);
	}
	snprintf(out, outsz, "%s/%s", fz_dir, file);
}

/* ---- a tiny HTML checker --------------------------------------------------------- */

enum fz_html_mode {
	/* A fragment from the Markdown renderer or the sanitizer: only the allow-listed
	 * elements, no script or style at all, no event handler, safe link targets. */
	FZ_FRAGMENT,
	/* A whole page: any element of the theme, <!DOCTYPE>, <script> only as JSON-LD
	 * or with src; still balanced, no event handler, no javascript: target. */
	FZ_PAGE,
};

static const char *const fz_void_tags[] = {"br", "hr", "img", "meta", "link", "input", "source",
					   "wbr", "area", "base", "col", "embed", "param",
					   "track", NULL};

/* What the Markdown renderer and the sanitizer may write (markdown.h, sanitize.h). */
static const char *const fz_fragment_tags[] = {
	"p", "br", "a", "em", "strong", "b", "i", "u", "s", "del", "blockquote", "q", "cite",
	"ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "pre", "code", "table", "thead",
	"tbody", "tr", "th", "td", "img", "figure", "figcaption", "hr", "span", "sub", "sup",
	"abbr", NULL};

static inline int fz_in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

/*
 * Whether an attribute value is a dangerous URL the way a browser reads it: character
 * references decoded once (numeric, with or without ';', and the named ones that
 * matter here), then leading spaces and controls skipped, tabs and newlines inside
 * ignored, the scheme compared in any case.
 */
static inline int fz_bad_url(const char *v, size_t n)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"amp;", '&'}, {"colon;", ':'}, {"tab;", '\t'}, {"newline;", '\n'},
		     {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}, {"amp", '&'}};
	char s[24];
	size_t k = 0, i = 0;
	int lead = 1;
	while (i < n && k < sizeof(s) - 1) {
		unsigned long c = (unsigned char)v[i++];
		if (c == '&' && i < n && v[i] == '#') {
			size_t j = i + 1;
			int hex = j < n && (v[j] == 'x' || v[j] == 'X');
			j += (size_t)hex;
			unsigned long x = 0;
			size_t d0 = j;
			while (j < n && (hex ? isxdigit((unsigned char)v[j]) : isdigit((unsigned char)v[j])) &&
			       j - d0 < 8) {
				int dv = isdigit((unsigned char)v[j]) ? v[j] - '0'
								       : tolower((unsigned char)v[j]) - 'a' + 10;
				x = x * (hex ? 16 : 10) + (unsigned long)dv;
				j++;
			}
			if (j > d0) {
				c = x;
				i = j + (j < n && v[j] == ';');
			}
		} else if (c == '&') {
			for (size_t m = 0; m < sizeof(named) / sizeof(named[0]); m++) {
				size_t l = strlen(named[m].name);
				if (n - i >= l && !strncasecmp(v + i, named[m].name, l)) {
					c = (unsigned char)named[m].c;
					i += l;
					break;
				}
			}
		}
		if (lead && c <= 0x20)
			continue;
		lead = 0;
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		s[k++] = c < 0x80 ? (char)tolower((int)c) : '?';
	}
	s[k] = '\0';
	return !strncmp(s, "javascript:", 11) || !strncmp(s, "vbscript:", 9) ||
	       !strncmp(s, "data:", 5);
}

/*
 * Checks html[0..n): every '<' opens a well-formed tag (name, attributes
 * name="value" without '<' inside, no attribute starting with "on", no style
 * attribute in fragments, no dangerous href/src/action), elements balanced,
 * no raw '>' in text (the escaper writes &gt;), no NUL. Returns NULL or what is
 * wrong, at *at the offset.
 */
static inline const char *fz_html_check(const char *html, size_t n, enum fz_html_mode mode, size_t *at)
{
	char stack[256][24];
	size_t depth = 0, i = 0;
	static char why[160];
	while (i < n) {
		*at = i;
		unsigned char c = (unsigned char)html[i];
		if (c == 0)
			return "NUL byte";
		if (c == '>')
			return "raw '>' in text";
		if (c != '<') {
			i++;
			continue;
		}
		i++;
		if (mode == FZ_PAGE && i < n && html[i] == '!') {
			if (n - i >= 8 && !strncasecmp(html + i, "!DOCTYPE", 8)) {
				while (i < n && html[i] != '>')
					i++;
				i++;
				continue;
			}
			return "'<!' other than DOCTYPE";
		}
		int closing = i < n && html[i] == '/';
		if (closing)
			i++;
		char name[24];
		size_t k = 0;
		while (i < n && (isalnum((unsigned char)html[i]) || html[i] == '-') && k < sizeof(name) - 1)
			name[k++] = (char)tolower((unsigned char)html[i++]);
		name[k] = '\0';
		if (!k || !isalpha((unsigned char)name[0]))
			return "'<' that opens no tag (unescaped text?)";
		if (mode == FZ_FRAGMENT && !fz_in(fz_fragment_tags, name)) {
			snprintf(why, sizeof(why), "element <%s> not on the allow-list", name);
			return why;
		}
		int script = !strcmp(name, "script"), script_ok = 0;
		/* attributes */
		for (;;) {
			while (i < n && html[i] == ' ')
				i++;
			if (i >= n)
				return "tag not closed";
			if (html[i] == '>') {
				i++;
				break;
			}
			if (html[i] == '/' && i + 1 < n && html[i + 1] == '>') {
				i += 2;
				break;
			}
			if (closing)
				return "attribute in a closing tag";
			char an[32];
			size_t ak = 0;
			while (i < n && (isalnum((unsigned char)html[i]) || html[i] == '-' ||
					 html[i] == ':' || html[i] == '_') && ak < sizeof(an) - 1)
				an[ak++] = (char)tolower((unsigned char)html[i++]);
			an[ak] = '\0';
			if (!ak) {
				snprintf(why, sizeof(why), "bad byte 0x%02x in <%s>", (unsigned char)html[i], name);
				return why;
			}
			if (!strncmp(an, "on", 2))
				return "event handler attribute";
			if (mode == FZ_FRAGMENT && !strcmp(an, "style"))
				return "style attribute in a fragment";
			const char *v = "";
			size_t vn = 0;
			if (i < n && html[i] == '=') {
				i++;
				if (i >= n || html[i] != '"')
					return "attribute value not double-quoted";
				i++;
				v = html + i;
				while (i < n && html[i] != '"') {
					if (html[i] == '<' || html[i] == '\0')
						return "'<' or NUL inside an attribute value";
					i++;
				}
				if (i >= n)
					return "attribute value not closed";
				vn = (size_t)(html + i - v);
				i++;
				if (i < n && html[i] != ' ' && html[i] != '>' && html[i] != '/')
					return "no space after an attribute";
			}
			if ((!strcmp(an, "href") || !strcmp(an, "src") || !strcmp(an, "action") ||
			     !strcmp(an, "formaction") || !strcmp(an, "xlink:href")) && fz_bad_url(v, vn))
				return "dangerous URL in an attribute";
			if (script && ((!strcmp(an, "type") && vn == 19 &&
					!memcmp(v, "application/ld+json", 19)) || !strcmp(an, "src")))
				script_ok = 1;
		}
		if (closing) {
			if (!depth || strcmp(stack[depth - 1], name)) {
				snprintf(why, sizeof(why), "</%s> closes <%s>", name,
					 depth ? stack[depth - 1] : "(nothing)");
				return why;
			}
			depth--;
			continue;
		}
		if (script) {
			if (!script_ok)
				return "<script> other than JSON-LD or src";
			/* Raw text up to </script: the JSON must hold no "</" (esc_json). */
			const char *end = NULL;
			for (size_t j = i; j + 1 < n; j++)
				if (html[j] == '<') {
					end = html + j;
					break;
				}
			if (!end || (size_t)(html + n - end) < 9 || strncasecmp(end, "</script>", 9))
				return "<script> content holds '<' or is not closed";
			i = (size_t)(end - html) + 9;
			continue;
		}
		if (!strcmp(name, "style"))
			return "<style> element";
		if (fz_in(fz_void_tags, name))
			continue;
		if (depth == sizeof(stack) / sizeof(stack[0]))
			return "nested too deep";
		snprintf(stack[depth++], sizeof(stack[0]), "%s", name);
	}
	*at = n;
	if (depth) {
		snprintf(why, sizeof(why), "<%s> not closed", stack[depth - 1]);
		return why;
	}
	return NULL;
}

/* FZ_FAILs with context when html is not well-formed (see fz_html_check). */
static inline void fz_html_require(const char *what, const char *html, size_t n, enum fz_html_mode mode)
{
	size_t at = 0;
	const char *why = fz_html_check(html, n, mode, &at);
	if (!why)
		return;
	size_t from = at > 80 ? at - 80 : 0, to = at + 80 < n ? at + 80 : n;
	FZ_FAIL("%s: %s at byte %zu: ...%.*s...", what, why, at, (int)(to - from), html + from);
}

#endif
