// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the vGPU type table and the slice allocator.
 */
#include <kunit/test.h>

#include "../types.h"

struct find_case {
	const char *name;
	u64 used;
	unsigned int count;
	int first;
	unsigned int available;
};

static const struct find_case find_cases[] = {
	{ "empty_1", 0, 1, 0, 64 },
	{ "empty_64", 0, 64, 0, 1 },
	{ "first_taken_1", 0x01, 1, 1, 63 },
	{ "first_taken_2", 0x01, 2, 2, 31 },
	{ "first_taken_8", 0x01, 8, 8, 7 },
	{ "first_taken_32", 0x01, 32, 32, 1 },
	{ "first_taken_64", 0x01, 64, -ENOSPC, 0 },
	{ "half_taken_32", 0xffffffffULL, 32, 32, 1 },
	{ "straddling_holes_16", 0x0000000100008000ULL, 16, 16, 2 },
	{ "aligned_hole_2", 0x0c, 2, 0, 31 },
	{ "odd_holes_2", 0x5555555555555555ULL, 2, -ENOSPC, 0 },
	{ "odd_holes_1", 0x5555555555555555ULL, 1, 1, 32 },
	{ "full_1", ~0ULL, 1, -ENOSPC, 0 },
	{ "last_free_1", ~0ULL >> 1, 1, 63, 1 },
	{ "top_slice_taken_32", 1ULL << 63, 32, 0, 1 },
	{ "zero_count", 0, 0, -EINVAL, 0 },
	{ "not_power_of_two", 0, 3, -EINVAL, 0 },
	{ "too_many", 0, 128, -EINVAL, 0 },
};

static void find_case_desc(const struct find_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(find, find_cases, find_case_desc);

static void mvgpu_test_types_find(struct kunit *test)
{
	const struct find_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, mvgpu_slices_find(c->used, c->count), c->first);
	KUNIT_EXPECT_EQ(test, mvgpu_slices_available(c->used, c->count),
			c->available);
}

static void mvgpu_test_types_mask(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, mvgpu_slices_mask(0, 8), 0xffULL);
	KUNIT_EXPECT_EQ(test, mvgpu_slices_mask(4, 2), 0x30ULL);
	KUNIT_EXPECT_EQ(test, mvgpu_slices_mask(63, 1), 1ULL << 63);
	KUNIT_EXPECT_EQ(test, mvgpu_slices_mask(0, 64), ~0ULL);
	KUNIT_EXPECT_EQ(test, mvgpu_slices_mask(32, 32), 0xffffffff00000000ULL);
}

/* Filling a GPU with one type uses exactly its max_instance slots. */
static void mvgpu_test_types_fill(struct kunit *test)
{
	const struct mvgpu_type_info *info;
	unsigned int i, n;
	u64 used;
	int first;

	for (i = 0; i < MVGPU_MAX_TYPES; i++) {
		info = &mvgpu_type_table[i];
		used = 0;
		for (n = 0; ; n++) {
			KUNIT_ASSERT_EQ(test,
					mvgpu_slices_available(used, info->slices),
					MVGPU_SLICES / info->slices - n);
			first = mvgpu_slices_find(used, info->slices);
			if (first < 0)
				break;
			used |= mvgpu_slices_mask(first, info->slices);
		}
		KUNIT_EXPECT_EQ(test, first, -ENOSPC);
		KUNIT_EXPECT_EQ(test, n, MVGPU_SLICES / info->slices);
		KUNIT_EXPECT_EQ(test, used, MVGPU_SLICES_ALL);
	}
}

/*
 * What the scheduler will rely on, not a copy of the table: the shares
 * tile the GPU, every weight is non-zero (a vGPU with weight 0 would
 * starve; weighted time slices divide by it), and a type with more of the
 * GPU never weighs less than one with less.
 */
static void mvgpu_test_types_table(struct kunit *test)
{
	const struct mvgpu_type_info *a, *b;
	unsigned int i, j;

	for (i = 0; i < MVGPU_MAX_TYPES; i++) {
		a = &mvgpu_type_table[i];
		KUNIT_EXPECT_EQ(test, a->slices * a->denominator, MVGPU_SLICES);
		KUNIT_EXPECT_TRUE(test, is_power_of_2(a->slices));
		KUNIT_EXPECT_GT(test, a->weight, 0u);
		for (j = 0; j < MVGPU_MAX_TYPES; j++) {
			b = &mvgpu_type_table[j];
			if (a->slices > b->slices)
				KUNIT_EXPECT_GE(test, a->weight, b->weight);
		}
	}
}

