// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_netlink.c - the generic netlink family "fxs": PORT_GET (do and
 * dump), PORT_SET, and the "events" multicast group.  The protocol is
 * documented in include/uapi/linux/fxs.h.
 *
 * One source for 6.1 and 6.12: small ops with the family-wide policy and
 * resv_start_op past the last command, which gives strict validation of
 * every request on both (6.1 has no split ops).
 */
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "fxs_core.h"

enum fxs_nl_mcgrp {
	FXS_NL_MCGRP_EVENTS,
};

static const struct nla_policy fxs_timing_policy[FXS_TIMING_A_MAX + 1] = {
	[FXS_TIMING_A_DEBOUNCE_MS] =
		NLA_POLICY_RANGE(NLA_U32, FXS_DEBOUNCE_MS_MIN,
				 FXS_DEBOUNCE_MS_MAX),
	[FXS_TIMING_A_PULSE_BREAK_MAX_MS] =
		NLA_POLICY_RANGE(NLA_U32, FXS_PULSE_BREAK_MAX_MS_MIN,
				 FXS_PULSE_BREAK_MAX_MS_MAX),
	[FXS_TIMING_A_INTERDIGIT_MS] =
		NLA_POLICY_RANGE(NLA_U32, FXS_INTERDIGIT_MS_MIN,
				 FXS_INTERDIGIT_MS_MAX),
	[FXS_TIMING_A_FLASH_MIN_MS] =
		NLA_POLICY_RANGE(NLA_U32, FXS_FLASH_MIN_MS_MIN,
				 FXS_FLASH_MIN_MS_MAX),
	[FXS_TIMING_A_FLASH_MAX_MS] =
		NLA_POLICY_RANGE(NLA_U32, FXS_FLASH_MAX_MS_MIN,
				 FXS_FLASH_MAX_MS_MAX),
};

/* The cadence nest holds FXS_A_RING_STEP entries and nothing else. */
static const struct nla_policy fxs_cadence_policy[FXS_A_MAX + 1] = {
	[FXS_A_RING_STEP] = NLA_POLICY_RANGE(NLA_U32, FXS_RING_STEP_MIN_MS,
					     FXS_RING_STEP_MAX_MS),
};

#define FXS_NL_REPLY_ONLY {						\
	.type = NLA_REJECT,						\
	.reject_message = "attribute is only sent by the kernel",	\
}

static const struct nla_policy fxs_nl_policy[FXS_A_MAX + 1] = {
	[FXS_A_PAD] = FXS_NL_REPLY_ONLY,
	[FXS_A_PORT_INDEX] = { .type = NLA_U32 },
	[FXS_A_PORT_NAME] = { .type = NLA_NUL_STRING,
			      .len = FXS_PORT_NAME_MAX - 1 },
	[FXS_A_LOCATION] = FXS_NL_REPLY_ONLY,
	[FXS_A_EXPANDER] = FXS_NL_REPLY_ONLY,
	[FXS_A_EXPANDER_PORT] = FXS_NL_REPLY_ONLY,
	[FXS_A_DRIVER] = FXS_NL_REPLY_ONLY,
	[FXS_A_HOOK] = FXS_NL_REPLY_ONLY,
	[FXS_A_HOOK_SINCE] = FXS_NL_REPLY_ONLY,
	[FXS_A_LINEFEED] = NLA_POLICY_MAX(NLA_U8, __FXS_LINEFEED_MAX - 1),
	[FXS_A_RINGING] = NLA_POLICY_MAX(NLA_U8, 1),
	[FXS_A_RING_CADENCE] = NLA_POLICY_NESTED(fxs_cadence_policy),
	[FXS_A_TIMING] = NLA_POLICY_NESTED(fxs_timing_policy),
	[FXS_A_DIGIT] = FXS_NL_REPLY_ONLY,
	[FXS_A_TIMESTAMP] = FXS_NL_REPLY_ONLY,
	[FXS_A_FAULT] = FXS_NL_REPLY_ONLY,
	[FXS_A_RING_STEP] = {
		.type = NLA_REJECT,
		.reject_message = "ring step outside a ring cadence",
	},
};

