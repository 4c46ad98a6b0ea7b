#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Unit test of mvgpuctl against a fake sysfs tree (MVGPU_SYSFS_ROOT): no
# module, no root needed.  Prints TAP.
#
#   test-fake-sysfs.sh [PATH_TO_MVGPUCTL]

set -u
CTL=$(realpath "${1:-./mvgpuctl}")
ROOT=$(mktemp -d /tmp/mvgpuctl-fake.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
export MVGPU_SYSFS_ROOT=$ROOT

U1=11111111-2222-3333-4444-555555555555
U2=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee

# make_gpu NAME AVAIL1 AVAIL2 AVAIL4 AVAIL8
make_gpu() {
	local gpu=$1 dir=$ROOT/devices/mvgpu/$1 s i=1
	shift
	for s in 1 2 4 8; do
		local t=$dir/mdev_supported_types/mvgpu-$s
		local slices=$((8 / s))
		mkdir -p "$t/devices"
		echo "MVGPU-$s" >"$t/name"
		echo "1/$s GPU: framebuffer=$((16 * slices))M, gtt_entries=$((16384 * slices)), weight=$slices, max_instance=$s" >"$t/description"
		echo vfio-pci >"$t/device_api"
		echo "${!i}" >"$t/available_instances"
		: >"$t/create"
		i=$((i + 1))
	done
	mkdir -p "$ROOT/class/mdev_bus"
	ln -s "../../devices/mvgpu/$gpu" "$ROOT/class/mdev_bus/$gpu"
}

# make_vgpu GPU TYPE UUID ID
make_vgpu() {
	local d=$ROOT/devices/mvgpu/$1/$3
	mkdir -p "$d/mvgpu" "$ROOT/bus/mdev/devices"
	ln -s "../mdev_supported_types/$2" "$d/mdev_type"
	: >"$d/remove"
	echo "$4" >"$d/mvgpu/vgpu_id"
	echo 4 >"$d/mvgpu/slices"
	echo 0x4000000 >"$d/mvgpu/vram_base"
	echo 0x4000000 >"$d/mvgpu/vram_size"
	echo 65536 >"$d/mvgpu/gtt_base"
	echo 65536 >"$d/mvgpu/gtt_count"
	echo 4 >"$d/mvgpu/weight"
	ln -s "../../../devices/mvgpu/$1/$3" "$ROOT/bus/mdev/devices/$3"
}

make_gpu mvgpu0 0 1 2 4
make_gpu mvgpu1 1 2 4 8
make_vgpu mvgpu0 mvgpu-2 "$U1" 1
# Another mdev driver's parent and device must be ignored.
mkdir -p "$ROOT/devices/mtty/mtty0/mdev_supported_types/mtty-1/devices" \
	"$ROOT/devices/mtty/mtty0/$U2"
ln -s ../../devices/mtty/mtty0 "$ROOT/class/mdev_bus/mtty0"
ln -s ../mdev_supported_types/mtty-1 "$ROOT/devices/mtty/mtty0/$U2/mdev_type"
ln -s "../../../devices/mtty/mtty0/$U2" "$ROOT/bus/mdev/devices/$U2"

n=0
failed=0
OUT=$ROOT/out
ERR=$ROOT/err

# check DESCRIPTION EXPECTED_STATUS [GREP_PATTERN] -- ARGS...
check() {
	local desc=$1 want=$2 pattern=$3 rc
	shift 4
	n=$((n + 1))
	"$CTL" "$@" >"$OUT" 2>"$ERR"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "not ok $n $desc # exit $rc, expected $want"
		sed 's/^/#   /' "$OUT" "$ERR"
		failed=$((failed + 1))
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$OUT" "$ERR"; then
		echo "not ok $n $desc # output lacks /$pattern/"
		sed 's/^/#   /' "$OUT" "$ERR"
		failed=$((failed + 1))
	else
		echo "ok $n $desc"
	fi
}

# expect DESCRIPTION COMMAND...: a shell condition as a test
expect() {
	local desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc"
		failed=$((failed + 1))
	fi
}

# lacks PATTERN: the last output does not match
lacks() {
	! grep -qE -- "$1" "$OUT" "$ERR"
}

is_json() {
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT"
}

json_eq() {	# json_eq PY_EXPR VALUE
	[ "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$OUT")" = "$2" ]
}

echo "1..35"
check "--help exits 0" 0 "Usage: mvgpuctl" -- --help
check "--version" 0 "^mvgpuctl [0-9]" -- --version
check "no command is a usage error" 2 "no command" --
check "unknown command is a usage error" 2 "unknown command 'frob'" -- frob
check "unknown global option" 2 "unknown option" -- --frob types
check "types lists both GPUs" 0 "^mvgpu1 +mvgpu-8 +MVGPU-8 +8 " -- types
expect "types ignores other mdev parents" lacks mtty
check "types --gpu 0" 0 "^mvgpu0 +mvgpu-4 +MVGPU-4 +2 " -- types --gpu 0
expect "types --gpu shows only that GPU" lacks mvgpu1
check "prefix 'ty' means types" 0 "MVGPU-2" -- ty
check "types --gpu unknown" 2 "no mvgpu GPU named 'mvgpu7'" -- types --gpu mvgpu7
check "--json types" 0 "" -- --json types --gpu mvgpu1
expect "--json types is JSON with 4 types" json_eq "len(d)" 4
expect "--json types fields" json_eq "d[0]['name'],d[0]['device_api'],d[3]['available_instances']" "MVGPU-1 vfio-pci 8"
check "list" 0 "^$U1 +mvgpu0 +mvgpu-2 +1 +4 +0x4000000" -- list
expect "list ignores other mdev devices" lacks "$U2"
check "--json list" 0 "" -- --json l
expect "--json list fields" json_eq "len(d),d[0]['uuid'],d[0]['gpu'],d[0]['vram_size']" "1 $U1 mvgpu0 67108864"
check "create needs --type" 2 "--type is required" -- create
check "create unknown type" 2 "no vGPU type 'mvgpu-3'" -- create --type mvgpu-3
check "create bad --uuid" 2 "not a valid UUID" -- create --type 8 --uuid nope
check "create on a GPU" 0 "^$U2\$" -- create --type MVGPU-4 --gpu mvgpu0 --uuid "${U2^^}"
expect "create wrote the UUID to mvgpu0/mvgpu-4/create" \
	grep -qx "$U2" "$ROOT/devices/mvgpu/mvgpu0/mdev_supported_types/mvgpu-4/create"
check "create picks the first GPU with room" 0 "^[0-9a-f-]{36}\$" -- cr -t 1
expect "the generated UUID went to mvgpu1/mvgpu-1" \
	grep -qxf "$OUT" "$ROOT/devices/mvgpu/mvgpu1/mdev_supported_types/mvgpu-1/create"
ln -sf /dev/full "$ROOT/devices/mvgpu/mvgpu0/mdev_supported_types/mvgpu-2/create"
check "ENOSPC from the kernel is reported" 1 \
	"^mvgpuctl: create: no room for another mvgpu-2 on mvgpu0 \(ENOSPC\)" -- create --type 2 --gpu 0
check "--json create" 0 "" -- --json create --type 8 --gpu 1
expect "--json create fields" json_eq "d['gpu'],d['type'],len(d['uuid'])" "mvgpu1 mvgpu-8 36"
check "destroy" 0 "" -- destroy "$U1"
expect "destroy wrote 1 to remove" grep -qx 1 "$ROOT/devices/mvgpu/mvgpu0/$U1/remove"
check "destroy unknown UUID fails" 1 "no vGPU with UUID" -- destroy "${U1/1111/9999}"
check "destroy bad UUID is a usage error" 2 "not a valid UUID" -- destroy xyz
check "--json error is JSON" 1 "" -- --json destroy "${U1/1111/9999}"
expect "--json error object" json_eq "d['error'][:9]" "no vGPU w"
MVGPU_SYSFS_ROOT=$ROOT/empty check "no GPU at all fails" 1 "is the mvgpu module loaded" -- types

echo "# $((n - failed)) passed, $failed failed"
[ "$n" -eq 35 ] || echo "# planned 35 tests, ran $n"
[ "$failed" -eq 0 ]
