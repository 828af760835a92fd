#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# FXS_CMD_PORT_SET and _GET: every setting round-trips (netlink, sysfs,
# and what the chip was told, read from fxs_sim); a set without
# CAP_NET_ADMIN is refused, as is joining the events group; malformed
# requests are refused with an extack message and change nothing.

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

# A line without the fields that legitimately move on their own.
stable_line() {
	port_line "$1" | sed -E 's/ hook_since=[0-9]+//'
}

# refused DESCRIPTION ERRNOS COMMAND...: the command fails with one of
# ERRNOS (e.g. "EINVAL|ERANGE") and the kernel says why (extack).
refused() {
	local desc=$1 errnos=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	diag "$desc: $out"
	if [ "$rc" = 1 ] && grep -qE "(fxsnl|fxs-ynl): .*: ($errnos) " <<< "$out" &&
	   grep -q 'extack: "[^"]' <<< "$out"; then
		ok "$desc: refused with a reason"
	else
		not_ok "$desc: refused with a reason (exit $rc)"
	fi
}

# denied DESCRIPTION COMMAND...: refused with EPERM.  The permission check
# is the generic netlink core's (GENL_ADMIN_PERM), which adds no message.
denied() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	diag "$desc: $out"
	if [ "$rc" = 1 ] && grep -qE "fxs-ynl: .*: EPERM " <<< "$out"; then
		ok "$desc: refused (EPERM)"
	else
		not_ok "$desc: refused (EPERM) (exit $rc)"
	fi
}

NOADMIN=(setpriv --inh-caps=-net_admin --bounding-set=-net_admin --)

mark=$(dmesg_mark)
sim_load builtin_ports=2 expander_ports=1 || { not_ok "load fxs_sim"; exit 1; }

# --- get
line=$(port_line sim1)
diag "$line"
is "get by index is get by name" "$(fxs_get "$(field "$line" index)")" \
	"$line"
is "dump has every port" "$(fxs_dump | grep -c '^port ')" 3
is "dump line of sim1 is its get line" \
	"$(fxs_dump | grep ' name=sim1 ')" "$line"
is "new port: linefeed forward-active (netlink, sysfs, chip)" \
	"$(field "$line" linefeed) $(cat /sys/class/fxs/sim1/linefeed) $(cat "$SIM/sim1/linefeed")" \
	"forward-active forward-active forward-active"
is "new port: on hook (netlink, sysfs)" \
	"$(field "$line" hook) $(cat /sys/class/fxs/sim1/hook)" "onhook onhook"
is "new port: default timing" \
	"$(field "$line" timing.debounce_ms) $(field "$line" timing.pulse_break_max_ms) $(field "$line" timing.interdigit_ms) $(field "$line" timing.flash_min_ms) $(field "$line" timing.flash_max_ms)" \
	"10 200 250 200 1250"
is "expander port: location and identity" \
	"$(port_field exp-SIM0001-1 location) $(port_field exp-SIM0001-1 expander) $(port_field exp-SIM0001-1 expander_port) $(cat /sys/class/fxs/exp-SIM0001-1/location)" \
	"expander SIM0001 1 expander"

# --- linefeed round trips, by name and by index
idx=$(port_field sim1 index)
for lf in open reverse-active forward-oht reverse-oht forward-active; do
	check "set linefeed $lf" fxs_set sim1 linefeed="$lf"
	until_ok 30 grep -qx "$lf" "$SIM/sim1/linefeed"
	is "linefeed $lf read back (netlink, sysfs, chip)" \
		"$(port_field sim1 linefeed) $(cat /sys/class/fxs/sim1/linefeed) $(cat "$SIM/sim1/linefeed")" \
		"$lf $lf $lf"
done
check "set by index" fxs_set "$idx" linefeed=reverse-active
until_ok 30 grep -qx reverse-active "$SIM/sim1/linefeed"
is "set by index applies to that port" \
	"$(port_field sim1 linefeed) $(port_field sim0 linefeed)" \
	"reverse-active forward-active"

