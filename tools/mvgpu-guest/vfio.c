// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmvguest: VFIO plumbing, shared with the selftests (mvguest_vfio.h).
 *
 * A vGPU is opened the classic way: the container /dev/vfio/vfio, the group
 * /dev/vfio/N named by the mdev's iommu_group link, the type1 IOMMU backend
 * (emulated for mdev), then the device fd by the UUID.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>

#include <mvgpu/mvgpu_hw.h>

#include "mvguest_vfio.h"

#define MDEV_DEVICES_DIR	"/sys/bus/mdev/devices"

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

static int open_group(const char *uuid)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/iommu_group", uuid);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(target));
	n = open(path, O_RDWR | O_CLOEXEC);
	return n < 0 ? -errno : (int)n;
}

static int set_iommu(int container)
{
	if (ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) > 0 &&
	    !ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		return 0;
	if (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))
		return -errno;
	return 0;
}

int vfio_dev_open(struct vfio_dev *d, const char *uuid)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_region_info reg;
	unsigned int i;
	int ret;

	memset(d, 0, sizeof(*d));
	d->group = -1;
	d->fd = -1;

	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		goto err_errno;
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION) {
		ret = -EINVAL;
		goto err;
	}
	d->group = open_group(uuid);
	if (d->group < 0) {
		ret = d->group;
		goto err;
	}
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &status))
		goto err_errno;
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		ret = -EBUSY;
		goto err;
	}
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		goto err_errno;
	ret = set_iommu(d->container);
	if (ret)
		goto err;
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (d->fd < 0)
		goto err_errno;

	d->info.argsz = sizeof(d->info);
	if (ioctl(d->fd, VFIO_DEVICE_GET_INFO, &d->info))
		goto err_errno;
	for (i = 0; i < VFIO_PCI_NUM_REGIONS && i < d->info.num_regions; i++) {
		memset(&reg, 0, sizeof(reg));
		reg.argsz = sizeof(reg);
		reg.index = i;
		if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &reg))
			goto err_errno;
		d->offset[i] = reg.offset;
		d->size[i] = reg.size;
	}
	return 0;

err_errno:
	ret = -errno;
err:
	vfio_dev_close(d);
	return ret;
}

void vfio_dev_close(struct vfio_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	d->fd = -1;
	d->group = -1;
	d->container = -1;
}

/* The region's info with its capability chain; free() it. NULL: errno. */
struct vfio_region_info *vfio_region_info(struct vfio_dev *d, unsigned int index)
{
	struct vfio_region_info *info;
	size_t argsz = sizeof(*info);

	for (;;) {
		info = calloc(1, argsz);
		if (!info)
			return NULL;
		info->argsz = argsz;
		info->index = index;
		if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, info)) {
			int err = errno;

			free(info);
			errno = err;
			return NULL;
		}
		if (info->argsz <= argsz)
			return info;
		argsz = info->argsz;
		free(info);
	}
}

struct vfio_info_cap_header *vfio_region_cap(struct vfio_region_info *info,
					     u16 id)
{
	struct vfio_info_cap_header *hdr;
	u32 off;
	int hops = 0;

	if (!(info->flags & VFIO_REGION_INFO_FLAG_CAPS))
		return NULL;
	for (off = info->cap_offset; off && hops < 16; off = hdr->next, hops++) {
		if (off < sizeof(*info) || off + sizeof(*hdr) > info->argsz)
			return NULL;
		hdr = (struct vfio_info_cap_header *)((char *)info + off);
		if (hdr->id == id)
			return hdr;
	}
	return NULL;
}

int vfio_irq_info(struct vfio_dev *d, unsigned int index,
		  struct vfio_irq_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, info) ? -errno : 0;
}

