/*
 * The allow-list HTML sanitizer (see sanitize.h). libxml2's HTML parser turns any
 * byte soup into a tree; we never serialise that tree, we walk it and write only
 * what the allow-list names, escaping every byte ourselves, so the parser's
 * recovery choices cannot smuggle markup through.
 */
#include "sanitize.h"

#include <ctype.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "../base/utf8.h"
#include "escape.h"
#include "markdown.h"
#include "xmllib.h"

enum tag {
	T_OTHER = 0, /* unknown: unwrapped */
	T_DROP,      /* dropped with its content */
	T_BLOCKISH,  /* unknown but block-like (div, section...): unwrapped, separates text */
	T_P, T_BR, T_A, T_EM, T_STRONG, T_B, T_I, T_U, T_S, T_BLOCKQUOTE, T_Q, T_CITE,
	T_UL, T_OL, T_LI, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_PRE, T_CODE, T_TABLE,
	T_THEAD, T_TBODY, T_TR, T_TH, T_TD, T_IMG, T_FIGURE, T_FIGCAPTION, T_HR, T_SPAN,
	T_SUB, T_SUP, T_ABBR,
};

static const struct {
	const char *name;
	enum tag tag;
} san_tags[] = {
	{"p", T_P}, {"br", T_BR}, {"a", T_A}, {"em", T_EM}, {"strong", T_STRONG}, {"b", T_B},
	{"i", T_I}, {"u", T_U}, {"s", T_S}, {"strike", T_S}, {"del", T_S},
	{"blockquote", T_BLOCKQUOTE}, {"q", T_Q}, {"cite", T_CITE}, {"ul", T_UL}, {"ol", T_OL},
	{"li", T_LI}, {"h1", T_H1}, {"h2", T_H2}, {"h3", T_H3}, {"h4", T_H4}, {"h5", T_H5},
	{"h6", T_H6}, {"pre", T_PRE}, {"code", T_CODE}, {"table", T_TABLE}, {"thead", T_THEAD},
	{"tbody", T_TBODY}, {"tfoot", T_TBODY}, {"tr", T_TR}, {"th", T_TH}, {"td", T_TD},
	{"img", T_IMG}, {"figure", T_FIGURE}, {"figcaption", T_FIGCAPTION}, {"hr", T_HR},
	{"span", T_SPAN}, {"sub", T_SUB}, {"sup", T_SUP}, {"abbr", T_ABBR},
	/* Dropped with their content. */
	{"script", T_DROP}, {"style", T_DROP}, {"iframe", T_DROP}, {"frame", T_DROP},
	{"frameset", T_DROP}, {"object", T_DROP}, {"applet", T_DROP},
	{"svg", T_DROP}, {"math", T_DROP}, {"form", T_DROP}, {"textarea", T_DROP},
	{"select", T_DROP}, {"button", T_DROP}, {"noscript", T_DROP}, {"template", T_DROP},
	{"head", T_DROP}, {"title", T_DROP}, {"meta", T_DROP}, {"link", T_DROP},
	{"base", T_DROP}, {"audio", T_DROP}, {"video", T_DROP}, {"canvas", T_DROP},
	{"map", T_DROP}, {"noembed", T_DROP}, {"noframes", T_DROP}, {"xmp", T_DROP},
	{"plaintext", T_DROP}, {"option", T_DROP}, {"portal", T_DROP}, {"slot", T_DROP},
	/* HTML's void elements that libxml2's parser does not know as void: what follows
	 * an unclosed <embed src=...> becomes its child there, not its sibling as in a
	 * browser. They have no content of their own, so the element goes (attributes
	 * and all) and those children stay, as what follows it. */
	{"embed", T_OTHER}, {"param", T_OTHER}, {"source", T_OTHER}, {"track", T_OTHER},
	{"input", T_OTHER}, {"keygen", T_OTHER},
	/* Unknown blocks: their text stays, as separate paragraphs. */
	{"div", T_BLOCKISH}, {"section", T_BLOCKISH}, {"article", T_BLOCKISH},
	{"header", T_BLOCKISH}, {"footer", T_BLOCKISH}, {"main", T_BLOCKISH},
	{"aside", T_BLOCKISH}, {"nav", T_BLOCKISH}, {"address", T_BLOCKISH},
	{"center", T_BLOCKISH}, {"dl", T_BLOCKISH}, {"dt", T_BLOCKISH}, {"dd", T_BLOCKISH},
	{"details", T_BLOCKISH}, {"summary", T_BLOCKISH}, {"fieldset", T_BLOCKISH},
	{"caption", T_BLOCKISH},
};

/* The tag of an element named by the len bytes at name (case aside), T_OTHER when
 * the list has none. */
static enum tag san_tag_named(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof san_tags / sizeof san_tags[0]; i++)
		if (!strncasecmp(name, san_tags[i].name, len) && !san_tags[i].name[len])
			return san_tags[i].tag;
	return T_OTHER;
}

static enum tag san_tag(const xmlNode *n)
{
	if (n->ns && n->ns->href)
		return T_DROP; /* namespaced (svg:, math: smuggled in): never ours */
	const char *name = (const char *)n->name;
	if (!name)
		return T_DROP;
	enum tag t = san_tag_named(name, strlen(name));
	if (t != T_OTHER)
		return t;
	/* A prefixed name the HTML parser kept as is (svg:svg, xlink:...). */
	if (strchr(name, ':'))
		return T_DROP;
	return T_OTHER;
}

static int san_is_heading(enum tag t) { return t >= T_H1 && t <= T_H6; }

/* Elements whose content model is phrasing only. */
static int san_is_phrasing(enum tag t)
{
	switch (t) {
	case T_A: case T_EM: case T_STRONG: case T_B: case T_I: case T_U: case T_S: case T_Q:
	case T_CITE: case T_CODE: case T_SPAN: case T_SUB: case T_SUP: case T_ABBR: case T_BR:
	case T_IMG:
		return 1;
	default:
		return 0;
	}
}

static int san_is_block(enum tag t)
{
	switch (t) {
	case T_P: case T_BLOCKQUOTE: case T_UL: case T_OL: case T_LI: case T_PRE: case T_TABLE:
	case T_THEAD: case T_TBODY: case T_TR: case T_TH: case T_TD: case T_FIGURE:
	case T_FIGCAPTION: case T_HR: case T_BLOCKISH:
		return 1;
	default:
		return san_is_heading(t);
	}
}

void sanitize_url_clean(struct buf *out, const char *url)
{
	buf_reset(out);
	if (!url)
		return;
	size_t n = strlen(url), a = 0;
	while (a < n && (unsigned char)url[a] <= 0x20)
		a++;
	while (n > a && (unsigned char)url[n - 1] <= 0x20)
		n--;
	for (size_t i = a; i < n; i++)
		if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r')
			buf_addc(out, url[i]);
}

/* Whether u begins with http:// or https:// (any case). */
static int san_is_http(const char *u, size_t n)
{
	return (n > 7 && !strncasecmp(u, "http://", 7)) || (n > 8 && !strncasecmp(u, "https://", 8));
}

/* What san_url checks a target for. */
enum san_target {
	SAN_LINK,           /* a[href]: http, https, mailto or relative */
	SAN_IMAGE,          /* img[src]: http or https */
	SAN_IMAGE_RELATIVE, /* img[src]: those or relative (SANITIZE_RELATIVE_IMAGES) */
};

/*
 * The target of an a[href] or img[src], cleaned, resolved against base, and
 * checked; into out. Returns 1 if allowed. Any control character left anywhere
 * refuses it: no browser needs one.
 */
static int san_url(struct buf *out, const xmlChar *raw, const char *base, enum san_target what)
{
	if (!raw || strlen((const char *)raw) > 4096)
		return 0;
	sanitize_url_clean(out, (const char *)raw);
	if (buf_failed(out))
		return 0;
	if (base && *base && out->len) {
		xmlChar *abs = xmlBuildURI((const xmlChar *)buf_str(out), (const xmlChar *)base);
		if (abs) {
			buf_reset(out);
			buf_adds(out, (const char *)abs);
			xmlFree(abs);
		}
	}
	const char *u = buf_str(out);
	for (size_t i = 0; i < out->len; i++)
		if ((unsigned char)u[i] < 0x20 || u[i] == 0x7F)
			return 0;
	if (!markdown_url_allowed(u, out->len) || buf_failed(out))
		return 0;
	/* markdown_url_allowed let only http, https, mailto and relative through. */
	if (what == SAN_IMAGE_RELATIVE)
		return out->len < 7 || strncasecmp(u, "mailto:", 7);
	return what == SAN_IMAGE ? san_is_http(u, out->len) : 1;
}

