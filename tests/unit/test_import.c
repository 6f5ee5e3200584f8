/* Importers (src/import/) and the export helpers (src/export/): the plain-text news
 * page parser on our own page and on the shared fixture, the Markdown tree walker,
 * YAML quoting, site paths as file names, and the progress bar's format. */
#include "test.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/base/tz.h"
#include "../../src/cli/frontmatter.h"
#include "../../src/export/export.h"
#include "../../src/import/import.h"
#include "../../src/import/progress.h"

static char *import_test_read(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = malloc(1 << 20);
	*n = data ? fread(data, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (data)
		data[*n] = '\0';
	return data;
}

static int64_t import_test_day(int y, int m, int d)
{
	int64_t t = 0;
	tz_to_utc("Europe/London", y, m, d, 0, 0, 0, &t);
	return t;
}

static int import_test_paras(const char *body, const char *prefix)
{
	int n = 0;
	size_t pl = strlen(prefix);
	for (const char *p = body; p; p = strstr(p, "\n\n")) {
		if (p != body)
			p += 2;
		n += !strncmp(p, prefix, pl);
		if (!*p)
			break;
	}
	return n;
}

TEST(import_plaintext_own_page)
{
	size_t n;
	char *text = import_test_read("tests/data/embassy-page.txt", &n);
	CHECK(text != NULL);
	if (!text)
		return;
	struct import_batch b;
	import_batch_init(&b);
	struct pt_header h;
	struct buf err;
	buf_init(&err, 4096);
	int rc = import_plaintext("embassy-page.txt", text, n, "Europe/London", "en", &b, &h, &err);
	CHECK_STR(buf_str(&err), "");
	CHECK(rc == 0);
	CHECK(b.n == 8);
	/* The header: recognised, not items. */
	CHECK_STR(h.date, "28 November 2026");
	CHECK(h.nclocks == 2);
	CHECK_STR(h.clock_label[0], "Moscow");
	CHECK_STR(h.clock_time[1], "13:20");
	CHECK_STR(h.contact_title, "Consular queries");
	CHECK_STR(h.contact_phone, "+44 (0) 20 7946 0318");
	CHECK_STR(h.contact_email, "consular@embassy.veloria.example");
	if (b.n == 8) {
		/* The full article first, then the entries, in the page's order. */
		const struct item *a = &b.v[0].it;
		CHECK_STR(a->title, "Ambassador Liana Corvess's interview with the Castra Bay Gazette");
		CHECK(a->kind == KIND_INTERVIEW);
		CHECK(a->published == import_test_day(2026, 11, 27));
		CHECK_STR(a->series, "ambassador-liana-corvesss-interview-with-the-castra-bay-gazette");
		CHECK(a->part == 1);
		CHECK_STR(a->slug, "ambassador-liana-corvesss-interview-with-the-castra-bay-gazette-part-1");
		CHECK_STR(a->source_url, "https://mfa.veloria.example/en/press/interviews/"
					 "corvess-gazette-2026?id=4471&lang=en_GB");
		CHECK_STR(a->source_title, "mfa.veloria.example");
		/* Question / answer turns kept as paragraphs, so the renderer marks them. */
		CHECK(import_test_paras(a->body, "Question: ") == 5);
		CHECK(import_test_paras(a->body, "Liana Corvess: ") == 5);
		CHECK(import_test_paras(a->body, "To be continued...") == 1);
		CHECK_LACKS(a->body, "https://");
		CHECK(a->status == STATUS_PUBLISHED);
		static const struct {
			int d;
			enum item_kind k;
			const char *start;
		} want[] = {
			{26, KIND_STATEMENT, "Position of the Republic"},
			{24, KIND_NEWS, "Embassy donates"},
			{20, KIND_MEDIA_REPLY, "Embassy press officer's reply"},
			{18, KIND_MEDIA_REPLY, "Embassy press officer's reply"},
			{13, KIND_INTERVIEW, "Foreign Minister Tomas Avelin"},
			{10, KIND_COMMENT, "Press Secretary's comment"},
			{3, KIND_MEDIA_REPLY, "Embassy spokesperson's reply"},
		};
		for (size_t i = 0; i < 7; i++) {
			const struct item *it = &b.v[i + 1].it;
			CHECK(it->published == import_test_day(2026, 11, want[i].d));
			CHECK(it->kind == want[i].k);
			CHECK(!strncmp(it->title, want[i].start, strlen(want[i].start)));
			CHECK(*it->lead);
			CHECK(!*it->series && !it->part);
		}
		CHECK(!strncmp(b.v[1].it.lead, "1. The Republic of Veloria regards", 34));
		CHECK(!strncmp(b.v[3].it.lead, "Question: Will ferry crossings", 30));
		CHECK_STR(b.v[1].name, "embassy-page.txt:50");
	}
	CHECK(import_batch_check(&b, &err) == 0);
	buf_release(&err);
	import_batch_clear(&b);
	free(text);
}

TEST(import_plaintext_shared_fixture)
{
	size_t n;
	char *text = import_test_read("../shared/fixtures/embassy-press-page.txt", &n);
	if (!text) {
		printf("     (skipped: ../shared/fixtures/embassy-press-page.txt is not here)\n");
		return;
	}
	struct import_batch b;
	import_batch_init(&b);
	struct pt_header h;
	struct buf err;
	buf_init(&err, 4096);
	CHECK(import_plaintext("fixture.txt", text, n, "Europe/London", "en", &b, &h, &err) == 0);
	CHECK_STR(buf_str(&err), "");
	CHECK(b.n == 11);
	CHECK_STR(h.date, "26 September 2018");
	CHECK(h.nclocks == 2);
	CHECK_STR(h.contact_email, "info@rusemb.org.uk");
	if (b.n == 11) {
		const struct item *a = &b.v[0].it;
		CHECK(a->kind == KIND_INTERVIEW);
		CHECK(a->published == import_test_day(2017, 11, 30));
		CHECK(a->part == 1 && *a->series);
		CHECK_STR(a->source_title, "mid.ru");
		CHECK(!strncmp(a->source_url, "http://www.mid.ru/ru/foreign_policy/news/", 41));
		CHECK(import_test_paras(a->body, "Question: ") == 5);
		CHECK(import_test_paras(a->body, "Sergey Lavrov: ") == 5);
		CHECK(import_test_paras(a->body, "To be continued...") == 1);
		int kinds[KIND_COUNT] = {0};
		for (size_t i = 1; i < b.n; i++)
			kinds[b.v[i].it.kind]++;
		CHECK(kinds[KIND_MEDIA_REPLY] == 7);
		CHECK(kinds[KIND_STATEMENT] == 1);
		CHECK(kinds[KIND_NEWS] == 2);
		CHECK(b.v[1].it.published == import_test_day(2018, 9, 24));
		CHECK(b.v[10].it.published == import_test_day(2018, 9, 9));
	}
	buf_release(&err);
	import_batch_clear(&b);
	free(text);
}

/* Parses text; returns the message ("" when it parsed). */
/* text read as a news page named p.txt (in UTC, English) into b, initialized here
 * (the caller clears it); rc as import_plaintext returns it. */
static void import_test_page(const char *text, struct import_batch *b, int rc)
{
	import_batch_init(b);
	struct pt_header h;
	struct buf err;
	buf_init(&err, 4096);
	CHECK(import_plaintext("p.txt", text, strlen(text), "UTC", "en", b, &h, &err) == rc);
	buf_release(&err);
}

/* Entry i of b has this lead and body (NULL: not looked at). */
static void import_test_entry(const struct import_batch *b, size_t i, const char *lead,
			      const char *body)
{
	CHECK(i < b->n);
	if (i >= b->n)
		return;
	if (lead)
		CHECK_STR(b->v[i].it.lead, lead);
	if (body)
		CHECK_STR(b->v[i].it.body, body);
}

static void import_test_bad(const char *text, const char *want)
{
	struct import_batch b;
	import_batch_init(&b);
	struct pt_header h;
	struct buf err;
	buf_init(&err, 4096);
	int rc = import_plaintext("p.txt", text, strlen(text), "UTC", "en", &b, &h, &err);
	CHECK(rc == -1);
	CHECK_STR(buf_str(&err), want);
	buf_release(&err);
	import_batch_clear(&b);
}

TEST(import_plaintext_errors)
{
	import_test_bad("hello\nworld\n", "p.txt:1: not a news page: no 'PRESS RELEASES AND NEWS' or "
					  "'LATEST EVENTS' heading");
	import_test_bad("LATEST EVENTS\n\n01.01.2020 - Fine\n\nlead\n\n31.02.2020 - Bad day\n",
			"p.txt:7: impossible date '31.02.2020'");
	import_test_bad("LATEST EVENTS\n\nstray text\n", "p.txt:3: expected an entry "
							 "'dd.mm.yyyy - Title', found 'stray text'");
	import_test_bad("LATEST EVENTS\n\n01.01.2020 -\n", "p.txt:3: the entry dated 01.01.2020 - has no title");
	import_test_bad("PRESS RELEASES AND NEWS\n\nTitle first\n",
			"p.txt:3: expected the article's date (dd.mm.yyyy), found 'Title first'");
	import_test_bad("LATEST EVENTS\n\n01.01.2020 - A\n\n\xff\n", "p.txt:5: not valid UTF-8: save the page as UTF-8 and import it again");
	/* Two entries with one title on one day that say different things make one
	 * slug: the check names both lines (the same entry twice is skipped: below). On
	 * two days they are two items, the second with a dated slug. */
	const char *dup = "LATEST EVENTS\n\n01.01.2020 - Same\nOne.\n\n01.01.2020 \xE2\x80\x93 Same\nTwo.\n";
	const char *two = "LATEST EVENTS\n\n01.01.2020 - Same\n\n02.01.2020 \xE2\x80\x93 Same\n";
	struct import_batch b;
	import_batch_init(&b);
	struct pt_header h;
	struct buf err;
	buf_init(&err, 4096);
	CHECK(import_plaintext("p.txt", dup, strlen(dup), "UTC", "en", &b, &h, &err) == 0);
	CHECK(b.n == 2);
	CHECK(import_batch_check(&b, &err) == -1);
	CHECK_STR(buf_str(&err), "p.txt:6: slug 'same' is also used by p.txt:3");
	import_batch_clear(&b);
	import_batch_init(&b);
	buf_reset(&err);
	const char *twice = "LATEST EVENTS\n\n01.01.2020 - Same\nOne.\n\n01.01.2020 - Same\nOne.\n";
	CHECK(import_plaintext("p.txt", twice, strlen(twice), "UTC", "en", &b, &h, &err) == 0);
	CHECK(b.n == 1 && b.nnotes == 1 && import_batch_check(&b, &err) == 0);
	if (b.nnotes == 1)
		CHECK_STR(b.notes[0].why, "the same entry as p.txt:3");
	import_batch_clear(&b);
	import_batch_init(&b);
	buf_reset(&err);
	CHECK(import_plaintext("p.txt", two, strlen(two), "UTC", "en", &b, &h, &err) == 0);
	CHECK(b.n == 2 && import_batch_check(&b, &err) == 0);
	if (b.n == 2) {
		CHECK_STR(b.v[1].it.slug, "same");
		CHECK_STR(b.v[1].alt_slug, "same-2020-01-02");
	}
	buf_release(&err);
	import_batch_clear(&b);
}

/* An entry of LATEST EVENTS with more than its lead: the first paragraph is the lead,
 * the rest its body, turns on lines of their own each a turn (in an article too);
 * the page's copyright line ends the list, said; a byte-order mark is no text. */
TEST(import_plaintext_entry_body_turns_and_footer)
{
	const char *text = "\xEF\xBB\xBFLATEST EVENTS\n\n"
			   "07.03.2023 - Interview with the Ambassador\n"
			   "The Ambassador answered questions.\n\n"
			   "Question: How do you see relations?\nAnswer: They are excellent.\n"
			   "Question: And trade?\n\nAnswer: Growing,\nfast.\n\n"
			   "08.03.2023 - Next news\nLead of next,\non two lines.\n\n"
			   "\xC2\xA9 2023 Embassy. All rights reserved.\nAddress: 1 Street\n";
	CHECK(import_plaintext_sniff(text, strlen(text)) == 1);
	struct import_batch b;
	import_test_page(text, &b, 0);
	CHECK(b.n == 2);
	import_test_entry(&b, 0, "The Ambassador answered questions.",
			  "Question: How do you see relations?\n\nAnswer: They are excellent.\n\n"
			  "Question: And trade?\n\nAnswer: Growing,\nfast.");
	import_test_entry(&b, 1, "Lead of next, on two lines.", "");
	CHECK_HAS(buf_str(&b.info), "p.txt:17: '\xC2\xA9 2023 Embassy. All rights reserved.' is the "
				    "page's footer: it and the 1 line after it are not imported");
	import_batch_clear(&b);
	/* An article's turns, on lines of their own, and a paragraph that only goes on. */
	const char *art = "PRESS RELEASES AND NEWS\n\n05.05.2021\nAn interview\n"
			  "Question: One?\nAnswer: Yes.\nAnd more.\nNote: a plain line\ngoes on.\n";
	import_test_page(art, &b, 0);
	CHECK(b.n == 1);
	import_test_entry(&b, 0, NULL, "Question: One?\n\nAnswer: Yes.\nAnd more.\n\n"
				       "Note: a plain line\ngoes on.");
	import_batch_clear(&b);
	/* A list's entry line where an article's date belongs: said so. */
	import_test_bad("PRESS RELEASES AND NEWS\n\n05.03.2023 - Title\nText\n",
			"p.txt:3: '05.03.2023 - Title': here an article's date (dd.mm.yyyy) is alone "
			"on its line and its title on the next; 'dd.mm.yyyy - Title' entries belong "
			"under LATEST EVENTS");
}

/* A line that starts a turn starts its own after a line that is none, in an
 * article and in an entry's text; after an entry's first lead line it starts the
 * body, but a lead that is a turn keeps its lines, as the page's replies do. */
TEST(import_plaintext_turn_after_a_plain_line)
{
	const char *art = "PRESS RELEASES AND NEWS\n\n05.05.2021\nAn interview\n"
			  "The Minister answered questions.\nQuestion: One?\nAnswer: Yes.\n";
	struct import_batch b;
	import_test_page(art, &b, 0);
	CHECK(b.n == 1);
	import_test_entry(&b, 0, NULL, "The Minister answered questions.\n\nQuestion: One?\n\nAnswer: Yes.");
	import_batch_clear(&b);
	const char *list = "LATEST EVENTS\n\n07.03.2023 - Interview with the Ambassador\n"
			   "The Ambassador answered questions.\nQuestion: How?\nAnswer: Well.\n\n"
			   "Then she left.\nQuestion: Why?\n\n"
			   "06.03.2023 - Reply to a media question\nQuestion: Is it so?\n"
			   "Answer: It is.\n";
	import_test_page(list, &b, 0);
	CHECK(b.n == 2);
	import_test_entry(&b, 0, "The Ambassador answered questions.",
			  "Question: How?\n\nAnswer: Well.\n\nThen she left.\n\nQuestion: Why?");
	import_test_entry(&b, 1, "Question: Is it so? Answer: It is.", "");
	import_batch_clear(&b);
}

/* The page's furniture is no item's text, and what is left out is said. A copyright
 * line wants a year: "(c)" numbering a clause, a paragraph on copyright law and a
 * photo's credit are an entry's text, and the entries after them are imported. */
TEST(import_plaintext_page_furniture)
{
	const char *list = "LATEST EVENTS\n\n07.03.2023 - Statement on the treaty\n"
			   "The parties agreed:\n\n(a) to meet;\n(b) to talk;\n(c) to sign.\n\n"
			   "Copyright law was discussed too.\n\n\xC2\xA9 Reuters\n\n"
			   "06.03.2023 - Other news\nLead.\n\n"
			   "Copyright \xC2\xA9 Embassy of Veloria, 2005-2023\nContacts\n";
	struct import_batch b;
	import_test_page(list, &b, 0);
	CHECK(b.n == 2);
	import_test_entry(&b, 0, NULL, "(a) to meet;\n(b) to talk;\n(c) to sign.\n\n"
				       "Copyright law was discussed too.\n\n\xC2\xA9 Reuters");
	import_test_entry(&b, 1, "Lead.", "");
	CHECK_HAS(buf_str(&b.info), "p.txt:17: 'Copyright \xC2\xA9 Embassy of Veloria, 2005-2023' is "
				    "the page's footer: it and the 1 line after it are not imported");
	import_batch_clear(&b);
	/* A page of articles alone: its link line and copyright line are no article's. */
	const char *art = "PRESS RELEASES AND NEWS\n\n05.05.2021\nA statement\nText.\n\n"
			  "To be continued...\n\nhttps://mfa.example/a\n\nAll messages\n\n"
			  "(c) 2023 Embassy\nAddress: 1 Street\n";
	import_test_page(art, &b, 0);
	CHECK(b.n == 1);
	import_test_entry(&b, 0, NULL, "Text.\n\nTo be continued...");
	if (b.n == 1)
		CHECK_STR(b.v[0].it.source_url, "https://mfa.example/a");
	CHECK_STR(buf_str(&b.info), "p.txt:11: 'All messages' link line at the end, ignored\n"
				    "p.txt:13: '(c) 2023 Embassy' is the page's footer: it and the 1 "
				    "line after it are not imported\n");
	import_batch_clear(&b);
}

TEST(import_plaintext_markdown_is_literal)
{
	const char *text = "PRESS RELEASES AND NEWS\n\n05.05.2021\n\nA statement\n\n"
			   "Stars *and* _under_ [not a link](x) <b>\n\n# not a heading\n\n"
			   "12. A numbered paragraph\n\xC2\xA0\n\n"
			   "Full text: http://www.mid.ru/foreign_policy/news?id=1&lang=en.\n";
	struct import_batch b;
	import_test_page(text, &b, 0);
	CHECK(b.n == 1);
	if (b.n == 1) {
		CHECK_STR(b.v[0].it.body, "Stars \\*and\\* \\_under\\_ \\[not a link\\](x) \\<b\\>\n\n"
					  "\\# not a heading\n\n12. A numbered paragraph\n\n"
					  "Full text: <http://www.mid.ru/foreign_policy/news?id=1&lang=en>.");
		CHECK(b.v[0].it.kind == KIND_STATEMENT);
		CHECK(!*b.v[0].it.series);
	}
	import_batch_clear(&b);
}

TEST(import_guess_kind_table)
{
	CHECK(import_guess_kind("Embassy Press Officer's reply to a media question") == KIND_MEDIA_REPLY);
	CHECK(import_guess_kind("On a MEDIA QUESTION about visas") == KIND_MEDIA_REPLY);
	CHECK(import_guess_kind("Minister's Interview with Libero") == KIND_INTERVIEW);
	CHECK(import_guess_kind("Statement by the Ministry") == KIND_STATEMENT);
	CHECK(import_guess_kind("Russia's position at the UNGA") == KIND_STATEMENT);
	CHECK(import_guess_kind("Comment by the Press Secretary") == KIND_COMMENT);
	CHECK(import_guess_kind("Embassy donates books") == KIND_NEWS);
	/* Russian, in any case; "ответственность" (responsibility) is no reply. */
	CHECK(import_guess_kind("\xD0\x9E\xD1\x82\xD0\xB2\xD0\xB5\xD1\x82 \xD0\xBF\xD1\x80\xD0\xB5"
				"\xD1\x81\xD1\x81-\xD1\x81\xD0\xBB\xD1\x83\xD0\xB6\xD0\xB1\xD1\x8B") ==
	      KIND_MEDIA_REPLY); /* Ответ пресс-службы */
	CHECK(import_guess_kind("\xD0\x9E\xD0\xB1 \xD0\xBE\xD1\x82\xD0\xB2\xD0\xB5\xD1\x82\xD1\x81"
				"\xD1\x82\xD0\xB2\xD0\xB5\xD0\xBD\xD0\xBD\xD0\xBE\xD1\x81\xD1\x82\xD0"
				"\xB8") == KIND_NEWS); /* Об ответственности */
	CHECK(import_guess_kind("\xD0\x98\xD0\x9D\xD0\xA2\xD0\x95\xD0\xA0\xD0\x92\xD0\xAC\xD0\xAE") ==
	      KIND_INTERVIEW); /* ИНТЕРВЬЮ */
}

static void import_test_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

TEST(import_mdtree_walk)
{
	char root[] = "/tmp/pressroom-mdtree-XXXXXX";
	CHECK(mkdtemp(root) != NULL);
	char p[256], out[256];
	const char *item = "---\ntitle: %s\ndate: 2020-01-02\n---\nBody.\n";
	struct {
		const char *rel, *title;
	} files[] = {{"posts/b.md", "Bee"}, {"posts/a.markdown", "Ay"}, {"posts/_index.md", "Section"},
		     {"index.md", "Home"}, {"README.md", "Readme"}, {"posts/bundle/index.md", "Bundle"},
		     {"posts/.hidden.md", "Hidden"}, {"_drafts/d.md", "Draft"}, {"notes.txt", "Text"},
		     {"_layouts/x.md", "Layout"}};
	snprintf(p, sizeof(p), "%s/posts", root);
	CHECK(mkdir(p, 0777) == 0);
	snprintf(p, sizeof(p), "%s/posts/bundle", root);
	CHECK(mkdir(p, 0777) == 0);
	snprintf(p, sizeof(p), "%s/_drafts", root);
	CHECK(mkdir(p, 0777) == 0);
	snprintf(p, sizeof(p), "%s/_layouts", root);
	CHECK(mkdir(p, 0777) == 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char text[256];
		snprintf(p, sizeof(p), "%s/%s", root, files[i].rel);
		snprintf(text, sizeof(text), item, files[i].title);
		import_test_write(p, text);
	}
	snprintf(p, sizeof(p), "%s/out.md", root);
	CHECK(symlink("/etc/hostname", p) == 0);
	struct import_batch b;
	import_batch_init(&b);
	struct buf err;
	buf_init(&err, 4096);
	struct fm_defaults d = {.timezone = "UTC", .lang = "en"};
	CHECK(import_mdtree(root, &d, &b, &err, NULL, NULL) == 0);
	CHECK_STR(buf_str(&err), "");
	/* _drafts/d.md, posts/a.markdown, posts/b.md, posts/bundle/index.md, in name order. */
	CHECK(b.n == 4);
	if (b.n == 4) {
		CHECK_STR(b.v[0].it.title, "Draft");
		CHECK(b.v[0].it.status == STATUS_DRAFT);
		CHECK_STR(b.v[1].it.title, "Ay");
		CHECK_STR(b.v[2].it.title, "Bee");
		CHECK_STR(b.v[3].it.title, "Bundle");
		CHECK(b.v[2].it.kind == KIND_NEWS);
		CHECK(b.v[2].it.status == STATUS_PUBLISHED);
		snprintf(out, sizeof(out), "%s/posts/b.md", root);
		CHECK_STR(b.v[2].name, out);
	}
	/* README, index at the top, the symlink, _layouts, .hidden, _index: noted. */
	CHECK(b.nnotes == 6);
	int link = 0;
	for (size_t i = 0; i < b.nnotes; i++)
		link |= strstr(b.notes[i].why, "out of the tree") != NULL;
	CHECK(link);
	import_batch_clear(&b);
	/* A bad file: its name and line, and the batch is not used. */
	snprintf(p, sizeof(p), "%s/posts/c.md", root);
	import_test_write(p, "---\ntitle: C\ndate: 2020-01-02\nkind: pres-release\n---\n");
	import_batch_init(&b);
	buf_reset(&err);
	CHECK(import_mdtree(root, &d, &b, &err, NULL, NULL) == -1);
	snprintf(out, sizeof(out), "%s/posts/c.md:4: ", root);
	CHECK(!strncmp(buf_str(&err), out, strlen(out)));
	import_batch_clear(&b);
	buf_release(&err);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	CHECK(system(cmd) == 0);
}

TEST(export_yaml_quoting)
{
	struct buf o;
	buf_init(&o, 0);
	export_yaml_str(&o, "plain: \"q\" \\ #x\n\ttab \x01 \xE2\x80\xA8 \xC2\x85 \xD0\x96");
	CHECK_STR(buf_str(&o), "\"plain: \\\"q\\\" \\\\ #x\\n\\ttab \\x01 \\L \\N \xD0\x96\"");
	buf_reset(&o);
	export_yaml_str(&o, "");
	CHECK_STR(buf_str(&o), "\"\"");
	buf_release(&o);
}

static void export_test_path(const char *path, const char *want)
{
	const char *langs[] = {"ru", "en-GB"};
	struct buf o;
	buf_init(&o, 0);
	int rc = export_file_for_path(path, langs, 2, &o);
	if (want) {
		CHECK(rc == 0);
		CHECK_STR(buf_str(&o), want);
	} else {
		CHECK(rc == -1);
	}
	buf_release(&o);
}

TEST(export_paths_as_files)
{
	export_test_path("/", "index.html");
	export_test_path("/ru", "ru/index.html");
	export_test_path("/ru/", "ru/index.html");
	export_test_path("/items/a-b", "items/a-b/index.html");
	export_test_path("/archive/page/2", "archive/page/2/index.html");
	export_test_path("/archive/2017/11", "archive/2017/11/index.html");
	export_test_path("/feed.rss", "feed.rss");
	export_test_path("/ru/feed.json", "ru/feed.json");
	export_test_path("/kind/news/feed.atom", "kind/news/feed.atom");
	export_test_path("/en-GB/kind/news/feed.atom", "en-GB/kind/news/feed.atom");
	export_test_path("/sitemap.xml", "sitemap.xml");
	export_test_path("/robots.txt", "robots.txt");
	export_test_path("/ru/robots.txt", "ru/robots.txt/index.html");
	export_test_path("/static/site.css", "static/site.css");
	export_test_path("/series/a b", "series/a b/index.html");
	export_test_path("/series/feed.rss", "series/feed.rss/index.html");
	export_test_path("/series/..", NULL);
	export_test_path("/series/x/", NULL); /* a series "x/": would be "x"'s file */
	export_test_path("/series/./x", NULL);
	export_test_path("//x", NULL);
	export_test_path("/a\nb", NULL);
	export_test_path("relative", NULL);
}

TEST(progress_bar_format)
{
	char line[160];
	progress_format("importing", 312, 10000, line, sizeof(line));
	CHECK_STR(line, "importing     312/10000 [>                             ]   3%");
	progress_format("exporting", 5, 10, line, sizeof(line));
	CHECK_STR(line, "exporting       5/10 [===============>              ]  50%");
	progress_format("x", 10, 10, line, sizeof(line));
	CHECK_STR(line, "x              10/10 [==============================] 100%");
	progress_format("x", 0, 0, line, sizeof(line));
	CHECK_STR(line, "x               0/0 [==============================] 100%");
}

/* The export's two writers: a new file in place (folders made as needed), an
 * existing one replaced; a file left alone when it holds the data already; a
 * folder name taken by a file said so; paths as they are (AT_FDCWD) or relative
 * to an open folder, named in messages with that folder's name. */
TEST(export_writers)
{
	char dir[] = "/tmp/pressroom-write-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256], blocker[256];
	struct buf err;
	buf_init(&err, 4096);
	snprintf(path, sizeof(path), "%s/a/b/index.html", dir);
	CHECK(export_write_new_at(AT_FDCWD, NULL, path, "one", 3, 0, &err) == 0);
	size_t n = 0;
	char *got = import_test_read(path, &n);
	CHECK(got && n == 3 && !memcmp(got, "one", 3));
	free(got);
	/* Already there: replaced through export_write_file. */
	CHECK(export_write_new_at(AT_FDCWD, NULL, path, "two!", 4, 0, &err) == 0);
	got = import_test_read(path, &n);
	CHECK(got && n == 4 && !memcmp(got, "two!", 4));
	free(got);
	/* The same bytes again: the file (its inode) stays. */
	struct stat before, after;
	CHECK(stat(path, &before) == 0);
	CHECK(export_write_file(path, "two!", 4, &err) == 0);
	CHECK(stat(path, &after) == 0);
	CHECK(before.st_ino == after.st_ino);
	CHECK(export_write_file(path, "three", 5, &err) == 0);
	CHECK(stat(path, &after) == 0);
	CHECK(before.st_ino != after.st_ino);
	/* A file where a folder should be. */
	snprintf(blocker, sizeof(blocker), "%s/c", dir);
	CHECK(export_write_new_at(AT_FDCWD, NULL, blocker, "x", 1, 0, &err) == 0);
	snprintf(path, sizeof(path), "%s/c/index.html", dir);
	CHECK(export_write_new_at(AT_FDCWD, NULL, path, "y", 1, 0, &err) == -1);
	CHECK(strstr(buf_str(&err), "/c: exists and is not a folder") != NULL);
	/* Relative to the folder: the same files, and messages that name it. */
	buf_reset(&err);
	int fd = export_open_dir(dir, &err);
	CHECK(fd >= 0);
	CHECK(export_write_new_at(fd, dir, "d/e/index.html", "four", 4, 0, &err) == 0);
	snprintf(path, sizeof(path), "%s/d/e/index.html", dir);
	got = import_test_read(path, &n);
	CHECK(got && n == 4 && !memcmp(got, "four", 4));
	free(got);
	CHECK(export_write_file_at(fd, dir, "d/e/index.html", "five!", 5, &err) == 0);
	got = import_test_read(path, &n);
	CHECK(got && n == 5 && !memcmp(got, "five!", 5));
	free(got);
	CHECK(export_write_new_at(fd, dir, "c/index.html", "y", 1, 0, &err) == -1);
	snprintf(path, sizeof(path), "%s/c: exists and is not a folder", dir);
	CHECK_STR(buf_str(&err), path);
	buf_reset(&err);
	/* folder_made: the file is opened first; a folder that is not there after all is
	 * made, one that is there is used, a file in its place is named. */
	CHECK(export_write_new_at(fd, dir, "f/g/index.html", "six", 3, 1, &err) == 0);
	CHECK(export_write_new_at(fd, dir, "f/h.html", "seven", 5, 1, &err) == 0);
	snprintf(path, sizeof(path), "%s/f/g/index.html", dir);
	got = import_test_read(path, &n);
	CHECK(got && n == 3 && !memcmp(got, "six", 3));
	free(got);
	snprintf(path, sizeof(path), "%s/f/h.html", dir);
	got = import_test_read(path, &n);
	CHECK(got && n == 5 && !memcmp(got, "seven", 5));
	free(got);
	CHECK(export_write_new_at(fd, dir, "c/index.html", "y", 1, 1, &err) == -1);
	snprintf(path, sizeof(path), "%s/c: exists and is not a folder", dir);
	CHECK_STR(buf_str(&err), path);
	buf_reset(&err);
	CHECK(export_write_file_at(fd, dir, "c/x/index.html", "y", 1, &err) == -1);
	snprintf(path, sizeof(path), "%s/c: exists and is not a folder", dir); /* not c/x/... */
	CHECK_STR(buf_str(&err), path);
	close(fd);
	buf_reset(&err);
	CHECK(export_open_dir(blocker, &err) == -1);
	snprintf(path, sizeof(path), "%s: not a directory", blocker);
	CHECK_STR(buf_str(&err), path);
	buf_release(&err);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

/* Which links import --fetch-media would copy: counted without fetching. */
TEST(import_fetch_media_wanted)
{
	static const char body[] =
		"![a](https://old.example/img/a.jpg) [p](https://old.example/about/) "
		"[q](https://old.example/page.html) [r](https://old.example/index.php?x=1.jpg) "
		"![b](https://cdn.example/wp-content/uploads/b.png) ![c](https://other.example/c.png) "
		"![d](http://OLD.example/d.pdf#page=2) ![again](https://old.example/img/a.jpg) "
		"[x](ftp://old.example/x.pdf) [y](<https://old.example:8080/y.pdf>) [z](/media/z.png) "
		"![case](HTTPS://Old.Example/img/a.jpg)\n";
	const char *origins[] = {"old.example", ""};
	const char *want[] = {"t.xml: 4 files of old.example linked from the items stay there; "
			      "import with --fetch-media to copy them into the media library\n",
			      "t.xml: 1 file of other sites linked from the items stays there; "
			      "import with --fetch-media to copy them into the media library\n"};
	for (int i = 0; i < 2; i++) {
		struct import_batch b;
		import_batch_init(&b);
		snprintf(b.origin, sizeof b.origin, "%s", origins[i]);
		struct item *it = import_batch_add(&b, "t.xml:3");
		CHECK(it && !item_set_s(&it->body, body));
		struct import_fetched f = {0};
		struct buf err;
		buf_init(&err, 4096);
		CHECK(import_fetch_media(&b, "t.xml", 0, 0, NULL, &f, &err, NULL, NULL) == 0);
		CHECK_STR(buf_str(&b.info), want[i]);
		CHECK_STR(b.v[0].it.body, body);
		CHECK(f.dir == NULL && b.nmedia == 0 && b.nnotes == 0);
		import_fetched_clear(&f);
		buf_release(&err);
		import_batch_clear(&b);
	}
}

/* A page's variants: "(To be continued)" in brackets, '|' and ':' after an entry's
 * date, and English headings on a site whose language is Russian. */
TEST(import_plaintext_variants)
{
	const char *text = "PRESS RELEASES AND NEWS\n\n05.05.2021\n\nInterview title\n\n"
			   "Question: One?\n\nAnswer: Two.\n\n(To be continued)\n\n"
			   "LATEST EVENTS\n\n23.09.2018 | Pipe separated title\nIts lead.\n\n"
			   "21.09.2018: Colon title\nAnother lead.\n";
	struct import_batch b;
	import_batch_init(&b);
	struct pt_header h;
	struct buf err;
	buf_init(&err, 4096);
	CHECK(import_plaintext("p.txt", text, strlen(text), "UTC", "ru", &b, &h, &err) == 0);
	CHECK_STR(buf_str(&err), "");
	CHECK(b.n == 3);
	if (b.n == 3) {
		CHECK_STR(b.v[0].it.title, "Interview title");
		CHECK(b.v[0].it.part == 1 && *b.v[0].it.series);
		CHECK_HAS(b.v[0].it.body, "(To be continued)");
		CHECK_STR(b.v[1].it.title, "Pipe separated title");
		CHECK_STR(b.v[2].it.title, "Colon title");
		for (size_t i = 0; i < 3; i++)
			CHECK_STR(b.v[i].it.lang, "en");
	}
	buf_release(&err);
	import_batch_clear(&b);
}
