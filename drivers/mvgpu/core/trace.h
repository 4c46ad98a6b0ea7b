/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu core: tracepoints (events/mvgpu in tracefs), for perf and
 * trace-cmd: `trace-cmd record -e mvgpu`, `perf record -e 'mvgpu:*'`.
 * Each names the GPU (its device), the engine and the context (CTX_ID).
 * Documentation/scheduler.rst lists them.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM mvgpu

#if !defined(MVGPU_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define MVGPU_TRACE_H

#include <linux/tracepoint.h>

#include "core.h"

/*
 * The GPU's device name in events, truncated (not __string(): its
 * __assign_str() lost an argument in 6.10).
 */
#define MVGPU_TRACE_NAME	24

DECLARE_EVENT_CLASS(mvgpu_ctx_event,
	TP_PROTO(struct mvgpu_ctx *ctx),
	TP_ARGS(ctx),
	TP_STRUCT__entry(
		__array(char, gpu, MVGPU_TRACE_NAME)
		__field(u32, engine)
		__field(u32, ctx)
		__field(u32, tail)
	),
	TP_fast_assign(
		strscpy(__entry->gpu, dev_name(&ctx->eng->gpu->gdev->dev), MVGPU_TRACE_NAME);
		__entry->engine = ctx->eng->id;
		__entry->ctx = ctx->id;
		__entry->tail = ctx->tail;
	),
	TP_printk("gpu=%s engine=%u ctx=%u tail=%#x", __entry->gpu,
		  __entry->engine, __entry->ctx, __entry->tail)
);

/* mvgpu_ctx_submit(): a client submitted commands up to tail. */
DEFINE_EVENT(mvgpu_ctx_event, mvgpu_submit,
	TP_PROTO(struct mvgpu_ctx *ctx),
	TP_ARGS(ctx)
);

/* A context's client is told of its progress (a USER_INTERRUPT). */
DEFINE_EVENT(mvgpu_ctx_event, mvgpu_complete,
	TP_PROTO(struct mvgpu_ctx *ctx),
	TP_ARGS(ctx)
);

/* A context went on its engine; switch_ns: the restore took that long. */
TRACE_EVENT(mvgpu_sched_in,
	TP_PROTO(struct mvgpu_ctx *ctx, u64 switch_ns),
	TP_ARGS(ctx, switch_ns),
	TP_STRUCT__entry(
		__array(char, gpu, MVGPU_TRACE_NAME)
		__field(u32, engine)
		__field(u32, ctx)
		__field(u32, weight)
		__field(u32, cap)
		__field(u64, vruntime)
		__field(u64, switch_ns)
		__field(u32, queued)
	),
	TP_fast_assign(
		strscpy(__entry->gpu, dev_name(&ctx->eng->gpu->gdev->dev), MVGPU_TRACE_NAME);
		__entry->engine = ctx->eng->id;
		__entry->ctx = ctx->id;
		__entry->weight = ctx->ent.weight;
		__entry->cap = ctx->ent.cap;
		__entry->vruntime = ctx->ent.vruntime;
		__entry->switch_ns = switch_ns;
		__entry->queued = ctx->eng->rq.nr;
	),
	TP_printk("gpu=%s engine=%u ctx=%u weight=%u cap=%u vruntime=%llu switch_ns=%llu queued=%u",
		  __entry->gpu, __entry->engine, __entry->ctx,
		  __entry->weight, __entry->cap, __entry->vruntime,
		  __entry->switch_ns, __entry->queued)
);

/*
 * A context went off its engine: ran_ns of wall time since it went on,
 * busy_ns of it executing; preempted: with work left; switch_ns: the
 * save took that long (the preemption latency inside a batch).
 */
