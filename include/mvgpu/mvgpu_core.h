/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mvgpu core (mvgpu.ko): one struct mvgpu_gpu per bound GPU, and the
 * interface its clients use.
 *
 * The core binds every GPU on the mvgpu bus, resets it and owns it.  Its
 * clients (the render node, built into mvgpu.ko, and the vGPU mediation,
 * mvgpu_vgpu.ko) register a struct mvgpu_client: the core calls ->add for
 * every GPU, present or to come, and ->remove before the GPU goes, in the
 * reverse order of registration, so that the vGPUs (registered last) are
 * gone before the render node is unplugged and the engines stop.
 */
#ifndef MVGPU_CORE_H
#define MVGPU_CORE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/types.h>

#include <drm/drm_mm.h>

#include <mvgpu/mvgpu_bus.h>
#include <mvgpu/mvgpu_hw.h>

/* Clients the core serves at once (render node, vGPU mediation). */
#define MVGPU_MAX_CLIENTS	4
/* Bytes of the ring of a context. */
#define MVGPU_CTX_RING_BYTES	SZ_16K

struct mvgpu_ctx;
struct mvgpu_engine;

/**
 * struct mvgpu_gpu - one GPU bound by the core
 * @gdev: the GPU on the mvgpu bus, referenced until the last put
 * @ref: references: the core's while bound, and one per user that may
 *	outlive the binding (a DRM device with open clients)
 * @vram_size: bytes of device memory
 * @engines: the GPU's MVGPU_REG_ENGINES value
 * @engine_mask: bit e set when engine e exists
 * @copy_engines: number of copy engines
 * @compute_engines: number of compute engines
 * @has_gtt_flush: the GPU implements GTT_FLUSH (hardware 2.0 sims before
 *	it kept the register as plain storage)
 * @flush_probed: @has_gtt_flush is known
 * @vgpu: the GPU is a vGPU (VINFO_MAGIC reads "VGPU"): its driver runs in a
 *	guest and keeps to what VINFO gives it
 * @tail_poll: a vGPU that offers zero-trap submission (VINFO_CAPS.TAIL_POLL)
 * @gtt_base: first GTT entry the driver allocates from: MVGPU_HOST_GTT_BASE
 *	on the GPU, VINFO_GTT_BASE on a vGPU (ballooning)
 * @gtt_count: entries it allocates from: MVGPU_HOST_GTT_COUNT, or
 *	VINFO_GTT_COUNT
 * @eng: the engines, by number; NULL where absent
 * @gtt_lock: protects @gtt_mm and @gtt_gone
 * @gtt_mm: allocator of GTT entries in [@gtt_base, +@gtt_count)
 * @gtt_gone: the GPU was removed: entries are no longer written
 * @link: entry in the core's list of GPUs; under the core's client lock
 * @client_data: what each client's ->add stored; under the client lock
 * @added: bit i set when client slot i was added; under the client lock
 * @reset_work: resets the GPU when an engine stopped answering (hang.c)
 * @reset_ok: GPU resets allowed (probed, not being removed)
 * @reset_lock: one GPU reset at a time (hang.c), from its start to its end
 * @reset_gtt: the GTT entries kept over a reset; under @reset_lock
 * @reset_ret: what keeping them returned; under @reset_lock
 */
struct mvgpu_gpu {
	struct mvgpu_device *gdev;
	struct kref ref;
	u64 vram_size;
	u32 engines;
	unsigned long engine_mask;
	unsigned int copy_engines;
	unsigned int compute_engines;
	bool has_gtt_flush;
	bool flush_probed;
	bool vgpu;
	bool tail_poll;
	u64 gtt_base;
	u64 gtt_count;
	struct mvgpu_engine *eng[MVGPU_NUM_ENGINE_IDS];

	struct mutex gtt_lock;	/* see the kernel-doc above */
	struct drm_mm gtt_mm;
	bool gtt_gone;

	struct list_head link;
	void *client_data[MVGPU_MAX_CLIENTS];
	unsigned long added;
	struct work_struct reset_work;
	bool reset_ok;
	struct mutex reset_lock;	/* see the kernel-doc above */
	u64 *reset_gtt;
	int reset_ret;
};

/**
 * struct mvgpu_client - a user of every GPU
 * @name: for messages
 * @add: a GPU is bound: set up what the client needs on it and store its
 *	data in *@data; a failure is logged and the GPU goes on without it.
 *	May sleep.
 * @remove: the GPU is going: undo @add.  When it returns the client no
 *	longer uses the GPU's hardware (it may keep a counted reference to the
 *	struct).  May sleep.
 * @slot: index in &mvgpu_gpu.client_data, set by the core
 */
struct mvgpu_client {
	const char *name;
	int (*add)(struct mvgpu_gpu *gpu, void **data);
	void (*remove)(struct mvgpu_gpu *gpu, void *data);
	int slot;
};

/**
 * struct mvgpu_ctx_ops - how the core reports on a client's context
 * @progress: the context may have completed work (its engine raised a
 *	user interrupt, or it went off the engine): read its status page.
 * @fault: the context faulted (@reason MVGPU_FAULT_*, at GPU VA @addr), or
 *	was restarted (@reason 0): it is off the engine and its ring empty at
 *	offset 0; nothing of it runs until mvgpu_ctx_submit().
 *
 * Both are called from the engine's worker, in process context, with no
 * core lock held; they may take the client's locks and call
 * mvgpu_ctx_submit() or mvgpu_ctx_restart(), not mvgpu_ctx_destroy().
 */
