#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A NOTIFY target that does not answer (issue 12): a phone sends its PnP
# SUBSCRIBE and then never answers handsetd's NOTIFY.  handsetd goes on
# retransmitting it as RFC 3261 says until timer F (32 s) ends the
# transaction and frees it; meanwhile another phone provisions as usual,
# and at exit the sanitizer build finds nothing leaked or used after free.

. "$(dirname "$0")/prov/lib.sh"

hsd_setup
HSD_CONF_HANDSETS='  { user_id = "601"; model = "yealink-t46"; login = "sil-601"; password = "s1l3nt"; mac = "00:15:65:60:00:01"; },
  { user_id = "602"; model = "snom-d715"; login = "sil-602"; password = "ch4tty"; mac = "00:04:13:60:00:02"; },'
prov_config
hsd_start || hsd_die "handsetd starts"
tap_ok "handsetd starts"

timeout 60 python3 "$PROV_PHONE" --family yealink --mac 00:15:65:60:00:01 \
	--ignore-notify --timeout 4 >"$HSD_TMP/silent.out" 2>&1 &
SILENT=$!
HSD_EXTRA_PIDS=$SILENT
sleep 1
prov_phone other --family snom --mac 00:04:13:60:00:02
tap_is "meanwhile another phone provisions" "$?" 0
wait "$SILENT"
tap_is "the silent phone got its 200 and a NOTIFY" "$?" 0
tap_check "handsetd retransmitted the unanswered NOTIFY" \
	grep -Eq '^# NOTIFY retransmissions seen: [1-9]' "$HSD_TMP/silent.out"
tap_check "timer F ends the NOTIFY transaction (logged), within 40 s" \
	wait_grep 40 1 "$HSD_LOG" 'pnp: NOTIFY to 00:15:65:60:00:01: '
tap_check "handsetd still answers" hsd_alive
hsd_stop
tap_done
