#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The end-to-end suite: real QEMU guests on vGPUs.  Inside the host VM, as
# root, modules not loaded (scripts/vm-run --smp 2 --mem 3072 --
# tests/guest/run.sh; scripts/check.sh guest):
#
#   1. load the modules; create vGPUs A (MVGPU-4), B (MVGPU-8) and C
#      (MVGPU-8);
#   2. boot two nested guests at once (scripts/vm-run inside the VM: QEMU
#      7.2, TCG, Debian's stock kernel, the same root again over 9p):
#      guest a with A (display=on when the display plane is built) and C,
#      guest b with B; each runs tests/guest/agent.sh, which takes its
#      commands from a directory of this VM's /tmp;
#   3. both see their vGPUs on PCI; both load mvgpu.ko (its PCI front end
#      binds the vGPU) and run fill/copy/crc through mvgpu-work, every byte
#      checked, while the host's render node runs mvgpu-work too;
#   4. numbers (printed, never asserted): the same workload in guest a and
#      natively, throughput ratio; submit-to-fence latency p50/p99;
#   5. guest a draws the test pattern on its fbdev console; a screendump
#      through QMP matches it pixel for pixel;
#   6. guest b's QEMU is killed (SIGKILL) mid-work: nothing of B stays
#      pinned, B can be destroyed, guest a still runs work and verifies;
#   7. guest a resets its vGPUs (function-level reset through their AF
#      capability, the driver bound: its reset hooks stop and restart the
#      engines) mid-work, and the work goes on; the driver unbinds and
#      binds again; QMP system_reset mid-work: guest a reboots and runs
#      again;
#   8. `remove` of C on the host while guest a runs: the REQ eventfd, QEMU
#      unplugs it, the guest loses it; the write completes;
#   9. guest a shuts down (QMP quit); no page of A stays pinned; A is
#      destroyed; the modules unload.
#
# Tests that need the guest driver (drivers/mvgpu/core/pci.c) or the
# display (drivers/mvgpu/vgpu/display.c and drivers/mvgpu/drm/drm_kms.c)
# are skipped, saying so, when those are not in the tree.
#
# Prints TAP (the plan at the end); exits 0 when every test passed.
# Environment: E2E_BOOT_TIMEOUT (default 1500 s) for a nested boot.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/guest/lib.sh
. "$here/lib.sh"

boot_timeout=${E2E_BOOT_TIMEOUT:-1500}
gmem=448
W=320 H=200
work_args="--size 1048576 --iterations 3 all"
A="" B="" C=""
drv=0 disp=0
[ -f "$top/drivers/mvgpu/core/pci.c" ] && drv=1
[ -f "$top/drivers/mvgpu/vgpu/display.c" ] && [ -f "$top/drivers/mvgpu/drm/drm_kms.c" ] && disp=1
nodrv="no guest driver in this tree (drivers/mvgpu/core/pci.c)"
nodisp="no display plane in this tree (vgpu/display.c, drm/drm_kms.c)"

cleanup() {
	local g u
	for g in a b; do
		[ -f "$E2E_DIR/$g/vmrun.pid" ] && guest_alive "$g" && guest_kill "$g"
	done
	for u in $A $B $C; do
		vgpu_remove "$u" 30
	done
	"$top/scripts/mvgpu-load" --unload >/dev/null 2>&1
}
trap cleanup EXIT

bail() {
	echo "Bail out! $*"
	exit 1
}

# check DESCRIPTION COMMAND...: one result, COMMAND's status
check() {
	local what=$1
	shift
	"$@"
	ok $? "$what"
}

# host_work ARGS: mvgpu-work on the host's render node
host_work() { "$top/tools/mvgpu-work/mvgpu-work" "$@"; }

# vgpus: how many vGPU lines "in-guest.sh pci" printed (in guest_run's output)
vgpus() { grep -c '^#   vgpu '; }

# mibs OUTPUT_LINES: the MiB/s of mvgpu-work's first result line
mibs() { sed -n 's/.*: \([0-9.]*\) MiB\/s.*/\1/p' | head -n 1; }

echo "TAP version 13"
[ "$(id -u)" = 0 ] || bail "must run as root (inside scripts/vm-run)"
command -v qemu-system-x86_64 >/dev/null || bail "qemu-system-x86_64 not installed"
[ -x "$top/tools/mvgpu-work/mvgpu-work" ] || bail "tools/mvgpu-work not built (make)"
diag "guest driver: $([ $drv = 1 ] && echo yes || echo no), display: $([ $disp = 1 ] &&
	echo yes || echo no), kernel $(uname -r)"

"$top/scripts/mvgpu-load" --unload >/dev/null 2>&1
"$top/scripts/mvgpu-load" || bail "scripts/mvgpu-load failed"
A=$(vgpu_create mvgpu-4) || bail "cannot create an MVGPU-4"
B=$(vgpu_create mvgpu-8) || bail "cannot create an MVGPU-8"
C=$(vgpu_create mvgpu-8) || bail "cannot create a second MVGPU-8"
diag "vGPUs: A $A (MVGPU-4), B $B (MVGPU-8), C $C (MVGPU-8)"

