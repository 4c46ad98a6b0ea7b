// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the scheduling policy (core/sched_policy.c): weighted fair
 * time slices and caps, driven with a simulated clock as the core drives
 * them.  tests/unit/sched_test.c has the longer simulations.
 */
#include <kunit/test.h>

#include "../sched_policy.h"

static const struct mvgpu_sched_policy_ops *pol = &mvgpu_sched_wfq_ops;

#define MS	(1000ULL * 1000)

/* Dequeue anywhere, FIFO among equals, no double queueing. */
static void mvgpu_test_sched_policy_queue(struct kunit *test)
{
	struct mvgpu_sched_entity e[4] = { };
	struct mvgpu_sched_rq rq;
	unsigned int i;

	pol->init(&rq, 2 * MS);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		e[i].weight = 1;
		pol->enqueue(&rq, &e[i], 0);
	}
	pol->enqueue(&rq, &e[1], 0);	/* queued already: no-op */
	KUNIT_EXPECT_EQ(test, rq.nr, 4u);
	pol->dequeue(&rq, &e[0]);
	pol->dequeue(&rq, &e[3]);
	pol->dequeue(&rq, &e[3]);	/* not queued: no-op */
	KUNIT_EXPECT_EQ(test, rq.nr, 2u);
	pol->enqueue(&rq, &e[3], 0);	/* the tail was fixed up */
	KUNIT_EXPECT_PTR_EQ(test, pol->pick_next(&rq, 0), &e[1]);
	KUNIT_EXPECT_PTR_EQ(test, rq.curr, &e[1]);
	KUNIT_EXPECT_PTR_EQ(test, pol->pick_next(&rq, 0), &e[2]);
	KUNIT_EXPECT_PTR_EQ(test, pol->pick_next(&rq, 0), &e[3]);
	KUNIT_EXPECT_NULL(test, pol->pick_next(&rq, 0));
	KUNIT_EXPECT_EQ(test, rq.nr, 0u);
}

/*
 * Runs @n busy entities for @slices slices as the core does: the one on
 * the engine runs a slice, is charged, and goes off when the policy says.
 */
static void sim_busy(struct mvgpu_sched_rq *rq, struct mvgpu_sched_entity *e,
		     unsigned int n, unsigned int slices, u64 *now)
{
	struct mvgpu_sched_entity *cur = NULL;
	unsigned int i;
	u64 s;

	for (i = 0; i < n; i++)
		pol->enqueue(rq, &e[i], *now);
	for (i = 0; i < slices; i++) {
		if (!cur)
			cur = pol->pick_next(rq, *now);
		if (!cur) {
			*now = pol->next_eligible(rq, *now);
			continue;
		}
		s = pol->slice_ns(rq, cur, *now);
		*now += s;
		pol->charge(rq, cur, rq->nr ? s : 0, s, *now);
		if (pol->should_preempt(rq, cur, *now)) {
			pol->enqueue(rq, cur, *now);
			cur = NULL;
		}
	}
	if (cur)
		pol->dequeue(rq, cur);
	for (i = 0; i < n; i++)
		pol->dequeue(rq, &e[i]);
}

/* Weights 1:2:4:8 get 1/15, 2/15, 4/15, 8/15 of the engine, within 2 %. */
static void mvgpu_test_sched_policy_weights(struct kunit *test)
{
	struct mvgpu_sched_entity e[4] = { };
	struct mvgpu_sched_rq rq;
	u64 now = 0, want;
	unsigned int i;

	pol->init(&rq, 2 * MS);
	for (i = 0; i < 4; i++)
		e[i].weight = 1 << i;
	sim_busy(&rq, e, 4, 3000, &now);
	for (i = 0; i < 4; i++) {
		want = div_u64(now * (1 << i), 15);
		KUNIT_EXPECT_LE(test, e[i].busy_ns, want + want / 50);
		KUNIT_EXPECT_GE(test, e[i].busy_ns, want - want / 50);
	}
}

