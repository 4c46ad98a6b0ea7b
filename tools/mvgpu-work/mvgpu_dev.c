// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace side of the mvgpu render node; see mvgpu_dev.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <xf86drm.h>

#include <mvgpu/mvgpu_hw.h>

#include "mvgpu_dev.h"

static int mvgpu_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

static int mvgpu_is_ours(int fd)
{
	drmVersionPtr v = drmGetVersion(fd);
	int ours;

	if (!v)
		return 0;
	ours = !strcmp(v->name, MVGPU_DRIVER_NAME);
	drmFreeVersion(v);
	return ours;
}

static int mvgpu_cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

int mvgpu_find_nodes(struct mvgpu_node *nodes, int max)
{
	char names[64][16];
	struct dirent *de;
	int n = 0, found = 0, i, fd;
	DIR *dir;

	dir = opendir(MVGPU_DRI_DIR);
	if (!dir)
		return 0;
	while ((de = readdir(dir)) && n < 64) {
		if (!strncmp(de->d_name, "renderD", 7) &&
		    strlen(de->d_name) < sizeof(names[0]))
			snprintf(names[n++], sizeof(names[0]), "%.15s",
				 de->d_name);
	}
	closedir(dir);
	/* renderD128 < renderD129 ... as strings: same number of digits. */
	qsort(names, n, sizeof(names[0]), mvgpu_cmp_names);
	for (i = 0; i < n; i++) {
		char path[64];

		snprintf(path, sizeof(path), MVGPU_DRI_DIR "/%.15s", names[i]);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (mvgpu_is_ours(fd)) {
			if (found < max)
				memcpy(nodes[found].path, path, sizeof(path));
			found++;
		}
		close(fd);
	}
	return found;
}

int mvgpu_open(const char *path)
{
	struct mvgpu_node first;
	int fd;

	if (!path) {
		if (mvgpu_find_nodes(&first, 1) < 1)
			return -ENODEV;
		path = first.path;
	}
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!mvgpu_is_ours(fd)) {
		close(fd);
		return -ENODEV;
	}
	return fd;
}

int mvgpu_get_param(int fd, __u32 param, __u64 *value)
{
	struct drm_mvgpu_get_param args = { .param = param };
	int ret = mvgpu_ioctl(fd, DRM_IOCTL_MVGPU_GET_PARAM, &args);

	if (!ret)
		*value = args.value;
	return ret;
}

static void mvgpu_gem_close(int fd, __u32 handle)
{
	struct drm_gem_close args = { .handle = handle };

	mvgpu_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

int mvgpu_bo_create(int fd, __u64 size, struct mvgpu_bo *bo)
{
	struct drm_mvgpu_gem_create create = { .size = size };
	struct drm_mvgpu_gem_mmap_offset off = { 0 };
	void *map;
	int ret;

	ret = mvgpu_ioctl(fd, DRM_IOCTL_MVGPU_GEM_CREATE, &create);
	if (ret)
		return ret;
	off.handle = create.handle;
	ret = mvgpu_ioctl(fd, DRM_IOCTL_MVGPU_GEM_MMAP_OFFSET, &off);
	if (ret)
		goto close_handle;
	map = mmap(NULL, create.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   off.offset);
	if (map == MAP_FAILED) {
		ret = -errno;
		goto close_handle;
	}
	bo->handle = create.handle;
	bo->size = create.size;
	bo->va = create.gpu_va;
	bo->map = map;
	return 0;

close_handle:
	mvgpu_gem_close(fd, create.handle);
	return ret;
}

void mvgpu_bo_destroy(int fd, struct mvgpu_bo *bo)
{
	if (bo->map)
		munmap(bo->map, bo->size);
	if (bo->handle)
		mvgpu_gem_close(fd, bo->handle);
	memset(bo, 0, sizeof(*bo));
}

int mvgpu_batch_create(int fd, struct mvgpu_batch *b)
{
	b->dwords = 0;
	return mvgpu_bo_create(fd, 4096, &b->bo);
}

void mvgpu_batch_reset(struct mvgpu_batch *b)
{
	b->dwords = 0;
}

void mvgpu_batch_emit(struct mvgpu_batch *b, const __u32 *dw, unsigned int n)
{
	__u32 *cs = b->bo.map;

	if ((b->dwords + n) * 4 > b->bo.size) {
		fprintf(stderr, "mvgpu: batch overflow\n");
		abort();
	}
	memcpy(cs + b->dwords, dw, n * 4);
	b->dwords += n;
}

void mvgpu_emit_fill(struct mvgpu_batch *b, __u64 dst, __u32 pitch,
		     __u32 width, __u32 height, __u32 value)
{
	const __u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_FILL, 0, 7), (__u32)dst,
		(__u32)(dst >> 32), pitch, width, height, value,
	};

	mvgpu_batch_emit(b, cmd, 7);
}

