#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The fxs family's spec (kernel/fxs.yaml) is the source of its ABI: it must
# be valid for the kernel's netlink schema, and the UAPI header and the
# kernel's policies and ops must say exactly what it says.  ynl-gen-c.py
# renders the spec as a UAPI header, which the hand-written one (it carries
# the protocol's documentation) is held against name by name; the
# policies stay hand-written because 6.1 needs genl_small_ops and our
# reply-only attributes carry their own refusal message, so
# netlink-spec.py compares them with the spec.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
build=${FXS_BUILD:-$top/build}
# Debian's python3-yaml and python3-jsonschema, whatever python3 PATH has.
py=/usr/bin/python3

tree=$("$top/scripts/ynl-tree.sh" "$build/ynl") || {
	not_ok "kernel YNL tree extracted (install linux-source-6.12)"
	exit 1
}
ok "kernel YNL tree in $tree"

# ynl-gen-c.py reads the schema next to the spec's directory and accepts
# only the kernel's own spec licence, so it reads a copy placed in the
# tree with that licence line; nothing else differs.
work=$build/netlink-spec
mkdir -p "$work"
spec=$tree/Documentation/netlink/specs/fxs.yaml
sed '1s/.*/# SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)/' \
	"$top/kernel/fxs.yaml" > "$spec"
cmp -s <(tail -n +2 "$spec") <(tail -n +2 "$top/kernel/fxs.yaml") ||
	not_ok "spec copy differs from kernel/fxs.yaml beyond its licence"
rm -f "$work/fxs.h"
if timeout 60 "$py" "$tree/tools/net/ynl/ynl-gen-c.py" --mode uapi \
	--header --spec "$spec" -o "$work/fxs.h" > "$work/gen.log" 2>&1 &&
	[ -s "$work/fxs.h" ]; then
	ok "ynl-gen-c.py renders the spec as a UAPI header"
else
	not_ok "ynl-gen-c.py renders the spec as a UAPI header"
	sed 's/^/# /' "$work/gen.log"
	exit 1
fi

"$py" "$top/tests/unit/netlink-spec.py" "$tree" "$top/kernel/fxs.yaml" \
	"$top/kernel/include/uapi/linux/fxs.h" "$top/kernel/fxs_netlink.c" \
	"$work/fxs.h" "$top/kernel/fxs_core.c" || TAP_FAILED=$((TAP_FAILED + 1))
tap_done
