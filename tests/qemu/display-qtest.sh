#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A vGPU's display as QEMU shows it.  Inside a test VM, as root, modules
# not loaded (scripts/vm-run -- tests/qemu/display-qtest.sh):
#
#   1. load the modules, create an mvgpu-4 vGPU;
#   2. start QEMU 7.2 with the vGPU as vfio-pci,display=on (-display none),
#      driven by qtest over fifos (-S: no firmware races with us), its
#      human monitor on another pair of fifos.  QEMU probes a dma-buf
#      plane first, which the vGPU refuses, then takes the display region;
#   3. map BAR0 as firmware would, write a test pattern into guest RAM
#      (qtest write), map its pages into the vGPU's GTT and program the
#      display plane through BAR0 (qtest writeq/writel), as a guest driver
#      would;
#   4. take a screendump through the monitor and compare it pixel by pixel
#      with the pattern; draw a second pattern and compare again (every
#      refresh reads the guest's pages anew);
#   5. stop QEMU, destroy the vGPU, check no page stays pinned, unload.
#
# Prints TAP; exits 0 when every test passed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
hw_h=$top/include/mvgpu/mvgpu_hw.h
TYPE=mvgpu-4
DEV=5			# PCI slot of the vGPU in the QEMU machine
W=64			# the surface: W x H XRGB8888, lines STRIDE bytes apart
H=32
STRIDE=512
SURF=0x1000000		# guest physical address (= IOVA) of the surface
BAR0_ADDR=0xfe000000
PLAN=11

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
qpid=""
catpid=""
uuid=""
tmp=$(mktemp -d /tmp/display-qtest.XXXXXX)

stop_qemu() {
	[ -n "$qpid" ] || return 0
	exec 3>&- 4<&- 5>&- 2>/dev/null
	kill -TERM "$qpid" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$qpid" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	qpid=""
	[ -z "$catpid" ] || kill "$catpid" 2>/dev/null
	catpid=""
}

cleanup() {
	stop_qemu
	[ -z "$uuid" ] || [ ! -e "/sys/bus/mdev/devices/$uuid" ] ||
		echo 1 >"/sys/bus/mdev/devices/$uuid/remove"
	"$top/scripts/mvgpu-load" --unload >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=tests/qemu/qtest-lib.sh
. "$here/qtest-lib.sh"
reg_write() { qtest writel $((BAR0_ADDR + $(hw "$1"))) "$2" >/dev/null; }

# pattern SEED: the surface's pixels as "x y r g b" lines
pattern() {
	awk -v w=$W -v h=$H -v s="$1" 'BEGIN {
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++)
				printf "%d %d %d %d %d\n", x, y,
				       (x * 4 + s) % 256, (y * 8 + s) % 256,
				       (x * y + 3 * s) % 256
	}'
}

# draw SEED: write the pattern into guest RAM, one qtest write a line
draw() {
	local y hex
	for ((y = 0; y < H; y++)); do
		hex=$(pattern "$1" | awk -v y=$y '$2 == y {
			printf "%02x%02x%02x00", $5, $4, $3 }')
		qtest write $((SURF + y * STRIDE)) $((W * 4)) "0x$hex" >/dev/null ||
			return 1
	done
}

# screendump FILE: through the monitor; waits for the whole file
screendump() {
	local size=-1 prev=-2
	rm -f "$1"
	echo "screendump $1" >&5
	for _ in $(seq 100); do
		sleep 0.2
		[ -e "$1" ] || continue
		size=$(stat -c %s "$1")
		[ "$size" = "$prev" ] && [ "$size" -gt 0 ] && return 0
		prev=$size
	done
	return 1
}

# ppm_dims FILE: "W H" of a binary PPM
ppm_dims() { head -c 64 "$1" | tr '\n' ' ' | awk '{ print $2, $3 }'; }

# compare FILE SEED: pixels of the PPM that differ from the pattern
compare() {
	local body=$((W * H * 3))
	tail -c "$body" "$1" | xxd -p -c 3 |
		paste -d ' ' - <(pattern "$2") |
		awk '{ want = sprintf("%02x%02x%02x", $4, $5, $6)
		       if ($1 != want) { if (!bad++) first = $2 "," $3 ": " $1 " want " want } }
		     END { print bad + 0, first }'
}

tap_plan $PLAN display-qtest
[ "$(id -u)" = 0 ] || bail "must run as root (inside scripts/vm-run)"
command -v qemu-system-x86_64 >/dev/null || bail "qemu-system-x86_64 not installed"

