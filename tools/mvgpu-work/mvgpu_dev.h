/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace side of the mvgpu render node: open the node, BOs, batches,
 * SUBMIT and WAIT.  Shared by mvgpu-work and the DRM selftest.
 *
 * Functions return 0 or a negative errno unless documented otherwise.
 */
#ifndef MVGPU_WORK_DEV_H
#define MVGPU_WORK_DEV_H

#include <stddef.h>
#include <linux/types.h>

#include <uapi/mvgpu_drm.h>

#define MVGPU_DRI_DIR		"/dev/dri"
#define MVGPU_DRIVER_NAME	"mvgpu"

/* A BO, mapped into the process. */
struct mvgpu_bo {
	__u32 handle;
	__u64 size;
	__u64 va;		/* GPU virtual address */
	void *map;
};

/* A batch being written into a BO. */
struct mvgpu_batch {
	struct mvgpu_bo bo;
	__u32 dwords;	/* written so far */
};

/* A render node's path. */
struct mvgpu_node {
	char path[64];
};

/*
 * Render nodes of the mvgpu driver, in /dev/dri order: fills @nodes up to
 * @max entries.  Return: how many there are.
 */
int mvgpu_find_nodes(struct mvgpu_node *nodes, int max);
/* Open @path, or the first mvgpu render node when NULL.  Return: fd. */
int mvgpu_open(const char *path);
int mvgpu_get_param(int fd, __u32 param, __u64 *value);

int mvgpu_bo_create(int fd, __u64 size, struct mvgpu_bo *bo);
void mvgpu_bo_destroy(int fd, struct mvgpu_bo *bo);

int mvgpu_batch_create(int fd, struct mvgpu_batch *b);
void mvgpu_batch_reset(struct mvgpu_batch *b);
void mvgpu_batch_emit(struct mvgpu_batch *b, const __u32 *dw, unsigned int n);
void mvgpu_emit_fill(struct mvgpu_batch *b, __u64 dst, __u32 pitch,
		     __u32 width, __u32 height, __u32 value);
void mvgpu_emit_copy(struct mvgpu_batch *b, __u64 src, __u32 src_pitch,
		     __u64 dst, __u32 dst_pitch, __u32 width,
		     __u32 height);
void mvgpu_emit_crc32c(struct mvgpu_batch *b, __u64 src, __u32 bytes,
		       __u64 dst);
void mvgpu_emit_end(struct mvgpu_batch *b);

int mvgpu_submit(int fd, __u32 engine, const struct mvgpu_batch *b,
		 const __u32 *handles, __u32 count, __u32 *seqno);
int mvgpu_wait_bo(int fd, __u32 handle, __s64 timeout_ns);
int mvgpu_wait_seqno(int fd, __u32 engine, __u32 seqno,
		     __s64 timeout_ns);

/* "copy", "copy:N", "compute", "compute:N" -> engine number, or -1. */
int mvgpu_parse_engine(const char *spec);

#endif /* MVGPU_WORK_DEV_H */
