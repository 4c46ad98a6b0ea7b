// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host render node: one per GPU; GEM create, mmap, write and read;
 * the errors of bad ioctl input; FILL, COPY and CRC32C checked on the CPU;
 * implicit synchronisation across engines; concurrent clients; a faulting
 * or hanging client gets -EIO while the others' results stay correct
 * (fault containment); unbinding the GPU under an open client; and the
 * command parser's audit rules, one test each (FIXTURE audit).
 *
 * Needs the modules loaded (run.sh does it); uses tools/mvgpu-work's
 * mvgpu_dev.c to reach the node.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <xf86drm.h>

#include "kselftest_harness.h"
#include "drm_client.h"

#define MAX_SUBMIT_BOS	256	/* MVGPU_PARAM_MAX_SUBMIT_BOS */
#define MVGPU_BUS_DEVS	"/sys/bus/mvgpu/devices"
#define MVGPU_DRV_DIR	"/sys/bus/mvgpu/drivers/mvgpu"

FIXTURE(drm) {
	struct client c;
	u64 engine_mask;
};

FIXTURE_SETUP(drm)
{
	self->c.fd = -1;
	if (client_open(&self->c, BO_SIZE)) {
		client_close(&self->c);
		SETUP_SKIP("no mvgpu render node (modules loaded by run.sh?)");
	}
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_ENGINE_MASK,
				     &self->engine_mask));
}

FIXTURE_TEARDOWN(drm)
{
	client_close(&self->c);
}

/* Every GPU bound to mvgpu has a render node of the mvgpu driver. */
TEST(render_node_per_gpu)
{
	char path[PATH_MAX], node[300];
	struct dirent *de, *re;
	int gpus = 0, fd;
	DIR *dir, *rdir;

	dir = opendir(MVGPU_BUS_DEVS);
	if (!dir)
		SKIP(return, "no mvgpu bus");
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "mvgpu", 5))
			continue;
		snprintf(path, sizeof(path), MVGPU_BUS_DEVS "/%s/driver",
			 de->d_name);
		if (access(path, F_OK))
			continue;
		gpus++;
		snprintf(path, sizeof(path), MVGPU_BUS_DEVS "/%s/drm",
			 de->d_name);
		rdir = opendir(path);
		ASSERT_NE(NULL, rdir) TH_LOG("%s has no drm directory", de->d_name);
		fd = -1;
		while ((re = readdir(rdir))) {
			if (strncmp(re->d_name, "renderD", 7))
				continue;
			snprintf(node, sizeof(node), "/dev/dri/%s", re->d_name);
			fd = mvgpu_open(node);
			break;
		}
		closedir(rdir);
		EXPECT_LE(0, fd) TH_LOG("%s: no mvgpu render node", de->d_name);
		if (fd >= 0)
			close(fd);
	}
	closedir(dir);
	ASSERT_LT(0, gpus);
	EXPECT_EQ(gpus, mvgpu_find_nodes(NULL, 0));
}

TEST_F(drm, get_param)
{
	struct drm_mvgpu_get_param p = { 0 };
	u64 v, copy, compute;

	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_COPY_ENGINES, &copy));
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_COMPUTE_ENGINES,
				     &compute));
	EXPECT_LE(1, copy);
	EXPECT_LE(1, compute);
	EXPECT_EQ(((1ull << copy) - 1) | ((1ull << compute) - 1) << 8,
		  self->engine_mask);
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_GTT_BASE, &v));
	EXPECT_EQ((u64)MVGPU_HOST_GTT_BASE * MVGPU_GTT_PAGE_SIZE, v);
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_GTT_SIZE, &v));
	EXPECT_EQ((u64)MVGPU_HOST_GTT_COUNT * MVGPU_GTT_PAGE_SIZE, v);
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_VRAM_SIZE, &v));
	EXPECT_EQ(mvgpu_vram_bytes(), v);

	p.param = 1000;
	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GET_PARAM, &p));
	p.param = MVGPU_PARAM_COPY_ENGINES;
	p.pad = 1;
	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GET_PARAM, &p));
}

