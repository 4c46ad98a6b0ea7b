// SPDX-License-Identifier: GPL-2.0-only
/*
 * Submission on a vGPU: the engine register blocks the guest sees, and the
 * vGPU's contexts on the core's engines.
 *
 * Each engine of the GPU appears in the vGPU's BAR0 with the hardware's
 * registers; behind it, while a VMM has the vGPU open, is one core context
 * of the vGPU on that engine, which the core schedules beside the other
 * vGPUs' and the render node's.  The ring registers hold what the guest
 * wrote; the positions it reads back (RING_HEAD, CMD_COUNT, STATUS, the
 * fault registers) are those of its own ring, translated from the shadow
 * the engine runs (submit_ring.c).  What differs from the GPU is in "The
 * vGPU" of Documentation/hardware.rst:
 *
 * - CONTROL.PREEMPT stops fetching and completes once the work submitted
 *   before it has run (there is no preemption point the guest could see);
 *   CTX_SAVE and CTX_RESTORE complete at once and do nothing: a guest uses
 *   one context per engine, the host switches between vGPUs itself.
 * - BUSY_NS is the time the engine spent on this vGPU's work.
 */
#include "mvgpu.h"

static bool vsub_engine_present(u32 engines, unsigned int e)
{
	if (e < MVGPU_ENGINE_COMPUTE(0))
		return e < (engines & MVGPU_ENGINES_COPY_MASK);
	return e - MVGPU_ENGINE_COMPUTE(0) <
	       ((engines & MVGPU_ENGINES_COMPUTE_MASK) >>
		MVGPU_ENGINES_COMPUTE_SHIFT);
}

/**
 * mvgpu_vsub_init() - set up a vGPU's submission state
 * @vgpu: the vGPU, being created
 *
 * Return: 0.
 */
int mvgpu_vsub_init(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vsub *sub = &vgpu->sub;
	unsigned int e;

	mutex_init(&sub->lock);
	INIT_LIST_HEAD(&sub->pool);
	sub->vgpu = vgpu;
	sub->weight = vgpu->type->info->weight;
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		sub->eng[e].sub = sub;
		sub->eng[e].id = e;
	}
	return 0;
}

/**
 * mvgpu_vsub_fini() - tear down a vGPU's submission state
 * @vgpu: the vGPU, closed
 */
void mvgpu_vsub_fini(struct mvgpu_vgpu *vgpu)
{
	mvgpu_vsub_stage_free(&vgpu->sub);
	mutex_destroy(&vgpu->sub.lock);
}

/* Engine reset: the context dropped, the ring disabled, registers clear. */
static void vsub_engine_reset_locked(struct mvgpu_vsub *sub,
				     struct mvgpu_vsub_engine *se,
				     struct list_head *dead)
{
	lockdep_assert_held(&sub->lock);
	mvgpu_vsub_poll_stop_locked(sub, se);
	if (se->ctx && se->nsegs)
		mvgpu_ctx_restart(se->ctx);
	mvgpu_vsub_new_gen_locked(se);
	if (se->nsegs)
		mvgpu_vsub_drop_locked(sub, se, dead);
	se->reject = false;
	se->ring_ctl = 0;
	se->tail = 0;
	se->head = 0;
	se->fetched = 0;
	se->status = 0;
	se->control = 0;
	se->ctx_id = 0;
	se->event_ctx_id = 0;
	se->fault_reason = 0;
	se->fault_addr = 0;
	se->cmd_count = 0;
}

/*
 * RING_CTL.ENABLE changed: base and size latch, the head goes to 0, the
 * context (and a fault) is dropped.
 */
