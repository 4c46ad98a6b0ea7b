// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu render node: SUBMIT and WAIT.
 *
 * SUBMIT looks the BOs up, has the batch copied, scanned and audited
 * against them (drm_shadow.c), locks their reservations, waits until no
 * other context (another file, or another engine) has unfinished work on
 * them (implicit synchronisation: the submitting process waits), then
 * queues the batch's shadow in the file's context on the engine, which
 * publishes the new fence on every BO.
 */
#include <linux/delay.h>
#include <linux/dma-resv.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/ww_mutex.h>

#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <uapi/mvgpu_drm.h>

#include "drm_drv.h"

static bool mvgpu_engine_valid(struct mvgpu_drm *mdrm, u32 id)
{
	return id < MVGPU_NUM_ENGINE_IDS && test_bit(id, &mdrm->engine_mask);
}

static bool mvgpu_job_has(struct mvgpu_job *job, struct drm_gem_object *obj)
{
	unsigned int i;

	for (i = 0; i < job->bo_count; i++)
		if (job->bos[i] == obj)
			return true;
	return false;
}

/* Takes a reference on the batch BO and each listed BO, once each. */
static int mvgpu_submit_lookup(struct drm_file *file,
			       const struct drm_mvgpu_submit *args,
			       struct mvgpu_job *job)
{
	struct drm_gem_object *obj;
	u32 *handles;
	unsigned int i;
	int ret = 0;

	obj = drm_gem_object_lookup(file, args->batch_handle);
	if (!obj)
		return -ENOENT;
	job->bos[job->bo_count++] = obj;
	if (args->batch_offset & 3 || args->batch_offset >= obj->size)
		return -EINVAL;
	job->batch_va = to_mvgpu_bo(obj)->gpu_va + args->batch_offset;
	if (!args->bo_count)
		return 0;

	handles = kvmalloc_array(args->bo_count, sizeof(*handles), GFP_KERNEL);
	if (!handles)
		return -ENOMEM;
	if (copy_from_user(handles, u64_to_user_ptr(args->bo_handles),
			   array_size(args->bo_count, sizeof(*handles)))) {
		ret = -EFAULT;
		goto free_handles;
	}
	for (i = 0; i < args->bo_count; i++) {
		obj = drm_gem_object_lookup(file, handles[i]);
		if (!obj) {
			ret = -ENOENT;
			break;
		}
		if (mvgpu_job_has(job, obj))
			drm_gem_object_put(obj);
		else
			job->bos[job->bo_count++] = obj;
	}

free_handles:
	kvfree(handles);
	return ret;
}

/*
 * Unlocks the first @count reservations but @slow, then @slow, the one
 * taken out of order by the slow path (-1: none).
 */
static void mvgpu_submit_unlock(struct mvgpu_job *job, unsigned int count,
				int slow)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		if (i != slow)
			dma_resv_unlock(job->bos[i]->resv);
	if (slow >= 0)
		dma_resv_unlock(job->bos[slow]->resv);
}

/* Locks every BO's reservation with wound-wait back-off. */
static int mvgpu_submit_lock(struct mvgpu_job *job, struct ww_acquire_ctx *ctx)
{
	unsigned int i;
	int slow = -1, ret;

	ww_acquire_init(ctx, &reservation_ww_class);
	for (;;) {
		ret = 0;
		for (i = 0; i < job->bo_count && !ret; i++) {
			if (i != slow)
				ret = dma_resv_lock_interruptible(job->bos[i]->resv,
								  ctx);
		}
		if (!ret) {
			ww_acquire_done(ctx);
			return 0;
		}
		/* Entry i - 1 failed: back off from everything held. */
		mvgpu_submit_unlock(job, i - 1, slow);
		if (ret != -EDEADLK)
			break;
		slow = i - 1;
		ret = dma_resv_lock_slow_interruptible(job->bos[slow]->resv, ctx);
		if (ret)
			break;
	}
	ww_acquire_fini(ctx);
	return ret;
}

/**
 * mvgpu_submit_unlock_all() - unlock every reservation of a job
 * @job: the job, its reservations locked by mvgpu_submit_lock()
 * @ctx: their acquire context, finished here
 */
void mvgpu_submit_unlock_all(struct mvgpu_job *job, struct ww_acquire_ctx *ctx)
{
	mvgpu_submit_unlock(job, job->bo_count, -1);
	ww_acquire_fini(ctx);
}

/* An unsignalled fence of another timeline on one of the job's BOs. */
static struct dma_fence *mvgpu_submit_foreign_fence(struct mvgpu_job *job,
						    u64 context)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	unsigned int i;

	for (i = 0; i < job->bo_count; i++) {
		dma_resv_for_each_fence(&cursor, job->bos[i]->resv,
					DMA_RESV_USAGE_BOOKKEEP, fence) {
			if (fence->context != context &&
			    !dma_fence_is_signaled(fence))
				return dma_fence_get(fence);
		}
	}
	return NULL;
}

