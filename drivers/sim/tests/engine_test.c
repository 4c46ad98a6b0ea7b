// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the emulated GPU's engines as their driver sees them:
 * registers, rings, faults, reset, preemption, context save and restore,
 * and the status page.  The GTT and the interrupt line have their own
 * suites (gtt_test.c, irq_test.c); all share the fixture of sim_test.h.
 */
#include "sim_test.h"

static void mvgpu_test_sim_registers(struct kunit *test)
{
	struct mvgpu_device *gdev = t_gdev(test);
	u64 t0;

	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ID_MAGIC),
			MVGPU_ID_MAGIC);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ID_VERSION),
			0x00020000u);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_GTT_ENTRIES),
			MVGPU_GPU_GTT_ENTRIES);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_GTT_BASE),
			MVGPU_GTT_OFFSET);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ENGINES),
			1 | 1 << MVGPU_ENGINES_COMPUTE_SHIFT);
	mvgpu_hw_write32(gdev, MVGPU_REG_ID_MAGIC, 0);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ID_MAGIC),
			MVGPU_ID_MAGIC);
	mvgpu_hw_write64(gdev, MVGPU_REG_SCRATCH(0), 0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_SCRATCH(1)),
			0x11223344u);
	/* Absent engines and unaligned offsets decode nothing. */
	eng_wr(test, MVGPU_ENGINE_COPY(1), MVGPU_ENG_RING_SIZE, 0x1000);
	KUNIT_EXPECT_EQ(test, eng_rd(test, MVGPU_ENGINE_COPY(1),
				     MVGPU_ENG_RING_SIZE), 0u);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_SCRATCH(0) + 2),
			0u);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_GPU_MMIO_SIZE), 0u);
	/* A GTT entry reads back whole and by halves. */
	mvgpu_hw_write64(gdev, MVGPU_GTT_OFFSET + 8 * 300,
			 0x123456789000ULL | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read64(gdev, MVGPU_GTT_OFFSET + 8 * 300),
			0x123456789003ULL);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_GTT_OFFSET + 8 * 300 + 4),
			0x1234u);
	t0 = mvgpu_hw_read64(gdev, MVGPU_REG_TIMESTAMP_LO);
	usleep_range(1000, 2000);
	KUNIT_EXPECT_GT(test, mvgpu_hw_read64(gdev, MVGPU_REG_TIMESTAMP_LO), t0);
}

static void mvgpu_test_sim_fill_store(struct kunit *test)
{
	const u32 cmds[] = {
		MVGPU_CMD(MVGPU_OP_FILL, 0, 7), T_BUF, 0, 0x1000, 0x1000, 16,
		0xa5a5a5a5,
		MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4), T_HWSP + MVGPU_HWSP_SEQNO,
		0, 42,
		MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1),
	};
	u32 *buf = vram(test, T_BUF);
	unsigned int i;

	start_ring(test, T_COPY);
	submit(test, T_COPY, cmds, ARRAY_SIZE(cmds));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	for (i = 0; i < 16 * 0x1000 / 4; i++)
		if (buf[i] != 0xa5a5a5a5)
			break;
	KUNIT_EXPECT_EQ(test, i, 16u * 0x1000 / 4);
	KUNIT_EXPECT_EQ(test, buf[i], 0u);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_HWSP + MVGPU_HWSP_SEQNO), 42u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT), 3u);
	KUNIT_EXPECT_TRUE(test, mvgpu_hw_read32(t_gdev(test),
						MVGPU_REG_INT_STATUS) &
			  MVGPU_INT_ENGINE_USER(T_COPY));
	KUNIT_EXPECT_GT(test, mvgpu_hw_read64(t_gdev(test),
					      MVGPU_ENGINE_BASE(T_COPY) +
					      MVGPU_ENG_BUSY_NS_LO), 0ULL);
}

struct fault_case {
	const char *name;
	u32 cmds[8];
	unsigned int n;
	u32 reason;
};

