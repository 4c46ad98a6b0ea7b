// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command executor of an mvgpu engine: the ring and batch model, the
 * decoder, the short commands and the context image.  The long commands
 * (FILL, COPY, CRC32C) are in exec_blit.c.
 *
 * Each level (the ring, batch 1, batch 2) has a position: the GPU VA of
 * the command it executes.  A command moves its level's position past
 * itself when it completes; BATCH_START completes when its batch ends, so
 * the ring head (and batch 1's position) point at the BATCH_START while the
 * batch it started runs.  A long command in progress keeps its position and
 * records its progress in cmd_progress, so that the executor can stop
 * between two chunks and resume exactly.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "exec.h"
#include "exec_compat.h"

#define EXEC_PAGE_OFF		((u64)MVGPU_GTT_PAGE_SIZE - 1)
#define EXEC_RING_MIN		0x1000u
#define EXEC_RING_MAX		0x100000u
/**
 * mvgpu_exec_fault() - stop the engine on a fault
 * @ex: the executor
 * @reason: MVGPU_FAULT_*
 * @addr: the GPU VA the fault is about
 *
 * The first fault sticks until reset or restore.
 *
 * Return: MVGPU_STEP_FAULT, for the caller to return.
 */
enum mvgpu_exec_step mvgpu_exec_fault(struct mvgpu_exec *ex, u32 reason,
				      u64 addr)
{
	if (ex->fault == MVGPU_FAULT_NONE) {
		ex->fault = reason;
		ex->fault_addr = addr;
	}
	return MVGPU_STEP_FAULT;
}

/* GPU VA of dword @dw of the command at the current position. */
static u64 exec_pos(const struct mvgpu_exec *ex, u32 dw)
{
	if (!ex->level)
		return ex->ring_base +
		       ((ex->head + 4 * dw) & (ex->ring_size - 1));
	return ex->batch_addr[ex->level - 1] + 4ull * dw;
}

/* Bytes of commands in the ring, from head to tail. */
static u32 exec_ring_avail(const struct mvgpu_exec *ex)
{
	return (ex->tail - ex->head) & (ex->ring_size - 1);
}

static bool exec_ring_valid(u64 base, u32 size, u32 head, u32 tail)
{
	if (size < EXEC_RING_MIN || size > EXEC_RING_MAX || (size & (size - 1)))
		return false;
	if ((base & EXEC_PAGE_OFF) || base > ~0ull - size)
		return false;
	return head < size && tail < size && !((head | tail) & 3);
}

/* Read @count dwords of the current command, from its dword @first. */
static bool exec_fetch(struct mvgpu_exec *ex, u32 first, u32 count, u32 *out)
{
	u64 va, mapped_va = 0;
	u8 *mapped = NULL;
	u32 i;

	for (i = 0; i < count; i++) {
		va = exec_pos(ex, first + i);
		/* Dwords are aligned: one never straddles two pages. */
		if (!mapped || va < mapped_va ||
		    (va & ~EXEC_PAGE_OFF) != (mapped_va & ~EXEC_PAGE_OFF)) {
			mapped = ex->ops->map(ex->priv, va, false);
			mapped_va = va;
			if (!mapped) {
				mvgpu_exec_fault(ex, MVGPU_FAULT_GTT, va);
				return false;
			}
		}
		out[i] = get_unaligned_le32(mapped + (va - mapped_va));
	}
	return true;
}

static void exec_charge(struct mvgpu_exec *ex, u64 bytes)
{
	ex->budget -= bytes < ex->budget ? bytes : ex->budget;
}

static void exec_clear_cmd(struct mvgpu_exec *ex)
{
	ex->in_cmd = false;
	ex->cmd_addr = 0;
	ex->cmd_progress = 0;
	ex->cmd_state = 0;
}

/* Bit 1 of the status page address is reserved: dwords are aligned. */
static bool exec_hwsp_valid(u64 hwsp)
{
	return !(hwsp & 3 & ~(u64)MVGPU_HWSP_ENABLE);
}

/*
 * The command at the current position, @len dwords, completed: move past
 * it.  A ring command then reports the new head in the status page, when
 * the status page is enabled (at any address, 0 included).
 */
static enum mvgpu_exec_step exec_complete(struct mvgpu_exec *ex, u32 len)
{
	u64 va = (ex->hwsp & ~(u64)MVGPU_HWSP_ENABLE) + MVGPU_HWSP_HEAD;
	u32 l;
	u8 *p;

	exec_clear_cmd(ex);
	ex->cmds_completed++;
	if (ex->level) {
		ex->batch_addr[ex->level - 1] += 4ull * len;
		for (l = 0; l < ex->level; l++)
			ex->batch_dwords[l] += len;
		return MVGPU_STEP_DONE;
	}
	ex->head = (ex->head + 4 * len) & (ex->ring_size - 1);
	if (!(ex->hwsp & MVGPU_HWSP_ENABLE))
		return MVGPU_STEP_DONE;
	p = ex->ops->map(ex->priv, va, true);
	if (!p)
		return mvgpu_exec_fault(ex, MVGPU_FAULT_GTT, va);
	put_unaligned_le32(ex->head, p);
	return MVGPU_STEP_DONE;
}

/* The operands are checked already (exec_check_mem). */
static enum mvgpu_exec_step exec_batch_start(struct mvgpu_exec *ex,
					     const struct mvgpu_cmd_desc *d,
					     const u32 *cmd, u32 len)
{
	ex->batch_addr[ex->level] = mvgpu_cmd_mem_va(cmd, &d->mem[0]);
	ex->batch_dwords[ex->level] = 0;
	ex->level++;
	return MVGPU_STEP_MORE;
}

/*
 * BATCH_END completes, then the BATCH_START that started its batch: both
 * are done here, so the caller must not complete it again (MORE).
 */
static enum mvgpu_exec_step exec_batch_end(struct mvgpu_exec *ex,
					   const struct mvgpu_cmd_desc *d,
					   const u32 *cmd, u32 len)
{
	exec_complete(ex, 1);
	ex->level--;
	ex->batch_addr[ex->level] = 0;
	ex->batch_dwords[ex->level] = 0;
	if (exec_complete(ex, mvgpu_cmd_desc(MVGPU_OP_BATCH_START)->len) ==
	    MVGPU_STEP_FAULT)
		return MVGPU_STEP_FAULT;
	return MVGPU_STEP_MORE;
}

static enum mvgpu_exec_step exec_store_dword(struct mvgpu_exec *ex,
					     const struct mvgpu_cmd_desc *d,
					     const u32 *cmd, u32 len)
{
	u64 dst = mvgpu_cmd_mem_va(cmd, &d->mem[0]);
	u8 *p;

	p = ex->ops->map(ex->priv, dst, true);
	if (!p)
		return mvgpu_exec_fault(ex, MVGPU_FAULT_GTT, dst);
	put_unaligned_le32(cmd[3], p);
	return MVGPU_STEP_DONE;
}

/* All registers are checked before the first write: a faulting LRI writes none. */
static enum mvgpu_exec_step exec_lri(struct mvgpu_exec *ex,
				     const struct mvgpu_cmd_desc *d,
				     const u32 *cmd, u32 len)
{
	u32 pair[2];
	u32 i;

	for (i = 1; i < len; i += 2) {
		if (!exec_fetch(ex, i, 1, pair))
			return MVGPU_STEP_FAULT;
		if (!mvgpu_lri_allowed(pair[0]))
			return mvgpu_exec_fault(ex, MVGPU_FAULT_REGISTER,
						exec_pos(ex, 0));
	}
	for (i = 1; i < len; i += 2) {
		if (!exec_fetch(ex, i, 2, pair))
			return MVGPU_STEP_FAULT;
		if (ex->ops->write_reg)
			ex->ops->write_reg(ex->priv, pair[0], pair[1]);
	}
	return MVGPU_STEP_DONE;
}

/* NOOP, ARB_CHECK */
static enum mvgpu_exec_step exec_nothing(struct mvgpu_exec *ex,
					 const struct mvgpu_cmd_desc *d,
					 const u32 *cmd, u32 len)
{
	return MVGPU_STEP_DONE;
}

static enum mvgpu_exec_step exec_semaphore(struct mvgpu_exec *ex,
					   const struct mvgpu_cmd_desc *d,
					   const u32 *cmd, u32 len)
{
	u64 src = mvgpu_cmd_mem_va(cmd, &d->mem[0]);
	const u8 *p;
	u32 val;
	bool ok;

	p = ex->ops->map(ex->priv, src, false);
	if (!p)
		return mvgpu_exec_fault(ex, MVGPU_FAULT_GTT, src);
	val = get_unaligned_le32(p);
	switch (MVGPU_CMD_FLAGS(cmd[0])) {
	case MVGPU_SEM_EQ:
		ok = val == cmd[3];
		break;
	case MVGPU_SEM_NE:
		ok = val != cmd[3];
		break;
	case MVGPU_SEM_GTE:
		ok = val >= cmd[3];
		break;
	default:
		ok = val < cmd[3];
		break;
	}
	return ok ? MVGPU_STEP_DONE : MVGPU_STEP_WAIT;
}

typedef enum mvgpu_exec_step (*exec_handler)(struct mvgpu_exec *ex,
					     const struct mvgpu_cmd_desc *d,
					     const u32 *cmd, u32 len);

/* What each opcode of the command table does. */
static const exec_handler exec_handlers[MVGPU_NUM_OPS] = {
	[MVGPU_OP_NOOP] = exec_nothing,
	[MVGPU_OP_BATCH_START] = exec_batch_start,
	[MVGPU_OP_BATCH_END] = exec_batch_end,
	[MVGPU_OP_STORE_DWORD] = exec_store_dword,
	[MVGPU_OP_LOAD_REGISTER_IMM] = exec_lri,
	[MVGPU_OP_USER_INTERRUPT] = exec_nothing,	/* raised once complete */
	[MVGPU_OP_SEMAPHORE_WAIT] = exec_semaphore,
	[MVGPU_OP_ARB_CHECK] = exec_nothing,
	[MVGPU_OP_FILL] = mvgpu_exec_fill,
	[MVGPU_OP_COPY] = mvgpu_exec_copy,
	[MVGPU_OP_CRC32C] = mvgpu_exec_crc32c,
};

/*
 * Decode the header at the current position: its table entry, and its
 * length in *@len; NULL when it faulted.
 */
static const struct mvgpu_cmd_desc *exec_decode(struct mvgpu_exec *ex,
						u32 hdr, u64 addr, u32 *len)
{
	const struct mvgpu_cmd_desc *d = mvgpu_cmd_desc(MVGPU_CMD_OPCODE(hdr));
	u32 l;

	*len = MVGPU_CMD_LENGTH(hdr);
	if (!d || (!ex->level && !(d->attr & MVGPU_CMD_ATTR_RING)) ||
	    (MVGPU_CMD_FLAGS(hdr) & ~d->flags)) {
		mvgpu_exec_fault(ex, MVGPU_FAULT_OPCODE, addr);
		return NULL;
	}
	if (!mvgpu_cmd_length_ok(d, *len) ||
	    (!ex->level && 4 * *len > exec_ring_avail(ex))) {
		mvgpu_exec_fault(ex, MVGPU_FAULT_LENGTH, addr);
		return NULL;
	}
	for (l = 0; l < ex->level; l++) {
		if (ex->batch_dwords[l] + *len > MVGPU_BATCH_MAX_DWORDS) {
			mvgpu_exec_fault(ex, MVGPU_FAULT_RUNAWAY, addr);
			return NULL;
		}
	}
	return d;
}

/*
 * The memory operands of the command at @addr, as the table describes them:
 * a batch level too deep, then the alignment of each, then the extent of
 * each.  false when the command faulted.
 */
static bool exec_check_mem(struct mvgpu_exec *ex,
			   const struct mvgpu_cmd_desc *d, const u32 *cmd,
			   u64 addr)
{
	u64 len;
	u32 i;

	for (i = 0; i < d->nmem; i++) {
		if (d->mem[i].access == MVGPU_MEM_BATCH &&
		    ex->level == MVGPU_BATCH_LEVELS) {
			mvgpu_exec_fault(ex, MVGPU_FAULT_BATCH_DEPTH, addr);
			return false;
		}
		if (!mvgpu_cmd_mem_aligned(cmd, &d->mem[i])) {
			mvgpu_exec_fault(ex, MVGPU_FAULT_ALIGNMENT, addr);
			return false;
		}
	}
	for (i = 0; i < d->nmem; i++) {
		if (!mvgpu_cmd_mem_extent(cmd, &d->mem[i], &len)) {
			mvgpu_exec_fault(ex, MVGPU_FAULT_LENGTH, addr);
			return false;
		}
	}
	return true;
}

/* Execute the command at the current position, or one chunk of it. */
static enum mvgpu_exec_step exec_step(struct mvgpu_exec *ex)
{
	u64 addr = exec_pos(ex, 0);
	u32 cmd[MVGPU_CMD_MAX_FIXED_LEN];
	const struct mvgpu_cmd_desc *d;
	enum mvgpu_exec_step st;
	bool is_long;
	u32 op, len;

	if (!exec_fetch(ex, 0, 1, cmd))
		return MVGPU_STEP_FAULT;
	d = exec_decode(ex, cmd[0], addr, &len);
	if (!d)
		return MVGPU_STEP_FAULT;
	op = MVGPU_CMD_OPCODE(cmd[0]);
	is_long = d->attr & MVGPU_CMD_ATTR_LONG;
	if (d->len && !exec_fetch(ex, 1, len - 1, &cmd[1]))
		return MVGPU_STEP_FAULT;

	/* Progress only belongs to the long command it was recorded for. */
	if (ex->in_cmd && (!is_long || ex->cmd_addr != addr))
		exec_clear_cmd(ex);
	if (!ex->in_cmd)
		exec_charge(ex, 4ull * len);
	if (is_long && !ex->in_cmd) {
		ex->in_cmd = true;
		ex->cmd_addr = addr;
		ex->cmd_state = ~0u;
	}

	if (!exec_check_mem(ex, d, cmd, addr))
		return MVGPU_STEP_FAULT;
	st = exec_handlers[op](ex, d, cmd, len);
	if (st != MVGPU_STEP_DONE)
		return st;
	st = exec_complete(ex, len);
	/*
	 * USER_INTERRUPT is raised once it completed: a driver that reads
	 * the status page on the interrupt finds the head past it.
	 */
	if (op == MVGPU_OP_USER_INTERRUPT && st == MVGPU_STEP_DONE &&
	    ex->ops->user_interrupt)
		ex->ops->user_interrupt(ex->priv);
	return st;
}

/**
 * mvgpu_exec_init() - set an executor up, reset
 * @ex: the executor
 * @ops: its callbacks, which must outlive it
 * @priv: their argument
 */
void mvgpu_exec_init(struct mvgpu_exec *ex, const struct mvgpu_exec_ops *ops,
		     void *priv)
{
	memset(ex, 0, sizeof(*ex));
	ex->ops = ops;
	ex->priv = priv;
}

/**
 * mvgpu_exec_reset() - engine reset
 * @ex: the executor
 *
 * Drops all state, a command in progress and a fault included: the ring
 * registers, head and status page address read 0 again, and so do the
 * counters.  Memory is left alone.
 */
void mvgpu_exec_reset(struct mvgpu_exec *ex)
{
	mvgpu_exec_init(ex, ex->ops, ex->priv);
}

/**
 * mvgpu_exec_run() - execute commands
 * @ex: the executor
 * @budget: bytes to process at most: command dwords fetched plus data
 *	bytes that FILL, COPY and CRC32C process; a command may go over by
 *	its own length
 *
 * Executes from the current position until the ring is empty, the budget
 * is used, preempt_pending asks to stop, a semaphore is not satisfied or a
 * fault.  Before each command and between the chunks of a long command,
 * in that order: an empty ring returns MVGPU_EXEC_IDLE, an exhausted budget
 * MVGPU_EXEC_BUDGET, and preempt_pending MVGPU_EXEC_PREEMPTED.  The state
 * then allows to resume exactly, in this or another call, after a save and
 * restore too.
 *
 * Return: why it stopped.  A faulted engine returns MVGPU_EXEC_FAULT until
 * reset or restore.
 */
enum mvgpu_exec_status mvgpu_exec_run(struct mvgpu_exec *ex, u64 budget)
{
	if (ex->fault)
		return MVGPU_EXEC_FAULT;
	if (!exec_ring_valid(ex->ring_base, ex->ring_size, ex->head, ex->tail) ||
	    ex->level > MVGPU_BATCH_LEVELS) {
		mvgpu_exec_fault(ex, MVGPU_FAULT_RING, ex->ring_base);
		return MVGPU_EXEC_FAULT;
	}
	if (!exec_hwsp_valid(ex->hwsp)) {
		mvgpu_exec_fault(ex, MVGPU_FAULT_RING, ex->hwsp);
		return MVGPU_EXEC_FAULT;
	}

	ex->budget = budget;
	for (;;) {
		if (!ex->level && !ex->in_cmd && ex->head == ex->tail)
			return MVGPU_EXEC_IDLE;
		if (!ex->budget)
			return MVGPU_EXEC_BUDGET;
		if (ex->ops->preempt_pending &&
		    ex->ops->preempt_pending(ex->priv))
			return MVGPU_EXEC_PREEMPTED;
		switch (exec_step(ex)) {
		case MVGPU_STEP_WAIT:
			return MVGPU_EXEC_WAITING;
		case MVGPU_STEP_FAULT:
			return MVGPU_EXEC_FAULT;
		default:
			break;
		}
	}
}

static void ctx_put64(u8 *img, u32 off, u64 val)
{
	put_unaligned_le64(val, img + off);
}

static void ctx_put32(u8 *img, u32 off, u32 val)
{
	put_unaligned_le32(val, img + off);
}

/**
 * mvgpu_exec_save() - write the context image
 * @ex: the executor; not running
 * @image: MVGPU_CTX_SIZE bytes, the layout of mvgpu_hw.h
 *
 * The image holds the ring registers, the position of every level and the
 * progress of a long command in progress, and the context ID:
 * mvgpu_exec_restore() of it resumes exactly.  A fault and the counters
 * are not part of a context.
 *
 * Return: 0.
 */
int mvgpu_exec_save(const struct mvgpu_exec *ex, void *image)
{
	u8 *img = image;
	u32 l;

	memset(img, 0, MVGPU_CTX_SIZE);
	ctx_put32(img, MVGPU_CTX_MAGIC, MVGPU_CTX_MAGIC_VALUE);
	ctx_put32(img, MVGPU_CTX_FLAGS, ex->in_cmd ? MVGPU_CTX_IN_COMMAND : 0);
	ctx_put64(img, MVGPU_CTX_RING_BASE, ex->ring_base);
	ctx_put32(img, MVGPU_CTX_RING_SIZE, ex->ring_size);
	ctx_put32(img, MVGPU_CTX_RING_HEAD, ex->head);
	ctx_put32(img, MVGPU_CTX_RING_TAIL, ex->tail);
	ctx_put32(img, MVGPU_CTX_LEVEL, ex->level);
	for (l = 1; l <= MVGPU_BATCH_LEVELS && l <= ex->level; l++) {
		ctx_put64(img, MVGPU_CTX_BATCH_ADDR(l), ex->batch_addr[l - 1]);
		ctx_put32(img, MVGPU_CTX_BATCH_DWORDS(l),
			  ex->batch_dwords[l - 1]);
	}
	if (ex->in_cmd) {
		ctx_put64(img, MVGPU_CTX_CMD_ADDR, ex->cmd_addr);
		ctx_put64(img, MVGPU_CTX_CMD_PROGRESS, ex->cmd_progress);
		ctx_put32(img, MVGPU_CTX_CMD_STATE, ex->cmd_state);
	}
	ctx_put64(img, MVGPU_CTX_HWSP, ex->hwsp);
	ctx_put32(img, MVGPU_CTX_ID, ex->ctx_id);
	return 0;
}

static bool ctx_levels_valid(const u8 *img, u32 level)
{
	u32 l, dwords;
	u64 addr;

	for (l = 1; l <= MVGPU_BATCH_LEVELS; l++) {
		addr = get_unaligned_le64(img + MVGPU_CTX_BATCH_ADDR(l));
		dwords = get_unaligned_le32(img + MVGPU_CTX_BATCH_DWORDS(l));
		if (l > level && (addr || dwords))
			return false;
		if ((addr & 3) || dwords > MVGPU_BATCH_MAX_DWORDS)
			return false;
	}
	/* Batch 1 counts the dwords of the batch 2 it started. */
	return level < 2 ||
	       get_unaligned_le32(img + MVGPU_CTX_BATCH_DWORDS(1)) >=
	       get_unaligned_le32(img + MVGPU_CTX_BATCH_DWORDS(2));
}

static bool ctx_reserved_zero(const u8 *img)
{
	u32 off;

	for (off = MVGPU_CTX_ID + 4; off < MVGPU_CTX_SIZE; off++)
		if (img[off])
			return false;
	return true;
}

/**
 * mvgpu_exec_restore() - load a context image
 * @ex: the executor; not running
 * @image: MVGPU_CTX_SIZE bytes written by mvgpu_exec_save(), or by software
 *	that follows the layout
 *
 * The image is checked whole before anything changes: magic, known flags,
 * a valid ring with head and tail in it, level at most 2, aligned batch
 * positions and nothing for levels not in use, a batch within
 * MVGPU_BATCH_MAX_DWORDS, a status page address with bit 1 clear (bit 0
 * is its enable bit), a command in progress at
 * the current position (nothing about one otherwise) and reserved bytes 0.
 * On success the fault, if any, is cleared and the counters are kept.
 *
 * Return: 0, or -EINVAL when the image is not valid: @ex is then unchanged.
 */
int mvgpu_exec_restore(struct mvgpu_exec *ex, const void *image)
{
	const u8 *img = image;
	struct mvgpu_exec ctx;
	u32 flags, l;

	if (get_unaligned_le32(img + MVGPU_CTX_MAGIC) != MVGPU_CTX_MAGIC_VALUE)
		return -EINVAL;
	flags = get_unaligned_le32(img + MVGPU_CTX_FLAGS);
	if (flags & ~MVGPU_CTX_IN_COMMAND)
		return -EINVAL;

	mvgpu_exec_init(&ctx, ex->ops, ex->priv);
	ctx.ring_base = get_unaligned_le64(img + MVGPU_CTX_RING_BASE);
	ctx.ring_size = get_unaligned_le32(img + MVGPU_CTX_RING_SIZE);
	ctx.head = get_unaligned_le32(img + MVGPU_CTX_RING_HEAD);
	ctx.tail = get_unaligned_le32(img + MVGPU_CTX_RING_TAIL);
	ctx.level = get_unaligned_le32(img + MVGPU_CTX_LEVEL);
	ctx.hwsp = get_unaligned_le64(img + MVGPU_CTX_HWSP);
	ctx.ctx_id = get_unaligned_le32(img + MVGPU_CTX_ID);
	if (!exec_ring_valid(ctx.ring_base, ctx.ring_size, ctx.head, ctx.tail) ||
	    ctx.level > MVGPU_BATCH_LEVELS || !exec_hwsp_valid(ctx.hwsp) ||
	    !ctx_levels_valid(img, ctx.level) || !ctx_reserved_zero(img))
		return -EINVAL;
	for (l = 1; l <= ctx.level; l++) {
		ctx.batch_addr[l - 1] =
			get_unaligned_le64(img + MVGPU_CTX_BATCH_ADDR(l));
		ctx.batch_dwords[l - 1] =
			get_unaligned_le32(img + MVGPU_CTX_BATCH_DWORDS(l));
	}

	ctx.in_cmd = flags & MVGPU_CTX_IN_COMMAND;
	ctx.cmd_addr = get_unaligned_le64(img + MVGPU_CTX_CMD_ADDR);
	ctx.cmd_progress = get_unaligned_le64(img + MVGPU_CTX_CMD_PROGRESS);
	ctx.cmd_state = get_unaligned_le32(img + MVGPU_CTX_CMD_STATE);
	if (ctx.in_cmd ? ctx.cmd_addr != exec_pos(&ctx, 0) :
			 ctx.cmd_addr || ctx.cmd_progress || ctx.cmd_state)
		return -EINVAL;

	ctx.cmds_completed = ex->cmds_completed;
	ctx.bytes_processed = ex->bytes_processed;
	*ex = ctx;
	return 0;
}
