#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run every mvgpu selftest.  Inside a test VM, as root, with the modules
# not loaded (scripts/vm-run -- tests/selftests/run.sh):
#
#   1. load the modules with scripts/mvgpu-load;
#   2. run each test program of build/ (make -C tests/selftests) and
#      mvgpuctl_test.sh; each prints its own TAP stream;
#   3. unload the modules.
#
# Usage: tests/selftests/run.sh [TEST...]   (names as in build/, default all)
#
# Exits 0 when every test passed or was skipped.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$here/build
export MVGPU_TOP=$top

all_tests=(
	mvgpu_types_test
	mvgpu_partition_test
	mvgpu_vfio_test
	mvgpu_config_test
	mvgpu_bar_test
	mvgpu_irq_test
	mvgpu_drm_test
	mvgpu_render_test
	mvgpu_gtt_test
	mvgpu_display_test
	mvgpu_kms_test
	mvgpu_submit_test
	mvgpu_guest_work_test
	mvgpu_guest_audit_test
	mvgpu_guest_kill_test
	mvgpu_hang_test
	mvgpu_sched_test
	mvgpuctl_test.sh
	mdevctl_test.sh
	mvgpu_sched_core_test
	mvgpu_module_test
)
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("${all_tests[@]}")

bail() {
	echo "TAP version 13"
	echo "1..1"
	echo "not ok 1 selftests # $*"
	exit 1
}

[ "$(id -u)" = 0 ] || bail "must run as root (inside scripts/vm-run)"
for t in "${tests[@]}"; do
	case "$t" in
	*.sh) [ -x "$here/$t" ] || bail "$here/$t missing" ;;
	*) [ -x "$build/$t" ] || bail "$build/$t missing (make -C tests/selftests)" ;;
	esac
done

if grep -q '^mvgpu ' /proc/modules; then
	echo "# mvgpu was loaded: unloading it first"
	"$top/scripts/mvgpu-load" --unload || bail "cannot unload the modules"
fi
"$top/scripts/mvgpu-load" || bail "scripts/mvgpu-load failed"
echo "# modules loaded"

failed=0
for t in "${tests[@]}"; do
	echo "# ==== $t"
	case "$t" in
	*.sh) cmd=("$here/$t") ;;
	*) cmd=("$build/$t") ;;
	esac
	t0=$SECONDS
	timeout --kill-after=10 900 "${cmd[@]}"
	rc=$?
	echo "# ==== $t: $((SECONDS - t0)) s"
	# 0: all passed; 4: all skipped (kselftest KSFT_SKIP).
	if [ "$rc" != 0 ] && [ "$rc" != 4 ]; then
		echo "# $t exited with status $rc"
		failed=$((failed + 1))
	fi
	# Leave the next program a clean GPU with the modules loaded.
	for d in /sys/bus/mdev/devices/*; do
		[ -e "$d/remove" ] || continue
		echo "# removing leftover vGPU ${d##*/}"
		echo 1 >"$d/remove" 2>/dev/null
	done
	if ! grep -q '^mvgpu ' /proc/modules; then
		echo "# mvgpu is not loaded after $t: reloading"
		"$top/scripts/mvgpu-load" --unload
		"$top/scripts/mvgpu-load" || { echo "# reload failed"; failed=$((failed + 1)); break; }
	fi
done

if ! "$top/scripts/mvgpu-load" --unload; then
	echo "# unloading the modules failed"
	failed=$((failed + 1))
fi
echo "# selftests: $failed of ${#tests[@]} programs failed"
[ "$failed" = 0 ]
