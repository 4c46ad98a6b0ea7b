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
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <uapi/mvgpu_drm.h>

#include "drm_drv.h"
#include "../core/core.h"

/*
 * Every batch is scanned and audited against the BOs of its submission
 * before it runs (drm_shadow.c, review C1), so clients are isolated from
 * each other and the node is open to whoever may open the device node, as
 * render nodes are.  An administrator may still restrict it to root.
 */
static bool render_root_only;
module_param(render_root_only, bool, 0644);
MODULE_PARM_DESC(render_root_only,
		 "Only CAP_SYS_ADMIN may open the render node (default N)");

unsigned int mvgpu_client_gtt_mb = MVGPU_DRM_CLIENT_GTT_MB;
module_param_named(client_gtt_mb, mvgpu_client_gtt_mb, uint, 0644);
MODULE_PARM_DESC(client_gtt_mb,
		 "Host GTT space one open file's BOs may hold, MiB (default 256)");

unsigned int mvgpu_client_inflight = MVGPU_DRM_CLIENT_INFLIGHT;
module_param_named(client_inflight, mvgpu_client_inflight, uint, 0644);
MODULE_PARM_DESC(client_inflight,
		 "Submissions one open file may have in flight; SUBMIT waits beyond (default 64)");

unsigned int mvgpu_client_shadow_kb = MVGPU_DRM_CLIENT_SHADOW_KB;
module_param_named(client_shadow_kb, mvgpu_client_shadow_kb, uint, 0644);
MODULE_PARM_DESC(client_shadow_kb,
		 "Shadow memory for the scanned batches of one open file's submissions in flight, KiB (default 4096; 4-65536)");

bool mvgpu_hangcheck = true;
module_param_named(hangcheck, mvgpu_hangcheck, bool, 0644);
MODULE_PARM_DESC(hangcheck,
		 "Let the core's watchdog reset contexts that complete no command in watchdog_ms of their engine time (default Y; N only for tests)");

/* Debug-only delays that open race windows for the selftests; 0 = off. */
unsigned int mvgpu_debug_submit_delay_us;
module_param_named(debug_submit_delay_us, mvgpu_debug_submit_delay_us, uint,
		   0600);
MODULE_PARM_DESC(debug_submit_delay_us,
		 "Debug: delay SUBMIT after queueing the job, microseconds (default 0)");

/* Debug-only fault injection for the selftests of fault recovery. */
bool mvgpu_debug_inject_faults;
module_param_named(debug_inject_faults, mvgpu_debug_inject_faults, bool,
		   0600);
MODULE_PARM_DESC(debug_inject_faults,
		 "Debug: a batch that starts with ARB_CHECK faults on the engine (default N)");

/* Its BOs and jobs are gone: no shadow is in use any more. */
static void mvgpu_file_release(struct kref *ref)
{
	struct mvgpu_file *mfile = container_of(ref, struct mvgpu_file, ref);

	mvgpu_shadow_area_free(mfile->shadow);
	kfree(mfile);
}

/**
 * mvgpu_file_put() - drop a reference to a client's accounting
 * @mfile: the client's accounting, or NULL
 */
void mvgpu_file_put(struct mvgpu_file *mfile)
{
	if (mfile)
		kref_put(&mfile->ref, mvgpu_file_release);
}

static int mvgpu_drm_open(struct drm_device *drm, struct drm_file *file)
{
	struct mvgpu_file *mfile;

	if (READ_ONCE(render_root_only) && !capable(CAP_SYS_ADMIN))
		return -EACCES;
	mfile = kzalloc(sizeof(*mfile), GFP_KERNEL);
	if (!mfile)
		return -ENOMEM;
	kref_init(&mfile->ref);
	init_waitqueue_head(&mfile->inflight_wq);
	file->driver_priv = mfile;
	return 0;
}

/* The file's contexts go with it; its BOs and jobs hold its accounting. */
static void mvgpu_drm_postclose(struct drm_device *drm, struct drm_file *file)
{
	struct mvgpu_drm *mdrm = to_mvgpu_drm(drm);
	struct mvgpu_file *mfile = file->driver_priv;
	struct mvgpu_drm_ctx *c;
	unsigned int e;

	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		mutex_lock(&mdrm->ctx_lock);
		c = mfile->ctx[e];
		mfile->ctx[e] = NULL;
		if (c)
			list_del(&c->link);
		mutex_unlock(&mdrm->ctx_lock);
		if (!c)
			continue;
		mvgpu_drm_ctx_kill(c, -ECANCELED);
		mvgpu_drm_ctx_free(c);
	}
	mvgpu_file_put(mfile);
}

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
		args->value = mvgpu_gtt_va(mdrm->gpu->gtt_base);
		break;
	case MVGPU_PARAM_GTT_SIZE:
		args->value = mvgpu_gtt_va(mdrm->gpu->gtt_count);
		break;
	case MVGPU_PARAM_MAX_BO_SIZE:
		args->value = MVGPU_DRM_MAX_BO_SIZE;
		break;
	case MVGPU_PARAM_MAX_SUBMIT_BOS:
		args->value = MVGPU_DRM_MAX_SUBMIT_BOS;
		break;
	case MVGPU_PARAM_CMD_PARSER:
		args->value = MVGPU_CMD_PARSER_VERSION;
		break;
	case MVGPU_PARAM_SHADOW_SIZE:
		args->value = mvgpu_file_shadow_bytes(file->driver_priv);
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

