/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_analog_snippet.c - unit test of analog_snippet.c: the printed handsets
 * entry must read back through libconfig as the same handset, whatever
 * characters the port name holds.  Prints TAP lines.
 */
#include <stdio.h>
#include <string.h>
#include <libconfig.h>
#include <re.h>
#include "analog_snippet.h"
#include "tap.h"

static void check(bool cond, const char *what)
{
	ok(cond, "%s", what);
}

/* Paste the snippet into a handsets list, as an administrator would. */
static void roundtrip(const char *user_id, const char *port, const char *what)
{
	const struct analog_snippet in = { user_id, port };
	const char *uid = NULL, *model = NULL, *p = NULL;
	config_setting_t *h;
	char *snip = NULL, *file = NULL;
	config_t cfg;
	bool ok;

	config_init(&cfg);

	ok = !re_sdprintf(&snip, "%H", analog_snippet_print, &in) &&
	     !re_sdprintf(&file, "handsets = (\n  %s\n);\n", snip) &&
	     config_read_string(&cfg, file) == CONFIG_TRUE;

	h = ok ? config_lookup(&cfg, "handsets.[0]") : NULL;
	ok = h &&
	     config_setting_lookup_string(h, "user_id", &uid) &&
	     config_setting_lookup_string(h, "model", &model) &&
	     config_setting_lookup_string(h, "port", &p) &&
	     config_setting_length(h) == 3 &&
	     !strcmp(uid, user_id) && !strcmp(model, "analog") &&
	     !strcmp(p, port);

	if (!ok)
		printf("# snippet: %s\n", snip ? snip : "(none)");
	check(ok, what);

	config_destroy(&cfg);
	mem_deref(file);
	mem_deref(snip);
}

int main(void)
{
	const struct analog_snippet plain = { "200", "fxs0" };
	const struct analog_snippet no_uid = { "", "fxs0" };
	const struct analog_snippet no_port = { "200", NULL };
	char *s = NULL;

	check(!re_sdprintf(&s, "%H", analog_snippet_print, &plain) &&
	      !strcmp(s, "{ user_id = \"200\"; model = \"analog\"; "
		      "port = \"fxs0\"; }"),
	      "exact text for a plain port");
	s = mem_deref(s);

	roundtrip("200", "fxs0", "plain port reads back");
	roundtrip("201", "usb-1-1.2:3", "expander-style name reads back");
	roundtrip("202", "a\"b\\c", "quote and backslash are escaped");
	roundtrip("203", "tab\there", "tab is escaped");

	check(re_sdprintf(&s, "%H", analog_snippet_print, &no_uid) != 0,
	      "empty user ID is refused");
	s = mem_deref(s);
	check(re_sdprintf(&s, "%H", analog_snippet_print, &no_port) != 0,
	      "missing port is refused");
	mem_deref(s);

	return tap_done();
}
