// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: the PCI front end.
 *
 * Inside a virtual machine the GPU is the vGPU's PCI function
 * (MVGPU_PCI_VENDOR_ID:MVGPU_PCI_DEVICE_ID_VGPU).  This driver binds it,
 * maps BAR0 (registers and the GTT window) and BAR2 (device memory,
 * write-combined), takes its MSI vector, and puts one struct mvgpu_device
 * on the mvgpu bus whose operations are MMIO accessors: the core binds it
 * as it binds the emulated GPU, and the render node follows.  No copy of
 * the driver: the same core and render node serve the host and the guest.
 *
 * The GPU's DMA goes through the PCI function: the bus device gets the
 * PCI function's DMA masks and operations, so that the DMA API on
 * &mvgpu_device.dev gives the bus addresses the function uses (in a guest,
 * guest-physical addresses, which the vGPU pins).
 *
 * On removal (unbind, or a hot-unplug by the VMM) the bus device is
 * deleted first: the core unbinds while the registers are still mapped,
 * then the operations are inert; only then are the interrupt and the BARs
 * released.
 */
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/module.h>
#include <linux/pci.h>

#include <mvgpu/mvgpu_bus.h>
#include <mvgpu/mvgpu_compat.h>
#include <mvgpu/mvgpu_hw.h>

#include "core.h"

#define MVGPU_PCI_REG_BAR	0
#define MVGPU_PCI_VRAM_BAR	2
/* Bus device names: the emulated GPUs take mvgpu0-mvgpu7. */
#define MVGPU_PCI_FIRST_INDEX	8

static DEFINE_IDA(mvgpu_pci_ida);

/**
 * struct mvgpu_pci - one PCI function driven through the mvgpu bus
 * @pdev: the function
 * @gdev: its device on the mvgpu bus
 * @regs: BAR0: registers, then the GTT window
 * @regs_len: bytes of BAR0 mapped
 * @vram: BAR2, write-combined; NULL without device memory
 * @vram_phys: bus address of BAR2
 * @irq: the Linux interrupt of the function's vector
 * @irq_on: @handler is installed
 * @handler: the core's interrupt handler
 * @handler_data: its argument
 */
struct mvgpu_pci {
	struct pci_dev *pdev;
	struct mvgpu_device *gdev;
	void __iomem *regs;
	resource_size_t regs_len;
	void __iomem *vram;
	phys_addr_t vram_phys;
	int irq;
	bool irq_on;
	mvgpu_irq_handler_t handler;
	void *handler_data;
};

static struct mvgpu_pci *to_mvgpu_pci(struct mvgpu_device *gdev)
{
	return gdev->hw;
}

static u32 mvgpu_pci_read32(struct mvgpu_device *gdev, u32 offset)
{
	struct mvgpu_pci *mp = to_mvgpu_pci(gdev);

	if (offset > mp->regs_len - 4)
		return 0;
	return readl(mp->regs + offset);
}

static void mvgpu_pci_write32(struct mvgpu_device *gdev, u32 offset, u32 val)
{
	struct mvgpu_pci *mp = to_mvgpu_pci(gdev);

	if (offset <= mp->regs_len - 4)
		writel(val, mp->regs + offset);
}

static u64 mvgpu_pci_read64(struct mvgpu_device *gdev, u32 offset)
{
	struct mvgpu_pci *mp = to_mvgpu_pci(gdev);

	if (offset > mp->regs_len - 8)
		return 0;
	return readq(mp->regs + offset);
}

static void mvgpu_pci_write64(struct mvgpu_device *gdev, u32 offset, u64 val)
{
	struct mvgpu_pci *mp = to_mvgpu_pci(gdev);

	if (offset <= mp->regs_len - 8)
		writeq(val, mp->regs + offset);
}

static irqreturn_t mvgpu_pci_irq(int irq, void *data)
{
	struct mvgpu_pci *mp = data;
	u32 pending;

	/* INTx may be shared: answer only for a source of ours. */
	if (!mp->pdev->msi_enabled) {
		pending = readl(mp->regs + MVGPU_REG_INT_STATUS) &
			  readl(mp->regs + MVGPU_REG_INT_ENABLE);
		if (!pending || pending == ~0u)
			return IRQ_NONE;
	}
	mp->handler(mp->gdev, mp->handler_data);
	return IRQ_HANDLED;
}

