#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Transports and addresses (issue 3 section 3): a registration over TCP, and
# one from behind a NAT whose Via and Contact name a private address: the
# daemon answers to the source (rport, RFC 3581), marks the Via with
# received/rport, and records and shows the source address beside the
# contact in handsetctl list and list --json.

. "$(dirname "$0")/lib.sh"

hsd_setup
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

# 1. TCP: the whole digest exchange on one connection.
LP=$(hsd_free_port)
hsd_register tcp phone103 tr1ple -- -t t1 -p "$LP"
tap_is "REGISTER over TCP with digest: 200 with Contact;expires and Date" "$?" 0
tap_is "handsetctl: handset 103 registered" "$(hsd_json 'registered("103")')" true
tap_is "handsetctl: its binding was made over TCP" \
	"$(hsd_json '"tcp" in json.dumps(bindings("103")).lower()')" true

# 2. Behind NAT: Via/Contact say 192.0.2.10:5062 (TEST-NET-1, unreachable),
# the packets come from 127.0.0.1:$LP.
LP=$(hsd_free_port)
hsd_users_csv "$HSD_TMP/nat.csv" "phone101;s3cret;phone101"
hsd_sipp nat register-nat -inf "$HSD_TMP/nat.csv" -p "$LP" \
	-key expires 600 -key sentby 192.0.2.10:5062
tap_is "REGISTER from behind NAT answered to the source, Via with received/rport" \
	"$?" 0
tap_is "the 200 OK's Via says rport=$LP" \
	"$(hsd_header nat Via | sed -n 's/.*rport=\([0-9]*\).*/\1/p')" "$LP"
B=$(hsd_json 'json.dumps(bindings("101"))')
tap_note "binding of 101: $B"
tap_check "list --json: the contact (192.0.2.10:5062) is recorded" \
	sh -c "printf '%s' '$B' | grep -q '192.0.2.10:5062'"
tap_check "list --json: the source address 127.0.0.1:$LP is recorded" \
	sh -c "printf '%s' '$B' | grep -q '127.0.0.1:$LP'"
hsd_ctl list >"$HSD_TMP/list.txt" 2>&1
tap_check "handsetctl list shows the source address 127.0.0.1:$LP" \
	grep -q "127.0.0.1:$LP" "$HSD_TMP/list.txt"

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
