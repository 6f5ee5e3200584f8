/*
 * cli: one function per command. Each takes the arguments after the command name
 * and the database path, prints its own messages (lowercase, naming the file and
 * line) and returns the process exit status.
 */
#ifndef PR_CLI_H
#define PR_CLI_H

#include <signal.h>

int cli_init(const char *db, int argc, char **argv);
int cli_serve(const char *db, int argc, char **argv);
int cli_add(const char *db, int argc, char **argv);
int cli_list(const char *db, int argc, char **argv);
int cli_config(const char *db, int argc, char **argv);
int cli_page(const char *db, int argc, char **argv);
int cli_search(const char *db, int argc, char **argv);
/* user add|passwd|list|disable|enable|role: the newsroom's accounts (user.c). */
int cli_user(const char *db, int argc, char **argv);
/* syndicate add|set|list|remove|run|fetch-media: upstream feeds (syndicate.c). */
int cli_syndicate(const char *db, int argc, char **argv);
/* import PATH: dispatches by the kind of file or folder (import.c). */
int cli_import(const char *db, int argc, char **argv);
/* import of a WordPress export already read into text, a Markdown folder, a plain-text
 * news page already read (import_md.c). flags: CLI_IMPORT_*. */
enum { CLI_IMPORT_FETCH_MEDIA = 1, CLI_IMPORT_ALLOW_PRIVATE = 2, CLI_IMPORT_NO_SITE_ADDRESSES = 4,
       CLI_IMPORT_DRY_RUN = 8 };
int cli_import_wxr(const char *db, const char *path, const char *text, size_t n, int flags);
int cli_import_dir(const char *db, const char *path, int flags);
int cli_import_text(const char *db, const char *path, const char *text, size_t n, int flags);
int cli_import_feed(const char *db, const char *path, const char *text, size_t n, int flags);
/* export --markdown DIR | --static DIR: everything out (export.c). */
int cli_export(const char *db, int argc, char **argv);
/* path as --base-path of command (export, serve): 0, or -1 with why on stderr. */
int cli_base_path(const char *command, const char *path);
/* backup FILE: a consistent copy of the site with SQLite's online backup API (backup.c). */
int cli_backup(const char *db, int argc, char **argv);
/* The copy of cli_backup, of db into file (a name of at most PATH_MAX - 32 bytes);
 * quiet: without the line that says it is done. 0, or 1 with a message on stderr. */
int cli_backup_to(const char *db, const char *file, int quiet);
/* Removes a database file made here and its SQLite side files (-journal, -wal, -shm). */
void cli_unlink_db(const char *path);

/*
 * Between cli_catch_begin() and cli_catch_end(), Ctrl-C, SIGTERM and SIGHUP (the
 * terminal or the SSH session closed; not when started under nohup) set
 * cli_cancel instead of ending the process: for an import or export that must
 * take back what it wrote, or a fetch (passed as its cancel flag, which stops the
 * transfer in progress) whose temporary files must be removed before the command
 * ends. Not nested; one thread.
 */
extern volatile sig_atomic_t cli_cancel;
void cli_catch_begin(void);
void cli_catch_end(void);

/* Parses and stores the files (name, text) as one transaction; prints a summary.
 * Used by add (files from disk) and init --sample (files from the binary). */
struct store;
struct cli_file {
	const char *name;
	const char *text;
	size_t size;
};
int cli_add_files(struct store *s, const struct cli_file *files, size_t n, int quiet);

/* A whole regular file of at most max bytes, NUL-ended, its length in *size; free()
 * it. NULL with "pressroom: PATH: why" printed (missing, not a regular file, too
 * large, out of memory, a read error). */
char *cli_read_file(const char *path, size_t max, size_t *size);

#endif