struct mvgpu_ctx_ops {
	void (*progress)(struct mvgpu_ctx *ctx, void *data);
	void (*fault)(struct mvgpu_ctx *ctx, void *data, u32 reason, u64 addr);
};

/* Scheduling weights and caps (core/sched.c) */
#define MVGPU_SCHED_WEIGHT_MIN	1
#define MVGPU_SCHED_WEIGHT_MAX	1000
#define MVGPU_SCHED_WEIGHT_DEFAULT	1

/**
 * struct mvgpu_ctx_stats - what the core counted for one context
 * @busy_ns: engine time it spent executing (as mvgpu_ctx_busy_ns())
 * @submissions: mvgpu_ctx_submit() calls
 * @preemptions: times it went off the engine with work left
 * @resets: times it lost its state (faults, hangs, failed switches)
 * @hangs: of @resets, the ones the watchdog found (MVGPU_FAULT_HANG)
 * @rejected: submissions its client refused (mvgpu_ctx_rejected())
 * @weight: its scheduling weight
 * @cap: its cap, percent of the engine, 0 for none
 */
struct mvgpu_ctx_stats {
	u64 busy_ns;
	u64 submissions;
	u64 preemptions;
	u64 resets;
	u64 hangs;
	u64 rejected;
	u32 weight;
	u32 cap;
};

/**
 * struct mvgpu_engine_stats - what the core counted for one engine
 * @busy_ns: the engine's BUSY_NS
 * @switches: context switches
 * @preemptions: contexts taken off with work left
 * @resets: engine resets
 * @hangs: contexts the watchdog reset
 * @gpu_resets: resets of the whole GPU this engine took part in
 * @contexts: contexts on the engine now
 * @reserved: the engine is dedicated to one owner (a partition)
 */
struct mvgpu_engine_stats {
	u64 busy_ns;
	u64 switches;
	u64 preemptions;
	u64 resets;
	u64 hangs;
	u64 gpu_resets;
	u32 contexts;
	bool reserved;
};

int mvgpu_client_register(struct mvgpu_client *client);
void mvgpu_client_unregister(struct mvgpu_client *client);

struct mvgpu_gpu *mvgpu_gpu_get(struct mvgpu_gpu *gpu);
int mvgpu_gtt_flush(struct mvgpu_gpu *gpu);

/* Host GTT space (core/gtt.c) */
int mvgpu_gtt_insert(struct mvgpu_gpu *gpu, struct drm_mm_node *node,
		     u64 pages);
void mvgpu_gtt_set(struct mvgpu_gpu *gpu, u64 index, dma_addr_t dma);
void mvgpu_gtt_remove(struct mvgpu_gpu *gpu, struct drm_mm_node *node);
/* The vGPUs' half of the GTT (core/gtt.c), for the vGPU mediation */
int mvgpu_gtt_write_entry(struct mvgpu_gpu *gpu, u64 index, u64 entry);
u64 mvgpu_gtt_read_entry(struct mvgpu_gpu *gpu, u64 index);

/* Contexts (core/sched.c) */
struct mvgpu_ctx *mvgpu_ctx_create(struct mvgpu_gpu *gpu, unsigned int engine,
				   const struct mvgpu_ctx_ops *ops, void *data);
void mvgpu_ctx_destroy(struct mvgpu_ctx *ctx);
void *mvgpu_ctx_ring(struct mvgpu_ctx *ctx);
u32 mvgpu_ctx_hwsp_read(struct mvgpu_ctx *ctx, u32 offset);
void mvgpu_ctx_hwsp_write(struct mvgpu_ctx *ctx, u32 offset, u32 val);
u64 mvgpu_ctx_busy_ns(struct mvgpu_ctx *ctx);
u64 mvgpu_ctx_hwsp_va(struct mvgpu_ctx *ctx);
u32 mvgpu_ctx_id(struct mvgpu_ctx *ctx);
void mvgpu_ctx_submit(struct mvgpu_ctx *ctx, u32 tail);
void mvgpu_ctx_restart(struct mvgpu_ctx *ctx);
void mvgpu_ctx_set_watchdog(struct mvgpu_ctx *ctx, bool on);
struct mvgpu_ctx *mvgpu_ctx_create_owned(struct mvgpu_gpu *gpu,
					 unsigned int engine,
					 const struct mvgpu_ctx_ops *ops,
					 void *data, const void *owner);
int mvgpu_ctx_set_weight(struct mvgpu_ctx *ctx, u32 weight);
int mvgpu_ctx_set_cap(struct mvgpu_ctx *ctx, u32 cap);
void mvgpu_ctx_rejected(struct mvgpu_ctx *ctx, u32 reason, u64 addr);
void mvgpu_ctx_get_stats(struct mvgpu_ctx *ctx, struct mvgpu_ctx_stats *st);
/* Engines (core/sched.c): partitions and statistics */
int mvgpu_engine_reserve(struct mvgpu_gpu *gpu, unsigned int engine,
			 const void *owner);
void mvgpu_engine_unreserve(struct mvgpu_gpu *gpu, unsigned int engine,
			    const void *owner);
int mvgpu_engine_get_stats(struct mvgpu_gpu *gpu, unsigned int engine,
			   struct mvgpu_engine_stats *st);
void mvgpu_gpu_put(struct mvgpu_gpu *gpu);

#endif /* MVGPU_CORE_H */
