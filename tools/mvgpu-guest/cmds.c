// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmvguest: command streams (batches) and the commands of the manual.
 * Addresses are GPU VAs, 64 bits as two dwords, low first.
 */
#include <string.h>

#include "internal.h"

int mvg_cmds_alloc(struct mvg_guest *g, __u64 size, struct mvg_cmds *c)
{
	memset(c, 0, sizeof(*c));
	return mvg_alloc(g, size, &c->buf);
}

void mvg_cmds_reset(struct mvg_cmds *c)
{
	c->dwords = 0;
	c->overflow = false;
}

__u64 mvg_cmds_va(const struct mvg_cmds *c)
{
	return c->buf.va + 4ULL * c->dwords;
}

void mvg_emit(struct mvg_cmds *c, const __u32 *dw, unsigned int n)
{
	__u32 *p = c->buf.cpu;

	if (c->overflow || n > c->buf.size / 4 - c->dwords) {
		c->overflow = true;
		return;
	}
	memcpy(p + c->dwords, dw, n * 4);
	c->dwords += n;
}

#define LO(x)	((__u32)(x))
#define HI(x)	((__u32)((__u64)(x) >> 32))

void mvg_emit_noop(struct mvg_cmds *c)
{
	const __u32 dw[] = { MVGPU_CMD(MVGPU_OP_NOOP, 0, 1) };

	mvg_emit(c, dw, 1);
}

void mvg_emit_end(struct mvg_cmds *c)
{
	const __u32 dw[] = { MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1) };

	mvg_emit(c, dw, 1);
}

void mvg_emit_batch_start(struct mvg_cmds *c, __u64 va)
{
	const __u32 dw[] = { MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3), LO(va), HI(va) };

	mvg_emit(c, dw, 3);
}

void mvg_emit_store(struct mvg_cmds *c, __u64 va, __u32 value)
{
	const __u32 dw[] = {
		MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4), LO(va), HI(va), value,
	};

	mvg_emit(c, dw, 4);
}

void mvg_emit_lri(struct mvg_cmds *c, __u32 reg, __u32 value)
{
	const __u32 dw[] = {
		MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 3), reg, value,
	};

	mvg_emit(c, dw, 3);
}

void mvg_emit_user_interrupt(struct mvg_cmds *c)
{
	const __u32 dw[] = { MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1) };

	mvg_emit(c, dw, 1);
}

void mvg_emit_sem_wait(struct mvg_cmds *c, __u64 va, __u32 value,
		       unsigned int op)
{
	const __u32 dw[] = {
		MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, op, 4), LO(va), HI(va), value,
	};

	mvg_emit(c, dw, 4);
}

void mvg_emit_fill(struct mvg_cmds *c, __u64 dst, __u32 pitch, __u32 width,
		   __u32 height, __u32 value)
{
	const __u32 dw[] = {
		MVGPU_CMD(MVGPU_OP_FILL, 0, 7), LO(dst), HI(dst), pitch, width,
		height, value,
	};

	mvg_emit(c, dw, 7);
}

void mvg_emit_copy(struct mvg_cmds *c, __u64 src, __u32 src_pitch,
		   __u64 dst, __u32 dst_pitch, __u32 width, __u32 height)
{
	const __u32 dw[] = {
		MVGPU_CMD(MVGPU_OP_COPY, 0, 9), LO(src), HI(src), src_pitch,
		LO(dst), HI(dst), dst_pitch, width, height,
	};

	mvg_emit(c, dw, 9);
}

void mvg_emit_crc32c(struct mvg_cmds *c, __u64 src, __u32 bytes, __u64 dst)
{
	const __u32 dw[] = {
		MVGPU_CMD(MVGPU_OP_CRC32C, 0, 6), LO(src), HI(src), bytes,
		LO(dst), HI(dst),
	};

	mvg_emit(c, dw, 6);
}
