# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by tests/protocol/prov-*.sh (sourced, never run on its own): the
# protocol tier's lib.sh, run inside a network namespace of its own whose
# loopback carries multicast, so the emulated phone's PnP SUBSCRIBE to
# 224.0.1.75:5060 reaches handsetd and no other daemon on the machine (and
# tests running side by side each have their own group).  Needs root for
# `unshare -n`, as the rest of the tier runs.

if [ -z "${PROV_NETNS:-}" ]; then
	command -v unshare >/dev/null && command -v ip >/dev/null || {
		echo "not ok - unshare and ip (util-linux, iproute2) are installed"
		exit 1
	}
	PROV_NETNS=1 exec unshare -n -- sh -c '
		ip link set lo up && ip link set lo multicast on &&
		ip route add 224.0.0.0/4 dev lo || {
			echo "not ok - a network namespace with multicast on loopback"
			exit 1
		}
		exec "$0" "$@"' "$0" "$@"
fi

PROV_PROTO=$(cd "$(dirname "$0")" && pwd)
PROV_TOP=$(cd "$PROV_PROTO/../.." && pwd)
PROV_PHONE=$PROV_PROTO/prov/phone.py
. "$PROV_PROTO/lib.sh"

# prov_config [PROVISIONING_KEYS]: hsd_config with the page on a free
# port ($PROV_HTTP) and a provisioning block using the repository's
# templates; HSD_CONF_HANDSETS as for hsd_config.
prov_config()
{
	PROV_HTTP=${PROV_HTTP:-$(hsd_free_port)} || hsd_die "a free port"
	HSD_CONF_EXTRA="http = { listen = [ \"http:127.0.0.1:$PROV_HTTP\" ]; };
provisioning = {
  templates = [ \"$PROV_TOP/userspace/prov\" ];
  ${1:-pnp = true;}
};"
	hsd_config
}

# prov_phone NAME ARGS...: the emulated phone (prov/phone.py ARGS); its
# result lines are passed on prefixed with NAME, its account line kept in
# $HSD_TMP/NAME.account; returns its status.
prov_phone()
{
	_pn=$1
	shift
	timeout -k 5 60 python3 "$PROV_PHONE" "$@" >"$HSD_TMP/$_pn.out" 2>&1
	_rc=$?
	sed -n "s/^\(not \)\{0,1\}ok - /&$_pn: /p; s/^# /# $_pn: /p" \
		"$HSD_TMP/$_pn.out"
	sed -n 's/^account //p' "$HSD_TMP/$_pn.out" >"$HSD_TMP/$_pn.account"
	grep -v '^\(not \)\{0,1\}ok - \|^# \|^account ' "$HSD_TMP/$_pn.out" |
		sed 's/^/# /'
	return $_rc
}

# prov_account NAME KEY: one field of the account the phone read.
prov_account()
{
	python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$HSD_TMP/$1.account" "$2" \
		2>/dev/null
}

# prov_fetch PATH [CURL_OPTIONS]: the HTTP status of GET /prov/PATH; the
# body is kept in $HSD_TMP/fetched.
prov_fetch()
{
	_p=$1
	shift
	curl -s -o "$HSD_TMP/fetched" -w '%{http_code}' --path-as-is \
		--max-time 10 "$@" "http://127.0.0.1:$PROV_HTTP/prov/$_p"
}

# prov_story TEXT: under `make demo` (FXS_DEMO=1), a line of the story and
# the Handsets list as handsetctl prints it; otherwise nothing.
prov_story()
{
	[ -n "${FXS_DEMO:-}" ] || return 0
	printf '\n==> %s\n' "$*"
	hsd_ctl list 2>&1 | sed -n '1,/^Analog Handsets/p' | sed '$d'
}
