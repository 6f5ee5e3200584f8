/* base/lazylib: a library opened on first use, and the messages when it cannot be. */
#include <math.h>
#include <pthread.h>

#include "../../src/base/lazylib.h"
#include "test.h"

/* Declared so that its type is known; no library defines it. */
int pressroom_not_in_libm(int);

#define M_SYMS(X) X(cos) X(sqrt)
LAZYLIB_DEFINE(lazy_m, "libm.so.6", M_SYMS)
#define PARTIAL_SYMS(X) X(cos) X(pressroom_not_in_libm)
LAZYLIB_DEFINE(lazy_partial, "libm.so.6", PARTIAL_SYMS)
#define MISSING_SYMS(X) X(cos)
LAZYLIB_DEFINE(lazy_missing, "libpressroom-no-such-library.so.0", MISSING_SYMS)
#define RACE_SYMS(X) X(sqrt)
LAZYLIB_DEFINE(lazy_race, "libm.so.6", RACE_SYMS)

TEST(lazylib_loads_and_calls)
{
	char err[400] = "";
	CHECK(lazy_m_syms.cos == NULL);
	CHECK(lazylib_load(&lazy_m, "a test", err, sizeof err) == 0);
	CHECK(lazy_m_syms.cos != NULL && lazy_m_syms.cos(0.0) == 1.0);
	CHECK(lazy_m_syms.sqrt != NULL && lazy_m_syms.sqrt(49.0) == 7.0);
	CHECK(lazylib_load(&lazy_m, "a test", err, sizeof err) == 0);
	CHECK_STR(err, "");
}

TEST(lazylib_missing_library_named)
{
	char err[400] = "";
	CHECK(lazylib_load(&lazy_missing, "a test", err, sizeof err) == -1);
	CHECK_HAS(err, "libpressroom-no-such-library.so.0");
	CHECK_HAS(err, "(needed for a test)");
	/* A failed load stays failed, with the same reason. */
	char again[400] = "";
	CHECK(lazylib_load(&lazy_missing, "another test", again, sizeof again) == -1);
	CHECK_HAS(again, "libpressroom-no-such-library.so.0");
	CHECK_HAS(again, "(needed for another test)");
	CHECK(lazylib_load(&lazy_missing, "no message", NULL, 0) == -1);
	CHECK(lazy_missing_syms.cos == NULL);
}

TEST(lazylib_missing_symbol_refuses_whole)
{
	char err[400] = "";
	CHECK(lazylib_load(&lazy_partial, "a test", err, sizeof err) == -1);
	CHECK_HAS(err, "libm.so.6: no symbol pressroom_not_in_libm");
	/* Nothing half-loaded: the symbol that was there is not kept either. */
	CHECK(lazy_partial_syms.cos == NULL);
	CHECK(lazy_partial_syms.pressroom_not_in_libm == NULL);
}

static void *lazylib_racer(void *arg)
{
	int *rc = arg;
	*rc = lazylib_load(&lazy_race, "a race", NULL, 0);
	return NULL;
}

TEST(lazylib_threads_load_once)
{
	pthread_t t[4];
	int rc[4] = {-2, -2, -2, -2};
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, lazylib_racer, &rc[i]) == 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 4; i++)
		CHECK(rc[i] == 0);
	CHECK(lazy_race_syms.sqrt != NULL && lazy_race_syms.sqrt(81.0) == 9.0);
}
