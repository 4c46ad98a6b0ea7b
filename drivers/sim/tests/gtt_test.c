// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the emulated GPU's GTT: entries with reserved bits, and
 * the GTT_FLUSH protocol that lets a driver reuse a page once no engine can
 * still reach it through an old entry.
 */
#include <linux/completion.h>

#include "sim_test.h"

#define T_OTHER		0x40000		/* a page no command uses */

static u64 gtt_entry_off(u64 va)
{
	return MVGPU_GTT_OFFSET + 8 * (va / MVGPU_GTT_PAGE_SIZE);
}

static int wait_flush(struct kunit *test, unsigned long timeout)
{
	unsigned long end = jiffies + timeout;

	while (mvgpu_hw_read32(t_gdev(test), MVGPU_REG_GTT_FLUSH)) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(100, 500);
	}
	return 0;
}

/* An entry with a reserved bit (11:2) set is not valid: the access faults. */
static void mvgpu_test_sim_gtt_reserved_bits(struct kunit *test)
{
	const u32 store[] = { MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4), T_BUF, 0,
			      7 };
	struct mvgpu_device *gdev = t_gdev(test);

	mvgpu_hw_write64(gdev, gtt_entry_off(T_BUF),
			 T_BUF | BIT_ULL(2) | MVGPU_GTT_VALID);
	start_ring(test, T_COPY);
	submit(test, T_COPY, store, ARRAY_SIZE(store));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS),
			MVGPU_ENG_STATUS_FAULTED);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_FAULT_REASON),
			(u32)MVGPU_FAULT_GTT);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_FAULT_ADDR_LO),
			(u32)T_BUF);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_BUF), 0u);
}

/* With no engine running, a flush completes at once; so it does when stopped. */
static void mvgpu_test_sim_gtt_flush_idle(struct kunit *test)
{
	const u32 bad[] = { MVGPU_CMD(0x7f, 0, 1) };
	struct mvgpu_device *gdev = t_gdev(test);

	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_GTT_FLUSH), 0u);
	mvgpu_hw_write32(gdev, MVGPU_REG_GTT_FLUSH, MVGPU_GTT_FLUSH_REQ);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_GTT_FLUSH), 0u);

	/* A faulted and a preempted engine: their workers end at once. */
	start_ring(test, T_COMPUTE);
	submit(test, T_COMPUTE, bad, ARRAY_SIZE(bad));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COMPUTE), 0);
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT), 0);
	mvgpu_hw_write32(gdev, MVGPU_REG_GTT_FLUSH, MVGPU_GTT_FLUSH_REQ);
	KUNIT_EXPECT_EQ(test, wait_flush(test, HZ / 10), 0);
}

/*
 * Holds one engine at a chosen stopping point: the worker runs (it may
 * hold translations up to there) but has not passed it.
 */
struct sim_hold {
	struct completion reached;
	struct completion go;
	atomic_t points;
	int at;
};

static struct sim_hold *sim_hold;

static void hold_at_point(struct mvgpu_sim_engine *eng)
{
	struct sim_hold *h = sim_hold;

	if (atomic_inc_return(&h->points) != h->at)
		return;
	complete(&h->reached);
	wait_for_completion_timeout(&h->go, 10 * HZ);
}

static bool page_is(struct kunit *test, u64 va, u32 val)
{
	u32 *p = vram(test, va);
	unsigned int i;

	for (i = 0; i < MVGPU_GTT_PAGE_SIZE / 4; i++)
		if (p[i] != val)
			return false;
	return true;
}

/*
 * A flush written while a long FILL runs reads back REQ until the engine
 * passed a stopping point; from then on the engine writes only the page
 * the entry maps now, never the old one.
 */
static void mvgpu_test_sim_gtt_flush_running(struct kunit *test)
{
	/* 64 MiB into one GPU page: 1024 chunks. */
	const u32 fill[] = { MVGPU_CMD(MVGPU_OP_FILL, 0, 7), T_BUF, 0, 0,
			     0x1000, 0x4000, 0x5a5a5a5a };
	struct mvgpu_sim_engine *eng = &t_gpu(test)->engines[T_COPY];
	struct mvgpu_device *gdev = t_gdev(test);
	struct sim_hold *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, h);
	init_completion(&h->reached);
	init_completion(&h->go);
	h->at = 8;	/* the command's start, then 6 chunks */
	sim_hold = h;
	eng->test_boundary = hold_at_point;

	start_ring(test, T_COPY);
	submit(test, T_COPY, fill, ARRAY_SIZE(fill));
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&h->reached,
							    5 * HZ));
	KUNIT_EXPECT_TRUE(test, page_is(test, T_BUF, 0x5a5a5a5a));

	/* Move the page, flush: not done while the engine is held. */
	mvgpu_hw_write64(gdev, gtt_entry_off(T_BUF), T_OTHER | MVGPU_GTT_VALID);
	mvgpu_hw_write32(gdev, MVGPU_REG_GTT_FLUSH, MVGPU_GTT_FLUSH_REQ);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_GTT_FLUSH),
			(u32)MVGPU_GTT_FLUSH_REQ);
	msleep(20);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_GTT_FLUSH),
			(u32)MVGPU_GTT_FLUSH_REQ);
	complete(&h->go);
	KUNIT_ASSERT_EQ(test, wait_flush(test, 5 * HZ), 0);

	/* The old page is free now: the rest of the FILL must not touch it. */
	memset(vram(test, T_BUF), 0, MVGPU_GTT_PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT), 1u);
	KUNIT_EXPECT_TRUE(test, page_is(test, T_BUF, 0));
	KUNIT_EXPECT_TRUE(test, page_is(test, T_OTHER, 0x5a5a5a5a));
	eng->test_boundary = NULL;
}

static struct kunit_case mvgpu_sim_gtt_cases[] = {
	KUNIT_CASE(mvgpu_test_sim_gtt_reserved_bits),
	KUNIT_CASE(mvgpu_test_sim_gtt_flush_idle),
	KUNIT_CASE(mvgpu_test_sim_gtt_flush_running),
	{}
};

static struct kunit_suite mvgpu_sim_gtt_suite = {
	.name = "mvgpu_sim_gtt",
	.init = sim_test_init,
	.exit = sim_test_exit,
	.test_cases = mvgpu_sim_gtt_cases,
};

kunit_test_suite(mvgpu_sim_gtt_suite);
