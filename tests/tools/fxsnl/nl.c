// SPDX-License-Identifier: GPL-2.0-only
/*
 * nl.c - the netlink session: resolve the family, send one request, collect
 * its replies, and keep the kernel's extended ACK so that a refused request
 * can say why.  libnl 3.7 does not parse extended ACKs, so the error
 * callback reads the TLVs that follow struct nlmsgerr itself.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "fxsnl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct request {
	struct fxsnl *nl;
	struct nl_msg *sent;
	fxsnl_reply_fn fn;
	void *arg;
	bool done;
};

uint64_t fxsnl_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int fxsnl_open(struct fxsnl *nl)
{
	int one = 1;
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->ext_offs = -1;
	nl->ext_attr = -1;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		fprintf(stderr, "fxsnl: out of memory\n");
		return -ENOMEM;
	}
	err = genl_connect(nl->sk);
	if (err < 0) {
		fprintf(stderr, "fxsnl: connect: %s\n", nl_geterror(err));
		goto fail;
	}
	/* Ask for error strings, and not for a copy of our own request. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	nl->family = genl_ctrl_resolve(nl->sk, FXS_GENL_NAME);
	if (nl->family < 0) {
		fprintf(stderr,
			"fxsnl: generic netlink family \"%s\" not found (is fxs.ko loaded?)\n",
			FXS_GENL_NAME);
		err = nl->family;
		goto fail;
	}
	nl->events_grp = genl_ctrl_resolve_grp(nl->sk, FXS_GENL_NAME,
					       FXS_GENL_MCGRP_EVENTS);
	return 0;

fail:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

void fxsnl_close(struct fxsnl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *fxsnl_msg(const struct fxsnl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags, cmd, FXS_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* The TLVs after struct nlmsgerr: where they start depends on capping. */
static void parse_ext_ack(struct fxsnl *nl, struct nlmsgerr *e)
{
	struct nlmsghdr *hdr = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);
	size_t len = hdr->nlmsg_len - NLMSG_HDRLEN;

	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (off >= len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + off), (int)(len - off),
		      NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(nl->ext_msg, tb[NLMSGERR_ATTR_MSG],
			    sizeof(nl->ext_msg));
	if (tb[NLMSGERR_ATTR_OFFS])
		nl->ext_offs = (int)nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

/* Which attribute of our request the kernel's offset points at. */
static void find_ext_attr(struct fxsnl *nl, struct nl_msg *sent)
{
	struct nlmsghdr *hdr = nlmsg_hdr(sent);
	struct nlattr *a;

	if (nl->ext_offs < (int)(NLMSG_HDRLEN + GENL_HDRLEN) ||
	    (size_t)nl->ext_offs + NLA_HDRLEN > hdr->nlmsg_len)
		return;
	a = (struct nlattr *)((char *)hdr + nl->ext_offs);
	nl->ext_attr = nla_type(a);
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct request *r = arg;

	(void)who;
	r->nl->err = e->error;
	parse_ext_ack(r->nl, e);
	find_ext_attr(r->nl, r->sent);
	r->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	/* A successful request may still carry a warning. */
	parse_ext_ack(r->nl, nlmsg_data(nlmsg_hdr(msg)));
	if (r->nl->ext_msg[0])
		fprintf(stderr, "fxsnl: warning: %s\n", r->nl->ext_msg);
	r->done = true;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	if (r->fn)
		r->fn(msg, r->arg);
	return NL_OK;
}

/*
 * Sends @msg (and frees it), calls @fn for each reply, and returns 0, a
 * negative errno from the kernel (its extack kept in @nl), -EINTR for a
 * dump that ports coming or going interrupted (NLM_F_DUMP_INTR), or -EIO
 * for a local failure (reported here).
 */
int fxsnl_request(struct fxsnl *nl, struct nl_msg *msg,
		  fxsnl_reply_fn fn, void *arg)
{
	struct request r = { .nl = nl, .sent = msg, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int err;

	nl->err = 0;
	nl->ext_msg[0] = '\0';
	nl->ext_offs = -1;
	nl->ext_attr = -1;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		fprintf(stderr, "fxsnl: out of memory\n");
		return -EIO;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);

	err = nl_send_auto(nl->sk, msg);
	if (err < 0) {
		fprintf(stderr, "fxsnl: send: %s\n", nl_geterror(err));
		err = -EIO;
		goto out;
	}
	err = 0;
	while (!r.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (nl->err) {
			err = nl->err;
			break;
		}
		if (err == -NLE_DUMP_INTR) {
			err = -EINTR;
			break;
		}
		if (err < 0) {
			fprintf(stderr, "fxsnl: receive: %s\n",
				nl_geterror(err));
			err = -EIO;
			break;
		}
		err = 0;
	}
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return err;
}

/* For a refusal from the kernel: errno name, text and the extack. */
void fxsnl_report(const struct fxsnl *nl, const char *what, int err)
{
	const char *name = strerrorname_np(-err);

	fprintf(stderr, "fxsnl: %s: %s (%s)", what, name ? name : "?",
		strerror(-err));
	if (nl->ext_msg[0])
		fprintf(stderr, ": extack: \"%s\"", nl->ext_msg);
	if (nl->ext_offs >= 0)
		fprintf(stderr, " at offset %d", nl->ext_offs);
	if (nl->ext_attr >= 0)
		fprintf(stderr, " (attribute type %d)", nl->ext_attr);
	fputc('\n', stderr);
}
