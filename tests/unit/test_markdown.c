#include "test.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/render/markdown.h"

/* Renders src into a static buffer and returns its text ("" plus a failed check on
 * error). The buffer is reused by the next call. */
static const char *md(const char *src, unsigned flags)
{
	static struct buf b;
	static int init;
	if (!init) {
		buf_init(&b, 0);
		init = 1;
	}
	buf_reset(&b);
	int rc = markdown_render(&b, src, strlen(src), flags);
	CHECK(rc == 0);
	CHECK(!buf_failed(&b));
	return buf_str(&b);
}

/* Number of non-overlapping occurrences of needle in hay. */
static int count(const char *hay, const char *needle)
{
	int c = 0;
	size_t nl = strlen(needle);
	for (const char *p = hay; (p = strstr(p, needle)); p += nl)
		c++;
	return c;
}

TEST(markdown_empty_input)
{
	struct buf b;
	buf_init(&b, 0);
	CHECK(markdown_render(&b, "", 0, 0) == 0);
	CHECK(b.len == 0);
	CHECK(markdown_render(&b, NULL, 0, MD_TURNS) == 0);
	CHECK(b.len == 0);
	CHECK_STR(md("\n\n   \n", 0), "");
	buf_release(&b);
}

TEST(markdown_appends_to_existing_content)
{
	struct buf b;
	buf_init(&b, 0);
	buf_lit(&b, "<div>");
	CHECK(markdown_render(&b, "Q: x", 4, MD_TURNS) == 0);
	CHECK_STR(buf_str(&b),
		  "<div><p class=\"turn\" id=\"t1\"><strong class=\"speaker\">Q:</strong> x</p>\n");
	buf_release(&b);
}

TEST(markdown_basic_blocks)
{
	CHECK_STR(md("Hello *world* and **bold** ~~gone~~ `c`", 0),
		  "<p>Hello <em>world</em> and <strong>bold</strong> <del>gone</del> "
		  "<code>c</code></p>\n");
	CHECK_STR(md("> quoted\n\n---\n", 0), "<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>\n");
	CHECK_STR(md("a  \nb\nc", 0), "<p>a<br>\nb\nc</p>\n");
}

TEST(markdown_headings_shifted)
{
	CHECK_STR(md("# One", 0), "<h2>One</h2>\n");
	CHECK_STR(md("## Two", 0), "<h3>Two</h3>\n");
	CHECK_STR(md("#### Four", 0), "<h5>Four</h5>\n");
	CHECK_STR(md("##### Five", 0), "<h6>Five</h6>\n");
	CHECK_STR(md("###### Six", 0), "<h6>Six</h6>\n");
	CHECK_STR(md("Setext\n======", 0), "<h2>Setext</h2>\n");
	CHECK_LACKS(md("# x\n\n###### y", 0), "<h1");
	CHECK_LACKS(md("###### y", 0), "<h7");
}

TEST(markdown_escapes_script_in_text)
{
	const char *h = md("Hi <script>alert(1)</script> & \"q\" 'a'", 0);
	CHECK_STR(h, "<p>Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\" 'a'</p>\n");
	CHECK_LACKS(md("x <img src=x onerror=alert(1)> y", 0), "<img");
	CHECK_HAS(md("x <img src=x onerror=alert(1)> y", 0), "&lt;img src=x onerror=alert(1)&gt;");
}

TEST(markdown_raw_html_block_is_text)
{
	const char *h = md("<div onclick=\"evil()\">\n<script>alert(1)</script>\n</div>\n", 0);
	CHECK_LACKS(h, "<div");
	CHECK_LACKS(h, "<script");
	CHECK_HAS(h, "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_HAS(h, "&lt;div onclick=\"evil()\"&gt;");
	CHECK_LACKS(md("<!-- comment -->", 0), "<!--");
	CHECK_LACKS(md("a <style>p{}</style> b", 0), "<style");
}

