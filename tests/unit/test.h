/*
 * A small unit-test runner. TEST(name) defines and registers a test; inside it,
 * CHECK(cond) and CHECK_STR(a, b) record failures without stopping the test.
 * The runner (run.c) runs every registered test, or those whose name contains
 * argv[1], and ends with "N passed, N failed".
 */
#ifndef PR_TEST_H
#define PR_TEST_H

#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
	struct test_case *next;
};

void test_register(struct test_case *t);
void test_fail(const char *file, int line, const char *what);
void test_fail_str(const char *file, int line, const char *expr, const char *got,
		   const char *want);

#define TEST(name)                                                        \
	static void name(void);                                           \
	static struct test_case name##_case = {#name, name, NULL};        \
	__attribute__((constructor)) static void name##_reg(void)        \
	{                                                                 \
		test_register(&name##_case);                              \
	}                                                                 \
	static void name(void)

#define CHECK(cond)                                             \
	do {                                                    \
		if (!(cond))                                    \
			test_fail(__FILE__, __LINE__, #cond);   \
	} while (0)

#define CHECK_STR(a, b)                                                          \
	do {                                                                     \
		const char *a_ = (a), *b_ = (b);                                 \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                           \
			test_fail_str(__FILE__, __LINE__, #a, a_, b_);           \
	} while (0)

/* Passes when needle occurs in hay. */
#define CHECK_HAS(hay, needle)                                                  \
	do {                                                                    \
		const char *h_ = (hay), *n_ = (needle);                         \
		if (!h_ || !strstr(h_, n_))                                     \
			test_fail_str(__FILE__, __LINE__, "contains " #needle, h_, n_); \
	} while (0)

#define CHECK_LACKS(hay, needle)                                                \
	do {                                                                    \
		const char *h_ = (hay), *n_ = (needle);                         \
		if (h_ && strstr(h_, n_))                                       \
			test_fail_str(__FILE__, __LINE__, "lacks " #needle, h_, n_); \
	} while (0)

#endif