static int region_rw(struct vfio_dev *d, unsigned int index, bool write,
		     unsigned int off, void *buf, size_t len)
{
	off_t pos = d->offset[index] + off;
	ssize_t n;

	n = write ? pwrite(d->fd, buf, len, pos) : pread(d->fd, buf, len, pos);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int cfg_read(struct vfio_dev *d, unsigned int off, void *buf, size_t len)
{
	return region_rw(d, VFIO_PCI_CONFIG_REGION_INDEX, false, off, buf, len);
}

int cfg_write(struct vfio_dev *d, unsigned int off, const void *buf, size_t len)
{
	return region_rw(d, VFIO_PCI_CONFIG_REGION_INDEX, true, off,
			 (void *)buf, len);
}

/* Config space and BAR0 are little endian, as is the test host. */
u8 cfg_read8(struct vfio_dev *d, unsigned int off)
{
	u8 v = 0xff;

	cfg_read(d, off, &v, sizeof(v));
	return v;
}

u16 cfg_read16(struct vfio_dev *d, unsigned int off)
{
	u16 v = 0xffff;

	cfg_read(d, off, &v, sizeof(v));
	return v;
}

u32 cfg_read32(struct vfio_dev *d, unsigned int off)
{
	u32 v = 0xffffffff;

	cfg_read(d, off, &v, sizeof(v));
	return v;
}

int cfg_write32(struct vfio_dev *d, unsigned int off, u32 val)
{
	return cfg_write(d, off, &val, sizeof(val));
}

int bar0_write(struct vfio_dev *d, unsigned int off, const void *buf,
	       size_t len)
{
	return region_rw(d, VFIO_PCI_BAR0_REGION_INDEX, true, off, (void *)buf,
			 len);
}

int bar0_read(struct vfio_dev *d, unsigned int off, void *buf, size_t len)
{
	return region_rw(d, VFIO_PCI_BAR0_REGION_INDEX, false, off, buf, len);
}

u32 bar0_read32(struct vfio_dev *d, unsigned int off)
{
	u32 v = 0xdeadbeef;

	region_rw(d, VFIO_PCI_BAR0_REGION_INDEX, false, off, &v, sizeof(v));
	return v;
}

u64 bar0_read64(struct vfio_dev *d, unsigned int off)
{
	u64 v = 0xdeadbeefdeadbeefull;

	region_rw(d, VFIO_PCI_BAR0_REGION_INDEX, false, off, &v, sizeof(v));
	return v;
}

int bar0_write32(struct vfio_dev *d, unsigned int off, u32 val)
{
	return region_rw(d, VFIO_PCI_BAR0_REGION_INDEX, true, off, &val, sizeof(val));
}

int bar0_write64(struct vfio_dev *d, unsigned int off, u64 val)
{
	return region_rw(d, VFIO_PCI_BAR0_REGION_INDEX, true, off, &val, sizeof(val));
}

static int set_irqs(struct vfio_dev *d, unsigned int index, u32 flags,
		    u32 count, const void *data, size_t data_len)
{
	char buf[sizeof(struct vfio_irq_set) + sizeof(int)] = { 0 };
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;

	set->argsz = sizeof(*set) + data_len;
	set->flags = flags;
	set->index = index;
	set->start = 0;
	set->count = count;
	if (data_len)
		memcpy(set->data, data, data_len);
	return ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set) ? -errno : 0;
}

int irq_set_eventfd(struct vfio_dev *d, unsigned int index, int efd)
{
	return set_irqs(d, index, VFIO_IRQ_SET_DATA_EVENTFD |
			VFIO_IRQ_SET_ACTION_TRIGGER, 1, &efd, sizeof(efd));
}

int irq_disable(struct vfio_dev *d, unsigned int index)
{
	return set_irqs(d, index, VFIO_IRQ_SET_DATA_NONE |
			VFIO_IRQ_SET_ACTION_TRIGGER, 0, NULL, 0);
}

int irq_action(struct vfio_dev *d, unsigned int index, u32 action,
	       int data_bool)
{
	u8 val = !!data_bool;

	if (data_bool < 0)
		return set_irqs(d, index, VFIO_IRQ_SET_DATA_NONE | action, 1,
				NULL, 0);
	return set_irqs(d, index, VFIO_IRQ_SET_DATA_BOOL | action, 1, &val,
			sizeof(val));
}

/* PCI_MSI_FLAGS and its enable bit (linux/pci_regs.h, not in the uapi). */
#define MSI_FLAGS		2
#define MSI_FLAGS_ENABLE	0x0001

int msi_cap_enable(struct vfio_dev *d, bool on)
{
	unsigned int off = MVGPU_PCI_MSI_CAP + MSI_FLAGS;
	u16 ctrl;
	int ret;

	ret = cfg_read(d, off, &ctrl, sizeof(ctrl));
	if (ret)
		return ret;
	ctrl = on ? ctrl | MSI_FLAGS_ENABLE : ctrl & ~MSI_FLAGS_ENABLE;
	return cfg_write(d, off, &ctrl, sizeof(ctrl));
}

int vfio_dev_dma_map(struct vfio_dev *d, void *vaddr, u64 iova, u64 size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (u64)(uintptr_t)vaddr,
		.iova = iova,
		.size = size,
	};

	return ioctl(d->container, VFIO_IOMMU_MAP_DMA, &map) ? -errno : 0;
}

int vfio_dev_dma_unmap(struct vfio_dev *d, u64 iova, u64 size)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	if (ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
		return -errno;
	/* Less unmapped than asked (a range not mapped as one): an error. */
	return unmap.size == size ? 0 : -EIO;
}

int eventfd_new(void)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* 1 if the eventfd was signalled within timeout_ms (and reset it), 0 if not. */
int eventfd_wait(int efd, int timeout_ms)
{
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	u64 count;
	int ret;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0)
		return -errno;
	if (!ret)
		return 0;
	if (read(efd, &count, sizeof(count)) != sizeof(count))
		return -errno;
	return 1;
}
