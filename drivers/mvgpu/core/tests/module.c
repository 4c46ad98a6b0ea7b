// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu_core_test.ko: the KUnit suites of the core (*_test.c here), a
 * module of their own so that loading mvgpu.ko never runs them. They
 * reach the driver through ../kunit_exports.c.
 */
#include <linux/module.h>

#include <mvgpu/mvgpu_compat.h>

MODULE_IMPORT_NS(MVGPU_KUNIT_NS);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the mvgpu core");
