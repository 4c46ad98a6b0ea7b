// SPDX-License-Identifier: GPL-2.0-only
/*
 * The long commands of the executor: FILL, COPY and CRC32C.
 *
 * Each call processes one chunk: at most MVGPU_EXEC_CHUNK bytes and at most
 * the budget left, then returns for exec.c to poll for preemption.  The
 * progress (bytes done, in processing order) and the running CRC live in
 * the executor, so a command resumes exactly where it stopped.
 *
 * Memory is translated one GPU page at a time; pages that are contiguous on
 * the host too are processed as one run, with memset/memmove.  A page that
 * does not translate faults GTT before any byte of it is accessed; every
 * byte the command processes before it is done.
 */
#include <linux/math64.h>
#include <linux/string.h>
#include <linux/types.h>

#include "exec.h"
#include "exec_compat.h"

#define BLIT_PAGE		((u64)MVGPU_GTT_PAGE_SIZE)
#define BLIT_PAGE_OFF		(BLIT_PAGE - 1)

static u64 blit_min(u64 a, u64 b)
{
	return a < b ? a : b;
}

/* Bytes this chunk may process. */
static u64 blit_chunk(const struct mvgpu_exec *ex)
{
	return blit_min(ex->budget, MVGPU_EXEC_CHUNK);
}

static void blit_account(struct mvgpu_exec *ex, u64 bytes)
{
	ex->cmd_progress += bytes;
	ex->budget -= bytes;
	ex->bytes_processed += bytes;
}

/*
 * The translation of a page that blit_map() looked up past the end of its
 * run, kept for the next call on the same operand: scattered pages cost one
 * map() each, not two.  Lives for one chunk of one command only (the engine
 * may change translations between chunks).  @p NULL: none.
 */
struct blit_next {
	u64 va;
	u8 *p;
};

/*
 * Translate [@va, @va + @len) upwards: the host address of @va, and in
 * *@run the bytes from there that are contiguous on the host too (at least
 * up to the end of @va's page).  NULL when @va's page does not translate:
 * the engine has faulted.  A later page that does not translate only ends
 * the run; the next call faults on it.  @next: the operand's look-ahead.
 */
static u8 *blit_map(struct mvgpu_exec *ex, u64 va, u64 len, bool write,
		    u64 *run, struct blit_next *next)
{
	u64 n = BLIT_PAGE - (va & BLIT_PAGE_OFF);
	u8 *p, *q;

	if (next->p && next->va == va)
		p = next->p;
	else
		p = ex->ops->map(ex->priv, va, write);
	next->p = NULL;
	if (!p) {
		mvgpu_exec_fault(ex, MVGPU_FAULT_GTT, va);
		return NULL;
	}
	while (n < len) {
		q = ex->ops->map(ex->priv, va + n, write);
		if ((unsigned long)q != (unsigned long)p + n) {
			next->va = va + n;
			next->p = q;
			break;
		}
		n += BLIT_PAGE;
	}
	*run = blit_min(n, len);
	return p;
}

/*
 * Translate [@end - @len, @end) downwards: the host address of the first
 * byte of the run that ends at @end, with its length in *@run.
 */
static u8 *blit_map_down(struct mvgpu_exec *ex, u64 end, u64 len, bool write,
			 u64 *run)
{
	u64 n = blit_min(((end - 1) & BLIT_PAGE_OFF) + 1, len);
	u8 *p = ex->ops->map(ex->priv, end - n, write);
	u8 *prev;
	u64 m;

	if (!p) {
		mvgpu_exec_fault(ex, MVGPU_FAULT_GTT, end - n);
		return NULL;
	}
	while (n < len) {
		m = blit_min(BLIT_PAGE, len - n);
		prev = ex->ops->map(ex->priv, end - n - m, write);
		if ((unsigned long)prev + m != (unsigned long)p)
			break;
		p = prev;
		n += m;
	}
	*run = n;
	return p;
}

