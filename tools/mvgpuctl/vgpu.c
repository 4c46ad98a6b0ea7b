// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpuctl list, create, destroy: the vGPUs themselves.
 *
 * A vGPU is an mdev device, /sys/bus/mdev/devices/UUID, a link to the
 * device under its parent GPU.  It is created by writing its UUID to the
 * create attribute of a type and destroyed by writing 1 to its remove
 * attribute.  The mvgpu/ group under it describes what it owns.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <uuid/uuid.h>

#include "mvgpuctl.h"

#define UUID_STR_LEN	37

/* The per-vGPU attributes of the mvgpu/ group, in display order. */
static const char *const vgpu_attrs[] = {
	"vgpu_id", "slices", "vram_base", "vram_size", "gtt_base", "gtt_count",
	"weight",
};

#define NR_VGPU_ATTRS	ARRAY_SIZE(vgpu_attrs)

struct vgpu_info {
	char gpu[NAME_MAX + 1];
	char type[NAME_MAX + 1];
	bool has_attr[NR_VGPU_ATTRS];
	unsigned long long attr[NR_VGPU_ATTRS];
};

static int read_vgpu(const char *uuid, struct vgpu_info *v)
{
	char path[PATH_MAX], real[PATH_MAX], target[PATH_MAX];
	size_t i;
	ssize_t n;
	int ret;

	memset(v, 0, sizeof(*v));
	ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s", uuid);
	if (ret)
		return ret;
	if (!realpath(path, real))
		return -errno;
	snprintf(v->gpu, sizeof(v->gpu), "%s", basename(dirname(real)));

	ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/mdev_type", uuid);
	if (ret)
		return ret;
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	snprintf(v->type, sizeof(v->type), "%s", basename(target));

	for (i = 0; i < NR_VGPU_ATTRS; i++) {
		ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/mvgpu/%s",
				 uuid, vgpu_attrs[i]);
		if (ret)
			return ret;
		v->has_attr[i] = !sysfs_read_u64(path, &v->attr[i]);
	}
	return 0;
}

static void print_vgpu(const char *uuid, const struct vgpu_info *v,
		       struct json_object *array)
{
	size_t i;

	if (array) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "uuid", json_object_new_string(uuid));
		json_object_object_add(o, "gpu", json_object_new_string(v->gpu));
		json_object_object_add(o, "type", json_object_new_string(v->type));
		for (i = 0; i < NR_VGPU_ATTRS; i++)
			if (v->has_attr[i])
				json_object_object_add(o, vgpu_attrs[i],
						       json_object_new_uint64(v->attr[i]));
		json_object_array_add(array, o);
		return;
	}
	printf("%-36s  %-8s %-9s", uuid, v->gpu, v->type);
	for (i = 0; i < NR_VGPU_ATTRS; i++) {
		if (!v->has_attr[i])
			printf(" %10s", "-");
		else if (!strncmp(vgpu_attrs[i], "vram_", 5))
			printf(" %#10llx", v->attr[i]);
		else
			printf(" %10llu", v->attr[i]);
	}
	printf("\n");
}

static void print_upper(const char *s)
{
	char buf[32];
	size_t i;

	for (i = 0; s[i] && i < sizeof(buf) - 1; i++)
		buf[i] = toupper((unsigned char)s[i]);
	buf[i] = '\0';
	printf(" %10s", buf);
}