# --- 2. two guests at once ---------------------------------------------
t0=$SECONDS
a_opts=(--mem "$gmem" --timeout 3000 --reboot --vgpu "$A" --vgpu "$C")
[ $disp = 1 ] && a_opts+=(--display)
guest_start a "${a_opts[@]}"
guest_start b --mem "$gmem" --timeout 3000 --vgpu "$B"
guest_boot_wait a "$boot_timeout"
ok $? "guest a (MVGPU-4 + MVGPU-8) boots ($((SECONDS - t0)) s)"
guest_boot_wait b "$boot_timeout"
ok $? "guest b (MVGPU-8) boots ($((SECONDS - t0)) s)"
if ! guest_alive a || ! guest_alive b; then
	guest_diag a
	guest_diag b
	bail "a guest did not boot"
fi

# --- 3. PCI, driver, work -----------------------------------------------
out=$(guest_run a 600 "$here/in-guest.sh pci")
echo "$out"
[ "$(vgpus <<<"$out")" = 2 ]
ok $? "guest a sees its two vGPUs (1234:4d56) on PCI"
out=$(guest_run b 600 "$here/in-guest.sh pci")
echo "$out"
[ "$(vgpus <<<"$out")" = 1 ]
ok $? "guest b sees its vGPU (1234:4d56) on PCI"

if [ $drv = 1 ]; then
	guest_run a 300 "$here/in-guest.sh load"
	ok $? "guest a loads mvgpu.ko, which binds its vGPUs"
	guest_run b 300 "$here/in-guest.sh load"
	ok $? "guest b loads mvgpu.ko, which binds its vGPU"
	sa0=$(vgpu_attr "$A" submissions)
	sb0=$(vgpu_attr "$B" submissions)
	ia=$(guest_send a "$here/in-guest.sh work $work_args")
	ib=$(guest_send b "$here/in-guest.sh work $work_args")
	host_work --iterations 3 --size 1048576 all >"$E2E_DIR/host-work" 2>&1
	ok $? "the host's render node runs fill/copy/crc meanwhile, all correct"
	guest_wait a "^E2E-END $ia " 600 && guest_wait b "^E2E-END $ib " 600
	guest_result a "$ia" | sed 's/^/# a: /'
	guest_result b "$ib" | sed 's/^/# b: /'
	grep -q "^E2E-END $ia 0" "$E2E_DIR/a/out"
	ok $? "guest a (MVGPU-4): fill/copy/crc through mvgpu-work, every byte checked"
	grep -q "^E2E-END $ib 0" "$E2E_DIR/b/out"
	ok $? "guest b (MVGPU-8): fill/copy/crc through mvgpu-work, every byte checked"
	[ "$(vgpu_attr "$A" submissions)" -gt "${sa0:-0}" ] &&
		[ "$(vgpu_attr "$B" submissions)" -gt "${sb0:-0}" ]
	ok $? "the guests' work went through vGPUs A and B (host counters)"
else
	for t in "guest a loads mvgpu.ko" "guest b loads mvgpu.ko" \
		"the host's render node runs work meanwhile" \
		"guest a: fill/copy/crc" "guest b: fill/copy/crc" \
		"the guests' work went through vGPUs A and B"; do
		skip "$t" "$nodrv"
	done
fi

# --- 4. numbers -----------------------------------------------------------
if [ $drv = 1 ]; then
	# shellcheck source=tests/guest/numbers.sh
	. "$here/numbers.sh"
	numbers
fi

# --- 5. display -------------------------------------------------------------
if [ $drv = 1 ] && [ $disp = 1 ]; then
	# The frame is made here (Python is slow in a nested guest) and
	# copied whole into the guest's framebuffer.
	fb=$(guest_run a 300 "$here/in-guest.sh fbinfo")
	echo "$fb"
	read -r _ _ bpp stride <<<"$(grep '#   fb ' <<<"$fb")"
	[ "${bpp:-0}" = 32 ] &&
		python3 "$here/pattern.py" frame "$W" "$H" "$stride" "$E2E_DIR/a/ctl/frame" &&
		guest_run a 300 "$here/in-guest.sh show $E2E_DIR/a/ctl/frame"
	ok $? "guest a draws the test pattern on /dev/fb0 (${bpp:-?} bpp, stride ${stride:-?})"
	# The first query that finds the plane switches QEMU's console to
	# it: the second screendump shows the plane.
	guest_qmp a screendump filename="$E2E_DIR/screen.ppm" >/dev/null
	sleep 2
	guest_qmp a screendump filename="$E2E_DIR/screen.ppm" >/dev/null
	ok $? "screendump through QMP"
	python3 "$here/pattern.py" check "$W" "$H" "$E2E_DIR/screen.ppm" | sed 's/^/# /'
	ok "${PIPESTATUS[0]}" "the screendump shows the pattern guest a drew (pixel compare)"
else
	why=$nodisp
	[ $drv = 1 ] || why=$nodrv
	skip "guest a draws the test pattern" "$why"
	skip "screendump through QMP" "$why"
	skip "the screendump shows the pattern" "$why"
