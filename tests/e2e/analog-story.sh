#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The story of the subsystem, end to end, in one VM: simulated built-in
# ports and a USB port expander (the emulator of tests/tools/usbexp-emu on
# the dummy_hcd bus) that udev recognises, handsetd with the demo's
# configuration (scripts/demo/handsetd.conf), baresip registered as a SIP
# handset.  Lifting a built-in port creates an analog handset (persisted in
# state_dir); lifting an expander port only shows it as unassigned, with
# its location and a log line saying how to add it; the snippet added to
# the configuration binds it after a reload; a user ID clash with an
# auto-created handset is caught; handsets whose port is gone stay listed,
# marked absent.
#
# It is both a test (tests/run kernel runs every tests/e2e/*.sh) and the
# demo: `make demo` (scripts/demo.sh) runs this very script with
# FXS_DEMO=1, which only changes how the narration looks, never what is
# done or checked.
. "$FXS_PROJECT/tests/kernel/usb-lib.bash"
E2E=/tmp/fxs-demo
. "$FXS_PROJECT/tests/e2e/analog.bash"

B=sim0
SERIAL=DEMO0001
X=exp-$SERIAL-1
DEMO=$FXS_PROJECT/scripts/demo
sip_pid=""

# say TEXT: a step of the story; show COMMAND...: its output, as the
# administrator sees it.  TAP comments in a test, bold in the demo.
say() {
	if [ -n "${FXS_DEMO:-}" ]; then
		printf '\n\033[1m==> %s\033[0m\n' "$*"
	else
		diag "$*"
	fi
}

show() {
	if [ -n "${FXS_DEMO:-}" ]; then
		"$@" 2>&1 | sed 's/^/    /'
	else
		"$@" 2>&1 | sed 's/^/#     /'
	fi
}

# quiet COMMAND...: the plumbing's chatter is not part of the story.
quiet() {
	"$@" > /dev/null 2>&1
}

# must DESCRIPTION COMMAND...: a check the rest of the story stands on;
# when it fails, the story ends here with the daemon's log.
must() {
	check "$@" && return 0
	[ -s "$HS_LOG" ] && hs_log_dump
	exit 1
}

story_end() {
	[ -n "$sip_pid" ] && kill "$sip_pid" 2>/dev/null
	hs_stop
	usb_end > /dev/null 2>&1
	e2e_cleanup
}
trap story_end EXIT

fxs_unload_all
mark=$(dmesg_mark)
rm -rf "$E2E"
mkdir -p "$E2E/state" "$E2E/baresip"
cp "$DEMO/handsetd.conf" "$HS_CONF"
# It holds a password: handsetd warns about a world-readable file.
chmod 600 "$HS_CONF"
cp "$DEMO/baresip/config" "$DEMO/baresip/accounts" "$E2E/baresip/"

say "1. Loading the FXS core and fxs_sim: 2 built-in ports"
must "fxs_sim loads with 2 built-in ports" modprobe fxs_sim builtin_ports=2
must "built-in port $B appears" wait_for 10 port_exists "$B"

say "   Plugging a USB port expander (serial $SERIAL, 2 ports);" \
	"udev loads fxs_usb"
must "dummy_hcd, libcomposite and FunctionFS load" quiet usb_begin 1
must "systemd-udevd starts" quiet udev_start
must "the emulated expander enumerates" \
	quiet exp_up demo "$SERIAL" 0 -n 2
must "udev loads fxs_usb and the expander's ports appear" \
	wait_for 60 port_exists "$X"
show echo "$(dmesg_since "$mark" | grep -m1 "fxs_usb.*$SERIAL" |
	sed 's/^\[[^]]*\] //')"