TEST_F(drm, gem_create_mmap_rw)
{
	static const u64 sizes[] = { 1, 4096, 4097, 1 << 20 };
	struct mvgpu_bo bo[4];
	u64 base, span;
	unsigned int i, j;
	void *map;

	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_GTT_BASE, &base));
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_GTT_SIZE, &span));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		ASSERT_EQ(0, mvgpu_bo_create(self->c.fd, sizes[i], &bo[i]));
		EXPECT_EQ((sizes[i] + 4095) & ~4095ull, bo[i].size);
		EXPECT_EQ(0, bo[i].va & 4095);
		EXPECT_LE(base, bo[i].va);
		EXPECT_GE(base + span, bo[i].va + bo[i].size);
		pattern(bo[i].map, bo[i].size, i + 1);
	}
	/* Ranges are disjoint, with at least a guard page in between. */
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < ARRAY_SIZE(sizes); j++)
			if (i != j)
				EXPECT_TRUE(bo[i].va + bo[i].size < bo[j].va ||
					    bo[j].va + bo[j].size < bo[i].va);
	/* A second mapping sees what the first one wrote. */
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct drm_mvgpu_gem_mmap_offset off = { .handle = bo[i].handle };
		void *want = malloc(bo[i].size);

		ASSERT_NE(NULL, want);
		pattern(want, bo[i].size, i + 1);
		ASSERT_EQ(0, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GEM_MMAP_OFFSET,
				       &off));
		map = mmap(NULL, bo[i].size, PROT_READ, MAP_SHARED, self->c.fd,
			   off.offset);
		ASSERT_NE(MAP_FAILED, map);
		EXPECT_EQ(0, memcmp(map, want, bo[i].size));
		munmap(map, bo[i].size);
		free(want);
		mvgpu_bo_destroy(self->c.fd, &bo[i]);
	}
}

TEST_F(drm, bad_gem_input)
{
	struct drm_mvgpu_gem_create cr = { .size = 4096, .flags = 1 };
	struct drm_mvgpu_gem_mmap_offset off = { .handle = 0xdead };
	u64 max;

	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GEM_CREATE, &cr));
	cr.flags = 0;
	cr.size = 0;
	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GEM_CREATE, &cr));
	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_MAX_BO_SIZE, &max));
	cr.size = max + 1;
	EXPECT_EQ(-E2BIG, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GEM_CREATE, &cr));
	cr.size = ~0ull;
	EXPECT_EQ(-E2BIG, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GEM_CREATE, &cr));
	EXPECT_EQ(-ENOENT, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GEM_MMAP_OFFSET,
				     &off));
	off.handle = self->c.dst.handle;
	off.flags = 1;
	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_GEM_MMAP_OFFSET,
				     &off));
}

TEST_F(drm, bad_submit_input)
{
	u32 handles[MAX_SUBMIT_BOS + 1];
	struct drm_mvgpu_submit s;
	unsigned int i;
	u64 max;

	ASSERT_EQ(0, mvgpu_get_param(self->c.fd, MVGPU_PARAM_MAX_SUBMIT_BOS,
				     &max));
	ASSERT_EQ(MAX_SUBMIT_BOS, max);

	mvgpu_batch_reset(&self->c.batch);
	mvgpu_emit_end(&self->c.batch);
	for (i = 0; i < ARRAY_SIZE(handles); i++)
		handles[i] = self->c.dst.handle;
#define RESET_SUBMIT() do {						\
		memset(&s, 0, sizeof(s));				\
		s.batch_handle = self->c.batch.bo.handle;		\
		s.bo_handles = (uintptr_t)handles;			\
		s.bo_count = 1;						\
	} while (0)
