#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Expiry and removal of bindings (issue 3 section 3, RFC 3261 10.3 steps 6-8):
# the interval from Expires or the contact's expires parameter, the default
# when neither is given, clamping to max_expires, 423 with Min-Expires below
# min_expires, unregistration with Expires: 0 and with the wildcard "*", and
# 400 for a wildcard with a non-zero expiry.  The configuration sets
# min 60, default 3600, max 7200 (lib.sh).

. "$(dirname "$0")/lib.sh"

hsd_setup
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

C="<sip:phone101@127.0.0.1:5999>"
# The expires parameter the 200 OK of run $1 gives our contact.
contact_expires()
{
	hsd_header "$1" Contact | grep 5999 |
		sed -n 's/.*;[ ]*expires=\([0-9]*\).*/\1/p' | head -n 1
}

# 1. Below the minimum: 423 and Min-Expires, and no binding.
hsd_probe short phone101 s3cret phone101 "contact=$C" "exphdr=Expires: 10"
tap_is "Expires: 10 (below min_expires 60): 423" "$(hsd_last_code short)" 423
tap_is "the 423 carries Min-Expires: 60" \
	"$(hsd_header short Min-Expires)" 60
tap_is "a 423 creates no binding" "$(hsd_json 'registered("101")')" false

# 2. Above the maximum: clamped, not refused.
hsd_probe long phone101 s3cret phone101 "contact=$C" "exphdr=Expires: 100000"
tap_is "Expires: 100000: 200" "$(hsd_last_code long)" 200
tap_is "Expires: 100000 clamped to max_expires: contact expires=7200" \
	"$(contact_expires long)" 7200
tap_is "the 200 OK carries a Date header" \
	"$(hsd_header long Date | grep -Ec '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$')" 1

# 3. The contact's own expires parameter, no Expires header.
hsd_probe param phone101 s3cret phone101 "contact=$C;expires=300" \
	"exphdr=X-No-Expires: 1"
tap_is "Contact ;expires=300 without Expires: 200" "$(hsd_last_code param)" 200
tap_is "Contact ;expires=300: contact expires=300" \
	"$(contact_expires param)" 300

# 4. Neither: default_expires.
hsd_probe default phone101 s3cret phone101 "contact=$C" \
	"exphdr=X-No-Expires: 1"
tap_is "neither Expires nor ;expires: 200" "$(hsd_last_code default)" 200
tap_is "neither Expires nor ;expires: default_expires 3600" \
	"$(contact_expires default)" 3600
tap_is "handset 101 registered" "$(hsd_json 'registered("101")')" true

# 5. Expires: 0 removes the binding; the 200 OK lists no contact of ours.
hsd_probe unreg phone101 s3cret phone101 "contact=$C" "exphdr=Expires: 0"
tap_is "Expires: 0: 200" "$(hsd_last_code unreg)" 200
tap_is "Expires: 0: the 200 OK no longer lists the contact" \
	"$(hsd_header unreg Contact | grep -c 5999)" 0
tap_is "Expires: 0: handset 101 not registered any more" \
	"$(hsd_json 'registered("101")')" false

# 6. The wildcard with Expires: 0 removes every binding.
hsd_probe again phone101 s3cret phone101 "contact=$C"
tap_is "registered again: 200" "$(hsd_last_code again)" 200
hsd_probe star phone101 s3cret phone101 "contact=*" "exphdr=Expires: 0"
tap_is "Contact: * with Expires: 0: 200" "$(hsd_last_code star)" 200
tap_is "Contact: *: handset 101 not registered any more" \
	"$(hsd_json 'registered("101")')" false

# 7. The wildcard with a non-zero expiry is malformed (RFC 3261 10.3 step 6)
# and must leave the bindings alone.
hsd_probe again2 phone101 s3cret phone101 "contact=$C"
tap_is "registered again: 200" "$(hsd_last_code again2)" 200
hsd_probe star300 phone101 s3cret phone101 "contact=*" "exphdr=Expires: 300"
tap_is "Contact: * with Expires: 300: 400" "$(hsd_last_code star300)" 400
tap_is "Contact: * refused: handset 101 still registered" \
	"$(hsd_json 'registered("101")')" true
# ... and so is a wildcard without any Expires header.
hsd_probe starnoexp phone101 s3cret phone101 "contact=*" \
	"exphdr=X-No-Expires: 1"
tap_is "Contact: * without Expires: 400" "$(hsd_last_code starnoexp)" 400
tap_is "still registered after it" "$(hsd_json 'registered("101")')" true

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