static xmlChar *san_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && !strcasecmp((const char *)a->name, name))
			return xmlNodeGetContent((const xmlNode *)a);
	return NULL;
}

/* ' title="..."' of n when it has a title that is not empty. */
static void san_title(struct buf *o, const xmlNode *n)
{
	xmlChar *title = san_attr(n, "title");
	if (title && *title) {
		buf_lit(o, " title=\"");
		esc_attr_s(o, (const char *)title);
		buf_addc(o, '"');
	}
	xmlFree(title);
}

/* The value of ol[start] if it is 1-9 digits, else 0. */
static long san_start(const xmlNode *n)
{
	xmlChar *v = san_attr(n, "start");
	long r = 0;
	if (v) {
		size_t len = strlen((const char *)v);
		if (len >= 1 && len <= 9 && strspn((const char *)v, "0123456789") == len)
			r = strtol((const char *)v, NULL, 10);
		xmlFree(v);
	}
	return r;
}

static int san_blank(const char *s)
{
	for (; s && *s; s++)
		if (!strchr(" \t\r\n\f", *s))
			return 0;
	return 1;
}

/* -1 for input too large or libxml2 not loadable; else 0 with *doc the tree, or
 * NULL when the parser made nothing of it (or could not allocate). */
/* A dropped element with no content of its own (no end tag to look for). */
/* Whether the len bytes at name are one of the n names in list (case aside). */
static int san_name_in(const char *name, size_t len, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !strncasecmp(name, list[i], len))
			return 1;
	return 0;
}

/*
 * The words of HTML without its markup, as HTML text: tags, comments and what the
 * sanitizer drops with its content are left out; a '<' that begins none of them is
 * "&lt;". Entities stay as they are, for the parser.
 */
static void san_strip_tags(struct buf *out, const char *s, size_t n)
{
	/* Elements whose content is no markup, and dropped ones with no content. */
	static const char *const raw[] = {"script", "style", "textarea", "xmp", "noembed",
					  "noframes", "iframe", "noscript", "plaintext", "title"};
	static const char *const empty[] = {"meta", "link", "base", "frame"};
	const char *end = s + n;
	while (s < end) {
		if (*s != '<') {
			buf_addc(out, *s++);
			continue;
		}
		const char *t = s + 1;
		if (end - s >= 4 && !memcmp(s, "<!--", 4)) {
			const char *c = memmem(s + 4, (size_t)(end - s - 4), "-->", 3);
			s = c ? c + 3 : end;
			buf_addc(out, ' ');
			continue;
		}
		if (t >= end || !(isalpha((unsigned char)*t) || *t == '/' || *t == '!' || *t == '?')) {
			buf_lit(out, "&lt;");
			s++;
			continue;
		}
		const char *name = t + (*t == '/');
		size_t len = 0;
		while (name + len < end && isalnum((unsigned char)name[len]))
			len++;
		enum tag tag = len ? san_tag_named(name, len) : T_OTHER;
		/* To the tag's '>', past quoted attribute values: a quote opens one only
		 * after '=' (alt=don't is no quote). */
		char q = 0, last = 0;
		for (; t < end && (q || *t != '>'); t++) {
			if (q) {
				if (*t == q)
					q = 0, last = *t;
			} else if ((*t == '"' || *t == '\'') && last == '=') {
				q = *t;
			} else if (!isspace((unsigned char)*t)) {
				last = *t;
			}
		}
		/* What the sanitizer drops with its content goes here too: a raw-text
		 * element's (script, style...) to its end tag or the document's end, any
		 * other's to its end tag when it has one (an <option> often has none). */
		int raw_text = san_name_in(name, len, raw, sizeof raw / sizeof *raw);
		if (s[1] != '/' && t < end &&
		    (raw_text || (tag == T_DROP && !san_name_in(name, len, empty, sizeof empty / sizeof *empty)))) {
			const char *c = t;
			while (c < end && !(end - c >= (ptrdiff_t)len + 2 && c[0] == '<' && c[1] == '/' &&
					    !strncasecmp(c + 2, name, len)))
				c++;
			if (c < end || raw_text)
				for (t = c; t < end && *t != '>'; t++)
					;
		}
		s = t < end ? t + 1 : end;
		if (san_is_block(tag) || tag == T_BR)
			buf_addc(out, ' ');
	}
}

/* Bytes of HTML nested deeper than libxml2 parses (256 elements) that are parsed
 * again with its limit lifted: its parser takes time growing with the square of
 * the depth (50,000 levels 0.3 s, 600,000 nearly a minute; 128 KB of unclosed
 * elements 0.7 s, and a feed's are read in its write transaction), so a bigger
 * document as deep keeps its words without its markup (san_strip_tags). */
#define SAN_DEEP_REPARSE_MAX ((size_t)32 << 10)

static htmlDocPtr san_read(const char *html, size_t n, int options, int *too_deep)
{
	*too_deep = 0;
	htmlParserCtxtPtr ctx = htmlNewParserCtxt();
	if (!ctx)
		return NULL;
	htmlDocPtr doc = htmlCtxtReadMemory(ctx, html, (int)n, NULL, "UTF-8", options);
	/* "Excessive depth in document: 256 use XML_PARSE_HUGE option" (an internal
	 * error in libxml2 2.9, a resource limit in later ones). */
	const xmlError *e = xmlCtxtGetLastError(ctx);
	*too_deep = e && e->message && strstr(e->message, "xcessive depth");
	htmlFreeParserCtxt(ctx);
	return doc;
}

/*
 * SVG and MathML are dropped with their content, but not all that libxml2's
 * parser puts in them. An HTML5 parser (every browser) leaves foreign content at
 * the first HTML element of the "breakout" list (p, div, h1, table...): that
 * element and all after it are the page's own. libxml2's parser knows no foreign
 * content, so an <svg> left open (as editors' pasted icons and hand-written posts
 * have them) took every paragraph after it into the dropped element, and an
 * imported post lost its text with no word said. san_unforeign moves the first
 * breakout element found in a foreign element (outside the integration points,
 * whose HTML a browser shows inside the drawing), with everything after it at
 * each level, out after that element, as a browser reads it. The sanitizer's
 * allow-list then treats what moved like any other markup.
 */
static int san_is_foreign(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       (!strcasecmp((const char *)n->name, "svg") || !strcasecmp((const char *)n->name, "math"));
}

/* Elements of an SVG or MathML drawing whose content is HTML (a browser shows it
 * there): each kind its own, by the nearest drawing around n; MathML's
 * annotation-xml only when it says its content is HTML. */
static int san_is_integration(const xmlNode *n)
{
	const xmlNode *a = n->parent;
	while (a && !san_is_foreign(a))
		a = a->parent;
	if (!a || !n->name)
		return 0;
	const char *name = (const char *)n->name;
	if (!strcasecmp((const char *)a->name, "svg"))
		return !strcasecmp(name, "foreignobject") || !strcasecmp(name, "desc") ||
		       !strcasecmp(name, "title");
	static const char *const text[] = {"mi", "mo", "mn", "ms", "mtext"};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (!strcasecmp(name, text[i]))
			return 1;
	if (strcasecmp(name, "annotation-xml"))
		return 0;
	for (const xmlAttr *at = n->properties; at; at = at->next) {
		if (!at->name || strcasecmp((const char *)at->name, "encoding") || !at->children ||
		    at->children->type != XML_TEXT_NODE || !at->children->content)
			continue;
		const char *v = (const char *)at->children->content;
		return !strcasecmp(v, "text/html") || !strcasecmp(v, "application/xhtml+xml");
	}
	return 0;
}

