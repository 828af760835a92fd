#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The administrator's actions on the control socket (issue 15 section 2):
# `handsetctl kick` drops a handset's bindings at once and for good (a
# restart does not bring them back); a reload with a changed password drops
# the bindings made with the old one and no other (and the old password
# no longer works); `blocked` lists what the
# rate limiter holds, `unblock` lifts it; `forget` removes a discovered
# device for good; discovery.max_devices caps what unauthenticated
# requests can add; `events` streams each of these changes as JSON lines
# that validate against handsets.schema.json, as does `lookup`.

. "$(dirname "$0")/lib.sh"

hsd_setup
HSD_CONF_AUTH="max_failures = 5; failure_window = 60; block_time = 120;"
HSD_CONF_EXPIRY="min_expires = 1; default_expires = 3600; max_expires = 7200;"
HSD_CONF_EXTRA='discovery = { expire_days = 7; max_devices = 2; };'
hsd_config
hsd_start || hsd_die "handsetd starts with a discovery block"
tap_ok "handsetd starts with discovery = { max_devices = 2; }"

# The event stream, for the whole test.
"$HSD_CTL_BIN" -s "$HSD_SOCK" events >"$HSD_TMP/monitor.out" \
	2>"$HSD_TMP/monitor.err" &
MON_PID=$!
HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $MON_PID"
# A registration is the first thing it must see; give it a moment to be
# connected (the stream has no replay of the past; the checks on its
# lines at the end fail if it missed anything).
sleep 1

# 1. kick
hsd_register r101 phone101 s3cret phone101 600
tap_is "handset 101 registers: 200" "$?" 0
hsd_register r102 alice 'x7!q' alice 600
tap_is "handset 102 registers: 200" "$?" 0
tap_is "handsetctl kick 101 reports the binding it dropped" \
	"$(hsd_ctl kick 101)" "handset 101: 1 binding(s) dropped"
tap_is "after the kick 101 is not registered" \
	"$(hsd_json 'registered("101")')" false
tap_check "the kick is logged" \
	grep -q 'handset 101 kicked by the administrator: 1 binding' "$HSD_LOG"
tap_check "kick of a user ID nobody has is refused" \
	sh -c '! "$@" 2>/dev/null' - "$HSD_CTL_BIN" -s "$HSD_SOCK" kick 999
hsd_stop >/dev/null
hsd_start || hsd_die "handsetd restarts"
tap_is "after a restart 101 is still not registered (the kick was saved)" \
	"$(hsd_json 'registered("101")')" false
tap_is "after a restart 102 is still registered" \
	"$(hsd_json 'registered("102")')" true
"$HSD_CTL_BIN" -s "$HSD_SOCK" events >>"$HSD_TMP/monitor.out" \
	2>>"$HSD_TMP/monitor.err" &
MON_PID=$!
HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $MON_PID"
sleep 0.5

# 2. a changed password and a reload
hsd_register r101b phone101 s3cret phone101 600
sed -i 's/password = "x7!q"/password = "n3w-pass"/' "$HSD_CONF"
hsd_ctl reload >/dev/null
tap_is "after a reload with 102's new password, 102 is not registered" \
	"$(hsd_json 'registered("102")')" false
tap_is "and 101, whose password did not change, still is" \
	"$(hsd_json 'registered("101")')" true
tap_check "the drop is logged with its reason" \
	grep -q 'handset 102: credentials changed' "$HSD_LOG"
hsd_probe r102old alice 'x7!q' alice
tap_is "the old password no longer registers 102: 401" \
	"$(hsd_last_code r102old)" 401
hsd_register r102new alice 'n3w-pass' alice 600
tap_is "the new password registers 102: 200" "$(hsd_last_code r102new)" 200

# 3. blocked and unblock: 127.0.0.2 fails five times as phone103.
hsd_probe bad phone103 wrong phone103 -- -i 127.0.0.2 -m 5
hsd_ctl blocked >"$HSD_TMP/blocked.txt"
tap_file_note "$HSD_TMP/blocked.txt"
tap_check "handsetctl blocked lists 127.0.0.2 with time left" \
	grep -Eq '^127\.0\.0\.2 +- +[1-9][0-9]* s left' "$HSD_TMP/blocked.txt"
tap_check "and the Login ID phone103 at 127.0.0.2" \
	grep -Eq '^127\.0\.0\.2 +phone103 +[1-9][0-9]* s left' \
	"$HSD_TMP/blocked.txt"
hsd_ctl blocked --json >"$HSD_TMP/blocked.json"
tap_check "blocked --json validates against the schema" \
	hsd_schema_check "$HSD_TMP/blocked.json"
