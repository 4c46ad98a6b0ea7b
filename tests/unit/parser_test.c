// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace tests of the command parser (drivers/mvgpu/core/cmd_parser.c),
 * compiled here unchanged against shim/, under ASan and UBSan, with the
 * fake client of parser_fake.h.  One case per rule: each refused stream is
 * also run on the executor, unparsed, which must fault with the reason and
 * address the parser reported; each accepted stream runs from its shadows
 * and must leave memory exactly as the unparsed stream does.  Output is TAP.
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
#include "exec_fake.h"
#include "harness.h"
#include "parser_fake.h"
#include "parser_harness.h"

/* ---------------------------------------------------------------- */

static const u32 scratch_regs[] = { MVGPU_REG_SCRATCH(0), 11,
				    MVGPU_REG_SCRATCH(3), 33 };

/* Every command, both batch levels; counters; shadows point at shadows. */
static void accepts_every_command(void)
{
	struct fake_stream r, b1, b2;
	u32 i, n;
	u64 target;

	setup();
	for (i = 0; i < 64; i++)
		fake_put32(&pf.f, DATA_VA + 4 * i, i * 0x01010101u);
	b2 = at(B2_VA);
	cmd_fill(&b2, DATA_VA + 0x1000, 0x100, 0x40, 4, 0xa5a5a5a5);
	cmd_op(&b2, MVGPU_OP_USER_INTERRUPT);
	cmd_op(&b2, MVGPU_OP_BATCH_END);
	b1 = at(B1_VA);
	cmd_copy(&b1, DATA_VA + 1, 0x20, DATA_VA + 0x2003, 0x30, 0x1f, 3);
	cmd_batch(&b1, B2_VA);
	cmd_crc(&b1, DATA_VA, 0x100, DATA_VA + 0x3000);
	cmd_sem(&b1, MVGPU_SEM_GTE, DATA_VA + 8, 2);
	cmd_lri(&b1, 2, scratch_regs);
	cmd_fill(&b1, HI_VA - 8, 0, 0, 0, 1);	/* empty: touches nothing */
	cmd_op(&b1, MVGPU_OP_BATCH_END);
	r = at(RING_VA);
	cmd_op(&r, MVGPU_OP_NOOP);
	cmd_op(&r, MVGPU_OP_ARB_CHECK);
	cmd_store(&r, DATA_VA + 0x3004, 0xdeadbeef);
	cmd_batch(&r, B1_VA);
	cmd_lri(&r, 1, scratch_regs);
	cmd_op(&r, MVGPU_OP_USER_INTERRUPT);
	cmd_crc(&r, DATA_VA, 0, DATA_VA + 0x3008);
	n = ring_dwords(&r);
	expect_accepted(n);
	/* 7 ring commands, 7 in batch 1, 3 in batch 2. */
	CHECK(p.cmds == 17);
	CHECK(p.bytes == 4ull * (n + (b1.va - B1_VA) / 4 + (b2.va - B2_VA) / 4));
	CHECK(p.user_interrupts == 2);
	CHECK(pf.allocs == 2);
	/*
	 * Three passes: one whole read per batch, the rest are the walk's
	 * pieces.  One pass: one piece per batch (each within a page).
	 */
	if (!stage_dwords)
		CHECK(pf.reads == 4);
	else if (stage_dwords == STAGE_BIG)
		CHECK(pf.reads == 2);
	/* The ring's BATCH_START now points at a shadow that is batch 1. */
	target = (u64)ring_cmds[8] << 32 | ring_cmds[7];
	CHECK(target >= pf.shadow_base && target != B1_VA);
	CHECK(!memcmp(fake_ptr(&pf.f, target),
		      fake_ptr(&pf.f, B1_VA), 4 * 9));
	/* A second parse adds to the counters. */
	setup();
	r = at(RING_VA);
	cmd_op(&r, MVGPU_OP_USER_INTERRUPT);
	CHECK(!parse(1));
	CHECK(!parse(1));
	CHECK(p.cmds == 2 && p.bytes == 8 && p.user_interrupts == 2);
}

