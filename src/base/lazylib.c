/* lazylib: see lazylib.h. */
#include "lazylib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t lazylib_lock = PTHREAD_MUTEX_INITIALIZER;

/* 0, or -1 with l->msg set and every slot NULL. */
static int lazylib_open(struct lazylib *l)
{
	/* RTLD_NOW: a library that lacks one of its own dependencies fails here, with
	 * dlerror()'s message, rather than at some later call. */
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(l->msg, sizeof(l->msg), "%s", e ? e : l->soname);
		return -1;
	}
	char *slots = l->slots;
	for (size_t i = 0; i < l->n; i++) {
		void *p = dlsym(h, l->names[i]);
		if (!p) {
			snprintf(l->msg, sizeof(l->msg), "%s: no symbol %s", l->soname, l->names[i]);
			memset(slots, 0, l->n * sizeof(p));
			dlclose(h);
			return -1;
		}
		/* POSIX: a data pointer from dlsym converts to a function pointer; memcpy
		 * says so without a cast between the two kinds. */
		memcpy(slots + i * sizeof(p), &p, sizeof(p));
	}
	return 0; /* the handle stays open for the life of the process */
}

int lazylib_load(struct lazylib *l, const char *what, char *err, size_t errsz)
{
	int st = __atomic_load_n(&l->state, __ATOMIC_ACQUIRE);
	if (!st) {
		pthread_mutex_lock(&lazylib_lock);
		st = l->state;
		if (!st) {
			st = lazylib_open(l) ? -1 : 1;
			__atomic_store_n(&l->state, st, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&lazylib_lock);
	}
	if (st > 0)
		return 0;
	if (err && errsz)
		snprintf(err, errsz, "%s (needed for %s)", l->msg, what);
	return -1;
}
