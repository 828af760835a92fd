/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * timefmt.h - every time handsetd shows, in one of two forms of one
 * formatter: local time for people, ISO 8601 with offset for programs.
 */
#ifndef HANDSETD_TIMEFMT_H
#define HANDSETD_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

struct re_printf;

/* "2026-12-03T09:15:02+01:00" and its terminating NUL */
enum { TIME_ISO_SIZE = 26 };

int  time_iso(char buf[TIME_ISO_SIZE], uint64_t t);
int  time_text(struct re_printf *pf, const uint64_t *t);
uint64_t time_mono_to_wall(uint64_t mono_ns);

#endif