for p in /sys/class/fxs/*; do
	show printf '%-16s %-9s %s\n' "$(basename "$p")" \
		"$(cat "$p/location")" "$(cat "$p/hook")"
done

say "2. Starting handsetd with scripts/demo/handsetd.conf" \
	"(built-in ports are inside extensions, user IDs 200-299)"
must "handsetd starts" hs_start
check "handsetd lists built-in port $B on hook" \
	wait_s 60 port_is "$B" hook onhook
is "$B starts without a handset" "$(analog_field "$B" user_id)" none

say "3. Registering baresip as SIP handset 100 (login demo100)"
baresip -f "$E2E/baresip" -n 127.0.0.1 -t 120 > "$E2E/baresip.log" 2>&1 &
sip_pid=$!
check "baresip registers (200 OK, 1 binding)" \
	wait_s 30 grep -q "200 OK.*1 binding" "$E2E/baresip.log"
show grep -m1 "200 OK.*binding" "$E2E/baresip.log"
check "handsetctl list shows handset 100 registered until a date" \
	wait_s 60 bash -c "'$HANDSETCTL' -s '$HS_SOCK' list |
		grep -qE '100.*registered until [0-9]{4}-[0-9]{2}-[0-9]{2}'"

say "4. Lifting the receiver of the phone on built-in port $B"
sim_hook "$B" off
check "lifting $B creates a handset" \
	wait_s 60 port_is "$B" user_id 200
is "$B handset is auto-created" "$(analog_field "$B" origin)" auto
is "$B is off hook" "$(analog_field "$B" hook)" offhook
is "$B is built-in" "$(analog_field "$B" location)" builtin
check "the creation is logged" \
	grep -q "created handset 200 on built-in port $B" "$HS_LOG"
show grep -m1 "created handset" "$HS_LOG"
check "the handset is persisted in state_dir" \
	grep -q "\"$B\"" "$E2E/state/analog-handsets.conf"
check "the administrator's file is untouched" \
	bash -c "! grep -q 'user_id = \"200\"' '$HS_CONF'"
check "text list shows 200 on $B off hook" \
	bash -c "'$HANDSETCTL' -s '$HS_SOCK' list |
		grep -qE '200 +$B .*off hook'"

say "5. Lifting the receiver of the phone on expander port $X"
check "the expander takes the command" quiet exp_cmd demo offhook 1
check "$X shows off hook" wait_s 60 port_is "$X" hook offhook
is "$X has no handset" "$(analog_field "$X" user_id)" none
is "$X location is expander" "$(analog_field "$X" location)" expander
is "$X expander identity" "$(analog_field "$X" expander)" demo0001
is "$X expander port number" "$(analog_field "$X" expander_port)" 1
check "the log says how to add $X" \
	wait_s 10 grep -q "unassigned port $X.*handsetctl snippet $X" "$HS_LOG"
show grep -m1 "unassigned port $X" "$HS_LOG"
check "list --json (SIP, auto-created, built-in and expander ports) \
validates against handsets.schema.json" schema_valid list --json
check "show --json 200 validates against handsets.schema.json" \
	schema_valid show --json 200

say "6. handsetctl list, and the same on the Handsets page"
show ctl list
curl -s --max-time 10 http://127.0.0.1:8080/ > "$E2E/page.html"
check "the Handsets page shows analog handset 200 on $B" \
	grep -q ">$B<" "$E2E/page.html"
check "the Handsets page shows SIP handset 100 registered" \
	grep -q "registered until" "$E2E/page.html"
if [ -n "${FXS_DEMO:-}" ]; then
	# scripts/demo.sh takes the page out of the VM for its screenshot
	echo "---- handsets page ----"
	cat "$E2E/page.html"
	echo
	echo "---- end of handsets page ----"
fi

say "7. Adding the expander port's handset to the configuration"
snippet=$(ctl snippet "$X")
show echo "\$ handsetctl snippet $X"
show echo "$snippet"
is "snippet for $X" "$snippet" \
	"{ user_id = \"201\"; model = \"analog\"; port = \"$X\"; }"
is "snippet for auto-created 200" "$(ctl snippet 200)" \
	"{ user_id = \"200\"; model = \"analog\"; port = \"$B\"; }"

# Validation: user ID 200 given to another handset clashes.
clash='{ user_id = "200"; model = "analog"; port = "sim1"; }'
sed "s|^);|  , $clash\n);|" "$HS_CONF" > "$E2E/clash.conf"
chmod 600 "$E2E/clash.conf"
out=$("$HANDSETD" -n -f "$E2E/clash.conf" 2>&1)
rc=$?
diag "handsetd -n on the clash: $out"
check "handsetd -n refuses a user ID clash with an auto-created handset" \
	test "$rc" != 0
check "the error names the auto-created handset" \
	grep -q "auto-created on port $B" <<< "$out"

# The administrator adds the expander port's handset and reloads.
sed -i "s|^);|  , $snippet\n);|" "$HS_CONF"
show echo "the handsets list of the configuration now ends with:"
show tail -n 4 "$HS_CONF"
check "handsetd -n accepts the snippet" \
	bash -c "'$HANDSETD' -n -f '$HS_CONF' > /dev/null"
show echo "\$ handsetctl reload"
check "handsetctl reload" bash -c "'$HANDSETCTL' -s '$HS_SOCK' reload |
	grep -q 'reloaded: 2 handset'"
check "$X is bound to handset 201 after the reload" \
	wait_s 60 port_is "$X" user_id 201
is "$X handset is configured" "$(analog_field "$X" origin)" configured
is "$X handset is off hook" "$(analog_field "$X" hook)" offhook

# Making 200 permanent retires the auto-created entry.
sed -i "s|^);|  , $(ctl snippet 200)\n);|" "$HS_CONF"
check "reload with 200 made permanent" \
	bash -c "'$HANDSETCTL' -s '$HS_SOCK' reload | grep -q 'reloaded: 3'"
check "200 is now configured" wait_s 60 port_is "$B" origin configured
check "state_dir no longer holds 200" \
	bash -c "! grep -q '\"$B\"' '$E2E/state/analog-handsets.conf'"

say "8. handsetctl list, after the reload"
show ctl list

say "9. Hanging up $B, then the ports go away: rmmod fxs_sim and" \
	"unplugging the expander"
sim_hook "$B" on
check "$B goes back on hook" wait_s 60 port_is "$B" hook onhook

# Ringing and ring trip reach the daemon as the core's PORT_CHANGED: it
# never works out ringing for itself.
check "ring $B" fxs_set "$B" ring=on
check "$B shows ringing" wait_s 60 port_is "$B" hook ringing
sim_hook "$B" off
check "ring trip: $B off hook, no longer ringing" \
	wait_s 60 port_is "$B" hook offhook
sim_hook "$B" on
check "$B back on hook after the call" wait_s 60 port_is "$B" hook onhook

# The ports go away: the handsets stay, marked absent.
rmmod fxs_sim
check "$B's handset is kept and marked absent" \
	wait_s 60 port_is "$B" hook absent
is "$B handset still 200" "$(analog_field "$B" user_id)" 200
check "the expander unplugs" quiet exp_unplug demo
check "$X's handset is kept and marked absent" \
	wait_s 60 port_is "$X" present false
check "text list marks the port absent" \
	bash -c "'$HANDSETCTL' -s '$HS_SOCK' list |
		grep -qE '201 .*port absent'"
show ctl list
check "list --json with every port absent validates against the schema" \
	schema_valid list --json

kill "$sip_pid" 2>/dev/null
wait "$sip_pid" 2>/dev/null
sip_pid=""
check "handsetd exits cleanly (no sanitizer report)" hs_stop
check "the kernel logged no warning, oops or lockdep report" \
	no_oops_since "$mark"
if [ "$TAP_FAILED" != 0 ]; then
	hs_log_dump
fi
tap_done
