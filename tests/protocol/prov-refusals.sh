#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# What /prov/ must never do (issue 12): serve outside provisioning.allow,
# let a MAC scan harvest passwords, serve what a traversal or an odd name
# asks for, or put a password in the log.  A scan of 1,000 random MACs
# from one address gets at most scan_max (5) answers, then 403 for every
# name, configured MACs included; another address is not affected.

. "$(dirname "$0")/prov/lib.sh"

hsd_setup

# 0. Bad provisioning settings are refused with file and line, and a
# broken override template with its own file and line.
mkdir -p "$HSD_TMP/over"
printf '#!version:1.0.0.1\naccount.1.password = {{pasword}}\n' \
	>"$HSD_TMP/over/yealink.cfg.tmpl"
prov_config "allow = [ \"10.0.0.0/33\" ];"
sed -i "s|templates = \[|templates = [ \"$HSD_TMP/over\",|" "$HSD_CONF"
"$HSD_BIN" -n -f "$HSD_CONF" >"$HSD_TMP/n.out" 2>&1
rc=$?
tap_check "handsetd -n refuses them (status $rc)" test "$rc" -ne 0
tap_check "the bad network is named with file and line" \
	grep -Eq "handsetd.conf:[0-9]+: .*\"10.0.0.0/33\" is not a network" \
	"$HSD_TMP/n.out"
tap_check "the override's unknown field is named with its file and line 2" \
	grep -q "over/yealink.cfg.tmpl:2: unknown field \"{{pasword}}\"" \
	"$HSD_TMP/n.out"
tap_file_note "$HSD_TMP/n.out" 10
unset PROV_HTTP

PW=s3cr3t-yea-401
HSD_CONF_HANDSETS="  { user_id = \"401\"; model = \"yealink-t46\"; login = \"ref-401\"; password = \"$PW\"; mac = \"00:15:65:40:00:01\"; },"
prov_config 'pnp = true; allow = [ "192.0.2.0/24" ];'
hsd_start || hsd_die "handsetd starts"
tap_ok "handsetd starts"

# 1. Outside the allow list.
tap_is "outside provisioning.allow: 403" "$(prov_fetch 001565400001.cfg)" 403
tap_check "the refusal is logged with its reason" \
	grep -q 'provisioning: 403 Forbidden for 001565400001.cfg.*from 127.0.0.1.*outside provisioning.allow' \
	"$HSD_LOG"
prov_phone outside --family yealink --mac 00:15:65:40:00:01 --timeout 3 \
	>/dev/null
[ $? -ne 0 ] && tap_ok "outside provisioning.allow: PnP gets no answer" ||
	tap_not_ok "outside provisioning.allow: PnP gets no answer"

# Default allow: the networks of the interfaces (loopback here).
sed -i 's|allow = \[ "192.0.2.0/24" \];||' "$HSD_CONF"
hsd_ctl reload >/dev/null 2>&1
tap_is "reload to the default allow list" "$?" 0
tap_is "inside the interfaces' networks: 200" \
	"$(prov_fetch 001565400001.cfg)" 200
prov_fetch 001565400001.cfg >/dev/null
cp "$HSD_TMP/fetched" "$HSD_TMP/lower"
tap_is "the MAC in upper case: 200" "$(prov_fetch 001565400001.CFG)" 200
tap_check "... the same file" cmp -s "$HSD_TMP/lower" "$HSD_TMP/fetched"
# An unknown MAC gets the same status and a file of the same family, with
# no account: the status tells a guesser nothing (the scan limit below
# bounds how often it may ask).
tap_is "an unknown MAC: 200 too" "$(prov_fetch 0015654000ab.cfg)" 200
tap_check "... a Yealink file with no account and no password" \
	sh -c 'head -n 1 "$1" | grep -qx "#!version:1.0.0.1" && ! grep -q "^account\.\|password" "$1"' \
	sh "$HSD_TMP/fetched"
tap_check "... logged as served without an account" \
	grep -q 'provisioning: 200 OK for 0015654000ab.cfg (MAC 00:15:65:40:00:ab) from 127.0.0.1:[0-9]*: no handset has this MAC (served the file without an account)' "$HSD_LOG"
tap_is "a configured MAC asked as another family's file: 200, no account" \
	"$(prov_fetch cfg001565400001.xml)" 200
tap_check "... a Grandstream file naming the MAC, with no password" \
	sh -c 'grep -q "<mac>001565400001</mac>" "$1" && ! grep -q "<P34>" "$1"' \
	sh "$HSD_TMP/fetched"

