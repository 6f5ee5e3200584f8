/* RSS and Atom into struct feed_doc (see parse.h for the XML safety rules). */
#include "parse.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/buf.h"
#include "../base/datetext.h"
#include "../base/tz.h"
#include "../render/escape.h"
#include "../render/sanitize.h"
#include "../store/store_feeds.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS1 "http://purl.org/rss/1.0/"

/* ---- the safe reader ---------------------------------------------------------- */

struct xml_guard {
	int doctype;
	int entity;
	int line;          /* of the first error: later ones are often its echoes */
	char msg[200];
	int encoding;      /* libxml2 could not convert the bytes from the encoding named */
	startElementNsSAX2Func start;  /* libxml2's own */
};

/*
 * libxml2's own element start, then the element's line kept in its psvi when it is
 * past 65,535, where a node's own line field stops counting (XML_PARSE_BIG_LINES
 * keeps big lines for text nodes only, and a post's content is CDATA). Nothing here
 * validates against a schema, the one other user of psvi. feed_node_line reads it.
 */
static void xml_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr c = ctx;
	struct xml_guard *g = c->_private;
	g->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
		 nb_defaulted, attributes);
	if (c->node && c->input && c->input->line >= 65535)
		c->node->psvi = (void *)(intptr_t)c->input->line;
}

long feed_node_line(const xmlNode *n)
{
	if (n && n->type == XML_ELEMENT_NODE && n->psvi)
		return (long)(intptr_t)n->psvi;
	return n ? xmlGetLineNo(n) : 0;
}

/*
 * libxml2's messages end in a newline and some hold one inside ("Input is not
 * proper UTF-8, indicate encoding !\nBytes: 0xCA ..."); ours are one line (found
 * by fuzzing: tests/fuzz/crashes/wxr/ and feed/).
 */
static void xml_one_line(char *msg)
{
	/* What follows a first line is the text it stopped in ("CData section not
	 * finished\n<a whole post>"), but for the bytes of a bad character. */
	char *nl = strchr(msg, '\n');
	if (nl && strncmp(nl + 1, "Bytes:", 6))
		*nl = '\0';
	size_t k = strlen(msg);
	while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
		msg[--k] = '\0';
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

static void xml_first_error(void *ud, xmlErrorPtr e)
{
	xmlParserCtxtPtr c = ud;
	struct xml_guard *g = c && c->_private ? c->_private : NULL;
	/* libxml2 has no words for some codes: the next error says more. */
	if (!g || g->line || !e || e->level < XML_ERR_ERROR || !e->message ||
	    !strncmp(e->message, "Unregistered error", 18))
		return;
	g->line = e->line > 0 ? e->line : 1;
	snprintf(g->msg, sizeof g->msg, "%s", e->message ? e->message : "not well-formed XML");
	xml_one_line(g->msg);
}

/* libxml2's messages without a parser (its encoding and I/O layers), which it
 * prints on stderr unnamed: noted instead, for the feed's own message. */
static void xml_generic_error(void *ctx, const char *fmt, ...)
{
	struct xml_guard *g = ctx;
	char text[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (g && (strstr(text, "encoding error") || strstr(text, "conversion failed") ||
		  strstr(text, "encoder error")))
		g->encoding = 1;
}

static void xml_stop_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr c = ctx;
	(void)name, (void)ext, (void)sys;
	((struct xml_guard *)c->_private)->doctype = 1;
	xmlStopParser(c);
}

static void xml_stop_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
			    const xmlChar *sys, xmlChar *content)
{
	xmlParserCtxtPtr c = ctx;
	(void)name, (void)type, (void)pub, (void)sys, (void)content;
	((struct xml_guard *)c->_private)->entity = 1;
	xmlStopParser(c);
}

/* Scans the prolog (BOM, XML declaration, comments, PIs, blanks): 1 if a "<!"
 * other than a comment comes before the first element, i.e. a DOCTYPE. */
static int xml_prolog_has_doctype(const char *s, size_t n, int *line, size_t *at)
{
	size_t i = 0;
	*line = 1;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n) {
		char c = s[i];
		if (c == '\n')
			(*line)++;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			i++;
			continue;
		}
		if (c != '<' || i + 1 >= n)
			return 0;
		if (s[i + 1] == '?') {
			const char *e = memmem(s + i, n - i, "?>", 2);
			if (!e)
				return 0;
			for (const char *p = s + i; p < e; p++)
				*line += *p == '\n';
			i = (size_t)(e - s) + 2;
			continue;
		}
		if (i + 3 < n && !memcmp(s + i, "<!--", 4)) {
			const char *e = memmem(s + i, n - i, "-->", 3);
			if (!e)
				return 0;
			for (const char *p = s + i; p < e; p++)
				*line += *p == '\n';
			i = (size_t)(e - s) + 3;
			continue;
		}
		*at = i;
		return s[i + 1] == '!';
	}
	return 0;
}

