/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxs_core.h - what the files of fxs.ko share: the port structure and the
 * calls between the core, ring cadence, sysfs and netlink parts.  Chip
 * drivers never see this file; their API is fxs.h.
 */
#ifndef _FXS_CORE_H
#define _FXS_CORE_H

#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "fxs.h"
#include "fxs_hook.h"

/* Decoded events waiting for the worker; a pulse train makes few. */
#define FXS_EVQ_LEN	32

struct fxs_event {
	u8 cmd;			/* enum fxs_cmd */
	u8 digit;
	u64 at;
	u64 since;
};

/**
 * struct fxs_port - one analog line
 * @dev: the class device; its release frees the port
 * @node: entry in the list of registered ports (fxs_ports_lock)
 * @index: core-allocated index, the netlink key
 * @ops: chip operations
 * @op_lock: serialises op calls and the *_applied fields
 * @lock: hook machine, event queue, ring and linefeed wishes; taken in
 *	any context (the chip reports hook state from hard IRQ)
 * @dead: set under @lock when unregistering: no timer or work restarts
 * @changed: line state changed since the last PORT_CHANGED (at
 *	@changed_at); the worker announces it
 * @hook_timer: armed only while a hook timing window is open
 * @ring_timer: armed only while ringing
 * @work: delivers events and applies ring/linefeed to the chip
 */
struct fxs_port {
	struct device dev;
	struct list_head node;
	u32 index;
	char name[FXS_PORT_NAME_MAX];
	enum fxs_location location;
	char expander[FXS_EXPANDER_MAX];
	u32 expander_port;
	char driver[FXS_PORT_NAME_MAX];
	const struct fxs_port_ops *ops;
	void *priv;

	struct mutex op_lock;	/* chip op calls, *_applied */
	bool ring_applied;
	int linefeed_applied;	/* -1: unknown, apply again */

	spinlock_t lock;	/* the fields below; any context */
	bool dead;
	struct fxs_hook_fsm hook;
	struct hrtimer hook_timer;
	struct fxs_event evq[FXS_EVQ_LEN];
	unsigned int evq_head;
	unsigned int evq_len;
	unsigned int evq_lost;
	enum fxs_linefeed linefeed;
	bool ringing;		/* a ring is in progress (on or off step) */
	bool ring_on;		/* the current step applies ring voltage */
	u8 ring_step;
	u8 cadence_len;
	u32 cadence[FXS_RING_STEPS_MAX];
	struct hrtimer ring_timer;
	char fault[FXS_FAULT_MAX];
	bool changed;
	u64 changed_at;

	struct work_struct work;
};

static inline struct fxs_port *to_fxs_port(struct device *dev)
{
	return container_of(dev, struct fxs_port, dev);
}

/* fxs_core.c */
extern struct mutex fxs_ports_lock;
extern struct list_head fxs_ports;
extern unsigned int fxs_ports_seq;
struct fxs_port *fxs_port_find_index(u32 index);
struct fxs_port *fxs_port_find_name(const char *name);
u64 fxs_now(void);
void fxs_port_kick(struct fxs_port *port);
void fxs_port_arm_hook(struct fxs_port *port, u64 deadline);
void fxs_port_apply(struct fxs_port *port);
void fxs_port_changed(struct fxs_port *port);

/* fxs_ring.c */
void fxs_ring_init(struct fxs_port *port);
void fxs_ring_start(struct fxs_port *port);
void fxs_ring_stop(struct fxs_port *port);

/* fxs_sysfs.c */
extern const struct attribute_group *fxs_port_groups[];

/* fxs_netlink.c */
int fxs_netlink_init(void);
void fxs_netlink_exit(void);
void fxs_netlink_notify(struct fxs_port *port, const struct fxs_event *ev);

#endif /* _FXS_CORE_H */
