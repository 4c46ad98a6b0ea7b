// SPDX-License-Identifier: GPL-2.0-only
/*
 * Submission on a vGPU: shadow memory, the host copies of the guest's
 * batches.
 *
 * The command parser reads the guest's batches through the vGPU's GTT
 * (vsub_parse_read), in one pass through the vGPU's stage
 * (mvgpu_vsub_stage()) or in three, into shadows it asks for
 * (vsub_parse_shadow_alloc):
 * vmalloc memory charged to the VMM's memcg, bounded by
 * MVGPU_VSUB_SHADOW_BUDGET, DMA-mapped and given host GTT entries when the
 * parse succeeded (mvgpu_vsub_commit_shadows()).  A shadow the engine is
 * done with goes to the vGPU's pool and is reused as it is; shadows are
 * freed (GTT entries cleared and flushed first) without the submission
 * lock, by mvgpu_vsub_shadows_free().
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <mvgpu/mvgpu_cmd_parser.h>

#include "mvgpu.h"

static struct mvgpu_gpu *vsub_gpu(struct mvgpu_vsub *sub)
{
	return sub->vgpu->gpu->core;
}

static struct device *vsub_dev(struct mvgpu_vsub *sub)
{
	return &vsub_gpu(sub)->gdev->dev;
}

static void shadow_free(struct mvgpu_vsub *sub, struct mvgpu_vsub_shadow *sh)
{
	struct device *dev = vsub_dev(sub);
	u32 i;

	mvgpu_gtt_remove(vsub_gpu(sub), &sh->node);
	for (i = 0; i < sh->mapped; i++)
		dma_unmap_page(dev, sh->dma[i], PAGE_SIZE, DMA_TO_DEVICE);
	kvfree(sh->dma);
	vfree(sh->vaddr);
	kfree(sh);
}

/**
 * mvgpu_vsub_shadows_free() - free shadows no engine reads any more
 * @sub: the vGPU's submission state, its lock not held
 * @dead: the shadows; emptied
 *
 * Their GTT entries are cleared and flushed first.
 */
void mvgpu_vsub_shadows_free(struct mvgpu_vsub *sub, struct list_head *dead)
{
	struct mvgpu_vsub_shadow *sh, *next;
	u64 bytes = 0;

	list_for_each_entry_safe(sh, next, dead, link) {
		list_del(&sh->link);
		bytes += sh->bytes;
		shadow_free(sub, sh);
	}
	if (!bytes)
		return;
	mutex_lock(&sub->lock);
	sub->shadow_bytes -= bytes;
	mutex_unlock(&sub->lock);
}