/* Locks the reservations once no other engine has work on them. */
static int mvgpu_submit_lock_idle(struct mvgpu_job *job, u64 context,
				  struct ww_acquire_ctx *ctx)
{
	struct dma_fence *fence;
	unsigned int i;
	long ret;

	for (;;) {
		ret = mvgpu_submit_lock(job, ctx);
		if (ret)
			return ret;
		fence = mvgpu_submit_foreign_fence(job, context);
		if (!fence)
			break;
		mvgpu_submit_unlock_all(job, ctx);
		ret = dma_fence_wait(fence, true);
		dma_fence_put(fence);
		if (ret)
			return ret;
	}
	for (i = 0; i < job->bo_count; i++) {
		ret = dma_resv_reserve_fences(job->bos[i]->resv, 1);
		if (ret) {
			mvgpu_submit_unlock_all(job, ctx);
			return ret;
		}
	}
	return 0;
}

/*
 * Charges @job to the submitting file; waits while the file has
 * client_inflight jobs in flight (C8), without any lock held.
 */
static int mvgpu_submit_throttle(struct mvgpu_file *mfile,
				 struct mvgpu_job *job)
{
	unsigned int limit;
	int ret;

	for (;;) {
		limit = max(READ_ONCE(mvgpu_client_inflight), 1u);
		ret = wait_event_interruptible(mfile->inflight_wq,
					       atomic_read(&mfile->inflight) <
					       limit);
		if (ret)
			return ret;
		if (atomic_inc_return(&mfile->inflight) <= limit)
			break;
		atomic_dec(&mfile->inflight);
	}
	kref_get(&mfile->ref);
	job->owner = mfile;
	return 0;
}

/* Queues the job once its ring has space; the context owns it on success. */
static int mvgpu_submit_queue(struct mvgpu_drm_ctx *c, struct mvgpu_job *job,
			      u32 *seqno)
{
	struct ww_acquire_ctx ctx;
	int ret;

	do {
		ret = mvgpu_drm_ctx_wait_space(c);
		if (ret)
			return ret;
		ret = mvgpu_submit_lock_idle(job, c->fence_context, &ctx);
		if (ret)
			return ret;
		ret = mvgpu_drm_ctx_queue(c, job, &ctx, seqno);
	} while (ret == -EAGAIN);
	return ret;
}

/**
 * mvgpu_ioctl_submit() - DRM_IOCTL_MVGPU_SUBMIT
 * @drm: the DRM device
 * @data: struct drm_mvgpu_submit
 * @file: the client
 *
 * Return: 0; -EINVAL for flags, padding, an unknown engine, a batch
 * offset outside its BO or misaligned, or a command the engine would fault
 * on; -EACCES for a command that reaches outside the submission's BOs (or
 * is otherwise refused by the audit); -ENOSPC for a batch larger than the
 * file's shadow memory; -E2BIG for too many BOs; -ENOENT for a bad handle;
 * -EFAULT, -ENOMEM, -ERESTARTSYS; -ENODEV once the GPU is gone.
 */
int mvgpu_ioctl_submit(struct drm_device *drm, void *data,
		       struct drm_file *file)
{
	struct drm_mvgpu_submit *args = data;
	struct mvgpu_drm *mdrm = to_mvgpu_drm(drm);
	struct mvgpu_drm_ctx *c;
	struct mvgpu_job *job;
	int ret;

	if (args->flags || args->pad)
		return -EINVAL;
	if (!mvgpu_engine_valid(mdrm, args->engine))
		return -EINVAL;
	if (args->bo_count > MVGPU_DRM_MAX_SUBMIT_BOS)
		return -E2BIG;
	c = mvgpu_drm_ctx_get(mdrm, file->driver_priv, args->engine);
	if (IS_ERR(c))
		return PTR_ERR(c);