static int san_is_breakout(const xmlNode *n)
{
	static const char *const names[] = {
		"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl",
		"dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i",
		"img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s",
		"small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var"};
	if (n->type != XML_ELEMENT_NODE || !n->name)
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcasecmp((const char *)n->name, names[i]))
			return 1;
	/* <font> only with one of these: a browser's rule, not a guess. */
	if (strcasecmp((const char *)n->name, "font"))
		return 0;
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && (!strcasecmp((const char *)a->name, "color") ||
				!strcasecmp((const char *)a->name, "face") ||
				!strcasecmp((const char *)a->name, "size")))
			return 1;
	return 0;
}

/* The first breakout element below foreign element f in document order, outside
 * integration points; NULL if none. Walked without recursion. */
static xmlNode *san_breakout_in(xmlNode *f)
{
	xmlNode *n = f->children;
	while (n) {
		if (san_is_breakout(n))
			return n;
		if (n->type == XML_ELEMENT_NODE && n->children && !san_is_integration(n)) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != f)
			n = n->parent;
		if (!n || n == f)
			return NULL;
		n = n->next;
	}
	return NULL;
}

/* Moves b and all that follows it inside f (at each level up to f) out after f,
 * in order. */
static void san_move_out(xmlNode *f, xmlNode *b)
{
	xmlNode *after = f;
	for (xmlNode *cur = b, *parent = b->parent;;) {
		for (xmlNode *x = cur, *nx; x; x = nx) {
			nx = x->next;
			xmlUnlinkNode(x);
			/* (A text node may be merged into after: the one returned holds it.) */
			xmlNode *put = xmlAddNextSibling(after, x);
			if (!put) {
				xmlFreeNode(x);
				continue;
			}
			after = put;
		}
		if (!parent || parent == f)
			return;
		cur = parent->next;
		parent = parent->parent;
	}
}

static void san_unforeign(htmlDocPtr doc)
{
	xmlNode *top = (xmlNode *)doc, *n = top->children;
	while (n) {
		if (san_is_foreign(n)) {
			xmlNode *b = san_breakout_in(n);
			if (b)
				san_move_out(n, b);
		} else if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != top)
			n = n->parent;
		if (!n || n == top)
			return;
		n = n->next;
	}
}

/* The length of the element name at s (n bytes) when it is one whose content is
 * raw text (script, style, textarea, title, xmp), else 0. */
static size_t san_raw_text_tag(const char *s, size_t n)
{
	static const char *const raw[] = {"script", "style", "textarea", "title", "xmp"};
	for (size_t k = 0; k < sizeof raw / sizeof raw[0]; k++) {
		size_t len = strlen(raw[k]);
		if (n > len && !strncasecmp(s, raw[k], len) && s[len] && strchr(" \t\n\r\f/>", s[len]))
			return len;
	}
	return 0;
}

/*
 * "</br>" is a line break to every browser (the HTML standard reads an end tag br
 * as a start tag), and hand-written posts have it where they mean one; libxml2's
 * parser drops it, and "one</br>two" came out "onetwo". Returns a copy of html
 * (n bytes) with each "</br" in text that ends a tag's name (before '>', '/' or a
 * space) made "<br " (as long), for the caller to free; NULL when html has none
 * (or out of memory: html is read as it is). Comments, tags (their quoted values
 * whole), "<!...>" (a CDATA section's start) and raw text (script, style,
 * textarea, title) are passed as they are: "</br>" written there is text.
 */
static char *san_end_br(const char *html, size_t n)
{
	char *fixed = NULL;
	for (size_t i = 0; i < n;) {
		const char *p = memchr(html + i, '<', n - i);
		if (!p)
			break;
		i = (size_t)(p - html);
		size_t left = n - i;
		if (left >= 4 && !memcmp(p, "<!--", 4)) {
			const char *e = memmem(p + 4, left - 4, "-->", 3);
			if (!e)
				break;
			i = (size_t)(e - html) + 3;
			continue;
		}
		if (left >= 5 && p[1] == '/' && (p[2] | 0x20) == 'b' && (p[3] | 0x20) == 'r' && p[4] &&
		    strchr(">/ \t\n\r\f", p[4])) {
			if (!fixed) {
				if (!(fixed = malloc(n)))
					return NULL;
				memcpy(fixed, html, n);
			}
			memcpy(fixed + i, "<br ", 4);
		}
		if (left < 2 || !(isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?')) {
			i++;
			continue;
		}
		/* A tag: to its '>', a value in quotes (after '=') whole. */
		size_t raw = p[1] != '/' ? san_raw_text_tag(p + 1, left - 1) : 0;
		char quote = 0, last = 0;
		size_t j = i + 1;
		for (; j < n; j++) {
			char c = html[j];
			if (quote) {
				quote = c == quote ? 0 : quote;
				continue;
			}
			if (c == '>')
				break;
			if ((c == '"' || c == '\'') && last == '=')
				quote = c;
			if (!strchr(" \t\n\r\f", c))
				last = c;
		}
		i = j + 1;
		/* Raw text: to its end tag. */
		for (int found = !raw; !found && i < n;) {
			const char *q = memchr(html + i, '<', n - i);
			if (!q)
				return fixed;
			i = (size_t)(q - html);
			found = n - i > raw + 2 && q[1] == '/' && !strncasecmp(q + 2, p + 1, raw);
			i += !found;
		}
	}
	return fixed;
}

static int san_parse_as(const char *html, size_t n, htmlDocPtr *doc);

static int san_parse(const char *html, size_t n, htmlDocPtr *doc)
{
	*doc = NULL;
	if (n > SANITIZE_MAX_INPUT || n > (size_t)INT32_MAX)
		return -1;
	char *fixed = san_end_br(html, n);
	int rc = san_parse_as(fixed ? fixed : html, n, doc);
	free(fixed);
	return rc;
}

static int san_parse_as(const char *html, size_t n, htmlDocPtr *doc)
{
	if (xmllib_load("sanitizing HTML", NULL, 0))
		return -1;
	const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
	int deep;
	*doc = san_read(html, n, options, &deep);
	if (!deep)
		goto done;
	/* libxml2 stopped at 256 levels and dropped all that followed. */
	if (*doc)
		xmlFreeDoc(*doc);
	if (n <= SAN_DEEP_REPARSE_MAX) {
		*doc = san_read(html, n, options | XML_PARSE_HUGE, &deep);
		if (!deep)
			goto done;
		/* A libxml2 whose lifted limit is still a limit (2048 levels). */
		if (*doc)
			xmlFreeDoc(*doc);
	}
	struct buf text;
	buf_init(&text, 4 * n + 64); /* a stray '<' is "&lt;" */
	san_strip_tags(&text, html, n);
	*doc = buf_failed(&text) ? NULL : san_read(text.data ? text.data : "", text.len, options, &deep);
	int rc = buf_failed(&text) ? -1 : 0;
	buf_release(&text);
	if (rc)
		return rc;
done:
	if (*doc)
		san_unforeign(*doc);
	return 0;
}

/*
 * Below SANITIZE_MAX_DEPTH an element's subtree keeps its words, not its markup:
 * add(ctx, text) for each text outside dropped elements and add(ctx, " ") where a
 * block or a line break begins or ends, walked without recursion (a document may
 * be tens of thousands of levels deep).
 */
static void san_deep_text(const xmlNode *top, void (*add)(void *ctx, const char *s), void *ctx)
{
	const xmlNode *n = top->children;
	while (n) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			add(ctx, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			enum tag t = san_tag(n);
			if (t != T_DROP && (san_is_block(t) || t == T_BR))
				add(ctx, " ");
			if (t != T_DROP && n->children) {
				n = n->children;
				continue;
			}
		}
		/* Up to the nearest element with a next sibling, leaving each block. */
		while (n != top && !n->next) {
			n = n->parent;
			if (n != top && n->type == XML_ELEMENT_NODE && san_is_block(san_tag(n)))
				add(ctx, " ");
		}
		n = n == top ? NULL : n->next;
	}
}

static void san_deep_any(void *ctx, const char *s)
{
	if (!san_blank(s))
		*(int *)ctx = 1;
}

/* ---- HTML output ------------------------------------------------------------ */

enum san_ctx { CTX_FLOW, CTX_PHRASING, CTX_LIST, CTX_TABLE, CTX_TSECTION, CTX_ROW };

struct san_html {
	struct buf *out;
	struct buf url;
	const char *base;
	int in_a;
};