static void refuses_opcode(void)
{
	struct fake_stream r, b;

	setup();
	r = at(RING_VA);
	cmd_op(&r, MVGPU_OP_NOOP);
	put(&r, MVGPU_CMD(MVGPU_NUM_OPS, 0, 1));
	expect_refused(2, -EINVAL, MVGPU_FAULT_OPCODE, RING_VA + 4, 1);
	CHECK(p.cmds == 1);

	setup();
	r = at(RING_VA);
	put(&r, MVGPU_CMD(0xffu, 0, 1));
	expect_refused(1, -EINVAL, MVGPU_FAULT_OPCODE, RING_VA, 0);

	/* In a batch 2, after valid commands. */
	setup();
	b = at(B2_VA);
	cmd_op(&b, MVGPU_OP_NOOP);
	put(&b, MVGPU_CMD(0x40, 0, 1));
	cmd_op(&b, MVGPU_OP_BATCH_END);
	b = at(B1_VA);
	cmd_batch(&b, B2_VA);
	cmd_op(&b, MVGPU_OP_BATCH_END);
	r = at(RING_VA);
	cmd_batch(&r, B1_VA);
	expect_refused(3, -EINVAL, MVGPU_FAULT_OPCODE, B2_VA + 4, 0);
	CHECK(p.cmds == 0);
}

static void refuses_flags(void)
{
	struct fake_stream r;

	setup();
	r = at(RING_VA);
	put(&r, MVGPU_CMD(MVGPU_OP_NOOP, 1, 1));
	expect_refused(1, -EINVAL, MVGPU_FAULT_OPCODE, RING_VA, 0);

	setup();
	fake_put32(&pf.f, DATA_VA, 5);
	r = at(RING_VA);
	cmd_sem(&r, MVGPU_SEM_LT, DATA_VA, 7);	/* flags 3: valid */
	cmd_sem(&r, 4, DATA_VA, 7);
	expect_refused(8, -EINVAL, MVGPU_FAULT_OPCODE, RING_VA + 16, 4);
}

static void refuses_ring_batch_end(void)
{
	struct fake_stream r;

	setup();
	r = at(RING_VA);
	cmd_op(&r, MVGPU_OP_NOOP);
	cmd_op(&r, MVGPU_OP_BATCH_END);
	expect_refused(2, -EINVAL, MVGPU_FAULT_OPCODE, RING_VA + 4, 1);
}

static void refuses_length(void)
{
	struct fake_stream r;
	static const u32 lens[][2] = {
		{ MVGPU_OP_FILL, 6 }, { MVGPU_OP_FILL, 8 },
		{ MVGPU_OP_NOOP, 0 }, { MVGPU_OP_STORE_DWORD, 3 },
		{ MVGPU_OP_LOAD_REGISTER_IMM, 1 },
		{ MVGPU_OP_LOAD_REGISTER_IMM, 4 },
		{ MVGPU_OP_COPY, 0xffff },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		setup();
		r = at(RING_VA);
		cmd_op(&r, MVGPU_OP_NOOP);
		put(&r, MVGPU_CMD(lens[i][0], 0, lens[i][1]));
		expect_refused(2, -EINVAL, MVGPU_FAULT_LENGTH, RING_VA + 4, 1);
	}
	CHECK(mvgpu_cmd_parse_length(MVGPU_CMD(MVGPU_OP_FILL, 0, 7)) == 7);
	CHECK(mvgpu_cmd_parse_length(MVGPU_CMD(MVGPU_OP_FILL, 0, 6)) == 0);
	CHECK(mvgpu_cmd_parse_length(MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM,
					       0, 5)) == 5);
	CHECK(mvgpu_cmd_parse_length(MVGPU_CMD(MVGPU_OP_NOOP, 2, 1)) == 0);
	CHECK(mvgpu_cmd_parse_length(MVGPU_CMD(0x0b, 0, 1)) == 0);
	CHECK(mvgpu_cmd_parse_length(MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT,
					       3, 4)) == 4);
}

