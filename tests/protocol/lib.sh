# SPDX-License-Identifier: GPL-2.0-only
#
# Shared helpers of the protocol tier, sourced by tests/protocol/*.sh (never
# run on its own).  Every test runs the real handsetd in the foreground on a
# free loopback port, with its own configuration, state directory and control
# socket under one temp directory, so tests can run side by side and leave
# nothing behind; sipp and the real clients then talk to it over loopback.
#
# Conventions: functions shared here carry an hsd_ (daemon, sipp) prefix;
# the result lines (tap_ok, tap_is, ...), waits and the daemon's launcher
# come from tests/lib (docs/DEVELOPING.md, "Helpers").  Everything a test
# creates lives under $HSD_TMP, which the EXIT trap removes after stopping
# every process the test started.

FXS_BUILD=${FXS_BUILD:-$PWD/build}
# A script elsewhere (bench/) names this directory before sourcing.
PROTO_DIR=${PROTO_DIR:-$(cd "$(dirname "$0")" && pwd)}
SIPP_DIR=$PROTO_DIR/sipp

FXS_TESTLIB=$(cd "$PROTO_DIR/../lib" && pwd)
# shellcheck source=../lib/tap.sh
. "$FXS_TESTLIB/tap.sh"
# The daemon's launcher: hsd_start, hsd_ctl, hsd_alive, hsd_stop,
# hsd_kill9, hsd_check_sanitizers (with the sanitizer settings).
# shellcheck source=../lib/handsetd.sh
. "$FXS_TESTLIB/handsetd.sh"

HSD_REALM=pbx.local
HSD_EXTRA_PIDS=

# hsd_die MESSAGE: a setup step failed, nothing after it can be checked.
hsd_die()
{
	tap_not_ok "$*"
	[ -n "${HSD_LOG:-}" ] && tap_file_note "$HSD_LOG" 30
	exit 1
}

hsd_cleanup()
{
	# TERM first: timeout passes it on to the sipp or client it runs.
	for _p in $HSD_EXTRA_PIDS; do
		kill -TERM "$_p" 2>/dev/null
	done
	[ -n "$HSD_EXTRA_PIDS" ] && sleep 0.5
	for _p in $HSD_EXTRA_PIDS $HSD_PID; do
		kill -KILL "$_p" 2>/dev/null
	done
	for _p in $HSD_EXTRA_PIDS $HSD_PID; do
		wait "$_p" 2>/dev/null
	done
	HSD_PID=
	HSD_EXTRA_PIDS=
	if [ -n "${HSD_TMP:-}" ] && [ -d "$HSD_TMP" ]; then
		if [ -n "${HSD_KEEP_TMP:-}" ]; then
			tap_note "kept $HSD_TMP"
		else
			rm -rf "$HSD_TMP"
		fi
	fi
}

# hsd_setup: the temp directory and the traps; call first.
hsd_setup()
{
	command -v sipp >/dev/null || hsd_die "sipp is installed"
	[ -x "$HSD_BIN" ] || hsd_die "handsetd is built ($HSD_BIN)"
	[ -x "$HSD_CTL_BIN" ] || hsd_die "handsetctl is built ($HSD_CTL_BIN)"
	HSD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/proto-tier.XXXXXX") ||
		hsd_die "temp directory"
	trap hsd_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	HSD_CONF=$HSD_TMP/handsetd.conf
	HSD_STATE=$HSD_TMP/state
	HSD_SOCK=$HSD_TMP/control
	HSD_LOG=$HSD_TMP/handsetd.log
	mkdir -p "$HSD_STATE"
	# Copies: build/ is shared, and a rebuild during the test must not
	# remove or swap the programs between two starts.
	cp "$HSD_BIN" "$HSD_TMP/handsetd" && cp "$HSD_CTL_BIN" "$HSD_TMP/handsetctl" ||
		hsd_die "copy handsetd and handsetctl"
	HSD_BIN=$HSD_TMP/handsetd
	HSD_CTL_BIN=$HSD_TMP/handsetctl
	HSD_PORT=$(hsd_free_port) || hsd_die "a free loopback port"
}