static const char *const san_names[] = {
	[T_P] = "p", [T_BR] = "br", [T_A] = "a", [T_EM] = "em", [T_STRONG] = "strong",
	[T_B] = "b", [T_I] = "i", [T_U] = "u", [T_S] = "s", [T_BLOCKQUOTE] = "blockquote",
	[T_Q] = "q", [T_CITE] = "cite", [T_UL] = "ul", [T_OL] = "ol", [T_LI] = "li",
	[T_H1] = "h2", [T_H2] = "h2", [T_H3] = "h3", [T_H4] = "h4", [T_H5] = "h5", [T_H6] = "h6",
	[T_PRE] = "pre", [T_CODE] = "code", [T_TABLE] = "table", [T_THEAD] = "thead",
	[T_TBODY] = "tbody", [T_TR] = "tr", [T_TH] = "th", [T_TD] = "td", [T_IMG] = "img",
	[T_FIGURE] = "figure", [T_FIGCAPTION] = "figcaption", [T_HR] = "hr", [T_SPAN] = "span",
	[T_SUB] = "sub", [T_SUP] = "sup", [T_ABBR] = "abbr",
};

static void html_children(struct san_html *st, const xmlNode *parent, enum san_ctx ctx,
			  enum tag ptag, int depth);

/* The context an element's children are in. */
static enum san_ctx html_child_ctx(enum tag t)
{
	switch (t) {
	case T_UL: case T_OL: return CTX_LIST;
	case T_TABLE: return CTX_TABLE;
	case T_THEAD: case T_TBODY: return CTX_TSECTION;
	case T_TR: return CTX_ROW;
	case T_BLOCKQUOTE: case T_LI: case T_TD: case T_TH: case T_FIGURE: case T_FIGCAPTION:
		return CTX_FLOW;
	default: return CTX_PHRASING;
	}
}

/* Whether element t may appear here; if not, it is unwrapped (or skipped). */
static int html_fits(enum tag t, enum san_ctx ctx, enum tag ptag, int in_a)
{
	switch (ctx) {
	case CTX_LIST: return t == T_LI;
	case CTX_TABLE: return t == T_THEAD || t == T_TBODY || t == T_TR;
	case CTX_TSECTION: return t == T_TR;
	case CTX_ROW: return t == T_TD || t == T_TH;
	default: break;
	}
	if (t == T_A && in_a)
		return 0;
	if (t == T_LI || t == T_THEAD || t == T_TBODY || t == T_TR || t == T_TD || t == T_TH)
		return 0;
	if (t == T_FIGCAPTION)
		return ptag == T_FIGURE;
	if (ctx == CTX_PHRASING)
		return san_is_phrasing(t);
	return 1;
}

static void html_element(struct san_html *st, const xmlNode *n, enum tag t, int depth)
{
	struct buf *o = st->out;
	const char *name = san_names[t];
	if (t == T_IMG) {
		xmlChar *src = san_attr(n, "src");
		if (san_url(&st->url, src, st->base, SAN_IMAGE)) {
			buf_lit(o, "<img src=\"");
			esc_attr(o, st->url.data, st->url.len);
			buf_lit(o, "\" alt=\"");
			xmlChar *alt = san_attr(n, "alt");
			esc_attr_s(o, (const char *)alt);
			xmlFree(alt);
			buf_lit(o, "\">");
		}
		xmlFree(src);
		return;
	}
	if (t == T_BR || t == T_HR) {
		buf_addf(o, "<%s>", name);
		return;
	}
	if (t == T_A) {
		xmlChar *href = san_attr(n, "href");
		int ok = san_url(&st->url, href, st->base, SAN_LINK);
		xmlFree(href);
		if (!ok) {
			html_children(st, n, CTX_PHRASING, T_OTHER, depth + 1);
			return;
		}
		buf_lit(o, "<a href=\"");
		esc_attr(o, st->url.data, st->url.len);
		buf_addc(o, '"');
		san_title(o, n);
		buf_addc(o, '>');
		st->in_a++;
		html_children(st, n, CTX_PHRASING, t, depth + 1);
		st->in_a--;
		buf_lit(o, "</a>");
		return;
	}
	buf_addf(o, "<%s", name);
	if (t == T_OL) {
		long start = san_start(n);
		if (start)
			buf_addf(o, " start=\"%ld\"", start);
	} else if (t == T_ABBR) {
		san_title(o, n);
	}
	buf_addc(o, '>');
	/* The HTML parser drops a newline right after <pre>; keep a leading one. */
	if (t == T_PRE && n->children && n->children->type == XML_TEXT_NODE &&
	    n->children->content && n->children->content[0] == '\n')
		buf_addc(o, '\n');
	html_children(st, n, html_child_ctx(t), t, depth + 1);
	buf_addf(o, "</%s>", name);
}

static void html_deep_add(void *ctx, const char *s)
{
	struct buf *o = ctx;
	if (!strcmp(s, " ") && o->len && o->data[o->len - 1] == ' ')
		return; /* one space for the edges of blocks in a row */
	esc_html_s(o, s);
}

/* The words below SANITIZE_MAX_DEPTH (san_deep_text), in what ctx allows. */
static void html_deep(struct san_html *st, const xmlNode *parent, enum san_ctx ctx)
{
	int any = 0;
	san_deep_text(parent, san_deep_any, &any);
	if (!any)
		return;
	static const char *const open[] = {[CTX_LIST] = "<li>", [CTX_TABLE] = "<tr><td>",
					   [CTX_TSECTION] = "<tr><td>", [CTX_ROW] = "<td>"};
	static const char *const close[] = {[CTX_LIST] = "</li>", [CTX_TABLE] = "</td></tr>",
					    [CTX_TSECTION] = "</td></tr>", [CTX_ROW] = "</td>"};
	const char *o = ctx < sizeof open / sizeof *open ? open[ctx] : NULL;
	if (o)
		buf_adds(st->out, o);
	san_deep_text(parent, html_deep_add, st->out);
	if (o)
		buf_adds(st->out, close[ctx]);
}

static void html_children(struct san_html *st, const xmlNode *parent, enum san_ctx ctx,
			  enum tag ptag, int depth)
{
	if (depth > SANITIZE_MAX_DEPTH) {
		html_deep(st, parent, ctx);
		return;
	}
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const char *text = (const char *)c->content;
			if (!text)
				continue;
			if (ctx == CTX_TABLE || ctx == CTX_TSECTION || ctx == CTX_ROW)
				continue; /* text there would be moved out of the table */
			if (ctx == CTX_LIST) {
				if (san_blank(text))
					continue;
				buf_lit(st->out, "<li>");
				esc_html_s(st->out, text);
				buf_lit(st->out, "</li>");
				continue;
			}
			esc_html_s(st->out, text);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		enum tag t = san_tag(c);
		if (t == T_DROP)
			continue;
		if (t == T_OTHER || t == T_BLOCKISH) {
			html_children(st, c, ctx, ptag, depth + 1);
			continue;
		}
		if (html_fits(t, ctx, ptag, st->in_a)) {
			html_element(st, c, t, depth);
			continue;
		}
		if (ctx == CTX_LIST) {
			/* Anything else in a list becomes an item of its own. */
			buf_lit(st->out, "<li>");
			if (html_fits(t, CTX_FLOW, T_LI, st->in_a))
				html_element(st, c, t, depth);
			else
				html_children(st, c, CTX_FLOW, T_LI, depth + 1);
			buf_lit(st->out, "</li>");
			continue;
		}
		if (ctx == CTX_TABLE || ctx == CTX_TSECTION || ctx == CTX_ROW)
			continue;
		if (t == T_HR || t == T_BR || t == T_IMG)
			continue; /* void and not allowed here: nothing to keep */
		html_children(st, c, ctx, ptag, depth + 1);
	}
}

/* The root's content: <html><body>... made by the parser around a fragment. */
static const xmlNode *san_body(htmlDocPtr doc)
{
	return (const xmlNode *)doc;
}

