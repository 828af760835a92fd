#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Hook changes of the emulated handset travel the whole path: loop closure
# in the chip, interrupt (or polling), fxs_si321x, the fxs core's timing,
# sysfs and netlink events seen by fxsnl monitor.  With an interrupt the
# driver does not touch the bus while nothing happens; without one it
# polls.
. "$FXS_PROJECT/tests/kernel/si321x-lib.bash"

si_begin || { not_ok "modules load"; exit 1; }
mon=$(mktemp)

# hook_path MODE: off hook then on hook, checked at every layer
hook_path() {
	local mode=$1 port irqs
	port=$(si_port)
	si_monitor_start "$mon" || { not_ok "$mode: monitor subscribed"; return; }
	irqs=$(si_stat irqs)

	si_hook 1
	check "$mode: chip sees the loop closed (reg 68)" \
		wait_for 5 si_reg_is 68 0x01
	check "$mode: offhook event on netlink" \
		wait_for 10 si_event_seen "$mon" offhook "$port"
	check "$mode: sysfs hook offhook" \
		wait_for 5 si_port_attr_is "$port" hook offhook
	si_hook 0
	check "$mode: onhook event on netlink" \
		wait_for 10 si_event_seen "$mon" onhook "$port"
	check "$mode: sysfs hook onhook" \
		wait_for 5 si_port_attr_is "$port" hook onhook
	si_monitor_stop
	grep -q '^event=' "$mon" ||
		diag "$mode: monitor output: $(tr '\n' '|' < "$mon" | cut -c1-600)"

	if [ "$mode" = irq ]; then
		check "irq: interrupts raised for the changes" \
			test "$(si_stat irqs)" -ge $((irqs + 2))
		is "irq: status cleared by the driver (reg 19)" \
			"$(si_reg 19)" 0x00
	else
		is "polled: no interrupt raised" "$(si_stat irqs)" "$irqs"
	fi
}

# bus_accesses_while_idle: accesses per second of a quiet second, by the
# clock (a loaded VM sleeps longer than asked)
bus_accesses_while_idle() {
	local before t0 t1
	sleep 0.5
	t0=$(date +%s%N)
	before=$(si_stat accesses)
	sleep 1
	t1=$(date +%s%N)
	echo $((($(si_stat accesses) - before) * 1000000000 / (t1 - t0)))
}

si_config identity si3215
si_config compatible si3215

si_config irq 1
si_add
check "irq: bound" wait_for 20 si_bound
is "irq: hook by interrupt" \
	"$(cat "/sys/bus/spi/devices/$(si_spidev)/hook_detection")" irq
hook_path irq
is "irq: no bus access while idle (no polling)" "$(bus_accesses_while_idle)" 0
si_remove

si_config irq 0
si_add
check "polled: bound" wait_for 20 si_bound
is "polled: hook by polling" \
	"$(cat "/sys/bus/spi/devices/$(si_spidev)/hook_detection")" polled
is "polled: no interrupt enabled in the chip (reg 22)" "$(si_reg 22)" 0x00
hook_path polled
n=$(bus_accesses_while_idle)
# Two reads per 10 ms sample: about 200 a second; a slow VM does fewer
check "polled: the driver polls (got $n accesses a second)" test "$n" -ge 20
check "polled: at most the documented rate (got $n a second)" test "$n" -le 220
si_remove

rm -f "$mon"
si_end
tap_done
