# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# TAP helpers for the shell tests (sourced with bash):
#   tap_plan N NAME      print the TAP header and plan N tests named NAME
#   tap_skip_all WHY     report every planned test skipped, exit 4
#   result OK DESC [DIAG]
#                        one test: passed when OK is 1; on a failure DIAG
#                        goes on the line and the files in $TAP_SHOW (if
#                        set) are shown, their last 40 lines each
#   ok STATUS DESC [DIAG]
#                        the same with a command's exit status (0 passes)
#   check DESC COMMAND...
#                        passes when COMMAND succeeds; its output goes to
#                        $TAP_OUT when that is set
#   tap_done             the summary comment; fails when a test failed or
#                        fewer ran than planned
# n and failed count the tests run and failed.

n=0
failed=0
TAP_PLAN=0
TAP_NAME="test"

tap_plan() {
	TAP_PLAN=$1 TAP_NAME=$2
	echo "TAP version 13"
	echo "1..$TAP_PLAN"
}

tap_skip_all() {
	local i
	for i in $(seq "$TAP_PLAN"); do echo "ok $i $TAP_NAME # SKIP $*"; done
	exit 4
}

result() {
	local f
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n $2"
		return 0
	fi
	echo "not ok $n $2${3:+ # $3}"
	for f in ${TAP_SHOW:-}; do
		[ -s "$f" ] && tail -n 40 "$f" | sed 's/^/#   /'
	done
	failed=$((failed + 1))
	return 0
}

ok() {
	if [ "$1" = 0 ]; then result 1 "$2"; else result 0 "$2" "${3:-}"; fi
}

check() {
	local desc=$1 rc
	shift
	if [ -n "${TAP_OUT:-}" ]; then
		"$@" >"$TAP_OUT" 2>&1
	else
		"$@"
	fi
	rc=$?
	ok "$rc" "$desc"
}

tap_done() {
	echo "# $TAP_NAME: $((n - failed)) passed, $failed failed"
	[ "$n" = "$TAP_PLAN" ] || { echo "# ran $n of $TAP_PLAN tests"; return 1; }
	[ "$failed" = 0 ]
}
