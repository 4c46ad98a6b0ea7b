#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Static checks (what `make lint` runs); fails on any finding:
#   checkpatch  $KSRC/scripts/checkpatch.pl --no-tree --strict -f on every
#               *.c/*.h under drivers/ include/ tools/ tests/
#   W=1         the modules built with W=1 against $KDIR (default: the newest
#               Debian 12 stock 6.1.0-*-amd64 headers): no
#               "warning:" in the output
#   sparse      make C=2 (sparse on every module source): no finding
#   kernel-doc  $KSRC/scripts/kernel-doc -none on drivers/ and include/
#               *.c/*.h: no output
#
# Usage: scripts/lint.sh
# The modules are built in a scratch copy, build/lint/, so the in-tree build
# is left alone. Needs scripts/deps.sh to have run (kernel source in $KSRC).
#
# Checks that do not apply to this out-of-tree project, and nothing else:
#  - everywhere (.checkpatch.conf at the repository root, which checkpatch
#    reads from the current directory, so a manual run agrees):
#      LINUX_VERSION_CODE   the module is built for several kernel versions
#                           (stock 6.1, the test kernel, newer ones), so it
#                           needs version tests; in-tree code would not
#      CONSTANT_COMPARISON  fires on every `LINUX_VERSION_CODE < KERNEL_VERSION()`
#  - userspace only (tools/, tests/):
#      PREFER_KERNEL_TYPES  u32 and friends do not exist in userspace
#      PREFER_DEFINED_ATTRIBUTE_MACRO  the kernel's __printf() and friends do
#                           not exist there either; defining one needs the
#                           raw __attribute__
#      CAMELCASE            libdrm (drmGetVersion) and libFuzzer
#                           (LLVMFuzzerTestOneInput) name their APIs so
set -euo pipefail

case "${1:-}" in
-h|--help) sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
"") ;;
*) echo "lint: no arguments expected" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
root=$PWD
MVGPU_CACHE=${MVGPU_CACHE:-$HOME/.cache/mvgpu}
KSRC=${KSRC:-$MVGPU_CACHE/linux-source-6.1}
if [ -z "${KDIR:-}" ]; then
	kver=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.0-*-amd64' -printf '%f\n' |
		sed 's/^linux-headers-//' | sort -V | tail -n 1)
	KDIR=/usr/src/linux-headers-$kver
fi
for f in "$KSRC/scripts/checkpatch.pl" "$KSRC/scripts/kernel-doc" "$KDIR/Makefile"; do
	[ -f "$f" ] || { echo "lint: $f missing (run scripts/deps.sh)" >&2; exit 1; }
done
command -v sparse >/dev/null || { echo "lint: sparse missing (run scripts/deps.sh)" >&2; exit 1; }

sources() { # tracked or new, not ignored, files matching the patterns
	git ls-files --cached --others --exclude-standard -- "$@"
}
mapfile -t kernel_c < <(sources 'drivers/*.[ch]' 'include/*.[ch]')
mapfile -t user_c < <(sources 'tools/*.[ch]' 'tests/*.[ch]')

lint_dir=$root/build/lint
bad=()
step() { # step NAME OUTPUT_FILE STATUS: report a step (non-zero = findings)
	if [ "$3" = 0 ]; then
		echo "lint: $1: ok"
	else
		echo "lint: $1: FAILED"
		# Show paths in the repository, not in the scratch copy.
		sed "s#$lint_dir/##g" "$2"
		bad+=("$1")
	fi
}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# checkpatch
checkpatch() {
	"$KSRC/scripts/checkpatch.pl" --no-tree --strict --quiet --show-types "$@"
}
rc=0
: >"$out"
if [ ${#kernel_c[@]} -gt 0 ]; then
	checkpatch -f "${kernel_c[@]}" >>"$out" 2>&1 || rc=$?
fi
if [ ${#user_c[@]} -gt 0 ]; then
	checkpatch --ignore PREFER_KERNEL_TYPES,PREFER_DEFINED_ATTRIBUTE_MACRO,CAMELCASE \
		-f "${user_c[@]}" >>"$out" 2>&1 || rc=$?
fi
step checkpatch "$out" "$rc"

# W=1 build in a fresh scratch copy (warnings only show when compiling).
rm -rf "$lint_dir"
mkdir -p "$lint_dir"
sources Kbuild 'drivers/*' 'include/*' | cpio -pdm --quiet "$lint_dir"
rc=0
make -C "$KDIR" M="$lint_dir" W=1 -j"$(nproc)" modules >"$out" 2>&1 || rc=$?
if [ "$rc" = 0 ] && grep -q 'warning:' "$out"; then
	rc=1
fi
step "W=1 build" "$out" "$rc"

# sparse on every source of the (already built) scratch copy.
rc=0
make -C "$KDIR" M="$lint_dir" C=2 CHECK=sparse modules >"$out" 2>&1 || rc=$?
if [ "$rc" = 0 ] && grep -qE ': (warning|error):' "$out"; then
	rc=1
fi
step sparse "$out" "$rc"

# kernel-doc
rc=0
if [ ${#kernel_c[@]} -gt 0 ]; then
	"$KSRC/scripts/kernel-doc" -none "${kernel_c[@]}" >"$out" 2>&1 || rc=$?
	[ ! -s "$out" ] || rc=1
fi
step kernel-doc "$out" "$rc"

if [ ${#bad[@]} -gt 0 ]; then
	echo "lint: findings in: ${bad[*]}"
	exit 1
fi
echo "lint: clean"
