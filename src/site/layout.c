#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../base/i18n.h"
#include "../base/tz.h"
#include "../render/escape.h"
#include "../render/feed.h"
#include "page.h"
#include "urls.h"

/* Marks text with a context for the catalogue (xgettext keyword NC_:1c,2). */
#define NC_(ctx, msgid) (msgid)

/* Month names as a title has them (nominative) and as a date has them (genitive). */
static const char *const month_nominative[] = {
	NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
	NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
	NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
	NC_("month", "October"), NC_("month", "November"), NC_("month", "December")};
static const char *const month_genitive[] = {
	NC_("day of month", "January"), NC_("day of month", "February"),
	NC_("day of month", "March"), NC_("day of month", "April"),
	NC_("day of month", "May"), NC_("day of month", "June"),
	NC_("day of month", "July"), NC_("day of month", "August"),
	NC_("day of month", "September"), NC_("day of month", "October"),
	NC_("day of month", "November"), NC_("day of month", "December")};

/* The labels of item.c (item_kind_label / item_kind_plural), here for xgettext. */
static const char *const kind_msgids[] __attribute__((unused)) = {
	NC_("kind", "Press release"), NC_("kind", "News"), NC_("kind", "Statement"),
	NC_("kind", "Interview"), NC_("kind", "Reply to a media question"),
	NC_("kind", "Speech"), NC_("kind", "Article"), NC_("kind", "Comment"),
	NC_("kinds", "Press releases"), NC_("kinds", "News"), NC_("kinds", "Statements"),
	NC_("kinds", "Interviews"), NC_("kinds", "Replies to media questions"),
	NC_("kinds", "Speeches"), NC_("kinds", "Articles"), NC_("kinds", "Comments")};

const char *page_kind_label(enum item_kind k) { return C_("kind", item_kind_label(k)); }
const char *page_kind_plural(enum item_kind k) { return C_("kinds", item_kind_plural(k)); }

const char *page_month(int month, int genitive)
{
	if (month < 1 || month > 12)
		return "";
	return genitive ? C_("day of month", month_genitive[month - 1])
			: C_("month", month_nominative[month - 1]);
}

/* Languages: tag, own name, English name (the msgid of the fallback notice). */
static const struct {
	const char *tag, *autonym, *english;
} page_langs[] = {
	{"en", "English", "English"},
	{"en-GB", "English (UK)", "English"},
	{"en-US", "English (US)", "English"},
	{"ru", "\xD0\xA0\xD1\x83\xD1\x81\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9", "Russian"},
	{"fr", "Fran\xC3\xA7" "ais", "French"},
	{"de", "Deutsch", "German"},
	{"es", "Espa\xC3\xB1ol", "Spanish"},
	{"it", "Italiano", "Italian"},
	{"pt", "Portugu\xC3\xAAs", "Portuguese"},
	{"uk", "\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB0",
	 "Ukrainian"},
	{"zh", "\xE4\xB8\xAD\xE6\x96\x87", "Chinese"},
	{"ar", "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9", "Arabic"},
};

/* The names of page_langs for the catalogue: "not available in <Russian>" and
 * "showing the <English> original" are different words in most languages. */
static const char *const lang_msgids[] __attribute__((unused)) = {
	NC_("not available in", "English"), NC_("not available in", "Russian"),
	NC_("not available in", "French"), NC_("not available in", "German"),
	NC_("not available in", "Spanish"), NC_("not available in", "Italian"),
	NC_("not available in", "Portuguese"), NC_("not available in", "Ukrainian"),
	NC_("not available in", "Chinese"), NC_("not available in", "Arabic"),
	NC_("the original in", "English"), NC_("the original in", "Russian"),
	NC_("the original in", "French"), NC_("the original in", "German"),
	NC_("the original in", "Spanish"), NC_("the original in", "Italian"),
	NC_("the original in", "Portuguese"), NC_("the original in", "Ukrainian"),
	NC_("the original in", "Chinese"), NC_("the original in", "Arabic")};

