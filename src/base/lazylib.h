/*
 * lazylib: a shared library opened when it is first needed, not at start-up.
 *
 * libcurl, libxml2 and libmicrohttpd (with GnuTLS, OpenSSL, Kerberos, LDAP, ICU…)
 * are 37 of the 46 libraries the binary would otherwise load: linking them made
 * every command, `pressroom list` as much as `serve`, spend about 40 ms in the
 * dynamic loader. Each is used by a few files only (syndication, WXR import,
 * the server), which declare the symbols they use and call them as before:
 *
 *   #define CURL_SYMS(X) X(curl_easy_init) X(curl_easy_cleanup)
 *   LAZYLIB_DEFINE(lazy_curl, PR_SONAME_CURL, CURL_SYMS)
 *   #define curl_easy_init (*lazy_curl_syms.curl_easy_init)
 *
 * and call lazylib_load(&lazy_curl, ...) at each entry point before the first
 * call. Each member has the type of the header's declaration (typeof), so calls
 * are checked as before. The soname is the one the build's headers belong to (the
 * Makefile reads it off the library's development link).
 *
 * Thread-safe: the library is opened once, under a lock; after that
 * lazylib_load() is one atomic read. A failed load stays failed and every later
 * lazylib_load() reports it. Symbols are resolved all at load, so a library
 * without one of them is refused whole rather than failing at its first call.
 */
#ifndef PR_LAZYLIB_H
#define PR_LAZYLIB_H

#include <stddef.h>

struct lazylib {
	const char *soname;
	const char *const *names;  /* the symbols, in the order of the members of slots */
	void *slots;               /* a struct of n pointers, filled by lazylib_load */
	size_t n;
	int state;                 /* atomic: 0 not tried, 1 loaded, -1 failed */
	char msg[320];             /* why it failed: "libcurl.so.4: cannot open…" */
};

#define LAZYLIB_MEMBER(f) __typeof__(&f) f;
#define LAZYLIB_NAME(f) #f,

/* Defines struct NAME_syms (one pointer per symbol of LIST), its instance
 * NAME_syms and the struct lazylib NAME that loads it. */
#define LAZYLIB_DEFINE(NAME, SONAME, LIST)                                              \
	struct NAME##_syms {                                                            \
		LIST(LAZYLIB_MEMBER)                                                    \
	} NAME##_syms;                                                                  \
	static const char *const NAME##_names[] = {LIST(LAZYLIB_NAME)};                 \
	_Static_assert(sizeof(struct NAME##_syms) == sizeof(NAME##_names),             \
		       "one pointer per symbol");                                       \
	_Static_assert(sizeof(SONAME) > 1, "no soname for " #NAME                       \
		       " (the Makefile reads it with objdump off the -dev package's link)"); \
	struct lazylib NAME = {SONAME, NAME##_names, &NAME##_syms,                      \
			       sizeof(NAME##_names) / sizeof(NAME##_names[0]),          \
			       0, {0}};

/* The same declarations for a file that uses symbols defined in another. */
#define LAZYLIB_DECLARE(NAME, LIST)                                                     \
	extern struct NAME##_syms {                                                     \
		LIST(LAZYLIB_MEMBER)                                                    \
	} NAME##_syms;                                                                  \
	extern struct lazylib NAME;

/* Loads l once. 0 when every symbol is there; -1 with "SONAME: why (needed for
 * WHAT)" in err (errsz bytes; err may be NULL). */
int lazylib_load(struct lazylib *l, const char *what, char *err, size_t errsz);

#endif