# 2. Traversal and odd names: refused, never served.
for p in '../handsetd.conf' '..%2fhandsetd.conf' '%2e%2e/%2e%2e/etc/passwd' \
	'%252e%252e%252fetc' 'a%5c..%5cb' '.hidden' '00:15:65:40:00:01.cfg' \
	"$(printf 'x%.0s' $(seq 1 200)).cfg" '001565400001.cfg%00.xml'; do
	code=$(prov_fetch "$p")
	case $code in
	400) tap_ok "refused with 400: /prov/$(printf '%s' "$p" | cut -c1-40)" ;;
	*) tap_not_ok "refused with 400: /prov/$(printf '%s' "$p" | cut -c1-40) (got $code)" ;;
	esac
done
tap_is "a directory is no file: /prov/ and /prov/x/y" \
	"$(prov_fetch '')$(prov_fetch 'x/y')" 400400

# Malformed and hostile PnP SUBSCRIBEs: no MAC, a short one, an overlong
# user, a To tag (not a new subscription), garbage: none is answered, the
# ones without a MAC are logged, handsetd stays up.
python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
             socket.inet_aton("127.0.0.1"))
s.settimeout(1.5)
port = s.getsockname()[1]
def sub(user, totag=""):
    return ("SUBSCRIBE sip:%s@224.0.1.75 SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bKx\r\n"
            "From: <sip:%s@224.0.1.75>;tag=a\r\nTo: <sip:%s@224.0.1.75>%s\r\n"
            "Call-ID: hostile@x\r\nCSeq: 1 SUBSCRIBE\r\n"
            "Event: ua-profile;profile-type=\"device\"\r\n"
            "Content-Length: 0\r\n\r\n" % (user, port, user, user, totag))
for m in [sub("MAC%3a"), sub("MAC%3a0015654000"), sub("MAC%3a" + "0" * 3000),
          sub("MAC%3a001565400001", ";tag=b"), "\x00\xff garbage\r\n\r\n"]:
    s.sendto(m.encode("latin-1"), ("224.0.1.75", 5060))
try:
    s.recvfrom(65535)
    print("not ok - no answer to a malformed PnP SUBSCRIBE")
except socket.timeout:
    print("ok - no answer to a malformed PnP SUBSCRIBE")
PY
tap_check "SUBSCRIBEs without a MAC are logged" \
	grep -q 'pnp: SUBSCRIBE from 127.0.0.1:[0-9]* without a MAC' "$HSD_LOG"
tap_check "handsetd is alive after them" hsd_alive

# 3. A scan of 1,000 random MACs from 127.0.0.1, keep-alive like a tool.
python3 - "$PROV_HTTP" >"$HSD_TMP/scan.out" <<'PY'
import collections, http.client, random, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
codes = collections.Counter()
accounts = 0
for i in range(1000):
    mac = "001565%06x" % random.getrandbits(24)
    c.request("GET", "/prov/%s.cfg" % mac)
    r = c.getresponse()
    body = r.read()
    codes[r.status] += 1
    accounts += b"account." in body
print(codes[404], codes[403], codes[200], accounts, sum(codes.values()))
PY
read -r n404 n403 n200 nacct total <"$HSD_TMP/scan.out"
tap_is "the scan got 1,000 answers" "$total" 1000
tap_check "the scan got at most 5 answers (200, files without an account: $n200)" \
	test "$n200" -le 5
tap_is "none of them held an account" "$nacct" 0
tap_is "no 404: an unknown MAC looks like any other" "$n404" 0
tap_check "the rest of the scan got 403 ($n403)" test "$n403" -ge 995
tap_is "the block is logged once, saying why" \
	"$(grep -c 'provisioning: 127.0.0.1 asked for 5 unknown MACs within 60 s' "$HSD_LOG")" 1
tap_is "then the configured MAC is refused to that address too" \
	"$(prov_fetch 001565400001.cfg)" 403
tap_is "another address is not blocked" \
	"$(prov_fetch 001565400001.cfg --interface 127.0.0.2)" 200
tap_check "at most 5 devices discovered by the scan" \
	test "$(hsd_json "len(d['discovered_devices'])")" -le 5

# 4. No password in the log, the list or the JSON.
tap_check "the password is in no log line" \
	sh -c '! grep -qF -- "$1" "$2"' sh "$PW" "$HSD_LOG"
hsd_ctl list >"$HSD_TMP/list.txt" 2>&1
hsd_ctl list --json >"$HSD_TMP/list.json" 2>&1
tap_check "the password is neither in the list nor in its JSON" \
	sh -c '! grep -qF -- "$1" "$2" "$3"' sh "$PW" "$HSD_TMP/list.txt" \
	"$HSD_TMP/list.json"
tap_check "handsetd still answers" hsd_alive
hsd_stop
tap_done
