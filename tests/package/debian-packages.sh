#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Debian packages, checked the way piuparts does: build them from the
# tracked files, lintian, then in a throwaway Debian 12 tree made by
# mmdebstrap (through this machine's apt sources): install, the service's
# user, files and permissions, the shipped configurations validate as the
# daemon's user, upgrade to a rebuilt higher version keeps an edited
# configuration and the state directory, remove, and purge leaves nothing
# but the system user Debian Policy lets stay.
#
# Needs root (mmdebstrap, chroot) and Debian's package registry.
. "$(dirname "$0")/../lib/tap.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/fxs-pkg.XXXXXX")
R=$W/root
v2_pid=
trap '[ -n "$v2_pid" ] && kill -- "-$v2_pid" 2>/dev/null; wait; umount -R "$R/proc" 2>/dev/null; rm -rf "$W"' EXIT

version=$(cat "$top/VERSION")
upgrade=$version+test1

# --- build ----------------------------------------------------------------
if ! "$top/scripts/build-deb.sh" "$W/v1" > /dev/null 2>&1; then
	not_ok "dpkg-buildpackage builds the packages (log follows)"
	sed 's/^/# /' "$W/v1/build.log" | tail -n 40
	exit 1
fi
ok "dpkg-buildpackage -us -uc -b builds handsetd, fxs-dkms, fxs-dev"
# The upgrade's packages build meanwhile: the tree and the installs below
# mostly wait on the package registry and dpkg, so the second core is free.
setsid "$top/scripts/build-deb.sh" "$W/v2" "$upgrade" > /dev/null 2>&1 &
v2_pid=$!
debs=()
for p in handsetd fxs-dkms fxs-dev; do
	f=$(ls "$W/v1/${p}_"*.deb 2>/dev/null | grep -v dbgsym | head -n 1)
	check "package $p built" test -n "$f" || exit 1
	debs+=("$f")
	is "$p version follows VERSION" "$(dpkg-deb -f "$f" Version)" "$version"
done
is "debian/changelog follows VERSION" \
	"$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)" "$version"

lint=$(lintian "$W/v1/"*.changes 2>&1 | grep -E '^(E|W):')
if [ -z "$lint" ]; then
	ok "lintian: no error, no warning"
else
	not_ok "lintian: no error, no warning"
	printf '# %s\n' "$lint"
fi

# --- a Debian 12 tree with our packages' dependencies ----------------------
# apt resolves the dependencies from outside (the tree has no lists); the
# first alternative of each Depends is enough for a chroot.
deps=$(for f in "${debs[@]}"; do dpkg-deb -f "$f" Depends; done |
	tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep -v '^$' |
	sort -u | paste -sd, -)
# The headers of every test kernel, so DKMS builds for them as on a box.
kernels=$("$top/scripts/kernels.sh")
for k in $kernels; do
	deps="$deps,$(dpkg -S "/lib/modules/$k/build" | cut -d: -f1)"
done
if ! mmdebstrap --variant=apt --include="systemd,$deps" bookworm "$R" - \
	< /etc/apt/sources.list.d/debian.sources > "$W/mmdebstrap.log" 2>&1; then
	not_ok "mmdebstrap makes a Debian 12 tree"
	tail -n 20 "$W/mmdebstrap.log" | sed 's/^/# /'
	exit 1
fi
ok "mmdebstrap makes a Debian 12 tree with $deps"
mount -t proc proc "$R/proc"

in_root() {
	chroot "$R" "$@"
}

# Everything on the tree's own file systems, less what changes by itself
# or is allowed to stay: the system user's lines (Policy 9.2), dpkg's,
# apt's and systemd's own databases, and depmod's indexes of a kernel's
# modules (remade by every module package, DKMS's removal included).
snapshot() {
	(cd "$R" && find . -xdev \
		\( -path ./proc -o -path ./sys -o -path ./dev -o -path ./run \
		-o -path ./tmp -o -path ./var/cache -o -path ./var/log \
		-o -path ./var/lib/dpkg -o -path ./var/lib/apt \
		-o -path ./var/lib/systemd \) -prune -o -print |
		grep -vE '^\./etc/(passwd|group|shadow|gshadow)-?$' |
		grep -vE '^\./usr/lib/modules/[^/]+/modules\.[a-z.]+$' | sort)
}
snapshot > "$W/before"

mkdir -p "$R/tmp/v1" "$R/tmp/v2"
cp "${debs[@]}" "$R/tmp/v1/"

# --- install --------------------------------------------------------------
# dpkg -i DIR: every package in the tree's DIR at once
dpkg_i() {
	in_root bash -c "dpkg -i $1/*.deb"
}

if dpkg_i /tmp/v1 > "$W/install.log" 2>&1; then
	ok "dpkg -i handsetd fxs-dkms fxs-dev"
else
	not_ok "dpkg -i handsetd fxs-dkms fxs-dev"
	sed 's/^/# /' "$W/install.log" | tail -n 20
fi

check "user handsetd exists" bash -c "chroot \"$R\" getent passwd handsetd > /dev/null"
check "group handsetd exists" bash -c "chroot \"$R\" getent group handsetd > /dev/null"
is "configuration is root:handsetd 0640" \
	"$(in_root stat -c '%U:%G %a' /etc/handsetd/handsetd.conf)" \
	"root:handsetd 640"
