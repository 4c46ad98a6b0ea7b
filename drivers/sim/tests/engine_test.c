// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the emulated GPU as its driver sees it: registers, GTT,
 * engines running rings, faults, reset, preemption and the interrupt line.
 * Each case builds a small GPU (1 MiB of device memory, the first 256 GTT
 * entries mapping it one to one) without registering it on the bus.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "../sim.h"

#define T_VRAM		SZ_1M
#define T_RING		0xc0000		/* rings, one page per engine */
#define T_RING_SIZE	0x1000
#define T_HWSP		0x1000
#define T_CTX		0x2000
#define T_BUF		0x10000		/* data buffers, up to T_RING */
#define T_UNMAPPED	0x800000	/* no GTT entry */
#define T_COPY		MVGPU_ENGINE_COPY(0)
#define T_COMPUTE	MVGPU_ENGINE_COMPUTE(0)

struct sim_fixture {
	struct mvgpu_sim_gpu *gpu;
	u32 tail[MVGPU_NUM_ENGINE_IDS];
	atomic_t irqs;
};

static struct mvgpu_device *t_gdev(struct kunit *test)
{
	return &((struct sim_fixture *)test->priv)->gpu->gdev;
}

static int sim_test_init(struct kunit *test)
{
	struct sim_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct mvgpu_sim_gpu *gpu;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gpu);
	f->gpu = gpu;
	test->priv = f;
	spin_lock_init(&gpu->lock);
	INIT_WORK(&gpu->irq_work, sim_irq_work);
	gpu->gdev.device_id = MVGPU_PCI_DEVICE_ID_GPU;
	gpu->gdev.vram_size = T_VRAM;
	gpu->copy_engines = 1;
	gpu->compute_engines = 1;
	gpu->vram = vzalloc(T_VRAM);
	gpu->gtt = vzalloc(MVGPU_GPU_GTT_ENTRIES * sizeof(*gpu->gtt));
	KUNIT_ASSERT_NOT_NULL(test, gpu->vram);
	KUNIT_ASSERT_NOT_NULL(test, gpu->gtt);
	sim_engines_init(gpu);
	spin_lock_irq(&gpu->lock);
	sim_regs_reset_locked(gpu);
	spin_unlock_irq(&gpu->lock);
	for (i = 0; i < T_VRAM / MVGPU_GTT_PAGE_SIZE; i++)
		mvgpu_hw_write64(&gpu->gdev, MVGPU_GTT_OFFSET + 8 * i,
				 (u64)i * MVGPU_GTT_PAGE_SIZE | MVGPU_GTT_VALID);
	return 0;
}

static void sim_test_exit(struct kunit *test)
{
	struct sim_fixture *f = test->priv;

	if (!f || !f->gpu)
		return;
	mvgpu_hw_free_irq(&f->gpu->gdev);
	sim_engines_fini(f->gpu);
	cancel_work_sync(&f->gpu->irq_work);
	vfree(f->gpu->gtt);
	vfree(f->gpu->vram);
	kfree(f->gpu);
}

static u32 eng_rd(struct kunit *test, unsigned int e, u32 reg)
{
	return mvgpu_hw_read32(t_gdev(test), MVGPU_ENGINE_BASE(e) + reg);
}

static void eng_wr(struct kunit *test, unsigned int e, u32 reg, u32 val)
{
	mvgpu_hw_write32(t_gdev(test), MVGPU_ENGINE_BASE(e) + reg, val);
}

static void *vram(struct kunit *test, u64 va)
{
	return ((struct sim_fixture *)test->priv)->gpu->vram + va;
}

static u64 ring_va(unsigned int e)
{
	return T_RING + (u64)e * T_RING_SIZE;
}

static void start_ring(struct kunit *test, unsigned int e)
{
	eng_wr(test, e, MVGPU_ENG_RING_BASE_LO, ring_va(e));
	eng_wr(test, e, MVGPU_ENG_RING_BASE_HI, 0);
	eng_wr(test, e, MVGPU_ENG_RING_SIZE, T_RING_SIZE);
	eng_wr(test, e, MVGPU_ENG_HWSP_LO, T_HWSP + e * 0x100);
	eng_wr(test, e, MVGPU_ENG_RING_CTL, MVGPU_RING_ENABLE);
	((struct sim_fixture *)test->priv)->tail[e] = 0;
}

static void submit(struct kunit *test, unsigned int e, const u32 *cmds,
		   unsigned int n)
{
	struct sim_fixture *f = test->priv;
	u32 *ring = vram(test, ring_va(e));
	unsigned int i;

	for (i = 0; i < n; i++) {
		ring[f->tail[e] / 4] = cmds[i];
		f->tail[e] = (f->tail[e] + 4) % T_RING_SIZE;
	}
	eng_wr(test, e, MVGPU_ENG_RING_TAIL, f->tail[e]);
}

/* Wait until engine @e is idle, stopped or faulted: 0, or -ETIMEDOUT. */
static int wait_engine(struct kunit *test, unsigned int e)
{
	unsigned long end = jiffies + 10 * HZ;
	u32 st;

	do {
		st = eng_rd(test, e, MVGPU_ENG_STATUS);
		if (!eng_rd(test, e, MVGPU_ENG_CONTROL) &&
		    (st & (MVGPU_ENG_STATUS_FAULTED | MVGPU_ENG_STATUS_PREEMPTED) ||
		     (!(st & MVGPU_ENG_STATUS_BUSY) &&
		      eng_rd(test, e, MVGPU_ENG_RING_HEAD) ==
		      eng_rd(test, e, MVGPU_ENG_RING_TAIL))))
			return 0;
		usleep_range(200, 1000);
	} while (time_before(jiffies, end));
	return -ETIMEDOUT;
}

