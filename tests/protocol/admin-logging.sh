#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# What an administrator looks for in the log (issue 15 section 2): each
# state change logged once at its priority, with sd-daemon priority
# prefixes when stderr is the journal (JOURNAL_STREAM set, as systemd sets
# it for the unit's handsetd -F), so `journalctl -p warning` finds the
# warnings: a first registration (once, not on refresh), an expiry, a kick,
# a discovered device, a failed authentication, a block, a refused
# location request.  Then the fail2ban filter shipped as an example, run
# with Debian's fail2ban-regex over those lines as the journal or syslog
# shows them: it finds the failing addresses, not an exempt one, and not
# an address given as the user name.

. "$(dirname "$0")/lib.sh"

F2B_FILTER=$PROTO_DIR/../../userspace/fail2ban/filter.d/handsetd.conf

hsd_setup
HSD_CONF_EXPIRY="min_expires = 1; default_expires = 3600; max_expires = 7200;"
HSD_CONF_AUTH="max_failures = 3; failure_window = 60; block_time = 60;"
HSD_CONF_EXTRA='ratelimit = { exempt = [ "127.0.0.3" ]; };'
hsd_config
sed -i 's|^  realm = .*|&\n  trusted = [ "127.0.0.1" ];|' "$HSD_CONF"
# JOURNAL_STREAM names another stream (a value inherited by a child
# whose stderr goes elsewhere): no prefixes.
: >"$HSD_LOG"
HSD_WRAP="env JOURNAL_STREAM=1:1"
hsd_start || hsd_die "handsetd starts with a foreign JOURNAL_STREAM"
hsd_stop >/dev/null
tap_is "JOURNAL_STREAM naming another file: plain lines, no prefixes" \
	"$(grep -c '^handsetd: started' "$HSD_LOG") $(grep -c '^<[0-7]>' "$HSD_LOG")" \
	"1 0"
mv "$HSD_LOG" "$HSD_TMP/foreign.log"

# As systemd starts the unit: JOURNAL_STREAM is stderr's device:inode.
: >"$HSD_LOG"
HSD_WRAP="env JOURNAL_STREAM=$(stat -c '%d:%i' "$HSD_LOG")"
hsd_start || hsd_die "handsetd starts with JOURNAL_STREAM set"
tap_ok "handsetd starts with JOURNAL_STREAM naming its stderr (the journal)"

UA_PORT=$(hsd_free_port)
hsd_register r1 phone101 s3cret phone101 600 -- -p "$UA_PORT" >/dev/null
hsd_register r2 phone101 s3cret phone101 600 -- -p "$UA_PORT" >/dev/null
hsd_register short phone103 tr1ple phone103 2 >/dev/null
hsd_probe bad phone103 wrong phone103 -- -i 127.0.0.2 -m 3 >/dev/null
hsd_probe exempt phone103 wrong phone103 -- -i 127.0.0.3 >/dev/null
# A Login ID is the client's to choose: one that is an address.
hsd_probe hostile 192.0.2.66 nopass phone103 -- -i 127.0.0.4 >/dev/null
hsd_probe dev nobody nopass nobody \
	"ua=Yealink SIP-T46S 66.86.0.15 00:15:65:00:00:77" -- -i 127.0.0.5 \
	>/dev/null
printf 'SEQUENTIAL\n101\n' >"$HSD_TMP/inv.csv"
hsd_sipp inv invite-lookup -inf "$HSD_TMP/inv.csv" -i 127.0.0.6 >/dev/null
hsd_ctl kick 101 >/dev/null
wait_grep 10 1 "$HSD_LOG" 'handset 103: binding .* removed \(expired\)' ||
	tap_note "no expiry within 10 s"
hsd_stop >/dev/null
tap_file_note "$HSD_LOG" 60

has() {
	tap_check "$1" grep -Eq "$2" "$HSD_LOG"
}
tap_is "every line of the log starts with a priority prefix" \
	"$(grep -cEv '^<[0-7]>' "$HSD_LOG")" 0
tap_is "a first registration is logged once (a refresh is not news)" \
	"$(grep -cE '^<5>handset 101 registered sip:phone101@127\.0\.0\.1:[0-9]+;transport=UDP from 127\.0\.0\.1:[0-9]+ \(UDP\) until ' "$HSD_LOG")" 1
has "an expiry: notice" '^<5>handset 103: binding sip:phone103@.* removed \(expired\)$'
has "a kick: notice" '^<5>handset 101 kicked by the administrator: 1 binding'
tap_is "the kick is one line, not one more per binding" \
	"$(grep -c 'kicked' "$HSD_LOG")" 1
has "a discovered device: notice" '^<5>discovered device 00:15:65:00:00:77 '
has "a failed authentication: warning" \
	'^<4>warning: authentication failure for "phone103" from 127\.0\.0\.2 \(wrong credentials\)$'
has "a block: warning" '^<4>warning: blocking 127\.0\.0\.2 for 60 s after 3 failed'
has "a refused location request: warning" \
	'^<4>warning: location request refused: INVITE for "101" from 127\.0\.0\.6, which is not in sip\.trusted$'
has "start and stop: notice" '^<5>started, 3 handset'

# The lines as the journal (journalctl -o short) and syslog show them.
awk '{ sub(/^<[0-7]>/, ""); print "Dec  3 12:00:00 box handsetd[4242]: " $0 }' \
	"$HSD_LOG" >"$HSD_TMP/syslog"
if ! command -v fail2ban-regex >/dev/null; then
	tap_not_ok "fail2ban-regex is installed (scripts/install-deps.sh --test)"
else
	# the filter includes Debian's common.conf, found beside it
	mkdir -p "$HSD_TMP/filter.d"
	cp /etc/fail2ban/filter.d/common.conf "$F2B_FILTER" \
		"$HSD_TMP/filter.d/"
	fail2ban-regex -o ip "$HSD_TMP/syslog" \
		"$HSD_TMP/filter.d/handsetd.conf" >"$HSD_TMP/f2b.out" 2>&1
	tap_file_note "$HSD_TMP/f2b.out" 20
	tap_is "fail2ban-regex: 127.0.0.2 three times (its failures)" \
		"$(grep -cx '127.0.0.2' "$HSD_TMP/f2b.out")" 3
	tap_is "fail2ban-regex: 127.0.0.6 once (the untrusted INVITE)" \
		"$(grep -cx '127.0.0.6' "$HSD_TMP/f2b.out")" 1
	tap_is "fail2ban-regex: the user name 192.0.2.66 bans its sender" \
		"$(grep -cx '127.0.0.4' "$HSD_TMP/f2b.out")" 1
	tap_is "fail2ban-regex: never the address the user name names" \
		"$(grep -c '192.0.2.66' "$HSD_TMP/f2b.out")" 0
	tap_is "fail2ban-regex: never the exempt address 127.0.0.3" \
		"$(grep -c '127.0.0.3' "$HSD_TMP/f2b.out")" 0
	tap_is "fail2ban-regex: 127.0.0.5 once (the unknown phone's failure)" \
		"$(grep -cx '127.0.0.5' "$HSD_TMP/f2b.out")" 1
	tap_is "fail2ban-regex: nothing else (registrations, kicks...)" \
		"$(grep -cvE '^127\.0\.0\.[2456]$' "$HSD_TMP/f2b.out")" 0
fi

tap_summary
