// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace tests of the command executor (drivers/sim/exec*.c, crc32c.c),
 * compiled here unchanged against shim/, under ASan and UBSan, over a fake
 * GPU memory (exec_fake.h).  Expected memory comes from a byte-by-byte
 * reference model applied to a snapshot; whole memory is compared, so a
 * stray write anywhere fails.  Output is TAP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "../../drivers/sim/crc32c.c"
#include "../../drivers/sim/exec.c"
#include "../../drivers/sim/exec_blit.c"
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
static void setup(void)
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
	EX.hwsp = HWSP_VA;
	free(snap);
	snap = malloc((size_t)NPHYS * FAKE_PAGE);
	for (i = 0; i < NPHYS; i++)
		memcpy(snap + (size_t)i * FAKE_PAGE, F.phys[i], FAKE_PAGE);
}

static void teardown(void)
{
	fake_free(&F);
}

static struct fake_stream ring(void)
{
	return (struct fake_stream){ .f = &F, .ring = &EX };
}

static struct fake_stream batch(u64 va)
{
	return (struct fake_stream){ .f = &F, .va = va };
}

/* The reference model, on the snapshot. */
static u8 *ref(u64 va)
{
	return snap + (size_t)F.pt[va / FAKE_PAGE] * FAKE_PAGE + va % FAKE_PAGE;
}

/* Commands write memory: keep the snapshot in step before comparing. */
static void ref_sync_ring(void)
{
	u32 off;

	for (off = 0; off < RING_SIZE; off += 4)
		memcpy(ref(RING_VA + off), fake_ptr(&F, RING_VA + off), 4);
}

static void ref_put32(u64 va, u32 val)
{
	put_unaligned_le32(val, ref(va));
}

static void ref_fill(u64 dst, u32 pitch, u32 width, u32 height, u32 val)
{
	u64 r, c;

	for (r = 0; r < height; r++)
		for (c = 0; c < width; c++)
			*ref(dst + r * pitch + c) = val >> (8 * (c & 3));
}

static void ref_copy(u64 src, u32 sp, u64 dst, u32 dp, u32 width, u32 height)
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
static bool mem_ok(void)
{
	unsigned int i;

	for (i = 0; i < NPHYS; i++)
		if (memcmp(F.phys[i], snap + (size_t)i * FAKE_PAGE, FAKE_PAGE))
			return false;
	return true;
}

static enum mvgpu_exec_status run_all(void)
{
	return mvgpu_exec_run(&EX, BIG);
}

static void unmap(u64 va, unsigned int pages)
{
	while (pages--) {
		F.pt[va / FAKE_PAGE] = -1;
		va += FAKE_PAGE;
	}
}

/* ---------------------------------------------------------------- */

static void crc32c_vectors(void)
{
	static const char digits[] = "123456789";
	u8 buf[4096 + 16];
	u32 i, a, len, crc, part, t0;
	int k;

	CHECK(mvgpu_crc32c(digits, 9) == 0xe3069283u);
	CHECK(mvgpu_crc32c(digits, 0) == 0);
	memset(buf, 0, 32);
	CHECK(mvgpu_crc32c(buf, 32) == 0x8a9136aau);
	memset(buf, 0xff, 32);
	CHECK(mvgpu_crc32c(buf, 32) == 0x62a8ab43u);
	for (i = 0; i < 32; i++)
		buf[i] = i;
	CHECK(mvgpu_crc32c(buf, 32) == 0x46dd794eu);

	/* The tables follow their definition. */
	for (i = 0; i < 256; i++) {
		t0 = i;
		for (k = 0; k < 8; k++)
			t0 = (t0 >> 1) ^ (t0 & 1 ? 0x82f63b78u : 0);
		CHECK(crc32c_table[0][i] == t0);
		for (k = 1; k < 8; k++)
			CHECK(crc32c_table[k][i] ==
			      ((crc32c_table[k - 1][i] >> 8) ^
			       crc32c_table[0][crc32c_table[k - 1][i] & 0xff]));
	}
	/* Every alignment, many lengths, split anywhere. */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = rnd();
	for (a = 0; a < 8; a++) {
		for (len = 0; len < 300; len += 1 + len / 8) {
			crc = mvgpu_crc32c(buf + a, len);
			CHECK(crc == crc_bitwise(buf + a, len));
			i = len ? rnd() % len : 0;
			part = mvgpu_crc32c_update(~0u, buf + a, i);
			part = mvgpu_crc32c_update(part, buf + a + i, len - i);
			CHECK(~part == crc);
		}
	}
	CHECK(mvgpu_crc32c(buf, 4096) == crc_bitwise(buf, 4096));
}

