# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for tests that run inside the VM (tests/kernel, tests/e2e).
# Source it after setting nothing; it sources tests/lib: tap.sh (results,
# wait_for), monitor.sh (fxsnl monitor), ynl.bash (fxs_dump, fxs_get,
# fxs_set) and kernel-log.sh (dmesg_mark, no_oops_since).  What is left here is the VM's own plumbing: udevd and
# our modules.

FXS_TESTLIB=$FXS_PROJECT/tests/lib
# shellcheck source=../lib/tap.sh
. "$FXS_TESTLIB/tap.sh"
# shellcheck source=../lib/monitor.sh
. "$FXS_TESTLIB/monitor.sh"
# shellcheck source=../lib/ynl.bash
. "$FXS_TESTLIB/ynl.bash"
# shellcheck source=../lib/kernel-log.sh
. "$FXS_TESTLIB/kernel-log.sh"

# Start systemd-udevd the way a booted system has it, so modalias loading
# and our rules run for real.  Our rules are installed the way `make install`
# does, into /etc/udev/rules.d (the VM's root is a throwaway overlay).
udev_start() {
	local r
	for r in "$FXS_PROJECT"/udev/*.rules; do
		[ -e "$r" ] && install -m 0644 "$r" /etc/udev/rules.d/
	done
	/lib/systemd/systemd-udevd --daemon --resolve-names=never || return 1
	udevadm control --reload
	udevadm trigger --action=add --type=subsystems
	udevadm trigger --action=add --type=devices
	udevadm settle -t 60
}

udev_stop() {
	udevadm control --exit 2>/dev/null
	pkill -x systemd-udevd 2>/dev/null
	sleep 0.2
}

# Unload our modules, whatever is loaded, in dependency order.
fxs_unload_all() {
	local m
	for m in fxs_usb fxs_si321x fxs_sim fxs; do
		grep -q "^$m " /proc/modules && rmmod "$m"
	done
	return 0
}

module_loaded() {
	grep -q "^$1 " /proc/modules
}
