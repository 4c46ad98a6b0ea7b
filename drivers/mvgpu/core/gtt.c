// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: the host half of the GTT.
 *
 * Entries [MVGPU_HOST_GTT_BASE, + MVGPU_HOST_GTT_COUNT) belong to the host:
 * contexts (rings, status pages, images) and the render node's BOs are
 * mapped there; the lower half is cut into the vGPUs' slices.  Inside a
 * guest the driver owns only its vGPU's entries, [VINFO_GTT_BASE,
 * + VINFO_GTT_COUNT): the allocator covers them and nothing else.  Every range
 * handed out is followed by one guard entry, left invalid, so that a
 * command running off its end faults.  Removing a range writes its entries
 * invalid and flushes (GTT_FLUSH) before the range, and the pages behind
 * it, may be reused (C2).  Once the GPU is removed, entries are no longer
 * written: the GPU was reset and cleared, and a new binding may own them.
 */
#include <linux/sched.h>

#include "core.h"

static void mvgpu_gtt_write(struct mvgpu_gpu *gpu, u64 index, u64 entry)
{
	mvgpu_write64(gpu->gdev, MVGPU_GTT_OFFSET + index * MVGPU_GTT_ENTRY_SIZE,
		      entry);
}

/**
 * mvgpu_gtt_init() - set up the allocator of the driver's GTT entries
 * @gpu: the GPU, being probed, its @gtt_base and @gtt_count read
 *
 * On a vGPU they are VINFO's range (ballooning): nothing outside it is
 * ever handed out, written or cleared.
 */
void mvgpu_gtt_init(struct mvgpu_gpu *gpu)
{
	mutex_init(&gpu->gtt_lock);
	drm_mm_init(&gpu->gtt_mm, gpu->gtt_base, gpu->gtt_count);
}

/**
 * mvgpu_gtt_fini() - stop writing entries; the allocator stays for late frees
 * @gpu: the GPU, being removed, its clients gone
 */
void mvgpu_gtt_fini(struct mvgpu_gpu *gpu)
{
	mutex_lock(&gpu->gtt_lock);
	gpu->gtt_gone = true;
	mutex_unlock(&gpu->gtt_lock);
}

/**
 * mvgpu_gtt_clear() - write GTT entries invalid, then flush
 * @gpu: the GPU
 * @first: first entry
 * @count: entries
 *
 * Return: 0, or -ETIMEDOUT from the flush.
 */
int mvgpu_gtt_clear(struct mvgpu_gpu *gpu, u64 first, u64 count)
{
	u64 i;

	for (i = first; i < first + count; i++) {
		mvgpu_gtt_write(gpu, i, 0);
		if (!(i % 4096))
			cond_resched();
	}
	return mvgpu_gtt_flush(gpu);
}

/**
 * mvgpu_gtt_insert() - reserve host GTT entries
 * @gpu: the GPU
 * @node: zeroed node to fill in
 * @pages: entries needed, the guard entry included
 *
 * Return: 0, or -ENOMEM when the host GTT has no such free range.
 */
int mvgpu_gtt_insert(struct mvgpu_gpu *gpu, struct drm_mm_node *node,
		     u64 pages)
{
	int ret;

	mutex_lock(&gpu->gtt_lock);
	ret = drm_mm_insert_node_generic(&gpu->gtt_mm, node, pages, 0, 0,
					 DRM_MM_INSERT_BEST);
	mutex_unlock(&gpu->gtt_lock);
	return ret == -ENOSPC ? -ENOMEM : ret;
}
EXPORT_SYMBOL_GPL(mvgpu_gtt_insert);

/**
 * mvgpu_gtt_set() - map one page of system memory at a host GTT entry
 * @gpu: the GPU
 * @index: the entry, inside a range from mvgpu_gtt_insert()
 * @dma: DMA address of the page, MVGPU_GTT_PAGE_SIZE aligned
 *
 * Under the GTT lock: a GPU reset keeps the entries and writes them back
 * with that lock held (hang.c), so an entry set meanwhile waits for the
 * reset rather than being lost to it.  Nothing is written once the GPU is
 * gone.
 *
 * Context: may sleep.
 */
void mvgpu_gtt_set(struct mvgpu_gpu *gpu, u64 index, dma_addr_t dma)
{
	mutex_lock(&gpu->gtt_lock);
	if (!gpu->gtt_gone)
		mvgpu_gtt_write(gpu, index,
				dma | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID);
	mutex_unlock(&gpu->gtt_lock);
}
EXPORT_SYMBOL_GPL(mvgpu_gtt_set);

/**
 * mvgpu_gtt_remove() - invalidate and release host GTT entries
 * @gpu: the GPU
 * @node: a node filled in by mvgpu_gtt_insert(), or an unallocated one
 *
 * When it returns no engine can use the entries any more: the pages behind
 * them may be freed.
 */
void mvgpu_gtt_remove(struct mvgpu_gpu *gpu, struct drm_mm_node *node)
{
	u64 i;

	if (!drm_mm_node_allocated(node))
		return;
	mutex_lock(&gpu->gtt_lock);
	if (!gpu->gtt_gone) {
		for (i = 0; i < node->size; i++)
			mvgpu_gtt_write(gpu, node->start + i, 0);
		if (mvgpu_gtt_flush(gpu))
			dev_err_ratelimited(&gpu->gdev->dev,
					    "GTT flush timed out\n");
	}
	drm_mm_remove_node(node);
	mutex_unlock(&gpu->gtt_lock);
}
EXPORT_SYMBOL_GPL(mvgpu_gtt_remove);

/*
 * The vGPUs' half of the GTT (entries below MVGPU_HOST_GTT_BASE): the vGPU
 * mediation writes the entries it translated for its guests, one at a
 * time; the core stays the one writer of the hardware's GTT.
 */

/**
 * mvgpu_gtt_write_entry() - write one entry of the vGPUs' half of the GTT
 * @gpu: the GPU
 * @index: the entry, below MVGPU_HOST_GTT_BASE
 * @entry: its new value (0: invalid)
 *
 * The caller flushes (mvgpu_gtt_flush()) before it reuses what the old
 * value mapped.
 *
 * Return: 0, -EINVAL for an entry of the host's half, -ENODEV once the
 * GPU is gone.
 */
int mvgpu_gtt_write_entry(struct mvgpu_gpu *gpu, u64 index, u64 entry)
{
	int ret = 0;

	if (index >= MVGPU_HOST_GTT_BASE)
		return -EINVAL;
	mutex_lock(&gpu->gtt_lock);
	if (gpu->gtt_gone)
		ret = -ENODEV;
	else
		mvgpu_gtt_write(gpu, index, entry);
	mutex_unlock(&gpu->gtt_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(mvgpu_gtt_write_entry);

/**
 * mvgpu_gtt_read_entry() - read one entry of the vGPUs' half of the GTT
 * @gpu: the GPU
 * @index: the entry, below MVGPU_HOST_GTT_BASE
 *
 * Return: the value the hardware holds; 0 for an entry of the host's half.
 */
u64 mvgpu_gtt_read_entry(struct mvgpu_gpu *gpu, u64 index)
{
	if (index >= MVGPU_HOST_GTT_BASE)
		return 0;
	return mvgpu_read64(gpu->gdev,
			    MVGPU_GTT_OFFSET + index * MVGPU_GTT_ENTRY_SIZE);
}
EXPORT_SYMBOL_GPL(mvgpu_gtt_read_entry);
