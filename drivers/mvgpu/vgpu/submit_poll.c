// SPDX-License-Identifier: GPL-2.0-only
/*
 * Submission on a vGPU: the core's callbacks on the vGPU's contexts, and
 * zero-trap submission.
 *
 * A guest that sets HWSP.TAIL_POLL (VINFO_CAPS.TAIL_POLL) writes each new
 * ring tail into its status page (MVGPU_HWSP_TAIL) before it decides
 * whether to trap.  While the engine has work of the guest in flight the
 * host says MVGPU_HWSP_POLL = 1 in that page: every segment of the shadow
 * ring ends with a host USER_INTERRUPT, so the core calls us back as each
 * one completes, and the progress callback reads the published tail and
 * shadows it as a doorbell would.  When the shadow ring drains with
 * nothing new the host writes MVGPU_HWSP_POLL = 0, a full barrier, and
 * reads the tail once more: the guest stores its tail, has a full barrier
 * and reads the flag, so either the host sees the tail or the guest sees
 * 0 and rings the doorbell (a doorbell for a tail already taken is
 * harmless).  See "Zero-trap submission" in Documentation/hardware.rst.
 *
 * The fault callback may be on its way when the guest resets the engine:
 * the reset restarts the context and records the core's count of the
 * context's resets (the reset generation); a fault callback that finds
 * that count unchanged predates the reset and is dropped, so that it
 * cannot fault the guest's new work.
 */
#include "mvgpu.h"

/**
 * mvgpu_vsub_tail_poll() - the guest publishes its tails in its status page
 * @se: the engine
 *
 * Return: true when HWSP.ENABLE and HWSP.TAIL_POLL are set and the ring
 * is enabled.
 */
bool mvgpu_vsub_tail_poll(const struct mvgpu_vsub_engine *se)
{
	const u64 bits = MVGPU_HWSP_ENABLE | MVGPU_HWSP_TAIL_POLL;

	return (se->hwsp & bits) == bits && (se->ring_ctl & MVGPU_RING_ENABLE);
}

/**
 * mvgpu_vsub_hwsp_addr() - the guest GPU VA of its status page
 * @se: the engine
 *
 * Return: HWSP without its flag bits.
 */
u64 mvgpu_vsub_hwsp_addr(const struct mvgpu_vsub_engine *se)
{
	return se->hwsp & ~(u64)(MVGPU_HWSP_ENABLE | MVGPU_HWSP_TAIL_POLL);
}

static int vsub_poll_flag(struct mvgpu_vsub *sub, struct mvgpu_vsub_engine *se,
			  u32 val)
{
	__le32 raw = cpu_to_le32(val);

	return mvgpu_vgtt_write(sub->vgpu, mvgpu_vsub_hwsp_addr(se) +
				MVGPU_HWSP_POLL, &raw, 4);
}

/**
 * mvgpu_vsub_poll_arm_locked() - tell the guest it need not trap
 * @sub: the vGPU's submission state
 * @se: the engine, with work in flight
 *
 * Writes MVGPU_HWSP_POLL = 1 when the guest asked for it; from now on the
 * host reads MVGPU_HWSP_TAIL at each completion.
 */
void mvgpu_vsub_poll_arm_locked(struct mvgpu_vsub *sub,
				struct mvgpu_vsub_engine *se)
{
	lockdep_assert_held(&sub->lock);
	if (se->poll || !mvgpu_vsub_tail_poll(se))
		return;
	/* An unwritable page: the guest keeps trapping. */
	if (!vsub_poll_flag(sub, se, 1))
		se->poll = true;
}

/**
 * mvgpu_vsub_poll_stop_locked() - tell the guest to trap again
 * @sub: the vGPU's submission state
 * @se: the engine: drained, faulted, reset, or its status page moving
 */
void mvgpu_vsub_poll_stop_locked(struct mvgpu_vsub *sub,
				 struct mvgpu_vsub_engine *se)
{
	lockdep_assert_held(&sub->lock);
	if (!se->poll)
		return;
	se->poll = false;
	vsub_poll_flag(sub, se, 0);
}

/* Takes the tail the guest published; true when it is a new one. */
static bool vsub_poll_take(struct mvgpu_vsub *sub, struct mvgpu_vsub_engine *se)
{
	__le32 raw;
	u32 tail;

	if (mvgpu_vgtt_read(sub->vgpu, mvgpu_vsub_hwsp_addr(se) +
			    MVGPU_HWSP_TAIL, &raw, 4))
		return false;
	tail = le32_to_cpu(raw);
	if (tail == se->tail)
		return false;
	/* Checked at the kick, as a RING_TAIL write is. */
	se->tail = tail;
	return true;
}

