// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: hangs.
 *
 * The watchdog.  While a context is on an engine, an hrtimer fires every
 * watchdog_ms / MVGPU_HANG_TICKS and the engine's worker checks it: a
 * context makes progress when the engine completes one of its commands
 * (CMD_COUNT moves) or when it has nothing left to do.  Its stall is
 * measured in its own engine time (ctx->busy_ns: BUSY_NS while it was on
 * the engine, which counts executing and waiting on a semaphore), so time
 * it spends preempted, or idle, or waiting to go on never counts.  A
 * context that completes no command in watchdog_ms of its engine time is
 * reset: the engine is reset, and the context lost with MVGPU_FAULT_HANG
 * (its client is told through its fault callback).  Others, saved in their
 * images, go on.  A single command may thus run for watchdog_ms of engine
 * time (a 1 GiB FILL takes well under a second).
 *
 * Engines that stop answering.  A CONTROL request (preempt, save, restore,
 * reset) that the engine does not carry out in MVGPU_ENGINE_TIMEOUT_US, or
 * an engine with work that has not executed for watchdog_ms and fails a
 * heartbeat (PREEMPT | RESUME), is wedged: the context on it is lost with
 * MVGPU_FAULT_HANG and the GPU is reset (RESET.FULL) by a work item.  It
 * stops every other engine first, saving the context on it into its image,
 * keeps the GTT (a full reset invalidates it), resets, writes the GTT back,
 * re-enables the interrupts and lets every engine go on: every context not
 * on the wedged engine resumes from its image where it stopped, so its
 * results are those of an uninterrupted run.
 */
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "core.h"

/* Checks per watchdog period. */
#define MVGPU_HANG_TICKS	4

static unsigned int watchdog_ms = 5000;
module_param(watchdog_ms, uint, 0644);
MODULE_PARM_DESC(watchdog_ms,
		 "Reset a context that completes no command in this much of its own engine time, ms (0: never; default 5000)");

static u64 mvgpu_hang_limit_ns(void)
{
	return (u64)READ_ONCE(watchdog_ms) * NSEC_PER_MSEC;
}

static enum hrtimer_restart mvgpu_hang_timer_fn(struct hrtimer *timer)
{
	mvgpu_engine_event(container_of(timer, struct mvgpu_engine, watchdog),
			   MVGPU_ENG_EV_WATCHDOG);
	return HRTIMER_NORESTART;
}

static void mvgpu_hang_arm_locked(struct mvgpu_engine *eng)
{
	unsigned int ms = READ_ONCE(watchdog_ms);

	lockdep_assert_held(&eng->lock);
	if (!ms || eng->dead || hrtimer_active(&eng->watchdog))
		return;
	hrtimer_start(&eng->watchdog,
		      ms_to_ktime(max(ms / MVGPU_HANG_TICKS, 1u)),
		      HRTIMER_MODE_REL);
}

/**
 * mvgpu_hang_stalled() - the watchdog's verdict on a context
 * @busy_ns: its engine time now
 * @progress_busy_ns: its engine time when it last made progress
 * @limit_ns: the watchdog's limit, 0 for none
 *
 * Return: true when it made no progress in @limit_ns of its engine time.
 */
bool mvgpu_hang_stalled(u64 busy_ns, u64 progress_busy_ns, u64 limit_ns)
{
	return limit_ns && busy_ns >= progress_busy_ns &&
	       busy_ns - progress_busy_ns >= limit_ns;
}

/* Records progress of the context on the engine, if any. */
static void mvgpu_hang_update_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u32 count = mvgpu_engine_read(eng, MVGPU_ENG_CMD_COUNT);

	if (count != ctx->hang_count || mvgpu_engine_idle_locked(eng)) {
		ctx->hang_count = count;
		ctx->hang_busy = ctx->busy_ns;
	}
}

/**
 * mvgpu_hang_init() - set up an engine's watchdog
 * @eng: the engine, being initialised
 */
void mvgpu_hang_init(struct mvgpu_engine *eng)
{
	hrtimer_init(&eng->watchdog, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	eng->watchdog.function = mvgpu_hang_timer_fn;
}

/**
 * mvgpu_hang_fini() - stop an engine's watchdog
 * @eng: the engine, dead
 */
void mvgpu_hang_fini(struct mvgpu_engine *eng)
{
	hrtimer_cancel(&eng->watchdog);
}

/**
 * mvgpu_hang_switched_in_locked() - a context went on the engine
 * @eng: the engine; its current context is the one
 *
 * Its stall so far (in engine time) carries over: only CMD_COUNT, the
 * engine's, starts again.
 */
void mvgpu_hang_switched_in_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;

	lockdep_assert_held(&eng->lock);
	ctx->hang_count = mvgpu_engine_read(eng, MVGPU_ENG_CMD_COUNT);
	eng->hang_seen_busy = ctx->busy_ns;
	eng->hang_seen_ns = ktime_get_ns();
	mvgpu_hang_arm_locked(eng);
}