void mvgpu_emit_copy(struct mvgpu_batch *b, __u64 src, __u32 src_pitch,
		     __u64 dst, __u32 dst_pitch, __u32 width,
		     __u32 height)
{
	const __u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_COPY, 0, 9), (__u32)src,
		(__u32)(src >> 32), src_pitch, (__u32)dst,
		(__u32)(dst >> 32), dst_pitch, width, height,
	};

	mvgpu_batch_emit(b, cmd, 9);
}

void mvgpu_emit_crc32c(struct mvgpu_batch *b, __u64 src, __u32 bytes,
		       __u64 dst)
{
	const __u32 cmd[] = {
		MVGPU_CMD(MVGPU_OP_CRC32C, 0, 6), (__u32)src,
		(__u32)(src >> 32), bytes, (__u32)dst,
		(__u32)(dst >> 32),
	};

	mvgpu_batch_emit(b, cmd, 6);
}

void mvgpu_emit_end(struct mvgpu_batch *b)
{
	const __u32 cmd = MVGPU_CMD(MVGPU_OP_BATCH_END, 0, 1);

	mvgpu_batch_emit(b, &cmd, 1);
}

int mvgpu_submit(int fd, __u32 engine, const struct mvgpu_batch *b,
		 const __u32 *handles, __u32 count, __u32 *seqno)
{
	struct drm_mvgpu_submit args = {
		.bo_handles = (uintptr_t)handles,
		.bo_count = count,
		.engine = engine,
		.batch_handle = b->bo.handle,
	};
	int ret = mvgpu_ioctl(fd, DRM_IOCTL_MVGPU_SUBMIT, &args);

	if (!ret && seqno)
		*seqno = args.seqno;
	return ret;
}

/*
 * WAIT with a CLOCK_MONOTONIC deadline for a positive timeout, so that the
 * retries on EINTR cannot prolong it; 0 polls, negative waits forever.
 */
static int mvgpu_wait(int fd, struct drm_mvgpu_wait *args, __s64 timeout_ns)
{
	struct timespec now;

	args->timeout_ns = timeout_ns;
	if (timeout_ns > 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		args->flags |= MVGPU_WAIT_ABSOLUTE;
		args->timeout_ns += now.tv_sec * 1000000000LL + now.tv_nsec;
	}
	return mvgpu_ioctl(fd, DRM_IOCTL_MVGPU_WAIT, args);
}

int mvgpu_wait_bo(int fd, __u32 handle, __s64 timeout_ns)
{
	struct drm_mvgpu_wait args = {
		.flags = MVGPU_WAIT_BO,
		.handle = handle,
	};

	return mvgpu_wait(fd, &args, timeout_ns);
}

int mvgpu_wait_seqno(int fd, __u32 engine, __u32 seqno,
		     __s64 timeout_ns)
{
	struct drm_mvgpu_wait args = {
		.flags = MVGPU_WAIT_SEQNO,
		.engine = engine,
		.seqno = seqno,
	};

	return mvgpu_wait(fd, &args, timeout_ns);
}

int mvgpu_parse_engine(const char *spec)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	unsigned long n = 0;
	char *end;

	if (colon) {
		n = strtoul(colon + 1, &end, 10);
		if (!colon[1] || *end || n >= 8)
			return -1;
	}
	if (len == 4 && !strncmp(spec, "copy", 4))
		return MVGPU_ENGINE_COPY(n);
	if (len == 7 && !strncmp(spec, "compute", 7))
		return MVGPU_ENGINE_COMPUTE(n);
	return -1;
}
