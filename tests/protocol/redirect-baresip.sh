#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The location service with a real softphone (issue 15 section 1): baresip
# registers handset 102 (login alice); sipp, as the call engine in
# sip.trusted, sends an INVITE for 102 and gets 302 with exactly the
# contact baresip registered; once baresip quits (and unregisters), the
# same INVITE gets 480.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/baresip.bash"

command -v baresip >/dev/null || hsd_die "baresip is installed"
hsd_setup
hsd_config
sed -i 's|^  realm = .*|&\n  trusted = [ "127.0.0.1" ];|' "$HSD_CONF"
hsd_start || hsd_die "handsetd starts with sip.trusted"
tap_ok "handsetd starts with sip.trusted = [ \"127.0.0.1\" ]"

baresip_config "$HSD_TMP/baresip" \
	"<sip:alice@127.0.0.1:$HSD_PORT;transport=udp>;auth_pass=x7!q;regint=600"
hsd_client_start baresip baresip -f "$HSD_TMP/baresip"
OUT=$HSD_TMP/baresip.out
hsd_wait_grep 'alice@127.0.0.1.*200 OK.*\[1 binding\]' "$OUT" 15
tap_check "baresip registers handset 102 (alice): 200 OK" \
	grep -Eq 'alice@127.0.0.1.*200 OK.*\[1 binding\]' "$OUT"
CONTACT=$(hsd_json 'bindings("102")[0]["uri"]')
tap_note "baresip's contact: $CONTACT"

printf 'SEQUENTIAL\n102\n' >"$HSD_TMP/inv.csv"
hsd_sipp inv invite-lookup -inf "$HSD_TMP/inv.csv"
tap_is "INVITE for 102 from the call engine: 302" "$(hsd_last_code inv)" 302
tap_is "its Contact is the one baresip registered, with q and expires" \
	"$(hsd_header inv Contact | sed 's/;expires=[0-9]*$//')" \
	"<$CONTACT>;q=1.0"

hsd_client_say q
hsd_client_stop 10
tap_is "baresip quits cleanly" "$?" 0
hsd_wait_json 'not registered("102")' 5
hsd_sipp gone invite-lookup -inf "$HSD_TMP/inv.csv"
tap_is "after baresip unregistered, INVITE for 102: 480" \
	"$(hsd_last_code gone)" 480

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
