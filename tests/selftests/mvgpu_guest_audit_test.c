// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command audit of a vGPU, one variant per rule: guest A submits work
 * that reaches guest B's memory (FILL, COPY, CRC32C, STORE_DWORD,
 * SEMAPHORE_WAIT, BATCH_START outside its range, a FILL rectangle that
 * leaves it), writes a register other than SCRATCH with LRI, nests a third
 * batch level, runs away, or puts its ring or status page outside its
 * range.  Each time: A's engine stops FAULTED with MVGPU_FAULT_REJECTED
 * (or the GPU's own reason for what the GPU would fault on: REGISTER,
 * BATCH_DEPTH, RUNAWAY) and FAULT_ADDR of the offending command (of the
 * ring or status page for those), the engine-event interrupt
 * fires, the rejected counter counts it, B's memory and results are
 * intact and B keeps working, and A works again after an engine reset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "guest_test.h"

#define REG(e, r)	(MVGPU_ENGINE_BASE(e) + (r))
#define VICTIM_SIZE	(16u << 10)
#define WORK_SIZE	(16u << 10)
#define RAM_A		(8u << 20)	/* room for a runaway batch */
#define BAD		0xbadbad00u
#define REJECT_MS	5000	/* a refused submission faults at once */

/* What an attack works with. */
struct attack {
	struct mvg_guest *a;
	struct mvg_work *wa;
	u64 victim;		/* GPU VA of B's buffer */
	u64 b_lo;		/* B's range */
};

/* Submits A's offending work; the expected FAULT_ADDR into *addr. */
typedef int (*attack_fn)(struct attack *x, u32 *seqno, u64 *addr);
/* Emits the offending command into a batch. */
typedef void (*emit_fn)(struct attack *x, struct mvg_cmds *c);

/* A batch: a NOOP (so the fault is not at the batch start), the command. */
static int batch_attack(struct attack *x, emit_fn emit, u32 *seqno, u64 *addr)
{
	struct mvg_cmds c;
	int ret;

	ret = mvg_cmds_alloc(x->a, 4096, &c);
	if (ret)
		return ret;
	mvg_emit_noop(&c);
	*addr = mvg_cmds_va(&c);
	emit(x, &c);
	mvg_emit_end(&c);
	return mvg_submit(x->a, ENGINE0, &c, seqno);
}

#define BATCH_ATTACK(name, body)					\
static void emit_##name(struct attack *x, struct mvg_cmds *c)		\
{									\
	(void)x;							\
	body;								\
}									\
static int name(struct attack *x, u32 *seqno, u64 *addr)		\
{									\
	return batch_attack(x, emit_##name, seqno, addr);		\
}

BATCH_ATTACK(fill_outside,
	     mvg_emit_fill(c, x->victim, 4096, 4096, 1, BAD))
/* Starts in A's last page, its second row is B's first. */
BATCH_ATTACK(fill_crosses_end,
	     mvg_emit_fill(c, mvg_va_hi(x->a) - 4096, 4096, 4096, 2, BAD))
/* Both rows start in A's range... with a pitch that lands in B. */
BATCH_ATTACK(fill_pitch_outside,
	     mvg_emit_fill(c, x->wa->dst.va, (u32)(x->victim - x->wa->dst.va),
			   4096, 2, BAD))
BATCH_ATTACK(copy_dst_outside,
	     mvg_emit_copy(c, x->wa->src.va, 4096, x->victim, 4096, 4096, 1))
BATCH_ATTACK(copy_src_outside,
	     mvg_emit_copy(c, x->victim, 4096, x->wa->dst.va, 4096, 4096, 1))
BATCH_ATTACK(crc_src_outside,
	     mvg_emit_crc32c(c, x->victim, VICTIM_SIZE, x->wa->dst.va))
BATCH_ATTACK(crc_dst_outside,
	     mvg_emit_crc32c(c, x->wa->src.va, 4096, x->victim))
BATCH_ATTACK(store_outside,
	     mvg_emit_store(c, x->victim + 64, BAD))
BATCH_ATTACK(sem_wait_outside,
	     mvg_emit_sem_wait(c, x->victim, BAD, MVGPU_SEM_EQ))
BATCH_ATTACK(batch_start_outside_in_batch,
	     mvg_emit_batch_start(c, x->victim))
BATCH_ATTACK(lri_not_scratch,
	     mvg_emit_lri(c, REG(ENGINE0, MVGPU_ENG_RING_TAIL), 0))
BATCH_ATTACK(lri_int_enable,
	     mvg_emit_lri(c, MVGPU_REG_INT_ENABLE, 0))

/* BATCH_START in the ring itself. */
static int batch_start_outside(struct attack *x, u32 *seqno, u64 *addr)
{
	struct mvg_engine *eng = &x->a->eng[ENGINE0];
	const u32 dw[] = {
		MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3), (u32)x->victim,
		x->victim >> 32,
	};

	*addr = eng->ring.va + eng->tail;
	return mvg_submit_ring(x->a, ENGINE0, dw, 3, seqno);
}

