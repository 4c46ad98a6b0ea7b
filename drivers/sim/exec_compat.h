/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel version differences of the executor's files (exec*.c), which also
 * build in userspace (tests/unit/shim provides the headers there), so they
 * cannot include mvgpu_compat.h and its kernel-only headers.
 */
#ifndef MVGPU_SIM_EXEC_COMPAT_H
#define MVGPU_SIM_EXEC_COMPAT_H

/*
 * 6.12: <asm/unaligned.h> moved to <linux/unaligned.h> (5f60d5f6bbc1).
 * Userspace has the shim's <linux/unaligned.h>.
 */
#ifdef __KERNEL__
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif
#else
#include <linux/unaligned.h>
#endif

#endif /* MVGPU_SIM_EXEC_COMPAT_H */
