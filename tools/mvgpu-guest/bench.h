/* SPDX-License-Identifier: GPL-2.0-only */
/* mvgpu-guest: what main.c and bench.c share. */
#ifndef MVGUEST_BENCH_H
#define MVGUEST_BENCH_H

#include <stdbool.h>

#include "mvguest.h"

#define WAIT_MS		30000

struct opts {
	const char *uuid;
	int engine;
	__u64 size;
	unsigned int iterations;
	__u64 ram;		/* 0: what the command needs */
	bool poll;
	bool irq;		/* bench: wait for the MSI, not the status page */
	bool native;		/* bench: also through the render node */
	const char *sizes;	/* bench: comma-separated sizes */
	/* load, latency (load.c) */
	double seconds;
	unsigned int depth;	/* load: batches queued per turn */
	__u64 long_bytes;	/* load: one FILL this long per batch */
	const char *engines;	/* load: engines, comma-separated, or "all" */
	int op;			/* load: enum mvg_op or MVG_LOAD_MIX */
	double interval_ms;	/* latency: between two probes */
	double start_at;	/* load: CLOCK_REALTIME to start at, or 0 */
};

double now_s(void);
/* The vGPU's sysfs counter mvgpu/@name; -errno when unreadable. */
int vgpu_counter(const char *uuid, const char *name, __u64 *val);
/* "4096", "64K", "16M": bytes, or 0 when malformed. */
__u64 parse_size(const char *s);
int bench_run(const struct opts *o);
/* load.c's commands */
int parse_engine(const char *spec);
int cmd_load(const struct opts *o);
int cmd_latency(const struct opts *o);

#endif /* MVGUEST_BENCH_H */
