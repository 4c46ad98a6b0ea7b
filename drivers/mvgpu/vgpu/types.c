// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU types and the slice allocator.
 *
 * A GPU's device memory and GTT are cut into MVGPU_SLICES slices.  A type
 * owning n slices (n a power of two) gets a naturally aligned run of n
 * slices, as a buddy allocator would hand it out, so that the free space a
 * destroy leaves behind can always be reused by a type of the same size.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "types.h"

const struct mvgpu_type_info mvgpu_type_table[MVGPU_NUM_TYPES] = {
	{ .sysfs_name = "1", .denominator = 1, .slices = 8, .weight = 8 },
	{ .sysfs_name = "2", .denominator = 2, .slices = 4, .weight = 4 },
	{ .sysfs_name = "4", .denominator = 4, .slices = 2, .weight = 2 },
	{ .sysfs_name = "8", .denominator = 8, .slices = 1, .weight = 1 },
};

/**
 * mvgpu_slices_mask() - the bitmap of a run of slices
 * @first: first slice
 * @count: number of slices
 *
 * Return: bits @first to @first + @count - 1 set.
 */
u32 mvgpu_slices_mask(unsigned int first, unsigned int count)
{
	return ((1u << count) - 1) << first;
}

/**
 * mvgpu_slices_find() - find room for a run of slices
 * @used: bitmap of the slices already owned
 * @count: slices wanted, a power of two up to MVGPU_SLICES
 *
 * Return: the first slice of the lowest free, naturally aligned run of
 * @count slices, -EINVAL for a bad @count, or -ENOSPC when there is none.
 */
int mvgpu_slices_find(u32 used, unsigned int count)
{
	unsigned int first;

	if (!count || count > MVGPU_SLICES || count & (count - 1))
		return -EINVAL;
	for (first = 0; first < MVGPU_SLICES; first += count)
		if (!(used & mvgpu_slices_mask(first, count)))
			return first;
	return -ENOSPC;
}

/**
 * mvgpu_slices_available() - how many runs of slices could still be had
 * @used: bitmap of the slices already owned
 * @count: slices per run, a power of two up to MVGPU_SLICES
 *
 * Aligned runs of one size never overlap, so taking one free run leaves
 * every other one free: the count of free runs is exactly how many more
 * vGPUs of that size fit.
 *
 * Return: the number of free, naturally aligned runs of @count slices.
 */
unsigned int mvgpu_slices_available(u32 used, unsigned int count)
{
	unsigned int first, n = 0;

	if (!count || count > MVGPU_SLICES || count & (count - 1))
		return 0;
	for (first = 0; first < MVGPU_SLICES; first += count)
		if (!(used & mvgpu_slices_mask(first, count)))
			n++;
	return n;
}

/**
 * mvgpu_type_describe() - the description mdev shows for a type
 * @info: the type
 * @vram_size: bytes of device memory of the whole GPU
 * @buf: where to write
 * @size: size of @buf
 *
 * The form follows other vGPU vendors' "key=value, ..." descriptions so that
 * management tools can parse it.
 *
 * Return: the number of characters written, without the NUL.
 */
int mvgpu_type_describe(const struct mvgpu_type_info *info, u64 vram_size,
			char *buf, size_t size)
{
	u64 fb = vram_size / MVGPU_SLICES * info->slices;

	return scnprintf(buf, size,
			 "1/%u GPU: framebuffer=%lluM, gtt_entries=%u, weight=%u, max_instance=%u\n",
			 info->denominator, fb >> 20,
			 MVGPU_GTT_ENTRIES / MVGPU_SLICES * info->slices,
			 info->weight, MVGPU_SLICES / info->slices);
}
