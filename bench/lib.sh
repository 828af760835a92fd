#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Shell helpers the benchmarks share (sourced, not run: it has
# no "# bench:" line).  run_sipp measures one sipp run of the
# REGISTER-401-REGISTER-200 scenario and prints one table row; the caller
# sets T (a scratch directory), N (handsets), SCENARIO (the sipp XML) and
# users.csv in $T, and TCK (clock ticks per second); RUN_DIR is then
# the run's directory (sipp's traces).  bench_tmp and bench_hsd: the
# scratch directory and handsetd's start, for every benchmark.

free_port()
{
	python3 -c '
import socket
t = socket.socket(); t.bind(("127.0.0.1", 0)); p = t.getsockname()[1]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", p))
print(p)'
}

now_ms()
{
	python3 -c 'import time; print(int(time.monotonic() * 1000))'
}

# cpu_ticks PID...: utime + stime of the processes, in clock ticks.
cpu_ticks()
{
	for p in "$@"; do
		# Fields 14 and 15, counted after the ")" that ends the name.
		sed 's/.*) //' "/proc/$p/stat" 2>/dev/null |
			awk '{ print $12 + $13 }'
	done | awk '{ s += $1 } END { print s + 0 }'
}

# mem_kb FIELD PID...: VmRSS (from status) or Pss (from smaps_rollup), summed.
mem_kb()
{
	f=$1
	shift
	for p in "$@"; do
		if [ "$f" = Pss ]; then
			awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null
		else
			awk -v f="$f:" '$1 == f { print $2 }' "/proc/$p/status" 2>/dev/null
		fi
	done | awk '{ s += $1 } END { print s + 0 }'
}

# run_sipp LABEL PORT RATE PIDS...: one measured run; prints one table row.
run_sipp()
{
	label=$1 port=$2 rate=$3
	shift 3
	RUN=$(( ${RUN:-0} + 1 ))
	d=$T/$RUN-$label-$rate
	RUN_DIR=$d
	mkdir -p "$d"
	c0=$(cpu_ticks "$@")
	limit=$(( N / rate + 30 ))
	(cd "$d" && exec timeout -k 5 "$limit" sipp "127.0.0.1:$port" \
		-sf "$SCENARIO" -inf "$T/users.csv" -key expires 3600 \
		-i 127.0.0.1 -p "$(free_port)" -nostdin -nd -m "$N" -r "$rate" \
		-rp 1000 -l "$N" \
		-timeout "$limit" -recv_timeout 5000 -max_recv_loops 1000 \
		-trace_shortmsg -trace_stat -fd 1 \
		>"$d/sipp.out" 2>&1 </dev/null)
	c1=$(cpu_ticks "$@")
	python3 - "$d" "$label" "$rate" "$N" "$c0" "$c1" "$TCK" <<'EOF'
import csv, glob, sys
d, label, rate, n, c0, c1, tck = sys.argv[1:]
rate, n, c0, c1, tck = int(rate), int(n), int(c0), int(c1), int(tck)
# sipp's rtd has millisecond resolution; its short message trace has
# microseconds: the exchange is the first REGISTER sent to the 200 OK.
first, done = {}, {}
for f in glob.glob(d + "/*_shortmessages.log"):
    for line in open(f, errors="replace"):
        p = line.rstrip("\n").split("\t")
        if len(p) < 7:
            continue
        t, way, cid, msg = float(p[2]), p[3], p[4], p[6]
        if way == "S" and cid not in first:
            first[cid] = t
        elif way == "R" and msg.startswith("SIP/2.0 200") and cid in first:
            done[cid] = t
times = [(done[c] - first[c]) * 1000.0 for c in done]
stamps = list(done.values()) + [first[c] for c in done]
ok = failed = retrans = None
for f in glob.glob(d + "/*_.csv"):
    rows = list(csv.reader(open(f), delimiter=";"))
    if len(rows) < 2:
        continue
    h, last = rows[0], rows[-1]
    def col(name):
        return int(last[h.index(name)]) if name in h else None
    ok, failed, retrans = col("SuccessfulCall(C)"), col("FailedCall(C)"), col("Retransmissions(C)")
    break
if ok is None:
    ok = len(times)
# Calls a timeout cut short are in neither counter.
failed = max(failed or 0, n - ok)
times.sort()
def pct(p):
    return times[min(len(times) - 1, int(len(times) * p))] if times else float("nan")
span = max(stamps) - min(stamps) if stamps else 0
achieved = len(times) / span if span > 0 else float("nan")
cpu_us = (c1 - c0) * 1e6 / tck / ok if ok else float("nan")
print("%-9s %7d %10.0f %7d %7d %7s %8.3f %8.3f %8.3f %10.1f" % (
    label, rate, achieved, ok, failed, retrans if retrans is not None else "?",
    pct(0.50), pct(0.99), times[-1] if times else float("nan"), cpu_us))
EOF
}

header()
{
	printf '%-9s %7s %10s %7s %7s %7s %8s %8s %8s %10s\n' server rate \
		"regs/s" ok failed retrans "p50 ms" "p99 ms" "max ms" "cpu us/reg"
}


# bench_tmp NAME: T, a scratch directory that goes when the script ends
# (BENCH_KEEP=1 keeps it), after the processes in BENCH_PIDS are stopped;
# INT, TERM and HUP end the script the same way.
bench_tmp()
{
	T=$(mktemp -d "/tmp/bench-$1.XXXXXX") || exit 1
	BENCH_PIDS=
	trap bench_cleanup EXIT
	trap 'exit 1' INT TERM HUP
}

bench_cleanup()
{
	for _p in $BENCH_PIDS; do
		kill -TERM "$_p" 2>/dev/null
	done
	for _p in $BENCH_PIDS; do
		wait "$_p" 2>/dev/null
	done
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "# kept $T"
	else
		rm -rf "$T"
	fi
}

# bench_hsd CONF LOG CONTROL: handsetd ($HSD, as root) on CONF in the
# background, its PID in PID (and BENCH_PIDS); returns once handsetctl
# ($CTL) answers on CONTROL, ends the script after 60 s or if it died.
bench_hsd()
{
	chmod 600 "$1"
	"$HSD" -F -f "$1" -u root >"$2" 2>&1 &
	PID=$!
	BENCH_PIDS="$BENCH_PIDS $PID"
	_i=0
	until "$CTL" -s "$3" list >/dev/null 2>&1; do
		_i=$((_i + 1))
		if [ $_i -ge 600 ] || ! kill -0 "$PID" 2>/dev/null; then
			echo "bench: handsetd did not start" >&2
			tail -n 20 "$2" >&2
			exit 1
		fi
		sleep 0.1
	done
}
