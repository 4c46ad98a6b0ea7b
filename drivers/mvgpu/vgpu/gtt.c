// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GTT of a vGPU: trap, translate, pin.
 *
 * The guest owns entries [gtt_base, gtt_base + gtt_count) of the GPU's
 * real GTT, and its GPU VAs are real GPU VAs (ballooning, as GVT-g does).
 * Every guest write to the GTT window of BAR0 lands here, under the vGPU
 * lock; the value is kept as written (it reads back so) and translated:
 *
 * - VALID | SYSTEM: the address bits are a guest IOVA.  The page is pinned
 *   with vfio_pin_pages(), DMA-mapped for the GPU, and the real entry at
 *   the same index gets its DMA address.
 * - VALID, device memory: the address must lie in the vGPU's slice
 *   [vram_base, vram_base + vram_size); the real entry gets it unchanged.
 * - anything else leaves the real entry invalid.  A VALID entry that does
 *   not reach the real GTT (outside the guest's range, reserved bits,
 *   outside its slice, an IOVA that cannot be pinned) counts in
 *   &mvgpu_vgtt.invalid.  Entries outside the range never reach the GPU.
 *
 * Every write takes effect at once, whatever its size, with the value the
 * entry holds after it: a 4-byte write reaches one half of the entry, as on
 * the GPU, so a guest that writes an entry as two dwords maps, for a
 * moment, the page that the new low half and the old high half name.
 * Writing an entry with the value it holds changes nothing.
 *
 * When a guest write changes a real entry that mapped something, the GTT
 * is flushed before the write completes, so that no engine uses the old
 * translation any more: a vGPU's GTT_FLUSH has nothing left to wait for.
 * A page is unpinned only after its real entry was cleared (or replaced)
 * and a GTT flush (mvgpu_gtt_flush()) guarantees that no engine can still
 * reach it: on overwrite, on the VFIO dma_unmap callback (every pinned page
 * of the range, or type1 BUGs), and on reset, which also runs at open and
 * close (a VMM killed mid-workload leaves nothing pinned).  The real GTT is
 * written only through the core (mvgpu_gtt_write_entry()).
 *
 * Large mappings: a guest that maps a buffer writes its entries in order,
 * with consecutive IOVAs.  When a write continues such a run, the pages of
 * the entries that would continue it are pinned ahead, with one
 * vfio_pin_pages() call for up to 512 of them (the run's length so far,
 * doubling), and the next writes of the run take them without a call.
 * Pages pinned ahead are in no GTT entry; they count in pinned_pages and
 * are released at the first write that does not continue the run, at any
 * read of the GTT window, at a dma_unmap and at reset.
 */
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/iommu.h>
#include <linux/lockdep.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "mvgpu.h"

static_assert(PAGE_SIZE == MVGPU_GTT_PAGE_SIZE);

/* Pages per vfio_pin_pages() call at most (VFIO_PIN_PAGES_MAX_ENTRIES). */
#define VGTT_PIN_BATCH		512
#define VGTT_PROT		(IOMMU_READ | IOMMU_WRITE)

static struct device *vgtt_dma_dev(struct mvgpu_vgpu *vgpu)
{
	return &vgpu->gpu->gdev->dev;
}

static u64 vgtt_addr(u64 entry)
{
	return entry & MVGPU_GTT_ADDR_MASK;
}

/**
 * mvgpu_vgtt_decode() - what a guest's GTT entry asks for
 * @vgpu: the vGPU
 * @index: the entry, in the GTT window
 * @entry: the value the guest wrote
 *
 * Return: its &enum mvgpu_vgtt_kind.
 */
enum mvgpu_vgtt_kind mvgpu_vgtt_decode(const struct mvgpu_vgpu *vgpu,
				       u32 index, u64 entry)
{
	u64 addr = vgtt_addr(entry);

	if (!(entry & MVGPU_GTT_VALID))
		return MVGPU_VGTT_INVALID;
	if (index < vgpu->gtt_base || index - vgpu->gtt_base >= vgpu->gtt_count)
		return MVGPU_VGTT_OUT_OF_RANGE;
	if (entry & MVGPU_GTT_RESERVED)
		return MVGPU_VGTT_RESERVED;
	if (entry & MVGPU_GTT_SYSTEM)
		return MVGPU_VGTT_SYSTEM;
	if (addr < vgpu->vram_base || addr - vgpu->vram_base >= vgpu->vram_size)
		return MVGPU_VGTT_OUTSIDE_SLICE;
	return MVGPU_VGTT_VRAM;
}

