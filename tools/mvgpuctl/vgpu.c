// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpuctl list, create, destroy, info, set: the vGPUs themselves.
 *
 * A vGPU is an mdev device, /sys/bus/mdev/devices/UUID, a link to the
 * device under its parent GPU.  It is created by writing its UUID to the
 * create attribute of a type and destroyed by writing 1 to its remove
 * attribute.  The mvgpu/ group under it describes what it owns and counts
 * what it did; which files it holds is read from sysfs, never assumed.
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
#include <sys/stat.h>

#include <json-c/json.h>
#include <uuid/uuid.h>

#include "mvgpuctl.h"

/*
 * The configuration attributes of the mvgpu/ group, which list shows, in
 * display order.  Every other attribute is a counter (stats, top).
 */
static const char *const config_attrs[] = {
	"vgpu_id", "slices", "vram_base", "vram_size", "gtt_base", "gtt_count",
	"weight", "cap",
};

#define NR_LIST_ATTRS	ARRAY_SIZE(config_attrs)

bool is_config_attr(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(config_attrs); i++)
		if (!strcmp(name, config_attrs[i]))
			return true;
	return false;
}

/* A UUID in any case into uuid, lower case; or the usage exit code. */
int parse_uuid(const char *cmd, const char *arg, char *uuid)
{
	uuid_t bin;

	if (uuid_parse(arg, bin))
		return usage_error(cmd, "'%s' is not a valid UUID", arg);
	uuid_unparse_lower(bin, uuid);
	return 0;
}

/*
 * The vGPU's GPU, type and (with_attrs) mvgpu/ group.  -ENOENT when there
 * is no such mdev device, -ENODEV when it is another driver's.
 */
int read_vgpu(const char *uuid, struct vgpu *v, bool with_attrs)
{
	char path[PATH_MAX], real[PATH_MAX];
	int ret;

	memset(v, 0, sizeof(*v));
	snprintf(v->uuid, sizeof(v->uuid), "%s", uuid);
	ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s", uuid);
	if (ret)
		return ret;
	if (!realpath(path, real))
		return -errno;
	snprintf(v->gpu, sizeof(v->gpu), "%s", basename(dirname(real)));
	ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/mdev_type", uuid);
	if (!ret)
		ret = read_link_name(path, v->type, sizeof(v->type));
	if (ret)
		return ret;
	if (strncmp(v->type, MVGPU_TYPE_PREFIX, strlen(MVGPU_TYPE_PREFIX)))
		return -ENODEV;
	if (!with_attrs)
		return 0;
	ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/" MVGPU_GROUP,
			 uuid);
	if (!ret)
		ret = read_attrs(path, &v->attrs);
	/* A vGPU without the group (another driver version) has no attributes. */
	return ret == -ENOENT ? 0 : ret;
}

void vgpu_free(struct vgpu *v)
{
	attr_set_free(&v->attrs);
}

static int vgpu_error(const char *cmd, const char *uuid, int ret)
{
	if (ret == -ENOENT)
		return fail(cmd, "no vGPU with UUID %s", uuid);
	if (ret == -ENODEV)
		return fail(cmd, "%s is not an mvgpu vGPU", uuid);
	return fail(cmd, "cannot read vGPU %s: %s", uuid, strerror(-ret));
}

