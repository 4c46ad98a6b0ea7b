#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# DKMS, as an admin uses it, but in scratch trees (--dkmstree, --sourcetree,
# --installtree under build/dkms; never /usr/src, /var/lib/dkms or the
# machine's /lib/modules, which the VMs share): dkms add, build for the
# stock 6.1 headers and for Debian 12's 6.12 headers (unpacked by
# scripts/debian-headers.sh), install for 6.1 (--no-depmod), the installed
# modules loaded in a stock-kernel VM, dkms remove.  Needs root (QEMU).
# Prints TAP.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
PLAN=13

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
tap_plan $PLAN dkms
out=$(mktemp)
trap 'rm -f "$out"' EXIT
TAP_OUT=$out TAP_SHOW=$out

command -v dkms >/dev/null || tap_skip_all "dkms not installed"

ver=$(sed -n 's/^#define MVGPU_VERSION\t"\(.*\)"$/\1/p' "$top/include/mvgpu/mvgpu_version.h")
pkgver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
kver=${KVER:-$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.0-*-amd64' \
	-printf '%f\n' | sed 's/^linux-headers-//' | sort -V | tail -n 1)}
t=$top/build/dkms
trees=(--dkmstree "$t/dkms" --sourcetree "$t/src" --installtree "$t/install")
src=$t/src/mvgpu-$pkgver
inst=$t/install/$kver/updates/dkms

check "dkms.conf's PACKAGE_VERSION ($pkgver) is MVGPU_VERSION ($ver)" \
	[ -n "$ver" ] && [ "$ver" = "$pkgver" ]

rm -rf "$t"
mkdir -p "$t/dkms" "$src" "$t/install/$kver"
(cd "$top" && git ls-files --cached --others --exclude-standard -- \
	dkms.conf Makefile Kbuild drivers include | cpio -pdm --quiet "$src")
check "dkms add" dkms add "${trees[@]}" -m mvgpu -v "$pkgver"
check "dkms build for $kver (stock headers)" \
	dkms build "${trees[@]}" -m mvgpu -v "$pkgver" -k "$kver" \
	--kernelsourcedir "/usr/src/linux-headers-$kver"

k612=""
if eval "$("$top/scripts/debian-headers.sh" 6.12 2>"$out")"; then
	k612=${KDIR##*/linux-headers-}
	check "dkms build for $k612 (Debian 12's 6.12 headers)" \
		dkms build "${trees[@]}" -m mvgpu -v "$pkgver" -k "$k612" \
		--kernelsourcedir "$KDIR"
else
	result 0 "dkms build for 6.12: cannot fetch the headers"
fi

check "dkms install for $kver into the scratch tree" \
	dkms install "${trees[@]}" -m mvgpu -v "$pkgver" -k "$kver" --no-depmod
check "the three modules are installed" \
	ls "$inst/mvgpu.ko" "$inst/mvgpu_vgpu.ko" "$inst/mvgpu_sim.ko"
check "each carries version $ver" \
	sh -c "for m in '$inst'/*.ko; do [ \"\$(modinfo -F version \$m)\" = '$ver' ] || exit 1; done"
check "dkms status lists the build and the install" \
	sh -c "dkms status ${trees[*]} -m mvgpu | tee /dev/stderr |
	       grep -q '$kver.*installed'"
check "the installed modules load in a stock-kernel VM and offer vGPU types" \
	"$top/scripts/vm-run" --kernel stock --timeout 300 -- \
	"'$top/scripts/mvgpu-load' --dir '$inst' &&
	 ls /sys/class/mdev_bus/mvgpu0/mdev_supported_types &&
	 grep -qx '$ver' /sys/module/mvgpu/version &&
	 '$top/scripts/mvgpu-load' --unload"
# make install into a scratch root whose module tree also links the
# stock kernel's own modules, so that modprobe -d finds vfio, mdev, drm.
root=$t/root
mods=$root/lib/modules/$kver
check "make install DESTDIR=... installs modules, tool, man page, completion" \
	sh -c "make -C '$top' install DESTDIR='$root' KVER='$kver' >/dev/null &&
	       ls '$mods'/updates/drivers/mvgpu/mvgpu.ko \
	          '$mods'/updates/drivers/mvgpu/mvgpu_vgpu.ko \
	          '$mods'/updates/drivers/sim/mvgpu_sim.ko &&
	       find '$root' -name mvgpuctl -type f | grep -q . &&
	       find '$root' -name 'mvgpuctl.8*' | grep -q . &&
	       find '$root' -path '*bash-completion*' -name mvgpuctl | grep -q ."
ln -s "/lib/modules/$kver/kernel" "$mods/kernel"
cp "/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} "$mods/"
check "depmod of that tree" depmod -b "$root" "$kver"
check "modprobe mvgpu loads the whole stack (soft dependencies)" \
	"$top/scripts/vm-run" --kernel stock --timeout 300 -- \
	"modprobe -d '$root' mvgpu &&
	 grep -q '^mvgpu_sim ' /proc/modules && grep -q '^mvgpu_vgpu ' /proc/modules &&
	 ls /sys/class/mdev_bus/mvgpu0/mdev_supported_types &&
	 '$top/scripts/mvgpu-load' --unload"
check "dkms remove --all" \
	sh -c "dkms remove ${trees[*]} -m mvgpu -v '$pkgver' --all --no-depmod &&
	       ! dkms status ${trees[*]} -m mvgpu | grep -q ."
tap_done
