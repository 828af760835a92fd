// SPDX-License-Identifier: GPL-2.0-only
/*
 * hook-test.c - unit tests of the hook-timing state machine, built from
 * the kernel's own kernel/fxs_hook.c.  Prints TAP.
 *
 * Every scenario runs twice: once with a timer that fires exactly at each
 * deadline the machine asks for, and once with no timer at all (the
 * machine only sees the inputs and one final call), as when a timer fires
 * very late.  Both must give the expected events: decoding must depend on
 * the input times only.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <uapi/linux/fxs.h>
#include "fxs_hook.h"

#define US	1000ULL
#define MS	1000000ULL
#define T0	(5000 * MS)	/* an arbitrary, non-zero start time */

struct sim {
	struct fxs_hook_fsm h;
	bool lazy;
	u64 lag;	/* inputs reach the machine this late */
	u64 t;
	u64 deadline;
	char got[256];
	size_t n;
	struct fxs_hook_event last[8];	/* most recent events, newest last */
	int nlast;
};

static int tests;
static int failed;

static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!ok)
		failed++;
	printf("%s %d - ", ok ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/*
 * Events as a string: O off hook, H hang-up, F flash, 0-9 a digit.  Each
 * event is also checked for sane times (decided no earlier than the edge
 * it reports, and not in the future).
 */
static void record(void *ctx, const struct fxs_hook_event *ev)
{
	struct sim *s = ctx;
	char c = '?';

	switch (ev->type) {
	case FXS_HOOK_EV_OFFHOOK:
		c = 'O';
		break;
	case FXS_HOOK_EV_ONHOOK:
		c = 'H';
		break;
	case FXS_HOOK_EV_FLASH:
		c = 'F';
		break;
	case FXS_HOOK_EV_DIGIT:
		c = ev->digit <= 9 ? (char)('0' + ev->digit) : '!';
		break;
	}
	if (ev->since > ev->at)
		c = '<';
	if (s->n + 1 < sizeof(s->got)) {
		s->got[s->n++] = c;
		s->got[s->n] = '\0';
	}
	if (s->nlast == 8) {
		memmove(s->last, s->last + 1, 7 * sizeof(s->last[0]));
		s->nlast--;
	}
	s->last[s->nlast++] = *ev;
}

static void begin(struct sim *s, bool lazy, const struct fxs_hook_timing *t)
{
	struct fxs_hook_timing def;

	memset(s, 0, sizeof(*s));
	if (!t) {
		fxs_hook_default_timing(&def);
		t = &def;
	}
	s->lazy = lazy;
	s->t = T0;
	s->deadline = FXS_HOOK_NEVER;
	fxs_hook_init(&s->h, t, false, s->t, record, s);
}

/* Fire the timer for every deadline up to now, as an exact hrtimer. */
static void run_timers(struct sim *s)
{
	while (!s->lazy && s->deadline <= s->t)
		s->deadline = fxs_hook_advance(&s->h, s->deadline);
}

/*
 * Put the line in @offhook now and hold it for @ns.  With a lag, the
 * report reaches the machine that much later, carrying its true time,
 * and the machine's timer has fired for every deadline until then.
 */
static void hold(struct sim *s, bool offhook, u64 ns)
{
	u64 t = s->t;

	s->t = t + s->lag;
	run_timers(s);
	s->deadline = fxs_hook_input(&s->h, offhook, t);
	s->t = t + ns;
}

static void finish(struct sim *s)
{
	s->t += 3000 * MS;	/* longer than any window */
	run_timers(s);
	if (s->lazy)
		s->deadline = fxs_hook_advance(&s->h, s->t);
}

/* One pulse train: @pulses breaks of @brk ns separated by makes. */
static void dial(struct sim *s, int pulses, u64 brk, u64 make)
{
	int i;

	for (i = 0; i < pulses; i++) {
		hold(s, false, brk);
		hold(s, true, make);
	}
}

typedef void (*scenario_t)(struct sim *s, const void *arg);

/* Runs @fn in both timer modes; each must produce @want. */
static void expect(const char *want, scenario_t fn, const void *arg,
		   const struct fxs_hook_timing *t, const char *fmt, ...)
{
	struct sim exact, lazy;
	char desc[200];
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);

	begin(&exact, false, t);
	fn(&exact, arg);
	finish(&exact);
	begin(&lazy, true, t);
	fn(&lazy, arg);
	finish(&lazy);

	ok = !strcmp(exact.got, want) && !strcmp(lazy.got, want);
	tap(ok, "%s", desc);
	if (!ok)
		printf("#   want \"%s\", got \"%s\" (timer) \"%s\" %s\n",
		       want, exact.got, lazy.got, "(no timer)");
}