/* DMA-map a shadow's pages and point its GTT entries at them. */
static int shadow_map(struct mvgpu_vsub *sub, struct mvgpu_vsub_shadow *sh)
{
	struct device *dev = vsub_dev(sub);
	u32 i, pages = sh->bytes / PAGE_SIZE;
	dma_addr_t dma;

	if (sh->dma) {
		/* Reused from the pool: mapped already, written again. */
		for (i = 0; i < sh->mapped; i++)
			dma_sync_single_for_device(dev, sh->dma[i], PAGE_SIZE,
						   DMA_TO_DEVICE);
		return 0;
	}
	sh->dma = kvmalloc_array(pages, sizeof(*sh->dma), GFP_KERNEL_ACCOUNT);
	if (!sh->dma)
		return -ENOMEM;
	for (i = 0; i < pages; i++) {
		dma = dma_map_page(dev, vmalloc_to_page(sh->vaddr + i * PAGE_SIZE),
				   0, PAGE_SIZE, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			return -ENOMEM;
		sh->dma[sh->mapped++] = dma;
		mvgpu_gtt_set(vsub_gpu(sub), sh->node.start + i, dma);
	}
	return 0;
}

static int vsub_parse_read(void *priv, u64 va, void *dst, u32 len)
{
	struct mvgpu_vsub_parse *vp = priv;

	return mvgpu_vgtt_read(vp->sub->vgpu, va, dst, len);
}

static bool vsub_parse_access_ok(void *priv, u64 va, u64 len, bool write)
{
	struct mvgpu_vsub_parse *vp = priv;

	return mvgpu_vgtt_range_ok(vp->sub->vgpu, va, len);
}

/*
 * A shadow of at least @bytes (and not wastefully larger) from the pool of
 * those the engines are done with: mapped in the GTT already, no flush
 * needed to write it again.  When the budget has no room for a new one,
 * the pool is emptied first.
 */
static struct mvgpu_vsub_shadow *vsub_pool_get(struct mvgpu_vsub *sub,
					       u32 bytes)
{
	struct mvgpu_vsub_shadow *sh, *next;

	list_for_each_entry(sh, &sub->pool, link) {
		if (sh->bytes >= bytes && sh->bytes <= 2 * bytes) {
			list_del(&sh->link);
			return sh;
		}
	}
	if (sub->shadow_bytes + bytes <= MVGPU_VSUB_SHADOW_BUDGET)
		return NULL;
	list_for_each_entry_safe(sh, next, &sub->pool, link) {
		list_del(&sh->link);
		sub->shadow_bytes -= sh->bytes;
		shadow_free(sub, sh);
		if (sub->shadow_bytes + bytes <= MVGPU_VSUB_SHADOW_BUDGET)
			break;
	}
	return NULL;
}

/*
 * The parser's shadow_alloc: vmalloc, charged to the VMM, in the GTT; it
 * remembers the guest's address of the batch (@va) for fault addresses.
 */
static u32 *vsub_parse_shadow_alloc(void *priv, u32 dwords, u64 va,
				    u64 *gpu_va)
{
	struct mvgpu_vsub_parse *vp = priv;
	struct mvgpu_vsub *sub = vp->sub;
	struct mvgpu_vsub_shadow *sh;
	u32 bytes;

	BUILD_BUG_ON(PAGE_SIZE != MVGPU_GTT_PAGE_SIZE);
	lockdep_assert_held(&sub->lock);
	if (!dwords || dwords > MVGPU_BATCH_MAX_DWORDS)
		return NULL;
	bytes = PAGE_ALIGN(dwords * 4);
	sh = vsub_pool_get(sub, bytes);
	if (sh)
		goto found;
	if (sub->shadow_bytes + bytes > MVGPU_VSUB_SHADOW_BUDGET)
		return NULL;
	sh = kzalloc(sizeof(*sh), GFP_KERNEL_ACCOUNT);
	if (!sh)
		return NULL;
	sh->vaddr = __vmalloc(bytes, GFP_KERNEL_ACCOUNT);
	if (!sh->vaddr)
		goto free_sh;
	if (mvgpu_gtt_insert(vsub_gpu(sub), &sh->node,
			     bytes / MVGPU_GTT_PAGE_SIZE + 1))
		goto free_mem;
	sh->bytes = bytes;
	sh->gpu_va = sh->node.start * MVGPU_GTT_PAGE_SIZE;
	sub->shadow_bytes += bytes;
found:
	sh->guest_va = va;
	list_add_tail(&sh->link, &vp->shadows);
	*gpu_va = sh->gpu_va;
	return sh->vaddr;

free_mem:
	vfree(sh->vaddr);
free_sh:
	kfree(sh);
	return NULL;
}

/**
 * mvgpu_vsub_stage() - the command parser's stage of a vGPU
 * @sub: the vGPU's submission state, its lock held
 *
 * Allocated at the first call, charged to the VMM's memcg, kept until the
 * VMM closes the vGPU.  With it the parser scans a batch of up to
 * MVGPU_CMD_STAGE_DWORDS in one pass (include/mvgpu/mvgpu_cmd_parser.h).
 *
 * Return: MVGPU_CMD_STAGE_DWORDS dwords, or NULL when there is no memory
 * for them (the parser scans in three passes then).
 */
u32 *mvgpu_vsub_stage(struct mvgpu_vsub *sub)
{
	if (!sub->stage)
		sub->stage = kvmalloc_array(MVGPU_CMD_STAGE_DWORDS, sizeof(u32),
					    GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	return sub->stage;
}

/**
 * mvgpu_vsub_stage_free() - free the parser's stage of a vGPU
 * @sub: the vGPU's submission state, its lock held or no parse possible
 */
void mvgpu_vsub_stage_free(struct mvgpu_vsub *sub)
{
	kvfree(sub->stage);
	sub->stage = NULL;
}

const struct mvgpu_cmd_parser_ops mvgpu_vsub_parser_ops = {
	.read = vsub_parse_read,
	.access_ok = vsub_parse_access_ok,
	.shadow_alloc = vsub_parse_shadow_alloc,
};

/**
 * mvgpu_vsub_commit_shadows() - map a parse's shadows, hand them to @seg
 * @sub: the vGPU's submission state
 * @vp: the parse
 * @seg: the segment whose commands start them
 *
 * Return: 0, or -ENOSPC when a shadow could not be mapped (they stay on
 * the parse's list).
 */
int mvgpu_vsub_commit_shadows(struct mvgpu_vsub *sub,
			      struct mvgpu_vsub_parse *vp,
			      struct mvgpu_vsub_seg *seg)
{
	struct mvgpu_vsub_shadow *sh;

	list_for_each_entry(sh, &vp->shadows, link) {
		if (shadow_map(sub, sh))
			return -ENOSPC;
	}
	list_splice_tail_init(&vp->shadows, &seg->shadows);
	return 0;
}
