/* pressroom init, list, config, serve and page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/clock.h"
#include "../base/embedded.h"
#include "../base/tz.h"
#include "../http/server.h"
#include "../newsroom/newsroom.h"
#include "../site/config.h"
#include "../site/site.h"
#include "../syndicate/syndicate.h"
#include "../export/export.h"
#include "cli.h"

/* Read-only commands still open read-write, so that an older schema is upgraded;
 * on a read-only file they fall back to reading. */
static struct store *cli_open(const char *db, enum store_open_mode mode)
{
	struct store *s;
	char err[1200];
	enum store_err e = store_open(db, mode == STORE_OPEN_READONLY ? STORE_OPEN_EXISTING : mode, &s,
				      err, sizeof(err));
	if (e == STORE_READONLY && mode == STORE_OPEN_READONLY)
		e = store_open(db, mode, &s, err, sizeof(err));
	if (e) {
		fprintf(stderr, "pressroom: %s\n", err);
		return NULL;
	}
	return s;
}

/* The settings of the sample embassy site. */
static const char *const sample_settings[][2] = {
	{"site_name", "Embassy of the Republic of Veloria in the United Kingdom"},
	{"description", "Press releases, statements, interviews and replies to media questions "
			"from the Embassy of the Republic of Veloria in London."},
	{"timezone", "Europe/London"},
	{"language", "en"},
	{"contact_title", "Consular queries"},
	{"contact_phone", "+44 (0) 20 7946 0321"},
	{"contact_email", "consular@veloria-embassy.example"},
	{"contact_address", "14 Harrowgate Terrace, London W8 4QX"},
	{"clocks", "Moscow=Europe/Moscow,London=Europe/London"},
	{"per_page", "10"},
};

int cli_init(const char *db, int argc, char **argv)
{
	int sample = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--sample")) {
			sample = 1;
		} else {
			fprintf(stderr, "pressroom: init: unknown option '%s'\nusage: pressroom init [--sample]\n",
				argv[i]);
			return 2;
		}
	}
	struct store *s = cli_open(db, STORE_OPEN_CREATE);
	if (!s)
		return 1;
	int rc = 0;
	if (sample) {
		struct buf err;
		buf_init(&err, 1024);
		for (size_t i = 0; i < sizeof(sample_settings) / sizeof(sample_settings[0]) && !rc; i++)
			if (config_set(s, sample_settings[i][0], sample_settings[i][1], &err, NULL)) {
				fprintf(stderr, "pressroom: %s\n", buf_str(&err));
				rc = 1;
			}
		buf_release(&err);
		struct cli_file files[128];
		size_t n = 0;
		for (const struct embedded_file *f = embedded_files; f->name && n < 128; f++)
			if (!strncmp(f->name, "sample/", 7))
				files[n++] = (struct cli_file){f->name, f->data, f->size};
		if (!rc)
			rc = cli_add_files(s, files, n, 1);
		if (!rc)
			printf("created %s with the sample site (%zu items)\n", db, n);
	} else {
		printf("created %s; set it up with 'pressroom config', add items with 'pressroom add'\n", db);
	}
	store_close(s);
	return rc;
}

int cli_list(const char *db, int argc, char **argv)
{
	(void)argv;
	if (argc) {
		fprintf(stderr, "usage: pressroom list\n");
		return 2;
	}
	struct store *s = cli_open(db, STORE_OPEN_READONLY);
	if (!s)
		return 1;
	struct config cfg;
	struct item *items = NULL;
	size_t n = 0;
	struct item_query q = {.kind = -1};
	int rc = 0;
	if (config_load(s, &cfg) || store_item_list(s, &q, &items, &n)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		store_close(s);
		return 1;
	}
	int64_t now = clock_now();
	for (size_t i = 0; i < n; i++) {
		struct civil c;
		tz_civil(cfg.timezone, items[i].published, &c);
		/* Embargoed: its time has come, but readers see it when the embargo lifts. */
		const char *status = items[i].status == STATUS_DRAFT  ? "draft"
				     : items[i].published > now      ? "scheduled"
				     : items[i].embargo_until > now  ? "embargoed"
								     : "published";
		printf("%04d-%02d-%02d %02d:%02d\t%s\t%s\t%s\t%s\n", c.year, c.month, c.day, c.hour,
		       c.min, item_kind_slug(items[i].kind), items[i].lang, status, items[i].title);
	}
	store_items_free(items, n);
	config_clear(&cfg);
	store_close(s);
	return rc;
}

