/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libmvguest, VFIO layer: what a VMM does with a vGPU before any guest
 * driver runs.  The container /dev/vfio/vfio, the group named by the
 * mdev's iommu_group link, the type1 IOMMU backend (emulated for mdev),
 * the device fd by its UUID; regions, config space, BAR0 accesses, DMA
 * mappings of guest RAM and SET_IRQS eventfds.  The selftests use it too
 * (tests/selftests/lib/mvgpu_test.h includes this header).
 *
 * Functions return 0 or a negative errno unless documented otherwise.
 */
#ifndef MVGUEST_VFIO_H
#define MVGUEST_VFIO_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>
#include <linux/vfio.h>

/* One opened vGPU: container, group and device fds, region layout. */
struct vfio_dev {
	int container;
	int group;
	int fd;
	struct vfio_device_info info;
	__u64 offset[VFIO_PCI_NUM_REGIONS];	/* region offsets */
	__u64 size[VFIO_PCI_NUM_REGIONS];	/* region sizes */
};

int vfio_dev_open(struct vfio_dev *d, const char *uuid);
void vfio_dev_close(struct vfio_dev *d);
/* The region's info with its capability chain; free() it.  NULL: errno. */
struct vfio_region_info *vfio_region_info(struct vfio_dev *d,
					  unsigned int index);
struct vfio_info_cap_header *vfio_region_cap(struct vfio_region_info *info,
					     __u16 id);
int vfio_irq_info(struct vfio_dev *d, unsigned int index,
		  struct vfio_irq_info *info);

/*
 * VFIO_IOMMU_MAP_DMA / UNMAP_DMA: @size bytes of this process at @vaddr
 * become device-visible at @iova (page aligned).  Pages are pinned only
 * when the vGPU pins them (a GTT entry pointing at them), and count
 * against RLIMIT_MEMLOCK then.
 */
int vfio_dev_dma_map(struct vfio_dev *d, void *vaddr, __u64 iova, __u64 size);
int vfio_dev_dma_unmap(struct vfio_dev *d, __u64 iova, __u64 size);

int cfg_read(struct vfio_dev *d, unsigned int off, void *buf, size_t len);
int cfg_write(struct vfio_dev *d, unsigned int off, const void *buf,
	      size_t len);
__u8 cfg_read8(struct vfio_dev *d, unsigned int off);
__u16 cfg_read16(struct vfio_dev *d, unsigned int off);
__u32 cfg_read32(struct vfio_dev *d, unsigned int off);
int cfg_write32(struct vfio_dev *d, unsigned int off, __u32 val);

/* BAR0 accesses: each is one trapped access (reads of a failure: ~0-ish). */
__u32 bar0_read32(struct vfio_dev *d, unsigned int off);
__u64 bar0_read64(struct vfio_dev *d, unsigned int off);
int bar0_write32(struct vfio_dev *d, unsigned int off, __u32 val);
int bar0_write64(struct vfio_dev *d, unsigned int off, __u64 val);
/* @len bytes at once (one pwrite; the vGPU traps 8-byte pieces of it). */
int bar0_write(struct vfio_dev *d, unsigned int off, const void *buf,
	       size_t len);
int bar0_read(struct vfio_dev *d, unsigned int off, void *buf, size_t len);

int irq_set_eventfd(struct vfio_dev *d, unsigned int index, int efd);
int irq_disable(struct vfio_dev *d, unsigned int index);
int irq_action(struct vfio_dev *d, unsigned int index, __u32 action,
	       int data_bool);	/* data_bool < 0: DATA_NONE */
/* Set or clear the enable bit of the MSI capability, as a guest does. */
int msi_cap_enable(struct vfio_dev *d, bool on);
int eventfd_new(void);
int eventfd_wait(int efd, int timeout_ms);	/* 1 fired, 0 timed out */

#endif /* MVGUEST_VFIO_H */
