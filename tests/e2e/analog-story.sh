#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The `make demo` story, with assertions: simulated built-in and expander
# ports, handsetd, baresip registered as a SIP handset; lifting a built-in
# port creates an analog handset (persisted in state_dir); lifting an
# expander port only shows it as unassigned, with its location and a log
# line saying how to add it; the snippet added to the configuration binds
# it after a reload; a user ID clash with an auto-created handset is caught;
# handsets whose port is gone stay listed, marked absent.
. "$FXS_PROJECT/tests/vm/lib.sh"
. "$FXS_PROJECT/tests/e2e/analog.bash"

B=sim0
X=exp-SIM0001-1
trap 'kill $sip_pid 2>/dev/null; e2e_cleanup' EXIT
sip_pid=""

fxs_unload_all
e2e_setup '"builtin"'

check "fxs_sim loads with 2 built-in and 2 expander ports" \
	modprobe fxs_sim builtin_ports=2 expander_ports=2
check "handsetd starts" hs_start
check "handsetd lists built-in port $B on hook" \
	wait_s 60 port_is "$B" hook onhook
is "$B starts without a handset" "$(analog_field "$B" user_id)" none

# The SIP half: baresip registers as handset 100.
mkdir -p "$E2E/baresip"
cat > "$E2E/baresip/config" <<EOF
poll_method epoll
sip_listen 127.0.0.1:5082
module_path /usr/lib/baresip/modules
module stdio.so
module g711.so
module_app account.so
module_app menu.so
EOF
aor="<sip:e2e100@127.0.0.1:5072;transport=udp>"
echo "$aor;auth_pass=e2e-secret;regint=600" > "$E2E/baresip/accounts"
baresip -f "$E2E/baresip" -n 127.0.0.1 -t 90 > "$E2E/baresip.log" 2>&1 &
sip_pid=$!
check "baresip registers (200 OK, 1 binding)" \
	wait_s 30 grep -q "200 OK.*1 binding" "$E2E/baresip.log"
check "handsetctl list shows handset 100 registered until a date" \
	wait_s 60 bash -c "'$HANDSETCTL' -s '$HS_SOCK' list |
		grep -qE '100.*registered until [0-9]{4}-[0-9]{2}-[0-9]{2}'"

# Lifting a built-in (inside) port creates handset 200.
sim_hook "$B" off
check "lifting $B creates a handset" \
	wait_s 60 port_is "$B" user_id 200
is "$B handset is auto-created" "$(analog_field "$B" origin)" auto
is "$B is off hook" "$(analog_field "$B" hook)" offhook
is "$B is built-in" "$(analog_field "$B" location)" builtin
check "the creation is logged" \
	grep -q "created handset 200 on built-in port $B" "$HS_LOG"
check "the handset is persisted in state_dir" \
	grep -q "\"$B\"" "$E2E/state/analog-handsets.conf"
check "the administrator's file is untouched" \
	bash -c "! grep -q 'user_id = \"200\"' '$HS_CONF'"
check "text list shows 200 on $B off hook" \
	bash -c "'$HANDSETCTL' -s '$HS_SOCK' list |
		grep -qE '200 +$B .*off hook'"

# An expander port never creates a handset.
sim_hook "$X" off
check "$X shows off hook" wait_s 60 port_is "$X" hook offhook
is "$X has no handset" "$(analog_field "$X" user_id)" none
is "$X location is expander" "$(analog_field "$X" location)" expander
is "$X expander identity" "$(analog_field "$X" expander)" sim0001
is "$X expander port number" "$(analog_field "$X" expander_port)" 1
check "the log says how to add $X" \
	grep -q "unassigned port $X.*handsetctl snippet $X" "$HS_LOG"

snippet=$(ctl snippet "$X")
diag "snippet: $snippet"
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
check "handsetd -n accepts the snippet" \
	bash -c "'$HANDSETD' -n -f '$HS_CONF' > /dev/null"
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

# Hang up: on hook once the hang-up time has passed.
sim_hook "$B" on
check "$B goes back on hook" wait_s 60 port_is "$B" hook onhook

# Ringing and ring trip reach the daemon as the core's PORT_CHANGED: it
# never works out ringing for itself.
check "ring $B" "$FXSNL" set "$B" ring=on
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
is "$X handset kept" "$(analog_field "$X" present)" false
check "text list marks the port absent" \
	bash -c "'$HANDSETCTL' -s '$HS_SOCK' list |
		grep -qE '201 .*port absent'"

kill "$sip_pid" 2>/dev/null
wait "$sip_pid" 2>/dev/null
sip_pid=""
check "handsetd exits cleanly (no sanitizer report)" hs_stop
if [ "$TAP_FAILED" != 0 ]; then
	hs_log_dump
fi
tap_done