static void vgtt_count_pinned(struct mvgpu_vgtt *gtt, s64 pages)
{
	WRITE_ONCE(gtt->pinned_pages, gtt->pinned_pages + pages);
}

static void vgtt_real_write(struct mvgpu_vgpu *vgpu, u32 index, u64 entry)
{
	mvgpu_gtt_write_entry(vgpu->gpu->core, index, entry);
}

/* After clearing real entries: wait until no engine can reach their pages. */
static void vgtt_flush(struct mvgpu_vgpu *vgpu)
{
	if (mvgpu_gtt_flush(vgpu->gpu->core))
		dev_err_ratelimited(&vgpu->mdev->dev,
				    "GTT flush timed out: unpinning anyway\n");
}

/*
 * Unpinning in runs of consecutive IOVAs: one vfio_unpin_pages() call for
 * up to VGTT_PIN_BATCH pages.
 */
struct vgtt_unpin_run {
	u64 iova;
	unsigned int count;
};

static void vgtt_unpin_end(struct mvgpu_vgpu *vgpu, struct vgtt_unpin_run *run)
{
	if (!run->count)
		return;
	vfio_unpin_pages(&vgpu->vdev, run->iova, run->count);
	vgtt_count_pinned(&vgpu->gtt, -(s64)run->count);
	run->count = 0;
}

static void vgtt_unpin_add(struct mvgpu_vgpu *vgpu, struct vgtt_unpin_run *run,
			   u64 iova)
{
	if (run->count && (run->count == VGTT_PIN_BATCH ||
			   iova != run->iova + (u64)run->count * PAGE_SIZE))
		vgtt_unpin_end(vgpu, run);
	if (!run->count)
		run->iova = iova;
	run->count++;
}

/* Release pages pinned ahead: no GTT entry maps them, no flush needed. */
static void vgtt_ra_drop(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;

	if (gtt->ra_count) {
		vfio_unpin_pages(&vgpu->vdev, gtt->ra_iova, gtt->ra_count);
		vgtt_count_pinned(gtt, -(s64)gtt->ra_count);
	}
	gtt->ra_count = 0;
	gtt->ra_next = 2;
}

/* The next page pinned ahead is used. */
static struct page *vgtt_ra_take(struct mvgpu_vgtt *gtt)
{
	struct page *page = gtt->ra_pages[gtt->ra_head++];

	gtt->ra_count--;
	gtt->ra_iova += PAGE_SIZE;
	gtt->ra_index++;
	return page;
}

static int vgtt_alloc_pins(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;

	if (gtt->pins)
		return 0;
	gtt->ra_pages = kcalloc(VGTT_PIN_BATCH, sizeof(*gtt->ra_pages),
				GFP_KERNEL);
	gtt->pins = kvcalloc(vgpu->gtt_count, sizeof(*gtt->pins), GFP_KERNEL);
	if (gtt->pins && gtt->ra_pages)
		return 0;
	kvfree(gtt->pins);
	kfree(gtt->ra_pages);
	gtt->pins = NULL;
	gtt->ra_pages = NULL;
	return -ENOMEM;
}

/* Does entry @index continue a run that ends at @iova - PAGE_SIZE? */
static bool vgtt_continues_run(struct mvgpu_vgpu *vgpu, u32 index, u64 iova)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;
	u32 i = index - vgpu->gtt_base;

	return i && gtt->pins[i - 1].page && iova &&
	       vgtt_addr(gtt->entries[index - 1]) == iova - PAGE_SIZE;
}

/*
 * The page of guest IOVA @iova, for entry @index: taken from the pages
 * pinned ahead, or pinned now, with the pages of the entries that would
 * continue the run when it continues one.
 */
