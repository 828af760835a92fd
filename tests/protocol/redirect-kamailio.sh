#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A Kamailio configured as the box's proxy (issue 15 section 1): a sipp
# UAC calls handset 101 through Kamailio, which asks handsetd's location
# service (Kamailio is in sip.trusted), follows the 302 with uac_redirect,
# and the INVITE reaches the sipp UAS that registered as phone101; the
# call is answered and ended.  Then the same call to handset 103, which
# has no registration: handsetd answers 480 and the caller gets it.

. "$(dirname "$0")/lib.sh"

KAMAILIO=$(command -v kamailio) ||
	{ tap_not_ok "kamailio is installed (scripts/install-deps.sh --test)"; exit 1; }
MPATH=
for d in /usr/lib/x86_64-linux-gnu/kamailio/modules /usr/lib/*/kamailio/modules; do
	[ -f "$d/uac_redirect.so" ] && { MPATH=$d; break; }
done
[ -n "$MPATH" ] || { tap_not_ok "Kamailio's uac_redirect module is installed"; exit 1; }

hsd_setup
hsd_config
sed -i 's|^  realm = .*|&\n  trusted = [ "127.0.0.1" ];|' "$HSD_CONF"
hsd_start || hsd_die "handsetd starts with sip.trusted"
tap_ok "handsetd starts with sip.trusted = [ \"127.0.0.1\" ]"

KPORT=$(hsd_free_port) || hsd_die "a free port for Kamailio"
mkdir -p "$HSD_TMP/kamailio"
sed -e "s|@KPORT@|$KPORT|" -e "s|@HPORT@|$HSD_PORT|" -e "s|@MPATH@|$MPATH|" \
	"$PROTO_DIR/kamailio/redirect-proxy.cfg" >"$HSD_TMP/kamailio.cfg"
"$KAMAILIO" -c -f "$HSD_TMP/kamailio.cfg" >"$HSD_TMP/kamailio-check.log" 2>&1 ||
	{ tap_file_note "$HSD_TMP/kamailio-check.log" 20;
	  hsd_die "kamailio -c accepts the proxy configuration"; }
timeout -k 5 120 "$KAMAILIO" -DD -E -f "$HSD_TMP/kamailio.cfg" \
	-Y "$HSD_TMP/kamailio" -P "$HSD_TMP/kamailio.pid" \
	>"$HSD_TMP/kamailio.log" 2>&1 &
HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $!"
wait_for 20 grep -q 'listening on' "$HSD_TMP/kamailio.log" ||
	wait_for 10 sh -c "ss -lun | grep -q ':$KPORT '" ||
	{ tap_file_note "$HSD_TMP/kamailio.log" 20; hsd_die "Kamailio starts"; }
tap_ok "Kamailio runs as the proxy on 127.0.0.1:$KPORT"

# The phone: sipp registers phone101 from the port its UAS then answers on.
UAS_PORT=$(hsd_free_port) || hsd_die "a free port for the phone"
hsd_register reg phone101 s3cret phone101 600 -- -p "$UAS_PORT"
tap_is "the phone registers handset 101 from port $UAS_PORT: 200" "$?" 0
(
	cd "$HSD_TMP" && exec timeout -k 5 60 sipp -sn uas -i 127.0.0.1 \
		-p "$UAS_PORT" -m 1 -nostdin -nd -trace_msg \
		-message_file "$HSD_TMP/uas.msg" >"$HSD_TMP/uas.out" 2>&1
) &
UAS_PID=$!
HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $UAS_PID"
sleep 1

# The caller: sipp's UAC dials 101 at Kamailio.
(
	cd "$HSD_TMP" && exec timeout -k 5 60 sipp "127.0.0.1:$KPORT" \
		-sf "$SIPP_DIR/call-through-proxy.xml" -s 101 -i 127.0.0.1 -p "$(hsd_free_port)" -m 1 -nostdin -nd \
		-recv_timeout 10000 -trace_msg -message_file "$HSD_TMP/uac.msg" \
		>"$HSD_TMP/uac.out" 2>&1
)
tap_is "the call to 101 through Kamailio is answered and ended (sipp UAC)" \
	"$?" 0
wait "$UAS_PID"
tap_is "the registered phone (sipp uas) took the whole call" "$?" 0
tap_check "the UAS got the INVITE for 101 relayed by Kamailio" \
	grep -q "^INVITE sip:phone101@127.0.0.1:$UAS_PORT" "$HSD_TMP/uas.msg"
tap_check "Kamailio followed handsetd's redirect" \
	grep -q "following the redirect of handsetd" "$HSD_TMP/kamailio.log"

# 103 never registered: 480 reaches the caller.
cat >"$HSD_TMP/uac480.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="call-unavailable">
  <send retrans="500">
    <![CDATA[

      INVITE sip:103@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:caller@[local_ip]>;tag=[pid]c[call_number]
      To: <sip:103@[remote_ip]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:caller@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="480"/>
  <send>
    <![CDATA[

      ACK sip:103@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
</scenario>
XML
(
	cd "$HSD_TMP" && exec timeout -k 5 60 sipp "127.0.0.1:$KPORT" \
		-sf "$HSD_TMP/uac480.xml" -i 127.0.0.1 -p "$(hsd_free_port)" \
		-m 1 -nostdin -nd -recv_timeout 10000 >"$HSD_TMP/uac480.out" 2>&1
)
tap_is "a call to 103 (not registered) through Kamailio gets 480" "$?" 0

if [ "$TAP_FAILED" != 0 ]; then
	tap_file_note "$HSD_TMP/kamailio.log" 30
	tap_file_note "$HSD_TMP/uac.out" 20
fi
tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
