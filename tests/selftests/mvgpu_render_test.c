// SPDX-License-Identifier: GPL-2.0-only
/*
 * The render node's defences, one test per review finding: SUBMIT racing
 * GEM_CLOSE (C3), two engines faulting together with the hang check off
 * (C5), WAIT under a stream of signals and with a deadline (C11), the
 * per-client GTT quota and in-flight bound (C8), the root-only default and
 * the isolation that step 4 brings (C1, an expected failure until then);
 * and the core's time slicing: a client's long FILL no longer holds another
 * client's short job on the same engine.
 *
 * Races are opened with the driver's debug-only delay parameters, which
 * default to 0.  Needs the modules loaded (run.sh does it) and root.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "kselftest_harness.h"
#include "drm_client.h"

#define PARAM_DIR	"/sys/module/mvgpu/parameters/"

static int set_param(const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	return sysfs_write(path, val);
}

/* Kernel log records since kmsg_open(): fail on reports of any kind. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

static int kmsg_reports(int fd)
{
	static const char *const bad[] = {
		"BUG:", "KASAN", "WARNING:", "general protection",
		"list_del corruption", "DEBUG_LOCKS_WARN_ON", "refcount_t:",
	};
	char rec[2048];
	unsigned int i;
	ssize_t n;
	int found = 0;

	if (fd < 0)
		return 0;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			if (strstr(rec, bad[i])) {
				fprintf(stderr, "# kernel: %s", rec);
				found++;
				break;
			}
		}
	}
	close(fd);
	return found;
}

/* A semaphore wait on the first dword of @bo for @value. */
static void emit_sem_wait(struct mvgpu_batch *b, const struct mvgpu_bo *bo,
			  u32 value)
{
	const u32 wait[] = {
		MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, MVGPU_SEM_EQ, 4),
		(u32)bo->va, (u32)(bo->va >> 32), value,
	};

	mvgpu_batch_emit(b, wait, 4);
}

FIXTURE(render) {
	struct client c;
	u64 engine_mask;
};

FIXTURE_SETUP(render)
{
	self->c.fd = -1;
	if (geteuid())
		SETUP_SKIP("needs root");
	if (client_open(&self->c, BO_SIZE)) {
		client_close(&self->c);
		SETUP_SKIP("no mvgpu render node (modules loaded by run.sh?)");
	}
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_ENGINE_MASK,
				     &self->engine_mask));
}

FIXTURE_TEARDOWN(render)
{
	set_param("debug_submit_delay_us", "0");
	set_param("debug_irq_delay_us", "0");
	set_param("hangcheck", "Y");
	set_param("client_gtt_mb", "256");
	set_param("client_inflight", "64");
	set_param("render_root_only", "Y");
	client_close(&self->c);
}

struct race {
	int fd;
	u32 handle;		/* the BO to close, 0 when none */
	pthread_mutex_t lock;
	int rounds;
};

static void *race_closer(void *arg)
{
	struct race *r = arg;
	struct drm_gem_close cl = { 0 };
	int i;

	for (i = 0; i < r->rounds; i++) {
		pthread_mutex_lock(&r->lock);
		cl.handle = r->handle;
		pthread_mutex_unlock(&r->lock);
		if (cl.handle)
			ioctl(r->fd, DRM_IOCTL_GEM_CLOSE, &cl);
		usleep(50);
	}
	return NULL;
}

/*
 * C3: a tiny batch listing a BO that another thread closes while SUBMIT
 * is still in the ioctl.  The job completes and is freed fast; SUBMIT must
 * not touch it (nor the BO it held) after handing it over.  The kernel log
 * must stay clean (the test kernel's KASAN reports the use-after-free).
 */
