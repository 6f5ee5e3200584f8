/*
 * page: the shared frame of every public page (head, header, navigation, footer)
 * and the small pieces that several pages show (dates, list entries, pager).
 * Internal to src/site/. Everything is written into p->out with escape.h; raw
 * markup comes only from string literals (buf_lit) and the Markdown renderer.
 */
#ifndef PR_PAGE_H
#define PR_PAGE_H

#include "../base/buf.h"
#include "../store/item.h"
#include "site.h"

struct page {
	struct site *site;
	const struct config *cfg;
	struct buf *out;
	const char *lang;
	int64_t now;
	const struct site_param *params;   /* query parameters: only /search has them */
	size_t nparams;
};

struct page_meta {
	const char *title;          /* <title> and, unless page_h1 is NULL, the <h1> */
	const char *description;
	const char *path;           /* canonical path; NULL: none (a 404 page) */
	const struct item *item;    /* item pages: OpenGraph article tags */
	int clocks;                 /* load the clock script */
	int shortlinks;             /* load the static copy's shortlink script */
	int kind;                   /* kind of the page's feeds, or -1 for the site's */
	/* Item pages: the item's translations (hreflang alternates, language switcher). */
	const struct item *translations;
	size_t ntranslations;
	int fallback;               /* the item is shown under another language's prefix */
};

void page_begin(struct page *p, const struct page_meta *m);
void page_end(struct page *p);

/* Interface words in the page's language (src/base/i18n.h). */
const char *page_kind_label(enum item_kind k);   /* "Press release" */
const char *page_kind_plural(enum item_kind k);  /* "Press releases" */
/* Month 1..12 as a title names it ("Ноябрь") or as a date has it ("ноября"). */
const char *page_month(int month, int genitive);
/* A language's name in its own language ("Русский"), or the tag. */
const char *page_lang_autonym(const char *lang);
/* A language's English name ("Russian"), NULL if unknown. */
const char *page_lang_english(const char *lang);
/* The tag of the language called name in English or in itself ("Russian",
 * "Русский": "ru"; the first of page_langs so called), or NULL. */
const char *page_lang_named(const char *name);

/* "30 November 2017" / "30 ноября 2017" and "30.11.2017" in the site's time zone. */
void page_date_long(struct page *p, int64_t t);
/* A lead as <p class="lead"> paragraphs, one for each part between blank lines. */
void page_lead(struct buf *o, const char *lead);
void page_date_short(struct page *p, int64_t t);
/* <time datetime="2017-11-30T10:00:00Z">...</time> with the long or short form. */
void page_time(struct page *p, int64_t t, int longform);

/* <li> of a list: dd.mm.yyyy – kind – title link – lead. */
void page_entry(struct page *p, const struct item *it, int show_kind);
/* Previous/next and numbered pages; base is the path of page 1. */
void page_pager(struct page *p, const char *base, int64_t page, int64_t pages);
/* The same for any run of pages: link(o, ctx, n) appends page n's address, escaped
 * for an attribute; prev and next label the links to the neighbours. */
void page_pager_links(struct page *p, void (*link)(struct buf *o, const void *ctx, int64_t n),
		      const void *ctx, const char *prev, const char *next, int64_t page,
		      int64_t pages);

void page_not_found(struct page *p, struct site_response *r);
/* The small page sent with a 301 to r->location (and written for it by a static copy). */
void page_moved(struct page *p, struct site_response *r);

#endif
