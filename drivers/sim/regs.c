// SPDX-License-Identifier: GPL-2.0-only
/*
 * The register window of an emulated GPU: global registers, the engines'
 * register blocks and the GTT, and the GPU's one interrupt line.
 *
 * Global registers decode through the hardware header's register table,
 * engine registers through its engine table; the GTT is an array of
 * 64-bit entries that 4-byte accesses read and write by halves.
 */
#include <linux/module.h>
#include <linux/ktime.h>

#include "sim.h"

/**
 * sim_regs_reset_locked() - put the global registers in their reset state
 * @gpu: the GPU
 */
void sim_regs_reset_locked(struct mvgpu_sim_gpu *gpu)
{
	const struct mvgpu_reg_desc *r;

	lockdep_assert_held(&gpu->lock);
	memset(gpu->regs, 0, MVGPU_ENGINE_BASE(0));
	for (r = mvgpu_reg_table(NULL); r->name; r++)
		gpu->regs[r->offset / 4] = r->reset;
	gpu->regs[MVGPU_REG_ID_DEVICE / 4] = gpu->gdev.device_id;
	gpu->regs[MVGPU_REG_ID_CAPS / 4] = MVGPU_CAP_GTT;
	gpu->regs[MVGPU_REG_VRAM_SIZE_LO / 4] = lower_32_bits(gpu->gdev.vram_size);
	gpu->regs[MVGPU_REG_VRAM_SIZE_HI / 4] = upper_32_bits(gpu->gdev.vram_size);
	gpu->regs[MVGPU_REG_GTT_ENTRIES / 4] = MVGPU_GPU_GTT_ENTRIES;
	gpu->regs[MVGPU_REG_ENGINES / 4] = gpu->copy_engines |
		gpu->compute_engines << MVGPU_ENGINES_COMPUTE_SHIFT;
}

/* INT_STATUS.ENGINE_EVENT is a level: set while ENGINE_EVENTS != 0. */
static void sim_int_level_locked(struct mvgpu_sim_gpu *gpu)
{
	u32 *status = &gpu->regs[MVGPU_REG_INT_STATUS / 4];

	if (gpu->regs[MVGPU_REG_ENGINE_EVENTS / 4])
		*status |= MVGPU_INT_ENGINE_EVENT;
	else
		*status &= ~MVGPU_INT_ENGINE_EVENT;
}

/**
 * sim_raise_locked() - latch interrupt sources and engine events
 * @gpu: the GPU
 * @int_bits: INT_STATUS bits to set
 * @events: ENGINE_EVENTS bits to set
 *
 * Interrupts the driver when an enabled source is pending: every call is
 * a new event, so the handler runs again even if the line was asserted.
 */
void sim_raise_locked(struct mvgpu_sim_gpu *gpu, u32 int_bits, u32 events)
{
	lockdep_assert_held(&gpu->lock);
	gpu->regs[MVGPU_REG_ENGINE_EVENTS / 4] |= events;
	gpu->regs[MVGPU_REG_INT_STATUS / 4] |= int_bits & ~MVGPU_INT_ENGINE_EVENT;
	sim_int_level_locked(gpu);
	if (gpu->regs[MVGPU_REG_INT_STATUS / 4] &
	    gpu->regs[MVGPU_REG_INT_ENABLE / 4] && gpu->irq_handler)
		irq_work_queue(&gpu->irq_work);
}

/*
 * Deliver the GPU's interrupt to its driver, in hard-IRQ context (as a
 * PCI MSI handler runs): a handler that sleeps is a bug the test kernel's
 * CONFIG_DEBUG_ATOMIC_SLEEP reports.  An irq_work may run on two CPUs at
 * once; as the IRQ core does for one line, a run that finds the handler
 * busy leaves it to the busy one to call it again.
 */
static void sim_irq_work(struct irq_work *work)
{
	struct mvgpu_sim_gpu *gpu = container_of(work, struct mvgpu_sim_gpu,
						 irq_work);
	mvgpu_irq_handler_t handler;
	unsigned long flags;
	void *data;
	bool pending;

	spin_lock_irqsave(&gpu->lock, flags);
	if (gpu->irq_busy) {
		gpu->irq_again = true;
		goto unlock;
	}
	gpu->irq_busy = true;
	do {
		gpu->irq_again = false;
		handler = gpu->irq_handler;
		data = gpu->irq_data;
		pending = gpu->regs[MVGPU_REG_INT_STATUS / 4] &
			  gpu->regs[MVGPU_REG_INT_ENABLE / 4];
		spin_unlock_irqrestore(&gpu->lock, flags);
		if (handler && pending)
			handler(&gpu->gdev, data);
		spin_lock_irqsave(&gpu->lock, flags);
	} while (gpu->irq_again);
	gpu->irq_busy = false;
unlock:
	spin_unlock_irqrestore(&gpu->lock, flags);
}

/* Wait until no CPU runs the handler: irq_work_sync() sees one CPU only. */
static void sim_irq_sync(struct mvgpu_sim_gpu *gpu)
{
	irq_work_sync(&gpu->irq_work);
	while (READ_ONCE(gpu->irq_busy))
		cpu_relax();
}

