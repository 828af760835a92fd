#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Digest authentication of REGISTER (issue 3 section 3): MD5 with qop=auth
# and without qop (old phones), the digest user bound to the handset the To
# URI names, replayed nonce counts refused, expired nonces answered with
# stale=true.  handsetd on loopback, driven by sipp.

. "$(dirname "$0")/lib.sh"

hsd_setup
# nonce_lifetime at its minimum so the stale-nonce case waits 12 s, not 5 min.
HSD_CONF_AUTH="nonce_lifetime = 10; max_failures = 100000;"
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"
RURI="sip:127.0.0.1:$HSD_PORT"

# 1. A phone with qop=auth: the register scenario itself checks the offered
# qop, the 200 OK's Contact expires and its Date header.
hsd_register qop phone101 s3cret
tap_is "REGISTER with digest qop=auth gets 200 OK with Contact;expires and Date" \
	"$?" 0
tap_is "the challenge names the configured realm" \
	"$(hsd_header qop WWW-Authenticate 1 | sed -n 's/.*realm="\([^"]*\)".*/\1/p')" \
	"$HSD_REALM"
tap_is "handsetctl list --json shows phone101 (user 101) registered" \
	"$(hsd_json 'registered("101")')" true
hsd_ctl list >"$HSD_TMP/list.txt" 2>&1
tap_check "handsetctl list shows user 101 as registered until a date" \
	grep -Eq '101.*registered until [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' \
	"$HSD_TMP/list.txt"

# 2. An old phone answering without qop (RFC 2069 form), built by hand
# because sipp always uses the qop it is offered.
LP=$(hsd_free_port)
if hsd_challenge noqop-ch phone103 "$LP"; then
	AUTH=$(hsd_digest phone103 tr1ple "$RURI")
	hsd_users_csv "$HSD_TMP/noqop.csv" "phone103;-;phone103"
	hsd_sipp noqop register-authorized -inf "$HSD_TMP/noqop.csv" -p "$LP" \
		-key auth "$AUTH" -key seqa 2 -key exphdr "Expires: 600" \
		-key contact "<sip:phone103@127.0.0.1:$LP>"
	tap_is "REGISTER with digest without qop (old phones) gets 200" \
		"$(hsd_last_code noqop)" 200
	tap_is "handsetctl shows phone103 (user 103) registered" \
		"$(hsd_json 'registered("103")')" true
else
	tap_not_ok "a REGISTER without credentials is challenged (401 with nonce)"
fi

# 3. The To URI may name the handset by user ID instead of login.
hsd_probe to-uid alice 'x7!q' 102
tap_is "To naming the handset's user ID (102) with its login's digest: 200" \
	"$(hsd_last_code to-uid)" 200

# 4. The To URI naming another handset: the digest user may not change
# someone else's bindings (RFC 3261 10.3 step 3: 403).
hsd_probe to-other phone101 s3cret 103 \
	"contact=<sip:phone101@127.0.0.1:5998>"
tap_is "To naming another handset (103) with phone101's digest: 403" \
	"$(hsd_last_code to-other)" 403
# Compare the contact URIs only: a random Call-ID or a time may hold the
# digits 5998 too (it did once, in CI).
tap_is "the refused REGISTER left handset 103's binding alone" \
	"$(hsd_json 'sorted(c["uri"] for c in bindings("103"))')" \
	'["sip:phone103@127.0.0.1:'"$LP"'"]'

# 5. A replayed nonce count: the same Authorization (nonce, nc, cnonce,
# response) in a new request of the same dialog must be refused; the next
# count is accepted, which shows the refusal is about the count alone.
LP=$(hsd_free_port)
if hsd_challenge nc-ch phone101 "$LP"; then
	hsd_users_csv "$HSD_TMP/nc.csv" "phone101;-;phone101"
	for step in "1 00000001 2" "2 00000001 3" "3 00000002 4"; do
		set -- $step
		AUTH=$(hsd_digest phone101 s3cret "$RURI" "$2" 0a1b2c3d4e5f)
		hsd_sipp "nc$1" register-authorized -inf "$HSD_TMP/nc.csv" \
			-p "$LP" -cid_str "nc-replay-%u@127.0.0.1" \
			-key auth "$AUTH" -key seqa "$3" \
			-key exphdr "Expires: 600" \
			-key contact "<sip:phone101@127.0.0.1:$LP>"
	done
	tap_is "first use of nonce count 00000001: 200" "$(hsd_last_code nc1)" 200
	code=$(hsd_last_code nc2)
	case $code in
	401|403) tap_ok "replayed nonce count 00000001 refused ($code)" ;;
	*) tap_not_ok "replayed nonce count 00000001 refused (got '$code')" ;;
	esac
	tap_is "next nonce count 00000002 on the same nonce: 200" \
		"$(hsd_last_code nc3)" 200
else
	tap_not_ok "a REGISTER without credentials is challenged (401 with nonce)"
fi

# 6. An expired nonce: 401 with stale=true, then the retry with the fresh
# nonce succeeds (the register-stale scenario checks both).
hsd_users_csv "$HSD_TMP/stale.csv" "phone101;s3cret;phone101"
HSD_SIPP_TIMEOUT=45 hsd_sipp stale register-stale -inf "$HSD_TMP/stale.csv" \
	-d 12000
tap_is "nonce older than nonce_lifetime (10 s): 401 stale=true, retry 200" \
	"$?" 0

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
