/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note OR MIT */
/*
 * mvgpu DRM render node: the userspace interface.
 *
 * Buffer objects (BOs) live in system memory; each one is mapped into the
 * GPU's host GTT when it is created and keeps its GPU virtual address
 * (gpu_va) for its whole life.  A batch is a list of mvgpu commands
 * (include/mvgpu/mvgpu_hw.h) in a BO, ended by BATCH_END; commands address
 * memory by GPU VA.  SUBMIT queues a batch on one engine and returns a
 * sequence number; WAIT waits for a BO to become idle or for a sequence
 * number of an engine to complete, and reports -EIO when the work faulted.
 *
 * Clients are isolated from each other (ABI 1.2): SUBMIT copies the batch,
 * and every batch it starts, into memory of the kernel, checks every
 * command of the copy and runs only the copy.  A command may address only
 * the BOs of its submission; see struct drm_mvgpu_submit.  The version is
 * the DRM driver version (DRM_IOCTL_VERSION: major 1, minor 2), and
 * GET_PARAM MVGPU_PARAM_CMD_PARSER reads MVGPU_CMD_PARSER_VERSION (a
 * kernel before 1.2 fails it with -EINVAL).
 *
 * Every struct is padded to a multiple of 8 bytes with naturally aligned
 * fields, so 32-bit and 64-bit processes share one layout.  Padding and
 * unknown flags must be zero; the driver rejects them with -EINVAL.
 */
#ifndef MVGPU_DRM_H
#define MVGPU_DRM_H

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

#define DRM_MVGPU_GET_PARAM		0x00
#define DRM_MVGPU_GEM_CREATE		0x01
#define DRM_MVGPU_GEM_MMAP_OFFSET	0x02
#define DRM_MVGPU_SUBMIT		0x03
#define DRM_MVGPU_WAIT			0x04

#define DRM_IOCTL_MVGPU_GET_PARAM	DRM_IOWR(DRM_COMMAND_BASE + \
	DRM_MVGPU_GET_PARAM, struct drm_mvgpu_get_param)
#define DRM_IOCTL_MVGPU_GEM_CREATE	DRM_IOWR(DRM_COMMAND_BASE + \
	DRM_MVGPU_GEM_CREATE, struct drm_mvgpu_gem_create)
#define DRM_IOCTL_MVGPU_GEM_MMAP_OFFSET	DRM_IOWR(DRM_COMMAND_BASE + \
	DRM_MVGPU_GEM_MMAP_OFFSET, struct drm_mvgpu_gem_mmap_offset)
#define DRM_IOCTL_MVGPU_SUBMIT		DRM_IOWR(DRM_COMMAND_BASE + \
	DRM_MVGPU_SUBMIT, struct drm_mvgpu_submit)
#define DRM_IOCTL_MVGPU_WAIT		DRM_IOW(DRM_COMMAND_BASE + \
	DRM_MVGPU_WAIT, struct drm_mvgpu_wait)

/* GET_PARAM parameters. */
#define MVGPU_PARAM_COPY_ENGINES	0	/* number of copy engines */
#define MVGPU_PARAM_COMPUTE_ENGINES	1	/* number of compute engines */
#define MVGPU_PARAM_ENGINE_MASK		2	/* bit e: engine e usable */
#define MVGPU_PARAM_VRAM_SIZE		3	/* bytes of device memory */
#define MVGPU_PARAM_GTT_BASE		4	/* GPU VA of the host GTT */
#define MVGPU_PARAM_GTT_SIZE		5	/* bytes of GPU VA it spans */
#define MVGPU_PARAM_MAX_BO_SIZE		6	/* largest GEM_CREATE size */
#define MVGPU_PARAM_MAX_SUBMIT_BOS	7	/* largest SUBMIT bo_count */
/* Since 1.2: MVGPU_CMD_PARSER_VERSION, SUBMIT scans and audits batches. */
#define MVGPU_PARAM_CMD_PARSER		8
/* Since 1.2: bytes of shadow memory the file's submissions may hold. */
#define MVGPU_PARAM_SHADOW_SIZE		9

/* Version 1 of the scan: the rules of struct drm_mvgpu_submit. */
#define MVGPU_CMD_PARSER_VERSION	1

/**
 * struct drm_mvgpu_get_param - read a device parameter
 * @param: in, MVGPU_PARAM_*
 * @pad: must be 0
 * @value: out
 */
struct drm_mvgpu_get_param {
	__u32 param;
	__u32 pad;
	__u64 value;
};

/**
 * struct drm_mvgpu_gem_create - create a BO mapped into the GPU's GTT
 * @size: in, bytes; rounded up to the page size
 * @flags: in, must be 0
 * @handle: out, GEM handle
 * @gpu_va: out, GPU virtual address of the first byte
 *
 * The bytes after the BO's last page are unmapped in the GPU's GTT: a
 * command that runs off its end faults.
 */
struct drm_mvgpu_gem_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
	__u64 gpu_va;
};

/**
 * struct drm_mvgpu_gem_mmap_offset - the offset to mmap() a BO at
 * @handle: in, GEM handle
 * @flags: in, must be 0
 * @offset: out, fake offset for mmap() on the render node
 */
struct drm_mvgpu_gem_mmap_offset {
	__u32 handle;
	__u32 flags;
	__u64 offset;
};

