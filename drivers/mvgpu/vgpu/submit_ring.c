// SPDX-License-Identifier: GPL-2.0-only
/*
 * Submission on a vGPU: the doorbell and the shadow ring.
 *
 * A guest write to RING_TAIL (the doorbell) fetches the new span of the
 * guest's ring once: each whole command is copied into the ring of the
 * vGPU's core context on the engine (the shadow ring), scanned and audited
 * there in place by the command parser, which copies every batch it starts
 * into shadow memory of ours and points the copy at it; then the engine
 * runs the shadow.  The guest can change nothing that runs after the
 * doorbell.
 *
 * The shadow ring holds segments: runs of guest commands, each followed by
 * host commands (a USER_INTERRUPT that makes the core call us back when
 * the segment is done, or NOOPs up to the end of the ring so that no
 * command straddles it; a segment that ends with a guest USER_INTERRUPT
 * needs nothing more).  The status page head of the core context (a shadow
 * ring offset) is translated back through them into the guest's ring
 * offset, RING_HEAD and the head in the guest's status page; a segment
 * completed retires: CMD_COUNT counts its commands, its USER_INTERRUPTs
 * raise the guest's interrupt, its shadows go to the pool
 * (submit_shadow.c).  A span that does not fit (ring space, segments, the
 * shadow budget) is shadowed later, as the engine frees space.
 */
#include <mvgpu/mvgpu_cmd_parser.h>

#include "mvgpu.h"

#define VSUB_RING		MVGPU_CTX_RING_BYTES
/* The longest ring command the shadow ring takes (and a USER_INTERRUPT). */
#define VSUB_CMD_MAX		(VSUB_RING - 8)

/* For messages: the mdev (none in KUnit's fake vGPUs). */
static struct device *vsub_log_dev(struct mvgpu_vsub *sub)
{
	return sub->vgpu->mdev ? &sub->vgpu->mdev->dev : NULL;
}

static u32 ring_dist(u32 to, u32 from)
{
	return (to - from) & (VSUB_RING - 1);
}

static struct mvgpu_vsub_seg *seg_at(const struct mvgpu_vsub_engine *se,
				     unsigned int i)
{
	return (struct mvgpu_vsub_seg *)&se->segs[(se->first + i) %
						  MVGPU_VSUB_SEGS];
}

/**
 * mvgpu_vsub_seg_guest() - translate a shadow ring offset to the guest's
 * @se: the engine
 * @h: an offset in the shadow ring (the status page head, or a faulting
 *	command's)
 * @done: set to the number of segments, oldest first, that @h is past
 *
 * An offset outside the segments in flight (a head left over from before a
 * restart) counts as their start.
 *
 * Return: the guest ring offset of @h: inside a segment's guest commands,
 * the same command; inside its host commands, the end of its guest ones.
 */
u32 mvgpu_vsub_seg_guest(const struct mvgpu_vsub_engine *se, u32 h,
			 unsigned int *done)
{
	const struct mvgpu_vsub_seg *seg = NULL;
	u32 d, inflight;
	unsigned int i;

	*done = 0;
	if (!se->nsegs)
		return se->head;
	inflight = ring_dist(se->stail, seg_at(se, 0)->sstart);
	d = ring_dist(h, seg_at(se, 0)->sstart);
	if (d > inflight)
		d = 0;
	for (i = 0; i < se->nsegs; i++) {
		seg = seg_at(se, i);
		if (d < seg->slen)
			break;
		d -= seg->slen;
	}
	*done = i;
	if (i == se->nsegs)
		return (seg->gstart + seg->glen) & (se->lsize - 1);
	return (seg->gstart + min(d, seg->glen)) & (se->lsize - 1);
}

/* Bytes free in the shadow ring, keeping head != tail when full. */
static u32 vsub_room(const struct mvgpu_vsub_engine *se)
{
	if (!se->nsegs)
		return VSUB_RING - 4;
	return VSUB_RING - 4 - ring_dist(se->stail, seg_at(se, 0)->sstart);
}

