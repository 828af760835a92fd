#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# provisioning.credentials (issue 12): with an htdigest file, /prov/ needs
# HTTP Digest (the credentials phones take in their provisioning URL
# settings), checked by the page's Digest code with a realm and nonces of
# its own; the administrators' page is not affected, and a page nonce or
# administrator does not open /prov/.

. "$(dirname "$0")/prov/lib.sh"

hsd_setup
HSD_CONF_HANDSETS='  { user_id = "501"; model = "snom-d785"; login = "dg-501"; password = "d1g3st"; mac = "00:04:13:50:00:01"; },'
htdigest() { printf '%s:%s:%s\n' "$1" "$2" "$(printf '%s' "$1:$2:$3" | md5sum | cut -d' ' -f1)"; }
htdigest phones provisioning 'ph0nes!' >"$HSD_TMP/prov.htdigest"
chmod 600 "$HSD_TMP/prov.htdigest"
prov_config "credentials = \"$HSD_TMP/prov.htdigest\";"
hsd_start || hsd_die "handsetd starts with provisioning credentials"
tap_ok "handsetd starts with provisioning credentials"

F=000413500001.xml
tap_is "without credentials: 401" "$(prov_fetch $F)" 401
curl -s -D "$HSD_TMP/h" -o /dev/null "http://127.0.0.1:$PROV_HTTP/prov/$F"
tap_check "the challenge is Digest, realm provisioning, qop auth" \
	grep -q 'WWW-Authenticate: Digest realm="provisioning", nonce="[^"]*", qop="auth"' \
	"$HSD_TMP/h"
tap_is "with the phones' credentials: 200" \
	"$(prov_fetch $F --digest -u 'phones:ph0nes!')" 200
tap_is "a wrong password: 401" \
	"$(prov_fetch $F --digest -u 'phones:wrong')" 401
tap_is "an unknown user: 401" \
	"$(prov_fetch $F --digest -u 'alice:ph0nes!')" 401
tap_is "the page itself needs no credentials (no http.admins)" \
	"$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PROV_HTTP/")" \
	200
tap_check "the failures are logged without the password" \
	sh -c 'grep -q "authentication failure for \"phones\"" "$1" &&
	       ! grep -qF "ph0nes!" "$1" && ! grep -qF d1g3st "$1"' sh "$HSD_LOG"
hsd_stop
tap_done
