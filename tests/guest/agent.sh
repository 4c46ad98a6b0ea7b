#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The end-to-end suite's agent inside a nested guest (started by
# tests/guest/lib.sh through scripts/vm-run, as the guest's COMMAND).
#
# Usage: tests/guest/agent.sh CTL_DIR
#
# CTL_DIR is a directory of the host VM's /tmp that the guest sees again
# over 9p (read-only).  The suite writes commands there as files cmd.1,
# cmd.2, ... (each appears whole: written aside, then renamed).  The agent
# runs them in order under /bin/sh, the output on its stdout (the guest's
# serial port that vm-run streams to the suite), framed by
#   E2E-BEGIN N
#   E2E-END N STATUS
# At start it prints "E2E-READY BOOT N" where N is the next command it
# waits for: after a reboot it goes on after the newest command file, so
# that a command is never run twice.  A file "stop" ends it (and the
# guest).
ctl=${1:?usage: agent.sh CTL_DIR}
n=0
for f in "$ctl"/cmd.*; do
	[ -e "$f" ] || continue
	i=${f##*.}
	[ "$i" -gt "$n" ] && n=$i
done
n=$((n + 1))
echo "E2E-READY BOOT $n"
# Listed, not looked up: a directory read always asks the 9p server, a
# lookup may be answered from the guest's dentry cache (cache=loose).
has() {
	for f in "$ctl"/*; do
		[ "${f##*/}" = "$1" ] && return 0
	done
	return 1
}
while ! has stop; do
	if has "cmd.$n"; then
		echo "E2E-BEGIN $n"
		sh "$ctl/cmd.$n"
		echo "E2E-END $n $?"
		n=$((n + 1))
	else
		sleep 0.3
	fi
done
echo "E2E-STOP"
