/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake client of the command parser (drivers/mvgpu/core/cmd_parser.c) for
 * the userspace harnesses (unit tests, fuzzer, benchmark), over the fake GPU
 * memory of exec_fake.h:
 *
 *   GPU pages [0, nclient)        the client's memory; it may access
 *                                 [lo, hi) of it, the rest is another's
 *   GPU pages [nclient, +nshadow) shadows: each ends at a page end and
 *                                 is followed by a guard page
 *   the last GPU page             the shadow ring the executor runs
 *
 * The callbacks check the parser's side of the contract (read only what
 * access_ok accepted, ranges that do not wrap) and count violations; so
 * does pf_exec_ops, the executor's map for running a parsed submission:
 * an engine may read and write [lo, hi) and only read the shadows' bytes
 * and the ring.  Include after exec.c, exec_fake.h and cmd_parser.c.
 */
#ifndef MVGPU_PARSER_FAKE_H
#define MVGPU_PARSER_FAKE_H

#include <stdlib.h>
#include <string.h>

struct pfake {
	struct fake_gpu f;	/* first: the executor's priv is a fake_gpu */
	unsigned int nclient;
	unsigned int nshadow;
	u64 lo, hi;		/* what access_ok accepts */
	u64 shadow_base;	/* GPU VA of the shadow area */
	u64 shadow_next;	/* its next free page */
	u8 *shadow_block;	/* its host memory, contiguous */
	u8 *tag;		/* per shadow page: 1 when it holds a shadow */
	u64 ring_va;		/* the shadow ring's page */
	u64 shadow_left;	/* dwords shadow_alloc still hands out */
	/* counters */
	unsigned long reads, read_bytes, access_calls, allocs;
	unsigned long violations;	/* contract or isolation violations */
	/* TOCTOU: called before read number @hook_at (1-based) */
	void (*hook)(struct pfake *pf, u64 va, u32 len);
	unsigned long hook_at;
};

static inline void pf_violation(struct pfake *pf, const char *what, u64 va)
{
	pf->violations++;
#ifdef PF_ABORT_ON_VIOLATION
	fprintf(stderr, "violation: %s at 0x%llx\n", what,
		(unsigned long long)va);
	abort();
#endif
}

static inline bool pf_in_range(struct pfake *pf, u64 va, u64 len)
{
	return va >= pf->lo && va < pf->hi && len <= pf->hi - va;
}

static inline bool pf_access_ok(void *priv, u64 va, u64 len, bool write)
{
	struct pfake *pf = priv;

	pf->access_calls++;
	if (!len || va + len < va || va + len == 0)
		pf_violation(pf, "access_ok of an empty or wrapping range", va);
	return pf_in_range(pf, va, len);
}

static inline int pf_read(void *priv, u64 va, void *dst, u32 len)
{
	struct pfake *pf = priv;
	u32 n, done = 0;
	u8 *src;

	pf->reads++;
	if (pf->hook && pf->reads == pf->hook_at)
		pf->hook(pf, va, len);
	pf->read_bytes += len;
	if (!pf_in_range(pf, va, len))
		pf_violation(pf, "read outside what access_ok accepts", va);
	while (done < len) {
		src = fake_ptr(&pf->f, va + done);
		if (!src || va + done >= (u64)pf->nclient * FAKE_PAGE)
			return -EFAULT;
		n = FAKE_PAGE - (va + done) % FAKE_PAGE;
		if (n > len - done)
			n = len - done;
		memcpy((u8 *)dst + done, src, n);
		done += n;
	}
	return 0;
}

/* Each shadow ends at a page end, a guard page after it. */
static inline u32 *pf_shadow_alloc(void *priv, u32 dwords, u64 va,
				   u64 *gpu_va)
{
	struct pfake *pf = priv;
	u64 pages = ((u64)dwords * 4 + FAKE_PAGE - 1) / FAKE_PAGE;
	u64 first = (pf->shadow_next - pf->shadow_base) / FAKE_PAGE, i;

	pf->allocs++;
	if (!dwords)
		pf_violation(pf, "shadow_alloc of 0 dwords", 0);
	if (dwords > pf->shadow_left || first + pages + 1 > pf->nshadow)
		return NULL;
	pf->shadow_left -= dwords;
	for (i = 0; i < pages; i++)
		pf->tag[first + i] = 1;
	*gpu_va = pf->shadow_next + pages * FAKE_PAGE - 4ull * dwords;
	pf->shadow_next += (pages + 1) * FAKE_PAGE;
	return (u32 *)(pf->shadow_block + (*gpu_va - pf->shadow_base));
}

static const struct mvgpu_cmd_parser_ops pf_ops = {
	.read = pf_read,
	.access_ok = pf_access_ok,
	.shadow_alloc = pf_shadow_alloc,
};

