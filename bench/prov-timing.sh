#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench: host
#
# Can a guesser tell a configured MAC from an unknown one by the time
# /prov/ takes to answer (issue 12)?  handsetd with BENCH_HANDSETS (100)
# configured Yealink handsets; one keep-alive client asks, interleaved,
# for a configured MAC's <mac>.cfg (a file with the account) and a random
# unknown MAC's (the file without one), BENCH_ROUNDS (3000) of each, the
# scan limit raised so it never blocks.  Prints each kind's status codes,
# body size and answer time (median, p90, p99, in microseconds) and the
# difference of the medians.  Asserts nothing.
#
# Environment: FXS_BUILD (default ./build), BENCH_HANDSETS, BENCH_ROUNDS.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FXS_BUILD=${FXS_BUILD:-$ROOT/build}
HSD=$FXS_BUILD/bin/handsetd
N=${BENCH_HANDSETS:-100}
ROUNDS=${BENCH_ROUNDS:-3000}
[ -x "$HSD" ] || { echo "bench: $HSD is not built (make userspace)" >&2; exit 1; }

. "$ROOT/bench/lib.sh"
CTL=$FXS_BUILD/bin/handsetctl

bench_tmp provt

SP=$(free_port)
WP=$(free_port)
mkdir -p "$T/state"
{
	cat <<EOF
sip = { listen = [ "udp:127.0.0.1:$SP" ]; realm = "bench.local"; };
state_dir = "$T/state";
control_socket = "$T/control";
http = { listen = [ "http:127.0.0.1:$WP" ]; };
provisioning = { templates = [ "$ROOT/userspace/prov" ];
                 scan_max = 1000; scan_window = 1; };
handsets = (
EOF
	i=0
	while [ $i -lt "$N" ]; do
		[ $i -gt 0 ] && echo ','
		printf '  { user_id = "%d"; model = "yealink-t46"; login = "t%d"; password = "pw-%d"; mac = "00:15:65:%02x:%02x:%02x"; }' \
			$((1000 + i)) $i $i $((i / 65536)) $((i / 256 % 256)) $((i % 256))
		i=$((i + 1))
	done
	printf '\n);\n'
} >"$T/handsetd.conf"
bench_hsd "$T/handsetd.conf" "$T/handsetd.log" "$T/control"

echo "# /prov/ answer time: configured MAC (file with the account) vs unknown MAC (file without)"
echo "# $N handsets, $ROUNDS requests of each kind, interleaved, one keep-alive connection"
python3 - "$WP" "$N" "$ROUNDS" <<'PY'
import collections, http.client, random, statistics, sys, time
port, n, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
t = {"configured": [], "unknown": []}
codes = {k: collections.Counter() for k in t}
size = {k: collections.Counter() for k in t}

def get(kind, mac):
    a = time.perf_counter_ns()
    c.request("GET", "/prov/%s.cfg" % mac)
    r = c.getresponse()
    body = r.read()
    t[kind].append((time.perf_counter_ns() - a) / 1000)
    codes[kind][r.status] += 1
    size[kind][len(body)] += 1

for i in range(rounds):
    k = random.randrange(n)
    order = [("configured", "001565%02x%02x%02x" % (k >> 16, k >> 8 & 255, k & 255)),
             ("unknown", "001565%06x" % random.randrange(n, 1 << 24))]
    random.shuffle(order)
    for kind, mac in order:
        get(kind, mac)
    time.sleep(0.002)          # under scan_max a second

def q(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))]
print("%-11s %-16s %-14s %8s %8s %8s" % ("kind", "status", "body bytes", "median", "p90", "p99"))
for kind in t:
    print("%-11s %-16s %-14s %8.0f %8.0f %8.0f" % (
        kind, ",".join("%d x%d" % kv for kv in sorted(codes[kind].items())),
        ",".join(str(s) for s in sorted(size[kind]))[:14],
        statistics.median(t[kind]), q(t[kind], .9), q(t[kind], .99)))
print("difference of the medians: %+.0f us" % (statistics.median(t["configured"]) - statistics.median(t["unknown"])))
PY
