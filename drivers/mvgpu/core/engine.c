// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: programming one engine.
 *
 * The engine runs one context at a time: the one last restored.  A switch
 * is two CONTROL writes, each polled until CONTROL reads 0 (hardware 2.0
 * carries out requests written together in the order RESET, PREEMPT,
 * CTX_SAVE, CTX_RESTORE, RESUME):
 *
 *   PREEMPT | CTX_SAVE      stop the outgoing context at its next stopping
 *                           point (between commands, or between two chunks
 *                           of a long command) and save it to its image;
 *   CTX_RESTORE | RESUME    load the incoming context's image (ring
 *                           registers, status page, CTX_ID: the image wins)
 *                           and start it.
 *
 * A context that never ran gets an image written by the CPU: its ring from
 * offset 0, its status page enabled, its ID.  Before a restore the CPU
 * writes the context's current tail into the image, so that the work
 * submitted while it was off the engine runs.
 *
 * A request the engine does not carry out in MVGPU_ENGINE_TIMEOUT_US means
 * it stopped answering: the engine is wedged and the GPU reset (hang.c).
 */
#include <linux/iopoll.h>
#include <linux/string.h>

#include "core.h"

/**
 * mvgpu_engine_read() - read a register of the engine's block
 * @eng: the engine
 * @reg: MVGPU_ENG_*
 *
 * Return: its value.
 */
u32 mvgpu_engine_read(struct mvgpu_engine *eng, u32 reg)
{
	return mvgpu_read32(eng->gpu->gdev, MVGPU_ENGINE_BASE(eng->id) + reg);
}

/**
 * mvgpu_engine_write() - write a register of the engine's block
 * @eng: the engine
 * @reg: MVGPU_ENG_*
 * @val: the value
 */
void mvgpu_engine_write(struct mvgpu_engine *eng, u32 reg, u32 val)
{
	mvgpu_write32(eng->gpu->gdev, MVGPU_ENGINE_BASE(eng->id) + reg, val);
}

static void mvgpu_engine_write64(struct mvgpu_engine *eng, u32 reg, u64 val)
{
	mvgpu_engine_write(eng, reg, lower_32_bits(val));
	mvgpu_engine_write(eng, reg + 4, upper_32_bits(val));
}

/* Writes CONTROL and waits until the engine carried the requests out. */
static int mvgpu_engine_control_locked(struct mvgpu_engine *eng, u32 req)
{
	u32 val;
	int ret;

	lockdep_assert_held(&eng->lock);
	mvgpu_engine_write(eng, MVGPU_ENG_CONTROL, req);
	ret = read_poll_timeout(mvgpu_engine_read, val, !val, 10,
				MVGPU_ENGINE_TIMEOUT_US, false, eng,
				MVGPU_ENG_CONTROL);
	/* The engine stopped answering: only a GPU reset brings it back. */
	if (ret)
		mvgpu_hang_gpu_reset_request(eng);
	return ret;
}

/**
 * mvgpu_engine_heartbeat_locked() - does the engine still answer
 * @eng: the engine
 *
 * PREEMPT | RESUME: the engine stops at its next stopping point and goes
 * on at once; the context on it is not disturbed.
 *
 * Return: 0, or -ETIMEDOUT (a GPU reset is then on its way).
 */
int mvgpu_engine_heartbeat_locked(struct mvgpu_engine *eng)
{
	return mvgpu_engine_control_locked(eng, MVGPU_ENG_CTL_PREEMPT |
					   MVGPU_ENG_CTL_RESUME);
}

/**
 * mvgpu_engine_reset_locked() - reset the engine; no context is on it then
 * @eng: the engine
 *
 * The context that was on it loses its state (its image is not updated).
 *
 * Return: 0, or -ETIMEDOUT.
 */
int mvgpu_engine_reset_locked(struct mvgpu_engine *eng)
{
	u32 val;
	int ret;

	lockdep_assert_held(&eng->lock);
	eng->resets++;
	eng->current_ctx = NULL;
	ret = mvgpu_engine_control_locked(eng, MVGPU_ENG_CTL_RESET);
	if (ret)
		return ret;
	ret = read_poll_timeout(mvgpu_engine_read, val,
				!(val & MVGPU_ENG_STATUS_BUSY), 10,
				MVGPU_ENGINE_TIMEOUT_US, false, eng,
				MVGPU_ENG_STATUS);
	if (ret)
		mvgpu_hang_gpu_reset_request(eng);
	return ret;
}

/**
 * mvgpu_engine_idle_locked() - has the context on the engine run out of work
 * @eng: the engine, with a current context
 *
 * Return: true when its ring head reached its tail.
 */