static void short_commands(void)
{
	struct fake_stream s;
	static const u32 regs[] = { MVGPU_REG_SCRATCH(0), 11,
				    MVGPU_REG_SCRATCH(3), 33 };

	setup();
	s = ring();
	cmd_op(&s, MVGPU_OP_NOOP);
	cmd_op(&s, MVGPU_OP_ARB_CHECK);
	cmd_store(&s, DATA_VA + 8, 0xdeadbeef);
	cmd_lri(&s, 2, regs);
	cmd_op(&s, MVGPU_OP_USER_INTERRUPT);
	cmd_op(&s, MVGPU_OP_USER_INTERRUPT);
	ref_sync_ring();
	CHECK(run_all() == MVGPU_EXEC_IDLE);
	CHECK(EX.head == EX.tail && EX.head == 4 * (1 + 1 + 4 + 5 + 1 + 1));
	CHECK(EX.cmds_completed == 6);
	CHECK(F.nregs == 2 && F.reg_log[0][0] == MVGPU_REG_SCRATCH(0) &&
	      F.reg_log[0][1] == 11 && F.reg_log[1][0] ==
	      MVGPU_REG_SCRATCH(3) && F.reg_log[1][1] == 33);
	CHECK(F.irqs == 2);
	ref_put32(DATA_VA + 8, 0xdeadbeef);
	ref_put32(HWSP_VA + MVGPU_HWSP_HEAD, EX.head);
	CHECK(mem_ok());
	/* Idle stays idle, with any budget. */
	CHECK(mvgpu_exec_run(&EX, 0) == MVGPU_EXEC_IDLE);
	teardown();
}

struct sem_case {
	u32 op, mem, val;
	bool pass;
};

static void semaphore(void)
{
	static const struct sem_case cases[] = {
		{ MVGPU_SEM_EQ, 5, 5, true }, { MVGPU_SEM_EQ, 5, 6, false },
		{ MVGPU_SEM_NE, 5, 6, true }, { MVGPU_SEM_NE, 5, 5, false },
		{ MVGPU_SEM_GTE, 5, 5, true }, { MVGPU_SEM_GTE, 4, 5, false },
		{ MVGPU_SEM_GTE, 0x80000000u, 5, true },	/* unsigned */
		{ MVGPU_SEM_LT, 4, 5, true }, { MVGPU_SEM_LT, 5, 5, false },
		{ MVGPU_SEM_LT, 0xffffffffu, 1, false },
	};
	struct fake_stream s;
	unsigned int i;
	u32 head;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		setup();
		fake_put32(&F, SEM_VA, cases[i].mem);
		s = ring();
		cmd_sem(&s, cases[i].op, SEM_VA, cases[i].val);
		cmd_op(&s, MVGPU_OP_USER_INTERRUPT);
		head = EX.head;
		if (cases[i].pass) {
			CHECK(run_all() == MVGPU_EXEC_IDLE);
			CHECK(F.irqs == 1);
		} else {
			CHECK(run_all() == MVGPU_EXEC_WAITING);
			CHECK(EX.head == head && F.irqs == 0);
			/* A waiting semaphore is a preemption point. */
			F.preempt_at = F.polls + 1;
			CHECK(run_all() == MVGPU_EXEC_PREEMPTED);
			CHECK(run_all() == MVGPU_EXEC_WAITING);
			fake_put32(&F, SEM_VA, cases[i].val +
				   (cases[i].op == MVGPU_SEM_NE ||
				    cases[i].op == MVGPU_SEM_GTE));
			if (cases[i].op == MVGPU_SEM_LT)
				fake_put32(&F, SEM_VA, cases[i].val - 1);
			CHECK(run_all() == MVGPU_EXEC_IDLE);
			CHECK(F.irqs == 1 && EX.head == EX.tail);
		}
		teardown();
	}
}

struct rect {
	u64 off;
	u32 pitch, width, height;
};

/* Offsets from DATA_VA; pages are 4 KiB. */
static const struct rect fill_rects[] = {
	{ 0, 4, 4, 1 },
	{ 0x0ff8, 0, 16, 1 },			/* crosses a page */
	{ 0x0f00, 0, 0x100, 1 },		/* ends at a page end */
	{ 0x1000, 0, 0x3000, 1 },		/* whole pages */
	{ 0x0124, 0x1000, 0x40, 9 },		/* a column */
	{ 0x0ffc, 0x0ff4, 0x18, 300 },		/* rows across pages */
	{ 0x0010, 0x10, 0x30, 20 },		/* overlapping rows */
	{ 0x0004, 0x20000, 0x11008, 3 },	/* several chunks a row */
	{ 0x0000, 0x100, 0, 5 },		/* empty */
	{ 0x0000, 0x100, 8, 0 },
};

static void fill_cmd(void)
{
	static const u32 vals[] = { 0x5a5a5a5a, 0x11223344, 0, 0xfffffffe };
	const struct rect *r;
	struct fake_stream s;
	unsigned int i, v;

	for (i = 0; i < ARRAY_SIZE(fill_rects); i++) {
		for (v = 0; v < 4; v++) {
			r = &fill_rects[i];
			setup();
			s = ring();
			cmd_fill(&s, DATA_VA + r->off, r->pitch, r->width,
				 r->height, vals[v]);
			ref_sync_ring();
			CHECK(run_all() == MVGPU_EXEC_IDLE);
			ref_fill(DATA_VA + r->off, r->pitch, r->width,
				 r->height, vals[v]);
			ref_put32(HWSP_VA, EX.head);
			CHECK(mem_ok());
			CHECK(EX.bytes_processed ==
			      (u64)r->width * r->height);
			teardown();
		}
	}
}

