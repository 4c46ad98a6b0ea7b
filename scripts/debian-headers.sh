#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch the headers of a later Debian 12 kernel series (default 6.12, the
# one bookworm carries besides its stock 6.1) for out-of-tree module builds,
# without installing a kernel (installing an image rewrites /boot):
#
#   1. pick the newest linux-headers-SERIES.*+deb12-amd64 apt knows (apt-get
#      update once if it knows none, or if a download fails);
#   2. apt-get download it, its -common package and its linux-kbuild
#      package into $MVGPU_CACHE/headers-<version>/;
#   3. unpack them there with dpkg-deb -x; the headers' Makefile includes
#      the -common tree by its absolute /usr/src path: point it at the
#      unpacked copy (the scripts and tools links are already relative).
#
# With --image, also fetch the kernel itself, for VMs (scripts/vm-run
# --kernel SERIES): linux-image-<version>-amd64-unsigned, unpacked into
# $MVGPU_CACHE/image-<version>/ (never installed), with depmod run on its
# module tree there.
#
# Usage: scripts/debian-headers.sh [--image] [SERIES]
#
# On success prints shell assignments (use with eval):
#   KDIR=<headers directory, for make -C KDIR M=...>
# and with --image:
#   KIMAGE=<the kernel image>  KVER=<its release>  KBASE=<the directory that
#   holds lib/modules/KVER, for modprobe -d>
# Progress goes to stderr. Cached: a finished unpack is reused; concurrent
# callers wait for each other.
set -euo pipefail

usage() { sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
die() { echo "debian-headers: $*" >&2; exit 1; }

image=0
case "${1:-}" in
-h|--help) usage; exit 0 ;;
--image) image=1; shift ;;
esac
case "${1:-}" in
-*) usage >&2; exit 2 ;;
esac
series=${1:-6.12}
[[ "$series" =~ ^[0-9]+\.[0-9]+$ ]] || die "SERIES looks like 6.12, not '$series'"
MVGPU_CACHE=${MVGPU_CACHE:-$HOME/.cache/mvgpu}
mkdir -p "$MVGPU_CACHE"

# Serialise callers (the cache is shared), then look for a finished unpack.
exec 9>"$MVGPU_CACHE/headers-$series.lock"
flock 9

newest() { # the newest ABI name, e.g. 6.12.117+deb12, apt knows of
	apt-cache pkgnames "linux-headers-$series." 2>/dev/null |
		sed -n "s/^linux-headers-\(${series//./\\.}\.[0-9]*+deb12\)-amd64\$/\1/p" |
		sort -V | tail -n 1
}
updated=0
apt_update() {
	[ "$updated" = 0 ] || return 1
	[ "$(id -u)" = 0 ] || die "need root for apt-get update"
	echo "debian-headers: apt-get update" >&2
	apt-get update -q >&2 || die "apt-get update failed"
	updated=1
}

# fetch DIR PACKAGE...: apt-get download the packages into DIR. As root,
# apt-get download would warn that its sandbox user cannot write there; it
# only needs the network.
fetch() {
	local d=$1
	shift
	dl() { (cd "$d" && apt-get download -q -o APT::Sandbox::User=root "$@") >&2; }
	if ! dl "$@"; then
		apt_update || die "apt-get download $* failed"
		dl "$@" || die "apt-get download $* failed"
	fi
}

abi=$(newest)
if [ -z "$abi" ]; then
	apt_update
	abi=$(newest)
fi
[ -n "$abi" ] || die "apt knows no linux-headers-$series.*+deb12-amd64 package"

dir=$MVGPU_CACHE/headers-$abi
kdir=$dir/usr/src/linux-headers-$abi-amd64
if [ ! -f "$dir/.mvgpu-unpacked" ]; then
	echo "debian-headers: fetching linux-headers-$abi-amd64 into $dir" >&2
	rm -rf "$dir"
	mkdir -p "$dir/debs"
	pkgs=("linux-headers-$abi-amd64" "linux-headers-$abi-common" "linux-kbuild-$abi")
	fetch "$dir/debs" "${pkgs[@]}"
	for deb in "$dir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$dir" || die "dpkg-deb -x $deb failed"
	done
	rm -rf "$dir/debs"
	common=/usr/src/linux-headers-$abi-common
	grep -q "^include $common/Makefile\$" "$kdir/Makefile" ||
		die "$kdir/Makefile does not include $common/Makefile"
	sed -i "s#^include $common/Makefile\$#include $dir$common/Makefile#" "$kdir/Makefile"
	[ -f "$kdir/scripts/Makefile.build" ] || die "$kdir/scripts does not lead to linux-kbuild-$abi"
	touch "$dir/.mvgpu-unpacked"
fi

printf 'KDIR=%q\n' "$kdir"
[ "$image" = 1 ] || exit 0

kver=$abi-amd64
base=$MVGPU_CACHE/image-$abi
if [ ! -f "$base/.mvgpu-unpacked" ]; then
	echo "debian-headers: fetching linux-image-$kver-unsigned into $base" >&2
	rm -rf "$base"
	mkdir -p "$base/debs"
	fetch "$base/debs" "linux-image-$kver-unsigned"
	dpkg-deb -x "$base"/debs/*.deb "$base" || die "dpkg-deb -x failed"
	rm -rf "$base/debs"
	depmod -b "$base" "$kver" || die "depmod -b $base $kver failed"
	touch "$base/.mvgpu-unpacked"
fi
printf 'KIMAGE=%q\nKVER=%q\nKBASE=%q\n' "$base/boot/vmlinuz-$kver" "$kver" "$base"
