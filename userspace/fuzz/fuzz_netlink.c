/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The netlink event stream from bytes, as handsetd reads it: libnl's
 * receive path (nlmsg_ok, multipart, DONE, ERROR, OVERRUN, DUMP_INTR,
 * sequence checks), analog_nl.c's handlers (family resolution, the port
 * dump, events, resyncs, the module vanishing and coming back) and the
 * analog handsets model above them (analog.c: configured and
 * auto-created handsets, the state file they are saved to).
 *
 * No kernel: analog_nl_set_socks() gives analog_nl two libnl sockets that
 * are never connected, whose send and receive are this file's.  Sent
 * requests go nowhere; each receive hands libnl the next datagram of the
 * input for that socket.
 *
 * Input: records of a tag byte, a 16-bit little-endian length and that
 * many bytes.  Tag bit 0: 0 for the event socket, 1 for the request
 * socket (family lookups and dumps).  Tag bit 1: the receive fails (on
 * the event socket ENOBUFS, lost events; on the request socket an
 * interrupted call).  A zero-length record without bit 1 is "nothing to
 * read now" (EAGAIN), which ends a batch of events.  Messages on the
 * request socket whose sequence number is 0 get the one of the last
 * request, as the kernel's answers carry it.  tests/fuzz/gen-netlink.py
 * writes the seeds.
 *
 * Checks after each input: the port mirror has no two ports of one
 * name, the handsets document builds and encodes to JSON that parses,
 * and the state directory passes analog_validate() (what handsetd -n and
 * a reload check), so the model never saves what it could not read back.
 */
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include "fuzz.h"
#include "analog.h"
#include "analog_nl.h"

enum {
	TAG_REQ  = 1,
	TAG_FAIL = 2,
	MAX_RECORDS = 512,
};

struct record {
	uint8_t tag;
	const uint8_t *p;
	size_t n;
};

static struct records *recs;
static struct config *cfg;

static struct record rec[MAX_RECORDS];
static size_t recn;
static size_t next_ev, next_req;
static uint32_t last_seq;
static struct analog_nl *mirror;

/* The next record for that socket, or NULL. */
static const struct record *take(bool req)
{
	size_t *i = req ? &next_req : &next_ev;

	while (*i < recn) {
		const struct record *r = &rec[(*i)++];

		if (!(r->tag & TAG_REQ) == !req)
			return r;
	}

	return NULL;
}

static int recv_from(bool req, unsigned char **buf)
{
	const struct record *r = take(req);
	struct nlmsghdr *hdr;
	int n;

	if (!r)
		return -NLE_AGAIN;
	if (r->tag & TAG_FAIL)
		return req ? -NLE_INTR : -NLE_NOMEM;
	if (!r->n)
		return -NLE_AGAIN;

	/* libnl frees what a receive returns */
	*buf = malloc(r->n);
	if (!*buf)
		abort();
	memcpy(*buf, r->p, r->n);
	n = (int)r->n;

	if (!req)
		return n;

	for (hdr = (struct nlmsghdr *)*buf; nlmsg_ok(hdr, n);
	     hdr = nlmsg_next(hdr, &n)) {
		if (!hdr->nlmsg_seq)
			hdr->nlmsg_seq = last_seq;
	}

	return (int)r->n;
}

static int ev_recv(struct nl_sock *sk, struct sockaddr_nl *nla,
		   unsigned char **buf, struct ucred **creds)
{
	(void)sk;
	(void)creds;

	nla->nl_family = AF_NETLINK;

	return recv_from(false, buf);
}

static int req_recv(struct nl_sock *sk, struct sockaddr_nl *nla,
		    unsigned char **buf, struct ucred **creds)
{
	(void)sk;
	(void)creds;

	nla->nl_family = AF_NETLINK;

	return recv_from(true, buf);
}

static int req_send(struct nl_sock *sk, struct nl_msg *msg)
{
	(void)sk;

	last_seq = nlmsg_hdr(msg)->nlmsg_seq;

	return (int)nlmsg_hdr(msg)->nlmsg_len;
}

static struct nl_sock *sock(bool req)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_cb *cb;

	if (!sk)
		return NULL;
	cb = nl_socket_get_cb(sk);
	nl_cb_overwrite_recv(cb, req ? req_recv : ev_recv);
	nl_cb_overwrite_send(cb, req_send);
	nl_cb_put(cb);

	return sk;
}

static int socks(struct analog_nl *nl, struct nl_sock **evp,
		 struct nl_sock **reqp)
{
	mirror = nl;
	*evp = sock(false);
	*reqp = sock(true);

	return 0;
}

static void setup(const char *dir)
{
	cfg = fuzz_config();
	mem_deref(cfg->state_dir);
	if (str_dup(&cfg->state_dir, dir))
		abort();
	if (records_alloc(&recs, cfg, dir))
		abort();
	analog_nl_set_socks(socks);
}

static void split(const uint8_t *data, size_t size)
{
	recn = 0;
	next_ev = next_req = 0;
	last_seq = 0;

	while (size >= 3 && recn < MAX_RECORDS) {
		size_t n = data[1] | (size_t)data[2] << 8;

		if (n > size - 3)
			n = size - 3;
		rec[recn].tag = data[0];
		rec[recn].p = data + 3;
		rec[recn].n = n;
		++recn;
		data += 3 + n;
		size -= 3 + n;
	}
}

static void check_ports(void)
{
	const struct le *a, *b;

	for (a = list_head(analog_nl_ports(mirror)); a; a = a->next) {
		const struct analog_port *p = a->data;

		for (b = a->next; b; b = b->next) {
			const struct analog_port *q = b->data;

			if (!strcmp(p->name, q->name)) {
				(void)fprintf(stderr, "port %s twice\n",
					      p->name);
				abort();
			}
		}
	}
}

static void check_document(struct analog *an)
{
	struct odict *od = NULL, *back = NULL;
	struct mbuf *mb = mbuf_alloc(1024);

	if (!mb || analog_document(&od, an) ||
	    mbuf_printf(mb, "%H", json_encode_odict, od))
		abort();
	if (json_decode_odict(&back, 32, (char *)mb->buf, mb->end, 16)) {
		(void)re_fprintf(stderr, "not JSON: %b\n", mb->buf, mb->end);
		abort();
	}
	mb->pos = mb->end = 0;
	if (mbuf_printf(mb, "%H", analog_list_text, an))
		abort();

	mem_deref(back);
	mem_deref(od);
	mem_deref(mb);
}

static void check_state(void)
{
	struct diag *diag = NULL;

	if (diag_alloc(&diag))
		abort();
	if (analog_validate(cfg, diag) || diag_errors(diag)) {
		(void)re_fprintf(stderr, "state: %H", diag_print, diag);
		abort();
	}
	mem_deref(diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_setup();
	struct analog *an = NULL;
	size_t before;
	int i;

	if (!recs)
		setup(dir);
	fuzz_unlink(dir, "analog-handsets.conf");
	split(data, size);

	/* the family lookup and the first dump come from the input */
	if (analog_alloc(&an, recs, 0))
		abort();

	/* as the loop would: read while the input has events */
	for (i = 0; i < MAX_RECORDS && next_ev < recn; i++) {
		before = next_ev;
		analog_nl_read(mirror);
		if (next_ev == before)
			break;
	}

	check_ports();
	check_document(an);
	mem_deref(an);
	mirror = NULL;
	check_state();

	return 0;
}
