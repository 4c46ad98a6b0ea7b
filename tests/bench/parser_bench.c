// SPDX-License-Identifier: GPL-2.0-only
/*
 * Throughput of the command parser's scan-and-shadow: batches of FILL,
 * COPY and STORE_DWORD commands from 4 KiB to 4 MiB, parsed with
 * mvgpu_cmd_parse_batch() (walk, one read into the shadow, audit) by the
 * fake client of tests/unit/parser_fake.h (page-translated reads), against
 * memcpy of the same bytes.  Prints numbers, never judges them.  Built -O2
 * without sanitizers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/kernel.h>

#include "../../drivers/sim/crc32c.c"
#include "../../drivers/sim/exec.c"
#include "../../drivers/sim/exec_blit.c"
#include "../../drivers/mvgpu/core/cmd_parser.c"
#include "../unit/exec_fake.h"
#include "../unit/parser_fake.h"

#define NPAGES		1100u
#define BATCH_VA	0x1000ull
#define DATA_VA		0x200000ull	/* what the commands point at */
#define MAX_BYTES	(4u << 20)

static struct pfake PF;
static struct mvgpu_cmd_parser P;
static u8 *flat_dst;
static u64 sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Best of 7 rounds of 20 ms each, in bytes per second: the machine is shared. */
static double rate(void (*fn)(u32), u32 bytes)
{
	double t0, t, best = 0;
	unsigned long reps;
	int round;

	fn(bytes);
	for (round = 0; round < 7; round++) {
		reps = 0;
		t0 = now();
		do {
			fn(bytes);
			reps++;
			t = now() - t0;
		} while (t < 0.02);
		if (reps * (double)bytes / t > best)
			best = reps * (double)bytes / t;
	}
	return best;
}

/*
 * A batch of @bytes: FILL, COPY, STORE_DWORD, STORE_DWORD (24 dwords) over
 * and over, NOOPs to pad, its BATCH_END last.
 */
static void build_batch(u32 bytes)
{
	struct fake_stream s = { .f = &PF.f, .va = BATCH_VA };
	u64 end = BATCH_VA + bytes - 4, i = 0;

	while (s.va + 4 * 24 <= end) {
		cmd_fill(&s, DATA_VA + (i & 0xff) * 0x100, 0x100, 0x40, 4,
			 0x11223344);
		cmd_copy(&s, DATA_VA, 0x80, DATA_VA + 0x10000 + (i & 0xff) * 4,
			 0x80, 0x40, 8);
		cmd_store(&s, DATA_VA + 0x20000 + (i & 0x3ff) * 4, (u32)i);
		cmd_store(&s, DATA_VA + 0x21000, (u32)i);
		i++;
	}
	while (s.va < end)
		cmd_op(&s, MVGPU_OP_NOOP);
	cmd_op(&s, MVGPU_OP_BATCH_END);
}

static void scan(u32 bytes)
{
	u64 shadow_va;

	pf_reset_shadows(&PF);
	if (mvgpu_cmd_parse_batch(&P, BATCH_VA, 1, &shadow_va))
		abort();
	sink += shadow_va;
}

static void copy(u32 bytes)
{
	memcpy(flat_dst, PF.f.block + BATCH_VA, bytes);
	sink += flat_dst[bytes / 2];
}

int main(int argc, char **argv)
{
	static const u32 sizes[] = { 4u << 10, 64u << 10, 1u << 20,
				     MAX_BYTES };
	double r_scan, r_copy;
	unsigned int i;

	pf_init(&PF, NPAGES, NPAGES, true);
	flat_dst = aligned_alloc(4096, MAX_BYTES);
	memset(flat_dst, 0, MAX_BYTES);
	mvgpu_cmd_parser_init(&P, &pf_ops, &PF);

	/*
	 * "parser_bench N [range]": N untimed scans of 1 MiB, for profilers
	 * (valgrind --tool=callgrind), with the declared range or without.
	 */
	if (argc > 1) {
		build_batch(1u << 20);
		if (argc > 2) {
			P.range_va = PF.lo;
			P.range_len = PF.hi - PF.lo;
		}
		for (i = atoi(argv[1]); i; i--)
			scan(1u << 20);
		goto out;
	}

	printf("# scan-and-shadow (mvgpu_cmd_parse_batch: walk, one read into the\n"
	       "# shadow, audit) against memcpy of the same bytes; FILL, COPY and\n"
	       "# STORE_DWORD batches; goal: ratio >= 0.25\n");
	printf("# access_ok: every address goes to the callback (a render-node\n"
	       "# client); range: the client declared its range (a vGPU)\n");
	printf("%-10s %-10s %14s %14s %8s\n", "batch", "audit", "scan MB/s",
	       "memcpy MB/s", "ratio");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		build_batch(sizes[i]);
		r_copy = rate(copy, sizes[i]);
		P.range_va = 0;
		P.range_len = 0;
		r_scan = rate(scan, sizes[i]);
		printf("%7u KiB %-10s %14.0f %14.0f %8.2f\n", sizes[i] >> 10,
		       "access_ok", r_scan / 1e6, r_copy / 1e6, r_scan / r_copy);
		P.range_va = PF.lo;
		P.range_len = PF.hi - PF.lo;
		r_scan = rate(scan, sizes[i]);
		printf("%7u KiB %-10s %14.0f %14.0f %8.2f\n", sizes[i] >> 10,
		       "range", r_scan / 1e6, r_copy / 1e6, r_scan / r_copy);
	}
	if (PF.violations)
		printf("# %lu contract violations\n", PF.violations);
out:
	free(flat_dst);
	pf_free(&PF);
	return sink == 42;	/* keeps the work from being optimized away */
}
