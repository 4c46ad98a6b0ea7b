/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu_sim internals: the state of one emulated GPU, grouped by block.
 */
#ifndef MVGPU_SIM_H
#define MVGPU_SIM_H

#include <linux/atomic.h>
#include <linux/irq_work.h>
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
 * @present: the GPU has this engine (&mvgpu_sim_gpu.lock)
 * @running: the worker runs and may hold GTT translations: a GTT flush
 *	waits for it (&mvgpu_sim_gpu.lock)
 * @exec: the executor state: the context the engine is running.  Only the
 *	worker touches it, and a work item never runs concurrently with
 *	itself, so it needs no lock.
 * @work: runs the ring, a bounded amount at a time
 * @requests: MVGPU_ENG_CTL_* and SIM_ENG_REQ_* not carried out yet; set by
 *	register writes, cleared by the worker as it carries them out
 * @busy_ns: time spent executing or waiting on a semaphore (worker only)
 * @wait_since: when the last run stopped in a SEMAPHORE_WAIT, or 0
 *	(worker only)
 * @wedged: stopped answering: carries out no request and executes nothing
 *	until a full reset (debug_wedge_engines; &mvgpu_sim_gpu.lock)
 * @wedge_gen: the generation of debug_wedge_engines it last looked at
 *	(&mvgpu_sim_gpu.lock)
 * @test_boundary: KUnit only: called by the worker at every stopping point,
 *	before the engine does its part of a GTT flush; may sleep
 */
struct mvgpu_sim_engine {
	struct mvgpu_sim_gpu *gpu;
	unsigned int id;
	bool present;
	bool running;
	struct mvgpu_exec exec;
	struct delayed_work work;
	atomic_long_t requests;
	u64 busy_ns;
	u64 wait_since;
	bool wedged;
	int wedge_gen;
#if IS_ENABLED(CONFIG_KUNIT)
	void (*test_boundary)(struct mvgpu_sim_engine *eng);
#endif
};

/**
 * struct mvgpu_sim_gpu - one emulated GPU
 * @gdev: the GPU's identity and operations as the sim's own code (and the
 *	interrupt handler it calls) sees them; never registered
 * @bus_dev: the device registered on the mvgpu bus, owned by the core
 * @lock: protects @regs (engine registers included), GTT writes, @flush,
 *	@irq_handler, @irq_data, @irq_busy, @irq_again and each engine's
 *	@present and @running.
 *	Engines read the GTT without it (READ_ONCE of whole entries).  It is
 *	the innermost lock, taken with interrupts off.
 * @regs: the register file, one u32 per register dword
 * @gtt: the GTT, MVGPU_GPU_GTT_ENTRIES entries, read and written whole
 * @flush: engines that must pass a stopping point before a GTT flush
 *	completes; read locklessly by the engines as a hint
 * @vram: device memory
 * @copy_engines: number of copy engines
 * @compute_engines: number of compute engines
 * @engines: every engine number, present or not
 * @irq_handler: the driver's interrupt handler, or NULL
 * @irq_data: its argument
 * @irq_work: calls @irq_handler in hard-IRQ context, outside any lock of
 *	the GPU
 * @irq_busy: a CPU is calling @irq_handler
 * @irq_again: a new event came meanwhile: call it again
 * @debugfs: its debugfs directory (plane.c)
 */
struct mvgpu_sim_gpu {
	struct mvgpu_device gdev;
	struct mvgpu_device *bus_dev;
	spinlock_t lock;	/* see above */
	u32 regs[MVGPU_MMIO_REGS_SIZE / 4];
	u64 *gtt;
	unsigned long flush;
	void *vram;
	unsigned int copy_engines;
	unsigned int compute_engines;
	struct mvgpu_sim_engine engines[MVGPU_NUM_ENGINE_IDS];
	mvgpu_irq_handler_t irq_handler;
	void *irq_data;
	struct irq_work irq_work;
	bool irq_busy;
	bool irq_again;
	struct dentry *debugfs;
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
void sim_irq_init(struct mvgpu_sim_gpu *gpu);
void sim_irq_fini(struct mvgpu_sim_gpu *gpu);

/* plane.c: what the display plane shows, in debugfs */
void sim_plane_debugfs_root_init(void);
void sim_plane_debugfs_root_fini(void);
void sim_plane_debugfs_init(struct mvgpu_sim_gpu *gpu);
void sim_plane_debugfs_fini(struct mvgpu_sim_gpu *gpu);

/* gtt.c: address translation */
void *sim_gtt_map(struct mvgpu_sim_gpu *gpu, u64 va);
void sim_gtt_clear_locked(struct mvgpu_sim_gpu *gpu);
void sim_gtt_flush_locked(struct mvgpu_sim_gpu *gpu);
u32 sim_gtt_flush_status_locked(struct mvgpu_sim_gpu *gpu);
void sim_gtt_flush_passed(struct mvgpu_sim_engine *eng);

/* engine.c: engines */
void sim_engines_init(struct mvgpu_sim_gpu *gpu);
void sim_engines_fini(struct mvgpu_sim_gpu *gpu);
bool sim_engine_wedge_locked(struct mvgpu_sim_engine *eng);
void sim_engine_write_locked(struct mvgpu_sim_engine *eng, u32 reg, u32 val);
u32 sim_engine_read_locked(struct mvgpu_sim_engine *eng, u32 reg);

static inline u32 *sim_eng_reg(struct mvgpu_sim_engine *eng, u32 reg)
{
	return &eng->gpu->regs[(MVGPU_ENGINE_BASE(eng->id) + reg) / 4];
}

#endif /* MVGPU_SIM_H */
