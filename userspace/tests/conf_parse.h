/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the configuration unit tests: parse a text as "t.conf" and
 * look for a message among the diagnostics it produced.
 */
#ifndef HANDSETD_CONF_PARSE_H
#define HANDSETD_CONF_PARSE_H

#include <stdio.h>
#include <string.h>
#include "handsetd.h"

#define HEAD \
	"sip = { listen = [ \"udp:127.0.0.1:5060\" ]; realm = " \
	"\"pbx.local\"; };\n"

static char *out;
static unsigned nerr, nwarn;

/* Parses text as "t.conf"; the diagnostics land in out. */
static struct config *parse(const char *text)
{
	struct config *cfg = NULL;
	struct diag *d = NULL;

	out = mem_deref(out);
	if (diag_alloc(&d))
		return NULL;
	(void)config_parse(&cfg, "t.conf", text, d);
	(void)re_sdprintf(&out, "%H", diag_print, d);
	nerr = diag_errors(d);
	nwarn = diag_warnings(d);
	mem_deref(d);

	return cfg;
}

static bool has(const char *s)
{
	bool r = out && strstr(out, s);

	if (!r)
		printf("# diagnostics were: %s\n", out ? out : "(none)");

	return r;
}

#endif
