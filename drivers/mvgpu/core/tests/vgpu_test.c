// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the pure logic of the core's vGPU mode: the check of
 * VINFO's GTT range (core.h), the versions a driver accepts (main.c, on a
 * device whose registers the test makes up) and the copy of a context's
 * commands into an engine's own ring (core/engine.c).  The vGPU mode
 * itself runs in a guest on a real vGPU (tests/guest/).
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "../core.h"

#define RING	64u	/* bytes of the rings under test, a power of two */

static void mvgpu_test_gtt_range_valid(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, mvgpu_gtt_range_valid(0, 2048, 131072));
	KUNIT_EXPECT_TRUE(test, mvgpu_gtt_range_valid(129024, 2048, 131072));
	KUNIT_EXPECT_TRUE(test, mvgpu_gtt_range_valid(0, 131072, 131072));
	/* Empty, past the end, or wrapping around: refused. */
	KUNIT_EXPECT_FALSE(test, mvgpu_gtt_range_valid(0, 0, 131072));
	KUNIT_EXPECT_FALSE(test, mvgpu_gtt_range_valid(129025, 2048, 131072));
	KUNIT_EXPECT_FALSE(test, mvgpu_gtt_range_valid(131072, 1, 131072));
	KUNIT_EXPECT_FALSE(test, mvgpu_gtt_range_valid(U64_MAX, 2, 131072));
	KUNIT_EXPECT_FALSE(test, mvgpu_gtt_range_valid(1, U64_MAX, 131072));
}

/* The identification registers of a made-up device. */
struct t_regs {
	u32 magic, version, vinfo_magic, vinfo_version, gtt_base, gtt_count;
};

static u32 t_read32(struct mvgpu_device *gdev, u32 off)
{
	const struct t_regs *r = gdev->hw;

	switch (off) {
	case MVGPU_REG_ID_MAGIC:
		return r->magic;
	case MVGPU_REG_ID_VERSION:
		return r->version;
	case MVGPU_VINFO_MAGIC:
		return r->vinfo_magic;
	case MVGPU_VINFO_VERSION:
		return r->vinfo_version;
	case MVGPU_VINFO_GTT_BASE:
		return r->gtt_base;
	case MVGPU_VINFO_GTT_COUNT:
		return r->gtt_count;
	}
	return 0;
}

static const struct mvgpu_hw_ops t_ops = { .read32 = t_read32 };

static int t_check(struct kunit *test, struct t_regs r)
{
	struct mvgpu_device *gdev = mvgpu_device_alloc(NULL, &t_ops, &r);
	int ret;

	KUNIT_ASSERT_FALSE(test, IS_ERR(gdev));
	dev_set_name(&gdev->dev, "mvgpu-version-test");
	ret = mvgpu_check_id(gdev);
	mvgpu_device_put(gdev);
	return ret;
}

/*
 * A driver takes the major versions it knows, any minor (the manual's
 * compatibility policy), and refuses the rest with -ENODEV.
 */
static void mvgpu_test_versions(struct kunit *test)
{
	const u32 id = MVGPU_ID_VERSION, vi = MVGPU_VINFO_VERSION_VALUE;
	const struct t_regs gpu = { MVGPU_ID_MAGIC, id, 0, 0, 0, 0 };
	const struct t_regs vgpu = { MVGPU_ID_MAGIC, id,
				     MVGPU_VINFO_MAGIC_VALUE, vi, 4096, 4096 };
	struct t_regs r;

	KUNIT_EXPECT_EQ(test, t_check(test, gpu), 0);
	KUNIT_EXPECT_EQ(test, t_check(test, vgpu), 0);
	r = gpu;
	r.version = id + 7;		/* a newer minor */
	KUNIT_EXPECT_EQ(test, t_check(test, r), 0);
	r.version = id + 0x10000;	/* a newer major */
	KUNIT_EXPECT_EQ(test, t_check(test, r), -ENODEV);
	r.version = id - 0x10000;	/* an older major */
	KUNIT_EXPECT_EQ(test, t_check(test, r), -ENODEV);
	r = gpu;
	r.magic = ~MVGPU_ID_MAGIC;
	KUNIT_EXPECT_EQ(test, t_check(test, r), -ENODEV);
	r = vgpu;
	r.vinfo_version = vi + 3;
	KUNIT_EXPECT_EQ(test, t_check(test, r), 0);
	r.vinfo_version = vi + 0x10000;
	KUNIT_EXPECT_EQ(test, t_check(test, r), -ENODEV);
	r = vgpu;
	r.version = id + 0x10000;	/* VINFO known, the hardware not */
	KUNIT_EXPECT_EQ(test, t_check(test, r), -ENODEV);
	r = vgpu;
	r.gtt_base = MVGPU_GTT_ENTRIES;	/* a GTT range past the end */
	KUNIT_EXPECT_EQ(test, t_check(test, r), -ENODEV);
}

static void t_fill(u8 *src)
{
	unsigned int i;

	for (i = 0; i < RING; i++)
		src[i] = i + 1;
}

static void mvgpu_test_ring_copy_plain(struct kunit *test)
{
	u8 src[RING], dst[RING];

	t_fill(src);
	memset(dst, 0, sizeof(dst));
	KUNIT_EXPECT_EQ(test, mvgpu_ring_copy(dst, 0, src, 8, 24, RING), 16u);
	KUNIT_EXPECT_EQ(test, memcmp(dst, src + 8, 16), 0);
	KUNIT_EXPECT_EQ(test, dst[16], 0);
	/* Nothing to copy: nothing written. */
	KUNIT_EXPECT_EQ(test, mvgpu_ring_copy(dst, 40, src, 24, 24, RING),
			40u);
	KUNIT_EXPECT_EQ(test, dst[40], 0);
}

static void mvgpu_test_ring_copy_wraps(struct kunit *test)
{
	u8 src[RING], dst[RING], want[RING];
	unsigned int i;

	t_fill(src);
	memset(dst, 0, sizeof(dst));
	/* Source wraps (56..64, 0..8), destination wraps (60..64, 0..12). */
	KUNIT_EXPECT_EQ(test, mvgpu_ring_copy(dst, 60, src, 56, 8, RING), 12u);
	memset(want, 0, sizeof(want));
	for (i = 0; i < 16; i++)
		want[(60 + i) % RING] = src[(56 + i) % RING];
	KUNIT_EXPECT_EQ(test, memcmp(dst, want, RING), 0);
	/* A full ring less one dword, from anywhere to anywhere. */
	memset(dst, 0, sizeof(dst));
	KUNIT_EXPECT_EQ(test, mvgpu_ring_copy(dst, 12, src, 20, 16, RING), 8u);
	for (i = 0; i < RING - 4; i++)
		KUNIT_EXPECT_EQ(test, dst[(12 + i) % RING],
				src[(20 + i) % RING]);
	KUNIT_EXPECT_EQ(test, dst[8], 0);
}

static struct kunit_case mvgpu_vgpu_cases[] = {
	KUNIT_CASE(mvgpu_test_gtt_range_valid),
	KUNIT_CASE(mvgpu_test_versions),
	KUNIT_CASE(mvgpu_test_ring_copy_plain),
	KUNIT_CASE(mvgpu_test_ring_copy_wraps),
	{}
};

static struct kunit_suite mvgpu_vgpu_mode_suite = {
	.name = "mvgpu_vgpu_mode",
	.test_cases = mvgpu_vgpu_cases,
};

kunit_test_suite(mvgpu_vgpu_mode_suite);