TEST(markdown_code_blocks_escaped)
{
	CHECK_STR(md("```c\nint <x> = a && b;\n```\n", 0),
		  "<pre><code class=\"language-c\">int &lt;x&gt; = a &amp;&amp; b;\n</code></pre>\n");
	CHECK_STR(md("```\nplain\n```\n", 0), "<pre><code>plain\n</code></pre>\n");
	CHECK_STR(md("    indented <b>\n", 0), "<pre><code>indented &lt;b&gt;\n</code></pre>\n");
	CHECK_HAS(md("```\"><script>\nx\n```\n", 0), "class=\"language-&quot;&gt;&lt;script&gt;\"");
	CHECK_STR(md("`<b>&amp;</b>`", 0), "<p><code>&lt;b&gt;&amp;amp;&lt;/b&gt;</code></p>\n");
}

TEST(markdown_tables)
{
	const char *h = md("| a | b | c |\n|:---|---:|:---:|\n| 1 | <i> | 3 |\n", 0);
	CHECK_STR(h, "<table>\n<thead>\n"
		     "<tr><th class=\"align-left\">a</th><th class=\"align-right\">b</th>"
		     "<th class=\"align-center\">c</th></tr>\n"
		     "</thead>\n<tbody>\n"
		     "<tr><td class=\"align-left\">1</td><td class=\"align-right\">&lt;i&gt;</td>"
		     "<td class=\"align-center\">3</td></tr>\n"
		     "</tbody>\n</table>\n");
	CHECK_LACKS(h, "style=");
	CHECK_LACKS(h, "align=");
}

TEST(markdown_entities_decoded)
{
	CHECK_STR(md("&amp; &lt; &gt; &quot; &apos; &nbsp;|", 0),
		  "<p>&amp; &lt; &gt; \" ' \xC2\xA0|</p>\n");
	CHECK_STR(md("&#106;&#x6A;&#X4A; &#x1F600; &#1076;", 0),
		  "<p>jjJ \xF0\x9F\x98\x80 \xD0\xB4</p>\n");
	/* NUL, surrogates and out-of-range references become U+FFFD. */
	CHECK_STR(md("&#0; &#xD800; &#x110000;", 0),
		  "<p>\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD</p>\n");
	/* C1 controls and noncharacters are not allowed in HTML either. */
	CHECK_STR(md("&#x80;&#xFFFF;&#xFDD0;&#x1FFFE;", 0),
		  "<p>\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</p>\n");
	/* Typography common in press texts. */
	CHECK_STR(md("&laquo;x&raquo; &mdash;", 0), "<p>\xC2\xABx\xC2\xBB \xE2\x80\x94</p>\n");
	/* An entity we do not decode is shown as written, escaped. */
	CHECK_STR(md("&hearts; &foo;", 0), "<p>&amp;hearts; &amp;foo;</p>\n");
	/* A decoded '<' is escaped again, never markup. */
	CHECK_STR(md("&lt;script&gt;", 0), "<p>&lt;script&gt;</p>\n");
}

TEST(markdown_invalid_utf8_and_nul)
{
	CHECK_STR(md("a\xFF" "b\xC3(c", 0), "<p>a\xEF\xBF\xBD" "b\xEF\xBF\xBD(c</p>\n");
	CHECK_STR(md("\xED\xA0\x80", 0), "<p>\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</p>\n");
	struct buf b;
	buf_init(&b, 0);
	CHECK(markdown_render(&b, "a\0b", 3, 0) == 0);
	CHECK_STR(buf_str(&b), "<p>a\xEF\xBF\xBD" "b</p>\n");
	buf_release(&b);
}

