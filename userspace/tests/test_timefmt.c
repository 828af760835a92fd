/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one time formatter: ISO 8601 with the zone's offset (+hh:mm, also
 * for half-hour and negative zones), local time for people, and the
 * kernel's monotonic stamps mapped to the wall clock.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <re.h>
#include "timefmt.h"
#include "tap.h"

static void zone(const char *tz)
{
	(void)setenv("TZ", tz, 1);
	tzset();
}

static int text_vph(const char *p, size_t size, void *arg)
{
	struct mbuf *mb = arg;

	return mbuf_write_mem(mb, (const uint8_t *)p, size);
}

int main(void)
{
	/* 2026-12-03 08:00:00 UTC */
	const uint64_t t = 1796284800;
	char buf[TIME_ISO_SIZE];
	struct mbuf *mb = mbuf_alloc(64);
	struct re_printf pf = { text_vph, mb };
	struct timespec mono;
	uint64_t now, then;

	zone("UTC0");
	ok(!time_iso(buf, t) && !strcmp(buf, "2026-12-03T08:00:00+00:00"),
	   "UTC: %s", buf);

	zone("XST-5:30");
	ok(!time_iso(buf, t) && !strcmp(buf, "2026-12-03T13:30:00+05:30"),
	   "UTC+05:30: %s", buf);

	zone("YST3:30");
	ok(!time_iso(buf, t) && !strcmp(buf, "2026-12-03T04:30:00-03:30"),
	   "UTC-03:30: %s", buf);
	ok(strlen(buf) + 1 == TIME_ISO_SIZE, "TIME_ISO_SIZE fits exactly");

	ok(!time_text(&pf, &t) && mb->end == 19 &&
	   !memcmp(mb->buf, "2026-12-03 04:30:00", 19),
	   "text: local time without offset");

	ok(time_iso(NULL, t) != 0, "no buffer: an error, not a crash");

	clock_gettime(CLOCK_MONOTONIC, &mono);
	now = (uint64_t)time(NULL);
	then = time_mono_to_wall((uint64_t)mono.tv_sec * 1000000000ULL +
				 (uint64_t)mono.tv_nsec -
				 5ULL * 1000000000ULL);
	ok(now - then >= 4 && now - then <= 6,
	   "a monotonic stamp 5 s ago is 5 s ago on the wall clock (%llu)",
	   (unsigned long long)(now - then));
	ok(time_mono_to_wall(UINT64_MAX) <= now + 1,
	   "a stamp from the future is clamped to now");

	mem_deref(mb);

	return tap_done();
}
