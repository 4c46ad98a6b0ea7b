// SPDX-License-Identifier: GPL-2.0-only
/*
 * The display of a vGPU: its plane, shown to the VMM as a display region.
 *
 * A VMM with a display (QEMU's vfio-pci display=on) asks for the guest's
 * plane with VFIO_DEVICE_QUERY_GFX_PLANE, as for the mdpy sample: the
 * answer names a region (MVGPU_VFIO_DISPLAY_REGION) that holds the
 * plane's pixels, which the VMM mmaps once and shows.  dma-buf planes are
 * not offered: a headless VMM could not import them, and QEMU tries them
 * first, then falls back to a region when the dma-buf probe fails.
 *
 * The region is a copy: each query reads the plane registers the guest
 * wrote, checks them as the hardware does (mvgpu_plane_check(), limited
 * to the guest's share of the GTT), then copies the surface line by line
 * through the guest's GTT (mvgpu_vgtt_read(): pinned guest pages or the
 * vGPU's device memory) into the region, lines packed (stride = width
 * times bytes per pixel).  A disabled or invalid plane, or a surface with
 * a page the GTT does not map, answers "no plane": format and size 0.  The
 * guest's values never size anything on the host: the region is as large
 * as the largest valid plane, allocated at the first query.
 */
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <drm/drm_fourcc.h>

#include <mvgpu/mvgpu_compat.h>

#include "mvgpu.h"

/* The largest plane, packed: the region's size. */
#define MVGPU_DISPLAY_REGION_SIZE \
	PAGE_ALIGN(MVGPU_PLANE_MAX_WIDTH * MVGPU_PLANE_MAX_HEIGHT * 4)

/**
 * struct mvgpu_vdisplay - the display region of one vGPU
 * @lock: serialises the scans into @buf
 * @buf: the region, vmalloc_user()ed at its first use, or NULL
 */
struct mvgpu_vdisplay {
	struct mutex lock;	/* see the kernel-doc above */
	void *buf;
};

/* What the guest programmed, read at once under the vGPU lock. */
struct display_plane {
	u32 ctl, format, width, height, stride;
	u64 base;
};

/**
 * mvgpu_display_init() - give a vGPU its display
 * @vgpu: the vGPU
 *
 * Return: 0 or -ENOMEM.
 */
int mvgpu_display_init(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vdisplay *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	mutex_init(&d->lock);
	vgpu->display = d;
	return 0;
}

/**
 * mvgpu_display_fini() - free a vGPU's display
 * @vgpu: the vGPU, no longer open
 *
 * A VMM's mapping of the region holds its pages until it goes.
 */
void mvgpu_display_fini(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vdisplay *d = vgpu->display;

	if (!d)
		return;
	vfree(d->buf);
	mutex_destroy(&d->lock);
	kfree(d);
	vgpu->display = NULL;
}

/**
 * mvgpu_display_region_size() - size of the display region
 *
 * Return: bytes.
 */
u64 mvgpu_display_region_size(void)
{
	return MVGPU_DISPLAY_REGION_SIZE;
}

/*
 * The region's buffer, allocated at its first use without d->lock: mmap()
 * runs under mmap_lock, and a query holds d->lock while it pins guest
 * pages (which takes mmap_lock).  It stays until close.
 */
static int display_get_buf(struct mvgpu_vdisplay *d)
{
	void *buf;

	if (READ_ONCE(d->buf))
		return 0;
	buf = vmalloc_user(MVGPU_DISPLAY_REGION_SIZE);
	if (!buf)
		return -ENOMEM;
	if (cmpxchg(&d->buf, NULL, buf))
		vfree(buf);
	return 0;
}

static u32 display_drm_format(u32 format)
{
	return format == MVGPU_FORMAT_RGB565 ? DRM_FORMAT_RGB565 :
					       DRM_FORMAT_XRGB8888;
}

static void display_read_plane(struct mvgpu_vgpu *vgpu, struct display_plane *p)
{
	u32 *regs = vgpu->regs;

	mutex_lock(&vgpu->lock);
	p->ctl = regs[MVGPU_REG_PLANE_CTL / 4];
	p->format = regs[MVGPU_REG_PLANE_FORMAT / 4];
	p->base = regs[MVGPU_REG_PLANE_BASE_LO / 4] |
		  (u64)regs[MVGPU_REG_PLANE_BASE_HI / 4] << 32;
	p->width = regs[MVGPU_REG_PLANE_WIDTH / 4];
	p->height = regs[MVGPU_REG_PLANE_HEIGHT / 4];
	p->stride = regs[MVGPU_REG_PLANE_STRIDE / 4];
	mutex_unlock(&vgpu->lock);
}

static bool display_plane_valid(struct mvgpu_vgpu *vgpu,
				const struct display_plane *p)
{
	u64 start = (u64)vgpu->gtt_base * MVGPU_GTT_PAGE_SIZE;
	u64 end = start + (u64)vgpu->gtt_count * MVGPU_GTT_PAGE_SIZE;

	return (p->ctl & MVGPU_PLANE_ENABLE) &&
	       mvgpu_plane_check(p->format, p->base, p->width, p->height,
				 p->stride, start, end);
}

/* Copy the surface into the region, packed; -EFAULT at an unmapped page. */
static int display_scan_locked(struct mvgpu_vgpu *vgpu,
			       const struct display_plane *p)
{
	u32 pitch = p->width * mvgpu_plane_cpp(p->format);
	void *dst = vgpu->display->buf;
	u32 y;
	int ret;

	for (y = 0; y < p->height; y++) {
		ret = mvgpu_vgtt_read(vgpu, p->base + (u64)y * p->stride,
				      dst + (size_t)y * pitch, pitch);
		if (ret)
			return ret;
		if (!(y % 64))
			cond_resched();
	}
	return 0;
}

