// SPDX-License-Identifier: GPL-2.0-only
/*
 * Throughput of the command parser's scan-and-shadow: batches of FILL,
 * COPY, CRC32C and STORE_DWORD commands with some NOOP padding, from 4 KiB
 * to 4 MiB, parsed with mvgpu_cmd_parse_batch() (in one pass through a
 * stage, or in three: walk, one read into the shadow, audit) by the fake
 * client of tests/unit/parser_fake.h
 * (page-translated reads), against memcpy of the same bytes: warm (the
 * batch in the caches, rounds interleaved) and cold (a different batch each
 * time out of COLD_MIB of them, more than the last-level cache).  Prints
 * numbers, never judges them.  Built -O2 without sanitizers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "../../drivers/sim/crc32c.c"
#include "../../drivers/sim/exec.c"
#include "../../drivers/sim/exec_blit.c"
#include "../../drivers/mvgpu/core/cmd_parser.c"
#include "../unit/exec_fake.h"
#include "../unit/parser_fake.h"
#include "bench.h"

#define BATCH_VA	0x1000ull
#define DATA_VA		0x200000ull	/* what the commands point at */
#define MAX_BYTES	(4u << 20)
#define COLD_BATCH	0x100000u	/* 1 MiB */
#define COLD_MIB	768u		/* > the LLC (getconf LEVEL3_CACHE_SIZE) */
#define COLD_VA		(BATCH_VA + MAX_BYTES + 0x100000ull)

static struct pfake PF;
static struct mvgpu_cmd_parser P;
static u8 *flat_dst;
static u64 sink;
static u64 batch_va = BATCH_VA;

/*
 * A batch of @bytes at @va: FILL, COPY, CRC32C, STORE_DWORD, a NOOP every
 * fourth round (27 or 28 dwords) over and over, NOOPs to pad, its
 * BATCH_END last.
 */