static struct genl_family fxs_genl_family;

/* What every message about a port carries. */
static int fxs_nl_put_id(struct sk_buff *skb, const struct fxs_port *port)
{
	if (nla_put_u32(skb, FXS_A_PORT_INDEX, port->index) ||
	    nla_put_string(skb, FXS_A_PORT_NAME, port->name) ||
	    nla_put_u8(skb, FXS_A_LOCATION, port->location))
		return -EMSGSIZE;
	if (port->location == FXS_LOCATION_EXPANDER &&
	    (nla_put_string(skb, FXS_A_EXPANDER, port->expander) ||
	     nla_put_u32(skb, FXS_A_EXPANDER_PORT, port->expander_port)))
		return -EMSGSIZE;
	return 0;
}

/* A consistent copy of the state, taken under the port lock. */
struct fxs_nl_state {
	struct fxs_hook_timing timing;
	u64 hook_since;
	u32 cadence[FXS_RING_STEPS_MAX];
	u8 cadence_len;
	bool offhook;
	bool ringing;
	enum fxs_linefeed linefeed;
	char fault[FXS_FAULT_MAX];
};

static void fxs_nl_snapshot(struct fxs_port *port, struct fxs_nl_state *st)
{
	spin_lock_irq(&port->lock);
	st->timing = port->hook.timing;
	st->offhook = fxs_hook_offhook(&port->hook);
	st->hook_since = fxs_hook_since(&port->hook);
	st->cadence_len = port->cadence_len;
	memcpy(st->cadence, port->cadence, sizeof(st->cadence));
	st->ringing = port->ringing;
	st->linefeed = port->linefeed;
	strscpy(st->fault, port->fault, sizeof(st->fault));
	spin_unlock_irq(&port->lock);
}