/**
 * mvgpu_vsub_poll_locked() - go on after the engine made progress
 * @sub: the vGPU's submission state
 * @se: the engine
 * @dead: shadows to free once the lock is dropped
 *
 * Takes the tail the guest published (when the host polls), shadows and
 * submits what is new or did not fit before; when nothing is left in
 * flight, stops polling and looks at the published tail once more.
 *
 * Return: true when a published tail queued work (a submission without a
 * trap).
 */
bool mvgpu_vsub_poll_locked(struct mvgpu_vsub *sub,
			    struct mvgpu_vsub_engine *se,
			    struct list_head *dead)
{
	bool took = se->poll && vsub_poll_take(sub, se), polled = false;

	lockdep_assert_held(&sub->lock);
	for (;;) {
		if (mvgpu_vsub_kick_locked(sub, se, dead) && took) {
			WRITE_ONCE(sub->submissions, sub->submissions + 1);
			WRITE_ONCE(sub->tail_polls, sub->tail_polls + 1);
			polled = true;
		}
		if (se->nsegs || !se->poll)
			return polled;
		/* Drained: trap from now on, unless a tail came meanwhile. */
		mvgpu_vsub_poll_stop_locked(sub, se);
		smp_mb();	/* the flag before the tail; pairs with the guest */
		took = vsub_poll_take(sub, se);
		if (!took)
			return polled;
	}
}

/**
 * mvgpu_vsub_new_gen_locked() - start a reset generation
 * @se: the engine, its context restarted (or with nothing in flight)
 *
 * Fault callbacks already on their way belong to the previous one.
 */
void mvgpu_vsub_new_gen_locked(struct mvgpu_vsub_engine *se)
{
	struct mvgpu_ctx_stats st;

	se->resets = 0;
	if (!se->ctx)
		return;
	mvgpu_ctx_get_stats(se->ctx, &st);
	se->resets = st.resets;
}

/* mvgpu_ctx_ops.progress */
static void vsub_ctx_progress(struct mvgpu_ctx *ctx, void *data)
{
	struct mvgpu_vsub_engine *se = data;
	struct mvgpu_vsub *sub = se->sub;
	LIST_HEAD(dead);

	mutex_lock(&sub->lock);
	if (se->ctx == ctx) {
		mvgpu_vsub_update_locked(sub, se);
		/* New tails, and what did not fit before: shadow, submit. */
		mvgpu_vsub_poll_locked(sub, se, &dead);
	}
	mutex_unlock(&sub->lock);
	mvgpu_vsub_shadows_free(sub, &dead);
}

/* The fault predates the guest's last reset of the engine. */
static bool vsub_fault_stale(struct mvgpu_vsub_engine *se)
{
	struct mvgpu_ctx_stats st;

	mvgpu_ctx_get_stats(se->ctx, &st);
	return st.resets == se->resets;
}

/*
 * mvgpu_ctx_ops.fault: the context is off the engine, its ring empty.
 * What completed before the fault retires; the guest's engine stops
 * FAULTED at the command that faulted, with its address in guest terms.
 * A context lost for the host's reasons (reason 0) faults RING.  The
 * restart empties the ring again: a doorbell may have submitted between
 * the fault and this callback, and those commands must not run from
 * offset 0 of the emptied ring.  A fault from before the guest's last
 * engine reset is dropped: the reset restarted the context already.
 */
static void vsub_ctx_fault(struct mvgpu_ctx *ctx, void *data, u32 reason,
			   u64 addr)
{
	struct mvgpu_vsub_engine *se = data;
	struct mvgpu_vsub *sub = se->sub;
	LIST_HEAD(dead);
	u64 gaddr;

	mutex_lock(&sub->lock);
	if (se->ctx != ctx)
		goto unlock;
	if (vsub_fault_stale(se)) {
		WRITE_ONCE(sub->stale_faults, sub->stale_faults + 1);
		goto unlock;
	}
	mvgpu_vsub_update_locked(sub, se);
	gaddr = reason ? mvgpu_vsub_translate(se, addr) : se->lbase + se->head;
	mvgpu_ctx_restart(ctx);
	mvgpu_vsub_new_gen_locked(se);
	mvgpu_vsub_drop_locked(sub, se, &dead);
	mvgpu_vsub_fault_locked(sub, se, reason ? reason : MVGPU_FAULT_RING,
				gaddr);
unlock:
	mutex_unlock(&sub->lock);
	mvgpu_vsub_shadows_free(sub, &dead);
}

const struct mvgpu_ctx_ops mvgpu_vsub_ctx_ops = {
	.progress = vsub_ctx_progress,
	.fault = vsub_ctx_fault,
};