TRACE_EVENT(mvgpu_sched_out,
	TP_PROTO(struct mvgpu_ctx *ctx, u64 ran_ns, u64 busy_ns,
		 bool preempted, u64 switch_ns),
	TP_ARGS(ctx, ran_ns, busy_ns, preempted, switch_ns),
	TP_STRUCT__entry(
		__array(char, gpu, MVGPU_TRACE_NAME)
		__field(u32, engine)
		__field(u32, ctx)
		__field(u64, ran_ns)
		__field(u64, busy_ns)
		__field(u64, vruntime)
		__field(u64, switch_ns)
		__field(bool, preempted)
	),
	TP_fast_assign(
		strscpy(__entry->gpu, dev_name(&ctx->eng->gpu->gdev->dev), MVGPU_TRACE_NAME);
		__entry->engine = ctx->eng->id;
		__entry->ctx = ctx->id;
		__entry->ran_ns = ran_ns;
		__entry->busy_ns = busy_ns;
		__entry->vruntime = ctx->ent.vruntime;
		__entry->switch_ns = switch_ns;
		__entry->preempted = preempted;
	),
	TP_printk("gpu=%s engine=%u ctx=%u ran_ns=%llu busy_ns=%llu vruntime=%llu preempted=%d switch_ns=%llu",
		  __entry->gpu, __entry->engine, __entry->ctx,
		  __entry->ran_ns, __entry->busy_ns, __entry->vruntime,
		  __entry->preempted, __entry->switch_ns)
);

/* Its slice over, a context with work left is taken off (or throttled). */
TRACE_EVENT(mvgpu_preempt,
	TP_PROTO(struct mvgpu_ctx *ctx, bool throttled),
	TP_ARGS(ctx, throttled),
	TP_STRUCT__entry(
		__array(char, gpu, MVGPU_TRACE_NAME)
		__field(u32, engine)
		__field(u32, ctx)
		__field(bool, throttled)
	),
	TP_fast_assign(
		strscpy(__entry->gpu, dev_name(&ctx->eng->gpu->gdev->dev), MVGPU_TRACE_NAME);
		__entry->engine = ctx->eng->id;
		__entry->ctx = ctx->id;
		__entry->throttled = throttled;
	),
	TP_printk("gpu=%s engine=%u ctx=%u throttled=%d", __entry->gpu,
		  __entry->engine, __entry->ctx, __entry->throttled)
);

DECLARE_EVENT_CLASS(mvgpu_ctx_fault_event,
	TP_PROTO(struct mvgpu_ctx *ctx, u32 reason, u64 addr),
	TP_ARGS(ctx, reason, addr),
	TP_STRUCT__entry(
		__array(char, gpu, MVGPU_TRACE_NAME)
		__field(u32, engine)
		__field(u32, ctx)
		__field(u32, reason)
		__field(u64, addr)
	),
	TP_fast_assign(
		strscpy(__entry->gpu, dev_name(&ctx->eng->gpu->gdev->dev), MVGPU_TRACE_NAME);
		__entry->engine = ctx->eng->id;
		__entry->ctx = ctx->id;
		__entry->reason = reason;
		__entry->addr = addr;
	),
	TP_printk("gpu=%s engine=%u ctx=%u reason=%u addr=%#llx",
		  __entry->gpu, __entry->engine, __entry->ctx,
		  __entry->reason, __entry->addr)
);

/* A context lost its state: fault (reason MVGPU_FAULT_*), hang, restart. */
DEFINE_EVENT(mvgpu_ctx_fault_event, mvgpu_reset,
	TP_PROTO(struct mvgpu_ctx *ctx, u32 reason, u64 addr),
	TP_ARGS(ctx, reason, addr)
);

/* A client's audit refused a submission (mvgpu_ctx_rejected()). */
DEFINE_EVENT(mvgpu_ctx_fault_event, mvgpu_audit_reject,
	TP_PROTO(struct mvgpu_ctx *ctx, u32 reason, u64 addr),
	TP_ARGS(ctx, reason, addr)
);

/* Only capped contexts over their cap wait: the engine idles until. */
TRACE_EVENT(mvgpu_throttle,
	TP_PROTO(struct mvgpu_engine *eng, u64 until_ns),
	TP_ARGS(eng, until_ns),
	TP_STRUCT__entry(
		__array(char, gpu, MVGPU_TRACE_NAME)
		__field(u32, engine)
		__field(u64, until_ns)
	),
	TP_fast_assign(
		strscpy(__entry->gpu, dev_name(&eng->gpu->gdev->dev), MVGPU_TRACE_NAME);
		__entry->engine = eng->id;
		__entry->until_ns = until_ns;
	),
	TP_printk("gpu=%s engine=%u until_ns=%llu", __entry->gpu,
		  __entry->engine, __entry->until_ns)
);

#endif /* MVGPU_TRACE_H */

/* This part must be outside the protection above. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
