// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the KUnit suites of tests/ (mvgpu_core_test.ko) reach inside
 * mvgpu.ko. Linked into mvgpu.ko only on kernels with CONFIG_KUNIT, in the
 * EXPORTED_FOR_KUNIT_TESTING namespace; a test that needs one more function
 * adds it below.
 */
#include <kunit/visibility.h>
#include <linux/export.h>

#include "core.h"
#include "sched_policy.h"

/* sched_policy.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_sched_wfq_ops);

/* main.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_check_id);

/* gtt.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_gtt_fini);

/* hang.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_hang_stalled);

/* engine.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_ring_copy);
