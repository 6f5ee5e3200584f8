/*
 * The search page (/search?q=&kind=&lang=&from=&to=&page=) and the OpenSearch
 * description (/opensearch.xml); for the static copy, the page's browser-side
 * variant and its index (/search/index.json). docs/internals/search.md says how queries are
 * made safe; this file only reads the parameters, asks the store and writes HTML.
 * Why query parameters at all: a search form submits by GET, and the page must be
 * linkable; the HTTP layer renders /search per request (site_path_takes_query).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/i18n.h"
#include "../base/tz.h"
#include "../render/escape.h"
#include "../store/store_search.h"
#include "pages.h"
#include "urls.h"

#define SEARCH_PER_PAGE 10
#define SEARCH_MAX_PAGES 100      /* deeper pages are not offered: rank the query better */
#define SEARCH_SHOW_QUERY 200     /* bytes of the query repeated in the title and count */

int site_path_takes_query(const char *path)
{
	/* "/search/" too: a static copy's form goes there, and site.c sends it on to
	 * "/search" with the query. */
	if (!strcmp(path, "/search") || !strcmp(path, "/search/"))
		return 1;
	/* "/<lang>/search": site_render strips a language prefix before routing. */
	const char *slash = path[0] == '/' ? strchr(path + 1, '/') : NULL;
	return slash && slash - path - 1 < SITE_LANG_MAX &&
	       (!strcmp(slash, "/search") || !strcmp(slash, "/search/"));
}

/* The first value of the query parameter name, or "". */
static const char *search_param(const struct page *p, const char *name)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (p->params[i].name && !strcmp(p->params[i].name, name))
			return p->params[i].value ? p->params[i].value : "";
	return "";
}

