// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the command executor over a fake GPU memory: command
 * effects, faults, and preemption at every point with resume (also through
 * save, reset and restore) giving the same memory as an uninterrupted run.
 * They need nothing from module init.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "../exec.h"
#include "../exec_compat.h"

#define FK_PAGES	64		/* memory: 256 KiB */
#define FK_VPAGES	96		/* GPU VA pages; the rest faults */
#define FK_RING		0x0000ull
#define FK_HWSP		0x1000ull
#define FK_BATCH1	0x2000ull
#define FK_BATCH2	0x3000ull
#define FK_DATA		0x8000ull
#define FK_HOLE		0x3f000ull	/* page 63: unmapped */

struct fk_gpu {
	u8 *mem;
	int pt[FK_VPAGES];
	unsigned long polls, preempt_at;
	u32 regs[4][2];
	unsigned int nregs, irqs;
};

static void *fk_map(void *priv, u64 va, bool write)
{
	struct fk_gpu *f = priv;
	u64 page = va / MVGPU_GTT_PAGE_SIZE;

	if (page >= FK_VPAGES || f->pt[page] < 0)
		return NULL;
	return f->mem + f->pt[page] * MVGPU_GTT_PAGE_SIZE +
	       va % MVGPU_GTT_PAGE_SIZE;
}

static void fk_write_reg(void *priv, u32 reg, u32 val)
{
	struct fk_gpu *f = priv;

	if (f->nregs < ARRAY_SIZE(f->regs)) {
		f->regs[f->nregs][0] = reg;
		f->regs[f->nregs][1] = val;
	}
	f->nregs++;
}

static void fk_user_interrupt(void *priv)
{
	((struct fk_gpu *)priv)->irqs++;
}

static bool fk_preempt_pending(void *priv)
{
	struct fk_gpu *f = priv;

	return ++f->polls == f->preempt_at;
}

static const struct mvgpu_exec_ops fk_ops = {
	.map = fk_map,
	.write_reg = fk_write_reg,
	.user_interrupt = fk_user_interrupt,
	.preempt_pending = fk_preempt_pending,
};

/* Every dword of memory holds its own index; identity map but the hole. */
static struct fk_gpu *fk_create(struct kunit *test, struct mvgpu_exec *ex)
{
	struct fk_gpu *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->mem = kunit_kzalloc(test, FK_PAGES * MVGPU_GTT_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->mem);
	for (i = 0; i < FK_PAGES * MVGPU_GTT_PAGE_SIZE / 4; i++)
		((u32 *)f->mem)[i] = i * 0x9e3779b1u;
	for (i = 0; i < FK_VPAGES; i++)
		f->pt[i] = i < FK_PAGES ? i : -1;
	f->pt[FK_HOLE / MVGPU_GTT_PAGE_SIZE] = -1;
	mvgpu_exec_init(ex, &fk_ops, f);
	ex->ring_base = FK_RING;
	ex->ring_size = 0x1000;
	ex->hwsp = FK_HWSP | MVGPU_HWSP_ENABLE;
	return f;
}

static u32 *fk_dw(struct fk_gpu *f, u64 va)
{
	return fk_map(f, va, false);
}

static void fk_emit(struct fk_gpu *f, struct mvgpu_exec *ex, const u32 *dw,
		    unsigned int n)
{
	while (n--) {
		*fk_dw(f, ex->ring_base + ex->tail) = *dw++;
		ex->tail = (ex->tail + 4) & (ex->ring_size - 1);
	}
}

#define LO(va)	((u32)(va))
#define HI(va)	((u32)((u64)(va) >> 32))
#define CMD(op, flags, len)	MVGPU_CMD(MVGPU_OP_##op, flags, len)

struct cmd_case {
	const char *name;
	u32 ring[24];
	unsigned int dwords;
	enum mvgpu_exec_status status;
	u32 fault;
	u64 fault_addr;
	u64 check_va;		/* 0: nothing to check */
	u32 check_val;
};

#define DW(...)	.ring = { __VA_ARGS__ }, \
		.dwords = sizeof((u32[]){ __VA_ARGS__ }) / sizeof(u32)

