/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu_sim internals: the state of one emulated GPU.
 */
#ifndef MVGPU_SIM_H
#define MVGPU_SIM_H

#include <linux/spinlock.h>

#include <mvgpu/mvgpu_bus.h>
#include <mvgpu/mvgpu_hw.h>

extern struct bus_type mvgpu_bus_type;

/**
 * struct mvgpu_sim_gpu - one emulated GPU
 * @gdev: what the bus and the driver see
 * @lock: protects @regs
 * @regs: the register file, one u32 per register dword
 * @vram: device memory
 * @copy_engines: number of copy engines
 * @compute_engines: number of compute engines
 */
struct mvgpu_sim_gpu {
	struct mvgpu_device gdev;
	spinlock_t lock;	/* protects regs */
	u32 regs[MVGPU_MMIO_REGS_SIZE / 4];
	void *vram;
	unsigned int copy_engines;
	unsigned int compute_engines;
};

static inline struct mvgpu_sim_gpu *to_sim_gpu(struct mvgpu_device *gdev)
{
	return container_of(gdev, struct mvgpu_sim_gpu, gdev);
}

#endif /* MVGPU_SIM_H */
