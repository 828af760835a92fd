#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench: vm
#
# Latency from an off-hook injected into a simulated port (debugfs) to the
# port's new state being visible through handsetd's control socket, i.e.
# what an administrator's `handsetctl list` would show.  It includes the
# core's debounce time (FXS_DEBOUNCE_MS_DEFAULT, 10 ms).  Prints p50/p99;
# asserts nothing about speed.  Runs inside the VM (bench/run, or
# tests/vm/vm-run -- bench/analog-latency.sh).
set -u
top=${FXS_PROJECT:-$(cd "$(dirname "$0")/.." && pwd)}
build=${FXS_BUILD:-$top/build}
ports=${FXS_BENCH_PORTS:-64}
rounds=${FXS_BENCH_ROUNDS:-3}
D=/tmp/fxs-bench-analog
# The daemon's launcher (tests/lib/handsetd.sh), on the optimised build:
# the figures are those of what a box runs.
FXS_TESTLIB=$top/tests/lib
. "$FXS_TESTLIB/tap.sh"
HSD_BIN=$build/bin/handsetd
. "$FXS_TESTLIB/handsetd.sh"
HSD_CONF=$D/handsetd.conf
HSD_SOCK=$D/control
HSD_LOG=$D/handsetd.log

cleanup() {
	[ -n "$HSD_PID" ] && hsd_end
	grep -q "^fxs_sim " /proc/modules && rmmod fxs_sim
	grep -q "^fxs " /proc/modules && rmmod fxs
	rm -rf "$D"
}
trap cleanup EXIT

if [ ! -d /sys/kernel/debug/fxs_sim ] &&
   ! modprobe fxs_sim builtin_ports="$ports"; then
	echo "analog-latency: cannot load fxs_sim" >&2
	exit 1
fi

rm -rf "$D"
mkdir -p "$D/state"
cat > "$D/handsetd.conf" <<CONF
sip = { listen = [ "udp:127.0.0.1:5092" ]; realm = "bench.local"; };
state_dir = "$D/state";
control_socket = "$D/control";
analog = { inside_ports = "none"; user_ids = "200-299"; };
handsets = ( );
CONF

if ! hsd_start; then
	echo "analog-latency: handsetd did not start" >&2
	tap_file_note "$HSD_LOG" >&2
	exit 1
fi

# One Python process does the injecting, polling and timing, so process
# start-up (slow under TCG) is not part of any sample.
python3 - "$D/control" "$ports" "$rounds" <<'PY'
import json, socket, sys, time

sock_path, nports, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
SIM = "/sys/kernel/debug/fxs_sim/sim%d/hook"

def ask(cmd):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.sendall(cmd.encode() + b"\n")
    s.shutdown(socket.SHUT_WR)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    status, _, body = data.decode().partition("\n")
    if status != "OK":
        raise RuntimeError("control socket: " + data.decode())
    return body

def hooks():
    a = json.loads(ask("list json"))["analog"]
    return {r["port"]: r["hook"] for r in a["handsets"] + a["unassigned_ports"]}

def wait(pred, limit=30.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            if pred(hooks()):
                return True
        except (OSError, RuntimeError, ValueError, KeyError):
            pass
        time.sleep(0.005)
    return False

names = ["sim%d" % i for i in range(nports)]
if not wait(lambda h: all(h.get(n) == "onhook" for n in names)):
    sys.exit("analog-latency: handsetd never showed all ports on hook")

samples = []
polls = 0
for r in range(rounds):
    for i, n in enumerate(names):
        with open(SIM % i, "w") as f:
            t0 = time.monotonic()
            f.write("off")
        while True:
            polls += 1
            if hooks().get(n) == "offhook":
                samples.append((time.monotonic() - t0) * 1000.0)
                break
            if time.monotonic() - t0 > 10:
                sys.exit("analog-latency: %s never showed off hook" % n)
    for i in range(nports):
        with open(SIM % i, "w") as f:
            f.write("on")
    # Hang-up is decided after the flash window (1250 ms by default).
    if not wait(lambda h: all(h.get(n) == "onhook" for n in names)):
        sys.exit("analog-latency: ports did not go back on hook")

samples.sort()
def pct(p):
    i = int(round(p / 100.0 * (len(samples) - 1)))
    return samples[min(len(samples) - 1, i)]
print("analog off-hook -> control socket latency: %d samples, "
      "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%.1f control queries per sample)"
      % (len(samples), pct(50), pct(99), samples[-1], polls / len(samples)))
PY
