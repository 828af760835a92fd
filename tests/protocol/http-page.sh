#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The Handsets page over plain HTTP on loopback, checked with curl: the
# page, a handset's page, the JSON (the same document as handsetctl list
# --json), the stylesheet and script with their types and revalidation,
# security headers on every answer, and no password anywhere.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http/lib.sh"

hsd_setup
web_setup
hsd_config
hsd_start || hsd_die "handsetd starts with an http block"
tap_ok "handsetd starts with an http block"
tap_check "the log names the page's URL" \
	grep -q "Handsets page: $WEB_URL/" "$HSD_LOG"

# One registered handset, so the lists have a row with an expiry.
hsd_register reg phone101 s3cret phone101 600
tap_is "phone101 registers (sipp)" "$(hsd_last_code reg)" 200

tap_is "GET / answers 200" "$(web_get page /)" 200
tap_is "the page is HTML" "$(web_hdr page Content-Type)" \
	"text/html; charset=utf-8"
tap_is "the page is not cached" "$(web_hdr page Cache-Control)" no-store
tap_check "the page carries the security headers" web_secure page
for s in "SIP Handsets" "Discovered Devices" "Warnings" "Analog Handsets" \
	 "Ports without a handset"; do
	tap_check "the page has the section $s" \
		grep -q "<h2>$s " "$HSD_TMP/page.body"
done
tap_check "an empty section says so (no discovered devices)" \
	grep -q 'No unconfigured device has made itself known' \
	"$HSD_TMP/page.body"
tap_check "no inline script or style on the page" \
	sh -c "! grep -Eq '<script>|<script [^>]*>[^<]|<style|style=|onclick=' \
		'$HSD_TMP/page.body'"

# The page and the JSON agree: the expiry on the page is the one in the
# document, in the box's local time.
EXP=$(hsd_json 'handset("101")["expires"]')
LOCAL=$(printf '%s' "$EXP" | sed -E 's/^([0-9-]{10})T([0-9:]{8}).*/\1 \2/')
tap_check "the page: 101 registered until $LOCAL" \
	grep -q "registered until <time datetime=\"$EXP\">$LOCAL</time>" \
	"$HSD_TMP/page.body"
tap_check "the page: 102 not registered" \
	sh -c "grep -o '<tr class=\"unregistered\" data-user-id=\"102\">.*' \
		'$HSD_TMP/page.body' | grep -q 'not registered'"

tap_is "GET /api/v1/handsets answers 200" "$(web_get api /api/v1/handsets)" 200
tap_is "the JSON's type" "$(web_hdr api Content-Type)" application/json
tap_check "the JSON carries the security headers" web_secure api
hsd_ctl list --json >"$HSD_TMP/ctl.json"
tap_check "/api/v1/handsets is the document handsetctl list --json prints" \
	/usr/bin/python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
# "generated" (document version 1) is when each was produced
a.pop("generated", None); b.pop("generated", None)
sys.exit(0 if a == b else 1)' "$HSD_TMP/api.body" "$HSD_TMP/ctl.json"
tap_check "every SIP handset of the JSON has its row on the page" \
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); page = open(sys.argv[2]).read()
hs = d["sip_handsets"]
sys.exit(0 if hs and all("data-user-id=\"%s\"" % h["user_id"] in page
                         for h in hs) else 1)' \
	"$HSD_TMP/api.body" "$HSD_TMP/page.body"
# The SIP rows are made from the facts each handset's JSON member is made
# of (listing_sip_view()), not from the member: hold every cell to it.
tap_check "every SIP row shows what the JSON says of its handset" \
	/usr/bin/python3 -c '
import html, json, re, sys
d = json.load(open(sys.argv[1])); page = open(sys.argv[2]).read()
bad = []
def divs(cell):
    return [html.unescape(x) for x in re.findall(r"<div>(.*?)</div>", cell)]
