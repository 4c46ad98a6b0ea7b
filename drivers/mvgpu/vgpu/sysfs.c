// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu vGPU mediation: the "mvgpu" sysfs group of each vGPU (mdev device):
 * what it owns, its scheduling weight and cap, its counters.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/mdev.h>
#include <linux/sysfs.h>

#include "mvgpu.h"

/*
 * Per-vGPU attributes, in the "mvgpu" directory of the mdev device, each
 * documented in Documentation/ABI/testing/sysfs-bus-mdev-mvgpu (stable
 * names).  The counters reveal a guest's activity: root only, and they
 * count from zero for each VMM that opens the vGPU.
 */
#define VGPU_ATTR_SHOW(_name, _fmt, _expr)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(dev);			\
									\
	return sysfs_emit(buf, _fmt "\n", _expr);			\
}

VGPU_ATTR_SHOW(vgpu_id, "%d", vgpu->id)
VGPU_ATTR_SHOW(slices, "%u", vgpu->type->info->slices)
VGPU_ATTR_SHOW(weight, "%u", READ_ONCE(vgpu->sub.weight))
VGPU_ATTR_SHOW(cap, "%u", READ_ONCE(vgpu->sub.cap))
VGPU_ATTR_SHOW(vram_base, "%#llx", vgpu->vram_base)
VGPU_ATTR_SHOW(vram_size, "%#llx", vgpu->vram_size)
VGPU_ATTR_SHOW(gtt_base, "%u", vgpu->gtt_base)
VGPU_ATTR_SHOW(gtt_count, "%u", vgpu->gtt_count)
VGPU_ATTR_SHOW(mmio_traps, "%llu", READ_ONCE(vgpu->mmio_traps))
VGPU_ATTR_SHOW(irqs_injected, "%llu", READ_ONCE(vgpu->irq.injected))
VGPU_ATTR_SHOW(mmio_reads, "%llu", READ_ONCE(vgpu->mmio_reads))
VGPU_ATTR_SHOW(mmio_writes, "%llu", READ_ONCE(vgpu->mmio_writes))
VGPU_ATTR_SHOW(flrs, "%llu", READ_ONCE(vgpu->flrs))
VGPU_ATTR_SHOW(gtt_writes, "%llu", READ_ONCE(vgpu->gtt.writes))
VGPU_ATTR_SHOW(gtt_invalid, "%llu", READ_ONCE(vgpu->gtt.invalid))
VGPU_ATTR_SHOW(pinned_pages, "%llu", READ_ONCE(vgpu->gtt.pinned_pages))
VGPU_ATTR_SHOW(submissions, "%llu", READ_ONCE(vgpu->sub.submissions))
VGPU_ATTR_SHOW(rejected, "%llu", READ_ONCE(vgpu->sub.rejected))
VGPU_ATTR_SHOW(bytes_scanned, "%llu", READ_ONCE(vgpu->sub.bytes_scanned))
VGPU_ATTR_SHOW(tail_polls, "%llu", READ_ONCE(vgpu->sub.tail_polls))

/* Serializes the read-modify-write of weight and cap by their stores. */
static DEFINE_MUTEX(vgpu_sched_lock);

/*
 * Store a weight (@is_cap false) or a cap: a decimal number in range, or
 * -EINVAL with a message and nothing changed.
 */
static ssize_t vgpu_sched_store(struct device *dev, const char *buf,
				size_t count, bool is_cap)
{
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(dev);
	u32 val, weight, cap;
	int ret;

	ret = kstrtou32(buf, 10, &val);
	if (ret) {
		dev_err_ratelimited(dev, "%s: not a decimal number\n",
				    is_cap ? "cap" : "weight");
		return -EINVAL;
	}
	mutex_lock(&vgpu_sched_lock);
	weight = is_cap ? READ_ONCE(vgpu->sub.weight) : val;
	cap = is_cap ? val : READ_ONCE(vgpu->sub.cap);
	ret = mvgpu_vsub_set_sched(vgpu, weight, cap);
	mutex_unlock(&vgpu_sched_lock);
	if (ret) {
		if (is_cap)
			dev_err_ratelimited(dev, "cap %u: not a percentage (0-100, 0: none)\n",
					    val);
		else
			dev_err_ratelimited(dev, "weight %u: out of range (%u-%u)\n",
					    val, MVGPU_SCHED_WEIGHT_MIN,
					    MVGPU_SCHED_WEIGHT_MAX);
		return ret;
	}
	return count;
}

