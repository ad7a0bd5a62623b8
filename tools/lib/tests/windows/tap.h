/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TAP for the corpus of Windows-style programs (build-userspace.sh builds
 * them from the installed <ntsection.h> and pkg-config alone), as
 * tools/vm/judge.py reads it: a plan, one "ok"/"not ok" line per check,
 * "# SKIP" when the device is missing. C and C++.
 */
#ifndef WIN_TAP_H
#define WIN_TAP_H

#include <stdio.h>
#include <unistd.h>

static int tap_count, tap_failed;

/* Prints the plan; 0 when the checks can run, else every check skipped. */
static inline int tap_start(int planned)
{
	int i;

	printf("TAP version 13\n1..%d\n", planned);
	if (access("/dev/ntsection", F_OK) == 0)
		return 0;
	for (i = 1; i <= planned; i++)
		printf("ok %d # SKIP /dev/ntsection is missing\n", i);
	return -1;
}

static inline void tap_check(int ok, const char *what)
{
	printf("%sok %d %s\n", ok ? "" : "not ", ++tap_count, what);
	if (!ok)
		tap_failed++;
	fflush(stdout);
}

static inline void tap_skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_count, why);
}

static inline int tap_end(void)
{
	printf("# Totals: pass:%d fail:%d\n", tap_count - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif /* WIN_TAP_H */
