/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The location service as a SIP redirect server (RFC 3261 8.3 and 21.3):
 * a call engine on the box or the LAN (Asterisk, FreeSWITCH, Kamailio),
 * listed in sip.trusted, sends an INVITE, MESSAGE, SUBSCRIBE or OPTIONS
 * for a handset's User ID or Login ID and gets
 *
 *   302 Moved Temporarily   with the handset's live contacts (q and
 *                           expires, most recent first; location.c),
 *   480 Temporarily Unavailable   when it has none,
 *   404 Not Found           when no handset has that ID.
 *
 * Anyone else asking gets 403 and is counted by the rate limiter like a
 * failed authentication: where a phone is tells an attacker where to send
 * its traffic.  Two things stay the registrar's, answered as before:
 *
 *  - an OPTIONS from a source that is not trusted, and a trusted OPTIONS
 *    without a user part, are keepalives to the registrar itself (phones
 *    send them every few seconds to hold their NAT binding open): 200;
 *  - a ua-profile SUBSCRIBE is plug-and-play provisioning, a
 *    message-summary SUBSCRIBE is a phone asking for its mailbox (489, as
 *    before), and a request with a To tag belongs to a dialog.
 *
 * A trusted request without a user part (INVITE sip:pbx.local) names no
 * handset: the registrar answers it as before (405).
 */
#include <string.h>
#include <syslog.h>
#include "handsetd.h"
#include "admin.h"

struct redirect {
	struct sip *sip;
	struct records *recs;
	struct analog *an;
	struct ratelimit *rl;
};

int redirect_alloc(struct redirect **rdp, struct sip *sip,
		   struct records *recs, struct analog *an,
		   struct ratelimit *rl)
{
	struct redirect *rd;

	if (!rdp || !sip || !recs || !rl)
		return EINVAL;

	rd = mem_zalloc(sizeof(*rd), NULL);
	if (!rd)
		return ENOMEM;

	rd->sip = sip;
	rd->recs = recs;
	rd->an = an;
	rd->rl = rl;
	*rdp = rd;

	return 0;
}

static bool is_lookup_method(const struct pl *met)
{
	return !pl_strcmp(met, "INVITE") || !pl_strcmp(met, "MESSAGE") ||
		!pl_strcmp(met, "SUBSCRIBE") || !pl_strcmp(met, "OPTIONS");
}

/*
 * A phone's own subscriptions to its registrar: its provisioning profile
 * (ua-profile) and its mailbox (message-summary, which many phones send
 * to the registrar on their own).  Neither asks where a handset is, and
 * refusing them as lookups would count each retry against the phone's
 * address until its registrations were blocked too.
 */
static bool is_own_subscription(const struct sip_msg *msg)
{
	const struct sip_hdr *ev = sip_msg_hdr(msg, SIP_HDR_EVENT);

	return ev && (!re_regex(ev->val.p, ev->val.l, "ua-profile") ||
		      !re_regex(ev->val.p, ev->val.l, "message-summary"));
}

static int contacts_print(struct re_printf *pf, const struct location *loc)
{
	const uint64_t now = loc->now;
	unsigned i;
	int err = 0;

	for (i = 0; i < loc->n; i++) {
		const struct location_contact *c = &loc->v[i];

		err |= re_hprintf(pf, "Contact: <%s>;q=%u.%u", c->uri,
				  c->q / 1000, c->q % 1000 / 100);
		if (c->expires)
			err |= re_hprintf(pf, ";expires=%llu",
					  (unsigned long long)
					  (c->expires > now ?
					   c->expires - now : 0));
		err |= re_hprintf(pf, "\r\n");
	}

	return err;
}

static void answer(struct redirect *rd, const struct sip_msg *msg,
		   uint64_t now)
{
	struct location loc;

	location_find(&loc, rd->recs, rd->an, &msg->uri.user, now);

	switch (loc.state) {

	case LOCATION_AVAILABLE:
		(void)sip_replyf(rd->sip, msg, 302, "Moved Temporarily",
				 "%HContent-Length: 0\r\n\r\n",
				 contacts_print, &loc);
		break;

	case LOCATION_UNAVAILABLE:
		(void)sip_replyf(rd->sip, msg, 480,
				 "Temporarily Unavailable",
				 "Content-Length: 0\r\n\r\n");
		break;

	default:
		(void)sip_replyf(rd->sip, msg, 404, "Not Found",
				 "Content-Length: 0\r\n\r\n");
		break;
	}
}

/* true: the request was the location service's and has been answered */
bool redirect_request(struct redirect *rd, const struct sip_msg *msg)
{
	const struct admin_conf *ac;
	uint64_t now = now_wall();
	bool trusted;

	if (!rd || !msg || !is_lookup_method(&msg->met) ||
	    pl_isset(&msg->to.tag))
		return false;

	if (!pl_strcmp(&msg->met, "SUBSCRIBE") && is_own_subscription(msg))
		return false;

	ac = config_admin(records_config(rd->recs));
	trusted = ac && netlist_match(ac->trusted, &msg->src);

	if (!pl_strcmp(&msg->met, "OPTIONS") &&
	    (!trusted || !pl_isset(&msg->uri.user)))
		return false;

	if (!trusted) {
		if (!ratelimit_blocked(rd->rl, &msg->src, now)) {
			log_msg(LOG_WARNING, "location request refused: %r "
				"for \"%r\" from %j, which is not in "
				"sip.trusted", &msg->met, &msg->uri.user,
				&msg->src);
			ratelimit_failure(rd->rl, &msg->src, now);
		}
		(void)sip_replyf(rd->sip, msg, 403, "Forbidden",
				 "Content-Length: 0\r\n\r\n");
		return true;
	}

	if (!pl_isset(&msg->uri.user))
		return false;

	answer(rd, msg, now);

	return true;
}
