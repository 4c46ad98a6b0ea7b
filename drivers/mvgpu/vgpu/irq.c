// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual interrupts of a vGPU.
 *
 * The VMM hands eventfds over VFIO_DEVICE_SET_IRQS; the vGPU signals them
 * when its interrupt status has an enabled bit set.  Which one is the VMM's
 * choice, as with vfio-pci: MSI while it has an MSI eventfd installed, INTx
 * otherwise.  The MSI enable bit of config space is not consulted: QEMU
 * virtualises the MSI capability and enables MSI through SET_IRQS, as it
 * does for vfio-pci, where the host, not the guest, programs the vector.
 *
 * MSI is a message per event: one for every source that becomes pending,
 * also while others are pending, so that a guest that acks the sources it
 * saw never loses one raised meanwhile.  INTx is level-triggered and
 * automasked: it fires, stays masked until the VMM unmasks it, and fires
 * again on unmask while the condition holds.  Installing or changing a
 * trigger re-evaluates: what is pending goes to the new trigger.
 *
 * ENGINE_EVENTS (the engines' fault and preempted events, RW1C) lives here
 * too: INT_STATUS.ENGINE_EVENT is a level that reads 1 while it is not 0,
 * and every event that latches is a fresh source for MSI, so a guest that
 * acknowledges ENGINE_EVENTS and then INT_STATUS never loses one that came
 * in between.
 *
 * The interrupt registers and this state are under irq.lock, a spinlock,
 * so that mvgpu_irq_raise() works from a context that must not sleep
 * (engine completions).  Lock order: vgpu->lock, irq.lock, the eventfd's.
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

/* Deliver what the interrupt registers ask for. */
static void irq_update(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	u32 pending = irq->status & irq->enable;
	u32 fresh = pending & ~irq->signaled;

	lockdep_assert_held(&irq->lock);
	irq->signaled = pending;
	if (irq->msi_trigger) {
		if (fresh)
			irq_signal(vgpu, irq->msi_trigger);
		return;
	}
	if (pending && irq->intx_trigger && !irq->intx_masked &&
	    !irq->intx_disabled) {
		irq_signal(vgpu, irq->intx_trigger);
		irq->intx_masked = true;
	}
}

/**
 * mvgpu_irq_init() - set up a vGPU's interrupt state
 * @vgpu: the vGPU
 */
void mvgpu_irq_init(struct mvgpu_vgpu *vgpu)
{
	spin_lock_init(&vgpu->irq.lock);
}

/**
 * mvgpu_irq_reset() - clear the interrupt registers, as a reset does
 * @vgpu: the vGPU
 *
 * Pending sources are dropped and INTx is unmasked; the VMM's eventfds stay.
 */
void mvgpu_irq_reset(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	unsigned long flags;

	spin_lock_irqsave(&irq->lock, flags);
	irq->status = 0;
	irq->events = 0;
	irq->enable = 0;
	irq->signaled = 0;
	irq->intx_masked = false;
	spin_unlock_irqrestore(&irq->lock, flags);
}

/**
 * mvgpu_irq_raise() - latch interrupt sources, as an engine does
 * @vgpu: the vGPU
 * @bits: INT_STATUS bits to set
 *
 * Context: any; does not sleep.
 */
void mvgpu_irq_raise(struct mvgpu_vgpu *vgpu, u32 bits)
{
	unsigned long flags;

	spin_lock_irqsave(&vgpu->irq.lock, flags);
	vgpu->irq.status |= bits;
	irq_update(vgpu);
	spin_unlock_irqrestore(&vgpu->irq.lock, flags);
}

/**
 * mvgpu_irq_raise_events() - latch engine events, as an engine does
 * @vgpu: the vGPU
 * @events: ENGINE_EVENTS bits to set (MVGPU_EVENT_FAULT(e),
 *	MVGPU_EVENT_PREEMPTED(e))
 *
 * INT_STATUS.ENGINE_EVENT follows; a new event interrupts again (MSI) even
 * while ENGINE_EVENT was pending already.
 *
 * Context: any; does not sleep.
 */
void mvgpu_irq_raise_events(struct mvgpu_vgpu *vgpu, u32 events)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	unsigned long flags;

	if (!events)
		return;
	spin_lock_irqsave(&irq->lock, flags);
	if (events & ~irq->events)
		irq->signaled &= ~MVGPU_INT_ENGINE_EVENT;
	irq->events |= events;
	irq->status |= MVGPU_INT_ENGINE_EVENT;
	irq_update(vgpu);
	spin_unlock_irqrestore(&irq->lock, flags);
}

