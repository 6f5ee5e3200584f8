/*
 * pressroom import FOLDER (Markdown with front matter, a Hugo/Jekyll content/
 * tree), pressroom import PAGE.txt (a plain-text news page) and pressroom import
 * EXPORT.xml (WordPress): read everything, write all of it in one transaction or
 * nothing (src/import/import.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/tz.h"
#include "../export/export.h"
#include "../import/import.h"
#include "../import/progress.h"
#include "../site/config.h"
#include "../site/site.h"
#include "../site/urls.h"
#include "../syndicate/syndicate.h"
#include "../syndicate/wxr.h"
#include "cli.h"
#include "frontmatter.h"

static void import_md_commit_progress(void *ctx, size_t done) { progress_set(ctx, done); }

static void import_md_read_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	p->total = total;
	progress_set(p, done);
}

static void import_md_header(struct store *s, const char *path, const struct pt_header *h);

/*
 * The batch's old addresses where a page of the site answers (the archive, another
 * item): the server never gets to them, since real pages win, so each is said.
 * Asked of the site itself, as a reader would, once the batch is written.
 */
static void import_md_dead_aliases(const char *db, const struct import_batch *b)
{
	size_t i = 0;
	while (i < b->n && !(b->v[i].aliases && *b->v[i].aliases))
		i++;
	if (i == b->n)
		return;
	struct site site;
	char err[1200];
	if (site_open(&site, db, err, sizeof(err))) {
		fprintf(stderr, "pressroom: cannot check the old addresses: %s\n", err);
		return;
	}
	struct site_response r;
	buf_init(&r.body, 0);
	struct buf own;
	buf_init(&own, URL_ALIAS_MAX + 16);
	char path[URL_ALIAS_MAX + 1];
	for (; i < b->n; i++) {
		const struct import_entry *e = &b->v[i];
		/* The item's own page at its old address is no loss. */
		buf_reset(&own);
		if (url_item_alias(&own, &site.cfg, &e->it))
			buf_reset(&own);
		for (const char *a = e->aliases, *nl; a && (nl = strchr(a, '\n')); a = nl + 1) {
			snprintf(path, sizeof(path), "%.*s", (int)(nl - a), a);
			if (!strcmp(path, buf_str(&own)))
				continue;
			site_render(&site, path, &r);
			/* Real pages and the site's own redirects (a feed's address in the
			 * tool the office came from, /feed/) come before old addresses. */
			if (r.status == 200)
				printf("note %s: old address %s is not used: a page of this site is "
				       "there, and readers get that page\n",
				       e->name, path);
			else if (r.status == 301 && !r.old_address)
				printf("note %s: old address %s is not used: this site sends readers "
				       "there to %s itself\n",
				       e->name, path, r.location);
		}
	}
	buf_release(&r.body);
	buf_release(&own);
	site_close(&site);
}

/* Checks and writes the batch; prints the skipped parts and one summary line last.
 * h: a plain-text page's header, applied once the items are written (or NULL). */
