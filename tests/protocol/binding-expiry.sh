#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Bindings end on their own (issue 3 section 4): an expired binding is
# removed by the daemon's timer, with a log line, without any request; and
# a binding that expired while the daemon was stopped is not restored, while
# an unexpired one is.  Short expiries (min_expires 1) keep this test quick.

. "$(dirname "$0")/lib.sh"

hsd_setup
HSD_CONF_EXPIRY="min_expires = 1; default_expires = 3600; max_expires = 7200;"
hsd_config
hsd_start || hsd_die "handsetd starts with min_expires = 1"
tap_ok "handsetd starts with min_expires = 1"

# 1. The timer: a 3 s binding is gone some seconds later, and logged.
hsd_register short phone101 s3cret phone101 3
tap_is "REGISTER with Expires: 3: 200" "$?" 0
tap_is "handset 101 registered at once" "$(hsd_json 'registered("101")')" true
hsd_wait_json 'not registered("101")' 15
tap_is "about 3 s later handset 101 is no longer registered" \
	"$(hsd_json 'registered("101")')" false
tap_check "the daemon logged the expiry of handset 101's binding" \
	grep -Eiq '(101|phone101).*expir|expir.*(101|phone101)' "$HSD_LOG"
grep -Ei 'expir' "$HSD_LOG" | head -n 2 | sed 's/^/#   log: /'

# 2. Across a restart: 103 for 4 s, 102 for an hour; stopped for 6 s.
hsd_register r103 phone103 tr1ple phone103 4
tap_is "REGISTER 103 with Expires: 4: 200" "$?" 0
hsd_register r102 alice 'x7!q' alice 3600
tap_is "REGISTER 102 with Expires: 3600: 200" "$?" 0
hsd_stop
sleep 6
hsd_start || hsd_die "handsetd restarts on its state directory"
tap_is "after the restart: 103's expired binding is not restored" \
	"$(hsd_json 'registered("103")')" false
tap_is "after the restart: 102's unexpired binding is restored" \
	"$(hsd_json 'registered("102")')" true

hsd_stop
tap_summary