int cmd_list(int argc, char **argv)
{
	static const struct option options[] = {
		{ "gpu",	required_argument,	NULL, 'g' },
		{ }
	};
	struct json_object *array = NULL;
	char gpu[NAME_MAX + 1] = "";
	struct name_list vgpus;
	struct vgpu_info v;
	int opt, i, ret;
	size_t a;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "g:", options, NULL)) != -1) {
		if (opt != 'g')
			return usage_error("list", "unknown option '%s'",
					   argv[optind - 1]);
		ret = resolve_gpu(optarg, gpu, sizeof(gpu));
		if (ret == -ENOENT)
			return usage_error("list", "no mvgpu GPU named '%s'", optarg);
		if (ret)
			return fail("list", "cannot list GPUs: %s", strerror(-ret));
	}
	if (optind < argc)
		return usage_error("list", "unexpected argument '%s'", argv[optind]);

	ret = list_vgpus(&vgpus);
	if (ret)
		return fail("list", "cannot list vGPUs: %s", strerror(-ret));
	if (json_output) {
		array = json_object_new_array();
	} else {
		printf("%-36s  %-8s %-9s", "UUID", "GPU", "TYPE");
		for (a = 0; a < NR_VGPU_ATTRS; a++)
			print_upper(vgpu_attrs[a]);
		printf("\n");
	}
	for (i = 0; i < vgpus.count; i++) {
		/* A vGPU may vanish while we look: skip it. */
		if (read_vgpu(vgpus.names[i], &v))
			continue;
		if (*gpu && strcmp(gpu, v.gpu))
			continue;
		print_vgpu(vgpus.names[i], &v, array);
	}
	name_list_free(&vgpus);
	if (array)
		print_json(array);
	return MVGPUCTL_EXIT_OK;
}

static int type_available(const char *gpu, const char *type,
			  unsigned long long *avail)
{
	char path[PATH_MAX];
	int ret;

	ret = sysfs_path(path, sizeof(path), MDEV_BUS_CLASS
			 "/%s/mdev_supported_types/%s/available_instances",
			 gpu, type);
	return ret ? ret : sysfs_read_u64(path, avail);
}

static int write_create(const char *gpu, const char *type, const char *uuid)
{
	char path[PATH_MAX];
	int ret;

	ret = sysfs_path(path, sizeof(path), MDEV_BUS_CLASS
			 "/%s/mdev_supported_types/%s/create", gpu, type);
	return ret ? ret : sysfs_write_str(path, uuid);
}

static int create_failed(const char *gpu, const char *type, const char *uuid,
			 int err)
{
	switch (err) {
	case ENOSPC:
		return fail("create", "no room for another %s on %s (ENOSPC)",
			    type, gpu);
	case EEXIST:
		return fail("create", "a vGPU with UUID %s already exists (EEXIST)",
			    uuid);
	case EINVAL:
		return fail("create", "%s rejected UUID %s for %s (EINVAL)",
			    gpu, uuid, type);
	default:
		return fail("create", "cannot create a %s on %s: %s (%s)",
			    type, gpu, strerror(err), errno_name(err));
	}
}

/*
 * Without --gpu, try the GPUs in order, skipping those whose
 * available_instances says they are full; a GPU that fills up between the
 * check and the write answers ENOSPC and the next one is tried.
 */
static int create_anywhere(const char *type_arg, const char *uuid,
			   char *gpu, size_t gpu_len, char *type, size_t type_len)
{
	unsigned long long avail;
	struct name_list gpus;
	bool known = false;
	int i, ret;

	ret = list_gpus(&gpus);
	if (ret)
		return fail("create", "cannot list GPUs: %s", strerror(-ret));
	if (!gpus.count) {
		name_list_free(&gpus);
		return fail("create",
			    "no mvgpu GPU under %s/%s (is the mvgpu module loaded?)",
			    sysfs_root(), MDEV_BUS_CLASS);
	}
	ret = -ENOSPC;
	for (i = 0; i < gpus.count && ret == -ENOSPC; i++) {
		if (resolve_type(gpus.names[i], type_arg, type, type_len))
			continue;
		known = true;
		snprintf(gpu, gpu_len, "%s", gpus.names[i]);
		if (type_available(gpu, type, &avail) || !avail)
			continue;
		ret = write_create(gpu, type, uuid);
	}
	name_list_free(&gpus);
	if (!known)
		return usage_error("create", "no vGPU type '%s' (see 'mvgpuctl types')",
				   type_arg);
	if (ret == -ENOSPC)
		return fail("create", "no room for another %s on any GPU (ENOSPC)",
			    type);
	if (ret)
		return create_failed(gpu, type, uuid, -ret);
	return MVGPUCTL_EXIT_OK;
}

