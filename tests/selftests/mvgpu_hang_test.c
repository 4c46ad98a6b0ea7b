// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hangs (Documentation/hardware.rst, "Hangs"): the core's watchdog resets
 * a vGPU whose SEMAPHORE_WAIT never completes, and one whose batch runs
 * without end (a FILL of 16 TiB onto one page); the guest sees its engine
 * FAULTED with reason HANG and the engine-event interrupt, works again
 * after an engine reset, while another vGPU and a render-node client on
 * the same engine complete their work bit-exact.  An engine that stops
 * answering (the sim's debug_wedge_engines) makes the core reset the GPU:
 * the vGPU on it sees HANG, the vGPU and the render client working on the
 * other engine through the reset get every result right.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "guest_test.h"
#include "drm_client.h"

#define SIM_PARAM	"/sys/module/mvgpu_sim/parameters/debug_wedge_engines"
#define WORK		(256u << 10)
#define OTHER_ROUNDS	4
#define ENGINE1		MVGPU_ENGINE_COMPUTE(0)

/* Shared with the children: set when they may stop (wedged_engine_...). */
static int *stop_flag;

static bool stopped(void)
{
	return !stop_flag || __atomic_load_n(stop_flag, __ATOMIC_SEQ_CST);
}

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

/* Another VMM: @rounds checked rounds of each op on @e; exits 0 if right. */
static void other_vmm(const char *uuid, unsigned int e, unsigned int rounds,
		      u32 seed)
{
	struct mvg_guest g;
	struct mvg_work w;
	unsigned int r;

	if (mvg_open(&g, uuid, 2u << 20) || mvg_engine_init(&g, e, 0) ||
	    mvg_work_init(&g, &w, WORK)) {
		fprintf(stderr, "# other VMM %s: %s\n", uuid, g.err);
		_exit(10);
	}
	/* @rounds at least, and on until the parent says stop. */
	for (r = 0; r < rounds || !stopped(); r++) {
		if (guest_rounds(&g, e, &w, seed + r * 8)) {
			fprintf(stderr, "# other VMM round %u: %s\n", r, g.err);
			_exit(11);
		}
	}
	mvg_close(&g);
	_exit(0);
}

static pid_t spawn(void (*fn)(const char *, unsigned int, unsigned int, u32),
		   const char *uuid, unsigned int e, unsigned int rounds,
		   u32 seed)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (!pid)
		fn(uuid, e, rounds, seed);
	return pid;
}

/* A render client: as other_vmm(), with client_round()s. */
static void render_client(unsigned int e, unsigned int rounds, u32 seed)
{
	struct client c;
	unsigned int r;
	int ret;

	if (client_open(&c, BO_SIZE))
		_exit(10);
	for (r = 0; r < rounds || !stopped(); r++) {
		ret = client_round(&c, e, seed + r);
		if (ret) {
			fprintf(stderr, "# render client round %u: %d\n", r, ret);
			_exit(ret < 0 ? 11 : 12);
		}
	}
	client_close(&c);
	_exit(0);
}

static pid_t spawn_render(unsigned int e, unsigned int rounds, u32 seed)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (!pid)
		render_client(e, rounds, seed);
	return pid;
}

enum hang_kind { HANG_SEMAPHORE, HANG_RUNAWAY };

/* The offender's batch: a wait that never completes, or a FILL without end. */
static void emit_hang(struct mvg_cmds *b, const struct mvg_buf *buf,
		      enum hang_kind kind)
{
	mvg_cmds_reset(b);
	if (kind == HANG_SEMAPHORE)
		mvg_emit_sem_wait(b, buf->va, 1, MVGPU_SEM_EQ);
	else	/* 4 KiB rows, pitch 0: 16 TiB onto one page */
		mvg_emit_fill(b, buf->va, 0, 4096, 0xffffffffu, 0x5a5a5a5a);
	mvg_emit_end(b);
}

