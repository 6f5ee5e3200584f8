#include "feed.h"

#include <stdlib.h>
#include <string.h>

#include "../base/i18n.h"
#include "../site/urls.h"
#include "escape.h"
#include "markdown.h"

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: every format here has four-digit years. */
#define FEED_TIME_MIN (-62135596800LL)
#define FEED_TIME_MAX 253402300799LL

struct feed_civil {
	int year, month, day, hour, min, sec, wday;
};

/* UTC civil time of t, by Howard Hinnant's days-to-civil method (no TZ, no locks). */
static void feed_civil(int64_t t, struct feed_civil *c)
{
	if (t < FEED_TIME_MIN)
		t = FEED_TIME_MIN;
	if (t > FEED_TIME_MAX)
		t = FEED_TIME_MAX;
	int64_t days = t / 86400, secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	c->hour = (int)(secs / 3600);
	c->min = (int)(secs / 60 % 60);
	c->sec = (int)(secs % 60);
	int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
	c->wday = (int)(w < 0 ? w + 7 : w);
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = (int)(yoe + era * 400 + (c->month <= 2));
}

void feed_time_rfc3339(struct buf *b, int64_t t)
{
	struct feed_civil c;
	feed_civil(t, &c);
	buf_add_uint(b, (uint64_t)(c.year < 0 ? 0 : c.year), 4);
	buf_addc(b, '-');
	buf_add_uint(b, (uint64_t)c.month, 2);
	buf_addc(b, '-');
	buf_add_uint(b, (uint64_t)c.day, 2);
	buf_addc(b, 'T');
	buf_add_uint(b, (uint64_t)c.hour, 2);
	buf_addc(b, ':');
	buf_add_uint(b, (uint64_t)c.min, 2);
	buf_addc(b, ':');
	buf_add_uint(b, (uint64_t)c.sec, 2);
	buf_addc(b, 'Z');
}

void feed_time_rfc822(struct buf *b, int64_t t)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct feed_civil c;
	feed_civil(t, &c);
	buf_addf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[c.wday], c.day,
		 mon[c.month - 1], c.year, c.hour, c.min, c.sec);
}

static int feed_set(const char *s) { return s && *s; }

/*
 * Scratch buffers for one feed: absolute URLs and item HTML are built here, then
 * copied into the output through the context's escaper. Their failures are carried
 * into the output buffer so that the caller's one buf_failed() check sees them.
 */
struct feed_ctx {
	struct buf *out;
	const struct config *cfg;
	/* cfg without dir_urls: what ids are made with (feed_url_item_id). */
	struct config idcfg;
	struct buf url;
	struct buf html;
};

static void feed_ctx_init(struct feed_ctx *x, struct buf *out, const struct config *cfg)
{
	x->out = out;
	x->cfg = cfg;
	x->idcfg = *cfg;   /* a shallow copy, only read */
	x->idcfg.dir_urls = 0;
	buf_init(&x->url, 64 * 1024);
	buf_init(&x->html, out->max);
}

static void feed_ctx_release(struct feed_ctx *x)
{
	buf_release(&x->url);
	buf_release(&x->html);
}

/* Appends tmp to x->out through esc, or passes tmp's error on. */
static void feed_put(struct feed_ctx *x, const struct buf *tmp,
		     void (*esc)(struct buf *, const char *, size_t))
{
	if (buf_failed(tmp)) {
		if (!buf_failed(x->out))
			x->out->err = tmp->err;
		return;
	}
	esc(x->out, tmp->data ? tmp->data : "", tmp->len);
}

/* x->url = base URL + path (NULL path = "/"). */
static void feed_url_path(struct feed_ctx *x, const char *path)
{
	buf_reset(&x->url);
	url_base(&x->url, x->cfg);
	buf_adds(&x->url, feed_set(path) ? path : "/");
}

/* x->url = absolute URL of the item. */
static void feed_url_item(struct feed_ctx *x, const struct item *it)
{
	buf_reset(&x->url);
	url_base(&x->url, x->cfg);
	url_item(&x->url, x->cfg, it);
}

