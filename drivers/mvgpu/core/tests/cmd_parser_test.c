// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the command parser (core/cmd_parser.c), in the kernel
 * build: a client whose memory is a kernel buffer at a fixed GPU VA,
 * shadows from a second buffer, one case per kind of verdict.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/string.h>

#include <mvgpu/mvgpu_cmd_parser.h>

#define T_VA		0x100000ull	/* GPU VA of the client's memory */
#define T_SIZE		0x4000u		/* its size; it may access it all */
#define T_RING		(T_VA + 0x000)
#define T_B1		(T_VA + 0x1000)
#define T_B2		(T_VA + 0x2000)
#define T_DATA		(T_VA + 0x3000)
#define T_OTHER		(T_VA + T_SIZE)	/* another client's */
#define T_SHADOW_VA	0x800000ull
#define T_SHADOW_DW	1024u

struct t_client {
	u32 *mem;
	u32 *shadow;
	u32 shadow_used;
	unsigned int reads;
	/* TOCTOU: before read number @poke_at, write @poke_val at @poke_va */
	unsigned int poke_at;
	u64 poke_va;
	u32 poke_val;
};

static u32 *t_word(struct t_client *c, u64 va)
{
	return &c->mem[(va - T_VA) / 4];
}

static bool t_access_ok(void *priv, u64 va, u64 len, bool write)
{
	return va >= T_VA && va < T_VA + T_SIZE && len <= T_VA + T_SIZE - va;
}

static int t_read(void *priv, u64 va, void *dst, u32 len)
{
	struct t_client *c = priv;

	if (++c->reads == c->poke_at)
		*t_word(c, c->poke_va) = c->poke_val;
	if (!t_access_ok(priv, va, len, false))
		return -EFAULT;
	memcpy(dst, t_word(c, va), len);
	return 0;
}

static u32 *t_shadow_alloc(void *priv, u32 dwords, u64 va, u64 *gpu_va)
{
	struct t_client *c = priv;
	u32 *s;

	if (dwords > T_SHADOW_DW - c->shadow_used)
		return NULL;
	s = &c->shadow[c->shadow_used];
	*gpu_va = T_SHADOW_VA + 4ull * c->shadow_used;
	c->shadow_used += dwords;
	return s;
}

static const struct mvgpu_cmd_parser_ops t_ops = {
	.read = t_read,
	.access_ok = t_access_ok,
	.shadow_alloc = t_shadow_alloc,
};

static struct t_client *t_client(struct kunit *test)
{
	struct t_client *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->mem = kunit_kzalloc(test, T_SIZE, GFP_KERNEL);
	c->shadow = kunit_kzalloc(test, 4 * T_SHADOW_DW, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->mem);
	KUNIT_ASSERT_NOT_NULL(test, c->shadow);
	return c;
}

/* Write @n dwords at @va; return the VA after them. */
static u64 t_put(struct t_client *c, u64 va, const u32 *dw, unsigned int n)
{
	memcpy(t_word(c, va), dw, 4 * n);
	return va + 4ull * n;
}

#define T_PUT(c, va, ...) \
	t_put(c, va, (const u32[]){ __VA_ARGS__ }, \
	      sizeof((const u32[]){ __VA_ARGS__ }) / 4)

#define T_BS		MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3)
#define T_END		MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1)
#define T_NOOP		MVGPU_CMD(MVGPU_OP_NOOP, 0, 1)
#define T_UI		MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1)
#define T_FILL		MVGPU_CMD(MVGPU_OP_FILL, 0, 7)
#define T_VAL		0x5a5a5a5a

static u64 t_shadow_target(const u32 *cmd)
{
	return (u64)cmd[2] << 32 | cmd[1];
}