/**
 * mvgpu_vsub_fault_locked() - stop the guest's engine on a fault
 * @sub: the vGPU's submission state
 * @se: the engine
 * @reason: MVGPU_FAULT_*
 * @addr: the guest GPU VA for FAULT_ADDR
 */
void mvgpu_vsub_fault_locked(struct mvgpu_vsub *sub,
			     struct mvgpu_vsub_engine *se, u32 reason, u64 addr)
{
	lockdep_assert_held(&sub->lock);
	mvgpu_vsub_poll_stop_locked(sub, se);
	se->status |= MVGPU_ENG_STATUS_FAULTED;
	se->fault_reason = reason;
	se->fault_addr = addr;
	se->event_ctx_id = se->ctx_id;
	se->reject = false;
	mvgpu_irq_raise_events(sub->vgpu, MVGPU_EVENT_FAULT(se->id));
}

/*
 * The command at the fetch position will not run: the engine stops
 * FAULTED there once the work before it completed (the end of
 * mvgpu_vsub_kick_locked(), or vsub_drained_locked()).  @violation: a
 * submission the host refused (counted, logged, towards the failsafe),
 * else a fault of the guest's own (an unreadable ring page).
 */
static void vsub_refuse_locked(struct mvgpu_vsub *sub,
			       struct mvgpu_vsub_engine *se, u32 reason,
			       u64 addr, const char *why, bool violation)
{
	lockdep_assert_held(&sub->lock);
	if (violation) {
		WRITE_ONCE(sub->rejected, sub->rejected + 1);
		if (se->ctx)
			mvgpu_ctx_rejected(se->ctx, reason, addr);
		sub->violations++;
		dev_warn_ratelimited(vsub_log_dev(sub),
				     "engine %u: submission rejected at %#llx: %s (reason %u)\n",
				     se->id, addr, why, reason);
		if (!sub->failed && sub->violations >= MVGPU_VSUB_FAILSAFE) {
			sub->failed = true;
			dev_err(vsub_log_dev(sub),
				"%u submissions rejected: the vGPU runs nothing more until it is reset\n",
				sub->violations);
		}
	}
	se->reject = true;
	se->reject_reason = reason;
	se->reject_addr = addr;
}

/* Checks the ring registers and status page the engine would start with. */
static int vsub_ring_check(struct mvgpu_vsub *sub, struct mvgpu_vsub_engine *se)
{
	u64 hwsp = mvgpu_vsub_hwsp_addr(se);
	u32 size = se->lsize;

	if (size < SZ_4K || size > SZ_1M || !is_power_of_2(size) ||
	    se->lbase % SZ_4K || se->lbase + size < se->lbase ||
	    se->tail >= size || se->tail % 4) {
		mvgpu_vsub_fault_locked(sub, se, MVGPU_FAULT_RING, se->lbase);
		return -EINVAL;
	}
	if (!mvgpu_vgtt_range_ok(sub->vgpu, se->lbase, size)) {
		vsub_refuse_locked(sub, se, MVGPU_FAULT_REJECTED, se->lbase,
				   "ring outside the vGPU's range", true);
		return -EACCES;
	}
	/* The host writes the head, and reads and writes TAIL and POLL. */
	if ((se->hwsp & MVGPU_HWSP_ENABLE) &&
	    !mvgpu_vgtt_range_ok(sub->vgpu, hwsp,
				 mvgpu_vsub_tail_poll(se) ?
				 MVGPU_HWSP_POLL + 4 : 4)) {
		vsub_refuse_locked(sub, se, MVGPU_FAULT_REJECTED, hwsp,
				   "status page outside the vGPU's range", true);
		return -EACCES;
	}
	return 0;
}

/* The segment commands go into, or NULL when all are in flight. */
static struct mvgpu_vsub_seg *vsub_seg_open(struct mvgpu_vsub_engine *se)
{
	struct mvgpu_vsub_seg *seg;

