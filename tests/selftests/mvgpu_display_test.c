// SPDX-License-Identifier: GPL-2.0-only
/*
 * The display of a vGPU, as QEMU's vfio-pci display=on sees it: a guest
 * programs the plane through BAR0 and maps its surface in its GTT (guest
 * pages mapped with VFIO_IOMMU_MAP_DMA, or device memory written through
 * BAR2); VFIO_DEVICE_QUERY_GFX_PLANE describes the plane and refreshes the
 * display region, which is read with pread() and through mmap() and
 * compared pixel by pixel.  Checked too: the dma-buf probe fails and the
 * region probe succeeds (what QEMU 7.2 relies on), a disabled plane and
 * every kind of invalid value answer "no plane" and PLANE_STATUS.INVALID,
 * an unmapped page in the surface answers "no plane", and the region
 * starts zeroed for the next VMM.
 */
#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "vgpu_fixture.h"
#include "vfio_dma.h"

/* DRM's fourcc codes (drm_fourcc.h), which QEMU maps to pixman formats. */
#define FOURCC(a, b, c, d)	((u32)(a) | (u32)(b) << 8 | (u32)(c) << 16 | \
				 (u32)(d) << 24)
#define DRM_FORMAT_XRGB8888	FOURCC('X', 'R', '2', '4')
#define DRM_FORMAT_RGB565	FOURCC('R', 'G', '1', '6')

#define IOVA_A		0x100000000ULL
#define DISPLAY_REGION	VFIO_PCI_NUM_REGIONS
#define REGION_SIZE	(((MVGPU_PLANE_MAX_WIDTH * MVGPU_PLANE_MAX_HEIGHT * 4) + \
			  4095) & ~4095ULL)

/* The surface the tests show: narrower than its stride, to test packing. */
#define W		200
#define H		48
#define STRIDE		1024

struct plane {
	u32 ctl, format, width, height, stride;
	u64 base;
};

static u32 gtt_base_of(const char *uuid)
{
	u64 v = 0;

	vgpu_attr(uuid, "gtt_base", &v);
	return v;
}

static void plane_set(struct vfio_dev *d, const struct plane *p)
{
	bar0_write32(d, MVGPU_REG_PLANE_CTL, 0);
	bar0_write32(d, MVGPU_REG_PLANE_FORMAT, p->format);
	bar0_write64(d, MVGPU_REG_PLANE_BASE_LO, p->base);
	bar0_write32(d, MVGPU_REG_PLANE_WIDTH, p->width);
	bar0_write32(d, MVGPU_REG_PLANE_HEIGHT, p->height);
	bar0_write32(d, MVGPU_REG_PLANE_STRIDE, p->stride);
	bar0_write32(d, MVGPU_REG_PLANE_CTL, p->ctl);
}

static int query(struct vfio_dev *d, u32 flags,
		 struct vfio_device_gfx_plane_info *info)
{
	memset(info, 0xa5, sizeof(*info));
	info->argsz = sizeof(*info);
	info->flags = flags;
	return ioctl(d->fd, VFIO_DEVICE_QUERY_GFX_PLANE, info);
}

static u64 region_offset(struct vfio_dev *d)
{
	struct vfio_region_info *info = vfio_region_info(d, DISPLAY_REGION);
	u64 off = info ? info->offset : 0;

	free(info);
	return off;
}

/* Pixel (x, y) of the test pattern, @cpp bytes wide. */
static u32 pixel(u32 x, u32 y, u32 seed, unsigned int cpp)
{
	u32 v = (x * 0x9e3779b1u) ^ (y * 0x85ebca6bu) ^ seed;

	return cpp == 4 ? v & 0x00ffffff : v & 0xffff;
}

static void draw(u8 *surf, u32 w, u32 h, u32 stride, unsigned int cpp,
		 u32 seed)
{
	u32 x, y, v;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			v = pixel(x, y, seed, cpp);
			memcpy(surf + (size_t)y * stride + x * cpp, &v, cpp);
		}
}

