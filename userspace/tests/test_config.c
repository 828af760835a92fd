/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Configuration validation: every problem of issue 3 section 2 reported
 * with file and line (both places for a clash), and nothing accepted that
 * should not be.
 */
#include <string.h>
#include "handsetd.h"
#include "tap.h"
#include "conf_parse.h"

int main(void)
{
	struct config *cfg;
	const struct hs_conf *hc;
	uint8_t ha1[MD5_SIZE], mac[MAC_LEN];
	struct pl pl;

	if (libre_init())
		return 1;

	cfg = parse(config_default_text);
	ok(cfg && nerr == 0 && nwarn == 0 && cfg->handsetc == 1,
	   "embedded defaults are valid, one demonstration handset");
	mem_deref(cfg);

	cfg = parse(HEAD
		"registration = { min_expires = 60; default_expires = 3600; "
		"max_expires = 7200; };\n"
		"state_dir = \"/var/lib/handsetd\";\n"
		"control_socket = \"/run/handsetd/control\";\n"
		"analog = { inside_ports = \"builtin\"; user_ids = "
		"\"200-299\"; };\n"
		"handsets = (\n"
		"  { user_id = \"101\"; model = \"generic-sip\"; login = "
		"\"phone101\"; password = \"s3cret\"; },\n"
		"  { user_id = \"102\"; model = \"yealink-t46\"; login = "
		"\"alice\"; password = \"x7!q\";\n"
		"    mac = \"00-15-65-12-34-5A\"; },\n"
		"  { user_id = \"120\"; model = \"analog\"; port = \"fxs0\"; "
		"}\n"
		");\n");
	ok(cfg && nerr == 0 && cfg->handsetc == 3,
	   "the INTERFACES.md example is accepted as is");
	pl_set_str(&pl, "alice");
	hc = cfg ? config_by_login(cfg, &pl) : NULL;
	auth_ha1(ha1, "alice", "pbx.local", "x7!q");
	ok(hc && !memcmp(hc->ha1, ha1, MD5_SIZE),
	   "password stored as HA1 of login:realm:password");
	ok(!mac_parse(mac, "00:15:65:12:34:5a", 17) && cfg &&
	   config_by_mac(cfg, mac) == hc, "MAC stored in canonical form");
	ok(cfg && config_by_port(cfg, "fxs0") != NULL,
	   "analog handset found by its port");
	ok(cfg && cfg->analog_uid_first == 200 &&
	   cfg->analog_uid_last == 299 &&
	   cfg->analog_inside == ANALOG_INSIDE_BUILTIN, "analog group read");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"101\"; model = \"generic-sip\"; login = "
		"\"bob\"; password = \"a\"; },\n"
		"  { user_id = \"102\"; model = \"generic-sip\";\n"
		"    login = \"bob\"; password = \"b\"; }\n);\n");
	ok(!cfg && nerr == 1 &&
	   has("t.conf:5: cannot use the same Login ID on multiple phones") &&
	   has("t.conf:3"), "duplicate Login ID: exact message, both lines");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"101\"; model = \"generic-sip\"; login = "
		"\"a\"; password = \"a\"; },\n"
		"  { user_id = \"101\"; model = \"generic-sip\"; login = "
		"\"b\"; password = \"b\"; }\n);\n");
	ok(!cfg && has("t.conf:4: duplicate user ID \"101\"") &&
	   has("t.conf:3"), "duplicate user ID names both lines");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"yealink-t46\"; login = "
		"\"a\"; password = \"a\"; mac = \"001565123456\"; },\n"
		"  { user_id = \"2\"; model = \"yealink-t46\"; login = "
		"\"b\"; password = \"b\";\n"
		"    mac = \"00:15:65:12:34:56\"; }\n);\n");
	ok(!cfg && has("t.conf:5: duplicate MAC address 00:15:65:12:34:56") &&
	   has("t.conf:3"), "duplicate MAC in two spellings, both lines");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"yealink-t46\"; login = "
		"\"a\"; password = \"a\";\n"
		"    mac = \"00:15:65:12:34\"; }\n);\n");
	ok(!cfg && has("t.conf:4:") && has("malformed MAC address"),
	   "malformed MAC with its line");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"generic-sip\"; login = "
		"\"a\"; }\n);\n");
	ok(!cfg && has("t.conf:3:") && has("needs a password"),
	   "SIP handset without password");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"polycom-vvx410\"; login = "
		"\"a\"; password = \"a\"; }\n);\n");
	ok(!cfg && has("t.conf:3:") && has("add mac ="),
	   "vendor model without MAC");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"nokia-3310\"; login = \"a\"; "
		"password = \"a\"; }\n);\n");
	ok(!cfg && has("t.conf:3:") && has("unknown model \"nokia-3310\"") &&
	   has("generic-sip"), "unknown model, with the known ones listed");
	mem_deref(cfg);

	cfg = parse(HEAD "registration = {\n  min_expires = 600;\n"
		"  default_expires = 3600;\n  max_expires = 300; };\n");
	ok(!cfg && has("t.conf:3:") && has("greater than max_expires"),
	   "min_expires above max_expires");
	mem_deref(cfg);

	cfg = parse(HEAD "registration = { min_expires = 60;\n"
		"  default_expires = 30; max_expires = 300; };\n");
	ok(!cfg && has("t.conf:3:") && has("default_expires (30) is outside"),
	   "default_expires outside min..max");
	mem_deref(cfg);

	cfg = parse(HEAD "registration = { min_expires = -1; };\n");
	ok(!cfg && has("t.conf:2:") && has("out of range"),
	   "negative min_expires out of range");
	mem_deref(cfg);

	cfg = parse(HEAD "registration = { max_expires = \"long\"; };\n");
	ok(!cfg && has("must be a whole number"), "expiry of the wrong type");
	mem_deref(cfg);

	cfg = parse(HEAD "colour = \"blue\";\nhandsets = (\n"
		"  { user_id = \"1\"; model = \"generic-sip\"; login = "
		"\"a\"; password = \"a\"; pasword = \"x\"; }\n);\n");
	ok(cfg && nerr == 0 && nwarn == 2 &&
	   has("t.conf:2: warning: unknown key \"colour\"") &&
	   has("t.conf:4: warning: unknown key \"pasword\""),
	   "unknown keys warned, not refused");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"generic-sip\"; login = \"a\"; "
		"ha1 = \"0123456789abcdef0123456789ABCDEF\"; }\n);\n");
	ok(cfg && nerr == 0, "ha1 instead of a password accepted");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"generic-sip\"; login = "
		"\"a\"; ha1 = \"0123\"; }\n);\n");
	ok(!cfg && has("ha1 must be 32 hex digits"), "short ha1 refused");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"generic-sip\"; login = "
		"\"a\"; password = \"p\";\n"
		"    ha1 = \"0123456789abcdef0123456789abcdef\"; }\n);\n");
	ok(!cfg && has("either password or ha1"), "password and ha1 both");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"120\"; model = \"analog\"; port = \"fxs0\"; "
		"},\n"
		"  { user_id = \"121\"; model = \"analog\";\n    port = "
		"\"fxs0\"; }\n);\n");
	ok(!cfg && has("t.conf:5: two handsets on port \"fxs0\"") &&
	   has("t.conf:3"), "two analog handsets on one port, both lines");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"120\"; model = \"analog\"; }\n);\n");
	ok(!cfg && has("needs the port"), "analog handset without port");
	mem_deref(cfg);

	/*
	 * Port names follow the kernel's rule (linux/fxs_name.h): a SIP
	 * token character, a leading dot or a name too long for a port is
	 * a name no port can have.
	 */
	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"120\"; model = \"analog\"; "
		"port = \"exp-SIM0001-12\"; }\n);\n");
	ok(cfg != NULL, "analog port: an expander port name is accepted");
	mem_deref(cfg);
	{
		static const char *const bad[] = {
			"fxs+0", "fxs(0)", "~fxs0", ".fxs0",
			"a-name-of-thirty-two-characters0",
		};
		unsigned i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char text[512];

			snprintf(text, sizeof(text), HEAD "handsets = (\n"
				 "  { user_id = \"120\"; model = \"analog\"; "
				 "port = \"%s\"; }\n);\n", bad[i]);
			cfg = parse(text);
			ok(!cfg && has("is not a port name"),
			   "analog port \"%s\" refused, as the kernel would",
			   bad[i]);
			mem_deref(cfg);
		}
	}
	cfg = parse(HEAD "analog = { inside_ports = [ \"fxs+0\" ]; };\n");
	ok(!cfg && has("entries must be port names"),
	   "inside_ports entry with a SIP token character refused");
	mem_deref(cfg);

	cfg = parse(HEAD "analog = { inside_ports = \"all\"; };\n");
	ok(!cfg && has("t.conf:2:") && has("inside_ports must be"),
	   "inside_ports neither builtin, none nor a list");
	mem_deref(cfg);

	cfg = parse(HEAD "analog = { inside_ports = [ \"fxs0\", \"fxs1\" ]; "
		"user_ids = \"300-250\"; };\n");
	ok(!cfg && has("user_ids must be a range"), "user_ids range reversed");
	mem_deref(cfg);

	cfg = parse(HEAD "analog = { inside_ports = [ \"fxs0\", \"fxs1\" ]; "
		"user_ids = \"300-350\"; };\n");
	ok(cfg && cfg->analog_inside == ANALOG_INSIDE_LIST &&
	   cfg->analog_portc == 2 && cfg->analog_uid_first == 300,
	   "inside_ports as a list of port names");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n  { user_id = \"1\" model = \"x\"; }\n);\n");
	ok(!cfg && nerr == 1 && has("t.conf:3:"),
	   "syntax error reported with its line");
	mem_deref(cfg);

	cfg = parse("sip = { listen = [ \"sctp:127.0.0.1:5060\" ]; };\n");
	ok(!cfg && has("t.conf:1:") && has("sctp:127.0.0.1:5060"),
	   "listen address of an unknown transport");
	mem_deref(cfg);

	cfg = parse("sip = { listen = \"tcp:[::1]:5070\"; };\n");
	ok(cfg && cfg->listenc == 1 && cfg->listen[0].tp == SIP_TRANSP_TCP &&
	   sa_port(&cfg->listen[0].addr) == 5070, "one IPv6 listen string");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1 2\"; model = \"generic-sip\"; login = "
		"\"a\"; password = \"a\"; }\n);\n");
	ok(!cfg && has("user_id \"1 2\" may only contain"),
	   "user ID with a space refused");
	mem_deref(cfg);

	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"generic-sip\"; login = "
		"\"a\"; password = \"a\"; },\n"
		"  { user_id = \"2\"; model = \"generic-sip\"; login = "
		"\"a\"; },\n"
		"  { user_id = \"3\"; model = \"bogus\"; login = \"c\"; "
		"password = \"c\"; }\n);\n");
	ok(!cfg && nerr == 3, "every error reported, not only the first");
	mem_deref(cfg);

	/* display_name: what a provisioned phone shows for its line */
	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"yealink-t46\"; login = "
		"\"a\"; password = \"a\"; mac = \"00:15:65:00:00:01\";\n"
		"    display_name = \"Empfang \xc3\x9c\"; },\n"
		"  { user_id = \"2\"; model = \"generic-sip\"; login = "
		"\"b\"; password = \"b\"; });\n");
	pl_set_str(&pl, "1");
	hc = cfg ? config_by_uid(cfg, &pl) : NULL;
	ok(cfg && nerr == 0 && hc && hc->display_name &&
	   !strcmp(hc->display_name, "Empfang \xc3\x9c") &&
	   (pl_set_str(&pl, "2"), !config_by_uid(cfg, &pl)->display_name),
	   "display_name kept as written (UTF-8); none when not set");
	mem_deref(cfg);
	cfg = parse(HEAD "handsets = (\n"
		"  { user_id = \"1\"; model = \"generic-sip\"; login = "
		"\"a\"; password = \"a\";\n"
		"    display_name = \"tab\\there\"; },\n"
		"  { user_id = \"2\"; model = \"generic-sip\"; login = "
		"\"b\"; password = \"b\";\n"
		"    display_name = \"\xc3\"; },\n"
		"  { user_id = \"3\"; model = \"analog\"; port = \"sim0\";\n"
		"    display_name = \"Lobby\"; });\n");
	ok(!cfg && nerr == 3 && has("t.conf:4: handset 1: display_name may "
	   "not hold control characters") && has("t.conf:6: handset 2: "
	   "display_name is not valid UTF-8") && has("t.conf:8: handset 3: "
	   "display_name is for SIP handsets"),
	   "display_name: control characters, bad UTF-8, analog refused "
	   "with file and line");
	mem_deref(cfg);

	mem_deref(out);
	libre_close();

	return tap_done();
}
