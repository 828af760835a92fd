#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Plug an emulated expander into dummy_hcd with systemd-udevd running:
# udev loads fxs_usb by modalias, the ports appear as expander ports with
# our udev properties, hook changes arrive as netlink events, ring and
# linefeed reach the device, and unplug/re-plug keeps the names.

# shellcheck source=usb-lib.bash
. "$FXS_PROJECT/tests/kernel/usb-lib.bash"

S=HOTPLUG01
P=exp-$S
tmp=$(mktemp -d)
trap 'monitor_stop; usb_end; rm -rf "$tmp"' EXIT
mark=$(dmesg_mark)

check "dummy_hcd, libcomposite and FunctionFS load" usb_begin 1
check "fxs_usb is not loaded before the expander is plugged" \
	eval '! module_loaded fxs_usb'
check "systemd-udevd starts" udev_start

check "the emulated expander enumerates" exp_up e1 "$S" 0 -n 4
check "udev loads fxs_usb by itself" await 30 module_loaded fxs_usb
check "its four ports appear" await 30 port_exists "$P-4"
for n in 1 2 3 4; do
	is "$P-$n location" "$(port_attr "$P-$n" location)" expander
	is "$P-$n expander" "$(port_attr "$P-$n" expander)" "$S"
	is "$P-$n expander_port" "$(port_attr "$P-$n" expander_port)" "$n"
done
is "driver" "$(port_attr "$P-1" driver)" fxs_usb
check "no fifth port" port_gone "$P-5"

udevadm settle -t 30
udevadm info -q property "/sys/class/fxs/$P-3" > "$tmp/props"
check "udev: FXS_LOCATION=expander" log_has "$tmp/props" '^FXS_LOCATION=expander$'
check "udev: FXS_EXPANDER is the serial" log_has "$tmp/props" "^FXS_EXPANDER=$S\$"
check "udev: FXS_EXPANDER_PORT=3" log_has "$tmp/props" '^FXS_EXPANDER_PORT=3$'
check "udev: FXS_PORT is the name" log_has "$tmp/props" "^FXS_PORT=$P-3\$"
check "udev: FXS_USB_PATH names the USB socket" \
	log_has "$tmp/props" '^FXS_USB_PATH=.*usb'

fxs_dump > "$tmp/dump"
check "netlink dump lists the ports as expander ports" \
	log_has "$tmp/dump" "name=$P-2 location=expander expander=$S expander_port=2 driver=fxs_usb"

monitor_start "$tmp/mon"
exp_cmd e1 offhook 2
check "off hook on the device: netlink offhook event" \
	await 10 grep -q "^event=offhook .*name=$P-2 " "$tmp/mon"
is "sysfs hook follows" "$(port_attr "$P-2" hook)" offhook
exp_cmd e1 onhook 2
check "on hook on the device: netlink onhook event" \
	await 10 grep -q "^event=onhook .*name=$P-2 " "$tmp/mon"
check "no event for another port" eval "! grep -q 'name=$P-[134] ' $tmp/mon"

fxs_set "$P-1" linefeed=reverse-active
check "linefeed reaches the device" \
	await 10 log_has "/run/usbexp/e1/log" '^linefeed 1 2$'
fxs_set "$P-3" ring=on
check "ring voltage reaches the device" \
	await 10 log_has "/run/usbexp/e1/log" '^ring 3 on$'
fxs_set "$P-3" ring=off
check "ring stops on the device" \
	await 10 log_has "/run/usbexp/e1/log" '^ring 3 off$'

exp_cmd e1 offhook 1
await 10 grep -q "^event=offhook .*name=$P-1 " "$tmp/mon"
check "unplug removes every port" exp_unplug e1
check "ports gone after unplug" await 30 port_gone "$P-1"
check "port_removed events" await 10 grep -q "^event=port_removed .*name=$P-4" "$tmp/mon"
check "re-plug" exp_plug e1
check "re-plug gives the same names" await 30 port_exists "$P-4"
check "the state after re-plug is read from the device" \
	await 10 eval "[ \"\$(port_attr $P-1 hook)\" = offhook ]"
monitor_stop

check "fxs_usb unloads while an expander is plugged" rmmod fxs_usb
check "its ports go with it" port_gone "$P-1"
check "kernel log clean (no oops, warning)" no_oops_since "$mark"
usb_end
check "VM left clean: no gadget, module or udevd of ours" usb_clean
trap 'rm -rf "$tmp"' EXIT
tap_done