TEST(markdown_url_policy)
{
#define ALLOWED(s) markdown_url_allowed((s), strlen(s))
	CHECK(ALLOWED("http://example.com/"));
	CHECK(ALLOWED("HTTPS://example.com/"));
	CHECK(ALLOWED("mailto:press@example.org"));
	CHECK(ALLOWED("MailTo:press@example.org"));
	CHECK(ALLOWED("/items/x"));
	CHECK(ALLOWED("items/x"));
	CHECK(ALLOWED("../x:y"));
	CHECK(ALLOWED("?a=b:c"));
	CHECK(ALLOWED("#p12"));
	CHECK(ALLOWED("//cdn.example.com/a"));
	CHECK(ALLOWED(""));
	CHECK(!ALLOWED("javascript:alert(1)"));
	CHECK(!ALLOWED("JaVaScRiPt:alert(1)"));
	CHECK(!ALLOWED("data:text/html,<script>"));
	CHECK(!ALLOWED("vbscript:msgbox"));
	CHECK(!ALLOWED("file:///etc/passwd"));
	CHECK(!ALLOWED("ftp://x"));
	CHECK(!ALLOWED("java\tscript:x"));
	CHECK(!ALLOWED("\x01javascript:x"));
	CHECK(!ALLOWED(" javascript:x"));
	CHECK(!ALLOWED("http\\:x"));
	CHECK(!ALLOWED("a\\b/c"));
	CHECK(!ALLOWED("httpx:x"));
	CHECK(!ALLOWED("http"  "s" "x:x"));
	/* http(s) must go on with "//" and a host to be a valid URL. */
	CHECK(!ALLOWED("http:"));
	CHECK(!ALLOWED("http:x"));
	CHECK(!ALLOWED("https:/x"));
	CHECK(!ALLOWED("http:///x"));
	CHECK(ALLOWED("http://x"));
	CHECK(!markdown_url_allowed("http://\0", 8));
	CHECK(markdown_url_allowed("http:", 4)); /* only n bytes count: "http" is a relative path */
	CHECK(!markdown_url_allowed("data:x", 6));
#undef ALLOWED
}

