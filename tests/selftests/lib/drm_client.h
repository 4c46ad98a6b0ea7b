/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Render-node clients for the selftests: a client with a batch, a source
 * and a destination BO, one checked round of FILL, COPY and CRC32C, and
 * children that run rounds.  Header-only: each test program includes it.
 */
#ifndef MVGPU_DRM_CLIENT_H
#define MVGPU_DRM_CLIENT_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "mvgpu_test.h"
#include "crc32c.h"
#include "mvgpu_dev.h"

#define SEC_NS		(1000LL * 1000 * 1000)
#define WAIT_NS		(20 * SEC_NS)
#define BO_SIZE		(256u << 10)
#define PARAM_DIR	"/sys/module/mvgpu/parameters/"

/* Writes a parameter of mvgpu.ko (root only). */
static inline int set_param(const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	return sysfs_write(path, val);
}

/* Writes a dword that the GPU polls (SEMAPHORE_WAIT). */
static inline void bo_poke(const struct mvgpu_bo *bo, u32 val)
{
	__atomic_store_n((u32 *)bo->map, val, __ATOMIC_SEQ_CST);
}

static inline int raw_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static inline void emit_store(struct mvgpu_batch *b, u64 va, u32 value)
{
	const u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4), (u32)va, (u32)(va >> 32),
		value,
	};

	mvgpu_batch_emit(b, cmd, 4);
}

/* SEMAPHORE_WAIT until the dword at @va equals @value. */
static inline void emit_sem_eq(struct mvgpu_batch *b, u64 va, u32 value)
{
	const u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_SEMAPHORE_WAIT, MVGPU_SEM_EQ, 4), (u32)va,
		(u32)(va >> 32), value,
	};

	mvgpu_batch_emit(b, cmd, 4);
}

static inline void emit_batch_start(struct mvgpu_batch *b, u64 va)
{
	const u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3), (u32)va, (u32)(va >> 32),
	};

	mvgpu_batch_emit(b, cmd, 3);
}

static inline void emit_noops(struct mvgpu_batch *b, unsigned int n)
{
	const u32 noop = MVGPU_CMD(MVGPU_OP_NOOP, 0, 1);

	while (n--)
		mvgpu_batch_emit(b, &noop, 1);
}

/* A batch in a BO of @size bytes. */
static inline int batch_create(int fd, u64 size, struct mvgpu_batch *b)
{
	b->dwords = 0;
	return mvgpu_bo_create(fd, size, &b->bo);
}

/* A client's buffers: a batch, a source and a destination. */
struct client {
	int fd;
	struct mvgpu_batch batch;
	struct mvgpu_bo src, dst;
};

static inline int client_open(struct client *c, u64 size)
{
	int ret;

	memset(c, 0, sizeof(*c));
	c->fd = mvgpu_open(NULL);
	if (c->fd < 0)
		return c->fd;
	ret = mvgpu_batch_create(c->fd, &c->batch);
	if (!ret)
		ret = mvgpu_bo_create(c->fd, size, &c->src);
	if (!ret)
		ret = mvgpu_bo_create(c->fd, size, &c->dst);
	return ret;
}

static inline void client_close(struct client *c)
{
	if (c->fd < 0)
		return;
	mvgpu_bo_destroy(c->fd, &c->dst);
	mvgpu_bo_destroy(c->fd, &c->src);
	mvgpu_bo_destroy(c->fd, &c->batch.bo);
	close(c->fd);
	c->fd = -1;
}

static inline void pattern(void *buf, u64 len, u32 seed)
{
	u32 *p = buf, x = seed | 1;
	u64 i;

	for (i = 0; i < len / 4; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = x;
	}
}

/*
 * One round on @engine: fill dst with @seed, copy src (a pattern) over
 * its first half, CRC the whole of dst into src's last dword.  Return: 0
 * when every byte is right, 1 on a wrong result, a negative errno when an
 * ioctl failed.
 */
static inline int client_round(struct client *c, int engine, u32 seed)
{
	u32 handles[] = { c->src.handle, c->dst.handle };
	u64 size = c->dst.size, half = size / 2, i;
	u32 *d = c->dst.map, *s = c->src.map, want;
	int ret;

	pattern(c->src.map, size, seed);
	memset(c->dst.map, 0, size);
	mvgpu_batch_reset(&c->batch);
	mvgpu_emit_fill(&c->batch, c->dst.va, 4096, 4096, size / 4096, seed);
	mvgpu_emit_copy(&c->batch, c->src.va, 4096, c->dst.va, 4096, 4096,
			half / 4096);
	mvgpu_emit_crc32c(&c->batch, c->dst.va, size, c->src.va + size - 4);
	mvgpu_emit_end(&c->batch);
	ret = mvgpu_submit(c->fd, engine, &c->batch, handles, 2, NULL);
	if (!ret)
		ret = mvgpu_wait_bo(c->fd, c->dst.handle, WAIT_NS);
	if (!ret)
		ret = mvgpu_wait_bo(c->fd, c->src.handle, WAIT_NS);
	if (ret)
		return ret;
	if (memcmp(d, s, half))
		return 1;
	for (i = half / 4; i < size / 4; i++)
		if (d[i] != seed)
			return 1;
	want = crc32c(d, size);
	return s[size / 4 - 1] != want;
}

/* Runs @rounds rounds in a child; exits 0 when all were right. */
static inline void child_rounds(int engine, unsigned int rounds, u32 seed)
{
	struct client c;
	unsigned int i;
	int ret;

	if (client_open(&c, BO_SIZE))
		_exit(10);
	for (i = 0; i < rounds; i++) {
		ret = client_round(&c, engine, seed + i);
		if (ret)
			_exit(ret < 0 ? 11 : 12);
	}
	client_close(&c);
	_exit(0);
}

static inline int wait_children(pid_t *pids, unsigned int n)
{
	unsigned int i, bad = 0;
	int status;

	for (i = 0; i < n; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "# child %u: status %#x\n", i, status);
			bad++;
		}
	}
	return bad;
}

static inline int engine_of(u64 mask, unsigned int i)
{
	unsigned int e, n = 0;

	for (;;)
		for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++)
			if (mask & (1u << e) && n++ == i)
				return e;
}

#endif /* MVGPU_DRM_CLIENT_H */
