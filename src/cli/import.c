/*
 * pressroom import PATH: picks the reader by what PATH is: a folder of Markdown
 * files, a WordPress export (WXR), an RSS or Atom feed or a plain-text news page
 * (import_md.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../import/import.h"
#include "../syndicate/syndicate.h"
#include "../syndicate/wxr.h"
#include "cli.h"

static int cli_import_path(const char *db, const char *path, int flags);

/*
 * --dry-run: the import runs, whole, on a copy of the site (cli_backup_to, beside it,
 * where the import itself would need the room) and says all it says, then the copy
 * is removed: what it would add, update, skip and why, every setting, feed and old
 * address, exactly, and nothing of the site changed.
 */
static int cli_import_dry_run(const char *db, const char *path, int flags)
{
	char copy[PATH_MAX];
	if (strlen(db) > PATH_MAX - 64) {
		fprintf(stderr, "pressroom: %.60s...: the name is too long\n", db);
		return 1;
	}
	snprintf(copy, sizeof(copy), "%s.dry-run-XXXXXX", db);
	int fd = mkstemp(copy);
	if (fd < 0) {
		fprintf(stderr, "pressroom: import --dry-run: cannot make a copy of the site beside "
				"it (%s): %s\n", copy, strerror(errno));
		return 1;
	}
	close(fd);
	/* Ctrl-C while the copy is made: noted, and the copy removed after it. */
	cli_catch_begin();
	int rc = cli_backup_to(db, copy, 1);
	int stopped = cli_cancel != 0, tried = 0;
	cli_catch_end();
	if (stopped) {
		fprintf(stderr, "pressroom: import --dry-run: interrupted; nothing was imported\n");
		rc = 1;
	} else if (rc) {
		fprintf(stderr, "pressroom: import --dry-run: the site could not be copied to try "
				"the import on; nothing was imported\n");
	} else {
		rc = cli_import_path(copy, path, flags);
		tried = 1;
	}
	cli_unlink_db(copy);
	/* Only after a tried import: "the above" is otherwise why there was none. */
	if (tried)
		printf("dry run: the above is what the import would do; %s is as it was\n", db);
	return rc;
}

int cli_import(const char *db, int argc, char **argv)
{
	const char *path = NULL;
	int flags = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--fetch-media"))
			flags |= CLI_IMPORT_FETCH_MEDIA;
		else if (!strcmp(argv[i], "--allow-private"))
			flags |= CLI_IMPORT_ALLOW_PRIVATE;
		else if (!strcmp(argv[i], "--no-site-addresses"))
			flags |= CLI_IMPORT_NO_SITE_ADDRESSES;
		else if (!strcmp(argv[i], "--dry-run"))
			flags |= CLI_IMPORT_DRY_RUN;
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	const int help = argc == 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"));
	if (help || !path ||
	    ((flags & CLI_IMPORT_ALLOW_PRIVATE) && !(flags & CLI_IMPORT_FETCH_MEDIA))) {
		fprintf(help ? stdout : stderr,
			"usage: pressroom import PATH [--fetch-media [--allow-private]] "
			"[--no-site-addresses] [--dry-run]\n"
			"  PATH: a folder of Markdown files, a WordPress export .xml file or a "
			"plain-text news page\n"
			"  --fetch-media: copy the files the items link to on the site they came "
			"from into the media library\n"
			"  --allow-private: let --fetch-media reach private and loopback addresses\n"
			"  --no-site-addresses: in a Markdown folder, do not keep each page's address "
			"on the Hugo or Jekyll site (made of its path, or of the Jekyll site's "
			"permalink pattern) as an old address of its item\n"
			"  --dry-run: say what the import would do (on a copy of the site) and "
			"change nothing\n");
		return help ? 0 : 2;
	}
	if (flags & CLI_IMPORT_DRY_RUN)
		return cli_import_dry_run(db, path, flags);
	return cli_import_path(db, path, flags);
}

/* The import of path into db: by what path is. */
static int cli_import_path(const char *db, const char *path, int flags)
{
	struct stat st;
	if (stat(path, &st)) {
		fprintf(stderr, "pressroom: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode))
		return cli_import_dir(db, path, flags);
	size_t n = 0;
	char *text = cli_read_file(path, WXR_MAX_FILE, &n);
	if (!text)
		return 1;
	int rc, line;
	const char *why;
	if (wxr_sniff(text, n)) {
		rc = cli_import_wxr(db, path, text, n, flags);
	} else if (feed_sniff(text, n)) {
		rc = cli_import_feed(db, path, text, n, flags);
	} else if (import_plaintext_sniff(text, n)) {
		rc = cli_import_text(db, path, text, n, flags);
	} else if ((why = import_text_encoding(text, n, &line))) {
		fprintf(stderr, "pressroom: %s:%d: %s\n", path, line, why);
		rc = 1;
	} else {
		fprintf(stderr, "pressroom: %s: not a file pressroom can import "
				"(expected a folder of Markdown files, a WordPress export: an RSS file with the "
				"wp: namespace, an RSS or Atom feed, or a plain-text news page with a "
				"'LATEST EVENTS' or 'PRESS RELEASES AND NEWS' heading)\n", path);
		rc = 1;
	}
	free(text);
	return rc;
}