hsd_probe still phone103 tr1ple phone103 -- -i 127.0.0.2
tap_is "while blocked, the right password from 127.0.0.2: 403" \
	"$(hsd_last_code still)" 403
tap_is "handsetctl unblock 127.0.0.2 lifts both holds" \
	"$(hsd_ctl unblock 127.0.0.2)" 'unblocked "127.0.0.2": 2 block(s) lifted'
hsd_probe freed phone103 tr1ple phone103 -- -i 127.0.0.2
tap_is "after unblock, the right password from 127.0.0.2: 200" \
	"$(hsd_last_code freed)" 200
tap_check "unblock of what is not blocked is refused" \
	sh -c '! "$@" 2>/dev/null' - "$HSD_CTL_BIN" -s "$HSD_SOCK" unblock \
	192.0.2.99
tap_check "the unblock is logged" grep -q 'unblocked "127.0.0.2"' "$HSD_LOG"

# 4. discovered devices: capped at max_devices (2), forget, for good.
for m in 11 22 33; do
	hsd_probe "dev$m" "dev$m" nopass "dev$m" \
		"ua=Yealink SIP-T46S 66.86.0.15 00:15:65:00:00:$m" \
		-- -i 127.0.0.3 >/dev/null
done
tap_is "three unknown phones, max_devices 2: two are listed" \
	"$(hsd_json 'len(d["discovered_devices"])')" 2
tap_is "handsetctl forget 00:15:65:00:00:11" \
	"$(hsd_ctl forget 00:15:65:00:00:11)" "forgot 00:15:65:00:00:11"
tap_is "it is no longer listed" \
	"$(hsd_json '[x["mac"] for x in d["discovered_devices"]]')" \
	'["00:15:65:00:00:22"]'
tap_check "forget of a MAC nobody saw is refused" \
	sh -c '! "$@" 2>/dev/null' - "$HSD_CTL_BIN" -s "$HSD_SOCK" forget \
	00:15:65:00:00:99
tap_check "forget of something that is no MAC is refused" \
	sh -c '! "$@" 2>/dev/null' - "$HSD_CTL_BIN" -s "$HSD_SOCK" forget \
	not-a-mac

# 5. an expiry, for the stream: 103 for 2 s.
hsd_register r103 phone103 tr1ple phone103 2 >/dev/null
hsd_wait_json 'not registered("103")' 15

# 6. lookup's document
hsd_ctl lookup phone101 >"$HSD_TMP/lookup.json"
tap_check "lookup --json of 101 (by its login) validates against the schema" \
	hsd_schema_check "$HSD_TMP/lookup.json"
tap_check "lookup of a user nobody has is refused" \
	sh -c '! "$@" 2>/dev/null' - "$HSD_CTL_BIN" -s "$HSD_SOCK" lookup 999

hsd_stop >/dev/null
hsd_start || hsd_die "handsetd restarts"
tap_is "after a restart the forgotten device stays forgotten" \
	"$(hsd_json '[x["mac"] for x in d["discovered_devices"]]')" \
	'["00:15:65:00:00:22"]'

# 7. the stream: one line per change, each valid.
kill "$MON_PID" 2>/dev/null
tap_file_note "$HSD_TMP/monitor.out" 40
ev() { grep -c "$1" "$HSD_TMP/monitor.out"; }
tap_check "events: 101's registration" \
	grep -q '"event":"sip".*"change":"registered","user_id":"101","contact":"sip:phone101@' \
	"$HSD_TMP/monitor.out"
tap_check "events: 101's kick" \
	grep -q '"change":"kicked","user_id":"101"' "$HSD_TMP/monitor.out"
tap_check "events: 102's bindings removed on the reload" \
	grep -q '"change":"removed","user_id":"102"' "$HSD_TMP/monitor.out"
tap_check "events: 103's binding expired" \
	grep -q '"event":"expiry".*"change":"expired","user_id":"103"' \
	"$HSD_TMP/monitor.out"
tap_is "events: two discoveries and one forget" \
	"$(ev '"change":"discovered"') $(ev '"change":"forgotten"')" "2 1"
python3 - "$HSD_TMP/monitor.out" "$HSD_TMP" <<'PY'
import json, sys
for i, line in enumerate(open(sys.argv[1])):
    json.dump(json.loads(line), open("%s/ev%d.json" % (sys.argv[2], i), "w"))
PY
bad=0
for f in "$HSD_TMP"/ev*.json; do
	hsd_schema_check "$f" || bad=$((bad + 1))
done
tap_is "every events line is a JSON event of the schema" "$bad" 0

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
