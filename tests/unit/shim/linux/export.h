/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for the kernel's <linux/export.h>: no symbol table. */
#ifndef MVGPU_SHIM_LINUX_EXPORT_H
#define MVGPU_SHIM_LINUX_EXPORT_H
/* Exports are the module loader's business: nothing to do here. */
#define EXPORT_SYMBOL_GPL(sym)
#endif
