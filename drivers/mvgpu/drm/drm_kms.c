// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu KMS: the display plane as one plane, one CRTC and one virtual
 * connector, with fbdev emulation for the console.
 *
 * Only a vGPU has somewhere to show its plane (the host hands it to the
 * VMM's display, vgpu/display.c), so the DRM device is a KMS device when
 * the GPU is a vGPU, or when the force_kms parameter asks for it (tests on
 * the emulated GPU); otherwise it stays a render node only.
 *
 * Framebuffers are BOs of the render node (drm_gem.c): their pages are in
 * the GTT for their whole life, so the plane scans a framebuffer at its
 * BO's GPU VA, and a flip is a register write (PLANE_BASE), with no copy.
 * The hardware rules of the plane (mvgpu_plane_check()) are checked in the
 * atomic check, so a commit that would leave the plane invalid fails with
 * -EINVAL.  The plane rereads memory every frame: damage needs no work.
 * There is no vblank interrupt: the helpers complete each commit's event
 * at once (fake vblank).  fbdev emulation draws in a shadow buffer that
 * the helpers copy into the framebuffer's BO on damage.
 */
#include <linux/module.h>

#include <drm/drm_atomic_helper.h>
#include <drm/drm_connector.h>
#include <drm/drm_damage_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_edid.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_gem_framebuffer_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_modeset_helper_vtables.h>
#include <drm/drm_probe_helper.h>
#include <drm/drm_simple_kms_helper.h>

#include <mvgpu/mvgpu_compat.h>
#include MVGPU_FBDEV_HEADER

#include "drm_drv.h"

static bool force_kms;
module_param(force_kms, bool, 0444);
MODULE_PARM_DESC(force_kms,
		 "Give every GPU a display (KMS and fbdev), not only vGPUs (default N; for tests on the emulated GPU)");

/* The mode fbdev and a client without a preference get. */
#define MVGPU_KMS_PREFERRED_WIDTH	1024
#define MVGPU_KMS_PREFERRED_HEIGHT	768

static const u32 mvgpu_kms_formats[] = {
	DRM_FORMAT_XRGB8888,
	DRM_FORMAT_RGB565,
};

/**
 * mvgpu_kms_wanted() - should a GPU's DRM device do KMS?
 * @gpu: the GPU
 *
 * Return: true for a vGPU, or for any GPU with force_kms.
 */
bool mvgpu_kms_wanted(const struct mvgpu_gpu *gpu)
{
	return gpu->vgpu || force_kms;
}

static u32 mvgpu_kms_hw_format(u32 fourcc)
{
	return fourcc == DRM_FORMAT_RGB565 ? MVGPU_FORMAT_RGB565 :
					     MVGPU_FORMAT_XRGB8888;
}

/* GPU VA of the first pixel the plane state shows. */
static u64 mvgpu_kms_base(const struct drm_plane_state *st)
{
	const struct drm_framebuffer *fb = st->fb;
	struct mvgpu_bo *bo = to_mvgpu_bo(fb->obj[0]);

	return bo->gpu_va + fb->offsets[0] +
	       (u64)(st->src_y >> 16) * fb->pitches[0] +
	       (st->src_x >> 16) * fb->format->cpp[0];
}

static int mvgpu_pipe_check(struct drm_simple_display_pipe *pipe,
			    struct drm_plane_state *st,
			    struct drm_crtc_state *crtc_state)
{
	const struct drm_framebuffer *fb = st->fb;
	u64 va_end = (u64)MVGPU_GPU_GTT_ENTRIES * MVGPU_GTT_PAGE_SIZE;

	if (!fb)
		return 0;
	if (!mvgpu_plane_check(mvgpu_kms_hw_format(fb->format->format),
			       mvgpu_kms_base(st), st->src_w >> 16,
			       st->src_h >> 16, fb->pitches[0], 0, va_end)) {
		drm_dbg_kms(pipe->crtc.dev,
			    "plane: %ux%u, pitch %u, offset %u: not what the plane scans\n",
			    st->src_w >> 16, st->src_h >> 16, fb->pitches[0],
			    fb->offsets[0]);
		return -EINVAL;
	}
	return 0;
}

/* Point the plane at the state's framebuffer and enable it. */
static void mvgpu_kms_program(struct mvgpu_drm *mdrm,
			      const struct drm_plane_state *st)
{
	const struct drm_framebuffer *fb = st->fb;
	struct mvgpu_device *gdev = mdrm->gdev;
	int idx;

	if (!fb || !drm_dev_enter(&mdrm->drm, &idx))
		return;
	mvgpu_write32(gdev, MVGPU_REG_PLANE_FORMAT,
		      mvgpu_kms_hw_format(fb->format->format));
	mvgpu_write32(gdev, MVGPU_REG_PLANE_WIDTH, st->src_w >> 16);
	mvgpu_write32(gdev, MVGPU_REG_PLANE_HEIGHT, st->src_h >> 16);
	mvgpu_write32(gdev, MVGPU_REG_PLANE_STRIDE, fb->pitches[0]);
	mvgpu_write64(gdev, MVGPU_REG_PLANE_BASE_LO, mvgpu_kms_base(st));
	mvgpu_write32(gdev, MVGPU_REG_PLANE_CTL, MVGPU_PLANE_ENABLE);
	drm_dev_exit(idx);
}

static void mvgpu_pipe_enable(struct drm_simple_display_pipe *pipe,
			      struct drm_crtc_state *crtc_state,
			      struct drm_plane_state *plane_state)
{
	mvgpu_kms_program(to_mvgpu_drm(pipe->crtc.dev), plane_state);
}

static void mvgpu_pipe_disable(struct drm_simple_display_pipe *pipe)
{
	struct mvgpu_drm *mdrm = to_mvgpu_drm(pipe->crtc.dev);
	int idx;

	if (!drm_dev_enter(&mdrm->drm, &idx))
		return;
	mvgpu_write32(mdrm->gdev, MVGPU_REG_PLANE_CTL, 0);
	drm_dev_exit(idx);
}

static void mvgpu_pipe_update(struct drm_simple_display_pipe *pipe,
			      struct drm_plane_state *old_state)
{
	struct drm_plane_state *st = pipe->plane.state;

	/* Damage alone needs nothing: the plane rereads every frame. */
	if (st->crtc && st->crtc->state->active)
		mvgpu_kms_program(to_mvgpu_drm(pipe->crtc.dev), st);
}

static enum drm_mode_status
mvgpu_pipe_mode_valid(struct drm_simple_display_pipe *pipe,
		      const struct drm_display_mode *mode)
{
	if (mode->hdisplay > MVGPU_PLANE_MAX_WIDTH)
		return MODE_BAD_HVALUE;
	if (mode->vdisplay > MVGPU_PLANE_MAX_HEIGHT)
		return MODE_BAD_VVALUE;
	return MODE_OK;
}

static const struct drm_simple_display_pipe_funcs mvgpu_pipe_funcs = {
	.mode_valid = mvgpu_pipe_mode_valid,
	.check = mvgpu_pipe_check,
	.enable = mvgpu_pipe_enable,
	.disable = mvgpu_pipe_disable,
	.update = mvgpu_pipe_update,
};

/* The virtual connector: always connected, the standard (DMT) modes. */
static int mvgpu_connector_get_modes(struct drm_connector *connector)
{
	int count = drm_add_modes_noedid(connector, MVGPU_PLANE_MAX_WIDTH,
					 MVGPU_PLANE_MAX_HEIGHT);

	drm_set_preferred_mode(connector, MVGPU_KMS_PREFERRED_WIDTH,
			       MVGPU_KMS_PREFERRED_HEIGHT);
	return count;
}

static const struct drm_connector_helper_funcs mvgpu_connector_helper = {
	.get_modes = mvgpu_connector_get_modes,
};

static const struct drm_connector_funcs mvgpu_connector_funcs = {
	.fill_modes = drm_helper_probe_single_connector_modes,
	.destroy = drm_connector_cleanup,
	.reset = drm_atomic_helper_connector_reset,
	.atomic_duplicate_state = drm_atomic_helper_connector_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_connector_destroy_state,
};

static const struct drm_mode_config_funcs mvgpu_mode_config_funcs = {
	/* fb->funcs->dirty: fbdev flushes its shadow into the BO on damage. */
	.fb_create = drm_gem_fb_create_with_dirty,
	.atomic_check = drm_atomic_helper_check,
	.atomic_commit = drm_atomic_helper_commit,
};

/**
 * mvgpu_kms_dumb_create() - drm_driver.dumb_create: a scanout BO
 * @file: the client
 * @drm: the DRM device
 * @args: width, height and bpp in; pitch, size and handle out
 *
 * Lines are MVGPU_PLANE_STRIDE_ALIGN aligned, the BO is page aligned, as
 * the plane wants them; the BO is in the GTT as every BO is.
 *
 * Return: 0, -EINVAL for a zero or huge size, or what creating the BO
 * returns.
 */
int mvgpu_kms_dumb_create(struct drm_file *file, struct drm_device *drm,
			  struct drm_mode_create_dumb *args)
{
	struct mvgpu_bo *bo;
	u64 pitch, size;
	int ret;

	if (!args->width || !args->height || !args->bpp)
		return -EINVAL;
	pitch = ALIGN((u64)args->width * DIV_ROUND_UP(args->bpp, 8),
		      MVGPU_PLANE_STRIDE_ALIGN);
	size = PAGE_ALIGN(pitch * args->height);
	if (pitch > U32_MAX || size > MVGPU_DRM_MAX_BO_SIZE)
		return -EINVAL;
	bo = mvgpu_bo_create(to_mvgpu_drm(drm), size, file->driver_priv);
	if (IS_ERR(bo))
		return PTR_ERR(bo);
	ret = drm_gem_handle_create(file, &bo->base.base, &args->handle);
	if (!ret) {
		args->pitch = pitch;
		args->size = bo->base.base.size;
	}
	drm_gem_object_put(&bo->base.base);
	return ret;
}

/**
 * mvgpu_kms_init() - add the plane, CRTC and connector to a DRM device
 * @mdrm: the device, not registered yet, whose driver has DRIVER_MODESET
 *
 * Return: 0 or a negative errno.
 */
int mvgpu_kms_init(struct mvgpu_drm *mdrm)
{
	struct drm_device *drm = &mdrm->drm;
	struct drm_mode_config *mc = &drm->mode_config;
	int ret;

	ret = drmm_mode_config_init(drm);
	if (ret)
		return ret;
	mc->min_width = 1;
	mc->min_height = 1;
	mc->max_width = MVGPU_PLANE_MAX_WIDTH;
	mc->max_height = MVGPU_PLANE_MAX_HEIGHT;
	mc->preferred_depth = 24;
	mc->prefer_shadow_fbdev = true;
	mc->funcs = &mvgpu_mode_config_funcs;

	ret = drm_connector_init(drm, &mdrm->connector, &mvgpu_connector_funcs,
				 DRM_MODE_CONNECTOR_VIRTUAL);
	if (ret)
		return ret;
	drm_connector_helper_add(&mdrm->connector, &mvgpu_connector_helper);
	ret = drm_simple_display_pipe_init(drm, &mdrm->pipe, &mvgpu_pipe_funcs,
					   mvgpu_kms_formats,
					   ARRAY_SIZE(mvgpu_kms_formats), NULL,
					   &mdrm->connector);
	if (ret)
		return ret;
	drm_plane_enable_fb_damage_clips(&mdrm->pipe.plane);
	drm_mode_config_reset(drm);
	mdrm->kms = true;
	return 0;
}

/**
 * mvgpu_kms_fbdev_setup() - start fbdev emulation (the console)
 * @mdrm: the device, registered, with KMS
 */
void mvgpu_kms_fbdev_setup(struct mvgpu_drm *mdrm)
{
	mvgpu_fbdev_setup(&mdrm->drm, 32);
}

/**
 * mvgpu_kms_shutdown() - turn the plane off as the device goes
 * @mdrm: the device, with KMS, unplugged: no commit can enable it again
 *
 * The GPU is still there: the plane stops scanning before the
 * framebuffers' pages can go.
 */
void mvgpu_kms_shutdown(struct mvgpu_drm *mdrm)
{
	drm_atomic_helper_shutdown(&mdrm->drm);
	mvgpu_write32(mdrm->gdev, MVGPU_REG_PLANE_CTL, 0);
}
