#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Every configuration error of issue 3 section 2, through the real program:
# "handsetd -n -f FILE" must exit non-zero and name the file and line of
# each problem (both places for a clash); warnings must not fail a valid
# file.  No daemon runs: -n only validates.

. "$(dirname "$0")/lib.sh"

HSD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/config-check.XXXXXX") ||
	{ echo "not ok - temp directory"; exit 1; }
trap 'rm -rf "$HSD_TMP"' EXIT
C=$HSD_TMP/handsetd.conf

# Three lines every file starts with; line numbers below count from them.
head_conf()
{
	printf '%s\n' \
		'sip = { listen = [ "udp:127.0.0.1:5060" ]; realm = "pbx.local"; };' \
		"state_dir = \"$HSD_TMP/state\";" \
		"control_socket = \"$HSD_TMP/control\";"
}

# conf LINE...: the file, the three head lines, then the given lines.
conf()
{
	{ head_conf; printf '%s\n' "$@"; } >"$C"
	chmod 600 "$C"
}

# check DESCRIPTION WANT_STATUS PATTERN...: -n's status is 0 (WANT_STATUS
# ok) or not (bad), and every pattern is in its output.
check()
{
	_d=$1
	_want=$2
	shift 2
	"$HSD_BIN" -n -f "$C" >"$HSD_TMP/out" 2>&1
	_rc=$?
	_ok=1
	if [ "$_want" = ok ]; then
		[ $_rc -eq 0 ] || _ok=0
	else
		[ $_rc -ne 0 ] || _ok=0
	fi
	for _p in "$@"; do
		grep -Fq -- "$_p" "$HSD_TMP/out" || _ok=0
	done
	if [ $_ok = 1 ]; then
		tap_ok "$_d"
	else
		tap_not_ok "$_d"
		tap_note "exit status $_rc; wanted $_want and: $*"
		tap_file_note "$HSD_TMP/out"
	fi
}

conf 'registration = { min_expires = 60; default_expires = 3600; max_expires = 7200; };' \
	'analog = { inside_ports = "builtin"; user_ids = "200-299"; };' \
	'handsets = (' \
	'  { user_id = "101"; model = "generic-sip"; login = "phone101"; password = "s3cret"; },' \
	'  { user_id = "102"; model = "yealink-t46"; login = "alice"; password = "x7!q";' \
	'    mac = "00:15:65:12:34:56"; },' \
	'  { user_id = "120"; model = "analog"; port = "fxs0"; }' \
	');'
check "the INTERFACES.md example passes -n" ok \
	"configuration OK, 3 handset(s)"

conf 'handsets = (' \
	'  { user_id = "101"; model = "generic-sip"; login = "bob"; password = "a"; },' \
	'  { user_id = "102"; model = "generic-sip";' \
	'    login = "bob"; password = "b"; }' \
	');'
check "duplicate Login ID: the exact message with both places" bad \
	"$C:7: cannot use the same Login ID on multiple phones" "$C:5"

conf 'handsets = (' \
	'  { user_id = "101"; model = "generic-sip"; login = "a"; password = "a"; },' \
	'  { user_id = "101"; model = "generic-sip"; login = "b"; password = "b"; }' \
	');'
check "duplicate user ID names both places" bad \
	"$C:6: duplicate user ID \"101\"" "$C:5"

conf 'handsets = (' \
	'  { user_id = "1"; model = "yealink-t46"; login = "a"; password = "a";' \
	'    mac = "00-15-65-12-34-56"; },' \
	'  { user_id = "2"; model = "yealink-t46"; login = "b"; password = "b";' \
	'    mac = "001565123456"; }' \
	');'
check "duplicate MAC in two spellings names both places" bad \
	"$C:8: duplicate MAC address 00:15:65:12:34:56" "$C:6"

conf 'handsets = (' \
	'  { user_id = "1"; model = "yealink-t46"; login = "a"; password = "a";' \
	'    mac = "00:15:65:12:34:5G"; }' \
	');'
check "malformed MAC with its line" bad "$C:6:" "malformed MAC address"

conf 'handsets = (' \
	'  { user_id = "1"; model = "generic-sip"; login = "a"; }' \
	');'
check "SIP handset without password" bad "$C:5:" "needs a password"

conf 'handsets = (' \
	'  { user_id = "1"; model = "snom-d785"; login = "a"; password = "a"; }' \
	');'
check "vendor model without MAC" bad "$C:5:" "provisioned by MAC"

conf 'handsets = (' \
	'  { user_id = "1"; model = "nokia-3310"; login = "a"; password = "a"; }' \
	');'
check "unknown model" bad "$C:5:" "unknown model \"nokia-3310\""

conf 'http = { listen = [ "http:127.0.0.1:8080" ]; };' \
	'provisioning = {' \
	'  time_zone = "Europe/Berln"; };'
