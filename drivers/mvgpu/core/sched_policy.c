// SPDX-License-Identifier: GPL-2.0-only
/*
 * Round robin among the contexts with work, a fixed slice each: the
 * policy behind struct mvgpu_sched_policy_ops.  Pure C, no locks.
 */
#include "sched_policy.h"

static void rr_enqueue(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e)
{
	if (e->queued)
		return;
	e->next = NULL;
	if (rq->tail)
		rq->tail->next = e;
	else
		rq->head = e;
	rq->tail = e;
	e->queued = true;
	rq->nr++;
}

static void rr_dequeue(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e)
{
	struct mvgpu_sched_entity **p, *prev = NULL;

	if (!e->queued)
		return;
	for (p = &rq->head; *p; prev = *p, p = &(*p)->next) {
		if (*p != e)
			continue;
		*p = e->next;
		if (rq->tail == e)
			rq->tail = prev;
		break;
	}
	e->next = NULL;
	e->queued = false;
	rq->nr--;
}

static struct mvgpu_sched_entity *rr_pick_next(struct mvgpu_sched_rq *rq)
{
	struct mvgpu_sched_entity *e = rq->head;

	if (e)
		rr_dequeue(rq, e);
	return e;
}

static void rr_charge(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e,
		      u64 ns)
{
	e->runtime_ns += ns;
}

static u64 rr_slice_ns(struct mvgpu_sched_rq *rq,
		       const struct mvgpu_sched_entity *e)
{
	return MVGPU_SCHED_SLICE_NS;
}

const struct mvgpu_sched_policy_ops mvgpu_sched_rr_ops = {
	.enqueue = rr_enqueue,
	.dequeue = rr_dequeue,
	.pick_next = rr_pick_next,
	.charge = rr_charge,
	.slice_ns = rr_slice_ns,
};
