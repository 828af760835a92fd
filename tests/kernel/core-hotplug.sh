#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Ports come and go while a listener is attached: expanders plugged and
# unplugged through fxs_sim's new_device/del_device, including unplugs in
# the middle of a hook sequence, while ringing and while off hook.  The
# listener sees one port_added and one port_removed per port, names are
# the same after a re-plug, and the kernel log stays clean.

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

MON=$WORK/events

mark=$(dmesg_mark)
sim_load builtin_ports=2 || { not_ok "load fxs_sim"; exit 1; }
mon_start "$MON" --rcvbuf 1048576 || { not_ok "monitor starts"; exit 1; }

# --- plug an expander of 3 ports
echo "expander HOT1 3" > "$SIM/new_device"
wait_grep 60 3 "$MON" '^event=port_added'
for n in 1 2 3; do
	is "plug: port_added for exp-HOT1-$n" \
		"$(count_events "$MON" "exp-HOT1-$n" port_added)" 1
	check "plug: exp-HOT1-$n in sysfs" test -d "/sys/class/fxs/exp-HOT1-$n"
done
is "plug: dump has 5 ports" "$(fxs_dump | grep -c '^port ')" 5
grep -q 'expander HOT1 exp-HOT1-1 exp-HOT1-2 exp-HOT1-3' "$SIM/devices" &&
	ok "fxs_sim lists the expander" || not_ok "fxs_sim lists the expander"
idx1=$(port_field exp-HOT1-1 index)

check "plug: a second expander with the same identity is refused" \
	sh -c "! echo 'expander HOT1 2' > $SIM/new_device"
check "plug: bad new_device input is refused" \
	sh -c "! echo 'toaster 3' > $SIM/new_device"
check "plug: zero ports refused" sh -c "! echo 'builtin 0' > $SIM/new_device"
check "plug: bad identity refused" \
	sh -c "! echo 'expander a/b 1' > $SIM/new_device"
check "unplug: unknown device refused" \
	sh -c "! echo NOPE > $SIM/del_device"
is "refused requests added nothing" "$(fxs_dump | grep -c '^port ')" 5

# --- unplug in every state: a sequence running, ringing, off hook
fxs_set exp-HOT1-1 ring=on cadence=300,300
inject exp-HOT1-2 "off 200 $(for i in $(seq 40); do echo -n "on 60 off 40 "; done) off 100"
echo off > "$SIM/exp-HOT1-3/hook"
until_ok 30 grep -q on "$SIM/exp-HOT1-1/ring"
wait_events 60 1 "$MON" exp-HOT1-3 offhook
sleep 0.5
from=$(($(lines "$MON") + 1))
echo HOT1 > "$SIM/del_device"
check "unplug: ports gone from sysfs" test ! -e /sys/class/fxs/exp-HOT1-1 \
	-a ! -e /sys/class/fxs/exp-HOT1-2 -a ! -e /sys/class/fxs/exp-HOT1-3
check "unplug: debugfs directories gone" test ! -e "$SIM/exp-HOT1-1"
wait_grep 60 3 "$MON" '^event=port_removed'
for n in 1 2 3; do
	is "unplug: port_removed for exp-HOT1-$n" \
		"$(count_events "$MON" "exp-HOT1-$n" port_removed "$from")" 1
done
sleep 0.5
is "unplug: no event about a port after its port_removed" \
	"$(tail -n +"$from" "$MON" | awk '
		/^event=/ {
			name = $0; sub(/.* name=/, "", name); sub(/ .*/, "", name)
			if (gone[name]) late++
			if ($1 == "event=port_removed") gone[name] = 1
		}
		END { print late + 0 }')" 0
is "unplug: dump has 2 ports" "$(fxs_dump | grep -c '^port ')" 2

# --- re-plug: same names, index reused
from=$(($(lines "$MON") + 1))
echo "expander HOT1 3" > "$SIM/new_device"
wait_events 60 1 "$MON" exp-HOT1-3 port_added "$from"
is "re-plug: same names" \
	"$(ls -d /sys/class/fxs/exp-HOT1-* | xargs -n1 basename | paste -sd ' ' -)" \
	"exp-HOT1-1 exp-HOT1-2 exp-HOT1-3"
is "re-plug: first free index reused" "$(port_field exp-HOT1-1 index)" "$idx1"
is "re-plug: a fresh port is on hook, not ringing, forward-active" \
	"$(port_field exp-HOT1-3 hook) $(port_field exp-HOT1-1 ringing) $(port_field exp-HOT1-1 linefeed)" \
	"onhook 0 forward-active"

# --- built-in groups come and go too, and many plugs in a row
echo "builtin 1" > "$SIM/new_device"
until_ok 30 test -e /sys/class/fxs/sim2
check "a new built-in port gets the next free name (sim2)" test -e /sys/class/fxs/sim2
dev=$(awk '$2 == "builtin" && $4 == "sim2" { print $1 }' "$SIM/devices")
echo "$dev" > "$SIM/del_device"
check "built-in group removed by device name" test ! -e /sys/class/fxs/sim2
from=$(($(lines "$MON") + 1))
for i in $(seq 20); do
	echo "expander CYC$i 2" > "$SIM/new_device"
	echo off > "$SIM/exp-CYC$i-1/hook"
	echo "CYC$i" > "$SIM/del_device"
done
wait_grep 60 40 "$MON" '^event=port_removed' "$from"
is "20 quick plug/unplug cycles: 40 ports added" \
	"$(tail -n +"$from" "$MON" | grep -c '^event=port_added')" 40
is "20 quick plug/unplug cycles: 40 ports removed" \
	"$(tail -n +"$from" "$MON" | grep -c '^event=port_removed')" 40
is "no overrun on the listener" "$(grep -c '^overrun' "$MON")" 0

# --- unload fxs_sim with the expander still plugged and a port off hook
echo off > "$SIM/exp-HOT1-2/hook"
from=$(($(lines "$MON") + 1))
rmmod fxs_sim
wait_grep 60 5 "$MON" '^event=port_removed' "$from"
is "module unload removes every port" \
	"$(tail -n +"$from" "$MON" | grep -c '^event=port_removed')" 5
is "no port left" "$(fxs_dump | grep -c '^port ')" 0
check "listener still alive" kill -0 "$MON_PID"

mon_stop
fxs_unload_all
check "no kernel warning" dmesg_clean "$mark"
tap_done
