/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Contact values and Expires as a REGISTER carries them.
 */
#include <string.h>
#include "handsetd.h"
#include "tap.h"

static int decode(struct contact *c, const char *s)
{
	struct pl pl;

	pl_set_str(&pl, s);

	return contact_decode(c, &pl);
}

static int exp_of(uint32_t *v, const char *s)
{
	struct pl pl;

	pl_set_str(&pl, s);

	return expires_decode(v, &pl);
}

int main(void)
{
	struct contact c;
	uint32_t v = 0;

	ok(!decode(&c, "<sip:101@192.0.2.1:5062>;expires=60") &&
	   c.has_expires && c.expires == 60 && !c.star &&
	   !pl_strcmp(&c.addr.auri, "sip:101@192.0.2.1:5062"),
	   "name-addr with expires parameter");
	ok(!decode(&c, "\"Desk\" <sip:101@192.0.2.1;transport=tcp>") &&
	   !c.has_expires &&
	   !pl_strcmp(&c.addr.auri, "sip:101@192.0.2.1;transport=tcp"),
	   "display name, URI parameters kept in the URI");
	ok(!decode(&c, "sip:101@192.0.2.1") &&
	   !pl_strcmp(&c.addr.auri, "sip:101@192.0.2.1"),
	   "bare addr-spec");
	ok(!decode(&c, " * ") && c.star, "wildcard");
	ok(!decode(&c, "<sip:a@b>;+sip.instance=\"<urn:uuid:00000000-0000-"
		   "1000-8000-001565123456>\";expires=0") &&
	   pl_isset(&c.instance) && c.has_expires && c.expires == 0,
	   "+sip.instance and expires=0 read");
	ok(decode(&c, "<sip:a@b") == EBADMSG, "unterminated < refused");
	ok(decode(&c, "<tel:+15551234>") == EBADMSG, "tel: URI refused");
	ok(decode(&c, "<sip:a@b>;expires=soon") == EBADMSG,
	   "non-numeric expires refused");
	ok(decode(&c, "") == EBADMSG, "empty value refused");

	ok(!exp_of(&v, "3600") && v == 3600, "Expires 3600");
	ok(!exp_of(&v, " 0 ") && v == 0, "Expires 0 with blanks");
	ok(!exp_of(&v, "99999999999") && v == UINT32_MAX,
	   "huge Expires saturates");
	ok(exp_of(&v, "") == EBADMSG, "empty Expires refused");
	ok(exp_of(&v, "-5") == EBADMSG, "negative Expires refused");
	ok(exp_of(&v, "12a") == EBADMSG, "Expires with a letter refused");

	return tap_done();
}
