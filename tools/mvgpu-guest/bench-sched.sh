#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The scheduler benchmark (what `make bench-sched` runs in a VM, as root).
# Numbers are printed, never asserted:
#
#   share error   vGPUs with the weights given, each kept busy on copy0 by
#                 `mvgpu-guest load`; each one's share of their engine time
#                 (mvgpu/copy0_busy_ns over the measuring interval) against
#                 weight / sum of weights; the largest error per set
#   preemption    p50/p99/max latency of a short batch (one STORE_DWORD,
#                 `mvgpu-guest latency`) on an idle engine, and with another
#                 vGPU running 1 GiB FILLs on it (64 KiB rows at pitch 0)
#   throughput    the aggregate FILL throughput of 1, 8, 32 and 64 vGPUs
#                 all busy on copy0, against one native render-node client
#                 (mvgpu-work fill, same batch size); a count needs a type
#                 with that many instances per GPU (else "no type")
#   memory        host kernel memory per idle vGPU: Slab + VmallocUsed +
#                 PageTables + KernelStack of /proc/meminfo before and after
#                 creating as many idle vGPUs of the finest type as fit
#
# Usage: tools/mvgpu-guest/bench-sched.sh [--quick]
#   --quick  shorter intervals (a smoke run)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
GUEST=$here/mvgpu-guest
WORK=$top/tools/mvgpu-work/mvgpu-work
GPU=/sys/class/mdev_bus/mvgpu0
SIZE=1M
MEASURE=4 WARMUP=1
[ "${1:-}" = --quick ] && MEASURE=2 WARMUP=0.5

[ "$(id -u)" = 0 ] || { echo "bench-sched: run as root (scripts/vm-run)" >&2; exit 2; }
for f in "$GUEST" "$WORK"; do
	[ -x "$f" ] || { echo "bench-sched: $f missing (make tools)" >&2; exit 2; }
done

tmp=$(mktemp -d)
pids=()
uuids=()
cleanup() {
	local p u
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for u in "${uuids[@]}"; do
		[ -e "/sys/bus/mdev/devices/$u" ] && echo 1 >"/sys/bus/mdev/devices/$u/remove"
	done
	uuids=()
	pids=()
}
trap 'cleanup; rm -rf "$tmp"' EXIT
"$top/scripts/mvgpu-load" >/dev/null

attr() { cat "/sys/bus/mdev/devices/$1/mvgpu/$2"; }

# The finest type of mvgpu0 (most instances): its directory.
finest_type() {
	local t best="" n max=0
	for t in "$GPU"/mdev_supported_types/*; do
		n=$(cat "$t/available_instances")
		if [ "$n" -gt "$max" ]; then max=$n best=${t##*/}; fi
	done
	echo "$best"
}

# create TYPE: a new vGPU, its UUID appended to uuids (and printed)
create() {
	local u
	u=$(cat /proc/sys/kernel/random/uuid)
	echo "$u" >"$GPU/mdev_supported_types/$1/create" || return 1
	uuids+=("$u")
}

# start_loads [ARGS...]: `mvgpu-guest UUID load ARGS` on every vGPU
start_loads() {
	local u i=0
	for u in "${uuids[@]}"; do
		"$GUEST" "$u" load --seconds 600 "$@" >"$tmp/load.$i" 2>&1 &
		pids+=($!)
		i=$((i + 1))
	done
}

# wait_busy: every vGPU has submitted on copy0 (at most 120 s)
wait_busy() {
	local u n
	for u in "${uuids[@]}"; do
		for n in $(seq 1200); do
			[ "$(attr "$u" copy0_submissions)" != 0 ] && break
			sleep 0.1
		done
	done
	sleep "$WARMUP"
}

# stop_loads: SIGTERM, wait, results checked; then destroy the vGPUs
stop_loads() {
	local p bad=0 f
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
	pids=()
	for f in "$tmp"/load.*; do
		grep -q "all correct" "$f" || { bad=$((bad + 1)); sed 's/^/    /' "$f"; }
	done
	rm -f "$tmp"/load.*
	cleanup
	[ "$bad" = 0 ] || echo "    ($bad load(s) failed or gave wrong results)"
}

# busy_sample FILE: "uuid busy_ns" per vGPU, and the time
busy_sample() {
	local u
	{
		date +%s.%N
		for u in "${uuids[@]}"; do echo "$u $(attr "$u" copy0_busy_ns)"; done
	} >"$1"
}

echo "mvgpu scheduler benchmark ($(uname -r), $(nproc) vCPU(s), GPU mvgpu0:" \
	"$(cat /sys/module/mvgpu_sim/parameters/copy_engines) copy engine(s))"

echo
SLICE=$GPU/sched/slice_us
slice0=$(cat "$SLICE" 2>/dev/null || echo "")
for slice in ${slice0:+"$slice0"} ${slice0:+50000}; do
echo "== Share of copy0's time by weight, slice ${slice} us (${MEASURE} s each;" \
	"error = |share - ideal|)"
