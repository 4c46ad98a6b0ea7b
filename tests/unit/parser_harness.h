/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fixture of parser_test.c: a client with 4 MiB and more of memory,
 * and the checks every case makes: a refused stream is refused with the
 * error, reason and address expected, and the executor, run on the
 * unparsed stream, faults the same; an accepted stream runs from its
 * shadows exactly as the unparsed stream runs.  Include after
 * parser_fake.h and harness.h.
 */
#ifndef MVGPU_PARSER_HARNESS_H
#define MVGPU_PARSER_HARNESS_H

#define NCLIENT		1100u
#define NSHADOW		1100u
#define PAGE		0x1000ull
#define RING_VA		(1 * PAGE)
#define B1_VA		(2 * PAGE)
#define B2_VA		(3 * PAGE)
#define DATA_VA		(16 * PAGE)
#define HOLE_VA		(40 * PAGE)	/* in the range, no GTT entry */
#define BIG_VA		(48 * PAGE)	/* room for a 4 MiB batch */
#define HI_VA		(1090 * PAGE)	/* end of the client's range */
#define OTHER_VA	(1095 * PAGE)	/* mapped, another client's */
#define MAXD		MVGPU_BATCH_MAX_DWORDS

static struct pfake pf;
static struct mvgpu_cmd_parser p;
static u32 ring_cmds[1024];
static u8 *snapshot;
/* Second pass: the client declares its range (the parser's fast path). */
static bool declare;
/*
 * The parser's stage, in dwords: 0 (three passes always), a few (one pass
 * for the start of a batch, three for the rest, at odd places), or room
 * for the largest batch and the one it starts (one pass always).
 */
#define STAGE_BIG	(2 * MAXD + 2048)
static u32 stage_dwords;
static u32 *stage;

static void setup(void)
{
	unsigned int i;

	for (i = 0; i < NCLIENT; i++) {
		memset(pf.f.phys[i], 0, FAKE_PAGE);
		pf.f.pt[i] = i;
	}
	pf.f.pt[HOLE_VA / PAGE] = -1;
	pf.lo = PAGE;
	pf.hi = HI_VA;
	pf_reset_shadows(&pf);
	pf.reads = 0;
	pf.read_bytes = 0;
	pf.access_calls = 0;
	pf.allocs = 0;
	pf.violations = 0;
	pf.hook = NULL;
	pf.f.nregs = 0;
	pf.f.irqs = 0;
	mvgpu_cmd_parser_init(&p, &pf_ops, &pf);
	if (declare) {
		p.range_va = pf.lo;
		p.range_len = pf.hi - pf.lo;
	}
	p.stage = stage_dwords ? stage : NULL;
	p.stage_dwords = stage_dwords;
}

static struct fake_stream at(u64 va)
{
	return (struct fake_stream){ .f = &pf.f, .va = va };
}

static u32 ring_dwords(const struct fake_stream *s)
{
	return (s->va - RING_VA) / 4;
}

static void save_memory(void)
{
	unsigned int i;

	for (i = 0; i < NCLIENT; i++)
		memcpy(snapshot + (size_t)i * PAGE, pf.f.phys[i], PAGE);
}

static void restore_memory(void)
{
	unsigned int i;

	for (i = 0; i < NCLIENT; i++)
		memcpy(pf.f.phys[i], snapshot + (size_t)i * PAGE, PAGE);
}

static bool memory_equals_snapshot(void)
{
	unsigned int i;

	for (i = 0; i < NCLIENT; i++)
		if (memcmp(pf.f.phys[i], snapshot + (size_t)i * PAGE, PAGE))
			return false;
	return true;
}

/* Parse the ring commands written at RING_VA, as a vGPU copies them. */
static int parse(u32 dwords)
{
	memcpy(ring_cmds, fake_ptr(&pf.f, RING_VA), 4ull * dwords);
	return mvgpu_cmd_parse_ring(&p, ring_cmds, dwords, RING_VA, 0x1000, 0);
}

