#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A vGPU as QEMU sees it.  Inside a test VM, as root, modules not loaded
# (scripts/vm-run -- tests/qemu/vfio-qtest.sh):
#
#   1. load the modules, create an mvgpu-4 vGPU;
#   2. start QEMU with the vGPU as a vfio-pci device at 00:05.0, driven by
#      the qtest protocol over a pair of fifos.  Debian's QEMU 7.2 has no
#      qtest accelerator, so -S keeps the vCPU stopped: otherwise the
#      firmware enumerates PCI at the same time and its 0xcf8 writes race
#      with ours;
#   3. read the device's identity through PCI configuration mechanism #1
#      (outl 0xcf8 / inl 0xcfc) and size BAR0 and BAR2 by writing all ones;
#   4. map BAR0 and BAR2, enable memory decoding, read BAR0 registers and
#      write/read BAR2 through QEMU's MMIO (qtest readl/writeq/readq);
#   5. compare with include/mvgpu/mvgpu_hw.h and sysfs, stop QEMU, destroy
#      the vGPU, unload the modules.
#
# Prints TAP; exits 0 when every test passed.
#
# Usage: tests/qemu/vfio-qtest.sh [--keep-modules]
#   --keep-modules  expect the modules loaded and leave them loaded
#                   (used by scripts/demo.sh)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
hw_h=$top/include/mvgpu/mvgpu_hw.h
keep=0
[ "${1:-}" = --keep-modules ] && keep=1
TYPE=mvgpu-4
DEV=5		# PCI slot of the vGPU in the QEMU machine
PLAN=19

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
qpid=""
uuid=""
tmp=$(mktemp -d /tmp/vfio-qtest.XXXXXX)

expect_eq() {	# expect_eq DESCRIPTION WANT GOT
	if ! [[ "$3" =~ ^(0x[0-9a-fA-F]+|[0-9]+)$ ]]; then
		ok 1 "$1" "no value read ($3)"
	elif [ "$(($2))" = "$(($3))" ]; then
		ok 0 "$1"
	else
		ok 1 "$1" "expected $(printf '%#x' "$(($2))"), got $3"
	fi
}

stop_qemu() {
	[ -n "$qpid" ] || return 0
	exec 3>&- 4<&- 2>/dev/null
	kill -TERM "$qpid" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$qpid" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	qpid=""
}