static const struct cmd_case cmd_cases[] = {
	{ "store_dword",
	  DW(CMD(STORE_DWORD, 0, 4), LO(FK_DATA + 4), 0, 0xcafe),
	  MVGPU_EXEC_IDLE, 0, 0, FK_DATA + 4, 0xcafe },
	{ "fill_across_page",
	  DW(CMD(FILL, 0, 7), LO(FK_DATA + 0xff8), 0, 0, 16, 1, 0x11223344),
	  MVGPU_EXEC_IDLE, 0, 0, FK_DATA + 0x1004, 0x11223344 },
	{ "fill_rows",
	  DW(CMD(FILL, 0, 7), LO(FK_DATA), 0, 0x2000, 8, 3, 0xa5a5a5a5),
	  MVGPU_EXEC_IDLE, 0, 0, FK_DATA + 0x4004, 0xa5a5a5a5 },
	{ "copy_across_page",
	  DW(CMD(STORE_DWORD, 0, 4), LO(FK_DATA + 0xffc), 0, 0x12345678,
	     CMD(COPY, 0, 9), LO(FK_DATA + 0xffc), 0, 0, LO(FK_DATA + 0x3000),
	     0, 0, 8, 1),
	  MVGPU_EXEC_IDLE, 0, 0, FK_DATA + 0x3000, 0x12345678 },
	{ "crc32c",
	  DW(CMD(STORE_DWORD, 0, 4), LO(FK_DATA + 0xffc), 0, 0x34333231,
	     CMD(STORE_DWORD, 0, 4), LO(FK_DATA + 0x1000), 0, 0x38373635,
	     CMD(STORE_DWORD, 0, 4), LO(FK_DATA + 0x1004), 0, 0x39,
	     CMD(CRC32C, 0, 6), LO(FK_DATA + 0xffc), 0, 9, LO(FK_DATA), 0),
	  MVGPU_EXEC_IDLE, 0, 0, FK_DATA, 0xe3069283 },
	{ "semaphore_waits",
	  DW(CMD(STORE_DWORD, 0, 4), LO(FK_DATA), 0, 5,
	     CMD(SEMAPHORE_WAIT, MVGPU_SEM_GTE, 4), LO(FK_DATA), 0, 6),
	  MVGPU_EXEC_WAITING, 0, 0, FK_HWSP, 16 },
	{ "semaphore_passes",
	  DW(CMD(STORE_DWORD, 0, 4), LO(FK_DATA), 0, 5,
	     CMD(SEMAPHORE_WAIT, MVGPU_SEM_LT, 4), LO(FK_DATA), 0, 6),
	  MVGPU_EXEC_IDLE, 0, 0, FK_HWSP, 32 },
	{ "opcode",
	  DW(CMD(NOOP, 0, 1), MVGPU_CMD(0x0bu, 0, 1)),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_OPCODE, FK_RING + 4, 0, 0 },
	{ "batch_end_in_ring",
	  DW(CMD(BATCH_END, 0, 1)),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_OPCODE, FK_RING, 0, 0 },
	{ "length",
	  DW(CMD(STORE_DWORD, 0, 3), 0, 0),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_LENGTH, FK_RING, 0, 0 },
	{ "past_tail",
	  DW(CMD(STORE_DWORD, 0, 4), LO(FK_DATA), 0),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_LENGTH, FK_RING, 0, 0 },
	{ "register",
	  DW(CMD(LOAD_REGISTER_IMM, 0, 3), MVGPU_REG_INT_SET, 1),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_REGISTER, FK_RING, 0, 0 },
	{ "alignment",
	  DW(CMD(STORE_DWORD, 0, 4), LO(FK_DATA + 2), 0, 0),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_ALIGNMENT, FK_RING, 0, 0 },
	{ "gtt",
	  DW(CMD(STORE_DWORD, 0, 4), LO(FK_HOLE + 8), 0, 0),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_GTT, FK_HOLE + 8, 0, 0 },
	{ "fill_into_hole",
	  DW(CMD(FILL, 0, 7), LO(FK_HOLE - 8), 0, 0, 16, 1, 0x01020304),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_GTT, FK_HOLE, FK_HOLE - 4, 0x01020304 },
	{ "batch_depth",
	  DW(CMD(BATCH_START, 0, 3), LO(FK_RING + 12), 0,
	     CMD(BATCH_START, 0, 3), LO(FK_RING + 12), 0),
	  MVGPU_EXEC_FAULT, MVGPU_FAULT_BATCH_DEPTH, FK_RING + 12, 0, 0 },
};

static void cmd_case_desc(const struct cmd_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cmd, cmd_cases, cmd_case_desc);

static void mvgpu_test_exec_command(struct kunit *test)
{
	const struct cmd_case *c = test->param_value;
	struct mvgpu_exec *ex = kunit_kzalloc(test, sizeof(*ex), GFP_KERNEL);
	struct fk_gpu *f;

	KUNIT_ASSERT_NOT_NULL(test, ex);
	f = fk_create(test, ex);
	fk_emit(f, ex, c->ring, c->dwords);
	KUNIT_EXPECT_EQ(test, mvgpu_exec_run(ex, ~0ull), c->status);
	KUNIT_EXPECT_EQ(test, ex->fault, c->fault);
	if (c->fault) {
		KUNIT_EXPECT_EQ(test, ex->fault_addr, c->fault_addr);
		KUNIT_EXPECT_EQ(test, mvgpu_exec_run(ex, ~0ull),
				MVGPU_EXEC_FAULT);
	}
	if (c->check_va)
		KUNIT_EXPECT_EQ(test, *fk_dw(f, c->check_va), c->check_val);
}