int sanitize_html(struct buf *out, const char *html, size_t n, const char *base, unsigned flags)
{
	(void)flags;
	if (!n)
		return buf_failed(out) ? -1 : 0;
	htmlDocPtr doc;
	if (san_parse(html, n, &doc))
		return -1;
	if (!doc)
		return buf_failed(out) ? -1 : 0;
	struct san_html st = {.out = out, .base = base};
	buf_init(&st.url, 16384);
	html_children(&st, san_body(doc), CTX_FLOW, T_OTHER, 0);
	buf_release(&st.url);
	xmlFreeDoc(doc);
	return buf_failed(out) ? -1 : 0;
}

/* ---- superscripts and subscripts as characters ------------------------------ */

/*
 * Markdown and plain text have no <sup> or <sub>: "10<sup>6</sup>" written as its
 * words reads "106", another number. Where every character of one has its own
 * superscript or subscript character (digits, + - = ( ), and n and i above), it is
 * written with those ("10⁶", "H₂O", "xⁿ⁺¹"); otherwise as its words, as before
 * ("1<sup>st</sup>" reads "1st"). san_script_char: c's character for t, or NULL.
 */
static const char *san_script_char(enum tag t, unsigned char c)
{
	static const char *const sup_digit[10] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
						  "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
	static const char *const sub_digit[10] = {"\u2080", "\u2081", "\u2082", "\u2083", "\u2084",
						  "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"};
	static const char signs[] = "+-=()";
	static const char *const sup_sign[5] = {"\u207a", "\u207b", "\u207c", "\u207d", "\u207e"};
	static const char *const sub_sign[5] = {"\u208a", "\u208b", "\u208c", "\u208d", "\u208e"};
	if (c >= '0' && c <= '9')
		return t == T_SUP ? sup_digit[c - '0'] : sub_digit[c - '0'];
	const char *s = c ? strchr(signs, c) : NULL;
	if (s)
		return t == T_SUP ? sup_sign[s - signs] : sub_sign[s - signs];
	if (t == T_SUP && c == 'n')
		return "\u207f";
	if (t == T_SUP && c == 'i')
		return "\u2071";
	return NULL;
}

/* 1 if the text below n (what is kept of it) is written in t's characters: at
 * least one, each a san_script_char or a space. */
static int san_script_fits(const xmlNode *n, enum tag t, int depth, int *some)
{
	if (depth > SANITIZE_MAX_DEPTH)
		return 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			for (const unsigned char *s = c->content; *s; s++) {
				if (strchr(" \t\r\n\f", *s))
					continue;
				if (!san_script_char(t, *s))
					return 0;
				*some = 1;
			}
		} else if (c->type == XML_ELEMENT_NODE && san_tag(c) != T_DROP &&
			   !san_script_fits(c, t, depth + 1, some)) {
			return 0;
		}
	}
	return 1;
}

/* T_SUP or T_SUB when n (one of them) is to be written in their characters, else 0. */
static enum tag san_script_of(const xmlNode *n, enum tag t, int depth)
{
	int some = 0;
	return san_script_fits(n, t, depth, &some) && some ? t : 0;
}

/* ---- plain text ------------------------------------------------------------- */

struct san_text {
	struct buf *out;
	int space;
	enum tag script; /* T_SUP or T_SUB: write in their characters (san_script_of) */
};

static void text_add(struct san_text *st, const char *s)
{
	for (; *s; s++) {
		if (strchr(" \t\r\n\f", *s)) {
			st->space = 1;
			continue;
		}
		if (st->space && st->out->len)
			buf_addc(st->out, ' ');
		st->space = 0;
		const char *sc = st->script ? san_script_char(st->script, (unsigned char)*s) : NULL;
		if (sc)
			buf_adds(st->out, sc);
		else
			buf_addc(st->out, *s);
	}
}

static void text_deep_add(void *ctx, const char *s)
{
	text_add(ctx, s);
}

static void text_children(struct san_text *st, const xmlNode *parent, int depth)
{
	if (depth > SANITIZE_MAX_DEPTH) {
		san_deep_text(parent, text_deep_add, st);
		return;
	}
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				text_add(st, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			enum tag t = san_tag(c);
			if (t == T_DROP)
				continue;
			if (san_is_block(t) || t == T_BR)
				st->space = 1;
			enum tag script = st->script;
			if ((t == T_SUP || t == T_SUB) && script != t)
				st->script = san_script_of(c, t, depth + 1);
			text_children(st, c, depth + 1);
			st->script = script;
			if (san_is_block(t))
				st->space = 1;
		}
	}
}

int sanitize_text(struct buf *out, const char *html, size_t n)
{
	if (!n)
		return buf_failed(out) ? -1 : 0;
	htmlDocPtr doc;
	if (san_parse(html, n, &doc))
		return -1;
	if (!doc)
		return buf_failed(out) ? -1 : 0;
	struct san_text st = {.out = out, .space = 0};
	text_children(&st, san_body(doc), 0);
	xmlFreeDoc(doc);
	return buf_failed(out) ? -1 : 0;
}

/* ---- Markdown output -------------------------------------------------------- */

struct md_list {
	int ordered;
	long next;
};

struct san_md {
	struct buf *out;
	struct buf url;
	struct buf prefix;   /* written at the start of every line: "> ", list indents */
	struct buf open;     /* opening markers not written yet ("[", "*", "## ") */
	const char *base;
	unsigned flags;
	int need;            /* newlines wanted before the next content: 0, 1 or 2 */
	size_t need_prefix;  /* prefix length for the blank line of that break */
	int started;
	int line_start;      /* the next character begins a line's content */
	int digits;          /* at line start, only digits so far */
	int space;           /* a collapsed space is pending */
	int hard_break;      /* a <br> is pending */
	int fresh_item;      /* a list marker was just written */
	int in_a, in_em, in_strong, in_s, inline_depth;
	int in_cell, in_heading, in_table;
	enum tag script; /* T_SUP or T_SUB: write in their characters (san_script_of) */
	size_t kept;   /* out's length after the last bare address written: its '>' stays */
	size_t closed; /* out's length after a closing marker after punctuation ("**<a>**") */
	struct md_list lists[16];
	int nlists;
};

static void md_block(struct san_md *st, int n)
{
	if (st->in_cell || st->in_heading) {
		st->space = 1;
		return;
	}
	if (st->fresh_item)
		return;
	if (!st->need || st->prefix.len < st->need_prefix)
		st->need_prefix = st->prefix.len;
	if (n > st->need)
		st->need = n;
	st->space = 0;
	st->hard_break = 0;
}

/* Writes the prefix, trimmed of trailing spaces if blank_line. */
static void md_prefix(struct san_md *st, size_t len, int blank_line)
{
	const char *p = buf_str(&st->prefix);
	if (len > st->prefix.len)
		len = st->prefix.len;
	if (blank_line)
		while (len && p[len - 1] == ' ')
			len--;
	buf_add(st->out, p, len);
}

/* Writes a pending line break and the prefix. */
static void md_flush_break(struct san_md *st)
{
	if (!st->started) {
		md_prefix(st, st->prefix.len, 0);
		st->started = 1;
		st->line_start = 1;
		st->digits = 0;
	} else if (st->need) {
		buf_addc(st->out, '\n');
		if (st->need == 2) {
			md_prefix(st, st->need_prefix, 1);
			buf_addc(st->out, '\n');
		}
		md_prefix(st, st->prefix.len, 0);
		st->line_start = 1;
		st->digits = 0;
	}
	st->need = 0;
	st->need_prefix = 0;
}

/* glibc's C.UTF-8 classes, made once, or (locale_t)0 where they cannot be. */
static locale_t san_utf8;
static void san_utf8_make(void) { san_utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0); }

/*
 * What CommonMark's emphasis rules see in the character at s[0..n): 0 a blank (or
 * nothing), 1 punctuation, 2 anything else (a letter, a digit). Outside ASCII,
 * what C.UTF-8 counts neither alphanumeric nor a blank is taken for punctuation
 * (quotes, dashes, and symbols too, which CommonMark takes for letters: a
 * joiner more than needed, never one less, before or after one of them).
 */
static int md_class(const unsigned char *s, size_t n)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	unsigned cp;
	if (!n || !utf8_decode(s, n, &cp) || !cp)
		return 0;
	if (cp < 0x80)
		return strchr(" \t\r\n\f", (int)cp) ? 0 : ispunct((int)cp) ? 1 : 2;
	pthread_once(&once, san_utf8_make);
	if (!san_utf8)
		return 2;
	if (iswspace_l((wint_t)cp, san_utf8))
		return 0;
	return iswalnum_l((wint_t)cp, san_utf8) ? 2 : 1;
}