# hsd_free_port: a port free for both UDP and TCP on 127.0.0.1, since the
# daemon listens on both with one number.
hsd_free_port()
{
	python3 - <<'EOF'
import socket, sys
for _ in range(100):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0))
    port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
    except OSError:
        t.close()
        continue
    print(port)
    sys.exit(0)
sys.exit(1)
EOF
}

# hsd_handsets_bulk N [PREFIX]: N generic SIP handsets, login PREFIXn,
# password pwn, user ID 1000+n; for bursts and the benchmark.
hsd_handsets_bulk()
{
	awk -v n="$1" -v p="${2:-u}" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "  { user_id = \"%d\"; model = \"generic-sip\"; login = \"%s%d\"; password = \"pw%d\"; },\n", 10000 + i, p, i, i
	}'
}

# hsd_users_csv FILE "login;password;to-user"...: a sipp injection file,
# read in order so call N uses line N.  The password field becomes a whole
# [authentication] keyword: sipp 3.6 parses one injected whole, but not
# one with [fieldN] nested inside it.
hsd_users_csv()
{
	_f=$1
	shift
	echo SEQUENTIAL >"$_f"
	for _l in "$@"; do
		printf '%s\n' "$_l" | awk -F';' '{
			printf "%s;[authentication username=%s password=%s];%s\n",
				$1, $1, $2, $3 }' >>"$_f"
	done
}

# hsd_config: writes $HSD_CONF.  The standard handsets are always there;
# a test adds its own with HSD_CONF_HANDSETS (entries ending in ","),
# registration settings with HSD_CONF_REGISTRATION (HSD_CONF_EXPIRY
# replaces the expiry bounds: min 60, default 3600, max 7200), auth settings
# (nonce_lifetime, max_failures, ...) with HSD_CONF_AUTH and top-level
# settings with HSD_CONF_EXTRA; more listeners with HSD_CONF_LISTEN (entries
# after the UDP and TCP ones, each starting with ",") and more sip keys with
# HSD_CONF_SIP.
hsd_config()
{
	cat >"$HSD_CONF" <<EOF
# Written by tests/protocol/lib.sh for one test run.
sip = {
  listen = [ "udp:127.0.0.1:$HSD_PORT", "tcp:127.0.0.1:$HSD_PORT"
             ${HSD_CONF_LISTEN:-} ];
  realm = "$HSD_REALM";
  ${HSD_CONF_SIP:-}
};
registration = {
  ${HSD_CONF_EXPIRY:-min_expires = 60; default_expires = 3600; max_expires = 7200;}
  ${HSD_CONF_REGISTRATION:-}
};
auth = {
  ${HSD_CONF_AUTH:-}
};
state_dir = "$HSD_STATE";
control_socket = "$HSD_SOCK";
${HSD_CONF_EXTRA:-}
handsets = (
${HSD_CONF_HANDSETS:-}
  { user_id = "101"; model = "generic-sip"; login = "phone101"; password = "s3cret"; },
  { user_id = "102"; model = "yealink-t46"; login = "alice"; password = "x7!q";
    mac = "00:15:65:12:34:56"; },
  { user_id = "103"; model = "generic-sip"; login = "phone103"; password = "tr1ple"; }
);
EOF
	# The daemon warns about a password file others can read.
	chmod 600 "$HSD_CONF"
}

