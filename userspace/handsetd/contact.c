/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Contact header values and the expiry rules of RFC 3261 10.3: which
 * expiry applies to a contact, when it is too brief, when it is clamped.
 * Pure functions, so the unit tests can hold them to the RFC.
 */
#include <string.h>
#include "handsetd.h"

static void param_handler(const struct pl *name, const struct pl *val,
			  void *arg)
{
	struct contact *c = arg;

	if (!pl_strcasecmp(name, "+sip.instance"))
		c->instance = *val;
}

static void trim(struct pl *pl)
{
	while (pl->l && strchr(" \t\r\n", pl->p[0]))
		pl_advance(pl, 1);
	while (pl->l && strchr(" \t\r\n", pl->p[pl->l - 1]))
		--pl->l;
}

/*
 * One Contact value (libre splits the comma-separated list for us).
 * Returns EBADMSG when it is neither "*" nor a sip:/sips: address, or when
 * its expires parameter is not a number.
 */
int contact_decode(struct contact *c, const struct pl *hval)
{
	struct pl v, exp;
	int err;

	if (!c || !hval)
		return EINVAL;

	memset(c, 0, sizeof(*c));
	v = *hval;
	trim(&v);

	if (v.l == 1 && v.p[0] == '*') {
		c->star = true;
		return 0;
	}

	err = sip_addr_decode(&c->addr, &v);
	if (err)
		return EBADMSG;

	if (pl_strcasecmp(&c->addr.uri.scheme, "sip") &&
	    pl_strcasecmp(&c->addr.uri.scheme, "sips"))
		return EBADMSG;

	if (!pl_isset(&c->addr.uri.host))
		return EBADMSG;

	if (!msg_param_decode(&c->addr.params, "expires", &exp)) {
		if (expires_decode(&c->expires, &exp))
			return EBADMSG;
		c->has_expires = true;
	}

	fmt_param_apply(&c->addr.params, param_handler, c);

	return 0;
}

/* delta-seconds: digits only; beyond 2^32-1 means "as long as allowed" */
int expires_decode(uint32_t *val, const struct pl *pl)
{
	struct pl v;
	uint64_t n = 0;
	size_t i;

	if (!val || !pl)
		return EINVAL;

	v = *pl;
	trim(&v);
	if (!v.l)
		return EBADMSG;

	for (i = 0; i < v.l; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return EBADMSG;
		if (n <= UINT32_MAX)
			n = n * 10 + (uint64_t)(v.p[i] - '0');
	}

	*val = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;

	return 0;
}

/*
 * The contact's own expires parameter wins over the Expires header, which
 * wins over the configured default.  Zero means "remove".  Below the
 * minimum is ERANGE (the caller answers 423 with Min-Expires); above the
 * maximum is clamped, which RFC 3261 allows the registrar to do.
 */
int expiry_decide(uint32_t *exp, const struct contact *c, bool has_hdr,
		  uint32_t hdr, uint32_t min, uint32_t def, uint32_t max)
{
	uint32_t v;

	if (!exp || !c)
		return EINVAL;

	if (c->has_expires)
		v = c->expires;
	else if (has_hdr)
		v = hdr;
	else
		v = def;

	if (v == 0) {
		*exp = 0;
		return 0;
	}

	if (v < min)
		return ERANGE;

	*exp = v > max ? max : v;

	return 0;
}
