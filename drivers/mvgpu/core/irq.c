// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: the GPU's one interrupt line.
 *
 * The handler runs in hard-IRQ context and must not sleep: it acknowledges
 * the sources and passes each engine's events to its worker.  It
 * acknowledges INT_STATUS before it reads ENGINE_EVENTS and reads both
 * again until INT_STATUS shows nothing (C5): an engine event raised at any
 * point keeps or sets ENGINE_EVENT (a level on hardware 2.0, a latch
 * before), so it is seen by this loop or by the next interrupt.  Faults
 * and preemptions are attributed to contexts by the worker, which knows
 * the context on the engine (and reads EVENT_CTX_ID).
 */
#include <linux/delay.h>
#include <linux/module.h>

#include "core.h"

/* Rounds of acknowledgment per call; what is left raises the line again. */
#define MVGPU_IRQ_LOOPS		8

static unsigned int debug_irq_delay_us;
module_param(debug_irq_delay_us, uint, 0600);
MODULE_PARM_DESC(debug_irq_delay_us,
		 "Debug: delay the interrupt handler between reads, microseconds (default 0)");

static u32 mvgpu_irq_mask(struct mvgpu_gpu *gpu)
{
	u32 mask = MVGPU_INT_ENGINE_EVENT;
	unsigned int e;

	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS)
		mask |= MVGPU_INT_ENGINE_USER(e);
	return mask;
}

static void mvgpu_irq_ack(struct mvgpu_gpu *gpu, u32 *user, u32 *events)
{
	struct mvgpu_device *gdev = gpu->gdev;
	u32 mask = mvgpu_irq_mask(gpu), status, ev;
	unsigned int loop;

	for (loop = 0; loop < MVGPU_IRQ_LOOPS; loop++) {
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
		if (unlikely(debug_irq_delay_us))
			udelay(debug_irq_delay_us);
	}
}

static void mvgpu_irq_handler(struct mvgpu_device *gdev, void *data)
{
	struct mvgpu_gpu *gpu = data;
	struct mvgpu_engine *eng;
	u32 user = 0, events = 0;
	unsigned int e;

	mvgpu_irq_ack(gpu, &user, &events);
	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		eng = gpu->eng[e];
		if (events & MVGPU_EVENT_FAULT(e))
			mvgpu_engine_event(eng, MVGPU_ENG_EV_FAULT);
		if (user & MVGPU_INT_ENGINE_USER(e))
			mvgpu_engine_event(eng, MVGPU_ENG_EV_USER);
	}
}

/**
 * mvgpu_irq_init() - take the GPU interrupt and enable the engine sources
 * @gpu: the GPU, its engines set up
 *
 * Return: 0 or a negative errno.
 */
int mvgpu_irq_init(struct mvgpu_gpu *gpu)
{
	struct mvgpu_device *gdev = gpu->gdev;
	int ret;

	mvgpu_write32(gdev, MVGPU_REG_INT_ENABLE, 0);
	mvgpu_write32(gdev, MVGPU_REG_ENGINE_EVENTS, ~0u);
	mvgpu_write32(gdev, MVGPU_REG_INT_STATUS, ~0u);
	ret = mvgpu_request_irq(gdev, mvgpu_irq_handler, gpu);
	if (ret)
		return ret;
	mvgpu_write32(gdev, MVGPU_REG_INT_ENABLE, mvgpu_irq_mask(gpu));
	return 0;
}

/**
 * mvgpu_irq_fini() - mask the engine sources and free the interrupt
 * @gpu: the GPU
 *
 * When it returns, the handler no longer runs.
 */
void mvgpu_irq_fini(struct mvgpu_gpu *gpu)
{
	mvgpu_write32(gpu->gdev, MVGPU_REG_INT_ENABLE, 0);
	mvgpu_free_irq(gpu->gdev);
}

/**
 * mvgpu_irq_restore() - enable the engine sources again after a full reset
 * @gpu: the GPU, its interrupt taken
 *
 * RESET.FULL masked every source and dropped what was pending: the
 * engines' workers are told to look (hang.c).
 */
void mvgpu_irq_restore(struct mvgpu_gpu *gpu)
{
	mvgpu_write32(gpu->gdev, MVGPU_REG_ENGINE_EVENTS, ~0u);
	mvgpu_write32(gpu->gdev, MVGPU_REG_INT_STATUS, ~0u);
	mvgpu_write32(gpu->gdev, MVGPU_REG_INT_ENABLE, mvgpu_irq_mask(gpu));
}
