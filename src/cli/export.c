/* pressroom export --markdown DIR | --static DIR [--threads N] [--base-path PATH] [--replace]
 * (src/export/export.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../export/export.h"
#include "../site/config.h"
#include "../site/urls.h"
#include "cli.h"

static const char export_usage[] =
	"usage: pressroom export --markdown DIR    every item as Markdown with front matter, and the media files\n"
	"       pressroom export --static DIR [--threads N] [--base-path /PATH]   the public site as files\n"
	"       --threads: how many pages are made at once (default: one per CPU, at most 16)\n"
	"       --base-path: the copy is served under https://host/PATH/, not at the host's root\n"
	"       --replace: replace files in DIR that no earlier export wrote (else refused)\n"
	"       Ctrl-C (or SIGTERM, or a closed terminal) stops it with DIR as it was before.\n";

static double export_secs(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* An export's error, and what it means for the folder. */
static void export_failed(const char *dir, int kept, const struct buf *err)
{
	fprintf(stderr, "pressroom: export: %s\n", buf_str(err));
	if (kept)
		fprintf(stderr, "pressroom: export: nothing was changed in %s: what was there "
				"before is as it was\n", dir);
}

int cli_base_path(const char *command, const char *path)
{
	const char *why = url_base_path_new(path);
	if (why)
		fprintf(stderr, "pressroom: %s: --base-path '%s': %s\n", command, path, why);
	return why ? -1 : 0;
}

int cli_export(const char *db, int argc, char **argv)
{
	const char *md = NULL, *st = NULL;
	unsigned threads = 0;
	int replace = 0;
	const char *base_path = NULL;
	if (argc == 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
		fputs(export_usage, stdout);
		return 0;
	}
	for (int i = 0; i < argc; i++) {
		/* "--static --threads 2 DIR": --threads is no folder name. */
		int folder = i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0;
		if (!strcmp(argv[i], "--markdown") && folder && !md) {
			md = argv[++i];
		} else if (!strcmp(argv[i], "--static") && folder && !st) {
			st = argv[++i];
		} else if (!strcmp(argv[i], "--replace")) {
			replace = 1;
		} else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
			char *end;
			long t = strtol(argv[++i], &end, 10);
			if (*end || t < 1 || t > 16) {
				fprintf(stderr, "pressroom: export: --threads: a number from 1 to 16\n");
				return 2;
			}
			threads = (unsigned)t;
		} else if (!strcmp(argv[i], "--base-path") && i + 1 < argc) {
			if (cli_base_path("export", argv[++i]))
				return 2;
			base_path = argv[i];
		} else if (!strcmp(argv[i], "--markdown") || !strcmp(argv[i], "--static") ||
			   !strcmp(argv[i], "--threads") || !strcmp(argv[i], "--base-path")) {
			fprintf(stderr, "pressroom: export: %s %s\n%s", argv[i],
				!strcmp(argv[i], "--threads")	 ? "needs a number"
				: !strcmp(argv[i], "--base-path") ? "needs a path (/press)"
				: folder		       ? "is given twice"
							       : "needs a folder (one whose name starts "
								 "with '--' is written ./--name)",
				export_usage);
			return 2;
		} else {
			fprintf(stderr, "pressroom: export: unknown option '%s'\n%s", argv[i], export_usage);
			return 2;
		}
	}
	if (!md == !st || !*(md ? md : st)) {
		fputs(export_usage, stderr);
		return 2;
	}
	if (md && base_path) {
		fprintf(stderr, "pressroom: export: --base-path is for --static (a Markdown export "
				"has no links to move)\n");
		return 2;
	}
	struct buf err;
	buf_init(&err, 8192);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = 0;
	if (md) {
		struct store *s;
		char msg[1200];
		if (store_open(db, STORE_OPEN_EXISTING, &s, msg, sizeof msg)) {
			fprintf(stderr, "pressroom: %s\n", msg);
			buf_release(&err);
			return 1;
		}
		struct export_markdown_result r;
		cli_catch_begin();
		int bad = export_markdown(s, md, &cli_cancel, replace, &r, &err);
		cli_catch_end();
		if (bad) {
			export_failed(md, r.kept, &err);
			rc = 1;
		} else {
			printf("%s: %zu items written as Markdown", md, r.written);
			if (r.media)
				printf(", %zu media files", r.media);
			printf(", %zu settings", r.settings);
			if (r.feeds)
				printf(", %zu followed feed%s with %zu entr%s", r.feeds,
				       r.feeds == 1 ? "" : "s", r.feed_entries,
				       r.feed_entries == 1 ? "y" : "ies");
			if (r.trashed)
				printf(" (%zu in the trash not written)", r.trashed);
			if (r.removed)
				printf("; %zu file%s of the last export removed (the site no longer has %s)",
				       r.removed, r.removed == 1 ? "" : "s", r.removed == 1 ? "it" : "them");
			printf(" in %.2f s\n", export_secs(&t0));
		}
		store_close(s);
	} else {
		struct export_static_options o = {.threads = threads, .progress = 1, .cancel = &cli_cancel,
						  .replace = replace, .base_path = base_path};
		struct export_static_result r;
		cli_catch_begin();
		int bad = export_static(db, st, &o, &r, &err);
		cli_catch_end();
		if (bad) {
			export_failed(st, r.kept, &err);
			rc = 1;
		} else {
			printf("%s: %zu pages, %zu feeds, %zu other files, %zu theme files, ", st, r.pages,
			       r.feeds, r.other, r.assets);
			if (r.media)
				printf("%zu media files, ", r.media);
			printf("%.1f MB in %.2f s", (double)r.bytes / 1e6, export_secs(&t0));
			if (r.broken)
				printf("; %zu broken links (listed above)", r.broken);
			if (r.unsafe)
				printf("; %zu paths that cannot be files skipped", r.unsafe);
			if (r.removed)
				printf("; %zu file%s of the last export removed (the site no longer has %s)",
				       r.removed, r.removed == 1 ? "" : "s", r.removed == 1 ? "it" : "them");
			printf("\n");
			if (r.default_base_url)
				printf("note: base_url is still %s, so the copy's feeds, sitemap and "
				       "canonical links name this machine; set the public address with "
				       "'pressroom config base_url https://...' and export again\n",
				       CONFIG_BASE_URL_DEFAULT);
		}
	}
	buf_release(&err);
	return rc;
}