TEST(markdown_bad_links_dropped_text_kept)
{
	static const char *const bad[] = {
		"[click](javascript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"[click](&#106;avascript:alert(1))",
		"[click](&#x6A;avascript:alert(1))",
		"[click](java&#x09;script:alert(1))",
		"[click](data:text/html;base64,PHNjcmlwdD4=)",
		"[click](vbscript:msgbox(1))",
		"[click](<javascript:alert(1)>)",
		"[click](jav&hearts;ascript:x)",
		"[click][r]\n\n[r]: javascript:alert(1)",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *h = md(bad[i], 0);
		CHECK_STR(h, "<p>click</p>\n");
	}
	/* Autolinks with a bad scheme stay text. */
	CHECK_LACKS(md("<javascript:alert(1)>", 0), "<a");
	CHECK_LACKS(md("x javascript:alert(1) y", 0), "href");
}

TEST(markdown_good_links_kept)
{
	CHECK_STR(md("[a](http://example.com/x?y=1&z=2 \"A \\\"title\\\"\")", 0),
		  "<p><a href=\"http://example.com/x?y=1&amp;z=2\" "
		  "title=\"A &quot;title&quot;\">a</a></p>\n");
	CHECK_STR(md("[a](https://example.com)", 0), "<p><a href=\"https://example.com\">a</a></p>\n");
	CHECK_STR(md("[a](mailto:press@example.org)", 0),
		  "<p><a href=\"mailto:press@example.org\">a</a></p>\n");
	CHECK_STR(md("[a](/items/x#p2)", 0), "<p><a href=\"/items/x#p2\">a</a></p>\n");
	CHECK_STR(md("[a](HTTP://EXAMPLE.COM)", 0), "<p><a href=\"HTTP://EXAMPLE.COM\">a</a></p>\n");
	/* Entities in targets are decoded; unsafe bytes percent-encoded. */
	CHECK_STR(md("[a](/x?a=1&amp;b=\"2\")", 0),
		  "<p><a href=\"/x?a=1&amp;b=%222%22\">a</a></p>\n");
	CHECK_STR(md("[a](</a b>)", 0), "<p><a href=\"/a%20b\">a</a></p>\n");
	CHECK_STR(md("[a](/%41%zz)", 0), "<p><a href=\"/%41%25zz\">a</a></p>\n");
	CHECK_STR(md("[a](/\xD0\xB4)", 0), "<p><a href=\"/%D0%B4\">a</a></p>\n");
	CHECK_STR(md("[a](http://[::1]:8080/[x])", 0),
		  "<p><a href=\"http://[::1]:8080/%5Bx%5D\">a</a></p>\n");
	CHECK_STR(md("[a](x[1])", 0), "<p><a href=\"x%5B1%5D\">a</a></p>\n");
	CHECK_STR(md("[a](/x#y#z)", 0), "<p><a href=\"/x#y%23z\">a</a></p>\n");
	CHECK_STR(md("[a](http:x)", 0), "<p>a</p>\n");
	/* Autolinks (angle and permissive) */
	CHECK_HAS(md("<https://example.com/a>", 0), "<a href=\"https://example.com/a\">");
	CHECK_HAS(md("see https://example.com/b now", 0), "<a href=\"https://example.com/b\">");
	CHECK_HAS(md("see www.example.com now", 0), "<a href=\"http://www.example.com\">");
	CHECK_HAS(md("mail press@example.org now", 0), "<a href=\"mailto:press@example.org\">");
	/* Link text keeps its markup; never an <a> inside an <a>. */
	CHECK_STR(md("[*x* https://a.b](/y)", 0), "<p><a href=\"/y\"><em>x</em> https://a.b</a></p>\n");
	CHECK(count(md("[see https://x.y/](/z)", 0), "<a ") == 1);
}

TEST(markdown_images)
{
	CHECK_STR(md("![A <b> \"pic\"](/media/a.jpg \"T\")", 0),
		  "<p><img src=\"/media/a.jpg\" title=\"T\" loading=\"lazy\" "
		  "alt=\"A &lt;b&gt; &quot;pic&quot;\"></p>\n");
	CHECK_STR(md("![alt](https://x.y/a.png)", 0),
		  "<p><img src=\"https://x.y/a.png\" loading=\"lazy\" alt=\"alt\"></p>\n");
	/* Disallowed src: the alt text, as text. */
	CHECK_STR(md("![alt <x>](javascript:alert(1))", 0), "<p>alt &lt;x&gt;</p>\n");
	CHECK_STR(md("![alt](data:image/png;base64,AAAA)", 0), "<p>alt</p>\n");
	CHECK_STR(md("![alt](&#x6A;avascript:x)", 0), "<p>alt</p>\n");
	/* Markup inside alt is flattened. */
	CHECK_STR(md("![a *b* [c](/d)](/e.png)", 0),
		  "<p><img src=\"/e.png\" loading=\"lazy\" alt=\"a b c\"></p>\n");
	/* An image inside a link. */
	CHECK_STR(md("[![i](/a.png)](/b)", 0),
		  "<p><a href=\"/b\"><img src=\"/a.png\" loading=\"lazy\" alt=\"i\"></a></p>\n");
	CHECK_LACKS(md("![x](vbscript:x)", 0), "<img");
	CHECK_STR(md("![empty]()", 0), "<p>empty</p>\n");
}

TEST(markdown_ordered_list_anchors)
{
	const char *h = md("12. First\n13. Second\n", 0);
	CHECK_STR(h, "<ol start=\"12\">\n"
		     "<li id=\"p12\"><a class=\"pn\" href=\"#p12\" aria-label=\"12\">\xC2\xB6</a> First</li>\n"
		     "<li id=\"p13\"><a class=\"pn\" href=\"#p13\" aria-label=\"13\">\xC2\xB6</a> Second</li>\n"
		     "</ol>\n");
	/* The number itself is shown once, by the <ol> (no "12." text). */
	CHECK_LACKS(h, "12.");
	/* Start at 1: no start attribute. */
	CHECK_HAS(md("1. a\n2. b\n", 0), "<ol>\n<li id=\"p1\">");
	CHECK_HAS(md("1. a\n2. b\n", 0), "<li id=\"p2\">");
	/* A list interrupted by a paragraph keeps counting from its own start. */
	h = md("1. a\n\ntext\n\n2. b\n", 0);
	CHECK_HAS(h, "id=\"p1\"");
	CHECK_HAS(h, "<ol start=\"2\">\n<li id=\"p2\">");
}

TEST(markdown_nested_lists_not_anchored)
{
	const char *h = md("3. top\n   1. nested\n   2. nested\n4. next\n", 0);
	CHECK_HAS(h, "<li id=\"p3\">");
	CHECK_HAS(h, "<li id=\"p4\">");
	CHECK_LACKS(h, "id=\"p1\"");
	CHECK_LACKS(h, "id=\"p2\"");
	CHECK(count(h, "class=\"pn\"") == 2);
	/* An ordered list inside a bullet list or a quote is not top-level. */
	CHECK_LACKS(md("- x\n  1. y\n", 0), "id=");
	CHECK_LACKS(md("> 1. y\n", 0), "id=");
	/* Bullet lists never get anchors. */
	CHECK_LACKS(md("- a\n- b\n", 0), "id=");
}

TEST(markdown_anchor_ids_unique)
{
	/* Two lists both counting from 1: the second gets no duplicate ids. */
	const char *h = md("1. a\n2. b\n\npara\n\n1. c\n2. d\n3. e\n", 0);
	CHECK(count(h, "id=\"p1\"") == 1);
	CHECK(count(h, "id=\"p2\"") == 1);
	CHECK(count(h, "id=\"p3\"") == 1);
}

TEST(markdown_turns_plain_labels)
{
	CHECK_STR(md("Question: How are you?", MD_TURNS),
		  "<p class=\"turn\" id=\"t1\"><strong class=\"speaker\">Question:</strong> How are "
		  "you?</p>\n");
	const char *h = md("Q: One?\n\nSergey Lavrov: Two.\n\nQ: Three?\n", MD_TURNS);
	CHECK_HAS(h, "<p class=\"turn\" id=\"t1\"><strong class=\"speaker\">Q:</strong> One?</p>");
	CHECK_HAS(h, "<p class=\"turn\" id=\"t2\"><strong class=\"speaker\">Sergey Lavrov:</strong> "
		     "Two.</p>");
	CHECK_HAS(h, "id=\"t3\"");
	/* The rest keeps its markup and escaping. */
	CHECK_STR(md("A: *yes* <b>", MD_TURNS),
		  "<p class=\"turn\" id=\"t1\"><strong class=\"speaker\">A:</strong> <em>yes</em> "
		  "&lt;b&gt;</p>\n");
}

TEST(markdown_turns_bold_labels)
{
	CHECK_STR(md("**Answer:** Yes.", MD_TURNS),
		  "<p class=\"turn\" id=\"t1\"><strong class=\"speaker\">Answer:</strong> Yes.</p>\n");
	CHECK_STR(md("**Answer**: Yes.", MD_TURNS),
		  "<p class=\"turn\" id=\"t1\"><strong class=\"speaker\">Answer:</strong> Yes.</p>\n");
	CHECK_STR(md("__Maria Zakharova:__ Well.", MD_TURNS),
		  "<p class=\"turn\" id=\"t1\"><strong class=\"speaker\">Maria Zakharova:</strong> "
		  "Well.</p>\n");
	/* Bold text that is not a label stays plain bold. */
	CHECK_STR(md("**Important** news: x", MD_TURNS),
		  "<p><strong>Important</strong> news: x</p>\n");
	CHECK_STR(md("**Answer:**, yes", MD_TURNS), "<p><strong>Answer:</strong>, yes</p>\n");
	CHECK_STR(md("*Answer:* x", MD_TURNS), "<p><em>Answer:</em> x</p>\n");
}

TEST(markdown_turns_cyrillic)
{
	CHECK_STR(md("Вопрос: Как дела?", MD_TURNS),
		  "<p class=\"turn\" id=\"t1\"><strong class=\"speaker\">Вопрос:</strong> Как "
		  "дела?</p>\n");
	CHECK_HAS(md("**С.В.Лавров:** Спасибо.", MD_TURNS),
		  "<strong class=\"speaker\">С.В.Лавров:</strong> Спасибо.");
	CHECK_HAS(md("Ёжик: да", MD_TURNS), "<strong class=\"speaker\">Ёжик:</strong>");
	/* Lowercase Cyrillic start is not a label. */
	CHECK_STR(md("вопрос: нет", MD_TURNS), "<p>вопрос: нет</p>\n");
}

TEST(markdown_turns_not_labels)
{
	/* A URL at paragraph start is not a label. */
	CHECK_LACKS(md("http://example.com: x", MD_TURNS), "turn");
	CHECK_LACKS(md("HTTP://example.com x", MD_TURNS), "turn");
	CHECK_LACKS(md("mailto:a@b.c", MD_TURNS), "turn");
	CHECK_STR(md("Q:no space", MD_TURNS), "<p>Q:no space</p>\n");
	CHECK_STR(md("lower case: x", MD_TURNS), "<p>lower case: x</p>\n");
	CHECK_STR(md("Six words are far too many: x", MD_TURNS),
		  "<p>Six words are far too many: x</p>\n");
	CHECK_STR(md("Five words are quite enough: x", MD_TURNS),
		  "<p class=\"turn\" id=\"t1\"><strong class=\"speaker\">Five words are quite "
		  "enough:</strong> x</p>\n");
	CHECK_STR(md("Abcdefghijabcdefghijabcdefghijabcdefghijk: 41 bytes", MD_TURNS),
		  "<p>Abcdefghijabcdefghijabcdefghijabcdefghijk: 41 bytes</p>\n");
	CHECK_HAS(md("Abcdefghijabcdefghijabcdefghijabcdefghij: 40 bytes", MD_TURNS), "turn");
	CHECK_STR(md("A  B: x", MD_TURNS), "<p>A  B: x</p>\n");
	CHECK_STR(md("A B : x", MD_TURNS), "<p>A B : x</p>\n");
	CHECK_STR(md("Q:", MD_TURNS), "<p>Q:</p>\n");
	CHECK_STR(md("Tom & Jerry: x", MD_TURNS), "<p>Tom &amp; Jerry: x</p>\n");
	/* Headings are not paragraphs. */
	CHECK_STR(md("# Q: x", MD_TURNS), "<h2>Q: x</h2>\n");
}

TEST(markdown_turns_off_by_default)
{
	CHECK_STR(md("Question: How are you?", 0), "<p>Question: How are you?</p>\n");
	CHECK_STR(md("**Answer:** Yes.", 0), "<p><strong>Answer:</strong> Yes.</p>\n");
	CHECK_LACKS(md("Q: a\n\nA: b\n", 0), "turn");
}

TEST(markdown_turns_in_containers)
{
	const char *h = md("> Q: quoted\n\n1. A: in a loose list\n\n2. B: again\n", MD_TURNS);
	CHECK_HAS(h, "<blockquote>\n<p class=\"turn\" id=\"t1\">");
	CHECK_HAS(h, "<p class=\"turn\" id=\"t2\"><strong class=\"speaker\">A:</strong>");
	CHECK_HAS(h, "<li id=\"p2\">");
	CHECK_HAS(h, "id=\"t3\"");
}

TEST(markdown_size_cap_reported)
{
	struct buf b;
	buf_init(&b, 16);
	CHECK(markdown_render(&b, "a long enough paragraph of text", 31, 0) == -1);
	CHECK(buf_failed(&b));
	buf_release(&b);
}

/* Odd inputs must not crash or leave unbalanced markup behind. */
TEST(markdown_odd_inputs_balanced)
{
	static const char *const odd[] = {
		"[", "![", "**", "`", "```", "|", "|a|\n|-|", "[a](", "![a](b", "<", "&", "&#",
		"&#x;", "&#99999999999;", "1.", "1)", "> > > > > x", "- - - - x", "*a **b*** c**",
		"[[[[[[[[[[x]]]]]]]]]]", "![![![x](/a)](/b)](/c)", "[a](/b \"c", "\\", "Q: ",
		"**A:**", "**A**:", "1. **A:** x\n\n2. y",
		/* md4c 0.4.8 reports a leave of <em> here without its enter. */
		"a ![i](/L*x) b*c", "[a](/L*x) b*c", "![i](/a*x) *y*",
	};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		const char *h = md(odd[i], MD_TURNS);
		CHECK(count(h, "<p>") + count(h, "<p class") == count(h, "</p>"));
		CHECK(count(h, "<pre>") == count(h, "</pre>"));
		CHECK(count(h, "<a ") == count(h, "</a>"));
		CHECK(count(h, "<strong") == count(h, "</strong>"));
		CHECK(count(h, "<em>") == count(h, "</em>"));
		CHECK(count(h, "<li") == count(h, "</li>"));
		CHECK_LACKS(h, "<script");
	}
	/* Deep nesting. */
	struct buf src;
	buf_init(&src, 0);
	for (int i = 0; i < 2000; i++)
		buf_lit(&src, "> ");
	buf_lit(&src, "x\n");
	for (int i = 0; i < 2000; i++)
		buf_lit(&src, "[");
	const char *h = md(buf_str(&src), MD_TURNS);
	CHECK(count(h, "<blockquote>") == count(h, "</blockquote>"));
	buf_release(&src);
}

