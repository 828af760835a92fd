#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every event type of the "events" group, with the attributes the UAPI
# promises on each: port index, name, location (and the expander identity
# and port for expander ports), a CLOCK_MONOTONIC timestamp, the hook state
# and when it changed for hook events, the digit for digits.

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

MON=$WORK/events

fxs_unload_all
modprobe fxs || { not_ok "load fxs"; exit 1; }
mon_start "$MON" || { not_ok "monitor starts"; exit 1; }
t0=$(awk '{ printf "%d", $1 * 1000000000 }' /proc/uptime)

modprobe fxs_sim builtin_ports=1 expander_ports=2 ||
	{ not_ok "load fxs_sim"; exit 1; }
wait_grep 60 3 "$MON" '^event=port_added'
for p in sim0 exp-SIM0001-1 exp-SIM0001-2; do
	is "port_added for $p" "$(count_events "$MON" "$p" port_added)" 1
done

added=$(grep "^event=port_added .*name=exp-SIM0001-2 " "$MON")
diag "$added"
is "port_added: location" "$(field "$added" location)" expander
is "port_added: expander identity" "$(field "$added" expander)" SIM0001
is "port_added: expander port" "$(field "$added" expander_port)" 2
is "port_added: driver" "$(field "$added" driver)" fxs_sim
is "port_added: linefeed" "$(field "$added" linefeed)" forward-active
is "port_added: ringing" "$(field "$added" ringing)" 0
is "port_added: cadence" "$(field "$added" cadence)" 2000,4000
is "port_added: index agrees with sysfs" "$(field "$added" index)" \
	"$(cat /sys/class/fxs/exp-SIM0001-2/index)"
check "port_added: has a timestamp" test -n "$(field "$added" ts)"
added0=$(grep "^event=port_added .*name=sim0 " "$MON")
is "port_added: built-in location" "$(field "$added0" location)" builtin
is "port_added: built-in has no expander" "$(field "$added0" expander)" ""

# offhook, digit 3, flash (open 500 ms), onhook, with the default timing.
from=$(($(lines "$MON") + 1))
inject exp-SIM0001-2 \
	"off 300 on 60 off 40 on 60 off 40 on 60 off 600 on 500 off 600 on 2000"
until_ok 60 inject_idle exp-SIM0001-2
wait_events 60 1 "$MON" exp-SIM0001-2 onhook "$from"
sleep 0.3
is "hook events in order" "$(event_words "$MON" exp-SIM0001-2 "$from")" \
	"offhook digit:3 flash onhook"

prev=0
tail -n +"$from" "$MON" | grep '^event=' > "$WORK/hook"
while read -r line; do
	ev=$(field "$line" event)
	ts=$(field "$line" ts)
	rx=$(field "$line" rx)
	is "$ev: index" "$(field "$line" index)" \
		"$(cat /sys/class/fxs/exp-SIM0001-2/index)"
	is "$ev: location, expander, expander port" \
		"$(field "$line" location) $(field "$line" expander) $(field "$line" expander_port)" \
		"expander SIM0001 2"
	check "$ev: timestamp after the test began, not after receipt" \
		test "$ts" -gt "$t0" -a "$ts" -le "$rx"
	check "$ev: timestamps increase" test "$ts" -gt "$prev"
	prev=$ts
	case $ev in
	offhook|onhook)
		is "$ev: hook state" "$(field "$line" hook)" "$ev"
		since=$(field "$line" hook_since)
		check "$ev: the line changed before the event was decided" \
			test -n "$since" -a "$since" -lt "$ts"
		;;
	digit)
		is "digit: value" "$(field "$line" digit)" 3
		;;
	esac
done < "$WORK/hook"

# The debounce delays an off-hook by 10 ms; the hang-up needs the line
# open for the flash maximum (1250 ms).  Loose bounds: ordering and rough
# size, not wall-clock precision.
off=$(grep '^event=offhook' "$WORK/hook")
on=$(grep '^event=onhook' "$WORK/hook")
d_off=$(($(field "$off" ts) - $(field "$off" hook_since)))
d_on=$(($(field "$on" ts) - $(field "$on" hook_since)))
diag "offhook decided $d_off ns after the edge, onhook $d_on ns"
check "offhook decided after the 10 ms debounce" test "$d_off" -ge 10000000
check "onhook decided after the 1250 ms flash maximum" \
	test "$d_on" -ge 1250000000

rmmod fxs_sim
wait_grep 60 3 "$MON" '^event=port_removed'
for p in sim0 exp-SIM0001-1 exp-SIM0001-2; do
	is "port_removed for $p" "$(count_events "$MON" "$p" port_removed)" 1
done
removed=$(grep "^event=port_removed .*name=exp-SIM0001-1 " "$MON")
is "port_removed: expander attributes" \
	"$(field "$removed" location) $(field "$removed" expander) $(field "$removed" expander_port)" \
	"expander SIM0001 1"
check "port_removed: has a timestamp" test -n "$(field "$removed" ts)"
is "every event type seen" \
	"$(grep -o '^event=[a-z_]*' "$MON" | sort -u | paste -sd ' ' -)" \
	"event=digit event=flash event=offhook event=onhook event=port_added event=port_removed"

mon_stop
fxs_unload_all
check "modules unloaded" test ! -e /sys/class/fxs/sim0
tap_done
