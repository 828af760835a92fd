#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build-kmod.sh KDIR OUTDIR [extra make args]
#
# Build the modules (and the test-only modules) for the kernel tree KDIR into
# OUTDIR.  Kbuild writes objects next to the sources it is given, so each
# kernel gets its own copy of the sources under OUTDIR/src: one checkout then
# builds for 6.1 and 6.12 without the two builds trampling each other.
set -eu

KDIR=$1
OUT=$2
shift 2
TOP=$(cd "$(dirname "$0")/.." && pwd)

mkdir -p "$OUT/src" "$OUT/tests"
# Copy only what changed, so repeated builds stay incremental.
for f in Kbuild kernel tests/kmod; do
	[ -e "$TOP/$f" ] || continue
	mkdir -p "$OUT/src/$(dirname "$f")"
	cp -a -u "$TOP/$f" "$OUT/src/$(dirname "$f")/"
done

make -C "$KDIR" M="$OUT/src" W=1 "$@" modules
find "$OUT/src/kernel" -name '*.ko' -exec cp {} "$OUT/" \;

if [ -f "$OUT/src/tests/kmod/Kbuild" ]; then
	make -C "$KDIR" M="$OUT/src/tests/kmod" W=1 \
		KBUILD_EXTRA_SYMBOLS="$OUT/src/Module.symvers" "$@" modules
	find "$OUT/src/tests/kmod" -name '*.ko' -exec cp {} "$OUT/tests/" \;
fi
