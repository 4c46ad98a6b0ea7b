/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for the kernel's <linux/string.h>. */
#ifndef MVGPU_SHIM_LINUX_STRING_H
#define MVGPU_SHIM_LINUX_STRING_H
#include <string.h>
#endif
