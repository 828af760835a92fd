#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The Handsets page in headless Chromium (Selenium) with a real softphone:
# baresip registers and the open page shows the expiry within a second,
# without a reload; it quits and the row goes back to "not registered";
# a ua-profile SUBSCRIBE from a MAC one digit off handset 102's shows the
# discovered device and the typo warning.  Details in http/browser.py.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http/lib.sh"
. "$(dirname "$0")/baresip.bash"

command -v baresip >/dev/null || hsd_die "baresip is installed"
command -v chromium >/dev/null || hsd_die "chromium is installed"
command -v chromedriver >/dev/null || hsd_die "chromium-driver is installed"
/usr/bin/python3 -c 'import selenium' 2>/dev/null ||
	hsd_die "python3-selenium is installed"

hsd_setup
web_setup
hsd_config
hsd_start || hsd_die "handsetd starts with an http block"
tap_ok "handsetd starts with an http block"

baresip_config "$HSD_TMP/baresip" \
	"<sip:phone101@127.0.0.1:$HSD_PORT;transport=udp>;auth_pass=s3cret;regint=600"

# Handset 102 is configured with 00:15:65:12:34:56; this one ends in 57.
hsd_users_csv "$HSD_TMP/typo.csv" "MAC%3a001565123457;-;-"
SUB="cd '$HSD_TMP' && sipp 127.0.0.1:$HSD_PORT"
SUB="$SUB -sf '$SIPP_DIR/subscribe-ua-profile.xml' -inf '$HSD_TMP/typo.csv'"
SUB="$SUB -key ua 'Yealink SIP-T46S 66.86.0.15' -i 127.0.0.1 -nostdin -nd"
SUB="$SUB -timeout 10 -timeout_error -m 1 -p $(hsd_free_port)"
SUB="$SUB >'$HSD_TMP/typo.out' 2>&1"

SHOT=${WEB_SCREENSHOT:-$FXS_BUILD/screenshots/handsets-page.png}
mkdir -p "$(dirname "$SHOT")"
/usr/bin/python3 "$WEB_DIR/browser.py" --url "$WEB_URL" \
	--baresip-dir "$HSD_TMP/baresip" --baresip-out "$HSD_TMP/baresip.out" \
	--subscribe-cmd "$SUB" --typo-mac 00:15:65:12:34:57 \
	--screenshot "$SHOT" >"$HSD_TMP/browser.tap" 2>"$HSD_TMP/browser.err"
RC=$?
cat "$HSD_TMP/browser.tap"
TAP_PASSED=$((TAP_PASSED + $(grep -c '^ok - ' "$HSD_TMP/browser.tap")))
TAP_FAILED=$((TAP_FAILED + $(grep -c '^not ok - ' "$HSD_TMP/browser.tap")))
tap_is "the browser script ran to its end" "$RC" 0
[ "$RC" = 0 ] || tap_file_note "$HSD_TMP/browser.err" 20

tap_check "no password in what the page or the event stream served" \
	sh -c "! grep -q -e s3cret -e 'x7!q' -e tr1ple '$HSD_LOG'"
tap_check "handsetd is still running" hsd_alive
hsd_stop
tap_summary
