#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The end-to-end demonstration (what `make demo` runs), as root:
#
#   1. install what is needed (scripts/deps.sh) and build (make);
#   2. boot a throw-away VM on Debian's stock kernel (scripts/vm-run) and in
#      it: load the modules, list the vGPU types with mvgpuctl, create vGPUs
#      of several types while available_instances shrinks, attach QEMU to a
#      vGPU and read its PCI identity, run host workloads on the GPU's
#      render node and, beside them, work on a vGPU driven by the
#      userspace guest (tools/mvgpu-guest), share an engine between two
#      vGPUs of different weights in the ratio of their weights;
#   3. boot a real QEMU guest inside that VM on a vGPU (scripts/vm-run
#      --vgpu, nested, TCG: minutes), load mvgpu.ko in the guest, run
#      mvgpu-work there, draw a test pattern on its screen and capture the
#      screen through QEMU's monitor into build/demo-screen.ppm (on this
#      machine: the VM sends it back over its output);
#   4. destroy everything, unload.
#
# Each step says what it does and what to look for.
#
# Usage: scripts/demo.sh
#        scripts/demo.sh --in-vm   (the part that runs inside the VM)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

say() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

ctl() {
	echo "\$ mvgpuctl $*"
	tools/mvgpuctl/mvgpuctl "$@"
}

# create VAR ARGS...: mvgpuctl create ARGS, the new UUID into VAR
create() {
	local var=$1 out
	shift
	echo "\$ mvgpuctl create $*"
	out=$(tools/mvgpuctl/mvgpuctl create "$@")
	echo "$out"
	printf -v "$var" '%s' "$out"
}

avail() {
	local t line=""
	for t in mvgpu-1 mvgpu-2 mvgpu-4 mvgpu-8; do
		line+="$t: $(cat "/sys/class/mdev_bus/mvgpu0/mdev_supported_types/$t/available_instances")   "
	done
	echo "    available_instances -> $line"
}

# share_step UUID1 UUID2: two vGPUs of weights 1 and 3 share copy0
share_step() {
	local a=$1 b=$2 slice pa pb a0 b0 a1 b1
	local sl=/sys/class/mdev_bus/mvgpu0/sched/slice_us

	say "Two vGPUs share an engine by weight.  The scheduler gives each" \
	    "client with work engine time in proportion to its weight; an admin" \
	    "sets the weights at run time (mvgpu/weight, from the next slice)."
	ctl set "$a" weight=1
	ctl set "$b" weight=3
	slice=$(cat "$sl")
	note "A context switch costs $(($(cat /sys/class/mdev_bus/mvgpu0/sched/switch_ns) / 1000)) us" \
	     "in this emulated VM (microseconds on real hardware): with" \
	     "${slice} us slices the switches would dominate, so the demo uses" \
	     "50 ms slices (echo 50000 > $sl)."
	echo 50000 >"$sl"
	note "Weights divide the engine among contexts that have work waiting." \
	     "Each guest keeps two turns of 64 FILLs of 1 MiB queued (some" \
	     "40 ms of engine time, near a slice): with fewer (--depth 16, 10 ms)" \
	     "the weight-3 guest's queue runs dry inside its slices while it" \
	     "checks results, the weight-1 guest gets the engine meanwhile, and" \
	     "the ratio falls towards 1.4 (work-conserving, no banked credit)."
	echo "\$ mvgpu-guest $a load --seconds 600 --depth 64 &   (and the same for $b)"
	tools/mvgpu-guest/mvgpu-guest "$a" load --seconds 600 --depth 64 >/tmp/demo-load.a 2>&1 &
	pa=$!
	tools/mvgpu-guest/mvgpu-guest "$b" load --seconds 600 --depth 64 >/tmp/demo-load.b 2>&1 &
	pb=$!
	for _ in $(seq 600); do
		[ "$(cat "/sys/bus/mdev/devices/$a/mvgpu/copy0_submissions")" != 0 ] &&
			[ "$(cat "/sys/bus/mdev/devices/$b/mvgpu/copy0_submissions")" != 0 ] && break
		sleep 0.1
	done
	sleep 1
	a0=$(cat "/sys/bus/mdev/devices/$a/mvgpu/copy0_busy_ns")
	b0=$(cat "/sys/bus/mdev/devices/$b/mvgpu/copy0_busy_ns")
	sleep 5
	a1=$(cat "/sys/bus/mdev/devices/$a/mvgpu/copy0_busy_ns")
	b1=$(cat "/sys/bus/mdev/devices/$b/mvgpu/copy0_busy_ns")
	ctl stats "$a" "$b" | grep -E "^UUID|copy0_(busy_ns|preemptions)"
	kill -TERM "$pa" "$pb"
	wait "$pa" "$pb" || true
	cat /tmp/demo-load.a /tmp/demo-load.b
	echo "$slice" >"$sl"
	awk -v a="$((a1 - a0))" -v b="$((b1 - b0))" 'BEGIN {
		printf "    copy0 over 5 s: weight 1 ran %.0f ms, weight 3 ran %.0f ms:" \
		       " measured ratio %.2f (weights 3.00), shares %.2f / %.2f\n",
		       a / 1e6, b / 1e6, a ? b / a : 0, a / (a + b), b / (a + b) }'
}

