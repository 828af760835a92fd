#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench: host
#
# SIP over TLS against UDP and TCP (issue 15 part 3, benchmark), run by
# `make bench`: handsetd (the optimised build) with BENCH_HANDSETS generic
# SIP handsets; bench/sip-tls-load.py registers every one of them (digest:
# REGISTER, 401, REGISTER, 200) over UDP, over TCP and over TLS, each
# stream transport with a new connection per handset and with one
# connection reused, in BENCH_CLIENTS parallel processes.  The TLS runs are
# made with an RSA 2048 and with an ECDSA P-256 certificate (a restart
# each: the key type is fixed for a running daemon).  Prints per run:
# registrations per second, failures, p50/p99 of one registration, and
# handsetd's CPU per registration (utime+stime from /proc), beside the
# client's.  The client is Python (sipp here has no TLS), so on a small
# machine it bounds the rate; handsetd's CPU per registration is the
# figure to compare.  Asserts nothing.
#
# Environment: FXS_BUILD (default ./build), BENCH_HANDSETS (2000),
# BENCH_CLIENTS (2), BENCH_KEEP (keep the temp directory).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FXS_BUILD=${FXS_BUILD:-$ROOT/build}
HSD=$FXS_BUILD/bin/handsetd
CTL=$FXS_BUILD/bin/handsetctl
LOAD=$ROOT/bench/sip-tls-load.py
N=${BENCH_HANDSETS:-2000}
P=${BENCH_CLIENTS:-2}
PROTO_DIR=$ROOT/tests/protocol
TCK=$(getconf CLK_TCK)

for t in openssl python3; do
	command -v $t >/dev/null ||
		{ echo "bench: $t is not installed" >&2; exit 1; }
done
[ -x "$HSD" ] || { echo "bench: $HSD is not built (make userspace)" >&2; exit 1; }

# hsd_free_port and hsd_handsets_bulk from the test helpers.
. "$PROTO_DIR/lib.sh"

# bench_tmp, bench_hsd, cpu_ticks
. "$ROOT/bench/lib.sh"
bench_tmp sip-tls
PID=
# handsetd runs once per certificate: only the running one is stopped
cleanup()
{
	BENCH_PIDS=$PID
	bench_cleanup
}
trap cleanup EXIT

# A copy: a rebuild of build/ during the run must not swap the program.
cp "$HSD" "$T/handsetd" && cp "$CTL" "$T/handsetctl" || exit 1
HSD=$T/handsetd
CTL=$T/handsetctl

for k in rsa ec; do
	case $k in
	rsa) args="-newkey rsa:2048" ;;
	ec)  args="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1" ;;
	esac
	# shellcheck disable=SC2086
	openssl req -x509 -nodes -days 2 -subj /CN=localhost $args \
		-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
		-keyout "$T/$k.key" -out "$T/$k.crt" >/dev/null 2>&1 ||
		{ echo "bench: openssl cannot make a $k certificate" >&2; exit 1; }
done


# start KEY: handsetd with UDP, TCP and TLS listeners and certificate KEY.
start()
{
	SP=$(hsd_free_port)
	TP=$(hsd_free_port)
	rm -rf "$T/state"
	mkdir -p "$T/state"
	{
		cat <<EOF
sip = {
  listen = [ "udp:127.0.0.1:$SP", "tcp:127.0.0.1:$SP", "tls:127.0.0.1:$TP" ];
  realm = "bench.local";
  certificate = "$T/$1.crt";  key = "$T/$1.key";
};
registration = { min_expires = 60; default_expires = 3600; max_expires = 7200; };
auth = { max_failures = 1000000; };
state_dir = "$T/state";
control_socket = "$T/control";
handsets = (
EOF
		hsd_handsets_bulk "$N" | sed '$ s/,$//'
		echo ");"
	} >"$T/handsetd.conf"
	bench_hsd "$T/handsetd.conf" "$T/handsetd-$1.log" "$T/control"
}

stop()
{
	kill -TERM "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	PID=
}

# run MODE LABEL: every handset once, split over P clients; one row.
run()
{
	mode=$1 label=$2
	port=$SP
	case $mode in tls-*) port=$TP ;; esac
	c0=$(cpu_ticks "$PID")
	per=$(( (N + P - 1) / P ))
	j=0
	pids=
	while [ $j -lt $P ]; do
		a=$(( j * per + 1 ))
		b=$(( (j + 1) * per ))
		[ $b -gt "$N" ] && b=$N
		python3 "$LOAD" "$mode" 127.0.0.1 "$port" "$a" "$b" \
			"$T/$CERT.crt" >"$T/run.$j" 2>"$T/run.$j.err" &
		pids="$pids $!"
		j=$((j + 1))
	done
	# shellcheck disable=SC2086
	wait $pids
	c1=$(cpu_ticks "$PID")
	cat "$T"/run.[0-9]* | awk -v label="$label" -v c0="$c0" -v c1="$c1" \
		-v tck="$TCK" '
	{ ok += $1; failed += $2; if ($3 > wall) wall = $3
	  p50 += $4; if ($5 > p99) p99 = $5; ccpu += $6; n++ }
	END {
		rate = wall > 0 ? ok / wall : 0
		scpu = ok ? (c1 - c0) * 1e6 / tck / ok : 0
		cl = ok ? ccpu * 1e6 / ok : 0
		printf "%-22s %8.0f %6d %6d %8.2f %8.2f %11.0f %11.0f\n",
			label, rate, ok, failed, p50 / n, p99, scpu, cl
	}'
	for e in "$T"/run.[0-9]*.err; do
		[ -s "$e" ] && sed 's/^/# client: /' "$e" | head -n 3
	done
	rm -f "$T"/run.[0-9]*
}

echo "# $N handsets, $P client processes, digest REGISTER/401/REGISTER/200 each;"
echo "# handsetd's CPU per registration from /proc (clock tick $TCK/s)"
printf '%-22s %8s %6s %6s %8s %8s %11s %11s\n' run "regs/s" ok failed \
	"p50 ms" "p99 ms" "hsd us/reg" "client us"

CERT=rsa
start rsa
run udp "udp"
run tcp-reuse "tcp reused"
run tcp-new "tcp new per phone"
run tls-reuse "tls reused (rsa2048)"
run tls-new "tls new (rsa2048)"
stop

CERT=ec
start ec
run tls-reuse "tls reused (p256)"
run tls-new "tls new (p256)"
stop
