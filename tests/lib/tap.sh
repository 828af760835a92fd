# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=dash
#
# TAP result lines for every tier (source it; POSIX sh, so the dash-run
# protocol tests use it too).  Each check prints one "ok - ..." or
# "not ok - ..." line (docs/DEVELOPING.md, "Test contract"); tap_done
# exits non-zero when any check failed, so a script's status agrees with
# its lines.  Sourcing this file also gives wait_for (poll.sh), which
# tests have always found here.

# FXS_TESTLIB: this directory, for the other files of the library.  bash
# knows where a sourced file lives; dash does not, so fall back on the
# project root the VM exports, then on the script's own place (every test
# lives one level below tests/).
if [ -z "${FXS_TESTLIB:-}" ]; then
	if [ -n "${BASH_SOURCE:-}" ]; then
		FXS_TESTLIB=$(cd "$(dirname "$BASH_SOURCE")" && pwd)
	elif [ -n "${FXS_PROJECT:-}" ]; then
		FXS_TESTLIB=$FXS_PROJECT/tests/lib
	else
		FXS_TESTLIB=$(cd "$(dirname "$0")/../lib" && pwd)
	fi
fi

TAP_PASSED=0
TAP_FAILED=0

# The functions are tap_ok, tap_check, ...; ok, check, ... are their short
# names.  The library itself calls the tap_ names, so a script that defines
# a function "check" of its own (tests/protocol/config-check.sh does) does
# not change what the library prints.
tap_ok() {
	TAP_PASSED=$((TAP_PASSED + 1))
	echo "ok - $*"
}

tap_not_ok() {
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok - $*"
}

tap_note() {
	printf '# %s\n' "$*"
}

# tap_check DESCRIPTION COMMAND... : pass when the command succeeds.
# Returns the verdict too, so a caller can print diagnostics after a
# failure.
tap_check() {
	_tap_desc=$1
	shift
	if "$@"; then
		tap_ok "$_tap_desc"
	else
		tap_not_ok "$_tap_desc"
		return 1
	fi
}

# tap_is DESCRIPTION GOT EXPECTED: equality, with both values in the log
# when they differ, so a failure report says what happened.
tap_is() {
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_not_ok "$1 (got '$2', expected '$3')"
		return 1
	fi
}

# tap_file_note FILE [LINES]: the tail of a log, as TAP comments.  awk
# ends every line, also a last one without a newline (sipp's error
# files), so the next result line starts a line of its own.
tap_file_note() {
	[ -f "$1" ] || return 0
	tail -n "${2:-20}" "$1" | awk '{ print "#   " $0 }'
}

# tap_done: the script's exit status, non-zero when a check failed.
tap_done() {
	tap_note "$TAP_PASSED passed, $TAP_FAILED failed"
	[ "$TAP_FAILED" = 0 ]
}

ok() { tap_ok "$@"; }
not_ok() { tap_not_ok "$@"; }
diag() { tap_note "$@"; }
check() { tap_check "$@"; }
is() { tap_is "$@"; }
diag_file() { tap_file_note "$@"; }
tap_summary() { tap_done; }

. "$FXS_TESTLIB/poll.sh"
