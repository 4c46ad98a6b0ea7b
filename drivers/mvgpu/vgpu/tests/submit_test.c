// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of a vGPU's engine blocks (submit.c, submit_ring.c): the
 * shadow-to-guest head translation, the engine registers as the guest sees
 * them, the engine events, and the refusal of a ring outside the vGPU's
 * range up to the failsafe, the reset generation that drops a fault
 * callback from before an engine reset.  The fixture has no GPU behind it
 * (stand-in core contexts only): runs on the
 * engines are the selftests' (mvgpu_submit_test).
 */
#include "fixture.h"

/* 2 copy engines (0, 1), 1 compute engine (8). */
#define TEST_ENGINES	(2 | 1 << MVGPU_ENGINES_COMPUTE_SHIFT)
#define TEST_VA(off)	((u64)FIXTURE_GTT_BASE * MVGPU_GTT_PAGE_SIZE + (off))

static int mvgpu_submit_test_init(struct kunit *test)
{
	vgpu_fixture_init(test, TEST_ENGINES, 1);
	return 0;
}

static struct mvgpu_vgpu *test_vgpu(struct kunit *test)
{
	return fixture_vgpu(test);
}

/* Submissions the core counted as refused by the vGPU. */
static u64 ctx_rejected(struct mvgpu_ctx *ctx)
{
	struct mvgpu_ctx_stats st;

	mvgpu_ctx_get_stats(ctx, &st);
	return st.rejected;
}

static u32 rd(struct kunit *test, u32 off)
{
	struct mvgpu_vgpu *vgpu = test_vgpu(test);
	__le32 raw = 0;

	mutex_lock(&vgpu->lock);
	KUNIT_EXPECT_EQ(test, mvgpu_mmio_access_locked(vgpu, off, &raw, 4,
						       false), 0);
	mutex_unlock(&vgpu->lock);
	return le32_to_cpu(raw);
}

static void wr(struct kunit *test, u32 off, u32 val)
{
	struct mvgpu_vgpu *vgpu = test_vgpu(test);
	__le32 raw = cpu_to_le32(val);

	mutex_lock(&vgpu->lock);
	KUNIT_EXPECT_EQ(test, mvgpu_mmio_access_locked(vgpu, off, &raw, 4,
						       true), 0);
	mutex_unlock(&vgpu->lock);
}

#define ENG(e, reg)	(MVGPU_ENGINE_BASE(e) + (reg))

/* Appends a segment as the doorbell would have. */
static void add_seg(struct mvgpu_vsub_engine *se, u32 glen, u32 host)
{
	struct mvgpu_vsub_seg *seg = &se->segs[(se->first + se->nsegs++) %
					       MVGPU_VSUB_SEGS];

	memset(seg, 0, sizeof(*seg));
	INIT_LIST_HEAD(&seg->shadows);
	seg->sstart = se->stail;
	seg->gstart = se->fetched;
	seg->glen = glen;
	seg->slen = glen + host;
	seg->closed = true;
	se->stail = (se->stail + seg->slen) % MVGPU_CTX_RING_BYTES;
	se->fetched = (se->fetched + glen) % se->lsize;
}

/*
 * Shadow ring offsets map back to the guest's ring through the segments,
 * across the wrap of both rings; host commands (the USER_INTERRUPT after a
 * segment, NOOP padding) map to the end of the segment's guest commands,
 * and a head from before the segments (a stale status page) to their start.
 */
