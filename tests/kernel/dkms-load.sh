#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The modules DKMS built from the fxs-dkms package for this kernel (the
# package tier, tests/package/debian-packages.sh, built them in a Debian 12
# tree with this kernel's headers and left them in $FXS_BUILD/dkms/KVER)
# load into this kernel and work: a simulated port appears, hook state
# reaches sysfs, and they unload without a splat.
. "$FXS_PROJECT/tests/lib/tap.sh"
. "$FXS_PROJECT/tests/vm/lib.sh"

dir=$FXS_BUILD/dkms/$FXS_KVER
mod() {
	ls "$dir/$1.ko"* 2>/dev/null | head -n 1
}

if [ -z "$(mod fxs)" ]; then
	not_ok "DKMS-built modules for $FXS_KVER in $dir (run the package tier first)"
	exit 1
fi

fxs_unload_all
mark=$(dmesg_mark)
check "insmod fxs (DKMS)" insmod "$(mod fxs)"
check "insmod fxs_sim builtin_ports=1 (DKMS)" \
	insmod "$(mod fxs_sim)" builtin_ports=1
is "the loaded fxs is the DKMS build" \
	"$(cat /sys/module/fxs/srcversion 2>/dev/null)" \
	"$(modinfo -F srcversion "$(mod fxs)")"
check "port sim0 appears" test -d /sys/class/fxs/sim0
is "sim0 on hook" "$(cat /sys/class/fxs/sim0/hook 2>/dev/null)" onhook
echo offhook > /sys/kernel/debug/fxs_sim/sim0/hook 2>/dev/null
wait_for 5 grep -qx offhook /sys/class/fxs/sim0/hook
is "lifting sim0 reaches sysfs" "$(cat /sys/class/fxs/sim0/hook)" offhook
modprobe usbcore 2>/dev/null
check "the other DKMS modules load" \
	sh -c "insmod '$(mod fxs_usb)' && insmod '$(mod fxs_si321x)'"
fxs_unload_all
check "all unloaded" sh -c '! grep -qE "^fxs" /proc/modules'
splat=$(dmesg_since "$mark" | grep -E 'WARNING|BUG|Oops|Call Trace')
is "no kernel splat" "$splat" ""

tap_done
