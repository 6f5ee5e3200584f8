#include "test.h"

#include <stdlib.h>

static struct test_case *tests_head;
static int failures_in_test;

void test_register(struct test_case *t)
{
	t->next = tests_head;
	tests_head = t;
}

void test_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "  %s:%d: check failed: %s\n", file, line, what);
	failures_in_test++;
}

void test_fail_str(const char *file, int line, const char *expr, const char *got,
		   const char *want)
{
	fprintf(stderr, "  %s:%d: %s\n    got:  %.2000s\n    want: %.2000s\n", file, line, expr,
		got ? got : "(null)", want ? want : "(null)");
	failures_in_test++;
}

int main(int argc, char **argv)
{
	/* Registration prepends; reverse to run in definition order per file. */
	struct test_case *rev = NULL;
	while (tests_head) {
		struct test_case *n = tests_head->next;
		tests_head->next = rev;
		rev = tests_head;
		tests_head = n;
	}
	int passed = 0, failed = 0;
	for (struct test_case *t = rev; t; t = t->next) {
		if (argc > 1 && !strstr(t->name, argv[1]))
			continue;
		failures_in_test = 0;
		t->fn();
		if (failures_in_test) {
			fprintf(stderr, "FAIL %s\n", t->name);
			failed++;
		} else {
			printf("ok   %s\n", t->name);
			passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