static const struct fault_case fault_cases[] = {
	{ "bad_opcode", { MVGPU_CMD(0x7f, 0, 1) }, 1, MVGPU_FAULT_OPCODE },
	{ "unmapped_fill", { MVGPU_CMD(MVGPU_OP_FILL, 0, 7), T_UNMAPPED, 0,
			     64, 64, 1, 0 }, 7, MVGPU_FAULT_GTT },
	{ "forbidden_lri", { MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 3),
			     MVGPU_REG_INT_ENABLE, ~0u }, 3,
	  MVGPU_FAULT_REGISTER },
};

static void fault_case_desc(const struct fault_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fault, fault_cases, fault_case_desc);

/*
 * A fault stops the engine, says why, latches the context ID, interrupts;
 * RESUME leaves it faulted, reset recovers it.
 */
static void mvgpu_test_sim_fault(struct kunit *test)
{
	const struct fault_case *c = test->param_value;
	const u32 store[] = { MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4), T_BUF, 0,
			      7 };
	struct mvgpu_device *gdev = t_gdev(test);

	mvgpu_hw_write32(gdev, MVGPU_REG_INT_ENABLE, MVGPU_INT_ENGINE_EVENT);
	start_ring(test, T_COMPUTE);
	eng_wr(test, T_COMPUTE, MVGPU_ENG_CTX_ID, 0xc0de);
	submit(test, T_COMPUTE, c->cmds, c->n);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COMPUTE), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_STATUS),
			MVGPU_ENG_STATUS_FAULTED);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_FAULT_REASON),
			c->reason);
	KUNIT_EXPECT_TRUE(test, mvgpu_hw_read32(gdev, MVGPU_REG_ENGINE_EVENTS) &
			  MVGPU_EVENT_FAULT(T_COMPUTE));
	KUNIT_EXPECT_TRUE(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS) &
			  MVGPU_INT_ENGINE_EVENT);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_EVENT_CTX_ID),
			0xc0deu);
	/*
	 * Faulted: new work does not run, and RESUME leaves the fault.  The
	 * second RESUME is carried out by a later run of the engine's worker
	 * than the one the tail write kicked: by then the store would be done.
	 */
	submit(test, T_COMPUTE, store, ARRAY_SIZE(store));
	KUNIT_ASSERT_EQ(test, control(test, T_COMPUTE, MVGPU_ENG_CTL_RESUME), 0);
	KUNIT_ASSERT_EQ(test, control(test, T_COMPUTE, MVGPU_ENG_CTL_RESUME), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_BUF), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_STATUS),
			MVGPU_ENG_STATUS_FAULTED);

	eng_wr(test, T_COMPUTE, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_RESET);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COMPUTE), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_RING_CTL), 0u);
	start_ring(test, T_COMPUTE);
	submit(test, T_COMPUTE, store, ARRAY_SIZE(store));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COMPUTE), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_BUF), 7u);
}

/* 512 KiB fill: long enough to preempt or reset in the middle. */
static const u32 big_fill[] = {
	MVGPU_CMD(MVGPU_OP_FILL, 0, 7), T_BUF, 0, 0x1000, 0x1000, 128,
	0x3c3c3c3c,
};

static bool filled(struct kunit *test, u32 pattern)
{
	u32 *buf = vram(test, T_BUF);
	unsigned int i;

	for (i = 0; i < 128 * 0x1000 / 4; i++)
		if (buf[i] != pattern)
			return false;
	return true;
}

static void mvgpu_test_sim_preempt_resume(struct kunit *test)
{
	unsigned int i;

	start_ring(test, T_COPY);
	for (i = 0; i < 4; i++)
		submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT), 0);
	KUNIT_EXPECT_TRUE(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS) &
			  MVGPU_ENG_STATUS_PREEMPTED);
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_RESUME), 0);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT), 4u);
	KUNIT_EXPECT_TRUE(test, filled(test, 0x3c3c3c3c));
}

