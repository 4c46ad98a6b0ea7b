// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU types, the slice allocator and the engines a vGPU sees.
 *
 * A GPU's device memory and GTT are cut into MVGPU_SLICES (64) slices.  A
 * type owning n slices (n a power of two) gets a naturally aligned run of n
 * slices, as a buddy allocator would hand it out, so that the free space a
 * destroy leaves behind can always be reused by a type of the same size.
 *
 * Shared types time-slice the GPU's engines with every other client.
 * Dedicated types (partitions) own engines alone: the highest-numbered
 * ones; engine 0 of each kind is never dedicated, so that shared vGPUs and
 * the host's own clients always keep one engine of each kind.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "types.h"

const struct mvgpu_type_info mvgpu_type_table[MVGPU_MAX_TYPES] = {
	{ .sysfs_name = "1", .name = "MVGPU-1",
	  .denominator = 1, .slices = MVGPU_SLICES / 1, .weight = 8 },
	{ .sysfs_name = "2", .name = "MVGPU-2",
	  .denominator = 2, .slices = MVGPU_SLICES / 2, .weight = 4 },
	{ .sysfs_name = "4", .name = "MVGPU-4",
	  .denominator = 4, .slices = MVGPU_SLICES / 4, .weight = 2 },
	{ .sysfs_name = "8", .name = "MVGPU-8",
	  .denominator = 8, .slices = MVGPU_SLICES / 8, .weight = 1 },
	{ .sysfs_name = "16", .name = "MVGPU-16",
	  .denominator = 16, .slices = MVGPU_SLICES / 16, .weight = 1 },
	{ .sysfs_name = "32", .name = "MVGPU-32",
	  .denominator = 32, .slices = MVGPU_SLICES / 32, .weight = 1 },
	{ .sysfs_name = "64", .name = "MVGPU-64",
	  .denominator = 64, .slices = MVGPU_SLICES / 64, .weight = 1 },
	{ .sysfs_name = "2d", .name = "MVGPU-2D",
	  .denominator = 2, .slices = MVGPU_SLICES / 2, .weight = 4,
	  .copy_engines = 1, .compute_engines = 1 },
	{ .sysfs_name = "4d-copy", .name = "MVGPU-4D-COPY",
	  .denominator = 4, .slices = MVGPU_SLICES / 4, .weight = 2,
	  .copy_engines = 1, .compute_engines = 0 },
	{ .sysfs_name = "4d-compute", .name = "MVGPU-4D-COMPUTE",
	  .denominator = 4, .slices = MVGPU_SLICES / 4, .weight = 2,
	  .copy_engines = 0, .compute_engines = 1 },
};

/**
 * mvgpu_slices_mask() - the bitmap of a run of slices
 * @first: first slice
 * @count: number of slices, 1 to MVGPU_SLICES - @first
 *
 * Return: bits @first to @first + @count - 1 set.
 */
u64 mvgpu_slices_mask(unsigned int first, unsigned int count)
{
	return (~0ULL >> (64 - count)) << first;
}

static bool slices_count_ok(unsigned int count)
{
	return count && count <= MVGPU_SLICES && !(count & (count - 1));
}

/**
 * mvgpu_slices_find() - find room for a run of slices
 * @used: bitmap of the slices already owned
 * @count: slices wanted, a power of two up to MVGPU_SLICES
 *
 * Return: the first slice of the lowest free, naturally aligned run of
 * @count slices, -EINVAL for a bad @count, or -ENOSPC when there is none.
 */
