#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Readiness for systemd (issue 3 section 1, handsetd.service is
# Type=notify): handsetd sends READY=1 to $NOTIFY_SOCKET only once it
# answers (its control socket works when the datagram arrives), with its
# own PID in the credentials the kernel attaches; RELOADING=1 with
# MONOTONIC_USEC and then READY=1 around every reload, good file or broken;
# STOPPING=1 on SIGTERM; the abstract-namespace form "@name" works too.
# A python listener plays systemd's part: it records each datagram with the
# sender's PID and, on READY=1, whether the control socket answered.

. "$(dirname "$0")/lib.sh"

hsd_setup
hsd_config

# listen PATH OUT: datagrams on PATH ("@x": abstract) as lines
# "<pid> <answered 0/1> <message with newlines as |>" in OUT.
listen()
{
	python3 - "$1" "$2" "$HSD_CTL_BIN" "$HSD_SOCK" <<'EOF' &
import os, socket, struct, subprocess, sys
path, out, ctl, sock = sys.argv[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind("\0" + path[1:] if path.startswith("@") else path)
open(out + ".bound", "w").close()
while True:
    msg, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(12))
    pid = 0
    for lvl, typ, data in anc:
        if lvl == socket.SOL_SOCKET and typ == socket.SCM_CREDENTIALS:
            pid = struct.unpack("iII", data[:12])[0]
    text = msg.decode(errors="replace")
    up = 0
    if "READY=1" in text.split("\n"):
        r = subprocess.run([ctl, "-s", sock, "show", "101"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        up = 1 if r.returncode == 0 else 0
    with open(out, "a") as f:
        f.write("%d %d %s\n" % (pid, up, text.replace("\n", "|")))
EOF
	HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $!"
	wait_for 5 test -e "$2.bound" ||
		hsd_die "the notify listener is bound to $1"
}

# wait_line OUT N: waits until OUT has N lines (5 s at most).
wait_line()
{
	wait_grep 5 "$2" "$1" ''
}

# line OUT N FIELD: field 1 (pid), 2 (answered) or 3 (message) of line N.
line()
{
	sed -n "${2}p" "$1" | cut -d' ' -f"$3"
}

OUT=$HSD_TMP/notify.out
: >"$OUT"
listen "$HSD_TMP/notify.sock" "$OUT"
NOTIFY_SOCKET=$HSD_TMP/notify.sock
export NOTIFY_SOCKET
hsd_start || hsd_die "handsetd starts with NOTIFY_SOCKET set"
wait_line "$OUT" 1
tap_is "the first datagram is READY=1" "$(line "$OUT" 1 3)" "READY=1"
tap_is "it comes from handsetd's PID (SCM_CREDENTIALS)" \
	"$(line "$OUT" 1 1)" "$HSD_PID"
tap_is "the control socket answers when READY=1 arrives" \
	"$(line "$OUT" 1 2)" 1

kill -HUP "$HSD_PID"
wait_line "$OUT" 3
tap_check "SIGHUP: RELOADING=1 with MONOTONIC_USEC" \
	grep -Eq '^[0-9]+ 0 RELOADING=1\|MONOTONIC_USEC=[0-9]+$' "$OUT"
tap_is "then READY=1 once the reload is done" "$(line "$OUT" 3 3)" "READY=1"

# A broken file is kept out, and the service is ready again all the same:
# systemd would otherwise wait for the reload until its timeout.
sed 's/login = "phone103"/login = "phone101"/' "$HSD_CONF" >"$HSD_TMP/bad"
cp "$HSD_CONF" "$HSD_TMP/good"
cp "$HSD_TMP/bad" "$HSD_CONF"
hsd_ctl reload >/dev/null 2>&1
wait_line "$OUT" 5
tap_is "a reload of a broken file: RELOADING=1 ..." \
	"$(line "$OUT" 4 3 | cut -d'|' -f1)" "RELOADING=1"
tap_is "... and READY=1 again" "$(line "$OUT" 5 3)" "READY=1"
cp "$HSD_TMP/good" "$HSD_CONF"

hsd_stop
wait_line "$OUT" 6
tap_is "SIGTERM: STOPPING=1" "$(line "$OUT" 6 3)" "STOPPING=1"

# The abstract namespace ("@" in NOTIFY_SOCKET), as systemd uses for some
# managers (and containers).
OUT2=$HSD_TMP/notify2.out
: >"$OUT2"
ABS=@handsetd-test-$$-$(date +%s%N)
listen "$ABS" "$OUT2"
NOTIFY_SOCKET=$ABS
hsd_start || hsd_die "handsetd starts with an abstract NOTIFY_SOCKET"
wait_line "$OUT2" 1
tap_is "abstract socket: READY=1 from handsetd" \
	"$(line "$OUT2" 1 1) $(line "$OUT2" 1 3)" "$HSD_PID READY=1"
hsd_stop
unset NOTIFY_SOCKET

tap_summary
