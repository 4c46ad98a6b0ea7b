/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A stand-in core context for the vGPU KUnit suites: real core structures
 * (core/core.h, which the vGPU's own headers cannot be included with) that
 * mvgpu_ctx_get_stats(), mvgpu_ctx_rejected(), mvgpu_ctx_restart() and the
 * status page accessors work on, on an engine that runs nothing.
 */
#ifndef MVGPU_VGPU_TESTS_FAKE_CORE_H
#define MVGPU_VGPU_TESTS_FAKE_CORE_H

#include <kunit/test.h>

struct mvgpu_ctx;

struct mvgpu_ctx *fake_core_ctx(struct kunit *test);
/* What the core does when it loses the context (a fault, a hang). */
void fake_core_lose(struct mvgpu_ctx *ctx);
/* Waits for the engine worker a mvgpu_ctx_restart() kicked. */
void fake_core_flush(struct mvgpu_ctx *ctx);

#endif /* MVGPU_VGPU_TESTS_FAKE_CORE_H */