int cmd_create(int argc, char **argv)
{
	static const struct option options[] = {
		{ "type",	required_argument,	NULL, 't' },
		{ "gpu",	required_argument,	NULL, 'g' },
		{ "uuid",	required_argument,	NULL, 'u' },
		{ }
	};
	const char *type_arg = NULL, *gpu_arg = NULL, *uuid_arg = NULL;
	char gpu[NAME_MAX + 1], type[NAME_MAX + 1], uuid[UUID_STR_LEN];
	uuid_t bin;
	int opt, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "t:g:u:", options, NULL)) != -1) {
		switch (opt) {
		case 't':
			type_arg = optarg;
			break;
		case 'g':
			gpu_arg = optarg;
			break;
		case 'u':
			uuid_arg = optarg;
			break;
		default:
			return usage_error("create", "unknown option or missing value '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("create", "unexpected argument '%s'", argv[optind]);
	if (!type_arg)
		return usage_error("create", "--type is required");

	if (uuid_arg) {
		if (uuid_parse(uuid_arg, bin))
			return usage_error("create", "'%s' is not a valid UUID",
					   uuid_arg);
	} else {
		uuid_generate_random(bin);
	}
	uuid_unparse_lower(bin, uuid);

	if (!gpu_arg) {
		ret = create_anywhere(type_arg, uuid, gpu, sizeof(gpu), type,
				      sizeof(type));
		if (ret)
			return ret;
	} else {
		ret = resolve_gpu(gpu_arg, gpu, sizeof(gpu));
		if (ret == -ENOENT)
			return usage_error("create", "no mvgpu GPU named '%s'", gpu_arg);
		if (ret)
			return fail("create", "cannot list GPUs: %s", strerror(-ret));
		ret = resolve_type(gpu, type_arg, type, sizeof(type));
		if (ret == -ENOENT)
			return usage_error("create",
					   "%s has no vGPU type '%s' (see 'mvgpuctl types')",
					   gpu, type_arg);
		if (ret)
			return fail("create", "cannot list the types of %s: %s",
				    gpu, strerror(-ret));
		ret = write_create(gpu, type, uuid);
		if (ret)
			return create_failed(gpu, type, uuid, -ret);
	}

	if (json_output) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "uuid", json_object_new_string(uuid));
		json_object_object_add(o, "gpu", json_object_new_string(gpu));
		json_object_object_add(o, "type", json_object_new_string(type));
		print_json(o);
	} else {
		printf("%s\n", uuid);
	}
	return MVGPUCTL_EXIT_OK;
}

int cmd_destroy(int argc, char **argv)
{
	char path[PATH_MAX], uuid[UUID_STR_LEN];
	uuid_t bin;
	int ret;

	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	if (argc != 2)
		return usage_error("destroy", "expected exactly one UUID");
	if (argv[1][0] == '-')
		return usage_error("destroy", "unknown option '%s'", argv[1]);
	if (uuid_parse(argv[1], bin))
		return usage_error("destroy", "'%s' is not a valid UUID", argv[1]);
	uuid_unparse_lower(bin, uuid);

	ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s", uuid);
	if (!ret && access(path, F_OK))
		return fail("destroy", "no vGPU with UUID %s", uuid);
	if (!ret)
		ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/remove", uuid);
	if (!ret)
		ret = sysfs_write_str(path, "1");
	if (ret == -ENOENT || ret == -ENODEV)
		return fail("destroy", "no vGPU with UUID %s", uuid);
	if (ret)
		return fail("destroy", "cannot destroy %s: %s (%s)", uuid,
			    strerror(-ret), errno_name(-ret));
	if (json_output) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "uuid", json_object_new_string(uuid));
		json_object_object_add(o, "destroyed", json_object_new_boolean(1));
		print_json(o);
	}
	return MVGPUCTL_EXIT_OK;
}
