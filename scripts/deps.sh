#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install what building and testing mvgpu needs, on Debian 12. Idempotent and
# quiet when everything is already there.
#
# Usage: scripts/deps.sh
#
#  - installs the missing Debian packages (apt-get update only when something
#    is missing), among them shellcheck for make lint and dwarves (pahole),
#    which the 6.12 headers of scripts/debian-headers.sh need for the
#    modules' BTF, and libvirt's daemon, virsh and QEMU driver (not
#    libvirt-daemon-system: the libvirt suite starts libvirtd itself);
#  - makes sure the newest Debian 12 stock kernel (6.1.0-*-amd64) has both
#    its headers and its image installed (the modules built against the
#    headers are loaded in VMs booting that image);
#  - extracts the newest /usr/src/linux-source-*.tar.xz into $KSRC (default
#    $MVGPU_CACHE/linux-source-6.1, MVGPU_CACHE default ~/.cache/mvgpu),
#    unless the same tarball is already extracted there.
set -euo pipefail

case "${1:-}" in
-h|--help) sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
"") ;;
*) echo "deps: no arguments expected" >&2; exit 2 ;;
esac

MVGPU_CACHE=${MVGPU_CACHE:-$HOME/.cache/mvgpu}
KSRC=${KSRC:-$MVGPU_CACHE/linux-source-6.1}

pkgs=(
	git gcc libc6-dev make bc flex bison libelf-dev libssl-dev pkg-config python3 perl
	sparse shellcheck dwarves kmod cpio xz-utils gzip util-linux
	linux-headers-amd64 linux-image-amd64 linux-source-6.1
	qemu-system-x86 qemu-system-data seabios qemu-utils busybox-static
	uuid-dev libjson-c-dev libdrm-dev
	clang-14 libclang-rt-14-dev
	mdevctl udev dkms
	libvirt-daemon libvirt-clients libvirt-daemon-driver-qemu
)

updated=0
apt_install() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps: need root to install: $*" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	if [ "$updated" = 0 ]; then
		apt-get update -q
		updated=1
	fi
	echo "deps: installing $*" >&2
	apt-get install -y -q --no-install-recommends "$@"
}

installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# Stock kernel image and headers of the same version.
newest() { sort -V | tail -n 1; }
hdr_kver=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.0-*-amd64' -printf '%f\n' |
	sed 's/^linux-headers-//' | newest)
img_kver=$(find /boot -maxdepth 1 -name 'vmlinuz-6.1.0-*-amd64' -printf '%f\n' |
	sed 's/^vmlinuz-//' | newest)
if [ -z "$hdr_kver" ]; then
	echo "deps: no /usr/src/linux-headers-6.1.0-*-amd64 after installing linux-headers-amd64" >&2
	exit 1
fi
if [ "$img_kver" != "$hdr_kver" ]; then
	# Newer image than headers: get its headers; else get the headers' image.
	if [ -n "$img_kver" ] && [ "$(printf '%s\n%s\n' "$img_kver" "$hdr_kver" | newest)" = "$img_kver" ]; then
		apt_install "linux-headers-$img_kver"
	else
		apt_install "linux-image-$hdr_kver"
	fi
fi

# Kernel source for the test kernel, checkpatch, kernel-doc and kunit.py.
tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' | newest)
if [ -z "$tarball" ]; then
	echo "deps: no /usr/src/linux-source-*.tar.xz after installing linux-source-6.1" >&2
	exit 1
fi
stamp="$(stat -c '%n %s %Y' "$tarball")"
if [ "$(cat "$KSRC/.mvgpu-source" 2>/dev/null)" != "$stamp" ]; then
	echo "deps: extracting $tarball into $KSRC" >&2
	mkdir -p "$(dirname "$KSRC")"
	tmp=$(mktemp -d "$(dirname "$KSRC")/.extract.XXXXXX")
	tar -xJf "$tarball" -C "$tmp" --strip-components=1
	echo "$stamp" >"$tmp/.mvgpu-source"
	rm -rf "$KSRC"
	mv "$tmp" "$KSRC"
fi

echo "deps: ok (kernel $hdr_kver, source $KSRC)" >&2
