# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=dash
#
# Starting and stopping handsetd in a test, on the host (protocol tier) and
# in the VM (end-to-end tier); source it after tap.sh.  The caller names
# the daemon's files:
#	HSD_CONF	its configuration (handsetd -f)
#	HSD_SOCK	the control socket that configuration names
#	HSD_LOG		where its stderr goes (handsetd -F logs there)
# and may set:
#	HSD_USER	started as root, the user handsetd becomes (-u);
#			default root: tests own their files as root
#	HSD_WRAP	a command that runs handsetd (setpriv, as the unit)
# then: hsd_start [options] ... hsd_ctl ARGS ... hsd_stop.
#
# The sanitizer build is preferred: a test is the best fuzzer the daemon
# gets, and a memory error must fail the test, not pass silently.

. "$FXS_TESTLIB/sanitizer.sh"

FXS_BUILD=${FXS_BUILD:-$PWD/build}
if [ -z "${HSD_BIN:-}" ]; then
	if [ -x "$FXS_BUILD/asan/bin/handsetd" ]; then
		HSD_BIN=$FXS_BUILD/asan/bin/handsetd
	else
		HSD_BIN=$FXS_BUILD/bin/handsetd
	fi
fi
# handsetctl is not what is tested: the plain build starts faster.
if [ -z "${HSD_CTL_BIN:-}" ]; then
	if [ -x "$FXS_BUILD/bin/handsetctl" ]; then
		HSD_CTL_BIN=$FXS_BUILD/bin/handsetctl
	else
		HSD_CTL_BIN=$FXS_BUILD/asan/bin/handsetctl
	fi
fi
HSD_PID=
# ASan start-up in a TCG guest on a busy host can take tens of seconds,
# and so can its leak check at exit.
HSD_START_TIMEOUT=${HSD_START_TIMEOUT:-60}
HSD_STOP_TIMEOUT=${HSD_STOP_TIMEOUT:-60}

# hsd_ctl ARGS...: handsetctl on the test's socket.  A daemon that stops
# answering fails the step instead of hanging the test.
hsd_ctl() {
	timeout 30 "$HSD_CTL_BIN" -s "$HSD_SOCK" "$@"
}

hsd_answers() {
	hsd_ctl list > /dev/null 2>&1
}

# hsd_alive: the daemon still runs (a crash is a failure in every test).
hsd_alive() {
	[ -n "$HSD_PID" ] && kill -0 "$HSD_PID" 2>/dev/null
}

# hsd_up: the daemon answers, or has died (which ends the wait early).
hsd_up() {
	hsd_answers || ! hsd_alive
}

# hsd_start [handsetd options]: runs handsetd -F on $HSD_CONF, its output
# appended to $HSD_LOG, and waits until its control socket answers.
hsd_start() {
	# shellcheck disable=SC2086
	${HSD_WRAP:-} "$HSD_BIN" -F -f "$HSD_CONF" -u "${HSD_USER:-root}" \
		"$@" >> "$HSD_LOG" 2>&1 &
	HSD_PID=$!
	wait_for "$HSD_START_TIMEOUT" hsd_up
	if ! hsd_alive; then
		wait "$HSD_PID"
		tap_note "handsetd exited with status $? during start-up"
		HSD_PID=
		return 1
	fi
	hsd_answers && return 0
	tap_note "handsetd did not answer on $HSD_SOCK within" \
		"$HSD_START_TIMEOUT s"
	return 1
}

# hsd_where: where each thread of the daemon waits (for one that hangs).
hsd_where() {
	local t
	for t in /proc/"$HSD_PID"/task/*; do
		tap_note "thread $(basename "$t"):" \
			"$(cat "$t/wchan" 2>/dev/null)"
		sed 's/^/#   /' "$t/stack" 2>/dev/null
	done
}

hsd_gone() {
	! kill -0 "$HSD_PID" 2>/dev/null
}

# hsd_end: SIGTERM, then waits $HSD_STOP_TIMEOUT s for the daemon to
# exit; one that ignores it is killed.  Its exit status in HSD_EXIT
# ("killed" then).
hsd_end() {
	HSD_EXIT=killed
	kill -TERM "$HSD_PID" 2>/dev/null
	if wait_for "$HSD_STOP_TIMEOUT" hsd_gone; then
		wait "$HSD_PID"
		HSD_EXIT=$?
	else
		tap_note "handsetd ignored SIGTERM for" \
			"$HSD_STOP_TIMEOUT s: killed"
		hsd_where
		kill -KILL "$HSD_PID" 2>/dev/null
		wait "$HSD_PID" 2>/dev/null
	fi
	HSD_PID=
}

# hsd_terminate: hsd_end, true when the daemon exited with status 0 and
# its log holds no sanitizer report (for `check`); why not as comments.
hsd_terminate() {
	if [ -z "$HSD_PID" ]; then
		tap_note "handsetd is not running"
		return 1
	fi
	hsd_end
	[ "$HSD_EXIT" = 0 ] ||
		tap_note "handsetd exited with status $HSD_EXIT"
	! sanitizer_report "$HSD_LOG" && [ "$HSD_EXIT" = 0 ]
}

# hsd_stop: hsd_end as two result lines, one for the exit status and one
# for the sanitizers.
hsd_stop() {
	local rc=0
	if [ -n "$HSD_PID" ]; then
		hsd_end
		tap_is "handsetd exits with status 0 on SIGTERM" \
			"$HSD_EXIT" 0 || rc=1
	else
		tap_not_ok "handsetd was running until the end of the test"
		rc=1
	fi
	hsd_check_sanitizers || rc=1
	return "$rc"
}

# hsd_check_sanitizers: one result line, with the reports if any.
hsd_check_sanitizers() {
	if sanitizer_report "$HSD_LOG"; then
		tap_not_ok "no AddressSanitizer/UBSan report from handsetd"
		return 1
	fi
	tap_ok "no AddressSanitizer/UBSan report from handsetd"
}

# hsd_kill9: the crash a power cut looks like to the state directory.
hsd_kill9() {
	kill -KILL "$HSD_PID" 2>/dev/null
	wait "$HSD_PID" 2>/dev/null
	HSD_PID=
}