static void mvgpu_test_sim_reset_mid_command(struct kunit *test)
{
	const u32 store[] = { MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4),
			      T_BUF - 4, 0, 9 };
	unsigned int i;

	start_ring(test, T_COPY);
	for (i = 0; i < 8; i++)
		submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_RESET);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_RING_HEAD), 0u);
	/* The engine works again after the reset. */
	start_ring(test, T_COPY);
	submit(test, T_COPY, store, ARRAY_SIZE(store));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_BUF - 4), 9u);
}

/*
 * RESET.FULL mid-command: registers back to reset values, every engine
 * idle, every GTT entry invalid.
 */
static void mvgpu_test_sim_full_reset(struct kunit *test)
{
	struct mvgpu_device *gdev = t_gdev(test);
	unsigned int i;

	mvgpu_hw_write32(gdev, MVGPU_REG_SCRATCH(3), 0x5a5a5a5a);
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_ENABLE, MVGPU_INT_SOFTWARE);
	mvgpu_hw_write64(gdev, MVGPU_GTT_OFFSET + 8 * (MVGPU_GPU_GTT_ENTRIES - 1),
			 MVGPU_GTT_VALID);
	start_ring(test, T_COPY);
	start_ring(test, T_COMPUTE);
	for (i = 0; i < 4; i++) {
		submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
		submit(test, T_COMPUTE, big_fill, ARRAY_SIZE(big_fill));
	}
	mvgpu_hw_write32(gdev, MVGPU_REG_RESET, MVGPU_RESET_FULL);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COMPUTE), 0);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_SCRATCH(3)), 0u);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_ENABLE), 0u);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ID_MAGIC),
			MVGPU_ID_MAGIC);
	for (i = 0; i < 2; i++) {
		unsigned int e = i ? T_COMPUTE : T_COPY;

		KUNIT_EXPECT_EQ(test, eng_rd(test, e, MVGPU_ENG_STATUS), 0u);
		KUNIT_EXPECT_EQ(test, eng_rd(test, e, MVGPU_ENG_RING_CTL), 0u);
		KUNIT_EXPECT_EQ(test, eng_rd(test, e, MVGPU_ENG_RING_HEAD), 0u);
	}
	/* The GTT does not survive it: host and vGPU halves alike. */
	for (i = 0; i < MVGPU_GPU_GTT_ENTRIES; i++)
		if (mvgpu_hw_read64(gdev, MVGPU_GTT_OFFSET + 8 * i))
			break;
	KUNIT_EXPECT_EQ(test, i, (unsigned int)MVGPU_GPU_GTT_ENTRIES);
}

/*
 * Save a preempted context, reset, restore it: the result is the same.
 * The restore alone brings the ring back (no ring enable, no tail write).
 */
static void mvgpu_test_sim_context_save_restore(struct kunit *test)
{
	start_ring(test, T_COPY);
	eng_wr(test, T_COPY, MVGPU_ENG_CTX_LO, T_CTX);
	submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
	submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT), 0);
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_CTX_SAVE), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_CTX + MVGPU_CTX_MAGIC),
			MVGPU_CTX_MAGIC_VALUE);
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_RESET), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_RING_CTL), 0u);
	eng_wr(test, T_COPY, MVGPU_ENG_CTX_LO, T_CTX);
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL,
	       MVGPU_ENG_CTL_CTX_RESTORE | MVGPU_ENG_CTL_RESUME);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_RING_HEAD),
			(u32)(2 * sizeof(big_fill)));
	KUNIT_EXPECT_TRUE(test, filled(test, 0x3c3c3c3c));
}

/* PREEMPT | RESUME in one write: preempted, then running again. */
static void mvgpu_test_sim_preempt_resume_together(struct kunit *test)
{
	unsigned int i;

	start_ring(test, T_COPY);
	for (i = 0; i < 4; i++)
		submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL,
	       MVGPU_ENG_CTL_PREEMPT | MVGPU_ENG_CTL_RESUME);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT), 4u);
	KUNIT_EXPECT_TRUE(test, mvgpu_hw_read32(t_gdev(test),
						MVGPU_REG_ENGINE_EVENTS) &
			  MVGPU_EVENT_PREEMPTED(T_COPY));
}

