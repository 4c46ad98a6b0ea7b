// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu render node: every batch is copied, scanned and audited before it
 * runs, and only the copy runs (review C1).
 *
 * SUBMIT hands the batch to the command parser (core/cmd_parser.c,
 * include/mvgpu/mvgpu_cmd_parser.h).  The parser reads the batch, and every
 * batch it starts, out of the client's BOs into shadow memory that the
 * kernel owns, scans the copy and audits every GPU VA a command touches
 * against the BOs of the submission: the batch BO and the BOs of
 * bo_handles, which is also the implicit-sync list, so the fences SUBMIT
 * publishes cover everything the batch can touch.  The context's ring then
 * starts the shadow, never the client's BO: what was checked is what runs,
 * whatever the client writes into its batch after SUBMIT.
 *
 * Shadow memory: each file has a shadow area of client_shadow_kb (read when
 * the file first submits), a range of host GTT entries of its own, outside
 * every BO, so no client's batch can address it.  Its pages are allocated
 * as shadows first need them (GFP_KERNEL_ACCOUNT: the submitting process's
 * memory cgroup is charged) and stay mapped until the file goes; shadows
 * are carved out of the area in MVGPU_SHADOW_UNIT units and given back when
 * their job is freed (retired, cancelled after a fault or hang, or killed
 * with the file or the device).  A submission that does not fit waits
 * until an earlier job of the file gives shadow space back; one that does
 * not fit in the whole area fails with -ENOSPC.
 */
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>

#include <drm/drm_gem.h>

#include <mvgpu/mvgpu_cmd_parser.h>

#include "drm_drv.h"

/* Shadows are carved out of a file's area in units of this many bytes. */
#define MVGPU_SHADOW_UNIT	64
/* Bounds of client_shadow_kb. */
#define MVGPU_SHADOW_MIN_KB	(PAGE_SIZE / SZ_1K)
#define MVGPU_SHADOW_MAX_KB	(64 * 1024)

/**
 * struct mvgpu_shadow_area - one file's shadow memory
 * @gpu: the GPU, referenced until the area is freed
 * @dev: the device its pages are DMA-mapped for
 * @gtt: its range of host GTT entries, one guard entry past it
 * @va: GPU VA of its first byte
 * @npages: pages it spans
 * @pages: its pages, NULL until first used
 * @dma: their DMA addresses
 * @wq: woken when a shadow is given back
 * @frees: shadows given back so far
 * @lock: protects @mm, @used and the population of @pages and @dma
 * @mm: allocator of MVGPU_SHADOW_UNIT units of the area
 * @used: units allocated
 */
struct mvgpu_shadow_area {
	struct mvgpu_gpu *gpu;
	struct device *dev;
	struct drm_mm_node gtt;
	u64 va;
	unsigned int npages;
	struct page **pages;
	dma_addr_t *dma;
	wait_queue_head_t wq;
	atomic_t frees;

	struct mutex lock;	/* see the kernel-doc above */
	struct drm_mm mm;
	u64 used;
};

/**
 * struct mvgpu_shadow - the shadow of one batch
 * @link: entry in &mvgpu_job.shadows
 * @node: its units in the area
 * @map: vm_map_ram() mapping when it spans pages, else NULL
 * @vaddr: kernel address of its first dword
 * @va: GPU VA of its first dword
 */
struct mvgpu_shadow {
	struct list_head link;
	struct drm_mm_node node;
	void *map;
	u32 *vaddr;
	u64 va;
};

/* One BO of a submission, as the audit sees it. */
struct mvgpu_scan_range {
	u64 start;
	u64 end;
	struct mvgpu_bo *bo;
};

/* The parser's view of one submission: its BOs sorted by GPU VA. */
struct mvgpu_scan {
	struct mvgpu_job *job;
	struct mvgpu_shadow_area *area;
	int alloc_err;
	unsigned int nr;
	struct mvgpu_scan_range r[];
};

