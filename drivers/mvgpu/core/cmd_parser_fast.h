/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command parser's fast path (included by cmd_parser.c only): the
 * common commands of a batch (fixed length, no flags, not a batch) decoded
 * and audited per opcode, a run of them at a time, without the general
 * decoder of the command table.  The unit tests check the table of plain
 * headers against the command table, and every case runs both paths.
 */
#ifndef MVGPU_CMD_PARSER_FAST_H
#define MVGPU_CMD_PARSER_FAST_H

#include <linux/types.h>

#include <mvgpu/mvgpu_cmd_parser.h>

/*
 * The header of each fixed-length opcode without flags, 0 for the others
 * (and for BATCH_END, where the walk stops): what the walk hops over
 * without the decoder.  The unit tests check it against the command table.
 */
static const u32 cp_plain_hdr[MVGPU_NUM_OPS] = {
	[MVGPU_OP_NOOP] = MVGPU_CMD(MVGPU_OP_NOOP, 0, 1),
	[MVGPU_OP_BATCH_START] = MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3),
	[MVGPU_OP_STORE_DWORD] = MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4),
	[MVGPU_OP_USER_INTERRUPT] = MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1),
	[MVGPU_OP_SEMAPHORE_WAIT] = MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, 0, 4),
	[MVGPU_OP_ARB_CHECK] = MVGPU_CMD(MVGPU_OP_ARB_CHECK, 0, 1),
	[MVGPU_OP_FILL] = MVGPU_CMD(MVGPU_OP_FILL, 0, 7),
	[MVGPU_OP_COPY] = MVGPU_CMD(MVGPU_OP_COPY, 0, 9),
	[MVGPU_OP_CRC32C] = MVGPU_CMD(MVGPU_OP_CRC32C, 0, 6),
};

/*
 * The common header of a batch: a fixed-length command with no flags, not
 * BATCH_END.  Its length, or 0 when cp_decode() has to look at it.
 */
static inline u32 cp_fast_len(u32 hdr)
{
	u32 op = MVGPU_CMD_OPCODE(hdr);

	return op < MVGPU_NUM_OPS && hdr == cp_plain_hdr[op] ?
	       MVGPU_CMD_LENGTH(hdr) : 0;
}

/* The 64-bit GPU VA at dwords @i and @i + 1 of @cmd. */
static __always_inline u64 cp_va(const u32 *cmd, unsigned int i)
{
	return (u64)cmd[i + 1] << 32 | cmd[i];
}

/* The declared range, copied out of the parser for the audit's loop. */
struct cp_range {
	u64 va;
	u64 len;
	struct mvgpu_cmd_parser *p;
};

/*
 * May the client's commands access the bytes [@va, @va + @last]?  Inside
 * the declared range: one subtraction and two compares (the range ends
 * below 2^64: nothing inside it wraps).  Else access_ok decides, for a
 * range that ends below 2^64 (else false: the general path faults it).
 */
static noinline bool cp_in_range_slow(struct cp_range r, u64 va, u64 last,
				      bool write)
{
	return last < ~0ull - va &&
	       r.p->ops->access_ok(r.p->priv, va, last + 1, write);
}

static __always_inline bool cp_in_range(struct cp_range r, u64 va, u64 last,
					bool write)
{
	u64 off = va - r.va;

	if (off < r.len && last < r.len - off)
		return true;
	return cp_in_range_slow(r, va, last, write);
}

/*
 * A rectangle operand of the fast path: address at dword @a, pitch at @pi,
 * width and height at @wi and @wi + 1; address, pitch and width multiples
 * of @align.  Empty, or cp_in_range().  The rules of
 * mvgpu_cmd_mem_aligned(), mvgpu_cmd_mem_extent() and cp_range_ok() for
 * the shapes of the command table, spelled out per opcode for speed.
 */