static int page_lang_find(const char *lang)
{
	if (!lang)
		return -1;
	for (size_t i = 0; i < sizeof(page_langs) / sizeof(page_langs[0]); i++)
		if (!strcasecmp(page_langs[i].tag, lang))
			return (int)i;
	/* "ru-RU" has the name of "ru" */
	size_t n = strcspn(lang, "-");
	for (size_t i = 0; i < sizeof(page_langs) / sizeof(page_langs[0]); i++)
		if (strlen(page_langs[i].tag) == n && !strncasecmp(page_langs[i].tag, lang, n))
			return (int)i;
	return -1;
}

const char *page_lang_autonym(const char *lang)
{
	int i = page_lang_find(lang);
	return i < 0 ? lang : page_langs[i].autonym;
}

const char *page_lang_named(const char *name)
{
	for (size_t i = 0; name && i < sizeof(page_langs) / sizeof(page_langs[0]); i++)
		if (!strcasecmp(page_langs[i].english, name) || !strcmp(page_langs[i].autonym, name))
			return page_langs[i].tag;
	return NULL;
}

const char *page_lang_english(const char *lang)
{
	int i = page_lang_find(lang);
	return i < 0 ? NULL : page_langs[i].english;
}

static void page_feed_links(struct page *p, int kind)
{
	static const struct {
		const char *type, *ext, *name;
	} feeds[] = {
		{"application/rss+xml", "rss", "RSS"},
		{"application/atom+xml", "atom", "Atom"},
		{"application/feed+json", "json", "JSON Feed"},
	};
	for (size_t i = 0; i < sizeof(feeds) / sizeof(feeds[0]); i++) {
		buf_lit(p->out, "<link rel=\"alternate\" type=\"");
		buf_adds(p->out, feeds[i].type);
		buf_lit(p->out, "\" title=\"");
		esc_attr_s(p->out, p->cfg->site_name);
		if (kind >= 0) {
			buf_lit(p->out, ": ");
			esc_attr_s(p->out, page_kind_plural((enum item_kind)kind));
		}
		buf_lit(p->out, " (");
		buf_adds(p->out, feeds[i].name);
		buf_lit(p->out, ")\" href=\"");
		url_feed(p->out, p->cfg, p->lang, kind, feeds[i].ext);
		buf_lit(p->out, "\">\n");
	}
}

static void page_meta_tag(struct page *p, const char *attr, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_lit(p->out, "<meta ");
	buf_adds(p->out, attr);
	buf_lit(p->out, "=\"");
	buf_adds(p->out, name);
	buf_lit(p->out, "\" content=\"");
	esc_attr_s(p->out, value);
	buf_lit(p->out, "\">\n");
}

/* <link rel="alternate" hreflang> for an item and each of its translations, and
 * x-default for the one in the default language. */
static void page_hreflang(struct page *p, const struct page_meta *m)
{
	if (!m->item || m->fallback || !m->ntranslations)
		return;
	const struct item *def = NULL;
	for (size_t i = 0; i <= m->ntranslations; i++) {
		const struct item *it = i ? &m->translations[i - 1] : m->item;
		if (!def && url_is_default_lang(p->cfg, it->lang))
			def = it;
		buf_lit(p->out, "<link rel=\"alternate\" hreflang=\"");
		esc_attr_s(p->out, it->lang);
		buf_lit(p->out, "\" href=\"");
		url_base(p->out, p->cfg);
		url_item(p->out, p->cfg, it);
		buf_lit(p->out, "\">\n");
	}
	if (def) {
		buf_lit(p->out, "<link rel=\"alternate\" hreflang=\"x-default\" href=\"");
		url_base(p->out, p->cfg);
		url_item(p->out, p->cfg, def);
		buf_lit(p->out, "\">\n");
	}
}

/*
 * The language switcher: every language of the site, each linking its home, or on an
 * item page the item's translation into it (or, on a fallback page, the original).
 */
