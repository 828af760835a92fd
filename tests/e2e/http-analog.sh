#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Handsets page, live, with the analog ports in the VM: an open event
# stream (/api/v1/events, what the page's script reads) shows the handset
# created by lifting a built-in fxs_sim port, off hook, then an expander
# plugged in (its ports without a handset, each with the entry to paste),
# then the expander unplugged.  The delays are printed, not asserted (TCG).
. "$FXS_PROJECT/tests/vm/lib.sh"
. "$FXS_PROJECT/tests/e2e/analog.bash"

B=sim0
X=EXP0042
PAGE=http://127.0.0.1:8091
trap 'kill $sse_pid 2>/dev/null; e2e_cleanup' EXIT
sse_pid=""

# last_event: the data line of the newest complete event of the stream.
last_event() {
	grep '^data: <section' "$E2E/events" | tail -n 1
}

# shows REGEX: the newest list on the stream matches.
shows() {
	last_event | grep -Eq "$1"
}

# timed DESCRIPTION REGEX: waits for the stream to show it, then prints
# how long that took.
timed() {
	local t0 t1
	t0=$(date +%s%N)
	check "$1" wait_s 60 shows "$2"
	t1=$(date +%s%N)
	diag "  shown on the stream after $(( (t1 - t0) / 1000000 )) ms"
}

fxs_unload_all
e2e_setup '"builtin"'
echo "http = { listen = [ \"http:127.0.0.1:8091\" ]; };" >> "$HS_CONF"

check "fxs_sim loads with one built-in port" \
	modprobe fxs_sim builtin_ports=1
check "handsetd starts with the page" hs_start
check "handsetd lists $B on hook" wait_s 60 port_is "$B" hook onhook

curl -s -N "$PAGE/api/v1/events" > "$E2E/events" 2>&1 &
sse_pid=$!
check "the event stream opens with the list" \
	wait_s 60 shows 'id="sip"'
check "  $B is a port without a handset" shows 'id="ports".*>'"$B"'<'

sim_hook "$B" off
ROW='/handsets/200">200</a></td><td data-label="Port">'"$B"'</td>'
ROW=$ROW'<td data-label="Location">built-in</td><td data-label="Hook">off-hook'
timed "lifting $B: the stream shows handset 200 on $B, off hook" "$ROW"
check "  auto-created" shows 'data-label="Origin">auto-created<'

echo "expander $X 2" > "$SIMFS/new_device"
timed "plugging expander $X: its ports show without a handset" \
	'id="ports".*exp-'"$X"'-1<.*exp-'"$X"'-2<'
check "  with the entry to paste" \
	shows 'port = &quot;exp-'"$X"'-1&quot;'

# gone N: a list newer than the Nth shows none of the expander's ports.
gone() {
	[ "$(grep -c '^data: <section' "$E2E/events")" -gt "$1" ] &&
		! shows "exp-$X"
}

n=$(grep -c '^data: <section' "$E2E/events")
t0=$(date +%s%N)
echo "$X" > "$SIMFS/del_device"
check "unplugging $X: its ports are gone from the stream" wait_s 60 gone "$n"
diag "  shown on the stream after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
check "handsetd is still running" kill -0 "$HS_PID"
check "handsetd stops cleanly" hs_stop
if [ "$TAP_FAILED" != 0 ]; then
	hs_log_dump
	sed 's/^/# /' "$E2E/events" | cut -c1-300 | tail -n 5
fi
tap_done