static void mvgpu_test_submit_head_translation(struct kunit *test)
{
	struct mvgpu_vsub_engine *se;
	unsigned int done;

	se = kunit_kzalloc(test, sizeof(*se), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, se);
	se->lsize = SZ_4K;
	se->head = 0xf00;
	se->fetched = 0xf00;
	se->stail = MVGPU_CTX_RING_BYTES - 0x40;
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0, &done), 0xf00);
	KUNIT_EXPECT_EQ(test, done, 0u);

	add_seg(se, 0x20, 4);		/* shadow 0x3fc0..0x3fe4 */
	add_seg(se, 0, 0x1c);		/* padding to the shadow ring's end */
	add_seg(se, 0x180, 4);		/* shadow 0..0x184, guest wraps */
	KUNIT_EXPECT_EQ(test, se->stail, 0x184u);
	KUNIT_EXPECT_EQ(test, se->fetched, 0x0a0u);

	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x3fc0, &done), 0xf00);
	KUNIT_EXPECT_EQ(test, done, 0u);
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x3fd0, &done), 0xf10);
	KUNIT_EXPECT_EQ(test, done, 0u);
	/* In the host USER_INTERRUPT: the guest's commands are done. */
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x3fe0, &done), 0xf20);
	KUNIT_EXPECT_EQ(test, done, 0u);
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x3fe4, &done), 0xf20);
	KUNIT_EXPECT_EQ(test, done, 1u);
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x3ff0, &done), 0xf20);
	KUNIT_EXPECT_EQ(test, done, 1u);
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0, &done), 0xf20);
	KUNIT_EXPECT_EQ(test, done, 2u);
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x100, &done), 0x020);
	KUNIT_EXPECT_EQ(test, done, 2u);
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x184, &done), 0x0a0);
	KUNIT_EXPECT_EQ(test, done, 3u);
	/* Past the tail: stale, counts as the start. */
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x200, &done), 0xf00);
	KUNIT_EXPECT_EQ(test, done, 0u);
	KUNIT_EXPECT_EQ(test, mvgpu_vsub_seg_guest(se, 0x2000, &done), 0xf00);
	KUNIT_EXPECT_EQ(test, done, 0u);
}

/* Ring registers hold what the guest wrote; absent engines decode nothing. */
static void mvgpu_test_submit_registers(struct kunit *test)
{
	static const unsigned int present[] = { 0, 1, 8 };
	unsigned int i, e;

	for (i = 0; i < ARRAY_SIZE(present); i++) {
		e = present[i];
		wr(test, ENG(e, MVGPU_ENG_RING_BASE_LO), 0x12345000);
		wr(test, ENG(e, MVGPU_ENG_RING_BASE_HI), 0x1);
		wr(test, ENG(e, MVGPU_ENG_RING_SIZE), SZ_8K);
		wr(test, ENG(e, MVGPU_ENG_HWSP_LO), 0x5001);
		wr(test, ENG(e, MVGPU_ENG_CTX_ID), 0x77 + e);
		wr(test, ENG(e, MVGPU_ENG_RING_HEAD), 0x40);
		wr(test, ENG(e, MVGPU_ENG_CMD_COUNT), 9);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_RING_BASE_LO)),
				0x12345000);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_RING_BASE_HI)), 1);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_RING_SIZE)),
				SZ_8K);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_HWSP_LO)), 0x5001);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_CTX_ID)), 0x77 + e);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_RING_HEAD)), 0);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_CMD_COUNT)), 0);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_STATUS)), 0);
	}
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (e == 0 || e == 1 || e == 8)
			continue;
		wr(test, ENG(e, MVGPU_ENG_RING_SIZE), SZ_8K);
		KUNIT_EXPECT_EQ(test, rd(test, ENG(e, MVGPU_ENG_RING_SIZE)), 0);
	}
	/* Without a context (no VMM), a doorbell runs nothing. */
	wr(test, ENG(0, MVGPU_ENG_RING_CTL), MVGPU_RING_ENABLE);
	wr(test, ENG(0, MVGPU_ENG_RING_TAIL), 0x40);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_STATUS)), 0);
	KUNIT_EXPECT_EQ(test, test_vgpu(test)->sub.submissions, 0);

	/* An engine reset clears the ring and the context ID. */
	wr(test, ENG(1, MVGPU_ENG_RING_CTL), MVGPU_RING_ENABLE);
	wr(test, ENG(1, MVGPU_ENG_RING_TAIL), 0x80);
	wr(test, ENG(1, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_CONTROL)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_RING_CTL)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_RING_TAIL)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_CTX_ID)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_RING_SIZE)), SZ_8K);
	/* A function reset clears everything. */
	wr(test, MVGPU_REG_RESET, MVGPU_RESET_FULL);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(8, MVGPU_ENG_RING_BASE_LO)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(8, MVGPU_ENG_CTX_ID)), 0);
}

/*
 * PREEMPT on an idle engine completes at once: PREEMPTED, EVENT_CTX_ID,
 * the preempted event and the ENGINE_EVENT level; RESUME leaves it.
 * ENGINE_EVENT follows ENGINE_EVENTS only.
 */
