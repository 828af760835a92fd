/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tls: listeners in sip.listen and the sip.certificate / sip.key keys
 * that go with them: default port 5061, and each missing piece reported
 * with its file and line.  Real certificates and keys are made by openssl
 * in tests/protocol/sip-tls-config.sh.
 */
#include <string.h>
#include "handsetd.h"
#include "tap.h"
#include "conf_parse.h"

int main(void)
{
	struct listen_addr la;
	struct config *cfg;

	if (libre_init())
		return 1;

	ok(!listen_addr_parse(&la, "tls:127.0.0.1") &&
	   la.tp == SIP_TRANSP_TLS && sa_port(&la.addr) == 5061,
	   "tls:ADDRESS listens on 5061");
	ok(!listen_addr_parse(&la, "TLS:[::1]") &&
	   la.tp == SIP_TRANSP_TLS && sa_port(&la.addr) == 5061,
	   "TLS:[IPv6] listens on 5061 too");
	ok(!listen_addr_parse(&la, "tls:0.0.0.0:5071") &&
	   sa_port(&la.addr) == 5071, "tls:ADDRESS:PORT keeps its port");
	ok(!listen_addr_parse(&la, "udp:127.0.0.1") &&
	   sa_port(&la.addr) == 5060, "udp:ADDRESS still listens on 5060");
	ok(listen_addr_parse(&la, "sips:127.0.0.1") != 0,
	   "sips: is no transport name");

	cfg = parse("sip = {\n  listen = [ \"udp:127.0.0.1\",\n"
		    "    \"tls:127.0.0.1\" ];\n};\n");
	ok(!cfg && nerr == 1 && has("t.conf:2: sip.listen: a tls: listener "
				    "needs sip.certificate"),
	   "a tls: listener without certificate: error at sip.listen");
	mem_deref(cfg);

	cfg = parse("sip = {\n  listen = [ \"tls:127.0.0.1\" ];\n"
		    "  certificate = \"/nonexistent/cert.pem\";\n};\n");
	ok(!cfg && nerr == 1 &&
	   has("t.conf:3: sip: certificate \"/nonexistent/cert.pem\": "),
	   "a missing certificate file: error at its line");
	mem_deref(cfg);

	/* would never end (or, a FIFO, never open) if read as PEM */
	cfg = parse("sip = {\n  listen = [ \"tls:127.0.0.1\" ];\n"
		    "  certificate = \"/dev/zero\";\n};\n");
	ok(!cfg && has("t.conf:3: sip: certificate \"/dev/zero\" is not a "
		       "regular file"), "a device as certificate refused");
	mem_deref(cfg);

	cfg = parse("sip = {\n  listen = [ \"tls:127.0.0.1\" ];\n"
		    "  certificate = \"/\";\n  key = \"/dev/null\";\n};\n");
	ok(!cfg && has("t.conf:3: sip: certificate \"/\" is not a regular"),
	   "a directory as certificate refused");
	mem_deref(cfg);

	cfg = parse("sip = {\n  listen = [ \"tls:127.0.0.1\" ];\n"
		    "  certificate = \"cert.pem\";\n};\n");
	ok(!cfg && has("t.conf:3: sip: certificate must be an absolute "
		       "path"), "a relative certificate path refused");
	mem_deref(cfg);

	cfg = parse("sip = {\n  listen = [ \"tls:127.0.0.1\" ];\n"
		    "  certificate = 42;\n};\n");
	ok(!cfg && has("t.conf:3: sip: \"certificate\" must be a path"),
	   "a certificate that is no string refused");
	mem_deref(cfg);

	cfg = parse("sip = {\n  listen = [ \"udp:127.0.0.1\" ];\n"
		    "  certificate = \"/nonexistent/cert.pem\";\n};\n");
	ok(cfg && nerr == 0 && nwarn == 1 &&
	   has("t.conf:3: warning: sip: certificate and key are used by "
	       "tls: listeners only"),
	   "a certificate without a tls: listener: a warning, not checked");
	ok(cfg && !cfg->tls_cert, "  and not kept");
	mem_deref(cfg);

	mem_deref(out);
	libre_close();

	return tap_done();
}
