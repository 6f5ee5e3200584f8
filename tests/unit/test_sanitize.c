/* The HTML sanitizer: XSS vectors by OWASP filter-evasion class, structure, Markdown. */
#include <stdlib.h>
#include <string.h>

#include "../../src/render/markdown.h"
#include "../../src/render/sanitize.h"
#include "test.h"

static char san_out[1 << 16];

static const char *san(const char *in)
{
	struct buf b;
	buf_init(&b, 0);
	sanitize_html(&b, in, strlen(in), NULL, 0);
	snprintf(san_out, sizeof san_out, "%s", buf_str(&b));
	buf_release(&b);
	return san_out;
}

/* Markdown made by the sanitizer, rendered by our Markdown renderer. */
static char md_out[1 << 16], md_src[1 << 16];

static const char *san_md(const char *in, const char *base)
{
	struct buf b, r;
	buf_init(&b, 0);
	buf_init(&r, 0);
	sanitize_markdown(&b, in, strlen(in), base, 0);
	snprintf(md_src, sizeof md_src, "%s", buf_str(&b));
	markdown_render(&r, b.data ? b.data : "", b.len, 0);
	snprintf(md_out, sizeof md_out, "%s", buf_str(&r));
	buf_release(&b);
	buf_release(&r);
	return md_out;
}

/* What no sanitized output may contain, in any case. */
static int san_dangerous(const char *out)
{
	static const char *const bad[] = {"<script", "javascript:", "vbscript:", "data:", " on",
					  "style=", "<iframe", "<object", "<embed", "<svg",
					  "<math", "<form", "<meta", "<base", "<link", "<style",
					  "expression(", "srcdoc", "formaction", "<input",
					  "<frame", "<applet", "<template", "xlink"};
	char low[sizeof san_out];
	size_t n = strlen(out);
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)((out[i] >= 'A' && out[i] <= 'Z') ? out[i] + 32 : out[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *p = strstr(low, bad[i]);
		/* " on" only matters inside a tag: "<a on..." -- text like "based on" is fine. */
		while (p && !strcmp(bad[i], " on")) {
			const char *lt = p, *gt;
			while (lt > low && *lt != '<' && *lt != '>')
				lt--;
			gt = strchr(p, '>');
			if (*lt == '<' && gt && p[3] >= 'a' && p[3] <= 'z')
				break;
			p = strstr(p + 1, bad[i]);
		}
		if (p)
			return 1;
	}
	return 0;
}