/* Both levels accepted; each BATCH_START points at its batch's shadow. */
static void mvgpu_test_cmd_parser_accepts_nested(struct kunit *test)
{
	static const u32 ring_cmds[] = { T_NOOP, T_BS, (u32)(T_B1), 0, T_UI };
	struct t_client *c = t_client(test);
	struct mvgpu_cmd_parser p;
	u32 ring[8], *s1, *s2;

	T_PUT(c, T_B2, T_FILL, (u32)(T_DATA), 0, 0x100, 0x40, 4, T_VAL,
	      T_UI, T_END);
	T_PUT(c, T_B1, T_NOOP, T_BS, (u32)(T_B2), 0, T_END);
	memcpy(ring, ring_cmds, sizeof(ring_cmds));
	mvgpu_cmd_parser_init(&p, &t_ops, c);
	KUNIT_ASSERT_EQ(test, mvgpu_cmd_parse_ring(&p, ring, 5, T_RING,
						   0x1000, 0), 0);
	KUNIT_EXPECT_EQ(test, p.accepted, 5u);
	KUNIT_EXPECT_EQ(test, p.cmds, 3ull + 3 + 3);
	KUNIT_EXPECT_EQ(test, p.bytes, 4ull * (5 + 5 + 9));
	KUNIT_EXPECT_EQ(test, p.user_interrupts, 2ull);
	KUNIT_EXPECT_EQ(test, c->shadow_used, 5u + 9);

	KUNIT_ASSERT_GE(test, t_shadow_target(&ring[1]), T_SHADOW_VA);
	s1 = &c->shadow[(t_shadow_target(&ring[1]) - T_SHADOW_VA) / 4];
	KUNIT_EXPECT_EQ(test, s1[0], (u32)T_NOOP);
	KUNIT_EXPECT_EQ(test, s1[4], (u32)T_END);
	KUNIT_ASSERT_GE(test, t_shadow_target(&s1[1]), T_SHADOW_VA);
	s2 = &c->shadow[(t_shadow_target(&s1[1]) - T_SHADOW_VA) / 4];
	KUNIT_EXPECT_EQ(test, memcmp(s2, t_word(c, T_B2), 9 * 4), 0);
}

struct t_refusal {
	const char *name;
	u32 ring[8];
	u32 dwords;
	u32 b1[12];		/* the batch at T_B1, if any */
	int err;
	u32 reason;
	u64 addr;
	u32 accepted;
};

static const struct t_refusal t_refusals[] = {
	{ .name = "opcode", .ring = { T_NOOP, MVGPU_CMD(0x7f, 0, 1) },
	  .dwords = 2, .err = -EINVAL, .reason = MVGPU_FAULT_OPCODE,
	  .addr = T_RING + 4, .accepted = 1 },
	{ .name = "ring_batch_end", .ring = { T_END }, .dwords = 1,
	  .err = -EINVAL, .reason = MVGPU_FAULT_OPCODE, .addr = T_RING },
	{ .name = "length", .ring = { MVGPU_CMD(MVGPU_OP_FILL, 0, 6) },
	  .dwords = 1, .err = -EINVAL, .reason = MVGPU_FAULT_LENGTH,
	  .addr = T_RING },
	{ .name = "span", .ring = { T_NOOP, T_FILL, (u32)(T_DATA), 0, 0, 4, 1, T_VAL },
	  .dwords = 6, .err = -EINVAL, .reason = MVGPU_FAULT_LENGTH,
	  .addr = T_RING + 4, .accepted = 1 },
	{ .name = "register",
	  .ring = { MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 3),
		    MVGPU_REG_INT_ENABLE, 1 },
	  .dwords = 3, .err = -EINVAL, .reason = MVGPU_FAULT_REGISTER,
	  .addr = T_RING },
	{ .name = "alignment", .ring = { T_FILL, (u32)(T_DATA + 2), 0, 0, 4, 1, T_VAL },
	  .dwords = 7, .err = -EINVAL, .reason = MVGPU_FAULT_ALIGNMENT,
	  .addr = T_RING },
	{ .name = "depth", .ring = { T_BS, (u32)(T_B1), 0 }, .dwords = 3,
	  .b1 = { T_BS, (u32)(T_B1 + 16), 0, T_END, T_BS, (u32)(T_B1), 0, T_END },
	  .err = -EINVAL, .reason = MVGPU_FAULT_BATCH_DEPTH,
	  .addr = T_B1 + 16 },
	{ .name = "fill_outside",
	  .ring = { T_NOOP, T_FILL, (u32)(T_DATA + 0xf00), 0, 0x80, 0x80, 3, T_VAL },
	  .dwords = 8, .err = -EACCES, .reason = MVGPU_FAULT_REJECTED,
	  .addr = T_RING + 4, .accepted = 1 },
	{ .name = "batch_outside", .ring = { T_BS, (u32)(T_OTHER), 0 }, .dwords = 3,
	  .err = -EACCES, .reason = MVGPU_FAULT_REJECTED, .addr = T_RING },
	{ .name = "store_in_batch", .ring = { T_BS, (u32)(T_B1), 0 }, .dwords = 3,
	  .b1 = { T_NOOP, MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4),
		  (u32)T_OTHER, 0, 1, T_END },
	  .err = -EACCES, .reason = MVGPU_FAULT_REJECTED, .addr = T_B1 + 4 },
};

