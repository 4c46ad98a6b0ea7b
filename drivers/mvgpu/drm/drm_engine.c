// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu render node: each open file's contexts on the core's engines.
 *
 * A file gets a context on an engine at its first SUBMIT there: a ring, a
 * status page and a context image from the core, which switches the engine
 * between contexts (round robin, time slices).  A submission is three ring
 * commands: BATCH_START of the shadow of the user's batch (drm_shadow.c),
 * STORE_DWORD of its seqno into the context's status page, and
 * USER_INTERRUPT.  Seqnos, fences and their order are per context, that is
 * per file and engine.  The core calls
 * mvgpu_drm_ctx_progress() when the context may have completed work: it
 * signals the fences of every submission whose seqno the status page has
 * reached.
 *
 * When the context faults, the core resets the engine and empties the
 * context's ring; mvgpu_drm_ctx_fault() cancels the submission it was
 * running (its fence gets -EIO) and writes the submissions behind it into
 * the ring again.  Other files' contexts are not affected.  Hangs are the
 * core's watchdog's (core/hang.c): a context that completes no command in
 * watchdog_ms of its own engine time is reset with MVGPU_FAULT_HANG, and
 * its fault callback cancels the hung submission with -EIO the same way.
 * The hangcheck parameter, read at each submission, exempts the file's
 * contexts from the watchdog (tests keep work pending on purpose); an
 * engine that stops answering resets the GPU all the same.
 */
#include <linux/dma-resv.h>
#include <linux/slab.h>

#include <drm/drm_gem.h>

#include "drm_drv.h"

static const char *const mvgpu_engine_names[MVGPU_NUM_ENGINE_IDS] = {
	"copy0", "copy1", "copy2", "copy3",
	"copy4", "copy5", "copy6", "copy7",
	"compute0", "compute1", "compute2", "compute3",
	"compute4", "compute5", "compute6", "compute7",
};

static const char *mvgpu_fence_get_driver_name(struct dma_fence *fence)
{
	return "mvgpu";
}

static const char *mvgpu_fence_get_timeline_name(struct dma_fence *fence)
{
	return container_of(fence, struct mvgpu_fence, base)->timeline;
}

static const struct dma_fence_ops mvgpu_fence_ops = {
	.get_driver_name = mvgpu_fence_get_driver_name,
	.get_timeline_name = mvgpu_fence_get_timeline_name,
};

/**
 * mvgpu_fence_alloc() - allocate a fence for mvgpu_drm_ctx_queue() to start
 *
 * Return: the fence, not initialised yet, or NULL.
 */
struct mvgpu_fence *mvgpu_fence_alloc(void)
{
	struct mvgpu_fence *fence = kzalloc(sizeof(*fence), GFP_KERNEL);

	if (fence)
		spin_lock_init(&fence->lock);
	return fence;
}

/**
 * mvgpu_job_free() - drop a job's shadows, BO references and fence
 * @job: the job, retired, cancelled or never queued: off every engine
 */
void mvgpu_job_free(struct mvgpu_job *job)
{
	unsigned int i;

	if (job->owner)
		mvgpu_job_put_shadows(job->owner->shadow, job);
	for (i = 0; i < job->bo_count; i++)
		drm_gem_object_put(job->bos[i]);
	if (job->owner) {
		atomic_dec(&job->owner->inflight);
		wake_up_all(&job->owner->inflight_wq);
		mvgpu_file_put(job->owner);
	}
	if (job->fence && job->fence->base.ops)
		dma_fence_put(&job->fence->base);
	else
		kfree(job->fence);
	kfree(job);
}

/* True when seqno @a is @b or later, across wrap-around. */
static bool mvgpu_seqno_passed(u32 a, u32 b)
{
	return (s32)(a - b) >= 0;
}

static void mvgpu_drm_ctx_emit_locked(struct mvgpu_drm_ctx *c,
				      struct mvgpu_job *job)
{
	__le32 *cs = mvgpu_ctx_ring(c->hw) + c->tail;
	u64 seqno_va = mvgpu_ctx_hwsp_va(c->hw) + MVGPU_HWSP_SEQNO;

