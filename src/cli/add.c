/* pressroom add FILE.md...: adds or updates items (by language and slug), all or none,
 * through the importers' batch (src/import/import.h): a file equal to its stored item
 * is left alone. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../import/import.h"
#include "../site/config.h"
#include "cli.h"
#include "frontmatter.h"

char *cli_read_file(const char *path, size_t max, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "pressroom: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "pressroom: %s: not a regular file\n", path);
		fclose(f);
		return NULL;
	}
	if ((size_t)st.st_size > max) {
		fprintf(stderr, "pressroom: %s: larger than %zu bytes\n", path, max);
		fclose(f);
		return NULL;
	}
	char *data = malloc((size_t)st.st_size + 1);
	if (!data) {
		fprintf(stderr, "pressroom: %s: cannot read: out of memory\n", path);
		fclose(f);
		return NULL;
	}
	size_t got = fread(data, 1, (size_t)st.st_size, f);
	int e = ferror(f) ? errno : 0;
	fclose(f);
	if (got != (size_t)st.st_size) {
		fprintf(stderr, "pressroom: %s: cannot read: %s\n", path,
			e ? strerror(e) : "the file shrank while it was read");
		free(data);
		return NULL;
	}
	data[got] = '\0';
	*size = got;
	return data;
}

int cli_add_files(struct store *s, const struct cli_file *files, size_t n, int quiet)
{
	struct config cfg;
	if (config_load(s, &cfg)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		return 1;
	}
	struct fm_defaults d = {.timezone = cfg.timezone, .lang = cfg.language};
	struct import_batch b;
	import_batch_init(&b);
	b.edit = 1;
	b.zone = cfg.timezone;
	struct buf err;
	buf_init(&err, 4096);
	int rc = 0;
	/* Parse everything first, saying what is wrong with each file: one bad file
	 * means nothing of the batch is written. */
	for (size_t i = 0; i < n; i++) {
		struct item *it = import_batch_add(&b, files[i].name);
		buf_reset(&err);
		if (!it) {
			fprintf(stderr, "pressroom: out of memory\n");
			rc = 1;
			break;
		}
		if (fm_parse(files[i].name, files[i].text, files[i].size, &d, it, &err)) {
			fprintf(stderr, "pressroom: %s\n", buf_str(&err));
			import_batch_drop_last(&b);
			rc = 1;
		}
	}
	buf_reset(&err);
	struct import_result res;
	if (!rc && (import_batch_check(&b, &err) || import_commit(s, &b, 0, &res, &err, NULL, NULL))) {
		fprintf(stderr, "pressroom: %s\n", buf_str(&err));
		rc = 1;
	}
	if (rc) {
		fprintf(stderr, "pressroom: nothing was written\n");
	} else if (!quiet) {
		for (size_t i = 0; i < b.nnotes; i++)
			printf("skipped %s: %s\n", b.notes[i].name, b.notes[i].why);
		printf("added %zu, updated %zu, unchanged %zu", res.added, res.updated, res.unchanged);
		if (b.nnotes)
			printf(", skipped %zu", b.nnotes);
		printf("\n");
	}
	import_batch_clear(&b);
	buf_release(&err);
	config_clear(&cfg);
	return rc;
}

int cli_add(const char *db, int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "usage: pressroom add FILE.md...\n");
		return 2;
	}
	struct cli_file *files = calloc((size_t)argc, sizeof(*files));
	if (!files) {
		fprintf(stderr, "pressroom: out of memory; nothing was written\n");
		return 1;
	}
	int rc = 0;
	int nread = 0;
	for (int i = 0; i < argc; i++, nread++) {
		files[i].name = argv[i];
		files[i].text = cli_read_file(argv[i], FM_MAX_FILE, &files[i].size);
		if (!files[i].text) {
			rc = 1;
			break;
		}
	}
	if (rc) {
		fprintf(stderr, "pressroom: nothing was written\n");
	} else {
		struct store *s;
		char err[1200];
		if (store_open(db, STORE_OPEN_EXISTING, &s, err, sizeof(err))) {
			fprintf(stderr, "pressroom: %s\n", err);
			rc = 1;
		} else {
			rc = cli_add_files(s, files, (size_t)argc, 0);
			store_close(s);
		}
	}
	for (int i = 0; i < nread; i++)
		free((char *)files[i].text);
	free(files);
	return rc;
}