/* Whether the document says its own encoding: a byte order mark, or an XML
 * declaration with encoding="...". */
static int xml_says_encoding(const char *s, size_t n)
{
	if (n >= 2 && ((unsigned char)s[0] == 0xFE || (unsigned char)s[0] == 0xFF ||
		       (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))))
		return 1;
	if (n < 5 || memcmp(s, "<?xml", 5))
		return 0;
	const char *end = memmem(s, n < 512 ? n : 512, "?>", 2);
	return end && memmem(s, (size_t)(end - s), "encoding", 8);
}

/* The encoding the document's declaration names (or enc, the server's), for a
 * message: at most 40 bytes, in a static buffer. */
static const char *xml_encoding_name(const char *s, size_t n, const char *enc)
{
	static _Thread_local char name[48];
	snprintf(name, sizeof name, "%s", enc ? enc : "?");
	const char *end = n >= 5 && !memcmp(s, "<?xml", 5) ? memmem(s, n < 512 ? n : 512, "?>", 2) : NULL;
	const char *e = end ? memmem(s, (size_t)(end - s), "encoding", 8) : NULL;
	if (!enc && e) {
		e += 8;
		while (e < end && (*e == ' ' || *e == '=' || *e == '"' || *e == '\''))
			e++;
		size_t k = 0;
		while (e + k < end && k < 40 && e[k] != '"' && e[k] != '\'' && e[k] != ' ')
			k++;
		snprintf(name, sizeof name, "%.*s", (int)k, e);
	}
	return name;
}

/* The first byte 0x01-0x08, 0x0B, 0x0C or 0x0E-0x1F of data (never in XML 1.0, nor
 * in a CDATA section), its line in *line; 0 if none, or if data is UTF-16. */
static int xml_control_char(const char *data, size_t n, int *line)
{
	if (n >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
		       (data[0] == '\xFE' && data[1] == '\xFF') || !data[0] || !data[1]))
		return 0;
	int l = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c == '\n')
			l++;
		else if (c && c < 0x20 && c != '\t' && c != '\r') {
			*line = l;
			return c;
		}
	}
	return 0;
}

/* The length of RSS 0.91's own DOCTYPE at s (n bytes), as Netscape published it:
 * "<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "URL">",
 * with no internal subset; 0 when s is anything else. */
static size_t xml_rss091_doctype(const char *s, size_t n)
{
	static const char *const parts[] = {"<!DOCTYPE", "rss", "PUBLIC"};
	size_t i = 0;
	for (size_t k = 0; k < 3; k++) {
		size_t l = strlen(parts[k]);
		if (n - i < l || strncmp(s + i, parts[k], l))
			return 0;
		i += l;
		size_t b = i;
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		if (i == b)
			return 0;
	}
	/* The public id, then a system id or none: quoted, no '<', '>' or '[' inside. */
	for (int lit = 0; lit < 2 && i < n && (s[i] == '"' || s[i] == '\''); lit++) {
		const char *q = memchr(s + i + 1, s[i], n - i - 1);
		if (!q || memchr(s + i + 1, '<', (size_t)(q - s - i - 1)) ||
		    memchr(s + i + 1, '>', (size_t)(q - s - i - 1)) ||
		    memchr(s + i + 1, '[', (size_t)(q - s - i - 1)))
			return 0;
		static const char id[] = "-//Netscape Communications//DTD RSS 0.91//EN";
		if (!lit && ((size_t)(q - s - i - 1) != sizeof(id) - 1 ||
			     memcmp(s + i + 1, id, sizeof(id) - 1)))
			return 0;
		i = (size_t)(q - s) + 1;
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
	}
	return i < n && s[i] == '>' ? i + 1 : 0;
}

xmlDocPtr feed_xml_read(const char *data, size_t n, const char *url, char *err, size_t errsz,
			int *line)
{
	return feed_xml_read_as(data, n, url, NULL, err, errsz, line);
}

