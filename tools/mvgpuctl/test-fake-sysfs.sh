#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Unit test of mvgpuctl against a fake sysfs tree (MVGPU_SYSFS_ROOT): no
# module needed.  Prints TAP.  Run as root, it also runs mvgpuctl as nobody
# (setpriv) to see root-only counters and attributes refused; otherwise
# those cases are skipped.
#
#   test-fake-sysfs.sh [PATH_TO_MVGPUCTL]

set -u
CTL=$(realpath "${1:-./mvgpuctl}")
HERE=$(cd "$(dirname "$0")" && pwd)
PLAN=163
ROOT=$(mktemp -d /tmp/mvgpuctl-fake.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
export MVGPU_SYSFS_ROOT=$ROOT

U1=11111111-2222-3333-4444-555555555555
U2=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee
U3=33333333-3333-3333-3333-333333333333
U4=44444444-4444-4444-4444-444444444444
U9=99999999-2222-3333-4444-555555555555
chmod 755 "$ROOT"

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

# make_vgpu GPU TYPE UUID ID SLICES: a vGPU as mvgpu's probe leaves it
make_vgpu() {
	local d=$ROOT/devices/mvgpu/$1/$3
	mkdir -p "$d/mvgpu" "$d/vfio-dev/vfio$4" "$ROOT/bus/mdev/devices" \
		"$ROOT/bus/mdev/drivers/mvgpu_vgpu" "$ROOT/kernel/iommu_groups/$4"
	ln -s "../mdev_supported_types/$2" "$d/mdev_type"
	ln -s ../../../bus/mdev/drivers/mvgpu_vgpu "$d/driver"
	ln -s "../../../kernel/iommu_groups/$4" "$d/iommu_group"
	: >"$d/remove"
	chmod 200 "$d/remove"
	echo "$4" >"$d/mvgpu/vgpu_id"
	echo "$5" >"$d/mvgpu/slices"
	echo 0x4000000 >"$d/mvgpu/vram_base"
	echo 0x4000000 >"$d/mvgpu/vram_size"
	echo 65536 >"$d/mvgpu/gtt_base"
	echo 65536 >"$d/mvgpu/gtt_count"
	echo 4 >"$d/mvgpu/weight"
	echo 7 >"$d/mvgpu/mmio_traps"
	echo 3 >"$d/mvgpu/irqs_injected"
	# Like the kernel's: read-only attributes 0444, root-only counters 0400.
	chmod 444 "$d"/mvgpu/*
	chmod 400 "$d/mvgpu/irqs_injected"
	ln -s "../../../devices/mvgpu/$1/$3" "$ROOT/bus/mdev/devices/$3"
}

make_gpu mvgpu0 0 1 2 4
make_gpu mvgpu1 1 2 4 8
make_vgpu mvgpu0 mvgpu-2 "$U1" 1 4
make_vgpu mvgpu1 mvgpu-8 "$U3" 2 1
make_vgpu mvgpu1 mvgpu-8 "$U4" 3 1
V1=$ROOT/devices/mvgpu/mvgpu0/$U1/mvgpu
V3=$ROOT/devices/mvgpu/mvgpu1/$U3/mvgpu
V4=$ROOT/devices/mvgpu/mvgpu1/$U4/mvgpu
# U1: a writable weight and cap, as the kernel has them, per-engine counters.
chmod 644 "$V1/weight"
echo 25 >"$V1/cap"
chmod 644 "$V1/cap"
echo 0 >"$V1/copy0_busy_ns"
echo 5 >"$V1/copy0_submissions"
echo 1 >"$V1/compute0_hangs"
chmod 444 "$V1/copy0_busy_ns"
chmod 400 "$V1/copy0_submissions" "$V1/compute0_hangs"
# U4: a weight whose writes fail with EINVAL (as an out-of-range one would),
# a cap whose writes fail with ENOSPC.
rm "$V4/weight"
ln -s /proc/self/oom_score_adj "$V4/weight"
ln -s /dev/full "$V4/cap"
# mvgpu0: bound, a render node; mvgpu1: its own mvgpu/ group.
mkdir -p "$ROOT/bus/mvgpu/drivers/mvgpu" "$ROOT/devices/mvgpu/mvgpu0/drm/renderD128" \
	"$ROOT/devices/mvgpu/mvgpu0/drm/card0" "$ROOT/devices/mvgpu/mvgpu1/mvgpu" \
	"$ROOT/module/mvgpu_sim/parameters"
ln -s ../../bus/mvgpu/drivers/mvgpu "$ROOT/devices/mvgpu/mvgpu0/driver"
echo "2 copy, 1 compute" >"$ROOT/devices/mvgpu/mvgpu1/mvgpu/engines"
echo 42 >"$ROOT/devices/mvgpu/mvgpu1/mvgpu/copy0_util"
# mvgpu0: the scheduler's group, as the core makes it.
mkdir -p "$ROOT/devices/mvgpu/mvgpu0/sched"
echo 2000 >"$ROOT/devices/mvgpu/mvgpu0/sched/slice_us"
echo 37.5 >"$ROOT/devices/mvgpu/mvgpu0/sched/engine0_busy_pct"
echo 1 >"$ROOT/module/mvgpu_sim/parameters/copy_engines"
echo 1 >"$ROOT/module/mvgpu_sim/parameters/compute_engines"
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
	$CTL "$@" >"$OUT" 2>"$ERR"
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
		sed 's/^/#   /' "$OUT" "$ERR" | head -n 30
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

# json_lines_eq PY_EXPR VALUE: the same on a list of JSON lines, d = [doc, ...]
json_lines_eq() {
	[ "$(python3 -c "import json,sys; d=[json.loads(l) for l in open(sys.argv[1])]; print($1)" "$OUT")" = "$2" ]
}

# json_lines_py PY_CODE VALUE: PY_CODE prints, d = [doc, ...]
json_lines_py() {
	[ "$(python3 -c "import json,sys; d=[json.loads(l) for l in open(sys.argv[1])]; $1" "$OUT")" = "$2" ]
}

# The same as check, as the user nobody (root-only files refused); skipped
# when not run as root.
cp "$CTL" "$ROOT/mvgpuctl"
check_nobody() {
	if [ "$(id -u)" != 0 ]; then
		n=$((n + 1))
		echo "ok $n $1 # SKIP not root"
		return
	fi
	local desc=$1 want=$2 pattern=$3
	shift 4
	CTL_SAVED=$CTL
	CTL="setpriv --reuid=65534 --regid=65534 --clear-groups $ROOT/mvgpuctl"
	check "$desc" "$want" "$pattern" -- "$@"
	CTL=$CTL_SAVED
}

# expect_root: expect, after a check_nobody (skipped when not root)
expect_root() {
	if [ "$(id -u)" = 0 ]; then
		expect "$@"
	else
		n=$((n + 1))
		echo "ok $n $1 # SKIP not root"
	fi
}

# bump_counters: U1's counters grow in the background, as a busy vGPU's do:
# 10 traps and 50 ms of copy-engine time about every 0.1 s, until killed.
bump_counters() {
	(
		t=0 b=0
		while :; do
			t=$((t + 10)) b=$((b + 50000000))
			echo $t >"$V1/.t" && chmod 444 "$V1/.t" && mv "$V1/.t" "$V1/mmio_traps"
			echo $b >"$V1/.b" && chmod 444 "$V1/.b" && mv "$V1/.b" "$V1/copy0_busy_ns"
			sleep 0.1
		done
	) &
	BUMPER=$!
}

echo "1..$PLAN"
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
expect "list: WEIGHT and CAP columns" grep -qE "^UUID .* WEIGHT +CAP$" "$OUT"
expect "list: U1's weight and cap" grep -qE "^$U1 .* 4 +25$" "$OUT"
expect "list: no cap is -" grep -qE "^$U3 .* 4 +-$" "$OUT"
expect "list ignores other mdev devices" lacks "$U2"
check "--json list" 0 "" -- --json l
expect "--json list fields" json_eq "len(d),d[0]['uuid'],d[0]['gpu'],d[0]['vram_size']" "3 $U1 mvgpu0 67108864"
check "list --gpu 1" 0 "^$U4 +mvgpu1 +mvgpu-8 +3 +1 " -- list --gpu 1
expect "list --gpu shows only that GPU's vGPUs" lacks "$U1"
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
# --- per-command help, prefixes
check "create --help" 0 "^Usage: mvgpuctl .*create --type TYPE" -- create --help
expect "create --help names its options" grep -q -- "--uuid UUID" "$OUT"
check "help stats" 0 "^Usage: mvgpuctl .*stats \[UUID" -- help stats
check "top -h" 0 "q" -- top -h
check "'s' is ambiguous (set, stats)" 2 "ambiguous" -- s
check "'t' is ambiguous (types, top)" 2 "ambiguous" -- t
check "missing option value is a usage error" 2 "needs a value" -- list --gpu

# --- gpus
check "gpus" 0 "^mvgpu0 +mvgpu +1 copy, 1 compute +128 MiB +131072 +4/8 +1 +renderD128" -- gpus
expect "gpus: mvgpu1 engines from its mvgpu/ group, 2 vGPUs of 1 slice" \
	grep -qE "^mvgpu1 +- +2 copy, 1 compute +128 MiB +131072 +2/8 +2 +-" "$OUT"
expect "gpus: mvgpu1's mvgpu/ attributes shown" grep -qE "mvgpu/copy0_util +42" "$OUT"
expect "gpus: mvgpu0's sched/ attributes shown" grep -qE "^  sched/engine0_busy_pct +37.5$" "$OUT"
expect "gpus ignores other mdev parents" lacks mtty
check "gpus --gpu mvgpu1" 0 "^mvgpu1 " -- gpus --gpu mvgpu1
expect "gpus --gpu shows one GPU" lacks "^mvgpu0"
check "gpus --gpu unknown" 2 "no mvgpu GPU named '5'" -- gpus --gpu 5
check "gpus extra argument" 2 "unexpected argument" -- gpus x
check "--json gpus" 0 "" -- --json gpus
expect "--json gpus is JSON" is_json
expect "--json gpus fields" json_eq "d[0]['gpu'],d[0]['memory_bytes'],d[0]['gtt_entries'],d[0]['slices'],d[0]['slices_used'],d[0]['vgpus'],d[0]['render_node'],d[0]['engines']" "mvgpu0 134217728 131072 8 4 ['$U1'] renderD128 1 copy, 1 compute"
expect "--json gpus: mvgpu1 attributes" json_eq "d[1]['attributes'],d[1]['vgpus']" "{'copy0_util': 42, 'engines': '2 copy, 1 compute'} ['$U3', '$U4']"
expect "--json gpus: mvgpu0's scheduler" json_eq "d[0]['sched'],d[1]['sched']" "{'engine0_busy_pct': '37.5', 'slice_us': 2000} {}"
MVGPU_SYSFS_ROOT=$ROOT/empty check "gpus with no GPU fails" 1 "is the mvgpu module loaded" -- gpus

# --- info
check "info" 0 "^UUID: +$U1" -- info "$U1"
expect "info: GPU, type, driver" grep -qzE "GPU: +mvgpu0.*Type: +mvgpu-2 \(MVGPU-2\).*Driver: +mvgpu_vgpu" "$OUT"
expect "info: IOMMU group and VFIO device" grep -qzE "IOMMU group: +1 \(/dev/vfio/1\).*VFIO device: +/dev/vfio/devices/vfio1" "$OUT"
expect "info: type parameters from the description" grep -qE "^  framebuffer +64M" "$OUT"
expect "info: every file of mvgpu/, counters too" grep -qE "^  mmio_traps +7$" "$OUT"
expect "info: the writable weight is marked" grep -qE "^  weight +4 +\(writable\)" "$OUT"
expect "info: a read-only file is not" grep -qE "^  slices +4$" "$OUT"
check "info as root reads root-only counters" 0 "^  irqs_injected +3$" -- info "$U1"
check_nobody "info as a user: root-only counter denied" 0 "^  irqs_injected +permission denied" -- info "$U1"
check_nobody "info as a user: the other counters shown" 0 "^  mmio_traps +7" -- info "$U1"
check "--json info" 0 "" -- --json info "$U1"
expect "--json info fields" json_eq "d['uuid'],d['gpu'],d['type'],d['type_name'],d['iommu_group'],d['driver']" "$U1 mvgpu0 mvgpu-2 MVGPU-2 1 mvgpu_vgpu"
expect "--json info attributes" json_eq "d['attributes']['vram_size'],d['attributes']['mmio_traps'],d['writable'],d['errors']" "67108864 7 ['cap', 'weight'] {}"
expect "--json info type_params" json_eq "d['type_params']" "{'denominator': 2, 'framebuffer': '64M', 'gtt_entries': 65536, 'weight': 4, 'max_instance': 2}"
check_nobody "--json info as a user" 0 "" -- --json info "$U1"
expect_root "--json info: errors name the root-only counter" json_eq "d['errors'],'irqs_injected' in d['attributes']" "{'compute0_hangs': 'permission denied', 'copy0_submissions': 'permission denied', 'irqs_injected': 'permission denied'} False"
check "info unknown UUID" 1 "no vGPU with UUID $U9" -- info "$U9"
check "info another driver's mdev" 1 "is not an mvgpu vGPU" -- info "$U2"
check "info bad UUID" 2 "not a valid UUID" -- info 1234
check "info without UUID" 2 "exactly one UUID" -- info
check "--json info error" 1 "" -- --json info "$U9"
expect "--json info error is JSON" json_eq "d['error']" "no vGPU with UUID $U9"

# --- set
check "set weight" 0 "^weight=2$" -- set "$U1" weight=2
expect "set wrote mvgpu/weight" grep -qx 2 "$V1/weight"
check "--json set" 0 "" -- --json set "${U1^^}" weight=3
expect "--json set fields" json_eq "d['uuid'],d['weight']" "$U1 3"
check "set a read-only weight" 1 "weight: read-only in this driver" -- set "$U3" weight=2
expect "the read-only weight is unchanged" grep -qx 4 "$V3/weight"
check "set cap where there is none" 1 "cap: not supported by this driver" -- set "$U3" cap=50
check "set weight and cap at once" 0 "^weight=5$" -- set "$U1" weight=5 cap=30
expect "set wrote both" [ "$(cat "$V1/weight") $(cat "$V1/cap")" = "5 30" ]
check "--json set cap" 0 "" -- --json set "$U1" cap=25 weight=3
expect "--json set cap fields" json_eq "d['cap'],d['weight']" "25 3"
check "set a value the driver rejects (EINVAL)" 1 "weight: the driver rejected 99999 \(EINVAL" -- set "$U4" weight=99999
check "set another kernel error" 1 "cap: cannot write 5: .*\(ENOSPC\)" -- set "$U4" cap=5
check_nobody "set as a user (EACCES)" 1 "weight: permission denied \(EACCES; run as root\)" -- set "$U1" weight=1
check "set weight=abc" 2 "weight: 'abc' is not a number" -- set "$U1" weight=abc
check "set weight=-1" 2 "is not a number" -- set "$U1" weight=-1
check "set without NAME=VALUE" 2 "expected a UUID and NAME=VALUE" -- set "$U1"
check "set NAME only" 2 "is not NAME=VALUE" -- set "$U1" weight
check "set a path as name" 2 "is not an attribute name" -- set "$U1" ../remove=1
check "set unknown UUID" 1 "no vGPU with UUID" -- set "$U9" weight=1
check "set bad UUID" 2 "not a valid UUID" -- set nope weight=1
check "--json set error" 1 "" -- --json set "$U3" weight=2
expect "--json set error is JSON" json_eq "d['error'][:19]" "weight: read-only i"

# --- stats
check "stats" 0 "^$U1 +mvgpu0 +mmio_traps +7 +-$" -- stats
expect "stats: every vGPU" grep -q "^$U4 " "$OUT"
expect "stats: root-only counter for root" grep -qE "^$U1 +mvgpu0 +irqs_injected +3 " "$OUT"
expect "stats: no configuration attribute" lacks "vgpu_id|vram_size|weight"
check "stats UUID" 0 "^$U3 +mvgpu1 +mmio_traps" -- stats "$U3"
expect "stats UUID: only that vGPU" lacks "$U1"
check "stats --gpu 0" 0 "^$U1 " -- stats --gpu 0
expect "stats --gpu: only that GPU's vGPUs" lacks "$U3"
check_nobody "stats as a user" 0 "^$U1 +mvgpu0 +irqs_injected +permission denied" -- stats "$U1"
check "stats unknown UUID" 1 "no vGPU with UUID $U9" -- stats "$U9"
check "stats bad UUID" 2 "not a valid UUID" -- stats xyz
check "stats --interval 0" 2 "--interval: bad seconds" -- stats --interval 0
check "stats --count x" 2 "--count: 'x' is not a positive number" -- stats --count x
check "--json stats" 0 "" -- --json stats
expect "--json stats fields" json_eq "len(d['vgpus']),d['vgpus'][0]['uuid'],d['vgpus'][0]['counters'],'rates' in d['vgpus'][0]" "3 $U1 {'compute0_hangs': 1, 'copy0_busy_ns': 0, 'copy0_submissions': 5, 'irqs_injected': 3, 'mmio_traps': 7} False"
expect "--json stats: weight, cap, counters by engine" json_eq "d['vgpus'][0]['weight'],d['vgpus'][0]['cap'],d['vgpus'][0]['engines']" "3 25 {'compute0': {'hangs': 1}, 'copy0': {'busy_ns': 0, 'submissions': 5}}"
expect "--json stats: no cap, no cap field" json_eq "'cap' in d['vgpus'][1], d['vgpus'][1]['engines']" "False {}"
bump_counters
sleep 0.3
check "stats --interval --count: rates" 0 "" -- stats "$U1" --interval 1 --count 2
expect "stats: two samples, with time stamps" [ "$(grep -c '^# ' "$OUT")" = 2 ]
expect "stats: a rate for mmio_traps in the second" grep -qE "^$U1 +mvgpu0 +mmio_traps +[0-9]+ +[0-9.]+/s$" "$OUT"
expect "stats: a percentage for copy0_busy_ns" grep -qE "^$U1 +mvgpu0 +copy0_busy_ns +[0-9]+ +[0-9.]+%$" "$OUT"
check "--json stats --count 2" 0 "" -- --json stats -c 2 -i 1 "$U1"
expect "--json stats: two JSON lines" json_lines_eq "len(d),'rates' in d[0]['vgpus'][0],'rates' in d[1]['vgpus'][0]" "2 False True"
# The rates are the increase over the interval; busy time in percent.
expect "--json stats: rate = increase / interval" json_lines_py "v0, v1 = d[0]['vgpus'][0], d[1]['vgpus'][0]; r = (v1['counters']['mmio_traps'] - v0['counters']['mmio_traps']) / d[1]['interval']; print(r > 0 and abs(v1['rates']['mmio_traps'] - r) < 0.01 * r)" "True"
expect "--json stats: utilization = busy ns rate / 1e7" json_lines_py "u = d[1]['vgpus'][0]; print(0 < u['utilization']['copy0_busy_ns'] <= 100 and abs(u['utilization']['copy0_busy_ns'] - u['rates']['copy0_busy_ns'] / 1e7) < 1e-6)" "True"
expect "--json stats: the engine's utilization" json_lines_py "u = d[1]['vgpus'][0]; print(u['engines']['copy0']['utilization'] == u['utilization']['copy0_busy_ns'], 'utilization' in d[0]['vgpus'][0]['engines']['copy0'])" "True False"

# --- top
check "top -n 2" 0 "^mvgpuctl top - " -- top -n 2 -d 1
expect "top -n 2: two frames" [ "$(grep -c '^mvgpuctl top - ' "$OUT")" = 2 ]
expect "top: no escape sequences without a terminal" lacks $'\033'
expect "top: a line per GPU" grep -qE "^mvgpu1: 2 vGPUs, 2 slices, busy 0.0%, 0.0 events/s" "$OUT"
expect "top: a column per counter" grep -qE "^UUID +GPU +TYPE +WEIGHT +CAP +compute0_hangs +copy0_busy_ns +copy0_submissions +irqs_injected +mmio_traps$" "$OUT"
expect "top: the busy vGPU first, with rates" \
	sh -c "sed -n '/^UUID/{n;p}' '$OUT' | tail -n 1 | grep -qE '^$U1 +mvgpu0 +mvgpu-2 +3 +25 +0.0/s +[1-9][0-9.]*% +0.0/s +0.0/s +[1-9][0-9.]*/s$'"
expect "top: mvgpu0 busy in the second frame" grep -qE "^mvgpu0: 1 vGPU, 4 slices, busy [1-9][0-9.]*%" "$OUT"
check "top --sort irqs_injected" 0 "sorted by irqs_injected" -- top -n 1 -d 0.1 --sort irqs_injected
check "--json top -n 2" 0 "" -- --json top -n 2 -d 1
expect "--json top: two frames, busiest first" json_lines_eq "len(d),d[1]['vgpus'][0]['uuid'],d[1]['vgpus'][0]['utilization']['copy0_busy_ns'] > 0" "2 $U1 True"
kill "$BUMPER"
wait "$BUMPER" 2>/dev/null
n=$((n + 1))
start=$(date +%s%N)
echo q | timeout 10 "$CTL" top -d 5 >"$OUT" 2>"$ERR"
rc=$? ms=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" = 0 ] && [ "$ms" -lt 3000 ]; then
	echo "ok $n top quits on q"
else
	echo "not ok $n top quits on q # exit $rc after $ms ms"
	failed=$((failed + 1))
fi
# script(1) gives top a terminal: it clears the screen, and q (typed after
# half a second) quits.
n=$((n + 1))
(sleep 0.5; printf q) | timeout 10 script -qec "$CTL top -d 5" /dev/null >"$OUT" 2>&1
rc=$?
if [ "$rc" = 0 ] && grep -q $'\033\[H\033\[2J' "$OUT" && grep -q "q quits" "$OUT"; then
	echo "ok $n top on a terminal: redraws, quits on q"
else
	echo "not ok $n top on a terminal: redraws, quits on q # exit $rc"
	sed 's/^/#   /' "$OUT" | cat -v
	failed=$((failed + 1))
fi
n=$((n + 1))
(sleep 0.5; printf q) | timeout 10 script -qec "stty cols 70 rows 12; $CTL top -d 5" /dev/null >"$OUT" 2>&1
if grep -q "^11111111  mvgpu0 " "$OUT" && grep -q "more counter.*widen the terminal" "$OUT"; then
	echo "ok $n top on a 70-column terminal: short UUIDs, counters left out said so"
else
	echo "not ok $n top on a 70-column terminal"
	sed 's/^/#   /' "$OUT" | cat -v
	failed=$((failed + 1))
fi
check "top --delay 0" 2 "--delay: bad seconds" -- top --delay 0
check "top -n 0" 2 "--iterations: bad number" -- top -n 0
check "top extra argument" 2 "unexpected argument" -- top x
check "top --gpu unknown" 2 "no mvgpu GPU named" -- top --gpu 7
# --- bash completion (from the fake tree), man page, make install
# completion WORD...: what the completion offers for the last word
completion() {
	(
		# shellcheck source=/dev/null
		. "$HERE/mvgpuctl.bash-completion"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_mvgpuctl
		printf '%s\n' "${COMPREPLY[@]}"
	) >"$OUT" 2>"$ERR"
}
offers() {	# offers WORDS: the last completion offered exactly these
	[ "$(sort "$OUT" | xargs)" = "$*" ]
}
completion mvgpuctl ""
expect "completion: commands" offers create destroy gpus help info list set stats top types
completion mvgpuctl --json st
expect "completion: a command after --json" offers stats
completion mvgpuctl info ""
expect "completion: mvgpu vGPU UUIDs only" offers "$U1 $U3 $U4"
completion mvgpuctl create --type ""
expect "completion: types" offers mvgpu-1 mvgpu-2 mvgpu-4 mvgpu-8
completion mvgpuctl types --gpu m
expect "completion: mvgpu GPUs only" offers mvgpu0 mvgpu1
completion mvgpuctl set "$U4" ""
expect "completion: set offers the writable attributes" offers cap= weight=
completion mvgpuctl set "$U3" ""
expect "completion: none on a vGPU without one" offers
completion mvgpuctl top --sort ""
expect "completion: --sort offers the counters" offers compute0_hangs copy0_busy_ns copy0_submissions irqs_injected mmio_traps
completion mvgpuctl stats --i
expect "completion: stats options" offers --interval

n=$((n + 1))
warnings=$(groff -man -ww -z "$HERE/mvgpuctl.8" 2>&1)
if [ -z "$warnings" ]; then echo "ok $n man page: groff finds nothing to warn about"
else echo "not ok $n man page: groff warnings"; printf '#   %s\n' "$warnings"; failed=$((failed + 1)); fi
commands=$("$CTL" --help | sed -n 's/^  \([a-z]*\) .*/\1/p; s/^  \([a-z]*\)$/\1/p' | grep -vx help)
missing=""
for c in $commands; do
	grep -qx ".B $c\|.BR $c .*" "$HERE/mvgpuctl.8" || missing="$missing $c"
	grep -q "^	${c}\b\|[ |]${c}[ )|]" "$HERE/mvgpuctl.bash-completion" || missing="$missing $c(completion)"
done
expect "man page and completion know every command of --help ($(tr "\n" " " <<<"$commands"))" [ -z "$missing" ]
[ -z "$missing" ] || echo "# missing:$missing"
make -s -C "$HERE" install DESTDIR="$ROOT/inst" PREFIX=/usr >"$OUT" 2>&1
expect "make install DESTDIR= PREFIX=" test -x "$ROOT/inst/usr/sbin/mvgpuctl" -a \
	-f "$ROOT/inst/usr/share/man/man8/mvgpuctl.8" -a \
	-f "$ROOT/inst/usr/share/bash-completion/completions/mvgpuctl"
make -s -C "$HERE" uninstall DESTDIR="$ROOT/inst" PREFIX=/usr >"$OUT" 2>&1
expect "make uninstall" [ -z "$(find "$ROOT/inst" -type f)" ]

check "destroy" 0 "" -- destroy "$U1"
chmod u+r "$ROOT/devices/mvgpu/mvgpu0/$U1/remove"	# 0200, as in sysfs
expect "destroy wrote 1 to remove" grep -qx 1 "$ROOT/devices/mvgpu/mvgpu0/$U1/remove"
check "destroy unknown UUID fails" 1 "no vGPU with UUID" -- destroy "${U1/1111/9999}"
check "destroy bad UUID is a usage error" 2 "not a valid UUID" -- destroy xyz
check "--json error is JSON" 1 "" -- --json destroy "${U1/1111/9999}"
expect "--json error object" json_eq "d['error'][:9]" "no vGPU w"
MVGPU_SYSFS_ROOT=$ROOT/empty check "no GPU at all fails" 1 "is the mvgpu module loaded" -- types

echo "# $((n - failed)) passed, $failed failed"
[ "$n" -eq "$PLAN" ] || { echo "# planned $PLAN tests, ran $n"; exit 1; }
[ "$failed" -eq 0 ]
