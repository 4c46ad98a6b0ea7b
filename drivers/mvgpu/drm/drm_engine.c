// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu render node: the engines.
 *
 * Each engine gets a kernel ring and a status page in one DMA-coherent
 * allocation mapped into the host GTT.  A submission is three ring
 * commands: BATCH_START of the user's batch, STORE_DWORD of its seqno into
 * the status page, and USER_INTERRUPT.  Submissions complete in order; the
 * interrupt handler queues mvgpu_engine_work(), which signals the fences of
 * every submission whose seqno the status page has reached.
 *
 * When the engine faults, the submission it was running is cancelled (its
 * fence gets -EIO), the engine is reset, its ring enabled again and the
 * submissions behind the cancelled one are written into the fresh ring, so
 * that other clients' work completes as if nothing happened.  A hang check
 * polls while work is in flight: it catches lost interrupts, and cancels a
 * submission that makes no progress for MVGPU_DRM_HANG_MS the same way.
 */
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/iopoll.h>
#include <linux/slab.h>

#include <drm/drm_gem.h>
#include <drm/drm_managed.h>

#include "drm_drv.h"

#define MVGPU_ENGINE_RESET_TIMEOUT_US	1000000

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
 * mvgpu_fence_alloc() - allocate a fence for mvgpu_engine_queue() to start
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
 * mvgpu_job_free() - drop a job's BO references and its fence
 * @job: the job, retired or never queued
 */
void mvgpu_job_free(struct mvgpu_job *job)
{
	unsigned int i;

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

static u32 mvgpu_engine_read(struct mvgpu_engine *eng, u32 reg)
{
	return mvgpu_read32(eng->mdrm->gdev, MVGPU_ENGINE_BASE(eng->id) + reg);
}

static void mvgpu_engine_write(struct mvgpu_engine *eng, u32 reg, u32 val)
{
	mvgpu_write32(eng->mdrm->gdev, MVGPU_ENGINE_BASE(eng->id) + reg, val);
}

static u32 mvgpu_engine_hw_seqno(struct mvgpu_engine *eng)
{
	__le32 *hwsp = eng->ring + MVGPU_DRM_RING_SIZE;

	return le32_to_cpu(READ_ONCE(hwsp[MVGPU_HWSP_SEQNO / 4]));
}

/* True when seqno @a is @b or later, across wrap-around. */
static bool mvgpu_seqno_passed(u32 a, u32 b)
{
	return (s32)(a - b) >= 0;
}

static void mvgpu_engine_start_ring_locked(struct mvgpu_engine *eng)
{
	lockdep_assert_held(&eng->lock);
	mvgpu_engine_write(eng, MVGPU_ENG_RING_CTL, 0);
	mvgpu_engine_write(eng, MVGPU_ENG_RING_BASE_LO, lower_32_bits(eng->ring_va));
	mvgpu_engine_write(eng, MVGPU_ENG_RING_BASE_HI, upper_32_bits(eng->ring_va));
	mvgpu_engine_write(eng, MVGPU_ENG_RING_SIZE, MVGPU_DRM_RING_SIZE);
	mvgpu_engine_write(eng, MVGPU_ENG_HWSP_LO,
			   lower_32_bits(eng->hwsp_va) | MVGPU_HWSP_ENABLE);
	mvgpu_engine_write(eng, MVGPU_ENG_HWSP_HI, upper_32_bits(eng->hwsp_va));
	mvgpu_engine_write(eng, MVGPU_ENG_RING_TAIL, 0);
	mvgpu_engine_write(eng, MVGPU_ENG_RING_CTL, MVGPU_RING_ENABLE);
	eng->tail = 0;
}

static void mvgpu_engine_emit_locked(struct mvgpu_engine *eng,
				     struct mvgpu_job *job)
{
	__le32 *cs = eng->ring + eng->tail;
	u64 seqno_va = eng->hwsp_va + MVGPU_HWSP_SEQNO;

	lockdep_assert_held(&eng->lock);
	*cs++ = cpu_to_le32(MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3));
	*cs++ = cpu_to_le32(lower_32_bits(job->batch_va));
	*cs++ = cpu_to_le32(upper_32_bits(job->batch_va));
	*cs++ = cpu_to_le32(MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4));
	*cs++ = cpu_to_le32(lower_32_bits(seqno_va));
	*cs++ = cpu_to_le32(upper_32_bits(seqno_va));
	*cs++ = cpu_to_le32(job->seqno);
	*cs++ = cpu_to_le32(MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1));
	eng->tail = (eng->tail + MVGPU_DRM_JOB_BYTES) & (MVGPU_DRM_RING_SIZE - 1);
}

