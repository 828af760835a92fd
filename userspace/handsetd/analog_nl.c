/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_nl.c - keep a mirror of the kernel's FXS ports from the "fxs"
 * generic netlink family, on libre's main loop.
 *
 * Two sockets: "ev" only listens (the family's "events" group and the
 * genl controller's "notify" group), "req" only asks (dumps), so a dump
 * reply never interleaves with events we still have to read.
 *
 * The mirror converges to the kernel's view whatever happens:
 *  - events are applied in order, and an event whose hook change is older
 *    than what we hold is dropped, so events queued before a dump cannot
 *    roll the dump back;
 *  - any sign of loss (ENOBUFS, an overrun, an event about a port we do not
 *    know) triggers a fresh dump, which replaces the whole view;
 *  - the family may come and go (module loaded after the daemon, unloaded
 *    and reloaded): the controller's NEWFAMILY/DELFAMILY notifications tell
 *    us, so there is no polling loop.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <syslog.h>
#include <re.h>
#include "handsetd.h"
#include "analog_nl.h"
#include "events.h"

/* Reads per wake-up, so a flood cannot starve the rest of the loop. */
#define READ_BUDGET	64
/* A dump interrupted by ports coming and going is simply started again. */
#define DUMP_TRIES	5
#define RCVBUF_DEFAULT	(1024 * 1024)

struct analog_nl {
	struct nl_sock *ev;
	struct nl_sock *req;
	int fd;
	int family;		/* 0 while the fxs module is absent */
	int group;
	struct list ports;
	uint64_t gen;
	bool resync;		/* a dump is needed after this batch */
	bool appeared;		/* NEWFAMILY "fxs" seen in this batch */
	bool vanished;		/* DELFAMILY "fxs" seen in this batch */
	struct analog_nl_stats stats;
	analog_nl_port_h *porth;
	void *arg;
};

static struct nla_policy port_policy[FXS_A_MAX + 1] = {
	[FXS_A_PORT_INDEX]	= { .type = NLA_U32 },
	[FXS_A_PORT_NAME]	= { .type = NLA_STRING,
				    .maxlen = FXS_PORT_NAME_MAX },
	[FXS_A_LOCATION]	= { .type = NLA_U8 },
	[FXS_A_EXPANDER]	= { .type = NLA_STRING,
				    .maxlen = FXS_EXPANDER_MAX },
	[FXS_A_EXPANDER_PORT]	= { .type = NLA_U32 },
	[FXS_A_HOOK]		= { .type = NLA_U8 },
	[FXS_A_HOOK_SINCE]	= { .type = NLA_U64 },
	[FXS_A_RINGING]		= { .type = NLA_U8 },
	[FXS_A_TIMESTAMP]	= { .type = NLA_U64 },
	[FXS_A_DRIVER]		= { .type = NLA_STRING },
	[FXS_A_LINEFEED]	= { .type = NLA_U8 },
	[FXS_A_RING_CADENCE]	= { .type = NLA_NESTED },
	[FXS_A_TIMING]		= { .type = NLA_NESTED },
	[FXS_A_DIGIT]		= { .type = NLA_U8 },
};

static struct nla_policy timing_policy[FXS_TIMING_A_MAX + 1] = {
	[FXS_TIMING_A_DEBOUNCE_MS]	 = { .type = NLA_U32 },
	[FXS_TIMING_A_PULSE_BREAK_MAX_MS] = { .type = NLA_U32 },
	[FXS_TIMING_A_INTERDIGIT_MS]	 = { .type = NLA_U32 },
	[FXS_TIMING_A_FLASH_MIN_MS]	 = { .type = NLA_U32 },
	[FXS_TIMING_A_FLASH_MAX_MS]	 = { .type = NLA_U32 },
};

/* enum port_key's timing values, as FXS_A_TIMING numbers them */
static const int timing_attr[PK_TIMINGC] = {
	[PK_DEBOUNCE]		= FXS_TIMING_A_DEBOUNCE_MS,
	[PK_PULSE_BREAK_MAX]	= FXS_TIMING_A_PULSE_BREAK_MAX_MS,
	[PK_INTERDIGIT]		= FXS_TIMING_A_INTERDIGIT_MS,
	[PK_FLASH_MIN]		= FXS_TIMING_A_FLASH_MIN_MS,
	[PK_FLASH_MAX]		= FXS_TIMING_A_FLASH_MAX_MS,
};

int analog_nl_timing_attr(enum port_key k)
{
	return k < PK_TIMINGC ? timing_attr[k] : -1;
}

/* For `handsetctl monitor`: what happened on a port, as it happened. */
static void publish(const struct analog_port *port, const char *what,
		    int digit)
{
	struct port_event ev = {
		.port = port->name,
		.what = what,
		.digit = digit,
	};

	events_publish_port(&ev);
}

/* Settings the kernel reports (PORT_GET, PORT_ADDED, PORT_CHANGED). */
static bool port_fill_settings(struct analog_port *port, struct nlattr **tb)
{
	struct port_values v = port->settings;
	struct nlattr *ttb[FXS_TIMING_A_MAX + 1];
	struct nlattr *step;
	unsigned k, n = 0;
	int rem;

	if (tb[FXS_A_DRIVER])
		nla_strlcpy(port->driver, tb[FXS_A_DRIVER],
			    sizeof(port->driver));
	if (tb[FXS_A_LINEFEED])
		v.linefeed = nla_get_u8(tb[FXS_A_LINEFEED]);
	if (tb[FXS_A_TIMING] &&
	    !nla_parse_nested(ttb, FXS_TIMING_A_MAX, tb[FXS_A_TIMING],
			      timing_policy)) {
		for (k = 0; k < PK_TIMINGC; k++) {
			if (ttb[timing_attr[k]])
				v.timing[k] = nla_get_u32(ttb[timing_attr[k]]);
		}
	}
	if (tb[FXS_A_RING_CADENCE]) {
		nla_for_each_nested(step, tb[FXS_A_RING_CADENCE], rem) {
			if (nla_type(step) != FXS_A_RING_STEP ||
			    nla_len(step) != sizeof(uint32_t) ||
			    n == FXS_RING_STEPS_MAX)
				continue;
			v.cadence[n++] = nla_get_u32(step);
		}
		memset(&v.cadence[n], 0,
		       (FXS_RING_STEPS_MAX - n) * sizeof(v.cadence[0]));
		v.cadencec = n;
	}

	if (!memcmp(&v, &port->settings, sizeof(v)))
		return false;

	port->settings = v;

	return true;
}

static void port_notify(struct analog_nl *nl, struct analog_port *port,
			enum analog_nl_change change)
{
	if (nl->porth)
		nl->porth(port, change, nl->arg);
}

static void publish(const struct analog_port *port, const char *what,
		    int digit);

static void port_remove(struct analog_nl *nl, struct analog_port *port)
{
	list_unlink(&port->le);
	publish(port, "removed", -1);
	port_notify(nl, port, ANALOG_NL_REMOVED);
	mem_deref(port);
}

static struct analog_port *port_find(const struct analog_nl *nl,
				     const char *name)
{
	struct le *le;

	for (le = list_head(&nl->ports); le; le = le->next) {
		struct analog_port *port = le->data;

		if (!strcmp(port->name, name))
			return port;
	}

	return NULL;
}

/* Identity and location: the same in every message about a port. */
static void port_fill_identity(struct analog_port *port, struct nlattr **tb)
{
	if (tb[FXS_A_PORT_INDEX])
		port->index = nla_get_u32(tb[FXS_A_PORT_INDEX]);
	if (tb[FXS_A_LOCATION])
		port->location = nla_get_u8(tb[FXS_A_LOCATION]);
	if (tb[FXS_A_EXPANDER])
		nla_strlcpy(port->expander, tb[FXS_A_EXPANDER],
			    sizeof(port->expander));
	if (tb[FXS_A_EXPANDER_PORT])
		port->expander_port = nla_get_u32(tb[FXS_A_EXPANDER_PORT]);
}

/* Returns true when the hook or ringing state changed. */
static bool port_fill_state(struct analog_port *port, struct nlattr **tb)
{
	bool changed = false;

	if (tb[FXS_A_HOOK]) {
		enum fxs_hook hook = nla_get_u8(tb[FXS_A_HOOK]);

		changed |= hook != port->hook;
		port->hook = hook;
	}
	if (tb[FXS_A_HOOK_SINCE]) {
		uint64_t since = nla_get_u64(tb[FXS_A_HOOK_SINCE]);

		changed |= since != port->hook_since;
		port->hook_since = since;
	}
	if (tb[FXS_A_RINGING]) {
		bool ringing = nla_get_u8(tb[FXS_A_RINGING]) != 0;

		changed |= ringing != port->ringing;
		port->ringing = ringing;
	}

	return changed;
}

static int parse_port_msg(struct nl_msg *msg, struct nlattr **tb,
			  uint8_t *cmdp)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *ghdr = nlmsg_data(nlh);
	int err;

	err = genlmsg_parse(nlh, 0, tb, FXS_A_MAX, port_policy);
	if (err < 0)
		return EPROTO;

	if (!tb[FXS_A_PORT_NAME])
		return EPROTO;

	*cmdp = ghdr->cmd;

	return 0;
}

