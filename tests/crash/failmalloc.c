/*
 * failmalloc: an LD_PRELOAD shim that makes allocations fail on purpose, for the
 * fault tests (tests/crash/faults.sh). Never linked into pressroom itself.
 *
 *   FAILMALLOC_NTH=N     the Nth allocation (malloc, calloc, realloc, aligned ones)
 *                        after arming returns NULL with errno ENOMEM (1-based; 0 = none)
 *   FAILMALLOC_EVERY=K   and after that every Kth one too (0, the default: only the Nth)
 *   FAILMALLOC_SIGNAL=1  start disarmed; SIGUSR2 arms (the count starts again) and
 *                        disarms in turn, so a running server can be hit at a chosen time
 * Without FAILMALLOC_SIGNAL the shim is armed from the start of the process.
 * On exit it prints "failmalloc: N allocations, M failed" to stderr when FAILMALLOC_REPORT=1
 * (N counted since arming), so that a test can sweep FAILMALLOC_NTH over 1..N.
 *
 * Why __libc_malloc and not dlsym(RTLD_NEXT): dlsym may itself allocate, which
 * would recurse into us before we know where the real malloc is. glibc only.
 * build: cc -shared -fPIC -O2 -o failmalloc.so failmalloc.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);

static atomic_long fm_count;    /* allocations since arming */
static atomic_long fm_failed;   /* allocations failed so far */
static atomic_int fm_armed;
static long fm_nth, fm_every;
static int fm_report;

static long fm_env(const char *name)
{
	const char *v = getenv(name);
	return v ? strtol(v, NULL, 10) : 0;
}

static void fm_toggle(int sig)
{
	(void)sig;
	atomic_store(&fm_count, 0);
	atomic_store(&fm_armed, !atomic_load(&fm_armed));
}

static void fm_report_exit(void)
{
	char line[80];
	int n = snprintf(line, sizeof(line), "failmalloc: %ld allocations, %ld failed\n",
			 (long)atomic_load(&fm_count), (long)atomic_load(&fm_failed));
	if (n > 0 && write(2, line, (size_t)n) < 0)
		return;
}

__attribute__((constructor)) static void fm_init(void)
{
	fm_nth = fm_env("FAILMALLOC_NTH");
	fm_every = fm_env("FAILMALLOC_EVERY");
	fm_report = fm_env("FAILMALLOC_REPORT") != 0;
	if (fm_env("FAILMALLOC_SIGNAL")) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = fm_toggle;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR2, &sa, NULL);
	} else {
		atomic_store(&fm_armed, 1);
	}
	if (fm_report)
		atexit(fm_report_exit);
}

/* Whether this allocation is to fail. */
static int fm_fail(void)
{
	if (!atomic_load(&fm_armed))
		return 0;
	long k = atomic_fetch_add(&fm_count, 1) + 1;
	int fail = fm_nth > 0 && (k == fm_nth || (fm_every > 0 && k > fm_nth && (k - fm_nth) % fm_every == 0));
	if (fail) {
		atomic_fetch_add(&fm_failed, 1);
		errno = ENOMEM;
	}
	return fail;
}

void *malloc(size_t n) { return fm_fail() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t size) { return fm_fail() ? NULL : __libc_calloc(n, size); }
void *realloc(void *p, size_t n)
{
	/* realloc(p, 0) frees: failing it would leak, and it is not an allocation. */
	if (n && fm_fail())
		return NULL;
	return __libc_realloc(p, n);
}
void *memalign(size_t align, size_t n) { return fm_fail() ? NULL : __libc_memalign(align, n); }
void *aligned_alloc(size_t align, size_t n) { return fm_fail() ? NULL : __libc_memalign(align, n); }
int posix_memalign(void **out, size_t align, size_t n)
{
	if (fm_fail())
		return ENOMEM;
	void *p = __libc_memalign(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
