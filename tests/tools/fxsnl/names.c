// SPDX-License-Identifier: GPL-2.0-only
/*
 * names.c - the words fxsnl reads and prints for the numbers of the UAPI,
 * in one table each so that input and output always agree.
 */
#include <stdlib.h>
#include <string.h>

#include "fxsnl.h"

const struct fxsnl_name fxsnl_cmds[] = {
	{ "get", FXS_CMD_PORT_GET },
	{ "set", FXS_CMD_PORT_SET },
	{ "port_added", FXS_CMD_PORT_ADDED },
	{ "port_removed", FXS_CMD_PORT_REMOVED },
	{ "offhook", FXS_CMD_OFFHOOK },
	{ "onhook", FXS_CMD_ONHOOK },
	{ "flash", FXS_CMD_FLASH },
	{ "digit", FXS_CMD_DIGIT },
	{ "port_changed", FXS_CMD_PORT_CHANGED },
	{ NULL, 0 }
};

/* What event=... says for each notification. */
const struct fxsnl_name fxsnl_events[] = {
	{ "port_added", FXS_CMD_PORT_ADDED },
	{ "port_removed", FXS_CMD_PORT_REMOVED },
	{ "offhook", FXS_CMD_OFFHOOK },
	{ "onhook", FXS_CMD_ONHOOK },
	{ "flash", FXS_CMD_FLASH },
	{ "digit", FXS_CMD_DIGIT },
	{ "port_changed", FXS_CMD_PORT_CHANGED },
	{ NULL, 0 }
};

/* The keys of printed lines, also accepted by "fxsnl raw". */
const struct fxsnl_name fxsnl_attrs[] = {
	{ "pad", FXS_A_PAD },
	{ "index", FXS_A_PORT_INDEX },
	{ "name", FXS_A_PORT_NAME },
	{ "location", FXS_A_LOCATION },
	{ "expander", FXS_A_EXPANDER },
	{ "expander_port", FXS_A_EXPANDER_PORT },
	{ "driver", FXS_A_DRIVER },
	{ "hook", FXS_A_HOOK },
	{ "hook_since", FXS_A_HOOK_SINCE },
	{ "linefeed", FXS_A_LINEFEED },
	{ "ringing", FXS_A_RINGING },
	{ "cadence", FXS_A_RING_CADENCE },
	{ "timing", FXS_A_TIMING },
	{ "digit", FXS_A_DIGIT },
	{ "ts", FXS_A_TIMESTAMP },
	{ "fault", FXS_A_FAULT },
	{ "ring_step", FXS_A_RING_STEP },
	{ NULL, 0 }
};

const struct fxsnl_name fxsnl_timing_attrs[] = {
	{ "debounce_ms", FXS_TIMING_A_DEBOUNCE_MS },
	{ "pulse_break_max_ms", FXS_TIMING_A_PULSE_BREAK_MAX_MS },
	{ "interdigit_ms", FXS_TIMING_A_INTERDIGIT_MS },
	{ "flash_min_ms", FXS_TIMING_A_FLASH_MIN_MS },
	{ "flash_max_ms", FXS_TIMING_A_FLASH_MAX_MS },
	{ NULL, 0 }
};

const struct fxsnl_name fxsnl_linefeeds[] = {
	{ "open", FXS_LINEFEED_OPEN },
	{ "forward-active", FXS_LINEFEED_FORWARD_ACTIVE },
	{ "reverse-active", FXS_LINEFEED_REVERSE_ACTIVE },
	{ "forward-oht", FXS_LINEFEED_FORWARD_OHT },
	{ "reverse-oht", FXS_LINEFEED_REVERSE_OHT },
	{ NULL, 0 }
};

const struct fxsnl_name fxsnl_locations[] = {
	{ "builtin", FXS_LOCATION_BUILTIN },
	{ "expander", FXS_LOCATION_EXPANDER },
	{ NULL, 0 }
};

/* NULL for a number the table does not know (printed as a number). */
const char *fxsnl_name_of(const struct fxsnl_name *t, int value)
{
	for (; t->name; t++) {
		if (t->value == value)
			return t->name;
	}
	return NULL;
}

/* A name from @t, or a plain number (so tests can send any value). */
int fxsnl_value_of(const struct fxsnl_name *t, const char *name, int *value)
{
	char *end;
	long v;

	for (; t->name; t++) {
		if (!strcmp(t->name, name)) {
			*value = t->value;
			return 0;
		}
	}
	v = strtol(name, &end, 0);
	if (!*name || *end || v < 0 || v > 0xffff)
		return -1;
	*value = (int)v;
	return 0;
}
