/*
 * pressroom import PATH: picks the reader by what PATH is: a folder of Markdown
 * files, a WordPress export (WXR), an RSS or Atom feed or a plain-text news page
 * (import_md.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../import/import.h"
#include "../syndicate/syndicate.h"
#include "../syndicate/wxr.h"
#include "cli.h"

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
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	if (!path || ((flags & CLI_IMPORT_ALLOW_PRIVATE) && !(flags & CLI_IMPORT_FETCH_MEDIA))) {
		fprintf(stderr,
			"usage: pressroom import PATH [--fetch-media [--allow-private]] "
			"[--no-site-addresses]\n"
			"  PATH: a folder of Markdown files, a WordPress export .xml file or a "
			"plain-text news page\n"
			"  --fetch-media: copy the files the items link to on the site they came "
			"from into the media library\n"
			"  --allow-private: let --fetch-media reach private and loopback addresses\n"
			"  --no-site-addresses: in a Markdown folder, do not keep each page's address "
			"on the Hugo or Jekyll site (made of its path, or of the Jekyll site's "
			"permalink pattern) as an old address of its item\n");
		return 2;
	}
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