static int import_md_finish(struct store *s, const char *db, const char *path,
			    struct import_batch *b, int last_first, struct import_result *res,
			    const struct pt_header *h)
{
	struct buf err;
	buf_init(&err, 4096);
	int rc = 0;
	if (import_batch_check(b, &err)) {
		fprintf(stderr, "pressroom: %s\npressroom: nothing was written\n", buf_str(&err));
		buf_release(&err);
		return 1;
	}
	/* A year typed wrong (2106 for 2016) makes an item that waits for its date
	 * without a word: said, not refused (a date ahead is how one schedules). */
	const int64_t year_ahead = clock_now() + 366 * 86400LL;
	for (size_t i = 0; i < b->n; i++) {
		const struct item *it = &b->v[i].it;
		struct civil c;
		if (it->status == STATUS_PUBLISHED && it->published > year_ahead &&
		    !tz_civil("UTC", it->published, &c))
			buf_addf(&b->info, "%s: dated %04d-%02d-%02d, more than a year ahead: it "
					   "waits for that day (scheduled)\n",
				 b->v[i].name, c.year, c.month, c.day);
	}
	if (b->info.len)
		fputs(buf_str(&b->info), stdout);
	for (size_t i = 0; i < b->nnotes; i++)
		printf("skipped %s: %s\n", b->notes[i].name, b->notes[i].why);
	struct progress pg;
	progress_init(&pg, "importing", b->n);
	size_t noted = b->nnotes, told = b->info.len;
	int crc = import_commit(s, b, last_first, res, &err, import_md_commit_progress, &pg);
	progress_done(&pg);
	/* What the commit did that is worth a word (an old address taken from another item). */
	if (!crc && b->info.len > told)
		fputs(buf_str(&b->info) + told, stdout);
	/* What the commit passed over (items in the trash here). */
	for (size_t i = noted; !crc && i < b->nnotes; i++)
		printf("skipped %s: %s\n", b->notes[i].name, b->notes[i].why);
	if (crc) {
		fprintf(stderr, "pressroom: %s\npressroom: nothing was written\n", buf_str(&err));
		rc = 1;
	} else {
		if (h)
			import_md_header(s, path, h);
		/* An update replaced what was stored: each is named (the first 20), so that
		 * one the press officer did not expect is seen. */
		size_t named = 0;
		for (size_t i = 0; i < b->n; i++) {
			const struct import_entry *e = &b->v[i];
			if (e->updated && named++ < 20)
				printf("updated %s: %s/%s\n", e->name, e->it.lang, e->it.slug);
		}
		if (named > 20)
			printf("updated %zu more\n", named - 20);
		import_md_dead_aliases(db, b);
		printf("%s: added %zu, updated %zu, unchanged %zu, skipped %zu", path, res->added,
		       res->updated, res->unchanged, b->nnotes);
		if (b->nmedia)
			printf("; media files: added %zu, unchanged %zu", res->media_added,
			       res->media_unchanged);
		if (res->aliases_added)
			printf("; old addresses: %zu now redirect to their items", res->aliases_added);
		if (b->nsettings)
			printf("; settings: set %zu, kept %zu of the site's own", res->settings_set,
			       res->settings_kept);
		if (b->nfeeds) {
			printf("; feeds: followed %zu, followed already %zu; their entries: added %zu, "
			       "known %zu",
			       res->feeds_added, res->feeds_kept, res->feed_entries_added,
			       res->feed_entries_known);
			if (res->feed_entries_unlinked)
				printf(" (%zu without their item, recorded as deleted)",
				       res->feed_entries_unlinked);
		}
		printf("\n");
	}
	buf_release(&err);
	return rc;
}

static struct store *import_md_open(const char *db, struct config *cfg)
{
	struct store *s;
	char msg[1200];
	if (store_open(db, STORE_OPEN_EXISTING, &s, msg, sizeof msg)) {
		fprintf(stderr, "pressroom: %s\n", msg);
		return NULL;
	}
	if (config_load(s, cfg)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		store_close(s);
		return NULL;
	}
	return s;
}