#define EXPECT_SUBMIT(err) \
	EXPECT_EQ(err, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_SUBMIT, &s))

	RESET_SUBMIT();
	EXPECT_SUBMIT(0);
	RESET_SUBMIT();
	s.flags = 1;
	EXPECT_SUBMIT(-EINVAL);
	RESET_SUBMIT();
	s.pad = 1;
	EXPECT_SUBMIT(-EINVAL);
	RESET_SUBMIT();
	s.engine = 16;
	EXPECT_SUBMIT(-EINVAL);
	RESET_SUBMIT();
	s.engine = ~0u;
	EXPECT_SUBMIT(-EINVAL);
	for (i = 0; i < MVGPU_NUM_ENGINE_IDS; i++) {
		if (self->engine_mask & (1u << i))
			continue;
		RESET_SUBMIT();
		s.engine = i;
		EXPECT_SUBMIT(-EINVAL) TH_LOG("absent engine %u", i);
	}
	RESET_SUBMIT();
	s.batch_handle = 0xdead;
	EXPECT_SUBMIT(-ENOENT);
	RESET_SUBMIT();
	handles[0] = 0xdead;
	EXPECT_SUBMIT(-ENOENT);
	handles[0] = self->c.dst.handle;
	RESET_SUBMIT();
	s.batch_offset = self->c.batch.bo.size;
	EXPECT_SUBMIT(-EINVAL);
	RESET_SUBMIT();
	s.batch_offset = ~0ull - 3;
	EXPECT_SUBMIT(-EINVAL);
	RESET_SUBMIT();
	s.batch_offset = 2;
	EXPECT_SUBMIT(-EINVAL);
	RESET_SUBMIT();
	s.bo_count = MAX_SUBMIT_BOS + 1;
	EXPECT_SUBMIT(-E2BIG);
	RESET_SUBMIT();
	s.bo_count = ~0u;
	EXPECT_SUBMIT(-E2BIG);
	RESET_SUBMIT();
	s.bo_count = MAX_SUBMIT_BOS;	/* duplicates are fine */
	EXPECT_SUBMIT(0);
	RESET_SUBMIT();
	s.bo_handles = 16;
	EXPECT_SUBMIT(-EFAULT);
	EXPECT_EQ(0, mvgpu_wait_bo(self->c.fd, self->c.dst.handle, WAIT_NS));
#undef EXPECT_SUBMIT
#undef RESET_SUBMIT
}

TEST_F(drm, bad_wait_input)
{
	struct drm_mvgpu_wait w = { 0 };
	u32 seqno;

	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_WAIT, &w));
	w.flags = MVGPU_WAIT_BO | MVGPU_WAIT_SEQNO;
	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_WAIT, &w));
	w.flags = 1u << 7;
	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_WAIT, &w));
	EXPECT_EQ(-ENOENT, mvgpu_wait_bo(self->c.fd, 0xdead, 0));
	EXPECT_EQ(-EINVAL, mvgpu_wait_seqno(self->c.fd, 99, 1, 0));
	/* Seqno 0 is never handed out (C11). */
	EXPECT_EQ(-EINVAL, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0),
					    0, 0));

	mvgpu_batch_reset(&self->c.batch);
	mvgpu_emit_end(&self->c.batch);
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				  &self->c.batch, NULL, 0, &seqno));
	EXPECT_EQ(0, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0), seqno,
				      WAIT_NS));
	/* A seqno not handed out yet. */
	EXPECT_EQ(-EINVAL, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0),
					    seqno + 1000, 0));
	/* Idle BOs poll as done. */
	EXPECT_EQ(0, mvgpu_wait_bo(self->c.fd, self->c.dst.handle, 0));
	w.flags = MVGPU_WAIT_BO;
	w.handle = self->c.dst.handle;
	w.engine = 1;
	EXPECT_EQ(-EINVAL, raw_ioctl(self->c.fd, DRM_IOCTL_MVGPU_WAIT, &w));
}

TEST_F(drm, fill_copy_crc_every_engine)
{
	unsigned int e;

	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (!(self->engine_mask & (1u << e)))
			continue;
		EXPECT_EQ(0, client_round(&self->c, e, 0x1234567 + e))
			TH_LOG("engine %u", e);
	}
}

