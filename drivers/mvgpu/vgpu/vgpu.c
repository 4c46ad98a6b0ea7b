// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU lifecycle: the mdev driver and the VFIO device around each vGPU.
 *
 * Creating a vGPU reserves its slices of the GPU in .init, so that a create
 * that does not fit fails before anything is registered; .release gives
 * them back.  probe is allocation plus registration, remove the reverse.
 */
#include <linux/slab.h>
#include <linux/sysfs.h>

#include <mvgpu/mvgpu_compat.h>

#include "mvgpu.h"

/* Claim a free aligned run of @count slices; lock-free against other creates. */
static int vgpu_claim_slices(struct mvgpu_parent *gpu, unsigned int count)
{
	int used = atomic_read(&gpu->slices_used);
	int first;

	do {
		first = mvgpu_slices_find(used, count);
		if (first < 0)
			return first;
	} while (!atomic_try_cmpxchg(&gpu->slices_used, &used,
				     used | mvgpu_slices_mask(first, count)));
	return first;
}

static void vgpu_release_slices(struct mvgpu_parent *gpu, unsigned int first,
				unsigned int count)
{
	atomic_andnot(mvgpu_slices_mask(first, count), &gpu->slices_used);
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
	mvgpu_mmio_reset_locked(vgpu);
	vgpu->irq.intx_masked = false;
	vgpu->irq.asserted = false;
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
			"cannot create %pUl: no free run of %u slices for type %s (in use: %#x of %#x)\n",
			&mdev->uuid, slices, type->name,
			atomic_read(&gpu->slices_used), MVGPU_SLICES_ALL);
		return first;
	}
	ret = ida_alloc_min(&gpu->vgpu_ida, 1, GFP_KERNEL);
	if (ret < 0)
		goto release_slices;
	vgpu->id = ret;
	ret = mvgpu_mmio_alloc(vgpu);
	if (ret)
		goto free_id;

	vgpu->mdev = mdev;
	vgpu->gpu = gpu;
	vgpu->type = type;
	vgpu->first_slice = first;
	vgpu->vram_size = gpu->vram_size / MVGPU_SLICES * slices;
	vgpu->vram_base = gpu->vram_size / MVGPU_SLICES * first;
	vgpu->gtt_count = MVGPU_GTT_ENTRIES / MVGPU_SLICES * slices;
	vgpu->gtt_base = MVGPU_GTT_ENTRIES / MVGPU_SLICES * first;
	mutex_init(&vgpu->lock);
	mvgpu_cfg_init(&vgpu->cfg, slices, MVGPU_BAR0_SIZE, vgpu->vram_size);
	/* Nothing of the slice's previous owner may show through. */
	memset(mvgpu_hw_vram(gpu->gdev) + vgpu->vram_base, 0, vgpu->vram_size);
	mutex_lock(&vgpu->lock);
	mvgpu_vgpu_reset_locked(vgpu);
	mutex_unlock(&vgpu->lock);
	return 0;

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

	mutex_destroy(&vgpu->lock);
	mvgpu_mmio_free(vgpu);
	ida_free(&gpu->vgpu_ida, vgpu->id);
	vgpu_release_slices(gpu, vgpu->first_slice, vgpu->type->info->slices);
	mvgpu_vfio_free_device(vdev);
}

static int mvgpu_vgpu_open(struct vfio_device *vdev)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);

	/* Every VMM starts with a device fresh from power-on. */
	mutex_lock(&vgpu->lock);
	mvgpu_cfg_reset(&vgpu->cfg);
	mvgpu_vgpu_reset_locked(vgpu);
	mutex_unlock(&vgpu->lock);
	return 0;
}

static void mvgpu_vgpu_close(struct vfio_device *vdev)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);

	mutex_lock(&vgpu->lock);
	mvgpu_irq_release_locked(vgpu);
	mutex_unlock(&vgpu->lock);
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
	MVGPU_VFIO_IOMMUFD_OPS
};

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
	dev_info(&mdev->dev, "vGPU %d of type %s: slices %u-%u, %llu MiB\n",
		 vgpu->id, vgpu->type->name, vgpu->first_slice,
		 vgpu->first_slice + vgpu->type->info->slices - 1,
		 vgpu->vram_size >> 20);
	return 0;

put_vdev:
	vfio_put_device(&vgpu->vdev);
	return ret;
}

static void mvgpu_mdev_remove(struct mdev_device *mdev)
{
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&vgpu->vdev);
	vfio_put_device(&vgpu->vdev);
}

static unsigned int mvgpu_get_available(struct mdev_type *mtype)
{
	struct mvgpu_type *type = container_of(mtype, struct mvgpu_type, mtype);

	return mvgpu_slices_available(atomic_read(&type->gpu->slices_used),
				      type->info->slices);
}

static ssize_t mvgpu_show_description(struct mdev_type *mtype, char *buf)
{
	struct mvgpu_type *type = container_of(mtype, struct mvgpu_type, mtype);

	return mvgpu_type_describe(type->info, type->gpu->vram_size, buf,
				   PAGE_SIZE);
}

/* Per-vGPU attributes, in the "mvgpu" directory of the mdev device. */
#define VGPU_ATTR(_name, _fmt, _expr)					\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(dev);			\
									\
	return sysfs_emit(buf, _fmt "\n", _expr);			\
}									\
static DEVICE_ATTR_RO(_name)

VGPU_ATTR(vgpu_id, "%d", vgpu->id);
VGPU_ATTR(slices, "%u", vgpu->type->info->slices);
VGPU_ATTR(weight, "%u", vgpu->type->info->weight);
VGPU_ATTR(vram_base, "%#llx", vgpu->vram_base);
VGPU_ATTR(vram_size, "%#llx", vgpu->vram_size);
VGPU_ATTR(gtt_base, "%u", vgpu->gtt_base);
VGPU_ATTR(gtt_count, "%u", vgpu->gtt_count);
VGPU_ATTR(mmio_traps, "%llu", READ_ONCE(vgpu->mmio_traps));
VGPU_ATTR(irqs_injected, "%llu", READ_ONCE(vgpu->irq.injected));

static struct attribute *mvgpu_vgpu_attrs[] = {
	&dev_attr_vgpu_id.attr,
	&dev_attr_slices.attr,
	&dev_attr_weight.attr,
	&dev_attr_vram_base.attr,
	&dev_attr_vram_size.attr,
	&dev_attr_gtt_base.attr,
	&dev_attr_gtt_count.attr,
	&dev_attr_mmio_traps.attr,
	&dev_attr_irqs_injected.attr,
	NULL,
};

static const struct attribute_group mvgpu_vgpu_group = {
	.name = "mvgpu",
	.attrs = mvgpu_vgpu_attrs,
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
