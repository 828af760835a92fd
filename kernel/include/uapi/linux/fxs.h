/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR MIT */
/*
 * fxs.h - user ABI of the FXS (analog phone port) subsystem.
 *
 * The kernel module "fxs" exposes every analog phone port (a line where a
 * phone is plugged in) in two ways:
 *
 *  - sysfs: /sys/class/fxs/<port name>/ (hook, location, linefeed, ringing,
 *    driver, fault, index, and expander, expander_port for expander ports);
 *  - the generic netlink family FXS_GENL_NAME ("fxs"), described here,
 *    which is the interface programs use.
 *
 * The source of this ABI is the family's YNL spec, kernel/fxs.yaml in the
 * fxs source tree (the format of the kernel's Documentation/netlink/
 * specs/): every name and value below is rendered from it by the kernel's
 * ynl-gen-c.py, and tests/unit/netlink-spec.sh fails when this file or the
 * kernel's policies say something else.  Change the spec first.  Any
 * program can drive the family from the spec alone with the kernel's YNL
 * CLI (tools/net/ynl/cli.py --spec fxs.yaml).  This file adds what a spec
 * cannot say: the rules below.
 *
 * Generic netlink basics
 * ----------------------
 * Resolve the family id and the id of the multicast group
 * FXS_GENL_MCGRP_EVENTS with the "nlctrl" family (CTRL_CMD_GETFAMILY).
 * Requests carry a struct genlmsghdr with .cmd = enum fxs_cmd and
 * .version = FXS_GENL_VERSION, followed by attributes of enum fxs_attr.
 * There is no family-specific header.  The family exists in the initial
 * network namespace only: the hardware is global to the machine, so it is
 * not duplicated per namespace.
 *
 * Validation is strict for every command: unknown attributes, attributes of
 * the wrong type or size, trailing garbage and out-of-range values are
 * refused with -EINVAL (or -ERANGE for a range) and an extended ACK message
 * naming the offending attribute (NLM_F_ACK_TLVS / NLMSGERR_ATTR_MSG and
 * NLMSGERR_ATTR_OFFS).  Every error below comes with such a message.
 *
 * Ports
 * -----
 * A port is known by two keys, both present in every message about it:
 *  - FXS_A_PORT_INDEX: a number the core allocates when the port appears,
 *    the smallest free one, from 0.  It is reused after the port goes, so
 *    hold it only while you also listen for FXS_CMD_PORT_REMOVED;
 *  - FXS_A_PORT_NAME: the stable name, unique on the system, which does not
 *    change across reboots, module reloads or expander re-plugs.  Built-in
 *    ports are named by their chip driver; expander ports are named by the
 *    core, "exp-<expander identity>-<expander port>".  Every name keeps
 *    the rule of <linux/fxs_name.h>, which a program can compile too.
 *
 * Times are u64 nanoseconds of CLOCK_MONOTONIC (clock_gettime(2)), so they
 * can be compared with the reader's own clock.
 *
 * Commands
 * --------
 * FXS_CMD_PORT_GET, "do" (no NLM_F_DUMP): one port.
 *	Request: FXS_A_PORT_INDEX or FXS_A_PORT_NAME (or both, which must then
 *	name the same port).
 *	Reply: one FXS_CMD_PORT_GET message with the port attributes (below).
 *	Errors: -EINVAL neither key given, or the two keys disagree;
 *	-ENODEV no such port.
 *	Permission: anyone.
 *
 * FXS_CMD_PORT_GET, "dump" (NLM_F_DUMP): every port.
 *	Request: no attributes.
 *	Reply: one FXS_CMD_PORT_GET message per port, in index order, each
 *	with the port attributes.  When ports come or go during a long dump
 *	the dump is flagged NLM_F_DUMP_INTR: start it again.
 *	Permission: anyone.
 *
 *	Port attributes (in GET replies, and in the PORT_ADDED and
 *	PORT_CHANGED events, which carry every one of them):
 *	FXS_A_PORT_INDEX, FXS_A_PORT_NAME, FXS_A_LOCATION, FXS_A_DRIVER,
 *	FXS_A_EXPANDER and FXS_A_EXPANDER_PORT (expander ports only),
 *	FXS_A_HOOK, FXS_A_HOOK_SINCE, FXS_A_LINEFEED, FXS_A_RINGING,
 *	FXS_A_RING_CADENCE, FXS_A_TIMING (all of enum fxs_timing_attr),
 *	FXS_A_FAULT (only while the port has a fault).
 *
 * FXS_CMD_PORT_SET: change a port.
 *	Request: FXS_A_PORT_INDEX or FXS_A_PORT_NAME (as for GET), and any of:
 *	  FXS_A_LINEFEED	the line state to hold while not ringing;
 *	  FXS_A_RINGING		1 starts ringing with the port's cadence,
 *				0 stops it;
 *	  FXS_A_RING_CADENCE	a new cadence (a ring in progress
 *				follows it from its next step);
 *	  FXS_A_TIMING		any subset of enum fxs_timing_attr; the
 *				others keep their values.
 *	Everything is checked before anything changes: a refused request
 *	changes nothing.  Within one request the cadence and timing are
 *	applied before ringing starts.
 *	Reply: an ACK only (ask with NLM_F_ACK); read the result with GET.
 *	Errors: -EINVAL as for GET, or an attribute out of range, or timing
 *	values that contradict each other (see enum fxs_timing_attr), or a
 *	cadence with an odd number of steps; -ENODEV no such port;
 *	-EBUSY FXS_A_RINGING 1 on a port that is off hook (the phone is
 *	already answered); -EPERM without CAP_NET_ADMIN.
 *	Permission: CAP_NET_ADMIN (GENL_ADMIN_PERM).
 *
 * Events: the multicast group FXS_GENL_MCGRP_EVENTS ("events")
 * --------------------------------------------------------------
 * Joining it requires CAP_NET_ADMIN (the group has GENL_MCAST_CAP_NET_ADMIN
 * and the kernel refuses the bind otherwise), because FXS_CMD_DIGIT
 * carries what the user dials on a rotary phone, which may be a PIN or an
 * account number.  handsetd runs with CAP_NET_ADMIN for this reason.
 *
 * Every event carries FXS_A_PORT_INDEX, FXS_A_PORT_NAME, FXS_A_LOCATION,
 * FXS_A_EXPANDER and FXS_A_EXPANDER_PORT (expander ports only) and
 * FXS_A_TIMESTAMP (when the core decided the event: for a debounced edge,
 * the moment the debounce time ran out; for a digit or a hang-up, the
 * moment the interdigit or hang-up time ran out).  Then:
 *	FXS_CMD_PORT_ADDED	a port appeared; all port attributes.
 *	FXS_CMD_PORT_REMOVED	a port went; its index is free again.
 *	FXS_CMD_OFFHOOK		FXS_A_HOOK, FXS_A_HOOK_SINCE: the line
 *				closed (when it is ringing, ringing has
 *				already been stopped: ring trip).
 *	FXS_CMD_ONHOOK		FXS_A_HOOK, FXS_A_HOOK_SINCE: hang-up, the
 *				line stayed open FXS_TIMING_A_FLASH_MAX_MS.
 *	FXS_CMD_FLASH		a hook flash (never also a digit or a
 *				hang-up).
 *	FXS_CMD_DIGIT		FXS_A_DIGIT: a pulse-dialed digit.
 *	FXS_CMD_PORT_CHANGED	all port attributes, as they are when the
 *				message is built: the core changed the line
 *				state other than by a hook event: linefeed,
 *				ringing started or stopped (also by ring
 *				trip, after the OFFHOOK event), cadence,
 *				timing, or a fault set or cleared.  Changes
 *				close together may be announced once, so a
 *				listener takes the state it carries rather
 *				than counting messages; it never needs to
 *				re-derive what the core did.
 * FXS_A_HOOK_SINCE is when the line really changed state (the start of the
 * edge that was then debounced, or the start of the open interval that
 * turned out to be a hang-up).
 *
 * A listener that does not read fast enough loses messages (recvmsg fails
 * with ENOBUFS); it must then dump the ports to learn their true state.
 * No event message is built while nobody listens.
 *
 * Hook timing (per port; FXS_A_TIMING)
 * ------------------------------------
 * The core decodes the raw hook state into events.  A raw change that does
 * not last the debounce time is ignored.  Then an open line (on hook) that
 * lasts d milliseconds after the phone was off hook means:
 *	d < PULSE_BREAK_MAX			a dial pulse;
 *	PULSE_BREAK_MAX <= d < FLASH_MIN	nothing (too long for a pulse,
 *						too short for a flash);
 *	FLASH_MIN <= d < FLASH_MAX		a hook flash;
 *	FLASH_MAX <= d				a hang-up (FXS_CMD_ONHOOK).
 * Pulses are counted into a digit until the line stays closed for
 * INTERDIGIT milliseconds: 1 to 9 pulses are that digit, 10 pulses are 0,
 * more than 10 are not a digit and are dropped.
 */
