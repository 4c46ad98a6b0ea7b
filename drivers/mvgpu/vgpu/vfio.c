// SPDX-License-Identifier: GPL-2.0-only
/*
 * VFIO device operations of a vGPU: region access, mmap and ioctls.
 *
 * Regions follow vfio-pci: the region index sits in the file offset above
 * bit MVGPU_VFIO_OFFSET_SHIFT.  BAR0 and config space are trapped and
 * emulated; BAR2, the vGPU's slice of device memory, is also mmap-able,
 * by page frame (VM_IO | VM_PFNMAP) as vfio-pci maps a BAR: no struct page
 * reference is handed out, so get_user_pages() cannot pin device memory
 * past the VMM's close (and the next tenant).
 * Each ioctl has its own helper that checks argsz against the structure's
 * minimum size before it trusts a field.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <mvgpu/mvgpu_compat.h>

#include "mvgpu.h"

static u64 region_size(struct mvgpu_vgpu *vgpu, unsigned int index)
{
	switch (index) {
	case VFIO_PCI_BAR0_REGION_INDEX:
		return MVGPU_BAR0_SIZE;
	case VFIO_PCI_BAR2_REGION_INDEX:
		return vgpu->vram_size;
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return MVGPU_PCI_CFG_SIZE;
	case MVGPU_VFIO_DISPLAY_REGION:
		return mvgpu_display_region_size();
	default:
		return 0;
	}
}

/* Largest access of at most 8 bytes that @off's alignment allows. */
static unsigned int mmio_chunk(u64 off, size_t left)
{
	unsigned int size = 8;

	while (size > 1 && ((off & (size - 1)) || size > left))
		size >>= 1;
	return size;
}

static ssize_t rw_bar0(struct mvgpu_vgpu *vgpu, char __user *ubuf,
		       size_t count, u64 off, bool write)
{
	size_t done = 0;
	unsigned int n;
	u64 val;
	int ret;

	while (done < count) {
		n = mmio_chunk(off + done, count - done);
		if (write && copy_from_user(&val, ubuf + done, n))
			return -EFAULT;
		mutex_lock(&vgpu->lock);
		ret = mvgpu_mmio_access_locked(vgpu, off + done, &val, n, write);
		mutex_unlock(&vgpu->lock);
		if (ret)
			return ret;
		if (!write && copy_to_user(ubuf + done, &val, n))
			return -EFAULT;
		done += n;
		cond_resched();	/* a 2 MiB access is 262144 trips */
	}
	return done;
}

static ssize_t rw_config(struct mvgpu_vgpu *vgpu, char __user *ubuf,
			 size_t count, u64 off, bool write)
{
	u8 buf[MVGPU_PCI_CFG_SIZE];
	int ret;

	if (write && copy_from_user(buf, ubuf, count))
		return -EFAULT;
	mutex_lock(&vgpu->lock);
	if (write) {
		ret = mvgpu_cfg_write(&vgpu->cfg, off, buf, count);
		/* The guest's function-level reset, as VFIO_DEVICE_RESET. */
		if (!ret && mvgpu_cfg_flr(off, buf, count)) {
			mvgpu_vgpu_reset_locked(vgpu);
			WRITE_ONCE(vgpu->flrs, vgpu->flrs + 1);
		}
		/*
		 * INTx disable gates INTx.  MSI enable is not consulted: the
		 * VMM enables MSI through SET_IRQS (see irq.c).
		 */
		mvgpu_irq_cfg_changed_locked(vgpu);
	} else {
		ret = mvgpu_cfg_read(&vgpu->cfg, off, buf, count);
	}
	mutex_unlock(&vgpu->lock);
	if (ret)
		return ret;
	if (!write && copy_to_user(ubuf, buf, count))
		return -EFAULT;
	return count;
}

static ssize_t rw_bar2(struct mvgpu_vgpu *vgpu, char __user *ubuf,
		       size_t count, u64 off, bool write)
{
	void *mem = mvgpu_hw_vram(vgpu->gpu->gdev) + vgpu->vram_base + off;
	unsigned long left;

	left = write ? copy_from_user(mem, ubuf, count) :
		       copy_to_user(ubuf, mem, count);
	return left ? -EFAULT : count;
}

