/*
 * i18n_probe MODE: what a translation looked up on a new thread allocates, for
 * test_i18n.c. MODE "warm" calls i18n_warm("ru") on the main thread first (as
 * site_open does for the site's languages); "cold" does not. Then a new thread
 * looks up "Search" in Russian, and afterwards the main thread looks up another
 * message, "All messages"; the probe prints
 *
 *   THREAD BASELINE TRANSLATION
 *
 * THREAD: the calls to malloc, calloc and realloc the new thread made during its
 * lookup; BASELINE: those of the second lookup, when everything is set up. Any
 * message's first lookup allocates a little (glibc caches its converted text and
 * where it found it). A language's first lookup also loads the catalogue and sets
 * up its character conversion, allocating as it goes, and glibc 2.36 crashes if
 * one of those allocations fails: the reason for i18n_warm. After the warm-up, a
 * thread's lookup should cost no more than the baseline.
 *
 * Its own program, built without sanitizers: it replaces malloc to count, which an
 * AddressSanitizer build cannot take, and its process has loaded no catalogue
 * before the one under test.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/i18n.h"

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

/* In the executable's own TLS block: reading it allocates nothing. */
static __thread long probe_allocs;

/* glibc's own calls (gettext's among them) come here too: it looks malloc up by
 * symbol, so that a program can replace it. */
void *malloc(size_t n)
{
	probe_allocs++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	probe_allocs++;
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	probe_allocs++;
	return __libc_realloc(p, n);
}

struct probe_result {
	long allocs;
	char text[64];
};

static void *probe_thread(void *arg)
{
	struct probe_result *r = arg;
	locale_t prev = i18n_use("ru");
	long before = probe_allocs;
	const char *t = _("Search");
	r->allocs = probe_allocs - before;
	snprintf(r->text, sizeof(r->text), "%s", t);
	i18n_restore(prev);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "warm") && strcmp(argv[1], "cold"))) {
		fprintf(stderr, "usage: i18n_probe warm|cold\n");
		return 2;
	}
	/* Both modes make the locale here (newlocale allocates); only the catalogue's
	 * first lookup is left to the thread in "cold". */
	i18n_restore(i18n_use("ru"));
	if (!strcmp(argv[1], "warm"))
		i18n_warm("ru");
	struct probe_result r = {0};
	pthread_t th;
	if (pthread_create(&th, NULL, probe_thread, &r) || pthread_join(th, NULL)) {
		fprintf(stderr, "i18n_probe: cannot start a thread\n");
		return 1;
	}
	long before = probe_allocs;
	locale_t prev = i18n_use("ru");
	const char *other = _("All messages");
	long baseline = probe_allocs - before;
	i18n_restore(prev);
	if (!strcmp(other, "All messages")) {
		fprintf(stderr, "i18n_probe: \"All messages\" has no Russian translation here\n");
		return 1;
	}
	printf("%ld %ld %s\n", r.allocs, baseline, r.text);
	return 0;
}