static void t_refusal_desc(const struct t_refusal *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(t_refusal, t_refusals, t_refusal_desc);

/* Each rule: the error, the reason, the address, the accepted prefix. */
static void mvgpu_test_cmd_parser_refuses(struct kunit *test)
{
	const struct t_refusal *t = test->param_value;
	struct t_client *c = t_client(test);
	struct mvgpu_cmd_parser p;
	u32 ring[8];

	memcpy(ring, t->ring, sizeof(ring));
	memcpy(t_word(c, T_B1), t->b1, sizeof(t->b1));
	mvgpu_cmd_parser_init(&p, &t_ops, c);
	KUNIT_EXPECT_EQ(test, mvgpu_cmd_parse_ring(&p, ring, t->dwords, T_RING,
						   0x1000, 0), t->err);
	KUNIT_EXPECT_EQ(test, p.reason, t->reason);
	KUNIT_EXPECT_EQ(test, p.fault_addr, t->addr);
	KUNIT_EXPECT_EQ(test, p.accepted, t->accepted);
	KUNIT_EXPECT_NOT_NULL(test, p.why);
}

/* A batch changed between the walk and the copy is refused. */
static void mvgpu_test_cmd_parser_toctou(struct kunit *test)
{
	struct t_client *c = t_client(test);
	struct mvgpu_cmd_parser p;
	u32 ring[3] = { T_BS, (u32)(T_B1), 0 };

	T_PUT(c, T_B1, T_FILL, (u32)(T_DATA), 0, 0, 0x40, 1, T_VAL, T_END);
	c->poke_at = 2;		/* the copy, after the walk's one read */
	c->poke_va = T_B1 + 4;
	c->poke_val = (u32)T_OTHER;
	mvgpu_cmd_parser_init(&p, &t_ops, c);
	KUNIT_EXPECT_EQ(test, mvgpu_cmd_parse_ring(&p, ring, 3, T_RING, 0x1000,
						   0), -EACCES);
	KUNIT_EXPECT_EQ(test, p.fault_addr, T_B1);
	KUNIT_EXPECT_EQ(test, p.accepted, 0u);
	KUNIT_EXPECT_EQ(test, c->reads, 2u);
}

/* Out of shadow memory: -ENOSPC at the BATCH_START. */
static void mvgpu_test_cmd_parser_shadow_budget(struct kunit *test)
{
	struct t_client *c = t_client(test);
	struct mvgpu_cmd_parser p;
	u32 ring[4] = { T_NOOP, T_BS, (u32)(T_B1), 0 };

	T_PUT(c, T_B1, T_NOOP, T_END);
	c->shadow_used = T_SHADOW_DW - 1;
	mvgpu_cmd_parser_init(&p, &t_ops, c);
	KUNIT_EXPECT_EQ(test, mvgpu_cmd_parse_ring(&p, ring, 4, T_RING, 0x1000,
						   0xffc), -ENOSPC);
	KUNIT_EXPECT_EQ(test, p.fault_addr, T_RING);	/* wrapped */
	KUNIT_EXPECT_EQ(test, p.accepted, 1u);
	KUNIT_EXPECT_EQ(test, p.cmds, 1ull);
}

static void mvgpu_test_cmd_parser_length(struct kunit *test)
{
	u32 lri = MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 7);

	KUNIT_EXPECT_EQ(test, mvgpu_cmd_parse_length(MVGPU_CMD(MVGPU_OP_COPY,
							       0, 9)), 9u);
	KUNIT_EXPECT_EQ(test, mvgpu_cmd_parse_length(MVGPU_CMD(MVGPU_OP_COPY,
							       0, 7)), 0u);
	KUNIT_EXPECT_EQ(test, mvgpu_cmd_parse_length(lri), 7u);
	KUNIT_EXPECT_EQ(test, mvgpu_cmd_parse_length(MVGPU_CMD(0x0b, 0, 1)),
			0u);
}

static struct kunit_case mvgpu_cmd_parser_cases[] = {
	KUNIT_CASE(mvgpu_test_cmd_parser_accepts_nested),
	KUNIT_CASE_PARAM(mvgpu_test_cmd_parser_refuses, t_refusal_gen_params),
	KUNIT_CASE(mvgpu_test_cmd_parser_toctou),
	KUNIT_CASE(mvgpu_test_cmd_parser_shadow_budget),
	KUNIT_CASE(mvgpu_test_cmd_parser_length),
	{}
};

static struct kunit_suite mvgpu_cmd_parser_suite = {
	.name = "mvgpu_cmd_parser",
	.test_cases = mvgpu_cmd_parser_cases,
};

kunit_test_suite(mvgpu_cmd_parser_suite);