/*
 * md4c 0.4.8 reads one byte past the end of inputs such as "[i](". The input is
 * placed right before an inaccessible page so that such a read would crash here
 * (ASan does not see reads inside the uninstrumented libmd4c).
 */
TEST(markdown_no_read_past_input)
{
	static const char *const tails[] = {"[i](", "![i](^", "x [a](/b", "[a]: <", "*", "`"};
	long pg = sysconf(_SC_PAGESIZE);
	CHECK(pg > 0);
	if (pg <= 0)
		return;
	char *m = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	CHECK(m != MAP_FAILED);
	if (m == MAP_FAILED)
		return;
	CHECK(mprotect(m + pg, (size_t)pg, PROT_NONE) == 0);
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		size_t n = strlen(tails[i]);
		char *p = m + pg - n;
		memcpy(p, tails[i], n);
		struct buf b;
		buf_init(&b, 0);
		CHECK(markdown_render(&b, p, n, MD_TURNS) == 0);
		CHECK(b.len > 0);
		buf_release(&b);
	}
	munmap(m, (size_t)pg * 2);
}

TEST(markdown_html_blocks_ranges)
{
	/* Whole lines of top-level blocks with raw HTML, a setext underline included;
	 * code, autolinks and a bare '<' are not HTML. */
	const char *src = "plain < text <https://x.example>\n\n"
			  "Title <i>x</i>\n===\n\n"
			  "```\n<b>code</b>\n```\n\n"
			  "- a\n- b <br>\n\n"
			  "<div>\nblock\n</div>\n";
	struct markdown_range *r;
	size_t n;
	CHECK(markdown_html_blocks(src, strlen(src), &r, &n) == 0);
	CHECK(n == 3);
	if (n == 3) {
		CHECK(!strncmp(src + r[0].beg, "Title <i>x</i>\n===\n", r[0].end - r[0].beg) &&
		      r[0].end - r[0].beg == 19);
		CHECK(!strncmp(src + r[1].beg, "- a\n- b <br>\n", r[1].end - r[1].beg) &&
		      r[1].end - r[1].beg == 13);
		CHECK(!strcmp(src + r[2].beg, "<div>\nblock\n</div>\n") && r[2].end == strlen(src));
	}
	free(r);
	CHECK(markdown_html_blocks("no html here\n", 13, &r, &n) == 0 && n == 0 && !r);
}

