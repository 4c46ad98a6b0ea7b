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
struct page;
struct vfio_device;

/**
 * struct mvgpu_vgtt_pin - the guest page behind one entry of its range
 * @page: the pinned page, or NULL when the entry pins nothing
 * @dma: its DMA address for the GPU
 */
struct mvgpu_vgtt_pin {
	struct page *page;
	dma_addr_t dma;
};

/**
 * struct mvgpu_vgtt - the GTT state of one vGPU
 * @lock: protects the fields below
 * @entries: the value the guest last wrote to each entry of the GTT
 *	window, as it reads back
 * @pins: per entry of the guest's range, the page it pins; allocated at
 *	the first pin
 * @ra_iova: pin-ahead: the guest IOVA of @ra_pages[@ra_head]
 * @ra_index: pin-ahead: the entry expected to map @ra_iova
 * @ra_head: pin-ahead: the first page of @ra_pages not used yet
 * @ra_count: pin-ahead: pages pinned ahead and not used yet
 * @ra_next: pin-ahead: pages to pin ahead next time (doubles, up to 512)
 * @ra_pages: pin-ahead: the pages pinned ahead; allocated with @pins
 * @writes: GTT entry writes trapped (counter, reset per tenant)
 * @invalid: writes that did not reach the real GTT (outside the guest's
 *	range, outside its device memory, unpinnable IOVA)
 * @pinned_pages: guest pages pinned now
 */
struct mvgpu_vgtt {
	struct mutex lock;	/* see the kernel-doc above */
	u64 *entries;
	struct mvgpu_vgtt_pin *pins;
	u64 ra_iova;
	u32 ra_index;
	u32 ra_head;
	u32 ra_count;
	u32 ra_next;
	struct page **ra_pages;
	u64 writes;
	u64 invalid;
	u64 pinned_pages;
};

/**
 * enum mvgpu_vgtt_kind - what a guest's GTT entry asks for
 * @MVGPU_VGTT_INVALID: not VALID: the real entry is invalid
 * @MVGPU_VGTT_SYSTEM: a page of guest memory, at a guest IOVA
 * @MVGPU_VGTT_VRAM: a page of the vGPU's own device memory
 * @MVGPU_VGTT_OUT_OF_RANGE: VALID, but the entry is not the guest's
 * @MVGPU_VGTT_RESERVED: VALID with reserved bits set: not valid
 * @MVGPU_VGTT_OUTSIDE_SLICE: device memory outside the vGPU's slice
 */
enum mvgpu_vgtt_kind {
	MVGPU_VGTT_INVALID,
	MVGPU_VGTT_SYSTEM,
	MVGPU_VGTT_VRAM,
	MVGPU_VGTT_OUT_OF_RANGE,
	MVGPU_VGTT_RESERVED,
	MVGPU_VGTT_OUTSIDE_SLICE,
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
enum mvgpu_vgtt_kind mvgpu_vgtt_decode(const struct mvgpu_vgpu *vgpu,
				       u32 index, u64 entry);
void mvgpu_vgtt_debugfs_init(struct mvgpu_vgpu *vgpu);

#endif /* MVGPU_VGPU_GTT_H */