/* Store @count copies of the 64-bit @v from @p: memset speed, any pattern. */
static void blit_store_qwords(u8 *p, u64 v, u64 count)
{
#ifdef __x86_64__
	asm volatile("rep stosq" : "+D" (p), "+c" (count) : "a" (v) : "memory");
#else
	u64 i;

	for (i = 0; i < count; i++)
		memcpy(p + 8 * i, &v, 8);
#endif
}

/*
 * Fill @n bytes at @p, the host address of @va, with the little-endian
 * dword @val repeated from a 4-aligned address: byte @va % 4 of it first.
 */
static void blit_fill_run(u8 *p, u64 va, u64 n, u32 val)
{
	u32 rot = 8 * (va & 3);
	u64 v;
	u8 pat[8];

	if (val == (val & 0xff) * 0x01010101u) {
		memset(p, val & 0xff, n);
		return;
	}
	if (rot)
		val = val >> rot | val << (32 - rot);
	put_unaligned_le32(val, pat);
	put_unaligned_le32(val, pat + 4);
	memcpy(&v, pat, sizeof(v));
	blit_store_qwords(p, v, n / 8);
	memcpy(p + (n & ~7ULL), pat, n & 7);
}

/**
 * mvgpu_exec_fill() - FILL, one chunk
 * @ex: the executor, with the command in progress
 * @d: its table entry: the rectangle, then the value
 * @cmd: the command's dwords, its operands checked
 * @len: their number
 *
 * Rows are filled in order, each from its start.  A chunk may end inside a
 * dword: the pattern follows the address, so where chunks end does not
 * matter.
 *
 * Return: MVGPU_STEP_DONE, MVGPU_STEP_MORE or MVGPU_STEP_FAULT.
 */
enum mvgpu_exec_step mvgpu_exec_fill(struct mvgpu_exec *ex,
				     const struct mvgpu_cmd_desc *d,
				     const u32 *cmd, u32 len)
{
	const struct mvgpu_cmd_mem *m = &d->mem[0];
	u64 dst = mvgpu_cmd_mem_va(cmd, m);
	u32 pitch = cmd[m->pitch], width = cmd[m->width];
	u32 height = cmd[m->height], val = cmd[m->height + 1];
	u64 total = (u64)width * height;
	u64 chunk = blit_chunk(ex);
	struct blit_next next = { 0 };
	u64 row, n, va, run;
	u32 col;
	u8 *p;

	while (ex->cmd_progress < total && chunk) {
		row = div_u64_rem(ex->cmd_progress, width, &col);
		n = blit_min(width - col, chunk);
		va = dst + row * pitch + col;
		chunk -= n;
		while (n) {
			p = blit_map(ex, va, n, true, &run, &next);
			if (!p)
				return MVGPU_STEP_FAULT;
			blit_fill_run(p, va, run, val);
			blit_account(ex, run);
			va += run;
			n -= run;
		}
	}
	return ex->cmd_progress >= total ? MVGPU_STEP_DONE : MVGPU_STEP_MORE;
}

/* Copy @n bytes upwards, from the start of [@src, @src + @n). */
static bool blit_copy_up(struct mvgpu_exec *ex, u64 src, u64 dst, u64 n)
{
	struct blit_next snext = { 0 }, dnext = { 0 };
	u64 srun, drun;
	u8 *s, *d;

	while (n) {
		s = blit_map(ex, src, n, false, &srun, &snext);
		if (!s)
			return false;
		d = blit_map(ex, dst, srun, true, &drun, &dnext);
		if (!d)
			return false;
		memmove(d, s, drun);
		blit_account(ex, drun);
		src += drun;
		dst += drun;
		n -= drun;
	}
	return true;
}

/* Copy @n bytes downwards, from the end of [@src_end - @n, @src_end). */
static bool blit_copy_down(struct mvgpu_exec *ex, u64 src_end, u64 dst_end,
			   u64 n)
{
	u64 srun, drun;
	u8 *s, *d;

	while (n) {
		s = blit_map_down(ex, src_end, n, false, &srun);
		if (!s)
			return false;
		d = blit_map_down(ex, dst_end, srun, true, &drun);
		if (!d)
			return false;
		memmove(d, s + (srun - drun), drun);
		blit_account(ex, drun);
		src_end -= drun;
		dst_end -= drun;
		n -= drun;
	}
	return true;
}