static void build_batch(u64 va, u32 bytes)
{
	struct fake_stream s = { .f = &PF.f, .va = va };
	u64 end = va + bytes - 4, i = 0;

	while (s.va + 4 * 28 <= end) {
		cmd_fill(&s, DATA_VA + (i & 0xff) * 0x100, 0x100, 0x40, 4,
			 0x11223344);
		cmd_copy(&s, DATA_VA, 0x80, DATA_VA + 0x10000 + (i & 0xff) * 4,
			 0x80, 0x40, 8);
		cmd_crc(&s, DATA_VA + (i & 0xfff), 0x100, DATA_VA + 0x30000);
		cmd_store(&s, DATA_VA + 0x20000 + (i & 0x3ff) * 4, (u32)i);
		if (!(i & 3))
			cmd_op(&s, MVGPU_OP_NOOP);
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
	if (mvgpu_cmd_parse_batch(&P, batch_va, 1, &shadow_va))
		abort();
	sink += shadow_va;
}

static void copy(u32 bytes)
{
	memcpy(flat_dst, PF.f.block + batch_va, bytes);
	sink += flat_dst[bytes / 2];
}

static void b_scan(unsigned long long bytes) { scan(bytes); }
static void b_copy(unsigned long long bytes) { copy(bytes); }

/*
 * Cold: each call handles the next of the COLD_MIB batches of 1 MiB, so
 * that its bytes come from memory, not the caches; the shadows and
 * memcpy's destination are reused (warm) alike.
 */
static unsigned int cold_next;

static void cold_step(void)
{
	cold_next = (cold_next + 1) % COLD_MIB;
	batch_va = COLD_VA + (u64)cold_next * COLD_BATCH;
}

static void b_scan_cold(unsigned long long bytes)
{
	cold_step();
	scan(bytes);
}

static void b_copy_cold(unsigned long long bytes)
{
	cold_step();
	copy(bytes);
}

static void print_row(const char *batch, const char *audit,
		      struct bench_result r)
{
	printf("%-10s %-10s %-6s %11.0f %11.0f %7.3f %7.3f-%.3f\n", batch, audit,
	       P.stage ? "1-pass" : "3-pass", r.a / 1e6, r.b / 1e6, r.ratio,
	       r.lo, r.hi);
}

/*
 * Variant @v: bit 0, the client declared its range (a vGPU) or not (a
 * render-node client: access_ok for every address); bit 1, the parser has
 * a stage of MVGPU_CMD_STAGE_DWORDS (one pass) or not (three passes).
 */
static u32 stage[MVGPU_CMD_STAGE_DWORDS];

static const char *set_variant(int v)
{
	P.range_va = v & 1 ? PF.lo : 0;
	P.range_len = v & 1 ? PF.hi - PF.lo : 0;
	P.stage = v & 2 ? stage : NULL;
	P.stage_dwords = v & 2 ? MVGPU_CMD_STAGE_DWORDS : 0;
	return v & 1 ? "range" : "access_ok";
}

int main(int argc, char **argv)
{
	static const u32 sizes[] = { 4u << 10, 64u << 10, 1u << 20,
				     MAX_BYTES };
	unsigned int i, npages = (COLD_VA >> 12) + COLD_MIB * (COLD_BATCH >> 12);
	bool cold = argc > 1 && !strcmp(argv[1], "cold");
	struct bench_result r;
	const char *audit;
	char name[32];
	int v;

	pf_init(&PF, cold ? npages : (COLD_VA >> 12),
		(MAX_BYTES >> 12) + 16, true);
	flat_dst = aligned_alloc(4096, MAX_BYTES);
	memset(flat_dst, 0, MAX_BYTES);
	mvgpu_cmd_parser_init(&P, &pf_ops, &PF);

	/*
	 * "parser_bench N [V]": N untimed scans of 1 MiB, for profilers
	 * (valgrind --tool=callgrind, perf stat), in variant V (0-3, default
	 * 0; see set_variant()).
	 */
	if (argc > 1 && !cold) {
		build_batch(BATCH_VA, 1u << 20);
		set_variant(argc > 2 ? atoi(argv[2]) : 0);
		for (i = atoi(argv[1]); i; i--)
			scan(1u << 20);
		goto out;
	}

	printf("# scan-and-shadow (mvgpu_cmd_parse_batch) against memcpy of the same\n"
	       "# bytes; FILL, COPY, CRC32C, STORE_DWORD, some NOOPs (6.9 dwords a\n"
	       "# command); goal: ratio >= 0.25.  Medians of %d pairs of rounds (thread\n"
	       "# CPU time), the lowest and highest pair's ratio after them\n",
	       BENCH_PAIRS);
	printf("# access_ok: every address goes to the callback (a render-node\n"
	       "# client); range: the client declared its range (a vGPU)\n"
	       "# 1-pass: a stage of %u KiB (a vGPU's): read into it, audited there,\n"
	       "# copied to the shadow; 3-pass: walk, read into the shadow, audit\n",
	       MVGPU_CMD_STAGE_DWORDS / 256);
	printf("%-10s %-10s %-6s %11s %11s %7s %s\n", "batch", "audit", "scan",
	       "scan MB/s", "memcpy MB/s", "ratio", "spread");
	if (cold) {
		printf("# cold: a different 1 MiB batch each time, out of %u MiB\n",
		       COLD_MIB);
		for (i = 0; i < COLD_MIB; i++)
			build_batch(COLD_VA + (u64)i * COLD_BATCH, COLD_BATCH);
		for (v = 0; v < 4; v++) {
			audit = set_variant(v);
			r = bench_pair(b_scan_cold, b_copy_cold, COLD_BATCH,
				       COLD_BATCH);
			print_row("1024 KiB", audit, r);
		}
		goto out;
	}
	printf("# warm: the same batch over and over\n");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		build_batch(BATCH_VA, sizes[i]);
		snprintf(name, sizeof(name), "%u KiB", sizes[i] >> 10);
		for (v = 0; v < 4; v++) {
			audit = set_variant(v);
			r = bench_pair(b_scan, b_copy, sizes[i], sizes[i]);
			print_row(name, audit, r);
		}
	}
out:
	if (PF.violations)
		printf("# %lu contract violations\n", PF.violations);
	free(flat_dst);
	pf_free(&PF);
	return sink == 42;	/* keeps the work from being optimized away */
}
