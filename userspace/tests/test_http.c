/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Handsets page's pure parts: the http block's validation (defaults,
 * the beyond-loopback rule, file:line for each problem) and the HTML
 * rendering of a document and a SIP row whose strings came from hostile
 * phones.
 */
#include <string.h>
#include "handsetd.h"
#include "http.h"
#include "tap.h"
#include "conf_parse.h"

static void config_checks(void)
{
	struct config *cfg;

	cfg = parse(HEAD);
	ok(cfg && !cfg->http, "no http block: no page");
	mem_deref(cfg);

	cfg = parse(config_default_text);
	ok(cfg && cfg->http && cfg->http->listenc == 1 &&
	   sa_is_loopback(&cfg->http->listen[0].addr) &&
	   sa_port(&cfg->http->listen[0].addr) == 8080 &&
	   !cfg->http->listen[0].tls,
	   "built-in defaults: the page on http:127.0.0.1:8080 only");
	mem_deref(cfg);

	cfg = parse(HEAD "http = { };\n");
	ok(cfg && cfg->http && cfg->http->listenc == 1 &&
	   cfg->http->max_connections == 64 && cfg->http->max_request == 8192
	   && cfg->http->request_timeout == 10,
	   "an empty http block: loopback and the default limits");
	mem_deref(cfg);

	cfg = parse(HEAD "http = {\n listen = [ \"http:0.0.0.0:8080\" ];\n"
		    "};\n");
	ok(!cfg && nerr == 2 && has("t.conf:3: http.listen: "
				    "http://0.0.0.0:8080/ is beyond "
				    "loopback") &&
	   has("only over https") && has("administrators' credentials"),
	   "plain http beyond loopback: two errors, with file and line");

	cfg = parse(HEAD "http = {\n listen = [ \"https:[::]:8443\" ];\n};\n");
	ok(!cfg && has("an https address needs \"certificate\""),
	   "https without certificate is an error");

	cfg = parse(HEAD "http = { listen = \"http:[::1]:8081\"; };\n");
	ok(cfg && cfg->http && sa_af(&cfg->http->listen[0].addr) == AF_INET6
	   && sa_port(&cfg->http->listen[0].addr) == 8081,
	   "an IPv6 loopback address as a single string");
	mem_deref(cfg);

	cfg = parse(HEAD "http = {\n listen = [ \"ftp:1.2.3.4\" ];\n};\n");
	ok(!cfg && has("t.conf:3: http.listen: \"ftp:1.2.3.4\" is not"),
	   "an unknown scheme is an error at its line");

	cfg = parse(HEAD "http = {\n listen = [ \"http:127.0.0.1:1\", "
		    "\"http:127.0.0.1:1\" ];\n};\n");
	ok(!cfg && has("listed twice"), "a duplicate address is an error");

	cfg = parse(HEAD "http = {\n max_connections = 0;\n};\n");
	ok(!cfg && has("t.conf:3: http: max_connections = 0 is out of range"),
	   "a limit out of range is an error at its line");

	cfg = parse(HEAD "http = {\n admins = \"relative\";\n};\n");
	ok(!cfg && has("admins must be an absolute path"),
	   "a relative admins path is an error");

	cfg = parse(HEAD "http = {\n admins = \"/nonexistent/admins\";\n};\n");
	ok(!cfg && has("t.conf:3: http: admins \"/nonexistent/admins\""),
	   "an unreadable admins file is an error at its line");

	cfg = parse(HEAD "http = {\n colour = \"blue\";\n};\n");
	ok(cfg && has("unknown key \"colour\" in http"),
	   "an unknown key is a warning");
	mem_deref(cfg);
}

static int sip_rows(struct re_printf *pf, void *arg)
{
	return http_page_sip_row(pf, arg);
}

/* The <main> of a document (sip_handsets empty, as listing_document_nosip()
 * gives it) with one SIP row made from v. */
static int page_print(struct re_printf *pf, void *arg)
{
	void **a = arg;

	return http_page_list_rows(pf, a[0], NULL, 1, sip_rows, a[1], false);
}

static void page_checks(void)
{
	static const char doc[] =
		"{\"sip_handsets\":[],"
		"\"discovered_devices\":[],\"warnings\":[{\"kind\":"
		"\"mac_typo\",\"user_id\":\"8\",\"message\":\"a \\\"b\\\" & c\"},"
		"{\"kind\":\"mac_typo\",\"user_id\":\"7\",\"message\":"
		"\"typo <m>\"}],"
		"\"analog\":{\"kernel_attached\":true,\"handsets\":[],"
		"\"unassigned_ports\":[]}}";
	/* a handset whose strings came from a hostile phone (the User-Agent)
	 * or a careless administrator (the login) */
	struct binding b = { .uri = "sip:x@y", .callid = "c", .cseq = 1,
			     .expires = 1764753072, .tp = SIP_TRANSP_UDP,
			     .ua = "<script>alert(1)</script>\nX" };
	struct list contacts = LIST_INIT;
	struct listing_sip v = {
		.user_id = "101", .model = "m", .login = "a<b",
		.registered = true, .expires = "2026-12-03T10:11:12+01:00",
		.bindings = &contacts,
	};
	struct odict *o = NULL;
	char *html = NULL;
	void *arg[2];

	sa_set_str(&b.src, "1.2.3.4", 5);
	list_append(&contacts, &b.le, &b);

	ok(!json_decode_odict(&o, 8, doc, strlen(doc), 8), "test document");
	arg[0] = o;
	arg[1] = &v;
	ok(!re_sdprintf(&html, "%H", page_print, arg), "renders");

	ok(html && strstr(html, "registered until <time datetime=\""
			  "2026-12-03T10:11:12+01:00\">2026-12-03 10:11:12"
			  "</time>"),
	   "the expiry in the box's local time, machine-readable too");
	ok(html && strstr(html, "<div>udp:1.2.3.4:5</div>"),
	   "a contact's transport and source");
	ok(html && !strstr(html, "<script") &&
	   strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;&#10;X"),
	   "a phone's User-Agent is escaped, newline included");
	ok(html && strstr(html, "a&lt;b") &&
	   strstr(html, "a &quot;b&quot; &amp; c"),
	   "every string is escaped");
	ok(html && strstr(html, "<li>typo &lt;m&gt;</li>"),
	   "a warning given as an object shows its message");
	ok(html && !strchr(html, '\n'),
	   "the list is one line, one event stream data line");
	ok(html && strstr(html, "No unconfigured device has made itself") &&
	   strstr(html, "Every port has a handset") &&
	   strstr(html, "No analog handsets yet"),
	   "each empty section says so");

	mem_deref(html);
	mem_deref(o);
}

int main(void)
{
	if (libre_init())
		return 1;

	config_checks();
	page_checks();

	out = mem_deref(out);
	libre_close();

	return tap_done();
}
