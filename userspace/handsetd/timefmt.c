/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * timefmt.c - times as handsetd shows them.  Both forms are local time, so
 * the text a person reads and the JSON a program reads name the same
 * instant the same way; the JSON carries the offset so it is unambiguous.
 * Times are seconds since the epoch (now_wall()).
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <re.h>
#include "timefmt.h"

static int format(char *buf, size_t size, uint64_t t, bool iso)
{
	time_t tt = (time_t)t;
	struct tm tm;
	size_t n;

	if (!localtime_r(&tt, &tm))
		return EOVERFLOW;

	n = strftime(buf, size, iso ? "%Y-%m-%dT%H:%M:%S%z" :
		     "%Y-%m-%d %H:%M:%S", &tm);
	if (!n)
		return EOVERFLOW;

	/* strftime's %z is +hhmm; the extended form wants +hh:mm */
	if (iso) {
		if (n + 2 > size)
			return EOVERFLOW;
		memmove(buf + n - 1, buf + n - 2, 3);
		buf[n - 2] = ':';
	}

	return 0;
}

/* For JSON documents: ISO 8601 extended form with the UTC offset. */
int time_iso(char buf[TIME_ISO_SIZE], uint64_t t)
{
	if (!buf)
		return EINVAL;

	return format(buf, TIME_ISO_SIZE, t, true);
}

/* For people (%H): local time, "-" for a time that cannot be shown. */
int time_text(struct re_printf *pf, const uint64_t *t)
{
	char buf[32];

	if (!t || format(buf, sizeof(buf), *t, false))
		return re_hprintf(pf, "-");

	return re_hprintf(pf, "%s", buf);
}

/*
 * CLOCK_MONOTONIC ns from the kernel to seconds since the epoch.  Done in
 * nanoseconds so one instant always maps to the same second.
 */
uint64_t time_mono_to_wall(uint64_t mono_ns)
{
	struct timespec mono, real;
	uint64_t now_mono, now_real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);

	now_mono = (uint64_t)mono.tv_sec * 1000000000ULL +
		(uint64_t)mono.tv_nsec;
	now_real = (uint64_t)real.tv_sec * 1000000000ULL +
		(uint64_t)real.tv_nsec;
	if (mono_ns > now_mono)
		mono_ns = now_mono;

	return (now_real - (now_mono - mono_ns)) / 1000000000ULL;
}