static void mvgpu_test_submit_preempt_events(struct kunit *test)
{
	const u32 ev = MVGPU_EVENT_PREEMPTED(8);

	wr(test, ENG(8, MVGPU_ENG_CTX_ID), 42);
	wr(test, ENG(8, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_PREEMPT);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(8, MVGPU_ENG_CONTROL)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(8, MVGPU_ENG_STATUS)),
			MVGPU_ENG_STATUS_PREEMPTED);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(8, MVGPU_ENG_EVENT_CTX_ID)), 42);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ENGINE_EVENTS), ev);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS),
			MVGPU_INT_ENGINE_EVENT);
	/* The level cannot be cleared, nor set, by writing it. */
	wr(test, MVGPU_REG_INT_STATUS, MVGPU_INT_ENGINE_EVENT);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS),
			MVGPU_INT_ENGINE_EVENT);
	wr(test, MVGPU_REG_ENGINE_EVENTS, ev);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ENGINE_EVENTS), 0);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS), 0);
	wr(test, MVGPU_REG_INT_SET, MVGPU_INT_ENGINE_EVENT);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS), 0);

	/* CTX_SAVE and CTX_RESTORE do nothing on a vGPU; RESUME runs. */
	wr(test, ENG(8, MVGPU_ENG_CONTROL),
	   MVGPU_ENG_CTL_CTX_SAVE | MVGPU_ENG_CTL_CTX_RESTORE |
	   MVGPU_ENG_CTL_RESUME);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(8, MVGPU_ENG_CONTROL)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(8, MVGPU_ENG_STATUS)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(8, MVGPU_ENG_CTX_ID)), 42);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ENGINE_EVENTS), 0);
}

/* Programs engine @e with a ring at @ring and rings the doorbell. */
static void doorbell(struct kunit *test, unsigned int e, u64 ring, u32 tail)
{
	wr(test, ENG(e, MVGPU_ENG_RING_CTL), 0);
	wr(test, ENG(e, MVGPU_ENG_RING_BASE_LO), lower_32_bits(ring));
	wr(test, ENG(e, MVGPU_ENG_RING_BASE_HI), upper_32_bits(ring));
	wr(test, ENG(e, MVGPU_ENG_RING_SIZE), SZ_4K);
	wr(test, ENG(e, MVGPU_ENG_RING_CTL), MVGPU_RING_ENABLE);
	wr(test, ENG(e, MVGPU_ENG_RING_TAIL), tail);
}

/*
 * A ring outside the vGPU's GTT range is refused before anything is read:
 * the engine stops FAULTED, REJECTED, at the ring's address, with the
 * fault event; the other engines do not notice; the engine reset recovers.
 * MVGPU_VSUB_FAILSAFE refusals fail the vGPU until a function reset.  The
 * context is a stand-in the refused doorbells never reach.
 */
static void mvgpu_test_submit_reject_failsafe(struct kunit *test)
{
	struct vgpu_fixture *f = test->priv;
	struct mvgpu_vsub *sub = &f->vgpu.sub;
	u64 outside = TEST_VA(0) - SZ_4K;
	struct mvgpu_ctx *ctx = vgpu_fixture_fake_ctx(test);
	unsigned int i;

	vgpu_fixture_set_ctx(f, ctx);
	wr(test, ENG(1, MVGPU_ENG_CTX_ID), 5);
	doorbell(test, 1, outside, 0x10);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_STATUS)),
			MVGPU_ENG_STATUS_FAULTED);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_FAULT_REASON)),
			MVGPU_FAULT_REJECTED);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_FAULT_ADDR_LO)),
			lower_32_bits(outside));
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_FAULT_ADDR_HI)),
			upper_32_bits(outside));
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_EVENT_CTX_ID)), 5);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ENGINE_EVENTS),
			MVGPU_EVENT_FAULT(1));
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS),
			MVGPU_INT_ENGINE_EVENT);
	KUNIT_EXPECT_EQ(test, sub->rejected, 1);
	/* The core counted the refusal too (mvgpu_ctx_rejected()). */
	KUNIT_EXPECT_EQ(test, ctx_rejected(ctx), 1);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_STATUS)), 0);
	/* A faulted engine ignores the doorbell until it is reset. */
	wr(test, ENG(1, MVGPU_ENG_RING_TAIL), 0x20);
	KUNIT_EXPECT_EQ(test, sub->rejected, 1);
	wr(test, ENG(1, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_STATUS)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(1, MVGPU_ENG_FAULT_REASON)), 0);

	/* A misprogrammed ring faults RING, and is no violation. */
	wr(test, ENG(0, MVGPU_ENG_RING_BASE_LO), 0x800);
	wr(test, ENG(0, MVGPU_ENG_RING_SIZE), SZ_4K);
	wr(test, ENG(0, MVGPU_ENG_RING_CTL), MVGPU_RING_ENABLE);
	wr(test, ENG(0, MVGPU_ENG_RING_TAIL), 0x10);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_FAULT_REASON)),
			MVGPU_FAULT_RING);
	KUNIT_EXPECT_EQ(test, sub->rejected, 1);

	for (i = 1; i < MVGPU_VSUB_FAILSAFE; i++) {
		KUNIT_EXPECT_FALSE(test, sub->failed);
		wr(test, ENG(8, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
		doorbell(test, 8, outside, 0x10);
	}
	KUNIT_EXPECT_TRUE(test, sub->failed);
	KUNIT_EXPECT_EQ(test, sub->rejected, MVGPU_VSUB_FAILSAFE);
	/* Failed: even a ring in range is refused, and counted. */
	wr(test, ENG(0, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
	doorbell(test, 0, TEST_VA(0), 0x10);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_FAULT_REASON)),
			MVGPU_FAULT_REJECTED);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_FAULT_ADDR_LO)),
			lower_32_bits(TEST_VA(0)));
	KUNIT_EXPECT_EQ(test, sub->rejected, MVGPU_VSUB_FAILSAFE + 1);
	/* A function reset ends the failed state. */
	wr(test, MVGPU_REG_RESET, MVGPU_RESET_FULL);
	KUNIT_EXPECT_FALSE(test, sub->failed);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ENGINE_EVENTS), 0);
	KUNIT_EXPECT_EQ(test, ctx_rejected(ctx), MVGPU_VSUB_FAILSAFE + 1);
}

