// SPDX-License-Identifier: GPL-2.0-only
/*
 * A vGPU doing GPU work for a userspace guest (libmvguest): FILL, COPY and
 * CRC32C on every engine with every byte checked, the engine registers and
 * status page as the manual says, the MSI per batch and INT_ENABLE, a
 * fault of the guest's own work, a full reset, commands fetched once at
 * the doorbell (TOCTOU), zero-trap submission on a busy engine (and the
 * trapping path), and eight vGPUs at once beside the render node.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "drm_client.h"
#include "guest_test.h"

#define REG(e, r)	(MVGPU_ENGINE_BASE(e) + (r))
#define QUIET_MS	300

FIXTURE(guest) {
	struct tguest pad;	/* a vGPU before ours, so ours is not at 0 */
	struct tguest t;
	struct mvg_guest *g;
};

FIXTURE_VARIANT(guest) {
	const struct mvgpu_type *t;
	bool pad;
};

/* The first slice: GTT entries and GPU VAs from 0. */
FIXTURE_VARIANT_ADD(guest, mvgpu_8_first) { .t = &mvgpu_types[3] };
/* Half the GPU after a slice: GTT entries from the middle. */
FIXTURE_VARIANT_ADD(guest, mvgpu_2_offset) { .t = &mvgpu_types[1], .pad = true };

FIXTURE_SETUP(guest)
{
	int ret;

	if (!mvgpu_present())
		SETUP_SKIP("mvgpu not loaded (no %s/%s)", MDEV_BUS_DIR, MVGPU_GPU0);
	destroy_all_mdevs();
	if (variant->pad)
		ASSERT_EQ(0, vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3],
					     self->pad.uuid));
	ret = tguest_start(&self->t, variant->t, GUEST_RAM, ENGINE0);
	ASSERT_EQ(0, ret) TH_LOG("%s", self->t.g.err);
	self->g = &self->t.g;
	ASSERT_TRUE(!variant->pad || self->g->gtt_base);
}

FIXTURE_TEARDOWN(guest)
{
	EXPECT_EQ(0, tguest_stop(&self->t));
	if (*self->pad.uuid)
		EXPECT_EQ(0, vgpu_destroy(self->pad.uuid));
}

/* Every op at a page, an unaligned single row and several rows. */
TEST_F(guest, fill_copy_crc_every_engine)
{
	static const u64 sizes[] = { 4096, 65536 + 12, 256 << 10 };
	struct mvg_guest *g = self->g;
	u32 mask = mvg_engine_mask(g), e;
	struct mvg_work w;
	size_t i;

	ASSERT_NE(0, mask);
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (!(mask & (1u << e)))
			continue;
		ASSERT_EQ(0, mvg_engine_init(g, e, 0)) TH_LOG("%s", g->err);
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			ASSERT_EQ(0, mvg_work_init(g, &w, sizes[i])) TH_LOG("%s", g->err);
			ASSERT_EQ(0, guest_rounds(g, e, &w, e * 16 + i))
				TH_LOG("engine %u, %llu bytes: %s", e,
				       (unsigned long long)sizes[i], g->err);
			mvg_free_from(g, &w.batch.buf);
		}
	}
	EXPECT_LT(0ULL, tguest_counter(&self->t, "submissions"));
	EXPECT_LT(0ULL, tguest_counter(&self->t, "bytes_scanned"));
	EXPECT_EQ(0ULL, tguest_counter(&self->t, "rejected"));
}

