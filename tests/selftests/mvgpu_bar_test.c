// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BARs of a vGPU: BAR0's identification and vGPU information blocks
 * (checked against sysfs), scratch registers, read-only registers, 64-bit
 * accesses, and BAR2 through mmap and pread/pwrite.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "vgpu_fixture.h"

static u64 bar0_read_pair(struct vfio_dev *d, unsigned int lo)
{
	return bar0_read32(d, lo) | (u64)bar0_read32(d, lo + 4) << 32;
}

TEST_F(vgpu, identification)
{
	struct vfio_dev *d = &self->dev;

	EXPECT_EQ(MVGPU_ID_MAGIC, bar0_read32(d, MVGPU_REG_ID_MAGIC));
	EXPECT_EQ(MVGPU_ID_VERSION, bar0_read32(d, MVGPU_REG_ID_VERSION));
	EXPECT_EQ(MVGPU_PCI_DEVICE_ID_VGPU, bar0_read32(d, MVGPU_REG_ID_DEVICE));
	EXPECT_TRUE(bar0_read32(d, MVGPU_REG_ID_CAPS) & MVGPU_CAP_VIRTUAL);
	EXPECT_EQ(self->vram_size, bar0_read_pair(d, MVGPU_REG_VRAM_SIZE_LO));
	EXPECT_EQ(d->size[VFIO_PCI_BAR2_REGION_INDEX],
		  bar0_read_pair(d, MVGPU_REG_VRAM_SIZE_LO));
}

TEST_F(vgpu, vinfo_matches_sysfs)
{
	struct vfio_dev *d = &self->dev;
	u64 v;

	EXPECT_EQ(MVGPU_VINFO_MAGIC_VALUE, bar0_read32(d, MVGPU_VINFO_MAGIC));
	EXPECT_EQ(MVGPU_VINFO_VERSION_VALUE, bar0_read32(d, MVGPU_VINFO_VERSION));

	ASSERT_EQ(0, vgpu_attr(self->uuid, "vgpu_id", &v));
	EXPECT_LT(0ULL, v);
	EXPECT_EQ(v, bar0_read32(d, MVGPU_VINFO_VGPU_ID));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "slices", &v));
	EXPECT_EQ((u64)self->t->slices, v);
	EXPECT_EQ(v, bar0_read32(d, MVGPU_VINFO_SLICES));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "vram_base", &v));
	EXPECT_EQ(v, bar0_read_pair(d, MVGPU_VINFO_VRAM_BASE_LO));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "vram_size", &v));
	EXPECT_EQ(v, bar0_read_pair(d, MVGPU_VINFO_VRAM_SIZE_LO));
	EXPECT_EQ(self->vram_size, v);
	ASSERT_EQ(0, vgpu_attr(self->uuid, "gtt_base", &v));
	EXPECT_EQ(v, bar0_read32(d, MVGPU_VINFO_GTT_BASE));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "gtt_count", &v));
	EXPECT_EQ(v, bar0_read32(d, MVGPU_VINFO_GTT_COUNT));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "weight", &v));
	EXPECT_EQ(v, bar0_read32(d, MVGPU_VINFO_WEIGHT));
}

/* A second vGPU on the same GPU gets another vgpu_id. */
TEST_F(vgpu, vgpu_id_unique)
{
	char other[UUID_LEN];
	u64 id;
	int ret;

	ret = vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3], other);
	if (ret == -ENOSPC)
		SKIP(return, "no room for a second vGPU beside %s", self->t->dir);
	ASSERT_EQ(0, ret);
	EXPECT_EQ(0, vgpu_attr(other, "vgpu_id", &id));
	EXPECT_NE(id, bar0_read32(&self->dev, MVGPU_VINFO_VGPU_ID));
	EXPECT_EQ(0, vgpu_destroy(other));
}

TEST_F(vgpu, scratch_read_write)
{
	static const u32 patterns[] = { 0, 0xffffffff, 0x12345678, 0xa5a5a5a5 };
	struct vfio_dev *d = &self->dev;
	unsigned int i, p;

	for (p = 0; p < ARRAY_SIZE(patterns); p++) {
		for (i = 0; i < MVGPU_SCRATCH_COUNT; i++)
			ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_SCRATCH(i), patterns[p] ^ i));
		for (i = 0; i < MVGPU_SCRATCH_COUNT; i++) {
			EXPECT_EQ(patterns[p] ^ i, bar0_read32(d, MVGPU_REG_SCRATCH(i)))
				TH_LOG("SCRATCH%u pattern %#x", i, patterns[p]);
		}
	}
}

