/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * port_settings.c - applies what handsetd.conf's ports block gives each
 * port (port_conf_resolve) with FXS_CMD_PORT_SET, when the port appears
 * (handsetd start, module load, expander plug) and on every reload, and
 * rings a port for `handsetctl ring`.
 *
 * Each group of values goes in a request of its own (timing windows, ring
 * cadence, linefeed), because the kernel checks a request as a whole and
 * a refused request changes nothing: a port that refuses one value still
 * gets the others.  When the timing windows are refused together, each is
 * tried alone (twice, since one may only fit once another has moved), so
 * only what the port really refuses stays unapplied; that is logged with
 * the kernel's extended ACK message and kept for `handsetctl ports`.
 * Values the port already has are not sent again, so a reload that
 * changes nothing announces nothing.
 *
 * The requests use a netlink socket of their own, apart from analog_nl's
 * listening and dumping ones, and wait for the kernel's ACK: a PORT_SET
 * is a short locked update in the kernel, not worth a state machine.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <re.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "analog_nl.h"
#include "port_settings.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

enum {
	RING_MAX_SECONDS = CTRL_RING_MAX_SECONDS,
	MSG_SIZE = 128,
};

struct port_settings {
	struct nl_sock *sk;
	struct list refusals;		/* struct refusal */
	struct list rings;		/* struct ring */
};

/* A value a port refused, with the kernel's words. */
struct refusal {
	struct le le;
	char port[FXS_PORT_NAME_MAX];
	enum port_key k;
	char msg[MSG_SIZE];
};

/* A `handsetctl ring` in progress: its timer stops it. */
struct ring {
	struct le le;
	struct port_settings *ps;
	char port[FXS_PORT_NAME_MAX];
	struct tmr tmr;
};

/* The answer to one request. */
struct answer {
	int err;			/* errno, 0 for an ACK */
	char msg[MSG_SIZE];		/* the extended ACK message */
};

static void port_set(struct port_settings *ps, const char *port,
		     int (*fill)(struct nl_msg *msg, const void *arg),
		     const void *arg, struct answer *ans);
static int fill_ringing(struct nl_msg *msg, const void *arg);

static void ps_destructor(void *data)
{
	struct port_settings *ps = data;
	struct answer ans;
	uint8_t off = 0;
	struct le *le;

	/* A ring handsetd started must not outlive it. */
	for (le = list_head(&ps->rings); le && ps->sk; le = le->next) {
		const struct ring *r = le->data;

		port_set(ps, r->port, fill_ringing, &off, &ans);
	}
	list_flush(&ps->rings);
	list_flush(&ps->refusals);
	if (ps->sk)
		nl_socket_free(ps->sk);
}

static void refusal_destructor(void *data)
{
	struct refusal *r = data;

	list_unlink(&r->le);
}

static void ring_destructor(void *data)
{
	struct ring *r = data;

	list_unlink(&r->le);
	tmr_cancel(&r->tmr);
}

/* The TLVs after struct nlmsgerr start after the request unless capped. */
static int err_handler(struct sockaddr_nl *who, struct nlmsgerr *e,
		       void *arg)
{
	struct nlmsghdr *hdr = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct answer *ans = arg;
	size_t off = sizeof(*e);
	size_t len = hdr->nlmsg_len - NLMSG_HDRLEN;

	(void)who;

	ans->err = -e->error;
	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (off < len &&
	    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + off),
		      (int)(len - off), NULL) >= 0 && tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(ans->msg, tb[NLMSGERR_ATTR_MSG], sizeof(ans->msg));

	return NL_STOP;
}