/* Ring -> batch 1 -> batch 2 -> BATCH_START: a third level. */
static int third_batch_level(struct attack *x, u32 *seqno, u64 *addr)
{
	struct mvg_cmds b1, b2, b3;
	int ret;

	ret = mvg_cmds_alloc(x->a, 4096, &b1);
	ret = ret ?: mvg_cmds_alloc(x->a, 4096, &b2);
	ret = ret ?: mvg_cmds_alloc(x->a, 4096, &b3);
	if (ret)
		return ret;
	mvg_emit_store(&b3, x->wa->dst.va, 3);
	mvg_emit_end(&b3);
	mvg_emit_noop(&b2);
	*addr = mvg_cmds_va(&b2);
	mvg_emit_batch_start(&b2, b3.buf.va);
	mvg_emit_end(&b2);
	mvg_emit_batch_start(&b1, b2.buf.va);
	mvg_emit_end(&b1);
	return mvg_submit(x->a, ENGINE0, &b1, seqno);
}

/* BATCH_MAX_DWORDS of NOOPs, then BATCH_END: the first dword over. */
static int runaway_batch(struct attack *x, u32 *seqno, u64 *addr)
{
	struct mvg_cmds c;
	u32 *p;
	u64 i;
	int ret;

	ret = mvg_cmds_alloc(x->a, 4ull * MVGPU_BATCH_MAX_DWORDS + 4096, &c);
	if (ret)
		return ret;
	p = c.buf.cpu;
	for (i = 0; i < MVGPU_BATCH_MAX_DWORDS; i++)
		p[i] = MVGPU_CMD(MVGPU_OP_NOOP, 0, 1);
	c.dwords = MVGPU_BATCH_MAX_DWORDS;
	*addr = mvg_cmds_va(&c);
	mvg_emit_end(&c);
	return mvg_submit(x->a, ENGINE0, &c, seqno);
}

/* The ring itself in B's memory. */
static int ring_outside(struct attack *x, u32 *seqno, u64 *addr)
{
	struct vfio_dev *d = &x->a->dev;
	int ret;

	*seqno = x->a->eng[ENGINE0].seqno + 1;
	*addr = x->victim;
	ret = bar0_write32(d, REG(ENGINE0, MVGPU_ENG_RING_CTL), 0);
	ret = ret ?: bar0_write32(d, REG(ENGINE0, MVGPU_ENG_RING_BASE_LO),
				  (u32)x->victim);
	ret = ret ?: bar0_write32(d, REG(ENGINE0, MVGPU_ENG_RING_BASE_HI),
				  x->victim >> 32);
	ret = ret ?: bar0_write32(d, REG(ENGINE0, MVGPU_ENG_RING_SIZE), 4096);
	ret = ret ?: bar0_write32(d, REG(ENGINE0, MVGPU_ENG_RING_CTL),
				  MVGPU_RING_ENABLE);
	return ret ?: bar0_write32(d, REG(ENGINE0, MVGPU_ENG_RING_TAIL), 64);
}

