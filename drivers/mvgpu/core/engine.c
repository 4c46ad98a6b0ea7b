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
 *
 * On a vGPU (inside a guest) CTX_SAVE and CTX_RESTORE do nothing, and a
 * ring enabled anew starts at offset 0.  The engine then runs a ring of its
 * own, the vring: the current context's commands are copied into it as
 * they are submitted, and it is handed to the vGPU by a RING_TAIL write,
 * or without a trap through the status page when VINFO_CAPS offers
 * TAIL_POLL ("Zero-trap submission" in hardware.rst).  A context goes off
 * the engine only once it has completed its work (the scheduler does not
 * time-slice a vGPU's engine, the host does), so a context switch is
 * PREEMPT | RESUME on an idle engine, and the next context's commands
 * follow in the same ring.
 */
#include <linux/dma-mapping.h>
#include <linux/iopoll.h>
#include <linux/minmax.h>
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
 * mvgpu_ring_copy() - copy commands from one ring to another
 * @dst: the destination ring, @size bytes
 * @dst_off: where to write in it
 * @src: the source ring, @size bytes
 * @src_off: first byte to copy
 * @src_end: end of the bytes to copy (before @src_off: they wrap)
 * @size: bytes of each ring, a power of two
 *
 * Both rings wrap at @size; the caller makes sure the destination has
 * room.  Pure logic (KUnit: core/tests/vgpu_test.c).
 *
 * Return: the destination offset past the last byte written.
 */
u32 mvgpu_ring_copy(void *dst, u32 dst_off, const void *src, u32 src_off,
		    u32 src_end, u32 size)
{
	u32 n, len = (src_end - src_off) & (size - 1);

	while (len) {
		n = min3(len, size - src_off, size - dst_off);
		memcpy(dst + dst_off, src + src_off, n);
		src_off = (src_off + n) & (size - 1);
		dst_off = (dst_off + n) & (size - 1);
		len -= n;
	}
	return dst_off;
}

static __le32 *mvgpu_vring_hwsp(struct mvgpu_engine *eng, u32 offset)
{
	return eng->vring + MVGPU_CTX_HWSP_OFFSET + offset;
}

/* The vring and its status page, mapped in the GTT: once per engine. */
static int mvgpu_vring_alloc(struct mvgpu_engine *eng)
{
	u64 i, pages = MVGPU_CTX_IMAGE_OFFSET / MVGPU_GTT_PAGE_SIZE;
	struct mvgpu_gpu *gpu = eng->gpu;
	int ret;

	if (eng->vring)
		return 0;
	eng->vring = dma_alloc_coherent(&gpu->gdev->dev,
					MVGPU_CTX_IMAGE_OFFSET,
					&eng->vring_dma, GFP_KERNEL);
	if (!eng->vring)
		return -ENOMEM;
	ret = mvgpu_gtt_insert(gpu, &eng->vring_node, pages + 1);
	if (ret) {
		dma_free_coherent(&gpu->gdev->dev, MVGPU_CTX_IMAGE_OFFSET,
				  eng->vring, eng->vring_dma);
		eng->vring = NULL;
		return ret;
	}
	for (i = 0; i < pages; i++)
		mvgpu_gtt_set(gpu, eng->vring_node.start + i,
			      eng->vring_dma + i * MVGPU_GTT_PAGE_SIZE);
	eng->vring_va = eng->vring_node.start * MVGPU_GTT_PAGE_SIZE;
	return 0;
}

/**
 * mvgpu_engine_vring_fini() - free the engine's vring, if it has one
 * @eng: the engine, reset, no context left
 */
void mvgpu_engine_vring_fini(struct mvgpu_engine *eng)
{
	struct mvgpu_gpu *gpu = eng->gpu;

	if (!eng->vring)
		return;
	mvgpu_gtt_remove(gpu, &eng->vring_node);
	dma_free_coherent(&gpu->gdev->dev, MVGPU_CTX_IMAGE_OFFSET, eng->vring,
			  eng->vring_dma);
	eng->vring = NULL;
	eng->vring_on = false;
}

/* Programs the vring on a reset engine: empty, from offset 0. */
static void mvgpu_vring_enable_locked(struct mvgpu_engine *eng)
{
	u64 hwsp = (eng->vring_va + MVGPU_CTX_HWSP_OFFSET) | MVGPU_HWSP_ENABLE;

	if (eng->gpu->tail_poll)
		hwsp |= MVGPU_HWSP_TAIL_POLL;
	/* Off before its status page is cleared: the host stops polling. */
	mvgpu_engine_write(eng, MVGPU_ENG_RING_CTL, 0);
	memset(eng->vring + MVGPU_CTX_HWSP_OFFSET, 0, MVGPU_GTT_PAGE_SIZE);
	/* TAIL and POLL are 0 before the ring is enabled. */
	wmb();
	mvgpu_engine_write64(eng, MVGPU_ENG_RING_BASE_LO, eng->vring_va);
	mvgpu_engine_write(eng, MVGPU_ENG_RING_SIZE, MVGPU_CTX_RING_BYTES);
	mvgpu_engine_write64(eng, MVGPU_ENG_HWSP_LO, hwsp);
	mvgpu_engine_write(eng, MVGPU_ENG_RING_TAIL, 0);
	mvgpu_engine_write(eng, MVGPU_ENG_RING_CTL, MVGPU_RING_ENABLE);
	eng->vtail = 0;
	eng->vring_on = true;
}

/**
 * mvgpu_engine_submit_locked() - hand the current context's new commands
 * to the engine
 * @eng: the engine, with a current context
 *
 * On the GPU a RING_TAIL write.  On a vGPU the commands are copied into
 * the vring; then the new tail is published in its status page and the
 * doorbell rung only when the host does not poll (TAIL_POLL), else always.
 */
void mvgpu_engine_submit_locked(struct mvgpu_engine *eng)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	__le32 *tail, *poll;

	lockdep_assert_held(&eng->lock);
	if (!eng->gpu->vgpu) {
		mvgpu_engine_write(eng, MVGPU_ENG_RING_TAIL, ctx->tail);
		return;
	}
	if (ctx->copied == ctx->tail)
		return;
	/* Room: the vring holds no more than the context's ring does. */
	eng->vtail = mvgpu_ring_copy(eng->vring, eng->vtail, ctx->mem,
				     ctx->copied, ctx->tail,
				     MVGPU_CTX_RING_BYTES);
	ctx->copied = ctx->tail;
	if (!eng->gpu->tail_poll) {
		/* The commands are in memory before the doorbell. */
		wmb();
		mvgpu_engine_write(eng, MVGPU_ENG_RING_TAIL, eng->vtail);
		return;
	}
	tail = mvgpu_vring_hwsp(eng, MVGPU_HWSP_TAIL);
	poll = mvgpu_vring_hwsp(eng, MVGPU_HWSP_POLL);
	/* The commands are in memory before the tail is. */
	wmb();
	WRITE_ONCE(*tail, cpu_to_le32(eng->vtail));
	/* Store-load: the host sees the tail, or we see POLL = 0. */
	mb();
	if (!le32_to_cpu(READ_ONCE(*poll)))
		mvgpu_engine_write(eng, MVGPU_ENG_RING_TAIL, eng->vtail);
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
	/* A reset disables the ring: the vring is programmed again. */
	eng->vring_on = false;
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
	if (eng->gpu->vgpu)
		return eng->current_ctx->copied == eng->current_ctx->tail &&
		       mvgpu_engine_read(eng, MVGPU_ENG_RING_HEAD) ==
		       eng->vtail;
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

/*
 * PREEMPT with @more: CTX_SAVE, or on a vGPU RESUME (PREEMPT completes once
 * the work submitted before it completed, RESUME lets the next context's
 * commands run; the context keeps its ring position in @copied).  The
 * context is then off the engine.
 */
static int mvgpu_engine_preempt_locked(struct mvgpu_engine *eng, u32 more)
{
	struct mvgpu_ctx *ctx = eng->current_ctx;
	int ret;

	ret = mvgpu_engine_control_locked(eng, MVGPU_ENG_CTL_PREEMPT | more);
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

/* A vGPU: the context's commands not yet copied go into the vring. */
static int mvgpu_vring_switch_in_locked(struct mvgpu_engine *eng,
					struct mvgpu_ctx *ctx)
{
	int ret;

	ret = mvgpu_vring_alloc(eng);
	if (ret)
		return ret;
	if (!ctx->saved) {
		ctx->copied = 0;
		ctx->hang_busy = ctx->busy_ns;
	}
	if (!eng->vring_on)
		mvgpu_vring_enable_locked(eng);
	mvgpu_engine_write(eng, MVGPU_ENG_CTX_ID, ctx->id);
	ctx->saved = true;
	eng->current_ctx = ctx;
	mvgpu_engine_submit_locked(eng);
	return 0;
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

	lockdep_assert_held(&eng->lock);
	mvgpu_hang_switching_out_locked(eng);
	if (eng->gpu->vgpu)
		return mvgpu_engine_preempt_locked(eng, MVGPU_ENG_CTL_RESUME);
	mvgpu_engine_write64(eng, MVGPU_ENG_CTX_LO,
			     ctx->va + MVGPU_CTX_IMAGE_OFFSET);
	return mvgpu_engine_preempt_locked(eng, MVGPU_ENG_CTL_CTX_SAVE);
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
	if (eng->gpu->vgpu)
		return mvgpu_vring_switch_in_locked(eng, ctx);
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