static void mvgpu_engine_kick_locked(struct mvgpu_engine *eng)
{
	/* The commands must be in memory before the engine sees the tail. */
	wmb();
	mvgpu_engine_write(eng, MVGPU_ENG_RING_TAIL, eng->tail);
}

/* Moves completed submissions to @done, their fences signalled. */
static void mvgpu_engine_retire_locked(struct mvgpu_engine *eng,
				       struct list_head *done)
{
	u32 hw_seqno = mvgpu_engine_hw_seqno(eng);
	struct mvgpu_job *job, *next;

	lockdep_assert_held(&eng->lock);
	list_for_each_entry_safe(job, next, &eng->active, link) {
		if (!mvgpu_seqno_passed(hw_seqno, job->seqno))
			break;
		dma_fence_signal(&job->fence->base);
		list_move_tail(&job->link, done);
		eng->nr_active--;
	}
}

/* Cancels the oldest submission (all of them if @all) with @error. */
static void mvgpu_engine_cancel_locked(struct mvgpu_engine *eng, int error,
				       bool all, struct list_head *done)
{
	struct mvgpu_job *job, *next;

	lockdep_assert_held(&eng->lock);
	list_for_each_entry_safe(job, next, &eng->active, link) {
		dma_fence_set_error(&job->fence->base, error);
		dma_fence_signal(&job->fence->base);
		list_move_tail(&job->link, done);
		eng->nr_active--;
		if (!all)
			break;
	}
}

static int mvgpu_engine_reset_locked(struct mvgpu_engine *eng)
{
	u32 val;
	int ret;

	lockdep_assert_held(&eng->lock);
	eng->resets++;
	mvgpu_engine_write(eng, MVGPU_ENG_CONTROL, MVGPU_ENG_CTL_RESET);
	ret = read_poll_timeout(mvgpu_engine_read, val, !val, 50,
				MVGPU_ENGINE_RESET_TIMEOUT_US, false, eng,
				MVGPU_ENG_CONTROL);
	if (ret)
		return ret;
	return read_poll_timeout(mvgpu_engine_read, val,
				 !(val & MVGPU_ENG_STATUS_BUSY), 50,
				 MVGPU_ENGINE_RESET_TIMEOUT_US, false, eng,
				 MVGPU_ENG_STATUS);
}

/* Writes the active submissions into a freshly enabled ring. */
static void mvgpu_engine_replay_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_job *job;

	lockdep_assert_held(&eng->lock);
	mvgpu_engine_start_ring_locked(eng);
	list_for_each_entry(job, &eng->active, link)
		mvgpu_engine_emit_locked(eng, job);
	mvgpu_engine_kick_locked(eng);
	eng->hang_seqno = 0;
	eng->hang_since = jiffies;
}

/*
 * Cancels the submission the engine is stuck in, resets the engine and
 * replays the submissions behind it into the fresh ring.
 */
static void mvgpu_engine_recover_locked(struct mvgpu_engine *eng,
					const char *why, struct list_head *done)
{
	struct device *dev = eng->mdrm->drm.dev;
	struct mvgpu_job *job;
	u32 reason, addr_lo, addr_hi;

	lockdep_assert_held(&eng->lock);
	reason = mvgpu_engine_read(eng, MVGPU_ENG_FAULT_REASON);
	addr_lo = mvgpu_engine_read(eng, MVGPU_ENG_FAULT_ADDR_LO);
	addr_hi = mvgpu_engine_read(eng, MVGPU_ENG_FAULT_ADDR_HI);
	if (mvgpu_engine_reset_locked(eng)) {
		dev_err(dev, "%s: reset timed out, engine disabled\n",
			mvgpu_engine_names[eng->id]);
		eng->dead = true;
		mvgpu_engine_cancel_locked(eng, -EIO, true, done);
		wake_up_all(&eng->space_wq);
		return;
	}
	/* The engine is stopped: what it finished is final now. */
	mvgpu_engine_retire_locked(eng, done);
	job = list_first_entry_or_null(&eng->active, struct mvgpu_job, link);
	dev_warn_ratelimited(dev, "%s: %s (reason %u, address %#llx) in seqno %u: cancelled\n",
			     mvgpu_engine_names[eng->id], why, reason,
			     (u64)addr_hi << 32 | addr_lo, job ? job->seqno : 0);
	mvgpu_engine_cancel_locked(eng, -EIO, false, done);
	mvgpu_engine_replay_locked(eng);
}

