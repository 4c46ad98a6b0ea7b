/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fixture of the emulated GPU's KUnit suites: a small GPU (1 MiB of
 * device memory, the first 256 GTT entries mapping it one to one, one copy
 * and one compute engine) built without registering it on the bus, and the
 * register, ring and wait helpers the suites share.
 */
#ifndef MVGPU_SIM_TEST_H
#define MVGPU_SIM_TEST_H

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
};

static inline struct mvgpu_device *t_gdev(struct kunit *test)
{
	return &((struct sim_fixture *)test->priv)->gpu->gdev;
}

static inline struct mvgpu_sim_gpu *t_gpu(struct kunit *test)
{
	return ((struct sim_fixture *)test->priv)->gpu;
}

static inline int sim_test_init(struct kunit *test)
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
	sim_irq_init(gpu);
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

static inline void sim_test_exit(struct kunit *test)
{
	struct sim_fixture *f = test->priv;

	if (!f || !f->gpu)
		return;
	mvgpu_hw_free_irq(&f->gpu->gdev);
	sim_engines_fini(f->gpu);
	sim_irq_fini(f->gpu);
	vfree(f->gpu->gtt);
	vfree(f->gpu->vram);
	kfree(f->gpu);
}

static inline u32 eng_rd(struct kunit *test, unsigned int e, u32 reg)
{
	return mvgpu_hw_read32(t_gdev(test), MVGPU_ENGINE_BASE(e) + reg);
}

static inline void eng_wr(struct kunit *test, unsigned int e, u32 reg, u32 val)
{
	mvgpu_hw_write32(t_gdev(test), MVGPU_ENGINE_BASE(e) + reg, val);
}

static inline void *vram(struct kunit *test, u64 va)
{
	return t_gpu(test)->vram + va;
}

static inline u64 ring_va(unsigned int e)
{
	return T_RING + (u64)e * T_RING_SIZE;
}

/* Enable engine @e's ring at ring_va(@e), its status page enabled. */
static inline void start_ring(struct kunit *test, unsigned int e)
{
	eng_wr(test, e, MVGPU_ENG_RING_BASE_LO, ring_va(e));
	eng_wr(test, e, MVGPU_ENG_RING_BASE_HI, 0);
	eng_wr(test, e, MVGPU_ENG_RING_SIZE, T_RING_SIZE);
	eng_wr(test, e, MVGPU_ENG_HWSP_LO,
	       (T_HWSP + e * 0x100) | MVGPU_HWSP_ENABLE);
	eng_wr(test, e, MVGPU_ENG_RING_CTL, MVGPU_RING_ENABLE);
	((struct sim_fixture *)test->priv)->tail[e] = 0;
}

static inline void submit(struct kunit *test, unsigned int e, const u32 *cmds,
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
static inline int wait_engine(struct kunit *test, unsigned int e)
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

/* Wait until engine @e's STATUS reads @val: 0, or -ETIMEDOUT. */
static inline int wait_status(struct kunit *test, unsigned int e, u32 val)
{
	unsigned long end = jiffies + 5 * HZ;

	while (eng_rd(test, e, MVGPU_ENG_STATUS) != val) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(100, 500);
	}
	return 0;
}

/* Wait until engine @e carried out every CONTROL request: 0 or -ETIMEDOUT. */
static inline int wait_control(struct kunit *test, unsigned int e)
{
	unsigned long end = jiffies + 2 * HZ;

	while (eng_rd(test, e, MVGPU_ENG_CONTROL)) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(100, 500);
	}
	return 0;
}

/* Write CONTROL requests @req to engine @e and wait until carried out. */
static inline int control(struct kunit *test, unsigned int e, u32 req)
{
	eng_wr(test, e, MVGPU_ENG_CONTROL, req);
	return wait_control(test, e);
}

#endif /* MVGPU_SIM_TEST_H */
