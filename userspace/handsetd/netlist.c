/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address lists as administrators write them: "192.168.1.10",
 * "192.168.1.0/24", "2001:db8::/32".  sip.trusted and ratelimit.exempt are
 * such lists; a request's source address either falls in one of the
 * networks or not.  IPv4 and IPv6 never match each other.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "handsetd.h"
#include "admin.h"

struct net {
	int af;
	uint8_t addr[16];
	unsigned bits;
};

struct netlist {
	struct net *v;
	unsigned n;
};

static void netlist_destructor(void *arg)
{
	struct netlist *nl = arg;

	mem_deref(nl->v);
}

int netlist_alloc(struct netlist **nlp, unsigned max)
{
	struct netlist *nl;

	if (!nlp)
		return EINVAL;

	nl = mem_zalloc(sizeof(*nl), netlist_destructor);
	if (!nl)
		return ENOMEM;

	if (max) {
		nl->v = mem_zalloc(max * sizeof(*nl->v), NULL);
		if (!nl->v) {
			mem_deref(nl);
			return ENOMEM;
		}
	}

	*nlp = nl;

	return 0;
}

/* One entry; EINVAL when str is no address or the prefix length is off. */
int netlist_add(struct netlist *nl, const char *str)
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct net *n;
	const char *slash;
	unsigned max;
	char *end;

	if (!nl || !str || strlen(str) >= sizeof(buf))
		return EINVAL;

	n = &nl->v[nl->n];
	memset(n, 0, sizeof(*n));
	strcpy(buf, str);
	slash = strchr(buf, '/');
	if (slash)
		buf[slash - buf] = '\0';

	if (inet_pton(AF_INET, buf, n->addr) == 1) {
		n->af = AF_INET;
		max = 32;
	}
	else if (inet_pton(AF_INET6, buf, n->addr) == 1) {
		n->af = AF_INET6;
		max = 128;
	}
	else {
		return EINVAL;
	}

	n->bits = max;
	if (slash) {
		unsigned long v;

		if (!slash[1] || slash[1] < '0' || slash[1] > '9')
			return EINVAL;
		v = strtoul(slash + 1, &end, 10);
		if (*end || v > max)
			return EINVAL;
		n->bits = (unsigned)v;
	}

	++nl->n;

	return 0;
}

static bool prefix_eq(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, whole))
		return false;
	if (!rest)
		return true;

	return ((a[whole] ^ b[whole]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

bool netlist_match(const struct netlist *nl, const struct sa *src)
{
	uint8_t a[16];
	uint32_t v4;
	unsigned i;
	int af;

	if (!nl || !src || !nl->n)
		return false;

	af = sa_af(src);
	if (af == AF_INET) {
		v4 = htonl(sa_in(src));
		memcpy(a, &v4, sizeof(v4));
	}
	else if (af == AF_INET6) {
		sa_in6(src, a);
	}
	else {
		return false;
	}

	for (i = 0; i < nl->n; i++) {
		if (nl->v[i].af == af && prefix_eq(nl->v[i].addr, a,
						   nl->v[i].bits))
			return true;
	}

	return false;
}

unsigned netlist_count(const struct netlist *nl)
{
	return nl ? nl->n : 0;
}
