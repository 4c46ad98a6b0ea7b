// SPDX-License-Identifier: GPL-2.0-only
/*
 * The render node's defences, one test per review finding: SUBMIT racing
 * GEM_CLOSE (C3), two engines faulting together with the hang check off
 * (C5), WAIT under a stream of signals and with a deadline (C11), the
 * per-client GTT quota and in-flight bound (C8); the isolation of clients
 * by the command parser (C1: B can neither read nor write A's BOs nor
 * forge A's completions; what runs is what was submitted; nested batches;
 * the shadow budget) and the open-by-default policy it allows; and the
 * core's time slicing: a client's long FILL no longer holds another
 * client's short job on the same engine.  The audit rules, one test each,
 * are in mvgpu_drm_test.c.
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
	set_param("client_shadow_kb", "4096");
	set_param("debug_inject_faults", "N");
	set_param("render_root_only", "N");
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

/*
 * Submits a batch that faults on @engine.  SUBMIT refuses every batch the
 * engine would fault on, so the fault is injected: with
 * debug_inject_faults, a batch that starts with ARB_CHECK faults.
 */
static int submit_fault(struct client *c, int engine)
{
	u32 arb = MVGPU_CMD(MVGPU_OP_ARB_CHECK, 0, 1);

	mvgpu_batch_reset(&c->batch);
	mvgpu_batch_emit(&c->batch, &arb, 1);
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
	ASSERT_EQ(0, set_param("debug_inject_faults", "Y"));
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
	set_param("debug_inject_faults", "N");
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
					  &self->c.batch, &self->c.dst.handle,
					  1, NULL));
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		i = mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				 &self->c.batch, &self->c.dst.handle, 1, NULL);
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

/* In a child as nobody: open the node and run one checked round. */
static void child_nobody_round(const char *path)
{
	struct client c;
	int ret;

	if (setgid(65534) || setuid(65534))
		_exit(10);
	memset(&c, 0, sizeof(c));
	c.fd = open(path, O_RDWR);
	if (c.fd < 0)
		_exit(errno == EACCES ? 20 : 11);
	ret = mvgpu_batch_create(c.fd, &c.batch);
	if (!ret)
		ret = mvgpu_bo_create(c.fd, BO_SIZE, &c.src);
	if (!ret)
		ret = mvgpu_bo_create(c.fd, BO_SIZE, &c.dst);
	if (!ret)
		ret = client_round(&c, MVGPU_ENGINE_COPY(0), 0x0b0d1e5);
	_exit(ret ? 12 : 0);
}

static int nobody_round(const char *path)
{
	int status = -1;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid)
		child_nobody_round(path);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * C1 closed: clients are isolated, so the node is open by default to
 * whoever may open the device node (mode, group), as render nodes are; an
 * unprivileged client works.  render_root_only=Y still refuses it.
 */
TEST_F_TIMEOUT(render, open_to_unprivileged_by_default, 60)
{
	struct mvgpu_node node;

	ASSERT_EQ(1, mvgpu_find_nodes(&node, 1) >= 1);
	ASSERT_EQ(0, chmod(node.path, 0666));
	EXPECT_EQ(0, nobody_round(node.path))
		TH_LOG("an unprivileged client was refused or failed");
	ASSERT_EQ(0, set_param("render_root_only", "Y"));
	EXPECT_EQ(20, nobody_round(node.path))
		TH_LOG("render_root_only=Y let an unprivileged open in");
	set_param("render_root_only", "N");
	chmod(node.path, 0600);
}

/* Which of A's BOs B's batch aims at, and how. */
enum attack {
	FILL_A, COPY_FROM_A, COPY_TO_A, CRC_OF_A, CRC_INTO_A, STORE_INTO_A,
	SEM_ON_A, START_A_BATCH, NR_ATTACKS,
};

