/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu host driver: internal interfaces, grouped by block.
 */
#ifndef MVGPU_H
#define MVGPU_H

#include <linux/atomic.h>
#include <linux/eventfd.h>
#include <linux/idr.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/vfio.h>

#include <mvgpu/mvgpu_bus.h>
#include <mvgpu/mvgpu_core.h>
#include <mvgpu/mvgpu_hw.h>

#include "cfg_space.h"
#include "gtt.h"
#include "submit.h"
#include "types.h"

/* VFIO region offsets: region index in the bits above this one. */
#define MVGPU_VFIO_OFFSET_SHIFT		40
#define MVGPU_VFIO_INDEX(off)		((off) >> MVGPU_VFIO_OFFSET_SHIFT)
#define MVGPU_VFIO_OFFSET_MASK		((1ULL << MVGPU_VFIO_OFFSET_SHIFT) - 1)
#define MVGPU_VFIO_INDEX_TO_OFFSET(i)	((u64)(i) << MVGPU_VFIO_OFFSET_SHIFT)
/* The display region (display.c), past vfio-pci's regions. */
#define MVGPU_VFIO_DISPLAY_REGION	VFIO_PCI_NUM_REGIONS
#define MVGPU_VFIO_NUM_REGIONS		(VFIO_PCI_NUM_REGIONS + 1)

/* Interrupt sources of a vGPU: its engines' user interrupts and software. */
#define MVGPU_VGPU_INT_SOURCES \
	(GENMASK(MVGPU_MAX_COPY_ENGINES + MVGPU_MAX_COMPUTE_ENGINES - 1, 0) | \
	 MVGPU_INT_SOFTWARE)

struct mvgpu_parent;

/**
 * struct mvgpu_type - a vGPU type on one GPU, as mdev lists it
 * @mtype: the mdev type; sysfs_name and pretty_name point into @info/@name
 * @gpu: the GPU it belongs to
 * @info: the entry of mvgpu_type_table
 * @name: pretty name, "MVGPU-<denominator>[D...]"
 */
struct mvgpu_type {
	struct mdev_type mtype;
	struct mvgpu_parent *gpu;
	const struct mvgpu_type_info *info;
	char name[24];
};

/**
 * struct mvgpu_parent - the vGPU side of one GPU: its mdev parent
 * @core: the GPU as the core binds it (counted reference)
 * @gdev: the GPU on the mvgpu bus
 * @parent: mdev parent registered for it
 * @types: its vGPU types: those of mvgpu_type_table it offers
 * @mtypes: pointers to @types[i].mtype, as mdev_register_parent() wants them
 * @nr_types: entries in @types
 * @slices_used: bitmap of owned slices, updated with try_cmpxchg
 * @vgpu_ida: allocates vGPU ids (1-based)
 * @vram_size: bytes of device memory
 * @engines: the GPU's MVGPU_REG_ENGINES value
 * @engines_lock: protects @reserved; held while a shared vGPU picks its
 *	engines and creates its contexts on them, so that no partition takes
 *	one in between; taken before &mvgpu_vgpu.lock
 * @reserved: MVGPU_ENGINE_BIT() of the engines partitions own
 */
struct mvgpu_parent {
	struct mvgpu_gpu *core;
	struct mvgpu_device *gdev;
	struct mdev_parent parent;
	struct mvgpu_type types[MVGPU_MAX_TYPES];
	struct mdev_type *mtypes[MVGPU_MAX_TYPES];
	unsigned int nr_types;
	atomic64_t slices_used;
	struct ida vgpu_ida;
	u64 vram_size;
	u32 engines;
	struct mutex engines_lock;	/* see the kernel-doc above */
	u32 reserved;
};

/**
 * struct mvgpu_irq - virtual interrupt state of a vGPU
 * @lock: protects the fields below; taken inside &mvgpu_vgpu.lock, never
 *	sleeps, so interrupts can be raised from any context
 * @intx_trigger: eventfd for INTx, or NULL; changed also under
 *	&mvgpu_vgpu.lock
 * @msi_trigger: eventfd for MSI, or NULL; as @intx_trigger
 * @req_trigger: eventfd for device requests, or NULL; as @intx_trigger
 * @status: INT_STATUS, the pending sources; its ENGINE_EVENT bit follows
 *	@events
 * @events: ENGINE_EVENTS, the engines' pending fault and preempted events
 * @enable: INT_ENABLE, the sources allowed to interrupt
 * @signaled: the pending and enabled sources the VMM has been told of; an
 *	MSI goes out for every source that is not
 * @intx_masked: INTx masked by the user (or automasked after a trigger)
 * @intx_disabled: the command register's INTx-disable bit
 * @injected: interrupts delivered to the VMM since it opened the vGPU
 */
struct mvgpu_irq {
	spinlock_t lock;	/* see the kernel-doc above */
	struct eventfd_ctx *intx_trigger;
	struct eventfd_ctx *msi_trigger;
	struct eventfd_ctx *req_trigger;
	u32 status;
	u32 events;
	u32 enable;
	u32 signaled;
	bool intx_masked;
	bool intx_disabled;
	u64 injected;
};

