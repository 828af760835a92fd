/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Plug-and-play discovery: which physical device sent a request, from what
 * it says about itself.  Phones announce their MAC in three ways:
 *
 *  - RFC 5626 +sip.instance "<urn:uuid:...-001565123456>" (Yealink,
 *    Polycom, Grandstream put the MAC in the last UUID group);
 *  - the User-Agent ("Cisco/SPA504G-7.5.5 (001565123456)", Yealink and
 *    Fanvil firmware that appends the MAC);
 *  - a SUBSCRIBE with "Event: ua-profile" whose From user is
 *    "MAC%3a0004f2123456" (Polycom, Snom, Yealink, Grandstream).
 *
 * A MAC that matches no configured handset becomes a discovered device.  The
 * MAC is returned so the registrar can remember it for the handset once the
 * request is authenticated, and flag a mismatch.
 */
#include <string.h>
#include "handsetd.h"

static bool instance_handler(const struct sip_hdr *hdr,
			     const struct sip_msg *msg, void *arg)
{
	struct contact c;
	struct pl *inst = arg;

	(void)msg;

	/* most phones send none: skip the full decode for them */
	if (!memmem(hdr->val.p, hdr->val.l, "+sip.instance", 13) ||
	    contact_decode(&c, &hdr->val) || !pl_isset(&c.instance))
		return false;

	*inst = c.instance;

	return true;
}

/*
 * The model as the User-Agent names it: the token after the vendor word
 * ("Yealink SIP-T46S 66.85.0.5" -> "SIP-T46S"), else the first token up to
 * a "/" ("snomD785/10.1.54.13" -> "snomD785").
 */
static void model_from_ua(char *buf, size_t size, const struct pl *ua)
{
	struct pl first, second;

	buf[0] = '\0';
	if (!pl_isset(ua))
		return;

	if (!re_regex(ua->p, ua->l, "[^ /]+[ ]+[^ /]+", &first, NULL,
		      &second) && first.p == ua->p &&
	    vendor_from_ua(&first) && first.l < 16) {
		(void)pl_strcpy(&second, buf, size);
		return;
	}

	if (!re_regex(ua->p, ua->l, "[^ /]+", &first) && first.p == ua->p)
		(void)pl_strcpy(&first, buf, size);
}

static void event_model(char *buf, size_t size, const struct pl *event)
{
	struct pl v;

	if (!msg_param_decode(event, "model", &v)) {
		if (v.l >= 2 && v.p[0] == '"') {
			v.p++;
			v.l -= 2;
		}
		(void)pl_strcpy(&v, buf, size);
	}
}

bool discovery_observe(struct records *r, const struct sip_msg *msg,
		       uint64_t now, uint8_t mac[MAC_LEN])
{
	const struct sip_hdr *uah, *evh;
	struct pl inst = PL_INIT, ua = PL_INIT;
	const char *how = NULL;
	const char *vendor;
	char model[64];

	if (!r || !msg || !mac)
		return false;

	uah = sip_msg_hdr(msg, SIP_HDR_USER_AGENT);
	if (uah)
		ua = uah->val;
	evh = sip_msg_hdr(msg, SIP_HDR_EVENT);

	(void)sip_msg_hdr_apply(msg, true, SIP_HDR_CONTACT, instance_handler,
				&inst);

	if (pl_isset(&inst) && !mac_from_instance(mac, &inst))
		how = "sip.instance";
	else if (evh && !pl_strcmp(&msg->met, "SUBSCRIBE") &&
		 re_regex(evh->val.p, evh->val.l, "ua-profile") == 0 &&
		 !mac_from_user(mac, &msg->from.uri.user))
		how = "ua-profile SUBSCRIBE";
	else if (pl_isset(&ua) && !mac_from_text(mac, &ua))
		how = "User-Agent";

	if (!how)
		return false;

	if (config_by_mac(records_config(r), mac))
		return true;

	vendor = vendor_from_ua(&ua);
	if (!vendor)
		vendor = vendor_from_oui(mac);

	model[0] = '\0';
	if (evh)
		event_model(model, sizeof(model), &evh->val);
	if (!model[0])
		model_from_ua(model, sizeof(model), &ua);

	records_discovered(r, mac, &ua, vendor, model[0] ? model : NULL, how,
			   &msg->src, now);

	return true;
}
