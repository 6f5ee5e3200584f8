/*
 * bench/floor SRC DST THREADS — the file system's own cost of a static export.
 *
 * Reads every file under SRC into memory, then, timed, makes the same tree under
 * DST (a new folder) with THREADS threads, in the order SRC's files were written
 * (their modification times): for each file its folder (mkdir) and the file
 * (open, write, close), nothing else. The order matters on ext4, where adding
 * names to a big folder in its hash order (the order readdir gives) is cheaper. No program that writes that tree
 * to that file system can be faster; bench/hugo.sh prints it beside both peers.
 * Prints "SECONDS FILES BYTES".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct file {
	char *rel;   /* path under SRC */
	char *data;
	size_t n;
	struct timespec mtime;
};

static struct file *files;
static size_t nfiles, capfiles, total;
static size_t srclen;
static const char *dst;
static size_t next;

static void die(const char *what, const char *path)
{
	fprintf(stderr, "bench/floor: %s: %s\n", path, what);
	exit(1);
}

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (nfiles == capfiles) {
		capfiles = capfiles ? capfiles * 2 : 1024;
		files = realloc(files, capfiles * sizeof(*files));
		if (!files)
			die("out of memory", path);
	}
	struct file *f = &files[nfiles++];
	f->rel = strdup(path + srclen);
	f->n = (size_t)st->st_size;
	f->mtime = st->st_mtim;
	f->data = malloc(f->n ? f->n : 1);
	if (!f->rel || !f->data)
		die("out of memory", path);
	int fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, f->data, f->n) != (ssize_t)f->n)
		die(strerror(errno), path);
	close(fd);
	total += f->n;
	return 0;
}

static int by_mtime(const void *a, const void *b)
{
	const struct timespec *x = &((const struct file *)a)->mtime;
	const struct timespec *y = &((const struct file *)b)->mtime;
	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? -1 : 1;
	return x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec;
}

/* mkdir -p of path's folder; EEXIST is fine (another thread or an earlier file). */
static void make_parent(char *path)
{
	char *slash = strrchr(path, '/');
	if (!slash)
		return;
	*slash = '\0';
	if (mkdir(path, 0777) && errno != EEXIST) {
		if (errno != ENOENT)
			die(strerror(errno), path);
		make_parent(path);
		if (mkdir(path, 0777) && errno != EEXIST)
			die(strerror(errno), path);
	}
	*slash = '/';
}

static void *worker(void *arg)
{
	(void)arg;
	char path[8192];
	for (;;) {
		size_t i = __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED);
		if (i >= nfiles)
			return NULL;
		snprintf(path, sizeof(path), "%s%s", dst, files[i].rel);
		make_parent(path);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 || write(fd, files[i].data, files[i].n) != (ssize_t)files[i].n || close(fd))
			die(strerror(errno), path);
	}
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench/floor SRC DST THREADS\n");
		return 2;
	}
	srclen = strlen(argv[1]);
	while (srclen > 1 && argv[1][srclen - 1] == '/')
		srclen--;
	if (nftw(argv[1], collect, 64, FTW_PHYS))
		die(strerror(errno), argv[1]);
	qsort(files, nfiles, sizeof(*files), by_mtime);
	dst = argv[2];
	int n = atoi(argv[3]);
	if (n < 1 || n > 64)
		die("THREADS is 1 to 64", argv[3]);
	if (mkdir(dst, 0777))
		die(strerror(errno), dst);
	pthread_t t[64];
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.3f %zu %zu\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
	       nfiles, total);
	return 0;
}
