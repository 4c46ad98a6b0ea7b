/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduling policy of one engine: which context runs next, and for
 * how long.  Pure C with no kernel objects and no locks (the caller holds
 * the engine's lock), so that it also builds in userspace; step 5 replaces
 * the round robin below with weighted time slices behind the same ops.
 */
#ifndef MVGPU_SCHED_POLICY_H
#define MVGPU_SCHED_POLICY_H

#include <linux/types.h>

/* The time slice of the round robin policy. */
#define MVGPU_SCHED_SLICE_NS	(4ULL * 1000 * 1000)

/**
 * struct mvgpu_sched_entity - what the policy knows of one context
 * @next: next in the run queue
 * @queued: in the run queue
 * @runtime_ns: engine time charged to it
 * @weight: its weight, MVGPU_SCHED_WEIGHT_MIN..MAX (set by the core)
 * @cap: percent of the engine it may use at most, 0 for no cap (set by the
 *	core)
 */
struct mvgpu_sched_entity {
	struct mvgpu_sched_entity *next;
	bool queued;
	u64 runtime_ns;
	u32 weight;
	u32 cap;
};

/**
 * struct mvgpu_sched_rq - a run queue of entities with work
 * @head: first to run
 * @tail: last queued
 * @nr: entities queued
 */
struct mvgpu_sched_rq {
	struct mvgpu_sched_entity *head;
	struct mvgpu_sched_entity *tail;
	unsigned int nr;
};

/**
 * struct mvgpu_sched_policy_ops - a scheduling policy
 * @enqueue: @e has work and is not on the engine; no-op when queued
 * @dequeue: @e has no work any more, or goes away; no-op when not queued
 * @pick_next: remove and return the entity to run next, or NULL
 * @charge: @e ran for @ns
 * @slice_ns: how long @e may run while others wait
 */
struct mvgpu_sched_policy_ops {
	void (*enqueue)(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e);
	void (*dequeue)(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e);
	struct mvgpu_sched_entity *(*pick_next)(struct mvgpu_sched_rq *rq);
	void (*charge)(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e,
		       u64 ns);
	u64 (*slice_ns)(struct mvgpu_sched_rq *rq,
			const struct mvgpu_sched_entity *e);
};

extern const struct mvgpu_sched_policy_ops mvgpu_sched_rr_ops;

#endif /* MVGPU_SCHED_POLICY_H */
