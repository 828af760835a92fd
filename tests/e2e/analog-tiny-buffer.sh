#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A handsetd whose netlink event socket has a tiny receive buffer
# (handsetd -b 1: the kernel's minimum) loses events under load; it must
# notice (ENOBUFS), dump the ports again, and still end with the kernel's
# view.  The daemon is stopped during a burst so that events are really
# lost: the test cannot pass without exercising the resync path.
. "$FXS_PROJECT/tests/vm/lib.sh"
. "$FXS_PROJECT/tests/e2e/analog.bash"

trap e2e_cleanup EXIT

fxs_unload_all
e2e_setup '"none"'

check "fxs_sim with 64 ports" \
	modprobe fxs_sim builtin_ports=32 expander_ports=32
check "handsetd starts with a tiny netlink buffer" hs_start -b 1
check "the daemon sees all 64 ports" wait_s 30 views_equal

# A burst of 64 off-hooks while the daemon is not scheduled (SIGSTOP):
# with the minimum buffer the socket must overflow, whatever the speed of
# the machine.  Wait for these writers only: a bare `wait` would wait for
# handsetd too.
kill -STOP "$HS_PID"
pids=""
for h in "$SIMFS"/*/hook; do
	echo off > "$h" &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
sleep 1
kill -CONT "$HS_PID"
check "after a burst of 64 off-hooks the views agree" \
	wait_s 60 views_equal
check "events were lost and the daemon said it resynced" \
	wait_s 10 grep -q "events lost" "$HS_LOG"
diag "$(grep "events lost" "$HS_LOG" | tail -n 1)"

# And running: every port toggling for 15 s, losses or not.
check "every port replays a random 15 s hook sequence" toggle_all 15
sleep 17
check "after 15 s of toggling the views agree" wait_s 60 views_equal
views_equal
check "handsetd exits cleanly (no sanitizer report)" hs_stop
if [ "$TAP_FAILED" != 0 ]; then
	tail -n 50 "$HS_LOG" | sed 's/^/# handsetd: /'
fi
tap_done