/* md_class of the character that ends at b[0..n). */
static int md_class_before(const char *b, size_t n)
{
	size_t i = n;
	while (i && n - i < 4 && ((unsigned char)b[i - 1] & 0xC0) == 0x80)
		i--;
	return i ? md_class((const unsigned char *)b + i - 1, n - i + 1) : 0;
}

/*
 * Markers that CommonMark would read as text: "**" opens only where it is not
 * between a letter and punctuation ("word**(x)**"), and closes only where it is
 * not between punctuation and a letter ("**<http://x>**word"), so HTML's
 * "<b>http://x</b>word" showed its asterisks. An invisible word joiner (U+2060,
 * as an entity, whose '&' and ';' are punctuation) goes between them and the
 * letter: nothing shows and no line breaks there, as in the HTML. next: the
 * content that follows the pending markers (st->open).
 */
static void md_flank(struct san_md *st, const char *next)
{
	struct buf *o = st->out;
	const char *first = st->open.len ? st->open.data : next;
	size_t firstn = st->open.len ? st->open.len : strnlen(next, 4);
	if (st->closed && st->closed == o->len &&
	    md_class((const unsigned char *)first, firstn) == 2)
		buf_lit(o, "&#8288;");
	st->closed = 0;
	if (!st->open.len || !strchr("*~", st->open.data[0]) || md_class_before(o->data, o->len) != 2)
		return;
	size_t run = 0;
	while (run < st->open.len && st->open.data[run] == st->open.data[0])
		run++;
	int after = run < st->open.len
			    ? md_class((const unsigned char *)st->open.data + run, st->open.len - run)
			    : md_class((const unsigned char *)next, strnlen(next, 4));
	if (after == 1)
		buf_lit(o, "&#8288;");
}

/* Everything pending before content: break, hard break, space, opening markers.
 * next: that content (its first character is enough). */
static void md_flush(struct san_md *st, const char *next)
{
	md_flush_break(st);
	if (st->hard_break && !st->line_start) {
		buf_lit(st->out, "\\\n");
		md_prefix(st, st->prefix.len, 0);
		st->line_start = 1;
		st->digits = 0;
		st->space = 0;
	}
	st->hard_break = 0;
	if (st->space && !st->line_start)
		buf_addc(st->out, ' ');
	st->space = 0;
	if (!st->line_start)
		md_flank(st, next);
	st->closed = 0;
	if (st->open.len) {
		buf_add(st->out, st->open.data, st->open.len);
		buf_reset(&st->open);
		st->line_start = 0;
	}
	st->fresh_item = 0;
}

/* Text: whitespace collapsed, every character that could be markup escaped. */
static void md_text(struct san_md *st, const char *s)
{
	for (const char *start = s; *s; s++) {
		char c = *s;
		/* An address in the text (outside a link) is a link, whole. */
		if (!st->in_a && (!strncasecmp(s, "http", 4) || !strncasecmp(s, "www.", 4)) &&
		    (s == start || !isalnum((unsigned char)s[-1]))) {
			struct buf link;
			buf_init(&link, 4096);
			size_t l = markdown_bare_link(&link, s, strlen(s));
			if (l && !buf_failed(&link)) {
				md_flush(st, buf_str(&link));
				buf_add(st->out, link.data, link.len);
				st->kept = st->out->len;
				st->line_start = 0;
				st->digits = 0;
				s += l - 1;
				buf_release(&link);
				continue;
			}
			buf_release(&link);
		}
		if (strchr(" \t\r\n\f", c)) {
			if ((st->flags & SANITIZE_AUTOP) && c == '\n' && !st->inline_depth &&
			    !st->in_cell && !st->in_heading) {
				const char *q = s + 1;
				while (*q == ' ' || *q == '\t' || *q == '\r')
					q++;
				if (*q == '\n') {
					md_block(st, 2);
					s = q;
					continue;
				}
			}
			/* wpautop's other half: a single newline in text is a <br>
			 * ("Embassy of Veloria\n12 Harbour Street"). */
			if ((st->flags & SANITIZE_AUTOP) && c == '\n' && !st->in_cell &&
			    !st->in_heading) {
				st->hard_break = 1;
				continue;
			}
			st->space = 1;
			continue;
		}
		/* (An escaped byte is punctuation, as its backslash is.) */
		md_flush(st, s);
		const char *sc = st->script ? san_script_char(st->script, (unsigned char)c) : NULL;
		int esc = strchr("\\`*_[]<>&|~#", c) != NULL;
		if (st->line_start && strchr("+-=", c))
			esc = 1;
		if (st->digits && (c == '.' || c == ')'))
			esc = 1;
		if (sc) {
			buf_adds(st->out, sc);
		} else {
			if (esc)
				buf_addc(st->out, '\\');
			buf_addc(st->out, c);
		}
		st->digits = !sc && (st->line_start || st->digits) && c >= '0' && c <= '9';
		st->line_start = 0;
	}
}

/* Percent-encodes what would end or confuse a Markdown link destination. */
static void md_dest(struct buf *o, const char *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u[i];
		if (c <= 0x20 || c == 0x7F || strchr("()<>\\`\"'", c))
			buf_addf(o, "%%%02X", c);
		else if (c == '&')
			buf_lit(o, "\\&"); /* never read as the start of an entity */
		else
			buf_addc(o, (char)c);
	}
}

static void md_children(struct san_md *st, const xmlNode *parent, int depth);

/* Whether the subtree shows anything: text that is not blank, or an image. */
static int md_has_content(const xmlNode *n, int depth)
{
	if (depth > SANITIZE_MAX_DEPTH) {
		int any = 0;
		san_deep_text(n, san_deep_any, &any);
		return any;
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !san_blank((const char *)c->content))
			return 1;
		if (c->type == XML_ELEMENT_NODE) {
			enum tag t = san_tag(c);
			if (t == T_IMG)
				return 1;
			if (t != T_DROP && md_has_content(c, depth + 1))
				return 1;
		}
	}
	return 0;
}

/* An inline span with the same marker on both sides (*, **, ~~). */
static void md_span(struct san_md *st, const xmlNode *n, const char *mark, int *flag, int depth)
{
	if (*flag) {
		md_children(st, n, depth + 1);
		return;
	}
	size_t mlen = strlen(mark);
	/* The opening marker goes after any pending space, the closing one before. */
	size_t before = st->open.len;
	buf_add(&st->open, mark, mlen);
	*flag = 1;
	st->inline_depth++;
	md_children(st, n, depth + 1);
	st->inline_depth--;
	*flag = 0;
	if (st->open.len >= before + mlen && !memcmp(st->open.data + st->open.len - mlen, mark, mlen)) {
		buf_truncate(&st->open, st->open.len - mlen); /* nothing inside */
		return;
	}
	/* After punctuation (past the markers just closed: "***x***" is after 'x'), the
	 * marker closes only before something that is no letter (md_flank). */
	struct buf *o = st->out;
	size_t k = o->len;
	while (k && (o->data[k - 1] == '*' || o->data[k - 1] == '~'))
		k--;
	buf_add(o, mark, mlen);
	st->closed = md_class_before(o->data, k) == 1 ? o->len : 0;
}

/* The longest run of backticks that opens a code span for md4c 0.4.8. */
#define SAN_CODESPAN_MAX 32