fi

# --- 6. kill -9 of guest b's QEMU mid-work --------------------------------
if [ $drv = 1 ]; then
	guest_send b "$here/in-guest.sh loop kill 900 $work_args &" >/dev/null
	guest_wait b '^loop kill [0-9]* ok' 600
	ok $? "guest b runs work in a loop"
fi
guest_kill b
! guest_alive b
ok $? "guest b's QEMU killed with SIGKILL"
pinned=$(vgpu_attr "$B" pinned_pages)
[ "$pinned" = 0 ]
ok $? "nothing of B stays pinned after its QEMU died" "pinned_pages $pinned"
vgpu_remove "$B" 60
ok $? "B is destroyed"
B=""
if [ $drv = 1 ]; then
	guest_run a 600 "$here/in-guest.sh work $work_args"
	ok $? "guest a unaffected: runs work and verifies after guest b died"
else
	guest_run a 600 "$here/in-guest.sh pci" >/dev/null
	ok $? "guest a unaffected: still answers after guest b died"
fi

# --- 7. reset and reboot mid-work -------------------------------------------
if [ $drv = 1 ]; then
	fa0=$(vgpu_attr "$A" flrs)
	guest_send a "$here/in-guest.sh loop reset 60 $work_args &" >/dev/null
	guest_wait a '^loop reset [0-9]* ok' 600
	guest_run a 300 "$here/in-guest.sh reset"
	ok $? "guest a resets its vGPUs mid-work (function-level reset, driver bound)"
	[ "$(vgpu_attr "$A" flrs)" -gt "${fa0:-0}" ]
	ok $? "the host saw the function-level reset of A (flrs)"
	guest_wait a '^loop reset done' 600 &&
		! grep -q '^loop reset [0-9]* FAILED' "$E2E_DIR/a/out"
	ok $? "guest a's work goes on through the reset, every run correct" \
		"$(grep -c '^loop reset [0-9]* ok' "$E2E_DIR/a/out") runs ok"
	guest_run a 300 "$here/in-guest.sh rebind" &&
		guest_run a 600 "$here/in-guest.sh work $work_args"
	ok $? "guest a's driver binds again and runs work, all correct, after the reset"
	guest_send a "$here/in-guest.sh loop reboot 900 $work_args &" >/dev/null
	guest_wait a '^loop reboot [0-9]* ok' 600
else
	skip "guest a resets its vGPUs mid-work" "$nodrv"
	skip "the host saw the function-level reset of A" "$nodrv"
	skip "guest a's work goes on through the reset" "$nodrv"
	skip "guest a's driver binds again and runs work after the reset" "$nodrv"
fi
guest_qmp a system_reset >/dev/null
ok $? "QMP system_reset of guest a"
guest_boot_wait a "$boot_timeout" 2
ok $? "guest a reboots and its agent comes back"
if [ $drv = 1 ]; then
	guest_run a 300 "$here/in-guest.sh load" && guest_run a 600 "$here/in-guest.sh work $work_args"
	ok $? "guest a loads the driver again and runs work after the reboot"
else
	out=$(guest_run a 600 "$here/in-guest.sh pci")
	echo "$out"
	[ "$(vgpus <<<"$out")" = 2 ]
	ok $? "guest a sees its vGPUs again after the reboot"
fi

# --- 8. remove C while guest a runs ----------------------------------------------
guest_qmp a --event DEVICE_DELETED device=vgpu1 >"$E2E_DIR/unplug-event" 2>&1 &
evpid=$!
sleep 1
t=$SECONDS
vgpu_remove "$C" 300
ok $? "remove of C (in guest a) completes ($((SECONDS - t)) s)"
C=""
wait "$evpid"
ok $? "QEMU unplugged C on the REQ eventfd (DEVICE_DELETED)" "$(cat "$E2E_DIR/unplug-event")"
out=$(guest_run a 600 "$here/in-guest.sh pci")
echo "$out"
[ "$(vgpus <<<"$out")" = 1 ]
ok $? "guest a no longer sees C"
if [ $drv = 1 ]; then
	guest_run a 600 "$here/in-guest.sh work $work_args"
	ok $? "guest a still runs work on A"
fi

# --- 9. shutdown ---------------------------------------------------------------
guest_qmp a quit >/dev/null
guest_kill_wait=0
for _ in $(seq 120); do
	guest_alive a || break
	sleep 1
done
guest_alive a && guest_kill_wait=1
ok "$guest_kill_wait" "guest a shuts down (QMP quit)"
pinned=$(vgpu_attr "$A" pinned_pages)
[ "$pinned" = 0 ]
ok $? "nothing of A stays pinned after its guest ended" "pinned_pages $pinned"
vgpu_remove "$A" 60
ok $? "A is destroyed"
A=""
[ -z "$(ls /sys/bus/mdev/devices)" ]
ok $? "no vGPU is left"
"$top/scripts/mvgpu-load" --unload
ok $? "the modules unload"
diag "suite time $((SECONDS - t0)) s"

echo "1..$n"
[ "$failed" = 0 ]
