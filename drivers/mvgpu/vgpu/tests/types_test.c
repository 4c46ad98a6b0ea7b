// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the vGPU type table and the slice allocator.
 */
#include <kunit/test.h>

#include "../types.h"

struct find_case {
	const char *name;
	u32 used;
	unsigned int count;
	int first;
	unsigned int available;
};

static const struct find_case find_cases[] = {
	{ "empty_1", 0x00, 1, 0, 8 },
	{ "empty_8", 0x00, 8, 0, 1 },
	{ "first_taken_1", 0x01, 1, 1, 7 },
	{ "first_taken_2", 0x01, 2, 2, 3 },
	{ "first_taken_4", 0x01, 4, 4, 1 },
	{ "first_taken_8", 0x01, 8, -ENOSPC, 0 },
	{ "half_taken_4", 0x0f, 4, 4, 1 },
	{ "straddling_holes_2", 0x09, 2, 4, 2 },
	{ "aligned_hole_2", 0x0c, 2, 0, 3 },
	{ "odd_holes_2", 0x55, 2, -ENOSPC, 0 },
	{ "odd_holes_1", 0x55, 1, 1, 4 },
	{ "full_1", 0xff, 1, -ENOSPC, 0 },
	{ "last_free_1", 0x7f, 1, 7, 1 },
	{ "zero_count", 0x00, 0, -EINVAL, 0 },
	{ "not_power_of_two", 0x00, 3, -EINVAL, 0 },
	{ "too_many", 0x00, 16, -EINVAL, 0 },
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
	KUNIT_EXPECT_EQ(test, mvgpu_slices_mask(0, 8), 0xffu);
	KUNIT_EXPECT_EQ(test, mvgpu_slices_mask(4, 2), 0x30u);
	KUNIT_EXPECT_EQ(test, mvgpu_slices_mask(7, 1), 0x80u);
}

/* Filling a GPU with one type uses exactly its max_instance slots. */
static void mvgpu_test_types_fill(struct kunit *test)
{
	const struct mvgpu_type_info *info;
	unsigned int i, n;
	u32 used;
	int first;

	for (i = 0; i < MVGPU_NUM_TYPES; i++) {
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

	for (i = 0; i < MVGPU_NUM_TYPES; i++) {
		a = &mvgpu_type_table[i];
		KUNIT_EXPECT_EQ(test, a->slices * a->denominator, MVGPU_SLICES);
		KUNIT_EXPECT_TRUE(test, is_power_of_2(a->slices));
		KUNIT_EXPECT_GT(test, a->weight, 0u);
		for (j = 0; j < MVGPU_NUM_TYPES; j++) {
			b = &mvgpu_type_table[j];
			if (a->slices > b->slices)
				KUNIT_EXPECT_GE(test, a->weight, b->weight);
		}
	}
}

static void mvgpu_test_types_describe(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = mvgpu_type_describe(&mvgpu_type_table[3], 128ULL << 20, buf,
				  PAGE_SIZE);
	KUNIT_EXPECT_STREQ(test, buf,
			   "1/8 GPU: framebuffer=16M, gtt_entries=16384, weight=1, max_instance=8\n");
	KUNIT_EXPECT_EQ(test, len, (int)strlen(buf));
	/* A short buffer truncates, NUL-terminated. */
	len = mvgpu_type_describe(&mvgpu_type_table[0], 128ULL << 20, buf, 8);
	KUNIT_EXPECT_EQ(test, len, 7);
	KUNIT_EXPECT_STREQ(test, buf, "1/1 GPU");
}

static struct kunit_case mvgpu_types_cases[] = {
	KUNIT_CASE_PARAM(mvgpu_test_types_find, find_gen_params),
	KUNIT_CASE(mvgpu_test_types_mask),
	KUNIT_CASE(mvgpu_test_types_fill),
	KUNIT_CASE(mvgpu_test_types_table),
	KUNIT_CASE(mvgpu_test_types_describe),
	{}
};

static struct kunit_suite mvgpu_types_suite = {
	.name = "mvgpu_types",
	.test_cases = mvgpu_types_cases,
};

kunit_test_suite(mvgpu_types_suite);