static const struct rect copy_rects[] = {
	{ 0, 0, 1, 1 },
	{ 0x0ffd, 0, 7, 1 },
	{ 0x0f00, 0, 0x100, 1 },
	{ 0x0123, 0x0f01, 0x2345, 7 },
	{ 0x0001, 0x0003, 0x21, 200 },
	{ 0x0000, 0x40000, 0x12001, 2 },
};

/* Source and destination offsets in rows: far apart, and overlapping. */
static const s32 copy_deltas[] = { 0x80000, -0x80000, 1, -1, 0x11, -0x1000,
				   0x0f01, 0 };

static void copy_cmd(void)
{
	const struct rect *r;
	struct fake_stream s;
	unsigned int i, d;
	u64 src, dst;

	for (i = 0; i < ARRAY_SIZE(copy_rects); i++) {
		for (d = 0; d < ARRAY_SIZE(copy_deltas); d++) {
			r = &copy_rects[i];
			src = DATA_VA + 0x100000 + r->off;
			dst = src + copy_deltas[d];
			setup();
			s = ring();
			cmd_copy(&s, src, r->pitch, dst, r->pitch + (d & 1),
				 r->width, r->height);
			ref_sync_ring();
			CHECK(run_all() == MVGPU_EXEC_IDLE);
			ref_copy(src, r->pitch, dst, r->pitch + (d & 1),
				 r->width, r->height);
			ref_put32(HWSP_VA, EX.head);
			CHECK(mem_ok());
			teardown();
		}
	}
}

static void crc_cmd(void)
{
	static const u32 offs[] = { 0, 1, 0xffd, 0x1000, 0x7 };
	static const u32 lens[] = { 0, 1, 3, 4096, 4097, 0x23456 };
	struct fake_stream s;
	unsigned int i, j;
	u64 src;

	for (i = 0; i < 5; i++) {
		for (j = 0; j < 6; j++) {
			src = DATA_VA + offs[i];
			setup();
			s = ring();
			cmd_crc(&s, src, lens[j], DATA_VA + 0x2ffffc);
			ref_sync_ring();
			CHECK(run_all() == MVGPU_EXEC_IDLE);
			ref_put32(DATA_VA + 0x2ffffc, ref_crc(src, lens[j]));
			ref_put32(HWSP_VA, EX.head);
			CHECK(mem_ok());
			teardown();
		}
	}
}

/* A command on its own in the ring faults: reason and address. */
static void expect_fault(u32 reason, u64 addr)
{
	CHECK(run_all() == MVGPU_EXEC_FAULT);
	CHECK(EX.fault == reason);
	CHECK(EX.fault_addr == addr);
	if (EX.fault != reason || EX.fault_addr != addr)
		printf("# fault %u at %#llx, expected %u at %#llx\n", EX.fault,
		       (unsigned long long)EX.fault_addr, reason,
		       (unsigned long long)addr);
	/* Sticky until reset. */
	CHECK(run_all() == MVGPU_EXEC_FAULT);
	CHECK(mvgpu_exec_run(&EX, 0) == MVGPU_EXEC_FAULT);
}

static void decode_faults(void)
{
	static const u32 bad_regs[] = { MVGPU_REG_SCRATCH(0), 1,
					MVGPU_REG_INT_SET, 2 };
	static const u32 odd_reg[] = { MVGPU_REG_SCRATCH(0) + 1, 1 };
	static const u32 hdrs[][2] = {
		{ MVGPU_CMD(MVGPU_NUM_OPS, 0, 1), MVGPU_FAULT_OPCODE },
		{ MVGPU_CMD(0xffu, 0, 1), MVGPU_FAULT_OPCODE },
		{ MVGPU_CMD(MVGPU_OP_NOOP, 1, 1), MVGPU_FAULT_OPCODE },
		{ MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, 4, 4), MVGPU_FAULT_OPCODE },
		{ MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1), MVGPU_FAULT_OPCODE },
		{ MVGPU_CMD(MVGPU_OP_NOOP, 0, 2), MVGPU_FAULT_LENGTH },
		{ MVGPU_CMD(MVGPU_OP_NOOP, 0, 0), MVGPU_FAULT_LENGTH },
		{ MVGPU_CMD(MVGPU_OP_FILL, 0, 6), MVGPU_FAULT_LENGTH },
		{ MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 1), MVGPU_FAULT_LENGTH },
		{ MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 4), MVGPU_FAULT_LENGTH },
		/* Longer than what is between head and tail. */
		{ MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 9), MVGPU_FAULT_LENGTH },
	};
	struct fake_stream s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hdrs); i++) {
		setup();
		s = ring();
		put(&s, hdrs[i][0]);
		put(&s, 0);
		put(&s, 0);
		put(&s, 0);
		expect_fault(hdrs[i][1], RING_VA);
		teardown();
	}

	setup();
	s = ring();
	cmd_op(&s, MVGPU_OP_NOOP);
	cmd_lri(&s, 2, bad_regs);
	expect_fault(MVGPU_FAULT_REGISTER, RING_VA + 4);
	CHECK(F.nregs == 0);		/* not even the allowed one */
	CHECK(EX.head == 4);
	teardown();

	setup();
	s = ring();
	cmd_lri(&s, 1, odd_reg);
	expect_fault(MVGPU_FAULT_REGISTER, RING_VA);
	teardown();
}