	lockdep_assert_held(&c->lock);
	*cs++ = cpu_to_le32(MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3));
	*cs++ = cpu_to_le32(lower_32_bits(job->batch_va));
	*cs++ = cpu_to_le32(upper_32_bits(job->batch_va));
	*cs++ = cpu_to_le32(MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4));
	*cs++ = cpu_to_le32(lower_32_bits(seqno_va));
	*cs++ = cpu_to_le32(upper_32_bits(seqno_va));
	*cs++ = cpu_to_le32(job->seqno);
	*cs++ = cpu_to_le32(MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1));
	c->tail = (c->tail + MVGPU_DRM_JOB_BYTES) & (MVGPU_DRM_RING_SIZE - 1);
}

/* Moves completed submissions to @done, their fences signalled. */
static void mvgpu_drm_ctx_retire_locked(struct mvgpu_drm_ctx *c,
					struct list_head *done)
{
	struct mvgpu_job *job, *next;
	u32 hw_seqno;

	lockdep_assert_held(&c->lock);
	if (!c->hw)
		return;
	hw_seqno = mvgpu_ctx_hwsp_read(c->hw, MVGPU_HWSP_SEQNO);
	list_for_each_entry_safe(job, next, &c->active, link) {
		if (!mvgpu_seqno_passed(hw_seqno, job->seqno))
			break;
		dma_fence_signal(&job->fence->base);
		list_move_tail(&job->link, done);
		c->nr_active--;
	}
}

/* Cancels the oldest submission (all of them if @all) with @error. */
static void mvgpu_drm_ctx_cancel_locked(struct mvgpu_drm_ctx *c, int error,
					bool all, struct list_head *done)
{
	struct mvgpu_job *job, *next;

	lockdep_assert_held(&c->lock);
	list_for_each_entry_safe(job, next, &c->active, link) {
		dma_fence_set_error(&job->fence->base, error);
		dma_fence_signal(&job->fence->base);
		list_move_tail(&job->link, done);
		c->nr_active--;
		if (!all)
			break;
	}
}

static void mvgpu_drm_ctx_free_done(struct mvgpu_drm_ctx *c,
				    struct list_head *done)
{
	struct mvgpu_job *job, *next;

	if (list_empty(done))
		return;
	wake_up_all(&c->space_wq);
	list_for_each_entry_safe(job, next, done, link)
		mvgpu_job_free(job);
}

/*
 * The context is off the engine with an empty ring: what it finished is
 * final.  Cancels the submission it was stuck in and writes the ones behind
 * it into the ring from offset 0.
 */
static void mvgpu_drm_ctx_recover_locked(struct mvgpu_drm_ctx *c,
					 const char *why, u32 reason, u64 addr,
					 struct list_head *done)
{
	struct mvgpu_job *job;

	lockdep_assert_held(&c->lock);
	c->resets++;
	mvgpu_drm_ctx_retire_locked(c, done);
	job = list_first_entry_or_null(&c->active, struct mvgpu_job, link);
	dev_warn_ratelimited(c->mdrm->drm.dev,
			     "%s, context %u: %s (reason %u, address %#llx) in seqno %u: cancelled\n",
			     mvgpu_engine_names[c->engine], mvgpu_ctx_id(c->hw),
			     why, reason, addr, job ? job->seqno : 0);
	mvgpu_drm_ctx_cancel_locked(c, -EIO, false, done);
	c->tail = 0;
	list_for_each_entry(job, &c->active, link)
		mvgpu_drm_ctx_emit_locked(c, job);
	if (c->tail)
		mvgpu_ctx_submit(c->hw, c->tail);
}

/* mvgpu_ctx_ops.progress */
static void mvgpu_drm_ctx_progress(struct mvgpu_ctx *hw, void *data)
{
	struct mvgpu_drm_ctx *c = data;
	LIST_HEAD(done);

	mutex_lock(&c->lock);
	if (!c->dead)
		mvgpu_drm_ctx_retire_locked(c, &done);
	mutex_unlock(&c->lock);
	mvgpu_drm_ctx_free_done(c, &done);
}

static const char *mvgpu_drm_fault_why(u32 reason)
{
	if (reason == MVGPU_FAULT_HANG)
		return "hang";
	return reason ? "fault" : "lost";
}