static ssize_t mvgpu_vfio_rw(struct vfio_device *vdev, char __user *ubuf,
			     size_t count, loff_t *ppos, bool write)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);
	unsigned int index = MVGPU_VFIO_INDEX((u64)*ppos);
	u64 off = *ppos & MVGPU_VFIO_OFFSET_MASK;
	u64 size = index < MVGPU_VFIO_NUM_REGIONS ? region_size(vgpu, index) : 0;
	ssize_t ret;

	if (!count || off >= size || count > size - off)
		return -EINVAL;
	switch (index) {
	case VFIO_PCI_BAR0_REGION_INDEX:
		ret = rw_bar0(vgpu, ubuf, count, off, write);
		break;
	case VFIO_PCI_BAR2_REGION_INDEX:
		ret = rw_bar2(vgpu, ubuf, count, off, write);
		break;
	case MVGPU_VFIO_DISPLAY_REGION:
		ret = write ? -EINVAL :
			      mvgpu_display_read(vgpu, ubuf, count, off);
		break;
	default:
		ret = rw_config(vgpu, ubuf, count, off, write);
		break;
	}
	if (ret > 0)
		*ppos += ret;
	return ret;
}

ssize_t mvgpu_vfio_read(struct vfio_device *vdev, char __user *buf,
			size_t count, loff_t *ppos)
{
	return mvgpu_vfio_rw(vdev, buf, count, ppos, false);
}

ssize_t mvgpu_vfio_write(struct vfio_device *vdev, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	return mvgpu_vfio_rw(vdev, (char __user *)buf, count, ppos, true);
}

/* Page offsets inside a region: the bits of vm_pgoff below the index. */
#define MVGPU_VFIO_PGOFF_MASK \
	((1UL << (MVGPU_VFIO_OFFSET_SHIFT - PAGE_SHIFT)) - 1)

static vm_fault_t mvgpu_bar2_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mvgpu_vgpu *vgpu = vma->vm_private_data;
	u64 off = (u64)(vmf->pgoff & MVGPU_VFIO_PGOFF_MASK) << PAGE_SHIFT;
	struct page *page;

	if (off >= vgpu->vram_size)
		return VM_FAULT_SIGBUS;
	page = mvgpu_hw_vram_page(vgpu->gpu->gdev, vgpu->vram_base + off);
	if (!page)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vma, vmf->address, page_to_pfn(page));
}

static const struct vm_operations_struct mvgpu_bar2_vm_ops = {
	.fault = mvgpu_bar2_fault,
};

int mvgpu_vfio_mmap(struct vfio_device *vdev, struct vm_area_struct *vma)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);
	/* As vfio-pci: shift vm_pgoff right, so no high bit is dropped. */
	unsigned long index = vma->vm_pgoff >>
			      (MVGPU_VFIO_OFFSET_SHIFT - PAGE_SHIFT);
	u64 off = (u64)(vma->vm_pgoff & MVGPU_VFIO_PGOFF_MASK) << PAGE_SHIFT;
	u64 len = vma->vm_end - vma->vm_start;

	if (index == MVGPU_VFIO_DISPLAY_REGION)
		return mvgpu_display_mmap(vgpu, vma, off);
	if (index != VFIO_PCI_BAR2_REGION_INDEX)
		return -EINVAL;
	if (off >= vgpu->vram_size || len > vgpu->vram_size - off)
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	mvgpu_vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND |
			   VM_DONTDUMP);
	vma->vm_ops = &mvgpu_bar2_vm_ops;
	vma->vm_private_data = vgpu;
	return 0;
}

