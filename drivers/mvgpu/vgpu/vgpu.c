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

/*
 * Per-vGPU attributes, in the "mvgpu" directory of the mdev device, each
 * documented in Documentation/ABI/testing/sysfs-bus-mdev-mvgpu (stable
 * names).  The counters reveal a guest's activity: root only, and they
 * count from zero for each VMM that opens the vGPU.
 */
#define VGPU_ATTR_SHOW(_name, _fmt, _expr)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(dev);			\
									\
	return sysfs_emit(buf, _fmt "\n", _expr);			\
}

VGPU_ATTR_SHOW(vgpu_id, "%d", vgpu->id)
VGPU_ATTR_SHOW(slices, "%u", vgpu->type->info->slices)
VGPU_ATTR_SHOW(weight, "%u", READ_ONCE(vgpu->sub.weight))
VGPU_ATTR_SHOW(cap, "%u", READ_ONCE(vgpu->sub.cap))
VGPU_ATTR_SHOW(vram_base, "%#llx", vgpu->vram_base)
VGPU_ATTR_SHOW(vram_size, "%#llx", vgpu->vram_size)
VGPU_ATTR_SHOW(gtt_base, "%u", vgpu->gtt_base)
VGPU_ATTR_SHOW(gtt_count, "%u", vgpu->gtt_count)
VGPU_ATTR_SHOW(mmio_traps, "%llu", READ_ONCE(vgpu->mmio_traps))
VGPU_ATTR_SHOW(irqs_injected, "%llu", READ_ONCE(vgpu->irq.injected))
VGPU_ATTR_SHOW(mmio_reads, "%llu", READ_ONCE(vgpu->mmio_reads))
VGPU_ATTR_SHOW(mmio_writes, "%llu", READ_ONCE(vgpu->mmio_writes))
VGPU_ATTR_SHOW(gtt_writes, "%llu", READ_ONCE(vgpu->gtt.writes))
VGPU_ATTR_SHOW(gtt_invalid, "%llu", READ_ONCE(vgpu->gtt.invalid))
VGPU_ATTR_SHOW(pinned_pages, "%llu", READ_ONCE(vgpu->gtt.pinned_pages))
VGPU_ATTR_SHOW(submissions, "%llu", READ_ONCE(vgpu->sub.submissions))
VGPU_ATTR_SHOW(rejected, "%llu", READ_ONCE(vgpu->sub.rejected))
VGPU_ATTR_SHOW(bytes_scanned, "%llu", READ_ONCE(vgpu->sub.bytes_scanned))

/* Serializes the read-modify-write of weight and cap by their stores. */
static DEFINE_MUTEX(vgpu_sched_lock);

/*
 * Store a weight (@is_cap false) or a cap: a decimal number in range, or
 * -EINVAL with a message and nothing changed.
 */
static ssize_t vgpu_sched_store(struct device *dev, const char *buf,
				size_t count, bool is_cap)
{
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(dev);
	u32 val, weight, cap;
	int ret;

	ret = kstrtou32(buf, 10, &val);
	if (ret) {
		dev_err_ratelimited(dev, "%s: not a decimal number\n",
				    is_cap ? "cap" : "weight");
		return -EINVAL;
	}
	mutex_lock(&vgpu_sched_lock);
	weight = is_cap ? READ_ONCE(vgpu->sub.weight) : val;
	cap = is_cap ? val : READ_ONCE(vgpu->sub.cap);
	ret = mvgpu_vsub_set_sched(vgpu, weight, cap);
	mutex_unlock(&vgpu_sched_lock);
	if (ret) {
		if (is_cap)
			dev_err_ratelimited(dev, "cap %u: not a percentage (0-100, 0: none)\n",
					    val);
		else
			dev_err_ratelimited(dev, "weight %u: out of range (%u-%u)\n",
					    val, MVGPU_SCHED_WEIGHT_MIN,
					    MVGPU_SCHED_WEIGHT_MAX);
		return ret;
	}
	return count;
}

static ssize_t weight_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	return vgpu_sched_store(dev, buf, count, false);
}

static ssize_t cap_store(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count)
{
	return vgpu_sched_store(dev, buf, count, true);
}