static int fxs_nl_put_timing(struct sk_buff *skb,
			     const struct fxs_hook_timing *t)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, FXS_A_TIMING);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, FXS_TIMING_A_DEBOUNCE_MS, t->debounce_ms) ||
	    nla_put_u32(skb, FXS_TIMING_A_PULSE_BREAK_MAX_MS,
			t->pulse_break_max_ms) ||
	    nla_put_u32(skb, FXS_TIMING_A_INTERDIGIT_MS, t->interdigit_ms) ||
	    nla_put_u32(skb, FXS_TIMING_A_FLASH_MIN_MS, t->flash_min_ms) ||
	    nla_put_u32(skb, FXS_TIMING_A_FLASH_MAX_MS, t->flash_max_ms)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int fxs_nl_put_cadence(struct sk_buff *skb,
			      const struct fxs_nl_state *st)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, FXS_A_RING_CADENCE);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < st->cadence_len; i++) {
		if (nla_put_u32(skb, FXS_A_RING_STEP, st->cadence[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int fxs_nl_put_state(struct sk_buff *skb, struct fxs_port *port)
{
	struct fxs_nl_state st;

	fxs_nl_snapshot(port, &st);
	if (nla_put_string(skb, FXS_A_DRIVER, port->driver) ||
	    nla_put_u8(skb, FXS_A_HOOK, st.offhook ? FXS_HOOK_OFFHOOK :
						     FXS_HOOK_ONHOOK) ||
	    nla_put_u64_64bit(skb, FXS_A_HOOK_SINCE, st.hook_since,
			      FXS_A_PAD) ||
	    nla_put_u8(skb, FXS_A_LINEFEED, st.linefeed) ||
	    nla_put_u8(skb, FXS_A_RINGING, st.ringing) ||
	    fxs_nl_put_cadence(skb, &st) ||
	    fxs_nl_put_timing(skb, &st.timing))
		return -EMSGSIZE;
	if (st.fault[0] && nla_put_string(skb, FXS_A_FAULT, st.fault))
		return -EMSGSIZE;
	return 0;
}

static int fxs_nl_fill_port(struct sk_buff *skb, struct fxs_port *port,
			    u32 portid, u32 seq, int flags,
			    struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &fxs_genl_family, flags,
			  FXS_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (fxs_nl_put_id(skb, port) || fxs_nl_put_state(skb, port)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The port a request names; fxs_ports_lock held. */
static struct fxs_port *fxs_nl_port(struct genl_info *info)
{
	struct nlattr *idx = info->attrs[FXS_A_PORT_INDEX];
	struct nlattr *name = info->attrs[FXS_A_PORT_NAME];
	struct fxs_port *by_index = NULL, *by_name = NULL;

	if (!idx && !name) {
		GENL_SET_ERR_MSG(info, "port index or port name required");
		return ERR_PTR(-EINVAL);
	}
	if (idx) {
		by_index = fxs_port_find_index(nla_get_u32(idx));
		if (!by_index) {
			NL_SET_ERR_MSG_ATTR(info->extack, idx,
					    "no port with this index");
			return ERR_PTR(-ENODEV);
		}
	}
	if (name) {
		by_name = fxs_port_find_name(nla_data(name));
		if (!by_name) {
			NL_SET_ERR_MSG_ATTR(info->extack, name,
					    "no port with this name");
			return ERR_PTR(-ENODEV);
		}
	}
	if (by_index && by_name && by_index != by_name) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "port index and name are different ports");
		return ERR_PTR(-EINVAL);
	}
	return by_index ? by_index : by_name;
}

static int fxs_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fxs_port *port;
	struct sk_buff *msg;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&fxs_ports_lock);
	port = fxs_nl_port(info);
	if (IS_ERR(port))
		ret = PTR_ERR(port);
	else
		ret = fxs_nl_fill_port(msg, port, info->snd_portid,
				       info->snd_seq, 0, NULL);
	mutex_unlock(&fxs_ports_lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the index to resume from. */
static int fxs_nl_port_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct fxs_port *port;

	mutex_lock(&fxs_ports_lock);
	cb->seq = fxs_ports_seq;
	list_for_each_entry(port, &fxs_ports, node) {
		if (port->index < cb->args[0])
			continue;
		if (fxs_nl_fill_port(skb, port, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI, cb))
			break;
		cb->args[0] = port->index + 1;
	}
	mutex_unlock(&fxs_ports_lock);
	return skb->len;
}

/* Returns the number of steps, or a negative error. */
static int fxs_nl_parse_cadence(struct nlattr *nest, u32 *steps,
				struct netlink_ext_ack *extack)
{
	struct nlattr *step;
	int n = 0, rem;

	/* The policy has let only valid FXS_A_RING_STEP entries through. */
	nla_for_each_nested(step, nest, rem) {
		if (n == FXS_RING_STEPS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, step,
					    "too many ring cadence steps");
			return -EINVAL;
		}
		steps[n++] = nla_get_u32(step);
	}
	if (n < 2 || n % 2) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "ring cadence needs an even number of steps, at least 2");
		return -EINVAL;
	}
	return n;
}

/* Overlays the given values on @t and checks the result as a whole. */
static int fxs_nl_parse_timing(struct nlattr *nest, struct fxs_hook_timing *t,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[FXS_TIMING_A_MAX + 1];
	const char *why;
	int ret;

	ret = nla_parse_nested(tb, FXS_TIMING_A_MAX, nest, fxs_timing_policy,
			       extack);
	if (ret)
		return ret;
	if (tb[FXS_TIMING_A_DEBOUNCE_MS])
		t->debounce_ms = nla_get_u32(tb[FXS_TIMING_A_DEBOUNCE_MS]);
	if (tb[FXS_TIMING_A_PULSE_BREAK_MAX_MS])
		t->pulse_break_max_ms =
			nla_get_u32(tb[FXS_TIMING_A_PULSE_BREAK_MAX_MS]);
	if (tb[FXS_TIMING_A_INTERDIGIT_MS])
		t->interdigit_ms = nla_get_u32(tb[FXS_TIMING_A_INTERDIGIT_MS]);
	if (tb[FXS_TIMING_A_FLASH_MIN_MS])
		t->flash_min_ms = nla_get_u32(tb[FXS_TIMING_A_FLASH_MIN_MS]);
	if (tb[FXS_TIMING_A_FLASH_MAX_MS])
		t->flash_max_ms = nla_get_u32(tb[FXS_TIMING_A_FLASH_MAX_MS]);

	why = fxs_hook_timing_check(t);
	if (why) {
		/*
		 * NL_SET_ERR_MSG_ATTR() takes a literal; @why is a static
		 * string of fxs_hook.c, which outlives the request too.
		 */
		NL_SET_BAD_ATTR(extack, nest);
		if (extack)
			extack->_msg = why;
		return -EINVAL;
	}
	return 0;
}

