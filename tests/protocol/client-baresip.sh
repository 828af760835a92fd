#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A real softphone: baresip registers two handsets with digest, one over
# UDP and one over TCP, and both appear as registered in handsetctl list
# with baresip's User-Agent; when baresip quits it unregisters them, and
# the Handsets list says so.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/baresip.bash"

command -v baresip >/dev/null || hsd_die "baresip is installed"
hsd_setup
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

baresip_config "$HSD_TMP/baresip" \
	"<sip:phone101@127.0.0.1:$HSD_PORT;transport=udp>;auth_pass=s3cret;regint=600" \
	"<sip:phone103@127.0.0.1:$HSD_PORT;transport=tcp>;auth_pass=tr1ple;regint=600"

hsd_client_start baresip baresip -f "$HSD_TMP/baresip"
OUT=$HSD_TMP/baresip.out
hsd_wait_grep 'phone101@127.0.0.1.*200 OK.*\[1 binding\]' "$OUT" 15
tap_check "baresip (UDP): 200 OK [1 binding]" \
	grep -Eq 'phone101@127.0.0.1.*UDP.*200 OK.*\[1 binding\]' "$OUT"
hsd_wait_grep 'phone103@127.0.0.1.*200 OK.*\[1 binding\]' "$OUT" 15
tap_check "baresip (TCP): 200 OK [1 binding]" \
	grep -Eq 'phone103@127.0.0.1.*TCP.*200 OK.*\[1 binding\]' "$OUT"

hsd_ctl list >"$HSD_TMP/list.txt" 2>&1
tap_file_note "$HSD_TMP/list.txt" 20
tap_check "handsetctl list: handset 101 registered until a date" \
	grep -Eq '101.*registered until [0-9]{4}-' "$HSD_TMP/list.txt"
tap_check "handsetctl list: handset 103 registered until a date" \
	grep -Eq '103.*registered until [0-9]{4}-' "$HSD_TMP/list.txt"
tap_is "list --json: 101 and 103 registered" \
	"$(hsd_json 'registered("101") and registered("103")')" true
tap_is "list --json: baresip's User-Agent recorded for 101" \
	"$(hsd_json '"baresip" in json.dumps(handset("101")).lower()')" true

# Quitting unregisters (baresip sends Expires: 0 for each account).
hsd_client_say q
hsd_client_stop 10
tap_is "baresip quits cleanly" "$?" 0
hsd_wait_json 'not registered("101") and not registered("103")' 5
tap_is "after baresip unregistered: 101 and 103 not registered" \
	"$(hsd_json 'not registered("101") and not registered("103")')" true
grep -v '^ ' "$OUT" | grep -v '^$' | head -n 20 | sed 's/^/#   baresip: /'

hsd_stop
tap_summary
