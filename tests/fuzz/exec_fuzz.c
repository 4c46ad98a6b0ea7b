// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target of the command executor: the input becomes the ring
 * registers, the ring, two batch buffers and data pages of a small fake GPU
 * memory with holes and read-only pages, a budget per call, preemption
 * points with save/reset/restore, and corrupted context images.  Any
 * access outside a mapped page is an ASan report (every page is its own
 * allocation); a run that does not end is a timeout.
 *
 * Input layout: 32 bytes of control, then memory contents.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../drivers/sim/crc32c.c"
#include "../../drivers/sim/exec.c"
#include "../../drivers/sim/exec_blit.c"
#include "../unit/exec_fake.h"

#define NPHYS		24
#define NVPAGES		32

static u32 ctl32(const u8 *ctl, unsigned int i)
{
	return get_unaligned_le32(ctl + 4 * i);
}

/* Memory is the body of the input, repeated. */
static void fill_memory(struct fake_gpu *f, const u8 *body, size_t len)
{
	size_t pos = 0, n, i;
	u8 *p;

	for (i = 0; i < NPHYS; i++)
		memset(f->phys[i], 0, FAKE_PAGE);
	if (!len)
		return;
	for (i = 0; i < (size_t)NPHYS * FAKE_PAGE; i += n) {
		p = f->phys[i / FAKE_PAGE] + i % FAKE_PAGE;
		n = FAKE_PAGE - i % FAKE_PAGE;
		if (n > len - pos)
			n = len - pos;
		memcpy(p, body + pos, n);
		pos = (pos + n) % len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fake_gpu f;
	static bool ready;
	u8 ctl[32] = { 0 }, image[MVGPU_CTX_SIZE];
	struct mvgpu_exec ex;
	enum mvgpu_exec_status st;
	unsigned int i, calls;
	u32 flags, budget, ctx_id;
	size_t off;

	if (!ready) {
		fake_init(&f, NPHYS, NVPAGES, false);
		ready = true;
	}
	memcpy(ctl, data, size < sizeof(ctl) ? size : sizeof(ctl));
	off = size < sizeof(ctl) ? size : sizeof(ctl);

	/* Memory: the input, repeated, then a page table with holes. */
	fill_memory(&f, data + off, size - off);
	flags = ctl32(ctl, 6);
	for (i = 0; i < NVPAGES; i++) {
		f.pt[i] = (flags >> (i % 32)) & 1 ? -1 : (int)(i % NPHYS);
		f.ro[i] = i == (ctl[28] % NVPAGES);
	}
	f.pt[0] = 0;	/* the ring */
	f.polls = 0;
	f.preempt_at = ctl[29];
	f.nregs = 0;
	f.irqs = 0;

	mvgpu_exec_init(&ex, &fake_ops, &f);
	/* Mostly: the ring at 0 holds the body, from head 0. */
	ex.ring_base = ctl[0] & 1 ? (u64)ctl32(ctl, 1) << 12 : 0;
	ex.ring_size = 0x1000u << (ctl[8] % 4);
	ex.head = ctl[0] & 2 ? ctl32(ctl, 3) & (ex.ring_size - 1) & ~3u : 0;
	ex.tail = ctl[0] & 4 ? ctl32(ctl, 4) & (ex.ring_size - 1) & ~3u :
			       (size - off) & (ex.ring_size - 1) & ~3u;
	/* A status page, enabled or not, with the reserved bit 1 at times. */
	ex.hwsp = ctl[9] & 1 ? (u64)(ctl[10] % NVPAGES) << 12 | (ctl[9] >> 1 & 3) :
			       0;
	ex.ctx_id = ctl32(ctl, 1) ^ ctl32(ctl, 5);
	if (ctl[11] & 1)	/* misprogrammed */
		ex.ring_size = ctl32(ctl, 5);
	budget = 1 + (ctl32(ctl, 5) & 0x3ffff);

	for (calls = 0; calls < 64; calls++) {
		st = mvgpu_exec_run(&ex, budget);
		if (st == MVGPU_EXEC_PREEMPTED) {
			ctx_id = ex.ctx_id;
			mvgpu_exec_save(&ex, image);
			mvgpu_exec_reset(&ex);
			if (ctl[30] & 1)	/* corrupt one byte */
				image[ctl[31] % 0x60] ^= ctl[30];
			if (mvgpu_exec_restore(&ex, image))
				break;
			/* An intact image brings the context ID back. */
			if (!(ctl[30] & 1) && ex.ctx_id != ctx_id)
				abort();
			f.preempt_at = f.polls + 1 + ctl[29] % 7;
			continue;
		}
		if (st == MVGPU_EXEC_IDLE || st == MVGPU_EXEC_FAULT ||
		    st == MVGPU_EXEC_WAITING)
			break;
	}
	/* A faulted engine stays faulted. */
	if (st == MVGPU_EXEC_FAULT && mvgpu_exec_run(&ex, budget) !=
	    MVGPU_EXEC_FAULT)
		abort();
	return 0;
}
