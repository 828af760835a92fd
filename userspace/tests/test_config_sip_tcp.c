/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sip.max_tcp_per_address and sip.max_tcp_connections (config_sip_tcp.c):
 * the defaults they replace, the range errors with file and line, and the
 * warning when the total asks for more than the open-file limit leaves.
 * The soft limit is set to 1024 first so the figures do not depend on the
 * shell that runs the test.
 */
#include <string.h>
#include <sys/resource.h>
#include "handsetd.h"
#include "sip_tcp_guard.h"
#include "tap.h"
#include "conf_parse.h"

/* line 1 opens the group, the keys under test start on line 3 */
#define SIP_TCP(keys) \
	"sip = {\n" \
	"  listen = [ \"udp:127.0.0.1:5060\", \"tcp:127.0.0.1:5060\" ];\n" \
	keys \
	"};\n"

int main(void)
{
	struct rlimit rl;
	struct config *cfg;

	if (libre_init())
		return 1;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_max < 1024) {
		printf("not ok 1 - open-file limit of 1024 can be set\n");
		return 1;
	}
	rl.rlim_cur = 1024;
	ok(!setrlimit(RLIMIT_NOFILE, &rl), "soft open-file limit set to 1024");

	cfg = parse(SIP_TCP(""));
	ok(cfg && nerr == 0 && nwarn == 0 && cfg->tcp_per_address == 8 &&
	   cfg->tcp_max == 512,
	   "absent: 8 from one address, half the open-file limit in all");
	mem_deref(cfg);

	cfg = parse(config_default_text);
	ok(cfg && nerr == 0 && nwarn == 0 && cfg->tcp_per_address == 8 &&
	   cfg->tcp_max == 512, "the embedded defaults: the same");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("  max_tcp_per_address = 3;\n"
			    "  max_tcp_connections = 100;\n"));
	ok(cfg && nerr == 0 && nwarn == 0 && cfg->tcp_per_address == 3 &&
	   cfg->tcp_max == 100, "both set: both in force");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("  max_tcp_per_address = 0;\n"));
	ok(!cfg && nerr == 1 &&
	   has("t.conf:3: sip: max_tcp_per_address = 0 is out of range "
	       "(1 to 131072)"), "per address 0: error with file and line");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("  max_tcp_per_address = 200000;\n"));
	ok(!cfg && nerr == 1 &&
	   has("t.conf:3: sip: max_tcp_per_address = 200000 is out of range"),
	   "per address above the range: error");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("\n  max_tcp_connections = -5;\n"));
	ok(!cfg && nerr == 1 &&
	   has("t.conf:4: sip: max_tcp_connections = -5 is out of range "
	       "(1 to 131072)"), "negative total: error with file and line");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("  max_tcp_connections = \"many\";\n"));
	ok(!cfg && nerr == 1 &&
	   has("t.conf:3: sip: \"max_tcp_connections\" must be a whole "
	       "number"), "total of the wrong type: error");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("  max_tcp_connections = 960;\n"));
	ok(cfg && nerr == 0 && nwarn == 0 && cfg->tcp_max == 960,
	   "960 of 1024 without the page: fits (64 kept for handsetd)");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("  max_tcp_connections = 961;\n"));
	ok(cfg && nerr == 0 && nwarn == 1 && cfg->tcp_max == 960 &&
	   has("t.conf:3: warning: sip: max_tcp_connections = 961 is more "
	       "than the open-file limit of 1024 leaves for SIP connections "
	       "once handsetd has 64 for itself: 960 apply (raise "
	       "LimitNOFILE= in the unit for more)"),
	   "one more: a warning naming the limit, 960 in force");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("  max_tcp_connections = 5000;\n")
		    "http = { listen = [ \"http:127.0.0.1:8080\" ];\n"
		    "  max_connections = 100; };\n");
	ok(cfg && nerr == 0 && nwarn == 1 && cfg->tcp_max == 860 &&
	   has("t.conf:3: warning: sip: max_tcp_connections = 5000 is more "
	       "than the open-file limit of 1024 leaves for SIP connections "
	       "once handsetd has 64 for itself and 100 for "
	       "http.max_connections: 860 apply"),
	   "the page's connections come out of the limit too");
	mem_deref(cfg);

	cfg = parse(SIP_TCP("  max_tcp_per_address = 20;\n"
			    "  max_tcp_connections = 10;\n"));
	ok(cfg && nerr == 0 && nwarn == 1 && cfg->tcp_per_address == 20 &&
	   has("t.conf:3: warning: sip: max_tcp_per_address = 20 is above "
	       "the 10 connections allowed in all"),
	   "per address above the total: warning");
	mem_deref(cfg);

	cfg = parse("sip = { listen = \"udp:127.0.0.1:5060\";\n"
		    "  max_tcp_per_address = 3; };\n");
	ok(cfg && nerr == 0 && nwarn == 1 &&
	   has("t.conf:2: warning: sip: max_tcp_per_address and "
	       "max_tcp_connections are for tcp: and tls: listeners"),
	   "without a TCP or TLS listener: warning, ignored");
	mem_deref(cfg);

	cfg = parse("sip = { max_tcp_conections = 3; };\n");
	ok(cfg && nwarn == 1 &&
	   has("t.conf:1: warning: unknown key \"max_tcp_conections\""),
	   "a misspelt key is named");
	mem_deref(cfg);

	mem_deref(out);
	libre_close();

	return tap_done();
}
