/*
 * replay: the main() that stands in for libFuzzer in `make check`. It runs the
 * target's LLVMFuzzerInitialize (if any), then LLVMFuzzerTestOneInput once on
 * each file named, or on each regular file of each directory named (sorted, not
 * recursive). A broken invariant aborts inside the target, and ASan/UBSan (when
 * built with them) abort on memory errors, so reaching the end means all ran clean.
 * Prints "replay NAME: N inputs" and exits 0; a missing argument directory is
 * skipped, an unreadable file is an error (exit 1).
 * usage: replay-TARGET DIR_OR_FILE...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int replay_file(const char *path, size_t *count)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *data = malloc(cap);
	size_t got;
	while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *d = realloc(data, cap * 2);
			if (!d) {
				free(data);
				data = NULL;
				break;
			}
			data = d;
			cap *= 2;
		}
	}
	int bad = ferror(f) || !data;
	fclose(f);
	if (bad) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(data);
		return -1;
	}
	/* Exactly n bytes, so that ASan sees an overread past the input. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(data);
		return -1;
	}
	memcpy(exact, data, n);
	free(data);
	if (getenv("REPLAY_VERBOSE"))
		fprintf(stderr, "replay %s\n", path);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	(*count)++;
	return 0;
}

static int replay_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0; /* no corpus or no crash yet */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof(*names));
			if (!nn)
				abort();
			names = nn;
		}
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		if (!names[n])
			abort();
		snprintf(names[n], len, "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), replay_cmp);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) && replay_file(names[i], count))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	size_t count = 0;
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode))
			rc |= replay_file(argv[i], &count);
		else
			rc |= replay_dir(argv[i], &count);
	}
	const char *name = strrchr(argv[0], '/');
	printf("replay %s: %zu inputs\n", name ? name + 1 : argv[0], count);
	return rc ? 1 : 0;
}