	if (se->nsegs) {
		seg = seg_at(se, se->nsegs - 1);
		if (!seg->closed)
			return seg;
	}
	if (se->nsegs == MVGPU_VSUB_SEGS)
		return NULL;
	seg = seg_at(se, se->nsegs++);
	memset(seg, 0, sizeof(*seg));
	INIT_LIST_HEAD(&seg->shadows);
	seg->sstart = se->stail;
	seg->gstart = se->fetched;
	return seg;
}

static void vsub_emit(struct mvgpu_vsub_engine *se, struct mvgpu_vsub_seg *seg,
		      u32 cmd)
{
	__le32 *ring = mvgpu_ctx_ring(se->ctx);

	ring[se->stail / 4] = cpu_to_le32(cmd);
	se->stail = (se->stail + 4) & (VSUB_RING - 1);
	seg->slen += 4;
}

/* Ends a segment with a USER_INTERRUPT, or drops it when empty. */
static void vsub_seg_close(struct mvgpu_vsub_engine *se)
{
	struct mvgpu_vsub_seg *seg;

	if (!se->nsegs)
		return;
	seg = seg_at(se, se->nsegs - 1);
	if (seg->closed)
		return;
	if (!seg->slen) {
		se->nsegs--;
		return;
	}
	vsub_emit(se, seg, MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1));
	seg->closed = true;
}

/* NOOPs, then a USER_INTERRUPT, up to the end of the shadow ring. */
static void vsub_seg_pad(struct mvgpu_vsub_engine *se,
			 struct mvgpu_vsub_seg *seg)
{
	while (se->stail != VSUB_RING - 4)
		vsub_emit(se, seg, MVGPU_CMD(MVGPU_OP_NOOP, 0, 1));
	vsub_emit(se, seg, MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1));
	seg->closed = true;
}

/* Copies @bytes of the guest's ring at offset @off, across its wrap. */
static int vsub_read_ring(struct mvgpu_vsub *sub, struct mvgpu_vsub_engine *se,
			  u32 off, void *dst, u32 bytes)
{
	u32 first = min(bytes, se->lsize - off);
	int ret;

	ret = mvgpu_vgtt_read(sub->vgpu, se->lbase + off, dst, first);
	if (ret || first == bytes)
		return ret;
	return mvgpu_vgtt_read(sub->vgpu, se->lbase, dst + first,
			       bytes - first);
}

/* After a failed parse: wait for room, or refuse the command. */
static int vsub_parse_failed(struct mvgpu_vsub *sub,
			     struct mvgpu_vsub_engine *se,
			     struct mvgpu_cmd_parser *p, int ret)
{
	if (ret == -ENOSPC) {
		if (se->nsegs)
			return 1;
		vsub_refuse_locked(sub, se, MVGPU_FAULT_REJECTED, p->fault_addr,
				   "batches over the vGPU's shadow budget", true);
		return -ENOSPC;
	}
	if (ret == -EFAULT) {
		vsub_refuse_locked(sub, se, MVGPU_FAULT_GTT, p->fault_addr,
				   "unreadable batch", false);
		return ret;
	}
	vsub_refuse_locked(sub, se, p->reason ? p->reason : MVGPU_FAULT_REJECTED,
			   p->fault_addr, p->why ? p->why : "refused", true);
	return ret;
}

/* Parses the command copied at the shadow tail and takes it into @seg. */
static int vsub_take(struct mvgpu_vsub *sub, struct mvgpu_vsub_engine *se,
		     struct mvgpu_vsub_seg *seg, u32 hdr, u32 dwords,
		     struct list_head *dead)
{
	__le32 *ring = mvgpu_ctx_ring(se->ctx);
	struct mvgpu_vsub_parse vp = { .sub = sub };
	struct mvgpu_cmd_parser p;
	u32 bytes = dwords * 4;
	int ret;