/* A command that does not end within the span: LENGTH, like past the tail. */
static void refuses_crossing_the_span(void)
{
	struct fake_stream r;

	setup();
	r = at(RING_VA);
	cmd_op(&r, MVGPU_OP_NOOP);
	cmd_store(&r, DATA_VA, 1);
	expect_refused(4, -EINVAL, MVGPU_FAULT_LENGTH, RING_VA + 4, 1);
	CHECK(!parse(5));
}

static void refuses_registers(void)
{
	static const u32 bad[][4] = {
		{ MVGPU_REG_SCRATCH(0), 1, MVGPU_REG_INT_ENABLE, 2 },
		{ MVGPU_REG_SCRATCH(0) + 1, 1, MVGPU_REG_SCRATCH(1), 2 },
		{ MVGPU_REG_SCRATCH(1), 1, MVGPU_REG_SCRATCH(4), 2 },
		{ MVGPU_ENGINE_BASE(0) + MVGPU_ENG_RING_BASE_LO, 0,
		  MVGPU_REG_SCRATCH(0), 1 },
	};
	struct fake_stream r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		setup();
		r = at(RING_VA);
		cmd_lri(&r, 2, scratch_regs);
		cmd_lri(&r, 2, bad[i]);
		expect_refused(10, -EINVAL, MVGPU_FAULT_REGISTER, RING_VA + 20,
			       5);
		CHECK(pf.f.nregs == 2);	/* the engine wrote the good one only */
	}
}

static void refuses_misaligned(void)
{
	struct fake_stream r, b;
	unsigned int i;

	for (i = 0; i < 7; i++) {
		setup();
		r = at(RING_VA);
		cmd_op(&r, MVGPU_OP_NOOP);
		switch (i) {
		case 0:
			cmd_store(&r, DATA_VA + 2, 1);
			break;
		case 1:
			cmd_sem(&r, 0, DATA_VA + 1, 0);
			break;
		case 2:
			cmd_fill(&r, DATA_VA + 2, 0x100, 8, 2, 0);
			break;
		case 3:
			cmd_fill(&r, DATA_VA, 0x102, 8, 2, 0);
			break;
		case 4:
			cmd_fill(&r, DATA_VA, 0x100, 6, 2, 0);
			break;
		case 5:
			cmd_crc(&r, DATA_VA + 1, 3, DATA_VA + 0x102);
			break;
		default:
			cmd_batch(&r, B1_VA + 2);
			b = at(B1_VA);
			cmd_op(&b, MVGPU_OP_BATCH_END);
			break;
		}
		expect_refused(ring_dwords(&r), -EINVAL, MVGPU_FAULT_ALIGNMENT,
			       RING_VA + 4, 1);
	}
	/* A misaligned empty FILL faults too; COPY takes any alignment. */
	setup();
	r = at(RING_VA);
	cmd_fill(&r, DATA_VA + 1, 0, 0, 0, 0);
	expect_refused(7, -EINVAL, MVGPU_FAULT_ALIGNMENT, RING_VA, 0);
	setup();
	r = at(RING_VA);
	cmd_copy(&r, DATA_VA + 1, 7, DATA_VA + 0x203, 5, 3, 3);
	expect_accepted(9);
}

/* FILL, COPY and CRC32C ranges that would cross 2^64: LENGTH. */
/*
 * The same misaligned operands inside a batch, between other commands:
 * where the audit's per-opcode fast path looks at them.
 */
