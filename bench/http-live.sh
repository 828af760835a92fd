#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench: host
#
# Open Handsets pages against the registrar (issue 11, benchmark): handsetd
# (optimised build) with BENCH_HANDSETS handsets and its HTTP listener;
# sipp registers all of them at BENCH_RATE per second, with no page open,
# with one (what rendering the changed rows costs) and with BENCH_PAGES
# open event streams (/api/v1/events, what each open page keeps; plus
# sending them), each run on a fresh state directory so every
# registration changes a row.  Prints, per run, the registrar's row
# (regs/s, failures, p50/p99 of the exchange, handsetd CPU per
# registration), then the pages' cost beside the goal (within 5 %), and
# the update delay with BENCH_PAGES open: from a registration's 200 OK
# (sipp's trace) to the first event on an open page showing that handset
# registered.  One of
# the pages is read by a script that parses every event; the others only
# drain their stream, as a browser tab would.  Asserts nothing.
#
# Each of the three runs is made BENCH_REPEAT times, in turn, and the
# comparison is between medians: on these shared 2 cores one run of the
# same server differs from the next by about 10 %, twice the goal.
#
# Environment: FXS_BUILD (default ./build), BENCH_HANDSETS (10000),
# BENCH_RATE (5000), BENCH_PAGES (20), BENCH_REPEAT (3), BENCH_KEEP (keep
# the temp directory).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FXS_BUILD=${FXS_BUILD:-$ROOT/build}
HSD=$FXS_BUILD/bin/handsetd
CTL=$FXS_BUILD/bin/handsetctl
N=${BENCH_HANDSETS:-10000}
RATE=${BENCH_RATE:-5000}
PAGES=${BENCH_PAGES:-20}
REPEAT=${BENCH_REPEAT:-3}
SCENARIO=$ROOT/tests/protocol/sipp/register-burst.xml
TCK=$(getconf CLK_TCK)

for t in sipp curl python3; do
	command -v $t >/dev/null ||
		{ echo "bench: $t is not installed" >&2; exit 1; }
done
[ -x "$HSD" ] || { echo "bench: $HSD is not built (make userspace)" >&2; exit 1; }

# free_port, cpu_ticks, mem_kb, run_sipp, header, bench_tmp, bench_hsd
. "$ROOT/bench/lib.sh"

bench_tmp live
HSD_PID=
READERS=
# the page readers come and go: only the live ones are stopped at the end
cleanup()
{
	BENCH_PIDS="$READERS $HSD_PID"
	bench_cleanup
}
trap cleanup EXIT

cp "$HSD" "$T/handsetd" && cp "$CTL" "$T/handsetctl" || exit 1
HSD=$T/handsetd
CTL=$T/handsetctl

echo SEQUENTIAL >"$T/users.csv"
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
	printf "u%d;[authentication username=u%d password=pw%d];u%d\n",
		i, i, i, i }' >>"$T/users.csv"

SP=$(free_port)
WP=$(free_port)

# hsd_up LABEL: handsetd on an empty state directory of its own.
hsd_up()
{
	mkdir -p "$T/$1/state"
	{
		cat <<EOF
sip = { listen = [ "udp:127.0.0.1:$SP" ]; realm = "pbx.local"; };
registration = { min_expires = 60; default_expires = 3600; max_expires = 7200; };
auth = { max_failures = 1000000; };
state_dir = "$T/$1/state";
control_socket = "$T/$1/control";
http = { listen = [ "http:127.0.0.1:$WP" ]; };
handsets = (
EOF
		awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
			printf "  { user_id = \"%d\"; model = \"generic-sip\"; login = \"u%d\"; password = \"pw%d\"; }%s\n",
				10000 + i, i, i, i < n ? "," : "" }'
		echo ");"
	} >"$T/$1/handsetd.conf"
	bench_hsd "$T/$1/handsetd.conf" "$T/$1/log" "$T/$1/control"
	HSD_PID=$PID
}

hsd_down()
{
	kill -TERM "$HSD_PID"
	wait "$HSD_PID" 2>/dev/null
	HSD_PID=
}

