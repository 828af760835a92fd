# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=dash
#
# Waiting for something to happen, bounded by wall-clock time (source it;
# POSIX sh).  A limit counted in tries is wrong on a slow VM: each try of
# handsetctl + python under qemu TCG can take a second, which stretches a
# "10 s" wait to minutes; a deadline on the clock does not.  A loaded
# machine then runs fewer tries, never a longer wait.

# POLL_INTERVAL: seconds between tries.
POLL_INTERVAL=${POLL_INTERVAL:-0.1}

# poll_now: milliseconds since the epoch into POLL_NOW.  bash has the
# clock in a variable; dash forks date.  (local: dash and bash have it.)
# shellcheck disable=SC3028 # unset in dash, which takes the other branch
poll_now() {
	case ${EPOCHREALTIME:-} in
	*[.,]*)
		_poll_us=${EPOCHREALTIME#*[.,]}
		_poll_s=${EPOCHREALTIME%[.,]*}
		POLL_NOW=$((_poll_s * 1000 + 1${_poll_us%???} - 1000))
		;;
	*)
		POLL_NOW=$(($(date +%s%N) / 1000000))
		;;
	esac
}

# wait_for SECONDS COMMAND... : run the command until it succeeds, at most
# SECONDS (whole seconds) of wall-clock time; it runs at least once.  Its
# stderr is dropped (the tries before success are expected to fail), its
# stdout is kept.  Returns 0 on success, 1 when the time ran out.
wait_for() {
	local end
	poll_now
	end=$((POLL_NOW + $1 * 1000))
	shift
	until "$@" 2>/dev/null; do
		poll_now
		[ "$POLL_NOW" -lt "$end" ] || return 1
		sleep "$POLL_INTERVAL"
	done
	return 0
}

# count_matches FILE REGEX [FROM_LINE]: how many lines of FILE (from line
# FROM_LINE on, default 1) match the extended REGEX; 0 for no file.
count_matches() {
	tail -n +"${3:-1}" "$1" 2>/dev/null | grep -cE -- "$2"
}

# has_matches N FILE REGEX [FROM_LINE]: at least N lines match.
has_matches() {
	[ "$(count_matches "$2" "$3" "${4:-1}")" -ge "$1" ]
}

# wait_grep SECONDS N FILE REGEX [FROM_LINE]: until at least N lines of a
# growing FILE (from FROM_LINE on) match the extended REGEX.
wait_grep() {
	local limit="$1"
	shift
	wait_for "$limit" has_matches "$@"
}
