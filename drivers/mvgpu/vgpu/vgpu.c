// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU lifecycle: the mdev driver and the VFIO device around each vGPU.
 *
 * Creating a vGPU reserves its slices of the GPU in .init, so that a create
 * that does not fit fails before anything is registered; .release gives
 * them back.  probe is allocation plus registration, remove the reverse.
 *
 * A vGPU outlives its VMMs (mdevctl reuses a defined device), so each
 * open starts from power-on: registers, interrupts, counters, and device
 * memory cleared.  Device memory is cleared again on close, so that a
 * tenant's data does not stay behind it.
 */
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include <mvgpu/mvgpu_compat.h>

#include "mvgpu.h"

/* Claim a free aligned run of @count slices; lock-free against other creates. */
static int vgpu_claim_slices(struct mvgpu_parent *gpu, unsigned int count)
{
	s64 used = atomic64_read(&gpu->slices_used);
	int first;

	do {
		first = mvgpu_slices_find(used, count);
		if (first < 0)
			return first;
	} while (!atomic64_try_cmpxchg(&gpu->slices_used, &used,
				       used | mvgpu_slices_mask(first, count)));
	return first;
}

static void vgpu_release_slices(struct mvgpu_parent *gpu, unsigned int first,
				unsigned int count)
{
	atomic64_andnot(mvgpu_slices_mask(first, count), &gpu->slices_used);
}

/**
 * mvgpu_vgpu_reset_locked() - reset the vGPU as a function-level reset would
 * @vgpu: the vGPU
 *
 * Registers return to their reset values and pending interrupts are
 * dropped; config space, device memory and the VMM's eventfds stay.
 */
void mvgpu_vgpu_reset_locked(struct mvgpu_vgpu *vgpu)
{
	lockdep_assert_held(&vgpu->lock);
	mvgpu_vsub_reset_locked(vgpu);
	mvgpu_vgtt_reset(vgpu);
	mvgpu_mmio_reset_locked(vgpu);
	mvgpu_irq_reset(vgpu);
}

/* Bytes of device memory cleared between two chances to reschedule. */
#define VGPU_CLEAR_CHUNK	SZ_1M

/*
 * Zero the vGPU's device memory.  No mapping of BAR2 exists: every mmap
 * holds the device file, so this runs only with the device unmapped.
 */
static void vgpu_clear_vram(struct mvgpu_vgpu *vgpu)
{
	void *vram = mvgpu_hw_vram(vgpu->gpu->gdev) + vgpu->vram_base;
	u64 off, n;

	for (off = 0; off < vgpu->vram_size; off += n) {
		n = min_t(u64, VGPU_CLEAR_CHUNK, vgpu->vram_size - off);
		memset(vram + off, 0, n);
		cond_resched();
	}
}

/*
 * The engines a shared vGPU sees (its ENGINES value) and the GPU engine
 * behind each of its engine numbers: every engine no partition owns, in
 * order.  Chosen at each open, with the engines lock held until its
 * contexts exist, so that a partition cannot take an engine it uses.
 */
static void vgpu_init_shared_engines(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_parent *gpu = vgpu->gpu;

	lockdep_assert_held(&gpu->engines_lock);
	vgpu->engines = mvgpu_engines_map(gpu->engines, ~gpu->reserved,
					  vgpu->engine_map);
}

/*
 * Dedicate @count GPU engines of the kind starting at @base (copy or
 * compute engine 0) to a partition, the highest-numbered free ones first.
 * An engine with contexts of others (an open shared vGPU, a render-node
 * client) cannot be reserved: the core answers -EBUSY, the next one is
 * tried.
 */
