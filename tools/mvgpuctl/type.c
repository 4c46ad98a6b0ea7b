// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpuctl types: the vGPU types each GPU offers.
 *
 * Each type is a directory under
 * /sys/class/mdev_bus/GPU/mdev_supported_types/ with the attributes name,
 * description, device_api and available_instances.  A type whose
 * description has copy_engines= or compute_engines= owns those engines
 * alone (a partition); the others time-slice the GPU's engines.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "mvgpuctl.h"

struct type_info {
	char name[64];
	char description[256];
	char device_api[64];
	unsigned long long available;
	unsigned int copy_engines;	/* owned alone; 0 and 0: shared */
	unsigned int compute_engines;
};

/* The engines a type owns, from its description's parameters. */
static void type_engines(struct type_info *t)
{
	struct type_desc d;
	const char *v;

	parse_type_desc(t->description, &d);
	v = type_param(&d, "copy_engines");
	t->copy_engines = v ? strtoul(v, NULL, 10) : 0;
	v = type_param(&d, "compute_engines");
	t->compute_engines = v ? strtoul(v, NULL, 10) : 0;
}

/* "shared", or "own 1 copy+1 compute" for a partition. */
static void engines_str(const struct type_info *t, char *buf, size_t len)
{
	if (!t->copy_engines && !t->compute_engines)
		snprintf(buf, len, "shared");
	else
		snprintf(buf, len, "own %u copy+%u compute", t->copy_engines,
			 t->compute_engines);
}

static int read_type(const char *gpu, const char *type, struct type_info *t)
{
	static const char *const fmt = MDEV_BUS_CLASS "/%s/mdev_supported_types/%s/%s";
	char path[PATH_MAX];
	int ret;

	ret = sysfs_path(path, sizeof(path), fmt, gpu, type, "name");
	if (!ret)
		ret = sysfs_read_str(path, t->name, sizeof(t->name));
	if (!ret)
		ret = sysfs_path(path, sizeof(path), fmt, gpu, type, "description");
	if (!ret)
		ret = sysfs_read_str(path, t->description, sizeof(t->description));
	if (!ret)
		ret = sysfs_path(path, sizeof(path), fmt, gpu, type, "device_api");
	if (!ret)
		ret = sysfs_read_str(path, t->device_api, sizeof(t->device_api));
	if (!ret)
		ret = sysfs_path(path, sizeof(path), fmt, gpu, type,
				 "available_instances");
	if (!ret)
		ret = sysfs_read_u64(path, &t->available);
	if (!ret)
		type_engines(t);
	return ret;
}

static int show_gpu_types(const char *gpu, struct json_object *array)
{
	struct name_list types;
	struct type_info t;
	char engines[64];
	int i, ret;

	ret = list_types(gpu, &types);
	if (ret)
		return fail("types", "cannot list the types of %s: %s", gpu,
			    strerror(-ret));
	for (i = 0; i < types.count; i++) {
		const char *type = types.names[i];

		ret = read_type(gpu, type, &t);
		if (ret) {
			name_list_free(&types);
			return fail("types", "cannot read type %s of %s: %s",
				    type, gpu, strerror(-ret));
		}
		if (array) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "gpu", json_object_new_string(gpu));
			json_object_object_add(o, "type", json_object_new_string(type));
			json_object_object_add(o, "name", json_object_new_string(t.name));
			json_object_object_add(o, "description",
					       json_object_new_string(t.description));
			json_object_object_add(o, "device_api",
					       json_object_new_string(t.device_api));
			json_object_object_add(o, "available_instances",
					       json_object_new_uint64(t.available));
			json_object_object_add(o, "partition",
					       json_object_new_boolean(t.copy_engines ||
								       t.compute_engines));
			json_object_object_add(o, "copy_engines",
					       json_object_new_int(t.copy_engines));
			json_object_object_add(o, "compute_engines",
					       json_object_new_int(t.compute_engines));
			json_object_array_add(array, o);
		} else {
			engines_str(&t, engines, sizeof(engines));
			printf("%-8s %-16s %-16s %-5llu %-22s %s\n", gpu, type,
			       t.name, t.available, engines, t.description);
		}
	}
	name_list_free(&types);
	return MVGPUCTL_EXIT_OK;
}

