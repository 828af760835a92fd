#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Administrators only, over TLS: the Handsets page with http.admins (an
# htdigest file) and an https listener with a test certificate.  No or
# wrong credentials get 401 and a log line; the right ones open the page,
# the JSON and the assets over http and https (curl checks the
# certificate); repeated failures lock the address out (429); no password
# or password hash shows in any answer.  Then the rule of the security
# model: beyond loopback without TLS or without administrators, handsetd
# refuses to start and says why, naming the file and line.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http/lib.sh"

command -v openssl >/dev/null || hsd_die "openssl is installed"
hsd_setup

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
	-keyout "$HSD_TMP/key.pem" -out "$HSD_TMP/cert.pem" 2>/dev/null ||
	hsd_die "a test certificate (openssl)"
ADMIN_PW='page-Pa55word'
HA1=$(hsd_md5 "admin:handsets:$ADMIN_PW")
printf '# administrators of the page\nadmin:handsets:%s\nother:realm2:%s\n' \
	"$HA1" "$HA1" >"$HSD_TMP/admins"
chmod 600 "$HSD_TMP/admins" "$HSD_TMP/key.pem"

TLS_PORT=$(hsd_free_port) || hsd_die "a free port for https"
WEB_PORT=$(hsd_free_port) || hsd_die "a free port for the page"
WEB_LISTEN="\"http:127.0.0.1:$WEB_PORT\", \"https:127.0.0.1:$TLS_PORT\""
WEB_HTTP_EXTRA="realm = \"handsets\"; admins = \"$HSD_TMP/admins\";
  certificate = \"$HSD_TMP/cert.pem\"; key = \"$HSD_TMP/key.pem\";"
HSD_CONF_AUTH="max_failures = 3; failure_window = 60; block_time = 60;"
web_setup
hsd_config
hsd_start || hsd_die "handsetd starts with TLS and administrators"
tap_ok "handsetd starts with TLS and administrators"
tap_check "the admins entry for another realm is skipped with a warning" \
	grep -q "admins:3.*realm \"realm2\" is not http.realm" "$HSD_LOG"

TLS_URL=https://127.0.0.1:$TLS_PORT
CA="--cacert $HSD_TMP/cert.pem"

tap_is "no credentials: 401" "$(web_get anon /)" 401
CHALL='Digest realm="handsets", nonce="[0-9a-f]*", qop="auth", algorithm=MD5'
tap_check "  with a Digest challenge (qop auth, MD5)" \
	grep -qi "^WWW-Authenticate: $CHALL" "$HSD_TMP/anon.hdr"
tap_check "  the 401 carries the security headers" web_secure anon
tap_check "  the log says why" \
	web_log_has 'http: 401 .* GET / from .*: no credentials'
tap_is "the JSON wants credentials too" "$(web_get anonj /api/v1/handsets)" 401
tap_is "the event stream wants credentials too" \
	"$(web_get anone /api/v1/events)" 401

tap_is "the right credentials: 200" \
	"$(web_get ok / --digest -u "admin:$ADMIN_PW")" 200
tap_is "the right credentials, the JSON: 200" \
	"$(web_get okj /api/v1/handsets --digest -u "admin:$ADMIN_PW")" 200
tap_is "the right credentials, a query string: 200" \
	"$(web_get okq '/?view=all' --digest -u "admin:$ADMIN_PW")" 200
tap_is "a user of another realm: 401" \
	"$(web_get other / --digest -u "other:$ADMIN_PW")" 401

# TLS with the test certificate, checked by curl against it.
tap_is "https with the test certificate: 200" "$(WEB_BASE=$TLS_URL \
	web_get tls / $CA --digest -u "admin:$ADMIN_PW")" 200
tap_check "  over TLS the page asks for HSTS" \
	test -n "$(web_hdr tls Strict-Transport-Security)"
tap_check "  the TLS page is the Handsets page" \
	grep -q '<h2>SIP Handsets ' "$HSD_TMP/tls.body"
tap_is "https, no credentials: 401" \
	"$(WEB_BASE=$TLS_URL web_get tlsanon /api/v1/handsets $CA)" 401
tap_is "https with an unknown certificate authority fails" \
	"$(WEB_BASE=$TLS_URL web_get tlsbad / --digest -u "admin:$ADMIN_PW")" \
	000
tap_is "plain http to the https port gets no page" \
	"$(WEB_BASE=http://127.0.0.1:$TLS_PORT web_get plain /)" 000

tap_is "a wrong password: 401" \
	"$(web_get wrong / --digest -u "admin:not-it")" 401