/* One port of a dump: add it, or bring our copy up to date. */
static int dump_handler(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[FXS_A_MAX + 1];
	struct analog_nl *nl = arg;
	struct analog_port *port;
	char name[FXS_PORT_NAME_MAX];
	bool changed;
	uint8_t cmd;

	if (parse_port_msg(msg, tb, &cmd) || cmd != FXS_CMD_PORT_GET) {
		log_msg(LOG_WARNING, "analog: malformed port in the dump");
		return NL_SKIP;
	}

	nla_strlcpy(name, tb[FXS_A_PORT_NAME], sizeof(name));

	port = port_find(nl, name);
	if (!port) {
		port = mem_zalloc(sizeof(*port), NULL);
		if (!port)
			return NL_STOP;

		str_ncpy(port->name, name, sizeof(port->name));
		port_fill_identity(port, tb);
		port_fill_state(port, tb);
		port_fill_settings(port, tb);
		port->gen = nl->gen;
		list_append(&nl->ports, &port->le, port);
		publish(port, "added", -1);
		port_notify(nl, port, ANALOG_NL_ADDED);

		return NL_OK;
	}

	port_fill_identity(port, tb);
	changed = port_fill_state(port, tb);
	changed |= port_fill_settings(port, tb);
	port->gen = nl->gen;
	if (changed)
		port_notify(nl, port, ANALOG_NL_CHANGED);

	return NL_OK;
}

