// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VFIO device of a vGPU: opening it through its group, the device,
 * region and IRQ information, the error codes of bad requests,
 * DEVICE_RESET, and the mdev removed while a VMM holds the device.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "vgpu_fixture.h"

TEST_F(vgpu, device_info)
{
	struct vfio_device_info *info = &self->dev.info;

	EXPECT_TRUE(info->flags & VFIO_DEVICE_FLAGS_PCI);
	EXPECT_TRUE(info->flags & VFIO_DEVICE_FLAGS_RESET);
	/* vfio-pci's regions and the display region (display.c). */
	EXPECT_EQ(VFIO_PCI_NUM_REGIONS + 1, info->num_regions);
	EXPECT_EQ(VFIO_PCI_NUM_IRQS, info->num_irqs);
}

TEST_F(vgpu, device_info_bad_argsz)
{
	struct vfio_device_info info = { .argsz = 4 };

	EXPECT_EQ(-1, ioctl(self->dev.fd, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

struct region_expect {
	unsigned int index;
	u64 size;		/* ~0: the vGPU's slice of device memory */
	u32 flags;
};

TEST_F(vgpu, region_info)
{
	const u32 rw = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	const struct region_expect want[] = {
		{ VFIO_PCI_BAR0_REGION_INDEX, MVGPU_BAR0_SIZE, rw },
		{ VFIO_PCI_BAR1_REGION_INDEX, 0, 0 },
		{ VFIO_PCI_BAR2_REGION_INDEX, ~0ull, rw | VFIO_REGION_INFO_FLAG_MMAP },
		{ VFIO_PCI_BAR3_REGION_INDEX, 0, 0 },
		{ VFIO_PCI_BAR4_REGION_INDEX, 0, 0 },
		{ VFIO_PCI_BAR5_REGION_INDEX, 0, 0 },
		{ VFIO_PCI_ROM_REGION_INDEX, 0, 0 },
		{ VFIO_PCI_CONFIG_REGION_INDEX, MVGPU_PCI_CFG_SIZE, rw },
		{ VFIO_PCI_VGA_REGION_INDEX, 0, 0 },
	};
	const u32 access = rw | VFIO_REGION_INFO_FLAG_MMAP;
	struct vfio_region_info *info;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		u64 size = want[i].size == ~0ull ? self->vram_size : want[i].size;

		info = vfio_region_info(&self->dev, want[i].index);
		ASSERT_NE(NULL, info) TH_LOG("region %u: %s", want[i].index,
					     strerror(errno));
		EXPECT_EQ(want[i].index, info->index);
		EXPECT_EQ(size, info->size) TH_LOG("region %u size", want[i].index);
		EXPECT_EQ(want[i].flags, info->flags & access)
			TH_LOG("region %u flags %#x", want[i].index, info->flags);
		free(info);
	}
}

TEST_F(vgpu, region_info_bad)
{
	struct vfio_region_info info = {
		.argsz = sizeof(info),
		.index = VFIO_PCI_NUM_REGIONS + 1,
	};

	EXPECT_EQ(-1, ioctl(self->dev.fd, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	info.index = 0xffff;
	EXPECT_EQ(-1, ioctl(self->dev.fd, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	info.index = VFIO_PCI_BAR0_REGION_INDEX;
	info.argsz = 8;
	EXPECT_EQ(-1, ioctl(self->dev.fd, VFIO_DEVICE_GET_REGION_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(vgpu, bar2_sparse_mmap_cap)
{
	struct vfio_region_info_cap_sparse_mmap *sparse;
	struct vfio_info_cap_header *hdr;
	struct vfio_region_info *info;
	u64 covered = 0;
	u32 i;

	info = vfio_region_info(&self->dev, VFIO_PCI_BAR2_REGION_INDEX);
	ASSERT_NE(NULL, info);
	EXPECT_TRUE(info->flags & VFIO_REGION_INFO_FLAG_CAPS);
	hdr = vfio_region_cap(info, VFIO_REGION_INFO_CAP_SPARSE_MMAP);
	ASSERT_NE(NULL, hdr) TH_LOG("BAR2 has no sparse mmap capability");
	sparse = (struct vfio_region_info_cap_sparse_mmap *)hdr;
	ASSERT_LT(0, sparse->nr_areas);
	ASSERT_GE(info->argsz, (char *)&sparse->areas[sparse->nr_areas] - (char *)info);
	/* The areas, in order, must tile the whole BAR. */
	for (i = 0; i < sparse->nr_areas; i++) {
		EXPECT_EQ(covered, sparse->areas[i].offset) TH_LOG("area %u", i);
		covered = sparse->areas[i].offset + sparse->areas[i].size;
	}
	EXPECT_EQ(self->vram_size, covered);
	EXPECT_EQ(self->vram_size, info->size);
	free(info);
}

struct irq_expect {
	unsigned int index;
	u32 count;
	u32 flags;
};

TEST_F(vgpu, irq_info)
{
	const struct irq_expect want[] = {
		{ VFIO_PCI_INTX_IRQ_INDEX, 1, VFIO_IRQ_INFO_EVENTFD |
		  VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED },
		{ VFIO_PCI_MSI_IRQ_INDEX, 1, VFIO_IRQ_INFO_EVENTFD |
		  VFIO_IRQ_INFO_NORESIZE },
		{ VFIO_PCI_MSIX_IRQ_INDEX, 0, 0 },
		{ VFIO_PCI_ERR_IRQ_INDEX, 0, 0 },
		{ VFIO_PCI_REQ_IRQ_INDEX, 1, VFIO_IRQ_INFO_EVENTFD },
	};
	const u32 mask = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
			      VFIO_IRQ_INFO_AUTOMASKED | VFIO_IRQ_INFO_NORESIZE;
	struct vfio_irq_info info;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		ASSERT_EQ(0, vfio_irq_info(&self->dev, want[i].index, &info))
			TH_LOG("IRQ index %u", want[i].index);
		EXPECT_EQ(want[i].count, info.count) TH_LOG("IRQ index %u count",
							    want[i].index);
		if (want[i].count) {
			EXPECT_EQ(want[i].flags, info.flags & mask)
				TH_LOG("IRQ index %u flags %#x", want[i].index, info.flags);
		}
	}
	EXPECT_EQ(-EINVAL, vfio_irq_info(&self->dev, VFIO_PCI_NUM_IRQS, &info));
	info.argsz = 4;
	info.index = 0;
	EXPECT_EQ(-1, ioctl(self->dev.fd, VFIO_DEVICE_GET_IRQ_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(vgpu, unknown_ioctl_enotty)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	EXPECT_EQ(-1, ioctl(self->dev.fd, _IO(VFIO_TYPE, VFIO_BASE + 60), &info));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->dev.fd, _IO('x', 1), &info));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(vgpu, set_irqs_bad)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
		.index = VFIO_PCI_NUM_IRQS,
		.count = 0,
	};
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	EXPECT_EQ(-1, ioctl(self->dev.fd, VFIO_DEVICE_SET_IRQS, &set));
	EXPECT_EQ(EINVAL, errno);
	set.argsz = 4;
	set.index = VFIO_PCI_INTX_IRQ_INDEX;
	EXPECT_EQ(-1, ioctl(self->dev.fd, VFIO_DEVICE_SET_IRQS, &set));
	EXPECT_EQ(EINVAL, errno);
	/* No MSI-X, and only one MSI vector. */
	EXPECT_EQ(-EINVAL, irq_set_eventfd(&self->dev, VFIO_PCI_MSIX_IRQ_INDEX, efd));
	close(efd);
}

TEST_F(vgpu, region_access_bad_offset)
{
	struct vfio_dev *d = &self->dev;
	u32 v;

	/* Past the end of BAR0 and of config space. */
	EXPECT_EQ(-1, pread(d->fd, &v, 4, d->offset[0] + MVGPU_BAR0_SIZE));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(d->fd, &v, 4, d->offset[7] + MVGPU_PCI_CFG_SIZE));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(d->fd, &v, 4, d->offset[7] + MVGPU_PCI_CFG_SIZE));
	EXPECT_EQ(EINVAL, errno);
	/* A region that does not exist, in vfio-pci's index << 40 layout. */
	if (d->offset[VFIO_PCI_CONFIG_REGION_INDEX] ==
	    (u64)VFIO_PCI_CONFIG_REGION_INDEX << 40) {
		EXPECT_EQ(-1, pread(d->fd, &v, 4,
				    (off_t)(VFIO_PCI_NUM_REGIONS + 1) << 40));
		EXPECT_EQ(EINVAL, errno);
	}
}

TEST_F(vgpu, device_reset)
{
	struct vfio_dev *d = &self->dev;
	int i;

	for (i = 0; i < MVGPU_SCRATCH_COUNT; i++)
		ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_SCRATCH(i), 0xa5a50000 + i));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_ENABLE, MVGPU_INT_SOFTWARE));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_SET, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(0xa5a50002, bar0_read32(d, MVGPU_REG_SCRATCH(2)));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, bar0_read32(d, MVGPU_REG_INT_STATUS));

	ASSERT_EQ(0, ioctl(d->fd, VFIO_DEVICE_RESET));
	for (i = 0; i < MVGPU_SCRATCH_COUNT; i++)
		EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_SCRATCH(i))) TH_LOG("SCRATCH%d", i);
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_INT_ENABLE));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_INT_STATUS));
	/* Identification survives. */
	EXPECT_EQ(MVGPU_ID_MAGIC, bar0_read32(d, MVGPU_REG_ID_MAGIC));
	EXPECT_EQ(MVGPU_VINFO_MAGIC_VALUE, bar0_read32(d, MVGPU_VINFO_MAGIC));
}

