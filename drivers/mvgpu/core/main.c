// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: binds each GPU on the mvgpu bus, resets it, and hands it to
 * the clients (the render node here, the vGPU mediation in mvgpu_vgpu.ko).
 *
 * Removal runs in the order the engines' users need: the clients go in the
 * reverse order of registration (the vGPU mediation stops creates and
 * unregisters its mdev parent, waiting for the VMMs; then the render node
 * is unplugged and destroys its contexts), then the core frees the
 * interrupt, stops the engines, resets the GPU, clears the whole GTT and
 * drops its reference.  The struct mvgpu_gpu is freed with the last
 * reference.
 */
#include <kunit/visibility.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <mvgpu/mvgpu_core.h>
#include <mvgpu/mvgpu_version.h>

#include "core.h"

#define MVGPU_RESET_TIMEOUT_US		1000000

/* Protects mvgpu_clients, mvgpu_gpus and each GPU's client fields. */
static DEFINE_MUTEX(mvgpu_client_lock);
static struct mvgpu_client *mvgpu_clients[MVGPU_MAX_CLIENTS];
static LIST_HEAD(mvgpu_gpus);

static const u32 mvgpu_ids[] = {
	MVGPU_PCI_DEVICE_ID_GPU, MVGPU_PCI_DEVICE_ID_VGPU, 0
};

static void mvgpu_gpu_release(struct kref *ref)
{
	struct mvgpu_gpu *gpu = container_of(ref, struct mvgpu_gpu, ref);

	/* Every range was removed: BOs and contexts hold the GPU. */
	drm_mm_takedown(&gpu->gtt_mm);
	mutex_destroy(&gpu->gtt_lock);
	mvgpu_device_put(gpu->gdev);
	kfree(gpu);
}

/**
 * mvgpu_gpu_get() - take a reference to a GPU
 * @gpu: the GPU
 *
 * Return: @gpu.
 */
struct mvgpu_gpu *mvgpu_gpu_get(struct mvgpu_gpu *gpu)
{
	kref_get(&gpu->ref);
	return gpu;
}
EXPORT_SYMBOL_GPL(mvgpu_gpu_get);

/**
 * mvgpu_gpu_put() - drop a reference to a GPU
 * @gpu: the GPU, or NULL
 *
 * The last reference frees it; the hardware is no longer reachable by then
 * (its operations are inert once the GPU was removed).
 */
void mvgpu_gpu_put(struct mvgpu_gpu *gpu)
{
	if (gpu)
		kref_put(&gpu->ref, mvgpu_gpu_release);
}
EXPORT_SYMBOL_GPL(mvgpu_gpu_put);

static void mvgpu_client_add_locked(struct mvgpu_client *client,
				    struct mvgpu_gpu *gpu)
{
	void *data = NULL;
	int ret;

	lockdep_assert_held(&mvgpu_client_lock);
	ret = client->add(gpu, &data);
	if (ret) {
		dev_warn(&gpu->gdev->dev, "no %s: %d\n", client->name, ret);
		return;
	}
	gpu->client_data[client->slot] = data;
	__set_bit(client->slot, &gpu->added);
}

static void mvgpu_client_remove_locked(struct mvgpu_client *client,
				       struct mvgpu_gpu *gpu)
{
	lockdep_assert_held(&mvgpu_client_lock);
	if (!__test_and_clear_bit(client->slot, &gpu->added))
		return;
	client->remove(gpu, gpu->client_data[client->slot]);
	gpu->client_data[client->slot] = NULL;
}

/**
 * mvgpu_client_register() - serve a client on every GPU
 * @client: the client, with @name, @add and @remove set
 *
 * Calls @client->add for every GPU bound now and for every GPU bound later.
 *
 * Return: 0, or -EBUSY when MVGPU_MAX_CLIENTS are registered.
 */
