/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu core: internal interfaces of mvgpu.ko, grouped by file.
 *
 * bus.c           the mvgpu bus and its devices
 * main.c          probe and removal of GPUs, clients, reset, GTT flush
 * gtt.c           the host half of the GTT: allocation, entries, flush
 * engine.c        engine programming: reset, context save/restore/switch
 * sched.c         contexts, run queues, time slices, the switch worker
 * sched_policy.c  the policy (weighted fair slices, caps), pure C
 * sched_sysfs.c   the GPU's sched/ sysfs group, debugfs mvgpu_sched/
 * trace.c         the tracepoints of trace.h (events/mvgpu)
 * hang.c          the watchdog: contexts that make no progress
 * irq.c           the GPU's interrupt line, demultiplexed to engines
 * pci.c           the PCI front end: a vGPU's function inside a guest
 */
#ifndef MVGPU_CORE_INTERNAL_H
#define MVGPU_CORE_INTERNAL_H

#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include <mvgpu/mvgpu_core.h>

#include "sched_core.h"
#include "sched_policy.h"

/* Context memory in the host GTT: ring, status page, image. */
#define MVGPU_CTX_HWSP_OFFSET		MVGPU_CTX_RING_BYTES
#define MVGPU_CTX_IMAGE_OFFSET		(MVGPU_CTX_RING_BYTES + \
					 MVGPU_GTT_PAGE_SIZE)
#define MVGPU_CTX_MEM_BYTES		(MVGPU_CTX_IMAGE_OFFSET + \
					 MVGPU_GTT_PAGE_SIZE)
/* How long a CONTROL request or an engine reset may take. */
#define MVGPU_ENGINE_TIMEOUT_US		1000000

/**
 * struct mvgpu_ctx - a client's context on one engine
 * @eng: its engine
 * @id: its CTX_ID, unique on the engine, never 0
 * @ops: the client's callbacks
 * @data: their argument
 * @mem: kernel mapping of ring, status page and image
 * @dma: DMA address of @mem
 * @node: its host GTT range, one guard entry past it
 * @va: GPU VA of @mem
 * @link: entry in &mvgpu_engine.ctxs; under the engine's lock
 * @notify: entry in the worker's list of contexts to call back; worker only
 * @ent: the policy's view; under the engine's lock
 * @tail: end of the commands the client submitted; under the engine's lock
 * @saved: the image holds its state (else it starts fresh at ring offset
 *	0); under the engine's lock
 * @dead: being destroyed: no more callbacks; under the engine's lock
 * @progress: a progress callback is due; under the engine's lock
 * @faulted: a fault callback is due; under the engine's lock
 * @fault_reason: for it: MVGPU_FAULT_*, or 0 for a restart
 * @fault_addr: for it: the faulting GPU VA
 * @busy_ns: engine time it spent executing, up to its last switch or
 *	charge (the engine's BUSY_NS while it was on); under the engine's lock
 * @busy_base: the engine's BUSY_NS when it was last charged; under the
 *	engine's lock, valid while it is on the engine
 * @owner: the owner given to mvgpu_ctx_create_owned(), or NULL
 * @stats: its counters (busy_ns not kept here); under the engine's lock
 * @hang_count: CMD_COUNT when the watchdog last saw it progress (hang.c);
 *	under the engine's lock
 * @hang_busy: its busy_ns then (hang.c); under the engine's lock
 * @no_watchdog: the watchdog leaves it alone (mvgpu_ctx_set_watchdog());
 *	under the engine's lock
 * @copied: on a vGPU, the offset in its ring up to which its commands were
 *	copied to the engine's ring; under the engine's lock
 */
struct mvgpu_ctx {
	struct mvgpu_engine *eng;
	u32 id;
	const struct mvgpu_ctx_ops *ops;
	void *data;
	void *mem;
	dma_addr_t dma;
	struct drm_mm_node node;
	u64 va;

	struct list_head link;
	struct list_head notify;
	struct mvgpu_sched_entity ent;
	u32 tail;
	bool saved;
	bool dead;
	bool progress;
	bool faulted;
	u32 fault_reason;
	u64 fault_addr;
	u64 busy_ns;
	u64 busy_base;
	const void *owner;
	struct mvgpu_ctx_stats stats;
	u32 hang_count;
	u64 hang_busy;
	bool no_watchdog;
	u32 copied;
};

