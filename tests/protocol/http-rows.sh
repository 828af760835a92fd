#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The Handsets page keeps each SIP handset's rendered row until that
# handset changes (http_rows.c).  A kept row must never show an old state:
# after a registration, an unregistration, an expiry, a kick and a reload
# that changes a handset, the next page shows the change, and a page of
# kept rows is byte for byte the page rendered afresh (after a reload,
# which drops every kept row).  /api/v1/handsets keeps each handset's JSON
# the same way: at each step it must be, byte for byte, the document
# handsetctl list --json gets built afresh (but for its "generated" time).

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http/lib.sh"

hsd_setup
web_setup
HSD_CONF_EXPIRY="min_expires = 1; default_expires = 3600; max_expires = 7200;"
hsd_config
hsd_start || hsd_die "handsetd starts with an http block"
tap_ok "handsetd starts with an http block"

# row NAME UID: handset UID's row in page NAME
row() {
	grep -o "<tr class=\"[a-z]*\" data-user-id=\"$2\">.*" \
		"$HSD_TMP/$1.body" | sed 's|</tr>.*|</tr>|'
}

# json_same WHAT NAME: /api/v1/handsets (kept members) is what the control
# socket builds afresh
json_same() {
	web_get "$2" /api/v1/handsets >/dev/null
	hsd_ctl list --json >"$HSD_TMP/$2.ctl"
	tap_check "$1: the JSON's members are the ones built afresh" \
		sh -c "sed 's/\"generated\":\"[^\"]*\"//' '$HSD_TMP/$2.body' >'$HSD_TMP/$2.a' &&
			sed 's/\"generated\":\"[^\"]*\"//' '$HSD_TMP/$2.ctl' >'$HSD_TMP/$2.b' &&
			grep -q '\"sip_handsets\":\[{' '$HSD_TMP/$2.a' &&
			cmp -s '$HSD_TMP/$2.a' '$HSD_TMP/$2.b'"
}

web_get p1 / >/dev/null
json_same "first request" j1
json_same "second request, kept" j2
tap_check "first page: 101 not registered" \
	sh -c "printf '%s' '$(row p1 101)' | grep -q 'not registered'"
web_get p2 / >/dev/null
tap_check "a second page, from kept rows, is the same page" \
	cmp -s "$HSD_TMP/p1.body" "$HSD_TMP/p2.body"

hsd_register reg phone101 s3cret phone101 600
tap_is "phone101 registers" "$(hsd_last_code reg)" 200
web_get p3 / >/dev/null
json_same "after the registration" j3
tap_check "the next page: 101 registered until its expiry" \
	sh -c "printf '%s' '$(row p3 101)' | grep -q 'registered until <time'"
tap_is "... and 103's row is the kept one" "$(row p3 103)" "$(row p2 103)"

hsd_ctl reload >/dev/null 2>&1
web_get p4 / >/dev/null
tap_check "after a reload (every row rendered afresh) the page is the same" \
	cmp -s "$HSD_TMP/p3.body" "$HSD_TMP/p4.body"

# A refresh with a longer expiry: the row shows the new time.
sleep 1
hsd_register refresh phone101 s3cret phone101 3000
tap_is "phone101 refreshes for 3000 s" "$(hsd_last_code refresh)" 200
web_get p5 / >/dev/null
json_same "after the refresh" j5
EXP=$(hsd_json 'handset("101")["expires"]')
tap_check "the next page: 101 registered until the new expiry $EXP" \
	sh -c "printf '%s' '$(row p5 101)' | grep -q 'datetime=\"$EXP\"'"
tap_check "... which is not the old one" \
	sh -c "[ '$(row p5 101)' != '$(row p4 101)' ]"

hsd_register short phone103 tr1ple phone103 2
tap_is "phone103 registers for 2 s" "$(hsd_last_code short)" 200
web_get p6 / >/dev/null
tap_check "the next page: 103 registered" \
	sh -c "printf '%s' '$(row p6 103)' | grep -q 'registered until'"
tap_check "its binding expires (the list says so)" \
	wait_for 15 sh -c "[ \"\$('$HSD_CTL_BIN' -s '$HSD_SOCK' list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print([h[\"registered\"] for h in d[\"sip_handsets\"] if h[\"user_id\"]==\"103\"][0])')\" = False ]"
web_get p7 / >/dev/null
json_same "after the expiry" j7
tap_check "the next page: 103 not registered any more" \
	sh -c "printf '%s' '$(row p7 103)' | grep -q 'not registered'"

hsd_register again phone101 s3cret phone101 600
hsd_ctl kick 101 >/dev/null 2>&1
tap_is "handsetctl kick 101" "$?" 0
web_get p8 / >/dev/null
json_same "after the kick" j8
tap_check "the next page: 101 not registered after the kick" \
	sh -c "printf '%s' '$(row p8 101)' | grep -q 'not registered'"

# A reload that changes a handset's model: its row follows.
sed -i 's/user_id = "103"; model = "generic-sip"/user_id = "103"; model = "snom-d785"; mac = "00:04:13:00:01:03"/' "$HSD_CONF"
hsd_ctl reload >/dev/null 2>&1
tap_is "reload with 103 now a snom-d785" "$?" 0
web_get p9 / >/dev/null
json_same "after the reload" j9
tap_check "the next page: 103's row names the new model and MAC" \
	sh -c "printf '%s' '$(row p9 103)' | grep -q 'snom-d785' &&
		printf '%s' '$(row p9 103)' | grep -q '00:04:13:00:01:03'"

tap_check "handsetd survived" hsd_alive
hsd_stop
tap_summary