static void mvgpu_engine_free_done(struct mvgpu_engine *eng,
				   struct list_head *done)
{
	struct mvgpu_job *job, *next;

	if (list_empty(done))
		return;
	wake_up_all(&eng->space_wq);
	list_for_each_entry_safe(job, next, done, link)
		mvgpu_job_free(job);
}

static void mvgpu_engine_work(struct work_struct *work)
{
	struct mvgpu_engine *eng = container_of(work, struct mvgpu_engine, work);
	LIST_HEAD(done);

	mutex_lock(&eng->lock);
	if (!eng->dead) {
		clear_bit(MVGPU_DRM_EV_USER, &eng->events);
		/* The hang check may have recovered from it already. */
		if (test_and_clear_bit(MVGPU_DRM_EV_FAULT, &eng->events) &&
		    mvgpu_engine_read(eng, MVGPU_ENG_STATUS) &
		    MVGPU_ENG_STATUS_FAULTED)
			mvgpu_engine_recover_locked(eng, "fault", &done);
		mvgpu_engine_retire_locked(eng, &done);
	}
	mutex_unlock(&eng->lock);
	mvgpu_engine_free_done(eng, &done);
}

static void mvgpu_engine_hangcheck(struct work_struct *work)
{
	struct mvgpu_engine *eng = container_of(to_delayed_work(work),
						struct mvgpu_engine, hangcheck);
	struct mvgpu_job *oldest;
	LIST_HEAD(done);

	mutex_lock(&eng->lock);
	if (eng->dead)
		goto unlock;
	mvgpu_engine_retire_locked(eng, &done);
	oldest = list_first_entry_or_null(&eng->active, struct mvgpu_job, link);
	if (!oldest)
		goto unlock;
	if (mvgpu_engine_read(eng, MVGPU_ENG_STATUS) & MVGPU_ENG_STATUS_FAULTED) {
		clear_bit(MVGPU_DRM_EV_FAULT, &eng->events);
		mvgpu_engine_recover_locked(eng, "fault", &done);
	} else if (oldest->seqno != eng->hang_seqno) {
		eng->hang_seqno = oldest->seqno;
		eng->hang_since = jiffies;
	} else if (time_after(jiffies, eng->hang_since +
			      msecs_to_jiffies(MVGPU_DRM_HANG_MS))) {
		dev_warn_ratelimited(eng->mdrm->drm.dev,
				     "%s: no progress: head %#x tail %#x status %#x\n",
				     mvgpu_engine_names[eng->id],
				     mvgpu_engine_read(eng, MVGPU_ENG_RING_HEAD),
				     eng->tail,
				     mvgpu_engine_read(eng, MVGPU_ENG_STATUS));
		mvgpu_engine_recover_locked(eng, "hang", &done);
	}
	if (!list_empty(&eng->active) && !eng->dead &&
	    READ_ONCE(mvgpu_hangcheck))
		schedule_delayed_work(&eng->hangcheck,
				      msecs_to_jiffies(MVGPU_DRM_HANGCHECK_MS));
unlock:
	mutex_unlock(&eng->lock);
	mvgpu_engine_free_done(eng, &done);
}

/* Publishes the job's fence on each of its BOs, reserved by the caller. */
static void mvgpu_engine_publish_locked(struct mvgpu_job *job)
{
	unsigned int i;

	for (i = 0; i < job->bo_count; i++)
		dma_resv_add_fence(job->bos[i]->resv, &job->fence->base,
				   DMA_RESV_USAGE_WRITE);
}