/* mvgpu_engine.events, set by the interrupt handler and the slice timer */
#define MVGPU_ENG_EV_USER	0	/* USER_INTERRUPT */
#define MVGPU_ENG_EV_FAULT	1	/* ENGINE_EVENTS.FAULT */
#define MVGPU_ENG_EV_SLICE	2	/* time slice over */
#define MVGPU_ENG_EV_KICK	3	/* a context got work */
#define MVGPU_ENG_EV_WATCHDOG	4	/* the watchdog's period passed */

/**
 * struct mvgpu_engine - one engine, owned by the core
 * @gpu: its GPU
 * @id: engine number
 * @policy: the scheduling policy
 * @events: MVGPU_ENG_EV_* bits; atomic
 * @slice: the time slice timer; queues @work
 * @work: the worker: switches, faults, callbacks
 * @lock: protects everything below, the engine's registers and each of
 *	its contexts' scheduling fields
 * @ctxs: its contexts
 * @rq: its contexts with work, not on the engine
 * @current_ctx: the context on the engine (restored), or NULL
 * @slice_start: ktime_get_ns() when @current_ctx went on
 * @next_id: the next CTX_ID to try
 * @dead: removed: nothing goes on the engine any more
 * @switches: context switches done
 * @resets: engine resets done
 * @owner: the only owner whose contexts may use the engine (a partition),
 *	or NULL: shared by all
 * @preemptions: contexts taken off with work left
 * @hangs: contexts the watchdog reset
 * @gpu_resets: GPU resets the engine took part in
 * @nr_ctxs: contexts in @ctxs
 * @watchdog: the watchdog's timer (hang.c); queues @work
 * @sched: the scheduler's state (sched_core.h)
 * @wedged: stopped until the GPU reset: it stopped answering, or the reset
 *	is under way (hang.c)
 * @hang_seen_busy: the current context's busy_ns when the engine was last
 *	seen executing (hang.c)
 * @hang_seen_ns: when, ktime_get_ns() (hang.c)
 * @vring: on a vGPU, the engine's own ring (MVGPU_CTX_RING_BYTES) and
 *	status page, into which the current context's commands are copied
 *	(engine.c); NULL until first needed
 * @vring_dma: its DMA address
 * @vring_node: its GTT range
 * @vring_va: its GPU VA
 * @vtail: the tail of @vring last published
 * @vring_on: @vring is programmed and enabled on the engine
 */
struct mvgpu_engine {
	struct mvgpu_gpu *gpu;
	unsigned int id;
	const struct mvgpu_sched_policy_ops *policy;
	unsigned long events;
	struct hrtimer slice;
	struct work_struct work;

	struct mutex lock;	/* see the kernel-doc above */
	struct list_head ctxs;
	struct mvgpu_sched_rq rq;
	struct mvgpu_ctx *current_ctx;
	u64 slice_start;
	u32 next_id;
	bool dead;
	u64 switches;
	u64 resets;
	const void *owner;
	u64 preemptions;
	u64 hangs;
	u64 gpu_resets;
	unsigned int nr_ctxs;
	struct hrtimer watchdog;
	struct mvgpu_engine_sched sched;
	bool wedged;
	u64 hang_seen_busy;
	u64 hang_seen_ns;
	void *vring;
	dma_addr_t vring_dma;
	struct drm_mm_node vring_node;
	u64 vring_va;
	u32 vtail;
	bool vring_on;
};

extern struct workqueue_struct *mvgpu_sched_wq;

/**
 * mvgpu_gtt_range_valid() - is a GTT range one a driver can allocate from
 * @base: first entry
 * @count: entries
 * @limit: entries of the GTT window
 *
 * Pure logic, for VINFO's GTT range (KUnit: core/tests/vgpu_test.c).
 *
 * Return: true when @count is not 0 and [@base, @base + @count) lies in
 * [0, @limit).
 */
static inline bool mvgpu_gtt_range_valid(u64 base, u64 count, u64 limit)
{
	return count && base < limit && count <= limit - base;
}

