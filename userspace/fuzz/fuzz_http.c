/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HTTP requests from bytes, through http.c on one connection without a
 * socket (http_srv_replay()): the request-head limits and checks, libre's
 * http_msg_decode(), Digest for administrators (http_auth.c), the routes
 * (the Handsets page, /api/v1/handsets, /handsets/<id>, the event
 * stream, the compiled-in assets, /prov/ with the repository's templates
 * through prov_http.c) and the answers, pipelined requests and
 * requests split over several reads included.  The records hold
 * fuzz_config()'s handsets with bindings over UDP, TCP and IPv6, and an
 * auto-created analog handset.
 *
 * Input: a flags byte, then the bytes the peer sends, cut into reads at
 * every "%%\n".  Flags bit 0: the page has administrators (http.admins,
 * user "admin", password "pw"), else it is open; bit 1: the connection
 * then waits past http.request_timeout, else the peer closes it; bits 2
 * and 3: which of four peer addresses.  As in fuzz_sip, nonce="@" becomes
 * a fresh nonce and response="@" the right Digest response for admin, so
 * the fuzzer gets past the login and still mutates every other field.
 *
 * Checks: every answer starts with a status line of a known code and,
 * when it has a body, a Content-Length that matches it; the security
 * headers are on every answer.
 */
#include "fuzz.h"
#include "analog.h"
#include "http.h"
#include "prov.h"

enum { MAX_CHUNKS = 64 };

static const char *const peers[] = {
	"127.0.0.1:40000", "192.0.2.10:51000", "[2001:db8::1]:52000",
	"[::1]:53000",
};

static struct config *cfg_open, *cfg_admin;
static struct records *recs;
static struct analog *an;
static struct auth *auth;

static struct config *http_config(const char *dir, bool admins)
{
	struct config *c = NULL;
	struct diag *diag = NULL;
	char *text = NULL;

	if (diag_alloc(&diag) ||
	    re_sdprintf(&text, "%shttp = {"
			" listen = [ \"http:127.0.0.1:8080\" ];"
			" realm = \"handsets\"; max_request = 4096;"
			" max_connections = 8; %s%s%s };\n"
			"provisioning = { templates = [ \"%s\" ];"
			" allow = [ \"0.0.0.0/0\", \"::/0\" ];"
			" time_zone = \"UTC\"; };\n", fuzz_conf_text,
			admins ? "admins = \"" : "", admins ? dir : "",
			admins ? "/admins\";" : "", FUZZ_PROV_DIR))
		abort();
	if (config_parse(&c, "fuzz.conf", text, diag) || diag_errors(diag)) {
		(void)re_fprintf(stderr, "fuzz: configuration: %H",
				 diag_print, diag);
		abort();
	}
	mem_deref(c->state_dir);
	if (str_dup(&c->state_dir, dir))
		abort();
	/* served through http_srv_replay() only: no listening socket */
	c->http->listenc = 0;

	mem_deref(text);
	mem_deref(diag);

	return c;
}

static void setup(const char *dir)
{
	static const uint8_t secret[SECRET_LEN] = { 0x5a, 0xa5, 3, 2, 1 };
	static const char autos[] =
		"analog_handsets = ( { user_id = \"200\"; port = \"fxs1\";"
		" created = 1767225000L; } );\n";
	char line[128];
	uint8_t ha1[MD5_SIZE];

	/* admin:handsets:pw, as htdigest writes it */
	md5((const uint8_t *)"admin:handsets:pw", 17, ha1);
	(void)re_snprintf(line, sizeof(line), "admin:handsets:%w\n", ha1,
			  sizeof(ha1));
	fuzz_write(dir, "admins", (const uint8_t *)line, strlen(line));
	fuzz_write(dir, "analog-handsets.conf", (const uint8_t *)autos,
		   sizeof(autos) - 1);

	cfg_open = http_config(dir, false);
	cfg_admin = http_config(dir, true);
	if (auth_alloc(&auth, secret) ||
	    records_alloc(&recs, cfg_open, dir) ||
	    analog_alloc(&an, recs, 0))
		abort();

	fuzz_add_binding(recs, "101", "sip:phone101@192.0.2.10:5060",
			 "192.0.2.10:5060", SIP_TRANSP_UDP,
			 "Yealink SIP-T46S 66.85.0.5", NULL);
	fuzz_add_binding(recs, "102",
			 "sip:alice@[2001:db8::1]:5070;transport=tcp",
			 "[2001:db8::1]:5070", SIP_TRANSP_TCP,
			 "Polycom <b>\"VVX\"</b> & \\x", NULL);
}

/* Replaces the first "@" placeholder after key with what. */
static void substitute(struct mbuf *mb, const char *key, const char *what)
{
	size_t klen = strlen(key), at, wlen = strlen(what);
	uint8_t *p;

	p = memmem(mb->buf, mb->end, key, klen);
	if (!p || (size_t)(p - mb->buf) + klen + 2 > mb->end ||
	    p[klen] != '@' || p[klen + 1] != '"')
		return;

	at = (size_t)(p - mb->buf) + klen;
	if (mbuf_resize(mb, mb->end + wlen))
		abort();
	memmove(mb->buf + at + wlen, mb->buf + at + 1, mb->end - at - 1);
	memcpy(mb->buf + at, what, wlen);
	mb->end += wlen - 1;
}

