#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# 100 unbind/bind cycles of fxs_si321x while the handset keeps going on
# and off hook (interrupts and hook events in flight) and a netlink
# listener is subscribed; then 20 more polled, while ringing.  The kernel
# must stay clean (no warning, no oops, no lockdep report), every bind
# must succeed, the port must come back, and hook events must still flow.
. "$FXS_PROJECT/tests/kernel/si321x-lib.bash"

si_begin || { not_ok "modules load"; exit 1; }
mon=$(mktemp)

# The handset: on and off hook every few milliseconds, until killed
toggler() {
	while :; do
		echo 1 > "$EMU/hook"
		sleep 0.01
		echo 0 > "$EMU/hook"
		sleep 0.01
	done
}

# cycles MODE COUNT [ring]: unbind/bind COUNT times, counting failures
cycles() {
	local mode=$1 count=$2 ring=${3:-} bad=0 dev port _
	dev=$(si_spidev)
	port=$(si_port)
	for _ in $(seq 1 "$count"); do
		[ -n "$ring" ] && fxs_set "$port" ring=on 2>/dev/null
		echo "$dev" > "$SI_DRV/unbind" || bad=$((bad + 1))
		echo "$dev" > "$SI_DRV/bind" || bad=$((bad + 1))
		si_bound || bad=$((bad + 1))
	done
	is "$mode: $count unbind/bind cycles without a failure" "$bad" 0
	check "$mode: port back after the cycles" \
		wait_for 10 test -d "/sys/class/fxs/$port"
}

mark=$(dmesg_mark)
si_config identity si3215
si_config compatible si3215
si_config irq 1
si_add
check "irq: bound" wait_for 20 si_bound
port=$(si_port)
si_monitor_start "$mon" || not_ok "monitor subscribed"
toggler &
toggler_pid=$!
SI_BG_PIDS=$toggler_pid
irqs=$(si_stat irqs)
cycles irq 100
check "irq: interrupts were in flight during the cycles" \
	test "$(si_stat irqs)" -gt "$irqs"
check "irq: port added and removed events seen" \
	grep -q "^event=port_removed .*name=$port " "$mon"
kill "$toggler_pid" 2>/dev/null
wait "$toggler_pid" 2>/dev/null
SI_BG_PIDS=""
# On hook for longer than the longest flash (1250 ms by default), so
# that lifting the handset again is an off-hook, not a flash.
si_hook 0
sleep 2
: > "$mon"
si_hook 1
if ! check "irq: hook events still flow after the cycles" \
	wait_for 10 si_event_seen "$mon" offhook "$port"; then
	diag "emulator: $(tr '\n' ' ' < "$EMU/stats")"
	diag "status/enable 18-23: $(for r in 18 19 20 21 22 23; do printf '%s ' "$(si_reg $r)"; done)"
	diag "core hook state: $(si_port_attr "$port" hook 2>&1)"
	diag "interrupts: $(grep -i si321x /proc/interrupts | tr -s ' ')"
	diag "monitor tail: $(tail -n 3 "$mon" | tr -d '\0' | tr '\n' '|')"
	dmesg | tail -n 15 | sed 's/^/# dmesg: /'
fi
si_hook 0
si_monitor_stop
si_remove

si_config irq 0
si_add
check "polled: bound" wait_for 20 si_bound
toggler &
toggler_pid=$!
SI_BG_PIDS=$toggler_pid
cycles polled 20 ring
kill "$toggler_pid" 2>/dev/null
wait "$toggler_pid" 2>/dev/null
SI_BG_PIDS=""
si_hook 0
si_remove

check "kernel log clean (no WARNING, BUG, Oops, lockdep)" \
	bash -c "! dmesg | tail -n +$((mark + 1)) | grep -E 'WARNING|BUG|Oops|circular locking|possible recursive|use-after-free'"
is "bus protocol kept under stress (cs errors)" "$(si_stat cs_errors)" 0

rm -f "$mon"
si_end
check "modules unload after the cycles" \
	bash -c '! grep -qE "^(fxs|fxs_si321x|si321x_emu) " /proc/modules'
tap_done
