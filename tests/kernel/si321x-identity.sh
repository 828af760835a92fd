#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fxs_si321x refuses, with -ENODEV and a message saying why, a bus where no
# chip answers (MISO floating high or held low), another chip, and a
# ProSLIC of the other variant than the firmware describes.  A refused
# device registers no port and is left untouched.
. "$FXS_PROJECT/tests/kernel/si321x-lib.bash"

si_begin || { not_ok "modules load"; exit 1; }

# refused IDENTITY COMPATIBLE MESSAGE
refused() {
	local identity=$1 compatible=$2 msg=$3 mark log
	si_config identity "$identity"
	si_config compatible "$compatible"
	mark=$(dmesg_mark)
	si_add
	log=$(dmesg_since "$mark")
	check "$identity as $compatible: not bound" si_probe_failed
	check "$identity as $compatible: -ENODEV" \
		grep -q "fxs_si321x $(si_spidev): error -ENODEV" <<< "$log"
	check "$identity as $compatible: message '$msg'" \
		grep -qF "$msg" <<< "$log"
	check "$identity as $compatible: no port" \
		test ! -e "/sys/class/fxs/$(si_port)"
	is "$identity as $compatible: line untouched (reg 64)" \
		"$(si_reg 64)" 0x00
	si_remove
}

refused none si3215 "no ProSLIC answers: register 0 reads 0xff"
refused stuck-low si3210 "no ProSLIC answers: register 0 reads 0x00"
refused other si3215 "not a Si3210/Si3215: registers 8 and 11 read 0x00 0x00"
refused si3210 si3215 "found a Si3210 where the firmware describes a Si3215"
refused si3215 si3210 "found a Si3215 where the firmware describes a Si3210"

# And the right one still binds afterwards
si_config identity si3210
si_config compatible si3210
si_add
check "si3210 as si3210 after the refusals: bound" si_bound
si_remove

si_end
tap_done