static void vsub_ring_latch_locked(struct mvgpu_vsub *sub,
				   struct mvgpu_vsub_engine *se,
				   struct list_head *dead)
{
	mvgpu_vsub_poll_stop_locked(sub, se);
	if (se->ctx && se->nsegs)
		mvgpu_ctx_restart(se->ctx);
	mvgpu_vsub_new_gen_locked(se);
	if (se->nsegs)
		mvgpu_vsub_drop_locked(sub, se, dead);
	se->reject = false;
	se->lbase = se->ring_base;
	se->lsize = se->ring_size;
	se->head = 0;
	se->fetched = 0;
	se->status = 0;
	se->control = 0;
	se->fault_reason = 0;
	se->fault_addr = 0;
	se->cmd_count = 0;
}

/**
 * mvgpu_vsub_reset_locked() - reset every engine, as a function reset does
 * @vgpu: the vGPU
 *
 * Work in flight is dropped and the failed state cleared; the counters stay
 * (they are per tenant: mvgpu_vsub_open() clears them).
 */
void mvgpu_vsub_reset_locked(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vsub *sub = &vgpu->sub;
	struct mvgpu_vsub_engine *se;
	LIST_HEAD(dead);
	unsigned int e;

	lockdep_assert_held(&vgpu->lock);
	mutex_lock(&sub->lock);
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		se = &sub->eng[e];
		se->present = vsub_engine_present(vgpu->engines, e);
		vsub_engine_reset_locked(sub, se, &dead);
		se->ring_base = 0;
		se->ring_size = 0;
		se->lbase = 0;
		se->lsize = 0;
		se->hwsp = 0;
		se->ctx_va = 0;
	}
	sub->failed = false;
	sub->violations = 0;
	mutex_unlock(&sub->lock);
	mvgpu_vsub_shadows_free(sub, &dead);
}

/* Takes the vGPU's contexts off the engines and frees what they ran. */
static void vsub_destroy_contexts(struct mvgpu_vsub *sub)
{
	struct mvgpu_vsub_engine *se;
	struct mvgpu_ctx *ctx;
	LIST_HEAD(dead);
	unsigned int e;

	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		se = &sub->eng[e];
		mutex_lock(&sub->lock);
		ctx = se->ctx;
		se->ctx = NULL;
		mutex_unlock(&sub->lock);
		if (!ctx)
			continue;
		/* No callback of ctx runs once it returns. */
		mvgpu_ctx_destroy(ctx);
		mutex_lock(&sub->lock);
		mvgpu_vsub_drop_locked(sub, se, &dead);
		se->poll = false;	/* the VMM is gone: no page to tell */
		mutex_unlock(&sub->lock);
		mvgpu_vsub_shadows_free(sub, &dead);
	}
	/* No engine runs the vGPU's work any more: empty the pool. */
	mutex_lock(&sub->lock);
	list_splice_init(&sub->pool, &dead);
	mvgpu_vsub_stage_free(sub);
	mutex_unlock(&sub->lock);
	mvgpu_vsub_shadows_free(sub, &dead);
}

/**
 * mvgpu_vsub_open() - give the vGPU a context on each engine
 * @vgpu: the vGPU, being opened, freshly reset
 *
 * Return: 0 or a negative errno (no context is left then).
 */
int mvgpu_vsub_open(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vsub *sub = &vgpu->sub;
	struct mvgpu_gpu *core = vgpu->gpu->core;
	struct mvgpu_ctx *ctx;
	unsigned int e;

	mutex_lock(&sub->lock);
	WRITE_ONCE(sub->submissions, 0);
	WRITE_ONCE(sub->rejected, 0);
	WRITE_ONCE(sub->bytes_scanned, 0);
	WRITE_ONCE(sub->tail_polls, 0);
	WRITE_ONCE(sub->stale_faults, 0);
	mutex_unlock(&sub->lock);
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (!sub->eng[e].present)
			continue;
		ctx = mvgpu_ctx_create_owned(core, vgpu->engine_map[e],
					     &mvgpu_vsub_ctx_ops,
					     &sub->eng[e], vgpu);
		if (IS_ERR(ctx)) {
			vsub_destroy_contexts(sub);
			return PTR_ERR(ctx);
		}
		mutex_lock(&sub->lock);
		mvgpu_ctx_set_weight(ctx, sub->weight);
		mvgpu_ctx_set_cap(ctx, sub->cap);
		sub->eng[e].ctx = ctx;
		mvgpu_vsub_new_gen_locked(&sub->eng[e]);
		mutex_unlock(&sub->lock);
	}
	return 0;
}

