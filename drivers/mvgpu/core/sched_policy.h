/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduling policy of one engine: which context runs next, and for
 * how long.  Pure C with no kernel objects and no locks (the caller holds
 * the engine's lock), so that it also builds in userspace
 * (tests/unit/sched_test.c drives it with a simulated clock).
 *
 * Weighted fair time slices by virtual time: an entity that ran for ns
 * (wall time on the engine while others waited) advances its vruntime by
 * ns * MVGPU_SCHED_VT_SCALE / weight; the eligible entity with the least
 * vruntime runs next.  An entity that gets work starts at no less than the
 * run queue's minimum vruntime, so a sleeper cannot bank credit.
 *
 * Caps: an entity with a cap (percent of the engine) has a budget of
 * engine time, refilled at cap percent of wall time and holding at most
 * cap percent of the window (a token bucket); it is eligible while the
 * budget is not negative.  Engine time (busy_ns) is charged to it whether
 * others wait or not, so a cap holds when it is alone too.  When only
 * capped entities wait, pick_next() returns NULL and next_eligible() says
 * when the first of them may run again.  Otherwise work-conserving.
 *
 * Times are ns of one clock (ktime_get_ns() in the kernel); vruntimes
 * compare modulo 2^64.
 */
#ifndef MVGPU_SCHED_POLICY_H
#define MVGPU_SCHED_POLICY_H

#include <linux/types.h>

/* Default time slice; the core's slice_us module parameter overrides it. */
#define MVGPU_SCHED_SLICE_NS	(2ULL * 1000 * 1000)
#define MVGPU_SCHED_SLICE_MIN_NS	(100ULL * 1000)
#define MVGPU_SCHED_SLICE_MAX_NS	(100ULL * 1000 * 1000)
/* A capped entity's budget holds at most cap percent of this. */
#define MVGPU_SCHED_CAP_WINDOW_NS	(100ULL * 1000 * 1000)
/* vruntime advances by ns * this / weight. */
#define MVGPU_SCHED_VT_SCALE	1024ULL

/**
 * struct mvgpu_sched_entity - what the policy knows of one context
 * @next: next in the run queue
 * @queued: in the run queue
 * @runtime_ns: wall time charged to it (on the engine while others waited)
 * @busy_ns: engine time charged to it
 * @vruntime: its virtual time
 * @budget: capped: engine time it may still use, in ns times percent
 *	(negative: in debt, throttled)
 * @budget_stamp: when @budget was last refilled
 * @throttled: its budget was negative when last looked at
 * @weight: its weight, MVGPU_SCHED_WEIGHT_MIN..MAX (set by the core,
 *	effective at its next charge)
 * @cap: percent of the engine it may use at most, 0 for no cap (set by the
 *	core)
 */
struct mvgpu_sched_entity {
	struct mvgpu_sched_entity *next;
	bool queued;
	u64 runtime_ns;
	u64 busy_ns;
	u64 vruntime;
	s64 budget;
	u64 budget_stamp;
	bool throttled;
	u32 weight;
	u32 cap;
};

/**
 * struct mvgpu_sched_rq - the entities of one engine with work
 * @head: first queued (FIFO among equal vruntimes)
 * @tail: last queued
 * @nr: entities queued
 * @curr: the entity pick_next() returned, until it is queued again or
 *	dequeued
 * @min_vruntime: monotonic lower bound of the vruntimes of @curr and the
 *	eligible queued entities
 * @slice_ns: the time slice, MVGPU_SCHED_SLICE_MIN_NS..MAX_NS
 * @window_ns: the cap window
 */
struct mvgpu_sched_rq {
	struct mvgpu_sched_entity *head;
	struct mvgpu_sched_entity *tail;
	unsigned int nr;
	struct mvgpu_sched_entity *curr;
	u64 min_vruntime;
	u64 slice_ns;
	u64 window_ns;
};

/**
 * struct mvgpu_sched_policy_ops - a scheduling policy
 * @init: set up an empty run queue with the time slice @slice_ns
 * @enqueue: @e has work and is not on the engine; no-op when queued
 * @dequeue: @e has no work any more, goes off the engine without being
 *	queued again, or goes away; no-op when neither queued nor current
 * @pick_next: remove and return the eligible entity to run next (it
 *	becomes current), or NULL when none is eligible
 * @charge: @e, current, ran @ran_ns (wall time on the engine while others
 *	waited: its vruntime) and executed @busy_ns (engine time: its cap)
 * @eligible: whether @e's cap lets it run at @now
 * @should_preempt: @e, current, ended its slice: whether an eligible queued
 *	entity should run before it (or @e is over its cap)
 * @slice_ns: how long @e may run from @now before the core looks again
 * @next_eligible: when the first throttled queued entity may run again,
 *	or 0 when none is throttled
 */
struct mvgpu_sched_policy_ops {
	void (*init)(struct mvgpu_sched_rq *rq, u64 slice_ns);
	void (*enqueue)(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e,
			u64 now);
	void (*dequeue)(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e);
	struct mvgpu_sched_entity *(*pick_next)(struct mvgpu_sched_rq *rq,
						u64 now);
	void (*charge)(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e,
		       u64 ran_ns, u64 busy_ns, u64 now);
	bool (*eligible)(struct mvgpu_sched_rq *rq,
			 struct mvgpu_sched_entity *e, u64 now);
	bool (*should_preempt)(struct mvgpu_sched_rq *rq,
			       struct mvgpu_sched_entity *e, u64 now);
	u64 (*slice_ns)(struct mvgpu_sched_rq *rq,
			struct mvgpu_sched_entity *e, u64 now);
	u64 (*next_eligible)(struct mvgpu_sched_rq *rq, u64 now);
};

extern const struct mvgpu_sched_policy_ops mvgpu_sched_wfq_ops;

#endif /* MVGPU_SCHED_POLICY_H */