static void refuses_misaligned_in_batch(void)
{
	struct fake_stream r, b;
	unsigned int i;

	for (i = 0; i < 7; i++) {
		setup();
		r = at(RING_VA);
		cmd_batch(&r, B1_VA);
		b = at(B1_VA);
		cmd_op(&b, MVGPU_OP_NOOP);
		switch (i) {
		case 0:
			cmd_store(&b, DATA_VA + 2, 1);
			break;
		case 1:
			cmd_sem(&b, 0, DATA_VA + 1, 0);
			break;
		case 2:
			cmd_fill(&b, DATA_VA + 2, 0x100, 8, 2, 0);
			break;
		case 3:
			cmd_fill(&b, DATA_VA, 0x102, 8, 2, 0);
			break;
		case 4:
			cmd_fill(&b, DATA_VA, 0x100, 6, 2, 0);
			break;
		case 5:
			cmd_crc(&b, DATA_VA + 1, 3, DATA_VA + 0x102);
			break;
		default:
			cmd_fill(&b, DATA_VA + 1, 0, 0, 0, 0);
			break;
		}
		cmd_op(&b, MVGPU_OP_NOOP);
		cmd_op(&b, MVGPU_OP_BATCH_END);
		expect_refused(ring_dwords(&r), -EINVAL, MVGPU_FAULT_ALIGNMENT,
			       B1_VA + 4, 0);
	}
}

static void refuses_ranges_past_2_64(void)
{
	struct fake_stream r;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		setup();
		r = at(RING_VA);
		cmd_op(&r, MVGPU_OP_NOOP);
		if (i == 0)
			cmd_fill(&r, ~0ull - 0xfff, 0x1000, 4, 2, 0);
		else if (i == 1)
			cmd_copy(&r, ~0ull - 3, 0, DATA_VA, 0, 8, 1);
		else if (i == 2)
			cmd_copy(&r, DATA_VA, 0, ~0ull - 0x10, 0x10, 8, 2);
		else
			cmd_crc(&r, ~0ull - 1, 3, DATA_VA);
		expect_refused(ring_dwords(&r), -EINVAL, MVGPU_FAULT_LENGTH,
			       RING_VA + 4, 1);
	}
	/* Exactly up to 2^64 - 1 is a valid range: refused by the audit. */
	setup();
	r = at(RING_VA);
	cmd_crc(&r, ~0ull - 2, 3, DATA_VA);
	expect_refused(6, -EACCES, MVGPU_FAULT_REJECTED, RING_VA, 0);
}

static void refuses_third_level(void)
{
	struct fake_stream r, b;

	setup();
	b = at(B2_VA);
	cmd_op(&b, MVGPU_OP_NOOP);
	cmd_batch(&b, B1_VA);
	cmd_op(&b, MVGPU_OP_BATCH_END);
	b = at(B1_VA);
	cmd_batch(&b, B2_VA);
	cmd_op(&b, MVGPU_OP_BATCH_END);
	r = at(RING_VA);
	cmd_op(&r, MVGPU_OP_NOOP);
	cmd_batch(&r, B1_VA);
	expect_refused(4, -EINVAL, MVGPU_FAULT_BATCH_DEPTH, B2_VA + 4, 1);
	/* As a level-2 batch of its own, B2 is refused the same. */
	CHECK(mvgpu_cmd_parse_batch(&p, B2_VA, 2, &(u64){ 0 }) == -EINVAL);
	CHECK(p.reason == MVGPU_FAULT_BATCH_DEPTH && p.fault_addr == B2_VA + 4);
	CHECK(mvgpu_cmd_parse_batch(&p, B2_VA, 3, &(u64){ 0 }) == -EINVAL);
}

/* Fill [va, va + 4 * n) with NOOPs. */
static void put_noops(u64 va, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		fake_put32(&pf.f, va + 4ull * i, MVGPU_CMD(MVGPU_OP_NOOP, 0, 1));
}