/* "Moscow" -> "Europe/Moscow": the first region where the city is a zone. */
/* Cities a Russian page's clocks name, in the nominative, lower case: their zones. */
static const struct {
	const char *city, *zone;
} import_md_ru_cities[] = {
	{"москва", "Europe/Moscow"}, {"санкт-петербург", "Europe/Moscow"},
	{"лондон", "Europe/London"}, {"париж", "Europe/Paris"}, {"берлин", "Europe/Berlin"},
	{"рим", "Europe/Rome"}, {"мадрид", "Europe/Madrid"}, {"вена", "Europe/Vienna"},
	{"брюссель", "Europe/Brussels"}, {"амстердам", "Europe/Amsterdam"},
	{"женева", "Europe/Zurich"}, {"берн", "Europe/Zurich"}, {"прага", "Europe/Prague"},
	{"варшава", "Europe/Warsaw"}, {"будапешт", "Europe/Budapest"}, {"афины", "Europe/Athens"},
	{"белград", "Europe/Belgrade"}, {"минск", "Europe/Minsk"}, {"киев", "Europe/Kyiv"},
	{"рига", "Europe/Riga"}, {"вильнюс", "Europe/Vilnius"}, {"таллин", "Europe/Tallinn"},
	{"хельсинки", "Europe/Helsinki"}, {"стокгольм", "Europe/Stockholm"}, {"осло", "Europe/Oslo"},
	{"копенгаген", "Europe/Copenhagen"}, {"лиссабон", "Europe/Lisbon"},
	{"дублин", "Europe/Dublin"}, {"анкара", "Europe/Istanbul"}, {"стамбул", "Europe/Istanbul"},
	{"калининград", "Europe/Kaliningrad"}, {"самара", "Europe/Samara"},
	{"екатеринбург", "Asia/Yekaterinburg"}, {"омск", "Asia/Omsk"},
	{"новосибирск", "Asia/Novosibirsk"}, {"красноярск", "Asia/Krasnoyarsk"},
	{"иркутск", "Asia/Irkutsk"}, {"якутск", "Asia/Yakutsk"}, {"владивосток", "Asia/Vladivostok"},
	{"хабаровск", "Asia/Vladivostok"}, {"магадан", "Asia/Magadan"},
	{"петропавловск-камчатский", "Asia/Kamchatka"}, {"пекин", "Asia/Shanghai"},
	{"токио", "Asia/Tokyo"}, {"сеул", "Asia/Seoul"}, {"дели", "Asia/Kolkata"},
	{"нью-дели", "Asia/Kolkata"}, {"астана", "Asia/Almaty"}, {"алма-ата", "Asia/Almaty"},
	{"ташкент", "Asia/Tashkent"}, {"баку", "Asia/Baku"}, {"ереван", "Asia/Yerevan"},
	{"тбилиси", "Asia/Tbilisi"}, {"тегеран", "Asia/Tehran"}, {"дубай", "Asia/Dubai"},
	{"каир", "Africa/Cairo"}, {"вашингтон", "America/New_York"}, {"нью-йорк", "America/New_York"},
	{"оттава", "America/Toronto"}, {"мехико", "America/Mexico_City"},
	{"бразилиа", "America/Sao_Paulo"}, {"буэнос-айрес", "America/Argentina/Buenos_Aires"},
	{"гавана", "America/Havana"}, {"канберра", "Australia/Sydney"},
};

/* label in lower case (ASCII and Russian letters) into out. */
static void import_md_lower(const char *label, char *out, size_t outsz)
{
	size_t o = 0;
	for (const unsigned char *c = (const unsigned char *)label; *c && o + 3 < outsz; c++) {
		if (c[0] == 0xD0 && c[1] >= 0x90 && c[1] <= 0x9F) { /* А-П */
			out[o++] = (char)0xD0, out[o++] = (char)(c[1] + 0x20), c++;
		} else if (c[0] == 0xD0 && c[1] >= 0xA0 && c[1] <= 0xAF) { /* Р-Я */
			out[o++] = (char)0xD1, out[o++] = (char)(c[1] - 0x20), c++;
		} else if (c[0] == 0xD0 && c[1] == 0x81) { /* Ё */
			out[o++] = (char)0xD1, out[o++] = (char)0x91, c++;
		} else {
			out[o++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
		}
	}
	out[o] = '\0';
}

static int import_md_zone(const char *label, char *out, size_t outsz)
{
	char low[128];
	import_md_lower(label, low, sizeof low);
	for (size_t i = 0; i < sizeof(import_md_ru_cities) / sizeof(import_md_ru_cities[0]); i++)
		if (!strcmp(low, import_md_ru_cities[i].city)) {
			snprintf(out, outsz, "%s", import_md_ru_cities[i].zone);
			return tz_valid(out) ? -1 : 0;
		}
	static const char *const regions[] = {"Europe", "Asia", "America", "Africa", "Australia",
					      "Pacific", "Atlantic", "Indian", "Antarctica"};
	char city[64];
	size_t n = 0;
	for (; label[n] && n < sizeof(city) - 1; n++)
		city[n] = label[n] == ' ' ? '_' : label[n];
	city[n] = '\0';
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		snprintf(out, outsz, "%s/%s", regions[i], city);
		if (!tz_valid(out))
			return 0;
	}
	return -1;
}

