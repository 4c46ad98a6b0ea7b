// SPDX-License-Identifier: GPL-2.0-only
/*
 * Submission on a vGPU, as a guest driver does it from the manual, at the
 * register level: guest memory mapped with VFIO_IOMMU_MAP_DMA (libmvguest's
 * VFIO layer, lib/vfio_dma.h), GTT entries, a ring and a status
 * page, FILL/STORE_DWORD/USER_INTERRUPT through the doorbell; the result
 * bytes, RING_HEAD, the status page head, CMD_COUNT and the MSI.  A
 * rejected submission (FAULTED, REJECTED, FAULT_ADDR, the counter, the
 * other engine unaffected, the engine working again after its reset),
 * commands fetched once at the doorbell, a span longer than the host
 * queues, batches (results, refusal and fault addresses inside them), and
 * the failsafe.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "vfio_dma.h"
#include "vgpu_fixture.h"

#define FIRE_MS		5000	/* an interrupt or completion that should come */
#define QUIET_MS	300

/* Guest memory: pages at IOVA GUEST_IOVA, mapped by GTT entries from
 * VINFO_GTT_BASE on.
 */
#define GUEST_IOVA	0x10000000ULL
#define GUEST_PAGES	40
#define P_RING		0
#define P_HWSP		1
#define P_DATA		2	/* 4 pages */
#define P_BATCH		6
#define P_DATA2		8	/* for the other engine */
#define RING_SIZE	4096
#define P_BIGRING	24	/* 16 pages */
#define BIG_RING_SIZE	65536
#define ENG(e, reg)	(MVGPU_ENGINE_BASE(e) + (reg))
#define OTHER_ENGINE	MVGPU_ENGINE_COMPUTE(0)

static u32 wait_busy(struct vfio_dev *d, unsigned int e);

struct guest {
	u8 *mem;
	u64 va0;	/* GPU VA of page 0 */
	u32 tail[MVGPU_NUM_ENGINE_IDS];
};

static void guest_unmap(struct guest *g)
{
	munmap(g->mem, GUEST_PAGES * 4096);
}

static u64 gva(struct guest *g, unsigned int page, u32 off)
{
	return g->va0 + (u64)page * 4096 + off;
}

static u32 *gptr(struct guest *g, unsigned int page, u32 off)
{
	return (u32 *)(g->mem + page * 4096 + off);
}

/* Map guest memory and point the first GTT entries of the vGPU at it. */
static int guest_map(struct vfio_dev *d, struct guest *g)
{
	u32 base = bar0_read32(d, MVGPU_VINFO_GTT_BASE);
	unsigned int i;
	int ret;

	g->mem = vfio_dma_map(d, GUEST_IOVA, GUEST_PAGES * 4096);
	if (!g->mem)
		return -errno;
	g->va0 = (u64)base * 4096;
	for (i = 0; i < GUEST_PAGES; i++) {
		ret = gtt_write(d, base + i, gtt_system(GUEST_IOVA + i * 4096));
		if (ret)
			return ret;
	}
	return 0;
}

/* Program engine @e's ring (page P_RING + 2 * slot) and status page. */
static void ring_start(struct vfio_dev *d, struct guest *g, unsigned int e)
{
	unsigned int ring = e == OTHER_ENGINE ? P_BATCH + 3 : P_RING;
	unsigned int hwsp = e == OTHER_ENGINE ? P_BATCH + 4 : P_HWSP;

	bar0_write32(d, ENG(e, MVGPU_ENG_RING_CTL), 0);
	bar0_write64(d, ENG(e, MVGPU_ENG_RING_BASE_LO), gva(g, ring, 0));
	bar0_write32(d, ENG(e, MVGPU_ENG_RING_SIZE), RING_SIZE);
	bar0_write64(d, ENG(e, MVGPU_ENG_HWSP_LO),
		     gva(g, hwsp, 0) | MVGPU_HWSP_ENABLE);
	bar0_write32(d, ENG(e, MVGPU_ENG_RING_CTL), MVGPU_RING_ENABLE);
	g->tail[e] = 0;
}

static u32 *ring_ptr(struct guest *g, unsigned int e)
{
	return gptr(g, e == OTHER_ENGINE ? P_BATCH + 3 : P_RING, 0);
}