static void mvgpu_test_sim_registers(struct kunit *test)
{
	struct mvgpu_device *gdev = t_gdev(test);
	u64 t0;

	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ID_MAGIC),
			MVGPU_ID_MAGIC);
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

/* A fault stops the engine, says why, interrupts; reset recovers it. */
static void mvgpu_test_sim_fault(struct kunit *test)
{
	const struct fault_case *c = test->param_value;
	const u32 store[] = { MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4), T_BUF, 0,
			      7 };
	struct mvgpu_device *gdev = t_gdev(test);

	mvgpu_hw_write32(gdev, MVGPU_REG_INT_ENABLE, MVGPU_INT_ENGINE_EVENT);
	start_ring(test, T_COMPUTE);
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
	/* Faulted: new work does not run. */
	submit(test, T_COMPUTE, store, ARRAY_SIZE(store));
	msleep(20);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_BUF), 0u);

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
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_PREEMPT);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_TRUE(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS) &
			  MVGPU_ENG_STATUS_PREEMPTED);
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_RESUME);
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

/* RESET.FULL mid-command: registers back to reset values, every engine idle. */
static void mvgpu_test_sim_full_reset(struct kunit *test)
{
	struct mvgpu_device *gdev = t_gdev(test);
	unsigned int i;

	mvgpu_hw_write32(gdev, MVGPU_REG_SCRATCH(3), 0x5a5a5a5a);
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_ENABLE, MVGPU_INT_SOFTWARE);
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
	/* The GTT survives a full reset. */
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read64(gdev, MVGPU_GTT_OFFSET + 8),
			(u64)MVGPU_GTT_PAGE_SIZE | MVGPU_GTT_VALID);
}

/* Save a preempted context, reset, restore it: the result is the same. */
static void mvgpu_test_sim_context_save_restore(struct kunit *test)
{
	start_ring(test, T_COPY);
	eng_wr(test, T_COPY, MVGPU_ENG_CTX_LO, T_CTX);
	submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
	submit(test, T_COPY, big_fill, ARRAY_SIZE(big_fill));
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_PREEMPT);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_CTX_SAVE);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)vram(test, T_CTX + MVGPU_CTX_MAGIC),
			MVGPU_CTX_MAGIC_VALUE);
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_RESET);
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	start_ring(test, T_COPY);
	eng_wr(test, T_COPY, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_CTX_RESTORE);
	eng_wr(test, T_COPY, MVGPU_ENG_RING_TAIL,
	       ((struct sim_fixture *)test->priv)->tail[T_COPY] =
	       2 * sizeof(big_fill));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	KUNIT_EXPECT_EQ(test, eng_rd(test, T_COPY, MVGPU_ENG_STATUS), 0u);
	KUNIT_EXPECT_TRUE(test, filled(test, 0x3c3c3c3c));
}

static void count_irq(struct mvgpu_device *gdev, void *data)
{
	atomic_inc(data);
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_STATUS,
			 mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS));
}

static void mvgpu_test_sim_interrupt_line(struct kunit *test)
{
	struct sim_fixture *f = test->priv;
	struct mvgpu_device *gdev = t_gdev(test);
	const u32 cmds[] = { MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1) };
	unsigned long end;

	KUNIT_ASSERT_EQ(test, mvgpu_hw_request_irq(gdev, count_irq, &f->irqs),
			0);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_request_irq(gdev, count_irq, &f->irqs),
			-EBUSY);
	/* Not enabled: no interrupt. */
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_SET, MVGPU_INT_SOFTWARE);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->irqs), 0);
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_ENABLE,
			 MVGPU_INT_SOFTWARE | MVGPU_INT_ENGINE_USER(T_COPY));
	end = jiffies + 5 * HZ;
	while (atomic_read(&f->irqs) < 1 && time_before(jiffies, end))
		usleep_range(500, 1000);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->irqs), 1);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS), 0u);

	start_ring(test, T_COPY);
	submit(test, T_COPY, cmds, ARRAY_SIZE(cmds));
	KUNIT_ASSERT_EQ(test, wait_engine(test, T_COPY), 0);
	end = jiffies + 5 * HZ;
	while (atomic_read(&f->irqs) < 2 && time_before(jiffies, end))
		usleep_range(500, 1000);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->irqs), 2);
	mvgpu_hw_free_irq(gdev);
}

static struct kunit_case mvgpu_sim_cases[] = {
	KUNIT_CASE(mvgpu_test_sim_registers),
	KUNIT_CASE(mvgpu_test_sim_fill_store),
	KUNIT_CASE_PARAM(mvgpu_test_sim_fault, fault_gen_params),
	KUNIT_CASE(mvgpu_test_sim_preempt_resume),
	KUNIT_CASE(mvgpu_test_sim_reset_mid_command),
	KUNIT_CASE(mvgpu_test_sim_full_reset),
	KUNIT_CASE(mvgpu_test_sim_context_save_restore),
	KUNIT_CASE(mvgpu_test_sim_interrupt_line),
	{}
};

static struct kunit_suite mvgpu_sim_suite = {
	.name = "mvgpu_sim_engine",
	.init = sim_test_init,
	.exit = sim_test_exit,
	.test_cases = mvgpu_sim_cases,
};

kunit_test_suite(mvgpu_sim_suite);
