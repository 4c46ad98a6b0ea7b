// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the KUnit suites of tests/ (mvgpu_vgpu_test.ko) reach inside the
 * module holding the vGPU code. Linked into it only on kernels with
 * CONFIG_KUNIT, in the EXPORTED_FOR_KUNIT_TESTING namespace. The exports
 * live here rather than beside each function because types.c and
 * cfg_space.c are also compiled in userspace; a test that needs one more
 * function adds it below.
 */
#include <kunit/visibility.h>
#include <linux/export.h>

#include "cfg_space.h"
#include "mvgpu.h"
#include "types.h"

/* types.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_type_table);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_type_describe);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_slices_find);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_slices_mask);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_slices_available);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_type_dedicated);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_type_offered);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_type_max_instances);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_type_subsys_id);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_engines_map);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_engines_reservable);

/* cfg_space.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_cfg_init);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_cfg_reset);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_cfg_read);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_cfg_write);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_cfg_read16);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_cfg_read32);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_cfg_intx_disabled);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_cfg_flr);

/* mmio.c, vgpu.c: the register file of a vGPU built by the test */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_mmio_alloc);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_mmio_free);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_mmio_access_locked);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgpu_reset_locked);

/* submit.c, submit_ring.c, submit_poll.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vsub_init);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vsub_fini);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vsub_seg_guest);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vsub_set_sched);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vsub_ctx_ops);

/* irq.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_irq_init);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_irq_raise);

/* gtt.c */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgtt_init);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgtt_fini);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgtt_decode);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgtt_range_ok);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgtt_read);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgtt_write);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgtt_reset);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_vgtt_access_locked);
