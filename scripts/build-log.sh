#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# COMMAND 2>&1 | build-log.sh LOG
#
# Shows a build's output and keeps it in LOG for tests/unit/build-warnings.sh,
# which fails on a missing or empty log.  An incremental build that compiled
# nothing prints nothing but make's own chatter: then LOG keeps the output
# of the last build that did compile, whose warnings still stand, instead
# of being emptied.  (The caller sets pipefail, so the build's status is
# its own.)
set -u
log=$1
tmp=$log.new

# What make says about itself, not about the code.
mk='^make(\[[0-9]+\])?: '
chatter="$mk(Entering|Leaving) directory|$mk(Nothing to be done|.* is up to date)"

tee "$tmp"
if [ ! -s "$log" ] || grep -Evq "$chatter|^[[:space:]]*$" "$tmp"; then
	mv "$tmp" "$log"
else
	rm -f "$tmp"
fi
