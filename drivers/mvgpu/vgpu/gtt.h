/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The GTT of a vGPU (gtt.c): guest writes to the GTT window of BAR0 are
 * trapped, translated (guest IOVA -> pinned host page -> DMA address) and
 * written into the real GTT at the same index.  The guest owns entries
 * [gtt_base, gtt_base + gtt_count): its GPU VAs are real GPU VAs.
 *
 * Locking: &mvgpu_vgtt.lock protects everything here; it is taken inside
 * &mvgpu_vgpu.lock and the submission lock, never around a wait for the
 * core's engine worker.
 */
#ifndef MVGPU_VGPU_GTT_H
#define MVGPU_VGPU_GTT_H

#include <linux/mutex.h>
#include <linux/types.h>

struct mvgpu_vgpu;
struct vfio_device;

/**
 * struct mvgpu_vgtt - the GTT state of one vGPU
 * @lock: protects the fields below
 * @entries: the value the guest last wrote to each entry of the GTT
 *	window, as it reads back
 * @writes: GTT entry writes trapped (counter, reset per tenant)
 * @invalid: writes that did not reach the real GTT (outside the guest's
 *	range, outside its device memory, unpinnable IOVA)
 * @pinned_pages: guest pages pinned now
 */
struct mvgpu_vgtt {
	struct mutex lock;	/* see the kernel-doc above */
	u64 *entries;
	u64 writes;
	u64 invalid;
	u64 pinned_pages;
};

int mvgpu_vgtt_init(struct mvgpu_vgpu *vgpu);
void mvgpu_vgtt_fini(struct mvgpu_vgpu *vgpu);
void mvgpu_vgtt_reset(struct mvgpu_vgpu *vgpu);
int mvgpu_vgtt_access_locked(struct mvgpu_vgpu *vgpu, u32 off, void *buf,
			     unsigned int count, bool write);
void mvgpu_vgtt_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length);
bool mvgpu_vgtt_range_ok(const struct mvgpu_vgpu *vgpu, u64 va, u64 len);
int mvgpu_vgtt_read(struct mvgpu_vgpu *vgpu, u64 va, void *dst, u32 len);
int mvgpu_vgtt_write(struct mvgpu_vgpu *vgpu, u64 va, const void *src,
		     u32 len);

#endif /* MVGPU_VGPU_GTT_H */
