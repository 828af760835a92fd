#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel's own YNL CLI (tools/net/ynl/cli.py), driven by nothing but
# kernel/fxs.yaml, as a second client of the family, independent of fxsnl
# and libnl: dump, do (get, set, a refused set), and listening to the
# "events" group through a port's life: added, ringing announced by
# port-changed, ring trip (offhook, then port-changed with ringing 0),
# removed.  What it reads is held against sysfs, the core's other face.
# The YNL tree is extracted on the host (make tools, scripts/ynl-tree.sh).

. "$FXS_PROJECT/tests/kernel/core-lib.bash"

# tests/lib/ynl.bash's tree and python3 (with python3-jsonschema too).
YNL=$FXS_YNL_TREE
SPEC=$FXS_PROJECT/kernel/fxs.yaml
PY=$FXS_PYTHON

YNL_CLI=("$PY" "$YNL/tools/net/ynl/cli.py" --spec "$SPEC"
	--schema "$YNL/Documentation/netlink/genetlink-legacy.yaml"
	--output-json)

ynl() {
	"${YNL_CLI[@]}" "$@"
}

# A request whose reply ("null" for an ACK) is not wanted.
ynl_quiet() {
	ynl "$@" > /dev/null
}

# jq-less JSON reading: json EXPR < JSON, EXPR in Python over "d".
json() {
	"$PY" -c 'import json, sys; d = json.load(sys.stdin); print('"$1"')'
}

# sleeping PID: the process is blocked in clock_nanosleep (230 on x86_64),
# which cli.py enters only after joining the group (ntf_subscribe() comes
# before time.sleep()).  /proc/net/netlink cannot tell: it shows only the
# first 32 group ids, and each load of the family takes new ones.
sleeping() {
	read -r nr _ < "/proc/$1/syscall" && [ "$nr" = 230 ]
}

if [ ! -f "$YNL/tools/net/ynl/cli.py" ]; then
	not_ok "YNL CLI extracted on the host (make tools)"
	exit 1
fi

mark=$(dmesg_mark)
sim_load builtin_ports=2 || { not_ok "load fxs_sim"; exit 1; }

# --- dump and do
dump=$(ynl --dump port-get) || not_ok "dump port-get"
is "dump: the ports, in index order" \
	"$(json '" ".join(p["port-name"] for p in d)' <<< "$dump")" "sim0 sim1"
is "dump: sim0 as sysfs sees it (index, hook, linefeed)" \
	"$(json '" ".join(str(d[0][k]) for k in ("port-index", "hook", "linefeed"))' <<< "$dump")" \
	"$(cat /sys/class/fxs/sim0/index) $(cat /sys/class/fxs/sim0/hook) $(cat /sys/class/fxs/sim0/linefeed)"
is "dump: cadence and timing decoded through the spec's nests" \
	"$(json 'd[0]["ring-cadence"]["ring-step"], d[0]["timing"]["flash-max-ms"]' <<< "$dump")" \
	"[2000, 4000] 1250"

one=$(ynl --do port-get --json '{"port-name": "sim1"}') ||
	not_ok "do port-get by name"
is "do port-get by name: index and driver" \
	"$(json 'd["port-index"], d["driver"], d["location"]' <<< "$one")" \
	"$(cat /sys/class/fxs/sim1/index) fxs_sim builtin"

check "do port-set: linefeed reverse-active by its spec name" \
	ynl_quiet --do port-set --json '{"port-name": "sim1", "linefeed": "reverse-active"}'
is "port-set reached the core (sysfs)" \
	"$(cat /sys/class/fxs/sim1/linefeed)" reverse-active
if out=$(ynl --do port-set --json '{"port-name": "sim1", "ringing": 2}' 2>&1); then
	not_ok "port-set ringing 2 refused (the spec's max 1)"
else
	ok "port-set ringing 2 refused (the spec's max 1)"
fi
diag "refusal: $out"
is "refused set changed nothing" "$(cat /sys/class/fxs/sim1/ringing)" 0

# --- listening: the CLI subscribes, sleeps, then prints what it queued.
fxs_unload_all
modprobe fxs || { not_ok "load fxs"; exit 1; }
# Not through ynl(): $! must be python's own PID, not a subshell's.
# The CLI prints what it got when its sleep ends: 25 s, where the events
# take 3 to 12 s in a loaded TCG guest (40 s cost every check 15 s twice).
"${YNL_CLI[@]}" --subscribe events --sleep 25 > "$WORK/events.json" \
	2> "$WORK/events.err" &
lpid=$!
if ! until_ok 60 sleeping "$lpid"; then
	not_ok "YNL CLI joined the events group"
	diag "$(cat "$WORK/events.err") syscall: $(cat "/proc/$lpid/syscall" 2>&1)"
	kill "$lpid"
	exit 1
fi
ok "YNL CLI joined the events group"
start=$SECONDS
modprobe fxs_sim builtin_ports=1
ynl_quiet --do port-set --json '{"port-name": "sim0", "ringing": 1}' ||
	not_ok "port-set ringing 1"
until_ok 30 grep -q on "$SIM/sim0/ring"
echo off > "$SIM/sim0/hook"
until_ok 30 grep -q offhook /sys/class/fxs/sim0/hook
echo on > "$SIM/sim0/hook"
until_ok 30 grep -q onhook /sys/class/fxs/sim0/hook
rmmod fxs_sim
elapsed=$((SECONDS - start))
check "events made within the listener's 25 s (took ${elapsed}s)" \
	test "$elapsed" -lt 22
wait "$lpid"
check "YNL CLI listener ended cleanly" test $? = 0

# [{"name": "port-added", "msg": {...}}, ...]
ev=$(cat "$WORK/events.json")
is "events in order, each decoded by the spec" \
	"$(json '" ".join(e["name"] for e in d)' <<< "$ev")" \
	"port-added port-changed offhook port-changed onhook port-removed"
is "port-added carries the hook state and linefeed" \
	"$(json 'd[0]["msg"]["hook"], d[0]["msg"]["linefeed"], d[0]["msg"]["port-name"]' <<< "$ev")" \
	"onhook forward-active sim0"
is "port-changed: ringing started" \
	"$(json 'd[1]["msg"]["ringing"], d[1]["msg"]["hook"]' <<< "$ev")" "1 onhook"
is "ring trip: offhook, then port-changed with ringing stopped" \
	"$(json 'd[2]["msg"]["hook"], d[3]["msg"]["ringing"], d[3]["msg"]["hook"]' <<< "$ev")" \
	"offhook 0 offhook"
check "timestamps never go back" \
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
t = [e["msg"]["timestamp"] for e in d]
sys.exit(t != sorted(t))' "$WORK/events.json"

fxs_unload_all
check "no kernel warning" dmesg_clean "$mark"
tap_done