static void memory_faults(void)
{
	struct fake_stream s;

	/* Alignment. */
	setup();
	s = ring();
	cmd_store(&s, DATA_VA + 2, 1);
	expect_fault(MVGPU_FAULT_ALIGNMENT, RING_VA);
	teardown();
	setup();
	s = ring();
	cmd_sem(&s, MVGPU_SEM_EQ, DATA_VA + 1, 0);
	expect_fault(MVGPU_FAULT_ALIGNMENT, RING_VA);
	teardown();
	setup();
	s = ring();
	cmd_fill(&s, DATA_VA, 0x100, 6, 2, 0);
	expect_fault(MVGPU_FAULT_ALIGNMENT, RING_VA);
	teardown();
	setup();
	s = ring();
	cmd_fill(&s, DATA_VA, 0x102, 4, 2, 0);
	expect_fault(MVGPU_FAULT_ALIGNMENT, RING_VA);
	teardown();
	setup();
	s = ring();
	cmd_crc(&s, DATA_VA, 4, DATA_VA + 6);
	expect_fault(MVGPU_FAULT_ALIGNMENT, RING_VA);
	teardown();
	setup();
	s = ring();
	cmd_batch(&s, BATCH1_VA + 2);
	expect_fault(MVGPU_FAULT_ALIGNMENT, RING_VA);
	teardown();

	/* Ranges past 2^64. */
	setup();
	s = ring();
	cmd_fill(&s, ~0ull - 0xfff, 0x1000, 0x1000, 2, 0);
	expect_fault(MVGPU_FAULT_LENGTH, RING_VA);
	teardown();
	setup();
	s = ring();
	cmd_copy(&s, DATA_VA, 0, ~0ull - 2, 0, 4, 1);
	expect_fault(MVGPU_FAULT_LENGTH, RING_VA);
	teardown();
	setup();
	s = ring();
	cmd_crc(&s, ~0ull - 2, 4, DATA_VA);
	expect_fault(MVGPU_FAULT_LENGTH, RING_VA);
	teardown();

	/* Unmapped: store, semaphore, batch, status page, read-only. */
	setup();
	unmap(HOLE_VA, 1);
	s = ring();
	cmd_store(&s, HOLE_VA + 0x10, 1);
	expect_fault(MVGPU_FAULT_GTT, HOLE_VA + 0x10);
	teardown();
	setup();
	s = ring();
	cmd_sem(&s, MVGPU_SEM_EQ, 0x5000000ull, 0);
	expect_fault(MVGPU_FAULT_GTT, 0x5000000ull);
	teardown();
	setup();
	unmap(BATCH1_VA, 1);
	s = ring();
	cmd_batch(&s, BATCH1_VA + 8);
	expect_fault(MVGPU_FAULT_GTT, BATCH1_VA + 8);
	CHECK(EX.level == 1);
	teardown();
	setup();
	unmap(HWSP_VA, 1);
	s = ring();
	cmd_op(&s, MVGPU_OP_NOOP);
	expect_fault(MVGPU_FAULT_GTT, HWSP_VA);
	CHECK(EX.head == 4);
	teardown();
	setup();
	F.ro[DATA_VA / FAKE_PAGE] = true;
	s = ring();
	cmd_store(&s, DATA_VA, 1);
	expect_fault(MVGPU_FAULT_GTT, DATA_VA);
	teardown();
	setup();
	unmap(RING_VA, 1);
	EX.tail = 8;
	expect_fault(MVGPU_FAULT_GTT, RING_VA);
	teardown();
}

