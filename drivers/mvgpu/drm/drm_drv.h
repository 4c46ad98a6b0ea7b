/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu host render node: internal interfaces, grouped by file.
 *
 * drm_drv.c     the DRM device of one GPU: ioctl table, parameters,
 *               bring-up and unplug, open files
 * drm_gem.c     buffer objects: shmem pages, DMA mapping, host GTT ranges
 * drm_engine.c  per-file contexts on the core's engines: rings, fences,
 *               retirement, fault recovery (hangs: core/hang.c)
 * drm_shadow.c  batches copied, scanned and audited into shadow memory
 *               before they run (the command parser of core/)
 * drm_submit.c  the SUBMIT and WAIT ioctls
 * drm_kms.c     the display plane as KMS (vGPUs, or force_kms), fbdev
 *
 * The render node is a client of the core (core/): the core owns the
 * engines, the interrupt and the GTT, and switches the engines between
 * contexts.  Each open file gets one context per engine it submits to, so
 * one client's long job does not hold the others behind one ring.
 */
#ifndef MVGPU_DRM_DRV_H
#define MVGPU_DRM_DRV_H

#include <linux/dma-fence.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/version.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/ww_mutex.h>

#include <drm/drm_device.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_mm.h>
#include <drm/drm_simple_kms_helper.h>

#include <mvgpu/mvgpu_bus.h>
#include <mvgpu/mvgpu_compat.h>
#include <mvgpu/mvgpu_core.h>
#include <mvgpu/mvgpu_hw.h>

struct drm_file;

/* The ring of each context (the core's). */
#define MVGPU_DRM_RING_SIZE		MVGPU_CTX_RING_BYTES
/* Dwords one submission takes in the ring: BATCH_START, STORE, USER_INT. */
#define MVGPU_DRM_JOB_DWORDS		8
#define MVGPU_DRM_JOB_BYTES		(4 * MVGPU_DRM_JOB_DWORDS)
/* Submissions in flight per context; one slot stays free (head == tail). */
#define MVGPU_DRM_MAX_INFLIGHT		(MVGPU_DRM_RING_SIZE / \
					 MVGPU_DRM_JOB_BYTES - 1)
/* Fences kept per context so that WAIT can find them by seqno. */
#define MVGPU_DRM_HISTORY		1024
#define MVGPU_DRM_MAX_BO_SIZE		SZ_256M
#define MVGPU_DRM_MAX_SUBMIT_BOS	256

/* Defaults of the per-client limits (module parameters, C8, C1). */
#define MVGPU_DRM_CLIENT_GTT_MB		256
#define MVGPU_DRM_CLIENT_INFLIGHT	64
#define MVGPU_DRM_CLIENT_SHADOW_KB	4096

struct mvgpu_shadow_area;

/**
 * struct mvgpu_file - what one open file of the render node is charged
 * @ref: the file's reference, one per BO it created and one per job in
 *	flight: BOs and jobs may outlive the file
 * @gtt_pages: host GTT entries its BOs hold (guard entries included)
 * @inflight: its submissions not yet retired
 * @inflight_wq: woken when @inflight drops
 * @ctx: its context on each engine, created by its first SUBMIT there;
 *	set under &mvgpu_drm.ctx_lock, freed when the file closes
 * @shadow: its shadow memory, created by its first SUBMIT (set once, with
 *	cmpxchg()), freed with the last reference
 */
struct mvgpu_file {
	struct kref ref;
	atomic64_t gtt_pages;
	atomic_t inflight;
	wait_queue_head_t inflight_wq;
	struct mvgpu_drm_ctx *ctx[MVGPU_NUM_ENGINE_IDS];
	struct mvgpu_shadow_area *shadow;
};

/**
 * struct mvgpu_bo - a buffer object
 * @base: the shmem GEM object; first, as drm_gem_shmem_free() kfree()s it
 * @node: its range of host GTT entries, one guard entry past its pages
 * @gpu_va: GPU virtual address of its first byte
 * @owner: the file charged for @node, or NULL
 */
