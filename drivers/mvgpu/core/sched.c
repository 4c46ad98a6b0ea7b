// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: contexts and the scheduler of each engine.
 *
 * A client owns contexts (a ring, a status page and an image each, in the
 * host GTT); it writes commands into a context's ring and calls
 * mvgpu_ctx_submit().  Each engine runs one context at a time.  Contexts
 * with work wait in a run queue ordered by the policy (weighted fair time
 * slices with caps, sched_policy.c); while others wait, the one on the
 * engine runs for a time slice (an hrtimer), then the worker preempts it
 * (at the next command or chunk boundary, inside long commands too) when
 * the policy says so, saves it and restores the next one.  A context that
 * runs out of work leaves the engine as soon as another waits.  A capped
 * context is looked at every slice even alone; when only contexts over
 * their cap wait, the engine idles until the cap timer says the first may
 * run again.  Documentation/scheduler.rst describes it all.
 *
 * The worker (one work item per engine on mvgpu_sched_wq) does every
 * switch, handles faults (the engine is reset, the faulting context loses
 * its state, its client is told) and calls the clients back, outside the
 * engine's lock.  The interrupt handler and the slice timer only set event
 * bits and queue it.
 */
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "core.h"
#include "trace.h"

struct workqueue_struct *mvgpu_sched_wq;

static struct mvgpu_ctx *mvgpu_ent_ctx(struct mvgpu_sched_entity *ent)
{
	return container_of(ent, struct mvgpu_ctx, ent);
}

/**
 * mvgpu_engine_event() - report an event to an engine's worker
 * @eng: the engine
 * @ev: MVGPU_ENG_EV_*
 *
 * Context: any, hard IRQ included.
 */
void mvgpu_engine_event(struct mvgpu_engine *eng, unsigned int ev)
{
	set_bit(ev, &eng->events);
	queue_work(mvgpu_sched_wq, &eng->work);
}

static enum hrtimer_restart mvgpu_engine_slice_fn(struct hrtimer *timer)
{
	mvgpu_engine_event(container_of(timer, struct mvgpu_engine, slice),
			   MVGPU_ENG_EV_SLICE);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart mvgpu_engine_cap_fn(struct hrtimer *timer)
{
	struct mvgpu_engine_sched *es =
		container_of(timer, struct mvgpu_engine_sched, cap_timer);

	mvgpu_engine_event(container_of(es, struct mvgpu_engine, sched),
			   MVGPU_ENG_EV_KICK);
	return HRTIMER_NORESTART;
}

/**
 * mvgpu_engine_busy_ns_locked() - the engine's BUSY_NS
 * @eng: the engine
 *
 * Return: its value, the two halves read consistently.
 */
u64 mvgpu_engine_busy_ns_locked(struct mvgpu_engine *eng)
{
	u32 hi, lo;

	lockdep_assert_held(&eng->lock);
	do {
		hi = mvgpu_engine_read(eng, MVGPU_ENG_BUSY_NS_HI);
		lo = mvgpu_engine_read(eng, MVGPU_ENG_BUSY_NS_LO);
	} while (hi != mvgpu_engine_read(eng, MVGPU_ENG_BUSY_NS_HI));
	return (u64)hi << 32 | lo;
}

/* Charges the context on the engine with the busy time since last time. */
void mvgpu_engine_charge_busy_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u64 now;

	lockdep_assert_held(&eng->lock);
	if (!ctx)
		return;
	now = mvgpu_engine_busy_ns_locked(eng);
	ctx->busy_ns += now - ctx->busy_base;
	ctx->busy_base = now;
}

/* The context lost its state (fault, hang, failed switch): tell it. */
void mvgpu_ctx_lost_locked(struct mvgpu_ctx *ctx, u32 reason, u64 addr)
{
	lockdep_assert_held(&ctx->eng->lock);
	trace_mvgpu_reset(ctx, reason, addr);
	ctx->eng->policy->dequeue(&ctx->eng->rq, &ctx->ent);
	ctx->stats.resets++;
	if (reason == MVGPU_FAULT_HANG)
		ctx->stats.hangs++;
	ctx->saved = false;
	ctx->tail = 0;
	ctx->faulted = true;
	ctx->fault_reason = reason;
	ctx->fault_addr = addr;
}

