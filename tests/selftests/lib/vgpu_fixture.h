/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vgpu fixture shared by the VFIO-side selftests: one vGPU of the
 * variant's type on mvgpu0, opened through VFIO.  Include it after
 * kselftest_harness.h, in one test file per binary.
 */
#ifndef MVGPU_VGPU_FIXTURE_H
#define MVGPU_VGPU_FIXTURE_H

#include <unistd.h>

#include "mvgpu_test.h"

FIXTURE(vgpu) {
	char uuid[UUID_LEN];
	struct vfio_dev dev;
	const struct mvgpu_type *t;
	u64 vram_size;	/* the BAR2 size the type implies */
};

FIXTURE_VARIANT(vgpu) {
	const struct mvgpu_type *t;
};

FIXTURE_VARIANT_ADD(vgpu, mvgpu_1) { .t = &mvgpu_types[0] };
FIXTURE_VARIANT_ADD(vgpu, mvgpu_2) { .t = &mvgpu_types[1] };
FIXTURE_VARIANT_ADD(vgpu, mvgpu_4) { .t = &mvgpu_types[2] };
FIXTURE_VARIANT_ADD(vgpu, mvgpu_8) { .t = &mvgpu_types[3] };

FIXTURE_SETUP(vgpu)
{
	int ret;

	self->dev.fd = -1;
	self->dev.group = -1;
	self->dev.container = -1;
	if (!mvgpu_present())
		SETUP_SKIP("mvgpu not loaded (no %s/%s)", MDEV_BUS_DIR, MVGPU_GPU0);
	if (access("/dev/vfio/vfio", F_OK))
		SETUP_SKIP("no /dev/vfio/vfio (vfio not loaded)");
	destroy_all_mdevs();
	self->t = variant->t;
	self->vram_size = mvgpu_vram_bytes() / MVGPU_SLICES * variant->t->slices;
	ASSERT_EQ(0, vgpu_create_new(MVGPU_GPU0, variant->t, self->uuid))
		TH_LOG("create %s", variant->t->dir);
	ret = vfio_dev_open(&self->dev, self->uuid);
	if (ret)
		vgpu_destroy(self->uuid);
	ASSERT_EQ(0, ret) TH_LOG("VFIO open of %s: %s", self->uuid, strerror(-ret));
}

FIXTURE_TEARDOWN(vgpu)
{
	vfio_dev_close(&self->dev);
	if (*self->uuid)
		EXPECT_EQ(0, vgpu_destroy(self->uuid));
}

#endif /* MVGPU_VGPU_FIXTURE_H */