/* Submits the hang on @e, expects HANG and the interrupt, then recovers. */
static void offender(struct __test_metadata *_metadata, struct tguest *t,
		     unsigned int e, enum hang_kind kind, const char *wedge)
{
	struct mvg_engine_state st;
	struct mvg_work w;
	struct mvg_cmds b;
	struct mvg_buf buf;
	u64 irqs, t0, hangs;
	u32 seqno;

	ASSERT_EQ(0, mvg_alloc(&t->g, 4096, &buf));
	memset(buf.cpu, 0, 4096);
	ASSERT_EQ(0, mvg_cmds_alloc(&t->g, 4096, &b));
	emit_hang(&b, &buf, kind);
	t0 = now_ms();
	ASSERT_EQ(0, mvg_submit(&t->g, e, &b, &seqno)) TH_LOG("%s", t->g.err);
	irqs = t->g.irqs;
	if (wedge) {	/* the engine stops answering while it runs */
		usleep(200 * 1000);
		ASSERT_EQ(0, sysfs_write(SIM_PARAM, wedge));
	}
	EXPECT_EQ(-EIO, mvg_wait(&t->g, e, seqno, GUEST_WAIT_MS))
		TH_LOG("%s", t->g.err);
	TH_LOG("%s: reset after %llu ms",
	       kind == HANG_SEMAPHORE ? "SEMAPHORE_WAIT" : "runaway FILL",
	       (unsigned long long)(now_ms() - t0));
	ASSERT_EQ(0, mvg_engine_state(&t->g, e, &st));
	EXPECT_TRUE(st.status & MVGPU_ENG_STATUS_FAULTED);
	EXPECT_EQ(MVGPU_FAULT_HANG, st.fault_reason)
		TH_LOG("reason %u (%s)", st.fault_reason,
		       mvg_fault_name(st.fault_reason));
	/* At the ring's BATCH_START, in the guest's own terms. */
	EXPECT_LE(t->g.eng[e].ring.va, st.fault_addr);
	EXPECT_GT(t->g.eng[e].ring.va + t->g.eng[e].ring_size, st.fault_addr);
	/*
	 * Nothing else of this guest interrupts: this is the fault's MSI.
	 * The wait may have seen STATUS.FAULTED first (it reads STATUS when a
	 * slice passes without an MSI): give the MSI time to arrive, as a
	 * slow kernel needs after a GPU reset.
	 */
	if (t->g.irqs == irqs && eventfd_wait(t->g.msi_fd, GUEST_WAIT_MS) == 1) {
		t->g.irqs++;
		mvg_irq_handle(&t->g);
	}
	EXPECT_LT(irqs, t->g.irqs);
	EXPECT_TRUE(t->g.events & MVGPU_EVENT_FAULT(e));
	/* The semaphore is released late: nothing of the hung batch runs. */
	__atomic_store_n((u32 *)buf.cpu, 1, __ATOMIC_SEQ_CST);

	/* Counted per vGPU (mvgpu/copy0_hangs, where built; e is copy0). */
	if (vgpu_attr(t->uuid, "copy0_hangs", &hangs))
		TH_LOG("no mvgpu/copy0_hangs attribute: hang count not checked");
	else
		EXPECT_EQ(1ULL, counter_settles(t->uuid, "copy0_hangs", 1, 2000));

	/* It works again after its engine reset. */
	ASSERT_EQ(0, mvg_engine_reset(&t->g, e)) TH_LOG("%s", t->g.err);
	ASSERT_EQ(0, mvg_work_init(&t->g, &w, WORK)) TH_LOG("%s", t->g.err);
	EXPECT_EQ(0, guest_rounds(&t->g, e, &w, 77)) TH_LOG("%s", t->g.err);
}

FIXTURE(hang) {
	struct tguest bad;
	char other[UUID_LEN];
};

FIXTURE_SETUP(hang)
{
	if (!mvgpu_present())
		SKIP(return, "mvgpu not loaded");
	if (geteuid())
		SKIP(return, "needs root");
	destroy_all_mdevs();
	ASSERT_EQ(0, set_param("watchdog_ms", "1000"));
	ASSERT_EQ(0, tguest_start(&self->bad, &mvgpu_types[3], GUEST_RAM,
				  ENGINE0)) TH_LOG("%s", self->bad.g.err);
	ASSERT_EQ(0, vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3], self->other));
}

