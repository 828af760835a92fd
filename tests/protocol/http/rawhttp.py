# SPDX-License-Identifier: GPL-2.0-only
"""Sends a request exactly as given (stdin, or built from options) over
one TCP connection and prints the status code of the answer, or "closed"
when the server closed without one.  The hostile requests of the Handsets
page tests: curl normalises what these tests need broken."""
import argparse
import socket
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--trickle", type=float, default=0.0,
                help="seconds between bytes (a slow client)")
ap.add_argument("--timeout", type=float, default=10.0)
args = ap.parse_args()

data = sys.stdin.buffer.read()
s = socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout)
try:
    if args.trickle:
        for i in range(len(data)):
            s.sendall(data[i:i + 1])
            time.sleep(args.trickle)
    else:
        s.sendall(data)
except OSError:
    pass

got = b""
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        got += b
        if b"\r\n\r\n" in got and b"Connection: close" not in got:
            # a kept-alive answer: its head is all these tests read
            head, _, body = got.partition(b"\r\n\r\n")
            clen = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    clen = int(line.split(b":", 1)[1])
            if len(body) >= clen:
                break
except OSError:
    pass
s.close()

open(args.out, "wb").write(got)
if got.startswith(b"HTTP/1.1 "):
    print(got[9:12].decode())
else:
    print("closed")