/*
 * A batch blocked on a semaphore cannot complete: polls and short waits
 * must time out, and the wait after the release must succeed.
 */
TEST_F(drm, wait_timeout_and_seqno)
{
	u32 handles[] = { self->c.dst.handle };
	const u32 wait[] = {
		MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, MVGPU_SEM_EQ, 4),
		(u32)self->c.dst.va, (u32)(self->c.dst.va >> 32), 0x600d,
	};
	u32 seqno;

	bo_poke(&self->c.dst, 0);
	mvgpu_batch_reset(&self->c.batch);
	mvgpu_batch_emit(&self->c.batch, wait, 4);
	mvgpu_emit_end(&self->c.batch);
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				  &self->c.batch, handles, 1, &seqno));
	EXPECT_EQ(-ETIMEDOUT, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0),
					       seqno, 0));
	EXPECT_EQ(-ETIMEDOUT, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0),
					       seqno, 50 * 1000 * 1000));
	EXPECT_EQ(-ETIMEDOUT, mvgpu_wait_bo(self->c.fd, self->c.dst.handle, 0));
	bo_poke(&self->c.dst, 0x600d);
	EXPECT_EQ(0, mvgpu_wait_seqno(self->c.fd, MVGPU_ENGINE_COPY(0), seqno,
				      WAIT_NS));
	EXPECT_EQ(0, mvgpu_wait_bo(self->c.fd, self->c.dst.handle, 0));
}

/* Work on one BO from two engines runs in submission order. */
TEST_F(drm, implicit_sync_across_engines)
{
	u32 handles[] = { self->c.dst.handle, self->c.src.handle };
	u32 *res = self->c.src.map;
	unsigned int i;

	if (!(self->engine_mask & (1u << MVGPU_ENGINE_COMPUTE(0))))
		SKIP(return, "no compute engine");
	for (i = 0; i < 8; i++) {
		memset(self->c.dst.map, 0, self->c.dst.size);
		res[0] = 0;
		mvgpu_batch_reset(&self->c.batch);
		mvgpu_emit_fill(&self->c.batch, self->c.dst.va, 4096, 4096,
				self->c.dst.size / 4096, 0xa5a50000 + i);
		mvgpu_emit_end(&self->c.batch);
		ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
					  &self->c.batch, handles, 1, NULL));
		/* A second batch BO: the first may still be read. */
		{
			struct mvgpu_batch b2;

			ASSERT_EQ(0, mvgpu_batch_create(self->c.fd, &b2));
			mvgpu_emit_crc32c(&b2, self->c.dst.va, self->c.dst.size,
					  self->c.src.va);
			mvgpu_emit_end(&b2);
			ASSERT_EQ(0, mvgpu_submit(self->c.fd,
						  MVGPU_ENGINE_COMPUTE(0), &b2,
						  handles, 2, NULL));
			ASSERT_EQ(0, mvgpu_wait_bo(self->c.fd,
						   self->c.src.handle, WAIT_NS));
			mvgpu_bo_destroy(self->c.fd, &b2.bo);
		}
		EXPECT_EQ(crc32c(self->c.dst.map, self->c.dst.size), res[0]);
	}
}

TEST_F_TIMEOUT(drm, concurrent_clients, 120)
{
	pid_t pids[6];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pids); i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (!pids[i])
			child_rounds(engine_of(self->engine_mask, i), 20,
				     0x100 * (i + 1));
	}
	EXPECT_EQ(0, wait_children(pids, ARRAY_SIZE(pids)));
}

/*
 * Submits a bad batch of @kind; returns SUBMIT's error, else what WAIT says
 * about the job.  Kinds 0-2 are refused by the command parser before they
 * reach the engine; kind 3 faults on the engine (debug_inject_faults).
 */
