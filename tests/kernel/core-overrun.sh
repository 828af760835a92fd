#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A listener that stops reading loses events (its socket overflows and
# recvmsg fails with ENOBUFS); a dump must then give it the true state of
# every port.  fxsnl monitor does what a listener must: on ENOBUFS it reads
# what is still queued, dumps, and goes on listening.
#
# The listener has the smallest receive buffer and does not read for 10 s
# while four ports produce 38 events and come to rest in a known
# state: sim0 and sim2 off hook, sim1 and sim3 on hook.

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

MON=$WORK/events

# digits N: the steps of N one-pulse digits, each followed by 400 ms closed.
digits() {
	pulses "$1" 60 400
}

mark=$(dmesg_mark)
sim_load builtin_ports=4 || { not_ok "load fxs_sim"; exit 1; }
mon_start "$MON" --rcvbuf 1 --stall 10000 || { not_ok "monitor starts"; exit 1; }
start=$(date +%s)

inject sim0 "off 200 $(digits 8) off 100"
inject sim1 "off 200 $(digits 8) on 1500"
inject sim2 "off 200 $(digits 8) off 100"
inject sim3 "off 200 $(digits 8) on 1500"
for p in sim0 sim1 sim2 sim3; do
	until_ok 60 inject_idle "$p"
done
elapsed=$(($(date +%s) - start))
diag "events produced within ${elapsed}s of the 10 s stall"
is "ports at rest: true state in sysfs" \
	"$(cat /sys/class/fxs/sim{0,1,2,3}/hook | paste -sd ' ' -)" \
	"offhook onhook offhook onhook"

until_ok 60 grep -q '^resynced' "$MON"
check "the stalled listener overflowed (ENOBUFS)" grep -q '^overrun' "$MON"
got=$(grep -c '^event=' "$MON")
diag "received $got of the 38 events"
check "events were lost (fewer than the 38 produced)" test "$got" -lt 38

# The dump after the overrun (the port lines before "resynced").
resync=$(sed -n '/^overrun/,/^resynced/p' "$MON" | grep '^port ')
for p in sim0 sim1 sim2 sim3; do
	line=$(grep " name=$p " <<< "$resync")
	is "resync dump gives $p its true hook state" "$(field "$line" hook)" \
		"$(cat "/sys/class/fxs/$p/hook")"
done
is "resync dump lists every port" "$(grep -c . <<< "$resync")" 4

# The listener still works after the overrun.
from=$(($(lines "$MON") + 1))
echo off > "$SIM/sim1/hook"
wait_events 60 1 "$MON" sim1 offhook "$from"
is "listener receives new events after the resync" \
	"$(event_words "$MON" sim1 "$from")" offhook

mon_stop
fxs_unload_all
check "no kernel warning" dmesg_clean "$mark"
tap_done
