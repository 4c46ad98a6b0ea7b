// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu_vgpu_test.ko: the KUnit suites of the vGPU code (*_test.c here), a
 * module of their own so that loading the driver never runs them. They
 * reach the driver through ../kunit_exports.c.
 */
#include <linux/module.h>

#include <mvgpu/mvgpu_compat.h>

MODULE_IMPORT_NS(MVGPU_KUNIT_NS);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the mvgpu vGPU code");