static int submit_bad(struct client *c, int engine, int kind, u32 *seqno)
{
	u32 handles[] = { c->dst.handle };
	u32 bad_op = MVGPU_CMD(0xee, 0, 1);
	u32 arb = MVGPU_CMD(MVGPU_OP_ARB_CHECK, 0, 1);
	int ret;

	mvgpu_batch_reset(&c->batch);
	switch (kind) {
	case 0:		/* unknown opcode */
		mvgpu_batch_emit(&c->batch, &bad_op, 1);
		break;
	case 1:		/* one page past the BO: its guard page */
		mvgpu_emit_fill(&c->batch, c->dst.va + c->dst.size, 4096, 4096,
				1, 0);
		break;
	case 2:		/* the last page of the host GTT: no BO there */
		mvgpu_emit_fill(&c->batch, (u64)(MVGPU_HOST_GTT_BASE +
				MVGPU_HOST_GTT_COUNT - 1) * MVGPU_GTT_PAGE_SIZE,
				4096, 4096, 1, 0);
		break;
	default:	/* injected: the engine faults on it */
		mvgpu_batch_emit(&c->batch, &arb, 1);
		break;
	}
	mvgpu_emit_end(&c->batch);
	ret = mvgpu_submit(c->fd, engine, &c->batch, handles, 1, seqno);
	if (ret)
		return ret;
	return mvgpu_wait_bo(c->fd, c->dst.handle, WAIT_NS);
}

/*
 * Fault containment: a client whose batches are refused (EINVAL, EACCES:
 * they never reach an engine) or fault on the engine (-EIO, injected) goes
 * on working, and the other clients' work on the same engines completes
 * with correct results.  Isolation of memory: mvgpu_render_test.c,
 * clients_cannot_reach_each_other.
 */
TEST_F_TIMEOUT(drm, faults_are_contained, 120)
{
	static const int want[] = { -EINVAL, -EACCES, -EACCES, -EIO };
	int kinds = set_param("debug_inject_faults", "Y") ? 3 : 4;
	pid_t pids[4];
	u32 seqno;
	unsigned int i, e;
	int kind;

	for (i = 0; i < ARRAY_SIZE(pids); i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (!pids[i])
			child_rounds(engine_of(self->engine_mask, i), 30,
				     0x5000 * (i + 1));
	}
	for (kind = 0; kind < kinds; kind++) {
		for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
			if (!(self->engine_mask & (1u << e)))
				continue;
			EXPECT_EQ(want[kind], submit_bad(&self->c, e, kind,
							 &seqno))
				TH_LOG("bad batch kind %d on engine %u", kind, e);
			if (want[kind] == -EIO)
				EXPECT_EQ(-EIO, mvgpu_wait_seqno(self->c.fd, e,
								 seqno, WAIT_NS));
		}
	}
	set_param("debug_inject_faults", "N");
	if (kinds < 4)
		TH_LOG("debug_inject_faults not writable: no engine faults");
	EXPECT_EQ(0, wait_children(pids, ARRAY_SIZE(pids)));
	/* The faulting client itself goes on working. */
	EXPECT_EQ(0, client_round(&self->c, MVGPU_ENGINE_COPY(0), 77));
}

