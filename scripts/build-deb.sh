#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build-deb.sh OUTDIR [VERSION]
#
# Build the Debian packages (handsetd, fxs-dkms, fxs-dev) from the files git
# tracks, in a scratch copy, and leave the .deb files and the build log in
# OUTDIR.  VERSION (tests use it to make an upgrade) overrides the one in
# VERSION for that copy only, changelog entry included.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
version=${2:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

src=$work/fxs
mkdir -p "$src"
# Tracked files only: build outputs and local leftovers stay out.
git -C "$top" ls-files -z | (cd "$top" && xargs -0 cp --parents -t "$src")

if [ -n "$version" ]; then
	echo "$version" > "$src/VERSION"
	(cd "$src" && DEBFULLNAME="fxs maintainers" \
		DEBEMAIL="maintainers@users.noreply.r-seed-f4c7c2e1.example" \
		dch --newversion "$version" --distribution unstable \
		"Rebuilt as $version." >/dev/null 2>&1) || {
		# dch (devscripts) is not needed for anything else: write the
		# entry ourselves when it is missing.
		{
			printf 'fxs (%s) unstable; urgency=medium\n\n' "$version"
			printf '  * Rebuilt as %s.\n\n' "$version"
			printf ' -- fxs maintainers <maintainers@users.noreply.r-seed-f4c7c2e1.example>  %s\n\n' \
				"$(date -R)"
			cat "$src/debian/changelog"
		} > "$work/changelog"
		mv "$work/changelog" "$src/debian/changelog"
	}
fi

(cd "$src" && dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
}
mv "$work"/*.deb "$work"/*.buildinfo "$work"/*.changes "$out/"
ls "$out"/*.deb