static int dump_once(struct analog_nl *nl)
{
	struct nl_msg *msg;
	int err;

	msg = nlmsg_alloc();
	if (!msg)
		return ENOMEM;

	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 NLM_F_DUMP, FXS_CMD_PORT_GET, FXS_GENL_VERSION)) {
		err = ENOMEM;
		goto out;
	}

	err = nl_send_auto(nl->req, msg);
	if (err < 0)
		goto out;

	err = nl_recvmsgs_default(nl->req);

 out:
	nlmsg_free(msg);

	return err;
}

/*
 * Replace the whole view with the kernel's: ports the dump does not list
 * are gone.  Called at attach time and after any sign of lost events.
 */
static void dump(struct analog_nl *nl)
{
	struct le *le;
	int err = 0;
	int i;

	if (!nl->family)
		return;

	nl->resync = false;

	for (i = 0; i < DUMP_TRIES; i++) {
		++nl->gen;
		err = dump_once(nl);
		if (err != -NLE_DUMP_INTR)
			break;
	}

	if (err) {
		log_msg(LOG_WARNING, "analog: port dump failed: %s",
			err < 0 ? nl_geterror(err) : strerror(err));
		return;
	}

	++nl->stats.dumps;

	le = list_head(&nl->ports);
	while (le) {
		struct analog_port *port = le->data;

		le = le->next;
		if (port->gen != nl->gen)
			port_remove(nl, port);
	}
}