/* A batch that never ends is cancelled by the hang check. */
TEST_F_TIMEOUT(drm, hang_is_cancelled, 60)
{
	u32 handles[] = { self->c.dst.handle };
	const u32 wait[] = {
		MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, MVGPU_SEM_EQ, 4),
		(u32)self->c.dst.va, (u32)(self->c.dst.va >> 32),
		0xfeedf00d,
	};
	pid_t pid;

	bo_poke(&self->c.dst, 0);
	mvgpu_batch_reset(&self->c.batch);
	mvgpu_batch_emit(&self->c.batch, wait, 4);
	mvgpu_emit_end(&self->c.batch);
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
				  &self->c.batch, handles, 1, NULL));
	/* Another client queued behind it still gets its result. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		child_rounds(MVGPU_ENGINE_COPY(0), 2, 0x777);
	EXPECT_EQ(-EIO, mvgpu_wait_bo(self->c.fd, self->c.dst.handle, WAIT_NS));
	EXPECT_EQ(0, wait_children(&pid, 1));
}

static int write_attr(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Unbinding the GPU under an open, busy client. */
TEST_F_TIMEOUT(drm, unbind_with_client_open, 120)
{
	u32 handles[] = { self->c.src.handle, self->c.dst.handle };
	struct mvgpu_bo bo;
	unsigned int i;
	pid_t waiter;
	int ret;

	if (geteuid())
		SKIP(return, "needs root");
	mvgpu_batch_reset(&self->c.batch);
	for (i = 0; i < 32; i++)
		mvgpu_emit_crc32c(&self->c.batch, self->c.src.va,
				  self->c.src.size, self->c.dst.va);
	mvgpu_emit_end(&self->c.batch);
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
					  &self->c.batch, handles, 2, NULL));
	/* A waiter blocked at unbind time returns. */
	waiter = fork();
	ASSERT_LE(0, waiter);
	if (!waiter) {
		ret = mvgpu_wait_bo(self->c.fd, self->c.dst.handle, WAIT_NS);
		_exit(ret == 0 || ret == -EIO || ret == -ENODEV ? 0 : 1);
	}
	usleep(20000);
	ASSERT_EQ(0, write_attr(MVGPU_DRV_DIR "/unbind", MVGPU_GPU0));
	EXPECT_EQ(0, wait_children(&waiter, 1));

	/* Every ioctl fails now; the mappings stay usable. */
	EXPECT_EQ(-ENODEV, mvgpu_wait_bo(self->c.fd, self->c.dst.handle, 0));
	EXPECT_EQ(-ENODEV, mvgpu_bo_create(self->c.fd, 4096, &bo));
	EXPECT_EQ(-ENODEV, mvgpu_submit(self->c.fd, MVGPU_ENGINE_COPY(0),
					&self->c.batch, handles, 2, NULL));
	memset(self->c.dst.map, 0x5a, self->c.dst.size);
	client_close(&self->c);

	ASSERT_EQ(0, write_attr(MVGPU_DRV_DIR "/bind", MVGPU_GPU0));
	ASSERT_EQ(0, client_open(&self->c, BO_SIZE));
	EXPECT_EQ(0, client_round(&self->c, MVGPU_ENGINE_COPY(0), 99));
}

/*
 * The command parser's audit at the ioctl level, one test per rule: each
 * variant submits a batch listing the client's dst BO (and its level-2
 * batches where it says so) and expects SUBMIT's result.  A refused batch
 * changes nothing (dst and an unlisted BO of the client keep their
 * contents) and the client goes on working.
 */
enum audit_kind {
	FILL_INSIDE, FILL_LAST_ROW_PAST_END, FILL_PITCH_PAST_END,
	COPY_SRC_GUARD_PAGE, COPY_DST_UNLISTED, CRC_SRC_PAST_END,
	CRC_DST_NO_BO, STORE_UNLISTED, STORE_MISALIGNED, SEM_UNLISTED,
	START_LISTED, START_UNLISTED, START_LEVEL_3, LRI_SCRATCH, LRI_RESET,
	UNKNOWN_OPCODE, BAD_LENGTH, NO_BATCH_END,
};

struct audit_bufs {
	struct client c;
	struct mvgpu_bo other;		/* the client's, never listed */
	struct mvgpu_batch l2, l3;	/* listed where the variant says */
};

FIXTURE(audit) {
	struct audit_bufs a;
};

FIXTURE_VARIANT(audit) {
	enum audit_kind kind;
	int err;
};

