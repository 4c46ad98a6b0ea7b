// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI config space of a vGPU, through the VFIO config region: identity,
 * class, the MSI and AF capabilities, the function-level reset, BAR types
 * and sizing, read-only fields, and accesses of every size at every offset.
 */
#include <errno.h>
#include <string.h>

#include <linux/pci_regs.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "vgpu_fixture.h"

TEST_F(vgpu, identity)
{
	struct vfio_dev *d = &self->dev;
	u32 class;

	EXPECT_EQ(MVGPU_PCI_VENDOR_ID, cfg_read16(d, PCI_VENDOR_ID));
	EXPECT_EQ(MVGPU_PCI_DEVICE_ID_VGPU, cfg_read16(d, PCI_DEVICE_ID));
	EXPECT_EQ(MVGPU_PCI_SUBVENDOR_ID, cfg_read16(d, PCI_SUBSYSTEM_VENDOR_ID));
	EXPECT_EQ(self->t->slices, cfg_read16(d, PCI_SUBSYSTEM_ID));
	EXPECT_EQ(MVGPU_PCI_REVISION, cfg_read8(d, PCI_REVISION_ID));
	class = cfg_read32(d, PCI_CLASS_REVISION) >> 8;
	EXPECT_EQ(MVGPU_PCI_CLASS, class);
	EXPECT_EQ(PCI_HEADER_TYPE_NORMAL, cfg_read8(d, PCI_HEADER_TYPE) & 0x7f);
	EXPECT_EQ(1, cfg_read8(d, PCI_INTERRUPT_PIN));
}

TEST_F(vgpu, msi_capability)
{
	struct vfio_dev *d = &self->dev;
	unsigned int cap = MVGPU_PCI_MSI_CAP;

	EXPECT_TRUE(cfg_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST);
	EXPECT_EQ(0x34, PCI_CAPABILITY_LIST);
	EXPECT_EQ(cap, cfg_read8(d, PCI_CAPABILITY_LIST));
	EXPECT_EQ(PCI_CAP_ID_MSI, cfg_read8(d, cap + PCI_CAP_LIST_ID));
	EXPECT_EQ(MVGPU_PCI_AF_CAP, cfg_read8(d, cap + PCI_CAP_LIST_NEXT));
	/* 64-bit, one vector requested, not enabled. */
	EXPECT_EQ(PCI_MSI_FLAGS_64BIT, cfg_read16(d, cap + PCI_MSI_FLAGS));
}

/* The AF capability, the last: FLR, no transaction pending. */
TEST_F(vgpu, af_capability)
{
	struct vfio_dev *d = &self->dev;
	unsigned int af = MVGPU_PCI_AF_CAP;

	EXPECT_EQ(PCI_CAP_ID_AF, cfg_read8(d, af + PCI_CAP_LIST_ID));
	EXPECT_EQ(0, cfg_read8(d, af + PCI_CAP_LIST_NEXT));
	EXPECT_EQ(PCI_CAP_AF_SIZEOF, cfg_read8(d, af + PCI_AF_LENGTH));
	EXPECT_EQ(PCI_AF_CAP_TP | PCI_AF_CAP_FLR, cfg_read8(d, af + PCI_AF_CAP));
	EXPECT_EQ(0, cfg_read8(d, af + PCI_AF_CTRL));
	EXPECT_EQ(0, cfg_read8(d, af + PCI_AF_STATUS));
}

/*
 * Writing PCI_AF_CTRL_FLR resets the vGPU's registers, as Linux's
 * pci_af_flr() in a guest does; the config space is kept (the guest's
 * kernel restores it anyway), the bit reads 0, the count goes up.
 */
