#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# hook-unit.sh - build the hook-timing state machine (kernel/fxs_hook.c, the
# same file fxs.ko is built from) into a userspace test with ASan and UBSan,
# and run it.  The test prints the TAP lines.
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${FXS_BUILD:-$TOP/build}/unit
CC=${CC:-cc}
mkdir -p "$OUT"

if ! "$CC" -std=gnu11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-DFXS_HOOK_USER_TYPES='"hook-types.h"' \
	-I"$TOP/tests/unit" -I"$TOP/kernel/include" -I"$TOP/kernel" \
	"$TOP/tests/unit/hook-test.c" "$TOP/kernel/fxs_hook.c" \
	-o "$OUT/hook-test"; then
	echo "not ok - hook-test builds with -Wall -Wextra and sanitizers"
	exit 1
fi
echo "ok - hook-test builds with -Wall -Wextra and sanitizers"
exec "$OUT/hook-test"