/* The engine faulted: reset it; the context on it starts over. */
static void mvgpu_engine_fault_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u32 reason, id;
	u64 addr;

	lockdep_assert_held(&eng->lock);
	if (!(mvgpu_engine_read(eng, MVGPU_ENG_STATUS) &
	      MVGPU_ENG_STATUS_FAULTED))
		return;
	reason = mvgpu_engine_read(eng, MVGPU_ENG_FAULT_REASON);
	addr = mvgpu_engine_read(eng, MVGPU_ENG_FAULT_ADDR_LO) |
	       (u64)mvgpu_engine_read(eng, MVGPU_ENG_FAULT_ADDR_HI) << 32;
	id = mvgpu_engine_read(eng, MVGPU_ENG_EVENT_CTX_ID);
	if (ctx && id && id != ctx->id)
		dev_warn_ratelimited(&eng->gpu->gdev->dev,
				     "engine %u: fault of context %u, %u is on it\n",
				     eng->id, id, ctx->id);
	mvgpu_engine_charge_busy_locked(eng);
	if (mvgpu_engine_reset_locked(eng))
		dev_err(&eng->gpu->gdev->dev, "engine %u: reset timed out\n",
			eng->id);
	if (ctx)
		mvgpu_ctx_lost_locked(ctx, reason ? reason : MVGPU_FAULT_RING,
				      addr);
}

/*
 * Charges @ctx, on the engine or just off it, to the policy: its wall time
 * since the last charge while others waited (its virtual time), its engine
 * time (its cap).
 */
static void mvgpu_sched_charge_locked(struct mvgpu_engine *eng,
				      struct mvgpu_ctx *ctx, u64 now,
				      u64 *ran, u64 *busy)
{
	struct mvgpu_engine_sched *es = &eng->sched;
	u64 b;

	lockdep_assert_held(&eng->lock);
	/* Also just after its switch-out: BUSY_NS moved for it alone. */
	b = mvgpu_engine_busy_ns_locked(eng);
	ctx->busy_ns += b - ctx->busy_base;
	ctx->busy_base = b;
	*ran = es->contended && now > es->ran_mark ? now - es->ran_mark : 0;
	*busy = ctx->busy_ns - es->busy_mark;
	eng->policy->charge(&eng->rq, &ctx->ent, *ran, *busy, now);
	es->ran_mark = now;
	es->busy_mark = ctx->busy_ns;
	es->contended = eng->rq.nr;
}

static void mvgpu_sched_time_switch(struct mvgpu_engine_sched *es, u64 ns,
				    bool in)
{
	if (in) {
		es->in_ns += ns;
		es->ins++;
	} else {
		es->out_ns += ns;
		es->outs++;
	}
	if (ns > es->max_switch_ns)
		es->max_switch_ns = ns;
}

/*
 * Takes the current context off the engine, queued again when @requeue;
 * 0 when it went cleanly.
 */
static int mvgpu_engine_preempt_locked(struct mvgpu_engine *eng, u64 now,
				       bool requeue)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u64 ran, busy, t;
	int ret;

	lockdep_assert_held(&eng->lock);
	t = ktime_get_ns();
	ret = mvgpu_engine_switch_out_locked(eng);
	t = ktime_get_ns() - t;
	mvgpu_sched_time_switch(&eng->sched, t, false);
	/* Charged up to the save: the engine ran it until then. */
	if (!ret)
		mvgpu_sched_charge_locked(eng, ctx, now, &ran, &busy);
	ran = now - eng->slice_start;
	busy = ctx->busy_ns - eng->sched.in_busy;
	trace_mvgpu_sched_out(ctx, ran, busy, requeue && !ret, t);
	if (ret == -EIO) {
		mvgpu_engine_fault_locked(eng);
	} else if (ret) {
		dev_warn_ratelimited(&eng->gpu->gdev->dev,
				     "engine %u: preemption timed out\n",
				     eng->id);
		mvgpu_ctx_lost_locked(ctx, MVGPU_FAULT_HANG, 0);
	}
	ctx->progress = true;
	if (ret)
		return ret;
	if (requeue) {
		eng->policy->enqueue(&eng->rq, &ctx->ent, now);
		ctx->stats.preemptions++;
		eng->preemptions++;
	} else {
		eng->policy->dequeue(&eng->rq, &ctx->ent);
	}
	return 0;
}

