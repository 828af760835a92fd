/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MAC addresses: the forms administrators type, the forms phones announce,
 * one canonical form (lower case, colon separated) for storage and display,
 * and the "probable typo" relation between two addresses.
 */
#include <ctype.h>
#include <string.h>
#include "handsetd.h"

static int from_digits(uint8_t mac[MAC_LEN], const char digits[12])
{
	int i;

	for (i = 0; i < MAC_LEN; i++) {
		int hi = hex_digit(digits[2 * i]);
		int lo = hex_digit(digits[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return EINVAL;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}

	return 0;
}

/*
 * Accepts 00:15:65:12:34:56, 00-15-65-12-34-56 and 001565123456 in any
 * case.  A mix of separators is refused: it is more likely a mistake than
 * a deliberate form.
 */
int mac_parse(uint8_t mac[MAC_LEN], const char *str, size_t len)
{
	char digits[12];
	char sep;
	size_t i;

	if (!mac || !str)
		return EINVAL;

	if (len == 12)
		return from_digits(mac, str);

	if (len != 17)
		return EINVAL;

	sep = str[2];
	if (sep != ':' && sep != '-')
		return EINVAL;

	for (i = 0; i < 6; i++) {
		if (i < 5 && str[3 * i + 2] != sep)
			return EINVAL;
		digits[2 * i]     = str[3 * i];
		digits[2 * i + 1] = str[3 * i + 1];
	}

	return from_digits(mac, digits);
}

void mac_format(char buf[MAC_STR_SIZE], const uint8_t mac[MAC_LEN])
{
	(void)re_snprintf(buf, MAC_STR_SIZE,
			  "%02x:%02x:%02x:%02x:%02x:%02x",
			  mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static void to_digits(char d[12], const uint8_t mac[MAC_LEN])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < MAC_LEN; i++) {
		d[2 * i]     = hex[mac[i] >> 4];
		d[2 * i + 1] = hex[mac[i] & 0xf];
	}
}

/*
 * True when b is what an administrator typing a would plausibly have
 * produced: one hex digit wrong, or two neighbouring digits swapped.
 */
bool mac_is_typo(const uint8_t a[MAC_LEN], const uint8_t b[MAC_LEN])
{
	char da[12], db[12];
	int diff[3];
	int n = 0;
	int i;

	if (!a || !b)
		return false;

	to_digits(da, a);
	to_digits(db, b);

	for (i = 0; i < 12; i++) {
		if (da[i] == db[i])
			continue;
		if (n == 2)
			return false;
		diff[n++] = i;
	}

	if (n == 1)
		return true;

	return n == 2 && diff[1] == diff[0] + 1 &&
		da[diff[0]] == db[diff[1]] && da[diff[1]] == db[diff[0]];
}

/*
 * RFC 5626 +sip.instance as phones send it ("<urn:uuid:...>", quoted).
 * Polycom, Yealink and Grandstream put the MAC in the last UUID group,
 * e.g. urn:uuid:00000000-0000-1000-8000-001565123456.
 */
int mac_from_instance(uint8_t mac[MAC_LEN], const struct pl *instance)
{
	struct pl v, ver, last;

	if (!mac || !pl_isset(instance))
		return EINVAL;

	if (re_regex(instance->p, instance->l,
		     "urn:uuid:[0-9a-fA-F]+-[0-9a-fA-F]+-[0-9a-fA-F]+-"
		     "[0-9a-fA-F]+-[0-9a-fA-F]+",
		     NULL, NULL, &ver, NULL, &last))
		return ENOENT;

	/* only a version 1 UUID carries a MAC (its node field); clients such
	 * as linphone send random version 4 UUIDs */
	if (!ver.l || ver.p[0] != '1')
		return ENOENT;

	v = last;
	if (v.l != 12)
		return ENOENT;

	return from_digits(mac, v.p);
}

static bool boundary(const char *p, const char *start, const char *end)
{
	if (p < start || p >= end)
		return true;

	return !isalnum((unsigned char)*p);
}

/*
 * A MAC written somewhere in free text, such as a User-Agent header
 * ("Cisco/SPA504G-7.5.5 (001565123456)", "Yealink SIP-T46S 66.85.0.5
 * 00:15:65:12:34:56").  Only whole tokens count, so a long hex build id does
 * not turn into an address.
 */
int mac_from_text(uint8_t mac[MAC_LEN], const struct pl *text)
{
	const char *start, *end, *p;

	if (!mac || !pl_isset(text))
		return EINVAL;

	start = text->p;
	end = text->p + text->l;

	for (p = start; p < end; p++) {
		size_t left = (size_t)(end - p);

		if (!boundary(p - 1, start, end))
			continue;

		if (left >= 17 && boundary(p + 17, start, end) &&
		    !mac_parse(mac, p, 17))
			return 0;

		if (left >= 12 && boundary(p + 12, start, end) &&
		    !mac_parse(mac, p, 12))
			return 0;
	}

	return ENOENT;
}

/*
 * The user part of a plug-and-play SUBSCRIBE's From URI: "MAC%3a0004f2..."
 * (Polycom, Snom, Yealink), "MAC:..." or the bare address.
 */
int mac_from_user(uint8_t mac[MAC_LEN], const struct pl *user)
{
	struct pl u;

	if (!mac || !pl_isset(user))
		return EINVAL;

	u = *user;
	if (u.l > 6 && !strncasecmp(u.p, "MAC%3a", 6))
		pl_advance(&u, 6);
	else if (u.l > 4 && !strncasecmp(u.p, "MAC:", 4))
		pl_advance(&u, 4);

	if (mac_parse(mac, u.p, u.l))
		return ENOENT;

	return 0;
}