for h in d["sip_handsets"]:
    m = re.search(r"<tr class=\"(un)?registered\" data-user-id=\"%s\">(.*?)</tr>"
                  % re.escape(h["user_id"]), page)
    if not m:
        bad.append((h["user_id"], "no row")); continue
    if (m.group(1) is None) != h["registered"]:
        bad.append((h["user_id"], "class"))
    cells = dict(re.findall(r"<td data-label=\"([^\"]+)\"[^>]*>(.*?)</td>",
                            m.group(2)))
    want = {
        "Model": h["model"], "Login ID": h["login"],
    }
    for k, v in want.items():
        if html.unescape(cells.get(k, "")) != (v or "-"):
            bad.append((h["user_id"], k))
    if not cells.get("MAC", "").startswith(html.escape(h["mac"] or "-")):
        bad.append((h["user_id"], "MAC"))
    status = cells.get("Status", "")
    if h["registered"] != ("datetime=\"%s\"" % h["expires"] in status):
        bad.append((h["user_id"], "Status"))
    cs = h["contacts"]
    if divs(cells.get("Contacts", "")) != [c["uri"] for c in cs]:
        bad.append((h["user_id"], "Contacts"))
    if divs(cells.get("Source", "")) != ["%s:%s" % (c["transport"], c["source"])
                                        for c in cs]:
        bad.append((h["user_id"], "Source"))
    if divs(cells.get("User agent", "")) != [c["user_agent"] or "" for c in cs]:
        bad.append((h["user_id"], "User agent"))
if bad:
    print(bad, file=sys.stderr)
sys.exit(1 if bad or not d["sip_handsets"] else 0)' \
	"$HSD_TMP/api.body" "$HSD_TMP/page.body"

tap_is "GET /handsets/101 answers 200" "$(web_get hs101 /handsets/101)" 200
tap_check "the handset page shows its contact" \
	grep -q 'sip:phone101@' "$HSD_TMP/hs101.body"
tap_is "GET /api/v1/handsets/101 answers 200" \
	"$(web_get hs101j /api/v1/handsets/101)" 200
tap_is "GET /handsets/999 (no such handset) answers 404" \
	"$(web_get hs999 /handsets/999)" 404
tap_check "a 404 carries the security headers" web_secure hs999
tap_is "GET /nowhere answers 404" "$(web_get nowhere /nowhere)" 404

tap_is "GET /static/handsets.css answers 200" \
	"$(web_get css /static/handsets.css)" 200
tap_is "the stylesheet's type" "$(web_hdr css Content-Type)" \
	"text/css; charset=utf-8"
tap_is "GET /static/handsets.js answers 200" \
	"$(web_get js /static/handsets.js)" 200
tap_is "the script's type" "$(web_hdr js Content-Type)" \
	"text/javascript; charset=utf-8"
ETAG=$(web_hdr js ETag)
tap_check "the script has an ETag and is revalidated (no-cache)" \
	test -n "$ETAG" -a "$(web_hdr js Cache-Control)" = no-cache
tap_is "a matching If-None-Match answers 304" \
	"$(web_get js304 /static/handsets.js -H "If-None-Match: $ETAG")" 304
tap_check "the script uses no external resources" \
	sh -c "! grep -Eq 'https?://' '$HSD_TMP/js.body' '$HSD_TMP/css.body' \
		'$HSD_TMP/page.body'"

tap_is "HEAD / answers 200" "$(printf 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
	web_raw head)" 200
tap_check "HEAD / has no body" /usr/bin/python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
sys.exit(0 if d.endswith(b"\r\n\r\n") and b"<html" not in d else 1)' \
	"$HSD_TMP/head.raw"

# The event stream: its type, and a first event holding the list.
curl -s -N --max-time 2 -D "$HSD_TMP/sse.hdr" -o "$HSD_TMP/sse.body" \
	"$WEB_URL/api/v1/events"
tap_is "the event stream's type" "$(web_hdr sse Content-Type)" \
	text/event-stream
tap_check "the event stream starts with the current list" \
	grep -q '^data: <section id="sip">' "$HSD_TMP/sse.body"

# No password in any answer (nor the log), no nonce in a page.
tap_check "no configured password in any answer or in the log" \
	sh -c "! grep -l -e s3cret -e 'x7!q' -e tr1ple $HSD_TMP/*.body \
		$HSD_TMP/*.hdr $HSD_LOG"
tap_check "no nonce in the page, the JSON or a handset's page" \
	sh -c "! grep -il nonce $HSD_TMP/page.body $HSD_TMP/api.body \
		$HSD_TMP/hs101.body $HSD_TMP/hs101j.body"

tap_check "handsetd is still running" hsd_alive
hsd_stop
tap_summary
