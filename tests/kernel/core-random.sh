#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Random and malformed generic netlink requests at the fxs family
# (tests/tools/fxs-nlrandom.py: raw sockets, every byte its own) from root
# and from an unprivileged user: unknown and notification-only commands,
# attribute types past the policy, wrong lengths, bad, deep and truncated
# nests, bytes left over, then thousands of random requests.  Each gets
# its errno, every EINVAL/ERANGE its extack message, nothing goes
# unanswered; the kernel prints no warning or oops, the ports still answer
# and the modules unload.  Leaks: kmemleak is not in Debian's kernels, so
# the unreclaimable slab (SUnreclaim) is read before and after a second
# batch of random requests; a leak of even a small buffer per request
# shows as megabytes.

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

NLRANDOM=$FXS_PROJECT/tests/tools/fxs-nlrandom.py
PY=/usr/bin/python3
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups
	--inh-caps=-all --bounding-set=-all --)

# nlrandom [ARGS...]: runs the tool, its TAP lines counted as ours (a
# file, not a pipe: the loop must run in this shell to count, and the
# VM's /dev has no /dev/fd for a process substitution).
nlrandom() {
	local line rc results=0
	"$@" > "$WORK/nlrandom.out" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }"; results=$((results + 1)) ;;
		"not ok - "*) not_ok "${line#not ok - }"
			results=$((results + 1)) ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done < "$WORK/nlrandom.out"
	[ "$results" -gt 0 ] || not_ok "fxs-nlrandom.py printed its results"
	[ "$rc" = 0 ] || [ "$TAP_FAILED" -gt 0 ] ||
		not_ok "fxs-nlrandom.py ran to its end (exit $rc)"
}

# SUnreclaim in kB
unreclaimable() {
	sed -n 's/^SUnreclaim: *\([0-9]*\) kB/\1/p' /proc/meminfo
}

mark=$(dmesg_mark)
sim_load builtin_ports=2 expander_ports=1 || { not_ok "load fxs_sim"; exit 1; }

nlrandom "$PY" "$NLRANDOM" --count 3000 --seed 14
nlrandom "${NOBODY[@]}" "$PY" "$NLRANDOM" --count 2000 --seed 15 \
	--unprivileged

before=$(unreclaimable)
nlrandom "$PY" "$NLRANDOM" --count 5000 --seed 16
after=$(unreclaimable)
check "unreclaimable slab grew less than 2 MB over 5000 requests\
 ($before kB, then $after kB)" test $((after - before)) -lt 2048

is "the ports still answer" "$(fxs_dump | grep -c '^port ')" 3
fxs_unload_all
check "the modules unload (no reference left behind)" \
	test -z "$(grep -E '^fxs(_sim)? ' /proc/modules)"
check "no kernel warning or oops" no_oops_since "$mark"
tap_done
