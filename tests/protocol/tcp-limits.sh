#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# SIP over TCP under a hostile peer (issue 14, "Over TCP"), from python3
# raw sockets against the ASan daemon:
#  - one address opening 20 connections keeps the oldest 8
#    (sip_tcp_guard.c, sip.max_tcp_per_address's default) and the log
#    says so; a phone from another address, over TCP and UDP, is
#    answered meanwhile;
#  - half a message on a new connection is dropped by libre after its
#    32 s accept timeout, not held for ever;
#  - an address in ratelimit.exempt (a NAT with an office behind it)
#    keeps all 20;
#  - past libre's 64 KiB a connection is closed;
#  - then a second daemon with sip.max_tcp_per_address = 3: the 4th
#    connection from one address is closed; a reload raising the cap to 5
#    lets 5 stay, a reload with an invalid value keeps 5 (a 6th is
#    closed), and a reload setting sip.max_tcp_connections = 7 closes the
#    newest of 8 from several addresses.  The log gives the values in
#    force at start and at each reload that changes them.
# The Handsets page's own limits are tests/protocol/http-hostile.sh's.

. "$(dirname "$0")/lib.sh"

hsd_setup
HSD_CONF_EXTRA='ratelimit = { exempt = [ "127.0.0.5" ]; };'
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"
tap_check "it logs its TCP limits" \
	grep -q "sip: TCP limits: 8 connections from one address, [0-9]* in all" \
	"$HSD_LOG"

python3 - "$HSD_PORT" "$(dirname "$0")" >"$HSD_TMP/tcp.out" 2>&1 <<'PY'
import re, socket, sys, time
sys.path.insert(0, sys.argv[2])
import tcp_peer

port = int(sys.argv[1])
n = [0]


def options(tp, src):
    n[0] += 1
    return ("OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
            "Via: SIP/2.0/%s %s:5999;branch=z9hG4bK-t%d;rport\r\n"
            "Max-Forwards: 70\r\nFrom: <sip:probe@%s>;tag=t%d\r\n"
            "To: <sip:127.0.0.1>\r\nCall-ID: tcp%d@test\r\n"
            "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
            % (tp, src, n[0], src, n[0], n[0])).encode()


def connect(src):
    return tcp_peer.connect(src, port)


def code(s):
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            d = s.recv(4096)
            if not d:
                return "closed"
            buf += d
    except OSError:
        return "none"
    m = re.match(rb"SIP/2.0 (\d+)", buf)
    return m.group(1).decode() if m else "garbage"


closed = tcp_peer.closed


def tcp_from(src):
    s = connect(src)
    s.sendall(options("TCP", src))
    c = code(s)
    s.close()
    return c


