// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: the scheduler's sysfs group and debugfs files of each GPU.
 *
 * sysfs, on the GPU's device (Documentation/scheduler.rst):
 *   sched/slice_us            the time slice of its engines (root-writable)
 *   sched/switch_ns           measured cost of a context switch: the mean
 *                             switch-out plus the mean switch-in
 *   sched/engine<N>_busy_ns   engine N's BUSY_NS
 *   sched/engine<N>_busy_pct  engine N's utilization, percent, over the
 *                             time since the previous reading at least a
 *                             second before (the first reading: since the
 *                             engine was set up)
 * debugfs (root only): mvgpu_sched/<GPU>/state, the run queues, the
 * context on each engine, virtual times, weights, caps and budgets.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>

#include "core.h"

#define MVGPU_UTIL_WINDOW_NS	NSEC_PER_SEC

static struct mvgpu_gpu *mvgpu_dev_gpu(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static ssize_t slice_us_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct mvgpu_gpu *gpu = mvgpu_dev_gpu(dev);
	unsigned int e;
	u64 ns = mvgpu_sched_default_slice_ns();

	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		mutex_lock(&gpu->eng[e]->lock);
		ns = gpu->eng[e]->rq.slice_ns;
		mutex_unlock(&gpu->eng[e]->lock);
		break;
	}
	return sysfs_emit(buf, "%llu\n", div_u64(ns, NSEC_PER_USEC));
}

static ssize_t slice_us_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct mvgpu_gpu *gpu = mvgpu_dev_gpu(dev);
	unsigned int us;
	int ret;

	ret = kstrtouint(buf, 0, &us);
	if (ret)
		return ret;
	ret = mvgpu_gpu_set_slice_ns(gpu, (u64)us * NSEC_PER_USEC);
	if (ret) {
		dev_info_ratelimited(dev,
				     "sched/slice_us: %u out of range %llu-%llu\n",
				     us, MVGPU_SCHED_SLICE_MIN_NS / NSEC_PER_USEC,
				     MVGPU_SCHED_SLICE_MAX_NS / NSEC_PER_USEC);
		return ret;
	}
	return count;
}
static DEVICE_ATTR_RW(slice_us);

static ssize_t switch_ns_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct mvgpu_gpu *gpu = mvgpu_dev_gpu(dev);
	u64 out_ns = 0, outs = 0, in_ns = 0, ins = 0;
	struct mvgpu_engine *eng;
	unsigned int e;

	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		eng = gpu->eng[e];
		mutex_lock(&eng->lock);
		out_ns += eng->sched.out_ns;
		outs += eng->sched.outs;
		in_ns += eng->sched.in_ns;
		ins += eng->sched.ins;
		mutex_unlock(&eng->lock);
	}
	return sysfs_emit(buf, "%llu\n",
			  (outs ? div64_u64(out_ns, outs) : 0) +
			  (ins ? div64_u64(in_ns, ins) : 0));
}
static DEVICE_ATTR_RO(switch_ns);

/**
 * struct mvgpu_eng_attr - a per-engine attribute
 * @attr: the attribute
 * @engine: the engine's number
 */
struct mvgpu_eng_attr {
	struct device_attribute attr;
	unsigned int engine;
};

static struct mvgpu_engine *mvgpu_attr_engine(struct device *dev,
					      struct device_attribute *attr)
{
	struct mvgpu_eng_attr *ea = container_of(attr, struct mvgpu_eng_attr,
						 attr);

	return mvgpu_dev_gpu(dev)->eng[ea->engine];
}

static ssize_t engine_busy_ns_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct mvgpu_engine *eng = mvgpu_attr_engine(dev, attr);
	u64 busy;

	mutex_lock(&eng->lock);
	busy = mvgpu_engine_busy_ns_locked(eng);
	mutex_unlock(&eng->lock);
	return sysfs_emit(buf, "%llu\n", busy);
}

static ssize_t engine_busy_pct_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct mvgpu_engine *eng = mvgpu_attr_engine(dev, attr);
	struct mvgpu_engine_sched *es = &eng->sched;
	u64 busy, now = ktime_get_ns();
	u32 permille;

	mutex_lock(&eng->lock);
	busy = mvgpu_engine_busy_ns_locked(eng);
	if (now - es->util_start >= MVGPU_UTIL_WINDOW_NS) {
		es->util_permille = min_t(u64, 1000,
					  div64_u64((busy - es->util_busy) * 1000,
						    now - es->util_start));
		es->util_start = now;
		es->util_busy = busy;
	}
	permille = es->util_permille;
	mutex_unlock(&eng->lock);
	return sysfs_emit(buf, "%u.%u\n", permille / 10, permille % 10);
}

