// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_core.c - the fxs core: port registration for chip drivers, the
 * "fxs" device class, and the plumbing between raw hook reports (any
 * context), the hook-timing machine (fxs_hook.c), and the worker that
 * delivers events and drives the chip (process context).
 *
 * Locking, outermost first:
 *  fxs_ports_lock	the port list; held by netlink handlers for their
 *			whole run, so unregistering a port (which takes it
 *			first) waits for every handler that might use it.
 *  port->op_lock	chip op calls.
 *  port->lock		spinlock for everything hook reports and timers
 *			touch; never held across an op call.
 */
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>

#include "fxs_core.h"

/* Protects fxs_ports and fxs_ports_seq; see the locking notes above. */
DEFINE_MUTEX(fxs_ports_lock);
LIST_HEAD(fxs_ports);
/* Bumped on every add and remove; starts at 1 for the dump check. */
unsigned int fxs_ports_seq = 1;

static DEFINE_IDA(fxs_ida);
static struct workqueue_struct *fxs_wq;

static struct class fxs_class = {
	.name = "fxs",
	.dev_groups = fxs_port_groups,
};

u64 fxs_now(void)
{
	return ktime_get_ns();
}

struct fxs_port *fxs_port_find_index(u32 index)
{
	struct fxs_port *port;

	lockdep_assert_held(&fxs_ports_lock);
	list_for_each_entry(port, &fxs_ports, node)
		if (port->index == index)
			return port;
	return NULL;
}

struct fxs_port *fxs_port_find_name(const char *name)
{
	struct fxs_port *port;

	lockdep_assert_held(&fxs_ports_lock);
	list_for_each_entry(port, &fxs_ports, node)
		if (!strcmp(port->name, name))
			return port;
	return NULL;
}

/* Schedule the worker; port->lock held. */
void fxs_port_kick(struct fxs_port *port)
{
	if (!port->dead)
		queue_work(fxs_wq, &port->work);
}

/*
 * The line state (linefeed, ringing, cadence, timing, fault) changed:
 * the worker announces PORT_CHANGED with the state it then finds, so
 * changes in a burst make one message.  port->lock held, any context.
 */
void fxs_port_changed(struct fxs_port *port)
{
	port->changed = true;
	port->changed_at = fxs_now();
	fxs_port_kick(port);
}

/* port->lock held.  No timer at all while no window is open. */
void fxs_port_arm_hook(struct fxs_port *port, u64 deadline)
{
	if (deadline == FXS_HOOK_NEVER)
		hrtimer_try_to_cancel(&port->hook_timer);
	else
		hrtimer_start(&port->hook_timer, ns_to_ktime(deadline),
			      HRTIMER_MODE_ABS);
}

/*
 * Bring the chip to what the port wants: ring voltage, or else the
 * linefeed.  Idempotent; process context.  Ring voltage replaces the
 * line state on a SLIC, so the linefeed is applied again after it.
 */
void fxs_port_apply(struct fxs_port *port)
{
	enum fxs_linefeed lf;
	bool ring;
	int err;

	mutex_lock(&port->op_lock);
	spin_lock_irq(&port->lock);
	ring = port->ringing && port->ring_on;
	lf = port->linefeed;
	spin_unlock_irq(&port->lock);

	if (ring != port->ring_applied) {
		err = port->ops->set_ring(port, ring);
		if (err)
			dev_warn_ratelimited(&port->dev,
					     "cannot switch ring %s: %d\n",
					     ring ? "on" : "off", err);
		port->ring_applied = ring;
		if (!ring)
			port->linefeed_applied = -1;
	}
	if (!ring && port->linefeed_applied != lf) {
		err = port->ops->set_linefeed(port, lf);
		if (err)
			dev_warn_ratelimited(&port->dev,
					     "cannot set linefeed %s: %d\n",
					     fxs_linefeed_name(lf), err);
		port->linefeed_applied = lf;
	}
	mutex_unlock(&port->op_lock);
}

