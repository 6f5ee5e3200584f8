/*
 * frontmatter: one Markdown file with YAML front matter (as Hugo and Jekyll write
 * it) turned into a struct item. See docs/internals/frontmatter.md for the keys.
 *
 * Input: the whole file, n bytes (NUL bytes and invalid UTF-8 are errors; at most
 * FM_MAX_FILE bytes). It must start with a "---" line (a UTF-8 BOM before it is
 * skipped); the front matter ends at the next "---" or "..." line and the rest,
 * less its leading blank lines, is the body, kept as raw Markdown.
 *
 * Errors: fm_parse() returns 0, or -1 after appending exactly one lowercase
 * message, without a newline, to err: "NAME:LINE: what is wrong", where LINE is
 * the 1-based line in the whole file (the line of the offending value; line 1 for
 * problems with the file as a whole, such as a missing title).
 *
 * Ownership: it must have been item_init()ed by the caller; on success its
 * strings are replaced, on failure it may be partly filled and the caller
 * item_clear()s it. Nothing is kept between calls; fm_parse() is reentrant.
 */
#ifndef PR_FRONTMATTER_H
#define PR_FRONTMATTER_H

#include <stddef.h>

#include "../base/buf.h"
#include "../store/item.h"

#define FM_MAX_FILE ((size_t)4 << 20)

#define FM_ZONE_MAX 64

struct fm_defaults {
	const char *timezone; /* IANA zone for dates without an offset; NULL = "UTC" */
	const char *lang;     /* language when the file names none; NULL = "en" */
	/* What a tree's file name says (import_mdtree sets them per file; NULL or 0:
	 * nothing), taken where the front matter is silent: */
	const char *slug;            /* the name's slug ("visit" for posts/visit.md), if valid;
				      * else the title's */
	int64_t date;                /* Jekyll's 2021-06-15-name.md, a draft's file time */
	int date_day;                /* date is a day alone (a name's), not a time */
	const char *name_date_bad;   /* the date a file's name gives when it is none
				      * ("2017-02-30"), said when the file has no date */
	const char *translation_key; /* the path without its language ("posts/visit") */
	int slug_lenient;            /* a slug: that is no slug ("Visit_Report") is made one
				      * ("visit-report"), as Hugo makes its URL; else refused */
	/* Where the file's same_time_order goes, if it has one (else left as it is;
	 * NULL: not kept): export --markdown numbers the items that share their date to
	 * the second (2, 3, ... after the first), so that an import keeps their order. */
	int *order;
	/* Set to 1 when the date is the default date above (the file gives none); NULL:
	 * not said. */
	int *date_taken;
	/* Set to 1 when the item's date is a day alone (no time: "2018-02-15", a
	 * name's), else 0; NULL: not said. */
	int *day_only;
	/* Where the zones its date and embargo were typed in go (zone:, embargo_zone:,
	 * FM_ZONE_MAX bytes each; NULL: not kept). */
	char *zone, *embargo_zone;
	/* Where the page's old addresses go (aliases, permalink, url, redirect_from: "LINE\tKEY\tVALUE\n"
	 * each, LINE the file's), and its slug as written ("LINE\tslug\tVALUE\n": what
	 * the old site's address was made of; with jekyll, its categories: string or
	 * list items (categories_item) and category: values; and its date: as written,
	 * "LINE\tdate\tVALUE\n"); NULL: they are skipped like other keys. */
	struct buf *addresses;
	/* import_mdtree: do not derive each page's address on the Hugo or Jekyll site
	 * from its path or the site's pattern (pressroom import --no-site-addresses). */
	int no_site_addresses;
	/* A tree's pages, skipped rather than refused (fm_parse returns FM_PAGE and says
	 * why in err): with pages set, a file without front matter (a README, notes:
	 * Hugo and Jekyll publish none as a post) and one without a date whose layout
	 * or type is "page"; with dateless_page set (the reason), any file without a
	 * date (import_mdtree: a Jekyll site's file outside _posts, a Hugo site's page
	 * at the top of content/). */
	int pages;
	const char *dateless_page;
	/* A Jekyll site: a tags or categories string is split at blanks too, as Jekyll
	 * splits "categories: news consular" into two. Its date: is read as Jekyll
	 * read it: a YAML timestamp (plain, with seconds) without an offset as UTC, another
	 * time without one in jekyll_zone (its config's timezone:; NULL: timezone). */
	int jekyll;
	const char *jekyll_zone;
	/* A key pressroom does not read ("author"), a line each in unknown
	 * ("FILE:LINE: ...\n"), with the key it looks like a typo of; one that looks
	 * like a typo of a key that decides when the item is public (date, draft,
	 * embargo_until...) refuses the file, since without it the item could be
	 * published early. NULL: skipped, said nowhere (a Hugo or Jekyll page's keys
	 * for its theme). */
	struct buf *unknown;
	/* A Hugo site's timeZone: its dates and times with no offset (a day alone
	 * stays the site's day) are read in it, as Hugo read them; NULL: zone. */
	const char *hugo_zone;
};

/* Whether a key (k, kn bytes, any case) gives an old address: aliases, permalink,
 * url, redirect_from (fm_defaults.addresses). */
int fm_address_key(const char *k, size_t kn);

/* fm_parse's return for a page (fm_defaults.pages): err has the reason. */
#define FM_PAGE 1

/* d may be NULL for both defaults. name is only used in messages. Returns 0, -1
 * (err as above) or FM_PAGE (only when d asks for it). */
int fm_parse(const char *name, const char *text, size_t n, const struct fm_defaults *d,
	     struct item *it, struct buf *err);

/*
 * A date as the front matter reads one (YYYY-MM-DD[ HH:MM[:SS]][Z|+HH:MM], a wall
 * clock in zone (NULL: UTC) when it has no offset) into *out: 0, or -1 with the
 * reason, named after key, in why ("impossible uploaded '2021-02-30'").
 */
int fm_read_date(const char *key, const char *s, size_t n, const char *zone, int64_t *out,
		 struct buf *why);

/*
 * A value for a message: at most about 60 bytes of s[0..n), cut on a character
 * boundary, control characters shown as '?', so a message stays one short line.
 * Returns out.
 */
#define FM_SHOW 80
const char *fm_show(const char *s, size_t n, char out[FM_SHOW]);

#endif