static void emit_attack(struct client *b, const struct client *a, int kind)
{
	u64 size = a->dst.size;

	mvgpu_batch_reset(&b->batch);
	switch (kind) {
	case FILL_A:
		mvgpu_emit_fill(&b->batch, a->dst.va, 4096, 4096, 1, 0);
		break;
	case COPY_FROM_A:
		mvgpu_emit_copy(&b->batch, a->dst.va, 4096, b->dst.va, 4096,
				4096, 1);
		break;
	case COPY_TO_A:
		mvgpu_emit_copy(&b->batch, b->src.va, 4096, a->dst.va, 4096,
				4096, 1);
		break;
	case CRC_OF_A:
		mvgpu_emit_crc32c(&b->batch, a->dst.va, size, b->dst.va);
		break;
	case CRC_INTO_A:
		mvgpu_emit_crc32c(&b->batch, b->src.va, 4096, a->dst.va);
		break;
	case STORE_INTO_A:
		emit_store(&b->batch, a->dst.va + 64, 0xbad);
		break;
	case SEM_ON_A:
		emit_sem_eq(&b->batch, a->dst.va, 0);
		break;
	default:
		emit_batch_start(&b->batch, a->batch.bo.va);
		break;
	}
	mvgpu_emit_end(&b->batch);
}

/* B's attempts at A's BOs: every SUBMIT refused, A's data intact. */
static void reach_bos(struct __test_metadata *_metadata, struct client *a,
		      struct client *b)
{
	u32 handles[] = { b->src.handle, b->dst.handle };
	u64 size = a->dst.size;
	void *want = malloc(size);
	int kind;

	ASSERT_NE(NULL, want);
	pattern(want, size, 0xa11ce);
	memcpy(a->dst.map, want, size);
	mvgpu_batch_reset(&a->batch);
	emit_store(&a->batch, a->dst.va, 1);
	mvgpu_emit_end(&a->batch);
	memset(b->dst.map, 0, size);
	for (kind = 0; kind < NR_ATTACKS; kind++) {
		emit_attack(b, a, kind);
		EXPECT_EQ(-EACCES, mvgpu_submit(b->fd, MVGPU_ENGINE_COPY(0),
						&b->batch, handles, 2, NULL))
			TH_LOG("attack %d was not refused", kind);
	}
	EXPECT_EQ(0, mvgpu_wait_bo(b->fd, b->dst.handle, WAIT_NS));
	EXPECT_EQ(0, memcmp(a->dst.map, want, size)) TH_LOG("A's BO changed");
	EXPECT_EQ(0, ((u32 *)b->dst.map)[0]) TH_LOG("B read A's BO");
	free(want);
}

static int va_in(u64 va, const struct mvgpu_bo *bo)
{
	return va >= bo->va && va < bo->va + bo->size;
}

/*
 * B aims STORE_DWORD (a seqno far ahead) at offset 0x40 of every page of
 * the host GTT up to past the last object allocated: the status pages'
 * seqno slots and lines of every ring.  Return: how many were accepted
 * outside B's own BOs; *@own: how many were accepted inside them.
 */
static unsigned int forge_sweep(struct client *b, u64 base, u64 end,
				u32 value, unsigned int *own)
{
	u32 handles[] = { b->src.handle, b->dst.handle };
	unsigned int accepted = 0;
	u64 va;
	int ret;

	*own = 0;
	for (va = base + 0x40; va < end; va += 4096) {
		mvgpu_batch_reset(&b->batch);
		emit_store(&b->batch, va, value);
		mvgpu_emit_end(&b->batch);
		ret = mvgpu_submit(b->fd, MVGPU_ENGINE_COPY(0), &b->batch,
				   handles, 2, NULL);
		if (va_in(va, &b->src) || va_in(va, &b->dst) ||
		    va_in(va, &b->batch.bo))
			*own += !ret;
		else
			accepted += !ret;
	}
	return accepted;
}

/*
 * C1: client B can neither read nor write client A's BOs (FILL, COPY both
 * ways, CRC32C both ways, STORE_DWORD, SEMAPHORE_WAIT, BATCH_START of A's
 * batch: each SUBMIT refused with EACCES, A's data intact), nor forge A's
 * completions: with A's job blocked, B's STORE_DWORDs at every page of
 * the host GTT outside B's BOs (A's status page and ring among them) are
 * all refused, and A's job is still pending until A releases it.  Before
 * the command parser, B read A's BO with its first COPY.
 */