/* RING_HEAD, the status page head, STATUS and CMD_COUNT after work. */
TEST_F(guest, engine_state_after_work)
{
	struct mvg_engine_state before, after;
	struct mvg_guest *g = self->g;
	struct mvg_work w;
	int round;

	ASSERT_EQ(0, mvg_work_init(g, &w, 8192)) TH_LOG("%s", g->err);
	ASSERT_EQ(0, mvg_engine_state(g, ENGINE0, &before));
	EXPECT_EQ(0, before.status & (MVGPU_ENG_STATUS_FAULTED |
				      MVGPU_ENG_STATUS_BUSY));
	for (round = 0; round < 3; round++) {
		ASSERT_EQ(0, guest_rounds(g, ENGINE0, &w, round)) TH_LOG("%s", g->err);
		ASSERT_EQ(0, mvg_wait_idle(g, ENGINE0, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
		ASSERT_EQ(0, mvg_engine_state(g, ENGINE0, &after));
		/* Ring positions are the guest's, not the shadow's. */
		EXPECT_EQ(g->eng[ENGINE0].tail, after.ring_tail);
		EXPECT_EQ(g->eng[ENGINE0].tail, after.hwsp_head);
		EXPECT_EQ(g->eng[ENGINE0].tail, after.ring_head);
		EXPECT_EQ(0, after.status & (MVGPU_ENG_STATUS_FAULTED |
					     MVGPU_ENG_STATUS_BUSY));
		EXPECT_EQ(MVGPU_FAULT_NONE, after.fault_reason);
	}
	/*
	 * Per op: BATCH_START, its command and BATCH_END, STORE_DWORD and
	 * USER_INTERRUPT; at least the four that are not BATCH_END.
	 */
	EXPECT_LE(before.cmd_count + 3 * MVG_NUM_OPS * 4, after.cmd_count);
}

/* A USER_INTERRUPT is an MSI when INT_ENABLE has the engine, else not. */
TEST_F(guest, msi_honours_int_enable)
{
	struct mvg_guest *g = self->g;
	u64 injected = tguest_counter(&self->t, "irqs_injected");
	char why[160];
	struct mvg_work w;
	u32 seqno;
	int round;

	ASSERT_EQ(0, mvg_work_init(g, &w, 4096)) TH_LOG("%s", g->err);
	g->wait_mode = MVG_WAIT_POLL;
	/* An MSI per batch, as long as the handler acknowledges each. */
	for (round = 0; round < 3; round++) {
		mvg_work_prepare(&w, MVG_OP_FILL, round);
		ASSERT_EQ(0, mvg_submit(g, ENGINE0, &w.batch, &seqno));
		ASSERT_EQ(1, eventfd_wait(g->msi_fd, GUEST_WAIT_MS))
			TH_LOG("no MSI for batch %d", round);
		EXPECT_TRUE(mvg_done(g, ENGINE0, seqno));
		EXPECT_TRUE(bar0_read32(&g->dev, MVGPU_REG_INT_STATUS) &
			    MVGPU_INT_ENGINE_USER(ENGINE0));
		ASSERT_EQ(0, bar0_write32(&g->dev, MVGPU_REG_INT_STATUS,
					  MVGPU_INT_ENGINE_USER(ENGINE0)));
		ASSERT_EQ(0, mvg_work_check(&w, MVG_OP_FILL, round, why, sizeof(why)))
			TH_LOG("%s", why);
	}
	EXPECT_LE(injected + 3, tguest_counter(&self->t, "irqs_injected"));
	ASSERT_EQ(0, mvg_wait_idle(g, ENGINE0, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
	EXPECT_EQ(0, eventfd_wait(g->msi_fd, QUIET_MS)) TH_LOG("MSI with nothing new");

	/* Masked: the source latches in INT_STATUS, no MSI. */
	ASSERT_EQ(0, bar0_write32(&g->dev, MVGPU_REG_INT_ENABLE, 0));
	g->wait_mode = MVG_WAIT_POLL;
	mvg_work_prepare(&w, MVG_OP_FILL, 7);
	ASSERT_EQ(0, mvg_submit(g, ENGINE0, &w.batch, &seqno));
	ASSERT_EQ(0, mvg_wait(g, ENGINE0, seqno, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
	ASSERT_EQ(0, mvg_wait_idle(g, ENGINE0, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
	EXPECT_EQ(0, eventfd_wait(g->msi_fd, QUIET_MS)) TH_LOG("MSI while masked");
	EXPECT_TRUE(bar0_read32(&g->dev, MVGPU_REG_INT_STATUS) &
		    MVGPU_INT_ENGINE_USER(ENGINE0));
	/* Enabling a pending source interrupts. */
	ASSERT_EQ(0, bar0_write32(&g->dev, MVGPU_REG_INT_ENABLE, g->int_enable));
	EXPECT_EQ(1, eventfd_wait(g->msi_fd, GUEST_WAIT_MS)) TH_LOG("no MSI");
}

/*
 * An unmapped page of its own range faults the guest's engine (GTT, at
 * that address) and nothing else; the engine works again after a reset.
 */
TEST_F(guest, own_fault_then_reset)
{
	struct mvg_guest *g = self->g;
	u64 hole = mvg_va_hi(g) - MVGPU_GTT_PAGE_SIZE;
	struct mvg_engine_state st;
	struct mvg_cmds c;
	struct mvg_work w;
	u32 seqno;

	ASSERT_EQ(0, mvg_work_init(g, &w, 4096)) TH_LOG("%s", g->err);
	ASSERT_EQ(0, mvg_cmds_alloc(g, 4096, &c)) TH_LOG("%s", g->err);
	ASSERT_EQ(0ULL, mvg_gtt_read(g, hole / MVGPU_GTT_PAGE_SIZE));
	mvg_emit_fill(&c, hole, 4096, 4096, 1, 0x1234);
	mvg_emit_end(&c);
	ASSERT_EQ(0, mvg_submit(g, ENGINE0, &c, &seqno));
	ASSERT_EQ(-EIO, mvg_wait(g, ENGINE0, seqno, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
	ASSERT_EQ(0, mvg_engine_state(g, ENGINE0, &st));
	EXPECT_TRUE(st.status & MVGPU_ENG_STATUS_FAULTED);
	EXPECT_EQ(MVGPU_FAULT_GTT, st.fault_reason)
		TH_LOG("fault %s", mvg_fault_name(st.fault_reason));
	EXPECT_EQ(hole, st.fault_addr);
	EXPECT_EQ(0ULL, tguest_counter(&self->t, "rejected"));

	ASSERT_EQ(0, mvg_engine_reset(g, ENGINE0)) TH_LOG("%s", g->err);
	EXPECT_EQ(0, guest_rounds(g, ENGINE0, &w, 3)) TH_LOG("%s", g->err);
}

/* RESET.FULL: the GTT is empty again; mapped again, everything works. */
TEST_F(guest, full_reset)
{
	struct mvg_guest *g = self->g;
	struct mvg_work w;

	ASSERT_EQ(0, mvg_work_init(g, &w, 16384)) TH_LOG("%s", g->err);
	ASSERT_EQ(0, guest_rounds(g, ENGINE0, &w, 1)) TH_LOG("%s", g->err);
	ASSERT_EQ(0, mvg_reset(g)) TH_LOG("%s", g->err);
	EXPECT_EQ(0, guest_rounds(g, ENGINE0, &w, 2)) TH_LOG("%s", g->err);
}

/*
 * Commands are fetched once, at the doorbell: the engine waits on a
 * semaphore before a FILL; meanwhile the guest rewrites the FILL's value in
 * the batch and points the ring's BATCH_START at another batch.  What runs
 * is what was submitted.
 */
TEST_F(guest, toctou_batch_and_ring)
{
	struct mvg_guest *g = self->g;
	struct mvg_engine *eng = &g->eng[ENGINE0];
	struct mvg_buf sem, dst;
	struct mvg_cmds a, b;
	u32 seqno, *p, *ring, want[1024];
	u32 start, i;

	ASSERT_EQ(0, mvg_alloc(g, 4096, &sem));
	ASSERT_EQ(0, mvg_alloc(g, 4096, &dst));
	ASSERT_EQ(0, mvg_cmds_alloc(g, 4096, &a));
	ASSERT_EQ(0, mvg_cmds_alloc(g, 4096, &b));
	mvg_emit_sem_wait(&a, sem.va, 1, MVGPU_SEM_EQ);
	mvg_emit_fill(&a, dst.va, 4096, 4096, 1, 0x11111111);
	mvg_emit_end(&a);
	mvg_emit_fill(&b, dst.va, 4096, 4096, 1, 0x33333333);
	mvg_emit_end(&b);

	start = eng->tail;
	ASSERT_EQ(0, mvg_submit(g, ENGINE0, &a, &seqno)) TH_LOG("%s", g->err);
	/* After the doorbell: change the batch and the ring. */
	p = a.buf.cpu;
	p[4 + 6] = 0x22222222;		/* the FILL's value */
	ring = eng->ring.cpu;
	ring[start / 4 + 1] = (u32)b.buf.va;
	ring[start / 4 + 2] = b.buf.va >> 32;
	__atomic_store_n((u32 *)sem.cpu, 1, __ATOMIC_SEQ_CST);

	ASSERT_EQ(0, mvg_wait(g, ENGINE0, seqno, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
	for (i = 0; i < ARRAY_SIZE(want); i++)
		want[i] = 0x11111111;
	EXPECT_EQ(0, memcmp(want, dst.cpu, sizeof(want)));
}

#define NR_VGPUS	8
#define ROUNDS		3
#define WORK_SIZE	(128u << 10)

/* A VMM: opens @uuid, runs ROUNDS checked rounds of each op; exits. */
static void vmm_child(const char *uuid, unsigned int e, u32 seed)
{
	struct mvg_guest g;
	struct mvg_work w;
	unsigned int r;

	if (mvg_open(&g, uuid, 1u << 20) || mvg_engine_init(&g, e, 0) ||
	    mvg_work_init(&g, &w, WORK_SIZE)) {
		fprintf(stderr, "# %s: %s\n", uuid, g.err);
		_exit(10);
	}
	for (r = 0; r < ROUNDS; r++) {
		if (guest_rounds(&g, e, &w, seed + r * 8)) {
			fprintf(stderr, "# %s round %u: %s\n", uuid, r, g.err);
			_exit(11);
		}
	}
	mvg_close(&g);
	_exit(0);
}

#define ZT_BATCHES	16

/*
 * Zero-trap submission ("Zero-trap submission" in the manual): the engine
 * is held busy by a SEMAPHORE_WAIT on guest memory; @n batches submitted
 * meanwhile cost no trap (or one each without TAIL_POLL); the semaphore
 * released, every result is bit-exact; once the engine drained, the next
 * submission traps again (the host said POLL = 0) and runs.
 */
static void zero_trap_round(struct __test_metadata *_metadata,
			    struct tguest *t, bool tail_poll)
{
	struct mvg_guest *g = &t->g;
	struct mvg_engine *eng = &g->eng[ENGINE0];
	struct mvg_work w[ZT_BATCHES], last;
	u64 traps, doorbells, published, polls;
	struct mvg_cmds sem;
	struct mvg_buf flag;
	u32 seqno, *hold;
	int i;

	g->tail_poll = tail_poll;
	ASSERT_EQ(0, mvg_engine_init(g, ENGINE0, 0)) TH_LOG("%s", g->err);
	ASSERT_EQ(tail_poll, eng->tail_poll);
	ASSERT_EQ(0, mvg_alloc(g, MVGPU_GTT_PAGE_SIZE, &flag)) TH_LOG("%s", g->err);
	ASSERT_EQ(0, mvg_cmds_alloc(g, MVGPU_GTT_PAGE_SIZE, &sem));
	hold = flag.cpu;
	mvg_emit_sem_wait(&sem, flag.va, 1, MVGPU_SEM_EQ);
	mvg_emit_end(&sem);
	for (i = 0; i < ZT_BATCHES; i++) {
		ASSERT_EQ(0, mvg_work_init(g, &w[i], 4096 + 64 * i)) TH_LOG("%s", g->err);
		mvg_work_prepare(&w[i], i % MVG_NUM_OPS, 100 + i);
	}
	ASSERT_EQ(0, mvg_work_init(g, &last, 8192)) TH_LOG("%s", g->err);
	mvg_work_prepare(&last, MVG_OP_COPY, 7);

	/* Idle: the first submission traps. */
	doorbells = eng->doorbells;
	ASSERT_EQ(0, mvg_submit(g, ENGINE0, &sem, &seqno));
	EXPECT_EQ(doorbells + 1, eng->doorbells);
	traps = tguest_counter(t, "mmio_traps");
	polls = tguest_counter(t, "tail_polls");
	doorbells = eng->doorbells;
	published = eng->published;
	for (i = 0; i < ZT_BATCHES; i++)
		ASSERT_EQ(0, mvg_submit(g, ENGINE0, &w[i].batch, &seqno))
			TH_LOG("%s", g->err);
	if (tail_poll) {
		EXPECT_EQ(traps, tguest_counter(t, "mmio_traps"));
		EXPECT_EQ(doorbells, eng->doorbells);
		EXPECT_EQ(published + ZT_BATCHES, eng->published);
	} else {
		EXPECT_EQ(traps + ZT_BATCHES, tguest_counter(t, "mmio_traps"));
		EXPECT_EQ(doorbells + ZT_BATCHES, eng->doorbells);
	}
	TH_LOG("TAIL_POLL %s: %d batches on a busy engine, %.2f traps per batch",
	       tail_poll ? "on" : "off", ZT_BATCHES,
	       (double)(tguest_counter(t, "mmio_traps") - traps) / ZT_BATCHES);
	/* Nothing ran past the semaphore. */
	EXPECT_FALSE(mvg_done(g, ENGINE0, seqno));
	__atomic_store_n(hold, 1, __ATOMIC_SEQ_CST);
	ASSERT_EQ(0, mvg_wait(g, ENGINE0, seqno, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
	/* The host took the published tails from the page (one or more a read). */
	EXPECT_EQ(tail_poll, tguest_counter(t, "tail_polls") > polls);
	ASSERT_EQ(0, mvg_wait_idle(g, ENGINE0, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
	for (i = 0; i < ZT_BATCHES; i++)
		EXPECT_EQ(0, mvg_work_check(&w[i], i % MVG_NUM_OPS, 100 + i,
					    g->err, sizeof(g->err)))
			TH_LOG("batch %d: %s", i, g->err);
	/* Drained: the host stopped polling, the next one traps. */
	EXPECT_EQ(0, ((u32 *)eng->hwsp.cpu)[MVGPU_HWSP_POLL / 4]);
	doorbells = eng->doorbells;
	ASSERT_EQ(0, mvg_submit(g, ENGINE0, &last.batch, &seqno));
	EXPECT_EQ(doorbells + 1, eng->doorbells);
	ASSERT_EQ(0, mvg_wait(g, ENGINE0, seqno, GUEST_WAIT_MS)) TH_LOG("%s", g->err);
	EXPECT_EQ(0, mvg_work_check(&last, MVG_OP_COPY, 7, g->err, sizeof(g->err)))
		TH_LOG("%s", g->err);
	mvg_free_from(g, &flag);
}

TEST_F(guest, zero_trap_when_busy)
{
	ASSERT_TRUE(self->g->vcaps & MVGPU_VCAP_TAIL_POLL);
	zero_trap_round(_metadata, &self->t, true);
	/* The trapping path, as a guest without the capability. */
	zero_trap_round(_metadata, &self->t, false);
	/* And back: the engine reprogrammed with TAIL_POLL works again. */
	zero_trap_round(_metadata, &self->t, true);
}

/* Eight VMMs, one per MVGPU-8, and a render-node client, all at once. */
TEST(eight_vgpus_beside_the_render_node)
{
	char uuids[NR_VGPUS][UUID_LEN];
	pid_t pids[NR_VGPUS + 1];
	unsigned int i, e;
	u64 v;

	if (!mvgpu_present())
		SKIP(return, "mvgpu not loaded");
	destroy_all_mdevs();
	for (i = 0; i < NR_VGPUS; i++)
		ASSERT_EQ(0, vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3], uuids[i]));
	for (i = 0; i <= NR_VGPUS; i++) {
		/* Copy and compute engines in turn. */
		e = i % 2 ? MVGPU_ENGINE_COMPUTE(0) : MVGPU_ENGINE_COPY(0);
		fflush(NULL);
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		if (i == NR_VGPUS)
			child_rounds(MVGPU_ENGINE_COPY(0), 2 * ROUNDS, 0x5eed);
		vmm_child(uuids[i], e, i * 1000);
	}
	EXPECT_EQ(0, wait_children(pids, NR_VGPUS + 1));
	for (i = 0; i < NR_VGPUS; i++) {
		EXPECT_EQ(0ULL, counter_settles(uuids[i], "pinned_pages", 0, 2000))
			TH_LOG("%s", uuids[i]);
		EXPECT_EQ(0, vgpu_attr(uuids[i], "rejected", &v));
		EXPECT_EQ(0ULL, v);
		EXPECT_EQ(0, vgpu_destroy(uuids[i]));
	}
}

TEST_HARNESS_MAIN
