// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the vGPU register file (BAR0).
 */
#include <kunit/test.h>

#include "../mvgpu.h"

struct mmio_fixture {
	struct mvgpu_parent gpu;
	struct mvgpu_type type;
	struct mvgpu_vgpu vgpu;
};

static int mvgpu_mmio_test_init(struct kunit *test)
{
	struct mmio_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct mvgpu_vgpu *vgpu;

	KUNIT_ASSERT_NOT_NULL(test, f);
	vgpu = &f->vgpu;
	f->gpu.vram_size = 128ULL << 20;
	f->gpu.engines = 2 | 3 << MVGPU_ENGINES_COMPUTE_SHIFT;
	f->type.gpu = &f->gpu;
	f->type.info = &mvgpu_type_table[2];	/* 2 slices */
	vgpu->gpu = &f->gpu;
	vgpu->type = &f->type;
	vgpu->id = 3;
	vgpu->first_slice = 4;
	vgpu->vram_size = 32ULL << 20;
	vgpu->vram_base = 64ULL << 20;
	vgpu->gtt_base = 65536;
	vgpu->gtt_count = 32768;
	KUNIT_ASSERT_EQ(test, mvgpu_mmio_alloc(vgpu), 0);
	KUNIT_ASSERT_EQ(test, mvgpu_vsub_init(vgpu), 0);
	mutex_init(&vgpu->lock);
	mvgpu_irq_init(vgpu);
	mvgpu_cfg_init(&vgpu->cfg, 2, MVGPU_BAR0_SIZE, vgpu->vram_size);
	mutex_lock(&vgpu->lock);
	mvgpu_vgpu_reset_locked(vgpu);
	mutex_unlock(&vgpu->lock);
	test->priv = f;
	return 0;
}

static void mvgpu_mmio_test_exit(struct kunit *test)
{
	struct mmio_fixture *f = test->priv;

	mvgpu_vsub_fini(&f->vgpu);
	mvgpu_mmio_free(&f->vgpu);
}

static struct mvgpu_vgpu *test_vgpu(struct kunit *test)
{
	return &((struct mmio_fixture *)test->priv)->vgpu;
}

/* One BAR0 access under the vGPU lock, as the VFIO path makes it. */
static int bar0_access(struct kunit *test, u64 off, void *buf,
		       unsigned int count, bool write)
{
	struct mvgpu_vgpu *vgpu = test_vgpu(test);
	int ret;

	mutex_lock(&vgpu->lock);
	ret = mvgpu_mmio_access_locked(vgpu, off, buf, count, write);
	mutex_unlock(&vgpu->lock);
	return ret;
}

static u64 rd(struct kunit *test, u64 off, unsigned int count)
{
	__le64 raw = 0;

	KUNIT_EXPECT_EQ(test, bar0_access(test, off, &raw, count, false), 0);
	return le64_to_cpu(raw);
}

static void wr(struct kunit *test, u64 off, u64 val, unsigned int count)
{
	__le64 raw = cpu_to_le64(val);

	KUNIT_EXPECT_EQ(test, bar0_access(test, off, &raw, count, true), 0);
}

static void mvgpu_test_mmio_identification(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ID_MAGIC, 4), MVGPU_ID_MAGIC);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ID_VERSION, 4),
			MVGPU_ID_VERSION);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ID_DEVICE, 4),
			MVGPU_PCI_DEVICE_ID_VGPU);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ID_CAPS, 4),
			MVGPU_CAP_VIRTUAL | MVGPU_CAP_GTT);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_VRAM_SIZE_LO, 8), 32ULL << 20);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_GTT_ENTRIES, 4),
			MVGPU_GTT_ENTRIES);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ENGINES, 4),
			2 | 3 << MVGPU_ENGINES_COMPUTE_SHIFT);
}

static void mvgpu_test_mmio_vinfo(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_MAGIC, 4),
			MVGPU_VINFO_MAGIC_VALUE);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_VERSION, 4),
			MVGPU_VINFO_VERSION_VALUE);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_VGPU_ID, 4), 3);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_SLICES, 4), MVGPU_SLICES / 4);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_VRAM_BASE_LO, 8),
			64ULL << 20);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_VRAM_SIZE_LO, 8),
			32ULL << 20);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_GTT_BASE, 4), 65536);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_GTT_COUNT, 4), 32768);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_WEIGHT, 4), 2);
}