/* Called by the hook machine with port->lock held, in any context. */
static void fxs_port_hook_event(void *ctx, const struct fxs_hook_event *ev)
{
	static const u8 cmd[] = {
		[FXS_HOOK_EV_OFFHOOK] = FXS_CMD_OFFHOOK,
		[FXS_HOOK_EV_ONHOOK] = FXS_CMD_ONHOOK,
		[FXS_HOOK_EV_FLASH] = FXS_CMD_FLASH,
		[FXS_HOOK_EV_DIGIT] = FXS_CMD_DIGIT,
	};
	struct fxs_port *port = ctx;
	struct fxs_event *e;

	/* Ring trip: the phone was answered, stop the ring right here. */
	if (ev->type == FXS_HOOK_EV_OFFHOOK && port->ringing) {
		fxs_ring_stop(port);
		fxs_port_changed(port);
	}

	if (port->evq_len == FXS_EVQ_LEN) {
		port->evq_lost++;
		return;
	}
	e = &port->evq[(port->evq_head + port->evq_len) % FXS_EVQ_LEN];
	port->evq_len++;
	e->cmd = cmd[ev->type];
	e->digit = ev->digit;
	e->at = ev->at;
	e->since = ev->since;
}

static bool fxs_port_pop(struct fxs_port *port, struct fxs_event *e,
			 unsigned int *lost)
{
	bool got;

	spin_lock_irq(&port->lock);
	got = port->evq_len > 0;
	if (got) {
		*e = port->evq[port->evq_head];
		port->evq_head = (port->evq_head + 1) % FXS_EVQ_LEN;
		port->evq_len--;
	}
	*lost = port->evq_lost;
	port->evq_lost = 0;
	spin_unlock_irq(&port->lock);
	return got;
}

/* Takes the pending PORT_CHANGED, if any, into @e. */
static bool fxs_port_pop_changed(struct fxs_port *port, struct fxs_event *e)
{
	bool changed;

	spin_lock_irq(&port->lock);
	changed = port->changed;
	port->changed = false;
	e->cmd = FXS_CMD_PORT_CHANGED;
	e->at = port->changed_at;
	spin_unlock_irq(&port->lock);
	return changed;
}

static void fxs_port_work(struct work_struct *work)
{
	struct fxs_port *port = container_of(work, struct fxs_port, work);
	unsigned int lost;
	struct fxs_event e;

	/* First the chip, so a ring trip silences the bell without delay. */
	fxs_port_apply(port);

	while (fxs_port_pop(port, &e, &lost)) {
		fxs_netlink_notify(port, &e);
		if (e.cmd == FXS_CMD_OFFHOOK || e.cmd == FXS_CMD_ONHOOK)
			sysfs_notify(&port->dev.kobj, NULL, "hook");
	}
	/* After the hook events: a ring trip's OFFHOOK comes first. */
	if (fxs_port_pop_changed(port, &e))
		fxs_netlink_notify(port, &e);
	if (lost)
		dev_warn_ratelimited(&port->dev, "%u hook events lost\n",
				     lost);
}

static enum hrtimer_restart fxs_hook_timer_fn(struct hrtimer *timer)
{
	struct fxs_port *port = container_of(timer, struct fxs_port,
					     hook_timer);
	unsigned long flags;

	u64 due;

	/*
	 * Decide only up to the deadline this timer was set for, not up to
	 * now: a hook edge that happened before it but is reported late
	 * (fxs_port_report_hook_at()) still counts at its true time.  A
	 * later deadline already past re-arms the timer in the past, and
	 * it fires again at once.  The expiry may have been moved to the
	 * future by a report on another CPU since this callback began:
	 * never decide ahead of the clock.
	 */
	spin_lock_irqsave(&port->lock, flags);
	due = min_t(u64, ktime_to_ns(hrtimer_get_expires(timer)), fxs_now());
	if (!port->dead) {
		fxs_port_arm_hook(port, fxs_hook_advance(&port->hook, due));
		if (port->evq_len)
			fxs_port_kick(port);
	}
	spin_unlock_irqrestore(&port->lock, flags);
	/* Re-armed above when a window is still open. */
	return HRTIMER_NORESTART;
}

/**
 * fxs_port_report_hook_at - the chip saw the line open or close at a time
 * @port: the port
 * @offhook: raw state, true when the loop is closed
 * @when: CLOCK_MONOTONIC ns (ktime_get_ns()) when the chip saw it
 *
 * Any context.  For drivers that learn of an edge after it happened.  A
 * time in the future counts as now.
 */
