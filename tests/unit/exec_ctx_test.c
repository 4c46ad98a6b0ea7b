// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace tests of the command executor's contexts: budgets, reset in
 * the middle of a command, restore of corrupted images, and preemption at
 * every stopping point.  As in exec_test.c, the executor's sources are
 * compiled here unchanged, under ASan and UBSan, against the reference
 * model of exec_model.h.  Output is TAP.
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
			img[MVGPU_CTX_ID + 4] = 1;
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
		off = rnd() % (MVGPU_CTX_ID + 4);
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

/* The image keeps the status page's enable bit and the context ID. */
static void image_fields(void)
{
	u8 img[MVGPU_CTX_SIZE];

	setup();
	EX.hwsp = 0 | MVGPU_HWSP_ENABLE;	/* a status page at VA 0 */
	EX.ctx_id = 0xc0ffee01;
	CHECK(mvgpu_exec_save(&EX, img) == 0);
	CHECK(get_unaligned_le64(img + MVGPU_CTX_HWSP) == MVGPU_HWSP_ENABLE);
	CHECK(get_unaligned_le32(img + MVGPU_CTX_ID) == 0xc0ffee01);
	mvgpu_exec_reset(&EX);
	CHECK(EX.hwsp == 0 && EX.ctx_id == 0);
	CHECK(mvgpu_exec_restore(&EX, img) == 0);
	CHECK(EX.hwsp == MVGPU_HWSP_ENABLE && EX.ctx_id == 0xc0ffee01);
	/* Bit 1 of the status page address is reserved. */
	put_unaligned_le32(2 | MVGPU_HWSP_ENABLE, img + MVGPU_CTX_HWSP);
	CHECK(mvgpu_exec_restore(&EX, img) == -EINVAL);
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
	printf("TAP version 13\n1..5\n");
	run(budget_bounds, "budget_bounds");
	run(reset_mid_command, "reset_mid_command");
	run(restore_corrupt, "restore_corrupt");
	run(preempt_everywhere, "preempt_everywhere");
	run(image_fields, "image_fields");
	free(snap);
	free(noise);
	return test_failed ? 1 : 0;
}
