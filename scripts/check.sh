#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every mvgpu test suite (what `make check` runs). Needs root (apt-get, QEMU).
#
# Usage: scripts/check.sh [SUITE...]
#   with SUITEs (names below), deps, build and only those suites run
#
#   deps       scripts/deps.sh
#   build      make all (modules for the stock kernel, tools, test programs);
#              the stock kernel is $KVER, default the newest Debian 12
#              6.1.0-*-amd64 one
#   unit, mvgpuctl, fuzz
#              host suites: tests/unit (ASan/UBSan), mvgpuctl against a
#              fake sysfs, 20000 libFuzzer runs of the executor
#   build-6.12 the modules against Debian 12's 6.12 headers
#              (scripts/debian-headers.sh), W=1: one test, failed by any
#              warning
#   dkms       tests/dkms/dkms_test.sh: dkms add/build (6.1 and 6.12
#              headers)/install/remove in scratch trees, make install into a
#              scratch root, the installed modules loaded in a VM (TAP)
#   selftests  tests/selftests/run.sh in a stock-kernel VM (TAP)
#   qtest      tests/qemu/vfio-qtest.sh in a stock-kernel VM (TAP)
#   qtest-display
#              tests/qemu/display-qtest.sh in a stock-kernel VM: QEMU's
#              display=on shows a vGPU's plane, screendump compared (TAP)
#   libvirt    tests/selftests/libvirt_test.sh in a stock-kernel VM started
#              with vm-run --gpu-pci: libvirt's node devices and an mdev
#              hostdev on the GPU as a PCI function (TAP)
#   guest      tests/guest/run.sh: the end-to-end suite, nested QEMU guests
#              on vGPUs (stock kernel in the VM and in the guests; 2 vCPUs,
#              3 GiB) (TAP)
#   selftests-6.12, qtest-6.12
#              run.sh and vfio-qtest.sh on Debian 12's 6.12 kernel
#              (unpacked into the cache, never installed), with the modules
#              build-6.12 built
#   kunit      the test kernel (scripts/kunit-kernel.sh: KASAN, lockdep,
#              kmemleak), the modules and their KUnit test modules built
#              against it in build/debug; in a VM the modules are loaded and
#              each *_test.ko inserted (its suites run) and removed; KTAP
#              cases counted
#   selftests-debug, qtest-debug
#              run.sh and vfio-qtest.sh on the test kernel, with the
#              modules of build/debug (MVGPU_MODULES)
#
# In every VM suite, each kind of kernel report in the guest's log after the
# suite starts (KASAN, sleeping in atomic context, lockdep, hung task,
# BUG/Oops, WARNING) counts as one more failed test; on the test kernel a
# kmemleak scan after the suite does too.
#
# A suite that cannot run counts as one failed test. Logs go to build/logs/
# (<suite>.log: output, <suite>-dmesg.log: guest kernel log); the tail of a
# failing suite's log is printed. The last line is "N passed, N failed";
# the exit status is 0 only when nothing failed.
set -euo pipefail

all_suites=" unit mvgpuctl fuzz build-6.12 dkms selftests qtest libvirt qtest-display guest selftests-6.12 qtest-6.12 kunit selftests-debug qtest-debug "
case "${1:-}" in
-h|--help) sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
esac
for s in "$@"; do
	case "$all_suites" in
	*" $s "*) ;;
	*) echo "check: no suite '$s' (suites:$all_suites)" >&2; exit 2 ;;
	esac
done
wanted=" ${*:-$all_suites} "
# want SUITE...: whether any of the SUITEs is to run
want() {
	local s
	for s in "$@"; do
		case "$wanted" in *" $s "*) return 0 ;; esac
	done
	return 1
}

cd "$(dirname "$0")/.."
root=$PWD
export MVGPU_CACHE=${MVGPU_CACHE:-$HOME/.cache/mvgpu}
export KSRC=${KSRC:-$MVGPU_CACHE/linux-source-6.1}
logs=$root/build/logs
rm -rf "$logs"
mkdir -p "$logs"

total_pass=0
total_fail=0
t0=$SECONDS