/* Puts the next eligible context with work on the engine. */
static void mvgpu_engine_run_next_locked(struct mvgpu_engine *eng, u64 now)
{
	struct mvgpu_engine_sched *es = &eng->sched;
	struct mvgpu_sched_entity *ent;
	struct mvgpu_ctx *ctx;
	u64 t, base;

	lockdep_assert_held(&eng->lock);
	while (!eng->current_ctx && !eng->wedged) {
		ent = eng->policy->pick_next(&eng->rq, now);
		if (!ent)
			return;
		ctx = mvgpu_ent_ctx(ent);
		/* Before: the engine may run it before the restore returns. */
		base = mvgpu_engine_busy_ns_locked(eng);
		t = ktime_get_ns();
		if (!mvgpu_engine_switch_in_locked(eng, ctx)) {
			t = ktime_get_ns() - t;
			mvgpu_sched_time_switch(es, t, true);
			eng->slice_start = now;
			ctx->busy_base = base;
			es->ran_mark = now;
			es->busy_mark = ctx->busy_ns;
			es->in_busy = ctx->busy_ns;
			es->contended = eng->rq.nr;
			mvgpu_hang_switched_in_locked(eng);
			/* A slice of its own, not the rest of the last one. */
			hrtimer_try_to_cancel(&eng->slice);
			trace_mvgpu_sched_in(ctx, t);
			return;
		}
		if (eng->wedged) {	/* its image is intact: after the reset */
			eng->policy->enqueue(&eng->rq, &ctx->ent, now);
			return;
		}
		eng->policy->dequeue(&eng->rq, ent);
		mvgpu_ctx_lost_locked(ctx, 0, 0);
	}
}

/* Its slice is over: the current context goes on, goes off, or is throttled. */
static void mvgpu_engine_slice_over_locked(struct mvgpu_engine *eng, u64 now,
					   bool idle)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u64 ran, busy;
	bool over;

	lockdep_assert_held(&eng->lock);
	mvgpu_sched_charge_locked(eng, ctx, now, &ran, &busy);
	over = !eng->policy->eligible(&eng->rq, &ctx->ent, now);
	/* Idle and capped: off, so that its next submission comes here. */
	if (idle && (eng->rq.nr || ctx->ent.cap)) {
		mvgpu_engine_preempt_locked(eng, now, false);
		return;
	}
	/* A vGPU's engine cannot save a context: it runs to idle. */
	if (idle || eng->gpu->vgpu ||
	    !eng->policy->should_preempt(&eng->rq, &ctx->ent, now))
		return;
	trace_mvgpu_preempt(ctx, over);
	mvgpu_engine_preempt_locked(eng, now, true);
}

/* Arms the slice timer, or the cap timer when only throttled ones wait. */
static void mvgpu_engine_arm_locked(struct mvgpu_engine *eng, u64 now)
{
	struct mvgpu_engine_sched *es = &eng->sched;
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u64 t;

	lockdep_assert_held(&eng->lock);
	if (ctx) {
		if (eng->rq.nr && !es->contended) {
			/* Others wait from now: its time counts from now. */
			es->contended = true;
			es->ran_mark = now;
		}
		if ((eng->rq.nr || ctx->ent.cap) && !hrtimer_active(&eng->slice))
			hrtimer_start(&eng->slice,
				      ns_to_ktime(eng->policy->slice_ns(&eng->rq,
									&ctx->ent,
									now)),
				      HRTIMER_MODE_REL);
		return;
	}
	if (!eng->rq.nr)
		return;
	t = eng->policy->next_eligible(&eng->rq, now);
	if (t <= now)
		return;
	es->throttles++;
	trace_mvgpu_throttle(eng, t);
	hrtimer_start(&es->cap_timer, ns_to_ktime(t), HRTIMER_MODE_ABS);
}

