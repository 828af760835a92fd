#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# sip.certificate and sip.key (issue 15 part 3), with files openssl makes
# here.  handsetd -n refuses, naming file and line: a tls: listener without
# certificate, a missing file, a key that is no key or belongs to another
# certificate, a passphrase-protected key (without prompting), and a key
# the daemon's user cannot read, which 0640 root:GROUP then fixes.  A
# certificate file that holds the key needs no sip.key; an expired one is
# a warning.  An intermediate certificate in the certificate file is
# served, so a phone that trusts only the root verifies the chain.
#
# Reload: a renewed certificate at the same path is served after
# "handsetctl reload"; a reload with a key that does not match is refused
# and the running certificate stays; a new key type waits for a restart.
# A connection made before a reload is still answered on.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-tls.bash"

hsd_setup
tls_setup
tls_cert other other.pbx.test || hsd_die "a second certificate"

# conf NAME SIP_KEYS: $HSD_TMP/NAME.conf with a tls: listener and those
# keys in the sip block; handsetd -n on it, output in NAME.out, status
# in RC, the file in F.
conf()
{
	F=$HSD_TMP/$1.conf
	_keep=$HSD_CONF
	HSD_CONF=$F
	HSD_CONF_SIP=$2
	hsd_config
	HSD_CONF=$_keep
	timeout 10 "$HSD_BIN" -n -f "$F" >"$HSD_TMP/$1.out" 2>&1 </dev/null
	RC=$?
}

# line_of FILE REGEX: the line number of the first match.
line_of()
{
	grep -n "$2" "$1" | head -n 1 | cut -d: -f1
}

# refused NAME DESC TEXT: handsetd -n exited non-zero and printed TEXT
refused()
{
	tap_check "$2: handsetd -n refuses it" test "$RC" -ne 0
	grep -Fq "$3" "$HSD_TMP/$1.out" || tap_file_note "$HSD_TMP/$1.out" 6
	tap_check "  naming file and line: $3" \
		grep -Fq "$3" "$HSD_TMP/$1.out"
}

C=$HSD_TMP/server.crt
K=$HSD_TMP/server.key

conf nocert ""
refused nocert "a tls: listener without certificate" \
	"$F:$(line_of "$F" 'listen =' ): sip.listen: a tls: listener needs sip.certificate"

conf missing "certificate = \"$HSD_TMP/missing.crt\"; key = \"$K\";"
refused missing "a missing certificate" \
	"$F:$(line_of "$F" 'certificate =' ): sip: certificate \"$HSD_TMP/missing.crt\": No such file"

conf mismatch "certificate = \"$C\";
  key = \"$HSD_TMP/other.key\";"
refused mismatch "another certificate's key" \
	"$F:$(line_of "$F" 'key =' ): sip: key \"$HSD_TMP/other.key\" does not belong to certificate \"$C\""

conf notakey "certificate = \"$C\";
  key = \"$C\";"
refused notakey "a certificate given as the key" \
	"$F:$(line_of "$F" 'key =' ): sip: key \"$C\" holds no PEM private key"

conf notacert "certificate = \"$K\";
  key = \"$K\";"
refused notacert "a key given as the certificate" \
	"$F:$(line_of "$F" 'certificate =' ): sip: certificate \"$K\" holds no PEM certificate"

openssl pkey -in "$K" -aes256 -passout pass:secret \
	-out "$HSD_TMP/encrypted.key" 2>/dev/null ||
	hsd_die "an encrypted key (openssl)"
conf encrypted "certificate = \"$C\";
  key = \"$HSD_TMP/encrypted.key\";"
refused encrypted "a passphrase-protected key" \
	"$F:$(line_of "$F" 'key =' ): sip: key \"$HSD_TMP/encrypted.key\" holds no PEM private key, or one encrypted"

cat "$C" "$K" >"$HSD_TMP/both.pem"
chmod 600 "$HSD_TMP/both.pem"
conf both "certificate = \"$HSD_TMP/both.pem\";"
tap_is "certificate and key in one file, no sip.key: accepted" "$RC" 0
cat "$C" "$HSD_TMP/other.key" >"$HSD_TMP/wrongkey.pem"
chmod 600 "$HSD_TMP/wrongkey.pem"
conf wrongkey "certificate = \"$HSD_TMP/wrongkey.pem\";"
refused wrongkey "a certificate file holding another certificate's key" \
	"$F:$(line_of "$F" 'certificate =' ): sip: certificate \"$HSD_TMP/wrongkey.pem\": the key in it belongs to another certificate"
conf certonly "certificate = \"$C\";"
refused certonly "a certificate file without key and no sip.key" \
	"$F:$(line_of "$F" 'certificate =' ): sip: certificate \"$C\" holds no private key: set sip.key"

