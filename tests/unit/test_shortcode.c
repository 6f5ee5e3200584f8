/* Hugo shortcodes and Jekyll Liquid tags in imported Markdown (src/import/shortcode.c),
 * alone with a resolver of the test's own, and in a tree through import_mdtree, where
 * cross-references name other files of the import. */
#include "test.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "../../src/cli/frontmatter.h"
#include "../../src/import/import.h"
#include "../../src/import/shortcode.h"
#include "../../src/syndicate/wxr.h"

/* import_dests_rewrite's callback that replaces nothing. */
static int sc_test_dest_keep(void *ctx, const char *d, size_t n, struct buf *to)
{
	(void)ctx, (void)d, (void)n, (void)to;
	return 0;
}

/* Knows "visit" (one item) and "dup" (two). */
static int sc_test_resolve(void *ctx, const char *from, const char *ref, struct buf *url)
{
	(void)ctx;
	(void)from;
	if (!strcmp(ref, "dup"))
		return SC_REF_MANY;
	if (strcmp(ref, "visit") && strcmp(ref, "2016-07-26-visit"))
		return SC_REF_NONE;
	buf_lit(url, "/items/visit");
	return 0;
}

/* What the last sc_test listed. */
static struct buf sc_rep;

/* The body rewritten, as Hugo's and Jekyll's or (wp) as WordPress's: "" when it is
 * unchanged; what was listed in sc_rep, counts in *c. */
static const char *sc_test_dialect(const char *body, struct shortcode_ctx *c, int wp)
{
	static struct buf out;
	static int ready;
	if (!ready) {
		buf_init(&out, 1 << 24);
		buf_init(&sc_rep, 1 << 24);
		ready = 1;
	}
	memset(c, 0, sizeof *c);
	c->name = "a.md";
	c->line = 5;
	c->resolve = sc_test_resolve;
	c->report = &sc_rep;
	buf_reset(&sc_rep);
	int r = wp ? shortcode_rewrite_wp(c, body, &out) : shortcode_rewrite(c, body, &out);
	return r < 0 ? "(failed)" : r == 0 ? (out.len ? "(0 with output)" : "") : buf_str(&out);
}

static const char *sc_test(const char *body, struct shortcode_ctx *c)
{
	return sc_test_dialect(body, c, 0);
}

static const char *sc_test_wp(const char *html, struct shortcode_ctx *c)
{
	return sc_test_dialect(html, c, 1);
}

TEST(shortcode_hugo_rewritten)
{
	struct shortcode_ctx c;
	CHECK_STR(sc_test("Plain {text} and {{ no tag.", &c), "");
	CHECK_STR(buf_str(&sc_rep), "");
	CHECK_STR(sc_test("{{< figure src=\"/img/a b(1).jpg\" alt=\"The [minister]\" "
			  "title=\"Say \\\"hi\\\"\" caption=\"At *noon*\" link=\"https://e.org\" >}}", &c),
		  "[![The \\[minister\\]](/img/a%20b%281%29.jpg \"Say \\\"hi\\\"\")](https://e.org)"
		  "\n\nAt *noon*");
	CHECK(c.rewritten[SC_FIGURE] == 1);
	/* No alt: the caption is the image's text, as in Hugo. */
	CHECK_STR(sc_test("{{< figure src=\"a.png\" caption=\"Two_words\" />}}", &c),
		  "![Two\\_words](a.png)\n\nTwo_words");
	CHECK_STR(sc_test("A {{< youtube w7Ft2ymGmfc >}} b {{< youtube id=\"w7Ft\" title=\"Press "
			  "conference\" >}} c {{< vimeo 146022717 >}}", &c),
		  "A <https://www.youtube.com/watch?v=w7Ft2ymGmfc> b [Press "
		  "conference](https://www.youtube.com/watch?v=w7Ft) c <https://vimeo.com/146022717>");
	CHECK(c.rewritten[SC_VIDEO] == 3);
	CHECK_STR(sc_test("{{< tweet user=\"MFA_Russia\" id=\"1453110110599868418\" >}}\n"
			  "{{< x 12345 >}}\n{{< instagram CxOWiQNP2MO >}}\n"
			  "{{< gist spf13 7896402 >}}", &c),
		  "<https://x.com/MFA_Russia/status/1453110110599868418>\n"
		  "<https://x.com/i/status/12345>\n<https://www.instagram.com/p/CxOWiQNP2MO/>\n"
		  "<https://gist.github.com/spf13/7896402>");
	CHECK(c.rewritten[SC_POST] == 4);
	/* The code's own backticks make the fence longer; the language is kept. */
	CHECK_STR(sc_test("Text:{{< highlight go \"linenos=table\" >}}\nx := \"```\"\n"
			  "{{< /highlight >}}After", &c),
		  "Text:\n````go\nx := \"```\"\n````\nAfter");
	CHECK_STR(sc_test("{{% details summary=\"More *info*\" %}}\nHidden\n{{% /details %}}", &c),
		  "**More \\*info\\***\n\n\nHidden\n");
	CHECK_STR(sc_test("a{{< comment >}}note to self{{< /comment >}}b", &c), "ab");
	/* Hugo's escape shows the tag as written, and is not run. */
	CHECK_STR(sc_test("Write {{</* youtube x */>}} or {{%/* ref \"a\" */%}}.", &c),
		  "Write {{< youtube x >}} or {{% ref \"a\" %}}.");
	CHECK_STR(buf_str(&sc_rep), "");
	/* A pair pressroom does not know frames its text: the tags go, the text stays. */
	CHECK_STR(sc_test("{{< notice warning >}}Mind {{< youtube abc >}}{{< /notice >}}", &c),
		  "Mind <https://www.youtube.com/watch?v=abc>");
	CHECK_STR(buf_str(&sc_rep),
		  "a.md:5: {{< notice warning >}} and its closing tag are dropped, the text between "
		  "them kept\n");
	CHECK(c.kept == 0);
}