/* The unparsed stream on the executor, straight from the client's memory. */
static enum mvgpu_exec_status run_unparsed(struct mvgpu_exec *ex, u32 dwords)
{
	enum mvgpu_exec_status st;
	int i;

	mvgpu_exec_init(ex, &fake_ops, &pf.f);
	ex->ring_base = RING_VA;
	ex->ring_size = 0x1000;
	ex->tail = 4 * dwords;
	for (i = 0; i < 64; i++) {
		st = mvgpu_exec_run(ex, 1 << 22);
		if (st != MVGPU_EXEC_BUDGET)
			break;
	}
	return st;
}

/*
 * The ring of @dwords is refused with @err, @reason at @addr after
 * @accepted dwords; a fault the engine would give is what the engine gives.
 */
static void expect_refused_at(u32 dwords, int err, u32 reason, u64 addr,
			      u32 accepted, int line)
{
	struct mvgpu_exec ex;
	int ret = parse(dwords);

	expect_at(ret == err, line, "the error");
	expect_at(p.reason == reason, line, "the reason");
	expect_at(p.fault_addr == addr, line, "the fault address");
	expect_at(p.accepted == accepted, line, "the accepted dwords");
	expect_at(!!p.why, line, "a why");
	expect_at(!pf.violations, line, "no contract violation");
	if (ret != err || p.reason != reason || p.fault_addr != addr)
		printf("# line %d: got %d reason %u at 0x%llx (%s)\n", line,
		       ret, p.reason, (unsigned long long)p.fault_addr, p.why);
	if (err != -EINVAL && err != -EFAULT)
		return;
	expect_at(run_unparsed(&ex, dwords) == MVGPU_EXEC_FAULT, line,
		  "the engine faults too");
	expect_at(ex.fault == reason, line, "the engine's reason");
	expect_at(ex.fault_addr == addr, line, "the engine's address");
	if (ex.fault != reason || ex.fault_addr != addr)
		printf("# line %d: engine: reason %u at 0x%llx\n", line,
		       ex.fault, (unsigned long long)ex.fault_addr);
}

#define expect_refused(d, e, r, a, acc) \
	expect_refused_at(d, e, r, a, acc, __LINE__)

/*
 * The ring of @dwords is accepted; its shadow runs to idle and leaves
 * memory, registers and interrupts exactly as the unparsed stream does.
 */
static void expect_accepted_at(u32 dwords, int line)
{
	struct mvgpu_exec ex;
	unsigned int nregs, irqs;
	int ret;

	save_memory();
	ret = parse(dwords);
	expect_at(!ret, line, "accepted");
	expect_at(p.accepted == dwords, line, "every dword accepted");
	if (ret)
		printf("# line %d: refused %d reason %u at 0x%llx (%s)\n",
		       line, ret, p.reason, (unsigned long long)p.fault_addr,
		       p.why);
	expect_at(pf_run(&pf, &ex, ring_cmds, dwords, 64) == MVGPU_EXEC_IDLE,
		  line, "the shadow runs to idle");
	expect_at(!pf.violations, line, "no violation");
	nregs = pf.f.nregs;
	irqs = pf.f.irqs;
	/* Swap: the shadow's result becomes the reference. */
	{
		u8 *result = malloc((size_t)NCLIENT * PAGE);
		unsigned int i;

		for (i = 0; i < NCLIENT; i++)
			memcpy(result + (size_t)i * PAGE, pf.f.phys[i], PAGE);
		restore_memory();
		pf.f.nregs = 0;
		pf.f.irqs = 0;
		expect_at(run_unparsed(&ex, dwords) == MVGPU_EXEC_IDLE, line,
			  "the unparsed stream runs to idle");
		memcpy(snapshot, result, (size_t)NCLIENT * PAGE);
		free(result);
	}
	expect_at(memory_equals_snapshot(), line, "the same memory");
	expect_at(pf.f.nregs == nregs && pf.f.irqs == irqs, line,
		  "the same registers and interrupts");
}

#define expect_accepted(d) expect_accepted_at(d, __LINE__)

#endif /* MVGPU_PARSER_HARNESS_H */