static int vgtt_get_page(struct mvgpu_vgpu *vgpu, u32 index, u64 iova,
			 struct page **page)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;
	u32 count = 1;
	int ret;

	if (gtt->ra_count && gtt->ra_index == index && gtt->ra_iova == iova) {
		*page = vgtt_ra_take(gtt);
		return 0;
	}
	if (gtt->ra_count || !vgtt_continues_run(vgpu, index, iova)) {
		vgtt_ra_drop(vgpu);
	} else {
		count = min3(gtt->ra_next, (u32)VGTT_PIN_BATCH,
			     vgpu->gtt_base + vgpu->gtt_count - index);
		gtt->ra_next = min_t(u32, gtt->ra_next * 2, VGTT_PIN_BATCH);
	}
	ret = vfio_pin_pages(&vgpu->vdev, iova, count, VGTT_PROT,
			     gtt->ra_pages);
	if (ret != count && count > 1) {
		/* Past the end of the guest's mapping, or its memlock limit. */
		if (ret > 0)
			vfio_unpin_pages(&vgpu->vdev, iova, ret);
		gtt->ra_next = 2;
		count = 1;
		ret = vfio_pin_pages(&vgpu->vdev, iova, 1, VGTT_PROT,
				     gtt->ra_pages);
	}
	if (ret != count)
		return ret < 0 ? ret : -EFAULT;
	vgtt_count_pinned(gtt, count);
	gtt->ra_head = 0;
	gtt->ra_count = count;
	gtt->ra_iova = iova;
	gtt->ra_index = index;
	*page = vgtt_ra_take(gtt);
	return 0;
}

/* Pin and DMA-map the guest page of @iova for entry @index. */
static int vgtt_pin(struct mvgpu_vgpu *vgpu, u32 index, u64 iova,
		    struct mvgpu_vgtt_pin *pin)
{
	struct device *dev = vgtt_dma_dev(vgpu);
	struct page *page;
	dma_addr_t dma;
	int ret;

	ret = vgtt_alloc_pins(vgpu);
	if (ret)
		return ret;
	ret = vgtt_get_page(vgpu, index, iova, &page);
	if (ret)
		return ret;
	dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, dma)) {
		vfio_unpin_pages(&vgpu->vdev, iova, 1);
		vgtt_count_pinned(&vgpu->gtt, -1);
		return -ENOMEM;
	}
	pin->page = page;
	pin->dma = dma;
	return 0;
}

/*
 * The real entry for guest entry @index holding @entry, pinning what it
 * maps into *@pin; 0 when the real entry stays invalid.
 */
static u64 vgtt_translate(struct mvgpu_vgpu *vgpu, u32 index, u64 entry,
			  struct mvgpu_vgtt_pin *pin)
{
	switch (mvgpu_vgtt_decode(vgpu, index, entry)) {
	case MVGPU_VGTT_SYSTEM:
		if (vgtt_pin(vgpu, index, vgtt_addr(entry), pin))
			return 0;
		return pin->dma | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID;
	case MVGPU_VGTT_VRAM:
		return vgtt_addr(entry) | MVGPU_GTT_VALID;
	default:
		return 0;
	}
}

static bool vgtt_in_range(const struct mvgpu_vgpu *vgpu, u32 index)
{
	return index >= vgpu->gtt_base &&
	       index - vgpu->gtt_base < vgpu->gtt_count;
}

/* Does the real entry of @index hold what the guest's value asks for? */
static bool vgtt_live(struct mvgpu_vgpu *vgpu, u32 index)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;

	switch (mvgpu_vgtt_decode(vgpu, index, gtt->entries[index])) {
	case MVGPU_VGTT_SYSTEM:
		return gtt->pins && gtt->pins[index - vgpu->gtt_base].page;
	case MVGPU_VGTT_VRAM:
		return true;
	default:
		return false;
	}
}

static void vgtt_release_pin(struct mvgpu_vgpu *vgpu,
			     struct mvgpu_vgtt_pin *pin)
{
	dma_unmap_page(vgtt_dma_dev(vgpu), pin->dma, PAGE_SIZE,
		       DMA_BIDIRECTIONAL);
	pin->page = NULL;
}

