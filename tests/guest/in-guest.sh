#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# What the end-to-end suite runs inside a nested guest (through
# tests/guest/agent.sh).
#
# Usage: tests/guest/in-guest.sh pci          the vGPU functions (BDF, ID)
#        tests/guest/in-guest.sh load         load mvgpu.ko (the PCI front
#                                             end binds the vGPU), wait for
#                                             its render node
#        tests/guest/in-guest.sh node         the render node of the vGPU
#        tests/guest/in-guest.sh work ARGS    mvgpu-work ARGS on that node
#        tests/guest/in-guest.sh loop TAG SECS ARGS
#                                             mvgpu-work ARGS again and
#                                             again for SECS seconds, one
#                                             "loop TAG N ok" (or FAILED)
#                                             line each, "loop TAG done"
#                                             at the end
#        tests/guest/in-guest.sh reset        reset the vGPU functions with
#                                             the driver bound (sysfs
#                                             reset: VFIO_DEVICE_RESET)
#        tests/guest/in-guest.sh rebind       unbind the driver from the
#                                             vGPU functions, bind again
#        tests/guest/in-guest.sh draw W H     draw the test pattern into
#                                             /dev/fb0 (W x H, XRGB8888;
#                                             Python: slow when nested)
#        tests/guest/in-guest.sh fbinfo       /dev/fb0: "fb BPP STRIDE"
#        tests/guest/in-guest.sh show FRAME   the console off /dev/fb0,
#                                             FRAME (tests/guest/pattern.py
#                                             frame) copied into it
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/tools/mvgpu-work/mvgpu-work

# Shell built-ins only: each program started costs much in a nested guest.
vgpu_fns() {
	for d in /sys/bus/pci/devices/*; do
		read -r v <"$d/vendor" && read -r i <"$d/device" &&
			[ "$v" = 0x1234 ] && [ "$i" = 0x4d56 ] && echo "${d##*/}"
	done
}

node() {
	for r in /sys/class/drm/renderD*; do
		[ -e "$r/device/driver" ] || continue
		case "$(readlink "$r/device/driver")" in
		*/mvgpu) echo "/dev/dri/${r##*/}"; return 0 ;;
		esac
	done
	return 1
}

case "${1:-}" in
pci)
	for f in $(vgpu_fns); do
		read -r s <"/sys/bus/pci/devices/$f/subsystem_device"
		echo "vgpu $f $s"
	done
	;;
load)
	dir=${MVGPU_MODULES:-$top}
	ko=$dir/drivers/mvgpu/mvgpu.ko
	[ -f "$ko" ] || ko=$dir/mvgpu.ko
	for m in $(modinfo -F depends "$ko" | tr ',' ' '); do
		modprobe "$m" 2>/dev/null
	done
	grep -q '^mvgpu ' /proc/modules || insmod "$ko" || exit 1
	for _ in $(seq 100); do
		node >/dev/null && break
		sleep 0.2
	done
	n=$(node) || { echo "no mvgpu render node"; dmesg | tail -n 20; exit 1; }
	echo "render node $n"
	;;
node)
	node
	;;
work)
	shift
	n=$(node) || { echo "no mvgpu render node"; exit 1; }
	"$work" --device "$n" "$@"
	;;
loop)
	tag=$2
	end=$(($(cut -d. -f1 /proc/uptime) + $3))
	shift 3
	n=$(node) || { echo "no mvgpu render node"; exit 1; }
	i=0
	while [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ]; do
		i=$((i + 1))
		if "$work" --device "$n" "$@" >/dev/null 2>&1; then
			echo "loop $tag $i ok"
		else
			echo "loop $tag $i FAILED"
		fi
	done
	echo "loop $tag done"
	;;
reset)
	for f in $(vgpu_fns); do
		echo 1 >"/sys/bus/pci/devices/$f/reset" || exit 1
		echo "reset $f"
	done
	;;
rebind)
	for f in $(vgpu_fns); do
		d=/sys/bus/pci/devices/$f
		[ -e "$d/driver" ] && echo "$f" >"$d/driver/unbind"
		echo "$f" >/sys/bus/pci/drivers/mvgpu_pci/bind || exit 1
		echo "rebound $f"
	done
	for _ in $(seq 100); do
		node >/dev/null && break
		sleep 0.2
	done
	node
	;;
draw)
	python3 "$top/tests/guest/pattern.py" draw "$2" "$3" /dev/fb0
	;;
fbinfo)
	s=/sys/class/graphics/fb0
	read -r bpp <"$s/bits_per_pixel" && read -r stride <"$s/stride" || exit 1
	echo "fb $bpp $stride"
	;;
show)
	# fbcon off the framebuffer (no cursor blinking over the pattern)
	for v in /sys/class/vtconsole/vtcon*; do
		read -r name <"$v/name"
		case "$name" in *"frame buffer"*) echo 0 >"$v/bind" ;; esac
	done
	cat "$2" >/dev/fb0 || exit 1
	echo "shown $2"
	;;
*)
	echo "usage: in-guest.sh pci|load|node|work|loop|reset|rebind|draw|fbinfo|show" >&2
	exit 2
	;;
esac