/* x->url = the item's id: its URL as the live server has it, also in a static copy,
 * whose links end in '/' (config.dir_urls). An id must never change, and feeds
 * read from a copy that later moves to a server (or back) keep their entries. */
static void feed_url_item_id(struct feed_ctx *x, const struct item *it)
{
	buf_reset(&x->url);
	url_base(&x->url, x->cfg);
	url_item(&x->url, &x->idcfg, it);
}

/* The body's links from the site's root (href="/media/a.png", src="/items/x") made
 * absolute: a feed is read away from the site, and not every reader resolves them
 * against the feed's address (RSS has no base). */
static void feed_absolute_links(struct feed_ctx *x)
{
	struct buf *h = &x->html, base;
	buf_init(&base, 4096);
	url_base(&base, x->cfg);
	for (size_t i = 0; base.len && i + 3 < h->len; i++) {
		const char *d = h->data;
		if (d[i] != '=' || d[i + 1] != '"' || d[i + 2] != '/' || d[i + 3] == '/')
			continue;
		if (esc_is_link_attr(d, d + i)) {
			buf_insert(h, i + 2, base.data, base.len);
			i += 2 + base.len;
		}
	}
	buf_release(&base);
}

/* x->html = the item's full body as HTML, with the source paragraph. */
static void feed_item_html(struct feed_ctx *x, const struct item *it)
{
	struct buf *h = &x->html;
	buf_reset(h);
	const char *body = it->body ? it->body : "";
	unsigned flags =
		it->kind == KIND_INTERVIEW || it->kind == KIND_MEDIA_REPLY ? MD_TURNS : 0;
	/* An item that is its lead alone (a news page's list entry): the lead is its
	 * content, which readers that show the content showed as a blank entry. */
	if (!body[strspn(body, " \t\r\n")] && feed_set(it->lead)) {
		buf_lit(h, "<p>");
		esc_html_s(h, it->lead);
		buf_lit(h, "</p>");
	} else if (markdown_render(h, body, strlen(body), flags) != 0) {
		/* md4c gave up: still show the text rather than nothing. */
		buf_truncate(h, 0);
		buf_lit(h, "<p>");
		esc_html_s(h, body);
		buf_lit(h, "</p>");
	}
	feed_absolute_links(x);
	if (feed_set(it->source_url)) {
		const char *label = feed_set(it->source_title) ? it->source_title : it->source_url;
		if (h->len && h->data[h->len - 1] != '\n')
			buf_lit(h, "\n");
		buf_lit(h, "<p class=\"source\">");
		esc_html_s(h, _("Source:"));
		buf_lit(h, " ");
		if (item_valid_url(it->source_url) == 0) {
			buf_lit(h, "<a href=\"");
			esc_attr_s(h, it->source_url);
			buf_lit(h, "\">");
			esc_html_s(h, label);
			buf_lit(h, "</a>");
		} else {
			esc_html_s(h, label); /* not a link we would let a reader follow */
		}
		buf_lit(h, "</p>\n");
	}
}

static const char *feed_lang(const struct feed_meta *m)
{
	if (feed_set(m->lang))
		return m->lang;
	return m->cfg && m->cfg->language ? m->cfg->language : "";
}

static const char *feed_title(const struct feed_meta *m)
{
	if (feed_set(m->title))
		return m->title;
	return m->cfg && m->cfg->site_name ? m->cfg->site_name : "";
}

static int feed_listed(const struct item *it) { return it->status == STATUS_PUBLISHED; }

static int64_t feed_item_updated(const struct item *it)
{
	return it->updated > it->published ? it->updated : it->published;
}

/* The feed's own updated time: never older than an item it lists. */
static int64_t feed_updated(const struct feed_meta *m, const struct item *items, size_t n)
{
	int64_t t = m->updated;
	for (size_t i = 0; i < n; i++)
		if (feed_listed(&items[i]) && feed_item_updated(&items[i]) > t)
			t = feed_item_updated(&items[i]);
	return t;
}

