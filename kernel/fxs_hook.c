// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_hook.c - the hook-timing state machine (pure logic, no kernel-only
 * headers: the userspace unit test builds this very file).
 *
 * Three states matter: on hook (!up), off hook with the line closed
 * (up && stable) and off hook with the line open (up && !stable), an
 * open interval that is not yet known to be a pulse, a flash or a
 * hang-up.  A raw change becomes a debounced ("stable") change only after
 * it has lasted the debounce time, and it then counts from its raw edge,
 * so measured intervals are the real ones.
 *
 * Deadlines are ordered by the time they fall at: a timing window that
 * closed before a raw change began is handled before that change, and
 * one that would close after it waits until the change is debounced.
 * The result therefore does not depend on how late the caller's timer
 * fires, only on the input times.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#endif
#include <uapi/linux/fxs.h>
#include "fxs_hook.h"

#define NS_PER_MS	1000000ULL
#define PULSES_MAX	10	/* ten pulses are the digit 0 */

static u64 ms(u32 v)
{
	return v * NS_PER_MS;
}

void fxs_hook_default_timing(struct fxs_hook_timing *t)
{
	t->debounce_ms = FXS_DEBOUNCE_MS_DEFAULT;
	t->pulse_break_max_ms = FXS_PULSE_BREAK_MAX_MS_DEFAULT;
	t->interdigit_ms = FXS_INTERDIGIT_MS_DEFAULT;
	t->flash_min_ms = FXS_FLASH_MIN_MS_DEFAULT;
	t->flash_max_ms = FXS_FLASH_MAX_MS_DEFAULT;
}

static bool out_of(u32 v, u32 min, u32 max)
{
	return v < min || v > max;
}

/*
 * Returns NULL when @t can be used, else why not (an extack message).  The
 * windows must not overlap, or one open interval would mean two things.
 */
const char *fxs_hook_timing_check(const struct fxs_hook_timing *t)
{
	if (out_of(t->debounce_ms, FXS_DEBOUNCE_MS_MIN,
		   FXS_DEBOUNCE_MS_MAX))
		return "debounce out of range";
	if (out_of(t->pulse_break_max_ms, FXS_PULSE_BREAK_MAX_MS_MIN,
		   FXS_PULSE_BREAK_MAX_MS_MAX))
		return "pulse break maximum out of range";
	if (out_of(t->interdigit_ms, FXS_INTERDIGIT_MS_MIN,
		   FXS_INTERDIGIT_MS_MAX))
		return "interdigit time out of range";
	if (out_of(t->flash_min_ms, FXS_FLASH_MIN_MS_MIN,
		   FXS_FLASH_MIN_MS_MAX))
		return "flash minimum out of range";
	if (out_of(t->flash_max_ms, FXS_FLASH_MAX_MS_MIN,
		   FXS_FLASH_MAX_MS_MAX))
		return "flash maximum out of range";
	if (t->debounce_ms >= t->pulse_break_max_ms)
		return "debounce must be shorter than the pulse break maximum";
	if (t->debounce_ms >= t->interdigit_ms)
		return "debounce must be shorter than the interdigit time";
	if (t->pulse_break_max_ms > t->flash_min_ms)
		return "pulse break maximum must not exceed the flash minimum";
	if (t->flash_min_ms >= t->flash_max_ms)
		return "flash minimum must be shorter than the flash maximum";
	return NULL;
}

static void emit(struct fxs_hook_fsm *h, enum fxs_hook_event_type type,
		 u8 digit, u64 at, u64 since)
{
	struct fxs_hook_event ev = {
		.type = type,
		.digit = digit,
		.at = at,
		.since = since,
	};

	h->emit(h->ctx, &ev);
}

static void flush_digit(struct fxs_hook_fsm *h, u64 at)
{
	/* More than ten pulses is a fault on the line, not a digit. */
	if (h->pulses && h->pulses <= PULSES_MAX)
		emit(h, FXS_HOOK_EV_DIGIT, h->pulses % PULSES_MAX, at, at);
	h->pulses = 0;
}

/* When the current timing window closes, if one is open. */
static bool window_end(const struct fxs_hook_fsm *h, u64 *when)
{
	if (!h->up)
		return false;
	if (h->stable) {
		if (!h->pulses)
			return false;
		*when = h->stable_since + ms(h->timing.interdigit_ms);
		return true;
	}
	if (h->pulses)
		*when = h->stable_since + ms(h->timing.pulse_break_max_ms);
	else
		*when = h->stable_since + ms(h->timing.flash_max_ms);
	return true;
}