/**
 * mvgpu_irq_read_reg() - read INT_STATUS, INT_ENABLE or ENGINE_EVENTS
 * @vgpu: the vGPU
 * @off: MVGPU_REG_INT_STATUS, MVGPU_REG_INT_ENABLE or
 *	MVGPU_REG_ENGINE_EVENTS
 *
 * Return: the register's value.
 */
u32 mvgpu_irq_read_reg(struct mvgpu_vgpu *vgpu, u32 off)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	unsigned long flags;
	u32 val;

	spin_lock_irqsave(&irq->lock, flags);
	switch (off) {
	case MVGPU_REG_INT_STATUS:
		val = irq->status;
		break;
	case MVGPU_REG_ENGINE_EVENTS:
		val = irq->events;
		break;
	default:
		val = irq->enable;
		break;
	}
	spin_unlock_irqrestore(&irq->lock, flags);
	return val;
}

/**
 * mvgpu_irq_write_reg() - write INT_STATUS, INT_ENABLE, INT_SET or
 *	ENGINE_EVENTS
 * @vgpu: the vGPU
 * @off: the register
 * @val: the value, already limited to @mask
 * @mask: the bytes written
 *
 * INT_STATUS is write-1-to-clear, INT_ENABLE read/write, INT_SET sets the
 * valid bits of INT_STATUS (the guest raises only the software source),
 * ENGINE_EVENTS write-1-to-clear.  INT_STATUS.ENGINE_EVENT is a level that
 * follows ENGINE_EVENTS: writing it has no effect.
 */
void mvgpu_irq_write_reg(struct mvgpu_vgpu *vgpu, u32 off, u32 val, u32 mask)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	unsigned long flags;

	spin_lock_irqsave(&irq->lock, flags);
	switch (off) {
	case MVGPU_REG_INT_STATUS:
		irq->status &= ~(val & ~MVGPU_INT_ENGINE_EVENT);
		break;
	case MVGPU_REG_ENGINE_EVENTS:
		irq->events &= ~val;
		if (!irq->events)
			irq->status &= ~MVGPU_INT_ENGINE_EVENT;
		break;
	case MVGPU_REG_INT_ENABLE:
		irq->enable = (irq->enable & ~mask) | val;
		break;
	case MVGPU_REG_INT_SET:
		irq->status |= val & MVGPU_INT_VALID_MASK;
		break;
	}
	irq_update(vgpu);
	spin_unlock_irqrestore(&irq->lock, flags);
}

/**
 * mvgpu_irq_cfg_changed_locked() - follow the INTx-disable bit
 * @vgpu: the vGPU
 *
 * Called after a config-space write: the command register's INTx-disable
 * bit decides whether INTx may fire.
 */
void mvgpu_irq_cfg_changed_locked(struct mvgpu_vgpu *vgpu)
{
	bool disabled = mvgpu_cfg_intx_disabled(&vgpu->cfg);
	unsigned long flags;

	lockdep_assert_held(&vgpu->lock);
	spin_lock_irqsave(&vgpu->irq.lock, flags);
	vgpu->irq.intx_disabled = disabled;
	irq_update(vgpu);
	spin_unlock_irqrestore(&vgpu->irq.lock, flags);
}

/*
 * Replace *@trigger by the eventfd @fd (none if < 0) and re-evaluate, so
 * that what is pending goes to the new trigger.
 */
static int irq_install(struct mvgpu_vgpu *vgpu, struct eventfd_ctx **trigger,
		       s32 fd)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	struct eventfd_ctx *ctx = NULL, *old;
	unsigned long flags;

	if (fd >= 0) {
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	}
	spin_lock_irqsave(&irq->lock, flags);
	old = *trigger;
	*trigger = ctx;
	if (!irq->intx_trigger)
		irq->intx_masked = false;
	/* A new MSI eventfd has been told nothing yet. */
	if (trigger == &irq->msi_trigger)
		irq->signaled = 0;
	irq_update(vgpu);
	spin_unlock_irqrestore(&irq->lock, flags);
	if (old)
		eventfd_ctx_put(old);
	return 0;
}

/* Fire the trigger as a loopback test of the VMM's wiring. */
static void irq_loopback(struct mvgpu_vgpu *vgpu, struct eventfd_ctx **trigger)
{
	unsigned long flags;

	spin_lock_irqsave(&vgpu->irq.lock, flags);
	if (*trigger)
		irq_signal(vgpu, *trigger);
	spin_unlock_irqrestore(&vgpu->irq.lock, flags);
}