/**
 * mvgpu_engine_wait_space() - wait until the engine's ring has a free slot
 * @eng: the engine
 *
 * Called without any reservation held, so that a full ring does not block
 * waiters on the submitter's BOs (C8).
 *
 * Return: 0, or -ERESTARTSYS on a signal.
 */
int mvgpu_engine_wait_space(struct mvgpu_engine *eng)
{
	return wait_event_interruptible(eng->space_wq,
					READ_ONCE(eng->nr_active) <
					MVGPU_DRM_MAX_INFLIGHT ||
					READ_ONCE(eng->dead));
}

/**
 * mvgpu_engine_queue() - start a job on an engine
 * @eng: the engine
 * @job: the job, with its BOs' reservations locked and a fence slot
 *	reserved in each, and an unstarted fence
 * @ctx: the acquire context of the reservations
 * @seqno: set to the job's sequence number
 *
 * Unlocks the reservations in every case.  When the ring has a free slot,
 * starts the fence, publishes it on the BOs and unlocks them, and only then
 * makes the job visible to retirement and writes it into the ring: from
 * then on the engine owns the job, which may complete and be freed at
 * once, so the caller must not touch it (C3).
 *
 * Return: 0; -EAGAIN when the ring is full (mvgpu_engine_wait_space(), then
 * lock and try again); -ERESTARTSYS on a signal; -ENODEV when the engine is
 * gone.
 */
int mvgpu_engine_queue(struct mvgpu_engine *eng, struct mvgpu_job *job,
		       struct ww_acquire_ctx *ctx, u32 *seqno)
{
	struct dma_fence **slot;
	int ret;

	ret = mutex_lock_interruptible(&eng->lock);
	if (ret)
		goto unlock_resv;
	if (eng->dead) {
		ret = -ENODEV;
		goto unlock_eng;
	}
	if (eng->nr_active >= MVGPU_DRM_MAX_INFLIGHT) {
		ret = -EAGAIN;
		goto unlock_eng;
	}

	job->seqno = ++eng->last_seqno;
	if (!job->seqno)	/* 0 is never handed out */
		job->seqno = ++eng->last_seqno;
	job->fence->timeline = mvgpu_engine_names[eng->id];
	dma_fence_init(&job->fence->base, &mvgpu_fence_ops, &job->fence->lock,
		       eng->fence_context, job->seqno);
	slot = &eng->history[job->seqno % MVGPU_DRM_HISTORY];
	dma_fence_put(*slot);
	*slot = dma_fence_get(&job->fence->base);
	mvgpu_engine_publish_locked(job);
	mvgpu_submit_unlock_all(job, ctx);
	*seqno = job->seqno;

	if (list_empty(&eng->active) && READ_ONCE(mvgpu_hangcheck)) {
		eng->hang_seqno = job->seqno;
		eng->hang_since = jiffies;
		schedule_delayed_work(&eng->hangcheck,
				      msecs_to_jiffies(MVGPU_DRM_HANGCHECK_MS));
	}
	list_add_tail(&job->link, &eng->active);
	eng->nr_active++;
	mvgpu_engine_emit_locked(eng, job);
	mvgpu_engine_kick_locked(eng);
	mutex_unlock(&eng->lock);
	return 0;

unlock_eng:
	mutex_unlock(&eng->lock);
unlock_resv:
	mvgpu_submit_unlock_all(job, ctx);
	return ret;
}

/**
 * mvgpu_engine_find_fence() - the fence of a submission, by seqno
 * @eng: the engine
 * @seqno: its sequence number
 * @err: set to -EINVAL when @seqno was never handed out (0, or ahead of
 *	the newest), else 0
 *
 * Return: a reference to the fence, or NULL when it is out of the history
 * (long completed) or @err is set.
 */
struct dma_fence *mvgpu_engine_find_fence(struct mvgpu_engine *eng,
					  u32 seqno, int *err)
{
	struct dma_fence *fence = NULL, *slot;

	*err = 0;
	mutex_lock(&eng->lock);
	if (!seqno || !mvgpu_seqno_passed(eng->last_seqno, seqno)) {
		*err = -EINVAL;
	} else {
		slot = eng->history[seqno % MVGPU_DRM_HISTORY];
		if (slot && lower_32_bits(slot->seqno) == seqno)
			fence = dma_fence_get(slot);
	}
	mutex_unlock(&eng->lock);
	return fence;
}

