#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The Handsets page's live stream (/api/v1/events), read with curl: the
# first event is the whole <main>; a registration sends only that
# handset's row and the Warnings section ("rows"), so an open page with
# thousands of handsets is not re-sent megabytes per registration; a
# discovered device or a reload sends the whole <main> again.  The page's
# script applying both kinds in a browser is http-browser.sh's part.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http/lib.sh"

hsd_setup
web_setup
# phones on loopback may fetch their files (alice's Yealink, below)
HSD_CONF_EXTRA="$HSD_CONF_EXTRA
provisioning = {
  allow = [ \"127.0.0.0/8\" ]; pnp = false;
  templates = [ \"$(cd "$PROTO_DIR/../.." && pwd)/userspace/prov\" ];
};"
hsd_config
hsd_start || hsd_die "handsetd starts with an http block"
tap_ok "handsetd starts with an http block"

SSE=$HSD_TMP/sse.raw
curl -s -N "$WEB_URL/api/v1/events" >"$SSE" &
SSE_PID=$!
# a client asking for "Connection: close" (Python's urllib does) is
# still a stream: it ends when a side closes it
curl -s -N -H 'Connection: close' "$WEB_URL/api/v1/events" \
	>"$HSD_TMP/sse2.raw" &
SSE2_PID=$!
trap 'kill $SSE_PID $SSE2_PID 2>/dev/null' EXIT

# events: one line per complete event, "NAME<TAB>DATA" (data lines joined)
events()
{
	awk '/^event: / { n = substr($0, 8) }
		/^data: / { d = d substr($0, 7) }
		/^$/ { if (n != "") print n "\t" d; n = ""; d = "" }' "$SSE"
}
count() { events | grep -c "^$1	"; }
last() { events | grep "^$1	" | tail -n 1; }
more() { [ "$(count "$1")" -gt "$2" ]; }

wait_for 10 more main 0
tap_is "the stream starts with the whole <main>" "$(count main)" 1

# A ua-profile SUBSCRIBE from alice's MAC with one digit off: a
# discovered device is more than a row, so the whole <main>, with the
# typo warning naming both MACs.
hsd_users_csv "$HSD_TMP/typo.csv" "MAC%3a001565123457;-;-"
hsd_sipp typo subscribe-ua-profile -inf "$HSD_TMP/typo.csv" \
	-key ua "Yealink SIP-T46S 66.85.0.5"
tap_check "a discovered device sends the whole <main> again" \
	wait_for 5 more main 1
tap_check "... with the typo warning naming both MACs" \
	sh -c 'printf "%s" "$1" | grep -q "00:15:65:12:34:56.*00:15:65:12:34:57"' \
	- "$(last main)"

# A registration: only its row, and the Warnings.
m0=$(count main)
LP=$(hsd_free_port)	# the same contact again to unregister it
hsd_register reg101 phone101 s3cret phone101 600 -- -p "$LP"
tap_is "phone101 registers (sipp)" "$(hsd_last_code reg101)" 200
tap_check "its registration reaches the stream as rows within 2 s" \
	wait_for 2 more rows 0
R=$(last rows)
tap_check "the rows event holds phone101's row, registered, with expiry" \
	sh -c 'printf "%s" "$1" | grep -q "<tr class=\"registered\" data-user-id=\"101\">.*registered until <time"' - "$R"
tap_check "... and no other handset's row" \
	sh -c '! printf "%s" "$1" | grep -q -e "data-user-id=\"102\"" -e "data-user-id=\"103\""' - "$R"
tap_check "... and the Warnings section, still with alice's typo warning" \
	sh -c 'printf "%s" "$1" | grep -q "<section id=\"warnings\">.*00:15:65:12:34:57"' - "$R"
tap_is "no whole <main> for a registration" "$(count main)" "$m0"

# alice registers: her typo warning ends, in the same rows event.
n0=$(count rows)
hsd_register reg102 alice 'x7!q' alice 600
tap_is "alice registers (sipp)" "$(hsd_last_code reg102)" 200
tap_check "alice's registration reaches the stream as rows" \
	wait_for 2 more rows "$n0"
R=$(last rows)
tap_check "the rows event holds alice's row, registered" \
	sh -c 'printf "%s" "$1" | grep -q "<tr class=\"registered\" data-user-id=\"102\">"' - "$R"
tap_check "... and a Warnings section without the typo warning" \
	sh -c 'printf "%s" "$1" | grep -q "<section id=\"warnings\">.*No warnings" &&
		! printf "%s" "$1" | grep -q 00:15:65:12:34:57' - "$R"

# alice's phone fetches its file: her row says "provisioned".
n0=$(count rows)
tap_is "alice's phone fetches 001565123456.cfg" "$(curl -s -o /dev/null \
	-w '%{http_code}' "$WEB_URL/prov/001565123456.cfg")" 200
tap_check "the fetch reaches the stream as rows" wait_for 2 more rows "$n0"
tap_check "... alice's row says provisioned, from 127.0.0.1" \
	sh -c 'printf "%s" "$1" | grep -q "data-user-id=\"102\">.*provisioned .*127.0.0.1"' \
	- "$(last rows)"

# Unregistering is a row change too.
n0=$(count rows)
hsd_register unreg101 phone101 s3cret phone101 0 -- -p "$LP"
tap_is "phone101 unregisters (sipp)" "$(hsd_last_code unreg101)" 200
tap_check "the unregistration reaches the stream as rows" \
	wait_for 2 more rows "$n0"
tap_check "... phone101's row turns unregistered" \
	sh -c 'printf "%s" "$1" | grep -q "<tr class=\"unregistered\" data-user-id=\"101\">.*not registered"' \
	- "$(last rows)"

# A reload may change every row: the whole <main>.
m0=$(count main)
hsd_ctl reload >/dev/null 2>&1
tap_check "a reload sends the whole <main>" wait_for 5 more main "$m0"

tap_check "a stream opened with Connection: close got the same events" \
	cmp -s "$SSE" "$HSD_TMP/sse2.raw"
tap_check "no configured password on the stream" \
	sh -c "! grep -q -e s3cret -e 'x7!q' -e tr1ple '$SSE'"
tap_check "handsetd is still running" hsd_alive
kill $SSE_PID $SSE2_PID 2>/dev/null
hsd_stop
tap_summary
