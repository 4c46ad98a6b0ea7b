// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GTT of a vGPU.  Skeleton: entries read back as written and never
 * reach the real GTT (the translation and pinning land in step 4).
 */
#include <linux/slab.h>

#include "mvgpu.h"

int mvgpu_vgtt_init(struct mvgpu_vgpu *vgpu)
{
	mutex_init(&vgpu->gtt.lock);
	vgpu->gtt.entries = kvcalloc(MVGPU_GTT_ENTRIES, sizeof(u64),
				     GFP_KERNEL);
	return vgpu->gtt.entries ? 0 : -ENOMEM;
}

void mvgpu_vgtt_fini(struct mvgpu_vgpu *vgpu)
{
	kvfree(vgpu->gtt.entries);
	vgpu->gtt.entries = NULL;
	mutex_destroy(&vgpu->gtt.lock);
}

void mvgpu_vgtt_reset(struct mvgpu_vgpu *vgpu)
{
	if (!vgpu->gtt.entries)
		return;
	mutex_lock(&vgpu->gtt.lock);
	memset(vgpu->gtt.entries, 0, MVGPU_GTT_ENTRIES * sizeof(u64));
	vgpu->gtt.writes = 0;
	vgpu->gtt.invalid = 0;
	mutex_unlock(&vgpu->gtt.lock);
}

int mvgpu_vgtt_access_locked(struct mvgpu_vgpu *vgpu, u32 off, void *buf,
			     unsigned int count, bool write)
{
	u8 *bytes = (u8 *)vgpu->gtt.entries;

	if (!bytes || off >= MVGPU_GTT_SIZE || count > MVGPU_GTT_SIZE - off)
		return -EINVAL;
	mutex_lock(&vgpu->gtt.lock);
	if (write) {
		memcpy(bytes + off, buf, count);
		vgpu->gtt.writes++;
		vgpu->gtt.invalid++;
	} else {
		memcpy(buf, bytes + off, count);
	}
	mutex_unlock(&vgpu->gtt.lock);
	return 0;
}

void mvgpu_vgtt_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
}

bool mvgpu_vgtt_range_ok(const struct mvgpu_vgpu *vgpu, u64 va, u64 len)
{
	u64 base = (u64)vgpu->gtt_base * MVGPU_GTT_PAGE_SIZE;
	u64 size = (u64)vgpu->gtt_count * MVGPU_GTT_PAGE_SIZE;

	return len && va >= base && va - base <= size && len <= size - (va - base);
}

int mvgpu_vgtt_read(struct mvgpu_vgpu *vgpu, u64 va, void *dst, u32 len)
{
	return -EFAULT;
}

int mvgpu_vgtt_write(struct mvgpu_vgpu *vgpu, u64 va, const void *src,
		     u32 len)
{
	return -EFAULT;
}