TEST_F(vgpu, af_flr_resets)
{
	struct vfio_dev *d = &self->dev;
	unsigned int ctrl = MVGPU_PCI_AF_CAP + PCI_AF_CTRL;
	u8 flr = PCI_AF_CTRL_FLR, other = 0x80;
	u64 flrs = ~0ull;
	u16 cmd;

	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_SCRATCH(0), 0x600d));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_ENABLE, 1));
	/* Another bit of the register starts nothing. */
	ASSERT_EQ(0, cfg_write(d, ctrl, &other, 1));
	EXPECT_EQ(0x600d, bar0_read32(d, MVGPU_REG_SCRATCH(0)));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "flrs", &flrs));
	EXPECT_EQ(0, flrs);

	cmd = cfg_read16(d, PCI_COMMAND);
	ASSERT_EQ(0, cfg_write(d, ctrl, &flr, 1));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_SCRATCH(0)));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_INT_ENABLE));
	EXPECT_EQ(0, cfg_read8(d, ctrl));
	EXPECT_EQ(cmd, cfg_read16(d, PCI_COMMAND));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "flrs", &flrs));
	EXPECT_EQ(1, flrs);
	/* A dword write of control and status resets too. */
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_SCRATCH(0), 0x600d));
	ASSERT_EQ(0, cfg_write32(d, ctrl, PCI_AF_CTRL_FLR));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_SCRATCH(0)));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "flrs", &flrs));
	EXPECT_EQ(2, flrs);
}

TEST_F(vgpu, bar_types)
{
	struct vfio_dev *d = &self->dev;
	u32 bar0 = cfg_read32(d, PCI_BASE_ADDRESS_0);
	u32 bar2 = cfg_read32(d, PCI_BASE_ADDRESS_2);

	EXPECT_EQ(PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_TYPE_32,
		  bar0 & 0xf) TH_LOG("BAR0 %#x", bar0);
	EXPECT_EQ(PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_TYPE_64 |
		  PCI_BASE_ADDRESS_MEM_PREFETCH, bar2 & 0xf) TH_LOG("BAR2 %#x", bar2);
}

/* Write all ones to a BAR, return what reads back, restore the BAR. */
static u32 bar_probe(struct vfio_dev *d, unsigned int off)
{
	u32 old = cfg_read32(d, off), mask;

	cfg_write32(d, off, 0xffffffff);
	mask = cfg_read32(d, off);
	cfg_write32(d, off, old);
	return mask;
}

TEST_F(vgpu, bar_sizing)
{
	struct vfio_dev *d = &self->dev;
	u32 bar2_mask = (u32)~(self->vram_size - 1) |
			     PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH;
	u32 before[6], i;

	for (i = 0; i < 6; i++)
		before[i] = cfg_read32(d, PCI_BASE_ADDRESS_0 + 4 * i);
	EXPECT_EQ((u32)~(MVGPU_BAR0_SIZE - 1), bar_probe(d, PCI_BASE_ADDRESS_0));
	EXPECT_EQ(0, bar_probe(d, PCI_BASE_ADDRESS_1));
	EXPECT_EQ(bar2_mask, bar_probe(d, PCI_BASE_ADDRESS_2));
	EXPECT_EQ(0xffffffff, bar_probe(d, PCI_BASE_ADDRESS_3));
	EXPECT_EQ(0, bar_probe(d, PCI_BASE_ADDRESS_4));
	EXPECT_EQ(0, bar_probe(d, PCI_BASE_ADDRESS_5));
	EXPECT_EQ(0, bar_probe(d, PCI_ROM_ADDRESS));
	for (i = 0; i < 6; i++) {
		EXPECT_EQ(before[i], cfg_read32(d, PCI_BASE_ADDRESS_0 + 4 * i))
			TH_LOG("BAR%u not restored", i);
	}
	/* An address is kept, within the size mask. */
	ASSERT_EQ(0, cfg_write32(d, PCI_BASE_ADDRESS_0, 0xfe000000));
	EXPECT_EQ(0xfe000000, cfg_read32(d, PCI_BASE_ADDRESS_0));
	ASSERT_EQ(0, cfg_write32(d, PCI_BASE_ADDRESS_0, 0xfe012345));
	EXPECT_EQ(0xfe000000, cfg_read32(d, PCI_BASE_ADDRESS_0));
	ASSERT_EQ(0, cfg_write32(d, PCI_BASE_ADDRESS_0, before[0]));
}