static DEVICE_ATTR_RO(vgpu_id);
static DEVICE_ATTR_RO(slices);
static DEVICE_ATTR_RW(weight);
static DEVICE_ATTR_RW(cap);
static DEVICE_ATTR_RO(vram_base);
static DEVICE_ATTR_RO(vram_size);
static DEVICE_ATTR_RO(gtt_base);
static DEVICE_ATTR_RO(gtt_count);
static DEVICE_ATTR_ADMIN_RO(mmio_traps);
static DEVICE_ATTR_ADMIN_RO(irqs_injected);
static DEVICE_ATTR_ADMIN_RO(mmio_reads);
static DEVICE_ATTR_ADMIN_RO(mmio_writes);
static DEVICE_ATTR_ADMIN_RO(gtt_writes);
static DEVICE_ATTR_ADMIN_RO(gtt_invalid);
static DEVICE_ATTR_ADMIN_RO(pinned_pages);
static DEVICE_ATTR_ADMIN_RO(submissions);
static DEVICE_ATTR_ADMIN_RO(rejected);
static DEVICE_ATTR_ADMIN_RO(bytes_scanned);

/*
 * Per-engine counters of the core, one value per file: <engine>_<counter>,
 * the engine named by the vGPU's own engine number as its guest sees it
 * (copy0-copy7, compute0-compute7); only the vGPU's engines are visible.
 */
struct vgpu_eng_attr {
	struct device_attribute dattr;
	u8 engine;
	u8 offset;	/* of the u64 counter in struct mvgpu_ctx_stats */
};

static ssize_t vgpu_eng_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct vgpu_eng_attr *ea = container_of(attr, struct vgpu_eng_attr,
						dattr);
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(dev);
	struct mvgpu_ctx_stats st;
	u64 val;

	if (mvgpu_vsub_get_stats(vgpu, ea->engine, &st))
		memset(&st, 0, sizeof(st));
	memcpy(&val, (u8 *)&st + ea->offset, sizeof(val));
	return sysfs_emit(buf, "%llu\n", val);
}

#define VGPU_ENG_ATTR(_eng, _id, _stat) {				\
	.dattr = __ATTR(_eng##_##_stat, 0400, vgpu_eng_show, NULL),	\
	.engine = (_id),						\
	.offset = offsetof(struct mvgpu_ctx_stats, _stat),		\
}

#define VGPU_ENG_NR_STATS	6

/* Per engine, in the order of struct mvgpu_ctx_stats. */
static struct vgpu_eng_attr vgpu_eng_attrs[] = {
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), busy_ns),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), submissions),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), preemptions),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), resets),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), hangs),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), rejected),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), busy_ns),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), submissions),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), preemptions),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), resets),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), hangs),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), rejected),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), busy_ns),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), submissions),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), preemptions),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), resets),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), hangs),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), rejected),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), busy_ns),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), submissions),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), preemptions),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), resets),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), hangs),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), rejected),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), busy_ns),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), submissions),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), preemptions),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), resets),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), hangs),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), rejected),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), busy_ns),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), submissions),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), preemptions),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), resets),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), hangs),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), rejected),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), busy_ns),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), submissions),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), preemptions),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), resets),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), hangs),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), rejected),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), busy_ns),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), submissions),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), preemptions),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), resets),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), hangs),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), rejected),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), busy_ns),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), submissions),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), preemptions),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), resets),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), hangs),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), rejected),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), busy_ns),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), submissions),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), preemptions),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), resets),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), hangs),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), rejected),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), busy_ns),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), submissions),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), preemptions),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), resets),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), hangs),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), rejected),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), busy_ns),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), submissions),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), preemptions),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), resets),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), hangs),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), rejected),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), busy_ns),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), submissions),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), preemptions),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), resets),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), hangs),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), rejected),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), busy_ns),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), submissions),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), preemptions),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), resets),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), hangs),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), rejected),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), busy_ns),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), submissions),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), preemptions),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), resets),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), hangs),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), rejected),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), busy_ns),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), submissions),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), preemptions),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), resets),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), hangs),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), rejected),
};

static_assert(ARRAY_SIZE(vgpu_eng_attrs) ==
	      MVGPU_NUM_ENGINE_IDS * VGPU_ENG_NR_STATS);

#define VGPU_EP(_i)	(&vgpu_eng_attrs[_i].dattr.attr)

/* An engine's counters are visible when the vGPU's ENGINES has it. */
static bool vgpu_has_engine(const struct mvgpu_vgpu *vgpu, unsigned int e)
{
	u32 copy = vgpu->engines & MVGPU_ENGINES_COPY_MASK;
	u32 compute = (vgpu->engines & MVGPU_ENGINES_COMPUTE_MASK) >>
		      MVGPU_ENGINES_COMPUTE_SHIFT;

	if (e < MVGPU_ENGINE_COMPUTE(0))
		return e < copy;
	return e - MVGPU_ENGINE_COMPUTE(0) < compute;
}

