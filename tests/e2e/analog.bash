# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for the analog end-to-end tests (source it after tests/vm/lib.sh).
# Not a test itself: the runner only runs *.sh.
#
# Each test gets a scratch directory with a handsetd configuration, state
# dir and control socket of its own, so tests never touch /etc or /var.

E2E=${E2E:-/tmp/e2e-analog}
SIMFS=/sys/kernel/debug/fxs_sim

# The daemon's files for tests/lib/handsetd.sh (hsd_start, hsd_stop, ...);
# HS_* and HANDSETD/HANDSETCTL are the names these tests use for them.
# shellcheck source=../lib/handsetd.sh
. "$FXS_TESTLIB/handsetd.sh"
HSD_CONF=$E2E/handsetd.conf
HSD_SOCK=$E2E/control
HSD_LOG=$E2E/handsetd.log
HS_CONF=$HSD_CONF
HS_SOCK=$HSD_SOCK
HS_LOG=$HSD_LOG
HANDSETD=$HSD_BIN
HANDSETCTL=$HSD_CTL_BIN
HS_PID=""
# ASan start-up in a TCG guest on a busy host can take tens of seconds.
HSD_START_TIMEOUT=120

# wait_s SECONDS COMMAND...: wait_for (tests/lib/poll.sh) with the
# command's output dropped.
wait_s() {
	wait_for "$@" > /dev/null
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

# hs_start [handsetd options]: hsd_start on a fresh log.
hs_start() {
	: > "$HSD_LOG"
	hsd_start "$@"
	local rc=$?
	HS_PID=$HSD_PID
	return "$rc"
}

# hs_where: where each thread of the daemon waits (for a daemon that hangs).
hs_where() {
	hsd_where
}

# hs_stop: stop the daemon; fails when it did not exit with status 0
# within 60 s of SIGTERM or reported a sanitizer error.  Nothing to do
# when it is not running (the cleanup calls it after every test).
hs_stop() {
	[ -n "$HSD_PID" ] || return 0
	hsd_terminate
	local rc=$?
	HS_PID=""
	return "$rc"
}

hs_log_dump() {
	sed 's/^/# /' "$HSD_LOG"
}

# A daemon that stops answering fails the check instead of hanging it.
ctl() {
	hsd_ctl "$@"
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
