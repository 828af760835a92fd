#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# usbexp-gadget.sh: plug emulated FXS port expanders into a USB bus.
#
#   usbexp-gadget.sh up NAME SERIAL UDC [EMU_OPTION...]
#	Make configfs gadget NAME (1209:0001, serial SERIAL; "-" for none)
#	with one FunctionFS function, start usbexp-emu on it with the given
#	options, and bind it to UDC (e.g. dummy_udc.0): the host enumerates
#	it.  Run state lives in /run/usbexp/NAME: ctl (the emulator's command
#	FIFO), log (its output), pid.
#   usbexp-gadget.sh unplug NAME	unbind from the UDC (cable out)
#   usbexp-gadget.sh plug NAME	bind again to the UDC given to "up"
#   usbexp-gadget.sh cmd NAME COMMAND...	send one emulator command
#   usbexp-gadget.sh down NAME	unplug, stop the emulator, remove all
#
# Needs configfs at /sys/kernel/config and libcomposite, usb_f_fs and a
# UDC driver (dummy_hcd) loaded.  USBEXP_EMU overrides the emulator path
# (default: $FXS_BUILD/tools/usbexp-emu, else build/tools/usbexp-emu).
set -eu

top=$(cd "$(dirname "$0")/../../.." && pwd)
emu=${USBEXP_EMU:-${FXS_BUILD:-$top/build}/tools/usbexp-emu}
cfs=/sys/kernel/config/usb_gadget
# wait_for: polls bounded by wall-clock time.
# shellcheck source=../../lib/poll.sh
. "$top/tests/lib/poll.sh"

die() {
	echo "usbexp-gadget: $*" >&2
	exit 1
}

[ $# -ge 2 ] || die "usage: see the header of $0"
verb=$1
name=$2
shift 2
g=$cfs/$name
run=/run/usbexp/$name

up() {
	local serial=$1 udc=$2 deadline
	shift 2
	[ -x "$emu" ] || die "no emulator at $emu (make tools)"
	[ -d "$cfs" ] || die "configfs gadget tree $cfs missing"
	[ -e "$g" ] && die "gadget $name exists"
	mkdir -p "$run/ffs"
	rm -f "$run/ctl" "$run/log" "$run/pid"
	mkfifo "$run/ctl"

	mkdir "$g"
	echo 0x1209 > "$g/idVendor"
	echo 0x0001 > "$g/idProduct"
	echo 0x0100 > "$g/bcdDevice"
	echo 0x0200 > "$g/bcdUSB"
	mkdir "$g/strings/0x409"
	[ "$serial" = - ] || echo "$serial" > "$g/strings/0x409/serialnumber"
	echo "pid.codes test" > "$g/strings/0x409/manufacturer"
	echo "FXS port expander (emulated)" > "$g/strings/0x409/product"
	mkdir "$g/configs/c.1"
	mkdir "$g/configs/c.1/strings/0x409"
	echo "FXS" > "$g/configs/c.1/strings/0x409/configuration"
	echo 100 > "$g/configs/c.1/MaxPower"
	mkdir "$g/functions/ffs.$name"
	ln -s "$g/functions/ffs.$name" "$g/configs/c.1/"
	mount -t functionfs "$name" "$run/ffs"

	# The emulator must have written its descriptors before the UDC is
	# bound, or the bind fails: wait for its "ready".
	"$emu" -f "$run/ffs" -c "$run/ctl" -u "$g/UDC" "$@" \
		> "$run/log" 2>&1 &
	echo $! > "$run/pid"
	echo "$udc" > "$run/udc"
	# A slow (emulated, shared) CPU can take seconds: allow a minute.
	wait_for 60 emu_settled || die "emulator not ready"
	grep -q '^ready$' "$run/log" || die "emulator died: $(cat "$run/log")"
	echo "$udc" > "$g/UDC"
}

# emu_settled: the emulator is ready, or has died.
emu_settled() {
	grep -q '^ready$' "$run/log" && return 0
	! kill -0 "$(cat "$run/pid")" 2>/dev/null
}

pid_gone() {
	! kill -0 "$1" 2>/dev/null
}

unplug() {
	[ -e "$g/UDC" ] || return 0
	# Reading back "" means not bound; writing "" then fails: skip it.
	if [ -n "$(cat "$g/UDC")" ]; then
		echo "" > "$g/UDC"
	fi
}

down() {
	local pid
	[ -e "$g" ] && unplug
	if [ -f "$run/pid" ]; then
		pid=$(cat "$run/pid")
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		# Not our child when "down" runs from another shell: poll.
		wait_for 3 pid_gone "$pid" || true
	fi
	mountpoint -q "$run/ffs" && umount "$run/ffs"
	if [ -e "$g" ]; then
		rm -f "$g/configs/c.1/ffs.$name"
		rmdir "$g/configs/c.1/strings/0x409" "$g/configs/c.1" \
			"$g/functions/ffs.$name" "$g/strings/0x409" "$g"
	fi
	rm -rf "$run"
}

case "$verb" in
up)
	[ $# -ge 2 ] || die "usage: up NAME SERIAL UDC [EMU_OPTION...]"
	up "$@"
	;;
unplug)
	unplug
	;;
plug)
	cat "$run/udc" > "$g/UDC"
	;;
cmd)
	[ -p "$run/ctl" ] || die "no emulator running for $name"
	# Opening a FIFO nobody reads blocks: never write to a dead emulator.
	kill -0 "$(cat "$run/pid")" 2>/dev/null ||
		die "emulator $name died: $(tail -n 5 "$run/log")"
	timeout 10 sh -c 'echo "$1" > "$2"' sh "$*" "$run/ctl" ||
		die "emulator $name does not read commands"
	;;
down)
	down
	;;
*)
	die "unknown verb $verb"
	;;
esac
