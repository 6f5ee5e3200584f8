/* Ctrl-C, SIGTERM and a hang-up during a long command: see cli.h. */
#include <signal.h>

#include "cli.h"

volatile sig_atomic_t cli_cancel;

static const int cli_signals[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction cli_old[sizeof cli_signals / sizeof cli_signals[0]];
static int cli_caught[sizeof cli_signals / sizeof cli_signals[0]];

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
	for (size_t i = 0; i < sizeof cli_signals / sizeof cli_signals[0]; i++) {
		cli_caught[i] = 0;
		if (sigaction(cli_signals[i], NULL, &cli_old[i]))
			continue;
		/* A signal the command was started to ignore (nohup's SIGHUP) stays ignored. */
		if (cli_signals[i] == SIGHUP && cli_old[i].sa_handler == SIG_IGN)
			continue;
		cli_caught[i] = !sigaction(cli_signals[i], &sa, NULL);
	}
}

void cli_catch_end(void)
{
	for (size_t i = 0; i < sizeof cli_signals / sizeof cli_signals[0]; i++)
		if (cli_caught[i])
			sigaction(cli_signals[i], &cli_old[i], NULL);
}