# hsd_json PYTHON_EXPR: evaluates an expression over `handsetctl list
# --json` (the document of userspace/common/handsets.schema.json, and only
# that one), parsed as d, with helpers handset(uid) (the SIP handset of
# that user ID, or {}), bindings(uid) (its contacts), registered(uid),
# expires_in(uid) (seconds left of its first contact) and expires_at(uid)
# (epoch seconds); prints the result (JSON unless a string).  A missing
# key is a KeyError, so the check fails: tests never fall back to a guess.
hsd_json()
{
	hsd_ctl list --json >"$HSD_TMP/list.json" 2>"$HSD_TMP/list.err" ||
		{ echo "handsetctl failed"; return 1; }
	python3 - "$HSD_TMP/list.json" "$1" <<'EOF'
import datetime, json, sys, time
d = json.load(open(sys.argv[1]))

def handset(uid):
    for h in d["sip_handsets"]:
        if h["user_id"] == str(uid):
            return h
    return {}

def bindings(uid):
    h = handset(uid)
    return h["contacts"] if h else []

def registered(uid):
    h = handset(uid)
    return bool(h) and h["registered"] is True

def expiry(uid):
    bs = bindings(uid)
    if not bs:
        return None
    return datetime.datetime.fromisoformat(bs[0]["expires"]).timestamp()

def expires_in(uid):
    """Seconds left of the handset's first contact."""
    t = expiry(uid)
    return None if t is None else round(t - time.time(), 1)

def expires_at(uid):
    """The first contact's expiry as seconds since the epoch."""
    t = expiry(uid)
    return None if t is None else round(t)

r = eval(sys.argv[2])
print(json.dumps(r) if not isinstance(r, str) else r)
EOF
}