#define MVGPU_ENG_ATTRS(n)						\
static struct mvgpu_eng_attr mvgpu_eng##n##_busy_ns = {			\
	.attr = __ATTR(engine##n##_busy_ns, 0444, engine_busy_ns_show, NULL), \
	.engine = n,							\
};									\
static struct mvgpu_eng_attr mvgpu_eng##n##_busy_pct = {		\
	.attr = __ATTR(engine##n##_busy_pct, 0444, engine_busy_pct_show, NULL), \
	.engine = n,							\
}

MVGPU_ENG_ATTRS(0);
MVGPU_ENG_ATTRS(1);
MVGPU_ENG_ATTRS(2);
MVGPU_ENG_ATTRS(3);
MVGPU_ENG_ATTRS(4);
MVGPU_ENG_ATTRS(5);
MVGPU_ENG_ATTRS(6);
MVGPU_ENG_ATTRS(7);
MVGPU_ENG_ATTRS(8);
MVGPU_ENG_ATTRS(9);
MVGPU_ENG_ATTRS(10);
MVGPU_ENG_ATTRS(11);
MVGPU_ENG_ATTRS(12);
MVGPU_ENG_ATTRS(13);
MVGPU_ENG_ATTRS(14);
MVGPU_ENG_ATTRS(15);
static_assert(MVGPU_NUM_ENGINE_IDS == 16);

#define MVGPU_ENG_ATTR_PTRS(n)	\
	&mvgpu_eng##n##_busy_ns.attr.attr, &mvgpu_eng##n##_busy_pct.attr.attr

static struct attribute *mvgpu_sched_attrs[] = {
	&dev_attr_slice_us.attr,
	&dev_attr_switch_ns.attr,
	MVGPU_ENG_ATTR_PTRS(0), MVGPU_ENG_ATTR_PTRS(1),
	MVGPU_ENG_ATTR_PTRS(2), MVGPU_ENG_ATTR_PTRS(3),
	MVGPU_ENG_ATTR_PTRS(4), MVGPU_ENG_ATTR_PTRS(5),
	MVGPU_ENG_ATTR_PTRS(6), MVGPU_ENG_ATTR_PTRS(7),
	MVGPU_ENG_ATTR_PTRS(8), MVGPU_ENG_ATTR_PTRS(9),
	MVGPU_ENG_ATTR_PTRS(10), MVGPU_ENG_ATTR_PTRS(11),
	MVGPU_ENG_ATTR_PTRS(12), MVGPU_ENG_ATTR_PTRS(13),
	MVGPU_ENG_ATTR_PTRS(14), MVGPU_ENG_ATTR_PTRS(15),
	NULL
};

/* Only the engines the GPU has. */
static umode_t mvgpu_sched_attr_visible(struct kobject *kobj,
					struct attribute *a, int n)
{
	struct mvgpu_gpu *gpu = mvgpu_dev_gpu(kobj_to_dev(kobj));
	unsigned int engine;

	if (n < 2)
		return a->mode;
	engine = (n - 2) / 2;
	return gpu->eng[engine] ? a->mode : 0;
}

static const struct attribute_group mvgpu_sched_group = {
	.name = "sched",
	.attrs = mvgpu_sched_attrs,
	.is_visible = mvgpu_sched_attr_visible,
};

/* debugfs: mvgpu_sched/<GPU>/state */
static DEFINE_MUTEX(mvgpu_debugfs_lock);	/* protects the two below */
static struct dentry *mvgpu_debugfs_root;
static unsigned int mvgpu_debugfs_users;

static const char *mvgpu_ctx_state(struct mvgpu_engine *eng,
				   struct mvgpu_ctx *ctx)
{
	if (eng->current_ctx == ctx)
		return "running";
	if (ctx->ent.queued)
		return ctx->ent.throttled ? "throttled" : "queued";
	return "idle";
}

static void mvgpu_sched_show_engine(struct seq_file *m,
				    struct mvgpu_engine *eng)
{
	struct mvgpu_engine_sched *es = &eng->sched;
	struct mvgpu_sched_entity *ent;
	struct mvgpu_ctx *ctx;

