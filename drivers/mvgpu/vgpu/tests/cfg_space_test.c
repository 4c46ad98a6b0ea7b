// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of PCI config space emulation.
 */
#include <kunit/test.h>
#include <linux/pci_regs.h>

#include "../cfg_space.h"

#define BAR2_SIZE	(16ULL << 20)

static struct mvgpu_cfg *new_cfg(struct kunit *test)
{
	struct mvgpu_cfg *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	mvgpu_cfg_init(cfg, 1, MVGPU_BAR0_SIZE, BAR2_SIZE);
	return cfg;
}

static void write32(struct mvgpu_cfg *cfg, unsigned int off, u32 val)
{
	__le32 raw = cpu_to_le32(val);

	mvgpu_cfg_write(cfg, off, &raw, 4);
}

static void mvgpu_test_cfg_space_ids(struct kunit *test)
{
	struct mvgpu_cfg *cfg = new_cfg(test);

	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read16(cfg, PCI_VENDOR_ID),
			MVGPU_PCI_VENDOR_ID);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read16(cfg, PCI_DEVICE_ID),
			MVGPU_PCI_DEVICE_ID_VGPU);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read32(cfg, PCI_CLASS_REVISION),
			MVGPU_PCI_CLASS << 8 | MVGPU_PCI_REVISION);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read16(cfg, PCI_SUBSYSTEM_ID), 1);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read16(cfg, PCI_SUBSYSTEM_VENDOR_ID),
			MVGPU_PCI_SUBVENDOR_ID);
	KUNIT_EXPECT_TRUE(test, mvgpu_cfg_read16(cfg, PCI_STATUS) &
			  PCI_STATUS_CAP_LIST);
	KUNIT_EXPECT_EQ(test, cfg->data[PCI_CAPABILITY_LIST], MVGPU_PCI_MSI_CAP);
	KUNIT_EXPECT_EQ(test, cfg->data[MVGPU_PCI_MSI_CAP], PCI_CAP_ID_MSI);
	KUNIT_EXPECT_EQ(test, cfg->data[MVGPU_PCI_MSI_CAP + 1],
			MVGPU_PCI_AF_CAP);
	KUNIT_EXPECT_EQ(test, cfg->data[MVGPU_PCI_AF_CAP], PCI_CAP_ID_AF);
	KUNIT_EXPECT_EQ(test, cfg->data[MVGPU_PCI_AF_CAP + 1], 0);
	KUNIT_EXPECT_EQ(test, cfg->data[MVGPU_PCI_AF_CAP + PCI_AF_CAP],
			PCI_AF_CAP_TP | PCI_AF_CAP_FLR);
	KUNIT_EXPECT_EQ(test, cfg->data[PCI_INTERRUPT_PIN], 1);
	KUNIT_EXPECT_EQ(test, cfg->data[PCI_HEADER_TYPE], 0);
}

static void mvgpu_test_cfg_space_read_only(struct kunit *test)
{
	struct mvgpu_cfg *cfg = new_cfg(test);
	u8 before[MVGPU_PCI_CFG_SIZE];

	memcpy(before, cfg->data, sizeof(before));
	write32(cfg, PCI_VENDOR_ID, 0xdeadbeef);
	write32(cfg, PCI_CLASS_REVISION, 0xffffffff);
	write32(cfg, PCI_SUBSYSTEM_VENDOR_ID, 0);
	write32(cfg, PCI_BASE_ADDRESS_1, 0xffffffff);
	write32(cfg, PCI_ROM_ADDRESS, 0xffffffff);
	write32(cfg, MVGPU_PCI_MSI_CAP, 0);
	KUNIT_EXPECT_EQ(test, memcmp(cfg->data, before, sizeof(before)), 0);
}

static void mvgpu_test_cfg_space_bar_sizing(struct kunit *test)
{
	struct mvgpu_cfg *cfg = new_cfg(test);

	write32(cfg, PCI_BASE_ADDRESS_0, 0xffffffff);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read32(cfg, PCI_BASE_ADDRESS_0),
			(u32)~(MVGPU_BAR0_SIZE - 1));
	write32(cfg, PCI_BASE_ADDRESS_2, 0xffffffff);
	write32(cfg, PCI_BASE_ADDRESS_3, 0xffffffff);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read32(cfg, PCI_BASE_ADDRESS_2),
			(u32)~(BAR2_SIZE - 1) | PCI_BASE_ADDRESS_MEM_TYPE_64 |
			PCI_BASE_ADDRESS_MEM_PREFETCH);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read32(cfg, PCI_BASE_ADDRESS_3),
			0xffffffffu);
	/* Programming an address keeps the flag bits. */
	write32(cfg, PCI_BASE_ADDRESS_0, 0xfe000000);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read32(cfg, PCI_BASE_ADDRESS_0),
			0xfe000000u);
	write32(cfg, PCI_BASE_ADDRESS_0, 0xfe012345);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read32(cfg, PCI_BASE_ADDRESS_0),
			0xfe000000u);
	mvgpu_cfg_reset(cfg);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read32(cfg, PCI_BASE_ADDRESS_0), 0u);
}

static void mvgpu_test_cfg_space_status_w1c(struct kunit *test)
{
	struct mvgpu_cfg *cfg = new_cfg(test);

	cfg->data[PCI_STATUS + 1] |= PCI_STATUS_REC_MASTER_ABORT >> 8;
	write32(cfg, PCI_COMMAND, 0xffff0000 | PCI_COMMAND_MEMORY);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read16(cfg, PCI_STATUS),
			PCI_STATUS_CAP_LIST);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read16(cfg, PCI_COMMAND),
			PCI_COMMAND_MEMORY);
}

