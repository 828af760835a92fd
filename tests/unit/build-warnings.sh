#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Zero compiler warnings: the modules for every kernel (W=1), the userspace
# programs (-Wall -Wextra), their sanitizer build and every test tool.  The
# top-level Makefile keeps each build's output in build/logs through
# scripts/build-log.sh, which keeps the last build that compiled something
# when a later one had nothing to do.  So a missing or empty log means the
# build never ran or its output was lost, and fails: no log is no proof.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
logs=${FXS_BUILD:-$top/build}/logs

# no_warnings LOG WHAT: one result line for the build that wrote LOG.
no_warnings() {
	local log=$1 what=$2 w
	if [ ! -e "$log" ]; then
		not_ok "$what: build log $log exists"
		return
	fi
	if [ ! -s "$log" ]; then
		not_ok "$what: build log $log holds output (it is empty)"
		return
	fi
	w=$(grep -c 'warning:' "$log")
	is "$what builds with no warning" "$w" 0 ||
		grep 'warning:' "$log" | head -n 20 | sed 's/^/# /'
}

for k in $("$top/scripts/kernels.sh"); do
	no_warnings "$logs/kmod-$k.log" "modules for $k (W=1)"
done
no_warnings "$logs/userspace.log" userspace
no_warnings "$logs/userspace-asan.log" userspace-asan
for t in "$top"/tests/tools/*/Makefile; do
	t=$(basename "$(dirname "$t")")
	no_warnings "$logs/tool-$t.log" "tool $t"
done
tap_done
