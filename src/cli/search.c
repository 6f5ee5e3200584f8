/* pressroom search: the site's search from the command line, one line per hit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "../base/tz.h"
#include "../site/config.h"
#include "../store/store_search.h"
#include "cli.h"

static const char cli_search_usage[] =
	"usage: pressroom search [--kind KIND] [--lang LANG] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	"                        [--limit N] [--page N] QUERY...\n";

static long cli_search_number(const char *opt, const char *v, long max)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || end == v || n < 1 || n > max) {
		fprintf(stderr, "pressroom: search: %s: a number from 1 to %ld\n", opt, max);
		return -1;
	}
	return n;
}

/* Prints the title without its match markers. */
static void cli_search_title(const char *t)
{
	for (; *t; t++)
		if (*t != SEARCH_MARK_OPEN && *t != SEARCH_MARK_CLOSE && *t != '\n' && *t != '\t')
			putchar(*t);
	putchar('\n');
}

int cli_search(const char *db, int argc, char **argv)
{
	const char *kind = NULL, *lang = NULL, *from = NULL, *to = NULL;
	long limit = 20, page = 1;
	struct buf text;
	buf_init(&text, 64 * 1024);
	int rc = 2;
	struct store *s = NULL;
	struct config cfg;
	int have_cfg = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int has_value = i + 1 < argc;
		if (!strcmp(a, "--kind") && has_value) {
			kind = argv[++i];
		} else if (!strcmp(a, "--lang") && has_value) {
			lang = argv[++i];
		} else if (!strcmp(a, "--from") && has_value) {
			from = argv[++i];
		} else if (!strcmp(a, "--to") && has_value) {
			to = argv[++i];
		} else if (!strcmp(a, "--limit") && has_value) {
			if ((limit = cli_search_number(a, argv[++i], 1000)) < 0)
				goto out;
		} else if (!strcmp(a, "--page") && has_value) {
			if ((page = cli_search_number(a, argv[++i], 100000)) < 0)
				goto out;
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				buf_addf(&text, "%s%s", text.len ? " " : "", argv[i]);
		} else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "pressroom: search: unknown option '%s'\n%s", a, cli_search_usage);
			goto out;
		} else {
			buf_addf(&text, "%s%s", text.len ? " " : "", a);
		}
	}
	if (buf_failed(&text)) {
		fprintf(stderr, "pressroom: search: out of memory\n");
		rc = 1;
		goto out;
	}
	if (!text.len) {
		fputs(cli_search_usage, stderr);
		goto out;
	}
	struct search_query q = {.text = buf_str(&text), .now = clock_now(), .kind = -1, .lang = lang,
				 .limit = limit, .offset = (page - 1) * limit};
	if (kind && (q.kind = item_kind_parse(kind, strlen(kind))) < 0) {
		fprintf(stderr, "pressroom: search: --kind: unknown kind '%s'\n", kind);
		goto out;
	}
	rc = 1;
	char err[1200];
	enum store_err e = store_open(db, STORE_OPEN_EXISTING, &s, err, sizeof(err));
	if (e == STORE_READONLY)
		e = store_open(db, STORE_OPEN_READONLY, &s, err, sizeof(err));
	if (e) {
		fprintf(stderr, "pressroom: %s\n", err);
		goto out;
	}
	if (config_load(s, &cfg)) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
		goto out;
	}
	have_cfg = 1;
	if ((from && tz_day_start(cfg.timezone, from, 0, &q.from)) ||
	    (to && tz_day_start(cfg.timezone, to, 1, &q.to))) {
		fprintf(stderr, "pressroom: search: %s: expected a date YYYY-MM-DD\n",
			from && q.from < 0 ? from : to);
		rc = 2;
		goto out;
	}
	struct search_result res;
	e = store_search(s, &q, &res);
	if (e) {
		fprintf(stderr, "pressroom: %s\n", store_errmsg(s));
	} else {
		for (size_t i = 0; i < res.n; i++) {
			const struct item *it = &res.hits[i].item;
			struct civil c;
			if (tz_civil(cfg.timezone, it->published, &c))
				tz_civil("UTC", it->published, &c);
			printf("%04d-%02d-%02d %02d:%02d\t%s\t%s\t", c.year, c.month, c.day, c.hour, c.min,
			       item_kind_slug(it->kind), it->lang);
			cli_search_title(it->title);
		}
		if (res.total > q.offset + (int64_t)res.n)
			fprintf(stderr, "pressroom: search: %zu of %lld results shown (--limit, --page for more)\n",
				res.n, (long long)res.total);
		if (res.parsed.truncated)
			fprintf(stderr, "pressroom: search: the query was cut to its first %d words\n",
				SEARCH_MAX_TERMS);
		rc = 0;
	}
	store_search_result_clear(&res);
out:
	if (have_cfg)
		config_clear(&cfg);
	store_close(s);
	buf_release(&text);
	return rc;
}
