# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers of the qtest scripts (vfio-qtest.sh, display-qtest.sh), sourced
# after tests/lib/tap.sh. The caller sets hw_h (mvgpu_hw.h), tmp (its
# scratch directory, where QEMU's stderr is qemu.err) and DEV (the vGPU's
# PCI slot), and keeps QEMU's qtest input on fd 3 and its output on fd 4.
#   bail WHY             TAP "Bail out!", QEMU's stderr, exit 1
#   hw NAME              the value of a #define of mvgpu_hw.h (_BITUL too)
#   qtest COMMAND...     one qtest command; prints its reply's value
#   cfg_read32 OFFSET, cfg_write32 OFFSET VALUE
#                        the vGPU's config space (mechanism #1, 0xcf8/0xcfc)

# shellcheck disable=SC2154 # hw_h, tmp and DEV are the caller's
bail() {
	echo "Bail out! $*"
	[ -s "$tmp/qemu.err" ] && sed 's/^/# qemu: /' "$tmp/qemu.err"
	exit 1
}

hw() {
	local v
	v=$(awk -v name="$1" '$1 == "#define" && $2 == name { print $3 }' "$hw_h")
	[ -n "$v" ] || bail "$1 is not defined in $hw_h"
	[[ "$v" =~ ^_BITUL\(([0-9]+)\)$ ]] && v=$((1 << BASH_REMATCH[1]))
	echo "$((v))"
}

qtest() {
	local reply
	echo "$*" >&3
	while :; do
		IFS= read -r -t 60 reply <&4 || { echo "timeout"; return 1; }
		case "$reply" in
		OK*) echo "${reply#OK}" | tr -d ' '; return 0 ;;
		FAIL*|ERR*) echo "$reply"; return 1 ;;
		*) ;;	# asynchronous lines (IRQ ...)
		esac
	done
}

cfg_addr() { printf '0x%x' $((0x80000000 | (DEV << 11) | ($1 & 0xfc))); }
cfg_read32() {
	qtest outl 0xcf8 "$(cfg_addr "$1")" >/dev/null && qtest inl 0xcfc
}
cfg_write32() {
	qtest outl 0xcf8 "$(cfg_addr "$1")" >/dev/null && qtest outl 0xcfc "$2" >/dev/null
}
