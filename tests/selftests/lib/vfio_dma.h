/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Selftest helpers for a vGPU's GTT: guest memory mapped for DMA in the
 * VFIO container (as QEMU maps guest RAM) with libmvguest's VFIO layer,
 * GTT entries written through BAR0 one at a time or in a burst (the
 * entry: libmvguest's mvg_gtt_system()), and the real GTT as the vGPU's
 * debugfs file "gtt" shows it (what libmvguest, a guest, cannot see).
 * Header-only (static inline), so that a test includes it without a
 * change to the Makefile's library list.
 */
#ifndef MVGPU_VFIO_DMA_H
#define MVGPU_VFIO_DMA_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "mvgpu_test.h"
#include "mvguest.h"

#define GTT_PAGE	MVGPU_GTT_PAGE_SIZE

/*
 * @size bytes of fresh anonymous memory mapped at guest IOVA @iova with
 * libmvguest's vfio_dev_dma_map(); NULL: errno.
 */
static inline void *vfio_dma_map(struct vfio_dev *d, u64 iova, size_t size)
{
	void *mem;
	int err;

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return NULL;
	err = vfio_dev_dma_map(d, mem, iova, size);
	if (err) {
		munmap(mem, size);
		errno = -err;
		return NULL;
	}
	return mem;
}

/* Unmap guest IOVAs [@iova, + @size): 0, or -errno (-EIO: partly). */
static inline int vfio_dma_unmap(struct vfio_dev *d, u64 iova, size_t size)
{
	return vfio_dev_dma_unmap(d, iova, size);
}

static inline unsigned int gtt_off(u32 index)
{
	return MVGPU_GTT_OFFSET + index * MVGPU_GTT_ENTRY_SIZE;
}

static inline int gtt_write(struct vfio_dev *d, u32 index, u64 entry)
{
	return bar0_write64(d, gtt_off(index), entry);
}

static inline u64 gtt_read(struct vfio_dev *d, u32 index)
{
	return bar0_read64(d, gtt_off(index));
}

/* Entries [@first, + @count) in one pwrite(), as a VMM forwards a burst. */
static inline int gtt_write_many(struct vfio_dev *d, u32 first,
				 const u64 *entries, u32 count)
{
	size_t len = (size_t)count * MVGPU_GTT_ENTRY_SIZE;
	ssize_t n;

	n = pwrite(d->fd, entries, len,
		   d->offset[VFIO_PCI_BAR0_REGION_INDEX] + gtt_off(first));
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static inline u64 gtt_system(u64 iova)
{
	return mvg_gtt_system(iova);
}

/*
 * The real GTT in @uuid's range: out[i] = the value of entry @base + i
 * (0 where invalid), from debugfs.  Returns the number of valid entries,
 * or -errno.
 */
static inline int real_gtt(const char *uuid, u32 base, u32 count, u64 *out)
{
	char path[128], line[64];
	unsigned long long index, val;
	int valid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/mvgpu/%s/gtt", uuid);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	memset(out, 0, count * sizeof(*out));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lli %lli", &index, &val) != 2)
			continue;
		valid++;
		if (index >= base && index - base < count)
			out[index - base] = val;
	}
	fclose(f);
	return valid;
}

/* The physical address behind @addr of this process (root), or 0. */
static inline u64 phys_addr_of(const void *addr)
{
	uintptr_t va = (uintptr_t)addr;
	u64 ent = 0;
	int fd;

	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return 0;
	if (pread(fd, &ent, sizeof(ent), va / GTT_PAGE * sizeof(ent)) !=
	    sizeof(ent))
		ent = 0;
	close(fd);
	if (!(ent & (1ULL << 63)))
		return 0;
	return (ent & ((1ULL << 55) - 1)) * GTT_PAGE + va % GTT_PAGE;
}

#endif /* MVGPU_VFIO_DMA_H */
