// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpuctl gpus: the GPUs, each an mdev parent under /sys/class/mdev_bus.
 *
 * What a GPU is made of is read from sysfs: its device memory and GTT
 * entries from its types' descriptions (a 1/D type gets 1/D of each), its
 * engines from its own mvgpu/ group when it has one, else from the
 * emulator's module parameters; the share its vGPUs use from their
 * mvgpu/slices.  Every readable file of the GPU's mvgpu/ group (utilization,
 * when the driver offers it) is shown as it is.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "mvgpuctl.h"

#define SIM_PARAMS	"module/mvgpu_sim/parameters"

struct gpu_info {
	char name[NAME_MAX + 1];
	char driver[NAME_MAX + 1];
	char render[NAME_MAX + 1];
	char engines[128];
	unsigned long long memory, gtt;	/* bytes, entries; 0 if unknown */
	unsigned int slices;		/* the finest share: 1/slices */
	unsigned long long used;	/* slices used by vGPUs */
	struct name_list vgpus;
	struct attr_set attrs;		/* the GPU's mvgpu/ group */
	struct attr_set sched;		/* its sched/ group: slice, utilization */
};

/* Device memory, GTT entries and slices from the types' descriptions. */
static void read_sizes(struct gpu_info *g)
{
	unsigned long long n;
	struct name_list types;
	struct type_desc d;
	int i;

	if (list_types(g->name, &types))
		return;
	for (i = 0; i < types.count; i++) {
		if (read_type_desc(g->name, types.names[i], &d) || !d.denominator)
			continue;
		if (!g->memory && parse_size(type_param(&d, "framebuffer"), &n))
			g->memory = n * d.denominator;
		if (!g->gtt && parse_size(type_param(&d, "gtt_entries"), &n))
			g->gtt = n * d.denominator;
		if (d.denominator > g->slices)
			g->slices = d.denominator;
	}
	name_list_free(&types);
}

static void read_engines(struct gpu_info *g)
{
	unsigned long long copy, compute;
	const struct attr *a = attr_find(&g->attrs, "engines");
	char path[PATH_MAX];

	if (a && !a->err) {
		snprintf(g->engines, sizeof(g->engines), "%s", a->value);
		return;
	}
	if (!sysfs_path(path, sizeof(path), SIM_PARAMS "/copy_engines") &&
	    !sysfs_read_u64(path, &copy) &&
	    !sysfs_path(path, sizeof(path), SIM_PARAMS "/compute_engines") &&
	    !sysfs_read_u64(path, &compute))
		snprintf(g->engines, sizeof(g->engines), "%llu copy, %llu compute",
			 copy, compute);
}

static void read_vgpus(struct gpu_info *g, const struct name_list *all)
{
	const struct attr *a;
	struct type_desc d;
	struct vgpu v;
	int i;

	for (i = 0; i < all->count; i++) {
		if (!read_vgpu(all->names[i], &v, true) && !strcmp(v.gpu, g->name)) {
			char **names = realloc(g->vgpus.names,
					       (g->vgpus.count + 1) * sizeof(char *));

			if (names) {
				g->vgpus.names = names;
				names[g->vgpus.count] = strdup(v.uuid);
				g->vgpus.count += !!names[g->vgpus.count];
			}
			a = attr_find(&v.attrs, "slices");
			if (a && a->numeric)
				g->used += a->num;
			else if (!read_type_desc(g->name, v.type, &d) && d.denominator)
				g->used += g->slices / d.denominator;
		}
		vgpu_free(&v);
	}
}

static void read_gpu(const char *name, const struct name_list *vgpus,
		     struct gpu_info *g)
{
	char path[PATH_MAX], dev[PATH_MAX];
	struct name_list drm;
	int i;

	memset(g, 0, sizeof(*g));
	snprintf(g->name, sizeof(g->name), "%s", name);
	/* The GPU's own files: on a PCI parent, in its mvgpuN child. */
	gpu_device(name, dev, sizeof(dev));
	if (!sysfs_path(path, sizeof(path), MDEV_BUS_CLASS "/%s/driver", dev))
		read_link_name(path, g->driver, sizeof(g->driver));
	if (!sysfs_path(path, sizeof(path), MDEV_BUS_CLASS "/%s/" MVGPU_GROUP, dev))
		read_attrs(path, &g->attrs);
	if (!sysfs_path(path, sizeof(path), MDEV_BUS_CLASS "/%s/" SCHED_GROUP, dev))
		read_attrs(path, &g->sched);
	if (!sysfs_path(path, sizeof(path), MDEV_BUS_CLASS "/%s/drm", dev) &&
	    !read_dir_names(path, &drm)) {
		for (i = 0; i < drm.count; i++)
			if (!strncmp(drm.names[i], "renderD", 7))
				snprintf(g->render, sizeof(g->render), "%s",
					 drm.names[i]);
		name_list_free(&drm);
	}
	read_sizes(g);
	read_engines(g);
	read_vgpus(g, vgpus);
}