int port_settings_alloc(struct port_settings **psp)
{
	struct port_settings *ps;
	int one = 1;
	int err;

	if (!psp)
		return EINVAL;

	ps = mem_zalloc(sizeof(*ps), ps_destructor);
	if (!ps)
		return ENOMEM;

	list_init(&ps->refusals);
	list_init(&ps->rings);

	ps->sk = nl_socket_alloc();
	if (!ps->sk) {
		err = ENOMEM;
		goto out;
	}

	err = genl_connect(ps->sk);
	if (err) {
		log_msg(LOG_WARNING, "analog: generic netlink for port "
			"settings: %s", nl_geterror(err));
		err = EIO;
		goto out;
	}

	/* The kernel says why it refuses a value: keep its words. */
	(void)setsockopt(nl_socket_get_fd(ps->sk), SOL_NETLINK,
			 NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(nl_socket_get_fd(ps->sk), SOL_NETLINK,
			 NETLINK_CAP_ACK, &one, sizeof(one));

 out:
	if (err)
		mem_deref(ps);
	else
		*psp = ps;

	return err;
}

/*
 * One PORT_SET of @port with what @fill puts in it; the answer in @ans.
 * The family is looked up each time: the module may have been reloaded.
 */
static void port_set(struct port_settings *ps, const char *port,
		     int (*fill)(struct nl_msg *msg, const void *arg),
		     const void *arg, struct answer *ans)
{
	struct nl_msg *msg = NULL;
	int family, err;

	memset(ans, 0, sizeof(*ans));

	family = genl_ctrl_resolve(ps->sk, FXS_GENL_NAME);
	if (family < 0) {
		ans->err = ENODEV;
		str_ncpy(ans->msg, "the fxs module is not loaded",
			 sizeof(ans->msg));
		return;
	}

	msg = nlmsg_alloc();
	if (!msg ||
	    !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			 NLM_F_ACK, FXS_CMD_PORT_SET, FXS_GENL_VERSION) ||
	    nla_put_string(msg, FXS_A_PORT_NAME, port) || fill(msg, arg)) {
		ans->err = ENOMEM;
		goto out;
	}

	nl_socket_modify_err_cb(ps->sk, NL_CB_CUSTOM, err_handler, ans);

	err = nl_send_auto(ps->sk, msg);
	if (err >= 0)
		err = nl_wait_for_ack(ps->sk);
	if (err < 0 && !ans->err)
		ans->err = EIO;
	if (ans->err && !ans->msg[0])
		str_ncpy(ans->msg, strerror(ans->err), sizeof(ans->msg));

 out:
	nlmsg_free(msg);
}

struct timing_req {
	const struct port_values *v;
	unsigned mask;			/* 1 << enum port_key */
};

static int fill_timing(struct nl_msg *msg, const void *arg)
{
	const struct timing_req *t = arg;
	struct nlattr *nest;
	unsigned k;

	nest = nla_nest_start(msg, FXS_A_TIMING);
	if (!nest)
		return -1;
	for (k = 0; k < PK_TIMINGC; k++) {
		if ((t->mask & (1u << k)) &&
		    nla_put_u32(msg, analog_nl_timing_attr(k),
				t->v->timing[k]))
			return -1;
	}
	nla_nest_end(msg, nest);

	return 0;
}

static int fill_cadence(struct nl_msg *msg, const void *arg)
{
	const struct port_values *v = arg;
	struct nlattr *nest;
	unsigned i;

	nest = nla_nest_start(msg, FXS_A_RING_CADENCE);
	if (!nest)
		return -1;
	for (i = 0; i < v->cadencec; i++) {
		if (nla_put_u32(msg, FXS_A_RING_STEP, v->cadence[i]))
			return -1;
	}
	nla_nest_end(msg, nest);

	return 0;
}

static int fill_linefeed(struct nl_msg *msg, const void *arg)
{
	const struct port_values *v = arg;

	return nla_put_u8(msg, FXS_A_LINEFEED, v->linefeed);
}

static int fill_ringing(struct nl_msg *msg, const void *arg)
{
	const uint8_t *on = arg;

	return nla_put_u8(msg, FXS_A_RINGING, *on);
}

static void refused(struct port_settings *ps, const char *port,
		    enum port_key k, const struct port_values *v,
		    const struct port_resolved *r, const struct answer *ans)
{
	char val[PORT_VALUE_STR_SIZE];
	struct refusal *ref;

	log_msg(LOG_WARNING, "analog: port %s refused %s %s from %H: %s",
		port, port_key_name(k), port_value_str(val, sizeof(val), v, k),
		port_origin_print, &r->origin[k], ans->msg);

	ref = mem_zalloc(sizeof(*ref), refusal_destructor);
	if (!ref)
		return;
	str_ncpy(ref->port, port, sizeof(ref->port));
	ref->k = k;
	str_ncpy(ref->msg, ans->msg, sizeof(ref->msg));
	list_append(&ps->refusals, &ref->le, ref);
}

/* Drops what @port refused before: it is tried again, or it is gone. */
void port_settings_forget(struct port_settings *ps, const char *port)
{
	struct le *le;

	if (!ps || !port)
		return;

	le = list_head(&ps->refusals);
	while (le) {
		struct refusal *r = le->data;

		le = le->next;
		if (!strcmp(r->port, port))
			mem_deref(r);
	}
}

const char *port_settings_refused(const struct port_settings *ps,
				  const char *port, enum port_key k)
{
	struct le *le;

	for (le = ps ? list_head(&ps->refusals) : NULL; le; le = le->next) {
		const struct refusal *r = le->data;

		if (r->k == k && !strcmp(r->port, port))
			return r->msg;
	}

	return NULL;
}

