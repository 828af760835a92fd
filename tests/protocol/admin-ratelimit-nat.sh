#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# An office behind one NAT (issue 15 section 2): ten phones register from
# one address, one of them with a wrong password.  Without an exemption
# the address is blocked and the nine good phones are locked out with the
# bad one (the problem, shown first so the test can fail).  With the
# address in ratelimit.exempt, and again with it in sip.trusted only, the
# failing phone's Login ID is blocked at that address and it is refused,
# while the nine others keep registering in every round.

. "$(dirname "$0")/lib.sh"

hsd_setup
HSD_CONF_AUTH="max_failures = 3; failure_window = 600; block_time = 300;"
HSD_CONF_HANDSETS=$(hsd_handsets_bulk 10 office)
hsd_config
cp "$HSD_CONF" "$HSD_TMP/base.conf"
hsd_start || hsd_die "handsetd starts with ten office phones"
tap_ok "handsetd starts with ten office phones (office1..office10)"

# round NAME: each phone registers once from 127.0.0.1 (the NAT address),
# all in one sipp run, office10 with a wrong password; prints
# "GOOD_200s GOOD_403s BAD_CODE".
round()
{
	_l=
	for i in 1 2 3 4 5 6 7 8 9; do
		_l="$_l office$i;pw$i;office$i"
	done
	# shellcheck disable=SC2086
	hsd_users_csv "$HSD_TMP/$1.csv" $_l "office10;wrong;office10"
	hsd_sipp "$1" register-probe -inf "$HSD_TMP/$1.csv" -m 10 \
		-key seqa 1 -key seqb 2 -key cseqmethod REGISTER \
		-key contact "<sip:office@192.0.2.1:5060>" \
		-key exphdr "Expires: 600" -key extra "X-Test: nat" \
		-key ua "sipp-office" >/dev/null 2>&1
	python3 "$PROTO_DIR/sipp-trace.py" final-by-to "$HSD_TMP/$1.msg" |
		awk '$1 == "office10" { bad = $2; next }
		     $2 == 200 { ok++ } $2 == 403 { no++ }
		     END { printf "%d %d %s\n", ok, no, bad }'
}

# reconfigure LINE_AFTER_REALM RATELIMIT_BLOCK: the base file plus these.
reconfigure()
{
	sed "s|^  realm = .*|&\n  $1|" "$HSD_TMP/base.conf" >"$HSD_CONF"
	printf '%s\n' "$2" >>"$HSD_CONF"
	hsd_ctl reload >"$HSD_TMP/reload.out" 2>&1 ||
		tap_file_note "$HSD_TMP/reload.out"
}

# A. No exemption: by the fourth round the address itself is blocked.
for r in 1 2 3 4; do
	res=$(round "a$r")
	tap_note "no exemption, round $r: good 200s, good 403s, bad: $res"
done
tap_is "without an exemption the nine good phones are locked out too" \
	"$res" "0 9 403"
tap_check "handsetctl blocked lists the NAT address itself" \
	sh -c '"$@" | grep -Eq "^127\.0\.0\.1 +- "' - "$HSD_CTL_BIN" \
	-s "$HSD_SOCK" blocked

# B. ratelimit.exempt: only office10 is refused.
reconfigure "" 'ratelimit = { exempt = [ "127.0.0.0/8" ]; };'
hsd_ctl unblock 127.0.0.1 >/dev/null
all=
for r in 1 2 3 4; do
	res=$(round "b$r")
	tap_note "exempt, round $r: $res"
	all="$all $res"
done
tap_is "with ratelimit.exempt: 9 good phones register in all four rounds" \
	"$all" " 9 0 401 9 0 401 9 0 401 9 0 403"
hsd_ctl blocked >"$HSD_TMP/blocked-b.txt"
tap_file_note "$HSD_TMP/blocked-b.txt"
tap_check "blocked lists office10 at 127.0.0.1" \
	grep -Eq '^127\.0\.0\.1 +office10 ' "$HSD_TMP/blocked-b.txt"
tap_check "but not the exempt address itself" \
	sh -c '! grep -Eq "^127\.0\.0\.1 +- " "$1"' - "$HSD_TMP/blocked-b.txt"
tap_check "failures from the exempt address are logged as such" \
	grep -q 'authentication failure for "office10" from 127.0.0.1 (wrong credentials; exempt address)' \
	"$HSD_LOG"
tap_check "the block of the Login ID is logged" \
	grep -q 'blocking login "office10" at 127.0.0.1 for 300 s' "$HSD_LOG"

# C. sip.trusted alone exempts as well.
reconfigure 'trusted = [ "127.0.0.1" ];' ''
hsd_ctl unblock office10 >/dev/null
all=
for r in 1 2 3 4; do
	res=$(round "c$r")
	tap_note "trusted, round $r: $res"
	all="$all $res"
done
tap_is "with sip.trusted: 9 good phones register in all four rounds" \
	"$all" " 9 0 401 9 0 401 9 0 401 9 0 403"

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
