/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fixture and reference model the executor's userspace tests share: a
 * fake GPU memory (exec_fake.h) with a snapshot of what it should hold,
 * updated byte by byte by a reference implementation of each command.
 * Include after the executor's sources.
 */
#ifndef MVGPU_UNIT_EXEC_MODEL_H
#define MVGPU_UNIT_EXEC_MODEL_H

#include "exec_fake.h"
#include "harness.h"

#define NPHYS		1024	/* 4 MiB of memory */
#define NVPAGES		4096	/* 16 MiB of GPU VA */
#define RING_VA		0x1000ull
#define RING_SIZE	0x4000u
#define HWSP_VA		0x10000ull
#define SEM_VA		(HWSP_VA + 0x100)
#define BATCH1_VA	0x20000ull
#define BATCH2_VA	0x30000ull
#define DATA_VA		0x100000ull	/* to the end of memory: 3 MiB */
#define HOLE_VA		0x200000ull	/* unmapped when a test makes it so */
#define BIG		(~0ull)

static struct fake_gpu F;
static u8 *noise;
static struct mvgpu_exec EX;
static u8 *snap;		/* expected memory, physical pages */
static bool contiguous = true;
static unsigned int rng_state = 1;

static u32 rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/* Fresh memory full of noise, ring at RING_VA, status page at HWSP_VA. */
static inline void setup(void)
{
	unsigned int i;

	fake_init(&F, NPHYS, NVPAGES, contiguous);
	if (!contiguous)	/* and scattered: a permutation */
		for (i = 0; i < NPHYS; i++)
			F.pt[i] = (i * 389) % NPHYS;
	if (!noise) {
		noise = malloc((size_t)NPHYS * FAKE_PAGE);
		for (i = 0; i < NPHYS * FAKE_PAGE; i++)
			noise[i] = rnd();
	}
	for (i = 0; i < NPHYS; i++)
		memcpy(F.phys[i], noise + (size_t)i * FAKE_PAGE, FAKE_PAGE);
	mvgpu_exec_init(&EX, &fake_ops, &F);
	EX.ring_base = RING_VA;
	EX.ring_size = RING_SIZE;
	EX.hwsp = HWSP_VA | MVGPU_HWSP_ENABLE;
	free(snap);
	snap = malloc((size_t)NPHYS * FAKE_PAGE);
	for (i = 0; i < NPHYS; i++)
		memcpy(snap + (size_t)i * FAKE_PAGE, F.phys[i], FAKE_PAGE);
}

static inline void teardown(void)
{
	fake_free(&F);
}

static inline struct fake_stream ring(void)
{
	return (struct fake_stream){ .f = &F, .ring = &EX };
}

static inline struct fake_stream batch(u64 va)
{
	return (struct fake_stream){ .f = &F, .va = va };
}

/* The reference model, on the snapshot. */
static u8 *ref(u64 va)
{
	return snap + (size_t)F.pt[va / FAKE_PAGE] * FAKE_PAGE + va % FAKE_PAGE;
}

/* Commands write memory: keep the snapshot in step before comparing. */
static inline void ref_sync_ring(void)
{
	u32 off;

	for (off = 0; off < RING_SIZE; off += 4)
		memcpy(ref(RING_VA + off), fake_ptr(&F, RING_VA + off), 4);
}

static void ref_put32(u64 va, u32 val)
{
	put_unaligned_le32(val, ref(va));
}

static inline void ref_fill(u64 dst, u32 pitch, u32 width, u32 height, u32 val)
{
	u64 r, c;

	for (r = 0; r < height; r++)
		for (c = 0; c < width; c++)
			*ref(dst + r * pitch + c) = val >> (8 * (c & 3));
}

static inline void ref_copy(u64 src, u32 sp, u64 dst, u32 dp, u32 width, u32 height)
{
	u8 *row = malloc(width + 1);
	u64 r, c;

	for (r = 0; r < height; r++) {
		for (c = 0; c < width; c++)
			row[c] = *ref(src + r * sp + c);
		for (c = 0; c < width; c++)
			*ref(dst + r * dp + c) = row[c];
	}
	free(row);
}

static u32 crc_bitwise(const u8 *p, u64 len)
{
	u32 crc = ~0u;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (crc & 1 ? 0x82f63b78u : 0);
	}
	return ~crc;
}

static u32 ref_crc(u64 src, u32 bytes)
{
	u8 *buf = malloc(bytes + 1);
	u32 i, crc;

	for (i = 0; i < bytes; i++)
		buf[i] = *ref(src + i);
	crc = crc_bitwise(buf, bytes);
	free(buf);
	return crc;
}

/* Memory equals the snapshot, everywhere. */
static inline bool mem_ok(void)
{
	unsigned int i;

	for (i = 0; i < NPHYS; i++)
		if (memcmp(F.phys[i], snap + (size_t)i * FAKE_PAGE, FAKE_PAGE))
			return false;
	return true;
}

static inline enum mvgpu_exec_status run_all(void)
{
	return mvgpu_exec_run(&EX, BIG);
}

static inline void unmap(u64 va, unsigned int pages)
{
	while (pages--) {
		F.pt[va / FAKE_PAGE] = -1;
		va += FAKE_PAGE;
	}
}

#endif /* MVGPU_UNIT_EXEC_MODEL_H */
