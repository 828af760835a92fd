/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control protocol from bytes: one request, as a connection to the
 * control socket delivers it (at most CTRL_MAX_REQUEST bytes), through
 * ctrl_request() and the daemon's commands (ctrl_cmd.c) to the complete
 * answer.  The records hold fuzz_config()'s handsets with bindings over
 * UDP, TCP and IPv6, a discovered device and an auto-created analog
 * handset; "reload" re-reads the same configuration.  Every answer must
 * start with a status line, and a JSON body must parse as JSON.
 */
#include "fuzz.h"
#include "analog.h"
#include "ctrl_proto.h"

static struct config *cfg;
static struct ctrl_env env;

static int reload(struct diag *diag)
{
	struct config *c = NULL;
	int err;

	err = config_parse(&c, "fuzz.conf", fuzz_conf_text, diag);
	if (!err) {
		mem_deref(c->state_dir);
		err = str_dup(&c->state_dir, cfg->state_dir);
	}
	if (!err)
		err = records_reconfigure(env.recs, c);
	if (!err)
		(void)analog_reconfigure(env.analog);
	mem_deref(c);

	return err;
}

static void setup(const char *dir)
{
	static const char autos[] =
		"analog_handsets = ( { user_id = \"200\"; port = \"fxs1\";"
		" created = 1767225000L; } );\n";
	static const uint8_t mac[MAC_LEN] = { 0x00, 0x04, 0xf2, 1, 2, 3 };
	struct pl ua;
	struct sa sa;

	cfg = fuzz_config();
	mem_deref(cfg->state_dir);
	if (str_dup(&cfg->state_dir, dir))
		abort();
	fuzz_write(dir, "analog-handsets.conf", (const uint8_t *)autos,
		   sizeof(autos) - 1);

	if (records_alloc(&env.recs, cfg, dir) ||
	    analog_alloc(&env.analog, env.recs, 0))
		abort();
	env.reloadh = reload;

	fuzz_add_binding(env.recs, "101", "sip:phone101@192.0.2.10:5060",
			 "192.0.2.10:5060", SIP_TRANSP_UDP,
			 "Yealink SIP-T46S 66.85.0.5", NULL);
	fuzz_add_binding(env.recs, "102",
			 "sip:alice@[2001:db8::1]:5070;transport=tcp",
			 "[2001:db8::1]:5070", SIP_TRANSP_TCP,
			 "Polycom \"VVX\" \\x",
			 "<urn:uuid:00000000-0000-1000-8000-001565123456>");
	pl_set_str(&ua, "PolycomVVX-VVX_410-UA/5.9.0");
	(void)sa_decode(&sa, "192.0.2.20:5060", 15);
	records_discovered(env.recs, mac, &ua, "Polycom", "VVX 410",
			   "ua-profile SUBSCRIBE", &sa, (uint64_t)fuzz_clock);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_setup();
	struct odict *od = NULL;
	struct mbuf *out;
	char req[CTRL_MAX_REQUEST + 1];
	struct pl status, body;

	if (!cfg)
		setup(dir);

	/* what read_handler() can hold: longer requests are refused there */
	if (size > CTRL_MAX_REQUEST)
		size = CTRL_MAX_REQUEST;
	memcpy(req, data, size);
	req[size] = '\0';

	out = mbuf_alloc(4096);
	if (!out || ctrl_request(out, req, size, ctrl_cmd, &env))
		abort();

	if (re_regex((char *)out->buf, out->end, "[^\n]*\n[^]*", &status,
		     &body) ||
	    (pl_strcmp(&status, CTRL_STATUS_OK) &&
	     pl_strcmp(&status, CTRL_STATUS_ERROR)))
		abort();
	/* a snippet is libconfig text, "{ user_id = ...": JSON quotes keys */
	if (!pl_strcmp(&status, CTRL_STATUS_OK) && body.l > 1 &&
	    body.p[0] == '{' && body.p[1] == '"' &&
	    json_decode_odict(&od, 32, body.p, body.l, 16)) {
		(void)fprintf(stderr, "not JSON: %.*s\n", (int)body.l,
			      body.p);
		abort();
	}

	mem_deref(od);
	mem_deref(out);

	return 0;
}
