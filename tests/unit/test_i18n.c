/* base/i18n: i18n_warm leaves no catalogue set-up to a later thread (i18n_probe.c). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

/* Runs build/i18n_probe MODE (beside this binary): 0 with its three fields. */
static int i18n_probe(const char *mode, long *thread, long *baseline, char *text, size_t textsz)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	char cmd[PATH_MAX + 64];
	snprintf(cmd, sizeof(cmd), "'%s/i18n_probe' %s", exe, mode);
	FILE *f = popen(cmd, "r");
	if (!f)
		return -1;
	char line[256] = "";
	int got = fgets(line, sizeof(line), f) != NULL;
	int rc = pclose(f);
	if (!got || rc != 0)
		return -1;
	int used = 0;
	if (sscanf(line, "%ld %ld %n", thread, baseline, &used) != 2 || !used)
		return -1;
	snprintf(text, textsz, "%s", line + used);
	text[strcspn(text, "\n")] = '\0';
	return 0;
}

TEST(i18n_warm_leaves_no_setup_to_threads)
{
	long thread = -1, baseline = -1;
	char text[128] = "";
	/* Without the warm-up, a thread's first Russian lookup loads the catalogue:
	 * many more allocations than a lookup when all is set up. This shows that the
	 * probe sees the set-up at all. */
	CHECK(i18n_probe("cold", &thread, &baseline, text, sizeof(text)) == 0);
	CHECK_STR(text, "Поиск");
	CHECK(baseline >= 0 && thread > baseline + 10);
	printf("    cold: the thread's lookup made %ld allocations, a set-up lookup %ld\n", thread,
	       baseline);
	/* With it (as site_open does), the thread's lookup costs what any lookup does. */
	thread = baseline = -1;
	CHECK(i18n_probe("warm", &thread, &baseline, text, sizeof(text)) == 0);
	CHECK_STR(text, "Поиск");
	CHECK(baseline >= 0 && thread >= 0 && thread <= baseline);
	printf("    warm: the thread's lookup made %ld allocations, a set-up lookup %ld\n", thread,
	       baseline);
}