static int mvgpu_pci_request_irq(struct mvgpu_device *gdev,
				 mvgpu_irq_handler_t handler, void *data)
{
	struct mvgpu_pci *mp = to_mvgpu_pci(gdev);
	int ret;

	if (mp->irq_on)
		return -EBUSY;
	mp->handler = handler;
	mp->handler_data = data;
	ret = request_irq(mp->irq, mvgpu_pci_irq,
			  mp->pdev->msi_enabled ? 0 : IRQF_SHARED,
			  dev_name(&gdev->dev), mp);
	if (ret)
		return ret;
	mp->irq_on = true;
	return 0;
}

static void mvgpu_pci_irq_off(struct mvgpu_pci *mp)
{
	if (!mp->irq_on)
		return;
	free_irq(mp->irq, mp);
	mp->irq_on = false;
}

static void mvgpu_pci_free_irq(struct mvgpu_device *gdev)
{
	mvgpu_pci_irq_off(to_mvgpu_pci(gdev));
}

static long mvgpu_pci_vram_pfn(struct mvgpu_device *gdev, u64 offset)
{
	struct mvgpu_pci *mp = to_mvgpu_pci(gdev);

	if (!mp->vram || offset >= gdev->vram_size)
		return -ERANGE;
	return PHYS_PFN(mp->vram_phys + offset);
}

static void *mvgpu_pci_vram_map(struct mvgpu_device *gdev)
{
	/* x86: a WC mapping is accessed with memcpy()/memset() all the same. */
	return (void __force *)to_mvgpu_pci(gdev)->vram;
}

static const struct mvgpu_hw_ops mvgpu_pci_ops = {
	.read32 = mvgpu_pci_read32,
	.write32 = mvgpu_pci_write32,
	.read64 = mvgpu_pci_read64,
	.write64 = mvgpu_pci_write64,
	.request_irq = mvgpu_pci_request_irq,
	.free_irq = mvgpu_pci_free_irq,
	.vram_pfn = mvgpu_pci_vram_pfn,
	.vram_map = mvgpu_pci_vram_map,
};

static int mvgpu_pci_map(struct mvgpu_pci *mp)
{
	struct pci_dev *pdev = mp->pdev;
	resource_size_t len;

	len = pci_resource_len(pdev, MVGPU_PCI_REG_BAR);
	if (!(pci_resource_flags(pdev, MVGPU_PCI_REG_BAR) & IORESOURCE_MEM) ||
	    len < MVGPU_BAR0_SIZE) {
		dev_err(&pdev->dev, "BAR0 is %pa bytes, expected %#x\n", &len,
			MVGPU_BAR0_SIZE);
		return -ENODEV;
	}
	mp->regs_len = MVGPU_BAR0_SIZE;
	mp->regs = pcim_iomap(pdev, MVGPU_PCI_REG_BAR, MVGPU_BAR0_SIZE);
	if (!mp->regs)
		return -ENOMEM;

	len = pci_resource_len(pdev, MVGPU_PCI_VRAM_BAR);
	if (!len)
		return 0;
	mp->vram_phys = pci_resource_start(pdev, MVGPU_PCI_VRAM_BAR);
	mp->vram = devm_ioremap_wc(&pdev->dev, mp->vram_phys, len);
	if (!mp->vram)
		return -ENOMEM;
	return 0;
}