struct mvgpu_bo {
	struct drm_gem_shmem_object base;
	struct drm_mm_node node;
	u64 gpu_va;
	struct mvgpu_file *owner;
};

static inline struct mvgpu_bo *to_mvgpu_bo(struct drm_gem_object *obj)
{
	return container_of(to_drm_gem_shmem_obj(obj), struct mvgpu_bo, base);
}

/**
 * struct mvgpu_fence - completion of one submission
 * @base: the fence; first, as the default release kfree()s it
 * @lock: the fence's own lock, so that it outlives the device
 * @timeline: name of its engine, a string constant
 */
struct mvgpu_fence {
	struct dma_fence base;
	spinlock_t lock;	/* see the kernel-doc above */
	const char *timeline;
};

/**
 * struct mvgpu_job - one submission
 * @link: entry in mvgpu_drm_ctx.active
 * @fence: signalled when the batch completed (error -EIO if it faulted)
 * @batch_va: GPU VA of the batch: the client's until it is scanned, then
 *	its shadow's, which the ring starts
 * @shadows: the shadows of its batches, in the owner's shadow area
 * @seqno: sequence number in its context (per file and engine)
 * @owner: the submitting file, charged for the job until it is freed
 * @bo_count: entries of @bos
 * @bos: BOs the batch uses, referenced until it retires
 */
struct mvgpu_job {
	struct list_head link;
	struct mvgpu_fence *fence;
	u64 batch_va;
	struct list_head shadows;
	u32 seqno;
	struct mvgpu_file *owner;
	unsigned int bo_count;
	struct drm_gem_object *bos[];
};

struct mvgpu_drm;

/**
 * struct mvgpu_drm_ctx - one open file's context on one engine
 * @mdrm: the device
 * @engine: engine number (MVGPU_ENGINE_COPY/COMPUTE)
 * @fence_context: dma_fence context of its submissions
 * @link: entry in &mvgpu_drm.ctxs; under &mvgpu_drm.ctx_lock
 * @space_wq: woken when a ring slot frees or the context dies
 * @lock: protects everything below
 * @hw: the core's context (ring, status page, image), or NULL once dead
 * @dead: file closed or device unplugged: no more submissions
 * @tail: byte offset in the ring of the next command
 * @last_seqno: seqno of the newest submission
 * @active: submissions in the ring, oldest first
 * @nr_active: entries of @active
 * @resets: restarts after faults and hangs
 * @history: the last MVGPU_DRM_HISTORY fences, by seqno
 */
struct mvgpu_drm_ctx {
	struct mvgpu_drm *mdrm;
	unsigned int engine;
	u64 fence_context;
	struct list_head link;
	wait_queue_head_t space_wq;

	struct mutex lock;	/* see the kernel-doc above */
	struct mvgpu_ctx *hw;
	bool dead;
	u32 tail;
	u32 last_seqno;
	struct list_head active;
	unsigned int nr_active;
	unsigned int resets;
	struct dma_fence *history[MVGPU_DRM_HISTORY];
};

/**
 * struct mvgpu_drm - the render node of one GPU
 * @drm: the DRM device; first
 * @gpu: the GPU, a counted reference dropped when the DRM device is freed
 * @gdev: its bus device
 * @engine_mask: bit e set when engine e exists
 * @copy_engines: number of copy engines
 * @compute_engines: number of compute engines
 * @ctx_lock: protects @ctxs, @unplugged and the files' context pointers
 * @ctxs: every open file's contexts
 * @unplugged: the GPU is gone: no new contexts
 * @kms: the device does KMS (drm_kms.c): @pipe and @connector are set up
 * @pipe: the plane, its CRTC and encoder
 * @connector: the virtual connector
 */
struct mvgpu_drm {
	struct drm_device drm;
	struct mvgpu_gpu *gpu;
	struct mvgpu_device *gdev;
	unsigned long engine_mask;
	unsigned int copy_engines;
	unsigned int compute_engines;

