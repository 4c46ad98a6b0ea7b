/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu core: the scheduler's per-engine state and its interfaces inside
 * mvgpu.ko (sched.c, sched_ctl.c, sched_sysfs.c, trace.c).  Included by
 * core.h.
 */
#ifndef MVGPU_SCHED_CORE_H
#define MVGPU_SCHED_CORE_H

#include <linux/hrtimer.h>
#include <linux/types.h>

struct mvgpu_engine;
struct mvgpu_gpu;

/**
 * struct mvgpu_engine_sched - the scheduler's state of one engine
 * @cap_timer: armed when only throttled (capped) contexts wait: queues
 *	the engine's work when the first may run again
 * @ran_mark: ktime_get_ns() from which the current context's wall time is
 *	charged to its virtual time (while others wait)
 * @contended: others waited since @ran_mark
 * @busy_mark: the current context's busy_ns at its last charge
 * @in_busy: the current context's busy_ns when it went on
 * @out_ns: time spent in switch-outs (PREEMPT | CTX_SAVE), ns
 * @outs: switch-outs timed
 * @in_ns: time spent in switch-ins (CTX_RESTORE | RESUME), ns
 * @ins: switch-ins timed
 * @max_switch_ns: the longest switch-out or switch-in
 * @throttles: times the engine idled with only throttled contexts waiting
 * @util_start: utilization window: when it began
 * @util_busy: the engine's BUSY_NS then
 * @util_permille: busy permille of the last completed window
 *
 * All under the engine's lock.
 */
struct mvgpu_engine_sched {
	struct hrtimer cap_timer;
	u64 ran_mark;
	bool contended;
	u64 busy_mark;
	u64 in_busy;
	u64 out_ns;
	u64 outs;
	u64 in_ns;
	u64 ins;
	u64 max_switch_ns;
	u64 throttles;
	u64 util_start;
	u64 util_busy;
	u32 util_permille;
};

/* sched.c */
u64 mvgpu_engine_busy_ns_locked(struct mvgpu_engine *eng);
/* sched_ctl.c: module parameters */
extern unsigned int mvgpu_sched_render_weight;
u64 mvgpu_sched_default_slice_ns(void);
int mvgpu_gpu_set_slice_ns(struct mvgpu_gpu *gpu, u64 ns);
/* sched_sysfs.c: the GPU's sched/ sysfs group and debugfs directory */
int mvgpu_sched_sysfs_init(struct mvgpu_gpu *gpu);
void mvgpu_sched_sysfs_fini(struct mvgpu_gpu *gpu);

#endif /* MVGPU_SCHED_CORE_H */