/* ---- RSS 2.0 ---- */

static void feed_rss_tag(struct buf *b, const char *open, const char *text, const char *close)
{
	buf_adds(b, open);
	esc_xml_s(b, text);
	buf_adds(b, close);
}

/*
 * RSS readers take a <description> as HTML (the RSS 2.0 specification's own
 * examples carry entity-encoded markup), but a lead or the site's description is
 * plain text: escaped for HTML first, then for XML, so "<img onerror=...>" typed in
 * a lead reaches the reader as text, not as an element.
 */
static void feed_rss_text_as_html(struct buf *b, const char *open, const char *text, const char *close)
{
	struct buf h;
	buf_init(&h, b->max);
	esc_html_s(&h, text);
	buf_adds(b, open);
	if (buf_failed(&h) && !buf_failed(b))
		b->err = h.err;     /* sticky, as if the add itself had failed */
	else
		esc_xml(b, buf_str(&h), h.len);
	buf_adds(b, close);
	buf_release(&h);
}

static void feed_rss_item(struct feed_ctx *x, const struct item *it)
{
	struct buf *b = x->out;
	buf_lit(b, "<item>\n");
	feed_rss_tag(b, "<title>", it->title, "</title>\n");
	feed_url_item(x, it);
	buf_lit(b, "<link>");
	feed_put(x, &x->url, esc_xml);
	/* The guid is the id (feed_url_item_id): a permalink only where it is the link. */
	if (x->cfg->dir_urls) {
		feed_url_item_id(x, it);
		buf_lit(b, "</link>\n<guid isPermaLink=\"false\">");
	} else {
		buf_lit(b, "</link>\n<guid isPermaLink=\"true\">");
	}
	feed_put(x, &x->url, esc_xml);
	buf_lit(b, "</guid>\n<pubDate>");
	feed_time_rfc822(b, it->published);
	buf_lit(b, "</pubDate>\n");
	feed_rss_tag(b, "<category>", C_("kind", item_kind_label(it->kind)), "</category>\n");
	for (size_t t = 0; t < it->ntags && t < ITEM_MAX_TAGS; t++)
		if (feed_set(it->tags[t]))
			feed_rss_tag(b, "<category>", it->tags[t], "</category>\n");
	if (feed_set(it->lead))
		feed_rss_text_as_html(b, "<description>", it->lead, "</description>\n");
	feed_item_html(x, it);
	buf_lit(b, "<content:encoded>");
	feed_put(x, &x->html, esc_xml);
	buf_lit(b, "</content:encoded>\n</item>\n");
}

