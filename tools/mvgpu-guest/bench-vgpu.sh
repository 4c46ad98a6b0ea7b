#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The vGPU benchmark (what `make bench-vgpu` runs in a VM, as root): load
# the modules, create an MVGPU-8 vGPU, and run `mvgpu-guest UUID bench`:
# the same FILL, COPY and CRC32C workload through the vGPU (this library's
# guest driver) and natively through the render node, per size, with the
# throughput ratio, and the trapped MMIO accesses per submitted batch.
# Twice: the guest waits for completion by polling its status page (no
# trapped access, but its wakeups take the CPU from the engine in a
# one-vCPU VM), then by sleeping until the MSI (as a guest kernel driver
# does; it reads and acknowledges INT_STATUS: two more trapped accesses).
# Numbers are printed, never asserted.
#
# Usage: tools/mvgpu-guest/bench-vgpu.sh [OPTION...]
#   options of `mvgpu-guest bench`, for one run (default: both runs with
#   --sizes 4K,64K,1M,16M)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
both=0
[ $# -gt 0 ] || { set -- --sizes 4K,64K,1M,16M; both=1; }

[ "$(id -u)" = 0 ] || { echo "bench-vgpu: run as root (scripts/vm-run)" >&2; exit 2; }
"$top/scripts/mvgpu-load" >/dev/null
uuid=$(cat /proc/sys/kernel/random/uuid)
echo "$uuid" >/sys/class/mdev_bus/mvgpu0/mdev_supported_types/mvgpu-8/create
rc=0
"$here/mvgpu-guest" "$@" "$uuid" bench || rc=$?
if [ "$both" = 1 ]; then
	echo
	"$here/mvgpu-guest" --irq "$@" "$uuid" bench || rc=$?
fi
echo 1 >"/sys/bus/mdev/devices/$uuid/remove"
"$top/scripts/mvgpu-load" --unload
exit "$rc"