check "provisioning.time_zone not in the tz database" bad "$C:6:" \
	'no time zone "Europe/Berln"'
conf 'http = { listen = [ "http:127.0.0.1:8080" ]; };' \
	'provisioning = { time_zone = "Australia/Sydney"; };'
check "provisioning.time_zone of the tz database passes" ok

conf 'registration = { min_expires = 600; default_expires = 3600;' \
	'  max_expires = 300; };'
check "min_expires above max_expires" bad "$C:4:" "greater than max_expires"

conf 'registration = {' \
	'  max_expires = 99999999; };'
check "max_expires out of range" bad "$C:5:" "out of range"

conf 'registration = { default_expires = 10; };'
check "default_expires below min_expires" bad "$C:4:" "default_expires (10)"

conf 'handsets = (' \
	'  { user_id = "120"; model = "analog"; port = "fxs0"; },' \
	'  { user_id = "121"; model = "analog"; port = "fxs0"; }' \
	');'
check "two handsets on one analog port names both places" bad \
	"$C:6: two handsets on port" "$C:5"

conf 'analog = { inside_ports = "everything"; user_ids = "299-200"; };'
check "analog inside_ports and user_ids validated" bad \
	"inside_ports must be" "user_ids must be a range"

conf 'handsets = (' \
	'  { user_id = "1"; model = "generic-sip"; login = "a"; password = "a" }' \
	'  { user_id = "2"; model = "generic-sip"; login = "b"; password = "b"; }' \
	');'
check "syntax error named with file and line" bad "$C:6: syntax error"

conf 'handsets = (' \
	'  { user_id = "1"; model = "generic-sip"; login = "a"; password = "a"; },' \
	'  { user_id = "1"; model = "bogus"; login = "a"; }' \
	');'
"$HSD_BIN" -n -f "$C" >"$HSD_TMP/out" 2>&1
tap_is "-n lists every error, not only the first" \
	"$(grep -c "^$C:[0-9]*: " "$HSD_TMP/out")" 3

conf 'flavour = "vanilla";' \
	'handsets = (' \
	'  { user_id = "1"; model = "generic-sip"; login = "a";' \
	'    ha1 = "0123456789abcdef0123456789abcdef"; colour = "red"; }' \
	');'
check "unknown keys are warnings, not errors; ha1 accepted" ok \
	"$C:4: warning: unknown key \"flavour\"" \
	"$C:7: warning: unknown key \"colour\""

chmod 644 "$C"
check "a file with passwords readable by others is warned about" ok \
	"readable by other users"

# sip.max_tcp_*: a file of its own, as the head's sip group has no TCP
# listener.  Line 3 is the first key given.
tcp_conf()
{
	printf '%s\n' 'sip = {' \
		'  listen = [ "udp:127.0.0.1:5060", "tcp:127.0.0.1:5060" ];' \
		"$@" '};' \
		"state_dir = \"$HSD_TMP/state\";" \
		"control_socket = \"$HSD_TMP/control\";" >"$C"
	chmod 600 "$C"
}

tcp_conf '  max_tcp_per_address = 3;' '  max_tcp_connections = 100;'
check "sip.max_tcp_per_address and max_tcp_connections pass" ok \
	"configuration OK"

tcp_conf '  max_tcp_per_address = 0;'
check "sip.max_tcp_per_address = 0: error with file and line" bad \
	"$C:3: sip: max_tcp_per_address = 0 is out of range (1 to 131072)"

tcp_conf '  max_tcp_per_address = 4;' '  max_tcp_connections = 200000;'
check "sip.max_tcp_connections above its range: error with its line" bad \
	"$C:4: sip: max_tcp_connections = 200000 is out of range (1 to 131072)"

# Above what the open-file limit leaves: a warning naming it, not an
# error (the limit is the process's; the unit's LimitNOFILE= is larger).
printf '#!/bin/sh\nulimit -S -n 1024 && exec "%s" "$@"\n' "$HSD_BIN" \
	>"$HSD_TMP/nofile1024"
chmod +x "$HSD_TMP/nofile1024"
tcp_conf '  max_tcp_connections = 5000;'
_bin=$HSD_BIN
HSD_BIN=$HSD_TMP/nofile1024
check "sip.max_tcp_connections above the open-file limit: a warning" ok \
	"$C:3: warning: sip: max_tcp_connections = 5000 is more than the open-file limit of 1024 leaves for SIP connections once handsetd has 64 for itself: 960 apply (raise LimitNOFILE= in the unit for more)" \
	"configuration OK"
HSD_BIN=$_bin

rm -f "$HSD_TMP/missing.conf"
"$HSD_BIN" -n -f "$HSD_TMP/missing.conf" >"$HSD_TMP/out" 2>&1
_rc=$?
tap_check "a missing -f file is an error that names it" \
	sh -c "[ $_rc -ne 0 ] && grep -q 'missing.conf' '$HSD_TMP/out'"

tap_summary