static void detach(struct analog_nl *nl)
{
	struct le *le;

	if (!nl->family)
		return;

	/* The kernel already dropped us from the vanished group. */
	if (nl->fd >= 0)
		(void)nl_socket_drop_membership(nl->ev, nl->group);
	nl->family = 0;
	nl->group = 0;
	log_msg(LOG_NOTICE, "analog: fxs module gone: every port is absent");

	while ((le = list_head(&nl->ports)))
		port_remove(nl, le->data);
}

static void attach(struct analog_nl *nl)
{
	int family, group, err;

	family = genl_ctrl_resolve(nl->req, FXS_GENL_NAME);
	if (family < 0) {
		log_msg(LOG_NOTICE, "analog: no fxs module yet: waiting for "
			"it to load");
		return;
	}

	group = genl_ctrl_resolve_grp(nl->req, FXS_GENL_NAME,
				      FXS_GENL_MCGRP_EVENTS);
	if (group < 0) {
		log_msg(LOG_WARNING, "analog: fxs family has no \"%s\" "
			"group: %s", FXS_GENL_MCGRP_EVENTS,
			nl_geterror(group));
		return;
	}

	if (nl->family == family && nl->group == group) {
		dump(nl);
		return;
	}

	detach(nl);

	/* Sockets from analog_nl_set_socks() belong to no kernel. */
	err = nl->fd >= 0 ? nl_socket_add_membership(nl->ev, group) : 0;
	if (err < 0) {
		/* The group needs CAP_NET_ADMIN: digits may be PINs. */
		log_msg(LOG_WARNING, "analog: cannot join the fxs events "
			"group: %s", nl_geterror(err));
		return;
	}

	nl->family = family;
	nl->group = group;
	log_msg(LOG_NOTICE, "analog: listening to the fxs module "
		"(family %d)", family);

	dump(nl);
}

/* The genl controller says a family appeared or vanished. */
static void ctrl_event(struct analog_nl *nl, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *ghdr = nlmsg_data(nlh);
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0)
		return;

	if (!tb[CTRL_ATTR_FAMILY_NAME] ||
	    strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), FXS_GENL_NAME))
		return;

	switch (ghdr->cmd) {

	case CTRL_CMD_NEWFAMILY:
		nl->appeared = true;
		break;

	case CTRL_CMD_DELFAMILY:
		nl->vanished = true;
		nl->appeared = false;
		break;

	default:
		break;
	}
}

static void fxs_event(struct analog_nl *nl, struct nl_msg *msg)
{
	struct nlattr *tb[FXS_A_MAX + 1];
	struct analog_port *port;
	char name[FXS_PORT_NAME_MAX];
	bool was_ringing;
	uint8_t cmd;

	if (parse_port_msg(msg, tb, &cmd)) {
		log_msg(LOG_WARNING, "analog: malformed fxs event: resync");
		nl->resync = true;
		return;
	}

	nla_strlcpy(name, tb[FXS_A_PORT_NAME], sizeof(name));
	port = port_find(nl, name);

	switch (cmd) {

	case FXS_CMD_PORT_ADDED:
		/* A dump brings the whole view, new port included, up to date. */
		nl->resync = true;
		break;

	case FXS_CMD_PORT_REMOVED:
		if (port)
			port_remove(nl, port);
		break;

	case FXS_CMD_OFFHOOK:
	case FXS_CMD_ONHOOK:
	case FXS_CMD_PORT_CHANGED:
		if (!port) {
			nl->resync = true;
			break;
		}

		/* Queued before the dump we already applied: stale. */
		if (tb[FXS_A_HOOK_SINCE] &&
		    nla_get_u64(tb[FXS_A_HOOK_SINCE]) < port->hook_since)
			break;

		/*
		 * Ringing, ring trip included, is the core's to say: it
		 * follows an OFFHOOK that stopped a ring with PORT_CHANGED.
		 */
		port_fill_identity(port, tb);
		was_ringing = port->ringing;
		if (!tb[FXS_A_HOOK])
			port->hook = cmd == FXS_CMD_OFFHOOK ?
				FXS_HOOK_OFFHOOK : FXS_HOOK_ONHOOK;
		port_fill_state(port, tb);
		port_fill_settings(port, tb);
		if (cmd != FXS_CMD_PORT_CHANGED)
			publish(port, cmd == FXS_CMD_OFFHOOK ? "offhook" :
				"onhook", -1);
		else if (port->ringing != was_ringing)
			publish(port, port->ringing ? "ringing" :
				"ringing-stopped", -1);
		port_notify(nl, port, ANALOG_NL_CHANGED);
		break;

	case FXS_CMD_FLASH:
	case FXS_CMD_DIGIT:
		/*
		 * Call handling, not handset state: only `handsetctl
		 * monitor` hears of them.
		 */
		if (!port)
			break;
		if (cmd == FXS_CMD_FLASH)
			publish(port, "flash", -1);
		else if (tb[FXS_A_DIGIT])
			publish(port, "digit", nla_get_u8(tb[FXS_A_DIGIT]));
		break;

	default:
		break;
	}
}

