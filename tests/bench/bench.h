/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The timing harness of the benchmarks (exec_bench.c, parser_bench.c): a
 * clock and the rates of a command and of its reference over interleaved
 * timed rounds.  Userspace only.
 *
 * The machine is shared: the clock is the thread's CPU time (a round the
 * scheduler takes the CPU from is not charged for the wait), the rounds of
 * the command and of the reference alternate, and what is reported is the
 * median over the pairs of rounds, with the spread of the pairs' ratios.
 */
#ifndef MVGPU_BENCH_H
#define MVGPU_BENCH_H

#include <stdlib.h>
#include <time.h>

/* What is timed: one call handles @arg (bytes, usually). */
typedef void (*bench_fn)(unsigned long long arg);

/* Pairs of rounds per result and the least time of a round. */
#define BENCH_PAIRS	15
#define BENCH_ROUND_S	0.01

/*
 * Rates of a command and its reference, in bytes per second, and the ratio
 * a / b: medians over the pairs of rounds; @lo and @hi: the lowest and
 * highest ratio of a pair.
 */
struct bench_result {
	double a, b, ratio, lo, hi;
};

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline int bench_cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

static inline double bench_median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp);
	return n & 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * The rate of fn(@arg) over one round of at least BENCH_ROUND_S.  The
 * clock is read after batches of calls that double up to 1/16 of the
 * round: reading the thread's CPU time costs a system call.
 */
static inline double bench_round(bench_fn fn, unsigned long long arg,
				 double bytes)
{
	unsigned long reps = 0, batch = 1, i;
	double t0 = bench_now(), t = 0, t1;

	do {
		for (i = 0; i < batch; i++)
			fn(arg);
		reps += batch;
		t1 = bench_now() - t0;
		if (t1 - t < BENCH_ROUND_S / 16)
			batch *= 2;
		t = t1;
	} while (t < BENCH_ROUND_S);
	return reps * bytes / t;
}

/*
 * fn_a(@arg) against fn_b(@arg), @bytes per call, their rounds interleaved
 * so that both see the same load.  One untimed call of each first (warm
 * caches, page faults).
 */
static inline struct bench_result bench_pair(bench_fn fn_a, bench_fn fn_b,
					     unsigned long long arg,
					     double bytes)
{
	double a[BENCH_PAIRS], b[BENCH_PAIRS], r[BENCH_PAIRS];
	struct bench_result res;
	int i;

	fn_a(arg);
	fn_b(arg);
	for (i = 0; i < BENCH_PAIRS; i++) {
		a[i] = bench_round(fn_a, arg, bytes);
		b[i] = bench_round(fn_b, arg, bytes);
		r[i] = a[i] / b[i];
	}
	res.a = bench_median(a, BENCH_PAIRS);
	res.b = bench_median(b, BENCH_PAIRS);
	res.ratio = bench_median(r, BENCH_PAIRS);
	res.lo = r[0];
	res.hi = r[BENCH_PAIRS - 1];
	return res;
}

#endif /* MVGPU_BENCH_H */