/* Pulse dialing at a rate and break ratio */

struct pulse_arg {
	int digit;
	unsigned int pps;
	unsigned int break_pct;
	u64 bounce;	/* contact chatter at each edge, 0 for none */
};

static void chatter(struct sim *s, bool to, u64 bounce)
{
	int i;

	/* Real dial contacts bounce for a few ms at each edge. */
	for (i = 0; bounce && i < 3; i++) {
		hold(s, to, bounce / 2);
		hold(s, !to, bounce / 2);
	}
}

static void sc_pulse(struct sim *s, const void *p)
{
	const struct pulse_arg *a = p;
	u64 period = 1000000000ULL / a->pps;
	u64 brk = period * a->break_pct / 100;
	u64 make = period - brk;
	int pulses = a->digit ? a->digit : 10;
	int i;

	hold(s, true, 1000 * MS);
	for (i = 0; i < pulses; i++) {
		chatter(s, false, a->bounce);
		hold(s, false, brk - 3 * a->bounce);
		chatter(s, true, a->bounce);
		hold(s, true, make - 3 * a->bounce);
	}
	hold(s, true, 1000 * MS);
}

static void test_pulse_rates(void)
{
	static const unsigned int pps[] = { 8, 10, 12 };
	static const unsigned int pct[] = { 55, 70 };
	struct pulse_arg a = { 0 };
	char want[3] = "O?";
	size_t i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < 2; j++) {
			for (a.digit = 0; a.digit <= 9; a.digit++) {
				a.pps = pps[i];
				a.break_pct = pct[j];
				want[1] = (char)('0' + a.digit);
				expect(want, sc_pulse, &a, NULL,
				       "digit %d at %u pps, %u %% break",
				       a.digit, a.pps, a.break_pct);
			}
		}
	}
	/* 2 ms of chatter on every edge stays below the 10 ms debounce. */
	a.bounce = 2 * MS;
	for (i = 0; i < 3; i++) {
		a.pps = pps[i];
		a.break_pct = 60;
		a.digit = 7;
		expect("O7", sc_pulse, &a, NULL,
		       "digit 7 at %u pps with 2 ms contact bounce", a.pps);
	}
}

/* Scenarios parameterised by one duration */

struct dur_arg {
	u64 ns;
	int pulses;	/* before the interval, for some scenarios */
};

static void sc_offhook_glitch(struct sim *s, const void *p)
{
	const struct dur_arg *a = p;

	hold(s, true, a->ns);
	hold(s, false, 2000 * MS);
}

static void sc_open_interval(struct sim *s, const void *p)
{
	const struct dur_arg *a = p;

	hold(s, true, 1000 * MS);
	hold(s, false, a->ns);
	hold(s, true, 2000 * MS);
}

static void sc_pulses_then_open(struct sim *s, const void *p)
{
	const struct dur_arg *a = p;

	hold(s, true, 1000 * MS);
	dial(s, a->pulses, 60 * MS, 40 * MS);
	hold(s, false, a->ns);
	hold(s, true, 2000 * MS);
}

static void sc_two_trains(struct sim *s, const void *p)
{
	const struct dur_arg *a = p;

	hold(s, true, 1000 * MS);
	dial(s, 1, 60 * MS, 40 * MS);
	dial(s, 1, 60 * MS, a->ns);	/* the make that separates trains */
	dial(s, 3, 60 * MS, 40 * MS);
	hold(s, true, 1000 * MS);
}