static void page_languages(struct page *p, const struct page_meta *m)
{
	const struct site *site = p->site;
	if (site->nlangs < 2)
		return;
	struct buf *o = p->out;
	buf_lit(o, "<nav class=\"languages\" aria-label=\"");
	esc_attr_s(o, _("Languages"));
	buf_lit(o, "\">\n<ul>\n");
	for (size_t i = 0; i < site->nlangs; i++) {
		const char *l = site->langs[i];
		if (!strcmp(l, p->lang)) {
			buf_lit(o, "<li><span aria-current=\"true\" lang=\"");
			esc_attr_s(o, l);
			buf_lit(o, "\">");
			esc_html_s(o, page_lang_autonym(l));
			buf_lit(o, "</span></li>\n");
			continue;
		}
		const struct item *target = NULL;
		if (m->item && m->fallback && !strcmp(m->item->lang, l))
			target = m->item;
		for (size_t t = 0; m->item && !target && t < m->ntranslations; t++)
			if (!strcmp(m->translations[t].lang, l))
				target = &m->translations[t];
		buf_lit(o, "<li><a href=\"");
		if (target)
			url_item(o, p->cfg, target);
		else
			url_path(o, p->cfg, l, "/");
		buf_lit(o, "\" hreflang=\"");
		esc_attr_s(o, l);
		buf_lit(o, "\" lang=\"");
		esc_attr_s(o, l);
		buf_lit(o, "\">");
		esc_html_s(o, page_lang_autonym(l));
		buf_lit(o, "</a></li>\n");
	}
	buf_lit(o, "</ul>\n</nav>\n");
}