	struct mutex ctx_lock;	/* see the kernel-doc above */
	struct list_head ctxs;
	bool unplugged;

	bool kms;
	struct drm_simple_display_pipe pipe;
	struct drm_connector connector;
};

static inline struct mvgpu_drm *to_mvgpu_drm(struct drm_device *drm)
{
	return container_of(drm, struct mvgpu_drm, drm);
}

/* GPU VA of host GTT entry @index. */
static inline u64 mvgpu_gtt_va(u64 index)
{
	return index * MVGPU_GTT_PAGE_SIZE;
}

/* drm_drv.c: the DRM device; module parameters */
extern unsigned int mvgpu_client_gtt_mb;
extern unsigned int mvgpu_client_inflight;
extern unsigned int mvgpu_client_shadow_kb;
extern unsigned int mvgpu_debug_submit_delay_us;
extern bool mvgpu_debug_inject_faults;
extern bool mvgpu_hangcheck;
void mvgpu_file_put(struct mvgpu_file *mfile);

/* drm_gem.c: buffer objects */
struct drm_gem_object *mvgpu_bo_create_object(struct drm_device *drm,
					      size_t size);
struct mvgpu_bo *mvgpu_bo_create(struct mvgpu_drm *mdrm, size_t size,
				 struct mvgpu_file *mfile);
int mvgpu_ioctl_gem_create(struct drm_device *drm, void *data,
			   struct drm_file *file);
int mvgpu_ioctl_gem_mmap_offset(struct drm_device *drm, void *data,
				struct drm_file *file);

/* drm_kms.c: display */
struct drm_mode_create_dumb;
bool mvgpu_kms_wanted(const struct mvgpu_gpu *gpu);
int mvgpu_kms_dumb_create(struct drm_file *file, struct drm_device *drm,
			  struct drm_mode_create_dumb *args);
int mvgpu_kms_init(struct mvgpu_drm *mdrm);
void mvgpu_kms_fbdev_setup(struct mvgpu_drm *mdrm);
void mvgpu_kms_shutdown(struct mvgpu_drm *mdrm);

/* drm_engine.c: contexts, fences, retirement and recovery */
struct mvgpu_drm_ctx *mvgpu_drm_ctx_get(struct mvgpu_drm *mdrm,
					struct mvgpu_file *mfile,
					unsigned int engine);
void mvgpu_drm_ctx_kill(struct mvgpu_drm_ctx *c, int error);
void mvgpu_drm_ctx_free(struct mvgpu_drm_ctx *c);
struct mvgpu_fence *mvgpu_fence_alloc(void);
int mvgpu_drm_ctx_wait_space(struct mvgpu_drm_ctx *c);
int mvgpu_drm_ctx_queue(struct mvgpu_drm_ctx *c, struct mvgpu_job *job,
			struct ww_acquire_ctx *ctx, u32 *seqno);
struct dma_fence *mvgpu_drm_ctx_find_fence(struct mvgpu_drm_ctx *c,
					   u32 seqno, int *err);
void mvgpu_job_free(struct mvgpu_job *job);

/* drm_shadow.c: scan, audit and shadow */
int mvgpu_submit_scan(struct mvgpu_drm *mdrm, struct mvgpu_file *mfile,
		      struct mvgpu_job *job);
void mvgpu_job_put_shadows(struct mvgpu_shadow_area *area,
			   struct mvgpu_job *job);
void mvgpu_shadow_area_free(struct mvgpu_shadow_area *area);
u64 mvgpu_file_shadow_bytes(struct mvgpu_file *mfile);

/* drm_submit.c: SUBMIT and WAIT */
void mvgpu_submit_unlock_all(struct mvgpu_job *job,
			     struct ww_acquire_ctx *ctx);
int mvgpu_ioctl_submit(struct drm_device *drm, void *data,
		       struct drm_file *file);
int mvgpu_ioctl_wait(struct drm_device *drm, void *data,
		     struct drm_file *file);

#endif /* MVGPU_DRM_DRV_H */