cleanup() {
	stop_qemu
	[ -z "$uuid" ] || [ ! -e "/sys/bus/mdev/devices/$uuid" ] ||
		echo 1 >"/sys/bus/mdev/devices/$uuid/remove"
	[ "$keep" = 1 ] || "$top/scripts/mvgpu-load" --unload >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=tests/qemu/qtest-lib.sh
. "$here/qtest-lib.sh"

tap_plan $PLAN vfio-qtest
[ "$(id -u)" = 0 ] || bail "must run as root (inside scripts/vm-run)"
command -v qemu-system-x86_64 >/dev/null || bail "qemu-system-x86_64 not installed"

if [ "$keep" = 0 ]; then
	"$top/scripts/mvgpu-load" --unload >/dev/null 2>&1
	"$top/scripts/mvgpu-load" || bail "scripts/mvgpu-load failed"
fi
types=/sys/class/mdev_bus/mvgpu0/mdev_supported_types
[ -d "$types/$TYPE" ] || bail "no $types/$TYPE"
uuid=$(cat /proc/sys/kernel/random/uuid)
echo "$uuid" >"$types/$TYPE/create" || bail "cannot create a $TYPE vGPU"
echo "# created $TYPE vGPU $uuid"
read -r vram_size <"/sys/bus/mdev/devices/$uuid/mvgpu/vram_size" ||
	bail "no mvgpu/vram_size attribute"
read -r slices <"/sys/bus/mdev/devices/$uuid/mvgpu/slices" || bail "no mvgpu/slices"

mkfifo "$tmp/in" "$tmp/out"
qemu-system-x86_64 -machine pc -nodefaults -display none -m 64 -S \
	-qtest stdio -qtest-log /dev/null \
	-device "vfio-pci,sysfsdev=/sys/bus/mdev/devices/$uuid,addr=0$DEV.0" \
	<"$tmp/in" >"$tmp/out" 2>"$tmp/qemu.err" &
qpid=$!
exec 3>"$tmp/in" 4<"$tmp/out"

id=$(cfg_read32 0x00)
ok $? "QEMU answers over qtest" "$id"
[ "$failed" = 0 ] || bail "QEMU did not start"
echo "# QEMU (pid $qpid) sees 00:05.0 with ID $id"

expect_eq "vendor ID" "$(hw MVGPU_PCI_VENDOR_ID)" "$((id & 0xffff))"
expect_eq "device ID" "$(hw MVGPU_PCI_DEVICE_ID_VGPU)" "$((id >> 16))"
v=$(cfg_read32 0x08)
expect_eq "class code" "$(hw MVGPU_PCI_CLASS)" "$((v >> 8))"
expect_eq "revision" "$(hw MVGPU_PCI_REVISION)" "$((v & 0xff))"
v=$(cfg_read32 0x2c)
expect_eq "subsystem vendor ID" "$(hw MVGPU_PCI_SUBVENDOR_ID)" "$((v & 0xffff))"
expect_eq "subsystem ID = slices of $TYPE" "$slices" "$((v >> 16))"
expect_eq "$TYPE owns MVGPU_SLICES / 4 slices" "$(hw MVGPU_SLICES) / 4" "$slices"
v=$(cfg_read32 0x0c)
expect_eq "header type 0" 0 "$(((v >> 16) & 0x7f))"
v=$(cfg_read32 0x34)
expect_eq "capability pointer" "$(hw MVGPU_PCI_MSI_CAP)" "$((v & 0xff))"
v=$(cfg_read32 "$(hw MVGPU_PCI_MSI_CAP)")
expect_eq "MSI capability" 5 "$((v & 0xff))"

# BAR sizing, with memory decoding off as firmware does it.
cmd=$(cfg_read32 0x04)
cfg_write32 0x04 $((cmd & 0xffff0000 & ~0x3))
size_bar() {	# size_bar OFFSET: all ones, read back, restore
	local old mask
	old=$(cfg_read32 "$1")
	cfg_write32 "$1" 0xffffffff
	mask=$(cfg_read32 "$1")
	cfg_write32 "$1" "$old"
	echo "$mask"
}
bar0=$(size_bar 0x10)
bar2=$(size_bar 0x18)
bar3=$(size_bar 0x1c)
bar1=$(size_bar 0x14)
cfg_write32 0x04 $((cmd & 0xffff))
expect_eq "BAR0 size mask (32-bit, non-prefetchable)" \
	"~($(hw MVGPU_BAR0_SIZE) - 1) & 0xffffffff" "$bar0"
expect_eq "BAR1 unimplemented" 0 "$bar1"
expect_eq "BAR2 size mask (64-bit, prefetchable)" \
	"(~($vram_size - 1) & 0xffffffff) | 0xc" "$bar2"
expect_eq "BAR3 (upper half of BAR2)" 0xffffffff "$bar3"

# Map the BARs where firmware would and read through them.
BAR0_ADDR=0xfe000000
BAR2_ADDR=0xc0000000
cfg_write32 0x10 $BAR0_ADDR
cfg_write32 0x18 $BAR2_ADDR
cfg_write32 0x1c 0
cfg_write32 0x04 $(((cmd & 0xffff) | 0x2))
v=$(qtest readl $((BAR0_ADDR + $(hw MVGPU_REG_ID_MAGIC))))
expect_eq "BAR0 ID_MAGIC through QEMU MMIO" "$(hw MVGPU_ID_MAGIC)" "$v"
v=$(qtest readl $((BAR0_ADDR + $(hw MVGPU_VINFO_SLICES))))
expect_eq "BAR0 VINFO_SLICES through QEMU MMIO" "$slices" "$v"
addr=$(printf '0x%x' $((BAR2_ADDR + vram_size - 8)))
qtest writeq "$addr" 0x0123456789abcdef >/dev/null
v=$(qtest readq "$addr")
expect_eq "BAR2 write/read through QEMU MMIO" 0x0123456789abcdef "$v"

stop_qemu
[ -e "/sys/bus/mdev/devices/$uuid" ] && echo 1 >"/sys/bus/mdev/devices/$uuid/remove"
[ ! -e "/sys/bus/mdev/devices/$uuid" ]
ok $? "vGPU destroyed after QEMU exited"
uuid=""
[ -s "$tmp/qemu.err" ] && sed 's/^/# qemu: /' "$tmp/qemu.err"

tap_done
