#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The load generator of bench/sip-tls.sh: registers handsets uFIRST..uLAST
# (password pwN) with digest, REGISTER -> 401 -> REGISTER -> 200, in one of
# these ways, one handset after the other:
#
#   udp        one UDP socket for all of them
#   tcp-new    a new TCP connection per handset
#   tcp-reuse  one TCP connection for all of them
#   tls-new    a new TLS connection (full handshake) per handset, as phones
#              do after a reboot or when their connection was closed
#   tls-reuse  one TLS connection for all of them, as a phone re-registers
#              over the connection it keeps open
#
# sipp here has no TLS transport, so the benchmark brings its own client;
# it is the same client for every transport so the figures compare.
# Prints one line: "ok failed seconds p50_ms p99_ms client_cpu_s".
import hashlib
import os
import re
import socket
import ssl
import sys
import time

mode, host, port, first, last, cafile = sys.argv[1:7]
port, first, last = int(port), int(first), int(last)
REALM_RE = re.compile(r'realm="([^"]*)"')
NONCE_RE = re.compile(r'nonce="([^"]*)"')
OPAQUE_RE = re.compile(r'opaque="([^"]*)"')
QOP_RE = re.compile(r'qop="?([^",]*)')


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


class Stream:
    """SIP messages over a TCP or TLS connection."""

    def __init__(self, tls):
        s = socket.create_connection((host, port), timeout=10)
        if tls:
            ctx = ssl.create_default_context(cafile=cafile)
            s = ctx.wrap_socket(s, server_hostname="localhost")
        self.s = s
        self.buf = b""
        self.local = s.getsockname()

    def send(self, data):
        self.s.sendall(data)

    def recv(self):
        while b"\r\n\r\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise ConnectionError("closed by the server")
            self.buf += chunk
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        m = re.search(rb"(?im)^(?:content-length|l)\s*:\s*(\d+)", head)
        n = int(m.group(1)) if m else 0
        while len(rest) < n:
            rest += self.s.recv(65536)
        self.buf = rest[n:]
        return head.decode(errors="replace")

    def close(self):
        self.s.close()


class Datagram:
    def __init__(self):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.settimeout(10)
        self.s.connect((host, port))
        self.local = self.s.getsockname()

    def send(self, data):
        self.s.send(data)

    def recv(self):
        return self.s.recv(65536).decode(errors="replace")

    def close(self):
        self.s.close()


def request(tp, local, i, cseq, auth):
    lhost, lport = local
    uri = "sip:%s:%d" % (host, port)
    return ("REGISTER %s SIP/2.0\r\n"
            "Via: SIP/2.0/%s %s:%d;rport;branch=z9hG4bK-b%d-%d-%d\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:u%d@%s>;tag=t%d\r\n"
            "To: <sip:u%d@%s>\r\n"
            "Call-ID: bench-%d-%d@%s\r\n"
            "CSeq: %d REGISTER\r\n"
            "Contact: <sip:u%d@%s:%d;transport=%s>\r\n"
            "Expires: 3600\r\n"
            "User-Agent: handsetd-bench\r\n"
            "%s"
            "Content-Length: 0\r\n\r\n" % (
                uri, tp.upper(), lhost, lport, os.getpid(), i, cseq,
                i, host, i, i, host, os.getpid(), i, lhost, cseq,
                i, lhost, lport, tp.lower(), auth)).encode()


def authorization(i, www):
    realm = REALM_RE.search(www).group(1)
    nonce = NONCE_RE.search(www).group(1)
    opaque = OPAQUE_RE.search(www)
    qop = QOP_RE.search(www)
    uri = "sip:%s:%d" % (host, port)
    ha1 = md5("u%d:%s:pw%d" % (i, realm, i))
    ha2 = md5("REGISTER:" + uri)
    h = 'Digest username="u%d", realm="%s", nonce="%s", uri="%s"' % (
        i, realm, nonce, uri)
    if qop:
        cnonce = "c%d" % i
        resp = md5("%s:%s:00000001:%s:auth:%s" % (ha1, nonce, cnonce, ha2))
        h += ', qop=auth, nc=00000001, cnonce="%s"' % cnonce
    else:
        resp = md5("%s:%s:%s" % (ha1, nonce, ha2))
    h += ', response="%s", algorithm=MD5' % resp
    if opaque:
        h += ', opaque="%s"' % opaque.group(1)
    return "Authorization: %s\r\n" % h


def status(msg):
    return int(msg.split(" ", 2)[1])


def register(conn, tp, i):
    conn.send(request(tp, conn.local, i, 1, ""))
    r = conn.recv()
    if status(r) != 401:
        return False
    www = re.search(r"(?im)^www-authenticate\s*:\s*(.*)$", r).group(1)
    conn.send(request(tp, conn.local, i, 2, authorization(i, www)))
    return status(conn.recv()) == 200


def main():
    tp = {"udp": "UDP", "tcp": "TCP", "tls": "TLS"}[mode.split("-")[0]]
    new = mode.endswith("-new")
    ok = failed = 0
    times = []
    shared = None
    c0 = time.process_time()
    t0 = time.monotonic()
    for i in range(first, last + 1):
        s = time.monotonic()
        try:
            if shared is None or new:
                conn = Datagram() if tp == "UDP" else Stream(tp == "TLS")
                if not new:
                    shared = conn
            else:
                conn = shared
            good = register(conn, tp, i)
            if new:
                conn.close()
        except (OSError, ConnectionError, AttributeError, ValueError):
            good = False
            shared = None
        if good:
            ok += 1
            times.append((time.monotonic() - s) * 1000.0)
        else:
            failed += 1
    wall = time.monotonic() - t0
    if shared:
        shared.close()
    times.sort()

    def pct(p):
        return times[min(len(times) - 1, int(len(times) * p))] \
            if times else float("nan")
    print("%d %d %.3f %.3f %.3f %.3f" % (ok, failed, wall, pct(0.5),
                                         pct(0.99), time.process_time() - c0))


main()