/* The bus device: named, DMA through the function, device memory sized. */
static int mvgpu_pci_add_gdev(struct mvgpu_pci *mp)
{
	struct pci_dev *pdev = mp->pdev;
	struct mvgpu_device *gdev;
	int index, ret;

	index = ida_alloc_min(&mvgpu_pci_ida, MVGPU_PCI_FIRST_INDEX,
			      GFP_KERNEL);
	if (index < 0)
		return index;
	gdev = mvgpu_device_alloc(&pdev->dev, &mvgpu_pci_ops, mp);
	if (IS_ERR(gdev)) {
		ida_free(&mvgpu_pci_ida, index);
		return PTR_ERR(gdev);
	}
	gdev->device_id = pdev->device;
	gdev->index = index;
	gdev->vram_size = mp->vram ? pci_resource_len(pdev, MVGPU_PCI_VRAM_BAR)
				   : 0;
	/* The DMA API on the bus device maps for the PCI function. */
	gdev->dev.coherent_dma_mask = pdev->dev.coherent_dma_mask;
	gdev->dev.dma_mask = &gdev->dev.coherent_dma_mask;
	set_dma_ops(&gdev->dev, get_dma_ops(&pdev->dev));
	gdev->dev.dma_parms = pdev->dev.dma_parms;
	mp->gdev = gdev;
	ret = mvgpu_device_add(gdev);
	if (ret) {
		dev_err(&pdev->dev, "cannot add mvgpu%d: %d\n", index, ret);
		mvgpu_device_put(gdev);
		mp->gdev = NULL;
		ida_free(&mvgpu_pci_ida, index);
	}
	return ret;
}

static int mvgpu_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct mvgpu_pci *mp;
	int ret;

	mp = devm_kzalloc(&pdev->dev, sizeof(*mp), GFP_KERNEL);
	if (!mp)
		return -ENOMEM;
	mp->pdev = pdev;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret) {
		dev_err(&pdev->dev, "no 64-bit DMA: %d\n", ret);
		return ret;
	}
	ret = mvgpu_pci_map(mp);
	if (ret)
		return ret;
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | MVGPU_PCI_IRQ_INTX);
	if (ret < 0) {
		dev_err(&pdev->dev, "no interrupt: %d\n", ret);
		return ret;
	}
	mp->irq = pci_irq_vector(pdev, 0);
	pci_set_drvdata(pdev, mp);
	ret = mvgpu_pci_add_gdev(mp);
	if (ret)
		goto free_vectors;
	dev_info(&pdev->dev, "%s, %s interrupt, %llu MiB BAR2\n",
		 dev_name(&mp->gdev->dev), pdev->msi_enabled ? "MSI" : "INTx",
		 mp->gdev->vram_size >> 20);
	return 0;

free_vectors:
	pci_free_irq_vectors(pdev);
	return ret;
}

static void mvgpu_pci_remove(struct pci_dev *pdev)
{
	struct mvgpu_pci *mp = pci_get_drvdata(pdev);
	unsigned int index = mp->gdev->index;

	/*
	 * The core unbinds (its interrupt freed) while the BARs are mapped;
	 * then the operations are inert, for the users that hold the device
	 * (and gdev->hw is NULL: @mp is reached directly from here on).
	 */
	mvgpu_device_del(mp->gdev);
	mvgpu_pci_irq_off(mp);
	mvgpu_device_put(mp->gdev);
	mp->gdev = NULL;
	pci_free_irq_vectors(pdev);
	ida_free(&mvgpu_pci_ida, index);
}

/* A function-level reset (the guest's): the GPU stops, and goes on after. */
static void mvgpu_pci_reset_prepare(struct pci_dev *pdev)
{
	struct mvgpu_pci *mp = pci_get_drvdata(pdev);

	if (mp && mp->gdev)
		mvgpu_device_reset_prepare(mp->gdev);
}

static void mvgpu_pci_reset_done(struct pci_dev *pdev)
{
	struct mvgpu_pci *mp = pci_get_drvdata(pdev);

	if (mp && mp->gdev)
		mvgpu_device_reset_done(mp->gdev);
}

static const struct pci_error_handlers mvgpu_pci_err_handlers = {
	.reset_prepare = mvgpu_pci_reset_prepare,
	.reset_done = mvgpu_pci_reset_done,
};

static const struct pci_device_id mvgpu_pci_ids[] = {
	{ PCI_DEVICE(MVGPU_PCI_VENDOR_ID, MVGPU_PCI_DEVICE_ID_VGPU) },
	{ }
};
MODULE_DEVICE_TABLE(pci, mvgpu_pci_ids);

struct pci_driver mvgpu_pci_driver = {
	.name = "mvgpu_pci",
	.id_table = mvgpu_pci_ids,
	.probe = mvgpu_pci_probe,
	.remove = mvgpu_pci_remove,
	.err_handler = &mvgpu_pci_err_handlers,
};
