# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers of the Handsets page tests (tests/protocol/http-*.sh), sourced
# after ../lib.sh: an http block for hsd_config, curl with this test's
# address, a raw-request client for what curl will not send, and the
# check that an answer carries the security headers.  Prefix: web_.

WEB_DIR=$PROTO_DIR/http

# web_setup: a free port for the page and HSD_CONF_EXTRA's http block;
# WEB_HTTP_EXTRA adds keys to the block (limits, TLS, admins).
web_setup()
{
	command -v curl >/dev/null || hsd_die "curl is installed"
	[ -n "${WEB_PORT:-}" ] ||
		WEB_PORT=$(hsd_free_port) || hsd_die "a free port for the page"
	WEB_URL=http://127.0.0.1:$WEB_PORT
	WEB_LISTEN=${WEB_LISTEN:-"\"http:127.0.0.1:$WEB_PORT\""}
	HSD_CONF_EXTRA="${HSD_CONF_EXTRA:-}
http = {
  listen = [ $WEB_LISTEN ];
  ${WEB_HTTP_EXTRA:-}
};"
}

# web_get NAME PATH [CURL_ARGS...]: GET into $HSD_TMP/NAME.{body,hdr};
# prints the status code.
web_get()
{
	_n=$1
	_p=$2
	shift 2
	curl -s -o "$HSD_TMP/$_n.body" -D "$HSD_TMP/$_n.hdr" \
		-w '%{http_code}' --max-time 10 "$@" "${WEB_BASE:-$WEB_URL}$_p"
}

# web_hdr NAME HEADER: the value of a response header (last answer).
web_hdr()
{
	awk -v h="$(printf '%s' "$2" | tr 'A-Z' 'a-z')" '
		/^HTTP\// { v = "" }
		{ sub(/\r$/, "") }
		index(tolower($0), h ":") == 1 { v = substr($0, length(h) + 2);
			sub(/^ +/, "", v) }
		END { print v }' "$HSD_TMP/$1.hdr"
}

# web_secure NAME: the answer carries every security header the page
# promises (a script-free CSP that forbids framing, nosniff, no referrer).
web_secure()
{
	_csp=$(web_hdr "$1" Content-Security-Policy)
	case $_csp in
	*"frame-ancestors 'none'"*) ;;
	*) return 1 ;;
	esac
	case $_csp in
	*unsafe-inline* | *unsafe-eval*) return 1 ;;
	esac
	[ "$(web_hdr "$1" X-Content-Type-Options)" = nosniff ] &&
		[ "$(web_hdr "$1" Referrer-Policy)" = no-referrer ]
}

# web_raw NAME [--tls] [--hold SECONDS] [--conns N]: sends stdin as is
# over one TCP connection and prints the status code of the answer (or
# "closed"); the answer in $HSD_TMP/NAME.raw.
web_raw()
{
	_n=$1
	shift
	/usr/bin/python3 "$WEB_DIR/rawhttp.py" --port "$WEB_PORT" \
		--out "$HSD_TMP/$_n.raw" "$@"
}

# web_log_has REGEX: the daemon logged it (a refusal says why).
web_log_has()
{
	hsd_wait_grep "$1" "$HSD_LOG" 3
}
