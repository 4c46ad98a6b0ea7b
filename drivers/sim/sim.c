// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu_sim: the emulated GPU.
 *
 * Creates num_gpus GPUs on the mvgpu bus (which the core module, mvgpu.ko,
 * provides: load it first).  Each has a register window
 * (regs.c), a GTT (gtt.c), engines (engine.c) and a block of device memory,
 * as Documentation/hardware.rst describes.
 */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <mvgpu/mvgpu_version.h>

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

/*
 * The operations drivers reach the GPU with.  Both the device on the bus
 * and the GPU's own &mvgpu_sim_gpu.gdev (which the interrupt handler gets)
 * carry them, with &mvgpu_device.hw pointing at the GPU.
 */
static struct mvgpu_device *sim_gdev(struct mvgpu_device *gdev)
{
	return &((struct mvgpu_sim_gpu *)gdev->hw)->gdev;
}

static u32 sim_ops_read32(struct mvgpu_device *gdev, u32 offset)
{
	return mvgpu_hw_read32(sim_gdev(gdev), offset);
}

static void sim_ops_write32(struct mvgpu_device *gdev, u32 offset, u32 val)
{
	mvgpu_hw_write32(sim_gdev(gdev), offset, val);
}

static u64 sim_ops_read64(struct mvgpu_device *gdev, u32 offset)
{
	return mvgpu_hw_read64(sim_gdev(gdev), offset);
}

static void sim_ops_write64(struct mvgpu_device *gdev, u32 offset, u64 val)
{
	mvgpu_hw_write64(sim_gdev(gdev), offset, val);
}

static int sim_ops_request_irq(struct mvgpu_device *gdev,
			       mvgpu_irq_handler_t handler, void *data)
{
	return mvgpu_hw_request_irq(sim_gdev(gdev), handler, data);
}

static void sim_ops_free_irq(struct mvgpu_device *gdev)
{
	mvgpu_hw_free_irq(sim_gdev(gdev));
}

/* Device memory is vmalloc()ed: one page frame per page. */
static long sim_ops_vram_pfn(struct mvgpu_device *gdev, u64 offset)
{
	struct mvgpu_sim_gpu *gpu = gdev->hw;

	if (offset >= gpu->gdev.vram_size)
		return -ERANGE;
	return vmalloc_to_pfn(gpu->vram + offset);
}

static void *sim_ops_vram_map(struct mvgpu_device *gdev)
{
	return ((struct mvgpu_sim_gpu *)gdev->hw)->vram;
}

static const struct mvgpu_hw_ops sim_hw_ops = {
	.read32 = sim_ops_read32,
	.write32 = sim_ops_write32,
	.read64 = sim_ops_read64,
	.write64 = sim_ops_write64,
	.request_irq = sim_ops_request_irq,
	.free_irq = sim_ops_free_irq,
	.vram_pfn = sim_ops_vram_pfn,
	.vram_map = sim_ops_vram_map,
};

static void sim_gpu_free(struct mvgpu_sim_gpu *gpu)
{
	vfree(gpu->gtt);
	vfree(gpu->vram);
	kfree(gpu);
}

/* The GPU as the bus and its driver see it, owned by the core. */
static int sim_gpu_register(struct mvgpu_sim_gpu *gpu)
{
	struct mvgpu_device *bus_dev;
	int ret;

	bus_dev = mvgpu_device_alloc(sim_root, &sim_hw_ops, gpu);
	if (IS_ERR(bus_dev))
		return PTR_ERR(bus_dev);
	bus_dev->device_id = gpu->gdev.device_id;
	bus_dev->index = gpu->gdev.index;
	bus_dev->vram_size = gpu->gdev.vram_size;
	/* A direct-mapped, 64-bit DMA master. */
	bus_dev->dev.coherent_dma_mask = DMA_BIT_MASK(64);
	bus_dev->dev.dma_mask = &bus_dev->dev.coherent_dma_mask;
	gpu->bus_dev = bus_dev;
	ret = mvgpu_device_add(bus_dev);
	if (ret) {
		mvgpu_device_put(bus_dev);
		gpu->bus_dev = NULL;
	}
	return ret;
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
	gpu->gdev.ops = &sim_hw_ops;
	gpu->gdev.hw = gpu;
	gpu->copy_engines = copy_engines;
	gpu->compute_engines = compute_engines;

	sim_irq_init(gpu);

	gpu->vram = vzalloc(gpu->gdev.vram_size);
	gpu->gtt = vzalloc(MVGPU_GPU_GTT_ENTRIES * sizeof(*gpu->gtt));
	if (!gpu->vram || !gpu->gtt) {
		ret = -ENOMEM;
		goto free_gpu;
	}
	sim_engines_init(gpu);
	spin_lock_irq(&gpu->lock);
	sim_regs_reset_locked(gpu);
	spin_unlock_irq(&gpu->lock);
	sim_plane_debugfs_init(gpu);

	ret = sim_gpu_register(gpu);
	if (ret)
		goto fini_engines;
	return gpu;

fini_engines:
	sim_plane_debugfs_fini(gpu);
	sim_engines_fini(gpu);
free_gpu:
	sim_gpu_free(gpu);
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
	/*
	 * The driver is unbound and the device's operations inert when this
	 * returns; the device itself may live on (the core frees it).
	 */
	mvgpu_device_del(gpu->bus_dev);
	mvgpu_device_put(gpu->bus_dev);
	/* Nobody reaches the GPU now: stop the engines, then free it. */
	sim_plane_debugfs_fini(gpu);
	sim_engines_fini(gpu);
	sim_irq_fini(gpu);
	sim_gpu_free(gpu);
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
	sim_root = root_device_register("mvgpu_sim");
	if (IS_ERR(sim_root))
		return PTR_ERR(sim_root);
	mvgpu_crc32c_init();
	sim_plane_debugfs_root_init();
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
	sim_plane_debugfs_root_fini();
	root_device_unregister(sim_root);
	mvgpu_crc32c_exit();
	return ret;
}

static void __exit mvgpu_sim_exit(void)
{
	sim_destroy_gpus();
	sim_plane_debugfs_root_fini();
	root_device_unregister(sim_root);
	mvgpu_crc32c_exit();
}

module_init(mvgpu_sim_init);
module_exit(mvgpu_sim_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION(MVGPU_VERSION);
MODULE_DESCRIPTION("mvgpu emulated GPU");
