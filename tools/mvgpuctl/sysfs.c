// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs access for mvgpuctl.
 *
 * Every path is built under a root directory, /sys unless the environment
 * variable MVGPU_SYSFS_ROOT names another one, so that the tool can be tested
 * against a fake tree.  Functions return 0 or a negative errno.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "mvgpuctl.h"

static const char *root = "/sys";

void sysfs_init(void)
{
	const char *env = getenv("MVGPU_SYSFS_ROOT");

	if (env && *env)
		root = env;
}

const char *sysfs_root(void)
{
	return root;
}

int sysfs_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s/", root);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - n)
		return -ENAMETOOLONG;
	return 0;
}

void name_list_free(struct name_list *list)
{
	int i;

	for (i = 0; i < list->count; i++)
		free(list->names[i]);
	free(list->names);
	list->names = NULL;
	list->count = 0;
}

static int name_list_add(struct name_list *list, const char *name)
{
	char **names;

	names = realloc(list->names, (list->count + 1) * sizeof(*names));
	if (!names)
		return -ENOMEM;
	list->names = names;
	names[list->count] = strdup(name);
	if (!names[list->count])
		return -ENOMEM;
	list->count++;
	return 0;
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/*
 * List the entries of the directory dir (a full path), in version order
 * (mvgpu2 before mvgpu10), keeping those keep() accepts.
 */
static int scan_dir(const char *dir, bool (*keep)(const char *dir, const char *name),
		    struct name_list *out)
{
	struct dirent **ents;
	int i, n, ret = 0;

	out->names = NULL;
	out->count = 0;
	n = scandir(dir, &ents, not_dot, versionsort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		if (!ret && (!keep || keep(dir, ents[i]->d_name)))
			ret = name_list_add(out, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	if (ret)
		name_list_free(out);
	return ret;
}

int read_dir_names(const char *dir, struct name_list *out)
{
	return scan_dir(dir, NULL, out);
}

/* The same under the root; a missing directory is an empty list. */
static int list_dir(const char *rel, bool (*keep)(const char *dir, const char *name),
		    struct name_list *out)
{
	char dir[PATH_MAX];
	int ret;

	out->names = NULL;
	out->count = 0;
	ret = sysfs_path(dir, sizeof(dir), "%s", rel);
	if (ret)
		return ret;
	ret = scan_dir(dir, keep, out);
	return ret == -ENOENT ? 0 : ret;
}

static bool is_mvgpu_type(const char *dir, const char *name)
{
	(void)dir;
	return !strncmp(name, MVGPU_TYPE_PREFIX, strlen(MVGPU_TYPE_PREFIX));
}

/* An mdev parent is an mvgpu GPU when it offers mvgpu types. */
static bool is_mvgpu_parent(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *types;

	if (snprintf(path, sizeof(path), "%s/%s/mdev_supported_types",
		     dir, name) >= (int)sizeof(path))
		return false;
	types = opendir(path);
	if (!types)
		return false;
	while (!found && (d = readdir(types)))
		found = is_mvgpu_type(path, d->d_name);
	closedir(types);
	return found;
}

/* An mdev device is an mvgpu vGPU when its type is an mvgpu type. */
static bool is_mvgpu_vgpu(const char *dir, const char *name)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	if (snprintf(path, sizeof(path), "%s/%s/mdev_type", dir, name) >=
	    (int)sizeof(path))
		return false;
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return is_mvgpu_type(NULL, basename(target));
}

/* The last component of the target of the link at path. */
int read_link_name(const char *path, char *name, size_t len)
{
	char target[PATH_MAX];
	ssize_t n;

	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if ((size_t)snprintf(name, len, "%s", basename(target)) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int list_gpus(struct name_list *out)
{
	return list_dir(MDEV_BUS_CLASS, is_mvgpu_parent, out);
}

int list_types(const char *gpu, struct name_list *out)
{
	char rel[PATH_MAX];

	if (snprintf(rel, sizeof(rel), MDEV_BUS_CLASS "/%s/mdev_supported_types",
		     gpu) >= (int)sizeof(rel))
		return -ENAMETOOLONG;
	return list_dir(rel, is_mvgpu_type, out);
}

int list_vgpus(struct name_list *out)
{
	return list_dir(MDEV_DEVICES, is_mvgpu_vgpu, out);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/*
 * The GPU's own device below MDEV_BUS_CLASS: the parent itself ("mvgpu0"),
 * or, when the parent is the PCI function the GPU lives on, its child
 * mvgpuN ("0000:00:10.0/mvgpu0"), which holds the GPU's own groups.
 */
void gpu_device(const char *gpu, char *dev, size_t len)
{
	char path[PATH_MAX];
	struct name_list kids;
	int i;

	snprintf(dev, len, "%s", gpu);
	if (!strncmp(gpu, "mvgpu", 5) ||
	    sysfs_path(path, sizeof(path), MDEV_BUS_CLASS "/%s", gpu) ||
	    read_dir_names(path, &kids))
		return;
	for (i = 0; i < kids.count; i++) {
		if (!strncmp(kids.names[i], "mvgpu", 5) &&
		    all_digits(kids.names[i] + 5)) {
			snprintf(dev, len, "%s/%s", gpu, kids.names[i]);
			break;
		}
	}
	name_list_free(&kids);
}

/* "mvgpu1" or "1" names the GPU mvgpu1, on the mvgpu bus or a PCI function. */
int resolve_gpu(const char *arg, char *gpu, size_t len)
{
	char dev[PATH_MAX];
	struct name_list gpus;
	int i, ret;

	ret = list_gpus(&gpus);
	if (ret)
		return ret;
	ret = -ENOENT;
	for (i = 0; i < gpus.count; i++) {
		const char *name = gpus.names[i];
		const char *own;

		gpu_device(name, dev, sizeof(dev));
		own = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
		if (!strcmp(arg, name) || !strcmp(arg, own) ||
		    (all_digits(arg) && !strncmp(own, "mvgpu", 5) &&
		     !strcmp(own + 5, arg))) {
			snprintf(gpu, len, "%s", name);
			ret = 0;
			break;
		}
	}
	name_list_free(&gpus);
	return ret;
}

/*
 * A type is named by its directory ("mvgpu-4"), by the contents of its name
 * attribute in any case ("MVGPU-4"), or by its slice divisor alone ("4").
 */
int resolve_type(const char *gpu, const char *arg, char *type, size_t len)
{
	char path[PATH_MAX], name[128];
	struct name_list types;
	int i, ret;

	ret = list_types(gpu, &types);
	if (ret)
		return ret;
	ret = -ENOENT;
	for (i = 0; i < types.count && ret; i++) {
		const char *dir = types.names[i];
		bool match = !strcasecmp(arg, dir);

		if (!match && all_digits(arg))
			match = !strcmp(dir + strlen(MVGPU_TYPE_PREFIX), arg);
		if (!match &&
		    !sysfs_path(path, sizeof(path), MDEV_BUS_CLASS
				"/%s/mdev_supported_types/%s/name", gpu, dir) &&
		    !sysfs_read_str(path, name, sizeof(name)))
			match = !strcasecmp(arg, name);
		if (match) {
			snprintf(type, len, "%s", dir);
			ret = 0;
		}
	}
	name_list_free(&types);
	return ret;
}

static int attr_add(struct attr_set *set, const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct attr *a;
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return 0;
	/* Only files someone may read: not create, remove, or directories. */
	if (stat(path, &st) || !S_ISREG(st.st_mode) || !(st.st_mode & 0444))
		return 0;
	a = realloc(set->attrs, (set->count + 1) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	set->attrs = a;
	a += set->count++;
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->writable = st.st_mode & 0222;
	a->err = -sysfs_read_str(path, a->value, sizeof(a->value));
	a->numeric = !a->err && !sysfs_parse_u64(a->value, &a->num);
	return 0;
}

/*
 * Read every readable file of the directory dir (a full path), in name
 * order.  A file that cannot be read is kept, with its errno: root-only
 * counters are reported as such, the others still shown.
 */
int read_attrs(const char *dir, struct attr_set *set)
{
	struct dirent **ents;
	int i, n, ret = 0;

	set->attrs = NULL;
	set->count = 0;
	n = scandir(dir, &ents, not_dot, versionsort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		if (!ret)
			ret = attr_add(set, dir, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	if (ret)
		attr_set_free(set);
	return ret;
}

void attr_set_free(struct attr_set *set)
{
	free(set->attrs);
	set->attrs = NULL;
	set->count = 0;
}

const struct attr *attr_find(const struct attr_set *set, const char *name)
{
	int i;

	for (i = 0; i < set->count; i++)
		if (!strcmp(set->attrs[i].name, name))
			return &set->attrs[i];
	return NULL;
}

/* name: value into obj (a number when numeric), or name: why into errors. */
void attr_add_json(struct json_object *obj, struct json_object *errors,
		   const struct attr *a)
{
	if (a->err)
		json_object_object_add(errors, a->name,
				       json_object_new_string(error_text(a->err)));
	else if (a->numeric)
		json_object_object_add(obj, a->name, json_object_new_uint64(a->num));
	else
		json_object_object_add(obj, a->name,
				       json_object_new_string(a->value));
}

/* strerror() in lower case: "permission denied". */
const char *error_text(int err)
{
	static char buf[128];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", strerror(err));
	for (i = 0; buf[i]; i++)
		buf[i] = tolower((unsigned char)buf[i]);
	return buf;
}

const char *errno_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "unknown error";
}
