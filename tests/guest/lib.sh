# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers of the end-to-end suite (tests/guest/run.sh), sourced.  Inside the
# host VM: TAP output, vGPUs, nested guests started in the background by
# scripts/vm-run and driven through tests/guest/agent.sh and QMP.
#
# A guest NAME lives in $E2E_DIR/NAME: ctl/ (commands for the agent, seen by
# the guest over 9p), out (the guest's output), qmp (monitor socket), pid
# (QEMU's pid), console (kernel log), vmrun.pid (vm-run's pid).

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_DIR=${E2E_DIR:-/tmp/e2e}
MDEV=/sys/bus/mdev/devices
n=0
failed=0

# ok STATUS DESCRIPTION [DIAGNOSTIC]: one TAP result
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2${3:+ # $3}"
		failed=$((failed + 1))
	fi
	# Where the suite's time goes (seconds since it started).
	echo "# at ${SECONDS} s"
}

# skip DESCRIPTION WHY: one skipped result
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

diag() { printf '# %s\n' "$@"; }

# vgpu_create TYPE: create a vGPU of TYPE on mvgpu0, print its UUID
vgpu_create() {
	local u
	u=$(cat /proc/sys/kernel/random/uuid)
	echo "$u" >"/sys/class/mdev_bus/mvgpu0/mdev_supported_types/$1/create" || return 1
	echo "$u"
}

# vgpu_attr UUID NAME: a counter of the vGPU's mvgpu/ sysfs group
vgpu_attr() { cat "$MDEV/$1/mvgpu/$2" 2>/dev/null; }

# vgpu_remove UUID TIMEOUT: write remove, give up after TIMEOUT seconds
# (a hang); 0 when the vGPU is gone.
vgpu_remove() {
	[ -e "$MDEV/$1" ] || return 0
	timeout "$2" sh -c "echo 1 >$MDEV/$1/remove" || return 1
	[ ! -e "$MDEV/$1" ]
}

# guest_start NAME VM-RUN-OPTION...: boot a nested guest running the agent
guest_start() {
	local name=$1 d=$E2E_DIR/$1
	shift
	rm -rf "$d"
	mkdir -p "$d/ctl"
	echo 0 >"$d/n"
	# The guest's COMMAND runs in the caller's directory: a directory of
	# /tmp, which the guest sees again (vm-run keeps it visible).
	(cd "$d/ctl" && exec "$top/scripts/vm-run" --monitor "$d/qmp" --pidfile "$d/pid" \
		--console "$d/console" "$@" -- "$top/tests/guest/agent.sh" "$d/ctl") \
		>"$d/out" 2>&1 </dev/null &
	echo $! >"$d/vmrun.pid"
}

# guest_alive NAME: vm-run (and so the guest) still runs
guest_alive() { kill -0 "$(cat "$E2E_DIR/$1/vmrun.pid")" 2>/dev/null; }

# guest_wait NAME REGEX TIMEOUT [COUNT]: wait until the guest's output has
# COUNT (default 1) lines matching REGEX; 1 on timeout or when the guest
# ended first.
guest_wait() {
	local out=$E2E_DIR/$1/out end=$((SECONDS + $3)) want=${4:-1}
	while [ "$SECONDS" -lt "$end" ]; do
		[ "$(grep -cE "$2" "$out")" -ge "$want" ] && return 0
		guest_alive "$1" || { [ "$(grep -cE "$2" "$out")" -ge "$want" ]; return; }
		sleep 1
	done
	return 1
}

# guest_boot_wait NAME TIMEOUT [COUNT]: wait for the agent's COUNTth
# "E2E-READY" (default 1), showing the console's last line every 2 minutes
guest_boot_wait() {
	local end=$((SECONDS + $2)) t0=$SECONDS
	while [ "$SECONDS" -lt "$end" ]; do
		guest_wait "$1" '^E2E-READY BOOT' 120 "${3:-1}" && return 0
		guest_alive "$1" || return 1
		diag "guest $1 booting, $((SECONDS - t0)) s: $(tail -n 1 "$E2E_DIR/$1/console" 2>/dev/null | tr -d '\r')"
	done
	return 1
}

# guest_send NAME COMMAND: queue COMMAND (a shell script) for the agent;
# prints its number
guest_send() {
	local d=$E2E_DIR/$1 i
	i=$(($(cat "$d/n") + 1))
	echo "$i" >"$d/n"
	printf '%s\n' "$2" >"$d/ctl/.cmd"
	mv "$d/ctl/.cmd" "$d/ctl/cmd.$i"
	echo "$i"
}

# guest_result NAME I: the output of command I (so far)
guest_result() {
	sed -n "/^E2E-BEGIN $2\$/,/^E2E-END $2 /{/^E2E-/d;p}" "$E2E_DIR/$1/out"
}

# guest_run NAME TIMEOUT COMMAND: run COMMAND in the guest and wait for it;
# its output is indented on stdout as TAP diagnostics; its exit status
# (124 on timeout).
guest_run() {
	local i st
	i=$(guest_send "$1" "$3")
	if ! guest_wait "$1" "^E2E-END $i " "$2"; then
		guest_result "$1" "$i" | sed 's/^/#   /'
		return 124
	fi
	guest_result "$1" "$i" | sed 's/^/#   /'
	st=$(sed -n "s/^E2E-END $i \([0-9]*\).*/\1/p" "$E2E_DIR/$1/out" | tail -n 1)
	return "${st:-1}"
}

# guest_stop NAME TIMEOUT: end the agent and wait for QEMU to exit
guest_stop() {
	local d=$E2E_DIR/$1 pid end=$((SECONDS + $2))
	: >"$d/ctl/stop"
	pid=$(cat "$d/vmrun.pid")
	while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 1
	done
	if kill -0 "$pid" 2>/dev/null; then
		guest_kill "$1"
		return 1
	fi
	wait "$pid" 2>/dev/null
	return 0
}

# guest_kill NAME: SIGKILL the guest's QEMU, wait for vm-run to notice
guest_kill() {
	local d=$E2E_DIR/$1 pid
	pid=$(cat "$d/pid" 2>/dev/null) && kill -KILL "$pid" 2>/dev/null
	pid=$(cat "$d/vmrun.pid")
	for _ in $(seq 60); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 1
	done
	wait "$pid" 2>/dev/null
	true
}

# guest_qmp NAME QMP-ARGS...: scripts/guest-qmp on the guest's monitor
guest_qmp() {
	local name=$1
	shift
	"$top/scripts/guest-qmp" --timeout 120 "$E2E_DIR/$name/qmp" "$@"
}

# guest_diag NAME: the guest's output and console tail as diagnostics
guest_diag() {
	diag "guest $1: last output:"
	tail -n 30 "$E2E_DIR/$1/out" | sed 's/^/#   /'
	if [ -f "$E2E_DIR/$1/console" ]; then
		diag "guest $1: console tail:"
		tail -n 20 "$E2E_DIR/$1/console" | sed 's/^/#   /'
	fi
}
