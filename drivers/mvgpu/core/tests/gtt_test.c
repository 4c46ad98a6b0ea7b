// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the host GTT's writers (core/gtt.c) against a fake GPU
 * whose register window records the GTT entries written.
 *
 * A GPU reset keeps the driver's entries and writes them back with the
 * GTT lock held from before RESET.FULL to after the write-back (hang.c):
 * an entry set meanwhile must wait for the lock, or the reset loses it.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>

#include <mvgpu/mvgpu_hw.h>
#include "../core.h"

#define T_INDEX		(MVGPU_HOST_GTT_BASE + 7)
#define T_DMA		0x12345000ULL
#define T_ENTRY		(T_DMA | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID)
#define T_WAIT_MS	100

struct gtt_fake {
	struct mvgpu_device gdev;
	struct mvgpu_gpu gpu;
	u64 entry;		/* the last value written at T_INDEX */
	unsigned int writes;	/* GTT writes anywhere */
	struct completion set_done;
};

static u32 fake_read32(struct mvgpu_device *gdev, u32 offset)
{
	return 0;
}

static void fake_write32(struct mvgpu_device *gdev, u32 offset, u32 val)
{
}

static u64 fake_read64(struct mvgpu_device *gdev, u32 offset)
{
	return 0;
}

static void fake_write64(struct mvgpu_device *gdev, u32 offset, u64 val)
{
	struct gtt_fake *f = container_of(gdev, struct gtt_fake, gdev);

	f->writes++;
	if (offset == MVGPU_GTT_OFFSET + T_INDEX * MVGPU_GTT_ENTRY_SIZE)
		f->entry = val;
}

static const struct mvgpu_hw_ops fake_ops = {
	.read32 = fake_read32,
	.write32 = fake_write32,
	.read64 = fake_read64,
	.write64 = fake_write64,
};

static int mvgpu_gtt_core_init(struct kunit *test)
{
	struct gtt_fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->gdev.ops = &fake_ops;
	f->gpu.gdev = &f->gdev;
	mutex_init(&f->gpu.gtt_lock);
	init_completion(&f->set_done);
	test->priv = f;
	return 0;
}

static int gtt_setter(void *data)
{
	struct gtt_fake *f = data;

	mvgpu_gtt_set(&f->gpu, T_INDEX, T_DMA);
	complete(&f->set_done);
	return 0;
}

/* An entry set while a reset holds the GTT lock lands after it. */
static void mvgpu_test_gtt_set_waits_for_reset(struct kunit *test)
{
	struct gtt_fake *f = test->priv;
	struct task_struct *t;

	mutex_lock(&f->gpu.gtt_lock);	/* what mvgpu_hang_gtt_save() holds */
	t = kthread_run(gtt_setter, f, "mvgpu-gtt-test");
	if (IS_ERR(t)) {
		mutex_unlock(&f->gpu.gtt_lock);
		KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(t));
		return;
	}
	KUNIT_EXPECT_EQ(test, 0UL,
			wait_for_completion_timeout(&f->set_done,
						    msecs_to_jiffies(T_WAIT_MS)));
	KUNIT_EXPECT_EQ(test, 0ULL, f->entry);
	/* The reset writes back what it kept (nothing here), then unlocks. */
	mutex_unlock(&f->gpu.gtt_lock);
	KUNIT_ASSERT_NE(test, 0UL,
			wait_for_completion_timeout(&f->set_done,
						    msecs_to_jiffies(10000)));
	KUNIT_EXPECT_EQ(test, T_ENTRY, f->entry);
	KUNIT_EXPECT_EQ(test, 1U, f->writes);
}

/* Once the GPU is gone no entry is written. */
static void mvgpu_test_gtt_set_after_fini(struct kunit *test)
{
	struct gtt_fake *f = test->priv;

	mvgpu_gtt_set(&f->gpu, T_INDEX, T_DMA);
	KUNIT_EXPECT_EQ(test, T_ENTRY, f->entry);
	mvgpu_gtt_fini(&f->gpu);
	mvgpu_gtt_set(&f->gpu, T_INDEX, T_DMA + MVGPU_GTT_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, T_ENTRY, f->entry);
	KUNIT_EXPECT_EQ(test, 1U, f->writes);
}

static struct kunit_case mvgpu_gtt_core_cases[] = {
	KUNIT_CASE(mvgpu_test_gtt_set_waits_for_reset),
	KUNIT_CASE(mvgpu_test_gtt_set_after_fini),
	{}
};

static struct kunit_suite mvgpu_gtt_core_suite = {
	.name = "mvgpu_gtt_core",
	.init = mvgpu_gtt_core_init,
	.test_cases = mvgpu_gtt_core_cases,
};

kunit_test_suite(mvgpu_gtt_core_suite);
