#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Start order and module life cycle, with handsetd running throughout:
# the daemon starts before the fxs module exists (it must pick the family
# up from the genl controller's notification, not by polling), ports are
# added and removed at run time, the modules are unloaded (handsets kept,
# marked absent) and loaded again (the daemon listens again).
. "$FXS_PROJECT/tests/vm/lib.sh"
. "$FXS_PROJECT/tests/e2e/analog.bash"

trap e2e_cleanup EXIT

fxs_unload_all
e2e_setup '"builtin"'

# Resolving a missing genl family makes the kernel try to load it by its
# alias; forbid that so the module really comes after the daemon.
echo "blacklist fxs" > /etc/modprobe.d/fxs-e2e-blacklist.conf

check "handsetd starts without the fxs module" hs_start
check "the fxs module is still not loaded" \
	bash -c '! grep -q "^fxs " /proc/modules'
is "daemon knows it is not attached" "$(attached)" False
check "the text list says the module is not loaded" \
	bash -c "'$HANDSETCTL' -s '$HS_SOCK' list |
		grep -q 'fxs module not loaded'"

# The module arrives while the daemon runs (dependency load, not alias).
check "modprobe fxs_sim after the daemon" modprobe fxs_sim builtin_ports=2
check "the daemon sees sim0 appear" wait_s 60 port_is sim0 hook onhook
check "the daemon logs that it listens now" \
	grep -q "listening to the fxs module" "$HS_LOG"
sim_hook sim1 off
check "lifting sim1 creates handset 200" wait_s 60 port_is sim1 user_id 200

# Ports added and removed at run time.
echo "expander LATE1 3" > /sys/kernel/debug/fxs_sim/new_device
check "run-time expander ports appear" \
	wait_s 60 port_is exp-LATE1-3 hook onhook
sim_hook exp-LATE1-2 off
check "a run-time port goes off hook" \
	wait_s 60 port_is exp-LATE1-2 hook offhook
is "and creates no handset" "$(analog_field exp-LATE1-2 user_id)" none
echo "LATE1" > /sys/kernel/debug/fxs_sim/del_device
check "removed ports leave the list" \
	wait_s 60 port_is exp-LATE1-2 hook none
check "views agree after hot-plug" views_equal

# The whole stack goes away while the daemon runs.
rmmod fxs_sim
rmmod fxs
check "handset 200 is kept, marked absent" \
	wait_s 60 port_is sim1 hook absent
is "still user 200" "$(analog_field sim1 user_id)" 200
check "the daemon logs the module is gone" \
	grep -q "fxs module gone" "$HS_LOG"
is "detached" "$(attached)" False

# And comes back.
check "modprobe fxs_sim again" modprobe fxs_sim builtin_ports=2
check "the daemon attaches again and sees sim1 on hook" \
	wait_s 60 port_is sim1 hook onhook
sim_hook sim1 off
check "sim1 off hook is seen after the reload" \
	wait_s 60 port_is sim1 hook offhook
is "sim1 keeps handset 200" "$(analog_field sim1 user_id)" 200
sim_hook sim0 off
check "sim0 gets the next user ID, 201" wait_s 60 port_is sim0 user_id 201
check "views agree after the reload" views_equal
check "handsetd exits cleanly (no sanitizer report)" hs_stop
if [ "$TAP_FAILED" != 0 ]; then
	hs_log_dump
fi
tap_done
