/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Submission on a vGPU (submit.c): the guest's engine register blocks, the
 * doorbell (RING_TAIL), scan and shadow of what the guest submits, the
 * vGPU's contexts on the core's engines, and what the guest reads back.
 *
 * Locking: &mvgpu_vsub.lock is taken inside &mvgpu_vgpu.lock, outside the
 * GTT lock; the core's context callbacks take it (never &mvgpu_vgpu.lock).
 * Contexts are created and destroyed with neither lock held.
 */
#ifndef MVGPU_VGPU_SUBMIT_H
#define MVGPU_VGPU_SUBMIT_H

#include <linux/mutex.h>
#include <linux/types.h>

struct mvgpu_vgpu;

/**
 * struct mvgpu_vsub - the submission state of one vGPU
 * @lock: protects the fields below
 * @submissions: doorbells that queued work (counter, reset per tenant)
 * @rejected: submissions the command parser refused
 * @bytes_scanned: bytes of commands scanned and shadowed
 * @failed: the vGPU refused too many submissions; nothing runs until reset
 */
struct mvgpu_vsub {
	struct mutex lock;	/* see the kernel-doc above */
	u64 submissions;
	u64 rejected;
	u64 bytes_scanned;
	bool failed;
};

int mvgpu_vsub_init(struct mvgpu_vgpu *vgpu);
void mvgpu_vsub_fini(struct mvgpu_vgpu *vgpu);
int mvgpu_vsub_open(struct mvgpu_vgpu *vgpu);
void mvgpu_vsub_close(struct mvgpu_vgpu *vgpu);
void mvgpu_vsub_reset_locked(struct mvgpu_vgpu *vgpu);
u32 mvgpu_vsub_read_locked(struct mvgpu_vgpu *vgpu, u32 off);
void mvgpu_vsub_write_locked(struct mvgpu_vgpu *vgpu, u32 off, u32 val,
			     u32 mask);

#endif /* MVGPU_VGPU_SUBMIT_H */