static void mvgpu_shadow_area_unpopulate(struct mvgpu_shadow_area *area)
{
	unsigned int i;

	for (i = 0; i < area->npages; i++) {
		if (!area->pages[i])
			continue;
		dma_unmap_page(area->dev, area->dma[i], PAGE_SIZE,
			       DMA_TO_DEVICE);
		__free_page(area->pages[i]);
	}
}

/**
 * mvgpu_shadow_area_free() - free a file's shadow area
 * @area: the area, every shadow given back, or NULL
 *
 * Unmaps it from the GTT (flushing it) before its pages go.
 */
void mvgpu_shadow_area_free(struct mvgpu_shadow_area *area)
{
	if (!area)
		return;
	mvgpu_gtt_remove(area->gpu, &area->gtt);
	mvgpu_shadow_area_unpopulate(area);
	drm_mm_takedown(&area->mm);
	mutex_destroy(&area->lock);
	kvfree(area->dma);
	kvfree(area->pages);
	mvgpu_gpu_put(area->gpu);
	kfree(area);
}

static struct mvgpu_shadow_area *mvgpu_shadow_area_create(struct mvgpu_drm *mdrm)
{
	unsigned int kb = clamp_t(unsigned int, READ_ONCE(mvgpu_client_shadow_kb),
				  MVGPU_SHADOW_MIN_KB, MVGPU_SHADOW_MAX_KB);
	struct mvgpu_shadow_area *area;
	u64 bytes;
	int ret;

	area = kzalloc(sizeof(*area), GFP_KERNEL_ACCOUNT);
	if (!area)
		return ERR_PTR(-ENOMEM);
	area->npages = DIV_ROUND_UP(kb * SZ_1K, PAGE_SIZE);
	bytes = (u64)area->npages * PAGE_SIZE;
	area->pages = kvcalloc(area->npages, sizeof(*area->pages),
			       GFP_KERNEL_ACCOUNT);
	area->dma = kvcalloc(area->npages, sizeof(*area->dma),
			     GFP_KERNEL_ACCOUNT);
	if (!area->pages || !area->dma) {
		kvfree(area->dma);
		kvfree(area->pages);
		kfree(area);
		return ERR_PTR(-ENOMEM);
	}
	area->gpu = mvgpu_gpu_get(mdrm->gpu);
	area->dev = mdrm->drm.dev;
	init_waitqueue_head(&area->wq);
	mutex_init(&area->lock);
	drm_mm_init(&area->mm, 0, bytes / MVGPU_SHADOW_UNIT);
	/* The guard entry stays invalid, as every free entry is. */
	ret = mvgpu_gtt_insert(area->gpu, &area->gtt,
			       bytes / MVGPU_GTT_PAGE_SIZE + 1);
	if (ret) {
		mvgpu_shadow_area_free(area);
		return ERR_PTR(ret);
	}
	area->va = mvgpu_gtt_va(area->gtt.start);
	return area;
}

/* The file's shadow area, created at its first submission. */
static struct mvgpu_shadow_area *mvgpu_file_shadow(struct mvgpu_drm *mdrm,
						   struct mvgpu_file *mfile)
{
	struct mvgpu_shadow_area *area = READ_ONCE(mfile->shadow), *old;

	if (area)
		return area;
	area = mvgpu_shadow_area_create(mdrm);
	if (IS_ERR(area))
		return area;
	old = cmpxchg(&mfile->shadow, NULL, area);
	if (old) {
		mvgpu_shadow_area_free(area);
		return old;
	}
	return area;
}

