#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A second real client with another SIP stack (belle-sip): linphonec
# registers a handset with digest, says "registered", and the handset
# appears as registered in handsetctl list with linphone's User-Agent, and
# not also as a discovered device.
# linphonec's sound-card errors are expected here (no audio device).

. "$(dirname "$0")/lib.sh"

command -v linphonec >/dev/null || hsd_die "linphonec is installed"
hsd_setup
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

# linphonec wants a writable HOME with its data directory and an existing
# configuration file; bind it to loopback on free ports.
LP=$(hsd_free_port)
H=$HSD_TMP/linphone-home
mkdir -p "$H/.local/share/linphone"
cat >"$H/linphonerc" <<CFG
[sip]
sip_port=$LP
sip_tcp_port=0
bind_address=127.0.0.1
[rtp]
audio_rtp_port=$(hsd_free_port)
CFG

hsd_client_start linphonec env HOME="$H" linphonec -c "$H/linphonerc"
OUT=$HSD_TMP/linphonec.out
sleep 1
hsd_client_say "register sip:phone103@127.0.0.1:$HSD_PORT sip:127.0.0.1:$HSD_PORT tr1ple"
hsd_wait_json 'registered("103")' 15
hsd_client_say "status register"
hsd_wait_grep '^(linphonec> )*registered, identity=sip:phone103@' "$OUT" 5
tap_check "linphonec: status register says registered" \
	grep -Eq 'registered, identity=sip:phone103@127.0.0.1' "$OUT"
hsd_ctl list >"$HSD_TMP/list.txt" 2>&1
tap_file_note "$HSD_TMP/list.txt" 20
tap_check "handsetctl list: handset 103 registered until a date" \
	grep -Eq '103.*registered until [0-9]{4}-' "$HSD_TMP/list.txt"
tap_is "list --json: 103 registered" "$(hsd_json 'registered("103")')" true
tap_is "list --json: linphone's User-Agent recorded for 103" \
	"$(hsd_json '"linphone" in json.dumps(handset("103")).lower()')" true

# linphone sends a +sip.instance with a random (version 4) UUID: its last
# group is no MAC, and the phone is a configured handset anyway, so it must
# not become a discovered device.
tap_is "no discovered device made up from linphone's random instance UUID" \
	"$(hsd_json 'json.dumps(d["discovered_devices"])')" "[]"

hsd_client_say quit
hsd_client_stop 10
grep -v 'soundcard' "$OUT" | grep -v '^$' | head -n 20 | sed 's/^/#   linphonec: /'

hsd_stop
tap_summary