/**
 * mvgpu_hang_switching_out_locked() - the context on the engine leaves it
 * @eng: the engine, its current context charged with its busy time
 *
 * Credits it with the progress it made since the watchdog last looked.
 */
void mvgpu_hang_switching_out_locked(struct mvgpu_engine *eng)
{
	lockdep_assert_held(&eng->lock);
	mvgpu_hang_update_locked(eng);
}

/* No progress in its engine time: reset it, the others go on. */
static void mvgpu_hang_reset_ctx_locked(struct mvgpu_engine *eng,
					struct mvgpu_ctx *ctx, const char *why)
{
	/* On a vGPU the engine runs its own ring (engine.c). */
	u64 addr = (eng->gpu->vgpu ? eng->vring_va : ctx->va) +
		   mvgpu_engine_read(eng, MVGPU_ENG_RING_HEAD);

	dev_warn_ratelimited(&eng->gpu->gdev->dev,
			     "engine %u: context %u %s: reset (hang at %#llx)\n",
			     eng->id, ctx->id, why, addr);
	/* A wedged engine waits for the GPU reset: no use asking it. */
	if (eng->wedged)
		eng->current_ctx = NULL;
	else if (mvgpu_engine_reset_locked(eng))
		dev_err(&eng->gpu->gdev->dev, "engine %u: reset timed out\n",
			eng->id);
	eng->hangs++;
	mvgpu_ctx_lost_locked(ctx, MVGPU_FAULT_HANG, addr);
	ctx->hang_busy = ctx->busy_ns;
}

/**
 * mvgpu_hang_watchdog_locked() - the watchdog's period passed
 * @eng: the engine
 */
void mvgpu_hang_watchdog_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u64 limit = mvgpu_hang_limit_ns(), now = ktime_get_ns();

	lockdep_assert_held(&eng->lock);
	if (!ctx || eng->wedged || eng->dead)
		return;
	mvgpu_engine_charge_busy_locked(eng);
	mvgpu_hang_update_locked(eng);
	if (ctx->busy_ns != eng->hang_seen_busy ||
	    mvgpu_engine_idle_locked(eng)) {
		eng->hang_seen_busy = ctx->busy_ns;
		eng->hang_seen_ns = now;
	}
	if (!ctx->no_watchdog &&
	    mvgpu_hang_stalled(ctx->busy_ns, ctx->hang_busy, limit)) {
		mvgpu_hang_reset_ctx_locked(eng, ctx,
					    "completed no command in its engine time");
		return;
	}
	/* Work to do, yet the engine executed nothing: is it still there? */
	if (mvgpu_hang_stalled(now, eng->hang_seen_ns, limit)) {
		if (mvgpu_engine_heartbeat_locked(eng)) {
			mvgpu_hang_reset_ctx_locked(eng, ctx,
						    "on an engine that stopped answering");
			return;
		}
		eng->hang_seen_ns = now;
	}
	mvgpu_hang_arm_locked(eng);
}

/**
 * mvgpu_ctx_set_watchdog() - let the watchdog reset a context, or not
 * @ctx: the context
 * @on: true (the default) to reset it when it makes no progress
 *
 * For clients whose tests keep work pending on purpose.  An engine that
 * stops answering is reset all the same.
 */
void mvgpu_ctx_set_watchdog(struct mvgpu_ctx *ctx, bool on)
{
	mutex_lock(&ctx->eng->lock);
	ctx->no_watchdog = !on;
	mutex_unlock(&ctx->eng->lock);
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_set_watchdog);

/**
 * mvgpu_hang_gpu_reset_request() - an engine stopped answering
 * @eng: the engine; nothing runs on it until the GPU was reset
 *
 * Queues the GPU reset.  Its context (if any) is lost by the caller.
 */
void mvgpu_hang_gpu_reset_request(struct mvgpu_engine *eng)
{
	struct mvgpu_gpu *gpu = eng->gpu;

	lockdep_assert_held(&eng->lock);
	if (eng->dead || eng->wedged || !READ_ONCE(gpu->reset_ok))
		return;
	eng->wedged = true;
	dev_err(&gpu->gdev->dev,
		"engine %u stopped answering: resetting the GPU\n", eng->id);
	queue_work(system_unbound_wq, &gpu->reset_work);
}

