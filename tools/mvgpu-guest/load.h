/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libmvguest: a load generator.  It keeps engines of a vGPU busy for a
 * while with batches whose results are all checked, as a busy guest would:
 * for the scheduler's share, cap and preemption tests and benchmarks.
 *
 * Per engine two sets of buffers take turns: while the batches of one run,
 * the other's results are checked and its next batches queued, so the
 * engine never runs dry waiting for the CPU.  Each turn queues @depth
 * copies of one batch (the same result each time).
 */
#ifndef MVGUEST_LOAD_H
#define MVGUEST_LOAD_H

#include <stdbool.h>

#include "mvguest.h"

/* What to run in each batch; MVG_LOAD_MIX cycles fill, copy and crc. */
#define MVG_LOAD_MIX	MVG_NUM_OPS

/* One engine's load, and what it did. */
struct mvg_load {
	unsigned int engine;	/* the vGPU's engine number */
	int op;			/* enum mvg_op, or MVG_LOAD_MIX */
	__u64 size;		/* bytes each batch writes (a multiple of 4 KiB) */
	/*
	 * 0, or: each batch is one FILL of @long_bytes, rows of @size bytes
	 * at pitch 0, over the same @size bytes (a long command on little
	 * memory, as long as the engine's preemption test wants).
	 */
	__u64 long_bytes;
	unsigned int depth;	/* batches queued per turn, 1 or more */
	/* Results. */
	__u64 batches;		/* batches completed and checked */
	__u64 bytes;		/* bytes they processed */
	double seconds;		/* from the first submission to the last check */
};

/*
 * Guest RAM that mvg_load_run() needs for @nr loads of @size bytes
 * (besides the engines' rings and status pages, which mvg_engine_init()
 * takes).
 */
__u64 mvg_load_ram(unsigned int nr, __u64 size);

/*
 * Run @nr loads on @g's engines for @seconds (or until *@stop is set),
 * then wait for what was queued.  Engines that are not set up are set up.
 * Return: 0 when every result was right; -EIO with why in g->err for a
 * wrong result; another negative errno when the vGPU failed.
 */
int mvg_load_run(struct mvg_guest *g, struct mvg_load *loads, unsigned int nr,
		 double seconds, const int *stop);

/*
 * Latency of short batches (one STORE_DWORD) on engine @e: one every
 * @interval_ms for @seconds, each timed from its doorbell to its seqno in
 * the status page (polled).  The sorted latencies, in microseconds, into
 * @lat (at most @max); their number into @n.  Return as mvg_load_run().
 */
int mvg_latency_run(struct mvg_guest *g, unsigned int e, double seconds,
		    double interval_ms, double *lat, unsigned int max,
		    unsigned int *n);

#endif /* MVGUEST_LOAD_H */