TEST_F_TIMEOUT(render, clients_cannot_reach_each_other, 600)
{
	u64 base, end, span;
	struct mvgpu_bo marker;
	unsigned int own, bad;
	struct client b;
	u32 seqno;

	/* A's job must stay pending through the sweep, however long. */
	ASSERT_EQ(0, set_param("hangcheck", "N"));
	ASSERT_EQ(0, client_open(&b, BO_SIZE));
	reach_bos(_metadata, &self->c, &b);

	/* A's job waits on A's src; its context and ring exist now. */
	bo_poke(&self->c.src, 0);
	mvgpu_batch_reset(&self->c.batch);
	emit_sem_eq(&self->c.batch, self->c.src.va, 1);
	mvgpu_emit_end(&self->c.batch);
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				  &self->c.batch, &self->c.src.handle, 1,
				  &seqno));
	/* Every object allocated so far lies below a BO this large. */
	ASSERT_EQ(0, mvgpu_bo_create(b.fd, 64 << 20, &marker));
	ASSERT_EQ(0, mvgpu_get_param(b.fd, MVGPU_PARAM_GTT_BASE, &base));
	ASSERT_EQ(0, mvgpu_get_param(b.fd, MVGPU_PARAM_GTT_SIZE, &span));
	end = marker.va;
	if (self->c.dst.va > end || b.dst.va > end)
		end = base + span;
	TH_LOG("sweeping %llu pages", (unsigned long long)(end - base) / 4096);
	bad = forge_sweep(&b, base, end, seqno + 1000, &own);
	EXPECT_EQ(0, bad) TH_LOG("%u stores outside B's BOs accepted", bad);
	EXPECT_LT(0, own) TH_LOG("B's stores into its own BOs were refused");
	EXPECT_EQ(-ETIMEDOUT, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0),
					       seqno, 0))
		TH_LOG("A's completion was forged");
	bo_poke(&self->c.src, 1);
	EXPECT_EQ(0, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0), seqno,
				      WAIT_NS));
	EXPECT_EQ(0, client_round(&self->c, MVGPU_ENGINE_COPY(0), 0xa));
	EXPECT_EQ(0, client_round(&b, MVGPU_ENGINE_COPY(0), 0xb));
	mvgpu_bo_destroy(b.fd, &marker);
	client_close(&b);
}

/*
 * TOCTOU: what runs is what SUBMIT read.  A job waits behind a semaphore;
 * the batch queued behind it (level 1, and the level-2 batch it starts)
 * is rewritten as soon as SUBMIT returns: the original commands run.
 * Before the parser, the engine read the BOs when it ran them.
 */
TEST_F_TIMEOUT(render, batch_changed_after_submit_runs_as_submitted, 60)
{
	struct mvgpu_batch gate, l2;
	u32 handles[2], *d = self->c.dst.map, seqno;

	ASSERT_EQ(0, mvgpu_batch_create(self->c.fd, &gate));
	ASSERT_EQ(0, mvgpu_batch_create(self->c.fd, &l2));
	bo_poke(&self->c.src, 0);
	emit_sem_eq(&gate, self->c.src.va, 1);
	mvgpu_emit_end(&gate);
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0), &gate,
				  &self->c.src.handle, 1, NULL));

	memset(d, 0, 16);
	mvgpu_batch_reset(&self->c.batch);
	emit_store(&self->c.batch, self->c.dst.va, 0x1111);
	emit_batch_start(&self->c.batch, l2.bo.va);
	mvgpu_emit_end(&self->c.batch);
	emit_store(&l2, self->c.dst.va + 4, 0x2222);
	mvgpu_emit_end(&l2);
	handles[0] = self->c.dst.handle;
	handles[1] = l2.bo.handle;
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				  &self->c.batch, handles, 2, &seqno));
	/* Rewrite both levels; nothing of them has run yet. */
	mvgpu_batch_reset(&self->c.batch);
	emit_store(&self->c.batch, self->c.dst.va, 0xbad1);
	emit_store(&self->c.batch, self->c.dst.va + 8, 0xbad3);
	mvgpu_emit_end(&self->c.batch);
	mvgpu_batch_reset(&l2);
	emit_store(&l2, self->c.dst.va + 4, 0xbad2);
	mvgpu_emit_end(&l2);
	EXPECT_EQ(-ETIMEDOUT, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0),
					       seqno, 0));
	bo_poke(&self->c.src, 1);
	ASSERT_EQ(0, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0), seqno,
				      WAIT_NS));
	EXPECT_EQ(0x1111, d[0]);
	EXPECT_EQ(0x2222, d[1]);
	EXPECT_EQ(0, d[2]);
	mvgpu_bo_destroy(self->c.fd, &l2.bo);
	mvgpu_bo_destroy(self->c.fd, &gate.bo);
}