/* Gives pages [@first, @last] of the area memory and GTT entries. */
static int mvgpu_shadow_populate_locked(struct mvgpu_shadow_area *area,
					unsigned int first, unsigned int last)
{
	unsigned int i, j, per_page = PAGE_SIZE / MVGPU_GTT_PAGE_SIZE;
	struct page *page;
	dma_addr_t dma;

	lockdep_assert_held(&area->lock);
	for (i = first; i <= last; i++) {
		if (area->pages[i])
			continue;
		page = alloc_page(GFP_KERNEL_ACCOUNT);
		if (!page)
			return -ENOMEM;
		dma = dma_map_page(area->dev, page, 0, PAGE_SIZE,
				   DMA_TO_DEVICE);
		if (dma_mapping_error(area->dev, dma)) {
			__free_page(page);
			return -ENOMEM;
		}
		area->pages[i] = page;
		area->dma[i] = dma;
		for (j = 0; j < per_page; j++)
			mvgpu_gtt_set(area->gpu,
				      area->gtt.start + i * per_page + j,
				      dma + j * MVGPU_GTT_PAGE_SIZE);
	}
	return 0;
}

static void mvgpu_shadow_put(struct mvgpu_shadow_area *area,
			     struct mvgpu_shadow *s)
{
	u64 start = s->node.start * MVGPU_SHADOW_UNIT;
	u64 end = start + s->node.size * MVGPU_SHADOW_UNIT;

	if (s->map)
		vm_unmap_ram(s->map, (end - 1) / PAGE_SIZE - start / PAGE_SIZE + 1);
	mutex_lock(&area->lock);
	area->used -= s->node.size;
	drm_mm_remove_node(&s->node);
	mutex_unlock(&area->lock);
	kfree(s);
	atomic_inc(&area->frees);
	wake_up_all(&area->wq);
}

/* A shadow of @dwords dwords, or an ERR_PTR(): -ENOSPC, -ENOMEM. */
static struct mvgpu_shadow *mvgpu_shadow_get(struct mvgpu_shadow_area *area,
					     u32 dwords)
{
	u64 units = max_t(u64, DIV_ROUND_UP((u64)dwords * 4, MVGPU_SHADOW_UNIT),
			  1);
	unsigned int first, last;
	struct mvgpu_shadow *s;
	u64 start;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&area->lock);
	ret = drm_mm_insert_node_generic(&area->mm, &s->node, units, 0, 0,
					 DRM_MM_INSERT_LOW);
	if (ret) {
		mutex_unlock(&area->lock);
		kfree(s);
		return ERR_PTR(-ENOSPC);
	}
	start = s->node.start * MVGPU_SHADOW_UNIT;
	first = start / PAGE_SIZE;
	last = (start + units * MVGPU_SHADOW_UNIT - 1) / PAGE_SIZE;
	ret = mvgpu_shadow_populate_locked(area, first, last);
	if (!ret)
		area->used += units;
	else
		drm_mm_remove_node(&s->node);
	mutex_unlock(&area->lock);
	if (ret) {
		kfree(s);
		return ERR_PTR(ret);
	}
	if (first == last) {
		s->vaddr = page_address(area->pages[first]) +
			   offset_in_page(start);
	} else {
		s->map = vm_map_ram(&area->pages[first], last - first + 1,
				    NUMA_NO_NODE);
		if (!s->map) {
			mvgpu_shadow_put(area, s);
			return ERR_PTR(-ENOMEM);
		}
		s->vaddr = s->map + offset_in_page(start);
	}
	s->va = area->va + start;
	return s;
}

/**
 * mvgpu_job_put_shadows() - give a job's shadows back to its file's area
 * @area: the area, or NULL when the job has no shadows
 * @job: the job, off every engine (retired, cancelled or never queued)
 */
void mvgpu_job_put_shadows(struct mvgpu_shadow_area *area,
			   struct mvgpu_job *job)
{
	struct mvgpu_shadow *s, *next;

	list_for_each_entry_safe(s, next, &job->shadows, link) {
		list_del(&s->link);
		mvgpu_shadow_put(area, s);
	}
}

/* The BO of the submission that holds @va, or NULL. */
static const struct mvgpu_scan_range *mvgpu_scan_find(const struct mvgpu_scan *scan,
						      u64 va)
{
	unsigned int lo = 0, hi = scan->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (va < scan->r[mid].start)
			hi = mid;
		else if (va >= scan->r[mid].end)
			lo = mid + 1;
		else
			return &scan->r[mid];
	}
	return NULL;
}