# --- timing: a subset changes, the rest stays
check "set one timing value" fxs_set sim1 timing.interdigit_ms=400
is "that value changed, the others did not" \
	"$(port_field sim1 timing.debounce_ms) $(port_field sim1 timing.pulse_break_max_ms) $(port_field sim1 timing.interdigit_ms) $(port_field sim1 timing.flash_min_ms) $(port_field sim1 timing.flash_max_ms)" \
	"10 200 400 200 1250"
check "set all timing values at once" fxs_set sim1 \
	timing.debounce_ms=20 timing.pulse_break_max_ms=150 \
	timing.interdigit_ms=500 timing.flash_min_ms=300 \
	timing.flash_max_ms=2000
is "all timing values read back" \
	"$(port_field sim1 timing.debounce_ms) $(port_field sim1 timing.pulse_break_max_ms) $(port_field sim1 timing.interdigit_ms) $(port_field sim1 timing.flash_min_ms) $(port_field sim1 timing.flash_max_ms)" \
	"20 150 500 300 2000"
is "other port's timing untouched" "$(port_field sim0 timing.interdigit_ms)" 250

# --- cadence
check "set a four-step cadence" fxs_set sim1 cadence=1000,500,250,3000
is "cadence read back" "$(port_field sim1 cadence)" 1000,500,250,3000
check "set the longest cadence" fxs_set sim1 \
	cadence=100,10000,100,200,300,400,500,600
is "longest cadence read back" "$(port_field sim1 cadence)" \
	100,10000,100,200,300,400,500,600

# --- ring on and off, and several settings in one request
check "ring on with linefeed in one request" fxs_set sim1 \
	linefeed=forward-active ring=on cadence=400,400
until_ok 30 grep -q on "$SIM/sim1/ring"
is "ringing, with the new cadence" \
	"$(port_field sim1 ringing) $(port_field sim1 cadence) $(port_field sim1 linefeed)" \
	"1 400,400 forward-active"
check "ring off" fxs_set sim1 ring=off
until_ok 30 grep -q off "$SIM/sim1/ring"
is "not ringing" "$(port_field sim1 ringing) $(cat "$SIM/sim1/ring")" "0 off"

# --- permissions
before=$(stable_line sim1)
check "setpriv drops CAP_NET_ADMIN (bit 12) here" \
	"${NOADMIN[@]}" bash -c \
	'c=$(sed -n "s/^CapEff:\t//p" /proc/self/status); (( (0x$c >> 12 & 1) == 0 ))'
denied "set without CAP_NET_ADMIN" \
	"${NOADMIN[@]}" "${FXS_YNL_CMD[@]}" set sim1 linefeed=open
denied "set as nobody" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	-- "${FXS_YNL_CMD[@]}" set sim1 ring=on
is "refused set changed nothing" "$(stable_line sim1)" "$before"
# Compared, not "check ... > /dev/null": that sends the result line there.
is "get without CAP_NET_ADMIN works" \
	"$("${NOADMIN[@]}" "${FXS_YNL_CMD[@]}" get sim1)" "$(port_line sim1)"
is "dump as nobody works" "$(setpriv --reuid=65534 --regid=65534 \
	--clear-groups --inh-caps=-all -- "${FXS_YNL_CMD[@]}" dump | grep -c '^port ')" 3
out=$("${NOADMIN[@]}" "$FXSNL" monitor -t 500 2>&1)
rc=$?
diag "monitor without CAP_NET_ADMIN: $out"
check "joining the events group without CAP_NET_ADMIN is refused" \
	test "$rc" = 1 -a -n "$(grep -i 'joining' <<< "$out")"

