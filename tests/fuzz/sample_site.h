/*
 * A scratch copy of the sample site (`pressroom init --sample`), made once per
 * fuzzing process in LLVMFuzzerInitialize; shared by the targets that need a
 * store or a site.
 */
#ifndef PR_FUZZ_SAMPLE_SITE_H
#define PR_FUZZ_SAMPLE_SITE_H

#include "fuzz.h"

#include "../../src/cli/cli.h"

/* Creates the sample site once; its path into out. Exits on failure. */
static inline void fz_sample_site(char *out, size_t outsz)
{
	fz_scratch("site.db", out, outsz);
	char opt[] = "--sample";
	char *argv[] = {opt, NULL};
	/* cli_init talks on stdout; the fuzzer's log is on stderr. */
	fflush(stdout);
	if (cli_init(out, 1, argv) != 0) {
		fprintf(stderr, "fuzz: could not create the sample site in %s\n", out);
		exit(1);
	}
}

#endif
