/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu_sim internals: the state of one emulated GPU, grouped by block.
 */
#ifndef MVGPU_SIM_H
#define MVGPU_SIM_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <mvgpu/mvgpu_bus.h>
#include <mvgpu/mvgpu_hw.h>

#include "exec.h"

struct mvgpu_sim_gpu;

/* Internal engine request, beside the MVGPU_ENG_CTL_* bits: ring (re)latch. */
#define SIM_ENG_REQ_LATCH	BIT(8)
#define SIM_ENG_REQ_MASK	(MVGPU_ENG_CTL_RESET | MVGPU_ENG_CTL_PREEMPT | \
				 MVGPU_ENG_CTL_RESUME | MVGPU_ENG_CTL_CTX_SAVE | \
				 MVGPU_ENG_CTL_CTX_RESTORE)

/**
 * struct mvgpu_sim_engine - one engine: a ring executor and its worker
 * @gpu: the GPU it belongs to
 * @id: engine number, MVGPU_ENGINE_COPY(n) or MVGPU_ENGINE_COMPUTE(n)
 * @present: the GPU has this engine
 * @lock: serializes the worker's use of @exec
 * @exec: the executor state: the context the engine is running
 * @work: runs the ring, a bounded amount at a time
 * @requests: MVGPU_ENG_CTL_* and SIM_ENG_REQ_* not carried out yet
 * @busy_ns: time spent executing
 */
struct mvgpu_sim_engine {
	struct mvgpu_sim_gpu *gpu;
	unsigned int id;
	bool present;
	struct mutex lock;	/* serializes the worker on @exec */
	struct mvgpu_exec exec;
	struct delayed_work work;
	unsigned long requests;
	u64 busy_ns;
};

/**
 * struct mvgpu_sim_gpu - one emulated GPU
 * @gdev: the GPU's identity and operations as the sim's own code (and the
 *	interrupt handler it calls) sees them; never registered
 * @bus_dev: the device registered on the mvgpu bus, owned by the core
 * @lock: protects @regs, @irq_handler and @irq_data
 * @regs: the register file, one u32 per register dword
 * @gtt: the GTT, MVGPU_GPU_GTT_ENTRIES entries, read and written whole
 * @vram: device memory
 * @copy_engines: number of copy engines
 * @compute_engines: number of compute engines
 * @engines: every engine number, present or not
 * @irq_handler: the driver's interrupt handler, or NULL
 * @irq_data: its argument
 * @irq_work: calls @irq_handler, outside any lock of the GPU
 */
struct mvgpu_sim_gpu {
	struct mvgpu_device gdev;
	struct mvgpu_device *bus_dev;
	spinlock_t lock;	/* protects regs, irq_handler, irq_data */
	u32 regs[MVGPU_MMIO_REGS_SIZE / 4];
	u64 *gtt;
	void *vram;
	unsigned int copy_engines;
	unsigned int compute_engines;
	struct mvgpu_sim_engine engines[MVGPU_NUM_ENGINE_IDS];
	mvgpu_irq_handler_t irq_handler;
	void *irq_data;
	struct work_struct irq_work;
};

static inline struct mvgpu_sim_gpu *to_sim_gpu(struct mvgpu_device *gdev)
{
	return container_of(gdev, struct mvgpu_sim_gpu, gdev);
}

/* regs.c: the register window; drivers reach it through sim_hw_ops */
u32 mvgpu_hw_read32(struct mvgpu_device *gdev, u32 offset);
void mvgpu_hw_write32(struct mvgpu_device *gdev, u32 offset, u32 val);
u64 mvgpu_hw_read64(struct mvgpu_device *gdev, u32 offset);
void mvgpu_hw_write64(struct mvgpu_device *gdev, u32 offset, u64 val);
int mvgpu_hw_request_irq(struct mvgpu_device *gdev,
			 mvgpu_irq_handler_t handler, void *data);
void mvgpu_hw_free_irq(struct mvgpu_device *gdev);

/* regs.c: the register window */
void sim_regs_reset_locked(struct mvgpu_sim_gpu *gpu);
void sim_raise_locked(struct mvgpu_sim_gpu *gpu, u32 int_bits, u32 events);
void sim_irq_work(struct work_struct *work);

/* gtt.c: address translation */
void *sim_gtt_map(struct mvgpu_sim_gpu *gpu, u64 va, bool write);

/* engine.c: engines */
void sim_engines_init(struct mvgpu_sim_gpu *gpu);
void sim_engines_fini(struct mvgpu_sim_gpu *gpu);
void sim_engine_write_locked(struct mvgpu_sim_engine *eng, u32 reg, u32 val);
u32 sim_engine_read_locked(struct mvgpu_sim_engine *eng, u32 reg);

static inline u32 *sim_eng_reg(struct mvgpu_sim_engine *eng, u32 reg)
{
	return &eng->gpu->regs[(MVGPU_ENGINE_BASE(eng->id) + reg) / 4];
}

#endif /* MVGPU_SIM_H */
