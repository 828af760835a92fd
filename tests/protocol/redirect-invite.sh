#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The location service as a SIP redirect server (issue 15 section 1), with
# sipp as the call engine: an INVITE from a source in sip.trusted for a
# registered handset gets 302 with the very contact the phone registered
# (by User ID and by Login ID, with q and expires); once that binding has
# expired, 480; an unknown user, 404; the same INVITE from a source that is
# not trusted, 403, logged and counted by the rate limiter.  OPTIONS
# keepalives from phones still get 200.  127.0.0.2 is loopback too.

. "$(dirname "$0")/lib.sh"

hsd_setup
HSD_CONF_EXPIRY="min_expires = 1; default_expires = 3600; max_expires = 7200;"
HSD_CONF_AUTH="max_failures = 3; failure_window = 60; block_time = 60;"
hsd_config
sed -i 's|^  realm = .*|&\n  trusted = [ "127.0.0.1" ];|' "$HSD_CONF"
grep -q 'trusted = \[ "127.0.0.1" \]' "$HSD_CONF" ||
	hsd_die "the test configuration has sip.trusted"
hsd_start || hsd_die "handsetd starts with sip.trusted"
tap_ok "handsetd starts with sip.trusted = [ \"127.0.0.1\" ]"

# invite NAME USER [SIPP_ARGS]: one INVITE from the call engine.
invite()
{
	_n=$1
	printf 'SEQUENTIAL\n%s\n' "$2" >"$HSD_TMP/$_n.csv"
	shift 2
	hsd_sipp "$_n" invite-lookup -inf "$HSD_TMP/$_n.csv" "$@"
}

# The phone: sipp registers phone101 from a port of its own, so the
# contact it gives is known.
UA_PORT=$(hsd_free_port) || hsd_die "a free port for the phone"
# 30 s: long enough for the checks below on a loaded machine, short
# enough to wait for its expiry.
hsd_register ua phone101 s3cret phone101 30 -- -p "$UA_PORT"
tap_is "the phone (sipp) registers handset 101 for 30 s: 200" "$?" 0
CONTACT="sip:phone101@127.0.0.1:$UA_PORT;transport=UDP"

# lookup on the control socket, and the redirect, give the contact.
tap_is "handsetctl lookup 101 gives the same contact" \
	"$(hsd_ctl lookup 101 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["available"], d["contacts"][0]["uri"], d["contacts"][0]["q"])')" \
	"True $CONTACT 1.0"

invite byuid 101
tap_is "INVITE for user ID 101 from a trusted source: 302" \
	"$(hsd_last_status byuid)" "302 Moved Temporarily"
got=$(hsd_header byuid Contact)
printf '%s\n' "$got" | sed 's/^/#   Contact: /'
tap_check "the 302 carries the contact the phone registered" \
	grep -qF "<$CONTACT>" "$HSD_TMP/byuid.msg"
tap_check "the contact has q and expires (at most 30 s)" \
	sh -c 'printf "%s\n" "$1" | grep -Eq ">;q=1\.0;expires=([1-9]|[12][0-9]|30)$"' - "$got"

invite bylogin phone101
tap_is "INVITE for login ID phone101: 302 with the same contact" \
	"$(hsd_last_code bylogin) $(hsd_header bylogin Contact | sed 's/;q=.*//')" \
	"302 <$CONTACT>"

invite unknown 999
tap_is "INVITE for a user nobody has: 404" "$(hsd_last_code unknown)" 404

invite unreg 103
tap_is "INVITE for handset 103, never registered: 480" \
	"$(hsd_last_code unreg)" 480


# Expired: the 30 s binding ends by itself.
hsd_wait_json 'not registered("101")' 60
invite expired 101
tap_is "INVITE for 101 after its binding expired: 480" \
	"$(hsd_last_status expired)" "480 Temporarily Unavailable"
tap_check "handsetctl lookup 101 says it is not available" \
	sh -c '"$@" | grep -q "\"available\":false"' - "$HSD_CTL_BIN" \
	-s "$HSD_SOCK" lookup 101

# Not trusted: 127.0.0.2 asks.
hsd_register ua2 phone101 s3cret phone101 600 -- -p "$UA_PORT"
invite untrusted 101 -i 127.0.0.2
tap_is "INVITE for 101 from 127.0.0.2 (not in sip.trusted): 403" \
	"$(hsd_last_code untrusted)" 403