/* The status page in B's memory, then good work. */
static int hwsp_outside(struct attack *x, u32 *seqno, u64 *addr)
{
	struct vfio_dev *d = &x->a->dev;
	int ret;

	*addr = x->victim;
	ret = bar0_write32(d, REG(ENGINE0, MVGPU_ENG_HWSP_LO),
			   (u32)x->victim | MVGPU_HWSP_ENABLE);
	ret = ret ?: bar0_write32(d, REG(ENGINE0, MVGPU_ENG_HWSP_HI),
				  x->victim >> 32);
	if (ret)
		return ret;
	mvg_work_prepare(x->wa, MVG_OP_FILL, 1);
	return mvg_submit(x->a, ENGINE0, &x->wa->batch, seqno);
}

FIXTURE(audit) {
	struct tguest a, b;
	struct mvg_work wa, wb;
	struct mvg_buf victim;
	void *b_result;		/* B's dst after its work */
};

/*
 * @reason: what FAULT_REASON reads: REJECTED for what only the audit
 * refuses; for what the GPU itself would fault on, the GPU's reason.
 */
FIXTURE_VARIANT(audit) {
	attack_fn attack;
	u32 reason;
};

FIXTURE_VARIANT_ADD(audit, fill_outside) {
	.attack = fill_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, fill_crosses_end) {
	.attack = fill_crosses_end, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, fill_pitch_outside) {
	.attack = fill_pitch_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, copy_dst_outside) {
	.attack = copy_dst_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, copy_src_outside) {
	.attack = copy_src_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, crc_src_outside) {
	.attack = crc_src_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, crc_dst_outside) {
	.attack = crc_dst_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, store_outside) {
	.attack = store_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, sem_wait_outside) {
	.attack = sem_wait_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, batch_start_outside) {
	.attack = batch_start_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, batch_start_outside_in_batch) {
	.attack = batch_start_outside_in_batch, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, lri_not_scratch) {
	.attack = lri_not_scratch, .reason = MVGPU_FAULT_REGISTER,
};

FIXTURE_VARIANT_ADD(audit, lri_int_enable) {
	.attack = lri_int_enable, .reason = MVGPU_FAULT_REGISTER,
};

FIXTURE_VARIANT_ADD(audit, third_batch_level) {
	.attack = third_batch_level, .reason = MVGPU_FAULT_BATCH_DEPTH,
};

FIXTURE_VARIANT_ADD(audit, runaway_batch) {
	.attack = runaway_batch, .reason = MVGPU_FAULT_RUNAWAY,
};