xmlDocPtr feed_xml_read_as(const char *data, size_t n, const char *url, const char *charset,
			   char *err, size_t errsz, int *line)
{
	int l = 0;
	if (line)
		*line = 0;
	if (n > (size_t)INT32_MAX) {
		snprintf(err, errsz, "too large");
		return NULL;
	}
	size_t at = 0;
	char *copy = NULL;
	/* RSS 0.91's own DOCTYPE declares nothing and is never read (nor fetched): the
	 * feed is read without it, blanked out (its lines kept), every guard still on;
	 * an entity it would have defined (&nbsp;) is then an error on its line. */
	size_t d91 = 0;
	if (xml_prolog_has_doctype(data, n, &l, &at) && (d91 = xml_rss091_doctype(data + at, n - at)) &&
	    (copy = malloc(n))) {
		memcpy(copy, data, n);
		for (size_t i = at; i < at + d91; i++)
			if (copy[i] != '\n')
				copy[i] = ' ';
		data = copy;
	}
	if (d91 && !copy) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (xml_prolog_has_doctype(data, n, &l, &at)) {
		if (line)
			*line = l;
		/* A web page given for its feed is the likelier mistake: said so. */
		if (n - at >= 14 && !strncasecmp(data + at, "<!DOCTYPE html", 14))
			snprintf(err, errsz, "%d: a web page (<!DOCTYPE html>), not an RSS or Atom feed: "
				 "give the address of its feed", l);
		else
			snprintf(err, errsz, "%d: a DOCTYPE is not accepted (DTDs and entities are "
				 "refused)", l);
		free(copy);
		return NULL;
	}
	char lerr[360];
	if (xmllib_load(XML_NEEDS, lerr, sizeof lerr)) {
		snprintf(err, errsz, "0: %s", lerr);
		free(copy);
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		snprintf(err, errsz, "out of memory");
		free(copy);
		return NULL;
	}
	struct xml_guard g = {0};
	ctxt->_private = &g;
	ctxt->sax->internalSubset = xml_stop_doctype;
	ctxt->sax->externalSubset = xml_stop_doctype;
	ctxt->sax->entityDecl = xml_stop_entity;
	ctxt->sax->serror = xml_first_error;
	g.start = ctxt->sax->startElementNs;
	if (g.start)
		ctxt->sax->startElementNs = xml_start;
	/* The HTTP charset counts where the document says none (RFC 7303): a ministry's
	 * windows-1251 feed without an encoding in its declaration. Where it says one,
	 * that one: servers misname it more often than documents do. */
	const char *enc = charset && *charset && !xml_says_encoding(data, n) ? charset : NULL;
	xmlSetGenericErrorFunc(&g, xml_generic_error);
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)n, url, enc,
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					  XML_PARSE_BIG_LINES);
	xmlSetGenericErrorFunc(NULL, NULL);
	const xmlError *xe = xmlCtxtGetLastError(ctxt);
	l = g.line ? g.line : xe ? xe->line : 0;
	if (!l && ctxt->input)
		l = ctxt->input->line;
	if (g.doctype || g.entity || (doc && (doc->intSubset || doc->extSubset))) {
		snprintf(err, errsz, "%d: a DOCTYPE or entity declaration is not accepted "
				     "(DTDs and entities are refused)", l);
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (!doc || !ctxt->wellFormed) {
		char msg[256] = "not well-formed XML";
		int bad, bl;
		if ((bad = xml_control_char(data, n, &bl)) > 0 && (bl <= l || !l)) {
			/* libxml2 names what it was reading ("CData section not finished"). */
			l = bl;
			snprintf(msg, sizeof msg, "a control character (0x%02X) that XML does not "
				 "allow, as text pasted from a word processor often has: remove it", bad);
		} else if (g.encoding) {
			snprintf(msg, sizeof msg, "its bytes are not in the encoding %s names (%s): "
				 "it must declare the one it is written in", enc ? "the server" : "the feed",
				 xml_encoding_name(data, n, enc));
		} else if (g.line) {
			snprintf(msg, sizeof msg, "%s", g.msg);
		} else if (xe && xe->message) {
			snprintf(msg, sizeof msg, "%s", xe->message);
			xml_one_line(msg);
		}
		snprintf(err, errsz, "%d: %s", l, msg);
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (!xmlDocGetRootElement(doc)) {
		snprintf(err, errsz, "%d: no root element", l);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (line)
		*line = l;
	xmlFreeParserCtxt(ctxt);
	free(copy);
	return doc;
}

/* ---- dates -------------------------------------------------------------------- */

int64_t feed_parse_date(const char *s)
{
	struct date_text w;
	if (date_text_parse(s, &w))
		return 0;
	/* A date without a zone is UTC here. 0 says "unread", and no item before 1970
	 * comes from a feed: such a date is a zero timestamp printed in some zone
	 * ("1969-12-31T19:00:00-05:00"). */
	int64_t t = tz_utc_from_civil(w.y, w.mo, w.d, w.h, w.mi, w.sec) - (w.zoned ? w.off : 0);
	return t > 0 ? t : 0;
}

/* ---- the tree ----------------------------------------------------------------- */

char *feed_node_text(const xmlNode *n)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	return (char *)t;
}

static int is_el(const xmlNode *n, const char *ns, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name))
		return 0;
	if (!ns)
		return !n->ns || !n->ns->href || !*n->ns->href;
	return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