/*
 * PREEMPT on a faulted engine completes at once: PREEMPTED beside FAULTED,
 * the PREEMPTED event, the context ID latched, CONTROL back to 0.
 */
static void mvgpu_test_sim_preempt_faulted(struct kunit *test)
{
	const u32 bad[] = { MVGPU_CMD(0x7f, 0, 1) };
	struct mvgpu_device *gdev = t_gdev(test);

	start_ring(test, T_COMPUTE);
	eng_wr(test, T_COMPUTE, MVGPU_ENG_CTX_ID, 0x77);
	submit(test, T_COMPUTE, bad, ARRAY_SIZE(bad));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COMPUTE), 0);
	KUNIT_ASSERT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_STATUS),
			MVGPU_ENG_STATUS_FAULTED);
	mvgpu_hw_write32(gdev, MVGPU_REG_ENGINE_EVENTS, ~0u);
	eng_wr(test, T_COMPUTE, MVGPU_ENG_CTX_ID, 0x78);

	KUNIT_ASSERT_EQ(test, control(test, T_COMPUTE, MVGPU_ENG_CTL_PREEMPT), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_STATUS),
			MVGPU_ENG_STATUS_FAULTED | MVGPU_ENG_STATUS_PREEMPTED);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ENGINE_EVENTS),
			(u32)MVGPU_EVENT_PREEMPTED(T_COMPUTE));
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_EVENT_CTX_ID),
			0x78u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_FAULT_REASON),
			(u32)MVGPU_FAULT_OPCODE);
	/* An idle engine too. */
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS),
			MVGPU_ENG_STATUS_PREEMPTED);
}

/*
 * PREEMPT | CTX_SAVE saves the stopped state; CTX_RESTORE | RESUME on
 * another engine resumes it exactly: the two engines' completed commands
 * add up to the ring's, so nothing ran twice or was skipped.
 */
static void mvgpu_test_sim_preempt_save_move(struct kunit *test)
{
	/* 16 MiB fills into one page: long enough to preempt in the middle. */
	const u32 fill = MVGPU_CMD(MVGPU_OP_FILL, 0, 7);
	const u32 store = MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4);
	const u32 cmds[] = {
		fill, T_BUF, 0, 0, 0x1000, 0x1000, 0x11111111,
		store, T_BUF + 0x1000, 0, 1,
		fill, T_BUF, 0, 0, 0x1000, 0x1000, 0x22222222,
		store, T_BUF + 0x1004, 0, 2,
		fill, T_BUF, 0, 0, 0x1000, 0x1000, 0x33333333,
	};
	u32 *buf = vram(test, T_BUF);
	u32 saved, moved;
	unsigned int i;

	start_ring(test, T_COPY);
	eng_wr(test, T_COPY, MVGPU_ENG_CTX_LO, T_CTX);
	eng_wr(test, T_COPY, MVGPU_ENG_CTX_ID, 0x5a);
	submit(test, T_COPY, cmds, ARRAY_SIZE(cmds));
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT |
				      MVGPU_ENG_CTL_CTX_SAVE), 0);
	KUNIT_EXPECT_TRUE(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS) &
			  MVGPU_ENG_STATUS_PREEMPTED);
	saved = eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT);
	kunit_info(test, "preempted after %u commands\n", saved);

	eng_wr(test, T_COMPUTE, MVGPU_ENG_CTX_LO, T_CTX);
	eng_wr(test, T_COMPUTE, MVGPU_ENG_CONTROL,
	       MVGPU_ENG_CTL_CTX_RESTORE | MVGPU_ENG_CTL_RESUME);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COMPUTE), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_CTX_ID), 0x5au);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COMPUTE, MVGPU_ENG_RING_HEAD),
			(u32)sizeof(cmds));
	moved = eng_rd(test, T_COMPUTE, MVGPU_ENG_CMD_COUNT);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT) + moved,
			5u);
	for (i = 0; i < 0x1000 / 4; i++)
		if (buf[i] != 0x33333333)
			break;
	KUNIT_EXPECT_EQ(test, i, 0x1000u / 4);
	KUNIT_EXPECT_EQ(test, buf[0x1000 / 4], 1u);
	KUNIT_EXPECT_EQ(test, buf[0x1004 / 4], 2u);
}