/* Long commands stop at the hole: everything before it is done, nothing at it or after it. */
static void hole_faults(void)
{
	struct fake_stream s;
	u64 dst = HOLE_VA - 0x1010;	/* rows of 0x2020 bytes over the hole */
	unsigned int i;

	for (i = 0; i < 2; i++) {
		contiguous = !i;
		setup();
		unmap(HOLE_VA, 1);
		s = ring();
		cmd_fill(&s, dst, 0x3000, 0x2020, 2, 0x01020304);
		ref_sync_ring();
		expect_fault(MVGPU_FAULT_GTT, HOLE_VA);
		ref_fill(dst, 0, 0x1010, 1, 0x01020304);
		CHECK(mem_ok());
		CHECK(EX.in_cmd && EX.cmd_progress == 0x1010);
		teardown();

		/* Source hole. */
		setup();
		unmap(HOLE_VA, 1);
		s = ring();
		cmd_copy(&s, HOLE_VA - 0x10, 0, DATA_VA, 0, 0x20, 1);
		ref_sync_ring();
		expect_fault(MVGPU_FAULT_GTT, HOLE_VA);
		ref_copy(HOLE_VA - 0x10, 0, DATA_VA, 0, 0x10, 1);
		CHECK(mem_ok());
		teardown();

		/* Copied downwards: the top part is done. */
		setup();
		unmap(HOLE_VA, 1);
		s = ring();
		cmd_copy(&s, HOLE_VA - 0x1800, 0, HOLE_VA - 0x17f0, 0, 0x3000, 1);
		ref_sync_ring();
		expect_fault(MVGPU_FAULT_GTT, HOLE_VA);
		ref_copy(HOLE_VA + 0x1000, 0, HOLE_VA + 0x1010, 0, 0x800, 1);
		CHECK(mem_ok());
		teardown();

		/* CRC source hole: no store. */
		setup();
		unmap(HOLE_VA + 0x2000, 1);
		s = ring();
		cmd_crc(&s, HOLE_VA, 0x4000, DATA_VA);
		ref_sync_ring();
		expect_fault(MVGPU_FAULT_GTT, HOLE_VA + 0x2000);
		CHECK(mem_ok());
		teardown();
	}
	contiguous = true;
}

static void ring_wrap(void)
{
	struct fake_stream s;
	unsigned int i;

	setup();
	EX.ring_size = 0x1000;
	EX.head = 0xff0;
	EX.tail = 0xff0;
	s = ring();
	for (i = 0; i < 300; i++) {
		cmd_store(&s, DATA_VA + 4 * i, i);	/* straddles the end */
		if (i % 7 == 0)
			CHECK(run_all() == MVGPU_EXEC_IDLE);
	}
	CHECK(run_all() == MVGPU_EXEC_IDLE);
	for (i = 0; i < 300; i++)
		CHECK(fake_get32(&F, DATA_VA + 4 * i) == i);
	CHECK(EX.head == ((0xff0 + 300 * 16) & 0xfff));
	CHECK(fake_get32(&F, HWSP_VA) == EX.head);
	teardown();
}

