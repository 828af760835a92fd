#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench: host
#
# Registrar benchmark (issue 3 section 8), run by `make bench`: sipp drives
# REGISTER -> 401 -> REGISTER -> 200 for 10,000 handsets at fixed rates
# against handsetd (the optimised build, bindings durable in its state
# directory) and, when the Debian package kamailio is installed, against a
# Kamailio registrar configured the same way (bench/kamailio/kamailio.cfg).
# Prints registrations/s, failures, p50/p99 of the whole exchange, server
# CPU per registration (utime+stime from /proc), memory, and handsetd's
# start-up time with 10,000 handsets and 10,000 persisted bindings, with
# the targets beside them.  It asserts nothing: figures on a shared 2-core
# machine with sipp on the same cores vary, and a benchmark only reports.
#
# Environment: FXS_BUILD (default ./build), BENCH_HANDSETS (10000),
# BENCH_RATES ("500 1000 2500 5000 7500 10000 15000 20000": 500/s gives a CPU figure
# free of retransmissions even on a busy machine), BENCH_SERVERS ("handsetd
# kamailio": which to measure), BENCH_KEEP (keep the logs and traces).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FXS_BUILD=${FXS_BUILD:-$ROOT/build}
HSD=${HSD_BIN:-$FXS_BUILD/bin/handsetd}
CTL=${HSD_CTL_BIN:-$FXS_BUILD/bin/handsetctl}
SCENARIO=$ROOT/tests/protocol/sipp/register-burst.xml
KAM_CFG=$ROOT/bench/kamailio/kamailio.cfg
N=${BENCH_HANDSETS:-10000}
RATES=${BENCH_RATES:-"500 1000 2500 5000 7500 10000 15000 20000"}
SERVERS=${BENCH_SERVERS:-"handsetd kamailio"}
want() { case " $SERVERS " in *" $1 "*) return 0 ;; esac; return 1; }
TCK=$(getconf CLK_TCK)

for t in sipp python3; do
	command -v $t >/dev/null || { echo "bench: $t is not installed" >&2; exit 1; }
done
if want handsetd && ! [ -x "$HSD" ]; then
	echo "bench: $HSD is not built (make -C userspace)" >&2
	exit 1
fi

T=$(mktemp -d /tmp/bench-registrar.XXXXXX)
SERVER_PIDS=
cleanup()
{
	for p in $SERVER_PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	sleep 0.5
	for p in $SERVER_PIDS; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "# kept $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# free_port, now_ms, cpu_ticks, mem_kb, run_sipp, header
. "$ROOT/bench/lib.sh"

# The programs under test, copied: a rebuild of build/ while the benchmark
# runs must not swap them (or remove them) between two measurements.
if want handsetd; then
	cp "$HSD" "$T/handsetd" && cp "$CTL" "$T/handsetctl" || exit 1
	HSD=$T/handsetd
	CTL=$T/handsetctl
fi

# The same handsets for both servers: login uN, password pwN.
echo SEQUENTIAL >"$T/users.csv"
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
	printf "u%d;[authentication username=u%d password=pw%d];u%d\n", i, i, i, i }' \
	>>"$T/users.csv"

# --- handsetd -------------------------------------------------------------
HP=$(free_port)
mkdir -p "$T/hsd/state"
{
	cat <<EOF
sip = { listen = [ "udp:127.0.0.1:$HP" ]; realm = "pbx.local"; };
registration = { min_expires = 60; default_expires = 3600; max_expires = 7200; };
auth = { max_failures = 1000000; };
state_dir = "$T/hsd/state";
control_socket = "$T/hsd/control";
handsets = (
EOF
	awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
		printf "  { user_id = \"%d\"; model = \"generic-sip\"; login = \"u%d\"; password = \"pw%d\"; }%s\n",
			10000 + i, i, i, i < n ? "," : "" }'
	echo ");"
} >"$T/hsd/handsetd.conf"
chmod 600 "$T/hsd/handsetd.conf"

