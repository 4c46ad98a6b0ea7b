// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target of the command parser (drivers/mvgpu/core/cmd_parser.c):
 * the input becomes a client's memory (ring commands, batches, data, with
 * holes), its allowed range, a shadow budget and a client that rewrites a
 * dword of its memory in the middle of the parse (TOCTOU).  Property: for
 * every command the parser accepts, the executor (drivers/sim/exec.c) run
 * on the shadows touches only GPU VAs in the client's range (reads and
 * writes), the shadows' own bytes and the shadow ring (reads), and faults
 * with nothing but GTT; the parser keeps its side of the callbacks'
 * contract.  A violation is an abort() (parser_fake.h).
 *
 * Input layout: 16 bytes of control, then memory contents, repeated.  With
 * bit 7 of control byte 15 set, the ring (page 0) and three batches (pages
 * 1-3) are built instead from the input by a generator that writes mostly
 * well-formed commands with addresses near the client's pages, so that
 * the fuzzer reaches the audit of every command quickly.  With bit 6, the
 * client declares a part of its range (mvgpu_cmd_parser.range_va).
 * Control byte 8 gives the parser a stage (mvgpu_cmd_parser.stage): none
 * (three passes), 1 to 64 dwords (byte 9: one pass, then three), or room
 * for every batch the client's memory can hold (one pass).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#define PF_ABORT_ON_VIOLATION

#include "../../drivers/sim/crc32c.c"
#include "../../drivers/sim/exec.c"
#include "../../drivers/sim/exec_blit.c"
#include "../../drivers/mvgpu/core/cmd_parser.c"
#include "../unit/exec_fake.h"
#include "../unit/parser_fake.h"

#define NCLIENT		16u
#define NSHADOW		48u
#define CTL		16u

static const u8 *ctl;
/* The parser's stage: two batches as large as the client's memory. */
static u32 stage[2 * NCLIENT * FAKE_PAGE / 4];

/* TOCTOU: the client rewrites one dword while the parser reads. */
static void rewrite(struct pfake *pf, u64 va, u32 len)
{
	u64 at = (u64)(ctl[4] | ctl[5] << 8) & ~3u;
	u8 *ptr = fake_ptr(&pf->f, at % (NCLIENT * FAKE_PAGE));

	if (ptr)
		memcpy(ptr, ctl + 8, 4);
}

static void fill_memory(struct pfake *pf, const u8 *body, size_t len)
{
	size_t pos = 0, n, i;
	u8 *p;

	for (i = 0; i < NCLIENT; i++)
		memset(pf->f.phys[i], 0, FAKE_PAGE);
	if (!len)
		return;
	for (i = 0; i < (size_t)NCLIENT * FAKE_PAGE; i += n) {
		p = pf->f.phys[i / FAKE_PAGE] + i % FAKE_PAGE;
		n = FAKE_PAGE - i % FAKE_PAGE;
		if (n > len - pos)
			n = len - pos;
		memcpy(p, body + pos, n);
		pos = (pos + n) % len;
	}
}

/* The generator's input: bytes of the body, 0 when used up. */
struct gen {
	const u8 *in;
	size_t len, pos;
};

static u32 gen8(struct gen *g)
{
	return g->pos < g->len ? g->in[g->pos++] : 0;
}

static u32 gen32(struct gen *g)
{
	return gen8(g) | gen8(g) << 8 | gen8(g) << 16 | gen8(g) << 24;
}

/* An address: mostly a dword in or near the client's pages, or a batch. */
static u64 gen_addr(struct gen *g)
{
	u32 sel = gen8(g);

	switch (sel & 7) {
	case 0:
		return (u64)gen32(g) << 32 | gen32(g);
	case 1:
		return (u64)(1 + sel % 3) * FAKE_PAGE;	/* a batch */
	case 2:
		return (u64)(NCLIENT + 4) * FAKE_PAGE + 4 * gen8(g);
	default:
		return (u64)(sel >> 3) * 0x800 + 4 * gen8(g) +
		       ((sel & 0x18) == 0x18 ? 2 : 0);
	}
}

/* A size: mostly small, at times any. */
static u32 gen_size(struct gen *g)
{
	u32 v = gen8(g);

	return v & 0x80 ? gen32(g) : v & 0x7c;
}

/*
 * Write one command at @out (room for 16 dwords); return its dwords.  The
 * ring (@ring) mostly starts batches.
 */
static u32 gen_cmd(struct gen *g, u32 *out, bool ring)
{
	u32 op = gen8(g), n = 0, i, len;
	u64 a;

	if (op >= 0xf8) {			/* anything */
		out[0] = gen32(g);
		return 1;
	}
	op = ring && op & 0x80 ? MVGPU_OP_BATCH_START : op % MVGPU_NUM_OPS;
	len = mvgpu_cmd_table()[op].len;
	if (!len)
		len = 1 + 2 * (1 + gen8(g) % 3);
	out[n++] = MVGPU_CMD(op, op == MVGPU_OP_SEMAPHORE_WAIT ? gen8(g) % 6 % 5 :
			     0, len);
	for (i = 1; i < len; i++)
		out[i] = op == MVGPU_OP_LOAD_REGISTER_IMM && (i & 1) ?
			 MVGPU_REG_SCRATCH(gen8(g) % 5) : gen_size(g);
	for (i = 0; i < mvgpu_cmd_table()[op].nmem; i++) {
		a = gen_addr(g);
		/* Batches mostly start at one of the generated ones. */
		if (mvgpu_cmd_table()[op].mem[i].access == MVGPU_MEM_BATCH &&
		    (a & 3) != 3)
			a = (1 + a % 3) * FAKE_PAGE;
		out[mvgpu_cmd_table()[op].mem[i].addr] = (u32)a;
		out[mvgpu_cmd_table()[op].mem[i].addr + 1] = (u32)(a >> 32);
	}
	return len;
}