TEST(markdown_deep_quotes_bounded)
{
	/* 500 '>' would be 500 nested block quotes: past 48 levels only the text. */
	char src[600];
	memset(src, '>', 500);
	strcpy(src + 500, " deep\n");
	struct buf out;
	buf_init(&out, 0);
	CHECK(markdown_render(&out, src, strlen(src), 0) == 0);
	size_t opens = 0, closes = 0;
	for (const char *p = buf_str(&out); (p = strstr(p, "<blockquote>")); p++)
		opens++;
	for (const char *p = buf_str(&out); (p = strstr(p, "</blockquote>")); p++)
		closes++;
	CHECK(opens == 47 && closes == 47);
	CHECK_HAS(buf_str(&out), "<p>deep</p>");
	buf_release(&out);
}

/* MD_DIR_URLS: links to the site's pages take the '/' of a static copy's addresses;
 * files, other hosts and links that have it already are left as they are. */
TEST(markdown_dir_urls)
{
	CHECK_HAS(md("[a](/items/x)", MD_DIR_URLS), "href=\"/items/x/\"");
	CHECK_HAS(md("[a](/archive?y=1#top)", MD_DIR_URLS), "href=\"/archive/?y=1#top\"");
	CHECK_HAS(md("[a](/ru/kind/news#x)", MD_DIR_URLS), "href=\"/ru/kind/news/#x\"");
	CHECK_HAS(md("[a](/items/x/)", MD_DIR_URLS), "href=\"/items/x/\"");
	CHECK_HAS(md("[a](/feed.rss)", MD_DIR_URLS), "href=\"/feed.rss\"");
	CHECK_HAS(md("[a](/media/3f2a.pdf)", MD_DIR_URLS), "href=\"/media/3f2a.pdf\"");
	CHECK_HAS(md("[a](/static/x)", MD_DIR_URLS), "href=\"/static/x\"");
	CHECK_HAS(md("[a](/2017/visit.html)", MD_DIR_URLS), "href=\"/2017/visit.html\"");
	CHECK_HAS(md("[a](//cdn.example/x)", MD_DIR_URLS), "href=\"//cdn.example/x\"");
	CHECK_HAS(md("[a](https://example.org/x)", MD_DIR_URLS), "href=\"https://example.org/x\"");
	CHECK_HAS(md("[a](#part)", MD_DIR_URLS), "href=\"#part\"");
	CHECK_HAS(md("[a](/)", MD_DIR_URLS), "href=\"/\"");
	CHECK_HAS(md("[a](/items/x)", 0), "href=\"/items/x\"");
	CHECK_HAS(md("![i](/items/x)", MD_DIR_URLS), "src=\"/items/x\"");
	/* A full link to the site's own pages (an imported post's) too, under its path. */
	struct buf b;
	buf_init(&b, 0);
	const char *s = "[a](https://h.example/press/items/x) [b](https://h.example/press/media/a.png) "
			"[c](https://h.example/other) [d](https://h.example/pressx/y)";
	CHECK(markdown_render_site(&b, s, strlen(s), MD_DIR_URLS, "https://h.example/press/") == 0);
	CHECK_HAS(buf_str(&b), "href=\"https://h.example/press/items/x/\"");
	CHECK_HAS(buf_str(&b), "href=\"https://h.example/press/media/a.png\"");
	CHECK_HAS(buf_str(&b), "href=\"https://h.example/other\"");
	CHECK_HAS(buf_str(&b), "href=\"https://h.example/pressx/y\"");
	buf_release(&b);
}