static void ring_faults(void)
{
	static const struct {
		u64 base;
		u32 size, head, tail;
	} bad[] = {
		{ RING_VA + 4, 0x1000, 0, 0 }, { RING_VA, 0x800, 0, 0 },
		{ RING_VA, 0x3000, 0, 0 }, { RING_VA, 0x200000, 0, 0 },
		{ RING_VA, 0x1000, 0x1000, 0 }, { RING_VA, 0x1000, 0, 2 },
		{ ~0ull - 0xfff, 0x2000, 0, 0 }, { RING_VA, 0, 0, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		setup();
		EX.ring_base = bad[i].base;
		EX.ring_size = bad[i].size;
		EX.head = bad[i].head;
		EX.tail = bad[i].tail;
		expect_fault(MVGPU_FAULT_RING, bad[i].base);
		teardown();
	}
	setup();
	EX.hwsp = HWSP_VA + 2;
	expect_fault(MVGPU_FAULT_RING, HWSP_VA + 2);
	mvgpu_exec_reset(&EX);
	CHECK(EX.fault == 0 && EX.ring_size == 0 && EX.ops == &fake_ops);
	teardown();
}

static void batches(void)
{
	struct fake_stream s, b1, b2, b3;
	enum mvgpu_exec_status st;
	unsigned int steps = 0;

	setup();
	s = ring();
	b1 = batch(BATCH1_VA);
	b2 = batch(BATCH2_VA);
	cmd_store(&b2, DATA_VA + 8, 2);
	cmd_op(&b2, MVGPU_OP_BATCH_END);
	cmd_store(&b1, DATA_VA + 4, 1);
	cmd_batch(&b1, BATCH2_VA);
	cmd_store(&b1, DATA_VA + 12, 3);
	cmd_op(&b1, MVGPU_OP_BATCH_END);
	cmd_batch(&s, BATCH1_VA);
	cmd_store(&s, DATA_VA + 16, 4);
	/* Step by step: the ring head stays on BATCH_START meanwhile. */
	do {
		st = mvgpu_exec_run(&EX, 1);
		if (EX.level)
			CHECK(EX.head == 0 &&
			      fake_get32(&F, HWSP_VA) != 12);
		steps++;
	} while (st == MVGPU_EXEC_BUDGET && steps < 100);
	CHECK(st == MVGPU_EXEC_IDLE);
	CHECK(fake_get32(&F, DATA_VA + 4) == 1 &&
	      fake_get32(&F, DATA_VA + 8) == 2 &&
	      fake_get32(&F, DATA_VA + 12) == 3 &&
	      fake_get32(&F, DATA_VA + 16) == 4);
	CHECK(EX.level == 0 && EX.head == 28 && EX.cmds_completed == 8);
	CHECK(fake_get32(&F, HWSP_VA) == 28);
	teardown();

	/* A third level faults. */
	setup();
	s = ring();
	b1 = batch(BATCH1_VA);
	b2 = batch(BATCH2_VA);
	b3 = batch(DATA_VA);
	cmd_batch(&s, BATCH1_VA);
	cmd_batch(&b1, BATCH2_VA);
	cmd_op(&b2, MVGPU_OP_NOOP);
	cmd_batch(&b2, DATA_VA);
	cmd_op(&b3, MVGPU_OP_BATCH_END);
	expect_fault(MVGPU_FAULT_BATCH_DEPTH, BATCH2_VA + 4);
	teardown();
}

/* Batch 1 runs exactly MVGPU_BATCH_MAX_DWORDS, then one more. */
static void runaway(void)
{
	struct fake_stream s, b;
	u64 va = 0x800000ull, end;
	unsigned int i, extra;

	for (extra = 0; extra < 2; extra++) {
		setup();
		/* 1 MiB dwords of NOOPs: 1024 GPU pages aliasing one page. */
		for (i = 0; i < 3 * FAKE_PAGE; i += 4)
			fake_put32(&F, DATA_VA + i, MVGPU_CMD(MVGPU_OP_NOOP, 0, 1));
		for (i = 0; i < 1023; i++)
			F.pt[va / FAKE_PAGE + i] = DATA_VA / FAKE_PAGE;
		F.pt[va / FAKE_PAGE + 1023] = DATA_VA / FAKE_PAGE + 1;
		F.pt[va / FAKE_PAGE + 1024] = DATA_VA / FAKE_PAGE + 2;
		end = va + 4ull * (MVGPU_BATCH_MAX_DWORDS - 1 + extra);
		b = batch(end);
		cmd_op(&b, MVGPU_OP_BATCH_END);
		s = ring();
		cmd_batch(&s, va);
		if (!extra) {
			CHECK(run_all() == MVGPU_EXEC_IDLE);
		} else {
			expect_fault(MVGPU_FAULT_RUNAWAY, end);
			CHECK(EX.batch_dwords[0] == MVGPU_BATCH_MAX_DWORDS);
		}
		teardown();
	}
}

/*
 * A mixed workload: every command, nested batches, multi-chunk fills and
 * copies, overlapping copies, CRCs across pages.
 */
static void workload(void)
{
	static const u32 regs[] = { MVGPU_REG_SCRATCH(1), 7,
				    MVGPU_REG_SCRATCH(2), 9 };
	struct fake_stream s = ring(), b1 = batch(BATCH1_VA),
			   b2 = batch(BATCH2_VA);

	fake_put32(&F, SEM_VA, 3);
	cmd_store(&s, DATA_VA, 0x1234);
	cmd_fill(&s, DATA_VA + 0xffc, 0x20000, 0x18004, 3, 0xa1b2c3d4);
	cmd_batch(&s, BATCH1_VA);
	cmd_copy(&b1, DATA_VA + 0x10, 0x20000, DATA_VA + 0x13, 0x20001,
		 0x11000, 3);
	cmd_crc(&b1, DATA_VA + 0x7, 0x2a001, DATA_VA + 0x2f0000);
	cmd_op(&b1, MVGPU_OP_ARB_CHECK);
	cmd_batch(&b1, BATCH2_VA);
	cmd_fill(&b2, DATA_VA + 0x1ff000, 0x104, 0x100, 0x40, 0x77777777);
	cmd_lri(&b2, 2, regs);
	cmd_op(&b2, MVGPU_OP_USER_INTERRUPT);
	cmd_op(&b2, MVGPU_OP_BATCH_END);
	cmd_sem(&b1, MVGPU_SEM_GTE, SEM_VA, 3);
	cmd_op(&b1, MVGPU_OP_BATCH_END);
	cmd_copy(&s, DATA_VA + 0x200000, 0x3000, DATA_VA + 0x1fff00, 0x3000,
		 0x2100, 4);
	cmd_crc(&s, DATA_VA + 0x1fff00, 0x10000, DATA_VA + 0x2f0004);
	cmd_op(&s, MVGPU_OP_USER_INTERRUPT);
	cmd_store(&s, DATA_VA + 4, 0x5678);
}

struct outcome {
	u8 *mem;
	u32 head;
	unsigned int irqs, nregs;
	u32 regs[8][2];
};

static void outcome_take(struct outcome *o)
{
	unsigned int i;

	o->mem = malloc((size_t)NPHYS * FAKE_PAGE);
	for (i = 0; i < NPHYS; i++)
		memcpy(o->mem + (size_t)i * FAKE_PAGE, F.phys[i], FAKE_PAGE);
	o->head = EX.head;
	o->irqs = F.irqs;
	o->nregs = F.nregs;
	memcpy(o->regs, F.reg_log, sizeof(o->regs));
}

static bool outcome_same(const struct outcome *a, const struct outcome *b)
{
	return a->head == b->head && a->irqs == b->irqs &&
	       a->nregs == b->nregs && !memcmp(a->regs, b->regs, sizeof(a->regs)) &&
	       !memcmp(a->mem, b->mem, (size_t)NPHYS * FAKE_PAGE);
}

/* Run the workload to the end with @budget per call, preempted at poll @at. */
static void run_workload(u64 budget, unsigned long at, int how)
{
	u8 image[MVGPU_CTX_SIZE];
	enum mvgpu_exec_status st;
	unsigned int calls = 0;

	setup();
	workload();
	F.preempt_at = at;
	do {
		st = mvgpu_exec_run(&EX, budget);
		if (st == MVGPU_EXEC_PREEMPTED && how) {
			CHECK(mvgpu_exec_save(&EX, image) == 0);
			mvgpu_exec_reset(&EX);
			if (how == 2)	/* some other context ran meanwhile */
				EX.ring_size = 0x1000;
			CHECK(mvgpu_exec_restore(&EX, image) == 0);
		}
	} while (st != MVGPU_EXEC_IDLE && st != MVGPU_EXEC_FAULT &&
		 ++calls < 100000);
	CHECK(st == MVGPU_EXEC_IDLE);
}

static void report_differs(u64 budget, unsigned long at, unsigned int how)
{
	printf("# budget %#llx, preempted at poll %lu, resume %u: differs\n",
	       (unsigned long long)budget, at, how);
}

static void preempt_everywhere(void)
{
	static const u64 budgets[] = { BIG, 0x6000, 0x10001, 0x2ffd };
	struct outcome want, got;
	unsigned long polls, at;
	unsigned int b, how, checked = 0, bad = 0;

	for (b = 0; b < 4; b++) {
		run_workload(budgets[b], 0, 0);
		outcome_take(&want);
		polls = F.polls;
		CHECK(want.irqs == 2 && want.nregs == 2);
		teardown();
		for (at = 1; at <= polls; at++) {
			for (how = 0; how < 3; how++) {
				run_workload(budgets[b], at, how);
				outcome_take(&got);
				if (!outcome_same(&want, &got) && bad++ < 3)
					report_differs(budgets[b], at, how);
				checked++;
				free(got.mem);
				teardown();
			}
		}
		free(want.mem);
	}
	CHECK(!bad);
	printf("# %u preempted runs compared\n", checked);
}

/* Reset in the middle of a FILL: nothing of it survives. */
static void reset_mid_command(void)
{
	struct fake_stream s;

	setup();
	s = ring();
	cmd_fill(&s, DATA_VA, 0, 0x100000, 1, 0x01010101);
	CHECK(mvgpu_exec_run(&EX, 0x20000) == MVGPU_EXEC_BUDGET);
	CHECK(EX.in_cmd && EX.cmd_progress && EX.cmd_addr == RING_VA);
	mvgpu_exec_reset(&EX);
	CHECK(!EX.in_cmd && !EX.cmd_progress && !EX.head && !EX.tail &&
	      !EX.level && !EX.cmds_completed);
	CHECK(mvgpu_exec_run(&EX, BIG) == MVGPU_EXEC_FAULT &&
	      EX.fault == MVGPU_FAULT_RING);
	mvgpu_exec_reset(&EX);
	EX.ring_base = RING_VA;
	EX.ring_size = RING_SIZE;
	s = ring();
	cmd_store(&s, DATA_VA, 42);
	CHECK(run_all() == MVGPU_EXEC_IDLE);
	CHECK(fake_get32(&F, DATA_VA) == 42 && EX.head == 16);
	teardown();
}

static void image_put32(u8 *img, u32 off, u32 v)
{
	put_unaligned_le32(v, img + off);
}

static void restore_corrupt(void)
{
	u8 good[MVGPU_CTX_SIZE], img[MVGPU_CTX_SIZE];
	struct mvgpu_exec before;
	unsigned int i, valid = 0;
	u32 off;

	/* A context in batch 2, in the middle of its FILL. */
	setup();
	workload();
	while (!(EX.level == 2 && EX.in_cmd && EX.cmd_progress))
		if (mvgpu_exec_run(&EX, 0x100) != MVGPU_EXEC_BUDGET)
			break;
	CHECK(EX.level == 2 && EX.in_cmd);
	CHECK(mvgpu_exec_save(&EX, good) == 0);
	before = EX;

	for (i = 0; i < 19; i++) {
		memcpy(img, good, sizeof(img));
		switch (i) {
		case 0:
			image_put32(img, MVGPU_CTX_MAGIC, 0x31585444);
			break;
		case 1:
			image_put32(img, MVGPU_CTX_FLAGS, 2);
			break;
		case 2:
			image_put32(img, MVGPU_CTX_RING_BASE, RING_VA + 4);
			break;
		case 3:
			image_put32(img, MVGPU_CTX_RING_SIZE, 0x3000);
			break;
		case 4:
			image_put32(img, MVGPU_CTX_RING_SIZE, 0x800);
			break;
		case 5:
			image_put32(img, MVGPU_CTX_RING_HEAD, RING_SIZE);
			break;
		case 6:
			image_put32(img, MVGPU_CTX_RING_TAIL, 2);
			break;
		case 7:
			image_put32(img, MVGPU_CTX_LEVEL, 3);
			break;
		case 8:
			image_put32(img, MVGPU_CTX_BATCH_ADDR(1), 2);
			break;
		case 9:
			image_put32(img, MVGPU_CTX_BATCH_DWORDS(2),
				    MVGPU_BATCH_MAX_DWORDS + 1);
			break;
		case 10:
			image_put32(img, MVGPU_CTX_BATCH_DWORDS(1), 0);
			image_put32(img, MVGPU_CTX_BATCH_DWORDS(2), 1);
			break;
		case 11:
			image_put32(img, MVGPU_CTX_HWSP, 2);
			break;
		case 12:
			image_put32(img, MVGPU_CTX_CMD_ADDR, BATCH2_VA + 4);
			break;
		case 13:
			image_put32(img, MVGPU_CTX_FLAGS, 0);
			break;
		case 14:
			img[MVGPU_CTX_SIZE - 1] = 1;
			break;
		case 15:
			img[MVGPU_CTX_CMD_STATE + 4] = 1;
			break;
		case 16:
			image_put32(img, MVGPU_CTX_LEVEL, 1);
			break;
		case 17:
			image_put32(img, MVGPU_CTX_RING_BASE, 0xfffff000);
			image_put32(img, MVGPU_CTX_RING_BASE + 4, 0xffffffff);
			break;
		case 18:
			image_put32(img, MVGPU_CTX_RING_SIZE, 0);
			break;
		}
		CHECK(mvgpu_exec_restore(&EX, img) == -EINVAL);
		if (memcmp(&EX, &before, sizeof(EX)))
			CHECK(!"restore changed the executor");
	}
	/* Random corruption: rejected, or accepted and runs safely. */
	for (i = 0; i < 20000; i++) {
		memcpy(img, good, sizeof(img));
		off = rnd() % 0x58;
		img[off] ^= 1u << (rnd() % 8);
		if (!mvgpu_exec_restore(&EX, img)) {
			valid++;
			mvgpu_exec_run(&EX, 0x4000);
			CHECK(mvgpu_exec_restore(&EX, good) == 0);
		}
	}
	printf("# %u of 20000 corrupted images accepted\n", valid);
	/* The good one resumes. */
	CHECK(mvgpu_exec_restore(&EX, good) == 0);
	CHECK(EX.level == 2 && EX.in_cmd);
	teardown();
}

/* The budget bounds data bytes, within one command's length. */
static void budget_bounds(void)
{
	struct fake_stream s;
	enum mvgpu_exec_status st;
	u64 before;
	unsigned int calls = 0;

	setup();
	s = ring();
	cmd_fill(&s, DATA_VA, 0, 0x40000, 1, 0x12345678);
	cmd_copy(&s, DATA_VA, 0x1000, DATA_VA + 0x80000, 0x1000, 0x1000, 0x20);
	cmd_crc(&s, DATA_VA + 1, 0x3000, DATA_VA + 0x100000);
	ref_sync_ring();
	do {
		before = EX.bytes_processed;
		st = mvgpu_exec_run(&EX, 0x1235);
		CHECK(EX.bytes_processed - before <= 0x1235);
		calls++;
	} while (st == MVGPU_EXEC_BUDGET);
	CHECK(st == MVGPU_EXEC_IDLE);
	CHECK(calls >= 0x63000 / 0x1235);
	ref_fill(DATA_VA, 0, 0x40000, 1, 0x12345678);
	ref_copy(DATA_VA, 0x1000, DATA_VA + 0x80000, 0x1000, 0x1000, 0x20);
	ref_put32(DATA_VA + 0x100000, ref_crc(DATA_VA + 1, 0x3000));
	ref_put32(HWSP_VA, EX.head);
	CHECK(mem_ok());
	CHECK(mvgpu_exec_run(&EX, 0) == MVGPU_EXEC_IDLE);
	teardown();
}

int main(void)
{
	printf("TAP version 13\n1..19\n");
	run(crc32c_vectors, "crc32c_vectors");
	run(short_commands, "short_commands");
	run(semaphore, "semaphore");
	run(fill_cmd, "fill");
	run(copy_cmd, "copy");
	run(crc_cmd, "crc32c_cmd");
	contiguous = false;
	run(fill_cmd, "fill_scattered_pages");
	run(copy_cmd, "copy_scattered_pages");
	contiguous = true;
	run(decode_faults, "decode_faults");
	run(memory_faults, "memory_faults");
	run(hole_faults, "hole_faults");
	run(ring_wrap, "ring_wrap");
	run(ring_faults, "ring_faults");
	run(batches, "batches");
	run(runaway, "runaway");
	run(budget_bounds, "budget_bounds");
	run(reset_mid_command, "reset_mid_command");
	run(restore_corrupt, "restore_corrupt");
	run(preempt_everywhere, "preempt_everywhere");
	free(snap);
	free(noise);
	return test_failed ? 1 : 0;
}