static void mvgpu_test_mmio_read_only(struct kunit *test)
{
	wr(test, MVGPU_REG_ID_MAGIC, 0, 4);
	wr(test, MVGPU_VINFO_VGPU_ID, 0x77, 1);
	wr(test, MVGPU_VINFO_VRAM_BASE_LO, 0, 8);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_ID_MAGIC, 4), MVGPU_ID_MAGIC);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_VGPU_ID, 4), 3);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_VRAM_BASE_LO, 8),
			64ULL << 20);
	/* Unmapped offsets and the (not yet emulated) GTT read as zero. */
	wr(test, 0x8000, 0x1234, 4);
	KUNIT_EXPECT_EQ(test, rd(test, 0x8000, 4), 0);
	wr(test, MVGPU_GTT_OFFSET, ~0ULL, 8);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_GTT_OFFSET, 8), 0);
}

static void mvgpu_test_mmio_scratch_sizes(struct kunit *test)
{
	wr(test, MVGPU_REG_SCRATCH(0), 0x1122334455667788ULL, 8);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_SCRATCH(0), 4), 0x55667788);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_SCRATCH(1), 4), 0x11223344);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_SCRATCH(0) + 1, 1), 0x77);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_SCRATCH(0) + 2, 2), 0x5566);
	wr(test, MVGPU_REG_SCRATCH(0) + 3, 0xaa, 1);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_SCRATCH(0), 4), 0xaa667788);
	wr(test, MVGPU_REG_SCRATCH(1), 0xbeef, 2);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_SCRATCH(0), 8),
			0x1122beefaa667788ULL);
}

static void mvgpu_test_mmio_display_plane(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_GTT_BASE, 4), MVGPU_GTT_OFFSET);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_PLANE_CTL, 4), 0);
	wr(test, MVGPU_REG_PLANE_BASE_LO, 0x0000000100200000ULL, 8);
	wr(test, MVGPU_REG_PLANE_WIDTH, 1024, 4);
	wr(test, MVGPU_REG_PLANE_STRIDE, 4096, 4);
	wr(test, MVGPU_REG_PLANE_CTL, MVGPU_PLANE_ENABLE, 4);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_PLANE_BASE_LO, 8),
			0x0000000100200000ULL);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_PLANE_WIDTH, 4), 1024);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_PLANE_STRIDE, 4), 4096);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_PLANE_CTL, 4),
			MVGPU_PLANE_ENABLE);
}

static void mvgpu_test_mmio_bad_access(struct kunit *test)
{
	u64 traps = test_vgpu(test)->mmio_traps;
	u64 val = 0;

	KUNIT_EXPECT_EQ(test, bar0_access(test, 2, &val, 4, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, bar0_access(test, 4, &val, 8, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, bar0_access(test, 0, &val, 3, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, bar0_access(test, MVGPU_BAR0_SIZE, &val, 4, false),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, bar0_access(test, ~0ULL - 3, &val, 4, false),
			-EINVAL);
	/* Rejected accesses are not traps. */
	KUNIT_EXPECT_EQ(test, test_vgpu(test)->mmio_traps, traps);
}

static void mvgpu_test_mmio_interrupts(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_SET, 4), 0);
	wr(test, MVGPU_REG_INT_SET, MVGPU_INT_SOFTWARE | 1, 4);
	/* Only defined bits latch; the set register reads zero. */
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS, 4),
			MVGPU_INT_SOFTWARE);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_SET, 4), 0);
	wr(test, MVGPU_REG_INT_ENABLE, MVGPU_INT_SOFTWARE, 4);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_ENABLE, 4),
			MVGPU_INT_SOFTWARE);
	/* A byte write to the enable register changes only that byte. */
	wr(test, MVGPU_REG_INT_ENABLE, 0xff, 1);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_ENABLE, 4),
			MVGPU_INT_SOFTWARE | 0xff);

	/* A byte write of zeroes to the W1C status clears nothing. */
	wr(test, MVGPU_REG_INT_STATUS + 3, 0, 1);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS, 4),
			MVGPU_INT_SOFTWARE);
	wr(test, MVGPU_REG_INT_STATUS + 3, MVGPU_INT_SOFTWARE >> 24, 1);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS, 4), 0);
}

/*
 * Engine completions raise sources where sleeping is not allowed, with
 * interrupts off.  The sources show in INT_STATUS and the guest acks them
 * one by one.  Delivery to the eventfds is asserted by the selftests
 * (mvgpu_irq_test: msi_second_source, intx_to_msi_pending): a KUnit case
 * cannot create an eventfd.
 */
static void mvgpu_test_mmio_irq_raise_atomic(struct kunit *test)
{
	struct mvgpu_vgpu *vgpu = test_vgpu(test);
	const u32 engine3 = MVGPU_INT_ENGINE_USER(3);
	unsigned long flags;

	wr(test, MVGPU_REG_INT_ENABLE, MVGPU_VGPU_INT_SOURCES, 4);
	local_irq_save(flags);	/* as a hard interrupt handler runs */
	mvgpu_irq_raise(vgpu, MVGPU_INT_ENGINE_USER(0));
	mvgpu_irq_raise(vgpu, engine3);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS, 4),
			MVGPU_INT_ENGINE_USER(0) | engine3);
	wr(test, MVGPU_REG_INT_STATUS, MVGPU_INT_ENGINE_USER(0), 4);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS, 4), engine3);
	/* A full reset drops what is pending. */
	wr(test, MVGPU_REG_RESET, MVGPU_RESET_FULL, 4);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_STATUS, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_ENABLE, 4), 0);
}

