#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Rate limiting of failed authentications per source address (issue 3
# section 3): after max_failures wrong answers within failure_window, the
# source is refused even with the right password, and the daemon logs a line
# naming the address that an administrator or fail2ban can act on.  Another
# source address is not affected.  127.0.0.2 is loopback too (127/8).

. "$(dirname "$0")/lib.sh"

hsd_setup
HSD_CONF_AUTH="max_failures = 3; failure_window = 60; block_time = 60;"
hsd_config
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

# Below the limit, a right password still works from 127.0.0.1.
hsd_probe fail1 phone101 wrong-1 phone101 -- -m 2
hsd_probe ok1 phone101 s3cret phone101
tap_is "after 2 failures (limit 3): the right password from 127.0.0.1 gets 200" \
	"$(hsd_last_code ok1)" 200

# Over the limit: failures from 127.0.0.1, then the right password from it.
hsd_probe fail2 phone101 wrong-2 phone101 -- -m 4
hsd_probe blocked phone101 s3cret phone101
# The daemon answers a blocked source with 403 Forbidden; silence or any
# other code is a failure too, not only a 200.
tap_is "after 6 failures: the right password from 127.0.0.1 gets 403" \
	"$(hsd_last_code blocked)" 403
# A line about the block itself, not the per-failure warnings.
tap_check "handsetd logs that it blocks the source address 127.0.0.1" \
	grep -Eiq '(block|rate.?limit|too many).*127\.0\.0\.1|127\.0\.0\.1.*(blocked|rate.?limit|too many)' \
	"$HSD_LOG"
grep -Ei '(block|limit|too many)' "$HSD_LOG" | head -n 3 | sed 's/^/#   log: /'

# The limit is per source: 127.0.0.2 registers at once.
hsd_probe other phone103 tr1ple phone103 -- -i 127.0.0.2
tap_is "another source address (127.0.0.2) is not blocked: 200" \
	"$(hsd_last_code other)" 200

tap_check "handsetd survived every request" hsd_alive
hsd_stop
tap_summary