static void print_vgpu(const struct vgpu *v, struct json_object *array)
{
	const struct attr *a;
	size_t i;

	if (array) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "uuid", json_object_new_string(v->uuid));
		json_object_object_add(o, "gpu", json_object_new_string(v->gpu));
		json_object_object_add(o, "type", json_object_new_string(v->type));
		for (i = 0; i < ARRAY_SIZE(config_attrs); i++) {
			a = attr_find(&v->attrs, config_attrs[i]);
			if (a && a->numeric)
				json_object_object_add(o, a->name,
						       json_object_new_uint64(a->num));
		}
		json_object_array_add(array, o);
		return;
	}
	printf("%-36s  %-8s %-9s", v->uuid, v->gpu, v->type);
	for (i = 0; i < NR_LIST_ATTRS; i++) {
		a = attr_find(&v->attrs, config_attrs[i]);
		if (!a || !a->numeric)
			printf(" %10s", "-");
		else if (!strncmp(a->name, "vram_", 5))
			printf(" %#10llx", a->num);
		else
			printf(" %10llu", a->num);
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

/* --gpu GPU into gpu, or an exit code. */
static int gpu_option(const char *cmd, const char *arg, char *gpu, size_t len)
{
	int ret = resolve_gpu(arg, gpu, len);

	if (ret == -ENOENT)
		return usage_error(cmd, "no mvgpu GPU named '%s'", arg);
	if (ret)
		return fail(cmd, "cannot list GPUs: %s", strerror(-ret));
	return 0;
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
	struct vgpu v;
	int opt, i, ret;
	size_t a;

	while (!(ret = next_option("list", argc, argv, "g:", options, &opt))) {
		ret = gpu_option("list", optarg, gpu, sizeof(gpu));
		if (ret)
			return ret;
	}
	if (ret > 0)
		return ret;
	if (optind < argc)
		return usage_error("list", "unexpected argument '%s'", argv[optind]);

	ret = list_vgpus(&vgpus);
	if (ret)
		return fail("list", "cannot list vGPUs: %s", strerror(-ret));
	if (json_output) {
		array = json_object_new_array();
	} else {
		printf("%-36s  %-8s %-9s", "UUID", "GPU", "TYPE");
		for (a = 0; a < NR_LIST_ATTRS; a++)
			print_upper(config_attrs[a]);
		printf("\n");
	}
	for (i = 0; i < vgpus.count; i++) {
		/* A vGPU may vanish while we look: skip it. */
		if (!read_vgpu(vgpus.names[i], &v, true) &&
		    (!*gpu || !strcmp(gpu, v.gpu)))
			print_vgpu(&v, array);
		vgpu_free(&v);
	}
	name_list_free(&vgpus);
	if (array)
		print_json(array);
	return MVGPUCTL_EXIT_OK;
}

static int type_path(char *path, const char *gpu, const char *type,
		     const char *attr)
{
	return sysfs_path(path, PATH_MAX, MDEV_BUS_CLASS
			  "/%s/mdev_supported_types/%s/%s", gpu, type, attr);
}

static int write_create(const char *gpu, const char *type, const char *uuid)
{
	char path[PATH_MAX];
	int ret;

	ret = type_path(path, gpu, type, "create");
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

struct create_req {
	const char *type_arg, *gpu_arg;
	char uuid[UUID_STR_LEN];
	char gpu[NAME_MAX + 1], type[NAME_MAX + 1];
};

/*
 * Without --gpu, try the GPUs in order, skipping those whose
 * available_instances says they are full; a GPU that fills up between the
 * check and the write answers ENOSPC and the next one is tried.
 */
static int create_anywhere(struct create_req *r)
{
	unsigned long long avail;
	struct name_list gpus;
	char path[PATH_MAX];
	bool known = false;
	int i, ret;

	ret = list_gpus(&gpus);
	if (ret)
		return fail("create", "cannot list GPUs: %s", strerror(-ret));
	if (!gpus.count)
		return fail("create",
			    "no mvgpu GPU under %s/%s (is the mvgpu module loaded?)",
			    sysfs_root(), MDEV_BUS_CLASS);
	ret = -ENOSPC;
	for (i = 0; i < gpus.count && ret == -ENOSPC; i++) {
		if (resolve_type(gpus.names[i], r->type_arg, r->type,
				 sizeof(r->type)))
			continue;
		known = true;
		snprintf(r->gpu, sizeof(r->gpu), "%s", gpus.names[i]);
		if (type_path(path, r->gpu, r->type, "available_instances") ||
		    sysfs_read_u64(path, &avail) || !avail)
			continue;
		ret = write_create(r->gpu, r->type, r->uuid);
	}
	name_list_free(&gpus);
	if (!known)
		return usage_error("create", "no vGPU type '%s' (see 'mvgpuctl types')",
				   r->type_arg);
	if (ret == -ENOSPC)
		return fail("create", "no room for another %s on any GPU (ENOSPC)",
			    r->type);
	return ret ? create_failed(r->gpu, r->type, r->uuid, -ret) : 0;
}

static int create_on_gpu(struct create_req *r)
{
	int ret;

	ret = gpu_option("create", r->gpu_arg, r->gpu, sizeof(r->gpu));
	if (ret)
		return ret;
	ret = resolve_type(r->gpu, r->type_arg, r->type, sizeof(r->type));
	if (ret == -ENOENT)
		return usage_error("create",
				   "%s has no vGPU type '%s' (see 'mvgpuctl types')",
				   r->gpu, r->type_arg);
	if (ret)
		return fail("create", "cannot list the types of %s: %s",
			    r->gpu, strerror(-ret));
	ret = write_create(r->gpu, r->type, r->uuid);
	return ret ? create_failed(r->gpu, r->type, r->uuid, -ret) : 0;
}

static int create_options(int argc, char **argv, struct create_req *r,
			  const char **uuid_arg)
{
	static const struct option options[] = {
		{ "type",	required_argument,	NULL, 't' },
		{ "gpu",	required_argument,	NULL, 'g' },
		{ "uuid",	required_argument,	NULL, 'u' },
		{ }
	};
	int opt, ret;

	while (!(ret = next_option("create", argc, argv, "t:g:u:", options, &opt))) {
		if (opt == 't')
			r->type_arg = optarg;
		else if (opt == 'g')
			r->gpu_arg = optarg;
		else
			*uuid_arg = optarg;
	}
	if (ret > 0)
		return ret;
	if (optind < argc)
		return usage_error("create", "unexpected argument '%s'", argv[optind]);
	if (!r->type_arg)
		return usage_error("create", "--type is required");
	return 0;
}

int cmd_create(int argc, char **argv)
{
	struct create_req r = { };
	const char *uuid_arg = NULL;
	uuid_t bin;
	int ret;

	ret = create_options(argc, argv, &r, &uuid_arg);
	if (ret)
		return ret;
	if (uuid_arg) {
		ret = parse_uuid("create", uuid_arg, r.uuid);
		if (ret)
			return ret;
	} else {
		uuid_generate_random(bin);
		uuid_unparse_lower(bin, r.uuid);
	}
	ret = r.gpu_arg ? create_on_gpu(&r) : create_anywhere(&r);
	if (ret)
		return ret;
	if (json_output) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "uuid", json_object_new_string(r.uuid));
		json_object_object_add(o, "gpu", json_object_new_string(r.gpu));
		json_object_object_add(o, "type", json_object_new_string(r.type));
		print_json(o);
	} else {
		printf("%s\n", r.uuid);
	}
	return MVGPUCTL_EXIT_OK;
}