int cmd_types(int argc, char **argv)
{
	static const struct option options[] = {
		{ "gpu",	required_argument,	NULL, 'g' },
		{ }
	};
	struct json_object *array = NULL;
	const char *gpu_arg = NULL;
	char gpu[NAME_MAX + 1];
	char *one_gpu[1] = { gpu };
	struct name_list gpus;
	int opt, i, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "g:", options, NULL)) != -1) {
		if (opt != 'g')
			return usage_error("types", "unknown option '%s'",
					   argv[optind - 1]);
		gpu_arg = optarg;
	}
	if (optind < argc)
		return usage_error("types", "unexpected argument '%s'", argv[optind]);

	if (gpu_arg) {
		ret = resolve_gpu(gpu_arg, gpu, sizeof(gpu));
		if (ret == -ENOENT)
			return usage_error("types", "no mvgpu GPU named '%s'", gpu_arg);
		if (ret)
			return fail("types", "cannot list GPUs: %s", strerror(-ret));
		gpus.names = one_gpu;
		gpus.count = 1;
	} else {
		ret = list_gpus(&gpus);
		if (ret)
			return fail("types", "cannot list GPUs: %s", strerror(-ret));
		if (!gpus.count)
			return fail("types",
				    "no mvgpu GPU under %s/%s (is the mvgpu module loaded?)",
				    sysfs_root(), MDEV_BUS_CLASS);
	}

	if (json_output)
		array = json_object_new_array();
	else
		printf("%-8s %-16s %-16s %-5s %-22s %s\n", "GPU", "TYPE", "NAME",
		       "AVAIL", "ENGINES", "DESCRIPTION");
	ret = MVGPUCTL_EXIT_OK;
	for (i = 0; i < gpus.count && !ret; i++)
		ret = show_gpu_types(gpus.names[i], array);
	if (!gpu_arg)
		name_list_free(&gpus);
	if (array) {
		if (!ret)
			print_json(array);
		else
			json_object_put(array);
	}
	return ret;
}

/*
 * A type's description reads "1/D GPU: key=value, key=value, ...": the
 * fraction of the GPU, then parameters whose keys are not fixed here (today
 * framebuffer, gtt_entries, weight and max_instance).
 */
void parse_type_desc(const char *desc, struct type_desc *d)
{
	const char *p = strchr(desc, ':');
	char *end;

	memset(d, 0, sizeof(*d));
	if (!strncmp(desc, "1/", 2))
		d->denominator = strtoul(desc + 2, &end, 10);
	while (p && d->nr_params < (int)ARRAY_SIZE(d->params)) {
		const char *key = p + 1, *eq, *next;

		while (*key == ' ')
			key++;
		eq = strchr(key, '=');
		next = strchr(key, ',');
		if (!eq || (next && next < eq))
			break;
		if (!next)
			next = key + strlen(key);
		snprintf(d->params[d->nr_params].key,
			 sizeof(d->params[0].key), "%.*s", (int)(eq - key), key);
		snprintf(d->params[d->nr_params].value,
			 sizeof(d->params[0].value), "%.*s",
			 (int)(next - eq - 1), eq + 1);
		d->nr_params++;
		p = *next ? next : NULL;
	}
}

int read_type_desc(const char *gpu, const char *type, struct type_desc *d)
{
	char path[PATH_MAX], desc[256];
	int ret;

	ret = sysfs_path(path, sizeof(path), MDEV_BUS_CLASS
			 "/%s/mdev_supported_types/%s/description", gpu, type);
	if (!ret)
		ret = sysfs_read_str(path, desc, sizeof(desc));
	if (ret)
		return ret;
	parse_type_desc(desc, d);
	return 0;
}

const char *type_param(const struct type_desc *d, const char *key)
{
	int i;

	for (i = 0; i < d->nr_params; i++)
		if (!strcmp(d->params[i].key, key))
			return d->params[i].value;
	return NULL;
}

/* "2048M": a number with an optional K, M or G suffix (powers of 1024). */
bool parse_size(const char *s, unsigned long long *bytes)
{
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return false;
	*bytes = strtoull(s, &end, 10);
	if (*end && strchr("KMG", *end))
		*bytes <<= 10 * (strchr("KMG", *end) - "KMG" + 1);
	else if (*end)
		return false;
	return !*end || !end[1];
}
