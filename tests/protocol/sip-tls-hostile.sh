#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# What the TLS port refuses (issue 15 part 3): plain-text SIP sent to it
# gets no answer and a closed connection, registers nothing, and handsetd
# keeps serving TLS, TCP and UDP; TLS 1.1 and 1.0 are refused (with a
# client shown first to speak them to a server that allows them, so the
# refusal is handsetd's), as are suites without forward secrecy or AEAD,
# while TLS 1.2 and 1.3 complete with an AEAD suite.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-tls.bash"

hsd_setup
tls_setup
hsd_config
# Without Debian's system-wide OpenSSL policy (MinProtocol, CipherString):
# what is refused here, handsetd and OpenSSL's built-in defaults refuse.
: >"$HSD_TMP/empty.cnf"
HSD_WRAP="env OPENSSL_CONF=$HSD_TMP/empty.cnf"
hsd_start || hsd_die "handsetd starts with a tls: listener"
tap_ok "handsetd starts with a tls: listener"

# 1. Plain-text SIP to the TLS port.
cat >"$HSD_TMP/plain.py" <<'EOF'
import socket, sys
port = int(sys.argv[1])
msg = ("REGISTER sip:127.0.0.1 SIP/2.0\r\n"
       "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-plain%d\r\n"
       "From: <sip:phone101@127.0.0.1>;tag=p\r\n"
       "To: <sip:phone101@127.0.0.1>\r\n"
       "Call-ID: plain-%d@127.0.0.1\r\nCSeq: 1 REGISTER\r\n"
       "Contact: <sip:phone101@127.0.0.1:5999>\r\nExpires: 600\r\n"
       "Content-Length: 0\r\n\r\n")
answers = 0
for i in range(int(sys.argv[2])):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall((msg % (i, i)).encode())
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    if b"SIP/2.0" in data:
        answers += 1
        print("# answer: %r" % data[:80])
print(answers)
EOF
tap_is "plain-text REGISTER to the TLS port: no SIP answer, connection closed" \
	"$(python3 "$HSD_TMP/plain.py" "$TLS_PORT" 1 2>&1)" 0
tap_is "fifty more of them: still none answered" \
	"$(python3 "$HSD_TMP/plain.py" "$TLS_PORT" 50 2>&1)" 0
tap_check "handsetd is still running" hsd_alive
tap_is "nothing registered from them" \
	"$(hsd_json 'registered("101")')" false
tls_client after-plain -CAfile "$HSD_TMP/server.crt"
tap_is "a TLS handshake still completes" "$?" 0
hsd_register r103 phone103 tr1ple
tap_is "and UDP registrations still work" "$?" 0

# 2. Protocol versions.  Debian's OpenSSL config forbids TLS < 1.2 to the
# client too; security level 0 lets it offer them again.
OLD="-cipher DEFAULT:@SECLEVEL=0"
CTRL_PORT=$(hsd_free_port) || hsd_die "a free port for the control server"
# shellcheck disable=SC2086
openssl s_server -accept "127.0.0.1:$CTRL_PORT" -tls1_1 $OLD \
	-cert "$HSD_TMP/server.crt" -key "$HSD_TMP/server.key" -naccept 1 \
	>"$HSD_TMP/s_server.out" 2>&1 </dev/null &
SRV=$!
HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $SRV"
wait_for 5 sh -c "ss -ltn | grep -q '127.0.0.1:$CTRL_PORT '"
# shellcheck disable=SC2086
timeout 10 openssl s_client -connect "127.0.0.1:$CTRL_PORT" -tls1_1 $OLD \
	</dev/null >"$HSD_TMP/control.tls" 2>&1
tap_check "control: this openssl speaks TLS 1.1 to a server that allows it" \
	grep -q 'Protocol *: TLSv1.1' "$HSD_TMP/control.tls"
kill "$SRV" 2>/dev/null

for v in tls1_1 tls1; do
	# shellcheck disable=SC2086
	tls_client "$v" "-$v" $OLD -CAfile "$HSD_TMP/server.crt"
	rc=$?
	tap_check "$v refused by handsetd" test "$rc" -ne 0
	tap_check "  with a protocol version alert" \
		grep -q 'alert protocol version' "$HSD_TMP/$v.tls"
done

for v in tls1_2 tls1_3; do
	tls_client "$v" "-$v" -CAfile "$HSD_TMP/server.crt"
	tap_is "$v accepted (certificate verified)" "$?" 0
	tap_check "  with an AEAD suite" \
		grep -Eq 'Cipher is .*(GCM|CHACHA20)' "$HSD_TMP/$v.tls"
	grep -E 'Cipher is|Protocol *:' "$HSD_TMP/$v.tls" | sed 's/^/#   /'
done

# 3. TLS 1.2 suites handsetd leaves out: no forward secrecy, CBC.
for c in AES128-GCM-SHA256 ECDHE-RSA-AES128-SHA ECDHE-RSA-AES256-SHA384; do
	tls_client "c-$c" -tls1_2 -cipher "$c" -CAfile "$HSD_TMP/server.crt"
	tap_check "TLS 1.2 suite $c refused" test "$?" -ne 0
done

tap_check "handsetd is still running" hsd_alive
hsd_stop
tap_summary
