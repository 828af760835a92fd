#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Plug-and-play discovery (issue 3 section 5) as seen from the network: an
# unconfigured phone that names its MAC in +sip.instance (urn:uuid ending in
# the MAC, the RFC 5626 form Yealink and Polycom use) or in its User-Agent
# (Yealink appends it), or in the From user of a ua-profile SUBSCRIBE
# (Polycom), becomes a discovered device with vendor and address;
# a configured vendor handset that never registered and whose MAC differs by
# one hex digit, or by one adjacent swap, is flagged as a probable typo
# naming both MACs; a handset whose phone reports another MAC than the
# configured one is flagged; discovered devices survive a restart.

. "$(dirname "$0")/lib.sh"

hsd_setup
# 104: one digit off the first device (...:ce vs :cd); 105: an adjacent
# swap of the second one's last two digits (...:ef vs :fe).
HSD_CONF_HANDSETS='
  { user_id = "104"; model = "yealink-t46"; login = "bob"; password = "b0b!";
    mac = "00:15:65:AA:BB:CD"; },
  { user_id = "105"; model = "yealink-t46"; login = "carol"; password = "c4r0l";
    mac = "00-15-65-AB-CD-FE"; },'
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

# A MAC in any spelling, as 12 lower-case hex digits.
norm() { printf '%s' "$1" | tr -d ':.-' | tr 'A-F' 'a-f'; }

# 1. +sip.instance with the MAC at the end of the urn:uuid.
LP1=$(hsd_free_port)
hsd_probe dev1 unknown-yealink nopass unknown-yealink \
	"contact=<sip:unknown-yealink@127.0.0.1:$LP1>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-001565AABBCE>\"" \
	"ua=Yealink SIP-T46S 66.85.0.5" -- -p "$LP1"
tap_check "an unconfigured phone gets an answer" \
	test -n "$(hsd_last_code dev1)"

# 2. The MAC in the User-Agent, Yealink style.
hsd_probe dev2 t46-lobby nopass t46-lobby \
	"ua=Yealink SIP-T46S 66.86.0.15 00:15:65:ab:cd:ef"

# 3. A SUBSCRIBE for its ua-profile, the MAC in the From user (Polycom).
hsd_users_csv "$HSD_TMP/dev3.csv" "MAC%3a0004f2aabbcc;-;-"
hsd_sipp dev3 subscribe-ua-profile -inf "$HSD_TMP/dev3.csv" \
	-key ua "PolycomVVX-VVX_410-UA/5.9.0.9373"
tap_check "the ua-profile SUBSCRIBE gets an answer ($(hsd_last_status dev3))" \
	test -n "$(hsd_last_code dev3)"

hsd_ctl list --json >"$HSD_TMP/list.json" 2>&1
hsd_ctl list >"$HSD_TMP/list.txt" 2>&1
tap_file_note "$HSD_TMP/list.txt" 40
J=$(tr -d ':.-' <"$HSD_TMP/list.json" | tr 'A-F' 'a-f')
tap_check "discovered: the +sip.instance device 00:15:65:aa:bb:ce" \
	sh -c "printf '%s' '$J' | grep -q 001565aabbce"
tap_check "discovered: the User-Agent device 00:15:65:ab:cd:ef" \
	sh -c "printf '%s' '$J' | grep -q 001565abcdef"
tap_check "discovered: the ua-profile SUBSCRIBE device 00:04:f2:aa:bb:cc" \
	sh -c "printf '%s' '$J' | grep -q 0004f2aabbcc"
tap_is "discovered devices listed with their vendor (Yealink)" \
	"$(hsd_json 'sum(1 for x in d["discovered_devices"] if "yealink" in json.dumps(x).lower()) >= 2')" true
tap_is "discovered devices listed with their source address" \
	"$(hsd_json 'all("127.0.0.1" in json.dumps(x) for x in d["discovered_devices"]) and len(d["discovered_devices"]) >= 2')" true

# 4. The typo warnings: both MACs on one line of the text listing.
T=$(tr -d ':.-' <"$HSD_TMP/list.txt" | tr 'A-F' 'a-f')
tap_check "probable typo flagged: configured 00:15:65:aa:bb:cd vs discovered :ce (one digit)" \
	sh -c "printf '%s\n' '$T' | grep 001565aabbcd | grep -q 001565aabbce"
tap_check "probable typo flagged: configured 00:15:65:ab:cd:fe vs discovered :ef (adjacent swap)" \
	sh -c "printf '%s\n' '$T' | grep 001565abcdfe | grep -q 001565abcdef"
tap_check "no typo warning for alice's 00:15:65:12:34:56 (no near discovered MAC)" \
	sh -c "! printf '%s\n' '$T' | grep -i warn | grep -q 001565123456"

# 5. A configured handset whose phone reports another MAC.
hsd_probe alice alice 'x7!q' alice "ua=Yealink SIP-T46S 66.85.0.5 00:15:65:12:34:57"
tap_is "alice registers with a phone reporting MAC ...:57: 200" \
	"$(hsd_last_code alice)" 200
T=$(hsd_ctl list | tr -d ':.-' | tr 'A-F' 'a-f')
tap_check "flagged: alice's phone reports 00:15:65:12:34:57, configured :56" \
	sh -c "printf '%s\n' '$T' | grep 001565123457 | grep -q 001565123456"

# 6. Discovered devices are persisted in state_dir.
hsd_stop
hsd_start || hsd_die "handsetd restarts"
J=$(hsd_ctl list --json | tr -d ':.-' | tr 'A-F' 'a-f')
tap_check "after a restart the three discovered devices are still listed" \
	sh -c "printf '%s' '$J' | grep -q 001565aabbce && printf '%s' '$J' | grep -q 001565abcdef && printf '%s' '$J' | grep -q 0004f2aabbcc"
hsd_stop
tap_summary