static void mvgpu_test_mmio_reset(struct kunit *test)
{
	struct mvgpu_vgpu *vgpu = test_vgpu(test);
	u64 traps = vgpu->mmio_traps;

	wr(test, MVGPU_REG_SCRATCH(2), 0x5a5a5a5a, 4);
	wr(test, MVGPU_REG_INT_ENABLE, MVGPU_INT_SOFTWARE, 4);
	wr(test, MVGPU_REG_RESET, MVGPU_RESET_FULL, 4);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_SCRATCH(2), 4), 0);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_INT_ENABLE, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_VINFO_MAGIC, 4),
			MVGPU_VINFO_MAGIC_VALUE);
	/* Every access above was a trap and was counted. */
	KUNIT_EXPECT_EQ(test, vgpu->mmio_traps, traps + 6);
}

/* The decode relies on a sorted table: every register must be found. */
/*
 * A GTT flush completes before its write returns (the GPU's GTT is flushed
 * then; this vGPU has no GPU behind it): REQ never reads back, a guest
 * polls for 0.
 */
static void mvgpu_test_mmio_gtt_flush(struct kunit *test)
{
	wr(test, MVGPU_REG_GTT_FLUSH, MVGPU_GTT_FLUSH_REQ, 4);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_GTT_FLUSH, 4), 0);
	wr(test, MVGPU_REG_GTT_FLUSH, 0xffffffff, 4);
	KUNIT_EXPECT_EQ(test, rd(test, MVGPU_REG_GTT_FLUSH, 4), 0);
}

static void mvgpu_test_mmio_table(struct kunit *test)
{
	const struct mvgpu_reg_desc *r, *prev = NULL;
	unsigned int n;

	for (r = mvgpu_reg_table(&n); r->name; prev = r, r++) {
		KUNIT_EXPECT_EQ(test, r->offset % 4, 0u);
		KUNIT_EXPECT_LT(test, r->offset, (unsigned int)MVGPU_MMIO_REGS_SIZE);
		if (prev)
			KUNIT_EXPECT_GT(test, r->offset, prev->offset);
		KUNIT_EXPECT_PTR_EQ(test, mvgpu_reg_find(r->offset), r);
		n--;
	}
	KUNIT_EXPECT_EQ(test, n, 0u);
	KUNIT_EXPECT_NULL(test, mvgpu_reg_find(MVGPU_REG_ID_MAGIC + 2));
	KUNIT_EXPECT_NULL(test, mvgpu_reg_find(0x8000));

	prev = NULL;
	for (r = mvgpu_engine_reg_table(&n); r->name; prev = r, r++) {
		KUNIT_EXPECT_LT(test, r->offset,
				(unsigned int)MVGPU_ENGINE_BLOCK_SIZE);
		if (prev)
			KUNIT_EXPECT_GT(test, r->offset, prev->offset);
		KUNIT_EXPECT_PTR_EQ(test, mvgpu_engine_reg_find(r->offset), r);
		n--;
	}
	KUNIT_EXPECT_EQ(test, n, 0u);
	KUNIT_EXPECT_NULL(test, mvgpu_engine_reg_find(MVGPU_ENG_CONTROL + 4));
}

static struct kunit_case mvgpu_mmio_cases[] = {
	KUNIT_CASE(mvgpu_test_mmio_table),
	KUNIT_CASE(mvgpu_test_mmio_identification),
	KUNIT_CASE(mvgpu_test_mmio_vinfo),
	KUNIT_CASE(mvgpu_test_mmio_read_only),
	KUNIT_CASE(mvgpu_test_mmio_scratch_sizes),
	KUNIT_CASE(mvgpu_test_mmio_display_plane),
	KUNIT_CASE(mvgpu_test_mmio_bad_access),
	KUNIT_CASE(mvgpu_test_mmio_interrupts),
	KUNIT_CASE(mvgpu_test_mmio_irq_raise_atomic),
	KUNIT_CASE(mvgpu_test_mmio_reset),
	KUNIT_CASE(mvgpu_test_mmio_gtt_flush),
	{}
};

static struct kunit_suite mvgpu_mmio_suite = {
	.name = "mvgpu_mmio",
	.init = mvgpu_mmio_test_init,
	.exit = mvgpu_mmio_test_exit,
	.test_cases = mvgpu_mmio_cases,
};

kunit_test_suite(mvgpu_mmio_suite);
