/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mvgpu bus: how a driver reaches a GPU.
 *
 * The bus belongs to the core module (mvgpu.ko), as the PCI bus belongs to
 * the kernel: hardware registers its GPUs on it, the driver binds them.  The
 * emulated GPU (mvgpu_sim.ko) plays the part of the PCI core and the silicon
 * at once: it creates one struct mvgpu_device per GPU with
 * mvgpu_device_alloc() and mvgpu_device_add(), and gives each the table of
 * operations (struct mvgpu_hw_ops) that reach its registers, its interrupt
 * line and its device memory.  A driver uses only those operations, through
 * mvgpu_read32() and friends, never a symbol of the hardware's module: the
 * same driver can bind a PCI function whose operations are MMIO accessors
 * and request_irq().
 *
 * The GPU reaches system memory by DMA: a GTT entry with MVGPU_GTT_SYSTEM
 * holds an address that the driver got from the DMA API on
 * &mvgpu_device.dev.
 */
#ifndef MVGPU_BUS_H
#define MVGPU_BUS_H

#include <linux/device.h>
#include <linux/mm.h>
#include <linux/types.h>

struct mvgpu_device;

/**
 * typedef mvgpu_irq_handler_t - a driver's interrupt handler
 * @gdev: the GPU that interrupts
 * @data: what the driver passed to mvgpu_hw_ops.request_irq
 *
 * Called when INT_STATUS & INT_ENABLE becomes non-zero, and again on every
 * new event while it stays so, in hard-IRQ context with interrupts off (as
 * a PCI MSI handler runs; the emulated GPU calls it from an irq_work), never
 * on two CPUs at once: it must not sleep.  It reads INT_STATUS and writes
 * back the bits it handled, ENGINE_EVENTS before INT_STATUS.ENGINE_EVENT
 * (a level that stays set while ENGINE_EVENTS is not 0).
 */
typedef void (*mvgpu_irq_handler_t)(struct mvgpu_device *gdev, void *data);

/**
 * struct mvgpu_hw_ops - how a driver reaches one GPU
 * @read32: read a register or half a GTT entry (4-byte aligned offset in the
 *	register window); 0 where nothing is decoded
 * @write32: write one; writes where nothing is decoded are dropped
 * @read64: read two registers, or a GTT entry, at once (8-byte aligned)
 * @write64: write them at once: an engine never sees half a GTT entry
 * @request_irq: install the handler of the GPU's one interrupt line;
 *	-EBUSY when one is installed
 * @free_irq: remove it; when it returns the handler is not running and will
 *	not be called again
 * @vram_pfn: the page frame behind byte @offset of device memory, for
 *	mapping it into a process (VM_PFNMAP) or the kernel; -ERANGE past the end
 * @vram_map: a kernel mapping of all of device memory (gdev->vram_size
 *	bytes).  On the emulated GPU it is ordinary memory; a PCI BAR would give
 *	a write-combined mapping, accessed with memcpy/memset all the same on
 *	x86
 *
 * Every operation may be called from any context that may not sleep
 * except @request_irq and @free_irq, which may sleep.
 */
struct mvgpu_hw_ops {
	u32 (*read32)(struct mvgpu_device *gdev, u32 offset);
	void (*write32)(struct mvgpu_device *gdev, u32 offset, u32 val);
	u64 (*read64)(struct mvgpu_device *gdev, u32 offset);
	void (*write64)(struct mvgpu_device *gdev, u32 offset, u64 val);
	int (*request_irq)(struct mvgpu_device *gdev,
			   mvgpu_irq_handler_t handler, void *data);
	void (*free_irq)(struct mvgpu_device *gdev);
	long (*vram_pfn)(struct mvgpu_device *gdev, u64 offset);
	void *(*vram_map)(struct mvgpu_device *gdev);
};

/**
 * struct mvgpu_device - one GPU as its driver sees it
 * @dev: the device on the mvgpu bus; released by the core module, so that
 *	it may outlive the hardware's module (a DRM device holds its parent)
 * @ops: how to reach the hardware; replaced by inert operations once the
 *	hardware removed the device (mvgpu_device_del())
 * @hw: the hardware's private data, for @ops
 * @device_id: hardware device ID (MVGPU_PCI_DEVICE_ID_GPU)
 * @index: instance number, as in the device name mvgpu<index>
 * @vram_size: bytes of device memory
 */
struct mvgpu_device {
	struct device dev;
	const struct mvgpu_hw_ops *ops;
	void *hw;
	u32 device_id;
	unsigned int index;
	u64 vram_size;
};

/**
 * struct mvgpu_driver - a driver for mvgpu GPUs
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

extern struct bus_type mvgpu_bus_type;

int __mvgpu_driver_register(struct mvgpu_driver *drv, struct module *owner);
#define mvgpu_driver_register(drv) __mvgpu_driver_register(drv, THIS_MODULE)
void mvgpu_driver_unregister(struct mvgpu_driver *drv);

/* For the hardware: create, publish and remove a GPU. */
struct mvgpu_device *mvgpu_device_alloc(struct device *parent,
					const struct mvgpu_hw_ops *ops,
					void *hw);
int mvgpu_device_add(struct mvgpu_device *gdev);
void mvgpu_device_del(struct mvgpu_device *gdev);
void mvgpu_device_put(struct mvgpu_device *gdev);

/* For the driver: the operations of the bound GPU. */
static inline u32 mvgpu_read32(struct mvgpu_device *gdev, u32 offset)
{
	return gdev->ops->read32(gdev, offset);
}

static inline void mvgpu_write32(struct mvgpu_device *gdev, u32 offset,
				 u32 val)
{
	gdev->ops->write32(gdev, offset, val);
}

static inline u64 mvgpu_read64(struct mvgpu_device *gdev, u32 offset)
{
	return gdev->ops->read64(gdev, offset);
}

static inline void mvgpu_write64(struct mvgpu_device *gdev, u32 offset,
				 u64 val)
{
	gdev->ops->write64(gdev, offset, val);
}

static inline int mvgpu_request_irq(struct mvgpu_device *gdev,
				    mvgpu_irq_handler_t handler, void *data)
{
	return gdev->ops->request_irq(gdev, handler, data);
}

static inline void mvgpu_free_irq(struct mvgpu_device *gdev)
{
	gdev->ops->free_irq(gdev);
}

/**
 * mvgpu_hw_vram() - the kernel mapping of a GPU's device memory
 * @gdev: the GPU
 *
 * Return: the start of device memory, gdev->vram_size bytes long, or NULL.
 */
static inline void *mvgpu_hw_vram(struct mvgpu_device *gdev)
{
	return gdev->ops->vram_map(gdev);
}

/**
 * mvgpu_hw_vram_page() - the page behind one page of device memory
 * @gdev: the GPU
 * @offset: byte offset in device memory
 *
 * Only for device memory with struct pages (the emulated GPU); a PCI BAR
 * has none: map it with mvgpu_hw_ops.vram_pfn.
 *
 * Return: the page, or NULL when @offset is past the end.
 */
static inline struct page *mvgpu_hw_vram_page(struct mvgpu_device *gdev,
					      u64 offset)
{
	long pfn = gdev->ops->vram_pfn(gdev, offset);

	return pfn < 0 || !pfn_valid(pfn) ? NULL : pfn_to_page(pfn);
}

#endif /* MVGPU_BUS_H */
