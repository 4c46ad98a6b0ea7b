/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake vGPU the KUnit suites of vgpu/tests share: a vGPU of type
 * mvgpu_type_table[2] (2 slices) on a parent with no GPU behind it, its
 * register file, submission state, interrupts and config space, reset.
 * And, for the suites that need the core to answer for a vGPU's context,
 * a stand-in context (fake_core.h).
 */
#ifndef MVGPU_VGPU_TESTS_FIXTURE_H
#define MVGPU_VGPU_TESTS_FIXTURE_H

#include <kunit/test.h>

#include "../mvgpu.h"
#include "fake_core.h"

#define FIXTURE_GTT_BASE	65536
#define FIXTURE_GTT_COUNT	32768

struct vgpu_fixture {
	struct mvgpu_parent gpu;
	struct mvgpu_type type;
	struct mvgpu_vgpu vgpu;
	/* The stand-in, once vgpu_fixture_fake_ctx() made it. */
	struct mvgpu_ctx *ctx;
};

/* A fixture of a vGPU with @id on a GPU with @engines (ENGINES). */
static inline struct vgpu_fixture *vgpu_fixture_init(struct kunit *test,
						     u32 engines, int id)
{
	struct vgpu_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct mvgpu_vgpu *vgpu;

	KUNIT_ASSERT_NOT_NULL(test, f);
	vgpu = &f->vgpu;
	f->gpu.vram_size = 128ULL << 20;
	f->gpu.engines = engines;
	f->type.gpu = &f->gpu;
	f->type.info = &mvgpu_type_table[2];	/* 2 slices */
	vgpu->gpu = &f->gpu;
	vgpu->type = &f->type;
	vgpu->engines = mvgpu_engines_map(engines, ~0u, vgpu->engine_map);
	vgpu->id = id;
	vgpu->first_slice = 4;
	vgpu->vram_size = 32ULL << 20;
	vgpu->vram_base = 64ULL << 20;
	vgpu->gtt_base = FIXTURE_GTT_BASE;
	vgpu->gtt_count = FIXTURE_GTT_COUNT;
	KUNIT_ASSERT_EQ(test, mvgpu_mmio_alloc(vgpu), 0);
	KUNIT_ASSERT_EQ(test, mvgpu_vsub_init(vgpu), 0);
	mutex_init(&vgpu->lock);
	mvgpu_irq_init(vgpu);
	mvgpu_cfg_init(&vgpu->cfg, 2, MVGPU_BAR0_SIZE, vgpu->vram_size);
	mutex_lock(&vgpu->lock);
	mvgpu_vgpu_reset_locked(vgpu);
	mutex_unlock(&vgpu->lock);
	test->priv = f;
	return f;
}

/*
 * A stand-in core context on a stand-in engine (fake_core.c), never on it;
 * remembered for vgpu_fixture_exit().
 */
static inline struct mvgpu_ctx *vgpu_fixture_fake_ctx(struct kunit *test)
{
	struct vgpu_fixture *f = test->priv;

	f->ctx = fake_core_ctx(test);
	return f->ctx;
}

/* Gives every engine of the vGPU the stand-in context, or none (NULL). */
static inline void vgpu_fixture_set_ctx(struct vgpu_fixture *f,
					struct mvgpu_ctx *ctx)
{
	unsigned int e;

	mutex_lock(&f->vgpu.sub.lock);
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++)
		f->vgpu.sub.eng[e].ctx = ctx;
	mutex_unlock(&f->vgpu.sub.lock);
}

static inline void vgpu_fixture_exit(struct kunit *test)
{
	struct vgpu_fixture *f = test->priv;

	vgpu_fixture_set_ctx(f, NULL);
	if (f->ctx)
		fake_core_flush(f->ctx);
	mvgpu_vsub_fini(&f->vgpu);
	mvgpu_mmio_free(&f->vgpu);
}

static inline struct mvgpu_vgpu *fixture_vgpu(struct kunit *test)
{
	return &((struct vgpu_fixture *)test->priv)->vgpu;
}

#endif /* MVGPU_VGPU_TESTS_FIXTURE_H */
