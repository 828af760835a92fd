#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The `make demo` story, inside the VM (scripts/demo.sh boots it with
# tests/vm/vm-run): simulated built-in ports, a USB port expander (the
# emulator of tests/tools/usbexp-emu on the dummy_hcd bus) that udev
# recognises, handsetd, baresip as a SIP handset, two lifted receivers, the
# Handsets list, then the administrator adds the expander port's handset
# and reloads.
# Every wait is bounded; any step that does not happen stops the demo with
# a non-zero status and the daemon's log.
set -u

top=${FXS_PROJECT:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${FXS_BUILD:-$top/build}
D=/tmp/fxs-demo
SIMFS=/sys/kernel/debug/fxs_sim
HANDSETD=$build/bin/handsetd
HANDSETCTL=$build/bin/handsetctl
BUILTIN=sim0
SERIAL=DEMO0001
EXPANDER=exp-$SERIAL-1
# The emulated expander's plumbing (dummy_hcd, FunctionFS, udevd)
# shellcheck source=../../tests/kernel/usb-lib.bash
. "$top/tests/kernel/usb-lib.bash"
hs_pid=""
sip_pid=""

say() {
	printf '\n\033[1m==> %s\033[0m\n' "$*"
}

cleanup() {
	[ -n "$sip_pid" ] && kill "$sip_pid" 2>/dev/null
	[ -n "$hs_pid" ] && kill "$hs_pid" 2>/dev/null
	wait 2>/dev/null
	usb_end > /dev/null 2>&1
	fxs_unload_all
}
trap cleanup EXIT

fail() {
	echo "demo: $*" >&2
	if [ -s "$D/handsetd.log" ]; then
		echo "demo: handsetd's log:" >&2
		sed 's/^/    /' "$D/handsetd.log" >&2
	fi
	exit 1
}

# until SECONDS COMMAND...: retry every 0.1 s, give up after SECONDS.
until_ok() {
	local n=$(($1 * 10))
	shift
	while ! "$@" > /dev/null 2>&1; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

ctl() {
	"$HANDSETCTL" -s "$D/control" "$@"
}

# listed PORT HOOK: the daemon shows PORT in that hook state.
listed() {
	ctl list --json | python3 -c '
import json, sys
a = json.load(sys.stdin)["analog"]
sys.exit(0 if any(r["port"] == sys.argv[1] and r["hook"] == sys.argv[2]
                  for r in a["handsets"] + a["unassigned_ports"]) else 1)
' "$1" "$2"
}

# bound PORT: a handset (not just a free port) holds PORT.
bound() {
	ctl list --json | python3 -c '
import json, sys
a = json.load(sys.stdin)["analog"]
sys.exit(0 if any(r["port"] == sys.argv[1] for r in a["handsets"])
         else 1)' "$1"
}

for p in "$HANDSETD" "$HANDSETCTL"; do
	[ -x "$p" ] || fail "$p is missing: run make first"
done

rm -rf "$D"
mkdir -p "$D/state" "$D/baresip"
cp "$top/scripts/demo/handsetd.conf" "$D/handsetd.conf"
chmod 600 "$D/handsetd.conf"
cp "$top/scripts/demo/baresip/config" "$top/scripts/demo/baresip/accounts" \
	"$D/baresip/"

say "1. Loading the FXS core and fxs_sim: 2 built-in ports"
modprobe fxs_sim builtin_ports=2 || fail "modprobe fxs_sim failed"
until_ok 10 test -e "/sys/class/fxs/$BUILTIN" ||
	fail "the simulated ports did not appear"

say "   Plugging a USB port expander (serial $SERIAL, 2 ports);" \
	"udev loads fxs_usb"
usb_begin 1 > /dev/null 2>&1 || fail "dummy_hcd or FunctionFS did not load"
udev_start > /dev/null 2>&1 || fail "systemd-udevd did not start"
exp_up demo "$SERIAL" 0 -n 2 > /dev/null 2>&1 ||
	fail "the emulated expander did not enumerate"
until_ok 30 test -e "/sys/class/fxs/$EXPANDER" ||
	fail "the expander's ports did not appear (fxs_usb loaded:" \
		"$(grep -c '^fxs_usb ' /proc/modules))"
echo "    $(dmesg | grep -m1 "fxs_usb.*$SERIAL" | sed 's/^\[[^]]*\] //')"
for p in /sys/class/fxs/*; do
	printf '    %-16s %-9s %s\n' "$(basename "$p")" "$(cat "$p/location")" \
		"$(cat "$p/hook")"
done

say "2. Starting handsetd with scripts/demo/handsetd.conf" \
	"(built-in ports are inside extensions, user IDs 200-299)"
"$HANDSETD" -F -f "$D/handsetd.conf" > "$D/handsetd.log" 2>&1 &
hs_pid=$!
until_ok 20 test -S "$D/control" || fail "handsetd did not start"
until_ok 20 listed "$BUILTIN" onhook ||
	fail "handsetd does not see the ports"
echo "    handsetd is running (pid $hs_pid) and sees the ports"

say "3. Registering baresip as SIP handset 100 (login demo100)"
baresip -f "$D/baresip" -n 127.0.0.1 -t 120 > "$D/baresip.log" 2>&1 &
sip_pid=$!
until_ok 30 grep -q "200 OK.*binding" "$D/baresip.log" ||
	fail "baresip did not register: $(tail -n 5 "$D/baresip.log")"
echo "    baresip: $(grep -m1 "200 OK.*binding" "$D/baresip.log" |
	sed 's/^[[:space:]]*//')"

say "4. Lifting the receiver of the phone on built-in port $BUILTIN"
echo off > "$SIMFS/$BUILTIN/hook"
until_ok 20 bound "$BUILTIN" || fail "no handset was created on $BUILTIN"
echo "    handsetd: $(grep -m1 "created handset" "$D/handsetd.log" |
	sed 's/^handsetd: //')"

say "5. Lifting the receiver of the phone on expander port $EXPANDER"
exp_cmd demo offhook 1 > /dev/null || fail "the expander took no command"
until_ok 20 listed "$EXPANDER" offhook ||
	fail "handsetd did not see $EXPANDER go off hook"
until_ok 5 grep -q "unassigned port $EXPANDER" "$D/handsetd.log" || true
echo "    handsetd: $(grep -m1 "unassigned port $EXPANDER" "$D/handsetd.log" |
	sed 's/^handsetd: //')"

say "6. handsetctl list"
ctl list || fail "handsetctl list failed"

say "7. Adding the expander port's handset to the configuration"
echo "    \$ handsetctl snippet $EXPANDER"
snippet=$(ctl snippet "$EXPANDER") || fail "handsetctl snippet failed"
echo "    $snippet"
# handsets is the file's last list: add the entry before its closing ");".
last=$(grep -n '^);' "$D/handsetd.conf" | tail -n 1 | cut -d: -f1)
sed -i "${last}i\\  , $snippet" "$D/handsetd.conf"
echo "    the handsets list of the configuration now ends with:"
sed -n "$((last - 2)),\$p" "$D/handsetd.conf" | sed 's/^/      /'
echo "    \$ handsetctl reload"
ctl reload || fail "handsetctl reload failed"
until_ok 20 bound "$EXPANDER" ||
	fail "the new handset did not bind to $EXPANDER"

say "8. handsetctl list, after the reload"
ctl list || fail "handsetctl list failed"

say "Done: the SIP handset is registered, the analog handset on" \
	"$BUILTIN was created by lifting it, and the expander port is" \
	"now a configured handset."
exit 0
