/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vgpu fixture shared by the VFIO-side selftests: one vGPU of the
 * variant's type on mvgpu0, opened through VFIO.  Include it after
 * kselftest_harness.h, in one test file per binary.
 */
#ifndef MVGPU_VGPU_FIXTURE_H
#define MVGPU_VGPU_FIXTURE_H

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
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

/* Close the vGPU and open it again, as the next VMM would. */
static inline int vgpu_reopen(struct vfio_dev *dev, const char *uuid)
{
	vfio_dev_close(dev);
	return vfio_dev_open(dev, uuid);
}

/* Debug hook of a vGPU: raise interrupt sources as its engines would. */
static inline int vgpu_inject_irq(const char *uuid, u32 bits)
{
	char path[128], val[16];

	snprintf(path, sizeof(path), "/sys/kernel/debug/mvgpu/%s/inject_irq",
		 uuid);
	snprintf(val, sizeof(val), "%#x", bits);
	return sysfs_write(path, val);
}

/*
 * mdev remove in a thread: it blocks while the vGPU is open.  done is set
 * (with release semantics) once the write has returned, with its result.
 */
struct vgpu_remover {
	pthread_t thread;
	char path[128];
	int ret;
	int done;
};

static inline void *vgpu_remover_run(void *arg)
{
	struct vgpu_remover *r = arg;

	r->ret = sysfs_write(r->path, "1");
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static inline int vgpu_remove_start(struct vgpu_remover *r, const char *uuid)
{
	snprintf(r->path, sizeof(r->path), MDEV_DEVICES_DIR "/%s/remove", uuid);
	r->done = 0;
	r->ret = -EINPROGRESS;
	return -pthread_create(&r->thread, NULL, vgpu_remover_run, r);
}

static inline bool vgpu_remove_done(struct vgpu_remover *r)
{
	return __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);
}

/* Wait for the remove to return; its result. */
static inline int vgpu_remove_join(struct vgpu_remover *r)
{
	pthread_join(r->thread, NULL);
	return r->ret;
}

#endif /* MVGPU_VGPU_FIXTURE_H */