static void window_closed(struct fxs_hook_fsm *h, u64 at)
{
	/*
	 * Closed long enough after pulses: the digit is complete.  Open too
	 * long for a pulse: the digit dialled so far is complete too.
	 */
	if (h->stable || h->pulses) {
		flush_digit(h, at);
		return;
	}
	/* Open for the whole flash window: the phone was hung up. */
	h->up = false;
	h->up_since = h->stable_since;
	emit(h, FXS_HOOK_EV_ONHOOK, 0, at, h->stable_since);
}

static void commit(struct fxs_hook_fsm *h, u64 at)
{
	u64 open_for = h->raw_since - h->stable_since;

	h->stable = h->raw;
	h->stable_since = h->raw_since;

	if (!h->up) {
		/* Only a closing edge can be pending while on hook. */
		h->up = true;
		h->up_since = h->stable_since;
		h->pulses = 0;
		emit(h, FXS_HOOK_EV_OFFHOOK, 0, at, h->stable_since);
		return;
	}
	if (!h->stable)
		return;		/* an open interval starts */

	/*
	 * The open interval ended before the hang-up window closed (else
	 * window_closed() would have run first): a pulse, a flash, or an
	 * interval in the gap between the two that means nothing.
	 */
	if (open_for < ms(h->timing.pulse_break_max_ms)) {
		if (h->pulses <= PULSES_MAX)
			h->pulses++;
	} else if (open_for >= ms(h->timing.flash_min_ms)) {
		emit(h, FXS_HOOK_EV_FLASH, 0, at, h->stable_since);
	}
}

/**
 * fxs_hook_advance - handle every window or debounce that ended by @now
 * @h: the machine
 * @now: the current time, ns
 *
 * Returns the time at which to call again, or FXS_HOOK_NEVER when no
 * window is open (the caller then needs no timer at all).
 */
u64 fxs_hook_advance(struct fxs_hook_fsm *h, u64 now)
{
	/* What was decided stays decided: time never runs backwards. */
	if (now < h->now)
		now = h->now;
	h->now = now;
	for (;;) {
		bool pending = h->raw != h->stable;
		bool open;
		u64 end = 0, settle;

		open = window_end(h, &end);
		if (open && end <= now && (!pending || end <= h->raw_since)) {
			window_closed(h, end);
			continue;
		}
		if (pending) {
			settle = h->raw_since + ms(h->timing.debounce_ms);
			if (settle > now)
				return settle;
			commit(h, settle);
			continue;
		}
		return open ? end : FXS_HOOK_NEVER;
	}
}

/**
 * fxs_hook_input - a raw hook sample
 * @h: the machine
 * @offhook: raw state, true when the line is closed
 * @now: when the line took this state, ns
 *
 * Repeating the current raw state is harmless.  A sample may be reported
 * late with its true time, and is then decoded as if it had come on time,
 * unless a window it falls in was already decided: then it counts from
 * the latest time the machine has decided on.  Returns as
 * fxs_hook_advance() does.
 */
u64 fxs_hook_input(struct fxs_hook_fsm *h, bool offhook, u64 now)
{
	fxs_hook_advance(h, now);
	now = h->now;
	if (offhook != h->raw) {
		h->raw = offhook;
		h->raw_since = now;
	}
	return fxs_hook_advance(h, now);
}

/* @t must have passed fxs_hook_timing_check(). */
u64 fxs_hook_set_timing(struct fxs_hook_fsm *h, const struct fxs_hook_timing *t,
			u64 now)
{
	h->timing = *t;
	return fxs_hook_advance(h, now);
}

void fxs_hook_init(struct fxs_hook_fsm *h, const struct fxs_hook_timing *t,
		   bool offhook, u64 now, fxs_hook_emit_t emit, void *ctx)
{
	h->timing = *t;
	h->emit = emit;
	h->ctx = ctx;
	h->raw = offhook;
	h->stable = offhook;
	h->up = offhook;
	h->now = now;
	h->raw_since = now;
	h->stable_since = now;
	h->up_since = now;
	h->pulses = 0;
}
