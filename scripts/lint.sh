#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Static checks (what `make lint` runs); fails on any finding:
#   checkpatch  $KSRC/scripts/checkpatch.pl --no-tree --strict -f on every
#               *.c/*.h under drivers/ include/ tools/ tests/
#   W=1         the modules built with W=1 against $KDIR (default: the newest
#               Debian 12 stock 6.1.0-*-amd64 headers) and against the test
#               kernel of scripts/kunit-kernel.sh (built on first use; it has
#               CONFIG_KUNIT, so the KUnit test modules are built too): no
#               "warning:" in the output
#   sparse      make C=2 (sparse on every module source), on both: no finding
#   kernel-doc  $KSRC/scripts/kernel-doc -none on drivers/ and include/
#               *.c/*.h: no output
#   scripts     shellcheck -x on every shell script (scripts/, tests/,
#               tools/, .ci/run): no finding
#
# Usage: scripts/lint.sh
# The modules are built in scratch copies, build/lint/ and build/lint-test/,
# so the in-tree build is left alone. Needs scripts/deps.sh to have run (kernel source in $KSRC).
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
#  - drivers/*/kunit_exports.c only:
#      EXPORT_SYMBOL        the file exports, for the KUnit test modules,
#                           functions defined elsewhere in the module
#                           (some of them in files also built in userspace)
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
for t in sparse shellcheck; do
	command -v $t >/dev/null || { echo "lint: $t missing (run scripts/deps.sh)" >&2; exit 1; }
done

sources() { # tracked or new, not ignored, files matching the patterns
	git ls-files --cached --others --exclude-standard -- "$@"
}
mapfile -t kernel_c < <(sources 'drivers/*.[ch]' 'include/*.[ch]')
mapfile -t exports_c < <(sources 'drivers/*/kunit_exports.c')
mapfile -t user_c < <(sources 'tools/*.[ch]' 'tests/*.[ch]')
# Shell scripts: *.sh, and files without an extension whose first line
# names a shell.
mapfile -t shell < <(sources '*.sh' 'scripts/*' .ci/run |
	while read -r f; do
		case "$f" in
		*.sh) echo "$f" ;;
		*) head -n 1 "$f" | grep -qE '^#!/bin/(ba)?sh' && echo "$f" ;;
		esac
	done)
mapfile -t user_c < <(sources 'tools/*.[ch]' 'tests/*.[ch]')

lint_dir=$root/build/lint
bad=()
step() { # step NAME OUTPUT_FILE STATUS: report a step (non-zero = findings)
	if [ "$3" = 0 ]; then
		echo "lint: $1: ok"
	else
		echo "lint: $1: FAILED"
		# Show paths in the repository, not in the scratch copy.
		sed -E "s#$lint_dir(-test)?/##g" "$2"
		bad+=("$1")
	fi
}
out=$(mktemp)
trap 'rm -f "$out" "$out.env"' EXIT

# checkpatch
checkpatch() {
	"$KSRC/scripts/checkpatch.pl" --no-tree --strict --quiet --show-types "$@"
}
rc=0
: >"$out"
mapfile -t strict_c < <(printf '%s\n' "${kernel_c[@]}" |
	grep -vxF -f <(printf '%s\n' "${exports_c[@]}"))
if [ ${#strict_c[@]} -gt 0 ]; then
	checkpatch -f "${strict_c[@]}" >>"$out" 2>&1 || rc=$?
fi
if [ ${#exports_c[@]} -gt 0 ]; then
	checkpatch --ignore EXPORT_SYMBOL -f "${exports_c[@]}" >>"$out" 2>&1 || rc=$?
fi
if [ ${#user_c[@]} -gt 0 ]; then
	checkpatch --ignore PREFER_KERNEL_TYPES,PREFER_DEFINED_ATTRIBUTE_MACRO,CAMELCASE \
		-f "${user_c[@]}" >>"$out" 2>&1 || rc=$?
fi
step checkpatch "$out" "$rc"

# compile NAME DIR MAKE_ARGS...: W=1, then sparse on every source, of a fresh
# scratch copy in DIR (warnings only show when compiling).
compile() {
	local name=$1 dir=$2 rc=0
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir"
	sources Kbuild 'drivers/*' 'include/*' | cpio -pdm --quiet "$dir"
	make "$@" M="$dir" W=1 -j"$(nproc)" modules >"$out" 2>&1 || rc=$?
	if [ "$rc" = 0 ] && grep -q 'warning:' "$out"; then
		rc=1
	fi
	step "W=1 build ($name)" "$out" "$rc"
	rc=0
	make "$@" M="$dir" C=2 CHECK=sparse modules >"$out" 2>&1 || rc=$?
	if [ "$rc" = 0 ] && grep -qE ': (warning|error):' "$out"; then
		rc=1
	fi
	step "sparse ($name)" "$out" "$rc"
}
compile "$(basename "$KDIR")" "$lint_dir" -C "$KDIR"
# The test kernel (built on first use): CONFIG_KUNIT, so the KUnit test
# modules and kunit_exports.c are compiled too.
rc=0
scripts/kunit-kernel.sh >"$out.env" 2>"$out" || rc=$?
if [ "$rc" = 0 ]; then
	eval "$(cat "$out.env")"
	compile "test kernel" "$lint_dir-test" -C "$KSRC" O="$KBUILD"
else
	step "test kernel" "$out" "$rc"
fi

# kernel-doc
rc=0
if [ ${#kernel_c[@]} -gt 0 ]; then
	"$KSRC/scripts/kernel-doc" -none "${kernel_c[@]}" >"$out" 2>&1 || rc=$?
	[ ! -s "$out" ] || rc=1
fi
step kernel-doc "$out" "$rc"

# Shell scripts (-x: follow what a script sources)
rc=0
if [ ${#shell[@]} -gt 0 ]; then
	shellcheck -x "${shell[@]}" >"$out" 2>&1 || rc=$?
fi
step shellcheck "$out" "$rc"

if [ ${#bad[@]} -gt 0 ]; then
	echo "lint: findings in: ${bad[*]}"
	exit 1
fi
echo "lint: clean"