TEST_F_TIMEOUT(render, submit_races_bo_close, 120)
{
	struct race r = { .fd = self->c.fd, .rounds = 400 };
	struct mvgpu_bo bo;
	pthread_t closer;
	int kmsg, i, ret;

	ASSERT_EQ(0, set_param("debug_submit_delay_us", "200"));
	pthread_mutex_init(&r.lock, NULL);
	mvgpu_batch_reset(&self->c.batch);
	mvgpu_emit_end(&self->c.batch);
	kmsg = kmsg_open();
	ASSERT_EQ(0, pthread_create(&closer, NULL, race_closer, &r));
	for (i = 0; i < r.rounds; i++) {
		ret = mvgpu_bo_create(self->c.fd, 4096, &bo);
		ASSERT_EQ(0, ret);
		munmap(bo.map, bo.size);
		pthread_mutex_lock(&r.lock);
		r.handle = bo.handle;
		pthread_mutex_unlock(&r.lock);
		ret = mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				   &self->c.batch, &bo.handle, 1, NULL);
		EXPECT_TRUE(ret == 0 || ret == -ENOENT) TH_LOG("submit: %d", ret);
		pthread_mutex_lock(&r.lock);
		r.handle = 0;
		pthread_mutex_unlock(&r.lock);
		{
			struct drm_gem_close cl = { .handle = bo.handle };

			ioctl(self->c.fd, DRM_IOCTL_GEM_CLOSE, &cl);
		}
	}
	pthread_join(closer, NULL);
	EXPECT_EQ(0, mvgpu_wait_bo(self->c.fd, self->c.batch.bo.handle,
				   WAIT_NS));
	EXPECT_EQ(0, kmsg_reports(kmsg));
}

/* Submits a batch with an unknown opcode on @engine. */
static int submit_fault(struct client *c, int engine)
{
	u32 bad_op = MVGPU_CMD(0xee, 0, 1);

	mvgpu_batch_reset(&c->batch);
	mvgpu_batch_emit(&c->batch, &bad_op, 1);
	mvgpu_emit_end(&c->batch);
	return mvgpu_submit(c->fd, engine, &c->batch, &c->dst.handle, 1, NULL);
}

/*
 * C5: two engines fault close together while the interrupt handler is
 * slow; with the hang check off, only the interrupt can report the second
 * fault.  Both clients must get -EIO well before the hang check's 5 s.
 */
TEST_F_TIMEOUT(render, two_faults_no_hangcheck, 120)
{
	int e2 = MVGPU_ENGINE_COMPUTE(0), i;
	struct client c2;

	if (!(self->engine_mask & (1u << e2)))
		SKIP(return, "no compute engine");
	ASSERT_EQ(0, set_param("hangcheck", "N"));
	ASSERT_EQ(0, set_param("debug_irq_delay_us", "5000"));
	ASSERT_EQ(0, client_open(&c2, BO_SIZE));
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, submit_fault(&self->c, MVGPU_ENGINE_COPY(0)));
		usleep(i * 300);
		ASSERT_EQ(0, submit_fault(&c2, e2));
		EXPECT_EQ(-EIO, mvgpu_wait_bo(self->c.fd, self->c.dst.handle,
					      2 * SEC_NS)) TH_LOG("round %d", i);
		EXPECT_EQ(-EIO, mvgpu_wait_bo(c2.fd, c2.dst.handle, 2 * SEC_NS))
			TH_LOG("round %d", i);
	}
	set_param("debug_irq_delay_us", "0");
	EXPECT_EQ(0, client_round(&self->c, MVGPU_ENGINE_COPY(0), 5));
	EXPECT_EQ(0, client_round(&c2, e2, 6));
	client_close(&c2);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * SEC_NS + ts.tv_nsec;
}

static int raw_wait(int fd, u32 flags, u32 engine, u32 seqno, int64_t timeout)
{
	struct drm_mvgpu_wait w = {
		.flags = flags, .engine = engine, .seqno = seqno,
		.timeout_ns = timeout,
	};

	return ioctl(fd, DRM_IOCTL_MVGPU_WAIT, &w) ? -errno : 0;
}

/*
 * In a child, under a signal every millisecond (SA_RESTART): a relative
 * 200 ms wait must end (EINTR), and a deadline 200 ms ahead must time out
 * near it; exits 0 when both did within 2 s.
 */
static void child_signal_storm(int fd, u32 seqno)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
	int64_t start;
	int ret;

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	start = now_ns();
	ret = raw_wait(fd, MVGPU_WAIT_SEQNO, MVGPU_ENGINE_COPY(0), seqno,
		       200 * 1000 * 1000);
	if (ret != -EINTR && ret != -ETIMEDOUT)
		_exit(1);
	start = now_ns();
	ret = raw_wait(fd, MVGPU_WAIT_SEQNO | MVGPU_WAIT_ABSOLUTE,
		       MVGPU_ENGINE_COPY(0), seqno, start + 200 * 1000 * 1000);
	if (ret != -ETIMEDOUT)
		_exit(2);
	if (now_ns() - start > 2 * SEC_NS)
		_exit(3);
	_exit(0);
}