/**
 * mvgpu_vsub_set_sched() - set the weight and cap of a vGPU's contexts
 * @vgpu: the vGPU
 * @weight: MVGPU_SCHED_WEIGHT_MIN to MVGPU_SCHED_WEIGHT_MAX
 * @cap: percent of each engine, 0 for none
 *
 * Kept across opens; effective from each context's next time slice.
 *
 * Return: 0, or -EINVAL for a value out of range (nothing changes then).
 */
int mvgpu_vsub_set_sched(struct mvgpu_vgpu *vgpu, u32 weight, u32 cap)
{
	struct mvgpu_vsub *sub = &vgpu->sub;
	unsigned int e;

	if (weight < MVGPU_SCHED_WEIGHT_MIN ||
	    weight > MVGPU_SCHED_WEIGHT_MAX || cap > 100)
		return -EINVAL;
	mutex_lock(&sub->lock);
	/* VINFO_WEIGHT reads it without the lock. */
	WRITE_ONCE(sub->weight, weight);
	sub->cap = cap;
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (!sub->eng[e].ctx)
			continue;
		mvgpu_ctx_set_weight(sub->eng[e].ctx, weight);
		mvgpu_ctx_set_cap(sub->eng[e].ctx, cap);
	}
	mutex_unlock(&sub->lock);
	return 0;
}

/**
 * mvgpu_vsub_get_stats() - the core's counters of a vGPU's engine context
 * @vgpu: the vGPU
 * @engine: the engine number
 * @st: filled in; zero while the vGPU is closed
 *
 * Return: 0, or -EINVAL for an engine the vGPU does not have.
 */
int mvgpu_vsub_get_stats(struct mvgpu_vgpu *vgpu, unsigned int engine,
			 struct mvgpu_ctx_stats *st)
{
	struct mvgpu_vsub *sub = &vgpu->sub;

	if (engine >= MVGPU_NUM_ENGINE_IDS || !sub->eng[engine].present)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	mutex_lock(&sub->lock);
	st->weight = sub->weight;
	st->cap = sub->cap;
	if (sub->eng[engine].ctx)
		mvgpu_ctx_get_stats(sub->eng[engine].ctx, st);
	mutex_unlock(&sub->lock);
	return 0;
}

/**
 * mvgpu_vsub_close() - take the vGPU's contexts off the engines
 * @vgpu: the vGPU, being closed; neither its lock nor the submission lock
 *	held
 */
void mvgpu_vsub_close(struct mvgpu_vgpu *vgpu)
{
	vsub_destroy_contexts(&vgpu->sub);
}

static u32 vsub_status(struct mvgpu_vsub_engine *se)
{
	u32 st = se->status;

	if (st & MVGPU_ENG_STATUS_FAULTED)
		return st;
	if (se->nsegs || se->control ||
	    ((se->ring_ctl & MVGPU_RING_ENABLE) && se->fetched != se->tail &&
	     !(st & MVGPU_ENG_STATUS_PREEMPTED) && se->ctx))
		st |= MVGPU_ENG_STATUS_BUSY;
	return st;
}

static u32 vsub_busy(struct mvgpu_vsub_engine *se, bool hi)
{
	u64 ns = se->ctx ? mvgpu_ctx_busy_ns(se->ctx) : 0;

	return hi ? upper_32_bits(ns) : lower_32_bits(ns);
}