# An expired certificate: a warning (phones refuse it; the administrator
# may be renewing it), not an error.  openssl ca sets the past dates.
(
	mkdir -p "$HSD_TMP/ca" && cd "$HSD_TMP/ca" && : >index.txt &&
	echo 01 >serial &&
	printf '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\npolicy=p\ndefault_md=sha256\n[p]\ncommonName=supplied\n' \
		>ca.cnf &&
	openssl req -new -nodes -newkey rsa:2048 -subj /CN=old.pbx.test \
		-keyout old.key -out old.csr &&
	openssl ca -batch -config ca.cnf -selfsign -keyfile old.key \
		-in old.csr -startdate 20200101000000Z \
		-enddate 20200102000000Z -out old.crt
) >"$HSD_TMP/ca.openssl" 2>&1 || hsd_die "an expired certificate (openssl ca)"
conf expired "certificate = \"$HSD_TMP/ca/old.crt\";
  key = \"$HSD_TMP/ca/old.key\";"
tap_is "an expired certificate: handsetd -n accepts the file" "$RC" 0
tap_check "  with a warning at its line" grep -Fq \
	"$F:$(line_of "$F" 'certificate =' ): warning: sip: certificate \"$HSD_TMP/ca/old.crt\" expired on 2020-01-02 00:00 UTC: phones will refuse it" \
	"$HSD_TMP/expired.out"

# The key as the daemon's user sees it: nobody here, group nogroup.
chmod 755 "$HSD_TMP"
conf asuser "certificate = \"$C\";
  key = \"$K\";"
chmod 644 "$F"
timeout 10 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$HSD_BIN" -n -f "$F" >"$HSD_TMP/asuser.out" 2>&1 </dev/null
RC=$?
refused asuser "a key (0600 root) the daemon's user cannot read" \
	"$F:$(line_of "$F" 'key =' ): sip: key \"$K\": Permission denied (handsetd reads it as user handsetd: chown root:handsetd and chmod 0640 it)"
# handsetd -n as root reads it; the daemon, once it has given up root,
# cannot: the start stops there, saying why.
timeout 20 "$HSD_BIN" -F -f "$F" -u nobody >"$HSD_TMP/start-nobody.out" \
	2>&1 </dev/null
RC=$?
tap_check "started by root with -u nobody: the key stops the start" \
	test "$RC" -ne 0 -a "$RC" -ne 124
tap_check "  saying why and what to do" grep -Fq \
	"sip: TLS: key \"$K\": Permission denied (handsetd reads it as user handsetd: chown root:handsetd and chmod 0640 it)" \
	"$HSD_TMP/start-nobody.out"
chgrp 65534 "$K" && chmod 640 "$K"
timeout 10 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$HSD_BIN" -n -f "$F" >"$HSD_TMP/asuser2.out" 2>&1 </dev/null
tap_is "  0640 root:its group: accepted" "$?" 0
chmod 600 "$K" && chgrp 0 "$K"
chmod 700 "$HSD_TMP"

# A chain: root -> intermediate -> server; the phone trusts the root.
(
	cd "$HSD_TMP" &&
	openssl req -x509 -nodes -days 2 -newkey rsa:2048 -subj "/CN=Test Root" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		-keyout root.key -out root.crt &&
	openssl req -nodes -newkey rsa:2048 -subj "/CN=Test Intermediate" \
		-keyout inter.key -out inter.csr &&
	printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' \
		>inter.ext &&
	openssl x509 -req -days 2 -in inter.csr -CA root.crt -CAkey root.key \
		-CAcreateserial -extfile inter.ext -out inter.crt &&
	openssl req -nodes -newkey rsa:2048 -subj "/CN=chained.pbx.test" \
		-keyout chained.key -out chained.csr &&
	printf 'subjectAltName=DNS:chained.pbx.test,IP:127.0.0.1\n' \
		>chained.ext &&
	openssl x509 -req -days 2 -in chained.csr -CA inter.crt \
		-CAkey inter.key -CAcreateserial -extfile chained.ext \
		-out chained.leaf &&
	cat chained.leaf inter.crt >chained.crt
) >"$HSD_TMP/chain.openssl" 2>&1 || hsd_die "a certificate chain (openssl)"

HSD_CONF=$HSD_TMP/handsetd.conf
HSD_CONF_SIP="certificate = \"$HSD_TMP/chained.crt\";
  key = \"$HSD_TMP/chained.key\";"
