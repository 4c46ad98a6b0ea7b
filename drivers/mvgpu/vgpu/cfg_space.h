/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI config space emulation of a vGPU: pure logic, no locking.
 */
#ifndef MVGPU_CFG_SPACE_H
#define MVGPU_CFG_SPACE_H

#include <linux/types.h>

#include <mvgpu/mvgpu_hw.h>

/**
 * struct mvgpu_cfg - an emulated type 0 config space
 * @data: current contents
 * @wmask: bits software may change
 * @w1cmask: bits a written 1 clears
 * @reset: contents after a reset
 */
struct mvgpu_cfg {
	u8 data[MVGPU_PCI_CFG_SIZE];
	u8 wmask[MVGPU_PCI_CFG_SIZE];
	u8 w1cmask[MVGPU_PCI_CFG_SIZE];
	u8 reset[MVGPU_PCI_CFG_SIZE];
};

void mvgpu_cfg_init(struct mvgpu_cfg *cfg, u16 subsys_id, u32 bar0_size,
		    u64 bar2_size);
void mvgpu_cfg_reset(struct mvgpu_cfg *cfg);
int mvgpu_cfg_read(const struct mvgpu_cfg *cfg, unsigned int off, void *buf,
		   unsigned int count);
int mvgpu_cfg_write(struct mvgpu_cfg *cfg, unsigned int off, const void *buf,
		    unsigned int count);
u16 mvgpu_cfg_read16(const struct mvgpu_cfg *cfg, unsigned int off);
u32 mvgpu_cfg_read32(const struct mvgpu_cfg *cfg, unsigned int off);
bool mvgpu_cfg_intx_disabled(const struct mvgpu_cfg *cfg);
bool mvgpu_cfg_flr(unsigned int off, const void *buf, unsigned int count);

#endif /* MVGPU_CFG_SPACE_H */
