# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=dash
#
# AddressSanitizer and UBSan settings for every program a test runs from
# the sanitizer build (build/asan: handsetd, handsetctl, the unit tests),
# and the one pattern that finds their reports in a log (source it; POSIX
# sh).  A caller's own settings win, so a developer can ask for more.

# detect_leaks: a leak is a failure.  halt_on_error: the first report
# stops the program, so the test sees it instead of a later symptom.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

SANITIZER_REPORT='ERROR: (Address|Leak)Sanitizer|runtime error:'
SANITIZER_REPORT="$SANITIZER_REPORT"'|SUMMARY: (Address|UndefinedBehavior)'

# sanitizer_report FILE: prints the start of every sanitizer report in
# FILE as TAP comments; true when there is one.
sanitizer_report() {
	grep -Eq "$SANITIZER_REPORT" "$1" 2>/dev/null || return 1
	grep -E -A12 "$SANITIZER_REPORT" "$1" | head -n 40 | sed 's/^/#   /'
	return 0
}
