#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# handsetd's unit tests (userspace/tests: MAC forms and typo distance,
# configuration validation (the SIP TCP caps too), digest and nonces,
# Contact and Expires values, the expiry rules, the state log and its
# replay, the per-address rate limit of failed authentications, analog
# user IDs, inside ports and the configuration snippets handsetctl
# prints, the time formatter and the atomic file replacement), built
# with ASan and UBSan and run here.  Each test's own TAP lines are passed
# on with the test's name in front; a test that crashes or leaks fails
# through its exit status.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${FXS_BUILD:-$top/build}
# The list is userspace/Makefile's TESTS, the one that builds them.
tests=$(make -s -C "$top/userspace" list-tests)
FXS_TESTLIB=$top/tests/lib
. "$FXS_TESTLIB/sanitizer.sh"

mkdir -p "$build"
log=$build/handsetd-unit-build.log
# the Handsets page's; once the list comes from userspace/Makefile's
# TESTS (which has it), it is there already
case " $(echo $tests) " in
*" test_http "*) ;;
*) tests="$tests test_http" ;;
esac
if ! make -s -C "$top/userspace" O="$build" asan >"$log" 2>&1; then
	echo "not ok - handsetd unit tests build with ASan and UBSan"
	sed 's/^/# /' "$log" | tail -40
	exit 1
fi
if grep -q 'warning:' "$log"; then
	echo "not ok - handsetd builds without warnings"
	grep 'warning:' "$log" | sed 's/^/# /'
else
	echo "ok - handsetd unit tests build with ASan and UBSan, no warnings"
fi

if [ -z "$tests" ]; then
	echo "not ok - userspace/Makefile lists the unit tests (make list-tests)"
	exit 1
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in $tests; do
	"$build/asan/tests/$t" >"$out" 2>&1
	rc=$?
	sed -e "s/^ok [0-9]* - /ok - $t: /" \
	    -e "s/^not ok [0-9]* - /not ok - $t: /" \
	    -e '/^\(ok\|not ok\) - /!s/^/# /' "$out"
	if [ $rc -eq 0 ]; then
		echo "ok - $t exits 0 (no sanitizer report, no leak)"
	else
		echo "not ok - $t exits 0 (status $rc)"
	fi
done
