#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Disconnect at the worst moments: hook events streaming, a port ringing,
# netlink dumps running, a control transfer in flight.  Each time every
# port goes, the kernel log stays clean, and the driver still unloads
# (nothing holds a reference).  Two expanders at once, on two buses, and
# losing one leaves the other working.

# shellcheck source=usb-lib.bash
. "$FXS_PROJECT/tests/kernel/usb-lib.bash"

tmp=$(mktemp -d)
trap 'monitor_stop; kill $DUMPER 2>/dev/null; usb_end; rm -rf "$tmp"' EXIT
mark=$(dmesg_mark)
DUMPER=""

check "dummy_hcd with two buses" usb_begin 2
check "fxs_usb loads" modprobe fxs_usb

# Two expanders at once.
exp_up a TWOA 0 -n 8
exp_up b TWOB 1 -n 16
check "expander A's ports appear" await 30 port_exists exp-TWOA-8
check "expander B's ports appear" await 30 port_exists exp-TWOB-16
is "24 expander ports in all" "$(ls /sys/class/fxs | grep -c '^exp-TWO')" 24
monitor_start "$tmp/mon"
exp_cmd a offhook 8
exp_cmd b offhook 16
check "event from expander A" \
	await 10 grep -q '^event=offhook .*name=exp-TWOA-8 ' "$tmp/mon"
check "event from expander B" \
	await 10 grep -q '^event=offhook .*name=exp-TWOB-16 ' "$tmp/mon"

# Unplug A in the middle of a stream of hook changes.
exp_cmd a burst 100000
sleep 1
check "unplug during a hook event stream" exp_unplug a
check "A's ports are gone" await 30 port_gone exp-TWOA-1
check "B is untouched" port_exists exp-TWOB-1
exp_cmd b onhook 16
check "B still delivers events" \
	await 10 grep -q '^event=onhook .*name=exp-TWOB-16 ' "$tmp/mon"
exp_down a

# Unplug B while one of its ports rings and dumps run in a loop.
fxs_set exp-TWOB-5 cadence=100,100 ring=on
check "B's port 5 rings on the device" \
	await 10 log_has /run/usbexp/b/log '^ring 5 on$'
# One client of its own (the script's is not to be shared with a
# background job), 2000 dumps in a row on one socket.
yes dump | head -n 2000 | "${FXS_YNL_CMD[@]}" > /dev/null 2>&1 &
DUMPER=$!
sleep 1
check "unplug while ringing and dumping" exp_unplug b
check "B's ports are gone" await 30 port_gone exp-TWOB-1
kill "$DUMPER" 2>/dev/null
wait "$DUMPER" 2>/dev/null
DUMPER=""
check "a dump after the unplug lists no expander port" \
	eval "! fxs_dump | grep -q location=expander"

# A device that disappears while the host waits for a control transfer.
check "B re-plugs" exp_plug b
check "B's ports are back under the same names" \
	await 30 port_exists exp-TWOB-16
m=$(dmesg_mark)
exp_cmd b vanish
fxs_set exp-TWOB-2 ring=on 2> "$tmp/set.err"
check "device vanishes during SET_RING" \
	await 10 log_has /run/usbexp/b/log '^vanishing$'
check "its ports are gone" await 30 port_gone exp-TWOB-1
diag "SET_RING in flight: $(dmesg_since "$m" | grep fxs_usb | head -n 3)"
check "at most one fxs_usb line about the failed transfer" \
	eval "[ \$(dmesg_since $m | grep -c 'SET_RING.*failed') -le 1 ]"
exp_down b
monitor_stop

check "port_removed events for both expanders" \
	eval "grep -q '^event=port_removed .*name=exp-TWOA-' $tmp/mon &&
	      grep -q '^event=port_removed .*name=exp-TWOB-' $tmp/mon"
check "fxs_usb unloads (no reference left behind)" rmmod fxs_usb
check "fxs core unloads (no port left behind)" rmmod fxs
check "kernel log clean (no oops, warning)" no_oops_since "$mark"
usb_end
check "VM left clean: no gadget, module or udevd of ours" usb_clean
trap 'rm -rf "$tmp"' EXIT
tap_done