TEST_F(vgpu, read_only_fields)
{
	static const unsigned int ro32[] = {
		PCI_VENDOR_ID, PCI_CLASS_REVISION, PCI_SUBSYSTEM_VENDOR_ID,
		MVGPU_PCI_MSI_CAP,
	};
	struct vfio_dev *d = &self->dev;
	u8 before[MVGPU_PCI_CFG_SIZE], after[MVGPU_PCI_CFG_SIZE];
	u8 ones = 0xff;
	size_t i;

	ASSERT_EQ(0, cfg_read(d, 0, before, sizeof(before)));
	for (i = 0; i < ARRAY_SIZE(ro32); i++) {
		u32 val = ~cfg_read32(d, ro32[i]);
		/* The MSI capability: only its ID and next pointer. */
		size_t len = ro32[i] == MVGPU_PCI_MSI_CAP ? 2 : 4;

		EXPECT_EQ(0, cfg_write(d, ro32[i], &val, len));
	}
	EXPECT_EQ(0, cfg_write(d, PCI_HEADER_TYPE, &ones, 1));
	EXPECT_EQ(0, cfg_write(d, PCI_CAPABILITY_LIST, &ones, 1));
	EXPECT_EQ(0, cfg_write(d, PCI_INTERRUPT_PIN, &ones, 1));
	ASSERT_EQ(0, cfg_read(d, 0, after, sizeof(after)));
	for (i = 0; i < ARRAY_SIZE(ro32); i++) {
		unsigned int len = ro32[i] == MVGPU_PCI_MSI_CAP ? 2 : 4;

		EXPECT_EQ(0, memcmp(before + ro32[i], after + ro32[i], len))
			TH_LOG("config offset %#x changed", ro32[i]);
	}
	EXPECT_EQ(before[PCI_HEADER_TYPE], after[PCI_HEADER_TYPE]);
	EXPECT_EQ(before[PCI_CAPABILITY_LIST], after[PCI_CAPABILITY_LIST]);
	EXPECT_EQ(before[PCI_INTERRUPT_PIN], after[PCI_INTERRUPT_PIN]);
}

TEST_F(vgpu, access_sizes_agree)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	struct vfio_dev *d = &self->dev;
	u8 whole[MVGPU_PCI_CFG_SIZE], part[8];
	unsigned int off, s, bad = 0;

	ASSERT_EQ(0, cfg_read(d, 0, whole, sizeof(whole)));
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (off = 0; off + sizes[s] <= sizeof(whole); off++) {
			memset(part, 0xa5, sizeof(part));
			if (cfg_read(d, off, part, sizes[s]) ||
			    memcmp(part, whole + off, sizes[s])) {
				if (bad++ < 8)
					TH_LOG("%u-byte read at %#x differs", sizes[s], off);
			}
		}
	}
	EXPECT_EQ(0, bad);
}

/* Writing back what was read, in any size and alignment, changes nothing. */
TEST_F(vgpu, write_back_any_size)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	struct vfio_dev *d = &self->dev;
	u8 whole[MVGPU_PCI_CFG_SIZE], after[MVGPU_PCI_CFG_SIZE];
	unsigned int off, s, start;

	ASSERT_EQ(0, cfg_read(d, 0, whole, sizeof(whole)));
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		/* Aligned, then shifted by one byte (unaligned). */
		for (start = 0; start < 2; start++) {
			for (off = start; off + sizes[s] <= sizeof(whole); off += sizes[s]) {
				/* Not the BARs: writing them is sizing, tested above. */
				if (off + sizes[s] > PCI_BASE_ADDRESS_0 &&
				    off < PCI_CARDBUS_CIS)
					continue;
				if (off + sizes[s] > PCI_ROM_ADDRESS && off < PCI_ROM_ADDRESS + 4)
					continue;
				EXPECT_EQ(0, cfg_write(d, off, whole + off, sizes[s]))
					TH_LOG("%u-byte write at %#x", sizes[s], off);
			}
		}
	}
	ASSERT_EQ(0, cfg_read(d, 0, after, sizeof(after)));
	for (off = 0; off < sizeof(whole); off++) {
		EXPECT_EQ(whole[off], after[off])
			TH_LOG("byte %#x", off);
	}
}

TEST_HARNESS_MAIN
