// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mvgpu bus: matches emulated GPUs with their drivers.
 */
#include <linux/module.h>

#include <mvgpu/mvgpu_bus.h>
#include <mvgpu/mvgpu_compat.h>

#include "sim.h"

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

/**
 * __mvgpu_driver_register() - register a driver for emulated GPUs
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