static void mvgpu_test_exec_lri_and_interrupt(struct kunit *test)
{
	static const u32 ring[] = {
		CMD(LOAD_REGISTER_IMM, 0, 5), MVGPU_REG_SCRATCH(0), 1,
		MVGPU_REG_SCRATCH(2), 3, CMD(USER_INTERRUPT, 0, 1),
		CMD(ARB_CHECK, 0, 1), CMD(NOOP, 0, 1),
	};
	struct mvgpu_exec *ex = kunit_kzalloc(test, sizeof(*ex), GFP_KERNEL);
	struct fk_gpu *f;

	KUNIT_ASSERT_NOT_NULL(test, ex);
	f = fk_create(test, ex);
	fk_emit(f, ex, ring, ARRAY_SIZE(ring));
	KUNIT_EXPECT_EQ(test, mvgpu_exec_run(ex, ~0ull), MVGPU_EXEC_IDLE);
	KUNIT_EXPECT_EQ(test, f->nregs, 2u);
	KUNIT_EXPECT_EQ(test, f->regs[1][0], (u32)MVGPU_REG_SCRATCH(2));
	KUNIT_EXPECT_EQ(test, f->regs[1][1], 3u);
	KUNIT_EXPECT_EQ(test, f->irqs, 1u);
	KUNIT_EXPECT_EQ(test, ex->cmds_completed, 4ull);
	KUNIT_EXPECT_EQ(test, *fk_dw(f, FK_HWSP), ex->head);
}

static void mvgpu_test_exec_crc32c(struct kunit *test)
{
	u8 zeros[32] = { 0 };

	KUNIT_EXPECT_EQ(test, mvgpu_crc32c("123456789", 9), 0xe3069283u);
	KUNIT_EXPECT_EQ(test, mvgpu_crc32c(zeros, 32), 0x8a9136aau);
	KUNIT_EXPECT_EQ(test, mvgpu_crc32c(zeros, 0), 0u);
}

/*
 * The kernel's crc32c (when mvgpu_crc32c_init() found one) against the
 * tables: every alignment, lengths on both sides of crc32c-intel's 512-byte
 * switch to its folding path, split anywhere.
 */
static void mvgpu_test_exec_crc32c_kernel(struct kunit *test)
{
	const size_t size = 8192 + 16;
	u32 a, len, cut, seed = 0x12345678, crc, part;
	u8 *buf = kunit_kmalloc(test, size, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < size; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = seed >> 16;
	}
	for (a = 0; a < 16; a++) {
		for (len = 0; len <= 8192; len += 1 + len / 3) {
			crc = mvgpu_crc32c_table(~0u, buf + a, len);
			KUNIT_EXPECT_EQ(test, mvgpu_crc32c_update(~0u, buf + a,
								  len), crc);
			cut = len ? (seed = seed * 1103515245u + 12345u) % len : 0;
			part = mvgpu_crc32c_update(~0u, buf + a, cut);
			part = mvgpu_crc32c_update(part, buf + a + cut,
						   len - cut);
			KUNIT_EXPECT_EQ(test, part, crc);
		}
	}
}

/* Multi-chunk commands in the ring and in two batch levels. */
static void fk_workload(struct fk_gpu *f, struct mvgpu_exec *ex)
{
	static const u32 b2[] = {
		CMD(FILL, 0, 7), LO(FK_DATA + 0x10000), 0, 0x104, 0x100, 0x20,
		0x77665544, CMD(USER_INTERRUPT, 0, 1), CMD(BATCH_END, 0, 1),
	};
	const u32 b1[] = {
		CMD(COPY, 0, 9), LO(FK_DATA), 0, 0x8000, LO(FK_DATA + 3), 0,
		0x8001, 0x7000, 3,
		CMD(BATCH_START, 0, 3), LO(FK_BATCH2), 0,
		CMD(CRC32C, 0, 6), LO(FK_DATA + 1), 0, 0x21001,
		LO(FK_DATA + 0x30000), 0,
		CMD(BATCH_END, 0, 1),
	};
	const u32 ring[] = {
		CMD(FILL, 0, 7), LO(FK_DATA + 0x18004), 0, 0, 0x13000, 1,
		0xa1b2c3d4,
		CMD(BATCH_START, 0, 3), LO(FK_BATCH1), 0,
		CMD(COPY, 0, 9), LO(FK_DATA + 0x100), 0, 0x1000, LO(FK_DATA), 0,
		0x1000, 0x1800, 5,
		CMD(STORE_DWORD, 0, 4), LO(FK_DATA + 0x30004), 0, 0x5678,
	};

	memcpy(fk_dw(f, FK_BATCH1), b1, sizeof(b1));
	memcpy(fk_dw(f, FK_BATCH2), b2, sizeof(b2));
	fk_emit(f, ex, ring, ARRAY_SIZE(ring));
}