#ifndef _UAPI_LINUX_FXS_H
#define _UAPI_LINUX_FXS_H

#define FXS_GENL_NAME		"fxs"
#define FXS_GENL_VERSION	1
#define FXS_GENL_MCGRP_EVENTS	"events"

#define FXS_PORT_NAME_MAX	32	/* including the NUL */
#define FXS_EXPANDER_MAX	64	/* expander identity, with the NUL */
#define FXS_FAULT_MAX		64	/* fault text, including the NUL */

enum fxs_location {
	FXS_LOCATION_BUILTIN = 1,
	FXS_LOCATION_EXPANDER = 2,
};

enum fxs_hook {
	FXS_HOOK_ONHOOK = 0,
	FXS_HOOK_OFFHOOK = 1,
};

/*
 * Line states.  The default when a port appears is FORWARD_ACTIVE: loop
 * current available, so a phone that goes off hook is detected.  OPEN
 * removes battery (no off-hook detection).  REVERSE_ACTIVE is polarity
 * reversal (answer supervision).  The OHT states keep the line on hook but
 * pass audio (caller ID between rings).
 */
enum fxs_linefeed {
	FXS_LINEFEED_OPEN = 0,
	FXS_LINEFEED_FORWARD_ACTIVE = 1,
	FXS_LINEFEED_REVERSE_ACTIVE = 2,
	FXS_LINEFEED_FORWARD_OHT = 3,	/* on-hook transmission */
	FXS_LINEFEED_REVERSE_OHT = 4,
	__FXS_LINEFEED_MAX,
	FXS_LINEFEED_MAX = __FXS_LINEFEED_MAX - 1
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
	FXS_CMD_PORT_CHANGED,
	__FXS_CMD_MAX,
};