/* The length of s cut to at most max bytes at a UTF-8 character boundary. */
static size_t search_cut(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/*
 * Writes text from the store with its SEARCH_MARK_* pairs as <mark>..</mark> and
 * everything else escaped. Marks are balanced whatever the bytes: an open inside a
 * mark or a close outside one is dropped, and an open mark is closed at the end.
 * markdown: the text is Markdown source (a body snippet); line breaks become
 * spaces and the emphasis, heading and code markers are dropped.
 */
static void search_marked(struct buf *o, const char *s, int markdown)
{
	int open = 0;
	size_t run = 0, i = 0;
	for (; s[i]; i++) {
		char c = s[i];
		int drop = markdown && (c == '*' || c == '`' || c == '#' || c == '\n' || c == '\r');
		if (c != SEARCH_MARK_OPEN && c != SEARCH_MARK_CLOSE && !drop)
			continue;
		esc_html(o, s + run, i - run);
		run = i + 1;
		if (c == SEARCH_MARK_OPEN && !open) {
			buf_lit(o, "<mark>");
			open = 1;
		} else if (c == SEARCH_MARK_CLOSE && open) {
			buf_lit(o, "</mark>");
			open = 0;
		} else if (c == '\n' || c == '\r') {
			buf_addc(o, ' ');
		}
	}
	esc_html(o, s + run, i - run);
	if (open)
		buf_lit(o, "</mark>");
}

/* The start of the day s in the site's zone (or of the day after, for 'to', which
 * the reader means inclusively) into *t; 0 when s is empty. -1 if it is not a date. */
static int search_day(const struct page *p, const char *s, int after, int64_t *t)
{
	*t = 0;
	return *s ? tz_day_start(p->cfg->timezone, s, after, t) : 0;
}

/* The page number from ?page=; 0 if it is not one. */
static int64_t search_page_number(const char *s)
{
	if (!*s)
		return 1;
	int64_t v = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 6)
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

struct search_form {
	const char *q, *kind, *lang, *from, *to;
	char base[64];   /* "/search" under the page's language prefix */
};

/* Appends "?q=..&kind=..&page=N" for a link to another page of these results. */
static void search_link(struct buf *o, const void *form, int64_t page)
{
	const struct search_form *f = form;
	struct buf u;
	buf_init(&u, 8192);
	buf_adds(&u, f->base);
	buf_lit(&u, "?q=");
	esc_url(&u, f->q, search_cut(f->q, SEARCH_MAX_BYTES));
	static const char *const names[] = {"kind", "lang", "from", "to"};
	const char *values[] = {f->kind, f->lang, f->from, f->to};
	for (size_t i = 0; i < 4; i++) {
		if (!*values[i])
			continue;
		buf_addf(&u, "&%s=", names[i]);
		esc_url_s(&u, values[i]);
	}
	if (page > 1)
		buf_addf(&u, "&page=%lld", (long long)page);
	esc_attr(o, u.data ? u.data : "", buf_failed(&u) ? 0 : u.len);
	buf_release(&u);
}

static void search_option(struct buf *o, const char *value, const char *label, int selected)
{
	buf_lit(o, "<option value=\"");
	esc_attr_s(o, value);
	if (selected)
		buf_lit(o, "\" selected>");
	else
		buf_lit(o, "\">");
	esc_html_s(o, label);
	buf_lit(o, "</option>\n");
}

static void search_write_form(struct page *p, const struct search_form *f, int kind)
{
	struct buf *o = p->out;
	buf_lit(o, "<form class=\"search\" role=\"search\" method=\"get\" action=\"");
	esc_attr_s(o, f->base);
	buf_lit(o, "\">\n<p class=\"search-box\"><label for=\"search-q\">");
	esc_html_s(o, _("Search for"));
	buf_lit(o, "</label>\n<input type=\"search\" id=\"search-q\" name=\"q\" maxlength=\"1000\" value=\"");
	esc_attr(o, f->q, search_cut(f->q, SEARCH_MAX_BYTES));
	buf_lit(o, "\">\n<button type=\"submit\">");
	esc_html_s(o, _("Search"));
	buf_lit(o, "</button></p>\n<fieldset class=\"search-filters\">\n<legend>");
	esc_html_s(o, _("Narrow down"));
	buf_lit(o, "</legend>\n<p><label for=\"search-kind\">");
	esc_html_s(o, _("Kind"));
	buf_lit(o, "</label>\n<select id=\"search-kind\" name=\"kind\">\n");
	search_option(o, "", _("All kinds"), kind < 0);
	for (int k = 0; k < KIND_COUNT; k++)
		search_option(o, item_kind_slug((enum item_kind)k), page_kind_plural((enum item_kind)k),
			      k == kind);
	buf_lit(o, "</select></p>\n<p><label for=\"search-lang\">");
	esc_html_s(o, _("Language"));
	buf_lit(o, "</label>\n<select id=\"search-lang\" name=\"lang\">\n");
	search_option(o, "", _("All languages"), !*f->lang);
	const struct site *site = p->site;
	for (size_t i = 0; i < site->nlangs; i++)
		search_option(o, site->langs[i], page_lang_autonym(site->langs[i]),
			      !strcmp(f->lang, site->langs[i]));
	buf_lit(o, "</select></p>\n<p><label for=\"search-from\">");
	esc_html_s(o, _("From"));
	buf_lit(o, "</label>\n<input type=\"date\" id=\"search-from\" name=\"from\" value=\"");
	esc_attr(o, f->from, search_cut(f->from, 10));
	buf_lit(o, "\">\n<label for=\"search-to\">");
	esc_html_s(o, _("To"));
	buf_lit(o, "</label>\n<input type=\"date\" id=\"search-to\" name=\"to\" value=\"");
	esc_attr(o, f->to, search_cut(f->to, 10));
	buf_lit(o, "\"></p>\n</fieldset>\n</form>\n");
}

static void search_write_hit(struct page *p, const struct search_hit *h)
{
	struct buf *o = p->out;
	buf_lit(o, "<li class=\"entry\"");
	if (strcmp(h->item.lang, p->lang) != 0) {
		buf_lit(o, " lang=\"");
		esc_attr_s(o, h->item.lang);
		buf_lit(o, "\"");
	}
	buf_lit(o, ">\n<p class=\"entry-head\">");
	page_time(p, h->item.published, 0);
	buf_lit(o, " \xE2\x80\x93 <span class=\"kind\">");
	esc_html_s(o, page_kind_label(h->item.kind));
	buf_lit(o, "</span> \xE2\x80\x93 <a href=\"");
	url_item(o, p->cfg, &h->item);
	buf_lit(o, "\">");
	search_marked(o, h->title, 0);
	buf_lit(o, "</a></p>\n");
	if (*h->snippet) {
		buf_lit(o, "<p class=\"snippet\">");
		search_marked(o, h->snippet, 1);
		buf_lit(o, "</p>\n");
	}
	buf_lit(o, "</li>\n");
}

static void search_notice(struct buf *o, const char *text)
{
	buf_lit(o, "<p class=\"notice\">");
	esc_html_s(o, text);
	buf_lit(o, "</p>\n");
}

/*
 * The static copy's search (site.static_copy): the same form, and a script
 * (static/search.js) that searches each language's /search/index.json in the
 * reader's browser: titles and leads, each word of the query a prefix of a word
 * there. The words it shows come from here, in the page's language.
 */
static void search_static(struct page *p)
{
	struct buf *o = p->out;
	search_notice(o, _("Type words to search the titles and leads of this site's messages."));
	/* Every language's index, this page's first, space-separated. */
	buf_lit(o, "<div id=\"search-static\" data-index=\"");
	const struct site *site = p->site;
	struct buf u;
	buf_init(&u, 4096);
	url_file(&u, p->cfg, p->lang, "/search/index.json");
	for (size_t i = 0; i < site->nlangs; i++) {
		if (!strcmp(site->langs[i], p->lang))
			continue;
		buf_addc(&u, ' ');
		url_file(&u, p->cfg, site->langs[i], "/search/index.json");
	}
	esc_attr_s(o, buf_str(&u));
	buf_release(&u);
	buf_lit(o, "\" data-count=\"");
	esc_attr_s(o, _("Results for \xE2\x80\x9C%s\xE2\x80\x9D: %d"));
	buf_lit(o, "\" data-none=\"");
	esc_attr_s(o, _("Nothing was found. Try fewer words or another form of a word."));
	buf_lit(o, "\" data-more=\"");
	esc_attr_s(o, _("Only the first %d are shown: add a word or a filter."));
	buf_lit(o, "\" data-failed=\"");
	esc_attr_s(o, _("The search index could not be loaded."));
	buf_lit(o, "\" data-nothing=\"");
	esc_attr_s(o, _("There is nothing to search for in this query: "
			"type words made of letters or digits."));
	/* Each kind's name for one item, as the server's results show it. */
	struct buf kinds;
	buf_init(&kinds, 4096);
	buf_addc(&kinds, '{');
	for (int k = 0; k < KIND_COUNT; k++) {
		buf_adds(&kinds, k ? ",\"" : "\"");
		buf_adds(&kinds, item_kind_slug((enum item_kind)k));
		buf_lit(&kinds, "\":\"");
		esc_json_s(&kinds, page_kind_label((enum item_kind)k));
		buf_addc(&kinds, '"');
	}
	buf_addc(&kinds, '}');
	buf_lit(o, "\" data-kinds=\"");
	esc_attr_s(o, buf_str(&kinds));
	buf_release(&kinds);
	buf_lit(o, "\"></div>\n<noscript>");
	search_notice(o, _("Searching this copy of the site needs JavaScript."));
	buf_lit(o, "</noscript>\n<script src=\"/static/search.js\" defer></script>\n");
}

void search_index_write(struct page *p, const struct item *items, size_t n)
{
	struct buf *o = p->out, u;
	buf_init(&u, 8192);
	buf_lit(o, "[\n");
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &items[i];
		struct civil c;
		if (tz_civil(p->cfg->timezone, it->published, &c))
			tz_civil("UTC", it->published, &c);
		if (i)
			buf_lit(o, ",\n");
		buf_lit(o, "{\"u\":\"");
		buf_reset(&u);
		url_item(&u, p->cfg, it);
		esc_json(o, u.data ? u.data : "", u.len);
		buf_lit(o, "\",\"d\":\"");
		buf_add_uint(o, (uint64_t)(c.year < 0 ? 0 : c.year), 4);
		buf_addc(o, '-');
		buf_add_uint(o, (uint64_t)c.month, 2);
		buf_addc(o, '-');
		buf_add_uint(o, (uint64_t)c.day, 2);
		buf_lit(o, "\",\"k\":\"");
		buf_adds(o, item_kind_slug(it->kind));
		buf_lit(o, "\",\"g\":\"");
		esc_json_s(o, it->lang);
		buf_lit(o, "\",\"t\":\"");
		esc_json_s(o, it->title);
		buf_lit(o, "\",\"l\":\"");
		esc_json_s(o, it->lead);
		buf_lit(o, "\"}");
	}
	buf_lit(o, "\n]\n");
	buf_release(&u);
}