static u32 vsub_reg_read(struct mvgpu_vsub_engine *se, u32 reg)
{
	switch (reg) {
	case MVGPU_ENG_RING_BASE_LO:
		return lower_32_bits(se->ring_base);
	case MVGPU_ENG_RING_BASE_HI:
		return upper_32_bits(se->ring_base);
	case MVGPU_ENG_RING_SIZE:
		return se->ring_size;
	case MVGPU_ENG_RING_HEAD:
		return mvgpu_vsub_head_locked(se);
	case MVGPU_ENG_RING_TAIL:
		return se->tail;
	case MVGPU_ENG_RING_CTL:
		return se->ring_ctl;
	case MVGPU_ENG_HWSP_LO:
		return lower_32_bits(se->hwsp);
	case MVGPU_ENG_HWSP_HI:
		return upper_32_bits(se->hwsp);
	case MVGPU_ENG_STATUS:
		return vsub_status(se);
	case MVGPU_ENG_FAULT_REASON:
		return se->fault_reason;
	case MVGPU_ENG_FAULT_ADDR_LO:
		return lower_32_bits(se->fault_addr);
	case MVGPU_ENG_FAULT_ADDR_HI:
		return upper_32_bits(se->fault_addr);
	case MVGPU_ENG_CONTROL:
		return se->control;
	case MVGPU_ENG_CTX_LO:
		return lower_32_bits(se->ctx_va);
	case MVGPU_ENG_CTX_HI:
		return upper_32_bits(se->ctx_va);
	case MVGPU_ENG_BUSY_NS_LO:
		return vsub_busy(se, false);
	case MVGPU_ENG_BUSY_NS_HI:
		return vsub_busy(se, true);
	case MVGPU_ENG_CMD_COUNT:
		return se->cmd_count;
	case MVGPU_ENG_CTX_ID:
		return se->ctx_id;
	case MVGPU_ENG_EVENT_CTX_ID:
		return se->event_ctx_id;
	}
	return 0;
}

static struct mvgpu_vsub_engine *vsub_engine(struct mvgpu_vgpu *vgpu, u32 off,
					     u32 *reg)
{
	unsigned int e = (off - MVGPU_ENGINE_BASE(0)) / MVGPU_ENGINE_BLOCK_SIZE;

	*reg = (off - MVGPU_ENGINE_BASE(0)) % MVGPU_ENGINE_BLOCK_SIZE;
	if (e >= MVGPU_NUM_ENGINE_IDS || !vgpu->sub.eng[e].present)
		return NULL;
	return &vgpu->sub.eng[e];
}

/**
 * mvgpu_vsub_read_locked() - read a register of an engine block
 * @vgpu: the vGPU
 * @off: BAR0 offset, dword aligned, in [MVGPU_ENGINE_BASE(0),
 *	MVGPU_ENGINE_BASE(16))
 *
 * Return: its value; 0 in an absent engine's block.
 */
u32 mvgpu_vsub_read_locked(struct mvgpu_vgpu *vgpu, u32 off)
{
	struct mvgpu_vsub_engine *se;
	u32 reg, val;

	lockdep_assert_held(&vgpu->lock);
	se = vsub_engine(vgpu, off, &reg);
	if (!se)
		return 0;
	mutex_lock(&vgpu->sub.lock);
	val = vsub_reg_read(se, reg);
	mutex_unlock(&vgpu->sub.lock);
	return val;
}

static void set32(u32 *reg, u32 val, u32 mask)
{
	*reg = (*reg & ~mask) | (val & mask);
}

static void set64(u64 *reg, bool hi, u32 val, u32 mask)
{
	u32 half = hi ? upper_32_bits(*reg) : lower_32_bits(*reg);

	set32(&half, val, mask);
	if (hi)
		*reg = (u64)half << 32 | lower_32_bits(*reg);
	else
		*reg = (*reg & ~0xffffffffULL) | half;
}