check "conffile: /etc/handsetd/handsetd.conf" \
	grep -qx /etc/handsetd/handsetd.conf "$R/var/lib/dpkg/info/handsetd.conffiles"
for f in /usr/sbin/handsetd /usr/bin/handsetctl \
	/lib/systemd/system/handsetd.service \
	/usr/lib/sysusers.d/handsetd.conf /usr/lib/udev/rules.d/60-fxs.rules \
	/usr/share/man/man8/handsetd.8.gz /usr/share/man/man8/handsetctl.8.gz \
	/usr/share/man/man5/handsetd.conf.5.gz \
	/usr/share/doc/handsetd/examples/handsetd.conf.example \
	/usr/include/linux/fxs.h /usr/include/linux/fxs_name.h \
	/usr/share/fxs/netlink/fxs.yaml "/usr/src/fxs-$version/dkms.conf"; do
	check "installed: $f" test -e "$R$f"
done
check "unit enabled" \
	test -L "$R/etc/systemd/system/multi-user.target.wants/handsetd.service"
check "dkms knows fxs/$version" \
	bash -c "chroot '$R' dkms status fxs | grep -q '$version'"

# DKMS builds the modules for each kernel that has headers, as on a box
# after "apt install fxs-dkms"; the VM tier loads what it built
# (tests/kernel/dkms-load.sh), from $FXS_BUILD/dkms/KVER/.
for k in $kernels; do
	if in_root dkms install -m fxs -v "$version" -k "$k" \
		> "$W/dkms-$k.log" 2>&1; then
		ok "dkms builds and installs fxs/$version for $k"
	else
		not_ok "dkms builds and installs fxs/$version for $k"
		tail -n 20 "$W/dkms-$k.log" | sed 's/^/# /'
		continue
	fi
	d=$R/lib/modules/$k/updates/dkms
	for m in fxs fxs_sim fxs_si321x fxs_usb; do
		f=$(ls "$d/$m.ko"* 2>/dev/null | head -n 1)
		magic=$(modinfo -F vermagic "$f" 2>/dev/null)
		check "dkms built $m for $k (vermagic $k)" \
			test "${magic%% *}" = "$k"
	done
	rm -rf "${FXS_BUILD:?}/dkms/$k"
	mkdir -p "$FXS_BUILD/dkms/$k"
	cp "$d"/*.ko* "$FXS_BUILD/dkms/$k/"
done

# The daemon's user can read and validate what was installed.
as_handsetd() {
	in_root setpriv --reuid handsetd --regid handsetd --init-groups "$@"
}
check "installed configuration validates as user handsetd (handsetd -n)" \
	as_handsetd /usr/sbin/handsetd -n
check "the example configuration validates (handsetd -n -f example)" \
	as_handsetd /usr/sbin/handsetd -n \
	-f /usr/share/doc/handsetd/examples/handsetd.conf.example

# --- upgrade ----------------------------------------------------------------
echo "# edited by the administrator" >> "$R/etc/handsetd/handsetd.conf"
in_root install -d -o handsetd -g handsetd -m 0750 /var/lib/handsetd
echo kept > "$R/var/lib/handsetd/marker"
if ! wait "$v2_pid"; then
	v2_pid=
	not_ok "rebuild as $upgrade"
	tail -n 20 "$W/v2/build.log" | sed 's/^/# /'
	exit 1
fi
v2_pid=
cp $(ls "$W/v2/"*.deb | grep -v dbgsym) "$R/tmp/v2/"
if dpkg_i /tmp/v2 > "$W/upgrade.log" 2>&1; then
	ok "upgrade to $upgrade"
else
	not_ok "upgrade to $upgrade"
	sed 's/^/# /' "$W/upgrade.log" | tail -n 20
fi
is "handsetd is now $upgrade" \
	"$(in_root dpkg-query -W -f='${Version}' handsetd)" "$upgrade"
check "upgrade kept the edited configuration" \
	grep -q "edited by the administrator" "$R/etc/handsetd/handsetd.conf"
is "upgrade kept the configuration's permissions" \
	"$(in_root stat -c '%U:%G %a' /etc/handsetd/handsetd.conf)" \
	"root:handsetd 640"
check "upgrade kept the state directory" \
	grep -qx kept "$R/var/lib/handsetd/marker"
check "dkms moved to fxs/$upgrade" \
	bash -c "chroot '$R' dkms status fxs | grep -q '$upgrade' &&
		! chroot '$R' dkms status fxs | grep -q '$version[,:]'"

# --- remove, purge ----------------------------------------------------------
in_root dpkg -r handsetd fxs-dkms fxs-dev > "$W/remove.log" 2>&1
check "dpkg -r removes the programs" test ! -e "$R/usr/sbin/handsetd"
check "remove keeps the configuration" test -e "$R/etc/handsetd/handsetd.conf"
in_root dpkg -P handsetd fxs-dkms fxs-dev > "$W/purge.log" 2>&1
check "purge removes the configuration" test ! -e "$R/etc/handsetd"
check "purge removes the state directory" test ! -e "$R/var/lib/handsetd"
snapshot > "$W/after"
left=$(comm -13 "$W/before" "$W/after")
if [ -z "$left" ]; then
	ok "purge leaves nothing behind but the system user"
else
	not_ok "purge leaves nothing behind but the system user"
	printf '# left: %s\n' $left
fi

tap_done
