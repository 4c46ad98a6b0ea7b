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
};

double now_s(void);
/* The vGPU's sysfs counter mvgpu/@name; -errno when unreadable. */
int vgpu_counter(const char *uuid, const char *name, __u64 *val);
/* "4096", "64K", "16M": bytes, or 0 when malformed. */
__u64 parse_size(const char *s);
int bench_run(const struct opts *o);

#endif /* MVGUEST_BENCH_H */
