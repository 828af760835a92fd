#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# 64 ports (32 built-in, 32 on an expander) toggle at random for 15 s while
# handsetd listens: afterwards the daemon's view of every port equals the
# kernel's.  Built-in ports create handsets as they go off hook, so the
# state file is written under load too.
. "$FXS_PROJECT/tests/vm/lib.sh"
. "$FXS_PROJECT/tests/e2e/analog.bash"

trap e2e_cleanup EXIT

fxs_unload_all
e2e_setup '"builtin"'

check "fxs_sim with 64 ports" \
	modprobe fxs_sim builtin_ports=32 expander_ports=32
check "handsetd starts" hs_start
check "the daemon sees all 64 ports" wait_s 30 views_equal

diag "$SECONDS s: toggling starts"
check "every port replays a random 15 s hook sequence" toggle_all 15
sleep 17
diag "$SECONDS s: toggling over"
off=$(grep -l offhook /sys/class/fxs/*/hook | wc -l)
diag "kernel: $off of 64 ports end off hook"
check "the daemon's view equals the kernel's, port by port" \
	wait_s 30 views_equal || hs_where
diag "$SECONDS s: compared"
views_equal
check "built-in ports that went off hook got handsets" \
	test "$(grep -c 'created handset' "$HS_LOG")" -ge 1
diag "handsets created: $(grep -c 'created handset' "$HS_LOG")"
diag "resyncs after lost events: $(grep -c 'events lost' "$HS_LOG")"
check "handsetd exits cleanly (no sanitizer report)" hs_stop
if [ "$TAP_FAILED" != 0 ]; then
	tail -n 50 "$HS_LOG" | sed 's/^/# handsetd: /'
fi
tap_done