/* Stops the engine for the reset; true when it saved a context. */
static bool mvgpu_hang_freeze_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u32 reason;
	u64 addr;
	bool idle;
	int ret;

	lockdep_assert_held(&eng->lock);
	if (!ctx || eng->wedged || eng->dead) {
		eng->wedged = true;
		return false;
	}
	idle = mvgpu_engine_idle_locked(eng);
	mvgpu_engine_charge_busy_locked(eng);
	ret = mvgpu_engine_switch_out_locked(eng);
	if (ret == -EIO) {
		reason = mvgpu_engine_read(eng, MVGPU_ENG_FAULT_REASON);
		addr = mvgpu_engine_read(eng, MVGPU_ENG_FAULT_ADDR_LO) |
		       (u64)mvgpu_engine_read(eng, MVGPU_ENG_FAULT_ADDR_HI) << 32;
		eng->current_ctx = NULL;
		mvgpu_ctx_lost_locked(ctx, reason ? reason : MVGPU_FAULT_RING,
				      addr);
	} else if (ret) {
		mvgpu_ctx_lost_locked(ctx, MVGPU_FAULT_HANG, 0);
	} else if (!idle) {
		eng->policy->enqueue(&eng->rq, &ctx->ent, ktime_get_ns());
	} else {
		eng->policy->dequeue(&eng->rq, &ctx->ent);
	}
	ctx->progress = true;
	eng->wedged = true;
	return !ret;
}

/* Stops every engine for a GPU reset; how many saved a context. */
static unsigned int mvgpu_hang_freeze(struct mvgpu_gpu *gpu)
{
	unsigned int e, saved = 0;
	struct mvgpu_engine *eng;

	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		eng = gpu->eng[e];
		mutex_lock(&eng->lock);
		saved += mvgpu_hang_freeze_locked(eng);
		mutex_unlock(&eng->lock);
	}
	return saved;
}

/* After the reset: every engine goes on, or stays stopped if @ret. */
static void mvgpu_hang_thaw(struct mvgpu_gpu *gpu, int ret)
{
	struct mvgpu_engine *eng;
	unsigned int e;

	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		eng = gpu->eng[e];
		mutex_lock(&eng->lock);
		eng->gpu_resets++;
		/* The reset disabled a vGPU's vring: program it again. */
		eng->vring_on = false;
		/* A GPU that did not come back keeps its engines stopped. */
		if (!ret)
			eng->wedged = false;
		mutex_unlock(&eng->lock);
		mvgpu_engine_event(eng, MVGPU_ENG_EV_USER);
	}
}

/*
 * Keeps the GTT entries the driver owns in @gpu->reset_gtt (a reset
 * invalidates them); on success returns with the GTT lock held, so that
 * no entry changes until mvgpu_hang_gtt_restore().
 */
static int mvgpu_hang_gtt_save(struct mvgpu_gpu *gpu)
{
	u64 i, first, count, *gtt;

	/* A vGPU's driver keeps to its own entries (a reset clears them). */
	mvgpu_gtt_hw_range(gpu, &first, &count);
	gtt = kvmalloc_array(count, sizeof(*gtt), GFP_KERNEL);
	if (!gtt)
		return -ENOMEM;
	mutex_lock(&gpu->gtt_lock);
	if (gpu->gtt_gone) {
		mutex_unlock(&gpu->gtt_lock);
		kvfree(gtt);
		return -ENODEV;
	}
	for (i = 0; i < count; i++) {
		gtt[i] = mvgpu_read64(gpu->gdev, MVGPU_GTT_OFFSET +
				      (first + i) * MVGPU_GTT_ENTRY_SIZE);
		if (!(i % 4096))
			cond_resched();
	}
	gpu->reset_gtt = gtt;
	return 0;
}

/*
 * After the reset (@ret: its result): writes the kept entries back,
 * flushes, enables the interrupts and drops the GTT lock.
 */
static int mvgpu_hang_gtt_restore(struct mvgpu_gpu *gpu, int ret)
{
	u64 i, first, count, *gtt = gpu->reset_gtt;

	mvgpu_gtt_hw_range(gpu, &first, &count);
	for (i = 0; i < count; i++) {
		if (gtt[i])
			mvgpu_write64(gpu->gdev, MVGPU_GTT_OFFSET +
				      (first + i) * MVGPU_GTT_ENTRY_SIZE,
				      gtt[i]);
		if (!(i % 4096))
			cond_resched();
	}
	if (!ret)
		ret = mvgpu_gtt_flush(gpu);
	mvgpu_irq_restore(gpu);
	gpu->reset_gtt = NULL;
	mutex_unlock(&gpu->gtt_lock);
	kvfree(gtt);
	return ret;
}