static void sc_pulses(struct sim *s, const void *p)
{
	const struct dur_arg *a = p;

	hold(s, true, 1000 * MS);
	dial(s, a->pulses, 60 * MS, 40 * MS);
	hold(s, true, 1000 * MS);
}

static void test_debounce(void)
{
	struct dur_arg a = { 0 };
	u64 deb = FXS_DEBOUNCE_MS_DEFAULT * MS;

	a.ns = deb - 1 * US;
	expect("", sc_offhook_glitch, &a, NULL,
	       "off-hook glitch just under the debounce gives nothing");
	a.ns = deb;
	expect("OH", sc_offhook_glitch, &a, NULL,
	       "off-hook for exactly the debounce is seen (then hang-up)");
	a.ns = deb - 1 * US;
	expect("O", sc_open_interval, &a, NULL,
	       "on-hook glitch just under the debounce gives no pulse");
	a.ns = deb;
	expect("O1", sc_open_interval, &a, NULL,
	       "on-hook for exactly the debounce is a pulse");
}

static void test_flash_defaults(void)
{
	struct dur_arg a = { 0 };
	u64 lo = FXS_FLASH_MIN_MS_DEFAULT * MS;
	u64 hi = FXS_FLASH_MAX_MS_DEFAULT * MS;

	a.ns = lo - 1 * US;
	expect("O1", sc_open_interval, &a, NULL,
	       "open just under the flash minimum is a pulse (defaults)");
	a.ns = lo;
	expect("OF", sc_open_interval, &a, NULL,
	       "open for the flash minimum is a flash, not a digit");
	a.ns = hi - 1 * US;
	expect("OF", sc_open_interval, &a, NULL,
	       "open just under the flash maximum is a flash, not a hang-up");
	a.ns = hi;
	expect("OHO", sc_open_interval, &a, NULL,
	       "open for the flash maximum is a hang-up, not a flash");
}

static void test_windows_with_gap(void)
{
	struct fxs_hook_timing t;
	struct dur_arg a = { 0 };

	fxs_hook_default_timing(&t);
	t.pulse_break_max_ms = 100;
	t.flash_min_ms = 300;
	t.flash_max_ms = 1000;
	tap(!fxs_hook_timing_check(&t), "timing with a gap is accepted");

	a.ns = 100 * MS - 1 * US;
	expect("O1", sc_open_interval, &a, &t,
	       "gap timing: open just under the pulse maximum is a pulse");
	a.ns = 100 * MS;
	expect("O", sc_open_interval, &a, &t,
	       "gap timing: open for the pulse maximum is not a pulse");
	a.ns = 300 * MS - 1 * US;
	expect("O", sc_open_interval, &a, &t,
	       "gap timing: open just under the flash minimum is nothing");
	a.ns = 300 * MS;
	expect("OF", sc_open_interval, &a, &t,
	       "gap timing: open for the flash minimum is a flash");
	a.ns = 1000 * MS - 1 * US;
	expect("OF", sc_open_interval, &a, &t,
	       "gap timing: open just under the flash maximum is a flash");
	a.ns = 1000 * MS;
	expect("OHO", sc_open_interval, &a, &t,
	       "gap timing: open for the flash maximum is a hang-up");
}

static void test_interdigit(void)
{
	struct dur_arg a = { 0 };
	u64 id = FXS_INTERDIGIT_MS_DEFAULT * MS;

	a.ns = id - 1 * US;
	expect("O5", sc_two_trains, &a, NULL,
	       "make just under the interdigit time continues the digit");
	a.ns = id;
	expect("O23", sc_two_trains, &a, NULL,
	       "make of exactly the interdigit time ends the digit");
}