static unsigned int vgpu_reserve_kind(struct mvgpu_vgpu *vgpu,
				      unsigned int base, unsigned int count)
{
	struct mvgpu_parent *gpu = vgpu->gpu;
	u32 candidates = mvgpu_engines_reservable(gpu->engines) & ~gpu->reserved;
	unsigned int i, e;

	for (i = MVGPU_MAX_COPY_ENGINES; i-- > 0 && count;) {
		e = base + i;
		if (!(candidates & MVGPU_ENGINE_BIT(e)))
			continue;
		if (mvgpu_engine_reserve(gpu->core, e, vgpu))
			continue;
		vgpu->owned |= MVGPU_ENGINE_BIT(e);
		gpu->reserved |= MVGPU_ENGINE_BIT(e);
		count--;
	}
	return count;
}

static void vgpu_unreserve_engines(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_parent *gpu = vgpu->gpu;
	unsigned int e;

	lockdep_assert_held(&gpu->engines_lock);
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++)
		if (vgpu->owned & MVGPU_ENGINE_BIT(e))
			mvgpu_engine_unreserve(gpu->core, e, vgpu);
	gpu->reserved &= ~vgpu->owned;
	vgpu->owned = 0;
}

/*
 * A partition's engines: reserved in the core for the vGPU (its owner) from
 * creation to release.  Return: 0, or -EBUSY when they cannot all be had.
 */
static int vgpu_reserve_engines(struct mvgpu_vgpu *vgpu)
{
	const struct mvgpu_type_info *info = vgpu->type->info;
	struct mvgpu_parent *gpu = vgpu->gpu;
	unsigned int left;

	mutex_lock(&gpu->engines_lock);
	left = vgpu_reserve_kind(vgpu, 0, info->copy_engines);
	left += vgpu_reserve_kind(vgpu, MVGPU_ENGINE_COMPUTE(0),
				  info->compute_engines);
	if (left) {
		dev_err(&gpu->gdev->dev,
			"cannot create %pUl: type %s needs %u copy and %u compute engines of its own, %u not free (dedicated: %#x; the others have contexts of shared vGPUs or render clients)\n",
			&vgpu->mdev->uuid, vgpu->type->name, info->copy_engines,
			info->compute_engines, left, gpu->reserved);
		vgpu_unreserve_engines(vgpu);
		mutex_unlock(&gpu->engines_lock);
		return -EBUSY;
	}
	vgpu->engines = mvgpu_engines_map(gpu->engines, vgpu->owned,
					  vgpu->engine_map);
	mutex_unlock(&gpu->engines_lock);
	return 0;
}

static int vgpu_init_engines(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_parent *gpu = vgpu->gpu;

	if (mvgpu_type_dedicated(vgpu->type->info))
		return vgpu_reserve_engines(vgpu);
	mutex_lock(&gpu->engines_lock);
	vgpu_init_shared_engines(vgpu);
	mutex_unlock(&gpu->engines_lock);
	return 0;
}

static void vgpu_fini_engines(struct mvgpu_vgpu *vgpu)
{
	mutex_lock(&vgpu->gpu->engines_lock);
	vgpu_unreserve_engines(vgpu);
	mutex_unlock(&vgpu->gpu->engines_lock);
}