int cli_config(const char *db, int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: pressroom config [KEY [VALUE]]\n");
		return 2;
	}
	struct store *s = cli_open(db, argc == 2 ? STORE_OPEN_EXISTING : STORE_OPEN_READONLY);
	if (!s)
		return 1;
	int rc = 0;
	if (argc == 2) {
		struct buf err, said;
		buf_init(&err, 1024);
		buf_init(&said, 1024);
		if (config_set(s, argv[0], argv[1], &err, &said)) {
			fprintf(stderr, "pressroom: %s\n", buf_str(&err));
			rc = 1;
		} else {
			fputs(buf_str(&said), stdout);
		}
		buf_release(&err);
		buf_release(&said);
	} else {
		int found = argc == 0;
		for (const struct config_key *k = config_keys; k->name; k++) {
			if (argc == 1 && strcmp(argv[0], k->name) != 0)
				continue;
			found = 1;
			char *v = NULL;
			enum store_err e = store_setting_get(s, k->name, &v);
			if (e && e != STORE_NOTFOUND) {
				fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
				rc = 1;
				break;
			}
			if (argc == 1)
				printf("%s\n", v ? v : k->fallback);
			else
				printf("%-16s %s%s\n", k->name, v ? v : k->fallback, v ? "" : "  (default)");
			free(v);
		}
		if (!found) {
			fprintf(stderr, "pressroom: unknown setting '%s'; 'pressroom config' lists them\n", argv[0]);
			rc = 1;
		}
	}
	store_close(s);
	return rc;
}

int cli_serve(const char *db, int argc, char **argv)
{
	struct server_options o = {0};
	const char *copy = NULL, *base_path = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--listen") && i + 1 < argc) {
			o.listen = argv[++i];
		} else if (!strcmp(argv[i], "--static") && i + 1 < argc) {
			o.static_dir = argv[++i];
		} else if (!strcmp(argv[i], "--export") && i + 1 < argc && *argv[i + 1]) {
			copy = argv[++i];
		} else if (!strcmp(argv[i], "--base-path") && i + 1 < argc) {
			if (cli_base_path("serve", argv[++i]))
				return 2;
			base_path = argv[i];
		} else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
			char *end;
			long t = strtol(argv[++i], &end, 10);
			if (*end || t < 1 || t > 64) {
				fprintf(stderr, "pressroom: --threads: a number from 1 to 64\n");
				return 2;
			}
			o.threads = (unsigned)t;
		} else if (!strcmp(argv[i], "--quiet")) {
			o.quiet = 1;
		} else {
			fprintf(stderr, "pressroom: serve: unknown option '%s'\n"
					"usage: pressroom serve [--listen ADDR:PORT] [--static DIR] [--export DIR [--base-path /PATH]] [--threads N] [--quiet]\n",
				argv[i]);
			return 2;
		}
	}
	if (base_path && !copy) {
		fprintf(stderr, "pressroom: serve: --base-path is for the copy of --export DIR (the "
				"server itself answers under base_url's path: pressroom config base_url "
				"https://host/PATH)\n");
		return 2;
	}
	struct site site;
	char err[1200];
	if (site_open(&site, db, err, sizeof(err))) {
		fprintf(stderr, "pressroom: %s\n", err);
		return 1;
	}
	/* The newsroom (/admin, /preview/, /media/) has its own connections to the file. */
	static struct newsroom nr;
	if (newsroom_open(&nr, db, &site, err, sizeof(err))) {
		fprintf(stderr, "pressroom: %s\n", err);
		site_close(&site);
		return 1;
	}
	o.app = newsroom_app(&nr);
	/* A static copy kept in step, if asked for: its first export happens now. */
	struct export_mirror *mirror = NULL;
	if (copy && !(mirror = export_mirror_start(db, copy, base_path, o.quiet))) {
		newsroom_close(&nr);
		site_close(&site);
		return 1;
	}
	/* Upstream feeds are polled by threads of their own, each with its own connection. */
	struct syndicate_poller *poller = syndicate_poller_start(db, o.quiet);
	int rc = server_run(&site, &o);
	syndicate_poller_stop(poller);
	export_mirror_stop(mirror);
	newsroom_close(&nr);
	site_close(&site);
	return rc;
}

int cli_page(const char *db, int argc, char **argv)
{
	if (argc != 1 || argv[0][0] != '/') {
		fprintf(stderr, "usage: pressroom page /PATH\n");
		return 2;
	}
	struct site site;
	char err[1200];
	if (site_open(&site, db, err, sizeof(err))) {
		fprintf(stderr, "pressroom: %s\n", err);
		return 1;
	}
	struct site_response r;
	buf_init(&r.body, 0);
	site_render(&site, argv[0], &r);
	fwrite(buf_str(&r.body), 1, r.body.len, stdout);
	int rc = r.status == 200 ? 0 : 1;
	if (r.status == 500)
		fprintf(stderr, "pressroom: %s: status 500: %s\n", argv[0], r.why);
	else if (rc)
		fprintf(stderr, "pressroom: %s: status %d\n", argv[0], r.status);
	buf_release(&r.body);
	site_close(&site);
	return rc;
}