# hsd_up: starts handsetd; STARTUP_MS: the milliseconds until its control
# socket answered (the daemon is then ready: records loaded, listeners open).
hsd_up()
{
	t0=$(now_ms)
	"$HSD" -F -f "$T/hsd/handsetd.conf" -u root >>"$T/hsd/log" 2>&1 &
	HSD_PID=$!
	SERVER_PIDS="$SERVER_PIDS $HSD_PID"
	i=0
	while [ $i -lt 3000 ]; do
		# One record, not the whole list: 10,000 lines per poll would
		# be counted as start-up time.
		if "$CTL" -s "$T/hsd/control" show 10001 >/dev/null 2>&1; then
			STARTUP_MS=$(( $(now_ms) - t0 ))
			return 0
		fi
		kill -0 "$HSD_PID" 2>/dev/null || break
		sleep 0.01
		i=$((i + 1))
	done
	echo "bench: handsetd did not start" >&2
	tail -n 20 "$T/hsd/log" >&2
	return 1
}

hsd_down()
{
	kill -TERM "$HSD_PID"
	wait "$HSD_PID"
}

registered_count()
{
	"$CTL" -s "$T/hsd/control" list --json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(1 for h in d["sip_handsets"] if h["registered"] is True))' \
		2>/dev/null || echo "?"
}

echo "# registrar benchmark: $N handsets, sipp REGISTER-401-REGISTER-200 over UDP,"
echo "# loopback, sipp on the same $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
# Other work on the machine skews every figure: say how much there was.
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
header >"$T/table"

# --- floors ---------------------------------------------------------------
# What no registrar code on this machine can go below, measured first, on a
# quiet machine: libre's decoding of each request (before handsetd sees
# it), and the latency of the state directory's disk for one small
# append + fdatasync (what a durable 200 OK waits for at least once).
floors=$T/floors
: >"$floors"
if cc -O2 -Wall -Wextra -DHAVE_INTTYPES_H $(pkg-config --cflags libre 2>/dev/null) \
	-o "$T/libre-floor" "$ROOT/bench/libre-floor.c" \
	$(pkg-config --libs libre 2>/dev/null) 2>"$T/libre-floor.err"; then
	"$T/libre-floor" >>"$floors" 2>&1
else
	echo "libre-floor: not built ($(head -n1 "$T/libre-floor.err"))" >>"$floors"
