// SPDX-License-Identifier: GPL-2.0-only
/*
 * BAR0 of a vGPU: the virtual register file.
 *
 * Every guest access to BAR0 traps here.  The register file is decoded from
 * the hardware header's register table: each register's access mode and
 * reset value come from mvgpu_reg_table(), the values that describe this
 * vGPU (identification and the vGPU information block) from the vGPU
 * itself.  The interrupt registers (and ENGINE_EVENTS) live in irq.c, under
 * its spinlock; the engine blocks in submit.c.
 * Sub-dword writes merge through a byte mask, so a byte write to a
 * write-1-to-clear register clears only bits of that byte.
 */
#include <linux/bitops.h>
#include <linux/slab.h>
#include <linux/ktime.h>

#include "mvgpu.h"

/* Access mode of the register at @off: its table entry's, or none. */
static unsigned int mmio_access(u32 off)
{
	const struct mvgpu_reg_desc *r = mvgpu_reg_find(off);

	return r ? r->access : MVGPU_ACCESS_NONE;
}

/**
 * mvgpu_mmio_alloc() - allocate a vGPU's register file
 * @vgpu: the vGPU
 *
 * Return: 0 or -ENOMEM.
 */
int mvgpu_mmio_alloc(struct mvgpu_vgpu *vgpu)
{
	vgpu->regs = kvzalloc(MVGPU_MMIO_REGS_SIZE, GFP_KERNEL);
	return vgpu->regs ? 0 : -ENOMEM;
}

/**
 * mvgpu_mmio_free() - free a vGPU's register file
 * @vgpu: the vGPU
 */
void mvgpu_mmio_free(struct mvgpu_vgpu *vgpu)
{
	kvfree(vgpu->regs);
	vgpu->regs = NULL;
}

static void mmio_set(struct mvgpu_vgpu *vgpu, u32 off, u32 val)
{
	vgpu->regs[off / 4] = val;
}

/**
 * mvgpu_mmio_reset_locked() - put the register file in its reset state
 * @vgpu: the vGPU
 */
void mvgpu_mmio_reset_locked(struct mvgpu_vgpu *vgpu)
{
	const struct mvgpu_reg_desc *r;

	lockdep_assert_held(&vgpu->lock);
	memset(vgpu->regs, 0, MVGPU_MMIO_REGS_SIZE);
	for (r = mvgpu_reg_table(NULL); r->name; r++)
		mmio_set(vgpu, r->offset, r->reset);

	mmio_set(vgpu, MVGPU_REG_ID_DEVICE, MVGPU_PCI_DEVICE_ID_VGPU);
	mmio_set(vgpu, MVGPU_REG_ID_CAPS, MVGPU_CAP_VIRTUAL | MVGPU_CAP_GTT);
	mmio_set(vgpu, MVGPU_REG_VRAM_SIZE_LO, lower_32_bits(vgpu->vram_size));
	mmio_set(vgpu, MVGPU_REG_VRAM_SIZE_HI, upper_32_bits(vgpu->vram_size));
	mmio_set(vgpu, MVGPU_REG_ENGINES, vgpu->engines);

	mmio_set(vgpu, MVGPU_VINFO_MAGIC, MVGPU_VINFO_MAGIC_VALUE);
	mmio_set(vgpu, MVGPU_VINFO_VERSION, MVGPU_VINFO_VERSION_VALUE);
	mmio_set(vgpu, MVGPU_VINFO_VGPU_ID, vgpu->id);
	mmio_set(vgpu, MVGPU_VINFO_SLICES, vgpu->type->info->slices);
	mmio_set(vgpu, MVGPU_VINFO_VRAM_BASE_LO, lower_32_bits(vgpu->vram_base));
	mmio_set(vgpu, MVGPU_VINFO_VRAM_BASE_HI, upper_32_bits(vgpu->vram_base));
	mmio_set(vgpu, MVGPU_VINFO_VRAM_SIZE_LO, lower_32_bits(vgpu->vram_size));
	mmio_set(vgpu, MVGPU_VINFO_VRAM_SIZE_HI, upper_32_bits(vgpu->vram_size));
	mmio_set(vgpu, MVGPU_VINFO_GTT_BASE, vgpu->gtt_base);
	mmio_set(vgpu, MVGPU_VINFO_GTT_COUNT, vgpu->gtt_count);
	mmio_set(vgpu, MVGPU_VINFO_SLICES_TOTAL, MVGPU_SLICES);
	mmio_set(vgpu, MVGPU_VINFO_CAPS, MVGPU_VCAP_TAIL_POLL);
}

/*
 * GTT_FLUSH: the guest's entries are the GPU's, and its engines the GPU's:
 * flush the GPU's GTT before the write returns, so that the register never
 * reads REQ back.
 */
static void vgpu_gtt_flush(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_gpu *core = vgpu->gpu->core;

	if (core && mvgpu_gtt_flush(core))
		dev_err_ratelimited(&vgpu->mdev->dev, "GTT flush timed out\n");
}