/* The only argument of destroy, info: one UUID. */
static int one_uuid(const char *cmd, int argc, char **argv, char *uuid)
{
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	if (argc != 2)
		return usage_error(cmd, "expected exactly one UUID");
	if (argv[1][0] == '-')
		return usage_error(cmd, "unknown option '%s'", argv[1]);
	return parse_uuid(cmd, argv[1], uuid);
}

int cmd_destroy(int argc, char **argv)
{
	char path[PATH_MAX], uuid[UUID_STR_LEN];
	int ret;

	ret = one_uuid("destroy", argc, argv, uuid);
	if (ret)
		return ret;
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

/* What sysfs tells about the vGPU beyond its mvgpu/ group. */
struct vgpu_links {
	char type_name[64], description[256];
	char driver[NAME_MAX + 1], iommu_group[NAME_MAX + 1], vfio_dev[NAME_MAX + 1];
};

static void read_links(const struct vgpu *v, struct vgpu_links *l)
{
	char path[PATH_MAX];
	struct name_list devs;

	memset(l, 0, sizeof(*l));
	if (!sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/mdev_type/name", v->uuid))
		sysfs_read_str(path, l->type_name, sizeof(l->type_name));
	if (!sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/mdev_type/description",
			v->uuid))
		sysfs_read_str(path, l->description, sizeof(l->description));
	if (!sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/driver", v->uuid))
		read_link_name(path, l->driver, sizeof(l->driver));
	if (!sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/iommu_group", v->uuid))
		read_link_name(path, l->iommu_group, sizeof(l->iommu_group));
	/* The VFIO character device, /dev/vfio/devices/vfioN (6.1+ cdev). */
	if (!sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/vfio-dev", v->uuid) &&
	    !read_dir_names(path, &devs)) {
		if (devs.count)
			snprintf(l->vfio_dev, sizeof(l->vfio_dev), "%s", devs.names[0]);
		name_list_free(&devs);
	}
}

static void add_str(struct json_object *o, const char *key, const char *val)
{
	if (*val)
		json_object_object_add(o, key, json_object_new_string(val));
}

static void info_json(const struct vgpu *v, const struct vgpu_links *l,
		      const struct type_desc *d)
{
	struct json_object *o = json_object_new_object();
	struct json_object *params = json_object_new_object();
	struct json_object *attrs = json_object_new_object();
	struct json_object *errors = json_object_new_object();
	struct json_object *writable = json_object_new_array();
	unsigned long long n;
	int i;

	add_str(o, "uuid", v->uuid);
	add_str(o, "gpu", v->gpu);
	add_str(o, "type", v->type);
	add_str(o, "type_name", l->type_name);
	add_str(o, "description", l->description);
	add_str(o, "driver", l->driver);
	add_str(o, "iommu_group", l->iommu_group);
	add_str(o, "vfio_device", l->vfio_dev);
	if (d->denominator)
		json_object_object_add(params, "denominator",
				       json_object_new_int(d->denominator));
	for (i = 0; i < d->nr_params; i++)
		json_object_object_add(params, d->params[i].key,
				       sysfs_parse_u64(d->params[i].value, &n) ?
				       json_object_new_string(d->params[i].value) :
				       json_object_new_uint64(n));
	json_object_object_add(o, "type_params", params);
	for (i = 0; i < v->attrs.count; i++) {
		attr_add_json(attrs, errors, &v->attrs.attrs[i]);
		if (v->attrs.attrs[i].writable)
			json_object_array_add(writable,
					      json_object_new_string(v->attrs.attrs[i].name));
	}
	json_object_object_add(o, "attributes", attrs);
	json_object_object_add(o, "errors", errors);
	json_object_object_add(o, "writable", writable);
	print_json(o);
}

static void info_text(const struct vgpu *v, const struct vgpu_links *l,
		      const struct type_desc *d)
{
	const struct attr *a;
	int i;

	printf("UUID:         %s\nGPU:          %s\n", v->uuid, v->gpu);
	printf("Type:         %s (%s)\n", v->type, *l->type_name ? l->type_name : "-");
	printf("Description:  %s\n", *l->description ? l->description : "-");
	printf("Driver:       %s\n", *l->driver ? l->driver : "none (not bound)");
	if (*l->iommu_group)
		printf("IOMMU group:  %s (/dev/vfio/%s)\n", l->iommu_group,
		       l->iommu_group);
	if (*l->vfio_dev)
		printf("VFIO device:  /dev/vfio/devices/%s\n", l->vfio_dev);
	printf("Type parameters:\n");
	if (d->denominator)
		printf("  %-22s 1/%u\n", "share of the GPU", d->denominator);
	for (i = 0; i < d->nr_params; i++)
		printf("  %-22s %s\n", d->params[i].key, d->params[i].value);
	printf("Attributes (%s/):\n", MVGPU_GROUP);
	if (!v->attrs.count)
		printf("  none\n");
	for (i = 0; i < v->attrs.count; i++) {
		a = &v->attrs.attrs[i];
		printf("  %-22s %s%s\n", a->name,
		       a->err ? error_text(a->err) : a->value,
		       a->writable ? "  (writable)" : "");
	}
}

int cmd_info(int argc, char **argv)
{
	char uuid[UUID_STR_LEN];
	struct vgpu_links l;
	struct type_desc d;
	struct vgpu v;
	int ret;

	ret = one_uuid("info", argc, argv, uuid);
	if (ret)
		return ret;
	ret = read_vgpu(uuid, &v, true);
	if (ret) {
		vgpu_free(&v);
		return vgpu_error("info", uuid, ret);
	}
	read_links(&v, &l);
	parse_type_desc(l.description, &d);
	if (json_output)
		info_json(&v, &l, &d);
	else
		info_text(&v, &l, &d);
	vgpu_free(&v);
	return MVGPUCTL_EXIT_OK;
}

/* NAME=VALUE: a name of the group, a decimal number; or the usage exit code. */
static int parse_setting(const char *arg, char *name, size_t len,
			 unsigned long long *val)
{
	const char *eq = strchr(arg, '=');
	size_t i, n = eq ? (size_t)(eq - arg) : 0;

	if (!n || n >= len)
		return usage_error("set", "'%s' is not NAME=VALUE", arg);
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)arg[i]) && !isdigit((unsigned char)arg[i]) &&
		    arg[i] != '_')
			return usage_error("set", "'%.*s' is not an attribute name",
					   (int)n, arg);
	snprintf(name, len, "%.*s", (int)n, arg);
	if (!parse_uint(eq + 1, ~0U, val))
		return usage_error("set", "%s: '%s' is not a number", name, eq + 1);
	return 0;
}

