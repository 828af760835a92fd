/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handsetd -n's port name check (port_names.c): a name that is neither a
 * port the kernel has now nor an expander port name is warned about at
 * its line; the others are not.  A scratch directory stands in for
 * /sys/class/fxs.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "handsetd.h"
#include "tap.h"
#include "conf_parse.h"

static unsigned check_names(const struct config *cfg, const char *dir)
{
	struct diag *d = NULL;
	unsigned n;

	out = mem_deref(out);
	if (!cfg || diag_alloc(&d))
		return 999;
	port_names_check(cfg, d, dir);
	(void)re_sdprintf(&out, "%H", diag_print, d);
	n = diag_warnings(d) + diag_errors(d) * 100;
	mem_deref(d);

	return n;
}

int main(void)
{
	char dir[] = "/tmp/test_port_names.XXXXXX";
	char path[64];
	struct config *cfg;

	if (libre_init() || !mkdtemp(dir))
		return 1;
	(void)re_snprintf(path, sizeof(path), "%s/sim0", dir);
	if (mkdir(path, 0755))
		return 1;

	cfg = parse(HEAD "handsets = (\n"
		    "  { user_id = \"120\"; model = \"analog\"; "
		    "port = \"sim0\"; },\n"
		    "  { user_id = \"121\"; model = \"analog\";\n"
		    "    port = \"fxs0\"; },\n"
		    "  { user_id = \"122\"; model = \"analog\"; "
		    "port = \"exp-AB12-3\"; }\n"
		    ");\n"
		    "ports = { port = (\n"
		    "  { name = \"sim0\"; },\n"
		    "  { name = \"sim9\"; debounce_ms = 20; }\n"
		    "); };\n");
	ok(cfg && nerr == 0, "the configuration itself is valid");

	ok(check_names(cfg, dir) == 2 &&
	   has("t.conf:5: warning: analog handset 121 names port \"fxs0\"") &&
	   has("ports now: sim0") && has("t.conf:10:") &&
	   has("ports.port names port \"sim9\""),
	   "fxs0 and sim9 warned about at their lines, with the ports "
	   "there are");
	ok(!strstr(out, "\"sim0\"") && !strstr(out, "exp-AB12-3"),
	   "an existing port and an expander name are not");

	ok(check_names(cfg, "/nonexistent/fxs") == 4 &&
	   has("no fxs module is loaded"),
	   "without the module every non-expander name is warned about, "
	   "saying why");
	mem_deref(cfg);

	(void)rmdir(path);
	(void)rmdir(dir);
	mem_deref(out);
	libre_close();

	return tap_done();
}