FIXTURE_TEARDOWN(hang)
{
	sysfs_write(SIM_PARAM, "0");
	set_param("watchdog_ms", "5000");
	tguest_stop(&self->bad);
	if (*self->other)
		vgpu_destroy(self->other);
}

static void hang_beside_others(struct __test_metadata *_metadata,
			       struct _test_data_hang *self, enum hang_kind kind)
{
	pid_t pids[2];

	/* Another vGPU and a render client share the offender's engine. */
	pids[0] = spawn(other_vmm, self->other, ENGINE0, OTHER_ROUNDS, 1000);
	pids[1] = spawn_render(ENGINE0, OTHER_ROUNDS, 0x5eed);
	ASSERT_LE(0, pids[0]);
	ASSERT_LE(0, pids[1]);
	offender(_metadata, &self->bad, ENGINE0, kind, NULL);
	EXPECT_EQ(0, wait_children(pids, 2));
}

TEST_F_TIMEOUT(hang, semaphore_wait_is_reset, 120)
{
	hang_beside_others(_metadata, self, HANG_SEMAPHORE);
}

TEST_F_TIMEOUT(hang, runaway_batch_is_reset, 120)
{
	hang_beside_others(_metadata, self, HANG_RUNAWAY);
}

/* With the watchdog off, the wait is left alone (the test can fail). */
TEST_F_TIMEOUT(hang, watchdog_off_leaves_it, 60)
{
	struct mvg_cmds b;
	struct mvg_buf buf;
	u32 seqno;

	ASSERT_EQ(0, set_param("watchdog_ms", "0"));
	ASSERT_EQ(0, mvg_alloc(&self->bad.g, 4096, &buf));
	memset(buf.cpu, 0, 4096);
	ASSERT_EQ(0, mvg_cmds_alloc(&self->bad.g, 4096, &b));
	emit_hang(&b, &buf, HANG_SEMAPHORE);
	ASSERT_EQ(0, mvg_submit(&self->bad.g, ENGINE0, &b, &seqno));
	EXPECT_EQ(-ETIMEDOUT, mvg_wait(&self->bad.g, ENGINE0, seqno, 3000));
	__atomic_store_n((u32 *)buf.cpu, 1, __ATOMIC_SEQ_CST);
	EXPECT_EQ(0, mvg_wait(&self->bad.g, ENGINE0, seqno, GUEST_WAIT_MS))
		TH_LOG("%s", self->bad.g.err);
}

/*
 * ENGINE0 stops answering while the offender's FILL runs on it: the core
 * resets the GPU.  The offender sees HANG; another vGPU and a render
 * client work on the other engine through the reset, bit-exact.
 */
TEST_F_TIMEOUT(hang, wedged_engine_resets_gpu, 180)
{
	char wedge[16];
	pid_t pids[2];

	if (access(SIM_PARAM, W_OK))
		SKIP(return, "no %s", SIM_PARAM);
	ASSERT_EQ(0, set_param("watchdog_ms", "2000"));
	stop_flag = mmap(NULL, sizeof(*stop_flag), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, stop_flag);
	__atomic_store_n(stop_flag, 0, __ATOMIC_SEQ_CST);
	/* They work on until after the reset. */
	pids[0] = spawn(other_vmm, self->other, ENGINE1, OTHER_ROUNDS, 2000);
	pids[1] = spawn_render(ENGINE1, OTHER_ROUNDS, 0xbeef);
	ASSERT_LE(0, pids[0]);
	ASSERT_LE(0, pids[1]);
	snprintf(wedge, sizeof(wedge), "%lu", 1UL << ENGINE0);
	offender(_metadata, &self->bad, ENGINE0, HANG_RUNAWAY, wedge);
	usleep(500 * 1000);
	__atomic_store_n(stop_flag, 1, __ATOMIC_SEQ_CST);
	EXPECT_EQ(0, wait_children(pids, 2));
	munmap(stop_flag, sizeof(*stop_flag));
	stop_flag = NULL;
}

TEST_HARNESS_MAIN
