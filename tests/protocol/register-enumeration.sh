#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# No enumeration (issue 3 section 3): whoever probes the registrar must not
# learn which logins exist.  An unknown user's challenge is the challenge a
# known one gets; an unknown user's credentials get exactly the answer a
# known user's wrong password gets: same status, reason, header set, digest
# parameters, and a response time of the same order.

. "$(dirname "$0")/lib.sh"

hsd_setup
# Failures are what this test sends: keep the rate limit out of the way.
HSD_CONF_AUTH="max_failures = 100000;"
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

# The names of the parameters of the last WWW-Authenticate of run $1, sorted
# (the nonce's value differs by design, its presence must not).
auth_params()
{
	hsd_header "$1" WWW-Authenticate |
		sed 's/^Digest //; s/"[^"]*"//g' | tr ',' '\n' |
		sed 's/=.*//; s/ //g' | sort | tr '\n' ' '
}
# The value of one digest parameter, quotes removed.
auth_param()
{
	hsd_header "$1" WWW-Authenticate |
		sed -n "s/.*[ ,]$2=\"\{0,1\}\([^\",]*\).*/\1/p"
}

# 1. The challenge to a first REGISTER without credentials.
hsd_challenge ch-known phone101 "$(hsd_free_port)" ||
	tap_note "no challenge for a known login"
hsd_challenge ch-unknown nosuchlogin "$(hsd_free_port)" ||
	tap_note "no challenge for an unknown login"
tap_is "challenge: unknown login gets the known one's status and header set" \
	"$(hsd_responses ch-unknown | tail -n 1)" \
	"$(hsd_responses ch-known | tail -n 1)"
tap_is "challenge: same digest parameters (realm, qop, algorithm, ...)" \
	"$(auth_params ch-unknown)" "$(auth_params ch-known)"
for p in realm qop algorithm; do
	tap_is "challenge: same $p" "$(auth_param ch-unknown $p)" \
		"$(auth_param ch-known $p)"
done

# 2. The answer to credentials: an unknown login, a known login with a
# wrong password, several times each for the timing.
N=15
for run in "wrong phone101" "unknown nosuchlogin"; do
	set -- $run
	hsd_probe "$1" "$2" not-the-password "$2" -- -m $N -trace_shortmsg
	mv "$HSD_TMP"/register-probe_*_shortmessages.log "$HSD_TMP/$1.short" \
		2>/dev/null
done
w=$(hsd_last_status wrong)
u=$(hsd_last_status unknown)
case $w in
2*) tap_not_ok "a wrong password is refused (got '$w')" ;;
"") tap_not_ok "a wrong password gets an answer (got none)" ;;
*) tap_ok "a wrong password is refused ($w)" ;;
esac
tap_is "credentials: unknown login gets the wrong password's status and reason" \
	"$u" "$w"
tap_is "credentials: same header set" \
	"$(hsd_responses unknown | tail -n 1 | cut -d'|' -f2)" \
	"$(hsd_responses wrong | tail -n 1 | cut -d'|' -f2)"
tap_is "credentials: same digest parameters in the new challenge, if any" \
	"$(auth_params unknown)" "$(auth_params wrong)"
tap_is "all $N exchanges: the same distinct responses for both" \
	"$(hsd_responses unknown | sort -u | tr '\n' ' ')" \
	"$(hsd_responses wrong | sort -u | tr '\n' ' ')"

# Response times (ms) of the authenticated request (CSeq 2), from sipp's
# short message traces (microseconds; its rtd counts whole milliseconds):
# the medians must be of one order; a tarpit for known logins only, or a
# slow password check skipped for unknown ones, would show here.
median()
{
	python3 - "$HSD_TMP/$1.short" <<'EOF'
import sys
sent, took = {}, []
try:
    lines = open(sys.argv[1], errors="replace").read().splitlines()
except OSError:
    sys.exit(0)
for line in lines:
    p = line.split("\t")
    if len(p) < 7 or not p[5].startswith("CSeq:2 "):
        continue
    t, way, cid = float(p[2]), p[3], p[4]
    if way == "S" and cid not in sent:
        sent[cid] = t
    elif way == "R" and cid in sent and not p[6].startswith("SIP/2.0 1"):
        took.append((t - sent.pop(cid)) * 1000)
took.sort()
if took:
    print("%.3f" % took[(len(took) - 1) // 2])
EOF
}
mw=$(median wrong)
mu=$(median unknown)
tap_note "median response time: wrong password ${mw:-?} ms, unknown login ${mu:-?} ms"
if [ -n "$mw" ] && [ -n "$mu" ]; then
	tap_check "response times comparable (|difference| <= 2 ms + half the larger)" \
		awk -v a="$mw" -v b="$mu" 'BEGIN {
			d = a - b; if (d < 0) d = -d
			m = a > b ? a : b
			exit !(d <= 2 + m / 2) }'
else
	tap_not_ok "response times of both runs measured (sipp -trace_rtt)"
fi

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
