/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake GPU memory for the executor's userspace harnesses (unit tests,
 * fuzzer, benchmark): physical pages, a page table from GPU pages to them
 * (holes, read-only pages, aliases) and command builders.
 *
 * Include after drivers/sim/exec.c.  Physical pages are one block (pages
 * contiguous on the host, the executor merges them into runs) or one
 * allocation each (never contiguous: AddressSanitizer then catches an
 * access past the end of a page).
 */
#ifndef MVGPU_EXEC_FAKE_H
#define MVGPU_EXEC_FAKE_H

#include <stdlib.h>
#include <string.h>

#define FAKE_PAGE	4096u
#define FAKE_MAX_REGS	4096

struct fake_gpu {
	unsigned int nphys;
	unsigned int nvpages;
	u8 *block;		/* contiguous mode, else NULL */
	u8 **phys;
	int *pt;		/* GPU page -> physical page, -1: hole */
	bool *ro;
	unsigned long polls;	/* preempt_pending calls */
	unsigned long preempt_at;	/* poll number that returns true, 0 none */
	unsigned long maps;
	u32 reg_log[FAKE_MAX_REGS][2];
	unsigned int nregs;
	unsigned int irqs;
	u64 irq_head_va;	/* non-zero: record the dword there at irqs */
	u32 irq_head;
};

static inline void *fake_map(void *priv, u64 va, bool write)
{
	struct fake_gpu *f = priv;
	u64 page = va / FAKE_PAGE;

	f->maps++;
	if (page >= f->nvpages || f->pt[page] < 0 || (write && f->ro[page]))
		return NULL;
	return f->phys[f->pt[page]] + va % FAKE_PAGE;
}

static inline void fake_write_reg(void *priv, u32 reg, u32 val)
{
	struct fake_gpu *f = priv;

	if (f->nregs < FAKE_MAX_REGS) {
		f->reg_log[f->nregs][0] = reg;
		f->reg_log[f->nregs][1] = val;
	}
	f->nregs++;
}

static inline void fake_user_interrupt(void *priv)
{
	struct fake_gpu *f = priv;
	u64 page = f->irq_head_va / FAKE_PAGE;

	f->irqs++;
	if (f->irq_head_va && page < f->nvpages && f->pt[page] >= 0)
		f->irq_head = get_unaligned_le32(f->phys[f->pt[page]] +
						 f->irq_head_va % FAKE_PAGE);
}

static inline bool fake_preempt_pending(void *priv)
{
	struct fake_gpu *f = priv;

	return ++f->polls == f->preempt_at;
}

static const struct mvgpu_exec_ops fake_ops = {
	.map = fake_map,
	.write_reg = fake_write_reg,
	.user_interrupt = fake_user_interrupt,
	.preempt_pending = fake_preempt_pending,
};

/* Identity page table over the first nphys GPU pages; the rest are holes. */
static inline void fake_init(struct fake_gpu *f, unsigned int nphys,
			     unsigned int nvpages, bool contiguous)
{
	unsigned int i;

	memset(f, 0, sizeof(*f));
	f->nphys = nphys;
	f->nvpages = nvpages;
	f->phys = calloc(nphys, sizeof(*f->phys));
	f->pt = calloc(nvpages, sizeof(*f->pt));
	f->ro = calloc(nvpages, sizeof(*f->ro));
	if (contiguous)
		f->block = aligned_alloc(FAKE_PAGE, (size_t)nphys * FAKE_PAGE);
	for (i = 0; i < nphys; i++)
		f->phys[i] = contiguous ? f->block + (size_t)i * FAKE_PAGE :
					  aligned_alloc(FAKE_PAGE, FAKE_PAGE);
	for (i = 0; i < nvpages; i++)
		f->pt[i] = i < nphys ? (int)i : -1;
}

static inline void fake_free(struct fake_gpu *f)
{
	unsigned int i;

	if (f->block)
		free(f->block);
	else
		for (i = 0; i < f->nphys; i++)
			free(f->phys[i]);
	free(f->phys);
	free(f->pt);
	free(f->ro);
}

/* The test's own view of memory (no fault, no logging). */
static inline u8 *fake_ptr(struct fake_gpu *f, u64 va)
{
	u64 page = va / FAKE_PAGE;

	if (page >= f->nvpages || f->pt[page] < 0)
		return NULL;
	return f->phys[f->pt[page]] + va % FAKE_PAGE;
}

static inline void fake_put32(struct fake_gpu *f, u64 va, u32 val)
{
	put_unaligned_le32(val, fake_ptr(f, va));
}

static inline u32 fake_get32(struct fake_gpu *f, u64 va)
{
	return get_unaligned_le32(fake_ptr(f, va));
}

/* Where commands go: the ring at its tail, or a batch buffer. */
struct fake_stream {
	struct fake_gpu *f;
	struct mvgpu_exec *ring;	/* NULL for a batch */
	u64 va;
};

static inline void put(struct fake_stream *s, u32 dw)
{
	struct mvgpu_exec *ex = s->ring;

	if (!ex) {
		fake_put32(s->f, s->va, dw);
		s->va += 4;
		return;
	}
	fake_put32(s->f, ex->ring_base + ex->tail, dw);
	ex->tail = (ex->tail + 4) & (ex->ring_size - 1);
}

static inline void put_addr(struct fake_stream *s, u64 va)
{
	put(s, (u32)va);
	put(s, (u32)(va >> 32));
}

static inline void cmd_op(struct fake_stream *s, u32 op)
{
	put(s, MVGPU_CMD(op, 0, 1));
}

static inline void cmd_batch(struct fake_stream *s, u64 va)
{
	put(s, MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3));
	put_addr(s, va);
}

static inline void cmd_store(struct fake_stream *s, u64 va, u32 val)
{
	put(s, MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4));
	put_addr(s, va);
	put(s, val);
}

static inline void cmd_sem(struct fake_stream *s, u32 op, u64 va, u32 val)
{
	put(s, MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, op, 4));
	put_addr(s, va);
	put(s, val);
}

static inline void cmd_lri(struct fake_stream *s, u32 n, const u32 *pairs)
{
	u32 i;

	put(s, MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 1 + 2 * n));
	for (i = 0; i < 2 * n; i++)
		put(s, pairs[i]);
}

static inline void cmd_fill(struct fake_stream *s, u64 dst, u32 pitch,
			    u32 width, u32 height, u32 val)
{
	put(s, MVGPU_CMD(MVGPU_OP_FILL, 0, 7));
	put_addr(s, dst);
	put(s, pitch);
	put(s, width);
	put(s, height);
	put(s, val);
}

static inline void cmd_copy(struct fake_stream *s, u64 src, u32 spitch,
			    u64 dst, u32 dpitch, u32 width, u32 height)
{
	put(s, MVGPU_CMD(MVGPU_OP_COPY, 0, 9));
	put_addr(s, src);
	put(s, spitch);
	put_addr(s, dst);
	put(s, dpitch);
	put(s, width);
	put(s, height);
}

static inline void cmd_crc(struct fake_stream *s, u64 src, u32 bytes, u64 dst)
{
	put(s, MVGPU_CMD(MVGPU_OP_CRC32C, 0, 6));
	put_addr(s, src);
	put(s, bytes);
	put_addr(s, dst);
}

#endif /* MVGPU_EXEC_FAKE_H */