/* The response the administrator's browser would send, or "". */
static void digest_response(char out[33], const struct mbuf *mb)
{
	struct httpauth_digest_resp r;
	struct pl met, val;
	uint8_t ha1[MD5_SIZE];

	out[0] = '\0';
	if (re_regex((const char *)mb->buf, mb->end, "[A-Z]+ ", &met) ||
	    re_regex((const char *)mb->buf, mb->end,
		     "\nAuthorization:[ \t]*[^\r\n]+", NULL, &val) ||
	    httpauth_digest_response_decode(&r, &val))
		return;

	md5((const uint8_t *)"admin:handsets:pw", 17, ha1);
	fuzz_digest(out, ha1, &r, &met);
}

static const uint16_t codes[] = {
	200, 204, 304, 400, 401, 403, 404, 405, 408, 413, 429, 431, 500, 505,
};

static bool known_code(unsigned code)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(codes); i++)
		if (codes[i] == code)
			return true;

	return false;
}

static bool at_answer(const char *p, const char *end)
{
	return p == end ||
		((size_t)(end - p) >= 9 && !memcmp(p, "HTTP/1.1 ", 9));
}

/*
 * Every answer in out: a status line with a known code, the security
 * headers, and a body of its Content-Length (none after a HEAD) that
 * ends where the next answer starts.
 */
static void check_answers(const struct mbuf *out)
{
	const char *p = (const char *)out->buf, *end = p + out->end;

	while (p < end) {
		struct pl code, hdrs, clen;
		const char *body;
		size_t n = (size_t)(end - p);
		uint32_t len;

		if (!at_answer(p, end) ||
		    re_regex(p, n, "HTTP/1.1 [0-9]+ [^\r\n]+\r\n", &code,
			     NULL) || code.p != p + 9 ||
		    !known_code(pl_u32(&code)))
			goto bad;
		body = memmem(p, n, "\r\n\r\n", 4);
		if (!body)
			goto bad;
		body += 4;
		hdrs.p = p;
		hdrs.l = (size_t)(body - p);
		if (re_regex(hdrs.p, hdrs.l, "X-Content-Type-Options: nosniff",
			     NULL))
			goto bad;
		/* the event stream has no length: it runs to the end */
		if (!re_regex(hdrs.p, hdrs.l, "text/event-stream", NULL) &&
		    re_regex(hdrs.p, hdrs.l, "Content-Length", NULL))
			return;
		if (re_regex(hdrs.p, hdrs.l, "Content-Length: [0-9]+", &clen))
			goto bad;
		len = pl_u32(&clen);
		p = body;
		if (at_answer(p, end))
			continue;
		if (len > (size_t)(end - p) || !at_answer(p + len, end))
			goto bad;
		p += len;
	}

	return;

 bad:
	(void)re_fprintf(stderr, "bad answer at %zu of:\n%b\n",
			 (size_t)(p - (const char *)out->buf), out->buf,
			 out->end);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_setup();
	struct http_srv *srv = NULL;
	struct prov *prov = NULL;
	struct config *cfg;
	struct mbuf *mb, *out;
	struct pl chunks[MAX_CHUNKS];
	char nonce[NONCE_SIZE], resp[33];
	const uint8_t *p, *end;
	size_t n = 0;
	unsigned flags;
	struct sa peer;

	if (!recs)
		setup(dir);
	if (!size)
		return 0;

	flags = data[0];
	fuzz_clock = 1767225600;

	mb = mbuf_alloc(size + 64);
	out = mbuf_alloc(8192);
	if (!mb || !out || mbuf_write_mem(mb, data + 1, size - 1))
		abort();

	auth_nonce_make(auth, nonce, "http:handsets", (uint64_t)fuzz_clock);
	substitute(mb, "nonce=\"", nonce);
	if (memmem(mb->buf, mb->end, "response=\"@\"", 12)) {
		digest_response(resp, mb);
		if (resp[0])
			substitute(mb, "response=\"", resp);
	}

	p = mb->buf;
	end = mb->buf + mb->end;
	while (p < end && n < MAX_CHUNKS) {
		const uint8_t *sep = memmem(p, (size_t)(end - p), "%%\n", 3);

		chunks[n].p = (const char *)p;
		chunks[n].l = (size_t)((sep ? sep : end) - p);
		++n;
		p = sep ? sep + 3 : end;
	}

	/* a fresh /prov/ per input: its scan limit must not carry over */
	cfg = flags & 1 ? cfg_admin : cfg_open;
	if (sa_decode(&peer, peers[(flags >> 2) & 3],
		      strlen(peers[(flags >> 2) & 3])) ||
	    http_srv_alloc(&srv, cfg, recs, an, auth) ||
	    prov_alloc(&prov, cfg, recs, NULL, auth))
		abort();
	http_srv_set_prov(srv, prov);
	if (http_srv_replay(srv, &peer, chunks, n, flags & 2, out))
		abort();

	check_answers(out);

	mem_deref(srv);
	mem_deref(prov);
	mem_deref(mb);
	mem_deref(out);

	return 0;
}
