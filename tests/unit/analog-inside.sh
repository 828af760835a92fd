#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Unit test (TAP) of analog.inside_ports matching,
# built with ASan and UBSan.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${FXS_BUILD:-$top/build}/asan/unit
mkdir -p "$out"

# shellcheck disable=SC2046
gcc -std=gnu11 -g -O1 -Wall -Wextra -Werror -DHAVE_INTTYPES_H \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$top/userspace/handsetd" $(pkg-config --cflags libre) \
	-o "$out/analog-inside" "$top/tests/unit/analog-inside.c" \
	"$top/userspace/handsetd/analog_inside.c" $(pkg-config --libs libre)

exec "$out/analog-inside"