void feed_rss(struct buf *b, const struct feed_meta *m, const struct item *items, size_t n)
{
	const struct config *cfg = m->cfg;
	struct feed_ctx x;
	feed_ctx_init(&x, b, cfg);
	buf_lit(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\""
		   " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
		   "<channel>\n");
	feed_rss_tag(b, "<title>", feed_title(m), "</title>\n");
	feed_url_path(&x, m->html_path);
	buf_lit(b, "<link>");
	feed_put(&x, &x.url, esc_xml);
	buf_lit(b, "</link>\n");
	/* RSS requires a description; the site's, else the title. */
	feed_rss_text_as_html(b, "<description>", feed_set(cfg->description) ? cfg->description
								    : feed_title(m),
		     "</description>\n");
	if (feed_set(feed_lang(m)))
		feed_rss_tag(b, "<language>", feed_lang(m), "</language>\n");
	buf_lit(b, "<lastBuildDate>");
	feed_time_rfc822(b, feed_updated(m, items, n));
	buf_lit(b, "</lastBuildDate>\n<generator>pressroom</generator>\n");
	feed_url_path(&x, m->self_path);
	buf_lit(b, "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
	feed_put(&x, &x.url, esc_xml);
	buf_lit(b, "\"/>\n");
	for (size_t i = 0; i < n; i++)
		if (feed_listed(&items[i]))
			feed_rss_item(&x, &items[i]);
	buf_lit(b, "</channel>\n</rss>\n");
	feed_ctx_release(&x);
}

/* ---- Atom 1.0 ---- */

static void feed_atom_item(struct feed_ctx *x, const struct item *it)
{
	struct buf *b = x->out;
	buf_lit(b, "<entry");
	if (feed_set(it->lang)) {
		buf_lit(b, " xml:lang=\"");
		esc_xml_s(b, it->lang);
		buf_lit(b, "\"");
	}
	buf_lit(b, ">\n<id>");
	feed_url_item_id(x, it);
	feed_put(x, &x->url, esc_xml);
	buf_lit(b, "</id>\n<title type=\"text\">");
	esc_xml_s(b, it->title);
	buf_lit(b, "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	feed_url_item(x, it);
	feed_put(x, &x->url, esc_xml);
	buf_lit(b, "\"/>\n");
	if (feed_set(it->source_url) && item_valid_url(it->source_url) == 0) {
		buf_lit(b, "<link rel=\"related\" href=\"");
		esc_xml_s(b, it->source_url);
		buf_lit(b, "\"");
		if (feed_set(it->source_title)) {
			buf_lit(b, " title=\"");
			esc_xml_s(b, it->source_title);
			buf_lit(b, "\"");
		}
		buf_lit(b, "/>\n");
	}
	buf_lit(b, "<published>");
	feed_time_rfc3339(b, it->published);
	buf_lit(b, "</published>\n<updated>");
	feed_time_rfc3339(b, feed_item_updated(it));
	buf_lit(b, "</updated>\n");
	/* The kind in its own scheme so that readers can tell it from a tag. */
	buf_lit(b, "<category term=\"");
	esc_xml_s(b, item_kind_slug(it->kind));
	buf_lit(b, "\" label=\"");
	esc_xml_s(b, C_("kind", item_kind_label(it->kind)));
	buf_lit(b, "\" scheme=\"");
	feed_url_path(x, "/kind/");
	feed_put(x, &x->url, esc_xml);
	buf_lit(b, "\"/>\n");
	for (size_t t = 0; t < it->ntags && t < ITEM_MAX_TAGS; t++) {
		if (!feed_set(it->tags[t]))
			continue;
		buf_lit(b, "<category term=\"");
		esc_xml_s(b, it->tags[t]);
		buf_lit(b, "\"/>\n");
	}
	if (feed_set(it->lead)) {
		buf_lit(b, "<summary type=\"text\">");
		esc_xml_s(b, it->lead);
		buf_lit(b, "</summary>\n");
	}
	feed_item_html(x, it);
	buf_lit(b, "<content type=\"html\">");
	feed_put(x, &x->html, esc_xml);
	buf_lit(b, "</content>\n</entry>\n");
}

void feed_atom(struct buf *b, const struct feed_meta *m, const struct item *items, size_t n)
{
	const struct config *cfg = m->cfg;
	struct feed_ctx x;
	feed_ctx_init(&x, b, cfg);
	buf_lit(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	if (feed_set(feed_lang(m))) {
		buf_lit(b, " xml:lang=\"");
		esc_xml_s(b, feed_lang(m));
		buf_lit(b, "\"");
	}
	buf_lit(b, ">\n<id>");
	feed_url_path(&x, feed_set(m->id_path) ? m->id_path : m->html_path);
	feed_put(&x, &x.url, esc_xml);
	buf_lit(b, "</id>\n<title type=\"text\">");
	esc_xml_s(b, feed_title(m));
	buf_lit(b, "</title>\n");
	if (feed_set(cfg->description)) {
		buf_lit(b, "<subtitle type=\"text\">");
		esc_xml_s(b, cfg->description);
		buf_lit(b, "</subtitle>\n");
	}
	buf_lit(b, "<updated>");
	feed_time_rfc3339(b, feed_updated(m, items, n));
	buf_lit(b, "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	feed_url_path(&x, m->html_path);
	feed_put(&x, &x.url, esc_xml);
	buf_lit(b, "\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	feed_url_path(&x, m->self_path);
	feed_put(&x, &x.url, esc_xml);
	buf_lit(b, "\"/>\n<author><name>");
	esc_xml_s(b, cfg->site_name);
	buf_lit(b, "</name></author>\n<generator>pressroom</generator>\n");
	for (size_t i = 0; i < n; i++)
		if (feed_listed(&items[i]))
			feed_atom_item(&x, &items[i]);
	buf_lit(b, "</feed>\n");
	feed_ctx_release(&x);
}

/* ---- JSON Feed 1.1 ---- */

/* ,"key":"text" (the leading comma always: every object starts with a fixed member). */
static void feed_json_str(struct buf *b, const char *key, const char *text)
{
	buf_lit(b, ",\"");
	buf_adds(b, key);
	buf_lit(b, "\":\"");
	esc_json_s(b, text);
	buf_lit(b, "\"");
}

static void feed_json_time(struct buf *b, const char *key, int64_t t)
{
	buf_lit(b, ",\"");
	buf_adds(b, key);
	buf_lit(b, "\":\"");
	feed_time_rfc3339(b, t);
	buf_lit(b, "\"");
}

static void feed_json_item(struct feed_ctx *x, const struct item *it)
{
	struct buf *b = x->out;
	feed_url_item_id(x, it);
	buf_lit(b, "{\"id\":\"");
	feed_put(x, &x->url, esc_json);
	feed_url_item(x, it);
	buf_lit(b, "\",\"url\":\"");
	feed_put(x, &x->url, esc_json);
	buf_lit(b, "\"");
	feed_json_str(b, "title", it->title);
	if (feed_set(it->lead))
		feed_json_str(b, "summary", it->lead);
	feed_item_html(x, it);
	buf_lit(b, ",\"content_html\":\"");
	feed_put(x, &x->html, esc_json);
	buf_lit(b, "\"");
	feed_json_time(b, "date_published", it->published);
	feed_json_time(b, "date_modified", feed_item_updated(it));
	if (feed_set(it->lang))
		feed_json_str(b, "language", it->lang);
	if (feed_set(it->source_url) && item_valid_url(it->source_url) == 0)
		feed_json_str(b, "external_url", it->source_url);
	buf_lit(b, ",\"tags\":[");
	int first = 1;
	for (size_t t = 0; t < it->ntags && t < ITEM_MAX_TAGS; t++) {
		if (!feed_set(it->tags[t]))
			continue;
		if (!first)
			buf_lit(b, ",");
		first = 0;
		buf_lit(b, "\"");
		esc_json_s(b, it->tags[t]);
		buf_lit(b, "\"");
	}
	buf_lit(b, "]}");
}

void feed_json(struct buf *b, const struct feed_meta *m, const struct item *items, size_t n)
{
	const struct config *cfg = m->cfg;
	struct feed_ctx x;
	feed_ctx_init(&x, b, cfg);
	buf_lit(b, "{\"version\":\"https://jsonfeed.org/version/1.1\"");
	feed_json_str(b, "title", feed_title(m));
	feed_url_path(&x, m->html_path);
	buf_lit(b, ",\"home_page_url\":\"");
	feed_put(&x, &x.url, esc_json);
	feed_url_path(&x, m->self_path);
	buf_lit(b, "\",\"feed_url\":\"");
	feed_put(&x, &x.url, esc_json);
	buf_lit(b, "\"");
	if (feed_set(cfg->description))
		feed_json_str(b, "description", cfg->description);
	if (feed_set(feed_lang(m)))
		feed_json_str(b, "language", feed_lang(m));
	buf_lit(b, ",\"authors\":[{\"name\":\"");
	esc_json_s(b, cfg->site_name);
	buf_lit(b, "\"}],\"items\":[");
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		if (!feed_listed(&items[i]))
			continue;
		if (!first)
			buf_lit(b, ",");
		buf_lit(b, "\n");
		first = 0;
		feed_json_item(&x, &items[i]);
	}
	buf_lit(b, "]}\n");
	feed_ctx_release(&x);
}

/* ---- sitemap ---- */

/* Items that are translations of each other, found by sorting on translation_key. */
struct feed_alt {
	const char *key;
	const char *lang;
	size_t item;
};

static int feed_alt_cmp(const void *a, const void *b)
{
	const struct feed_alt *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (!c)
		c = strcmp(x->lang, y->lang);
	if (!c)
		c = x->item < y->item ? -1 : x->item > y->item;
	return c;
}

/* <xhtml:link rel="alternate" hreflang> for each item of the group [g, g + len) and
 * x-default for the one in the site's language (Google wants the page itself too). */
static void sitemap_alternates(struct feed_ctx *x, const struct item *items,
			       const struct feed_alt *g, size_t len)
{
	struct buf *b = x->out;
	const struct item *def = NULL;
	for (size_t i = 0; i < len; i++) {
		const struct item *it = &items[g[i].item];
		if (!def && url_is_default_lang(x->cfg, it->lang))
			def = it;
		feed_url_item(x, it);
		buf_lit(b, "<xhtml:link rel=\"alternate\" hreflang=\"");
		esc_xml_s(b, it->lang);
		buf_lit(b, "\" href=\"");
		feed_put(x, &x->url, esc_xml);
		buf_lit(b, "\"/>");
	}
	if (def) {
		feed_url_item(x, def);
		buf_lit(b, "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"");
		feed_put(x, &x->url, esc_xml);
		buf_lit(b, "\"/>");
	}
}

void sitemap_xml(struct buf *b, const struct config *cfg, const char *const *paths,
		 size_t npaths, const struct item *items, size_t n)
{
	struct feed_ctx x;
	feed_ctx_init(&x, b, cfg);
	size_t urls = 0;
	/* Listed items with a translation key, by key: each group is a set of alternates. */
	struct feed_alt *alts = n ? malloc(n * sizeof(*alts)) : NULL;
	size_t nalts = 0;
	if (n && !alts && !buf_failed(b))
		b->err = BUF_ENOMEM;
	for (size_t i = 0; alts && i < n; i++)
		if (feed_listed(&items[i]) && feed_set(items[i].translation_key) &&
		    feed_set(items[i].lang))
			alts[nalts++] = (struct feed_alt){items[i].translation_key, items[i].lang, i};
	if (nalts)
		qsort(alts, nalts, sizeof(*alts), feed_alt_cmp);
	buf_lit(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
		   " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	for (size_t i = 0; i < npaths && urls < FEED_SITEMAP_MAX_URLS; i++, urls++) {
		feed_url_path(&x, paths[i]);
		buf_lit(b, "<url><loc>");
		feed_put(&x, &x.url, esc_xml);
		buf_lit(b, "</loc></url>\n");
	}
	for (size_t i = 0; i < n && urls < FEED_SITEMAP_MAX_URLS; i++) {
		if (!feed_listed(&items[i]))
			continue;
		feed_url_item(&x, &items[i]);
		buf_lit(b, "<url><loc>");
		feed_put(&x, &x.url, esc_xml);
		buf_lit(b, "</loc><lastmod>");
		feed_time_rfc3339(b, feed_item_updated(&items[i]));
		buf_lit(b, "</lastmod>");
		if (nalts && feed_set(items[i].translation_key) && feed_set(items[i].lang)) {
			struct feed_alt key = {items[i].translation_key, items[i].lang, i};
			const struct feed_alt *at =
				bsearch(&key, alts, nalts, sizeof(*alts), feed_alt_cmp);
			if (at) {
				const struct feed_alt *lo = at, *hi = at + 1;
				while (lo > alts && !strcmp(lo[-1].key, at->key))
					lo--;
				while (hi < alts + nalts && !strcmp(hi->key, at->key))
					hi++;
				if (hi - lo > 1)
					sitemap_alternates(&x, items, lo, (size_t)(hi - lo));
			}
		}
		buf_lit(b, "</url>\n");
		urls++;
	}
	buf_lit(b, "</urlset>\n");
	free(alts);
	feed_ctx_release(&x);
}