/* The executor's view: only the client's range, shadows (RO) and the ring. */
static inline void *pf_exec_map(void *priv, u64 va, bool write)
{
	struct pfake *pf = priv;
	u64 page = va / FAKE_PAGE;

	if (va >= pf->shadow_base && page < (u64)pf->nclient + pf->nshadow) {
		if (write || !pf->tag[page - pf->nclient])
			pf_violation(pf, "engine access to a shadow", va);
	} else if (page == pf->ring_va / FAKE_PAGE) {
		if (write)
			pf_violation(pf, "engine write to the ring", va);
	} else if (!pf_in_range(pf, va, 1)) {
		pf_violation(pf, "engine access outside the client", va);
	}
	return fake_map(priv, va, write);
}

static const struct mvgpu_exec_ops pf_exec_ops = {
	.map = pf_exec_map,
	.write_reg = fake_write_reg,
	.user_interrupt = fake_user_interrupt,
};

/* The shadow area and the ring always live in one host block. */
static inline void pf_init(struct pfake *pf, unsigned int nclient,
			   unsigned int nshadow, bool contiguous)
{
	unsigned int i, n = nclient + nshadow + 1;
	struct fake_gpu *f = &pf->f;

	memset(pf, 0, sizeof(*pf));
	pf->nclient = nclient;
	pf->nshadow = nshadow;
	f->nphys = n;
	f->nvpages = n;
	f->phys = calloc(n, sizeof(*f->phys));
	f->pt = calloc(n, sizeof(*f->pt));
	f->ro = calloc(n, sizeof(*f->ro));
	if (contiguous)
		f->block = aligned_alloc(FAKE_PAGE, (size_t)nclient * FAKE_PAGE);
	pf->shadow_block = aligned_alloc(FAKE_PAGE,
					 (size_t)(nshadow + 1) * FAKE_PAGE);
	memset(pf->shadow_block, 0, (size_t)(nshadow + 1) * FAKE_PAGE);
	pf->tag = calloc(nshadow, 1);
	for (i = 0; i < n; i++) {
		f->pt[i] = i;
		if (i >= nclient)
			f->phys[i] = pf->shadow_block +
				     (size_t)(i - nclient) * FAKE_PAGE;
		else if (contiguous)
			f->phys[i] = f->block + (size_t)i * FAKE_PAGE;
		else
			f->phys[i] = aligned_alloc(FAKE_PAGE, FAKE_PAGE);
		if (i < nclient)
			memset(f->phys[i], 0, FAKE_PAGE);
	}
	pf->lo = 0;
	pf->hi = (u64)nclient * FAKE_PAGE;
	pf->shadow_base = (u64)nclient * FAKE_PAGE;
	pf->shadow_next = pf->shadow_base;
	pf->ring_va = (u64)(n - 1) * FAKE_PAGE;
	pf->shadow_left = ~0ull;
}

/* Drop every shadow: the area is free again. */
static inline void pf_reset_shadows(struct pfake *pf)
{
	memset(pf->tag, 0, pf->nshadow);
	pf->shadow_next = pf->shadow_base;
	pf->shadow_left = ~0ull;
}

static inline void pf_free(struct pfake *pf)
{
	unsigned int i;

	if (pf->f.block)
		free(pf->f.block);
	else
		for (i = 0; i < pf->nclient; i++)
			free(pf->f.phys[i]);
	free(pf->shadow_block);
	free(pf->tag);
	free(pf->f.phys);
	free(pf->f.pt);
	free(pf->f.ro);
}

/*
 * Run @dwords accepted ring commands (the shadow ring) on the executor, at
 * ring offset 0 of the ring page, until idle, a fault, a wait or @max_calls
 * budgets of 1 MiB.  Return the status; the executor is left in @ex.
 */
static inline enum mvgpu_exec_status pf_run(struct pfake *pf,
					    struct mvgpu_exec *ex,
					    const u32 *cmds, u32 dwords,
					    unsigned int max_calls)
{
	enum mvgpu_exec_status st = MVGPU_EXEC_IDLE;
	u8 *ring = fake_ptr(&pf->f, pf->ring_va);
	unsigned int i;

	memset(ring, 0, FAKE_PAGE);
	memcpy(ring, cmds, 4ull * dwords);
	mvgpu_exec_init(ex, &pf_exec_ops, &pf->f);
	ex->ring_base = pf->ring_va;
	ex->ring_size = FAKE_PAGE;
	ex->tail = (4 * dwords) & (FAKE_PAGE - 1);
	for (i = 0; i < max_calls; i++) {
		st = mvgpu_exec_run(ex, 1 << 20);
		if (st != MVGPU_EXEC_BUDGET)
			break;
	}
	return st;
}

#endif /* MVGPU_PARSER_FAKE_H */