/* Appends markdown_bare_link of s to a static buffer: its text, and the length taken. */
static const char *bare(const char *s, size_t *len)
{
	static struct buf b;
	static int init;
	if (!init) {
		buf_init(&b, 1 << 16);
		init = 1;
	}
	buf_reset(&b);
	*len = markdown_bare_link(&b, s, strlen(s));
	return buf_str(&b);
}

TEST(markdown_bare_link_takes_the_whole_address)
{
	size_t n;
	CHECK_STR(bare("http://www.mid.ru/ru/foreign_policy/news today", &n),
		  "<http://www.mid.ru/ru/foreign_policy/news>");
	CHECK(n == strlen("http://www.mid.ru/ru/foreign_policy/news"));
	/* Sentence punctuation after it, and a bracket it does not open, stay text. */
	CHECK_STR(bare("https://a.org/press?id=1&lang=en.", &n), "<https://a.org/press?id=1&lang=en>");
	CHECK_STR(bare("HTTPS://a.org/p_(1)).", &n), "<HTTPS://a.org/p_(1)>");
	CHECK(n == strlen("HTTPS://a.org/p_(1)"));
	CHECK_STR(bare("https://a.org/x»,", &n), "<https://a.org/x>");
	CHECK_STR(bare("https://a.org/\"q\"", &n), "<https://a.org/>");
	/* Without a scheme: a link to http:// with the text escaped. */
	CHECK_STR(bare("www.mid.ru/a_b*c,", &n), "[www.mid.ru/a\\_b\\*c](http://www.mid.ru/a_b*c)");
	CHECK_STR(bare("www.x.org/(a)", &n), "[www.x.org/(a)](http://www.x.org/%28a%29)");
	/* Not an address: nothing taken, nothing written. */
	static const char *const no[] = {"http://", "http:// x", "httpx://a.org", "www.", "www..x",
					 "https://»", "mailto:a@b.org", "ftp://a.org", "wwwx.org"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		CHECK(!strcmp(bare(no[i], &n), "") && n == 0);
	/* And the Markdown it wrote is that link. */
	CHECK_HAS(md("Full text: <https://a.org/p?id=1&lang=en> and [www.x.org/a\\_b](http://www.x.org/a_b).", 0),
		  "<a href=\"https://a.org/p?id=1&amp;lang=en\">https://a.org/p?id=1&amp;lang=en</a>");
	CHECK_HAS(md("[www.x.org/a\\_b](http://www.x.org/a_b)", 0),
		  "<a href=\"http://www.x.org/a_b\">www.x.org/a_b</a>");
}