/**
 * sim_irq_init() - set up the interrupt line
 * @gpu: the GPU
 */
void sim_irq_init(struct mvgpu_sim_gpu *gpu)
{
	init_irq_work(&gpu->irq_work, sim_irq_work);
}

/**
 * sim_irq_fini() - wait for the interrupt handler to be done
 * @gpu: the GPU, with no handler installed any more
 */
void sim_irq_fini(struct mvgpu_sim_gpu *gpu)
{
	sim_irq_sync(gpu);
}

/**
 * mvgpu_hw_request_irq() - install the driver's interrupt handler
 * @gdev: the GPU
 * @handler: called when an enabled interrupt source is pending
 * @data: its argument
 *
 * Return: 0, or -EBUSY when a handler is installed already.
 */
int mvgpu_hw_request_irq(struct mvgpu_device *gdev,
			 mvgpu_irq_handler_t handler, void *data)
{
	struct mvgpu_sim_gpu *gpu = to_sim_gpu(gdev);
	int ret = 0;

	spin_lock_irq(&gpu->lock);
	if (gpu->irq_handler) {
		ret = -EBUSY;
	} else {
		gpu->irq_handler = handler;
		gpu->irq_data = data;
	}
	spin_unlock_irq(&gpu->lock);
	return ret;
}

/**
 * mvgpu_hw_free_irq() - remove the interrupt handler
 * @gdev: the GPU
 *
 * When it returns, the handler is not running and will not be called.
 */
void mvgpu_hw_free_irq(struct mvgpu_device *gdev)
{
	struct mvgpu_sim_gpu *gpu = to_sim_gpu(gdev);

	spin_lock_irq(&gpu->lock);
	gpu->irq_handler = NULL;
	gpu->irq_data = NULL;
	spin_unlock_irq(&gpu->lock);
	sim_irq_sync(gpu);
}

static struct mvgpu_sim_engine *sim_engine_at(struct mvgpu_sim_gpu *gpu,
					      u32 offset)
{
	unsigned int id;

	if (offset < MVGPU_ENGINE_BASE(0) ||
	    offset >= MVGPU_ENGINE_BASE(MVGPU_NUM_ENGINE_IDS))
		return NULL;
	id = (offset - MVGPU_ENGINE_BASE(0)) / MVGPU_ENGINE_BLOCK_SIZE;
	return gpu->engines[id].present ? &gpu->engines[id] : NULL;
}

static u32 sim_read_locked(struct mvgpu_sim_gpu *gpu, u32 offset)
{
	struct mvgpu_sim_engine *eng = sim_engine_at(gpu, offset);
	const struct mvgpu_reg_desc *desc;
	u64 entry;

	if (offset >= MVGPU_GTT_OFFSET) {
		entry = gpu->gtt[(offset - MVGPU_GTT_OFFSET) / 8];
		return offset & 4 ? upper_32_bits(entry) : lower_32_bits(entry);
	}
	if (eng)
		return sim_engine_read_locked(eng, offset % MVGPU_ENGINE_BLOCK_SIZE);
	switch (offset) {
	case MVGPU_REG_TIMESTAMP_LO:
		return lower_32_bits(ktime_get_ns());
	case MVGPU_REG_TIMESTAMP_HI:
		return upper_32_bits(ktime_get_ns());
	case MVGPU_REG_GTT_FLUSH:
		return sim_gtt_flush_status_locked(gpu);
	case MVGPU_REG_PLANE_STATUS:
		return mvgpu_plane_status(gpu->regs, 0,
					  (u64)MVGPU_GPU_GTT_ENTRIES *
					  MVGPU_GTT_PAGE_SIZE);
	}
	desc = mvgpu_reg_find(offset);
	if (!desc || desc->access == MVGPU_ACCESS_WO)
		return 0;
	return gpu->regs[offset / 4];
}

static void sim_gtt_write_locked(struct mvgpu_sim_gpu *gpu, u32 offset,
				 u32 val)
{
	u64 *entry = &gpu->gtt[(offset - MVGPU_GTT_OFFSET) / 8];
	u64 new;

	if (offset & 4)
		new = (*entry & 0xffffffffULL) | (u64)val << 32;
	else
		new = (*entry & ~0xffffffffULL) | val;
	WRITE_ONCE(*entry, new);
}

/* RESET.FULL: registers, every engine and every GTT entry. */
static void sim_full_reset_locked(struct mvgpu_sim_gpu *gpu)
{
	unsigned int i;

	sim_regs_reset_locked(gpu);
	sim_gtt_clear_locked(gpu);
	for (i = 0; i < MVGPU_NUM_ENGINE_IDS; i++) {
		/* A wedged engine (debug_wedge_engines) answers again. */
		sim_engine_wedge_locked(&gpu->engines[i]);
		gpu->engines[i].wedged = false;
		/* Requests not carried out are dropped. */
		atomic_long_set(&gpu->engines[i].requests, 0);
		if (gpu->engines[i].present)
			sim_engine_write_locked(&gpu->engines[i],
						MVGPU_ENG_CONTROL,
						MVGPU_ENG_CTL_RESET);
	}
}

