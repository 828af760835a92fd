#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Install exactly the Debian packages the build, the tests, the demo and the
# benchmarks need and that are not installed yet.  Idempotent; run as root.
# One list, so a fresh machine and CI install the same thing.
set -eu

PKGS="
build-essential pkg-config make gcc git bc kmod cpio xz-utils zstd
linux-image-amd64 linux-headers-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64
linux-source-6.1 linux-source-6.12
qemu-system-x86 busybox-static
libre-dev libconfig-dev libnl-3-dev libnl-genl-3-dev
sip-tester baresip linphone-cli sipsak
systemd udev iproute2 procps psmisc
dkms
dt-schema device-tree-compiler
python3 python3-yaml python3-jsonschema perl
"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	     grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root to install them" >&2
	exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