static ssize_t weight_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	return vgpu_sched_store(dev, buf, count, false);
}

static ssize_t cap_store(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count)
{
	return vgpu_sched_store(dev, buf, count, true);
}

static DEVICE_ATTR_RO(vgpu_id);
static DEVICE_ATTR_RO(slices);
static DEVICE_ATTR_RW(weight);
static DEVICE_ATTR_RW(cap);
static DEVICE_ATTR_RO(vram_base);
static DEVICE_ATTR_RO(vram_size);
static DEVICE_ATTR_RO(gtt_base);
static DEVICE_ATTR_RO(gtt_count);
static DEVICE_ATTR_ADMIN_RO(mmio_traps);
static DEVICE_ATTR_ADMIN_RO(irqs_injected);
static DEVICE_ATTR_ADMIN_RO(mmio_reads);
static DEVICE_ATTR_ADMIN_RO(mmio_writes);
static DEVICE_ATTR_ADMIN_RO(flrs);
static DEVICE_ATTR_ADMIN_RO(gtt_writes);
static DEVICE_ATTR_ADMIN_RO(gtt_invalid);
static DEVICE_ATTR_ADMIN_RO(pinned_pages);
static DEVICE_ATTR_ADMIN_RO(submissions);
static DEVICE_ATTR_ADMIN_RO(rejected);
static DEVICE_ATTR_ADMIN_RO(bytes_scanned);
static DEVICE_ATTR_ADMIN_RO(tail_polls);

/*
 * Per-engine counters of the core, one value per file: <engine>_<counter>,
 * the engine named by the vGPU's own engine number as its guest sees it
 * (copy0-copy7, compute0-compute7); only the vGPU's engines are visible.
 */
struct vgpu_eng_attr {
	struct device_attribute dattr;
	u8 engine;
	u8 offset;	/* of the u64 counter in struct mvgpu_ctx_stats */
};

static ssize_t vgpu_eng_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct vgpu_eng_attr *ea = container_of(attr, struct vgpu_eng_attr,
						dattr);
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(dev);
	struct mvgpu_ctx_stats st;
	u64 val;

	if (mvgpu_vsub_get_stats(vgpu, ea->engine, &st))
		memset(&st, 0, sizeof(st));
	memcpy(&val, (u8 *)&st + ea->offset, sizeof(val));
	return sysfs_emit(buf, "%llu\n", val);
}

#define VGPU_ENG_ATTR(_eng, _id, _stat) {				\
	.dattr = __ATTR(_eng##_##_stat, 0400, vgpu_eng_show, NULL),	\
	.engine = (_id),						\
	.offset = offsetof(struct mvgpu_ctx_stats, _stat),		\
}

#define VGPU_ENG_NR_STATS	6