static long ioctl_get_info(struct mvgpu_vgpu *vgpu, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = MVGPU_VFIO_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/* BAR2 is mmap-able as a whole: one sparse-mmap area. */
static int add_sparse_cap(struct mvgpu_vgpu *vgpu, struct vfio_info_cap *caps)
{
	struct vfio_region_info_cap_sparse_mmap *sparse;
	size_t size = struct_size(sparse, areas, 1);
	int ret;

	sparse = kzalloc(size, GFP_KERNEL);
	if (!sparse)
		return -ENOMEM;
	sparse->header.id = VFIO_REGION_INFO_CAP_SPARSE_MMAP;
	sparse->header.version = 1;
	sparse->nr_areas = 1;
	sparse->areas[0].offset = 0;
	sparse->areas[0].size = vgpu->vram_size;
	ret = vfio_info_add_capability(caps, &sparse->header, size);
	kfree(sparse);
	return ret;
}

static long ioctl_get_region_info(struct mvgpu_vgpu *vgpu, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_info_cap caps = { .buf = NULL, .size = 0 };
	struct vfio_region_info info;
	long ret = 0;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= MVGPU_VFIO_NUM_REGIONS)
		return -EINVAL;

	info.offset = MVGPU_VFIO_INDEX_TO_OFFSET(info.index);
	info.size = region_size(vgpu, info.index);
	info.flags = info.size ? VFIO_REGION_INFO_FLAG_READ |
				 VFIO_REGION_INFO_FLAG_WRITE : 0;
	/* The display region: read-only, mapped whole. */
	if (info.index == MVGPU_VFIO_DISPLAY_REGION)
		info.flags = VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_MMAP;
	info.cap_offset = 0;
	if (info.index == VFIO_PCI_BAR2_REGION_INDEX) {
		info.flags |= VFIO_REGION_INFO_FLAG_MMAP;
		ret = add_sparse_cap(vgpu, &caps);
		if (ret)
			return ret;
	}
	if (caps.size) {
		info.flags |= VFIO_REGION_INFO_FLAG_CAPS;
		if (info.argsz < sizeof(info) + caps.size) {
			/* Tell the user how much room the capabilities need. */
			info.argsz = sizeof(info) + caps.size;
		} else {
			vfio_info_cap_shift(&caps, sizeof(info));
			if (copy_to_user(arg + sizeof(info), caps.buf,
					 caps.size))
				ret = -EFAULT;
			info.cap_offset = sizeof(info);
		}
		kfree(caps.buf);
	}
	if (!ret && copy_to_user(arg, &info, minsz))
		ret = -EFAULT;
	return ret;
}

static long ioctl_get_irq_info(void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;
	int ret;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	ret = mvgpu_irq_get_info(&info);
	if (ret)
		return ret;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long ioctl_set_irqs(struct mvgpu_vgpu *vgpu, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct vfio_irq_info irq_info;
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	void *data = NULL;
	int ret;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	irq_info.index = hdr.index;
	ret = mvgpu_irq_get_info(&irq_info);
	if (ret)
		return ret;
	ret = vfio_set_irqs_validate_and_prepare(&hdr, irq_info.count,
						 VFIO_PCI_NUM_IRQS, &data_size);
	if (ret)
		return ret;
	if (data_size) {
		data = memdup_user(arg + minsz, data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}
	mutex_lock(&vgpu->lock);
	ret = mvgpu_irq_set_irqs_locked(vgpu, &hdr, data);
	mutex_unlock(&vgpu->lock);
	kfree(data);
	return ret;
}

long mvgpu_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
		      unsigned long arg)
{
	struct mvgpu_vgpu *vgpu = to_vgpu(vdev);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return ioctl_get_info(vgpu, uarg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return ioctl_get_region_info(vgpu, uarg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return ioctl_get_irq_info(uarg);
	case VFIO_DEVICE_SET_IRQS:
		return ioctl_set_irqs(vgpu, uarg);
	case VFIO_DEVICE_QUERY_GFX_PLANE:
		return mvgpu_display_query_plane(vgpu, uarg);
	case VFIO_DEVICE_RESET:
		mutex_lock(&vgpu->lock);
		mvgpu_vgpu_reset_locked(vgpu);
		mutex_unlock(&vgpu->lock);
		return 0;
	default:
		return -ENOTTY;
	}
}
