/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The timing harness of the benchmarks (exec_bench.c, parser_bench.c): a
 * monotonic clock and the best rates of a command and of its reference
 * over a few interleaved timed rounds.  Userspace only.
 */
#ifndef MVGPU_BENCH_H
#define MVGPU_BENCH_H

#include <time.h>

/* What is timed: one call handles @arg (bytes, usually). */
typedef void (*bench_fn)(unsigned long long arg);

/* Rounds per rate and the least time of a round: the machine is shared. */
#define BENCH_ROUNDS	7
#define BENCH_ROUND_S	0.02

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The best rates of fn_a(@arg) and fn_b(@arg), their rounds interleaved so
 * that both see the same load on a shared machine: *@a and *@b in bytes
 * per second, @bytes per call.  One untimed call of each first (warm
 * caches, page faults).
 */
static inline void bench_pair(bench_fn fn_a, bench_fn fn_b,
			      unsigned long long arg, double bytes,
			      double *a, double *b)
{
	bench_fn fn;
	double t0, t, *best;
	unsigned long reps;
	int round;

	*a = 0;
	*b = 0;
	fn_a(arg);
	fn_b(arg);
	for (round = 0; round < 2 * BENCH_ROUNDS; round++) {
		fn = round & 1 ? fn_b : fn_a;
		best = round & 1 ? b : a;
		reps = 0;
		t0 = bench_now();
		do {
			fn(arg);
			reps++;
			t = bench_now() - t0;
		} while (t < BENCH_ROUND_S);
		if (reps * bytes / t > *best)
			*best = reps * bytes / t;
	}
}

#endif /* MVGPU_BENCH_H */
