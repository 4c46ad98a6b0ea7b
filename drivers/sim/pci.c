// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu_sim: the emulated GPU as a PCI citizen.
 *
 * Tools that manage mediated devices (libvirt's node devices) accept only
 * PCI functions as mdev parents.  Given pci_slot=DDDD:BB:DD.F, the first
 * emulated GPU binds that PCI function and hangs its mvgpu bus device (and
 * so the mdev parent the vGPU mediation registers) below it.  The function
 * must be a QEMU ivshmem-plain device (1af4:1110) whose shared memory
 * begins with the marker "MVGPUSIM" (scripts/vm-run --gpu-pci writes it):
 * the sim binds no other ivshmem device, and none at all without pci_slot.
 * The function only gives the GPU its place in the PCI hierarchy: registers,
 * GTT and device memory stay the sim's own.
 *
 * The PCI driver, "mvgpu" (/sys/bus/pci/drivers/mvgpu), offers no
 * bind/unbind files: a GPU must not vanish under its vGPUs by a write to
 * sysfs.  rmmod mvgpu_sim releases the function, as it removes every GPU.
 */
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "sim.h"

#define SIM_PCI_VENDOR_QUMRANET	0x1af4
#define SIM_PCI_DEVICE_IVSHMEM	0x1110
#define SIM_PCI_SHMEM_BAR	2
#define SIM_PCI_MARKER		"MVGPUSIM"

static char *pci_slot;
module_param(pci_slot, charp, 0444);
MODULE_PARM_DESC(pci_slot,
		 "PCI function (DDDD:BB:DD.F, an ivshmem-plain device marked MVGPUSIM) the first GPU binds; default none");

static struct pci_dev *sim_pci_target;
static struct mvgpu_sim_gpu *sim_pci_gpu;
static int sim_pci_probe_err;

/* The marker at the start of the function's shared memory (BAR 2). */
static int sim_pci_check_marker(struct pci_dev *pdev)
{
	char marker[sizeof(SIM_PCI_MARKER) - 1];
	void __iomem *shmem;

	if (pci_resource_len(pdev, SIM_PCI_SHMEM_BAR) < sizeof(marker) ||
	    !(pci_resource_flags(pdev, SIM_PCI_SHMEM_BAR) & IORESOURCE_MEM)) {
		pci_err(pdev, "mvgpu_sim: no shared memory in BAR %d\n",
			SIM_PCI_SHMEM_BAR);
		return -ENODEV;
	}
	shmem = pci_iomap_range(pdev, SIM_PCI_SHMEM_BAR, 0, sizeof(marker));
	if (!shmem)
		return -ENOMEM;
	memcpy_fromio(marker, shmem, sizeof(marker));
	pci_iounmap(pdev, shmem);
	if (memcmp(marker, SIM_PCI_MARKER, sizeof(marker))) {
		pci_err(pdev, "mvgpu_sim: not marked for mvgpu (shared memory does not begin with %s)\n",
			SIM_PCI_MARKER);
		return -ENODEV;
	}
	return 0;
}

static int sim_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct mvgpu_sim_gpu *gpu;
	int ret;

	/* Only the function pci_slot names: never any other ivshmem device. */
	if (pdev != sim_pci_target)
		return -ENODEV;
	ret = pci_enable_device_mem(pdev);
	if (ret)
		goto out;
	ret = sim_pci_check_marker(pdev);
	if (ret)
		goto disable;
	gpu = sim_gpu_create(0, &pdev->dev);
	if (IS_ERR(gpu)) {
		ret = PTR_ERR(gpu);
		goto disable;
	}
	pci_set_drvdata(pdev, gpu);
	sim_pci_gpu = gpu;
	pci_info(pdev, "mvgpu_sim: GPU 0 on this function\n");
	return 0;

disable:
	pci_disable_device(pdev);
out:
	sim_pci_probe_err = ret;
	return ret;
}

