#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# "udp:0.0.0.0:5060": every address of the box.  libre binds a SIP
# transport to one address (sip_transp_add() refuses the unspecified one),
# so handsetd opens one per address it finds at start; the starting
# configuration the package installs listens this way, and once could not
# start at all ("cannot listen on UDP:0.0.0.0:5060: Invalid argument").
# In a network namespace of its own whose loopback also carries 192.0.2.1
# (this machine's kernel has no dummy or veth links to add); phones
# register through each address.

if [ -z "${LISTEN_NETNS:-}" ]; then
	LISTEN_NETNS=1 exec unshare -n -- sh -c '
		ip link set lo up && ip addr add 192.0.2.1/32 dev lo || {
			echo "not ok - a network namespace with a second address"
			exit 1
		}
		exec "$0" "$@"' "$0" "$@"
fi

. "$(dirname "$0")/lib.sh"

hsd_setup
hsd_config
sed -i "s|\"udp:127.0.0.1:$HSD_PORT\", \"tcp:127.0.0.1:$HSD_PORT\"|\"udp:0.0.0.0:$HSD_PORT\", \"tcp:0.0.0.0:$HSD_PORT\"|" "$HSD_CONF"
grep -q "udp:0.0.0.0:$HSD_PORT" "$HSD_CONF" || hsd_die "the configuration listens on 0.0.0.0"
hsd_start || hsd_die "handsetd starts listening on 0.0.0.0"
tap_ok "handsetd starts listening on 0.0.0.0"
for a in UDP:127.0.0.1 UDP:192.0.2.1 TCP:127.0.0.1 TCP:192.0.2.1; do
	tap_check "it listens on $a:$HSD_PORT" \
		grep -q "listening on $a:$HSD_PORT\$" "$HSD_LOG"
done
tap_check "no unspecified transport" \
	sh -c '! grep -q "listening on .*:0\.0\.0\.0:" "$1"' sh "$HSD_LOG"

hsd_register lo phone101 s3cret
tap_is "a phone registers through 127.0.0.1" "$?" 0
HSD_SIPP_HOST=192.0.2.1 hsd_register d0 phone103 tr1ple
tap_is "a phone registers through 192.0.2.1" "$?" 0
tap_is "the list shows it from 192.0.2.1" \
	"$(hsd_json 'bindings("103")[0]["source"].split(":")[0]')" 192.0.2.1
hsd_stop

# The starting configuration the package installs (userspace/handsetd.conf),
# with this run's port and directories: it starts and listens.
sed -e "s|:5060\"|:$HSD_PORT\"|g" -e "s|\"/var/lib/handsetd\"|\"$HSD_STATE\"|" \
	-e "s|\"/run/handsetd/control\"|\"$HSD_SOCK\"|" \
	"$PROTO_DIR/../../userspace/handsetd.conf" >"$HSD_CONF"
: >"$HSD_LOG"
hsd_start || hsd_die "the installed starting configuration starts"
tap_ok "the installed starting configuration starts"
tap_check "and listens on the second address" \
	grep -q "listening on UDP:192.0.2.1:$HSD_PORT\$" "$HSD_LOG"
hsd_stop
tap_summary