# report SUITE PASS FAIL SKIP LOG [DETAILS]: per-suite summary; on failure
# the details (names of failed tests) and the tail of LOG.
report() {
	local suite=$1 pass=$2 fail=$3 skip=$4 log=$5 details=${6:-}
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	printf '== %s: %d passed, %d failed, %d skipped (%d s elapsed)\n' \
		"$suite" "$pass" "$fail" "$skip" $((SECONDS - t0))
	if [ "$fail" -gt 0 ]; then
		[ -z "$details" ] || printf '%s\n' "$details" | sed 's/^/   /'
		if [ -s "$log" ]; then
			echo "-- last lines of $log:"
			tail -n 60 "$log"
			echo "--"
		fi
	fi
}

# cannot_run SUITE LOG WHY: the suite could not run at all.
cannot_run() {
	echo "$1: $3" >>"$2"
	report "$1" 0 1 0 "$2" "could not run: $3"
}

# count TAP_LOG DMESG_LOG OUTPUT_LOG: count the (K)TAP test cases of TAP_LOG
# (after the "mvgpu-check: start" marker if it has one),
# look for kernel splats in DMESG_LOG after the "mvgpu-check: start" marker
# and for kmemleak reports in OUTPUT_LOG. Prints "PASS FAIL SKIP" on the
# first line, then the failed tests' names.
count() {
	python3 - "$1" "$2" "$3" <<'EOF'
import re, sys

res_path, dmesg_path, out_path = sys.argv[1:4]
stamp = re.compile(r'^\[\s*\d+\.\d+\] ?')
result = re.compile(r'^(\s*)(ok|not ok) (\d+)\s*(?:- )?(.*)$')
plan = re.compile(r'^(\s*)1\.\.(\d+)')
header = re.compile(r'^(\s*)(KTAP version|TAP version|# Subtest:)')

def lines(path):
    with open(path, errors='replace') as f:
        for line in f:
            yield stamp.sub('', line.rstrip('\r\n'))

passed = failed = skipped = 0
failures = []
blocks = {}          # indent -> [planned, seen, name]
last_indent = None   # indent of the previous result line
leaf_fail_since = {} # indent -> failed leaves since the block at it began

def close(indent):
    global failed
    b = blocks.pop(indent, None)
    if b and b[0] is not None and b[1] < b[0]:
        failed += b[0] - b[1]
        failures.append('%s: %d of %d planned results missing'
                        % (b[2] or 'tests', b[0] - b[1], b[0]))

name_at = {}
tap = list(lines(res_path))
marks = [i for i, l in enumerate(tap) if 'mvgpu-check: start' in l]
for line in tap[marks[0]:] if marks else tap:
    m = header.match(line)
    if m:
        ind = len(m.group(1))
        if m.group(2) == '# Subtest:':
            name_at[ind] = line.split(':', 1)[1].strip()
            if ind in blocks:
                blocks[ind][2] = name_at[ind]
            continue
        for i in [i for i in blocks if i >= ind]:
            close(i)
        blocks[ind] = [None, 0, name_at.get(ind, '')]
        leaf_fail_since[ind] = failed
        continue
    m = plan.match(line)
    if m:
        ind = len(m.group(1))
        blocks.setdefault(ind, [None, 0, name_at.get(ind, '')])[0] = int(m.group(2))
        leaf_fail_since.setdefault(ind, failed)
        continue
    m = result.match(line)
    if not m:
        continue
    ind, status, desc = len(m.group(1)), m.group(2), m.group(4)
    for i in [i for i in blocks if i > ind]:
        close(i)
    blocks.setdefault(ind, [None, 0, ''])[1] += 1
    name = desc.split(' #')[0].strip()
    is_parent = last_indent is not None and last_indent > ind
    last_indent = ind
    if is_parent:
        # A suite (or parameterised test) line: its cases are counted; a
        # failed parent with no failed case (e.g. suite init failed) counts.
        if status == 'not ok' and failed == leaf_fail_since.get(ind + 4, failed):
            failed += 1
            failures.append('not ok: ' + name + ' (suite)')
        continue
    if re.search(r'#\s*SKIP', desc, re.I):
        skipped += 1
    elif status == 'ok':
        passed += 1
    else:
        failed += 1
        failures.append('not ok: ' + name)
for i in list(blocks):
    close(i)

checks = [
    ('KASAN report', re.compile(r'BUG: KASAN')),
    ('sleeping in atomic context',
     re.compile(r'sleeping function called from invalid context|scheduling while atomic')),
    ('lockdep splat', re.compile(
        r'(WARNING|INFO|BUG): (possible|inconsistent lock|bad unlock|held lock|'
        r'lock held|suspicious RCU|trying to register non-static key)')),
    ('kmemleak leak report', re.compile(r'kmemleak: \d+ new suspected|unreferenced object')),
    ('hung task', re.compile(r'INFO: task .* blocked for more than')),
    ('kernel BUG/Oops', re.compile(
        r'BUG:|Oops|general protection fault|Kernel panic|kernel BUG at|UBSAN:')),
    ('kernel WARNING', re.compile(r'WARNING:')),
]
seen = set()
def splat(what, line):
    global failed
    if what not in seen:
        seen.add(what)
        failed += 1
        failures.append('%s: %s' % (what, line.strip()))
started = False
for line in lines(dmesg_path):
    started = started or 'mvgpu-check: start' in line
    if started:
        for what, rx in checks:
            if rx.search(line):
                splat(what, line)
                break
for line in lines(out_path):
    if line.startswith('unreferenced object'):
        splat('kmemleak leak report', line)
print(passed, failed, skipped)
print('\n'.join(failures))
EOF
}

