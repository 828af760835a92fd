/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The expiry rules of RFC 3261 10.3 steps 7-8: which value applies, zero
 * removes, below the minimum is 423, above the maximum is clamped.
 */
#include <string.h>
#include "handsetd.h"
#include "tap.h"

enum { MIN = 60, DEF = 3600, MAX = 7200 };

static int decide(uint32_t *out, bool has_param, uint32_t param,
		  bool has_hdr, uint32_t hdr)
{
	struct contact c;

	memset(&c, 0, sizeof(c));
	c.has_expires = has_param;
	c.expires = param;

	return expiry_decide(out, &c, has_hdr, hdr, MIN, DEF, MAX);
}

int main(void)
{
	uint32_t e = 1;

	ok(!decide(&e, false, 0, false, 0) && e == DEF,
	   "neither: default_expires");
	ok(!decide(&e, false, 0, true, 600) && e == 600,
	   "Expires header used");
	ok(!decide(&e, true, 300, true, 600) && e == 300,
	   "contact expires parameter beats the header");
	ok(!decide(&e, true, 0, true, 600) && e == 0,
	   "expires=0 on the contact removes even with Expires 600");
	ok(!decide(&e, false, 0, true, 0) && e == 0, "Expires: 0 removes");
	ok(decide(&e, false, 0, true, 59) == ERANGE,
	   "one below min_expires: too brief (423)");
	ok(!decide(&e, false, 0, true, 60) && e == 60,
	   "exactly min_expires accepted");
	ok(decide(&e, true, 1, true, 3600) == ERANGE,
	   "too brief contact parameter wins over a good header");
	ok(!decide(&e, false, 0, true, 7201) && e == MAX,
	   "above max_expires clamped");
	ok(!decide(&e, true, UINT32_MAX, false, 0) && e == MAX,
	   "saturated value clamped");
	ok(expiry_decide(NULL, NULL, false, 0, MIN, DEF, MAX) == EINVAL,
	   "NULL arguments refused");

	return tap_done();
}