static void refuses_runaway(void)
{
	struct fake_stream r, b;

	/* MAX dwords with the BATCH_END: accepted. */
	setup();
	put_noops(BIG_VA, MAXD - 1);
	fake_put32(&pf.f, BIG_VA + 4ull * (MAXD - 1),
		   MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1));
	r = at(RING_VA);
	cmd_batch(&r, BIG_VA);
	expect_accepted(3);

	/* One more: the BATCH_END is the first command over. */
	setup();
	put_noops(BIG_VA, MAXD);
	fake_put32(&pf.f, BIG_VA + 4ull * MAXD,
		   MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1));
	r = at(RING_VA);
	cmd_batch(&r, BIG_VA);
	expect_refused(3, -EINVAL, MVGPU_FAULT_RUNAWAY, BIG_VA + 4ull * MAXD,
		       0);

	/*
	 * Batch 1 counts batch 2's dwords: MAX - 10 NOOPs, then a batch 2 of
	 * 8 NOOPs and its BATCH_END: its eleventh dword goes over.  The
	 * BATCH_START itself is counted when batch 2 ends.
	 */
	setup();
	put_noops(B2_VA, 12);
	fake_put32(&pf.f, B2_VA + 48, MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1));
	put_noops(BIG_VA, MAXD - 10);
	b = at(BIG_VA + 4ull * (MAXD - 10));
	cmd_batch(&b, B2_VA);
	cmd_op(&b, MVGPU_OP_BATCH_END);
	r = at(RING_VA);
	cmd_batch(&r, BIG_VA);
	expect_refused(3, -EINVAL, MVGPU_FAULT_RUNAWAY, B2_VA + 40, 0);

	/* Exactly up to MAX in batch 2: the BATCH_START's 3 go over after. */
	setup();
	put_noops(B2_VA, 9);
	fake_put32(&pf.f, B2_VA + 36, MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1));
	put_noops(BIG_VA, MAXD - 10);
	b = at(BIG_VA + 4ull * (MAXD - 10));
	cmd_batch(&b, B2_VA);
	cmd_op(&b, MVGPU_OP_BATCH_END);
	r = at(RING_VA);
	cmd_batch(&r, BIG_VA);
	expect_refused(3, -EINVAL, MVGPU_FAULT_RUNAWAY,
		       BIG_VA + 4ull * (MAXD - 7), 0);
	/* In one pass, a refused batch gets no shadow; its batch does. */
	CHECK(pf.allocs == (stage_dwords == STAGE_BIG ? 1 : 2));
}

/* Case @i of audits_every_operand: a NOOP, then commands that reach out. */
static void emit_outside(unsigned int i, struct fake_stream *r)
{
	struct fake_stream b;

	cmd_op(r, MVGPU_OP_NOOP);
	switch (i) {
	case 0:	/* the last row of a FILL */
		cmd_fill(r, HI_VA - 0x400 * 3, 0x400, 0x404 - 4, 3, 0);
		cmd_fill(r, HI_VA - 0x400 * 3, 0x400, 0x404, 3, 0);
		break;
	case 1:	/* a FILL starting below */
		cmd_fill(r, PAGE - 4, 4, 4, 2, 0);
		break;
	case 2:	/* COPY source */
		cmd_copy(r, HI_VA - 8, 1, DATA_VA, 8, 8, 2);
		break;
	case 3:	/* COPY destination */
		cmd_copy(r, DATA_VA, 0, OTHER_VA, 0, 1, 1);
		break;
	case 4:	/* CRC32C source */
		cmd_crc(r, HI_VA - 2, 3, DATA_VA);
		break;
	case 5:	/* CRC32C destination */
		cmd_crc(r, DATA_VA, 3, HI_VA);
		break;
	case 6:	/* CRC32C of nothing still stores */
		cmd_crc(r, OTHER_VA, 0, OTHER_VA);
		break;
	case 7:
		cmd_store(r, 0, 1);
		break;
	case 8:
		cmd_sem(r, 0, OTHER_VA, 0);
		break;
	case 9:	/* a batch outside */
		cmd_batch(r, OTHER_VA);
		break;
	case 10: /* a batch running out of the range */
		cmd_batch(r, HI_VA - 8);
		put_noops(HI_VA - 8, 2);
		put_noops(HI_VA, 1);
		fake_put32(&pf.f, HI_VA + 4, MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1));
		break;
	default: /* a batch 2 outside */
		cmd_batch(r, B1_VA);
		b = at(B1_VA);
		cmd_batch(&b, OTHER_VA + 0x40);
		cmd_op(&b, MVGPU_OP_BATCH_END);
		break;
	}
}

