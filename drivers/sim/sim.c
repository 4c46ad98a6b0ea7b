// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu_sim: the emulated GPU.
 *
 * Creates num_gpus GPUs on the mvgpu bus.  Each has a register window
 * (regs.c), a GTT (gtt.c), engines (engine.c) and a block of device memory,
 * as Documentation/hardware.rst describes.
 */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "sim.h"

#define SIM_MAX_GPUS		8

static unsigned int num_gpus = 1;
module_param(num_gpus, uint, 0444);
MODULE_PARM_DESC(num_gpus, "Number of emulated GPUs (1-8, default 1)");

static unsigned int vram_mb = 128;
module_param(vram_mb, uint, 0444);
MODULE_PARM_DESC(vram_mb, "Device memory per GPU in MiB (power of two, 16-1024, default 128)");

static unsigned int copy_engines = 1;
module_param(copy_engines, uint, 0444);
MODULE_PARM_DESC(copy_engines, "Copy engines per GPU (1-8, default 1)");

static unsigned int compute_engines = 1;
module_param(compute_engines, uint, 0444);
MODULE_PARM_DESC(compute_engines, "Compute engines per GPU (1-8, default 1)");

static struct device *sim_root;
static struct mvgpu_sim_gpu *sim_gpus[SIM_MAX_GPUS];

/**
 * mvgpu_hw_vram() - the kernel mapping of a GPU's device memory
 * @gdev: the GPU
 *
 * Return: the start of the aperture, gdev->vram_size bytes long.
 */
void *mvgpu_hw_vram(struct mvgpu_device *gdev)
{
	return to_sim_gpu(gdev)->vram;
}
EXPORT_SYMBOL_GPL(mvgpu_hw_vram);

/**
 * mvgpu_hw_vram_page() - the page behind one page of device memory
 * @gdev: the GPU
 * @offset: byte offset in device memory
 *
 * Return: the page, or NULL when @offset is past the end.
 */
struct page *mvgpu_hw_vram_page(struct mvgpu_device *gdev, u64 offset)
{
	if (offset >= gdev->vram_size)
		return NULL;
	return vmalloc_to_page(to_sim_gpu(gdev)->vram + offset);
}
EXPORT_SYMBOL_GPL(mvgpu_hw_vram_page);

static void sim_gpu_release(struct device *dev)
{
	struct mvgpu_sim_gpu *gpu = to_sim_gpu(to_mvgpu_device(dev));

	vfree(gpu->gtt);
	vfree(gpu->vram);
	kfree(gpu);
}

static struct mvgpu_sim_gpu *sim_gpu_create(unsigned int index)
{
	struct mvgpu_sim_gpu *gpu;
	int ret;

	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&gpu->lock);
	gpu->gdev.device_id = MVGPU_PCI_DEVICE_ID_GPU;
	gpu->gdev.index = index;
	gpu->gdev.vram_size = (u64)vram_mb << 20;
	gpu->copy_engines = copy_engines;
	gpu->compute_engines = compute_engines;

	sim_irq_init(gpu);

	device_initialize(&gpu->gdev.dev);
	gpu->gdev.dev.bus = &mvgpu_bus_type;
	gpu->gdev.dev.parent = sim_root;
	gpu->gdev.dev.release = sim_gpu_release;
	/* A direct-mapped, 64-bit DMA master. */
	gpu->gdev.dev.coherent_dma_mask = DMA_BIT_MASK(64);
	gpu->gdev.dev.dma_mask = &gpu->gdev.dev.coherent_dma_mask;

	gpu->vram = vzalloc(gpu->gdev.vram_size);
	gpu->gtt = vzalloc(MVGPU_GPU_GTT_ENTRIES * sizeof(*gpu->gtt));
	if (!gpu->vram || !gpu->gtt) {
		ret = -ENOMEM;
		goto put_dev;
	}
	sim_engines_init(gpu);
	spin_lock_irq(&gpu->lock);
	sim_regs_reset_locked(gpu);
	spin_unlock_irq(&gpu->lock);

	ret = dev_set_name(&gpu->gdev.dev, "mvgpu%u", index);
	if (ret)
		goto put_dev;
	ret = device_add(&gpu->gdev.dev);
	if (ret)
		goto put_dev;
	return gpu;

put_dev:
	put_device(&gpu->gdev.dev);
	return ERR_PTR(ret);
}

static int sim_check_params(void)
{
	if (!num_gpus || num_gpus > SIM_MAX_GPUS) {
		pr_err("mvgpu_sim: num_gpus=%u out of range 1-%d\n",
		       num_gpus, SIM_MAX_GPUS);
		return -EINVAL;
	}
	if (vram_mb < 16 || vram_mb > 1024 || !is_power_of_2(vram_mb)) {
		pr_err("mvgpu_sim: vram_mb=%u must be a power of two in 16-1024\n",
		       vram_mb);
		return -EINVAL;
	}
	if (!copy_engines || copy_engines > MVGPU_MAX_COPY_ENGINES ||
	    !compute_engines || compute_engines > MVGPU_MAX_COMPUTE_ENGINES) {
		pr_err("mvgpu_sim: engine counts must be in 1-%d and 1-%d\n",
		       MVGPU_MAX_COPY_ENGINES, MVGPU_MAX_COMPUTE_ENGINES);
		return -EINVAL;
	}
	return 0;
}

static void sim_destroy_gpu(struct mvgpu_sim_gpu *gpu)
{
	get_device(&gpu->gdev.dev);
	device_unregister(&gpu->gdev.dev);
	/* The driver is gone: stop the engines, then let the GPU go. */
	sim_engines_fini(gpu);
	sim_irq_fini(gpu);
	put_device(&gpu->gdev.dev);
}

static void sim_destroy_gpus(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_gpus); i++) {
		if (sim_gpus[i])
			sim_destroy_gpu(sim_gpus[i]);
		sim_gpus[i] = NULL;
	}
}

static int __init mvgpu_sim_init(void)
{
	struct mvgpu_sim_gpu *gpu;
	unsigned int i;
	int ret;

	ret = sim_check_params();
	if (ret)
		return ret;
	ret = bus_register(&mvgpu_bus_type);
	if (ret)
		return ret;
	sim_root = root_device_register("mvgpu_sim");
	if (IS_ERR(sim_root)) {
		ret = PTR_ERR(sim_root);
		goto unregister_bus;
	}
	for (i = 0; i < num_gpus; i++) {
		gpu = sim_gpu_create(i);
		if (IS_ERR(gpu)) {
			ret = PTR_ERR(gpu);
			goto destroy_gpus;
		}
		sim_gpus[i] = gpu;
	}
	pr_info("mvgpu_sim: %u GPU(s), %u MiB device memory each\n",
		num_gpus, vram_mb);
	return 0;

destroy_gpus:
	sim_destroy_gpus();
	root_device_unregister(sim_root);
unregister_bus:
	bus_unregister(&mvgpu_bus_type);
	return ret;
}

static void __exit mvgpu_sim_exit(void)
{
	sim_destroy_gpus();
	root_device_unregister(sim_root);
	bus_unregister(&mvgpu_bus_type);
}

module_init(mvgpu_sim_init);
module_exit(mvgpu_sim_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mvgpu emulated GPU");