FIXTURE_VARIANT_ADD(audit, ring_outside) {
	.attack = ring_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_VARIANT_ADD(audit, hwsp_outside) {
	.attack = hwsp_outside, .reason = MVGPU_FAULT_REJECTED,
};

FIXTURE_SETUP(audit)
{
	if (!mvgpu_present())
		SETUP_SKIP("mvgpu not loaded (no %s/%s)", MDEV_BUS_DIR, MVGPU_GPU0);
	destroy_all_mdevs();
	/* A in slice 0, B right after it. */
	ASSERT_EQ(0, tguest_start(&self->a, &mvgpu_types[3], RAM_A, ENGINE0))
		TH_LOG("A: %s", self->a.g.err);
	ASSERT_EQ(0, tguest_start(&self->b, &mvgpu_types[3], GUEST_RAM, ENGINE0))
		TH_LOG("B: %s", self->b.g.err);
	ASSERT_EQ(mvg_va_hi(&self->a.g), mvg_va_lo(&self->b.g));
	ASSERT_EQ(0, mvg_work_init(&self->a.g, &self->wa, WORK_SIZE));
	ASSERT_EQ(0, mvg_work_init(&self->b.g, &self->wb, WORK_SIZE));
	ASSERT_EQ(0, mvg_alloc(&self->b.g, VICTIM_SIZE, &self->victim));
	mvg_pattern(self->victim.cpu, VICTIM_SIZE, 0x71c71);
	/* Both work; B's last result is kept to compare. */
	ASSERT_EQ(0, guest_rounds(&self->a.g, ENGINE0, &self->wa, 1))
		TH_LOG("A: %s", self->a.g.err);
	ASSERT_EQ(0, guest_rounds(&self->b.g, ENGINE0, &self->wb, 2))
		TH_LOG("B: %s", self->b.g.err);
	self->b_result = malloc(self->wb.dst.size);
	ASSERT_NE(NULL, self->b_result);
	memcpy(self->b_result, self->wb.dst.cpu, self->wb.dst.size);
}

FIXTURE_TEARDOWN(audit)
{
	free(self->b_result);
	EXPECT_EQ(0, tguest_stop(&self->a));
	EXPECT_EQ(0, tguest_stop(&self->b));
}

/* Nothing of B changed, and B still works. */
static int b_intact(struct __test_metadata *_metadata,
		    struct _test_data_audit *self)
{
	void *want = malloc(VICTIM_SIZE);

	ASSERT_NE(NULL, want);
	mvg_pattern(want, VICTIM_SIZE, 0x71c71);
	EXPECT_EQ(0, memcmp(want, self->victim.cpu, VICTIM_SIZE))
		TH_LOG("B's buffer changed");
	free(want);
	EXPECT_EQ(0, memcmp(self->b_result, self->wb.dst.cpu, self->wb.dst.size))
		TH_LOG("B's result changed");
	EXPECT_EQ(0ULL, tguest_counter(&self->b, "rejected"));
	EXPECT_EQ(0, guest_rounds(&self->b.g, ENGINE0, &self->wb, 3))
		TH_LOG("B: %s", self->b.g.err);
	return 0;
}

TEST_F(audit, rejected)
{
	struct mvg_guest *a = &self->a.g;
	struct attack x = {
		.a = a, .wa = &self->wa, .victim = self->victim.va,
		.b_lo = mvg_va_lo(&self->b.g),
	};
	u64 rejected = tguest_counter(&self->a, "rejected"), addr = 0;
	struct mvg_engine_state st;
	u32 seqno = 0;
	int ret;

	ASSERT_LE(x.b_lo, x.victim);
	ASSERT_EQ(0, variant->attack(&x, &seqno, &addr)) TH_LOG("%s", a->err);
	ret = mvg_wait(a, ENGINE0, seqno, REJECT_MS);
	EXPECT_EQ(-EIO, ret) TH_LOG("%s", ret ? a->err : "the work completed");
	ASSERT_EQ(0, mvg_engine_state(a, ENGINE0, &st));
	/* Whether or not it was refused: what did it do to B? */
	if (ret == -EIO) {
		EXPECT_TRUE(a->events & MVGPU_EVENT_FAULT(ENGINE0))
			TH_LOG("no engine-event interrupt");
		EXPECT_TRUE(st.status & MVGPU_ENG_STATUS_FAULTED);
		EXPECT_EQ(variant->reason, st.fault_reason)
			TH_LOG("fault %s", mvg_fault_name(st.fault_reason));
		EXPECT_EQ(addr, st.fault_addr);
	}
	EXPECT_EQ(rejected + 1, tguest_counter(&self->a, "rejected"));

	b_intact(_metadata, self);

	ASSERT_EQ(0, mvg_engine_reset(a, ENGINE0)) TH_LOG("%s", a->err);
	EXPECT_EQ(0, guest_rounds(a, ENGINE0, &self->wa, 4)) TH_LOG("A: %s", a->err);
}

TEST_HARNESS_MAIN
