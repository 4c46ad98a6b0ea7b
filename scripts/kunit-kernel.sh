#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build (or find in the cache) the mvgpu test kernel: scripts/kunit.config
# (KUnit, built-in VFIO/mdev/9p, KASAN, lockdep, kmemleak, DRM) with every
# other option at its default (alldefconfig), built out of tree from $KSRC
# into
#   $MVGPU_CACHE/kernel-<hash>/
# where <hash> covers the fragment, the kernel source version and the
# compiler version. Every line of the fragment is checked against the final
# .config; a mismatch fails the build.
#
# Usage: scripts/kunit-kernel.sh [--force]
#   --force   rebuild even if the cache has a finished build
#
# On success prints, on stdout, two shell assignments (use with eval):
#   KBUILD=<build dir, usable as O= / KDIR for out-of-tree modules>
#   BZIMAGE=<path of bzImage>
# Progress goes to stderr, the full build log to <build dir>/build.log.
set -euo pipefail

usage() { sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

force=0
while [ $# -gt 0 ]; do
	case "$1" in
	--force) force=1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "kunit-kernel: unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

here=$(cd "$(dirname "$0")" && pwd)
MVGPU_CACHE=${MVGPU_CACHE:-$HOME/.cache/mvgpu}
KSRC=${KSRC:-$MVGPU_CACHE/linux-source-6.1}
frag=$here/kunit.config

if [ ! -f "$KSRC/Makefile" ]; then
	echo "kunit-kernel: no kernel source at $KSRC (run scripts/deps.sh)" >&2
	exit 1
fi

srcver=$(make -s -C "$KSRC" kernelversion)
ccver=$(gcc --version | head -n 1)
hash=$( { cat "$frag"; echo "$srcver"; echo "$ccver"; echo alldefconfig; } |
	sha256sum | cut -c1-16)
kb=$MVGPU_CACHE/kernel-$hash
mkdir -p "$kb"

# Serialise concurrent builders of the same configuration.
exec 9>"$kb.lock"
flock 9

done_stamp=$kb/.mvgpu-built
if [ "$force" = 1 ] || [ ! -f "$done_stamp" ] || [ ! -f "$kb/arch/x86/boot/bzImage" ]; then
	rm -f "$done_stamp"
	log=$kb/build.log
	: >"$log"
	echo "kunit-kernel: building $srcver test kernel in $kb (log: $log)" >&2
	start=$SECONDS
	fail() {
		echo "kunit-kernel: $1 failed; last lines of $log:" >&2
		tail -n 40 "$log" >&2
		exit 1
	}
	{
		make -C "$KSRC" O="$kb" ARCH=x86_64 KCONFIG_ALLCONFIG="$frag" \
			alldefconfig
	} >>"$log" 2>&1 || fail "configuration"

	# Every option of the fragment must be in the final config as asked.
	bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			sym=${line%%=*}
			grep -qxF -- "$line" "$kb/.config" && continue
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			grep -q "^$sym=" "$kb/.config" || continue
			;;
		*) continue ;;
		esac
		have=$(grep -E "^(# )?${sym}[= ]" "$kb/.config" || echo "absent")
		echo "kunit-kernel: wanted '$line', got '$have'" >&2
		bad=1
	done <"$frag"
	if [ "$bad" = 1 ]; then
		echo "kunit-kernel: config fragment not applied (missing dependency?)" >&2
		exit 1
	fi

	make -C "$KSRC" O="$kb" ARCH=x86_64 -j"$(nproc)" all >>"$log" 2>&1 || fail "kernel build"
	touch "$done_stamp"
	echo "kunit-kernel: built in $((SECONDS - start)) s" >&2
fi

printf 'KBUILD=%q\nBZIMAGE=%q\n' "$kb" "$kb/arch/x86/boot/bzImage"
