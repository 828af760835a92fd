#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Reloading the configuration (issue 3 section 2): "handsetctl reload" and
# SIGHUP with a broken file report every error and keep the running
# configuration and bindings; a good file takes effect: a removed handset
# loses its bindings (also after a restart), a changed password drops the
# binding made with the old one (issue 15) and new registrations need the
# new password, an added handset appears.

. "$(dirname "$0")/lib.sh"

hsd_setup
hsd_config
cp "$HSD_CONF" "$HSD_TMP/good.conf"
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

hsd_register r101 phone101 s3cret
tap_is "phone101 registers" "$?" 0
hsd_register r103 phone103 tr1ple
tap_is "phone103 registers" "$?" 0

# 1. A broken file through handsetctl reload.
sed 's/login = "phone103"/login = "phone101"/' "$HSD_TMP/good.conf" \
	>"$HSD_CONF"
L=$(grep -n 'user_id = "103"' "$HSD_CONF" | cut -d: -f1)
hsd_ctl reload >"$HSD_TMP/reload1.out" 2>&1
rc=$?
tap_check "handsetctl reload of a broken file exits non-zero" \
	test "$rc" -ne 0
tap_check "it prints the error with file and line" \
	grep -Fq "$HSD_CONF:$L: cannot use the same Login ID on multiple phones" \
	"$HSD_TMP/reload1.out"
tap_check "it says the running configuration is kept" \
	grep -q "running configuration is kept" "$HSD_TMP/reload1.out"
tap_file_note "$HSD_TMP/reload1.out" 5
tap_is "handset 103 still configured and registered" \
	"$(hsd_json 'registered("103")')" true
tap_is "handset 101 still registered" "$(hsd_json 'registered("101")')" true

# 2. The same broken file through SIGHUP.
kill -HUP "$HSD_PID"
sleep 1
tap_check "handsetd survives SIGHUP with a broken file" hsd_alive
tap_check "the error is logged with file and line" \
	grep -Fq "$HSD_CONF:$L: cannot use the same Login ID" "$HSD_LOG"
tap_is "after SIGHUP the three handsets are still there" \
	"$(hsd_json 'len(d["sip_handsets"])')" 3

# 3. A good file: 101's password changes, 103 goes, 104 arrives.
sed -e 's/password = "s3cret"/password = "n3w-pass"/' \
	-e 's/.*user_id = "103".*/  { user_id = "104"; model = "generic-sip"; login = "phone104"; password = "four"; }/' \
	"$HSD_TMP/good.conf" >"$HSD_CONF"
hsd_ctl reload >"$HSD_TMP/reload2.out" 2>&1
tap_is "handsetctl reload of a good file exits 0" "$?" 0
tap_file_note "$HSD_TMP/reload2.out" 5
tap_is "removed handset 103 is gone from the list" \
	"$(hsd_json 'handset("103") == {}')" true
tap_is "added handset 104 is listed, not registered" \
	"$(hsd_json 'handset("104") != {} and not registered("104")')" true
# issue 15: a changed password is how a leaked one is revoked, so the
# binding made with the old one goes at once
tap_is "101's binding, made with the old password, is dropped" \
	"$(hsd_json 'registered("101")')" false

hsd_probe old101 phone101 s3cret phone101 "contact=<sip:phone101@127.0.0.1:5997>"
tap_is "the old password no longer registers (401)" \
	"$(hsd_last_code old101)" 401
hsd_register new101 phone101 n3w-pass
tap_is "the new password registers" "$?" 0

# 4. The removal is durable: a restart does not bring 103's binding back.
hsd_stop
hsd_start || hsd_die "handsetd restarts"
tap_is "after a restart 103 is still gone" \
	"$(hsd_json 'handset("103") == {}')" true
# Configured again, 103 must come back without its old binding: the
# removal, not only the configuration, was made durable.
cp "$HSD_TMP/good.conf" "$HSD_CONF"
hsd_ctl reload >"$HSD_TMP/reload3.out" 2>&1
tap_is "103 configured again after the restart: listed, not registered" \
	"$(hsd_json 'handset("103") != {} and not registered("103")')" true
tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