/**
 * mvgpu_engine_init() - set up an engine's ring and start it
 * @mdrm: the device
 * @id: the engine number; the engine exists
 *
 * Return: 0 or a negative errno.
 */
int mvgpu_engine_init(struct mvgpu_drm *mdrm, unsigned int id)
{
	struct mvgpu_engine *eng = &mdrm->engines[id];
	u64 pages = MVGPU_DRM_RING_SIZE / MVGPU_GTT_PAGE_SIZE + 1;
	int ret;

	ret = drmm_mutex_init(&mdrm->drm, &eng->lock);
	if (ret)
		return ret;
	eng->id = id;
	INIT_LIST_HEAD(&eng->active);
	INIT_WORK(&eng->work, mvgpu_engine_work);
	INIT_DELAYED_WORK(&eng->hangcheck, mvgpu_engine_hangcheck);
	init_waitqueue_head(&eng->space_wq);
	eng->fence_context = dma_fence_context_alloc(1);

	eng->ring = dma_alloc_coherent(mdrm->drm.dev,
				       pages * MVGPU_GTT_PAGE_SIZE,
				       &eng->ring_dma, GFP_KERNEL);
	if (!eng->ring)
		return -ENOMEM;
	/* One more entry, left invalid: a guard page. */
	ret = mvgpu_gtt_insert(mdrm, &eng->node, pages + 1);
	if (ret)
		goto free_ring;
	mvgpu_gtt_map_contig(mdrm, &eng->node, eng->ring_dma, pages);
	eng->ring_va = mvgpu_gtt_va(eng->node.start);
	eng->hwsp_va = eng->ring_va + MVGPU_DRM_RING_SIZE;
	eng->mdrm = mdrm;

	mutex_lock(&eng->lock);
	ret = mvgpu_engine_reset_locked(eng);
	if (!ret)
		mvgpu_engine_start_ring_locked(eng);
	mutex_unlock(&eng->lock);
	if (ret)
		goto remove_node;
	return 0;

remove_node:
	eng->mdrm = NULL;
	mvgpu_gtt_remove(mdrm, &eng->node);
free_ring:
	dma_free_coherent(mdrm->drm.dev, pages * MVGPU_GTT_PAGE_SIZE, eng->ring,
			  eng->ring_dma);
	eng->ring = NULL;
	return ret;
}

/**
 * mvgpu_engine_fini() - stop an engine and cancel its work
 * @eng: an engine set up by mvgpu_engine_init(), or a zeroed one
 *
 * Called after the device is unplugged and its interrupt freed: pending
 * fences get -ENODEV, and waiters for a ring slot return.
 */
void mvgpu_engine_fini(struct mvgpu_engine *eng)
{
	struct mvgpu_drm *mdrm = eng->mdrm;
	u64 pages = MVGPU_DRM_RING_SIZE / MVGPU_GTT_PAGE_SIZE + 1;
	LIST_HEAD(done);
	unsigned int i;

	if (!mdrm)
		return;
	mutex_lock(&eng->lock);
	eng->dead = true;
	mutex_unlock(&eng->lock);
	wake_up_all(&eng->space_wq);
	cancel_work_sync(&eng->work);
	cancel_delayed_work_sync(&eng->hangcheck);

	mutex_lock(&eng->lock);
	mvgpu_engine_reset_locked(eng);
	mvgpu_engine_write(eng, MVGPU_ENG_RING_CTL, 0);
	mvgpu_engine_retire_locked(eng, &done);
	mvgpu_engine_cancel_locked(eng, -ENODEV, true, &done);
	for (i = 0; i < MVGPU_DRM_HISTORY; i++) {
		dma_fence_put(eng->history[i]);
		eng->history[i] = NULL;
	}
	mutex_unlock(&eng->lock);
	mvgpu_engine_free_done(eng, &done);

	mvgpu_gtt_remove(mdrm, &eng->node);
	dma_free_coherent(mdrm->drm.dev, pages * MVGPU_GTT_PAGE_SIZE, eng->ring,
			  eng->ring_dma);
	eng->ring = NULL;
	eng->mdrm = NULL;
}