static int mvgpu_vgpu_init(struct vfio_device *vdev)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);
	struct mvgpu_type *type = container_of(mdev->type, struct mvgpu_type,
					       mtype);
	struct mvgpu_parent *gpu = type->gpu;
	unsigned int slices = type->info->slices;
	int first, ret;

	first = vgpu_claim_slices(gpu, slices);
	if (first < 0) {
		dev_err(&gpu->gdev->dev,
			"cannot create %pUl: no free run of %u slices for type %s (in use: %#llx of %#llx)\n",
			&mdev->uuid, slices, type->name,
			(u64)atomic64_read(&gpu->slices_used),
			MVGPU_SLICES_ALL);
		return first;
	}
	ret = ida_alloc_min(&gpu->vgpu_ida, 1, GFP_KERNEL);
	if (ret < 0)
		goto release_slices;
	vgpu->id = ret;
	vgpu->mdev = mdev;
	vgpu->gpu = gpu;
	vgpu->type = type;
	ret = vgpu_init_engines(vgpu);
	if (ret)
		goto free_id;
	ret = mvgpu_mmio_alloc(vgpu);
	if (ret)
		goto fini_engines;
	ret = mvgpu_vgtt_init(vgpu);
	if (ret)
		goto free_mmio;
	ret = mvgpu_vsub_init(vgpu);
	if (ret)
		goto free_gtt;
	ret = mvgpu_display_init(vgpu);
	if (ret)
		goto fini_vsub;

	vgpu->first_slice = first;
	vgpu->vram_size = gpu->vram_size / MVGPU_SLICES * slices;
	vgpu->vram_base = gpu->vram_size / MVGPU_SLICES * first;
	vgpu->gtt_count = MVGPU_GTT_ENTRIES / MVGPU_SLICES * slices;
	vgpu->gtt_base = MVGPU_GTT_ENTRIES / MVGPU_SLICES * first;
	mutex_init(&vgpu->lock);
	mvgpu_irq_init(vgpu);
	mvgpu_cfg_init(&vgpu->cfg, mvgpu_type_subsys_id(type->info),
		       MVGPU_BAR0_SIZE, vgpu->vram_size);
	mutex_lock(&vgpu->lock);
	mvgpu_vgpu_reset_locked(vgpu);
	mutex_unlock(&vgpu->lock);
	return 0;

fini_vsub:
	mvgpu_vsub_fini(vgpu);
free_gtt:
	mvgpu_vgtt_fini(vgpu);
free_mmio:
	mvgpu_mmio_free(vgpu);
fini_engines:
	vgpu_fini_engines(vgpu);
free_id:
	ida_free(&gpu->vgpu_ida, vgpu->id);
release_slices:
	vgpu_release_slices(gpu, first, slices);
	return ret;
}

static void mvgpu_vgpu_release(struct vfio_device *vdev)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);
	struct mvgpu_parent *gpu = vgpu->gpu;

	mvgpu_display_fini(vgpu);
	mvgpu_vsub_fini(vgpu);
	mvgpu_vgtt_fini(vgpu);
	mutex_destroy(&vgpu->lock);
	mvgpu_mmio_free(vgpu);
	vgpu_fini_engines(vgpu);
	ida_free(&gpu->vgpu_ida, vgpu->id);
	vgpu_release_slices(gpu, vgpu->first_slice, vgpu->type->info->slices);
	mvgpu_vfio_free_device(vdev);
}

static int mvgpu_vgpu_open(struct vfio_device *vdev)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);
	struct mvgpu_parent *gpu = vgpu->gpu;
	int ret;

	/* Every VMM starts with a device fresh from power-on. */
	vgpu_clear_vram(vgpu);
	mutex_lock(&gpu->engines_lock);
	if (!vgpu->owned)
		vgpu_init_shared_engines(vgpu);
	mutex_lock(&vgpu->lock);
	mvgpu_cfg_reset(&vgpu->cfg);
	mvgpu_irq_cfg_changed_locked(vgpu);
	mvgpu_vgpu_reset_locked(vgpu);
	WRITE_ONCE(vgpu->mmio_traps, 0);
	WRITE_ONCE(vgpu->mmio_reads, 0);
	WRITE_ONCE(vgpu->mmio_writes, 0);
	WRITE_ONCE(vgpu->flrs, 0);
	mvgpu_irq_reset_stats(vgpu);
	mutex_unlock(&vgpu->lock);
	ret = mvgpu_vsub_open(vgpu);
	mutex_unlock(&gpu->engines_lock);
	if (ret)
		dev_err(&vgpu->mdev->dev, "cannot set up the engines: %d\n",
			ret);
	return ret;
}

static void mvgpu_vgpu_close(struct vfio_device *vdev)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);

	mvgpu_vsub_close(vgpu);
	mvgpu_display_close(vgpu);
	mutex_lock(&vgpu->lock);
	mvgpu_vgpu_reset_locked(vgpu);
	mvgpu_irq_release_locked(vgpu);
	mutex_unlock(&vgpu->lock);
	vgpu_clear_vram(vgpu);
}