/* Per engine, in the order of struct mvgpu_ctx_stats. */
static struct vgpu_eng_attr vgpu_eng_attrs[] = {
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), busy_ns),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), submissions),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), preemptions),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), resets),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), hangs),
	VGPU_ENG_ATTR(copy0, MVGPU_ENGINE_COPY(0), rejected),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), busy_ns),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), submissions),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), preemptions),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), resets),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), hangs),
	VGPU_ENG_ATTR(copy1, MVGPU_ENGINE_COPY(1), rejected),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), busy_ns),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), submissions),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), preemptions),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), resets),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), hangs),
	VGPU_ENG_ATTR(copy2, MVGPU_ENGINE_COPY(2), rejected),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), busy_ns),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), submissions),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), preemptions),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), resets),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), hangs),
	VGPU_ENG_ATTR(copy3, MVGPU_ENGINE_COPY(3), rejected),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), busy_ns),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), submissions),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), preemptions),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), resets),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), hangs),
	VGPU_ENG_ATTR(copy4, MVGPU_ENGINE_COPY(4), rejected),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), busy_ns),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), submissions),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), preemptions),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), resets),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), hangs),
	VGPU_ENG_ATTR(copy5, MVGPU_ENGINE_COPY(5), rejected),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), busy_ns),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), submissions),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), preemptions),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), resets),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), hangs),
	VGPU_ENG_ATTR(copy6, MVGPU_ENGINE_COPY(6), rejected),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), busy_ns),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), submissions),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), preemptions),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), resets),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), hangs),
	VGPU_ENG_ATTR(copy7, MVGPU_ENGINE_COPY(7), rejected),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), busy_ns),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), submissions),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), preemptions),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), resets),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), hangs),
	VGPU_ENG_ATTR(compute0, MVGPU_ENGINE_COMPUTE(0), rejected),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), busy_ns),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), submissions),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), preemptions),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), resets),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), hangs),
	VGPU_ENG_ATTR(compute1, MVGPU_ENGINE_COMPUTE(1), rejected),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), busy_ns),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), submissions),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), preemptions),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), resets),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), hangs),
	VGPU_ENG_ATTR(compute2, MVGPU_ENGINE_COMPUTE(2), rejected),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), busy_ns),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), submissions),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), preemptions),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), resets),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), hangs),
	VGPU_ENG_ATTR(compute3, MVGPU_ENGINE_COMPUTE(3), rejected),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), busy_ns),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), submissions),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), preemptions),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), resets),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), hangs),
	VGPU_ENG_ATTR(compute4, MVGPU_ENGINE_COMPUTE(4), rejected),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), busy_ns),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), submissions),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), preemptions),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), resets),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), hangs),
	VGPU_ENG_ATTR(compute5, MVGPU_ENGINE_COMPUTE(5), rejected),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), busy_ns),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), submissions),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), preemptions),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), resets),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), hangs),
	VGPU_ENG_ATTR(compute6, MVGPU_ENGINE_COMPUTE(6), rejected),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), busy_ns),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), submissions),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), preemptions),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), resets),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), hangs),
	VGPU_ENG_ATTR(compute7, MVGPU_ENGINE_COMPUTE(7), rejected),
};

static_assert(ARRAY_SIZE(vgpu_eng_attrs) ==
	      MVGPU_NUM_ENGINE_IDS * VGPU_ENG_NR_STATS);

#define VGPU_EP(_i)	(&vgpu_eng_attrs[_i].dattr.attr)

/* An engine's counters are visible when the vGPU's ENGINES has it. */
static bool vgpu_has_engine(const struct mvgpu_vgpu *vgpu, unsigned int e)
{
	u32 copy = vgpu->engines & MVGPU_ENGINES_COPY_MASK;
	u32 compute = (vgpu->engines & MVGPU_ENGINES_COMPUTE_MASK) >>
		      MVGPU_ENGINES_COMPUTE_SHIFT;

	if (e < MVGPU_ENGINE_COMPUTE(0))
		return e < copy;
	return e - MVGPU_ENGINE_COMPUTE(0) < compute;
}

static umode_t mvgpu_vgpu_attr_visible(struct kobject *kobj,
				       struct attribute *attr, int n)
{
	struct mvgpu_vgpu *vgpu = dev_get_drvdata(kobj_to_dev(kobj));
	struct device_attribute *dattr = container_of(attr,
						      struct device_attribute,
						      attr);
	struct vgpu_eng_attr *ea;

	if (dattr->show != vgpu_eng_show)
		return attr->mode;
	ea = container_of(dattr, struct vgpu_eng_attr, dattr);
	return vgpu_has_engine(vgpu, ea->engine) ? attr->mode : 0;
}

