// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu render node: the DRM device of one GPU.
 *
 * Each GPU bound by the host driver gets a render node (DRIVER_GEM |
 * DRIVER_RENDER) that host processes use to run work on its engines; see
 * include/uapi/mvgpu_drm.h.  On unbind the device is unplugged first, so
 * that clients still holding it open get -ENODEV, then the engines are
 * stopped, their pending fences cancelled and the host GTT cleared; BOs are
 * freed when the last client lets go.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <uapi/mvgpu_drm.h>

#include "drm_drv.h"
#include "../vgpu/mvgpu.h"

static int mvgpu_ioctl_get_param(struct drm_device *drm, void *data,
				 struct drm_file *file)
{
	struct drm_mvgpu_get_param *args = data;
	struct mvgpu_drm *mdrm = to_mvgpu_drm(drm);

	if (args->pad)
		return -EINVAL;
	switch (args->param) {
	case MVGPU_PARAM_COPY_ENGINES:
		args->value = mdrm->copy_engines;
		break;
	case MVGPU_PARAM_COMPUTE_ENGINES:
		args->value = mdrm->compute_engines;
		break;
	case MVGPU_PARAM_ENGINE_MASK:
		args->value = mdrm->engine_mask;
		break;
	case MVGPU_PARAM_VRAM_SIZE:
		args->value = mdrm->gdev->vram_size;
		break;
	case MVGPU_PARAM_GTT_BASE:
		args->value = mvgpu_gtt_va(MVGPU_HOST_GTT_BASE);
		break;
	case MVGPU_PARAM_GTT_SIZE:
		args->value = mvgpu_gtt_va(MVGPU_HOST_GTT_COUNT);
		break;
	case MVGPU_PARAM_MAX_BO_SIZE:
		args->value = MVGPU_DRM_MAX_BO_SIZE;
		break;
	case MVGPU_PARAM_MAX_SUBMIT_BOS:
		args->value = MVGPU_DRM_MAX_SUBMIT_BOS;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static const struct drm_ioctl_desc mvgpu_drm_ioctls[] = {
	DRM_IOCTL_DEF_DRV(MVGPU_GET_PARAM, mvgpu_ioctl_get_param,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MVGPU_GEM_CREATE, mvgpu_ioctl_gem_create,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MVGPU_GEM_MMAP_OFFSET, mvgpu_ioctl_gem_mmap_offset,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MVGPU_SUBMIT, mvgpu_ioctl_submit, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MVGPU_WAIT, mvgpu_ioctl_wait, DRM_RENDER_ALLOW),
};

DEFINE_DRM_GEM_FOPS(mvgpu_drm_fops);

static const struct drm_driver mvgpu_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_RENDER,
	.gem_create_object = mvgpu_bo_create_object,
	.ioctls = mvgpu_drm_ioctls,
	.num_ioctls = ARRAY_SIZE(mvgpu_drm_ioctls),
	.fops = &mvgpu_drm_fops,
	.name = "mvgpu",
	.desc = "mvgpu host render node",
	MVGPU_DRM_DRIVER_DATE
	.major = 1,
	.minor = 0,
};

static void mvgpu_drm_engines_fini(struct mvgpu_drm *mdrm)
{
	unsigned int e;

	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++)
		mvgpu_engine_fini(&mdrm->engines[e]);
}

static int mvgpu_drm_engines_init(struct mvgpu_drm *mdrm, u32 engines)
{
	unsigned int n, e;
	int ret;

	mdrm->copy_engines = min_t(u32, engines & MVGPU_ENGINES_COPY_MASK,
				   MVGPU_MAX_COPY_ENGINES);
	mdrm->compute_engines = min_t(u32, (engines & MVGPU_ENGINES_COMPUTE_MASK)
				      >> MVGPU_ENGINES_COMPUTE_SHIFT,
				      MVGPU_MAX_COMPUTE_ENGINES);
	for (n = 0; n < mdrm->copy_engines; n++)
		__set_bit(MVGPU_ENGINE_COPY(n), &mdrm->engine_mask);
	for (n = 0; n < mdrm->compute_engines; n++)
		__set_bit(MVGPU_ENGINE_COMPUTE(n), &mdrm->engine_mask);

	for_each_set_bit(e, &mdrm->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		ret = mvgpu_engine_init(mdrm, e);
		if (ret) {
			mvgpu_drm_engines_fini(mdrm);
			return ret;
		}
	}
	return 0;
}

static int mvgpu_drm_create(struct mvgpu_gpu *gpu)
{
	struct device *dev = &gpu->gdev->dev;
	struct mvgpu_drm *mdrm;
	int ret;

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	mdrm = devm_drm_dev_alloc(dev, &mvgpu_drm_driver, struct mvgpu_drm,
				  drm);
	if (IS_ERR(mdrm))
		return PTR_ERR(mdrm);
	mdrm->gpu = gpu;
	mdrm->gdev = gpu->gdev;

	ret = mvgpu_gtt_init(mdrm);
	if (ret)
		return ret;
	ret = mvgpu_drm_engines_init(mdrm, gpu->engines);
	if (ret)
		return ret;
	ret = mvgpu_drm_irq_init(mdrm);
	if (ret)
		goto fini_engines;
	ret = drm_dev_register(&mdrm->drm, 0);
	if (ret)
		goto fini_irq;
	gpu->drm = mdrm;
	return 0;

fini_irq:
	mvgpu_drm_irq_fini(mdrm);
fini_engines:
	mvgpu_drm_engines_fini(mdrm);
	mvgpu_gtt_clear_all(mdrm);
	return ret;
}

/**
 * mvgpu_drm_init() - give a GPU its render node
 * @gpu: the GPU, being probed
 *
 * The DRM device is device-managed: what a failure leaves behind goes in
 * one devres group, released at once.
 *
 * Return: 0 or a negative errno; the GPU has no render node on failure.
 */
int mvgpu_drm_init(struct mvgpu_gpu *gpu)
{
	struct device *dev = &gpu->gdev->dev;
	void *group;
	int ret;

	group = devres_open_group(dev, NULL, GFP_KERNEL);
	if (!group)
		return -ENOMEM;
	ret = mvgpu_drm_create(gpu);
	if (ret) {
		devres_release_group(dev, group);
		return ret;
	}
	devres_remove_group(dev, group);
	return 0;
}

/**
 * mvgpu_drm_fini() - remove a GPU's render node
 * @gpu: the GPU, being removed
 *
 * Clients that still hold the node open get -ENODEV from then on; their
 * pending work is cancelled with -ENODEV.  The DRM device itself is freed
 * once the last of them closes it.
 */
void mvgpu_drm_fini(struct mvgpu_gpu *gpu)
{
	struct mvgpu_drm *mdrm = gpu->drm;

	if (!mdrm)
		return;
	drm_dev_unplug(&mdrm->drm);
	mvgpu_drm_irq_fini(mdrm);
	mvgpu_drm_engines_fini(mdrm);
	mvgpu_gtt_clear_all(mdrm);
	gpu->drm = NULL;
}