/* Vectors in the classes of the OWASP XSS filter-evasion cheat sheet. */
static const char *const xss_vectors[] = {
	/* script tags */
	"<script>alert(1)</script>",
	"<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
	"<scr<script>ipt>alert(1)</script>",
	"<script/XSS src=\"http://xss.example/x.js\"></script>",
	"<<script>alert(1);//<</script>",
	"<script>alert(1)",
	"<ScRiPt>alert(1)</sCrIpT>",
	"<script\x0d\x0a>alert(1)</script>",
	/* image and event handlers */
	"<img src=x onerror=alert(1)>",
	"<IMG SRC=\"javascript:alert('XSS');\">",
	"<IMG SRC=javascript:alert('XSS')>",
	"<IMG SRC=JaVaScRiPt:alert('XSS')>",
	"<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
	"<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
	"<IMG SRC=# onmouseover=\"alert('xxs')\">",
	"<IMG SRC= onmouseover=\"alert('xxs')\">",
	"<IMG onmouseover=\"alert('xxs')\">",
	"<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
	"<img src=x:alert(alt) onerror=eval(src) alt=0>",
	"<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
	"<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
	"<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
	"<IMG SRC=\"jav\tascript:alert('XSS');\">",
	"<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
	"<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
	"<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
	"<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
	"<IMG DYNSRC=\"javascript:alert('XSS')\">",
	"<IMG LOWSRC=\"javascript:alert('XSS')\">",
	"<BODY ONLOAD=alert('XSS')>",
	"<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
	"<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
	"<BODY BACKGROUND=\"javascript:alert('XSS')\">",
	"<p onclick=\"alert(1)\" onmouseover='alert(2)' ONLOAD=alert(3)>text</p>",
	"<a href=\"http://ok.example/\" onclick=\"alert(1)\">x</a>",
	"<details open ontoggle=alert(1)>",
	"<video><source onerror=\"alert(1)\">",
	"<audio src=x onerror=alert(1)>",
	"<marquee onstart=alert(1)>",
	"<body onpageshow=alert(1)>",
	/* javascript: links, entities, whitespace, case */
	"<a href=\"javascript:alert(1)\">x</a>",
	"<a href=\"JaVaScRiPt:alert(1)\">x</a>",
	"<a href=\" javascript:alert(1)\">x</a>",
	"<a href=\"\x01javascript:alert(1)\">x</a>",
	"<a href=\"java\nscript:alert(1)\">x</a>",
	"<a href=\"java\tscript:alert(1)\">x</a>",
	"<a href=\"java&#x09;script:alert(1)\">x</a>",
	"<a href=\"java&Tab;script:alert(1)\">x</a>",
	"<a href=\"&#106;avascript:alert(1)\">x</a>",
	"<a href=\"javascript&colon;alert(1)\">x</a>",
	"<a href=\"javascript&#58;alert(1)\">x</a>",
	"<a href=\"javascript&#x3a;alert(1)\">x</a>",
	"<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
	"<a href=\"vbscript:msgbox(1)\">x</a>",
	"<a href=\"VBScript:msgbox(1)\">x</a>",
	"<a href=\"livescript:alert(1)\">x</a>",
	"<a href=\"javascript://%0Aalert(1)\">x</a>",
	"<a href='javascript:alert(1)'>x</a>",
	"<a href=javascript:alert(1)>x</a>",
	"<a href=\"jav&#97;script:alert(1)\">x</a>",
	"<a href=\"\\u006Aavascript:alert(1)\">x</a>",
	/* data: URIs */
	"<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
	"<a href=\"DATA:text/html,<script>alert(1)</script>\">x</a>",
	"<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
	"<a href=\"  data:text/html,x\">x</a>",
	/* style and expressions */
	"<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
	"<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
	"<STYLE>@import'http://xss.example/xss.css';</STYLE>",
	"<STYLE>BODY{-moz-binding:url(\"http://xss.example/xssmoz.xml#xss\")}</STYLE>",
	"<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
	"<STYLE TYPE=\"text/javascript\">alert('XSS');</STYLE>",
	"<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
	"<span style=\"behavior:url(x.htc)\">x</span>",
	/* frames, objects, embeds */
	"<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
	"<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
	"<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
	"<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
	"<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.example/scriptlet.html\"></OBJECT>",
	"<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
	"<applet code=\"x.class\"></applet>",
	"<object data=\"javascript:alert(1)\">",
	/* SVG and MathML namespaces */
	"<svg onload=alert(1)>",
	"<svg/onload=alert('XSS')>",
	"<svg><script>alert(1)</script></svg>",
	"<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
	"<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
	"<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
	"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
	"<math href=\"javascript:alert(1)\">x</math>",
	"<math><maction actiontype=\"statusline#\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
	"<svg:svg onload=alert(1)></svg:svg>",
	/* meta refresh, base, forms */
	"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
	"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
	"<BASE HREF=\"javascript:alert('XSS');//\">",
	"<base href=\"http://evil.example/\"><a href=\"/x\">x</a>",
	"<form action=\"javascript:alert(1)\"><input type=submit></form>",
	"<form><button formaction=\"javascript:alert(1)\">x</button></form>",
	"<isindex action=javascript:alert(1) type=image>",
	"<textarea><script>alert(1)</script></textarea>",
	/* broken and nested markup */
	"<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
	"<IMG SRC=\"javascript:alert('XSS')\"",
	"<iframe src=http://xss.example/scriptlet.html <",
	"</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
	"<a href=\"http://ok.example/\"<script>alert(1)</script>>x</a>",
	"<p><b><i><a href=\"javascript:alert(1)\"><img src=x onerror=alert(1)>",
	"<div><p>unclosed <em>emphasis <strong>and strong",
	"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
	"<!--<img src=x onerror=alert(1)>-->",
	"<![CDATA[<script>alert(1)</script>]]>",
	"<?xml version=\"1.0\"?><script>alert(1)</script>",
	"<a href=\"http://ok.example\"><a href=\"javascript:alert(1)\">nested</a></a>",
	"<table><tr><td><script>alert(1)</script></td></tr></table>",
	"<xmp><script>alert(1)</script></xmp>",
	"<template><script>alert(1)</script></template>",
	"<plaintext><script>alert(1)</script>",
	"<title><script>alert(1)</script></title>",
	"\"><script>alert(1)</script>",
	"'';!--\"<XSS>=&{()}",
	"<img src=\"http://ok.example/a.png\" alt=\"\" onerror=\"alert(1)\"\">",
	"<a href=\"http://ok.example/\" title=\"\" onmouseover=alert(1) x=\"\">x</a>",
	"<abbr title=\"x\" onclick=alert(1)>a</abbr>",
	"<ol start=\"1 onclick=alert(1)\"><li>x</li></ol>",
};

TEST(sanitize_xss_vectors)
{
	for (size_t i = 0; i < sizeof xss_vectors / sizeof xss_vectors[0]; i++) {
		const char *out = san(xss_vectors[i]);
		if (san_dangerous(out))
			test_fail_str(__FILE__, __LINE__, "html sanitized", out, xss_vectors[i]);
		const char *md = san_md(xss_vectors[i], NULL);
		if (san_dangerous(md))
			test_fail_str(__FILE__, __LINE__, "markdown rendered", md, md_src);
	}
}

