// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_ring.c - ring cadence.
 *
 * The cadence is a list of on/off step lengths.  One hrtimer per port
 * walks it while the port rings and is idle otherwise.  The timer only
 * flips the wish (ring_on) under the port lock; the port worker then
 * switches the chip, because chip ops may sleep.  All functions here run
 * with port->lock held, in any context.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>

#include "fxs_core.h"

static enum hrtimer_restart fxs_ring_timer_fn(struct hrtimer *timer)
{
	struct fxs_port *port = container_of(timer, struct fxs_port,
					     ring_timer);
	unsigned long flags;
	ktime_t next;

	spin_lock_irqsave(&port->lock, flags);
	if (port->ringing && !port->dead) {
		port->ring_step = (port->ring_step + 1) % port->cadence_len;
		port->ring_on = !(port->ring_step & 1);
		/*
		 * Steps follow the previous expiry, not the time this
		 * callback ran, so lateness does not stretch the cadence.
		 */
		next = ktime_add_ms(hrtimer_get_expires(timer),
				    port->cadence[port->ring_step]);
		hrtimer_start(timer, next, HRTIMER_MODE_ABS);
		fxs_port_kick(port);
	}
	spin_unlock_irqrestore(&port->lock, flags);
	/* Restarted above when needed: hrtimer_start() is safe here. */
	return HRTIMER_NORESTART;
}

void fxs_ring_init(struct fxs_port *port)
{
	port->cadence[0] = FXS_RING_DEFAULT_ON_MS;
	port->cadence[1] = FXS_RING_DEFAULT_OFF_MS;
	port->cadence_len = 2;
	hrtimer_init(&port->ring_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	port->ring_timer.function = fxs_ring_timer_fn;
}

/* Starts with the first "on" step; the caller applies it to the chip. */
void fxs_ring_start(struct fxs_port *port)
{
	port->ringing = true;
	port->ring_step = 0;
	port->ring_on = true;
	hrtimer_start(&port->ring_timer,
		      ktime_add_ms(ktime_get(), port->cadence[0]),
		      HRTIMER_MODE_ABS);
}

/*
 * Safe in hard IRQ (ring trip): a callback already running sees
 * !ringing and stops by itself, so there is nothing to wait for.
 */
void fxs_ring_stop(struct fxs_port *port)
{
	port->ringing = false;
	port->ring_on = false;
	hrtimer_try_to_cancel(&port->ring_timer);
}
