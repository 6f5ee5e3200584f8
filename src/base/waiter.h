/*
 * waiter: the sleep of a background thread (the feed poller, the static copy's
 * keeper) that its owner can cut short to stop it, and the start of such a thread
 * with the signals the server's main thread takes (SIGINT, SIGTERM) and SIGPIPE
 * blocked in it.
 */
#ifndef PR_WAITER_H
#define PR_WAITER_H

#include <pthread.h>

struct waiter {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	volatile int stop;        /* set by waiter_stop; may be polled (a transfer's cancel) */
};

void waiter_init(struct waiter *w);
void waiter_destroy(struct waiter *w);
/* Sleeps ms or until waiter_stop. Returns 1 if stopped. */
int waiter_sleep(struct waiter *w, long ms);
void waiter_stop(struct waiter *w);
/* pthread_create with SIGINT, SIGTERM and SIGPIPE blocked in the new thread. */
int waiter_thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