/*
 * Every operand shape, out of the range by a little: refused, in the ring
 * (at the command, after the NOOP) and in a batch (at the command in it).
 */
static void audits_every_operand(void)
{
	struct fake_stream r, b;
	u64 base, addr;
	unsigned int i;

	for (i = 0; i < 12; i++) {
		setup();
		r = at(RING_VA);
		emit_outside(i, &r);
		base = i == 11 ? B1_VA - 4 : i == 10 ? HI_VA - 4 : RING_VA;
		expect_refused(ring_dwords(&r), -EACCES, MVGPU_FAULT_REJECTED,
			       base + (i ? 4 : 32), i ? 1 : 8);
		CHECK(p.cmds == (i == 0 ? 2 : 1));
	}
	for (i = 0; i < 11; i++) {
		setup();
		b = at(B2_VA);
		emit_outside(i, &b);
		cmd_op(&b, MVGPU_OP_BATCH_END);
		r = at(RING_VA);
		cmd_batch(&r, B2_VA);
		addr = i == 10 ? HI_VA : B2_VA + (i ? 4 : 32);
		expect_refused(3, -EACCES, MVGPU_FAULT_REJECTED, addr, 0);
		CHECK(p.cmds == 0);
	}
}

/* A batch in a page with no GTT entry: -EFAULT, GTT, like the engine. */
static void refuses_unreadable_batch(void)
{
	struct fake_stream r;

	setup();
	r = at(RING_VA);
	cmd_op(&r, MVGPU_OP_NOOP);
	cmd_batch(&r, HOLE_VA + 0x10);
	expect_refused(4, -EFAULT, MVGPU_FAULT_GTT, HOLE_VA + 0x10, 1);

	/* A batch that runs into the hole: the engine faults there too. */
	setup();
	put_noops(HOLE_VA - 8, 2);
	r = at(RING_VA);
	cmd_batch(&r, HOLE_VA - 8);
	expect_refused(3, -EFAULT, MVGPU_FAULT_GTT, HOLE_VA, 0);
}

static void refuses_over_shadow_budget(void)
{
	struct fake_stream r, b;

	setup();
	b = at(B1_VA);
	put_noops(B1_VA, 9);
	b.va += 36;
	cmd_op(&b, MVGPU_OP_BATCH_END);
	r = at(RING_VA);
	cmd_batch(&r, B1_VA);
	cmd_batch(&r, B1_VA);
	pf.shadow_left = 15;
	expect_refused(6, -ENOSPC, MVGPU_FAULT_REJECTED, RING_VA + 12, 3);
}

/* The walk found a BATCH_END; the client moves it before the copy. */
static void toctou_move_end(struct pfake *f, u64 va, u32 len)
{
	fake_put32(&f->f, B1_VA, MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1));
}

/* ... or points a FILL outside its range. */
static void toctou_retarget(struct pfake *f, u64 va, u32 len)
{
	fake_put32(&f->f, B1_VA + 4, (u32)OTHER_VA);
}

/* ... or hides the end: the copy holds no BATCH_END. */
static void toctou_hide_end(struct pfake *f, u64 va, u32 len)
{
	fake_put32(&f->f, B1_VA + 28, MVGPU_CMD(MVGPU_OP_NOOP, 0, 1));
}

/*
 * After a one-pass parse, hook @i changes the batch: the shadow still runs
 * the batch as it was read (memory saved before the parse).
 */
static void toctou_runs_the_original(unsigned int i)
{
	void (*hooks[])(struct pfake *, u64, u32) = {
		toctou_move_end, toctou_retarget, toctou_hide_end,
	};
	struct mvgpu_exec ex;

	hooks[i](&pf, B1_VA, 4);
	CHECK(pf_run(&pf, &ex, ring_cmds, 3, 8) == MVGPU_EXEC_IDLE);
	CHECK(fake_get32(&pf.f, DATA_VA + 60) == 0x11111111);
	CHECK(fake_get32(&pf.f, OTHER_VA) == 0);
	CHECK(!pf.violations);
}

