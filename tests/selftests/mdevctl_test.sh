#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Debian's unmodified mdevctl against the real module (run.sh runs it, as
# root in the VM, with the modules loaded and no vGPU present): types,
# start/stop of a transient vGPU, a persistent one defined with an
# attribute that sets its scheduling weight, list --dumpjson, undefine, and
# the automatic start of an --auto vGPU by udev when the modules load.
#
# /etc is the host's, read-only: a tmpfs goes over /etc/mdevctl.d.  Debian
# 12's udev rule runs /usr/sbin/mdevctl while the package installs
# /usr/bin/mdevctl; the test applies the workaround the admin guide gives (a
# copy of the rule naming /usr/bin/mdevctl, here in /run/udev/rules.d, for
# an admin in /etc/udev/rules.d).  Prints TAP.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
PLAN=14
PARENT=mvgpu0
TYPE=mvgpu-8
U1=6a1f0c56-30a3-4d1e-9a52-1d1d0c000001
U2=6a1f0c56-30a3-4d1e-9a52-1d1d0c000002
U3=6a1f0c56-30a3-4d1e-9a52-1d1d0c000003
UDEVD=/lib/systemd/systemd-udevd

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
tap_plan $PLAN mdevctl
skip_all() { tap_skip_all "$@"; }
command -v mdevctl >/dev/null || skip_all "mdevctl not installed"
[ -d /sys/class/mdev_bus/$PARENT ] || skip_all "mvgpu not loaded"
[ "${MVGPU_VM:-}" = 1 ] || skip_all "only in the test VM (it mounts over /etc)"

tmp=$(mktemp -d)
OUT=$tmp/out
TAP_OUT=$OUT TAP_SHOW=$OUT
udevd_pid=""
cleanup() {
	local u
	for u in $U1 $U2 $U3; do
		mdevctl stop -u "$u" >/dev/null 2>&1
		mdevctl undefine -u "$u" >/dev/null 2>&1
	done
	[ -n "$udevd_pid" ] && kill "$udevd_pid" 2>/dev/null
	umount /etc/mdevctl.d 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

weight_is() { [ "$(cat /sys/bus/mdev/devices/"$1"/mvgpu/weight)" = "$2" ]; }

mount -t tmpfs tmpfs /etc/mdevctl.d || skip_all "cannot mount a tmpfs over /etc/mdevctl.d"
mkdir -p /etc/mdevctl.d/scripts.d/callouts /etc/mdevctl.d/scripts.d/notifiers

# Transient vGPUs
check "types lists $PARENT's $TYPE" \
	sh -c "mdevctl types | tee /dev/stderr | grep -q '$TYPE'"
check "start creates a transient vGPU" \
	sh -c "mdevctl start -u $U1 -p $PARENT -t $TYPE && [ -d /sys/bus/mdev/devices/$U1 ]"
check "list shows it" sh -c "mdevctl list | tee /dev/stderr | grep -q $U1"
check "stop removes it" sh -c "mdevctl stop -u $U1 && ! [ -e /sys/bus/mdev/devices/$U1 ]"

# A persistent vGPU with an attribute
check "define with an attribute setting mvgpu/weight" \
	sh -c "mdevctl define -u $U2 -p $PARENT -t $TYPE &&
	       mdevctl modify -u $U2 --addattr=mvgpu/weight --value=5 &&
	       mdevctl list --defined -u $U2 --dumpjson | tee /dev/stderr |
	       grep -q 'mvgpu/weight'"
check "start of the defined vGPU creates it" \
	sh -c "mdevctl start -u $U2 && [ -d /sys/bus/mdev/devices/$U2 ]"
check "start applied the attribute (weight 5)" weight_is $U2 5
check "list --dumpjson shows it running with its attribute" \
	sh -c "mdevctl list --dumpjson | tee /dev/stderr |
	       python3 -c 'import json,sys; d=json.load(sys.stdin);
devs=[v for p in d for x in p.values() for e in x for k,v in e.items() if k==\"$U2\"]
assert devs and devs[0][\"mdev_type\"]==\"$TYPE\", devs
assert {\"mvgpu/weight\":\"5\"} in devs[0][\"attrs\"], devs'"
check "a bad attribute value fails the start and leaves nothing" \
	sh -c "mdevctl stop -u $U2 &&
	       mdevctl modify -u $U2 --delattr --index=0 &&
	       mdevctl modify -u $U2 --addattr=mvgpu/weight --value=0 &&
	       ! mdevctl start -u $U2 && ! [ -e /sys/bus/mdev/devices/$U2 ]"
check "undefine forgets it" \
	sh -c "mdevctl undefine -u $U2 && ! mdevctl list --defined | grep -q $U2"

# Automatic start when the modules load (udev)
check "define an --auto vGPU with weight 7" \
	sh -c "mdevctl define -u $U3 -p $PARENT -t $TYPE --auto &&
	       mdevctl modify -u $U3 --addattr=mvgpu/weight --value=7"
mkdir -p /run/udev/rules.d
sed 's|/usr/sbin/mdevctl|/usr/bin/mdevctl|g' /lib/udev/rules.d/60-mdevctl.rules \
	>/run/udev/rules.d/60-mdevctl.rules
started=0
if [ -x $UDEVD ]; then
	$UDEVD --resolve-names=never >"$tmp/udevd.log" 2>&1 &
	udevd_pid=$!
	udevadm settle -t 10 2>/dev/null && started=1
fi
check "udevd runs with the fixed mdevctl rule" [ "$started" = 1 ]
check "reloading the modules starts the --auto vGPU" \
	sh -c "'$top/scripts/mvgpu-load' --unload && '$top/scripts/mvgpu-load' &&
	       udevadm settle -t 30 &&
	       for i in \$(seq 50); do [ -d /sys/bus/mdev/devices/$U3 ] && exit 0;
	       sleep 0.2; done; cat '$tmp/udevd.log'; exit 1"
check "with its attribute applied (weight 7)" weight_is $U3 7

tap_done