int search_index_render(struct page *p, struct site_response *r)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang,
			       .entries = 1};
	struct item *items;
	size_t n;
	if (store_item_list(p->site->store, &q, &items, &n))
		return -1;
	search_index_write(p, items, n);
	store_items_free(items, n);
	r->content_type = "application/json; charset=utf-8";
	return 0;
}

int search_render(struct page *p, struct site_response *r)
{
	struct search_form f = {
		.q = search_param(p, "q"),
		.kind = search_param(p, "kind"),
		.lang = search_param(p, "lang"),
		.from = search_param(p, "from"),
		.to = search_param(p, "to"),
	};
	struct buf b;
	buf_init(&b, sizeof(f.base) - 1);
	url_path(&b, p->cfg, p->lang, "/search");
	snprintf(f.base, sizeof(f.base), "%s", buf_failed(&b) ? "/search" : buf_str(&b));
	buf_release(&b);
	int64_t page = search_page_number(search_param(p, "page"));
	if (page < 1 || page > SEARCH_MAX_PAGES) {
		page_not_found(p, r);
		return 0;
	}
	/* Filters that are not what the form offers are left out, and said so. */
	int kind = *f.kind ? item_kind_parse(f.kind, strlen(f.kind)) : -1;
	int bad_kind = *f.kind && kind < 0;
	if (bad_kind)
		f.kind = "";
	int bad_lang = *f.lang && !site_has_lang(p->site, f.lang);
	if (bad_lang)
		f.lang = "";
	int64_t from, to;
	int bad_from = search_day(p, f.from, 0, &from), bad_to = search_day(p, f.to, 1, &to);
	int bad_date = bad_from || bad_to;
	if (bad_from) {
		from = 0;
		f.from = "";
	}
	if (bad_to) {
		to = 0;
		f.to = "";
	}

	struct search_query q = {.text = f.q, .now = p->now, .kind = kind, .lang = f.lang,
				 .from = from, .to = to, .limit = SEARCH_PER_PAGE,
				 .offset = (page - 1) * SEARCH_PER_PAGE};
	struct search_result res;
	memset(&res, 0, sizeof(res));
	enum store_err e = STORE_INVALID;
	int has_text = f.q[strspn(f.q, " \t\r\n")] != '\0';
	if (has_text) {
		e = store_search(p->site->store, &q, &res);
		if (e && e != STORE_INVALID) {
			store_search_result_clear(&res);
			return -1;
		}
	}
	int64_t pages = e ? 1 : (res.total + SEARCH_PER_PAGE - 1) / SEARCH_PER_PAGE;
	if (!e && page > 1 && page > pages) {
		store_search_result_clear(&res);
		page_not_found(p, r);
		return 0;
	}

	char shown[SEARCH_SHOW_QUERY + 8];
	size_t sn = search_cut(f.q, SEARCH_SHOW_QUERY);
	snprintf(shown, sizeof(shown), "%.*s%s", (int)sn, f.q, sn < strlen(f.q) ? "\xE2\x80\xA6" : "");
	char title[SEARCH_SHOW_QUERY + 128];
	if (has_text && page > 1)
		snprintf(title, sizeof(title), _("Search: %s, page %lld"), shown, (long long)page);
	else if (has_text)
		snprintf(title, sizeof(title), _("Search: %s"), shown);
	else
		snprintf(title, sizeof(title), "%s", _("Search"));
	struct page_meta m = {.title = title, .path = f.base, .kind = -1};
	page_begin(p, &m);
	struct buf *o = p->out;
	buf_lit(o, "<h1>");
	esc_html_s(o, _("Search"));
	buf_lit(o, "</h1>\n");
	search_write_form(p, &f, kind);
	if (p->site->static_copy) {
		search_static(p);
		page_end(p);
		return 0;
	}
	if (bad_kind || bad_lang || bad_date)
		search_notice(o, _("Some filters were not understood and were left out "
				   "(dates are written YYYY-MM-DD)."));
	if (!has_text) {
		search_notice(o, _("Type a word or a phrase to search for. \"Quotes\" find a phrase; "
				   "a * at the end of a word finds every word that starts so."));
	} else if (e == STORE_INVALID) {
		search_notice(o, _("There is nothing to search for in this query: "
				   "type words made of letters or digits."));
	} else {
		char count[SEARCH_SHOW_QUERY + 128];
		snprintf(count, sizeof(count),
			 NG_("%lld result for \xE2\x80\x9C%s\xE2\x80\x9D", "%lld results for \xE2\x80\x9C%s\xE2\x80\x9D",
			     res.total),
			 (long long)res.total, shown);
		buf_lit(o, "<p class=\"search-count\" role=\"status\">");
		esc_html_s(o, count);
		buf_lit(o, "</p>\n");
		if (res.parsed.truncated)
			search_notice(o, _("The query was long: only its first 32 words were used."));
		if (res.n) {
			buf_addf(o, "<ol class=\"entries search-results\" start=\"%lld\">\n",
				 (long long)q.offset + 1);
			for (size_t i = 0; i < res.n; i++)
				search_write_hit(p, &res.hits[i]);
			buf_lit(o, "</ol>\n");
		} else {
			search_notice(o, _("Nothing was found. Try fewer words, another form of a word, "
					   "or a * at the end of one."));
		}
		if (pages > SEARCH_MAX_PAGES)
			pages = SEARCH_MAX_PAGES;
		page_pager_links(p, search_link, &f, _("Previous"), _("Next"), page, pages);
	}
	store_search_result_clear(&res);
	page_end(p);
	r->expires = 0;
	return 0;
}