static void test_digits_and_flash(void)
{
	struct dur_arg a = { 0 };

	a.pulses = 3;
	a.ns = 500 * MS;
	expect("O3F", sc_pulses_then_open, &a, NULL,
	       "flash right after dialing: the digit, then the flash");
	a.ns = 2000 * MS;
	expect("O3HO", sc_pulses_then_open, &a, NULL,
	       "hang-up right after dialing: digit, hang-up, off hook again");
	a.pulses = 10;
	expect("O0", sc_pulses, &a, NULL, "ten pulses are the digit 0");
	a.pulses = 11;
	expect("O", sc_pulses, &a, NULL, "eleven pulses are not a digit");
	a.pulses = 30;
	expect("O", sc_pulses, &a, NULL, "thirty pulses are not a digit");
}

/* Checks on times and deadlines that the string form does not show */

static void test_times_and_idle(void)
{
	u64 deb = FXS_DEBOUNCE_MS_DEFAULT * MS;
	u64 fmax = FXS_FLASH_MAX_MS_DEFAULT * MS;
	u64 idt = FXS_INTERDIGIT_MS_DEFAULT * MS;
	struct sim s;
	u64 d, edge;

	begin(&s, false, NULL);
	d = fxs_hook_input(&s.h, false, s.t);
	tap(d == FXS_HOOK_NEVER, "idle on hook: no timer needed");

	edge = s.t;
	d = fxs_hook_input(&s.h, true, edge);
	tap(d == edge + deb, "raw change: deadline at the end of debounce");
	d = fxs_hook_advance(&s.h, d);
	tap(s.nlast == 1 && s.last[0].type == FXS_HOOK_EV_OFFHOOK &&
	    s.last[0].since == edge && s.last[0].at == edge + deb,
	    "off-hook reports its raw edge and its decision time");
	tap(d == FXS_HOOK_NEVER && fxs_hook_offhook(&s.h) &&
	    fxs_hook_since(&s.h) == edge,
	    "idle off hook: no timer needed, state and since reported");

	/* one pulse */
	s.t = edge + deb + 500 * MS;
	fxs_hook_input(&s.h, false, s.t);
	s.t += 60 * MS;
	d = fxs_hook_input(&s.h, true, s.t);
	d = fxs_hook_advance(&s.h, d);
	tap(d == s.t + idt, "after a pulse: deadline at the interdigit time");
	d = fxs_hook_advance(&s.h, d);
	tap(d == FXS_HOOK_NEVER && s.nlast == 2 &&
	    s.last[1].type == FXS_HOOK_EV_DIGIT && s.last[1].digit == 1 &&
	    s.last[1].at == s.t + idt,
	    "digit decided when the interdigit time ran out, then no timer");

	/* hang-up */
	s.t += 1000 * MS;
	edge = s.t;
	fxs_hook_input(&s.h, false, edge);
	d = fxs_hook_advance(&s.h, edge + deb);
	tap(d == edge + fmax, "open line: deadline at the flash maximum");
	d = fxs_hook_advance(&s.h, d);
	tap(d == FXS_HOOK_NEVER && s.nlast == 3 &&
	    s.last[2].type == FXS_HOOK_EV_ONHOOK &&
	    s.last[2].since == edge && s.last[2].at == edge + fmax &&
	    !fxs_hook_offhook(&s.h) && fxs_hook_since(&s.h) == edge,
	    "hang-up reports when the line opened and when it was decided");

	/* repeated samples change nothing */
	d = fxs_hook_input(&s.h, false, edge + fmax + 10 * MS);
	tap(d == FXS_HOOK_NEVER && s.nlast == 3,
	    "repeating the current raw state is harmless");
}

static void sc_late_pulses(struct sim *s, const void *p)
{
	const struct dur_arg *a = p;

	s->lag = a->ns;
	hold(s, true, 1000 * MS);
	dial(s, 5, 60 * MS, 40 * MS);
	hold(s, true, 1000 * MS);
	dial(s, 2, 40 * MS, 60 * MS);
	hold(s, true, 1000 * MS);
	hold(s, false, 600 * MS);
	hold(s, true, 1000 * MS);
}