tap_check "  the log names the user and the address" \
	web_log_has 'authentication failure for "admin" from 127.0.0.1'
tap_is "a malformed Authorization header: 400" \
	"$(web_get badauth / -H 'Authorization: Digest garbage')" 400

tap_check "no password or hash in any answer or the log" \
	sh -c "! grep -l -e '$ADMIN_PW' -e '$HA1' -e s3cret -e tr1ple \
		$HSD_TMP/*.body $HSD_TMP/*.hdr $HSD_LOG"

# Lockout: max_failures = 3; the third failure above (wrong) was the
# first; two more, then even the right password is refused.
web_get w2 / --digest -u "admin:no2" >/dev/null
web_get w3 / --digest -u "admin:no3" >/dev/null
tap_is "after 3 failures, the right password: 429" \
	"$(web_get locked / --digest -u "admin:$ADMIN_PW")" 429
tap_check "  the log says the address is blocked" \
	web_log_has 'blocking 127.0.0.1 for 60 s'
tap_check "  and why the request was refused" \
	web_log_has '429 .* address blocked after repeated failed logins'
tap_is "the registrar still answers SIP from that address" \
	"$(hsd_register stillsip phone101 s3cret phone101 600; hsd_last_code stillsip)" 200

tap_check "handsetd is still running" hsd_alive
hsd_stop

# The security model: beyond loopback only with TLS and administrators.
refused()
{
	_name=$1
	_block=$2
	_want=$3
	sed "/^http = {/,/^};/d" "$HSD_CONF" >"$HSD_TMP/$_name.conf"
	printf 'http = {\n  %s\n};\n' "$_block" >>"$HSD_TMP/$_name.conf"
	"$HSD_BIN" -n -f "$HSD_TMP/$_name.conf" >"$HSD_TMP/$_name.out" 2>&1
	_rc=$?
	tap_check "$_name: handsetd -n fails" test "$_rc" -ne 0
	tap_check "$_name: it says why, with file and line" \
		grep -Eq "$_name.conf:[0-9]+: .*$_want" "$HSD_TMP/$_name.out"
	tap_file_note "$HSD_TMP/$_name.out" 3
}

refused plain-any "listen = [ \"http:0.0.0.0:$WEB_PORT\" ];" \
	'beyond loopback: there the page is served only over https'
refused tls-no-admins "listen = [ \"https:0.0.0.0:$TLS_PORT\" ];
  certificate = \"$HSD_TMP/cert.pem\"; key = \"$HSD_TMP/key.pem\";" \
	"beyond loopback: that needs administrators"
refused no-cert "listen = [ \"https:127.0.0.1:$TLS_PORT\" ];" \
	'an https address needs "certificate"'
refused bad-listen "listen = [ \"ftp:127.0.0.1:21\" ];" \
	'is not "http:ADDRESS'

# Also at start-up, not only with -n: the daemon exits and says why.
sed "/^http = {/,/^};/d" "$HSD_CONF" >"$HSD_TMP/start.conf"
printf 'http = { listen = [ "http:0.0.0.0:%s" ]; };\n' "$WEB_PORT" \
	>>"$HSD_TMP/start.conf"
timeout 10 "$HSD_BIN" -F -f "$HSD_TMP/start.conf" >"$HSD_TMP/start.out" 2>&1
tap_check "started beyond loopback without TLS: handsetd exits non-zero" \
	test $? -ne 0 -a $? -ne 124
tap_check "  and says why" grep -q 'beyond loopback' "$HSD_TMP/start.out"

sed "/^http = {/,/^};/d" "$HSD_CONF" >"$HSD_TMP/wide.conf"
printf 'http = { listen = [ "https:0.0.0.0:%s" ]; certificate = "%s";
  key = "%s"; admins = "%s"; realm = "handsets"; };\n' "$TLS_PORT" "$HSD_TMP/cert.pem" "$HSD_TMP/key.pem" "$HSD_TMP/admins" \
	>>"$HSD_TMP/wide.conf"
tap_check "https beyond loopback with administrators: configuration OK" \
	"$HSD_BIN" -n -f "$HSD_TMP/wide.conf"

printf 'admin:handsets:not-a-hash\n' >"$HSD_TMP/admins"
tap_check "a broken admins file: handsetd -n fails" \
	sh -c "! '$HSD_BIN' -n -f '$HSD_CONF' >'$HSD_TMP/badadm.out' 2>&1"
tap_check "  naming the admins file and its line" \
	grep -q "admins:1: not an htdigest line" "$HSD_TMP/badadm.out"
tap_summary
