#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Plug-and-play provisioning (issue 12), once per vendor family, the way a
# phone out of its box does it: the emulated phone (prov/phone.py) sends
# the PnP SUBSCRIBE to 224.0.1.75:5060, takes the URL from handsetd's
# NOTIFY, fetches the files named after its MAC and parses them in its
# vendor's format; sipp then registers with the account read from the file
# (nobody typed it into the phone), and the Handsets list shows each
# handset registered and provisioned from its address.  The passwords
# carry XML's special characters, so an unescaped value breaks the parse.

. "$(dirname "$0")/prov/lib.sh"

hsd_setup
# family MAC user login password
PHONES='yealink 00:15:65:20:00:01 201 yea-201 y3a!<q>
polycom 00:04:F2:20:00:02 202 poly-202 p&l"y
snom 00:04:13:20:00:03 203 snom-203 s<n>m&
grandstream 00:0b:82:20:00:04 204 gs-204 g&s<t>
fanvil 0c:38:3e:20:00:05 205 fan-205 f4n!v
cisco-spa 00:0e:08:20:00:06 206 spa-206 c&sc<o>'
model() {
	case $1 in
	yealink) echo yealink-t46 ;; polycom) echo polycom-vvx410 ;;
	snom) echo snom-d785 ;; grandstream) echo grandstream-gxp2160 ;;
	fanvil) echo fanvil-x4u ;; cisco-spa) echo cisco-spa504g ;;
	esac
}
HSD_CONF_HANDSETS=$(printf '%s\n' "$PHONES" | while read -r f m u l p; do
	printf '  { user_id = "%s"; model = "%s"; login = "%s"; password = "%s"; mac = "%s"; display_name = "B\303\274ro <%s> & Co"; },\n' \
		"$u" "$(model "$f")" "$l" "$(printf '%s' "$p" | sed 's/"/\\"/g')" "$m" "$u"
done)
# The zone each family's file gives, in the phone's own words (phone.py
# reads them back): Berlin is UTC+1, DST from the last Sunday of March
# 02:00 to the last Sunday of October 03:00.  Snom and Fanvil files carry
# none (docs/provisioning.md).
tz() {
	case $1 in
	yealink) echo "+1 dst 3/5/7/2-10/5/7/3 +60" ;;
	polycom) echo "3600 dst 3/1/1L/2-10/1/1L/3" ;;
	grandstream) echo "CET-1CEST,M3.5.0,M10.5.0/3" ;;
	cisco-spa) echo "GMT+01:00 start=3/-1/7/2;end=10/-1/7/3;save=1" ;;
	*) echo None ;;
	esac
}
prov_config 'pnp = true; time_zone = "Europe/Berlin";'
hsd_start || hsd_die "handsetd starts with provisioning and PnP on"
tap_ok "handsetd starts with provisioning and PnP on"
tap_check "handsetd joined the PnP group" \
	grep -q 'SIP PnP on 224.0.1.75:5060' "$HSD_LOG"

printf '%s\n' "$PHONES" >"$HSD_TMP/phones"
while read -r f m u l p; do
	prov_phone "$f" --family "$f" --mac "$m"
	tap_is "$f: the emulated phone booted (PnP, fetch, parse)" "$?" 0
	tap_is "$f: the file's user ID" "$(prov_account "$f" user)" "$u"
	tap_is "$f: the file's login ID" "$(prov_account "$f" login)" "$l"
	tap_is "$f: the file's password, escaping undone by the parser" \
		"$(prov_account "$f" password)" "$p"
	tap_is "$f: the file's display name, escaping undone by the parser" \
		"$(prov_account "$f" display_name)" "Büro <$u> & Co"
	tap_is "$f: the file's time zone (Europe/Berlin)" \
		"$(prov_account "$f" tz)" "$(tz "$f")"
	tap_is "$f: the file's registrar" \
		"$(prov_account "$f" registrar):$(prov_account "$f" port)" \
		"127.0.0.1:$HSD_PORT"
	hsd_register "$f-reg" "$(prov_account "$f" login)" \
		"$(prov_account "$f" password)"
	tap_is "$f: registers with the account read from the file" "$?" 0
done <"$HSD_TMP/phones"

for u in 201 202 203 204 205 206; do
	tap_is "handset $u is registered and provisioned from 127.0.0.1" \
		"$(hsd_json "registered('$u') and handset('$u')['provisioned'] is not None and handset('$u')['provisioned_from'].startswith('127.0.0.1')")" \
		true
done
tap_is "generic-sip handset 101 is listed as not provisioned" \
	"$(hsd_json "handset('101')['provisioning'] is None")" true
hsd_ctl list >"$HSD_TMP/list.txt" 2>&1
tap_check "handsetctl list: 'provisioned <date time> from 127.0.0.1'" \
	grep -Eq 'provisioned [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} from 127\.0\.0\.1' \
	"$HSD_TMP/list.txt"
tap_check "handsetctl list: 'not provisioned (model generic-sip)'" \
	grep -q 'not provisioned (model generic-sip)' "$HSD_TMP/list.txt"
tap_check "the list --json validates against the schema" \
	hsd_schema_check "$HSD_TMP/list.json"
tap_is "no warning: every phone that fetched registered" \
	"$(hsd_json "len(d['warnings'])")" 0

# Every fetch is logged with the MAC and the address.
tap_check "the log has every fetch with MAC, handset and address" \
	test "$(grep -c 'provisioning: 200 OK for .*(MAC .*, handset 20[1-6]) from 127.0.0.1' "$HSD_LOG")" -ge 7
while read -r f m u l p; do
	tap_check "$f: the password is in no log line" \
		sh -c '! grep -qF -- "$1" "$2"' sh "$p" "$HSD_LOG"
done <"$HSD_TMP/phones"

# The state survives a restart.
hsd_stop
hsd_start || hsd_die "handsetd starts again"
tap_is "after a restart, 201 is still listed as provisioned" \
	"$(hsd_json "handset('201')['provisioned'] is not None")" true
hsd_stop
tap_done