int mvgpu_client_register(struct mvgpu_client *client)
{
	struct mvgpu_gpu *gpu;
	int slot;

	mutex_lock(&mvgpu_client_lock);
	for (slot = 0; slot < MVGPU_MAX_CLIENTS; slot++)
		if (!mvgpu_clients[slot])
			break;
	if (slot == MVGPU_MAX_CLIENTS) {
		mutex_unlock(&mvgpu_client_lock);
		return -EBUSY;
	}
	client->slot = slot;
	mvgpu_clients[slot] = client;
	list_for_each_entry(gpu, &mvgpu_gpus, link)
		mvgpu_client_add_locked(client, gpu);
	mutex_unlock(&mvgpu_client_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(mvgpu_client_register);

/**
 * mvgpu_client_unregister() - stop serving a client
 * @client: registered with mvgpu_client_register()
 *
 * Calls @client->remove for every GPU it was added to.
 */
void mvgpu_client_unregister(struct mvgpu_client *client)
{
	struct mvgpu_gpu *gpu;

	mutex_lock(&mvgpu_client_lock);
	list_for_each_entry(gpu, &mvgpu_gpus, link)
		mvgpu_client_remove_locked(client, gpu);
	mvgpu_clients[client->slot] = NULL;
	mutex_unlock(&mvgpu_client_lock);
}
EXPORT_SYMBOL_GPL(mvgpu_client_unregister);

/*
 * A vGPU: VINFO must be of a major version this driver knows (see
 * "Compatibility between host and guest" in hardware.rst), and what it
 * gives must make sense: a GTT range inside the vGPU's window.
 */
static int mvgpu_vinfo_check(struct mvgpu_device *gdev, u32 id_version)
{
	u32 version = mvgpu_read32(gdev, MVGPU_VINFO_VERSION);
	u32 base = mvgpu_read32(gdev, MVGPU_VINFO_GTT_BASE);
	u32 count = mvgpu_read32(gdev, MVGPU_VINFO_GTT_COUNT);

	if (version >> 16 != MVGPU_VINFO_VERSION_VALUE >> 16) {
		dev_err(&gdev->dev,
			"vGPU information version %u.%u (VINFO_VERSION %#x, hardware ID_VERSION %#x) unsupported: this driver knows VINFO %u.x and hardware %u.x\n",
			version >> 16, version & 0xffff, version, id_version,
			MVGPU_VINFO_VERSION_VALUE >> 16,
			MVGPU_ID_VERSION >> 16);
		return -ENODEV;
	}
	if (!mvgpu_gtt_range_valid(base, count, MVGPU_GTT_ENTRIES)) {
		dev_err(&gdev->dev,
			"vGPU GTT range %u+%u outside its %u entries\n",
			base, count, (u32)MVGPU_GTT_ENTRIES);
		return -ENODEV;
	}
	return 0;
}

VISIBLE_IF_KUNIT int mvgpu_check_id(struct mvgpu_device *gdev)
{
	u32 magic = mvgpu_read32(gdev, MVGPU_REG_ID_MAGIC);
	u32 version = mvgpu_read32(gdev, MVGPU_REG_ID_VERSION);

	if (magic != MVGPU_ID_MAGIC) {
		dev_err(&gdev->dev, "bad magic %#x, expected %#x\n", magic,
			MVGPU_ID_MAGIC);
		return -ENODEV;
	}
	if (version >> 16 != MVGPU_ID_VERSION >> 16) {
		dev_err(&gdev->dev,
			"hardware version %u.%u (ID_VERSION %#x) unsupported: this driver knows %u.x (ID_VERSION %#x)\n",
			version >> 16, version & 0xffff, version,
			MVGPU_ID_VERSION >> 16, MVGPU_ID_VERSION);
		return -ENODEV;
	}
	if (mvgpu_read32(gdev, MVGPU_VINFO_MAGIC) == MVGPU_VINFO_MAGIC_VALUE)
		return mvgpu_vinfo_check(gdev, version);
	return 0;
}

static u32 mvgpu_engine_control(struct mvgpu_gpu *gpu, unsigned int e)
{
	return mvgpu_read32(gpu->gdev, MVGPU_ENGINE_BASE(e) + MVGPU_ENG_CONTROL);
}

/**
 * mvgpu_gtt_flush() - wait until no engine uses an old GTT translation
 * @gpu: the GPU
 *
 * Writes GTT_FLUSH and polls it until it reads 0.  Every path that clears
 * GTT entries and then frees or unpins the pages behind them calls it in
 * between.  On hardware older than the flush register (see
 * mvgpu_gtt_flush_probe()) it does nothing.
 *
 * Context: process; sleeps.
 * Return: 0, or -ETIMEDOUT.
 */
int mvgpu_gtt_flush(struct mvgpu_gpu *gpu)
{
	u32 val;

	if (!gpu->has_gtt_flush)
		return 0;
	mvgpu_write32(gpu->gdev, MVGPU_REG_GTT_FLUSH, MVGPU_GTT_FLUSH_REQ);
	return read_poll_timeout(mvgpu_read32, val,
				 !(val & MVGPU_GTT_FLUSH_REQ), 10,
				 MVGPU_RESET_TIMEOUT_US, false, gpu->gdev,
				 MVGPU_REG_GTT_FLUSH);
}
EXPORT_SYMBOL_GPL(mvgpu_gtt_flush);

/*
 * With every engine reset, a flush completes at once.  An implementation
 * that predates the register keeps the value written (a plain RW register):
 * then there is nothing to wait for, and the core says so once.
 */
static void mvgpu_gtt_flush_probe(struct mvgpu_gpu *gpu)
{
	u32 val;

	mvgpu_write32(gpu->gdev, MVGPU_REG_GTT_FLUSH, MVGPU_GTT_FLUSH_REQ);
	gpu->has_gtt_flush = !read_poll_timeout(mvgpu_read32, val,
						!(val & MVGPU_GTT_FLUSH_REQ),
						10, 10000, false, gpu->gdev,
						MVGPU_REG_GTT_FLUSH);
	if (gpu->has_gtt_flush)
		return;
	mvgpu_write32(gpu->gdev, MVGPU_REG_GTT_FLUSH, 0);
	dev_warn(&gpu->gdev->dev,
		 "GTT_FLUSH not implemented: GTT changes are not synchronised with the engines\n");
}

/**
 * mvgpu_gpu_reset_engines() - RESET.FULL, and wait for every engine's reset
 * @gpu: the GPU
 *
 * Interrupts are masked and every GTT entry invalid afterwards.
 *
 * Return: 0, or -ETIMEDOUT.
 */
int mvgpu_gpu_reset_engines(struct mvgpu_gpu *gpu)
{
	unsigned int e;
	u32 val;
	int ret;

	mvgpu_write32(gpu->gdev, MVGPU_REG_RESET, MVGPU_RESET_FULL);
	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		ret = read_poll_timeout(mvgpu_engine_control, val, !val, 50,
					MVGPU_RESET_TIMEOUT_US, false, gpu, e);
		if (ret) {
			dev_err(&gpu->gdev->dev, "engine %u: reset timed out\n",
				e);
			return ret;
		}
	}
	return 0;
}

/*
 * Full reset: every engine stopped and reset, interrupts masked, and the
 * whole GTT invalid (the manual says a full reset does that; an older
 * implementation did not, so the core writes them too).
 */
static int mvgpu_gpu_reset(struct mvgpu_gpu *gpu)
{
	int ret;

	ret = mvgpu_gpu_reset_engines(gpu);
	if (ret)
		return ret;
	if (!gpu->flush_probed) {
		mvgpu_gtt_flush_probe(gpu);
		gpu->flush_probed = true;
	}
	/*
	 * A vGPU's function reset invalidates its own entries and touches
	 * nobody else's ("The vGPU", Resets): nothing to write, and each
	 * write would be a trap.
	 */
	if (gpu->vgpu)
		return 0;
	return mvgpu_gtt_clear(gpu, 0, MVGPU_GPU_GTT_ENTRIES);
}

static void mvgpu_gpu_read_config(struct mvgpu_gpu *gpu)
{
	struct mvgpu_device *gdev = gpu->gdev;
	unsigned int n;

	gpu->vram_size = mvgpu_read32(gdev, MVGPU_REG_VRAM_SIZE_LO) |
		(u64)mvgpu_read32(gdev, MVGPU_REG_VRAM_SIZE_HI) << 32;
	gpu->engines = mvgpu_read32(gdev, MVGPU_REG_ENGINES);
	gpu->vgpu = mvgpu_read32(gdev, MVGPU_VINFO_MAGIC) ==
		MVGPU_VINFO_MAGIC_VALUE;
	gpu->gtt_base = MVGPU_HOST_GTT_BASE;
	gpu->gtt_count = MVGPU_HOST_GTT_COUNT;
	if (gpu->vgpu) {
		/* Ballooning: only the vGPU's entries, memory and engines. */
		gpu->gtt_base = mvgpu_read32(gdev, MVGPU_VINFO_GTT_BASE);
		gpu->gtt_count = mvgpu_read32(gdev, MVGPU_VINFO_GTT_COUNT);
		gpu->tail_poll = mvgpu_read32(gdev, MVGPU_VINFO_CAPS) &
				 MVGPU_VCAP_TAIL_POLL;
		gpu->vram_size = min(gpu->vram_size, gdev->vram_size);
	}
	gpu->copy_engines = min_t(u32, gpu->engines & MVGPU_ENGINES_COPY_MASK,
				  MVGPU_MAX_COPY_ENGINES);
	gpu->compute_engines = min_t(u32, (gpu->engines &
					   MVGPU_ENGINES_COMPUTE_MASK) >>
				     MVGPU_ENGINES_COMPUTE_SHIFT,
				     MVGPU_MAX_COMPUTE_ENGINES);
	for (n = 0; n < gpu->copy_engines; n++)
		__set_bit(MVGPU_ENGINE_COPY(n), &gpu->engine_mask);
	for (n = 0; n < gpu->compute_engines; n++)
		__set_bit(MVGPU_ENGINE_COMPUTE(n), &gpu->engine_mask);
}

static int mvgpu_probe(struct mvgpu_device *gdev)
{
	struct mvgpu_gpu *gpu;
	int slot, ret;

	ret = mvgpu_check_id(gdev);
	if (ret)
		return ret;
	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;
	kref_init(&gpu->ref);
	get_device(&gdev->dev);
	gpu->gdev = gdev;
	mvgpu_gpu_read_config(gpu);
	mvgpu_gtt_init(gpu);
	mvgpu_hang_gpu_init(gpu);
	/* A previous driver instance may have left engines and entries. */
	ret = mvgpu_gpu_reset(gpu);
	if (ret)
		goto put_gpu;
	ret = mvgpu_engines_init(gpu);
	if (ret)
		goto put_gpu;
	ret = mvgpu_irq_init(gpu);
	if (ret)
		goto fini_engines;
	dev_set_drvdata(&gdev->dev, gpu);
	dev_info(&gdev->dev,
		 "%llu MiB device memory, %u copy and %u compute engine(s)\n",
		 gpu->vram_size >> 20, gpu->copy_engines, gpu->compute_engines);
	if (gpu->vgpu)
		dev_info(&gdev->dev,
			 "vGPU %u: GTT entries %llu+%llu, %s submission\n",
			 mvgpu_read32(gdev, MVGPU_VINFO_VGPU_ID), gpu->gtt_base,
			 gpu->gtt_count,
			 gpu->tail_poll ? "zero-trap" : "doorbell");

	mvgpu_hang_gpu_start(gpu);
	mutex_lock(&mvgpu_client_lock);
	list_add_tail(&gpu->link, &mvgpu_gpus);
	for (slot = 0; slot < MVGPU_MAX_CLIENTS; slot++)
		if (mvgpu_clients[slot])
			mvgpu_client_add_locked(mvgpu_clients[slot], gpu);
	mutex_unlock(&mvgpu_client_lock);
	return 0;

fini_engines:
	mvgpu_engines_fini(gpu);
put_gpu:
	mvgpu_gtt_fini(gpu);
	mvgpu_gpu_put(gpu);
	return ret;
}

static void mvgpu_remove(struct mvgpu_device *gdev)
{
	struct mvgpu_gpu *gpu = dev_get_drvdata(&gdev->dev);
	int slot;

	/* vGPUs first (they wait for their VMMs), then the render node. */
	mutex_lock(&mvgpu_client_lock);
	for (slot = MVGPU_MAX_CLIENTS - 1; slot >= 0; slot--)
		if (mvgpu_clients[slot])
			mvgpu_client_remove_locked(mvgpu_clients[slot], gpu);
	list_del(&gpu->link);
	mutex_unlock(&mvgpu_client_lock);

	/* No client uses the engines now: quiet the line, stop them. */
	mvgpu_hang_gpu_stop(gpu);
	mvgpu_irq_fini(gpu);
	mvgpu_engines_fini(gpu);
	/* No entry left for anyone; late frees no longer write entries. */
	if (mvgpu_gpu_reset(gpu))
		dev_warn(&gdev->dev, "reset on removal failed\n");
	mvgpu_gtt_fini(gpu);
	dev_set_drvdata(&gdev->dev, NULL);
	mvgpu_gpu_put(gpu);
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

	mvgpu_sched_wq = alloc_workqueue("mvgpu_sched", WQ_HIGHPRI | WQ_UNBOUND,
					 0);
	if (!mvgpu_sched_wq)
		return -ENOMEM;
	ret = bus_register(&mvgpu_bus_type);
	if (ret)
		goto destroy_wq;
	ret = mvgpu_client_register(&mvgpu_drm_client);
	if (ret)
		goto unregister_bus;
	ret = mvgpu_driver_register(&mvgpu_hw_driver);
	if (ret)
		goto unregister_drm;
	/* Inside a guest: the vGPU's PCI function, on the same bus. */
	ret = pci_register_driver(&mvgpu_pci_driver);
	if (ret)
		goto unregister_hw;
	return 0;

unregister_hw:
	mvgpu_driver_unregister(&mvgpu_hw_driver);
unregister_drm:
	mvgpu_client_unregister(&mvgpu_drm_client);
unregister_bus:
	bus_unregister(&mvgpu_bus_type);
destroy_wq:
	destroy_workqueue(mvgpu_sched_wq);
	return ret;
}

static void __exit mvgpu_exit(void)
{
	pci_unregister_driver(&mvgpu_pci_driver);
	mvgpu_driver_unregister(&mvgpu_hw_driver);
	mvgpu_client_unregister(&mvgpu_drm_client);
	bus_unregister(&mvgpu_bus_type);
	destroy_workqueue(mvgpu_sched_wq);
}

module_init(mvgpu_init);
module_exit(mvgpu_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION(MVGPU_VERSION);
/* modprobe mvgpu: the emulated GPU and the vGPU mediation come with it */
MODULE_SOFTDEP("post: mvgpu_sim mvgpu_vgpu");
MODULE_DESCRIPTION("mvgpu core and render node");
