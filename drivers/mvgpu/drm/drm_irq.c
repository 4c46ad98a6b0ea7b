// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu render node: the GPU interrupt.
 *
 * The handler runs in hard-IRQ context and must not sleep: it acknowledges
 * the engine sources (user interrupts, and faults through ENGINE_EVENTS)
 * and hands the work to each engine's work item.
 */
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/workqueue.h>

#include "drm_drv.h"

static u32 mvgpu_drm_irq_mask(struct mvgpu_drm *mdrm)
{
	unsigned int e;
	u32 mask = MVGPU_INT_ENGINE_EVENT;

	for_each_set_bit(e, &mdrm->engine_mask, MVGPU_NUM_ENGINE_IDS)
		mask |= MVGPU_INT_ENGINE_USER(e);
	return mask;
}

/*
 * Acknowledges INT_STATUS before reading ENGINE_EVENTS, and reads both
 * again until INT_STATUS shows nothing: an engine event raised at any point
 * sets ENGINE_EVENT again (a level on hardware 2.0, a latch before), so it
 * is seen by this loop or by the next interrupt (C5).  Bounded, since it
 * runs in hard-IRQ context; what is left raises the line again.
 */
static void mvgpu_drm_irq_ack(struct mvgpu_drm *mdrm, u32 *user, u32 *events)
{
	struct mvgpu_device *gdev = mdrm->gdev;
	u32 mask = mvgpu_drm_irq_mask(mdrm), status, ev;
	unsigned int loop;

	for (loop = 0; loop < MVGPU_DRM_IRQ_LOOPS; loop++) {
		status = mvgpu_read32(gdev, MVGPU_REG_INT_STATUS) & mask;
		if (!status)
			break;
		mvgpu_write32(gdev, MVGPU_REG_INT_STATUS, status);
		*user |= status & ~MVGPU_INT_ENGINE_EVENT;
		if (!(status & MVGPU_INT_ENGINE_EVENT))
			continue;
		ev = mvgpu_read32(gdev, MVGPU_REG_ENGINE_EVENTS);
		mvgpu_write32(gdev, MVGPU_REG_ENGINE_EVENTS, ev);
		*events |= ev;
		if (unlikely(mvgpu_debug_irq_delay_us))
			udelay(mvgpu_debug_irq_delay_us);
	}
}

static void mvgpu_drm_irq_handler(struct mvgpu_device *gdev, void *data)
{
	struct mvgpu_drm *mdrm = data;
	struct mvgpu_engine *eng;
	u32 user = 0, events = 0;
	unsigned int e;

	mvgpu_drm_irq_ack(mdrm, &user, &events);
	for_each_set_bit(e, &mdrm->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		eng = &mdrm->engines[e];
		if (events & MVGPU_EVENT_FAULT(e))
			set_bit(MVGPU_DRM_EV_FAULT, &eng->events);
		if (user & MVGPU_INT_ENGINE_USER(e))
			set_bit(MVGPU_DRM_EV_USER, &eng->events);
		if (events & MVGPU_EVENT_FAULT(e) ||
		    user & MVGPU_INT_ENGINE_USER(e))
			queue_work(system_highpri_wq, &eng->work);
	}
}

/**
 * mvgpu_drm_irq_init() - take the GPU interrupt and enable engine sources
 * @mdrm: the device, its engines set up
 *
 * Return: 0 or a negative errno.
 */
int mvgpu_drm_irq_init(struct mvgpu_drm *mdrm)
{
	struct mvgpu_device *gdev = mdrm->gdev;
	int ret;

	mvgpu_write32(gdev, MVGPU_REG_INT_ENABLE, 0);
	mvgpu_write32(gdev, MVGPU_REG_ENGINE_EVENTS, ~0u);
	mvgpu_write32(gdev, MVGPU_REG_INT_STATUS, ~0u);
	ret = mvgpu_request_irq(gdev, mvgpu_drm_irq_handler, mdrm);
	if (ret)
		return ret;
	mvgpu_write32(gdev, MVGPU_REG_INT_ENABLE, mvgpu_drm_irq_mask(mdrm));
	return 0;
}

/**
 * mvgpu_drm_irq_fini() - mask the engine sources and free the interrupt
 * @mdrm: the device
 *
 * When it returns, the handler no longer runs.
 */
void mvgpu_drm_irq_fini(struct mvgpu_drm *mdrm)
{
	mvgpu_write32(mdrm->gdev, MVGPU_REG_INT_ENABLE, 0);
	mvgpu_free_irq(mdrm->gdev);
}
