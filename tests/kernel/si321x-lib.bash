# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for the Si3210/Si3215 tests (tests/kernel/si321x-*.sh), run inside
# the VM against the emulated chip of tests/kmod/si321x_emu.c.  Source it;
# it sources tests/vm/lib.sh.  Not a test itself (no .sh suffix).
#
# si_begin		load fxs, fxs_si321x and si321x_emu; arm cleanup
# si_end		remove the device, unload what si_begin loaded
# si_config KEY VALUE	set an emulator knob for the next device
#			(identity, compatible, irq, label, ring_frequency_hz,
#			ring_voltage_microvolt)
# si_add / si_remove	plug or unplug the emulated chip
# si_spidev		the SPI device name (spi0.0)
# si_port		the fxs port name the driver gives it by default
# si_reg N		direct register N of the chip, as 0xNN
# si_ind N		indirect register N (chip address), as 0xNNNN
# si_stat NAME		an emulator counter (accesses, cs_errors, irqs, ...)
# si_hook 0|1		put the handset on (0) or off (1) hook
# si_alarm		raise a power alarm
# si_monitor_start FILE	tests/lib/monitor.sh's monitor_start
# si_monitor_stop		and monitor_stop

# shellcheck source=../vm/lib.sh
. "$FXS_PROJECT/tests/vm/lib.sh"

EMU=/sys/kernel/debug/si321x_emu
SI_DRV=/sys/bus/spi/drivers/fxs_si321x
SI_BG_PIDS=""

si_begin() {
	mountpoint -q /sys/kernel/debug ||
		mount -t debugfs none /sys/kernel/debug
	trap si_end EXIT
	modprobe fxs && modprobe fxs_si321x && modprobe si321x_emu
}

si_end() {
	local p
	for p in $SI_BG_PIDS $SI_MON_PID; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	SI_BG_PIDS=""
		[ -e "$EMU/device" ] && echo remove > "$EMU/device"
	module_loaded si321x_emu && rmmod si321x_emu
	fxs_unload_all
}

si_config() {
	echo "$2" > "$EMU/$1"
}

# Debian builds spidev in, and the 6.12 spidev claims "si3210" devices
# too: take such a device back the way an administrator would.
si_add() {
	local dev
	echo add > "$EMU/device" || return 1
	dev=$(si_spidev)
	if [ -e "/sys/bus/spi/drivers/spidev/$dev" ]; then
		diag "spidev took $dev; handing it to fxs_si321x"
		echo fxs_si321x > "/sys/bus/spi/devices/$dev/driver_override"
		echo "$dev" > /sys/bus/spi/drivers/spidev/unbind
		echo "$dev" > "$SI_DRV/bind" 2>/dev/null
	fi
	return 0
}

si_remove() {
	echo remove > "$EMU/device"
}

si_spidev() {
	sed -n 's/^present //p' "$EMU/device"
}

si_port() {
	echo "si321x-$(si_spidev)"
}

si_bound() {
	[ -e "/sys/bus/spi/devices/$(si_spidev)/driver" ]
}

si_reg() {
	awk -v r="$1" '$1 == r { print $2 }' "$EMU/direct"
}

si_ind() {
	awk -v r="$1" '$1 == r { print $2 }' "$EMU/indirect"
}

si_stat() {
	awk -v k="$1" '$1 == k { print $2 }' "$EMU/stats"
}

si_hook() {
	echo "$1" > "$EMU/hook"
}

si_alarm() {
	echo 1 > "$EMU/power_alarm"
}

# si_reg_is N VALUE: for wait_for
si_reg_is() {
	[ "$(si_reg "$1")" = "$2" ]
}

si_port_attr() {
	cat "/sys/class/fxs/$1/$2"
}

si_port_attr_is() {
	[ "$(cat "/sys/class/fxs/$1/$2" 2>/dev/null)" = "$3" ]
}

si_monitor_start() {
	monitor_start "$1"
}

si_monitor_stop() {
	monitor_stop
}

# si_event_seen FILE EVENT PORT: an event line for the port is in FILE
si_event_seen() {
	grep -q "^event=$2 .*name=$3 " "$1"
}

# si_probe_failed: the device exists, no driver took it
si_probe_failed() {
	[ -n "$(si_spidev)" ] && ! si_bound
}
