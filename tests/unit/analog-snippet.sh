#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Unit test (TAP) of the analog handset configuration snippet,
# built with ASan and UBSan.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${FXS_BUILD:-$top/build}/asan/unit
mkdir -p "$out"

# shellcheck disable=SC2046
gcc -std=gnu11 -g -O1 -Wall -Wextra -Werror -DHAVE_INTTYPES_H \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$top/userspace/handsetd" $(pkg-config --cflags libre libconfig) \
	-o "$out/analog-snippet" "$top/tests/unit/analog-snippet.c" \
	"$top/userspace/handsetd/analog_snippet.c" \
	$(pkg-config --libs libre libconfig)

exec "$out/analog-snippet"