/* C11: signals cannot keep WAIT alive. */
TEST_F_TIMEOUT(render, wait_under_signal_storm, 60)
{
	int status = 0, i;
	u32 seqno;
	pid_t pid;

	bo_poke(&self->c.dst, 0);
	mvgpu_batch_reset(&self->c.batch);
	emit_sem_wait(&self->c.batch, &self->c.dst, 1);
	mvgpu_emit_end(&self->c.batch);
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				  &self->c.batch, &self->c.dst.handle, 1,
				  &seqno));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		child_signal_storm(self->c.fd, seqno);
	for (i = 0; i < 300 && waitpid(pid, &status, WNOHANG) == 0; i++)
		usleep(10000);
	if (i == 300) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	EXPECT_LT(i, 300) TH_LOG("WAIT kept alive by signals");
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("child status %#x", status);
	/* A deadline in the past polls. */
	EXPECT_EQ(-ETIMEDOUT, raw_wait(self->c.fd, MVGPU_WAIT_SEQNO |
				       MVGPU_WAIT_ABSOLUTE, MVGPU_ENGINE_COPY(0),
				       seqno, 1));
	bo_poke(&self->c.dst, 1);
	EXPECT_EQ(0, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0), seqno,
				      WAIT_NS));
}

/* C8: one client's BOs cannot take the whole host GTT. */
TEST_F_TIMEOUT(render, gtt_quota_per_client, 60)
{
	struct mvgpu_bo bos[8], other;
	int i, n = 0, ret = 0;

	ASSERT_EQ(0, set_param("client_gtt_mb", "8"));
	for (i = 0; i < 8; i++) {
		ret = mvgpu_bo_create(self->c.fd, 2 << 20, &bos[i]);
		if (ret)
			break;
		n++;
	}
	/* 8 MiB, less the fixture's BOs and guard pages: three 2 MiB BOs. */
	EXPECT_EQ(-ENOSPC, ret);
	EXPECT_EQ(3, n);
	/* Another client still gets its share. */
	{
		struct client c2;

		ASSERT_EQ(0, client_open(&c2, BO_SIZE));
		EXPECT_EQ(0, mvgpu_bo_create(c2.fd, 2 << 20, &other));
		mvgpu_bo_destroy(c2.fd, &other);
		client_close(&c2);
	}
	/* Freeing gives the quota back. */
	for (i = 0; i < n; i++)
		mvgpu_bo_destroy(self->c.fd, &bos[i]);
	EXPECT_EQ(0, mvgpu_bo_create(self->c.fd, 2 << 20, &bos[0]));
	mvgpu_bo_destroy(self->c.fd, &bos[0]);
}

/* C8: SUBMIT waits once a client has client_inflight jobs in flight. */
TEST_F_TIMEOUT(render, inflight_bound_per_client, 60)
{
	int pipefd[2], i, status;
	char byte;
	pid_t pid;

	ASSERT_EQ(0, set_param("client_inflight", "4"));
	bo_poke(&self->c.dst, 0);
	mvgpu_batch_reset(&self->c.batch);
	emit_sem_wait(&self->c.batch, &self->c.dst, 1);
	mvgpu_emit_end(&self->c.batch);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
					  &self->c.batch, NULL, 0, NULL));
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		i = mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				 &self->c.batch, NULL, 0, NULL);
		byte = i ? 'E' : 'S';
		_exit(write(pipefd[1], &byte, 1) == 1 ? 0 : 1);
	}
	usleep(300000);
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG)) TH_LOG("5th SUBMIT did not wait");
	bo_poke(&self->c.dst, 1);
	ASSERT_EQ(1, read(pipefd[0], &byte, 1));
	EXPECT_EQ('S', byte);
	waitpid(pid, &status, 0);
	EXPECT_EQ(0, mvgpu_wait_bo(self->c.fd, self->c.batch.bo.handle,
				   WAIT_NS));
	close(pipefd[0]);
	close(pipefd[1]);
}

