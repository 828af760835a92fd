# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for the analog end-to-end tests (source it after tests/vm/lib.sh).
# Not a test itself: the runner only runs *.sh.
#
# Each test gets a scratch directory with a handsetd configuration, state
# dir and control socket of its own, so tests never touch /etc or /var.

E2E=${E2E:-/tmp/e2e-analog}
HS_PID=""
HS_CONF=$E2E/handsetd.conf
HS_SOCK=$E2E/control
HS_LOG=$E2E/handsetd.log
SIMFS=/sys/kernel/debug/fxs_sim

# The sanitizer build when there is one: memory errors fail the test.
if [ -x "$FXS_BUILD/asan/bin/handsetd" ]; then
	HANDSETD=$FXS_BUILD/asan/bin/handsetd
	HANDSETCTL=$FXS_BUILD/asan/bin/handsetctl
else
	HANDSETD=$FXS_BUILD/bin/handsetd
	HANDSETCTL=$FXS_BUILD/bin/handsetctl
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}

# wait_s SECONDS COMMAND...: retry until the command succeeds, bounded in
# wall-clock time (tap.sh's wait_for counts tries, and under TCG each try of
# handsetctl + python takes long enough to stretch a failure to minutes).
wait_s() {
	local end=$((SECONDS + $1))
	shift
	until "$@" > /dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# e2e_setup INSIDE_PORTS [HANDSETS_ENTRIES]: fresh scratch dir and config.
e2e_setup() {
	rm -rf "$E2E"
	mkdir -p "$E2E/state"
	cat > "$HS_CONF" <<CONF
sip = { listen = [ "udp:127.0.0.1:5072" ]; realm = "e2e.local"; };
state_dir = "$E2E/state";
control_socket = "$HS_SOCK";
analog = { inside_ports = $1; user_ids = "200-299"; };
handsets = (
  { user_id = "100"; model = "generic-sip"; login = "e2e100";
    password = "e2e-secret"; }${2:+,
  $2}
);
CONF
	# It holds a password: handsetd warns about a world-readable file.
	chmod 600 "$HS_CONF"
}

# hs_start [handsetd options]: run the daemon in the foreground, logging
# to $HS_LOG, and wait for its control socket.
hs_start() {
	"$HANDSETD" -F -f "$HS_CONF" "$@" > "$HS_LOG" 2>&1 &
	HS_PID=$!
	# ASan start-up in a TCG guest on a busy host can take tens of seconds.
	wait_s 120 test -S "$HS_SOCK"
}

# hs_where: where each thread of the daemon waits (for a daemon that hangs).
hs_where() {
	local t
	for t in /proc/"$HS_PID"/task/*; do
		diag "thread $(basename "$t"): $(cat "$t/wchan" 2>/dev/null)"
		sed 's/^/#   /' "$t/stack" 2>/dev/null
	done
}

# hs_stop: stop the daemon; fails when it did not exit cleanly (ASan) or
# did not exit within 60 s of SIGTERM (then it is killed).
hs_stop() {
	local rc=0 end=$((SECONDS + 60))
	[ -n "$HS_PID" ] || return 0
	kill -TERM "$HS_PID" 2>/dev/null
	while kill -0 "$HS_PID" 2>/dev/null; do
		if [ "$SECONDS" -ge "$end" ]; then
			diag "handsetd ignored SIGTERM for 60 s: killed"
			hs_where
			kill -KILL "$HS_PID"
			rc=1
			break
		fi
		sleep 0.2
	done
	wait "$HS_PID" || rc=$?
	HS_PID=""
	return "$rc"
}

hs_log_dump() {
	sed 's/^/# /' "$HS_LOG"
}

# A daemon that stops answering fails the check instead of hanging it.
ctl() {
	timeout 30 "$HANDSETCTL" -s "$HS_SOCK" "$@"
}

# analog_json: the "analog" member of `handsetctl list --json`.
analog_json() {
	ctl list --json | python3 -c '
import json, sys
print(json.dumps(json.load(sys.stdin)["analog"]))'
}

# schema_valid ARGS...: `handsetctl ARGS` (list --json, show --json ID)
# prints a document of userspace/common/handsets.schema.json (Debian's
# python3-jsonschema); the errors go to the log.
schema_valid() {
	ctl "$@" > "$E2E/doc.json" || return 1
	/usr/bin/python3 - "$FXS_PROJECT/userspace/common/handsets.schema.json" \
		"$E2E/doc.json" <<'PY'
import json, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])),
    format_checker=jsonschema.FormatChecker())
errs = list(v.iter_errors(json.load(open(sys.argv[2]))))
for e in errs:
    print("# %s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:300]))
sys.exit(1 if errs else 0)
PY
}

# attached: True when the daemon listens to the fxs family, else False.
attached() {
	analog_json | python3 -c '
import json, sys
print(json.load(sys.stdin)["kernel_attached"])'
}

# analog_field PORT FIELD: a field of the port's row (handset or free
# port), "none" when the port is not listed.
analog_field() {
	ctl list --json | python3 -c '
import json, sys
a = json.load(sys.stdin)["analog"]
for r in a["handsets"] + a["unassigned_ports"]:
    if r["port"] == sys.argv[1]:
        v = r.get(sys.argv[2])
        print("none" if v is None else str(v).lower())
        break
else:
    print("none")' "$1" "$2"
}

# port_is PORT FIELD VALUE: for wait_for.
port_is() {
	[ "$(analog_field "$1" "$2")" = "$3" ]
}

sim_hook() {
	echo "$2" > "$SIMFS/$1/hook"
}

kernel_hook() {
	cat "/sys/class/fxs/$1/hook"
}

# views_equal: the daemon's hook state of every port equals the kernel's
# (sysfs), and both know the same set of ports.  Prints the differences.
views_equal() {
	# One python reads sysfs: 64 forks of cat cost seconds under TCG.
	ctl list --json | python3 -c '
import glob, json, os, sys
a = json.load(sys.stdin)["analog"]
mine = {}
for r in a["handsets"] + a["unassigned_ports"]:
    if r["present"]:
        mine[r["port"]] = r["hook"]
kern = {}
for h in glob.glob("/sys/class/fxs/*/hook"):
    with open(h) as f:
        kern[os.path.basename(os.path.dirname(h))] = f.read().strip()
bad = 0
for p in sorted(set(mine) | set(kern)):
    if mine.get(p) != kern.get(p):
        print("# differs: %s daemon=%s kernel=%s" %
              (p, mine.get(p), kern.get(p)))
        bad += 1
print("# compared %d ports, %d differ" % (len(set(mine) | set(kern)), bad))
sys.exit(1 if bad or not kern else 0)'
}

# toggle_all SECONDS: every simulated port replays its own random hook
# sequence (kernel hrtimer, so the pace does not depend on this shell) for
# about SECONDS: short opens (pulses, flashes) and long ones (hang-ups).
toggle_all() {
	local d p seq total state ms
	for d in "$SIMFS"/*/inject; do
		p=$(dirname "$d")
		seq=""
		total=0
		state=off
		while [ "$total" -lt $(($1 * 1000)) ]; do
			ms=$((RANDOM % 1600 + 20))
			seq="$seq $state $ms"
			total=$((total + ms))
			[ "$state" = off ] && state=on || state=off
		done
		# End in a random state held long enough to be decided.
		[ $((RANDOM % 2)) = 0 ] && state=on || state=off
		echo "$seq $state 100" > "$d" || return 1
	done
}

e2e_cleanup() {
	hs_stop
	fxs_unload_all
	rm -f /etc/modprobe.d/fxs-e2e-blacklist.conf
}
