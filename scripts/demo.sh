#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make demo`: from a clean clone on a fresh Debian machine, install what
# is missing, build, boot a VM (qemu TCG) with the freshly built modules and
# tell the story inside it: simulated built-in ports, an emulated USB port
# expander, handsetd, baresip as a SIP handset, lifted receivers, the
# Handsets list, and an expander port's handset added by configuration.
# The story is the end-to-end test tests/e2e/analog-story.sh itself, run
# with FXS_DEMO=1 (narrated): what the demo shows is what the test checks.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)

say() {
	printf '\033[1m==> %s\033[0m\n' "$*"
}

say "Installing the Debian packages the demo needs (scripts/install-deps.sh --test)"
"$top/scripts/install-deps.sh" --test

# The kernel the VM boots, and the modules built for exactly that one.
kver=$("$top/scripts/kernels.sh" | tail -n 1)
say "Building the modules for $kver and handsetd, handsetctl"
make -C "$top" --no-print-directory -j2 modules userspace tools \
	KDIR="/lib/modules/$kver/build" > \
	"${TMPDIR:-/tmp}/fxs-demo-build.log" 2>&1 || {
	tail -n 30 "${TMPDIR:-/tmp}/fxs-demo-build.log" >&2
	echo "demo: the build failed" \
		"(log: ${TMPDIR:-/tmp}/fxs-demo-build.log)" >&2
	exit 1
}

say "Booting Linux $kver under qemu (TCG) on this machine's root"
out=$top/build/demo
mkdir -p "$out"
rc=0
set -o pipefail
FXS_DEMO=1 "$top/tests/vm/vm-run" -k "$kver" -t 400 -- \
	"$top/tests/e2e/analog-story.sh" |
	tee "$out/story.log" |
	sed '/^---- handsets page ----$/,/^---- end of handsets page ----$/d' ||
	rc=$?
set +o pipefail

# The page the VM served once the receivers were lifted, as a browser
# shows it (headless Chromium; the page's own stylesheet).
sed -n '/^---- handsets page ----$/,/^---- end of handsets page ----$/p' \
	"$out/story.log" | sed '1d;$d' > "$out/handsets-page.html"
if [ -s "$out/handsets-page.html" ] &&
	/usr/bin/python3 "$top/scripts/demo/screenshot.py" \
		"$out/handsets-page.html" "$top/userspace/web/handsets.css" \
		"$out/handsets-page.png" > "$out/screenshot.log" 2>&1; then
	say "The Handsets page after the receivers were lifted:" \
		"$out/handsets-page.png"
else
	say "No screenshot of the Handsets page (see $out/screenshot.log)"
	[ "$rc" = 0 ] && rc=1
fi

# A vendor phone out of its box (issue 12), on this machine: the emulated
# phone of the provisioning tests, narrated by the test itself.
say "A phone out of its box: PnP, provisioning, registration, the typo'd MAC"
FXS_DEMO=1 FXS_BUILD="$top/build" "$top/tests/protocol/prov-duplicate.sh" |
	tee "$out/prov-story.log" | grep -v '^ok - \|^# ' || rc=1
grep -q '^not ok' "$out/prov-story.log" && rc=1

say "Demo finished in $(($(date +%s) - start)) s (status $rc)"
exit "$rc"
