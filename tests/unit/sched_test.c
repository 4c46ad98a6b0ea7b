// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduling policy (drivers/mvgpu/core/sched_policy.c) on a simulated
 * clock: a model of the core's engine loop (core/sched.c: slice timer,
 * preemption at the slice's end, cap timer, contexts running out of work)
 * drives the policy the way the kernel does, with every client busy unless
 * a test says otherwise.  Shares are engine time over simulated time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
typedef __s64 s64;

#include "../../drivers/mvgpu/core/sched_policy.c"
#include "harness.h"

#define MS	(1000ULL * 1000)
#define MAX_CLIENTS	64

static const struct mvgpu_sched_policy_ops *pol = &mvgpu_sched_wfq_ops;

struct client {
	struct mvgpu_sched_entity e;
	bool busy;		/* has work */
	u64 got;		/* engine time */
	u64 wait_start;		/* when it last got queued */
	u64 max_wait;		/* longest time queued */
	u64 runs;
};

struct sim {
	struct mvgpu_sched_rq rq;
	struct client c[MAX_CLIENTS];
	unsigned int n;
	struct client *cur;
	u64 now;
	u64 slice_end;		/* the slice timer, 0 when not armed */
	u64 idle;		/* engine time nobody ran */
	u64 switches;
	u64 overrun;		/* a switch comes up to this late */
	u64 seed;
};

/* How late this switch comes: the next chunk boundary, the worker. */
static u64 sim_overrun(struct sim *s)
{
	if (!s->overrun)
		return 0;
	s->seed = s->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (s->seed >> 33) % (s->overrun + 1);
}

static struct client *ent_client(struct mvgpu_sched_entity *e)
{
	return (struct client *)((char *)e - offsetof(struct client, e));
}

static void sim_init(struct sim *s, unsigned int n, u64 slice)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	pol->init(&s->rq, slice);
	s->n = n;
	for (i = 0; i < n; i++)
		s->c[i].e.weight = 1;
}

static void sim_queue(struct sim *s, struct client *c)
{
	pol->enqueue(&s->rq, &c->e, s->now);
	c->wait_start = s->now;
}

/* A client gets work (mvgpu_ctx_submit()) or loses it. */
static void sim_set_busy(struct sim *s, unsigned int i, bool busy)
{
	struct client *c = &s->c[i];

	if (c->busy == busy)
		return;
	c->busy = busy;
	if (busy) {
		sim_queue(s, c);
		return;
	}
	if (s->cur != c) {
		pol->dequeue(&s->rq, &c->e);
		return;
	}
	/* Ran out of work on the engine: it leaves at the next look. */
}

static void sim_put_on(struct sim *s, struct client *c)
{
	u64 wait = s->now - c->wait_start;

	if (wait > c->max_wait)
		c->max_wait = wait;
	c->runs++;
	s->cur = c;
	s->switches++;
}

/*
 * Runs the engine until @until: what mvgpu_engine_schedule_locked() does
 * at each event, with the engine running the current client in between.
 */
static void sim_run(struct sim *s, u64 until)
{
	struct mvgpu_sched_entity *e;
	struct client *c;
	u64 t, dt;
	bool contended;

	while (s->now < until) {
		if (!s->cur) {
			s->slice_end = 0;
			e = pol->pick_next(&s->rq, s->now);
			if (!e) {
				/* Idle, or only throttled ones: the cap timer. */
				t = s->rq.nr ? pol->next_eligible(&s->rq, s->now) : 0;
				if (!t || t > until)
					t = until;
				if (t <= s->now)
					t = s->now + 1;
				s->idle += t - s->now;
				s->now = t;
				continue;
			}
			sim_put_on(s, ent_client(e));
		}
		c = s->cur;
		if (!s->slice_end && (s->rq.nr || c->e.cap))
			s->slice_end = s->now + pol->slice_ns(&s->rq, &c->e,
							      s->now);
		if (s->slice_end)
			s->slice_end += sim_overrun(s);
		t = s->slice_end ? s->slice_end : until;
		if (t > until)
			t = until;
		dt = t - s->now;
		contended = s->rq.nr;
		s->now = t;
		c->got += dt;
		pol->charge(&s->rq, &c->e, contended ? dt : 0, dt, s->now);
		if (!c->busy) {
			pol->dequeue(&s->rq, &c->e);
			s->cur = NULL;
			continue;
		}
		if (!s->slice_end || s->now < s->slice_end)
			continue;	/* stopped at @until */
		s->slice_end = 0;
		if (!pol->should_preempt(&s->rq, &c->e, s->now))
			continue;
		sim_queue(s, c);
		s->cur = NULL;
	}
}

