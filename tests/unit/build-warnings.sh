#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Zero compiler warnings: the modules for every kernel (W=1), the userspace
# programs (-Wall -Wextra), their sanitizer build and the test tools.  The
# top-level Makefile keeps each build's output in build/logs.  A log is
# that of the last build: after an incremental build that compiled nothing
# it is empty (make check from a clean clone compiles everything).
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
logs=${FXS_BUILD:-$top/build}/logs

for k in $("$top/scripts/kernels.sh"); do
	log=$logs/kmod-$k.log
	if [ ! -e "$log" ]; then
		not_ok "module build log for $k exists"
		continue
	fi
	w=$(grep -c 'warning:' "$log")
	is "modules build for $k with W=1 and no warning" "$w" 0
	[ "$w" = 0 ] || grep 'warning:' "$log" | head -n 20 | sed 's/^/# /'
done
for log in "$logs"/userspace.log "$logs"/userspace-asan.log "$logs"/tool-*.log; do
	[ -e "$log" ] || { not_ok "build log $(basename "$log") exists"; continue; }
	w=$(grep -c 'warning:' "$log")
	is "$(basename "$log" .log) builds with no warning" "$w" 0
	[ "$w" = 0 ] || grep 'warning:' "$log" | head -n 20 | sed 's/^/# /'
done
tap_done
