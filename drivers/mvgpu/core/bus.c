// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mvgpu bus: matches GPUs with their drivers, and owns the devices.
 *
 * It lives in the core module, as the PCI bus lives in the kernel: the
 * hardware module (the emulated GPU) depends on it, not the reverse.  The
 * core allocates and releases every struct mvgpu_device, so that a device
 * still referenced (a DRM device holds its parent until the last client
 * closes) outlives the hardware's module; once the hardware removed it, its
 * operations are replaced by inert ones.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include <mvgpu/mvgpu_bus.h>
#include <mvgpu/mvgpu_compat.h>

static int mvgpu_bus_match(struct device *dev,
			   MVGPU_BUS_MATCH_CONST struct device_driver *drv)
{
	struct mvgpu_device *gdev = to_mvgpu_device(dev);
	const u32 *id;

	for (id = to_mvgpu_driver(drv)->id_table; id && *id; id++)
		if (*id == gdev->device_id)
			return 1;
	return 0;
}

static int mvgpu_bus_probe(struct device *dev)
{
	return to_mvgpu_driver(dev->driver)->probe(to_mvgpu_device(dev));
}

static void mvgpu_bus_remove(struct device *dev)
{
	struct mvgpu_driver *drv = to_mvgpu_driver(dev->driver);

	if (drv->remove)
		drv->remove(to_mvgpu_device(dev));
}

struct bus_type mvgpu_bus_type = {
	.name = "mvgpu",
	.match = mvgpu_bus_match,
	.probe = mvgpu_bus_probe,
	.remove = mvgpu_bus_remove,
};
EXPORT_SYMBOL_GPL(mvgpu_bus_type);

/**
 * __mvgpu_driver_register() - register a driver for mvgpu GPUs
 * @drv: the driver, with .driver.name, .id_table and .probe set
 * @owner: the module that owns @drv
 *
 * Return: 0 or a negative errno.
 */
int __mvgpu_driver_register(struct mvgpu_driver *drv, struct module *owner)
{
	if (!drv->probe || !drv->id_table)
		return -EINVAL;
	drv->driver.bus = &mvgpu_bus_type;
	drv->driver.owner = owner;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__mvgpu_driver_register);

/**
 * mvgpu_driver_unregister() - unbind a driver from all its GPUs and remove it
 * @drv: a driver registered with mvgpu_driver_register()
 */
void mvgpu_driver_unregister(struct mvgpu_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(mvgpu_driver_unregister);

/* What a removed GPU answers: all ones, as a PCI read of a gone device. */
static u32 mvgpu_gone_read32(struct mvgpu_device *gdev, u32 offset)
{
	return ~0u;
}

static void mvgpu_gone_write32(struct mvgpu_device *gdev, u32 offset, u32 val)
{
}

static u64 mvgpu_gone_read64(struct mvgpu_device *gdev, u32 offset)
{
	return ~0ull;
}

static void mvgpu_gone_write64(struct mvgpu_device *gdev, u32 offset, u64 val)
{
}

static int mvgpu_gone_request_irq(struct mvgpu_device *gdev,
				  mvgpu_irq_handler_t handler, void *data)
{
	return -ENODEV;
}

static void mvgpu_gone_free_irq(struct mvgpu_device *gdev)
{
}

static long mvgpu_gone_vram_pfn(struct mvgpu_device *gdev, u64 offset)
{
	return -ENODEV;
}

static void *mvgpu_gone_vram_map(struct mvgpu_device *gdev)
{
	return NULL;
}

static const struct mvgpu_hw_ops mvgpu_gone_ops = {
	.read32 = mvgpu_gone_read32,
	.write32 = mvgpu_gone_write32,
	.read64 = mvgpu_gone_read64,
	.write64 = mvgpu_gone_write64,
	.request_irq = mvgpu_gone_request_irq,
	.free_irq = mvgpu_gone_free_irq,
	.vram_pfn = mvgpu_gone_vram_pfn,
	.vram_map = mvgpu_gone_vram_map,
};

static void mvgpu_device_release(struct device *dev)
{
	kfree(to_mvgpu_device(dev));
}

/**
 * mvgpu_device_alloc() - create a GPU, not yet visible
 * @parent: its parent device
 * @ops: how a driver reaches it; must stay valid until mvgpu_device_del()
 * @hw: the hardware's data, in &mvgpu_device.hw
 *
 * The caller fills in device_id, index, vram_size and the DMA masks, then
 * calls mvgpu_device_add(); on failure mvgpu_device_put().
 *
 * Return: the device (one reference), or an ERR_PTR().
 */
struct mvgpu_device *mvgpu_device_alloc(struct device *parent,
					const struct mvgpu_hw_ops *ops,
					void *hw)
{
	struct mvgpu_device *gdev = kzalloc(sizeof(*gdev), GFP_KERNEL);

	if (!gdev)
		return ERR_PTR(-ENOMEM);
	device_initialize(&gdev->dev);
	gdev->dev.bus = &mvgpu_bus_type;
	gdev->dev.parent = parent;
	gdev->dev.release = mvgpu_device_release;
	gdev->ops = ops;
	gdev->hw = hw;
	return gdev;
}
EXPORT_SYMBOL_GPL(mvgpu_device_alloc);

/**
 * mvgpu_device_add() - name a GPU mvgpu<index> and let drivers bind it
 * @gdev: from mvgpu_device_alloc()
 *
 * Return: 0 or a negative errno.
 */
int mvgpu_device_add(struct mvgpu_device *gdev)
{
	int ret;

	ret = dev_set_name(&gdev->dev, "mvgpu%u", gdev->index);
	if (ret)
		return ret;
	return device_add(&gdev->dev);
}
EXPORT_SYMBOL_GPL(mvgpu_device_add);

/**
 * mvgpu_device_del() - unbind a GPU's driver and take the GPU away
 * @gdev: added with mvgpu_device_add()
 *
 * When it returns no driver uses the hardware: the hardware may stop and
 * free what &mvgpu_device.hw points to.  The device stays allocated while
 * references remain; drop the caller's with mvgpu_device_put().
 */
void mvgpu_device_del(struct mvgpu_device *gdev)
{
	device_del(&gdev->dev);
	WRITE_ONCE(gdev->ops, &mvgpu_gone_ops);
	gdev->hw = NULL;
}
EXPORT_SYMBOL_GPL(mvgpu_device_del);

/**
 * mvgpu_device_put() - drop a reference to a GPU
 * @gdev: the GPU, or NULL
 */
void mvgpu_device_put(struct mvgpu_device *gdev)
{
	if (gdev)
		put_device(&gdev->dev);
}
EXPORT_SYMBOL_GPL(mvgpu_device_put);