static void toctou(void)
{
	void (*hooks[])(struct pfake *, u64, u32) = {
		toctou_move_end, toctou_retarget, toctou_hide_end,
	};
	struct fake_stream r, b;
	struct mvgpu_exec ex;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		setup();
		b = at(B1_VA);
		cmd_fill(&b, DATA_VA, 0, 64, 1, 0x11111111);
		cmd_op(&b, MVGPU_OP_BATCH_END);
		cmd_op(&b, MVGPU_OP_BATCH_END);
		r = at(RING_VA);
		cmd_batch(&r, B1_VA);
		pf.hook = hooks[i];
		pf.hook_at = 2;	/* after the walk's read, before the copy */
		if (stage_dwords) {
			/* One pass: one read, no second one to change. */
			save_memory();
			CHECK(!parse(3) && pf.reads == 1 && !pf.violations);
			toctou_runs_the_original(i);
			continue;
		}
		CHECK(parse(3) == -EACCES);
		CHECK(p.reason == MVGPU_FAULT_REJECTED);
		CHECK(p.fault_addr == (i == 2 ? B1_VA + 28 : B1_VA));
		CHECK(p.accepted == 0 && !pf.violations);
	}

	/* After the parse, changing the batch changes nothing that runs. */
	setup();
	b = at(B1_VA);
	cmd_fill(&b, DATA_VA, 0, 64, 1, 0x11111111);
	cmd_op(&b, MVGPU_OP_BATCH_END);
	r = at(RING_VA);
	cmd_batch(&r, B1_VA);
	CHECK(!parse(3));
	fake_put32(&pf.f, B1_VA + 4, (u32)OTHER_VA);
	fake_put32(&pf.f, B1_VA + 24, 0x22222222);
	CHECK(pf_run(&pf, &ex, ring_cmds, 3, 8) == MVGPU_EXEC_IDLE);
	CHECK(fake_get32(&pf.f, DATA_VA + 60) == 0x11111111);
	CHECK(fake_get32(&pf.f, OTHER_VA) == 0);
	CHECK(!pf.violations);
}

/* Fault addresses follow the ring, wrapping at its end. */
static void ring_fault_addresses_wrap(void)
{
	u32 cmds[8];
	u64 base = 0x7000;

	setup();
	cmds[0] = MVGPU_CMD(MVGPU_OP_NOOP, 0, 1);
	cmds[1] = MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4);
	cmds[2] = (u32)DATA_VA;
	cmds[3] = 0;
	cmds[4] = 5;
	cmds[5] = MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1);
	CHECK(mvgpu_cmd_parse_ring(&p, cmds, 6, base, 0x1000, 0xff8) ==
	      -EINVAL);
	CHECK(p.reason == MVGPU_FAULT_OPCODE);
	CHECK(p.fault_addr == base + 0xc);	/* 0xff8 + 20, wrapped */
	CHECK(p.accepted == 5);
	cmds[1] = MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4);
	cmds[2] = (u32)OTHER_VA;
	CHECK(mvgpu_cmd_parse_ring(&p, cmds, 5, base, 0x1000, 0xffc) ==
	      -EACCES);
	CHECK(p.fault_addr == base);	/* 0xffc + 4, wrapped */
	CHECK(p.accepted == 1);
}

/* A level-1 batch on its own, as the render node submits one. */
static void parses_a_batch(void)
{
	struct fake_stream b;
	u64 sva = 0;

	setup();
	b = at(B1_VA);
	cmd_store(&b, DATA_VA, 1);
	cmd_op(&b, MVGPU_OP_BATCH_END);
	CHECK(!mvgpu_cmd_parse_batch(&p, B1_VA, 1, &sva));
	CHECK(sva >= pf.shadow_base);
	CHECK(!memcmp(fake_ptr(&pf.f, sva), fake_ptr(&pf.f, B1_VA), 20));
	CHECK(p.cmds == 2 && p.bytes == 20);
	CHECK(mvgpu_cmd_parse_batch(&p, B1_VA + 2, 1, &sva) == -EINVAL);
	CHECK(p.reason == MVGPU_FAULT_ALIGNMENT);
	CHECK(mvgpu_cmd_parse_batch(&p, OTHER_VA, 1, &sva) == -EACCES);
	CHECK(p.fault_addr == OTHER_VA && p.cmds == 2);
	CHECK(!pf.violations);
}

