#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# mkinitramfs.sh KVER OUT.cpio.gz
#
# A tiny busybox initramfs whose only job is to reach the host's root over
# virtio-9p, put a tmpfs overlay on it and switch_root into
# tests/vm/guest-init.  Everything else (bash, kmod, udev, sipp, baresip,
# our binaries) then comes from the host, so the VM needs no image of its own.
set -eu

KVER=$1
OUT=$2
MODS="virtio_pci 9pnet_virtio 9p overlay"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bin" "$work/mods" "$work/proc" "$work/sys" "$work/dev" \
	 "$work/host" "$work/newroot"
cp /bin/busybox "$work/bin/busybox"

# Load order from the kernel's own modules.dep; Debian 6.12 compresses its
# modules and busybox insmod cannot read .ko.xz, so decompress them here.
n=0
: > "$work/mods/order"
for m in $MODS; do
	modprobe -S "$KVER" --show-depends "$m" | while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		base=$(basename "$path")
		base=${base%.xz}
		base=${base%.zst}
		grep -qx "$base" "$work/mods/order" && continue
		case "$path" in
		*.xz)	xz -dc "$path" > "$work/mods/$base" ;;
		*.zst)	zstd -qdc "$path" > "$work/mods/$base" ;;
		*)	cp "$path" "$work/mods/$base" ;;
		esac
		echo "$base" >> "$work/mods/order"
	done
	n=$((n + 1))
done

cat > "$work/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /mods/order); do
	insmod "/mods/$m" || echo "initramfs: insmod $m failed"
done
project=$(sed -n 's/.*fxsvm.project=\([^ ]*\).*/\1/p' /proc/cmdline)
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose host /host ||
	{ echo "initramfs: cannot mount host root"; poweroff -f; }
mount -t tmpfs -o mode=0755 rw /newroot
mkdir -p /newroot/upper /newroot/work /newroot/root
mount -t overlay -o lowerdir=/host,upperdir=/newroot/upper,workdir=/newroot/work \
	overlay /newroot/root ||
	{ echo "initramfs: overlay on 9p failed"; poweroff -f; }
mkdir -p /newroot/root/fxsvm
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out \
	/newroot/root/fxsvm ||
	{ echo "initramfs: cannot mount output share"; poweroff -f; }
umount /proc /sys /dev
exec switch_root /newroot/root "$project/tests/vm/guest-init"
INIT
chmod +x "$work/init"

(cd "$work" && find . | cpio -o -H newc --quiet) | gzip -1 > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
