// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupts of a vGPU: the software interrupt (INT_ENABLE, INT_SET,
 * write-1-to-clear INT_STATUS) delivered to an MSI or INTx eventfd, INTx
 * masking, the SET_IRQS loopback trigger and malformed actions, an MSI for
 * every new source and on a switch to MSI, the REQ eventfd, and the
 * per-tenant interrupt and trap counters.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

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

/*
 * The request IRQ: removing the mdev while it is open signals the REQ
 * eventfd (QEMU answers by unplugging the device); the remove waits for
 * the close.
 */
TEST_F(vgpu, req_eventfd)
{
	struct vgpu_remover rm;
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, irq_set_eventfd(&self->dev, VFIO_PCI_REQ_IRQ_INDEX, efd));
	ASSERT_EQ(0, vgpu_remove_start(&rm, self->uuid));
	EXPECT_EQ(1, eventfd_wait(efd, 5000)) TH_LOG("no device request");
	vfio_dev_close(&self->dev);
	EXPECT_EQ(0, vgpu_remove_join(&rm));
	EXPECT_FALSE(vgpu_exists(self->uuid));
	self->uuid[0] = '\0';
	close(efd);
}

/* A second source raised while the first is pending gets its own MSI. */
TEST_F(vgpu, msi_second_source)
{
	const u32 engine0 = MVGPU_INT_ENGINE_USER(0);
	struct vfio_dev *d = &self->dev;
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, efd));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_ENABLE, MVGPU_INT_SOFTWARE | engine0));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_SET, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no MSI for the first source");
	/* The guest's handler has read INT_STATUS; a second source comes. */
	ASSERT_EQ(0, vgpu_inject_irq(self->uuid, engine0));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_SOFTWARE));
	EXPECT_EQ(engine0, bar0_read32(d, MVGPU_REG_INT_STATUS));
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("second source lost");
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_INT_STATUS, engine0));
	EXPECT_EQ(0, eventfd_wait(efd, QUIET_MS)) TH_LOG("MSI after the last ack");
	close(efd);
}

/* The VMM switches from INTx to MSI while a source is pending. */
TEST_F(vgpu, intx_to_msi_pending)
{
	struct vfio_dev *d = &self->dev;
	int intx = eventfd_new(), msi = eventfd_new();

	ASSERT_LE(0, intx);
	ASSERT_LE(0, msi);
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_INTX_IRQ_INDEX, intx));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(1, eventfd_wait(intx, FIRE_MS)) TH_LOG("no INTx");
	ASSERT_EQ(0, irq_disable(d, VFIO_PCI_INTX_IRQ_INDEX));
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, msi));
	EXPECT_EQ(1, eventfd_wait(msi, FIRE_MS)) TH_LOG("pending source lost");
	/* And back: the source is still pending, INTx fires. */
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_INTX_IRQ_INDEX, intx));
	ASSERT_EQ(0, irq_disable(d, VFIO_PCI_MSI_IRQ_INDEX));
	EXPECT_EQ(1, eventfd_wait(intx, FIRE_MS)) TH_LOG("no INTx after MSI");
	close(intx);
	close(msi);
}

/* SET_IRQS on INTx takes exactly one of TRIGGER, MASK and UNMASK. */
TEST_F(vgpu, intx_bad_actions)
{
	static const u32 bad[] = {
		0,
		VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_ACTION_MASK,
		VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_ACTION_UNMASK,
		VFIO_IRQ_SET_ACTION_MASK | VFIO_IRQ_SET_ACTION_UNMASK,
		VFIO_IRQ_SET_ACTION_TYPE_MASK,
	};
	struct vfio_dev *d = &self->dev;
	int efd = eventfd_new();
	size_t i;

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_INTX_IRQ_INDEX, efd));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, irq_action(d, VFIO_PCI_INTX_IRQ_INDEX, bad[i], -1))
			TH_LOG("action %#x, no data", bad[i]);
		EXPECT_EQ(-EINVAL, irq_action(d, VFIO_PCI_INTX_IRQ_INDEX, bad[i], 1))
			TH_LOG("action %#x, bool", bad[i]);
	}
	EXPECT_EQ(0, eventfd_wait(efd, QUIET_MS)) TH_LOG("a bad action fired INTx");
	EXPECT_EQ(0, irq_disable(d, VFIO_PCI_INTX_IRQ_INDEX));
	close(efd);
}

static mode_t vgpu_attr_mode(const char *uuid, const char *attr)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/mvgpu/%s", uuid, attr);
	return stat(path, &st) ? 0 : st.st_mode & 07777;
}

/*
 * The counters reveal a guest's activity: root only, and each tenant
 * starts from zero.
 */
TEST_F(vgpu, counters_per_tenant)
{
	struct vfio_dev *d = &self->dev;
	int efd = eventfd_new();
	u64 traps, irqs;

	ASSERT_LE(0, efd);
	EXPECT_EQ(0400, vgpu_attr_mode(self->uuid, "mmio_traps"));
	EXPECT_EQ(0400, vgpu_attr_mode(self->uuid, "irqs_injected"));
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, efd));
	EXPECT_EQ(MVGPU_INT_SOFTWARE, raise_sw(d));
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "mmio_traps", &traps));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "irqs_injected", &irqs));
	EXPECT_EQ(3, traps);
	EXPECT_EQ(1, irqs);
	close(efd);

	ASSERT_EQ(0, vgpu_reopen(d, self->uuid));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "mmio_traps", &traps));
	ASSERT_EQ(0, vgpu_attr(self->uuid, "irqs_injected", &irqs));
	EXPECT_EQ(0, traps);
	EXPECT_EQ(0, irqs);
}

TEST_HARNESS_MAIN
