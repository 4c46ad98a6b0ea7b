// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu_vgpu: the vGPU mediation.  A client of the core (mvgpu.ko): for
 * each GPU the core binds, it registers an mdev parent with one vGPU type
 * per entry of mvgpu_type_table the GPU offers (dedicated-engine types
 * only where it has the engines); when the GPU goes, it unregisters the
 * parent first (which waits until every VMM closed its vGPU).
 *
 * The parent is the PCI function the GPU lives on when it has one (the
 * emulated GPU with pci_slot set), as management tools such as libvirt
 * accept only PCI parents; else the GPU's device on the mvgpu bus (mvgpu0).
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <mvgpu/mvgpu_version.h>

#include "mvgpu.h"

static void mvgpu_init_types(struct mvgpu_parent *gpu)
{
	const struct mvgpu_type_info *info;
	struct mvgpu_type *type;
	unsigned int i;

	for (i = 0; i < MVGPU_MAX_TYPES; i++) {
		info = &mvgpu_type_table[i];
		if (!mvgpu_type_offered(info, gpu->engines))
			continue;
		type = &gpu->types[gpu->nr_types];
		type->gpu = gpu;
		type->info = info;
		strscpy(type->name, info->name, sizeof(type->name));
		type->mtype.sysfs_name = info->sysfs_name;
		type->mtype.pretty_name = type->name;
		gpu->mtypes[gpu->nr_types++] = &type->mtype;
	}
}

/* The device that becomes the mdev parent: a PCI function, else the GPU. */
static struct device *mvgpu_parent_dev(struct mvgpu_device *gdev)
{
	struct device *up = gdev->dev.parent;

	if (up && dev_is_pci(up))
		return up;
	return &gdev->dev;
}

/* mvgpu_client.add: make the GPU an mdev parent. */
static int mvgpu_parent_add(struct mvgpu_gpu *core, void **data)
{
	struct mvgpu_parent *gpu;
	struct device *dev;
	int ret;

	/* A vGPU is not split again: its VINFO slice is all it has. */
	if (core->vgpu) {
		dev_info(&core->gdev->dev,
			 "a vGPU: no vGPU types of its own (nested vGPUs are not supported)\n");
		return -ENODEV;
	}
	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;
	gpu->core = mvgpu_gpu_get(core);
	gpu->gdev = core->gdev;
	gpu->vram_size = core->vram_size;
	gpu->engines = core->engines;
	mutex_init(&gpu->engines_lock);
	ida_init(&gpu->vgpu_ida);
	mvgpu_init_types(gpu);

	dev = mvgpu_parent_dev(gpu->gdev);
	ret = mdev_register_parent(&gpu->parent, dev, &mvgpu_mdev_driver,
				   gpu->mtypes, gpu->nr_types);
	if (ret)
		goto free_gpu;
	dev_info(&gpu->gdev->dev, "%u vGPU types (engines %#x) on parent %s\n",
		 gpu->nr_types, gpu->engines, dev_name(dev));
	*data = gpu;
	return 0;

free_gpu:
	ida_destroy(&gpu->vgpu_ida);
	mutex_destroy(&gpu->engines_lock);
	mvgpu_gpu_put(gpu->core);
	kfree(gpu);
	return ret;
}

/* mvgpu_client.remove: no more creates; waits for every VMM to close. */
static void mvgpu_parent_remove(struct mvgpu_gpu *core, void *data)
{
	struct mvgpu_parent *gpu = data;

	mdev_unregister_parent(&gpu->parent);
	ida_destroy(&gpu->vgpu_ida);
	mutex_destroy(&gpu->engines_lock);
	mvgpu_gpu_put(gpu->core);
	kfree(gpu);
}

struct mvgpu_client mvgpu_vgpu_client = {
	.name = "vGPU mediation",
	.add = mvgpu_parent_add,
	.remove = mvgpu_parent_remove,
};

static int __init mvgpu_vgpu_init_module(void)
{
	int ret;

	ret = mdev_register_driver(&mvgpu_mdev_driver);
	if (ret)
		return ret;
	ret = mvgpu_client_register(&mvgpu_vgpu_client);
	if (ret)
		goto unregister_mdev;
	return 0;

unregister_mdev:
	mdev_unregister_driver(&mvgpu_mdev_driver);
	return ret;
}

static void __exit mvgpu_vgpu_exit_module(void)
{
	mvgpu_client_unregister(&mvgpu_vgpu_client);
	mdev_unregister_driver(&mvgpu_mdev_driver);
}

module_init(mvgpu_vgpu_init_module);
module_exit(mvgpu_vgpu_exit_module);
MODULE_LICENSE("GPL");
MODULE_VERSION(MVGPU_VERSION);
MODULE_DESCRIPTION("mvgpu vGPU mediation: mediated vGPUs on mvgpu GPUs");