tap_check "the 403 carries no contact" \
	sh -c '! grep -q "^Contact: <sip:phone101" "$1"' - \
	"$HSD_TMP/untrusted.msg"
tap_check "handsetd logs the refused request with its source address" \
	grep -Eq 'location request refused: INVITE for "101" from 127\.0\.0\.2' \
	"$HSD_LOG"

# Counted like failed authentication: two more and 127.0.0.2 is blocked
# (max_failures 3), so even a REGISTER with the right password is refused.
invite untrusted2 101 -i 127.0.0.2 -m 2
tap_check "after 3 refused location requests 127.0.0.2 is blocked" \
	grep -Eq 'blocking 127\.0\.0\.2 for 60 s' "$HSD_LOG"
hsd_probe blocked phone103 tr1ple phone103 -- -i 127.0.0.2
tap_is "a REGISTER from the blocked 127.0.0.2: 403" \
	"$(hsd_last_code blocked)" 403

# OPTIONS keepalives of phones, trusted or not, stay 200; so does a
# trusted OPTIONS to the registrar itself.  A MESSAGE and a SUBSCRIBE for
# a handset are lookups like the INVITE.
python3 - "$HSD_PORT" >"$HSD_TMP/methods.out" <<'PY'
import socket, sys, random
port = int(sys.argv[1])
def ask(src, method, user, extra=""):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.settimeout(3)
    lport = s.getsockname()[1]
    ruri = "sip:%s127.0.0.1:%d" % (user + "@" if user else "", port)
    m = ("%s %s SIP/2.0\r\n"
         "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK%x;rport\r\n"
         "Max-Forwards: 70\r\n"
         "From: <sip:probe@%s>;tag=%x\r\n"
         "To: <%s>\r\n"
         "Call-ID: %x@%s\r\nCSeq: 1 %s\r\n%s"
         "Content-Length: 0\r\n\r\n") % (
        method, ruri, src, lport, random.getrandbits(48), src,
        random.getrandbits(32), ruri, random.getrandbits(64), src, method,
        extra)
    s.sendto(m.encode(), ("127.0.0.1", port))
    while True:
        try:
            data = s.recv(65535).decode(errors="replace")
        except socket.timeout:
            return "timeout"
        code = data.split(" ", 2)[1]
        if code != "100":
            contacts = [l.split(":", 1)[1].strip() for l in data.split("\r\n")
                        if l.lower().startswith("contact:")]
            return code + (" " + contacts[0] if contacts else "")
print("options-phone", ask("127.0.0.3", "OPTIONS", "phone101"))
print("options-self", ask("127.0.0.1", "OPTIONS", ""))
print("options-lookup", ask("127.0.0.1", "OPTIONS", "101"))
print("message", ask("127.0.0.1", "MESSAGE", "101"))
print("subscribe", ask("127.0.0.1", "SUBSCRIBE", "phone101",
                       "Event: presence\r\nExpires: 60\r\n"))
print("message-untrusted", ask("127.0.0.3", "MESSAGE", "101"))
print("mwi-phone", ask("127.0.0.3", "SUBSCRIBE", "phone101",
                       "Event: message-summary\r\nExpires: 60\r\n"))
PY
sed 's/^/#   /' "$HSD_TMP/methods.out"
m() { sed -n "s/^$1 //p" "$HSD_TMP/methods.out"; }
tap_is "OPTIONS from a phone (untrusted) is a keepalive: 200" \
	"$(m options-phone)" 200
tap_is "OPTIONS to the registrar itself from the call engine: 200" \
	"$(m options-self)" 200
tap_check "OPTIONS for 101 from the call engine: 302 with the contact" \
	sh -c 'case "$1" in "302 <$2>;q=1.0;expires="[1-9]*) ;; *) exit 1;; esac' \
	- "$(m options-lookup)" "$CONTACT"
tap_is "MESSAGE for 101 from the call engine: 302" "$(m message | cut -c1-3)" 302
tap_is "SUBSCRIBE (presence) for phone101 from the call engine: 302" \
	"$(m subscribe | cut -c1-3)" 302
tap_is "MESSAGE for 101 from an untrusted source: 403" \
	"$(m message-untrusted)" 403
tap_is "a phone's own mailbox SUBSCRIBE (message-summary) is no lookup: 489" \
	"$(m mwi-phone)" 489

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