TEST(shortcode_cross_references)
{
	struct shortcode_ctx c;
	CHECK_STR(sc_test("[a]({{< ref \"visit\" >}}) [b]({{< relref path=\"visit#q-2\" >}}) "
			  "[c]({{< ref \"#top\" >}})", &c),
		  "[a](/items/visit) [b](/items/visit#q-2) [c](#top)");
	CHECK_STR(sc_test("{% post_url 2016-07-26-visit %} {%- link \"visit\" -%}", &c),
		  "/items/visit /items/visit");
	CHECK(c.rewritten[SC_REF] == 2);
	CHECK_STR(sc_test("x\n\n{{< ref \"gone\" >}} {{< ref \"dup\" >}}", &c), "");
	CHECK_STR(buf_str(&sc_rep), "a.md:7: {{< ref \"gone\" >}} kept as text: no imported file is "
				 "'gone'\na.md:7: {{< ref \"dup\" >}} kept as text: 'dup' names more "
				 "than one imported file\n");
	CHECK(c.kept == 2);
}

TEST(shortcode_liquid)
{
	struct shortcode_ctx c;
	CHECK_STR(sc_test("![a]({{ site.baseurl }}/img/a.png) [b]({{ '/about/' | relative_url }})"
			  "{% comment %}x{% endcomment %}", &c),
		  "![a](/img/a.png) [b](/about/)");
	CHECK_STR(sc_test("{% highlight ruby linenos %}\ndef x; end\n{% endhighlight %}\n"
			  "{% raw %}{{ page.title }} {% if %}{% endraw %}", &c),
		  "```ruby\ndef x; end\n```\n{{ page.title }} {% if %}");
	CHECK_STR(buf_str(&sc_rep), "");
	CHECK_STR(sc_test("Title: {{ page.title }}\n{% include note.html %}\n{{ 2 }}", &c), "");
	CHECK_STR(buf_str(&sc_rep),
		  "a.md:5: {{ page.title }} kept as text: Liquid output is not run; edit the item\n"
		  "a.md:6: {% include note.html %} kept as text: Liquid tags are not run; edit the "
		  "item\n");
}

