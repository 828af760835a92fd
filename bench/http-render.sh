#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench: host
#
# The Handsets page's cost (issue 11, benchmark): handsetd (optimised
# build) with 10,000 SIP handsets, each registered once by sipp (10,000
# bindings), then /api/v1/handsets (the JSON) and / (the page, rendered
# from that document; both keep each SIP handset's member or row until the
# handset changes, so both are also measured right after a reload, which
# drops them all) fetched over
# loopback: bytes and time per answer (curl's
# time_total: request to last byte, so render plus copy), min and median
# of BENCH_RUNS, beside `handsetctl list --json` and the goal of 50 ms.
# Then the event stream: how long after one more registration an open
# stream carries the new list (PUSH_DELAY_MS of coalescing included).
# Prints figures; asserts nothing.
#
# Environment: FXS_BUILD (default ./build), BENCH_HANDSETS (10000),
# BENCH_RUNS (7), BENCH_KEEP (keep the temp directory).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FXS_BUILD=${FXS_BUILD:-$ROOT/build}
HSD=$FXS_BUILD/bin/handsetd
CTL=$FXS_BUILD/bin/handsetctl
N=${BENCH_HANDSETS:-10000}
RUNS=${BENCH_RUNS:-7}
PROTO_DIR=$ROOT/tests/protocol

for t in sipp curl python3; do
	command -v $t >/dev/null ||
		{ echo "bench: $t is not installed" >&2; exit 1; }
done
[ -x "$HSD" ] || { echo "bench: $HSD is not built (make userspace)" >&2; exit 1; }

# hsd_free_port, hsd_handsets_bulk and hsd_users_csv from the test helpers.
. "$PROTO_DIR/lib.sh"
SIPP_DIR=$ROOT/tests/protocol/sipp

. "$ROOT/bench/lib.sh"
bench_tmp http

SP=$(hsd_free_port)
WP=$(hsd_free_port)
mkdir -p "$T/state"
{
	cat <<EOF
sip = { listen = [ "udp:127.0.0.1:$SP" ]; realm = "bench.local"; };
registration = { min_expires = 60; default_expires = 3600; max_expires = 7200; };
state_dir = "$T/state";
control_socket = "$T/control";
http = { listen = [ "http:127.0.0.1:$WP" ]; };
handsets = (
EOF
	hsd_handsets_bulk "$N" | sed '$ s/,$//'
	echo ");"
} >"$T/handsetd.conf"
bench_hsd "$T/handsetd.conf" "$T/handsetd.log" "$T/control"

echo SEQUENTIAL >"$T/users.csv"
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
	printf "u%d;[authentication username=u%d password=pw%d];u%d\n",
		i, i, i, i }' >>"$T/users.csv"
(cd "$T" && timeout -k 5 120 sipp "127.0.0.1:$SP" \
	-sf "$SIPP_DIR/register-burst.xml" -inf "$T/users.csv" \
	-key expires 3600 -i 127.0.0.1 -p "$(hsd_free_port)" -nostdin -nd \
	-m "$N" -r 2000 -l "$N" -timeout 110 >"$T/sipp.out" 2>&1)
B=$("$CTL" -s "$T/control" list --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(len(h["contacts"]) for h in d["sip_handsets"]))')

echo "# Handsets page benchmark: $N handsets, $B bindings, loopback,"
echo "# $(nproc) cores shared; $(date -u '+%Y-%m-%d %H:%M UTC'); goal: under 50 ms"
printf '%-28s %12s %10s %10s\n' "answer" "bytes" "min ms" "median ms"

# fetch LABEL COMMAND...: RUNS timings of a command that prints
# "SECONDS BYTES".
fetch()
{
	_label=$1
	shift
	_r=0
	: >"$T/times"
	while [ $_r -lt "$RUNS" ]; do
		"$@" >>"$T/times"
		_r=$((_r + 1))
	done
	python3 - "$_label" "$T/times" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[2]) if l.strip()]
ms = sorted(float(r[0]) * 1000 for r in rows)
print("%-28s %12s %10.1f %10.1f" % (sys.argv[1], rows[-1][1], ms[0],
                                     statistics.median(ms)))
PY
}

curl_t()
{
	curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "$1"
}

ctl_t()
{
	_t0=$(date +%s%N)
	_b=$("$CTL" -s "$T/control" list --json | wc -c)
	echo "$(( ($(date +%s%N) - _t0) / 1000 ))e-6 $_b"
}

fetch "GET /api/v1/handsets" curl_t "http://127.0.0.1:$WP/api/v1/handsets"
fetch "GET / (the page)" curl_t "http://127.0.0.1:$WP/"
# the page and the JSON keep each handset's row and member until it
# changes (http_rows.c): after a reload every one is made afresh, the cost
# of an answer after a burst of registrations
cold_t()
{
	"$CTL" -s "$T/control" reload >/dev/null 2>&1
	curl_t "$1"
}
fetch "GET /api/v1/handsets afresh" cold_t "http://127.0.0.1:$WP/api/v1/handsets"
fetch "GET / every row rendered" cold_t "http://127.0.0.1:$WP/"
fetch "GET /handsets/10001" curl_t "http://127.0.0.1:$WP/handsets/10001"
fetch "handsetctl list --json" ctl_t

# The event stream: one more registration, then the time until an open
# stream carries a list with it (sipp's own start-up counted in).
curl -s -N "http://127.0.0.1:$WP/api/v1/events" >"$T/events" &
BENCH_PIDS="$BENCH_PIDS $!"
sleep 1
n0=$(grep -c '^event: ' "$T/events")
echo SEQUENTIAL >"$T/one.csv"
echo "u1;[authentication username=u1 password=pw1];u1" >>"$T/one.csv"
t0=$(date +%s%N)
(cd "$T" && timeout 30 sipp "127.0.0.1:$SP" -sf "$SIPP_DIR/register-burst.xml" \
	-inf "$T/one.csv" -key expires 1800 -i 127.0.0.1 -p "$(hsd_free_port)" \
	-nostdin -nd -m 1 -timeout 20 >/dev/null 2>&1)
t1=$(date +%s%N)
i=0
while [ "$(grep -c '^event: ' "$T/events")" -le "$n0" ] && [ $i -lt 100 ]; do
	sleep 0.02
	i=$((i + 1))
done
t2=$(date +%s%N)
echo "# event stream: registration took $(( (t1 - t0) / 1000000 )) ms (sipp" \
	"included); the new list was on the stream $(( (t2 - t0) / 1000000 )) ms" \
	"after it began ($(grep '^data:' "$T/events" | tail -n 1 | wc -c)" \
	"bytes per event)"
echo "# handsetd RSS: $(awk '/VmRSS/ { print $2, $3 }' /proc/$PID/status)"