/* The timing windows: together, else one by one (see the top). */
static void apply_timing(struct port_settings *ps, const char *port,
			 const struct port_resolved *r, unsigned mask)
{
	struct timing_req req = { &r->v, mask };
	struct answer ans;
	unsigned k, pass;

	port_set(ps, port, fill_timing, &req, &ans);
	if (!ans.err)
		return;

	for (pass = 0; pass < 2 && mask; pass++) {
		for (k = 0; k < PK_TIMINGC; k++) {
			if (!(mask & (1u << k)))
				continue;
			req.mask = 1u << k;
			port_set(ps, port, fill_timing, &req, &ans);
			if (!ans.err)
				mask &= ~(1u << k);
			else if (pass == 1)
				refused(ps, port, k, &r->v, r, &ans);
		}
	}
}

void port_settings_apply(struct port_settings *ps, const struct ports_conf *pc,
			 const struct analog_port *kp)
{
	struct port_resolved r;
	struct answer ans;
	unsigned k, mask = 0;

	if (!ps || !kp)
		return;

	port_settings_forget(ps, kp->name);
	port_conf_resolve(pc, kp->name, kp->location, &r);

	for (k = 0; k < PK_TIMINGC; k++) {
		if (!port_values_equal(&r.v, &kp->settings, k))
			mask |= 1u << k;
	}
	/*
	 * All five together: the kernel lays them over what the port has,
	 * which may not be what our mirror last saw, and only the whole
	 * set is known to fit.
	 */
	if (mask)
		apply_timing(ps, kp->name, &r, (1u << PK_TIMINGC) - 1);

	if (!port_values_equal(&r.v, &kp->settings, PK_CADENCE)) {
		port_set(ps, kp->name, fill_cadence, &r.v, &ans);
		if (ans.err)
			refused(ps, kp->name, PK_CADENCE, &r.v, &r, &ans);
		else
			mask |= 1u << PK_CADENCE;
	}

	if (!port_values_equal(&r.v, &kp->settings, PK_LINEFEED)) {
		port_set(ps, kp->name, fill_linefeed, &r.v, &ans);
		if (ans.err)
			refused(ps, kp->name, PK_LINEFEED, &r.v, &r, &ans);
		else
			mask |= 1u << PK_LINEFEED;
	}

	if (mask)
		log_msg(LOG_INFO, "analog: port %s: settings of %s applied",
			kp->name, pc && pc->file ? pc->file :
			"the configuration");
}

static struct ring *ring_find(const struct port_settings *ps,
			      const char *port)
{
	struct le *le;

	for (le = list_head(&ps->rings); le; le = le->next) {
		struct ring *r = le->data;

		if (!strcmp(r->port, port))
			return r;
	}

	return NULL;
}

static void ring_stop(void *arg)
{
	struct ring *r = arg;
	uint8_t off = 0;
	struct answer ans;

	/* Answered or unplugged meanwhile: then there is nothing to stop. */
	port_set(r->ps, r->port, fill_ringing, &off, &ans);
	if (ans.err && ans.err != ENODEV)
		log_msg(LOG_WARNING, "analog: port %s: stopping the ring: %s",
			r->port, ans.msg);
	mem_deref(r);
}

/*
 * Rings @port for @seconds (1 to RING_MAX_SECONDS) with its cadence, so an
 * installer can find the jack.  Returns 0, or an errno with the reason in
 * @why: ERANGE, ENODEV (no such port), EBUSY (off hook: the kernel will
 * not ring an answered line).
 */
int port_settings_ring(struct port_settings *ps, const char *port,
		       unsigned seconds, char *why, size_t whysz)
{
	struct ring *r;
	struct answer ans;
	uint8_t on = 1;

	if (!ps || !port || !why)
		return EINVAL;

	if (!seconds || seconds > RING_MAX_SECONDS) {
		(void)re_snprintf(why, whysz, "ring for 1 to %u seconds, not "
				  "%u", RING_MAX_SECONDS, seconds);
		return ERANGE;
	}

	port_set(ps, port, fill_ringing, &on, &ans);
	if (ans.err) {
		str_ncpy(why, ans.msg, whysz);
		return ans.err;
	}

	r = ring_find(ps, port);
	if (!r) {
		r = mem_zalloc(sizeof(*r), ring_destructor);
		if (!r) {
			/* never leave a port ringing with no end */
			on = 0;
			port_set(ps, port, fill_ringing, &on, &ans);
			return ENOMEM;
		}
		r->ps = ps;
		str_ncpy(r->port, port, sizeof(r->port));
		tmr_init(&r->tmr);
		list_append(&ps->rings, &r->le, r);
	}

	tmr_start(&r->tmr, seconds * 1000ULL, ring_stop, r);
	log_msg(LOG_NOTICE, "analog: ringing port %s for %u s (handsetctl "
		"ring)", port, seconds);

	return 0;
}