static struct json_object *gpu_json(const struct gpu_info *g)
{
	struct json_object *o = json_object_new_object();
	struct json_object *uuids = json_object_new_array();
	struct json_object *attrs = json_object_new_object();
	struct json_object *errors = json_object_new_object();
	struct json_object *sched = json_object_new_object();
	int i;

	json_object_object_add(o, "gpu", json_object_new_string(g->name));
	if (*g->driver)
		json_object_object_add(o, "driver", json_object_new_string(g->driver));
	if (*g->engines)
		json_object_object_add(o, "engines", json_object_new_string(g->engines));
	if (g->memory)
		json_object_object_add(o, "memory_bytes",
				       json_object_new_uint64(g->memory));
	if (g->gtt)
		json_object_object_add(o, "gtt_entries", json_object_new_uint64(g->gtt));
	json_object_object_add(o, "slices", json_object_new_int(g->slices));
	json_object_object_add(o, "slices_used", json_object_new_uint64(g->used));
	for (i = 0; i < g->vgpus.count; i++)
		json_object_array_add(uuids, json_object_new_string(g->vgpus.names[i]));
	json_object_object_add(o, "vgpus", uuids);
	if (*g->render)
		json_object_object_add(o, "render_node", json_object_new_string(g->render));
	for (i = 0; i < g->attrs.count; i++)
		attr_add_json(attrs, errors, &g->attrs.attrs[i]);
	json_object_object_add(o, "attributes", attrs);
	for (i = 0; i < g->sched.count; i++)
		attr_add_json(sched, errors, &g->sched.attrs[i]);
	json_object_object_add(o, "sched", sched);
	json_object_object_add(o, "errors", errors);
	return o;
}

static void gpu_text(const struct gpu_info *g)
{
	char mem[32] = "-", gtt[32] = "-", used[32];
	const struct attr *a;
	int i;

	if (g->memory)
		snprintf(mem, sizeof(mem), "%llu MiB", g->memory >> 20);
	if (g->gtt)
		snprintf(gtt, sizeof(gtt), "%llu", g->gtt);
	snprintf(used, sizeof(used), "%llu/%u", g->used, g->slices);
	printf("%-8s %-8s %-20s %-10s %-8s %-6s %-6d %s\n", g->name,
	       *g->driver ? g->driver : "-", *g->engines ? g->engines : "-",
	       mem, gtt, used, g->vgpus.count, *g->render ? g->render : "-");
	for (i = 0; i < g->attrs.count; i++) {
		a = &g->attrs.attrs[i];
		printf("  %s/%-20s %s\n", MVGPU_GROUP, a->name,
		       a->err ? error_text(a->err) : a->value);
	}
	for (i = 0; i < g->sched.count; i++) {
		a = &g->sched.attrs[i];
		printf("  %s/%-20s %s\n", SCHED_GROUP, a->name,
		       a->err ? error_text(a->err) : a->value);
	}
}

int cmd_gpus(int argc, char **argv)
{
	static const struct option options[] = {
		{ "gpu",	required_argument,	NULL, 'g' },
		{ }
	};
	struct json_object *array = NULL;
	struct name_list gpus, vgpus;
	char gpu[NAME_MAX + 1] = "";
	struct gpu_info g;
	int opt, i, ret;

	while (!(ret = next_option("gpus", argc, argv, "g:", options, &opt))) {
		ret = resolve_gpu(optarg, gpu, sizeof(gpu));
		if (ret == -ENOENT)
			return usage_error("gpus", "no mvgpu GPU named '%s'", optarg);
		if (ret)
			return fail("gpus", "cannot list GPUs: %s", strerror(-ret));
	}
	if (ret > 0)
		return ret;
	if (optind < argc)
		return usage_error("gpus", "unexpected argument '%s'", argv[optind]);
	ret = list_gpus(&gpus);
	if (ret)
		return fail("gpus", "cannot list GPUs: %s", strerror(-ret));
	if (!gpus.count)
		return fail("gpus", "no mvgpu GPU under %s/%s (is the mvgpu module loaded?)",
			    sysfs_root(), MDEV_BUS_CLASS);
	ret = list_vgpus(&vgpus);
	if (ret) {
		name_list_free(&gpus);
		return fail("gpus", "cannot list vGPUs: %s", strerror(-ret));
	}
	if (json_output)
		array = json_object_new_array();
	else
		printf("%-8s %-8s %-20s %-10s %-8s %-6s %-6s %s\n", "GPU", "DRIVER",
		       "ENGINES", "MEMORY", "GTT", "USED", "VGPUS", "RENDER");
	for (i = 0; i < gpus.count; i++) {
		if (*gpu && strcmp(gpu, gpus.names[i]))
			continue;
		read_gpu(gpus.names[i], &vgpus, &g);
		if (array)
			json_object_array_add(array, gpu_json(&g));
		else
			gpu_text(&g);
		name_list_free(&g.vgpus);
		attr_set_free(&g.attrs);
		attr_set_free(&g.sched);
	}
	name_list_free(&gpus);
	name_list_free(&vgpus);
	if (array)
		print_json(array);
	return MVGPUCTL_EXIT_OK;
}