# tally SUITE RC OUT LOG: report a suite from count's output OUT (or
# "PASS FAIL SKIP" alone) and the exit status RC of what ran it; a non-zero
# status, or no result at all, is one more failure.
tally() {
	local suite=$1 rc=$2 out=$3 log=$4 pass fail skip details
	read -r pass fail skip <<<"$(head -n 1 <<<"$out")"
	details=$(tail -n +2 <<<"$out")
	if [ "$rc" != 0 ]; then
		fail=$((fail + 1))
		details+=$'\n'"$suite: exited with status $rc"
	elif [ $((pass + fail + skip)) = 0 ]; then
		fail=1
		details+=$'\n'"$suite: no test results"
	fi
	report "$suite" "$pass" "$fail" "$skip" "$log" "$details"
}

# vm_suite SUITE KERNEL MEM TIMEOUT TAP_IN COMMAND: run COMMAND in a VM and
# count the TAP of its output (TAP_IN=output) or KTAP of its dmesg (=dmesg).
# vm_opts: more scripts/vm-run options (e.g. --gpu-pci), none by default.
# VM_SMP (default 1): the VM's vCPUs.
vm_opts=()
vm_suite() {
	local suite=$1 kernel=$2 mem=$3 timeout=$4 tap_in=$5 cmd=$6 rc=0 out
	local log=$logs/$suite.log dmesg=$logs/$suite-dmesg.log
	scripts/vm-run ${vm_opts[@]+"${vm_opts[@]}"} --kernel "$kernel" \
		--smp "${VM_SMP:-1}" --mem "$mem" \
		--timeout "$timeout" --dmesg "$dmesg" -- \
		"echo 'mvgpu-check: start' >/dev/kmsg; $cmd" >"$log" 2>&1 </dev/null || rc=$?
	[ -f "$dmesg" ] || : >"$dmesg"
	if [ "$tap_in" = dmesg ]; then
		out=$(count "$dmesg" "$dmesg" "$log")
	else
		out=$(count "$log" "$dmesg" "$log")
	fi
	tally "$suite" "$rc" "$out" "$log"
}

# (a) dependencies
if ! scripts/deps.sh >"$logs/deps.log" 2>&1 </dev/null; then
	cannot_run deps "$logs/deps.log" "scripts/deps.sh failed"
	echo "$total_pass passed, $total_fail failed"
	exit 1
fi

