// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_sim_line.c - the simulated line: the "chip" the core drives
 * (linefeed, ring, hook read-back, each counted and logged for tests) and
 * the "phone" on it, whose hook changes now or is replayed step by step
 * from an hrtimer, so pulse and flash timing does not depend on how fast
 * userspace runs.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "fxs_sim.h"

/* ---- the "chip": what the core asks of it ---- */

static int sim_set_linefeed(struct fxs_port *port, enum fxs_linefeed lf)
{
	struct sim_port *sp = fxs_port_priv(port);
	unsigned long flags;
	int ret;

	if ((unsigned int)lf > FXS_LINEFEED_MAX)
		return -EINVAL;
	spin_lock_irqsave(&sp->lock, flags);
	ret = sp->op_errno;
	if (!ret) {
		sp->linefeed = lf;
		sp->linefeed_calls++;
	}
	spin_unlock_irqrestore(&sp->lock, flags);
	return ret;
}

static int sim_set_ring(struct fxs_port *port, bool on)
{
	struct sim_port *sp = fxs_port_priv(port);
	struct sim_ring_edge *edge;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&sp->lock, flags);
	ret = sp->op_errno;
	if (!ret) {
		sp->ring = on;
		if (on)
			sp->ring_on_calls++;
		else
			sp->ring_off_calls++;
		edge = &sp->ring_log[sp->ring_log_len % SIM_RING_LOG_LEN];
		edge->when = ktime_get();
		edge->on = on;
		sp->ring_log_len++;
	}
	spin_unlock_irqrestore(&sp->lock, flags);
	return ret;
}

static int sim_get_hook(struct fxs_port *port, bool *offhook)
{
	struct sim_port *sp = fxs_port_priv(port);
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&sp->lock, flags);
	ret = sp->op_errno;
	if (!ret)
		*offhook = sp->offhook;
	spin_unlock_irqrestore(&sp->lock, flags);
	return ret;
}

const struct fxs_port_ops sim_port_ops = {
	.set_linefeed = sim_set_linefeed,
	.set_ring = sim_set_ring,
	.get_hook = sim_get_hook,
};

/* ---- the "phone": hook changes, now or replayed on a timer ---- */

/* Caller holds sp->lock. */
static void sim_note_hook(struct sim_port *sp, bool offhook)
{
	if (offhook != sp->offhook) {
		if (offhook)
			sp->off_edges++;
		else
			sp->on_edges++;
	}
	sp->offhook = offhook;
}

/*
 * Each step's end is computed from the previous step's end, not from when
 * the callback ran, so a late callback shortens the next step rather than
 * shifting the rest of the sequence.
 */
enum hrtimer_restart sim_step_timer(struct hrtimer *timer)
{
	struct sim_port *sp = container_of(timer, struct sim_port, timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	unsigned long flags;
	bool offhook = false;
	bool report = false;
	u32 ms = 0;

	spin_lock_irqsave(&sp->lock, flags);
	if (sp->running && ++sp->cur == sp->nsteps && sp->loop)
		sp->cur = 0;
	if (sp->running && sp->cur < sp->nsteps) {
		offhook = sp->steps[sp->cur].offhook;
		ms = sp->steps[sp->cur].ms;
		sim_note_hook(sp, offhook);
		report = true;
	} else {
		sp->running = false;
	}
	spin_unlock_irqrestore(&sp->lock, flags);

	if (report) {
		/*
		 * Stamp the edge with when it was due, not when this callback
		 * got to run: in a slow VM the callback can be late by more
		 * than a debounce window, and the core must see the sequence's
		 * own timing.
		 */
		fxs_port_report_hook_at(sp->port, offhook,
					ktime_to_ns(hrtimer_get_expires(timer)));
		hrtimer_set_expires(timer, ktime_add_ms(hrtimer_get_expires(timer),
							ms));
		ret = HRTIMER_RESTART;
	}
	return ret;
}

/* Stops any running sequence; caller holds hook_lock.  Returns old steps. */
struct sim_step *sim_stop_sequence(struct sim_port *sp)
{
	struct sim_step *old;
	unsigned long flags;

	hrtimer_cancel(&sp->timer);
	spin_lock_irqsave(&sp->lock, flags);
	old = sp->steps;
	sp->steps = NULL;
	sp->nsteps = 0;
	sp->cur = 0;
	sp->running = false;
	sp->loop = false;
	spin_unlock_irqrestore(&sp->lock, flags);
	return old;
}

void sim_set_hook(struct sim_port *sp, bool offhook)
{
	unsigned long flags;

	mutex_lock(&sp->hook_lock);
	kfree(sim_stop_sequence(sp));
	spin_lock_irqsave(&sp->lock, flags);
	sim_note_hook(sp, offhook);
	spin_unlock_irqrestore(&sp->lock, flags);
	fxs_port_report_hook(sp->port, offhook);
	mutex_unlock(&sp->hook_lock);
}

void sim_start_sequence(struct sim_port *sp, struct sim_step *steps,
			unsigned int nsteps, bool loop)
{
	unsigned long flags;
	ktime_t start, end;

	mutex_lock(&sp->hook_lock);
	kfree(sim_stop_sequence(sp));
	spin_lock_irqsave(&sp->lock, flags);
	sp->steps = steps;
	sp->nsteps = nsteps;
	sp->cur = 0;
	sp->running = true;
	sp->loop = loop;
	sim_note_hook(sp, steps[0].offhook);
	spin_unlock_irqrestore(&sp->lock, flags);

	/* The timer is stopped, so nothing can report in between. */
	start = ktime_get();
	fxs_port_report_hook_at(sp->port, steps[0].offhook, ktime_to_ns(start));
	end = ktime_add_ms(start, steps[0].ms);
	hrtimer_start(&sp->timer, end, HRTIMER_MODE_ABS_HARD);
	mutex_unlock(&sp->hook_lock);
}
