# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for the USB expander tests (tests/kernel/usb-*.sh) and benchmark
# (bench/usb-*.sh), run inside the VM.  Source it; it sources
# tests/vm/lib.sh.  Not a test itself (no .sh suffix).
#
# usb_begin NUM_UDC	load dummy_hcd (NUM_UDC buses), libcomposite and
#			FunctionFS; remember what was loaded before
# usb_end		unplug every emulated expander, stop udevd, unload
#			everything usb_begin and udev loaded
# exp_up NAME SERIAL UDC_INDEX [EMU_OPTION...]	plug an emulated expander
# exp_cmd NAME COMMAND...	send a command to its emulator
# exp_log NAME		its emulator's output

# shellcheck source=../vm/lib.sh
. "$FXS_PROJECT/tests/vm/lib.sh"

GADGET=$FXS_PROJECT/tests/tools/usbexp-emu/usbexp-gadget.sh
export USBEXP_EMU=$FXS_BUILD/tools/usbexp-emu
DBG=/sys/kernel/debug/fxs_usb
USB_MODULES="fxs_usb fxs usb_f_fs libcomposite dummy_hcd udc_core"
USB_BEFORE=""

usb_begin() {
	local n=$1
	USB_BEFORE=$(cut -d' ' -f1 /proc/modules | sort)
	modprobe configfs
	mountpoint -q /sys/kernel/config ||
		mount -t configfs none /sys/kernel/config
	mountpoint -q /sys/kernel/debug ||
		mount -t debugfs none /sys/kernel/debug
	modprobe dummy_hcd num="$n" || return 1
	modprobe libcomposite || return 1
	modprobe usb_f_fs || return 1
	await 30 test -e /sys/class/udc/dummy_udc.$((n - 1))
}

usb_end() {
	local g m
	for g in /run/usbexp/*; do
		[ -d "$g" ] && "$GADGET" down "$(basename "$g")"
	done
	udev_stop
	for m in $USB_MODULES; do
		module_loaded "$m" || continue
		echo "$USB_BEFORE" | grep -qx "$m" && continue
		rmmod "$m" || diag "cannot unload $m"
	done
	return 0
}

# The VM is as usb_begin found it: no gadget, no module of ours, no udevd.
usb_clean() {
	local m
	[ -z "$(ls /sys/kernel/config/usb_gadget 2>/dev/null)" ] || return 1
	pgrep -x systemd-udevd > /dev/null && return 1
	for m in $USB_MODULES; do
		if module_loaded "$m" && ! echo "$USB_BEFORE" | grep -qx "$m"
		then
			return 1
		fi
	done
	return 0
}

exp_up() {
	local name=$1 serial=$2 udc=$3
	shift 3
	"$GADGET" up "$name" "$serial" "dummy_udc.$udc" "$@"
}

exp_cmd() {
	local name=$1
	shift
	"$GADGET" cmd "$name" "$@"
}

exp_log() {
	cat "/run/usbexp/$1/log"
}

exp_unplug() {
	"$GADGET" unplug "$1"
}

exp_plug() {
	"$GADGET" plug "$1"
}

exp_down() {
	"$GADGET" down "$1"
}

# await: the old name of wait_for (tests/lib/poll.sh).
await() {
	wait_for "$@"
}

port_exists() {
	[ -e "/sys/class/fxs/$1" ]
}

port_gone() {
	[ ! -e "/sys/class/fxs/$1" ]
}

port_attr() {
	cat "/sys/class/fxs/$1/$2"
}

# A counter from the driver's debugfs statistics of expander SERIAL.
exp_stat() {
	sed -n "s/^$2 //p" "$DBG/$1/stats" 2>/dev/null
}

# stat_above SERIAL KEY N: the counter is greater than N.
stat_above() {
	local v
	v=$(exp_stat "$1" "$2")
	[ -n "$v" ] && [ "$v" -gt "$3" ]
}

log_has() {
	grep -q -- "$2" "$1"
}

# monitor_start, monitor_stop (tests/lib/monitor.sh) and no_oops_since
# (tests/lib/kernel-log.sh) come with tests/vm/lib.sh.