/*
 * CTX_RESTORE loads the ring registers, the status page and the context ID
 * from the image over whatever they held; the engine waits for RESUME.
 */
static void mvgpu_test_sim_restore_registers(struct kunit *test)
{
	const u32 store1[] = { MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4), T_BUF, 0,
			       1 };
	const u32 store2[] = { MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4),
			       T_BUF + 4, 0, 2 };
	const u32 bad[] = { MVGPU_CMD(0x7f, 0, 1) };

	start_ring(test, T_COPY);
	eng_wr(test, T_COPY, MVGPU_ENG_CTX_LO, T_CTX);
	eng_wr(test, T_COPY, MVGPU_ENG_CTX_ID, 0xa);
	submit(test, T_COPY, store1, ARRAY_SIZE(store1));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT |
				      MVGPU_ENG_CTL_CTX_SAVE), 0);

	/* Another context, faulted, on the same engine. */
	eng_wr(test, T_COPY, MVGPU_ENG_RING_CTL, 0);
	eng_wr(test, T_COPY, MVGPU_ENG_RING_BASE_LO, ring_va(T_COMPUTE));
	eng_wr(test, T_COPY, MVGPU_ENG_HWSP_LO, 0);
	eng_wr(test, T_COPY, MVGPU_ENG_CTX_ID, 0xb);
	eng_wr(test, T_COPY, MVGPU_ENG_RING_CTL, MVGPU_RING_ENABLE);
	((struct sim_fixture *)test->priv)->tail[T_COMPUTE] = 0;
	submit(test, T_COMPUTE, bad, ARRAY_SIZE(bad));
	eng_wr(test, T_COPY, MVGPU_ENG_RING_TAIL, 4);
	KUNIT_ASSERT_EQ(test, wait_status(test, T_COPY,
					  MVGPU_ENG_STATUS_FAULTED), 0);

	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_CTX_RESTORE),
			0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_RING_BASE_LO),
			(u32)ring_va(T_COPY));
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_RING_SIZE),
			T_RING_SIZE);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_RING_HEAD), 16u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_RING_TAIL), 16u);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_HWSP_LO),
			(u32)(T_HWSP | MVGPU_HWSP_ENABLE));
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_CTX_ID), 0xau);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_RING_CTL),
			(u32)MVGPU_RING_ENABLE);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS),
			MVGPU_ENG_STATUS_PREEMPTED);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_FAULT_REASON), 0u);

	/* The restored ring takes new work, after RESUME. */
	submit(test, T_COPY, store2, ARRAY_SIZE(store2));
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_RESUME), 0);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_BUF + 4), 2u);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_HWSP + MVGPU_HWSP_HEAD), 32u);
}

/* The status page is written only when enabled; GPU VA 0 is a valid one. */
static void mvgpu_test_sim_status_page(struct kunit *test)
{
	const u32 nops[] = { MVGPU_CMD(MVGPU_OP_NOOP, 0, 1),
			     MVGPU_CMD(MVGPU_OP_NOOP, 0, 1) };

	start_ring(test, T_COPY);
	eng_wr(test, T_COPY, MVGPU_ENG_HWSP_LO, T_HWSP);
	submit(test, T_COPY, nops, ARRAY_SIZE(nops));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_HWSP + MVGPU_HWSP_HEAD), 0u);

	eng_wr(test, T_COPY, MVGPU_ENG_HWSP_LO, 0 | MVGPU_HWSP_ENABLE);
	submit(test, T_COPY, nops, ARRAY_SIZE(nops));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, MVGPU_HWSP_HEAD), 16u);
}

static u64 busy_ns(struct kunit *test, unsigned int e)
{
	return mvgpu_hw_read64(t_gdev(test),
			       MVGPU_ENGINE_BASE(e) + MVGPU_ENG_BUSY_NS_LO);
}

