#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# ynl-tree.sh [DIR] - extract the kernel's netlink schemas and YNL tools
# (Documentation/netlink/, tools/net/ynl/) from Debian's linux-source-6.12
# tarball into DIR (default build/ynl) and print DIR.  Idempotent: a tree
# already there is kept.  Nothing of it is ever committed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${FXS_BUILD:-$top/build}/ynl}
stamp=$dir/.extracted

if [ ! -e "$stamp" ]; then
	tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n 1)
	if [ -z "$tarball" ]; then
		echo "ynl-tree.sh: install linux-source-6.12" >&2
		exit 1
	fi
	tmp=$dir.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	src=$(tar -tf "$tarball" | head -n 1 | cut -d/ -f1)
	tar -xf "$tarball" -C "$tmp" --strip-components=1 \
		"$src/Documentation/netlink" "$src/tools/net/ynl"
	# ynl-gen-c.py finds the tree's root by its MAINTAINERS file.
	: > "$tmp/MAINTAINERS"
	rm -rf "$dir"
	mv "$tmp" "$dir"
	touch "$stamp"
fi
echo "$dir"
