// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu render node: buffer objects.
 *
 * A BO is a shmem GEM object whose pages are pinned and DMA-mapped when it
 * is created, and mapped into a range of the host GTT (the upper half of
 * the GPU's GTT, allocated by the core) until it is freed.  The range has
 * one guard entry past the BO's last page, left invalid, so that a command
 * running off the end of a BO faults instead of reaching the next one.
 * The core writes freed entries back invalid, and GTT_FLUSH waits until no
 * engine can use them, before the pages are freed and the range reused.
 *
 * The GTT counts in MVGPU_GTT_PAGE_SIZE pages, the kernel in PAGE_SIZE
 * pages (a multiple of it): sizes and iterations are in GTT pages.  The
 * pages are not synced for the CPU (dma_sync_sgtable_*) around GPU work:
 * the GPU is a cache-coherent DMA master on every platform the emulated
 * GPU runs on (x86); a PCI GPU on a non-coherent platform would need a
 * sync at SUBMIT and at WAIT.
 *
 * Each BO is charged to the file that created it, up to client_gtt_mb of
 * host GTT per file, so that one client cannot take the whole host GTT.
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_managed.h>
#include <uapi/mvgpu_drm.h>

#include "drm_drv.h"

/* Host GTT entries a BO of @size bytes takes, its guard entry included. */
static u64 mvgpu_bo_gtt_pages(size_t size)
{
	BUILD_BUG_ON(PAGE_SIZE % MVGPU_GTT_PAGE_SIZE);
	return size / MVGPU_GTT_PAGE_SIZE + 1;
}

static void mvgpu_bo_free(struct drm_gem_object *obj)
{
	struct mvgpu_bo *bo = to_mvgpu_bo(obj);

	/*
	 * The GPU no longer uses it: jobs hold a reference until retired, and
	 * the removal flushes the GTT before the pages go (C2).
	 */
	mvgpu_gtt_remove(to_mvgpu_drm(obj->dev)->gpu, &bo->node);
	if (bo->owner) {
		atomic64_sub(mvgpu_bo_gtt_pages(obj->size),
			     &bo->owner->gtt_pages);
		mvgpu_file_put(bo->owner);
	}
	drm_gem_shmem_free(&bo->base);
}

static const struct drm_gem_object_funcs mvgpu_bo_funcs = {
	.free = mvgpu_bo_free,
	.print_info = drm_gem_shmem_object_print_info,
	.pin = drm_gem_shmem_object_pin,
	.unpin = drm_gem_shmem_object_unpin,
	.get_sg_table = drm_gem_shmem_object_get_sg_table,
	.vmap = drm_gem_shmem_object_vmap,
	.vunmap = drm_gem_shmem_object_vunmap,
	.mmap = drm_gem_shmem_object_mmap,
	.vm_ops = &drm_gem_shmem_vm_ops,
};

/**
 * mvgpu_bo_create_object() - drm_driver.gem_create_object: allocate a BO
 * @drm: the DRM device
 * @size: its size
 *
 * Return: the GEM object embedded in a zeroed struct mvgpu_bo, or an
 * ERR_PTR().
 */
struct drm_gem_object *mvgpu_bo_create_object(struct drm_device *drm,
					      size_t size)
{
	struct mvgpu_bo *bo;

	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->base.base.funcs = &mvgpu_bo_funcs;
	return &bo->base.base;
}

static void mvgpu_bo_map_gtt(struct mvgpu_drm *mdrm, struct mvgpu_bo *bo,
			     struct sg_table *sgt)
{
	struct sg_dma_page_iter iter;
	u64 index = bo->node.start;
	dma_addr_t dma;
	unsigned int i;

	for_each_sgtable_dma_page(sgt, &iter, 0) {
		dma = sg_page_iter_dma_address(&iter);
		for (i = 0; i < PAGE_SIZE / MVGPU_GTT_PAGE_SIZE; i++)
			mvgpu_gtt_set(mdrm->gpu, index++,
				      dma + i * MVGPU_GTT_PAGE_SIZE);
	}
	/* The guard entry stays invalid from the last mvgpu_gtt_remove(). */
}

/* Charges @mfile for a BO of @size bytes: -ENOSPC over its quota. */
static int mvgpu_file_charge(struct mvgpu_file *mfile, size_t size)
{
	u64 limit = (u64)READ_ONCE(mvgpu_client_gtt_mb) << 20;
	u64 pages = mvgpu_bo_gtt_pages(size);

	if (atomic64_add_return(pages, &mfile->gtt_pages) >
	    limit / MVGPU_GTT_PAGE_SIZE) {
		atomic64_sub(pages, &mfile->gtt_pages);
		return -ENOSPC;
	}
	kref_get(&mfile->ref);
	return 0;
}

/**
 * mvgpu_bo_create() - create a BO, pinned and in the host GTT
 * @mdrm: the device
 * @size: bytes, page aligned
 * @mfile: the file charged for it
 *
 * Return: the BO, with one reference, or an ERR_PTR(): -ENOSPC over the
 * file's quota, -ENOMEM.
 */
struct mvgpu_bo *mvgpu_bo_create(struct mvgpu_drm *mdrm, size_t size,
				 struct mvgpu_file *mfile)
{
	struct drm_gem_shmem_object *shmem;
	struct sg_table *sgt;
	struct mvgpu_bo *bo;
	int ret;

	ret = mvgpu_file_charge(mfile, size);
	if (ret)
		return ERR_PTR(ret);
	shmem = drm_gem_shmem_create(&mdrm->drm, size);
	if (IS_ERR(shmem)) {
		atomic64_sub(mvgpu_bo_gtt_pages(size), &mfile->gtt_pages);
		mvgpu_file_put(mfile);
		return ERR_CAST(shmem);
	}
	bo = container_of(shmem, struct mvgpu_bo, base);
	/* From here on the BO's free uncharges. */
	bo->owner = mfile;

	/* Pins the pages and maps them for the GPU until the BO is freed. */
	sgt = drm_gem_shmem_get_pages_sgt(shmem);
	if (IS_ERR(sgt)) {
		ret = PTR_ERR(sgt);
		goto put_bo;
	}
	ret = mvgpu_gtt_insert(mdrm->gpu, &bo->node, mvgpu_bo_gtt_pages(size));
	if (ret)
		goto put_bo;
	bo->gpu_va = mvgpu_gtt_va(bo->node.start);
	mvgpu_bo_map_gtt(mdrm, bo, sgt);
	return bo;

put_bo:
	drm_gem_object_put(&shmem->base);
	return ERR_PTR(ret);
}

/**
 * mvgpu_ioctl_gem_create() - DRM_IOCTL_MVGPU_GEM_CREATE
 * @drm: the DRM device
 * @data: struct drm_mvgpu_gem_create
 * @file: the client
 *
 * Return: 0, -EINVAL for flags or a zero size, -E2BIG for a size over
 * MVGPU_DRM_MAX_BO_SIZE, -ENOSPC over the file's share of the host GTT
 * (client_gtt_mb), -ENOMEM when memory or the host GTT is short, -ENODEV
 * once the GPU is gone.
 */
int mvgpu_ioctl_gem_create(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct drm_mvgpu_gem_create *args = data;
	struct mvgpu_drm *mdrm = to_mvgpu_drm(drm);
	struct mvgpu_bo *bo;
	int ret, idx;

	if (args->flags || !args->size)
		return -EINVAL;
	if (args->size > MVGPU_DRM_MAX_BO_SIZE)
		return -E2BIG;
	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	bo = mvgpu_bo_create(mdrm, PAGE_ALIGN(args->size), file->driver_priv);
	if (IS_ERR(bo)) {
		ret = PTR_ERR(bo);
		goto exit_dev;
	}
	ret = drm_gem_handle_create(file, &bo->base.base, &args->handle);
	if (!ret) {
		args->size = bo->base.base.size;
		args->gpu_va = bo->gpu_va;
	}
	/* The handle holds the reference now, or the BO goes. */
	drm_gem_object_put(&bo->base.base);

exit_dev:
	drm_dev_exit(idx);
	return ret;
}

/**
 * mvgpu_ioctl_gem_mmap_offset() - DRM_IOCTL_MVGPU_GEM_MMAP_OFFSET
 * @drm: the DRM device
 * @data: struct drm_mvgpu_gem_mmap_offset
 * @file: the client
 *
 * Return: 0, -EINVAL for flags, -ENOENT for a bad handle.
 */
int mvgpu_ioctl_gem_mmap_offset(struct drm_device *drm, void *data,
				struct drm_file *file)
{
	struct drm_mvgpu_gem_mmap_offset *args = data;
	struct drm_gem_object *obj;
	int ret;

	if (args->flags)
		return -EINVAL;
	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	ret = drm_gem_create_mmap_offset(obj);
	if (!ret)
		args->offset = drm_vma_node_offset_addr(&obj->vma_node);
	drm_gem_object_put(obj);
	return ret;
}
