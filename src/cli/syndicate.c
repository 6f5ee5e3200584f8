/* pressroom syndicate add|set|list|remove|run|fetch-media: following upstream feeds. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/tz.h"
#include "../import/progress.h"
#include "../store/store_feeds.h"
#include "../syndicate/fetch.h"
#include "../syndicate/syndicate.h"
#include "cli.h"

#define SYND_USAGE                                                                       \
	"usage: pressroom syndicate add URL [--publish] [--allow-private] [--fetch-media]\n"     \
	"                                   [--interval SECONDS] [--lang TAG]\n"              \
	"       pressroom syndicate set URL|ID [--publish|--draft] [--[no-]allow-private]\n"    \
	"                                      [--[no-]fetch-media] [--interval SECONDS]\n"     \
	"                                      [--lang TAG|--no-lang]\n"                      \
	"       pressroom syndicate list\n"                                                  \
	"       pressroom syndicate remove URL|ID\n"                                         \
	"       pressroom syndicate run [URL|ID]\n"                                         \
	"       pressroom syndicate fetch-media URL|ID\n"


static struct store *synd_open(const char *db)
{
	struct store *s;
	char err[1200];
	if (store_open(db, STORE_OPEN_EXISTING, &s, err, sizeof err)) {
		fprintf(stderr, "pressroom: %s\n", err);
		return NULL;
	}
	return s;
}

/* Finds a feed by its id or URL. Returns 0, or 1 with a message printed. */
static int synd_find(struct store *s, const char *which, struct feed_row *f)
{
	char *end;
	long long id = strtoll(which, &end, 10);
	char url[FEED_URL_MAX];
	snprintf(url, sizeof url, "%s", which);
	syndicate_url_norm(url);
	enum store_err e = *which && !*end && id > 0 ? store_feed_get(s, id, f)
						     : store_feed_get_url(s, url, f);
	if (e == STORE_NOTFOUND) {
		fprintf(stderr, "pressroom: syndicate: no feed '%s'; 'pressroom syndicate list' shows them\n",
			which);
		return 1;
	}
	if (e) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		return 1;
	}
	return 0;
}

/* The store, with the feed which (an id or URL) in f; NULL with a message printed. */
static struct store *synd_open_feed(const char *db, const char *which, struct feed_row *f)
{
	struct store *s = synd_open(db);
	if (s && synd_find(s, which, f)) {
		store_close(s);
		return NULL;
	}
	return s;
}

/* The options add and set share, into f; *url gets the one operand (NULL if none).
 * set: the --no-... and --draft forms are allowed. Returns 0, or 2 with the
 * message printed. */
static int synd_options(const char *cmd, int set, int argc, char **argv, struct feed_row *f,
			const char **url)
{
	static const struct {
		const char *name;
		size_t field; /* offset of the int it sets */
		int value, set_only;
	} flags[] = {
		{"--publish", offsetof(struct feed_row, publish), 1, 0},
		{"--draft", offsetof(struct feed_row, publish), 0, 1},
		{"--allow-private", offsetof(struct feed_row, allow_private), 1, 0},
		{"--no-allow-private", offsetof(struct feed_row, allow_private), 0, 1},
		{"--fetch-media", offsetof(struct feed_row, fetch_media), 1, 0},
		{"--no-fetch-media", offsetof(struct feed_row, fetch_media), 0, 1},
	};
	*url = NULL;
	for (int i = 0; i < argc; i++) {
		size_t k = 0;
		while (k < sizeof flags / sizeof flags[0] &&
		       (strcmp(argv[i], flags[k].name) || (flags[k].set_only && !set)))
			k++;
		if (k < sizeof flags / sizeof flags[0]) {
			*(int *)((char *)f + flags[k].field) = flags[k].value;
		} else if (!strcmp(argv[i], "--interval") && i + 1 < argc) {
			char *end;
			long long v = strtoll(argv[++i], &end, 10);
			if (*end || end == argv[i] || v < FEED_INTERVAL_MIN || v > FEED_INTERVAL_MAX) {
				fprintf(stderr, "pressroom: syndicate %s: --interval: seconds from %d to %d\n",
					cmd, FEED_INTERVAL_MIN, FEED_INTERVAL_MAX);
				return 2;
			}
			f->interval = v;
		} else if (!strcmp(argv[i], "--lang") && i + 1 < argc) {
			/* The feed's items' language when the feed says none, or says wrong. */
			char tag[sizeof f->lang];
			if (snprintf(tag, sizeof tag, "%s", argv[++i]) >= (int)sizeof tag ||
			    item_valid_lang(tag)) {
				fprintf(stderr, "pressroom: syndicate %s: --lang: '%s' is not a language "
						"tag like en, ru or en-GB\n", cmd, argv[i]);
				return 2;
			}
			item_lang_case(tag);
			memcpy(f->lang, tag, sizeof tag);
		} else if (set && !strcmp(argv[i], "--no-lang")) {
			f->lang[0] = '\0';
		} else if (argv[i][0] == '-' || *url) {
			fprintf(stderr, "pressroom: syndicate %s: unexpected '%s'\n" SYND_USAGE, cmd, argv[i]);
			return 2;
		} else {
			*url = argv[i];
		}
	}
	if (!*url) {
		fputs(SYND_USAGE, stderr);
		return 2;
	}
	return 0;
}