FIXTURE_VARIANT_ADD(audit, FILL_INSIDE) { .kind = FILL_INSIDE, .err = 0 };
FIXTURE_VARIANT_ADD(audit, FILL_LAST_ROW_PAST_END) {
	.kind = FILL_LAST_ROW_PAST_END, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, FILL_PITCH_PAST_END) { .kind = FILL_PITCH_PAST_END, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, COPY_SRC_GUARD_PAGE) { .kind = COPY_SRC_GUARD_PAGE, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, COPY_DST_UNLISTED) { .kind = COPY_DST_UNLISTED, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, CRC_SRC_PAST_END) { .kind = CRC_SRC_PAST_END, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, CRC_DST_NO_BO) { .kind = CRC_DST_NO_BO, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, STORE_UNLISTED) { .kind = STORE_UNLISTED, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, STORE_MISALIGNED) { .kind = STORE_MISALIGNED, .err = -EINVAL };
FIXTURE_VARIANT_ADD(audit, SEM_UNLISTED) { .kind = SEM_UNLISTED, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, START_LISTED) { .kind = START_LISTED, .err = 0 };
FIXTURE_VARIANT_ADD(audit, START_UNLISTED) { .kind = START_UNLISTED, .err = -EACCES };
FIXTURE_VARIANT_ADD(audit, START_LEVEL_3) { .kind = START_LEVEL_3, .err = -EINVAL };
FIXTURE_VARIANT_ADD(audit, LRI_SCRATCH) { .kind = LRI_SCRATCH, .err = 0 };
FIXTURE_VARIANT_ADD(audit, LRI_RESET) { .kind = LRI_RESET, .err = -EINVAL };
FIXTURE_VARIANT_ADD(audit, UNKNOWN_OPCODE) { .kind = UNKNOWN_OPCODE, .err = -EINVAL };
FIXTURE_VARIANT_ADD(audit, BAD_LENGTH) { .kind = BAD_LENGTH, .err = -EINVAL };
FIXTURE_VARIANT_ADD(audit, NO_BATCH_END) { .kind = NO_BATCH_END, .err = -EACCES };

FIXTURE_SETUP(audit)
{
	struct audit_bufs *a = &self->a;

	a->c.fd = -1;
	if (client_open(&a->c, BO_SIZE)) {
		client_close(&a->c);
		SETUP_SKIP("no mvgpu render node (modules loaded by run.sh?)");
	}
	ASSERT_EQ(0, mvgpu_bo_create(a->c.fd, BO_SIZE, &a->other));
	ASSERT_EQ(0, mvgpu_batch_create(a->c.fd, &a->l2));
	ASSERT_EQ(0, mvgpu_batch_create(a->c.fd, &a->l3));
}

FIXTURE_TEARDOWN(audit)
{
	struct audit_bufs *a = &self->a;

	if (a->c.fd < 0)
		return;
	mvgpu_bo_destroy(a->c.fd, &a->l3.bo);
	mvgpu_bo_destroy(a->c.fd, &a->l2.bo);
	mvgpu_bo_destroy(a->c.fd, &a->other);
	client_close(&a->c);
}

static void emit_lri(struct mvgpu_batch *b, u32 reg, u32 value)
{
	const u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_LOAD_REGISTER_IMM, 0, 3), reg, value,
	};

	mvgpu_batch_emit(b, cmd, 3);
}