static int set_failed(const char *uuid, const char *name,
		      unsigned long long val, int err)
{
	switch (err) {
	case ENOENT:
	case ENODEV:
		return fail("set", "no vGPU with UUID %s", uuid);
	case EACCES:
	case EPERM:
		return fail("set", "%s: permission denied (%s; run as root)", name,
			    errno_name(err));
	case EINVAL:
	case ERANGE:
		return fail("set", "%s: the driver rejected %llu (%s: out of range?)",
			    name, val, errno_name(err));
	default:
		return fail("set", "%s: cannot write %llu: %s (%s)", name, val,
			    strerror(err), errno_name(err));
	}
}

/* Write one attribute; its new value into buf. */
static int set_one(const char *uuid, const char *name, unsigned long long val,
		   char *buf, size_t len)
{
	char path[PATH_MAX], num[24];
	struct stat st;
	int ret;

	ret = sysfs_path(path, sizeof(path), MDEV_DEVICES "/%s/" MVGPU_GROUP "/%s",
			 uuid, name);
	if (ret)
		return fail("set", "%s: %s", name, strerror(-ret));
	if (stat(path, &st))
		return fail("set", "%s: not supported by this driver (no %s/%s)",
			    name, MVGPU_GROUP, name);
	if (!(st.st_mode & 0222))
		return fail("set", "%s: read-only in this driver version (not supported)",
			    name);
	snprintf(num, sizeof(num), "%llu", val);
	ret = sysfs_write_str(path, num);
	if (ret)
		return set_failed(uuid, name, val, -ret);
	if (sysfs_read_str(path, buf, len))
		snprintf(buf, len, "%s", num);
	return 0;
}