/* "new entries become drafts, polled every 900 s by the server; ..." */
static void synd_describe(const struct feed_row *f)
{
	printf("new entries become %s%s%s, polled every %lld s by the server%s%s%s\n",
	       f->publish ? "published items" : "drafts", *f->lang ? " in " : "", f->lang,
	       (long long)feed_poll_interval(f),
	       feed_poll_interval(f) != f->interval ? " (the least for a feed on the internet)"
						    : "",
	       f->fetch_media ? "; the files they link to are copied into the media library" : "",
	       f->allow_private ? "; private addresses allowed" : "");
}

static int synd_add(const char *db, int argc, char **argv)
{
	struct feed_row f;
	memset(&f, 0, sizeof f);
	f.interval = 900;
	const char *url;
	int rc = synd_options("add", 0, argc, argv, &f, &url);
	if (rc)
		return rc;
	char why[400];
	if (syndicate_url_check(url, f.allow_private, f.url, sizeof f.url, why, sizeof why)) {
		fprintf(stderr, "pressroom: syndicate add: '%s': %s\n", url, why);
		return 1;
	}
	struct store *s = synd_open(db);
	if (!s)
		return 1;
	int64_t id = 0;
	int again = 0;
	if (store_feed_add(s, &f, &id, &again)) {
		fprintf(stderr, "pressroom: syndicate add: %s: %s\n", f.url, store_errmsg(s));
		rc = 1;
	} else {
		printf("following %s (feed %lld%s): ", f.url, (long long)id,
		       again ? ", again: the entries it brought before stay known" : "");
		synd_describe(&f);
	}
	store_close(s);
	return rc;
}

/* Changes a followed feed's options; the entries it has brought stay known. */
static int synd_set(const char *db, int argc, char **argv)
{
	const char *which;
	struct feed_row probe;
	memset(&probe, 0, sizeof probe);
	int rc = synd_options("set", 1, argc, argv, &probe, &which);
	if (rc)
		return rc;
	if (argc < 2) {
		fprintf(stderr, "pressroom: syndicate set: nothing to change\n" SYND_USAGE);
		return 2;
	}
	struct feed_row f;
	struct store *s = synd_open_feed(db, which, &f);
	if (!s)
		return 1;
	int had_media = f.fetch_media;
	/* The same options again, over the feed as it is. */
	synd_options("set", 1, argc, argv, &f, &which);
	if (store_feed_set(s, &f)) {
		fprintf(stderr, "pressroom: syndicate set: %s: %s\n", f.url, store_errmsg(s));
		rc = 1;
	} else {
		printf("%s (feed %lld): ", f.url, (long long)f.id);
		synd_describe(&f);
		if (f.fetch_media && !had_media)
			printf("the items it brought before keep their links to other sites; "
			       "'pressroom syndicate fetch-media %lld' copies those files\n",
			       (long long)f.id);
	}
	store_close(s);
	return rc;
}

static int synd_list(const char *db)
{
	struct store *s = synd_open(db);
	if (!s)
		return 1;
	struct feed_row *v = NULL;
	size_t n = 0;
	if (store_feed_list(s, &v, &n)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		store_close(s);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		char when[32] = "never";
		if (v[i].last_run) {
			struct civil c;
			tz_civil("UTC", v[i].last_run, &c);
			snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02dZ", c.year, c.month, c.day,
				 c.hour, c.min);
		}
		printf("%lld\t%s\t%s%s%s%s%s\tevery %llds\t%s\t%s\n", (long long)v[i].id, v[i].url,
		       v[i].publish ? "publish" : "draft", v[i].allow_private ? ",allow-private" : "",
		       v[i].fetch_media ? ",fetch-media" : "", *v[i].lang ? ",lang=" : "", v[i].lang,
		       (long long)feed_poll_interval(&v[i]), when, v[i].last_status);
	}
	if (!n)
		printf("no feeds; follow one with 'pressroom syndicate add URL'\n");
	free(v);
	store_close(s);
	return 0;
}

