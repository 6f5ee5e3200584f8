/* The home page: today's date and clocks, contact block, the newest item with a
 * full text, "Latest events" and the way to all messages. */
#include <string.h>

#include "../base/i18n.h"
#include "../base/tz.h"
#include "../render/escape.h"
#include "../render/markdown.h"
#include "pages.h"
#include "urls.h"

#define HOME_EVENTS 10

static void home_clocks(struct page *p)
{
	struct buf *o = p->out;
	struct civil c;
	if (tz_civil(p->cfg->timezone, p->now, &c))
		tz_civil("UTC", p->now, &c);
	/* A static copy is read long after it was made: its date and clocks would be
	 * the export's, so they come hidden and empty, and clock.js fills and shows them
	 * (without JavaScript, none: better than a wrong time). That also leaves the
	 * copy's home page the same from one export to the next. */
	const int stale = p->site->static_copy;
	buf_lit(o, "<section class=\"today\" aria-label=\"");
	esc_attr_s(o, _("Today"));
	buf_adds(o, stale ? "\" hidden>\n" : "\">\n");
	buf_lit(o, "<p class=\"date\"><time class=\"today-date\" data-tz=\"");
	esc_attr_s(o, p->cfg->timezone);
	if (!stale) {
		buf_addf(o, "\" datetime=\"%04d-%02d-%02d\">", c.year, c.month, c.day);
		page_date_long(p, p->now);
	} else {
		buf_lit(o, "\">");
	}
	buf_lit(o, "</time></p>\n");
	if (p->cfg->nclocks) {
		buf_lit(o, "<ul class=\"clocks\">\n");
		for (size_t i = 0; i < p->cfg->nclocks; i++) {
			struct civil k;
			if (tz_civil(p->cfg->clocks[i].zone, p->now, &k))
				continue;
			int off = k.offset < 0 ? -k.offset : k.offset;
			buf_lit(o, "<li><span class=\"city\">");
			esc_html_s(o, p->cfg->clocks[i].label);
			buf_lit(o, "</span>: <time class=\"clock\" data-tz=\"");
			esc_attr_s(o, p->cfg->clocks[i].zone);
			if (stale)
				buf_lit(o, "\"></time></li>\n");
			else
				buf_addf(o, "\" datetime=\"%04d-%02d-%02dT%02d:%02d%c%02d:%02d\">"
					    "%02d:%02d</time></li>\n",
					 k.year, k.month, k.day, k.hour, k.min, k.offset < 0 ? '-' : '+',
					 off / 3600, off / 60 % 60, k.hour, k.min);
		}
		buf_lit(o, "</ul>\n");
	}
	buf_lit(o, "</section>\n");
}

/* The default heading (config.c's "Contacts") is interface text, translated; one the
 * site set is its own words. */
static const char *home_contact_title(const struct config *c)
{
	static const char *const msgid __attribute__((unused)) = N_("Contacts");
	for (const struct config_key *k = config_keys; k->name; k++)
		if (!strcmp(k->name, "contact_title"))
			return strcmp(c->contact_title, k->fallback) ? c->contact_title
								     : _(k->fallback);
	return c->contact_title;
}

static void home_contact(struct page *p)
{
	const struct config *c = p->cfg;
	if (!*c->contact_phone && !*c->contact_email && !*c->contact_address)
		return;
	struct buf *o = p->out;
	buf_lit(o, "<section class=\"contact\" aria-labelledby=\"contact-h\">\n<h2 id=\"contact-h\">");
	esc_html_s(o, home_contact_title(c));
	buf_lit(o, "</h2>\n<address>\n");
	if (*c->contact_address) {
		buf_lit(o, "<span class=\"address\">");
		esc_html_s(o, c->contact_address);
		buf_lit(o, "</span><br>\n");
	}
	if (*c->contact_phone) {
		/* tel: wants the digits and '+' only. */
		buf_lit(o, "<a class=\"phone\" href=\"tel:");
		for (const char *s = c->contact_phone; *s; s++)
			if ((*s >= '0' && *s <= '9') || (*s == '+' && s == c->contact_phone))
				buf_addc(o, *s);
		buf_lit(o, "\">");
		esc_html_s(o, c->contact_phone);
		buf_lit(o, "</a><br>\n");
	}
	if (*c->contact_email) {
		buf_lit(o, "<a class=\"email\" href=\"mailto:");
		esc_attr_s(o, c->contact_email);
		buf_lit(o, "\">");
		esc_html_s(o, c->contact_email);
		buf_lit(o, "</a>\n");
	}
	buf_lit(o, "</address>\n</section>\n");
}