/* The guest wrote @entry to entry @index of its GTT window. */
static void vgtt_update_locked(struct mvgpu_vgpu *vgpu, u32 index, u64 entry)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;
	struct mvgpu_vgtt_pin pin = {}, old;
	u64 old_entry = gtt->entries[index];
	bool was_live = vgtt_live(vgpu, index);
	u64 real;
	u32 i;

	WRITE_ONCE(gtt->writes, gtt->writes + 1);
	if (entry == old_entry && (was_live || !(entry & MVGPU_GTT_VALID)))
		return;
	gtt->entries[index] = entry;
	if (!vgtt_in_range(vgpu, index)) {
		if (entry & MVGPU_GTT_VALID)
			WRITE_ONCE(gtt->invalid, gtt->invalid + 1);
		return;
	}
	real = vgtt_translate(vgpu, index, entry, &pin);
	if (!real && (entry & MVGPU_GTT_VALID))
		WRITE_ONCE(gtt->invalid, gtt->invalid + 1);
	vgtt_real_write(vgpu, index, real);
	/* The guest's GTT_FLUSH completes at once: flush every change here. */
	if (was_live)
		vgtt_flush(vgpu);

	i = index - vgpu->gtt_base;
	if (!gtt->pins)
		return;
	old = gtt->pins[i];
	gtt->pins[i] = pin;
	if (!old.page)
		return;
	vgtt_release_pin(vgpu, &old);
	vfio_unpin_pages(&vgpu->vdev, vgtt_addr(old_entry), 1);
	vgtt_count_pinned(gtt, -1);
}

/*
 * Clear the real entries of the guest's range whose guest value is in
 * device memory (when @vram) or pins a page of guest IOVA [@iova, + @len),
 * flush, and unpin those pages.
 */
static void vgtt_drop_locked(struct mvgpu_vgpu *vgpu, u64 iova, u64 len,
			     bool vram)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;
	struct vgtt_unpin_run run = {};
	bool cleared = false, pinned = false;
	u32 i, index;
	u64 addr;

	lockdep_assert_held(&gtt->lock);
	vgtt_ra_drop(vgpu);
	for (i = 0; i < vgpu->gtt_count; i++) {
		index = vgpu->gtt_base + i;
		addr = vgtt_addr(gtt->entries[index]);
		if (gtt->pins && gtt->pins[i].page && addr - iova < len) {
			pinned = true;
		} else if (!vram || mvgpu_vgtt_decode(vgpu, index,
						      gtt->entries[index]) !=
				    MVGPU_VGTT_VRAM) {
			continue;
		}
		vgtt_real_write(vgpu, index, 0);
		cleared = true;
	}
	if (cleared)
		vgtt_flush(vgpu);
	for (i = 0; pinned && i < vgpu->gtt_count; i++) {
		addr = vgtt_addr(gtt->entries[vgpu->gtt_base + i]);
		if (!gtt->pins[i].page || addr - iova >= len)
			continue;
		vgtt_release_pin(vgpu, &gtt->pins[i]);
		vgtt_unpin_add(vgpu, &run, addr);
		if (!(i % 4096))
			cond_resched();
	}
	vgtt_unpin_end(vgpu, &run);
}

/**
 * mvgpu_vgtt_init() - allocate a vGPU's GTT state
 * @vgpu: the vGPU, before its range is known
 *
 * Return: 0 or -ENOMEM.
 */
int mvgpu_vgtt_init(struct mvgpu_vgpu *vgpu)
{
	mutex_init(&vgpu->gtt.lock);
	vgpu->gtt.ra_next = 2;
	vgpu->gtt.entries = kvcalloc(MVGPU_GTT_ENTRIES, sizeof(u64),
				     GFP_KERNEL);
	return vgpu->gtt.entries ? 0 : -ENOMEM;
}

/**
 * mvgpu_vgtt_fini() - free a vGPU's GTT state
 * @vgpu: the vGPU, closed (its reset unpinned everything)
 */
void mvgpu_vgtt_fini(struct mvgpu_vgpu *vgpu)
{
	WARN_ON(vgpu->gtt.pinned_pages);
	kvfree(vgpu->gtt.pins);
	kfree(vgpu->gtt.ra_pages);
	kvfree(vgpu->gtt.entries);
	vgpu->gtt.pins = NULL;
	vgpu->gtt.ra_pages = NULL;
	vgpu->gtt.entries = NULL;
	mutex_destroy(&vgpu->gtt.lock);
}

/**
 * mvgpu_vgtt_reset() - invalidate every entry and unpin every page
 * @vgpu: the vGPU
 *
 * The guest's real entries are cleared and flushed before its pages are
 * unpinned; its entries read 0 and the counters restart.  Called at every
 * reset of the vGPU: at creation, open, close, FLR and RESET_FULL.
 */
void mvgpu_vgtt_reset(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;

	if (!gtt->entries)
		return;
	mutex_lock(&gtt->lock);
	vgtt_drop_locked(vgpu, 0, U64_MAX, true);
	memset(gtt->entries, 0, MVGPU_GTT_ENTRIES * sizeof(u64));
	WRITE_ONCE(gtt->writes, 0);
	WRITE_ONCE(gtt->invalid, 0);
	mutex_unlock(&gtt->lock);
}

