/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxs_hook.h - the hook-timing state machine, pure logic.
 *
 * It turns raw hook samples (state, time) into events: off-hook, hang-up,
 * hook flash, pulse-dialed digit.  It never reads a clock and never arms a
 * timer: the caller passes the time of each input and, after each call,
 * arranges to call fxs_hook_advance() at the returned deadline.  Because
 * it depends on nothing, the same file is built into fxs.ko and into the
 * userspace unit test (tests/unit/hook-test.c); the userspace build
 * provides the kernel integer types through FXS_HOOK_USER_TYPES.
 */
#ifndef _FXS_HOOK_H
#define _FXS_HOOK_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include FXS_HOOK_USER_TYPES
#endif

/* fxs_hook_advance() returns this when no timing window is open. */
#define FXS_HOOK_NEVER	(~(u64)0)

/* Milliseconds; see enum fxs_timing_attr in the UAPI header. */
struct fxs_hook_timing {
	u32 debounce_ms;
	u32 pulse_break_max_ms;
	u32 interdigit_ms;
	u32 flash_min_ms;
	u32 flash_max_ms;
};

enum fxs_hook_event_type {
	FXS_HOOK_EV_OFFHOOK,
	FXS_HOOK_EV_ONHOOK,
	FXS_HOOK_EV_FLASH,
	FXS_HOOK_EV_DIGIT,
};

/**
 * struct fxs_hook_event - one decoded event
 * @type: what happened
 * @digit: 0..9 for FXS_HOOK_EV_DIGIT
 * @at: when the machine decided it (ns, the caller's clock)
 * @since: for OFFHOOK and ONHOOK, when the line really changed state
 */
struct fxs_hook_event {
	enum fxs_hook_event_type type;
	u8 digit;
	u64 at;
	u64 since;
};

typedef void (*fxs_hook_emit_t)(void *ctx, const struct fxs_hook_event *ev);

/*
 * All fields are private to fxs_hook.c; the struct is public only so that
 * a port can embed it without an allocation.
 */
struct fxs_hook_fsm {
	struct fxs_hook_timing timing;
	fxs_hook_emit_t emit;
	void *ctx;
	u64 now;		/* latest time decided on */
	u64 raw_since;		/* last raw change */
	u64 stable_since;	/* last debounced change (its raw edge) */
	u64 up_since;		/* last reported hook change */
	bool raw;		/* true: line closed (off hook) */
	bool stable;
	bool up;		/* reported state: off hook */
	u8 pulses;		/* pulses counted in the current train */
};

void fxs_hook_default_timing(struct fxs_hook_timing *t);
const char *fxs_hook_timing_check(const struct fxs_hook_timing *t);

void fxs_hook_init(struct fxs_hook_fsm *h, const struct fxs_hook_timing *t,
		   bool offhook, u64 now, fxs_hook_emit_t emit, void *ctx);
u64 fxs_hook_input(struct fxs_hook_fsm *h, bool offhook, u64 now);
u64 fxs_hook_advance(struct fxs_hook_fsm *h, u64 now);
u64 fxs_hook_set_timing(struct fxs_hook_fsm *h, const struct fxs_hook_timing *t,
			u64 now);

static inline bool fxs_hook_offhook(const struct fxs_hook_fsm *h)
{
	return h->up;
}

static inline u64 fxs_hook_since(const struct fxs_hook_fsm *h)
{
	return h->up_since;
}

#endif /* _FXS_HOOK_H */
