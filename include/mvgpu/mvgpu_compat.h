/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel version differences, in one place.  mvgpu is tested on 6.1 and
 * kept building on later kernels; each guard names the change it follows.
 */
#ifndef MVGPU_MVGPU_COMPAT_H
#define MVGPU_MVGPU_COMPAT_H

#include <linux/eventfd.h>
#include <linux/mm.h>
#include <linux/version.h>
#include <linux/vfio.h>

/* 6.8: eventfd_signal() lost its count argument. */
static inline void mvgpu_eventfd_signal(struct eventfd_ctx *ctx)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
	eventfd_signal(ctx, 1);
#else
	eventfd_signal(ctx);
#endif
}

/* 6.3: vm_flags became read-only outside vm_flags_set(). */
static inline void mvgpu_vm_flags_set(struct vm_area_struct *vma,
				      unsigned long flags)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
	vma->vm_flags |= flags;
#else
	vm_flags_set(vma, flags);
#endif
}

/* 6.2: the core frees the device itself after .release. */
static inline void mvgpu_vfio_free_device(struct vfio_device *vdev)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	vfio_free_device(vdev);
#endif
}

/* 6.2: emulated-IOMMU devices must name the iommufd helpers (6.6: detach). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define MVGPU_VFIO_IOMMUFD_OPS					\
	.bind_iommufd = vfio_iommufd_emulated_bind,		\
	.unbind_iommufd = vfio_iommufd_emulated_unbind,		\
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,	\
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define MVGPU_VFIO_IOMMUFD_OPS					\
	.bind_iommufd = vfio_iommufd_emulated_bind,		\
	.unbind_iommufd = vfio_iommufd_emulated_unbind,		\
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
#else
#define MVGPU_VFIO_IOMMUFD_OPS
#endif

/* 6.8: PCI_IRQ_LEGACY became PCI_IRQ_INTX (and the old name went in 6.10). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
#define MVGPU_PCI_IRQ_INTX		PCI_IRQ_LEGACY
#else
#define MVGPU_PCI_IRQ_INTX		PCI_IRQ_INTX
#endif

/* 6.11: bus_type.match takes a const driver. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define MVGPU_BUS_MATCH_CONST const
#else
#define MVGPU_BUS_MATCH_CONST
#endif

/* 6.14: drm_driver lost its date. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 14, 0)
#define MVGPU_DRM_DRIVER_DATE		.date = "20250101",
#else
#define MVGPU_DRM_DRIVER_DATE
#endif

/*
 * 6.13: symbol namespaces are string literals; the KUnit test modules
 * import the one EXPORT_SYMBOL_IF_KUNIT() exports into with
 * MODULE_IMPORT_NS(MVGPU_KUNIT_NS).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
#define MVGPU_KUNIT_NS			EXPORTED_FOR_KUNIT_TESTING
#else
#define MVGPU_KUNIT_NS			"EXPORTED_FOR_KUNIT_TESTING"
#endif

/*
 * fbdev emulation of a driver with shmem BOs: 6.2 moved the generic one
 * from drm_fb_helper.h to drm_fbdev_generic.h; 6.10 added drm_fbdev_shmem
 * (and 6.11 renamed the generic one drm_fbdev_ttm).  Only a file that
 * defines MVGPU_COMPAT_FBDEV before its first include gets it, so that
 * the other users of this header stay free of DRM.
 */
#ifdef MVGPU_COMPAT_FBDEV
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#include <drm/drm_fb_helper.h>
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 10, 0)
#include <drm/drm_fbdev_generic.h>
#else
#include <drm/drm_fbdev_shmem.h>
#endif

static inline void mvgpu_fbdev_setup(struct drm_device *drm,
				     unsigned int bpp)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 10, 0)
	drm_fbdev_generic_setup(drm, bpp);
#else
	drm_fbdev_shmem_setup(drm, bpp);
#endif
}
#endif /* MVGPU_COMPAT_FBDEV */

#endif /* MVGPU_MVGPU_COMPAT_H */