/* ACTION_TRIGGER: install or remove an eventfd, or fire it (loopback). */
static int irq_trigger(struct mvgpu_vgpu *vgpu, struct eventfd_ctx **trigger,
		       struct vfio_irq_set *hdr, void *data)
{
	u32 type = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;

	if (type == VFIO_IRQ_SET_DATA_EVENTFD) {
		if (!hdr->count)
			return irq_install(vgpu, trigger, -1);
		return irq_install(vgpu, trigger, *(s32 *)data);
	}
	if (!hdr->count) {
		if (type != VFIO_IRQ_SET_DATA_NONE)
			return -EINVAL;
		return irq_install(vgpu, trigger, -1);
	}
	if (type == VFIO_IRQ_SET_DATA_BOOL && !*(u8 *)data)
		return 0;
	irq_loopback(vgpu, trigger);
	return 0;
}

/* ACTION_MASK / ACTION_UNMASK of INTx, with no data or a bool. */
static int irq_intx_mask(struct mvgpu_vgpu *vgpu, struct vfio_irq_set *hdr,
			 void *data, bool mask)
{
	u32 type = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
	unsigned long flags;

	if (type == VFIO_IRQ_SET_DATA_EVENTFD || !hdr->count)
		return -EINVAL;
	if (type == VFIO_IRQ_SET_DATA_BOOL && !*(u8 *)data)
		return 0;
	spin_lock_irqsave(&vgpu->irq.lock, flags);
	vgpu->irq.intx_masked = mask;
	if (!mask)
		irq_update(vgpu);
	spin_unlock_irqrestore(&vgpu->irq.lock, flags);
	return 0;
}

/* INTx takes exactly one of TRIGGER, MASK and UNMASK, as vfio-pci does. */
static int irq_set_intx(struct mvgpu_vgpu *vgpu, struct vfio_irq_set *hdr,
			void *data)
{
	switch (hdr->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) {
	case VFIO_IRQ_SET_ACTION_MASK:
		return irq_intx_mask(vgpu, hdr, data, true);
	case VFIO_IRQ_SET_ACTION_UNMASK:
		return irq_intx_mask(vgpu, hdr, data, false);
	case VFIO_IRQ_SET_ACTION_TRIGGER:
		return irq_trigger(vgpu, &vgpu->irq.intx_trigger, hdr, data);
	default:
		return -EINVAL;
	}
}

/**
 * mvgpu_irq_set_irqs_locked() - carry out VFIO_DEVICE_SET_IRQS
 * @vgpu: the vGPU
 * @hdr: the request, validated by vfio_set_irqs_validate_and_prepare()
 * @data: its payload, or NULL for VFIO_IRQ_SET_DATA_NONE
 *
 * Return: 0 or a negative errno; -EINVAL for an action the index lacks or
 * more than one action.
 */
int mvgpu_irq_set_irqs_locked(struct mvgpu_vgpu *vgpu,
			      struct vfio_irq_set *hdr, void *data)
{
	struct mvgpu_irq *irq = &vgpu->irq;
	u32 action = hdr->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;

	lockdep_assert_held(&vgpu->lock);
	if (!vgpu_irq_count(hdr->index))
		return -EINVAL;

	switch (hdr->index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		return irq_set_intx(vgpu, hdr, data);
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
	struct eventfd_ctx *old[3];
	unsigned long flags;
	unsigned int i;

	lockdep_assert_held(&vgpu->lock);
	spin_lock_irqsave(&irq->lock, flags);
	old[0] = irq->intx_trigger;
	old[1] = irq->msi_trigger;
	old[2] = irq->req_trigger;
	irq->intx_trigger = NULL;
	irq->msi_trigger = NULL;
	irq->req_trigger = NULL;
	irq->intx_masked = false;
	irq->signaled = 0;
	spin_unlock_irqrestore(&irq->lock, flags);
	for (i = 0; i < ARRAY_SIZE(old); i++) {
		if (old[i])
			eventfd_ctx_put(old[i]);
	}
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
	unsigned long flags;
	bool asked;

	spin_lock_irqsave(&vgpu->irq.lock, flags);
	asked = vgpu->irq.req_trigger;
	if (asked)
		mvgpu_eventfd_signal(vgpu->irq.req_trigger);
	spin_unlock_irqrestore(&vgpu->irq.lock, flags);
	if (asked && !(count % 10))
		dev_notice_ratelimited(vdev->dev,
				       "asking the user to release the vGPU (%u)\n",
				       count);
	else if (!asked && !count)
		dev_notice(vdev->dev,
			   "waiting for the user to release the vGPU; it has no request eventfd\n");
}