/* Ring commands at page 0, then a batch in each of pages 1-3. */
static u32 generate(struct pfake *pf, const u8 *body, size_t len)
{
	struct gen g = { .in = body, .len = len };
	u32 *page, pos, k, ring = 0;
	unsigned int b;

	for (b = 0; b < 4; b++) {
		page = (u32 *)pf->f.phys[b];
		k = b ? 1 + gen8(&g) % 12 : 1 + gen8(&g) % 24;
		for (pos = 0; k-- && pos < 1000; )
			pos += gen_cmd(&g, page + pos, !b);
		if (b)
			page[pos] = MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1);
		else
			ring = pos;
	}
	return ring;
}

/* The parser's promises about its own report. */
static void check_report(const struct mvgpu_cmd_parser *p, int ret,
			 u32 dwords, const u32 *cmds)
{
	u32 i, len;

	if (ret && ret != -EINVAL && ret != -EACCES && ret != -EFAULT &&
	    ret != -ENOSPC)
		abort();
	if (!ret && (p->accepted != dwords || p->reason || p->why))
		abort();
	if (ret && (!p->why || !p->reason || p->accepted >= dwords))
		abort();
	if (ret == -EACCES && p->reason != MVGPU_FAULT_REJECTED)
		abort();
	/* accepted ends on a command boundary */
	for (i = 0; i < p->accepted; i += len) {
		len = mvgpu_cmd_parse_length(cmds[i]);
		if (!len)
			abort();
	}
	if (i != p->accepted)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pfake pf;
	static bool ready;
	static u8 zero[CTL];
	struct mvgpu_cmd_parser p;
	struct mvgpu_exec ex;
	enum mvgpu_exec_status st;
	u32 cmds[1024], dwords, offset, holes;
	u64 ring_base;
	unsigned int i;
	int ret;

	if (!ready) {
		pf_init(&pf, NCLIENT, NSHADOW, false);
		ready = true;
	}
	ctl = size >= CTL ? data : zero;
	if (size >= CTL)
		fill_memory(&pf, data + CTL, size - CTL);
	else
		fill_memory(&pf, NULL, 0);

	/* The client: a range of its pages, holes in it, a shadow budget. */
	pf.lo = (u64)(ctl[0] & 3) * FAKE_PAGE;
	pf.hi = (u64)(NCLIENT - (ctl[0] >> 2 & 3)) * FAKE_PAGE;
	holes = ctl[1] & 0x80 ? (u32)(ctl[2] | ctl[3] << 8) : 0;
	for (i = 0; i < NCLIENT; i++)
		pf.f.pt[i] = i && (holes >> i & 1) ? -1 : (int)i;
	pf_reset_shadows(&pf);
	if (ctl[1] & 0x40)
		pf.shadow_left = 1u << (ctl[1] & 0x1f);
	pf.hook = (ctl[6] & 0xe0) == 0xe0 ? rewrite : NULL;
	pf.hook_at = 1 + (ctl[6] & 0x1f);
	pf.violations = 0;
	pf.reads = 0;

	/* The ring: the first dwords of the client's memory, at an offset. */
	dwords = ctl[7] % 1000;
	if (ctl[15] & 0x80 && size > CTL)
		dwords = generate(&pf, data + CTL, size - CTL);
	memcpy(cmds, pf.f.phys[0], 4ull * dwords);
	ring_base = (u64)(ctl[12] % NCLIENT) * FAKE_PAGE;
	offset = (ctl[13] | ctl[14] << 8) & 0xffc;

	mvgpu_cmd_parser_init(&p, &pf_ops, &pf);
	if (ctl[15] & 0x40) {	/* a declared range, inside the accepted one */
		p.range_va = pf.lo + (u64)(ctl[11] & 3) * FAKE_PAGE;
		p.range_len = pf.hi - p.range_va;
		if (ctl[11] & 4)	/* not to the end */
			p.range_len -= (u64)(ctl[11] >> 3 & 3) * FAKE_PAGE;
	}
	if (ctl[8] & 3) {
		p.stage = stage;
		p.stage_dwords = (ctl[8] & 3) == 1 ? 1 + ctl[9] % 64 :
				 (u32)ARRAY_SIZE(stage);
	}
	ret = mvgpu_cmd_parse_ring(&p, cmds, dwords, ring_base, 0x1000, offset);
	check_report(&p, ret, dwords, cmds);

	/* What was accepted runs from its shadows within the client's reach. */
	pf.hook = NULL;
	st = pf_run(&pf, &ex, cmds, p.accepted, 16);
	if (st == MVGPU_EXEC_FAULT && ex.fault != MVGPU_FAULT_GTT)
		abort();
	return 0;
}