static u32 *hwsp_ptr(struct guest *g, unsigned int e, u32 off)
{
	return gptr(g, e == OTHER_ENGINE ? P_BATCH + 4 : P_HWSP, off);
}

static void emit(struct guest *g, unsigned int e, const u32 *cmd, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		ring_ptr(g, e)[g->tail[e] / 4] = cmd[i];
		g->tail[e] = (g->tail[e] + 4) % RING_SIZE;
	}
}

static void emit_fill(struct guest *g, unsigned int e, u64 dst, u32 width,
		      u32 height, u32 value)
{
	const u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_FILL, 0, 7), (u32)dst, dst >> 32, width,
		width, height, value,
	};

	emit(g, e, cmd, 7);
}

static void emit_store(struct guest *g, unsigned int e, u64 dst, u32 value)
{
	const u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4), (u32)dst, dst >> 32, value,
	};

	emit(g, e, cmd, 4);
}

static void emit_user_interrupt(struct guest *g, unsigned int e)
{
	const u32 cmd = MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1);

	emit(g, e, &cmd, 1);
}

static void doorbell(struct vfio_dev *d, struct guest *g, unsigned int e)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	bar0_write32(d, ENG(e, MVGPU_ENG_RING_TAIL), g->tail[e]);
}

/* Wait until engine @e is no longer BUSY; its STATUS. */
static u32 wait_idle(struct vfio_dev *d, unsigned int e)
{
	u32 st = wait_busy(d, e);

	if (st & MVGPU_ENG_STATUS_FAULTED)
		printf("# engine %u faulted: reason %u at %#llx, head %#x\n", e,
		       bar0_read32(d, ENG(e, MVGPU_ENG_FAULT_REASON)),
		       (unsigned long long)bar0_read64(d, ENG(e, MVGPU_ENG_FAULT_ADDR_LO)),
		       bar0_read32(d, ENG(e, MVGPU_ENG_RING_HEAD)));
	return st;
}

static u32 wait_busy(struct vfio_dev *d, unsigned int e)
{
	struct timespec ts = { 0, 1000000 };
	u32 st;
	int i;

	for (i = 0; i < FIRE_MS; i++) {
		st = bar0_read32(d, ENG(e, MVGPU_ENG_STATUS));
		if (!(st & MVGPU_ENG_STATUS_BUSY))
			return st;
		nanosleep(&ts, NULL);
	}
	return st;
}

static bool all_bytes(const u8 *p, size_t n, u8 v)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != v)
			return false;
	}
	return true;
}

static u64 counter(const char *uuid, const char *name)
{
	u64 v = ~0ULL;

	vgpu_attr(uuid, name, &v);
	return v;
}

