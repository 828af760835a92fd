# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers of the core-*.sh kernel tests (sourced, not run: not executable).
# They drive fxs.ko through fxs_sim.ko's debugfs files (the "phone") and
# read back through the real interfaces: netlink with fxsnl, sysfs.

# shellcheck source=../vm/lib.sh
. "$FXS_PROJECT/tests/vm/lib.sh"

SIM=/sys/kernel/debug/fxs_sim
WORK=$(mktemp -d /tmp/core-test.XXXXXX)
MON_PID=""

core_cleanup() {
	mon_stop
	fxs_unload_all
	rm -rf "$WORK"
}
trap core_cleanup EXIT

# sim_load ARGS...: load fxs_sim (and so fxs) with module parameters.
sim_load() {
	fxs_unload_all
	modprobe fxs_sim "$@"
}

# mon_start FILE [fxsnl monitor options]: a listener in the background,
# returns once it has joined the events group.
mon_start() {
	local file=$1
	shift
	"$FXSNL" monitor "$@" > "$file" 2> "$file.err" &
	MON_PID=$!
	if ! until_ok 30 grep -q '^# subscribed' "$file"; then
		diag "monitor did not start: $(cat "$file.err")"
		return 1
	fi
}

mon_stop() {
	if [ -n "$MON_PID" ]; then
		kill "$MON_PID" 2>/dev/null
		wait "$MON_PID" 2>/dev/null
		MON_PID=""
	fi
}

# The value of KEY in one key=value line.
field() {
	local line=$1 key=$2
	sed -nE "s/.*(^| )$key=([^ ]*).*/\\2/p" <<< "$line"
}

# port_line NAME: the dump line of one port.
port_line() {
	"$FXSNL" get "$1"
}

# port_field NAME KEY
port_field() {
	field "$(port_line "$1")" "$2"
}

# event_words FILE PORT [FROM_LINE]: the port's hook events as words, digits
# as digit:N, e.g. "offhook digit:3 flash onhook".  PORT_CHANGED (line
# state, not hook) is left out: tests of it read those lines themselves.
event_words() {
	local file=$1 port=$2 from=${3:-1}
	tail -n +"$from" "$file" | grep '^event=' |
		grep -v '^event=port_changed ' | grep " name=$port " |
		while read -r line; do
			local ev
			ev=$(field "$line" event)
			if [ "$ev" = digit ]; then
				echo "digit:$(field "$line" digit)"
			else
				echo "$ev"
			fi
		done | paste -sd ' ' -
}

# count_events FILE PORT EVENT [FROM_LINE]
count_events() {
	local file=$1 port=$2 ev=$3 from=${4:-1}
	tail -n +"$from" "$file" | grep -c "^event=$ev .* name=$port " || true
}

# until_ok TIMEOUT_S COMMAND...: poll COMMAND until it succeeds, for at most
# TIMEOUT_S seconds of wall-clock time (a slow VM runs fewer polls, not
# longer waits).
until_ok() {
	local end=$((SECONDS + $1))
	shift
	until "$@" 2>/dev/null; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.1
	done
	return 0
}

# wait_grep TIMEOUT_S N FILE REGEX [FROM_LINE]: until N lines of FILE
# (from FROM_LINE on) match REGEX.
wait_grep() {
	local end=$((SECONDS + $1)) n=$2 file=$3 re=$4 from=${5:-1}
	while [ "$(tail -n +"$from" "$file" | grep -cE "$re")" -lt "$n" ]; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.1
	done
	return 0
}

# wait_events TIMEOUT_S N FILE PORT EVENT [FROM_LINE]
wait_events() {
	wait_grep "$1" "$2" "$3" "^event=$5 .* name=$4 " "${6:-1}"
}

lines() {
	wc -l < "$1"
}

# inject PORT "off 100 on 60 ...": a hook sequence timed by the kernel.
inject() {
	echo "$2" > "$SIM/$1/inject"
}

inject_idle() {
	grep -q '^idle' "$SIM/$1/inject"
}

# sim_state PORT KEY: a field of fxs_sim's view of the "chip".
sim_state() {
	field "$(cat "$SIM/$1/state")" "$2"
}

# dmesg_clean MARK: no kernel warning, oops or leak report since MARK.
dmesg_clean() {
	! dmesg_since "$1" | grep -E 'WARNING:|BUG:|Oops|general protection|refcount_t|leak|list_(add|del) corruption|INFO: task'
}
