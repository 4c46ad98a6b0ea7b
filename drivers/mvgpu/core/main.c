// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu host driver: binds each GPU on the mvgpu bus and makes it an mdev
 * parent with one vGPU type per entry of mvgpu_type_table.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include "../drm/drm_drv.h"
#include "../vgpu/mvgpu.h"

static const u32 mvgpu_ids[] = { MVGPU_PCI_DEVICE_ID_GPU, 0 };

static int mvgpu_check_id(struct mvgpu_device *gdev)
{
	u32 magic = mvgpu_hw_read32(gdev, MVGPU_REG_ID_MAGIC);
	u32 version = mvgpu_hw_read32(gdev, MVGPU_REG_ID_VERSION);

	if (magic != MVGPU_ID_MAGIC) {
		dev_err(&gdev->dev, "bad magic %#x, expected %#x\n", magic,
			MVGPU_ID_MAGIC);
		return -ENODEV;
	}
	if (version >> 16 != MVGPU_ID_VERSION >> 16) {
		dev_err(&gdev->dev, "hardware version %#x unsupported\n",
			version);
		return -ENODEV;
	}
	return 0;
}

static void mvgpu_init_types(struct mvgpu_gpu *gpu)
{
	struct mvgpu_type *type;
	unsigned int i;

	for (i = 0; i < MVGPU_NUM_TYPES; i++) {
		type = &gpu->types[i];
		type->gpu = gpu;
		type->info = &mvgpu_type_table[i];
		snprintf(type->name, sizeof(type->name), "MVGPU-%u",
			 type->info->denominator);
		type->mtype.sysfs_name = type->info->sysfs_name;
		type->mtype.pretty_name = type->name;
		gpu->mtypes[i] = &type->mtype;
	}
}

static int mvgpu_probe(struct mvgpu_device *gdev)
{
	struct mvgpu_gpu *gpu;
	int ret;

	ret = mvgpu_check_id(gdev);
	if (ret)
		return ret;
	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;
	gpu->gdev = gdev;
	gpu->vram_size = mvgpu_hw_read32(gdev, MVGPU_REG_VRAM_SIZE_LO) |
		(u64)mvgpu_hw_read32(gdev, MVGPU_REG_VRAM_SIZE_HI) << 32;
	gpu->engines = mvgpu_hw_read32(gdev, MVGPU_REG_ENGINES);
	ida_init(&gpu->vgpu_ida);
	mvgpu_init_types(gpu);
	dev_set_drvdata(&gdev->dev, gpu);

	ret = mdev_register_parent(&gpu->parent, &gdev->dev, &mvgpu_mdev_driver,
				   gpu->mtypes, MVGPU_NUM_TYPES);
	if (ret)
		goto free_gpu;
	dev_info(&gdev->dev,
		 "%llu MiB device memory, %u copy and %u compute engine(s), %d vGPU types\n",
		 gpu->vram_size >> 20, gpu->engines & MVGPU_ENGINES_COPY_MASK,
		 (gpu->engines & MVGPU_ENGINES_COMPUTE_MASK) >>
		 MVGPU_ENGINES_COMPUTE_SHIFT, MVGPU_NUM_TYPES);

	/* The render node is optional: vGPUs work without it. */
	ret = mvgpu_drm_init(gpu);
	if (ret)
		dev_warn(&gdev->dev, "no host render node: %d\n", ret);
	return 0;

free_gpu:
	ida_destroy(&gpu->vgpu_ida);
	kfree(gpu);
	return ret;
}

static void mvgpu_remove(struct mvgpu_device *gdev)
{
	struct mvgpu_gpu *gpu = dev_get_drvdata(&gdev->dev);

	mvgpu_drm_fini(gpu);
	/* Waits until every vGPU is closed by its VMM and removed. */
	mdev_unregister_parent(&gpu->parent);
	ida_destroy(&gpu->vgpu_ida);
	kfree(gpu);
}

static struct mvgpu_driver mvgpu_hw_driver = {
	.driver.name = "mvgpu",
	.id_table = mvgpu_ids,
	.probe = mvgpu_probe,
	.remove = mvgpu_remove,
};

static int __init mvgpu_init(void)
{
	int ret;

	ret = mdev_register_driver(&mvgpu_mdev_driver);
	if (ret)
		return ret;
	ret = mvgpu_driver_register(&mvgpu_hw_driver);
	if (ret)
		goto unregister_mdev;
	return 0;

unregister_mdev:
	mdev_unregister_driver(&mvgpu_mdev_driver);
	return ret;
}

static void __exit mvgpu_exit(void)
{
	mvgpu_driver_unregister(&mvgpu_hw_driver);
	mdev_unregister_driver(&mvgpu_mdev_driver);
}

module_init(mvgpu_init);
module_exit(mvgpu_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mvgpu host driver: mediated vGPUs on mvgpu GPUs");
MODULE_SOFTDEP("pre: mvgpu_sim");