static struct attribute *mvgpu_vgpu_attrs[] = {
	&dev_attr_vgpu_id.attr,
	&dev_attr_slices.attr,
	&dev_attr_weight.attr,
	&dev_attr_cap.attr,
	&dev_attr_vram_base.attr,
	&dev_attr_vram_size.attr,
	&dev_attr_gtt_base.attr,
	&dev_attr_gtt_count.attr,
	&dev_attr_mmio_traps.attr,
	&dev_attr_irqs_injected.attr,
	&dev_attr_mmio_reads.attr,
	&dev_attr_mmio_writes.attr,
	&dev_attr_flrs.attr,
	&dev_attr_gtt_writes.attr,
	&dev_attr_gtt_invalid.attr,
	&dev_attr_pinned_pages.attr,
	&dev_attr_submissions.attr,
	&dev_attr_rejected.attr,
	&dev_attr_bytes_scanned.attr,
	&dev_attr_tail_polls.attr,
	VGPU_EP(0), VGPU_EP(1), VGPU_EP(2), VGPU_EP(3), VGPU_EP(4), VGPU_EP(5),
	VGPU_EP(6), VGPU_EP(7), VGPU_EP(8), VGPU_EP(9), VGPU_EP(10), VGPU_EP(11),
	VGPU_EP(12), VGPU_EP(13), VGPU_EP(14), VGPU_EP(15), VGPU_EP(16), VGPU_EP(17),
	VGPU_EP(18), VGPU_EP(19), VGPU_EP(20), VGPU_EP(21), VGPU_EP(22), VGPU_EP(23),
	VGPU_EP(24), VGPU_EP(25), VGPU_EP(26), VGPU_EP(27), VGPU_EP(28), VGPU_EP(29),
	VGPU_EP(30), VGPU_EP(31), VGPU_EP(32), VGPU_EP(33), VGPU_EP(34), VGPU_EP(35),
	VGPU_EP(36), VGPU_EP(37), VGPU_EP(38), VGPU_EP(39), VGPU_EP(40), VGPU_EP(41),
	VGPU_EP(42), VGPU_EP(43), VGPU_EP(44), VGPU_EP(45), VGPU_EP(46), VGPU_EP(47),
	VGPU_EP(48), VGPU_EP(49), VGPU_EP(50), VGPU_EP(51), VGPU_EP(52), VGPU_EP(53),
	VGPU_EP(54), VGPU_EP(55), VGPU_EP(56), VGPU_EP(57), VGPU_EP(58), VGPU_EP(59),
	VGPU_EP(60), VGPU_EP(61), VGPU_EP(62), VGPU_EP(63), VGPU_EP(64), VGPU_EP(65),
	VGPU_EP(66), VGPU_EP(67), VGPU_EP(68), VGPU_EP(69), VGPU_EP(70), VGPU_EP(71),
	VGPU_EP(72), VGPU_EP(73), VGPU_EP(74), VGPU_EP(75), VGPU_EP(76), VGPU_EP(77),
	VGPU_EP(78), VGPU_EP(79), VGPU_EP(80), VGPU_EP(81), VGPU_EP(82), VGPU_EP(83),
	VGPU_EP(84), VGPU_EP(85), VGPU_EP(86), VGPU_EP(87), VGPU_EP(88), VGPU_EP(89),
	VGPU_EP(90), VGPU_EP(91), VGPU_EP(92), VGPU_EP(93), VGPU_EP(94), VGPU_EP(95),
	NULL,
};

static const struct attribute_group mvgpu_vgpu_group = {
	.name = "mvgpu",
	.attrs = mvgpu_vgpu_attrs,
	.is_visible = mvgpu_vgpu_attr_visible,
};

const struct attribute_group *mvgpu_vgpu_groups[] = {
	&mvgpu_vgpu_group,
	NULL,
};
