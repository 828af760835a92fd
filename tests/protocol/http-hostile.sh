#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Hostile HTTP against the Handsets page: malformed request lines, an
# unsupported version, oversized and too many headers, dot segments plain
# and percent-encoded, unknown methods, a body, a WebSocket handshake that
# lies, a stalled client (408 after request_timeout), more connections than
# max_connections.  Each gets its 4xx and a log line saying why; the
# registrar keeps answering while browsers stall; the daemon survives.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http/lib.sh"

hsd_setup
WEB_HTTP_EXTRA="max_connections = 6; request_timeout = 2; max_request = 4096;"
web_setup
hsd_config
hsd_start || hsd_die "handsetd starts with an http block"
tap_ok "handsetd starts with limits in its http block"

# hostile NAME EXPECTED LOG_REGEX REQUEST: one raw request, its status and
# the reason in the log.
hostile()
{
	_got=$(printf "$4" | web_raw "$1")
	tap_is "$1: answered $2" "$_got" "$2"
	tap_check "$1: the log says why" web_log_has "$3"
}

hostile garbage 400 'malformed request line' \
	'GARBAGE\r\n\r\n'
hostile no-target 400 'malformed request line' \
	'GET\r\nHost: x\r\n\r\n'
hostile relative-target 400 'target must start with /' \
	'GET index.html HTTP/1.1\r\nHost: x\r\n\r\n'
hostile version 505 'HTTP version not supported' \
	'GET / HTTP/2.0\r\nHost: x\r\n\r\n'
hostile no-host 400 'without exactly one Host' \
	'GET / HTTP/1.1\r\n\r\n'
hostile dotdot 400 'path traversal' \
	'GET /static/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'
hostile encoded-dotdot 400 'path traversal' \
	'GET /static/%%2e%%2e/%%2E%%2E/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'
hostile double-encoded 400 'double percent-encoding' \
	'GET /static/%%252e%%252e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'
hostile bad-escape 400 'bad percent-encoding' \
	'GET /%%zz HTTP/1.1\r\nHost: x\r\n\r\n'
hostile nul 400 'control character' \
	'GET /handsets/101%%00 HTTP/1.1\r\nHost: x\r\n\r\n'
hostile backslash 400 'backslash' \
	'GET /static\\..\\handsets.css HTTP/1.1\r\nHost: x\r\n\r\n'
hostile unknown-method 405 'BREW / from .*method not allowed' \
	'BREW / HTTP/1.1\r\nHost: x\r\n\r\n'
hostile post 405 'POST / from .*method not allowed' \
	'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc'
hostile body 413 'a request body' \
	'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc'
WS='GET /api/v1/events HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n'
WSKEY='Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
hostile ws-key 400 'Sec-WebSocket-Key is not 16 bytes' \
	"${WS}Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: bm90IDE2IGJ5dGVz\r\n\r\n"
hostile ws-version 400 'WebSocket version is not 13' \
	"${WS}Connection: Upgrade\r\nSec-WebSocket-Version: 8\r\n$WSKEY\r\n"
hostile ws-connection 400 'without Connection: Upgrade' \
	"${WS}Sec-WebSocket-Version: 13\r\n$WSKEY\r\n"
hostile ws-post 405 'method not allowed' \
	"POST${WS#GET}Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n$WSKEY\r\n"

# Oversized: one header line longer than max_request, then many headers.
BIG=$(head -c 5000 /dev/zero | tr '\0' a)
hostile big-header 431 'over http.max_request' \
	"GET / HTTP/1.1\r\nHost: x\r\nX-Big: $BIG\r\n\r\n"
MANY=$(awk 'BEGIN { for (i = 0; i < 80; i++) printf "X-%d: y\\r\\n", i }')
hostile many-headers 431 'too many header fields' \
	"GET / HTTP/1.1\r\nHost: x\r\n${MANY}\r\n"

# A stalled request (slowloris): 408 when request_timeout (2 s) is up.
T0=$(date +%s)
GOT=$(printf 'GET / HTTP/1.1\r\nHost: x\r\n' | web_raw stalled)
T1=$(date +%s)
tap_is "a request never finished: 408" "$GOT" 408
tap_check "  after request_timeout, not before ($((T1 - T0)) s)" \
	test $((T1 - T0)) -ge 1 -a $((T1 - T0)) -le 6
tap_check "  the log says why" web_log_has 'not complete in time'

# max_connections = 6: six stalled connections hold every slot, the
# seventh is refused, and the registrar answers all the while.
/usr/bin/python3 - "$WEB_PORT" "$HSD_TMP/conns.out" <<'PY' &
import socket, sys, time
port, out = int(sys.argv[1]), sys.argv[2]
held = []
for _ in range(6):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\n")
    held.append(s)
time.sleep(0.3)
res = "open"
try:
    s = socket.create_connection(("127.0.0.1", port), timeout=2)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    res = "closed" if not s.recv(100) else "answered"
except OSError:
    res = "closed"
open(out, "w").write(res + "\n")
time.sleep(1)
PY
HOLD=$!
HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $HOLD"
sleep 0.5
hsd_register busy phone103 tr1ple phone103 600
tap_is "the registrar answers while browsers hold every page slot" \
	"$(hsd_last_code busy)" 200
wait "$HOLD"
tap_is "a connection beyond max_connections is refused" \
	"$(cat "$HSD_TMP/conns.out")" closed
tap_check "  the log says why" web_log_has 'max_connections \(6\) reached'
sleep 2.5
tap_is "after the stalled ones timed out, the page answers again" \
	"$(web_get after /)" 200

tap_check "handsetd is still running" hsd_alive
hsd_stop
tap_summary
