/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The part of a registration's CPU that is libre's and not handsetd's, for
 * bench/registrar.sh: libre's SIP stack decodes every request it receives
 * with sip_msg_decode() before handsetd sees it, and that decoder draws a
 * random tag (rand_u64, OpenSSL's RAND_bytes, a getpid() system call each)
 * for every message.  A registration is two REGISTERs, so twice the figure
 * printed here is spent before the first line of handsetd runs.
 *
 * The request is the second REGISTER of tests/protocol/sipp/register-burst.xml
 * as sipp sends it (with the Authorization header).  Prints microseconds
 * per call; asserts nothing.
 */
#include <stdio.h>
#include <time.h>
#include <re.h>

static const char request[] =
	"REGISTER sip:127.0.0.1:5060 SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 127.0.0.1:16060;branch=z9hG4bK-1234-1-2;rport\r\n"
	"Max-Forwards: 70\r\n"
	"From: <sip:u1@127.0.0.1>;tag=1234b1\r\n"
	"To: <sip:u1@127.0.0.1>\r\n"
	"Call-ID: 1-1234@127.0.0.1\r\n"
	"CSeq: 2 REGISTER\r\n"
	"Contact: <sip:u1@127.0.0.1:16060>\r\n"
	"Expires: 3600\r\n"
	"Authorization: Digest username=\"u1\",realm=\"pbx.local\","
	"uri=\"sip:127.0.0.1:5060\",nonce=\"674f1c2a9d0e4b7f3a1c5e8d2b6f"
	"0a4c9e7d\",response=\"5f2b8c1d9e3a7f4b6c0d2e8a1b5c9f3d\","
	"algorithm=MD5,cnonce=\"6b8b4567\",qop=auth,nc=00000001\r\n"
	"User-Agent: sipp-handsetd-burst\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	const int n = 100000;
	struct mbuf *mb;
	double t0, dec, rnd;
	uint64_t sink = 0;
	int i;

	if (libre_init())
		return 1;
	mb = mbuf_alloc(sizeof(request));
	if (!mb || mbuf_write_str(mb, request))
		return 1;

	t0 = now();
	for (i = 0; i < n; i++) {
		struct sip_msg *msg = NULL;

		mb->pos = 0;
		if (sip_msg_decode(&msg, mb)) {
			fprintf(stderr, "libre-floor: sip_msg_decode failed\n");
			return 1;
		}
		mem_deref(msg);
	}
	dec = (now() - t0) * 1e6 / n;

	t0 = now();
	for (i = 0; i < n; i++)
		sink += rand_u64();
	rnd = (now() - t0) * 1e6 / n;

	printf("libre sip_msg_decode of one REGISTER: %.1f us, of which "
	       "rand_u64 %.1f us (sink %llu)\n", dec, rnd,
	       (unsigned long long)(sink & 1));
	mem_deref(mb);
	libre_close();

	return 0;
}
