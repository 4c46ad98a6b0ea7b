// SPDX-License-Identifier: GPL-2.0-only
/*
 * Throughput of the executor's long commands over page-translated memory,
 * against plain memset/memcpy over the same bytes.  Prints numbers, never
 * judges them.  Built -O2 without sanitizers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../drivers/sim/crc32c.c"
#include "../../drivers/sim/exec.c"
#include "../../drivers/sim/exec_blit.c"
#include "../unit/exec_fake.h"

#define RING_VA		0x0ull
#define DATA_VA		0x100000ull
#define MAX_BYTES	(16u << 20)

static struct fake_gpu F;
static struct mvgpu_exec EX;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Best of 7 rounds of 20 ms each, in bytes per second: the machine is shared. */
static double rate(void (*fn)(u64), u64 bytes)
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

static void exec_one(void (*emit)(struct fake_stream *, u64), u64 bytes)
{
	struct fake_stream s = { .f = &F, .ring = &EX };

	EX.head = 0;
	EX.tail = 0;
	emit(&s, bytes);
	if (mvgpu_exec_run(&EX, ~0ull) != MVGPU_EXEC_IDLE)
		abort();
}

/* Flat buffers for the plain functions. */
static u8 *flat_src, *flat_dst;

static void emit_fill(struct fake_stream *s, u64 n)
{
	cmd_fill(s, DATA_VA, 0, n, 1, 0x11223344);
}

static void emit_fill_byte(struct fake_stream *s, u64 n)
{
	cmd_fill(s, DATA_VA, 0, n, 1, 0);
}

static void emit_copy(struct fake_stream *s, u64 n)
{
	cmd_copy(s, DATA_VA, 0, DATA_VA + MAX_BYTES, 0, n, 1);
}

static void emit_crc(struct fake_stream *s, u64 n)
{
	cmd_crc(s, DATA_VA, n, DATA_VA + 2 * MAX_BYTES);
}

static void b_fill(u64 n) { exec_one(emit_fill, n); }
static void b_fill_byte(u64 n) { exec_one(emit_fill_byte, n); }
static void b_copy(u64 n) { exec_one(emit_copy, n); }
static void b_crc(u64 n) { exec_one(emit_crc, n); }
static void b_memset(u64 n) { memset(flat_dst, 0x44, n); }
static void b_patfill(u64 n) { blit_fill_run(flat_dst, 0, n, 0x11223344); }
static void b_memcpy(u64 n) { memcpy(flat_dst, flat_src, n); }

static void b_crc_plain(u64 n)
{
	u32 crc = mvgpu_crc32c(flat_src, n);

	/* An empty asm that takes the result: the call cannot be optimised out. */
	asm volatile("" : : "r"(crc) : "memory");
}

static void report(const char *what, double cmd, double ref)
{
	printf("%-22s %8.2f GB/s   plain %8.2f GB/s   ratio %5.1f%%\n", what,
	       cmd / 1e9, ref / 1e9, 100.0 * cmd / ref);
}

static void bench(bool contiguous)
{
	static const u64 sizes[] = { 64u << 10, 1u << 20, 16u << 20 };
	unsigned int i, pages = (DATA_VA + 2 * MAX_BYTES + 4096) / 4096;
	char name[64];
	u64 n;

	fake_init(&F, pages, pages, contiguous);
	for (i = 0; i < pages; i++)
		memset(F.phys[i], i, 4096);
	mvgpu_exec_init(&EX, &fake_ops, &F);
	EX.ring_base = RING_VA;
	EX.ring_size = 0x1000;
	printf("# %s pages\n", contiguous ? "contiguous" : "scattered (one allocation each)");
	for (i = 0; i < 3; i++) {
		n = sizes[i];
		snprintf(name, sizeof(name), "FILL %5llu KiB", (unsigned long long)n >> 10);
		report(name, rate(b_fill, n), rate(b_memset, n));
		snprintf(name, sizeof(name), "  vs flat pattern fill");
		report(name, rate(b_fill, n), rate(b_patfill, n));
		snprintf(name, sizeof(name), "FILL bytes %5llu KiB", (unsigned long long)n >> 10);
		report(name, rate(b_fill_byte, n), rate(b_memset, n));
		snprintf(name, sizeof(name), "COPY %5llu KiB", (unsigned long long)n >> 10);
		report(name, rate(b_copy, n), rate(b_memcpy, n));
		snprintf(name, sizeof(name), "CRC32C %5llu KiB", (unsigned long long)n >> 10);
		report(name, rate(b_crc, n), rate(b_crc_plain, n));
	}
	fake_free(&F);
}

int main(void)
{
	printf("# FILL (pattern 0x11223344, and a byte pattern) vs memset, COPY vs memcpy,\n"
	       "# CRC32C command vs mvgpu_crc32c() on a flat buffer\n");
	flat_src = aligned_alloc(4096, MAX_BYTES);
	flat_dst = aligned_alloc(4096, MAX_BYTES);
	memset(flat_src, 1, MAX_BYTES);
	memset(flat_dst, 2, MAX_BYTES);
	bench(true);
	bench(false);
	free(flat_src);
	free(flat_dst);
	return 0;
}