static void mvgpu_hang_gpu_reset_work(struct work_struct *work)
{
	struct mvgpu_gpu *gpu = container_of(work, struct mvgpu_gpu,
					     reset_work);
	unsigned int saved;
	int ret;

	mutex_lock(&gpu->reset_lock);
	saved = mvgpu_hang_freeze(gpu);
	ret = mvgpu_hang_gtt_save(gpu);
	if (!ret)
		ret = mvgpu_hang_gtt_restore(gpu,
					     mvgpu_gpu_reset_engines(gpu));
	if (ret)
		dev_err(&gpu->gdev->dev, "GPU reset failed: %d\n", ret);
	else
		dev_info(&gpu->gdev->dev,
			 "GPU reset: contexts resume from their images (%u were running)\n",
			 saved);
	mvgpu_hang_thaw(gpu, ret);
	mutex_unlock(&gpu->reset_lock);
}

/**
 * mvgpu_device_reset_prepare() - the GPU is about to be reset from outside
 * @gdev: the GPU, bound or not
 *
 * A PCI function-level reset, say: as for a hang, every engine stops and
 * saves its context and the GTT entries are kept; interrupts are masked.
 * Must be followed by mvgpu_device_reset_done(); the driver stays bound
 * in between.
 */
void mvgpu_device_reset_prepare(struct mvgpu_device *gdev)
{
	struct mvgpu_gpu *gpu;

	device_lock(&gdev->dev);
	gpu = dev_get_drvdata(&gdev->dev);
	if (!gpu)
		return;
	mutex_lock(&gpu->reset_lock);
	mvgpu_hang_freeze(gpu);
	gpu->reset_ret = mvgpu_hang_gtt_save(gpu);
	mvgpu_write32(gdev, MVGPU_REG_INT_ENABLE, 0);
}

/**
 * mvgpu_device_reset_done() - the reset mvgpu_device_reset_prepare() was
 * told of is over
 * @gdev: the GPU
 *
 * RESET.FULL again (the engines in a known state), the GTT entries
 * written back, interrupts enabled, every context resumes from its image.
 */
void mvgpu_device_reset_done(struct mvgpu_device *gdev)
{
	struct mvgpu_gpu *gpu = dev_get_drvdata(&gdev->dev);
	int ret;

	if (!gpu)
		goto unlock;
	ret = gpu->reset_ret;
	if (!ret)
		ret = mvgpu_hang_gtt_restore(gpu, mvgpu_gpu_reset_engines(gpu));
	else
		mvgpu_irq_restore(gpu);
	if (ret)
		dev_err(&gdev->dev, "after a function reset: %d\n", ret);
	else
		dev_info(&gdev->dev,
			 "function reset: contexts resume from their images\n");
	mvgpu_hang_thaw(gpu, ret);
	mutex_unlock(&gpu->reset_lock);
unlock:
	device_unlock(&gdev->dev);
}

/**
 * mvgpu_hang_gpu_init() - set up a GPU's reset work
 * @gpu: the GPU, being probed, before its engines
 */
void mvgpu_hang_gpu_init(struct mvgpu_gpu *gpu)
{
	mutex_init(&gpu->reset_lock);
	INIT_WORK(&gpu->reset_work, mvgpu_hang_gpu_reset_work);
}

/**
 * mvgpu_hang_gpu_start() - allow GPU resets
 * @gpu: the GPU, probed
 */
void mvgpu_hang_gpu_start(struct mvgpu_gpu *gpu)
{
	WRITE_ONCE(gpu->reset_ok, true);
}

/**
 * mvgpu_hang_gpu_stop() - no GPU reset from now on, none in flight
 * @gpu: the GPU, its clients gone, its engines still there
 */
void mvgpu_hang_gpu_stop(struct mvgpu_gpu *gpu)
{
	unsigned int e;

	WRITE_ONCE(gpu->reset_ok, false);
	/* A request made before it saw the flag is queued now. */
	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		mutex_lock(&gpu->eng[e]->lock);
		mutex_unlock(&gpu->eng[e]->lock);
	}
	cancel_work_sync(&gpu->reset_work);
}