/* Engine time of each client over a phase. */
static void sim_snap(struct sim *s, u64 *got)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		got[i] = s->c[i].got;
}

static double share(u64 got, u64 total)
{
	return (double)got / (double)total;
}

static int within(double got, double want, double rel)
{
	double err = got > want ? got - want : want - got;

	return err <= want * rel;
}

/* Busy clients with weights 1:2:4:8 get 1/15, 2/15, 4/15, 8/15 (2 %). */
static void test_weights_1_2_4_8(void)
{
	static struct sim s;
	unsigned int i;
	u64 total = 10000 * MS;

	sim_init(&s, 4, 2 * MS);
	s.overrun = 300 * 1000;	/* up to 0.3 ms late */
	for (i = 0; i < 4; i++) {
		s.c[i].e.weight = 1u << i;
		sim_set_busy(&s, i, true);
	}
	sim_run(&s, total);
	for (i = 0; i < 4; i++) {
		printf("# weight %u: share %.4f, ideal %.4f\n", 1u << i,
		       share(s.c[i].got, total), (double)(1u << i) / 15);
		CHECK(within(share(s.c[i].got, total), (double)(1u << i) / 15,
			     0.02));
	}
	CHECK(s.idle == 0);
}

/* Large weights, the slice's length and ties do not matter. */
static void test_weights_large_and_equal(void)
{
	static const u32 w[] = { 1000, 500, 500, 250, 1 };
	static struct sim s;
	unsigned int i;
	u64 total = 20000 * MS, sum = 2251;

	sim_init(&s, 5, 1 * MS);
	for (i = 0; i < 5; i++) {
		s.c[i].e.weight = w[i];
		sim_set_busy(&s, i, true);
	}
	sim_run(&s, total);
	for (i = 0; i < 5; i++)
		CHECK(within(share(s.c[i].got, total), (double)w[i] / sum,
			     0.02));
	/* Equal weights, equal time. */
	CHECK(s.c[1].got == s.c[2].got || within(share(s.c[1].got, total),
						  share(s.c[2].got, total),
						  0.001));
}

/* A capped client never gets more than its cap, with others busy. */
static void test_cap_under_contention(void)
{
	static struct sim s;
	u64 total = 10000 * MS;

	sim_init(&s, 3, 2 * MS);
	s.overrun = 300 * 1000;
	s.c[0].e.cap = 20;
	s.c[0].e.weight = 8;	/* would get 80 % without its cap */
	sim_set_busy(&s, 0, true);
	sim_set_busy(&s, 1, true);
	sim_set_busy(&s, 2, true);
	sim_run(&s, total);
	printf("# capped 20 %% (weight 8) vs two of weight 1: %.4f %.4f %.4f\n",
	       share(s.c[0].got, total), share(s.c[1].got, total),
	       share(s.c[2].got, total));
	CHECK(share(s.c[0].got, total) <= 0.20 + 0.002);
	CHECK(share(s.c[0].got, total) >= 0.20 - 0.004);
	/* Work-conserving: the others share the rest equally. */
	CHECK(s.idle == 0);
	CHECK(within(share(s.c[1].got, total), 0.40, 0.02));
	CHECK(within(share(s.c[2].got, total), 0.40, 0.02));
}

/* A capped client alone still gets only its cap: the engine idles. */
static void test_cap_alone(void)
{
	static struct sim s;
	u64 total = 10000 * MS, w;
	unsigned int cap;

	for (cap = 5; cap <= 95; cap += 30) {
		sim_init(&s, 1, 2 * MS);
		s.overrun = 500 * 1000;
		s.c[0].e.cap = cap;
		sim_set_busy(&s, 0, true);
		sim_run(&s, total);
		printf("# capped %u %% alone: %.4f\n", cap,
		       share(s.c[0].got, total));
		CHECK(share(s.c[0].got, total) <= cap / 100.0 + 0.002);
		CHECK(share(s.c[0].got, total) >= cap / 100.0 - 0.004);
		/* Over any window no more than cap % plus the window's burst. */
		w = s.c[0].got;
		sim_run(&s, total + 500 * MS);
		CHECK(s.c[0].got - w <= (500 * MS * cap) / 100 +
		      (MVGPU_SCHED_CAP_WINDOW_NS * cap) / 100 + 2 * MS);
	}
}