def udp_from(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.settimeout(2.0)
    s.sendto(options("UDP", src), ("127.0.0.1", port))
    try:
        return re.match(rb"SIP/2.0 (\d+)", s.recv(4096)).group(1).decode()
    except OSError:
        return "none"


# 20 connections from 127.0.0.1, held open: 8, then (after the guard's
# 2 s sweep has seen them) 12 more
held = []
for k in range(20):
    held.append(connect("127.0.0.1"))
    time.sleep(2.5 if k == 7 else 0.02)
deadline = time.time() + 8
while time.time() < deadline and sum(map(closed, held)) < 12:
    time.sleep(0.2)
gone = [closed(s) for s in held]
print("cut", sum(gone))
print("oldest-kept", "yes" if not any(gone[:8]) else "no")
print("other-tcp", tcp_from("127.0.0.2"))
print("other-udp", udp_from("127.0.0.2"))
print("kept-answers", (lambda s: (s.sendall(options("TCP", "127.0.0.1")),
                                  code(s))[1])(held[0]))
for s in held:
    s.close()

# 20 from an exempt address: an office behind one NAT keeps them all
office = [connect("127.0.0.5") for _ in range(20)]
time.sleep(5)	# two sweeps
print("exempt-cut", sum(map(closed, office)))
for s in office:
    s.close()

# past 64 KiB without a complete message
big = connect("127.0.0.4")
try:
    big.sendall(b"OPTIONS sip:127.0.0.1 SIP/2.0\r\nX-Pad: " + b"x" * 70000)
except OSError:
    pass
print("oversized", code(big))
big.close()

# half a message, then nothing: libre's accept timeout (32 s)
half = connect("127.0.0.3")
half.sendall(options("TCP", "127.0.0.3")[:60])
t0 = time.time()
while time.time() - t0 < 45 and not closed(half):
    time.sleep(0.5)
t = time.time() - t0
print("half-closed", "yes" if closed(half) else "no")
print("half-after", "ok" if 25 <= t <= 45 else "%.0f s" % t)
PY
sed 's/^/# /' "$HSD_TMP/tcp.out"

got() { sed -n "s/^$1 //p" "$HSD_TMP/tcp.out"; }

tap_is "20 connections from one address: the 12 newest closed" "$(got cut)" 12
tap_is "  its 8 oldest kept" "$(got oldest-kept)" yes
tap_is "  a kept one still answered" "$(got kept-answers)" 200
tap_check "  the log says how many and why" grep -q \
	"sip: 20 TCP connections from 127.0.0.1, over the 8 one address may hold: closing the 12 newest" \
	"$HSD_LOG"
tap_is "20 connections from an exempt address: none closed" \
	"$(got exempt-cut)" 0
tap_is "meanwhile a phone from another address over TCP: 200" \
	"$(got other-tcp)" 200
tap_is "meanwhile a phone from another address over UDP: 200" \
	"$(got other-udp)" 200
tap_is "past 64 KiB without a message: closed" "$(got oversized)" closed
tap_is "half a message held: closed by the daemon" "$(got half-closed)" yes
tap_is "  after libre's 32 s accept timeout" "$(got half-after)" ok
tap_check "handsetd is still running" hsd_alive
hsd_stop

# The caps from the file, changed by reloads.  The log starts afresh: the
# checks below are about this daemon only.
: >"$HSD_LOG"
HSD_CONF_SIP='max_tcp_per_address = 3; max_tcp_connections = 100;'
HSD_CONF_EXTRA=
hsd_config
hsd_start || hsd_die "handsetd starts with sip.max_tcp_per_address = 3"
tap_check "the start-up line gives the configured caps" grep -q \
	"sip: TCP limits: 3 connections from one address, 100 in all" \
	"$HSD_LOG"

python3 - "$HSD_PORT" "$HSD_CONF" "$HSD_CTL_BIN" "$HSD_SOCK" \
	"$(dirname "$0")" >"$HSD_TMP/caps.out" 2>&1 <<'PY'
import re, subprocess, sys, time
sys.path.insert(0, sys.argv[5])
import tcp_peer

port, conf, ctl, sock = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


def connect(src):
    return tcp_peer.connect(src, port)


closed = tcp_peer.closed


def wait_cut(socks, n, secs=8):
    """How many of socks are closed once n are, or secs have passed."""
    deadline = time.time() + secs
    while time.time() < deadline and sum(map(closed, socks)) < n:
        time.sleep(0.2)
    return sum(map(closed, socks))


def reload(key, value):
    text = open(conf).read()
    text = re.sub(key + r" = -?\d+;", "%s = %d;" % (key, value), text)
    open(conf, "w").write(text)
    r = subprocess.run([ctl, "-s", sock, "reload"], capture_output=True,
                       text=True, timeout=30)
    sys.stdout.write("".join("# " + l + "\n"
                             for l in (r.stdout + r.stderr).splitlines()))
    return r.returncode


# 3 from one address, seen by a sweep, then a 4th: the 4th goes
a = [connect("127.0.0.6") for _ in range(3)]
time.sleep(2.5)
a.append(connect("127.0.0.6"))
print("cap3-cut", wait_cut(a, 1))
print("cap3-newest", "yes" if closed(a[3]) and
      not any(map(closed, a[:3])) else "no")
a[3].close()
a = a[:3]

# raised to 5: two more stay
print("reload5", reload("max_tcp_per_address", 5))
a += [connect("127.0.0.6") for _ in range(2)]
time.sleep(5)	# two sweeps
print("cap5-cut", sum(map(closed, a)))

# an invalid value: refused, 5 stays in force, so a 6th goes
print("reload0", reload("max_tcp_per_address", 0))
time.sleep(2.5)	# a sweep after the reload
a.append(connect("127.0.0.6"))
print("kept5-cut", wait_cut(a, 1))
print("kept5-newest", "yes" if closed(a[5]) and
      not any(map(closed, a[:5])) else "no")
a[5].close()
a = a[:5]

# the per-address cap valid again, the total lowered to 7: 5 from .6
# and 3 newer ones from .7 are 8, the newest of them goes
reload("max_tcp_per_address", 5)
print("reload7", reload("max_tcp_connections", 7))
time.sleep(2.5)
b = [connect("127.0.0.7") for _ in range(3)]
print("total-cut", wait_cut(a + b, 1))
print("total-older-kept", "yes" if not any(map(closed, a)) else "no")
time.sleep(2.5)	# and no more than that one
print("total-cut-later", sum(map(closed, a + b)))
for s in a + b:
    s.close()
PY
sed 's/^/# /' "$HSD_TMP/caps.out"

got() { sed -n "s/^$1 //p" "$HSD_TMP/caps.out"; }
line=$(grep -n 'max_tcp_per_address' "$HSD_CONF" | cut -d: -f1)

tap_is "cap 3: of 4 connections from one address, 1 closed" "$(got cap3-cut)" 1
tap_is "  the newest" "$(got cap3-newest)" yes
tap_check "  the log says how many and why" grep -q \
	"sip: 4 TCP connections from 127.0.0.6, over the 3 one address may hold: closing the 1 newest" \
	"$HSD_LOG"
tap_is "reload raising the cap to 5 exits 0" "$(got reload5)" 0
tap_check "  the log gives the new caps" grep -q \
	"reload: sip: TCP limits: 5 connections from one address, 100 in all (were 3 and 100)" \
	"$HSD_LOG"
tap_is "  5 connections from one address: none closed" "$(got cap5-cut)" 0
tap_check "reload with max_tcp_per_address = 0 exits non-zero" \
	[ "$(got reload0)" != 0 ]
tap_check "  the error names file and line" grep -q \
	"$HSD_CONF:$line: sip: max_tcp_per_address = 0 is out of range" \
	"$HSD_LOG"
tap_check "  the running configuration is kept" grep -q \
	"running configuration is kept" "$HSD_LOG"
tap_is "  the cap stays 5: a 6th connection is closed" "$(got kept5-cut)" 1
tap_is "  the newest" "$(got kept5-newest)" yes
tap_is "reload setting max_tcp_connections = 7 exits 0" "$(got reload7)" 0
tap_check "  the log gives the new caps" grep -q \
	"reload: sip: TCP limits: 5 connections from one address, 7 in all (were 5 and 100)" \
	"$HSD_LOG"
tap_is "8 connections from two addresses: 1 closed" "$(got total-cut)" 1
tap_is "  a newer one, the 5 older kept" "$(got total-older-kept)" yes
tap_is "  and no more" "$(got total-cut-later)" 1
tap_check "  the log says how many and why" grep -q \
	"sip: 8 TCP connections, over the 7 allowed in all (sip.max_tcp_connections): closing the 1 newest" \
	"$HSD_LOG"
tap_check "handsetd is still running" hsd_alive
hsd_stop
tap_summary