TEST(sanitize_keeps_allowed)
{
	CHECK_STR(san("<p>Hello <strong>world</strong> <em>now</em></p>"),
		  "<p>Hello <strong>world</strong> <em>now</em></p>");
	CHECK_STR(san("<a href=\"https://mfa.example/a?x=1&amp;y=2\" title=\"T\">l</a>"),
		  "<a href=\"https://mfa.example/a?x=1&amp;y=2\" title=\"T\">l</a>");
	CHECK_STR(san("<a href=\"mailto:press@example.org\">m</a>"),
		  "<a href=\"mailto:press@example.org\">m</a>");
	CHECK_STR(san("<h1>Big</h1><h3>Small</h3>"), "<h2>Big</h2><h3>Small</h3>");
	CHECK_STR(san("<ol start=\"4\"><li>a</li></ol>"), "<ol start=\"4\"><li>a</li></ol>");
	CHECK_STR(san("<img src=\"https://x.example/a.png\" alt=\"A &quot;q&quot;\" width=1>"),
		  "<img src=\"https://x.example/a.png\" alt=\"A &quot;q&quot;\">");
	CHECK_STR(san("<blockquote><p>q</p></blockquote><hr><pre><code>x &lt; y</code></pre>"),
		  "<blockquote><p>q</p></blockquote><hr><pre><code>x &lt; y</code></pre>");
	CHECK_STR(san("<figure><img src=\"http://x.example/i.jpg\" alt=\"\"><figcaption>Cap</figcaption></figure>"),
		  "<figure><img src=\"http://x.example/i.jpg\" alt=\"\"><figcaption>Cap</figcaption></figure>");
	CHECK_STR(san("<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>"),
		  "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>");
	CHECK_STR(san("x<sub>2</sub> <sup>3</sup> <abbr title=\"Ministry\">MFA</abbr> <span class=c>s</span>"),
		  "<p>x<sub>2</sub> <sup>3</sup> <abbr title=\"Ministry\">MFA</abbr> <span>s</span></p>");
}

TEST(sanitize_drops_and_unwraps)
{
	CHECK_STR(san("<p>a<script>alert(1)</script>b</p>"), "<p>ab</p>");
	CHECK_STR(san("<p>a<font color=red>b</font>c</p>"), "<p>abc</p>");
	CHECK_STR(san("<p><a href=\"javascript:alert(1)\">text</a></p>"), "<p>text</p>");
	CHECK_STR(san("<img src=\"/relative.png\">"), "");
	CHECK_STR(san("<p>1 &lt; 2 &amp; 3 &gt; 2</p>"), "<p>1 &lt; 2 &amp; 3 &gt; 2</p>");
	CHECK_STR(san(""), "");
}

TEST(sanitize_structure_is_valid)
{
	/* No block inside a paragraph, no a in a, rows and cells in place. */
	CHECK_STR(san("<p>a<ul><li>b</li></ul></p>"), "<p>a</p><ul><li>b</li></ul>");
	CHECK_LACKS(san("<a href=\"/x\">1<a href=\"/y\">2</a></a>"), "<a href=\"/x\">1<a");
	CHECK_STR(san("<td>cell</td>"), "cell");
	CHECK_STR(san("<li>item</li>"), "item");
	CHECK_STR(san("<em><blockquote>q</blockquote></em>"), "<em>q</em>");
	CHECK_STR(san("<table>junk<tr><td>1</td></tr></table>"), "<table><tr><td>1</td></tr></table>");
	CHECK_STR(san("<ul>text<li>a</li></ul>"), "<ul><li>text</li><li>a</li></ul>");
	/* Deep nesting ends, bounded. */
	char deep[40000] = "";
	for (int i = 0; i < 4000; i++)
		strcat(deep, "<span>");
	strcat(deep, "x");
	const char *out = san(deep);
	size_t opens = 0, closes = 0;
	for (const char *p = out; (p = strstr(p, "<span>")); p++)
		opens++;
	for (const char *p = out; (p = strstr(p, "</span>")); p++)
		closes++;
	CHECK(opens == closes);
}

TEST(sanitize_resolves_relative)
{
	struct buf b;
	buf_init(&b, 0);
	const char *in = "<a href=\"/news/1\">n</a><img src=\"img/a.png\" alt=\"a\">";
	sanitize_html(&b, in, strlen(in), "https://mfa.example/en/feed/", 0);
	CHECK_STR(buf_str(&b), "<a href=\"https://mfa.example/news/1\">n</a>"
			       "<img src=\"https://mfa.example/en/feed/img/a.png\" alt=\"a\">");
	buf_release(&b);
}