/* mvgpu_ctx_ops.fault */
static void mvgpu_drm_ctx_fault(struct mvgpu_ctx *hw, void *data, u32 reason,
				u64 addr)
{
	struct mvgpu_drm_ctx *c = data;
	LIST_HEAD(done);

	mutex_lock(&c->lock);
	if (!c->dead)
		mvgpu_drm_ctx_recover_locked(c, mvgpu_drm_fault_why(reason),
					     reason, addr, &done);
	mutex_unlock(&c->lock);
	mvgpu_drm_ctx_free_done(c, &done);
}

static const struct mvgpu_ctx_ops mvgpu_drm_ctx_ops = {
	.progress = mvgpu_drm_ctx_progress,
	.fault = mvgpu_drm_ctx_fault,
};

/* Publishes the job's fence on each of its BOs, reserved by the caller. */
static void mvgpu_drm_ctx_publish(struct mvgpu_job *job)
{
	unsigned int i;

	for (i = 0; i < job->bo_count; i++)
		dma_resv_add_fence(job->bos[i]->resv, &job->fence->base,
				   DMA_RESV_USAGE_WRITE);
}

/**
 * mvgpu_drm_ctx_wait_space() - wait until the context's ring has a free slot
 * @c: the context
 *
 * Called without any reservation held, so that a full ring does not block
 * waiters on the submitter's BOs (C8).
 *
 * Return: 0, or -ERESTARTSYS on a signal.
 */
int mvgpu_drm_ctx_wait_space(struct mvgpu_drm_ctx *c)
{
	return wait_event_interruptible(c->space_wq,
					READ_ONCE(c->nr_active) <
					MVGPU_DRM_MAX_INFLIGHT ||
					READ_ONCE(c->dead));
}

/**
 * mvgpu_drm_ctx_queue() - start a job in a context
 * @c: the context
 * @job: the job, with its BOs' reservations locked and a fence slot
 *	reserved in each, and an unstarted fence
 * @ctx: the acquire context of the reservations
 * @seqno: set to the job's sequence number
 *
 * Unlocks the reservations in every case.  When the ring has a free slot,
 * starts the fence, publishes it on the BOs and unlocks them, and only then
 * makes the job visible to retirement and writes it into the ring: from
 * then on the context owns the job, which may complete and be freed at
 * once, so the caller must not touch it (C3).
 *
 * Return: 0; -EAGAIN when the ring is full (mvgpu_drm_ctx_wait_space(),
 * then lock and try again); -ERESTARTSYS on a signal; -ENODEV when the
 * context is gone.
 */
int mvgpu_drm_ctx_queue(struct mvgpu_drm_ctx *c, struct mvgpu_job *job,
			struct ww_acquire_ctx *ctx, u32 *seqno)
{
	struct dma_fence **slot;
	int ret;

	ret = mutex_lock_interruptible(&c->lock);
	if (ret)
		goto unlock_resv;
	if (c->dead) {
		ret = -ENODEV;
		goto unlock_ctx;
	}
	if (c->nr_active >= MVGPU_DRM_MAX_INFLIGHT) {
		ret = -EAGAIN;
		goto unlock_ctx;
	}

	job->seqno = ++c->last_seqno;
	if (!job->seqno)	/* 0 is never handed out */
		job->seqno = ++c->last_seqno;
	job->fence->timeline = mvgpu_engine_names[c->engine];
	dma_fence_init(&job->fence->base, &mvgpu_fence_ops, &job->fence->lock,
		       c->fence_context, job->seqno);
	slot = &c->history[job->seqno % MVGPU_DRM_HISTORY];
	dma_fence_put(*slot);
	*slot = dma_fence_get(&job->fence->base);
	mvgpu_drm_ctx_publish(job);
	mvgpu_submit_unlock_all(job, ctx);
	*seqno = job->seqno;

	mvgpu_ctx_set_watchdog(c->hw, READ_ONCE(mvgpu_hangcheck));
	list_add_tail(&job->link, &c->active);
	c->nr_active++;
	mvgpu_drm_ctx_emit_locked(c, job);
	mvgpu_ctx_submit(c->hw, c->tail);
	mutex_unlock(&c->lock);
	return 0;

unlock_ctx:
	mutex_unlock(&c->lock);
unlock_resv:
	mvgpu_submit_unlock_all(job, ctx);
	return ret;
}