/* A heap copy of s with whitespace runs collapsed and trimmed. */
static char *dup_collapsed(const char *s)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	int sp = 0;
	for (; s && *s; s++) {
		if (strchr(" \t\r\n\f", *s)) {
			sp = 1;
			continue;
		}
		if (sp && b.len)
			buf_addc(&b, ' ');
		sp = 0;
		buf_addc(&b, *s);
	}
	char *r = buf_detach(&b, NULL);
	return r ? r : strdup("");
}

static char *el_text(const xmlNode *n)
{
	char *t = feed_node_text(n);
	char *r = dup_collapsed(t);
	xmlFree(t);
	return r;
}

static char *el_raw(const xmlNode *n)
{
	char *t = feed_node_text(n);
	char *r = strdup(t ? t : "");
	xmlFree(t);
	return r;
}

/* The visible text of HTML (a title), whitespace collapsed; malloc'ed. */
static char *html_text(const char *html)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	sanitize_text(&b, html ? html : "", html ? strlen(html) : 0);
	char *r = dup_collapsed(buf_str(&b));
	buf_release(&b);
	return r;
}

/* Whether s has an HTML tag a title may carry ("<b>", "</em>", "<br/>"), not just a
 * '<' of the text ("the <Sea> treaty", "a < b"). */
static int has_html_tag(const char *s)
{
	static const char *const tags[] = {"b",	"i",	"em",	"strong", "span", "a",
					   "br",	"sup",	"sub",	"u",	  "s",	  "small",
					   "big",	"abbr", "code", "font",	  "q",	  "mark",
					   "cite", "del",	"ins",	"img",	  "p",	  "div"};
	for (const char *lt = strchr(s, '<'); lt; lt = strchr(lt + 1, '<')) {
		const char *p = lt + 1 + (lt[1] == '/');
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
			size_t n = strlen(tags[i]);
			if (!strncasecmp(p, tags[i], n) &&
			    (p[n] == '>' || p[n] == '/' || p[n] == ' ' || p[n] == '\t'))
				return 1;
		}
	}
	return 0;
}

/* An RSS title: text, but feeds put HTML in it ("Minister <b>meets</b> envoy", "Q&amp;A"
 * escaped once more), as feed readers take it: its visible text. Without a tag of
 * HTML, a '<' is the text's ("Q&amp;A: the &lt;Sea&gt; treaty" is "Q&A: the <Sea>
 * treaty") and only entities are read; plain text (no '<' or '&') is taken as it is. */
static char *rss_title(const xmlNode *n)
{
	char *t = feed_node_text(n);
	char *r;
	if (!t || !strpbrk(t, "<&")) {
		r = dup_collapsed(t);
	} else if (has_html_tag(t)) {
		r = html_text(t);
	} else {
		struct buf b;
		buf_init(&b, 1 << 20);
		for (const char *c = t; *c; c++)
			if (*c == '<')
				buf_lit(&b, "&lt;");
			else
				buf_addc(&b, *c);
		r = buf_failed(&b) ? NULL : html_text(buf_str(&b));
		buf_release(&b);
	}
	xmlFree(t);
	return r;
}