TEST(sanitize_markdown_round_trip)
{
	CHECK_STR(san_md("<p>Hello <b>world</b></p><p>Second</p>", NULL),
		  "<p>Hello <strong>world</strong></p>\n<p>Second</p>\n");
	CHECK_STR(md_src, "Hello **world**\n\nSecond\n");
	/* Text that looks like Markdown stays text. */
	san_md("<p>* not a list</p><p>1. not numbered</p><p># not a heading</p>"
	       "<p>[x](javascript:alert(1)) `tick` _u_ &lt;b&gt; a|b ~~s~~ &amp;amp;</p>", NULL);
	CHECK_LACKS(md_out, "<li");
	CHECK_LACKS(md_out, "<ol");
	CHECK_LACKS(md_out, "<h");
	CHECK_LACKS(md_out, "<a ");
	CHECK_LACKS(md_out, "<code");
	CHECK_LACKS(md_out, "<em");
	CHECK_LACKS(md_out, "<del");
	CHECK_HAS(md_out, "* not a list");
	CHECK_HAS(md_out, "1. not numbered");
	CHECK_HAS(md_out, "# not a heading");
	CHECK_HAS(md_out, "[x](javascript:alert(1)) `tick` _u_ &lt;b&gt; a|b ~~s~~ &amp;amp;");
	/* Structure survives. */
	san_md("<h1>T</h1><ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>"
	       "<ol start=\"3\"><li>x</li></ol><blockquote><p>q1</p><p>q2</p></blockquote>"
	       "<pre>line 1\n  line 2</pre><p>a<br>b</p>"
	       "<p><a href=\"https://x.example/a_(b)?c=1&amp;d=2\">link <em>it</em></a></p>"
	       "<table><tr><th>h1</th><th>h2</th></tr><tr><td>1</td><td>2</td></tr></table>",
	       NULL);
	CHECK_HAS(md_out, "<h2>T</h2>");
	CHECK_HAS(md_out, "<li>b<ul>\n<li>c</li>");
	CHECK_HAS(md_out, "<ol start=\"3\">");
	CHECK_HAS(md_out, "<blockquote>\n<p>q1</p>\n<p>q2</p>\n</blockquote>");
	CHECK_HAS(md_out, "<pre><code>line 1\n  line 2\n</code></pre>");
	CHECK_HAS(md_out, "<p>a<br>\nb</p>");
	CHECK_HAS(md_out, "<a href=\"https://x.example/a_%28b%29?c=1&amp;d=2\">link <em>it</em></a>");
	CHECK_HAS(md_out, "<th>h1</th><th>h2</th>");
	CHECK_HAS(md_out, "<td>1</td><td>2</td>");
}

TEST(sanitize_markdown_autop_and_text)
{
	struct buf b;
	buf_init(&b, 0);
	const char *wp = "First paragraph.\n\nSecond <em>one</em>.\n<script>x</script>";
	sanitize_markdown(&b, wp, strlen(wp), NULL, SANITIZE_AUTOP);
	CHECK_STR(buf_str(&b), "First paragraph.\n\nSecond *one*.\n");
	buf_reset(&b);
	sanitize_text(&b, "<p>A &amp; <b>B</b></p><p>C<script>x</script></p>", 47);
	CHECK_STR(buf_str(&b), "A & B C");
	buf_release(&b);
}

TEST(sanitize_url_cleaning)
{
	struct buf b;
	buf_init(&b, 0);
	sanitize_url_clean(&b, "  \x01java\tscr\nipt:x \x7f");
	CHECK_STR(buf_str(&b), "javascript:x \x7f");
	buf_release(&b);
}

/* sanitize_markdown_body of md into a buffer that already holds "<<", returning
 * what it appended; *rc gets its return value. */
static char body_out[1 << 16];

static const char *san_body(const char *md, int *rc)
{
	struct buf b;
	buf_init(&b, 0);
	buf_lit(&b, "<<");
	*rc = sanitize_markdown_body(&b, md, strlen(md));
	snprintf(body_out, sizeof body_out, "%s", buf_str(&b) + 2);
	buf_release(&b);
	return body_out;
}

TEST(sanitize_markdown_body_html)
{
	int rc;
	/* No raw HTML (a '<' in text, an autolink, code): nothing appended. */
	CHECK_STR(san_body("a < b <https://x.example> `<b>`\n\n```\n<div>\n```\n", &rc), "");
	CHECK(rc == 0);
	/* Only the blocks with HTML change; the others stay as written. */
	CHECK_STR(san_body("Keep *this*  as is.\n\nA <b>bold</b> word<br>here.\n\n- x\n", &rc),
		  "Keep *this*  as is.\n\nA **bold** word\\\nhere.\n\n- x\n");
	CHECK(rc == 1);
	/* An HTML block becomes Markdown, relative images kept, unsafe parts gone. */
	CHECK_STR(san_body("Text.\n<figure><img src=\"/media/a.png\" alt=\"A\"></figure>\n"
			   "<img src=\"javascript:x\"><script>alert(1)</script>\n\nEnd.\n", &rc),
		  "Text.\n\n![A](/media/a.png)\n\nEnd.\n");
	/* Hugo's divider leaves no run of blank lines, nor at the end. */
	CHECK_STR(san_body("Lead.\n\n<!--more-->\n\nRest.\n\n<iframe src=\"https://v.example\"></iframe>\n",
			   &rc),
		  "Lead.\n\nRest.\n");
	/* A heading keeps its level (the renderer shifts it, the sanitizer back). */
	CHECK_STR(san_body("## Sub <small>x</small>\n", &rc), "## Sub x\n");
	/* Markers on the block's lines go with it: a list, a quote. */
	CHECK_STR(san_body("1. one<br>two\n2. three\n\n> q <em>e</em>\n", &rc),
		  "1. one\\\n   two\n2. three\n\n> q *e*\n");
	/* A block that leaves nothing keeps its neighbours apart: the indented line
	 * stays code, not a continuation of the paragraph. */
	CHECK_STR(san_body("Para\n# <b></b>\n    code <x>\n", &rc), "Para\n\n    code <x>\n");
	/* "\r\n" and "\r" end lines as "\n" does. */
	CHECK_STR(san_body("a <b>b</b>\r\nc\r\rd\r", &rc), "a **b** c\n\nd\n");
	/* Reading its output again finds nothing more to do. */
	char again[1 << 12];
	snprintf(again, sizeof again, "%s", san_body("x <b>y</b>\n\n<div>z</div>\n", &rc));
	CHECK(rc == 1);
	san_body(again, &rc);
	CHECK(rc == 0);
}

