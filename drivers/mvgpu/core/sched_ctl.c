// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: the control side of the scheduler.  What clients and admins
 * set (weights, caps, engines dedicated to one owner) and what the core
 * counted (per context, per engine).
 */
#include <linux/errno.h>
#include <linux/moduleparam.h>

#include "core.h"
#include "trace.h"

/* The time slice of a new GPU's engines; sysfs sched/slice_us per GPU. */
static unsigned int slice_us = MVGPU_SCHED_SLICE_NS / 1000;

static int mvgpu_param_set_slice(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, MVGPU_SCHED_SLICE_MIN_NS / 1000,
				     MVGPU_SCHED_SLICE_MAX_NS / 1000);
}

static const struct kernel_param_ops mvgpu_slice_ops = {
	.set = mvgpu_param_set_slice,
	.get = param_get_uint,
};
module_param_cb(slice_us, &mvgpu_slice_ops, &slice_us, 0644);
MODULE_PARM_DESC(slice_us,
		 "time slice of a new GPU's engines, us (100-100000, default 2000)");

/* The weight of the render node's contexts (those with no owner). */
unsigned int mvgpu_sched_render_weight = MVGPU_SCHED_WEIGHT_DEFAULT;

static int mvgpu_param_set_weight(const char *val,
				  const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, MVGPU_SCHED_WEIGHT_MIN,
				     MVGPU_SCHED_WEIGHT_MAX);
}

static const struct kernel_param_ops mvgpu_weight_ops = {
	.set = mvgpu_param_set_weight,
	.get = param_get_uint,
};
module_param_cb(render_weight, &mvgpu_weight_ops, &mvgpu_sched_render_weight,
		0644);
MODULE_PARM_DESC(render_weight,
		 "scheduling weight of render-node contexts created from now on (1-1000, default 1)");

/**
 * mvgpu_sched_default_slice_ns() - the slice_us module parameter
 *
 * Return: the time slice of a new GPU's engines, ns.
 */
u64 mvgpu_sched_default_slice_ns(void)
{
	return (u64)READ_ONCE(slice_us) * 1000;
}

/**
 * mvgpu_gpu_set_slice_ns() - set the time slice of a GPU's engines
 * @gpu: the GPU
 * @ns: MVGPU_SCHED_SLICE_MIN_NS to MVGPU_SCHED_SLICE_MAX_NS
 *
 * Effective from each engine's next slice.
 *
 * Return: 0, or -EINVAL out of range.
 */
int mvgpu_gpu_set_slice_ns(struct mvgpu_gpu *gpu, u64 ns)
{
	struct mvgpu_engine *eng;
	unsigned int e;

	if (ns < MVGPU_SCHED_SLICE_MIN_NS || ns > MVGPU_SCHED_SLICE_MAX_NS)
		return -EINVAL;
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		eng = gpu->eng[e];
		if (!eng)
			continue;
		mutex_lock(&eng->lock);
		eng->rq.slice_ns = ns;
		mutex_unlock(&eng->lock);
	}
	return 0;
}

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
	trace_mvgpu_audit_reject(ctx, reason, addr);
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