# hsd_schema_check FILE: validates a JSON document (list or show) against
# handsets.schema.json with Debian's python3-jsonschema; prints the errors.
HSD_SCHEMA=$PROTO_DIR/../../userspace/common/handsets.schema.json
hsd_schema_check()
{
	/usr/bin/python3 - "$HSD_SCHEMA" "$1" <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
v = jsonschema.Draft202012Validator(
    schema, format_checker=jsonschema.FormatChecker())
errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errs:
    print("# %s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:300]))
sys.exit(1 if errs else 0)
EOF
}

# hsd_sipp NAME SCENARIO SIPP_ARGS...: one sipp run against the daemon from
# 127.0.0.1, its message trace, errors, <log> lines and statistics kept as
# $HSD_TMP/NAME.{msg,err,log,out}; returns sipp's status (0: every call
# went as the scenario says).  Bounded: $HSD_SIPP_TIMEOUT (30) s per run.
hsd_sipp()
{
	hsd_sipp_exec "$@"
	_rc=$?
	if [ $_rc -ne 0 ]; then
		tap_note "sipp $2 ($1) exited with status $_rc"
		[ -f "$HSD_TMP/$1.err" ] && tap_file_note "$HSD_TMP/$1.err" 12
	fi
	return $_rc
}

# hsd_sipp_bg NAME SCENARIO SIPP_ARGS...: the same in the background; its
# PID (that of timeout, which passes SIGTERM on to sipp) in HSD_SIPP_PID.
hsd_sipp_bg()
{
	hsd_sipp_exec "$@" &
	HSD_SIPP_PID=$!
	HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $HSD_SIPP_PID"
}

# In $HSD_TMP: sipp writes -trace_rtt and -trace_stat files in the current
# directory, named after the scenario.  A free local port unless the caller
# gives -p (the last -p wins): sipp's default, 5060, is shared by every
# test on the machine.  The subshell execs timeout, so the
# caller's $! is timeout itself.
hsd_sipp_exec()
{
	(
	_name=$1
	_sc=$2
	shift 2
	cd "$HSD_TMP" && exec timeout -k 5 "${HSD_SIPP_TIMEOUT:-30}" \
		sipp "${HSD_SIPP_HOST:-127.0.0.1}:$HSD_PORT" \
		-sf "$SIPP_DIR/$_sc.xml" -i "${HSD_SIPP_HOST:-127.0.0.1}" -nostdin -nd \
		-timeout "${HSD_SIPP_TIMEOUT:-30}" -timeout_error \
		-recv_timeout 5000 -max_recv_loops 1000 \
		-trace_msg -message_file "$HSD_TMP/$_name.msg" \
		-trace_err -error_file "$HSD_TMP/$_name.err" \
		-trace_logs -log_file "$HSD_TMP/$_name.log" \
		-p "$(hsd_free_port)" -m 1 "$@" \
		>"$HSD_TMP/$_name.out" 2>&1 </dev/null
	)
}

# hsd_responses NAME: every response sipp received in run NAME, one line
# each: "STATUS REASON|Header-Name,Header-Name,...".
hsd_responses()
{
	python3 "$PROTO_DIR/sipp-trace.py" responses "$HSD_TMP/$1.msg"
}

# hsd_last_status NAME: "CODE REASON" of the answer to the last request of
# run NAME: the first final response with the highest CSeq (later copies
# answer retransmissions sipp made when the daemon was slow).
hsd_last_status()
{
	python3 "$PROTO_DIR/sipp-trace.py" last-status "$HSD_TMP/$1.msg"
}

# hsd_last_code NAME: the status code alone.
hsd_last_code()
{
	hsd_last_status "$1" | cut -d' ' -f1
}

# hsd_header NAME HEADER [N]: the value of HEADER (case-insensitive) in the
# Nth response received in run NAME (default: the last).
hsd_header()
{
	python3 "$PROTO_DIR/sipp-trace.py" header "$HSD_TMP/$1.msg" "$2" \
		"${3:-0}"
}

# hsd_md5 STRING: lower-case hex MD5, for digest responses built by hand
# (sipp always answers with qop when offered, and counts nc by itself).
hsd_md5()
{
	printf '%s' "$1" | md5sum | cut -d' ' -f1
}

# hsd_challenge NAME LOGIN LOCAL_PORT: fetches a fresh challenge as that
# login from that port; sets NONCE, OPAQUE (may be empty), REALM.
hsd_challenge()
{
	hsd_users_csv "$HSD_TMP/$1.csv" "$2;-;$2"
	hsd_sipp "$1" register-challenge -inf "$HSD_TMP/$1.csv" -p "$3" ||
		return 1
	_www=$(hsd_header "$1" WWW-Authenticate)
	NONCE=$(printf '%s' "$_www" | sed -n 's/.*[ ,]nonce="\([^"]*\)".*/\1/p')
	OPAQUE=$(printf '%s' "$_www" | sed -n 's/.*[ ,]opaque="\([^"]*\)".*/\1/p')
	REALM=$(printf '%s' "$_www" | sed -n 's/.*realm="\([^"]*\)".*/\1/p')
	[ -n "$NONCE" ] && [ -n "$REALM" ]
}

# hsd_digest LOGIN PASSWORD URI [NC CNONCE]: an Authorization value for a
# REGISTER answering $NONCE: with qop=auth when NC is given (RFC 2617),
# without qop otherwise (RFC 2069, the old phones).
hsd_digest()
{
	_ha1=$(hsd_md5 "$1:$REALM:$2")
	_ha2=$(hsd_md5 "REGISTER:$3")
	_op=
	[ -n "$OPAQUE" ] && _op=", opaque=\"$OPAQUE\""
	if [ -n "${4:-}" ]; then
		_resp=$(hsd_md5 "$_ha1:$NONCE:$4:$5:auth:$_ha2")
		printf 'Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=MD5, qop=auth, nc=%s, cnonce="%s"%s' \
			"$1" "$REALM" "$NONCE" "$3" "$_resp" "$4" "$5" "$_op"
	else
		_resp=$(hsd_md5 "$_ha1:$NONCE:$_ha2")
		printf 'Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=MD5%s' \
			"$1" "$REALM" "$NONCE" "$3" "$_resp" "$_op"
	fi
}

# hsd_probe NAME LOGIN PASSWORD TO_USER [KEY=VALUE...] [-- SIPP_ARGS...]:
# one run of the register-probe scenario (or of $HSD_PROBE_SCENARIO, made
# from it) with its keys defaulted to a well-formed REGISTER (Expires 600,
# contact <sip:LOGIN@127.0.0.1:5999>); the test overrides the keys its rule
# is about.  The status line is then hsd_last_status NAME.
hsd_probe()
{
	_n=$1
	hsd_users_csv "$HSD_TMP/$_n.csv" "$2;$3;$4"
	_login=$2
	shift 4
	# Not "cseq": sipp's own [cseq] keyword would shadow the key.
	p_seqa=1
	p_seqb=2
	p_cseqmethod=REGISTER
	p_contact="<sip:$_login@127.0.0.1:5999>"
	p_exphdr="Expires: 600"
	p_extra="X-Test: probe"
	p_ua="sipp-handsetd-test"
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_k=${1%%=*}
		_v=${1#*=}
		eval "p_$_k=\$_v"
		shift
	done
	[ "${1:-}" = -- ] && shift
	hsd_sipp "$_n" "${HSD_PROBE_SCENARIO:-register-probe}" \
		-inf "$HSD_TMP/$_n.csv" \
		-key seqa "$p_seqa" -key seqb "$p_seqb" \
		-key cseqmethod "$p_cseqmethod" -key contact "$p_contact" \
		-key exphdr "$p_exphdr" -key extra "$p_extra" -key ua "$p_ua" "$@"
}

# hsd_register NAME LOGIN PASSWORD [TO_USER [EXPIRES]] [-- SIPP_ARGS...]:
# a complete, checked registration (the register scenario).
hsd_register()
{
	_n=$1
	_l=$2
	_p=$3
	shift 3
	_to=$_l
	_exp=600
	if [ $# -gt 0 ] && [ "$1" != -- ]; then
		_to=$1
		shift
	fi
	if [ $# -gt 0 ] && [ "$1" != -- ]; then
		_exp=$1
		shift
	fi
	[ "${1:-}" = -- ] && shift
	hsd_users_csv "$HSD_TMP/$_n.csv" "$_l;$_p;$_to"
	hsd_sipp "$_n" register -inf "$HSD_TMP/$_n.csv" -key expires "$_exp" "$@"
}

# hsd_json_true EXPR: hsd_json prints true.
hsd_json_true()
{
	[ "$(hsd_json "$1" 2>/dev/null)" = true ]
}

# hsd_wait_json EXPR [SECONDS]: polls hsd_json until EXPR prints true
# (a real client registers on its own schedule); bounded, default 10 s.
hsd_wait_json()
{
	wait_for "${2:-10}" hsd_json_true "$1"
}

# hsd_client_start NAME COMMAND...: runs a client with its stdin on a FIFO
# held open as fd 3 (so it keeps reading until told to quit) and its output
# in $HSD_TMP/NAME.out; bounded by 60 s.  One client per test at a time.
hsd_client_start()
{
	_n=$1
	shift
	rm -f "$HSD_TMP/$_n.in"
	mkfifo "$HSD_TMP/$_n.in"
	timeout -k 5 60 "$@" <"$HSD_TMP/$_n.in" >"$HSD_TMP/$_n.out" 2>&1 &
	HSD_CLIENT_PID=$!
	HSD_EXTRA_PIDS="$HSD_EXTRA_PIDS $HSD_CLIENT_PID"
	exec 3>"$HSD_TMP/$_n.in"
}

hsd_client_gone()
{
	! kill -0 "$HSD_CLIENT_PID" 2>/dev/null
}

# hsd_client_say LINE: one command line to the client.
hsd_client_say()
{
	printf '%s\n' "$1" >&3
}

# hsd_client_stop [SECONDS]: closes its stdin and waits for it to exit
# (default 10 s), then kills it; returns its exit status.
hsd_client_stop()
{
	exec 3>&-
	wait_for "${1:-10}" hsd_client_gone
	kill -KILL "$HSD_CLIENT_PID" 2>/dev/null
	wait "$HSD_CLIENT_PID"
}

# hsd_wait_grep PATTERN FILE [SECONDS]: waits for an extended regexp to
# appear in a growing file; bounded, default 10 s.
hsd_wait_grep()
{
	wait_grep "${3:-10}" 1 "$2" "$1"
}