/* Whether a setting has a value of its own (not the default). */
static int import_md_has(struct store *s, const char *key)
{
	char *v = NULL;
	enum store_err e = store_setting_get(s, key, &v);
	int has = e != STORE_NOTFOUND && (e != STORE_OK || (v && *v));
	free(v);
	return has;
}

/* The page's header: said, and taken as the site's contact and clocks when it has none. */
static void import_md_header(struct store *s, const char *path, const struct pt_header *h)
{
	struct buf err;
	buf_init(&err, 1024);
	if (h->date[0])
		printf("%s:%d: the page's date '%s': the day it was copied, not an item\n", path,
		       h->ndate_line, h->date);
	if (h->nclocks) {
		struct buf list, clocks;
		buf_init(&list, 1024);
		buf_init(&clocks, 1024);
		int all = 1;
		for (size_t i = 0; i < h->nclocks; i++) {
			char zone[128];
			buf_addf(&list, "%s%s %s", i ? ", " : "", h->clock_label[i], h->clock_time[i]);
			if (import_md_zone(h->clock_label[i], zone, sizeof(zone)))
				all = 0;
			else
				buf_addf(&clocks, "%s%s=%s", i ? "," : "", h->clock_label[i], zone);
		}
		printf("%s: clocks %s: the page's clocks, not items", path, buf_str(&list));
		if (import_md_has(s, "clocks"))
			printf("; the site's own clocks are kept\n");
		else if (!all)
			printf("; not all are cities with a time zone, so the site's clocks are not set\n");
		else if (config_set(s, "clocks", buf_str(&clocks), &err, NULL))
			printf("; not set as the site's clocks: %s\n", buf_str(&err));
		else
			printf("; the site had none: set as its clocks (%s)\n", buf_str(&clocks));
		buf_release(&list);
		buf_release(&clocks);
	}
	if (h->contact_title[0] || h->contact_phone[0] || h->contact_email[0]) {
		printf("%s: contact block '%s'%s%s%s%s: not an item", path, h->contact_title,
		       h->contact_phone[0] ? ", " : "", h->contact_phone, h->contact_email[0] ? ", " : "",
		       h->contact_email);
		static const char *const keys[] = {"contact_title", "contact_phone", "contact_email",
						   "contact_address"};
		const char *vals[] = {h->contact_title, h->contact_phone, h->contact_email,
				      h->contact_address};
		int has = 0;
		for (size_t i = 0; i < 4; i++)
			has |= import_md_has(s, keys[i]);
		if (has) {
			printf("; the site's own contact settings are kept\n");
		} else {
			int bad = 0;
			for (size_t i = 0; i < 4 && !bad; i++)
				if (*vals[i] && config_set(s, keys[i], vals[i], &err, NULL))
					bad = 1;
			if (bad)
				printf("; not set as the site's contact: %s\n", buf_str(&err));
			else
				printf("; the site had none: set as its contact settings\n");
		}
	}
	buf_release(&err);
}

enum import_md_kind { IMPORT_MD_DIR, IMPORT_MD_TEXT, IMPORT_MD_WXR, IMPORT_MD_FEED };

/* The three commands: open the site, read everything with the reader of kind, then
 * write it all or nothing. text, n: the file already read (not for a folder). */