/* Switches when the current context is idle or its slice is over. */
static void mvgpu_engine_schedule_locked(struct mvgpu_engine *eng,
					 bool slice_over)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	u64 now = ktime_get_ns();
	bool idle;

	lockdep_assert_held(&eng->lock);
	if (eng->wedged)	/* until the GPU reset (hang.c) */
		return;
	if (ctx && (eng->rq.nr || slice_over)) {
		idle = mvgpu_engine_idle_locked(eng);
		if (slice_over)
			mvgpu_engine_slice_over_locked(eng, now, idle);
		else if (idle)
			mvgpu_engine_preempt_locked(eng, now, false);
	}
	mvgpu_engine_run_next_locked(eng, now);
	mvgpu_engine_arm_locked(eng, now);
}

/* Moves the contexts with a callback due to @notify. */
static void mvgpu_engine_collect_locked(struct mvgpu_engine *eng, bool user,
					struct list_head *notify)
{
	struct mvgpu_ctx *ctx;

	lockdep_assert_held(&eng->lock);
	list_for_each_entry(ctx, &eng->ctxs, link) {
		if (user)
			ctx->progress = true;
		if (ctx->progress || ctx->faulted)
			list_add_tail(&ctx->notify, notify);
	}
}

static void mvgpu_engine_notify(struct list_head *notify)
{
	struct mvgpu_ctx *ctx, *next;
	bool progress, faulted;
	u32 reason;
	u64 addr;

	list_for_each_entry_safe(ctx, next, notify, notify) {
		list_del_init(&ctx->notify);
		mutex_lock(&ctx->eng->lock);
		progress = ctx->progress && !ctx->dead;
		faulted = ctx->faulted && !ctx->dead;
		reason = ctx->fault_reason;
		addr = ctx->fault_addr;
		ctx->progress = false;
		ctx->faulted = false;
		if (progress && !faulted)
			trace_mvgpu_complete(ctx);
		mutex_unlock(&ctx->eng->lock);
		if (faulted)
			ctx->ops->fault(ctx, ctx->data, reason, addr);
		else if (progress)
			ctx->ops->progress(ctx, ctx->data);
	}
}

static void mvgpu_engine_work(struct work_struct *work)
{
	struct mvgpu_engine *eng = container_of(work, struct mvgpu_engine,
						work);
	LIST_HEAD(notify);
	bool user, slice;

	mutex_lock(&eng->lock);
	if (eng->dead) {
		mutex_unlock(&eng->lock);
		return;
	}
	if (test_and_clear_bit(MVGPU_ENG_EV_FAULT, &eng->events))
		mvgpu_engine_fault_locked(eng);
	if (test_and_clear_bit(MVGPU_ENG_EV_WATCHDOG, &eng->events))
		mvgpu_hang_watchdog_locked(eng);
	user = test_and_clear_bit(MVGPU_ENG_EV_USER, &eng->events);
	slice = test_and_clear_bit(MVGPU_ENG_EV_SLICE, &eng->events);
	clear_bit(MVGPU_ENG_EV_KICK, &eng->events);
	mvgpu_engine_schedule_locked(eng, slice);
	mvgpu_engine_collect_locked(eng, user, &notify);
	mutex_unlock(&eng->lock);
	mvgpu_engine_notify(&notify);
}

/**
 * mvgpu_ctx_create_owned() - create a context of an owner on an engine
 * @gpu: the GPU
 * @engine: the engine number
 * @ops: the client's callbacks
 * @data: their argument
 * @owner: who it belongs to, for engines dedicated with
 *	mvgpu_engine_reserve(); NULL for none
 *
 * Return: the context, with an empty ring, weight
 * MVGPU_SCHED_WEIGHT_DEFAULT and no cap, or an ERR_PTR(): -EINVAL for an
 * absent engine, -EBUSY when the engine is dedicated to another owner,
 * -ENODEV once the GPU is gone, -ENOMEM.
 */
