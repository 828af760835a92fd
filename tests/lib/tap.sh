# SPDX-License-Identifier: GPL-2.0-only
#
# TAP result lines for every tier (source it; POSIX sh, so the dash-run
# protocol tests use it too).  Each check prints one "ok - ..." or
# "not ok - ..." line (docs/DEVELOPING.md, "Test contract"); tap_done
# exits non-zero when any check failed, so a script's status agrees with
# its lines.  Sourcing this file also gives wait_for (poll.sh), which
# tests have always found here.
#
# The tap_ names (tap_ok, tap_check, ...) are those the protocol tier grew
# up with; they are the same functions, not copies.

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

ok() {
	TAP_PASSED=$((TAP_PASSED + 1))
	echo "ok - $*"
}

not_ok() {
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok - $*"
}

diag() {
	printf '# %s\n' "$*"
}

# check DESCRIPTION COMMAND... : pass when the command succeeds.  Returns
# the verdict too, so a caller can print diagnostics after a failure.
check() {
	_tap_desc=$1
	shift
	if "$@"; then
		ok "$_tap_desc"
	else
		not_ok "$_tap_desc"
		return 1
	fi
}

# is DESCRIPTION GOT EXPECTED: equality, with both values in the log when
# they differ, so a failure report says what happened.
is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1 (got '$2', expected '$3')"
		return 1
	fi
}

# diag_file FILE [LINES]: the tail of a log, as TAP comments.  awk ends
# every line, also a last one without a newline (sipp's error files), so
# the next result line starts a line of its own.
diag_file() {
	[ -f "$1" ] || return 0
	tail -n "${2:-20}" "$1" | awk '{ print "#   " $0 }'
}

# tap_done: the script's exit status, non-zero when a check failed.
tap_done() {
	diag "$TAP_PASSED passed, $TAP_FAILED failed"
	[ "$TAP_FAILED" = 0 ]
}

# The protocol tier's names for the same functions.
tap_summary() { tap_done; }
tap_ok() { ok "$@"; }
tap_not_ok() { not_ok "$@"; }
tap_note() { diag "$@"; }
tap_check() { check "$@"; }
tap_is() { is "$@"; }
tap_file_note() { diag_file "$@"; }

. "$FXS_TESTLIB/poll.sh"
