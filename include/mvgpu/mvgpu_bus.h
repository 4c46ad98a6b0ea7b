/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mvgpu bus: how a driver reaches an emulated GPU.
 *
 * The emulated GPU module (mvgpu_sim) plays the part of the PCI core and the
 * silicon at once: it creates one struct mvgpu_device per GPU on the "mvgpu"
 * bus, and a driver binds to it through the driver model.  From then on the
 * driver sees only what a PCI driver would: a register BAR (registers and
 * GTT), reached with mvgpu_hw_read32/64() and mvgpu_hw_write32/64(), one
 * interrupt line, and a device-memory aperture.  The GPU reaches system
 * memory by DMA: a GTT entry with MVGPU_GTT_SYSTEM holds an address that the
 * driver got from the DMA API on &mvgpu_device.dev.
 */
#ifndef MVGPU_BUS_H
#define MVGPU_BUS_H

#include <linux/device.h>
#include <linux/mm_types.h>
#include <linux/types.h>

/**
 * struct mvgpu_device - one emulated GPU as its driver sees it
 * @dev: the device on the mvgpu bus
 * @device_id: hardware device ID (MVGPU_PCI_DEVICE_ID_GPU)
 * @index: instance number, as in the device name mvgpu<index>
 * @vram_size: bytes of device memory behind the aperture
 */
struct mvgpu_device {
	struct device dev;
	u32 device_id;
	unsigned int index;
	u64 vram_size;
};

/**
 * struct mvgpu_driver - a driver for emulated GPUs
 * @driver: the driver-model driver; set .name
 * @id_table: device IDs it binds, terminated by 0
 * @probe: bind to a GPU; return 0 or a negative errno
 * @remove: unbind; the GPU stays powered
 */
struct mvgpu_driver {
	struct device_driver driver;
	const u32 *id_table;
	int (*probe)(struct mvgpu_device *gdev);
	void (*remove)(struct mvgpu_device *gdev);
};

static inline struct mvgpu_device *to_mvgpu_device(struct device *dev)
{
	return container_of(dev, struct mvgpu_device, dev);
}

#define to_mvgpu_driver(drv) container_of(drv, struct mvgpu_driver, driver)

int __mvgpu_driver_register(struct mvgpu_driver *drv, struct module *owner);
#define mvgpu_driver_register(drv) __mvgpu_driver_register(drv, THIS_MODULE)
void mvgpu_driver_unregister(struct mvgpu_driver *drv);

/**
 * typedef mvgpu_irq_handler_t - a driver's interrupt handler
 * @gdev: the GPU that interrupts
 * @data: what the driver passed to mvgpu_hw_request_irq()
 *
 * Called when INT_STATUS & INT_ENABLE becomes non-zero, and again on every
 * new event while it stays so, in hard-IRQ context with interrupts off (as
 * a PCI MSI handler runs; the emulated GPU calls it from an irq_work), never
 * on two CPUs at once: it must not sleep.  It reads INT_STATUS and writes
 * back the bits it handled, ENGINE_EVENTS before INT_STATUS.ENGINE_EVENT
 * (a level that stays set while ENGINE_EVENTS is not 0).
 */
typedef void (*mvgpu_irq_handler_t)(struct mvgpu_device *gdev, void *data);

u32 mvgpu_hw_read32(struct mvgpu_device *gdev, u32 offset);
void mvgpu_hw_write32(struct mvgpu_device *gdev, u32 offset, u32 val);
u64 mvgpu_hw_read64(struct mvgpu_device *gdev, u32 offset);
void mvgpu_hw_write64(struct mvgpu_device *gdev, u32 offset, u64 val);
int mvgpu_hw_request_irq(struct mvgpu_device *gdev,
			 mvgpu_irq_handler_t handler, void *data);
void mvgpu_hw_free_irq(struct mvgpu_device *gdev);
struct page *mvgpu_hw_vram_page(struct mvgpu_device *gdev, u64 offset);
void *mvgpu_hw_vram(struct mvgpu_device *gdev);

#endif /* MVGPU_BUS_H */
