/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIP plug-and-play: phones out of the box send
 *
 *   SUBSCRIBE sip:MAC%3a0015651234ab@224.0.1.75
 *   Event: ua-profile;profile-type="device";vendor=...;model=...
 *   Accept: application/url
 *
 * to the multicast group 224.0.1.75 port 5060.  For a MAC a handset has
 * (and whose model handsetd provisions), the answer is 200, then a NOTIFY
 * with the same Event, Subscription-State: terminated and the provisioning
 * URL as an application/url body.  Any other MAC is recorded as a
 * discovered device, as a unicast SUBSCRIBE is, and not answered: several
 * servers may listen on the group, and silence lets the right one speak.
 *
 * The group is received on a UDP socket of its own (joined with libre's
 * udp_multicast_join); the 200 leaves from a second, unbound one because a
 * reply may not come from a multicast address; the NOTIFY is a request of
 * handsetd's SIP stack, so its retransmissions and its timeout are libre's.
 * A phone that never answers the NOTIFY costs one transaction until
 * libre's timer F (32 s); at most MAX_NOTIFY are pending, beyond that the
 * phone is left to ask again.
 */
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/socket.h>
#include "handsetd.h"
#include "events.h"
#include "prov.h"

enum {
	PNP_PORT   = 5060,
	MAX_NOTIFY = 4096,
	TAG_LEN    = 16,
	/* a power cut boots every phone at once: a second of SUBSCRIBEs */
	RCVBUF     = 2 << 20,
};

static const char pnp_group[] = "224.0.1.75";

struct pnp {
	struct prov *p;
	struct sip *sip;
	struct udp_sock *us;
	struct udp_sock *tx;
	struct list notifies;
	uint32_t notifyc;
};

struct notify {
	struct le le;
	struct pnp *pnp;
	struct sip_request *req;
	char mac[MAC_STR_SIZE];
};

static void notify_destructor(void *arg)
{
	struct notify *n = arg;

	list_unlink(&n->le);
	--n->pnp->notifyc;
	mem_deref(n->req);
}

static void pnp_destructor(void *arg)
{
	struct pnp *pnp = arg;

	list_flush(&pnp->notifies);
	mem_deref(pnp->us);
	mem_deref(pnp->tx);
}

static void resp_handler(int err, const struct sip_msg *msg, void *arg)
{
	struct notify *n = arg;

	if (err)
		log_msg(LOG_NOTICE, "pnp: NOTIFY to %s: %m", n->mac, err);
	else if (msg->scode < 200)
		return;
	else if (msg->scode >= 300)
		log_msg(LOG_NOTICE, "pnp: NOTIFY to %s: %u %r", n->mac,
			msg->scode, &msg->reason);

	mem_deref(n);
}

/* The address of ours a packet to dst leaves from (for the URL). */
static void local_toward(struct sa *local, const struct sa *dst)
{
	socklen_t len = sizeof(local->u);
	int fd;

	sa_init(local, AF_UNSPEC);
	fd = socket(sa_af(dst), SOCK_DGRAM, 0);
	if (fd < 0)
		return;
	if (!connect(fd, &dst->u.sa, dst->len) &&
	    !getsockname(fd, &local->u.sa, &len))
		local->len = len;
	else
		sa_init(local, AF_UNSPEC);
	(void)close(fd);
}

static int via_print(struct re_printf *pf, const struct sip_msg *msg)
{
	struct le *le;
	int err = 0;

	for (le = msg->hdrl.head; le; le = le->next) {
		const struct sip_hdr *h = le->data;

		if (h->id == SIP_HDR_VIA)
			err |= re_hprintf(pf, "Via: %r\r\n", &h->val);
	}

	return err;
}

static void reply_200(struct pnp *pnp, const struct sip_msg *msg,
		      const char *tag, const struct sa *local)
{
	struct mbuf *mb = mbuf_alloc(1024);
	int err;

	if (!mb)
		return;

	err = mbuf_printf(mb, "SIP/2.0 200 OK\r\n%H"
			  "From: %r\r\nTo: %r;tag=%s\r\nCall-ID: %r\r\n"
			  "CSeq: %u %r\r\nContact: <sip:%j:%u>\r\n"
			  "Expires: 0\r\nContent-Length: 0\r\n\r\n",
			  via_print, msg, &msg->from.val, &msg->to.val, tag,
			  &msg->callid, msg->cseq.num, &msg->cseq.met, local,
			  PNP_PORT);
	mb->pos = 0;
	if (!err)
		err = udp_send(pnp->tx, &msg->src, mb);
	if (err)
		log_msg(LOG_WARNING, "pnp: 200 to %J: %m", &msg->src, err);
	mem_deref(mb);
}

/* Where the NOTIFY goes: the SUBSCRIBE's Contact, else where it came from */
static void notify_target(char *buf, size_t size, const struct sip_msg *msg)
{
	const struct sip_hdr *ch = sip_msg_hdr(msg, SIP_HDR_CONTACT);
	struct sip_addr addr;

	if (ch && !sip_addr_decode(&addr, &ch->val) &&
	    !pl_strcasecmp(&addr.uri.scheme, "sip") &&
	    pl_isset(&addr.auri) && addr.auri.l < size) {
		(void)pl_strcpy(&addr.auri, buf, size);
		return;
	}

	(void)re_snprintf(buf, size, "sip:%J", &msg->src);
}

