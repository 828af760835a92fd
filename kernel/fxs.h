/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxs.h - the registration API between the fxs core and chip drivers.
 *
 * A chip driver (fxs_sim, fxs_si321x, fxs_usb) knows registers and wires;
 * the core knows hook timing, ring cadence and the user ABI (sysfs class
 * "fxs" and the generic netlink family "fxs").  A driver registers one
 * struct fxs_port per analog line, reports raw (undebounced) hook state
 * with fxs_port_report_hook(), and implements the few ops below.  Every
 * timing rule lives in the core, once for every chip.
 */
#ifndef _FXS_H
#define _FXS_H

#include <linux/device.h>
#include <linux/types.h>
#include <uapi/linux/fxs.h>
#include <uapi/linux/fxs_name.h>

/* The longest expander identity that leaves room for its ports' names. */
#define FXS_EXPANDER_ID_LEN_MAX \
	(FXS_PORT_NAME_MAX - sizeof(FXS_EXPANDER_NAME_PREFIX "-") - \
	 FXS_EXPANDER_PORT_DIGITS)

struct fxs_port;

/**
 * struct fxs_port_ops - what a chip driver does for the core
 * @set_linefeed: put the line in @lf (open, forward/reverse active,
 *	on-hook transmission).  Process context, may sleep.
 * @set_ring: apply (@on) or remove the ring voltage.  The core runs the
 *	cadence and calls this at each edge; the driver only switches.
 *	After removing it the core calls @set_linefeed with the port's
 *	line state, so the driver need not remember it.  Process context,
 *	may sleep.
 * @get_hook: optional; read the raw hook state now (true = off hook).
 *	Used at registration and when the core resynchronises.  Process
 *	context, may sleep.
 *
 * Ops are never called after fxs_port_unregister() returns.  An op may
 * fail (-ENODEV for a device that has gone); the core logs and carries on.
 */
struct fxs_port_ops {
	int (*set_linefeed)(struct fxs_port *port, enum fxs_linefeed lf);
	int (*set_ring)(struct fxs_port *port, bool on);
	int (*get_hook)(struct fxs_port *port, bool *offhook);
};

/**
 * struct fxs_port_desc - what a chip driver tells the core about a port
 * @name: built-in ports only: stable port name, unique system-wide, by
 *	the rule of <uapi/linux/fxs_name.h> (fxs_port_name_valid()).  It
 *	names the sysfs device (/sys/class/fxs/<name>) and is what
 *	administrators write in handsetd.conf, so it must not change across
 *	reboots, module reloads or expander re-plugs.  NULL for expander
 *	ports: the core names them "exp-<expander>-<expander_port>".
 * @location: FXS_LOCATION_BUILTIN or FXS_LOCATION_EXPANDER.
 * @expander: expander identity (its USB serial number) for expander
 *	ports, at most FXS_EXPANDER_ID_LEN_MAX characters by the same rule;
 *	NULL for built-in ones.  Copied by the core.
 * @expander_port: the port's number on its expander, from 1 as printed on
 *	the expander's jacks; 0 for built-in ports.
 * @driver: short chip driver name shown to users ("fxs_sim", ...).
 * @ops: chip operations.
 * @priv: driver data, returned by fxs_port_priv().
 */
struct fxs_port_desc {
	const char *name;
	enum fxs_location location;
	const char *expander;
	u32 expander_port;
	const char *driver;
	const struct fxs_port_ops *ops;
	void *priv;
};

struct fxs_port *fxs_port_register(struct device *parent,
				   const struct fxs_port_desc *desc);
void fxs_port_unregister(struct fxs_port *port);
struct fxs_port *devm_fxs_port_register(struct device *parent,
					const struct fxs_port_desc *desc);

void *fxs_port_priv(const struct fxs_port *port);
const char *fxs_port_name(const struct fxs_port *port);
bool fxs_port_name_valid(const char *name);
const char *fxs_linefeed_name(enum fxs_linefeed lf);

/*
 * The line state the core wants while not ringing: what a driver puts
 * back after the chip lost it (a power alarm), instead of keeping its own
 * copy.  Any context.
 */
enum fxs_linefeed fxs_port_linefeed(struct fxs_port *port);

/*
 * Raw hook state from the chip, in any context (hard IRQ, URB completion,
 * timer, process).  Repeating the current state is harmless.  Never after
 * fxs_port_unregister() has begun: stop the interrupt or URB first (with
 * devm, register the port before requesting the interrupt, so that the
 * interrupt is released first).
 */
void fxs_port_report_hook(struct fxs_port *port, bool offhook);

/*
 * The same, with the CLOCK_MONOTONIC time (ktime_get_ns()) at which the
 * chip saw the state, for a driver that learns of an edge after it
 * happened: a queued USB report, a hardware timestamp, a simulated
 * sequence replayed from a timer that ran late.  The core then decodes the
 * edge at its true time, unless the timing window it falls in has already
 * been decided (then it counts from that decision).  A time in the future
 * counts as now.
 */
void fxs_port_report_hook_at(struct fxs_port *port, bool offhook, u64 when);

/*
 * A fault the administrator must see (for instance a SLIC power alarm),
 * or NULL when it has cleared.  The string is copied.  Process context.
 */
void fxs_port_set_fault(struct fxs_port *port, const char *fault);

#endif /* _FXS_H */
