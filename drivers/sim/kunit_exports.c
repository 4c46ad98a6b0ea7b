// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the KUnit suites of tests/ (mvgpu_sim_test.ko) reach inside
 * mvgpu_sim.ko. Linked into mvgpu_sim.ko only on kernels with CONFIG_KUNIT,
 * in the EXPORTED_FOR_KUNIT_TESTING namespace. The exports live here rather
 * than beside each function because exec.c and crc32c.c are also compiled
 * in userspace; a test that needs one more function adds it below.
 */
#include <kunit/visibility.h>
#include <linux/export.h>

#include "exec.h"
#include "sim.h"

/* exec.c, exec_blit.c, crc32c.c: the command executor */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_exec_init);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_exec_reset);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_exec_run);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_exec_save);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_exec_restore);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_crc32c);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_crc32c_update);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_crc32c_table);

/* regs.c, engine.c: a GPU built by the test, not registered on the bus */
EXPORT_SYMBOL_IF_KUNIT(mvgpu_hw_read32);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_hw_write32);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_hw_read64);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_hw_write64);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_hw_request_irq);
EXPORT_SYMBOL_IF_KUNIT(mvgpu_hw_free_irq);
EXPORT_SYMBOL_IF_KUNIT(sim_regs_reset_locked);
EXPORT_SYMBOL_IF_KUNIT(sim_raise_locked);
EXPORT_SYMBOL_IF_KUNIT(sim_irq_init);
EXPORT_SYMBOL_IF_KUNIT(sim_irq_fini);
EXPORT_SYMBOL_IF_KUNIT(sim_engines_init);
EXPORT_SYMBOL_IF_KUNIT(sim_engines_fini);
