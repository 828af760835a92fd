#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench: vm
#
# USB expander figures, on dummy_hcd inside the VM (run by bench/run via
# tests/vm/vm-run; TCG, so absolute values are those of an emulated CPU):
#  1. latency from a hook change on the emulated device to the netlink
#     event reaching a listener (p50/p99), split into USB transport
#     (device -> the core's raw edge, hook_since) and the rest (the core's
#     1 ms debounce and netlink delivery);
#  2. raw reports/s the driver takes from 2 expanders with none lost;
#  3. hook events/s across 2 expanders x 16 ports, and how many were lost.
# Prints figures only; asserts nothing about speed.

# shellcheck source=../tests/kernel/usb-lib.bash
. "$FXS_PROJECT/tests/kernel/usb-lib.bash"

N_LAT=${USB_BENCH_LATENCY_SAMPLES:-200}
N_RAW=${USB_BENCH_RAW_CHANGES:-20000}
N_EV=${USB_BENCH_EVENT_CHANGES:-2000}
EV_RATE=${USB_BENCH_EVENT_RATE:-400}

tmp=$(mktemp -d)
trap 'monitor_stop; usb_end; rm -rf "$tmp"' EXIT

usb_begin 2 || { echo "usb-latency: no dummy_hcd"; exit 1; }
modprobe fxs_usb || exit 1
exp_up a BENCHA 0 -n 16 -t || exit 1
exp_up b BENCHB 1 -n 16 -t || exit 1
await 60 port_exists exp-BENCHA-16 || { echo "no ports"; exit 1; }
await 60 port_exists exp-BENCHB-16 || { echo "no ports"; exit 1; }

# The shortest timing the core accepts, so each edge is one event soon.
for e in A B; do
	for n in $(seq 16); do
		fxs_set "exp-BENCH$e-$n" timing.debounce_ms=1 \
			timing.pulse_break_max_ms=10 timing.flash_min_ms=10 \
			timing.interdigit_ms=10 timing.flash_max_ms=20 || exit 1
	done
done

# percentiles FILE: "p50 p99 max" of a column of numbers (ns) in us.
percentiles() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		END {
			if (!NR) { print "none"; exit }
			i50 = int(NR * 0.50); if (i50 < 1) i50 = 1
			i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
			printf "p50 %.0f us, p99 %.0f us, max %.0f us (%d samples)\n",
				v[i50] / 1000, v[i99] / 1000, v[NR] / 1000, NR
		}'
}

# 1. Latency: port 1 of A goes off hook, the listener sees it; then back.
echo "# latency: $N_LAT off-hook changes on one port"
monitor_start "$tmp/lat.mon"
for i in $(seq "$N_LAT"); do
	exp_cmd a offhook 1
	await 5 eval "[ \$(grep -c '^event=offhook .*name=exp-BENCHA-1 ' \
		$tmp/lat.mon) -ge $i ]"
	sleep 0.03
	exp_cmd a onhook 1
	sleep 0.05
done
sleep 1
monitor_stop
# Pair the n-th off-hook stamp of the device with the n-th event.
grep '^hook 0x00000001 ' /run/usbexp/a/log | awk '{ print $6 }' \
	> "$tmp/t0"
grep "^event=offhook .*name=exp-BENCHA-1 " "$tmp/lat.mon" |
	sed -E 's/.* hook_since=([0-9]+).* ts=([0-9]+).* rx=([0-9]+).*/\1 \2 \3/' \
	> "$tmp/ev"
paste -d' ' "$tmp/t0" "$tmp/ev" | awk 'NF == 4 {
		print $4 - $1 > "'"$tmp"'/total"
		print $2 - $1 > "'"$tmp"'/usb"
		print $4 - $3 > "'"$tmp"'/deliver"
	}'
echo "hook change -> netlink event received: $(percentiles "$tmp/total")"
echo "  of which device -> core raw edge (USB, fxs_usb): $(percentiles "$tmp/usb")"
echo "  of which event decided -> received (netlink): $(percentiles "$tmp/deliver")"

# 2. Raw reports: both expanders toggle as fast as the host polls.
echo "# raw reports: $N_RAW hook changes per expander, unpaced"
ra=$(exp_stat BENCHA reports)
rb=$(exp_stat BENCHB reports)
ga=$(exp_stat BENCHA lost)
gb=$(exp_stat BENCHB lost)
t0=$(date +%s%N)
exp_cmd a burst "$N_RAW"
exp_cmd b burst "$N_RAW"
await 600 eval "grep -q '^burst done' /run/usbexp/a/log &&
	grep -q '^burst done' /run/usbexp/b/log"
# Reports still queued on the device drain within a few polls.
sleep 1
t1=$(date +%s%N)
ra=$(( $(exp_stat BENCHA reports) - ra ))
rb=$(( $(exp_stat BENCHB reports) - rb ))
lost=$(( $(exp_stat BENCHA lost) - ga + $(exp_stat BENCHB lost) - gb ))
echo "reports received: $((ra + rb)) of $((2 * N_RAW)) sent, lost (sequence gaps) $lost"
echo "$(grep '^burst done' /run/usbexp/a/log | tail -n 1) (A)"
echo "$(grep '^burst done' /run/usbexp/b/log | tail -n 1) (B)"
echo "raw reports/s (2 expanders): $(( (ra + rb) * 1000000000 / (t1 - t0) ))"
# Leave every port on hook, and let the core settle, before part 3.
exp_cmd a hooks 0
exp_cmd b hooks 0
sleep 2

# 3. Events: paced so that each edge is a whole off-hook or hang-up.
echo "# events: $N_EV changes per expander at $EV_RATE/s, 16 ports each"
monitor_start "$tmp/ev.mon" --rcvbuf 8388608
exp_cmd a burst "$N_EV" "$EV_RATE"
exp_cmd b burst "$N_EV" "$EV_RATE"
await 600 eval "[ \$(grep -c '^burst done' /run/usbexp/a/log) -ge 2 ] &&
	[ \$(grep -c '^burst done' /run/usbexp/b/log) -ge 2 ]"
sleep 2
monitor_stop
grep -E '^event=(offhook|onhook) .*name=exp-BENCH' "$tmp/ev.mon" |
	sed -E 's/.* rx=([0-9]+).*/\1/' | sort -n > "$tmp/rx"
got=$(wc -l < "$tmp/rx")
other=$(grep -c -E '^event=(flash|digit) ' "$tmp/ev.mon")
overruns=$(grep -c '^overrun' "$tmp/ev.mon")
span=$(( $(tail -n 1 "$tmp/rx") - $(head -n 1 "$tmp/rx") ))
echo "events received: $got of $((2 * N_EV)) expected, lost $((2 * N_EV - got))"
echo "  (flash/digit events: $other, listener overruns: $overruns)"
[ "$span" -gt 0 ] &&
	echo "events/s (2 expanders x 16 ports): $(( got * 1000000000 / span ))"
echo "driver counters A: $(tr '\n' ' ' < "$DBG/BENCHA/stats")"
echo "driver counters B: $(tr '\n' ' ' < "$DBG/BENCHB/stats")"
exit 0
