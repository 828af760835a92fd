#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The boot storm of bench/prov-storm.sh: N emulated phones at once.

Every phone sends its PnP SUBSCRIBE to 224.0.1.75:5060 (one UDP socket
for all, told apart by Call-ID; unanswered ones are sent again after 2 s,
at most 3 times), answers the NOTIFY and takes the URL from it, then
fetches its <mac>.cfg (Yealink format) over a few kept-alive HTTP
connections and checks the password in it.  Prints one line per phase:
"phase SECONDS OK FAILED", and writes login;password lines for sipp.

usage: prov-storm.py N RATE CSV   (MACs 00:15:65:xx:xx:xx from 1)
"""
import concurrent.futures
import http.client
import select
import socket
import sys
import time
import urllib.parse

N, RATE, CSV = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
GROUP = ("224.0.1.75", 5060)


def mac(i):
    return "001565%06x" % i


def pnp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(("127.0.0.1", 0))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                 socket.inet_aton("127.0.0.1"))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
    port = s.getsockname()[1]
    urls, sent, tries = {}, {}, {}

    def req(i):
        m = mac(i)
        return ("SUBSCRIBE sip:MAC%%3a%s@224.0.1.75 SIP/2.0\r\n"
                "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bKs%d.%d;rport\r\n"
                "Max-Forwards: 70\r\n"
                "From: <sip:MAC%%3a%s@224.0.1.75>;tag=t%d\r\n"
                "To: <sip:MAC%%3a%s@224.0.1.75>\r\n"
                "Call-ID: storm-%d\r\nCSeq: 1 SUBSCRIBE\r\n"
                "Contact: <sip:127.0.0.1:%d>\r\n"
                "Event: ua-profile;profile-type=\"device\";"
                "vendor=\"Yealink\";model=\"T46\";version=\"1\"\r\n"
                "Accept: application/url\r\nExpires: 0\r\n"
                "Content-Length: 0\r\n\r\n" %
                (m, port, i, tries.get(i, 0), m, i, m, i, port)).encode()

    def drain(timeout):
        r, _, _ = select.select([s], [], [], timeout)
        while r:
            data, src = s.recvfrom(65535)
            text = data.decode("utf-8", "replace")
            head, _, body = text.partition("\r\n\r\n")
            if head.startswith("NOTIFY "):
                hdrs = {}
                for line in head.split("\r\n")[1:]:
                    k, _, v = line.partition(":")
                    hdrs.setdefault(k.strip().lower(), v.strip())
                cid = hdrs.get("call-id", "")
                if cid.startswith("storm-"):
                    urls[int(cid[6:])] = body.strip()
                vias = "".join("%s\r\n" % l for l in head.split("\r\n")
                               if l.lower().startswith("via:"))
                ok = ("SIP/2.0 200 OK\r\n%sFrom: %s\r\nTo: %s\r\n"
                      "Call-ID: %s\r\nCSeq: %s\r\nContent-Length: 0\r\n\r\n"
                      % (vias, hdrs["from"], hdrs["to"], cid, hdrs["cseq"]))
                s.sendto(ok.encode(), src)
            r, _, _ = select.select([s], [], [], 0)

    t0 = time.monotonic()
    gap = 1.0 / RATE
    nxt = t0
    for i in range(1, N + 1):
        s.sendto(req(i), GROUP)
        sent[i] = time.monotonic()
        nxt += gap
        while time.monotonic() < nxt:
            drain(max(0.0, nxt - time.monotonic()))
    for _ in range(3):
        end = time.monotonic() + 2
        while time.monotonic() < end and len(urls) < N:
            drain(0.05)
        missing = [i for i in range(1, N + 1) if i not in urls]
        if not missing:
            break
        for i in missing:
            tries[i] = tries.get(i, 0) + 1
            s.sendto(req(i), GROUP)
            drain(0)
    end = time.monotonic() + 2
    while time.monotonic() < end and len(urls) < N:
        drain(0.05)
    dt = time.monotonic() - t0
    print("pnp %.2f %d %d" % (dt, len(urls), N - len(urls)), flush=True)
    return urls


def fetch_range(base, ids):
    u = urllib.parse.urlsplit(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=20)
    got = {}
    for i in ids:
        try:
            c.request("GET", u.path + mac(i) + ".cfg")
            r = c.getresponse()
            body = r.read().decode()
        except (OSError, http.client.HTTPException):
            c.close()
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=20)
            continue
        if r.status != 200:
            continue
        kv = dict(l.split(" = ", 1) for l in body.splitlines()
                  if " = " in l)
        if kv.get("account.1.password") == "pw%d" % i:
            got[i] = (kv["account.1.auth_name"], kv["account.1.password"])
    c.close()
    return got


def main():
    urls = pnp()
    if not urls:
        print("fetch 0 0 %d" % N)
        return 1
    base = next(iter(urls.values()))
    ids = sorted(urls)
    t0 = time.monotonic()
    accounts = {}
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        for got in ex.map(lambda k: fetch_range(base, ids[k::8]), range(8)):
            accounts.update(got)
    print("fetch %.2f %d %d" % (time.monotonic() - t0, len(accounts),
                                N - len(accounts)), flush=True)
    with open(CSV, "w") as f:
        f.write("SEQUENTIAL\n")
        for i in sorted(accounts):
            login, pw = accounts[i]
            f.write("%s;[authentication username=%s password=%s];%s\n" %
                    (login, login, pw, login))
    return 0


if __name__ == "__main__":
    sys.exit(main())
