#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fxs_si321x binds to an emulated Si3210 and Si3215 through its SPI id and
# software node, brings the chip up as the data sheet says, reports it in
# sysfs and the log, registers one port, and leaves the chip safe when the
# device goes.  Also: the label property names the port, bad properties
# are refused.
. "$FXS_PROJECT/tests/kernel/si321x-lib.bash"

si_begin || { not_ok "modules load"; exit 1; }

for chip in si3210 si3215; do
	name=Si${chip#si}
	si_config identity "$chip"
	si_config compatible "$chip"
	si_config irq 1
	mark=$(dmesg_mark)
	si_add
	port=$(si_port)
	check "$chip: driver bound" wait_for 20 si_bound
	check "$chip: port $port registered" wait_for 10 test -d "/sys/class/fxs/$port"
	dev=/sys/bus/spi/devices/$(si_spidev)
	is "$chip: sysfs chip" "$(cat "$dev/chip" 2>/dev/null)" "$name"
	is "$chip: sysfs revision" "$(cat "$dev/revision" 2>/dev/null)" 5
	is "$chip: sysfs hook_detection" "$(cat "$dev/hook_detection" 2>/dev/null)" irq
	check "$chip: log names chip and revision" \
		grep -q "$name revision 5" <<< "$(dmesg_since "$mark")"
	is "$chip: port location" "$(si_port_attr "$port" location)" builtin
	is "$chip: port driver" "$(si_port_attr "$port" driver)" fxs_si321x
	check "$chip: port in netlink dump" \
		grep -q "^port .*name=$port .*driver=fxs_si321x" <<< "$(fxs_dump)"

	# The bus protocol the chip needs, checked by the emulator
	is "$chip: every byte in its own chip select" "$(si_stat cs_errors)" 0
	is "$chip: always SPI mode 3" "$(si_stat mode_errors)" 0

	# Bring-up left its marks in the registers
	is "$chip: DC-DC converter on (reg 14)" "$(si_reg 14)" 0x00
	is "$chip: calibration done (reg 96)" "$(si_reg 96)" 0x00
	is "$chip: forward active, LFS follows (reg 64)" "$(si_reg 64)" 0x11
	is "$chip: loop, ring trip, power alarm interrupts (reg 22)" \
		"$(si_reg 22)" 0xff
	is "$chip: automatic power alarm and ring trip (reg 67)" \
		"$(si_reg 67)" 0x07
	# Ring trip threshold: Si3210 indirect 29, Si3215 address 16 (DAHDI)
	if [ "$chip" = si3210 ]; then
		is "$chip: indirect 29 RPTP" "$(si_ind 29)" 0x3600
		is "$chip: indirect 42 DCDC_XTRA" "$(si_ind 42)" 0x1000
	else
		is "$chip: indirect 16 RPTP (Si3215 address)" "$(si_ind 16)" 0x3600
		is "$chip: nothing written at Si3210 address 29" "$(si_ind 29)" 0x0000
	fi
	check "$chip: nothing in the log went wrong" \
		bash -c "! dmesg | tail -n +$((mark + 1)) | grep -qE 'BUG|WARNING|Oops|error'"

	si_remove
	check "$chip: port gone with the device" \
		wait_for 10 test ! -e "/sys/class/fxs/$port"
	is "$chip: line left open on unbind (reg 64)" "$(si_reg 64)" 0x00
	is "$chip: DC-DC converter off on unbind (reg 14)" "$(si_reg 14)" 0x10
	is "$chip: interrupts off on unbind (reg 22)" "$(si_reg 22)" 0x00
done

# A label names the port
si_config identity si3215
si_config compatible si3215
si_config label phone7
si_add
check "label: port named by the label property" \
	wait_for 20 test -d /sys/class/fxs/phone7
si_remove

# A label that is no port name, and ring settings out of bounds, are refused
si_config label "bad name"
mark=$(dmesg_mark)
si_add
check "bad label: refused" si_probe_failed
check "bad label: log says why" \
	grep -q 'port name "bad name"' <<< "$(dmesg_since "$mark")"
si_remove
si_config label ""

si_config ring_frequency_hz 100
mark=$(dmesg_mark)
si_add
check "ring frequency 100 Hz: refused" si_probe_failed
check "ring frequency 100 Hz: log says why" \
	grep -q 'silabs,ring-frequency-hz 100 outside' <<< "$(dmesg_since "$mark")"
si_remove
si_config ring_frequency_hz 0

si_config ring_voltage_microvolt 120000000
mark=$(dmesg_mark)
si_add
check "ring voltage 120 V: refused" si_probe_failed
check "ring voltage 120 V: log says why" \
	grep -q 'silabs,ring-voltage-microvolt 120000 mV outside' <<< "$(dmesg_since "$mark")"
si_remove
si_config ring_voltage_microvolt 0

si_end
check "modules unloaded" bash -c '! grep -qE "^(fxs|fxs_si321x|si321x_emu) " /proc/modules'
tap_done
