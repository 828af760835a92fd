#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Si3210/Si3215 device-tree binding and the Raspberry Pi overlay:
#  1. dt-doc-validate on the binding, inside a copy of the kernel's own
#     binding tree (Debian's dt-schema lacks spi-peripheral-props.yaml);
#  2. the binding's example built as the kernel's dt_binding_check does
#     (cpp with the kernel's dt-bindings headers, dtc) and dt-validate'd;
#  3. dtc on the overlay, with no warning at all;
#  4. the overlay applied (fdtoverlay) to a stub board that has the labels
#     it targets, and the result dt-validate'd against the binding.
# The dt-schema tools exit 0 on several errors, so any output fails too.
# The kernel tree comes from Debian's linux-source-6.1 tarball, extracted
# once into $FXS_BUILD/dt-schema/.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"

build=${FXS_BUILD:-$top/build}
binding=$top/dts/bindings/telephony/silabs,si3215.yaml
overlay=$top/dts/overlays/rpi-si3215-overlay.dts
tarball=/usr/src/linux-source-6.1.tar.xz
cache=$build/dt-schema/linux-source-6.1
tree=$cache/Documentation/devicetree/bindings

for tool in dt-doc-validate dt-validate dt-mk-schema dtc fdtoverlay cpp; do
	if ! command -v "$tool" > /dev/null; then
		not_ok "tool $tool installed (scripts/install-deps.sh)"
		exit 1
	fi
done

if [ ! -d "$tree" ]; then
	diag "extracting the kernel's bindings from $tarball (once)"
	tmp=$(mktemp -d "$build/dt-schema.XXXXXX") || exit 1
	if tar -xJf "$tarball" -C "$tmp" \
	       linux-source-6.1/Documentation/devicetree/bindings \
	       linux-source-6.1/include/dt-bindings; then
		mkdir -p "$build/dt-schema"
		rm -rf "$cache"
		mv "$tmp/linux-source-6.1" "$cache"
	fi
	rm -rf "$tmp"
fi
check "kernel binding tree available" test -f "$tree/spi/spi-peripheral-props.yaml"
[ -d "$tree" ] || exit 1

work=$(mktemp -d)
trap 'rm -rf "$work" "$tree/telephony"' EXIT
mkdir -p "$tree/telephony"
cp "$binding" "$tree/telephony/"
copy=$tree/telephony/$(basename "$binding")

# quiet NAME COMMAND...: pass when the command succeeds and prints nothing
quiet() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = 0 ] && [ -z "$out" ]; then
		ok "$desc"
	else
		not_ok "$desc (status $rc)"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}

quiet "binding passes dt-doc-validate" dt-doc-validate -u "$tree" "$copy"

# Our binding with the schemas it refers to, processed once for dt-validate
if dt-mk-schema -j "$copy" "$tree/spi/" > "$work/schema.json" 2> "$work/mk.err"; then
	ok "binding processed by dt-mk-schema"
else
	not_ok "binding processed by dt-mk-schema"
	sed 's/^/# /' "$work/mk.err"
fi

# The example, wrapped like scripts/dtc/dt-extract-example does
python3 - "$binding" > "$work/example.dts" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
print("/dts-v1/;\n/plugin/;\n/ {\n\tcompatible = \"foo\";\n\tmodel = \"foo\";")
print("\t#address-cells = <1>;\n\t#size-cells = <1>;")
for i, ex in enumerate(doc["examples"]):
    lines = ex.splitlines()
    inc = [l for l in lines if l.startswith("#include")]
    body = [l for l in lines if not l.startswith("#include")]
    print("\n".join(inc))
    print("\texample-%d {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;" % i)
    print("\n".join(body))
    print("\t};")
print("};")
EOF
# #include lines must come first for cpp to be happy in any order
{ grep '^#include' "$work/example.dts"; grep -v '^#include' "$work/example.dts"; } \
	> "$work/example-sorted.dts"
if cpp -nostdinc -I "$cache/include" -undef -D__DTS__ -x assembler-with-cpp \
       -P "$work/example-sorted.dts" -o "$work/example.pp.dts" 2> "$work/cpp.err" &&
   dtc -q -@ -I dts -O yaml -o "$work/example.yaml" "$work/example.pp.dts" \
       2> "$work/dtc.err"; then
	ok "binding example compiles"
	quiet "binding example passes dt-validate" \
		dt-validate -s "$work/schema.json" "$work/example.yaml"
	check "binding example is judged by this binding" \
		grep -q 'telephony/silabs,si3215.yaml' \
		<(dt-validate -M -s "$work/schema.json" "$work/example.yaml" 2>&1)
else
	not_ok "binding example compiles"
	sed 's/^/# /' "$work/cpp.err" "$work/dtc.err"
fi

quiet "overlay compiles with dtc, no warnings" \
	dtc -@ -I dts -O dtb -o "$work/overlay.dtbo" "$overlay"

# A stub board carrying the labels the overlay targets (no schema matches
# its made-up compatibles, so only the ProSLIC node is judged)
cat > "$work/base.dts" <<'EOF'
/dts-v1/;
/ {
	compatible = "test,board";
	model = "stub";
	#address-cells = <1>;
	#size-cells = <1>;

	gpio: gpio@7e200000 {
		compatible = "test,gpio";
		reg = <0x7e200000 0xb4>;
		gpio-controller;
		#gpio-cells = <2>;
		interrupt-controller;
		#interrupt-cells = <2>;
		#address-cells = <0>;
	};

	spi0: spi@7e204000 {
		compatible = "test,spi";
		reg = <0x7e204000 0x200>;
		#address-cells = <1>;
		#size-cells = <0>;
		status = "disabled";

		spidev0: spidev@1 {
			compatible = "test,spidev";
			reg = <1>;
		};
	};
};
EOF
if dtc -q -@ -I dts -O dtb -o "$work/base.dtb" "$work/base.dts" &&
   fdtoverlay -i "$work/base.dtb" -o "$work/merged.dtb" "$work/overlay.dtbo" &&
   dtc -q -I dtb -O dts -o "$work/merged.dts" "$work/merged.dtb" &&
   dtc -q -I dts -O yaml -o "$work/merged.yaml" "$work/merged.dts"; then
	ok "overlay applies to a board with spi0, spidev0 and gpio"
	check "overlay adds the ProSLIC under spi0" \
		grep -q 'compatible = "silabs,si3215"' "$work/merged.dts"
	quiet "applied overlay passes dt-validate against the binding" \
		dt-validate -s "$work/schema.json" "$work/merged.yaml"
	# The check above must be able to fail: a value out of range
	sed 's/ring-frequency-hz = <[0-9a-fx]*>/ring-frequency-hz = <100>/' \
		"$work/merged.dts" > "$work/bad.dts"
	dtc -q -I dts -O yaml -o "$work/bad.yaml" "$work/bad.dts"
	check "dt-validate rejects an out-of-range ring frequency" \
		grep -q 'greater than the maximum' \
		<(dt-validate -s "$work/schema.json" "$work/bad.yaml" 2>&1)
else
	not_ok "overlay applies to a board with spi0, spidev0 and gpio"
fi

tap_done
