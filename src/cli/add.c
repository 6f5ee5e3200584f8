/* pressroom add FILE.md...: adds or updates items (by language and slug), all or none,
 * through the importers' batch (src/import/import.h): a file equal to its stored item
 * is left alone. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/strset.h"
#include "../import/import.h"
#include "../site/config.h"
#include "../site/urls.h"
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

/* The file of an entry before e that gives the old address path, or NULL. */
static const char *add_alias_owner(const struct import_batch *b, const struct import_entry *e,
				   const char *path)
{
	for (const struct import_entry *o = b->v; o < e; o++)
		if (strlist_has(o->aliases, o->aliases ? strlen(o->aliases) : 0, path, strlen(path)))
			return o->name;
	return NULL;
}

/*
 * The old addresses a file's front matter gives (aliases, permalink, url,
 * redirect_from: fm_defaults.addresses, "LINE\tKEY\tVALUE\n" each) become its
 * item's (import_entry.aliases), which import_commit stores as it does an
 * import's and the site redirects to the item. One that cannot be one
 * (url_alias_path), that an earlier file gives or past the item's limit is said
 * in b->info as pressroom import says it, and not kept. -1 when out of memory.
 */
static int add_aliases(struct import_batch *b, struct import_entry *e, const struct config *cfg,
		       const struct buf *addresses)
{
	if (!addresses->len)
		return 0;
	struct buf path, list, url;
	buf_init(&path, URL_ALIAS_MAX + 16);
	buf_init(&list, 1 << 20);
	buf_init(&url, 4096);
	size_t n = 0;
	int oom = 0;
	const char *end = addresses->data + addresses->len;
	for (const char *l = addresses->data, *nl; !oom && (nl = memchr(l, '\n', (size_t)(end - l)));
	     l = nl + 1) {
		const char *k = memchr(l, '\t', (size_t)(nl - l));
		const char *v = k ? memchr(k + 1, '\t', (size_t)(nl - k - 1)) : NULL;
		/* (Not its slug and date lines: what an old site's address was made of.) */
		if (!v || !fm_address_key(k + 1, (size_t)(v - k - 1)))
			continue;
		const int kn = (int)(v - k - 1), vn = (int)(nl - v - 1), ln = (int)(k - l);
		const char *why = NULL;
		buf_reset(&path);
		if (!url_alias_path(v + 1, (size_t)vn, 0, &path, &why) && n >= IMPORT_MAX_ALIASES &&
		    !strlist_has(list.data, list.len, path.data, path.len))
			why = "more old addresses than one item may keep (50)";
		const char *owner = why ? NULL : add_alias_owner(b, e, buf_str(&path));
		if (owner) {
			buf_addf(&b->info, "%s:%.*s: %.*s '%.*s' is not kept for this item: %s gives it "
					   "too, and keeps it\n",
				 e->name, ln, l, kn, k + 1, vn, v + 1, owner);
		} else if (why) {
			buf_reset(&url);
			url_item(&url, cfg, &e->it);
			buf_addf(&b->info, "%s:%.*s: %.*s '%.*s' is not kept: %s; the item's address is "
					   "%s: redirect the old one in the web server\n",
				 e->name, ln, l, kn, k + 1, vn, v + 1, why, buf_str(&url));
		} else if (!strlist_has(list.data, list.len, path.data, path.len)) {
			buf_adds(&list, buf_str(&path));
			buf_addc(&list, '\n');
			n++;
		}
	}
	oom |= buf_failed(&path) || buf_failed(&list) || buf_failed(&url) || buf_failed(&b->info);
	if (!oom && list.len) {
		free(e->aliases);
		oom = !(e->aliases = strdup(buf_str(&list)));
	}
	buf_release(&path);
	buf_release(&list);
	buf_release(&url);
	return oom ? -1 : 0;
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
	struct buf err, addresses;
	buf_init(&err, 4096);
	buf_init(&addresses, 1 << 20);
	d.addresses = &addresses;
	/* (Said with the other notes: b.info.) */
	d.unknown = &b.info;
	int rc = 0;
	/* Parse everything first, saying what is wrong with each file: one bad file
	 * means nothing of the batch is written. */
	for (size_t i = 0; i < n; i++) {
		struct item *it = import_batch_add(&b, files[i].name);
		buf_reset(&err);
		buf_reset(&addresses);
		if (!it) {
			fprintf(stderr, "pressroom: out of memory\n");
			rc = 1;
			break;
		}
		if (fm_parse(files[i].name, files[i].text, files[i].size, &d, it, &err)) {
			fprintf(stderr, "pressroom: %s\n", buf_str(&err));
			import_batch_drop_last(&b);
			rc = 1;
		} else if (buf_failed(&addresses) ||
			   add_aliases(&b, &b.v[b.n - 1], &cfg, &addresses)) {
			fprintf(stderr, "pressroom: out of memory\n");
			rc = 1;
			break;
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
		/* The old addresses not kept, and one taken from another item (the commit's). */
		if (b.info.len)
			fputs(buf_str(&b.info), stdout);
		for (size_t i = 0; i < b.nnotes; i++)
			printf("skipped %s: %s\n", b.notes[i].name, b.notes[i].why);
		printf("added %zu, updated %zu, unchanged %zu", res.added, res.updated, res.unchanged);
		if (b.nnotes)
			printf(", skipped %zu", b.nnotes);
		if (res.aliases_added)
			printf("; old addresses: %zu now redirect to their items", res.aliases_added);
		printf("\n");
	}
	import_batch_clear(&b);
	buf_release(&err);
	buf_release(&addresses);
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
