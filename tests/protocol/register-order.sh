#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Which request wins (issue 3 section 3, RFC 3261 10.3 step 7): within one
# Call-ID a CSeq not above the stored one must not touch the binding; a new
# Call-ID replaces the handset's old binding (one device, max_contacts 1);
# a retransmitted REGISTER is absorbed by the server transaction (the same
# 200 OK again, not a second registration, not a replayed nonce count).

. "$(dirname "$0")/lib.sh"

hsd_setup
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

# 1. CSeq order within one Call-ID.
CID="-cid_str order-%u@127.0.0.1"
hsd_probe o1 phone101 s3cret phone101 seqa=10 seqb=11 \
	"contact=<sip:phone101@127.0.0.1:5990>" "exphdr=Expires: 600" -- $CID
tap_is "Call-ID order-1, CSeq 11, Expires 600: 200" "$(hsd_last_code o1)" 200
hsd_probe o2 phone101 s3cret phone101 seqa=5 seqb=6 \
	"contact=<sip:phone101@127.0.0.1:5990>" "exphdr=Expires: 1200" -- $CID
code=$(hsd_last_code o2)
case $code in
[3456]??) tap_ok "same Call-ID, lower CSeq 6: refused ($code)" ;;
*) tap_not_ok "same Call-ID, lower CSeq 6: refused (got '$code')" ;;
esac
left=$(hsd_json 'expires_in("101")')
tap_check "the out-of-order request left the binding's expiry (<= 600 s left: $left)" \
	awk -v l="$left" 'BEGIN { exit !(l ~ /^[0-9.]+$/ && l > 0 && l <= 600) }'
hsd_probe o3 phone101 s3cret phone101 seqa=11 seqb=11 \
	"contact=<sip:phone101@127.0.0.1:5990>" "exphdr=Expires: 1200" -- $CID
code=$(hsd_last_code o3)
case $code in
[3456]??) tap_ok "same Call-ID, equal CSeq 11: refused ($code)" ;;
*) tap_not_ok "same Call-ID, equal CSeq 11: refused (got '$code')" ;;
esac
left=$(hsd_json 'expires_in("101")')
tap_check "the equal-CSeq request left the binding's expiry (<= 600 s left: $left)" \
	awk -v l="$left" 'BEGIN { exit !(l ~ /^[0-9.]+$/ && l > 0 && l <= 600) }'
hsd_probe o4 phone101 s3cret phone101 seqa=20 seqb=21 \
	"contact=<sip:phone101@127.0.0.1:5990>" "exphdr=Expires: 900" -- $CID
tap_is "same Call-ID, higher CSeq 21, Expires 900: 200" "$(hsd_last_code o4)" 200
left=$(hsd_json 'expires_in("101")')
tap_check "the in-order request updated the expiry (600 < $left <= 900)" \
	awk -v l="$left" 'BEGIN { exit !(l ~ /^[0-9.]+$/ && l > 600 && l <= 900) }'

# 2. A new Call-ID replaces the binding: the handset is one device.
hsd_probe r1 phone103 tr1ple phone103 "contact=<sip:phone103@127.0.0.1:5991>"
tap_is "first device registration (Call-ID A): 200" "$(hsd_last_code r1)" 200
hsd_probe r2 phone103 tr1ple phone103 "contact=<sip:phone103@127.0.0.1:5992>"
tap_is "re-registration from a new Call-ID B, new contact: 200" \
	"$(hsd_last_code r2)" 200
tap_is "its 200 OK lists the new contact" \
	"$(hsd_header r2 Contact | grep -c 5992)" 1
tap_is "its 200 OK no longer lists the old contact" \
	"$(hsd_header r2 Contact | grep -c 5991)" 0
tap_is "handsetctl: handset 103 has exactly one binding" \
	"$(hsd_json 'len(bindings("103"))')" 1
tap_is "handsetctl: that binding is the new contact" \
	"$(hsd_json '"5992" in json.dumps(bindings("103"))')" true

# 3. A retransmission: the identical request twice, one transaction.
LP=$(hsd_free_port)
if hsd_challenge rt-ch alice "$LP"; then
	AUTH=$(hsd_digest alice 'x7!q' "sip:127.0.0.1:$HSD_PORT" 00000001 cafe0123)
	hsd_users_csv "$HSD_TMP/rt.csv" "alice;-;alice"
	hsd_sipp rt register-retransmit -inf "$HSD_TMP/rt.csv" -p "$LP" \
		-key auth "$AUTH" -key contact "<sip:alice@127.0.0.1:$LP>"
	tap_is "retransmitted REGISTER: both copies answered 200" "$?" 0
	tap_is "both 200 OKs identical in status and header set" \
		"$(hsd_responses rt | grep '^200' | sort -u | wc -l)" 1
	tap_is "both 200 OKs carry the same To tag (one transaction)" \
		"$(for i in 1 2; do hsd_header rt To $i; done | sort -u | wc -l)" 1
	tap_is "handsetctl: handset 102 has exactly one binding" \
		"$(hsd_json 'len(bindings("102"))')" 1
else
	tap_not_ok "a REGISTER without credentials is challenged (401 with nonce)"
fi

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