/* The newest item with a full text, whatever its kind (the old sites' "press
 * releases and news" held interviews and statements too), else the newest of
 * all: its lead and a link to read on. */
static int home_lead_story(struct page *p, struct store *s)
{
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang,
			       .limit = 1, .with_text = 1};
	struct item *items = NULL;
	size_t n = 0;
	if (store_item_list(s, &q, &items, &n))
		return -1;
	if (!n) {
		store_items_free(items, n);
		q.with_text = 0;
		q.brief = 1;
		if (store_item_list(s, &q, &items, &n))
			return -1;
	}
	const struct item *best = n ? &items[0] : NULL;
	struct buf *o = p->out;
	buf_lit(o, "<section class=\"featured\" aria-labelledby=\"featured-h\">\n"
		   "<h2 id=\"featured-h\">");
	esc_html_s(o, _("Press releases and news"));
	buf_lit(o, "</h2>\n");
	if (best) {
		buf_lit(o, "<article>\n<h3><a href=\"");
		url_item(o, p->cfg, best);
		buf_lit(o, "\">");
		esc_html_s(o, best->title);
		buf_lit(o, "</a></h3>\n<p class=\"meta\">");
		page_time(p, best->published, 0);
		buf_lit(o, " \xE2\x80\x93 ");
		esc_html_s(o, page_kind_label(best->kind));
		buf_lit(o, "</p>\n");
		if (*best->lead) {
			page_lead(o, best->lead);
		}
		/* No promise of a text an item without a body (its lead alone) has not. */
		if (best->body && best->body[strspn(best->body, " \t\r\n")]) {
			buf_lit(o, "<p><a href=\"");
			url_item(o, p->cfg, best);
			buf_lit(o, "\">");
			esc_html_s(o, _("Read the full text"));
			buf_lit(o, "</a></p>\n");
		}
		buf_lit(o, "</article>\n");
	} else {
		buf_lit(o, "<p>");
		esc_html_s(o, _("Nothing has been published yet."));
		buf_lit(o, "</p>\n");
	}
	buf_lit(o, "</section>\n");
	store_items_free(items, n);
	return 0;
}

int home_render(struct page *p, struct site_response *r)
{
	struct store *s = p->site->store;
	struct buf path;
	buf_init(&path, 256);
	url_path(&path, p->cfg, p->lang, "/");
	/* A static copy's home answers WordPress shortlinks ("/?p=12") in the browser. */
	struct page_meta m = {.title = p->cfg->site_name, .path = buf_str(&path), .clocks = 1,
			      .shortlinks = p->site->static_copy,
			      .kind = -1};
	page_begin(p, &m);
	buf_release(&path);
	struct buf *o = p->out;
	buf_lit(o, "<h1>");
	esc_html_s(o, p->cfg->site_name);
	buf_lit(o, "</h1>\n");
	home_clocks(p);
	home_contact(p);
	if (home_lead_story(p, s))
		return -1;
	struct item_query q = {.public_only = 1, .now = p->now, .kind = -1, .lang = p->lang,
			       .limit = HOME_EVENTS};
	struct item *items;
	size_t n;
	if (store_item_list(s, &q, &items, &n))
		return -1;
	buf_lit(o, "<section class=\"events\" aria-labelledby=\"events-h\">\n"
		   "<h2 id=\"events-h\">");
	esc_html_s(o, _("Latest events"));
	buf_lit(o, "</h2>\n");
	if (n) {
		buf_lit(o, "<ol class=\"entries\">\n");
		for (size_t i = 0; i < n; i++)
			page_entry(p, &items[i], 0);
		buf_lit(o, "</ol>\n");
	}
	buf_lit(o, "<p class=\"all\"><a href=\"");
	url_path(o, p->cfg, p->lang, "/archive");
	buf_lit(o, "\">");
	esc_html_s(o, _("All messages"));
	buf_lit(o, "</a></p>\n</section>\n");
	store_items_free(items, n);
	page_end(p);
	/* The clocks in the served HTML are right to the minute. */
	r->expires = p->now - p->now % 60 + 60;
	return 0;
}
