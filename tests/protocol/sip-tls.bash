# SPDX-License-Identifier: GPL-2.0-only
#
# SIP over TLS for the protocol tests (sourced after lib.sh; not a test
# itself: the runner only runs *.sh): test certificates made by openssl at
# test time, a tls: listener in the daemon's configuration, what a TLS
# client is served, and a headless linphonec that talks TLS.

# tls_cert NAME CN: a self-signed certificate for CN (a host name; valid
# for 127.0.0.1 and localhost too) as $HSD_TMP/NAME.crt and its key as
# $HSD_TMP/NAME.key (0600), valid for two days.  Extra openssl req
# arguments in TLS_CERT_ARGS (another key type, say).
tls_cert()
{
	# shellcheck disable=SC2086
	openssl req -x509 -nodes -days 2 -subj "/CN=$2" \
		${TLS_CERT_ARGS:--newkey rsa:2048} \
		-addext "subjectAltName=DNS:$2,DNS:localhost,IP:127.0.0.1" \
		-keyout "$HSD_TMP/$1.key" -out "$HSD_TMP/$1.crt" \
		>"$HSD_TMP/$1.openssl" 2>&1 || return 1
	chmod 600 "$HSD_TMP/$1.key"
}

# tls_setup [CERT]: a free port for TLS and the configuration keys for a
# tls: listener there with certificate CERT (default "server", made here
# when missing), for hsd_config.  Sets TLS_PORT.
tls_setup()
{
	_c=${1:-server}
	command -v openssl >/dev/null || hsd_die "openssl is installed"
	[ -f "$HSD_TMP/$_c.crt" ] || tls_cert "$_c" sip.pbx.test ||
		hsd_die "a test certificate (openssl)"
	TLS_PORT=$(hsd_free_port) || hsd_die "a free port for TLS"
	HSD_CONF_LISTEN=", \"tls:127.0.0.1:$TLS_PORT\""
	HSD_CONF_SIP="certificate = \"$HSD_TMP/$_c.crt\";
  key = \"$HSD_TMP/$_c.key\";"
}

# tls_client NAME [s_client options]: one TLS handshake with the daemon's
# TLS port (nothing sent after it); openssl's output in $HSD_TMP/NAME.tls,
# its status returned (0: the handshake completed).
tls_client()
{
	_n=$1
	shift
	timeout 10 openssl s_client -connect "127.0.0.1:$TLS_PORT" \
		-verify_return_error "$@" </dev/null >"$HSD_TMP/$_n.tls" 2>&1
}

# tls_served_subject: the subject of the certificate the daemon serves
# now, as openssl prints it ("CN = ...").
tls_served_subject()
{
	timeout 10 openssl s_client -connect "127.0.0.1:$TLS_PORT" \
		</dev/null 2>/dev/null | openssl x509 -noout -subject \
		2>/dev/null | sed 's/^subject=//'
}

# tls_linphonerc HOME CA: a linphonec home with TLS (and plain SIP) on
# free loopback ports that trusts the certificates in file CA and checks
# the server's name, as linphone does by default.
tls_linphonerc()
{
	mkdir -p "$1/.local/share/linphone"
	cat >"$1/linphonerc" <<CFG
[sip]
sip_port=$(hsd_free_port)
sip_tcp_port=0
sip_tls_port=$(hsd_free_port)
bind_address=127.0.0.1
root_ca=$2
verify_server_certs=1
verify_server_cn=1
[rtp]
audio_rtp_port=$(hsd_free_port)
CFG
}