echo "$slice" >"$SLICE"
printf '%-14s %-34s %-34s %s\n' weights "ideal shares" "measured shares" "max error"
for set in "1 1" "1 2" "1 4" "1 8" "1 2 4 8"; do
	read -ra ws <<<"$set"
	ok=1
	for w in "${ws[@]}"; do
		create mvgpu-8 || { ok=0; break; }
		echo "$w" >"/sys/bus/mdev/devices/${uuids[-1]}/mvgpu/weight"
	done
	if [ "$ok" = 0 ]; then
		echo "${set// /:}: cannot create ${#ws[@]} MVGPU-8 vGPUs"
		cleanup
		continue
	fi
	start_loads --size "$SIZE" --depth 16
	wait_busy
	busy_sample "$tmp/a"
	sleep "$MEASURE"
	busy_sample "$tmp/b"
	paste -d' ' <(tail -n +2 "$tmp/a") <(tail -n +2 "$tmp/b") |
		awk -v ws="$set" -v label="${set// /:}" '
		{ d[NR] = $4 - $2; sum += d[NR] }
		END {
			n = split(ws, w, " "); wsum = 0
			for (i = 1; i <= n; i++) wsum += w[i]
			for (i = 1; i <= n; i++) {
				ideal = w[i] / wsum; got = sum ? d[i] / sum : 0
				e = got - ideal; if (e < 0) e = -e
				if (e > max) max = e
				is = is sprintf("%.3f ", ideal); gs = gs sprintf("%.3f ", got)
			}
			printf "%-14s %-34s %-34s %.3f\n", label, is, gs, max
		}'
	stop_loads
done
echo "(a context switch costs $(cat "$GPU/sched/switch_ns" 2>/dev/null || echo ?) ns here, sched/switch_ns)"
echo
done
[ -z "$slice0" ] || echo "$slice0" >"$SLICE"

echo
echo "== Preemption: a short batch's latency, doorbell to completion"
create mvgpu-8
create mvgpu-8
probe=${uuids[1]}
"$GUEST" "$probe" latency --seconds "$MEASURE" --interval-ms 5 | sed 's/^/idle engine:        /'
"$GUEST" "${uuids[0]}" load --seconds 600 --long 1G --size 64K --depth 1 >"$tmp/load.0" 2>&1 &
pids+=($!)
for n in $(seq 1200); do
	[ "$(attr "${uuids[0]}" copy0_submissions)" != 0 ] && break
	sleep 0.1
done
sleep "$WARMUP"
"$GUEST" "$probe" latency --seconds "$MEASURE" --interval-ms 5 | sed 's/^/1 GiB FILL running: /'
echo "    the long FILL's vGPU: $(attr "${uuids[0]}" copy0_preemptions) preemptions"
uuids=("${uuids[0]}")
stop_loads
echo 1 >"/sys/bus/mdev/devices/$probe/remove"

echo
echo "== Aggregate FILL throughput on copy0 (256 KiB batches, ${MEASURE} s, slice $(cat "$GPU/sched/slice_us" 2>/dev/null || echo ?) us)"
native=$("$WORK" --size 262144 --iterations 256 fill | sed -n 's/.*: \([0-9.]*\) MiB\/s.*/\1/p')
printf '%-22s %12s %10s\n' clients "MiB/s" "vs native"
printf '%-22s %12.1f %10.2f\n' "1 native (render node)" "$native" 1
type=$(finest_type)
max=$(cat "$GPU/mdev_supported_types/$type/available_instances")
for n in 1 8 32 64; do
	if [ "$n" -gt "$max" ]; then
		printf '%-22s %12s %10s\n' "$n vGPUs" "no type" "-"
		continue
	fi
	for _ in $(seq "$n"); do create "$type"; done
	# All set up first, then all start together for MEASURE seconds.
	start=$(awk -v t="$(date +%s.%N)" -v n="$n" 'BEGIN { printf "%.3f", t + 3 + n / 4 }')
	start_loads --size 256K --depth 8 --seconds "$MEASURE" --start-at "$start"
	for p in "${pids[@]}"; do wait "$p" || true; done
	pids=()
	# Bytes of all over the time from the common start to the last end.
	total=$(cat "$tmp"/load.* | awk -v s="$start" '
		/^load-end:/ { b += $4; if ($8 > e) e = $8 }
		END { printf "%.1f", (e > s ? b / 1048576 / (e - s) : 0) }')
	good=$(grep -l "all correct" "$tmp"/load.* | wc -l)
	printf '%-22s %12.1f %10.2f%s\n' "$n vGPUs ($type)" "$total" \
		"$(awk -v a="$total" -v b="$native" 'BEGIN { printf "%.2f", b ? a / b : 0 }')" \
		"$([ "$good" = "$n" ] || echo "  ($((n - good)) failed)")"
	rm -f "$tmp"/load.*
	cleanup
done

echo
echo "== Host kernel memory per idle vGPU"
type=$(finest_type)
n=$(cat "$GPU/mdev_supported_types/$type/available_instances")
kmem() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	awk '/^(Slab|VmallocUsed|PageTables|KernelStack):/ { s += $2 } END { print s }' /proc/meminfo
}
before=$(kmem)
for _ in $(seq "$n"); do create "$type"; done
after=$(kmem)
echo "$n idle $type vGPUs: $((after - before)) KiB of Slab+VmallocUsed+PageTables+KernelStack," \
	"$(( (after - before) / n )) KiB per vGPU"
cleanup
"$top/scripts/mvgpu-load" --unload
