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
#include "exec_model.h"

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
	for (a = 0; a < 16; a++) {
		len = rnd() % (sizeof(buf) - a);
		crc = rnd();
		CHECK(mvgpu_crc32c_update(crc, buf + a, len) ==
		      mvgpu_crc32c_table(crc, buf + a, len));
	}
}

/*
 * The same vectors through each path mvgpu_crc32c_update() may take: the
 * SSE4.2 instruction (where the CPU has it) and the tables.
 */
static void crc32c_paths(void)
{
#if defined(__x86_64__)
	int hw = __builtin_cpu_supports("sse4.2");

	printf("# crc32c: SSE4.2 %s\n", hw ? "present" : "absent");
	crc32c_use_hw = hw;
	crc32c_vectors();
	crc32c_use_hw = 0;
	crc32c_vectors();
	crc32c_use_hw = hw;
#else
	crc32c_vectors();
#endif
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
	F.irq_head_va = HWSP_VA + MVGPU_HWSP_HEAD;
	CHECK(run_all() == MVGPU_EXEC_IDLE);
	/* Raised once complete: the status page's head is past it. */
	CHECK(F.irq_head == EX.tail);
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

/* The status page is written only when enabled, and may be at VA 0. */
static void status_page(void)
{
	struct fake_stream s;

	setup();
	EX.hwsp = HWSP_VA;	/* an address without ENABLE: no status page */
	s = ring();
	cmd_op(&s, MVGPU_OP_NOOP);
	ref_sync_ring();
	CHECK(run_all() == MVGPU_EXEC_IDLE && EX.head == 4);
	CHECK(mem_ok());
	teardown();

	setup();
	EX.hwsp = 0 | MVGPU_HWSP_ENABLE;
	s = ring();
	cmd_op(&s, MVGPU_OP_NOOP);
	cmd_op(&s, MVGPU_OP_NOOP);
	ref_sync_ring();
	CHECK(run_all() == MVGPU_EXEC_IDLE);
	ref_put32(MVGPU_HWSP_HEAD, 8);
	CHECK(mem_ok());
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

int main(void)
{
	printf("TAP version 13\n1..16\n");
	run(crc32c_paths, "crc32c_vectors");
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
	run(status_page, "status_page");
	run(batches, "batches");
	run(runaway, "runaway");
	free(snap);
	free(noise);
	return test_failed ? 1 : 0;
}