const struct vfio_device_ops mvgpu_vfio_ops = {
	.name = "mvgpu",
	.init = mvgpu_vgpu_init,
	.release = mvgpu_vgpu_release,
	.open_device = mvgpu_vgpu_open,
	.close_device = mvgpu_vgpu_close,
	.read = mvgpu_vfio_read,
	.write = mvgpu_vfio_write,
	.ioctl = mvgpu_vfio_ioctl,
	.mmap = mvgpu_vfio_mmap,
	.request = mvgpu_irq_request,
	.dma_unmap = mvgpu_vgtt_dma_unmap,
	MVGPU_VFIO_IOMMUFD_OPS
};

/*
 * debugfs: mvgpu/<uuid>/inject_irq (root, write-only) raises the written
 * INT_STATUS bits of a vGPU as its engines do, for tests of the virtual
 * interrupt path.  The mvgpu/ directory lives while a vGPU exists.
 */
static DEFINE_MUTEX(vgpu_debugfs_lock);	/* protects the two below */
static struct dentry *vgpu_debugfs_root;
static unsigned int vgpu_debugfs_users;

static ssize_t inject_irq_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct mvgpu_vgpu *vgpu = file->private_data;
	u32 bits;
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 0, &bits);
	if (ret)
		return ret;
	if (bits & ~MVGPU_VGPU_INT_SOURCES)
		return -EINVAL;
	mvgpu_irq_raise(vgpu, bits);
	return count;
}

static const struct file_operations inject_irq_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = inject_irq_write,
};

/*
 * debugfs: mvgpu/<uuid>/engines (root, read-only): one line per engine of
 * the GPU, with the vGPU's number for it ("-" when it does not see it),
 * whether it owns it, and the core's counters: whether the engine is
 * dedicated to a partition, the contexts on it (of every client).
 */