/* FILL, STORE_DWORD and USER_INTERRUPT run; the guest sees them run. */
TEST_F(vgpu, fill_store_interrupt)
{
	struct vfio_dev *d = &self->dev;
	const u32 noop = MVGPU_CMD(MVGPU_OP_NOOP, 0, 1);
	struct guest g = { 0 };
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, guest_map(d, &g));
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, efd));
	bar0_write32(d, MVGPU_REG_INT_ENABLE, MVGPU_INT_ENGINE_USER(0));
	ring_start(d, &g, 0);
	emit_fill(&g, 0, gva(&g, P_DATA, 0), 1024, 16, 0xa5a5a5a5);
	emit_store(&g, 0, gva(&g, P_HWSP, MVGPU_HWSP_SEQNO), 0x1234);
	emit_user_interrupt(&g, 0);
	doorbell(d, &g, 0);
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no MSI");
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_TRUE(all_bytes(g.mem + P_DATA * 4096, 16384, 0xa5));
	EXPECT_EQ(0, g.mem[(P_DATA + 4) * 4096]);
	EXPECT_EQ(0x1234, *hwsp_ptr(&g, 0, MVGPU_HWSP_SEQNO));
	EXPECT_EQ(g.tail[0], *hwsp_ptr(&g, 0, MVGPU_HWSP_HEAD));
	EXPECT_EQ(g.tail[0], bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	EXPECT_EQ(3, bar0_read32(d, ENG(0, MVGPU_ENG_CMD_COUNT)));
	EXPECT_EQ(MVGPU_INT_ENGINE_USER(0),
		  bar0_read32(d, MVGPU_REG_INT_STATUS));
	EXPECT_EQ(1, counter(self->uuid, "submissions"));
	EXPECT_EQ(0, counter(self->uuid, "rejected"));
	EXPECT_EQ(4 * (7 + 4 + 1), counter(self->uuid, "bytes_scanned"));

	/* NOOPs up to the end of the ring, then commands across its wrap. */
	bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_ENGINE_USER(0));
	while (g.tail[0] != RING_SIZE - 8)
		emit(&g, 0, &noop, 1);
	doorbell(d, &g, 0);
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_EQ(RING_SIZE - 8, bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	emit_store(&g, 0, gva(&g, P_HWSP, MVGPU_HWSP_SEQNO), 0x5678);
	emit_user_interrupt(&g, 0);
	doorbell(d, &g, 0);
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no MSI after wrap");
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_EQ(0x5678, *hwsp_ptr(&g, 0, MVGPU_HWSP_SEQNO));
	EXPECT_EQ(12, g.tail[0]);
	EXPECT_EQ(g.tail[0], bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	EXPECT_EQ(g.tail[0], *hwsp_ptr(&g, 0, MVGPU_HWSP_HEAD));
	/* The first 3 commands, the NOOPs, the store and the interrupt. */
	EXPECT_EQ(3 + (RING_SIZE - 8 - 48) / 4 + 2,
		  bar0_read32(d, ENG(0, MVGPU_ENG_CMD_COUNT)));
	EXPECT_NE(0, bar0_read64(d, ENG(0, MVGPU_ENG_BUSY_NS_LO)));
	irq_disable(d, VFIO_PCI_MSI_IRQ_INDEX);
	close(efd);
	guest_unmap(&g);
}

/*
 * One doorbell for a 64 KiB ring of commands, four times what the host
 * queues at once: the host shadows it as the engine makes progress, and
 * the guest sees it run as one.
 */
TEST_F(vgpu, long_span)
{
	const u32 noop = MVGPU_CMD(MVGPU_OP_NOOP, 0, 1);
	struct vfio_dev *d = &self->dev;
	struct guest g = { 0 };
	u32 *ring, n = (BIG_RING_SIZE - 24) / 4, i, tail;
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, guest_map(d, &g));
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, efd));
	bar0_write32(d, MVGPU_REG_INT_ENABLE, MVGPU_INT_ENGINE_USER(0));
	bar0_write64(d, ENG(0, MVGPU_ENG_RING_BASE_LO), gva(&g, P_BIGRING, 0));
	bar0_write32(d, ENG(0, MVGPU_ENG_RING_SIZE), BIG_RING_SIZE);
	bar0_write64(d, ENG(0, MVGPU_ENG_HWSP_LO),
		     gva(&g, P_HWSP, 0) | MVGPU_HWSP_ENABLE);
	bar0_write32(d, ENG(0, MVGPU_ENG_RING_CTL), MVGPU_RING_ENABLE);
	ring = gptr(&g, P_BIGRING, 0);
	for (i = 0; i < n; i++)
		ring[i] = noop;
	ring[n++] = MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4);
	ring[n++] = (u32)gva(&g, P_HWSP, MVGPU_HWSP_SEQNO);
	ring[n++] = gva(&g, P_HWSP, MVGPU_HWSP_SEQNO) >> 32;
	ring[n++] = 0xabcd;
	ring[n++] = MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1);
	tail = n * 4;
	ASSERT_EQ(BIG_RING_SIZE - 4, tail);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	bar0_write32(d, ENG(0, MVGPU_ENG_RING_TAIL), tail);
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no MSI");
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_EQ(0xabcd, *hwsp_ptr(&g, 0, MVGPU_HWSP_SEQNO));
	EXPECT_EQ(tail, bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	EXPECT_EQ(tail, *hwsp_ptr(&g, 0, MVGPU_HWSP_HEAD));
	EXPECT_EQ(tail / 4 - 3, bar0_read32(d, ENG(0, MVGPU_ENG_CMD_COUNT)));
	EXPECT_EQ(1, counter(self->uuid, "submissions"));
	EXPECT_EQ(tail, counter(self->uuid, "bytes_scanned"));
	irq_disable(d, VFIO_PCI_MSI_IRQ_INDEX);
	close(efd);
	guest_unmap(&g);
}