static int import_md_run(const char *db, const char *path, const char *text, size_t n,
			 enum import_md_kind kind, int flags)
{
	struct config cfg;
	struct store *s = import_md_open(db, &cfg);
	if (!s)
		return 1;
	struct fm_defaults d = {.timezone = cfg.timezone, .lang = cfg.language,
				.no_site_addresses = (flags & CLI_IMPORT_NO_SITE_ADDRESSES) != 0};
	struct import_batch b;
	import_batch_init(&b);
	b.zone = cfg.timezone;
	/* Ctrl-C or SIGTERM stop it cleanly, with nothing written and that said; while
	 * fetching they stop the transfer, and the fetched files are removed. */
	cli_catch_begin();
	b.cancel = &cli_cancel;
	struct buf err;
	buf_init(&err, 4096);
	struct pt_header h;
	int rc;
	if (kind == IMPORT_MD_DIR) {
		struct progress pg;
		progress_init(&pg, "reading", 0);
		rc = import_mdtree(path, &d, &b, &err, import_md_read_progress, &pg);
		progress_done(&pg);
	} else if (kind == IMPORT_MD_TEXT) {
		rc = import_plaintext(path, text, n, cfg.timezone, cfg.language, &b, &h, &err);
	} else if (kind == IMPORT_MD_WXR) {
		rc = import_wxr(path, text, n, &d, &b, &err);
	} else {
		rc = import_feed(path, text, n, cfg.language, &b, &err);
	}
	struct import_fetched fetched = {0};
	/* A batch that cannot be written is said before anything is fetched for it. */
	if (!rc)
		rc = import_batch_check(&b, &err);
	if (!rc) {
		struct progress pg;
		progress_init(&pg, "fetching", 0);
		rc = import_fetch_media(&b, path, flags & CLI_IMPORT_FETCH_MEDIA,
					flags & CLI_IMPORT_ALLOW_PRIVATE, &cli_cancel, &fetched,
					&err, import_md_read_progress, &pg);
		progress_done(&pg);
	}
	if (rc) {
		/* One line per bad file (a folder's import names them all). */
		for (const char *l = buf_str(&err), *nl; *l; l = nl ? nl + 1 : l + strlen(l)) {
			nl = strchr(l, '\n');
			fprintf(stderr, "pressroom: %.*s\n", (int)(nl ? (size_t)(nl - l) : strlen(l)), l);
		}
		fprintf(stderr, "pressroom: nothing was written\n");
		rc = 1;
	} else {
		/* A news page and a WordPress export list newest first: written last to
		 * first, ids follow time (the feed reader turns its list itself). */
		struct import_result res;
		rc = import_md_finish(s, db, path, &b, kind == IMPORT_MD_TEXT || kind == IMPORT_MD_WXR, &res,
				      kind == IMPORT_MD_TEXT ? &h : NULL);
	}
	import_fetched_clear(&fetched);
	cli_catch_end();
	buf_release(&err);
	import_batch_clear(&b);
	config_clear(&cfg);
	store_close(s);
	return rc;
}

int cli_import_dir(const char *db, const char *path, int flags)
{
	/* An export --markdown that stopped part-way (a full disk, a kill) lacks items
	 * or files: imported, the site would silently lose them. */
	if (export_unfinished(path)) {
		fprintf(stderr,
			"pressroom: %s: an export into this folder did not finish (its "
			".pressroom-export says so), so items or files may be missing; export "
			"again and import the finished folder\npressroom: nothing was written\n",
			path);
		return 1;
	}
	return import_md_run(db, path, NULL, 0, IMPORT_MD_DIR, flags);
}

int cli_import_text(const char *db, const char *path, const char *text, size_t n, int flags)
{
	return import_md_run(db, path, text, n, IMPORT_MD_TEXT, flags);
}

int cli_import_wxr(const char *db, const char *path, const char *text, size_t n, int flags)
{
	return import_md_run(db, path, text, n, IMPORT_MD_WXR, flags);
}

int cli_import_feed(const char *db, const char *path, const char *text, size_t n, int flags)
{
	return import_md_run(db, path, text, n, IMPORT_MD_FEED, flags);
}
