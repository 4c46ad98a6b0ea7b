/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for the parts of <linux/kernel.h> mvgpu's pure code uses. */
#ifndef MVGPU_SHIM_LINUX_KERNEL_H
#define MVGPU_SHIM_LINUX_KERNEL_H

#include <stdarg.h>
#include <stdio.h>

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))

/* Like the kernel's: returns what was written, never more than size - 1. */
static inline int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	if (!size)
		return 0;
	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	if (n < 0)
		return 0;
	return (size_t)n >= size ? (int)size - 1 : n;
}

#endif