/* An Atom text construct as HTML (for content) or text (for titles). */
static char *atom_text(const xmlNode *n, int as_html)
{
	xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
	const char *t = type ? (const char *)type : "text";
	char *r = NULL;
	if (!strcmp(t, "xhtml")) {
		xmlBufferPtr xb = xmlBufferCreate();
		for (const xmlNode *c = n->children; xb && c; c = c->next)
			xmlNodeDump(xb, n->doc, (xmlNode *)c, 0, 0);
		const char *html = xb ? (const char *)xmlBufferContent(xb) : "";
		r = as_html ? strdup(html ? html : "") : html_text(html);
		if (xb)
			xmlBufferFree(xb);
	} else if (!strcmp(t, "html") || !strcmp(t, "text/html")) {
		char *raw = feed_node_text(n);
		r = as_html ? strdup(raw ? raw : "") : html_text(raw);
		xmlFree(raw);
	} else {
		char *raw = feed_node_text(n);
		if (as_html) {
			/* Text: its blank lines part paragraphs, its line breaks stay. */
			struct buf b;
			buf_init(&b, 1 << 24);
			const char *s = raw ? raw : "";
			while (*s) {
				while (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
					s++;
				if (!*s)
					break;
				buf_lit(&b, "<p>");
				while (*s) {
					const char *nl = strchr(s, '\n');
					size_t len = nl ? (size_t)(nl - s) : strlen(s);
					esc_html(&b, s, len);
					s += len;
					if (!*s)
						break;
					s++;
					const char *q = s;
					while (*q == ' ' || *q == '\t' || *q == '\r')
						q++;
					if (*q == '\n' || !*q) {
						s = q;
						break;
					}
					buf_lit(&b, "<br>\n");
				}
				buf_lit(&b, "</p>\n");
			}
			r = buf_detach(&b, NULL);
		} else {
			r = dup_collapsed(raw);
		}
		xmlFree(raw);
	}
	xmlFree(type);
	return r ? r : strdup("");
}

/* Resolves link against base; a heap string ("" when there is no link). */
static char *resolve(const char *link, const char *base)
{
	if (!link || !*link)
		return strdup("");
	struct buf clean, enc;
	buf_init(&clean, 8192);
	buf_init(&enc, 16384);
	sanitize_url_clean(&clean, link);
	/* What a URL may not hold as it is (a space inside, quotes, <>, a backslash),
	 * percent-encoded as a browser sends it ("/news/a b.html" is .../a%20b.html),
	 * before resolving: libxml2 resolves no link with a space in it. */
	for (const char *c = buf_str(&clean); *c; c++)
		if (strchr(" \"'`<>\\", *c))
			buf_addf(&enc, "%%%02X", (unsigned char)*c);
		else
			buf_addc(&enc, *c);
	char *r = NULL;
	if (!buf_failed(&enc) && base && *base) {
		xmlChar *abs = xmlBuildURI((const xmlChar *)buf_str(&enc), (const xmlChar *)base);
		if (abs) {
			r = strdup((const char *)abs);
			xmlFree(abs);
		}
	}
	if (!r && !buf_failed(&enc))
		r = strdup(buf_str(&enc));
	buf_release(&clean);
	buf_release(&enc);
	return r;
}

/*
 * The base URI in scope at n (XML Base): the xml:base of n and of each element
 * around it, each resolved against the one outside it, the outermost against url
 * (the document's URL). xmlNodeGetBase does the same, but xmllib does not load it.
 * A heap string, or NULL when there is no base at all; *given says whether any
 * xml:base was in scope.
 */
static char *node_base(const xmlNode *n, const char *url, int *given)
{
	struct buf clean;
	buf_init(&clean, 8192);
	char *b = NULL;
	*given = 0;
	for (; n; n = n->parent) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"base", XML_XML_NAMESPACE);
		if (!v)
			continue;
		sanitize_url_clean(&clean, (const char *)v);
		xmlFree(v);
		/* Longer than the cap, it is no URL anyone serves: as if not written. */
		if (buf_failed(&clean))
			continue;
		/* An empty xml:base is the base around it. */
		char *inner = b;
		b = inner && *inner ? resolve(inner, buf_str(&clean)) : strdup(buf_str(&clean));
		free(inner);
		*given = 1;
	}
	buf_release(&clean);
	if (!*given)
		return url ? strdup(url) : NULL;
	if (b && url) {
		char *inner = b;
		b = *inner ? resolve(inner, url) : strdup(url);
		free(inner);
	}
	return b;
}

/* link resolved against the base in scope at n (the feed's URL when there is no
 * xml:base): a heap string, "" when there is no link. */
static char *resolve_at(const char *link, const xmlNode *n, const char *url)
{
	int given;
	char *base = node_base(n, url, &given);
	char *r = resolve(link, base);
	free(base);
	return r;
}

static int is_http(const char *u)
{
	return u && ((!strncasecmp(u, "http://", 7) && u[7]) ||
		     (!strncasecmp(u, "https://", 8) && u[8]));
}

/*
 * e->base from body, the element the content (else the summary) came from: the
 * xml:base in scope there, else the entry's link, else the feed's URL; the first of
 * them that is an absolute http(s) URL, else "". An RSS item without a link used to
 * have no base at all, and the relative images of its description were dropped.
 */
static char *entry_base(const xmlNode *body, const char *link, const char *url)
{
	int given;
	char *b = node_base(body, url, &given);
	if (given && is_http(b))
		return b;
	free(b);
	return strdup(is_http(link) ? link : is_http(url) ? url : "");
}

/* Keeps date in e->bad_date if it is written but cannot be read and no date
 * before it was kept: the first such is the one the caller reports. */
static void note_bad_date(struct feed_entry *e, const char *date)
{
	if (e->bad_date || !date || !*date || feed_parse_date(date))
		return;
	e->bad_date = strndup(date, utf8_start(date, FEED_BAD_DATE_MAX));
}

static void entry_clear(struct feed_entry *e)
{
	free(e->key);
	free(e->title);
	free(e->link);
	free(e->base);
	free(e->content);
	free(e->summary);
	free(e->updated_raw);
	free(e->bad_date);
	memset(e, 0, sizeof(*e));
}

void feed_doc_clear(struct feed_doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		entry_clear(&d->entries[i]);
	free(d->entries);
	free(d->title);
	free(d->link);
	memset(d, 0, sizeof(*d));
}

