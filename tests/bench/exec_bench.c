// SPDX-License-Identifier: GPL-2.0-only
/*
 * Throughput of the executor's long commands over page-translated memory,
 * against plain memset/memcpy over the same bytes.  Prints numbers, never
 * judges them.  Built -O2 without sanitizers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../drivers/sim/crc32c.c"
#include "../../drivers/sim/exec.c"
#include "../../drivers/sim/exec_blit.c"
#include "../unit/exec_fake.h"
#include "bench.h"

#define RING_VA		0x0ull
#define DATA_VA		0x100000ull
#define MAX_BYTES	(16u << 20)
#define MAX_PAGES	(MAX_BYTES / FAKE_PAGE)

static struct fake_gpu F;
static struct mvgpu_exec EX;

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
/* The host pages of the commands' source and destination, for the CPU. */
static u8 *src_page[MAX_PAGES], *dst_page[MAX_PAGES];

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

static void b_crc_table(u64 n)
{
	u32 crc = mvgpu_crc32c_table(~0u, flat_src, n);

	asm volatile("" : : "r"(crc) : "memory");
}

/* The CPU on the commands' own pages, page by page, translations known. */
static void b_pages_memset(u64 n)
{
	u64 i;

	for (i = 0; i < n / FAKE_PAGE; i++)
		memset(dst_page[i], 0x44, FAKE_PAGE);
}

static void b_pages_patfill(u64 n)
{
	u64 i;

	for (i = 0; i < n / FAKE_PAGE; i++)
		blit_fill_run(dst_page[i], 0, FAKE_PAGE, 0x11223344);
}

static void b_pages_memcpy(u64 n)
{
	u64 i;

	for (i = 0; i < n / FAKE_PAGE; i++)
		memcpy(dst_page[i], src_page[i], FAKE_PAGE);
}

static void b_pages_crc(u64 n)
{
	u32 crc = ~0u;
	u64 i;

	for (i = 0; i < n / FAKE_PAGE; i++)
		crc = mvgpu_crc32c_update(crc, src_page[i], FAKE_PAGE);
	asm volatile("" : : "r"(crc) : "memory");
}

static void report(const char *what, bench_fn cmd_fn, bench_fn ref_fn, u64 n)
{
	struct bench_result r = bench_pair(cmd_fn, ref_fn, n, n);

	printf("%-22s %8.2f GB/s   plain %8.2f GB/s   ratio %5.1f%% (%.0f-%.0f%%)\n",
	       what, r.a / 1e9, r.b / 1e9, 100.0 * r.ratio, 100.0 * r.lo,
	       100.0 * r.hi);
}

/*
 * The commands against the CPU doing the same on the same pages: flat
 * buffers for contiguous pages (memset, memcpy, crc32c of one buffer), the
 * pages one by one for scattered ones.
 */
static void bench(bool contiguous)
{
	static const u64 sizes[] = { 64u << 10, 1u << 20, 16u << 20 };
	unsigned int i, pages = (DATA_VA + 2 * MAX_BYTES + 4096) / 4096;
	bench_fn ref_set, ref_pat, ref_cpy, ref_crc;
	char name[64];
	u64 n;

	fake_init(&F, pages, pages, contiguous);
	for (i = 0; i < pages; i++)
		memset(F.phys[i], i, 4096);
	for (i = 0; i < MAX_PAGES; i++) {
		src_page[i] = fake_ptr(&F, DATA_VA + (u64)i * FAKE_PAGE);
		dst_page[i] = fake_ptr(&F, DATA_VA + MAX_BYTES + (u64)i * FAKE_PAGE);
	}
	mvgpu_exec_init(&EX, &fake_ops, &F);
	EX.ring_base = RING_VA;
	EX.ring_size = 0x1000;
	ref_set = contiguous ? b_memset : b_pages_memset;
	ref_pat = contiguous ? b_patfill : b_pages_patfill;
	ref_cpy = contiguous ? b_memcpy : b_pages_memcpy;
	ref_crc = contiguous ? b_crc_plain : b_pages_crc;
	printf("# %s\n", contiguous ? "contiguous pages; plain: the CPU on a flat buffer" :
	       "scattered pages (one allocation each); plain: the CPU on the same pages, page by page");
	for (i = 0; i < 3; i++) {
		n = sizes[i];
		snprintf(name, sizeof(name), "FILL %5llu KiB", (unsigned long long)n >> 10);
		report(name, b_fill, ref_set, n);
		snprintf(name, sizeof(name), "  vs pattern fill");
		report(name, b_fill, ref_pat, n);
		snprintf(name, sizeof(name), "FILL bytes %5llu KiB", (unsigned long long)n >> 10);
		report(name, b_fill_byte, ref_set, n);
		snprintf(name, sizeof(name), "COPY %5llu KiB", (unsigned long long)n >> 10);
		report(name, b_copy, ref_cpy, n);
		snprintf(name, sizeof(name), "CRC32C %5llu KiB", (unsigned long long)n >> 10);
		report(name, b_crc, ref_crc, n);
	}
	fake_free(&F);
}

int main(void)
{
	printf("# FILL (pattern 0x11223344, and a byte pattern) vs memset, COPY vs memcpy,\n"
	       "# CRC32C command vs mvgpu_crc32c() (goals: scattered >= 90%%, CRC32C >= 90%%)\n");
	flat_src = aligned_alloc(4096, MAX_BYTES);
	flat_dst = aligned_alloc(4096, MAX_BYTES);
	memset(flat_src, 1, MAX_BYTES);
	memset(flat_dst, 2, MAX_BYTES);
	mvgpu_crc32c_update(0, flat_src, 0);
	printf("# CRC32C: %s; the tables against it, 1 MiB flat:\n",
	       crc32c_use_hw > 0 ? "the SSE4.2 crc32 instruction" :
	       "tables (no SSE4.2)");
	report("CRC32C tables 1024 KiB", b_crc_table, b_crc_plain, 1u << 20);
	bench(true);
	bench(false);
	free(flat_src);
	free(flat_dst);
	return 0;
}
