#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every hook timing window, end to end: fxs_sim replays hook sequences from
# an hrtimer, the core decodes them, and the events are read from netlink.
# Each window is crossed just inside and just outside its bound.  Margins
# are a few tens of ms, because a TCG VM on a loaded host fires timers late;
# the unit test (tests/unit/hook-*) checks the exact bounds.
#
# Every case starts and ends on hook and its expected events end with its
# hang-ups, so the test waits for those rather than for a fixed time.

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

MON=$WORK/events

# tcase DESCRIPTION PORT SEQUENCE EXPECTED_EVENTS
tcase() {
	local desc=$1 port=$2 seq=$3 want=$4 from n_on
	from=$(($(lines "$MON") + 1))
	n_on=$(grep -o onhook <<< "$want" | wc -l)
	inject "$port" "$seq"
	until_ok 120 inject_idle "$port"
	wait_events 60 "$n_on" "$MON" "$port" onhook "$from"
	sleep 0.3
	is "$desc" "$(event_words "$MON" "$port" "$from")" "$want"
}

# pulses N BREAK MAKE: the steps of one dialled digit (N pulses).
pulses() {
	local i out=""
	for ((i = 0; i < $1; i++)); do
		out="$out on $2 off $3"
	done
	echo "$out"
}

sim_load builtin_ports=2 || { not_ok "load fxs_sim"; exit 1; }
mon_start "$MON" || { not_ok "monitor starts"; exit 1; }

# sim0: wide windows so that the margins below are large in ms.
# debounce 60, pulse break < 300, flash 600..1500, interdigit 800.
check "sim0 takes the test timing" "$FXSNL" set sim0 \
	timing.debounce_ms=60 timing.pulse_break_max_ms=300 \
	timing.flash_min_ms=600 timing.flash_max_ms=1500 \
	timing.interdigit_ms=800
is "sim0 timing read back" \
	"$(port_field sim0 timing.debounce_ms) $(port_field sim0 timing.pulse_break_max_ms) $(port_field sim0 timing.flash_min_ms) $(port_field sim0 timing.flash_max_ms) $(port_field sim0 timing.interdigit_ms)" \
	"60 300 600 1500 800"

# Debounce (60): 20 ms changes are glitches, 100 ms ones are real.
tcase "debounce: 20 ms off-hook glitch ignored, 100 ms off-hook seen" sim0 \
	"off 20 on 400 off 100 on 2000" "offhook onhook"
tcase "debounce: 20 ms open glitch while off hook is not a pulse" sim0 \
	"off 400 on 20 off 1200 on 2000" "offhook onhook"
tcase "debounce: 100 ms open while off hook is a pulse" sim0 \
	"off 400 on 100 off 1200 on 2000" "offhook digit:1 onhook"

# Pulse break maximum (300).
tcase "pulse: 240 ms open is a pulse" sim0 \
	"off 400 on 240 off 1200 on 2000" "offhook digit:1 onhook"
tcase "pulse: 360 ms open is no pulse (and no flash)" sim0 \
	"off 400 on 360 off 1200 on 2000" "offhook onhook"

# Flash minimum (600).
tcase "flash: 540 ms open is no flash" sim0 \
	"off 400 on 540 off 1200 on 2000" "offhook onhook"
tcase "flash: 660 ms open is a flash" sim0 \
	"off 400 on 660 off 1200 on 2000" "offhook flash onhook"

# Flash maximum (1500): beyond it the open line is a hang-up.
tcase "flash: 1400 ms open is still a flash" sim0 \
	"off 400 on 1400 off 1200 on 2000" "offhook flash onhook"
tcase "hang-up: 1600 ms open is a hang-up, then a new off-hook" sim0 \
	"off 400 on 1600 off 1200 on 2000" "offhook onhook offhook onhook"

# Interdigit (800): a shorter closed gap continues the digit.
tcase "interdigit: 700 ms closed continues the pulse train" sim0 \
	"off 400 on 100 off 700 on 100 off 1200 on 2000" \
	"offhook digit:2 onhook"
tcase "interdigit: 900 ms closed ends the digit" sim0 \
	"off 400 on 100 off 900 on 100 off 1200 on 2000" \
	"offhook digit:1 digit:1 onhook"

# A flash between digits is neither a digit nor a hang-up.
tcase "flash between digits stays a flash" sim0 \
	"off 400 $(pulses 3 100 100) off 1000 on 700 off 1000 $(pulses 2 100 100) off 1200 on 2000" \
	"offhook digit:3 flash digit:2 onhook"

# sim1 keeps the default timing: pulse dialling at the rates phones use,
# 8 to 12 pulses/s with 55 to 70 % break, digits 1, 5 and 0 (10 pulses),
# 900 ms between digits.
is "sim1 has the default timing" \
	"$(port_field sim1 timing.debounce_ms) $(port_field sim1 timing.pulse_break_max_ms) $(port_field sim1 timing.flash_min_ms) $(port_field sim1 timing.flash_max_ms) $(port_field sim1 timing.interdigit_ms)" \
	"10 200 200 1250 250"
for rate in "10 60 40" "8 88 37" "12 46 37" "8 70 55" "12 57 26"; do
	set -- $rate
	seq="off 500"
	for d in 1 5 10; do
		seq="$seq $(pulses "$d" "$2" "$3") off 900"
	done
	tcase "pulse dialling at $1 pps, break $2 ms, make $3 ms: 1 5 0" sim1 \
		"$seq on 2000" "offhook digit:1 digit:5 digit:0 onhook"
done
tcase "eleven pulses are no digit" sim1 \
	"off 500 $(pulses 11 60 40) off 900 $(pulses 2 60 40) off 900 on 2000" \
	"offhook digit:2 onhook"

mon_stop
is "no event was lost" "$(grep -c '^overrun' "$MON")" 0
fxs_unload_all
check "fxs_sim unloads" test ! -e "$SIM"
tap_done