static void test_late_reports(void)
{
	struct dur_arg a = { 0 };
	struct sim s;
	u64 t, d;

	a.ns = 30 * MS;
	expect("O52F", sc_late_pulses, &a, NULL,
	       "edges reported 30 ms late with their true times decode");
	a.ns = 120 * MS;
	expect("O52F", sc_late_pulses, &a, NULL,
	       "edges reported 120 ms late with their true times decode");

	/*
	 * A window already decided stays decided: an off-hook edge whose
	 * true time falls inside the flash window, reported after the
	 * hang-up was decided, counts from the hang-up.
	 */
	begin(&s, false, NULL);
	fxs_hook_input(&s.h, true, s.t);
	fxs_hook_advance(&s.h, s.t + 100 * MS);
	t = s.t + 1000 * MS;
	fxs_hook_input(&s.h, false, t);
	d = fxs_hook_advance(&s.h, t + 100 * MS);
	d = fxs_hook_advance(&s.h, d);
	fxs_hook_input(&s.h, true, t + 600 * MS);
	fxs_hook_advance(&s.h, t + 2000 * MS);
	tap(!strcmp(s.got, "OHO") &&
	    s.last[2].since == t + FXS_FLASH_MAX_MS_DEFAULT * MS,
	    "a late edge inside a decided window counts from the decision");
}

static void test_timing_check(void)
{
	struct fxs_hook_timing t, d;

	fxs_hook_default_timing(&d);
	tap(!fxs_hook_timing_check(&d), "default timing is valid");

	t = d;
	t.debounce_ms = t.pulse_break_max_ms;
	tap(fxs_hook_timing_check(&t) != NULL,
	    "debounce equal to the pulse maximum is refused");
	t = d;
	t.debounce_ms = 50;
	t.interdigit_ms = 50;
	tap(fxs_hook_timing_check(&t) != NULL,
	    "debounce equal to the interdigit time is refused");
	t = d;
	t.flash_min_ms = t.pulse_break_max_ms - 1;
	tap(fxs_hook_timing_check(&t) != NULL,
	    "flash minimum below the pulse maximum is refused");
	t = d;
	t.flash_min_ms = t.pulse_break_max_ms;
	tap(!fxs_hook_timing_check(&t),
	    "flash minimum equal to the pulse maximum is accepted");
	t = d;
	t.flash_max_ms = t.flash_min_ms;
	tap(fxs_hook_timing_check(&t) != NULL,
	    "flash maximum equal to the flash minimum is refused");
	t = d;
	t.debounce_ms = FXS_DEBOUNCE_MS_MIN - 1;
	tap(fxs_hook_timing_check(&t) != NULL, "debounce of 0 is refused");
	t = d;
	t.flash_max_ms = FXS_FLASH_MAX_MS_MAX + 1;
	tap(fxs_hook_timing_check(&t) != NULL,
	    "flash maximum above its range is refused");
	t = d;
	t.flash_max_ms = FXS_FLASH_MAX_MS_MAX;
	tap(!fxs_hook_timing_check(&t),
	    "flash maximum at the top of its range is accepted");
}

static void test_set_timing(void)
{
	struct fxs_hook_timing t;
	struct sim s;
	u64 d;

	/* a longer debounce applies to a change already pending */
	begin(&s, false, NULL);
	fxs_hook_input(&s.h, true, s.t);
	fxs_hook_default_timing(&t);
	t.debounce_ms = 30;
	d = fxs_hook_set_timing(&s.h, &t, s.t + 5 * MS);
	tap(d == s.t + 30 * MS && s.nlast == 0,
	    "new debounce applies to the pending change");
	d = fxs_hook_input(&s.h, false, s.t + 20 * MS);
	tap(d == FXS_HOOK_NEVER && s.nlast == 0,
	    "a 20 ms glitch is filtered by the new 30 ms debounce");
}

int main(void)
{
	test_pulse_rates();
	test_debounce();
	test_flash_defaults();
	test_windows_with_gap();
	test_interdigit();
	test_digits_and_flash();
	test_times_and_idle();
	test_late_reports();
	test_timing_check();
	test_set_timing();
	printf("# hook-test: %d checks, %d failed\n", tests,
	       failed);
	return failed ? 1 : 0;
}
