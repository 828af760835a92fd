#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Ringing: the cadence the core plays on the chip (read back from fxs_sim's
# log of set_ring calls, with their times), and ring trip: going off hook
# while ringing stops the ring in the kernel and reports off-hook.
#
# The VM is slow and its timers late, so the cadence is checked by the
# order of the edges, their number and their average length, with wide
# bounds: never one edge against a tight deadline.

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

MON=$WORK/events

# ring_edges PORT: the ring log as "ms-since-first on|off" lines.
ring_edges() {
	awk 'NR == 1 { t0 = $1 } { printf "%d %s\n", ($1 - t0) / 1000000, $2 }' \
		"$SIM/$1/ring_log"
}

# avg_len EDGES STATE [PARITY]: average length in ms of the complete STATE
# steps (those followed by another edge); PARITY even/odd picks every
# other "on" step, for cadences with two ring steps.
avg_len() {
	awk -v want="$2" -v parity="${3:-any}" '
		NR > 1 && prev_state == want {
			n_state++
			if (parity == "any" || (parity == "even") == (n_state % 2 == 1)) {
				sum += $1 - prev_t; n++
			}
		}
		{ prev_t = $1; prev_state = $2 }
		END { if (n) printf "%d\n", sum / n; else print 0 }' <<< "$1"
}

alternates() {
	awk 'NR == 1 && $2 != "on" { exit 1 }
	     NR > 1 && $2 == last { exit 1 }
	     { last = $2 }
	     END { exit last != "off" }' <<< "$1"
}

# Some port_changed of sim0 said ringing=1, and the last says ringing=0.
ring_announced() {
	local all
	all=$(grep '^event=port_changed .* name=sim0 ' "$MON")
	grep -q ' ringing=1 ' <<< "$all" &&
		[ "$(field "$(tail -n 1 <<< "$all")" ringing)" = 0 ]
}

in_range() {
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

sim_load builtin_ports=2 || { not_ok "load fxs_sim"; exit 1; }
mon_start "$MON" || { not_ok "monitor starts"; exit 1; }

is "default cadence" "$(port_field sim0 cadence)" 2000,4000
is "not ringing at first" "$(port_field sim0 ringing) $(cat /sys/class/fxs/sim0/ringing) $(cat "$SIM/sim0/ring")" \
	"0 0 off"

# --- a two-step cadence, 600 ms on, 200 ms off, for about 3.4 s
check "set cadence 600,200" fxs_set sim0 cadence=600,200
is "cadence read back" "$(port_field sim0 cadence)" 600,200
echo > "$SIM/sim0/ring_log"
check "ring on" fxs_set sim0 ring=on
until_ok 30 grep -q on "$SIM/sim0/ring"
is "ringing while ringing (netlink, sysfs)" \
	"$(port_field sim0 ringing) $(cat /sys/class/fxs/sim0/ringing)" "1 1"
sleep 3.4
check "ring off" fxs_set sim0 ring=off
until_ok 30 grep -q off "$SIM/sim0/ring"
sleep 0.3
is "not ringing after ring off" "$(port_field sim0 ringing) $(cat /sys/class/fxs/sim0/ringing) $(cat "$SIM/sim0/ring")" \
	"0 0 off"
edges=$(ring_edges sim0)
diag "ring edges (ms): $(paste -sd ' ' <<< "$edges")"
check "cadence: starts on, alternates, ends off" alternates "$edges"
# The VM may stretch "sleep 3.4" a lot: count against the time it rang.
n_on=$(grep -c ' on$' <<< "$edges")
span=$(tail -n 1 <<< "$edges" | cut -d' ' -f1)
want=$(((span + 799) / 800))
check "cadence: one ring per 800 ms over $span ms (got $n_on, want about $want)" \
	in_range "$n_on" $((want * 2 / 3)) $((want * 3 / 2 + 1))
on=$(avg_len "$edges" on)
off=$(avg_len "$edges" off)
diag "average on $on ms (600), off $off ms (200)"
check "cadence: on steps last about 600 ms (got $on, allowed 300..1200)" \
	in_range "$on" 300 1200
check "cadence: off steps last about 200 ms (got $off, allowed 100..600)" \
	in_range "$off" 100 600
check "cadence: on steps longer than off steps" test "$on" -gt "$off"
is "ringing makes no hook event" "$(event_words "$MON" sim0)" ""
# Cadence set, ring on, ring off: announced (maybe fewer, coalesced), but
# never one message per cadence step.
check "ring on, then off, announced as port_changed" until_ok 30 ring_announced
n=$(count_events "$MON" sim0 port_changed)
check "port_changed for the settings, not for each step (got $n)" \
	in_range "$n" 2 3
last=$(grep '^event=port_changed .* name=sim0 ' "$MON" | tail -n 1)
is "last port_changed: the new cadence, linefeed" \
	"$(field "$last" cadence) $(field "$last" linefeed)" \
	"600,200 forward-active"

# --- a four-step cadence (double ring): 500 on, 200 off, 150 on, 650 off
check "set a double-ring cadence" fxs_set sim0 cadence=500,200,150,650
echo > "$SIM/sim0/ring_log"
fxs_set sim0 ring=on
sleep 4.2
fxs_set sim0 ring=off
until_ok 30 grep -q off "$SIM/sim0/ring"
sleep 0.3
edges=$(ring_edges sim0)
diag "ring edges (ms): $(paste -sd ' ' <<< "$edges")"
check "double ring: starts on, alternates, ends off" alternates "$edges"
first=$(avg_len "$edges" on even)
second=$(avg_len "$edges" on odd)
diag "first rings $first ms (500), second rings $second ms (150)"
check "double ring: first ring of each pair longer than the second" \
	test "$first" -gt "$second"
n_on=$(grep -c ' on$' <<< "$edges")
span=$(tail -n 1 <<< "$edges" | cut -d' ' -f1)
want=$((2 * (span + 1499) / 1500))
check "double ring: two rings per 1500 ms over $span ms (got $n_on, want about $want)" \
	in_range "$n_on" $((want * 2 / 3)) $((want * 3 / 2 + 1))

# --- ring trip during a ring step: 2000 ms on, tripped after ~200 ms
fxs_set sim0 cadence=2000,200
echo > "$SIM/sim0/ring_log"
from=$(($(lines "$MON") + 1))
fxs_set sim0 ring=on
until_ok 30 grep -q on "$SIM/sim0/ring"
sleep 0.2
echo off > "$SIM/sim0/hook"
wait_events 60 1 "$MON" sim0 offhook "$from"
is "ring trip: off-hook reported" "$(event_words "$MON" sim0 "$from")" offhook
# The listener learns the ring stopped from the core, after the OFFHOOK.
check "ring trip: port_changed ringing=0 announced" \
	wait_grep 30 1 "$MON" '^event=port_changed .* name=sim0 .*ringing=0 ' "$from"
is "ring trip: OFFHOOK, then PORT_CHANGED" \
	"$(tail -n +"$from" "$MON" | grep ' name=sim0 ' |
		grep -oE '^event=(offhook|port_changed)' | tail -n 2 | paste -sd ' ' -)" \
	"event=offhook event=port_changed"