/**
 * struct mvgpu_vgpu - one vGPU
 * @vdev: the VFIO device; first, reached with container_of()
 * @mdev: its mdev
 * @gpu: the GPU it runs on
 * @type: its type
 * @id: vGPU id, unique on @gpu
 * @first_slice: first slice it owns
 * @vram_base: GPU address of its device memory
 * @vram_size: bytes of device memory it owns (BAR2 size)
 * @gtt_base: first GTT entry it owns
 * @gtt_count: number of GTT entries it owns
 * @engines: its MVGPU_REG_ENGINES value: the engines its guest sees
 * @engine_map: the GPU engine number behind each of its engine numbers
 * @owned: MVGPU_ENGINE_BIT() of the GPU engines it owns alone (a
 *	partition), from creation to release; 0 for a shared vGPU
 * @lock: protects @cfg, @regs (but INT_STATUS and INT_ENABLE, in @irq),
 *	the setting of @irq's triggers, and the MMIO counters; serializes
 *	the guest's accesses and resets
 * @cfg: PCI config space
 * @regs: BAR0 register file, one u32 per dword
 * @irq: virtual interrupts
 * @gtt: the vGPU's GTT (gtt.c)
 * @sub: submission on its engines (submit.c)
 * @mmio_traps: BAR0 accesses emulated
 * @mmio_reads: of them, reads
 * @mmio_writes: of them, writes
 * @flrs: function-level resets the guest started (config space, AF)
 * @debugfs: its debugfs directory
 * @display: its display region (display.c)
 */
struct mvgpu_vgpu {
	struct vfio_device vdev;
	struct mdev_device *mdev;
	struct mvgpu_parent *gpu;
	const struct mvgpu_type *type;
	int id;
	unsigned int first_slice;
	u64 vram_base;
	u64 vram_size;
	u32 gtt_base;
	u32 gtt_count;
	u32 engines;
	u8 engine_map[MVGPU_NUM_ENGINE_IDS];
	u32 owned;

	struct mutex lock;	/* see the kernel-doc above */
	struct mvgpu_cfg cfg;
	u32 *regs;
	struct mvgpu_irq irq;
	struct mvgpu_vgtt gtt;
	struct mvgpu_vsub sub;
	u64 mmio_traps;
	u64 mmio_reads;
	u64 mmio_writes;
	u64 flrs;
	struct dentry *debugfs;
	struct mvgpu_vdisplay *display;
};

static inline struct mvgpu_vgpu *to_vgpu(struct vfio_device *vdev)
{
	return container_of(vdev, struct mvgpu_vgpu, vdev);
}

/* main.c: the mdev parent of each GPU, as a client of the core */
extern struct mvgpu_client mvgpu_vgpu_client;

/* vgpu.c: vGPU lifecycle (mdev probe/remove, VFIO init/release) */
extern struct mdev_driver mvgpu_mdev_driver;
extern const struct vfio_device_ops mvgpu_vfio_ops;
void mvgpu_vgpu_reset_locked(struct mvgpu_vgpu *vgpu);

/* sysfs.c: the "mvgpu" group of each vGPU */
extern const struct attribute_group *mvgpu_vgpu_groups[];

/* vfio.c: VFIO device operations */
ssize_t mvgpu_vfio_read(struct vfio_device *vdev, char __user *buf,
			size_t count, loff_t *ppos);
ssize_t mvgpu_vfio_write(struct vfio_device *vdev, const char __user *buf,
			 size_t count, loff_t *ppos);
long mvgpu_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
		      unsigned long arg);
int mvgpu_vfio_mmap(struct vfio_device *vdev, struct vm_area_struct *vma);

/* display.c: the plane, shown as a display region */
int mvgpu_display_init(struct mvgpu_vgpu *vgpu);
void mvgpu_display_fini(struct mvgpu_vgpu *vgpu);
void mvgpu_display_close(struct mvgpu_vgpu *vgpu);
u64 mvgpu_display_region_size(void);
long mvgpu_display_query_plane(struct mvgpu_vgpu *vgpu, void __user *arg);
ssize_t mvgpu_display_read(struct mvgpu_vgpu *vgpu, char __user *ubuf,
			   size_t count, u64 off);
int mvgpu_display_mmap(struct mvgpu_vgpu *vgpu, struct vm_area_struct *vma,
		       u64 off);

/* mmio.c: BAR0 register file */
int mvgpu_mmio_alloc(struct mvgpu_vgpu *vgpu);
void mvgpu_mmio_free(struct mvgpu_vgpu *vgpu);
void mvgpu_mmio_reset_locked(struct mvgpu_vgpu *vgpu);
int mvgpu_mmio_access_locked(struct mvgpu_vgpu *vgpu, u64 off, void *buf,
			     unsigned int count, bool write);

/* irq.c: virtual interrupts */
int mvgpu_irq_get_info(struct vfio_irq_info *info);
int mvgpu_irq_set_irqs_locked(struct mvgpu_vgpu *vgpu,
			      struct vfio_irq_set *hdr, void *data);
void mvgpu_irq_init(struct mvgpu_vgpu *vgpu);
void mvgpu_irq_reset(struct mvgpu_vgpu *vgpu);
void mvgpu_irq_raise(struct mvgpu_vgpu *vgpu, u32 bits);
void mvgpu_irq_raise_events(struct mvgpu_vgpu *vgpu, u32 events);
u32 mvgpu_irq_read_reg(struct mvgpu_vgpu *vgpu, u32 off);
void mvgpu_irq_write_reg(struct mvgpu_vgpu *vgpu, u32 off, u32 val, u32 mask);
void mvgpu_irq_cfg_changed_locked(struct mvgpu_vgpu *vgpu);
void mvgpu_irq_release_locked(struct mvgpu_vgpu *vgpu);
void mvgpu_irq_reset_stats(struct mvgpu_vgpu *vgpu);
void mvgpu_irq_request(struct vfio_device *vdev, unsigned int count);

#endif /* MVGPU_H */
