/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MAC parsing, the canonical form, the probable-typo relation and the MAC
 * forms phones announce (+sip.instance, User-Agent, ua-profile From user).
 */
#include <string.h>
#include "handsetd.h"
#include "tap.h"

static bool parses_to(const char *in, const char *want)
{
	uint8_t mac[MAC_LEN];
	char buf[MAC_STR_SIZE];

	if (mac_parse(mac, in, strlen(in)))
		return false;
	mac_format(buf, mac);

	return !strcmp(buf, want);
}

static bool refused(const char *in)
{
	uint8_t mac[MAC_LEN];

	return mac_parse(mac, in, strlen(in)) != 0;
}

static bool typo(const char *a, const char *b)
{
	uint8_t ma[MAC_LEN], mb[MAC_LEN];

	if (mac_parse(ma, a, strlen(a)) || mac_parse(mb, b, strlen(b)))
		return false;

	return mac_is_typo(ma, mb);
}

static bool found(int (*fn)(uint8_t *, const struct pl *), const char *in,
		  const char *want)
{
	uint8_t mac[MAC_LEN];
	char buf[MAC_STR_SIZE];
	struct pl pl;

	pl_set_str(&pl, in);
	if (fn(mac, &pl))
		return want == NULL;
	if (!want)
		return false;
	mac_format(buf, mac);

	return !strcmp(buf, want);
}

int main(void)
{
	const char *canon = "00:15:65:12:34:56";

	ok(parses_to("00:15:65:12:34:56", canon), "colon form");
	ok(parses_to("00-15-65-12-34-56", canon), "dash form");
	ok(parses_to("001565123456", canon), "bare form");
	ok(parses_to("00:15:65:AB:cD:eF", "00:15:65:ab:cd:ef"),
	   "any case, stored lower case");
	ok(parses_to("0015656A7B8C", "00:15:65:6a:7b:8c"), "bare upper case");
	ok(refused("00:15:65-12:34:56"), "mixed separators refused");
	ok(refused("00:15:65:12:34"), "five octets refused");
	ok(refused("00:15:65:12:34:5g"), "non-hex digit refused");
	ok(refused("0015651234567"), "13 digits refused");
	ok(refused("00.15.65.12.34.56"), "dots refused");
	ok(refused(""), "empty refused");
	ok(refused("00:15:65:12:34:56 "), "trailing space refused");

	ok(typo("00:15:65:aa:bb:cd", "00:15:65:aa:bb:ce"),
	   "one hex digit differs: typo");
	ok(typo("00:15:65:ab:cd:fe", "00:15:65:ab:cd:ef"),
	   "adjacent digits swapped within an octet: typo");
	ok(typo("00:15:65:ab:cd:ef", "00:15:65:ab:dc:ef"),
	   "adjacent digits swapped: typo");
	ok(typo("00:15:65:a1:2b:cd", "00:15:65:a2:1b:cd"),
	   "swap across the octet boundary (adjacent digits): typo");
	ok(!typo("00:15:65:aa:bb:cd", "00:15:65:aa:bb:cd"),
	   "identical: not a typo");
	ok(!typo("00:15:65:aa:bb:cd", "00:15:65:aa:bc:ce"),
	   "two digits differ: not a typo");
	ok(!typo("00:15:65:ab:cd:ef", "00:15:65:fb:cd:ea"),
	   "non-adjacent swap: not a typo");
	ok(!typo("00:15:65:ab:cd:ef", "00:15:65:ab:cd:12"),
	   "two adjacent digits changed, not swapped: not a typo");

	ok(found(mac_from_instance,
		 "\"<urn:uuid:00000000-0000-1000-8000-001565AABBCE>\"",
		 "00:15:65:aa:bb:ce"), "MAC from a version 1 +sip.instance");
	ok(found(mac_from_instance,
		 "<urn:uuid:8f4d6b2e-1b3c-4c5d-9e6f-b5d867066203>", NULL),
	   "no MAC from a random (version 4) UUID");
	ok(found(mac_from_instance, "<urn:foo:bar>", NULL),
	   "no MAC from a non-UUID instance");
	ok(found(mac_from_text, "Yealink SIP-T46S 66.86.0.15 00:15:65:ab:cd:ef",
		 "00:15:65:ab:cd:ef"), "MAC at the end of a User-Agent");
	ok(found(mac_from_text, "Cisco/SPA504G-7.5.5 (001565123456)", canon),
	   "bare MAC in parentheses in a User-Agent");
	ok(found(mac_from_text, "Yealink SIP-T46S 66.85.0.5", NULL),
	   "no MAC in a plain User-Agent");
	ok(found(mac_from_text, "build abcdef0123456789", NULL),
	   "a longer hex token is not a MAC");
	ok(found(mac_from_user, "MAC%3a0004f2123456", "00:04:f2:12:34:56"),
	   "ua-profile From user MAC%%3a...");
	ok(found(mac_from_user, "MAC:0004F2123456", "00:04:f2:12:34:56"),
	   "ua-profile From user MAC:...");
	ok(found(mac_from_user, "alice", NULL), "no MAC in an ordinary user");

	return tap_done();
}
