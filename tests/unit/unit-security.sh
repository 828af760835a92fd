#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The systemd unit's sandbox, as systemd rates it: 2.0 or lower ("OK"), and
# the capability set exactly the two handsetd needs (privs.c says why).
. "$(dirname "$0")/../lib/tap.sh"

unit=userspace/handsetd.service
out=$(systemd-analyze security --offline=yes "$unit" 2>&1)
score=$(sed -nE 's/.*Overall exposure level for [^:]*: ([0-9.]+).*/\1/p' <<< "$out")
if [ -z "$score" ]; then
	not_ok "systemd-analyze security rates $unit"
	printf '# %s\n' "$out" | tail -n 5
	exit 1
fi
diag "systemd-analyze security --offline=yes: exposure $score"
check "exposure $score is 2.0 or lower" \
	awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'

caps="CAP_NET_BIND_SERVICE CAP_NET_ADMIN"
is "ambient capabilities" \
	"$(sed -n 's/^AmbientCapabilities=//p' "$unit")" "$caps"
is "bounding set" \
	"$(sed -n 's/^CapabilityBoundingSet=//p' "$unit")" "$caps"
is "runs as user handsetd" "$(sed -n 's/^User=//p' "$unit")" handsetd
check "privs.c keeps the same two capabilities" \
	grep -q 'kept_caps\[\] = { CAP_NET_BIND_SERVICE, CAP_NET_ADMIN }' \
	userspace/handsetd/privs.c

tap_done
