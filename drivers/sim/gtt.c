// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GTT of an emulated GPU: how engines reach memory.
 *
 * Entry i maps GPU page i to a page of device memory or, with
 * MVGPU_GTT_SYSTEM, to system memory by its DMA address.  The GPU is a
 * direct-mapped DMA master: a DMA address is a physical address.  Engines
 * touch nothing that no valid entry maps.
 *
 * Invalidation: an engine translates page by page and keeps a translation
 * only until its next stopping point (exec.c: before every command, between
 * the chunks of a long command).  A GTT_FLUSH write marks every engine whose
 * worker runs; each clears its mark at its next stopping point, or when its
 * worker ends, and GTT_FLUSH reads 0 once no mark is left.  Engines that do
 * not run hold no translation and count at once.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/pfn.h>

#include "sim.h"

/**
 * sim_gtt_map() - where a GPU virtual address lives
 * @gpu: the GPU
 * @va: GPU virtual address
 *
 * An entry with reserved bits (11:2) set is not valid.
 *
 * Return: a kernel pointer to @va, valid up to the end of its 4 KiB page,
 * or NULL when no valid entry maps it.
 */
void *sim_gtt_map(struct mvgpu_sim_gpu *gpu, u64 va)
{
	u64 index = va / MVGPU_GTT_PAGE_SIZE;
	u64 off = va % MVGPU_GTT_PAGE_SIZE;
	unsigned long pfn;
	u64 entry, addr;

	if (index >= MVGPU_GPU_GTT_ENTRIES)
		return NULL;
	entry = READ_ONCE(gpu->gtt[index]);
	if (!(entry & MVGPU_GTT_VALID) || entry & MVGPU_GTT_RESERVED)
		return NULL;
	addr = entry & MVGPU_GTT_ADDR_MASK;
	if (!(entry & MVGPU_GTT_SYSTEM)) {
		if (addr >= gpu->gdev.vram_size)
			return NULL;
		return gpu->vram + addr + off;
	}
	pfn = PHYS_PFN(addr);
	if (!pfn_valid(pfn) || PageHighMem(pfn_to_page(pfn)))
		return NULL;
	return page_address(pfn_to_page(pfn)) + off;
}

/**
 * sim_gtt_clear_locked() - make every GTT entry invalid (full reset)
 * @gpu: the GPU
 *
 * Entry by entry, whole: an engine never reads half of one.
 */
void sim_gtt_clear_locked(struct mvgpu_sim_gpu *gpu)
{
	unsigned int i;

	lockdep_assert_held(&gpu->lock);
	for (i = 0; i < MVGPU_GPU_GTT_ENTRIES; i++)
		WRITE_ONCE(gpu->gtt[i], 0);
}

/**
 * sim_gtt_flush_locked() - start a GTT flush (a GTT_FLUSH_REQ write)
 * @gpu: the GPU
 */
void sim_gtt_flush_locked(struct mvgpu_sim_gpu *gpu)
{
	unsigned int i;

	lockdep_assert_held(&gpu->lock);
	for (i = 0; i < MVGPU_NUM_ENGINE_IDS; i++)
		if (gpu->engines[i].running)
			gpu->flush |= BIT(i);
}

/**
 * sim_gtt_flush_status_locked() - what GTT_FLUSH reads
 * @gpu: the GPU
 *
 * Return: MVGPU_GTT_FLUSH_REQ while an engine may still use a translation
 * made before the last flush request, else 0.
 */
u32 sim_gtt_flush_status_locked(struct mvgpu_sim_gpu *gpu)
{
	lockdep_assert_held(&gpu->lock);
	return gpu->flush ? MVGPU_GTT_FLUSH_REQ : 0;
}

/**
 * sim_gtt_flush_passed() - an engine is at a stopping point
 * @eng: the engine; its worker, holding no translation
 *
 * Its translations from now on see every entry written before the flush
 * request: that write came before the mark, which this lock orders before.
 */
void sim_gtt_flush_passed(struct mvgpu_sim_engine *eng)
{
	struct mvgpu_sim_gpu *gpu = eng->gpu;

	spin_lock_irq(&gpu->lock);
	gpu->flush &= ~BIT(eng->id);
	spin_unlock_irq(&gpu->lock);
}
