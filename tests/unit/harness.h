/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal TAP harness for the userspace unit tests: CHECK() records a
 * failed expectation and goes on; run() runs one case and prints its
 * "ok N name" or "not ok N name" line.
 */
#ifndef MVGPU_UNIT_HARNESS_H
#define MVGPU_UNIT_HARNESS_H

#include <stdio.h>

static int test_num;
static int test_failed;
static int case_failures;

static inline void expect_at(int ok, int line, const char *what)
{
	if (!ok && case_failures++ < 5)
		printf("# line %d: expected %s\n", line, what);
}

#define CHECK(cond) expect_at(!!(cond), __LINE__, #cond)

static inline void run(void (*fn)(void), const char *name)
{
	case_failures = 0;
	fn();
	test_num++;
	if (case_failures) {
		test_failed++;
		printf("not ");
	}
	printf("ok %d %s\n", test_num, name);
}

#endif /* MVGPU_UNIT_HARNESS_H */
