/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/unaligned.h> (<asm/unaligned.h>
 * before 6.12): little-endian only.
 */
#ifndef MVGPU_SHIM_LINUX_UNALIGNED_H
#define MVGPU_SHIM_LINUX_UNALIGNED_H

#include <linux/types.h>

static inline u32 get_unaligned_le32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

static inline u64 get_unaligned_le64(const void *p)
{
	const u8 *b = p;

	return (u64)get_unaligned_le32(b + 4) << 32 | get_unaligned_le32(b);
}

static inline void put_unaligned_le32(u32 val, void *p)
{
	u8 *b = p;

	b[0] = val;
	b[1] = val >> 8;
	b[2] = val >> 16;
	b[3] = val >> 24;
}

static inline void put_unaligned_le64(u64 val, void *p)
{
	u8 *b = p;

	put_unaligned_le32(val, b);
	put_unaligned_le32(val >> 32, b + 4);
}

#endif