static int event_handler(struct nl_msg *msg, void *arg)
{
	struct analog_nl *nl = arg;
	int type = nlmsg_hdr(msg)->nlmsg_type;

	++nl->stats.events;

	if (type == GENL_ID_CTRL)
		ctrl_event(nl, msg);
	else if (nl->family && type == nl->family)
		fxs_event(nl, msg);

	return NL_OK;
}

static int overrun_handler(struct nl_msg *msg, void *arg)
{
	struct analog_nl *nl = arg;
	(void)msg;

	++nl->stats.overruns;
	nl->resync = true;

	return NL_SKIP;
}

/* What the loop does when the event socket is readable. */
void analog_nl_read(struct analog_nl *nl)
{
	uint64_t overruns = nl->stats.overruns;
	struct nl_cb *cb = nl_socket_get_cb(nl->ev);
	int i, n;

	/*
	 * nl_recvmsgs_default() returns 0 after every datagram, which would
	 * end the batch (and start a resync dump) after one message; the
	 * _report variant says how many it read, 0 only for nothing.
	 */
	for (i = 0; i < READ_BUDGET; i++) {
		n = nl_recvmsgs_report(nl->ev, cb);
		if (n == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events for us. */
			++nl->stats.overruns;
			nl->resync = true;
			continue;
		}
		if (n == -NLE_AGAIN || n == 0)
			break;
		if (n < 0) {
			log_msg(LOG_WARNING, "analog: netlink receive: %s",
				nl_geterror(n));
			nl->resync = true;
			break;
		}
	}
	nl_cb_put(cb);

	/* Said once per batch, so a test (and an admin) can see it. */
	if (nl->stats.overruns != overruns)
		log_msg(LOG_NOTICE, "analog: netlink events lost (%llu "
			"times so far): dumping the ports again",
			(unsigned long long)nl->stats.overruns);

	if (nl->vanished) {
		nl->vanished = false;
		detach(nl);
	}

	if (nl->appeared) {
		nl->appeared = false;
		attach(nl);
	}
	else if (nl->resync) {
		dump(nl);
	}
}

static void recv_handler(int flags, void *arg)
{
	(void)flags;

	analog_nl_read(arg);
}

static void nl_destructor(void *data)
{
	struct analog_nl *nl = data;

	if (nl->fd >= 0)
		fd_close(nl->fd);
	if (nl->ev)
		nl_socket_free(nl->ev);
	if (nl->req)
		nl_socket_free(nl->req);
	list_flush(&nl->ports);
}

/*
 * The kernel side of the sockets: connected, a receive buffer that holds
 * a burst, the controller's "notify" group joined, and the event socket
 * on libre's loop.
 */