/* A cap holds alone: 25 % of the time, the engine idle otherwise. */
static void mvgpu_test_sched_policy_cap_alone(struct kunit *test)
{
	struct mvgpu_sched_entity e = { .weight = 1, .cap = 25 };
	struct mvgpu_sched_rq rq;
	u64 now = 0;

	pol->init(&rq, 2 * MS);
	sim_busy(&rq, &e, 1, 4000, &now);
	KUNIT_EXPECT_GT(test, now, 0ull);
	KUNIT_EXPECT_LE(test, e.busy_ns, div_u64(now, 4) + 2 * MS);
	KUNIT_EXPECT_GE(test, e.busy_ns, div_u64(now, 4) - 2 * MS -
			MVGPU_SCHED_CAP_WINDOW_NS / 4);
}

/* A cap holds under contention; the uncapped one gets the rest. */
static void mvgpu_test_sched_policy_cap_contended(struct kunit *test)
{
	struct mvgpu_sched_entity e[2] = { { .weight = 100, .cap = 10 },
					   { .weight = 1 } };
	struct mvgpu_sched_rq rq;
	u64 now = 0;

	pol->init(&rq, 2 * MS);
	sim_busy(&rq, e, 2, 5000, &now);
	KUNIT_EXPECT_LE(test, e[0].busy_ns, div_u64(now, 10) + 2 * MS);
	KUNIT_EXPECT_GE(test, e[0].busy_ns, div_u64(now, 10) - 4 * MS);
	KUNIT_EXPECT_EQ(test, e[0].busy_ns + e[1].busy_ns, now);
}

/* Only throttled ones wait: NULL and the time the first may run. */
static void mvgpu_test_sched_policy_throttle_time(struct kunit *test)
{
	struct mvgpu_sched_entity e = { .weight = 1, .cap = 10 };
	struct mvgpu_sched_rq rq;
	u64 t;

	pol->init(&rq, 2 * MS);
	pol->enqueue(&rq, &e, 0);
	KUNIT_EXPECT_PTR_EQ(test, pol->pick_next(&rq, 0), &e);
	pol->charge(&rq, &e, 0, 4 * MS, 0);
	KUNIT_EXPECT_TRUE(test, pol->should_preempt(&rq, &e, 0));
	pol->enqueue(&rq, &e, 0);
	KUNIT_EXPECT_NULL(test, pol->pick_next(&rq, 0));
	t = pol->next_eligible(&rq, 0);
	KUNIT_EXPECT_EQ(test, t, 40 * MS);
	KUNIT_EXPECT_NULL(test, pol->pick_next(&rq, t - 1));
	KUNIT_EXPECT_PTR_EQ(test, pol->pick_next(&rq, t), &e);
}

/* A sleeper starts at the queue's minimum: no credit for its sleep. */
static void mvgpu_test_sched_policy_no_banking(struct kunit *test)
{
	struct mvgpu_sched_entity e[2] = { { .weight = 1 }, { .weight = 1 } };
	struct mvgpu_sched_rq rq;
	u64 now = 0;

	pol->init(&rq, 2 * MS);
	sim_busy(&rq, e, 1, 1000, &now);	/* alone: charged nothing */
	pol->enqueue(&rq, &e[0], now);
	KUNIT_EXPECT_PTR_EQ(test, pol->pick_next(&rq, now), &e[0]);
	pol->charge(&rq, &e[0], 100 * MS, 100 * MS, now + 100 * MS);
	pol->enqueue(&rq, &e[1], now);		/* slept all along */
	KUNIT_EXPECT_EQ(test, e[1].vruntime, e[0].vruntime);
}

static struct kunit_case mvgpu_sched_policy_cases[] = {
	KUNIT_CASE(mvgpu_test_sched_policy_queue),
	KUNIT_CASE(mvgpu_test_sched_policy_weights),
	KUNIT_CASE(mvgpu_test_sched_policy_cap_alone),
	KUNIT_CASE(mvgpu_test_sched_policy_cap_contended),
	KUNIT_CASE(mvgpu_test_sched_policy_throttle_time),
	KUNIT_CASE(mvgpu_test_sched_policy_no_banking),
	{}
};

static struct kunit_suite mvgpu_sched_policy_suite = {
	.name = "mvgpu_sched_policy",
	.test_cases = mvgpu_sched_policy_cases,
};

kunit_test_suite(mvgpu_sched_policy_suite);