fi
python3 - "$T/hsd/state" >>"$floors" <<'EOF'
import os, sys, time
fn = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(fn, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
ts = []
for i in range(2000):
    t = time.perf_counter()
    os.write(fd, b"x" * 120 + b"\n")
    os.fdatasync(fd)
    ts.append((time.perf_counter() - t) * 1e3)
os.close(fd)
os.unlink(fn)
ts.sort()
print("disk of state_dir, 2000 x (append 121 bytes + fdatasync): "
      "p50 %.3f ms, p99 %.3f ms, max %.3f ms" % (ts[1000], ts[1980], ts[-1]))
EOF

if want handsetd; then
	echo "# handsetd: ${HSD_BIN:-$FXS_BUILD/bin/handsetd} (copied)"
	hsd_up || exit 1
	start_empty=$STARTUP_MS
	echo
	for r in $RATES; do
		run_sipp handsetd "$HP" "$r" "$HSD_PID" >>"$T/table"
	done
	hsd_rss=$(mem_kb VmRSS "$HSD_PID")
	hsd_pss=$(mem_kb Pss "$HSD_PID")
	bound=$(registered_count)
	hsd_down
	# A daemon that cannot restart on its own state is a figure too.
	if hsd_up; then
		start_full="$STARTUP_MS ms"
		restored=$(registered_count)
		hsd_down
	else
		start_full="failed (did not start)"
		restored=0
		wait "$HSD_PID" 2>/dev/null
	fi
fi

# --- Kamailio -------------------------------------------------------------
kam=no
if want kamailio && command -v kamailio >/dev/null 2>&1; then
	kam=yes
	KP=$(free_port)
	mkdir -p "$T/kam"
	(cd "$T/kam" && exec kamailio -f "$KAM_CFG" -DD -E -w "$T/kam" \
		-Y "$T/kam" -m 64 -M 8 -A "LISTEN=udp:127.0.0.1:$KP" \
		-A "USERS=$N" -A CHILDREN=2 >"$T/kam/log" 2>&1) &
	KAM_PID=$!
	SERVER_PIDS="$SERVER_PIDS $KAM_PID"
	# Ready when a registration succeeds: Kamailio binds its socket
	# before its start-up route has filled the user table and before it
	# forks its workers, whose CPU and memory count too.
	printf 'SEQUENTIAL\nu1;[authentication username=u1 password=pw1];u1\n' \
		>"$T/kam/one.csv"
	i=0
	while [ $i -lt 60 ]; do
		(cd "$T/kam" && exec timeout 5 sipp "127.0.0.1:$KP" \
			-sf "$SCENARIO" -inf "$T/kam/one.csv" -key expires 3600 \
			-i 127.0.0.1 -p "$(free_port)" -nostdin -nd -m 1 \
			-recv_timeout 1000 \
			-timeout 4 >/dev/null 2>&1 </dev/null) && break
		i=$((i + 1))
	done
	KAM_PIDS="$KAM_PID $(pgrep -P "$KAM_PID" | tr '\n' ' ')"
	for r in $RATES; do
		run_sipp kamailio "$KP" "$r" $KAM_PIDS >>"$T/table"
	done
	kam_pss=$(mem_kb Pss $KAM_PIDS)
	kam_rss=$(mem_kb VmRSS $KAM_PIDS)
	kill -TERM "$KAM_PID"
	wait "$KAM_PID" 2>/dev/null
fi

# --- report ---------------------------------------------------------------
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$T/table"
echo
if want kamailio && [ $kam = no ]; then
	echo "kamailio not installed, comparison skipped"
fi
mb()
{
	awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}
max_ok()
{
	awk -v s="$1" '$1 == s && $5 == 0 && $3 >= 0.95 * $2 { m = $2 }
		END { print m ? m : "none" }' "$T/table"
}
if want handsetd; then
	printf '%-58s %s\n' \
		"handsetd max sustained rate (0 failures, >=95% of target):" \
		"$(max_ok handsetd)/s"
	printf '%-58s %s\n' "handsetd start-up, $N handsets, no bindings:" \
		"$start_empty ms"
	printf '%-58s %s\n' \
		"handsetd start-up, $N handsets, $bound persisted bindings:" \
		"$start_full ($restored bindings restored)"
	printf '%-58s %s\n' \
		"handsetd memory with $N handsets and $bound bindings:" \
		"RSS $(mb "$hsd_rss") MB, PSS $(mb "$hsd_pss") MB"
fi
if [ $kam = yes ]; then
	printf '%-58s %s\n' \
		"kamailio max sustained rate (0 failures, >=95% of target):" \
		"$(max_ok kamailio)/s"
	printf '%-58s %s\n' \
		"kamailio memory, all $(echo $KAM_PIDS | wc -w) processes:" \
		"PSS $(mb "$kam_pss") MB (RSS sum $(mb "$kam_rss") MB)"
fi
echo
echo "floors on this machine (measured before the runs):"
sed 's/^/  /' "$floors"
cat <<EOF

targets (issue 3 section 8), bindings durable:
  handsetd CPU per registration      <= 20 us   (Kamailio 5.6: 47-56 us, bindings in memory)
  rate                               >= Kamailio's side by side, 0 failures (Kamailio held 15,000/s)
  p99 of the exchange at 5000/s      <  1 ms
  RSS, $N handsets and bindings   <  16 MB  (Kamailio: 27.6 MB PSS)
EOF
exit 0