static void mvgpu_test_cfg_space_msi(struct kunit *test)
{
	struct mvgpu_cfg *cfg = new_cfg(test);
	const unsigned int msi = MVGPU_PCI_MSI_CAP;

	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read16(cfg, msi + PCI_MSI_FLAGS),
			PCI_MSI_FLAGS_64BIT);
	write32(cfg, msi, 0xffff0000);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read16(cfg, msi + PCI_MSI_FLAGS),
			PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_ENABLE);
	write32(cfg, msi + PCI_MSI_ADDRESS_LO, 0xfee00003);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read32(cfg, msi + PCI_MSI_ADDRESS_LO),
			0xfee00000u);
	KUNIT_EXPECT_FALSE(test, mvgpu_cfg_intx_disabled(cfg));
	write32(cfg, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE);
	KUNIT_EXPECT_TRUE(test, mvgpu_cfg_intx_disabled(cfg));
}

static void mvgpu_test_cfg_space_bounds(struct kunit *test)
{
	struct mvgpu_cfg *cfg = new_cfg(test);
	u8 buf[8] = {};

	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read(cfg, 0xfc, buf, 4), 0);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read(cfg, 0xfd, buf, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read(cfg, 0x100, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_read(cfg, 0, buf, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_write(cfg, 0xff, buf, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, mvgpu_cfg_write(cfg, ~0u, buf, 2), -EINVAL);
}

/* Every size at every offset reads what a whole-space read shows. */
static void mvgpu_test_cfg_space_access_sizes(struct kunit *test)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	struct mvgpu_cfg *cfg = new_cfg(test);
	u8 whole[MVGPU_PCI_CFG_SIZE], part[8];
	unsigned int i, off;

	write32(cfg, PCI_BASE_ADDRESS_2, 0xffffffff);
	KUNIT_ASSERT_EQ(test, mvgpu_cfg_read(cfg, 0, whole, sizeof(whole)), 0);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (off = 0; off + sizes[i] <= MVGPU_PCI_CFG_SIZE; off++) {
			KUNIT_ASSERT_EQ(test,
					mvgpu_cfg_read(cfg, off, part, sizes[i]),
					0);
			KUNIT_ASSERT_EQ(test, memcmp(part, whole + off, sizes[i]), 0);
		}
	}
	/* An unaligned write spanning the cache line and latency bytes. */
	part[0] = 0x12;
	part[1] = 0x34;
	KUNIT_ASSERT_EQ(test, mvgpu_cfg_write(cfg, PCI_CACHE_LINE_SIZE, part, 2),
			0);
	KUNIT_EXPECT_EQ(test, cfg->data[PCI_CACHE_LINE_SIZE], 0x12);
	KUNIT_EXPECT_EQ(test, cfg->data[PCI_LATENCY_TIMER], 0x34);
}

/* Which writes start a function-level reset; the bit reads 0 after. */
static void mvgpu_test_cfg_space_flr(struct kunit *test)
{
	struct mvgpu_cfg *cfg = new_cfg(test);
	const unsigned int ctrl = MVGPU_PCI_AF_CAP + PCI_AF_CTRL;
	u8 buf[4] = { PCI_AF_CTRL_FLR, PCI_AF_CTRL_FLR, PCI_AF_CTRL_FLR,
		      PCI_AF_CTRL_FLR };
	u8 zero[4] = {}, other = 0xfe;

	KUNIT_EXPECT_TRUE(test, mvgpu_cfg_flr(ctrl, buf, 1));
	KUNIT_EXPECT_TRUE(test, mvgpu_cfg_flr(ctrl - 3, buf, 4));
	KUNIT_EXPECT_TRUE(test, mvgpu_cfg_flr(ctrl, buf, 4));
	KUNIT_EXPECT_FALSE(test, mvgpu_cfg_flr(ctrl - 4, buf, 4));
	KUNIT_EXPECT_FALSE(test, mvgpu_cfg_flr(ctrl + 1, buf, 2));
	KUNIT_EXPECT_FALSE(test, mvgpu_cfg_flr(ctrl, zero, 4));
	KUNIT_EXPECT_FALSE(test, mvgpu_cfg_flr(ctrl, &other, 1));
	/* Out of config space: no reset (and the write fails). */
	KUNIT_EXPECT_FALSE(test, mvgpu_cfg_flr(ctrl, buf, MVGPU_PCI_CFG_SIZE));
	KUNIT_ASSERT_EQ(test, mvgpu_cfg_write(cfg, ctrl, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, cfg->data[ctrl], 0);
}

static struct kunit_case mvgpu_cfg_space_cases[] = {
	KUNIT_CASE(mvgpu_test_cfg_space_ids),
	KUNIT_CASE(mvgpu_test_cfg_space_read_only),
	KUNIT_CASE(mvgpu_test_cfg_space_bar_sizing),
	KUNIT_CASE(mvgpu_test_cfg_space_status_w1c),
	KUNIT_CASE(mvgpu_test_cfg_space_msi),
	KUNIT_CASE(mvgpu_test_cfg_space_flr),
	KUNIT_CASE(mvgpu_test_cfg_space_bounds),
	KUNIT_CASE(mvgpu_test_cfg_space_access_sizes),
	{}
};

static struct kunit_suite mvgpu_cfg_space_suite = {
	.name = "mvgpu_cfg_space",
	.test_cases = mvgpu_cfg_space_cases,
};

kunit_test_suite(mvgpu_cfg_space_suite);