static void set_str(char **field, char *v)
{
	if (!v)
		return;
	free(*field);
	*field = v;
}

/* Whether c is an entry of the feed (an Atom one or an RSS one). */
static int feed_is_entry(const xmlNode *c, int atom)
{
	return atom ? is_el(c, NS_ATOM, "entry") : is_el(c, NULL, "item") || is_el(c, NS_RSS1, "item");
}

static void rss_item(const xmlNode *it, const char *url, struct feed_entry *e);
static void atom_entry(const xmlNode *en, const char *url, struct feed_entry *e);

/* The date of the entry at c (published, else updated; 0 if none). */
static int64_t feed_entry_when(const xmlNode *c, int atom, const char *url)
{
	struct feed_entry e;
	memset(&e, 0, sizeof(e));
	if (atom)
		atom_entry(c, url, &e);
	else
		rss_item(c, url, &e);
	int64_t when = e.published ? e.published : e.updated;
	entry_clear(&e);
	return when;
}

static int entry_fill_missing(struct feed_entry *e)
{
	char **f[] = {&e->key, &e->title, &e->link, &e->base, &e->content, &e->summary,
		      &e->updated_raw};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (!*f[i] && !(*f[i] = strdup("")))
			return -1;
	return 0;
}

static void rss_item(const xmlNode *it, const char *url, struct feed_entry *e)
{
	char *guid = NULL, *pub = NULL, *dc = NULL;
	const xmlNode *content = NULL, *summary = NULL;
	for (const xmlNode *c = it->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, NULL, "title") || is_el(c, NS_RSS1, "title"))
			set_str(&e->title, rss_title(c));
		else if (is_el(c, NULL, "link") || is_el(c, NS_RSS1, "link")) {
			char *t = el_text(c);
			set_str(&e->link, resolve_at(t, c, url));
			free(t);
		} else if (is_el(c, NULL, "guid"))
			set_str(&guid, el_text(c));
		else if (is_el(c, NULL, "description") || is_el(c, NS_RSS1, "description")) {
			set_str(&e->summary, el_raw(c));
			summary = c;
		} else if (is_el(c, NS_CONTENT, "encoded")) {
			set_str(&e->content, el_raw(c));
			content = c;
		} else if (is_el(c, NULL, "pubDate"))
			set_str(&pub, el_text(c));
		else if (is_el(c, NS_DC, "date"))
			set_str(&dc, el_text(c));
		else if (is_el(c, NS_ATOM, "updated"))
			set_str(&e->updated_raw, el_text(c));
		else if (is_el(c, NS_ATOM, "link") && !e->link) {
			xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
			set_str(&e->link, resolve_at((const char *)href, c, url));
			xmlFree(href);
		}
	}
	/* No link: a guid that is a permalink (RSS's default) is the entry's address. */
	if (!e->link && guid && is_http(guid)) {
		xmlChar *perma = NULL;
		for (const xmlNode *c = it->children; c && !perma; c = c->next)
			if (c->type == XML_ELEMENT_NODE && is_el(c, NULL, "guid"))
				perma = xmlGetProp(c, (const xmlChar *)"isPermaLink");
		if (!perma || strcasecmp((const char *)perma, "false"))
			set_str(&e->link, resolve(guid, NULL));
		xmlFree(perma);
	}
	/* RDF items name themselves in rdf:about. */
	if (!guid) {
		xmlChar *about = xmlGetNsProp(it, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
		if (about && *about)
			guid = strdup((const char *)about);
		xmlFree(about);
	}
	const char *date = pub ? pub : dc;
	/* A pubDate that cannot be read leaves the dc:date, if there is one. */
	e->published = feed_parse_date(pub);
	if (!e->published)
		e->published = feed_parse_date(dc);
	note_bad_date(e, pub);
	note_bad_date(e, dc);
	if (e->updated_raw) {
		e->updated = feed_parse_date(e->updated_raw);
		note_bad_date(e, e->updated_raw);
	} else if (date)
		e->updated_raw = strdup(date);
	if (guid && *guid)
		set_str(&e->key, guid);
	else {
		free(guid);
		if (e->link)
			e->key = strdup(e->link);
	}
	const xmlNode *body = content && *e->content ? content : summary ? summary : it;
	e->base = entry_base(body, e->link, url);
	free(pub);
	free(dc);
}