hsd_config
hsd_start || hsd_die "handsetd starts with a chained certificate"
tap_ok "handsetd starts with a chained certificate"
tls_client chain -CAfile "$HSD_TMP/root.crt" -verify_hostname chained.pbx.test
tap_is "a client trusting only the root verifies the served chain" "$?" 0
tap_check "  the intermediate was sent" \
	grep -q 'i:.*CN *= *Test Root' "$HSD_TMP/chain.tls"
hsd_stop

# Reload.
HSD_CONF_SIP="certificate = \"$C\";
  key = \"$K\";"
hsd_config
hsd_start || hsd_die "handsetd starts with a tls: listener"
tap_ok "handsetd starts with a tls: listener"
tap_is "it serves the configured certificate" "$(tls_served_subject)" \
	"CN = sip.pbx.test"

# A connection made before the reload keeps its session and is answered
# after it: the certificate swap must not touch established sessions.
cp "$C" "$HSD_TMP/server.crt.orig"
cat >"$HSD_TMP/held.py" <<'PY'
import os, socket, ssl, sys, time
port, ca, go = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=ca)
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10),
                    server_hostname="localhost")
subj = dict(x[0] for x in s.getpeercert()["subject"])
print("connected to", subj["commonName"], flush=True)
end = time.monotonic() + 20
while not os.path.exists(go) and time.monotonic() < end:
    time.sleep(0.1)
s.sendall(b"OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
          b"Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-held\r\n"
          b"From: <sip:phone101@127.0.0.1>;tag=h\r\n"
          b"To: <sip:127.0.0.1>\r\nCall-ID: held@127.0.0.1\r\n"
          b"CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
print("after the reload:", s.recv(4096).split(b"\r\n")[0].decode(),
      flush=True)
PY
python3 "$HSD_TMP/held.py" "$TLS_PORT" "$HSD_TMP/server.crt.orig" \
	"$HSD_TMP/held.go" >"$HSD_TMP/held.out" 2>&1 &
HELD=$!
HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $HELD"
wait_grep 10 1 "$HSD_TMP/held.out" '^connected to sip.pbx.test'

tls_cert renewed renewed.pbx.test || hsd_die "a renewed certificate"
cp "$HSD_TMP/renewed.crt" "$C" && cp "$HSD_TMP/renewed.key" "$K"
tap_is "before a reload the old certificate is still served" \
	"$(tls_served_subject)" "CN = sip.pbx.test"
hsd_ctl reload >"$HSD_TMP/reload1.out" 2>&1
tap_is "handsetctl reload with a renewed certificate at the same path" \
	"$?" 0
tap_is "  the renewed certificate is served" "$(tls_served_subject)" \
	"CN = renewed.pbx.test"
tap_check "  and logged" \
	grep -Eq 'reload: sip: TLS certificate .*CN ?= ?renewed.pbx.test' \
	"$HSD_LOG"
: >"$HSD_TMP/held.go"
wait "$HELD"
tap_file_note "$HSD_TMP/held.out" 3
tap_check "a connection made before the reload is still answered on it" \
	grep -Eq '^after the reload: SIP/2.0 [0-9]{3} ' "$HSD_TMP/held.out"

cp "$HSD_TMP/other.key" "$K"
L=$(line_of "$HSD_CONF" 'key =')
hsd_ctl reload >"$HSD_TMP/reload2.out" 2>&1
tap_check "a reload with a key of another certificate fails" \
	test "$?" -ne 0
tap_check "  naming file and line" grep -Fq \
	"$HSD_CONF:$L: sip: key \"$K\" does not belong to certificate" \
	"$HSD_TMP/reload2.out"
tap_check "  saying the running configuration is kept" \
	grep -q "running configuration is kept" "$HSD_TMP/reload2.out"
tap_file_note "$HSD_TMP/reload2.out" 4
tap_is "  the running certificate is still served" \
	"$(tls_served_subject)" "CN = renewed.pbx.test"
tap_check "  handsetd is still running" hsd_alive

TLS_CERT_ARGS="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1" \
	tls_cert ec ec.pbx.test || hsd_die "an ECDSA certificate"
cp "$HSD_TMP/ec.crt" "$C" && cp "$HSD_TMP/ec.key" "$K"
hsd_ctl reload >"$HSD_TMP/reload3.out" 2>&1
tap_file_note "$HSD_TMP/reload3.out" 4
tap_check "a reload with an ECDSA key for an RSA one says: at the restart" \
	grep -q "another key type than the running one: it takes effect at the next restart" \
	"$HSD_TMP/reload3.out"
tap_is "  the running certificate is still served" \
	"$(tls_served_subject)" "CN = renewed.pbx.test"

hsd_stop
hsd_start || hsd_die "handsetd restarts"
tap_is "after a restart the ECDSA certificate is served" \
	"$(tls_served_subject)" "CN = ec.pbx.test"

hsd_stop
tap_summary
