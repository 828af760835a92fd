#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Unit test (TAP) of the analog user ID ranges,
# built with ASan and UBSan.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${FXS_BUILD:-$top/build}/asan/unit
mkdir -p "$out"

# shellcheck disable=SC2046
gcc -std=gnu11 -g -O1 -Wall -Wextra -Werror -DHAVE_INTTYPES_H \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$top/userspace/handsetd" $(pkg-config --cflags libre) \
	-o "$out/analog-ids" "$top/tests/unit/analog-ids.c" \
	"$top/userspace/handsetd/analog_ids.c" $(pkg-config --libs libre)

exec "$out/analog-ids"
