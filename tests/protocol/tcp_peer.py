# SPDX-License-Identifier: GPL-2.0-only
"""A hostile SIP peer's TCP connections, for tests/protocol/tcp-limits.sh."""
import select
import socket


def connect(src, port):
    """A connection from address src to the daemon's SIP port."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(2.0)
    s.connect(("127.0.0.1", port))
    return s


def closed(s):
    """True once the daemon has closed s (EOF or reset)."""
    r, _, _ = select.select([s], [], [], 0)
    if not r:
        return False
    try:
        return s.recv(1) == b""
    except OSError:
        return True
