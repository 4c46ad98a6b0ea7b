// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: the watchdog of each engine.  Step 5 (issue 8) fills this in:
 * a context that makes no progress in its own engine time is reset with
 * MVGPU_FAULT_HANG.  Until then the hooks only keep the baseline.
 */
#include "core.h"

/**
 * mvgpu_hang_init() - set up an engine's watchdog
 * @eng: the engine, being initialised
 */
void mvgpu_hang_init(struct mvgpu_engine *eng)
{
	hrtimer_init(&eng->watchdog, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
}

/**
 * mvgpu_hang_fini() - stop an engine's watchdog
 * @eng: the engine, dead
 */
void mvgpu_hang_fini(struct mvgpu_engine *eng)
{
	hrtimer_cancel(&eng->watchdog);
}

/**
 * mvgpu_hang_switched_in_locked() - a context went on the engine
 * @eng: the engine; its current context is the one
 */
void mvgpu_hang_switched_in_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;

	lockdep_assert_held(&eng->lock);
	ctx->hang_count = mvgpu_engine_read(eng, MVGPU_ENG_CMD_COUNT);
	ctx->hang_busy = ctx->busy_ns;
}

/**
 * mvgpu_hang_watchdog_locked() - the watchdog's period passed
 * @eng: the engine
 */
void mvgpu_hang_watchdog_locked(struct mvgpu_engine *eng)
{
	lockdep_assert_held(&eng->lock);
}