static umode_t mvgpu_vgpu_attr_visible(struct kobject *kobj,
				       struct attribute *attr, int n)
{
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(kobj_to_dev(kobj));
	struct device_attribute *dattr = container_of(attr,
						      struct device_attribute,
						      attr);
	struct vgpu_eng_attr *ea;

	if (dattr->show != vgpu_eng_show)
		return attr->mode;
	ea = container_of(dattr, struct vgpu_eng_attr, dattr);
	return vgpu_has_engine(vgpu, ea->engine) ? attr->mode : 0;
}

static struct attribute *mvgpu_vgpu_attrs[] = {
	&dev_attr_vgpu_id.attr,
	&dev_attr_slices.attr,
	&dev_attr_weight.attr,
	&dev_attr_cap.attr,
	&dev_attr_vram_base.attr,
	&dev_attr_vram_size.attr,
	&dev_attr_gtt_base.attr,
	&dev_attr_gtt_count.attr,
	&dev_attr_mmio_traps.attr,
	&dev_attr_irqs_injected.attr,
	&dev_attr_mmio_reads.attr,
	&dev_attr_mmio_writes.attr,
	&dev_attr_gtt_writes.attr,
	&dev_attr_gtt_invalid.attr,
	&dev_attr_pinned_pages.attr,
	&dev_attr_submissions.attr,
	&dev_attr_rejected.attr,
	&dev_attr_bytes_scanned.attr,
	VGPU_EP(0), VGPU_EP(1), VGPU_EP(2), VGPU_EP(3), VGPU_EP(4), VGPU_EP(5),
	VGPU_EP(6), VGPU_EP(7), VGPU_EP(8), VGPU_EP(9), VGPU_EP(10), VGPU_EP(11),
	VGPU_EP(12), VGPU_EP(13), VGPU_EP(14), VGPU_EP(15), VGPU_EP(16), VGPU_EP(17),
	VGPU_EP(18), VGPU_EP(19), VGPU_EP(20), VGPU_EP(21), VGPU_EP(22), VGPU_EP(23),
	VGPU_EP(24), VGPU_EP(25), VGPU_EP(26), VGPU_EP(27), VGPU_EP(28), VGPU_EP(29),
	VGPU_EP(30), VGPU_EP(31), VGPU_EP(32), VGPU_EP(33), VGPU_EP(34), VGPU_EP(35),
	VGPU_EP(36), VGPU_EP(37), VGPU_EP(38), VGPU_EP(39), VGPU_EP(40), VGPU_EP(41),
	VGPU_EP(42), VGPU_EP(43), VGPU_EP(44), VGPU_EP(45), VGPU_EP(46), VGPU_EP(47),
	VGPU_EP(48), VGPU_EP(49), VGPU_EP(50), VGPU_EP(51), VGPU_EP(52), VGPU_EP(53),
	VGPU_EP(54), VGPU_EP(55), VGPU_EP(56), VGPU_EP(57), VGPU_EP(58), VGPU_EP(59),
	VGPU_EP(60), VGPU_EP(61), VGPU_EP(62), VGPU_EP(63), VGPU_EP(64), VGPU_EP(65),
	VGPU_EP(66), VGPU_EP(67), VGPU_EP(68), VGPU_EP(69), VGPU_EP(70), VGPU_EP(71),
	VGPU_EP(72), VGPU_EP(73), VGPU_EP(74), VGPU_EP(75), VGPU_EP(76), VGPU_EP(77),
	VGPU_EP(78), VGPU_EP(79), VGPU_EP(80), VGPU_EP(81), VGPU_EP(82), VGPU_EP(83),
	VGPU_EP(84), VGPU_EP(85), VGPU_EP(86), VGPU_EP(87), VGPU_EP(88), VGPU_EP(89),
	VGPU_EP(90), VGPU_EP(91), VGPU_EP(92), VGPU_EP(93), VGPU_EP(94), VGPU_EP(95),
	NULL,
};

static const struct attribute_group mvgpu_vgpu_group = {
	.name = "mvgpu",
	.attrs = mvgpu_vgpu_attrs,
	.is_visible = mvgpu_vgpu_attr_visible,
};

static const struct attribute_group *mvgpu_vgpu_groups[] = {
	&mvgpu_vgpu_group,
	NULL,
};

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
