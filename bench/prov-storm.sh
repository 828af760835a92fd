#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench: host
#
# The boot storm after a power cut (issue 12, benchmark): BENCH_PHONES
# (10,000) configured Yealink handsets whose phones all boot at once.
# Each sends its PnP SUBSCRIBE to 224.0.1.75:5060 and takes the URL from
# handsetd's NOTIFY, fetches its <mac>.cfg and reads its account
# (bench/prov-storm.py), then registers with it (sipp).  Runs in a network
# namespace of its own (unshare -n, root) whose loopback carries
# multicast.  Prints the time of each phase and of the whole storm until
# every phone is registered, the failures (goal: 0), handsetd's CPU time
# and memory.  Asserts nothing.
#
# Environment: FXS_BUILD (default ./build), BENCH_PHONES (10000),
# BENCH_RATE (SUBSCRIBEs a second, 1000), BENCH_KEEP.
set -u

if [ -z "${PROV_NETNS:-}" ]; then
	PROV_NETNS=1 exec unshare -n -- sh -c '
		ip link set lo up && ip link set lo multicast on &&
		ip route add 224.0.0.0/4 dev lo || exit 1
		exec "$0" "$@"' "$0" "$@"
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FXS_BUILD=${FXS_BUILD:-$ROOT/build}
HSD=$FXS_BUILD/bin/handsetd
CTL=$FXS_BUILD/bin/handsetctl
N=${BENCH_PHONES:-10000}
RATE=${BENCH_RATE:-1000}
PROTO_DIR=$ROOT/tests/protocol
SIPP_DIR=$PROTO_DIR/sipp

for t in sipp python3; do
	command -v $t >/dev/null ||
		{ echo "bench: $t is not installed" >&2; exit 1; }
done
[ -x "$HSD" ] || { echo "bench: $HSD is not built (make userspace)" >&2; exit 1; }

# hsd_free_port from the test helpers.
. "$PROTO_DIR/lib.sh"

# bench_tmp, bench_hsd
. "$ROOT/bench/lib.sh"
bench_tmp prov

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
provisioning = { pnp = true; templates = [ "$ROOT/userspace/prov" ];
                 scan_max = 1000; };
handsets = (
EOF
	awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
		printf "  { user_id = \"%d\"; model = \"yealink-t46\"; login = \"y%d\"; password = \"pw%d\"; mac = \"001565%06x\"; },\n", 10000 + i, i, i, i }' |
		sed '$ s/,$//'
	echo ");"
} >"$T/handsetd.conf"
bench_hsd "$T/handsetd.conf" "$T/handsetd.log" "$T/control"

cpu() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
HZ=$(getconf CLK_TCK)
c0=$(cpu)
t0=$(date +%s%N)
python3 "$ROOT/bench/prov-storm.py" "$N" "$RATE" "$T/users.csv" >"$T/storm.out"
M=$(($(wc -l <"$T/users.csv") - 1))
t1=$(date +%s%N)
(cd "$T" && timeout -k 5 300 sipp "127.0.0.1:$SP" \
	-sf "$SIPP_DIR/register-burst.xml" -inf "$T/users.csv" \
	-key expires 3600 -i 127.0.0.1 -p "$(hsd_free_port)" -nostdin -nd \
	-m "$M" -r "$RATE" -l "$M" -timeout 290 >"$T/sipp.out" 2>&1)
t2=$(date +%s%N)
c1=$(cpu)
"$CTL" -s "$T/control" list --json >"$T/list.json" 2>"$T/list.err" ||
	{ echo "bench: handsetctl list --json: $(cat "$T/list.err")" >&2; }
REG=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for h in d["sip_handsets"] if h["registered"] and h["provisioned"]))' \
	"$T/list.json")

echo "# Provisioning boot storm: $N Yealink phones, PnP + fetch + REGISTER,"
echo "# loopback in a network namespace, $RATE requests/s offered, $(nproc) cores"
echo "# shared; $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-34s %10s %8s %8s\n' "phase" "seconds" "ok" "failed"
while read -r phase secs okc bad; do
	printf '%-34s %10s %8s %8s\n' "$phase" "$secs" "$okc" "$bad"
done <"$T/storm.out"
printf '%-34s %10s %8s %8s\n' "register (sipp)" \
	"$(awk "BEGIN { printf \"%.2f\", ($t2 - $t1) / 1e9 }")" \
	"$REG" "$((N - REG))"
printf '%-34s %10s %8s %8s\n' "all registered and provisioned" \
	"$(awk "BEGIN { printf \"%.2f\", ($t2 - $t0) / 1e9 }")" \
	"$REG" "$((N - REG))"
echo "# handsetd CPU during the storm: $(awk "BEGIN { printf \"%.2f\", ($c1 - $c0) / $HZ }") s;" \
	"RSS $(awk '/VmRSS/ { print $2, $3 }' /proc/$PID/status)," \
	"peak $(awk '/VmHWM/ { print $2, $3 }' /proc/$PID/status)"