# guest_step UUID: a real QEMU guest on the vGPU UUID, its screen captured
guest_step() {
	local u=$1 d=/tmp/demo-guest opts=() rc=0
	local cmd="tests/guest/in-guest.sh pci"

	say "A real guest on a vGPU.  Inside this VM, QEMU 7.2 boots Debian's" \
	    "stock kernel again (TCG inside TCG: expect minutes) with the" \
	    "MVGPU-8 $u as -device vfio-pci,sysfsdev=...; the guest loads" \
	    "mvgpu.ko, whose PCI front end drives the vGPU directly, and runs" \
	    "mvgpu-work on its own render node."
	mkdir -p "$d"
	if [ -f drivers/mvgpu/core/pci.c ]; then
		cmd+="; tests/guest/in-guest.sh load && tests/guest/in-guest.sh work --size 1048576 --iterations 3 all"
	else
		note "(this tree has no guest driver yet: the guest only lists its PCI devices)"
	fi
	if [ -f drivers/mvgpu/vgpu/display.c ] && [ -f drivers/mvgpu/drm/drm_kms.c ]; then
		opts+=(--display)
		# The pattern's frame is made here for the usual stride (Python
		# in the nested guest is slow); another stride draws in Python.
		python3 tests/guest/pattern.py frame 320 200 4096 "$d/frame"
		cmd+="; if [ \"\$(tests/guest/in-guest.sh fbinfo)\" = 'fb 32 4096' ]; then"
		cmd+=" tests/guest/in-guest.sh show $d/frame; else tests/guest/in-guest.sh draw 320 200; fi"
		cmd+="; sleep 3; echo DEMO-DRAWN; sleep 600"
	fi
	echo "\$ scripts/vm-run --mem 448 --vgpu $u ${opts[*]} --monitor $d/qmp -- '$cmd'"
	(cd "$d" && exec "$top/scripts/vm-run" --mem 448 --timeout 1500 --vgpu "$u" "${opts[@]}" \
		--monitor "$d/qmp" --pidfile "$d/pid" -- "cd $top && { $cmd; }") \
		>"$d/out" 2>&1 &
	local vm=$!
	if [ ${#opts[@]} -gt 0 ]; then
		while kill -0 "$vm" 2>/dev/null && ! grep -q DEMO-DRAWN "$d/out"; do
			sleep 2
		done
		sed 's/^/    guest: /' "$d/out"
		# The first screendump makes QEMU switch its console to the plane.
		scripts/guest-qmp "$d/qmp" screendump filename="$d/screen.ppm" >/dev/null || true
		sleep 2
		if scripts/guest-qmp "$d/qmp" screendump filename="$d/screen.ppm" >/dev/null; then
			note "The guest's screen, captured through QMP screendump:"
			python3 tests/guest/pattern.py check 320 200 "$d/screen.ppm" | sed 's/^/    /'
			echo "DEMO-SCREEN-BEGIN"
			base64 -w 76 "$d/screen.ppm"
			echo "DEMO-SCREEN-END"
		else
			note "screendump failed"
		fi
		scripts/guest-qmp "$d/qmp" quit >/dev/null || true
		wait "$vm" || rc=$?
	else
		wait "$vm" || rc=$?
		sed 's/^/    guest: /' "$d/out"
	fi
	note "The guest ended (vm-run status $rc); pinned pages of the vGPU now:" \
	     "$(cat "/sys/bus/mdev/devices/$u/mvgpu/pinned_pages")"
}

in_vm() {
	local big="" small1="" small2=""

	say "Loading the modules: mvgpu_sim emulates a GPU (mvgpu0, 128 MiB of" \
	    "device memory), mvgpu binds it and offers it to the mdev framework."
	scripts/mvgpu-load
	note "mdev parents: $(ls /sys/class/mdev_bus)"

	say "The vGPU types mvgpu0 offers.  The GPU is cut in 8 slices; MVGPU-N" \
	    "gets 1/N of it, so at most N of them fit."
	ctl types
	avail

	say "Creating an MVGPU-2 vGPU (half the GPU).  mvgpuctl picks the GPU," \
	    "generates a UUID and writes it to mdev_supported_types/mvgpu-2/create."
	create big --type mvgpu-2
	note "Half the GPU is used: one more MVGPU-2 fits, no MVGPU-1 does."
	avail

	say "Creating two MVGPU-8 vGPUs (1/8 each) in the other half."
	create small1 --type MVGPU-8
	create small2 --type 8 --gpu mvgpu0
	note "Two slices are left, as one aligned pair: room for one MVGPU-4" \
	     "or two MVGPU-8, and no longer for an MVGPU-2."
	avail

	say "The vGPUs and the part of the GPU each owns (sysfs mvgpu/ group):"
	ctl list
	echo "\$ mvgpuctl --json list"
	tools/mvgpuctl/mvgpuctl --json --pretty list

	say "Asking for another MVGPU-2 fails: no free aligned half is left." \
	    "mvgpuctl reports the kernel's ENOSPC and exits with status 1."
	if ctl create --type mvgpu-2; then
		note "unexpected: it was created"
	else
		note "(exit status $?, as expected)"
	fi

	say "Attaching QEMU to a vGPU.  tests/qemu/vfio-qtest.sh creates an" \
	    "MVGPU-4 (the last free pair), starts QEMU with it as a vfio-pci" \
	    "device at 00:05.0 and, over QEMU's qtest protocol, reads its PCI" \
	    "IDs, sizes its BARs and reads BAR0 registers as a guest would."
	tests/qemu/vfio-qtest.sh --keep-modules
	note "QEMU stopped and the MVGPU-4 is destroyed again:"
	avail

	say "Meanwhile the host uses the same GPU natively: mvgpu-work runs fill," \
	    "copy and CRC32C batches through the render node on the copy and" \
	    "compute engines, and checks every result byte on the CPU."
	echo "\$ mvgpu-work --size 4194304 --iterations 4 all"
	tools/mvgpu-work/mvgpu-work --size 4194304 --iterations 4 all
	echo "\$ mvgpu-work --engine compute --size 4194304 --iterations 4 all"
	tools/mvgpu-work/mvgpu-work --engine compute --size 4194304 --iterations 4 all

	say "A vGPU runs work beside the render node.  mvgpu-guest does what" \
	    "QEMU and a guest driver would: it opens the MVGPU-8 $small1 through" \
	    "VFIO, maps its own memory as guest RAM, programs the vGPU's GTT," \
	    "a ring and a status page as the hardware manual says, and submits" \
	    "FILL, COPY and CRC32C batches; the host checks and shadows each" \
	    "submission before the GPU runs it.  Meanwhile mvgpu-work runs on" \
	    "the render node.  Both check every result byte."
	echo "\$ mvgpu-guest $small1 info"
	tools/mvgpu-guest/mvgpu-guest "$small1" info
	echo "\$ mvgpu-work --size 4194304 --iterations 4 all &"
	echo "\$ mvgpu-guest --size 4M --iterations 4 $small1 all"
	tools/mvgpu-work/mvgpu-work --size 4194304 --iterations 4 all &
	local work=$!
	tools/mvgpu-guest/mvgpu-guest --size 4M --iterations 4 "$small1" all
	wait "$work"
	note "The vGPU's counters (sysfs mvgpu/): MMIO accesses trapped," \
	     "submissions, bytes scanned; no page stays pinned once it closed:"
	(cd "/sys/bus/mdev/devices/$small1/mvgpu" &&
		grep -H . mmio_traps submissions rejected bytes_scanned pinned_pages)

	share_step "$small1" "$small2"

	guest_step "$small2"

	say "Destroying the vGPUs (echo 1 > /sys/bus/mdev/devices/UUID/remove)."
	for u in "$small2" "$small1" "$big"; do
		ctl destroy "$u"
		avail
	done
	ctl list

	say "Unloading the modules."
	scripts/mvgpu-load --unload
	note "mdev parents left: $(find /sys/class/mdev_bus -mindepth 1 -maxdepth 1 | wc -l)"
	say "Demo finished."
}

if [ "${1:-}" = --in-vm ]; then
	in_vm
	exit 0
fi
[ $# = 0 ] || { echo "usage: scripts/demo.sh" >&2; exit 2; }

say "Installing what the build and the VM need (scripts/deps.sh)."
scripts/deps.sh </dev/null

say "Building the modules, mvgpuctl and the tests (make)."
make -s

say "Booting a VM on Debian's stock kernel (scripts/vm-run).  It shares this" \
    "machine's files read-only; the modules can only be loaded in there."
screen=$top/build/demo-screen.ppm
mkdir -p "$top/build"
rm -f "$screen"
# The VM's files are its own: the guest's screen comes back base64 in the
# output, between markers, and is decoded into $screen.
scripts/vm-run --smp 2 --mem 3072 --timeout 2400 -- scripts/demo.sh --in-vm |
	while IFS= read -r line; do
		case "$line" in
		DEMO-SCREEN-BEGIN) : >"$screen.b64"; grab=1 ;;
		DEMO-SCREEN-END) base64 -d "$screen.b64" >"$screen"; rm -f "$screen.b64"; grab=0 ;;
		*) if [ "${grab:-0}" = 1 ]; then echo "$line" >>"$screen.b64"; else echo "$line"; fi ;;
		esac
	done
if [ -s "$screen" ]; then
	say "The guest's screen is in $screen (a PPM image: open it with any viewer)."
else
	say "No screen was captured (see above)."
fi
