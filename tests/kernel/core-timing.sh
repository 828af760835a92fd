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
#
# The cases run side by side, each on a port of its own: the sequences are
# replayed by the kernel and stamped with their due times, so running them
# together changes nothing the core sees, and the test takes as long as its
# longest case instead of the sum of all (135 s to about 20 s in the VM).

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

MON=$WORK/events

# tcase DESCRIPTION TIMING SEQUENCE EXPECTED_EVENTS: a case, run later on
# a port of its own with the "test" timing (below) or the "default" one.
N=0
declare -a C_DESC C_TIMING C_SEQ C_WANT
tcase() {
	C_DESC[N]=$1
	C_TIMING[N]=$2
	C_SEQ[N]=$3
	C_WANT[N]=$4
	N=$((N + 1))
}

# The "test" timing: wide windows so that the margins below are large in
# ms.  debounce 60, pulse break < 300, flash 600..1500, interdigit 800.
TEST_TIMING="timing.debounce_ms=60 timing.pulse_break_max_ms=300
	timing.flash_min_ms=600 timing.flash_max_ms=1500 timing.interdigit_ms=800"

# Debounce (60): 20 ms changes are glitches, 100 ms ones are real.
tcase "debounce: 20 ms off-hook glitch ignored, 100 ms off-hook seen" test \
	"off 20 on 400 off 100 on 2000" "offhook onhook"
tcase "debounce: 20 ms open glitch while off hook is not a pulse" test \
	"off 400 on 20 off 1200 on 2000" "offhook onhook"
tcase "debounce: 100 ms open while off hook is a pulse" test \
	"off 400 on 100 off 1200 on 2000" "offhook digit:1 onhook"

# Pulse break maximum (300).
tcase "pulse: 240 ms open is a pulse" test \
	"off 400 on 240 off 1200 on 2000" "offhook digit:1 onhook"
tcase "pulse: 360 ms open is no pulse (and no flash)" test \
	"off 400 on 360 off 1200 on 2000" "offhook onhook"

# Flash minimum (600).
tcase "flash: 540 ms open is no flash" test \
	"off 400 on 540 off 1200 on 2000" "offhook onhook"
tcase "flash: 660 ms open is a flash" test \
	"off 400 on 660 off 1200 on 2000" "offhook flash onhook"

# Flash maximum (1500): beyond it the open line is a hang-up.
tcase "flash: 1400 ms open is still a flash" test \
	"off 400 on 1400 off 1200 on 2000" "offhook flash onhook"
tcase "hang-up: 1600 ms open is a hang-up, then a new off-hook" test \
	"off 400 on 1600 off 1200 on 2000" "offhook onhook offhook onhook"

# Interdigit (800): a shorter closed gap continues the digit.
tcase "interdigit: 700 ms closed continues the pulse train" test \
	"off 400 on 100 off 700 on 100 off 1200 on 2000" \
	"offhook digit:2 onhook"
tcase "interdigit: 900 ms closed ends the digit" test \
	"off 400 on 100 off 900 on 100 off 1200 on 2000" \
	"offhook digit:1 digit:1 onhook"

# A flash between digits is neither a digit nor a hang-up.
tcase "flash between digits stays a flash" test \
	"off 400 $(pulses 3 100 100) off 1000 on 700 off 1000 $(pulses 2 100 100) off 1200 on 2000" \
	"offhook digit:3 flash digit:2 onhook"

# Ports with the default timing: pulse dialling at the rates phones use,
# 8 to 12 pulses/s with 55 to 70 % break, digits 1, 5 and 0 (10 pulses),
# 900 ms between digits.
for rate in "10 60 40" "8 88 37" "12 46 37" "8 70 55" "12 57 26"; do
	set -- $rate
	seq="off 500"
	for d in 1 5 10; do
		seq="$seq $(pulses "$d" "$2" "$3") off 900"
	done
	tcase "pulse dialling at $1 pps, break $2 ms, make $3 ms: 1 5 0" default \
		"$seq on 2000" "offhook digit:1 digit:5 digit:0 onhook"
done
tcase "eleven pulses are no digit" default \
	"off 500 $(pulses 11 60 40) off 900 $(pulses 2 60 40) off 900 on 2000" \
	"offhook digit:2 onhook"

# --- run every case at once, each on its own port ---------------------
sim_load builtin_ports=$N || { not_ok "load fxs_sim with $N ports"; exit 1; }
mon_start "$MON" || { not_ok "monitor starts"; exit 1; }

# t, d: the first port of each timing, whose timing is read back below
fail="" t="" d=""
for ((i = 0; i < N; i++)); do
	if [ "${C_TIMING[i]}" = test ]; then
		# shellcheck disable=SC2086 # one word per attribute
		fxs_set "sim$i" $TEST_TIMING >/dev/null || fail="$fail sim$i"
		[ -n "$t" ] || t=sim$i
	else
		[ -n "$d" ] || d=sim$i
	fi
done
is "the test timing is taken by every port that needs it" "$fail" ""
timing_of() {
	echo "$(port_field "$1" timing.debounce_ms) $(port_field "$1" timing.pulse_break_max_ms) $(port_field "$1" timing.flash_min_ms) $(port_field "$1" timing.flash_max_ms) $(port_field "$1" timing.interdigit_ms)"
}
is "test timing read back ($t)" "$(timing_of "$t")" "60 300 600 1500 800"
is "the other ports keep the default timing ($d)" "$(timing_of "$d")" \
	"10 200 200 1250 250"

for ((i = 0; i < N; i++)); do
	inject "sim$i" "${C_SEQ[i]}"
done
for ((i = 0; i < N; i++)); do
	n_on=$(grep -o onhook <<< "${C_WANT[i]}" | wc -l)
	until_ok 120 inject_idle "sim$i"
	wait_events 60 "$n_on" "$MON" "sim$i" onhook
done
# events after the last hang-up would be wrong too: give them a moment
sleep 0.3
for ((i = 0; i < N; i++)); do
	is "${C_DESC[i]} (sim$i)" "$(event_words "$MON" "sim$i")" "${C_WANT[i]}"
done

mon_stop
is "no event was lost" "$(grep -c '^overrun' "$MON")" 0
fxs_unload_all
check "fxs_sim unloads" test ! -e "$SIM"
tap_done