struct mvgpu_ctx *mvgpu_ctx_create_owned(struct mvgpu_gpu *gpu,
					 unsigned int engine,
					 const struct mvgpu_ctx_ops *ops,
					 void *data, const void *owner)
{
	u64 i, pages = MVGPU_CTX_MEM_BYTES / MVGPU_GTT_PAGE_SIZE;
	struct mvgpu_engine *eng;
	struct mvgpu_ctx *ctx;
	int ret;

	if (engine >= MVGPU_NUM_ENGINE_IDS || !gpu->eng[engine])
		return ERR_PTR(-EINVAL);
	eng = gpu->eng[engine];
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->eng = eng;
	ctx->ops = ops;
	ctx->data = data;
	ctx->owner = owner;
	ctx->ent.weight = owner ? MVGPU_SCHED_WEIGHT_DEFAULT :
			  READ_ONCE(mvgpu_sched_render_weight);
	ctx->ent.cap = owner ? 0 : READ_ONCE(mvgpu_sched_render_cap);
	INIT_LIST_HEAD(&ctx->notify);
	ctx->mem = dma_alloc_coherent(&gpu->gdev->dev, MVGPU_CTX_MEM_BYTES,
				      &ctx->dma, GFP_KERNEL);
	if (!ctx->mem) {
		ret = -ENOMEM;
		goto free_ctx;
	}
	ret = mvgpu_gtt_insert(gpu, &ctx->node, pages + 1);
	if (ret)
		goto free_mem;
	for (i = 0; i < pages; i++)
		mvgpu_gtt_set(gpu, ctx->node.start + i,
			      ctx->dma + i * MVGPU_GTT_PAGE_SIZE);
	ctx->va = ctx->node.start * MVGPU_GTT_PAGE_SIZE;

	mutex_lock(&eng->lock);
	if (eng->dead || (eng->owner && eng->owner != owner)) {
		ret = eng->dead ? -ENODEV : -EBUSY;
		mutex_unlock(&eng->lock);
		goto remove_node;
	}
	ctx->id = ++eng->next_id ? eng->next_id : ++eng->next_id;
	list_add_tail(&ctx->link, &eng->ctxs);
	eng->nr_ctxs++;
	mutex_unlock(&eng->lock);
	return ctx;

remove_node:
	mvgpu_gtt_remove(gpu, &ctx->node);
free_mem:
	dma_free_coherent(&gpu->gdev->dev, MVGPU_CTX_MEM_BYTES, ctx->mem,
			  ctx->dma);
free_ctx:
	kfree(ctx);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_create_owned);

/**
 * mvgpu_ctx_create() - create a context on an engine
 * @gpu: the GPU
 * @engine: the engine number
 * @ops: the client's callbacks
 * @data: their argument
 *
 * As mvgpu_ctx_create_owned() with no owner: fails with -EBUSY on an
 * engine dedicated to an owner.  Its weight and cap are the render_weight
 * and render_cap module parameters (contexts with no owner are the render
 * node's).
 *
 * Return: the context or an ERR_PTR().
 */
struct mvgpu_ctx *mvgpu_ctx_create(struct mvgpu_gpu *gpu, unsigned int engine,
				   const struct mvgpu_ctx_ops *ops, void *data)
{
	return mvgpu_ctx_create_owned(gpu, engine, ops, data, NULL);
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_create);

/**
 * mvgpu_ctx_destroy() - take a context off its engine and free it
 * @ctx: the context
 *
 * When it returns no callback of @ctx runs or will run.  Not from a
 * callback, and not holding a lock a callback takes.
 */
void mvgpu_ctx_destroy(struct mvgpu_ctx *ctx)
{
	struct mvgpu_engine *eng = ctx->eng;
	struct mvgpu_gpu *gpu = eng->gpu;

	mutex_lock(&eng->lock);
	ctx->dead = true;
	if (eng->current_ctx == ctx)
		mvgpu_engine_charge_busy_locked(eng);
	if (eng->current_ctx == ctx && mvgpu_engine_switch_out_locked(eng))
		mvgpu_engine_reset_locked(eng);
	eng->policy->dequeue(&eng->rq, &ctx->ent);
	list_del(&ctx->link);
	eng->nr_ctxs--;
	mutex_unlock(&eng->lock);
	/* Callbacks in flight finish; others may run on the engine now. */
	flush_work(&eng->work);
	mvgpu_engine_event(eng, MVGPU_ENG_EV_KICK);

	mvgpu_gtt_remove(gpu, &ctx->node);
	dma_free_coherent(&gpu->gdev->dev, MVGPU_CTX_MEM_BYTES, ctx->mem,
			  ctx->dma);
	kfree(ctx);
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_destroy);

