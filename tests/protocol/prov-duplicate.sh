#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The duplicate entry (issue 12): the administrator types the phone's MAC
# with one wrong digit.  The phone boots: its PnP SUBSCRIBE and its fetch
# name a MAC no handset has, so it gets no account, and the Handsets list
# shows it as a discovered device plus the probable-typo warning naming
# both MACs.  The administrator fixes the MAC and reloads: the discovered
# entry goes, the phone provisions on its next boot, registers, and the
# list has one entry for it.

. "$(dirname "$0")/prov/lib.sh"

hsd_setup
REAL=00:15:65:30:00:0b
TYPO=00:15:65:30:00:0a
HSD_CONF_HANDSETS="  { user_id = \"301\"; model = \"yealink-t46\"; login = \"dup-301\"; password = \"d0p301\"; mac = \"$TYPO\"; },"
prov_config
hsd_start || hsd_die "handsetd starts"
tap_ok "handsetd starts"

prov_phone boot1 --family yealink --mac "$REAL" --timeout 3 >/dev/null
rc=$?
tap_check "first boot, wrong MAC configured: the phone gets no account" \
	test "$rc" -ne 0
tap_check "the log says the PnP SUBSCRIBE named an unknown MAC" \
	grep -q "pnp: SUBSCRIBE for unknown MAC $REAL" "$HSD_LOG"
tap_is "a fetch of the phone's own file (the DHCP option 66 path): 200, as for any MAC" \
	"$(prov_fetch 00156530000b.cfg)" 200
tap_check "... and the file has no account in it, only where to look again" \
	sh -c '! grep -q "^account\." "$1" && grep -q "^static.auto_provision.server.url = http" "$1"' \
	sh "$HSD_TMP/fetched"
tap_is "the phone is a discovered device" \
	"$(hsd_json "[x['mac'] for x in d['discovered_devices']]")" \
	"[\"$REAL\"]"
tap_is "the typo warning names both MACs" \
	"$(hsd_json "[w['kind'] for w in d['warnings'] if '$TYPO' in w['message'] and '$REAL' in w['message'] and w['user_id'] == '301']")" \
	'["mac_typo"]'
tap_is "handset 301 is neither registered nor provisioned" \
	"$(hsd_json "not registered('301') and handset('301')['provisioned'] is None")" \
	true
prov_story "The phone ($REAL) booted, but handset 301 was typed as $TYPO:" \
	"a discovered device and the probable-typo warning"

sed -i "s/$TYPO/$REAL/" "$HSD_CONF"
hsd_ctl reload >"$HSD_TMP/reload.out" 2>&1
tap_is "the fixed configuration reloads" "$?" 0
tap_is "after the reload the discovered entry is gone" \
	"$(hsd_json "len(d['discovered_devices'])")" 0
tap_is "after the reload no typo warning" \
	"$(hsd_json "len(d['warnings'])")" 0
prov_story "The administrator fixed the MAC and reloaded: one entry, waiting" \
	"for the phone"

prov_phone boot2 --family yealink --mac "$REAL"
tap_is "second boot: PnP, fetch and parse succeed" "$?" 0
hsd_register reg "$(prov_account boot2 login)" "$(prov_account boot2 password)"
tap_is "the phone registers with the account it read" "$?" 0
tap_is "one entry: 301 registered and provisioned, nothing discovered" \
	"$(hsd_json "registered('301') and handset('301')['provisioned'] is not None and len(d['discovered_devices']) == 0 and len(d['sip_handsets']) == 4")" \
	true
prov_story "The phone booted again: PnP gave it the URL, it fetched its file" \
	"and registered with the account in it"
hsd_stop
tap_done
