#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Linefeed and ring requests made over netlink reach the right registers
# of the emulated chip: register 64 for the linefeed and ringing state,
# the ring oscillator (indirect RCO and RNGX, direct VBATH 74) from the
# ring properties, at the Si3210 or Si3215 indirect addresses.  The
# expected coefficients are computed here from the data sheet's equations,
# in floating point, independently of the driver's fixed point.  Ring trip
# (going off hook while ringing) ends ringing and reports off hook.
. "$FXS_PROJECT/tests/kernel/si321x-lib.bash"

si_begin || { not_ok "modules load"; exit 1; }
mon=$(mktemp)

# coefs HZ MICROVOLT: "RCO RNGX VBATH" as the data sheet computes them
coefs() {
	python3 - "$1" "$2" <<'EOF'
import math, sys
hz, uv = int(sys.argv[1]), int(sys.argv[2])
c = math.cos(2 * math.pi * hz / 1000)
rco = math.floor(c * 2 ** 15)
rngx = math.floor(0.25 * math.sqrt((1 - c) / (1 + c)) * uv / 96e6 * (2 ** 15 - 1))
vbath = min(0x3f, math.ceil(max(75e6, uv + 10e6) / 1.5e6))
print(rco, rngx, vbath)
EOF
}

# near GOT_HEX WANT_DEC: within one unit of fixed-point rounding
near() {
	local got=$(($1))
	[ "$got" -ge $(($2 - 1)) ] && [ "$got" -le $(($2 + 1)) ]
}

# linefeeds PORT: each linefeed setting and its register 64 value
linefeeds() {
	local port=$1 lf want
	for lf in reverse-active:0x55 forward-oht:0x22 reverse-oht:0x66 \
		  open:0x00 forward-active:0x11; do
		want=${lf#*:}
		lf=${lf%:*}
		fxs_set "$port" linefeed="$lf"
		check "$chip: linefeed $lf is register 64 $want" \
			wait_for 5 si_reg_is 64 "$want"
	done
}

for setting in si3210:20:70000000 si3215:25:80000000; do
	IFS=: read -r chip hz uv <<< "$setting"
	si_config identity "$chip"
	si_config compatible "$chip"
	si_config irq 1
	si_config ring_frequency_hz "$hz"
	si_config ring_voltage_microvolt "$uv"
	si_add
	check "$chip: bound" wait_for 20 si_bound
	port=$(si_port)

	read -r rco rngx vbath <<< "$(coefs "$hz" "$uv")"
	if [ "$chip" = si3210 ]; then
		rco_at=20 rngx_at=21
	else
		rco_at=7 rngx_at=8	# Si3215 addresses (DAHDI's table)
	fi
	got=$(si_ind $rco_at)
	check "$chip: $hz Hz: RCO at indirect $rco_at is $rco (got $((got)))" \
		near "$got" "$rco"
	got=$(si_ind $rngx_at)
	check "$chip: $uv uV: RNGX at indirect $rngx_at is $rngx (got $((got)))" \
		near "$got" "$rngx"
	is "$chip: VBATH (reg 74)" "$(($(si_reg 74)))" "$vbath"
	is "$chip: ring oscillator timers off, the core cadences (reg 34)" \
		"$(si_reg 34)" 0x00

	linefeeds "$port"

	writes=$(si_stat ring_writes)
	fxs_set "$port" ring=on
	check "$chip: ring on puts the line in ringing (reg 64 0x44)" \
		wait_for 10 si_reg_is 64 0x44
	check "$chip: sysfs ringing" wait_for 5 si_port_attr_is "$port" ringing 1
	check "$chip: ringing written to the chip" \
		test "$(si_stat ring_writes)" -gt "$writes"
	fxs_set "$port" ring=off
	check "$chip: ring off restores forward active (reg 64 0x11)" \
		wait_for 10 si_reg_is 64 0x11
	check "$chip: sysfs not ringing" wait_for 5 si_port_attr_is "$port" ringing 0

	# Ring trip: the handset answers while ringing
	si_monitor_start "$mon" || not_ok "$chip: monitor subscribed"
	fxs_set "$port" ring=on
	check "$chip: ringing again" wait_for 10 si_reg_is 64 0x44
	si_hook 1
	check "$chip: ring trip reported off hook" \
		wait_for 10 si_event_seen "$mon" offhook "$port"
	check "$chip: ringing stops after the trip" \
		wait_for 10 si_port_attr_is "$port" ringing 0
	check "$chip: line active after the trip (reg 64 0x11)" \
		wait_for 10 si_reg_is 64 0x11
	si_monitor_stop
	si_hook 0
	si_remove
done

si_config ring_frequency_hz 0
si_config ring_voltage_microvolt 0
rm -f "$mon"
si_end
tap_done
