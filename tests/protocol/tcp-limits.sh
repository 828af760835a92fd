#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# SIP over TCP under a hostile peer (issue 14, "Over TCP"), from python3
# raw sockets against the ASan daemon:
#  - one address opening 20 connections keeps the oldest 8
#    (sip_tcp_guard.c, SIP_TCP_PER_ADDRESS) and the log says so; a phone
#    from another address, over TCP and UDP, is answered meanwhile;
#  - half a message on a new connection is dropped by libre after its
#    32 s accept timeout, not held for ever;
#  - an address in ratelimit.exempt (a NAT with an office behind it)
#    keeps all 20;
#  - past libre's 64 KiB a connection is closed.
# The Handsets page's own limits are tests/protocol/http-hostile.sh's.

. "$(dirname "$0")/lib.sh"

hsd_setup
HSD_CONF_EXTRA='ratelimit = { exempt = [ "127.0.0.5" ]; };'
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"
tap_check "it logs its TCP limits" \
	grep -q "sip: TCP limits: 8 connections from one address" "$HSD_LOG"

python3 - "$HSD_PORT" >"$HSD_TMP/tcp.out" 2>&1 <<'PY'
import re, select, socket, sys, time

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
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(2.0)
    s.connect(("127.0.0.1", port))
    return s


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


def closed(s):
    """True once the daemon has closed s (EOF or reset)."""
    r, _, _ = select.select([s], [], [], 0)
    if not r:
        return False
    try:
        return s.recv(1) == b""
    except OSError:
        return True


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
tap_summary