TEST(shortcode_kept_and_bad_input)
{
	struct shortcode_ctx c;
	CHECK_STR(sc_test("{{< gallery dir=\"/img\" >}}\n{{< /stray >}}\n{{< youtube a$b >}}\n"
			  "{{< figure alt=\"x\" >}}\n{{< highlight go >}}\nno end\n{{< param x >}}", &c),
		  "");
	CHECK_STR(buf_str(&sc_rep),
		  "a.md:5: {{< gallery dir=\"/img\" >}} kept as text: pressroom has no Markdown for "
		  "this shortcode; edit the item\n"
		  "a.md:6: {{< /stray >}} kept as text: a closing tag without its opening one\n"
		  "a.md:7: {{< youtube a$b >}} kept as text: a YouTube id is letters, digits, '-' and "
		  "'_'\n"
		  "a.md:8: {{< figure alt=\"x\" >}} kept as text: a figure without src\n"
		  "a.md:9: {{< highlight go >}} kept as text: its closing tag is missing\n"
		  "a.md:11: {{< param x >}} kept as text: pressroom has no Markdown for this "
		  "shortcode; edit the item\n");
	CHECK(c.kept == 6);
	/* Not closed: said once, on one line, and the rest of the body is still read. */
	CHECK_STR(sc_test("{{< youtube abc\n\n{{< vimeo 1 >}}", &c),
		  "{{< youtube abc\n\n<https://vimeo.com/1>");
	CHECK_STR(buf_str(&sc_rep),
		  "a.md:5: {{< youtube abc kept as text: no \">}}\" closes it within 4 KiB\n");
	/* A long tag is quoted shortened, at a character's start. */
	struct buf body;
	buf_init(&body, 1 << 24);
	buf_lit(&body, "{{< map title=\"");
	for (int i = 0; i < 60; i++)
		buf_lit(&body, "\xD0\xB6");
	buf_lit(&body, "\" >}}");
	sc_test(buf_str(&body), &c);
	CHECK_HAS(buf_str(&sc_rep), "\xD0\xB6...");
	CHECK(strlen(buf_str(&sc_rep)) < 200);
	/* Many tags that never close: read in one pass over the body, not one a tag. */
	buf_reset(&body);
	for (int i = 0; i < 100000; i++)
		buf_lit(&body, "{{< a >}}{% raw %}");
	sc_test(buf_str(&body), &c);
	CHECK(c.kept == 200000);
	buf_release(&body);
}

TEST(shortcode_wordpress)
{
	struct shortcode_ctx c;
	CHECK_STR(sc_test_wp("Plain [sic] and [1] and [a]b[/c] and [", &c), "");
	CHECK_STR(buf_str(&sc_rep), "");
	/* The caption is the text after the image; an older caption attribute else. */
	CHECK_STR(sc_test_wp("[caption id=\"a_1\" width=\"300\"]<a href=\"/l\"><img src=\"a.jpg\" "
			     "alt=\"A\" /> </a> The <em>quay</em>[/caption]",
			     &c),
		  "<figure><a href=\"/l\"><img src=\"a.jpg\" alt=\"A\" /> </a><figcaption>The "
		  "<em>quay</em></figcaption></figure>");
	CHECK_STR(sc_test_wp("[wp_caption caption='Old & new']<IMG src=x>[/wp_caption]", &c),
		  "<figure><IMG src=x><figcaption>Old &amp; new</figcaption></figure>");
	CHECK(c.rewritten[SC_FIGURE] == 1);
	CHECK_STR(sc_test_wp("[embed width=\"5\"] https://e.org/v?a=1&b=2 [/embed][youtube=https://youtu.be/x]"
			     "[vimeo 146022717][audio mp3=\"https://e.org/a.mp3\"][/audio]",
			     &c),
		  "<p><a href=\"https://e.org/v?a=1&amp;b=2\">https://e.org/v?a=1&amp;b=2</a></p>"
		  "<p><a href=\"https://youtu.be/x\">https://youtu.be/x</a></p>"
		  "<p><a href=\"https://vimeo.com/146022717\">https://vimeo.com/146022717</a></p>"
		  "<p><a href=\"https://e.org/a.mp3\">https://e.org/a.mp3</a></p>");
	CHECK(c.rewritten[SC_VIDEO] == 4);
	/* A builder's pairs go, nested, and their text is read on. */
	CHECK_STR(sc_test_wp("[et_pb_section][et_pb_text]Hi [[caption]][/et_pb_text][/et_pb_section]",
			     &c),
		  "Hi [caption]");
	CHECK(c.rewritten[SC_WRAPPER] == 2 && c.rewritten[SC_RAW] == 1 && c.kept == 0);
	CHECK_STR(sc_test_wp("a\n[embed]javascript:alert(1)[/embed]\n[video src=\"ftp://x\"]\n"
			     "[gallery ids=\"1,2\"]\n[form id=\"5\"]\n[caption]no image[/caption]",
			     &c),
		  "");
	CHECK_STR(buf_str(&sc_rep),
		  "a.md:6: [embed]javascript:alert(1)[/embed] kept as text: pressroom cannot read "
		  "it; edit the item\n"
		  "a.md:7: [video src=\"ftp://x\"] kept as text: pressroom cannot read it; edit the "
		  "item\n"
		  "a.md:8: [gallery ids=\"1,2\"] kept as text: its files are attachments, which are "
		  "not imported; edit the item\n"
		  "a.md:9: [form id=\"5\"] kept as text: pressroom has no HTML for this shortcode; "
		  "edit the item\n"
		  "a.md:10: [caption]no image[/caption] kept as text: pressroom cannot read it; edit "
		  "the item\n");
	CHECK(c.kept == 5);
}