static int kernel_open(struct analog_nl *nl, int rcvbuf)
{
	int notify, err;

	err = genl_connect(nl->ev);
	if (!err)
		err = genl_connect(nl->req);
	if (err) {
		log_msg(LOG_WARNING, "analog: generic netlink: %s",
			nl_geterror(err));
		return EIO;
	}

	/*
	 * libnl's 32 KiB default loses events when 64 ports change at once;
	 * ask for more (the kernel caps it at net.core.rmem_max).  Losses
	 * are survived anyway, this only makes resyncs rarer.
	 */
	if (!rcvbuf)
		rcvbuf = RCVBUF_DEFAULT;
	err = nl_socket_set_buffer_size(nl->ev, rcvbuf, 0);
	if (err)
		return EINVAL;

	/* Join "notify" before looking for fxs, so no NEWFAMILY is missed. */
	notify = genl_ctrl_resolve_grp(nl->req, "nlctrl", "notify");
	if (notify < 0) {
		log_msg(LOG_WARNING, "analog: genl controller notify "
			"group: %s", nl_geterror(notify));
		return EIO;
	}

	err = nl_socket_add_membership(nl->ev, notify);
	if (!err)
		err = nl_socket_set_nonblocking(nl->ev);
	if (err) {
		log_msg(LOG_WARNING, "analog: netlink socket setup: %s",
			nl_geterror(err));
		return EIO;
	}

	err = fd_listen(nl_socket_get_fd(nl->ev), FD_READ, recv_handler, nl);
	if (!err)
		nl->fd = nl_socket_get_fd(nl->ev);

	return err;
}

static analog_nl_socks_h *socks_h;

/*
 * Where analog_nl_alloc() takes its sockets from: NULL (handsetd) for the
 * kernel's generic netlink.  fuzz_netlink gives unconnected libnl sockets
 * whose send and receive it replaced (nl_cb_overwrite_send/recv), so its
 * input takes the kernel's place and everything above the socket, libnl's
 * parsing included, runs as it does in handsetd; it calls
 * analog_nl_read() where the loop would.
 */
void analog_nl_set_socks(analog_nl_socks_h *sockh)
{
	socks_h = sockh;
}

/*
 * rcvbuf: receive buffer of the listening socket in bytes, 0 for the
 * system default.  Tests make it tiny to force lost events.
 */
int analog_nl_alloc(struct analog_nl **nlp, int rcvbuf,
		    analog_nl_port_h *porth, void *arg)
{
	struct analog_nl *nl;
	int err;

	if (!nlp || rcvbuf < 0)
		return EINVAL;

	nl = mem_zalloc(sizeof(*nl), nl_destructor);
	if (!nl)
		return ENOMEM;

	nl->fd = -1;
	nl->porth = porth;
	nl->arg = arg;
	list_init(&nl->ports);

	if (socks_h) {
		err = socks_h(nl, &nl->ev, &nl->req);
		if (err)
			goto out;
	}
	else {
		nl->ev = nl_socket_alloc();
		nl->req = nl_socket_alloc();
	}
	if (!nl->ev || !nl->req) {
		err = ENOMEM;
		goto out;
	}

	/* Events are not answers: there is no sequence to check. */
	nl_socket_disable_seq_check(nl->ev);
	nl_socket_modify_cb(nl->ev, NL_CB_VALID, NL_CB_CUSTOM,
			    event_handler, nl);
	nl_socket_modify_cb(nl->ev, NL_CB_OVERRUN, NL_CB_CUSTOM,
			    overrun_handler, nl);
	nl_socket_modify_cb(nl->req, NL_CB_VALID, NL_CB_CUSTOM,
			    dump_handler, nl);

	if (!socks_h) {
		err = kernel_open(nl, rcvbuf);
		if (err)
			goto out;
	}

	attach(nl);

 out:
	if (err)
		mem_deref(nl);
	else
		*nlp = nl;

	return err;
}

const struct list *analog_nl_ports(const struct analog_nl *nl)
{
	return nl ? &nl->ports : NULL;
}

const struct analog_port *analog_nl_port(const struct analog_nl *nl,
					 const char *name)
{
	if (!nl || !name)
		return NULL;

	return port_find(nl, name);
}

bool analog_nl_attached(const struct analog_nl *nl)
{
	return nl && nl->family != 0;
}

void analog_nl_stats(const struct analog_nl *nl, struct analog_nl_stats *st)
{
	if (nl && st)
		*st = nl->stats;
}