/* Writes the variant's batch; returns how many level-2/3 BOs to list. */
static unsigned int audit_emit(struct audit_bufs *a, enum audit_kind k)
{
	const u32 bad_op = MVGPU_CMD(0xee, 0, 1);
	const u32 short_fill[] = { MVGPU_CMD(MVGPU_OP_FILL, 0, 6), 0, 0, 0, 0,
				   0 };
	struct mvgpu_batch *b = &a->c.batch;
	u64 d = a->c.dst.va, size = a->c.dst.size;
	unsigned int listed = 0;

	mvgpu_batch_reset(b);
	switch (k) {
	case FILL_INSIDE:
		mvgpu_emit_fill(b, d, 4096, 4096, size / 4096, 0x600d);
		break;
	case FILL_LAST_ROW_PAST_END:
		mvgpu_emit_fill(b, d, 4096, 4096, size / 4096 + 1, 0);
		break;
	case FILL_PITCH_PAST_END:
		mvgpu_emit_fill(b, d, size, 16, 2, 0);
		break;
	case COPY_SRC_GUARD_PAGE:
		mvgpu_emit_copy(b, d + size, 4096, d, 4096, 4096, 1);
		break;
	case COPY_DST_UNLISTED:
		mvgpu_emit_copy(b, d, 4096, a->other.va, 4096, 4096, 1);
		break;
	case CRC_SRC_PAST_END:
		mvgpu_emit_crc32c(b, d, size + 4, d);
		break;
	case CRC_DST_NO_BO:
		mvgpu_emit_crc32c(b, d, 4096, (u64)(MVGPU_HOST_GTT_BASE +
				  MVGPU_HOST_GTT_COUNT - 1) * MVGPU_GTT_PAGE_SIZE);
		break;
	case STORE_UNLISTED:
		emit_store(b, a->other.va, 0);
		break;
	case STORE_MISALIGNED:
		emit_store(b, d + 2, 0);
		break;
	case SEM_UNLISTED:
		emit_sem_eq(b, a->other.va, 0);
		break;
	case START_LISTED:
	case START_UNLISTED:
	case START_LEVEL_3:
		emit_batch_start(b, a->l2.bo.va);
		mvgpu_batch_reset(&a->l2);
		if (k == START_LEVEL_3)
			emit_batch_start(&a->l2, a->l3.bo.va);
		emit_store(&a->l2, d, 0x12);
		mvgpu_emit_end(&a->l2);
		mvgpu_batch_reset(&a->l3);
		mvgpu_emit_end(&a->l3);
		listed = k == START_UNLISTED ? 0 : 2;
		break;
	case LRI_SCRATCH:
		emit_lri(b, MVGPU_REG_SCRATCH(1), 0x5c);
		break;
	case LRI_RESET:
		emit_lri(b, MVGPU_REG_RESET, MVGPU_RESET_FULL);
		break;
	case UNKNOWN_OPCODE:
		mvgpu_batch_emit(b, &bad_op, 1);
		break;
	case BAD_LENGTH:
		mvgpu_batch_emit(b, short_fill, 6);
		break;
	case NO_BATCH_END:
		emit_noops(b, b->bo.size / 4);
		return 0;
	}
	mvgpu_emit_end(b);
	return listed;
}

TEST_F(audit, rule)
{
	struct audit_bufs *a = &self->a;
	u32 handles[] = { a->c.dst.handle, a->l2.bo.handle,
			  a->l3.bo.handle };
	u64 size = a->c.dst.size;
	u32 *d = a->c.dst.map;
	void *want = malloc(size);
	unsigned int listed;
	int ret;

	ASSERT_NE(NULL, want);
	pattern(want, size, 0xc0ffee);
	memcpy(a->c.dst.map, want, size);
	memcpy(a->other.map, want, size);
	listed = audit_emit(a, variant->kind);
	ret = mvgpu_submit(a->c.fd, MVGPU_ENGINE_COPY(0), &a->c.batch,
			   handles, 1 + listed, NULL);
	EXPECT_EQ(variant->err, ret);
	EXPECT_EQ(0, mvgpu_wait_bo(a->c.fd, a->c.dst.handle, WAIT_NS));
	if (variant->kind == FILL_INSIDE) {
		EXPECT_EQ(0x600d, d[size / 4 - 1]);
	} else if (variant->kind == START_LISTED) {
		EXPECT_EQ(0x12, d[0]);
	} else {
		EXPECT_EQ(0, memcmp(a->c.dst.map, want, size))
			TH_LOG("a refused batch changed its BO");
	}
	EXPECT_EQ(0, memcmp(a->other.map, want, size));
	EXPECT_EQ(0, client_round(&a->c, MVGPU_ENGINE_COPY(0), 0x51));
	free(want);
}

TEST_HARNESS_MAIN
