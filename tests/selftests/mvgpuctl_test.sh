#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mvgpuctl against the real module (run.sh runs it, as root, with the
# modules loaded and no vGPU present): types, list, create, destroy, gpus,
# info, stats, top and set on live vGPUs, and the exit codes and messages
# of failures.  What the vGPU's mvgpu/ group holds is read from sysfs here
# too, so the test follows the driver as it gains counters.  Prints TAP.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
CTL=$top/tools/mvgpuctl/mvgpuctl
PLAN=56

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
tap_plan $PLAN mvgpuctl
[ -x "$CTL" ] || tap_skip_all "$CTL not built"
[ -d /sys/class/mdev_bus/mvgpu0 ] || tap_skip_all "mvgpu not loaded"

tmp=$(mktemp -d)
OUT=$tmp/out
ERR=$tmp/err
trap 'rm -rf "$tmp"' EXIT
TAP_SHOW="$OUT $ERR"

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

json() {	# json PY_EXPR: evaluate on the last output, d = parsed JSON
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$OUT"
}

avail() {	# avail TYPE: available_instances of mvgpu0's TYPE
	cat "/sys/class/mdev_bus/mvgpu0/mdev_supported_types/$1/available_instances"
}

run 0 "types" "^mvgpu0 +mvgpu-8 +MVGPU-8 +8 .*1/8 GPU" -- types
ntypes=$(find /sys/class/mdev_bus/mvgpu0/mdev_supported_types/ -mindepth 1 -maxdepth 1 -name 'mvgpu-*' | wc -l)
check "types lists every type of mvgpu0 ($ntypes)" [ "$(grep -c '^mvgpu0 ' "$OUT")" = "$ntypes" ]
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
check "--json list has two vGPUs of the same slices" [ "$(json "len(d), d[0]['slices'] == d[1]['slices'] > 0")" = "2 True" ]

# --- gpus, info, stats, top, set on the two live vGPUs
dev=/sys/bus/mdev/devices/$u1
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
run 0 "--json gpus" "" -- --json gpus --gpu 0
vram=$(($(cat /sys/module/mvgpu_sim/parameters/vram_mb) << 20))
gslices=$(json "d[0]['slices']")
check "--json gpus: memory, all slices used, vGPUs" [ "$(json "d[0]['gpu'], d[0]['memory_bytes'] == $vram, d[0]['slices_used'] == d[0]['slices'] > 0, sorted(d[0]['vgpus']) == sorted(['$u1', '$u2'])")" = "mvgpu0 True True True" ]
run 0 "gpus" "^mvgpu0 +[a-z_]+ +.+ +$((vram >> 20)) MiB +[0-9]+ +$gslices/$gslices +2 +" -- gpus