/* Pixels of @buf (packed) that differ from the pattern; the first logged. */
static u32 compare(struct __test_metadata *_metadata, const u8 *buf, u32 w,
		   u32 h, unsigned int cpp, u32 seed)
{
	u32 x, y, v, bad = 0;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			v = 0;
			memcpy(&v, buf + ((size_t)y * w + x) * cpp, cpp);
			if (v == pixel(x, y, seed, cpp))
				continue;
			if (!bad++)
				TH_LOG("pixel (%u, %u): %#x, want %#x", x, y, v,
				       pixel(x, y, seed, cpp));
		}
	return bad;
}

static bool no_plane(const struct vfio_device_gfx_plane_info *info)
{
	return !info->drm_format && !info->size && !info->width &&
	       !info->height;
}

/* Map @pages pages at IOVA_A into the guest GTT from entry @first. */
static u8 *map_surface(struct __test_metadata *_metadata, struct vfio_dev *d,
		       u32 first, u32 pages)
{
	u8 *mem = vfio_dma_map(d, IOVA_A, (size_t)pages * GTT_PAGE);
	u32 i;

	if (!mem)
		TH_LOG("MAP_DMA: %s", strerror(errno));
	for (i = 0; mem && i < pages; i++)
		if (gtt_write(d, first + i, gtt_system(IOVA_A + i * GTT_PAGE)))
			return NULL;
	return mem;
}

/* The probes QEMU 7.2 makes: dma-buf fails, a region is offered. */
TEST_F(vgpu, probe_and_region_info)
{
	struct vfio_device_gfx_plane_info info;
	struct vfio_region_info *ri;

	EXPECT_EQ(-1, query(&self->dev, VFIO_GFX_PLANE_TYPE_PROBE |
			    VFIO_GFX_PLANE_TYPE_DMABUF, &info));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, query(&self->dev, VFIO_GFX_PLANE_TYPE_DMABUF, &info));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, query(&self->dev, VFIO_GFX_PLANE_TYPE_PROBE |
			   VFIO_GFX_PLANE_TYPE_REGION, &info));
	info.argsz = 8;
	info.flags = VFIO_GFX_PLANE_TYPE_REGION;
	EXPECT_EQ(-1, ioctl(self->dev.fd, VFIO_DEVICE_QUERY_GFX_PLANE, &info));
	EXPECT_EQ(EINVAL, errno);

	ri = vfio_region_info(&self->dev, DISPLAY_REGION);
	ASSERT_NE(NULL, ri);
	EXPECT_EQ(REGION_SIZE, ri->size);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_MMAP,
		  ri->flags);
	free(ri);
	EXPECT_EQ(MVGPU_PLANE_MAX_WIDTH,
		  bar0_read32(&self->dev, MVGPU_REG_PLANE_MAX_WIDTH));
	EXPECT_EQ(MVGPU_PLANE_MAX_HEIGHT,
		  bar0_read32(&self->dev, MVGPU_REG_PLANE_MAX_HEIGHT));
	/* Read-only: a write is dropped. */
	bar0_write32(&self->dev, MVGPU_REG_PLANE_MAX_WIDTH, 5);
	EXPECT_EQ(MVGPU_PLANE_MAX_WIDTH,
		  bar0_read32(&self->dev, MVGPU_REG_PLANE_MAX_WIDTH));
}