/**
 * mvgpu_ctx_ring() - the kernel mapping of a context's ring
 * @ctx: the context
 *
 * Return: MVGPU_CTX_RING_BYTES bytes, at GPU VA mvgpu_ctx_hwsp_va() -
 * MVGPU_CTX_RING_BYTES.
 */
void *mvgpu_ctx_ring(struct mvgpu_ctx *ctx)
{
	return ctx->mem;
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_ring);

/**
 * mvgpu_ctx_hwsp_read() - read a dword of a context's status page
 * @ctx: the context
 * @offset: byte offset, MVGPU_HWSP_* or one the client's commands store to
 *
 * Return: its value.
 */
u32 mvgpu_ctx_hwsp_read(struct mvgpu_ctx *ctx, u32 offset)
{
	__le32 *p = ctx->mem + MVGPU_CTX_HWSP_OFFSET + offset;

	return le32_to_cpu(READ_ONCE(*p));
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_hwsp_read);

/**
 * mvgpu_ctx_hwsp_write() - write a dword of a context's status page
 * @ctx: the context, off the engine or with no command of it in flight that
 *	writes @offset (for instance after a fault or mvgpu_ctx_restart(),
 *	to forget the head of the ring it lost)
 * @offset: byte offset, MVGPU_HWSP_* or one the client's commands store to
 * @val: the value
 */
void mvgpu_ctx_hwsp_write(struct mvgpu_ctx *ctx, u32 offset, u32 val)
{
	__le32 *p = ctx->mem + MVGPU_CTX_HWSP_OFFSET + offset;

	WRITE_ONCE(*p, cpu_to_le32(val));
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_hwsp_write);

/**
 * mvgpu_ctx_busy_ns() - engine time a context spent executing
 * @ctx: the context
 *
 * The engine's BUSY_NS counts while the context is on it: time it spent
 * idle on the engine, or waiting to go on, is not counted.
 *
 * Return: nanoseconds, since the context was created.
 */
u64 mvgpu_ctx_busy_ns(struct mvgpu_ctx *ctx)
{
	struct mvgpu_engine *eng = ctx->eng;
	u64 ns;

	mutex_lock(&eng->lock);
	if (eng->current_ctx == ctx && !eng->dead)
		mvgpu_engine_charge_busy_locked(eng);
	ns = ctx->busy_ns;
	mutex_unlock(&eng->lock);
	return ns;
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_busy_ns);

/**
 * mvgpu_ctx_hwsp_va() - GPU VA of a context's status page
 * @ctx: the context
 *
 * Return: the VA; the client's commands may store at MVGPU_HWSP_SEQNO and
 * above.
 */
u64 mvgpu_ctx_hwsp_va(struct mvgpu_ctx *ctx)
{
	return ctx->va + MVGPU_CTX_HWSP_OFFSET;
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_hwsp_va);

/**
 * mvgpu_ctx_id() - a context's CTX_ID
 * @ctx: the context
 *
 * Return: the ID, unique on its engine.
 */
u32 mvgpu_ctx_id(struct mvgpu_ctx *ctx)
{
	return ctx->id;
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_id);

/**
 * mvgpu_ctx_submit() - run a context's commands up to @tail
 * @ctx: the context
 * @tail: byte offset in its ring past the last command written
 *
 * The commands must be in the ring already.
 */
void mvgpu_ctx_submit(struct mvgpu_ctx *ctx, u32 tail)
{
	struct mvgpu_engine *eng = ctx->eng;

	/* The commands must be in memory before the engine sees the tail. */
	wmb();
	mutex_lock(&eng->lock);
	ctx->tail = tail;
	ctx->stats.submissions++;
	trace_mvgpu_submit(ctx);
	if (ctx->dead || eng->dead) {
		mutex_unlock(&eng->lock);
		return;
	}
	if (eng->current_ctx == ctx) {
		mvgpu_engine_submit_locked(eng);
		mutex_unlock(&eng->lock);
		return;
	}
	eng->policy->enqueue(&eng->rq, &ctx->ent, ktime_get_ns());
	mutex_unlock(&eng->lock);
	mvgpu_engine_event(eng, MVGPU_ENG_EV_KICK);
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_submit);