static __always_inline bool cp_rect_fast(struct cp_range r, const u32 *cmd,
					 unsigned int a, unsigned int pi,
					 unsigned int wi, u32 align, bool write)
{
	u64 va = cp_va(cmd, a);
	u32 pitch = cmd[pi], width = cmd[wi], height = cmd[wi + 1];

	if ((va | pitch | width) & (align - 1))
		return false;
	return !width || !height ||
	       cp_in_range(r, va, (u64)pitch * (height - 1) + width - 1,
			   write);
}

/* A dword operand at dword @a: 4-aligned, cp_in_range(). */
static __always_inline bool cp_dword_fast(struct cp_range r, const u32 *cmd,
					  unsigned int a, bool write)
{
	u64 va = cp_va(cmd, a);

	return !(va & 3) && cp_in_range(r, va, 3, write);
}

/*
 * The common command of a batch, per opcode: fixed length, no flags, not a
 * batch, its operands aligned and accessible (cp_in_range()), ending
 * before the @room dwords from it are over (the last command of a shadow
 * is the general path's business, and so is one that would execute more
 * than the batch may).  Its length, or 0 when the general path has to look
 * at it (and find the fault).  Counts a USER_INTERRUPT in *@uis.
 */
static __always_inline u32 cp_cmd_fast(struct cp_range r, const u32 *cmd,
				       u32 room, u64 *uis)
{
	u32 hdr, op, len;
	bool ok;

	/* Nothing left: not even the header may be read (the buffer ends). */
	if (!room)
		return 0;
	hdr = cmd[0];
	op = MVGPU_CMD_OPCODE(hdr);
	if (op >= MVGPU_NUM_OPS || hdr != cp_plain_hdr[op])
		return 0;
	len = MVGPU_CMD_LENGTH(hdr);
	if (len >= room)
		return 0;
	switch (op) {
	case MVGPU_OP_NOOP:
	case MVGPU_OP_ARB_CHECK:
		return 1;
	case MVGPU_OP_USER_INTERRUPT:
		(*uis)++;
		return 1;
	case MVGPU_OP_STORE_DWORD:
		ok = cp_dword_fast(r, cmd, 1, true);
		break;
	case MVGPU_OP_SEMAPHORE_WAIT:
		ok = cp_dword_fast(r, cmd, 1, false);
		break;
	case MVGPU_OP_FILL:
		ok = cp_rect_fast(r, cmd, 1, 3, 4, 4, true);
		break;
	case MVGPU_OP_COPY:
		ok = cp_rect_fast(r, cmd, 1, 3, 7, 1, false) &&
		     cp_rect_fast(r, cmd, 4, 6, 7, 1, true);
		break;
	case MVGPU_OP_CRC32C:
		ok = (!cmd[3] ||
		      cp_in_range(r, cp_va(cmd, 1), cmd[3] - 1, false)) &&
		     cp_dword_fast(r, cmd, 4, true);
		break;
	default:	/* BATCH_START: its batch is the general path's */
		return 0;
	}
	return ok ? len : 0;
}

/*
 * Where the audit of a batch stands: the dwords it executed so far (with
 * the batches it started), the dwords it may still execute, and the
 * commands and USER_INTERRUPTs it accepted.
 */
struct cp_pos {
	u32 done;
	u32 left;
	u64 cmds;
	u64 uis;
};

/*
 * Audit the common commands (cp_cmd_fast()) of @buf from dword @i on, as
 * long as they end before dword @n and within what the batch may still
 * execute; account them in @pos.  Return the dword where the general path
 * has to take over.
 */
static __always_inline u32 cp_fast_run(struct cp_range r, const u32 *buf,
				       u32 i, u32 n, struct cp_pos *pos)
{
	u32 stop = pos->left < n - i ? i + pos->left + 1 : n, len, i0 = i;
	u64 cmds = 0, uis = 0;

	while ((len = cp_cmd_fast(r, &buf[i], stop - i, &uis))) {
		i += len;
		cmds++;
	}
	pos->done += i - i0;
	pos->left -= i - i0;
	pos->cmds += cmds;
	pos->uis += uis;
	return i;
}

#endif /* MVGPU_CMD_PARSER_FAST_H */
