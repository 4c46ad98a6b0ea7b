/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vGPU types, the slice allocator and the engines a vGPU sees: pure logic,
 * no locking, no kernel objects, so that it builds in userspace as well.
 */
#ifndef MVGPU_TYPES_H
#define MVGPU_TYPES_H

#include <linux/types.h>

#include <mvgpu/mvgpu_hw.h>

#define MVGPU_MAX_TYPES		10
#define MVGPU_SLICES_ALL	(~0ULL >> (64 - MVGPU_SLICES))

/* Bits of a mask of engine numbers (0 to MVGPU_NUM_ENGINE_IDS - 1). */
#define MVGPU_ENGINE_BIT(e)	(1u << (e))

/**
 * struct mvgpu_type_info - what one vGPU type gets
 * @sysfs_name: type directory suffix; the directory is "mvgpu-<sysfs_name>"
 * @name: its pretty name
 * @denominator: the type owns 1/@denominator of the GPU's memory and GTT
 * @slices: slices of device memory and GTT it owns (MVGPU_SLICES /
 *	@denominator)
 * @weight: its scheduling weight
 * @copy_engines: copy engines it owns alone (a partition), 0 for a type
 *	that shares the GPU's engines with others (time-sliced)
 * @compute_engines: compute engines it owns alone, as @copy_engines
 */
struct mvgpu_type_info {
	const char *sysfs_name;
	const char *name;
	unsigned int denominator;
	unsigned int slices;
	unsigned int weight;
	unsigned int copy_engines;
	unsigned int compute_engines;
};

extern const struct mvgpu_type_info mvgpu_type_table[MVGPU_MAX_TYPES];

int mvgpu_slices_find(u64 used, unsigned int count);
u64 mvgpu_slices_mask(unsigned int first, unsigned int count);
unsigned int mvgpu_slices_available(u64 used, unsigned int count);
bool mvgpu_type_dedicated(const struct mvgpu_type_info *info);
bool mvgpu_type_offered(const struct mvgpu_type_info *info, u32 engines);
unsigned int mvgpu_type_max_instances(const struct mvgpu_type_info *info,
				      u32 engines);
u16 mvgpu_type_subsys_id(const struct mvgpu_type_info *info);
int mvgpu_type_describe(const struct mvgpu_type_info *info, u64 vram_size,
			u32 engines, char *buf, size_t size);
u32 mvgpu_engines_map(u32 engines, u32 usable, u8 *map);
u32 mvgpu_engines_reservable(u32 engines);
bool mvgpu_engines_present(u32 engines, unsigned int e);

#endif /* MVGPU_TYPES_H */
