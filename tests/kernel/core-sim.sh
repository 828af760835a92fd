#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fxs_sim's own controls, which every other kernel test relies on: module
# parameters, bad input refused with nothing lost, looping sequences, and
# the fault and chip-error knobs seen through the core's interfaces.

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

# bad FILE INPUT DESCRIPTION: writing INPUT to FILE fails.
bad() {
	if printf '%s' "$2" > "$1" 2>/dev/null; then
		not_ok "$3 refused"
	else
		ok "$3 refused"
	fi
}

mark=$(dmesg_mark)
fxs_unload_all
check "too many ports refused at load" \
	sh -c '! modprobe fxs_sim builtin_ports=1000 2>/dev/null'
check "nothing left after a refused load" sh -c '! grep -q "^fxs_sim " /proc/modules'
check "load without ports" modprobe fxs_sim builtin_ports=0
is "no port without ports" "$(ls /sys/class/fxs 2>/dev/null | wc -l)" 0
fxs_unload_all

sim_load builtin_ports=3 expander_ports=2 || { not_ok "load fxs_sim"; exit 1; }
is "names of built-in and expander ports" \
	"$(ls /sys/class/fxs | paste -sd ' ' -)" \
	"exp-SIM0001-1 exp-SIM0001-2 sim0 sim1 sim2"
is "one debugfs directory per port" \
	"$(cd "$SIM" && ls -d sim* exp-* | paste -sd ' ' -)" \
	"exp-SIM0001-1 exp-SIM0001-2 sim0 sim1 sim2"
is "each port hangs off its group's platform device" \
	"$(basename "$(readlink -f /sys/class/fxs/sim1/device)") $(basename "$(readlink -f /sys/class/fxs/exp-SIM0001-2/device)")" \
	"$(awk '$2 == "builtin" { print $1 }' "$SIM/devices") $(awk '$2 == "expander" { print $1 }' "$SIM/devices")"

# --- bad input: refused, nothing changes
before=$(fxs_get sim0)
bad "$SIM/sim0/inject" "off" "a step without a duration"
bad "$SIM/sim0/inject" "off x" "a duration that is not a number"
bad "$SIM/sim0/inject" "sideways 100" "a hook state that is neither on nor off"
bad "$SIM/sim0/inject" "off 600001" "a step longer than 10 minutes"
bad "$SIM/sim0/inject" " " "an empty sequence"
bad "$SIM/sim0/inject" "off 0 on 0 loop" "a loop that takes no time"
bad "$SIM/sim0/inject" "$(for i in $(seq 513); do echo -n "off 1 "; done)" \
	"more than 512 steps"
bad "$SIM/sim0/hook" "sideways" "a bad hook state"
bad "$SIM/sim0/op_errno" "5" "a positive errno"
is "bad input changed nothing" \
	"$(cat "$SIM/sim0/inject") $(cat "$SIM/sim0/hook") $(sim_state sim0 off_edges) $(fxs_get sim0)" \
	"idle onhook 0 $before"
is "the port is still on hook" "$(cat /sys/class/fxs/sim0/hook)" onhook

# --- a looping sequence runs until the hook is set
echo "off 100 on 100 loop" > "$SIM/sim1/inject"
grep -q 'running .* loop' "$SIM/sim1/inject" && ok "loop is running" ||
	not_ok "loop is running ($(cat "$SIM/sim1/inject"))"
sleep 1.5
n=$(sim_state sim1 off_edges)
check "a 200 ms loop made several off-hook edges in 1.5 s (got $n)" \
	test "$n" -ge 4
echo on > "$SIM/sim1/hook"
is "setting the hook stops the loop" "$(cat "$SIM/sim1/inject")" idle
n=$(sim_state sim1 off_edges)
sleep 0.5
is "no edge after the loop stopped" "$(sim_state sim1 off_edges)" "$n"
until_ok 30 grep -qx onhook /sys/class/fxs/sim1/hook
is "the core follows the raw hook" "$(cat /sys/class/fxs/sim1/hook)" onhook

# --- a finite sequence ends in its last state
echo "off 50 on 50 off 50" > "$SIM/sim2/inject"
until_ok 30 inject_idle sim2
is "sequence done, last state kept" "$(cat "$SIM/sim2/hook")" offhook
until_ok 30 grep -qx offhook /sys/class/fxs/sim2/hook
is "core sees the last state" "$(cat /sys/class/fxs/sim2/hook)" offhook
echo on > "$SIM/sim2/hook"

# --- a fault is shown through sysfs and netlink, and clears
echo "power alarm" > "$SIM/sim0/fault"
is "fault in sysfs" "$(cat /sys/class/fxs/sim0/fault)" "power alarm"
is "fault over netlink" "$(port_field sim0 fault)" "power%20alarm"
echo > "$SIM/sim0/fault"
is "fault cleared in sysfs" "$(cat /sys/class/fxs/sim0/fault)" ""
is "fault cleared over netlink" "$(port_field sim0 fault)" ""

# --- a chip that fails its ops: the core carries on
echo -5 > "$SIM/sim0/op_errno"
fxs_set sim0 linefeed=reverse-active
rc=$?
diag "set on a failing chip: exit $rc"
sleep 0.5
is "failing chip: linefeed not applied" "$(cat "$SIM/sim0/linefeed")" \
	forward-active
echo 0 > "$SIM/sim0/op_errno"
check "chip recovered: set works" fxs_set sim0 linefeed=open
until_ok 30 grep -qx open "$SIM/sim0/linefeed"
is "chip recovered: linefeed applied" "$(cat "$SIM/sim0/linefeed")" open

# --- unload while a sequence runs and a port rings
echo "off 100 on 100 loop" > "$SIM/exp-SIM0001-1/inject"
fxs_set exp-SIM0001-2 ring=on cadence=200,200
sleep 0.5
check "unload while busy" rmmod fxs_sim
check "debugfs gone" test ! -e "$SIM"
fxs_unload_all
check "no kernel warning" dmesg_clean "$mark"
tap_done