/* C1 short term: by default only root opens the render node. */
TEST_F_TIMEOUT(render, root_only_by_default, 60)
{
	struct mvgpu_node node;
	int status;
	pid_t pid;

	ASSERT_EQ(1, mvgpu_find_nodes(&node, 1) >= 1);
	ASSERT_EQ(0, chmod(node.path, 0666));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		fd = open(node.path, O_RDWR);
		_exit(fd < 0 && errno == EACCES ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("an unprivileged open was not refused");

	ASSERT_EQ(0, set_param("render_root_only", "N"));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (setgid(65534) || setuid(65534))
			_exit(10);
		_exit(open(node.path, O_RDWR) >= 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	chmod(node.path, 0600);
}

/*
 * C1: client B must not read client A's BO through A's GPU address.  It
 * can today (no per-client address space, no command scanner): this test
 * records the hole and skips until step 4 closes it.
 */
TEST_F_TIMEOUT(render, clients_cannot_reach_each_other, 60)
{
	struct client b;
	int leaked;

	ASSERT_EQ(0, client_open(&b, BO_SIZE));
	memset(self->c.dst.map, 0xa5, 4096);
	memset(b.dst.map, 0, 4096);
	mvgpu_batch_reset(&b.batch);
	mvgpu_emit_copy(&b.batch, self->c.dst.va, 4096, b.dst.va, 4096, 4096,
			1);
	mvgpu_emit_end(&b.batch);
	ASSERT_EQ(0, mvgpu_submit(b.fd, MVGPU_ENGINE_COPY(0), &b.batch,
				  &b.dst.handle, 1, NULL));
	mvgpu_wait_bo(b.fd, b.dst.handle, WAIT_NS);
	leaked = ((u8 *)b.dst.map)[0] == 0xa5;
	client_close(&b);
	if (leaked)
		SKIP(return,
		     "expected failure: B read A's BO (C1, closed in step 4)");
}

/* FILLs of one 64 KiB row over and over (pitch 0): @rows rows each. */
static void emit_long_fill(struct mvgpu_batch *b, const struct mvgpu_bo *bo,
			   unsigned int fills, u32 rows, u32 value)
{
	unsigned int i;

	mvgpu_batch_reset(b);
	for (i = 0; i < fills; i++)
		mvgpu_emit_fill(b, bo->va, 0, 64 << 10, rows, value);
	mvgpu_emit_end(b);
}

/*
 * Two clients time-sliced on one engine: while client A's long FILL runs
 * (about 2 s), client B's short job on the same engine completes, with
 * correct results for both.  With one FIFO ring per engine B waited for
 * all of A.
 */
TEST_F_TIMEOUT(render, time_slices_share_an_engine, 120)
{
	u32 rows = 4096, seqno, *row = self->c.dst.map;
	int64_t start, calib, lat;
	struct client b;
	unsigned int i;

	ASSERT_EQ(0, set_param("hangcheck", "N"));
	/* Calibrate: 256 MiB of FILL. */
	emit_long_fill(&self->c.batch, &self->c.dst, 1, rows, 1);
	start = now_ns();
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				  &self->c.batch, &self->c.dst.handle, 1, &seqno));
	ASSERT_EQ(0, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0), seqno,
				      WAIT_NS));
	calib = now_ns() - start;
	/* About 2 s, in 8 FILLs. */
	rows = (u32)((2 * SEC_NS * 4096 / 8) / (calib ? calib : 1));
	if (rows < 4096)
		rows = 4096;
	emit_long_fill(&self->c.batch, &self->c.dst, 8, rows, 0x5a5a5a5a);
	ASSERT_EQ(0, client_open(&b, BO_SIZE));
	start = now_ns();
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				  &self->c.batch, &self->c.dst.handle, 1, &seqno));
	usleep(20000);
	EXPECT_EQ(0, client_round(&b, MVGPU_ENGINE_COPY(0), 0x77));
	lat = now_ns() - start;
	TH_LOG("short job done after %lld ms (calibration %lld ms per 256 MiB)",
	       (long long)lat / 1000000, (long long)calib / 1000000);
	/* The long one still runs. */
	EXPECT_EQ(-ETIMEDOUT, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0),
					       seqno, 0));
	EXPECT_EQ(0, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0), seqno,
				      60 * SEC_NS));
	TH_LOG("long job done after %lld ms",
	       (long long)(now_ns() - start) / 1000000);
	for (i = 0; i < (64 << 10) / 4; i++)
		if (row[i] != 0x5a5a5a5a)
			break;
	EXPECT_EQ((64 << 10) / 4, i);
	client_close(&b);
}

TEST_HARNESS_MAIN