	seq_printf(m, "engine %u: slice_us %llu current %u queued %u contexts %u reserved %d\n",
		   eng->id, div_u64(eng->rq.slice_ns, NSEC_PER_USEC),
		   eng->current_ctx ? eng->current_ctx->id : 0, eng->rq.nr,
		   eng->nr_ctxs, !!eng->owner);
	seq_printf(m, "  min_vruntime %llu switches %llu preemptions %llu resets %llu throttles %llu\n",
		   eng->rq.min_vruntime, eng->switches, eng->preemptions,
		   eng->resets, es->throttles);
	seq_printf(m, "  switch_out_ns %llu switch_in_ns %llu (means of %llu, %llu) max_switch_ns %llu\n",
		   es->outs ? div64_u64(es->out_ns, es->outs) : 0,
		   es->ins ? div64_u64(es->in_ns, es->ins) : 0, es->outs,
		   es->ins, es->max_switch_ns);
	seq_puts(m, "  run queue:");
	for (ent = eng->rq.head; ent; ent = ent->next)
		seq_printf(m, " %u", container_of(ent, struct mvgpu_ctx, ent)->id);
	seq_puts(m, "\n");
	list_for_each_entry(ctx, &eng->ctxs, link)
		seq_printf(m, "  ctx %u %s weight %u cap %u vruntime %llu runtime_ns %llu busy_ns %llu budget_ns %lld submissions %llu preemptions %llu resets %llu rejected %llu\n",
			   ctx->id, mvgpu_ctx_state(eng, ctx), ctx->ent.weight,
			   ctx->ent.cap, ctx->ent.vruntime,
			   ctx->ent.runtime_ns, ctx->busy_ns,
			   ctx->ent.cap ? div_s64(ctx->ent.budget, 100) : 0,
			   ctx->stats.submissions, ctx->stats.preemptions,
			   ctx->stats.resets, ctx->stats.rejected);
}

static int mvgpu_sched_state_show(struct seq_file *m, void *unused)
{
	struct mvgpu_gpu *gpu = m->private;
	struct mvgpu_engine *eng;
	unsigned int e;

	for_each_set_bit(e, &gpu->engine_mask, MVGPU_NUM_ENGINE_IDS) {
		eng = gpu->eng[e];
		mutex_lock(&eng->lock);
		if (eng->current_ctx && !eng->dead)
			mvgpu_engine_charge_busy_locked(eng);
		mvgpu_sched_show_engine(m, eng);
		mutex_unlock(&eng->lock);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mvgpu_sched_state);

static void mvgpu_sched_debugfs_init(struct mvgpu_gpu *gpu)
{
	struct dentry *dir;

	mutex_lock(&mvgpu_debugfs_lock);
	if (!mvgpu_debugfs_users++)
		mvgpu_debugfs_root = debugfs_create_dir("mvgpu_sched", NULL);
	dir = debugfs_create_dir(dev_name(&gpu->gdev->dev), mvgpu_debugfs_root);
	mutex_unlock(&mvgpu_debugfs_lock);
	debugfs_create_file("state", 0400, dir, gpu, &mvgpu_sched_state_fops);
}

static void mvgpu_sched_debugfs_fini(struct mvgpu_gpu *gpu)
{
	mutex_lock(&mvgpu_debugfs_lock);
	debugfs_lookup_and_remove(dev_name(&gpu->gdev->dev),
				  mvgpu_debugfs_root);
	if (!--mvgpu_debugfs_users) {
		debugfs_remove(mvgpu_debugfs_root);
		mvgpu_debugfs_root = NULL;
	}
	mutex_unlock(&mvgpu_debugfs_lock);
}

/**
 * mvgpu_sched_sysfs_init() - add a GPU's sched/ group and debugfs files
 * @gpu: the GPU, its engines set up; becomes its device's drvdata
 *
 * Return: 0 or a negative errno.
 */
int mvgpu_sched_sysfs_init(struct mvgpu_gpu *gpu)
{
	struct device *dev = &gpu->gdev->dev;
	int ret;

	/* The attributes find the GPU there; probe sets it again later. */
	dev_set_drvdata(dev, gpu);
	ret = sysfs_create_group(&dev->kobj, &mvgpu_sched_group);
	if (ret)
		return ret;
	mvgpu_sched_debugfs_init(gpu);
	return 0;
}

/**
 * mvgpu_sched_sysfs_fini() - remove what mvgpu_sched_sysfs_init() added
 * @gpu: the GPU
 *
 * When it returns no reader of the files uses the engines.
 */
void mvgpu_sched_sysfs_fini(struct mvgpu_gpu *gpu)
{
	mvgpu_sched_debugfs_fini(gpu);
	sysfs_remove_group(&gpu->gdev->dev.kobj, &mvgpu_sched_group);
}