void fxs_port_report_hook_at(struct fxs_port *port, bool offhook, u64 when)
{
	unsigned long flags;
	u64 now = fxs_now();

	if (when > now)
		when = now;
	spin_lock_irqsave(&port->lock, flags);
	if (!port->dead) {
		fxs_port_arm_hook(port, fxs_hook_input(&port->hook, offhook,
						       when));
		if (port->evq_len)
			fxs_port_kick(port);
	}
	spin_unlock_irqrestore(&port->lock, flags);
}
EXPORT_SYMBOL_GPL(fxs_port_report_hook_at);

/**
 * fxs_port_report_hook - the chip saw the line open or close just now
 * @port: the port
 * @offhook: raw state, true when the loop is closed
 *
 * Any context.  Debouncing and decoding are the core's job.
 */
void fxs_port_report_hook(struct fxs_port *port, bool offhook)
{
	fxs_port_report_hook_at(port, offhook, fxs_now());
}
EXPORT_SYMBOL_GPL(fxs_port_report_hook);

/**
 * fxs_port_set_fault - show or clear a fault
 * @port: the port
 * @fault: text for the administrator, or NULL when it has cleared
 *
 * Process context.
 */
void fxs_port_set_fault(struct fxs_port *port, const char *fault)
{
	if (!fault)
		fault = "";
	spin_lock_irq(&port->lock);
	/* A text too long is stored cut: compare what is stored. */
	if (strncmp(port->fault, fault, sizeof(port->fault) - 1)) {
		strscpy(port->fault, fault, sizeof(port->fault));
		fxs_port_changed(port);
	}
	spin_unlock_irq(&port->lock);
	sysfs_notify(&port->dev.kobj, NULL, "fault");
}
EXPORT_SYMBOL_GPL(fxs_port_set_fault);

void *fxs_port_priv(const struct fxs_port *port)
{
	return port->priv;
}
EXPORT_SYMBOL_GPL(fxs_port_priv);

const char *fxs_port_name(const struct fxs_port *port)
{
	return port->name;
}
EXPORT_SYMBOL_GPL(fxs_port_name);

/**
 * fxs_port_name_valid - whether a port name keeps the rule
 * @name: the name
 *
 * The rule is <uapi/linux/fxs_name.h>, which userspace compiles too.
 */
bool fxs_port_name_valid(const char *name)
{
	return fxs_name_valid(name, FXS_PORT_NAME_MAX);
}
EXPORT_SYMBOL_GPL(fxs_port_name_valid);

/**
 * fxs_linefeed_name - the name of a line state
 * @lf: the line state
 *
 * The names of the linefeed enum in kernel/fxs.yaml (the netlink spec
 * test holds this table to it), shown in sysfs and by drivers.
 */
const char *fxs_linefeed_name(enum fxs_linefeed lf)
{
	static const char * const names[] = {
		[FXS_LINEFEED_OPEN] = "open",
		[FXS_LINEFEED_FORWARD_ACTIVE] = "forward-active",
		[FXS_LINEFEED_REVERSE_ACTIVE] = "reverse-active",
		[FXS_LINEFEED_FORWARD_OHT] = "forward-oht",
		[FXS_LINEFEED_REVERSE_OHT] = "reverse-oht",
	};

	if ((unsigned int)lf >= ARRAY_SIZE(names))
		return "unknown";
	return names[lf];
}
EXPORT_SYMBOL_GPL(fxs_linefeed_name);

enum fxs_linefeed fxs_port_linefeed(struct fxs_port *port)
{
	unsigned long flags;
	enum fxs_linefeed lf;

	spin_lock_irqsave(&port->lock, flags);
	lf = port->linefeed;
	spin_unlock_irqrestore(&port->lock, flags);
	return lf;
}
EXPORT_SYMBOL_GPL(fxs_port_linefeed);