/**
 * mvgpu_gtt_hw_range() - the GTT entries the driver may read and rewrite
 * @gpu: the GPU
 * @first: set to the first entry
 * @count: set to the number of entries
 *
 * The whole GTT on the GPU; on a vGPU, its own slice only.
 */
static inline void mvgpu_gtt_hw_range(struct mvgpu_gpu *gpu, u64 *first,
				      u64 *count)
{
	*first = gpu->vgpu ? gpu->gtt_base : 0;
	*count = gpu->vgpu ? gpu->gtt_count : MVGPU_GPU_GTT_ENTRIES;
}

/* gtt.c */
void mvgpu_gtt_init(struct mvgpu_gpu *gpu);
void mvgpu_gtt_fini(struct mvgpu_gpu *gpu);
int mvgpu_gtt_clear(struct mvgpu_gpu *gpu, u64 first, u64 count);

/* engine.c: registers of one engine; all _locked with its lock held */
u32 mvgpu_engine_read(struct mvgpu_engine *eng, u32 reg);
void mvgpu_engine_write(struct mvgpu_engine *eng, u32 reg, u32 val);
int mvgpu_engine_reset_locked(struct mvgpu_engine *eng);
int mvgpu_engine_switch_out_locked(struct mvgpu_engine *eng);
int mvgpu_engine_switch_in_locked(struct mvgpu_engine *eng,
				  struct mvgpu_ctx *ctx);
bool mvgpu_engine_idle_locked(struct mvgpu_engine *eng);
void mvgpu_engine_submit_locked(struct mvgpu_engine *eng);
void mvgpu_engine_vring_fini(struct mvgpu_engine *eng);
u32 mvgpu_ring_copy(void *dst, u32 dst_off, const void *src, u32 src_off,
		    u32 src_end, u32 size);

/* sched.c */
int mvgpu_engines_init(struct mvgpu_gpu *gpu);
void mvgpu_engines_fini(struct mvgpu_gpu *gpu);
void mvgpu_engine_event(struct mvgpu_engine *eng, unsigned int ev);
void mvgpu_ctx_lost_locked(struct mvgpu_ctx *ctx, u32 reason, u64 addr);
void mvgpu_engine_charge_busy_locked(struct mvgpu_engine *eng);

/* hang.c: the watchdog; _locked with the engine's lock held */
void mvgpu_hang_init(struct mvgpu_engine *eng);
void mvgpu_hang_fini(struct mvgpu_engine *eng);
void mvgpu_hang_switched_in_locked(struct mvgpu_engine *eng);
void mvgpu_hang_watchdog_locked(struct mvgpu_engine *eng);
void mvgpu_hang_switching_out_locked(struct mvgpu_engine *eng);
bool mvgpu_hang_stalled(u64 busy_ns, u64 progress_busy_ns, u64 limit_ns);
void mvgpu_hang_gpu_reset_request(struct mvgpu_engine *eng);
void mvgpu_hang_gpu_init(struct mvgpu_gpu *gpu);
void mvgpu_hang_gpu_start(struct mvgpu_gpu *gpu);
void mvgpu_hang_gpu_stop(struct mvgpu_gpu *gpu);
void mvgpu_device_reset_prepare(struct mvgpu_device *gdev);
void mvgpu_device_reset_done(struct mvgpu_device *gdev);
int mvgpu_engine_heartbeat_locked(struct mvgpu_engine *eng);

/* main.c */
int mvgpu_gpu_reset_engines(struct mvgpu_gpu *gpu);
#if IS_ENABLED(CONFIG_KUNIT)
int mvgpu_check_id(struct mvgpu_device *gdev);
#endif

/* pci.c */
extern struct pci_driver mvgpu_pci_driver;

/* irq.c */
int mvgpu_irq_init(struct mvgpu_gpu *gpu);
void mvgpu_irq_fini(struct mvgpu_gpu *gpu);
void mvgpu_irq_restore(struct mvgpu_gpu *gpu);

/* The render node (drivers/mvgpu/drm/), the core's built-in client. */
extern struct mvgpu_client mvgpu_drm_client;

#endif /* MVGPU_CORE_INTERNAL_H */