/* XRGB8888 in guest pages: pread and mmap of the region show it. */
TEST_F(vgpu, system_pages_xrgb)
{
	struct vfio_dev *d = &self->dev;
	u32 first = gtt_base_of(self->uuid), pages = STRIDE * H / GTT_PAGE;
	struct vfio_device_gfx_plane_info info;
	struct plane p = {
		.ctl = MVGPU_PLANE_ENABLE, .format = MVGPU_FORMAT_XRGB8888,
		.width = W, .height = H, .stride = STRIDE,
		.base = (u64)first * GTT_PAGE,
	};
	u64 off = region_offset(d);
	u8 *mem, *buf, *map;

	ASSERT_NE(0, off);
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	EXPECT_TRUE(no_plane(&info));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_PLANE_STATUS));

	mem = map_surface(_metadata, d, first, pages);
	ASSERT_NE(NULL, mem);
	draw(mem, W, H, STRIDE, 4, 1);
	plane_set(d, &p);
	EXPECT_EQ(MVGPU_PLANE_STATUS_ACTIVE,
		  bar0_read32(d, MVGPU_REG_PLANE_STATUS));
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	EXPECT_EQ(DRM_FORMAT_XRGB8888, info.drm_format);
	EXPECT_EQ(W, info.width);
	EXPECT_EQ(H, info.height);
	EXPECT_EQ(W * 4, info.stride);
	EXPECT_EQ(W * 4 * H, info.size);
	EXPECT_EQ(DISPLAY_REGION, info.region_index);
	EXPECT_EQ(0, info.drm_format_mod);

	buf = malloc(W * 4 * H);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(W * 4 * H, pread(d->fd, buf, W * 4 * H, off));
	EXPECT_EQ(0, compare(_metadata, buf, W, H, 4, 1));

	map = mmap(NULL, REGION_SIZE, PROT_READ, MAP_SHARED, d->fd, off);
	ASSERT_NE(MAP_FAILED, map) TH_LOG("mmap: %s", strerror(errno));
	EXPECT_EQ(0, compare(_metadata, map, W, H, 4, 1));
	/* A new frame: the same mapping shows it after the next query. */
	draw(mem, W, H, STRIDE, 4, 2);
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	EXPECT_EQ(0, compare(_metadata, map, W, H, 4, 2));
	/* Writable or private mappings are refused. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, GTT_PAGE, PROT_READ | PROT_WRITE,
				   MAP_SHARED, d->fd, off));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, REGION_SIZE + GTT_PAGE, PROT_READ,
				   MAP_SHARED, d->fd, off));
	/* The region is read-only. */
	EXPECT_EQ(-1, pwrite(d->fd, buf, 4, off));
	munmap(map, REGION_SIZE);
	free(buf);
}

/* RGB565 in the vGPU's device memory, written through BAR2. */
TEST_F(vgpu, device_memory_rgb565)
{
	struct vfio_dev *d = &self->dev;
	u32 first = gtt_base_of(self->uuid), pages = STRIDE * H / GTT_PAGE;
	struct vfio_device_gfx_plane_info info;
	struct plane p = {
		.ctl = MVGPU_PLANE_ENABLE, .format = MVGPU_FORMAT_RGB565,
		.width = W, .height = H, .stride = STRIDE,
		.base = (u64)(first + 8) * GTT_PAGE,
	};
	u64 vram_base = 0, surf_off = 64 * GTT_PAGE;
	u8 *surf, *buf;
	u32 i;

	ASSERT_EQ(0, vgpu_attr(self->uuid, "vram_base", &vram_base));
	surf = calloc(1, STRIDE * H);
	buf = malloc(W * 2 * H);
	ASSERT_NE(NULL, surf);
	ASSERT_NE(NULL, buf);
	draw(surf, W, H, STRIDE, 2, 3);
	ASSERT_EQ(STRIDE * H,
		  pwrite(d->fd, surf, STRIDE * H,
			 d->offset[VFIO_PCI_BAR2_REGION_INDEX] + surf_off));
	for (i = 0; i < pages; i++)
		ASSERT_EQ(0, gtt_write(d, first + 8 + i,
				       (vram_base + surf_off + i * GTT_PAGE) |
				       MVGPU_GTT_VALID));
	plane_set(d, &p);
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	EXPECT_EQ(DRM_FORMAT_RGB565, info.drm_format);
	EXPECT_EQ(W * 2, info.stride);
	EXPECT_EQ(W * 2 * H, info.size);
	ASSERT_EQ(W * 2 * H, pread(d->fd, buf, W * 2 * H, region_offset(d)));
	EXPECT_EQ(0, compare(_metadata, buf, W, H, 2, 3));
	free(surf);
	free(buf);
}