static void send_notify(struct pnp *pnp, const struct sip_msg *msg,
			const uint8_t mac[MAC_LEN], const char *tag,
			const char *url)
{
	const struct sip_hdr *ev = sip_msg_hdr(msg, SIP_HDR_EVENT);
	struct notify *n;
	char target[256];
	int err;

	if (pnp->notifyc >= MAX_NOTIFY) {
		log_msg(LOG_WARNING, "pnp: %u NOTIFYs pending; the phone "
			"will ask again", pnp->notifyc);
		return;
	}

	n = mem_zalloc(sizeof(*n), notify_destructor);
	if (!n)
		return;
	n->pnp = pnp;
	++pnp->notifyc;
	list_append(&pnp->notifies, &n->le, n);
	mac_format(n->mac, mac);

	notify_target(target, sizeof(target), msg);

	err = sip_requestf(&n->req, pnp->sip, true, "NOTIFY", target, NULL,
			   NULL, NULL, resp_handler, n,
			   "Max-Forwards: 70\r\n"
			   "To: %r\r\n"
			   "From: %r;tag=%s\r\n"
			   "Call-ID: %r\r\n"
			   "CSeq: %u NOTIFY\r\n"
			   "Event: %r\r\n"
			   "Subscription-State: terminated;reason=timeout\r\n"
			   "Content-Type: application/url\r\n"
			   "Content-Length: %zu\r\n"
			   "\r\n%s",
			   &msg->from.val, &msg->to.val, tag, &msg->callid,
			   msg->cseq.num + 1, &ev->val, strlen(url), url);
	if (err) {
		log_msg(LOG_WARNING, "pnp: NOTIFY to %s (%s): %m", n->mac,
			target, err);
		mem_deref(n);
	}
}

static void handle(struct pnp *pnp, const struct sip_msg *msg)
{
	const struct config *cfg = prov_config(pnp->p);
	const struct sip_hdr *ev = sip_msg_hdr(msg, SIP_HDR_EVENT);
	const struct hs_conf *hc;
	char tag[TAG_LEN + 1], url[256], macs[MAC_STR_SIZE];
	uint8_t mac[MAC_LEN];
	struct sa local;

	if (!msg->req || pl_strcmp(&msg->met, "SUBSCRIBE") || !ev ||
	    re_regex(ev->val.p, ev->val.l, "ua-profile") ||
	    !pl_isset(&msg->callid) || pl_isset(&msg->to.tag))
		return;

	if (!prov_allowed(pnp->p, &msg->src)) {
		log_msg(LOG_WARNING, "pnp: SUBSCRIBE from %J: address outside "
			"provisioning.allow (ignored)", &msg->src);
		return;
	}

	/* the MAC and the discovery are the unicast path's (discovery.c) */
	if (!discovery_observe(prov_records(pnp->p), msg, now_wall(), mac)) {
		log_msg(LOG_NOTICE, "pnp: SUBSCRIBE from %J without a MAC "
			"(ignored)", &msg->src);
		return;
	}
	mac_format(macs, mac);

	hc = config_by_mac(cfg, mac);
	if (!hc) {
		events_publish(EVENT_DISCOVERY);
		log_msg(LOG_NOTICE, "pnp: SUBSCRIBE for unknown MAC %s from %J",
			macs, &msg->src);
		return;
	}
	if (!hc->model->prov || !hc->password) {
		log_msg(LOG_NOTICE, "pnp: SUBSCRIBE for %s (handset %s) from "
			"%J: its model is not provisioned", macs, hc->user_id,
			&msg->src);
		return;
	}

	local_toward(&local, &msg->src);
	if (prov_url(url, sizeof(url), pnp->p, &local)) {
		log_msg(LOG_WARNING, "pnp: no provisioning URL to give (set "
			"provisioning.url or http.listen)");
		return;
	}

	rand_str(tag, sizeof(tag));
	reply_200(pnp, msg, tag, &local);
	send_notify(pnp, msg, mac, tag, url);

	log_msg(LOG_NOTICE, "pnp: %s (handset %s) at %J told %s", macs,
		hc->user_id, &msg->src, url);
}

static void recv_handler(const struct sa *src, struct mbuf *mb, void *arg)
{
	struct pnp *pnp = arg;
	struct sip_msg *msg = NULL;

	if (sip_msg_decode(&msg, mb))
		return;

	msg->src = *src;
	msg->tp = SIP_TRANSP_UDP;
	handle(pnp, msg);
	mem_deref(msg);
}

int pnp_alloc(struct pnp **pp, struct prov *p, struct sip *sip)
{
	struct pnp *pnp;
	struct sa group, any;
	int err;

	if (!pp || !p || !sip)
		return EINVAL;

	pnp = mem_zalloc(sizeof(*pnp), pnp_destructor);
	if (!pnp)
		return ENOMEM;
	pnp->p = p;
	pnp->sip = sip;

	err  = sa_set_str(&group, pnp_group, PNP_PORT);
	err |= sa_set_str(&any, "0.0.0.0", 0);
	if (err)
		goto out;

	/* bound to the group, it hears the group and nothing else */
	err = udp_listen(&pnp->us, &group, recv_handler, pnp);
	if (err)
		goto out;
	err = udp_multicast_join(pnp->us, &group);
	if (err)
		goto out;
	(void)udp_sockbuf_set(pnp->us, RCVBUF);
	err = udp_listen(&pnp->tx, &any, NULL, NULL);
	if (err)
		goto out;

	log_msg(LOG_NOTICE, "provisioning: SIP PnP on %J", &group);

 out:
	if (err)
		mem_deref(pnp);
	else
		*pp = pnp;

	return err;
}