/* mvgpu_cmd_parser_ops.access_ok: inside one BO of the submission. */
static bool mvgpu_scan_access_ok(void *priv, u64 va, u64 len, bool write)
{
	const struct mvgpu_scan_range *r = mvgpu_scan_find(priv, va);

	return r && len <= r->end - va;
}

/* mvgpu_cmd_parser_ops.read: from the BO's pages, pinned since creation. */
static int mvgpu_scan_read(void *priv, u64 va, void *dst, u32 len)
{
	const struct mvgpu_scan_range *r = mvgpu_scan_find(priv, va);
	struct page **pages;
	u64 off;
	u32 n;

	if (!r || len > r->end - va)
		return -EFAULT;
	pages = r->bo->base.pages;
	off = va - r->start;
	while (len) {
		n = min_t(u64, len, PAGE_SIZE - offset_in_page(off));
		memcpy_from_page(dst, pages[off >> PAGE_SHIFT],
				 offset_in_page(off), n);
		dst += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* mvgpu_cmd_parser_ops.shadow_alloc: out of the file's area. */
static u32 *mvgpu_scan_shadow_alloc(void *priv, u32 dwords, u64 va,
				    u64 *gpu_va)
{
	struct mvgpu_scan *scan = priv;
	struct mvgpu_shadow *s;

	s = mvgpu_shadow_get(scan->area, dwords);
	if (IS_ERR(s)) {
		if (PTR_ERR(s) != -ENOSPC)
			scan->alloc_err = PTR_ERR(s);
		return NULL;
	}
	list_add_tail(&s->link, &scan->job->shadows);
	*gpu_va = s->va;
	return s->vaddr;
}

static const struct mvgpu_cmd_parser_ops mvgpu_scan_ops = {
	.read = mvgpu_scan_read,
	.access_ok = mvgpu_scan_access_ok,
	.shadow_alloc = mvgpu_scan_shadow_alloc,
};

static int mvgpu_scan_cmp(const void *a, const void *b)
{
	const struct mvgpu_scan_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static struct mvgpu_scan *mvgpu_scan_alloc(struct mvgpu_shadow_area *area,
					   struct mvgpu_job *job)
{
	struct mvgpu_scan *scan;
	struct mvgpu_bo *bo;
	unsigned int i;

	scan = kvmalloc(struct_size(scan, r, job->bo_count), GFP_KERNEL);
	if (!scan)
		return NULL;
	scan->job = job;
	scan->area = area;
	scan->alloc_err = 0;
	scan->nr = job->bo_count;
	for (i = 0; i < job->bo_count; i++) {
		bo = to_mvgpu_bo(job->bos[i]);
		scan->r[i].start = bo->gpu_va;
		scan->r[i].end = bo->gpu_va + bo->base.base.size;
		scan->r[i].bo = bo;
	}
	/* Distinct BOs have disjoint GTT ranges. */
	sort(scan->r, scan->nr, sizeof(scan->r[0]), mvgpu_scan_cmp, NULL);
	return scan;
}

/*
 * Debug (debug_inject_faults): a batch that starts with ARB_CHECK faults
 * on the engine (unknown opcode), now that SUBMIT refuses every batch the
 * engine would fault on; for the fault-recovery selftests.
 */
static void mvgpu_scan_inject_fault(struct mvgpu_job *job, u64 shadow_va)
{
	struct mvgpu_shadow *s;

	list_for_each_entry(s, &job->shadows, link) {
		if (s->va != shadow_va)
			continue;
		if (le32_to_cpu((__force __le32)s->vaddr[0]) ==
		    MVGPU_CMD(MVGPU_OP_ARB_CHECK, 0, 1))
			s->vaddr[0] = (__force u32)
				cpu_to_le32(MVGPU_CMD(MVGPU_NUM_OPS, 0, 1));
		return;
	}
}

/* True while shadows other than the caller's hold part of the area. */
static bool mvgpu_shadow_busy(struct mvgpu_shadow_area *area)
{
	bool busy;

	mutex_lock(&area->lock);
	busy = area->used;
	mutex_unlock(&area->lock);
	return busy;
}

/* One parse; on -ENOSPC, waits for a shadow of the file to be given back. */
static int mvgpu_scan_once(struct mvgpu_drm *mdrm, struct mvgpu_scan *scan,
			   u64 *shadow_va)
{
	struct mvgpu_cmd_parser p;
	int frees = atomic_read(&scan->area->frees);
	int ret;

	mvgpu_cmd_parser_init(&p, &mvgpu_scan_ops, scan);
	ret = mvgpu_cmd_parse_batch(&p, scan->job->batch_va, 1, shadow_va);
	if (!ret)
		return 0;
	mvgpu_job_put_shadows(scan->area, scan->job);
	if (ret == -ENOSPC && scan->alloc_err)
		return scan->alloc_err;
	if (ret == -ENOSPC && mvgpu_shadow_busy(scan->area)) {
		ret = wait_event_interruptible(scan->area->wq,
					       atomic_read(&scan->area->frees) !=
					       frees);
		return ret ? ret : -EAGAIN;
	}
	dev_dbg_ratelimited(mdrm->drm.dev,
			    "SUBMIT refused (%d): %s at %#llx (reason %u)\n",
			    ret, p.why ? p.why : "?", p.fault_addr, p.reason);
	return ret;
}

/**
 * mvgpu_submit_scan() - scan, audit and shadow a submission's batch
 * @mdrm: the device
 * @mfile: the submitting file
 * @job: the job, its BOs looked up; its batch_va becomes the shadow's
 *
 * Waits (interruptibly) while the file's shadow area is too full for the
 * batch and earlier jobs hold part of it.  No lock may be held.
 *
 * Return: 0; -EACCES when a command reaches outside the submission's BOs
 * or is forbidden; -EINVAL for a command the engine would fault on;
 * -ENOSPC when the batch does not fit in the file's whole shadow area;
 * -ENOMEM; -ERESTARTSYS.
 */
int mvgpu_submit_scan(struct mvgpu_drm *mdrm, struct mvgpu_file *mfile,
		      struct mvgpu_job *job)
{
	struct mvgpu_shadow_area *area;
	struct mvgpu_scan *scan;
	u64 shadow_va;
	int ret;

	area = mvgpu_file_shadow(mdrm, mfile);
	if (IS_ERR(area))
		return PTR_ERR(area);
	scan = mvgpu_scan_alloc(area, job);
	if (!scan)
		return -ENOMEM;
	do {
		ret = mvgpu_scan_once(mdrm, scan, &shadow_va);
	} while (ret == -EAGAIN);
	kvfree(scan);
	if (ret)
		return ret == -EFAULT ? -EACCES : ret;
	if (unlikely(READ_ONCE(mvgpu_debug_inject_faults)))
		mvgpu_scan_inject_fault(job, shadow_va);
	job->batch_va = shadow_va;
	return 0;
}

/**
 * mvgpu_file_shadow_bytes() - the shadow budget of a file
 * @mfile: the file
 *
 * Return: bytes of its shadow area, or what client_shadow_kb gives it at
 * its first submission.
 */
u64 mvgpu_file_shadow_bytes(struct mvgpu_file *mfile)
{
	struct mvgpu_shadow_area *area = READ_ONCE(mfile->shadow);
	unsigned int kb;

	if (area)
		return (u64)area->npages * PAGE_SIZE;
	kb = clamp_t(unsigned int, READ_ONCE(mvgpu_client_shadow_kb),
		     MVGPU_SHADOW_MIN_KB, MVGPU_SHADOW_MAX_KB);
	return round_up((u64)kb * SZ_1K, PAGE_SIZE);
}