/**
 * mvgpu_exec_copy() - COPY, one chunk
 * @ex: the executor, with the command in progress
 * @desc: its table entry: the source and destination rectangles
 * @cmd: the command's dwords, its operands checked
 * @len: their number
 *
 * Rows are copied in order.  Each row is copied as by memmove: upwards,
 * unless its destination starts inside its source, then downwards.  So a
 * row sees the rows copied before it, never a part of itself.  Any
 * alignment is allowed.
 *
 * Return: MVGPU_STEP_DONE, MVGPU_STEP_MORE or MVGPU_STEP_FAULT.
 */
enum mvgpu_exec_step mvgpu_exec_copy(struct mvgpu_exec *ex,
				     const struct mvgpu_cmd_desc *desc,
				     const u32 *cmd, u32 len)
{
	const struct mvgpu_cmd_mem *ms = &desc->mem[0], *md = &desc->mem[1];
	u64 src = mvgpu_cmd_mem_va(cmd, ms), dst = mvgpu_cmd_mem_va(cmd, md);
	u32 spitch = cmd[ms->pitch], dpitch = cmd[md->pitch];
	u32 width = cmd[ms->width], height = cmd[ms->height];
	u64 total = (u64)width * height;
	u64 chunk = blit_chunk(ex);
	u64 row, n, s, d;
	bool ok;
	u32 done;

	while (ex->cmd_progress < total && chunk) {
		row = div_u64_rem(ex->cmd_progress, width, &done);
		n = blit_min(width - done, chunk);
		s = src + row * spitch;
		d = dst + row * dpitch;
		chunk -= n;
		if (d > s && d - s < width)
			ok = blit_copy_down(ex, s + width - done,
					    d + width - done, n);
		else
			ok = blit_copy_up(ex, s + done, d + done, n);
		if (!ok)
			return MVGPU_STEP_FAULT;
	}
	return ex->cmd_progress >= total ? MVGPU_STEP_DONE : MVGPU_STEP_MORE;
}

/**
 * mvgpu_exec_crc32c() - CRC32C, one chunk
 * @ex: the executor, with the command in progress
 * @d: its table entry: the source bytes, then the destination dword
 * @cmd: the command's dwords, its operands checked
 * @len: their number
 *
 * The CRC register lives in @ex->cmd_state between chunks.  When all bytes
 * went through, the CRC is stored at dst (4-aligned).
 *
 * Return: MVGPU_STEP_DONE, MVGPU_STEP_MORE or MVGPU_STEP_FAULT.
 */
enum mvgpu_exec_step mvgpu_exec_crc32c(struct mvgpu_exec *ex,
				       const struct mvgpu_cmd_desc *d,
				       const u32 *cmd, u32 len)
{
	u64 src = mvgpu_cmd_mem_va(cmd, &d->mem[0]);
	u64 dst = mvgpu_cmd_mem_va(cmd, &d->mem[1]);
	u32 bytes = cmd[d->mem[0].width];
	u64 chunk = blit_chunk(ex);
	struct blit_next next = { 0 };
	u64 n, run;
	u8 *p;

	n = bytes > ex->cmd_progress ? bytes - ex->cmd_progress : 0;
	n = blit_min(n, chunk);
	while (n) {
		p = blit_map(ex, src + ex->cmd_progress, n, false, &run,
			     &next);
		if (!p)
			return MVGPU_STEP_FAULT;
		ex->cmd_state = mvgpu_crc32c_update(ex->cmd_state, p, run);
		blit_account(ex, run);
		n -= run;
	}
	if (ex->cmd_progress < bytes)
		return MVGPU_STEP_MORE;

	p = ex->ops->map(ex->priv, dst, true);
	if (!p)
		return mvgpu_exec_fault(ex, MVGPU_FAULT_GTT, dst);
	put_unaligned_le32(~ex->cmd_state, p);
	return MVGPU_STEP_DONE;
}
