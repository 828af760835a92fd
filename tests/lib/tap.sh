# SPDX-License-Identifier: GPL-2.0-only
#
# TAP helpers for test scripts (source it).  Each check prints one
# "ok - ..." or "not ok - ..." line; tap_done exits non-zero when any
# check failed, so a script's status agrees with its lines.

TAP_FAILED=0

ok() {
	echo "ok - $*"
}

not_ok() {
	echo "not ok - $*"
	TAP_FAILED=$((TAP_FAILED + 1))
}

# check DESCRIPTION COMMAND... : pass when the command succeeds.  Returns
# the verdict too, so a caller can print diagnostics after a failure.
check() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
		return 1
	fi
}

# is DESCRIPTION GOT EXPECTED
is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1 (got '$2', expected '$3')"
	fi
}

# wait_for TIMEOUT_S COMMAND... : poll until the command succeeds.
wait_for() {
	local limit=$1 i=0
	shift
	while ! "$@" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -ge $((limit * 10)) ] && return 1
		sleep 0.1
	done
}

diag() {
	echo "# $*"
}

tap_done() {
	[ "$TAP_FAILED" = 0 ]
}