static void atom_entry(const xmlNode *en, const char *url, struct feed_entry *e)
{
	char *pub = NULL;
	const xmlNode *content = NULL, *summary = NULL;
	for (const xmlNode *c = en->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, NS_ATOM, "id"))
			set_str(&e->key, el_text(c));
		else if (is_el(c, NS_ATOM, "title"))
			set_str(&e->title, atom_text(c, 0));
		else if (is_el(c, NS_ATOM, "link")) {
			xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
			if (!rel || !strcmp((const char *)rel, "alternate")) {
				if (!e->link || !rel) {
					xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
					set_str(&e->link, resolve_at((const char *)href, c, url));
					xmlFree(href);
				}
			}
			xmlFree(rel);
		} else if (is_el(c, NS_ATOM, "content")) {
			xmlChar *src = xmlGetProp(c, (const xmlChar *)"src");
			if (!src) {
				set_str(&e->content, atom_text(c, 1));
				content = c;
			}
			xmlFree(src);
		} else if (is_el(c, NS_ATOM, "summary")) {
			set_str(&e->summary, atom_text(c, 1));
			summary = c;
		} else if (is_el(c, NS_ATOM, "updated"))
			set_str(&e->updated_raw, el_text(c));
		else if (is_el(c, NS_ATOM, "published"))
			set_str(&pub, el_text(c));
	}
	e->updated = feed_parse_date(e->updated_raw);
	e->published = pub ? feed_parse_date(pub) : e->updated;
	note_bad_date(e, pub);
	note_bad_date(e, e->updated_raw);
	if ((!e->key || !*e->key) && e->link)
		set_str(&e->key, strdup(e->link));
	const xmlNode *body = content && *e->content ? content : summary ? summary : en;
	e->base = entry_base(body, e->link, url);
	free(pub);
}

/* d->lang from a language tag ("ru-RU", "EN"): its primary subtag, lowercase, when
 * it is two or three letters. */
static void feed_lang(struct feed_doc *d, const char *tag)
{
	size_t k = 0;
	while (tag && k < 3 && isalpha((unsigned char)tag[k]))
		k++;
	if (k < 2 || (tag[k] && tag[k] != '-' && tag[k] != '_')) {
		/* A name instead ("Russian"): kept for the reader to look up. */
		if (tag)
			snprintf(d->lang_name, sizeof(d->lang_name), "%s", tag);
		return;
	}
	for (size_t i = 0; i < k; i++)
		d->lang[i] = (char)tolower((unsigned char)tag[i]);
	d->lang[k] = '\0';
}

/* Whether the space-separated list of words v has w (ASCII case ignored). */
static int feed_has_word(const char *v, const char *w)
{
	size_t wn = strlen(w);
	for (const char *p = v; *p;) {
		p += strspn(p, " \t\n\r\f");
		size_t k = strcspn(p, " \t\n\r\f");
		if (k == wn && !strncasecmp(p, w, wn))
			return 1;
		p += k;
	}
	return 0;
}

/* The first <link> in the tree of root that names the page's feed (feed_page_link),
 * or NULL. Walked without recursion: a hostile page may nest deeply. */
static const xmlNode *feed_page_find(const xmlNode *root)
{
	for (const xmlNode *c = root; c;) {
		if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "link")) {
			xmlChar *rel = xmlGetProp(c, BAD_CAST "rel");
			xmlChar *type = xmlGetProp(c, BAD_CAST "type");
			const char *t = type ? (const char *)type : "";
			size_t tn = strcspn(t, "; \t");
			int feed = rel && feed_has_word((const char *)rel, "alternate") &&
				   ((tn == 19 && !strncasecmp(t, "application/rss+xml", 19)) ||
				    (tn == 20 && !strncasecmp(t, "application/atom+xml", 20)));
			xmlFree(rel);
			xmlFree(type);
			if (feed)
				return c;
		}
		if (c->type == XML_ELEMENT_NODE && c->children) {
			c = c->children;
			continue;
		}
		while (c && c != root && !c->next)
			c = c->parent;
		c = c && c != root ? c->next : NULL;
	}
	return NULL;
}

int feed_page_link(const char *data, size_t n, const char *url, char *out, size_t outn)
{
	if (xmllib_load(XML_NEEDS, NULL, 0))
		return -1;
	if (n > INT_MAX)
		return 0;
	xmlDocPtr doc = htmlReadMemory(data, (int)n, url, NULL,
				       HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					       HTML_PARSE_NOBLANKS);
	if (!doc)
		return 0;
	int found = 0;
	const xmlNode *link = feed_page_find(xmlDocGetRootElement(doc));
	xmlChar *href = link ? xmlGetProp(link, BAD_CAST "href") : NULL;
	xmlChar *abs = href && *href ? xmlBuildURI(href, BAD_CAST(url ? url : "")) : NULL;
	const char *a = abs ? (const char *)abs : "";
	if ((!strncasecmp(a, "http://", 7) || !strncasecmp(a, "https://", 8)) &&
	    strlen(a) < outn && (!url || strcmp(a, url))) {
		memcpy(out, a, strlen(a) + 1);
		found = 1;
	}
	xmlFree(abs);
	xmlFree(href);
	xmlFreeDoc(doc);
	return found;
}

