#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The location service for an analog handset (issue 15 section 1), with a
# real fxs port: handset 120 on fxs_sim's sim0.  While the port is present
# `handsetctl lookup 120` and a trusted INVITE for 120 name it as fxs:sim0
# (no audio path in handsetd: the call engine's channel driver reaches the
# port); lifting the receiver appears on `handsetctl events` as an analog
# event with the port and the handset; once the port is gone, lookup says
# unavailable and the INVITE gets 480.
. "$FXS_PROJECT/tests/vm/lib.sh"
. "$FXS_PROJECT/tests/e2e/analog.bash"

B=sim0
SIP_PORT=5072
trap 'kill $mon_pid 2>/dev/null; e2e_cleanup' EXIT
mon_pid=""

# invite USER: the status (and first Contact) of a trusted INVITE for USER.
invite() {
	python3 - "$SIP_PORT" "$1" <<'PY'
import random, socket, sys
port, user = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(10)
lp = s.getsockname()[1]
ruri = "sip:%s@127.0.0.1:%d" % (user, port)
m = ("INVITE %s SIP/2.0\r\n"
     "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK%x;rport\r\n"
     "Max-Forwards: 70\r\nFrom: <sip:engine@127.0.0.1>;tag=%x\r\n"
     "To: <%s>\r\nCall-ID: %x@127.0.0.1\r\nCSeq: 1 INVITE\r\n"
     "Contact: <sip:engine@127.0.0.1:%d>\r\nContent-Length: 0\r\n\r\n") % (
    ruri, lp, random.getrandbits(48), random.getrandbits(32), ruri,
    random.getrandbits(64), lp)
s.sendto(m.encode(), ("127.0.0.1", port))
while True:
    try:
        d = s.recv(65535).decode(errors="replace")
    except socket.timeout:
        print("timeout")
        break
    code = d.split(" ", 2)[1]
    if code == "100":
        continue
    c = [l.split(":", 1)[1].strip() for l in d.split("\r\n")
         if l.lower().startswith("contact:")]
    print(code + (" " + c[0] if c else ""))
    break
PY
}

# lookup_field FIELD: a field of `handsetctl lookup 120`.
lookup_field() {
	ctl lookup 120 | python3 -c '
import json, sys
d = json.load(sys.stdin)
v = d[sys.argv[1]] if sys.argv[1] != "uri" else \
    (d["contacts"][0]["uri"] if d["contacts"] else None)
print(json.dumps(v))' "$1"
}

fxs_unload_all
e2e_setup '"none"' '{ user_id = "120"; model = "analog"; port = "'"$B"'"; }'
sed -i 's|realm = "e2e.local";|& trusted = [ "127.0.0.1" ];|' "$HS_CONF"
check "the configuration has sip.trusted" grep -q 'trusted = \[' "$HS_CONF"

check "fxs_sim loads with one built-in port" \
	modprobe fxs_sim builtin_ports=1
check "handsetd starts" hs_start
check "handsetd lists $B on hook" wait_s 60 port_is "$B" hook onhook

"$HANDSETCTL" -s "$HS_SOCK" events > "$E2E/monitor" 2>&1 &
mon_pid=$!
# The stream replays nothing: give it a moment to connect (the checks on
# its lines below fail if it missed the events).
sleep 2
check "handsetctl events is running" kill -0 "$mon_pid"

is "lookup 120: available" "$(lookup_field available)" true
is "lookup 120: the port as fxs:$B" "$(lookup_field uri)" "\"fxs:$B\""
check "lookup 120 validates against the schema" schema_valid lookup 120
is "a trusted INVITE for 120: 302 to fxs:$B" "$(invite 120)" \
	"302 <fxs:$B>;q=1.0"

sim_hook "$B" off
check "lifting $B: events shows the analog event of 120 on $B" \
	wait_s 60 grep -q '"event":"analog".*"change":"offhook","user_id":"120","port":"'"$B"'"' \
	"$E2E/monitor"
sim_hook "$B" on
check "hanging up: on hook" \
	wait_s 60 grep -q '"change":"onhook","user_id":"120"' "$E2E/monitor"

check "fxs_sim unloads" rmmod fxs_sim
check "handsetd sees $B gone" wait_s 60 port_is "$B" present false
is "lookup 120 without its port: not available" \
	"$(lookup_field available)" false
is "a trusted INVITE for 120 without its port: 480" "$(invite 120)" 480
check "events showed the port going" \
	wait_s 30 grep -q '"change":"absent"' "$E2E/monitor"

check "handsetd is still running" kill -0 "$HS_PID"
check "handsetd stops cleanly" hs_stop
if [ "$TAP_FAILED" != 0 ]; then
	hs_log_dump
	sed 's/^/# monitor: /' "$E2E/monitor" | tail -n 10
fi
tap_done
