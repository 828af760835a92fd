# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers of the core-*.sh kernel tests (sourced, not run: not executable).
# They drive fxs.ko through fxs_sim.ko's debugfs files (the "phone") and
# read back through the real interfaces: netlink (fxs_get and the rest of
# tests/lib/ynl.bash, fxsnl for monitor and raw), sysfs.

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

# mon_start FILE [fxsnl monitor options] / mon_stop: tests/lib/monitor.sh's
# monitor_start and monitor_stop, the listener's PID in MON_PID.
mon_start() {
	monitor_start "$@"
	local rc=$?
	MON_PID=$MONITOR_PID
	return "$rc"
}

mon_stop() {
	monitor_stop
	MON_PID=""
}

# The value of KEY in one key=value line.
field() {
	local line=$1 key=$2
	sed -nE "s/.*(^| )$key=([^ ]*).*/\\2/p" <<< "$line"
}

# port_line NAME: the dump line of one port.
port_line() {
	fxs_get "$1"
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

# until_ok: the old name of wait_for (tests/lib/poll.sh); wait_grep is
# there too.
until_ok() {
	wait_for "$@"
}

# wait_events TIMEOUT_S N FILE PORT EVENT [FROM_LINE]
wait_events() {
	wait_grep "$1" "$2" "$3" "^event=$5 .* name=$4 " "${6:-1}"
}

lines() {
	wc -l < "$1"
}

# pulses N BREAK MAKE: the steps of one dialled digit (N pulses), for inject.
pulses() {
	local i out=""
	for ((i = 0; i < $1; i++)); do
		out="$out on $2 off $3"
	done
	echo "$out"
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

# dmesg_clean MARK: the old name of no_oops_since (tests/lib/kernel-log.sh).
dmesg_clean() {
	no_oops_since "$1"
}
