# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The tests' client of the fxs family for dump, get and set: the kernel's
# YNL library driven by kernel/fxs.yaml, through tests/tools/fxs-ynl.py
# (sourced by tests/vm/lib.sh; bash only, for coproc).  One Python process
# per test script answers every request: one per call cost a Python start
# and a parse of the spec each time, seconds of CPU per script in TCG.
#
#	fxs_dump			one "port ..." line per port
#	fxs_get PORT			the port's "port ..." line
#	fxs_set PORT SETTING...		changes; prints nothing
#
# PORT and SETTING: tests/tools/fxs-ynl.py's header (fxsnl's words).  A
# failure returns 1 with "fxs-ynl: REQUEST: ERRNO (text): extack: ..." on
# stderr.  FXS_YNL_CMD runs one request in a process of its own, for
# another identity (setpriv) or beside the script (a background loop).

# Debian's python3, which has python3-yaml (the spec); the YNL tree is
# extracted on the host (make tools, scripts/ynl-tree.sh).
FXS_PYTHON=/usr/bin/python3
FXS_YNL_TREE=$FXS_BUILD/ynl
FXS_YNL_CMD=("$FXS_PYTHON" "$FXS_PROJECT/tests/tools/fxs-ynl.py"
	--ynl "$FXS_YNL_TREE")
# The coprocess's PID, the shell that started it, and our copies of its
# pipes: bash closes the coprocess's own in pipelines and ( ), where
# "fxs_dump | grep" must work.
FXS_YNL_PID=
FXS_YNL_OWNER=
FXS_YNL_TO=
FXS_YNL_FROM=
# A request the kernel or the library does not answer in this long is
# a failure, not a hung test (a TCG guest under load: generous).
FXS_YNL_TIMEOUT=${FXS_YNL_TIMEOUT:-120}

# Starts the client when this shell has none, when sourced: most calls
# are in $(...), a subshell, whose coprocess would end with it.  What
# starts is a forked shell that waits for the first request and only
# then becomes Python (2.5 s of CPU in TCG, most of it reading Python's
# own files over 9p), handing it that request: a script that never asks
# pays nothing.
fxs_ynl_start() {
	[ -n "$FXS_YNL_PID" ] && [ "$FXS_YNL_OWNER" = "$BASHPID" ] &&
		kill -0 "$FXS_YNL_PID" 2>/dev/null && return 0
	coproc FXS_YNL_CO {
		IFS= read -r first || exit 0
		exec "${FXS_YNL_CMD[@]}" --first "$first"
	}
	FXS_YNL_PID=$FXS_YNL_CO_PID
	FXS_YNL_OWNER=$BASHPID
	exec {FXS_YNL_TO}>&"${FXS_YNL_CO[1]}" {FXS_YNL_FROM}<&"${FXS_YNL_CO[0]}"
}

# fxs_ynl REQUEST...: one request; its reply lines on stdout.
fxs_ynl() {
	local line word
	# One line, split on blanks: a word must have none.
	for word in "$@"; do
		if [[ -z "$word" || "$word" == *[[:space:]]* ]]; then
			echo "fxs-ynl: $*: '$word': an empty word or one with a blank" >&2
			return 1
		fi
	done
	if [ -z "$FXS_YNL_TO" ]; then
		echo "fxs-ynl: $*: no client" >&2
		return 1
	fi
	printf '%s\n' "$*" >&"$FXS_YNL_TO"
	while IFS= read -r -t "$FXS_YNL_TIMEOUT" line <&"$FXS_YNL_FROM"; do
		case $line in
		%ok) return 0 ;;
		%error\ *)
			echo "fxs-ynl: ${line#%error }" >&2
			return 1
			;;
		*) printf '%s\n' "$line" ;;
		esac
	done
	echo "fxs-ynl: $*: no answer (client gone or stuck)" >&2
	return 1
}

fxs_dump() {
	fxs_ynl dump
}

fxs_get() {
	fxs_ynl get "$@"
}

fxs_set() {
	fxs_ynl set "$@"
}

fxs_ynl_start