	INIT_LIST_HEAD(&vp.shadows);
	mvgpu_cmd_parser_init(&p, &mvgpu_vsub_parser_ops, &vp);
	p.range_va = (u64)sub->vgpu->gtt_base * MVGPU_GTT_PAGE_SIZE;
	p.range_len = (u64)sub->vgpu->gtt_count * MVGPU_GTT_PAGE_SIZE;
	p.stage = mvgpu_vsub_stage(sub);
	p.stage_dwords = p.stage ? MVGPU_CMD_STAGE_DWORDS : 0;
	ret = mvgpu_cmd_parse_ring(&p, (u32 *)&ring[se->stail / 4], dwords,
				   se->lbase, se->lsize, se->fetched);
	WRITE_ONCE(sub->bytes_scanned, sub->bytes_scanned + p.bytes);
	if (!ret)
		ret = mvgpu_vsub_commit_shadows(sub, &vp, seg);
	if (ret) {
		list_splice_tail_init(&vp.shadows, dead);
		return vsub_parse_failed(sub, se, &p, ret);
	}
	seg->cmds += p.cmds;
	seg->user_interrupts += p.user_interrupts;
	seg->glen += bytes;
	seg->slen += bytes;
	se->stail = (se->stail + bytes) & (VSUB_RING - 1);
	se->fetched = (se->fetched + bytes) & (se->lsize - 1);
	if (MVGPU_CMD_OPCODE(hdr) == MVGPU_OP_USER_INTERRUPT)
		seg->closed = true;
	return 0;
}

/*
 * Shadows the command at the fetch position.  Return: 0 when it was
 * taken, 1 when it must wait for room, < 0 when the engine stops there.
 */
static int vsub_fetch_one(struct mvgpu_vsub *sub, struct mvgpu_vsub_engine *se,
			  struct list_head *dead)
{
	__le32 *ring;
	u32 avail = (se->tail - se->fetched) & (se->lsize - 1);
	u64 va = se->lbase + se->fetched;
	struct mvgpu_vsub_seg *seg;
	u32 hdr, len, dwords;
	__le32 raw;

	if (mvgpu_vgtt_read(sub->vgpu, va, &raw, 4)) {
		vsub_refuse_locked(sub, se, MVGPU_FAULT_GTT, va,
				   "unreadable ring", false);
		return -EFAULT;
	}
	hdr = le32_to_cpu(raw);
	len = mvgpu_cmd_parse_length(hdr);
	/* The parser faults a bad header, or a command past the tail. */
	dwords = len ? min(len, avail / 4) : 1;
	if (dwords * 4 > VSUB_CMD_MAX) {
		vsub_refuse_locked(sub, se, MVGPU_FAULT_REJECTED, va,
				   "command longer than the shadow ring", true);
		return -E2BIG;
	}
	seg = vsub_seg_open(se);
	if (!seg)
		return 1;
	if (dwords * 4 > VSUB_RING - se->stail) {
		if (vsub_room(se) < VSUB_RING - se->stail)
			return 1;
		vsub_seg_pad(se, seg);
		return 0;
	}
	if (vsub_room(se) < dwords * 4 + 4)
		return 1;
	ring = mvgpu_ctx_ring(se->ctx);
	if (vsub_read_ring(sub, se, se->fetched, &ring[se->stail / 4],
			   dwords * 4)) {
		vsub_refuse_locked(sub, se, MVGPU_FAULT_GTT, va,
				   "unreadable ring", false);
		return -EFAULT;
	}
	return vsub_take(sub, se, seg, hdr, dwords, dead);
}

static bool vsub_runnable(struct mvgpu_vsub_engine *se)
{
	return se->ctx && (se->ring_ctl & MVGPU_RING_ENABLE) &&
	       !(se->status & (MVGPU_ENG_STATUS_FAULTED |
			       MVGPU_ENG_STATUS_PREEMPTED)) &&
	       !se->reject && !(se->control & MVGPU_ENG_CTL_PREEMPT);
}

