# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=dash
#
# The kernel log since a mark, and the one list of what in it fails a test
# (source it; used inside the VM).  Usage:
#	mark=$(dmesg_mark)
#	...
#	check "no kernel warning" no_oops_since "$mark"

# What a healthy kernel never prints: warnings and oopses, memory and
# refcount errors (KASAN, UBSAN, kmemleak, refcount_t, list corruption),
# lockdep splats and hung tasks.
KERNEL_OOPS='WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|kmemleak|leak'
KERNEL_OOPS="$KERNEL_OOPS"'|refcount_t|list_(add|del) corruption'
KERNEL_OOPS="$KERNEL_OOPS"'|INFO: task|hung_task|suspicious RCU usage|lockdep'
KERNEL_OOPS="$KERNEL_OOPS"'|possible (circular|recursive) locking'
KERNEL_OOPS="$KERNEL_OOPS"'|inconsistent lock state|non-static key'

# dmesg_mark: the number of kernel log lines so far.
dmesg_mark() {
	dmesg | wc -l
}

# dmesg_since MARK: the kernel log lines after MARK.
dmesg_since() {
	dmesg | tail -n +"$(($1 + 1))"
}

# kernel_oops_since MARK: prints the alarming lines after MARK; true when
# there is one.
kernel_oops_since() {
	dmesg_since "$1" | grep -E -- "$KERNEL_OOPS"
}

# no_oops_since MARK: the kernel said nothing alarming after MARK; when it
# did, the lines are shown as TAP comments.
no_oops_since() {
	local bad
	bad=$(kernel_oops_since "$1") || return 0
	printf '%s\n' "$bad" | head -n 40 | sed 's/^/#   kernel: /'
	return 1
}