/* A batch of @noops NOOPs, then @tail (@n dwords), then BATCH_END. */
static void emit_padded(struct mvgpu_batch *b, unsigned int noops,
			const u32 *tail, unsigned int n)
{
	mvgpu_batch_reset(b);
	emit_noops(b, noops);
	mvgpu_batch_emit(b, tail, n);
	mvgpu_emit_end(b);
}

/*
 * The shadow budget (client_shadow_kb at a file's first SUBMIT): a batch
 * larger than the whole budget fails with ENOSPC; one that fits only once
 * an earlier job of the file completes waits in SUBMIT, and runs.
 */
TEST_F_TIMEOUT(render, shadow_budget_waits_then_enospc, 60)
{
	const u32 sem[] = {
		MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, MVGPU_SEM_EQ, 4),
		(u32)self->c.src.va, (u32)(self->c.src.va >> 32), 1,
	};
	const u32 store[] = {
		MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4),
		(u32)self->c.dst.va, (u32)(self->c.dst.va >> 32), 0x5eed,
	};
	u32 handles[] = { self->c.src.handle, self->c.dst.handle };
	struct mvgpu_batch big, b1, b2;
	int pipefd[2], status;
	char byte = 0;
	u64 budget;
	pid_t pid;

	/* The fixture's client has not submitted: its budget is still open. */
	ASSERT_EQ(0, set_param("client_shadow_kb", "8"));
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_SHADOW_SIZE,
				     &budget));
	EXPECT_EQ(8192, budget);
	ASSERT_EQ(0, batch_create(self->c.fd, 16384, &big));
	ASSERT_EQ(0, batch_create(self->c.fd, 8192, &b1));
	ASSERT_EQ(0, batch_create(self->c.fd, 8192, &b2));
	emit_padded(&big, 2500, store, 4);
	EXPECT_EQ(-ENOSPC, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0), &big,
					handles, 2, NULL));
	set_param("client_shadow_kb", "4096");
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_SHADOW_SIZE,
				     &budget));
	EXPECT_EQ(8192, budget) TH_LOG("the budget is the file's, set once");

	/* 5 KiB each: the second fits once the first completes. */
	bo_poke(&self->c.src, 0);
	((u32 *)self->c.dst.map)[0] = 0;
	emit_padded(&b1, 1200, sem, 4);
	emit_padded(&b2, 1200, store, 4);
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0), &b1,
				  handles, 2, NULL));
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		status = mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0), &b2,
				      handles, 2, NULL);
		byte = status ? 'E' : 'S';
		_exit(write(pipefd[1], &byte, 1) == 1 ? 0 : 1);
	}
	usleep(300000);
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG))
		TH_LOG("SUBMIT over the budget did not wait");
	bo_poke(&self->c.src, 1);
	ASSERT_EQ(1, read(pipefd[0], &byte, 1));
	EXPECT_EQ('S', byte);
	waitpid(pid, &status, 0);
	EXPECT_EQ(0, mvgpu_wait_bo(self->c.fd, self->c.dst.handle, WAIT_NS));
	EXPECT_EQ(0x5eed, ((u32 *)self->c.dst.map)[0]);
	close(pipefd[0]);
	close(pipefd[1]);
	mvgpu_bo_destroy(self->c.fd, &b2.bo);
	mvgpu_bo_destroy(self->c.fd, &b1.bo);
	mvgpu_bo_destroy(self->c.fd, &big.bo);
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