TEST(sanitize_markdown_long_backtick_runs)
{
	/* Code holding a run of 32 backticks would need a longer delimiter, which md4c
	 * does not read as one: it becomes text, and what it holds stays text. */
	char in[256] = "<p>x <code>a", ticks[40];
	memset(ticks, '`', 32);
	ticks[32] = '\0';
	strcat(in, ticks);
	strcat(in, "&lt;b&gt;c</code> y</p>");
	struct buf b;
	buf_init(&b, 0);
	CHECK(sanitize_markdown(&b, in, strlen(in), NULL, 0) == 0);
	struct markdown_range *r;
	size_t n = 1;
	CHECK(markdown_html_blocks(b.data, b.len, &r, &n) == 0 && n == 0);
	free(r);
	CHECK_STR(san_md(in, NULL), "<p>x a````````````````````````````````&lt;b&gt;c y</p>\n");
	/* Two code spans side by side stay two. */
	CHECK_STR(san_md("<p><code>a</code><code>b&lt;i&gt;</code></p>", NULL),
		  "<p><code>a</code> <code>b&lt;i&gt;</code></p>\n");
	/* 31 backticks still fit in a code span. */
	ticks[31] = '\0';
	snprintf(in, sizeof in, "<p><code>%s</code></p>", ticks);
	CHECK_HAS(san_md(in, NULL), "<code>");
	buf_release(&b);
}

/* A bare address in HTML text (a WordPress post's, a feed's) is a link, whole; one
 * inside a link stays that link's text. */
TEST(sanitize_markdown_bare_addresses)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	const char *in = "<p>See http://www.mid.ru/ru/foreign_policy/news and "
			 "https://x.org/?a=1&amp;b_c=2.</p>\n\nhttps://twitter.com/mfa_russia/status/1\n"
			 "<p><a href=\"https://y.org/\">https://y.org/a_b</a></p>";
	CHECK(sanitize_markdown(&b, in, strlen(in), NULL, SANITIZE_AUTOP) == 0);
	CHECK_HAS(buf_str(&b), "See <http://www.mid.ru/ru/foreign_policy/news> and "
			       "<https://x.org/?a=1&b_c=2>.");
	CHECK_HAS(buf_str(&b), "<https://twitter.com/mfa_russia/status/1>");
	CHECK_HAS(buf_str(&b), "[https://y.org/a\\_b](https://y.org/)");
	buf_release(&b);
}

/* Emphasis between punctuation and a letter, where CommonMark reads "**" as text
 * ("**<http://x>**word"): every span below is bold or italic once rendered, no
 * asterisk or tilde shows, and the text reads as in the HTML. */
TEST(sanitize_markdown_emphasis_beside_letters)
{
	static const struct {
		const char *html, *want;
	} cases[] = {
		{"<p>See <b>http://x.example</b>word.</p>",
		 "<strong><a href=\"http://x.example\">http://x.example</a></strong>\u2060word"},
		{"<p><b>www.example.org</b>s</p>",
		 "<strong><a href=\"http://www.example.org\">www.example.org</a></strong>\u2060s"},
		{"<p>word<b>(x)</b> too</p>", "word\u2060<strong>(x)</strong> too"},
		{"<p>word<em><a href=\"https://e.org/\">y</a></em>z</p>",
		 "word\u2060<em><a href=\"https://e.org/\">y</a></em>\u2060z"},
		{"<p>N<i>.</i>B<s>!</s>C</p>", "N\u2060<em>.</em>\u2060B\u2060<del>!</del>\u2060C"},
		{"<p>Кто<b>«да»</b>сказал</p>", "Кто\u2060<strong>«да»</strong>\u2060сказал"},
		/* Untouched where CommonMark reads them already. */
		{"<p>Hello <b>world</b>s and <i><b>x</b></i>y, <b>x.</b> z, <b>y.</b>, a<b>b</b>c</p>",
		 "Hello <strong>world</strong>s and <em><strong>x</strong></em>y, <strong>x.</strong> "
		 "z, <strong>y.</strong>, a<strong>b</strong>c"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		san_md(cases[i].html, NULL);
		CHECK_HAS(md_out, cases[i].want);
		CHECK_LACKS(md_out, "*");
		CHECK_LACKS(md_out, "~");
	}
	/* The joiner only where it is needed: none in the Markdown of the last case. */
	CHECK_LACKS(md_src, "&#8288;");
}

/* Void elements libxml2 nests what follows into: the text after them stays (it
 * was lost with an unclosed <embed>), and nothing of theirs comes through. */
TEST(sanitize_void_elements_keep_what_follows)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	const char *in = "<p>First.</p><embed src=\"https://v.example/v.mp4\" onload=\"x()\">"
			 "<p>Then <a href=\"https://mfa.example/\">this</a>.</p><p>Last.</p>"
			 "<picture><source srcset=\"https://cdn.example/a.webp\">"
			 "<img src=\"https://cdn.example/a.jpg\" alt=\"The talks\"></picture>"
			 "<p>Name: <input value=\"v\" onfocus=\"y()\"> end.</p>";
	CHECK(sanitize_markdown(&b, in, strlen(in), NULL, 0) == 0);
	const char *md = buf_str(&b);
	CHECK_HAS(md, "First.");
	CHECK_HAS(md, "Then [this](https://mfa.example/).");
	CHECK_HAS(md, "Last.");
	CHECK_HAS(md, "![The talks](https://cdn.example/a.jpg)");
	CHECK_HAS(md, "Name: end.");
	CHECK(!strstr(md, "v.mp4") && !strstr(md, "webp") && !strstr(md, "onload") &&
	      !strstr(md, "onfocus"));
	buf_reset(&b);
	CHECK(sanitize_html(&b, in, strlen(in), NULL, 0) == 0);
	CHECK_HAS(buf_str(&b), "Last.");
	CHECK(!strstr(buf_str(&b), "embed") && !strstr(buf_str(&b), "input") &&
	      !strstr(buf_str(&b), "source"));
	buf_release(&b);
}