/*
 * Applies a checked PORT_SET to the port; port->lock held.  Returns true
 * when the line state really changed, which listeners then hear of.
 */
static bool fxs_nl_apply_set(struct fxs_port *port, struct nlattr **a,
			     const u32 *cadence, int ncadence,
			     const struct fxs_hook_timing *timing)
{
	bool changed = false;
	u8 lf;

	if (ncadence && (ncadence != port->cadence_len ||
			 memcmp(port->cadence, cadence,
				ncadence * sizeof(cadence[0])))) {
		memcpy(port->cadence, cadence, ncadence * sizeof(cadence[0]));
		port->cadence_len = ncadence;
		changed = true;
	}
	if (a[FXS_A_TIMING] &&
	    memcmp(&port->hook.timing, timing, sizeof(*timing))) {
		fxs_port_arm_hook(port, fxs_hook_set_timing(&port->hook,
							    timing,
							    fxs_now()));
		if (port->evq_len)
			fxs_port_kick(port);
		changed = true;
	}
	if (a[FXS_A_LINEFEED]) {
		lf = nla_get_u8(a[FXS_A_LINEFEED]);
		changed |= lf != port->linefeed;
		port->linefeed = lf;
	}
	if (a[FXS_A_RINGING]) {
		if (!nla_get_u8(a[FXS_A_RINGING])) {
			changed |= port->ringing;
			fxs_ring_stop(port);
		} else if (!port->ringing) {
			fxs_ring_start(port);
			changed = true;
		}
	}
	return changed;
}

static int fxs_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	u32 cadence[FXS_RING_STEPS_MAX];
	struct fxs_hook_timing timing;
	struct fxs_port *port;
	int ncadence = 0;
	bool changed;
	int ret = 0;

	if (a[FXS_A_RING_CADENCE]) {
		ncadence = fxs_nl_parse_cadence(a[FXS_A_RING_CADENCE],
						cadence, info->extack);
		if (ncadence < 0)
			return ncadence;
	}

	mutex_lock(&fxs_ports_lock);
	port = fxs_nl_port(info);
	if (IS_ERR(port)) {
		ret = PTR_ERR(port);
		goto out;
	}

	/*
	 * Timing may change only by netlink, and netlink holds
	 * fxs_ports_lock, so this copy stays current until it is applied.
	 */
	spin_lock_irq(&port->lock);
	timing = port->hook.timing;
	spin_unlock_irq(&port->lock);
	if (a[FXS_A_TIMING]) {
		ret = fxs_nl_parse_timing(a[FXS_A_TIMING], &timing,
					  info->extack);
		if (ret)
			goto out;
	}

	spin_lock_irq(&port->lock);
	if (a[FXS_A_RINGING] && nla_get_u8(a[FXS_A_RINGING]) &&
	    fxs_hook_offhook(&port->hook)) {
		spin_unlock_irq(&port->lock);
		NL_SET_ERR_MSG_ATTR(info->extack, a[FXS_A_RINGING],
				    "port is off hook");
		ret = -EBUSY;
		goto out;
	}
	changed = fxs_nl_apply_set(port, a, cadence, ncadence, &timing);
	if (changed)
		fxs_port_changed(port);
	spin_unlock_irq(&port->lock);

	fxs_port_apply(port);
out:
	mutex_unlock(&fxs_ports_lock);
	return ret;
}