#define FXS_CMD_MAX (__FXS_CMD_MAX - 1)

/*
 * Top-level attributes.  Types are the netlink types: u8/u32/u64 in host
 * byte order, strings NUL-terminated.
 */
enum fxs_attr {
	FXS_A_UNSPEC,
	FXS_A_PAD,		/* alignment padding for u64, ignore */
	FXS_A_PORT_INDEX,	/* u32 */
	FXS_A_PORT_NAME,	/* string, < FXS_PORT_NAME_MAX bytes */
	FXS_A_LOCATION,		/* u8, enum fxs_location */
	FXS_A_EXPANDER,		/* string, expander identity (USB serial) */
	FXS_A_EXPANDER_PORT,	/* u32, number on the expander, from 1 */
	FXS_A_DRIVER,		/* string, chip driver ("fxs_sim", ...) */
	FXS_A_HOOK,		/* u8, enum fxs_hook */
	FXS_A_HOOK_SINCE,	/* u64, CLOCK_MONOTONIC ns, last hook change */
	FXS_A_LINEFEED,		/* u8, enum fxs_linefeed */
	FXS_A_RINGING,		/* u8, 0 or 1 */
	FXS_A_RING_CADENCE,	/* nest of FXS_A_RING_STEP (ms: on, off...) */
	FXS_A_TIMING,		/* nest, enum fxs_timing_attr */
	FXS_A_DIGIT,		/* u8, 0..9 */
	FXS_A_TIMESTAMP,	/* u64, CLOCK_MONOTONIC ns of the event */
	FXS_A_FAULT,		/* string, present while the port has a fault */
	/*
	 * u32 ms, only inside FXS_A_RING_CADENCE (refused at top level).  The
	 * nest holds 2 to FXS_RING_STEPS_MAX of them, an even number, in
	 * order: ring on, ring off, ring on, ring off...; the list repeats
	 * until ringing stops.  Each step is FXS_RING_STEP_MIN_MS to
	 * FXS_RING_STEP_MAX_MS.  The default cadence is 2000, 4000.
	 */
	FXS_A_RING_STEP,
	__FXS_A_MAX,
};

