// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the round robin scheduling policy (core/sched_policy.c).
 */
#include <kunit/test.h>

#include "../sched_policy.h"

static const struct mvgpu_sched_policy_ops *rr = &mvgpu_sched_rr_ops;

/* Entities come out in the order they went in, each once. */
static void mvgpu_test_sched_policy_fifo_order(struct kunit *test)
{
	struct mvgpu_sched_entity e[4] = { };
	struct mvgpu_sched_rq rq = { };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(e); i++)
		rr->enqueue(&rq, &e[i]);
	rr->enqueue(&rq, &e[1]);	/* queued already: no-op */
	KUNIT_EXPECT_EQ(test, rq.nr, 4u);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		KUNIT_EXPECT_PTR_EQ(test, rr->pick_next(&rq), &e[i]);
		KUNIT_EXPECT_FALSE(test, e[i].queued);
	}
	KUNIT_EXPECT_NULL(test, rr->pick_next(&rq));
	KUNIT_EXPECT_EQ(test, rq.nr, 0u);
}

/* Dequeue from the head, the middle and the tail keeps the queue intact. */
static void mvgpu_test_sched_policy_dequeue(struct kunit *test)
{
	struct mvgpu_sched_entity e[4] = { };
	struct mvgpu_sched_rq rq = { };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(e); i++)
		rr->enqueue(&rq, &e[i]);
	rr->dequeue(&rq, &e[0]);
	rr->dequeue(&rq, &e[2]);
	rr->dequeue(&rq, &e[3]);
	rr->dequeue(&rq, &e[3]);	/* not queued: no-op */
	KUNIT_EXPECT_EQ(test, rq.nr, 1u);
	rr->enqueue(&rq, &e[3]);	/* the tail was fixed up */
	KUNIT_EXPECT_PTR_EQ(test, rr->pick_next(&rq), &e[1]);
	KUNIT_EXPECT_PTR_EQ(test, rr->pick_next(&rq), &e[3]);
	KUNIT_EXPECT_NULL(test, rr->pick_next(&rq));
}

/* Round robin: a preempted entity goes behind the others; time is charged. */
static void mvgpu_test_sched_policy_round_robin(struct kunit *test)
{
	struct mvgpu_sched_entity e[3] = { }, *cur;
	struct mvgpu_sched_rq rq = { };
	unsigned int i, runs[3] = { };

	for (i = 0; i < ARRAY_SIZE(e); i++)
		rr->enqueue(&rq, &e[i]);
	for (i = 0; i < 30; i++) {
		cur = rr->pick_next(&rq);
		KUNIT_ASSERT_NOT_NULL(test, cur);
		KUNIT_EXPECT_PTR_EQ(test, cur, &e[i % 3]);
		runs[cur - e]++;
		rr->charge(&rq, cur, rr->slice_ns(&rq, cur));
		rr->enqueue(&rq, cur);
	}
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		KUNIT_EXPECT_EQ(test, runs[i], 10u);
		KUNIT_EXPECT_EQ(test, e[i].runtime_ns, 10 * MVGPU_SCHED_SLICE_NS);
	}
}

static struct kunit_case mvgpu_sched_policy_cases[] = {
	KUNIT_CASE(mvgpu_test_sched_policy_fifo_order),
	KUNIT_CASE(mvgpu_test_sched_policy_dequeue),
	KUNIT_CASE(mvgpu_test_sched_policy_round_robin),
	{}
};

static struct kunit_suite mvgpu_sched_policy_suite = {
	.name = "mvgpu_sched_policy",
	.test_cases = mvgpu_sched_policy_cases,
};

kunit_test_suite(mvgpu_sched_policy_suite);
