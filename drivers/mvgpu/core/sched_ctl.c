// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: the control side of the scheduler.  What clients and admins
 * set (weights, caps, engines dedicated to one owner) and what the core
 * counted (per context, per engine).
 */
#include <linux/errno.h>

#include "core.h"

/**
 * mvgpu_ctx_set_weight() - set a context's scheduling weight
 * @ctx: the context
 * @weight: MVGPU_SCHED_WEIGHT_MIN to MVGPU_SCHED_WEIGHT_MAX
 *
 * Effective from the context's next time slice.
 *
 * Return: 0, or -EINVAL for a weight out of range.
 */
int mvgpu_ctx_set_weight(struct mvgpu_ctx *ctx, u32 weight)
{
	struct mvgpu_engine *eng = ctx->eng;

	if (weight < MVGPU_SCHED_WEIGHT_MIN || weight > MVGPU_SCHED_WEIGHT_MAX)
		return -EINVAL;
	mutex_lock(&eng->lock);
	ctx->ent.weight = weight;
	mutex_unlock(&eng->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_set_weight);

/**
 * mvgpu_ctx_set_cap() - cap a context's share of its engine
 * @ctx: the context
 * @cap: percent of the engine's time it may use at most, even when the
 *	engine would otherwise idle; 0 for no cap
 *
 * Return: 0, or -EINVAL for a cap over 100.
 */
int mvgpu_ctx_set_cap(struct mvgpu_ctx *ctx, u32 cap)
{
	struct mvgpu_engine *eng = ctx->eng;

	if (cap > 100)
		return -EINVAL;
	mutex_lock(&eng->lock);
	ctx->ent.cap = cap;
	mutex_unlock(&eng->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_set_cap);

/**
 * mvgpu_ctx_rejected() - count a submission the client refused
 * @ctx: the context it was for
 * @reason: MVGPU_FAULT_* the client reports for it
 * @addr: GPU VA of the refused command, as the client reports it
 */
void mvgpu_ctx_rejected(struct mvgpu_ctx *ctx, u32 reason, u64 addr)
{
	struct mvgpu_engine *eng = ctx->eng;

	mutex_lock(&eng->lock);
	ctx->stats.rejected++;
	mutex_unlock(&eng->lock);
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_rejected);

/**
 * mvgpu_ctx_get_stats() - read a context's counters
 * @ctx: the context
 * @st: filled in
 */
void mvgpu_ctx_get_stats(struct mvgpu_ctx *ctx, struct mvgpu_ctx_stats *st)
{
	struct mvgpu_engine *eng = ctx->eng;

	mutex_lock(&eng->lock);
	if (eng->current_ctx == ctx && !eng->dead)
		mvgpu_engine_charge_busy_locked(eng);
	*st = ctx->stats;
	st->busy_ns = ctx->busy_ns;
	st->weight = ctx->ent.weight;
	st->cap = ctx->ent.cap;
	mutex_unlock(&eng->lock);
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_get_stats);

static struct mvgpu_engine *mvgpu_engine_get(struct mvgpu_gpu *gpu,
					     unsigned int engine)
{
	if (engine >= MVGPU_NUM_ENGINE_IDS)
		return NULL;
	return gpu->eng[engine];
}

/**
 * mvgpu_engine_reserve() - dedicate an engine to one owner
 * @gpu: the GPU
 * @engine: the engine number
 * @owner: the owner, not NULL; only its contexts (mvgpu_ctx_create_owned())
 *	may be created on the engine until mvgpu_engine_unreserve()
 *
 * Return: 0; -EINVAL for an absent engine or a NULL owner; -EBUSY when the
 * engine is reserved by another owner or has contexts of others; -ENODEV
 * once the GPU is gone.
 */
int mvgpu_engine_reserve(struct mvgpu_gpu *gpu, unsigned int engine,
			 const void *owner)
{
	struct mvgpu_engine *eng = mvgpu_engine_get(gpu, engine);
	struct mvgpu_ctx *ctx;
	int ret = 0;

	if (!eng || !owner)
		return -EINVAL;
	mutex_lock(&eng->lock);
	if (eng->dead) {
		ret = -ENODEV;
		goto unlock;
	}
	if (eng->owner && eng->owner != owner) {
		ret = -EBUSY;
		goto unlock;
	}
	list_for_each_entry(ctx, &eng->ctxs, link) {
		if (ctx->owner != owner) {
			ret = -EBUSY;
			goto unlock;
		}
	}
	eng->owner = owner;
unlock:
	mutex_unlock(&eng->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(mvgpu_engine_reserve);

/**
 * mvgpu_engine_unreserve() - share an engine again
 * @gpu: the GPU
 * @engine: the engine number
 * @owner: the owner that reserved it; nothing happens for another
 */
void mvgpu_engine_unreserve(struct mvgpu_gpu *gpu, unsigned int engine,
			    const void *owner)
{
	struct mvgpu_engine *eng = mvgpu_engine_get(gpu, engine);

	if (!eng)
		return;
	mutex_lock(&eng->lock);
	if (eng->owner == owner)
		eng->owner = NULL;
	mutex_unlock(&eng->lock);
}
EXPORT_SYMBOL_GPL(mvgpu_engine_unreserve);

/**
 * mvgpu_engine_get_stats() - read an engine's counters
 * @gpu: the GPU
 * @engine: the engine number
 * @st: filled in
 *
 * Return: 0, or -EINVAL for an absent engine.
 */
int mvgpu_engine_get_stats(struct mvgpu_gpu *gpu, unsigned int engine,
			   struct mvgpu_engine_stats *st)
{
	struct mvgpu_engine *eng = mvgpu_engine_get(gpu, engine);
	u32 hi, lo;

	if (!eng)
		return -EINVAL;
	mutex_lock(&eng->lock);
	do {
		hi = mvgpu_engine_read(eng, MVGPU_ENG_BUSY_NS_HI);
		lo = mvgpu_engine_read(eng, MVGPU_ENG_BUSY_NS_LO);
	} while (hi != mvgpu_engine_read(eng, MVGPU_ENG_BUSY_NS_HI));
	st->busy_ns = (u64)hi << 32 | lo;
	st->switches = eng->switches;
	st->preemptions = eng->preemptions;
	st->resets = eng->resets;
	st->hangs = eng->hangs;
	st->gpu_resets = eng->gpu_resets;
	st->contexts = eng->nr_ctxs;
	st->reserved = eng->owner;
	mutex_unlock(&eng->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(mvgpu_engine_get_stats);