/**
 * mvgpu_vgtt_access_locked() - emulate a guest access to the GTT window
 * @vgpu: the vGPU
 * @off: byte offset in the window
 * @buf: the value, little endian, @count bytes
 * @count: 1, 2, 4 or 8, with @off a multiple of it
 * @write: true for a write
 *
 * A write updates the entry it falls in (see the top of this file); a read
 * returns what the guest wrote.  Without GTT state (a register file built
 * alone, as the KUnit suites do) the window reads 0 and ignores writes.
 *
 * Return: 0, or -EINVAL outside the window.
 */
int mvgpu_vgtt_access_locked(struct mvgpu_vgpu *vgpu, u32 off, void *buf,
			     unsigned int count, bool write)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;
	u32 index = off / MVGPU_GTT_ENTRY_SIZE;
	__le64 raw;

	lockdep_assert_held(&vgpu->lock);
	if (off >= MVGPU_GTT_SIZE || count > MVGPU_GTT_SIZE - off ||
	    count > MVGPU_GTT_ENTRY_SIZE ||
	    off % MVGPU_GTT_ENTRY_SIZE + count > MVGPU_GTT_ENTRY_SIZE)
		return -EINVAL;
	if (!gtt->entries) {
		if (!write)
			memset(buf, 0, count);
		return 0;
	}
	mutex_lock(&gtt->lock);
	raw = cpu_to_le64(gtt->entries[index]);
	if (write) {
		memcpy((u8 *)&raw + off % MVGPU_GTT_ENTRY_SIZE, buf, count);
		vgtt_update_locked(vgpu, index, le64_to_cpu(raw));
	} else {
		vgtt_ra_drop(vgpu);
		memcpy(buf, (u8 *)&raw + off % MVGPU_GTT_ENTRY_SIZE, count);
	}
	mutex_unlock(&gtt->lock);
	return 0;
}

/**
 * mvgpu_vgtt_dma_unmap() - the VMM unmaps guest IOVAs: unpin them
 * @vdev: the vGPU's VFIO device
 * @iova: first IOVA
 * @length: bytes
 *
 * Every page of the range pinned for an entry is unpinned, after its real
 * entry was cleared and flushed; the guest's value stays (it reads back),
 * the real entry stays invalid until the guest writes it again.
 */
void mvgpu_vgtt_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);

	/*
	 * type1 (6.1) calls this holding its device_list_lock and wants the
	 * pages unpinned before it returns; vfio_unpin_pages() takes its
	 * iommu->lock, which type1 takes before device_list_lock when a
	 * device of the container is opened (register_device).  That
	 * inversion is type1's own, in every mdev driver that pins (a VMM that
	 * opens a device while it unmaps can hang in it, with or without
	 * mvgpu): lockdep stays out of this callback only, so that it checks
	 * our locks everywhere else (gtt.lock before iommu->lock when pinning).
	 */
	lockdep_off();
	mutex_lock(&vgpu->gtt.lock);
	vgtt_drop_locked(vgpu, iova, length, false);
	mutex_unlock(&vgpu->gtt.lock);
	lockdep_on();
}

/**
 * mvgpu_vgtt_range_ok() - is a GPU VA range inside the guest's GTT range?
 * @vgpu: the vGPU
 * @va: first GPU VA
 * @len: bytes, not 0
 *
 * Return: true when [@va, @va + @len) lies in the guest's entries.
 */
bool mvgpu_vgtt_range_ok(const struct mvgpu_vgpu *vgpu, u64 va, u64 len)
{
	u64 base = (u64)vgpu->gtt_base * MVGPU_GTT_PAGE_SIZE;
	u64 size = (u64)vgpu->gtt_count * MVGPU_GTT_PAGE_SIZE;

	return len && va >= base && va - base <= size && len <= size - (va - base);
}

