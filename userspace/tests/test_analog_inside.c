/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_analog_inside.c - unit test of analog_inside.c: which ports create
 * analog handsets by themselves.  Prints TAP lines.
 */
#include <stdio.h>
#include <re.h>
#include "analog_inside.h"
#include "tap.h"

static void check(bool cond, const char *what)
{
	ok(cond, "%s", what);
}

int main(void)
{
	struct analog_inside_ports *in = NULL;

	check(analog_inside_alloc(&in, "everything") != 0 && !in,
	      "rejects an unknown mode");

	check(!analog_inside_alloc(&in, "builtin"), "mode builtin");
	check(analog_inside_match(in, "fxs0", false), "builtin port matches");
	check(!analog_inside_match(in, "exp0", true),
	      "expander port never matches builtin");
	check(analog_inside_add_port(in, "fxs0") != 0,
	      "cannot add names to the builtin mode");
	in = mem_deref(in);

	check(!analog_inside_alloc(&in, "none"), "mode none");
	check(!analog_inside_match(in, "fxs0", false), "none matches nothing");
	in = mem_deref(in);

	check(!analog_inside_alloc(&in, NULL), "list mode");
	check(!analog_inside_match(in, "fxs0", false), "empty list: no port");
	check(!analog_inside_add_port(in, "fxs1"), "add fxs1");
	check(!analog_inside_add_port(in, "usb-ab12-3"),
	      "add an expander name");
	check(analog_inside_add_port(in, "") != 0, "rejects an empty name");
	check(analog_inside_match(in, "fxs1", false), "listed port matches");
	check(!analog_inside_match(in, "fxs0", false),
	      "unlisted port does not");
	check(!analog_inside_match(in, "fxs", false), "no prefix matching");
	check(!analog_inside_match(in, "usb-ab12-3", true),
	      "listed expander port still never matches");
	check(!analog_inside_match(in, NULL, false), "NULL port");
	mem_deref(in);

	return tap_done();
}
