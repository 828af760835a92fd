/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal TAP for the unit tests: one "ok - ..." or "not ok - ..." line per
 * check, a plan at the end, exit status 1 when anything failed.
 */
#ifndef HANDSETD_TAP_H
#define HANDSETD_TAP_H

#include <stdbool.h>
#include <stdio.h>

static int tap_n;
static int tap_failed;

/* cond is evaluated exactly once: checks often have side effects */
#define ok(cond, ...) do {						\
	bool tap_ok_ = (cond);						\
	++tap_n;							\
	if (tap_ok_) {							\
		printf("ok %d - ", tap_n);				\
	} else {							\
		printf("not ok %d - ", tap_n);				\
		++tap_failed;						\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!tap_ok_)							\
		printf("#   failed at %s:%d\n", __FILE__, __LINE__);	\
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	fflush(stdout);

	return tap_failed ? 1 : 0;
}

#endif
