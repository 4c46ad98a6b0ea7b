// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in core context for the vGPU KUnit suites (fake_core.h): a
 * context of the core's own type on an engine that is never programmed.
 * mvgpu_ctx_restart() of it takes the engine's lock, charges nothing (the
 * context is not on the engine), counts the reset and kicks the engine's
 * worker, which does nothing here.
 */
#include <kunit/test.h>

#include "../../core/core.h"
#include "fake_core.h"

static void fake_core_dequeue(struct mvgpu_sched_rq *rq,
			      struct mvgpu_sched_entity *e)
{
}

static const struct mvgpu_sched_policy_ops fake_core_policy = {
	.dequeue = fake_core_dequeue,
};

static void fake_core_work(struct work_struct *work)
{
}

/**
 * fake_core_ctx() - a stand-in context, freed with the test
 * @test: the test
 *
 * Return: the context (the test fails when memory is short).
 */
struct mvgpu_ctx *fake_core_ctx(struct kunit *test)
{
	struct mvgpu_engine *eng;
	struct mvgpu_ctx *ctx;

	eng = kunit_kzalloc(test, sizeof(*eng), GFP_KERNEL);
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, eng);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->mem = kunit_kzalloc(test, MVGPU_CTX_MEM_BYTES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->mem);
	mutex_init(&eng->lock);
	INIT_WORK(&eng->work, fake_core_work);
	INIT_LIST_HEAD(&eng->ctxs);
	eng->policy = &fake_core_policy;
	ctx->eng = eng;
	ctx->id = 1;
	INIT_LIST_HEAD(&ctx->link);
	INIT_LIST_HEAD(&ctx->notify);
	return ctx;
}

/**
 * fake_core_lose() - count a loss of the context, as the core does
 * @ctx: the stand-in
 */
void fake_core_lose(struct mvgpu_ctx *ctx)
{
	mutex_lock(&ctx->eng->lock);
	ctx->stats.resets++;
	mutex_unlock(&ctx->eng->lock);
}

/**
 * fake_core_flush() - wait for the stand-in engine's worker
 * @ctx: the stand-in
 */
void fake_core_flush(struct mvgpu_ctx *ctx)
{
	flush_work(&ctx->eng->work);
}
