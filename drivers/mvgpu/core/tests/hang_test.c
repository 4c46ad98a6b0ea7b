// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the watchdog's verdict (core/hang.c): a context is hung
 * when it made no progress in the watchdog's limit of its engine time.
 * The watchdog's effects on real contexts are in the selftest
 * tests/selftests/mvgpu_hang_test.c.
 */
#include <kunit/test.h>
#include <linux/time64.h>

#include "../core.h"

#define MS	NSEC_PER_MSEC

static void mvgpu_test_hang_stalled(struct kunit *test)
{
	/* No progress for less than the limit: not yet. */
	KUNIT_EXPECT_FALSE(test, mvgpu_hang_stalled(1999 * MS, 0, 2000 * MS));
	KUNIT_EXPECT_TRUE(test, mvgpu_hang_stalled(2000 * MS, 0, 2000 * MS));
	/* Measured from the last progress, in engine time. */
	KUNIT_EXPECT_FALSE(test, mvgpu_hang_stalled(5000 * MS, 3500 * MS,
						    2000 * MS));
	KUNIT_EXPECT_TRUE(test, mvgpu_hang_stalled(5500 * MS, 3500 * MS,
						   2000 * MS));
	/* Off. */
	KUNIT_EXPECT_FALSE(test, mvgpu_hang_stalled(U64_MAX, 0, 0));
	/* A clock that went back (never: busy_ns only grows) is no hang. */
	KUNIT_EXPECT_FALSE(test, mvgpu_hang_stalled(1 * MS, 5000 * MS, 1));
}

static struct kunit_case mvgpu_hang_cases[] = {
	KUNIT_CASE(mvgpu_test_hang_stalled),
	{}
};

static struct kunit_suite mvgpu_hang_suite = {
	.name = "mvgpu_hang",
	.test_cases = mvgpu_hang_cases,
};

kunit_test_suite(mvgpu_hang_suite);