static void mvgpu_test_types_describe(struct kunit *test)
{
	const u32 one_each = 1 | 1 << MVGPU_ENGINES_COMPUTE_SHIFT;
	const u32 three_each = 3 | 3 << MVGPU_ENGINES_COMPUTE_SHIFT;
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = mvgpu_type_describe(&mvgpu_type_table[3], 128ULL << 20, one_each,
				  buf, PAGE_SIZE);
	KUNIT_EXPECT_STREQ(test, buf,
			   "1/8 GPU: framebuffer=16M, gtt_entries=16384, weight=1, max_instance=8\n");
	KUNIT_EXPECT_EQ(test, len, (int)strlen(buf));
	mvgpu_type_describe(&mvgpu_type_table[6], 128ULL << 20, one_each, buf,
			    PAGE_SIZE);
	KUNIT_EXPECT_STREQ(test, buf,
			   "1/64 GPU: framebuffer=2M, gtt_entries=2048, weight=1, max_instance=64\n");
	mvgpu_type_describe(&mvgpu_type_table[7], 128ULL << 20, three_each,
			    buf, PAGE_SIZE);
	KUNIT_EXPECT_STREQ(test, buf,
			   "1/2 GPU: framebuffer=64M, gtt_entries=65536, weight=4, max_instance=2, copy_engines=1, compute_engines=1\n");
	/* A short buffer truncates, NUL-terminated. */
	len = mvgpu_type_describe(&mvgpu_type_table[0], 128ULL << 20, one_each,
				  buf, 8);
	KUNIT_EXPECT_EQ(test, len, 7);
	KUNIT_EXPECT_STREQ(test, buf, "1/1 GPU");
}

/* Which GPUs offer the dedicated types, and how many fit. */
static void mvgpu_test_types_dedicated(struct kunit *test)
{
	const struct mvgpu_type_info *d2 = &mvgpu_type_table[7];
	const struct mvgpu_type_info *copy = &mvgpu_type_table[8];
	const u32 sh = MVGPU_ENGINES_COMPUTE_SHIFT;

	KUNIT_EXPECT_TRUE(test, mvgpu_type_dedicated(d2));
	KUNIT_EXPECT_FALSE(test, mvgpu_type_dedicated(&mvgpu_type_table[6]));
	KUNIT_EXPECT_FALSE(test, mvgpu_type_offered(d2, 1 | 1 << sh));
	KUNIT_EXPECT_FALSE(test, mvgpu_type_offered(d2, 2 | 1 << sh));
	KUNIT_EXPECT_TRUE(test, mvgpu_type_offered(d2, 2 | 2 << sh));
	KUNIT_EXPECT_TRUE(test, mvgpu_type_offered(copy, 2 | 1 << sh));
	KUNIT_EXPECT_EQ(test, mvgpu_type_max_instances(d2, 8 | 8 << sh), 2u);
	KUNIT_EXPECT_EQ(test, mvgpu_type_max_instances(copy, 3 | 1 << sh), 2u);
	KUNIT_EXPECT_EQ(test, mvgpu_type_max_instances(&mvgpu_type_table[6],
						       1 | 1 << sh), 64u);
	KUNIT_EXPECT_EQ(test, mvgpu_type_subsys_id(&mvgpu_type_table[3]), 8);
	KUNIT_EXPECT_EQ(test, mvgpu_type_subsys_id(d2), 0x1120);
	KUNIT_EXPECT_EQ(test, mvgpu_engines_reservable(3 | 2 << sh),
			0x6u | 1u << MVGPU_ENGINE_COMPUTE(1));
}

/* A vGPU's engine numbers map onto the GPU engines it may use, in order. */
static void mvgpu_test_types_engine_map(struct kunit *test)
{
	const u32 sh = MVGPU_ENGINES_COMPUTE_SHIFT;
	u8 map[MVGPU_NUM_ENGINE_IDS];
	u32 usable;

	KUNIT_EXPECT_EQ(test, mvgpu_engines_map(2 | 3 << sh, ~0u, map),
			2 | 3 << sh);
	KUNIT_EXPECT_EQ(test, map[1], 1);
	KUNIT_EXPECT_EQ(test, map[MVGPU_ENGINE_COMPUTE(2)],
			MVGPU_ENGINE_COMPUTE(2));
	/* A partition with copy engine 2 and compute engine 1. */
	usable = MVGPU_ENGINE_BIT(2) | MVGPU_ENGINE_BIT(MVGPU_ENGINE_COMPUTE(1));
	KUNIT_EXPECT_EQ(test, mvgpu_engines_map(3 | 2 << sh, usable, map),
			1 | 1 << sh);
	KUNIT_EXPECT_EQ(test, map[0], 2);
	KUNIT_EXPECT_EQ(test, map[MVGPU_ENGINE_COMPUTE(0)],
			MVGPU_ENGINE_COMPUTE(1));
	/* The shared vGPUs beside it: copy 0 and 1, compute 0. */
	KUNIT_EXPECT_EQ(test, mvgpu_engines_map(3 | 2 << sh, ~usable, map),
			2 | 1 << sh);
	KUNIT_EXPECT_EQ(test, map[0], 0);
	KUNIT_EXPECT_EQ(test, map[1], 1);
	KUNIT_EXPECT_EQ(test, map[MVGPU_ENGINE_COMPUTE(0)],
			MVGPU_ENGINE_COMPUTE(0));
}

static struct kunit_case mvgpu_types_cases[] = {
	KUNIT_CASE_PARAM(mvgpu_test_types_find, find_gen_params),
	KUNIT_CASE(mvgpu_test_types_mask),
	KUNIT_CASE(mvgpu_test_types_fill),
	KUNIT_CASE(mvgpu_test_types_table),
	KUNIT_CASE(mvgpu_test_types_describe),
	KUNIT_CASE(mvgpu_test_types_dedicated),
	KUNIT_CASE(mvgpu_test_types_engine_map),
	{}
};

static struct kunit_suite mvgpu_types_suite = {
	.name = "mvgpu_types",
	.test_cases = mvgpu_types_cases,
};

kunit_test_suite(mvgpu_types_suite);