/* Bodies built to make a search start over at every tag: each is read in one pass
 * (a quadratic search took minutes on them), and the long argument is refused
 * whole rather than cut. */
TEST(shortcode_adversarial)
{
	struct shortcode_ctx c;
	struct buf body;
	buf_init(&body, 1 << 24);
	static const char *const unit[] = {"{{< n%d >}}", "{{< x%d >}}", "{{</**/", "{{<", "[/",
					   "[a%d]x[/b]", "](<", "{%%a", "{{< a \"%d"};
	for (size_t k = 0; k < sizeof unit / sizeof unit[0]; k++) {
		buf_reset(&body);
		for (int i = 0; body.len < (1 << 20); i++)
			buf_addf(&body, unit[k], k == 0 ? i % 9 : i);
		sc_test(buf_str(&body), &c);
		sc_test_wp(buf_str(&body), &c);
		struct buf out;
		buf_init(&out, 1 << 24);
		CHECK(import_dests_rewrite(buf_str(&body), &out, sc_test_dest_keep, NULL) == 0);
		buf_release(&out);
	}
	buf_reset(&body);
	buf_lit(&body, "{{< figure src=");
	for (int i = 0; i < 5000; i++)
		buf_addc(&body, 'A');
	buf_lit(&body, " >}}");
	CHECK_STR(sc_test(buf_str(&body), &c), "");
	CHECK_HAS(buf_str(&sc_rep), "kept as text: no \">}}\" closes it within 4 KiB");
	/* A brace before a shortcode, and a language that would break the fence. */
	CHECK_STR(sc_test("{{{< vimeo 1 >}}}", &c), "{<https://vimeo.com/1>}");
	CHECK_STR(sc_test("{% highlight a`b %}\nx\n{% endhighlight %}", &c), "```\nx\n```");
	CHECK_STR(sc_test_wp("[a x=1][b x=1]t[/a][/b]", &c), "t[/a]");
	CHECK_HAS(buf_str(&sc_rep), "[/a] kept as text: a closing tag out of order");
	buf_release(&body);
}

static void sc_test_write(const char *root, const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	for (char *s = strchr(p + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0777);
		*s = '/';
	}
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static const char *sc_test_body(const struct import_batch *b, const char *title)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].it.title, title))
			return b->v[i].it.body;
	return "(no such item)";
}