/* Fill @plane with the guest's plane now, or with "no plane". */
static int display_query(struct mvgpu_vgpu *vgpu,
			 struct vfio_device_gfx_plane_info *plane)
{
	struct mvgpu_vdisplay *d = vgpu->display;
	struct display_plane p;
	u32 pitch;
	int ret;

	plane->drm_format = 0;
	plane->drm_format_mod = 0;
	plane->width = 0;
	plane->height = 0;
	plane->stride = 0;
	plane->size = 0;
	plane->x_pos = 0;
	plane->y_pos = 0;
	plane->x_hot = 0;
	plane->y_hot = 0;
	plane->region_index = MVGPU_VFIO_DISPLAY_REGION;

	display_read_plane(vgpu, &p);
	if (!display_plane_valid(vgpu, &p))
		return 0;
	pitch = p.width * mvgpu_plane_cpp(p.format);

	ret = display_get_buf(d);
	if (!ret) {
		mutex_lock(&d->lock);
		ret = display_scan_locked(vgpu, &p);
		mutex_unlock(&d->lock);
	}
	if (ret == -EFAULT) {
		dev_dbg_ratelimited(&vgpu->mdev->dev,
				    "plane at %#llx: a page is not mapped\n",
				    p.base);
		return 0;
	}
	if (ret)
		return ret;

	plane->drm_format = display_drm_format(p.format);
	plane->width = p.width;
	plane->height = p.height;
	plane->stride = pitch;
	plane->size = pitch * p.height;
	return 0;
}

/**
 * mvgpu_display_query_plane() - VFIO_DEVICE_QUERY_GFX_PLANE
 * @vgpu: the vGPU
 * @arg: struct vfio_device_gfx_plane_info, in user memory
 *
 * Probes succeed for the region type only.  A query for the region
 * refreshes the region from the guest's plane and describes it; format
 * and size 0 mean that the guest shows nothing now.
 *
 * Return: 0, -EINVAL for a short argsz or a probe or query of another
 * type (dma-buf), -EFAULT, -ENOMEM.
 */
long mvgpu_display_query_plane(struct mvgpu_vgpu *vgpu, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_gfx_plane_info,
					  region_index);
	struct vfio_device_gfx_plane_info plane;
	int ret;

	if (copy_from_user(&plane, arg, minsz))
		return -EFAULT;
	if (plane.argsz < minsz)
		return -EINVAL;
	if (plane.flags & VFIO_GFX_PLANE_TYPE_PROBE)
		return plane.flags == (VFIO_GFX_PLANE_TYPE_PROBE |
				       VFIO_GFX_PLANE_TYPE_REGION) ? 0 : -EINVAL;
	if (plane.flags != VFIO_GFX_PLANE_TYPE_REGION)
		return -EINVAL;
	ret = display_query(vgpu, &plane);
	if (ret)
		return ret;
	return copy_to_user(arg, &plane, minsz) ? -EFAULT : 0;
}

/**
 * mvgpu_display_read() - read the display region
 * @vgpu: the vGPU
 * @ubuf: destination, user memory
 * @count: bytes
 * @off: offset in the region, with @count inside it
 *
 * Return: @count, or -EFAULT or -ENOMEM.
 */
ssize_t mvgpu_display_read(struct mvgpu_vgpu *vgpu, char __user *ubuf,
			   size_t count, u64 off)
{
	struct mvgpu_vdisplay *d = vgpu->display;
	void *buf;
	int ret;

	ret = display_get_buf(d);
	if (ret)
		return ret;
	buf = READ_ONCE(d->buf);
	/* The buffer stays until close, after the last read of the file. */
	if (copy_to_user(ubuf, buf + off, count))
		return -EFAULT;
	return count;
}

/**
 * mvgpu_display_mmap() - map the display region, read-only and shared
 * @vgpu: the vGPU
 * @vma: the mapping; vm_pgoff holds the region index above the offset
 * @off: byte offset in the region
 *
 * Return: 0, or -EINVAL for a private or writable mapping or one past the
 * region, -ENOMEM.
 */
int mvgpu_display_mmap(struct mvgpu_vgpu *vgpu, struct vm_area_struct *vma,
		       u64 off)
{
	struct mvgpu_vdisplay *d = vgpu->display;
	u64 len = vma->vm_end - vma->vm_start;
	int ret;

	if (off >= MVGPU_DISPLAY_REGION_SIZE ||
	    len > MVGPU_DISPLAY_REGION_SIZE - off)
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED) || (vma->vm_flags & VM_WRITE))
		return -EINVAL;
	ret = display_get_buf(d);
	if (ret)
		return ret;
	return remap_vmalloc_range(vma, READ_ONCE(d->buf), off >> PAGE_SHIFT);
}

/**
 * mvgpu_display_close() - the VMM closed the vGPU
 * @vgpu: the vGPU
 *
 * The region's pixels go with it: the next tenant's first query finds a
 * fresh, zeroed region (no mapping of it is left: each holds the file).
 */
void mvgpu_display_close(struct mvgpu_vgpu *vgpu)
{
	struct mvgpu_vdisplay *d = vgpu->display;

	mutex_lock(&d->lock);
	vfree(d->buf);
	d->buf = NULL;
	mutex_unlock(&d->lock);
}
