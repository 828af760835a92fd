# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=dash
#
# Event monitors that run in the background of a test and write into a
# file the test then waits on (source it after tap.sh).  The kernel's
# events come from `fxsnl monitor` (tests/tools/fxsnl), which prints
# "# subscribed" once it has joined the fxs family's events group; any
# other listener (YNL, a handsetd client) starts with monitor_spawn and its
# own readiness line.
#
#	monitor_start FILE [fxsnl monitor options]
#	monitor_wait SECONDS FILE REGEX [COUNT [FROM_LINE]]
#	monitor_stop [PID]

FXSNL=${FXSNL:-${FXS_BUILD:-$PWD/build}/tools/fxsnl}
# Every monitor still running, MONITOR_PID the last one started.
MONITOR_PIDS=
MONITOR_PID=
# A listener under TCG with udevd busy can take many seconds to subscribe.
MONITOR_START_TIMEOUT=${MONITOR_START_TIMEOUT:-60}

# monitor_spawn FILE READY_REGEX COMMAND...: runs COMMAND with its output
# (stdout and stderr) in FILE and waits until a line matches READY_REGEX
# (an empty one: no wait).  Fails, with the output so far as comments,
# when the monitor exits or does not get ready in time.
monitor_spawn() {
	local file="$1" ready="$2"
	shift 2
	"$@" > "$file" 2>&1 &
	MONITOR_PID=$!
	MONITOR_PIDS="$MONITOR_PIDS $MONITOR_PID"
	[ -n "$ready" ] || return 0
	if ! wait_for "$MONITOR_START_TIMEOUT" monitor_ready "$file" "$ready"
	then
		tap_note "monitor $1 did not get ready:"
		tap_file_note "$file" 10
		return 1
	fi
}

# monitor_ready FILE REGEX: the monitor has printed its readiness line,
# and still runs.
monitor_ready() {
	grep -Eq -- "$2" "$1" && kill -0 "$MONITOR_PID" 2>/dev/null
}

# monitor_start FILE [OPTIONS]: fxsnl monitor, subscribed to the kernel's
# events group.
monitor_start() {
	local file="$1"
	shift
	monitor_spawn "$file" '^# subscribed' "$FXSNL" monitor "$@"
}

# monitor_wait SECONDS FILE REGEX [COUNT [FROM_LINE]]: until COUNT
# (default 1) lines of FILE from FROM_LINE on match the extended REGEX.
monitor_wait() {
	wait_grep "$1" "${4:-1}" "$2" "$3" "${5:-1}"
}

# monitor_stop [PID]: stops one monitor, or all of them.
monitor_stop() {
	local p pids="${1:-$MONITOR_PIDS}" rest=
	for p in $pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	for p in $MONITOR_PIDS; do
		case " $pids " in
		*" $p "*) ;;
		*) rest="$rest $p" ;;
		esac
	done
	MONITOR_PIDS=$rest
	MONITOR_PID=
	return 0
}