static int fxs_desc_check(struct device *parent,
			  const struct fxs_port_desc *desc)
{
	const struct fxs_port_ops *ops = desc->ops;

	if (!ops || !ops->set_linefeed || !ops->set_ring) {
		dev_err(parent, "fxs: set_linefeed and set_ring are required\n");
		return -EINVAL;
	}
	if (!desc->driver || !*desc->driver) {
		dev_err(parent, "fxs: driver name required\n");
		return -EINVAL;
	}
	switch (desc->location) {
	case FXS_LOCATION_BUILTIN:
		if (!fxs_port_name_valid(desc->name)) {
			dev_err(parent, "fxs: invalid port name\n");
			return -EINVAL;
		}
		return 0;
	case FXS_LOCATION_EXPANDER:
		if (desc->name || !desc->expander_port ||
		    !fxs_name_valid(desc->expander,
				    FXS_EXPANDER_ID_LEN_MAX + 1)) {
			dev_err(parent,
				"fxs: expander ports: identity and port, no name\n");
			return -EINVAL;
		}
		return 0;
	default:
		dev_err(parent, "fxs: invalid location %d\n", desc->location);
		return -EINVAL;
	}
}

/* The port's name: the driver's, or built from the expander and port. */
static int fxs_port_set_name(struct fxs_port *port,
			     const struct fxs_port_desc *desc)
{
	int len;

	if (desc->location != FXS_LOCATION_EXPANDER) {
		strscpy(port->name, desc->name, sizeof(port->name));
		return 0;
	}
	len = snprintf(port->name, sizeof(port->name),
		       FXS_EXPANDER_NAME_FORMAT, desc->expander,
		       desc->expander_port);
	if (len >= sizeof(port->name) || !fxs_port_name_valid(port->name))
		return -ENAMETOOLONG;
	return 0;
}

static void fxs_port_release(struct device *dev)
{
	struct fxs_port *port = to_fxs_port(dev);

	mutex_destroy(&port->op_lock);
	kfree(port);
}

/* Keep the list in index order: dumps resume from an index. */
static void fxs_port_list_add(struct fxs_port *port)
{
	struct fxs_port *pos;

	list_for_each_entry(pos, &fxs_ports, node) {
		if (pos->index > port->index) {
			list_add_tail(&port->node, &pos->node);
			return;
		}
	}
	list_add_tail(&port->node, &fxs_ports);
}

/**
 * fxs_port_register - add a port
 * @parent: the chip's device
 * @desc: what the port is; copied, so it may live on the stack
 *
 * The port starts with linefeed forward active, the default timing and
 * cadence, and the hook state get_hook() reads (on hook without it).
 * Process context.  Returns the port or an ERR_PTR().
 */