int cmd_set(int argc, char **argv)
{
	char uuid[UUID_STR_LEN], name[NAME_MAX + 1], value[128];
	struct json_object *o = NULL;
	unsigned long long val, n;
	struct vgpu v;
	int i, ret;

	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	if (argc < 3)
		return usage_error("set", "expected a UUID and NAME=VALUE");
	if (argv[1][0] == '-')
		return usage_error("set", "unknown option '%s'", argv[1]);
	ret = parse_uuid("set", argv[1], uuid);
	for (i = 2; i < argc && !ret; i++)
		ret = parse_setting(argv[i], name, sizeof(name), &val);
	if (ret)
		return ret;
	ret = read_vgpu(uuid, &v, false);
	if (ret)
		return vgpu_error("set", uuid, ret);
	if (json_output) {
		o = json_object_new_object();
		json_object_object_add(o, "uuid", json_object_new_string(uuid));
	}
	for (i = 2; i < argc && !ret; i++) {
		parse_setting(argv[i], name, sizeof(name), &val);
		ret = set_one(uuid, name, val, value, sizeof(value));
		if (ret)
			break;
		if (!o)
			printf("%s=%s\n", name, value);
		else if (sysfs_parse_u64(value, &n))
			json_object_object_add(o, name, json_object_new_string(value));
		else
			json_object_object_add(o, name, json_object_new_uint64(n));
	}
	if (o && !ret)
		print_json(o);
	else if (o)
		json_object_put(o);
	return ret;
}
