#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Debian's unmodified libvirt 9.0 against the emulated GPU on a PCI function
# (libvirt takes only PCI functions as mdev parents).  Runs as root in a VM
# started with scripts/vm-run --gpu-pci (an ivshmem-plain function marked
# for mvgpu at 0000:00:10.0), with the modules not loaded:
#
#   scripts/vm-run --gpu-pci -- tests/selftests/libvirt_test.sh
#
# Checks that a wrong pci_slot (or an unmarked function) fails the load
# with a clear message and leaves nothing behind, that with the right one the mdev parent is the
# PCI function, then, through libvirtd and virsh: the parent among the
# node devices with mdev_types, its types with names and available
# instances as sysfs has them, nodedev-define/start/destroy/undefine of a
# persistent vGPU, nodedev-create of a transient one, a type the GPU lacks
# refused, unbinding the PCI function refused while a vGPU exists, and a
# domain with <hostdev mode='subsystem' type='mdev'> that starts with the
# vGPU as a PCI device of the guest.
#
# /etc and /var/lib are the host's, read-only: tmpfs mounts go over
# /etc/libvirt (a private libvirtd.conf and qemu.conf), /etc/mdevctl.d,
# /var/lib, /var/cache and /var/log; /etc/passwd and /etc/group get
# bind-mounted copies naming libvirt-qemu (the user Debian's libvirt is
# built for; libvirt-daemon-system would create it).  No D-Bus, no
# systemd: libvirtd runs daemonised, udevd by hand.  Prints TAP.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
PLAN=22
SLOT=0000:00:10.0
NODE=pci_0000_00_10_0
TYPE=mvgpu-8
U1=6a1f0c56-30a3-4d1e-9a52-1d1d0c0000a1
U2=6a1f0c56-30a3-4d1e-9a52-1d1d0c0000a2
U3=6a1f0c56-30a3-4d1e-9a52-1d1d0c0000a3
DEV1=mdev_${U1//-/_}_${SLOT//[:.]/_}
DEV2=mdev_${U2//-/_}_${SLOT//[:.]/_}
DEV3=mdev_${U3//-/_}_${SLOT//[:.]/_}
DOM=mvgpu-libvirt-test
UDEVD=/lib/systemd/systemd-udevd
virsh() { command virsh -q -c qemu:///system "$@"; }

echo "TAP version 13"
echo "1..$PLAN"
skip_all() {
	local i
	for i in $(seq $PLAN); do echo "ok $i libvirt # SKIP $*"; done
	exit 4
}
[ "${MVGPU_VM:-}" = 1 ] || skip_all "only in the test VM (it mounts over /etc and /var)"
if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null; then
	skip_all "libvirt not installed (scripts/deps.sh)"
fi
command -v mdevctl >/dev/null || skip_all "mdevctl not installed"
[ -e /sys/bus/pci/devices/$SLOT ] ||
	skip_all "no PCI function at $SLOT (scripts/vm-run --gpu-pci)"

n=0
failed=0
tmp=$(mktemp -d)
OUT=$tmp/out
udevd_pid=""
cleanup() {
	virsh destroy $DOM >/dev/null 2>&1
	virsh undefine $DOM >/dev/null 2>&1
	for d in $DEV1 $DEV2 $DEV3; do
		virsh nodedev-destroy "$d" >/dev/null 2>&1
		virsh nodedev-undefine "$d" >/dev/null 2>&1
	done
	[ -f /run/libvirtd.pid ] && kill "$(cat /run/libvirtd.pid)" 2>/dev/null
	[ -n "$udevd_pid" ] && kill "$udevd_pid" 2>/dev/null
	sleep 1
	"$top/scripts/mvgpu-load" --unload >/dev/null 2>&1
	for m in /etc/group /etc/passwd /var/log /var/cache /var/lib \
		 /etc/mdevctl.d /etc/libvirt; do
		umount "$m" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

result() {	# result OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		sed 's/^/#   /' "$OUT"
		failed=$((failed + 1))
	fi
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds
check() {
	local desc=$1
	shift
	if "$@" >"$OUT" 2>&1; then result 1 "$desc"; else result 0 "$desc"; fi
}

# bad_slot SLOT MESSAGE: loading with pci_slot=SLOT fails, the log says
# MESSAGE, and no module stays loaded.
bad_slot() {
	dmesg -C
	if "$top/scripts/mvgpu-load" "pci_slot=$1"; then
		echo "loaded with pci_slot=$1"
		return 1
	fi
	dmesg | grep "mvgpu_sim" | tee /dev/stderr | grep -q "$2" || return 1
	! grep -qE '^mvgpu(_sim|_vgpu)? ' /proc/modules
}

# A type's attribute in sysfs.
type_attr() { cat "/sys/class/mdev_bus/$SLOT/mdev_supported_types/$1/$2"; }

# types_match: every sysfs type of the parent in nodedev-dumpxml, with the
# same name and available instances.
types_match() {
	virsh nodedev-dumpxml $NODE >"$tmp/node.xml" || return 1
	cat "$tmp/node.xml"
	python3 - "$tmp/node.xml" "/sys/class/mdev_bus/$SLOT/mdev_supported_types" <<'EOT'
import os, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
xml = {t.get('id'): t for t in root.iter('type') if t.get('id')}
sysfs = sorted(os.listdir(sys.argv[2]))
assert sysfs, 'no types in sysfs'
assert sorted(xml) == sysfs, (sorted(xml), sysfs)
for t in sysfs:
    rd = lambda a: open(os.path.join(sys.argv[2], t, a)).read().strip()
    assert xml[t].findtext('name') == rd('name'), t
    assert xml[t].findtext('availableInstances') == rd('available_instances'), t
print('# %d types match sysfs' % len(sysfs))
EOT
}

write_xml() {	# write_xml FILE UUID TYPE: a node device XML for an mdev
	cat >"$1" <<EOT
<device>
  <parent>$NODE</parent>
  <capability type='mdev'>
    <type id='$3'/>
    <uuid>$2</uuid>
  </capability>
</device>
EOT
}

if grep -q '^mvgpu ' /proc/modules; then
	"$top/scripts/mvgpu-load" --unload || skip_all "cannot unload the modules"
fi

# pci_slot: wrong input fails the load, cleanly
check "pci_slot naming an empty slot fails with a message" \
	bad_slot 0000:00:11.0 "no PCI function there"
check "pci_slot naming another device fails with a message" \
	bad_slot 0000:00:01.0 "not an ivshmem-plain function"
check "a malformed pci_slot fails with a message" \
	bad_slot 00:10 "not a PCI address"
# marker TEXT: write TEXT at the start of the function's shared memory.
marker() {
	python3 -c 'import mmap, os, sys
f = os.open(sys.argv[1], os.O_RDWR | os.O_SYNC)
m = mmap.mmap(f, 4096)
m[0:8] = sys.argv[2].encode()
m.close()' "/sys/bus/pci/devices/$SLOT/resource2" "$1"
}
# unmarked: the function with its marker overwritten is refused.
unmarked() {
	local rc
	marker XXXXXXXX || return 1
	bad_slot $SLOT "not marked for mvgpu"
	rc=$?
	marker MVGPUSIM || return 1
	return $rc
}
check "an ivshmem function without the MVGPUSIM marker is refused" unmarked
check "with pci_slot=$SLOT the mdev parent is the PCI function" \
	sh -c "'$top/scripts/mvgpu-load' pci_slot=$SLOT &&
	       ls -l /sys/class/mdev_bus/ && [ -d /sys/bus/pci/devices/$SLOT/mvgpu0 ] &&
	       [ -d /sys/bus/pci/devices/$SLOT/mdev_supported_types/$TYPE ] &&
	       [ ! -e /sys/class/mdev_bus/mvgpu0 ]"
CTL=$top/tools/mvgpuctl/mvgpuctl
check "mvgpuctl gpus lists the PCI parent, with mvgpu0's sched/ and render node" \
	sh -c "[ -x '$CTL' ] && '$CTL' --json gpus | tee /dev/stderr |
	       python3 -c 'import json, sys
d = json.load(sys.stdin)
gpus = d.get(\"gpus\", d) if isinstance(d, dict) else d
g = [g for g in gpus if g[\"gpu\"] == \"$SLOT\"]
assert g and g[0][\"sched\"] and g[0].get(\"render_node\"), gpus'"

# libvirtd with a private configuration
setup() {
	local d
	for d in /etc/libvirt /etc/mdevctl.d /var/lib /var/cache /var/log; do
		mount -t tmpfs tmpfs "$d" || return 1
	done
	mkdir -p /etc/mdevctl.d/scripts.d/callouts /etc/mdevctl.d/scripts.d/notifiers
	cp /etc/passwd /etc/group "$tmp/"
	echo 'libvirt-qemu:x:64055:64055::/var/lib/libvirt:/usr/sbin/nologin' >>"$tmp/passwd"
	echo 'libvirt-qemu:x:64055:' >>"$tmp/group"
	grep -q '^kvm:' "$tmp/group" || echo 'kvm:x:64056:' >>"$tmp/group"
	mount --bind "$tmp/passwd" /etc/passwd && mount --bind "$tmp/group" /etc/group ||
		return 1
	cat >/etc/libvirt/libvirtd.conf <<EOT
log_outputs = "3:file:$tmp/libvirtd.log"
EOT
	# Root QEMU, no security driver, no mount namespace: the VM has no
	# SELinux/AppArmor, and / is a read-only 9p mount.
	cat >/etc/libvirt/qemu.conf <<EOT
user = "root"
group = "root"
security_driver = "none"
namespaces = [ ]
stdio_handler = "file"
EOT
	if [ -x $UDEVD ]; then
		$UDEVD --resolve-names=never >"$tmp/udevd.log" 2>&1 &
		udevd_pid=$!
		udevadm settle -t 10
	fi
	libvirtd -d -p /run/libvirtd.pid || return 1
	for d in $(seq 100); do
		virsh version >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	cat "$tmp/libvirtd.log"
	return 1
}
check "libvirtd runs (private config, no D-Bus)" setup

# Node devices
check "nodedev-list --cap mdev_types lists $NODE" \
	sh -c "virsh -q -c qemu:///system nodedev-list --cap mdev_types |
	       tee /dev/stderr | grep -qx $NODE"
check "nodedev-dumpxml shows every type, its name and available instances" \
	types_match
write_xml "$tmp/u1.xml" $U1 $TYPE
avail=$(type_attr $TYPE available_instances)
check "nodedev-define defines an inactive vGPU" \
	sh -c "virsh -q -c qemu:///system nodedev-define '$tmp/u1.xml' &&
	       virsh -q -c qemu:///system nodedev-list --cap mdev --inactive |
	       tee /dev/stderr | grep -qx $DEV1 && [ ! -e /sys/bus/mdev/devices/$U1 ]"
check "nodedev-start creates it on the PCI function" \
	sh -c "virsh -q -c qemu:///system nodedev-start $DEV1 &&
	       readlink -f /sys/bus/mdev/devices/$U1 | tee /dev/stderr |
	       grep -q '/$SLOT/$U1\$' &&
	       [ \"\$(basename \"\$(readlink /sys/bus/mdev/devices/$U1/mdev_type)\")\" = $TYPE ]"
check "available instances of $TYPE drop by one" \
	sh -c "[ \"\$(cat /sys/class/mdev_bus/$SLOT/mdev_supported_types/$TYPE/available_instances)\" = $((avail - 1)) ]"
check "...and nodedev-dumpxml agrees" types_match
check "unbinding the PCI function with a vGPU is refused; nothing lost" \
	sh -c "! echo $SLOT >/sys/bus/pci/drivers/mvgpu/unbind &&
	       [ -e /sys/bus/pci/drivers/mvgpu/$SLOT ] &&
	       [ -d /sys/bus/mdev/devices/$U1 ]"
write_xml "$tmp/bad.xml" $U3 mvgpu-3
check "nodedev-define of a type the GPU lacks fails and defines nothing" \
	sh -c "! virsh -q -c qemu:///system nodedev-define '$tmp/bad.xml' ||
	       ! virsh -q -c qemu:///system nodedev-start $DEV3;
	       virsh -q -c qemu:///system nodedev-undefine $DEV3 >/dev/null 2>&1;
	       ! [ -e /sys/bus/mdev/devices/$U3 ] &&
	       ! virsh -q -c qemu:///system nodedev-list --cap mdev --all | grep -q $DEV3"
write_xml "$tmp/u2.xml" $U2 $TYPE
check "nodedev-create makes a transient vGPU, nodedev-destroy removes it" \
	sh -c "virsh -q -c qemu:///system nodedev-create '$tmp/u2.xml' &&
	       [ -d /sys/bus/mdev/devices/$U2 ] &&
	       virsh -q -c qemu:///system nodedev-destroy $DEV2 &&
	       ! [ -e /sys/bus/mdev/devices/$U2 ]"

# A domain with the vGPU (QEMU under TCG inside the VM; no disk: the BIOS
# idles, enough for QEMU to open and map the vGPU)
cat >"$tmp/dom.xml" <<EOT
<domain type='qemu'>
  <name>$DOM</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <hostdev mode='subsystem' type='mdev' model='vfio-pci'>
      <source><address uuid='$U1'/></source>
    </hostdev>
  </devices>
</domain>
EOT
check "a domain with <hostdev type='mdev'> starts" \
	sh -c "virsh -q -c qemu:///system define '$tmp/dom.xml' &&
	       virsh -q -c qemu:///system start $DOM &&
	       [ \"\$(virsh -q -c qemu:///system domstate $DOM)\" = running ]"
check "the guest sees the vGPU (1234:4d56) on its PCI bus" \
	sh -c "virsh -q -c qemu:///system qemu-monitor-command --hmp $DOM 'info pci' |
	       tee /dev/stderr | grep -q 'PCI device 1234:4d56'"
check "the domain stops and is undefined" \
	sh -c "virsh -q -c qemu:///system destroy $DOM &&
	       virsh -q -c qemu:///system undefine $DOM"
check "nodedev-destroy removes the vGPU; it stays defined" \
	sh -c "virsh -q -c qemu:///system nodedev-destroy $DEV1 &&
	       ! [ -e /sys/bus/mdev/devices/$U1 ] &&
	       virsh -q -c qemu:///system nodedev-list --cap mdev --inactive | grep -qx $DEV1"
check "nodedev-undefine forgets it" \
	sh -c "virsh -q -c qemu:///system nodedev-undefine $DEV1 &&
	       ! virsh -q -c qemu:///system nodedev-list --cap mdev --all | grep -q $DEV1 &&
	       ! mdevctl list --defined | grep -q $U1"

check "num_gpus=2: GPU 0 on the PCI function, GPU 1 on the mvgpu bus" \
	sh -c "kill \$(cat /run/libvirtd.pid); sleep 1;
	       '$top/scripts/mvgpu-load' --unload &&
	       '$top/scripts/mvgpu-load' pci_slot=$SLOT num_gpus=2 &&
	       ls /sys/class/mdev_bus/ | tee /dev/stderr | tr '\n' ' ' |
	       grep -qx '$SLOT mvgpu1 '"

[ "$failed" = 0 ]