"$top/scripts/mvgpu-load" --unload >/dev/null 2>&1
"$top/scripts/mvgpu-load" || bail "scripts/mvgpu-load failed"
types=/sys/class/mdev_bus/mvgpu0/mdev_supported_types
[ -d "$types/$TYPE" ] || bail "no $types/$TYPE"
uuid=$(cat /proc/sys/kernel/random/uuid)
echo "$uuid" >"$types/$TYPE/create" || bail "cannot create a $TYPE vGPU"
sysfs=/sys/bus/mdev/devices/$uuid/mvgpu
read -r gtt_base <"$sysfs/gtt_base" || bail "no mvgpu/gtt_base"
echo "# created $TYPE vGPU $uuid, GTT from entry $gtt_base"

mkfifo "$tmp/in" "$tmp/out" "$tmp/mon.in" "$tmp/mon.out"
qemu-system-x86_64 -machine pc -nodefaults -display none -m 64 -S \
	-qtest stdio -qtest-log /dev/null -monitor "pipe:$tmp/mon" \
	-device "vfio-pci,sysfsdev=/sys/bus/mdev/devices/$uuid,addr=0$DEV.0,display=on" \
	<"$tmp/in" >"$tmp/out" 2>"$tmp/qemu.err" &
qpid=$!
exec 3>"$tmp/in" 4<"$tmp/out" 5>"$tmp/mon.in"
cat "$tmp/mon.out" >"$tmp/mon.log" &
catpid=$!

id=$(cfg_read32 0x00)
ok $? "QEMU starts with display=on (dma-buf refused, region taken)" "$id"
[ "$failed" = 0 ] || bail "QEMU did not start"

# No plane yet: QEMU shows its placeholder, not our size.
screendump "$tmp/empty.ppm"
ok $? "screendump before the guest programs the plane"
[ "$(ppm_dims "$tmp/empty.ppm")" != "$W $H" ]
ok $? "no plane: the screen is not the surface" "$(ppm_dims "$tmp/empty.ppm")"

# Firmware's part: BAR0 at BAR0_ADDR, memory decoding on.
cmd=$(cfg_read32 0x04)
cfg_write32 0x10 $BAR0_ADDR
cfg_write32 0x04 $(((cmd & 0xffff) | 0x2))

# The guest driver's part: surface in RAM, its pages in the GTT, the plane.
draw 1
ok $? "pattern written into guest RAM"
pages=$(((STRIDE * H + 4095) / 4096))
gtt=$((BAR0_ADDR + $(hw MVGPU_GTT_OFFSET) + gtt_base * 8))
for ((i = 0; i < pages; i++)); do
	qtest writeq $((gtt + i * 8)) $(((SURF + i * 4096) | 3)) >/dev/null
done
reg_write MVGPU_REG_PLANE_FORMAT "$(hw MVGPU_FORMAT_XRGB8888)"
qtest writeq $((BAR0_ADDR + $(hw MVGPU_REG_PLANE_BASE_LO))) $((gtt_base * 4096)) >/dev/null
reg_write MVGPU_REG_PLANE_WIDTH $W
reg_write MVGPU_REG_PLANE_HEIGHT $H
reg_write MVGPU_REG_PLANE_STRIDE $STRIDE
reg_write MVGPU_REG_PLANE_CTL "$(hw MVGPU_PLANE_ENABLE)"
status=$(qtest readl $((BAR0_ADDR + $(hw MVGPU_REG_PLANE_STATUS))))
ok $(($((status)) != $(hw MVGPU_PLANE_STATUS_ACTIVE))) "PLANE_STATUS reads ACTIVE" "$status"

# QEMU switches surfaces at the first query that finds the plane: the
# second screendump shows it for sure.
screendump "$tmp/shot1.ppm" && screendump "$tmp/shot1.ppm"
[ "$(ppm_dims "$tmp/shot1.ppm")" = "$W $H" ]
ok $? "screendump is ${W}x$H" "$(ppm_dims "$tmp/shot1.ppm")"
read -r bad first < <(compare "$tmp/shot1.ppm" 1)
ok "$bad" "screendump matches the pattern pixel by pixel" "$bad differ, first $first"

draw 2
screendump "$tmp/shot2.ppm" && screendump "$tmp/shot2.ppm"
read -r bad first < <(compare "$tmp/shot2.ppm" 2)
ok "$bad" "a new frame shows at the next screendump" "$bad differ, first $first"
read -r bad first < <(compare "$tmp/shot1.ppm" 2)
ok $((bad == 0)) "the comparison can fail: the old frame is not the new" \
	"the old frame matches"

stop_qemu
read -r pinned <"$sysfs/pinned_pages"
ok "$pinned" "no page stays pinned after QEMU exited" "$pinned pinned"
echo 1 >"/sys/bus/mdev/devices/$uuid/remove"
[ ! -e "/sys/bus/mdev/devices/$uuid" ]
ok $? "vGPU destroyed after QEMU exited"
uuid=""
[ -s "$tmp/qemu.err" ] && sed 's/^/# qemu: /' "$tmp/qemu.err"

tap_done
