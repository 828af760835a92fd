#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Print the kernel releases we can build for and boot, oldest first: those
# with both headers (/lib/modules/KVER/build) and an image (/boot).
for d in /lib/modules/*/build; do
	[ -e "$d/Makefile" ] || continue
	kver=$(basename "$(dirname "$d")")
	[ -r "/boot/vmlinuz-$kver" ] && echo "$kver"
done | sort -V