int mvgpu_slices_find(u64 used, unsigned int count)
{
	unsigned int first;

	if (!slices_count_ok(count))
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
unsigned int mvgpu_slices_available(u64 used, unsigned int count)
{
	unsigned int first, n = 0;

	if (!slices_count_ok(count))
		return 0;
	for (first = 0; first < MVGPU_SLICES; first += count)
		if (!(used & mvgpu_slices_mask(first, count)))
			n++;
	return n;
}

static unsigned int engines_copy(u32 engines)
{
	return engines & MVGPU_ENGINES_COPY_MASK;
}

static unsigned int engines_compute(u32 engines)
{
	return (engines & MVGPU_ENGINES_COMPUTE_MASK) >>
	       MVGPU_ENGINES_COMPUTE_SHIFT;
}

/**
 * mvgpu_type_dedicated() - does the type own engines alone?
 * @info: the type
 *
 * Return: true for a partition, false for a type that time-slices.
 */
bool mvgpu_type_dedicated(const struct mvgpu_type_info *info)
{
	return info->copy_engines || info->compute_engines;
}

/**
 * mvgpu_type_max_instances() - how many vGPUs of a type fit on a GPU
 * @info: the type
 * @engines: the GPU's MVGPU_REG_ENGINES value
 *
 * A dedicated type is limited by the engines it can take as well: all of
 * each kind but engine 0.
 *
 * Return: the number, 0 when the type does not exist on the GPU.
 */
unsigned int mvgpu_type_max_instances(const struct mvgpu_type_info *info,
				      u32 engines)
{
	unsigned int n = info->denominator, copy, compute, k;

	/* Engine 0 of each kind stays shared. */
	copy = engines_copy(engines);
	compute = engines_compute(engines);
	if (info->copy_engines) {
		k = copy ? (copy - 1) / info->copy_engines : 0;
		n = k < n ? k : n;
	}
	if (info->compute_engines) {
		k = compute ? (compute - 1) / info->compute_engines : 0;
		n = k < n ? k : n;
	}
	return n;
}

/**
 * mvgpu_type_offered() - does a GPU offer a type?
 * @info: the type
 * @engines: the GPU's MVGPU_REG_ENGINES value
 *
 * Return: true for every shared type; for a dedicated one, when the GPU
 * has more engines of each kind than the type owns.
 */
bool mvgpu_type_offered(const struct mvgpu_type_info *info, u32 engines)
{
	return mvgpu_type_max_instances(info, engines) > 0;
}

/**
 * mvgpu_type_subsys_id() - the PCI subsystem device ID of a type's vGPUs
 * @info: the type
 *
 * Bits 7:0 hold the slices it owns (1 to 64), bits 11:8 its dedicated copy
 * engines and bits 15:12 its dedicated compute engines (0 for a shared
 * type).
 *
 * Return: the ID.
 */
u16 mvgpu_type_subsys_id(const struct mvgpu_type_info *info)
{
	return info->slices | info->copy_engines << 8 |
	       info->compute_engines << 12;
}

/**
 * mvgpu_type_describe() - the description mdev shows for a type
 * @info: the type
 * @vram_size: bytes of device memory of the whole GPU
 * @engines: the GPU's MVGPU_REG_ENGINES value
 * @buf: where to write
 * @size: size of @buf
 *
 * The form follows other vGPU vendors' "key=value, ..." descriptions so that
 * management tools can parse it.  Dedicated types add the engines they own.
 *
 * Return: the number of characters written, without the NUL.
 */
int mvgpu_type_describe(const struct mvgpu_type_info *info, u64 vram_size,
			u32 engines, char *buf, size_t size)
{
	u64 fb = vram_size / MVGPU_SLICES * info->slices;
	int n;

	/* In MiB, or KiB below one (1/64 of a 16 MiB GPU). */
	n = scnprintf(buf, size,
		      "1/%u GPU: framebuffer=%llu%c, gtt_entries=%u, weight=%u, max_instance=%u",
		      info->denominator,
		      (unsigned long long)(fb >= 1 << 20 ? fb >> 20 : fb >> 10),
		      fb >= 1 << 20 ? 'M' : 'K',
		      MVGPU_GTT_ENTRIES / MVGPU_SLICES * info->slices,
		      info->weight, mvgpu_type_max_instances(info, engines));
	if (mvgpu_type_dedicated(info))
		n += scnprintf(buf + n, size - n,
			       ", copy_engines=%u, compute_engines=%u",
			       info->copy_engines, info->compute_engines);
	return n + scnprintf(buf + n, size - n, "\n");
}

/**
 * mvgpu_engines_map() - the engines a vGPU sees and the GPU's behind them
 * @engines: the GPU's MVGPU_REG_ENGINES value
 * @usable: the GPU engines the vGPU may use, MVGPU_ENGINE_BIT() of each
 * @map: MVGPU_NUM_ENGINE_IDS entries: filled with the GPU engine behind
 *	each of the vGPU's engine numbers (its copy engines 0, 1, ... are the
 *	GPU's usable copy engines in order, and so are its compute engines);
 *	numbers the vGPU lacks map to themselves
 *
 * Return: the vGPU's MVGPU_REG_ENGINES value.
 */
u32 mvgpu_engines_map(u32 engines, u32 usable, u8 *map)
{
	unsigned int e, copy = 0, compute = 0;

	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++)
		map[e] = e;
	for (e = 0; e < engines_copy(engines); e++)
		if (usable & MVGPU_ENGINE_BIT(e))
			map[copy++] = e;
	for (e = 0; e < engines_compute(engines); e++)
		if (usable & MVGPU_ENGINE_BIT(MVGPU_ENGINE_COMPUTE(e)))
			map[MVGPU_ENGINE_COMPUTE(compute++)] =
				MVGPU_ENGINE_COMPUTE(e);
	return copy | compute << MVGPU_ENGINES_COMPUTE_SHIFT;
}

/**
 * mvgpu_engines_present() - does an ENGINES value have an engine?
 * @engines: an MVGPU_REG_ENGINES value
 * @e: an engine number
 *
 * Return: true when copy engine @e, or compute engine @e -
 * MVGPU_ENGINE_COMPUTE(0), is below the count of its kind.
 */
bool mvgpu_engines_present(u32 engines, unsigned int e)
{
	if (e < MVGPU_ENGINE_COMPUTE(0))
		return e < engines_copy(engines);
	return e - MVGPU_ENGINE_COMPUTE(0) < engines_compute(engines);
}

/**
 * mvgpu_engines_reservable() - the engines a partition may own
 * @engines: the GPU's MVGPU_REG_ENGINES value
 *
 * Return: MVGPU_ENGINE_BIT() of every engine but engine 0 of each kind.
 */
u32 mvgpu_engines_reservable(u32 engines)
{
	u32 mask = 0;
	unsigned int e;

	for (e = 1; e < engines_copy(engines); e++)
		mask |= MVGPU_ENGINE_BIT(e);
	for (e = 1; e < engines_compute(engines); e++)
		mask |= MVGPU_ENGINE_BIT(MVGPU_ENGINE_COMPUTE(e));
	return mask;
}