void page_begin(struct page *p, const struct page_meta *m)
{
	struct buf *o = p->out;
	buf_lit(o, "<!DOCTYPE html>\n<html lang=\"");
	esc_attr_s(o, p->lang);
	buf_lit(o, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	if (m->title && strcmp(m->title, p->cfg->site_name) != 0) {
		esc_html_s(o, m->title);
		buf_lit(o, " \xE2\x80\x94 ");
	}
	esc_html_s(o, p->cfg->site_name);
	buf_lit(o, "</title>\n");
	page_meta_tag(p, "name", "description",
		      m->description && *m->description ? m->description : p->cfg->description);
	buf_lit(o, "<link rel=\"stylesheet\" href=\"/static/site.css\">\n"
		   "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
		   "<link rel=\"search\" type=\"application/opensearchdescription+xml\" "
		   "href=\"/opensearch.xml\" title=\"Search\">\n");
	struct buf url;
	buf_init(&url, 4096);
	/* A page without an address of its own (the 404 page) names none, and asks
	 * search engines not to keep it. */
	if (m->path) {
		url_base(&url, p->cfg);
		buf_adds(&url, m->path);
		buf_lit(o, "<link rel=\"canonical\" href=\"");
		esc_attr_s(o, buf_str(&url));
		buf_lit(o, "\">\n");
	} else {
		buf_lit(o, "<meta name=\"robots\" content=\"noindex\">\n");
	}
	page_hreflang(p, m);
	page_feed_links(p, m->kind);
	page_meta_tag(p, "property", "og:site_name", p->cfg->site_name);
	page_meta_tag(p, "property", "og:title", m->title);
	if (m->path)
		page_meta_tag(p, "property", "og:url", buf_str(&url));
	page_meta_tag(p, "property", "og:type", m->item ? "article" : "website");
	page_meta_tag(p, "property", "og:description", m->description);
	if (m->item) {
		struct buf t;
		buf_init(&t, 64);
		feed_time_rfc3339(&t, m->item->published);
		page_meta_tag(p, "property", "article:published_time", buf_str(&t));
		page_meta_tag(p, "property", "article:section", page_kind_label(m->item->kind));
		buf_release(&t);
	}
	buf_release(&url);
	if (m->clocks)
		buf_lit(o, "<script src=\"/static/clock.js\" defer></script>\n");
	if (m->shortlinks)
		buf_lit(o, "<script src=\"/static/shortlink.js\" defer></script>\n");
	buf_lit(o, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
	esc_html_s(o, _("Skip to content"));
	buf_lit(o, "</a>\n<header class=\"site-header\">\n<p class=\"site-name\"><a href=\"");
	url_path(o, p->cfg, p->lang, "/");
	buf_lit(o, "\">");
	esc_html_s(o, p->cfg->site_name);
	buf_lit(o, "</a></p>\n<nav class=\"site-nav\" aria-label=\"");
	esc_attr_s(o, _("Sections"));
	buf_lit(o, "\">\n<ul>\n<li><a href=\"");
	url_path(o, p->cfg, p->lang, "/");
	buf_lit(o, "\">");
	esc_html_s(o, _("Home"));
	buf_lit(o, "</a></li>\n<li><a href=\"");
	url_path(o, p->cfg, p->lang, "/archive");
	buf_lit(o, "\">");
	esc_html_s(o, _("All messages"));
	buf_lit(o, "</a></li>\n");
	static const enum item_kind nav_kinds[] = {KIND_PRESS_RELEASE, KIND_NEWS, KIND_STATEMENT,
						   KIND_INTERVIEW, KIND_MEDIA_REPLY};
	for (size_t i = 0; i < sizeof(nav_kinds) / sizeof(nav_kinds[0]); i++) {
		buf_lit(o, "<li><a href=\"");
		url_kind(o, p->cfg, p->lang, (int)nav_kinds[i]);
		buf_lit(o, "\">");
		esc_html_s(o, page_kind_plural(nav_kinds[i]));
		buf_lit(o, "</a></li>\n");
	}
	buf_lit(o, "<li><a href=\"");
	url_path(o, p->cfg, p->lang, "/search");
	buf_lit(o, "\">");
	esc_html_s(o, _("Search"));
	buf_lit(o, "</a></li>\n</ul>\n</nav>\n");
	page_languages(p, m);
	buf_lit(o, "</header>\n<main id=\"main\">\n");
}

void page_end(struct page *p)
{
	struct buf *o = p->out;
	buf_lit(o, "</main>\n<footer class=\"site-footer\">\n<p>");
	esc_html_s(o, p->cfg->site_name);
	buf_lit(o, "</p>\n<p class=\"feeds\">");
	esc_html_s(o, _("Follow:"));
	buf_lit(o, " <a href=\"");
	url_feed(o, p->cfg, p->lang, -1, "rss");
	buf_lit(o, "\">RSS</a> \xC2\xB7 <a href=\"");
	url_feed(o, p->cfg, p->lang, -1, "atom");
	buf_lit(o, "\">Atom</a> \xC2\xB7 <a href=\"");
	url_feed(o, p->cfg, p->lang, -1, "json");
	buf_lit(o, "\">JSON Feed</a> \xC2\xB7 <a href=\"");
	url_path(o, p->cfg, p->lang, "/archive");
	buf_lit(o, "\">");
	esc_html_s(o, _("All messages"));
	buf_lit(o, "</a></p>\n</footer>\n</body>\n</html>\n");
}

void page_lead(struct buf *o, const char *lead)
{
	/* Paragraphs are apart by a blank line (a news page's lead of two). */
	for (const char *s = lead; *s;) {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		if (n) {
			buf_lit(o, "<p class=\"lead\">");
			esc_html(o, s, n);
			buf_lit(o, "</p>\n");
		}
		s += n;
		while (*s == '\n')
			s++;
	}
}

void page_date_long(struct page *p, int64_t t)
{
	struct civil c;
	if (tz_civil(p->cfg->timezone, t, &c))
		tz_civil("UTC", t, &c);
	char date[128];
	/* TRANSLATORS: a long date: day, month name (genitive), year: "30 November 2017". */
	snprintf(date, sizeof(date), C_("long date", "%1$d %2$s %3$04d"), c.day,
		 page_month(c.month, 1), c.year);
	esc_html_s(p->out, date);
}

void page_date_short(struct page *p, int64_t t)
{
	struct civil c;
	if (tz_civil(p->cfg->timezone, t, &c))
		tz_civil("UTC", t, &c);
	/* dd.mm.yyyy by hand: printf was 2 % of a whole export's instructions. */
	char d[BUF_UINT_MAX * 3];
	size_t n = buf_uint_digits(d, (uint64_t)c.day, 2);
	d[n++] = '.';
	n += buf_uint_digits(d + n, (uint64_t)c.month, 2);
	d[n++] = '.';
	n += buf_uint_digits(d + n, (uint64_t)(c.year < 0 ? 0 : c.year), 4);
	buf_add(p->out, d, n);
}

void page_time(struct page *p, int64_t t, int longform)
{
	buf_lit(p->out, "<time datetime=\"");
	feed_time_rfc3339(p->out, t);
	buf_lit(p->out, "\">");
	if (longform)
		page_date_long(p, t);
	else
		page_date_short(p, t);
	buf_lit(p->out, "</time>");
}

void page_entry(struct page *p, const struct item *it, int show_kind)
{
	struct buf *o = p->out;
	buf_lit(o, "<li class=\"entry\">\n<p class=\"entry-head\">");
	page_time(p, it->published, 0);
	buf_lit(o, " \xE2\x80\x93 ");
	if (show_kind) {
		buf_lit(o, "<span class=\"kind\">");
		esc_html_s(o, page_kind_label(it->kind));
		buf_lit(o, "</span> \xE2\x80\x93 ");
	}
	buf_lit(o, "<a href=\"");
	url_item(o, p->cfg, it);
	buf_lit(o, "\">");
	esc_html_s(o, it->title);
	buf_lit(o, "</a></p>\n");
	if (*it->lead) {
		page_lead(o, it->lead);
	}
	buf_lit(o, "</li>\n");
}

void page_pager_links(struct page *p, void (*link)(struct buf *o, const void *ctx, int64_t n),
		      const void *ctx, const char *prev, const char *next, int64_t page,
		      int64_t pages)
{
	if (pages <= 1)
		return;
	struct buf *o = p->out;
	buf_lit(o, "<nav class=\"pager\" aria-label=\"");
	esc_attr_s(o, _("Pages"));
	buf_lit(o, "\">\n");
	if (page > 1) {
		buf_lit(o, "<a rel=\"prev\" href=\"");
		link(o, ctx, page - 1);
		buf_lit(o, "\">\xE2\x86\x90 ");
		esc_html_s(o, prev);
		buf_lit(o, "</a>\n");
	}
	buf_lit(o, "<ol>\n");
	for (int64_t i = 1; i <= pages; i++) {
		/* Long runs show the first, last and the pages around the current one. */
		if (pages > 11 && i > 2 && i < pages - 1 && (i < page - 3 || i > page + 3)) {
			if (i == 3 || i == page + 4)
				buf_lit(o, "<li class=\"gap\">\xE2\x80\xA6</li>\n");
			continue;
		}
		if (i == page)
			buf_lit(o, "<li><a aria-current=\"page\" href=\"");
		else
			buf_lit(o, "<li><a href=\"");
		link(o, ctx, i);
		buf_lit(o, "\">");
		buf_add_uint(o, (uint64_t)i, 1);
		buf_lit(o, "</a></li>\n");
	}
	buf_lit(o, "</ol>\n");
	if (page < pages) {
		buf_lit(o, "<a rel=\"next\" href=\"");
		link(o, ctx, page + 1);
		buf_lit(o, "\">");
		esc_html_s(o, next);
		buf_lit(o, " \xE2\x86\x92</a>\n");
	}
	buf_lit(o, "</nav>\n");
}

struct page_list_link {
	const struct config *cfg;
	const char *base;
};

static void page_link_n(struct buf *o, const void *ctx, int64_t n)
{
	const struct page_list_link *l = ctx;
	esc_attr_s(o, l->base);
	url_list_page_suffix(o, l->cfg, l->base, n);
}

void page_pager(struct page *p, const char *base, int64_t page, int64_t pages)
{
	struct page_list_link l = {p->cfg, base};
	page_pager_links(p, page_link_n, &l, _("Newer"), _("Older"), page, pages);
}

/*
 * The body of a 301 (r->location set): the server sends it with the Location
 * header, and a static copy, where no server answers 301, serves it as the file
 * of the old address: a meta refresh sends the reader on (no script), the
 * canonical link tells search engines where the page is now, and a reader whose
 * browser refreshes nothing has the link, all in the page's language.
 */
void page_moved(struct page *p, struct site_response *r)
{
	struct buf *o = p->out;
	buf_reset(o);
	r->content_type = "text/html; charset=utf-8";
	const char *moved = _("This page has moved"), *to = r->location;
	/* A feed's old address (site_legacy_feeds): the 301's page names the feed for
	 * a reader that shows the page rather than follow it. */
	size_t tl = strlen(to);
	const char *feed = tl > 4 && !strcmp(to + tl - 4, ".rss")    ? "application/rss+xml"
			   : tl > 5 && !strcmp(to + tl - 5, ".atom") ? "application/atom+xml"
								     : NULL;
	/* The canonical link is absolute, as on every other page. */
	struct buf canon;
	buf_init(&canon, 4096);
	if (to[0] == '/')
		url_base(&canon, p->cfg);
	buf_adds(&canon, to);
	/* Each piece: markup, then a value escaped for an attribute (attr) or for text. */
	const struct {
		const char *markup, *value;
		int attr;
	} piece[] = {
		{"<!DOCTYPE html>\n<html lang=\"", p->lang, 1},
		{"\">\n<head>\n<meta charset=\"utf-8\">\n<title>", moved, 0},
		{"</title>\n<link rel=\"canonical\" href=\"", buf_failed(&canon) ? to : buf_str(&canon), 1},
		{feed ? "\">\n<link rel=\"alternate\" type=\"" : NULL, feed, 1},
		{feed ? "\" href=\"" : NULL, feed ? to : NULL, 1},
		{"\">\n<meta http-equiv=\"refresh\" content=\"0; url=", to, 1},
		{"\">\n</head>\n<body>\n<h1>", moved, 0},
		{"</h1>\n<p><a href=\"", to, 1},
		{"\">", _("Go to its new address"), 0},
		{"</a></p>\n</body>\n</html>\n", NULL, 0},
	};
	for (size_t i = 0; i < sizeof(piece) / sizeof(piece[0]); i++) {
		if (!piece[i].markup)
			continue;
		buf_adds(o, piece[i].markup);
		if (piece[i].value)
			(piece[i].attr ? esc_attr_s : esc_html_s)(o, piece[i].value);
	}
	buf_release(&canon);
}

void page_not_found(struct page *p, struct site_response *r)
{
	buf_reset(&r->body);
	r->status = 404;
	r->content_type = "text/html; charset=utf-8";
	struct page_meta m = {.title = _("Page not found"), .kind = -1};
	page_begin(p, &m);
	struct buf *o = p->out;
	buf_lit(o, "<h1>");
	esc_html_s(o, _("Page not found"));
	buf_lit(o, "</h1>\n<p>");
	esc_html_s(o, _("There is no page at this address. It may have moved, or the link may "
			"be mistyped."));
	buf_lit(o, "</p>\n<ul>\n<li><a href=\"");
	url_path(o, p->cfg, p->lang, "/");
	buf_lit(o, "\">");
	esc_html_s(o, _("Home page"));
	buf_lit(o, "</a></li>\n<li><a href=\"");
	url_path(o, p->cfg, p->lang, "/archive");
	buf_lit(o, "\">");
	esc_html_s(o, _("All messages"));
	buf_lit(o, "</a></li>\n</ul>\n");
	page_end(p);
}