struct fxs_port *fxs_port_register(struct device *parent,
				   const struct fxs_port_desc *desc)
{
	struct fxs_event added = { .cmd = FXS_CMD_PORT_ADDED };
	struct fxs_hook_timing timing;
	struct fxs_port *port;
	bool offhook = false;
	int ret;

	ret = fxs_desc_check(parent, desc);
	if (ret)
		return ERR_PTR(ret);

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);
	ret = fxs_port_set_name(port, desc);
	if (ret) {
		dev_err(parent, "fxs: port name too long\n");
		kfree(port);
		return ERR_PTR(ret);
	}
	port->location = desc->location;
	if (desc->location == FXS_LOCATION_EXPANDER) {
		strscpy(port->expander, desc->expander,
			sizeof(port->expander));
		port->expander_port = desc->expander_port;
	}
	strscpy(port->driver, desc->driver, sizeof(port->driver));
	port->ops = desc->ops;
	port->priv = desc->priv;
	mutex_init(&port->op_lock);
	spin_lock_init(&port->lock);
	INIT_WORK(&port->work, fxs_port_work);
	hrtimer_init(&port->hook_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	port->hook_timer.function = fxs_hook_timer_fn;
	fxs_ring_init(port);
	port->linefeed = FXS_LINEFEED_FORWARD_ACTIVE;
	port->linefeed_applied = -1;

	device_initialize(&port->dev);
	port->dev.class = &fxs_class;
	port->dev.parent = parent;
	port->dev.release = fxs_port_release;
	/* From here on the port is freed by put_device(). */

	ret = ida_alloc(&fxs_ida, GFP_KERNEL);
	if (ret < 0)
		goto err_put;
	port->index = ret;

	ret = dev_set_name(&port->dev, "%s", port->name);
	if (ret)
		goto err_ida;

	if (desc->ops->get_hook) {
		ret = desc->ops->get_hook(port, &offhook);
		if (ret) {
			dev_warn(parent, "%s: cannot read hook state: %d\n",
				 port->name, ret);
			offhook = false;
		}
	}
	fxs_hook_default_timing(&timing);
	fxs_hook_init(&port->hook, &timing, offhook, fxs_now(),
		      fxs_port_hook_event, port);

	/* Battery on the line before anyone can see the port. */
	fxs_port_apply(port);

	mutex_lock(&fxs_ports_lock);
	if (fxs_port_find_name(port->name)) {
		dev_err(parent, "fxs: port %s already exists\n", port->name);
		ret = -EEXIST;
		goto err_unlock;
	}
	ret = device_add(&port->dev);
	if (ret)
		goto err_unlock;
	fxs_port_list_add(port);
	fxs_ports_seq++;
	mutex_unlock(&fxs_ports_lock);

	added.at = fxs_now();
	fxs_netlink_notify(port, &added);
	return port;

err_unlock:
	mutex_unlock(&fxs_ports_lock);
err_ida:
	ida_free(&fxs_ida, port->index);
err_put:
	put_device(&port->dev);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(fxs_port_register);

/**
 * fxs_port_unregister - remove a port
 * @port: the port
 *
 * Stops any ring, delivers pending events, then PORT_REMOVED.  No op is
 * called once this returns.  Process context.
 */
void fxs_port_unregister(struct fxs_port *port)
{
	struct fxs_event removed = { .cmd = FXS_CMD_PORT_REMOVED };

	/* Waits for netlink handlers: they hold the lock while they work. */
	mutex_lock(&fxs_ports_lock);
	list_del(&port->node);
	fxs_ports_seq++;
	mutex_unlock(&fxs_ports_lock);

	spin_lock_irq(&port->lock);
	port->dead = true;
	fxs_ring_stop(port);
	spin_unlock_irq(&port->lock);
	/* With dead set, neither timer re-arms itself nor queues work. */
	hrtimer_cancel(&port->hook_timer);
	hrtimer_cancel(&port->ring_timer);
	flush_work(&port->work);
	/* Switch a ring in progress off: the last op call. */
	fxs_port_apply(port);

	device_del(&port->dev);
	removed.at = fxs_now();
	fxs_netlink_notify(port, &removed);
	/* The index is free only after listeners heard it go. */
	ida_free(&fxs_ida, port->index);
	put_device(&port->dev);
}
EXPORT_SYMBOL_GPL(fxs_port_unregister);

static void fxs_port_unregister_action(void *port)
{
	fxs_port_unregister(port);
}

/**
 * devm_fxs_port_register - fxs_port_register() undone with @parent
 * @parent: the chip's device; the port goes when it is unbound
 * @desc: as for fxs_port_register()
 */
struct fxs_port *devm_fxs_port_register(struct device *parent,
					const struct fxs_port_desc *desc)
{
	struct fxs_port *port;
	int ret;

	port = fxs_port_register(parent, desc);
	if (IS_ERR(port))
		return port;
	ret = devm_add_action_or_reset(parent, fxs_port_unregister_action,
				       port);
	if (ret)
		return ERR_PTR(ret);
	return port;
}
EXPORT_SYMBOL_GPL(devm_fxs_port_register);

static int __init fxs_init(void)
{
	int ret;

	fxs_wq = alloc_workqueue("fxs", 0, 0);
	if (!fxs_wq)
		return -ENOMEM;

	ret = class_register(&fxs_class);
	if (ret)
		goto err_workqueue;

	ret = fxs_netlink_init();
	if (ret)
		goto err_class;

	return 0;

err_class:
	class_unregister(&fxs_class);
err_workqueue:
	destroy_workqueue(fxs_wq);
	return ret;
}

static void __exit fxs_exit(void)
{
	fxs_netlink_exit();
	class_unregister(&fxs_class);
	destroy_workqueue(fxs_wq);
	ida_destroy(&fxs_ida);
}

module_init(fxs_init);
module_exit(fxs_exit);

MODULE_DESCRIPTION("FXS analog phone ports: hook events, ringing, netlink");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY(FXS_GENL_NAME);
