#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Real phones over TLS (issue 15 part 3): with a certificate made here by
# openssl, baresip registers a sip: contact with transport=tls and
# linphonec (belle-sip, which checks the certificate and the server's
# name) registers a sips: contact; handsetctl list shows both bindings
# with transport tls.  A linphonec that trusts another CA fails its
# handshake cleanly: no binding, no discovered device, and handsetd goes
# on serving TLS.
#
# baresip 1.0 (libre 1.1) accepts any server certificate, so the refusal
# is shown with linphonec; baresip is given the CA all the same.  Debian's
# sipp 3.6.1 is built without OpenSSL ("To use a TLS transport you must
# compile SIPp with OpenSSL"), so no sipp scenario runs over TLS here.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/baresip.bash"
. "$(dirname "$0")/sip-tls.bash"

command -v baresip >/dev/null || hsd_die "baresip is installed"
command -v linphonec >/dev/null || hsd_die "linphonec is installed"
hsd_setup
tls_setup
hsd_config
hsd_start || hsd_die "handsetd starts with a tls: listener"
tap_ok "handsetd starts with a tls: listener"
tap_check "it logs the TLS listener and the certificate it serves" \
	grep -Eq "listening on TLS:127.0.0.1:$TLS_PORT" "$HSD_LOG"
tap_check "  and the certificate's subject and end of validity" \
	grep -Eq "TLS certificate .*CN ?= ?sip.pbx.test, valid until 20" \
	"$HSD_LOG"

# 1. baresip: a sip: contact, transport=tls.
baresip_config "$HSD_TMP/baresip" \
	"<sip:phone101@127.0.0.1:$TLS_PORT;transport=tls>;auth_pass=s3cret;regint=600"
echo "sip_cafile		$HSD_TMP/server.crt" >>"$HSD_TMP/baresip/config"
hsd_client_start baresip baresip -f "$HSD_TMP/baresip"
OUT=$HSD_TMP/baresip.out
hsd_wait_grep 'phone101@127.0.0.1.*200 OK.*\[1 binding\]' "$OUT" 15
tap_check "baresip (TLS): 200 OK [1 binding]" \
	grep -Eq 'phone101@127.0.0.1.*TLS.*200 OK.*\[1 binding\]' "$OUT"
tap_is "list --json: 101 registered over tls" \
	"$(hsd_json '[c["transport"] for c in bindings("101")]')" '["tls"]'
tap_is "  its contact is baresip's, with transport=tls" \
	"$(hsd_json 'bindings("101")[0]["uri"].startswith("sip:") and "transport=tls" in bindings("101")[0]["uri"]')" true
hsd_ctl list >"$HSD_TMP/list1.txt" 2>&1
tap_file_note "$HSD_TMP/list1.txt" 4
tap_check "handsetctl list: 101's binding with source tls:127.0.0.1" \
	grep -Eq 'contact sip:.*transport=tls.*source tls:127\.0\.0\.1:' \
	"$HSD_TMP/list1.txt"
hsd_client_say q
hsd_client_stop 10
tap_is "baresip quits cleanly" "$?" 0
hsd_wait_json 'not registered("101")' 5
tap_is "baresip unregistered over TLS: 101 not registered" \
	"$(hsd_json 'registered("101")')" false

# 2. linphonec, trusting the test certificate: a sips: contact.
H=$HSD_TMP/linphone-trusting
tls_linphonerc "$H" "$HSD_TMP/server.crt"
hsd_client_start linphonec env HOME="$H" linphonec -c "$H/linphonerc"
OUT=$HSD_TMP/linphonec.out
sleep 1
hsd_client_say "register sips:phone103@localhost:$TLS_PORT sips:localhost:$TLS_PORT tr1ple"
hsd_wait_json 'registered("103")' 15
hsd_client_say "status register"
hsd_wait_grep '^(linphonec> )*registered, identity=sips:phone103@' "$OUT" 5
tap_check "linphonec (sips:, certificate checked): registered" \
	grep -Eq 'registered, identity=sips:phone103@localhost' "$OUT"
tap_is "list --json: 103 has one sips: contact over tls" \
	"$(hsd_json '[(c["uri"].split(":")[0], c["transport"]) for c in bindings("103")]')" \
	'[["sips", "tls"]]'
hsd_ctl list >"$HSD_TMP/list2.txt" 2>&1
tap_file_note "$HSD_TMP/list2.txt" 4
tap_check "handsetctl list: 103's sips: contact with source tls:" \
	grep -Eq 'contact sips:phone103@.*source tls:127\.0\.0\.1:' \
	"$HSD_TMP/list2.txt"
tap_is "  and linphone's User-Agent" \
	"$(hsd_json '"linphone" in json.dumps(handset("103")).lower()')" true
hsd_client_say quit
hsd_client_stop 10
grep -v soundcard "$OUT" | grep -v '^$' | head -n 10 |
	sed 's/^/#   linphonec: /'

# 3. linphonec trusting another CA: the handshake fails at the phone.
tls_cert other-ca "Some Other CA" || hsd_die "a second certificate"
H=$HSD_TMP/linphone-untrusting
tls_linphonerc "$H" "$HSD_TMP/other-ca.crt"
hsd_client_start untrusting env HOME="$H" linphonec -c "$H/linphonerc"
OUT=$HSD_TMP/untrusting.out
sleep 1
hsd_client_say "register sips:phone101@localhost:$TLS_PORT sips:localhost:$TLS_PORT s3cret"
hsd_wait_grep 'SSL handshake failed|[Cc]ertificate verification failed' \
	"$OUT" 15
tap_check "linphonec trusting another CA refuses the handshake" \
	grep -Eq '[Cc]ertificate verification failed' "$OUT"
sleep 1
hsd_client_say "status register"
sleep 1
tap_check "  and is not registered" \
	grep -Eq '^(linphonec> )*registered=-1|registration failed' "$OUT"
hsd_client_say quit
hsd_client_stop 10
grep -v soundcard "$OUT" | grep -v '^$' | head -n 6 |
	sed 's/^/#   linphonec: /'
tap_is "no binding for 101 from the untrusting phone" \
	"$(hsd_json 'bindings("101")')" '[]'
tap_is "no discovered device from it either" \
	"$(hsd_json 'json.dumps(d["discovered_devices"])')" '[]'
tap_check "handsetd is still running" hsd_alive
tls_client after -CAfile "$HSD_TMP/server.crt"
tap_is "a trusting client's handshake still completes" "$?" 0

hsd_stop
tap_summary