static void md_code(struct san_md *st, const xmlNode *n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	struct buf t;
	buf_init(&t, SANITIZE_MAX_INPUT);
	int sp = 0;
	size_t run = 0, maxrun = 0;
	for (const char *s = (const char *)raw; s && *s; s++) {
		if (strchr(" \t\r\n\f", *s)) {
			sp = 1;
			continue;
		}
		if (sp && t.len)
			buf_addc(&t, ' ');
		sp = 0;
		buf_addc(&t, *s);
		run = *s == '`' ? run + 1 : 0;
		if (run > maxrun)
			maxrun = run;
	}
	xmlFree(raw);
	/* md4c reads no code span delimited by more than 32 backticks: such code is
	 * text (escaped), or what it holds would be read as markup. */
	if (t.len && !buf_failed(&t) && maxrun >= SAN_CODESPAN_MAX) {
		md_text(st, buf_str(&t));
	} else if (t.len && !buf_failed(&t)) {
		md_flush(st, "`");
		/* Right after another code span, the two delimiters would be one run. */
		if (st->out->len && st->out->data[st->out->len - 1] == '`')
			buf_addc(st->out, ' ');
		for (size_t i = 0; i <= maxrun; i++)
			buf_addc(st->out, '`');
		int pad = t.data[0] == '`' || t.data[t.len - 1] == '`';
		if (pad)
			buf_addc(st->out, ' ');
		buf_add(st->out, t.data, t.len);
		if (pad)
			buf_addc(st->out, ' ');
		for (size_t i = 0; i <= maxrun; i++)
			buf_addc(st->out, '`');
		st->line_start = 0;
		st->digits = 0;
	}
	buf_release(&t);
}

static void md_pre(struct san_md *st, const xmlNode *n)
{
	if (st->in_cell || st->in_heading) {
		md_code(st, n);
		return;
	}
	xmlChar *raw = xmlNodeGetContent(n);
	const char *s = raw ? (const char *)raw : "";
	size_t len = strlen(s), run = 0, maxrun = 2;
	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	for (size_t i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > maxrun)
			maxrun = run;
	}
	md_block(st, 2);
	md_flush_break(st);
	st->fresh_item = 0;
	for (size_t i = 0; i <= maxrun; i++)
		buf_addc(st->out, '`');
	buf_addc(st->out, '\n');
	md_prefix(st, st->prefix.len, 0);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r')
			continue;
		buf_addc(st->out, s[i]);
		if (s[i] == '\n')
			md_prefix(st, st->prefix.len, 0);
	}
	if (len)
		buf_addc(st->out, '\n'), md_prefix(st, st->prefix.len, 0);
	for (size_t i = 0; i <= maxrun; i++)
		buf_addc(st->out, '`');
	xmlFree(raw);
	st->line_start = 0;
	md_block(st, 2);
}

static void md_link(struct san_md *st, const xmlNode *n, int depth)
{
	xmlChar *href = san_attr(n, "href");
	int ok = !st->in_a && san_url(&st->url, href, st->base, SAN_LINK);
	xmlFree(href);
	if (!ok || !md_has_content(n, depth)) {
		md_children(st, n, depth + 1);
		return;
	}
	struct buf dest;
	buf_init(&dest, 65536);
	md_dest(&dest, st->url.data, st->url.len);
	buf_addc(&st->open, '[');
	st->in_a = 1;
	st->inline_depth++;
	md_children(st, n, depth + 1);
	st->inline_depth--;
	st->in_a = 0;
	if (st->open.len && st->open.data[st->open.len - 1] == '[') {
		buf_truncate(&st->open, st->open.len - 1);
	} else {
		buf_lit(st->out, "](");
		buf_add(st->out, dest.data, dest.len);
		buf_addc(st->out, ')');
	}
	buf_release(&dest);
}

static void md_image(struct san_md *st, const xmlNode *n)
{
	xmlChar *src = san_attr(n, "src");
	int ok = san_url(&st->url, src, st->base,
			 st->flags & SANITIZE_RELATIVE_IMAGES ? SAN_IMAGE_RELATIVE : SAN_IMAGE);
	xmlFree(src);
	if (!ok)
		return;
	struct buf dest;
	buf_init(&dest, 65536);
	md_dest(&dest, st->url.data, st->url.len);
	md_flush(st, "!");
	buf_lit(st->out, "![");
	xmlChar *alt = san_attr(n, "alt");
	st->line_start = 0;
	st->digits = 0;
	if (alt) {
		int sp = st->space;
		md_text(st, (const char *)alt);
		st->space = sp;
	}
	xmlFree(alt);
	buf_lit(st->out, "](");
	buf_add(st->out, dest.data, dest.len);
	buf_addc(st->out, ')');
	buf_release(&dest);
}

static void md_list(struct san_md *st, const xmlNode *n, int ordered, int depth)
{
	if (st->in_cell || st->in_heading || st->nlists >= (int)(sizeof st->lists / sizeof st->lists[0])) {
		md_block(st, 1);
		md_children(st, n, depth + 1);
		return;
	}
	md_block(st, st->nlists ? 1 : 2);
	if (st->nlists && st->need == 2)
		st->need = 1; /* a list nested in an item follows its text directly */
	struct md_list *l = &st->lists[st->nlists++];
	l->ordered = ordered;
	l->next = ordered ? san_start(n) : 0;
	if (ordered && !l->next)
		l->next = 1;
	for (const xmlNode *c = n->children; c; c = c->next) {
		int is_li = c->type == XML_ELEMENT_NODE && san_tag(c) == T_LI;
		if (c->type == XML_ELEMENT_NODE && san_tag(c) == T_DROP)
			continue;
		if (!is_li && !(c->type == XML_ELEMENT_NODE ? md_has_content(c, depth) :
			(c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
			!san_blank((const char *)c->content)))
			continue;
		md_block(st, 1);
		st->fresh_item = 0;
		md_flush_break(st);
		char marker[24];
		if (ordered)
			snprintf(marker, sizeof marker, "%ld. ", l->next > 999999999 ? 999999999 : l->next++);
		else
			snprintf(marker, sizeof marker, "- ");
		buf_adds(st->out, marker);
		size_t plen = st->prefix.len;
		for (size_t i = 0; marker[i]; i++)
			buf_addc(&st->prefix, ' ');
		st->line_start = 1;
		st->digits = 0;
		st->fresh_item = 1;
		st->space = 0;
		if (is_li) {
			md_children(st, c, depth + 1);
		} else {
			/* A stray node in a list: an item of its own. */
			xmlNode tmp = *c;
			tmp.next = NULL;
			xmlNode holder = {0};
			holder.children = &tmp;
			md_children(st, &holder, depth + 1);
		}
		st->fresh_item = 0;
		buf_truncate(&st->prefix, plen);
		md_block(st, 1);
	}
	st->nlists--;
	md_block(st, st->nlists ? 1 : 2);
}

static void md_table(struct san_md *st, const xmlNode *n, int depth);

static void md_row(struct san_md *st, const xmlNode *tr, int *rows, int depth)
{
	int cells = 0;
	md_block(st, 1);
	md_flush_break(st);
	buf_addc(st->out, '|');
	for (const xmlNode *c = tr->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		enum tag t = san_tag(c);
		if (t != T_TD && t != T_TH)
			continue;
		buf_addc(st->out, ' ');
		st->in_cell = 1;
		st->line_start = 0;
		st->space = 0;
		md_children(st, c, depth + 1);
		st->space = 0;
		buf_reset(&st->open);
		st->in_cell = 0;
		buf_lit(st->out, " |");
		cells++;
	}
	if (!cells)
		buf_lit(st->out, " |");
	if ((*rows)++ == 0) {
		buf_addc(st->out, '\n');
		md_prefix(st, st->prefix.len, 0);
		buf_addc(st->out, '|');
		for (int i = 0; i < (cells ? cells : 1); i++)
			buf_lit(st->out, " --- |");
	}
	st->line_start = 0;
	md_block(st, 1);
}

static void md_table_rows(struct san_md *st, const xmlNode *n, int *rows, int depth)
{
	if (depth > SANITIZE_MAX_DEPTH)
		return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		enum tag t = san_tag(c);
		if (t == T_TR)
			md_row(st, c, rows, depth + 1);
		else if (t == T_THEAD || t == T_TBODY || t == T_OTHER)
			md_table_rows(st, c, rows, depth + 1);
	}
}

static void md_table(struct san_md *st, const xmlNode *n, int depth)
{
	if (st->in_cell || st->in_heading || st->in_table) {
		md_children(st, n, depth + 1);
		return;
	}
	md_block(st, 2);
	st->fresh_item = 0;
	int rows = 0;
	st->in_table = 1;
	md_table_rows(st, n, &rows, depth + 1);
	st->in_table = 0;
	md_block(st, 2);
}