int opensearch_render(struct page *p, struct site_response *r)
{
	struct buf *o = p->out;
	r->content_type = "application/opensearchdescription+xml; charset=utf-8";
	buf_lit(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
		   "<ShortName>");
	/* The specification allows 16 characters; count characters, not bytes. */
	const char *name = p->cfg->site_name;
	size_t n = 0, chars = 0;
	while (name[n] && chars < 16) {
		n++;
		while (((unsigned char)name[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	esc_xml(o, name, n);
	buf_lit(o, "</ShortName>\n<Description>");
	esc_xml_s(o, p->cfg->site_name);
	buf_lit(o, "</Description>\n<InputEncoding>UTF-8</InputEncoding>\n"
		   "<Url type=\"text/html\" method=\"get\" template=\"");
	struct buf u;
	buf_init(&u, 4096);
	url_base(&u, p->cfg);
	url_path(&u, p->cfg, p->lang, "/search");
	esc_xml_s(o, buf_str(&u));
	buf_lit(o, "?q={searchTerms}\"/>\n<Url type=\"application/opensearchdescription+xml\" "
		   "rel=\"self\" template=\"");
	buf_reset(&u);
	url_base(&u, p->cfg);
	url_file(&u, p->cfg, p->lang, "/opensearch.xml");
	esc_xml_s(o, buf_str(&u));
	buf_lit(o, "\"/>\n</OpenSearchDescription>\n");
	buf_release(&u);
	return 0;
}
