/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for the kernel's <linux/bits.h>. */
#ifndef MVGPU_SHIM_LINUX_BITS_H
#define MVGPU_SHIM_LINUX_BITS_H
#endif