run 0 "info" "^UUID: +$u1" -- info "$u1"
check "info: GPU, type, driver, IOMMU group" grep -qzE "GPU: +mvgpu0.*Type: +mvgpu-2 \(MVGPU-2\).*Driver: +mvgpu_vgpu.*IOMMU group: +[0-9]+" "$OUT"
missing=""
for f in "$dev"/mvgpu/*; do
	grep -qE "^  ${f##*/} " "$OUT" || missing="$missing ${f##*/}"
done
result "$([ -z "$missing" ] && echo 1)" "info shows every file of mvgpu/" "missing:$missing"
run 0 "--json info" "" -- --json info "$u1"
check "--json info: attributes and errors name every file of mvgpu/" [ "$(json "sorted(list(d['attributes']) + list(d['errors']))")" = "$(python3 -c 'import os,sys; print(sorted(os.listdir(sys.argv[1])))' "$dev/mvgpu")" ]
check "--json info: slices and vram_size" [ "$(json "d['attributes']['slices'] * 2 == $gslices, d['attributes']['vram_size'] == $vram // 2")" = "True True" ]
# Root-only counters (mode 0400): a user sees "permission denied" for each.
private=$(find "$dev/mvgpu/" -type f ! -perm -004 -printf '%f\n' | sort)
nobody "$CTL" info "$u1" >"$OUT" 2>"$ERR"
rc=$? missing=""
for f in $private; do
	grep -qE "^  $f +permission denied" "$OUT" || missing="$missing $f"
done
result "$([ "$rc" = 0 ] && [ -z "$missing" ] && echo 1)" \
	"info as a user: root-only counters ($(tr "\n" " " <<<"$private")) denied, exit 0" "exit $rc, not denied:$missing"

config="vgpu_id slices vram_base vram_size gtt_base gtt_count weight cap"
counters=$(for f in "$dev"/mvgpu/*; do case " $config " in *" ${f##*/} "*) ;; *) echo "${f##*/}" ;; esac; done)
run 0 "stats UUID" "" -- stats "$u1"
missing=""
for c in $counters; do
	grep -qE "^$u1 +mvgpu0 +$c +[0-9]" "$OUT" || missing="$missing $c"
done
result "$([ -z "$missing" ] && echo 1)" "stats shows every counter ($(tr "\n" " " <<<"$counters"))" "missing:$missing"
check "stats shows no configuration attribute" sh -c "! grep -qE ' (vgpu_id|slices|vram_size) ' '$OUT'"
run 0 "--json stats --interval 0.5 --count 2" "" -- --json stats -i 0.5 -c 2
check "--json stats: two samples of both vGPUs, rates in the second" [ "$(python3 -c "import json,sys; d=[json.loads(l) for l in open(sys.argv[1])]; print(len(d), len(d[1]['vgpus']), 'rates' in d[0]['vgpus'][0], sorted(d[1]['vgpus'][0]['rates']) == sorted(d[1]['vgpus'][0]['counters']))" "$OUT")" = "2 2 False True" ]
run 1 "stats of an unknown vGPU" "no vGPU with UUID" -- stats 99999999-9999-9999-9999-999999999999

run 0 "top -n 2" "^mvgpuctl top - " -- top -n 2 -d 0.5
check "top: two frames, both vGPUs in each" [ "$(grep -c '^mvgpuctl top - ' "$OUT") $(grep -c "^$u1 " "$OUT") $(grep -c "^$u2 " "$OUT")" = "2 2 2" ]
check "top: mvgpu0's line" grep -qE "^mvgpu0: 2 vGPUs, $gslices slices" "$OUT"

# set: weight and cap are root-writable, validated by the driver.
run 0 "set weight=2" "^weight=2$" -- set "$u1" weight=2
check "weight reads back 2" [ "$(cat "$dev/mvgpu/weight")" = 2 ]
run 1 "set weight=0 is rejected" "weight: the driver rejected 0 \(EINVAL" -- set "$u1" weight=0
check "weight unchanged after the rejected write" [ "$(cat "$dev/mvgpu/weight")" = 2 ]
check "the kernel logged why" sh -c "dmesg | grep -q '$u1: weight 0: out of range'"
run 0 "set cap=25" "^cap=25$" -- set "$u1" cap=25
run 1 "set cap=101 is rejected" "cap: the driver rejected 101 \(EINVAL" -- set "$u1" cap=101
check "cap unchanged after the rejected write" [ "$(cat "$dev/mvgpu/cap")" = 25 ]
run 0 "--json stats UUID" "" -- --json stats "$u1"
check "--json stats: weight, cap, copy0's six counters" [ "$(json "d['vgpus'][0]['weight'], d['vgpus'][0]['cap'], sorted(d['vgpus'][0]['engines']['copy0'])")" = "2 25 ['busy_ns', 'hangs', 'preemptions', 'rejected', 'resets', 'submissions']" ]
nobody "$CTL" set "$u1" weight=3 >"$OUT" 2>"$ERR"
rc=$?
result "$([ "$rc" = 1 ] && grep -q "permission denied" "$ERR" && [ "$(cat "$dev/mvgpu/weight")" = 2 ] && echo 1)" "set as a user: permission denied, weight unchanged" "exit $rc"
run 0 "set weight=4 cap=0 (back to the type's)" "^cap=0$" -- set "$u1" weight=4 cap=0
run 2 "set with a bad value" "is not a number" -- set "$u1" weight=x

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

tap_done