	job = kzalloc(struct_size(job, bos, args->bo_count + 1), GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	INIT_LIST_HEAD(&job->shadows);
	job->fence = mvgpu_fence_alloc();
	if (!job->fence) {
		ret = -ENOMEM;
		goto free_job;
	}
	ret = mvgpu_submit_lookup(file, args, job);
	if (ret)
		goto free_job;
	ret = mvgpu_submit_throttle(file->driver_priv, job);
	if (ret)
		goto free_job;
	ret = mvgpu_submit_scan(mdrm, file->driver_priv, job);
	if (ret == -EACCES || ret == -EINVAL)
		mvgpu_ctx_rejected(c->hw, MVGPU_FAULT_REJECTED, job->batch_va);
	if (ret)
		goto free_job;
	ret = mvgpu_submit_queue(c, job, &args->seqno);
	if (ret)
		goto free_job;
	/* The job may be gone already: nothing below may touch it. */
	if (unlikely(mvgpu_debug_submit_delay_us))
		usleep_range(mvgpu_debug_submit_delay_us,
			     mvgpu_debug_submit_delay_us + 10);
	return 0;

free_job:
	mvgpu_job_free(job);
	return ret;
}

/*
 * The time WAIT may block, in jiffies: 0 polls, MAX_SCHEDULE_TIMEOUT waits
 * forever.  An absolute deadline (CLOCK_MONOTONIC) stays the same when the
 * ioctl is restarted after a signal, so signals cannot prolong it (C11).
 */
static long mvgpu_wait_jiffies(const struct drm_mvgpu_wait *args)
{
	s64 ns = args->timeout_ns;

	if (ns < 0)
		return MAX_SCHEDULE_TIMEOUT;
	if (args->flags & MVGPU_WAIT_ABSOLUTE)
		ns = max_t(s64, ns - ktime_get_ns(), 0);
	if (!ns)
		return 0;
	return clamp_t(u64, nsecs_to_jiffies(ns), 1, MAX_SCHEDULE_TIMEOUT - 1);
}

/* A relative wait is not restarted with its full timeout (C11). */
static long mvgpu_wait_signalled(const struct drm_mvgpu_wait *args, long ret)
{
	if (ret == -ERESTARTSYS && !(args->flags & MVGPU_WAIT_ABSOLUTE))
		return -EINTR;
	return ret;
}

/* -EIO when any fence on the BO was cancelled. */
static int mvgpu_wait_bo_status(struct drm_gem_object *obj)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	int ret;

	/* A submitter may hold it a while: let signals through (C8). */
	ret = dma_resv_lock_interruptible(obj->resv, NULL);
	if (ret)
		return ret;
	dma_resv_for_each_fence(&cursor, obj->resv, DMA_RESV_USAGE_BOOKKEEP,
				fence) {
		if (dma_fence_get_status(fence) < 0)
			ret = -EIO;
	}
	dma_resv_unlock(obj->resv);
	return ret;
}

static int mvgpu_wait_bo(struct drm_file *file,
			 const struct drm_mvgpu_wait *args)
{
	long timeout = mvgpu_wait_jiffies(args);
	struct drm_gem_object *obj;
	long ret;

	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	if (!timeout)
		ret = dma_resv_test_signaled(obj->resv, DMA_RESV_USAGE_BOOKKEEP);
	else
		ret = dma_resv_wait_timeout(obj->resv, DMA_RESV_USAGE_BOOKKEEP,
					    true, timeout);
	if (!ret)
		ret = -ETIMEDOUT;
	else if (ret > 0)
		ret = mvgpu_wait_bo_status(obj);
	drm_gem_object_put(obj);
	return mvgpu_wait_signalled(args, ret);
}

static int mvgpu_wait_seqno(struct mvgpu_drm *mdrm, struct mvgpu_file *mfile,
			    const struct drm_mvgpu_wait *args)
{
	long timeout = mvgpu_wait_jiffies(args);
	struct mvgpu_drm_ctx *c;
	struct dma_fence *fence;
	long ret;
	int err;

	if (!mvgpu_engine_valid(mdrm, args->engine))
		return -EINVAL;
	/* Seqnos are the file's own: none handed out without a context. */
	mutex_lock(&mdrm->ctx_lock);
	c = mfile->ctx[args->engine];
	mutex_unlock(&mdrm->ctx_lock);
	if (!c)
		return -EINVAL;
	fence = mvgpu_drm_ctx_find_fence(c, args->seqno, &err);
	if (!fence)
		return err;
	if (!timeout)
		ret = dma_fence_is_signaled(fence);
	else
		ret = dma_fence_wait_timeout(fence, true, timeout);
	if (!ret)
		ret = -ETIMEDOUT;
	else if (ret > 0)
		ret = dma_fence_get_status(fence) < 0 ? -EIO : 0;
	dma_fence_put(fence);
	return mvgpu_wait_signalled(args, ret);
}

/**
 * mvgpu_ioctl_wait() - DRM_IOCTL_MVGPU_WAIT
 * @drm: the DRM device
 * @data: struct drm_mvgpu_wait
 * @file: the client
 *
 * Return: 0 when done; -ETIMEDOUT; -EIO when the work was cancelled after
 * a fault or hang; -EINVAL for bad flags, fields that must be 0, an unknown
 * engine or a seqno never handed out (0, or ahead of the newest); -ENOENT
 * for a bad handle; -EINTR on a signal during a relative wait;
 * -ERESTARTSYS (restarted by the kernel, or EINTR) during an absolute one.
 */
int mvgpu_ioctl_wait(struct drm_device *drm, void *data,
		     struct drm_file *file)
{
	struct drm_mvgpu_wait *args = data;

	switch (args->flags & ~MVGPU_WAIT_ABSOLUTE) {
	case MVGPU_WAIT_BO:
		if (args->engine || args->seqno)
			return -EINVAL;
		return mvgpu_wait_bo(file, args);
	case MVGPU_WAIT_SEQNO:
		if (args->handle)
			return -EINVAL;
		return mvgpu_wait_seqno(to_mvgpu_drm(drm), file->driver_priv,
					args);
	default:
		return -EINVAL;
	}
}
