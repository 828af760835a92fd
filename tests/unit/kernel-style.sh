#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every kernel source file passes checkpatch --strict.  checkpatch and its
# data files come from Debian's linux-source-6.1 tarball (the headers
# packages lack them), extracted once into build/.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
build=${FXS_BUILD:-$top/build}
cp_dir=$build/checkpatch
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)

if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	if [ -z "$tarball" ]; then
		not_ok "checkpatch available (install linux-source-6.1)"
		exit 1
	fi
	mkdir -p "$cp_dir"
	top_dir=$(tar -tf "$tarball" | head -n 1 | cut -d/ -f1)
	tar -xf "$tarball" -C "$cp_dir" --strip-components=1 \
		"$top_dir/scripts/checkpatch.pl" \
		"$top_dir/scripts/spelling.txt" \
		"$top_dir/scripts/const_structs.checkpatch"
fi

cd "$top" || exit 1
files=$(git ls-files 'kernel/*.c' 'kernel/*.h' 'tests/kmod/*.c' 'tests/kmod/*.h' 2>/dev/null)
[ -n "$files" ] || files=$(find kernel tests/kmod -name '*.[ch]' 2>/dev/null)
# CAMELCASE is the one check left out: the USB descriptor fields the kernel
# names after the USB specification (bInterfaceNumber, bInterval) trip it,
# as they do in every in-tree USB driver.
for f in $files; do
	out=$("$cp_dir/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types --ignore CAMELCASE -f "$f" 2>&1)
	if echo "$out" | grep -qE '(ERROR|WARNING|CHECK):'; then
		not_ok "checkpatch --strict $f"
		echo "$out" | grep -E '(ERROR|WARNING|CHECK):' | sed 's/^/# /'
	else
		ok "checkpatch --strict $f"
	fi
done
tap_done
