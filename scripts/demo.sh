#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make demo`: from a clean clone on a fresh Debian machine, install what
# is missing, build, boot a VM (qemu TCG) with the freshly built modules and
# tell the story of scripts/demo/story.sh inside it: simulated built-in and
# expander ports, handsetd, baresip as a SIP handset, lifted receivers, the
# Handsets list, and an expander port's handset added by configuration.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)

say() {
	printf '\033[1m==> %s\033[0m\n' "$*"
}

say "Installing the Debian packages the demo needs (scripts/install-deps.sh)"
"$top/scripts/install-deps.sh"

say "Building the modules (newest installed kernel) and handsetd, handsetctl"
make -C "$top" --no-print-directory -j2 modules userspace tools > \
	"${TMPDIR:-/tmp}/fxs-demo-build.log" 2>&1 || {
	tail -n 30 "${TMPDIR:-/tmp}/fxs-demo-build.log" >&2
	echo "demo: the build failed" \
		"(log: ${TMPDIR:-/tmp}/fxs-demo-build.log)" >&2
	exit 1
}

kver=$("$top/scripts/kernels.sh" | tail -n 1)
say "Booting Linux $kver under qemu (TCG) on this machine's root"
rc=0
"$top/tests/vm/vm-run" -k "$kver" -t 170 -- "$top/scripts/demo/story.sh" ||
	rc=$?

say "Demo finished in $(($(date +%s) - start)) s (status $rc)"
exit "$rc"
