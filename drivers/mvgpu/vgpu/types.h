/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vGPU types and the slice allocator: pure logic, no locking, no kernel
 * objects, so that it builds in userspace as well.
 */
#ifndef MVGPU_TYPES_H
#define MVGPU_TYPES_H

#include <linux/types.h>

#include <mvgpu/mvgpu_hw.h>

#define MVGPU_NUM_TYPES		4
#define MVGPU_SLICES_ALL	((1u << MVGPU_SLICES) - 1)

/**
 * struct mvgpu_type_info - what one vGPU type gets
 * @sysfs_name: type directory suffix; the directory is "mvgpu-<sysfs_name>"
 * @denominator: the type owns 1/@denominator of the GPU
 * @slices: slices of device memory and GTT it owns
 * @weight: its scheduling weight
 */
struct mvgpu_type_info {
	const char *sysfs_name;
	unsigned int denominator;
	unsigned int slices;
	unsigned int weight;
};

extern const struct mvgpu_type_info mvgpu_type_table[MVGPU_NUM_TYPES];

int mvgpu_slices_find(u32 used, unsigned int count);
u32 mvgpu_slices_mask(unsigned int first, unsigned int count);
unsigned int mvgpu_slices_available(u32 used, unsigned int count);
int mvgpu_type_describe(const struct mvgpu_type_info *info, u64 vram_size,
			char *buf, size_t size);

#endif /* MVGPU_TYPES_H */
