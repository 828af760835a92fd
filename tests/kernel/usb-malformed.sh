#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Expanders that break the protocol: each is refused, or its bad report
# dropped, with one clear log line, and nothing is left behind.  Then the
# recoverable faults: lost reports, a stalled endpoint, a silent device.

# shellcheck source=usb-lib.bash
. "$FXS_PROJECT/tests/kernel/usb-lib.bash"

tmp=$(mktemp -d)
trap 'monitor_stop; usb_end; rm -rf "$tmp"' EXIT
mark=$(dmesg_mark)

check "dummy_hcd, libcomposite and FunctionFS load" usb_begin 1
# The driver is loaded by hand: this test is about what it does, not udev.
check "fxs_usb loads" modprobe fxs_usb

# refused DESCRIPTION SERIAL LOG_REGEX [EMU_OPTION...]: plugging such a
# device creates no port, logs exactly one line matching LOG_REGEX, and
# the gadget unplugs cleanly.
refused() {
	local desc=$1 serial=$2 re=$3 m n
	shift 3
	m=$(dmesg_mark)
	if ! exp_up bad "$serial" 0 "$@"; then
		not_ok "$desc: emulated device did not start"
		return
	fi
	# Enumeration plus the probe's control transfer, then the verdict;
	# a second later, to see that the line is not repeated.
	await 20 eval "dmesg_since $m | grep -q -E '$re'"
	sleep 1
	n=$(dmesg_since "$m" | grep -c -E "$re")
	is "$desc: one log line" "$n" 1
	check "$desc: no port" eval "[ -z \"\$(ls /sys/class/fxs 2>/dev/null | grep '^exp-')\" ]"
	check "$desc: unplugs cleanly" exp_down bad
}

refused "no serial number" - "refused: no serial number"
refused "serial longer than 24" ABCDEFGHIJKLMNOPQRSTUVWXYZ "refused: serial number .* longer"
refused "no interrupt endpoint" BAD1 "refused: no interrupt IN endpoint" \
	-m no-int-ep
refused "bulk instead of interrupt endpoint" BAD2 \
	"refused: no interrupt IN endpoint" -m bulk-ep
refused "interrupt packets too small" BAD3 "refused: interrupt endpoint packets of 4" \
	-m small-mps
refused "absurd port count 200" BAD4 "refused: absurd port count 200" -n 200
refused "port count 0" BAD5 "refused: absurd port count 0" -n 0
refused "protocol 9.x" BAD6 "refused: protocol version 9" -P 9
refused "short GET_INFO" BAD7 "refused: GET_INFO failed" -m short-info
refused "stalled GET_INFO" BAD8 "refused: GET_INFO failed" -m stall-info
refused "vanishes during GET_INFO" BAD9 "refused: GET_INFO failed" \
	-m vanish-info

# Characters outside [A-Za-z0-9._-] are replaced, not trusted.
check "serial with odd characters plugs" exp_up odd 'A/B C' 0 -n 1
check "its port is named from the sanitized serial" \
	await 20 port_exists 'exp-A_B_C-1'
exp_down odd

# A working expander that misbehaves at run time.
S=MALF01
P=exp-$S
exp_up m "$S" 0 -n 4 -i 200
check "well-behaved expander plugs" await 20 port_exists "$P-4"
check "initial resync done" await 10 stat_above "$S" resyncs 0
monitor_start "$tmp/mon"

# bad_report KIND LOG_REGEX: the next report is spoiled; one log line, the
# malformed counter moves, and the port still works afterwards.
bad_report() {
	local kind=$1 re=$2 m before
	m=$(dmesg_mark)
	before=$(exp_stat "$S" malformed)
	exp_cmd m "$kind"
	exp_cmd m status
	check "$kind report counted as malformed" \
		await 10 stat_above "$S" malformed "$before"
	is "$kind report: one log line" \
		"$(dmesg_since "$m" | grep -c -E "$re")" 1
}
bad_report short "malformed report: 3 bytes"
bad_report garbage "malformed report: unknown type 0x7f"
bad_report badmap "malformed report: 5 ports, map 0xffffffff"

exp_cmd m offhook 1
check "after bad reports, hook changes still arrive" \
	await 10 grep -q "^event=offhook .*name=$P-1 " "$tmp/mon"

# A sequence gap: reports lost on the way.
before=$(exp_stat "$S" resyncs)
exp_cmd m gap 3
exp_cmd m offhook 2
check "sequence gap: event still delivered" \
	await 10 grep -q "^event=offhook .*name=$P-2 " "$tmp/mon"
check "sequence gap counted" await 10 stat_above "$S" gaps 0
check "sequence gap triggers a resync" \
	await 10 stat_above "$S" resyncs "$before"

# A report dropped by the device: only the next status report shows it,
# and the resync (GET_HOOKS) brings the change.
before=$(exp_stat "$S" resyncs)
exp_cmd m drop
exp_cmd m offhook 3
check "lost report: the next status report reveals the change" \
	await 10 grep -q "^event=offhook .*name=$P-3 " "$tmp/mon"
check "lost report: resync counted" \
	await 10 stat_above "$S" resyncs "$before"

# A stalled interrupt endpoint: cleared, resynced, reports flow again.
before=$(exp_stat "$S" resyncs)
exp_cmd m stall
exp_cmd m offhook 4
check "stall: counted" await 10 stat_above "$S" stalls 0
check "stall: resynced" await 10 stat_above "$S" resyncs "$before"
check "stall: the change arrives" \
	await 10 grep -q "^event=offhook .*name=$P-4 " "$tmp/mon"
exp_cmd m onhook 4
check "stall: reports flow again after it" \
	await 10 grep -q "^event=onhook .*name=$P-4 " "$tmp/mon"

# Silence: status reports stop; ports turn faulty, then recover.
exp_cmd m silence on
check "silent expander: ports marked faulty" \
	await 10 eval "grep -q 'not responding' /sys/class/fxs/$P-1/fault"
exp_cmd m silence off
check "expander back: fault cleared" \
	await 10 eval "[ -z \"\$(cat /sys/class/fxs/$P-1/fault)\" ]"
monitor_stop
exp_down m

check "kernel log clean (no oops, warning)" no_oops_since "$mark"
usb_end
check "VM left clean: no gadget, module or udevd of ours" usb_clean
trap 'rm -rf "$tmp"' EXIT
tap_done
