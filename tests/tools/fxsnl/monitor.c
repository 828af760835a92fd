// SPDX-License-Identifier: GPL-2.0-only
/*
 * monitor.c - "fxsnl monitor": join the "events" group and print one line
 * per notification with the time it was received, as a listener such as
 * handsetd sees them.  When the socket overflows (ENOBUFS) the events in
 * between are lost for good, so it does what a real listener must: dump
 * the ports on a second socket to learn their true state, then go on.
 * --rcvbuf and --stall let a test provoke exactly that.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fxsnl.h"

struct monitor {
	long count;		/* stop after this many events, -1: never */
	long seen;
	long overruns;
	bool resync;
	bool stop;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct monitor *m = arg;
	uint64_t rx = fxsnl_now_ns();

	if (fxsnl_print_msg(stdout, msg, &rx) == 0)
		m->seen++;
	if (m->count >= 0 && m->seen >= m->count) {
		m->stop = true;
		return NL_STOP;
	}
	return NL_OK;
}

/* Notifications carry sequence number 0: nothing to match them with. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* A dump on its own socket, retried while ports come and go. */
static int resync(struct fxsnl *q)
{
	int tries, err = -EINTR;

	for (tries = 0; tries < 10 && err == -EINTR; tries++) {
		struct nl_msg *req = fxsnl_msg(q, FXS_CMD_PORT_GET, NLM_F_DUMP);

		if (!req)
			return -ENOMEM;
		err = fxsnl_request(q, req, fxsnl_print_reply, NULL);
		if (err == -EINTR)
			printf("# dump interrupted, again\n");
	}
	if (err)
		fxsnl_report(q, "resync dump", err);
	else
		printf("resynced rx=%" PRIu64 "\n", fxsnl_now_ns());
	return err;
}

/*
 * The kernel reports ENOBUFS before the messages still queued, which are
 * older than the overflow.  Read them first, so that the dump that follows
 * is newer than every event printed before it.
 */
static int drain(struct fxsnl *nl, struct nl_cb *cb, struct monitor *m)
{
	int i, err = 0;

	for (i = 0; i < 100000 && !m->stop; i++) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err == -NLE_AGAIN)
			return 0;
		if (err == -NLE_NOMEM) {
			m->overruns++;
			printf("overrun rx=%" PRIu64 "\n", fxsnl_now_ns());
		} else if (err < 0) {
			fprintf(stderr, "fxsnl: receive: %s\n",
				nl_geterror(err));
			return err;
		}
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fxsnl monitor [-n COUNT] [-t TIMEOUT_MS] [--rcvbuf BYTES]\n"
		"                     [--stall MS] [--no-resync]\n");
}

int fxsnl_monitor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "rcvbuf", required_argument, NULL, 'b' },
		{ "stall", required_argument, NULL, 's' },
		{ "no-resync", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct monitor m = { .count = -1, .resync = true };
	long timeout_ms = -1, stall_ms = 0, rcvbuf = 0;
	struct fxsnl nl, q;
	uint64_t deadline = 0;
	struct nl_cb *cb = NULL;
	int c, err, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "n:t:", opts, NULL)) != -1) {
		char *end;
		long v;

		v = optarg ? strtol(optarg, &end, 10) : 0;
		if (optarg && (*end || v < 0)) {
			fprintf(stderr, "fxsnl: monitor: bad number '%s'\n",
				optarg);
			return 2;
		}
		switch (c) {
		case 'n':
			m.count = v;
			break;
		case 't':
			timeout_ms = v;
			break;
		case 'b':
			rcvbuf = v;
			break;
		case 's':
			stall_ms = v;
			break;
		case 'R':
			m.resync = false;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc) {
		usage();
		return 2;
	}

	if (fxsnl_open(&nl))
		return 1;
	if (fxsnl_open(&q))
		goto out_nl;
	if (nl.events_grp < 0) {
		fprintf(stderr, "fxsnl: family has no \"%s\" group\n",
			FXS_GENL_MCGRP_EVENTS);
		goto out_q;
	}
	/* poll() says when to read; reads must never block a drain. */
	nl_socket_set_nonblocking(nl.sk);
	if (rcvbuf && nl_socket_set_buffer_size(nl.sk, (int)rcvbuf, 0) < 0) {
		fprintf(stderr, "fxsnl: cannot set the receive buffer\n");
		goto out_q;
	}
	err = nl_socket_add_membership(nl.sk, nl.events_grp);
	if (err < 0) {
		fprintf(stderr, "fxsnl: joining \"%s\": %s\n",
			FXS_GENL_MCGRP_EVENTS, nl_geterror(err));
		goto out_q;
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		goto out_q;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &m);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);

	printf("# subscribed\n");
	if (stall_ms) {
		struct timespec ts = {
			.tv_sec = stall_ms / 1000,
			.tv_nsec = (stall_ms % 1000) * 1000000L,
		};

		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
	}
	if (timeout_ms >= 0)
		deadline = fxsnl_now_ns() + (uint64_t)timeout_ms * 1000000ULL;

	ret = 0;
	while (!m.stop && (m.count < 0 || m.seen < m.count)) {
		struct pollfd pfd = {
			.fd = nl_socket_get_fd(nl.sk),
			.events = POLLIN,
		};
		int wait = -1;

		if (deadline) {
			uint64_t now = fxsnl_now_ns();

			if (now >= deadline)
				break;
			wait = (int)((deadline - now + 999999) / 1000000);
		}
		c = poll(&pfd, 1, wait);
		if (c < 0 && errno != EINTR) {
			perror("fxsnl: poll");
			ret = 1;
			break;
		}
		if (c <= 0)
			continue;
		err = nl_recvmsgs(nl.sk, cb);
		if (err == -NLE_NOMEM) {
			/* libnl's name for ENOBUFS: the socket overflowed. */
			m.overruns++;
			printf("overrun rx=%" PRIu64 "\n", fxsnl_now_ns());
			if (drain(&nl, cb, &m) || (m.resync && resync(&q))) {
				ret = 1;
				break;
			}
		} else if (err < 0 && err != -NLE_AGAIN) {
			fprintf(stderr, "fxsnl: receive: %s\n",
				nl_geterror(err));
			ret = 1;
			break;
		}
	}
	printf("# events=%ld overruns=%ld\n", m.seen, m.overruns);
	if (!ret && m.count >= 0 && m.seen < m.count) {
		fprintf(stderr, "fxsnl: monitor: timeout after %ld of %ld events\n",
			m.seen, m.count);
		ret = 3;
	}
	nl_cb_put(cb);
out_q:
	fxsnl_close(&q);
out_nl:
	fxsnl_close(&nl);
	return ret;
}