bool mvgpu_engine_idle_locked(struct mvgpu_engine *eng)
{
	lockdep_assert_held(&eng->lock);
	return mvgpu_engine_read(eng, MVGPU_ENG_RING_HEAD) ==
	       eng->current_ctx->tail &&
	       !(mvgpu_engine_read(eng, MVGPU_ENG_STATUS) &
		 MVGPU_ENG_STATUS_WAITING);
}

static void mvgpu_ctx_image_put32(struct mvgpu_ctx *ctx, u32 off, u32 val)
{
	__le32 *p = ctx->mem + MVGPU_CTX_IMAGE_OFFSET + off;

	WRITE_ONCE(*p, cpu_to_le32(val));
}

/* The image of a context that never ran: an empty ring at offset 0. */
static void mvgpu_ctx_image_fresh(struct mvgpu_ctx *ctx)
{
	u64 hwsp = (ctx->va + MVGPU_CTX_HWSP_OFFSET) | MVGPU_HWSP_ENABLE;

	memset(ctx->mem + MVGPU_CTX_IMAGE_OFFSET, 0, MVGPU_CTX_SIZE);
	mvgpu_ctx_image_put32(ctx, MVGPU_CTX_MAGIC, MVGPU_CTX_MAGIC_VALUE);
	mvgpu_ctx_image_put32(ctx, MVGPU_CTX_RING_BASE, lower_32_bits(ctx->va));
	mvgpu_ctx_image_put32(ctx, MVGPU_CTX_RING_BASE + 4,
			      upper_32_bits(ctx->va));
	mvgpu_ctx_image_put32(ctx, MVGPU_CTX_RING_SIZE, MVGPU_CTX_RING_BYTES);
	mvgpu_ctx_image_put32(ctx, MVGPU_CTX_HWSP, lower_32_bits(hwsp));
	mvgpu_ctx_image_put32(ctx, MVGPU_CTX_HWSP + 4, upper_32_bits(hwsp));
	mvgpu_ctx_image_put32(ctx, MVGPU_CTX_ID, ctx->id);
}

/**
 * mvgpu_engine_switch_out_locked() - save the current context, stop it
 * @eng: the engine, with a current context
 *
 * Return: 0, or -ETIMEDOUT (the engine is then reset and the context's
 * state lost: the caller restarts it).
 */
int mvgpu_engine_switch_out_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	int ret;

	lockdep_assert_held(&eng->lock);
	mvgpu_hang_switching_out_locked(eng);
	mvgpu_engine_write64(eng, MVGPU_ENG_CTX_LO,
			     ctx->va + MVGPU_CTX_IMAGE_OFFSET);
	ret = mvgpu_engine_control_locked(eng, MVGPU_ENG_CTL_PREEMPT |
					  MVGPU_ENG_CTL_CTX_SAVE);
	if (ret) {
		mvgpu_engine_reset_locked(eng);
		return ret;
	}
	/* A context saved in a fault resumes in it: let the fault path see it. */
	if (mvgpu_engine_read(eng, MVGPU_ENG_STATUS) & MVGPU_ENG_STATUS_FAULTED)
		return -EIO;
	ctx->saved = true;
	eng->current_ctx = NULL;
	eng->switches++;
	return 0;
}

/**
 * mvgpu_engine_switch_in_locked() - restore a context and start it
 * @eng: the engine, with no current context
 * @ctx: the context
 *
 * Return: 0, or -ETIMEDOUT (the engine is then reset).
 */
int mvgpu_engine_switch_in_locked(struct mvgpu_engine *eng,
				  struct mvgpu_ctx *ctx)
{
	int ret;

	lockdep_assert_held(&eng->lock);
	if (!ctx->saved) {
		mvgpu_ctx_image_fresh(ctx);
		/* A fresh start: no stall carried over (hang.c). */
		ctx->hang_busy = ctx->busy_ns;
	}
	mvgpu_ctx_image_put32(ctx, MVGPU_CTX_RING_TAIL, ctx->tail);
	/* The image must be in memory before the engine reads it. */
	wmb();
	mvgpu_engine_write64(eng, MVGPU_ENG_CTX_LO,
			     ctx->va + MVGPU_CTX_IMAGE_OFFSET);
	ret = mvgpu_engine_control_locked(eng, MVGPU_ENG_CTL_CTX_RESTORE |
					  MVGPU_ENG_CTL_RESUME);
	if (ret) {
		mvgpu_engine_reset_locked(eng);
		return ret;
	}
	ctx->saved = true;
	eng->current_ctx = ctx;
	return 0;
}
