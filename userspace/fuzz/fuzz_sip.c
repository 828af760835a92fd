/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIP requests from bytes, through libre's decoder into handsetd's
 * registrar: REGISTER (digest authentication, Contact and Expires
 * handling, bindings, the state log), SUBSCRIBE (discovery), OPTIONS, the
 * refusals, and the rate limiter, with a fixed configuration and a fake
 * clock.  Replies are built and sent to a transport that does not exist,
 * so they go nowhere but every byte of them is formatted.
 *
 * Input: one or more requests separated by a line "%%" which may carry
 * "+SECONDS" (the clock moves that far; otherwise one second) and "@N"
 * (which of four source addresses sends the next request; odd ones over
 * TCP).  So nonces age, bindings expire and failures add up within one
 * input.  A fuzzer cannot guess an MD5 digest, so in an Authorization
 * header nonce="@" becomes a fresh nonce and response="@" the correct
 * response for the configured password of username: the fuzzer reaches
 * everything behind authentication and still mutates every other field.
 * Each input starts with an empty state directory and fuzz_config()'s
 * handsets.
 */
#include "fuzz.h"

static const char *const sources[] = {
	"192.0.2.10:5060", "192.0.2.11:5070", "[2001:db8::1]:5060",
	"127.0.0.1:40000",
};

static struct config *cfg;
static struct auth *auth;
static struct sip *sip;

static void setup(void)
{
	static const uint8_t secret[SECRET_LEN] = { 0x5a, 0xa5, 1, 2, 3 };

	cfg = fuzz_config();
	if (auth_alloc(&auth, secret) ||
	    sip_alloc(&sip, NULL, 32, 32, 32, "handsetd", NULL, NULL))
		abort();
}

/* Replaces the first "@" placeholder after key with what. */
static int substitute(struct mbuf **mbp, const char *key, const char *what)
{
	struct mbuf *mb = *mbp, *out;
	const uint8_t *p;
	size_t klen = strlen(key);

	p = memmem(mb->buf, mb->end, key, klen);
	if (!p || (size_t)(p - mb->buf) + klen + 2 > mb->end ||
	    p[klen] != '@' || p[klen + 1] != '"')
		return ENOENT;

	out = mbuf_alloc(mb->end + 64);
	if (!out)
		return ENOMEM;
	(void)mbuf_write_mem(out, mb->buf, (size_t)(p - mb->buf) + klen);
	(void)mbuf_write_str(out, what);
	(void)mbuf_write_mem(out, p + klen + 1,
			     mb->end - (size_t)(p - mb->buf) - klen - 1);
	out->pos = 0;
	mem_deref(mb);
	*mbp = out;

	return 0;
}

/* The response a phone knowing the password would send. */
static void digest_response(char out[33], const struct sip_msg *msg)
{
	const struct sip_hdr *h = sip_msg_hdr(msg, SIP_HDR_AUTHORIZATION);
	struct httpauth_digest_resp r;
	const struct hs_conf *hc;

	out[0] = '\0';
	if (!h || httpauth_digest_response_decode(&r, &h->val))
		return;
	hc = config_by_login(cfg, &r.username);
	if (!hc || !hc->has_secret)
		return;

	fuzz_digest(out, hc->ha1, &r, &msg->met);
}

static void one_request(struct registrar *reg, struct records *recs,
			const uint8_t *data, size_t size, unsigned src)
{
	struct sip_msg *msg = NULL;
	char nonce[NONCE_SIZE], resp[33];
	struct mbuf *mb;

	mb = mbuf_alloc(size + 1);
	if (!mb)
		abort();
	(void)mbuf_write_mem(mb, data, size);
	mb->pos = 0;

	auth_nonce_make(auth, nonce, cfg->realm, (uint64_t)fuzz_clock);
	(void)substitute(&mb, "nonce=\"", nonce);

	if (sip_msg_decode(&msg, mb))
		goto out;

	if (memmem(mb->buf, mb->end, "response=\"@\"", 12)) {
		digest_response(resp, msg);
		msg = mem_deref(msg);
		if (resp[0] && !substitute(&mb, "response=\"", resp)) {
			mb->pos = 0;
			if (sip_msg_decode(&msg, mb))
				goto out;
		}
		if (!msg)
			goto out;
	}

	src %= (sizeof(sources) / sizeof(sources[0]));
	if (sa_decode(&msg->src, sources[src], strlen(sources[src])))
		abort();
	msg->tp = src & 1 ? SIP_TRANSP_TCP : SIP_TRANSP_UDP;

	(void)registrar_request(reg, msg);
	(void)records_maintain(recs);

 out:
	mem_deref(msg);
	mem_deref(mb);
}

static void flushed(int err, void *arg)
{
	(void)err;
	(void)arg;
	re_cancel();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_setup();
	struct registrar *reg = NULL;
	struct ratelimit *rl = NULL;
	struct records *recs = NULL;
	const uint8_t *end = data + size;
	unsigned src = 0;

	if (!cfg)
		setup();

	fuzz_clock = 1767225600;
	fuzz_clean(dir);
	if (records_alloc(&recs, cfg, dir) || ratelimit_alloc(&rl) ||
	    registrar_alloc(&reg, sip, recs, auth, rl))
		abort();
	ratelimit_configure(rl, cfg->auth_max_failures, cfg->auth_window,
			    cfg->auth_block);

	while (data < end) {
		const uint8_t *sep = memmem(data, (size_t)(end - data),
					    "\n%%", 3);
		const uint8_t *next = sep ? sep + 3 : end;
		unsigned long adv = 1;

		one_request(reg, recs, data, (size_t)((sep ? sep + 1 : end) -
							  data), src);

		/* "%%+SECONDS@SOURCE" up to the end of its line */
		if (next < end && *next == '+') {
			adv = 0;
			while (++next < end && *next >= '0' && *next <= '9' &&
			       adv < 1000000)
				adv = adv * 10 + (unsigned long)(*next - '0');
		}
		if (next < end && *next == '@' && next + 1 < end)
			src = next[1];
		while (next < end && *next++ != '\n')
			;
		fuzz_clock += (time_t)adv;
		data = next;
	}

	/* every 200 OK waits for the state log: let the loop deliver them */
	if (!statelog_wait(records_statelog(recs), flushed, NULL))
		(void)re_main(NULL);

	mem_deref(reg);
	mem_deref(rl);
	mem_deref(recs);

	return 0;
}
