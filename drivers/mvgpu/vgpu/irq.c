// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual interrupts of a vGPU.
 *
 * The VMM hands eventfds over VFIO_DEVICE_SET_IRQS; the vGPU signals them
 * when its interrupt status has an enabled bit set.  Which one is the VMM's
 * choice, as with vfio-pci: MSI while it has an MSI eventfd installed, INTx
 * otherwise.  MSI is edge-triggered: one message when the pending set
 * becomes non-empty.  INTx is level-
 * triggered and automasked: it fires, stays masked until the VMM unmasks it
 * and fires again on unmask while the condition holds.
 */
#include <linux/file.h>
#include <linux/slab.h>

#include <mvgpu/mvgpu_compat.h>
#include "mvgpu.h"

static unsigned int vgpu_irq_count(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
	case VFIO_PCI_MSI_IRQ_INDEX:
	case VFIO_PCI_REQ_IRQ_INDEX:
		return 1;
	default:
		return 0;
	}
}

/**
 * mvgpu_irq_get_info() - fill in VFIO_DEVICE_GET_IRQ_INFO
 * @info: the answer; @info->index is the question
 *
 * Return: 0, or -EINVAL for an index past the last one.
 */
int mvgpu_irq_get_info(struct vfio_irq_info *info)
{
	if (info->index >= VFIO_PCI_NUM_IRQS)
		return -EINVAL;
	info->count = vgpu_irq_count(info->index);
	switch (info->index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		info->flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
			      VFIO_IRQ_INFO_AUTOMASKED;
		break;
	case VFIO_PCI_MSI_IRQ_INDEX:
		info->flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE;
		break;
	case VFIO_PCI_REQ_IRQ_INDEX:
		info->flags = VFIO_IRQ_INFO_EVENTFD;
		break;
	default:
		info->flags = 0;
		break;
	}
	return 0;
}

static void irq_signal(struct mvgpu_vgpu *vgpu, struct eventfd_ctx *trigger)
{
	mvgpu_eventfd_signal(trigger);
	WRITE_ONCE(vgpu->irq.injected, vgpu->irq.injected + 1);
}

/**
 * mvgpu_irq_update_locked() - deliver what the interrupt registers ask for
 * @vgpu: the vGPU
 *
 * Called after every change of the interrupt status or enable registers,
 * of the INTx mask, and of the triggers.
 */
void mvgpu_irq_update_locked(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	bool rising;
	u32 pending;

	lockdep_assert_held(&vgpu->lock);
	pending = vgpu->regs[MVGPU_REG_INT_STATUS / 4] &
		  vgpu->regs[MVGPU_REG_INT_ENABLE / 4];
	rising = pending && !irq->asserted;
	irq->asserted = pending;
	if (!pending)
		return;
	/* As in vfio-pci, SET_IRQS picks the mode: MSI once it has a trigger. */
	if (irq->msi_trigger) {
		if (rising)
			irq_signal(vgpu, irq->msi_trigger);
		return;
	}
	if (irq->intx_trigger && !irq->intx_masked &&
	    !mvgpu_cfg_intx_disabled(&vgpu->cfg)) {
		irq_signal(vgpu, irq->intx_trigger);
		irq->intx_masked = true;
	}
}

/**
 * mvgpu_irq_raise() - latch interrupt sources, as an engine does
 * @vgpu: the vGPU
 * @bits: INT_STATUS bits to set
 */
void mvgpu_irq_raise(struct mvgpu_vgpu *vgpu, u32 bits)
{
	mutex_lock(&vgpu->lock);
	vgpu->regs[MVGPU_REG_INT_STATUS / 4] |= bits;
	mvgpu_irq_update_locked(vgpu);
	mutex_unlock(&vgpu->lock);
}

static int irq_set_eventfd(struct eventfd_ctx **trigger, s32 fd)
{
	struct eventfd_ctx *ctx = NULL;

	if (fd >= 0) {
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	}
	if (*trigger)
		eventfd_ctx_put(*trigger);
	*trigger = ctx;
	return 0;
}

/* ACTION_TRIGGER: install or remove an eventfd, or fire it (loopback). */
static int irq_trigger(struct mvgpu_vgpu *vgpu, struct eventfd_ctx **trigger,
		       struct vfio_irq_set *hdr, void *data)
{
	u32 type = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;

