// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BARs of a vGPU: BAR0's identification and vGPU information blocks
 * (checked against sysfs), scratch registers, read-only registers, 64-bit
 * accesses, and BAR2 through mmap and pread/pwrite: what one VMM leaves in
 * it the next does not see, the mapping cannot be pinned, and bad mappings
 * are refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>

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

static u64 *bar2_map(struct vfio_dev *d, int prot)
{
	void *map = mmap(NULL, d->size[VFIO_PCI_BAR2_REGION_INDEX], prot,
			 MAP_SHARED, d->fd, d->offset[VFIO_PCI_BAR2_REGION_INDEX]);

	return map == MAP_FAILED ? NULL : map;
}

/* Fill all of BAR2 with tag ^ offset, one u64 at a time. */
static int bar2_fill(struct vfio_dev *d, u64 tag)
{
	u64 size = d->size[VFIO_PCI_BAR2_REGION_INDEX];
	u64 *map = bar2_map(d, PROT_READ | PROT_WRITE);
	u64 i;

	if (!map)
		return -errno;
	for (i = 0; i < size / 8; i++)
		map[i] = tag ^ (i * 8);
	return munmap(map, size) ? -errno : 0;
}

/*
 * Offset of the first u64 of BAR2 that is not tag ^ offset (with @offset)
 * or tag; size if none.
 */
static u64 bar2_check_pattern(struct vfio_dev *d, u64 tag, bool offset)
{
	u64 size = d->size[VFIO_PCI_BAR2_REGION_INDEX];
	u64 *map = bar2_map(d, PROT_READ);
	u64 i;

	if (!map)
		return 0;
	for (i = 0; i < size / 8; i++) {
		if (map[i] != (offset ? tag ^ (i * 8) : tag))
			break;
	}
	munmap(map, size);
	return i * 8;
}

static u64 bar2_check(struct vfio_dev *d, u64 tag)
{
	return bar2_check_pattern(d, tag, true);
}

/* Offset of the first non-zero byte of BAR2 read with pread; size if none. */
static u64 bar2_pread_zero(struct vfio_dev *d)
{
	u64 size = d->size[VFIO_PCI_BAR2_REGION_INDEX];
	off_t base = d->offset[VFIO_PCI_BAR2_REGION_INDEX];
	const size_t chunk = 1 << 20;
	u64 off, i;
	u8 *buf = malloc(chunk);

	if (!buf)
		return 0;
	for (off = 0; off < size; off += chunk) {
		if (pread(d->fd, buf, chunk, base + off) != (ssize_t)chunk)
			break;
		for (i = 0; i < chunk && !buf[i]; i++)
			;
		if (i < chunk) {
			off += i;
			break;
		}
	}
	free(buf);
	return off;
}

/*
 * Each vGPU sees its own memory, all of it: two live vGPUs fill their
 * whole BAR2 with different patterns, each reads back only its own.
 */
TEST_F(vgpu, bar2_isolated)
{
	const u64 mine = 0x1111222233334444ull, theirs = 0x5555666677778888ull;
	struct vfio_dev other_dev;
	char other[UUID_LEN];
	int ret;

	ret = vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3], other);
	if (ret == -ENOSPC)
		SKIP(return, "no room for a second vGPU beside %s", self->t->dir);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, vfio_dev_open(&other_dev, other));
	/* Both directions: mine first, then theirs over it, and again. */
	ASSERT_EQ(0, bar2_fill(&self->dev, mine));
	ASSERT_EQ(0, bar2_fill(&other_dev, theirs));
	EXPECT_EQ(self->vram_size, bar2_check(&self->dev, mine));
	ASSERT_EQ(0, bar2_fill(&self->dev, ~mine));
	EXPECT_EQ(other_dev.size[VFIO_PCI_BAR2_REGION_INDEX],
		  bar2_check(&other_dev, theirs));
	EXPECT_EQ(self->vram_size, bar2_check(&self->dev, ~mine));
	vfio_dev_close(&other_dev);
	EXPECT_EQ(0, vgpu_destroy(other));
}

