#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench: vm
#
# Event delivery of fxs.ko, measured in the VM (make bench runs it through
# tests/vm/vm-run once per test kernel).  Prints figures; asserts nothing.
#
#  1. Idle: 64 simulated ports loaded and on hook, nothing happening.  How
#     often does anything of ours wake the CPU?  Counted exactly with the
#     timer and workqueue trace events (callbacks whose function belongs to
#     fxs or fxs_sim), next to the VM's local timer interrupts for scale.
#     The goal is 0/s; DAHDI's wctdm24xxp polls every 1 ms (1000/s).
#  2. Load: the 64 ports toggle off and on hook in the kernel (fxs_sim
#     loops a hook sequence from an hrtimer, so no userspace process is in
#     the injection path) for FXS_BENCH_SECONDS (default 10) while one
#     listener (fxsnl monitor) reads the events group.  Figures: events/s
#     delivered, lost events (ENOBUFS overruns, and expected minus
#     received), latency from the core's event timestamp to receipt and
#     from the hook edge (injection) to receipt, and CPU per event.
#
# The ports use fast timing (debounce 2 ms, hang-up after 20 ms open) so
# that each 100 ms cycle (50 ms off hook, 50 ms on hook) yields two events:
# off-hook 2 ms after the edge and on-hook 20 ms after it.  A TCG VM runs
# several times slower than the host: compare figures between kernels and
# commits on the same machine, not with real hardware.

set -u
cd "${FXS_PROJECT:-$(dirname "$0")/..}" || exit 1
# monitor_start (tests/lib/monitor.sh) and the VM's helpers.
# shellcheck source=../tests/vm/lib.sh
. "${FXS_PROJECT:-$PWD}/tests/vm/lib.sh"
SIM=/sys/kernel/debug/fxs_sim
PORTS=64
SECONDS_LOAD=${FXS_BENCH_SECONDS:-10}
SECONDS_IDLE=${FXS_BENCH_IDLE_SECONDS:-10}
W=$(mktemp -d /tmp/bench-events.XXXXXX)
MON_PID=""

cleanup() {
	[ -n "$MON_PID" ] && kill "$MON_PID" 2>/dev/null && wait "$MON_PID" 2>/dev/null
	[ -n "${TR:-}" ] && echo 0 > "$TR/tracing_on" 2>/dev/null
	for m in fxs_sim fxs; do
		grep -q "^$m " /proc/modules && rmmod "$m"
	done
	rm -rf "$W"
}
trap cleanup EXIT

# Sum of the busy fields of the "cpu" line of /proc/stat, in clock ticks.
busy_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# Local timer interrupts of all CPUs.
loc_irqs() {
	awk '$1 == "LOC:" { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s }' \
		/proc/interrupts
}

# percentiles FILE: "p50 p99 max" of the numbers in FILE (one a line).
percentiles() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		END {
			if (!NR) { print "- - -"; exit }
			p50 = v[int((NR - 1) * 0.50) + 1]
			p99 = v[int((NR - 1) * 0.99) + 1]
			print p50, p99, v[NR]
		}'
}

us() {
	awk -v ns="$1" 'BEGIN { if (ns == "-") print "-"; else printf "%.1f", ns / 1000 }'
}

for m in fxs_sim fxs; do
	grep -q "^$m " /proc/modules && rmmod "$m"
done
modprobe fxs_sim builtin_ports=$PORTS || { echo "bench: cannot load fxs_sim"; exit 1; }
echo "kernel $(uname -r), $(nproc) CPUs (qemu TCG), $PORTS simulated ports"

# ---- 1. idle
TR=/sys/kernel/tracing
[ -e "$TR/trace" ] || mount -t tracefs nodev "$TR" 2>/dev/null
[ -e "$TR/trace" ] || TR=/sys/kernel/debug/tracing
if [ -w "$TR/trace" ]; then
	echo 0 > "$TR/tracing_on"
	echo > "$TR/trace"
	echo > "$TR/set_event"
	for e in timer:hrtimer_expire_entry timer:timer_expire_entry \
		 workqueue:workqueue_execute_start; do
		echo "$e" >> "$TR/set_event"
	done
	sleep 1
	loc0=$(loc_irqs)
	echo 1 > "$TR/tracing_on"
	sleep "$SECONDS_IDLE"
	echo 0 > "$TR/tracing_on"
	loc1=$(loc_irqs)
	grep -E 'function[= ](fxs_|sim_step_timer)' "$TR/trace" > "$W/idle-ours"
	ours=$(grep -c . "$W/idle-ours")
	all=$(grep -c 'function[= ]' "$TR/trace")
	echo > "$TR/set_event"
	echo > "$TR/trace"
	echo "idle ${SECONDS_IDLE} s, $PORTS ports on hook:"
	printf '  fxs/fxs_sim timer and work callbacks: %d (%s/s)   [goal 0; DAHDI wctdm24xxp: 1000/s]\n' \
		"$ours" "$(awk -v n="$ours" -v s="$SECONDS_IDLE" 'BEGIN { printf "%.1f", n / s }')"
	printf '  all timer and work callbacks in the VM: %s/s, local timer interrupts: %s/s (for scale)\n' \
		"$(awk -v n="$all" -v s="$SECONDS_IDLE" 'BEGIN { printf "%.1f", n / s }')" \
		"$(awk -v n="$((loc1 - loc0))" -v s="$SECONDS_IDLE" 'BEGIN { printf "%.1f", n / s }')"
	[ "$ours" -gt 0 ] && sed 's/^/  | /' "$W/idle-ours" | head -n 5