/**
 * mvgpu_vsub_kick_locked() - shadow and submit what the guest's ring holds
 * @sub: the vGPU's submission state
 * @se: the engine
 * @dead: shadows to free (mvgpu_vsub_shadows_free()) once the lock is
 *	dropped
 *
 * Called for the doorbell, and as the engine frees space when the span
 * did not fit.
 *
 * Return: true when commands went to the engine.
 */
bool mvgpu_vsub_kick_locked(struct mvgpu_vsub *sub,
			    struct mvgpu_vsub_engine *se,
			    struct list_head *dead)
{
	u32 start = se->stail;
	unsigned int nsegs = se->nsegs;
	bool queued = false;

	lockdep_assert_held(&sub->lock);
	if (!vsub_runnable(se) || se->fetched == se->tail)
		return false;
	if (sub->failed) {
		vsub_refuse_locked(sub, se, MVGPU_FAULT_REJECTED,
				   se->lbase + se->fetched,
				   "the vGPU failed: reset it", false);
		WRITE_ONCE(sub->rejected, sub->rejected + 1);
		mvgpu_ctx_rejected(se->ctx, MVGPU_FAULT_REJECTED,
				   se->lbase + se->fetched);
		goto out;
	}
	if (vsub_ring_check(sub, se))
		goto out;
	while (se->fetched != se->tail) {
		if (vsub_fetch_one(sub, se, dead))
			break;
	}
	vsub_seg_close(se);
	if (se->stail != start || se->nsegs != nsegs) {
		mvgpu_ctx_submit(se->ctx, se->stail);
		queued = true;
	}
	/* Busy: the guest may publish its next tails without a trap. */
	if (se->nsegs)
		mvgpu_vsub_poll_arm_locked(sub, se);
out:
	/* Refused with nothing before it in flight: stop at once. */
	if (se->reject && !se->nsegs)
		mvgpu_vsub_fault_locked(sub, se, se->reject_reason,
					se->reject_addr);
	return queued;
}

static void vsub_write_hwsp(struct mvgpu_vsub *sub,
			    struct mvgpu_vsub_engine *se)
{
	__le32 head = cpu_to_le32(se->head);

	if (se->hwsp & MVGPU_HWSP_ENABLE)
		mvgpu_vgtt_write(sub->vgpu, mvgpu_vsub_hwsp_addr(se) +
				 MVGPU_HWSP_HEAD, &head, 4);
}

/**
 * mvgpu_vsub_control_done_locked() - complete the CONTROL requests that
 * waited for the engine to drain
 * @sub: the vGPU's submission state
 * @se: the engine, with nothing in flight
 *
 * PREEMPT stops the engine (PREEMPTED, and its event); RESUME, after it,
 * leaves PREEMPTED.
 */
void mvgpu_vsub_control_done_locked(struct mvgpu_vsub *sub,
				    struct mvgpu_vsub_engine *se)
{
	if (se->control & MVGPU_ENG_CTL_PREEMPT) {
		se->control &= ~MVGPU_ENG_CTL_PREEMPT;
		se->status |= MVGPU_ENG_STATUS_PREEMPTED;
		se->event_ctx_id = se->ctx_id;
		mvgpu_irq_raise_events(sub->vgpu,
				       MVGPU_EVENT_PREEMPTED(se->id));
	}
	if (se->control & MVGPU_ENG_CTL_RESUME) {
		se->control &= ~MVGPU_ENG_CTL_RESUME;
		se->status &= ~MVGPU_ENG_STATUS_PREEMPTED;
	}
}

/* The engine drained: carry out what waited for it. */
static void vsub_drained_locked(struct mvgpu_vsub *sub,
				struct mvgpu_vsub_engine *se)
{
	if (se->reject)
		mvgpu_vsub_fault_locked(sub, se, se->reject_reason,
					se->reject_addr);
	mvgpu_vsub_control_done_locked(sub, se);
}

/**
 * mvgpu_vsub_update_locked() - follow the engine's progress
 * @sub: the vGPU's submission state
 * @se: the engine
 *
 * Retires the segments the status page head is past: CMD_COUNT, the
 * guest's head (RING_HEAD, its status page) and user interrupt follow;
 * their shadows go to the pool.
 */