/**
 * mvgpu_ctx_restart() - drop what a context was doing
 * @ctx: the context
 *
 * Takes it off the engine (resetting the engine when it is on it) and
 * empties its ring at offset 0, as after a fault, without a fault
 * callback.  For a client that gives up on a hung context.
 */
void mvgpu_ctx_restart(struct mvgpu_ctx *ctx)
{
	struct mvgpu_engine *eng = ctx->eng;

	mutex_lock(&eng->lock);
	if (eng->current_ctx == ctx)
		mvgpu_engine_charge_busy_locked(eng);
	if (eng->current_ctx == ctx && mvgpu_engine_reset_locked(eng))
		dev_err(&eng->gpu->gdev->dev, "engine %u: reset timed out\n",
			eng->id);
	mvgpu_ctx_lost_locked(ctx, 0, 0);
	ctx->faulted = false;
	mutex_unlock(&eng->lock);
	mvgpu_engine_event(eng, MVGPU_ENG_EV_KICK);
}
EXPORT_SYMBOL_GPL(mvgpu_ctx_restart);

static void mvgpu_engine_free(struct mvgpu_engine *eng)
{
	mutex_lock(&eng->lock);
	eng->dead = true;
	mutex_unlock(&eng->lock);
	mvgpu_hang_fini(eng);
	hrtimer_cancel(&eng->slice);
	hrtimer_cancel(&eng->sched.cap_timer);
	cancel_work_sync(&eng->work);
	WARN_ON(!list_empty(&eng->ctxs));
	mutex_lock(&eng->lock);
	mvgpu_engine_reset_locked(eng);
	mutex_unlock(&eng->lock);
	mvgpu_engine_vring_fini(eng);
	mutex_destroy(&eng->lock);
	kfree(eng);
}

static void mvgpu_engines_free(struct mvgpu_gpu *gpu)
{
	unsigned int e;

	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (gpu->eng[e])
			mvgpu_engine_free(gpu->eng[e]);
		gpu->eng[e] = NULL;
	}
}

/**
 * mvgpu_engines_fini() - stop and free a GPU's engines
 * @gpu: the GPU, its clients removed (no context left) and its interrupt
 *	freed
 */
void mvgpu_engines_fini(struct mvgpu_gpu *gpu)
{
	mvgpu_sched_sysfs_fini(gpu);
	mvgpu_engines_free(gpu);
}

/**
 * mvgpu_engines_init() - set up the engines of a GPU, reset and idle
 * @gpu: the GPU, being probed
 *
 * Also adds the GPU's sched/ sysfs group and debugfs directory.
 *
 * Return: 0 or a negative errno.
 */
int mvgpu_engines_init(struct mvgpu_gpu *gpu)
{
	struct mvgpu_engine *eng;
	unsigned int e;
	int ret;

	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		eng = kzalloc(sizeof(*eng), GFP_KERNEL);
		if (!eng) {
			ret = -ENOMEM;
			goto free;
		}
		eng->gpu = gpu;
		eng->id = e;
		eng->policy = &mvgpu_sched_wfq_ops;
		eng->policy->init(&eng->rq, mvgpu_sched_default_slice_ns());
		mutex_init(&eng->lock);
		INIT_LIST_HEAD(&eng->ctxs);
		INIT_WORK(&eng->work, mvgpu_engine_work);
		hrtimer_init(&eng->slice, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		eng->slice.function = mvgpu_engine_slice_fn;
		hrtimer_init(&eng->sched.cap_timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_ABS);
		eng->sched.cap_timer.function = mvgpu_engine_cap_fn;
		mvgpu_hang_init(eng);
		gpu->eng[e] = eng;
		mutex_lock(&eng->lock);
		ret = mvgpu_engine_reset_locked(eng);
		mutex_unlock(&eng->lock);
		if (ret)
			goto free;
	}
	ret = mvgpu_sched_sysfs_init(gpu);
	if (ret)
		goto free;
	return 0;

free:
	mvgpu_engines_free(gpu);
	return ret;
}