/* What one VMM wrote to BAR2, the next opener of the vGPU reads as zero. */
TEST_F(vgpu, bar2_cleared_for_next_opener)
{
	struct vfio_dev *d = &self->dev;
	u64 val = 0x0123456789abcdefull;
	u64 size = self->vram_size;

	ASSERT_EQ(0, bar2_fill(d, 0xa5a5a5a5a5a5a5a5ull));
	ASSERT_EQ(8, pwrite(d->fd, &val, 8,
			    d->offset[VFIO_PCI_BAR2_REGION_INDEX] + size - 8));
	ASSERT_EQ(0, vgpu_reopen(d, self->uuid));
	EXPECT_EQ(size, bar2_check_pattern(d, 0, false)) TH_LOG("mmap sees old data");
	EXPECT_EQ(size, bar2_pread_zero(d)) TH_LOG("pread sees old data");
}

/*
 * BAR2 is device memory mapped by pfn: get_user_pages() refuses it, so
 * nothing (vmsplice here; io_uring fixed buffers, DMA mappings) can keep a
 * reference to it past the VMM's close.  Ordinary memory works.
 */
TEST_F(vgpu, bar2_not_pinnable)
{
	long page = sysconf(_SC_PAGESIZE);
	struct iovec iov = { .iov_len = page };
	int pipefd[2];
	u64 *map;

	ASSERT_EQ(0, pipe(pipefd));
	iov.iov_base = calloc(1, page);
	ASSERT_NE(NULL, iov.iov_base);
	EXPECT_EQ(page, vmsplice(pipefd[1], &iov, 1, 0)) TH_LOG("%s", strerror(errno));
	free(iov.iov_base);

	map = bar2_map(&self->dev, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, map);
	map[0] = 1;	/* fault it in */
	iov.iov_base = map;
	EXPECT_EQ(-1, vmsplice(pipefd[1], &iov, 1, 0));
	EXPECT_EQ(EFAULT, errno);
	munmap(map, self->vram_size);
	close(pipefd[0]);
	close(pipefd[1]);
}

struct bad_map {
	const char *what;
	unsigned int index;
	u64 offset;	/* in the region */
	u64 len;	/* 0: the region's size */
	int flags;
};

TEST_F(vgpu, bar2_mmap_bad)
{
	struct vfio_dev *d = &self->dev;
	u64 size = self->vram_size, page = sysconf(_SC_PAGESIZE);
	const struct bad_map bad[] = {
		{ "offset at the end", VFIO_PCI_BAR2_REGION_INDEX, size, page, MAP_SHARED },
		{ "offset past the end", VFIO_PCI_BAR2_REGION_INDEX, 2 * size, page, MAP_SHARED },
		{ "length past the end", VFIO_PCI_BAR2_REGION_INDEX, page, size, MAP_SHARED },
		{ "length past the end", VFIO_PCI_BAR2_REGION_INDEX, 0, size + page, MAP_SHARED },
		{ "MAP_PRIVATE", VFIO_PCI_BAR2_REGION_INDEX, 0, 0, MAP_PRIVATE },
		{ "BAR0", VFIO_PCI_BAR0_REGION_INDEX, 0, page, MAP_SHARED },
		{ "config", VFIO_PCI_CONFIG_REGION_INDEX, 0, page, MAP_SHARED },
		{ "BAR4", VFIO_PCI_BAR4_REGION_INDEX, 0, page, MAP_SHARED },
		{ "index 200", 200, 0, page, MAP_SHARED },
		{ "absurd offset", VFIO_PCI_BAR2_REGION_INDEX, 1ull << 50, page, MAP_SHARED },
	};
	/* Regions are spaced evenly in the file, from index 0 at 0. */
	off_t stride = d->offset[VFIO_PCI_BAR2_REGION_INDEX] /
		       VFIO_PCI_BAR2_REGION_INDEX;
	u64 *map;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		off_t off = stride * bad[i].index + bad[i].offset;
		size_t len = bad[i].len ? bad[i].len : size;
		void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, bad[i].flags,
			       d->fd, off);

		int err = errno;

		EXPECT_EQ(MAP_FAILED, p) TH_LOG("%s", bad[i].what);
		EXPECT_EQ(EINVAL, p == MAP_FAILED ? err : EINVAL) TH_LOG("%s", bad[i].what);
		if (p != MAP_FAILED)
			munmap(p, len);
	}
	/* A part of BAR2 maps at its offset. */
	ASSERT_EQ(8, pwrite(d->fd, &size, 8,
			    d->offset[VFIO_PCI_BAR2_REGION_INDEX] + page));
	map = mmap(NULL, page, PROT_READ, MAP_SHARED, d->fd,
		   d->offset[VFIO_PCI_BAR2_REGION_INDEX] + page);
	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(size, map[0]);
	munmap(map, page);
}

TEST_HARNESS_MAIN
