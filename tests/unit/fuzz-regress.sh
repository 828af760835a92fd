#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The fuzz targets (docs/fuzzing.md) in the unit tier: built with clang,
# libFuzzer, ASan and UBSan without warnings; each replays its committed
# corpus and every input that once found a bug (tests/fuzz/found), then
# fuzzes for FUZZ_REGRESS_SECONDS (default 10).  A fix that is undone, or
# a new crash, leak or sanitizer report near the seeds, fails here.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${FXS_BUILD:-$top/build}
secs=${FUZZ_REGRESS_SECONDS:-10}

mkdir -p "$build"
log=$build/fuzz-build.log
if ! make -s -C "$top/userspace" -f fuzz/Makefile O="$build" >"$log" 2>&1
then
	echo "not ok - fuzz targets build with clang and libFuzzer"
	sed 's/^/# /' "$log" | tail -40
	exit 1
fi
if grep -q 'warning:' "$log"; then
	echo "not ok - fuzz targets build without warnings"
	grep 'warning:' "$log" | sed 's/^/# /'
else
	echo "ok - fuzz targets build with clang, libFuzzer," \
		"ASan, UBSan, no warnings"
fi

FXS_BUILD=$build "$top/tests/fuzz/run" "$secs"