/* The kernel address of byte @va of a guest page, kmapped; NULL: unmapped. */
static void *vgtt_map_va(struct mvgpu_vgpu *vgpu, u64 va)
{
	struct mvgpu_vgtt *gtt = &vgpu->gtt;
	u32 index = va / MVGPU_GTT_PAGE_SIZE;
	u32 off = va % MVGPU_GTT_PAGE_SIZE;
	u64 entry = gtt->entries[index];
	struct page *page;
	void *vram;

	switch (mvgpu_vgtt_decode(vgpu, index, entry)) {
	case MVGPU_VGTT_SYSTEM:
		page = gtt->pins ? gtt->pins[index - vgpu->gtt_base].page :
				   NULL;
		return page ? kmap_local_page(page) + off : NULL;
	case MVGPU_VGTT_VRAM:
		vram = mvgpu_hw_vram(vgpu->gpu->gdev);
		return vram ? vram + vgtt_addr(entry) + off : NULL;
	default:
		return NULL;
	}
}

static void vgtt_unmap_va(struct mvgpu_vgpu *vgpu, u64 va, void *ptr)
{
	u32 index = va / MVGPU_GTT_PAGE_SIZE;

	if (mvgpu_vgtt_decode(vgpu, index, vgpu->gtt.entries[index]) ==
	    MVGPU_VGTT_SYSTEM)
		kunmap_local(ptr);
}

static int vgtt_copy(struct mvgpu_vgpu *vgpu, u64 va, void *buf, u32 len,
		     bool write)
{
	u32 n;
	void *p;
	int ret = 0;

	if (!mvgpu_vgtt_range_ok(vgpu, va, len) || !vgpu->gtt.entries)
		return -EFAULT;
	mutex_lock(&vgpu->gtt.lock);
	for (; len; len -= n, va += n, buf += n) {
		n = min_t(u32, len, MVGPU_GTT_PAGE_SIZE -
				    va % MVGPU_GTT_PAGE_SIZE);
		p = vgtt_map_va(vgpu, va);
		if (!p) {
			ret = -EFAULT;
			break;
		}
		if (write)
			memcpy(p, buf, n);
		else
			memcpy(buf, p, n);
		vgtt_unmap_va(vgpu, va, p);
	}
	mutex_unlock(&vgpu->gtt.lock);
	return ret;
}

/**
 * mvgpu_vgtt_read() - copy bytes from a guest GPU VA
 * @vgpu: the vGPU
 * @va: GPU VA, in the guest's range
 * @dst: destination
 * @len: bytes
 *
 * Reads through the guest's entries as the GPU would: pinned guest pages,
 * or the vGPU's device memory.  Takes the GTT lock, not the vGPU lock.
 *
 * Context: process; sleeps.
 * Return: 0, or -EFAULT when a byte lies outside the guest's range or
 * behind an entry that maps nothing (then @dst holds a part).
 */
int mvgpu_vgtt_read(struct mvgpu_vgpu *vgpu, u64 va, void *dst, u32 len)
{
	return vgtt_copy(vgpu, va, dst, len, false);
}

/**
 * mvgpu_vgtt_write() - copy bytes to a guest GPU VA
 * @vgpu: the vGPU
 * @va: GPU VA, in the guest's range
 * @src: source
 * @len: bytes
 *
 * As mvgpu_vgtt_read(), the other way.
 *
 * Context: process; sleeps.
 * Return: 0, or -EFAULT (then a part may have been written).
 */
int mvgpu_vgtt_write(struct mvgpu_vgpu *vgpu, u64 va, const void *src,
		     u32 len)
{
	return vgtt_copy(vgpu, va, (void *)src, len, true);
}

/*
 * debugfs: mvgpu/<uuid>/gtt (root, read-only) lists the valid entries of
 * the real GTT in the guest's range, "<index> <value>" in hex, one a line:
 * what the guest's writes made of the hardware's GTT.
 */
static int vgtt_debugfs_show(struct seq_file *m, void *unused)
{
	struct mvgpu_vgpu *vgpu = m->private;
	u32 i, index;
	u64 entry;

	for (i = 0; i < vgpu->gtt_count; i++) {
		index = vgpu->gtt_base + i;
		entry = mvgpu_gtt_read_entry(vgpu->gpu->core, index);
		if (entry & MVGPU_GTT_VALID)
			seq_printf(m, "%#x %#llx\n", index, entry);
		if (!(i % 4096))
			cond_resched();
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vgtt_debugfs);

/**
 * mvgpu_vgtt_debugfs_init() - add the vGPU's gtt file to its debugfs dir
 * @vgpu: the vGPU, with its debugfs directory
 */
void mvgpu_vgtt_debugfs_init(struct mvgpu_vgpu *vgpu)
{
	debugfs_create_file("gtt", 0400, vgpu->debugfs, vgpu,
			    &vgtt_debugfs_fops);
}