TEST_F(vgpu, access_64bit)
{
	struct vfio_dev *d = &self->dev;

	ASSERT_EQ(0, bar0_write64(d, MVGPU_REG_SCRATCH(0), 0x0123456789abcdefull));
	EXPECT_EQ(0x89abcdef, bar0_read32(d, MVGPU_REG_SCRATCH(0)));
	EXPECT_EQ(0x01234567, bar0_read32(d, MVGPU_REG_SCRATCH(1)));
	EXPECT_EQ(0x0123456789abcdefull, bar0_read64(d, MVGPU_REG_SCRATCH(0)));
	EXPECT_EQ((u64)MVGPU_ID_VERSION << 32 | MVGPU_ID_MAGIC,
		  bar0_read64(d, MVGPU_REG_ID_MAGIC));
	EXPECT_EQ(self->vram_size, bar0_read64(d, MVGPU_REG_VRAM_SIZE_LO));
}

TEST_F(vgpu, read_only_ignore_writes)
{
	static const unsigned int ro[] = {
		MVGPU_REG_ID_MAGIC, MVGPU_REG_ID_VERSION, MVGPU_REG_ID_DEVICE,
		MVGPU_REG_ID_CAPS, MVGPU_REG_VRAM_SIZE_LO, MVGPU_REG_VRAM_SIZE_HI,
		MVGPU_REG_GTT_ENTRIES, MVGPU_REG_ENGINES, MVGPU_VINFO_MAGIC,
		MVGPU_VINFO_VERSION, MVGPU_VINFO_VGPU_ID, MVGPU_VINFO_SLICES,
		MVGPU_VINFO_VRAM_BASE_LO, MVGPU_VINFO_VRAM_BASE_HI,
		MVGPU_VINFO_VRAM_SIZE_LO, MVGPU_VINFO_VRAM_SIZE_HI,
		MVGPU_VINFO_GTT_BASE, MVGPU_VINFO_GTT_COUNT, MVGPU_VINFO_WEIGHT,
	};
	struct vfio_dev *d = &self->dev;
	u32 before;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ro); i++) {
		before = bar0_read32(d, ro[i]);
		EXPECT_EQ(0, bar0_write32(d, ro[i], ~before)) TH_LOG("write %#x", ro[i]);
		EXPECT_EQ(before, bar0_read32(d, ro[i])) TH_LOG("register %#x", ro[i]);
	}
}

TEST_F(vgpu, bar2_mmap_coherent)
{
	struct vfio_dev *d = &self->dev;
	u64 size = d->size[VFIO_PCI_BAR2_REGION_INDEX];
	off_t base = d->offset[VFIO_PCI_BAR2_REGION_INDEX];
	u64 offs[] = { 0, 4096, size / 2 + 8, size - 8 };
	u64 val, got;
	u64 *map;
	size_t i;

	ASSERT_EQ(self->vram_size, size);
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd, base);
	ASSERT_NE(MAP_FAILED, map) TH_LOG("mmap BAR2: %s", strerror(errno));

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		/* Through the mapping, read back with pread. */
		val = 0x5a5a000000000000ull | offs[i];
		__atomic_store_n(&map[offs[i] / 8], val, __ATOMIC_SEQ_CST);
		got = 0;
		EXPECT_EQ(8, pread(d->fd, &got, 8, base + offs[i]));
		EXPECT_EQ(val, got) TH_LOG("mmap write, pread at %#llx",
					   (unsigned long long)offs[i]);
		/* With pwrite, read back through the mapping. */
		val = ~val;
		EXPECT_EQ(8, pwrite(d->fd, &val, 8, base + offs[i]));
		got = __atomic_load_n(&map[offs[i] / 8], __ATOMIC_SEQ_CST);
		EXPECT_EQ(val, got) TH_LOG("pwrite, mmap read at %#llx",
					   (unsigned long long)offs[i]);
	}
	EXPECT_EQ(0, munmap(map, size));
}

/* Each vGPU sees its own memory: what one writes, another does not read. */
TEST_F(vgpu, bar2_isolated)
{
	struct vfio_dev other_dev;
	char other[UUID_LEN];
	u64 mine = 0x1111222233334444ull, theirs = 0, zero = 0;
	int ret;

	ret = vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3], other);
	if (ret == -ENOSPC)
		SKIP(return, "no room for a second vGPU beside %s", self->t->dir);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, vfio_dev_open(&other_dev, other));
	ASSERT_EQ(8, pwrite(self->dev.fd, &mine, 8,
			    self->dev.offset[VFIO_PCI_BAR2_REGION_INDEX]));
	ASSERT_EQ(8, pwrite(other_dev.fd, &zero, 8,
			    other_dev.offset[VFIO_PCI_BAR2_REGION_INDEX]));
	EXPECT_EQ(8, pread(self->dev.fd, &theirs, 8,
			   self->dev.offset[VFIO_PCI_BAR2_REGION_INDEX]));
	EXPECT_EQ(mine, theirs);
	vfio_dev_close(&other_dev);
	EXPECT_EQ(0, vgpu_destroy(other));
}

TEST_HARNESS_MAIN