static u32 mmio_read32(struct mvgpu_vgpu *vgpu, u32 off)
{
	if (off >= MVGPU_MMIO_REGS_SIZE)
		return 0;
	if (off >= MVGPU_ENGINE_BASE(0) &&
	    off < MVGPU_ENGINE_BASE(MVGPU_NUM_ENGINE_IDS))
		return mvgpu_vsub_read_locked(vgpu, off);
	switch (off) {
	case MVGPU_REG_TIMESTAMP_LO:
		return lower_32_bits(ktime_get_ns());
	case MVGPU_REG_TIMESTAMP_HI:
		return upper_32_bits(ktime_get_ns());
	case MVGPU_REG_INT_STATUS:
	case MVGPU_REG_INT_ENABLE:
	case MVGPU_REG_ENGINE_EVENTS:
		return mvgpu_irq_read_reg(vgpu, off);
	case MVGPU_REG_GTT_FLUSH:
		/* A flush is complete when its write returns. */
		return 0;
	case MVGPU_VINFO_WEIGHT:
		/* The weight now (mvgpu_vsub_set_sched()), not at reset. */
		return READ_ONCE(vgpu->sub.weight);
	case MVGPU_REG_PLANE_STATUS:
		/* The plane scans the guest's share of the GTT only. */
		return mvgpu_plane_status(vgpu->regs,
					  (u64)vgpu->gtt_base *
					  MVGPU_GTT_PAGE_SIZE,
					  (u64)(vgpu->gtt_base + vgpu->gtt_count) *
					  MVGPU_GTT_PAGE_SIZE);
	}
	if (mmio_access(off) == MVGPU_ACCESS_WO)
		return 0;
	return vgpu->regs[off / 4];
}

/* Write the bytes of @val selected by @mask to the dword at @off. */
static void mmio_write32(struct mvgpu_vgpu *vgpu, u32 off, u32 val, u32 mask)
{
	unsigned int access;
	u32 *reg;

	if (off >= MVGPU_MMIO_REGS_SIZE)
		return;
	if (off >= MVGPU_ENGINE_BASE(0) &&
	    off < MVGPU_ENGINE_BASE(MVGPU_NUM_ENGINE_IDS)) {
		mvgpu_vsub_write_locked(vgpu, off, val & mask, mask);
		return;
	}
	val &= mask;
	switch (off) {
	case MVGPU_REG_INT_STATUS:
	case MVGPU_REG_INT_ENABLE:
	case MVGPU_REG_INT_SET:
	case MVGPU_REG_ENGINE_EVENTS:
		mvgpu_irq_write_reg(vgpu, off, val, mask);
		return;
	}
	access = mmio_access(off);
	reg = &vgpu->regs[off / 4];
	if (access == MVGPU_ACCESS_RW1C)
		*reg = mvgpu_reg_write_value(access, *reg, val);
	else
		*reg = (*reg & ~mask) |
		       (mvgpu_reg_write_value(access, *reg, val) & mask);

	if (off == MVGPU_REG_GTT_FLUSH && (val & MVGPU_GTT_FLUSH_REQ))
		vgpu_gtt_flush(vgpu);
	if (off == MVGPU_REG_RESET && (val & MVGPU_RESET_FULL))
		mvgpu_vgpu_reset_locked(vgpu);
}

/**
 * mvgpu_mmio_access_locked() - emulate one guest access to BAR0
 * @vgpu: the vGPU
 * @off: byte offset in BAR0
 * @buf: the value, little endian, @count bytes
 * @count: 1, 2, 4 or 8, with @off a multiple of it
 * @write: true for a write
 *
 * Return: 0, or -EINVAL for an access of another size or alignment or
 * outside BAR0.
 */
int mvgpu_mmio_access_locked(struct mvgpu_vgpu *vgpu, u64 off, void *buf,
			     unsigned int count, bool write)
{
	unsigned int shift = (off & 3) * 8;
	u32 dw = off & ~3ULL;
	__le64 raw = 0;
	u64 val;
	u32 mask;

	lockdep_assert_held(&vgpu->lock);
	if ((count != 1 && count != 2 && count != 4 && count != 8) ||
	    off & (count - 1) || off >= MVGPU_BAR0_SIZE ||
	    count > MVGPU_BAR0_SIZE - off)
		return -EINVAL;

	WRITE_ONCE(vgpu->mmio_traps, vgpu->mmio_traps + 1);
	if (write)
		WRITE_ONCE(vgpu->mmio_writes, vgpu->mmio_writes + 1);
	else
		WRITE_ONCE(vgpu->mmio_reads, vgpu->mmio_reads + 1);
	if (off >= MVGPU_GTT_OFFSET)
		return mvgpu_vgtt_access_locked(vgpu, off - MVGPU_GTT_OFFSET,
						buf, count, write);
	if (write) {
		memcpy(&raw, buf, count);
		val = le64_to_cpu(raw);
		if (count == 8) {
			mmio_write32(vgpu, dw, lower_32_bits(val), ~0u);
			mmio_write32(vgpu, dw + 4, upper_32_bits(val), ~0u);
		} else {
			mask = (u32)GENMASK_ULL(count * 8 - 1, 0) << shift;
			mmio_write32(vgpu, dw, (u32)val << shift, mask);
		}
		return 0;
	}

	if (count == 8)
		val = mmio_read32(vgpu, dw) |
		      (u64)mmio_read32(vgpu, dw + 4) << 32;
	else
		val = (mmio_read32(vgpu, dw) >> shift) &
		      GENMASK_ULL(count * 8 - 1, 0);
	raw = cpu_to_le64(val);
	memcpy(buf, &raw, count);
	return 0;
}
