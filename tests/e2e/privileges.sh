#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# handsetd without root, proven sufficient and not just small: as user
# handsetd with only CAP_NET_BIND_SERVICE and CAP_NET_ADMIN, both the way
# the packaged unit starts it (setpriv with ambient capabilities, as
# systemd does from AmbientCapabilities=) and the way it makes itself when
# started as root (privs.c), it binds SIP's port 5060, registers a SIP
# phone (sipp, digest), hears a lifted receiver from the fxs events group,
# and rereads its configuration on SIGHUP.  The user is made in the VM's
# throwaway root and removed again.
. "$FXS_PROJECT/tests/vm/lib.sh"
. "$FXS_PROJECT/tests/e2e/analog.bash"

SIPP_DIR=$FXS_PROJECT/tests/protocol/sipp
made_user=false

cleanup() {
	e2e_cleanup
	userdel hsadmin 2>/dev/null
	userdel hsguest 2>/dev/null
	$made_user && userdel handsetd 2>/dev/null
	$made_user && groupdel handsetd 2>/dev/null
	return 0
}
trap cleanup EXIT

if ! getent passwd handsetd > /dev/null; then
	useradd --system --user-group --home-dir /nonexistent \
		--shell /usr/sbin/nologin handsetd && made_user=true
fi
check "user handsetd exists" sh -c "getent passwd handsetd > /dev/null"
uid=$(id -u handsetd)
# an administrator in group handsetd, and a user who is not
useradd --no-create-home --groups handsetd hsadmin 2>/dev/null
useradd --no-create-home hsguest 2>/dev/null
check "users hsadmin (group handsetd) and hsguest exist" \
	sh -c 'id -nG hsadmin | grep -qw handsetd && id hsguest'

# as_user USER CMD...: CMD as USER with USER's groups, no capability
as_user() {
	local u=$1
	shift
	setpriv --reuid "$u" --regid "$u" --init-groups --inh-caps -all \
		--bounding-set -all "$@"
}

# status_field PID FIELD: one line of /proc/PID/status, value only.
status_field() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# register: sipp registers handset 100 with its digest credentials on
# SIP's own port, 5060 (tests/protocol/sipp/register.xml checks the 200).
register() {
	printf 'SEQUENTIAL\n%s\n' \
		'e2e100;[authentication username=e2e100 password=e2e-secret];100' \
		> "$E2E/users.csv"
	sipp -sf "$SIPP_DIR/register.xml" -inf "$E2E/users.csv" \
		-key expires 600 -m 1 -i 127.0.0.1 -p 5090 -timeout 30 \
		-timeout_error 127.0.0.1:5060 > "$E2E/sipp.log" 2>&1
}

admin_can_show() {
	as_user hsadmin "$HANDSETCTL" -s "$HS_SOCK" show 100 |
		grep -q 'registered until'
}

guest_refused() {
	! as_user hsguest "$HANDSETCTL" -s "$HS_SOCK" list \
		> "$E2E/guest.out" 2>&1 &&
		grep -q 'Permission denied' "$E2E/guest.out" &&
		grep -q 'members of group handsetd' "$E2E/guest.out"
}

# one_run HOW: start handsetd HOW ("root": as root, it drops itself;
# "unit": setpriv as the unit), then the checks.
one_run() {
	local how=$1 pid
	fxs_unload_all
	e2e_setup '"builtin"'
	sed -i -e 's/udp:127.0.0.1:5072/udp:127.0.0.1:5060/' \
		-e "s|$HS_SOCK|$E2E/run/control|" "$HS_CONF"
	HSD_SOCK=$E2E/run/control
	HS_SOCK=$HSD_SOCK
	# as the package installs it: root, group handsetd, 0640
	chgrp handsetd "$HS_CONF"
	chmod 0640 "$HS_CONF"
	chmod 0755 "$E2E"
	check "[$how] fxs_sim with one built-in port" \
		modprobe fxs_sim builtin_ports=1
	if [ "$how" = root ]; then
		# handsetd makes run/ itself and hands it and state/ over
		HSD_USER=handsetd
	else
		# what systemd's StateDirectory= and RuntimeDirectory= do
		install -d -o handsetd -g handsetd -m 0750 "$E2E/run"
		chown handsetd:handsetd "$E2E/state"
		HSD_WRAP="setpriv --reuid handsetd --regid handsetd --init-groups
			--inh-caps +net_bind_service,+net_admin
			--ambient-caps +net_bind_service,+net_admin
			--bounding-set -all,+net_bind_service,+net_admin"
	fi
	check "[$how] handsetd starts" hs_start
	HSD_WRAP=
	HSD_USER=
	pid=$HS_PID
	# with the ASan build the daemon is the launcher's child, not a shell
	is "[$how] runs as user handsetd" "$(status_field "$pid" Uid)" \
		"$uid"
	is "[$how] effective capabilities: net_bind_service, net_admin" \
		"$(status_field "$pid" CapEff)" 0000000000001400
	is "[$how] bounding set: the same two" \
		"$(status_field "$pid" CapBnd)" 0000000000001400
	check "[$how] a SIP phone registers on port 5060" register
	check "[$how] the list shows it registered" \
		wait_s 10 sh -c "'$HANDSETCTL' -s '$HS_SOCK' show 100 |
			grep -q 'registered until'"
	echo off > "$SIMFS/sim0/hook"
	check "[$how] lifting sim0 makes an analog handset (events group)" \
		wait_s 20 sh -c "'$HANDSETCTL' -s '$HS_SOCK' list |
			grep -q sim0"
	check "[$how] handsetctl works for hsadmin, a member of group handsetd" \
		admin_can_show
	check "[$how] ... and is refused to hsguest, with the reason and the fix" \
		guest_refused
	kill -HUP "$pid"
	check "[$how] SIGHUP rereads the configuration as handsetd" \
		wait_s 20 grep -q "reload" "$HS_LOG"
	check "[$how] no reload error" sh -c "! grep -qi 'cannot read\|permission denied' '$HS_LOG'"
	check "[$how] handsetd exits cleanly" hs_stop
	fxs_unload_all
}

one_run root
one_run unit

if [ "$TAP_FAILED" != 0 ]; then
	tail -n 40 "$HS_LOG" | sed 's/^/# handsetd: /'
fi
tap_done