# pages_open DIR COUNT: COUNT event streams, the first one parsed.
pages_open()
{
	python3 -u - "http://127.0.0.1:$WP/api/v1/events" "$1/seen" <<'EOF' &
# Per event (a whole "main" or changed "rows"): its arrival time (the
# wall clock, as sipp's trace), its size and the user IDs it shows
# registered that no earlier event showed.
import re, sys, time, urllib.request
url, out = sys.argv[1:]
row = re.compile(rb'<tr class="registered" data-user-id="([^"]+)"')
known = set()
with urllib.request.urlopen(url) as r, open(out, "w") as f:
    name, data = None, []
    for line in r:
        line = line.rstrip(b"\n")
        if line.startswith(b"event: "):
            name, data = line[7:], []
        elif line.startswith(b"data: "):
            data.append(line[6:])
        elif not line and name in (b"main", b"rows"):
            t = time.time()
            ids = set(row.findall(b"\n".join(data))) - known
            known |= ids
            f.write("%.6f %d %s\n" % (t, sum(map(len, data)),
                    " ".join(i.decode() for i in sorted(ids))))
            f.flush()
            name = None
EOF
	READERS="$READERS $!"
	k=1
	while [ $k -lt "$2" ]; do
		curl -s -N -o /dev/null "http://127.0.0.1:$WP/api/v1/events" &
		READERS="$READERS $!"
		k=$((k + 1))
	done
	# every stream has its first event when the reader has one and
	# handsetd counts them all (its log says nothing per stream: poll
	# the reader, then give curl the same moment)
	i=0
	until [ -s "$1/seen" ] || [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 2
}

pages_close()
{
	for p in $READERS; do
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	READERS=
}

echo "# open pages during registrations: $N handsets, sipp at $RATE/s over UDP,"
echo "# loopback, sipp and the pages on the same $(nproc) cores;" \
	"$(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
header >"$T/table"

rep=1
while [ "$rep" -le "$REPEAT" ]; do
	hsd_up "none-$rep"
	run_sipp "0 pages" "$SP" "$RATE" "$HSD_PID" >>"$T/table"
	hsd_down

	# one page: the rendering of the changed rows; BENCH_PAGES: plus the
	# sending of them to every page
	for n in 1 "$PAGES"; do
		hsd_up "pages$n-$rep"
		pages_open "$T/pages$n-$rep" "$n"
		run_sipp "$n pages" "$SP" "$RATE" "$HSD_PID" >>"$T/table"
		RUN_PAGES=$RUN_DIR
		SEEN=$T/pages$n-$rep/seen
		# the last changes reach the pages after the coalescing delay
		sleep 3
		rss=$(mem_kb VmRSS "$HSD_PID")
		pages_close
		hsd_down
	done
	rep=$((rep + 1))
done

echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$T/table"
echo
python3 - "$T/table" "$SEEN" "$RUN_PAGES" "$N" "$PAGES" "$rss" <<'EOF'
import glob, statistics, sys
table, seen, rundir, n, pages, rss = sys.argv[1:]
n, pages = int(n), int(pages)
rows = [l.split() for l in open(table)][1:]
# "0 pages" and "20 pages" are two words: cpu us/reg is the last column,
# p99 the third from last.  The medians of the repeated runs.
runs = {}
for r in rows:
    runs.setdefault(int(r[0]), []).append((float(r[-1]), float(r[-3])))
def med(k, i):
    return statistics.median(x[i] for x in runs[k])
cpu0, p990 = med(0, 0), med(0, 1)
print("medians of %d runs each:" % len(runs[0]))
for k in sorted(runs)[1:]:
    cpu1, p991 = med(k, 0), med(k, 1)
    print("%2d page(s) open: registrar CPU per registration %+6.1f %% "
          "(%.1f -> %.1f us), p99 of the exchange %+6.1f %% "
          "(%.3f -> %.3f ms); goal within 5 %%" %
          (k, (cpu1 / cpu0 - 1) * 100, cpu0, cpu1,
           (p991 / p990 - 1) * 100, p990, p991))
# 200 OK times by handset: sipp's call k used line k of users.csv (uk,
# user ID 10000 + k); its Call-ID starts with the call number.
ok = {}
for f in glob.glob(rundir + "/*_shortmessages.log"):
    for line in open(f, errors="replace"):
        p = line.rstrip("\n").split("\t")
        if len(p) >= 7 and p[3] == "R" and p[6].startswith("SIP/2.0 200"):
            ok[str(10000 + int(p[4].split("-")[0]))] = float(p[2])
events, shown, total, big = 0, {}, 0, 0
for line in open(seen):
    p = line.split()
    events += 1
    total += int(p[1])
    big = max(big, int(p[1]))
    for uid in p[2:]:
        shown.setdefault(uid, float(p[0]))
delays = sorted((shown[u] - ok[u]) * 1000 for u in ok if u in shown)
missing = sum(1 for u in ok if u not in shown)
def pct(q):
    return delays[min(len(delays) - 1, int(len(delays) * q))]
if delays:
    print("update delay on an open page (200 OK -> event):   p50 %.0f ms, "
          "p99 %.0f ms, max %.0f ms over %d registrations (%d never shown)" %
          (pct(0.5), pct(0.99), delays[-1], len(delays), missing))
else:
    print("update delay: no registration matched an event (%d events)" %
          events)
print("events per page: %d, %.1f MB of HTML in all, the largest %d bytes "
      "(the first: the whole list); handsetd RSS %.1f MB" %
      (events, total / 1e6, big, int(rss) / 1024.0))
EOF
exit 0