/* Values that break a rule: no plane, STATUS.INVALID; then valid again. */
TEST_F(vgpu, invalid_values)
{
	struct vfio_dev *d = &self->dev;
	u32 first = gtt_base_of(self->uuid), pages = STRIDE * H / GTT_PAGE;
	u64 count = 0, base = (u64)first * GTT_PAGE;
	struct vfio_device_gfx_plane_info info;
	const struct plane good = {
		.ctl = MVGPU_PLANE_ENABLE, .format = MVGPU_FORMAT_XRGB8888,
		.width = W, .height = H, .stride = STRIDE, .base = base,
	};
	struct plane bad[12];
	unsigned int i, n = 0;
	u8 *mem;

	ASSERT_EQ(0, vgpu_attr(self->uuid, "gtt_count", &count));
	mem = map_surface(_metadata, d, first, pages);
	ASSERT_NE(NULL, mem);
	draw(mem, W, H, STRIDE, 4, 4);

	bad[n] = good, bad[n++].format = 2;
	bad[n] = good, bad[n++].width = 0;
	bad[n] = good, bad[n++].height = 0;
	bad[n] = good, bad[n].width = MVGPU_PLANE_MAX_WIDTH + 1,
		bad[n++].stride = 8192;
	bad[n] = good, bad[n++].height = 0xffffffff;
	bad[n] = good, bad[n++].stride = W * 4 - 64;	/* shorter than a line */
	bad[n] = good, bad[n++].stride = STRIDE + 4;	/* not 64-aligned */
	bad[n] = good, bad[n++].stride = 0xffffffc0;	/* huge */
	bad[n] = good, bad[n++].base = base + 64;	/* not 4 KiB aligned */
	bad[n] = good, bad[n++].base = base - GTT_PAGE;	/* below its range */
	bad[n] = good, bad[n++].base = base + (count - 1) * GTT_PAGE; /* past */
	bad[n] = good, bad[n++].base = ~0ULL << 12;
	for (i = 0; i < n; i++) {
		plane_set(d, &bad[i]);
		EXPECT_EQ(MVGPU_PLANE_STATUS_INVALID,
			  bar0_read32(d, MVGPU_REG_PLANE_STATUS))
			TH_LOG("case %u", i);
		ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
		EXPECT_TRUE(no_plane(&info)) TH_LOG("case %u", i);
	}

	/* Valid, disabled: nothing to show, not invalid. */
	plane_set(d, &good);
	bar0_write32(d, MVGPU_REG_PLANE_CTL, 0);
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_PLANE_STATUS));
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	EXPECT_TRUE(no_plane(&info));

	/* A page of the surface unmapped: no plane; mapped again: shown. */
	plane_set(d, &good);
	ASSERT_EQ(0, gtt_write(d, first + pages / 2, 0));
	EXPECT_EQ(MVGPU_PLANE_STATUS_ACTIVE,
		  bar0_read32(d, MVGPU_REG_PLANE_STATUS));
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	EXPECT_TRUE(no_plane(&info));
	ASSERT_EQ(0, gtt_write(d, first + pages / 2,
			       gtt_system(IOVA_A + pages / 2 * GTT_PAGE)));
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	EXPECT_EQ(DRM_FORMAT_XRGB8888, info.drm_format);
	EXPECT_EQ(W * 4 * H, info.size);
}

/* The next VMM finds a blank region and a disabled plane. */
TEST_F(vgpu, next_tenant)
{
	struct vfio_dev *d = &self->dev;
	u32 first = gtt_base_of(self->uuid), pages = STRIDE * H / GTT_PAGE;
	struct vfio_device_gfx_plane_info info;
	const struct plane good = {
		.ctl = MVGPU_PLANE_ENABLE, .format = MVGPU_FORMAT_XRGB8888,
		.width = W, .height = H, .stride = STRIDE,
		.base = (u64)first * GTT_PAGE,
	};
	u8 *mem, *buf;
	u32 i, nonzero = 0;

	mem = map_surface(_metadata, d, first, pages);
	ASSERT_NE(NULL, mem);
	draw(mem, W, H, STRIDE, 4, 5);
	plane_set(d, &good);
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	ASSERT_EQ(W * 4 * H, info.size);

	ASSERT_EQ(0, vgpu_reopen(d, self->uuid));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_PLANE_CTL));
	ASSERT_EQ(0, query(d, VFIO_GFX_PLANE_TYPE_REGION, &info));
	EXPECT_TRUE(no_plane(&info));
	buf = malloc(W * 4 * H);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(W * 4 * H, pread(d->fd, buf, W * 4 * H, region_offset(d)));
	for (i = 0; i < W * 4 * H; i++)
		nonzero += buf[i] != 0;
	EXPECT_EQ(0, nonzero);
	free(buf);
}

TEST_HARNESS_MAIN