static const struct genl_small_ops fxs_nl_ops[] = {
	{
		.cmd = FXS_CMD_PORT_GET,
		.doit = fxs_nl_port_get_doit,
		.dumpit = fxs_nl_port_get_dumpit,
	},
	{
		.cmd = FXS_CMD_PORT_SET,
		.doit = fxs_nl_port_set_doit,
		.flags = GENL_ADMIN_PERM,
	},
};

/* Digits may be PINs: only CAP_NET_ADMIN may listen (see the UAPI). */
static const struct genl_multicast_group fxs_nl_mcgrps[] = {
	[FXS_NL_MCGRP_EVENTS] = {
		.name = FXS_GENL_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

static struct genl_family fxs_genl_family __ro_after_init = {
	.name = FXS_GENL_NAME,
	.version = FXS_GENL_VERSION,
	.maxattr = FXS_A_MAX,
	.policy = fxs_nl_policy,
	.module = THIS_MODULE,
	.small_ops = fxs_nl_ops,
	.n_small_ops = ARRAY_SIZE(fxs_nl_ops),
	.resv_start_op = FXS_CMD_PORT_SET + 1,
	.mcgrps = fxs_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(fxs_nl_mcgrps),
};

/* The attributes of one event after the port's identity. */
static int fxs_nl_put_event(struct sk_buff *skb, struct fxs_port *port,
			    const struct fxs_event *ev)
{
	if (nla_put_u64_64bit(skb, FXS_A_TIMESTAMP, ev->at, FXS_A_PAD))
		return -EMSGSIZE;

	switch (ev->cmd) {
	case FXS_CMD_PORT_ADDED:
	case FXS_CMD_PORT_CHANGED:
		return fxs_nl_put_state(skb, port);
	case FXS_CMD_OFFHOOK:
	case FXS_CMD_ONHOOK:
		if (nla_put_u8(skb, FXS_A_HOOK, ev->cmd == FXS_CMD_OFFHOOK ?
			       FXS_HOOK_OFFHOOK : FXS_HOOK_ONHOOK) ||
		    nla_put_u64_64bit(skb, FXS_A_HOOK_SINCE, ev->since,
				      FXS_A_PAD))
			return -EMSGSIZE;
		return 0;
	case FXS_CMD_DIGIT:
		return nla_put_u8(skb, FXS_A_DIGIT, ev->digit);
	default:
		return 0;
	}
}

/**
 * fxs_netlink_notify - send an event to the "events" group
 * @port: the port it is about
 * @ev: the event
 *
 * Process context.  Builds nothing when nobody listens.  A message that
 * cannot be built is logged: its listeners must learn of the loss.
 */
void fxs_netlink_notify(struct fxs_port *port, const struct fxs_event *ev)
{
	struct sk_buff *skb;
	void *hdr;
	int ret;

	if (!genl_has_listeners(&fxs_genl_family, &init_net,
				FXS_NL_MCGRP_EVENTS))
		return;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb) {
		ret = -ENOMEM;
		goto err_log;
	}
	hdr = genlmsg_put(skb, 0, 0, &fxs_genl_family, 0, ev->cmd);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}
	ret = fxs_nl_put_id(skb, port);
	if (ret)
		goto err_cancel;
	ret = fxs_nl_put_event(skb, port, ev);
	if (ret)
		goto err_cancel;
	genlmsg_end(skb, hdr);
	/* -ESRCH: the last listener left meanwhile, nothing is lost. */
	genlmsg_multicast(&fxs_genl_family, skb, 0, FXS_NL_MCGRP_EVENTS,
			  GFP_KERNEL);
	return;

err_cancel:
	genlmsg_cancel(skb, hdr);
err_free:
	nlmsg_free(skb);
err_log:
	dev_warn_ratelimited(&port->dev, "event %u not sent: %d\n", ev->cmd,
			     ret);
}

int __init fxs_netlink_init(void)
{
	return genl_register_family(&fxs_genl_family);
}

void fxs_netlink_exit(void)
{
	genl_unregister_family(&fxs_genl_family);
}