/*
 * CONTROL, in the hardware's order: RESET; PREEMPT, which completes once
 * the work queued before it has run; CTX_SAVE and CTX_RESTORE, which do
 * nothing on a vGPU; RESUME, after a PREEMPT still pending if there is one.
 */
static bool vsub_control_locked(struct mvgpu_vsub *sub,
				struct mvgpu_vsub_engine *se, u32 val,
				struct list_head *dead)
{
	if (val & MVGPU_ENG_CTL_RESET)
		vsub_engine_reset_locked(sub, se, dead);
	if (val & MVGPU_ENG_CTL_PREEMPT)
		se->control |= MVGPU_ENG_CTL_PREEMPT;
	if (val & MVGPU_ENG_CTL_RESUME)
		se->control |= MVGPU_ENG_CTL_RESUME;
	/* Nothing in flight: the requests complete at once. */
	if (!se->nsegs)
		mvgpu_vsub_control_done_locked(sub, se);
	return true;
}

/* A write to an engine register; true when the engine may have work. */
static bool vsub_reg_write(struct mvgpu_vsub *sub,
			   struct mvgpu_vsub_engine *se, u32 reg, u32 val,
			   u32 mask, struct list_head *dead)
{
	u32 old;

	switch (reg) {
	case MVGPU_ENG_RING_BASE_LO:
	case MVGPU_ENG_RING_BASE_HI:
		set64(&se->ring_base, reg == MVGPU_ENG_RING_BASE_HI, val, mask);
		return false;
	case MVGPU_ENG_RING_SIZE:
		set32(&se->ring_size, val, mask);
		return false;
	case MVGPU_ENG_RING_TAIL:
		/* The doorbell; a tail already taken from the page is none. */
		set32(&se->tail, val, mask);
		return true;
	case MVGPU_ENG_RING_CTL:
		old = se->ring_ctl;
		set32(&se->ring_ctl, val, mask);
		if ((old ^ se->ring_ctl) & MVGPU_RING_ENABLE)
			vsub_ring_latch_locked(sub, se, dead);
		return true;
	case MVGPU_ENG_HWSP_LO:
	case MVGPU_ENG_HWSP_HI:
		/* The flag of the old page says "trap" before it moves. */
		mvgpu_vsub_poll_stop_locked(sub, se);
		set64(&se->hwsp, reg == MVGPU_ENG_HWSP_HI, val, mask);
		return false;
	case MVGPU_ENG_CONTROL:
		return vsub_control_locked(sub, se, val, dead);
	case MVGPU_ENG_CTX_LO:
	case MVGPU_ENG_CTX_HI:
		set64(&se->ctx_va, reg == MVGPU_ENG_CTX_HI, val, mask);
		return false;
	case MVGPU_ENG_CTX_ID:
		set32(&se->ctx_id, val, mask);
		return false;
	}
	return false;
}

/**
 * mvgpu_vsub_write_locked() - write a register of an engine block
 * @vgpu: the vGPU
 * @off: BAR0 offset, dword aligned, in the engine blocks
 * @val: the value, limited to @mask
 * @mask: the bytes written
 *
 * A write to RING_TAIL with the ring enabled is the doorbell.
 */
void mvgpu_vsub_write_locked(struct mvgpu_vgpu *vgpu, u32 off, u32 val,
			     u32 mask)
{
	struct mvgpu_vsub *sub = &vgpu->sub;
	struct mvgpu_vsub_engine *se;
	LIST_HEAD(dead);
	u32 reg;

	lockdep_assert_held(&vgpu->lock);
	se = vsub_engine(vgpu, off, &reg);
	if (!se)
		return;
	mutex_lock(&sub->lock);
	if (vsub_reg_write(sub, se, reg, val, mask, &dead) &&
	    mvgpu_vsub_kick_locked(sub, se, &dead))
		WRITE_ONCE(sub->submissions, sub->submissions + 1);
	mutex_unlock(&sub->lock);
	mvgpu_vsub_shadows_free(sub, &dead);
}