/**
 * struct drm_mvgpu_submit - run a batch on an engine
 * @bo_handles: in, user pointer to an array of __u32 GEM handles the batch
 *	reads or writes (every BO its commands address, the BOs of the
 *	batches it starts included); duplicates are allowed; the batch BO is
 *	implied
 * @bo_count: in, entries of @bo_handles, up to MVGPU_PARAM_MAX_SUBMIT_BOS
 * @engine: in, engine number as in mvgpu_hw.h: MVGPU_ENGINE_COPY(n) or
 *	MVGPU_ENGINE_COMPUTE(n)
 * @batch_handle: in, BO holding the batch
 * @flags: in, must be 0
 * @batch_offset: in, byte offset of the batch in its BO, 4-byte aligned
 * @seqno: out, sequence number of this submission in the calling file's
 *	context on @engine
 * @pad: must be 0
 *
 * The batch starts once earlier work on any of its BOs from other contexts
 * has completed (implicit synchronisation, also against other clients on
 * the same engine).
 *
 * Scan and audit (ABI 1.2, MVGPU_PARAM_CMD_PARSER): SUBMIT reads the batch
 * from its BO, and each batch it starts with BATCH_START (level 2), once,
 * when it is called, into shadow memory of the kernel, checks every command
 * of the copy, and the engine runs the copy.  Writing a batch after SUBMIT
 * returns does not change what runs; a batch that GPU work writes must be
 * complete (WAIT) before it is submitted.  Every GPU VA a command touches
 * must lie in the submission's BOs (the batch BO and @bo_handles): the
 * FILL and COPY rectangles, CRC32C's source and destination, STORE_DWORD,
 * SEMAPHORE_WAIT and BATCH_START targets; a range must lie within one BO.
 * LOAD_REGISTER_IMM may write the scratch registers only.  A batch ends at
 * its BATCH_END; with the batches it starts it may not exceed
 * MVGPU_BATCH_MAX_DWORDS, and a level-2 batch may not start another.  A
 * refused batch never reaches the engine: SUBMIT fails with EACCES for a
 * command that addresses memory outside the submission's BOs (or that the
 * audit refuses otherwise), EINVAL for a command the engine would fault on
 * (unknown opcode, bad length, misaligned address, a forbidden register,
 * a third batch level, a batch too long).  Before 1.2 a batch could
 * address any BO of any client: clients that list every BO they use run
 * unchanged.
 *
 * Shadow memory is bounded per open file (MVGPU_PARAM_SHADOW_SIZE, the
 * module parameter client_shadow_kb at the file's first SUBMIT) and given
 * back when a job completes or is cancelled.  SUBMIT waits while earlier
 * jobs of the file hold too much of it; a submission whose batches do not
 * fit in it at all fails with ENOSPC.
 *
 * Order and sequence numbers are per client: each open file has its own
 * context on each engine it submits to, and its submissions to one engine
 * run in order and get consecutive seqnos from 1.  Different files' work on
 * one engine is time-sliced by the driver and completes in no defined
 * order; their seqnos are unrelated (before ABI 1.1, seqnos were per engine
 * and shared by every client).
 *
 * Return (ioctl): 0; EACCES, EINVAL (also for bad fields), ENOSPC as
 * above; E2BIG for too many BOs; ENOENT for a bad handle; EFAULT; ENOMEM;
 * EINTR; ENODEV once the GPU is gone; EBUSY for an engine a vGPU owns alone
 * (a partition, see "Partitioning" in Documentation/hardware.rst).
 */
struct drm_mvgpu_submit {
	__u64 bo_handles;
	__u32 bo_count;
	__u32 engine;
	__u32 batch_handle;
	__u32 flags;
	__u64 batch_offset;
	__u32 seqno;
	__u32 pad;
};

/* WAIT flags: exactly one of these, */
#define MVGPU_WAIT_BO		(1u << 0)	/* all work on @handle */
#define MVGPU_WAIT_SEQNO	(1u << 1)	/* @seqno on @engine */
/* optionally with this one. */
#define MVGPU_WAIT_ABSOLUTE	(1u << 2)	/* @timeout_ns is a deadline */

/**
 * struct drm_mvgpu_wait - wait for work to complete
 * @flags: in, MVGPU_WAIT_BO or MVGPU_WAIT_SEQNO, optionally with
 *	MVGPU_WAIT_ABSOLUTE
 * @handle: in, GEM handle for MVGPU_WAIT_BO, else 0
 * @engine: in, engine for MVGPU_WAIT_SEQNO, else 0
 * @seqno: in, sequence number for MVGPU_WAIT_SEQNO (one this file's
 *	SUBMIT to @engine returned), else 0
 * @timeout_ns: in, without MVGPU_WAIT_ABSOLUTE a timeout relative to the
 *	call: 0 polls, negative waits forever.  With it, a CLOCK_MONOTONIC
 *	deadline in nanoseconds: a deadline already past polls, negative waits
 *	forever.
 *
 * Signals: with MVGPU_WAIT_ABSOLUTE the call is restarted after a signal
 * handler that has SA_RESTART (the kernel's -ERESTARTSYS) and otherwise
 * fails with EINTR; either way the deadline stays, so signals cannot keep
 * it waiting.  A relative wait fails with EINTR on any signal and is not
 * restarted: the caller must compute what is left (a loop that retries the
 * same relative timeout on EINTR, as libdrm's drmIoctl() does, can wait
 * forever under a stream of signals: use MVGPU_WAIT_ABSOLUTE).
 *
 * Return (ioctl): 0 when done, -ETIMEDOUT when the timeout expired first,
 * -EIO when the work (the last on each engine, for a BO) faulted and was
 * cancelled, -EINTR on a signal (see above), -EINVAL for a seqno that was
 * never handed out (0, or ahead of the newest).  A sequence number older
 * than the driver's history (1024 submissions per engine) reads as done.
 */
struct drm_mvgpu_wait {
	__u32 flags;
	__u32 handle;
	__u32 engine;
	__u32 seqno;
	__s64 timeout_ns;
};

#if defined(__cplusplus)
}
#endif

#endif /* MVGPU_DRM_H */