#define MVGPU_DRM_DRIVER_COMMON					\
	.open = mvgpu_drm_open,					\
	.postclose = mvgpu_drm_postclose,			\
	.gem_create_object = mvgpu_bo_create_object,		\
	.ioctls = mvgpu_drm_ioctls,				\
	.num_ioctls = ARRAY_SIZE(mvgpu_drm_ioctls),		\
	.fops = &mvgpu_drm_fops,				\
	.name = "mvgpu",					\
	MVGPU_DRM_DRIVER_DATE					\
	.major = 1,						\
	/* 1.1: per-client seqnos, WAIT_ABSOLUTE; 1.2: batches scanned */ \
	.minor = 2

static const struct drm_driver mvgpu_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_RENDER,
	.desc = "mvgpu host render node",
	MVGPU_DRM_DRIVER_COMMON,
};

/* A vGPU's (or force_kms): the render node and a display (drm_kms.c). */
static const struct drm_driver mvgpu_kms_driver = {
	.driver_features = DRIVER_GEM | DRIVER_RENDER | DRIVER_MODESET |
			   DRIVER_ATOMIC,
	.desc = "mvgpu render node and display",
	.dumb_create = mvgpu_kms_dumb_create,
	MVGPU_DRM_DRIVER_COMMON,
};

/* The DRM device holds the GPU until the last client closes it (C13). */
static void mvgpu_drm_put_gpu(struct drm_device *drm, void *unused)
{
	mvgpu_gpu_put(to_mvgpu_drm(drm)->gpu);
}

static struct mvgpu_drm *mvgpu_drm_create(struct mvgpu_gpu *gpu)
{
	struct device *dev = &gpu->gdev->dev;
	struct mvgpu_drm *mdrm;
	int ret;

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret)
		return ERR_PTR(ret);
	mdrm = devm_drm_dev_alloc(dev, mvgpu_kms_wanted(gpu) ?
				  &mvgpu_kms_driver : &mvgpu_drm_driver,
				  struct mvgpu_drm, drm);
	if (IS_ERR(mdrm))
		return mdrm;
	mdrm->gpu = mvgpu_gpu_get(gpu);
	mdrm->gdev = gpu->gdev;
	ret = drmm_add_action_or_reset(&mdrm->drm, mvgpu_drm_put_gpu, NULL);
	if (ret)
		return ERR_PTR(ret);

	mdrm->copy_engines = gpu->copy_engines;
	mdrm->compute_engines = gpu->compute_engines;
	mdrm->engine_mask = gpu->engine_mask;
	INIT_LIST_HEAD(&mdrm->ctxs);
	ret = drmm_mutex_init(&mdrm->drm, &mdrm->ctx_lock);
	if (ret)
		return ERR_PTR(ret);
	if (mvgpu_kms_wanted(gpu)) {
		ret = mvgpu_kms_init(mdrm);
		if (ret)
			return ERR_PTR(ret);
	}
	ret = drm_dev_register(&mdrm->drm, 0);
	if (ret)
		return ERR_PTR(ret);
	if (mdrm->kms)
		mvgpu_kms_fbdev_setup(mdrm);
	return mdrm;
}

/* mvgpu_client.add: give a GPU its render node. */
static int mvgpu_drm_add(struct mvgpu_gpu *gpu, void **data)
{
	struct device *dev = &gpu->gdev->dev;
	struct mvgpu_drm *mdrm;
	void *group;

	/*
	 * The DRM device is device-managed: what a failure leaves behind goes
	 * in one devres group, released at once.
	 */
	group = devres_open_group(dev, NULL, GFP_KERNEL);
	if (!group)
		return -ENOMEM;
	mdrm = mvgpu_drm_create(gpu);
	if (IS_ERR(mdrm)) {
		devres_release_group(dev, group);
		return PTR_ERR(mdrm);
	}
	devres_remove_group(dev, group);
	*data = mdrm;
	return 0;
}

/*
 * mvgpu_client.remove: clients that still hold the node open get -ENODEV
 * from then on; their pending work is cancelled with -ENODEV.  The DRM
 * device itself, and its reference to the GPU, go once the last of them
 * closes it.
 */
static void mvgpu_drm_remove(struct mvgpu_gpu *gpu, void *data)
{
	struct mvgpu_drm *mdrm = data;
	struct mvgpu_drm_ctx *c;

	drm_dev_unplug(&mdrm->drm);
	if (mdrm->kms)
		mvgpu_kms_shutdown(mdrm);
	/* Every context off its engine, its work cancelled with -ENODEV. */
	mutex_lock(&mdrm->ctx_lock);
	mdrm->unplugged = true;
	list_for_each_entry(c, &mdrm->ctxs, link)
		mvgpu_drm_ctx_kill(c, -ENODEV);
	mutex_unlock(&mdrm->ctx_lock);
}

struct mvgpu_client mvgpu_drm_client = {
	.name = "render node",
	.add = mvgpu_drm_add,
	.remove = mvgpu_drm_remove,
};