int feed_parse(const char *data, size_t n, const char *url, struct feed_doc *out, char *err,
	       size_t errsz)
{
	return feed_parse_as(data, n, url, NULL, out, err, errsz);
}

int feed_parse_as(const char *data, size_t n, const char *url, const char *charset,
		  struct feed_doc *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof(*out));
	char xerr[400];
	if (xmllib_load(XML_NEEDS, err, errsz))
		return -1;
	xmlDocPtr doc = feed_xml_read_as(data, n, url, charset, xerr, sizeof xerr, NULL);
	if (!doc) {
		snprintf(err, errsz, "line %s", xerr);
		return -1;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *chan = NULL;
	int atom = 0;
	if (is_el(root, NULL, "rss")) {
		for (const xmlNode *c = root->children; c; c = c->next)
			if (is_el(c, NULL, "channel")) {
				chan = c;
				break;
			}
	} else if (is_el(root, NS_RDF, "RDF")) {
		chan = root;
	} else if (is_el(root, NS_ATOM, "feed")) {
		chan = root;
		atom = 1;
	}
	if (!chan) {
		snprintf(err, errsz, "line %d: not an RSS or Atom feed (root element <%s>)",
			 (int)feed_node_line(root), (const char *)root->name);
		xmlFreeDoc(doc);
		return -1;
	}
	out->entries = calloc(FEED_MAX_ENTRIES, sizeof(*out->entries));
	if (!out->entries)
		goto oom;
	/* The channel's own title and link (RDF: inside <channel>). */
	const xmlNode *meta = chan;
	if (!atom && chan == root)
		for (const xmlNode *c = root->children; c; c = c->next)
			if (is_el(c, NS_RSS1, "channel"))
				meta = c;
	if (atom) {
		xmlChar *l = xmlGetNsProp(root, (const xmlChar *)"lang", XML_XML_NAMESPACE);
		feed_lang(out, (const char *)l);
		xmlFree(l);
	}
	for (const xmlNode *c = meta->children; c; c = c->next) {
		if (!out->lang[0] && !atom && (is_el(c, NULL, "language") || is_el(c, NS_DC, "language"))) {
			char *t = el_text(c);
			feed_lang(out, t);
			free(t);
		}
		if (!out->title && (is_el(c, NULL, "title") || is_el(c, NS_RSS1, "title")))
			out->title = rss_title(c);
		else if (!out->title && atom && is_el(c, NS_ATOM, "title"))
			out->title = atom_text(c, 0);
		else if (!out->link && (is_el(c, NULL, "link") || is_el(c, NS_RSS1, "link"))) {
			char *t = el_text(c);
			out->link = resolve_at(t, c, url);
			free(t);
		} else if (!out->link && atom && is_el(c, NS_ATOM, "link")) {
			/* The site's page: rel="alternate", or no rel at all. */
			xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
			if (!rel || !strcmp((const char *)rel, "alternate")) {
				xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
				out->link = resolve_at((const char *)href, c, url);
				xmlFree(href);
			}
			xmlFree(rel);
		}
	}
	/* More entries than are read: the newest are, at the top of a feed listed
	 * newest first (most are), at its end in one listed oldest first. */
	size_t total = 0, skip = 0;
	const xmlNode *first = NULL, *last = NULL;
	for (const xmlNode *c = chan->children; c; c = c->next)
		if (feed_is_entry(c, atom)) {
			total++;
			first = first ? first : c;
			last = c;
		}
	if (total > FEED_MAX_ENTRIES && feed_entry_when(first, atom, url) <
					       feed_entry_when(last, atom, url))
		skip = total - FEED_MAX_ENTRIES;
	out->over = total > FEED_MAX_ENTRIES ? total - FEED_MAX_ENTRIES : 0;
	out->oldest_first = skip > 0;
	size_t pos = 0;
	for (const xmlNode *c = chan->children; c && out->n < FEED_MAX_ENTRIES; c = c->next) {
		if (!feed_is_entry(c, atom) || ++pos <= skip)
			continue;
		struct feed_entry *e = &out->entries[out->n];
		if (atom)
			atom_entry(c, url, e);
		else
			rss_item(c, url, e);
		e->pos = pos;
		out->n++;
		if (entry_fill_missing(e))
			goto oom;
		store_feed_key_cap(e->key);
	}
	if (!out->title)
		out->title = strdup("");
	if (!out->link)
		out->link = strdup("");
	if (!out->title || !out->link)
		goto oom;
	xmlFreeDoc(doc);
	return 0;
oom:
	xmlFreeDoc(doc);
	feed_doc_clear(out);
	snprintf(err, errsz, "out of memory");
	return -1;
}
