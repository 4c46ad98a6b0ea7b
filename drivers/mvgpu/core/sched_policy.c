// SPDX-License-Identifier: GPL-2.0-only
/*
 * Weighted fair time slices with caps: the policy behind struct
 * mvgpu_sched_policy_ops (see sched_policy.h).  Pure C, no locks.
 *
 * The run queue is a FIFO list scanned for the least vruntime: an engine
 * has tens of contexts with work at most (64 vGPUs and a few render
 * clients), and a scan per time slice costs less than the switch.
 */
#include <linux/math64.h>

#include "sched_policy.h"

static u64 sched_div(u64 a, u32 b)
{
	u32 rem;

	return div_u64_rem(a, b, &rem);
}

/* a before b, modulo 2^64 */
static bool vt_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

static u32 ent_weight(const struct mvgpu_sched_entity *e)
{
	return e->weight ? e->weight : 1;
}

/*
 * Budgets are in ns times percent: time accrues at cap, engine time costs
 * 100, no rounding.  At most cap percent of the window is banked.
 */
static s64 cap_burst(const struct mvgpu_sched_rq *rq,
		     const struct mvgpu_sched_entity *e)
{
	return rq->window_ns * e->cap;
}

/* Adds what accrued since the last refill (cap percent of wall time). */
static void cap_refill(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e,
		       u64 now)
{
	u64 dt;
	s64 burst;

	if (!e->cap) {
		e->budget = 0;
		e->budget_stamp = now;
		e->throttled = false;
		return;
	}
	burst = cap_burst(rq, e);
	dt = now > e->budget_stamp ? now - e->budget_stamp : 0;
	/* Over 18 minutes any debt is paid; no overflow below. */
	if (dt > 1ULL << 40)
		dt = 1ULL << 40;
	e->budget += dt * e->cap;
	if (e->budget > burst)
		e->budget = burst;
	e->budget_stamp = now;
	e->throttled = e->budget < 0;
}

static bool wfq_eligible(struct mvgpu_sched_rq *rq,
			 struct mvgpu_sched_entity *e, u64 now)
{
	cap_refill(rq, e, now);
	return !e->throttled;
}

/* Raises min_vruntime to the least vruntime of curr and eligible queued. */
static void update_min_vruntime(struct mvgpu_sched_rq *rq)
{
	struct mvgpu_sched_entity *e;
	bool any = false;
	u64 min = 0;

	if (rq->curr && !rq->curr->throttled) {
		min = rq->curr->vruntime;
		any = true;
	}
	for (e = rq->head; e; e = e->next) {
		if (e->throttled)
			continue;
		if (!any || vt_before(e->vruntime, min))
			min = e->vruntime;
		any = true;
	}
	if (any && vt_before(rq->min_vruntime, min))
		rq->min_vruntime = min;
}

static void wfq_init(struct mvgpu_sched_rq *rq, u64 slice_ns)
{
	*rq = (struct mvgpu_sched_rq){ };
	rq->slice_ns = slice_ns;
	rq->window_ns = MVGPU_SCHED_CAP_WINDOW_NS;
}

static void wfq_enqueue(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e,
			u64 now)
{
	if (e->queued)
		return;
	if (rq->curr == e) {
		/* Preempted: keeps its vruntime. */
		rq->curr = NULL;
	} else {
		/* Woken: no credit from its sleep. */
		update_min_vruntime(rq);
		if (vt_before(e->vruntime, rq->min_vruntime))
			e->vruntime = rq->min_vruntime;
	}
	cap_refill(rq, e, now);
	e->next = NULL;
	if (rq->tail)
		rq->tail->next = e;
	else
		rq->head = e;
	rq->tail = e;
	e->queued = true;
	rq->nr++;
}

static void rq_unlink(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e)
{
	struct mvgpu_sched_entity **p, *prev = NULL;

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

static void wfq_dequeue(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e)
{
	if (rq->curr == e)
		rq->curr = NULL;
	if (e->queued)
		rq_unlink(rq, e);
}

/* The eligible queued entity with the least vruntime, first queued on ties. */
static struct mvgpu_sched_entity *rq_best(struct mvgpu_sched_rq *rq, u64 now)
{
	struct mvgpu_sched_entity *e, *best = NULL;

	for (e = rq->head; e; e = e->next) {
		if (!wfq_eligible(rq, e, now))
			continue;
		if (!best || vt_before(e->vruntime, best->vruntime))
			best = e;
	}
	return best;
}

static struct mvgpu_sched_entity *wfq_pick_next(struct mvgpu_sched_rq *rq,
						u64 now)
{
	struct mvgpu_sched_entity *e = rq_best(rq, now);

	if (!e)
		return NULL;
	rq_unlink(rq, e);
	/*
	 * Back from a throttle (left out of min_vruntime meanwhile): no
	 * credit from the time it could not run.  An entity never throttled
	 * is at min_vruntime or past it.
	 */
	if (vt_before(e->vruntime, rq->min_vruntime))
		e->vruntime = rq->min_vruntime;
	rq->curr = e;
	update_min_vruntime(rq);
	return e;
}

static void wfq_charge(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e,
		       u64 ran_ns, u64 busy_ns, u64 now)
{
	e->runtime_ns += ran_ns;
	e->busy_ns += busy_ns;
	e->vruntime += sched_div(ran_ns * MVGPU_SCHED_VT_SCALE, ent_weight(e));
	cap_refill(rq, e, now);
	if (e->cap)
		e->budget -= busy_ns * 100;
	e->throttled = e->budget < 0;
	update_min_vruntime(rq);
}

static bool wfq_should_preempt(struct mvgpu_sched_rq *rq,
			       struct mvgpu_sched_entity *e, u64 now)
{
	struct mvgpu_sched_entity *best;

	if (!wfq_eligible(rq, e, now))
		return true;
	best = rq_best(rq, now);
	/* On a tie the other goes: round robin among equals. */
	return best && !vt_before(e->vruntime, best->vruntime);
}

static u64 wfq_slice_ns(struct mvgpu_sched_rq *rq,
			struct mvgpu_sched_entity *e, u64 now)
{
	u64 left, slice = rq->slice_ns;

	if (!e->cap)
		return slice;
	cap_refill(rq, e, now);
	/* Up to the end of its budget, to overshoot it by little. */
	left = e->budget > 0 ? sched_div(e->budget, 100) : 0;
	if (left < slice)
		slice = left > MVGPU_SCHED_SLICE_MIN_NS ? left :
			MVGPU_SCHED_SLICE_MIN_NS;
	return slice;
}

static u64 wfq_next_eligible(struct mvgpu_sched_rq *rq, u64 now)
{
	struct mvgpu_sched_entity *e;
	u64 t, first = 0;

	for (e = rq->head; e; e = e->next) {
		if (wfq_eligible(rq, e, now))
			return now;
		/* Throttled: the budget is back at 0 after debt / cap. */
		t = e->budget_stamp + sched_div((u64)-e->budget + e->cap - 1,
						e->cap);
		if (!first || t < first)
			first = t;
	}
	return first;
}

const struct mvgpu_sched_policy_ops mvgpu_sched_wfq_ops = {
	.init = wfq_init,
	.enqueue = wfq_enqueue,
	.dequeue = wfq_dequeue,
	.pick_next = wfq_pick_next,
	.charge = wfq_charge,
	.eligible = wfq_eligible,
	.should_preempt = wfq_should_preempt,
	.slice_ns = wfq_slice_ns,
	.next_eligible = wfq_next_eligible,
};