/* Two capped clients and an uncapped one that comes and goes. */
static void test_cap_mix(void)
{
	static struct sim s;
	u64 got[3], total = 5000 * MS;

	sim_init(&s, 3, 2 * MS);
	s.c[0].e.cap = 30;
	s.c[1].e.cap = 10;
	sim_set_busy(&s, 0, true);
	sim_set_busy(&s, 1, true);
	sim_run(&s, total);
	CHECK(within(share(s.c[0].got, total), 0.30, 0.02));
	CHECK(within(share(s.c[1].got, total), 0.10, 0.03));
	/* The uncapped one takes everything else. */
	sim_snap(&s, got);
	sim_set_busy(&s, 2, true);
	sim_run(&s, 2 * total);
	CHECK(within(share(s.c[0].got - got[0], total), 0.30, 0.02));
	CHECK(within(share(s.c[1].got - got[1], total), 0.10, 0.03));
	CHECK(within(share(s.c[2].got - got[2], total), 0.60, 0.02));
	/* Removing the cap (0) makes it a weighted client again. */
	sim_snap(&s, got);
	s.c[0].e.cap = 0;
	s.c[1].e.cap = 0;
	sim_run(&s, 3 * total);
	printf("# caps removed: %.4f %.4f %.4f\n",
	       share(s.c[0].got - got[0], total),
	       share(s.c[1].got - got[1], total),
	       share(s.c[2].got - got[2], total));
	CHECK(within(share(s.c[0].got - got[0], total), 1.0 / 3, 0.02));
	CHECK(within(share(s.c[1].got - got[1], total), 1.0 / 3, 0.02));
}

/* 64 clients, mixed weights: each within 2 % of its share, none waits long. */
static void test_no_starvation_64(void)
{
	static struct sim s;
	unsigned int i;
	u64 sum = 0, total = 60000 * MS, maxw = 0;

	sim_init(&s, 64, 2 * MS);
	s.overrun = 100 * 1000;
	for (i = 0; i < 64; i++) {
		s.c[i].e.weight = 1 + (i % 8) * 3;
		sum += s.c[i].e.weight;
		sim_set_busy(&s, i, true);
	}
	sim_run(&s, total);
	for (i = 0; i < 64; i++) {
		CHECK(s.c[i].runs > 0);
		CHECK(within(share(s.c[i].got, total),
			     (double)s.c[i].e.weight / sum, 0.02));
		if (s.c[i].max_wait > maxw)
			maxw = s.c[i].max_wait;
	}
	printf("# 64 clients: longest wait %llu ms\n",
	       (unsigned long long)(maxw / MS));
	/*
	 * A weight-1 client waits at most for everyone else's share of a
	 * round in which it gets one slice (sum slices), each of the others
	 * up to one slice ahead of its share (64 more).
	 */
	CHECK(maxw <= (sum + 64) * 2 * MS + (sum + 64) * s.overrun);
}

/* A client that slept does not bank credit; one that leaves frees its share. */
static void test_join_leave(void)
{
	static struct sim s;
	u64 got[3];

	sim_init(&s, 3, 2 * MS);
	sim_set_busy(&s, 0, true);
	sim_set_busy(&s, 1, true);
	sim_run(&s, 5000 * MS);
	CHECK(within(share(s.c[0].got, 5000 * MS), 0.5, 0.02));
	/* C joins after 5 s of sleep: a third each, from its first 100 ms. */
	sim_snap(&s, got);
	sim_set_busy(&s, 2, true);
	sim_run(&s, 5100 * MS);
	printf("# joiner's first 100 ms: %.3f %.3f %.3f\n",
	       share(s.c[0].got - got[0], 100 * MS),
	       share(s.c[1].got - got[1], 100 * MS),
	       share(s.c[2].got - got[2], 100 * MS));
	CHECK(share(s.c[2].got - got[2], 100 * MS) <= 0.34 + 0.03);
	sim_snap(&s, got);
	sim_run(&s, 8100 * MS);
	CHECK(within(share(s.c[2].got - got[2], 3000 * MS), 1.0 / 3, 0.02));
	/* A leaves: B and C split the engine. */
	sim_set_busy(&s, 0, false);
	sim_snap(&s, got);
	sim_run(&s, 11100 * MS);
	CHECK(s.c[0].got - got[0] <= 2 * MS);
	CHECK(within(share(s.c[1].got - got[1], 3000 * MS), 0.5, 0.02));
	CHECK(within(share(s.c[2].got - got[2], 3000 * MS), 0.5, 0.02));
	/* A comes back after 3 s idle and gets a third, not a burst. */
	sim_set_busy(&s, 0, true);
	sim_snap(&s, got);
	sim_run(&s, 11400 * MS);
	CHECK(share(s.c[0].got - got[0], 300 * MS) <= 1.0 / 3 + 0.03);
	/* Many short sleeps do not add up to credit either. */
	sim_snap(&s, got);
	for (unsigned int k = 0; k < 1000; k++) {
		sim_set_busy(&s, 0, k & 1);
		sim_run(&s, s.now + 3 * MS);
	}
	CHECK(s.c[0].got - got[0] <= (3000 * MS) / 3 + 10 * MS);
	CHECK(s.idle == 0);
}