# The stock kernel: the modules are built against its headers and loaded in
# VMs booting it (vm-run and the Makefile both honour KVER).
export KVER=${KVER:-$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.0-*-amd64' \
	-printf '%f\n' | sed 's/^linux-headers-//' | sort -V | tail -n 1)}

# (b) build: modules (stock kernel), tools, test programs
build_ok=1
if make all >"$logs/build.log" 2>&1; then
	echo "== build: ok (not counted; $((SECONDS - t0)) s elapsed)"
else
	build_ok=0
	cannot_run build "$logs/build.log" "make all failed"
fi

# The test kernel, if a suite needs it: built (on a cold cache; about 15
# minutes on 2 idle cores) in the background at low priority, so that it
# takes the CPU the host and stock-kernel suites leave idle; waited for in
# debug_build.
kernel_pid=""
if want kunit selftests-debug qtest-debug; then
	nice -n 10 scripts/kunit-kernel.sh >"$logs/kunit-kernel.env" \
		2>"$logs/debug-build.log" </dev/null &
	kernel_pid=$!
fi

# (b2) host suites, no VM: the pure logic built in userspace under
# ASan/UBSan, the admin tool against a fake sysfs tree, a short fuzz run.
# host_suite SUITE tap|status COMMAND...: TAP results, or one test that
# passes when COMMAND exits 0.
host_suite() {
	local suite=$1 kind=$2 rc=0 out
	local log=$logs/$suite.log
	want "$suite" || return 0
	shift 2
	"$@" >"$log" 2>&1 </dev/null || rc=$?
	if [ "$kind" = tap ]; then
		out=$(count "$log" /dev/null "$log")
	else
		out="$((rc == 0)) 0 0"
	fi
	tally "$suite" "$rc" "$out" "$log"
}
host_suite unit tap make -C tests/unit run
host_suite mvgpuctl tap make -C tools/mvgpuctl check
host_suite fuzz status make -C tests/fuzz run

# copy_sources DIR: the module sources (not build products) into DIR, keeping
# mtimes so that unchanged files are not rebuilt.
copy_sources() {
	mkdir -p "$1"
	git ls-files --cached --others --exclude-standard -- Kbuild drivers include |
		cpio -pdmu --quiet "$1"
}

# (c) the modules against Debian 12's 6.12 headers, W=1: one test, which
# fails on any warning.
# The VM suites on 6.12 load these modules; later_ok says they built.
later_ok=0
later_kernel() {
	local suite=build-6.12 log=$logs/build-6.12.log kb=$root/build/kernel-6.12 rc=0
	local KDIR
	want "$suite" selftests-6.12 qtest-6.12 || return 0
	if ! scripts/debian-headers.sh --image 6.12 >"$logs/headers-6.12.env" 2>"$log"; then
		if want "$suite"; then
			cannot_run "$suite" "$log" "cannot fetch the 6.12 headers or image"
		fi
		return
	fi
	eval "$(grep '^KDIR=' "$logs/headers-6.12.env")"
	copy_sources "$kb"
	make -C "$KDIR" M="$kb" W=1 -j"$(nproc)" modules >>"$log" 2>&1 || rc=$?
	[ "$rc" = 0 ] && later_ok=1
	want "$suite" || return 0
	if [ "$rc" = 0 ] && grep -q 'warning:' "$log"; then
		report "$suite" 0 1 0 "$log" "warnings (W=1) against $KDIR"
	elif [ "$rc" != 0 ]; then
		report "$suite" 0 1 0 "$log" "modules do not build against $KDIR"
	else
		report "$suite" 1 0 0 "$log"
	fi
}

later_kernel
host_suite dkms tap tests/dkms/dkms_test.sh

# (d) selftests and (e) nested-QEMU check, in stock-kernel VMs
tap_suite() {
	local suite=$1 kernel=$2 mem=$3 timeout=$4 script=$5
	want "$suite" || return 0
	if [ ! -x "$script" ]; then
		cannot_run "$suite" "$logs/$suite.log" "$script is missing or not executable"
	elif [ "$build_ok" = 0 ]; then
		cannot_run "$suite" "$logs/$suite.log" "build failed"
	elif [ "$kernel" = test ]; then
		vm_suite "$suite" test "$mem" "$timeout" output "$(leak_check "$script")"
	else
		vm_suite "$suite" "$kernel" "$mem" "$timeout" output "$script"
	fi
}
tap_suite selftests stock 2048 900 tests/selftests/run.sh
tap_suite qtest stock 2048 300 tests/qemu/vfio-qtest.sh
tap_suite qtest-display stock 2048 600 tests/qemu/display-qtest.sh
vm_opts=(--gpu-pci)
tap_suite libvirt stock 2048 600 tests/selftests/libvirt_test.sh
vm_opts=()

# (e2) the same on Debian 12's 6.12 kernel (scripts/vm-run --kernel 6.12),
# with the modules build-6.12 built.
later_suites() {
	local suite
	if [ "$later_ok" = 0 ]; then
		for suite in selftests-6.12 qtest-6.12; do
			if want "$suite"; then
				cannot_run "$suite" "$logs/build-6.12.log" \
					"no modules for 6.12 (see build-6.12)"
			fi
		done
		return
	fi
	export MVGPU_MODULES=$root/build/kernel-6.12
	tap_suite selftests-6.12 6.12 2048 900 tests/selftests/run.sh
	tap_suite qtest-6.12 6.12 2048 300 tests/qemu/vfio-qtest.sh
	unset MVGPU_MODULES
}
if want selftests-6.12 qtest-6.12; then
	later_suites
fi

# The end-to-end suite: two nested TCG guests at once want 2 vCPUs. It runs
# after the one-vCPU suites, which leave a core to a test kernel still
# building on a cold cache.
VM_SMP=2 tap_suite guest stock 3072 3600 tests/guest/run.sh

# (f) the test kernel (KASAN, lockdep, kmemleak; scripts/kunit-kernel.sh) and
# the modules built against it in build/debug, with their KUnit modules.
# Sets debug_why to what went wrong, if anything did.
debug_why=""
debug_build() {
	local log=$logs/debug-build.log line KBUILD
	if ! wait "$kernel_pid"; then
		debug_why="test kernel build failed"
		return
	fi
	eval "$(grep '^KBUILD=' "$logs/kunit-kernel.env")"
	# What the KUnit suites ask of the kernel.
	while read -r line; do
		if ! grep -qxF "$line" "$KBUILD/.config"; then
			debug_why="the test kernel lacks $line (.kunitconfig)"
			echo "$debug_why" >>"$log"
			return
		fi
	done < <(grep -h '^CONFIG_' drivers/*/.kunitconfig)
	copy_sources "$root/build/debug"
	if ! make -C "$KSRC" O="$KBUILD" M="$root/build/debug" -j"$(nproc)" modules \
			>>"$log" 2>&1; then
		debug_why="modules do not build against the test kernel"
	fi
}

# leak_check COMMAND: COMMAND wrapped for kmemleak: forget what is allocated
# so far, run COMMAND, wait past kmemleak's 5 s minimum object age, scan
# twice, print what leaked (count() counts it); COMMAND's exit status.
leak_check() {
	cat <<EOT
kl=/sys/kernel/debug/kmemleak
[ -w \$kl ] || { echo 'kmemleak: not available'; exit 1; }
echo scan >\$kl; echo clear >\$kl
( $1 ); rc=\$?
sleep 6
echo scan >\$kl; echo scan >\$kl
cat \$kl
exit \$rc
EOT
}

debug_suites() {
	local suite
	debug_build
	if [ -n "$debug_why" ]; then
		for suite in kunit selftests-debug qtest-debug; do
			if want "$suite"; then
				cannot_run "$suite" "$logs/debug-build.log" "$debug_why"
			fi
		done
		return
	fi
	echo "== debug build: ok (not counted; $((SECONDS - t0)) s elapsed)"
	export MVGPU_MODULES=$root/build/debug
	# KUnit: the test modules run their suites at insmod, beside the
	# driver they test (1 GiB of guest memory keeps kmemleak's scans short).
	if want kunit; then
		vm_suite kunit test 1024 600 dmesg "$(leak_check "
			set -e
			scripts/mvgpu-load
			for t in \$(find build/debug/drivers -name '*_test.ko' | sort); do
				insmod \$t
				rmmod \$t
			done
			scripts/mvgpu-load --unload")"
	fi
	tap_suite selftests-debug test 1536 2400 tests/selftests/run.sh
	tap_suite qtest-debug test 1536 900 tests/qemu/vfio-qtest.sh
	unset MVGPU_MODULES
}
if want kunit selftests-debug qtest-debug; then
	debug_suites
fi

echo "check: done in $((SECONDS - t0)) s, logs in build/logs/"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