void mvgpu_vsub_update_locked(struct mvgpu_vsub *sub,
			      struct mvgpu_vsub_engine *se)
{
	struct mvgpu_vsub_seg *seg;
	unsigned int done, i;
	u32 head, uis = 0;

	lockdep_assert_held(&sub->lock);
	if (!se->ctx || !se->nsegs)
		return;
	head = mvgpu_vsub_seg_guest(se, mvgpu_ctx_hwsp_read(se->ctx,
							    MVGPU_HWSP_HEAD),
				    &done);
	for (i = 0; i < done; i++) {
		seg = seg_at(se, 0);
		se->cmd_count += seg->cmds;
		uis += seg->user_interrupts;
		/* The engine is past them: reusable as they are. */
		list_splice_tail_init(&seg->shadows, &sub->pool);
		se->first = (se->first + 1) % MVGPU_VSUB_SEGS;
		se->nsegs--;
	}
	if (head != se->head) {
		se->head = head;
		vsub_write_hwsp(sub, se);
	}
	if (uis)
		mvgpu_irq_raise(sub->vgpu, MVGPU_INT_ENGINE_USER(se->id));
	if (!se->nsegs)
		vsub_drained_locked(sub, se);
}

/**
 * mvgpu_vsub_head_locked() - the guest's RING_HEAD now
 * @se: the engine
 *
 * Return: the guest ring offset of the command the engine is at.
 */
u32 mvgpu_vsub_head_locked(struct mvgpu_vsub_engine *se)
{
	unsigned int done;

	if (!se->ctx || !se->nsegs)
		return se->head;
	return mvgpu_vsub_seg_guest(se, mvgpu_ctx_hwsp_read(se->ctx,
							    MVGPU_HWSP_HEAD),
				    &done);
}

/**
 * mvgpu_vsub_drop_locked() - forget the work in flight
 * @sub: the vGPU's submission state
 * @se: the engine, its context off the engine with an empty ring at
 *	offset 0 (after a fault, mvgpu_ctx_restart()), or gone
 * @dead: gets the shadows
 */
void mvgpu_vsub_drop_locked(struct mvgpu_vsub *sub,
			    struct mvgpu_vsub_engine *se,
			    struct list_head *dead)
{
	lockdep_assert_held(&sub->lock);
	while (se->nsegs) {
		list_splice_tail_init(&seg_at(se, 0)->shadows, dead);
		se->first = (se->first + 1) % MVGPU_VSUB_SEGS;
		se->nsegs--;
	}
	se->first = 0;
	se->stail = 0;
	se->reject = false;
	if (se->ctx)
		mvgpu_ctx_hwsp_write(se->ctx, MVGPU_HWSP_HEAD, 0);
}

/**
 * mvgpu_vsub_translate() - a fault address, translated to the guest's
 * @se: the engine, its segments still in flight
 * @addr: a GPU VA in the shadow ring or a batch shadow, or any other
 *
 * Return: the guest GPU VA of the same command (or @addr when it is not
 * the host's).
 */
u64 mvgpu_vsub_translate(struct mvgpu_vsub_engine *se, u64 addr)
{
	u64 ring = mvgpu_ctx_hwsp_va(se->ctx) - VSUB_RING;
	struct mvgpu_vsub_shadow *sh;
	unsigned int i, done;

	if (addr >= ring && addr < ring + VSUB_RING)
		return se->lbase + mvgpu_vsub_seg_guest(se, addr - ring, &done);
	for (i = 0; i < se->nsegs; i++) {
		list_for_each_entry(sh, &seg_at(se, i)->shadows, link) {
			if (addr < sh->gpu_va || addr >= sh->gpu_va + sh->bytes)
				continue;
			if (sh->guest_va == U64_MAX)
				return se->lbase + se->head;
			return sh->guest_va + (addr - sh->gpu_va);
		}
	}
	return addr;
}
