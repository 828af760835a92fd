/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal TAP for the unit tests: one "ok - ..." or "not ok - ..." line per
 * check, a plan at the end, exit status 1 when anything failed.
 */
#ifndef HANDSETD_TAP_H
#define HANDSETD_TAP_H

#include <stdio.h>

static int tap_n;
static int tap_failed;

#define ok(cond, ...) do {						\
	++tap_n;							\
	if (cond) {							\
		printf("ok %d - ", tap_n);				\
	} else {							\
		printf("not ok %d - ", tap_n);				\
		++tap_failed;						\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!(cond))							\
		printf("#   failed at %s:%d\n", __FILE__, __LINE__);	\
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	fflush(stdout);

	return tap_failed ? 1 : 0;
}

#endif