/*
 * mdev remove while the VMM holds the vGPU: the VMM is asked through the
 * REQ eventfd, the remove waits until it closes the device, then the vGPU
 * is gone and its slices are free again.
 */
TEST_F(vgpu, remove_while_open)
{
	long avail = type_available(MVGPU_GPU0, self->t);
	struct vgpu_remover rm;
	int efd = eventfd_new();

	ASSERT_LE(0, avail);
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, irq_set_eventfd(&self->dev, VFIO_PCI_REQ_IRQ_INDEX, efd));
	ASSERT_EQ(0, vgpu_remove_start(&rm, self->uuid));
	EXPECT_EQ(1, eventfd_wait(efd, 5000)) TH_LOG("no device request");
	/*
	 * Still open: the remove waits (the core asks again every 10 s).
	 * The mdev's sysfs entry is gone already, its slices are not free.
	 */
	usleep(500 * 1000);
	EXPECT_FALSE(vgpu_remove_done(&rm));
	EXPECT_EQ(avail, type_available(MVGPU_GPU0, self->t));
	/* and the VMM keeps using it meanwhile. */
	EXPECT_EQ(0, bar0_write32(&self->dev, MVGPU_REG_SCRATCH(0), 0x1234));
	EXPECT_EQ(0x1234, bar0_read32(&self->dev, MVGPU_REG_SCRATCH(0)));

	vfio_dev_close(&self->dev);
	EXPECT_EQ(0, vgpu_remove_join(&rm));
	EXPECT_FALSE(vgpu_exists(self->uuid));
	EXPECT_EQ(avail + 1, type_available(MVGPU_GPU0, self->t));
	self->uuid[0] = '\0';
	close(efd);
}

TEST_HARNESS_MAIN
