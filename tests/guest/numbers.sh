# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The numbers of the end-to-end suite (sourced by tests/guest/run.sh, in the
# host VM, guest a booted with the driver loaded): the same mvgpu-work
# workload in guest a and natively on the host's render node, one after the
# other in one run.  Printed as TAP diagnostics "NUMBERS ...", never
# asserted; only that each run's results were correct is a test.
#
# numbers: COPY throughput (guest / native) and the submit-to-fence latency
# p50/p99 of small FILLs, in the guest and natively.
E2E_TPUT_ARGS=${E2E_TPUT_ARGS:-"--size 4194304 --iterations 8 copy"}
E2E_LAT_ARGS=${E2E_LAT_ARGS:-"--size 4096 --iterations 200 --latency fill"}

# shellcheck disable=SC2154 # top and here: set by run.sh and lib.sh
numbers() {
	local g h gr hr gl hl
	# shellcheck disable=SC2086 # word splitting of the argument lists
	{
		g=$(guest_run a 900 "$top/tests/guest/in-guest.sh work $E2E_TPUT_ARGS"); gr=$?
		h=$(host_work $E2E_TPUT_ARGS 2>&1); hr=$?
		gl=$(guest_run a 900 "$top/tests/guest/in-guest.sh work $E2E_LAT_ARGS"); gr=$((gr | $?))
		hl=$(host_work $E2E_LAT_ARGS 2>&1); hr=$((hr | $?))
	}
	printf '%s\n' "$g" "$gl" | sed 's/^#   /# guest: /'
	printf '%s\n' "$h" "$hl" | sed 's/^/# native: /'
	ok "$gr" "numbers: the workload in guest a, all correct"
	ok "$hr" "numbers: the same workload natively, all correct"
	awk -v g="$(mibs <<<"$g")" -v h="$(mibs <<<"$h")" -v a="$E2E_TPUT_ARGS" 'BEGIN {
		printf "# NUMBERS throughput (mvgpu-work %s): guest %.1f MiB/s, native %.1f MiB/s, ratio guest/native %.2f\n",
		       a, g, h, (h > 0 ? g / h : 0) }'
	lat() { sed -n 's/.*p50 \([0-9.]*\) us, p99 \([0-9.]*\) us.*/p50 \1 us, p99 \2 us/p' | head -n 1; }
	echo "# NUMBERS latency submit-to-fence (mvgpu-work $E2E_LAT_ARGS):" \
		"guest $(lat <<<"$gl"), native $(lat <<<"$hl")"
}