static void sim_pci_remove(struct pci_dev *pdev)
{
	struct mvgpu_sim_gpu *gpu = pci_get_drvdata(pdev);

	sim_destroy_gpu(gpu);
	sim_pci_gpu = NULL;
	pci_disable_device(pdev);
}

static const struct pci_device_id sim_pci_ids[] = {
	{ PCI_DEVICE(SIM_PCI_VENDOR_QUMRANET, SIM_PCI_DEVICE_IVSHMEM) },
	{ }
};

/*
 * Named "mvgpu": the mdev core names the types <parent driver>-<type>, so
 * they stay mvgpu-8 and the rest, as on the mvgpu bus.
 */
static struct pci_driver sim_pci_driver = {
	.name = "mvgpu",
	.id_table = sim_pci_ids,
	.probe = sim_pci_probe,
	.remove = sim_pci_remove,
	.driver.suppress_bind_attrs = true,
};

/* Look the slot up; a clear message for each way it can be wrong. */
static int sim_pci_find(struct pci_dev **pdevp)
{
	unsigned int domain, bus, dev, fn;
	struct pci_dev *pdev;
	char end;

	if (sscanf(pci_slot, "%x:%x:%x.%x%c", &domain, &bus, &dev, &fn,
		   &end) != 4 || domain > 0xffff || bus > 0xff || dev > 0x1f ||
	    fn > 7) {
		pr_err("mvgpu_sim: pci_slot=%s is not a PCI address DDDD:BB:DD.F\n",
		       pci_slot);
		return -EINVAL;
	}
	pdev = pci_get_domain_bus_and_slot(domain, bus, PCI_DEVFN(dev, fn));
	if (!pdev) {
		pr_err("mvgpu_sim: pci_slot=%s: no PCI function there\n",
		       pci_slot);
		return -ENODEV;
	}
	if (pdev->vendor != SIM_PCI_VENDOR_QUMRANET ||
	    pdev->device != SIM_PCI_DEVICE_IVSHMEM) {
		pr_err("mvgpu_sim: pci_slot=%s is a %04x:%04x, not an ivshmem-plain function (%04x:%04x)\n",
		       pci_slot, pdev->vendor, pdev->device,
		       SIM_PCI_VENDOR_QUMRANET, SIM_PCI_DEVICE_IVSHMEM);
		pci_dev_put(pdev);
		return -ENODEV;
	}
	*pdevp = pdev;
	return 0;
}

/**
 * sim_pci_init() - bind the function pci_slot names, if any
 *
 * Return: 1 when GPU 0 now lives on that PCI function, 0 when pci_slot is
 * not set (GPU 0 goes on the mvgpu bus as before), or a negative errno
 * (the function is missing, not ours, or busy) with a message in the log.
 */
int sim_pci_init(void)
{
	struct pci_dev *pdev;
	int ret;

	if (!pci_slot || !*pci_slot)
		return 0;
	ret = sim_pci_find(&pdev);
	if (ret)
		return ret;
	sim_pci_target = pdev;
	sim_pci_probe_err = 0;
	ret = pci_register_driver(&sim_pci_driver);
	if (ret)
		goto put;
	if (!sim_pci_gpu) {
		ret = sim_pci_probe_err ?: -EBUSY;
		if (ret == -EBUSY)
			pr_err("mvgpu_sim: pci_slot=%s is bound to another driver\n",
			       pci_slot);
		pci_unregister_driver(&sim_pci_driver);
		goto put;
	}
	return 1;

put:
	sim_pci_target = NULL;
	pci_dev_put(pdev);
	return ret;
}

/**
 * sim_pci_exit() - release the PCI function and the GPU on it
 *
 * Does nothing when sim_pci_init() did not return 1.
 */
void sim_pci_exit(void)
{
	if (!sim_pci_target)
		return;
	pci_unregister_driver(&sim_pci_driver);
	pci_dev_put(sim_pci_target);
	sim_pci_target = NULL;
}