/*
 * The walk's and the audit's table of plain headers follows the command
 * table: every fixed-length opcode but BATCH_END, with no flags.
 */
static void plain_headers_follow_the_table(void)
{
	const struct mvgpu_cmd_desc *d;
	unsigned int op;
	u32 want;

	for (op = 0; op < MVGPU_NUM_OPS; op++) {
		d = mvgpu_cmd_desc(op);
		want = d->len && op != MVGPU_OP_BATCH_END ?
		       MVGPU_CMD(op, 0, d->len) : 0;
		CHECK(cp_plain_hdr[op] == want);
		CHECK(cp_fast_len(want) == (want ? d->len : 0));
	}
	CHECK(!cp_fast_len(MVGPU_CMD(MVGPU_NUM_OPS, 0, 1)));
	CHECK(!cp_fast_len(MVGPU_CMD(MVGPU_OP_FILL, 1, 7)));
	CHECK(!cp_fast_len(MVGPU_CMD(MVGPU_OP_FILL, 0, 8)));
}

static const struct {
	void (*fn)(void);
	const char *name;
} cases[] = {
	{ plain_headers_follow_the_table, "parser_plain_headers_follow_the_table" },
	{ accepts_every_command, "parser_accepts_every_command" },
	{ refuses_opcode, "parser_refuses_opcode" },
	{ refuses_flags, "parser_refuses_flags" },
	{ refuses_ring_batch_end, "parser_refuses_ring_batch_end" },
	{ refuses_length, "parser_refuses_length" },
	{ refuses_crossing_the_span, "parser_refuses_crossing_the_span" },
	{ refuses_registers, "parser_refuses_registers" },
	{ refuses_misaligned, "parser_refuses_misaligned" },
	{ refuses_misaligned_in_batch, "parser_refuses_misaligned_in_batch" },
	{ refuses_ranges_past_2_64, "parser_refuses_ranges_past_2_64" },
	{ refuses_third_level, "parser_refuses_third_level" },
	{ refuses_runaway, "parser_refuses_runaway" },
	{ audits_every_operand, "parser_audits_every_operand" },
	{ refuses_unreadable_batch, "parser_refuses_unreadable_batch" },
	{ refuses_over_shadow_budget, "parser_refuses_over_shadow_budget" },
	{ toctou, "parser_toctou" },
	{ ring_fault_addresses_wrap, "parser_ring_fault_addresses_wrap" },
	{ parses_a_batch, "parser_parses_a_batch" },
};

int main(void)
{
	static const char * const suffix[] = { "", "_declared_range" };
	static const u32 stages[] = { 0, 37, STAGE_BIG };
	static const char * const stage_suffix[] = { "", "_stage37",
						     "_stage_big" };
	unsigned int i, j, v;
	char name[96];

	pf_init(&pf, NCLIENT, NSHADOW, false);
	snapshot = malloc((size_t)NCLIENT * PAGE);
	printf("TAP version 13\n1..%d\n",
	       2 * (int)(ARRAY_SIZE(stages) * ARRAY_SIZE(cases)));
	for (v = 0; v < 2; v++) {
		declare = v;
		for (j = 0; j < ARRAY_SIZE(stages); j++) {
			stage_dwords = stages[j];
			/* Exactly its size: ASan sees a read past its end. */
			stage = stage_dwords ? malloc(4ull * stage_dwords) : NULL;
			for (i = 0; i < ARRAY_SIZE(cases); i++) {
				snprintf(name, sizeof(name), "%s%s%s",
					 cases[i].name, suffix[v],
					 stage_suffix[j]);
				run(cases[i].fn, name);
			}
			free(stage);
		}
	}
	free(snapshot);
	pf_free(&pf);
	return test_failed ? 1 : 0;
}