static int engines_show(struct seq_file *m, void *unused)
{
	struct mvgpu_vgpu *vgpu = m->private;
	struct mvgpu_parent *gpu = vgpu->gpu;
	struct mvgpu_engine_stats st;
	unsigned int e, v;
	u8 map[MVGPU_NUM_ENGINE_IDS];
	u32 engines;

	mutex_lock(&gpu->engines_lock);
	engines = vgpu->engines;
	memcpy(map, vgpu->engine_map, sizeof(map));
	mutex_unlock(&gpu->engines_lock);
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (mvgpu_engine_get_stats(gpu->core, e, &st))
			continue;
		for (v = 0; v < MVGPU_NUM_ENGINE_IDS; v++)
			if (mvgpu_engines_present(engines, v) && map[v] == e)
				break;
		seq_printf(m, "gpu_engine=%u vgpu_engine=", e);
		if (v < MVGPU_NUM_ENGINE_IDS)
			seq_printf(m, "%u", v);
		else
			seq_puts(m, "-");
		seq_printf(m, " own=%d reserved=%d contexts=%u switches=%llu busy_ns=%llu\n",
			   !!(vgpu->owned & MVGPU_ENGINE_BIT(e)), st.reserved,
			   st.contexts, st.switches, st.busy_ns);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(engines);

static void vgpu_debugfs_init(struct mvgpu_vgpu *vgpu)
{
	mutex_lock(&vgpu_debugfs_lock);
	if (!vgpu_debugfs_users++)
		vgpu_debugfs_root = debugfs_create_dir("mvgpu", NULL);
	vgpu->debugfs = debugfs_create_dir(dev_name(&vgpu->mdev->dev),
					   vgpu_debugfs_root);
	mutex_unlock(&vgpu_debugfs_lock);
	debugfs_create_file("inject_irq", 0200, vgpu->debugfs, vgpu,
			    &inject_irq_fops);
	debugfs_create_file("engines", 0400, vgpu->debugfs, vgpu,
			    &engines_fops);
	mvgpu_vgtt_debugfs_init(vgpu);
}

static void vgpu_debugfs_fini(struct mvgpu_vgpu *vgpu)
{
	debugfs_remove(vgpu->debugfs);
	mutex_lock(&vgpu_debugfs_lock);
	if (!--vgpu_debugfs_users) {
		debugfs_remove(vgpu_debugfs_root);
		vgpu_debugfs_root = NULL;
	}
	mutex_unlock(&vgpu_debugfs_lock);
}

static int mvgpu_mdev_probe(struct mdev_device *mdev)
{
	struct mvgpu_vgpu *vgpu;
	int ret;

	vgpu = vfio_alloc_device(mvgpu_vgpu, vdev, &mdev->dev, &mvgpu_vfio_ops);
	if (IS_ERR(vgpu))
		return PTR_ERR(vgpu);
	ret = vfio_register_emulated_iommu_dev(&vgpu->vdev);
	if (ret)
		goto put_vdev;
	dev_set_drvdata(&mdev->dev, vgpu);
	vgpu_debugfs_init(vgpu);
	dev_info(&mdev->dev, "vGPU %d of type %s: slices %u-%u, %llu MiB, engines %#x%s\n",
		 vgpu->id, vgpu->type->name, vgpu->first_slice,
		 vgpu->first_slice + vgpu->type->info->slices - 1,
		 vgpu->vram_size >> 20, vgpu->engines,
		 vgpu->owned ? " of its own" : " shared");
	return 0;

put_vdev:
	vfio_put_device(&vgpu->vdev);
	return ret;
}

static void mvgpu_mdev_remove(struct mdev_device *mdev)
{
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(&mdev->dev);

	vgpu_debugfs_fini(vgpu);
	vfio_unregister_group_dev(&vgpu->vdev);
	vfio_put_device(&vgpu->vdev);
}

/*
 * How many more partitions of @info the free engines allow: engines no
 * partition owns and no other client has a context on.
 */
static unsigned int vgpu_engines_available(struct mvgpu_parent *gpu,
					   const struct mvgpu_type_info *info)
{
	struct mvgpu_engine_stats st;
	unsigned int e, copy = 0, compute = 0, n = UINT_MAX;
	u32 avail;

	mutex_lock(&gpu->engines_lock);
	avail = mvgpu_engines_reservable(gpu->engines) & ~gpu->reserved;
	mutex_unlock(&gpu->engines_lock);
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (!(avail & MVGPU_ENGINE_BIT(e)) ||
		    mvgpu_engine_get_stats(gpu->core, e, &st) || st.contexts)
			continue;
		if (e < MVGPU_ENGINE_COMPUTE(0))
			copy++;
		else
			compute++;
	}
	if (info->copy_engines)
		n = min(n, copy / info->copy_engines);
	if (info->compute_engines)
		n = min(n, compute / info->compute_engines);
	return n;
}

static unsigned int mvgpu_get_available(struct mdev_type *mtype)
{
	struct mvgpu_type *type = container_of(mtype, struct mvgpu_type, mtype);
	struct mvgpu_parent *gpu = type->gpu;
	unsigned int n;

	n = mvgpu_slices_available(atomic64_read(&gpu->slices_used),
				   type->info->slices);
	if (mvgpu_type_dedicated(type->info))
		n = min(n, vgpu_engines_available(gpu, type->info));
	return n;
}

static ssize_t mvgpu_show_description(struct mdev_type *mtype, char *buf)
{
	struct mvgpu_type *type = container_of(mtype, struct mvgpu_type, mtype);

	return mvgpu_type_describe(type->info, type->gpu->vram_size,
				   type->gpu->engines, buf, PAGE_SIZE);
}

struct mdev_driver mvgpu_mdev_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = "mvgpu_vgpu",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
		.dev_groups = mvgpu_vgpu_groups,
	},
	.probe = mvgpu_mdev_probe,
	.remove = mvgpu_mdev_remove,
	.get_available = mvgpu_get_available,
	.show_description = mvgpu_show_description,
};