	if (type == VFIO_IRQ_SET_DATA_EVENTFD) {
		if (!hdr->count)
			return irq_set_eventfd(trigger, -1);
		return irq_set_eventfd(trigger, *(s32 *)data);
	}
	if (!hdr->count) {
		if (type != VFIO_IRQ_SET_DATA_NONE)
			return -EINVAL;
		return irq_set_eventfd(trigger, -1);
	}
	if (type == VFIO_IRQ_SET_DATA_BOOL && !*(u8 *)data)
		return 0;
	if (*trigger)
		irq_signal(vgpu, *trigger);
	return 0;
}

/* ACTION_MASK / ACTION_UNMASK of INTx, with no data or a bool. */
static int irq_intx_mask(struct mvgpu_vgpu *vgpu, struct vfio_irq_set *hdr,
			 void *data, bool mask)
{
	u32 type = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;

	if (type == VFIO_IRQ_SET_DATA_EVENTFD || !hdr->count)
		return -EINVAL;
	if (type == VFIO_IRQ_SET_DATA_BOOL && !*(u8 *)data)
		return 0;
	vgpu->irq.intx_masked = mask;
	if (!mask)
		mvgpu_irq_update_locked(vgpu);
	return 0;
}

/**
 * mvgpu_irq_set_irqs_locked() - carry out VFIO_DEVICE_SET_IRQS
 * @vgpu: the vGPU
 * @hdr: the request, validated by vfio_set_irqs_validate_and_prepare()
 * @data: its payload, or NULL for VFIO_IRQ_SET_DATA_NONE
 *
 * Return: 0 or a negative errno; -EINVAL for an action the index lacks.
 */
int mvgpu_irq_set_irqs_locked(struct mvgpu_vgpu *vgpu,
			      struct vfio_irq_set *hdr, void *data)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	u32 action = hdr->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	int ret;

	lockdep_assert_held(&vgpu->lock);
	if (!vgpu_irq_count(hdr->index))
		return -EINVAL;

	switch (hdr->index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		if (action == VFIO_IRQ_SET_ACTION_MASK)
			return irq_intx_mask(vgpu, hdr, data, true);
		if (action == VFIO_IRQ_SET_ACTION_UNMASK)
			return irq_intx_mask(vgpu, hdr, data, false);
		ret = irq_trigger(vgpu, &irq->intx_trigger, hdr, data);
		if (!ret && !irq->intx_trigger)
			irq->intx_masked = false;
		return ret;
	case VFIO_PCI_MSI_IRQ_INDEX:
		if (action != VFIO_IRQ_SET_ACTION_TRIGGER)
			return -EINVAL;
		return irq_trigger(vgpu, &irq->msi_trigger, hdr, data);
	default:
		if (action != VFIO_IRQ_SET_ACTION_TRIGGER)
			return -EINVAL;
		return irq_trigger(vgpu, &irq->req_trigger, hdr, data);
	}
}

/**
 * mvgpu_irq_release_locked() - drop every eventfd and the INTx mask
 * @vgpu: the vGPU
 */
void mvgpu_irq_release_locked(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_irq *irq = &vgpu->irq;

	lockdep_assert_held(&vgpu->lock);
	irq_set_eventfd(&irq->intx_trigger, -1);
	irq_set_eventfd(&irq->msi_trigger, -1);
	irq_set_eventfd(&irq->req_trigger, -1);
	irq->intx_masked = false;
	irq->asserted = false;
}

/**
 * mvgpu_irq_reset_stats() - start the interrupt counters from zero
 * @vgpu: the vGPU
 */
void mvgpu_irq_reset_stats(struct mvgpu_vgpu *vgpu)
{
	WRITE_ONCE(vgpu->irq.injected, 0);
}

/**
 * mvgpu_irq_request() - ask the VMM to release the device
 * @vdev: the vGPU's VFIO device
 * @count: how many times the core has asked already
 *
 * The VFIO core calls this while it waits for the device to be closed, for
 * instance when the GPU is unbound.  QEMU answers the request eventfd by
 * unplugging the device from the guest.
 */
void mvgpu_irq_request(struct vfio_device *vdev, unsigned int count)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);

	mutex_lock(&vgpu->lock);
	if (vgpu->irq.req_trigger) {
		if (!(count % 10))
			dev_notice_ratelimited(vdev->dev,
					       "asking the user to release the vGPU (%u)\n",
					       count);
		mvgpu_eventfd_signal(vgpu->irq.req_trigger);
	} else if (!count) {
		dev_notice(vdev->dev,
			   "waiting for the user to release the vGPU; it has no request eventfd\n");
	}
	mutex_unlock(&vgpu->lock);
}
