/*
 * cli: one function per command. Each takes the arguments after the command name
 * and the database path, prints its own messages (lowercase, naming the file and
 * line) and returns the process exit status.
 */
#ifndef PR_CLI_H
#define PR_CLI_H

int cli_init(const char *db, int argc, char **argv);
int cli_serve(const char *db, int argc, char **argv);
int cli_add(const char *db, int argc, char **argv);
int cli_list(const char *db, int argc, char **argv);
int cli_config(const char *db, int argc, char **argv);
int cli_page(const char *db, int argc, char **argv);

/* Parses and stores the files (name, text) as one transaction; prints a summary.
 * Used by add (files from disk) and init --sample (files from the binary). */
struct store;
struct cli_file {
	const char *name;
	const char *text;
	size_t size;
};
int cli_add_files(struct store *s, const struct cli_file *files, size_t n, int quiet);

#endif
