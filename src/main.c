/* pressroom: command dispatch only. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
	const char *name;
	int (*fn)(const char *db, int argc, char **argv);
	const char *usage;
	/* Answers --help itself, with more than the usage line here. */
	int own_help;
} commands[] = {
	{"init", cli_init, "init [--sample]             create a site (--sample: the sample embassy site)", 0},
	{"serve", cli_serve, "serve [--listen ADDR:PORT]  serve the site (default 127.0.0.1:8080);\n"
			     "        [--static DIR] [--export DIR] [--threads N] [--quiet]\n"
			     "                              (--export: keep a static copy in DIR in step)", 0},
	{"add", cli_add, "add FILE.md...              add or update items from Markdown with YAML front matter", 0},
	{"list", cli_list, "list                        one line per item: date, kind, language, status, title", 0},
	{"config", cli_config, "config [KEY [VALUE]]        show or set the site's settings", 0},
	{"page", cli_page, "page /PATH                  print a page of the site as it would be served", 0},
	{"search", cli_search, "search [--kind K] [--lang L] [--from DATE] [--to DATE] QUERY  one line per hit: date, kind, language, title", 0},
	{"user", cli_user, "user add|passwd|list|disable|enable|role  the newsroom's accounts ('pressroom user --help' says how)", 1},
	{"syndicate", cli_syndicate, "syndicate add|set|list|remove|run|fetch-media  follow upstream RSS/Atom feeds ('pressroom syndicate --help' says how)", 1},
	{"import", cli_import, "import PATH [--fetch-media [--allow-private]] [--no-site-addresses] [--dry-run]\n"
			       "                              import items: a folder of Markdown, a WordPress export (WXR),\n"
			       "                              a plain-text news page ('pressroom import --help' says more)", 1},
	{"export", cli_export, "export --markdown DIR | --static DIR [--threads N] [--base-path /PATH] [--replace]\n"
			       "                              every item as Markdown / the public site as files\n"
			       "                              ('pressroom export --help' says more)", 1},
	{"backup", cli_backup, "backup FILE                 a consistent copy of the site, taken while it serves", 0},
};

static void usage(FILE *f)
{
	fputs("usage: pressroom [--db FILE] COMMAND [ARGS]\n\n"
	      "pressroom publishes a press office's releases, statements, interviews and\n"
	      "replies to journalists, and serves them as a web site with feeds.\n\n"
	      "options:\n"
	      "  --db FILE    the site's database (default: pressroom.db in this folder)\n"
	      "  --help       this text\n\ncommands:\n",
	      f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].usage);
	fputs("\n'pressroom config' lists the settings with their meaning.\n", f);
}

int main(int argc, char **argv)
{
	const char *db = "pressroom.db";
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db = argv[++i];
			continue;
		}
		fprintf(stderr, "pressroom: unknown option '%s'\n", argv[i]);
		usage(stderr);
		return 2;
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	/* "pressroom help" and "pressroom help import", as many tools answer them. */
	int help = !strcmp(argv[i], "help");
	if (help && i + 1 == argc) {
		usage(stdout);
		return 0;
	}
	i += help;
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (!strcmp(argv[i], commands[k].name)) {
			int asked = help || (i + 1 < argc && (!strcmp(argv[i + 1], "--help") ||
							      !strcmp(argv[i + 1], "-h")));
			if (asked && commands[k].own_help) {
				char *q[] = {"--help", NULL};
				return commands[k].fn(db, 1, q);
			}
			if (asked) {
				printf("usage: pressroom %s\n", commands[k].usage);
				return 0;
			}
			return commands[k].fn(db, argc - i - 1, argv + i + 1);
		}
	fprintf(stderr, "pressroom: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return 2;
}
