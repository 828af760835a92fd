#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A box without /etc/handsetd/handsetd.conf: handsetd runs on its built-in
# defaults and says so once, loudly, naming the file it looked for and the
# example to start from (else phones on the network time out with no error
# anywhere).  In the VM's throwaway root, so the daemon may use its real
# default paths; they are removed again.
. "$FXS_PROJECT/tests/lib/tap.sh"
. "$FXS_PROJECT/tests/lib/handsetd.sh"

log=$(mktemp /tmp/first-run.XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf /var/lib/handsetd /run/handsetd "$log"
}
trap cleanup EXIT

if [ -e /etc/handsetd/handsetd.conf ]; then
	not_ok "the test system has no /etc/handsetd/handsetd.conf"
	exit 1
fi

warned() {
	grep -q "no /etc/handsetd/handsetd.conf: running on the built-in defaults" "$log"
}

"$HSD_BIN" -F -u root > "$log" 2>&1 &
pid=$!
check "handsetd without a configuration file starts and warns" \
	wait_for 120 warned
check "the warning names the example to start from" \
	grep -q "examples/handsetd.conf.example" "$log"
check "handsetd keeps running on the defaults" \
	wait_for 60 "$HSD_CTL_BIN" -s /run/handsetd/control list
kill -HUP "$pid"
check "a reload reads the defaults again" \
	wait_for 30 grep -q "reloaded" "$log"
is "the warning comes once, not on every reload" \
	"$(grep -c 'running on the built-in defaults' "$log")" 1
kill -TERM "$pid"
wait "$pid"
is "handsetd exits with status 0" "$?" 0
pid=
HSD_LOG=$log
hsd_check_sanitizers
[ "$TAP_FAILED" != 0 ] && sed 's/^/# handsetd: /' "$log" | tail -n 30
tap_done