static void fk_run_workload(struct kunit *test, struct fk_gpu *f,
			    struct mvgpu_exec *ex, u64 budget, bool save)
{
	enum mvgpu_exec_status st;
	u8 image[MVGPU_CTX_SIZE];
	unsigned int calls = 0;

	fk_workload(f, ex);
	do {
		st = mvgpu_exec_run(ex, budget);
		if (st == MVGPU_EXEC_PREEMPTED && save) {
			KUNIT_ASSERT_EQ(test, mvgpu_exec_save(ex, image), 0);
			mvgpu_exec_reset(ex);
			KUNIT_ASSERT_EQ(test, mvgpu_exec_restore(ex, image), 0);
		}
	} while ((st == MVGPU_EXEC_BUDGET || st == MVGPU_EXEC_PREEMPTED) &&
		 ++calls < 10000);
	KUNIT_ASSERT_EQ(test, st, MVGPU_EXEC_IDLE);
}

static void mvgpu_test_exec_preempt_resume(struct kunit *test)
{
	static const u64 budgets[] = { ~0ull, 0x3001 };
	struct mvgpu_exec *ex = kunit_kzalloc(test, sizeof(*ex), GFP_KERNEL);
	size_t bytes = FK_PAGES * MVGPU_GTT_PAGE_SIZE;
	unsigned long at, polls;
	unsigned int b, save;
	struct fk_gpu *f;
	u8 *want;

	KUNIT_ASSERT_NOT_NULL(test, ex);
	want = kunit_kzalloc(test, bytes, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	for (b = 0; b < ARRAY_SIZE(budgets); b++) {
		f = fk_create(test, ex);
		fk_run_workload(test, f, ex, budgets[b], false);
		KUNIT_ASSERT_EQ(test, f->irqs, 1u);
		memcpy(want, f->mem, bytes);
		polls = f->polls;
		for (at = 1; at <= polls; at++) {
			for (save = 0; save < 2; save++) {
				f = fk_create(test, ex);
				f->preempt_at = at;
				fk_run_workload(test, f, ex, budgets[b], save);
				KUNIT_EXPECT_EQ_MSG(test, memcmp(want, f->mem, bytes),
						    0, "budget %llx poll %lu save %u",
						    budgets[b], at, save);
				KUNIT_EXPECT_EQ(test, f->irqs, 1u);
				kunit_kfree(test, f->mem);
				kunit_kfree(test, f);
			}
		}
	}
}

static void mvgpu_test_exec_restore_invalid(struct kunit *test)
{
	static const u32 offsets[] = {
		MVGPU_CTX_MAGIC, MVGPU_CTX_FLAGS, MVGPU_CTX_RING_SIZE,
		MVGPU_CTX_RING_HEAD, MVGPU_CTX_LEVEL, MVGPU_CTX_CMD_ADDR,
		MVGPU_CTX_HWSP, MVGPU_CTX_SIZE - 4,
	};
	static const u32 values[] = { 0, 2, 0x3000, 0x1000, 3, 4, 2, 1 };
	struct mvgpu_exec *ex = kunit_kzalloc(test, sizeof(*ex), GFP_KERNEL);
	u8 *good, *img;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, ex);
	good = kunit_kzalloc(test, 2 * MVGPU_CTX_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, good);
	img = good + MVGPU_CTX_SIZE;
	fk_create(test, ex);
	KUNIT_EXPECT_EQ(test, mvgpu_exec_save(ex, good), 0);
	KUNIT_EXPECT_EQ(test, mvgpu_exec_restore(ex, good), 0);
	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		memcpy(img, good, MVGPU_CTX_SIZE);
		put_unaligned_le32(values[i], img + offsets[i]);
		KUNIT_EXPECT_EQ_MSG(test, mvgpu_exec_restore(ex, img), -EINVAL,
				    "offset %#x", offsets[i]);
	}
}

static struct kunit_case mvgpu_sim_exec_cases[] = {
	KUNIT_CASE_PARAM(mvgpu_test_exec_command, cmd_gen_params),
	KUNIT_CASE(mvgpu_test_exec_lri_and_interrupt),
	KUNIT_CASE(mvgpu_test_exec_crc32c),
	KUNIT_CASE(mvgpu_test_exec_crc32c_kernel),
	KUNIT_CASE(mvgpu_test_exec_preempt_resume),
	KUNIT_CASE(mvgpu_test_exec_restore_invalid),
	{}
};

static struct kunit_suite mvgpu_sim_exec_suite = {
	.name = "mvgpu_sim_exec",
	.test_cases = mvgpu_sim_exec_cases,
};

kunit_test_suite(mvgpu_sim_exec_suite);