is "ring trip: ring stopped (chip, netlink, sysfs)" \
	"$(cat "$SIM/sim0/ring") $(port_field sim0 ringing) $(cat /sys/class/fxs/sim0/ringing)" \
	"off 0 0"
sleep 2.5
edges=$(ring_edges sim0)
diag "ring edges (ms): $(paste -sd ' ' <<< "$edges")"
# Against the hook edge itself (the offhook event's hook_since, the same
# clock as the ring log), so a slow VM delaying the test does not matter.
since=$(field "$(grep '^event=offhook' "$MON" | tail -n 1)" hook_since)
after=$(awk -v t="$since" '$1 > t { print $2 }' "$SIM/sim0/ring_log" |
	paste -sd ' ' -)
# The edge may fall in a silent step: then there is nothing to switch off.
check "ring trip: after the off-hook edge the ring only goes off ('$after')" \
	test -z "$after" -o "$after" = off
trip=$(awk -v t="$since" '$1 > t { printf "%d", ($1 - t) / 1000000; exit }' \
	"$SIM/sim0/ring_log")
diag "ring removed ${trip:-(was off)} ms after the off-hook edge (10 ms debounce)"
check "ring trip: ring removed well before its 2000 ms step would end" \
	test "${trip:-0}" -lt 1500
is "ring trip: still not ringing 2.5 s later" "$(cat "$SIM/sim0/ring")" off

# --- the phone is off hook: ringing it is refused
out=$(fxs_set sim0 ring=on 2>&1)
rc=$?
diag "$out"
check "ring while off hook refused with EBUSY" \
	test "$rc" = 1 -a -n "$(grep EBUSY <<< "$out")"
is "still not ringing" "$(cat "$SIM/sim0/ring") $(port_field sim0 ringing)" \
	"off 0"

# --- ring trip in the silent step: 200 ms on, 2000 ms off
echo on > "$SIM/sim0/hook"
until_ok 30 grep -qx onhook /sys/class/fxs/sim0/hook
fxs_set sim0 cadence=200,2000
echo > "$SIM/sim0/ring_log"
from=$(($(lines "$MON") + 1))
fxs_set sim0 ring=on
until_ok 30 grep -q off "$SIM/sim0/ring_log"
echo off > "$SIM/sim0/hook"
wait_events 60 1 "$MON" sim0 offhook "$from"
is "trip between rings: off-hook reported" \
	"$(event_words "$MON" sim0 "$from")" offhook
is "trip between rings: not ringing" "$(port_field sim0 ringing)" 0
sleep 2.5
is "trip between rings: the next ring never comes" \
	"$(grep -c ' on$' "$SIM/sim0/ring_log") $(cat "$SIM/sim0/ring")" "1 off"
echo on > "$SIM/sim0/hook"

# --- sim1 was never touched
is "other port untouched" "$(grep -c . "$SIM/sim1/ring_log")" 0

mon_stop
fxs_unload_all
tap_done