TEST(shortcode_tree_references)
{
	char root[] = "/tmp/pressroom-shortcode-XXXXXX";
	CHECK(mkdtemp(root) != NULL);
	sc_test_write(root, "posts/visit.md",
		      "---\ntitle: Visit\ndate: 2020-01-02\n---\n"
		      "[t]({{< ref \"trip\" >}}) [r]({{< ref \"/posts/trip/index.md#d2\" >}}) "
		      "[j]({{< relref \"../_posts/2016-07-26-name\" >}}) [n]({{< ref \"note\" >}})\n\n"
		      "{{< ref \"nowhere\" >}}\n");
	sc_test_write(root, "posts/trip/index.md",
		      "---\ntitle: Trip\ndate: 2020-01-03\nlang: ru\n---\n"
		      "[v]({{< ref \"visit.md\" >}}) {{< figure src=\"photo.png\" alt=\"A\" >}}\n");
	/* A 1x1 PNG. */
	static const unsigned char png[] = {
		0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
		0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
		0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
		0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00,
		0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
	char p[512];
	snprintf(p, sizeof p, "%s/posts/trip/photo.png", root);
	FILE *f = fopen(p, "wb");
	if (f) {
		fwrite(png, 1, sizeof png, f);
		fclose(f);
	}
	sc_test_write(root, "_posts/2016-07-26-name.md",
		      "---\ntitle: Jekyll\ndate: 2016-07-26\n---\n{% post_url 2016-07-26-name %}\n");
	/* Two files called "note": a reference by that name alone is ambiguous. */
	sc_test_write(root, "a/note.md", "---\ntitle: Note A\ndate: 2020-01-02\n---\nA\n");
	sc_test_write(root, "b/note.md", "---\ntitle: Note B\ndate: 2020-01-02\n---\nB\n");
	struct import_batch b;
	import_batch_init(&b);
	struct buf err;
	buf_init(&err, 4096);
	struct fm_defaults d = {.timezone = "UTC", .lang = "en"};
	CHECK(import_mdtree(root, &d, &b, &err, NULL, NULL) == 0);
	CHECK_STR(buf_str(&err), "");
	/* The Russian item's path has its language; the default language's has none. */
	CHECK_STR(sc_test_body(&b, "Visit"),
		  "[t](/ru/items/trip) [r](/ru/items/trip#d2) [j](/items/name) "
		  "[n]({{< ref \"note\" >}})\n\n{{< ref \"nowhere\" >}}\n");
	CHECK_HAS(sc_test_body(&b, "Trip"), "[v](/items/visit) ![A](/media/");
	/* A Jekyll post's slug is its file's name less the date, as in its URL. */
	CHECK_STR(sc_test_body(&b, "Jekyll"), "/items/name\n");
	char want[600];
	snprintf(want, sizeof want,
		 "%s/posts/visit.md:5: {{< ref \"note\" >}} kept as text: 'note' names more than "
		 "one imported file\n%s/posts/visit.md:7: {{< ref \"nowhere\" >}} kept as text: no "
		 "imported file is 'nowhere'\n",
		 root, root);
	CHECK_HAS(buf_str(&b.info), want);
	CHECK_HAS(buf_str(&b.info), "tags rewritten as Markdown: figures 1, cross-references 5\n");
	CHECK_HAS(buf_str(&b.info), "2 tags kept as text");
	CHECK(b.nmedia == 1);
	import_batch_clear(&b);
	buf_release(&err);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK(system(cmd) == 0);
}

/* The line a WordPress shortcode is listed at: the export's own, past line 65,535
 * (libxml2 stops counting there unless told) and past the blank lines the content
 * starts with. */
TEST(shortcode_wxr_lines)
{
	struct buf x;
	buf_init(&x, 1 << 24);
	buf_lit(&x, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
		    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
		    "xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n"
		    "<wp:wxr_version>1.2</wp:wxr_version>\n");
	for (int i = 0; i < 70000; i++)
		buf_lit(&x, "\n");
	/* Line 70004: the item; its content starts two lines below. */
	buf_lit(&x, "<item><title>T</title><wp:post_type>post</wp:post_type>"
		    "<wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt>"
		    "<content:encoded><![CDATA[\n\n[gallery ids=\"1\"]]]></content:encoded></item>\n"
		    "</channel></rss>\n");
	struct import_batch b;
	import_batch_init(&b);
	struct buf err;
	buf_init(&err, 4096);
	struct fm_defaults d = {.timezone = "UTC", .lang = "en"};
	CHECK(import_wxr("x.xml", x.data, x.len, &d, &b, &err) == 0);
	CHECK_STR(buf_str(&err), "");
	CHECK_HAS(buf_str(&b.info), "x.xml:70006: [gallery ids=\"1\"] kept as text");
	import_batch_clear(&b);
	buf_release(&err);
	buf_release(&x);
}

static const char *sc_test_attachment(void *ctx, const char *id, const char **alt)
{
	(void)ctx;
	*alt = "Photo";
	return !strcmp(id, "7") ? "https://e.org/7.jpg" : !strcmp(id, "8") ? "https://e.org/8.jpg" : NULL;
}

/* Each gallery is counted once (it was counted twice: by itself and by its caller). */
TEST(shortcode_wordpress_galleries_counted_once)
{
	struct buf out, rep;
	buf_init(&out, 1 << 16);
	buf_init(&rep, 1 << 16);
	struct shortcode_ctx c;
	memset(&c, 0, sizeof c);
	c.name = "a.xml";
	c.line = 5;
	c.resolve = sc_test_resolve;
	c.attachment = sc_test_attachment;
	c.report = &rep;
	int rc = shortcode_rewrite_wp(&c, "[gallery ids=\"7,8\"] and [gallery ids=\"8, 9\"]", &out);
	CHECK(rc == 1);
	CHECK_STR(buf_str(&out), "<p><img src=\"https://e.org/7.jpg\" alt=\"Photo\"> <img "
				 "src=\"https://e.org/8.jpg\" alt=\"Photo\"></p> and <p><img "
				 "src=\"https://e.org/8.jpg\" alt=\"Photo\"></p>");
	CHECK(c.rewritten[SC_GALLERY] == 2);
	CHECK_STR(buf_str(&rep), "a.xml:5: [gallery ids=\"8, 9\"] became 1 image; 1 of its ids is not "
				 "in the export\n");
	buf_release(&out);
	buf_release(&rep);
}

/* A WordPress date that is no date (30 February, 25:00) stops the import, named on
 * its own line (its post's <item> is on the line before); a draft's zeros are no date
 * at all, and another field dates it. */
TEST(wxr_impossible_date_is_said)
{
	static const char head[] = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
				   "xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n"
				   "<wp:wxr_version>1.2</wp:wxr_version>\n";
	const char *bad[] = {"2019-02-30 10:00:00", "2019-03-01 25:00:00", "yesterday"};
	struct fm_defaults d = {.timezone = "UTC", .lang = "en"};
	char x[2048], want[256];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(x, sizeof x, "%s<item><title>T</title><wp:post_type>post</wp:post_type>\n"
				      "<wp:post_date>%s</wp:post_date></item>\n</channel></rss>\n",
			 head, bad[i]);
		struct import_batch b;
		import_batch_init(&b);
		struct buf err;
		buf_init(&err, 4096);
		CHECK(import_wxr("x.xml", x, strlen(x), &d, &b, &err) == -1);
		snprintf(want, sizeof want,
			 "x.xml:5: wp:post_date '%s' is no date and time (YYYY-MM-DD hh:mm:ss)", bad[i]);
		CHECK_STR(buf_str(&err), want);
		import_batch_clear(&b);
		buf_release(&err);
	}
	snprintf(x, sizeof x, "%s<item><title>T</title><wp:post_type>post</wp:post_type>\n"
			      "<wp:status>draft</wp:status><wp:post_date_gmt>0000-00-00 00:00:00"
			      "</wp:post_date_gmt><wp:post_date>2019-03-01 10:00:00</wp:post_date></item>\n"
			      "</channel></rss>\n",
		 head);
	struct import_batch b;
	import_batch_init(&b);
	struct buf err;
	buf_init(&err, 4096);
	CHECK(import_wxr("x.xml", x, strlen(x), &d, &b, &err) == 0 && b.n == 1);
	import_batch_clear(&b);
	buf_release(&err);
}