static void md_heading(struct san_md *st, const xmlNode *n, enum tag t, int depth)
{
	if (st->in_cell || st->in_heading || !md_has_content(n, depth)) {
		md_children(st, n, depth + 1);
		return;
	}
	/* The renderer shifts every level down one (the page owns h1): h1 and h2 are "#". */
	int level = t <= T_H2 ? 1 : (int)(t - T_H1);
	md_block(st, 2);
	st->fresh_item = 0;
	for (int i = 0; i < level; i++)
		buf_addc(&st->open, '#');
	buf_addc(&st->open, ' ');
	st->in_heading = 1;
	md_children(st, n, depth + 1);
	st->in_heading = 0;
	buf_reset(&st->open);
	st->space = 0;
	md_block(st, 2);
}

static void md_deep_add(void *ctx, const char *s)
{
	md_text(ctx, s);
}

static void md_children(struct san_md *st, const xmlNode *parent, int depth)
{
	if (depth > SANITIZE_MAX_DEPTH) {
		san_deep_text(parent, md_deep_add, st);
		return;
	}
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				md_text(st, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		enum tag t = san_tag(c);
		switch (t) {
		case T_DROP:
			break;
		case T_SUB: case T_SUP: {
			/* One inside the other: its own kind, if its characters have it. */
			enum tag script = st->script;
			if (script != t)
				st->script = san_script_of(c, t, depth + 1);
			md_children(st, c, depth + 1);
			st->script = script;
			break;
		}
		case T_OTHER: case T_SPAN: case T_U: case T_Q: case T_CITE: case T_ABBR:
			md_children(st, c, depth + 1);
			break;
		case T_P: case T_BLOCKISH: case T_FIGURE: case T_FIGCAPTION: case T_LI: case T_TD:
		case T_TH: case T_THEAD: case T_TBODY: case T_TR:
			if (st->inline_depth) {
				st->space = 1;
				md_children(st, c, depth + 1);
				st->space = 1;
				break;
			}
			md_block(st, 2);
			md_children(st, c, depth + 1);
			md_block(st, 2);
			break;
		case T_BR:
			if (st->in_cell || st->in_heading)
				st->space = 1;
			else if (st->started && !st->need)
				st->hard_break = 1;
			break;
		case T_HR:
			if (st->in_cell || st->in_heading || st->inline_depth)
				break;
			md_block(st, 2);
			st->fresh_item = 0;
			md_flush_break(st);
			buf_lit(st->out, "---");
			md_block(st, 2);
			break;
		case T_A: md_link(st, c, depth); break;
		case T_EM: case T_I: md_span(st, c, "*", &st->in_em, depth); break;
		case T_STRONG: case T_B: md_span(st, c, "**", &st->in_strong, depth); break;
		case T_S: md_span(st, c, "~~", &st->in_s, depth); break;
		case T_CODE: md_code(st, c); break;
		case T_PRE: md_pre(st, c); break;
		case T_IMG: {
			/* Its alt text is no superscript, whatever it is in. */
			enum tag script = st->script;
			st->script = 0;
			md_image(st, c);
			st->script = script;
			break;
		}
		case T_UL: case T_OL:
			if (st->inline_depth) {
				st->space = 1;
				md_children(st, c, depth + 1);
				break;
			}
			md_list(st, c, t == T_OL, depth);
			break;
		case T_TABLE:
			if (st->inline_depth) {
				st->space = 1;
				md_children(st, c, depth + 1);
				break;
			}
			md_table(st, c, depth);
			break;
		case T_BLOCKQUOTE:
			if (st->in_cell || st->in_heading || st->inline_depth || st->prefix.len > 64) {
				st->space = 1;
				md_children(st, c, depth + 1);
				break;
			}
			md_block(st, 2);
			st->fresh_item = 0;
			{
				size_t plen = st->prefix.len;
				md_flush_break(st);
				buf_lit(&st->prefix, "> ");
				buf_lit(st->out, "> ");
				st->line_start = 1;
				st->fresh_item = 1; /* the first block starts on this line */
				md_children(st, c, depth + 1);
				st->fresh_item = 0;
				buf_truncate(&st->prefix, plen);
			}
			md_block(st, 2);
			break;
		case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
			if (st->inline_depth) {
				md_children(st, c, depth + 1);
				break;
			}
			md_heading(st, c, t, depth);
			break;
		}
	}
}

int sanitize_markdown(struct buf *out, const char *html, size_t n, const char *base,
		      unsigned flags)
{
	if (!n)
		return buf_failed(out) ? -1 : 0;
	htmlDocPtr doc;
	if (san_parse(html, n, &doc))
		return -1;
	if (!doc)
		return buf_failed(out) ? -1 : 0;
	struct san_md st = {.out = out, .base = base, .flags = flags};
	buf_init(&st.url, 16384);
	buf_init(&st.prefix, 4096);
	buf_init(&st.open, 4096);
	size_t start = out->len;
	md_children(&st, san_body(doc), 0);
	/* Trailing blanks and a dangling prefix go; one newline ends the text. */
	while (out->len > start && out->len > st.kept && strchr(" >\n", out->data[out->len - 1]) &&
	       !(out->len >= start + 2 && out->data[out->len - 2] == '\\'))
		buf_truncate(out, out->len - 1);
	if (out->len > start)
		buf_addc(out, '\n');
	buf_release(&st.url);
	buf_release(&st.prefix);
	buf_release(&st.open);
	xmlFreeDoc(doc);
	int bad = buf_failed(out) || buf_failed(&st.url);
	return bad ? -1 : 0;
}

/* ---- raw HTML in Markdown --------------------------------------------------- */

/* Whether out past first is empty or ends with a blank line. */
static int body_apart(const struct buf *out, size_t first)
{
	return out->len == first ||
	       (out->len >= first + 2 && !memcmp(out->data + out->len - 2, "\n\n", 2));
}

int sanitize_markdown_body(struct buf *out, const char *src, size_t srclen)
{
	struct markdown_range *r;
	size_t nr;
	if (srclen > SANITIZE_MAX_INPUT || markdown_html_blocks(src, srclen, &r, &nr))
		return -1;
	if (!nr)
		return 0;
	free(r);
	/* The text will change: with "\n" for md4c's every line end ("\r\n", "\r"), so
	 * that a blank line is "\n\n" below. */
	struct buf md, html, conv;
	buf_init(&md, SANITIZE_MAX_INPUT);
	buf_init(&html, 0);
	buf_init(&conv, 0);
	for (size_t i = 0; i < srclen; i++)
		if (src[i] != '\r')
			buf_addc(&md, src[i]);
		else if (i + 1 == srclen || src[i + 1] != '\n')
			buf_addc(&md, '\n');
	const char *t = md.data ? md.data : "";
	size_t n = md.len, at = 0, first = out->len;
	int bad = buf_failed(&md) || markdown_html_blocks(t, n, &r, &nr);
	for (size_t i = 0; i < nr && !bad; i++) {
		buf_add(out, t + at, r[i].beg - at);
		buf_reset(&html);
		buf_reset(&conv);
		bad = markdown_render(&html, t + r[i].beg, r[i].end - r[i].beg, MD_RAW_HTML) ||
		      sanitize_markdown(&conv, html.data ? html.data : "", html.len, NULL,
					SANITIZE_RELATIVE_IMAGES);
		at = r[i].end;
		/* Still a block of its own: a blank line before it (the text before ends
		 * its line) and after it. */
		if (conv.len) {
			if (!body_apart(out, first))
				buf_addc(out, '\n');
			buf_add(out, conv.data, conv.len);
			if (at < n && t[at] != '\n')
				buf_addc(out, '\n');
			continue;
		}
		/* A block that left nothing ("<!--more-->") leaves no run of blank lines,
		 * and keeps the blocks around it apart, as it did: an indented line after
		 * it must not become part of the paragraph before it. */
		if (body_apart(out, first))
			while (at < n && t[at] == '\n')
				at++;
		else if (at < n && t[at] != '\n')
			buf_addc(out, '\n');
	}
	if (!bad) {
		buf_add(out, t + at, n - at);
		/* Nor at the end, where the text had none. */
		int had = n >= 2 && t[n - 1] == '\n' && t[n - 2] == '\n';
		while (!had && out->len >= first + 2 && body_apart(out, first))
			buf_truncate(out, out->len - 1);
	}
	buf_release(&md);
	buf_release(&html);
	buf_release(&conv);
	free(r);
	return bad || buf_failed(out) ? -1 : 1;
}
