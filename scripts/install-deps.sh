#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# install-deps.sh [--test]
#
# Install the Debian packages that are not installed yet.  Idempotent; run as
# root.  The one package list of the project, in two parts:
#
#   (no option)  what building (make, make deb) and running need on a box:
#                compiler, libraries, debhelper, DKMS and the kernel
#                headers of the RUNNING kernel, on any architecture Debian
#                supports.  Nothing else: a box must not
#                get a second kernel image or the test setup.
#   --test       the above plus what `make check`, `make demo` and `make bench`
#                need: qemu, Debian's 6.1 and 6.12 amd64 kernels to boot in
#                it, softphones, schema tools, a headless browser.
set -eu

BUILD_PKGS="
build-essential pkg-config make gcc bc kmod dkms
libre-dev libconfig-dev libnl-3-dev libnl-genl-3-dev libssl-dev
debhelper dh-dkms tzdata
"

# The VM tiers boot Debian's own amd64 kernels under qemu (TCG), whatever
# the build machine runs; linux-source-* give checkpatch and the kernel's
# netlink schemas and YNL tools.
TEST_PKGS="
git cpio xz-utils zstd
linux-image-amd64 linux-headers-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64
linux-source-6.1 linux-source-6.12
qemu-system-x86 busybox-static
sip-tester baresip linphone-cli sipsak curl openssl
fail2ban kamailio
systemd udev iproute2 procps psmisc
dt-schema device-tree-compiler
python3 python3-yaml python3-jsonschema
lintian mmdebstrap
chromium chromium-driver python3-selenium
perl
clang libclang-rt-14-dev
"

test_deps=false
case "${1:-}" in
--test) test_deps=true ;;
"") ;;
*) echo "usage: $0 [--test]" >&2; exit 2 ;;
esac

installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null |
		grep -q '^install ok installed$'
}

apt_updated=false
apt_update() {
	$apt_updated && return 0
	apt-get update -q
	apt_updated=true
}

known() {
	apt-cache show "$1" >/dev/null 2>&1
}

# Headers for the kernel this machine runs: the exact package when Debian
# has it (linux-headers-6.1.0-28-arm64), else the flavour's metapackage
# (linux-headers-arm64, -armmp, -rpi), else the architecture's.  A box whose
# kernel is not Debian's needs its vendor's headers: say so, do not guess.
# Sets $headers (empty when they are there already or cannot be named).
find_headers() {
	kver=$(uname -r)
	headers=""
	[ -e "/lib/modules/$kver/build/Makefile" ] && return 0
	for p in "linux-headers-$kver" "linux-headers-${kver##*-}" \
		 "linux-headers-$(dpkg --print-architecture)"; do
		if known "$p"; then
			headers=$p
			return 0
		fi
	done
	return 1
}

export DEBIAN_FRONTEND=noninteractive
# Package lists may be missing or old on a fresh machine: update once and
# look again before giving up on a name.
if ! find_headers && [ "$(id -u)" = 0 ]; then
	apt_update
	find_headers || true
fi
if [ -z "$headers" ] && [ ! -e "/lib/modules/$(uname -r)/build/Makefile" ]; then
	echo "install-deps: no Debian headers package for kernel $(uname -r);" \
	     "install its headers so /lib/modules/$(uname -r)/build exists" >&2
fi

pkgs="$BUILD_PKGS $headers"
$test_deps && pkgs="$pkgs $TEST_PKGS"

missing=""
for p in $pkgs; do
	installed "$p" || missing="$missing $p"
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
apt_update
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