/* BATCH_START header, the batch at page @page of the guest. */
static void emit_batch_start(struct guest *g, unsigned int e, u64 va)
{
	const u32 cmd[] = { MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3), (u32)va,
			    va >> 32 };

	emit(g, e, cmd, 3);
}

/* Writes a command into a batch; the next free dword. */
static u32 *bemit(u32 *p, const u32 *cmd, u32 n)
{
	memcpy(p, cmd, n * 4);
	return p + n;
}

/*
 * Batches, two levels: they run from the host's copies; a USER_INTERRUPT
 * in a batch is reported when its ring BATCH_START completes; changing a
 * batch after the doorbell changes nothing; a command of a batch that the
 * audit refuses faults REJECTED at its address in the guest's batch; a
 * data fault in a batch reports the guest's data address.
 */
TEST_F(vgpu, batches)
{
	const u32 end = MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1);
	const u32 ui = MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1);
	struct vfio_dev *d = &self->dev;
	struct guest g = { 0 };
	u32 *b1, *b2, *p, at;
	u64 b2va = gva(&g, P_BATCH + 1, 0), outside, hole;
	int efd = eventfd_new();

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, guest_map(d, &g));
	b2va = gva(&g, P_BATCH + 1, 0);
	outside = g.va0 - 4096;
	/* A page of the guest's range with no GTT entry. */
	hole = gva(&g, GUEST_PAGES + 1, 0);
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, efd));
	bar0_write32(d, MVGPU_REG_INT_ENABLE, MVGPU_INT_ENGINE_USER(0) |
		     MVGPU_INT_ENGINE_EVENT);
	ring_start(d, &g, 0);

	/* Batch 1: FILL, BATCH_START batch 2, USER_INTERRUPT, END. */
	b1 = gptr(&g, P_BATCH, 0);
	{
		const u32 fill[] = { MVGPU_CMD(MVGPU_OP_FILL, 0, 7),
			(u32)gva(&g, P_DATA, 0), gva(&g, P_DATA, 0) >> 32,
			4096, 4096, 1, 0x61616161 };
		const u32 start2[] = { MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3),
			(u32)b2va, b2va >> 32 };

		p = bemit(b1, fill, 7);
		p = bemit(p, start2, 3);
		p = bemit(p, &ui, 1);
		bemit(p, &end, 1);
	}
	/* Batch 2: STORE_DWORD to the status page, END. */
	b2 = gptr(&g, P_BATCH + 1, 0);
	{
		const u32 store[] = { MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4),
			(u32)gva(&g, P_HWSP, MVGPU_HWSP_SEQNO),
			gva(&g, P_HWSP, MVGPU_HWSP_SEQNO) >> 32, 0x2222 };

		p = bemit(b2, store, 4);
		bemit(p, &end, 1);
	}
	emit_batch_start(&g, 0, gva(&g, P_BATCH, 0));
	doorbell(d, &g, 0);
	/* Fetched once: what the batches say now does not run. */
	b1[6] = 0x62626262;
	b2[3] = 0x3333;
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no MSI");
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_TRUE(all_bytes(g.mem + P_DATA * 4096, 4096, 0x61));
	EXPECT_EQ(0x2222, *hwsp_ptr(&g, 0, MVGPU_HWSP_SEQNO));
	EXPECT_EQ(MVGPU_INT_ENGINE_USER(0),
		  bar0_read32(d, MVGPU_REG_INT_STATUS));
	EXPECT_EQ(g.tail[0], bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	EXPECT_EQ(g.tail[0], *hwsp_ptr(&g, 0, MVGPU_HWSP_HEAD));
	/* BATCH_START, FILL, BATCH_START, STORE, END, USER_INTERRUPT, END */
	EXPECT_EQ(7, bar0_read32(d, ENG(0, MVGPU_ENG_CMD_COUNT)));
	bar0_write32(d, MVGPU_REG_INT_STATUS, MVGPU_INT_ENGINE_USER(0));

	/* Batch 2 refused: STORE outside the range, at its own address. */
	b2[1] = (u32)outside;
	b2[2] = outside >> 32;
	at = g.tail[0];
	emit_batch_start(&g, 0, gva(&g, P_BATCH, 0));
	doorbell(d, &g, 0);
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no fault event");
	EXPECT_EQ(MVGPU_ENG_STATUS_FAULTED, wait_idle(d, 0));
	EXPECT_EQ(MVGPU_FAULT_REJECTED,
		  bar0_read32(d, ENG(0, MVGPU_ENG_FAULT_REASON)));
	EXPECT_EQ(b2va, bar0_read64(d, ENG(0, MVGPU_ENG_FAULT_ADDR_LO)));
	EXPECT_EQ(at, bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	/* Nothing of it was queued: not a submission. */
	EXPECT_EQ(1, counter(self->uuid, "submissions"));
	EXPECT_EQ(1, counter(self->uuid, "rejected"));
	bar0_write32(d, MVGPU_REG_ENGINE_EVENTS, MVGPU_EVENT_FAULT(0));

	/* A hole in the range: the engine faults GTT at the data address. */
	bar0_write32(d, ENG(0, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
	ring_start(d, &g, 0);
	b2[1] = (u32)hole;
	b2[2] = hole >> 32;
	emit_batch_start(&g, 0, gva(&g, P_BATCH, 0));
	doorbell(d, &g, 0);
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no fault event");
	EXPECT_EQ(MVGPU_ENG_STATUS_FAULTED, wait_idle(d, 0));
	EXPECT_EQ(MVGPU_FAULT_GTT,
		  bar0_read32(d, ENG(0, MVGPU_ENG_FAULT_REASON)));
	EXPECT_EQ(hole, bar0_read64(d, ENG(0, MVGPU_ENG_FAULT_ADDR_LO)));
	EXPECT_EQ(0, bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	EXPECT_EQ(1, counter(self->uuid, "rejected"));
	irq_disable(d, VFIO_PCI_MSI_IRQ_INDEX);
	close(efd);
	guest_unmap(&g);
}

/*
 * The shadow budget: three ring commands each start a batch of
 * MVGPU_BATCH_MAX_DWORDS dwords (4 MiB of shadow each, 8 MiB per vGPU):
 * the third waits until the first has run, then runs; none is refused.
 */
TEST_F(vgpu, shadow_budget)
{
	const u32 big = MVGPU_BATCH_MAX_DWORDS * 4;
	const u64 iova = GUEST_IOVA + GUEST_PAGES * 4096;
	struct vfio_dev *d = &self->dev;
	struct guest g = { 0 };
	u32 *batch, i, base, pages = big / 4096;
	u64 bva;
	u8 *mem;

	ASSERT_EQ(0, guest_map(d, &g));
	if (bar0_read32(d, MVGPU_VINFO_GTT_COUNT) < GUEST_PAGES + pages)
		SKIP(return, "GTT range too small");
	mem = vfio_dma_map(d, iova, big);
	ASSERT_NE(NULL, mem);
	batch = (u32 *)mem;
	for (i = 0; i < MVGPU_BATCH_MAX_DWORDS - 1; i++)
		batch[i] = MVGPU_CMD(MVGPU_OP_NOOP, 0, 1);
	batch[i] = MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1);
	base = g.va0 / 4096 + GUEST_PAGES;
	for (i = 0; i < pages; i++)
		ASSERT_EQ(0, gtt_write(d, base + i, gtt_system(iova + i * 4096)));
	bva = (u64)base * 4096;
	ring_start(d, &g, 0);
	for (i = 0; i < 3; i++)
		emit_batch_start(&g, 0, bva);
	emit_store(&g, 0, gva(&g, P_HWSP, MVGPU_HWSP_SEQNO), 0xb16);
	doorbell(d, &g, 0);
	/* 12 MiB of commands: up to 10 s more on a slow (debug) kernel. */
	for (i = 0; i < 200 && bar0_read32(d, ENG(0, MVGPU_ENG_STATUS)) ==
			       MVGPU_ENG_STATUS_BUSY; i++)
		usleep(50000);
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_EQ(0xb16, *hwsp_ptr(&g, 0, MVGPU_HWSP_SEQNO));
	EXPECT_EQ(g.tail[0], bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	EXPECT_EQ(3 * (MVGPU_BATCH_MAX_DWORDS + 1) + 1,
		  bar0_read32(d, ENG(0, MVGPU_ENG_CMD_COUNT)));
	EXPECT_EQ(0, counter(self->uuid, "rejected"));
	munmap(mem, big);
	guest_unmap(&g);
}

/* Commands are read at the doorbell: later changes do not run. */
TEST_F(vgpu, fetch_once)
{
	struct vfio_dev *d = &self->dev;
	struct guest g = { 0 };
	u32 at;

	ASSERT_EQ(0, guest_map(d, &g));
	ring_start(d, &g, 0);
	at = g.tail[0];
	emit_fill(&g, 0, gva(&g, P_DATA, 0), 4096, 1, 0x11111111);
	doorbell(d, &g, 0);
	ring_ptr(&g, 0)[at / 4 + 6] = 0x22222222;
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_TRUE(all_bytes(g.mem + P_DATA * 4096, 4096, 0x11));
	guest_unmap(&g);
}

/*
 * A FILL outside the vGPU's range is rejected: the STORE before it runs,
 * the engine stops FAULTED, REJECTED, on the FILL, the event interrupt
 * fires, the counter counts; the other engine runs on; after its reset the
 * engine works again.
 */
TEST_F(vgpu, rejected_then_reset)
{
	struct vfio_dev *d = &self->dev;
	struct guest g = { 0 };
	int efd = eventfd_new();
	u64 outside;
	u32 at;

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, guest_map(d, &g));
	outside = g.va0 - 4096;
	ASSERT_EQ(0, irq_set_eventfd(d, VFIO_PCI_MSI_IRQ_INDEX, efd));
	bar0_write32(d, MVGPU_REG_INT_ENABLE, MVGPU_INT_ENGINE_EVENT |
		     MVGPU_INT_ENGINE_USER(OTHER_ENGINE));
	bar0_write32(d, ENG(0, MVGPU_ENG_CTX_ID), 7);
	ring_start(d, &g, 0);
	emit_store(&g, 0, gva(&g, P_HWSP, MVGPU_HWSP_SEQNO), 1);
	at = g.tail[0];
	emit_fill(&g, 0, outside, 64, 1, 0xdeadbeef);
	emit_store(&g, 0, gva(&g, P_HWSP, MVGPU_HWSP_SEQNO), 2);
	doorbell(d, &g, 0);
	EXPECT_EQ(1, eventfd_wait(efd, FIRE_MS)) TH_LOG("no engine event");
	EXPECT_EQ(MVGPU_ENG_STATUS_FAULTED, wait_idle(d, 0));
	EXPECT_EQ(MVGPU_FAULT_REJECTED,
		  bar0_read32(d, ENG(0, MVGPU_ENG_FAULT_REASON)));
	EXPECT_EQ(g.va0 + at, bar0_read64(d, ENG(0, MVGPU_ENG_FAULT_ADDR_LO)));
	EXPECT_EQ(at, bar0_read32(d, ENG(0, MVGPU_ENG_RING_HEAD)));
	EXPECT_EQ(at, *hwsp_ptr(&g, 0, MVGPU_HWSP_HEAD));
	EXPECT_EQ(7, bar0_read32(d, ENG(0, MVGPU_ENG_EVENT_CTX_ID)));
	EXPECT_EQ(1, *hwsp_ptr(&g, 0, MVGPU_HWSP_SEQNO));
	EXPECT_EQ(MVGPU_EVENT_FAULT(0),
		  bar0_read32(d, MVGPU_REG_ENGINE_EVENTS));
	EXPECT_EQ(MVGPU_INT_ENGINE_EVENT,
		  bar0_read32(d, MVGPU_REG_INT_STATUS));
	EXPECT_EQ(1, counter(self->uuid, "rejected"));

	/* The other engine is not affected. */
	if (bar0_read32(d, MVGPU_REG_ENGINES) & MVGPU_ENGINES_COMPUTE_MASK) {
		ring_start(d, &g, OTHER_ENGINE);
		emit_fill(&g, OTHER_ENGINE, gva(&g, P_DATA2, 0), 4096, 1,
			  0x3c3c3c3c);
		emit_user_interrupt(&g, OTHER_ENGINE);
		doorbell(d, &g, OTHER_ENGINE);
		EXPECT_EQ(0, wait_idle(d, OTHER_ENGINE));
		EXPECT_TRUE(all_bytes(g.mem + P_DATA2 * 4096, 4096, 0x3c));
		EXPECT_EQ(MVGPU_INT_ENGINE_EVENT |
			  MVGPU_INT_ENGINE_USER(OTHER_ENGINE),
			  bar0_read32(d, MVGPU_REG_INT_STATUS));
	}

	/* Acknowledge, reset the engine: it runs again. */
	bar0_write32(d, MVGPU_REG_ENGINE_EVENTS, MVGPU_EVENT_FAULT(0));
	EXPECT_EQ(0, bar0_read32(d, MVGPU_REG_INT_STATUS) &
		  MVGPU_INT_ENGINE_EVENT);
	bar0_write32(d, ENG(0, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
	EXPECT_EQ(0, bar0_read32(d, ENG(0, MVGPU_ENG_STATUS)));
	ring_start(d, &g, 0);
	emit_fill(&g, 0, gva(&g, P_DATA, 0), 4096, 1, 0x77777777);
	doorbell(d, &g, 0);
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_TRUE(all_bytes(g.mem + P_DATA * 4096, 4096, 0x77));
	EXPECT_EQ(1, counter(self->uuid, "rejected"));
	irq_disable(d, VFIO_PCI_MSI_IRQ_INDEX);
	close(efd);
	guest_unmap(&g);
}

/*
 * MVGPU_VSUB_FAILSAFE (8) rejected submissions fail the vGPU: even a good
 * submission is refused then, until a function reset.
 */
TEST_F(vgpu, failsafe)
{
	struct vfio_dev *d = &self->dev;
	struct guest g = { 0 };
	int i;

	ASSERT_EQ(0, guest_map(d, &g));
	for (i = 0; i < 8; i++) {
		bar0_write32(d, ENG(0, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
		ring_start(d, &g, 0);
		emit_store(&g, 0, g.va0 - 8, i);
		doorbell(d, &g, 0);
		EXPECT_EQ(MVGPU_ENG_STATUS_FAULTED, wait_idle(d, 0));
	}
	EXPECT_EQ(8, counter(self->uuid, "rejected"));
	bar0_write32(d, ENG(0, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
	ring_start(d, &g, 0);
	emit_fill(&g, 0, gva(&g, P_DATA, 0), 4096, 1, 0x55555555);
	doorbell(d, &g, 0);
	EXPECT_EQ(MVGPU_ENG_STATUS_FAULTED, wait_idle(d, 0));
	EXPECT_EQ(MVGPU_FAULT_REJECTED,
		  bar0_read32(d, ENG(0, MVGPU_ENG_FAULT_REASON)));
	EXPECT_EQ(0, g.mem[P_DATA * 4096]);
	EXPECT_EQ(9, counter(self->uuid, "rejected"));

	/* A function reset ends it; the GTT is cleared with it. */
	ASSERT_EQ(0, ioctl(d->fd, VFIO_DEVICE_RESET));
	for (i = 0; i < GUEST_PAGES; i++)
		bar0_write64(d, MVGPU_GTT_OFFSET +
			     (g.va0 / 4096 + i) * 8,
			     (GUEST_IOVA + i * 4096) | MVGPU_GTT_SYSTEM |
			     MVGPU_GTT_VALID);
	ring_start(d, &g, 0);
	emit_fill(&g, 0, gva(&g, P_DATA, 0), 4096, 1, 0x55555555);
	doorbell(d, &g, 0);
	EXPECT_EQ(0, wait_idle(d, 0));
	EXPECT_TRUE(all_bytes(g.mem + P_DATA * 4096, 4096, 0x55));
	guest_unmap(&g);
}

TEST_HARNESS_MAIN