/* An <svg> or <math> left open, or holding HTML that a browser shows after it:
 * the drawing goes, the page's text after it stays, in all three outputs. */
TEST(sanitize_foreign_content_keeps_what_a_browser_shows)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	/* An icon pasted without its end tag, a script in it after the breakout. */
	const char *open_svg = "<p>Intro.</p><svg viewBox=\"0 0 8 8\"><path d=\"M0 0\"/>"
			       "<text>Icon label</text><p>First <b>paragraph</b>.</p>"
			       "<h2>Subhead</h2><script>alert(1)</script><p onclick=\"x()\">Last.";
	CHECK(sanitize_html(&b, open_svg, strlen(open_svg), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "<p>Intro.</p><p>First <b>paragraph</b>.</p><h2>Subhead</h2><p>Last.</p>");
	buf_reset(&b);
	CHECK(sanitize_markdown(&b, open_svg, strlen(open_svg), NULL, 0) == 0);
	CHECK_HAS(buf_str(&b), "First **paragraph**.");
	CHECK_HAS(buf_str(&b), "\n# Subhead\n"); /* (the renderer's h2: see md_heading) */
	CHECK_HAS(buf_str(&b), "Last.");
	CHECK(!strstr(buf_str(&b), "Icon label") && !strstr(buf_str(&b), "alert"));
	buf_reset(&b);
	CHECK(sanitize_text(&b, open_svg, strlen(open_svg)) == 0);
	CHECK_STR(buf_str(&b), "Intro. First paragraph. Subhead Last.");
	/* Closed, with HTML in a group: what follows the breakout at each level comes
	 * out in order (a browser reads all after it as HTML, foreignObject's content
	 * too, and ignores </svg>); text after the drawing stays. */
	const char *nested = "<svg><g><circle r=\"1\"/><p>A</p>tail<i>B</i></g><rect/>"
			     "<foreignObject><p>Inside</p></foreignObject></svg><p>After</p>"
			     "<math><mi>x</mi><mo>=</mo><div>C</div></math>";
	buf_reset(&b);
	CHECK(sanitize_html(&b, nested, strlen(nested), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "<p>A</p>tail<i>B</i><p>Inside</p><p>After</p>C");
	/* A drawing with no HTML in it but in foreignObject (shown inside the drawing)
	 * goes whole, as before. */
	const char *plain = "<p>X</p><svg><text>Label</text><foreignObject><p>In</p>"
			    "</foreignObject></svg><p>Y</p>";
	buf_reset(&b);
	CHECK(sanitize_html(&b, plain, strlen(plain), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "<p>X</p><p>Y</p>");
	/* Each kind of drawing has its own: MathML's text elements and annotation-xml
	 * of HTML keep theirs inside; an SVG's mi, a MathML's title, an annotation-xml
	 * of another encoding do not (a browser shows their HTML after the drawing). */
	const char *kinds = "<math><mi><p>in</p></mi><annotation-xml encoding=\"text/html\">"
			    "<p>in too</p></annotation-xml></math><svg><mi><p>A</p></mi></svg>"
			    "<math><title><p>B</p></title></math>"
			    "<math><annotation-xml encoding=\"image/svg+xml\"><p>C</p></annotation-xml></math>"
			    "<svg><math><mi><p>in</p></mi></math><desc><p>in</p></desc></svg>";
	buf_reset(&b);
	CHECK(sanitize_html(&b, kinds, strlen(kinds), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "<p>A</p><p>B</p><p>C</p>");
	buf_release(&b);
}

/* "</br>", as hand-written posts have it, is the line break browsers show, in every
 * output; "</b>" and "</brx>" are not. */
TEST(sanitize_end_tag_br_is_a_break)
{
	struct buf b;
	buf_init(&b, 4096);
	const char *in = "<p>Line one</br>Line two</BR >Line three</br/>four</b>five</brx>six</br";
	CHECK(sanitize_html(&b, in, strlen(in), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "<p>Line one<br>Line two<br>Line three<br>fourfivesix</p>");
	buf_reset(&b);
	CHECK(sanitize_text(&b, in, strlen(in)) == 0);
	CHECK_STR(buf_str(&b), "Line one Line two Line three fourfivesix");
	buf_reset(&b);
	CHECK(sanitize_markdown(&b, in, strlen(in), NULL, 0) == 0);
	CHECK_HAS(buf_str(&b), "Line one\\\nLine two\\\nLine three\\\nfourfivesix");
	/* Written in an attribute's value, a comment, a CDATA section or raw text, it
	 * is text, left as it is. */
	const char *texts = "<p><img src=\"https://e.org/a.png\" alt=\"Use </br> here\" title='x</br>'>"
			    "<!-- </br> -->a<svg><![CDATA[</br>]]></svg>b<textarea></br></textarea>"
			    "<script>x='</br>'</script>c</br>d</p>";
	buf_reset(&b);
	CHECK(sanitize_html(&b, texts, strlen(texts), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "<p><img src=\"https://e.org/a.png\" alt=\"Use &lt;/br&gt; here\">"
			       "abc<br>d</p>");
	/* In an icon left open, as a browser reads it: a break out of the drawing. */
	const char *svg = "one<svg><g></br>two</g></svg>three";
	buf_reset(&b);
	CHECK(sanitize_html(&b, svg, strlen(svg), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "<p>one<br>twothree</p>");
	buf_release(&b);
}

/* Markdown and text have no <sup>/<sub>: "10<sup>6</sup>" must not read "106". */
TEST(sanitize_sup_sub_keep_their_meaning)
{
	struct buf b;
	buf_init(&b, 4096);
	const char *in = "<p>10<sup>6</sup> people, H<sub>2</sub>O, x<sup>n+1</sup>, "
			 "the 1<sup>st</sup> day, a<sub>i</sub>, y<sup> 2 </sup>, "
			 "note<sup><a href=\"https://e.org/#fn1\">1</a></sup>, "
			 "<sub>k<sup>(-3)</sup></sub>, <sup>[2]</sup>, <sup></sup>end</p>";
	CHECK(sanitize_markdown(&b, in, strlen(in), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "10\u2076 people, H\u2082O, x\u207f\u207a\u00b9, the 1st day, ai, "
			       "y \u00b2 , note[\u00b9](https://e.org/#fn1), "
			       "k\u207d\u207b\u00b3\u207e, \\[2\\], end\n");
	buf_reset(&b);
	CHECK(sanitize_text(&b, in, strlen(in)) == 0);
	CHECK_STR(buf_str(&b), "10\u2076 people, H\u2082O, x\u207f\u207a\u00b9, the 1st day, ai, "
			       "y \u00b2 , note\u00b9, k\u207d\u207b\u00b3\u207e, [2], end");
	/* HTML keeps the elements. */
	buf_reset(&b);
	CHECK(sanitize_html(&b, in, strlen(in), NULL, 0) == 0);
	CHECK_HAS(buf_str(&b), "10<sup>6</sup> people, H<sub>2</sub>O");
	/* An image's alt text in one is no superscript; one inside the other is its own. */
	const char *alt = "<p>x<sup>1 <img src=\"https://e.org/i.png\" alt=\"Map 2 (print)\"></sup> "
			  "y<sup><sub>2</sub></sup></p>";
	buf_reset(&b);
	CHECK(sanitize_markdown(&b, alt, strlen(alt), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "x\u00b9 ![Map 2 (print)](https://e.org/i.png) y\u2082\n");
	/* At a line's start a superscript digit and a '.' are no list marker. */
	const char *start = "<p><sup>2</sup>. Second</p>";
	buf_reset(&b);
	CHECK(sanitize_markdown(&b, start, strlen(start), NULL, 0) == 0);
	CHECK_STR(buf_str(&b), "\u00b2. Second\n");
	buf_release(&b);
}

/* "<p>Before.</p>", depth elements of tag around "Deep words.", then "<p>After.</p>"
 * and pad bytes of paragraphs, in b. */
static void san_deep_doc(struct buf *b, const char *tag, int depth, size_t pad)
{
	buf_reset(b);
	buf_lit(b, "<p>Before.</p>");
	for (int i = 0; i < depth; i++)
		buf_addf(b, "<%s>", tag);
	buf_lit(b, "Deep <b>words</b>.<script>alert(1)</script> a < b");
	for (int i = 0; i < depth; i++)
		buf_addf(b, "</%s>", tag);
	buf_lit(b, "<p>After.</p>");
	while (pad && b->len < pad)
		buf_lit(b, "<p>Padding, a paragraph of it.</p>\n");
}

TEST(sanitize_deep_nesting_keeps_words)
{
	struct buf in, out;
	buf_init(&in, 1 << 20);
	buf_init(&out, 1 << 20);
	/* Below our 200 levels, past libxml2's 256, and past it in a document too big
	 * to parse again with the limit lifted (words without markup). */
	static const struct {
		const char *tag;
		int depth;
		size_t pad;
	} cases[] = {{"span", 230, 0}, {"div", 230, 0},     {"span", 300, 0},
		     {"em", 5000, 0},  {"span", 300, 300000}, {"div", 50000, 400000}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		san_deep_doc(&in, cases[i].tag, cases[i].depth, cases[i].pad);
		buf_reset(&out);
		CHECK(sanitize_html(&out, in.data, in.len, NULL, 0) == 0);
		const char *h = buf_str(&out);
		/* Past 256 levels in over 32 KB the whole document is words without markup. */
		int flat = cases[i].depth > 256 && in.len > 32 << 10;
		CHECK_HAS(h, flat ? "Before." : "<p>Before.</p>");
		CHECK_HAS(h, "Deep ");
		CHECK_HAS(h, "words");
		CHECK_HAS(h, "a &lt; b");
		CHECK_HAS(h, flat ? "After." : "<p>After.</p>");
		CHECK_LACKS(h, "alert");
		CHECK(out.len >= sizeof san_out || !san_dangerous(h)); /* it reads up to 64 KB */
		size_t opens = 0, closes = 0;
		for (const char *p = h; (p = strchr(p, '<')); p++)
			p[1] == '/' ? closes++ : opens++;
		CHECK(opens == closes);
		buf_reset(&out);
		CHECK(sanitize_markdown(&out, in.data, in.len, NULL, 0) == 0);
		CHECK_HAS(buf_str(&out), "Before.");
		CHECK_HAS(buf_str(&out), "Deep ");
		CHECK_HAS(buf_str(&out), "words");
		CHECK_HAS(buf_str(&out), "After.");
		CHECK_LACKS(buf_str(&out), "alert");
		buf_reset(&out);
		CHECK(sanitize_text(&out, in.data, in.len) == 0);
		CHECK_HAS(buf_str(&out), "Before.");
		CHECK_HAS(buf_str(&out), "Deep words.");
		CHECK_HAS(buf_str(&out), "After.");
		CHECK_LACKS(buf_str(&out), "alert");
	}
	/* The words of a big deep document: quoted '>' inside a tag, comments, a
	 * '<' that begins no tag, and a script left open at the end. */
	san_deep_doc(&in, "i", 400, 200000);
	buf_lit(&in, "<a title='x>y' href=\"/n\">Link</a><!-- not <b>this</b> -->Tail < 3 "
		     "<STYLE>p{}</style>end<ScRiPt>never<b>");
	buf_reset(&out);
	CHECK(sanitize_html(&out, in.data, in.len, NULL, 0) == 0);
	const char *tail = strstr(buf_str(&out), "Link");
	CHECK(tail != NULL);
	if (tail)
		CHECK_STR(tail, "Link Tail &lt; 3 end</p>");
	/* From the review: stray '<' in a big deep document (each one "&lt;", longer
	 * than the input), an apostrophe in an unquoted attribute, and elements the
	 * sanitizer drops with their content. */
	san_deep_doc(&in, "i", 300, 0);
	while (in.len < 140000)
		buf_lit(&in, "1<2 ");
	buf_lit(&in, "<img alt=don't src=x.png>Kept words. <select><option>Hidden option</option>"
		     "</select><template>Hidden template</template><option>Option kept<p>End.");
	buf_reset(&out);
	CHECK(sanitize_html(&out, in.data, in.len, NULL, 0) == 0);
	CHECK_HAS(buf_str(&out), "1&lt;2 1&lt;2");
	CHECK_HAS(buf_str(&out), "Kept words.");
	CHECK_HAS(buf_str(&out), "Option kept End.");
	CHECK_LACKS(buf_str(&out), "Hidden");
	/* In a list or a table the words stay where text may be. */
	buf_reset(&in);
	buf_lit(&in, "<table>");
	for (int i = 0; i < 220; i++)
		buf_lit(&in, "<div>");
	buf_lit(&in, "In a table.");
	for (int i = 0; i < 220; i++)
		buf_lit(&in, "</div>");
	buf_lit(&in, "</table><ul>");
	for (int i = 0; i < 220; i++)
		buf_lit(&in, "<div>");
	buf_lit(&in, "In a list.</ul>");
	buf_reset(&out);
	CHECK(sanitize_html(&out, in.data, in.len, NULL, 0) == 0);
	CHECK_HAS(buf_str(&out), "<table><tr><td> In a table. </td></tr></table>");
	CHECK_HAS(buf_str(&out), "<ul><li> In a list. </li></ul>");
	buf_release(&in);
	buf_release(&out);
}