static void sim_write_locked(struct mvgpu_sim_gpu *gpu, u32 offset, u32 val)
{
	struct mvgpu_sim_engine *eng = sim_engine_at(gpu, offset);
	const struct mvgpu_reg_desc *desc;
	u32 *reg;

	if (offset >= MVGPU_GTT_OFFSET) {
		sim_gtt_write_locked(gpu, offset, val);
		return;
	}
	if (eng) {
		sim_engine_write_locked(eng, offset % MVGPU_ENGINE_BLOCK_SIZE,
					val);
		return;
	}
	desc = mvgpu_reg_find(offset);
	if (!desc)
		return;
	reg = &gpu->regs[offset / 4];
	*reg = mvgpu_reg_write_value(desc->access, *reg, val);
	switch (offset) {
	case MVGPU_REG_INT_SET:
		sim_raise_locked(gpu, val & MVGPU_INT_VALID_MASK, 0);
		break;
	case MVGPU_REG_INT_ENABLE:
		sim_raise_locked(gpu, 0, 0);
		break;
	case MVGPU_REG_INT_STATUS:
	case MVGPU_REG_ENGINE_EVENTS:
		sim_int_level_locked(gpu);
		break;
	case MVGPU_REG_GTT_FLUSH:
		*reg = 0;
		if (val & MVGPU_GTT_FLUSH_REQ)
			sim_gtt_flush_locked(gpu);
		break;
	case MVGPU_REG_RESET:
		if (val & MVGPU_RESET_FULL)
			sim_full_reset_locked(gpu);
		break;
	}
}

static bool sim_offset_ok(u32 offset, unsigned int size)
{
	return offset < MVGPU_GPU_MMIO_SIZE && !(offset & (size - 1));
}

/**
 * mvgpu_hw_read32() - read a GPU register or half a GTT entry
 * @gdev: the GPU
 * @offset: byte offset in the register window, 4-byte aligned
 *
 * Return: the value; 0 where nothing is decoded.
 */
u32 mvgpu_hw_read32(struct mvgpu_device *gdev, u32 offset)
{
	struct mvgpu_sim_gpu *gpu = to_sim_gpu(gdev);
	unsigned long flags;
	u32 val;

	if (!sim_offset_ok(offset, 4))
		return 0;
	spin_lock_irqsave(&gpu->lock, flags);
	val = sim_read_locked(gpu, offset);
	spin_unlock_irqrestore(&gpu->lock, flags);
	return val;
}

/**
 * mvgpu_hw_write32() - write a GPU register or half a GTT entry
 * @gdev: the GPU
 * @offset: byte offset in the register window, 4-byte aligned
 * @val: the value
 *
 * Writes where nothing is decoded, and to read-only registers, are dropped,
 * as the hardware drops them.
 */
void mvgpu_hw_write32(struct mvgpu_device *gdev, u32 offset, u32 val)
{
	struct mvgpu_sim_gpu *gpu = to_sim_gpu(gdev);
	unsigned long flags;

	if (!sim_offset_ok(offset, 4))
		return;
	spin_lock_irqsave(&gpu->lock, flags);
	sim_write_locked(gpu, offset, val);
	spin_unlock_irqrestore(&gpu->lock, flags);
}

/**
 * mvgpu_hw_read64() - read two registers, or a GTT entry, at once
 * @gdev: the GPU
 * @offset: byte offset in the register window, 8-byte aligned
 *
 * Return: the value, low dword from @offset; 0 where nothing is decoded.
 */
u64 mvgpu_hw_read64(struct mvgpu_device *gdev, u32 offset)
{
	struct mvgpu_sim_gpu *gpu = to_sim_gpu(gdev);
	unsigned long flags;
	u64 val;

	if (!sim_offset_ok(offset, 8))
		return 0;
	spin_lock_irqsave(&gpu->lock, flags);
	val = sim_read_locked(gpu, offset) |
	      (u64)sim_read_locked(gpu, offset + 4) << 32;
	spin_unlock_irqrestore(&gpu->lock, flags);
	return val;
}

/**
 * mvgpu_hw_write64() - write two registers, or a GTT entry, at once
 * @gdev: the GPU
 * @offset: byte offset in the register window, 8-byte aligned
 * @val: the value, low dword to @offset
 *
 * A GTT entry changes in one step: an engine never sees half of it.
 */
void mvgpu_hw_write64(struct mvgpu_device *gdev, u32 offset, u64 val)
{
	struct mvgpu_sim_gpu *gpu = to_sim_gpu(gdev);
	unsigned long flags;

	if (!sim_offset_ok(offset, 8))
		return;
	spin_lock_irqsave(&gpu->lock, flags);
	if (offset >= MVGPU_GTT_OFFSET) {
		WRITE_ONCE(gpu->gtt[(offset - MVGPU_GTT_OFFSET) / 8], val);
	} else {
		sim_write_locked(gpu, offset, lower_32_bits(val));
		sim_write_locked(gpu, offset + 4, upper_32_bits(val));
	}
	spin_unlock_irqrestore(&gpu->lock, flags);
}