/*
 * A fault callback of the core already on its way when the guest resets
 * the engine arrives after the reset: it is dropped (the new work of the
 * guest must not fault), and counted.  A fault after the reset (the core
 * counted a reset of the context since) is the guest's: it stops the
 * engine FAULTED with its event.
 */
static void mvgpu_test_submit_stale_fault(struct kunit *test)
{
	struct vgpu_fixture *f = test->priv;
	struct mvgpu_vsub *sub = &f->vgpu.sub;
	struct mvgpu_ctx *ctx = vgpu_fixture_fake_ctx(test);
	u64 addr = TEST_VA(0x5008);

	vgpu_fixture_set_ctx(f, ctx);
	doorbell(test, 0, TEST_VA(0), 0);
	/* The engine faulted: the core lost the context, will call back. */
	fake_core_lose(ctx);
	/* Before the callback runs, the guest resets and starts again. */
	wr(test, ENG(0, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
	doorbell(test, 0, TEST_VA(0), 0);
	mvgpu_vsub_ctx_ops.fault(ctx, &sub->eng[0], MVGPU_FAULT_GTT, addr);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_STATUS)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_FAULT_REASON)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ENGINE_EVENTS), 0);
	KUNIT_EXPECT_EQ(test, sub->stale_faults, 1);

	/* A fault of the new work is delivered. */
	fake_core_lose(ctx);
	mvgpu_vsub_ctx_ops.fault(ctx, &sub->eng[0], MVGPU_FAULT_GTT, addr);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_STATUS)),
			MVGPU_ENG_STATUS_FAULTED);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_FAULT_REASON)),
			MVGPU_FAULT_GTT);
	KUNIT_EXPECT_EQ(test, rd(test, ENG(0, MVGPU_ENG_FAULT_ADDR_LO)),
			lower_32_bits(addr));
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ENGINE_EVENTS),
			MVGPU_EVENT_FAULT(0));
	KUNIT_EXPECT_EQ(test, sub->stale_faults, 1);
	/* The delivered fault restarted the context: its echo is stale. */
	mvgpu_vsub_ctx_ops.fault(ctx, &sub->eng[0], MVGPU_FAULT_GTT, addr);
	KUNIT_EXPECT_EQ(test, sub->stale_faults, 2);
}

static struct kunit_case mvgpu_submit_cases[] = {
	KUNIT_CASE(mvgpu_test_submit_head_translation),
	KUNIT_CASE(mvgpu_test_submit_registers),
	KUNIT_CASE(mvgpu_test_submit_preempt_events),
	KUNIT_CASE(mvgpu_test_submit_reject_failsafe),
	KUNIT_CASE(mvgpu_test_submit_stale_fault),
	{}
};

static struct kunit_suite mvgpu_submit_suite = {
	.name = "mvgpu_submit",
	.init = mvgpu_submit_test_init,
	.exit = vgpu_fixture_exit,
	.test_cases = mvgpu_submit_cases,
};

kunit_test_suite(mvgpu_submit_suite);
