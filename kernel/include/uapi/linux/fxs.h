/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR MIT */
/*
 * fxs.h - user ABI of the FXS (analog phone port) subsystem.
 *
 * DRAFT CONTRACT: the kernel-core work completes the documentation of every
 * command and attribute here; names and numbers below are what the other
 * parts (handsetd, tests) code against.
 */
#ifndef _UAPI_LINUX_FXS_H
#define _UAPI_LINUX_FXS_H

#define FXS_GENL_NAME		"fxs"
#define FXS_GENL_VERSION	1
#define FXS_GENL_MCGRP_EVENTS	"events"

#define FXS_PORT_NAME_MAX	32	/* including the NUL */

enum fxs_location {
	FXS_LOCATION_BUILTIN = 1,
	FXS_LOCATION_EXPANDER = 2,
};

enum fxs_hook {
	FXS_HOOK_ONHOOK = 0,
	FXS_HOOK_OFFHOOK = 1,
};

enum fxs_linefeed {
	FXS_LINEFEED_OPEN = 0,
	FXS_LINEFEED_FORWARD_ACTIVE = 1,
	FXS_LINEFEED_REVERSE_ACTIVE = 2,
	FXS_LINEFEED_FORWARD_OHT = 3,	/* on-hook transmission */
	FXS_LINEFEED_REVERSE_OHT = 4,
	__FXS_LINEFEED_MAX,
};

enum fxs_cmd {
	FXS_CMD_UNSPEC,
	FXS_CMD_PORT_GET,	/* do: one port; dump: all ports */
	FXS_CMD_PORT_SET,	/* CAP_NET_ADMIN */
	FXS_CMD_PORT_ADDED,	/* notifications on the "events" group */
	FXS_CMD_PORT_REMOVED,
	FXS_CMD_OFFHOOK,
	FXS_CMD_ONHOOK,
	FXS_CMD_FLASH,
	FXS_CMD_DIGIT,
	__FXS_CMD_MAX,
};
#define FXS_CMD_MAX (__FXS_CMD_MAX - 1)

enum fxs_attr {
	FXS_A_UNSPEC,
	FXS_A_PAD,
	FXS_A_PORT_INDEX,	/* u32 */
	FXS_A_PORT_NAME,	/* string */
	FXS_A_LOCATION,		/* u8, enum fxs_location */
	FXS_A_EXPANDER,		/* string, expander identity */
	FXS_A_EXPANDER_PORT,	/* u32, number on the expander, from 1 */
	FXS_A_DRIVER,		/* string */
	FXS_A_HOOK,		/* u8, enum fxs_hook */
	FXS_A_HOOK_SINCE,	/* u64, CLOCK_MONOTONIC ns of last hook change */
	FXS_A_LINEFEED,		/* u8, enum fxs_linefeed */
	FXS_A_RINGING,		/* u8, 0 or 1 */
	FXS_A_RING_CADENCE,	/* nest of FXS_A_RING_STEP (u32 ms, on/off...) */
	FXS_A_TIMING,		/* nest, enum fxs_timing_attr */
	FXS_A_DIGIT,		/* u8, 0..9 */
	FXS_A_TIMESTAMP,	/* u64, CLOCK_MONOTONIC ns of the event */
	FXS_A_FAULT,		/* string, present while the port has a fault */
	__FXS_A_MAX,
};
#define FXS_A_MAX (__FXS_A_MAX - 1)

#endif /* _UAPI_LINUX_FXS_H */