#define FXS_A_MAX (__FXS_A_MAX - 1)

#define FXS_RING_STEPS_MAX	8
#define FXS_RING_STEP_MIN_MS	100
#define FXS_RING_STEP_MAX_MS	10000
#define FXS_RING_DEFAULT_ON_MS	2000
#define FXS_RING_DEFAULT_OFF_MS	4000

/*
 * Attributes inside FXS_A_TIMING, each u32 milliseconds.  A GET reply has
 * them all; a SET may carry any subset.  After a SET the values must keep
 * DEBOUNCE < PULSE_BREAK_MAX <= FLASH_MIN < FLASH_MAX and
 * DEBOUNCE < INTERDIGIT, or the SET is refused (-EINVAL).  See the hook
 * timing rules above; docs/kernel.md gives the source of each default.
 */
enum fxs_timing_attr {
	FXS_TIMING_A_UNSPEC,
	FXS_TIMING_A_DEBOUNCE_MS,	 /* raw changes shorter are ignored */
	FXS_TIMING_A_PULSE_BREAK_MAX_MS, /* open shorter than this: a pulse */
	FXS_TIMING_A_INTERDIGIT_MS,	 /* closed this long ends a digit */
	FXS_TIMING_A_FLASH_MIN_MS,	 /* shortest hook flash */
	FXS_TIMING_A_FLASH_MAX_MS,	 /* open this long: hang-up */
	__FXS_TIMING_A_MAX,
};

#define FXS_TIMING_A_MAX (__FXS_TIMING_A_MAX - 1)

/* Ranges accepted for each timing value, in ms, and the defaults. */
#define FXS_DEBOUNCE_MS_MIN		1
#define FXS_DEBOUNCE_MS_MAX		100
#define FXS_DEBOUNCE_MS_DEFAULT		10
#define FXS_PULSE_BREAK_MAX_MS_MIN	10
#define FXS_PULSE_BREAK_MAX_MS_MAX	1000
#define FXS_PULSE_BREAK_MAX_MS_DEFAULT	200
#define FXS_INTERDIGIT_MS_MIN		10
#define FXS_INTERDIGIT_MS_MAX		5000
#define FXS_INTERDIGIT_MS_DEFAULT	250
#define FXS_FLASH_MIN_MS_MIN		10
#define FXS_FLASH_MIN_MS_MAX		5000
#define FXS_FLASH_MIN_MS_DEFAULT	200
#define FXS_FLASH_MAX_MS_MIN		20
#define FXS_FLASH_MAX_MS_MAX		10000
#define FXS_FLASH_MAX_MS_DEFAULT	1250

#endif /* _UAPI_LINUX_FXS_H */