/* A player embedded in a post (a YouTube frame) is dropped by the sanitizer: said,
 * with its address, so that someone links to it. */
TEST(wxr_embedded_players_are_said)
{
	static const char x[] =
		"<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
		"xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
		"<item><title>T</title><wp:post_type>post</wp:post_type><wp:post_date>2019-03-01 10:00:00"
		"</wp:post_date>\n<content:encoded><![CDATA[Watch:\n<IFRAME width=560 "
		"src=\"https://www.youtube.com/embed/abc123\"></IFRAME>\n<video controls><source "
		"src=\"/v.mp4\"></video> <iframes>not one</iframes>]]></content:encoded></item>\n"
		"</channel></rss>\n";
	struct fm_defaults d = {.timezone = "UTC", .lang = "en"};
	struct import_batch b;
	import_batch_init(&b);
	struct buf err;
	buf_init(&err, 4096);
	CHECK(import_wxr("x.xml", x, strlen(x), &d, &b, &err) == 0 && b.n == 1);
	CHECK_STR(buf_str(&b.info),
		  "x.xml:4: an embedded iframe of https://www.youtube.com/embed/abc123 dropped (pages "
		  "show no frames or players): link to it in the newsroom\n"
		  "x.xml:4: an embedded video dropped (pages show no frames or players): link to it in "
		  "the newsroom\n");
	import_batch_clear(&b);
	buf_release(&err);
}