/* Changing a weight mid-run shifts the shares from then on. */
static void test_weight_change(void)
{
	static struct sim s;
	u64 got[2];

	sim_init(&s, 2, 2 * MS);
	sim_set_busy(&s, 0, true);
	sim_set_busy(&s, 1, true);
	sim_run(&s, 4000 * MS);
	CHECK(within(share(s.c[0].got, 4000 * MS), 0.5, 0.02));
	sim_snap(&s, got);
	s.c[0].e.weight = 3;
	sim_run(&s, 8000 * MS);
	printf("# after 1:1 -> 3:1: %.4f %.4f\n",
	       share(s.c[0].got - got[0], 4000 * MS),
	       share(s.c[1].got - got[1], 4000 * MS));
	CHECK(within(share(s.c[0].got - got[0], 4000 * MS), 0.75, 0.02));
	CHECK(within(share(s.c[1].got - got[1], 4000 * MS), 0.25, 0.02));
	sim_snap(&s, got);
	s.c[0].e.weight = 1;
	s.c[1].e.weight = 7;
	sim_run(&s, 12000 * MS);
	CHECK(within(share(s.c[1].got - got[1], 4000 * MS), 0.875, 0.02));
}

/* The queue itself: dequeue anywhere, ties in FIFO order, no double queue. */
static void test_queue_ops(void)
{
	struct mvgpu_sched_entity e[4] = { };
	struct mvgpu_sched_rq rq;
	unsigned int i;

	pol->init(&rq, 2 * MS);
	for (i = 0; i < 4; i++) {
		e[i].weight = 1;
		pol->enqueue(&rq, &e[i], 0);
	}
	pol->enqueue(&rq, &e[1], 0);
	CHECK(rq.nr == 4);
	pol->dequeue(&rq, &e[0]);
	pol->dequeue(&rq, &e[3]);
	pol->dequeue(&rq, &e[3]);
	CHECK(rq.nr == 2);
	pol->enqueue(&rq, &e[3], 0);
	CHECK(pol->pick_next(&rq, 0) == &e[1]);
	CHECK(rq.curr == &e[1]);
	CHECK(pol->pick_next(&rq, 0) == &e[2]);
	CHECK(pol->pick_next(&rq, 0) == &e[3]);
	CHECK(!pol->pick_next(&rq, 0));
	CHECK(rq.nr == 0 && !rq.head && !rq.tail);
	/* Nothing throttled: next_eligible says so. */
	CHECK(pol->next_eligible(&rq, 5) == 0);
}

/* Only throttled clients wait: NULL, and the time the first may run. */
static void test_throttled_wakeup_time(void)
{
	struct mvgpu_sched_entity e = { .weight = 1, .cap = 10 };
	struct mvgpu_sched_rq rq;
	u64 t;

	pol->init(&rq, 2 * MS);
	pol->enqueue(&rq, &e, 0);
	CHECK(pol->pick_next(&rq, 0) == &e);
	/* It ran 4 ms from an empty budget: 40 ms to pay it back at 10 %. */
	pol->charge(&rq, &e, 0, 4 * MS, 0);
	CHECK(pol->should_preempt(&rq, &e, 0));
	pol->enqueue(&rq, &e, 0);
	CHECK(!pol->pick_next(&rq, 0));
	t = pol->next_eligible(&rq, 0);
	CHECK(t == 40 * MS);
	CHECK(!pol->pick_next(&rq, t - 1));
	CHECK(pol->pick_next(&rq, t) == &e);
	/* Its slice ends with its budget. */
	pol->charge(&rq, &e, 0, 0, t + 10 * MS);
	CHECK(pol->slice_ns(&rq, &e, t + 10 * MS) == 1 * MS);
}

int main(void)
{
	printf("TAP version 13\n1..10\n");
	run(test_queue_ops, "sched_queue_ops");
	run(test_weights_1_2_4_8, "sched_weights_1_2_4_8");
	run(test_weights_large_and_equal, "sched_weights_large_and_equal");
	run(test_cap_under_contention, "sched_cap_under_contention");
	run(test_cap_alone, "sched_cap_alone");
	run(test_cap_mix, "sched_cap_mix");
	run(test_no_starvation_64, "sched_no_starvation_64");
	run(test_join_leave, "sched_join_leave");
	run(test_weight_change, "sched_weight_change");
	run(test_throttled_wakeup_time, "sched_throttled_wakeup_time");
	return test_failed ? 1 : 0;
}
