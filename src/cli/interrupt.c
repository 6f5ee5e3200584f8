/* Ctrl-C and SIGTERM during a fetch: see cli.h. */
#include <signal.h>

#include "cli.h"

volatile sig_atomic_t cli_cancel;

static struct sigaction cli_old_int, cli_old_term;

static void cli_interrupt(int sig)
{
	(void)sig;
	cli_cancel = 1;
}

void cli_catch_begin(void)
{
	struct sigaction sa = {.sa_handler = cli_interrupt};
	sigemptyset(&sa.sa_mask);
	cli_cancel = 0;
	sigaction(SIGINT, &sa, &cli_old_int);
	sigaction(SIGTERM, &sa, &cli_old_term);
}

void cli_catch_end(void)
{
	sigaction(SIGINT, &cli_old_int, NULL);
	sigaction(SIGTERM, &cli_old_term, NULL);
}