static int synd_remove(const char *db, const char *which)
{
	struct feed_row f;
	struct store *s = synd_open_feed(db, which, &f);
	if (!s)
		return 1;
	int rc = 0;
	if (store_feed_delete(s, f.id)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		rc = 1;
	}
	if (!rc)
		printf("no longer following %s; its items stay, and its entries stay known: "
		       "following it again brings none of them twice\n",
		       f.url);
	store_close(s);
	return rc;
}

static int synd_run(const char *db, const char *which)
{
	struct store *s = synd_open(db);
	if (!s)
		return 1;
	fetch_global_init();
	struct feed_row *v = NULL;
	size_t n = 0;
	int rc = 0;
	if (which) {
		v = malloc(sizeof *v);
		if (!v || synd_find(s, which, v))
			rc = 1;
		else
			n = 1;
	} else if (store_feed_list(s, &v, &n)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		rc = 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct syndicate_stats st;
		char err[800];
		struct buf report;
		buf_init(&report, 0);
		/* Ctrl-C stops the transfer; the files fetched are removed. */
		cli_catch_begin();
		int failed = syndicate_run(s, &v[i], &cli_cancel, &st, &report, err, sizeof err);
		cli_catch_end();
		if (failed) {
			fprintf(stderr, "pressroom: %s: error: %s\n", v[i].url, err);
			rc = 1;
		} else if (st.not_modified) {
			printf("%s: not modified\n", v[i].url);
		} else {
			char line[200];
			syndicate_stats_line(line, sizeof line, &st);
			printf("%s%s: %s\n", buf_str(&report), v[i].url, line);
		}
		buf_release(&report);
	}
	if (!n && !rc)
		printf("no feeds; follow one with 'pressroom syndicate add URL'\n");
	free(v);
	store_close(s);
	return rc;
}

static void synd_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	p->total = total;
	progress_set(p, done);
}

/* Copies the files that the items a feed brought link to (syndicate_fetch_media). */
static int synd_fetch_media(const char *db, const char *which)
{
	struct feed_row f;
	struct store *s = synd_open_feed(db, which, &f);
	if (!s)
		return 1;
	struct syndicate_stats st;
	struct buf report, err;
	buf_init(&report, 0);
	buf_init(&err, 4096);
	struct progress pg;
	progress_init(&pg, "fetching", 0);
	cli_catch_begin();
	int rc = syndicate_fetch_media(s, &f, &cli_cancel, &st, &report, &err, synd_progress, &pg);
	cli_catch_end();
	progress_done(&pg);
	fputs(buf_str(&report), stdout);
	if (rc) {
		fprintf(stderr, "pressroom: %s: %s\npressroom: nothing was written\n", f.url,
			buf_str(&err));
	} else {
		printf("%s: items: changed %zu, nothing to copy %zu", f.url, st.updated, st.skipped);
		if (st.kept)
			printf(", changed meanwhile %zu", st.kept);
		printf("; media files: added %zu, unchanged %zu, not copied %zu\n", st.media_added,
		       st.media_unchanged, st.media_failed);
	}
	buf_release(&report);
	buf_release(&err);
	store_close(s);
	return rc ? 1 : 0;
}

int cli_syndicate(const char *db, int argc, char **argv)
{
	if (argc == 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
		fputs(SYND_USAGE, stdout);
		return 0;
	}
	if (argc < 1) {
		fputs(SYND_USAGE, stderr);
		return 2;
	}
	if (!strcmp(argv[0], "add"))
		return synd_add(db, argc - 1, argv + 1);
	if (!strcmp(argv[0], "set"))
		return synd_set(db, argc - 1, argv + 1);
	if (!strcmp(argv[0], "list") && argc == 1)
		return synd_list(db);
	if (!strcmp(argv[0], "remove") && argc == 2)
		return synd_remove(db, argv[1]);
	if (!strcmp(argv[0], "fetch-media") && argc == 2)
		return synd_fetch_media(db, argv[1]);
	if (!strcmp(argv[0], "run") && argc <= 2)
		return synd_run(db, argc == 2 ? argv[1] : NULL);
	fputs(SYND_USAGE, stderr);
	return 2;
}