else
	echo "idle: no tracefs, wakeups not measured"
fi

# ---- 2. load
for ((i = 0; i < PORTS; i++)); do
	fxs_set "sim$i" timing.debounce_ms=2 timing.pulse_break_max_ms=10 \
		timing.flash_min_ms=10 timing.flash_max_ms=20 \
		timing.interdigit_ms=30 ||
		{ echo "bench: cannot set the timing of sim$i"; exit 1; }
done

monitor_start "$W/events" --rcvbuf 16777216 ||
	{ echo "bench: the listener did not subscribe"; exit 1; }
MON_PID=$MONITOR_PID

busy0=$(busy_ticks)
mon_cpu0=$(awk '{ print $14 + $15 }' "/proc/$MON_PID/stat")
t0=$(date +%s%N)
for ((i = 0; i < PORTS; i++)); do
	echo "off 50 on 50 loop" > "$SIM/sim$i/inject"
done
sleep "$SECONDS_LOAD"
for ((i = 0; i < PORTS; i++)); do
	echo on > "$SIM/sim$i/hook"
done
t1=$(date +%s%N)
sleep 1
busy1=$(busy_ticks)
mon_cpu1=$(awk '{ print $14 + $15 }' "/proc/$MON_PID/stat")
kill "$MON_PID"
wait "$MON_PID" 2>/dev/null
MON_PID=""

edges=0
for ((i = 0; i < PORTS; i++)); do
	s=$(cat "$SIM/sim$i/state")
	off=$(sed -nE 's/.*off_edges=([0-9]+).*/\1/p' <<< "$s")
	on=$(sed -nE 's/.*on_edges=([0-9]+).*/\1/p' <<< "$s")
	edges=$((edges + off + on))
done
got=$(grep -c '^event=' "$W/events")
overruns=$(grep -c '^overrun' "$W/events")
kinds_line=$(grep -o '^event=[a-z_]*' "$W/events" | sort | uniq -c |
	awk '{ sub("event=", "", $2); printf "%s %s=%d", sep, $2, $1; sep = "," }')

awk '/^event=/ {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	print f["rx"] - f["ts"] > "'"$W/lat-ts"'"
	if ($1 == "event=offhook") print f["rx"] - f["hook_since"] > "'"$W/lat-edge"'"
}' "$W/events"
touch "$W/lat-ts" "$W/lat-edge"
read -r ts50 ts99 tsmax <<< "$(percentiles "$W/lat-ts")"
read -r e50 e99 emax <<< "$(percentiles "$W/lat-edge")"

ticks=$(getconf CLK_TCK)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
echo "load ${secs} s, $PORTS ports toggling every 50 ms:"
echo "  hook edges injected: $edges; events expected: $edges (one per edge)"
echo "  events received: $got ($kinds_line)"
printf '  events/s delivered: %s\n' \
	"$(awk -v n="$got" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')"
echo "  lost: $((edges - got > 0 ? edges - got : 0)) (expected minus received), ENOBUFS overruns: $overruns"
echo "  latency event timestamp -> receipt (us): p50 $(us "$ts50") p99 $(us "$ts99") max $(us "$tsmax")"
echo "  latency hook edge -> off-hook receipt (us, includes the 2 ms debounce): p50 $(us "$e50") p99 $(us "$e99") max $(us "$emax")"
if [ "$got" -gt 0 ]; then
	printf '  CPU per event: %s us whole VM (all CPUs, incl. injection), %s us in the listener\n' \
		"$(awk -v t="$((busy1 - busy0))" -v hz="$ticks" -v n="$got" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')" \
		"$(awk -v t="$((mon_cpu1 - mon_cpu0))" -v hz="$ticks" -v n="$got" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')"
fi
grep '^fxsnl:' "$W/events" | sed 's/^/  monitor: /'
exit 0