# --- malformed requests: refused, with a message, nothing changed.
# fxs_set sends its values as given (YNL checks no range against the
# spec), so the out-of-range ones below are the kernel's refusals, with
# its extack; what YNL cannot encode at all (wrong types, stray or empty
# nests) goes through fxsnl raw.
before=$(stable_line sim1)
refused "linefeed sent as u32" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 u32:linefeed=0
refused "linefeed out of range" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 u8:linefeed=9
refused "ringing neither 0 nor 1" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 u8:ringing=2
refused "unknown attribute" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 u32:200=1
refused "attribute the request may not carry (digit)" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 u8:digit=1
refused "ring step outside a cadence" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 u32:ring_step=500
refused "port name too long" "EINVAL|ERANGE" \
	"$FXSNL" raw get str:name=a-port-name-that-is-longer-than-32-bytes
refused "port index sent as u8" "EINVAL|ERANGE" \
	"$FXSNL" raw get u8:index=0
refused "timing not a nest" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 u32:timing=5
refused "timing value sent as u8" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 nest:timing u8:timing.debounce_ms=5 end
refused "unknown timing attribute" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 nest:timing u32:9=5 end
refused "debounce 0 ms" "EINVAL|ERANGE" \
	fxs_set sim1 timing.debounce_ms=0
refused "debounce above its range" "EINVAL|ERANGE" \
	fxs_set sim1 timing.debounce_ms=101
refused "flash maximum above its range" "EINVAL|ERANGE" \
	fxs_set sim1 timing.flash_max_ms=10001
refused "debounce longer than the pulse break maximum" "EINVAL|ERANGE" \
	fxs_set sim1 timing.debounce_ms=90 timing.pulse_break_max_ms=80
refused "flash minimum above the flash maximum" "EINVAL|ERANGE" \
	fxs_set sim1 timing.flash_min_ms=3000
refused "pulse break maximum above the flash minimum" "EINVAL|ERANGE" \
	fxs_set sim1 timing.pulse_break_max_ms=400
refused "cadence with an odd number of steps" "EINVAL|ERANGE" \
	fxs_set sim1 cadence=1000,500,1000
refused "cadence with one step" "EINVAL|ERANGE" \
	fxs_set sim1 cadence=1000
refused "empty cadence" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 nest:cadence end
refused "cadence step too short" "EINVAL|ERANGE" \
	fxs_set sim1 cadence=99,1000
refused "cadence step too long" "EINVAL|ERANGE" \
	fxs_set sim1 cadence=1000,10001
refused "cadence with too many steps" "EINVAL|ERANGE" \
	fxs_set sim1 cadence=100,100,100,100,100,100,100,100,100,100
refused "cadence step of the wrong type" "EINVAL|ERANGE" \
	"$FXSNL" raw set str:name=sim1 nest:cadence u8:ring_step=200 u8:ring_step=200 end
refused "a valid change with an invalid one" "EINVAL|ERANGE" \
	fxs_set sim1 linefeed=open timing.debounce_ms=500
refused "get without a port" "EINVAL|ERANGE" "$FXSNL" raw get
refused "set without a port" "EINVAL|ERANGE" "$FXSNL" raw set u8:linefeed=0
refused "index and name that disagree" "EINVAL|ERANGE" \
	"$FXSNL" raw get u32:index="$(port_field sim0 index)" str:name=sim1
out=$(fxs_get no-such-port 2>&1)
rc=$?
diag "$out"
check "unknown port: ENODEV" test "$rc" = 1 -a -n "$(grep ENODEV <<< "$out")"
out=$(fxs_set 4000000 linefeed=open 2>&1)
rc=$?
diag "$out"
check "unknown index: ENODEV" test "$rc" = 1 -a -n "$(grep ENODEV <<< "$out")"
is "malformed requests changed nothing" "$(stable_line sim1)" "$before"
is "chip not touched by refused requests" "$(cat "$SIM/sim1/linefeed")" \
	forward-active

fxs_unload_all
check "no kernel warning" dmesg_clean "$mark"
tap_done
