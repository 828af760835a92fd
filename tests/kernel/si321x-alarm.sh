#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Power alarms: the emulated chip opens the line itself, as the real one
# does with automatic power alarm detection.  The driver restores the
# linefeed and shows a fault, ten times (DAHDI's budget); the eleventh
# alarm leaves the line open, with a fault that says so, and the driver
# stops touching the chip.  The fault clears once the alarms are forgiven
# (one every ten seconds; the test sets the interval through the
# module parameter so a slow VM cannot race it).  Both with the interrupt
# and polled.
. "$FXS_PROJECT/tests/kernel/si321x-lib.bash"

si_begin || { not_ok "modules load"; exit 1; }
forgive=/sys/module/fxs_si321x/parameters/alarm_forgive_ms
is "forgiveness interval defaults to DAHDI's 10 s" "$(cat "$forgive")" 10000

# recover MODE N: alarm number N is recovered
recover() {
	si_alarm
	wait_for 10 si_reg_is 64 0x11 && \
		si_port_attr_is "$port" fault "power alarm"
}

for mode in irq polled; do
	si_config identity si3210
	si_config compatible si3210
	if [ "$mode" = irq ]; then
		si_config irq 1
		echo 600000 > "$forgive"	# none forgiven during the test
	else
		si_config irq 0
		echo 8000 > "$forgive"
	fi
	si_add
	check "$mode: bound" wait_for 20 si_bound
	port=$(si_port)
	is "$mode: no fault at first" "$(si_port_attr "$port" fault)" ""

	# The driver logs alarms with dev_warn_ratelimited (10 lines per 5 s
	# per call site): the irq run's ten alarms leave no budget for the
	# polled run's first line unless that window has passed.
	if [ -n "${alarm1_at:-}" ] && [ $((SECONDS - alarm1_at)) -lt 6 ]; then
		sleep $((6 - (SECONDS - alarm1_at)))
	fi
	alarm1_at=$SECONDS
	mark=$(dmesg_mark)
	si_alarm
	check "$mode: alarm 1: linefeed restored (reg 64 0x11)" \
		wait_for 10 si_reg_is 64 0x11
	check "$mode: alarm 1: fault shown" \
		wait_for 5 si_port_attr_is "$port" fault "power alarm"
	check "$mode: alarm 1: logged" \
		grep -q "power alarm 1 of 10: linefeed restored" <<< "$(dmesg_since "$mark")"
	check "$mode: fault in netlink dump" \
		grep -q "name=$port .*fault=power%20alarm" <<< "$(fxs_dump)"

	if [ "$mode" = polled ]; then
		# Forgiveness: one alarm, one interval, fault gone
		check "$mode: fault cleared once the alarm is forgiven" \
			wait_for 20 si_port_attr_is "$port" fault ""
		si_remove
		continue
	fi

	n=2
	while [ "$n" -le 10 ] && recover irq "$n"; do
		n=$((n + 1))
	done
	is "$mode: alarms 2 to 10 recovered" "$n" 11

	si_alarm
	check "$mode: alarm 11: fault says the line is left open" \
		wait_for 10 si_port_attr_is "$port" fault \
		"power alarm: too many, line left open"
	check "$mode: alarm 11: logged" \
		grep -q "power alarm budget (10) exhausted" <<< "$(dmesg_since "$mark")"
	sleep 1
	is "$mode: alarm 11: line stays open (reg 64)" "$(si_reg 64)" 0x00
	is "$mode: power alarm interrupts off (reg 22)" "$(si_reg 22)" 0x03

	# Locked out: alarms and requests do not reach the chip
	accesses=$(si_stat accesses)
	si_alarm
	si_alarm
	fxs_set "$port" linefeed=reverse-active 2>/dev/null
	sleep 1
	is "$mode: locked out: line still open (reg 64)" "$(si_reg 64)" 0x00
	is "$mode: locked out: no bus access for alarms or requests" \
		"$(si_stat accesses)" "$accesses"

	# A rebind re-arms the driver
	dev=$(si_spidev)
	echo "$dev" > "$SI_DRV/unbind"
	echo "$dev" > "$SI_DRV/bind"
	check "$mode: rebound" wait_for 20 si_bound
	check "$mode: rebind: line active again (reg 64 0x11)" \
		wait_for 10 si_reg_is 64 0x11
	check "$mode: rebind: no fault" \
		wait_for 5 si_port_attr_is "$port" fault ""
	si_remove
done

si_end
tap_done
