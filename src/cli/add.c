/* pressroom add FILE.md...: adds or updates items (by language and slug), all or none. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	struct item *items = calloc(n ? n : 1, sizeof(*items));
	int rc = 0;
	size_t parsed = 0;
	struct buf err;
	buf_init(&err, 4096);
	if (!items) {
		fprintf(stderr, "pressroom: out of memory\n");
		rc = 1;
		goto out;
	}
	/* Parse everything first: one bad file means nothing of the batch is written. */
	for (size_t i = 0; i < n; i++) {
		item_init(&items[i]);
		parsed++;
		buf_reset(&err);
		if (fm_parse(files[i].name, files[i].text, files[i].size, &d, &items[i], &err)) {
			fprintf(stderr, "pressroom: %s\n", buf_str(&err));
			rc = 1;
		}
	}
	for (size_t i = 0; i < n && !rc; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(items[i].lang, items[j].lang) && !strcmp(items[i].slug, items[j].slug)) {
				fprintf(stderr, "pressroom: %s:1: slug '%s' is also used by %s\n",
					files[i].name, items[i].slug, files[j].name);
				rc = 1;
				break;
			}
	if (rc) {
		fprintf(stderr, "pressroom: nothing was written\n");
		goto out;
	}
	size_t added = 0, updated = 0;
	if (store_begin(s)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		rc = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		int created = 0;
		if (store_item_put(s, &items[i], &created)) {
			fprintf(stderr, "pressroom: %s: %s\n", files[i].name, store_errmsg(s));
			store_rollback(s);
			fprintf(stderr, "pressroom: nothing was written\n");
			rc = 1;
			goto out;
		}
		created ? added++ : updated++;
	}
	if (store_commit(s)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		store_rollback(s);
		fprintf(stderr, "pressroom: nothing was written\n");
		rc = 1;
		goto out;
	}
	if (!quiet)
		printf("added %zu, updated %zu\n", added, updated);
out:
	for (size_t i = 0; i < parsed; i++)
		item_clear(&items[i]);
	free(items);
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
