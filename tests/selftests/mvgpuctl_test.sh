#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mvgpuctl against the real module (run.sh runs it, as root, with the
# modules loaded and no vGPU present): types, list, create, destroy, and
# the exit codes and messages of failures.  Prints TAP.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
CTL=$top/tools/mvgpuctl/mvgpuctl
PLAN=24

echo "TAP version 13"
echo "1..$PLAN"
if [ ! -x "$CTL" ]; then
	for i in $(seq $PLAN); do echo "ok $i mvgpuctl # SKIP $CTL not built"; done
	exit 4
fi
if [ ! -d /sys/class/mdev_bus/mvgpu0 ]; then
	for i in $(seq $PLAN); do echo "ok $i mvgpuctl # SKIP mvgpu not loaded"; done
	exit 4
fi

n=0
failed=0
tmp=$(mktemp -d)
OUT=$tmp/out
ERR=$tmp/err
trap 'rm -rf "$tmp"' EXIT

result() {	# result OK DESCRIPTION [DIAG]
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2${3:+ # $3}"
		sed 's/^/#   /' "$OUT" "$ERR"
		failed=$((failed + 1))
	fi
}

# run WANT_STATUS DESCRIPTION [PATTERN] -- ARGS...
run() {
	local want=$1 desc=$2 pattern=$3 rc ok=1 why=""
	shift 4
	"$CTL" "$@" >"$OUT" 2>"$ERR"
	rc=$?
	if [ "$rc" != "$want" ]; then
		ok=0 why="exit $rc, expected $want"
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$OUT" "$ERR"; then
		ok=0 why="output lacks /$pattern/"
	fi
	result "$ok" "$desc" "$why"
}

check() {	# check DESCRIPTION COMMAND...
	local desc=$1
	shift
	if "$@"; then result 1 "$desc"; else result 0 "$desc"; fi
}

json() {	# json PY_EXPR: evaluate on the last output, d = parsed JSON
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$OUT"
}

avail() {	# avail TYPE: available_instances of mvgpu0's TYPE
	cat "/sys/class/mdev_bus/mvgpu0/mdev_supported_types/$1/available_instances"
}

run 0 "types" "^mvgpu0 +mvgpu-8 +MVGPU-8 +8 +1/8 GPU" -- types
check "types lists four types of mvgpu0" [ "$(grep -c '^mvgpu0 ' "$OUT")" = 4 ]
run 0 "--json types --gpu 0" "" -- --json types --gpu 0
check "--json types fields" [ "$(json "d[1]['name'], d[1]['device_api'], d[1]['available_instances']")" = "MVGPU-2 vfio-pci 2" ]
run 0 "list with no vGPU" "^UUID" -- list
check "list shows only the header" [ "$(wc -l <"$OUT")" = 1 ]

run 0 "create --type mvgpu-2" "^[0-9a-f-]{36}$" -- create --type mvgpu-2
u1=$(cat "$OUT")
check "the vGPU exists in sysfs" [ -d "/sys/bus/mdev/devices/$u1" ]
check "mvgpu-2 available_instances is 1" [ "$(avail mvgpu-2)" = 1 ]

u2=$(cat /proc/sys/kernel/random/uuid)
run 0 "create --type MVGPU-2 --gpu mvgpu0 --uuid" "^$u2$" -- create --type MVGPU-2 --gpu mvgpu0 --uuid "$u2"
run 0 "list shows both" "^$u2 +mvgpu0 +mvgpu-2 " -- list
run 0 "--json list" "" -- --json list
check "--json list has two vGPUs of 4 slices" [ "$(json "len(d), sorted(v['slices'] for v in d)")" = "2 [4, 4]" ]

run 1 "create when full, any GPU" "^mvgpuctl: create: no room for another mvgpu-8 on any GPU \(ENOSPC\)" -- create --type 8
run 1 "create when full, --gpu" "^mvgpuctl: create: no room for another mvgpu-8 on mvgpu0 \(ENOSPC\)" -- create --type 8 --gpu 0
run 1 "create with a used UUID" "already exists \(EEXIST\)" -- create --type 2 --gpu 0 --uuid "$u2"
run 2 "create with a malformed UUID" "not a valid UUID" -- create --type 2 --uuid 1234
run 2 "create with an unknown type" "no vGPU type 'mvgpu-3'" -- create --type mvgpu-3
run 2 "create with an unknown GPU" "no mvgpu GPU named '9'" -- create --type 8 --gpu 9

run 0 "destroy (by prefix 'de')" "" -- de "$u1"
check "the vGPU is gone" [ ! -e "/sys/bus/mdev/devices/$u1" ]
run 0 "--json destroy" '"destroyed": ?true' -- --json destroy "$u2"
run 1 "destroy it again" "no vGPU with UUID $u2" -- destroy "$u2"
check "available_instances back to full" [ "$(avail mvgpu-1) $(avail mvgpu-2) $(avail mvgpu-4) $(avail mvgpu-8)" = "1 2 4 8" ]

echo "# mvgpuctl: $((n - failed)) passed, $failed failed"
[ "$n" = "$PLAN" ] || { echo "# ran $n of $PLAN"; exit 1; }
[ "$failed" = 0 ]
