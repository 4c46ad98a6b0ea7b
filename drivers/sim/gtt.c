// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GTT of an emulated GPU: how engines reach memory.
 *
 * Entry i maps GPU page i to a page of device memory or, with
 * MVGPU_GTT_SYSTEM, to system memory by its DMA address.  The GPU is a
 * direct-mapped DMA master: a DMA address is a physical address.  Engines
 * touch nothing that no valid entry maps.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/pfn.h>

#include "sim.h"

/**
 * sim_gtt_map() - where a GPU virtual address lives
 * @gpu: the GPU
 * @va: GPU virtual address
 * @write: the engine will write (unused: entries have no read-only bit yet)
 *
 * Return: a kernel pointer to @va, valid up to the end of its 4 KiB page,
 * or NULL when no valid entry maps it.
 */
void *sim_gtt_map(struct mvgpu_sim_gpu *gpu, u64 va, bool write)
{
	u64 index = va / MVGPU_GTT_PAGE_SIZE;
	u64 off = va % MVGPU_GTT_PAGE_SIZE;
	unsigned long pfn;
	u64 entry, addr;

	if (index >= MVGPU_GPU_GTT_ENTRIES)
		return NULL;
	entry = READ_ONCE(gpu->gtt[index]);
	if (!(entry & MVGPU_GTT_VALID))
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