/* A SEMAPHORE_WAIT occupies the engine: its time counts in BUSY_NS. */
static void mvgpu_test_sim_wait_counts_busy(struct kunit *test)
{
	const u32 wait[] = {
		MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, MVGPU_SEM_EQ, 4), T_BUF, 0, 1,
	};
	unsigned long end = jiffies + 5 * HZ;
	u64 busy;

	WRITE_ONCE(*(u32 *)vram(test, T_BUF), 0);
	start_ring(test, T_COPY);
	submit(test, T_COPY, wait, ARRAY_SIZE(wait));
	do {
		usleep_range(5000, 10000);
		busy = busy_ns(test, T_COPY);
	} while (busy < 50 * NSEC_PER_MSEC && time_before(jiffies, end));
	KUNIT_EXPECT_GE(test, busy, 50 * NSEC_PER_MSEC);
	KUNIT_EXPECT_TRUE(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS) &
			  MVGPU_ENG_STATUS_WAITING);
	WRITE_ONCE(*(u32 *)vram(test, T_BUF), 1);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT), 1u);
	/* Idle again: the clock stops. */
	busy = busy_ns(test, T_COPY);
	msleep(50);
	KUNIT_EXPECT_EQ(test, busy_ns(test, T_COPY), busy);
}

/*
 * A wedged engine (debug_wedge_engines) executes nothing and carries out
 * no CONTROL request; the other engines go on; RESET.FULL brings it back.
 */
static void mvgpu_test_sim_wedged(struct kunit *test)
{
	const u32 store[] = { MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4),
			      T_BUF - 4, 0, 7 };
	struct mvgpu_sim_gpu *gpu = t_gpu(test);
	unsigned int i;
	u32 count;

	start_ring(test, T_COPY);
	start_ring(test, T_COMPUTE);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	spin_lock_irq(&gpu->lock);
	gpu->engines[T_COPY].wedged = true;
	spin_unlock_irq(&gpu->lock);
	for (i = 0; i < 8; i++)
		submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
	KUNIT_EXPECT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT),
			-ETIMEDOUT);
	count = eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT);
	msleep(50);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_CMD_COUNT), count);
	KUNIT_EXPECT_EQ(test, count, 0u);
	/* The other engine is not affected. */
	submit(test, T_COMPUTE, store, ARRAY_SIZE(store));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COMPUTE), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_BUF - 4), 7u);

	mvgpu_hw_write32(t_gdev(test), MVGPU_REG_RESET, MVGPU_RESET_FULL);
	KUNIT_ASSERT_EQ(test, wait_control(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_FALSE(test, gpu->engines[T_COPY].wedged);
	KUNIT_EXPECT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT), 0);
	KUNIT_EXPECT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_RESUME), 0);
}

static struct kunit_case mvgpu_sim_cases[] = {
	KUNIT_CASE(mvgpu_test_sim_registers),
	KUNIT_CASE(mvgpu_test_sim_fill_store),
	KUNIT_CASE_PARAM(mvgpu_test_sim_fault, fault_gen_params),
	KUNIT_CASE(mvgpu_test_sim_preempt_resume),
	KUNIT_CASE(mvgpu_test_sim_preempt_resume_together),
	KUNIT_CASE(mvgpu_test_sim_preempt_faulted),
	KUNIT_CASE(mvgpu_test_sim_reset_mid_command),
	KUNIT_CASE(mvgpu_test_sim_full_reset),
	KUNIT_CASE(mvgpu_test_sim_context_save_restore),
	KUNIT_CASE(mvgpu_test_sim_preempt_save_move),
	KUNIT_CASE(mvgpu_test_sim_restore_registers),
	KUNIT_CASE(mvgpu_test_sim_status_page),
	KUNIT_CASE(mvgpu_test_sim_wait_counts_busy),
	KUNIT_CASE(mvgpu_test_sim_wedged),
	{}
};

static struct kunit_suite mvgpu_sim_suite = {
	.name = "mvgpu_sim_engine",
	.init = sim_test_init,
	.exit = sim_test_exit,
	.test_cases = mvgpu_sim_cases,
};

kunit_test_suite(mvgpu_sim_suite);
