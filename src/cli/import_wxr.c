/* pressroom import FILE.xml: a WordPress export into items, all or nothing (wxr.h). */
#include <stdio.h>
#include <string.h>

#include "../import/import.h"
#include "../import/progress.h"
#include "../site/config.h"
#include "../syndicate/wxr.h"
#include "cli.h"
#include "frontmatter.h"

static void import_wxr_progress(void *ctx, size_t done) { progress_set(ctx, done); }

int cli_import_wxr(const char *db, const char *path, const char *text, size_t n)
{
	struct store *s;
	char msg[1200];
	if (store_open(db, STORE_OPEN_EXISTING, &s, msg, sizeof msg)) {
		fprintf(stderr, "pressroom: %s\n", msg);
		return 1;
	}
	struct config cfg;
	if (config_load(s, &cfg)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		store_close(s);
		return 1;
	}
	struct fm_defaults d = {.timezone = cfg.timezone, .lang = cfg.language};
	struct import_batch b;
	import_batch_init(&b);
	struct buf err;
	buf_init(&err, 4096);
	int rc = 0;
	if (import_wxr(path, text, n, &d, &b, &err) || import_batch_check(&b, &err)) {
		fprintf(stderr, "pressroom: %s\npressroom: nothing was written\n", buf_str(&err));
		rc = 1;
		goto out;
	}
	for (size_t i = 0; i < b.nnotes; i++)
		printf("skipped %s: %s\n", b.notes[i].name, b.notes[i].why);
	struct progress pg;
	progress_init(&pg, "importing", b.n);
	struct import_result res;
	int crc = import_commit(s, &b, 1, &res, &err, import_wxr_progress, &pg);
	progress_done(&pg);
	if (crc) {
		fprintf(stderr, "pressroom: %s\npressroom: nothing was written\n", buf_str(&err));
		rc = 1;
		goto out;
	}
	printf("%s: added %zu, updated %zu, unchanged %zu, skipped %zu\n", path, res.added,
	       res.updated, res.unchanged, b.nnotes);
out:
	buf_release(&err);
	import_batch_clear(&b);
	config_clear(&cfg);
	store_close(s);
	return rc;
}
