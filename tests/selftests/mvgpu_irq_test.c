// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupts of a vGPU: the software interrupt (INT_ENABLE, INT_SET,
 * write-1-to-clear INT_STATUS) delivered to an MSI or INTx eventfd, INTx
 * masking, and the SET_IRQS loopback trigger.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "vgpu_fixture.h"

#define FIRE_MS		2000	/* an interrupt that should come */
#define QUIET_MS	300	/* how long to wait for one that should not */

/* Raise the software interrupt; return INT_STATUS after it. */
static u32 raise_sw(struct vfio_dev *d)
{
	bar0_write32(d, MVGPU_REG_INT_ENABLE, MVGPU_INT_SOFTWARE);
	bar0_write32(d, MVGPU_REG_INT_SET, MVGPU_INT_SOFTWARE);
	return bar0_read32(d, MVGPU_REG_INT_STATUS);
}

TEST_F(vgpu, int_status_w1c)
{
	struct vfio_dev *d = &self->dev;

	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_INT_STATUS));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_INT_ENABLE));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, bar0_read32(d, MVGPU_REG_INT_ENABLE));
	/* Writing 0 clears nothing; writing the bit clears it. */
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, 0));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, bar0_read32(d, MVGPU_REG_INT_STATUS));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_INT_STATUS));
	/* INT_SET reads as zero (write-only). */
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_INT_SET));
}

TEST_F(vgpu, msi_eventfd)
{
	struct vfio_dev *d = &self->dev;
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, efd));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no MSI");
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));

	/* Again: MSI is edge triggered, each event is delivered. */
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no second MSI");
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));

	/* A source that is not enabled does not interrupt. */
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_ENABLE, 0));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_SET, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(0, eventfd_wait(efd, QUIET_MS)) TH_LOG("MSI while disabled");
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));

	EXPECT_EQ(0, irq_disable(d, VFIO_PCI_MSI_IRQ_INDEX));
	close(efd);
}

/*
 * What QEMU does for a guest: the guest sets the enable bit of the MSI
 * capability (QEMU forwards the config write) and QEMU hands over the
 * eventfd.
 */
TEST_F(vgpu, msi_eventfd_cfg_enabled)
{
	struct vfio_dev *d = &self->dev;
	unsigned int flags = MVGPU_PCI_MSI_CAP + 2;	/* PCI_MSI_FLAGS */
	u16 ctrl = cfg_read16(d, flags) | 1;	/* PCI_MSI_FLAGS_ENABLE */
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, cfg_write(d, flags, &ctrl, sizeof(ctrl)));
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, efd));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no MSI");
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(0, irq_disable(d, VFIO_PCI_MSI_IRQ_INDEX));
	close(efd);
}

TEST_F(vgpu, intx_eventfd)
{
	struct vfio_dev *d = &self->dev;
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_INTX_IRQ_INDEX, efd));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no INTx");
	/* Automasked: the guest clears the source, then unmasks. */
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(0, irq_action(d, VFIO_PCI_INTX_IRQ_INDEX,
				VFIO_IRQ_SET_ACTION_UNMASK, -1));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no INTx after unmask");
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(0, irq_action(d, VFIO_PCI_INTX_IRQ_INDEX,
				VFIO_IRQ_SET_ACTION_UNMASK, -1));
	EXPECT_EQ(0, irq_disable(d, VFIO_PCI_INTX_IRQ_INDEX));
	close(efd);
}

TEST_F(vgpu, intx_masked)
{
	struct vfio_dev *d = &self->dev;
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_INTX_IRQ_INDEX, efd));
	ASSERT_EQ(0, irq_action(d, VFIO_PCI_INTX_IRQ_INDEX,
				VFIO_IRQ_SET_ACTION_MASK, -1));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(0, eventfd_wait(efd, QUIET_MS)) TH_LOG("INTx while masked");
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(0, irq_action(d, VFIO_PCI_INTX_IRQ_INDEX,
				VFIO_IRQ_SET_ACTION_UNMASK, -1));
	EXPECT_EQ(0, irq_disable(d, VFIO_PCI_INTX_IRQ_INDEX));
	close(efd);
}

struct loopback {
	unsigned int index;
	const char *name;
};

TEST_F(vgpu, loopback_trigger)
{
	static const struct loopback irqs[] = {
		{ VFIO_PCI_INTX_IRQ_INDEX, "INTx" },
		{ VFIO_PCI_MSI_IRQ_INDEX, "MSI" },
	};
	struct vfio_dev *d = &self->dev;
	size_t i;
	int efd;

	for (i = 0; i < ARRAY_SIZE(irqs); i++) {
		efd = eventfd_new();
		ASSERT_LE(0, efd);
		ASSERT_EQ(0, irq_set_eventfd(d, irqs[i].index, efd)) TH_LOG("%s", irqs[i].name);
		EXPECT_EQ(0, irq_action(d, irqs[i].index, VFIO_IRQ_SET_ACTION_TRIGGER, -1));
		EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("%s DATA_NONE", irqs[i].name);
		if (irqs[i].index == VFIO_PCI_INTX_IRQ_INDEX) {
			EXPECT_EQ(0, irq_action(d, irqs[i].index,
						VFIO_IRQ_SET_ACTION_UNMASK, -1));
		}
		EXPECT_EQ(0, irq_action(d, irqs[i].index, VFIO_IRQ_SET_ACTION_TRIGGER, 1));
		EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("%s DATA_BOOL 1", irqs[i].name);
		if (irqs[i].index == VFIO_PCI_INTX_IRQ_INDEX) {
			EXPECT_EQ(0, irq_action(d, irqs[i].index,
						VFIO_IRQ_SET_ACTION_UNMASK, -1));
		}
		EXPECT_EQ(0, irq_action(d, irqs[i].index, VFIO_IRQ_SET_ACTION_TRIGGER, 0));
		EXPECT_EQ(0, eventfd_wait(efd, QUIET_MS)) TH_LOG("%s DATA_BOOL 0", irqs[i].name);
		EXPECT_EQ(0, irq_disable(d, irqs[i].index));
		close(efd);
	}
}

/* The request IRQ takes an eventfd (the host signals it to ask for release). */
TEST_F(vgpu, req_eventfd)
{
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	EXPECT_EQ(0, irq_set_eventfd(&self->dev, VFIO_PCI_REQ_IRQ_INDEX, efd));
	EXPECT_EQ(0, irq_disable(&self->dev, VFIO_PCI_REQ_IRQ_INDEX));
	close(efd);
}

TEST_HARNESS_MAIN
