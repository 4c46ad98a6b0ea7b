// SPDX-License-Identifier: GPL-2.0-only
/*
 * Submission on a vGPU.  Skeleton: the engine register blocks read 0 and
 * ignore writes (scan, shadow and the vGPU's contexts land in step 4).
 */
#include "mvgpu.h"

int mvgpu_vsub_init(struct mvgpu_vgpu *vgpu)
{
	mutex_init(&vgpu->sub.lock);
	return 0;
}

void mvgpu_vsub_fini(struct mvgpu_vgpu *vgpu)
{
	mutex_destroy(&vgpu->sub.lock);
}

int mvgpu_vsub_open(struct mvgpu_vgpu *vgpu)
{
	return 0;
}

void mvgpu_vsub_close(struct mvgpu_vgpu *vgpu)
{
}

void mvgpu_vsub_reset_locked(struct mvgpu_vgpu *vgpu)
{
	lockdep_assert_held(&vgpu->lock);
}

u32 mvgpu_vsub_read_locked(struct mvgpu_vgpu *vgpu, u32 off)
{
	return 0;
}

void mvgpu_vsub_write_locked(struct mvgpu_vgpu *vgpu, u32 off, u32 val,
			     u32 mask)
{
}