/**
 * mvgpu_drm_ctx_find_fence() - the fence of a submission, by seqno
 * @c: the context
 * @seqno: its sequence number
 * @err: set to -EINVAL when @seqno was never handed out (0, or ahead of
 *	the newest), else 0
 *
 * Return: a reference to the fence, or NULL when it is out of the history
 * (long completed) or @err is set.
 */
struct dma_fence *mvgpu_drm_ctx_find_fence(struct mvgpu_drm_ctx *c,
					   u32 seqno, int *err)
{
	struct dma_fence *fence = NULL, *slot;

	*err = 0;
	mutex_lock(&c->lock);
	if (!seqno || !mvgpu_seqno_passed(c->last_seqno, seqno)) {
		*err = -EINVAL;
	} else {
		slot = c->history[seqno % MVGPU_DRM_HISTORY];
		if (slot && lower_32_bits(slot->seqno) == seqno)
			fence = dma_fence_get(slot);
	}
	mutex_unlock(&c->lock);
	return fence;
}

static struct mvgpu_drm_ctx *mvgpu_drm_ctx_create(struct mvgpu_drm *mdrm,
						  unsigned int engine)
{
	struct mvgpu_drm_ctx *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->mdrm = mdrm;
	c->engine = engine;
	c->fence_context = dma_fence_context_alloc(1);
	mutex_init(&c->lock);
	INIT_LIST_HEAD(&c->active);
	init_waitqueue_head(&c->space_wq);
	c->hw = mvgpu_ctx_create(mdrm->gpu, engine, &mvgpu_drm_ctx_ops, c);
	if (IS_ERR(c->hw)) {
		long ret = PTR_ERR(c->hw);

		mutex_destroy(&c->lock);
		kfree(c);
		return ERR_PTR(ret);
	}
	return c;
}

/**
 * mvgpu_drm_ctx_get() - a file's context on an engine, created on first use
 * @mdrm: the device
 * @mfile: the file
 * @engine: an engine of the device
 *
 * Return: the context, or an ERR_PTR(): -ENODEV once the device is
 * unplugged, -ENOMEM.
 */
struct mvgpu_drm_ctx *mvgpu_drm_ctx_get(struct mvgpu_drm *mdrm,
					struct mvgpu_file *mfile,
					unsigned int engine)
{
	struct mvgpu_drm_ctx *c;

	mutex_lock(&mdrm->ctx_lock);
	c = mfile->ctx[engine];
	if (!c && mdrm->unplugged)
		c = ERR_PTR(-ENODEV);
	if (!c) {
		c = mvgpu_drm_ctx_create(mdrm, engine);
		if (!IS_ERR(c)) {
			mfile->ctx[engine] = c;
			list_add_tail(&c->link, &mdrm->ctxs);
		}
	}
	mutex_unlock(&mdrm->ctx_lock);
	return c;
}

/**
 * mvgpu_drm_ctx_kill() - stop a context for good
 * @c: the context
 * @error: the error its unfinished submissions get
 *
 * Takes it off the engine first, so that no engine uses its batches or
 * BOs any more, then cancels what it had not finished and frees the core's
 * context.  Idempotent.  Not from a callback of the core.
 */
void mvgpu_drm_ctx_kill(struct mvgpu_drm_ctx *c, int error)
{
	struct mvgpu_ctx *hw;
	LIST_HEAD(done);
	unsigned int i;

	mutex_lock(&c->lock);
	hw = c->hw;
	c->dead = true;
	if (hw) {
		mvgpu_ctx_restart(hw);
		mvgpu_drm_ctx_retire_locked(c, &done);
	}
	mvgpu_drm_ctx_cancel_locked(c, error, true, &done);
	for (i = 0; i < MVGPU_DRM_HISTORY; i++) {
		dma_fence_put(c->history[i]);
		c->history[i] = NULL;
	}
	c->hw = NULL;
	mutex_unlock(&c->lock);
	wake_up_all(&c->space_wq);
	if (hw)
		mvgpu_ctx_destroy(hw);
	mvgpu_drm_ctx_free_done(c, &done);
}

/**
 * mvgpu_drm_ctx_free() - free a killed context
 * @c: the context, killed and off &mvgpu_drm.ctxs
 */
void mvgpu_drm_ctx_free(struct mvgpu_drm_ctx *c)
{
	mutex_destroy(&c->lock);
	kfree(c);
}
