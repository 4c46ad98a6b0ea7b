// SPDX-License-Identifier: GPL-2.0-only
/*
 * The display plane of an emulated GPU, as a test sees it.
 *
 * The emulated GPU has no display output; what the plane would show is in
 * debugfs, mvgpu_sim/gpu<N>/:
 *
 * - plane: the plane registers and PLANE_STATUS, one line of text;
 * - scanout: the frame the plane shows now, taken when the file is
 *   opened: the surface's lines packed (width times bytes per pixel each),
 *   read through the GTT as the hardware reads it.  Empty when the plane
 *   shows nothing: disabled, invalid, or a page of the surface unmapped.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>

#include "sim.h"

static struct dentry *sim_debugfs_root;

struct sim_plane_regs {
	u32 ctl, status, format, width, height, stride;
	u64 base;
};

struct sim_frame {
	size_t size;
	u8 data[];
};

static void sim_plane_read(struct mvgpu_sim_gpu *gpu, struct sim_plane_regs *p)
{
	struct mvgpu_device *gdev = &gpu->gdev;

	p->ctl = mvgpu_hw_read32(gdev, MVGPU_REG_PLANE_CTL);
	p->status = mvgpu_hw_read32(gdev, MVGPU_REG_PLANE_STATUS);
	p->format = mvgpu_hw_read32(gdev, MVGPU_REG_PLANE_FORMAT);
	p->base = mvgpu_hw_read64(gdev, MVGPU_REG_PLANE_BASE_LO);
	p->width = mvgpu_hw_read32(gdev, MVGPU_REG_PLANE_WIDTH);
	p->height = mvgpu_hw_read32(gdev, MVGPU_REG_PLANE_HEIGHT);
	p->stride = mvgpu_hw_read32(gdev, MVGPU_REG_PLANE_STRIDE);
}

static int sim_plane_show(struct seq_file *m, void *unused)
{
	struct sim_plane_regs p;

	sim_plane_read(m->private, &p);
	seq_printf(m, "ctl %#x status %#x format %u base %#llx width %u height %u stride %u\n",
		   p.ctl, p.status, p.format, p.base, p.width, p.height,
		   p.stride);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_plane);

/* Copy @len bytes at GPU VA @va; false at an unmapped page. */
static bool sim_plane_copy(struct mvgpu_sim_gpu *gpu, u64 va, u8 *dst,
			   u32 len)
{
	u32 n;
	void *src;

	for (; len; len -= n, va += n, dst += n) {
		n = min_t(u32, len, MVGPU_GTT_PAGE_SIZE - va % MVGPU_GTT_PAGE_SIZE);
		src = sim_gtt_map(gpu, va);
		if (!src)
			return false;
		memcpy(dst, src, n);
	}
	return true;
}

static int sim_scanout_open(struct inode *inode, struct file *file)
{
	struct mvgpu_sim_gpu *gpu = inode->i_private;
	struct sim_plane_regs p;
	struct sim_frame *f;
	u32 pitch, y;

	sim_plane_read(gpu, &p);
	pitch = p.width * mvgpu_plane_cpp(p.format);
	/* The status said valid: the sizes are bounded by the limits. */
	if (p.status != MVGPU_PLANE_STATUS_ACTIVE)
		pitch = 0;
	f = kvzalloc(struct_size(f, data, (size_t)pitch * p.height),
		     GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->size = (size_t)pitch * p.height;
	for (y = 0; pitch && y < p.height; y++) {
		if (!sim_plane_copy(gpu, p.base + (u64)y * p.stride,
				    f->data + (size_t)y * pitch, pitch)) {
			f->size = 0;
			break;
		}
	}
	file->private_data = f;
	return nonseekable_open(inode, file);
}

static ssize_t sim_scanout_read(struct file *file, char __user *buf,
				size_t count, loff_t *ppos)
{
	struct sim_frame *f = file->private_data;

	return simple_read_from_buffer(buf, count, ppos, f->data, f->size);
}

static int sim_scanout_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static const struct file_operations sim_scanout_fops = {
	.owner = THIS_MODULE,
	.open = sim_scanout_open,
	.read = sim_scanout_read,
	.release = sim_scanout_release,
};

/** sim_plane_debugfs_root_init() - create debugfs mvgpu_sim/ */
void sim_plane_debugfs_root_init(void)
{
	sim_debugfs_root = debugfs_create_dir("mvgpu_sim", NULL);
}

/** sim_plane_debugfs_root_fini() - remove debugfs mvgpu_sim/ */
void sim_plane_debugfs_root_fini(void)
{
	debugfs_remove_recursive(sim_debugfs_root);
	sim_debugfs_root = NULL;
}

/**
 * sim_plane_debugfs_init() - the plane files of one GPU
 * @gpu: the GPU
 */
void sim_plane_debugfs_init(struct mvgpu_sim_gpu *gpu)
{
	char name[16];

	snprintf(name, sizeof(name), "gpu%u", gpu->gdev.index);
	gpu->debugfs = debugfs_create_dir(name, sim_debugfs_root);
	debugfs_create_file("plane", 0400, gpu->debugfs, gpu, &sim_plane_fops);
	debugfs_create_file("scanout", 0400, gpu->debugfs, gpu,
			    &sim_scanout_fops);
}

/**
 * sim_plane_debugfs_fini() - remove them; no reader is left when it returns
 * @gpu: the GPU
 */
void sim_plane_debugfs_fini(struct mvgpu_sim_gpu *gpu)
{
	debugfs_remove_recursive(gpu->debugfs);
	gpu->debugfs = NULL;
}
